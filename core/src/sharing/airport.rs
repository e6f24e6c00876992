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
//! of the group sizes used, reported as decimals (rounded half away from zero at 28
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

use super::exact::{self, rational_to_decimal};
use super::ids::check_unique;
use super::split::round_rationals;
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{Amount, Rounding};

/// The most parties in one serial cost split.
pub const MAX_AIRPORT_PARTIES: usize = 100_000;

/// A party's stand-alone cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct AirportShare {
    /// The party's id.
    pub id: String,
    /// The exact share (28 digits).
    #[serde(with = "crate::money::dec")]
    pub share: Decimal,
    /// The share to the rounding unit (largest remainder; the rounded shares add up to the total).
    pub rounded: Amount,
}

/// Serial cost shares, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
/// ([`Error::LimitExceeded`]), and [`Error::Overflow`] when the exact fractions do not fit
/// 128-bit integers (many distinct cost levels make the common denominator, the least
/// common multiple of the group sizes, grow quickly: about 40 distinct levels among 40
/// parties is the practical bound).
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
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (c.get(i).copied().unwrap_or(0), i));
    let overflow = || Error::overflow("costs", "exact serial shares: the common denominator (lcm of the group sizes) passes 128 bits");
    // Increments (Δ_j, users k_j) and the common denominator D = lcm k_j.
    let mut prev = 0i128;
    let mut den = 1u128;
    let mut levels = 0usize;
    for (p, &i) in order.iter().enumerate() {
        let ci = c.get(i).copied().unwrap_or(0);
        if ci > prev {
            den = exact::lcm(den, (n - p) as u128).ok_or_else(overflow)?;
            levels += 1;
            prev = ci;
        }
    }
    if den > u128::MAX / 10 {
        return Err(overflow());
    }
    let mut nums = vec![0i128; n];
    let mut num = 0i128;
    let mut prev = 0i128;
    for (p, &i) in order.iter().enumerate() {
        let ci = c.get(i).copied().unwrap_or(0);
        if ci > prev {
            let users = (n - p) as u128;
            let per = i128::try_from(den / users).map_err(|_| overflow())?;
            num = (ci - prev).checked_mul(per).and_then(|x| x.checked_add(num)).ok_or_else(overflow)?;
            prev = ci;
        }
        if let Some(slot) = nums.get_mut(i) {
            *slot = num;
        }
    }
    let top = order.last().copied().unwrap_or(0);
    let total = costs.get(top).map_or(Amount::ZERO, |pc| pc.cost);
    let unit = exact::unit_parts(rounding.unit, "rounding.unit")?;
    let total_units = exact::to_units(total.get(), unit, &format!("costs[{top}].cost"))?;
    let units = round_rationals(&nums, den, scale, unit, total_units, |i| costs.get(i).map_or("", |c| c.id.as_str()), "costs")?;
    let mut shares = Vec::with_capacity(n);
    for ((pc, x), u) in costs.iter().zip(&nums).zip(units) {
        let share = rational_to_decimal(*x, den, scale).ok_or_else(overflow)?;
        let rounded = Amount::new(exact::from_units(u, unit, "costs")?);
        shares.push(AirportShare { id: pc.id.clone(), share, rounded });
    }
    let explanation = Explanation::new(
        "sharing.airport",
        "Serial cost sharing 序列成本分摊 (airport game 机场博弈, Littlechild–Owen)",
        "share_(i) = Σ_{j<=i} (c_(j) − c_(j−1)) / (n − j + 1), costs sorted ascending",
    )
    .input("parties n", n)
    .input("distinct cost levels", levels)
    .input("largest cost", total)
    .input("common denominator", den)
    .result(format!("Σ shares = {total}"))
    .rounding(format!("exact shares to 28 digits; amounts by largest remainder to {}, ties by party id ascending", exact::unit_decimal(unit)))
    .note("equals the Shapley value of the airport game v(S) = max_{i∈S} c_i; equal costs get equal shares");
    Ok(AirportResult { total, shares, explanation })
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
        let many: Vec<PlayerCost> = (1..=200).map(|i| PlayerCost::new(format!("p{i}"), Amount::new(Decimal::from(i)))).collect();
        assert_eq!(airport(&many, &Rounding::cents()).unwrap_err().code(), "overflow");
    }
}
