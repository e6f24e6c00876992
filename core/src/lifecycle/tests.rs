use serde_json::{json, Value};

use super::*;
use crate::rating::{rate, rate_raw, RaterOptions, RawRecord, Tariff, UsageRecord};

/// Two products (one registered 2026-01-01 and withdrawn 2026-03-01; one registered from
/// 2026-02-01), a paid and a free scenario, a 5-year authorization from 2026-01-01 with
/// April 2026 suspended, approvals for acme (paid and free on `reg`) and beta (paid only).
fn tariff() -> Value {
    json!({
        "catalog": {
            "scenarios": [{"id": "fin", "name": "Finance", "category": "industry_development"},
                          {"id": "edu", "name": "Education", "category": "public_welfare"}],
            "products": [
                {"id": "reg", "name": "Registered", "service_form": "api", "charging_form": "per_call", "scenarios": ["fin", "edu"],
                 "registration_number": "HB-2026-0001", "registration_level": "provincial", "approved_on": "2026-01-01", "withdrawn_on": "2026-06-01"},
                {"id": "late", "name": "Late", "service_form": "api", "charging_form": "per_call", "scenarios": ["fin"],
                 "registration_number": "HB-2026-0002", "approved_on": "2026-02-01"},
                {"id": "none", "name": "Unregistered", "service_form": "api", "charging_form": "per_call", "scenarios": ["fin"]}
            ]
        },
        "fees": [{"product": "reg", "scenario": "fin", "effective": "2025-12-01", "schedule": {"kind": "flat", "price": "1.00"}, "cap": "1.00"},
                 {"product": "late", "scenario": "fin", "effective": "2025-12-01", "schedule": {"kind": "flat", "price": "2.00"}, "cap": "2.00"},
                 {"product": "none", "scenario": "fin", "effective": "2025-12-01", "schedule": {"kind": "flat", "price": "3.00"}, "cap": "3.00"}],
        "period": {"start": "2025-12-01", "end": "2027-01-01"},
        "vat_rate": "0",
        "lifecycle": {
            "authorization": {"operator": "op", "start": "2026-01-01", "term_years": 5,
                              "suspensions": [{"start": "2026-04-01", "end": "2026-05-01", "reason": "rectification"}]},
            "approvals": [
                {"customer": "acme", "product": "reg", "scenario": "fin", "start": "2026-01-01", "end": "2027-01-01"},
                {"customer": "acme", "product": "reg", "scenario": "edu", "start": "2026-01-01", "end": "2027-01-01"},
                {"customer": "acme", "product": "late", "scenario": "fin", "start": "2026-01-01", "end": "2027-01-01"},
                {"customer": "acme", "product": "none", "scenario": "fin", "start": "2026-01-01", "end": "2027-01-01"},
                {"customer": "beta", "product": "reg", "scenario": "fin", "start": "2026-02-01", "end": "2026-03-01"}
            ]
        }
    })
}

fn rec(id: &str, customer: &str, product: &str, scenario: &str, day: &str) -> UsageRecord {
    crate::doc::from_value(json!({"id": id, "customer": customer, "product": product, "scenario": scenario, "quantity": "1", "time": day})).unwrap()
}

fn cases() -> Vec<(UsageRecord, &'static str)> {
    vec![
        (rec("a", "acme", "reg", "fin", "2026-01-10"), "charged"),
        (rec("b", "acme", "reg", "edu", "2026-01-10"), "free"),
        (rec("c", "acme", "reg", "fin", "2025-12-31"), "outside_authorization"),
        (rec("d", "acme", "reg", "fin", "2026-04-15"), "suspended"),
        (rec("e", "acme", "reg", "fin", "2026-05-01"), "charged"),
        (rec("f", "acme", "reg", "fin", "2026-06-01"), "product_withdrawn"),
        (rec("g", "acme", "late", "fin", "2026-01-31"), "product_not_registered"),
        (rec("h", "acme", "late", "fin", "2026-02-01"), "charged"),
        (rec("i", "acme", "none", "fin", "2026-02-01"), "product_not_registered"),
        (rec("j", "beta", "reg", "edu", "2026-02-10"), "scenario_not_approved"),
        (rec("k", "beta", "reg", "fin", "2026-02-10"), "charged"),
        (rec("l", "beta", "reg", "fin", "2026-03-01"), "scenario_not_approved"),
        (rec("m", "gamma", "reg", "fin", "2026-02-10"), "scenario_not_approved"),
    ]
}

