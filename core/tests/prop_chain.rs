//! Property tests of the pricing chain (DOMAIN.md invariants):
//! Σ cap × forecast volume ≤ chargeable requirement ≤ MPR; MPR rises with cost and with the rate.

use std::collections::HashMap;

use datafee::caps::{caps_for_year, CapInputs, Forecast};
use datafee::catalog::Catalog;
use datafee::money::{Amount, Quantity, Rate};
use datafee::mpr::{mpr_year, CostBasis, Stage};
use datafee::profile::{FreeCostRecovery, Policy, ProfitMethod};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn catalog(n: usize) -> Catalog {
    let products: Vec<String> = (0..n)
        .map(|i| {
            let form = if i % 2 == 0 { "per_call" } else { "per_item" };
            let scen = if i % 3 == 0 { r#"["ind","gov"]"# } else { r#"["ind","sec"]"# };
            format!(r#"{{"id":"p{i}","name":"P{i}","service_form":"api","charging_form":"{form}","scenarios":{scen}}}"#)
        })
        .collect();
    datafee::doc::from_json(&format!(
        r#"{{"scenarios":[{{"id":"ind","name":"I","category":"industry_development"}},
            {{"id":"sec","name":"S","category":"sector_development"}},
            {{"id":"gov","name":"G","category":"public_welfare"}}],"products":[{}]}}"#,
        products.join(",")
    ))
    .unwrap()
}

fn cents(max: i64) -> impl Strategy<Value = Decimal> {
    (0..max).prop_map(|c| Decimal::new(c, 2))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn caps_never_recover_more_than_the_requirement(
        n in 1usize..8,
        costs in prop::collection::vec(cents(100_000_000), 8),
        vols in prop::collection::vec(1i64..5_000_000, 16),
        mpr in cents(10_000_000_000),
        budget in any::<bool>(),
    ) {
        let c = catalog(n);
        let product_costs: HashMap<String, Decimal> = (0..n).map(|i| (format!("p{i}"), costs[i] + Decimal::ONE)).collect();
        let mut forecasts = Vec::new();
        for (i, p) in c.products.iter().enumerate() {
            for (j, s) in p.scenarios.iter().enumerate() {
                forecasts.push(Forecast { product: p.id.clone(), scenario: s.clone(), year: None, volume: Quantity::new(Decimal::from(vols[(2 * i + j) % 16])) });
            }
        }
        let mut policy = Policy::national();
        if budget { policy.free_cost_recovery = FreeCostRecovery::BudgetFunded; }
        let y = caps_for_year(&CapInputs { catalog: &c, policy: &policy, year: 2026, mpr: Amount::new(mpr), product_costs: &product_costs, forecasts: &forecasts, weights: &[] }).unwrap();
        let mut sum = Decimal::ZERO;
        let mut req = Decimal::ZERO;
        for l in &y.lines {
            if let Some(cap) = l.cap {
                prop_assert!(cap.get() >= Decimal::ZERO);
                prop_assert!(cap.get() * l.volume.get() <= l.requirement.get());
                sum += cap.get() * l.volume.get();
                req += l.requirement.get();
            } else {
                prop_assert!(!l.chargeable);
            }
        }
        prop_assert_eq!(req, y.requirement.get(), "requirements add up exactly");
        prop_assert!(sum <= y.requirement.get());
        prop_assert!(y.requirement.get() <= mpr);
        prop_assert_eq!(y.headroom.get(), y.requirement.get() - sum);
    }

    #[test]
    fn mpr_rises_with_cost_and_rate(
        c in cents(10_000_000_000), dc in cents(1_000_000_000),
        ea in cents(10_000_000_000),
        r in 0i64..77, dr in 0i64..10,
        vat in cents(100_000_000),
        method in 0u8..3,
    ) {
        let r2 = (r + dr).min(77);
        let profile = |rate: i64| {
            let mut p = Policy::national();
            p.profit = match method {
                0 => ProfitMethod::ReturnOnAssets { rate: Rate::new(Decimal::new(rate, 3)) },
                1 => ProfitMethod::CostPlus { margin: Rate::new(Decimal::new(rate.min(100), 3)) },
                _ => ProfitMethod::Wacc { equity_premium: Rate::new(Decimal::new(rate.min(60), 3)), debt_rate: Rate::new(Decimal::new(35, 3)), debt_ratios: vec![Rate::new(Decimal::new(3, 1))] },
            };
            p
        };
        let basis = |cost: Decimal| CostBasis { year: 2026, permitted_cost: Amount::new(cost), effective_assets: Amount::new(ea), input_vat: Amount::new(vat) };
        let base = mpr_year(&basis(c), &profile(r), Stage::Formal).unwrap();
        let more_cost = mpr_year(&basis(c + dc), &profile(r), Stage::Formal).unwrap();
        let more_rate = mpr_year(&basis(c), &profile(r2), Stage::Formal).unwrap();
        prop_assert!(more_cost.mpr >= base.mpr, "cost up: {} < {}", more_cost.mpr, base.mpr);
        prop_assert!(more_rate.mpr >= base.mpr, "rate up: {} < {}", more_rate.mpr, base.mpr);
        prop_assert_eq!(base.mpr.get(), base.permitted_cost.get() + base.permitted_profit.get() + base.income_tax.get() + base.surcharges.get());
    }
}
