//! Record id sets for duplicate detection (重复记录识别), and the fast hash they use.
//!
//! Each rated record claims its id; a later record with an id already claimed is a
//! duplicate. Two sets, one per id namespace:
//!
//! - [`StrIdSet`] for the text ids of [`super::UsageRecord`]: open addressing over an arena
//!   of the id bytes, about `len + 27` bytes per id and no allocation per id; ids that are
//!   numbers in text (`12345`, `r12345`, `call-12345`: a prefix of at most 7 non-digit bytes
//!   and a decimal number written without leading zeros, below 2^48) go to pages of one bit
//!   and one fingerprint per number instead while the numbers are dense (整数编号).
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

use std::borrow::Cow;
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
/// per id), each entry is `(offset, fingerprint)` (16 bytes; an id's length is where the
/// next id starts) and each slot of the table a `u64` holding a 32-bit tag of the hash and
/// the entry number. The slot of a tag is `tag × size / 2^32` (its top bits; any size, not
/// only powers of two), so the table grows without reading an entry, and a probe compares
/// bytes only when the tags agree. The table is kept at most [`MAX_LOAD`] full (3/4: six ids
/// to a 64-byte line of slots). Memory: the id's bytes plus about 27 bytes per id (16 of
/// entry, 8 / 0.75 of slots; 37 just after the table doubles). A fresh id reads one random
/// slot line; its entry and bytes are appended in order.
///
/// Ids in *integer form* ([`int_form`]) are kept apart, in [`IntIds`] (pages of a bit and a
/// fingerprint per number: sequential call ids cost a bit test and an 8-byte store each,
/// in order, instead of a random slot line), while those pages stay dense; an id's place is
/// a function of the id alone and of which pages exist, so an id is never in both parts.
/// The tag of an id in integer form is [`INT_TAG`] with its prefix key and number (so a
/// lookup parses nothing again); of any other id, its 32-bit hash.
pub(crate) struct StrIdSet {
    state: FastState,
    slots: Vec<u64>,
    entries: Vec<IdEntry>,
    bytes: Vec<u8>,
    ints: IntIds,
    /// Ids and bytes reserved ([`StrIdSet::reserve`]) while no id is hashed: applied when the
    /// first one is, so ids in integer form alone never allocate nor zero the table.
    pending: (usize, usize),
}

/// The tag bit of an id in integer form: the tag's low 64 bits are its number, the high
/// 64 its prefix key ([`int_form`]; a key's top bit is never set: it holds the prefix's
/// length, at most 7).
pub(crate) const INT_TAG: u128 = 1 << 127;
/// Numbers of ids in integer form are below this.
const INT_LIMIT: u64 = 1 << 48;
/// The longest prefix of an id in integer form, in bytes.
const INT_PREFIX: usize = 7;
/// Numbers per page of [`IntIds`] (a page: 8 KiB of bits, 512 KiB of fingerprints, the
/// latter untouched, so not resident, until a number in its range is claimed).
const INT_PAGE_SHIFT: u32 = 16;
/// New pages stop (for good) once the pages hold more than this many numbers per id ...
const INT_MAX_SPREAD: usize = 4;
/// ... and there are more than this many (a few pages are always allowed).
const INT_MIN_PAGES: usize = 16;

/// An id in integer form: a prefix of at most [`INT_PREFIX`] bytes none of which is an ASCII
/// digit, then 1 to 15 ASCII digits without a leading zero (`0` alone is a number) whose value
/// is below [`INT_LIMIT`]; as `(prefix key, number)`, the key holding the prefix's bytes and
/// its length (one-to-one). `"7"`, `"r7"`, `"r07"`, `"+7"`, `"r-7"` are five different ids:
/// `"r07"` is not in integer form (leading zero), `"+7"` and `"r-7"` are, with prefixes `+`
/// and `r-`. Every other id is hashed.
#[inline]
pub(crate) fn int_form(id: &[u8]) -> Option<(u64, u64)> {
    if let Some(x) = load8(id) {
        return int_form8(x, id.len());
    }
    match load16(id) {
        Some(x) => int_form16(x, id.len()),
        None => int_form_bytes(id),
    }
}

/// `LOW_BYTES[n]` keeps the low `n` bytes of a word (`n` ≤ 8): one load where the shift by
/// `64 − 8n`, undefined at `n = 0`, needs a test. Shared with the datafee-arrow crate's short
/// catalog keys (re-exported, hidden, as `rating::LOW_BYTES`).
#[doc(hidden)]
pub const LOW_BYTES: [u64; 9] = {
    let mut t = [0u64; 9];
    let mut n = 1;
    while n <= 8 {
        t[n] = u64::MAX >> (64 - 8 * n);
        n += 1;
    }
    t
};

/// [`load16`] for a text of at most 8 bytes, in one 64-bit word.
#[inline(always)]
fn load8(b: &[u8]) -> Option<u64> {
    let n = b.len();
    if n > 8 {
        return None;
    }
    Some(if let Some(f) = b.first_chunk::<8>() {
        u64::from_le_bytes(*f)
    } else if let (Some(f), Some(l)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*f)) | u64::from(u32::from_le_bytes(*l)) << (8 * (n - 4))
    } else if let (Some(&f), Some(&l)) = (b.first(), b.last()) {
        u64::from(f) | u64::from(b.get(n / 2).copied().unwrap_or(0)) << (8 * (n / 2)) | u64::from(l) << (8 * (n - 1))
    } else {
        0
    })
}

/// [`int_form16`] for a text of `n` ≤ 8 bytes in one 64-bit word (the usual ids, such as
/// `r123456`: every operation one machine instruction, where 128-bit shifts take several).
#[inline(always)]
fn int_form8(x: u64, n: usize) -> Option<(u64, u64)> {
    const ONES: u64 = u64::MAX / 255;
    let t = x ^ (ONES * 0x30);
    let not_digit = (((t & (ONES * 0x7f)) + ONES * 0x76) | t) & (ONES * 0x80);
    let live = u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0);
    let digit = !not_digit & (ONES * 0x80) & live;
    if digit == 0 {
        return None;
    }
    // The first digit is within the first 8 bytes (INT_PREFIX + 1), and 8 digits at most are
    // below INT_LIMIT: neither needs a test here.
    let p = (digit.trailing_zeros() / 8) as usize;
    let from_p = live & !((1u64 << (8 * p)) - 1);
    if not_digit & from_p != 0 {
        return None;
    }
    let k = n - p;
    let digits = (t & live) >> (8 * p);
    if k > 1 && digits & 0xff == 0 {
        return None;
    }
    let number = parse8(digits << (8 * (8 - k)));
    let prefix = x & ((1u64 << (8 * p)) - 1);
    Some(((p as u64) << 56 | prefix, number))
}

