//! The lean chain (精简测算): the figures of the pricing chain without its working papers.
//!
//! A regulator's what-if on the public fee calculator reruns the whole chain at every
//! keystroke, and the page shows figures — the maximum permitted revenue (最高准许收入) by
//! year with its blocks, the upper fee standards (上限收费标准) and the compliance verdicts
//! (合规结论) — not the working papers (底稿) behind them. `chain.run` returns every
//! explanation (about 195 KB of text for the example city); `chain.figures` returns the same
//! result with every `explanation`/`explanations`/`profile_paper` member and the cost accounts' detail left
//! out, so what crosses into JavaScript is about a quarter of it (53.6 KB for the example city:
//! three years of 27 products' cap lines and verdicts). The paper of one row is computed
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
//! - `chain.summary` `{document}` → [`Summary`] (测算摘要): what the fee calculator page shows
//!   of the chain, `{stage, mpr: {years: [{year, permitted_cost, permitted_profit, taxes,
//!   clawback, mpr}]}, caps: [{year, lines: [{product, scenario, cap_quoted?, free_reason?}]}]}`,
//!   the same values as `chain.figures`' members of those names (7.9 KB for the example city
//!   against 53.9 KB: no scope split, per-line allocation or fee verdicts, which the page does
//!   not read; it checks each fee against its cap with `schedule.compliance`). Less to write,
//!   to decode from UTF-8 and to `JSON.parse` at every keystroke of the regulator's what-if.
//!
//! In the calculator build (the core without its `disclosure` feature) this module also answers
//! `disclosure.fee_list` (收费公示) as JSON only: the CSV, Markdown and HTML renderers are
//! left out of that build ([`FeeListJson`]).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::money::{Amount, UnitPrice};
use crate::scenario::ScenarioDoc;

/// The members dropped from the chain's result: the working papers, and the cost accounts'
/// detail (the MPR years carry each year's permitted cost and effective assets).
#[cfg(feature = "schema")]
const DROPPED: &[&str] = &["explanation", "explanations", "profile_paper"];

/// Remove the result's `costs` and every member named in [`DROPPED`], at any depth. Only with the `schema` feature,
/// where the papers' `skip_serializing_if` is not applied (see
/// [`crate::explain::left_out_of_figures`]); otherwise the result is written without them.
#[cfg(feature = "schema")]
fn strip_result(v: &mut Value) {
    if let Value::Object(m) = v {
        m.remove("costs");
    }
    strip(v);
}

#[cfg(feature = "schema")]
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

/// The figures of the chain (`chain.figures`' result): the chain's result, run without its
/// working papers, that serializes without its `explanation`/`explanations`/`profile_paper`
/// members and its cost accounts. It is written inside [`crate::explain::without_papers`], where
/// those members are skipped as they are reached ([`crate::explain::left_out_of_figures`]), so
/// no `Value` of the whole result is built and stripped.
#[derive(Debug, Clone)]
pub struct Figures(pub crate::scenario::ChainResult);

impl serde::Serialize for Figures {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[cfg(not(feature = "schema"))]
        return crate::explain::without_papers(|| self.0.serialize(s));
        #[cfg(feature = "schema")]
        {
            let mut v = crate::explain::without_papers(|| serde_json::to_value(&self.0)).map_err(serde::ser::Error::custom)?;
            strip_result(&mut v);
            v.serialize(s)
        }
    }
}

