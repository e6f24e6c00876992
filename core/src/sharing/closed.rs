//! Closed forms of the Shapley value (沙普利值的解析解) for any number of players.
//!
//! | game | closed form | work |
//! |---|---|---|
//! | additive | `φ_i = v_i` | `n` |
//! | Harsanyi dividends | `φ_i = Σ_{T ∋ i} d_T / |T|` (each dividend shared equally in its coalition) | `Σ |T|` plus one big multiply-add per (player, coalition size) |
//! | airport | Littlechild–Owen serial shares ([`super::airport()`]) | `n log n` |
//! | weighted majority, integer weights | `φ_i = value × Σ_s swing_i(s) · s!(n−1−s)! / n!`, `swing_i(s)` the coalitions of `s` other players with weight in `[quota − w_i, quota)`, counted by a dynamic programme over (size, weight) | `n² × quota` |
//!
//! Every value is an exact rational (`BigRationals`, exact fractions over one denominator): dividends over `lcm` of the
//! coalition sizes, weighted majority over `n!`. The weighted-majority programme is the
//! only one whose work is not linear in the input; it is bounded by
//! [`MAX_MAJORITY_STEPS`] and [`MAX_MAJORITY_CELLS`] and refused with `limit_exceeded`
//! naming `weighted_majority.quota` beyond them.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::One;

use super::airport::serial_shares;
use super::bigrat::BigRationals;
use super::game::{Compiled, Kind};
use crate::error::{Error, Result};
use crate::explain::Explanation;

/// The most elementary steps (`n² × quota`, quota in units of the weights' common scale) of
/// the weighted-majority programme: about 2 s on one core of the reference machine.
///
/// Fuzz builds (`cfg(fuzzing)`, set by cargo-fuzz) take a budget 100 times smaller: the campaign
/// found an input at the full budget that runs 4.3 s in the fuzz build and 21.6 s under
/// AddressSanitizer, past the smoke run's timeout (then 10 s; the input is in
/// `fuzz/campaign/sharing.tar.gz`, which every smoke run replays).
pub const MAX_MAJORITY_STEPS: u64 = if cfg!(fuzzing) { 10_000_000 } else { 1_000_000_000 };

/// The most cells (`(n + 1) × quota`) of the weighted-majority count table (16 bytes each: 64 MB).
pub const MAX_MAJORITY_CELLS: u64 = 4_000_000;

/// A closed-form result: the exact values, `v(N)` at the game's scale and the explanation.
#[derive(Debug)]
pub(crate) struct Closed {
    pub(crate) values: BigRationals,
    pub(crate) grand: i128,
    pub(crate) explanation: Explanation,
}

fn overflow(field: &str) -> Error {
    Error::overflow(field, "sum beyond 128-bit integers")
}

/// The closed form of `g`, or `None` for an explicit game (which has none).
pub(crate) fn closed_form(g: &Compiled) -> Option<Result<Closed>> {
    Some(match &g.kind {
        Kind::Explicit(_) => return None,
        Kind::Additive(v) => additive(g, v),
        Kind::Dividends(list, _) => dividends(g, list),
        Kind::Airport(c) => airport(g, c),
        Kind::Majority { weights, quota, value } => majority(g, weights, *quota, *value),
    })
}

fn explanation(g: &Compiled, form: &str, formula: &str) -> Explanation {
    Explanation::new("sharing.shapley", format!("Shapley value 沙普利值 (closed form 解析解: {form})"), formula).input("players n", g.n())
}

fn additive(g: &Compiled, v: &[i128]) -> Result<Closed> {
    let grand = v.iter().try_fold(0i128, |s, x| s.checked_add(*x)).ok_or_else(|| overflow("additive.values"))?;
    let explanation = explanation(g, "additive game 可加博弈", "φ_i = v_i");
    Ok(Closed { values: BigRationals::from_i128(v, 1, g.scale), grand, explanation })
}

