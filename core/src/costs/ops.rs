//! The `costs.*` operations of [`crate::api::call`].
//!
//! | op | input | output |
//! |---|---|---|
//! | `costs.depreciation` | `{asset, depreciation_start?}` | [`DepreciationSchedule`] |
//! | `costs.year_summary` | `{accounts, year, options?}` | [`YearCosts`] |
//! | `costs.allocate` | `{pools, drivers, year?, pool_costs: [{pool, amount}], direct: [{product, amount}]}` | [`Allocation`] |

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::api::run;
use crate::error::{Error, Result, ResultExt};
use crate::money::Amount;

use super::accounts::{CostAccounts, CostOptions, YearCosts};
use super::allocation::{allocate_pools, validate_pools, Allocation, DriverUse, Pool, MAX_ALLOCATION_PARTS};
use super::assets::{Asset, DepreciationSchedule, DepreciationStart};
use super::month::check_year;
use super::target::check_id;

/// The operations answered here.
pub const OPERATIONS: &[&str] = &["costs.allocate", "costs.depreciation", "costs.year_summary"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepreciationRequest {
    asset: Asset,
    #[serde(default)]
    depreciation_start: DepreciationStart,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearSummaryRequest {
    accounts: CostAccounts,
    year: i32,
    #[serde(default)]
    options: CostOptions,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PoolCost {
    pool: String,
    amount: Amount,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectCost {
    product: String,
    amount: Amount,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllocateRequest {
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

/// Route a `costs.*` operation.
pub(crate) fn dispatch(op: &str, input: Value) -> Option<Result<Value>> {
    match op {
        "costs.depreciation" => Some(run(input, depreciation)),
        "costs.year_summary" => Some(run(input, year_summary)),
        "costs.allocate" => Some(run(input, allocate)),
        _ => None,
    }
}