fn status_code(s: crate::rating::Status) -> &'static str {
    match s {
        crate::rating::Status::Charged => "charged",
        crate::rating::Status::Free => "free",
        crate::rating::Status::Rejected(r) => r.code(),
    }
}

#[test]
fn the_gate_rejects_each_lifecycle_breach_with_its_reason() {
    let t: Tariff = crate::doc::from_value(tariff()).unwrap();
    let (records, want): (Vec<_>, Vec<_>) = cases().into_iter().unzip();
    let out = rate(&t, &records, RaterOptions { keep_records: true, explain: false }).unwrap();
    let got: Vec<&str> = out.records.as_ref().unwrap().iter().map(|o| status_code(o.status)).collect();
    assert_eq!(got, want);
    assert_eq!(out.counts.records_in, out.counts.rated + out.counts.rejected);
    // The same through the raw path.
    let customers = ["acme", "beta", "gamma"];
    let mut raw = Vec::new();
    for (i, r) in records.iter().enumerate() {
        raw.push(RawRecord {
            id: i as u64,
            quantity: 1,
            customer: customers.iter().position(|c| *c == r.customer).unwrap() as u32,
            product: t.catalog.products.iter().position(|p| p.id == r.product).unwrap() as u32,
            scenario: t.catalog.scenarios.iter().position(|s| s.id == r.scenario).unwrap() as u32,
            day: r.time.date().days(),
        });
    }
    let out2 = rate_raw(&t, &customers, &raw, 0, RaterOptions { keep_records: true, explain: false }).unwrap();
    let got2: Vec<&str> = out2.records.as_ref().unwrap().iter().map(|o| status_code(o.status)).collect();
    assert_eq!(got2, want);
    assert_eq!(
        out.counts.rejected_records.iter().map(|r| r.value.clone()).collect::<Vec<_>>(),
        out2.counts.rejected_records.iter().map(|r| r.value.clone()).collect::<Vec<_>>()
    );
}

#[test]
fn options_relax_the_gate() {
    let mut doc = tariff();
    doc["lifecycle"]["registration_required"] = json!(false);
    doc["lifecycle"]["approvals_cover"] = json!("free_uses");
    let t: Tariff = crate::doc::from_value(doc).unwrap();
    let (records, _): (Vec<_>, Vec<_>) = cases().into_iter().unzip();
    let out = rate(&t, &records, RaterOptions { keep_records: true, explain: false }).unwrap();
    let got: Vec<&str> = out.records.as_ref().unwrap().iter().map(|o| status_code(o.status)).collect();
    // Unregistered products rate; paid uses need no approval; free ones still do.
    assert_eq!(got[6], "charged");
    assert_eq!(got[8], "charged");
    assert_eq!(got[9], "scenario_not_approved");
    assert_eq!(got[11], "charged");
    assert_eq!(got[5], "charged", "withdrawal is a registration rule");
    // No lifecycle at all: the tariff rates as before.
    let mut doc = tariff();
    doc.as_object_mut().unwrap().remove("lifecycle");
    let t: Tariff = crate::doc::from_value(doc).unwrap();
    let out = rate(&t, &records, RaterOptions::default()).unwrap();
    assert_eq!(out.counts.rejected, 0);
}

