//! `chain.run` at scale (issue 15 item 5): above `MAX_RUN_PRODUCTS` products it is refused with
//! `limit_exceeded` on `catalog.products` before the chain runs (its working papers would be
//! about 7.5 KB per product); the message points to `chain.figures` (answered at 100,000
//! products in the resource tests, release builds).

use datafee::scenario::ops::MAX_RUN_PRODUCTS;
use serde_json::{json, Value};

/// `n` products, each offered in one chargeable scenario with a cost and a forecast.
fn scenario(n: usize) -> Value {
    let id = |i: usize| format!("p{i:06}");
    json!({
        "name": "scale", "first_year": 2026, "profile": {"period_years": 1},
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
