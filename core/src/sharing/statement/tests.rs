//! Tests of [`super`] (statement.rs).

use super::*;
use serde_json::json;

fn layers(revenue: &str) -> serde_json::Value {
    json!({"product": "p08", "revenue": revenue, "tax_basis": "vat_exclusive", "vat_rate": "0.06", "surcharge_rate": "0.12",
        "layer1": [{"id": "bureau", "name": "市数据资源局", "ratio": "0.10", "treasury": "city"},
                   {"id": "taxb", "name": "市税务局", "ratio": "0.05", "treasury": "central"}],
        "layer2": {"parties": [{"id": "op", "kind": "operator", "recognised_cost": "300.00", "ratio": "0.6"},
                               {"id": "pt", "kind": "partner", "recognised_cost": "100.00", "ratio": "0.4"}],
                   "operator_profit": {"rule": "fixed", "value": "20.00"}, "method": "fixed_ratios"}})
}

fn run(v: serde_json::Value) -> Result<Statement> {
    statement(&crate::doc::from_value::<StatementInput>(v)?)
}

#[test]
fn copies_the_two_layer_result_and_offsets_in_kind() {
    let period = json!({"from": "2026-01-01", "to": "2026-03-31"});
    let st = run(json!({"period": period, "sharing": {"two_layer": layers("1000.00")},
        "in_kind": [{"unit": "bureau", "kind": "technology", "description": "platform", "basis": "market_price", "amount": "30.00", "date": "2026-02-01"},
                    {"unit": "taxb", "kind": "service", "basis": "cost", "amount": "50.00", "date": "2026-03-31"}],
        "carried_in": [{"unit": "bureau", "amount": "5.00"}]}))
    .unwrap();
    let tl = two_layer(&crate::doc::from_value(layers("1000.00")).unwrap()).unwrap();
    // The unit lines are the two-layer figures.
    assert_eq!(st.lines[0].share, tl.layer1[0].remitted);
    assert_eq!(st.lines[0].taxes, tl.layer1[0].related_taxes);
    assert_eq!(st.lines[3].share, tl.layer2.parties[1].total);
    let b = &st.parties[0];
    assert_eq!(b.in_kind_offset.get(), b.in_kind_valued.get() + b.carried_in.get());
    assert_eq!(b.in_kind_offset.get() + b.remitted.get(), b.share.get());
    // taxb's 50.00 exceeds its 49.xx share: the rest is carried.
    let t = &st.parties[1];
    assert_eq!(t.remitted.get(), Decimal::ZERO);
    assert_eq!(t.in_kind_offset.get() + t.carried_forward.get(), t.in_kind_valued.get());
    assert_eq!(st.shares.get() + st.taxes.get(), st.revenue.get());
    assert_eq!(st.in_kind_offset.get() + st.remitted.get(), st.shares.get());
    let tables = st.tables();
    assert_eq!(tables.tables.len(), 6);
    assert!(crate::disclosure::to_markdown(&tables).contains("收益分配账单"));
}

#[test]
fn renders_in_every_format() {
    let input = |format: &str| {
        json!({"period": {"from": "2026-01-01", "to": "2026-03-31"}, "sharing": {"two_layer": layers("1000.00")},
            "in_kind": [{"unit": "bureau", "kind": "product", "description": "=cmd|' /C calc'!A0 <script>", "basis": "appraisal",
                         "amount": "12.34", "date": "2026-01-31"}], "format": format})
    };
    let csv = crate::api::call("sharing.statement", input("csv")).unwrap();
    let parties = csv["tables"]["statement_parties"].as_str().unwrap();
    assert!(parties.starts_with("party,name,payee,revenue_basis,taxes,"));
    assert!(parties.contains("bureau,市数据资源局,unit 行政事业单位,1000.00,"));
    // A formula-looking description is guarded in CSV.
    assert!(csv["tables"]["in_kind_support"].as_str().unwrap().contains(",'=cmd|"));
    for t in ["statement_lines", "statement_products", "treasury", "statement_totals"] {
        assert!(csv["tables"][t].is_string(), "{t}");
    }
    let md = crate::api::call("sharing.statement", input("markdown")).unwrap();
    let md = md["content"].as_str().unwrap();
    assert!(md.contains("# Revenue allocation statement 收益分配账单") && md.contains("&lt;script&gt;"));
    let html = crate::api::call("sharing.statement", input("html")).unwrap();
    let html = html["content"].as_str().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script>"));
    let json = crate::api::call("sharing.statement", input("json")).unwrap();
    assert_eq!(json["parties"][0]["in_kind_offset"], "12.34");
}

#[test]
fn refusals_name_the_field() {
    let period = json!({"from": "2026-01-01", "to": "2026-03-31"});
    let e = run(json!({"period": period, "sharing": {"two_layer": layers("1000.00")},
        "in_kind": [{"unit": "op", "kind": "service", "basis": "cost", "amount": "1.00", "date": "2026-02-01"}]}))
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_id", "in_kind[0].unit"));
    let e = run(json!({"period": period, "sharing": {"two_layer": layers("1000.00")},
        "in_kind": [{"unit": "bureau", "kind": "service", "basis": "cost", "amount": "1.00", "date": "2026-04-01"}]}))
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "in_kind[0].date"));
    let e = run(json!({"period": period, "sharing": {"two_layer": layers("1000.00")},
        "in_kind": [{"unit": "bureau", "kind": "service", "basis": "cost", "amount": "0.00", "date": "2026-02-01"}]}))
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "in_kind[0].amount"));
    let e = run(json!({"period": period, "sharing": {"two_layer": layers("-1.00")}})).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "sharing.two_layer.revenue"));
    let e = run(json!({"period": period, "sharing": {"settlement": {"period": {"from": "2026-01-01", "to": "2026-02-28"},
        "products": [{"sharing": layers("1000.00"), "collected": "1.00"}],
        "schedule": {"treasury": {"city": "2026-04-15", "central": "2026-04-15"}, "parties": "2026-04-30"}}}}))
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "sharing.settlement.period"));
    let e = run(json!({"period": period, "sharing": {"two_layer": layers("1000.00")}, "carried_in": [{"unit": "bureau", "amount": "-1.00"}]})).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "carried_in[0].amount"));
    let mut b = layers("500.00");
    b["product"] = json!("p09");
    b["layer1"][0]["treasury"] = json!("province");
    let e = run(json!({"period": period, "sharing": {"settlement": {"period": period,
        "products": [{"sharing": layers("1000.00"), "collected": "1000.00"}, {"sharing": b, "collected": "500.00"}],
        "schedule": {"treasury": {"city": "2026-04-15", "province": "2026-04-15", "central": "2026-04-15"}, "parties": "2026-04-30"}}}}))
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "sharing.settlement.products[1].sharing.layer1[0]"));
}
