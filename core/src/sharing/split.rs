//! Exact split (精确分配): an amount among parties by weights, to the cent, by the
//! largest-remainder method (最大余额法).
//!
//! Each party's exact share `A × w_i / Σw` is floored to the rounding unit (0.01 yuan by
//! default; the [`Rounding`]'s mode is not used, the method is the rounding rule); the
//! units left over (fewer than the number of parties) go one each to the parties with the
//! largest remainders. **Ties are broken by party id ascending** (byte order of the UTF-8
//! id), so the result depends only on the map id → weight, never on the order parties are
//! listed. Hence:
//!
//! - the shares add up to the amount exactly, and every share is within one unit of its
//!   exact value;
//! - a party with zero weight gets exactly zero;
//! - a loss (negative amount) splits symmetrically: split `|A|`, then negate every share;
//! - a per-party **maximum** (上限) is honoured: parties whose exact share would pass their
//!   maximum receive the maximum and the excess is shared pro rata among the others,
//!   repeatedly, until no one passes (water-filling, computed in one sweep over the parties
//!   sorted by `max / weight`). If every party with a positive weight is capped and money
//!   remains, the split is refused. For a loss the maximum bounds the share of the loss.
//!
//! All arithmetic is on integers: weights are scaled to their common number of decimal
//! places, the amount is counted in units, and `A × w_i` is formed in 256 bits when it does
//! not fit in 128. Scaled weights and their sum must fit in 128 bits (about 38 significant
//! digits across the list), otherwise the split is refused with [`Error::Overflow`].
//!
//! ```
//! use datafee::sharing::split::{split, SplitParty};
//! use datafee::{Amount, Rounding};
//! let parties = vec![
//!     SplitParty::new("a", "1".parse()?),
//!     SplitParty::new("b", "1".parse()?),
//!     SplitParty::new("c", "1".parse()?),
//! ];
//! let s = split(Amount::parse("100.00", "amount")?, &parties, &Rounding::cents())?;
//! let shares: Vec<String> = s.shares.iter().map(|a| a.to_string()).collect();
//! assert_eq!(shares, ["33.34", "33.33", "33.33"]); // the tie goes to the smallest id
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::exact::{self, cmp_products, mul_div_rem, U256};
use super::ids::check_unique;
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{Amount, Rounding};

/// The most parties one split accepts.
pub const MAX_SPLIT_PARTIES: usize = 2_000_000;

/// One party of a split: its id, its weight and an optional maximum share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitParty {
    /// The party's id (unique within the split).
    pub id: String,
    /// Its weight (non-negative; any scale, only ratios matter).
    #[serde(with = "crate::money::dec")]
    pub weight: Decimal,
    /// The most it may receive (a multiple of the rounding unit), if capped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Amount>,
}

impl SplitParty {
    /// A party without a maximum.
    pub fn new(id: impl Into<String>, weight: Decimal) -> Self {
        SplitParty { id: id.into(), weight, max: None }
    }

    /// The same party with a maximum share.
    #[must_use]
    pub fn with_max(mut self, max: Amount) -> Self {
        self.max = Some(max);
        self
    }
}

/// The result of a split: one share per party, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The shares, aligned with the parties as given.
    pub shares: Vec<Amount>,
    /// How the split was made (working paper).
    pub explanation: Explanation,
}

/// Split `total` among `parties` by weight, exactly to `rounding.unit`.
///
/// Errors: no parties ([`Error::Empty`] `parties`), a repeated id ([`Error::DuplicateId`]
/// `parties[i].id`), a negative weight ([`Error::OutOfRange`] `parties[i].weight`), all
/// weights zero ([`Error::AllZeroWeights`]), an amount or maximum that is not a multiple
/// of the unit ([`Error::Invalid`]), a negative maximum ([`Error::OutOfRange`]
/// `parties[i].max`), every weighted party capped with money left ([`Error::Invalid`]
/// `parties`), more than [`MAX_SPLIT_PARTIES`] parties ([`Error::LimitExceeded`]).
pub fn split(total: Amount, parties: &[SplitParty], rounding: &Rounding) -> Result<Split> {
    let input = Input {
        n: parties.len(),
        list: "parties",
        naming: Naming::Parties,
        id: |i: usize| parties.get(i).map_or("", |p| p.id.as_str()),
        weight: |i: usize| parties.get(i).map_or(Decimal::ZERO, |p| p.weight),
        max: |i: usize| parties.get(i).and_then(|p| p.max).map(Amount::get),
        any_max: parties.iter().any(|p| p.max.is_some()),
    };
    run(total, rounding, input)
}

