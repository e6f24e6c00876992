//! The annual evaluation (年度评估): the result 通过 (passed) / 未通过 (failed) / 限期整改
//! (rectify within a deadline) of the year's operation, from thresholds the profile states
//! ([`crate::profile::EvaluationThresholds`]), each criterion with its figure, threshold and
//! whether it passed.
//!
//! 六安方案: "评估结果分为“通过”、“未通过”和“限期整改”", "评估内容包括:安全评估、绩效评价、
//! 场景效益、公益服务情况等". Of these, the engine can judge only what the report's own figures
//! show (security and scenario benefit are for the evaluators):
//!
//! | criterion | figure | passes when | on failure |
//! |---|---|---|---|
//! | `revenue_within_mpr` (实际收入不超过最高准许收入) | `(actual − MPR) / MPR × 100` | ≤ `max_over_recovery × 100` (default: the review threshold) | 限期整改 |
//! | `charges_within_caps` (收费不高于上限收费标准) | charges above the cap | = 0 | 限期整改 |
//! | `free_uses_free` (公共治理、公益事业免费提供) | free uses charged | = 0 | 未通过 |
//! | `free_use_share` (公益服务情况) | free volume / total volume × 100 | ≥ `min_free_use_share × 100` (default 0) | 限期整改 |
//!
//! The result is 未通过 when a criterion whose failure is 未通过 fails, else 限期整改 when any
//! criterion fails, else 通过. With a zero MPR the deviation is undefined: `revenue_within_mpr`
//! passes only when there is no chargeable revenue. With no volume at all the free-use share
//! is undefined and passes only when no share is required. Percentages are exact (the figure
//! shown is rounded half-up to 0.01; the comparison uses the exact value).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::money::{self, RoundMode, Rounding};
use crate::profile::Policy;
use crate::review::{Review, ViolationKind};

/// The evaluation result (评估结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 通过: the operator continues.
    Passed,
    /// 限期整改: rectify within a deadline, then evaluated again.
    Rectify,
    /// 未通过: grounds to end the operation.
    Failed,
}

impl Verdict {
    /// `"passed 通过"`, `"rectify 限期整改"`, `"failed 未通过"`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Passed => "passed 通过",
            Verdict::Rectify => "rectify 限期整改",
            Verdict::Failed => "failed 未通过",
        }
    }
}

/// One criterion of the evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Criterion {
    /// Stable key (`revenue_within_mpr`).
    pub key: String,
    /// English and Chinese label.
    pub label: String,
    /// The year's figure (a percentage or a count); `null` when undefined (zero MPR, no volume).
    #[serde(with = "crate::money::dec_opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub figure: Option<Decimal>,
    /// The threshold it is compared with.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub threshold: Decimal,
    /// `"at_most"` or `"at_least"`.
    pub comparison: String,
    /// Whether it passed.
    pub passed: bool,
    /// The result when it fails.
    pub on_failure: Verdict,
}

/// The evaluation block of the annual report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evaluation {
    /// The result.
    pub verdict: Verdict,
    /// The result in English and Chinese.
    pub label: String,
    /// Every criterion, in the order of the module doc.
    pub criteria: Vec<Criterion>,
}

fn pct(r: Decimal) -> Result<Decimal> {
    money::mul(r, Decimal::ONE_HUNDRED, "evaluation").map(|d| d.normalize())
}

fn shown(d: Decimal) -> Decimal {
    Rounding { unit: Decimal::new(1, 2), mode: RoundMode::HalfUp }.round(d).unwrap_or(d)
}

/// The evaluation of a year from its review and the profile's thresholds (see the module doc).
pub fn evaluate(review: &Review, policy: &Policy) -> Result<Evaluation> {
    let mut criteria = Vec::new();

    let bound = pct(policy.evaluation.max_over_recovery.unwrap_or(policy.review_threshold).get())?;
    let exact = if review.mpr.get().is_zero() {
        None
    } else {
        Some(money::div(pct(money::sub(review.actual_revenue.get(), review.mpr.get(), "evaluation")?)?, review.mpr.get(), "evaluation")?)
    };
    let passed = match exact {
        Some(d) => d <= bound,
        None => review.actual_revenue.get().is_zero(),
    };
    criteria.push(Criterion {
        key: "revenue_within_mpr".into(),
        label: "Over-recovery of the MPR, % 实际收入超出最高准许收入比例".into(),
        figure: exact.map(shown),
        threshold: bound,
        comparison: "at_most".into(),
        passed,
        on_failure: Verdict::Rectify,
    });

    let count = |k: ViolationKind| Decimal::from(review.violations.iter().filter(|v| v.kind == k).count() as u64);
    let above = count(ViolationKind::AboveCap);
    criteria.push(Criterion {
        key: "charges_within_caps".into(),
        label: "Charges above the cap 超上限收费".into(),
        figure: Some(above),
        threshold: Decimal::ZERO,
        comparison: "at_most".into(),
        passed: above.is_zero(),
        on_failure: Verdict::Rectify,
    });
    let free_charged = count(ViolationKind::FreeUseCharged);
    criteria.push(Criterion {
        key: "free_uses_free".into(),
        label: "Free uses charged 公共治理、公益事业场景收费".into(),
        figure: Some(free_charged),
        threshold: Decimal::ZERO,
        comparison: "at_most".into(),
        passed: free_charged.is_zero(),
        on_failure: Verdict::Failed,
    });

    let total = money::sum(review.lines.iter().map(|l| l.volume.get()), "evaluation")?;
    let free = money::sum(review.lines.iter().filter(|l| !l.category.is_chargeable()).map(|l| l.volume.get()), "evaluation")?;
    let min = pct(policy.evaluation.min_free_use_share.get())?;
    let share = if total.is_zero() { None } else { Some(money::div(pct(free)?, total, "evaluation")?) };
    criteria.push(Criterion {
        key: "free_use_share".into(),
        label: "Free public-service uses in the volume, % 公益服务使用量占比".into(),
        figure: share.map(shown),
        threshold: min,
        comparison: "at_least".into(),
        passed: share.map_or(min.is_zero(), |s| s >= min),
        on_failure: Verdict::Rectify,
    });

    let verdict = if criteria.iter().any(|c| !c.passed && c.on_failure == Verdict::Failed) {
        Verdict::Failed
    } else if criteria.iter().any(|c| !c.passed) {
        Verdict::Rectify
    } else {
        Verdict::Passed
    };
    Ok(Evaluation { verdict, label: verdict.label().into(), criteria })
}
