//! Calendar months (年月) and years of account (会计年度).
//!
//! Assets enter service in a month (`"2025-03"`); costs are accounted per calendar year.
//! Both are bounded to [`MIN_YEAR`]..=[`MAX_YEAR`] so that month arithmetic over an asset's
//! whole life can never overflow.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// The earliest year of account accepted.
pub const MIN_YEAR: i32 = 1900;
/// The latest year of account accepted.
pub const MAX_YEAR: i32 = 2999;

/// Refuse a year outside [`MIN_YEAR`]..=[`MAX_YEAR`] with [`Error::OutOfRange`].
pub fn check_year(year: i32, field: &str) -> Result<i32> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(Error::out_of_range(field, year, format!("a year in {MIN_YEAR}..={MAX_YEAR}")))
    }
}

/// A calendar month, written `"YYYY-MM"` in documents (`"2025-03"`).
///
/// ```
/// use datafee::costs::YearMonth;
/// let m: YearMonth = "2025-03".parse()?;
/// assert_eq!((m.year(), m.month()), (2025, 3));
/// assert_eq!(m.to_string(), "2025-03");
/// assert_eq!("2025-13".parse::<YearMonth>().unwrap_err().code(), "out_of_range");
/// # Ok::<(), datafee::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
    /// A month; [`Error::OutOfRange`] for a month outside 1..=12 or a year out of bounds.
    pub fn new(year: i32, month: u32) -> Result<Self> {
        check_year(year, "")?;
        if !(1..=12).contains(&month) {
            return Err(Error::out_of_range("", format!("{year:04}-{month:02}"), "a month 01..12"));
        }
        Ok(YearMonth { year, month: month as u8 })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1..=12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// Months since January of year 0: `year × 12 + month − 1`. Consecutive months differ by 1.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// The month with the given [`YearMonth::index`] (not bounds-checked; for display).
    pub(crate) fn from_index(index: i64) -> (i64, i64) {
        (index.div_euclid(12), index.rem_euclid(12) + 1)
    }

    /// Parse `"YYYY-MM"`, naming `field` in errors.
    pub fn parse(text: &str, field: &str) -> Result<Self> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 7 && bytes.get(4) == Some(&b'-') && bytes.iter().enumerate().all(|(i, b)| i == 4 || b.is_ascii_digit());
        if !shape_ok {
            return Err(Error::invalid(field, format!("{text:?}"), "expected a month written \"YYYY-MM\""));
        }
        let year: i32 = text.get(0..4).and_then(|s| s.parse().ok()).unwrap_or(-1);
        let month: u32 = text.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(0);
        if !(1..=12).contains(&month) {
            return Err(Error::out_of_range(field, text, "a month 01..12"));
        }
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(Error::out_of_range(field, text, format!("a year in {MIN_YEAR}..={MAX_YEAR}")));
        }
        Ok(YearMonth { year, month: month as u8 })
    }
}

/// Render a month index (see [`YearMonth::index`]) as `"YYYY-MM"`.
pub(crate) fn format_index(index: i64) -> String {
    let (y, m) = YearMonth::from_index(index);
    format!("{y:04}-{m:02}")
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        YearMonth::parse(s, "")
    }
}

crate::op::string_schema!(YearMonth, "YearMonth", "year-month");

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

struct YearMonthVisitor;

impl serde::de::Visitor<'_> for YearMonthVisitor {
    type Value = YearMonth;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a month written as a string \"YYYY-MM\"")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<YearMonth, E> {
        YearMonth::parse(v, "").map_err(|e| crate::money::serde_error(&e))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<YearMonth, E> {
        Err(crate::money::serde_error(&Error::invalid("", v, "write the month as a string \"YYYY-MM\"")))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<YearMonth, E> {
        Err(crate::money::serde_error(&Error::invalid("", v, "write the month as a string \"YYYY-MM\"")))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<YearMonth, E> {
        Err(crate::money::serde_error(&Error::invalid("", v, "write the month as a string \"YYYY-MM\"")))
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(YearMonthVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_errors() {
        let m = YearMonth::parse("2024-12", "m").unwrap();
        assert_eq!(m.index() + 1, YearMonth::parse("2025-01", "m").unwrap().index());
        assert_eq!(format_index(m.index() + 2), "2025-02");
        for (bad, code) in [
            ("2025-13", "out_of_range"),
            ("2025-00", "out_of_range"),
            ("1800-01", "out_of_range"),
            ("2025/01", "invalid"),
            ("2025-1", "invalid"),
            ("25-01", "invalid"),
            ("2025-01-01", "invalid"),
            ("", "invalid"),
        ] {
            let e = YearMonth::parse(bad, "m").unwrap_err();
            assert_eq!((e.code(), e.field()), (code, "m"), "{bad}");
        }
        assert_eq!(YearMonth::new(2025, 13).unwrap_err().code(), "out_of_range");
        assert!(check_year(3000, "year").is_err());
    }

    #[test]
    fn serde_paths() {
        #[derive(Deserialize, Debug)]
        struct W {
            #[allow(dead_code)]
            m: YearMonth,
        }
        let e = crate::doc::from_json::<W>(r#"{"m":"2025-13"}"#).unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("out_of_range", "m", "2025-13"));
        let e = crate::doc::from_json::<W>(r#"{"m":202501}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "m"));
        let ok: YearMonth = crate::doc::from_json("\"2025-03\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"2025-03\"");
    }
}
