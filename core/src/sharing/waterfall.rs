//! The revenue waterfall of one product (收益分配瀑布, 一产品一议).
//!
//! Each product has its own sharing agreement among its data source units (数源单位), the
//! operator (运营机构) and partners (合伙人 / 产品开发商). The product's net revenue `R` flows
//! down four stages, each exact to the rounding unit:
//!
//! 1. **Taxes** attributable to the product (税费): `R × rate` rounded under the agreement's
//!    [`Rounding`] (half up to 0.01 by default), or a fixed amount (at most `R`).
//! 2. **Cost recovery** (成本回收): every party recovers its recognised cost (认定成本: the
//!    operator's allocated cost, a partner's development cost, a data source's governance
//!    cost). When `R − tax` falls short of the total cost, the shortfall is a **loss** shared by
//!    the agreement's [`LossRule`]: by default the available revenue is split pro rata to cost
//!    (so the loss is too); `equal` and `fixed_ratios` share the *loss* equally or by the
//!    parties' ratios, and a party's recovery is its cost less its part of the loss (which can
//!    be negative: that party pays in towards the others' costs).
//! 3. The **operator's reasonable profit** (合理利润): a percentage of revenue, a percentage of
//!    the operator's recognised cost, or a fixed amount, rounded like the tax and limited to
//!    what remains after cost recovery.
//! 4. The **remainder** (剩余收益) split by the agreement's [`SplitMethod`]: fixed ratios (the
//!    parties' `ratio`, adding up to 1), weights (the parties' `weight`), data-contribution
//!    scores ([`super::contribution`]) or Shapley values ([`super::shapley`](mod@super::shapley), exact rationals or
//!    sampled estimates used as weights; a negative value is refused). A party's `max_share`
//!    caps its share of the remainder (the excess goes pro rata to the others).
//!
//! Every stage is split by the largest-remainder method ([`super::split`](mod@super::split)), so each stage and
//! each party's total add up to the cent: `tax + Σ totals = R`. The shares of
//! **administrative** data source units are **non-tax revenue** paid to the treasury
//! (非税收入, 上缴财政) and flagged so.
//!
//! Error fields are relative to the `{"agreement": .., "revenue": ..}` document of the
//! `sharing.waterfall` operation (`agreement.parties[2].recognised_cost`, `revenue`).
//!
//! ```
//! use datafee::sharing::waterfall::{waterfall, Agreement};
//! use datafee::Amount;
//! let a: Agreement = datafee::doc::from_json(r#"{
//!   "product": "credit-report",
//!   "parties": [
//!     {"id": "bureau", "kind": "data_source", "administrative": true, "recognised_cost": "100.00", "ratio": "0.3"},
//!     {"id": "op", "kind": "operator", "recognised_cost": "300.00", "ratio": "0.5"},
//!     {"id": "dev", "kind": "partner", "recognised_cost": "100.00", "ratio": "0.2"}],
//!   "tax": {"rate": "0.06"},
//!   "operator_profit": {"rule": "percent_of_cost", "value": "0.10"},
//!   "method": "fixed_ratios"}"#)?;
//! let w = waterfall(&a, Amount::parse("1000.00", "revenue")?)?;
//! // 1000 − 60 tax − 500 costs − 30 profit = 410 remainder: 123 / 205 / 82
//! let totals: Vec<String> = w.parties.iter().map(|p| p.total.to_string()).collect();
//! assert_eq!(totals, ["223.00", "535.00", "182.00"]);
//! assert!(w.parties[0].non_tax_revenue);
//! Ok::<(), datafee::Error>(())
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::apportion::{apportion, scale_weights};
use super::contribution::{evaluate, ContributionResult, Evaluation};
use super::exact;
use super::game::Game;
use super::ids::check_unique;
use super::shapley::{shapley, ShapleyMethod, ShapleyResult};
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{Amount, Rate, Rounding};

/// The most parties in one agreement.
pub const MAX_AGREEMENT_PARTIES: usize = 10_000;

