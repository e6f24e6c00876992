use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::*;
use crate::api::call;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Products: `api` (per call, step 1) in ind / sec / gov / wel; `gb` (step 0.5) in ind only;
/// `pkg` in ind. Fees: api/ind flat 0.50 (cap 0.60) from Jan 1, graduated from Jan 16;
/// api/sec volume; gb/ind flat 2.00; pkg/ind packages of 100 at 30.00 (cap 0.30).
fn tariff_json() -> Value {
    json!({
        "catalog": {
            "scenarios": [
                {"id": "ind", "name": "Industry", "category": "industry_development"},
                {"id": "sec", "name": "Sector", "category": "sector_development"},
                {"id": "gov", "name": "Governance", "category": "public_governance"},
                {"id": "wel", "name": "Welfare", "category": "public_welfare"}
            ],
            "products": [
                {"id": "api", "name": "API", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "sec", "gov", "wel"]},
                {"id": "gb", "name": "Data volume", "service_form": "dataset", "charging_form": "per_volume", "unit": "GB", "step": "0.5", "scenarios": ["ind"]},
                {"id": "pkg", "name": "Package", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "sec"]}
            ]
        },
        "fees": [
            {"product": "api", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "0.50"}, "cap": "0.60"},
            {"product": "api", "scenario": "ind", "effective": "2025-01-16", "schedule": {"kind": "graduated", "tiers": [
                {"from": "0", "to": "100", "price": "0.60"}, {"from": "100", "price": "0.40"}]}, "cap": "0.60"},
            {"product": "api", "scenario": "sec", "effective": "2024-12-01", "schedule": {"kind": "volume", "tiers": [
                {"from": "0", "to": "1000", "price": "0.30"}, {"from": "1000", "price": "0.20"}]}, "cap": "0.30"},
            {"product": "gb", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "2.00"}, "cap": "2.00"},
            {"product": "pkg", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "package", "size": "100", "price": "30.00"}, "cap": "0.30"}
        ],
        "period": {"start": "2025-01-01", "end": "2025-02-01"},
        "vat_rate": "0.06"
    })
}

fn tariff() -> Tariff {
    crate::doc::from_value(tariff_json()).unwrap()
}

fn rec(id: &str, customer: &str, product: &str, scenario: &str, q: &str, time: &str) -> UsageRecord {
    UsageRecord {
        id: id.into(),
        customer: customer.into(),
        product: product.into(),
        scenario: scenario.into(),
        quantity: q.parse().unwrap(),
        time: time.parse().unwrap(),
    }
}

fn run(records: &[UsageRecord]) -> RatingResult {
    rate(&tariff(), records, RaterOptions::default()).unwrap()
}

fn amounts(inv: &Invoice) -> Vec<(String, String, String, String)> {
    inv.lines
        .iter()
        .map(|l| {
            (format!("{}/{}", l.product, l.scenario), l.effective.map(|e| e.to_string()).unwrap_or_default(), l.quantity.to_string(), l.amount.to_string())
        })
        .collect()
}

