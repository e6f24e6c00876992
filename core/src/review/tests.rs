//! Unit tests of the periodic review.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::*;
use crate::caps::{caps_for_year, CapInputs, CapsYear, Forecast};
use crate::catalog::Catalog;
use crate::money::{Quantity, Rate};
use crate::profile::{FreeCostRecovery, Policy};

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

/// Caps of 2026 for an MPR: a/ind 3000 calls, a/gov 1000 (free), b/ind 10 reports; costs a 600, b 400.
fn caps(policy: &Policy, mpr: &str) -> CapsYear {
    let costs: HashMap<String, Decimal> = [("a".to_string(), d("600")), ("b".to_string(), d("400"))].into();
    let f = [fc("a", "ind", "3000"), fc("a", "gov", "1000"), fc("b", "ind", "10")];
    caps_for_year(&CapInputs { catalog: &catalog(), policy, year: 2026, mpr: Amount::new(d(mpr)), product_costs: &costs, forecasts: &f, weights: &[] }).unwrap()
}

fn line(p: &str, s: &str, v: &str, r: &str) -> ActualLine {
    ActualLine { product: p.into(), scenario: s.into(), volume: Quantity::new(d(v)), revenue: Amount::new(d(r)) }
}

fn input(policy: Policy, mpr: &str, actual: Vec<ActualLine>) -> ReviewInput {
    ReviewInput {
        year: 2026,
        mpr: None,
        caps: caps(&policy, mpr),
        actual,
        profile: policy,
        catalog: Some(catalog()),
        next_mpr: None,
        next_forecast: Vec::new(),
    }
}

#[test]
fn threshold_is_strict_on_the_rounded_percent() {
    // MPR 1000: a/ind RR = 1000 × 450/850 = 529.41, cap 0.176; b/ind RR 470.59, cap 47.05
    let at = |rev: &str| review(&input(Policy::national(), "1000", vec![line("b", "ind", "1", rev)])).unwrap();
    let r = at("1100.00");
    assert_eq!((r.deviation_percent, r.beyond_threshold), (Some(d("10.00")), false));
    assert!(r.proposal.is_none());
    let r = at("1100.10");
    assert_eq!((r.deviation_percent, r.beyond_threshold), (Some(d("10.01")), true));
    let r = at("900.00");
    assert_eq!((r.deviation_percent.map(|p| p.to_string()), r.beyond_threshold), (Some("-10.00".into()), false));
    // the ceiling is 47.05 × 1: every one of these is a violation
    assert_eq!(r.violations.len(), 1);
    assert_eq!(r.violations[0].excess.to_string(), "852.95");
}

#[test]
fn a_tiny_shortfall_rounds_to_plain_zero_percent() {
    let r = review(&input(Policy::national(), "100000", vec![line("b", "ind", "10", "99999.99")])).unwrap();
    assert_eq!(r.deviation.to_string(), "-0.01");
    assert_eq!(r.deviation_percent.unwrap().to_string(), "0.00");
    assert_eq!(r.clawback.to_string(), "0.00");
    assert_eq!(r.under_recovery.to_string(), "0.01");
}

#[test]
fn per_call_unit_needs_the_catalog() {
    let actual = vec![line("a", "ind", "2000", "300.00"), line("b", "ind", "5", "200.00")];
    let with = review(&input(Policy::national(), "1000", actual.clone())).unwrap();
    let p = with.proposal.unwrap();
    // caps 0.176 and 47.05; Σ cap × actual = 352 + 235.25 = 587.25; k = 1000 / 587.25
    assert_eq!(p.revenue_at_current_caps.to_string(), "587.25");
    assert_eq!(p.lines[0].proposed_cap.to_string(), "0.299"); // floor(0.176 × 1.70285..., 0.001) = floor(0.29970...)
    assert_eq!(p.lines[1].proposed_cap.to_string(), "80.11"); // floor(47.05 × 1.70285..., 0.01) = floor(80.119...)
    let mut without = input(Policy::national(), "1000", actual);
    without.catalog = None;
    let p = review(&without).unwrap().proposal.unwrap();
    assert_eq!(p.lines[0].proposed_cap.to_string(), "0.29"); // floored to the general 0.01 unit
    assert!(p.revenue_at_proposed_caps.get() <= p.target.get());
}

