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

use std::cmp::Ordering;

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

#[cfg(test)]
mod tests {
    use super::*;

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