/// What a party is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "AgreementPartyKind"))]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// A data source unit (数源单位 / 数据提供单位).
    DataSource,
    /// The operator (运营机构).
    Operator,
    /// A product developer or partner (产品开发商 / 合伙人).
    Partner,
}

/// A party to an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "AgreementParty"))]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The party's id (unique in the agreement).
    pub id: String,
    /// A display name.
    #[serde(default)]
    pub name: String,
    /// What the party is.
    pub kind: PartyKind,
    /// For a data source unit: an administrative body (行政机关/事业单位), whose share is
    /// non-tax revenue paid to the treasury.
    #[serde(default)]
    pub administrative: bool,
    /// The cost recognised for recovery (认定成本), a multiple of the rounding unit.
    #[serde(default)]
    pub recognised_cost: Amount,
    /// The weight for [`SplitMethod::Weights`].
    #[serde(default, with = "crate::money::dec_opt", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub weight: Option<Decimal>,
    /// The ratio for [`SplitMethod::FixedRatios`] and [`LossRule::FixedRatios`] (in [0, 1]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Rate>,
    /// The most this party may receive from the remainder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_share: Option<Amount>,
}

/// Taxes attributable to the product. JSON: `{"rate": "0.06"}` or `{"fixed": "12.00"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Tax {
    /// A rate on revenue, in [0, 1].
    Rate(Rate),
    /// A fixed amount, at most the revenue.
    Fixed(Amount),
}

/// How the operator's reasonable profit is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProfitRule {
    /// `value × revenue`, value in [0, 1].
    PercentOfRevenue,
    /// `value × the operator's recognised cost`, value >= 0.
    PercentOfCost,
    /// `value` yuan.
    Fixed,
}

/// The operator's reasonable profit (合理利润).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OperatorProfit {
    /// The rule.
    pub rule: ProfitRule,
    /// The rate or the amount.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub value: Decimal,
}

/// How the remainder is split. JSON: `"fixed_ratios"`, `"weights"`,
/// `{"contribution": {"indicators": .., "parties": ..}}` or
/// `{"shapley": {"game": .., "method": "exact"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SplitMethod {
    /// By each party's `ratio`; the ratios add up to 1.
    FixedRatios,
    /// By each party's `weight`.
    Weights,
    /// By data-contribution scores; every party evaluated.
    Contribution(Evaluation),
    /// By Shapley values of a game whose players are the parties.
    Shapley(ShapleySpec),
}

/// A Shapley split: the game and the method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShapleySpec {
    /// The game; its players are the agreement's parties.
    pub game: Game,
    /// Exact (default) or sampled.
    #[serde(default)]
    pub method: ShapleyMethod,
}

/// How a shortfall of revenue below the total cost (a loss) is shared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LossRule {
    /// The available revenue is split pro rata to recognised cost (the default).
    #[default]
    ProRataCost,
    /// The loss is shared equally among all parties.
    Equal,
    /// The loss is shared by the parties' `ratio`s.
    FixedRatios,
}

/// A product's sharing agreement (收益分配协议).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// The product.
    pub product: String,
    /// The parties.
    pub parties: Vec<Party>,
    /// Taxes attributable (none if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Tax>,
    /// The operator's reasonable profit (none if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_profit: Option<OperatorProfit>,
    /// How the remainder is split.
    pub method: SplitMethod,
    /// How a loss is shared.
    #[serde(default)]
    pub loss_rule: LossRule,
    /// The unit of every share and the rounding of tax and profit (half up to 0.01 by default).
    #[serde(default)]
    pub rounding: Rounding,
}

/// One party's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartyShare {
    /// The party's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: PartyKind,
    /// Cost recovered (stage 2).
    pub cost_recovered: Amount,
    /// Reasonable profit (stage 3; the operator only).
    pub profit: Amount,
    /// Share of the remainder (stage 4).
    pub remainder_share: Amount,
    /// The sum of the three.
    pub total: Amount,
    /// Recognised cost not recovered (its part of the loss), zero without a loss.
    pub loss: Amount,
    /// Whether the share is non-tax revenue paid to the treasury (administrative data source).
    pub non_tax_revenue: bool,
}