#[test]
fn every_reason_and_a_hand_checked_invoice() {
    let records = vec![
        rec("1", "acme", "api", "ind", "10", "2025-01-02"),
        rec("2", "acme", "api", "ind", "20", "2025-01-15T23:59:59"),
        rec("3", "acme", "api", "ind", "150", "2025-01-16T00:00:00"),
        rec("4", "acme", "api", "gov", "7", "2025-01-20"),
        rec("5", "acme", "api", "wel", "3", "2025-01-21"),
        rec("6", "acme", "gb", "ind", "1.5", "2025-01-03"),
        rec("", "acme", "api", "ind", "1", "2025-01-03"),
        rec("7", "", "api", "ind", "1", "2025-01-03"),
        rec("8", "acme", "nope", "ind", "1", "2025-01-03"),
        rec("9", "acme", "api", "nope", "1", "2025-01-03"),
        rec("10", "acme", "gb", "sec", "1", "2025-01-03"),
        rec("11", "acme", "api", "ind", "0", "2025-01-03"),
        rec("12", "acme", "api", "ind", "-2", "2025-01-03"),
        rec("13", "acme", "api", "ind", "1000000000000001", "2025-01-03"),
        rec("14", "acme", "api", "ind", "1.5", "2025-01-03"),
        rec("15", "acme", "gb", "ind", "0.25", "2025-01-03"),
        rec("16", "acme", "api", "ind", "1", "2024-12-31T23:59:59"),
        rec("17", "acme", "api", "ind", "1", "2025-02-01"),
        rec("18", "acme", "pkg", "sec", "1", "2025-01-03"),
        rec("1", "acme", "api", "ind", "10", "2025-01-02"),
        rec("19", "zeta", "api", "sec", "1000", "2025-01-31"),
    ];
    let out = run(&records);
    assert_eq!((out.counts.records_in, out.counts.rated, out.counts.charged, out.counts.free, out.counts.rejected), (21, 7, 5, 2, 14));
    let by = |c: &str| out.counts.rejections_by_reason[c];
    for (code, n) in [
        ("missing_id", 1),
        ("missing_customer", 1),
        ("unknown_product", 1),
        ("unknown_scenario", 1),
        ("not_offered", 1),
        ("non_positive_quantity", 2),
        ("quantity_too_large", 1),
        ("not_multiple_of_step", 2),
        ("outside_period", 2),
        ("no_fee_in_force", 1),
        ("duplicate_id", 1),
        ("unknown_customer", 0),
    ] {
        assert_eq!(by(code), n, "{code}");
    }
    assert_eq!(out.counts.rejected_records.len(), 14);
    let dup = out.counts.rejected_records.iter().find(|r| r.reason == RejectReason::DuplicateId).unwrap();
    assert_eq!((dup.index, dup.id.as_str()), (19, "1"));
    let nf = out.counts.rejected_records.iter().find(|r| r.reason == RejectReason::NoFeeInForce).unwrap();
    assert_eq!(nf.value, "pkg/sec on 2025-01-03");

    assert_eq!(out.invoices.len(), 2);
    let acme = &out.invoices[0];
    assert_eq!(acme.customer, "acme");
    // api/ind: 30 calls at flat 0.50 until Jan 15 = 15.00; from Jan 16, 150 calls graduated
    // 100 × 0.60 + 50 × 0.40 = 80.00. gb: 1.5 GB × 2.00 = 3.00. Free lines in catalog order.
    assert_eq!(
        amounts(acme),
        [
            ("api/ind", "2025-01-01", "30", "15.00"),
            ("api/ind", "2025-01-16", "150", "80.00"),
            ("api/gov", "", "7", "0.00"),
            ("api/wel", "", "3", "0.00"),
            ("gb/ind", "2025-01-01", "1.5", "3.00"),
        ]
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    );
    assert!(acme.lines[2].free && acme.lines[2].free_reason.as_deref().unwrap().contains("公共治理"));
    assert_eq!(acme.lines[2].records, 1);
    // 98.00 + VAT 6 % = 5.88 → 103.88.
    assert_eq!(
        (acme.lines_total.to_string(), acme.subtotal.to_string(), acme.vat.to_string(), acme.total.to_string()),
        ("98.00".into(), "98.00".into(), "5.88".into(), "103.88".into())
    );
    // zeta: 1000 calls reach the 0.20 volume band: 200.00, VAT 12.00.
    let zeta = &out.invoices[1];
    assert_eq!(amounts(zeta)[0].3, "200.00");
    assert_eq!(zeta.total.to_string(), "212.00");
    assert_eq!((out.totals.subtotal.to_string(), out.totals.vat.to_string(), out.totals.total.to_string()), ("298.00".into(), "17.88".into(), "315.88".into()));
    assert_eq!((out.totals.free_records, out.totals.free_quantity.to_string(), out.totals.lines), (2, "10".into(), 6));
    let api = &out.products[0];
    assert_eq!(
        (api.records, api.quantity.to_string(), api.free_records, api.free_quantity.to_string(), api.revenue.to_string()),
        (4, "1180".into(), 2, "10".into(), "295.00".into())
    );
    assert_eq!(out.products[2].revenue.to_string(), "0.00");
}

