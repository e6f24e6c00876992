//! `chain.validate` refuses what the chain refuses, with the same error (audit 18): the
//! document's validation checks forecasts, weights, the prior period, input VAT, repeated fee
//! dates and the surcharge solve's s × v < 1, and `chain.run` / `chain.figures` / `chain.tariff`
//! run that validation first. Each document is the audit's (the golden vectors' "vector city":
//! costs a 600.00, b 300.00, forecasts a/ind 3000, a/gov 1000, b/ind 7) with one defect.

use serde_json::{json, Value};

/// The vectors' base scenario (tests/vectors/gen_chain.py `base`).
fn base() -> Value {
    json!({
        "name": "vector city", "first_year": 2026,
        "profile": {"period_years": 1, "free_cost_recovery": "from_paid", "cap_test": "average", "cap_basis": "per_year", "clawback_netting": "per_year"},
        "catalog": {
            "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
                          {"id": "gov", "name": "Governance", "category": "public_governance"}],
            "products": [{"id": "a", "name": "A", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["ind", "gov"]},
                         {"id": "b", "name": "B", "service_form": "report", "charging_form": "per_item", "unit": "report", "scenarios": ["ind"]}]},
        "costs": {"ledger": {"entries": [
            {"category": "personnel", "year": 2026, "product": "a", "amount": "600.00"},
            {"category": "personnel", "year": 2026, "product": "b", "amount": "300.00"}]}},
        "forecasts": [{"product": "a", "scenario": "ind", "volume": "3000"},
                      {"product": "a", "scenario": "gov", "volume": "1000"},
                      {"product": "b", "scenario": "ind", "volume": "7"}]
    })
}

/// The base with `edit` applied.
fn doc(edit: impl FnOnce(&mut Value)) -> Value {
    let mut d = base();
    edit(&mut d);
    d
}

