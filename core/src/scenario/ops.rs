//! The `chain.*` operations (测算链操作) on scenario documents, through [`crate::api::call`].
//!
//! Every input names the scenario as `document` (a JSON object) or `toml` (TOML text)
//! ([`WithDocument`]); `chain.figures` takes `document` only.
//!
//! - `chain.validate` `{document}` → `{valid: true}`
//! - `chain.run` `{document}` → the [`ChainResult`] (at most [`MAX_RUN_PRODUCTS`] products)
//! - `chain.figures` `{document}` → the chain's figures without working papers ([`crate::lean`])
//! - `chain.summary` `{document}` → what the fee calculator page shows of them ([`crate::lean::Summary`])
//! - `chain.quote` `{document, product, scenario, quantity, date?}` → a [`crate::quote::Quote`]
//! - `chain.working_paper` `{document, prefix?, cap?: {year, product, scenario}, format?: "text"|"markdown"|"json"}` → `{title, text | items}`
//! - `chain.sweep` `{document, vary: [{path, values | scale}], year?}` → a [`crate::sweep::Sweep`]
//! - `chain.tariff` `{document, year}` → `{tariff, withheld: [WithheldFee]}`: the tariff
//!   (收费标准表) of billing year `year` ready for `rating.rate`, and the fees withheld from it
//!   because they break that year's cap ([`tariff_for_year`]); a year outside the pricing
//!   period is [`Error::OutOfRange`] on `year`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{run, tariff_for_year, ChainResult, ScenarioDoc, WithheldFee};
use crate::error::{Error, Result};
use crate::explain::WorkingPaper;
use crate::money::Quantity;
use crate::op::{operation, plain_input, Valid, WithDocument};

/// The operation's own fields when it takes nothing beyond its document: any field left is
/// refused as unknown (`parse`, naming the field), as everywhere else in the engine.
#[derive(Debug, crate::read::ReadStruct)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NoFields {}

/// The fields of `chain.quote` beside the document.
#[derive(Debug, crate::read::ReadStruct)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuoteInput {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// Quantity used.
    pub quantity: Quantity,
    /// Usage date `YYYY-MM-DD` (default: the first day of the pricing period).
    #[serde(default)]
    pub date: Option<String>,
}

/// A cap line: year, product and scenario.
#[derive(Debug, crate::read::ReadStruct)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CapRef {
    /// The year.
    pub year: i32,
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
}

/// The form of a working paper.
#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", serde(rename_all = "snake_case"))]
pub enum PaperFormat {
    /// Plain text.
    #[default]
    Text,
    /// Markdown.
    Markdown,
    /// The working paper's items as JSON.
    Json,
}

crate::unit_enum_reader!(PaperFormat, "PaperFormat", [Text = "text", Markdown = "markdown", Json = "json"]);

/// The fields of `chain.working_paper` beside the document.
#[derive(Debug, crate::read::ReadStruct)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PaperInput {
    /// Only explanations whose key starts with this prefix (default: all).
    #[serde(default)]
    pub prefix: String,
    /// One cap line's paper instead.
    #[serde(default)]
    pub cap: Option<CapRef>,
    /// The form (default text).
    #[serde(default)]
    pub format: PaperFormat,
}

/// The fields of `chain.tariff` beside the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TariffInput {
    /// The billing year.
    pub year: i32,
}

/// The fields of `chain.sweep` beside the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SweepInput {
    /// What varies.
    pub vary: Vec<crate::sweep::Variation>,
    /// The year whose figures are reported (default: every year).
    #[serde(default)]
    pub year: Option<i32>,
}

/// A working paper as `chain.working_paper` returns it.
#[derive(Debug, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum PaperOutput {
    /// Text or Markdown.
    Text {
        /// The paper's title.
        title: String,
        /// The paper.
        text: String,
    },
    /// The items.
    Json(WorkingPaper),
}

/// The result of `chain.tariff`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TariffOutput {
    /// The year's tariff, ready for `rating.rate`.
    pub tariff: crate::rating::Tariff,
    /// The fees withheld because they break the year's cap.
    pub withheld: Vec<WithheldFee>,
}

/// The input of `chain.figures`: the scenario under `document` only (no `toml`), any other
/// member refused by name (`invalid`).
#[derive(Debug)]
pub struct FiguresInput(pub ScenarioDoc);

