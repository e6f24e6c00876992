//! The authorization (授权运营协议): its start, its term of at most five years (授权运营期限),
//! renewals (续签), suspensions (暂停执行) and early termination (提前终止).
//!
//! 大冶: "授权运营期限为5年……依法依规暂停执行或者提前终止协议"; 六安: "运营期限原则上不超过5年……
//! 每次续签最长不超过5年".

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{Error, Result};

/// The most suspensions or renewals one authorization may list.
pub const MAX_TERM_EVENTS: usize = 1000;

/// One renewal (续签) of the authorization, extending the term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Renewal {
    /// Years added (each renewal at most the lifecycle's `max_term_years`: 六安 "每次续签最长不超过5年").
    pub term_years: u32,
    /// The day the renewal was signed, if known (it must be before the term it extends ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Date>,
}

/// A suspension (暂停执行) of the authorization, `[start, end)`: `end` is the day execution
/// resumes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    /// The first day suspended.
    pub start: Date,
    /// The day execution resumes (exclusive).
    pub end: Date,
    /// Why, for the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The authorization of the operator (授权运营).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Authorization {
    /// The authorizing body (授权主体).
    #[serde(default)]
    pub authority: String,
    /// The operator authorized (运营机构, 授权对象).
    #[serde(default)]
    pub operator: String,
    /// What is authorized (授权内容), for the authorization disclosure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The scope (授权范围), for the authorization disclosure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The day the agreement was signed (协议签订), from which the disclosure deadline runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Date>,
    /// The first day of the term.
    pub start: Date,
    /// The initial term in whole years, `1..=max_term_years`.
    pub term_years: u32,
    /// Renewals, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renewals: Vec<Renewal>,
    /// Suspensions, in date order, not overlapping.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspensions: Vec<Suspension>,
    /// Early termination (提前终止): the first day no longer authorized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<Date>,
}

/// `date` plus whole years; 29 February becomes 1 March in a common year (the anniversary
/// of a term that began on a leap day).
pub fn add_years(date: Date, years: u32, field: &str) -> Result<Date> {
    let (y, m, d) = date.ymd();
    let y2 = i64::from(y) + i64::from(years);
    let too_far = || Error::out_of_range(field, format!("{date} + {years} years"), "a day in years 1..=9999");
    let y2 = i32::try_from(y2).map_err(|_| too_far())?;
    Date::from_ymd(y2, m, d).or_else(|_| Date::from_ymd(y2, 3, 1)).map_err(|_| too_far())
}

/// The authorization compiled into day numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// First day in force.
    pub start: Date,
    /// End of the (renewed) term, exclusive, before any early termination.
    pub term_end: Date,
    /// The first day no longer in force: `term_end`, or the termination day when earlier.
    pub end: Date,
    /// Suspensions `[start, end)` as day numbers, sorted, disjoint.
    pub suspended: Vec<(i32, i32)>,
}

impl Term {
    /// Whether the authorization is in force on a day (inside the term, not suspended).
    pub fn in_force(&self, day: i32) -> bool {
        self.in_term(day) && !self.is_suspended(day)
    }

    /// Whether a day is inside `[start, end)`.
    pub fn in_term(&self, day: i32) -> bool {
        self.start.days() <= day && day < self.end.days()
    }

    /// Whether a day falls inside a suspension.
    pub fn is_suspended(&self, day: i32) -> bool {
        let n = self.suspended.partition_point(|s| s.0 <= day);
        n.checked_sub(1).and_then(|i| self.suspended.get(i)).is_some_and(|s| day < s.1)
    }

    /// Days in force (in the term, not suspended) within `[from, to)`.
    pub fn days_in_force(&self, from: i32, to: i32) -> i64 {
        let (a, b) = (from.max(self.start.days()), to.min(self.end.days()));
        if b <= a {
            return 0;
        }
        let suspended: i64 = self.suspended.iter().map(|&(s, e)| i64::from((e.min(b) - s.max(a)).max(0))).sum();
        i64::from(b - a) - suspended
    }
}

