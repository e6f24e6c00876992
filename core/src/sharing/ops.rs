//! The `sharing.*` operations of [`crate::api::call`]: JSON in, JSON out, decimals as strings,
//! parties listed in input order.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::airport::{airport, PlayerCost};
use super::chain_waterfall::{waterfall_from_chain, ChainWaterfallInput};
use super::contribution::{evaluate, Evaluation};
use super::derivative::{derivative, DerivativeInput};
use super::game::Game;
use super::settlement::{settle, SettlementInput};
use super::shapley::{shapley, ShapleyMethod};
use super::split::{split, SplitParty};
use super::two_layer::{two_layer, TwoLayerInput};
use super::versioned::{versioned, VersionedInput};
use super::waterfall::{waterfall, Agreement};
use crate::api::{run, to_value};
use crate::error::Result;
use crate::explain::Explanation;
use crate::money::{Amount, Rounding};

/// The operations answered here.
pub(crate) const OPERATIONS: &[&str] = &[
    "sharing.airport",
    "sharing.contribution",
    "sharing.derivative",
    "sharing.settlement",
    "sharing.shapley",
    "sharing.split",
    "sharing.two_layer",
    "sharing.versioned",
    "sharing.waterfall",
    "sharing.waterfall_from_chain",
];

pub(crate) fn dispatch(op: &str, input: Value) -> Option<Result<Value>> {
    Some(match op {
        "sharing.split" => run(input, split_op),
        "sharing.waterfall" => run(input, waterfall_op),
        "sharing.two_layer" => run(input, |i: TwoLayerInput| to_value(&two_layer(&i)?)),
        "sharing.waterfall_from_chain" => run(input, |i: ChainWaterfallInput| to_value(&waterfall_from_chain(&i)?)),
        "sharing.settlement" => run(input, |i: SettlementInput| to_value(&settle(&i)?)),
        "sharing.versioned" => run(input, |i: VersionedInput| to_value(&versioned(&i)?)),
        "sharing.derivative" => run(input, |i: DerivativeInput| to_value(&derivative(&i)?)),
        "sharing.shapley" => shapley_op(input),
        "sharing.airport" => run(input, airport_op),
        "sharing.contribution" => run(input, contribution_op),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SplitInput {
    amount: Amount,
    parties: Vec<SplitParty>,
    #[serde(default)]
    rounding: Rounding,
}

#[derive(Serialize)]
struct SplitShare<'a> {
    id: &'a str,
    share: Amount,
}

#[derive(Serialize)]
struct SplitOutput<'a> {
    amount: Amount,
    shares: Vec<SplitShare<'a>>,
    explanation: Explanation,
}

/// `sharing.split`: an amount among parties by weight, exact to the unit.
///
/// ```json
/// {"amount": "100.00", "parties": [{"id": "a", "weight": "1"}, {"id": "b", "weight": "2", "max": "60.00"}],
///  "rounding": {"unit": "0.01"}}
/// → {"amount": "100.00", "shares": [{"id": "a", "share": "33.33"}, {"id": "b", "share": "66.67"}], "explanation": {..}}
/// ```
fn split_op(i: SplitInput) -> Result<Value> {
    i.rounding.validate("rounding")?;
    let s = split(i.amount, &i.parties, &i.rounding)?;
    let shares = i.parties.iter().zip(s.shares).map(|(p, share)| SplitShare { id: &p.id, share }).collect();
    to_value(&SplitOutput { amount: i.amount, shares, explanation: s.explanation })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WaterfallInput {
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
fn waterfall_op(i: WaterfallInput) -> Result<Value> {
    to_value(&waterfall(&i.agreement, i.revenue)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShapleyInput {
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
fn shapley_op(input: Value) -> Result<Value> {
    let i: ShapleyInput = crate::doc::from_value(input)?;
    let r = shapley(&i.game, &i.method)?;
    let mut out = to_value(&r)?;
    if let Some(rounding) = i.rounding {
        rounding.validate("rounding")?;
        let rounded = r.rounded(&rounding)?;
        if let Some(values) = out.get_mut("values").and_then(Value::as_array_mut) {
            for (v, a) in values.iter_mut().zip(rounded) {
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("rounded".into(), Value::String(a.to_string()));
                }
            }
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AirportInput {
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
fn airport_op(i: AirportInput) -> Result<Value> {
    i.rounding.validate("rounding")?;
    to_value(&airport(&i.costs, &i.rounding)?)
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
fn contribution_op(e: Evaluation) -> Result<Value> {
    to_value(&evaluate(&e)?)
}