/// `chain.figures`' result type: `chain.run`'s [`crate::scenario::ChainResult`] without the
/// members the figures leave out. Every definition that has such a member, or reaches one, is
/// copied under a `Figures` prefix without it (and without it among the required members);
/// the others are shared with `chain.run`'s result. So the schemas, the TypeScript declarations
/// and the Python types describe the figures exactly, not as `unknown`.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Figures {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FiguresChainResult".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use std::collections::BTreeSet;
        g.subschema_for::<crate::scenario::ChainResult>();
        let path = g.settings().definitions_path.trim_start_matches('/').to_string();
        let prefix = format!("#/{path}/");
        let defs: Map<String, Value> = g.definitions().clone();
        // Definitions a `$ref` in `v` points to.
        fn refs(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::String(r)) = m.get("$ref") {
                        if let Some(name) = r.strip_prefix(prefix) {
                            out.insert(name.to_string());
                        }
                    }
                    m.values().for_each(|x| refs(x, prefix, out));
                }
                Value::Array(a) => a.iter().for_each(|x| refs(x, prefix, out)),
                _ => {}
            }
        }
        let dropped = |name: &str| -> Vec<&'static str> {
            let mut d: Vec<&'static str> = DROPPED.to_vec();
            if name == "ChainResult" {
                d.push("costs");
            }
            d
        };
        let has_dropped =
            |name: &str, def: &Value| def.get("properties").and_then(Value::as_object).is_some_and(|p| dropped(name).iter().any(|k| p.contains_key(*k)));
        // The affected definitions: a fixpoint over the references, bounded by their number.
        let mut affected: BTreeSet<String> = defs.iter().filter(|(n, d)| has_dropped(n, d)).map(|(n, _)| n.clone()).collect();
        loop {
            let before = affected.len();
            for (n, d) in &defs {
                let mut r = BTreeSet::new();
                refs(d, &prefix, &mut r);
                if r.iter().any(|x| affected.contains(x)) {
                    affected.insert(n.clone());
                }
            }
            if affected.len() == before {
                break;
            }
        }
        // Point references to affected definitions at their copies.
        fn retarget(v: &mut Value, prefix: &str, affected: &BTreeSet<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::String(r)) = m.get_mut("$ref") {
                        if let Some(name) = r.strip_prefix(prefix).filter(|n| affected.contains(*n)) {
                            *r = format!("{prefix}Figures{name}");
                        }
                    }
                    m.values_mut().for_each(|x| retarget(x, prefix, affected));
                }
                Value::Array(a) => a.iter_mut().for_each(|x| retarget(x, prefix, affected)),
                _ => {}
            }
        }
        let mut root = Value::Bool(true);
        for name in &affected {
            let mut d = defs[name].clone();
            let gone = dropped(name);
            if let Some(Value::Object(p)) = d.get_mut("properties") {
                gone.iter().for_each(|k| {
                    p.remove(*k);
                });
            }
            if let Some(Value::Array(req)) = d.get_mut("required") {
                req.retain(|k| !k.as_str().is_some_and(|k| gone.contains(&k)));
            }
            if let Some(Value::String(desc)) = d.get_mut("description") {
                desc.push_str(" (As `chain.figures` writes it: without working papers.)");
            }
            retarget(&mut d, &prefix, &affected);
            if name == "ChainResult" {
                // The figures' own definition (this type's name): the generator stores it.
                root = d;
            } else {
                g.definitions_mut().insert(format!("Figures{name}"), d);
            }
        }
        schemars::Schema::try_from(root).unwrap_or_default()
    }
}

/// The figures of the chain on `doc`: `chain.run`'s result without costs and papers. The chain
/// runs inside [`crate::explain::without_papers`], so the papers it would drop are not written
/// in the first place (their explanations are empty).
pub fn figures(doc: &ScenarioDoc) -> Result<Figures> {
    figures_with(doc, None)
}

/// [`figures`] with the cost accounts' years from `memo` where it holds them
/// ([`crate::scenario::CostsMemo`]: the same figures).
pub(crate) fn figures_with(doc: &ScenarioDoc, memo: Option<&mut crate::scenario::CostsMemo>) -> Result<Figures> {
    crate::explain::without_papers(|| run_lean(doc, memo)).map(Figures)
}

