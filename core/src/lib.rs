//! # datafee
//!
//! The government-guided pricing chain and the revenue split of public-data authorized
//! operation (公共数据资源授权运营), computed exactly in decimals and explained step by step.
//!
//! ## A worked example
//!
//! The example city's scenario (costs, forecasts, the provincial profile, the fees the
//! operator proposes) through the whole chain, a quote, and the same through the JSON API
//! the Python and WebAssembly bindings use:
//!
//! ```
//! use datafee::{api, scenario};
//! use serde_json::json;
//!
//! let text = include_str!("../../examples/city/scenario.toml");
//! let doc = scenario::ScenarioDoc::from_toml(text)?;
//! let chain = scenario::run(&doc)?;
//!
//! // The maximum permitted revenue (最高准许收入) of the first year carries chargeable use only.
//! let first = &chain.mpr.years[0];
//! assert_eq!((first.year, first.mpr.to_string().as_str()), (2026, "3230321.83"));
//!
//! // Each proposed fee is tested against its cap (上限收费标准): a unit price above the cap
//! // fails the strict test, and `scenario::tariff_for_year` withholds that fee from billing.
//! let refused: Vec<_> = chain.fees.iter().filter(|f| !f.verdict.compliant).map(|f| f.product.as_str()).collect();
//! let tariff = scenario::tariff_for_year(&doc, &chain, 2026)?;
//! assert_eq!(tariff.withheld.len(), refused.len());
//!
//! // The same figure through the one JSON entry point (decimals are strings).
//! let out = api::call("chain.figures", json!({ "document": serde_json::to_value(&doc)? }))?;
//! assert_eq!(out["mpr"]["years"][0]["mpr"], "3230321.83");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every operation of [`api::call`] is a type in the table of [`op`]; [`api::operations`]
//! lists their names.
//!
//! ## Overview
//!
//! The national notice 发改价格〔2025〕65号 sets a chain that this crate follows:
//!
//! 1. the price regulator approves the operator's **maximum permitted revenue**
//!    (最高准许收入, [`mpr`]) from its separately accounted costs ([`costs`]), a permitted
//!    profit and taxes, less the claw-back of earlier over-recovery;
//! 2. the authorizing body sets **upper fee standards** (上限收费标准, [`caps`]) per product and
//!    scenario within the MPR; public governance and public welfare uses are free ([`catalog`]);
//! 3. the operator sets **actual fees** (具体收费标准, [`schedule`]) at or below the caps;
//! 4. usage is rated, revenue reviewed and shared among data sources, the operator and
//!    partners ([`sharing`]).
//!
//! Every figure carries an [`explain::Explanation`] so a regulator can print the working
//! paper (底稿) behind it. Every jurisdiction parameter lives in one [`profile::Policy`].
//!
//! ## Features of the implementation
//!
//! - Money is [`rust_decimal::Decimal`] in newtypes ([`money`]); never a float.
//! - Rounding happens only in named places under a stated [`money::Rounding`].
//! - Bad input returns a typed [`Error`] naming the field and value; the engine never panics.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
// The calculator build (without `full`) leaves some operations out of the table; the code
// behind them is then unreferenced (and dropped by the linker), which is the point.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]

pub mod api;
pub mod budget;
pub mod caps;
pub mod catalog;
pub mod costs;
pub mod date;
pub mod disclosure;
pub mod doc;
pub mod error;
pub mod explain;
pub mod lean;
pub mod lifecycle;
pub mod locate;
pub mod money;
pub mod mpr;
pub mod op;
pub mod paths;
pub mod profile;
pub mod publication;
pub mod quote;
pub mod rating;
pub mod read;
pub mod review;
pub mod scenario;
pub mod schedule;
pub mod scope;
pub mod sharing;
pub mod sweep;

pub use error::{Error, Result};
pub use money::{Amount, Quantity, Rate, RoundMode, Rounding, UnitPrice};
