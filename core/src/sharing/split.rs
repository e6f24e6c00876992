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
//! not fit in 128. When the scaled weights or their sum pass 128 bits (a 28-decimal weight
//! beside a weight of 10^11 or more), the same rule runs on big integers
//! (`split_wide`), unless a party has a maximum (then [`Error::Overflow`]).
//!
//! A split may be a million parties long, so every pass over them is linear and touches
//! memory in order: ids are checked for repeats by partitioning their hashes into small
//! buckets sorted in cache (no table probed at random), the largest remainders are found by
//! selection, not by sorting, and shares are built straight from their units.
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

use super::apportion::{apportion, scale_weights};
use super::exact;
use super::ids::check_unique_ids;
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{Amount, Rounding};

/// The most parties one split accepts.
pub const MAX_SPLIT_PARTIES: usize = 2_000_000;

/// One party of a split: its id, its weight and an optional maximum share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SplitParty {
    /// The party's id (unique within the split).
    pub id: String,
    /// Its weight (non-negative; any scale, only ratios matter).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
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
        return Err(Error::invalid("weights", format!("{} weights for {} ids", weights.len(), ids.len()), "one weight per id"));
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
        return Err(Error::LimitExceeded { field: input.list.into(), value: n.to_string(), max: MAX_SPLIT_PARTIES.to_string() });
    }
    match input.naming {
        Naming::Parties => check_unique_ids(n, input.id, "parties", ".id")?,
        Naming::Lists => check_unique_ids(n, input.id, "ids", "")?,
    }
    let unit = exact::unit_parts(rounding.unit, "rounding.unit")?;
    let units = exact::to_units(total.get(), unit, "amount")?;
    let (weights, scale) = match scale_weights(n, &input.weight, |i| input.naming.weight(i)) {
        Ok(x) => x,
        // Weights spanning more than 128 bits: the same rule on big integers (no maxima).
        Err(Error::Overflow { .. }) if !input.any_max => {
            let (units, handed, sum_w) = super::split_wide::apportion_wide(units, n, &input.weight, input.id, input.list)?;
            let shares = amounts_of_units(&units, unit, input.list)?;
            let explanation = Explanation::new(
                "sharing.split",
                "Exact split 精确分配 (largest remainder 最大余额法)",
                "share_i = floor(A x w_i / Σw, unit) + one unit to each of the L largest remainders",
            )
            .input("A", total)
            .input("unit", exact::unit_decimal(unit))
            .input("parties", n)
            .input("Σw", sum_w)
            .input("L (units handed by remainder)", handed)
            .result(format!("Σ shares = {total}"))
            .rounding(format!("largest remainder to {}; ties by party id ascending", exact::unit_decimal(unit)))
            .note("weights span more than 128 bits at their common scale: computed on big integers");
            return Ok(Split { shares, explanation });
        }
        Err(e) => return Err(e),
    };
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
    let shares = amounts_of_units(&outcome.units, unit, input.list)?;
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

/// Shares in money from units: `units × unit` at the unit's scale, built directly from the
/// 96-bit mantissa (as [`exact::from_units`], without its per-share checks of the scale).
fn amounts_of_units(units: &[i128], unit: (u128, u32), list: &str) -> Result<Vec<Amount>> {
    let (um, scale) = unit;
    let overflow = |u: i128| Error::overflow(list, format!("{u} units of {}", exact::unit_decimal(unit)));
    let um = i128::try_from(um).map_err(|_| overflow(0))?;
    if scale > exact::MAX_SCALE {
        return units.iter().map(|u| exact::from_units(*u, unit, list).map(Amount::new)).collect();
    }
    let mut out = Vec::with_capacity(units.len());
    for &u in units {
        let m = u.checked_mul(um).ok_or_else(|| overflow(u))?;
        let a = m.unsigned_abs();
        if a > exact::MAX_MANTISSA {
            return Err(overflow(u));
        }
        // a < 2^96: three 32-bit words; a zero share is a non-negative zero ("0.00").
        out.push(Amount::new(Decimal::from_parts(a as u32, (a >> 32) as u32, (a >> 64) as u32, m < 0, scale)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
