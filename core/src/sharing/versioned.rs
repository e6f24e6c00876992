//! Agreements that change (动态调整): a year's revenue shared by the agreement version in force
//! on each usage date.
//!
//! 大冶 asks for a revenue-sharing **and dynamic adjustment** mechanism (收益分配及动态调整机制): an
//! agreement is re-signed, its ratios or costs change, and the year's revenue must be shared by the
//! version that was in force when the revenue was earned, not by the version signed last. Here:
//!
//! - each **version** names itself (`version`), its first day (`effective_from`) and, except the
//!   last, its last day (`effective_to`, both included), and carries a whole
//!   [`Agreement`]. Versions are listed in order and are contiguous: the
//!   next one starts the day after the previous one ends. A **gap** or an **overlap** is refused with
//!   [`Error::Invalid`] naming `versions[k].effective_from`; a version without an end that is not the
//!   last names `versions[k].effective_to`.
//! - **revenue is dated**: by day (`{"on": "2026-03-15", "amount": ..}`), wholly to the version in
//!   force that day; or by month (`{"month": "2026-03", "amount": ..}`), split among the versions in
//!   force in that month **pro rata to their days in it** (largest remainder to the cent, ties by
//!   version name ascending). Every dated revenue lies in `year` and has a version in force.
//! - each version used runs its own waterfall ([`super::waterfall::waterfall`]) on the revenue
//!   assigned to it; the result names the versions used and each party's total over them.
//!
//! Invariant, to the cent: Σ revenue over the versions used = the year's revenue; each waterfall's
//! tax + Σ totals = its revenue, so Σ tax + Σ party totals = the year's revenue.
//!
//! Limits: at most [`MAX_VERSIONS`] versions (one a day), [`MAX_DATED_REVENUE`] dated amounts and a
//! work budget of [`MAX_VERSIONED_PARTY_STEPS`] party-waterfalls (Σ parties over the versions),
//! refused with `limit_exceeded`.
//!
//! ```
//! use serde_json::json;
//! let agreement = |ds: &str, op: &str| json!({"product": "p1", "parties": [
//!     {"id": "ds", "kind": "data_source", "ratio": ds}, {"id": "op", "kind": "operator", "ratio": op}],
//!     "method": "fixed_ratios"});
//! let out = datafee::api::call("sharing.versioned", json!({"product": "p1", "year": 2026,
//!   "versions": [
//!     {"version": "v1", "effective_from": "2026-01-01", "effective_to": "2026-06-30", "agreement": agreement("0.5", "0.5")},
//!     {"version": "v2", "effective_from": "2026-07-01", "agreement": agreement("0.25", "0.75")}],
//!   "revenue": [{"on": "2026-03-01", "amount": "100.00"}, {"on": "2026-08-01", "amount": "100.00"}]}))?;
//! assert_eq!(out["versions_used"][0]["version"], "v1");
//! assert_eq!(out["parties"][0]["total"], "75.00"); // 50 + 25
//! # Ok::<(), datafee::Error>(())
//! ```

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::split::split_weights;
use super::waterfall::{waterfall, Agreement, Waterfall};
use crate::budget::Budget;
use crate::date::Date;
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{add, Amount, Rounding};

/// The most versions of one agreement (one a day).
pub const MAX_VERSIONS: usize = 366;
/// The most dated revenue amounts in one call.
pub const MAX_DATED_REVENUE: usize = 100_000;
/// The work budget: Σ parties over the versions (each version's waterfall is linear in its parties).
pub const MAX_VERSIONED_PARTY_STEPS: u64 = 1_000_000;

/// One version of an agreement (协议版本).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AgreementVersion {
    /// Its name (unique).
    pub version: String,
    /// The first day it is in force.
    pub effective_from: Date,
    /// The last day it is in force; only the last version may leave it open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_to: Option<Date>,
    /// The agreement.
    pub agreement: Agreement,
}

/// Revenue with its date: a day (`on`) or a month (`month`, `YYYY-MM`), exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DatedRevenue {
    /// The usage day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    /// The usage month, `YYYY-MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    /// The revenue (non-negative).
    pub amount: Amount,
}

/// The input of `sharing.versioned`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VersionedInput {
    /// The product.
    pub product: String,
    /// The year shared.
    pub year: i32,
    /// The versions, in order.
    pub versions: Vec<AgreementVersion>,
    /// The year's revenue, dated.
    pub revenue: Vec<DatedRevenue>,
}

/// One version used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VersionShare {
    /// The version.
    pub version: String,
    /// Its first day.
    pub effective_from: Date,
    /// Its last day, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_to: Option<Date>,
    /// The revenue assigned to it.
    pub revenue: Amount,
    /// Its waterfall on that revenue.
    pub waterfall: Waterfall,
}