#[test]
fn tiers_price_the_aggregate_not_each_record() {
    // Ten records of 20 calls from Jan 16: 200 calls = 100 × 0.60 + 100 × 0.40 = 100.00
    // (per record it would be 10 × 12.00 = 120.00).
    let records: Vec<_> = (0..10).map(|i| rec(&format!("r{i}"), "acme", "api", "ind", "20", "2025-01-20")).collect();
    let out = run(&records);
    assert_eq!(out.invoices[0].lines[0].amount.to_string(), "100.00");
    assert_eq!(out.invoices[0].lines[0].records, 10);
}

#[test]
fn cap_guard_rounds_down_and_says_so() {
    let mut t = tariff();
    t.fees[0].schedule = crate::schedule::Schedule::Flat { price: "0.335".parse().unwrap(), minimum_charge: None };
    t.fees[0].cap = "0.335".parse().unwrap();
    let out = rate(&t, &[rec("a", "c", "api", "ind", "1", "2025-01-02")], RaterOptions::default()).unwrap();
    let l = &out.invoices[0].lines[0];
    assert_eq!((l.charge.to_string(), l.amount.to_string()), ("0.335".into(), "0.33".into()));
    assert!(l.note.as_deref().unwrap().contains("rounded down to 0.33"), "{:?}", l.note);
    assert!(l.explanation.as_ref().unwrap().notes.iter().any(|n| n.contains("rounded down")));
    // 2 × 0.335 = 0.67 exactly: no guard.
    let out = rate(&t, &[rec("a", "c", "api", "ind", "2", "2025-01-02")], RaterOptions::default()).unwrap();
    assert_eq!((out.invoices[0].lines[0].amount.to_string(), out.invoices[0].lines[0].note.is_none()), ("0.67".into(), true));
    // VAT on the precise 0.335: 0.0201 → 0.02.
    let out = rate(&t, &[rec("a", "c", "api", "ind", "1", "2025-01-02")], RaterOptions::default()).unwrap();
    assert_eq!(out.invoices[0].vat.to_string(), "0.02");
}

#[test]
fn packages_are_capped_on_the_package_total() {
    // 101 calls: 2 packages = 60.00; cap × billed quantity = 0.30 × 200 = 60.00 (not 30.30).
    let out = run(&[rec("a", "c", "pkg", "ind", "101", "2025-01-02")]);
    let l = &out.invoices[0].lines[0];
    assert_eq!(
        (l.amount.to_string(), l.billed_quantity.unwrap().to_string(), l.cap_limit.unwrap().to_string()),
        ("60.00".into(), "200".into(), "60.00".into())
    );
    assert!(l.note.is_none());
}

#[test]
fn prices_with_vat() {
    let mut t = tariff();
    t.prices_include_vat = true;
    // 30 calls × 0.50 = 15.00 gross; VAT = 15 × 0.06 / 1.06 = 0.8490... → 0.85; net 14.15.
    let out = rate(&t, &[rec("a", "c", "api", "ind", "30", "2025-01-02")], RaterOptions::default()).unwrap();
    let inv = &out.invoices[0];
    assert_eq!(
        (inv.lines_total.to_string(), inv.subtotal.to_string(), inv.vat.to_string(), inv.total.to_string()),
        ("15.00".into(), "14.15".into(), "0.85".into(), "15.00".into())
    );
}

#[test]
fn rounding_setting_applies_to_lines_and_vat() {
    let mut t = tariff();
    t.rounding = crate::money::Rounding::new(d("1"), crate::money::RoundMode::HalfEven).unwrap();
    // gb: 1.5 × 2.00 = 3.00 → 3; api: 5 × 0.50 = 2.5 → 2 (half-even); VAT 5.5 × 0.06 = 0.33 → 0.
    let out = rate(&t, &[rec("a", "c", "api", "ind", "5", "2025-01-02"), rec("b", "c", "gb", "ind", "1.5", "2025-01-02")], RaterOptions::default()).unwrap();
    let inv = &out.invoices[0];
    assert_eq!(amounts(inv).iter().map(|a| a.3.clone()).collect::<Vec<_>>(), ["2", "3"]);
    assert_eq!((inv.vat.to_string(), inv.total.to_string()), ("0".into(), "5".into()));
}