/// The chain on `doc` for a lean result (run inside [`crate::explain::without_papers`]): its
/// cost accounts are dropped from the result (the lean results leave them out), or given to
/// `memo` for the next run ([`crate::scenario::CostsMemo::keep`]).
fn run_lean(doc: &ScenarioDoc, memo: Option<&mut crate::scenario::CostsMemo>) -> Result<crate::scenario::ChainResult> {
    let mut chain = match memo {
        Some(m) => {
            let mut chain = crate::scenario::run_with(doc, Some(&mut *m))?;
            m.keep(doc.cost_options(), std::mem::take(&mut chain.costs));
            chain
        }
        None => crate::scenario::run(doc)?,
    };
    chain.costs = Vec::new();
    Ok(chain)
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

/// `chain.figures`' input read in one pass: the scenario under `document`, nothing else.
#[derive(crate::read::ReadStruct)]
#[serde(deny_unknown_fields)]
struct FiguresText {
    document: ScenarioDoc,
}

/// `chain.figures` on its input as JSON text (`{"document": {…}}`), returning the result as
/// JSON text: what [`crate::api::call_json`] does for `chain.figures` (through its input's
/// `parse_text`, the same reader). The text is checked for repeated keys and
/// read straight into the scenario (one reading instead of three: the `Value`, its text and
/// the typed read), and the figures are written as the build writes results
/// (`op::result_text`: straight to text in the calculator build, with no `Value`).
///
/// `None` when this reader refuses the input (not JSON, a repeated key, any member but
/// `document`, a malformed scenario, above [`crate::doc::MAX_DOCUMENT_BYTES`]): the caller then
/// runs the operation through [`crate::api::call`], which reports the error with its field
/// exactly as for every other operation. An input this reader accepts is one `api::call`
/// accepts too, and the figures are the same ([`figures`]; `chain.figures` resolves no policy
/// template, so the document is read as it is in both). Errors of the chain itself are
/// returned as they are.
pub fn figures_text(text: &str) -> Option<Result<String>> {
    let document = read_figures_input(text, true)?;
    Some(figures(&document).and_then(|f| crate::op::result_text(&f)))
}

/// The scenario of a `{"document": {…}}` text read in one pass (`chain.figures`' and
/// `chain.summary`'s input), or `None` when this reader refuses the text (the caller then
/// reads it the common way, for the error with its field).
pub(crate) fn read_figures_input(text: &str, check_duplicates: bool) -> Option<ScenarioDoc> {
    // The build's own reader (the locator in the calculator build, `serde_path_to_error`
    // elsewhere): the scenario's readers are not instantiated a second time.
    let input: FiguresText = if check_duplicates { crate::doc::from_json(text) } else { crate::doc::from_json_unique_keys(text) }.ok()?;
    Some(input.document)
}

/// One year of the MPR as the calculator page shows it (最高准许收入及其构成): the blocks of its
/// chart and table, each the figure `chain.run` returns for that year ([`crate::mpr::MprYear`]).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummaryYear {
    /// The year.
    pub year: i32,
    /// Permitted cost (准许成本).
    pub permitted_cost: Amount,
    /// Permitted profit (准许利润).
    pub permitted_profit: Amount,
    /// Taxes (税金: income tax and surcharges).
    pub taxes: Amount,
    /// Claw-back of excess revenue taken off this year (多收回收).
    pub clawback: Amount,
    /// The maximum permitted revenue (最高准许收入).
    pub mpr: Amount,
}

/// The MPR of the period as the page reads it: its years.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummaryMpr {
    /// One entry per year of the pricing period, in order.
    pub years: Vec<SummaryYear>,
}

/// One cap line as the page reads it (上限收费标准): the pair, its quoted cap or why it is free.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummaryLine {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The cap as quoted (with VAT when the profile quotes with VAT); absent for free uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_quoted: Option<UnitPrice>,
    /// Why the use is free, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_reason: Option<String>,
}

/// The cap lines of one year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummaryCaps {
    /// The year.
    pub year: i32,
    /// One line per (product, scenario), in catalog order.
    pub lines: Vec<SummaryLine>,
}

/// `chain.summary`'s result: what the public fee calculator shows of the chain — the stage, the
/// MPR by year with its blocks and each pair's quoted cap (or why it is free) — and nothing else
/// (no scope split, per-line allocation, fee verdicts or papers: `chain.figures` has those). The
/// same shape as `chain.figures`' members of the same names, so a page reads either.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    /// Formal or trial (正式 / 试行).
    pub stage: crate::mpr::Stage,
    /// The MPR by year.
    pub mpr: SummaryMpr,
    /// The caps by year.
    pub caps: Vec<SummaryCaps>,
}

impl Summary {
    /// The summary of a chain's result: every figure copied from it, none recomputed.
    pub fn of(chain: &crate::scenario::ChainResult) -> Summary {
        let years = chain
            .mpr
            .years
            .iter()
            .map(|y| SummaryYear {
                year: y.year,
                permitted_cost: y.permitted_cost,
                permitted_profit: y.permitted_profit,
                taxes: y.taxes,
                clawback: y.clawback,
                mpr: y.mpr,
            })
            .collect();
        let caps = chain
            .caps
            .iter()
            .map(|c| SummaryCaps {
                year: c.year,
                lines: c
                    .lines
                    .iter()
                    .map(|l| SummaryLine {
                        product: l.product.clone(),
                        scenario: l.scenario.clone(),
                        cap_quoted: l.cap_quoted,
                        free_reason: l.free_reason.clone(),
                    })
                    .collect(),
            })
            .collect();
        Summary { stage: chain.stage, mpr: SummaryMpr { years }, caps }
    }
}

