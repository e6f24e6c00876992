//! 六安's two layers of revenue sharing (两层分配: 数据资产收入上缴财政, 运营机构再分配).
//!
//! Layer 1: each administrative data-source unit (行政事业单位) receives its agreed ratio of
//! the product's revenue (数据资产收入), less the related taxes (扣除相关税费后), as non-tax
//! revenue remitted to the treasury at a recorded level (`city`, `province`, `central`: a
//! vertically managed 市税务局 does not remit to the city treasury). Layer 2: the operator's
//! remainder goes through cost recovery, its reasonable profit and the remainder split with
//! its partners only ([`super::waterfall::waterfall`], no data-source unit in it).
//!
//! Taxes on an explicit basis (`tax_basis`, required): `vat_exclusive` → surcharges
//! `R × vat_rate × surcharge_rate` only; `vat_inclusive` → VAT `R − R/(1+v)` (the net half up
//! to the cent) and the surcharges on the net. The revenue and the taxes are each split by the
//! same weights (the units' ratios and the operator's `1 − Σ ratio`), largest remainder to the
//! cent, ties by id; a unit remits its revenue share less its tax share, so layer 1 and the
//! operator's remainder add up to revenue − taxes exactly.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::chain_waterfall::TaxBasis;
use super::split::split_weights;
use super::waterfall::{waterfall, LossRule, OperatorProfit, Party, PartyKind, SplitMethod, Waterfall};
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{add, div, mul, sub, sum, Amount, Rate, Rounding};

/// The treasury level a unit's non-tax revenue is remitted to (缴入国库级次).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TreasuryLevel {
    /// The city treasury (市级国库).
    City,
    /// The provincial treasury (省级国库).
    Province,
    /// The central treasury (中央国库).
    Central,
}

/// An administrative data-source unit of layer 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The unit's id.
    pub id: String,
    /// A display name.
    #[serde(default)]
    pub name: String,
    /// Its agreed ratio of the product's revenue (分配比例), in [0, 1].
    pub ratio: Rate,
    /// The treasury level it remits to.
    pub treasury: TreasuryLevel,
}

/// Layer 2: the operator and its partners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Layer2 {
    /// The operator and partners (no data-source unit).
    pub parties: Vec<Party>,
    /// The operator's reasonable profit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_profit: Option<OperatorProfit>,
    /// How the remainder is split.
    pub method: SplitMethod,
    /// How a shortfall is shared.
    #[serde(default)]
    pub loss_rule: LossRule,
}

/// The input of `sharing.two_layer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TwoLayerInput {
    /// The product.
    pub product: String,
    /// The product's revenue.
    pub revenue: Amount,
    /// What the revenue includes (required).
    pub tax_basis: TaxBasis,
    /// The VAT rate.
    pub vat_rate: Rate,
    /// The combined surcharge rate (urban maintenance + education + local education).
    pub surcharge_rate: Rate,
    /// Layer 1 units.
    pub layer1: Vec<Unit>,
    /// Layer 2.
    pub layer2: Layer2,
}

/// A unit's layer-1 share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnitShare {
    /// The unit's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its ratio.
    pub ratio: Rate,
    /// The treasury level.
    pub treasury: TreasuryLevel,
    /// Its ratio of the revenue.
    pub gross: Amount,
    /// Its ratio of the taxes (扣除相关税费).
    pub related_taxes: Amount,
    /// Remitted as non-tax revenue: gross − related taxes.
    pub remitted: Amount,
}

/// Both layers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TwoLayer {
    /// The product.
    pub product: String,
    /// The revenue.
    pub revenue: Amount,
    /// Its basis.
    pub tax_basis: TaxBasis,
    /// VAT deducted (VAT-inclusive only).
    pub vat: Amount,
    /// Surcharges.
    pub surcharges: Amount,
    /// VAT + surcharges.
    pub taxes: Amount,
    /// Layer 1, in input order.
    pub layer1: Vec<UnitShare>,
    /// Remitted per treasury level.
    pub treasury: BTreeMap<TreasuryLevel, Amount>,
    /// The operator's share of revenue less its share of the taxes: layer 2's revenue.
    pub operator_remainder: Amount,
    /// Layer 2.
    pub layer2: Waterfall,
    /// How layer 1 was computed.
    pub explanation: Explanation,
}

fn cents(x: Decimal, field: &str) -> Result<Amount> {
    let mut d = Rounding::cents().round(x).within(field)?;
    d.rescale(2);
    Ok(Amount::new(d))
}