/// Detail of the remainder method, when it computes something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MethodDetail {
    /// The contribution evaluation.
    Contribution(ContributionResult),
    /// The Shapley values.
    Shapley(ShapleyResult),
}

/// The waterfall of one product's revenue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Waterfall {
    /// The product.
    pub product: String,
    /// Net revenue shared.
    pub revenue: Amount,
    /// Stage 1: taxes.
    pub tax: Amount,
    /// Revenue after tax.
    pub after_tax: Amount,
    /// Σ recognised costs.
    pub total_cost: Amount,
    /// Stage 2: Σ cost recovered.
    pub cost_recovered: Amount,
    /// Total cost not recovered (the loss), zero if none.
    pub shortfall: Amount,
    /// Stage 3: the operator's profit.
    pub operator_profit: Amount,
    /// Stage 4: the remainder split by the method.
    pub remainder: Amount,
    /// Σ totals of administrative data sources: non-tax revenue to the treasury.
    pub non_tax_revenue: Amount,
    /// Per party, in agreement order.
    pub parties: Vec<PartyShare>,
    /// The contribution or Shapley computation behind stage 4, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method_detail: Option<MethodDetail>,
    /// One explanation per stage.
    pub explanations: Vec<Explanation>,
}

struct Ctx<'a> {
    parties: &'a [Party],
    unit: (u128, u32),
}

impl<'a> Ctx<'a> {
    fn id(&self) -> impl Fn(usize) -> &'a str + Copy + 'a {
        let parties = self.parties;
        move |i| parties.get(i).map_or("", |p| p.id.as_str())
    }
    fn amount(&self, units: i128, field: &str) -> Result<Amount> {
        exact::from_units(units, self.unit, field).map(Amount::new)
    }
    fn units(&self, a: Decimal, field: &str) -> Result<i128> {
        exact::to_units(a, self.unit, field)
    }
}

