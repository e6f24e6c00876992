//! Data-contribution evaluation (数据贡献评价): scores from weighted indicators, ranks and
//! split weights.
//!
//! An agreement may share the remainder by contribution: each party is measured on a few
//! **indicators** (data quality 数据质量, review timeliness 审核及时性, calls served 服务调用量,
//! investment share 投入占比, ...). Each indicator has a non-negative **weight**, a
//! **direction** (benefit: higher is better; cost: lower is better) and a **normalisation**
//! that brings raw values to a common footing:
//!
//! | normalisation | benefit | cost | all values equal |
//! |---|---|---|---|
//! | `share` (default) | `x_i / Σx` | `(1/x_i) / Σ(1/x)`, every `x > 0` | `1/n` each |
//! | `max` | `x_i / max x` | `min x / x_i`, every `x > 0` | `1` each |
//! | `min_max` | `(x_i − min) / (max − min)` | `(max − x_i) / (max − min)` | `1` each |
//!
//! `share` and `max` need non-negative values (positive for a cost). Normalised values keep
//! [`Decimal`]'s full precision (28 digits); the score `score_i = Σ_k weight_k × normalised_ik`
//! is rounded half up to [`SCORE_DP`] decimal places, far below any meaningful difference and
//! far above the 28-digit noise of the divisions, so that equal contributions tie exactly.
//! Ranks are by score, highest first; equal scores share a rank and the next rank skips
//! ("1224" competition ranking); the ranking lists equal scores by id ascending. A party's
//! split weight is its score over the total score.
//!
//! ```
//! use datafee::sharing::contribution::{evaluate, Evaluation};
//! let e: Evaluation = datafee::doc::from_json(r#"{
//!   "indicators": [
//!     {"id": "quality", "weight": "0.6", "direction": "benefit", "normalisation": "max"},
//!     {"id": "calls", "weight": "0.4", "direction": "benefit", "normalisation": "share"}],
//!   "parties": [
//!     {"id": "a", "values": {"quality": "90", "calls": "300"}},
//!     {"id": "b", "values": {"quality": "60", "calls": "100"}}]}"#)?;
//! let r = evaluate(&e)?;
//! // a: 0.6 × 1 + 0.4 × 0.75 = 0.9; b: 0.6 × 2/3 + 0.4 × 0.25 = 0.5
//! assert_eq!(r.parties[0].score.to_string(), "0.9");
//! assert_eq!(r.parties[1].score.to_string(), "0.5");
//! assert_eq!(r.parties[1].rank, 2);
//! Ok::<(), datafee::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::grades::{below_name, check as check_grades, grade_of, GradeGroup, Grades, Grading};
use super::ids::check_unique;
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Quantity};

/// The most indicators in one evaluation.
pub const MAX_INDICATORS: usize = 100;

/// The most parties in one evaluation.
pub const MAX_EVALUATED_PARTIES: usize = 100_000;

/// Decimal places kept in scores and split weights (half up).
pub const SCORE_DP: u32 = 18;

/// Whether more is better.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "IndicatorDirection"))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (效益型). The default.
    #[default]
    Benefit,
    /// Lower is better (成本型).
    Cost,
}

/// How raw values are made comparable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    /// Share of the total (the default).
    #[default]
    Share,
    /// Ratio to the best value.
    Max,
    /// Position between the worst and the best value.
    MinMax,
}

/// One indicator (评价指标).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// The indicator's id, used as the key in each party's values.
    pub id: String,
    /// Its weight (non-negative).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub weight: Decimal,
    /// Benefit or cost.
    #[serde(default)]
    pub direction: Direction,
    /// The normalisation.
    #[serde(default)]
    pub normalisation: Normalisation,
}

/// A party's raw indicator values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartyValues {
    /// The party's id.
    pub id: String,
    /// Indicator id → raw value; every indicator must be present.
    pub values: BTreeMap<String, Quantity>,
}

/// An evaluation: indicators and each party's raw values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// The indicators.
    pub indicators: Vec<Indicator>,
    /// The parties evaluated.
    pub parties: Vec<PartyValues>,
    /// Grades from thresholds (评价等级, [`super::grades`]): each party then carries its grade
    /// and the result the parties per grade. Absent: no grade, the output unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grades: Option<Grades>,
}

