//! Periodic review (定期评估): one year's actual revenue against its maximum permitted revenue.
//!
//! The notice 发改价格〔2025〕65号 has the operator's revenue reviewed periodically: actual
//! chargeable revenue above the MPR is deducted (扣减) when the next period's MPR is
//! approved, and the caps (上限收费标准) are reviewed when revenue strays. [`review`] takes a
//! [`ReviewInput`] (the year's MPR and caps, the actual volume and revenue per product and
//! scenario as [`ActualLine`]s, the profile) and returns a [`Review`]:
//!
//! - **actual revenue**, **deviation** `actual − MPR` and **deviation percent**
//!   `deviation / MPR × 100`, rounded half-up to 0.01 percentage points;
//! - the amount **to claw back** into the next period: `max(0, actual − MPR)`, or the signed
//!   deviation when the profile carries under-recovery (`carry_under_recovery`);
//! - per (product, scenario) and per product, **volume against forecast** (a ratio rounded
//!   half-up to 0.0001);
//! - **violations**: every pair whose revenue exceeds `cap × volume` (the cap without VAT),
//!   and every free use (公共治理 / 公益事业) that brought in revenue;
//! - when `|deviation %| > review_threshold × 100`, **proposed caps** for the next period
//!   ([`proposal`](mod@proposal) documents the scaling rule, which keeps
//!   `Σ proposed cap × volume ≤ MPR`).
//!
//! Every figure carries an [`Explanation`] (ids `review.{year}.…`).
//!
//! # Interpretations (documented choices)
//!
//! - Revenue is net of VAT, on the same basis as the MPR; caps are compared without VAT.
//! - Revenue collected above a cap or on a free use still counts in the actual revenue (it
//!   was collected); the violation is reported beside it. Refunds ordered should be entered
//!   as reduced revenue.
//! - A pair of the caps with no actual line had no use: volume and revenue zero.
//! - MPR zero: the percent is undefined (`deviation_percent` is `null`); the review is beyond
//!   the threshold exactly when there was any revenue.
//! - The threshold is tested on the published (rounded) percent, strictly: 10.00 % is within
//!   a 10 % threshold.
//! - Interest on the claw-back is not added here; [`crate::mpr::Clawback`] adds it when the
//!   next period is priced from [`prior_years`].
//! - Sums are exact; only the percent, the ratios and the proposed caps are rounded.
//!
//! # Operations
//!
//! - `review.year`: `{document, year, actual, next_mpr?, next_forecast?}` (the chain is run
//!   on the scenario; the next MPR defaults to the chain's MPR of `year + 1` when the period
//!   has it) or a [`ReviewInput`] `{year, mpr?, caps, actual, profile?, catalog?, next_mpr?,
//!   next_forecast?}` → a [`Review`].
//! - `review.prior_years`: `{reviews: [Review | {year, mpr, actual_revenue}]}` →
//!   `{prior_period: [PriorYear]}`, ready for a scenario's `prior_period`.
//!
//! ```
//! use serde_json::json;
//! let doc = json!({
//!   "name": "demo", "first_year": 2026, "profile": {"period_years": 1},
//!   "catalog": {
//!     "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"}],
//!     "products": [{"id": "r", "name": "Report", "service_form": "report",
//!                   "charging_form": "per_item", "scenarios": ["ind"]}]},
//!   "costs": {"ledger": {"entries": [
//!     {"category": "personnel", "year": 2026, "product": "r", "amount": "1000.00"}]}},
//!   "forecasts": [{"product": "r", "scenario": "ind", "volume": "100"}]});
//! let out = datafee::api::call("review.year", json!({"document": doc, "year": 2026,
//!   "actual": [{"product": "r", "scenario": "ind", "volume": "90", "revenue": "900.00"}]}))?;
//! // C 1000 + P 6.00 (6 % of 100 working capital) + income tax 2.00 + surcharges 7.31
//! assert_eq!(out["mpr"], "1015.31");
//! assert_eq!(out["deviation"], "-115.31");
//! assert_eq!(out["deviation_percent"], "-11.36"); // beyond the 10 % threshold
//! assert_eq!(out["clawback"], "0.00"); // under-recovery is not carried by default
//! // cap 10.15 scaled by k = 1015.31 / (10.15 × 90): floor(1015.31 / 90, 0.01)
//! assert_eq!(out["proposal"]["lines"][0]["proposed_cap"], "11.28");
//! # Ok::<(), datafee::Error>(())
//! ```

mod deviation;
mod input;
mod lines;
pub mod ops;
mod prior;
pub mod proposal;
#[cfg(test)]
mod tests;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, ResultExt};
use crate::explain::{Explanation, WorkingPaper};
use crate::money::Amount;
use crate::mpr::PriorYear;

pub use deviation::percent_rounding;
pub use input::{ActualLine, PairVolume, ReviewInput};
pub use lines::{ratio_rounding, ProductVolume, ReviewLine, Violation, ViolationKind};
pub use prior::{prior_years, ReviewedYear};
pub use proposal::{CapProposal, ProposedCap, TargetBasis, VolumeBasis};

pub(crate) use input::period_error;

/// The most actual lines (and next-forecast lines) in one review.
pub const MAX_ACTUAL_LINES: usize = 100_000;

