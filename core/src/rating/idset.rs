//! Record id sets for duplicate detection (重复记录识别), and the fast hash they use.
//!
//! Each rated record claims its id; a later record with an id already claimed is a
//! duplicate. Two sets, one per id namespace:
//!
//! - [`StrIdSet`] for the text ids of [`super::UsageRecord`]: open addressing over an arena
//!   of the id bytes, about `len + 40` bytes per id and no allocation per id.
//! - [`U64IdSet`] for the `u64` ids of [`super::RawRecord`]: a **paged bitmap** while the ids
//!   are dense (one bit per id in pages of 65,536 ids, 8 KiB a page: 10 million sequential ids
//!   take 1.2 MiB), switching once and for all to a hash set of `u64` (about 16 to 32 bytes
//!   per id) when the pages would hold fewer than one id per 128 bits, i.e. when the ids are
//!   sparse. Sequential or clustered ids (the usual log sequence numbers) therefore cost a
//!   bit test each; random 64-bit ids cost a hash-set insert each.
//!
//! The hash is a multiply-and-fold hash in the style of FxHash / foldhash, keyed per set
//! from the standard library's random state, so crafted ids cannot aim at a known key.
//! No output depends on the iteration order of any of these tables.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

const K: u64 = 0xf135_7aea_2e62_a9c5;
const FOLD: u64 = 0x2d35_8dcc_aa6c_78a5;

/// A fast, non-cryptographic hasher: `h = (h ⊕ word) × K` per 8-byte word, then a
/// 128-bit multiply folded to 64 bits so that high and low bits are both mixed.
#[derive(Clone, Copy)]
pub(crate) struct FastHasher {
    h: u64,
}

impl FastHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.h = (self.h.rotate_left(26) ^ w).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        let m = u128::from(self.h) * u128::from(FOLD);
        (m as u64) ^ ((m >> 64) as u64)
    }
}

#[inline(always)]
fn folded_mul(a: u64, b: u64) -> u64 {
    let m = u128::from(a) * u128::from(b);
    (m as u64) ^ ((m >> 64) as u64)
}

/// A fast seeded hash of a byte string (process-local tables only: not stable across
/// versions). Short strings, the usual ids, cost two loads and two 128-bit multiplies and
/// no copy: up to 16 bytes are read as two overlapping words (foldhash's scheme), longer
/// ones 16 bytes at a time.
#[inline(always)]
pub(crate) fn hash_bytes(seed: u64, b: &[u8]) -> u64 {
    const S1: u64 = 0x243f_6a88_85a3_08d3;
    const S2: u64 = 0x1319_8a2e_0370_7344;
    let mut h = seed ^ (b.len() as u64).wrapping_mul(K);
    let mut rest = b;
    while rest.len() > 16 {
        let Some((w, tail)) = rest.split_first_chunk::<16>() else { break };
        let (x, y) = w.split_at(8);
        let x = u64::from_le_bytes(x.try_into().unwrap_or_default());
        let y = u64::from_le_bytes(y.try_into().unwrap_or_default());
        h = folded_mul(x ^ h ^ S1, y ^ S2);
        rest = tail;
    }
    let n = rest.len();
    let (x, y) = if let (Some(f), Some(l)) = (rest.first_chunk::<8>(), rest.last_chunk::<8>()) {
        (u64::from_le_bytes(*f), u64::from_le_bytes(*l))
    } else if let (Some(f), Some(l)) = (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
        (u64::from(u32::from_le_bytes(*f)), u64::from(u32::from_le_bytes(*l)))
    } else if let (Some(&f), Some(&l)) = (rest.first(), rest.last()) {
        (u64::from(f) << 16 | u64::from(rest.get(n / 2).copied().unwrap_or(0)) << 8 | u64::from(l), 0)
    } else {
        (0, 0)
    };
    let h = folded_mul(x ^ h ^ S1, y ^ S2 ^ seed);
    folded_mul(h, FOLD)
}

/// Builds [`FastHasher`]s from a per-table random seed.
#[derive(Clone, Copy)]
pub(crate) struct FastState {
    seed: u64,
}

impl FastState {
    /// A state with a fresh seed.
    pub(crate) fn new() -> Self {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(0x9e37_79b9_7f4a_7c15);
        FastState { seed: h.finish() }
    }
}

