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

use std::hash::{BuildHasher, RandomState};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::exact::{self, cmp_products, mul_div_rem, U256};
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
fn check_unique_hashed<'a, I, H>(n: usize, id: I, field: &str, suffix: &str, hash: H) -> Result<()>
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
    // One allocation of the final size (collecting into an `Option<Vec>` would grow it by doubling).
    let mut direct = Some(Vec::with_capacity(n));
    for i in 0..n {
        match (exact::to_scaled(weight(i), scale), direct.as_mut()) {
            (Some(x), Some(v)) => v.push(x.unsigned_abs()),
            _ => {
                direct = None;
                break;
            }
        }
    }
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
pub(crate) fn apportion<'a, I>(total: i128, weights: &[u128], caps: Option<&[Option<u128>]>, id: I, list: &str) -> Result<Apportioned>
where
    I: Fn(usize) -> &'a str + Copy,
{
    let n = weights.len();
    let mut total_weight: u128 = 0;
    for w in weights {
        total_weight = total_weight.checked_add(*w).ok_or_else(|| Error::overflow(list, "sum of the scaled weights beyond 128 bits"))?;
    }
    if total_weight == 0 {
        return Err(Error::AllZeroWeights { field: list.to_string(), value: n.to_string() });
    }
    let negative = total < 0;
    let sign: i128 = if negative { -1 } else { 1 };
    let mut left = total.unsigned_abs();
    // Units per party, signed like the total (|total| < 2^127, so no negation overflows).
    let mut units = vec![0i128; n];
    // Parties held at their maximum (only with caps).
    let mut fixed: Vec<bool> = Vec::new();
    let mut capped = 0;
    let mut active_weight = total_weight;
    if let Some(caps) = caps {
        fixed = vec![false; n];
        // Water-filling: parties in increasing max / weight; cap while the pro rata share
        // of what is left passes the maximum.
        let mut order: Vec<u32> =
            (0..n).filter(|&i| weights.get(i).is_some_and(|w| *w > 0) && caps.get(i).is_some_and(Option::is_some)).map(|i| i as u32).collect();
        let cap_of = |i: u32| caps.get(i as usize).copied().flatten().unwrap_or(0);
        let w_of = |i: u32| weights.get(i as usize).copied().unwrap_or(0);
        order.sort_unstable_by(|&a, &b| cmp_products(cap_of(a), w_of(b), cap_of(b), w_of(a)).then(a.cmp(&b)));
        for k in order {
            let (c, w) = (cap_of(k), w_of(k));
            if U256::mul(left, w) <= U256::mul(c, active_weight) {
                break;
            }
            if let Some(o) = units.get_mut(k as usize) {
                *o = sign * c as i128; // c < left <= |total| < 2^127
            }
            if let Some(f) = fixed.get_mut(k as usize) {
                *f = true;
            }
            capped += 1;
            left -= c; // c < left × w / active_weight <= left
            active_weight -= w;
            if active_weight == 0 {
                let unit_left = sign * left as i128;
                return Err(Error::invalid(
                    list,
                    format!("{unit_left} units left"),
                    "every party with a positive weight has reached its maximum and money remains",
                ));
            }
        }
    }
    // Floors, then one unit more to each of the `handed` largest remainders (ties by id).
    let handed = if active_weight <= u64::MAX as u128 && n >= HISTOGRAM_FROM {
        floors_and_award_by_histogram(left, weights, &fixed, active_weight as u64, sign, &mut units, id, list)?
    } else {
        let (assigned, mut cands) = floors(left, weights, &fixed, active_weight, sign, &mut units, list)?;
        let handed = left - assigned;
        for i in award(&mut cands, handed, id) {
            if let Some(o) = units.get_mut(i) {
                *o += sign;
            }
        }
        handed
    };
    Ok(Apportioned { units, handed, capped, total_weight })
}

/// From this many parties on (with remainders in 64 bits), the largest remainders are found
/// through a histogram instead of a selection over every party.
const HISTOGRAM_FROM: usize = 1 << 14;

/// Bins of that histogram (2^12; the counts stay in the first-level cache).
const HISTOGRAM_BITS: u32 = 12;

/// The floor of each free party's pro rata share `left × w_i / active_weight`, written
/// into `units` with `sign`; returns the units assigned and the parties with a non-zero
/// remainder (remainder, index).
fn floors(left: u128, weights: &[u128], fixed: &[bool], active_weight: u128, sign: i128, units: &mut [i128], list: &str) -> Result<(u128, Vec<(u128, u32)>)> {
    let mut assigned: u128 = 0;
    let mut cands: Vec<(u128, u32)> = Vec::new();
    for (i, (w, o)) in weights.iter().zip(units.iter_mut()).enumerate() {
        if *w == 0 || fixed.get(i).copied().unwrap_or(false) {
            continue;
        }
        let (q, r) = mul_div_rem(left, *w, active_weight).ok_or_else(|| Error::overflow(list, "share beyond 128 bits"))?;
        *o = sign * q as i128; // q <= left < 2^127
        assigned += q;
        if r > 0 {
            cands.push((r, i as u32));
        }
    }
    Ok((assigned, cands))
}

