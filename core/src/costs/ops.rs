//! The `costs.*` operations of [`crate::api::call`].
//!
//! | op | input | output |
//! |---|---|---|
//! | `costs.depreciation` | `{asset, depreciation_start?}` | [`DepreciationSchedule`] |
//! | `costs.year_summary` | `{accounts, year, options?}` | [`YearCosts`] |
//! | `costs.allocate` | `{pools, drivers, year?, pool_costs: [{pool, amount}], direct: [{product, amount}]}` | [`Allocation`] |

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Error, Result, ResultExt};
use crate::money::Amount;

use super::accounts::{CostAccounts, CostOptions, YearCosts};
use super::allocation::{allocate_pools, validate_pools, Allocation, DriverUse, Pool, MAX_ALLOCATION_PARTS};
use super::assets::{Asset, DepreciationSchedule, DepreciationStart};
use super::month::check_year;
use super::target::check_id;

/// The operations answered here.
/// The input of `costs.depreciation`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DepreciationRequest {
    asset: Asset,
    #[serde(default)]
    depreciation_start: DepreciationStart,
}

/// The input of `costs.year_summary`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearSummaryRequest {
    accounts: CostAccounts,
    year: i32,
    #[serde(default)]
    options: CostOptions,
}

/// A pool's cost to allocate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PoolCost {
    pool: String,
    amount: Amount,
}

/// A product's direct cost.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DirectCost {
    product: String,
    amount: Amount,
}

/// The input of `costs.allocate`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AllocateRequest {
    #[serde(default)]
    pools: Vec<Pool>,
    #[serde(default)]
    drivers: Vec<DriverUse>,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    pool_costs: Vec<PoolCost>,
    #[serde(default)]
    direct: Vec<DirectCost>,
}

fn depreciation(r: DepreciationRequest) -> Result<DepreciationSchedule> {
    r.asset.schedule(r.depreciation_start)
}

fn year_summary(r: YearSummaryRequest) -> Result<YearCosts> {
    r.options.validate().within("options")?;
    check_year(r.year, "year")?;
    r.accounts.year_summary(r.year, &r.options).within("accounts")
}

fn allocate(r: AllocateRequest) -> Result<Allocation> {
    validate_pools(&r.pools)?;
    if r.direct.len() > MAX_ALLOCATION_PARTS {
        return Err(Error::LimitExceeded { field: "direct".into(), value: r.direct.len().to_string(), max: MAX_ALLOCATION_PARTS.to_string() });
    }
    let ids: std::collections::BTreeSet<&str> = r.pools.iter().map(|p| p.id.as_str()).collect();
    let mut pool_costs = BTreeMap::new();
    for (i, c) in r.pool_costs.iter().enumerate() {
        let at = |f: &str| format!("pool_costs[{i}].{f}");
        if !ids.contains(c.pool.as_str()) {
            return Err(Error::unknown(at("pool"), &c.pool));
        }
        c.amount.non_negative(&at("amount"))?;
        if pool_costs.insert(c.pool.clone(), c.amount).is_some() {
            return Err(Error::DuplicateId { field: at("pool"), value: c.pool.clone() });
        }
    }
    let mut direct = BTreeMap::new();
    for (i, c) in r.direct.iter().enumerate() {
        let at = |f: &str| format!("direct[{i}].{f}");
        check_id(&c.product, &at("product"))?;
        c.amount.non_negative(&at("amount"))?;
        if direct.insert(c.product.clone(), c.amount).is_some() {
            return Err(Error::DuplicateId { field: at("product"), value: c.product.clone() });
        }
    }
    allocate_pools(&r.pools, &r.drivers, r.year, &pool_costs, &direct)
}

crate::op::plain_input!(DepreciationRequest, YearSummaryRequest, AllocateRequest);

crate::op::operation! {
    /// `costs.depreciation`: an asset's depreciation schedule (折旧).
    pub struct Depreciation = "costs.depreciation";
    fn(r: DepreciationRequest) -> DepreciationSchedule { depreciation(r) }
}

crate::op::operation! {
    /// `costs.year_summary`: one year's separately accounted costs (成本归集).
    pub struct YearSummary = "costs.year_summary";
    fn(r: YearSummaryRequest) -> YearCosts { year_summary(r) }
}

crate::op::operation! {
    /// `costs.allocate`: pool costs allocated to products by drivers (成本分摊).
    pub struct Allocate = "costs.allocate";
    fn(r: AllocateRequest) -> Allocation { allocate(r) }
}