#[test]
fn bad_lifecycle_documents_are_typed_errors() {
    let bad = |path: &[&str], v: Value| {
        let mut doc = tariff();
        let mut x = &mut doc;
        for p in &path[..path.len() - 1] {
            x = match p.parse::<usize>() {
                Ok(i) => &mut x[i],
                Err(_) => &mut x[*p],
            };
        }
        x[path[path.len() - 1]] = v;
        let e = crate::api::call("rating.validate", json!({"tariff": doc})).unwrap_err();
        (e.code().to_string(), e.field().to_string())
    };
    let f = |c: &str, f: &str| (c.to_string(), f.to_string());
    assert_eq!(bad(&["lifecycle", "approvals", "0", "end"], json!("2025-12-31")), f("invalid", "tariff.lifecycle.approvals[0].end"));
    assert_eq!(bad(&["lifecycle", "approvals", "0", "product"], json!("nope")), f("unknown_id", "tariff.lifecycle.approvals[0].product"));
    assert_eq!(bad(&["lifecycle", "approvals", "2", "scenario"], json!("edu")), f("invalid", "tariff.lifecycle.approvals[2].scenario"));
    assert_eq!(bad(&["lifecycle", "authorization", "term_years"], json!(6)), f("out_of_range", "tariff.lifecycle.authorization.term_years"));
    assert_eq!(
        bad(
            &["lifecycle", "authorization", "suspensions"],
            json!([{"start": "2026-04-01", "end": "2026-05-01"}, {"start": "2026-04-20", "end": "2026-06-01"}])
        ),
        f("invalid", "tariff.lifecycle.authorization.suspensions[1].start")
    );
    assert_eq!(bad(&["catalog", "products", "0", "withdrawn_on"], json!("2025-06-01")), f("out_of_range", "tariff.catalog.products[0].withdrawn_on"));
    assert_eq!(bad(&["catalog", "products", "0", "datasets"], json!(["ghost"])), f("unknown_id", "tariff.catalog.products[0].datasets[0]"));
    assert_eq!(bad(&["lifecycle", "check_credit_codes"], json!(true)), f("invalid", "tariff.lifecycle.approvals[0].customer"));
    assert_eq!(bad(&["lifecycle", "colour"], json!("red")).1, "tariff.lifecycle.colour");
}

#[test]
fn pricing_period_and_exit_settlement() {
    let lc: Lifecycle = crate::doc::from_value(tariff()["lifecycle"].clone()).unwrap();
    lc.check_pricing_period(2026, 5).unwrap();
    let e = lc.check_pricing_period(2028, 4).unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("out_of_range", "pricing_period", "2028-2031"));
    assert_eq!(lc.check_pricing_period(2025, 3).unwrap_err().field(), "pricing_period");

    let mut lc2 = lc.clone();
    if let Some(a) = lc2.authorization.as_mut() {
        a.terminated = Some("2027-07-01".parse().unwrap());
    }
    let input: ExitInput = crate::doc::from_value(json!({
        "lifecycle": lc2,
        "assets": [{"id": "platform", "net_book_value": "1200000.00"}, {"id": "cars", "net_book_value": "30000.00", "handed_back": false}],
        "investment": "2000000.00", "recovered": "750000.00",
        "final_year": {"year": 2027, "mpr": "3650000.00", "actual_revenue": "1900000.00"}
    }))
    .unwrap();
    let s = exit_settlement(&input).unwrap();
    // 2027-01-01 .. 2027-07-01 = 181 days in force; 3,650,000 × 181 / 365 = 1,810,000.00.
    let f = s.final_clawback.as_ref().unwrap();
    assert_eq!((f.days_in_force, f.days_in_year, f.prorated_mpr.to_string(), f.clawback.to_string()), (181, 365, "1810000.00".into(), "90000.00".into()));
    assert_eq!(s.net_book_value_handed_back.to_string(), "1200000.00");
    assert_eq!(s.unrecovered_investment.to_string(), "1250000.00");
    assert_eq!(s.net_due_to_operator.to_string(), "1110000.00");
    assert_eq!(s.days_cut, i64::from(s.term_end.days() - s.terminated.days()));
    let mut i2 = input.clone();
    i2.lifecycle.authorization.as_mut().unwrap().terminated = None;
    assert_eq!(exit_settlement(&i2).unwrap_err().field(), "lifecycle.authorization.terminated");
    let mut i3 = input;
    i3.assets[1].id = "platform".into();
    assert_eq!(exit_settlement(&i3).unwrap_err().code(), "duplicate_id");
}

