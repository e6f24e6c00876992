//! Exact integer arithmetic behind the sharing rules (精确运算).
//!
//! Splits, Shapley values and serial cost shares are computed on integers: every decimal is
//! scaled to a common power of ten and held in an `i128`/`u128`; products that need more
//! than 128 bits go through the small [`U256`] here. A result is turned back into a
//! [`Decimal`] only at the very end, by [`rational_to_decimal`], which rounds half away from
//! zero at the finest scale a `Decimal` can hold (28 fractional digits, 96-bit mantissa).

use rust_decimal::Decimal;

use crate::error::{Error, Result};

/// The largest mantissa a `Decimal` holds: 2^96 − 1.
pub(crate) const MAX_MANTISSA: u128 = (1u128 << 96) - 1;

/// The largest scale (fractional digits) a `Decimal` holds.
pub(crate) const MAX_SCALE: u32 = 28;

/// `10^e` for `e <= 38`.
pub(crate) fn pow10(e: u32) -> Option<u128> {
    10u128.checked_pow(e)
}

/// The scale of `d` once trailing zeros are dropped (`1.50` has scale 1).
pub(crate) fn min_scale(d: Decimal) -> u32 {
    if d.scale() == 0 {
        return 0;
    }
    d.normalize().scale()
}

/// `d × 10^scale` as an integer, or `None` when `d` has more than `scale` fractional
/// digits or the result overflows.
pub(crate) fn to_scaled(d: Decimal, scale: u32) -> Option<i128> {
    let s = d.scale();
    if s == scale {
        return Some(d.mantissa());
    }
    if s < scale {
        return d.mantissa().checked_mul(pow10(scale - s)? as i128);
    }
    let n = d.normalize();
    let s = n.scale();
    if s > scale {
        return None;
    }
    n.mantissa().checked_mul(pow10(scale - s)? as i128)
}

/// Like [`to_scaled`], with an [`Error::Overflow`] naming `field`.
pub(crate) fn scaled(d: Decimal, scale: u32, field: &str) -> Result<i128> {
    to_scaled(d, scale).ok_or_else(|| Error::overflow(field, format!("{d} scaled by 10^{scale}")))
}

/// A rounding unit as `(mantissa, scale)`, normalised (`0.010` is `(1, 2)`).
pub(crate) fn unit_parts(unit: Decimal, field: &str) -> Result<(u128, u32)> {
    if unit <= Decimal::ZERO {
        return Err(Error::out_of_range(field, unit, "> 0"));
    }
    let n = unit.normalize();
    Ok((n.mantissa().unsigned_abs(), n.scale()))
}

/// `amount / unit` as an integer number of units; [`Error::Invalid`] when `amount` is not a
/// multiple of the unit.
pub(crate) fn to_units(amount: Decimal, unit: (u128, u32), field: &str) -> Result<i128> {
    let (um, us) = unit;
    let s = amount.scale().max(us);
    let overflow = || Error::overflow(field, format!("{amount} in units of {}", unit_decimal(unit)));
    let a = to_scaled(amount, s).ok_or_else(overflow)?;
    let u = (um as i128).checked_mul(pow10(s - us).ok_or_else(overflow)? as i128).ok_or_else(overflow)?;
    if u == 0 || a % u != 0 {
        return Err(Error::invalid(field, amount, format!("not a multiple of the rounding unit {}", unit_decimal(unit))));
    }
    Ok(a / u)
}

/// The unit as a decimal again (for messages).
pub(crate) fn unit_decimal(unit: (u128, u32)) -> Decimal {
    Decimal::try_from_i128_with_scale(unit.0 as i128, unit.1).unwrap_or(Decimal::ZERO)
}