impl Authorization {
    /// Check the authorization and compute its term. Errors name the field under `prefix`
    /// conventions of the caller (`term_years`, `renewals[1].term_years`, `suspensions[2].start`,
    /// `terminated`).
    pub fn term(&self, max_term_years: u32) -> Result<Term> {
        if !(1..=max_term_years).contains(&self.term_years) {
            return Err(Error::out_of_range("term_years", self.term_years, format!("1..={max_term_years} (授权运营期限不超过{max_term_years}年)")));
        }
        if self.renewals.len() > MAX_TERM_EVENTS || self.suspensions.len() > MAX_TERM_EVENTS {
            let (f, n) = if self.renewals.len() > MAX_TERM_EVENTS { ("renewals", self.renewals.len()) } else { ("suspensions", self.suspensions.len()) };
            return Err(Error::LimitExceeded { field: f.into(), value: n.to_string(), max: MAX_TERM_EVENTS.to_string() });
        }
        if let Some(s) = self.signed {
            if s > self.start {
                return Err(Error::out_of_range("signed", s, format!("on or before start {}", self.start)));
            }
        }
        let mut end = add_years(self.start, self.term_years, "term_years")?;
        for (i, r) in self.renewals.iter().enumerate() {
            if !(1..=max_term_years).contains(&r.term_years) {
                return Err(Error::out_of_range(
                    format!("renewals[{i}].term_years"),
                    r.term_years,
                    format!("1..={max_term_years} (每次续签最长不超过{max_term_years}年)"),
                ));
            }
            if let Some(s) = r.signed {
                if s >= end {
                    return Err(Error::out_of_range(format!("renewals[{i}].signed"), s, format!("before the term it renews ends ({end})")));
                }
            }
            end = add_years(end, r.term_years, &format!("renewals[{i}].term_years"))?;
        }
        let term_end = end;
        if let Some(t) = self.terminated {
            if t <= self.start || t > term_end {
                return Err(Error::out_of_range("terminated", t, format!("after start {} and not after the term's end {term_end}", self.start)));
            }
            end = t;
        }
        let mut suspended = Vec::with_capacity(self.suspensions.len());
        let mut last_end: Option<Date> = None;
        for (i, s) in self.suspensions.iter().enumerate() {
            if s.end <= s.start {
                return Err(Error::invalid(format!("suspensions[{i}].end"), s.end, format!("a suspension must end after it starts ({})", s.start)));
            }
            // Each bound named by itself: a suspension that starts inside the term but runs past
            // its end is refused at its `end`.
            if s.start < self.start {
                return Err(Error::out_of_range(format!("suspensions[{i}].start"), s.start, format!("inside the term [{}, {end})", self.start)));
            }
            if s.end > end {
                return Err(Error::out_of_range(
                    format!("suspensions[{i}].end"),
                    s.end,
                    format!("at or before the term's end {end} (the term is [{}, {end}))", self.start),
                ));
            }
            if let Some(prev) = last_end {
                if s.start < prev {
                    return Err(Error::invalid(
                        format!("suspensions[{i}].start"),
                        s.start,
                        format!("suspensions must be in date order and must not overlap (the previous one runs to {prev})"),
                    ));
                }
            }
            last_end = Some(s.end);
            suspended.push((s.start.days(), s.end.days()));
        }
        Ok(Term { start: self.start, term_end, end, suspended })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn auth() -> Authorization {
        crate::doc::from_json(
            r#"{"operator": "op", "start": "2026-01-01", "term_years": 5,
                "suspensions": [{"start": "2027-03-01", "end": "2027-04-01"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn term_suspension_renewal_termination() {
        let a = auth();
        let t = a.term(5).unwrap();
        assert_eq!((t.start, t.end), (d("2026-01-01"), d("2031-01-01")));
        assert!(t.in_force(d("2030-12-31").days()) && !t.in_force(d("2031-01-01").days()) && !t.in_force(d("2025-12-31").days()));
        assert!(t.is_suspended(d("2027-03-01").days()) && t.is_suspended(d("2027-03-31").days()) && !t.is_suspended(d("2027-04-01").days()));
        // 2027: 365 days, March (31) suspended.
        assert_eq!(t.days_in_force(d("2027-01-01").days(), d("2028-01-01").days()), 334);
        let mut r = a.clone();
        r.renewals.push(Renewal { term_years: 3, signed: None });
        assert_eq!(r.term(5).unwrap().end, d("2034-01-01"));
        r.terminated = Some(d("2029-07-01"));
        let t = r.term(5).unwrap();
        assert_eq!((t.term_end, t.end), (d("2034-01-01"), d("2029-07-01")));
        assert_eq!(add_years(d("2024-02-29"), 1, "x").unwrap(), d("2025-03-01"));
    }

    #[test]
    fn bad_terms_are_typed_errors() {
        let mut a = auth();
        a.term_years = 6;
        let e = a.term(5).unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("out_of_range", "term_years", "6"));
        let mut a = auth();
        a.suspensions.push(Suspension { start: d("2027-03-15"), end: d("2027-05-01"), reason: None });
        let e = a.term(5).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "suspensions[1].start"));
        let mut a = auth();
        a.suspensions[0].end = a.suspensions[0].start;
        assert_eq!(a.term(5).unwrap_err().field(), "suspensions[0].end");
        // A suspension starting inside the term and running past its end: named at its end.
        let mut a = auth();
        a.terminated = Some(d("2028-01-01"));
        a.suspensions[0] = Suspension { start: d("2027-12-01"), end: d("2028-02-01"), reason: None };
        let e = a.term(5).unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("out_of_range", "suspensions[0].end", "2028-02-01"));
        a.suspensions[0].start = d("2025-12-01");
        assert_eq!(a.term(5).unwrap_err().field(), "suspensions[0].start");
        let mut a = auth();
        a.terminated = Some(d("2031-06-01"));
        assert_eq!(a.term(5).unwrap_err().field(), "terminated");
        let mut a = auth();
        a.renewals.push(Renewal { term_years: 0, signed: None });
        assert_eq!(a.term(5).unwrap_err().field(), "renewals[0].term_years");
        let mut a = auth();
        a.start = d("9998-01-01");
        a.suspensions.clear();
        assert_eq!(a.term(5).unwrap_err().code(), "out_of_range");
    }
}