#[test]
fn duplicates_only_between_rated_records() {
    // A rejected record does not claim its id: its corrected resubmission is rated.
    let out =
        run(&[rec("x", "c", "api", "ind", "0", "2025-01-02"), rec("x", "c", "api", "ind", "2", "2025-01-02"), rec("x", "c", "api", "ind", "3", "2025-01-02")]);
    assert_eq!(
        (out.counts.rated, out.counts.rejections_by_reason["non_positive_quantity"], out.counts.rejections_by_reason["conflicting_duplicate"]),
        (1, 1, 1)
    );
    assert_eq!(out.invoices[0].lines[0].quantity.to_string(), "2");
    // A free record claims its id too; a replay of it is a duplicate, another use a conflict.
    let out = run(&[
        rec("y", "c", "api", "gov", "2", "2025-01-02"),
        rec("y", "c", "api", "ind", "2", "2025-01-02"),
        rec("y", "c", "api", "gov", "2.0", "2025-01-02"),
    ]);
    assert_eq!((out.counts.free, out.counts.rejections_by_reason["conflicting_duplicate"], out.counts.rejections_by_reason["duplicate_id"]), (1, 1, 1));
    // The time of day is content too.
    let out = run(&[rec("z", "c", "api", "ind", "2", "2025-01-02"), rec("z", "c", "api", "ind", "2", "2025-01-02T00:00:00")]);
    assert_eq!(out.counts.rejections_by_reason["conflicting_duplicate"], 1);
}

#[test]
fn a_customer_with_only_free_use_gets_a_zero_invoice() {
    let out = run(&[rec("1", "school", "api", "wel", "12", "2025-01-05")]);
    let inv = &out.invoices[0];
    assert_eq!((inv.customer.as_str(), inv.lines.len(), inv.total.to_string()), ("school", 1, "0.00".into()));
    assert_eq!((inv.lines[0].quantity.to_string(), inv.lines[0].charge.to_string()), ("12".into(), "0".into()));
}

#[test]
fn rejections_are_listed_up_to_the_limit_and_counted_beyond() {
    let records: Vec<_> = (0..MAX_LISTED_REJECTIONS + 5).map(|i| rec(&i.to_string(), "c", "api", "ind", "1", "2030-01-01")).collect();
    let out = run(&records);
    assert_eq!(
        (out.counts.rejected as usize, out.counts.rejected_records.len(), out.counts.rejected_records_omitted),
        (MAX_LISTED_REJECTIONS + 5, MAX_LISTED_REJECTIONS, 5)
    );
    assert!(out.invoices.is_empty());
    assert_eq!(out.totals.total.to_string(), "0.00");
}

