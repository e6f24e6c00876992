//! Largest-remainder apportionment (最大余额法) in integer units: the rule of every split of
//! the sharing module ([`super::split`], [`super::waterfall`]). Weights are scaled to integers
//! at their common number of decimal places; each party's exact share is floored to the unit and
//! the units left over go to the largest remainders, ties by id ascending; optional per-party
//! caps are honoured by water-filling.

use rust_decimal::Decimal;

use super::exact::{self, cmp_products, mul_div_rem, U256};
use crate::error::{Error, Result};

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
pub(super) const HISTOGRAM_FROM: usize = 1 << 14;

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
pub(super) struct Divider {
    d: u64,
    m: u64,
    sh1: u32,
    sh2: u32,
}

impl Divider {
    /// The divider for `d`; `d = 0` is treated as 1 (callers never divide by zero).
    pub(super) fn new(d: u64) -> Self {
        let d = d.max(1);
        // l = ceil(log2 d), so 2^(l-1) < d <= 2^l; m = floor(2^64 (2^l - d) / d) + 1 < 2^64.
        let l = 64 - (d - 1).leading_zeros();
        let m = ((((1u128 << l) - d as u128) << 64) / d as u128 + 1) as u64;
        Divider { d, m, sh1: l.min(1), sh2: l.saturating_sub(1) }
    }

    /// `(n / d, n % d)`.
    #[inline]
    pub(super) fn div_rem(self, n: u64) -> (u64, u64) {
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
