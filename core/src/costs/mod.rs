//! Separate cost accounting (单独核算) of the authorized operation: the permitted cost
//! (准许成本), the asset base (有效资产) and the cost of each product.
//!
//! The notice 发改价格〔2025〕65号 requires the operator to account for the authorized
//! operation separately from its other business, and builds the maximum permitted revenue
//! on the costs so accounted. This module keeps those accounts:
//!
//! - [`Ledger`] (成本台账, [`ledger`]): the claimed costs by [`CostCategory`] (成本科目) and
//!   year, net of government subsidies (扣除政府补助), with excluded items (fines,
//!   donations, other business, interest when the return pays for debt) and benchmark caps
//!   ([`CategoryCap`]) reported line by line;
//! - [`AssetRegister`] (资产台账, [`assets`]): straight-line depreciation (折旧) and
//!   amortisation (摊销), net book values, grant-funded assets (政府投资形成的资产) kept out
//!   of the effective assets;
//! - pools and drivers ([`allocation`]): activity-based allocation (作业成本法) of shared
//!   costs to products, exact to the cent;
//! - [`working_capital()`] (营运资本): a share of the operating cost;
//! - [`CostAccounts`] ([`accounts`]): all of the above, the `costs` section of a scenario,
//!   and [`CostAccounts::year_summary`], which gives the maximum permitted revenue and the
//!   caps what they need for a year ([`YearCosts`]) under the profile's [`CostOptions`].
//!
//! Every figure comes with its working paper ([`crate::explain::Explanation`]).
//!
//! # Rounding
//!
//! Entered amounts are used as given. Depreciation is rounded half-up to the cent on the
//! accumulated amount (the last month takes the remainder); benchmark caps are floored to
//! the cent; allocations are floored to the cent with the leftover cents given to the
//! largest remainders, so parts always add up to the whole; the working capital allowance
//! is rounded half-up to the cent; the average asset balance is not rounded. Output
//! amounts carry at least two decimals.
//!
//! # Example
//!
//! ```
//! let out = datafee::api::call("costs.depreciation", serde_json::json!({
//!     "asset": {"id": "srv", "kind": "fixed", "cost": "3600.00", "residual": "0.00",
//!               "life_months": 36, "in_service": "2025-06"}
//! }))?;
//! assert_eq!(out["first_month"], "2025-07");
//! assert_eq!(out["years"][0]["charge"], "600.00"); // six months of 100.00
//! assert_eq!(out["total"], "3600.00");
//! # Ok::<(), datafee::Error>(())
//! ```

pub mod accounts;
pub mod allocation;
pub mod assets;
pub mod category;
pub mod ledger;
pub mod month;
pub mod ops;
pub(crate) mod order;
pub mod target;
pub mod working_capital;

pub use accounts::{CostAccounts, CostOptions, UseCategoryCost, YearCosts};
pub use allocation::{allocate, allocate_pools, Allocation, Driver, DriverShare, DriverUse, Pool, PoolAllocation, PoolShare, ProductCost};
pub use assets::{
    Asset, AssetBalance, AssetCharge, AssetKind, AssetRegister, DepreciationSchedule, DepreciationStart, NetAssets, ScheduleYear, YearDepreciation,
};
pub use category::CostCategory;
pub use ledger::{CategoryCap, CategoryLine, CostEntry, CostSummary, ExcludedItem, ExclusionReason, Ledger, TargetLine};
pub use month::YearMonth;
pub use target::Target;
pub use working_capital::working_capital;

pub(crate) use crate::money::cents_form;