/// `units × unit` as a decimal with the unit's scale (`12345` cents is `123.45`).
pub(crate) fn from_units(units: i128, unit: (u128, u32), field: &str) -> Result<Decimal> {
    let m = units.checked_mul(unit.0 as i128).ok_or_else(|| Error::overflow(field, format!("{units} units of {}", unit_decimal(unit))))?;
    if m.unsigned_abs() > MAX_MANTISSA {
        return Err(Error::overflow(field, format!("{units} units of {}", unit_decimal(unit))));
    }
    if m == 0 {
        return Ok(Decimal::new(0, unit.1));
    }
    Decimal::try_from_i128_with_scale(m, unit.1).map_err(|_| Error::overflow(field, format!("{units} units of {}", unit_decimal(unit))))
}

/// Greatest common divisor.
pub(crate) fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

/// Least common multiple, `None` on overflow.
pub(crate) fn lcm(a: u128, b: u128) -> Option<u128> {
    if a == 0 || b == 0 {
        return Some(0);
    }
    (a / gcd(a, b)).checked_mul(b)
}

/// A 256-bit unsigned integer, `hi × 2^128 + lo`. Ordered numerically.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct U256 {
    hi: u128,
    lo: u128,
}

const LO64: u128 = u64::MAX as u128;

impl U256 {
    /// Zero.
    pub(crate) const ZERO: U256 = U256 { hi: 0, lo: 0 };

    /// `(hi, lo)`: the value is `hi × 2^128 + lo`.
    pub(crate) fn parts(self) -> (u128, u128) {
        (self.hi, self.lo)
    }

    /// From a `u128`.
    #[cfg(test)]
    pub(crate) fn from_u128(lo: u128) -> Self {
        U256 { hi: 0, lo }
    }

    /// The full product `a × b`.
    pub(crate) fn mul(a: u128, b: u128) -> Self {
        let (a1, a0) = (a >> 64, a & LO64);
        let (b1, b0) = (b >> 64, b & LO64);
        let p00 = a0 * b0;
        let p01 = a0 * b1;
        let p10 = a1 * b0;
        let p11 = a1 * b1;
        let mid = (p00 >> 64) + (p01 & LO64) + (p10 & LO64);
        let lo = (p00 & LO64) | (mid << 64);
        let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
        U256 { hi, lo }
    }

    /// `self + o`, `None` on overflow.
    pub(crate) fn checked_add(self, o: U256) -> Option<U256> {
        let (lo, c) = self.lo.overflowing_add(o.lo);
        let hi = self.hi.checked_add(o.hi)?.checked_add(c as u128)?;
        Some(U256 { hi, lo })
    }

    /// `self − o`, `None` when negative.
    pub(crate) fn checked_sub(self, o: U256) -> Option<U256> {
        let (lo, b) = self.lo.overflowing_sub(o.lo);
        let hi = self.hi.checked_sub(o.hi)?.checked_sub(b as u128)?;
        Some(U256 { hi, lo })
    }

    /// `self × k`, `None` on overflow.
    pub(crate) fn checked_mul_u64(self, k: u64) -> Option<U256> {
        let lo = U256::mul(self.lo, k as u128);
        let hi = U256::mul(self.hi, k as u128);
        if hi.hi != 0 {
            return None;
        }
        lo.checked_add(U256 { hi: hi.lo, lo: 0 })
    }

    /// `(self / d, self % d)` for a small divisor `d > 0`.
    pub(crate) fn div_rem_u64(self, d: u64) -> (U256, u64) {
        let d = d.max(1) as u128;
        let limbs = [self.hi >> 64, self.hi & LO64, self.lo >> 64, self.lo & LO64];
        let mut q = [0u128; 4];
        let mut r: u128 = 0;
        for (qi, limb) in q.iter_mut().zip(limbs) {
            let t = (r << 64) | limb;
            *qi = t / d;
            r = t % d;
        }
        (U256 { hi: (q[0] << 64) | q[1], lo: (q[2] << 64) | q[3] }, r as u64)
    }