/// Split `total` by parallel lists of ids and weights (no maxima): the fastest entry point,
/// for large splits. Errors name `ids[i]` and `weights[i]`.
///
/// ```
/// use datafee::sharing::split::split_weights;
/// use datafee::{Amount, Rounding};
/// let w = ["1".parse()?, "0".parse()?, "2".parse()?];
/// let s = split_weights(Amount::parse("-10.00", "a")?, &["x", "y", "z"], &w, &Rounding::cents())?;
/// let shares: Vec<String> = s.shares.iter().map(|a| a.to_string()).collect();
/// assert_eq!(shares, ["-3.33", "0.00", "-6.67"]);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn split_weights(total: Amount, ids: &[&str], weights: &[Decimal], rounding: &Rounding) -> Result<Split> {
    if ids.len() != weights.len() {
        return Err(Error::invalid(
            "weights",
            format!("{} weights for {} ids", weights.len(), ids.len()),
            "one weight per id",
        ));
    }
    let input = Input {
        n: ids.len(),
        list: "weights",
        naming: Naming::Lists,
        id: |i: usize| ids.get(i).copied().unwrap_or(""),
        weight: |i: usize| weights.get(i).copied().unwrap_or(Decimal::ZERO),
        max: |_: usize| None,
        any_max: false,
    };
    run(total, rounding, input)
}

#[derive(Clone, Copy)]
enum Naming {
    Parties,
    Lists,
}

impl Naming {
    fn weight(self, i: usize) -> String {
        match self {
            Naming::Parties => format!("parties[{i}].weight"),
            Naming::Lists => format!("weights[{i}]"),
        }
    }
    fn max(self, i: usize) -> String {
        format!("parties[{i}].max")
    }
}

struct Input<I, W, M> {
    n: usize,
    list: &'static str,
    naming: Naming,
    id: I,
    weight: W,
    max: M,
    any_max: bool,
}

fn run<'a, I, W, M>(total: Amount, rounding: &Rounding, input: Input<I, W, M>) -> Result<Split>
where
    I: Fn(usize) -> &'a str + Copy,
    W: Fn(usize) -> Decimal,
    M: Fn(usize) -> Option<Decimal>,
{
    let n = input.n;
    if n > MAX_SPLIT_PARTIES {
        return Err(Error::LimitExceeded {
            field: input.list.into(),
            value: n.to_string(),
            max: MAX_SPLIT_PARTIES.to_string(),
        });
    }
    match input.naming {
        Naming::Parties => check_unique(n, input.id, "parties", ".id")?,
        Naming::Lists => check_unique(n, input.id, "ids", "")?,
    }
    let unit = exact::unit_parts(rounding.unit, "rounding.unit")?;
    let units = exact::to_units(total.get(), unit, "amount")?;
    let (weights, scale) = scale_weights(n, &input.weight, |i| input.naming.weight(i))?;
    let caps = if input.any_max {
        let mut caps = Vec::with_capacity(n);
        for i in 0..n {
            caps.push(match (input.max)(i) {
                None => None,
                Some(m) => {
                    let field = input.naming.max(i);
                    if m.is_sign_negative() && !m.is_zero() {
                        return Err(Error::out_of_range(field, m, ">= 0"));
                    }
                    Some(exact::to_units(m, unit, &field)?.unsigned_abs())
                }
            });
        }
        Some(caps)
    } else {
        None
    };
    let outcome = apportion(units, &weights, caps.as_deref(), input.id, input.list)?;
    let mut shares = Vec::with_capacity(n);
    for u in &outcome.units {
        shares.push(Amount::new(exact::from_units(*u, unit, input.list)?));
    }
    let sum_w = i128::try_from(outcome.total_weight)
        .ok()
        .and_then(|w| exact::rational_to_decimal(w, 1, scale))
        .map_or_else(|| format!("{} x 10^-{scale}", outcome.total_weight), |d| d.to_string());
    let mut explanation = Explanation::new(
        "sharing.split",
        "Exact split 精确分配 (largest remainder 最大余额法)",
        "share_i = floor(A x w_i / Σw, unit) + one unit to each of the L largest remainders",
    )
    .input("A", total)
    .input("unit", exact::unit_decimal(unit))
    .input("parties", n)
    .input("Σw", sum_w)
    .input("L (units handed by remainder)", outcome.handed)
    .result(format!("Σ shares = {total}"))
    .rounding(format!("largest remainder to {}; ties by party id ascending", exact::unit_decimal(unit)))
    .note("the result depends only on each party's id and weight, not on the order listed");
    if outcome.capped > 0 {
        explanation = explanation
            .input("parties held at their maximum", outcome.capped)
            .note("parties whose pro rata share passed their maximum get the maximum; the excess is shared pro rata among the others");
    }
    if units < 0 {
        explanation = explanation.note("a loss is split as |A| and every share negated (symmetric to a gain)");
    }
    Ok(Split { shares, explanation })
}