/// Both layers of one product's revenue.
pub fn two_layer(i: &TwoLayerInput) -> Result<TwoLayer> {
    let r = i.revenue;
    r.non_negative("revenue")?;
    if i.layer1.is_empty() {
        return Err(Error::Empty { field: "layer1".into(), value: "[]".into() });
    }
    let v = i.vat_rate.get();
    let (net, vat) = match i.tax_basis {
        TaxBasis::VatExclusive => (r, cents(Decimal::ZERO, "revenue")?),
        TaxBasis::VatInclusive => {
            let net = cents(div(r.get(), add(Decimal::ONE, v, "vat_rate")?, "revenue")?, "revenue")?;
            (net, Amount::new(sub(r.get(), net.get(), "revenue")?))
        }
    };
    let surcharges = cents(mul(mul(net.get(), v, "revenue")?, i.surcharge_rate.get(), "revenue")?, "revenue")?;
    let taxes = Amount::new(add(vat.get(), surcharges.get(), "taxes")?);
    let operator = i
        .layer2
        .parties
        .iter()
        .find(|p| p.kind == PartyKind::Operator)
        .ok_or_else(|| Error::Missing { field: "layer2.parties".into(), value: "the operator (kind operator)".into() })?;
    for (k, p) in i.layer2.parties.iter().enumerate() {
        if p.kind == PartyKind::DataSource {
            return Err(Error::invalid(format!("layer2.parties[{k}].kind"), "data_source", "layer 2 is the operator and its partners only"));
        }
    }
    for (k, u) in i.layer1.iter().enumerate() {
        if u.ratio.get() < Decimal::ZERO || u.ratio.get() > Decimal::ONE {
            return Err(Error::invalid(format!("layer1[{k}].ratio"), u.ratio.get(), "a unit's ratio is in [0, 1]"));
        }
    }
    let ratio_sum = sum(i.layer1.iter().map(|u| u.ratio.get()), "layer1")?;
    if ratio_sum > Decimal::ONE {
        return Err(Error::invalid("layer1", ratio_sum, "the units' ratios add up to at most 1"));
    }
    let mut ids: Vec<&str> = i.layer1.iter().map(|u| u.id.as_str()).collect();
    ids.push(operator.id.as_str());
    let mut weights: Vec<Decimal> = i.layer1.iter().map(|u| u.ratio.get()).collect();
    weights.push(sub(Decimal::ONE, ratio_sum, "layer1")?);
    let by_revenue = split_weights(r, &ids, &weights, &Rounding::cents()).within("layer1")?;
    let by_taxes = split_weights(taxes, &ids, &weights, &Rounding::cents()).within("layer1")?;
    let mut layer1 = Vec::with_capacity(i.layer1.len());
    let mut treasury: BTreeMap<TreasuryLevel, Amount> = BTreeMap::new();
    for (k, u) in i.layer1.iter().enumerate() {
        let gross = by_revenue.shares.get(k).copied().unwrap_or(Amount::ZERO);
        let related = by_taxes.shares.get(k).copied().unwrap_or(Amount::ZERO);
        let remitted = Amount::new(sub(gross.get(), related.get(), "layer1")?);
        let slot = treasury.entry(u.treasury).or_insert(Amount::new(Decimal::new(0, 2)));
        *slot = Amount::new(add(slot.get(), remitted.get(), "layer1")?);
        layer1.push(UnitShare { id: u.id.clone(), name: u.name.clone(), ratio: u.ratio, treasury: u.treasury, gross, related_taxes: related, remitted });
    }
    let n = i.layer1.len();
    let op_gross = by_revenue.shares.get(n).copied().unwrap_or(Amount::ZERO);
    let op_taxes = by_taxes.shares.get(n).copied().unwrap_or(Amount::ZERO);
    let operator_remainder = Amount::new(sub(op_gross.get(), op_taxes.get(), "layer2")?);
    let agreement = super::waterfall::Agreement {
        product: i.product.clone(),
        parties: i.layer2.parties.clone(),
        tax: None,
        operator_profit: i.layer2.operator_profit,
        method: i.layer2.method.clone(),
        loss_rule: i.layer2.loss_rule,
        rounding: Rounding::cents(),
    };
    let layer2 = waterfall(&agreement, operator_remainder).map_err(|mut e| {
        // The waterfall names `agreement.*`; here its parties and method sit under `layer2`.
        let f = e.field_mut();
        if let Some(rest) = f.strip_prefix("agreement") {
            *f = format!("layer2{rest}");
        }
        e
    })?;
    let explanation = Explanation::new(
        "sharing.two_layer",
        "Two layers 两层分配 (六安: 数据资产收入扣除相关税费后上缴财政; 运营机构与合伙人再分配)",
        "remitted_i = split(R)_i − split(taxes)_i by the units' ratios (the operator takes 1 − Σ ratio); layer 2 = waterfall of the operator's part",
    )
    .input("revenue R", r)
    .input("VAT", vat)
    .input("surcharges", surcharges)
    .input("Σ unit ratios", ratio_sum)
    .result(format!("Σ remitted + operator's remainder {operator_remainder} = R − taxes"))
    .rounding("revenue and taxes each split by largest remainder to the cent, ties by id ascending");
    Ok(TwoLayer {
        product: i.product.clone(),
        revenue: r,
        tax_basis: i.tax_basis,
        vat,
        surcharges,
        taxes,
        layer1,
        treasury,
        operator_remainder,
        layer2,
        explanation,
    })
}