impl crate::op::OpInput for FiguresInput {
    fn parse(input: Value) -> Result<Self> {
        crate::lean::take_document(input, &[]).map(|(d, _)| FiguresInput(d))
    }
    // Read straight from the text (`{"document": {…}}`, nothing else), as `chain.figures` is
    // read ([`crate::lean::read_figures_input`]): the same reader, so no second instance of it.
    fn parse_text(text: &str, check_duplicates: bool) -> Option<Self> {
        crate::lean::read_figures_input(text, check_duplicates).map(FiguresInput)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for FiguresInput {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FiguresInput".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let doc = g.subschema_for::<ScenarioDoc>();
        schemars::json_schema!({"type": "object", "properties": {"document": doc}, "required": ["document"], "additionalProperties": false})
    }
}

plain_input!(NoFields);

operation! {
    /// `chain.validate`: the scenario checked (`{valid: true}`, or the first error).
    pub struct Validate = "chain.validate";
    fn(i: WithDocument<NoFields>) -> Valid { i.doc.validate().map(|()| Valid::YES) }
}

/// The most products `chain.run` answers with its working papers (底稿): about 7.5 KB of
/// papers per product, so 10,000 products write about 75 MB of JSON, which Python decodes
/// (decimals as `Decimal`) in about 4.5 s of CPU and 0.7 GB (20,000 took 9 s and 1.3 GB). Above it `chain.run` is refused (`limit_exceeded` on
/// `catalog.products`) before the chain runs; `chain.figures` gives the figures of a scenario
/// up to [`super::MAX_CHAIN_LINES`] cap lines without the papers, and `chain.working_paper`
/// the paper of one row (issue 15 item 5; DESIGN.md "Limits and work budgets").
pub const MAX_RUN_PRODUCTS: usize = 10_000;

/// Refuse a scenario whose working papers would exceed [`MAX_RUN_PRODUCTS`].
fn check_run_size(doc: &ScenarioDoc) -> Result<()> {
    let n = doc.catalog.products.len();
    if n > MAX_RUN_PRODUCTS {
        return Err(Error::LimitExceeded {
            field: "catalog.products".into(),
            value: n.to_string(),
            max: format!("{MAX_RUN_PRODUCTS} products for chain.run with its working papers (chain.figures gives the figures without them)"),
        });
    }
    Ok(())
}

operation! {
    /// `chain.run`: the whole pricing chain with its working papers, for up to
    /// [`MAX_RUN_PRODUCTS`] products.
    pub struct Run = "chain.run";
    fn(i: WithDocument<NoFields>) -> ChainResult {
        // The document's `Value` is not needed past reading: freed before the chain runs.
        let WithDocument { doc, raw, .. } = i;
        drop(raw);
        check_run_size(&doc)?;
        run(&doc)
    }
}

operation! {
    /// `chain.figures`: the chain's figures without working papers (the calculator's recompute).
    pub struct Figures = "chain.figures";
    fn(i: FiguresInput) -> crate::lean::Figures { crate::lean::figures(&i.0) }
}

operation! {
    /// `chain.quote`: the charge of one use under the fee in force, beside its cap.
    pub struct Quote = "chain.quote";
    fn(i: WithDocument<QuoteInput>) -> crate::quote::Quote {
        let chain = run(&i.doc)?;
        let q = i.rest;
        crate::quote::quote(&i.doc, &chain, &q.product, &q.scenario, q.quantity, q.date.as_deref())
    }
}

operation! {
    /// `chain.working_paper`: the working paper (底稿) of the chain, a prefix of it, or one cap line.
    pub struct WorkingPaperOp = "chain.working_paper";
    fn(i: WithDocument<PaperInput>) -> PaperOutput {
        let chain = run(&i.doc)?;
        let p = i.rest;
        let wp = match p.cap {
            Some(c) => chain
                .cap_working_paper(c.year, &c.product, &c.scenario)
                .ok_or_else(|| Error::unknown("cap", format!("{}/{} in {}", c.product, c.scenario, c.year)))?,
            None => chain.working_paper(&p.prefix),
        };
        Ok(match p.format {
            PaperFormat::Text => PaperOutput::Text { text: wp.to_text(), title: wp.title },
            PaperFormat::Markdown => PaperOutput::Text { text: wp.to_markdown(), title: wp.title },
            PaperFormat::Json => PaperOutput::Json(wp),
        })
    }
}

operation! {
    /// `chain.tariff`: the tariff of a billing year and the fees withheld from it.
    pub struct TariffOp = "chain.tariff";
    fn(i: WithDocument<TariffInput>) -> TariffOutput {
        let chain = run(&i.doc)?;
        let yt = tariff_for_year(&i.doc, &chain, i.rest.year)?;
        Ok(TariffOutput {
            tariff: yt.tariff,
            withheld: yt.withheld,
        })
    }
}

operation! {
    /// `chain.sweep`: the chain rerun over varied inputs (what if).
    pub struct Sweep = "chain.sweep";
    fn(i: WithDocument<SweepInput>) -> crate::sweep::Sweep { crate::sweep::sweep(&i.raw, &i.rest.vary, i.rest.year) }
}
