//! Property tests of the chargeable scope (DOMAIN.md invariants, 65号 经营成本):
//! chargeable cost + free-use cost = total permitted cost to the cent (per year and per product);
//! MPR(chargeable scope) ≤ MPR(cross-subsidy); levelled caps keep Σ_t Σ cap × volume_t ≤ Σ_t MPR_t
//! and per-year caps keep Σ cap × volume_t ≤ MPR_t every year.

use datafee::scenario::{run, ScenarioDoc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

const YEARS: usize = 3;

/// A scenario of `n` products over three years: product i offered in a paid use and (every
/// other product) a free one; direct costs per year, a shared pool, a general overhead, an asset
/// serving product 0 and a shared asset; volumes per (product, scenario, year).
fn document(n: usize, costs: &[i64], vols: &[i64], general: i64, asset: i64) -> Value {
    let mut products = Vec::new();
    let mut forecasts = Vec::new();
    let mut entries = Vec::new();
    for i in 0..n {
        let scenarios = if i % 2 == 0 { json!(["ind", "wel"]) } else { json!(["sec"]) };
        let form = if i % 3 == 0 { "per_call" } else { "per_item" };
        products.push(json!({"id": format!("p{i}"), "name": format!("P{i}"), "service_form": "api", "charging_form": form, "scenarios": scenarios}));
        for y in 0..YEARS {
            let year = 2026 + y as i32;
            entries.push(json!({"category": "personnel", "year": year, "product": format!("p{i}"), "amount": Decimal::new(costs[(i * YEARS + y) % costs.len()], 2).to_string()}));
            let v = |k: usize| vols[(i * 7 + y * 3 + k) % vols.len()];
            if i % 2 == 0 {
                forecasts.push(json!({"product": format!("p{i}"), "scenario": "ind", "year": year, "volume": v(0).to_string()}));
                forecasts.push(json!({"product": format!("p{i}"), "scenario": "wel", "year": year, "volume": (v(1) - 1).to_string()}));
            } else {
                forecasts.push(json!({"product": format!("p{i}"), "scenario": "sec", "year": year, "volume": v(2).to_string()}));
            }
        }
    }
    entries.push(json!({"category": "compute", "year": 2026, "pool": "platform", "amount": Decimal::new(general, 2).to_string()}));
    entries.push(json!({"category": "other", "year": 2027, "amount": Decimal::new(general, 2).to_string()}));
    let drivers: Vec<Value> = (0..n).map(|i| json!({"pool": "platform", "product": format!("p{i}"), "quantity": ((i % 4) + 1).to_string()})).collect();
    json!({
        "name": "prop", "first_year": 2026, "profile": {"period_years": YEARS},
        "catalog": {"scenarios": [
            {"id": "ind", "name": "I", "category": "industry_development"},
            {"id": "sec", "name": "S", "category": "sector_development"},
            {"id": "wel", "name": "W", "category": "public_welfare"}], "products": products},
        "costs": {"ledger": {"entries": entries},
                  "assets": [{"id": "own", "kind": "fixed", "cost": Decimal::new(asset, 2).to_string(), "life_months": 48, "in_service": "2025-06", "product": "p0"},
                             {"id": "shared", "kind": "fixed", "cost": Decimal::new(asset / 2, 2).to_string(), "life_months": 60, "in_service": "2025-01", "pool": "platform"}],
                  "pools": [{"id": "platform", "driver": "compute_hours"}], "drivers": drivers},
        "forecasts": forecasts
    })
}

fn with_profile(doc: &Value, set: &[(&str, Value)]) -> ScenarioDoc {
    let mut d = doc.clone();
    for (k, v) in set {
        d["profile"][*k] = v.clone();
    }
    ScenarioDoc::from_value(d).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn free_and_chargeable_cost_add_up_and_the_mpr_carries_less(
        n in 1usize..7,
        costs in prop::collection::vec(0i64..50_000_000, 1..24),
        vols in prop::collection::vec(2i64..2_000_000, 1..30),
        general in 0i64..10_000_000,
        asset in 0i64..100_000_000,
    ) {
        let doc = document(n, &costs, &vols, general, asset);
        let scoped = run(&with_profile(&doc, &[])).unwrap();
        let cross = run(&with_profile(&doc, &[("free_cost_recovery", json!("from_paid"))])).unwrap();
        for (s, c) in scoped.scope.iter().zip(&scoped.costs) {
            prop_assert_eq!(s.chargeable_cost.get() + s.free_cost.get(), c.total_permitted.get());
            prop_assert_eq!(s.total_cost, c.total_permitted);
            prop_assert!(s.free_cost.get() >= Decimal::ZERO && s.chargeable_cost.get() >= Decimal::ZERO);
            prop_assert_eq!(s.chargeable_assets.get() + s.free_assets.get(), s.effective_assets.get());
            prop_assert!(s.chargeable_assets.get() <= s.effective_assets.get());
            for p in &s.products {
                prop_assert_eq!(p.chargeable_cost.get() + p.free_cost.get(), p.cost.get());
            }
            let sum: Decimal = s.products.iter().map(|p| p.chargeable_cost.get()).sum();
            prop_assert!(sum <= s.chargeable_cost.get());
        }
        for (a, b) in scoped.mpr.years.iter().zip(&cross.mpr.years) {
            prop_assert!(a.mpr.get() <= b.mpr.get(), "MPR(chargeable) {} > MPR(cross-subsidy) {}", a.mpr, b.mpr);
            prop_assert_eq!(a.free_use_cost, b.free_use_cost);
        }
    }

    #[test]
    fn levelled_caps_stay_within_the_period_mpr_and_per_year_caps_within_each_year(
        n in 1usize..7,
        costs in prop::collection::vec(0i64..50_000_000, 1..24),
        vols in prop::collection::vec(2i64..2_000_000, 1..30),
        general in 0i64..10_000_000,
    ) {
        let doc = document(n, &costs, &vols, general, 1_000_000);
        let levelled = run(&with_profile(&doc, &[])).unwrap();
        let at: Decimal = levelled.caps.iter().map(|c| c.revenue_at_caps.get()).sum();
        let mpr: Decimal = levelled.mpr.years.iter().map(|m| m.mpr.get()).sum();
        prop_assert!(at <= mpr, "Σ cap × volume {at} > Σ MPR {mpr}");
        prop_assert!(levelled.caps_period.headroom.get() >= Decimal::ZERO);
        for l in 0..levelled.caps[0].lines.len() {
            let caps: Vec<_> = levelled.caps.iter().map(|c| c.lines[l].cap).collect();
            prop_assert!(caps.windows(2).all(|w| w[0] == w[1]), "levelled caps differ between years: {:?}", caps);
        }
        let per_year = run(&with_profile(&doc, &[("cap_basis", json!("per_year"))])).unwrap();
        for (c, m) in per_year.caps.iter().zip(&per_year.mpr.years) {
            prop_assert!(c.revenue_at_caps.get() <= m.mpr.get());
            prop_assert!(c.headroom.get() >= Decimal::ZERO);
        }
    }
}
