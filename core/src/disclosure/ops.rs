//! The `disclosure.*` operations of [`crate::api::call`].

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::Value;

use super::annual_report::{annual_report, AnnualInput};
use super::fee_list::{fee_list_with, Publication};
use super::render::{render, Format};
use crate::error::{Error, Result, ResultExt};
use crate::money::{self, Amount};
use crate::review::ActualLine;
use crate::scenario::ScenarioDoc;
use crate::sharing::waterfall::{waterfall, Agreement, Waterfall};

/// Operations this module answers through [`crate::api::call`] (see the module doc).
pub const OPERATIONS: &[&str] = &["disclosure.annual_report", "disclosure.fee_list"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeeListInput {
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    publication: Publication,
    #[serde(default)]
    format: Format,
}

/// A product's agreement and the revenue to share (default: the product's actual revenue).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShareInput {
    agreement: Agreement,
    #[serde(default)]
    revenue: Option<Amount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportInput {
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

pub(crate) fn dispatch(op: &str, mut input: Value) -> Option<Result<Value>> {
    if !OPERATIONS.contains(&op) {
        return None;
    }
    Some((|| {
        let (doc, _) = crate::scenario::document_of(&mut input)?;
        match op {
            "disclosure.fee_list" => {
                let i: FeeListInput = crate::doc::from_value(input)?;
                let chain = crate::scenario::run(&doc)?;
                let year = i.year.unwrap_or(doc.first_year);
                render(&fee_list_with(&doc, &chain, year, &i.publication)?, i.format)
            }
            _ => {
                let i: ReportInput = crate::doc::from_value(input)?;
                let chain = crate::scenario::run(&doc)?;
                let shares = run_shares(&doc, &i.actual, &i.shares)?;
                let report = annual_report(&doc, &chain, &AnnualInput { year: i.year, actual: i.actual, shares })?;
                render(&report, i.format)
            }
        }
    })())
}
