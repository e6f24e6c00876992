//! The `disclosure.*` operations of [`crate::api::call`].

use std::collections::HashSet;

use serde::Deserialize;

use super::annual_report::{annual_report, AnnualInput};
use super::fee_list::{fee_list_with, Publication};
use super::render::{rendered, Format, Rendered};
use crate::error::{Error, Result, ResultExt};
use crate::money::{self, Amount};
use crate::op::WithDocument;
use crate::review::ActualLine;
use crate::scenario::ScenarioDoc;
use crate::sharing::waterfall::{waterfall, Agreement, Waterfall};

/// The fields of `disclosure.fee_list` beside the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeeListInput {
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    publication: Publication,
    #[serde(default)]
    format: Format,
}

/// A product's agreement and the revenue to share (default: the product's actual revenue).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShareInput {
    agreement: Agreement,
    #[serde(default)]
    revenue: Option<Amount>,
}

/// The fields of `disclosure.annual_report` beside the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportInput {
    year: i32,
    actual: Vec<ActualLine>,
    #[serde(default)]
    shares: Vec<ShareInput>,
    #[serde(default)]
    format: Format,
}

/// Run each agreement on its revenue (given, or the product's actual revenue of the year).
fn run_shares(doc: &ScenarioDoc, actual: &[ActualLine], shares: &[ShareInput]) -> Result<Vec<Waterfall>> {
    if shares.len() > super::shares::MAX_AGREEMENTS {
        return Err(Error::LimitExceeded { field: "shares".into(), value: shares.len().to_string(), max: super::shares::MAX_AGREEMENTS.to_string() });
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(shares.len());
    for (i, s) in shares.iter().enumerate() {
        let p = &s.agreement.product;
        let field = format!("shares[{i}].agreement.product");
        if doc.catalog.product(p).is_none() {
            return Err(Error::unknown(field, p));
        }
        if !seen.insert(p.as_str()) {
            return Err(Error::DuplicateId { field, value: p.clone() });
        }
        let revenue = match s.revenue {
            Some(r) => r,
            None => Amount::new(money::sum(actual.iter().filter(|a| &a.product == p).map(|a| a.revenue.get()), "revenue")?),
        };
        out.push(waterfall(&s.agreement, revenue).within(&format!("shares[{i}]"))?);
    }
    Ok(out)
}

crate::op::operation! {
    /// `disclosure.fee_list`: the public fee list (收费公示) of a year, in any format.
    pub struct FeeList = "disclosure.fee_list";
    fn(i: WithDocument<FeeListInput>) -> Rendered<super::FeeList> {
        let chain = crate::scenario::run(&i.doc)?;
        let year = i.rest.year.unwrap_or(i.doc.first_year);
        Ok(rendered(fee_list_with(&i.doc, &chain, year, &i.rest.publication)?, i.rest.format))
    }
}

crate::op::operation! {
    /// `disclosure.annual_report`: the operator's annual report (年度报告), in any format.
    pub struct AnnualReport = "disclosure.annual_report";
    fn(i: WithDocument<ReportInput>) -> Rendered<super::AnnualReport> {
        let (doc, r) = (i.doc, i.rest);
        let chain = crate::scenario::run(&doc)?;
        let shares = run_shares(&doc, &r.actual, &r.shares)?;
        let report = annual_report(&doc, &chain, &AnnualInput { year: r.year, actual: r.actual, shares })?;
        Ok(rendered(report, r.format))
    }
}
