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
//! left out of that build ([`fee_list_dispatch`]).

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::scenario::ScenarioDoc;

/// The operation of this module (`chain.figures`).
pub const FIGURES: &str = "chain.figures";

/// Operations this module answers through [`crate::api::call`] in every build.
pub const OPERATIONS: &[&str] = &[FIGURES];

/// Operations this module answers in the calculator build only (without the `disclosure`
/// feature): the fee list as JSON.
pub const FEE_LIST_OPERATIONS: &[&str] = &["disclosure.fee_list"];

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

/// The figures of the chain on `doc`: `chain.run`'s result without costs and papers.
pub fn figures(doc: &ScenarioDoc) -> Result<Value> {
    let mut chain = crate::scenario::run(doc)?;
    chain.costs = Vec::new();
    let mut v = crate::api::to_value(&chain)?;
    if let Value::Object(m) = &mut v {
        m.remove("costs");
    }
    strip(&mut v);
    Ok(v)
}

/// The input document of `chain.figures` and of the calculator's `disclosure.fee_list`: the
/// scenario under `document`, error paths relative to it (as for `chain.run`); any other
/// member (but those in `allowed`) is refused by name.
fn take_document(input: Value, allowed: &[&str]) -> Result<(ScenarioDoc, Map<String, Value>)> {
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

/// `chain.figures` through the operation table.
pub(crate) fn dispatch(op: &str, input: Value) -> Option<Result<Value>> {
    (op == FIGURES).then(|| take_document(input, &[]).and_then(|(doc, _)| figures(&doc)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "disclosure", allow(dead_code))] // routed only in the calculator build (tested in both)
struct FeeListInput {
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    publication: crate::disclosure::Publication,
}

/// The calculator build's `disclosure.fee_list`: `{document, year?, publication?, format?: "json"}` → the
/// [`crate::disclosure::FeeList`] as JSON; another format is [`Error::Invalid`] on `format`.
#[cfg_attr(feature = "disclosure", allow(dead_code))]
pub(crate) fn fee_list_dispatch(op: &str, input: Value) -> Option<Result<Value>> {
    if !FEE_LIST_OPERATIONS.contains(&op) {
        return None;
    }
    Some((|| {
        let (doc, rest) = take_document(input, &["year", "format", "publication"])?;
        let i: FeeListInput = crate::doc::from_value(Value::Object(rest))?;
        if let Some(f) = i.format.as_deref().filter(|f| *f != "json") {
            return Err(Error::invalid(
                "format",
                f,
                "this build (the fee calculator's) writes the fee list as JSON only; the full build also writes csv, markdown and html",
            ));
        }
        let chain = crate::scenario::run(&doc)?;
        let year = i.year.unwrap_or(doc.first_year);
        crate::api::to_value(&crate::disclosure::fee_list_with(&doc, &chain, year, &i.publication)?)
    })())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn city() -> Value {
        let text = include_str!("../../tests/vectors/chain.json");
        let v: Value = serde_json::from_str(text).unwrap_or_default();
        let cases = v["cases"].as_array().cloned().unwrap_or_default();
        let case = cases.into_iter().find(|c| c["op"] == "chain.run" && c.get("expected").is_some()).unwrap_or_default();
        case["input"]["document"].clone()
    }

    /// Every figure of `chain.figures` is the figure `chain.run` returns at the same place.
    fn assert_subset(lean: &Value, full: &Value, path: &str) {
        match (lean, full) {
            (Value::Object(a), Value::Object(b)) => {
                for (k, v) in a {
                    assert!(!DROPPED.contains(&k.as_str()), "{path}.{k} should be dropped");
                    let w = b.get(k).unwrap_or_else(|| panic!("{path}.{k} not in chain.run"));
                    assert_subset(v, w, &format!("{path}.{k}"));
                }
            }
            (Value::Array(a), Value::Array(b)) => {
                assert_eq!(a.len(), b.len(), "{path}");
                for (i, (v, w)) in a.iter().zip(b).enumerate() {
                    assert_subset(v, w, &format!("{path}[{i}]"));
                }
            }
            _ => assert_eq!(lean, full, "{path}"),
        }
    }

    #[test]
    fn figures_are_the_chains_without_papers() {
        let doc = city();
        assert!(doc.is_object(), "no chain.run vector with a document");
        let full = crate::api::call("chain.run", json!({ "document": doc })).unwrap_or_default();
        let lean = crate::api::call(FIGURES, json!({ "document": doc })).unwrap_or_default();
        assert!(lean["mpr"]["years"].as_array().is_some_and(|y| !y.is_empty()), "{lean}");
        assert!(lean.get("costs").is_none());
        assert_subset(&lean, &full, "");
        let text = figures_json(&json!({ "document": doc }).to_string()).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap_or_default(), lean);
        assert!(text.len() * 4 < full.to_string().len(), "lean {} bytes, full {}", text.len(), full.to_string().len());
    }

    #[test]
    fn errors_name_the_field_inside_the_document() {
        let mut doc = city();
        doc["first_year"] = json!("x");
        let a = crate::api::call("chain.run", json!({ "document": doc })).unwrap_err();
        let b = crate::api::call(FIGURES, json!({ "document": doc })).unwrap_err();
        let c = figures_json(&json!({ "document": doc }).to_string()).unwrap_err();
        assert_eq!((b.code(), b.field()), (a.code(), a.field()));
        assert_eq!((c.code(), c.field()), (a.code(), a.field()));
        assert_eq!(b.field(), "first_year");
        let e = crate::api::call(FIGURES, json!({ "document": city(), "extra": 1 })).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "extra"));
        assert_eq!(crate::api::call(FIGURES, json!({})).unwrap_err().code(), "missing");
        assert_eq!(figures_json("{}").unwrap_err().code(), "missing");
        assert_eq!(figures_json("{").unwrap_err().code(), "parse");
    }

    #[test]
    fn calculator_fee_list_is_json_only() {
        let doc = city();
        let json_list = fee_list_dispatch("disclosure.fee_list", json!({ "document": doc })).and_then(Result::ok).unwrap_or_default();
        assert!(json_list["rows"].as_array().is_some_and(|r| !r.is_empty()), "{json_list}");
        #[cfg(feature = "disclosure")]
        assert_eq!(crate::api::call("disclosure.fee_list", json!({ "document": doc })).unwrap_or_default(), json_list);
        let e = fee_list_dispatch("disclosure.fee_list", json!({ "document": doc, "format": "html" })).and_then(Result::err);
        assert_eq!(e.map(|e| (e.code(), e.field().to_string())), Some(("invalid", "format".into())));
        assert!(fee_list_dispatch("disclosure.annual_report", json!({})).is_none());
    }
}
