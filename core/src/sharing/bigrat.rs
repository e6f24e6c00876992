//! Exact rationals of any size (任意精度有理数) behind the closed-form Shapley values.
//!
//! The closed forms (Harsanyi dividends over coalition sizes up to 1,000, weighted majority
//! over `n!`) have common denominators far beyond 128 bits: `lcm(1..1000)` has 433 digits.
//! [`BigRationals`] holds values `nums[i] / (den × 10^scale)` with big integers, and turns
//! them into money only at the end: [`BigRationals::decimal`] (half away from zero at the
//! finest scale a [`Decimal`] holds, like [`super::exact::rational_to_decimal`]) and
//! [`BigRationals::round_units`] (largest remainder to the rounding unit, ties by id ascending).

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};
use rust_decimal::Decimal;

use super::apportion::award;
use super::exact::{MAX_MANTISSA, MAX_SCALE};
use crate::error::{Error, Result};

/// Values `nums[i] / (den × 10^scale)`, exact; `den > 0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BigRationals {
    pub(crate) nums: Vec<BigInt>,
    pub(crate) den: BigUint,
    pub(crate) scale: u32,
}

/// `10^e` as a big integer.
pub(crate) fn pow10(e: u32) -> BigUint {
    BigUint::from(10u32).pow(e)
}

impl BigRationals {
    /// From 128-bit numerators over a 128-bit denominator.
    pub(crate) fn from_i128(nums: &[i128], den: u128, scale: u32) -> Self {
        BigRationals { nums: nums.iter().map(|&x| BigInt::from(x)).collect(), den: BigUint::from(den), scale }
    }

    /// The numerators as 128-bit integers, divided by their greatest common divisor first
    /// (the ratios are unchanged); `None` when they still do not fit.
    pub(crate) fn weights_u128(&self) -> Option<Vec<i128>> {
        let g = self.nums.iter().fold(BigInt::zero(), |g, x| g.gcd(x));
        let g = if g.is_zero() { BigInt::one() } else { g };
        self.nums.iter().map(|x| (x / &g).to_i128()).collect()
    }

    /// Value `i` as the nearest [`Decimal`] (half away from zero, at most 28 fractional
    /// digits and a 96-bit mantissa, trailing zeros dropped); `None` when it does not fit.
    pub(crate) fn decimal(&self, i: usize) -> Option<Decimal> {
        to_decimal(self.nums.get(i)?, &self.den, self.scale)
    }

    /// Round every value to whole units of `unit` (mantissa, scale) by largest remainder so
    /// that they add up to `total` units; ties by id ascending. [`Error::Invalid`] when the
    /// values do not add up to the total.
    pub(crate) fn round_units<'a, I>(&self, unit: (u128, u32), total: i128, id: I, list: &str) -> Result<Vec<i128>>
    where
        I: Fn(usize) -> &'a str,
    {
        let (um, us) = unit;
        // value / unit = num × 10^us / (den × 10^scale × um)
        let (mult, den) = if us >= self.scale {
            (pow10(us - self.scale), &self.den * BigUint::from(um))
        } else {
            (BigUint::one(), &self.den * pow10(self.scale - us) * BigUint::from(um))
        };
        let mult = BigInt::from(mult);
        let den = BigInt::from(den);
        let overflow = || Error::overflow(list, "a value in units beyond 128 bits");
        let mut out = Vec::with_capacity(self.nums.len());
        let mut cands: Vec<(BigInt, u32)> = Vec::new();
        let mut floors: i128 = 0;
        for (i, x) in self.nums.iter().enumerate() {
            let (q, r) = (x * &mult).div_mod_floor(&den);
            let q = q.to_i128().ok_or_else(overflow)?;
            floors = floors.checked_add(q).ok_or_else(overflow)?;
            out.push(q);
            if !r.is_zero() {
                cands.push((r, i as u32));
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
}

/// The decimal nearest to `num / (den × 10^scale)`, half away from zero, at the finest
/// scale (≤ 28) whose mantissa fits 96 bits; `None` when `den` is zero or the integer part
/// does not fit.
pub(crate) fn to_decimal(num: &BigInt, den: &BigUint, scale: u32) -> Option<Decimal> {
    if den.is_zero() {
        return None;
    }
    let negative = num.sign() == Sign::Minus;
    let a = num.magnitude();
    let d = den * pow10(scale);
    let max = BigUint::from(MAX_MANTISSA);
    // The finest scale sc ≤ 28 with floor(a × 10^sc / d) ≤ 2^96 − 1.
    let mut sc = MAX_SCALE;
    let mut q = (a * pow10(sc)) / &d;
    while q > max {
        if sc == 0 {
            return None;
        }
        // Dropping one digit: floor(floor(x)/10) = floor(x/10).
        let digits = q.to_string().len() as u32;
        let max_digits = 29; // 2^96 − 1 has 29 digits
        let drop = (digits.saturating_sub(max_digits)).clamp(1, sc);
        sc -= drop;
        q /= pow10(drop);
    }
    let r = a * pow10(sc) - &q * &d;
    let mut m = q;
    if (&r << 1usize) >= d {
        m += 1u32;
        if m > max {
            if sc == 0 {
                return None;
            }
            m = (m + 5u32) / 10u32;
            sc -= 1;
        }
    }
    let m = m.to_i128()?;
    let signed = if negative { -m } else { m };
    Decimal::try_from_i128_with_scale(signed, sc).ok().map(|x| x.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sharing::exact::rational_to_decimal;

    #[test]
    fn agrees_with_the_128_bit_conversion() {
        let cases: &[(i128, u128, u32)] = &[
            (1, 3, 0),
            (2, 3, 0),
            (-2, 3, 0),
            (1000, 3, 2),
            (10000, 3, 2),
            (500, 1, 2),
            (5, 10, 28),
            (4, 10, 28),
            (5, 1, 29),
            (4, 1, 29),
            ((MAX_MANTISSA as i128) * 10 + 4, 1, 1),
            ((MAX_MANTISSA as i128) * 10 + 5, 1, 1),
            (MAX_MANTISSA as i128 * 10, 1, 0),
            (123_456_789_012_345_678_901_234_567, 7, 3),
            (-99_999_999_999_999_999_999_999_999, 999_999_999_999, 0),
        ];
        for &(n, d, s) in cases {
            assert_eq!(to_decimal(&BigInt::from(n), &BigUint::from(d), s), rational_to_decimal(n, d, s), "{n}/{d} at {s}");
        }
        assert_eq!(to_decimal(&BigInt::from(1), &BigUint::zero(), 0), None);
    }

    #[test]
    fn largest_remainder_on_big_denominators() {
        // 1/3, 1/3, 1/3 of one cent over a denominator of 3 × 10^40: the cent to "a".
        let den = BigUint::from(3u32) * pow10(40);
        let one = BigInt::from(pow10(40));
        let r = BigRationals { nums: vec![one.clone(), one.clone(), one], den, scale: 2 };
        let ids = ["b", "a", "c"];
        assert_eq!(r.round_units((1, 2), 1, |i| ids[i], "v").unwrap(), vec![0, 1, 0]);
        assert_eq!(r.round_units((1, 2), 5, |i| ids[i], "v").unwrap_err().code(), "invalid");
        assert_eq!(r.decimal(0).unwrap().to_string(), "0.0033333333333333333333333333");
    }
}
