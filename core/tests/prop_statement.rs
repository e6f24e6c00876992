//! Property tests for the allocation statement (收益分配账单), in-kind offsets (数据激励) and
//! contribution grades (数据贡献评价等级).

use datafee::sharing::contribution::{evaluate, Evaluation};
use datafee::sharing::settlement::{settle, SettlementInput};
use datafee::sharing::statement::{statement, Payee, StatementInput};
use datafee::Amount;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

fn cents(c: i64) -> Amount {
    Amount::new(Decimal::new(c, 2))
}

/// A two-layer product: units with the given ratios (hundredths) at rotating treasury levels,
/// an operator with a cost and a partner, by weights.
fn product(id: &str, billed: i64, ratios: &[i64], collected: i64) -> serde_json::Value {
    let layer1: Vec<serde_json::Value> =
        ratios.iter().enumerate().map(|(k, r)| json!({"id": format!("u{k}"), "ratio": Decimal::new(*r, 2).to_string(), "treasury": LEVELS[k % 3]})).collect();
    json!({"sharing": {"product": id, "revenue": cents(billed).to_string(), "tax_basis": "vat_exclusive", "vat_rate": "0.06",
        "surcharge_rate": "0.12", "layer1": layer1,
        "layer2": {"parties": [{"id": "op", "kind": "operator", "recognised_cost": "1000.00", "weight": "2"}, {"id": "pt", "kind": "partner", "weight": "1"}],
                   "method": "weights"}},
        "collected": cents(collected).to_string()})
}

const LEVELS: [&str; 3] = ["city", "province", "central"];

