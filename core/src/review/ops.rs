//! The `review.*` operations of [`crate::api::call`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Result;
use crate::money::Amount;
use crate::op::{has_document, WithDocument};

use super::{prior_years, review, ActualLine, PairVolume, ReviewInput, ReviewedYear};

/// `review.year` on a scenario document: the rest of the input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocReview {
    year: i32,
    actual: Vec<ActualLine>,
    #[serde(default)]
    next_mpr: Option<Amount>,
    #[serde(default)]
    next_forecast: Vec<PairVolume>,
}

/// The input of `review.year`: a scenario document with the year's actual lines, or a
/// [`ReviewInput`] built by hand.
#[derive(Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(untagged))]
pub enum YearInput {
    /// The scenario and the year's actual lines.
    Document(WithDocument<DocReview>),
    /// A review input built by hand.
    Plain(ReviewInput),
}

impl crate::op::OpInput for YearInput {
    fn parse(input: Value) -> Result<Self> {
        if has_document(&input) {
            WithDocument::parse(input).map(YearInput::Document)
        } else {
            crate::doc::from_value(input).map(YearInput::Plain)
        }
    }
}

/// The input of `review.prior_years`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriorInput {
    reviews: Vec<ReviewedYear>,
}
crate::op::plain_input!(PriorInput);

/// The result of `review.prior_years`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriorOutput {
    /// The prior-period lines for the next scenario's claw-back.
    pub prior_period: Vec<crate::mpr::PriorYear>,
}

crate::op::operation! {
    /// `review.year`: one year's revenue reviewed against the MPR and the caps (定期评估).
    pub struct Year = "review.year";
    fn(i: YearInput) -> super::Review {
        match i {
            YearInput::Document(d) => {
                let r = d.rest;
                let chain = crate::scenario::run(&d.doc)?;
                let mut ri = ReviewInput::from_chain(&d.doc, &chain, r.year, r.actual)?;
                if r.next_mpr.is_some() {
                    ri.next_mpr = r.next_mpr;
                }
                ri.next_forecast = r.next_forecast;
                review(&ri)
            }
            YearInput::Plain(ri) => review(&ri),
        }
    }
}

crate::op::operation! {
    /// `review.prior_years`: reviewed years turned into the next period's claw-back lines.
    pub struct PriorYears = "review.prior_years";
    fn(p: PriorInput) -> PriorOutput { Ok(PriorOutput { prior_period: prior_years(&p.reviews)? }) }
}