impl BuildHasher for FastState {
    type Hasher = FastHasher;
    #[inline]
    fn build_hasher(&self) -> FastHasher {
        FastHasher { h: self.seed }
    }
}

/// A hash map with the fast hash.
pub(crate) type FastMap<K, V> = HashMap<K, V, FastState>;

/// An empty [`FastMap`].
pub(crate) fn fast_map<K, V>() -> FastMap<K, V> {
    HashMap::with_hasher(FastState::new())
}

/// The text ids claimed so far, each with the fingerprint of the record that claimed it
/// (to tell a replay from a conflicting record).
///
/// Open addressing over an arena: the id bytes are appended to one buffer (no allocation
/// per id), each entry is `(offset, length, fingerprint)` (24 bytes) and each slot of the
/// table a `u64` holding a 32-bit tag of the hash and the entry number. The slot of a tag
/// is `tag × size / 2^32` (its top bits), so the table doubles without reading an entry,
/// and a probe compares bytes only when the tags agree. The table is kept at most half
/// full. Memory: the id's bytes plus about 40 bytes per id (56 just after the table
/// doubles).
pub(crate) struct StrIdSet {
    state: FastState,
    slots: Vec<u64>,
    entries: Vec<IdEntry>,
    bytes: Vec<u8>,
}

struct IdEntry {
    offset: u64,
    len: u32,
    fingerprint: u64,
}

/// The result of looking an id up: claimed (with its fingerprint), or where it would go.
pub(crate) enum Lookup {
    Claimed(u64),
    Vacant { slot: usize, tag: u32 },
}

impl StrIdSet {
    pub(crate) fn new() -> Self {
        StrIdSet { state: FastState::new(), slots: Vec::new(), entries: Vec::new(), bytes: Vec::new() }
    }

    /// Ids claimed.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The 32-bit tag of an id: [`hash_bytes`] with this set's seed (process-local, never
    /// stored outside the set).
    #[inline]
    pub(crate) fn tag(&self, id: &str) -> u32 {
        hash_bytes(self.state.seed, id.as_bytes()) as u32
    }

    #[inline]
    fn home(tag: u32, size: usize) -> usize {
        ((u64::from(tag) * size as u64) >> 32) as usize
    }

    #[inline]
    fn text(&self, e: &IdEntry) -> &[u8] {
        self.bytes.get(e.offset as usize..e.offset as usize + e.len as usize).unwrap_or_default()
    }

    /// Look `id` up; the table has room for one more id afterwards (it may grow first).
    #[inline]
    pub(crate) fn lookup(&mut self, id: &str) -> Lookup {
        let tag = self.tag(id);
        self.lookup_tagged(id, tag)
    }

    /// [`StrIdSet::lookup`] with the id's tag computed by the caller ([`StrIdSet::tag`] of
    /// this set: any other value could miss a claimed id).
    #[inline]
    pub(crate) fn lookup_tagged(&mut self, id: &str, tag: u32) -> Lookup {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let size = self.slots.len();
        let mut i = Self::home(tag, size);
        loop {
            let Some(&slot) = self.slots.get(i) else { return Lookup::Vacant { slot: i, tag } };
            if slot == 0 {
                return Lookup::Vacant { slot: i, tag };
            }
            if (slot >> 32) as u32 == tag {
                let n = (slot & 0xffff_ffff) as usize - 1;
                if let Some(e) = self.entries.get(n).filter(|e| self.text(e) == id.as_bytes()) {
                    return Lookup::Claimed(e.fingerprint);
                }
            }
            i += 1;
            if i == size {
                i = 0;
            }
        }
    }

    /// The address of the slot where the lookup of an id of this tag starts, for a caller's prefetch
    /// (never dereferenced here; stale, and harmless, once the table grows).
    #[inline]
    pub(crate) fn home_addr(&self, tag: u32) -> *const u8 {
        self.slots.as_ptr().wrapping_add(Self::home(tag, self.slots.len())).cast()
    }

    /// Make room for `ids` more ids of `bytes` bytes in all (the table sized once, not
    /// doubled and re-placed step by step).
    pub(crate) fn reserve(&mut self, ids: usize, bytes: usize) {
        let want = (self.entries.len() + ids + 1).saturating_mul(2);
        if self.slots.len() < want {
            self.resize(want.checked_next_power_of_two().unwrap_or(want).max(16));
        }
        self.entries.reserve(ids);
        self.bytes.reserve(bytes);
    }

