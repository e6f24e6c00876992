//! A product's waterfall built from the pricing chain (从测算链生成的收益分配瀑布).
//!
//! The hand-typed [`super::waterfall()`] takes each party's recognised cost, the operator's
//! profit and the tax as free inputs; here they come from the engine's own figures for the
//! product and year, so a cost cannot be recovered twice and nothing distributed is clawed
//! back next period:
//!
//! 1. **Permitted cost, profit and income tax of the product** ([`product_permitted`], the one
//!    place that reads the chain): cost = Σ `allocated_cost` over the product's *chargeable*
//!    cap lines of year `Y`; its share of the year's permitted profit, income tax and MPR =
//!    the year's figure × product chargeable cost / Σ chargeable cost of all products, by
//!    largest remainder to the cent (ties by product id).
//! 2. **Taxes on an explicit basis** (`tax_basis`): `vat_exclusive` (the default: the rater
//!    reports revenue net of VAT) → only the surcharges attributable, no VAT deducted;
//!    `vat_inclusive` → the VAT in the revenue too (`R − R/(1+v)`, the net half up to the
//!    cent). The surcharges (增值税附加) are levied on the VAT payable, as the MPR's surcharge
//!    block is (`surcharge_base`): `vat_payable` (the default) →
//!    `max(0, R × v − InputVAT_p) × s`, where `InputVAT_p` is the product's share of the
//!    year's deductible input VAT (the scenario's `input_vat`, the figure the MPR nets) by
//!    chargeable cost as in step 1; `output_vat` → `R × v × s` (the input VAT not credited, the
//!    prudent reading). Half up to the cent. Income tax: with the operator's
//!    profit (`income_tax: "with_profit"`, the default, as the MPR prices it into the
//!    operator's return) or deducted as a tax line (`"deducted"`).
//! 3. **Headroom and held-back revenue** (分配前预留扣减): headroom = product's MPR share −
//!    VAT-exclusive revenue when positive; revenue above the product's MPR share is held back
//!    before distribution (it is what the next period's claw-back takes) and reported.
//! 4. The waterfall of the rest ([`super::waterfall::waterfall`]): the product's permitted cost
//!    is recovered by the parties that bore it (`cost_share`, adding up to 1, split by largest
//!    remainder), the operator takes the product's permitted profit, and the remainder is
//!    split by the agreement's method.
//!
//! Invariants (proptest in `core/tests/prop_sharing.rs`): cost recovered ≤ the product's
//! permitted cost; Σ party totals + held back = revenue − taxes; every split adds up to the cent.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::split::split_weights;
use super::waterfall::{waterfall, Agreement, LossRule, OperatorProfit, Party, PartyKind, ProfitRule, SplitMethod, Tax, Waterfall};
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{add, div, mul, sub, sum, Amount, Rate, Rounding};
use crate::scenario::{ChainResult, ScenarioDoc};

/// Which revenue the figure is: net of VAT (the rater's revenue) or VAT included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaxBasis {
    /// Revenue net of VAT: only the surcharges are deducted.
    #[default]
    VatExclusive,
    /// Revenue including VAT: the VAT and the surcharges are deducted.
    VatInclusive,
}

/// Where the product's share of the permitted income tax goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncomeTax {
    /// With the operator's permitted profit (the MPR prices it into the operator's return).
    #[default]
    WithProfit,
    /// Deducted as a tax line before cost recovery.
    Deducted,
}

/// What the VAT surcharges (增值税附加: 城建税, 教育费附加, 地方教育附加) of a product's
/// revenue are levied on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurchargeBase {
    /// The VAT payable: output VAT less the product's share of the year's deductible input VAT
    /// (by chargeable cost), never below zero — the base the MPR's surcharge block uses.
    #[default]
    VatPayable,
    /// The whole output VAT of the revenue, no input VAT credited (the prudent reading).
    OutputVat,
}