/// The last id in integer form of at most 8 bytes that [`StrIdSet::tag_word_after`] tagged
/// in full (a column's ids tagged in order: sequential ids differ from it in the last digit
/// only). Starts as none ([`Default`]); an id's tag does not depend on it, only the work.
#[doc(hidden)] // for the datafee-arrow crate only
#[derive(Clone, Copy, Debug, Default)]
pub struct LastIntId {
    /// Its bytes, zero-padded to 8.
    word: u64,
    /// Its length, 1 to 8 (0: none yet, which no id in integer form has).
    n: usize,
    /// The bits of its bytes but the last (`LOW_BYTES[n - 1]`).
    low: u64,
    /// Where its last byte starts, in bits: 8 × (n − 1).
    shift: u32,
    /// The high 64 bits of its tag: [`INT_TAG`]'s bit and its prefix key.
    high: u64,
    /// Its number less its last digit.
    base: u64,
}

impl LastIntId {
    /// The id of `n` (1 to 8) bytes `x` (zero-padded) in integer form as `(key, number)`.
    #[cold]
    fn of(x: u64, n: usize, key: u64, number: u64) -> Self {
        let shift = 8 * (n.clamp(1, 8) as u32 - 1);
        LastIntId {
            word: x,
            n,
            low: LOW_BYTES.get(n.saturating_sub(1)).copied().unwrap_or(0),
            shift,
            high: ((INT_TAG >> 64) as u64) | key,
            base: number - number % 10,
        }
    }
}

/// The bytes of a text of at most 16 bytes as an integer, little-endian (byte `i` in bits
/// `8i..8i+8`), zero above its length: read as two overlapping words, no copy nor loop.
#[inline(always)]
fn load16(b: &[u8]) -> Option<u128> {
    let n = b.len();
    if n > 16 {
        return None;
    }
    // Each pair of reads covers every byte; an overlapping byte is the same in both.
    Some(if let (Some(f), Some(l)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        u128::from(u64::from_le_bytes(*f)) | u128::from(u64::from_le_bytes(*l)) << (8 * (n - 8))
    } else if let (Some(f), Some(l)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        u128::from(u32::from_le_bytes(*f)) | u128::from(u32::from_le_bytes(*l)) << (8 * (n - 4))
    } else if let (Some(&f), Some(&l)) = (b.first(), b.last()) {
        u128::from(f) | u128::from(b.get(n / 2).copied().unwrap_or(0)) << (8 * (n / 2)) | u128::from(l) << (8 * (n - 1))
    } else {
        0
    })
}

/// The value of eight decimal digits, one per byte (0 to 9), the first (most significant)
/// in the lowest byte: three multiply-adds over pairs, quads and the two halves.
#[inline(always)]
fn parse8(v: u64) -> u64 {
    let v = (v.wrapping_mul(10) + (v >> 8)) & 0x00ff_00ff_00ff_00ff;
    let v = (v.wrapping_mul(100) + (v >> 16)) & 0x0000_ffff_0000_ffff;
    (v.wrapping_mul(10_000) + (v >> 32)) & 0xffff_ffff
}

/// [`int_form`] of a text of `n` ≤ 16 bytes given as [`load16`]'s integer `x`, with every
/// byte tested at once (SWAR: each byte a lane of the 128-bit word) instead of one at a time.
#[inline(always)]
fn int_form16(x: u128, n: usize) -> Option<(u64, u64)> {
    const ONES: u128 = u128::MAX / 255;
    // Lane values: a digit's byte becomes 0..=9.
    let t = x ^ (ONES * 0x30);
    // Bit 7 of a lane set when it is not a digit (its value above 9): without carries between
    // lanes, as bit 7 is cleared before adding 0x76 (at most 0x7f + 0x76 < 0x100).
    let not_digit = (((t & (ONES * 0x7f)) + ONES * 0x76) | t) & (ONES * 0x80);
    let live = if n >= 16 { u128::MAX } else { (1u128 << (8 * n)) - 1 };
    let digit = !not_digit & (ONES * 0x80) & live;
    if digit == 0 {
        return None;
    }
    // The first digit, within the first INT_PREFIX + 1 bytes.
    let p = (digit.trailing_zeros() / 8) as usize;
    if p > INT_PREFIX {
        return None;
    }
    let from_p = live & !((1u128 << (8 * p)) - 1);
    let k = n - p;
    if not_digit & from_p != 0 || k > 15 {
        return None;
    }
    let digits = (t & live) >> (8 * p);
    if k > 1 && digits & 0xff == 0 {
        return None;
    }
    // Right-aligned in 16 lanes (leading zero lanes), the first 8 and the last 8 digits.
    let v = digits << (8 * (16 - k));
    let number = parse8(v as u64) * 100_000_000 + parse8((v >> 64) as u64);
    if number >= INT_LIMIT {
        return None;
    }
    let prefix = (x as u64) & ((1u64 << (8 * p)) - 1);
    Some(((p as u64) << 56 | prefix, number))
}

/// [`int_form`] byte by byte (ids longer than 16 bytes).
fn int_form_bytes(id: &[u8]) -> Option<(u64, u64)> {
    let p = id.iter().take(INT_PREFIX + 1).position(u8::is_ascii_digit)?;
    let (prefix, digits) = id.split_at(p);
    if digits.len() > 15 || (digits.len() > 1 && digits.first() == Some(&b'0')) {
        return None;
    }
    let mut n = 0u64;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(d - b'0');
    }
    if n >= INT_LIMIT {
        return None;
    }
    let mut key = (p as u64) << 56;
    for (i, &b) in prefix.iter().enumerate() {
        key |= u64::from(b) << (8 * i);
    }
    Some((key, n))
}

