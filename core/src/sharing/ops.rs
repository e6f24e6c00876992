//! The `sharing.*` operations of [`crate::api::call`]: JSON in, JSON out, decimals as strings,
//! parties listed in input order.

use serde::{Deserialize, Serialize};

use super::airport::{airport, PlayerCost};
use super::chain_waterfall::{waterfall_from_chain, ChainWaterfallInput};
use super::contribution::{evaluate, Evaluation};
use super::game::Game;
use super::shapley::{shapley, ShapleyMethod, ShapleyResult};
use super::split::{split, SplitParty};
use super::two_layer::{two_layer, TwoLayerInput};
use super::waterfall::{waterfall, Agreement, Waterfall};
use crate::error::Result;
use crate::explain::Explanation;
use crate::money::{Amount, Rounding};

/// The input of `sharing.split`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SplitInput {
    amount: Amount,
    parties: Vec<SplitParty>,
    #[serde(default)]
    rounding: Rounding,
}

/// One party's share in `sharing.split`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SplitShare {
    /// The party's id.
    pub id: String,
    /// Its share.
    pub share: Amount,
}

/// The result of `sharing.split`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SplitResult"))]
pub struct SplitOutput {
    /// The amount split.
    pub amount: Amount,
    /// The shares, in input order, adding up to `amount`.
    pub shares: Vec<SplitShare>,
    /// The working paper.
    pub explanation: Explanation,
}

/// `sharing.split`: an amount among parties by weight, exact to the unit.
///
/// ```json
/// {"amount": "100.00", "parties": [{"id": "a", "weight": "1"}, {"id": "b", "weight": "2", "max": "60.00"}],
///  "rounding": {"unit": "0.01"}}
/// → {"amount": "100.00", "shares": [{"id": "a", "share": "33.33"}, {"id": "b", "share": "66.67"}], "explanation": {..}}
/// ```
fn split_op(i: SplitInput) -> Result<SplitOutput> {
    i.rounding.validate("rounding")?;
    let s = split(i.amount, &i.parties, &i.rounding)?;
    let shares = i.parties.into_iter().zip(s.shares).map(|(p, share)| SplitShare { id: p.id, share }).collect();
    Ok(SplitOutput { amount: i.amount, shares, explanation: s.explanation })
}

/// The input of `sharing.waterfall`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WaterfallInput {
    agreement: Agreement,
    revenue: Amount,
}

/// `sharing.waterfall`: one product's revenue through tax, cost recovery, the operator's
/// profit and the remainder split.
///
/// ```json
/// {"revenue": "1000.00", "agreement": {"product": "p1", "parties": [
///    {"id": "ds", "kind": "data_source", "administrative": true, "recognised_cost": "100.00", "ratio": "0.3"},
///    {"id": "op", "kind": "operator", "recognised_cost": "300.00", "ratio": "0.5"},
///    {"id": "pt", "kind": "partner", "recognised_cost": "100.00", "ratio": "0.2"}],
///  "tax": {"rate": "0.06"}, "operator_profit": {"rule": "percent_of_cost", "value": "0.10"},
///  "method": "fixed_ratios"}}
/// → {"tax": "60.00", "remainder": "410.00", "non_tax_revenue": "223.00", "parties": [
///    {"id": "ds", "cost_recovered": "100.00", "profit": "0.00", "remainder_share": "123.00",
///     "total": "223.00", "loss": "0.00", "non_tax_revenue": true}, ..], "explanations": [..]}
/// ```
fn waterfall_op(i: WaterfallInput) -> Result<Waterfall> {
    waterfall(&i.agreement, i.revenue)
}

/// The input of `sharing.shapley`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShapleyInput {
    game: Game,
    #[serde(default)]
    method: ShapleyMethod,
    #[serde(default)]
    rounding: Option<Rounding>,
}

/// `sharing.shapley`: Shapley values of a game, exact or sampled; with `rounding`, each value
/// also as an amount (largest remainder, adding up to `v(N)`).
///
/// ```json
/// {"game": {"airport": {"costs": [{"id": "a", "cost": "10"}, {"id": "b", "cost": "20"}, {"id": "c", "cost": "30"}]}},
///  "method": "exact", "rounding": {"unit": "0.01"}}
/// → {"method": "exact", "grand_coalition": "30", "values": [
///     {"id": "a", "value": "3.3333333333333333333333333333", "rounded": "3.34"},
///     {"id": "b", "value": "8.333333333333333333333333333", "rounded": "8.33"},
///     {"id": "c", "value": "18.333333333333333333333333333", "rounded": "18.33"}], "explanation": {..}}
/// ```
///
/// Sampled: `"method": {"sampled": {"samples": 10000, "seed": 42}}`; each value then has a
/// `std_error`.
fn shapley_op(i: ShapleyInput) -> Result<ShapleyResult> {
    let mut r = shapley(&i.game, &i.method)?;
    if let Some(rounding) = i.rounding {
        rounding.validate("rounding")?;
        let rounded = r.rounded(&rounding)?;
        for (v, a) in r.values.iter_mut().zip(rounded) {
            v.rounded = Some(a);
        }
    }
    Ok(r)
}

/// The input of `sharing.airport`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AirportInput {
    costs: Vec<PlayerCost>,
    #[serde(default)]
    rounding: Rounding,
}