/// Run the waterfall of `agreement` on `revenue` (non-negative, a multiple of the unit).
pub fn waterfall(agreement: &Agreement, revenue: Amount) -> Result<Waterfall> {
    let parties = &agreement.parties;
    let n = parties.len();
    if n > MAX_AGREEMENT_PARTIES {
        return Err(Error::LimitExceeded { field: "agreement.parties".into(), value: n.to_string(), max: MAX_AGREEMENT_PARTIES.to_string() });
    }
    check_unique(n, |i| parties.get(i).map_or("", |p| p.id.as_str()), "agreement.parties", ".id")?;
    agreement.rounding.validate("agreement.rounding")?;
    let unit = exact::unit_parts(agreement.rounding.unit, "agreement.rounding.unit")?;
    let ctx = Ctx { parties, unit };
    revenue.non_negative("revenue")?;
    let r = ctx.units(revenue.get(), "revenue")?;
    let mut costs = Vec::with_capacity(n);
    for (i, p) in parties.iter().enumerate() {
        let f = format!("agreement.parties[{i}]");
        p.recognised_cost.non_negative(&format!("{f}.recognised_cost"))?;
        costs.push(ctx.units(p.recognised_cost.get(), &format!("{f}.recognised_cost"))?);
        if p.administrative && p.kind != PartyKind::DataSource {
            return Err(Error::invalid(format!("{f}.administrative"), "true", "only a data source unit can be administrative (its share is non-tax revenue)"));
        }
        if let Some(w) = p.ratio {
            if w.get() < Decimal::ZERO || w.get() > Decimal::ONE {
                return Err(Error::out_of_range(format!("{f}.ratio"), w, "in [0, 1]"));
            }
        }
    }
    let mut explanations = Vec::new();
    let pid = &agreement.product;

    // Stage 1: taxes.
    let (tax, tax_exp) = stage_tax(agreement, revenue, r, &ctx)?;
    explanations.push(tax_exp);
    let after_tax = r - tax;

    // Stage 2: cost recovery.
    let total_cost = costs.iter().try_fold(0i128, |s, c| s.checked_add(*c)).ok_or_else(|| Error::overflow("agreement.parties", "sum of recognised costs"))?;
    let (recovered, losses, cost_exp) = stage_costs(agreement, &ctx, &costs, total_cost, after_tax)?;
    explanations.push(cost_exp);
    let recovered_total = after_tax.min(total_cost);
    let after_costs = after_tax - recovered_total;

    // Stage 3: the operator's reasonable profit.
    let (profit, operator, profit_exp) = stage_profit(agreement, &ctx, &costs, r, after_costs)?;
    explanations.push(profit_exp);
    let remainder = after_costs - profit;

    // Stage 4: the remainder.
    let (weights, detail, method_name) = remainder_weights(agreement, &ctx)?;
    let caps = parties
        .iter()
        .enumerate()
        .map(|(i, p)| match p.max_share {
            None => Ok(None),
            Some(m) => {
                let f = format!("agreement.parties[{i}].max_share");
                m.non_negative(&f)?;
                Ok(Some(ctx.units(m.get(), &f)?.unsigned_abs()))
            }
        })
        .collect::<Result<Vec<_>>>()?;
    let any_cap = caps.iter().any(Option::is_some);
    let shares = apportion(remainder, &weights, any_cap.then_some(caps.as_slice()), ctx.id(), "agreement.parties")?;
    let mut rem_exp = Explanation::new(
        format!("waterfall.{pid}.remainder"),
        "Remainder 剩余收益分配",
        "remainder = R − tax − Σ recovered − profit; split by the method, largest remainder",
    )
    .input("remainder", ctx.amount(remainder, "remainder")?)
    .input("method", method_name)
    .result(format!("Σ remainder shares = {}", ctx.amount(remainder, "remainder")?))
    .rounding(format!("largest remainder to {}; ties by party id ascending", exact::unit_decimal(unit)));
    if shares.capped > 0 {
        rem_exp = rem_exp.note(format!("{} parties held at their max_share; the excess shared pro rata", shares.capped));
    }
    explanations.push(rem_exp);

    // Per party.
    let mut out = Vec::with_capacity(n);
    let mut treasury = 0i128;
    let mut sum_totals = 0i128;
    for (i, p) in parties.iter().enumerate() {
        let rec = recovered.get(i).copied().unwrap_or(0);
        let pr = if operator == Some(i) { profit } else { 0 };
        let rs = shares.units.get(i).copied().unwrap_or(0);
        let total = rec + pr + rs;
        let non_tax = p.kind == PartyKind::DataSource && p.administrative;
        if non_tax {
            treasury += total;
        }
        sum_totals += total;
        let f = format!("parties[{i}]");
        out.push(PartyShare {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind,
            cost_recovered: ctx.amount(rec, &f)?,
            profit: ctx.amount(pr, &f)?,
            remainder_share: ctx.amount(rs, &f)?,
            total: ctx.amount(total, &f)?,
            loss: ctx.amount(losses.get(i).copied().unwrap_or(0), &f)?,
            non_tax_revenue: non_tax,
        });
    }
    if sum_totals + tax != r {
        return Err(Error::invalid("agreement", sum_totals, "internal check failed: tax + Σ totals ≠ revenue"));
    }
    explanations.push(
        Explanation::new(format!("waterfall.{pid}.non_tax_revenue"), "Non-tax revenue 非税收入 (上缴财政)", "Σ totals of administrative data source units")
            .input("administrative data sources", parties.iter().filter(|p| p.administrative).count())
            .result(ctx.amount(treasury, "non_tax_revenue")?)
            .note("paid to the treasury as non-tax revenue, not booked as the unit's own income"),
    );
    Ok(Waterfall {
        product: agreement.product.clone(),
        revenue,
        tax: ctx.amount(tax, "tax")?,
        after_tax: ctx.amount(after_tax, "after_tax")?,
        total_cost: ctx.amount(total_cost, "total_cost")?,
        cost_recovered: ctx.amount(recovered_total, "cost_recovered")?,
        shortfall: ctx.amount(total_cost - recovered_total, "shortfall")?,
        operator_profit: ctx.amount(profit, "operator_profit")?,
        remainder: ctx.amount(remainder, "remainder")?,
        non_tax_revenue: ctx.amount(treasury, "non_tax_revenue")?,
        parties: out,
        method_detail: detail,
        explanations,
    })
}