/// A party's total over the versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VersionedParty {
    /// The party's id.
    pub id: String,
    /// Σ its totals over the versions used.
    pub total: Amount,
}

/// A year shared by versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Versioned {
    /// The product.
    pub product: String,
    /// The year.
    pub year: i32,
    /// Σ dated revenue.
    pub revenue: Amount,
    /// Σ taxes over the versions.
    pub tax: Amount,
    /// The versions that received revenue, in version order.
    pub versions_used: Vec<VersionShare>,
    /// Each party's total, in order of first appearance.
    pub parties: Vec<VersionedParty>,
    /// How the revenue was assigned.
    pub explanation: Explanation,
}

fn parse_month(text: &str, field: &str) -> Result<(i32, u32)> {
    let bad = || Error::invalid(field, text, "expected a month YYYY-MM");
    let b = text.as_bytes();
    if b.len() != 7 || b[4] != b'-' || !b.iter().enumerate().all(|(k, c)| k == 4 || c.is_ascii_digit()) {
        return Err(bad());
    }
    let y: i32 = text[0..4].parse().map_err(|_| bad())?;
    let m: u32 = text[5..7].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) {
        return Err(bad());
    }
    Ok((y, m))
}

fn zero() -> Amount {
    Amount::new(Decimal::new(0, 2))
}

/// The index of the version in force on `day`, if any (versions sorted and contiguous).
fn in_force(versions: &[AgreementVersion], day: Date) -> Option<usize> {
    let k = versions.partition_point(|v| v.effective_from <= day);
    let k = k.checked_sub(1)?;
    let v = versions.get(k)?;
    v.effective_to.is_none_or(|to| day <= to).then_some(k)
}

