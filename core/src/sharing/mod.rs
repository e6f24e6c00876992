//! Revenue sharing (收益分配): who invests, who contributes, who benefits.
//!
//! Each product has its own sharing agreement (一产品一议) among data source units
//! (数源单位), the operator (运营机构) and partners (合伙人). This module computes:
//!
//! | module | what | policy term |
//! |---|---|---|
//! | [`split`](mod@split) | an amount among parties by weight, exact to the cent (largest remainder) | 精确分配 |
//! | [`waterfall`](mod@waterfall) | tax → cost recovery → operator's profit → remainder | 收益分配瀑布 |
//! | [`chain_waterfall`] | a product's waterfall from the chain's permitted cost, profit and MPR, revenue above the MPR held back | 分配前预留扣减 |
//! | [`two_layer`] | 六安's two layers: units' ratios less related taxes to a treasury level, then the operator's re-split | 两层分配 |
//! | [`settlement`] | a period's shares and treasury remittance on collected cash, with a payment schedule | 按实收结算, 资金缴纳 |
//! | [`versioned`] | a year's revenue shared by the agreement version in force on each date | 动态调整 |
//! | [`derivative`] | products built on others pay their upstream products first, in topological order | 数据产品再开发 |
//! | [`closed`] | closed-form Shapley values for any number of players | 解析解 |
//! | [`sampling`] | sampled Shapley values with their error and a work budget | 抽样估计 |
//! | [`contribution`] | indicator scores, ranks and weights | 数据贡献评价 |
//! | [`grades`] | a grade per data-providing unit from thresholds: a non-monetary reference | 数据贡献评价等级 |
//! | [`in_kind`] | technology, products or services to a department, valued and set against its share | 数据激励 (实物支持抵减) |
//! | [`statement`] | the period's allocation statement per party, from the two-layer or settlement result | 收益分配账单 |
//! | [`game`], [`shapley`](mod@shapley) | cooperative games and their Shapley value, exact or sampled | 沙普利值 |
//! | [`airport`](mod@airport) | serial cost sharing of a facility sized for its largest user | 机场博弈 |
//! | [`rng`] | the seeded generator behind sampling | 随机数 |
//!
//! Every split is exact to the rounding unit: parts add up to the whole, for losses as well as
//! gains, with largest-remainder rounding and ties broken by party id ascending, so no result
//! depends on the order parties are listed. Arithmetic is on integers (scaled decimals, 128-
//! and 256-bit); no float is used anywhere, so Rust, Python and WebAssembly give the same
//! digits.
//!
//! ## Operations
//!
//! Through [`crate::api::call`] (decimals as strings; parties listed in input order):
//!
//! - `sharing.split`: `{"amount": "100.00", "parties": [{"id": "a", "weight": "1"},
//!   {"id": "b", "weight": "2", "max": "60.00"}], "rounding": {"unit": "0.01"}}` →
//!   `{"amount": "100.00", "shares": [{"id": "a", "share": "33.33"}, {"id": "b", "share": "66.67"}], "explanation": ..}`
//! - `sharing.waterfall`: `{"agreement": Agreement, "revenue": "1000.00"}` → a [`waterfall::Waterfall`]
//! - `sharing.two_layer`: `{"product", "revenue", "tax_basis", "vat_rate", "surcharge_rate", "layer1": [Unit],
//!   "layer2": {"parties", "operator_profit", "method"}}` → a [`two_layer::TwoLayer`]
//! - `sharing.waterfall_from_chain`: `{"scenario": ScenarioDoc, "year": 2026, "product": "p08", "revenue": "..",
//!   "tax_basis": "vat_exclusive", "agreement": ChainAgreement}` → a [`chain_waterfall::ChainWaterfall`]
//! - `sharing.settlement`: `{"period": {"from", "to"}, "products": [{"sharing": TwoLayerInput, "collected"?}],
//!   "collected_ratio"?, "schedule": {"treasury": {"city": date, ..}, "parties": date, "party_due"?}}` →
//!   a [`settlement::Settlement`]
//! - `sharing.versioned`: `{"product", "year", "versions": [{"version", "effective_from", "effective_to"?,
//!   "agreement"}], "revenue": [{"on": date | "month": "YYYY-MM", "amount"}]}` → a [`versioned::Versioned`]
//! - `sharing.derivative`: `{"products": [{"product", "revenue", "agreement", "upstream": [{"product", "ratio"}]}]}`
//!   → a [`derivative::Derivative`]
//! - `sharing.shapley`: `{"game": Game, "method": "exact" | {"sampled": {"samples": 10000, "seed": 42}},
//!   "rounding": {"unit": "0.01"}}` (rounding optional) → a [`shapley::ShapleyResult`], each value with
//!   `rounded` when rounding is given
//! - `sharing.airport`: `{"costs": [{"id": "a", "cost": "10"}, ..], "rounding": ..}` → an [`airport::AirportResult`]
//! - `sharing.contribution`: `{"indicators": [..], "parties": [..], "grades"?: {"thresholds": [{"grade", "min_score"}], "below"?}}` → a [`contribution::ContributionResult`]
//!   (with grades: each party's `grade`, and `grading`)
//! - `sharing.statement`: `{"period", "sharing": {"two_layer": TwoLayerInput} | {"settlement": SettlementInput},
//!   "in_kind"?: [InKindSupport], "carried_in"?: [{"unit", "amount"}], "format"?}` → a [`statement::Statement`]
//!   (or its CSV, Markdown or HTML rendering)
//!
//! ```
//! use serde_json::json;
//! let out = datafee::api::call("sharing.airport", json!({"costs": [
//!     {"id": "a", "cost": "10"}, {"id": "b", "cost": "20"}, {"id": "c", "cost": "30"}]}))?;
//! assert_eq!(out["shares"][2]["rounded"], "18.33");
//! let out = datafee::api::call("sharing.split", json!({"amount": "1.00",
//!     "parties": [{"id": "b", "weight": "1"}, {"id": "a", "weight": "2"}]}))?;
//! assert_eq!(out["shares"][0]["share"], "0.33");
//! assert_eq!(out["shares"][1]["share"], "0.67");
//! # Ok::<(), datafee::Error>(())
//! ```

pub mod airport;
pub(crate) mod apportion;
pub(crate) mod bigrat;
pub mod chain_waterfall;
pub mod closed;
pub mod contribution;
pub mod derivative;
pub(crate) mod exact;
pub mod game;
pub mod grades;
pub(crate) mod ids;
pub mod in_kind;
pub mod ops;
pub mod rng;
pub mod sampling;
pub mod settlement;
pub mod shapley;
pub mod sources;
pub mod split;
mod split_wide;
pub mod statement;
pub mod two_layer;
pub mod versioned;
pub mod waterfall;

pub use airport::{airport, AirportResult, PlayerCost};
pub use contribution::{evaluate, ContributionResult, Evaluation};
pub use game::Game;
pub use shapley::{shapley, ShapleyMethod, ShapleyResult};
pub use split::{split, split_weights, Split, SplitParty};
pub use waterfall::{waterfall, Agreement, Waterfall};
