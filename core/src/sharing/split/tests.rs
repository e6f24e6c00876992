//! Tests of [`super`] (split.rs).

use super::*;
use crate::sharing::apportion::{Divider, HISTOGRAM_FROM};
use crate::sharing::ids::check_unique_hashed;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn shares(total: &str, ws: &[(&str, &str)]) -> Vec<String> {
    let parties: Vec<SplitParty> = ws.iter().map(|(id, w)| SplitParty::new(*id, d(w))).collect();
    split(Amount::new(d(total)), &parties, &Rounding::cents()).unwrap().shares.iter().map(|a| a.to_string()).collect()
}

#[test]
fn ties_go_to_smallest_id_whatever_the_order() {
    assert_eq!(shares("100.00", &[("c", "1"), ("a", "1"), ("b", "1")]), ["33.33", "33.34", "33.33"]);
    assert_eq!(shares("0.02", &[("b", "1"), ("c", "1"), ("a", "1")]), ["0.01", "0.00", "0.01"]);
}

#[test]
fn largest_remainders_first() {
    // exact 1.428571.., 2.857142.., 5.714285..: floors 1.42 2.85 5.71 = 9.98, two cents left;
    // remainders .8571, .7142, .4285 (x 0.01) -> a and b
    assert_eq!(shares("10.00", &[("a", "1"), ("b", "2"), ("c", "4")]), ["1.43", "2.86", "5.71"]);
    assert_eq!(shares("-10.00", &[("a", "1"), ("b", "2"), ("c", "4")]), ["-1.43", "-2.86", "-5.71"]);
    assert_eq!(shares("0.00", &[("a", "1"), ("b", "2")]), ["0.00", "0.00"]);
    assert_eq!(shares("5", &[("a", "0.5"), ("b", "0"), ("c", "1.25")]), ["1.43", "0.00", "3.57"]);
}

#[test]
fn maxima_are_water_filled() {
    let p = vec![
        SplitParty::new("a", d("1")).with_max(Amount::new(d("10.00"))),
        SplitParty::new("b", d("1")),
        SplitParty::new("c", d("2")).with_max(Amount::new(d("50.00"))),
    ];
    // pro rata 25 / 25 / 50: a capped at 10, 90 left between b (1) and c (2): 30 / 60,
    // c capped at 50, b takes 40.
    let s = split(Amount::new(d("100.00")), &p, &Rounding::cents()).unwrap();
    let got: Vec<String> = s.shares.iter().map(|a| a.to_string()).collect();
    assert_eq!(got, ["10.00", "40.00", "50.00"]);
    let p = vec![SplitParty::new("a", d("1")).with_max(Amount::new(d("10.00"))), SplitParty::new("b", d("0"))];
    let e = split(Amount::new(d("20.00")), &p, &Rounding::cents()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "parties"));
}

#[test]
fn refusals() {
    let c = Rounding::cents();
    let e = split(Amount::new(d("1")), &[], &c).unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty", "parties"));
    let p = vec![SplitParty::new("a", d("1")), SplitParty::new("a", d("2"))];
    let e = split(Amount::new(d("1")), &p, &c).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", "parties[1].id"));
    let p = vec![SplitParty::new("a", d("1")), SplitParty::new("b", d("-2"))];
    let e = split(Amount::new(d("1")), &p, &c).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "parties[1].weight"));
    let e = split_weights(Amount::new(d("1")), &["a", "b"], &[d("0"), d("-1")], &c).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "weights[1]"));
    let p = vec![SplitParty::new("a", d("0")), SplitParty::new("b", d("0.00"))];
    let e = split(Amount::new(d("1")), &p, &c).unwrap_err();
    assert_eq!(e.code(), "all_zero_weights");
    let p = vec![SplitParty::new("a", d("1"))];
    let e = split(Amount::new(d("1.005")), &p, &c).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "amount"));
    let p = vec![SplitParty::new("a", d("1")).with_max(Amount::new(d("0.001")))];
    let e = split(Amount::new(d("1")), &p, &c).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "parties[0].max"));
}

#[test]
fn too_many_parties() {
    let ids = vec![""; MAX_SPLIT_PARTIES + 1];
    let ws = vec![Decimal::ONE; MAX_SPLIT_PARTIES + 1];
    let e = split_weights(Amount::new(d("1")), &ids, &ws, &Rounding::cents()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("limit_exceeded", "weights"));
    let e = split_weights(Amount::new(d("1")), &["a"], &[], &Rounding::cents()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "weights"));
}

