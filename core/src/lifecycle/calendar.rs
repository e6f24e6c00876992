//! The working-day calendar (工作日历): weekends off, public holidays (法定节假日) off, make-up
//! working days (调休上班日) on, as the document supplies them; deadlines counted in working
//! days (大冶: "在授权运营协议签订后15个工作日内……披露").

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{Error, Result};

/// The most holidays or make-up days one calendar lists.
pub const MAX_CALENDAR_DAYS: usize = 10_000;

/// The longest deadline counted, in working days.
pub const MAX_WORKING_DAYS: u32 = 1000;

/// A working-day calendar.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Days off that would otherwise be working days (public holidays, 法定节假日).
    #[serde(default)]
    pub holidays: Vec<Date>,
    /// Weekend days worked (调休上班日).
    #[serde(default)]
    pub workdays: Vec<Date>,
}

/// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
pub fn weekday(d: Date) -> u32 {
    (d.days() + 3).rem_euclid(7) as u32
}

impl Calendar {
    /// Check the calendar: bounded, and no day both a holiday and a make-up working day.
    pub fn validate(&self) -> Result<()> {
        for (f, v) in [("holidays", &self.holidays), ("workdays", &self.workdays)] {
            if v.len() > MAX_CALENDAR_DAYS {
                return Err(Error::LimitExceeded { field: f.into(), value: v.len().to_string(), max: MAX_CALENDAR_DAYS.to_string() });
            }
        }
        for (i, w) in self.workdays.iter().enumerate() {
            if self.holidays.contains(w) {
                return Err(Error::invalid(format!("workdays[{i}]"), w, "a day cannot be both a holiday and a make-up working day"));
            }
        }
        Ok(())
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: Date) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        weekday(d) < 5 && !self.holidays.contains(&d)
    }

    /// The `n`-th working day after `from` (`from` itself not counted): the last day of a
    /// deadline of `n` working days. `n` at most [`MAX_WORKING_DAYS`].
    ///
    /// ```
    /// use datafee::lifecycle::Calendar;
    /// let cal: Calendar = datafee::doc::from_json(r#"{"holidays": ["2026-10-01", "2026-10-02", "2026-10-05",
    ///     "2026-10-06", "2026-10-07"], "workdays": ["2026-10-10"]}"#)?;
    /// // Signed on Wednesday 2026-09-30: 1-7 October off (2 holidays, a weekend, 3 holidays), then
    /// // Thursday 10-08, Friday 10-09 and the make-up Saturday 10-10.
    /// let d = cal.add_working_days("2026-09-30".parse()?, 3)?;
    /// assert_eq!(d.to_string(), "2026-10-10");
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn add_working_days(&self, from: Date, n: u32) -> Result<Date> {
        if n > MAX_WORKING_DAYS {
            return Err(Error::out_of_range("working_days", n, format!("at most {MAX_WORKING_DAYS}")));
        }
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d = Date::from_days(d.days() + 1)
                .ok_or_else(|| Error::out_of_range("working_days", format!("{from} + {n} working days"), "a day before 9999-12-31"))?;
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        Ok(d)
    }
}
