//! The airport game and serial cost sharing (机场博弈 / 序列成本分摊).
//!
//! A shared facility (a platform, a data pipeline) is sized for its most demanding user:
//! party `i` alone would need a facility costing `c_i`, and together they need `max c_i`.
//! Littlechild and Owen (1973) showed that the Shapley value of this game splits each
//! **increment** of capacity equally among the parties that need it. Sorting the costs
//! `c_(1) <= c_(2) <= ... <= c_(n)` (with `c_(0) = 0`):
//!
//! `share_(i) = Σ_{j<=i} (c_(j) − c_(j−1)) / (n − j + 1)`
//!
//! Equal costs get equal shares (an increment of zero adds nothing), and the shares add up
//! to `max c_i`. The shares are computed as exact fractions over the least common multiple
//! of the group sizes used while it fits 128 bits (beyond that, on integers at the common
//! scale 10^-47, rounded to 10^-40: see `serial_shares`), reported as decimals (rounded half away from zero at 28
//! digits), and as amounts to the rounding unit by largest remainder (ties by id ascending)
//! that add up to `max c_i` exactly.
//!
//! ```
//! use datafee::sharing::airport::{airport, PlayerCost};
//! use datafee::{Amount, Rounding};
//! let costs = vec![
//!     PlayerCost::new("a", Amount::parse("10", "c")?),
//!     PlayerCost::new("b", Amount::parse("20", "c")?),
//!     PlayerCost::new("c", Amount::parse("30", "c")?),
//! ];
//! let r = airport(&costs, &Rounding::cents())?;
//! let cents: Vec<String> = r.shares.iter().map(|s| s.rounded.to_string()).collect();
//! assert_eq!(cents, ["3.34", "8.33", "18.33"]); // equal remainders: the extra cent goes to "a"
//! Ok::<(), datafee::Error>(())
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use num_bigint::{BigInt, BigUint};

use super::bigrat::{pow10, BigRationals};
use super::exact;
use super::ids::check_unique;
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{Amount, Rounding};

/// The most parties in one serial cost split.
pub const MAX_AIRPORT_PARTIES: usize = 100_000;

/// A party's stand-alone cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlayerCost {
    /// The party's id.
    pub id: String,
    /// The cost of a facility serving it alone (non-negative).
    pub cost: Amount,
}

impl PlayerCost {
    /// A party and its cost.
    pub fn new(id: impl Into<String>, cost: Amount) -> Self {
        PlayerCost { id: id.into(), cost }
    }
}

/// One party's serial cost share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AirportShare {
    /// The party's id.
    pub id: String,
    /// The exact share (28 digits).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub share: Decimal,
    /// The share to the rounding unit (largest remainder; the rounded shares add up to the total).
    pub rounded: Amount,
}

/// Serial cost shares, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AirportResult {
    /// The cost shared: the largest cost.
    pub total: Amount,
    /// One share per party, in input order.
    pub shares: Vec<AirportShare>,
    /// How the shares were computed.
    pub explanation: Explanation,
}

