//! `chain.run` at scale (issue 15 item 5): above `MAX_RUN_PRODUCTS` products it is refused with
//! `limit_exceeded` on `catalog.products` before the chain runs (its working papers would be
//! about 7.5 KB per product); the message points to `chain.figures`. Every operation that runs
//! the chain is bounded by `MAX_CHAIN_LINES` cap lines (uses × years), checked before the
//! scenario's other checks (answered at the limit in the resource tests, release builds).

use datafee::scenario::ops::MAX_RUN_PRODUCTS;
use datafee::scenario::MAX_CHAIN_LINES;
use serde_json::{json, Value};

/// `n` products, each offered in one chargeable scenario with a cost and a forecast.
fn scenario(n: usize) -> Value {
    scenario_over(n, 1)
}

/// `n` products over a period of `years` years.
fn scenario_over(n: usize, years: usize) -> Value {
    let id = |i: usize| format!("p{i:06}");
    json!({
        "name": "scale", "first_year": 2026, "profile": {"period_years": years},
        "catalog": {
            "scenarios": [{"id": "ind", "name": "I", "category": "industry_development"}],
            "products": (0..n).map(|i| json!({"id": id(i), "name": id(i), "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["ind"]})).collect::<Vec<_>>()
        },
        "costs": {"ledger": {"entries": (0..n).map(|i| json!({"category": "personnel", "year": 2026, "product": id(i), "amount": "600.00"})).collect::<Vec<_>>()}},
        "forecasts": (0..n).map(|i| json!({"product": id(i), "scenario": "ind", "volume": "3000"})).collect::<Vec<_>>()
    })
}

#[test]
fn chain_run_above_its_product_limit_is_refused_naming_the_dimension() {
    let doc = scenario(MAX_RUN_PRODUCTS + 1);
    let e = datafee::api::call("chain.run", json!({ "document": doc })).unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("limit_exceeded", "catalog.products", (MAX_RUN_PRODUCTS + 1).to_string().as_str()));
    assert!(e.to_string().contains("chain.figures"), "{e}");
}

#[test]
fn chain_run_at_a_small_size_is_answered_with_papers() {
    let out = datafee::api::call("chain.run", json!({ "document": scenario(3) })).unwrap();
    assert_eq!(out["caps"][0]["lines"].as_array().unwrap().len(), 3);
    assert!(out["caps"][0]["lines"][0]["explanation"].is_object());
}

#[test]
fn every_chain_operation_past_the_chain_lines_limit_is_refused_naming_the_lines() {
    // 12,001 uses over ten years: 120,010 cap lines, one past the limit, although the catalog
    // is far below any product limit of its own.
    let doc = scenario_over(MAX_CHAIN_LINES / 10 + 1, 10);
    for op in ["chain.figures", "chain.validate", "chain.quote", "disclosure.fee_list"] {
        let mut input = json!({ "document": doc.clone() });
        if op == "chain.quote" {
            input["product"] = json!("p000000");
            input["scenario"] = json!("ind");
            input["quantity"] = json!("1");
        }
        let e = datafee::api::call(op, input).unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("limit_exceeded", "catalog.products", "120010"), "{op}: {e}");
        assert!(e.to_string().contains("cap lines"), "{e}");
    }
}

#[test]
fn a_chain_at_the_lines_limit_is_answered() {
    // Exactly the limit: 12,000 uses over ten years.
    let doc = scenario_over(MAX_CHAIN_LINES / 10, 10);
    let out = datafee::api::call("chain.validate", json!({ "document": doc })).unwrap();
    assert_eq!(out["valid"], json!(true));
}
