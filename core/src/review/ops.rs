//! The `review.*` operations of [`crate::api::call`].

use serde::Deserialize;
use serde_json::Value;

use crate::error::Result;
use crate::money::Amount;

use super::{prior_years, review, ActualLine, PairVolume, ReviewInput, ReviewedYear};

/// Operations this module answers through [`crate::api::call`] (see the module doc).
pub const OPERATIONS: &[&str] = &["review.prior_years", "review.year"];

/// `review.year` on a scenario document: the rest of the input.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocReview {
    year: i32,
    actual: Vec<ActualLine>,
    #[serde(default)]
    next_mpr: Option<Amount>,
    #[serde(default)]
    next_forecast: Vec<PairVolume>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriorInput {
    reviews: Vec<ReviewedYear>,
}

fn has_document(input: &Value) -> bool {
    input.get("document").is_some() || input.get("toml").is_some()
}

pub(crate) fn dispatch(op: &str, mut input: Value) -> Option<Result<Value>> {
    Some(match op {
        "review.year" if has_document(&input) => (|| {
            let (doc, _) = crate::scenario::document_of(&mut input)?;
            crate::api::run(input, |r: DocReview| {
                let chain = crate::scenario::run(&doc)?;
                let mut ri = ReviewInput::from_chain(&doc, &chain, r.year, r.actual)?;
                if r.next_mpr.is_some() {
                    ri.next_mpr = r.next_mpr;
                }
                ri.next_forecast = r.next_forecast;
                review(&ri)
            })
        })(),
        "review.year" => crate::api::run(input, |ri: ReviewInput| review(&ri)),
        "review.prior_years" => {
            crate::api::run(input, |p: PriorInput| Ok(serde_json::json!({ "prior_period": crate::api::to_value(&prior_years(&p.reviews)?)? })))
        }
        _ => return None,
    })
}
