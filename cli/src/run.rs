//! `datafee run`, `tariff`, `report`, `review`, `share` and `call`: the chain (定价程序) and the
//! JSON operations.

use std::path::Path;

use datafee::disclosure::{fee_list_with, to_csv, to_html, to_markdown, Disclose, Publication};
use serde_json::{json, Value};

use crate::fail::Failure;
use crate::{input, output, report, AreaArgs, CallArgs, Outcome, ReportArgs, ReportFormat, RunArgs, RunFormat, TariffArgs};

/// Refuse a year outside the chain's pricing period, naming the years it has.
fn check_year(path: &Path, chain: &datafee::scenario::ChainResult, year: i32) -> Result<(), Failure> {
    if chain.caps_for(year).is_some() {
        return Ok(());
    }
    let years: Vec<String> = chain.caps.iter().map(|c| c.year.to_string()).collect();
    Err(Failure::input(path, format!("[out_of_range] year: {year} is not a year of the pricing period ({})", years.join(", "))))
}

/// `datafee run`: the chain, as a text report, JSON, or the fee list in Markdown or HTML.
pub fn run(a: &RunArgs) -> Result<Outcome, Failure> {
    let doc = input::scenario(&a.scenario)?;
    let chain = datafee::scenario::run(&doc).map_err(|e| Failure::core(&a.scenario, &e))?;
    if let Some(y) = a.year {
        check_year(&a.scenario, &chain, y)?;
    }
    let text = match a.format {
        RunFormat::Text => report::chain_text(&doc, &chain, a.year),
        RunFormat::Json => output::json_text(&chain)?,
        RunFormat::Md | RunFormat::Html | RunFormat::Csv => {
            let year = a.year.unwrap_or(doc.first_year);
            let list = fee_list_with(&doc, &chain, year, &Publication::default()).map_err(|e| Failure::core(&a.scenario, &e))?;
            match a.format {
                RunFormat::Md => to_markdown(&list.tables()),
                RunFormat::Html => to_html(&list.tables()),
                // The fee list is one table; should it grow more, they follow one another.
                _ => to_csv(&list.tables()).into_iter().map(|(_, csv)| csv).collect::<Vec<_>>().join("\r\n"),
            }
        }
    };
    output::stdout(&text)
}

/// `datafee tariff`: the billing year's tariff and the fees withheld from it (chain.tariff).
pub fn tariff(a: &TariffArgs) -> Result<Outcome, Failure> {
    let doc = input::scenario_value(&a.scenario)?;
    let out = datafee::api::call("chain.tariff", json!({ "document": doc, "year": a.year })).map_err(|e| Failure::core(&a.scenario, &e))?;
    output::stdout(&output::json_text(&out)?)
}

/// `datafee report`: the annual operating report (disclosure.annual_report).
pub fn report(a: &ReportArgs) -> Result<Outcome, Failure> {
    let doc = input::scenario_value(&a.scenario)?;
    let mut op_input = match input::json(&a.actual)? {
        Value::Array(lines) => json!({ "actual": lines }),
        Value::Object(m) => Value::Object(m),
        _ => return Err(Failure::input(&a.actual, "[parse] expected an array of actual lines or an object {actual, shares?}")),
    };
    if let Value::Object(m) = &mut op_input {
        m.insert("document".into(), doc);
        m.insert("year".into(), json!(a.year));
        let format = match a.format {
            ReportFormat::Json => "json",
            ReportFormat::Md => "markdown",
            ReportFormat::Html => "html",
            ReportFormat::Csv => "csv",
        };
        m.insert("format".into(), json!(format));
    }
    let what = format!("{} with {}", a.scenario.display(), a.actual.display());
    let out = datafee::api::call("disclosure.annual_report", op_input).map_err(|e| Failure::core_in(&what, &e))?;
    let text = match (a.format, out.get("content").and_then(Value::as_str)) {
        (ReportFormat::Md | ReportFormat::Html, Some(content)) => content.to_string(),
        (ReportFormat::Csv, _) => output::json_text(out.get("tables").unwrap_or(&out))?,
        _ => output::json_text(&out)?,
    };
    output::stdout(&text)
}

/// `datafee review` / `datafee share`: an operation of one area on a JSON input.
pub fn area(area: &str, a: &AreaArgs) -> Result<Outcome, Failure> {
    let op = if a.op.starts_with(&format!("{area}.")) { a.op.clone() } else { format!("{area}.{}", a.op) };
    if !datafee::api::operations().contains(&op.as_str()) {
        let ops: Vec<&str> = datafee::api::operations().into_iter().filter(|o| o.starts_with(&format!("{area}."))).collect();
        return Err(Failure::Input(format!("unknown operation {op:?}; the {area} operations are: {}", ops.join(", "))));
    }
    call(&CallArgs { op, input: a.input.clone(), compact: false })
}

/// `datafee call`: one JSON operation.
pub fn call(a: &CallArgs) -> Result<Outcome, Failure> {
    let op_input = input::json(&a.input)?;
    let mut text = datafee::api::call_text(&a.op, op_input).map_err(|e| Failure::core(&a.input, &e))?;
    if a.compact {
        text.push('\n');
    } else {
        let out: serde_json::Value = serde_json::from_str(&text).map_err(|e| Failure::Output(format!("reading the result: {e}")))?;
        text = output::json_text(&out)?;
    }
    output::stdout(&text)
}
