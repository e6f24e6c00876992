//! The lean chain (精简测算): the figures of the pricing chain without its working papers.
//!
//! A regulator's what-if on the public fee calculator reruns the whole chain at every
//! keystroke, and the page shows figures — the maximum permitted revenue (最高准许收入) by
//! year with its blocks, the upper fee standards (上限收费标准) and the compliance verdicts
//! (合规结论) — not the working papers (底稿) behind them. `chain.run` returns every
//! explanation (about 195 KB of text for the example city); `chain.figures` returns the same
//! result with every `explanation`/`explanations`/`profile_paper` member and the cost accounts' detail left
//! out, so what crosses into JavaScript is a few kilobytes. The paper of one row is computed
//! when it is opened (`chain.working_paper` with `cap: {year, product, scenario}`).
//!
//! Operations (through [`crate::api::call`]):
//!
//! - `chain.figures` `{document}` → the [`crate::scenario::ChainResult`] of `chain.run` without
//!   `costs` and without any `explanation`/`explanations` member: `{name, stage, profile,
//!   mpr: {…, years: [{year, permitted_cost, …, mpr}]}, caps: [{year, mpr, …, lines: [{product,
//!   scenario, cap, cap_quoted, …}]}], fees: [{product, scenario, …, verdict: {compliant,
//!   first_breach}, checks}]}`. Every figure is the one `chain.run` returns (the same engine
//!   call, [`crate::scenario::run`]); only the papers are dropped.
//!
//! In the calculator build (the core without its `disclosure` feature) this module also answers
//! `disclosure.fee_list` (收费公示) as JSON only: the CSV, Markdown and HTML renderers are
//! left out of that build ([`FeeListJson`]).

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::scenario::ScenarioDoc;

/// The members dropped from the chain's result: the working papers, and the cost accounts'
/// detail (the MPR years carry each year's permitted cost and effective assets).
const DROPPED: &[&str] = &["explanation", "explanations", "profile_paper"];

/// Remove every member named in [`DROPPED`], at any depth.
fn strip(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for k in DROPPED {
                m.remove(*k);
            }
            m.values_mut().for_each(strip);
        }
        Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

/// The figures of the chain on `doc`: `chain.run`'s result without costs and papers. The
/// chain runs inside [`crate::explain::without_papers`], so the papers it would drop are not
/// written in the first place (their explanations are empty).
pub fn figures(doc: &ScenarioDoc) -> Result<Value> {
    let mut chain = crate::explain::without_papers(|| crate::scenario::run(doc))?;
    chain.costs = Vec::new();
    let mut v = crate::op::to_value(&chain)?;
    if let Value::Object(m) = &mut v {
        m.remove("costs");
    }
    strip(&mut v);
    Ok(v)
}

/// The input document of `chain.figures` and of the calculator's `disclosure.fee_list`: the
/// scenario under `document`, error paths relative to it (as for `chain.run`); any other
/// member (but those in `allowed`) is refused by name.
pub(crate) fn take_document(input: Value, allowed: &[&str]) -> Result<(ScenarioDoc, Map<String, Value>)> {
    let Value::Object(mut obj) = input else {
        return Err(Error::invalid("", "input", "expected an object"));
    };
    let doc = match obj.remove("document") {
        Some(v) => crate::doc::from_value(v)?,
        None => return Err(Error::Missing { field: "document".into(), value: "the scenario: `document` (an object)".into() }),
    };
    if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Error::invalid(
            k.clone(),
            k,
            format!("unknown field; expected one of: document{}", allowed.iter().map(|a| format!(", {a}")).collect::<String>()),
        ));
    }
    Ok((doc, obj))
}

/// `chain.figures` on JSON text, returning JSON text: the same result and errors as
/// [`crate::api::call`] (the WebAssembly binding's path for `callJson`, with no round trip
/// through JavaScript objects).
pub fn figures_json(text: &str) -> Result<String> {
    let input: Value = crate::doc::from_json(text)?;
    let (doc, _) = take_document(input, &[])?;
    let v = figures(&doc)?;
    serde_json::to_string(&v).map_err(|e| Error::invalid("result", "", e.to_string()))
}

/// The fields of the calculator build's `disclosure.fee_list` beside the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeeListFields {
    /// The year (default: the first year of the pricing period).
    #[serde(default)]
    pub year: Option<i32>,
    /// `"json"` only in this build.
    #[serde(default)]
    pub format: Option<String>,
    /// What the publication carries (试行, basis, complaint channel).
    #[serde(default)]
    pub publication: crate::disclosure::Publication,
}

/// The input of the calculator build's `disclosure.fee_list`.
#[derive(Debug)]
pub struct FeeListJsonInput {
    doc: ScenarioDoc,
    fields: FeeListFields,
}

impl crate::op::OpInput for FeeListJsonInput {
    fn parse(input: Value) -> Result<Self> {
        let (doc, rest) = take_document(input, &["year", "format", "publication"])?;
        Ok(FeeListJsonInput { doc, fields: crate::doc::from_value(Value::Object(rest))? })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for FeeListJsonInput {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FeeListJsonInput".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <crate::op::WithDocument<FeeListFields> as schemars::JsonSchema>::json_schema(g)
    }
}

crate::op::operation! {
    /// The calculator build's `disclosure.fee_list` (收费公示): `{document, year?, publication?,
    /// format?: "json"}` → the [`crate::disclosure::FeeList`] as JSON; another format is
    /// [`Error::Invalid`] on `format`.
    pub struct FeeListJson = "disclosure.fee_list";
    fn(i: FeeListJsonInput) -> crate::disclosure::FeeList {
        if let Some(f) = i.fields.format.as_deref().filter(|f| *f != "json") {
            return Err(Error::invalid(
                "format",
                f,
                "this build (the fee calculator's) writes the fee list as JSON only; the full build also writes csv, markdown and html",
            ));
        }
        let chain = crate::scenario::run(&i.doc)?;
        let year = i.fields.year.unwrap_or(i.doc.first_year);
        crate::disclosure::fee_list_with(&i.doc, &chain, year, &i.fields.publication)
    }
}
