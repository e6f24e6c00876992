//! The unified social credit code (统一社会信用代码, GB 32100-2015) check.
//!
//! 18 characters from `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, Z, S, V): the registration
//! authority (登记管理部门代码), the kind of entity (机构类别代码), a six-digit administrative
//! division code (登记管理机关行政区划码), the nine-character organisation code (主体标识码) and
//! a check character: with `w = 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28`
//! (`3^i mod 31`), the check is `31 − (Σ value_i × w_i mod 31)`, with 31 written as `0`.

use crate::error::{Error, Result};

const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value(c: u8) -> Option<u32> {
    CHARSET.iter().position(|&x| x == c).map(|i| i as u32)
}

/// Check a credit code; [`Error::Invalid`] naming what is wrong, with the code as the value
/// (the field is empty: callers prefix it).
///
/// ```
/// use datafee::lifecycle::credit_code::check;
/// check("91110000802100433B")?;
/// let e = check("91110000802100433C").unwrap_err();
/// assert_eq!((e.code(), e.value()), ("invalid", "91110000802100433C"));
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn check(code: &str) -> Result<()> {
    let bad = |why: String| Error::invalid("", code, format!("not a unified social credit code (统一社会信用代码, GB 32100-2015): {why}"));
    let b = code.as_bytes();
    if b.len() != 18 {
        return Err(bad(format!("{} characters, expected 18", code.chars().count())));
    }
    let mut sum = 0u32;
    for (i, &c) in b.iter().enumerate() {
        let v = value(c).ok_or_else(|| bad(format!("character {} ({:?}) is not one of {}", i + 1, c as char, "0-9 A-H J-N P-R T U W-Y")))?;
        if (2..8).contains(&i) && v > 9 {
            return Err(bad(format!("character {} must be a digit (the administrative division code)", i + 1)));
        }
        if let Some(w) = WEIGHTS.get(i) {
            sum += v * w;
        }
    }
    let check = (31 - sum % 31) % 31;
    let want = CHARSET.get(check as usize).copied().unwrap_or(b'0');
    if b.get(17) != Some(&want) {
        return Err(bad(format!("the check character should be {}", want as char)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn valid_and_invalid_codes() {
        for ok in ["91110000802100433B", "91440300708461136T"] {
            check(ok).unwrap();
        }
        for bad in ["", "91110000802100433", "91110000802100433b", "9111000080210043IB", "911A0000802100433B", "911100001000013428"] {
            let e = check(bad).unwrap_err();
            assert_eq!((e.code(), e.value()), ("invalid", bad), "{bad}");
        }
        // Every single-character change of a valid code is caught.
        let good = b"91110000802100433B";
        for i in 0..18 {
            for &c in super::CHARSET {
                if c != good[i] {
                    let mut x = *good;
                    x[i] = c;
                    assert!(check(std::str::from_utf8(&x).unwrap()).is_err());
                }
            }
        }
    }
}
