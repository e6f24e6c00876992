//! # datafee
//!
//! The government-guided pricing chain and the revenue split of public-data authorized
//! operation (公共数据资源授权运营), computed exactly in decimals and explained step by step.
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
pub mod quote;
pub mod rating;
pub mod review;
pub mod scenario;
pub mod schedule;
pub mod scope;
pub mod sharing;
pub mod sweep;

pub use error::{Error, Result};
pub use money::{Amount, Quantity, Rate, RoundMode, Rounding, UnitPrice};