fn stage_tax(a: &Agreement, revenue: Amount, r: i128, ctx: &Ctx) -> Result<(i128, Explanation)> {
    let id = format!("waterfall.{}.tax", a.product);
    let title = "Taxes 税费";
    Ok(match a.tax {
        None => (0, Explanation::new(id, title, "no tax attributed").input("R", revenue).result(ctx.amount(0, "tax")?)),
        Some(Tax::Rate(rate)) => {
            if rate.get() < Decimal::ZERO || rate.get() > Decimal::ONE {
                return Err(Error::out_of_range("agreement.tax.rate", rate, "in [0, 1]"));
            }
            let exact_tax = crate::money::mul(revenue.get(), rate.get(), "tax")?;
            let rounded = a.rounding.round(exact_tax)?;
            let t = ctx.units(rounded, "tax")?;
            let e = Explanation::new(id, title, "tax = round(R × rate)")
                .input("R", revenue)
                .input("rate", rate)
                .result(ctx.amount(t, "tax")?)
                .rounding(a.rounding.describe());
            (t, e)
        }
        Some(Tax::Fixed(amount)) => {
            amount.non_negative("agreement.tax.fixed")?;
            let t = ctx.units(amount.get(), "agreement.tax.fixed")?;
            if t > r {
                return Err(Error::out_of_range("agreement.tax.fixed", amount, format!("<= revenue {revenue}")));
            }
            (t, Explanation::new(id, title, "tax = fixed amount").input("R", revenue).input("fixed", amount).result(amount))
        }
    })
}

type CostStage = (Vec<i128>, Vec<i128>, Explanation);

fn stage_costs(a: &Agreement, ctx: &Ctx, costs: &[i128], total: i128, available: i128) -> Result<CostStage> {
    let n = costs.len();
    let e = Explanation::new(
        format!("waterfall.{}.costs", a.product),
        "Cost recovery 成本回收",
        "recovered_i = c_i when R − tax >= Σc; otherwise the shortfall is shared by the loss rule",
    )
    .input("R − tax", ctx.amount(available, "after_tax")?)
    .input("Σc", ctx.amount(total, "total_cost")?);
    if available >= total {
        let e = e.result(format!("all costs recovered: {}", ctx.amount(total, "total_cost")?));
        return Ok((costs.to_vec(), vec![0; n], e));
    }
    let shortfall = total - available;
    let weights_of = |xs: Vec<Decimal>, field: &dyn Fn(usize) -> String| scale_weights(n, &|i| xs.get(i).copied().unwrap_or_default(), field);
    let (recovered, losses, rule) = match a.loss_rule {
        LossRule::ProRataCost => {
            let w: Vec<u128> = costs.iter().map(|c| c.unsigned_abs()).collect();
            let rec = apportion(available, &w, None, ctx.id(), "agreement.parties")?.units;
            let loss = costs.iter().zip(&rec).map(|(c, r)| c - r).collect();
            (rec, loss, "available revenue split pro rata to recognised cost")
        }
        LossRule::Equal => {
            let w = vec![1u128; n];
            let loss = apportion(shortfall, &w, None, ctx.id(), "agreement.parties")?.units;
            let rec = costs.iter().zip(&loss).map(|(c, l)| c - l).collect();
            (rec, loss, "the loss shared equally among all parties")
        }
        LossRule::FixedRatios => {
            let ratios = required_ratios(a)?;
            let (w, _) = weights_of(ratios, &|i| format!("agreement.parties[{i}].ratio"))?;
            let loss = apportion(shortfall, &w, None, ctx.id(), "agreement.parties")?.units;
            let rec = costs.iter().zip(&loss).map(|(c, l)| c - l).collect();
            (rec, loss, "the loss shared by the parties' ratios")
        }
    };
    let mut e = e
        .input("shortfall (loss)", ctx.amount(shortfall, "shortfall")?)
        .input("loss rule", rule)
        .result(format!("recovered {} of {}", ctx.amount(available, "after_tax")?, ctx.amount(total, "total_cost")?))
        .rounding(format!("largest remainder to {}; ties by party id ascending", exact::unit_decimal(ctx.unit)));
    if recovered.iter().any(|x: &i128| *x < 0) {
        e = e.note("a negative recovery means the party pays in its part of the loss beyond its own cost");
    }
    Ok((recovered, losses, e))
}

