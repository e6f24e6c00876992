//! Grades of a data-contribution evaluation (数据贡献评价等级): the non-monetary first use of
//! 大冶's evaluation.
//!
//! 大冶 (数据激励措施): "从数据质量、审核时效、应用情况等维度,对数据提供单位数据贡献情况进行评价,
//! 评价结果作为信息化项目立项、试点示范申请、优秀案例评选等重要参考". The evaluation's first output is
//! therefore a **ranking** and a **grade** per data-providing unit, from thresholds that the
//! agreement or the profile states, not an amount of money; money reaches administrative units
//! through their agreed ratios (六安 分配比例). Using the scores as money weights stays an explicit
//! choice of the agreement (the waterfall's `contribution` method, or the `weight` each party
//! carries in the evaluation's output).
//!
//! Thresholds (`grades.thresholds`) are listed from the best grade down, each with the least
//! score (`min_score`) that earns it, strictly decreasing; a party takes the first grade whose
//! `min_score` its (rounded) score reaches; a score below every threshold takes `grades.below`
//! (default [`DEFAULT_BELOW`]). The scale of the scores is the evaluation's own (`Σ weight ×
//! normalised`: with weights adding up to 100 and `max` normalisation, a score out of 100), so
//! the thresholds are stated on that scale.
//!
//! At most [`MAX_GRADES`] thresholds; grade names are non-empty and distinct.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ids::check_unique;
use crate::error::{Error, Result};

/// The most thresholds in one grading.
pub const MAX_GRADES: usize = 20;

/// The grade of a score below every threshold, unless `grades.below` names another.
pub const DEFAULT_BELOW: &str = "未达标 below thresholds";

/// One grade and the least score that earns it (评价等级及分数线).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GradeThreshold {
    /// The grade's name (`"A 优秀"`).
    pub grade: String,
    /// The least score earning it (inclusive), on the evaluation's score scale.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub min_score: Decimal,
}

/// The grading rule of an evaluation, from the agreement or the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Grades {
    /// The grades from the best down, `min_score` strictly decreasing.
    pub thresholds: Vec<GradeThreshold>,
    /// The grade of a score below every threshold (default [`DEFAULT_BELOW`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<String>,
}

/// The parties holding one grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GradeGroup {
    /// The grade.
    pub grade: String,
    /// Its least score (absent for the grade below every threshold).
    #[serde(skip_serializing_if = "Option::is_none", with = "crate::money::dec_opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub min_score: Option<Decimal>,
    /// Party ids holding it, best score first (equal scores by id ascending).
    pub parties: Vec<String>,
}

/// The grading's outcome: every grade (best first, then the one below) with its parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Grading {
    /// Each grade with its parties, best first; the grade below every threshold last.
    pub groups: Vec<GradeGroup>,
    /// What the grades are for: always `"non_monetary"` (a reference for project approval,
    /// pilots and model cases, 立项、试点示范、优秀案例评选的参考).
    #[serde(rename = "use")]
    pub use_: String,
}

/// Check the thresholds: at most [`MAX_GRADES`], named, distinct, `min_score` strictly
/// decreasing. Errors name `grades.thresholds[i].*` or `grades.below`.
pub fn check(g: &Grades) -> Result<()> {
    let n = g.thresholds.len();
    if n == 0 {
        return Err(Error::Empty { field: "grades.thresholds".into(), value: "[]".into() });
    }
    if n > MAX_GRADES {
        return Err(Error::LimitExceeded { field: "grades.thresholds".into(), value: n.to_string(), max: MAX_GRADES.to_string() });
    }
    for (i, t) in g.thresholds.iter().enumerate() {
        if t.grade.trim().is_empty() {
            return Err(Error::invalid(format!("grades.thresholds[{i}].grade"), "\"\"", "a grade has a name"));
        }
        if i > 0 {
            if let Some(prev) = g.thresholds.get(i - 1) {
                if t.min_score >= prev.min_score {
                    return Err(Error::invalid(
                        format!("grades.thresholds[{i}].min_score"),
                        t.min_score,
                        format!("thresholds run from the best grade down: below the previous {}", prev.min_score),
                    ));
                }
            }
        }
    }
    check_unique(n, |i| g.thresholds.get(i).map_or("", |t| t.grade.as_str()), "grades.thresholds", ".grade")?;
    if let Some(b) = &g.below {
        if b.trim().is_empty() {
            return Err(Error::invalid("grades.below", "\"\"", "a grade has a name"));
        }
        if g.thresholds.iter().any(|t| &t.grade == b) {
            return Err(Error::DuplicateId { field: "grades.below".into(), value: b.clone() });
        }
    }
    Ok(())
}

/// The grade a score earns (index into the thresholds, or `None` below every one).
pub fn grade_of(g: &Grades, score: Decimal) -> Option<usize> {
    g.thresholds.iter().position(|t| score >= t.min_score)
}

/// The name of the grade below every threshold.
pub fn below_name(g: &Grades) -> String {
    g.below.clone().unwrap_or_else(|| DEFAULT_BELOW.to_string())
}