/// A party to a chain waterfall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ChainAgreementParty"))]
#[serde(deny_unknown_fields)]
pub struct ChainParty {
    /// The party's id.
    pub id: String,
    /// A display name.
    #[serde(default)]
    pub name: String,
    /// What the party is.
    pub kind: PartyKind,
    /// An administrative data source unit (行政事业单位): its share is non-tax revenue.
    #[serde(default)]
    pub administrative: bool,
    /// Its part of the product's permitted cost (the parties' parts add up to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_share: Option<Rate>,
    /// The weight for the `weights` method.
    #[serde(default, with = "crate::money::dec_opt", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub weight: Option<Decimal>,
    /// The ratio for `fixed_ratios`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Rate>,
    /// The most it may receive from the remainder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_share: Option<Amount>,
}

/// A product's sharing agreement for a chain waterfall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChainAgreement {
    /// The parties.
    pub parties: Vec<ChainParty>,
    /// How the remainder is split.
    pub method: SplitMethod,
    /// How a shortfall is shared.
    #[serde(default)]
    pub loss_rule: LossRule,
    /// Where the income tax goes.
    #[serde(default)]
    pub income_tax: IncomeTax,
}

/// The input of `sharing.waterfall_from_chain`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChainWaterfallInput {
    /// The scenario (the chain is run on it).
    pub scenario: ScenarioDoc,
    /// The year.
    pub year: i32,
    /// The product.
    pub product: String,
    /// The product's actual revenue of the year.
    pub revenue: Amount,
    /// What `revenue` includes (default VAT-exclusive).
    #[serde(default)]
    pub tax_basis: TaxBasis,
    /// What the surcharges are levied on (default the VAT payable, as in the MPR).
    #[serde(default)]
    pub surcharge_base: SurchargeBase,
    /// The agreement.
    pub agreement: ChainAgreement,
}

/// The product's permitted figures for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Permitted {
    /// Σ allocated cost over the product's chargeable lines.
    pub cost: Amount,
    /// Σ allocated cost over every product's chargeable lines.
    pub chargeable_cost_all: Amount,
    /// Its share of the permitted profit.
    pub profit: Amount,
    /// Its share of the income tax.
    pub income_tax: Amount,
    /// Its share of the MPR.
    pub mpr: Amount,
    /// Its share of the year's deductible input VAT (the scenario's `input_vat`).
    pub input_vat: Amount,
}

/// A chain waterfall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChainWaterfall {
    /// The product.
    pub product: String,
    /// The year.
    pub year: i32,
    /// The revenue as given.
    pub revenue: Amount,
    /// Its basis.
    pub tax_basis: TaxBasis,
    /// What the surcharges were levied on.
    pub surcharge_base: SurchargeBase,
    /// The revenue net of VAT.
    pub revenue_vat_exclusive: Amount,
    /// VAT deducted (VAT-inclusive basis only).
    pub vat: Amount,
    /// Surcharges attributable.
    pub surcharges: Amount,
    /// Income tax deducted as a tax line (0 when it goes with the profit).
    pub income_tax_deducted: Amount,
    /// Taxes deducted in all.
    pub taxes: Amount,
    /// The product's permitted figures.
    pub permitted: Permitted,
    /// MPR share − VAT-exclusive revenue, when positive.
    pub headroom: Amount,
    /// Revenue above the MPR share, held back before distribution.
    pub held_back: Amount,
    /// Σ party totals.
    pub distributed: Amount,
    /// The waterfall of what is distributed.
    pub waterfall: Waterfall,
    /// How the figures were derived.
    pub explanation: Explanation,
}

/// A non-negative difference in cents (`0.00`, not `0`).
fn at_least_zero(x: Decimal) -> Amount {
    let mut d = x.max(Decimal::ZERO);
    if d.scale() < 2 {
        d.rescale(2);
    }
    Amount::new(d)
}

fn cents(x: Decimal, field: &str) -> Result<Amount> {
    let mut d = Rounding::cents().round(x).within(field)?;
    d.rescale(2);
    Ok(Amount::new(d))
}

