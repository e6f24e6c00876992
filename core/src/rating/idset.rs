//! Record id sets for duplicate detection (重复记录识别), and the fast hash they use.
//!
//! Each rated record claims its id; a later record with an id already claimed is a
//! duplicate. Two sets, one per id namespace:
//!
//! - [`StrIdSet`] for the text ids of [`super::UsageRecord`]: a hash set of boxed strings,
//!   about `len + 40` bytes per id (the string on the heap plus the table slot).
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

/// The text ids claimed so far.
pub(crate) struct StrIdSet {
    set: HashSet<Box<str>, FastState>,
}

impl StrIdSet {
    pub(crate) fn new() -> Self {
        StrIdSet { set: HashSet::with_hasher(FastState::new()) }
    }

    /// Whether `id` is already claimed.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    /// Claim `id`; `false` if it was already claimed.
    pub(crate) fn insert(&mut self, id: &str) -> bool {
        if self.set.contains(id) {
            return false;
        }
        self.set.insert(Box::from(id))
    }
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
        match &self.mode {
            Mode::Sparse(set) => set.contains(&id),
            Mode::Dense { index, pages, .. } => {
                let bit = (id & ((1 << PAGE_SHIFT) - 1)) as usize;
                index.get(&(id >> PAGE_SHIFT)).and_then(|&i| pages.get(i as usize)).is_some_and(|p| p[bit >> 6] & (1 << (bit & 63)) != 0)
            }
        }
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
        assert!(s.insert("r1") && !s.insert("r1") && s.contains("r1") && !s.contains("r2"));
        assert!(s.insert("a much longer record id than eight bytes"));
    }
}