/// Share the cost of a facility sized for the largest `cost` by the Littlechild–Owen rule.
///
/// Errors (fields relative to the list, `costs[i].cost`): no parties ([`Error::Empty`]), a
/// repeated id ([`Error::DuplicateId`]), a negative cost ([`Error::OutOfRange`]), the largest
/// cost not a multiple of the unit ([`Error::Invalid`]), more than [`MAX_AIRPORT_PARTIES`]
/// ([`Error::LimitExceeded`]). Any number of distinct costs works: see `serial_shares`
/// for the exact and the fixed-point paths (linear after one sort).
pub fn airport(costs: &[PlayerCost], rounding: &Rounding) -> Result<AirportResult> {
    let n = costs.len();
    if n > MAX_AIRPORT_PARTIES {
        return Err(Error::LimitExceeded { field: "costs".into(), value: n.to_string(), max: MAX_AIRPORT_PARTIES.to_string() });
    }
    check_unique(n, |i| costs.get(i).map_or("", |c| c.id.as_str()), "costs", ".id")?;
    let scale = costs.iter().map(|c| exact::min_scale(c.cost.get())).max().unwrap_or(0);
    let mut c = Vec::with_capacity(n);
    for (i, pc) in costs.iter().enumerate() {
        let field = format!("costs[{i}].cost");
        pc.cost.non_negative(&field)?;
        c.push(exact::scaled(pc.cost.get(), scale, &field)?);
    }
    let serial = serial_shares(&c, scale)?;
    let top = serial.top;
    let total = costs.get(top).map_or(Amount::ZERO, |pc| pc.cost);
    let unit = exact::unit_parts(rounding.unit, "rounding.unit")?;
    let total_units = exact::to_units(total.get(), unit, &format!("costs[{top}].cost"))?;
    let units = serial.values.round_units(unit, total_units, |i| costs.get(i).map_or("", |c| c.id.as_str()), "costs")?;
    let mut shares = Vec::with_capacity(n);
    for (i, (pc, u)) in costs.iter().zip(units).enumerate() {
        let share = serial.values.decimal(i).ok_or_else(|| Error::overflow(format!("costs[{i}].cost"), "share beyond the decimal range"))?;
        let rounded = Amount::new(exact::from_units(u, unit, "costs")?);
        shares.push(AirportShare { id: pc.id.clone(), share, rounded });
    }
    let levels = serial.levels;
    let explanation = Explanation::new(
        "sharing.airport",
        "Serial cost sharing 序列成本分摊 (airport game 机场博弈, Littlechild–Owen)",
        "share_(i) = Σ_{j<=i} (c_(j) − c_(j−1)) / (n − j + 1), costs sorted ascending",
    )
    .input("parties n", n)
    .input("distinct cost levels", levels)
    .input("largest cost", total)
    .input("common denominator", serial.denominator())
    .result(format!("Σ shares = {total}"))
    .rounding(format!("{}; amounts by largest remainder to {}, ties by party id ascending", serial.precision(), exact::unit_decimal(unit)))
    .note("equals the Shapley value of the airport game v(S) = max_{i∈S} c_i; equal costs get equal shares");
    Ok(AirportResult { total, shares, explanation })
}

/// Digits of the working scale beyond the reporting scale in the fixed-point path: the
/// rounding error of `n ≤ 100,000` increments (half a unit each) stays below 0.005 of a
/// reporting unit, so snapping to the reporting scale gives the exactly rounded value.
const GUARD_DIGITS: u32 = 7;

/// The reporting scale of the fixed-point path: 10^-40, twelve digits finer than a `Decimal`.
const FIXED_SCALE: u32 = 40;

/// Serial (Littlechild–Owen) shares of integer costs `c` at `scale`, in input order.
pub(crate) struct Serial {
    /// `share_i = nums[i] / (den × 10^scale)`.
    pub(crate) values: BigRationals,
    /// Index of the largest cost (the last in ascending order, ties by position).
    pub(crate) top: usize,
    /// Distinct positive cost levels.
    pub(crate) levels: usize,
    /// True when exact; false when at [`FIXED_SCALE`] (the exact denominator passes 128 bits).
    pub(crate) exact: bool,
}

impl Serial {
    fn denominator(&self) -> String {
        if self.exact {
            self.values.den.to_string()
        } else {
            format!("10^{} (fixed point)", self.values.scale)
        }
    }

    fn precision(&self) -> String {
        if self.exact {
            "exact shares to 28 digits".into()
        } else {
            format!(
                "shares on integers at 10^-{} (each increment divided to 10^-{}, half up, then the sum rounded half up to 10^-{}: \
                 the value nearest to the exact share at 10^-{}), reported to 28 digits",
                FIXED_SCALE + GUARD_DIGITS,
                FIXED_SCALE + GUARD_DIGITS,
                FIXED_SCALE,
                FIXED_SCALE
            )
        }
    }
}