/// The product's permitted cost, profit, income tax, MPR and input VAT share for `year` (the
/// one place that reads the chain for sharing; `input_vat` is the year's deductible input VAT
/// of the scenario the chain was run on).
pub fn product_permitted(chain: &ChainResult, year: i32, product: &str, input_vat: Amount) -> Result<Permitted> {
    let caps = chain.caps.iter().find(|c| c.year == year).ok_or_else(|| Error::out_of_range("year", year, "a year of the period"))?;
    let mpr = chain.mpr.years.iter().find(|m| m.year == year).ok_or_else(|| Error::out_of_range("year", year, "a year of the period"))?;
    let mut products: Vec<(&str, Decimal)> = Vec::new();
    for l in caps.lines.iter().filter(|l| l.chargeable) {
        match products.iter_mut().find(|(p, _)| *p == l.product) {
            Some((_, c)) => *c = add(*c, l.allocated_cost.get(), "caps.lines.allocated_cost")?,
            None => products.push((l.product.as_str(), l.allocated_cost.get())),
        }
    }
    let pos = products.iter().position(|(p, _)| *p == product).ok_or_else(|| Error::unknown("product", format!("{product} (no chargeable use in {year})")))?;
    let cost = products.get(pos).map_or(Decimal::ZERO, |p| p.1);
    let all = sum(products.iter().map(|p| p.1), "caps.lines.allocated_cost")?;
    let ids: Vec<&str> = products.iter().map(|p| p.0).collect();
    let weights: Vec<Decimal> = products.iter().map(|p| p.1).collect();
    let share = |total: Amount, field: &str| -> Result<Amount> {
        if all.is_zero() {
            return Ok(Amount::ZERO);
        }
        let s = split_weights(total, &ids, &weights, &Rounding::cents()).within(field)?;
        Ok(s.shares.get(pos).copied().unwrap_or(Amount::ZERO))
    };
    Ok(Permitted {
        cost: Amount::new(cost),
        chargeable_cost_all: Amount::new(all),
        profit: share(mpr.permitted_profit, "mpr.permitted_profit")?,
        income_tax: share(mpr.income_tax, "mpr.income_tax")?,
        mpr: share(mpr.mpr, "mpr.mpr")?,
        input_vat: share(input_vat, "input_vat")?,
    })
}

/// Run the chain on the scenario and build the product's waterfall.
pub fn waterfall_from_chain(i: &ChainWaterfallInput) -> Result<ChainWaterfall> {
    let chain = crate::scenario::run(&i.scenario).within("scenario")?;
    let p = &i.scenario.profile;
    chain_waterfall(&chain, p.vat_rate.get(), p.surcharges.total(), i)
}