/// Scale decimal weights to integers at their common number of decimal places; check
/// each is non-negative and that not all are zero.
pub(crate) fn scale_weights<W, F>(n: usize, weight: &W, field: F) -> Result<(Vec<u128>, u32)>
where
    W: Fn(usize) -> Decimal,
    F: Fn(usize) -> String,
{
    let mut scale = 0;
    for i in 0..n {
        let w = weight(i);
        if w.is_sign_negative() && !w.is_zero() {
            return Err(Error::out_of_range(field(i), w, ">= 0"));
        }
        scale = scale.max(w.scale());
    }
    let direct = (0..n).map(|i| exact::to_scaled(weight(i), scale).map(|x| x.unsigned_abs())).collect::<Option<Vec<_>>>();
    let (weights, scale) = match direct {
        Some(v) => (v, scale),
        None => {
            // Retry at the smallest common scale (trailing zeros dropped).
            let scale = (0..n).map(|i| exact::min_scale(weight(i))).max().unwrap_or(0);
            let mut v = Vec::with_capacity(n);
            for i in 0..n {
                let w = weight(i);
                v.push(exact::scaled(w, scale, &field(i))?.unsigned_abs());
            }
            (v, scale)
        }
    };
    Ok((weights, scale))
}

/// The outcome of an apportionment in units.
pub(crate) struct Apportioned {
    /// Units per party, signed like the total.
    pub(crate) units: Vec<i128>,
    /// Units handed out by largest remainder.
    pub(crate) handed: u128,
    /// Parties held at their maximum.
    pub(crate) capped: usize,
    /// Σ weights (scaled).
    pub(crate) total_weight: u128,
}

/// Apportion `total` units by integer weights, with optional caps (in units of |share|),
/// largest remainder, ties by id ascending. `list` names the list in errors.
pub(crate) fn apportion<'a, I>(
    total: i128,
    weights: &[u128],
    caps: Option<&[Option<u128>]>,
    id: I,
    list: &str,
) -> Result<Apportioned>
where
    I: Fn(usize) -> &'a str + Copy,
{
    let n = weights.len();
    let mut total_weight: u128 = 0;
    for w in weights {
        total_weight = total_weight
            .checked_add(*w)
            .ok_or_else(|| Error::overflow(list, "sum of the scaled weights beyond 128 bits"))?;
    }
    if total_weight == 0 {
        return Err(Error::AllZeroWeights { field: list.to_string(), value: n.to_string() });
    }
    let negative = total < 0;
    let mut left = total.unsigned_abs();
    let mut out = vec![0u128; n];
    let mut fixed = vec![false; n];
    let mut capped = 0;
    let mut active_weight = total_weight;
    if let Some(caps) = caps {
        // Water-filling: parties in increasing max / weight; cap while the pro rata share
        // of what is left passes the maximum.
        let mut order: Vec<u32> = (0..n)
            .filter(|&i| weights.get(i).is_some_and(|w| *w > 0) && caps.get(i).is_some_and(Option::is_some))
            .map(|i| i as u32)
            .collect();
        let cap_of = |i: u32| caps.get(i as usize).copied().flatten().unwrap_or(0);
        let w_of = |i: u32| weights.get(i as usize).copied().unwrap_or(0);
        order.sort_unstable_by(|&a, &b| cmp_products(cap_of(a), w_of(b), cap_of(b), w_of(a)).then(a.cmp(&b)));
        for k in order {
            let (c, w) = (cap_of(k), w_of(k));
            if U256::mul(left, w) <= U256::mul(c, active_weight) {
                break;
            }
            if let Some(o) = out.get_mut(k as usize) {
                *o = c;
            }
            if let Some(f) = fixed.get_mut(k as usize) {
                *f = true;
            }
            capped += 1;
            left -= c; // c < left × w / active_weight <= left
            active_weight -= w;
            if active_weight == 0 {
                let unit_left = if negative { -(left as i128) } else { left as i128 };
                return Err(Error::invalid(
                    list,
                    format!("{unit_left} units left"),
                    "every party with a positive weight has reached its maximum and money remains",
                ));
            }
        }
    }
    let mut assigned: u128 = 0;
    let mut cands: Vec<(u128, u32)> = Vec::new();
    for (i, (w, o)) in weights.iter().zip(out.iter_mut()).enumerate() {
        if *w == 0 || fixed.get(i).copied().unwrap_or(false) {
            continue;
        }
        let (q, r) = mul_div_rem(left, *w, active_weight)
            .ok_or_else(|| Error::overflow(list, "share beyond 128 bits"))?;
        *o = q;
        assigned += q;
        if r > 0 {
            cands.push((r, i as u32));
        }
    }
    let handed = left - assigned;
    for i in award(&mut cands, handed, id) {
        if let Some(o) = out.get_mut(i) {
            *o += 1;
        }
    }
    let units = out.into_iter().map(|u| if negative { -(u as i128) } else { u as i128 }).collect();
    Ok(Apportioned { units, handed, capped, total_weight })
}