/// The partition (in `0..partitions`) of a record id that keeps the duplicate-id set's
/// pages whole (按页分区): an id in integer form (`r123`: see the module docs) goes by its
/// prefix and its number's page (`number >> 16`), so each partition receives whole pages
/// of 65,536 consecutive numbers and its pages stay dense; any other id goes by
/// [`super::id_partition`]. A function of the id's text alone, the same in every process
/// and on every platform, so every record of one id lands in one partition (what
/// [`super::Rater::merge`] and [`super::Rater::merge_partial`] need). `partitions = 0` is
/// taken as 1.
///
/// ```
/// use datafee::rating::id_page_partition;
/// // r0 … r65535 share a page, so a partition.
/// assert_eq!(id_page_partition("r7", 5), id_page_partition("r65535", 5));
/// assert!(id_page_partition("r65536", 5) < 5 && id_page_partition("x-y", 5) < 5);
/// assert_eq!(id_page_partition("r07", 5), datafee::rating::id_partition("r07", 5));
/// ```
pub fn id_page_partition(id: &str, partitions: u32) -> u32 {
    match int_form(id.as_bytes()) {
        Some((key, n)) => {
            let mut h = stable_hasher();
            h.write_u64(key);
            h.write_u64(n >> INT_PAGE_SHIFT);
            super::bucket(h.finish(), partitions)
        }
        None => super::id_partition(id, partitions),
    }
}

/// The prefix key and number of an [`INT_TAG`] tag (the inverse of [`StrIdSet::tag`] for an
/// id in integer form).
#[inline]
fn int_parts(tag: u128) -> (u64, u64) {
    ((tag >> 64) as u64 & !(1 << 63), tag as u64)
}

/// The text of an id in integer form from its prefix key and number.
fn int_text(key: u64, n: u64) -> String {
    let p = (key >> 56) as usize;
    let bytes = key.to_le_bytes();
    // Exact, never lossy: the prefix is the bytes of a `&str` before its first ASCII digit, and
    // an ASCII byte never falls inside a multi-byte character, so the prefix is whole UTF-8.
    let mut s = String::from_utf8_lossy(bytes.get(..p).unwrap_or_default()).into_owned();
    s.push_str(&n.to_string());
    s
}

/// The ids in integer form of a [`StrIdSet`]: pages of 2^16 numbers of one prefix, each a
/// bitmap of the claimed numbers and the fingerprint of each claimed number's record.
/// While open, every id in integer form is placed here (its page made on its first claim);
/// once the pages are sparse (more than [`INT_MAX_SPREAD`] numbers of page per id, past
/// [`INT_MIN_PAGES`] pages) no page is made any more, and ids outside the existing pages go
/// to the hash table. Memory: ≤ 8 × [`INT_MAX_SPREAD`] bytes of address space per id plus
/// 16 pages, resident only where ids fall (a 4 KiB memory page holds 512 numbers'
/// fingerprints): 8 bytes an id for sequential ids.
struct IntIds {
    index: FastMap<(u64, u64), u32>,
    pages: Vec<IntPage>,
    /// The last page found, as (prefix key, page number, page): consecutive ids share it.
    last: (u64, u64, u32),
    len: usize,
    open: bool,
}

struct IntPage {
    key: u64,
    page: u64,
    bits: Vec<u64>,
    fps: Vec<u64>,
}

impl IntIds {
    fn new() -> Self {
        IntIds { index: fast_map(), pages: Vec::new(), last: (u64::MAX, u64::MAX, 0), len: 0, open: true }
    }

    /// The page holding `(key, n)`, if it exists.
    #[inline]
    fn find(&mut self, key: u64, n: u64) -> Option<u32> {
        let page = n >> INT_PAGE_SHIFT;
        if self.last.0 == key && self.last.1 == page {
            return Some(self.last.2);
        }
        let &i = self.index.get(&(key, page))?;
        self.last = (key, page, i);
        Some(i)
    }

    /// The page for `(key, n)`, made if it does not exist.
    fn make(&mut self, key: u64, n: u64) -> u32 {
        if let Some(i) = self.find(key, n) {
            return i;
        }
        let page = n >> INT_PAGE_SHIFT;
        let i = self.pages.len() as u32;
        self.pages.push(IntPage { key, page, bits: vec![0; 1 << (INT_PAGE_SHIFT - 6)], fps: vec![0; 1 << INT_PAGE_SHIFT] });
        self.index.insert((key, page), i);
        self.last = (key, page, i);
        i
    }

    /// Claim number `n` in page `i` (found vacant) for a record with this fingerprint.
    #[inline]
    fn claim(&mut self, i: u32, n: u64, fingerprint: u64) {
        let off = (n & ((1 << INT_PAGE_SHIFT) - 1)) as usize;
        if let Some(p) = self.pages.get_mut(i as usize) {
            if let (Some(w), Some(f)) = (p.bits.get_mut(off >> 6), p.fps.get_mut(off)) {
                *w |= 1 << (off & 63);
                *f = fingerprint;
                self.len += 1;
            }
        }
        self.close_if_sparse();
    }

    /// Claim number `n` in page `i` unless it is claimed: the claimed fingerprint, or `None`
    /// and it is now claimed for this one ([`IntIds::get`] then [`IntIds::claim`], reading
    /// the page's bit word once). Pages are not closed here: the caller that made page `i`
    /// for this claim calls [`IntIds::close_if_sparse`] after it. Equivalent to testing after
    /// every claim, as [`IntIds::claim`] does: the test (pages × 2^16 > spread × ids) can only
    /// turn true when a page is made; a claim without one only adds to the ids.
    #[inline]
    fn claim_vacant(&mut self, i: u32, n: u64, fingerprint: u64) -> Option<u64> {
        let off = (n & ((1 << INT_PAGE_SHIFT) - 1)) as usize;
        let p = self.pages.get_mut(i as usize)?;
        let (w, f) = (p.bits.get_mut(off >> 6)?, p.fps.get_mut(off)?);
        let bit = 1 << (off & 63);
        if *w & bit != 0 {
            return Some(*f);
        }
        *w |= bit;
        *f = fingerprint;
        self.len += 1;
        None
    }

