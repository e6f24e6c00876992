//! Disclosure (信息披露): the public fee list (收费公示) and the annual operating report
//! (年度经营情况报告), rendered as JSON, CSV, Markdown or one printable HTML page.
//!
//! The notice 发改价格〔2025〕65号 has the operator publish its fees — product, scenario
//! category, free or paid, charging form, cap and actual fee, effective date — and report
//! on each year's operation by the end of March of the next: operations, cost spending,
//! revenue and profit, volumes, the deviation of revenue from the MPR, fee adjustments and
//! revenue shares.
//!
//! | module | what | policy term |
//! |---|---|---|
//! | [`fee_list`](mod@fee_list) | one row per product and scenario (per fee in force) | 收费公示 |
//! | [`annual_report`](mod@annual_report) | the year's report, the [`crate::review::Review`] inside | 年度经营情况报告 |
//! | [`evaluation`] | 通过 / 未通过 / 限期整改 from the profile's thresholds, in the annual report | 年度评估 |
//! | [`adjustments`] | fees effective in the year beside the fee replaced | 调价情况 |
//! | [`shares`] | waterfalls per product and per party, treasury marked | 收益分配 |
//! | [`table`] | the bilingual table model every renderer reads | 披露表格 |
//! | [`render`](mod@render) | JSON, CSV (RFC 4180), Markdown | 输出格式 |
//! | [`html`] | one self-contained printable page | 网页版 |
//!
//! Every disclosure implements [`Disclose`] (its tables) and `Serialize` (its JSON form).
//!
//! # Operations
//!
//! Every input names the scenario as `document` (or `toml`) like the `chain.*` operations,
//! and takes `format`: `"json"` (default: the disclosure itself), `"csv"`
//! (`{format: "csv", tables: {name: content}}`), `"markdown"` or `"html"`
//! (`{format, content}`).
//!
//! - `disclosure.fee_list` `{document, year?, publication?: {basis?, operator?, complaint_channel?}, format?}` → a [`FeeList`] (year defaults to the
//!   first of the period).
//! - `disclosure.annual_report` `{document, year, actual: [ActualLine], shares?: [{agreement,
//!   revenue?}], format?}` → an [`AnnualReport`]. Each agreement is run through
//!   [`crate::sharing::waterfall()`] on its `revenue`, by default the product's actual revenue
//!   of the year; errors inside it are reported under `shares[i]`.
//!
//! ```
//! use serde_json::json;
//! let doc = json!({
//!   "name": "demo", "first_year": 2026, "profile": {"period_years": 1},
//!   "catalog": {
//!     "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"}],
//!     "products": [{"id": "r", "name": "Report <b>", "service_form": "report",
//!                   "charging_form": "per_item", "scenarios": ["ind"]}]},
//!   "costs": {"ledger": {"entries": [
//!     {"category": "personnel", "year": 2026, "product": "r", "amount": "1000.00"}]}},
//!   "forecasts": [{"product": "r", "scenario": "ind", "volume": "100"}]});
//! let out = datafee::api::call("disclosure.fee_list", json!({"document": doc, "format": "html"}))?;
//! let html = out["content"].as_str().unwrap();
//! assert!(html.starts_with("<!DOCTYPE html>") && html.contains("lang=\"zh-CN\""));
//! assert!(html.contains("Report &lt;b&gt;") && !html.contains("<b>"));
//! let out = datafee::api::call("disclosure.fee_list", json!({"document": doc, "format": "csv"}))?;
//! assert!(out["tables"]["fee_list"].as_str().unwrap().starts_with("product,product_name,"));
//! # Ok::<(), datafee::Error>(())
//! ```

pub mod adjustments;
pub mod annual_report;
pub mod authorization;
pub mod evaluation;
pub mod fee_list;
pub mod html;
pub mod ops;
pub mod periodic;
pub mod render;
mod report_tables;
pub mod shares;
pub mod table;
#[cfg(test)]
mod tests;

pub use adjustments::{fee_adjustments, Direction, FeeAdjustment, FeeChange};
pub use annual_report::{annual_report, AnnualInput, AnnualReport, CostLine, Overview, ProductLine, RevenueProfit};
pub use authorization::{authorization_disclosure, AuthorizationDisclosure, DEFAULT_DISCLOSURE_WORKING_DAYS};
pub use evaluation::{evaluate, Criterion, Evaluation, Verdict};
pub use fee_list::{fee_list, fee_list_with, FeeList, FeeRow, FeeStatus, Publication, DEFAULT_COMPLAINT_CHANNEL};
pub use html::to_html;
pub use periodic::{periodic_report, Cadence, ListedProduct, PeriodicReport};
pub use render::{render, rendered, to_csv, to_markdown, Format, Rendered};
pub use shares::{shares_summary, PartyLine, PartyTotal, ProductShares, SharesSummary};
pub use table::{Column, Disclose, Table, Tables};