/// A party's evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evaluated {
    /// The party's id.
    pub id: String,
    /// Indicator id → normalised value.
    #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<String, crate::money::DecimalText>"))]
    pub normalised: BTreeMap<String, Decimal>,
    /// `Σ weight × normalised`, rounded half up to [`SCORE_DP`] places.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub score: Decimal,
    /// 1 for the best score; equal scores share a rank ("1224").
    pub rank: u32,
    /// Score over the total score (rounded half up to [`SCORE_DP`] places).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub weight: Decimal,
    /// Its grade, when the evaluation has `grades` (a non-monetary reference, 评价结果).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContributionResult {
    /// One entry per party, in input order.
    pub parties: Vec<Evaluated>,
    /// Party ids from the best score down; equal scores by id ascending.
    pub ranking: Vec<String>,
    /// The parties per grade, when the evaluation has `grades`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grading: Option<Grading>,
    /// How the scores were computed.
    pub explanation: Explanation,
}

fn norm(x: Decimal) -> Decimal {
    x.normalize()
}

fn round(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(SCORE_DP, RoundingStrategy::MidpointAwayFromZero).normalize()
}

/// Evaluate the parties' contributions.
///
/// Errors: no indicators or parties ([`Error::Empty`]), repeated ids ([`Error::DuplicateId`]),
/// a negative weight ([`Error::OutOfRange`] `indicators[i].weight`), all weights zero
/// ([`Error::AllZeroWeights`] `indicators`), a party without some indicator
/// ([`Error::Missing`] `parties[i].values`), a value for an unknown indicator
/// ([`Error::UnknownId`]), a value out of its normalisation's range ([`Error::OutOfRange`]
/// `parties[i].values.<indicator>`), too many indicators or parties ([`Error::LimitExceeded`]).
pub fn evaluate(e: &Evaluation) -> Result<ContributionResult> {
    let (k, n) = (e.indicators.len(), e.parties.len());
    for (field, len, max) in [("indicators", k, MAX_INDICATORS), ("parties", n, MAX_EVALUATED_PARTIES)] {
        if len > max {
            return Err(Error::LimitExceeded { field: field.into(), value: len.to_string(), max: max.to_string() });
        }
    }
    check_unique(k, |i| e.indicators.get(i).map_or("", |x| x.id.as_str()), "indicators", ".id")?;
    check_unique(n, |i| e.parties.get(i).map_or("", |x| x.id.as_str()), "parties", ".id")?;
    if let Some(g) = &e.grades {
        check_grades(g)?;
    }
    for (i, ind) in e.indicators.iter().enumerate() {
        if ind.weight.is_sign_negative() && !ind.weight.is_zero() {
            return Err(Error::out_of_range(format!("indicators[{i}].weight"), ind.weight, ">= 0"));
        }
    }
    if e.indicators.iter().all(|x| x.weight.is_zero()) {
        return Err(Error::AllZeroWeights { field: "indicators".into(), value: k.to_string() });
    }
    let known: HashMap<&str, usize> = e.indicators.iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect();
    // Raw values by indicator, then party.
    let mut raw = vec![Vec::with_capacity(n); k];
    for (i, p) in e.parties.iter().enumerate() {
        for key in p.values.keys() {
            if !known.contains_key(key.as_str()) {
                return Err(Error::unknown(format!("parties[{i}].values.{key}"), key));
            }
        }
        for (col, ind) in raw.iter_mut().zip(&e.indicators) {
            let x = p.values.get(&ind.id).ok_or_else(|| Error::Missing { field: format!("parties[{i}].values"), value: format!("indicator {}", ind.id) })?;
            col.push(x.get());
        }
    }
    let mut normalised = Vec::with_capacity(k);
    for (col, ind) in raw.iter().zip(&e.indicators) {
        normalised.push(normalise(col, ind, |i| format!("parties[{i}].values.{}", ind.id))?);
    }
    let mut scores = Vec::with_capacity(n);
    for i in 0..n {
        let mut s = Decimal::ZERO;
        for (col, ind) in normalised.iter().zip(&e.indicators) {
            let x = col.get(i).copied().unwrap_or(Decimal::ZERO);
            let term = money::mul(ind.weight, x, "score")?;
            s = money::add(s, term, "score")?;
        }
        scores.push(round(s));
    }
    let total = money::sum(scores.iter().copied(), "score")?;
    let mut order: Vec<usize> = (0..n).collect();
    let id = |i: usize| e.parties.get(i).map_or("", |p| p.id.as_str());
    let score = |i: usize| scores.get(i).copied().unwrap_or(Decimal::ZERO);
    order.sort_by(|&a, &b| score(b).cmp(&score(a)).then_with(|| id(a).cmp(id(b))));
    let mut ranks = vec![0u32; n];
    let mut current = 0u32;
    for (pos, &i) in order.iter().enumerate() {
        let tied = pos > 0 && order.get(pos - 1).is_some_and(|&prev| score(prev) == score(i));
        if !tied {
            current = pos as u32 + 1;
        }
        if let Some(r) = ranks.get_mut(i) {
            *r = current;
        }
    }
    let mut parties = Vec::with_capacity(n);
    for (i, p) in e.parties.iter().enumerate() {
        let weight = if total.is_zero() { Decimal::ZERO } else { round(money::div(score(i), total, "weight")?) };
        let normalised = e.indicators.iter().zip(&normalised).map(|(ind, col)| (ind.id.clone(), col.get(i).copied().unwrap_or(Decimal::ZERO))).collect();
        let grade = e.grades.as_ref().map(|g| grade_of(g, score(i)).and_then(|k| g.thresholds.get(k)).map_or_else(|| below_name(g), |t| t.grade.clone()));
        parties.push(Evaluated { id: p.id.clone(), normalised, score: score(i), rank: ranks.get(i).copied().unwrap_or(0), weight, grade });
    }
    let ranking: Vec<String> = order.iter().map(|&i| id(i).to_string()).collect();
    let grading = e.grades.as_ref().map(|g| grading(g, &order, &score, &id));
    let mut explanation = Explanation::new(
        "sharing.contribution",
        "Data-contribution evaluation 数据贡献评价",
        "score_i = Σ_k weight_k × normalised_k(x_ik); weight_i = score_i / Σ score",
    )
    .input("parties", n);
    for ind in &e.indicators {
        let norm = match ind.normalisation {
            Normalisation::Share => "share",
            Normalisation::Max => "max",
            Normalisation::MinMax => "min_max",
        };
        let dir = match ind.direction {
            Direction::Benefit => "benefit",
            Direction::Cost => "cost",
        };
        explanation = explanation.input(format!("weight {}", ind.id), format!("{} ({dir}, {norm})", ind.weight));
    }
    let explanation = explanation
        .result(format!("Σ score = {total}"))
        .rounding(format!("scores and weights half up to {SCORE_DP} decimal places"))
        .note("ranks: equal scores share a rank and the next rank is skipped (1224)");
    let explanation = match &e.grades {
        Some(g) => g.thresholds.iter().fold(explanation, |x, t| x.input(format!("grade {}", t.grade), format!("score >= {}", t.min_score))).note(
            "grades are a non-monetary reference (大冶 数据激励: 作为信息化项目立项、试点示范申请、优秀案例评选等重要参考); the weights become money only where the agreement splits by contribution",
        ),
        None => explanation,
    };
    Ok(ContributionResult { parties, ranking, grading, explanation })
}