    /// Claim `id` where [`StrIdSet::lookup`] found it vacant (nothing changed in between).
    #[inline]
    pub(crate) fn claim(&mut self, id: &str, slot: usize, tag: u32, fingerprint: u64) {
        let n = self.entries.len();
        self.entries.push(IdEntry { offset: self.bytes.len() as u64, len: id.len() as u32, fingerprint });
        self.bytes.extend_from_slice(id.as_bytes());
        if let Some(s) = self.slots.get_mut(slot) {
            *s = u64::from(tag) << 32 | (n as u64 + 1);
        }
    }

    /// The fingerprint of the record that claimed `id`, if it is claimed.
    pub(crate) fn get(&mut self, id: &str) -> Option<u64> {
        match self.lookup(id) {
            Lookup::Claimed(fp) => Some(fp),
            Lookup::Vacant { .. } => None,
        }
    }

    /// Whether `id` is already claimed.
    #[cfg(test)]
    pub(crate) fn contains(&mut self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Claim `id` for a record with this fingerprint; `false` if it was already claimed.
    pub(crate) fn insert(&mut self, id: &str, fingerprint: u64) -> bool {
        match self.lookup(id) {
            Lookup::Claimed(_) => false,
            Lookup::Vacant { slot, tag } => {
                self.claim(id, slot, tag, fingerprint);
                true
            }
        }
    }

    /// Double the table (at least 16 slots) and place every slot again from its tag alone.
    #[cold]
    fn grow(&mut self) {
        self.resize((self.slots.len() * 2).max(16));
    }

    /// Make the table `size` slots (a power of two, larger than now) and place every slot
    /// again from its tag alone: one pass over the old table, whatever the growth.
    #[cold]
    fn resize(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        for slot in old.into_iter().filter(|&s| s != 0) {
            let mut i = Self::home((slot >> 32) as u32, size);
            while self.slots.get(i).is_some_and(|&s| s != 0) {
                i = if i + 1 == size { 0 } else { i + 1 };
            }
            if let Some(s) = self.slots.get_mut(i) {
                *s = slot;
            }
        }
    }

    /// Every id with its fingerprint.
    fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.entries.iter().map(|e| (std::str::from_utf8(self.text(e)).unwrap_or_default(), e.fingerprint))
    }

    /// Some id claimed in both sets.
    pub(crate) fn common(&mut self, other: &mut StrIdSet) -> Option<String> {
        let (small, large) = if self.len() <= other.len() { (&*self, other) } else { (&*other, self) };
        small.iter().map(|(id, _)| id).find(|id| large.get(id).is_some()).map(str::to_string)
    }

    /// Add every id of `other` (call [`StrIdSet::common`] first: a common id keeps this set's fingerprint).
    pub(crate) fn absorb(&mut self, other: StrIdSet) {
        for (id, fp) in other.iter() {
            self.insert(id, fp);
        }
    }
}

/// A fixed-key hasher for values that must hash alike in every process (fingerprints, partitions).
pub(crate) fn stable_hasher() -> FastHasher {
    FastHasher { h: 0x243f_6a88_85a3_08d3 }
}

const PAGE_SHIFT: u32 = 16;
const WORDS: usize = 1 << (PAGE_SHIFT - 6);
/// Switch to a hash set when the bitmap spends more than this many bits per id.
const MAX_BITS_PER_ID: u64 = 128;
/// ... and has more than this many pages (small sets stay bitmaps).
const MIN_PAGES_TO_SWITCH: usize = 16;

enum Mode {
    Dense { index: FastMap<u64, u32>, pages: Vec<Box<[u64; WORDS]>>, last_page: u64, last_index: u32 },
    Sparse(HashSet<u64, FastState>),
}

/// The `u64` ids claimed so far (see the module documentation for the two modes).
pub(crate) struct U64IdSet {
    mode: Mode,
    len: u64,
}

impl U64IdSet {
    pub(crate) fn new() -> Self {
        U64IdSet { mode: Mode::Dense { index: fast_map(), pages: Vec::new(), last_page: u64::MAX, last_index: 0 }, len: 0 }
    }

    /// Whether the set switched to a hash set (the ids were sparse).
    #[cfg(test)]
    pub(crate) fn is_sparse(&self) -> bool {
        matches!(self.mode, Mode::Sparse(_))
    }