/// The waterfall from an already-run chain (`vat` and `surcharge` the profile's rates).
pub fn chain_waterfall(chain: &ChainResult, vat: Decimal, surcharge: Decimal, i: &ChainWaterfallInput) -> Result<ChainWaterfall> {
    let revenue = i.revenue;
    revenue.non_negative("revenue")?;
    let year_input_vat = i.scenario.input_vat.iter().find(|v| v.year == i.year).map_or(Amount::ZERO, |v| v.amount);
    let permitted = product_permitted(chain, i.year, &i.product, year_input_vat)?;
    // Taxes.
    let (net, vat_amount) = match i.tax_basis {
        TaxBasis::VatExclusive => (revenue, at_least_zero(Decimal::ZERO)),
        TaxBasis::VatInclusive => {
            let net = cents(div(revenue.get(), add(Decimal::ONE, vat, "vat_rate")?, "revenue")?, "revenue")?;
            (net, Amount::new(sub(revenue.get(), net.get(), "revenue")?))
        }
    };
    let output_vat = mul(net.get(), vat, "revenue")?;
    let surcharge_base = match i.surcharge_base {
        SurchargeBase::VatPayable => sub(output_vat, permitted.input_vat.get(), "revenue")?.max(Decimal::ZERO),
        SurchargeBase::OutputVat => output_vat,
    };
    let surcharges = cents(mul(surcharge_base, surcharge, "revenue")?, "revenue")?;
    let income_tax_deducted = match i.agreement.income_tax {
        IncomeTax::Deducted => permitted.income_tax,
        IncomeTax::WithProfit => at_least_zero(Decimal::ZERO),
    };
    let taxes_raw = sum([vat_amount.get(), surcharges.get(), income_tax_deducted.get()], "taxes")?;
    let taxes = Amount::new(taxes_raw.min(revenue.get()));
    // Held back: revenue above the MPR share (VAT-exclusive), at most what is left after taxes.
    let over = sub(net.get(), permitted.mpr.get(), "revenue")?.max(Decimal::ZERO);
    let held_back = at_least_zero(over.min(sub(revenue.get(), taxes.get(), "revenue")?));
    let headroom = at_least_zero(sub(permitted.mpr.get(), net.get(), "revenue")?);
    // Cost shares.
    let n = i.agreement.parties.len();
    let ids: Vec<&str> = i.agreement.parties.iter().map(|p| p.id.as_str()).collect();
    let shares: Vec<Decimal> = i.agreement.parties.iter().map(|p| p.cost_share.map_or(Decimal::ZERO, |r| r.get())).collect();
    let total_share = sum(shares.iter().copied(), "agreement.parties")?;
    if n == 0 {
        return Err(Error::Empty { field: "agreement.parties".into(), value: "[]".into() });
    }
    if total_share != Decimal::ONE {
        return Err(Error::invalid("agreement.parties", total_share, "cost_share must add up to 1 (the parties that bore the product's permitted cost)"));
    }
    let costs = split_weights(permitted.cost, &ids, &shares, &Rounding::cents()).within("agreement")?;
    let parties: Vec<Party> = i
        .agreement
        .parties
        .iter()
        .zip(&costs.shares)
        .map(|(c, cost)| Party {
            id: c.id.clone(),
            name: c.name.clone(),
            kind: c.kind,
            administrative: c.administrative,
            recognised_cost: *cost,
            weight: c.weight,
            ratio: c.ratio,
            max_share: c.max_share,
        })
        .collect();
    let profit = match i.agreement.income_tax {
        IncomeTax::WithProfit => add(permitted.profit.get(), permitted.income_tax.get(), "mpr")?,
        IncomeTax::Deducted => permitted.profit.get(),
    };
    let agreement = Agreement {
        product: i.product.clone(),
        parties,
        tax: Some(Tax::Fixed(taxes)),
        operator_profit: Some(OperatorProfit { rule: ProfitRule::Fixed, value: profit }),
        method: i.agreement.method.clone(),
        loss_rule: i.agreement.loss_rule,
        rounding: Rounding::cents(),
    };
    let into = Amount::new(sub(revenue.get(), held_back.get(), "revenue")?);
    let w = waterfall(&agreement, into)?;
    let distributed = Amount::new(sum(w.parties.iter().map(|p| p.total.get()), "distributed")?);
    let explanation = Explanation::new(
        "sharing.waterfall_from_chain",
        "Waterfall from the chain 从测算链生成的收益分配瀑布 (分配前预留扣减)",
        "held back = max(0, R_ex − MPR_p); distributed = R − taxes − held back",
    )
    .input("product", &i.product)
    .input("year", i.year)
    .input("revenue", revenue)
    .input("permitted cost (chargeable)", permitted.cost)
    .input("Σ chargeable cost, all products", permitted.chargeable_cost_all)
    .input("permitted profit share", permitted.profit)
    .input("income tax share", permitted.income_tax)
    .input("MPR share", permitted.mpr)
    .input("input VAT share (by chargeable cost)", permitted.input_vat)
    .input(
        match i.surcharge_base {
            SurchargeBase::VatPayable => "surcharges (surcharge_base vat_payable: max(0, R_ex × VAT rate − input VAT share) × surcharge rate)",
            SurchargeBase::OutputVat => "surcharges (surcharge_base output_vat: R_ex × VAT rate × surcharge rate)",
        },
        surcharges,
    )
    .input("VAT deducted", vat_amount)
    .result(format!("distributed {distributed} + held back {held_back} = revenue {revenue} − taxes {taxes}"))
    .rounding("shares of the year's profit, income tax, MPR and input VAT by chargeable cost, largest remainder to the cent; taxes half up to the cent")
    .note("no VAT is deducted from VAT-exclusive revenue; revenue above the MPR share is held back, as the next period's claw-back takes it");
    Ok(ChainWaterfall {
        product: i.product.clone(),
        year: i.year,
        revenue,
        tax_basis: i.tax_basis,
        surcharge_base: i.surcharge_base,
        revenue_vat_exclusive: net,
        vat: vat_amount,
        surcharges,
        income_tax_deducted,
        taxes,
        permitted,
        headroom,
        held_back,
        distributed,
        waterfall: w,
        explanation,
    })
}
