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

#[test]
fn golden_vectors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
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
