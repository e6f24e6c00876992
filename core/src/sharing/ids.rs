//! Party ids (主体标识): the duplicate check every sharing input goes through.
//!
//! A split among a million parties must check a million ids quickly, so the check uses a
//! small multiply-fold hash keyed from the standard library's random state (so crafted
//! ids cannot force collisions) and a compact table of hashes. The hash order never reaches a result: the check reports
//! the first id, in input order, that repeats an earlier one.

use std::hash::{BuildHasher, Hasher, RandomState};

use crate::error::{Error, Result};

#[derive(Clone)]
struct FoldState {
    seed: u64,
}

impl BuildHasher for FoldState {
    type Hasher = FoldHasher;
    fn build_hasher(&self) -> FoldHasher {
        FoldHasher { h: self.seed }
    }
}

struct FoldHasher {
    h: u64,
}

#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let p = (a as u128) * (b as u128);
    (p as u64) ^ ((p >> 64) as u64)
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

impl Hasher for FoldHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.h = fold(self.h ^ u64::from_le_bytes(w), K);
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        if let Some(dst) = w.get_mut(..rest.len()) {
            dst.copy_from_slice(rest);
        }
        self.h = fold(self.h ^ u64::from_le_bytes(w) ^ ((bytes.len() as u64) << 56), K ^ 0x2545_F491_4F6C_DD1D);
    }
    fn write_u8(&mut self, i: u8) {
        self.h = fold(self.h ^ i as u64, K);
    }
    fn finish(&self) -> u64 {
        fold(self.h, K ^ 0x6A09_E667_F3BC_C909)
    }
}

/// Refuse an empty id list ([`Error::Empty`] on `field`) and a repeated id
/// ([`Error::DuplicateId`] on `field[i]` + `suffix`, `i` the later occurrence).
///
/// An open-addressing table of 64-bit words, each holding the high 42 bits of the id's hash
/// and the id's index + 1: one memory access per id, and ids are compared as strings only
/// when 42 hash bits agree (a repeat, or a one-in-four-trillion coincidence).
pub(crate) fn check_unique<'a, F>(n: usize, id: F, field: &str, suffix: &str) -> Result<()>
where
    F: Fn(usize) -> &'a str,
{
    if n == 0 {
        return Err(Error::Empty { field: field.to_string(), value: "[]".into() });
    }
    if n >= (1 << INDEX_BITS) - 1 {
        return Err(Error::LimitExceeded { field: field.to_string(), value: n.to_string(), max: ((1u64 << INDEX_BITS) - 2).to_string() });
    }
    let state = FoldState { seed: RandomState::new().hash_one(0x5eed_u64) };
    let size = (2 * n).next_power_of_two().max(16);
    let mask = size - 1;
    let mut table = vec![0u64; size];
    for i in 0..n {
        let s = id(i);
        let h = state.hash_one(s);
        let tag = h & !INDEX_MASK;
        let mut pos = (h as usize) & mask;
        while let Some(slot) = table.get_mut(pos) {
            if *slot == 0 {
                *slot = tag | (i as u64 + 1);
                break;
            }
            if *slot & !INDEX_MASK == tag {
                let j = (*slot & INDEX_MASK) as usize - 1;
                if id(j) == s {
                    return Err(Error::DuplicateId { field: format!("{field}[{i}]{suffix}"), value: s.to_string() });
                }
            }
            pos = (pos + 1) & mask;
        }
    }
    Ok(())
}

const INDEX_BITS: u32 = 22;
const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;

/// Refuse an empty id list ([`Error::Empty`] on `field`) and a repeated id
/// ([`Error::DuplicateId`] on `field[i]` + `suffix`, `i` the first position, in input order,
/// whose id repeats an earlier one): the same answer as the sharing module's id check, by a
/// method that stays in cache for a million ids.
///
/// Each id is hashed (a multiply-fold hash keyed from the standard library's random state, so
/// crafted ids cannot force collisions) into a 64-bit key: 42 bits of hash above the 22-bit
/// index. The keys are partitioned by their top bits into buckets of about 1024, and each
/// bucket goes through an open-addressing table small enough to stay in the first-level
/// cache; ids are compared only when 42 hash bits agree. One table for the whole list would
/// cost a cache miss per id instead: about 200 ns each at a million ids, against 15 ns here.
pub(crate) fn check_unique_ids<'a, I>(n: usize, id: I, field: &str, suffix: &str) -> Result<()>
where
    I: Fn(usize) -> &'a str,
{
    const INDEX_BITS: u32 = 22;
    const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;
    if n == 0 {
        return Err(Error::Empty { field: field.to_string(), value: "[]".into() });
    }
    if n as u64 >= INDEX_MASK {
        return Err(Error::LimitExceeded { field: field.to_string(), value: n.to_string(), max: (INDEX_MASK - 1).to_string() });
    }
    let seed = RandomState::new().hash_one(0x5eed_u64);
    check_unique_hashed(n, id, field, suffix, |b| fold_hash(seed, b))
}