#[test]
fn raw_path_matches_text_path() {
    let t = tariff();
    let text = vec![
        rec("1", "b", "api", "ind", "10", "2025-01-02"),
        rec("2", "a", "api", "ind", "150", "2025-01-20"),
        rec("3", "a", "api", "gov", "7", "2025-01-20"),
        rec("4", "b", "gb", "ind", "2.5", "2025-01-02"),
        rec("5", "b", "gb", "ind", "0.3", "2025-01-02"),
        rec("6", "a", "api", "sec", "1000", "2025-01-31"),
        rec("6", "a", "api", "sec", "1000", "2025-01-31"),
        rec("7", "a", "api", "ind", "1", "2025-02-01"),
        rec("8", "a", "pkg", "sec", "1", "2025-01-03"),
        rec("9", "a", "pkg", "gov", "1", "2025-01-03"),
    ];
    let opts = RaterOptions { keep_records: true, explain: true };
    let a = rate(&t, &text, opts).unwrap();
    let mut rater = Rater::new(&t, opts).unwrap();
    let raw: Vec<RawRecord> = text
        .iter()
        .map(|r| RawRecord {
            id: r.id.parse().unwrap(),
            quantity: (r.quantity.get() * d("10")).try_into().unwrap(),
            customer: rater.intern_customer(&r.customer).unwrap(),
            product: rater.product_index(&r.product).unwrap_or(99),
            scenario: rater.scenario_index(&r.scenario).unwrap_or(99),
            day: r.time.date().days(),
        })
        .collect();
    rater.push_raw(&raw[..4], 1).unwrap();
    rater.push_raw(&raw[4..], 1).unwrap();
    let b = rater.finish().unwrap();
    assert_eq!(a.invoices, b.invoices);
    assert_eq!(
        (a.counts.rejections_by_reason.clone(), a.totals.clone(), a.products.clone()),
        (b.counts.rejections_by_reason.clone(), b.totals.clone(), b.products.clone())
    );
    let (ka, kb) = (a.records.unwrap(), b.records.unwrap());
    for (x, y) in ka.iter().zip(&kb) {
        assert_eq!((x.index, &x.id, x.status, x.effective, &x.product, &x.scenario), (y.index, &y.id, y.status, y.effective, &y.product, &y.scenario));
        assert_eq!(x.quantity.get(), y.quantity.get());
    }
    assert_eq!(b.counts.rejections_by_reason["not_offered"], 1);
    assert_eq!(b.counts.rejections_by_reason["not_multiple_of_step"], 1);
}

#[test]
fn raw_path_rejects_bad_indices_and_scale() {
    let t = tariff();
    let mut rater = Rater::new(&t, RaterOptions::default()).unwrap();
    let c = rater.intern_customer("acme").unwrap();
    let day = Date::from_ymd(2025, 1, 5).unwrap().days();
    let ok = RawRecord { id: 1, quantity: 1, customer: c, product: 0, scenario: 0, day };
    let bad = [
        RawRecord { customer: 7, ..ok },
        RawRecord { product: 9, ..ok },
        RawRecord { scenario: 9, ..ok },
        RawRecord { quantity: MAX_QUANTITY + 1, ..ok },
        RawRecord { quantity: i64::MIN, ..ok },
        RawRecord { day: i32::MAX, ..ok },
        ok,
        ok,
    ];
    assert_eq!(rater.push_raw(&bad, 10).unwrap_err().code(), "out_of_range");
    assert_eq!(rater.records_in(), 0);
    rater.push_raw(&bad, 0).unwrap();
    let out = rater.finish().unwrap();
    let reasons: Vec<_> = out.counts.rejected_records.iter().map(|r| (r.reason.code(), r.value.as_str())).collect();
    assert_eq!(
        reasons,
        [
            ("unknown_customer", "#7"),
            ("unknown_product", "#9"),
            ("unknown_scenario", "#9"),
            ("quantity_too_large", "1000000000000001"),
            ("non_positive_quantity", "-9223372036854775808"),
            ("outside_period", "#2147483647"),
            ("duplicate_id", "1"),
        ]
    );
    assert_eq!(out.counts.rated, 1);
    // Scale 9: a step of 0.5 GB is 500,000,000 units.
    let mut rater = Rater::new(&t, RaterOptions::default()).unwrap();
    rater.intern_customer("acme").unwrap();
    let gb = RawRecord { product: 1, ..ok };
    rater.push_raw(&[RawRecord { quantity: 1_500_000_000, ..gb }, RawRecord { id: 2, quantity: 1_500_000_001, ..gb }], 9).unwrap();
    let out = rater.finish().unwrap();
    assert_eq!((out.counts.rated, out.counts.rejections_by_reason["not_multiple_of_step"]), (1, 1));
    assert_eq!(out.invoices[0].lines[0].amount.to_string(), "3.00");
    assert_eq!(rate_raw(&t, &["a", "a"], &[], 0, RaterOptions::default()).unwrap_err().code(), "duplicate_id");
    assert_eq!(rate_raw(&t, &[""], &[], 0, RaterOptions::default()).unwrap_err().field(), "customers[0]");
}