#[test]
fn wide_weights_and_amounts() {
    // A product beyond 128 bits: 10^24 yuan in cents times a 28-digit weight.
    let big = "1000000000000000000000000.00";
    let got = shares(big, &[("a", "0.3333333333333333333333333333"), ("b", "0.6666666666666666666666666667")]);
    assert_eq!(got, ["333333333333333333333333.33", "666666666666666666666666.67"]);
    // Weights spanning 10^55 (beyond 128 bits): exact on big integers. 1.00 by 10^27 : 10^-28
    // gives b 10^-55 of a cent: all to a. 1.00 by 7.9e28 : 1e-28 : 7.9e28 → 0.50 / 0.00 / 0.50.
    let p = vec![SplitParty::new("a", d("1000000000000000000000000000")), SplitParty::new("b", d("0.0000000000000000000000000001"))];
    let s = split(Amount::new(d("1.00")), &p, &Rounding::cents()).unwrap();
    assert_eq!(s.shares.iter().map(|a| a.to_string()).collect::<Vec<_>>(), ["1.00", "0.00"]);
    let got = shares("1.01", &[("c", "79228162514264337593543950335"), ("b", "0.0000000000000000000000000001"), ("a", "79228162514264337593543950335")]);
    assert_eq!(got, ["0.50", "0.00", "0.51"]);
    let got = shares("-1.01", &[("c", "79228162514264337593543950335"), ("b", "0.0000000000000000000000000001"), ("a", "79228162514264337593543950335")]);
    assert_eq!(got, ["-0.50", "0.00", "-0.51"]);
    // With a maximum the big path is not taken.
    let p = vec![
        SplitParty::new("a", d("1000000000000000000000000000")).with_max(Amount::new(d("0.50"))),
        SplitParty::new("b", d("0.0000000000000000000000000001")),
    ];
    let e = split(Amount::new(d("1.00")), &p, &Rounding::cents()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("overflow", "parties[0].weight"));
}

/// The first position whose id repeats an earlier one, by brute force.
fn naive_first_repeat(ids: &[String]) -> Option<usize> {
    (0..ids.len()).find(|&i| ids[..i].contains(&ids[i]))
}

#[test]
fn repeated_ids_found_at_their_first_repeat() {
    let mut rng = crate::sharing::rng::Rng::new(7);
    let poor = |b: &[u8]| (b.len() as u64) << 60; // every id of a length collides
    for n in [1usize, 2, 3, 50, 300, 5000] {
        for round in 0..20u64 {
            // ids from a small alphabet, so repeats are common; some rounds all distinct
            let span = if round % 4 == 0 { 1_000_000 } else { (n as u64 * 3 / 2).max(2) };
            let ids: Vec<String> = (0..n).map(|_| format!("p{}", rng.next_u64() % span)).collect();
            let want = naive_first_repeat(&ids);
            let mut answers = vec![check_unique_ids(n, |i| ids[i].as_str(), "parties", ".id")];
            if n <= 300 {
                answers.push(check_unique_hashed(n, |i| ids[i].as_str(), "parties", ".id", poor));
            }
            for got in answers {
                match want {
                    None => assert!(got.is_ok(), "n {n} round {round}"),
                    Some(i) => {
                        let e = got.unwrap_err();
                        assert_eq!((e.code(), e.field(), e.value()), ("duplicate_id", format!("parties[{i}].id").as_str(), ids[i].as_str()));
                    }
                }
            }
        }
    }
    let e = check_unique_ids(0, |_| "", "ids", "").unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty", "ids"));
}