#[test]
fn resource_use_adds_up_to_the_product_revenue() {
    use crate::rating::ProductSummary;
    let t: Tariff = crate::doc::from_value(tariff()).unwrap();
    let mut cat = t.catalog.clone();
    cat.parties.push(crate::doc::from_value(json!({"id": "tax", "name": "Tax", "kind": "data_source"})).unwrap());
    cat.datasets = crate::doc::from_value(json!([{"id": "a", "name": "A", "source": "tax"}, {"id": "b", "name": "B", "source": "tax"},
                                                  {"id": "c", "name": "C", "source": "tax"}]))
    .unwrap();
    cat.products[0].datasets = vec!["c".into(), "a".into(), "b".into()];
    cat.validate().unwrap();
    let s = |p: &str, rev: &str| ProductSummary {
        product: p.into(),
        records: 1,
        quantity: "1".parse().unwrap(),
        free_records: 0,
        free_quantity: "0".parse().unwrap(),
        revenue: rev.parse().unwrap(),
    };
    for rev in ["0.00", "0.01", "0.02", "10.00", "10.01", "99999999.99"] {
        let u = lineage::resource_use(&cat, &[s("reg", rev), s("late", "1.00")], &crate::Rounding::cents()).unwrap();
        let d: rust_decimal::Decimal = u.datasets.iter().map(|x| x.revenue.get()).sum();
        assert_eq!(d, rev.parse::<rust_decimal::Decimal>().unwrap(), "datasets add up to the product revenue");
        assert_eq!(u.sources[0].revenue.get(), d, "one source: all of it, counted once");
        assert_eq!(u.sources[0].charged_records, 1);
        assert_eq!(u.unattributed_revenue.to_string(), "1.00");
        let max = u.datasets.iter().map(|x| x.revenue.get()).max().unwrap();
        let min = u.datasets.iter().map(|x| x.revenue.get()).min().unwrap();
        assert!(max - min <= rust_decimal::Decimal::new(1, 2), "equal shares within a cent");
    }
}

#[test]
fn audit_signals_from_a_rating() {
    use audit::{audit_signals, usage_of, History, SignalKind, Thresholds};
    let t: Tariff = crate::doc::from_value(tariff()).unwrap();
    let records: Vec<UsageRecord> =
        (0..5).map(|i| rec(&format!("a{i}"), "acme", "reg", "edu", "2026-01-10")).chain([rec("f1", "acme", "reg", "fin", "2026-01-11")]).collect();
    let out = rate(&t, &records, RaterOptions::default()).unwrap();
    let usage = usage_of(&out);
    assert_eq!(usage.len(), 2);
    let hist = vec![History { customer: "acme".into(), product: "reg".into(), quantities: vec!["1".parse().unwrap(), "2".parse().unwrap()] }];
    let s = audit_signals(&usage, &hist, &Thresholds::default()).unwrap();
    // 6 units against an average of 1.5: a spike (4×); acme holds all of reg's free use.
    assert_eq!(
        s.iter().map(|x| (x.kind, x.ratio.to_string())).collect::<Vec<_>>(),
        [(SignalKind::UsageSpike, "4.0000".into()), (SignalKind::FreeUseConcentration, "1.0000".into())]
    );
    let strict = Thresholds { spike_factor: "4".parse().unwrap(), free_share: "1".parse().unwrap(), min_free_quantity: rust_decimal::Decimal::ZERO };
    assert!(audit_signals(&usage, &hist, &strict).unwrap().is_empty(), "both tests are strict inequalities");
    let dup = vec![hist[0].clone(), hist[0].clone()];
    assert_eq!(audit_signals(&usage, &dup, &Thresholds::default()).unwrap_err().code(), "duplicate_id");
}