/// The parties per grade, best grade first, each group in ranking order.
fn grading<'a>(g: &Grades, order: &[usize], score: &dyn Fn(usize) -> Decimal, id: &dyn Fn(usize) -> &'a str) -> Grading {
    let mut groups: Vec<GradeGroup> =
        g.thresholds.iter().map(|t| GradeGroup { grade: t.grade.clone(), min_score: Some(t.min_score), parties: Vec::new() }).collect();
    let mut below = GradeGroup { grade: below_name(g), min_score: None, parties: Vec::new() };
    for &i in order {
        match grade_of(g, score(i)).and_then(|k| groups.get_mut(k)) {
            Some(group) => group.parties.push(id(i).to_string()),
            None => below.parties.push(id(i).to_string()),
        }
    }
    groups.push(below);
    Grading { groups, use_: "non_monetary".into() }
}

/// Normalise one indicator's column of raw values.
fn normalise<F: Fn(usize) -> String>(col: &[Decimal], ind: &Indicator, field: F) -> Result<Vec<Decimal>> {
    let n = col.len();
    let needs_positive = ind.direction == Direction::Cost && ind.normalisation != Normalisation::MinMax;
    let needs_non_negative = ind.normalisation != Normalisation::MinMax;
    for (i, x) in col.iter().enumerate() {
        if needs_positive && *x <= Decimal::ZERO {
            return Err(Error::out_of_range(field(i), x, "> 0 for a cost indicator normalised by share or max"));
        }
        if needs_non_negative && x.is_sign_negative() && !x.is_zero() {
            return Err(Error::out_of_range(field(i), x, ">= 0 for share or max normalisation"));
        }
    }
    let min = col.iter().copied().min().unwrap_or(Decimal::ZERO);
    let max = col.iter().copied().max().unwrap_or(Decimal::ZERO);
    let f = "normalised";
    if min == max {
        let same = match ind.normalisation {
            Normalisation::Share => money::div(Decimal::ONE, Decimal::from(n as u64), f)?,
            Normalisation::Max | Normalisation::MinMax => Decimal::ONE,
        };
        return Ok(vec![same.normalize(); n]);
    }
    let mut out = Vec::with_capacity(n);
    match (ind.normalisation, ind.direction) {
        (Normalisation::Share, Direction::Benefit) => {
            let sum = money::sum(col.iter().copied(), f)?;
            for x in col {
                out.push(norm(money::div(*x, sum, f)?));
            }
        }
        (Normalisation::Share, Direction::Cost) => {
            let mut inv = Vec::with_capacity(n);
            for x in col {
                inv.push(money::div(Decimal::ONE, *x, f)?);
            }
            let sum = money::sum(inv.iter().copied(), f)?;
            for x in inv {
                out.push(norm(money::div(x, sum, f)?));
            }
        }
        (Normalisation::Max, Direction::Benefit) => {
            for x in col {
                out.push(norm(money::div(*x, max, f)?));
            }
        }
        (Normalisation::Max, Direction::Cost) => {
            for x in col {
                out.push(norm(money::div(min, *x, f)?));
            }
        }
        (Normalisation::MinMax, dir) => {
            let range = money::sub(max, min, f)?;
            for x in col {
                let num = match dir {
                    Direction::Benefit => money::sub(*x, min, f)?,
                    Direction::Cost => money::sub(max, *x, f)?,
                };
                out.push(norm(money::div(num, range, f)?));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(json: &str) -> Result<ContributionResult> {
        evaluate(&crate::doc::from_json::<Evaluation>(json).unwrap())
    }

    #[test]
    fn cost_indicators_and_ties() {
        let r = eval(
            r#"{"indicators":[
                {"id":"days","weight":"1","direction":"cost","normalisation":"min_max"},
                {"id":"price","weight":"1","direction":"cost","normalisation":"max"}],
              "parties":[
                {"id":"c","values":{"days":"2","price":"4"}},
                {"id":"a","values":{"days":"6","price":"2"}},
                {"id":"b","values":{"days":"4","price":"4"}},
                {"id":"d","values":{"days":"4","price":"4"}}]}"#,
        )
        .unwrap();
        // days: (6 − x)/4 → c 1, a 0, b 0.5, d 0.5; price: 2/x → c 0.5, a 1, b 0.5, d 0.5
        let scores: Vec<String> = r.parties.iter().map(|p| p.score.to_string()).collect();
        assert_eq!(scores, ["1.5", "1", "1", "1"]);
        let ranks: Vec<u32> = r.parties.iter().map(|p| p.rank).collect();
        assert_eq!(ranks, [1, 2, 2, 2]);
        assert_eq!(r.ranking, ["c", "a", "b", "d"]);
        let weights: Vec<String> = r.parties.iter().map(|p| p.weight.to_string()).collect();
        assert_eq!(weights, ["0.333333333333333333", "0.222222222222222222", "0.222222222222222222", "0.222222222222222222"]);
    }

    #[test]
    fn all_equal_values_are_defined() {
        let r = eval(
            r#"{"indicators":[{"id":"q","weight":"1","normalisation":"share"},{"id":"t","weight":"1","normalisation":"min_max"}],
              "parties":[{"id":"a","values":{"q":"0","t":"3"}},{"id":"b","values":{"q":"0","t":"3"}},{"id":"c","values":{"q":"0","t":"3"}}]}"#,
        )
        .unwrap();
        assert_eq!(r.parties[0].normalised["q"].to_string(), "0.3333333333333333333333333333");
        assert_eq!(r.parties[0].normalised["t"].to_string(), "1");
        assert!(r.parties.iter().all(|p| p.rank == 1));
        let r = eval(
            r#"{"indicators":[{"id":"q","weight":"1","direction":"cost","normalisation":"share"}],
              "parties":[{"id":"a","values":{"q":"1"}},{"id":"b","values":{"q":"3"}}]}"#,
        )
        .unwrap();
        // 1/1 : 1/3 → 0.75 : 0.25
        assert_eq!(r.parties[0].normalised["q"].to_string(), "0.75");
        assert_eq!(r.parties[1].normalised["q"].to_string(), "0.25");
    }

    #[test]
    fn grades_rank_and_grade_without_changing_scores() {
        let base = r#"{"indicators":[
                {"id":"quality","weight":"50","normalisation":"max"},
                {"id":"timeliness","weight":"30","direction":"cost","normalisation":"max"},
                {"id":"use","weight":"20","normalisation":"max"}],
              "parties":[
                {"id":"ga","values":{"quality":"90","timeliness":"2","use":"100"}},
                {"id":"hr","values":{"quality":"60","timeliness":"4","use":"50"}},
                {"id":"edu","values":{"quality":"30","timeliness":"8","use":"10"}}]"#;
        let plain = eval(&format!("{base}}}")).unwrap();
        let graded = eval(&format!(
            r#"{base},"grades":{{"thresholds":[{{"grade":"A 优秀","min_score":"85"}},{{"grade":"B 良好","min_score":"50"}}],"below":"C 待改进"}}}}"#
        ))
        .unwrap();
        // ga: 50 + 30 + 20 = 100; hr: 50×2/3 + 30×1/2 + 20×1/2 = 58.33..; edu: 50/3 + 7.5 + 2 = 26.16..
        let grades: Vec<_> = graded.parties.iter().map(|p| p.grade.clone().unwrap()).collect();
        assert_eq!(grades, ["A 优秀", "B 良好", "C 待改进"]);
        for (a, b) in plain.parties.iter().zip(&graded.parties) {
            assert_eq!((a.score, a.rank, a.weight), (b.score, b.rank, b.weight));
            assert!(a.grade.is_none());
        }
        let g = graded.grading.unwrap();
        assert_eq!(g.use_, "non_monetary");
        assert_eq!(g.groups.iter().map(|x| x.parties.len()).collect::<Vec<_>>(), [1, 1, 1]);
        assert!(plain.grading.is_none());
        let v = serde_json::to_value(&plain.parties[0]).unwrap();
        assert!(v.get("grade").is_none());
    }

    #[test]
    fn grade_thresholds_are_checked() {
        let e = eval(
            r#"{"indicators":[{"id":"q","weight":"1"}],"parties":[{"id":"a","values":{"q":"1"}}],
                "grades":{"thresholds":[{"grade":"A","min_score":"0.5"},{"grade":"B","min_score":"0.5"}]}}"#,
        )
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "grades.thresholds[1].min_score"));
        let e = eval(r#"{"indicators":[{"id":"q","weight":"1"}],"parties":[{"id":"a","values":{"q":"1"}}],"grades":{"thresholds":[]}}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("empty", "grades.thresholds"));
        let e = eval(
            r#"{"indicators":[{"id":"q","weight":"1"}],"parties":[{"id":"a","values":{"q":"1"}}],
                "grades":{"thresholds":[{"grade":"A","min_score":"0.5"}],"below":"A"}}"#,
        )
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("duplicate_id", "grades.below"));
    }

    #[test]
    fn refusals() {
        let e = eval(r#"{"indicators":[{"id":"q","weight":"0"}],"parties":[{"id":"a","values":{"q":"1"}}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("all_zero_weights", "indicators"));
        let e = eval(r#"{"indicators":[{"id":"q","weight":"-1"}],"parties":[{"id":"a","values":{"q":"1"}}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "indicators[0].weight"));
        let e = eval(r#"{"indicators":[{"id":"q","weight":"1"},{"id":"r","weight":"1"}],"parties":[{"id":"a","values":{"q":"1"}}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("missing", "parties[0].values", "indicator r"));
        let e = eval(r#"{"indicators":[{"id":"q","weight":"1"}],"parties":[{"id":"a","values":{"q":"1","z":"2"}}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("unknown_id", "parties[0].values.z"));
        let e = eval(r#"{"indicators":[{"id":"q","weight":"1","direction":"cost"}],"parties":[{"id":"a","values":{"q":"0"}},{"id":"b","values":{"q":"1"}}]}"#)
            .unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "parties[0].values.q"));
        let e = eval(r#"{"indicators":[],"parties":[{"id":"a","values":{}}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("empty", "indicators"));
    }
}