thread_local! {
    /// Whether the chain runs for [`summary`] (its records the summary drops are not built).
    static SUMMARY_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the chain's records that [`Summary`] drops are wanted: the per-product scope split
/// (`scope[].products`) and the fee verdicts (`fees`). Not while [`summary`] runs the chain;
/// their checks run all the same (the same errors, see [`crate::scenario::run`] and
/// [`crate::scope::split_costs`]).
pub(crate) fn records_wanted() -> bool {
    !SUMMARY_ONLY.with(std::cell::Cell::get)
}

/// The summary of the chain on `doc` (`chain.summary`): the chain runs as for `chain.figures`
/// (without working papers, the same errors) without building the records the summary drops
/// (`records_wanted`), and only what the page shows is kept.
pub fn summary(doc: &ScenarioDoc) -> Result<Summary> {
    summary_with(doc, None)
}

/// [`summary`] with the cost accounts' years from `memo` where it holds them
/// ([`crate::scenario::CostsMemo`]: the same summary).
pub(crate) fn summary_with(doc: &ScenarioDoc, memo: Option<&mut crate::scenario::CostsMemo>) -> Result<Summary> {
    let chain = crate::explain::with_switch_on(&SUMMARY_ONLY, || crate::explain::without_papers(|| run_lean(doc, memo)))?;
    Ok(Summary::of(&chain))
}

crate::op::operation! {
    /// `chain.summary` (测算摘要): `{document}` → the stage, the MPR by year with its blocks and
    /// each pair's quoted cap ([`Summary`]): the public fee calculator's recompute, about a
    /// seventh of `chain.figures`' result (7.9 KB against 53.9 KB for the example city).
    pub struct SummaryOp = "chain.summary";
    fn(i: crate::scenario::ops::FiguresInput) -> Summary { summary(&i.0) }
}

/// The fields of the calculator build's `disclosure.fee_list` beside the document.
#[derive(Debug, crate::read::ReadStruct)]
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

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    /// The reference: `chain.run`'s result (papers off) as a `Value`, with every paper member
    /// and the cost accounts removed afterwards (how `chain.figures` was first written).
    fn stripped(doc: &ScenarioDoc) -> Value {
        fn strip(v: &mut Value) {
            match v {
                Value::Object(m) => {
                    for k in ["explanation", "explanations", "profile_paper"] {
                        m.remove(k);
                    }
                    m.values_mut().for_each(strip);
                }
                Value::Array(a) => a.iter_mut().for_each(strip),
                _ => {}
            }
        }
        let chain = crate::explain::without_papers(|| crate::scenario::run(doc)).unwrap();
        let mut v = crate::op::to_value(&chain).unwrap();
        v.as_object_mut().unwrap().remove("costs");
        strip(&mut v);
        v
    }

    fn city() -> (ScenarioDoc, Value) {
        let doc = ScenarioDoc::from_toml(include_str!("../../examples/city/scenario.toml")).unwrap();
        let v = crate::op::to_value(&doc).unwrap();
        (doc, v)
    }

    #[test]
    fn figures_are_the_stripped_chain_both_ways() {
        let (doc, v) = city();
        let want = stripped(&doc);
        assert!(want.get("caps").is_some() && want.get("costs").is_none());
        assert_eq!(crate::op::to_value(&figures(&doc).unwrap()).unwrap(), want);
        let text = serde_json::json!({ "document": v }).to_string();
        let out = figures_text(&text).expect("the fast reader reads the city").unwrap();
        assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), want);
        assert!(!out.contains("\"explanation") && !out.contains("profile_paper") && !out.contains("\"costs\""));
        // Outside `without_papers` the papers are written as before.
        let full = crate::op::to_value(&crate::scenario::run(&doc).unwrap()).unwrap();
        assert!(full.get("profile_paper").is_some() && full.get("costs").is_some());
        assert!(full["caps"][0]["lines"][0].get("explanation").is_some());
    }

    #[test]
    fn the_fast_reader_leaves_every_bad_input_to_the_common_path() {
        let (_, v) = city();
        let doc = v.to_string();
        let bad = [
            "{".to_string(),
            "[]".to_string(),
            "{}".to_string(),
            format!(r#"{{"document": {doc}, "year": 2026}}"#),
            format!(r#"{{"document": {doc}, "document": {doc}}}"#),
            doc.replacen(r#""first_year":2026"#, r#""first_year":2026,"first_year":2027"#, 1),
            doc.replacen(r#""first_year":2026"#, r#""first_year":"x""#, 1),
            format!(r#"{{"document": {doc}}} x"#),
        ];
        for text in &bad {
            assert!(figures_text(text).is_none(), "{text:.80}");
            let input: std::result::Result<Value, _> = crate::doc::from_json(text);
            assert!(input.and_then(|i| crate::api::call("chain.figures", i)).is_err(), "{text:.80}");
        }
    }

    /// `chain.summary` is `chain.figures` cut to what the page reads: every member it keeps has
    /// the figures' value, it keeps nothing else, and it refuses what `chain.figures` refuses
    /// with the same code and field.
    #[test]
    fn summary_is_the_figures_cut_to_the_page() {
        let (doc, v) = city();
        let fig = crate::op::to_value(&figures(&doc).unwrap()).unwrap();
        let text = serde_json::json!({ "document": v }).to_string();
        let out: Value = serde_json::from_str(&crate::api::call_json("chain.summary", &text).unwrap()).unwrap();
        assert_eq!(out, crate::api::call("chain.summary", serde_json::json!({ "document": v })).unwrap());
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&out), ["caps", "mpr", "stage"]);
        assert_eq!(out["stage"], fig["stage"]);
        let years = out["mpr"]["years"].as_array().unwrap();
        assert_eq!(years.len(), fig["mpr"]["years"].as_array().unwrap().len());
        for (y, f) in years.iter().zip(fig["mpr"]["years"].as_array().unwrap()) {
            assert_eq!(keys(y), ["clawback", "mpr", "permitted_cost", "permitted_profit", "taxes", "year"]);
            for k in keys(y) {
                assert_eq!(y[&k], f[&k], "{k}");
            }
        }
        let caps = out["caps"].as_array().unwrap();
        assert_eq!(caps.len(), fig["caps"].as_array().unwrap().len());
        let mut free = 0;
        for (c, f) in caps.iter().zip(fig["caps"].as_array().unwrap()) {
            assert_eq!(c["year"], f["year"]);
            let lines = c["lines"].as_array().unwrap();
            assert_eq!(lines.len(), f["lines"].as_array().unwrap().len());
            for (l, fl) in lines.iter().zip(f["lines"].as_array().unwrap()) {
                for k in ["product", "scenario", "cap_quoted", "free_reason"] {
                    assert_eq!(l.get(k), fl.get(k), "{k}");
                }
                assert!(keys(l).iter().all(|k| ["product", "scenario", "cap_quoted", "free_reason"].contains(&k.as_str())));
                free += usize::from(l.get("free_reason").is_some());
            }
        }
        assert!(free > 0, "the city has free uses");
        // A sixth of the figures' text or less (7.9 KB against 53.9 KB for the city).
        let fig_text = crate::api::call_json("chain.figures", &text).unwrap();
        let sum_text = crate::api::call_json("chain.summary", &text).unwrap();
        assert!(sum_text.len() * 6 < fig_text.len(), "{} vs {}", sum_text.len(), fig_text.len());
        // The same refusals.
        let doc_text = v.to_string();
        let bad = [
            "{}".to_string(),
            format!(r#"{{"document": {doc_text}, "year": 2026}}"#),
            text.replacen(r#""first_year":2026"#, r#""first_year":"x""#, 1),
            text.replacen(r#""rate":"0.06""#, r#""rate":"0.5""#, 1),
        ];
        for t in &bad {
            let a = crate::api::call_json("chain.figures", t).unwrap_err();
            let b = crate::api::call_json("chain.summary", t).unwrap_err();
            assert_eq!((a.code(), a.field(), a.value()), (b.code(), b.field(), b.value()), "{t:.80}");
        }
        // What the summary does not build (the fee verdicts, the products' scope records) is
        // still checked: the same result or the same first error as chain.figures on documents
        // that break a fee check, a scope figure or a forecast of a later year.
        type Edit = Box<dyn Fn(&mut Value)>;
        let edits: Vec<(&str, Edit)> = vec![
            ("fee on a free use", Box::new(|d| d["fees"][0]["scenario"] = "public_welfare".into())),
            ("fee before the period", Box::new(|d| d["fees"][0]["effective"] = "2019-01-01".into())),
            ("fee after the period", Box::new(|d| d["fees"][1]["effective"] = "2040-01-01".into())),
            ("fee of an unknown pair", Box::new(|d| d["fees"][2]["product"] = "nope".into())),
            ("fee schedule tiers out of order", Box::new(|d| d["fees"][2]["schedule"]["tiers"][1]["from"] = "5".into())),
            ("fee schedule negative price", Box::new(|d| d["fees"][3]["schedule"]["tiers"][0]["price"] = "-1".into())),
            ("fee above its cap", Box::new(|d| d["fees"][0]["schedule"]["price"] = "9999".into())),
            ("negative ledger amount", Box::new(|d| d["costs"]["ledger"]["entries"][0]["amount"] = "-99999999.00".into())),
            ("huge ledger amount", Box::new(|d| d["costs"]["ledger"]["entries"][0]["amount"] = "9999999999999999999999.00".into())),
            ("ledger amount past 10^14", Box::new(|d| d["costs"]["ledger"]["entries"][0]["amount"] = "300000000000000.00".into())),
            (
                "later year's forecast repeated",
                Box::new(|d| {
                    let mut f = d["forecasts"][0].clone();
                    f["year"] = 2028.into();
                    let fs = d["forecasts"].as_array_mut().unwrap();
                    fs.push(f.clone());
                    fs.push(f);
                }),
            ),
            ("no forecasts", Box::new(|d| d["forecasts"] = Value::Array(Vec::new()))),
            ("no fees", Box::new(|d| d["fees"] = Value::Array(Vec::new()))),
        ];
        let mut errors = 0;
        for (name, edit) in &edits {
            let mut d = v.clone();
            edit(&mut d);
            let t = serde_json::json!({ "document": d }).to_string();
            match (crate::api::call_json("chain.figures", &t), crate::api::call_json("chain.summary", &t)) {
                (Ok(fig), Ok(sum)) => {
                    let (fig, sum): (Value, Value) = (serde_json::from_str(&fig).unwrap(), serde_json::from_str(&sum).unwrap());
                    assert_eq!(sum["mpr"]["years"][0]["mpr"], fig["mpr"]["years"][0]["mpr"], "{name}");
                    assert_eq!(sum["caps"][0]["lines"][0]["cap_quoted"], fig["caps"][0]["lines"][0]["cap_quoted"], "{name}");
                }
                (Err(a), Err(b)) => {
                    errors += 1;
                    assert_eq!((a.code(), a.field(), a.value()), (b.code(), b.field(), b.value()), "{name}");
                }
                (a, b) => panic!("{name}: figures {:?} / summary {:?}", a.map(|_| "ok"), b.map(|_| "ok")),
            }
        }
        assert!(errors >= 6, "most edits are refused ({errors})");
    }

    /// A text with no repeated key (what `JSON.stringify` writes) reads the same with and without
    /// the duplicate-key pass: the same figures, the same errors (code, field, value, message).
    #[test]
    fn unique_key_texts_read_the_same_without_the_duplicate_pass() {
        let (_, v) = city();
        let doc = v.to_string();
        let good = serde_json::json!({ "document": v }).to_string();
        let texts = [
            good.clone(),
            "{".to_string(),
            "{}".to_string(),
            format!(r#"{{"document": {doc}, "year": 2026}}"#),
            good.replacen(r#""first_year":2026"#, r#""first_year":"x""#, 1),
            good.replacen(r#""first_year":2026"#, r#""first_year":2026.5"#, 1),
            format!(r#"{{"document": {doc}}} x"#),
        ];
        let key = |r: Result<String>| r.map_err(|e| (e.code(), e.field().to_string(), e.value().to_string(), e.to_string()));
        for op in ["chain.figures", "chain.run", "disclosure.fee_list"] {
            for text in &texts {
                let checked = key(crate::api::call_json(op, text));
                assert_eq!(key(crate::api::call_json_unique_keys(op, text)), checked, "{op} {text:.80}");
                if text == &good && op == "chain.figures" {
                    assert!(checked.is_ok());
                }
            }
        }
        // A text that does repeat a key is refused only by the checked reader (the binding
        // never hands such a text to the unchecked one).
        let dup = good.replacen(r#""first_year":2026"#, r#""first_year":2026,"first_year":2026"#, 1);
        assert_eq!(crate::api::call_json("chain.figures", &dup).unwrap_err().field(), "document.first_year");
    }
}