#[test]
fn matches_a_naive_largest_remainder() {
    // Floors and remainders in plain u128 arithmetic, then a full sort by (remainder
    // descending, id ascending): the textbook method, against the selection-based one.
    let mut rng = crate::sharing::rng::Rng::new(11);
    for round in 0..300u64 {
        let n = 1 + rng.below(40) as usize;
        let mut ids: Vec<String> = (0..n).map(|i| format!("q{:03}", (i * 7919) % 1000)).collect();
        rng.shuffle(&mut ids);
        let ws: Vec<u128> = (0..n).map(|_| if rng.below(5) == 0 { 0 } else { 1 + rng.below(if round % 2 == 0 { 4 } else { 100_000 }) as u128 }).collect();
        if ws.iter().all(|w| *w == 0) {
            continue;
        }
        let cents = rng.below(10_000_000) as i128 * if round % 3 == 0 { -1 } else { 1 };
        let big_w: u128 = ws.iter().sum();
        let a = cents.unsigned_abs();
        let mut want: Vec<u128> = ws.iter().map(|w| a * w / big_w).collect();
        let mut order: Vec<usize> = (0..n).filter(|&i| !(a * ws[i]).is_multiple_of(big_w)).collect();
        order.sort_by(|&x, &y| (a * ws[y] % big_w).cmp(&(a * ws[x] % big_w)).then(ids[x].cmp(&ids[y])));
        let left = a - want.iter().sum::<u128>();
        for &i in order.iter().take(left as usize) {
            want[i] += 1;
        }
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let weights: Vec<Decimal> = ws.iter().map(|w| Decimal::from_i128_with_scale(*w as i128, 3)).collect();
        let got = split_weights(Amount::new(Decimal::new(cents as i64, 2)), &refs, &weights, &Rounding::cents()).unwrap();
        for (i, share) in got.shares.iter().enumerate() {
            let w = want[i] as i64 * if cents < 0 { -1 } else { 1 };
            assert_eq!(share.get(), Decimal::new(w, 2), "round {round} party {i}");
        }
    }
}

#[test]
fn the_histogram_path_matches_the_selection() {
    // Long lists (the histogram path) against a naive largest remainder computed here, for
    // heavy ties, spread remainders and a few weighted parties among many zeros; a loss.
    let mut rng = crate::sharing::rng::Rng::new(5);
    for round in 0..6u64 {
        let n = HISTOGRAM_FROM + rng.below(5_000) as usize;
        let mut ids: Vec<String> = (0..n).map(|i| format!("h{i:06}")).collect();
        rng.shuffle(&mut ids);
        let ws: Vec<u128> = (0..n)
            .map(|i| match round % 3 {
                0 => 1 + (i as u128 % 7),              // heavy ties
                1 => rng.below(1_000_000_000) as u128, // spread remainders
                _ => {
                    if i % 1000 == 0 {
                        1 + rng.below(50) as u128
                    } else {
                        0
                    }
                } // few weighted
            })
            .collect();
        let cents = 1 + rng.below(1_000_000_000_000) as i128;
        let big_w: u128 = ws.iter().sum();
        let a = cents as u128;
        let mut want: Vec<u128> = ws.iter().map(|w| a * w / big_w).collect();
        let mut order: Vec<usize> = (0..n).filter(|&i| !(a * ws[i]).is_multiple_of(big_w)).collect();
        order.sort_by(|&x, &y| (a * ws[y] % big_w).cmp(&(a * ws[x] % big_w)).then(ids[x].cmp(&ids[y])));
        let left = a - want.iter().sum::<u128>();
        for &i in order.iter().take(left as usize) {
            want[i] += 1;
        }
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let got = apportion(-cents, &ws, None, |i| refs[i], "weights").unwrap();
        assert_eq!(got.handed, left);
        for (i, (u, w)) in got.units.iter().zip(&want).enumerate() {
            assert_eq!(*u, -(*w as i128), "round {round} party {i}");
        }
    }
}

#[test]
fn divider_is_exact() {
    let mut rng = crate::sharing::rng::Rng::new(3);
    let mut divisors: Vec<u64> = vec![1, 2, 3, 5, 7, 10, 641, 1 << 32, (1 << 32) + 1, u64::MAX, u64::MAX - 1, 1 << 63, (1 << 63) + 1, (1 << 63) - 1];
    divisors.extend((0..200).map(|_| rng.next_u64() >> rng.below(64)));
    for d in divisors.into_iter().filter(|d| *d > 0) {
        let div = Divider::new(d);
        let mut dividends = vec![0, 1, d - 1, d, d.wrapping_add(1), u64::MAX, u64::MAX - 1, u64::MAX / d * d, (u64::MAX / d * d).wrapping_sub(1)];
        dividends.extend((0..200).map(|_| rng.next_u64() >> rng.below(64)));
        for n in dividends {
            assert_eq!(div.div_rem(n), (n / d, n % d), "{n} / {d}");
        }
    }
}

#[test]
fn many_parties() {
    let ids: Vec<String> = (0..100_000).map(|i| format!("p{i:06}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let ws: Vec<Decimal> = (0..100_000).map(|i| Decimal::from(i % 7)).collect();
    let s = split_weights(Amount::new(d("123456.78")), &refs, &ws, &Rounding::cents()).unwrap();
    let total: Decimal = s.shares.iter().map(|a| a.get()).sum();
    assert_eq!(total, d("123456.78"));
}
