//! Property tests of the periodic review (定期评估) and of disclosure rendering (信息披露).

use std::collections::HashMap;

use datafee::caps::{caps_for_year, CapInputs, CapsYear, Forecast};
use datafee::catalog::Catalog;
use datafee::profile::Policy;
use datafee::review::{review, ActualLine, PairVolume, ReviewInput};
use datafee::{Amount, Quantity};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

/// A product: per call?, cost in cents, forecast ind, forecast gov.
type ProductSpec = (bool, i64, i64, i64);

fn catalog(specs: &[ProductSpec]) -> Catalog {
    let products: Vec<_> = specs
        .iter()
        .enumerate()
        .map(|(i, (per_call, ..))| {
            json!({"id": format!("p{i}"), "name": format!("P{i}"), "service_form": "api",
                   "charging_form": if *per_call { "per_call" } else { "per_item" }, "scenarios": ["ind", "gov"]})
        })
        .collect();
    datafee::doc::from_value(json!({
        "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
                      {"id": "gov", "name": "Governance", "category": "public_governance"}],
        "products": products}))
    .unwrap()
}

fn caps(cat: &Catalog, specs: &[ProductSpec], policy: &Policy, mpr_cents: i64) -> CapsYear {
    let costs: HashMap<String, Decimal> = specs.iter().enumerate().map(|(i, s)| (format!("p{i}"), Decimal::new(s.1, 2))).collect();
    let mut f = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        f.push(Forecast { product: format!("p{i}"), scenario: "ind".into(), year: None, volume: Quantity::new(Decimal::from(s.2)) });
        f.push(Forecast { product: format!("p{i}"), scenario: "gov".into(), year: None, volume: Quantity::new(Decimal::from(s.3)) });
    }
    caps_for_year(&CapInputs {
        catalog: cat,
        policy,
        year: 2026,
        mpr: Amount::new(Decimal::new(mpr_cents, 2)),
        product_costs: &costs,
        forecasts: &f,
        weights: &[],
    })
    .unwrap()
}

fn specs() -> impl Strategy<Value = Vec<ProductSpec>> {
    prop::collection::vec((any::<bool>(), 1i64..100_000_000, 1i64..200_000, 0i64..50_000), 1..5)
}

/// Actual (volume, revenue cents, free revenue cents) per product.
fn actuals(n: usize) -> impl Strategy<Value = Vec<(i64, i64, i64)>> {
    prop::collection::vec((0i64..400_000, 0i64..1_000_000_000, prop_oneof![4 => Just(0i64), 1 => 1i64..10_000]), n)
}