#[test]
fn budget_funded_target_and_vat_quote() {
    let mut policy = Policy::national();
    policy.free_cost_recovery = FreeCostRecovery::BudgetFunded;
    policy.prices_include_vat = true;
    let mut i = input(policy, "1000", vec![line("b", "ind", "10", "300.00")]);
    i.next_mpr = Some(Amount::new(d("1200")));
    let r = review(&i).unwrap();
    let p = r.proposal.unwrap();
    // free cost of the year: a/gov carries 600 × 1000 / 4000 = 150
    assert_eq!(i.caps.free_cost.to_string(), "150.00");
    assert_eq!((p.target_basis, p.mpr.to_string(), p.target.to_string()), (TargetBasis::NextMpr, "1200".into(), "1050.00".into()));
    // b/ind only has volume: cap × 10 scaled to 1050 → 105.00; quoted floor(105 × 1.06) = 111.30
    let b = p.lines.iter().find(|l| l.product == "b").unwrap();
    assert_eq!((b.proposed_cap.to_string(), b.proposed_quoted.to_string()), ("105.00".into(), "111.30".into()));
    assert_eq!(p.headroom.to_string(), "0.00");
}

#[test]
fn no_volume_keeps_the_caps() {
    let r = review(&input(Policy::national(), "1000", vec![])).unwrap();
    assert_eq!(r.deviation_percent.unwrap().to_string(), "-100.00");
    let p = r.proposal.unwrap();
    assert!(p.factor.is_none());
    assert!(p.lines.iter().all(|l| l.proposed_cap == l.current_cap));
    assert_eq!(p.revenue_at_proposed_caps.to_string(), "0.00");
    assert!(r.lines.iter().all(|l| l.explanation.notes.iter().any(|n| n.contains("no actual line"))));
}

#[test]
fn input_errors() {
    let bad = |i: ReviewInput| {
        let e = review(&i).unwrap_err();
        (e.code(), e.field().to_string())
    };
    let mut i = input(Policy::national(), "1000", vec![]);
    i.next_forecast = vec![PairVolume { product: "a".into(), scenario: "ind".into(), volume: Quantity::new(d("1")) }; 2];
    assert_eq!(bad(i), ("duplicate_id", "next_forecast[1]".into()));
    let mut i = input(Policy::national(), "1000", vec![]);
    i.next_forecast = vec![PairVolume { product: "a".into(), scenario: "ind".into(), volume: Quantity::new(d("-1")) }];
    assert_eq!(bad(i), ("out_of_range", "next_forecast[0].volume".into()));
    let mut i = input(Policy::national(), "1000", vec![]);
    i.next_mpr = Some(Amount::new(d("-1")));
    assert_eq!(bad(i), ("out_of_range", "next_mpr".into()));
    let mut i = input(Policy::national(), "1000", vec![line("a", "ind", "-1", "0")]);
    assert_eq!(bad(i.clone()), ("out_of_range", "actual[0].volume".into()));
    i.actual = vec![line("a", "ind", "1", "0"); MAX_ACTUAL_LINES + 1];
    assert_eq!(bad(i), ("limit_exceeded", "actual".into()));
    let mut i = input(Policy::national(), "1000", vec![]);
    i.profile.review_threshold = Rate::new(d("-0.1"));
    assert_eq!(bad(i), ("out_of_range", "profile.review_threshold".into()));
}

#[test]
fn working_paper_and_prior_years() {
    let r = review(&input(Policy::national(), "1000", vec![line("a", "ind", "4000", "704.00"), line("a", "gov", "5", "1.00")])).unwrap();
    let wp = r.working_paper();
    for id in [
        "review.2026.actual_revenue",
        "review.2026.deviation_percent",
        "review.2026.clawback",
        "review.2026.volume.a/gov",
        "review.2026.product.b",
        "review.2026.violation.a/gov",
        "review.2026.proposal",
        "review.2026.proposed_cap.b/ind",
    ] {
        assert!(wp.get(id).is_some(), "{id}");
    }
    assert_eq!(r.violations[0].kind, ViolationKind::FreeUseCharged);
    let p = r.prior_year();
    assert_eq!((p.year, p.mpr.to_string(), p.actual_revenue.to_string()), (2026, "1000.00".into(), "705.00".into()));
    let e = prior_years(&[ReviewedYear { year: 2025, mpr: Amount::new(d("-1")), actual_revenue: Amount::ZERO }]).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "reviews[0].mpr"));
    assert!(prior_years(&[]).unwrap().is_empty());
    let years: Vec<ReviewedYear> = (0..=MAX_REVIEWED_YEARS as i32).map(|y| ReviewedYear { year: y, mpr: Amount::ZERO, actual_revenue: Amount::ZERO }).collect();
    assert_eq!(prior_years(&years).unwrap_err().code(), "limit_exceeded");
    assert_eq!(ReviewedYear::from(&r).actual_revenue.to_string(), "705.00");
}

#[test]
fn a_pair_missing_from_the_caps_is_named() {
    let i = input(Policy::national(), "1000", vec![line("b", "gov", "1", "0")]);
    let e = review(&i).unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("unknown_id", "actual[0].scenario", "gov"));
    let mut i = input(Policy::national(), "1000", vec![]);
    i.caps.lines[0].cap = None;
    let e = review(&i).unwrap_err();
    assert_eq!((e.code(), e.field()), ("missing", "caps.lines[0].cap"));
}