    /// `(self / d, self % d)` when the quotient fits in 128 bits (`None` otherwise, or for `d = 0`).
    pub(crate) fn div_rem_u128(self, d: u128) -> Option<(u128, u128)> {
        if d == 0 {
            return None;
        }
        if self.hi == 0 {
            return Some((self.lo / d, self.lo % d));
        }
        if self.hi >= d {
            return None;
        }
        // Binary long division: the running remainder stays below d < 2^128, with one
        // carry bit for the shift.
        let mut r = self.hi;
        let mut q: u128 = 0;
        for i in (0..128).rev() {
            let carry = r >> 127;
            r = (r << 1) | ((self.lo >> i) & 1);
            q <<= 1;
            if carry == 1 || r >= d {
                r = r.wrapping_sub(d);
                q |= 1;
            }
        }
        Some((q, r))
    }

    /// As a `u128`, when it fits.
    pub(crate) fn to_u128(self) -> Option<u128> {
        (self.hi == 0).then_some(self.lo)
    }
}

/// `(a × b / d, a × b % d)` exactly, when the quotient fits in 128 bits.
#[inline]
pub(crate) fn mul_div_rem(a: u128, b: u128, d: u128) -> Option<(u128, u128)> {
    if d == 0 {
        return None;
    }
    match a.checked_mul(b) {
        Some(p) if p <= LO64 && d <= LO64 => {
            let (p, d) = (p as u64, d as u64);
            Some(((p / d) as u128, (p % d) as u128))
        }
        Some(p) => Some((p / d, p % d)),
        None => U256::mul(a, b).div_rem_u128(d),
    }
}

/// Compare `a × b` with `c × d` exactly.
pub(crate) fn cmp_products(a: u128, b: u128, c: u128, d: u128) -> std::cmp::Ordering {
    U256::mul(a, b).cmp(&U256::mul(c, d))
}

