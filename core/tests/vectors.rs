//! Golden vectors: every `tests/vectors/*.json` file, run through `datafee::api::call`.
//!
//! A vector file is `{"cases": [case, ...]}`; a case is
//! `{"name": .., "op": .., "input": .., "expected": ..}` or
//! `{"name": .., "op": .., "input": .., "error": {"code": .., "field": ..}}`.
//! `expected` matches as a subset: every key it names must be present with an equal
//! value (recursively; arrays element by element with equal length). The Python and
//! JavaScript suites implement the same rule.

use std::path::PathBuf;

use serde_json::Value;

fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).ok_or_else(|| format!("{path}.{k}: missing in result"))?;
                subset(ev, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: expected {} items, got {}", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(ev, av, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Every `tests/vectors/*.json` file, sorted by name.
fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    files
}

#[test]
fn golden_vectors() {
    let files = vector_files();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for case in doc["cases"].as_array().unwrap_or_else(|| panic!("{name}: no cases")) {
            count += 1;
            let cname = format!("{name}: {}", case["name"].as_str().unwrap_or("?"));
            let op = case["op"].as_str().unwrap_or_else(|| panic!("{cname}: no op"));
            let got = datafee::api::call(op, case["input"].clone());
            match (got, case.get("expected"), case.get("error")) {
                (Ok(v), Some(exp), None) => {
                    if let Err(m) = subset(exp, &v, "") {
                        failures.push(format!("{cname}: {m}"));
                    }
                }
                (Err(e), None, Some(err)) => {
                    let want = serde_json::json!({"code": e.code(), "field": e.field(), "value": e.value()});
                    if let Err(m) = subset(err, &want, "error") {
                        failures.push(format!("{cname}: {m} (message: {e})"));
                    }
                }
                (Ok(v), _, Some(err)) => failures.push(format!("{cname}: expected error {err}, got {v}")),
                (Err(e), Some(_), _) => failures.push(format!("{cname}: unexpected error {} at {}: {e}", e.code(), e.field())),
                _ => failures.push(format!("{cname}: case needs exactly one of expected / error")),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} vectors failed:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{count} vectors passed");
}

/// The one result writer (`op::text`) writes every vector's result byte for byte as the
/// `serde_json::Value` path did (sorted keys, same number and string text), and refuses the
/// same inputs with the same error.
#[test]
fn result_text_is_byte_identical_to_the_value_path() {
    let files = vector_files();
    let (mut same, mut failures) = (0, Vec::new());
    for file in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for case in doc["cases"].as_array().unwrap() {
            let cname = format!("{name}: {}", case["name"].as_str().unwrap_or("?"));
            let Ok(entry) = datafee::op::find(case["op"].as_str().unwrap()) else { continue };
            let text = entry.call_text(case["input"].clone());
            let reference = entry.call_through_value(case["input"].clone());
            match (text, reference) {
                (Ok(t), Ok(r)) if t == r => same += 1,
                (Ok(t), Ok(r)) => {
                    let at = t.bytes().zip(r.bytes()).position(|(a, b)| a != b).unwrap_or(t.len().min(r.len()));
                    failures.push(format!(
                        "{cname}: differs at byte {at}: {:?} vs {:?}",
                        &t[at.saturating_sub(40)..(at + 40).min(t.len())],
                        &r[at.saturating_sub(40)..(at + 40).min(r.len())]
                    ));
                }
                (Err(a), Err(b)) if a.to_string() == b.to_string() => {}
                (a, b) => failures.push(format!("{cname}: {:?} vs {:?}", a.map(|_| ()), b.map(|_| ()))),
            }
        }
    }
    assert!(failures.is_empty(), "{} results differ:\n{}", failures.len(), failures.join("\n"));
    assert!(same > 100, "only {same} results compared");
    eprintln!("{same} results byte-identical");
}

/// The text entry the bindings call (`api::call_json`, which reads a plain input straight from
/// its text, no `Value`: `OpInput::parse_text`) answers every vector exactly as the `Value`
/// path does: the same result bytes, or the same error (code, field, value, message); with
/// and without the duplicate-key pass.
#[test]
fn the_text_entry_answers_every_vector_as_the_value_path() {
    let files = vector_files();
    let key = |r: datafee::Result<String>| r.map_err(|e| (e.code(), e.field().to_string(), e.value().to_string(), e.to_string()));
    let (mut compared, mut failures) = (0, Vec::new());
    for file in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for case in doc["cases"].as_array().unwrap() {
            let op = case["op"].as_str().unwrap();
            let text = case["input"].to_string();
            let reference = key(datafee::api::call_text(op, case["input"].clone()));
            for (checked, got) in [(true, datafee::api::call_json(op, &text)), (false, datafee::api::call_json_unique_keys(op, &text))] {
                let got = key(got);
                if got != reference {
                    failures.push(format!(
                        "{name}: {} (duplicate pass {checked}): {:?} vs {:?}",
                        case["name"],
                        got.map(|t| t.len()),
                        reference.clone().map(|t| t.len())
                    ));
                }
            }
            compared += 1;
        }
    }
    assert!(failures.is_empty(), "{} answers differ:\n{}", failures.len(), failures.join("\n"));
    assert!(compared > 200, "only {compared} vectors compared");
}