#[test]
fn tariff_refusals_name_their_field() {
    let check = |f: &dyn Fn(&mut Value), code: &str, field: &str| {
        let mut v = tariff_json();
        f(&mut v);
        let t: std::result::Result<Tariff, _> = crate::doc::from_value(v);
        let e = t.and_then(|t| t.validate()).unwrap_err();
        assert_eq!((e.code(), e.field()), (code, field), "{e}");
    };
    check(&|v| v["fees"][0]["cap"] = json!("0.49"), "cap_exceeded", "fees[0].schedule.price");
    check(&|v| v["fees"][1]["cap"] = json!("0.59"), "cap_exceeded", "fees[1].schedule.tiers[0].price");
    check(&|v| v["fees"][0]["scenario"] = json!("gov"), "free_scenario_charged", "fees[0].scenario");
    check(&|v| v["fees"][0]["product"] = json!("zz"), "unknown_id", "fees[0].product");
    check(&|v| v["fees"][0]["scenario"] = json!("zz"), "unknown_id", "fees[0].scenario");
    check(&|v| v["fees"][3]["scenario"] = json!("sec"), "invalid", "fees[3].scenario");
    check(&|v| v["fees"][0]["cap"] = json!("-1"), "out_of_range", "fees[0].cap");
    check(&|v| v["fees"][1]["effective"] = json!("2025-01-01"), "duplicate_id", "fees[1].effective");
    check(&|v| v["fees"][1]["effective"] = json!("2025-02-30"), "invalid", "fees[1].effective");
    check(&|v| v["fees"][2]["schedule"]["tiers"][1]["from"] = json!("900"), "tier_overlap", "fees[2].schedule.tiers[1].from");
    check(&|v| v["period"]["end"] = json!("2025-01-01"), "out_of_range", "period.end");
    check(&|v| v["vat_rate"] = json!("1"), "out_of_range", "vat_rate");
    check(&|v| v["vat_rate"] = json!(0.06), "decimal_not_string", "vat_rate");
    check(&|v| v["rounding"] = json!({"unit": "0"}), "out_of_range", "rounding.unit");
    check(&|v| v["catalog"]["products"][1]["step"] = json!("0.0000000001"), "out_of_range", "catalog.products[1].step");
    check(&|v| v["catalog"]["products"][1]["scenarios"] = json!(["xx"]), "unknown_id", "catalog.products[1].scenarios[0]");
}

#[test]
fn tariffs_are_checked_under_the_strict_test_by_default() {
    // A graduated band above the cap is refused at that band under the strict test, although
    // the charge never passes cap × q (at 1500 calls 500.00 + 350.00 = 850.00 <= 900.00, and the
    // 0.40 band after it only widens the slack), so `average` accepts it; and a subscription's fee per included unit, 100.00 / 100 = 1.00 > 0.60 (under
    // `average`, the fee alone for one call: 100.00 > 0.60 × 1).
    let cases = [
        (
            json!({"kind": "graduated", "tiers": [{"from": "0", "to": "1000", "price": "0.50"}, {"from": "1000", "to": "1500", "price": "0.70"}, {"from": "1500", "price": "0.40"}]}),
            "fees[0].schedule.tiers[1].price",
            "0.70",
            None,
        ),
        (json!({"kind": "subscription", "fee": "100.00", "included": "100", "overage": "0.50"}), "fees[0].schedule.fee", "1.00", Some("1")),
    ];
    for (schedule, field, strict_value, average_value) in cases {
        let mut v = tariff_json();
        v["fees"][0]["schedule"] = schedule.clone();
        let e = crate::doc::from_value::<Tariff>(v.clone()).unwrap().validate().unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("cap_exceeded", field, strict_value), "{schedule}");
        v["cap_test"] = json!("average");
        let t = crate::doc::from_value::<Tariff>(v).unwrap();
        match average_value {
            Some(q) => assert_eq!(t.validate().unwrap_err().value(), q, "{schedule}"),
            None => t.validate().unwrap(),
        }
        // The test is written back only when it is not the default.
        assert_eq!(serde_json::to_value(&t).unwrap()["cap_test"], json!("average"));
    }
    let t: Tariff = crate::doc::from_value(tariff_json()).unwrap();
    assert!(serde_json::to_value(&t).unwrap().get("cap_test").is_none());
}

