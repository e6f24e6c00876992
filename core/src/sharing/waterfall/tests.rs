//! Tests of [`super`] (waterfall.rs).

use super::*;

fn agreement(json: &str) -> Agreement {
    crate::doc::from_json(json).unwrap()
}

fn totals(w: &Waterfall) -> Vec<String> {
    w.parties.iter().map(|p| p.total.to_string()).collect()
}

const BASE: &str = r#""parties": [
    {"id": "ds", "kind": "data_source", "administrative": true, "recognised_cost": "100.00", "ratio": "0.3", "weight": "1"},
    {"id": "op", "kind": "operator", "recognised_cost": "300.00", "ratio": "0.5", "weight": "1"},
    {"id": "pt", "kind": "partner", "recognised_cost": "100.00", "ratio": "0.2", "weight": "1"}]"#;

#[test]
fn loss_pro_rata_to_cost() {
    let a = agreement(&format!(r#"{{"product": "p", {BASE}, "tax": {{"rate": "0.06"}}, "method": "fixed_ratios"}}"#));
    // 400 − 24 tax = 376 of 500 costs: 75.2 / 225.6 / 75.2, loss 24.8 / 74.4 / 24.8
    let w = waterfall(&a, Amount::new(Decimal::from(400))).unwrap();
    assert_eq!(totals(&w), ["75.20", "225.60", "75.20"]);
    let losses: Vec<String> = w.parties.iter().map(|p| p.loss.to_string()).collect();
    assert_eq!(losses, ["24.80", "74.40", "24.80"]);
    assert_eq!(w.shortfall.to_string(), "124.00");
    assert_eq!(w.remainder.to_string(), "0.00");
    assert_eq!(w.non_tax_revenue.to_string(), "75.20");
}

#[test]
fn loss_shared_equally() {
    let a = agreement(&format!(r#"{{"product": "p", {BASE}, "method": "weights", "loss_rule": "equal"}}"#));
    // 400 of 500: loss 100 / 3 = 33.34 (ds, smallest id... "ds" < "op" < "pt"), 33.33, 33.33
    let w = waterfall(&a, Amount::new(Decimal::from(400))).unwrap();
    assert_eq!(totals(&w), ["66.66", "266.67", "66.67"]);
}

#[test]
fn profit_limited_and_caps() {
    let a = agreement(&format!(r#"{{"product": "p", {BASE}, "operator_profit": {{"rule": "fixed", "value": "80.00"}}, "method": "weights"}}"#));
    let w = waterfall(&a, Amount::new(Decimal::from(550))).unwrap();
    assert_eq!(w.operator_profit.to_string(), "50.00");
    assert_eq!(totals(&w), ["100.00", "350.00", "100.00"]);
    let a = agreement(
        r#"{"product": "p", "parties": [
          {"id": "a", "kind": "data_source", "weight": "1", "max_share": "10.00"},
          {"id": "b", "kind": "partner", "weight": "1"}], "method": "weights"}"#,
    );
    let w = waterfall(&a, Amount::new(Decimal::from(100))).unwrap();
    assert_eq!(totals(&w), ["10.00", "90.00"]);
}

#[test]
fn shapley_and_contribution_methods() {
    let a = agreement(
        r#"{"product": "p", "parties": [
          {"id": "a", "kind": "data_source"}, {"id": "b", "kind": "operator"}, {"id": "c", "kind": "partner"}],
          "method": {"shapley": {"game": {"airport": {"costs": [
            {"id": "c", "cost": "30"}, {"id": "a", "cost": "10"}, {"id": "b", "cost": "20"}]}}}}}"#,
    );
    // weights 10/3 : 25/3 : 55/3 = 2 : 5 : 11 of 90 → 10 / 25 / 55
    let w = waterfall(&a, Amount::new(Decimal::from(90))).unwrap();
    assert_eq!(totals(&w), ["10.00", "25.00", "55.00"]);
    let a = agreement(
        r#"{"product": "p", "parties": [{"id": "a", "kind": "data_source"}, {"id": "b", "kind": "operator"}],
          "method": {"contribution": {"indicators": [{"id": "q", "weight": "1"}],
            "parties": [{"id": "b", "values": {"q": "3"}}, {"id": "a", "values": {"q": "1"}}]}}}"#,
    );
    let w = waterfall(&a, Amount::new(Decimal::from(100))).unwrap();
    assert_eq!(totals(&w), ["25.00", "75.00"]);
}

#[test]
fn refusals() {
    let bad = |json: &str, revenue: i64| waterfall(&agreement(json), Amount::new(Decimal::from(revenue))).unwrap_err();
    let e = bad(r#"{"product": "p", "parties": [{"id": "a", "kind": "operator", "administrative": true, "weight": "1"}], "method": "weights"}"#, 1);
    assert_eq!((e.code(), e.field()), ("invalid", "agreement.parties[0].administrative"));
    let e = bad(r#"{"product": "p", "parties": [{"id": "a", "kind": "operator", "ratio": "0.5"}], "method": "fixed_ratios"}"#, 1);
    assert_eq!((e.code(), e.field()), ("invalid", "agreement.parties"));
    let e = bad(r#"{"product": "p", "parties": [{"id": "a", "kind": "operator"}], "method": "weights"}"#, 1);
    assert_eq!((e.code(), e.field()), ("missing", "agreement.parties[0].weight"));
    let e = bad(
        r#"{"product": "p", "parties": [{"id": "a", "kind": "partner", "weight": "1"}], "operator_profit": {"rule": "fixed", "value": "1.00"}, "method": "weights"}"#,
        1,
    );
    assert_eq!((e.code(), e.field()), ("missing", "agreement.parties"));
    let e = bad(
        r#"{"product": "p", "parties": [{"id": "a", "kind": "partner"}], "method": {"shapley": {"game": {"additive": {"values": [{"id": "z", "value": "1"}]}}}}}"#,
        1,
    );
    assert_eq!((e.code(), e.field()), ("unknown_id", "agreement.method.shapley.game"));
    let e = bad(
        r#"{"product": "p", "parties": [{"id": "a", "kind": "partner"}, {"id": "b", "kind": "partner"}], "method": {"shapley": {"game": {"additive": {"values": [{"id": "a", "value": "1"}, {"id": "b", "value": "-1"}]}}}}}"#,
        1,
    );
    assert_eq!((e.code(), e.field()), ("out_of_range", "agreement.method.shapley.game"));
    let e = bad(r#"{"product": "p", "parties": [{"id": "a", "kind": "partner", "weight": "1"}], "tax": {"fixed": "5.00"}, "method": "weights"}"#, 1);
    assert_eq!((e.code(), e.field()), ("out_of_range", "agreement.tax.fixed"));
    let e = bad(r#"{"product": "p", "parties": [{"id": "a", "kind": "partner", "weight": "1"}], "method": "weights"}"#, -1);
    assert_eq!((e.code(), e.field()), ("out_of_range", "revenue"));
}
