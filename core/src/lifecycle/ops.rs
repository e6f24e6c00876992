//! The `lifecycle.*` operations of [`crate::api::call`].
//!
//! - `lifecycle.check`: `{lifecycle, catalog?, pricing_period?: {first_year, period_years}}` →
//!   `{valid: true, term?, approvals, forecasts}`: the document checked (against the catalog
//!   when given), the term computed, a pricing period refused when it runs past the term,
//!   and the approvals' forecast volumes summed per customer.
//! - `lifecycle.exit_settlement`: [`super::ExitInput`] → [`super::ExitSettlement`].
//! - `lifecycle.resource_use`: `{catalog, products: [rating product summaries], rounding?}` →
//!   [`super::lineage::ResourceUse`]: use and revenue attributable per dataset and per source.
//! - `lifecycle.authorization_disclosure`: `{lifecycle, calendar?: {holidays, workdays},
//!   working_days?: 15, published?, format?}` → [`crate::disclosure::AuthorizationDisclosure`]
//!   (授权对象、内容、范围、时限 and the deadline counted in working days after signing).
//! - `lifecycle.audit_signals`: `{usage: [{customer, product, quantity, free?}], history?:
//!   [{customer, product, quantities}], thresholds?}` → `{signals}` ([`super::audit`]).
//! - `lifecycle.periodic_report`: `{catalog, cadence: "quarterly" | "half_yearly", year, index,
//!   products: [rating product summaries of the period], rounding?, format?}` →
//!   [`crate::disclosure::PeriodicReport`] (product list, marketisation, resource use).
//! - `lifecycle.credit_code`: `{code}` → `{valid: true}` or [`Error::Invalid`] at `code`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{credit_code, exit_settlement, ExitInput, Lifecycle};
use crate::api::run;
use crate::catalog::Catalog;
use crate::error::{Error, Result, ResultExt};
use crate::money::{self, Quantity};
use crate::rating::Date;

/// Operations this module answers through [`crate::api::call`].
pub const OPERATIONS: &[&str] = &[
    "lifecycle.audit_signals",
    "lifecycle.authorization_disclosure",
    "lifecycle.check",
    "lifecycle.credit_code",
    "lifecycle.exit_settlement",
    "lifecycle.periodic_report",
    "lifecycle.resource_use",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodicInput {
    catalog: Catalog,
    cadence: crate::disclosure::Cadence,
    year: i32,
    index: u32,
    products: Vec<crate::rating::ProductSummary>,
    #[serde(default)]
    rounding: crate::money::Rounding,
    #[serde(default)]
    format: crate::disclosure::Format,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditInput {
    usage: Vec<super::audit::UsageLine>,
    #[serde(default)]
    history: Vec<super::audit::History>,
    #[serde(default)]
    thresholds: super::audit::Thresholds,
}

#[derive(Serialize)]
struct AuditOutput {
    signals: Vec<super::audit::Signal>,
}

fn fifteen() -> u32 {
    crate::disclosure::DEFAULT_DISCLOSURE_WORKING_DAYS
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisclosureInput {
    lifecycle: Lifecycle,
    #[serde(default)]
    calendar: super::Calendar,
    #[serde(default = "fifteen")]
    working_days: u32,
    #[serde(default)]
    published: Option<Date>,
    #[serde(default)]
    format: crate::disclosure::Format,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UseInput {
    catalog: Catalog,
    products: Vec<crate::rating::ProductSummary>,
    #[serde(default)]
    rounding: crate::money::Rounding,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PricingPeriod {
    first_year: i32,
    period_years: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckInput {
    lifecycle: Lifecycle,
    #[serde(default)]
    catalog: Option<Catalog>,
    #[serde(default)]
    pricing_period: Option<PricingPeriod>,
}

#[derive(Serialize)]
struct TermOut {
    start: Date,
    end: Date,
    term_end: Date,
    suspensions: usize,
    suspended_days: i64,
}

#[derive(Serialize)]
struct CheckOutput {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    term: Option<TermOut>,
    approvals: usize,
    /// Σ forecast volume per customer and product.
    forecasts: BTreeMap<String, BTreeMap<String, Quantity>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeInput {
    code: String,
}

fn check(i: CheckInput) -> Result<CheckOutput> {
    let term = match &i.catalog {
        Some(c) => {
            c.validate().within("catalog")?;
            i.lifecycle.validate(c).within("lifecycle")?
        }
        None if i.lifecycle.approvals.as_ref().is_some_and(|a| !a.is_empty()) => {
            return Err(Error::Missing { field: "catalog".into(), value: "the catalog the approvals refer to".into() });
        }
        None => i.lifecycle.validate(&Catalog::default()).within("lifecycle")?,
    };
    if let Some(p) = &i.pricing_period {
        i.lifecycle.check_pricing_period(p.first_year, p.period_years)?;
    }
    let mut forecasts: BTreeMap<String, BTreeMap<String, Quantity>> = BTreeMap::new();
    for a in i.lifecycle.approvals.iter().flatten() {
        if let Some(v) = a.forecast_volume {
            let e = forecasts.entry(a.customer.clone()).or_default().entry(a.product.clone()).or_insert(Quantity::new(Decimal::ZERO));
            *e = Quantity::new(money::add(e.get(), v.get(), "approvals.forecast_volume")?);
        }
    }
    Ok(CheckOutput {
        valid: true,
        term: term.map(|t| TermOut {
            start: t.start,
            end: t.end,
            term_end: t.term_end,
            suspensions: t.suspended.len(),
            suspended_days: t.suspended.iter().map(|s| i64::from(s.1 - s.0)).sum(),
        }),
        approvals: i.lifecycle.approvals.as_ref().map_or(0, Vec::len),
        forecasts,
    })
}

pub(crate) fn dispatch(op: &str, input: Value) -> Option<Result<Value>> {
    Some(match op {
        "lifecycle.check" => run(input, check),
        "lifecycle.exit_settlement" => run(input, |i: ExitInput| exit_settlement(&i)),
        "lifecycle.periodic_report" => (|| {
            let i: PeriodicInput = crate::doc::from_value(input)?;
            i.catalog.validate().within("catalog")?;
            i.rounding.validate("rounding")?;
            let r = crate::disclosure::periodic_report(&i.catalog, i.cadence, i.year, i.index, &i.products, &i.rounding)?;
            crate::disclosure::render(&r, i.format)
        })(),
        "lifecycle.audit_signals" => run(input, |i: AuditInput| Ok(AuditOutput { signals: super::audit::audit_signals(&i.usage, &i.history, &i.thresholds)? })),
        "lifecycle.authorization_disclosure" => (|| {
            let i: DisclosureInput = crate::doc::from_value(input)?;
            let d = crate::disclosure::authorization_disclosure(&i.lifecycle, &i.calendar, i.working_days, i.published)?;
            crate::disclosure::render(&d, i.format)
        })(),
        "lifecycle.resource_use" => run(input, |i: UseInput| {
            i.catalog.validate().within("catalog")?;
            i.rounding.validate("rounding")?;
            super::lineage::resource_use(&i.catalog, &i.products, &i.rounding)
        }),
        "lifecycle.credit_code" => run(input, |i: CodeInput| {
            credit_code::check(&i.code).within("code")?;
            Ok(serde_json::json!({"valid": true}))
        }),
        _ => return None,
    })
}