#[test]
fn minimum_charge_breaks_at_small_steps() {
    // A minimum of 10.00 with cap 0.60: compliant only if 0.60 × step >= 10.00.
    let mut v = tariff_json();
    v["fees"][0]["schedule"] = json!({"kind": "flat", "price": "0.50", "minimum_charge": "10.00"});
    let t: Tariff = crate::doc::from_value(v.clone()).unwrap();
    let e = t.validate().unwrap_err();
    // The strict test (the default): the minimum over the smallest billable quantity, 10.00 / 1.
    assert_eq!((e.code(), e.field(), e.value()), ("cap_exceeded", "fees[0].schedule.minimum_charge", "10.00"));
    // The average test: the smallest quantity whose charge is above cap × q, 1 call.
    let mut avg = v.clone();
    avg["cap_test"] = json!("average");
    let e = crate::doc::from_value::<Tariff>(avg).unwrap().validate().unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("cap_exceeded", "fees[0].schedule.minimum_charge", "1"));
    v["catalog"]["products"][0]["step"] = json!("17");
    let t: Tariff = crate::doc::from_value(v).unwrap();
    t.validate().unwrap();
    // 17 calls: max(8.50, 10.00) = 10.00 <= 0.60 × 17 = 10.20; 16 calls are refused.
    let out = rate(&t, &[rec("1", "c", "api", "ind", "17", "2025-01-02"), rec("2", "c", "api", "ind", "16", "2025-01-02")], RaterOptions::default()).unwrap();
    assert_eq!((out.invoices[0].lines[0].amount.to_string(), out.counts.rejections_by_reason["not_multiple_of_step"]), ("10.00".into(), 1));
}

#[test]
fn the_operation() {
    let rec = |id: &str, q: Value| json!({"id": id, "customer": "c", "product": "api", "scenario": "ind", "quantity": q, "time": "2025-01-02"});
    let out = call("rating.rate", json!({"tariff": tariff_json(), "records": [rec("1", json!("4")), rec("2", json!("-1"))], "keep_records": true})).unwrap();
    assert_eq!(
        out["records"][0],
        json!({"index": 0, "id": "1", "customer": "c", "product": "api", "scenario": "ind", "quantity": "4", "time": "2025-01-02", "status": "charged", "effective": "2025-01-01"})
    );
    assert_eq!(out["records"][1]["status"], "rejected");
    assert_eq!(out["records"][1]["reason"], "non_positive_quantity");
    assert_eq!(out["invoices"][0]["lines"][0]["amount"], "2.00");
    let back: RatingResult = crate::doc::from_value(out.clone()).unwrap();
    assert_eq!(crate::op::to_value(&back).unwrap(), out, "the result reads back");
    let e = call("rating.rate", json!({"tariff": tariff_json(), "records": [rec("1", json!(4))]})).unwrap_err();
    assert_eq!((e.code(), e.field()), ("decimal_not_string", "records[0].quantity"));
    let e = call("rating.rate", json!({"tariff": tariff_json(), "records": [rec("1", json!("4")), rec("2", json!("4"))], "max_records": 1})).unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("limit_exceeded", "records", "2"));
    let mut t = tariff_json();
    t["fees"][0]["cap"] = json!("0.10");
    let e = call("rating.rate", json!({"tariff": t, "records": []})).unwrap_err();
    assert_eq!((e.code(), e.field()), ("cap_exceeded", "tariff.fees[0].schedule.price"));
    let v = call("rating.validate", json!({"tariff": tariff_json()})).unwrap();
    assert_eq!(v, json!({"valid": true, "fees": 5, "pairs": 7}));
    assert!(crate::api::operations().contains(&"rating.rate"));
    let out = call("rating.rate", json!({"tariff": tariff_json(), "records": [rec("1", json!("4"))], "explain": false})).unwrap();
    assert!(out["invoices"][0]["lines"][0].get("explanation").is_none());
}