/// [`check_unique_ids`] with the hash given (tests pass a poor one to force collisions).
pub(super) fn check_unique_hashed<'a, I, H>(n: usize, id: I, field: &str, suffix: &str, hash: H) -> Result<()>
where
    I: Fn(usize) -> &'a str,
    H: Fn(&[u8]) -> u64,
{
    const INDEX_MASK: u64 = (1 << 22) - 1;
    // Buckets: a power of two, about 1024 keys each (8 KiB, sorted in the first-level cache).
    let bits = (n / 1024).max(1).next_power_of_two().trailing_zeros().min(16);
    let bucket = |k: u64| if bits == 0 { 0 } else { (k >> (64 - bits)) as usize };
    let mut counts = vec![0usize; (1 << bits) + 1];
    let mut keys = Vec::with_capacity(n);
    for i in 0..n {
        let k = (hash(id(i).as_bytes()) & !INDEX_MASK) | i as u64;
        if let Some(c) = counts.get_mut(bucket(k) + 1) {
            *c += 1;
        }
        keys.push(k);
    }
    for b in 1..counts.len() {
        let prev = counts.get(b - 1).copied().unwrap_or(0);
        if let Some(c) = counts.get_mut(b) {
            *c += prev;
        }
    }
    // counts[b] is now where bucket b starts; scatter the keys into their buckets.
    let mut sorted = vec![0u64; n];
    let mut next = counts.clone();
    for &k in &keys {
        if let Some(at) = next.get_mut(bucket(k)) {
            if let Some(slot) = sorted.get_mut(*at) {
                *slot = k;
            }
            *at += 1;
        }
    }
    drop(keys);
    // Each bucket through a small open-addressing table (twice its size, in the first-level
    // cache), its keys in input order: the first key whose tag and id match an earlier one
    // is the bucket's first repeat.
    let mut first_repeat: Option<usize> = None;
    let mut table: Vec<u64> = Vec::new();
    for b in 0..(1usize << bits) {
        let (lo, hi) = (counts.get(b).copied().unwrap_or(0), counts.get(b + 1).copied().unwrap_or(0));
        let Some(keys) = sorted.get(lo..hi) else { continue };
        if keys.len() < 2 {
            continue;
        }
        let mask = (2 * keys.len()).next_power_of_two() - 1;
        table.clear();
        table.resize(mask + 1, 0);
        'keys: for &k in keys {
            let i = (k & INDEX_MASK) as usize;
            if first_repeat.is_some_and(|f| i >= f) {
                break;
            }
            // The tag's low bits place it (its top bits chose the bucket); slots hold key + 1.
            let mut pos = (k >> 22) as usize & mask;
            while let Some(slot) = table.get_mut(pos) {
                if *slot == 0 {
                    *slot = k + 1; // the index is below INDEX_MASK: no carry into the tag
                    break;
                }
                let other = *slot - 1;
                if (other ^ k) & !INDEX_MASK == 0 && id((other & INDEX_MASK) as usize) == id(i) {
                    first_repeat = Some(i);
                    break 'keys;
                }
                pos = (pos + 1) & mask;
            }
        }
    }
    match first_repeat {
        None => Ok(()),
        Some(i) => Err(Error::DuplicateId { field: format!("{field}[{i}]{suffix}"), value: id(i).to_string() }),
    }
}

/// A multiply-fold hash of `bytes` keyed by `seed` (8 bytes per step; the length is mixed
/// into the last word, so ids that differ only by trailing zero bytes differ).
#[inline]
fn fold_hash(seed: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    #[inline]
    fn fold(a: u64, b: u64) -> u64 {
        let p = (a as u128) * (b as u128);
        (p as u64) ^ ((p >> 64) as u64)
    }
    let mut h = seed;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = fold(h ^ u64::from_le_bytes(w), K);
    }
    // The last word: the last 8 bytes (overlapping the previous chunk) when there are 8,
    // else the bytes left one by one.
    let rest = chunks.remainder();
    let last = match bytes.len().checked_sub(8).and_then(|s| bytes.get(s..)) {
        Some(tail) if !rest.is_empty() => {
            let mut w = [0u8; 8];
            w.copy_from_slice(tail);
            u64::from_le_bytes(w)
        }
        _ => rest.iter().rev().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
    };
    h = fold(h ^ last ^ ((bytes.len() as u64) << 56), K ^ 0x2545_F491_4F6C_DD1D);
    fold(h, K ^ 0x6A09_E667_F3BC_C909)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_empty() {
        let ids = ["a", "b", "a"];
        let e = check_unique(ids.len(), |i| ids[i], "parties", ".id").unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("duplicate_id", "parties[2].id", "a"));
        let e = check_unique(0, |_| "", "parties", ".id").unwrap_err();
        assert_eq!(e.code(), "empty");
        let mut many: Vec<String> = (0..10_000).map(|i| format!("party-{i:08}")).collect();
        assert!(check_unique(many.len(), |i| many[i].as_str(), "p", "").is_ok());
        many.push("party-00004321".into());
        let e = check_unique(many.len(), |i| many[i].as_str(), "p", "").unwrap_err();
        assert_eq!((e.field(), e.value()), ("p[10000]", "party-00004321"));
    }
}
