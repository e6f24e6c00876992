//! Dates and usage times (日期与用量时间): the one date type of the crate (fees, the authorization
//! term, registrations, the billing calendar).
//!
//! Rating needs only the calendar day: the billing period, the effective date of a
//! published fee and the time of a usage record are compared day by day. A [`Date`] is a
//! day number (days since 1970-01-01, proleptic Gregorian calendar, years 1 to 9999); a
//! [`UsageTime`] is a date with an optional time of day, written `YYYY-MM-DD` or
//! `YYYY-MM-DDTHH:MM:SS` (no zone, no fraction: the operator's local civil time). Anything
//! else is refused with [`Error::Invalid`] naming the field.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// A calendar day (日期), `YYYY-MM-DD`, stored as days since 1970-01-01.
///
/// ```
/// use datafee::rating::Date;
/// let d: Date = "2025-03-01".parse()?;
/// assert_eq!(d.days(), 20148);
/// assert_eq!(d.to_string(), "2025-03-01");
/// assert_eq!("2024-02-30".parse::<Date>().unwrap_err().code(), "invalid");
/// # Ok::<(), datafee::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// The first day accepted, 0001-01-01, as a day number.
const MIN_DAY: i32 = -719_162;
/// The last day accepted, 9999-12-31, as a day number.
const MAX_DAY: i32 = 2_932_896;

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The day `year-month-day`, or [`Error::Invalid`] if there is no such day in years 1..=9999.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(Error::invalid("", format!("{year:04}-{month:02}-{day:02}"), "no such calendar day"));
        }
        // Days from civil (H. Hinnant), years counted from March.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400) as u32;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Ok(Date(era * 146_097 + doe as i32 - 719_468))
    }

    /// The day with this day number (days since 1970-01-01), if it is in years 1..=9999.
    pub fn from_days(days: i32) -> Option<Date> {
        (MIN_DAY..=MAX_DAY).contains(&days).then_some(Date(days))
    }

    /// The day number: days since 1970-01-01 (negative before). The raw fast path
    /// (`RawRecord::day` of the rating module) uses the same numbers.
    pub const fn days(self) -> i32 {
        self.0
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097) as u32;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe as i32 + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// Parse `YYYY-MM-DD`, naming `field` in the error.
    pub fn parse(text: &str, field: &str) -> Result<Date> {
        let bad = || Error::invalid(field, text, "expected a date YYYY-MM-DD");
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let y = digits(&b[0..4]).ok_or_else(bad)?;
        let m = digits(&b[5..7]).ok_or_else(bad)?;
        let d = digits(&b[8..10]).ok_or_else(bad)?;
        Date::from_ymd(y as i32, m, d).map_err(|_| Error::invalid(field, text, "no such calendar day"))
    }
}

/// The value of a run of ASCII digits, or `None` if one is not a digit.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

impl Date {
    /// Append the date's `Display` text (`YYYY-MM-DD`) to `out`, without `core::fmt` for years
    /// 0 to 9999 (writers of many rows: the command line's rejected rows); others through
    /// `Display`.
    pub fn push_text(&self, out: &mut String) {
        let (y, m, d) = self.ymd();
        match u32::try_from(y) {
            Ok(y @ 0..=9999) => {
                for x in [y / 100, y % 100] {
                    push_two(out, x);
                }
                out.push('-');
                push_two(out, m);
                out.push('-');
                push_two(out, d);
            }
            _ => {
                use fmt::Write;
                let _ = write!(out, "{self}");
            }
        }
    }
}

/// Append `x` (below 100) as two digits.
fn push_two(out: &mut String, x: u32) {
    out.push(char::from(b'0' + (x / 10 % 10) as u8));
    out.push(char::from(b'0' + (x % 10) as u8));
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Date {
    type Err = Error;
    fn from_str(s: &str) -> Result<Date> {
        Date::parse(s, "")
    }
}

crate::op::string_schema!(Date, "Date", "date");

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s, "").map_err(|e| crate::money::serde_error(&e))
    }
}

/// The time of a usage (用量时间): a [`Date`] and, optionally, a time of day.
///
/// Written `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` (hours 00-23, minutes and seconds 00-59);
/// it is written back the way it was given. Only the date takes part in rating.
///
/// ```
/// use datafee::rating::UsageTime;
/// let t: UsageTime = "2025-03-01T23:59:59".parse()?;
/// assert_eq!(t.date().to_string(), "2025-03-01");
/// assert_eq!(t.to_string(), "2025-03-01T23:59:59");
/// assert!("2025-03-01 10:00:00".parse::<UsageTime>().is_err());
/// # Ok::<(), datafee::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UsageTime {
    date: Date,
    second_of_day: Option<u32>,
}

impl UsageTime {
    /// A bare date.
    pub const fn on(date: Date) -> Self {
        UsageTime { date, second_of_day: None }
    }