    /// Whether `id` is already claimed.
    #[cfg(test)]
    pub(crate) fn contains(&self, id: u64) -> bool {
        self.has(id)
    }

    /// Claim `id`; `false` if it was already claimed.
    #[inline]
    pub(crate) fn insert(&mut self, id: u64) -> bool {
        let fresh = match &mut self.mode {
            Mode::Sparse(set) => set.insert(id),
            Mode::Dense { index, pages, last_page, last_index } => {
                let page = id >> PAGE_SHIFT;
                if page != *last_page {
                    let n = pages.len() as u32;
                    *last_index = *index.entry(page).or_insert(n);
                    if *last_index == n {
                        pages.push(Box::new([0u64; WORDS]));
                    }
                    *last_page = page;
                }
                let bit = (id & ((1 << PAGE_SHIFT) - 1)) as usize;
                match pages.get_mut(*last_index as usize) {
                    Some(p) => {
                        let w = &mut p[bit >> 6];
                        let mask = 1u64 << (bit & 63);
                        let fresh = *w & mask == 0;
                        *w |= mask;
                        fresh
                    }
                    None => false,
                }
            }
        };
        if fresh {
            self.len += 1;
            self.maybe_switch();
        }
        fresh
    }

    /// Every id in the set (in no particular order).
    pub(crate) fn ids(&self) -> Box<dyn Iterator<Item = u64> + '_> {
        match &self.mode {
            Mode::Sparse(set) => Box::new(set.iter().copied()),
            Mode::Dense { index, pages, .. } => Box::new(index.iter().flat_map(move |(&page, &i)| {
                pages.get(i as usize).into_iter().flat_map(move |p| {
                    p.iter().enumerate().flat_map(move |(w, &word)| {
                        let mut bits = word;
                        std::iter::from_fn(move || {
                            (bits != 0).then(|| {
                                let b = u64::from(bits.trailing_zeros());
                                bits &= bits - 1;
                                (page << PAGE_SHIFT) | ((w as u64) << 6) | b
                            })
                        })
                    })
                })
            })),
        }
    }

    /// Whether the id is in the set.
    pub(crate) fn has(&self, id: u64) -> bool {
        match &self.mode {
            Mode::Sparse(set) => set.contains(&id),
            Mode::Dense { index, pages, .. } => {
                let bit = (id & ((1 << PAGE_SHIFT) - 1)) as usize;
                index.get(&(id >> PAGE_SHIFT)).and_then(|&i| pages.get(i as usize)).is_some_and(|p| p[bit >> 6] & (1 << (bit & 63)) != 0)
            }
        }
    }

    /// Some id in both sets.
    pub(crate) fn common(&self, other: &U64IdSet) -> Option<u64> {
        let (small, large) = if self.len <= other.len { (self, other) } else { (other, self) };
        small.ids().find(|&id| large.has(id))
    }

    /// Add every id of `other`.
    pub(crate) fn absorb(&mut self, other: &U64IdSet) {
        for id in other.ids() {
            self.insert(id);
        }
    }

    fn maybe_switch(&mut self) {
        let Mode::Dense { index, pages, .. } = &self.mode else { return };
        let n = pages.len();
        if n <= MIN_PAGES_TO_SWITCH || (n as u64) << PAGE_SHIFT <= MAX_BITS_PER_ID * self.len {
            return;
        }
        let mut set = HashSet::with_capacity_and_hasher((self.len as usize).saturating_mul(2), FastState::new());
        for (&page, &i) in index {
            if let Some(p) = pages.get(i as usize) {
                for (w, &word) in p.iter().enumerate() {
                    let mut bits = word;
                    while bits != 0 {
                        let b = u64::from(bits.trailing_zeros());
                        set.insert((page << PAGE_SHIFT) | ((w as u64) << 6) | b);
                        bits &= bits - 1;
                    }
                }
            }
        }
        self.mode = Mode::Sparse(set);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_ids_stay_a_bitmap() {
        let mut s = U64IdSet::new();
        for id in 0..300_000u64 {
            assert!(s.insert(id));
        }
        assert!(!s.insert(123_456));
        assert!(s.contains(299_999) && !s.contains(300_000));
        assert!(!s.is_sparse());
    }

    #[test]
    fn sparse_ids_switch_to_a_hash_set_and_keep_every_id() {
        let mut s = U64IdSet::new();
        let ids: Vec<u64> = (0..1000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)).collect();
        for &id in &ids {
            assert!(s.insert(id));
        }
        assert!(s.is_sparse());
        for &id in &ids {
            assert!(s.contains(id));
            assert!(!s.insert(id));
        }
        assert!(!s.contains(1));
        assert!(s.insert(u64::MAX) && !s.insert(u64::MAX));
    }

    #[test]
    fn switch_keeps_ids_set_before_it() {
        let mut s = U64IdSet::new();
        for page in 0..(MIN_PAGES_TO_SWITCH as u64 + 2) {
            assert!(s.insert(page << PAGE_SHIFT | 7));
        }
        assert!(s.is_sparse());
        assert!(!s.insert(7) && !s.insert(3 << PAGE_SHIFT | 7) && s.insert(8));
    }

    #[test]
    fn text_ids() {
        let mut s = StrIdSet::new();
        assert!(s.insert("r1", 1) && !s.insert("r1", 2) && s.contains("r1") && !s.contains("r2"));
        assert_eq!(s.get("r1"), Some(1));
        assert!(s.insert("a much longer record id than eight bytes", 3));
        let mut t = StrIdSet::new();
        assert!(t.insert("r2", 4));
        assert_eq!(s.common(&mut t), None);
        assert!(t.insert("r1", 5));
        assert_eq!(s.common(&mut t).as_deref(), Some("r1"));
        s.absorb(t);
        assert_eq!((s.get("r1"), s.get("r2")), (Some(1), Some(4)));
    }

    /// Ids of every length up to 40 (each branch of `hash_bytes`), and each with one byte
    /// changed at every position, are told apart; each is found again with its fingerprint.
    #[test]
    fn text_ids_of_every_length_differing_in_one_byte() {
        let mut s = StrIdSet::new();
        let mut ids = Vec::new();
        for len in 0..=40usize {
            let base: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            ids.push(base.clone());
            for at in 0..len {
                let mut b = base.clone().into_bytes();
                b[at] = b'Z';
                ids.push(String::from_utf8(b).unwrap());
            }
        }
        for (n, id) in ids.iter().enumerate() {
            assert!(s.insert(id, n as u64), "{id:?} taken before");
        }
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(s.get(id), Some(n as u64));
        }
        assert_eq!(s.get("aZ_absent"), None);
    }

    /// Reserving ahead (once, in one resize) or after ids are claimed keeps every id and
    /// its fingerprint; a table sized ahead is not resized again while it has room.
    #[test]
    fn reserve_resizes_once_and_keeps_every_id() {
        let mut s = StrIdSet::new();
        s.reserve(100_000, 0);
        let size = s.slots.len();
        assert_eq!(size, 1 << 18, "the smallest power of two for 2 × 100,001 slots");
        for i in 0..1000u64 {
            assert!(s.insert(&format!("id{i}"), i));
        }
        s.reserve(300_000, 1 << 20);
        assert!(s.slots.len() > size);
        let size = s.slots.len();
        for i in 0..1000u64 {
            assert_eq!(s.get(&format!("id{i}")), Some(i));
            assert!(!s.insert(&format!("id{i}"), 7));
        }
        for i in 1000..100_000u64 {
            assert!(s.insert(&format!("id{i}"), i));
        }
        assert_eq!(s.slots.len(), size);
        assert_eq!((s.len(), s.get("id99999"), s.get("id100000")), (100_000, Some(99_999), None));
    }

    #[test]
    fn u64_sets_iterate_and_absorb_in_both_modes() {
        let mut dense = U64IdSet::new();
        for id in (0..200_000u64).step_by(3) {
            dense.insert(id);
        }
        let mut sparse = U64IdSet::new();
        for i in 0..1000u64 {
            sparse.insert(i.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        }
        assert!(!dense.is_sparse() && sparse.is_sparse());
        let mut d: Vec<u64> = dense.ids().collect();
        d.sort_unstable();
        assert_eq!(d, (0..200_000u64).step_by(3).collect::<Vec<_>>());
        assert_eq!(dense.common(&sparse), None);
        let mut other = U64IdSet::new();
        other.insert(299_999);
        other.insert(3);
        assert_eq!(dense.common(&other), Some(3));
        dense.absorb(&sparse);
        assert!(dense.contains(1000u64.wrapping_sub(1).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1) && dense.contains(6));
    }
}