fn check_versions(i: &VersionedInput) -> Result<()> {
    let n = i.versions.len();
    if n == 0 {
        return Err(Error::Empty { field: "versions".into(), value: "[]".into() });
    }
    if n > MAX_VERSIONS {
        return Err(Error::LimitExceeded { field: "versions".into(), value: n.to_string(), max: MAX_VERSIONS.to_string() });
    }
    super::ids::check_unique(n, |k| i.versions.get(k).map_or("", |v| v.version.as_str()), "versions", ".version")?;
    let steps: u64 = i.versions.iter().map(|v| v.agreement.parties.len() as u64).sum();
    Budget::new("versions", MAX_VERSIONED_PARTY_STEPS, "agreement parties over the versions").check_estimate(1, steps)?;
    for (k, v) in i.versions.iter().enumerate() {
        let f = format!("versions[{k}]");
        if v.agreement.product != i.product {
            return Err(Error::invalid(format!("{f}.agreement.product"), &v.agreement.product, format!("the agreement of product {}", i.product)));
        }
        if let Some(to) = v.effective_to {
            if to < v.effective_from {
                return Err(Error::invalid(format!("{f}.effective_to"), to, "a version ends on or after its first day"));
            }
        }
        if k == 0 {
            continue;
        }
        let prev = &i.versions[k - 1];
        let Some(prev_to) = prev.effective_to else {
            return Err(Error::invalid(
                format!("versions[{}].effective_to", k - 1),
                "open",
                format!("only the last version may be open-ended; version {} follows", v.version),
            ));
        };
        let next = prev_to.days().checked_add(1).and_then(Date::from_days);
        match next {
            Some(d) if v.effective_from == d => {}
            Some(d) if v.effective_from < d => {
                return Err(Error::invalid(
                    format!("{f}.effective_from"),
                    v.effective_from,
                    format!("overlap: version {} is in force until {prev_to}; version {} must start on {d}", prev.version, v.version),
                ));
            }
            _ => {
                return Err(Error::invalid(
                    format!("{f}.effective_from"),
                    v.effective_from,
                    format!(
                        "gap: version {} ends on {prev_to}; version {} must start the next day{}",
                        prev.version,
                        v.version,
                        next.map(|d| format!(", {d}")).unwrap_or_default()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Share a year's dated revenue by the agreement versions in force.
///
/// Errors: no versions ([`Error::Empty`]); a repeated version; a gap, an overlap or a version
/// ending before it starts ([`Error::Invalid`] on `versions[k].effective_from` / `effective_to`); an
/// agreement of another product; a dated amount that is negative (`revenue[j].amount`), outside the
/// year, without a version in force, with both or neither of `on` and `month` (`revenue[j]`);
/// the waterfalls' own errors under `versions[k]`; the limits ([`Error::LimitExceeded`]).
pub fn versioned(i: &VersionedInput) -> Result<Versioned> {
    check_versions(i)?;
    if i.revenue.len() > MAX_DATED_REVENUE {
        return Err(Error::LimitExceeded { field: "revenue".into(), value: i.revenue.len().to_string(), max: MAX_DATED_REVENUE.to_string() });
    }
    let first = Date::from_ymd(i.year, 1, 1).within("year")?;
    let last = Date::from_ymd(i.year, 12, 31).within("year")?;
    let nv = i.versions.len();
    let mut assigned = vec![zero(); nv];
    let mut used = vec![false; nv];
    let mut total = zero();
    let cents = Rounding::cents();
    for (j, r) in i.revenue.iter().enumerate() {
        let f = format!("revenue[{j}]");
        r.amount.non_negative(&format!("{f}.amount"))?;
        if r.amount.get().round_dp(2) != r.amount.get() {
            return Err(Error::invalid(format!("{f}.amount"), r.amount, "a whole number of cents"));
        }
        total = Amount::new(add(total.get(), r.amount.get(), "revenue")?);
        match (&r.on, &r.month) {
            (Some(day), None) => {
                if *day < first || *day > last {
                    return Err(Error::invalid(format!("{f}.on"), day, format!("a day of {}", i.year)));
                }
                let k = in_force(&i.versions, *day).ok_or_else(|| Error::invalid(format!("{f}.on"), day, "no agreement version is in force that day"))?;
                assigned[k] = Amount::new(add(assigned[k].get(), r.amount.get(), &f)?);
                used[k] = true;
            }
            (None, Some(text)) => {
                let (y, m) = parse_month(text, &format!("{f}.month"))?;
                if y != i.year {
                    return Err(Error::invalid(format!("{f}.month"), text, format!("a month of {}", i.year)));
                }
                let start = Date::from_ymd(y, m, 1).within(&format!("{f}.month"))?;
                let end = if m == 12 { last } else { Date::from_days(Date::from_ymd(y, m + 1, 1).within(&format!("{f}.month"))?.days() - 1).unwrap_or(last) };
                // Days of each version in the month (at most 31 versions touch one month).
                let mut ks: Vec<usize> = Vec::new();
                let mut days: Vec<Decimal> = Vec::new();
                let mut d = start;
                while d <= end {
                    let k = in_force(&i.versions, d)
                        .ok_or_else(|| Error::invalid(format!("{f}.month"), text, format!("no agreement version is in force on {d}")))?;
                    let to = i.versions[k].effective_to.map_or(end, |t| t.min(end));
                    ks.push(k);
                    days.push(Decimal::from(to.days() - d.days() + 1));
                    d = match Date::from_days(to.days() + 1) {
                        Some(x) => x,
                        None => break,
                    };
                }
                let names: Vec<&str> = ks.iter().map(|&k| i.versions[k].version.as_str()).collect();
                let s = split_weights(r.amount, &names, &days, &cents).within(&f)?;
                for (&k, share) in ks.iter().zip(s.shares) {
                    assigned[k] = Amount::new(add(assigned[k].get(), share.get(), &f)?);
                    used[k] = true;
                }
            }
            _ => return Err(Error::invalid(f, "on/month", "exactly one of `on` (a day) or `month` (YYYY-MM)")),
        }
    }

    let mut versions_used = Vec::new();
    let mut tax = zero();
    let mut order: Vec<String> = Vec::new();
    let mut totals: BTreeMap<String, Amount> = BTreeMap::new();
    let mut check = zero();
    for (k, v) in i.versions.iter().enumerate() {
        if !used[k] {
            continue;
        }
        let w = waterfall(&v.agreement, assigned[k]).map_err(|e| e.within(&format!("versions[{k}]")))?;
        tax = Amount::new(add(tax.get(), w.tax.get(), "tax")?);
        check = Amount::new(add(check.get(), assigned[k].get(), "revenue")?);
        for p in &w.parties {
            let slot = totals.entry(p.id.clone()).or_insert_with(|| {
                order.push(p.id.clone());
                zero()
            });
            *slot = Amount::new(add(slot.get(), p.total.get(), "parties")?);
        }
        versions_used.push(VersionShare {
            version: v.version.clone(),
            effective_from: v.effective_from,
            effective_to: v.effective_to,
            revenue: assigned[k],
            waterfall: w,
        });
    }
    if check.get() != total.get() {
        return Err(Error::invalid("revenue", check, "internal check failed: Σ version revenue ≠ the year's revenue"));
    }
    let parties = order.into_iter().map(|id| VersionedParty { total: totals.get(&id).copied().unwrap_or_else(zero), id }).collect();
    let names: Vec<&str> = versions_used.iter().map(|v| v.version.as_str()).collect();
    let explanation = Explanation::new(
        "sharing.versioned",
        "Agreements that change 动态调整 (大冶: 收益分配及动态调整机制)",
        "a day's revenue to the version in force that day; a month's split pro rata to each version's days in it (largest remainder); one waterfall per version",
    )
    .input("year", i.year)
    .input("revenue", total)
    .input("versions", i.versions.len())
    .result(format!("versions used: {}; Σ version revenue = {total}", names.join(", ")))
    .rounding("a month's revenue split among versions to the cent by largest remainder, ties by version ascending");
    Ok(Versioned { product: i.product.clone(), year: i.year, revenue: total, tax, versions_used, parties, explanation })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn agreement(ds: &str, op: &str) -> serde_json::Value {
        json!({"product": "p1", "parties": [{"id": "ds", "kind": "data_source", "ratio": ds}, {"id": "op", "kind": "operator", "ratio": op}],
               "method": "fixed_ratios"})
    }

    fn run(versions: serde_json::Value, revenue: serde_json::Value) -> Result<Versioned> {
        versioned(&crate::doc::from_value(json!({"product": "p1", "year": 2026, "versions": versions, "revenue": revenue}))?)
    }

    #[test]
    fn month_split_by_days() {
        let v = json!([
            {"version": "v1", "effective_from": "2026-01-01", "effective_to": "2026-03-10", "agreement": agreement("0.5", "0.5")},
            {"version": "v2", "effective_from": "2026-03-11", "agreement": agreement("0.2", "0.8")}]);
        // March: v1 10 days, v2 21 days of 31: 310.00 → 100.00 / 210.00.
        let r = run(v, json!([{"month": "2026-03", "amount": "310.00"}])).unwrap();
        assert_eq!(r.versions_used[0].revenue.to_string(), "100.00");
        assert_eq!(r.versions_used[1].revenue.to_string(), "210.00");
        assert_eq!(r.parties[0].total.to_string(), "92.00"); // 50 + 42
    }

    #[test]
    fn limits_and_extremes_are_refused_not_panics() {
        let many: Vec<serde_json::Value> = (0..=MAX_VERSIONS)
            .map(|k| {
                json!({"version": format!("v{k}"), "effective_from": "2026-01-01",
            "agreement": agreement("0.5", "0.5")})
            })
            .collect();
        let e = run(serde_json::Value::Array(many), json!([])).unwrap_err();
        assert_eq!((e.code(), e.field()), ("limit_exceeded", "versions"));
        let one = json!([{"version": "v1", "effective_from": "0001-01-01", "agreement": agreement("0.5", "0.5")}]);
        let max = "79228162514264337593543950335";
        let e = run(one.clone(), json!([{"on": "2026-01-01", "amount": max}, {"on": "2026-01-02", "amount": max}])).unwrap_err();
        assert_eq!(e.code(), "overflow");
        let e = versioned(&crate::doc::from_value(json!({"product": "p1", "year": 10000, "versions": one, "revenue": []})).unwrap()).unwrap_err();
        assert_eq!(e.field(), "year");
    }

    #[test]
    fn gap_overlap_and_open_version() {
        let gap = json!([
            {"version": "v1", "effective_from": "2026-01-01", "effective_to": "2026-03-10", "agreement": agreement("0.5", "0.5")},
            {"version": "v2", "effective_from": "2026-03-12", "agreement": agreement("0.2", "0.8")}]);
        let e = run(gap, json!([])).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "versions[1].effective_from"));
        assert!(e.to_string().contains("gap"));
        let overlap = json!([
            {"version": "v1", "effective_from": "2026-01-01", "effective_to": "2026-03-10", "agreement": agreement("0.5", "0.5")},
            {"version": "v2", "effective_from": "2026-03-10", "agreement": agreement("0.2", "0.8")}]);
        let e = run(overlap, json!([])).unwrap_err();
        assert_eq!(e.field(), "versions[1].effective_from");
        assert!(e.to_string().contains("overlap"));
        let open = json!([
            {"version": "v1", "effective_from": "2026-01-01", "agreement": agreement("0.5", "0.5")},
            {"version": "v2", "effective_from": "2026-03-10", "agreement": agreement("0.2", "0.8")}]);
        assert_eq!(run(open, json!([])).unwrap_err().field(), "versions[0].effective_to");
        let late = json!([{"version": "v1", "effective_from": "2026-02-01", "agreement": agreement("0.5", "0.5")}]);
        let e = run(late, json!([{"on": "2026-01-31", "amount": "1.00"}])).unwrap_err();
        assert_eq!(e.field(), "revenue[0].on");
        let e = run(
            json!([{"version": "v1", "effective_from": "2026-01-01", "agreement": agreement("0.5", "0.5")}]),
            json!([{"on": "2026-01-31", "amount": "-1.00"}]),
        )
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "revenue[0].amount"));
    }
}