    /// Stop making pages (for good) once they are sparse: more than [`INT_MIN_PAGES`] pages
    /// holding more than [`INT_MAX_SPREAD`] numbers of page per id.
    #[inline]
    fn close_if_sparse(&mut self) {
        if self.open && self.pages.len() > INT_MIN_PAGES && self.pages.len() << INT_PAGE_SHIFT > INT_MAX_SPREAD.saturating_mul(self.len) {
            self.open = false;
        }
    }

    /// The fingerprint claimed for number `n` in page `i`, if it is claimed.
    #[inline]
    fn get(&self, i: u32, n: u64) -> Option<u64> {
        let off = (n & ((1 << INT_PAGE_SHIFT) - 1)) as usize;
        let p = self.pages.get(i as usize)?;
        let w = p.bits.get(off >> 6)?;
        if w & (1 << (off & 63)) == 0 {
            return None;
        }
        p.fps.get(off).copied()
    }

    /// Every id with its fingerprint.
    fn iter(&self) -> impl Iterator<Item = (Cow<'_, str>, u64)> {
        self.pages.iter().flat_map(|p| {
            p.bits.iter().enumerate().flat_map(move |(w, &word)| {
                let mut bits = word;
                std::iter::from_fn(move || {
                    (bits != 0).then(|| {
                        let off = (w << 6) | bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        let n = (p.page << INT_PAGE_SHIFT) | off as u64;
                        (Cow::Owned(int_text(p.key, n)), p.fps.get(off).copied().unwrap_or(0))
                    })
                })
            })
        })
    }
}

struct IdEntry {
    offset: u64,
    fingerprint: u64,
}

/// The largest share of a [`StrIdSet`]'s slots in use, as `numerator / denominator` (3/4).
const MAX_LOAD: (usize, usize) = (3, 4);

/// Slots for `ids` ids at [`MAX_LOAD`] (at least 16, a multiple of 8: whole cache lines).
fn slots_for(ids: usize) -> usize {
    (ids.saturating_mul(MAX_LOAD.1) / MAX_LOAD.0 + 8).max(16) & !7
}

/// The result of looking an id up: claimed (with its fingerprint), or where it would go
/// (for [`StrIdSet::claim`]: a slot of the hash table and the id's 32-bit hash, or, with a
/// tag of [`INT_TAG`], a page of the integer ids, `usize::MAX` for a page to make).
pub(crate) enum Lookup {
    Claimed(u64),
    Vacant { slot: usize, tag: u128 },
}

impl StrIdSet {
    pub(crate) fn new() -> Self {
        StrIdSet { state: FastState::new(), slots: Vec::new(), entries: Vec::new(), bytes: Vec::new(), ints: IntIds::new(), pending: (0, 0) }
    }

    /// Ids claimed.
    pub(crate) fn len(&self) -> usize {
        self.entries.len() + self.ints.len
    }

    /// The tag of an id: [`INT_TAG`] with its number for an id in integer form ([`int_form`]),
    /// else its 32-bit hash, [`hash_bytes`] with this set's seed (process-local, never stored
    /// outside the set).
    #[inline]
    pub(crate) fn tag(&self, id: &str) -> u128 {
        self.tag_bytes(id.as_bytes())
    }

    /// [`StrIdSet::tag`] of an id's bytes.
    #[inline]
    pub(crate) fn tag_bytes(&self, id: &[u8]) -> u128 {
        match int_form(id) {
            Some((key, n)) => INT_TAG | u128::from(key) << 64 | u128::from(n),
            None => u128::from(self.hash_tag(id)),
        }
    }

    /// [`StrIdSet::tag_bytes`] of an id of at most 8 bytes given with `word`, the 8 bytes of
    /// its column's buffer that start with it (its own bytes, then whatever follows, masked
    /// off here): [`int_form8`] straight from one load, without [`load8`]'s assembly of the
    /// bytes. Any other id goes to [`StrIdSet::tag_bytes`].
    #[inline(always)]
    pub(crate) fn tag_word(&self, id: &[u8], word: Option<u64>) -> u128 {
        let n = id.len();
        match word {
            Some(w) if n <= 8 => match int_form8(w & LOW_BYTES.get(n).copied().unwrap_or(0), n) {
                Some((key, number)) => INT_TAG | u128::from(key) << 64 | u128::from(number),
                None => u128::from(self.hash_tag(id)),
            },
            _ => self.tag_bytes(id),
        }
    }

    /// [`StrIdSet::tag_word`] of the next id of a column, with `last` the last id in integer
    /// form of at most 8 bytes tagged in full before it: an id of its length that differs from
    /// it in the last byte only, that byte a digit, is in integer form with the same prefix and
    /// the same digits but the last (the first digit is unchanged, or is that last byte alone:
    /// no leading zero appears), so its tag is `last`'s with the last digit replaced, without
    /// [`int_form8`] (sequential ids `r1230` … `r1239`: nine in ten). Anything else is tagged
    /// in full, and an id in integer form of at most 8 bytes becomes `last`.
    #[inline(always)]
    pub(crate) fn tag_word_after(&self, id: &[u8], word: Option<u64>, last: &mut LastIntId) -> u128 {
        let n = id.len();
        match word {
            Some(w) if n <= 8 => {
                let x = w & LOW_BYTES.get(n).copied().unwrap_or(0);
                if n == last.n && (x ^ last.word) & last.low == 0 {
                    let d = (x >> last.shift).wrapping_sub(u64::from(b'0'));
                    if d < 10 {
                        return u128::from(last.high) << 64 | u128::from(last.base + d);
                    }
                }
                match int_form8(x, n) {
                    Some((key, number)) => {
                        *last = LastIntId::of(x, n, key, number);
                        INT_TAG | u128::from(key) << 64 | u128::from(number)
                    }
                    None => u128::from(self.hash_tag(id)),
                }
            }
            _ => self.tag_bytes(id),
        }
    }

    #[inline]
    fn hash_tag(&self, id: &[u8]) -> u32 {
        hash_bytes(self.state.seed, id) as u32
    }

    #[inline]
    fn home(tag: u32, size: usize) -> usize {
        ((u64::from(tag) * size as u64) >> 32) as usize
    }