/// Throughput of the raw fast path: 10 million records, flat fees, 10,000 customers,
/// 3 products × 2 scenarios (one free). Timings are printed, never asserted. Run with
/// `cargo test --release -p datafee -- --ignored throughput --nocapture`.
#[test]
#[ignore]
fn throughput_raw_flat() {
    let n: usize = std::env::var("DATAFEE_THROUGHPUT_N").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000_000);
    let t: Tariff = crate::doc::from_value(json!({
        "catalog": {
            "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
                          {"id": "gov", "name": "Governance", "category": "public_governance"}],
            "products": [
                {"id": "p0", "name": "P0", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "gov"]},
                {"id": "p1", "name": "P1", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "gov"]},
                {"id": "p2", "name": "P2", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "gov"]}
            ]
        },
        "fees": [
            {"product": "p0", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "0.05"}, "cap": "0.06"},
            {"product": "p1", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "0.335"}, "cap": "0.335"},
            {"product": "p2", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "1.20"}, "cap": "1.50"}
        ],
        "period": {"start": "2025-01-01", "end": "2025-02-01"},
        "vat_rate": "0.06"
    }))
    .unwrap();
    let customers: Vec<String> = (0..10_000).map(|i| format!("customer-{i:05}")).collect();
    let names: Vec<&str> = customers.iter().map(String::as_str).collect();
    let day0 = Date::from_ymd(2025, 1, 1).unwrap().days();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let records: Vec<RawRecord> = (0..n as u64)
        .map(|id| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            RawRecord {
                id,
                quantity: 1 + (x % 5) as i64,
                customer: ((x >> 8) % 10_000) as u32,
                product: ((x >> 24) % 3) as u32,
                scenario: u32::from((x >> 32).is_multiple_of(10)),
                day: day0 + ((x >> 40) % 31) as i32,
            }
        })
        .collect();
    for explain in [false, true] {
        let start = std::time::Instant::now();
        let out = rate_raw(&t, &names, &records, 0, RaterOptions { keep_records: false, explain }).unwrap();
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(out.counts.records_in, n as u64);
        assert_eq!(out.counts.rated, n as u64);
        eprintln!(
            "rate_raw: {n} records, {} invoices, {} lines, explain={explain}: {secs:.3} s, {:.1} million records/s; total {}",
            out.invoices.len(),
            out.totals.lines,
            n as f64 / secs / 1e6,
            out.totals.total
        );
    }
    // Pushing alone (no pricing), to separate the per-record cost from the per-line cost.
    let mut rater = Rater::new(&t, RaterOptions { keep_records: false, explain: false }).unwrap();
    for c in &names {
        rater.intern_customer(c).unwrap();
    }
    let start = std::time::Instant::now();
    rater.push_raw(&records, 0).unwrap();
    let secs = start.elapsed().as_secs_f64();
    eprintln!("push_raw only: {:.1} million records/s", n as f64 / secs / 1e6);
    // The text path, on the first million.
    let m = n.min(1_000_000);
    let text: Vec<UsageRecord> = records[..m]
        .iter()
        .map(|r| UsageRecord {
            id: r.id.to_string(),
            customer: customers[r.customer as usize].clone(),
            product: format!("p{}", r.product),
            scenario: if r.scenario == 0 { "ind".into() } else { "gov".into() },
            quantity: crate::money::Quantity::new(Decimal::from(r.quantity)),
            time: UsageTime::on(Date::from_days(r.day).unwrap()),
        })
        .collect();
    let start = std::time::Instant::now();
    let out = rate(&t, &text, RaterOptions { keep_records: false, explain: false }).unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(out.counts.rated, m as u64);
    eprintln!("rate (text records): {m} records: {secs:.3} s, {:.2} million records/s", m as f64 / secs / 1e6);
}
