//! Exact integer division on decimals (整除): `floor`, `ceil` and "first multiple above".
//!
//! Decimal division rounds at the 28th significant digit, so `floor(x / y)` taken from the
//! rounded quotient can be one off when the true quotient is just below an integer. These
//! helpers take the rounded quotient as a guess and correct it with exact multiplications,
//! so that `n × y <= x < (n + 1) × y` holds for the result (exact as long as the products
//! fit in 28 significant digits, which any price and quantity in use does).

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::money::{add, div, mul, sub};

/// `floor(x / y)` for `y > 0`.
pub(crate) fn floor_div(x: Decimal, y: Decimal, field: &str) -> Result<Decimal> {
    if y <= Decimal::ZERO {
        return Err(Error::out_of_range(field, y, "> 0 (divisor)"));
    }
    let mut n = div(x, y, field)?.floor();
    // At most a step or two of correction; bounded so a pathological input cannot loop.
    for _ in 0..4 {
        if mul(n, y, field)? > x {
            n = sub(n, Decimal::ONE, field)?;
        } else if mul(add(n, Decimal::ONE, field)?, y, field)? <= x {
            n = add(n, Decimal::ONE, field)?;
        } else {
            return Ok(n);
        }
    }
    Err(Error::overflow(field, format!("floor({x} / {y}) is beyond exact decimal precision")))
}

/// `ceil(x / y)` for `y > 0`: the fewest `n` with `n × y >= x`.
pub(crate) fn ceil_div(x: Decimal, y: Decimal, field: &str) -> Result<Decimal> {
    let n = floor_div(x, y, field)?;
    if mul(n, y, field)? == x {
        Ok(n)
    } else {
        add(n, Decimal::ONE, field)
    }
}

/// The smallest integer `k >= k_min` with `a × k > b`, for `a > 0`.
pub(crate) fn first_above(a: Decimal, b: Decimal, k_min: Decimal, field: &str) -> Result<Decimal> {
    let k = add(floor_div(b, a, field)?, Decimal::ONE, field)?;
    Ok(k.max(k_min))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn exact_floor_and_ceil() {
        assert_eq!(floor_div(dec!(7), dec!(2), "x").unwrap(), dec!(3));
        assert_eq!(floor_div(dec!(-7), dec!(2), "x").unwrap(), dec!(-4));
        assert_eq!(floor_div(dec!(6), dec!(2), "x").unwrap(), dec!(3));
        assert_eq!(ceil_div(dec!(6), dec!(2), "x").unwrap(), dec!(3));
        assert_eq!(ceil_div(dec!(6.01), dec!(2), "x").unwrap(), dec!(4));
        assert_eq!(ceil_div(dec!(0), dec!(0.3), "x").unwrap(), dec!(0));
        assert_eq!(ceil_div(dec!(1), dec!(0.3), "x").unwrap(), dec!(4));
        // 1 / 3 x 3 rounds to 0.999...9 x 3 in decimal; the correction keeps floor exact.
        let third = dec!(1) / dec!(3);
        let x = third * dec!(3);
        assert_eq!(floor_div(x, third, "x").unwrap(), dec!(3));
        // The true quotient is a hair below 5: the rounded one is 5.
        let y = dec!(0.2000000000000000000000000001);
        assert_eq!(floor_div(dec!(1), y, "x").unwrap(), dec!(4));
        assert_eq!(ceil_div(dec!(1), y, "x").unwrap(), dec!(5));
        assert_eq!(floor_div(dec!(1), dec!(0), "d").unwrap_err().code(), "out_of_range");
    }

    #[test]
    fn first_multiple_above() {
        // 3k > 9 -> k = 4; 3k > 10 -> k = 4; 3k > -5 -> k_min.
        assert_eq!(first_above(dec!(3), dec!(9), dec!(1), "k").unwrap(), dec!(4));
        assert_eq!(first_above(dec!(3), dec!(10), dec!(1), "k").unwrap(), dec!(4));
        assert_eq!(first_above(dec!(3), dec!(-5), dec!(1), "k").unwrap(), dec!(1));
        assert_eq!(first_above(dec!(0.1), dec!(100), dec!(7), "k").unwrap(), dec!(1001));
    }
}