/// The Littlechild–Owen closed form on integers: exact fractions over the least common
/// multiple of the group sizes while it fits 128 bits; beyond that (about 40 distinct cost
/// levels), every increment `Δ_j / k_j` is computed on integers at the common scale
/// 10^-47 (half up) and each share, a prefix sum, is rounded half up to 10^-40. With at
/// most 100,000 increments the accumulated error is below 0.005 × 10^-40, so each share is
/// the exact share rounded to 40 digits (except within 0.005 × 10^-40 of a half-way point),
/// and exact ties (equal costs, or equal fractions) stay ties. Linear after the sort.
pub(crate) fn serial_shares(c: &[i128], scale: u32) -> Result<Serial> {
    let n = c.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (c.get(i).copied().unwrap_or(0), i));
    let top = order.last().copied().unwrap_or(0);
    // Increments (Δ_j, users k_j) and the common denominator D = lcm k_j (None past 128 bits).
    let mut prev = 0i128;
    let mut den = Some(1u128);
    let mut levels = 0usize;
    for (p, &i) in order.iter().enumerate() {
        let ci = c.get(i).copied().unwrap_or(0);
        if ci > prev {
            den = den.and_then(|d| exact::lcm(d, (n - p) as u128)).filter(|d| *d <= u128::MAX / 10);
            levels += 1;
            prev = ci;
        }
    }
    if let Some(den) = den {
        let mut nums = vec![0i128; n];
        let mut num = 0i128;
        let mut prev = 0i128;
        let mut fits = true;
        for (p, &i) in order.iter().enumerate() {
            let ci = c.get(i).copied().unwrap_or(0);
            if ci > prev {
                let per = i128::try_from(den / (n - p) as u128).ok();
                match per.and_then(|per| (ci - prev).checked_mul(per)).and_then(|x| x.checked_add(num)) {
                    Some(x) => num = x,
                    None => {
                        fits = false;
                        break;
                    }
                }
                prev = ci;
            }
            if let Some(slot) = nums.get_mut(i) {
                *slot = num;
            }
        }
        if fits {
            return Ok(Serial { values: BigRationals::from_i128(&nums, den, scale), top, levels, exact: true });
        }
    }
    // Fixed point: integers at 10^-(FIXED_SCALE + GUARD_DIGITS).
    let up = pow10(FIXED_SCALE + GUARD_DIGITS - scale.min(FIXED_SCALE));
    let snap = pow10(GUARD_DIGITS);
    let half_snap = &snap / 2u32;
    let mut nums = vec![BigInt::default(); n];
    let mut sum = BigUint::default();
    let mut current = BigInt::default();
    let mut prev = 0i128;
    for (p, &i) in order.iter().enumerate() {
        let ci = c.get(i).copied().unwrap_or(0);
        if ci > prev {
            let k = BigUint::from((n - p) as u64);
            let delta = BigUint::from((ci - prev).unsigned_abs()) * &up;
            // Δ / k rounded half up: (2Δ + k) / 2k.
            sum += ((delta << 1usize) + &k) / (k << 1usize);
            current = BigInt::from((&sum + &half_snap) / &snap);
            prev = ci;
        }
        if let Some(slot) = nums.get_mut(i) {
            slot.clone_from(&current);
        }
    }
    let values = BigRationals { nums, den: BigUint::from(1u32), scale: FIXED_SCALE };
    Ok(Serial { values, top, levels, exact: false })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn costs(cs: &[(&str, &str)]) -> Vec<PlayerCost> {
        cs.iter().map(|(id, c)| PlayerCost::new(*id, Amount::new(Decimal::from_str(c).unwrap()))).collect()
    }

    #[test]
    fn closed_form_by_hand() {
        // 10/3; 10/3 + 10/2; 10/3 + 10/2 + 10/1
        let r = airport(&costs(&[("c", "30"), ("a", "10"), ("b", "20")]), &Rounding::cents()).unwrap();
        let exact: Vec<String> = r.shares.iter().map(|s| s.share.to_string()).collect();
        assert_eq!(exact, ["18.333333333333333333333333333", "3.3333333333333333333333333333", "8.333333333333333333333333333"]);
        let cents: Vec<String> = r.shares.iter().map(|s| s.rounded.to_string()).collect();
        assert_eq!(cents, ["18.33", "3.34", "8.33"]);
        assert_eq!(r.total.to_string(), "30");
    }

    #[test]
    fn ties_share_equally() {
        // 6/3 = 2 each for the first level, then 6/2 = 3 more for the two at 12
        let r = airport(&costs(&[("a", "6"), ("b", "12.00"), ("c", "12")]), &Rounding::cents()).unwrap();
        let exact: Vec<String> = r.shares.iter().map(|s| s.share.to_string()).collect();
        assert_eq!(exact, ["2", "5", "5"]);
        let r = airport(&costs(&[("x", "0.05"), ("y", "0.05"), ("z", "0.05")]), &Rounding::cents()).unwrap();
        let cents: Vec<String> = r.shares.iter().map(|s| s.rounded.to_string()).collect();
        assert_eq!(cents, ["0.02", "0.02", "0.01"]);
    }

    #[test]
    fn refusals() {
        let e = airport(&costs(&[("a", "1"), ("b", "-1")]), &Rounding::cents()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "costs[1].cost"));
        let e = airport(&costs(&[("a", "1.005"), ("b", "1")]), &Rounding::cents()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "costs[0].cost"));
        let e = airport(&[], &Rounding::cents()).unwrap_err();
        assert_eq!(e.code(), "empty");
    }

    /// Past the 128-bit common denominator, the fixed-point shares equal the exact shares
    /// (big rationals over lcm 1..n) rounded to 28 digits, and the cents add up.
    #[test]
    fn many_distinct_costs_match_big_rationals() {
        use num_integer::Integer;
        let n = 120usize;
        let cs: Vec<PlayerCost> = (0..n).map(|i| PlayerCost::new(format!("p{i:03}"), Amount::new(Decimal::new(((i * 7919) % 1000 + 1) as i64, 2)))).collect();
        let r = airport(&cs, &Rounding::cents()).unwrap();
        assert!(format!("{:?}", r.explanation).contains("10^-40"));
        // Exact: sorted ascending, share_(i) = Σ_{j<=i} Δ_j / (n − j).
        let mut c: Vec<(i128, usize)> = cs.iter().enumerate().map(|(i, p)| (p.cost.get().mantissa(), i)).collect();
        c.sort();
        let l = (1..=n as u64).fold(BigUint::from(1u32), |a, k| a.lcm(&BigUint::from(k)));
        let mut acc = BigInt::default();
        let mut prev = 0i128;
        for (p, &(ci, i)) in c.iter().enumerate() {
            acc += BigInt::from(ci - prev) * BigInt::from(&l / BigUint::from((n - p) as u64));
            prev = ci;
            let exact = crate::sharing::bigrat::to_decimal(&acc, &l, 2).unwrap();
            assert_eq!(r.shares[i].share, exact, "party {i}");
        }
        let sum: Decimal = r.shares.iter().map(|s| s.rounded.get()).sum();
        assert_eq!(sum, r.total.get());
    }

    #[test]
    fn one_hundred_thousand_distinct_costs() {
        let cs: Vec<PlayerCost> = (1..=MAX_AIRPORT_PARTIES).map(|i| PlayerCost::new(format!("p{i}"), Amount::new(Decimal::new(i as i64, 2)))).collect();
        let r = airport(&cs, &Rounding::cents()).unwrap();
        let sum: Decimal = r.shares.iter().map(|s| s.rounded.get()).sum();
        assert_eq!(sum, r.total.get());
        assert_eq!(r.total.to_string(), "1000.00");
        // The smallest pays 0.01 / 100,000.
        assert_eq!(r.shares[0].share.to_string(), "0.0000001");
    }
}