/// [`floors`] and [`award`] for a long list whose remainders fit in 64 bits: the remainders
/// are counted in a histogram of their leading bits, which tells the bin where the
/// `handed`-th largest falls; every party in a higher bin wins, and only the parties of
/// that one bin go through [`award`]. Two passes in order over the parties, no selection
/// over all of them and no scattered writes. Returns the units handed out.
#[allow(clippy::too_many_arguments)]
fn floors_and_award_by_histogram<'a, I>(
    left: u128,
    weights: &[u128],
    fixed: &[bool],
    active_weight: u64,
    sign: i128,
    units: &mut [i128],
    id: I,
    list: &str,
) -> Result<u128>
where
    I: Fn(usize) -> &'a str,
{
    // r < active_weight, so r >> shift < 2^HISTOGRAM_BITS.
    let shift = (64 - active_weight.leading_zeros()).saturating_sub(HISTOGRAM_BITS);
    let mut hist = vec![0u32; 1 << HISTOGRAM_BITS];
    let mut rems: Vec<u64> = Vec::with_capacity(weights.len());
    let mut assigned: u128 = 0;
    let divider = Divider::new(active_weight);
    for (i, (w, o)) in weights.iter().zip(units.iter_mut()).enumerate() {
        if *w == 0 || fixed.get(i).copied().unwrap_or(false) {
            rems.push(0);
            continue;
        }
        let (q, r) = match left.checked_mul(*w) {
            Some(p) if p <= u64::MAX as u128 => {
                let (q, r) = divider.div_rem(p as u64);
                (q as u128, r)
            }
            _ => {
                let (q, r) = mul_div_rem(left, *w, active_weight as u128).ok_or_else(|| Error::overflow(list, "share beyond 128 bits"))?;
                (q, r as u64) // r < active_weight <= u64::MAX
            }
        };
        *o = sign * q as i128; // q <= left < 2^127
        assigned += q;
        rems.push(r);
        if r > 0 {
            if let Some(h) = hist.get_mut((r >> shift) as usize) {
                *h += 1;
            }
        }
    }
    // Fewer units are left than parties with a remainder (Σ r_i / W = handed, each r_i < W).
    let handed = left - assigned;
    if handed == 0 {
        return Ok(0);
    }
    let mut above: u128 = 0;
    let mut edge_bin = None;
    for (b, c) in hist.iter().enumerate().rev() {
        if above + u128::from(*c) >= handed {
            edge_bin = Some(b);
            break;
        }
        above += u128::from(*c);
    }
    let Some(edge_bin) = edge_bin else {
        return Err(Error::invalid(list, format!("{handed} units"), "internal check failed: fewer remainders than units left"));
    };
    let mut edge: Vec<(u64, u32)> = Vec::with_capacity(hist.get(edge_bin).map_or(0, |c| *c as usize));
    for (i, (r, o)) in rems.iter().zip(units.iter_mut()).enumerate() {
        if *r == 0 {
            continue;
        }
        let b = (*r >> shift) as usize;
        if b > edge_bin {
            *o += sign;
        } else if b == edge_bin {
            edge.push((*r, i as u32));
        }
    }
    for i in award(&mut edge, handed - above, id) {
        if let Some(o) = units.get_mut(i) {
            *o += sign;
        }
    }
    Ok(handed)
}

/// Division of 64-bit numbers by one divisor fixed in advance, by a multiplication and shifts
/// (Granlund and Montgomery, "Division by invariant integers using multiplication", 1994,
/// figure 4.1): exact for every dividend, and several times faster than a division
/// instruction when a million shares are divided by the same total weight.
#[derive(Debug, Clone, Copy)]
struct Divider {
    d: u64,
    m: u64,
    sh1: u32,
    sh2: u32,
}

impl Divider {
    /// The divider for `d`; `d = 0` is treated as 1 (callers never divide by zero).
    fn new(d: u64) -> Self {
        let d = d.max(1);
        // l = ceil(log2 d), so 2^(l-1) < d <= 2^l; m = floor(2^64 (2^l - d) / d) + 1 < 2^64.
        let l = 64 - (d - 1).leading_zeros();
        let m = ((((1u128 << l) - d as u128) << 64) / d as u128 + 1) as u64;
        Divider { d, m, sh1: l.min(1), sh2: l.saturating_sub(1) }
    }

    /// `(n / d, n % d)`.
    #[inline]
    fn div_rem(self, n: u64) -> (u64, u64) {
        let t1 = ((self.m as u128 * n as u128) >> 64) as u64;
        let q = (t1 + ((n - t1) >> self.sh1)) >> self.sh2;
        (q, n - q * self.d)
    }
}

/// The indices of the `count` candidates with the largest remainders, ties by id
/// ascending. `count` is below the number of candidates by construction.
pub(crate) fn award<'a, R, I>(cands: &mut [(R, u32)], count: u128, id: I) -> Vec<usize>
where
    R: Ord + Clone,
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
    let threshold = nth.0.clone();
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
}