fn dividends(g: &Compiled, list: &[(Vec<u32>, i128)]) -> Result<Closed> {
    let n = g.n();
    // Bucket the dividends by coalition size; L = lcm of the sizes present.
    let mut by_size: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    let mut grand: i128 = 0;
    for (t, (ms, d)) in list.iter().enumerate() {
        if let Some(b) = by_size.get_mut(ms.len()) {
            b.push(t);
        }
        grand = grand.checked_add(*d).ok_or_else(|| overflow("dividends.dividends"))?;
    }
    let mut l = BigUint::one();
    for (k, b) in by_size.iter().enumerate() {
        if !b.is_empty() && k > 0 {
            l = l.lcm(&BigUint::from(k as u64));
        }
    }
    let mut nums = vec![BigInt::default(); n];
    let mut acc = vec![0i128; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut sizes = 0usize;
    for (k, b) in by_size.iter().enumerate() {
        if b.is_empty() || k == 0 {
            continue;
        }
        sizes += 1;
        for &t in b {
            let Some((ms, d)) = list.get(t) else { continue };
            for &m in ms {
                if let Some(a) = acc.get_mut(m as usize) {
                    if *a == 0 {
                        touched.push(m);
                    }
                    *a = a.checked_add(*d).ok_or_else(|| overflow("dividends.dividends"))?;
                }
            }
        }
        // Each member's share of a size-k dividend is d / k = d × (L / k) / L.
        let factor = BigInt::from(&l / BigUint::from(k as u64));
        for m in touched.drain(..) {
            let i = m as usize;
            if let (Some(a), Some(x)) = (acc.get_mut(i), nums.get_mut(i)) {
                if *a != 0 {
                    *x += &factor * BigInt::from(*a);
                }
                *a = 0;
            }
        }
    }
    let explanation = explanation(g, "Harsanyi dividends 哈萨尼红利", "φ_i = Σ_{T∋i} d_T / |T|")
        .input("dividends", list.len())
        .input("coalition sizes present", sizes)
        .input("common denominator lcm of the sizes (digits)", l.to_string().len());
    Ok(Closed { values: BigRationals { nums, den: l, scale: g.scale }, grand, explanation })
}

fn airport(g: &Compiled, c: &[i128]) -> Result<Closed> {
    let serial = serial_shares(c, g.scale)?;
    let grand = c.iter().copied().max().unwrap_or(0);
    let mut explanation = explanation(g, "airport game 机场博弈, Littlechild–Owen", "φ_(i) = Σ_{j<=i} (c_(j) − c_(j−1)) / (n − j + 1), costs sorted ascending")
        .input("distinct cost levels", serial.levels);
    if !serial.exact {
        explanation = explanation.note("many distinct cost levels: shares on integers at 10^-47, each rounded half up to 10^-40 (see sharing.airport)");
    }
    Ok(Closed { values: serial.values, grand, explanation })
}

fn majority(g: &Compiled, weights: &[i128], quota: i128, value: i128) -> Result<Closed> {
    let n = g.n();
    let field = "weighted_majority.quota";
    let nn = n as u64;
    let q = u64::try_from(quota).unwrap_or(u64::MAX);
    let steps = nn.saturating_mul(nn).saturating_mul(q);
    if steps > MAX_MAJORITY_STEPS {
        return Err(Error::LimitExceeded {
            field: field.into(),
            value: format!("{n} players² × quota {q} (in units of the weights' scale) = {steps} steps"),
            max: MAX_MAJORITY_STEPS.to_string(),
        });
    }
    let cells = (nn + 1).saturating_mul(q);
    if cells > MAX_MAJORITY_CELLS {
        return Err(Error::LimitExceeded {
            field: field.into(),
            value: format!("({n} + 1) players × quota {q} = {cells} cells"),
            max: MAX_MAJORITY_CELLS.to_string(),
        });
    }
    let q = q as usize;
    let count_overflow = || Error::overflow(field, "coalition counts beyond 128 bits (more than about 125 players): use sampling");
    // c[s][w]: coalitions of s players with total weight w < quota.
    let mut c = vec![0u128; (n + 1) * q];
    if let Some(x) = c.first_mut() {
        *x = 1;
    }
    let small: Vec<Option<usize>> = weights.iter().map(|&w| usize::try_from(w).ok().filter(|&w| w < q)).collect();
    for (j, w) in small.iter().enumerate() {
        let Some(w) = *w else { continue };
        for s in (1..=j + 1).rev() {
            let (lo, hi) = c.split_at_mut(s * q);
            let (Some(prev), Some(row)) = (lo.get((s - 1) * q..), hi.get_mut(..q)) else { continue };
            for x in (w..q).rev() {
                let add = prev.get(x - w).copied().unwrap_or(0);
                if add != 0 {
                    if let Some(r) = row.get_mut(x) {
                        *r = r.checked_add(add).ok_or_else(count_overflow)?;
                    }
                }
            }
        }
    }
    // g[s] = s! (n−1−s)!, over n!.
    let mut fact = vec![BigUint::one(); n + 1];
    for k in 1..=n {
        let prev = fact.get(k - 1).cloned().unwrap_or_default();
        if let Some(f) = fact.get_mut(k) {
            *f = prev * BigUint::from(k as u64);
        }
    }
    let coeff: Vec<BigUint> = (0..n).map(|s| fact.get(s).cloned().unwrap_or_default() * fact.get(n - 1 - s).cloned().unwrap_or_default()).collect();
    let den = fact.get(n).cloned().unwrap_or_default();
    let value_big = BigInt::from(value);
    let mut nums = Vec::with_capacity(n);
    let mut prev_row = vec![0u128; q];
    let mut row = vec![0u128; q];
    for (i, w) in weights.iter().enumerate() {
        let wi = usize::try_from(*w).unwrap_or(usize::MAX);
        if wi == 0 {
            nums.push(BigInt::default());
            continue;
        }
        let from = q.saturating_sub(wi);
        let mut num = BigUint::default();
        // e[s][x] = c[s][x] − e[s−1][x − w_i]: coalitions of s players other than i.
        for s in 0..n {
            let Some(cs) = c.get(s * q..(s + 1) * q) else { break };
            for x in 0..q {
                let own = cs.get(x).copied().unwrap_or(0);
                let minus = if small.get(i).copied().flatten().is_some() && x >= wi { prev_row.get(x - wi).copied().unwrap_or(0) } else { 0 };
                if let Some(r) = row.get_mut(x) {
                    *r = own.checked_sub(minus).ok_or_else(count_overflow)?;
                }
            }
            let swing = row.get(from..).map_or(Some(0u128), |r| r.iter().try_fold(0u128, |a, x| a.checked_add(*x))).ok_or_else(count_overflow)?;
            if swing != 0 {
                if let Some(k) = coeff.get(s) {
                    num += k * BigUint::from(swing);
                }
            }
            std::mem::swap(&mut row, &mut prev_row);
        }
        nums.push(&value_big * BigInt::from(num));
        prev_row.iter_mut().for_each(|x| *x = 0);
    }
    let explanation = explanation(
        g,
        "weighted majority 加权多数博弈",
        "φ_i = value × Σ_s swing_i(s) · s!(n−1−s)!/n!, swing_i(s) = #{S ∌ i, |S| = s, quota − w_i <= w(S) < quota}",
    )
    .input("quota (scaled)", quota)
    .input("dynamic-programme steps n²·quota", steps);
    Ok(Closed { values: BigRationals { nums, den, scale: g.scale }, grand: grand_majority(weights, quota, value), explanation })
}

fn grand_majority(weights: &[i128], quota: i128, value: i128) -> i128 {
    let total = weights.iter().fold(0i128, |a, w| a.saturating_add(*w));
    if total >= quota {
        value
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sharing::game::Game;
    use crate::sharing::rng::Rng;
    use crate::sharing::shapley::exact_values;

    fn game(json: &str) -> Compiled {
        crate::doc::from_json::<Game>(json).unwrap().compile().unwrap()
    }

    /// The closed form and enumeration give the same decimals on random small games.
    #[test]
    fn closed_forms_match_enumeration() {
        let mut rng = Rng::new(11);
        for round in 0..60 {
            let n = 1 + (round % 8);
            let ids: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
            let pick = |rng: &mut Rng, hi: u64| rng.below(hi);
            let json = match round % 4 {
                0 => {
                    let vals: Vec<String> =
                        ids.iter().map(|id| format!(r#"{{"id":"{id}","value":"{}.{}"}}"#, pick(&mut rng, 50) as i64 - 20, pick(&mut rng, 100))).collect();
                    format!(r#"{{"additive":{{"values":[{}]}}}}"#, vals.join(","))
                }
                1 => {
                    let mut divs = Vec::new();
                    for mask in 1u64..(1 << n) {
                        if pick(&mut rng, 3) == 0 {
                            let ms: Vec<String> = (0..n).filter(|b| mask & (1 << b) != 0).map(|b| format!("\"p{b}\"")).collect();
                            divs.push(format!(
                                r#"{{"coalition":[{}],"dividend":"{}.{}"}}"#,
                                ms.join(","),
                                pick(&mut rng, 40) as i64 - 15,
                                pick(&mut rng, 1000)
                            ));
                        }
                    }
                    let ps: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
                    format!(r#"{{"dividends":{{"players":[{}],"dividends":[{}]}}}}"#, ps.join(","), divs.join(","))
                }
                2 => {
                    let cs: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","cost":"{}.{}"}}"#, pick(&mut rng, 9), pick(&mut rng, 100))).collect();
                    format!(r#"{{"airport":{{"costs":[{}]}}}}"#, cs.join(","))
                }
                _ => {
                    let ws: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","weight":"{}"}}"#, pick(&mut rng, 6))).collect();
                    format!(
                        r#"{{"weighted_majority":{{"weights":[{}],"quota":"{}","value":"{}.5"}}}}"#,
                        ws.join(","),
                        1 + pick(&mut rng, 12),
                        pick(&mut rng, 90)
                    )
                }
            };
            let g = game(&json);
            let closed = closed_form(&g).unwrap().unwrap();
            let enumerated = exact_values(&g).unwrap();
            for i in 0..n {
                assert_eq!(closed.values.decimal(i), Some(enumerated.values[i].value), "{json} player {i}");
            }
            assert_eq!(closed.grand, *g.dense().unwrap().last().unwrap(), "{json}");
        }
    }

    #[test]
    fn thousand_players_and_large_majority() {
        // 1,000 players, dividends of every size 1..=1000 over a prefix: the lcm of 1..=1000 has 433 digits.
        let ps: Vec<String> = (0..1000).map(|i| format!("\"p{i}\"")).collect();
        let divs: Vec<String> = (1..=1000)
            .map(|k| {
                let ms: Vec<&str> = ps.iter().take(k).map(String::as_str).collect();
                format!(r#"{{"coalition":[{}],"dividend":"{k}"}}"#, ms.join(","))
            })
            .collect();
        let g = game(&format!(r#"{{"dividends":{{"players":[{}],"dividends":[{}]}}}}"#, ps.join(","), divs.join(",")));
        let c = closed_form(&g).unwrap().unwrap();
        // Each size-k dividend of k gives 1 to each of its k members: player i is in 1000 − i of them.
        assert_eq!(c.values.decimal(0).unwrap().to_string(), "1000");
        assert_eq!(c.values.decimal(999).unwrap().to_string(), "1");
        // Symmetric majority: 100 equal weights, each gets value / n.
        let ws: Vec<String> = (0..100).map(|i| format!(r#"{{"id":"p{i}","weight":"100"}}"#)).collect();
        let g = game(&format!(r#"{{"weighted_majority":{{"weights":[{}],"quota":"5001","value":"1"}}}}"#, ws.join(",")));
        let c = closed_form(&g).unwrap().unwrap();
        assert_eq!(c.values.decimal(7).unwrap().to_string(), "0.01");
        let g = game(&format!(r#"{{"weighted_majority":{{"weights":[{}],"quota":"1000000","value":"1"}}}}"#, ws.join(",")));
        let e = closed_form(&g).unwrap().unwrap_err();
        assert_eq!((e.code(), e.field()), ("limit_exceeded", "weighted_majority.quota"));
    }
}