fn required_ratios(a: &Agreement) -> Result<Vec<Decimal>> {
    let mut out = Vec::with_capacity(a.parties.len());
    for (i, p) in a.parties.iter().enumerate() {
        let r = p.ratio.ok_or_else(|| Error::Missing { field: format!("agreement.parties[{i}].ratio"), value: "ratio (required by fixed_ratios)".into() })?;
        out.push(r.get());
    }
    let sum = crate::money::sum(out.iter().copied(), "agreement.parties")?;
    if sum != Decimal::ONE {
        return Err(Error::invalid("agreement.parties", format!("Σ ratio = {sum}"), "fixed ratios must add up to 1"));
    }
    Ok(out)
}

fn stage_profit(a: &Agreement, ctx: &Ctx, costs: &[i128], r: i128, available: i128) -> Result<(i128, Option<usize>, Explanation)> {
    let id = format!("waterfall.{}.profit", a.product);
    let title = "Operator's reasonable profit 运营机构合理利润";
    let Some(rule) = a.operator_profit else {
        return Ok((0, None, Explanation::new(id, title, "no operator profit in the agreement").result(ctx.amount(0, "profit")?)));
    };
    let ops: Vec<usize> = a.parties.iter().enumerate().filter(|(_, p)| p.kind == PartyKind::Operator).map(|(i, _)| i).collect();
    let op = match ops.as_slice() {
        [op] => *op,
        [] => return Err(Error::Missing { field: "agreement.parties".into(), value: "a party of kind operator".into() }),
        _ => {
            return Err(Error::invalid(
                "agreement.operator_profit",
                format!("{} operators", ops.len()),
                "the operator's profit needs exactly one party of kind operator",
            ))
        }
    };
    let v = rule.value;
    let f = "agreement.operator_profit.value";
    let revenue = ctx.amount(r, "revenue")?;
    let (base_name, base, raw) = match rule.rule {
        ProfitRule::PercentOfRevenue => {
            if v < Decimal::ZERO || v > Decimal::ONE {
                return Err(Error::out_of_range(f, v, "in [0, 1]"));
            }
            ("R", revenue.to_string(), crate::money::mul(revenue.get(), v, "profit")?)
        }
        ProfitRule::PercentOfCost => {
            if v < Decimal::ZERO {
                return Err(Error::out_of_range(f, v, ">= 0"));
            }
            let c = ctx.amount(costs.get(op).copied().unwrap_or(0), "profit")?;
            ("operator's recognised cost", c.to_string(), crate::money::mul(c.get(), v, "profit")?)
        }
        ProfitRule::Fixed => {
            if v < Decimal::ZERO {
                return Err(Error::out_of_range(f, v, ">= 0"));
            }
            ctx.units(v, f)?;
            ("fixed", v.to_string(), v)
        }
    };
    let computed = ctx.units(a.rounding.round(raw)?, "profit")?;
    let profit = computed.min(available);
    let mut e = Explanation::new(id, title, "profit = min(round(rule), R − tax − Σ recovered)")
        .input("operator", a.parties.get(op).map_or("", |p| p.id.as_str()))
        .input(base_name, base)
        .input("value", v)
        .input("computed", ctx.amount(computed, "profit")?)
        .input("available", ctx.amount(available, "profit")?)
        .result(ctx.amount(profit, "profit")?)
        .rounding(a.rounding.describe());
    if profit < computed {
        e = e.note("limited to what remains after cost recovery");
    }
    Ok((profit, Some(op), e))
}