fn is_cents(a: Amount) -> bool {
    a.get().round_dp(2) == a.get()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every split adds up to the cent: per product Σ shares + taxes = revenue shared; per party
    /// in-kind offset + remitted = share and offset + carried forward = valued + carried in;
    /// the units' lines are the settlement's own figures; the treasury levels hold exactly the
    /// units' remittances.
    #[test]
    fn statements_add_up(
        billed in prop::collection::vec(0i64..10_000_000, 1..4),
        frac in prop::collection::vec(0i64..=100, 4),
        ratios in prop::collection::vec(0i64..=30, 1..4),
        support in prop::collection::vec((0usize..4, 1i64..5_000_000), 0..6),
        carried in prop::collection::vec(0i64..100_000, 4),
    ) {
        let products: Vec<serde_json::Value> =
            billed.iter().enumerate().map(|(k, b)| product(&format!("p{k}"), *b, &ratios, b * frac[k] / 100)).collect();
        let period = json!({"from": "2026-01-01", "to": "2026-03-31"});
        let settlement = json!({"period": period, "products": products,
            "schedule": {"treasury": {"city": "2026-04-15", "province": "2026-04-15", "central": "2026-04-15"}, "parties": "2026-04-30"}});
        let n = ratios.len();
        let in_kind: Vec<serde_json::Value> = support
            .iter()
            .map(|(u, a)| json!({"unit": format!("u{}", u % n), "kind": "service", "basis": "cost", "amount": cents(*a).to_string(), "date": "2026-02-01"}))
            .collect();
        let carried_in: Vec<serde_json::Value> =
            (0..n).map(|k| json!({"unit": format!("u{k}"), "amount": cents(carried[k]).to_string()})).collect();
        let input: StatementInput = datafee::doc::from_value(json!({"period": period, "sharing": {"settlement": settlement.clone()},
            "in_kind": in_kind, "carried_in": carried_in})).unwrap();
        let st = statement(&input).unwrap();
        let s = settle(&datafee::doc::from_value::<SettlementInput>(settlement).unwrap()).unwrap();
        prop_assert_eq!(st.revenue, s.collected);
        prop_assert_eq!(st.taxes, s.taxes);
        prop_assert_eq!(st.shares, s.distributed);
        prop_assert_eq!(st.shares.get() + st.taxes.get(), st.revenue.get());
        prop_assert_eq!(st.in_kind_offset.get() + st.remitted.get(), st.shares.get());
        for p in &st.products {
            let sum: Decimal = st.lines.iter().filter(|l| l.product == p.product).map(|l| l.share.get()).sum();
            let taxes: Decimal = st.lines.iter().filter(|l| l.product == p.product).map(|l| l.taxes.get()).sum();
            prop_assert_eq!(sum + p.taxes.get(), p.revenue.get());
            prop_assert_eq!(taxes, p.taxes.get());
        }
        let mut by_level = Decimal::ZERO;
        for p in &st.parties {
            for a in [p.share, p.in_kind_offset, p.remitted, p.carried_forward, p.in_kind_valued, p.carried_in] {
                prop_assert!(is_cents(a) && !a.is_negative());
            }
            prop_assert_eq!(p.in_kind_offset.get() + p.remitted.get(), p.share.get());
            prop_assert_eq!(p.in_kind_offset.get() + p.carried_forward.get(), p.in_kind_valued.get() + p.carried_in.get());
            prop_assert!(p.carried_forward.is_zero() || p.remitted.is_zero());
            let lines: Decimal = st.lines.iter().filter(|l| l.party == p.party).map(|l| l.share.get()).sum();
            prop_assert_eq!(lines, p.share.get());
            if p.payee == Payee::Unit {
                by_level += p.remitted.get();
                let settled: Decimal = s.products.iter().flat_map(|q| q.sharing.layer1.iter()).filter(|u| u.id == p.party).map(|u| u.remitted.get()).sum();
                prop_assert_eq!(settled, p.share.get());
            } else {
                prop_assert!(p.in_kind_offset.is_zero());
            }
        }
        let levels: Decimal = st.treasury.values().map(|a| a.get()).sum();
        prop_assert_eq!(levels, by_level);
    }

    /// Grades change nothing else: scores, ranks and weights are those of the evaluation without
    /// grades; a better score never gets a worse grade.
    #[test]
    fn grades_are_monotone_and_additive(
        values in prop::collection::vec((0i64..1000, 1i64..100), 1..30),
        cuts in prop::collection::btree_set(0i64..2000, 1..5),
    ) {
        let parties: Vec<serde_json::Value> = values
            .iter()
            .enumerate()
            .map(|(k, (q, d))| json!({"id": format!("d{k}"), "values": {"quality": q.to_string(), "days": d.to_string()}}))
            .collect();
        let base = json!({"indicators": [{"id": "quality", "weight": "60", "normalisation": "max"},
            {"id": "days", "weight": "40", "direction": "cost", "normalisation": "max"}], "parties": parties});
        let thresholds: Vec<serde_json::Value> =
            cuts.iter().rev().enumerate().map(|(k, c)| json!({"grade": format!("G{k}"), "min_score": Decimal::new(*c, 1).to_string()})).collect();
        let mut graded = base.clone();
        graded["grades"] = json!({"thresholds": thresholds});
        let plain = evaluate(&datafee::doc::from_value::<Evaluation>(base).unwrap()).unwrap();
        let g = evaluate(&datafee::doc::from_value::<Evaluation>(graded).unwrap()).unwrap();
        prop_assert_eq!(&plain.ranking, &g.ranking);
        let rank_of = |name: &str| name.strip_prefix('G').and_then(|x| x.parse::<usize>().ok()).unwrap_or(usize::MAX);
        for (a, b) in plain.parties.iter().zip(&g.parties) {
            prop_assert_eq!((a.score, a.rank, a.weight), (b.score, b.rank, b.weight));
            prop_assert!(a.grade.is_none() && b.grade.is_some());
        }
        for a in &g.parties {
            for b in &g.parties {
                if a.score > b.score {
                    prop_assert!(rank_of(a.grade.as_deref().unwrap_or("")) <= rank_of(b.grade.as_deref().unwrap_or("")));
                }
            }
        }
        let listed: usize = g.grading.as_ref().map_or(0, |x| x.groups.iter().map(|gr| gr.parties.len()).sum());
        prop_assert_eq!(listed, values.len());
    }
}