fn lines(act: &[(i64, i64, i64)]) -> Vec<ActualLine> {
    let mut out = Vec::new();
    for (i, (v, r, free)) in act.iter().enumerate() {
        out.push(ActualLine {
            product: format!("p{i}"),
            scenario: "ind".into(),
            volume: Quantity::new(Decimal::from(*v)),
            revenue: Amount::new(Decimal::new(*r, 2)),
        });
        out.push(ActualLine {
            product: format!("p{i}"),
            scenario: "gov".into(),
            volume: Quantity::new(Decimal::from(*v / 3)),
            revenue: Amount::new(Decimal::new(*free, 2)),
        });
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// deviation = actual − MPR; its percent has the same sign; over − under = deviation;
    /// without carry the claw-back is the over-recovery (≥ 0), with carry it is the deviation.
    #[test]
    fn deviation_is_consistent(
        (sp, act) in specs().prop_flat_map(|s| { let n = s.len(); (Just(s), actuals(n)) }),
        mpr in 0i64..2_000_000_000,
        carry in any::<bool>(),
    ) {
        let cat = catalog(&sp);
        let mut policy = Policy::national();
        policy.carry_under_recovery = carry;
        let c = caps(&cat, &sp, &policy, mpr);
        let r = review(&ReviewInput { year: 2026, mpr: None, caps: c, actual: lines(&act), profile: policy, catalog: Some(cat), next_mpr: None, next_forecast: vec![] }).unwrap();
        let actual: Decimal = act.iter().map(|(_, r, f)| Decimal::new(*r, 2) + Decimal::new(*f, 2)).sum();
        prop_assert_eq!(r.actual_revenue.get(), actual);
        let dev = r.deviation.get();
        prop_assert_eq!(dev, actual - Decimal::new(mpr, 2));
        match r.deviation_percent {
            None => {
                prop_assert_eq!(mpr, 0);
                prop_assert_eq!(r.beyond_threshold, actual > Decimal::ZERO);
            }
            Some(p) => {
                prop_assert!(!(p > Decimal::ZERO && dev <= Decimal::ZERO), "percent {} deviation {}", p, dev);
                prop_assert!(!(p < Decimal::ZERO && dev >= Decimal::ZERO), "percent {} deviation {}", p, dev);
                if dev.is_zero() { prop_assert!(p.is_zero()); }
                prop_assert_eq!(p.scale(), 2);
                prop_assert_eq!(r.beyond_threshold, p.abs() > Decimal::TEN);
            }
        }
        prop_assert!(r.over_recovery.get() >= Decimal::ZERO && r.under_recovery.get() >= Decimal::ZERO);
        prop_assert_eq!(r.over_recovery.get() - r.under_recovery.get(), dev);
        if carry {
            prop_assert_eq!(r.clawback.get(), dev);
        } else {
            prop_assert!(r.clawback.get() >= Decimal::ZERO);
            prop_assert_eq!(r.clawback.get(), dev.max(Decimal::ZERO));
        }
        prop_assert_eq!(r.proposal.is_some(), r.beyond_threshold);
        for v in &r.violations {
            prop_assert!(v.revenue.get() > v.ceiling.get());
            prop_assert_eq!(v.excess.get(), v.revenue.get() - v.ceiling.get());
        }
    }

    /// Proposed caps keep Σ proposed cap × volume ≤ target ≤ the MPR scaled to, whatever the
    /// next MPR and forecast.
    #[test]
    fn proposed_caps_stay_within_the_target(
        (sp, act, next) in specs().prop_flat_map(|s| {
            let n = s.len();
            (Just(s), actuals(n), prop::option::of(prop::collection::vec(0i64..1_000_000, n)))
        }),
        mpr in 1i64..2_000_000_000,
        next_mpr in prop::option::of(0i64..2_000_000_000),
        budget_funded in any::<bool>(),
        vat in any::<bool>(),
    ) {
        let cat = catalog(&sp);
        let mut policy = Policy::national();
        policy.review_threshold = datafee::Rate::ZERO;
        policy.prices_include_vat = vat;
        if budget_funded {
            policy.free_cost_recovery = datafee::profile::FreeCostRecovery::BudgetFunded;
        }
        let c = caps(&cat, &sp, &policy, mpr);
        let next_forecast: Vec<PairVolume> = next.iter().flatten().enumerate()
            .map(|(i, v)| PairVolume { product: format!("p{i}"), scenario: "ind".into(), volume: Quantity::new(Decimal::from(*v)) })
            .collect();
        let input = ReviewInput {
            year: 2026, mpr: None, caps: c, actual: lines(&act), profile: policy, catalog: Some(cat),
            next_mpr: next_mpr.map(|m| Amount::new(Decimal::new(m, 2))), next_forecast,
        };
        let r = review(&input).unwrap();
        let Some(p) = r.proposal else { return Ok(()) };
        let scaled_to = next_mpr.map_or(Decimal::new(mpr, 2), |m| Decimal::new(m, 2));
        prop_assert!(p.target.get() <= scaled_to);
        let sum: Decimal = p.lines.iter().map(|l| l.proposed_cap.get() * l.volume.get()).sum();
        prop_assert_eq!(sum, p.revenue_at_proposed_caps.get());
        prop_assert!(sum <= p.target.get(), "Σ {} > target {}", sum, p.target);
        prop_assert_eq!(p.headroom.get(), p.target.get() - sum);
        for l in &p.lines {
            prop_assert!(l.proposed_cap.get() >= Decimal::ZERO);
            prop_assert!(l.proposed_quoted.get() >= l.proposed_cap.get());
        }
    }
}

/// The tags the HTML template writes; any other `<` in the page would be injected markup.
const TAGS: &[&str] = &[
    "!doctype", "html", "head", "meta", "title", "style", "body", "header", "h1", "span", "dl", "dt", "dd", "main", "section", "h2", "table", "thead", "tbody",
    "tr", "th", "td", "p", "footer",
];

fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.js>",
        "</td></tr></table><script>",
        "<img src=x onerror=alert(1)>",
        "\"",
        "'",
        "&",
        "&lt;",
        "<",
        ">",
        "javascript:",
        "<!--",
        "-->",
        "<style>",
        "</style>",
        "报告",
        "|",
        "\n",
        "=cmd",
        "<svg/onload=alert(1)>",
    ]);
    (prop::collection::vec(pieces, 1..6), "[a-z<>&\"' ]{0,8}").prop_map(|(v, tail)| v.concat() + &tail)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Hostile product, scenario and exercise names never reach the HTML or Markdown as markup.
    #[test]
    fn hostile_names_never_yield_markup(name in hostile(), zh in hostile(), scenario in hostile(), title in hostile()) {
        let doc = json!({
            "name": title, "first_year": 2026, "profile": {"period_years": 1},
            "catalog": {
                "scenarios": [{"id": "ind", "name": scenario, "category": "industry_development"},
                              {"id": "gov", "name": "Gov", "category": "public_governance"}],
                "products": [{"id": "r", "name": name, "name_zh": zh, "service_form": "report",
                              "charging_form": "per_item", "unit": "report", "scenarios": ["ind", "gov"]}]},
            "costs": {"ledger": {"entries": [{"category": "personnel", "year": 2026, "product": "r", "amount": "1000.00"}]}},
            "forecasts": [{"product": "r", "scenario": "ind", "volume": "100"}],
            "fees": [{"product": "r", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": "9.00"}}]});
        let actual = json!([{"product": "r", "scenario": "ind", "volume": "10", "revenue": "90.00"}]);
        for (op, extra) in [("disclosure.fee_list", json!({})), ("disclosure.annual_report", json!({"year": 2026, "actual": actual}))] {
            let mut input = extra.clone();
            input["document"] = doc.clone();
            input["format"] = json!("html");
            let out = datafee::api::call(op, input.clone()).unwrap();
            let html = out["content"].as_str().unwrap();
            let lower = html.to_lowercase();
            prop_assert!(!lower.contains("<script"), "raw <script> in {}", op);
            for (i, _) in html.match_indices('<') {
                let rest = &lower[i + 1..];
                let rest = rest.strip_prefix('/').unwrap_or(rest);
                let tag: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
                prop_assert!(TAGS.contains(&tag.as_str()), "unexpected tag <{}> in {}", tag, op);
            }
            input["format"] = json!("markdown");
            let out = datafee::api::call(op, input).unwrap();
            prop_assert!(!out["content"].as_str().unwrap().contains('<'), "raw < in markdown of {}", op);
        }
    }
}
