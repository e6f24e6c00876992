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
