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
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContributionResult {
    /// One entry per party, in input order.
    pub parties: Vec<Evaluated>,
    /// Party ids from the best score down; equal scores by id ascending.
    pub ranking: Vec<String>,
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
        parties.push(Evaluated { id: p.id.clone(), normalised, score: score(i), rank: ranks.get(i).copied().unwrap_or(0), weight });
    }
    let ranking = order.iter().map(|&i| id(i).to_string()).collect();
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
    Ok(ContributionResult { parties, ranking, explanation })
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
