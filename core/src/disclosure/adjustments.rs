//! Fee adjustments of a year (调价情况): the fees that took effect in the year, each beside
//! the fee it replaced.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::money::UnitPrice;
use crate::scenario::ScenarioDoc;

/// New or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeeChange {
    /// The first fee of the pair (新定价).
    New,
    /// A fee replacing an earlier one (调整).
    Adjusted,
}

/// Which way the long-run unit price moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "FeeDirection"))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher (上调).
    Up,
    /// Lower (下调).
    Down,
    /// The same long-run unit price (other terms may differ).
    Unchanged,
}

/// A fee that took effect in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeeAdjustment {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The date it took effect.
    pub effective: String,
    /// The fee in words.
    pub actual_fee: String,
    /// New or adjusted.
    pub change: FeeChange,
    /// The fee it replaced: effective date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_effective: Option<String>,
    /// The fee it replaced, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_fee: Option<String>,
    /// Long-run price per unit of the new fee (the limit of charge / quantity).
    pub unit_price: UnitPrice,
    /// Long-run price per unit of the replaced fee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_unit_price: Option<UnitPrice>,
    /// Up, down or unchanged in long-run unit price (adjustments only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

/// Every fee of `doc` effective in `year`, by date then document order, with the fee of the
/// same pair it replaced (the latest effective strictly before it).
pub fn fee_adjustments(doc: &ScenarioDoc, year: i32) -> Result<Vec<FeeAdjustment>> {
    let prefix = format!("{year:04}-");
    let mut mine: Vec<(usize, &crate::scenario::Fee)> = doc.fees.iter().enumerate().filter(|(_, f)| f.effective.starts_with(&prefix)).collect();
    mine.sort_by(|a, b| a.1.effective.cmp(&b.1.effective).then(a.0.cmp(&b.0)));
    let mut out = Vec::with_capacity(mine.len());
    for (i, f) in mine {
        let previous = doc
            .fees
            .iter()
            .filter(|g| g.product == f.product && g.scenario == f.scenario && g.effective < f.effective)
            .max_by(|a, b| a.effective.cmp(&b.effective));
        let unit_price = f.schedule.long_run_unit_price().map_err(|e| e.within(&format!("fees[{i}].schedule")))?;
        let previous_unit_price = match previous {
            Some(p) => Some(p.schedule.long_run_unit_price()?),
            None => None,
        };
        let direction = previous_unit_price.map(|p| match unit_price.cmp(&p) {
            Ordering::Greater => Direction::Up,
            Ordering::Less => Direction::Down,
            Ordering::Equal => Direction::Unchanged,
        });
        out.push(FeeAdjustment {
            product: f.product.clone(),
            scenario: f.scenario.clone(),
            effective: f.effective.clone(),
            actual_fee: f.schedule.describe(),
            change: if previous.is_some() { FeeChange::Adjusted } else { FeeChange::New },
            previous_effective: previous.map(|p| p.effective.clone()),
            previous_fee: previous.map(|p| p.schedule.describe()),
            unit_price: UnitPrice::new(unit_price.get().normalize()),
            previous_unit_price: previous_unit_price.map(|p| UnitPrice::new(p.get().normalize())),
            direction,
        });
    }
    Ok(out)
}
