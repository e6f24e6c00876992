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

use super::{credit_code, exit_settlement, ExitInput, Lifecycle};
use crate::catalog::Catalog;
use crate::date::Date;
use crate::error::{Error, Result, ResultExt};
use crate::money::{self, Quantity};

/// The input of `lifecycle.periodic_report`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PeriodicInput {
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

/// The input of `lifecycle.audit_signals`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditInput {
    usage: Vec<super::audit::UsageLine>,
    #[serde(default)]
    history: Vec<super::audit::History>,
    #[serde(default)]
    thresholds: super::audit::Thresholds,
}

/// The result of `lifecycle.audit_signals`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditOutput {
    signals: Vec<super::audit::Signal>,
}

fn fifteen() -> u32 {
    crate::disclosure::DEFAULT_DISCLOSURE_WORKING_DAYS
}

/// The input of `lifecycle.authorization_disclosure`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DisclosureInput {
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

/// The input of `lifecycle.resource_use`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UseInput {
    catalog: Catalog,
    products: Vec<crate::rating::ProductSummary>,
    #[serde(default)]
    rounding: crate::money::Rounding,
}

/// A pricing period to check against the term.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PricingPeriod {
    first_year: i32,
    period_years: u32,
}

/// The input of `lifecycle.check`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CheckInput {
    lifecycle: Lifecycle,
    #[serde(default)]
    catalog: Option<Catalog>,
    #[serde(default)]
    pricing_period: Option<PricingPeriod>,
}

/// The authorization term as checked.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TermOut {
    start: Date,
    end: Date,
    term_end: Date,
    suspensions: usize,
    suspended_days: i64,
}

/// The result of `lifecycle.check`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "LifecycleCheck"))]
pub struct CheckOutput {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    term: Option<TermOut>,
    approvals: usize,
    /// Σ forecast volume per customer and product.
    forecasts: BTreeMap<String, BTreeMap<String, Quantity>>,
}

/// The input of `lifecycle.credit_code`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeInput {
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

/// The result of `lifecycle.credit_code`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeOutput {
    /// Always `true` (a malformed code is an error).
    pub valid: bool,
}

crate::op::plain_input!(PeriodicInput, AuditInput, DisclosureInput, UseInput, CheckInput, CodeInput, ExitInput);

crate::op::operation! {
    /// `lifecycle.check`: the lifecycle checked (registrations, approvals, term, suspensions).
    pub struct Check = "lifecycle.check";
    fn(i: CheckInput) -> CheckOutput { check(i) }
}

crate::op::operation! {
    /// `lifecycle.exit_settlement`: the settlement on early termination (提前终止).
    pub struct ExitSettlement = "lifecycle.exit_settlement";
    fn(i: ExitInput) -> super::ExitSettlement { exit_settlement(&i) }
}

crate::op::operation! {
    /// `lifecycle.periodic_report`: the quarterly or half-yearly report (定期报告).
    pub struct PeriodicReport = "lifecycle.periodic_report";
    fn(i: PeriodicInput) -> crate::disclosure::Rendered<crate::disclosure::PeriodicReport> {
        i.catalog.validate().within("catalog")?;
        i.rounding.validate("rounding")?;
        let r = crate::disclosure::periodic_report(&i.catalog, i.cadence, i.year, i.index, &i.products, &i.rounding)?;
        Ok(crate::disclosure::rendered(r, i.format))
    }
}

crate::op::operation! {
    /// `lifecycle.audit_signals`: unusual use flagged (审计信号).
    pub struct AuditSignals = "lifecycle.audit_signals";
    fn(i: AuditInput) -> AuditOutput { Ok(AuditOutput { signals: super::audit::audit_signals(&i.usage, &i.history, &i.thresholds)? }) }
}

crate::op::operation! {
    /// `lifecycle.authorization_disclosure`: the authorization disclosure (授权公开) and its deadline.
    pub struct AuthorizationDisclosure = "lifecycle.authorization_disclosure";
    fn(i: DisclosureInput) -> crate::disclosure::Rendered<crate::disclosure::AuthorizationDisclosure> {
        let d = crate::disclosure::authorization_disclosure(&i.lifecycle, &i.calendar, i.working_days, i.published)?;
        Ok(crate::disclosure::rendered(d, i.format))
    }
}

crate::op::operation! {
    /// `lifecycle.resource_use`: use per data source and dataset (来源可溯、去向可查).
    pub struct ResourceUse = "lifecycle.resource_use";
    fn(i: UseInput) -> super::lineage::ResourceUse {
        i.catalog.validate().within("catalog")?;
        i.rounding.validate("rounding")?;
        super::lineage::resource_use(&i.catalog, &i.products, &i.rounding)
    }
}

crate::op::operation! {
    /// `lifecycle.credit_code`: a 统一社会信用代码 (GB 32100-2015) checked.
    pub struct CreditCode = "lifecycle.credit_code";
    fn(i: CodeInput) -> CodeOutput {
        credit_code::check(&i.code).within("code")?;
        Ok(CodeOutput { valid: true })
    }
}
