//! Splits whose weights span more than 128 bits (宽权重精确分配): a 28-decimal weight beside
//! a weight of 10^28 scales to about 10^56. The same largest-remainder rule as
//! [`super::split`], on big integers: `share_i = floor(A × w_i / Σw)` units, then one unit to
//! each of the largest remainders, ties by id ascending. Linear in the parties; taken only
//! when the 128-bit path overflows and no party has a maximum.

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};
use rust_decimal::Decimal;

use super::apportion::award;
use super::bigrat::pow10;
use super::exact;
use crate::error::{Error, Result};

/// Units per party (signed like `total`) and the units handed by remainder; `weight(i)`
/// gives the decimal weights (already checked non-negative), `field(i)` names them.
pub(crate) fn apportion_wide<'a, I, W>(total: i128, n: usize, weight: &W, id: I, list: &str) -> Result<(Vec<i128>, u128, String)>
where
    I: Fn(usize) -> &'a str,
    W: Fn(usize) -> Decimal,
{
    let scale = (0..n).map(|i| exact::min_scale(weight(i))).max().unwrap_or(0);
    let mut ws = Vec::with_capacity(n);
    let mut sum = BigUint::zero();
    for i in 0..n {
        let w = weight(i).normalize();
        let x = BigUint::from(w.mantissa().unsigned_abs()) * pow10(scale - w.scale());
        sum += &x;
        ws.push(x);
    }
    if sum.is_zero() {
        return Err(Error::AllZeroWeights { field: list.to_string(), value: n.to_string() });
    }
    let sign: i128 = if total < 0 { -1 } else { 1 };
    let left = BigUint::from(total.unsigned_abs());
    let mut units = Vec::with_capacity(n);
    let mut cands: Vec<(BigUint, u32)> = Vec::new();
    let mut assigned: u128 = 0;
    let overflow = || Error::overflow(list, "share beyond 128 bits");
    for (i, w) in ws.iter().enumerate() {
        let (q, r) = (&left * w).div_rem(&sum);
        let q = q.to_u128().ok_or_else(overflow)?;
        assigned = assigned.checked_add(q).ok_or_else(overflow)?;
        units.push(sign * q as i128); // q <= |total| < 2^127
        if !r.is_zero() {
            cands.push((r, i as u32));
        }
    }
    let handed = total.unsigned_abs() - assigned; // Σ floors <= total
    for i in award(&mut cands, handed, id) {
        if let Some(o) = units.get_mut(i) {
            *o += sign;
        }
    }
    Ok((units, handed, format!("{sum} x 10^-{scale}")))
}
