//! Rating at scale (计费规模): memory stays proportional to the input (issue 15 item 2).

use serde_json::{json, Value};

fn tariff() -> Value {
    json!({
        "catalog": {"scenarios": [{"id": "fin", "name": "Finance", "category": "industry_development"},
                                  {"id": "gov", "name": "Governance", "category": "public_governance"}],
                    "products": [{"id": "credit", "name": "Credit API", "service_form": "api", "charging_form": "per_call", "scenarios": ["fin", "gov"]}]},
        "fees": [{"product": "credit", "scenario": "fin", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "0.50"}, "cap": "0.60"}],
        "period": {"start": "2025-01-01", "end": "2025-02-01"}, "vat_rate": "0.06"
    })
}

#[test]
fn one_customer_per_record_stays_proportional() {
    let n = 200_000;
    let records: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("r{i}"), "customer": format!("c{i}"), "product": "credit", "scenario": if i % 3 == 0 { "gov" } else { "fin" }, "quantity": "3", "time": "2025-01-05"}))
        .collect();
    let input = json!({"tariff": tariff(), "records": records});
    let input_len = input.to_string().len();
    let out = datafee::api::call("rating.rate", input).unwrap();
    let text = out.to_string();
    eprintln!("input {input_len} bytes, output {} bytes", text.len());
    let invoices = out["invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), n);
    // Working papers on the first invoices only, lines included; none beyond.
    let explained = invoices.iter().filter(|i| i.get("explanation").is_some()).count();
    assert_eq!(explained, datafee::rating::MAX_EXPLAINED_INVOICES);
    assert!(invoices[..explained].iter().all(|i| i["lines"][0].get("explanation").is_some()));
    assert!(invoices[explained..].iter().all(|i| i["lines"][0].get("explanation").is_none()));
    let notes = out["explanation"]["notes"].to_string();
    assert!(notes.contains(&format!("first {explained} of {n} invoices")), "{notes}");
    // Proportional: a few times the input, not a hundred (it was 15 times before the bound).
    assert!(text.len() < 6 * input_len, "output {} bytes for {input_len} bytes in", text.len());
    assert_eq!(out["rated"], n as u64);
}

#[test]
fn small_runs_explain_every_invoice() {
    let records: Vec<Value> = (0..30)
        .map(|i| json!({"id": format!("r{i}"), "customer": format!("c{}", i % 7), "product": "credit", "scenario": "fin", "quantity": "1", "time": "2025-01-05"}))
        .collect();
    let out = datafee::api::call("rating.rate", json!({"tariff": tariff(), "records": records})).unwrap();
    let invoices = out["invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), 7);
    assert!(invoices.iter().all(|i| i.get("explanation").is_some() && i["lines"][0].get("explanation").is_some()));
    assert!(!out["explanation"]["notes"].to_string().contains("working papers attached"));
    let out = datafee::api::call("rating.rate", json!({"tariff": tariff(), "records": records, "explain": false})).unwrap();
    assert!(out["invoices"].as_array().unwrap().iter().all(|i| i.get("explanation").is_none()));
}