fn remainder_weights(a: &Agreement, ctx: &Ctx) -> Result<(Vec<u128>, Option<MethodDetail>, &'static str)> {
    let parties = &a.parties;
    let n = parties.len();
    Ok(match &a.method {
        SplitMethod::FixedRatios => {
            let ratios = required_ratios(a)?;
            let (w, _) = scale_weights(n, &|i| ratios.get(i).copied().unwrap_or_default(), |i| format!("agreement.parties[{i}].ratio"))?;
            (w, None, "fixed ratios")
        }
        SplitMethod::Weights => {
            let mut ws = Vec::with_capacity(n);
            for (i, p) in parties.iter().enumerate() {
                ws.push(p.weight.ok_or_else(|| Error::Missing {
                    field: format!("agreement.parties[{i}].weight"),
                    value: "weight (required by the weights method)".into(),
                })?);
            }
            let (w, _) = scale_weights(n, &|i| ws.get(i).copied().unwrap_or_default(), |i| format!("agreement.parties[{i}].weight"))?;
            (w, None, "weights")
        }
        SplitMethod::Contribution(ev) => {
            let prefix = "agreement.method.contribution";
            let r = evaluate(ev).within(prefix)?;
            let ids: Vec<&str> = r.parties.iter().map(|p| p.id.as_str()).collect();
            let pos = match_players(ctx, &ids, &format!("{prefix}.parties"))?;
            let scores: Vec<Decimal> = pos.iter().map(|&j| r.parties.get(j).map_or(Decimal::ZERO, |p| p.score)).collect();
            let (w, _) = scale_weights(n, &|i| scores.get(i).copied().unwrap_or_default(), |_| format!("{prefix}.parties"))?;
            (w, Some(MethodDetail::Contribution(r)), "data-contribution scores")
        }
        SplitMethod::Shapley(spec) => {
            let prefix = "agreement.method.shapley";
            let r = shapley(&spec.game, &spec.method).within(prefix)?;
            let ids: Vec<&str> = r.values.iter().map(|v| v.id.as_str()).collect();
            let pos = match_players(ctx, &ids, &format!("{prefix}.game"))?;
            let nums = r.exact.weights_u128().ok_or_else(|| Error::overflow(format!("{prefix}.game"), "Shapley values as weights beyond 128 bits"))?;
            let mut w = Vec::with_capacity(n);
            for &j in &pos {
                let num = nums.get(j).copied().unwrap_or(0);
                if num < 0 {
                    let v = r.values.get(j);
                    return Err(Error::out_of_range(
                        format!("{prefix}.game"),
                        format!("{}: {}", v.map_or("", |v| v.id.as_str()), v.map_or(Decimal::ZERO, |v| v.value)),
                        ">= 0: a negative Shapley value cannot weight a split of money",
                    ));
                }
                w.push(num.unsigned_abs());
            }
            (w, Some(MethodDetail::Shapley(r)), "Shapley values as weights")
        }
    })
}

/// Map the agreement's parties to positions in `ids` (the method's own list): the two sets
/// must be equal ([`Error::UnknownId`] / [`Error::Missing`] on `field`).
fn match_players(ctx: &Ctx, ids: &[&str], field: &str) -> Result<Vec<usize>> {
    let index: std::collections::HashMap<&str, usize> = ids.iter().enumerate().map(|(j, id)| (*id, j)).collect();
    let known: std::collections::HashSet<&str> = ctx.parties.iter().map(|p| p.id.as_str()).collect();
    for id in ids {
        if !known.contains(id) {
            return Err(Error::unknown(field, id));
        }
    }
    let mut pos = Vec::with_capacity(ctx.parties.len());
    for p in ctx.parties {
        pos.push(*index.get(p.id.as_str()).ok_or_else(|| Error::Missing { field: field.to_string(), value: format!("party {}", p.id) })?);
    }
    Ok(pos)
}

#[cfg(test)]
mod tests;