/// Round exact values `nums[i] / (den × 10^scale)` that add up to `total` units (of
/// `unit`) to whole units by largest remainder, ties by id ascending. Values may be
/// negative (floors go toward −∞). `list` names the list in errors.
pub(crate) fn round_rationals<'a, I>(
    nums: &[i128],
    den: u128,
    scale: u32,
    unit: (u128, u32),
    total: i128,
    id: I,
    list: &str,
) -> Result<Vec<i128>>
where
    I: Fn(usize) -> &'a str,
{
    let overflow = || Error::overflow(list, "exact values in units beyond 128 bits");
    let (um, us) = unit;
    let (mult, den) = if us >= scale {
        (exact::pow10(us - scale).ok_or_else(overflow)?, den.checked_mul(um).ok_or_else(overflow)?)
    } else {
        let p = exact::pow10(scale - us).ok_or_else(overflow)?;
        (1, den.checked_mul(p).and_then(|d| d.checked_mul(um)).ok_or_else(overflow)?)
    };
    let den = i128::try_from(den).map_err(|_| overflow())?;
    let mult = i128::try_from(mult).map_err(|_| overflow())?;
    let mut out = Vec::with_capacity(nums.len());
    let mut cands = Vec::new();
    let mut floors: i128 = 0;
    for (i, x) in nums.iter().enumerate() {
        let a = x.checked_mul(mult).ok_or_else(overflow)?;
        let q = a.div_euclid(den);
        let r = a.rem_euclid(den);
        floors = floors.checked_add(q).ok_or_else(overflow)?;
        out.push(q);
        if r > 0 {
            cands.push((r as u128, i as u32));
        }
    }
    let left = total.checked_sub(floors).ok_or_else(overflow)?;
    if left < 0 || left as u128 > cands.len() as u128 {
        return Err(Error::invalid(list, format!("{left} units"), "the values do not add up to the total"));
    }
    for i in award(&mut cands, left as u128, id) {
        if let Some(o) = out.get_mut(i) {
            *o += 1;
        }
    }
    Ok(out)
}

/// The indices of the `count` candidates with the largest remainders, ties by id
/// ascending. `count` is below the number of candidates by construction.
pub(crate) fn award<'a, I>(cands: &mut [(u128, u32)], count: u128, id: I) -> Vec<usize>
where
    I: Fn(usize) -> &'a str,
{
    let count = usize::try_from(count).unwrap_or(usize::MAX).min(cands.len());
    if count == 0 {
        return Vec::new();
    }
    if count == cands.len() {
        return cands.iter().map(|c| c.1 as usize).collect();
    }
    // The count-th largest remainder is the threshold: everything above it wins, and the
    // smallest ids among those equal to it fill the rest.
    let (_, nth, _) = cands.select_nth_unstable_by(count - 1, |a, b| b.0.cmp(&a.0));
    let threshold = nth.0;
    let mut winners: Vec<usize> = cands.iter().filter(|c| c.0 > threshold).map(|c| c.1 as usize).collect();
    let need = count - winners.len();
    let mut ties: Vec<usize> = cands.iter().filter(|c| c.0 == threshold).map(|c| c.1 as usize).collect();
    if need < ties.len() && need > 0 {
        ties.select_nth_unstable_by(need - 1, |a, b| id(*a).cmp(id(*b)));
    }
    winners.extend(ties.into_iter().take(need));
    winners
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn shares(total: &str, ws: &[(&str, &str)]) -> Vec<String> {
        let parties: Vec<SplitParty> = ws.iter().map(|(id, w)| SplitParty::new(*id, d(w))).collect();
        split(Amount::new(d(total)), &parties, &Rounding::cents())
            .unwrap()
            .shares
            .iter()
            .map(|a| a.to_string())
            .collect()
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
        let p = vec![
            SplitParty::new("a", d("1")).with_max(Amount::new(d("10.00"))),
            SplitParty::new("b", d("0")),
        ];
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
        let p = vec![SplitParty::new("a", d("1000000000000000000000000000")), SplitParty::new("b", d("0.0000000000000000000000000001"))];
        let e = split(Amount::new(d("1.00")), &p, &Rounding::cents()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("overflow", "parties[0].weight"));
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
}
