//! One sort (排序) for the cost accounts and the chain: every ordering here goes through one
//! instance of the standard library's stable sort.
//!
//! Each `sort_by` with its own element type and comparator, and each `collect` into a
//! `BTreeMap`/`BTreeSet` (which sorts its input), compiles to its own copy of the stable sort
//! (about 4 KB of WebAssembly each; eleven copies in the fee calculator's build). Here the
//! elements' positions are sorted once, through a comparator behind `dyn`, and the elements
//! are then moved into that order: the same order as `sort_by` (stable: equal elements keep
//! their order), with one copy of the sort. Bound: O(n log n) comparisons, two vectors of
//! n positions or slots beside the input.
//!
//! The maps and sets of the cost accounts are built on the same sort: [`Slots`] (a map whose
//! keys are known before it is filled: keys sorted once, values found by binary search, read
//! back in key order, the order a `BTreeMap` gives) and [`first_repeat`] (the duplicate check
//! a `BTreeSet::insert` loop makes). A B-tree's code is compiled once per key and value type
//! (75 KB of the fee calculator's WebAssembly before these); a sorted vector's is a few
//! comparisons. Bound: O(n log n) for n keys, two vectors of n beside them.

use std::cmp::Ordering;

use crate::error::{Error, Result};

/// Sort `v` stably by `cmp`: the result of `v.sort_by(cmp)`.
pub(crate) fn sort_stable_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let items = &v[..];
        sort_positions(&mut order, &mut |a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        });
    }
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    // Each position appears once in `order`, so every slot is taken exactly once.
    v.extend(order.iter().filter_map(|&i| slots.get_mut(i).and_then(Option::take)));
}

/// Sort positions stably by `cmp` (the one instance of the stable sort).
#[inline(never)]
pub(crate) fn sort_positions(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// The position of the first item, in input order, whose key (by `cmp`) equals an earlier
/// item's: where a loop inserting every key into a set would first find one there already.
/// `None` when the keys are distinct. O(n log n).
pub(crate) fn first_repeat<T>(items: &[T], cmp: impl Fn(&T, &T) -> Ordering) -> Option<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    let key_cmp = |a: usize, b: usize| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => Ordering::Equal,
    };
    sort_positions(&mut order, &mut |a, b| key_cmp(a, b));
    // Stable: equal keys keep ascending positions, so the second of each run is its first
    // repeat; the earliest of those is the answer.
    order.windows(2).filter(|w| key_cmp(w[0], w[1]) == Ordering::Equal).map(|w| w[1]).min()
}

/// Sorted, distinct keys, for [`Slots::new`] and binary searches.
pub(crate) fn sorted_keys<K: Ord>(mut keys: Vec<K>) -> Vec<K> {
    sort_stable_by(&mut keys, K::cmp);
    keys.dedup();
    keys
}

/// A map whose keys are all known before it is filled: the keys are
/// sorted once, each value is found by binary search, and [`Slots::into_sorted`] gives the
/// keys that received a value in key order, as a `BTreeMap` filled with the same entries
/// would. Values are updated in the order the caller gives them (sums are added in the same
/// order as with the map).
pub(crate) struct Slots<K, V> {
    keys: Vec<K>,
    vals: Vec<Option<V>>,
}

impl<K: Ord, V> Slots<K, V> {
    /// Slots for `keys` (in any order, repeats allowed), all empty.
    pub(crate) fn new(keys: Vec<K>) -> Self {
        let keys = sorted_keys(keys);
        let vals = keys.iter().map(|_| None).collect();
        Slots { keys, vals }
    }

    /// The value of `key`, set by `init` if it has none yet. A key not given to [`Self::new`]
    /// is an [`Error::Internal`] at `field` (the callers give every key they use).
    pub(crate) fn get_or_insert_with(&mut self, key: &K, init: impl FnOnce() -> V, field: &str) -> Result<&mut V> {
        match self.keys.binary_search(key).ok().and_then(|i| self.vals.get_mut(i)) {
            Some(v) => Ok(v.get_or_insert_with(init)),
            None => Err(Error::Internal { field: field.to_string(), value: "a key missing from the slots".into() }),
        }
    }

    /// The keys that received a value, with it, in key order.
    pub(crate) fn into_sorted(self) -> impl Iterator<Item = (K, V)> {
        self.keys.into_iter().zip(self.vals).filter_map(|(k, v)| v.map(|v| (k, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_repeat_is_what_a_set_finds_first() {
        let cases: [&[u32]; 6] = [&[], &[1], &[1, 2, 3], &[3, 1, 3, 1], &[5, 4, 4, 5], &[2, 9, 7, 9, 2, 7]];
        for items in cases {
            let mut seen = std::collections::BTreeSet::new();
            let expected = items.iter().position(|x| !seen.insert(*x));
            assert_eq!(first_repeat(items, |a, b| a.cmp(b)), expected, "{items:?}");
        }
    }

    #[test]
    fn slots_read_back_like_a_map() {
        let keys = vec!["b", "a", "c", "a"];
        let mut slots: Slots<&str, u32> = Slots::new(keys);
        let mut map = std::collections::BTreeMap::new();
        for (k, v) in [("c", 1), ("a", 2), ("c", 3)] {
            *slots.get_or_insert_with(&k, || 0, "x").unwrap() += v;
            *map.entry(k).or_insert(0) += v;
        }
        assert_eq!(slots.get_or_insert_with(&"z", || 0, "x").unwrap_err().code(), "internal");
        assert_eq!(slots.into_sorted().collect::<Vec<_>>(), map.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn same_order_as_sort_by() {
        // Stability: equal keys keep their input order, as `sort_by` keeps them.
        let input: Vec<(u32, u32)> = (0..200u32).map(|i| ((i * 7919) % 13, i)).collect();
        let mut expected = input.clone();
        expected.sort_by_key(|a| a.0);
        let mut got = input;
        sort_stable_by(&mut got, |a, b| a.0.cmp(&b.0));
        assert_eq!(got, expected);
        let mut one = vec![3];
        sort_stable_by(&mut one, |a: &i32, b: &i32| a.cmp(b));
        assert_eq!(one, vec![3]);
    }
}