/// The most reviewed years turned into a prior period at once.
pub const MAX_REVIEWED_YEARS: usize = 100;

/// The review of one year (年度评估结果).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Review {
    /// The year reviewed.
    pub year: i32,
    /// Its MPR.
    pub mpr: Amount,
    /// Σ actual revenue (net of VAT).
    pub actual_revenue: Amount,
    /// `actual − MPR` (negative for under-recovery).
    pub deviation: Amount,
    /// `deviation / MPR × 100`, half-up to 0.01; `null` when the MPR is zero.
    #[serde(default, with = "crate::money::dec_opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub deviation_percent: Option<Decimal>,
    /// The profile's review threshold in percent.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub threshold_percent: Decimal,
    /// Whether `|deviation %| > threshold %` (MPR zero: whether any revenue).
    pub beyond_threshold: bool,
    /// `max(0, actual − MPR)`.
    pub over_recovery: Amount,
    /// `max(0, MPR − actual)`.
    pub under_recovery: Amount,
    /// To claw back into the next period: the over-recovery, or the signed deviation when the
    /// profile carries under-recovery.
    pub clawback: Amount,
    /// Whether under-recovery is carried (the profile's `carry_under_recovery`).
    pub carry_under_recovery: bool,
    /// Every (product, scenario) of the caps, in caps order.
    pub lines: Vec<ReviewLine>,
    /// Per product.
    pub products: Vec<ProductVolume>,
    /// Charges above the cap and free uses charged.
    pub violations: Vec<Violation>,
    /// Proposed caps, when the deviation is beyond the threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<CapProposal>,
    /// The working papers of the year's figures (actual revenue, deviation, percent,
    /// threshold, claw-back).
    pub explanations: Vec<Explanation>,
}

impl Review {
    /// The year as a [`PriorYear`] for the next period's claw-back.
    pub fn prior_year(&self) -> PriorYear {
        PriorYear { year: self.year, mpr: self.mpr, actual_revenue: self.actual_revenue }
    }

    /// Every explanation of the review, in order: the year's figures, the lines, the
    /// products, the violations and the proposal.
    pub fn working_paper(&self) -> WorkingPaper {
        let mut wp = WorkingPaper::new(format!("Working paper: periodic review {} (定期评估底稿)", self.year));
        wp.items.extend(self.explanations.iter().cloned());
        wp.items.extend(self.lines.iter().map(|l| l.explanation.clone()));
        wp.items.extend(self.products.iter().map(|p| p.explanation.clone()));
        wp.items.extend(self.violations.iter().map(|v| v.explanation.clone()));
        if let Some(p) = &self.proposal {
            wp.items.push(p.explanation.clone());
            wp.items.extend(p.lines.iter().map(|l| l.explanation.clone()));
        }
        wp
    }
}

/// Review one year (see the module doc).
///
/// Errors: the profile's own ([`crate::profile::Policy::validate`], under `profile`); caps
/// of another year ([`Error::Invalid`] on `caps.year`); a negative MPR; an actual or
/// forecast line naming a pair the caps do not have ([`Error::UnknownId`] on
/// `actual[i].product` / `.scenario`), given twice ([`Error::DuplicateId`]) or negative
/// ([`Error::OutOfRange`]); more than [`MAX_ACTUAL_LINES`] lines.
pub fn review(input: &ReviewInput) -> Result<Review> {
    let year = input.year;
    let policy = &input.profile;
    policy.validate().within("profile")?;
    let caps = &input.caps;
    if caps.year != year {
        return Err(Error::invalid("caps.year", caps.year, format!("the caps reviewed must be those of {year}")));
    }
    let mpr = input.mpr.unwrap_or(caps.mpr).non_negative("mpr")?;
    if let Some(n) = input.next_mpr {
        n.non_negative("next_mpr")?;
    }
    let actual = input::align_actual(caps, &input.actual)?;
    let next_volumes = if input.next_forecast.is_empty() { None } else { Some(input::align_forecast(caps, &input.next_forecast)?) };
    let lines = lines::review_lines(year, caps, &actual)?;
    let products = lines::product_volumes(year, &lines)?;
    let violations = lines::violations(year, &lines)?;
    let d = deviation::deviation(year, mpr, &lines, policy)?;
    let proposal = if d.beyond_threshold {
        Some(proposal::propose(&proposal::ProposalInputs {
            year,
            caps,
            lines: &lines,
            mpr,
            next_mpr: input.next_mpr,
            next_volumes,
            policy,
            catalog: input.catalog.as_ref(),
        })?)
    } else {
        None
    };
    Ok(Review {
        year,
        mpr: crate::money::cents_form(mpr.get()),
        actual_revenue: d.actual_revenue,
        deviation: d.deviation,
        deviation_percent: d.deviation_percent,
        threshold_percent: d.threshold_percent,
        beyond_threshold: d.beyond_threshold,
        over_recovery: d.over_recovery,
        under_recovery: d.under_recovery,
        clawback: d.clawback,
        carry_under_recovery: policy.carry_under_recovery,
        lines,
        products,
        violations,
        proposal,
        explanations: d.explanations,
    })
}
