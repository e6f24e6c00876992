//! Revenue shares of a year (收益分配情况): each product's waterfall, per party and in total,
//! with the shares of administrative data source units marked as non-tax revenue paid to
//! the treasury (非税收入, 上缴财政).

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{self, cents_form, Amount};
use crate::scenario::ScenarioDoc;
use crate::sharing::waterfall::{PartyKind, Waterfall};

/// The most agreements in one report.
pub const MAX_AGREEMENTS: usize = 10_000;

/// One party's outcome in one product's waterfall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SharePartyLine"))]
pub struct PartyLine {
    /// Party id.
    pub id: String,
    /// Party name.
    pub name: String,
    /// Kind of party.
    pub kind: PartyKind,
    /// Cost recovered.
    pub cost_recovered: Amount,
    /// The operator's reasonable profit.
    pub profit: Amount,
    /// Share of the remainder.
    pub remainder_share: Amount,
    /// Total.
    pub total: Amount,
    /// Paid to the treasury as non-tax revenue.
    pub non_tax_revenue: bool,
}

/// One product's waterfall, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductShares {
    /// Product id.
    pub product: String,
    /// Net revenue shared.
    pub revenue: Amount,
    /// Taxes taken first.
    pub tax: Amount,
    /// Cost not recovered (loss).
    pub shortfall: Amount,
    /// Per party, in agreement order.
    pub parties: Vec<PartyLine>,
}

/// One party over every product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SharePartyTotal"))]
pub struct PartyTotal {
    /// Party id.
    pub id: String,
    /// Party name (as first listed).
    pub name: String,
    /// Kind of party (as first listed).
    pub kind: PartyKind,
    /// Σ totals over products.
    pub total: Amount,
    /// The part of `total` that is non-tax revenue paid to the treasury.
    pub non_tax_revenue: Amount,
}

/// The revenue shares of the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SharesSummary {
    /// Per product, in the order given.
    pub products: Vec<ProductShares>,
    /// Per party, in order of first appearance.
    pub parties: Vec<PartyTotal>,
    /// Σ revenue shared.
    pub revenue: Amount,
    /// Σ taxes.
    pub tax: Amount,
    /// Σ non-tax revenue to the treasury.
    pub non_tax_revenue: Amount,
}

/// Summarise the waterfalls of a year. Each names a product of the catalog
/// ([`Error::UnknownId`] on `shares[i].product`), at most one per product
/// ([`Error::DuplicateId`]; one agreement per product, 一产品一议).
pub fn shares_summary(doc: &ScenarioDoc, shares: &[Waterfall]) -> Result<SharesSummary> {
    if shares.len() > MAX_AGREEMENTS {
        return Err(Error::LimitExceeded { field: "shares".into(), value: shares.len().to_string(), max: MAX_AGREEMENTS.to_string() });
    }
    let mut seen = HashSet::new();
    let mut products = Vec::with_capacity(shares.len());
    let mut parties: Vec<PartyTotal> = Vec::new();
    for (i, w) in shares.iter().enumerate() {
        let f = format!("shares[{i}].product");
        if doc.catalog.product(&w.product).is_none() {
            return Err(Error::unknown(f, &w.product));
        }
        if !seen.insert(w.product.as_str()) {
            return Err(Error::DuplicateId { field: f, value: w.product.clone() });
        }
        let mut lines = Vec::with_capacity(w.parties.len());
        for p in &w.parties {
            let non_tax = if p.non_tax_revenue { p.total.get() } else { Decimal::ZERO };
            match parties.iter_mut().find(|t| t.id == p.id) {
                Some(t) => {
                    t.total = Amount::new(money::add(t.total.get(), p.total.get(), "shares.total")?);
                    t.non_tax_revenue = Amount::new(money::add(t.non_tax_revenue.get(), non_tax, "shares.non_tax_revenue")?);
                }
                None => {
                    parties.push(PartyTotal { id: p.id.clone(), name: p.name.clone(), kind: p.kind, total: p.total, non_tax_revenue: Amount::new(non_tax) })
                }
            }
            lines.push(PartyLine {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind,
                cost_recovered: p.cost_recovered,
                profit: p.profit,
                remainder_share: p.remainder_share,
                total: p.total,
                non_tax_revenue: p.non_tax_revenue,
            });
        }
        products.push(ProductShares { product: w.product.clone(), revenue: w.revenue, tax: w.tax, shortfall: w.shortfall, parties: lines });
    }
    for t in &mut parties {
        t.total = cents_form(t.total.get());
        t.non_tax_revenue = cents_form(t.non_tax_revenue.get());
    }
    let revenue = money::sum(shares.iter().map(|w| w.revenue.get()), "shares.revenue")?;
    let tax = money::sum(shares.iter().map(|w| w.tax.get()), "shares.tax")?;
    let non_tax = money::sum(shares.iter().map(|w| w.non_tax_revenue.get()), "shares.non_tax_revenue")?;
    Ok(SharesSummary { products, parties, revenue: cents_form(revenue), tax: cents_form(tax), non_tax_revenue: cents_form(non_tax) })
}
