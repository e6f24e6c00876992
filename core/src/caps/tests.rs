//! Tests of [`super`] (caps.rs).

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn catalog() -> Catalog {
    crate::doc::from_json(
        r#"{"scenarios": [{"id":"ind","name":"Industry","category":"industry_development"},
                      {"id":"gov","name":"Governance","category":"public_governance"}],
        "products": [{"id":"a","name":"A","service_form":"api","charging_form":"per_call","scenarios":["ind","gov"]},
                     {"id":"b","name":"B","service_form":"report","charging_form":"per_item","scenarios":["ind"]}]}"#,
    )
    .unwrap()
}

fn fc(p: &str, s: &str, v: &str) -> Forecast {
    Forecast { product: p.into(), scenario: s.into(), year: None, volume: Quantity::new(d(v)) }
}

#[test]
fn caps_floor_and_stay_within_requirement() {
    let c = catalog();
    let costs: HashMap<String, Decimal> = [("a".to_string(), d("600")), ("b".to_string(), d("300"))].into();
    let f = [fc("a", "ind", "3000"), fc("a", "gov", "1000"), fc("b", "ind", "7")];
    let p = Policy::national();
    let y = caps_for_year(&CapInputs { catalog: &c, policy: &p, year: 2026, mpr: Amount::new(d("1000")), product_costs: &costs, forecasts: &f, weights: &[] })
        .unwrap();
    // a/ind carries 450 of cost, b/ind 300: RR_a = 1000 × 450/750 = 600, RR_b = 400
    let a = y.line("a", "ind").unwrap();
    assert_eq!(a.requirement.get(), d("600.00"));
    assert_eq!(a.cap.unwrap().get(), d("0.200")); // per call: 0.001 unit
    let b = y.line("b", "ind").unwrap();
    assert_eq!(b.cap.unwrap().get(), d("57.14")); // floor(400 / 7, 0.01)
    assert!(y.revenue_at_caps.get() <= y.requirement.get());
    assert_eq!(y.headroom.get(), d("1000") - d("600") - d("399.98"));
    assert!(!y.line("a", "gov").unwrap().chargeable);
}

#[test]
fn budget_funded_free_costs_and_errors() {
    let c = catalog();
    let costs: HashMap<String, Decimal> = [("a".to_string(), d("600")), ("b".to_string(), d("300"))].into();
    let f = [fc("a", "ind", "3000"), fc("a", "gov", "1000"), fc("b", "ind", "7")];
    let mut p = Policy::national();
    p.free_cost_recovery = FreeCostRecovery::BudgetFunded;
    let inp = CapInputs { catalog: &c, policy: &p, year: 2026, mpr: Amount::new(d("1000")), product_costs: &costs, forecasts: &f, weights: &[] };
    let y = caps_for_year(&inp).unwrap();
    assert_eq!(y.free_cost.get(), d("150.00"));
    assert_eq!(y.requirement.get(), d("850.00"));
    let f0 = [fc("a", "ind", "0"), fc("b", "ind", "7")];
    let e = caps_for_year(&CapInputs { forecasts: &f0, ..inp }).unwrap_err();
    assert_eq!(e.code(), "zero_forecast_volume");
    let w = [PairWeight { product: "a".into(), scenario: "gov".into(), weight: d("1") }];
    let e = caps_for_year(&CapInputs { weights: &w, ..inp }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("free_scenario_charged", "weights[0]"));
    let w = [PairWeight { product: "a".into(), scenario: "ind".into(), weight: d("1") }];
    assert_eq!(caps_for_year(&CapInputs { weights: &w, ..inp }).unwrap_err().code(), "missing");
}