/// `sharing.airport`: serial cost sharing (Littlechild–Owen) of a facility sized for the
/// largest cost.
///
/// ```json
/// {"costs": [{"id": "a", "cost": "10"}, {"id": "b", "cost": "20"}, {"id": "c", "cost": "30"}]}
/// → {"total": "30", "shares": [
///     {"id": "a", "share": "3.3333333333333333333333333333", "rounded": "3.34"},
///     {"id": "b", "share": "8.333333333333333333333333333", "rounded": "8.33"},
///     {"id": "c", "share": "18.333333333333333333333333333", "rounded": "18.33"}], "explanation": {..}}
/// ```
fn airport_op(i: AirportInput) -> Result<super::airport::AirportResult> {
    i.rounding.validate("rounding")?;
    airport(&i.costs, &i.rounding)
}

/// `sharing.contribution`: data-contribution evaluation (scores, ranks, split weights).
///
/// ```json
/// {"indicators": [{"id": "quality", "weight": "0.6", "direction": "benefit", "normalisation": "max"},
///                 {"id": "calls", "weight": "0.4", "normalisation": "share"}],
///  "parties": [{"id": "a", "values": {"quality": "90", "calls": "300"}},
///              {"id": "b", "values": {"quality": "60", "calls": "100"}}]}
/// → {"parties": [{"id": "a", "normalised": {"calls": "0.75", "quality": "1"}, "score": "0.9", "rank": 1, "weight": "0.642857142857142857"},
///                {"id": "b", "normalised": {"calls": "0.25", "quality": "0.6666666666666666666666666667"}, "score": "0.5", "rank": 2, "weight": "0.357142857142857143"}],
///    "ranking": ["a", "b"], "explanation": {..}}
/// ```
fn contribution_op(e: Evaluation) -> Result<super::contribution::ContributionResult> {
    evaluate(&e)
}

crate::op::plain_input!(
    SplitInput,
    WaterfallInput,
    ShapleyInput,
    AirportInput,
    Evaluation,
    TwoLayerInput,
    ChainWaterfallInput,
    super::settlement::SettlementInput,
    super::versioned::VersionedInput,
    super::derivative::DerivativeInput,
    super::statement::StatementInput
);

crate::op::operation! {
    /// `sharing.split`: an amount among parties by weight, exact to the unit.
    pub struct Split = "sharing.split";
    fn(i: SplitInput) -> SplitOutput { split_op(i) }
}

crate::op::operation! {
    /// `sharing.waterfall`: one product's revenue through tax, cost, profit and the remainder split.
    pub struct WaterfallOp = "sharing.waterfall";
    fn(i: WaterfallInput) -> Waterfall { waterfall_op(i) }
}

crate::op::operation! {
    /// `sharing.two_layer`: 六安's two layers (data-source units to the treasury, then partners).
    pub struct TwoLayer = "sharing.two_layer";
    fn(i: TwoLayerInput) -> super::two_layer::TwoLayer { two_layer(&i) }
}

crate::op::operation! {
    /// `sharing.waterfall_from_chain`: a product's waterfall built from the chain's own figures.
    pub struct WaterfallFromChain = "sharing.waterfall_from_chain";
    fn(i: ChainWaterfallInput) -> super::chain_waterfall::ChainWaterfall { waterfall_from_chain(&i) }
}

crate::op::operation! {
    /// `sharing.shapley`: Shapley values of a game, exact or sampled.
    pub struct Shapley = "sharing.shapley";
    fn(i: ShapleyInput) -> ShapleyResult { shapley_op(i) }
}

crate::op::operation! {
    /// `sharing.airport`: serial cost sharing (Littlechild–Owen).
    pub struct Airport = "sharing.airport";
    fn(i: AirportInput) -> super::airport::AirportResult { airport_op(i) }
}

crate::op::operation! {
    /// `sharing.contribution`: data-contribution evaluation (数据贡献评价).
    pub struct Contribution = "sharing.contribution";
    fn(e: Evaluation) -> super::contribution::ContributionResult { contribution_op(e) }
}

crate::op::operation! {
    /// `sharing.settlement`: shares and treasury remittance on revenue collected (资金缴纳).
    pub struct Settlement = "sharing.settlement";
    fn(i: super::settlement::SettlementInput) -> super::settlement::Settlement { super::settlement::settle(&i) }
}

crate::op::operation! {
    /// `sharing.versioned`: a year's revenue shared by the agreement version in force (动态调整).
    pub struct Versioned = "sharing.versioned";
    fn(i: super::versioned::VersionedInput) -> super::versioned::Versioned { super::versioned::versioned(&i) }
}

crate::op::operation! {
    /// `sharing.derivative`: derivative products owing their upstream products a share (再开发).
    pub struct Derivative = "sharing.derivative";
    fn(i: super::derivative::DerivativeInput) -> super::derivative::Derivative { super::derivative::derivative(&i) }
}

crate::op::operation! {
    /// `sharing.statement`: the allocation statement (收益分配账单) of a period, built from the
    /// two-layer or settlement result, with in-kind offsets (数据激励); JSON, CSV, Markdown or HTML.
    pub struct StatementOp = "sharing.statement";
    fn(i: super::statement::StatementInput) -> crate::disclosure::Rendered<super::statement::Statement> {
        let format = i.format;
        Ok(crate::disclosure::rendered(super::statement::statement(&i)?, format))
    }
}