/// The decimal nearest to `num / (den × 10^scale)`: digits are produced exactly and the
/// last kept digit is rounded half away from zero, at the finest scale a `Decimal` holds
/// (at most 28 fractional digits and a 96-bit mantissa). Trailing zeros are dropped.
///
/// `None` when `den` is zero, too large to extend by a digit (`den > u128::MAX / 10`), or
/// the integer part does not fit in a `Decimal`.
pub(crate) fn rational_to_decimal(num: i128, den: u128, scale: u32) -> Option<Decimal> {
    if den == 0 || den > u128::MAX / 10 {
        return None;
    }
    let negative = num < 0;
    let a = num.unsigned_abs();
    let mut m = a / den;
    let mut r = a % den;
    let mut sc = scale;
    let round_up;
    if m > MAX_MANTISSA || sc > MAX_SCALE {
        // Too many digits: drop them from the right. Half away from zero depends only on
        // the first digit dropped, because the rest (and r / den) is below half a unit of it.
        let mut last = 0;
        while m > MAX_MANTISSA || sc > MAX_SCALE {
            if sc == 0 {
                return None;
            }
            last = m % 10;
            m /= 10;
            sc -= 1;
        }
        round_up = last >= 5;
    } else {
        while r != 0 && sc < MAX_SCALE {
            let t = r * 10;
            let digit = t / den;
            let next = m * 10 + digit;
            if next > MAX_MANTISSA {
                break;
            }
            m = next;
            r = t % den;
            sc += 1;
        }
        round_up = r != 0 && r >= den - r;
    }
    if round_up {
        m += 1;
        if m > MAX_MANTISSA {
            if sc == 0 {
                return None;
            }
            m = (m + 5) / 10;
            sc -= 1;
        }
    }
    let signed = if negative { -(m as i128) } else { m as i128 };
    Decimal::try_from_i128_with_scale(signed, sc).ok().map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn u256_product_and_division() {
        let a = u128::MAX;
        let p = U256::mul(a, a);
        // (2^128 - 1)^2 = 2^256 - 2^129 + 1
        assert_eq!(p.lo, 1);
        assert_eq!(p.hi, u128::MAX - 1);
        assert_eq!(p.div_rem_u128(a), Some((a, 0)));
        let p = U256::mul(10u128.pow(30), 10u128.pow(20));
        assert_eq!(p.div_rem_u128(7 * 10u128.pow(19)).map(|(q, _)| q), Some(10u128.pow(31) / 7));
        let (q, r) = p.div_rem_u128(7 * 10u128.pow(19)).unwrap();
        assert_eq!(U256::mul(q, 7 * 10u128.pow(19)).checked_add(U256::from_u128(r)), Some(p));
        assert_eq!(U256::mul(3, 5).div_rem_u128(4), Some((3, 3)));
        assert_eq!(p.div_rem_u128(1), None);
        let (q, r) = U256::mul(u128::MAX, 1000).div_rem_u64(7);
        assert!(r < 7);
        assert_eq!(q.checked_mul_u64(7).and_then(|x| x.checked_add(U256::from_u128(r as u128))), Some(U256::mul(u128::MAX, 1000)));
        assert_eq!(U256::mul(5, 5).checked_sub(U256::mul(2, 13)), None);
    }

    #[test]
    fn mul_div_paths_agree() {
        for (a, b, c) in [(7u128, 9u128, 4u128), (u64::MAX as u128, 3, 5), (1 << 100, 1 << 27, (1 << 120) + 3)] {
            let (q, r) = mul_div_rem(a, b, c).unwrap();
            assert_eq!(U256::mul(q, c).checked_add(U256::from_u128(r)), Some(U256::mul(a, b)));
            assert!(r < c);
        }
    }

    #[test]
    fn rationals_round_half_away_from_zero() {
        assert_eq!(rational_to_decimal(1, 3, 0).unwrap().to_string(), "0.3333333333333333333333333333");
        assert_eq!(rational_to_decimal(2, 3, 0).unwrap().to_string(), "0.6666666666666666666666666667");
        assert_eq!(rational_to_decimal(-2, 3, 0).unwrap().to_string(), "-0.6666666666666666666666666667");
        assert_eq!(rational_to_decimal(1000, 3, 2).unwrap().to_string(), "3.3333333333333333333333333333");
        assert_eq!(rational_to_decimal(10000, 3, 2).unwrap().to_string(), "33.333333333333333333333333333");
        assert_eq!(rational_to_decimal(500, 1, 2).unwrap().to_string(), "5");
        assert_eq!(rational_to_decimal(5, 10, 28).unwrap().to_string(), "0.0000000000000000000000000001");
        assert_eq!(rational_to_decimal(4, 10, 28).unwrap().to_string(), "0");
        assert_eq!(rational_to_decimal(5, 1, 29).unwrap().to_string(), "0.0000000000000000000000000001");
        assert_eq!(rational_to_decimal(4, 1, 29).unwrap().to_string(), "0");
        let big = (MAX_MANTISSA as i128) * 10;
        assert_eq!(rational_to_decimal(big + 4, 1, 1).unwrap(), Decimal::MAX);
        assert_eq!(rational_to_decimal(big + 5, 1, 1), None);
        assert_eq!(rational_to_decimal(big, 1, 0), None);
        assert_eq!(rational_to_decimal(1, 0, 0), None);
    }

    #[test]
    fn units() {
        let cent = unit_parts(d("0.010"), "u").unwrap();
        assert_eq!(cent, (1, 2));
        assert_eq!(to_units(d("12.3"), cent, "a").unwrap(), 1230);
        assert_eq!(to_units(d("12.345"), cent, "a").unwrap_err().code(), "invalid");
        assert_eq!(from_units(-1230, cent, "a").unwrap().to_string(), "-12.30");
        assert_eq!(from_units(0, cent, "a").unwrap().to_string(), "0.00");
        let five = unit_parts(d("0.05"), "u").unwrap();
        assert_eq!(to_units(d("0.15"), five, "a").unwrap(), 3);
        assert_eq!(to_units(d("0.12"), five, "a").unwrap_err().code(), "invalid");
        assert_eq!(to_scaled(d("1.50"), 1), Some(15));
        assert_eq!(to_scaled(d("1.55"), 1), None);
        assert_eq!(lcm(4, 6), Some(12));
        assert_eq!(min_scale(d("2.500")), 1);
    }
}