fn fee(price: &str) -> Value {
    json!({"product": "a", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": price}})
}

/// (what, document, code, field, value) of each defect: the error every chain operation gives.
fn defects() -> Vec<(&'static str, Value, &'static str, &'static str, &'static str)> {
    vec![
        (
            "val_forecast_unknown_product",
            doc(|d| d["forecasts"].as_array_mut().unwrap().push(json!({"product": "zz", "scenario": "ind", "volume": "1"}))),
            "unknown_id",
            "forecasts[3].product",
            "zz",
        ),
        (
            "val_forecast_dup",
            doc(|d| d["forecasts"].as_array_mut().unwrap().push(json!({"product": "a", "scenario": "ind", "volume": "1"}))),
            "duplicate_id",
            "forecasts[3]",
            "a/ind",
        ),
        ("val_forecast_negative", doc(|d| d["forecasts"][0]["volume"] = json!("-1")), "out_of_range", "forecasts[0].volume", "-1"),
        ("val_zero_volume", doc(|d| d["forecasts"][0]["volume"] = json!("0")), "zero_forecast_volume", "forecasts[a/ind]", "a/ind"),
        // Over a levelled period (the default cap basis) a use is refused when its volume sums to
        // zero over the period: 0 in 2026 and nothing in 2027.
        (
            "zero volume over a levelled period",
            doc(|d| {
                d["profile"] = json!({"period_years": 2, "free_cost_recovery": "from_paid"});
                d["forecasts"][2] = json!({"product": "b", "scenario": "ind", "year": 2026, "volume": "0"});
            }),
            "zero_forecast_volume",
            "forecasts[b/ind]",
            "b/ind",
        ),
        (
            "val_weights_unknown",
            doc(|d| d["weights"] = json!([{"product": "zz", "scenario": "ind", "weight": "1"}])),
            "unknown_id",
            "weights[0].product",
            "zz/ind",
        ),
        (
            "explicit weights leaving b/ind out",
            doc(|d| d["weights"] = json!([{"product": "a", "scenario": "ind", "weight": "1"}])),
            "missing",
            "weights",
            "a weight for b/ind (explicit weights must cover every chargeable pair)",
        ),
        (
            "val_prior_dup",
            doc(|d| d["prior_period"] = json!([{"year": 2025, "mpr": "1", "actual_revenue": "2"}, {"year": 2025, "mpr": "1", "actual_revenue": "2"}])),
            "duplicate_id",
            "prior_period[1].year",
            "2025",
        ),
        (
            "val_prior_inside",
            doc(|d| d["prior_period"] = json!([{"year": 2026, "mpr": "1", "actual_revenue": "2"}])),
            "out_of_range",
            "prior_period[0].year",
            "2026",
        ),
        // Was `years[0].input_vat` from the chain (the MPR's own field), nothing from validate.
        ("val_input_vat_negative", doc(|d| d["input_vat"] = json!([{"year": 2026, "amount": "-10"}])), "out_of_range", "input_vat[0].amount", "-10"),
        // r9: 2027 is the second year of a two-year period (was `years[1].input_vat`).
        (
            "r9_input_vat_negative",
            doc(|d| {
                d["profile"]["period_years"] = json!(2);
                d["input_vat"] = json!([{"year": 2027, "amount": "-5.00"}]);
            }),
            "out_of_range",
            "input_vat[0].amount",
            "-5.00",
        ),
        // r10: was accepted, the first entry winning: C + P + T = 907.20, R = (907.20 − 0.12 ×
        // 10.00) / (1 − 0.12 × 0.06) = 912.5705, surcharges 5.37, where 5000.00 (or both,
        // 5010.00) gives R < 907.20 and surcharges 0.00.
        (
            "r10_input_vat_dup",
            doc(|d| d["input_vat"] = json!([{"year": 2026, "amount": "10.00"}, {"year": 2026, "amount": "5000.00"}])),
            "duplicate_id",
            "input_vat[1].year",
            "2026",
        ),
        // Was silently ignored.
        ("val_input_vat_outside", doc(|d| d["input_vat"] = json!([{"year": 2031, "amount": "10"}])), "out_of_range", "input_vat[0].year", "2031"),
        // r13: the chain checked both fees against the same cap; the tariff refused them.
        ("r13_dup_fee", doc(|d| d["fees"] = json!([fee("0.10"), fee("0.15")])), "duplicate_id", "fees[1].effective", "a/ind from 2026-01-01 (also fees[0])"),
        // r2: s = 0.9 + 0.6 + 0.5 = 2.0, v = 0.5: s × v = 1.00, 1 − s × v = 0 (was "division by
        // zero" at years[0].surcharges from the chain, valid from validate).
        (
            "r2_sv_eq1",
            doc(|d| {
                d["profile"]["surcharges"] = json!({"urban_maintenance": "0.9", "education": "0.6", "local_education": "0.5"});
                d["profile"]["vat_rate"] = json!("0.5");
            }),
            "out_of_range",
            "profile.surcharges",
            "1.00",
        ),
        // r2: s = 2.7, v = 0.9: s × v = 2.43, R = 907.20 / (1 − 2.43) < 0 (was surcharges 0.00).
        (
            "r2_sv_gt1",
            doc(|d| {
                d["profile"]["surcharges"] = json!({"urban_maintenance": "0.9", "education": "0.9", "local_education": "0.9"});
                d["profile"]["vat_rate"] = json!("0.9");
            }),
            "out_of_range",
            "profile.surcharges",
            "2.43",
        ),
    ]
}

#[test]
fn validate_refuses_what_the_chain_refuses_with_the_same_error() {
    for (what, d, code, field, value) in defects() {
        for (op, input) in [
            ("chain.validate", json!({ "document": d })),
            ("chain.run", json!({ "document": d })),
            ("chain.figures", json!({ "document": d })),
            ("chain.summary", json!({ "document": d })),
            ("chain.tariff", json!({ "document": d, "year": 2026 })),
        ] {
            let e = datafee::api::call(op, input).expect_err(&format!("{what}: {op} accepted it"));
            assert_eq!((e.code(), e.field(), e.value()), (code, field, value), "{what}: {op}: {e}");
        }
    }
}

#[test]
fn the_base_and_its_near_misses_stay_valid() {
    // A fee replaced later the same year, input VAT for each year of a two-year period once,
    // s × v = 1.9 × 0.5 = 0.95 < 1: all accepted by validate and by the chain.
    let near = [
        doc(|d| {
            d["fees"] = json!([fee("0.10"), {"product": "a", "scenario": "ind", "effective": "2026-07-01", "schedule": {"kind": "flat", "price": "0.15"}}])
        }),
        doc(|d| {
            d["profile"]["period_years"] = json!(2);
            d["input_vat"] = json!([{"year": 2026, "amount": "10.00"}, {"year": 2027, "amount": "10.00"}]);
        }),
        doc(|d| {
            d["profile"]["surcharges"] = json!({"urban_maintenance": "0.9", "education": "0.5", "local_education": "0.5"});
            d["profile"]["vat_rate"] = json!("0.5");
        }),
    ];
    for d in near {
        assert_eq!(datafee::api::call("chain.validate", json!({ "document": d })).unwrap(), json!({"valid": true}));
        datafee::api::call("chain.run", json!({ "document": d })).unwrap();
    }
}
