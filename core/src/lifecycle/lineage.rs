//! Lineage (来源可溯、去向可查): a rating's use per dataset and per data source unit.
//!
//! Each product lists the datasets it is built from (`products[].datasets`), each dataset its
//! source unit (`catalog.datasets[].source`). From a rating's per-product summary this module
//! reports, per dataset and per source, the products served, the calls served (records
//! charged and free), the quantity used and the **revenue attributable**: a product's revenue
//! split equally over its datasets (largest remainder to the cent, ties to the smaller dataset
//! id, so the parts add up to the product's revenue). A source's figures are the sums over its
//! datasets; a product with no dataset is attributed to its `sources` directly (equal shares),
//! and a product with neither is reported as unattributed, so that
//! `Σ dataset revenue + Σ direct source revenue + unattributed = Σ product revenue`.
//! Calls and quantities are not split: a call served by a product uses each of its datasets.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::money::{self, Amount, Quantity, Rounding};
use crate::rating::ProductSummary;
use crate::sharing::split_weights;

/// The use of one dataset or one source unit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UseLine {
    /// Dataset or party id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// For a dataset, its source unit; for a source, empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Products drawing on it.
    pub products: Vec<String>,
    /// Records charged.
    pub charged_records: u64,
    /// Records rated free.
    pub free_records: u64,
    /// Quantity charged plus quantity used free.
    pub quantity: Quantity,
    /// Revenue attributable.
    pub revenue: Amount,
}

/// Use per dataset and per source (资源使用情况).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResourceUse {
    /// Per dataset, in catalog order.
    pub datasets: Vec<UseLine>,
    /// Per data source unit, in catalog order of the parties.
    pub sources: Vec<UseLine>,
    /// Revenue of products with neither datasets nor sources.
    pub unattributed_revenue: Amount,
    /// Σ product revenue.
    pub total_revenue: Amount,
}

fn zero_cents() -> Amount {
    Amount::new(Decimal::new(0, 2))
}

fn add_to(line: &mut UseLine, p: &ProductSummary, revenue: Decimal) -> Result<()> {
    if !line.products.contains(&p.product) {
        line.products.push(p.product.clone());
    }
    line.charged_records = line.charged_records.saturating_add(p.records);
    line.free_records = line.free_records.saturating_add(p.free_records);
    let q = money::add(p.quantity.get(), p.free_quantity.get(), "quantity")?;
    line.quantity = Quantity::new(money::add(line.quantity.get(), q, "quantity")?);
    line.revenue = Amount::new(money::add(line.revenue.get(), revenue, "revenue")?);
    Ok(())
}

/// Attribute a rating's per-product use to datasets and sources. Errors: a summary naming a
/// product not in the catalog ([`Error::UnknownId`] at `products[i].product`).
pub fn resource_use(catalog: &Catalog, products: &[ProductSummary], rounding: &Rounding) -> Result<ResourceUse> {
    let mut datasets: Vec<UseLine> = catalog
        .datasets
        .iter()
        .map(|d| UseLine { id: d.id.clone(), name: d.name.clone(), source: d.source.clone(), revenue: zero_cents(), ..UseLine::default() })
        .collect();
    let ds_index: BTreeMap<&str, usize> = catalog.datasets.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let sources_of: Vec<&crate::catalog::Party> = catalog.parties.iter().filter(|p| p.kind == crate::catalog::PartyKind::DataSource).collect();
    let mut sources: Vec<UseLine> =
        sources_of.iter().map(|p| UseLine { id: p.id.clone(), name: p.name.clone(), revenue: zero_cents(), ..UseLine::default() }).collect();
    let src_index: BTreeMap<&str, usize> = sources_of.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let (mut unattributed, mut total) = (Decimal::ZERO, Decimal::ZERO);
    for (i, s) in products.iter().enumerate() {
        let p = catalog.product(&s.product).ok_or_else(|| Error::unknown(format!("products[{i}].product"), &s.product))?;
        total = money::add(total, s.revenue.get(), "total_revenue")?;
        let mut ds: Vec<&str> = p.datasets.iter().map(String::as_str).filter(|d| ds_index.contains_key(d)).collect();
        ds.sort_unstable();
        ds.dedup();
        if !ds.is_empty() {
            let shares = split_weights(s.revenue, &ds, &vec![Decimal::ONE; ds.len()], rounding)?;
            // A source counts a product once, with the sum of its datasets' shares.
            let mut by_source: BTreeMap<&str, Decimal> = BTreeMap::new();
            for (d, share) in ds.iter().zip(&shares.shares) {
                if let Some(line) = ds_index.get(d).and_then(|&k| datasets.get_mut(k)) {
                    add_to(line, s, share.get())?;
                    let e = by_source.entry(catalog.dataset(d).map_or("", |x| x.source.as_str())).or_default();
                    *e = money::add(*e, share.get(), "revenue")?;
                }
            }
            for (src, rev) in by_source {
                if let Some(line) = src_index.get(src).and_then(|&k| sources.get_mut(k)) {
                    add_to(line, s, rev)?;
                }
            }
        } else {
            let mut srcs: Vec<&str> = p.sources.iter().map(String::as_str).filter(|x| src_index.contains_key(x)).collect();
            srcs.sort_unstable();
            srcs.dedup();
            if srcs.is_empty() {
                unattributed = money::add(unattributed, s.revenue.get(), "unattributed_revenue")?;
                continue;
            }
            let shares = split_weights(s.revenue, &srcs, &vec![Decimal::ONE; srcs.len()], rounding)?;
            for (src, share) in srcs.iter().zip(&shares.shares) {
                if let Some(line) = src_index.get(src).and_then(|&k| sources.get_mut(k)) {
                    add_to(line, s, share.get())?;
                }
            }
        }
    }
    Ok(ResourceUse { datasets, sources, unattributed_revenue: Amount::new(unattributed), total_revenue: Amount::new(total) })
}
