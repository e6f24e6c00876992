//! `datafee export-xlsx` and `datafee import`: the regulators' spreadsheets (监管报表) through
//! the `datafee-xlsx` crate.

use std::path::Path;

use datafee::disclosure::{fee_list_with, AnnualReport, Publication};
use serde_json::{json, Value};

use crate::fail::Failure;
use crate::{input, output, ExportArgs, ExportWhat, ImportArgs, ImportKind, Outcome};

/// An error of the spreadsheet crate about `path`: `file: [code] message`.
fn xlsx_failure(path: &Path, e: &datafee_xlsx::Error) -> Failure {
    Failure::input(path, format!("[{}] {e}", e.code()))
}

/// `datafee export-xlsx`: the fee list, the annual report or the working papers as .xlsx.
pub fn export(a: &ExportArgs) -> Result<Outcome, Failure> {
    let doc = input::scenario(&a.scenario)?;
    let chain = datafee::scenario::run(&doc).map_err(|e| Failure::core(&a.scenario, &e))?;
    let year = a.year.unwrap_or(doc.first_year);
    if matches!(a.what, ExportWhat::FeeList | ExportWhat::Report) && chain.caps_for(year).is_none() {
        let years: Vec<String> = chain.caps.iter().map(|c| c.year.to_string()).collect();
        return Err(Failure::input(&a.scenario, format!("[out_of_range] year: {year} is not a year of the pricing period ({})", years.join(", "))));
    }
    let bytes = match a.what {
        ExportWhat::FeeList => {
            let list = fee_list_with(&doc, &chain, year, &Publication::default()).map_err(|e| Failure::core(&a.scenario, &e))?;
            datafee_xlsx::disclosure_to_xlsx(&list)
        }
        ExportWhat::Report => {
            let Some(actual) = &a.actual else {
                return Err(Failure::Input("export-xlsx report needs --actual (the year's actual lines as JSON)".into()));
            };
            let mut op_input = match input::json(actual)? {
                Value::Array(lines) => json!({ "actual": lines }),
                Value::Object(m) => Value::Object(m),
                _ => return Err(Failure::input(actual, "[parse] expected an array of actual lines or an object {actual, shares?}")),
            };
            let doc_value = serde_json::to_value(&doc).map_err(|e| Failure::input(&a.scenario, format!("cannot convert the scenario to JSON: {e}")))?;
            if let Value::Object(m) = &mut op_input {
                m.insert("document".into(), doc_value);
                m.insert("year".into(), json!(year));
            }
            let what = format!("{} with {}", a.scenario.display(), actual.display());
            let out = datafee::api::call("disclosure.annual_report", op_input).map_err(|e| Failure::core_in(&what, &e))?;
            let report: AnnualReport = serde_json::from_value(out).map_err(|e| Failure::Input(format!("{what}: the report does not read back: {e}")))?;
            datafee_xlsx::disclosure_to_xlsx(&report)
        }
        ExportWhat::Papers => datafee_xlsx::working_paper_to_xlsx(&chain.working_paper(a.prefix.as_deref().unwrap_or(""))),
    }
    .map_err(|e| Failure::Output(format!("{}: [{}] {e}", a.out.display(), e.code())))?;
    std::fs::write(&a.out, bytes).map_err(|e| Failure::output(&a.out, e))?;
    Ok(Outcome::Done)
}

/// `datafee import`: a ledger, asset register, forecasts or approvals sheet as JSON.
pub fn import(a: &ImportArgs) -> Result<Outcome, Failure> {
    let bytes = read_bounded(&a.file)?;
    let csv = a.file.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let name = a.file.file_name().map_or_else(|| a.file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let input =
        if csv { datafee_xlsx::Input::Csv { bytes: &bytes, name: &name } } else { datafee_xlsx::Input::Xlsx { bytes: &bytes, sheet: a.sheet.as_deref() } };
    let fail = |e: datafee_xlsx::Error| xlsx_failure(&a.file, &e);
    let text = match a.kind {
        ImportKind::Ledger => output::json_text(&datafee_xlsx::import_ledger(input).map_err(fail)?)?,
        ImportKind::Assets => output::json_text(&datafee_xlsx::import_assets(input).map_err(fail)?)?,
        ImportKind::Forecasts => output::json_text(&datafee_xlsx::import_forecasts(input).map_err(fail)?)?,
        ImportKind::Approvals => output::json_text(&datafee_xlsx::import_approvals(input).map_err(fail)?)?,
    };
    match &a.out {
        Some(p) => output::file(p, &text).map(|()| Outcome::Done),
        None => output::stdout(&text),
    }
}

/// Read a whole file, refusing one above the spreadsheet crate's limit before reading it.
fn read_bounded(path: &Path) -> Result<Vec<u8>, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| Failure::input(path, format!("cannot read: {e}")))?;
    if meta.len() > datafee_xlsx::MAX_FILE_BYTES {
        return Err(Failure::input(path, format!("[limit_exceeded] file: {} bytes exceeds the limit of {} bytes", meta.len(), datafee_xlsx::MAX_FILE_BYTES)));
    }
    std::fs::read(path).map_err(|e| Failure::input(path, format!("cannot read: {e}")))
}