    /// A date and a time of day; [`Error::Invalid`] unless `h < 24`, `m < 60`, `s < 60`.
    pub fn at(date: Date, h: u32, m: u32, s: u32) -> Result<Self> {
        if h >= 24 || m >= 60 || s >= 60 {
            return Err(Error::invalid("", format!("{h:02}:{m:02}:{s:02}"), "no such time of day"));
        }
        Ok(UsageTime { date, second_of_day: Some(h * 3600 + m * 60 + s) })
    }

    /// The date.
    pub const fn date(self) -> Date {
        self.date
    }

    /// Seconds since midnight, if a time of day was given.
    pub const fn second_of_day(self) -> Option<u32> {
        self.second_of_day
    }

    /// Parse `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`, naming `field` in the error.
    pub fn parse(text: &str, field: &str) -> Result<Self> {
        let bad = || Error::invalid(field, text, "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS");
        let b = text.as_bytes();
        match b.len() {
            10 => Date::parse(text, field).map(UsageTime::on),
            19 if b[10] == b'T' && b[13] == b':' && b[16] == b':' => {
                let date = Date::parse(text.get(..10).ok_or_else(bad)?, field)?;
                let h = digits(&b[11..13]).ok_or_else(bad)?;
                let m = digits(&b[14..16]).ok_or_else(bad)?;
                let s = digits(&b[17..19]).ok_or_else(bad)?;
                UsageTime::at(date, h, m, s).map_err(|_| Error::invalid(field, text, "no such time of day"))
            }
            _ => Err(bad()),
        }
    }
}

impl From<Date> for UsageTime {
    fn from(d: Date) -> Self {
        UsageTime::on(d)
    }
}

impl fmt::Display for UsageTime {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.second_of_day {
            None => write!(f, "{}", self.date),
            Some(s) => write!(f, "{}T{:02}:{:02}:{:02}", self.date, s / 3600, s / 60 % 60, s % 60),
        }
    }
}

impl FromStr for UsageTime {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        UsageTime::parse(s, "")
    }
}

crate::op::string_schema!(UsageTime, "UsageTime", "date-time");

impl Serialize for UsageTime {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UsageTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        UsageTime::parse(&s, "").map_err(|e| crate::money::serde_error(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `push_text` writes what `Display` writes, across years 0 to 9999 and beyond.
    #[test]
    fn push_text_is_display() {
        let mut out = String::new();
        for days in (-800_000..3_000_000).step_by(997).chain([-719_528, 0, 2_932_896, 2_932_897]) {
            if let Some(d) = Date::from_days(days) {
                out.clear();
                d.push_text(&mut out);
                assert_eq!(out, d.to_string(), "{days}");
            }
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::from_ymd(1, 1, 1).unwrap().days(), MIN_DAY);
        assert_eq!(Date::from_ymd(9999, 12, 31).unwrap().days(), MAX_DAY);
        assert_eq!(Date::from_ymd(2000, 3, 1).unwrap().days() - Date::from_ymd(2000, 2, 28).unwrap().days(), 2);
        assert_eq!(Date::from_ymd(1900, 3, 1).unwrap().days() - Date::from_ymd(1900, 2, 28).unwrap().days(), 1);
        // Every day of years 1..=9999 round-trips, and consecutive days are consecutive numbers.
        for y in (1..=9999).step_by(7).chain([1600, 1900, 2000, 2024, 2100]) {
            let mut prev = Date::from_ymd(y, 1, 1).unwrap().days() - 1;
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    let x = Date::from_ymd(y, m, d).unwrap();
                    assert_eq!(x.ymd(), (y, m, d));
                    assert_eq!(x.days(), prev + 1);
                    assert_eq!(Date::from_days(x.days()), Some(x));
                    prev = x.days();
                }
            }
        }
        assert!(Date::from_days(MAX_DAY + 1).is_none());
    }

    #[test]
    fn parse_and_refuse() {
        for good in ["2024-02-29", "0001-01-01", "9999-12-31"] {
            assert_eq!(good.parse::<Date>().unwrap().to_string(), good);
        }
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01", "2024-1-01", "2024/01/01", "+024-01-01", "2024-01-01T00:00:00"] {
            let e = Date::parse(bad, "period.start").unwrap_err();
            assert_eq!((e.code(), e.field(), e.value()), ("invalid", "period.start", bad), "{bad}");
        }
        for good in ["2024-02-29", "2024-02-29T00:00:00", "2024-02-29T23:59:59"] {
            assert_eq!(good.parse::<UsageTime>().unwrap().to_string(), good);
        }
        for bad in ["2024-02-29T24:00:00", "2024-02-29T10:60:00", "2024-02-29 10:00:00", "2024-02-29T10:00", "2024-02-29T10:00:00Z", "", "2024-02-30T10:00:00"]
        {
            assert_eq!(UsageTime::parse(bad, "time").unwrap_err().code(), "invalid", "{bad}");
        }
        let e = crate::doc::from_json::<Vec<UsageTime>>(r#"["2024-01-01", "2024-01-32"]"#).unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("invalid", "[1]", "2024-01-32"));
    }
}