    /// The bytes of entry `n`: from its offset to the next entry's (or the end).
    #[inline]
    fn text(&self, n: usize) -> &[u8] {
        let start = self.entries.get(n).map_or(0, |e| e.offset as usize);
        let end = self.entries.get(n + 1).map_or(self.bytes.len(), |e| e.offset as usize);
        self.bytes.get(start..end).unwrap_or_default()
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
    pub(crate) fn lookup_tagged(&mut self, id: &str, tag: u128) -> Lookup {
        if tag & INT_TAG != 0 {
            let (key, n) = int_parts(tag);
            match self.ints.find(key, n) {
                Some(i) => {
                    return match self.ints.get(i, n) {
                        Some(fp) => Lookup::Claimed(fp),
                        None => Lookup::Vacant { slot: i as usize, tag },
                    }
                }
                None if self.ints.open => return Lookup::Vacant { slot: usize::MAX, tag },
                None => return self.lookup_hashed(id, self.hash_tag(id.as_bytes())),
            }
        }
        self.lookup_hashed(id, tag as u32)
    }

    /// Look `id` up in the hash table by its 32-bit hash.
    #[inline]
    fn lookup_hashed(&mut self, id: &str, tag: u32) -> Lookup {
        if (self.entries.len() + 1) * MAX_LOAD.1 > self.slots.len() * MAX_LOAD.0 {
            self.grow();
        }
        let size = self.slots.len();
        let mut i = Self::home(tag, size);
        loop {
            let Some(&slot) = self.slots.get(i) else { return Lookup::Vacant { slot: i, tag: u128::from(tag) } };
            if slot == 0 {
                return Lookup::Vacant { slot: i, tag: u128::from(tag) };
            }
            if (slot >> 32) as u32 == tag {
                let n = (slot & 0xffff_ffff) as usize - 1;
                if self.text(n) == id.as_bytes() {
                    return Lookup::Claimed(self.entries.get(n).map_or(0, |e| e.fingerprint));
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
    pub(crate) fn home_addr(&self, tag: u128) -> *const u8 {
        if tag & INT_TAG != 0 {
            // The number's fingerprint if it falls in the last page used (ids in order need no
            // prefetch; the prefix is not checked: only an address is wanted).
            let n = tag as u64;
            return match self.ints.pages.get(self.ints.last.2 as usize) {
                Some(p) if p.page == n >> INT_PAGE_SHIFT => p.fps.as_ptr().wrapping_add((n & ((1 << INT_PAGE_SHIFT) - 1)) as usize).cast(),
                _ => self.slots.as_ptr().cast(),
            };
        }
        self.slots.as_ptr().wrapping_add(Self::home(tag as u32, self.slots.len())).cast()
    }

    /// Make room for `ids` more ids of `bytes` bytes in all (the table sized once, not
    /// doubled and re-placed step by step). While no id is hashed the room is only noted, and
    /// made when the first one is ([`StrIdSet::grow`]): ids in integer form (sequential call
    /// ids) go to pages and never use the table, which for a million ids is 10.7 MB to zero.
    pub(crate) fn reserve(&mut self, ids: usize, bytes: usize) {
        if self.entries.is_empty() {
            self.pending = (self.pending.0.max(ids), self.pending.1.max(bytes));
            return;
        }
        let want = slots_for(self.entries.len().saturating_add(ids).saturating_add(1));
        if self.slots.len() < want {
            self.resize(want);
        }
        self.entries.reserve(ids);
        self.bytes.reserve(bytes);
    }

    /// Claim `id` for a record with this fingerprint in one step: the fingerprint of the
    /// record that claimed it before, or `None` and the id is now claimed (one lookup of the
    /// id's page or slot where [`StrIdSet::lookup_tagged`] then [`StrIdSet::claim`] take
    /// two). `tag` is [`StrIdSet::tag`] of `id`.
    #[cfg(test)]
    pub(crate) fn claim_tagged(&mut self, id: &str, tag: u128, fingerprint: u64) -> Option<u64> {
        self.claim_tagged_with(tag, fingerprint, || id)
    }

    /// `StrIdSet::claim_tagged` (test builds only) with the id given by `id`, called only
    /// when its text is read: an id hashed, or in integer form outside the pages once they are
    /// closed (an id in a page is claimed by its tag alone).
    #[inline(always)]
    pub(crate) fn claim_tagged_with<'a>(&mut self, tag: u128, fingerprint: u64, id: impl FnOnce() -> &'a str) -> Option<u64> {
        if tag & INT_TAG != 0 {
            let (key, n) = int_parts(tag);
            return match self.ints.find(key, n) {
                Some(i) => self.ints.claim_vacant(i, n, fingerprint),
                None if self.ints.open => {
                    let i = self.ints.make(key, n);
                    let claimed = self.ints.claim_vacant(i, n, fingerprint);
                    self.ints.close_if_sparse();
                    claimed
                }
                None => {
                    let id = id();
                    self.claim_hashed(id, self.hash_tag(id.as_bytes()), fingerprint)
                }
            };
        }
        self.claim_hashed(id(), tag as u32, fingerprint)
    }

    /// [`StrIdSet::claim_tagged_with`] in the hash table, by the id's 32-bit hash.
    #[inline]
    fn claim_hashed(&mut self, id: &str, tag: u32, fingerprint: u64) -> Option<u64> {
        match self.lookup_hashed(id, tag) {
            Lookup::Claimed(fp) => Some(fp),
            Lookup::Vacant { slot, tag } => {
                self.claim(id, slot, tag, fingerprint);
                None
            }
        }
    }

    /// Claim `id` where [`StrIdSet::lookup`] found it vacant (nothing changed in between).
    #[inline]
    pub(crate) fn claim(&mut self, id: &str, slot: usize, tag: u128, fingerprint: u64) {
        if tag & INT_TAG != 0 {
            let (key, number) = int_parts(tag);
            let i = match slot {
                usize::MAX => self.ints.make(key, number),
                i => i as u32,
            };
            self.ints.claim(i, number, fingerprint);
            return;
        }
        let n = self.entries.len();
        self.entries.push(IdEntry { offset: self.bytes.len() as u64, fingerprint });
        self.bytes.extend_from_slice(id.as_bytes());
        if let Some(s) = self.slots.get_mut(slot) {
            *s = (tag as u64) << 32 | (n as u64 + 1);
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

    /// Double the table (at least 16 slots, and at least the room reserved while no id was
    /// hashed) and place every slot again from its tag alone.
    #[cold]
    fn grow(&mut self) {
        let (ids, bytes) = std::mem::take(&mut self.pending);
        self.entries.reserve(ids);
        self.bytes.reserve(bytes);
        let reserved = if ids > 0 { slots_for(self.entries.len().saturating_add(ids).saturating_add(1)) } else { 0 };
        self.resize((self.slots.len() * 2).max(16).max(reserved));
    }

    /// Make the table `size` slots (larger than now) and place every slot
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

    /// Every id with its fingerprint (the hashed ids in the order claimed, then the ids in
    /// integer form page by page).
    fn iter(&self) -> impl Iterator<Item = (Cow<'_, str>, u64)> {
        let hashed = self.entries.iter().enumerate().map(|(n, e)| (String::from_utf8_lossy(self.text(n)), e.fingerprint));
        hashed.chain(self.ints.iter())
    }

    /// Some id claimed in both sets.
    pub(crate) fn common(&mut self, other: &mut StrIdSet) -> Option<String> {
        let (small, large) = if self.len() <= other.len() { (&*self, other) } else { (&*other, self) };
        small.iter().map(|(id, _)| id).find(|id| large.get(id).is_some()).map(Cow::into_owned)
    }

    /// Add every id of `other` (call [`StrIdSet::common`] first: a common id keeps this set's fingerprint).
    pub(crate) fn absorb(&mut self, other: StrIdSet) {
        for (id, fp) in other.iter() {
            self.insert(&id, fp);
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

    /// Ids in integer form go to partitions by page: every number of a page of one prefix to
    /// one partition; the same number under another prefix, or written with a leading zero,
    /// is another id and may go elsewhere; other ids go by `id_partition`. Pages spread over
    /// every partition.
    #[test]
    fn page_partitions_keep_pages_whole() {
        for parts in [1u32, 2, 5, 7] {
            let mut used = vec![0usize; parts as usize];
            for page in 0..200u64 {
                let first = id_page_partition(&format!("u{}", page << 16), parts);
                assert!(first < parts);
                for k in [1u64, 2, 777, 65_535] {
                    assert_eq!(id_page_partition(&format!("u{}", (page << 16) + k), parts), first, "page {page}, {parts} partitions");
                }
                used[first as usize] += 1;
            }
            assert!(used.iter().all(|&n| n > 0), "{parts} partitions: {used:?}");
            for id in ["u07", "u-", "x", "r1234567890123456", "\u{4e2d}01"] {
                assert_eq!(id_page_partition(id, parts), super::super::id_partition(id, parts), "{id}");
            }
        }
        assert_eq!(id_page_partition("u5", 0), 0);
    }

    /// The word-at-a-time integer form is the byte-by-byte one: every text of 0 to 5 bytes
    /// over an alphabet of digits, prefix bytes and a byte of a multi-byte character, and
    /// 400,000 texts of 1 to 24 bytes from it (numbers near 2^48 and 15/16 digits, prefixes of 7
    /// and 8 bytes, leading zeros, a digit after the prefix limit).
    #[test]
    fn int_form_by_words_is_int_form_by_bytes() {
        let alphabet: &[u8] = b"0179r-/:\xe4 ";
        let check = |b: &[u8]| {
            assert_eq!(
                load16(b).and_then(|x| int_form16(x, b.len())).or_else(|| (b.len() > 16).then(|| int_form_bytes(b)).flatten()),
                int_form_bytes(b),
                "{b:?}"
            );
            assert_eq!(int_form(b), int_form_bytes(b), "{b:?}");
            if let Some(x) = load8(b) {
                assert_eq!(int_form8(x, b.len()), int_form_bytes(b), "{b:?}");
                assert_eq!(Some(u128::from(x)), load16(b), "{b:?}");
            }
        };
        let mut stack: Vec<Vec<u8>> = vec![Vec::new()];
        while let Some(b) = stack.pop() {
            check(&b);
            if b.len() < 5 {
                for &c in alphabet {
                    let mut x = b.clone();
                    x.push(c);
                    stack.push(x);
                }
            }
        }
        let mut x: u64 = 7;
        let mut next = |m: u64| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) % m
        };
        for _ in 0..400_000 {
            let mut b = Vec::new();
            let prefix = next(10) as usize;
            for _ in 0..prefix {
                b.push(*alphabet.get(3 + next(alphabet.len() as u64 - 3) as usize).unwrap_or(&b'r'));
            }
            match next(4) {
                0 => b.extend_from_slice(((1u64 << 48) - 1 + next(3)).to_string().as_bytes()),
                1 => {
                    let digits = 1 + next(16) as u32;
                    b.extend_from_slice(next(10u64.pow(digits)).to_string().as_bytes());
                }
                2 => b.extend((0..1 + next(17)).map(|_| b'0' + next(10) as u8)),
                _ => b.extend((0..next(24)).map(|_| *alphabet.get(next(alphabet.len() as u64) as usize).unwrap_or(&b'0'))),
            }
            b.truncate(24);
            check(&b);
        }
        assert_eq!(int_form(b"r123456"), Some(((1 << 56) | u64::from(b'r'), 123_456)));
        assert_eq!(int_form(b"abcdefg281474976710655"), int_form_bytes(b"abcdefg281474976710655"));
        assert_eq!(int_form(b"1234567890123456"), None);
        assert_eq!(int_form(b"123456789012345"), Some((0, 123_456_789_012_345)));
    }

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

    /// Reserving ahead (once, in one resize, made when the first id is hashed: ids in
    /// integer form before it leave the table unmade) or after ids are claimed keeps every id
    /// and its fingerprint; a table sized ahead is not resized again while it has room.
    #[test]
    fn reserve_resizes_once_and_keeps_every_id() {
        let mut s = StrIdSet::new();
        s.reserve(100_000, 0);
        for i in 0..70_000u64 {
            assert!(s.insert(&format!("r{i}"), i));
        }
        assert!(s.slots.is_empty(), "ids in integer form alone leave the table unmade");
        s.reserve(90_000, 0);
        assert!(s.insert("id-first", 1));
        let size = s.slots.len();
        assert_eq!(size, 133_336, "100,001 ids at 3/4 full, rounded up to whole lines, made with the first id hashed");
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
        assert_eq!((s.len(), s.get("id99999"), s.get("id100000"), s.get("r69999")), (170_001, Some(99_999), None, Some(69_999)));
    }

    /// Two ids with the same 32-bit tag (forced: the same home slot) are both kept, each
    /// found with its own fingerprint: a tag match is only a hint, the bytes decide.
    #[test]
    fn ids_with_the_same_tag_are_both_kept() {
        let mut s = StrIdSet::new();
        s.reserve(4, 0);
        for (id, fp) in [("a", 1u64), ("b", 2), ("a\u{0}", 3)] {
            match s.lookup_hashed(id, 42) {
                Lookup::Vacant { slot, tag } => s.claim(id, slot, tag, fp),
                Lookup::Claimed(_) => panic!("{id:?} taken by another id of the same tag"),
            }
        }
        for (id, fp) in [("a", 1u64), ("b", 2), ("a\u{0}", 3)] {
            assert!(matches!(s.lookup_hashed(id, 42), Lookup::Claimed(f) if f == fp), "{id:?}");
        }
        assert!(matches!(s.lookup_hashed("c", 42), Lookup::Vacant { .. }));
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn integer_form() {
        let k = |p: &[u8]| p.iter().enumerate().fold((p.len() as u64) << 56, |k, (i, &b)| k | u64::from(b) << (8 * i));
        assert_eq!(int_form(b"7"), Some((0, 7)));
        assert_eq!(int_form(b"0"), Some((0, 0)));
        assert_eq!(int_form(b"r123"), Some((k(b"r"), 123)));
        assert_eq!(int_form(b"+7"), Some((k(b"+"), 7)));
        assert_eq!(int_form(b"call-xy-9"), None, "a prefix of 7 bytes at most");
        assert_eq!(int_form(b"call-x-9"), Some((k(b"call-x-"), 9)));
        assert_eq!(int_form(b"call-x9"), Some((k(b"call-x"), 9)));
        assert_eq!(int_form("\u{e9}t\u{e9}5".as_bytes()), Some((k("\u{e9}t\u{e9}".as_bytes()), 5)));
        for id in ["007", "r07", "00", "r", "", "7a", "r1-2", "1234567890123456", "281474976710656", "1 "] {
            assert_eq!(int_form(id.as_bytes()), None, "{id:?}");
        }
        assert_eq!(int_form(b"281474976710655"), Some((0, (1 << 48) - 1)));
        assert_ne!(int_form(b"a7"), int_form(b"a\x007"));
        assert_eq!(int_text(k(b"r-"), 42), "r-42");
    }

    /// Numbers in text are the same id only as the same text; the hashed and the paged
    /// parts never hold the same id; replays are caught in both parts.
    #[test]
    fn numbers_in_text_are_ids_as_written() {
        let mut s = StrIdSet::new();
        let ids = ["7", "007", "+7", "-7", "r7", "r07", "R7", "r-7", "7.0", " 7", "70", "r65543", "x7", "00"];
        for (n, id) in ids.iter().enumerate() {
            assert!(s.insert(id, n as u64), "{id:?} taken before");
        }
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(s.get(id), Some(n as u64), "{id:?}");
            assert!(!s.insert(id, 99));
        }
        assert_eq!((s.len(), s.get("r8"), s.get("8"), s.get("r0007")), (ids.len(), None, None, None));
        let mut all: Vec<(String, u64)> = s.iter().map(|(id, fp)| (id.into_owned(), fp)).collect();
        all.sort_by_key(|x| x.1);
        assert_eq!(all.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ids);
    }

    /// Spread-out numbers stop making pages (past 16, at more than 4 numbers of page per id)
    /// and go to the hash table; numbers in pages made before still go to their page; every
    /// id is found once, with its fingerprint, before and after a merge of two sets.
    #[test]
    fn spread_out_numbers_fall_back_to_the_hash_table() {
        let mut s = StrIdSet::new();
        let far: Vec<String> = (0..200u64).map(|i| format!("r{}", i << 20)).collect();
        for (n, id) in far.iter().enumerate() {
            assert!(s.insert(id, n as u64));
        }
        assert!(!s.ints.open);
        let pages = s.ints.pages.len();
        assert!(pages > INT_MIN_PAGES && pages < 40, "{pages} pages");
        assert!(s.entries.len() >= 200 - pages, "the rest hashed");
        // In a page made before: paged; elsewhere: hashed.
        assert!(s.insert("r1", 1000) && s.insert(&format!("r{}", 150u64 << 20 | 1), 1001));
        assert_eq!(s.ints.pages.len(), pages);
        for (n, id) in far.iter().enumerate() {
            assert_eq!(s.get(id), Some(n as u64));
        }
        let mut t = StrIdSet::new();
        for i in 0..50u64 {
            assert!(t.insert(&format!("r{}", 1 + i), 2000 + i));
        }
        assert_eq!(s.common(&mut t).as_deref(), Some("r1"));
        assert!(t.insert(&format!("r{}", 3u64 << 20), 5));
        let mut u = StrIdSet::new();
        assert!(u.insert("r2", 7) && u.insert("q9", 8));
        assert_eq!(s.common(&mut u), None);
        let before = s.len();
        s.absorb(u);
        assert_eq!((s.len(), s.get("r2"), s.get("q9"), s.get("r1")), (before + 2, Some(7), Some(8), Some(1000)));
    }

    /// A model check: random ids of mixed forms (numbers with and without prefixes and
    /// leading zeros, spread and dense, other texts), inserted twice over, against a
    /// `HashMap` of the texts.
    #[test]
    fn mixed_ids_agree_with_a_map() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut s = StrIdSet::new();
        let mut model = std::collections::HashMap::new();
        for i in 0..60_000u64 {
            let r = next();
            let n = match r % 4 {
                0 => r >> 40 & 0xffff,
                1 => r >> 20,
                2 => r >> 50,
                _ => i,
            };
            let id = match (r >> 8) % 6 {
                0 => n.to_string(),
                1 => format!("r{n}"),
                2 => format!("r0{n}"),
                3 => format!("id-{n}"),
                4 => format!("{:x}", r >> 30),
                _ => format!("a{}b", n % 1000),
            };
            let fresh = !model.contains_key(&id);
            assert_eq!(s.insert(&id, i), fresh, "{id:?}");
            model.entry(id).or_insert(i);
        }
        assert_eq!(s.len(), model.len());
        for (id, &fp) in &model {
            assert_eq!(s.get(id), Some(fp), "{id:?}");
        }
    }

    /// [`StrIdSet::tag_word`] (an id read with the 8 bytes of its buffer from its start,
    /// whatever follows it there) is [`StrIdSet::tag_bytes`], and without a word it falls
    /// back to it: every text of up to 4 bytes over digits, prefix bytes, a NUL and a byte of a
    /// multi-byte character, each followed by digits, NULs or 0xff in the buffer, and ids of
    /// 5 to 12 bytes near the limits (8 digits, prefixes of 7 and 8 bytes, leading zeros).
    #[test]
    fn tag_word_is_tag_bytes() {
        let s = StrIdSet::new();
        let alphabet: &[u8] = b"0179r-\0\xe4";
        let mut ids: Vec<Vec<u8>> = vec![Vec::new()];
        let mut at = 0;
        while let Some(b) = ids.get(at).cloned() {
            at += 1;
            if b.len() < 4 {
                ids.extend(alphabet.iter().map(|&c| [b.as_slice(), &[c]].concat()));
            }
        }
        for id in ["r1234567", "12345678", "abcdefg1", "abcdefgh", "r0123456", "r99999999", "1", "0", "00", "abcdefg12345", "\u{e4}1234"] {
            ids.push(id.as_bytes().to_vec());
        }
        for id in &ids {
            let want = s.tag_bytes(id);
            assert_eq!(s.tag_word(id, None), want, "{id:?}");
            for fill in [b'0', b'9', 0, 0xff] {
                let mut buf = id.clone();
                buf.resize(id.len().max(8) + 8, fill);
                let word = buf.first_chunk::<8>().map(|w| u64::from_le_bytes(*w));
                assert_eq!(s.tag_word(id, word), want, "{id:?} followed by {fill}");
            }
        }
    }

    /// [`StrIdSet::tag_word_after`] (an id tagged from the last id in integer form when it
    /// differs from it in the last byte only) is [`StrIdSet::tag_bytes`], whatever follows the
    /// id in its buffer: ids in order (`r0` … `r20999`, `7`, `0`…), each followed by a
    /// neighbour differing in the last byte only (a digit, a letter, `:` and `/` around the
    /// digits, a NUL), in the byte before it, or in length, with leading zeros (`r09`, `00`),
    /// prefixes of 7 bytes, 8 digits, other texts in between, and 9 bytes and more.
    #[test]
    fn tag_word_after_is_tag_bytes() {
        let s = StrIdSet::new();
        let mut ids: Vec<Vec<u8>> = Vec::new();
        for i in 0..21_000u32 {
            ids.push(format!("r{i}").into_bytes());
            if i % 7 == 0 {
                ids.push(i.to_string().into_bytes());
            }
        }
        let bases: [&[u8]; 12] = [b"r1", b"7", b"r10", b"r09", b"0", b"00", b"abcdefg1", b"1234567", b"12345678", b"ab-12", b"\xe4\x801", b"r99999999"];
        for base in bases {
            ids.push(base.to_vec());
            for last in [b'0', b'5', b'9', b'/', b':', b'a', 0, 0xff] {
                let mut id = base.to_vec();
                if let Some(l) = id.last_mut() {
                    *l = last;
                }
                ids.push(id.clone());
                if let Some(b) = id.len().checked_sub(2).and_then(|at| id.get_mut(at)) {
                    *b = b'0';
                }
                ids.push(id);
                ids.push(base.to_vec());
                ids.push([base, b"1"].concat());
                ids.push(base.get(1..).unwrap_or_default().to_vec());
            }
        }
        let mut last = LastIntId::default();
        for (i, id) in ids.iter().enumerate() {
            let want = s.tag_bytes(id);
            assert_eq!(s.tag_word_after(id, None, &mut last), want, "{id:?}");
            let fill = [b'0', b'9', 0, 0xff][i % 4];
            let mut buf = id.clone();
            buf.resize(id.len().max(8) + 8, fill);
            let word = buf.first_chunk::<8>().map(|w| u64::from_le_bytes(*w));
            assert_eq!(s.tag_word_after(id, word, &mut last), want, "{id:?} after {last:?}");
            assert_eq!(s.tag_word_after(id, word, &mut last), want, "{id:?} again");
        }
        assert!(last.n > 0, "an id in integer form was remembered");
    }

    /// [`StrIdSet::claim_tagged`] (one lookup that claims) agrees with a map of the texts and
    /// with [`StrIdSet::lookup`] then [`StrIdSet::claim`] on a second set: ids in integer form
    /// in dense pages, spread out until the pages close (then hashed, and still paged where a
    /// page exists), other texts, each offered two or three times with fingerprints that
    /// differ or not; the claimed fingerprint returned is the first one.
    #[test]
    fn claim_tagged_is_lookup_then_claim() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let (mut one, mut two) = (StrIdSet::new(), StrIdSet::new());
        let mut model: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
        for i in 0..80_000u64 {
            let r = next();
            let n = match r % 5 {
                0 => i / 2,
                1 => r >> 20,
                2 => (r >> 40) << 22,
                3 => r >> 58,
                _ => i % 5000,
            };
            let id = match (r >> 8) % 5 {
                0 => n.to_string(),
                1 => format!("r{n}"),
                2 => format!("r0{n}"),
                3 => format!("{:x}", r >> 44),
                _ => format!("c-{n}-x"),
            };
            let fp = if r & 1 == 0 { n } else { i };
            let want = model.get(&id).copied();
            assert_eq!(one.claim_tagged(&id, one.tag(&id), fp), want, "{id:?}");
            let by_two = match two.lookup(&id) {
                Lookup::Claimed(c) => Some(c),
                Lookup::Vacant { slot, tag } => {
                    two.claim(&id, slot, tag, fp);
                    None
                }
            };
            assert_eq!(by_two, want, "{id:?}");
            model.entry(id).or_insert(fp);
        }
        assert!(!one.ints.open, "the pages closed on the way");
        assert_eq!((one.len(), two.len()), (model.len(), model.len()));
        assert_eq!((one.entries.len(), one.ints.pages.len()), (two.entries.len(), two.ints.pages.len()));
        for (id, &fp) in &model {
            assert_eq!((one.get(id), two.get(id)), (Some(fp), Some(fp)), "{id:?}");
        }
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
