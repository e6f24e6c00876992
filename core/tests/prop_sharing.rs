//! Property tests for revenue sharing (收益分配): exact splits, Shapley axioms, the airport
//! closed form, sampling convergence and a brute-force check of exact Shapley values.

use std::collections::HashMap;

use datafee::sharing::airport::{airport, PlayerCost};
use datafee::sharing::game::{AirportGame, CoalitionValue, ExplicitGame, Game, MissingCoalitions};
use datafee::sharing::shapley::{shapley, ShapleyMethod};
use datafee::sharing::split::{split, SplitParty};
use datafee::{Amount, Rounding};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn cents(c: i64) -> Amount {
    Amount::new(Decimal::new(c, 2))
}

/// Parties with distinct ids (`"p<k>"` for distinct random k) and weights with 0..=3 decimals.
fn parties() -> impl Strategy<Value = Vec<(String, Decimal)>> {
    prop::collection::btree_set(0u32..10_000, 1..25).prop_flat_map(|ids| {
        let n = ids.len();
        let ids: Vec<String> = ids.into_iter().map(|k| format!("p{k}")).collect();
        (Just(ids), prop::collection::vec((0i64..5_000, 0u32..4), n))
            .prop_map(|(ids, ws)| ids.into_iter().zip(ws).map(|(id, (m, s))| (id, Decimal::new(m, s))).collect::<Vec<_>>())
    })
}

fn share_map(total: Amount, ps: &[(String, Decimal)]) -> Result<HashMap<String, Decimal>, datafee::Error> {
    let list: Vec<SplitParty> = ps.iter().map(|(id, w)| SplitParty::new(id.clone(), *w)).collect();
    let s = split(total, &list, &Rounding::cents())?;
    Ok(ps.iter().map(|(id, _)| id.clone()).zip(s.shares.iter().map(|a| a.get())).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn splits_add_up_and_ignore_order(ps in parties(), total in -1_000_000_000i64..1_000_000_000, seed in any::<u64>()) {
        let amount = cents(total);
        let all_zero = ps.iter().all(|(_, w)| w.is_zero());
        let got = share_map(amount, &ps);
        if all_zero {
            prop_assert_eq!(got.unwrap_err().code(), "all_zero_weights");
            return Ok(());
        }
        let got = got.unwrap();
        let sum: Decimal = got.values().sum();
        prop_assert_eq!(sum, amount.get());
        // Within one cent of the exact share: |share × W − A × w| < 0.01 × W.
        let w_total: Decimal = ps.iter().map(|(_, w)| *w).sum();
        for (id, w) in &ps {
            let s = got[id];
            prop_assert!((s * w_total - amount.get() * *w).abs() < Decimal::new(1, 2) * w_total, "{id}: {s}");
            if w.is_zero() {
                prop_assert!(s.is_zero());
            }
            if total >= 0 { prop_assert!(s >= Decimal::ZERO); }
        }
        // Any other listing order gives the same map.
        let mut shuffled = ps.clone();
        let mut rng = datafee::sharing::rng::Rng::new(seed);
        rng.shuffle(&mut shuffled);
        prop_assert_eq!(share_map(amount, &shuffled).unwrap(), got.clone());
        // A loss is the mirror image of the gain.
        let mirrored = share_map(cents(-total), &ps).unwrap();
        for (id, s) in &got {
            prop_assert_eq!(mirrored[id], -*s);
        }
    }

    #[test]
    fn maxima_are_respected(ps in parties(), total in 0i64..10_000_000, caps in prop::collection::vec(prop::option::of(0i64..2_000_000), 25)) {
        let list: Vec<SplitParty> = ps.iter().zip(&caps).map(|((id, w), c)| {
            let p = SplitParty::new(id.clone(), *w);
            match c { Some(c) => p.with_max(cents(*c)), None => p }
        }).collect();
        if ps.iter().all(|(_, w)| w.is_zero()) {
            return Ok(());
        }
        // Feasible iff some weighted party is uncapped or the weighted parties' maxima cover the amount.
        let room: Option<i64> = list.iter().filter(|p| !p.weight.is_zero())
            .map(|p| p.max.map(|m| (m.get() * Decimal::from(100)).try_into().unwrap_or(0i64)))
            .sum();
        match split(cents(total), &list, &Rounding::cents()) {
            Ok(s) => {
                prop_assert!(room.is_none_or(|r| r >= total));
                let sum: Decimal = s.shares.iter().map(|a| a.get()).sum();
                prop_assert_eq!(sum, cents(total).get());
                for (p, a) in list.iter().zip(&s.shares) {
                    if let Some(m) = p.max { prop_assert!(a.get() <= m.get(), "{} > {}", a, m); }
                    prop_assert!(a.get() >= Decimal::ZERO);
                }
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "invalid");
                prop_assert!(room.is_some_and(|r| r < total));
            }
        }
    }
}

/// A random explicit game on `n` players: every coalition's value in cents.
fn explicit_game(n: usize, values: &[i64]) -> Game {
    let players: Vec<String> = (0..n).map(|i| format!("x{i}")).collect();
    let values = (1usize..1 << n)
        .map(|mask| CoalitionValue {
            coalition: (0..n).filter(|b| mask & (1 << b) != 0).map(|b| players[b].clone()).collect(),
            value: Decimal::new(values[mask % values.len()], 2),
        })
        .collect();
    Game::Explicit(ExplicitGame { players, values, missing: MissingCoalitions::Zero })
}

fn values(g: &Game) -> Vec<Decimal> {
    shapley(g, &ShapleyMethod::Exact).unwrap().values.iter().map(|v| v.value).collect()
}

fn tiny() -> Decimal {
    Decimal::new(1, 24)
}

/// v(S) for an explicit game of `explicit_game`.
fn v_of(n: usize, values: &[i64], mask: usize) -> Decimal {
    if mask == 0 || mask >= 1 << n {
        Decimal::ZERO
    } else {
        Decimal::new(values[mask % values.len()], 2)
    }
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for p in permutations(n - 1) {
        for pos in 0..=p.len() {
            let mut q = p.clone();
            q.insert(pos, n - 1);
            out.push(q);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn shapley_matches_the_permutation_definition(n in 1usize..=6, vals in prop::collection::vec(-100_000i64..100_000, 64)) {
        let g = explicit_game(n, &vals);
        let phi = values(&g);
        let perms = permutations(n);
        let mut sums = vec![Decimal::ZERO; n];
        for p in &perms {
            let mut mask = 0usize;
            for &i in p {
                let before = v_of(n, &vals, mask);
                mask |= 1 << i;
                sums[i] += v_of(n, &vals, mask) - before;
            }
        }
        let count = Decimal::from(perms.len() as u64);
        for i in 0..n {
            prop_assert!((phi[i] - sums[i] / count).abs() < tiny(), "player {i}: {} vs {}", phi[i], sums[i] / count);
        }
        // Efficiency: Σφ = v(N) up to the 28-digit rounding; the rounded amounts add up exactly.
        let grand = v_of(n, &vals, (1 << n) - 1);
        let total: Decimal = phi.iter().sum();
        prop_assert!((total - grand).abs() < tiny());
        let r = shapley(&g, &ShapleyMethod::Exact).unwrap();
        let rounded: Decimal = r.rounded(&Rounding::cents()).unwrap().iter().map(|a| a.get()).sum();
        prop_assert_eq!(rounded, grand);
    }

    #[test]
    fn shapley_axioms(n in 2usize..=7, a in prop::collection::vec(-10_000i64..10_000, 128), b in prop::collection::vec(-10_000i64..10_000, 128)) {
        // Symmetry: swap players 0 and 1 and add: v'(S) = v(S) + v(swap S).
        let swap = |m: usize| (m & !3) | ((m & 1) << 1) | ((m >> 1) & 1);
        let sym: Vec<i64> = (0..1usize << n).map(|m| if m == 0 { 0 } else { a[m % a.len()] + a[swap(m) % a.len()] }).collect();
        let phi = values(&explicit_game(n, &sym));
        prop_assert_eq!(phi[0], phi[1]);
        // Null player: the last player adds nothing, v(S) = v(S without it).
        let last = 1usize << (n - 1);
        let null: Vec<i64> = (0..1usize << n).map(|m| { let m = m & !last; if m == 0 { 0 } else { a[m % a.len()] } }).collect();
        let phi = values(&explicit_game(n, &null));
        prop_assert!(phi[n - 1].is_zero());
        // Additivity: φ(v + w) = φ(v) + φ(w).
        let va: Vec<i64> = (0..1usize << n).map(|m| a[m % a.len()]).collect();
        let vb: Vec<i64> = (0..1usize << n).map(|m| b[m % b.len()]).collect();
        let vab: Vec<i64> = va.iter().zip(&vb).map(|(x, y)| x + y).collect();
        let (pa, pb, pab) = (values(&explicit_game(n, &va)), values(&explicit_game(n, &vb)), values(&explicit_game(n, &vab)));
        for i in 0..n {
            prop_assert!((pab[i] - pa[i] - pb[i]).abs() < tiny());
        }
    }

    #[test]
    fn airport_closed_form_is_the_shapley_value(costs in prop::collection::vec(0i64..100_000, 1..=10)) {
        let pcs: Vec<PlayerCost> = costs.iter().enumerate().map(|(i, c)| PlayerCost::new(format!("r{i}"), cents(*c))).collect();
        let closed = airport(&pcs, &Rounding::cents()).unwrap();
        let game = Game::Airport(AirportGame { costs: pcs.clone() });
        let phi = values(&game);
        let max = costs.iter().max().copied().unwrap_or(0);
        let mut sum = Decimal::ZERO;
        for (s, p) in closed.shares.iter().zip(&phi) {
            prop_assert_eq!(s.share, *p);
            sum += s.rounded.get();
        }
        prop_assert_eq!(sum, cents(max).get());
        // Equal costs, equal shares.
        for (i, ci) in costs.iter().enumerate() {
            for (j, cj) in costs.iter().enumerate() {
                if ci == cj { prop_assert_eq!(closed.shares[i].share, closed.shares[j].share); }
            }
        }
    }

    #[test]
    fn sampling_converges_to_the_exact_value(n in 2usize..=5, vals in prop::collection::vec(0i64..10_000, 32), seed in 0u64..1_000_000) {
        let g = explicit_game(n, &vals);
        let exact = values(&g);
        let r = shapley(&g, &ShapleyMethod::Sampled(datafee::sharing::shapley::Sampling::new(3000, seed))).unwrap();
        for (est, e) in r.values.iter().zip(&exact) {
            let se = est.std_error.unwrap();
            prop_assert!((est.value - *e).abs() <= se * Decimal::from(5) + tiny(), "{} vs {} (se {})", est.value, e, se);
        }
        // Each permutation's marginals add up to v(N), so the estimates do too.
        let total: Decimal = r.values.iter().map(|v| v.value).sum();
        prop_assert!((total - v_of(n, &vals, (1 << n) - 1)).abs() < tiny());
    }
}

/// A split among a million parties (run with `--release --ignored` to time it; the target
/// is well under 100 ms).
#[test]
#[ignore]
fn a_million_parties() {
    let ids: Vec<String> = (0..1_000_000).map(|i| format!("party-{i:07}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let weights: Vec<Decimal> = (0..1_000_000).map(|i| Decimal::new(i % 997 + 1, 2)).collect();
    let total = Amount::new(Decimal::new(12_345_678_901, 2));
    let start = std::time::Instant::now();
    let s = datafee::sharing::split::split_weights(total, &refs, &weights, &Rounding::cents()).unwrap();
    let took = start.elapsed();
    let sum: Decimal = s.shares.iter().map(|a| a.get()).sum();
    assert_eq!(sum, total.get());
    eprintln!("1,000,000 parties split in {took:?}");
}

/// Exact Shapley values of a 20-player airport game (2^20 coalitions; run with
/// `--release --ignored` to time it; the target is under 200 ms).
#[test]
#[ignore]
fn twenty_players_exact() {
    let costs: Vec<PlayerCost> = (0..20).map(|i| PlayerCost::new(format!("r{i:02}"), cents(1000 * (i + 1)))).collect();
    let game = Game::Airport(AirportGame { costs: costs.clone() });
    let start = std::time::Instant::now();
    let r = shapley(&game, &ShapleyMethod::Exact).unwrap();
    let took = start.elapsed();
    let closed = airport(&costs, &Rounding::cents()).unwrap();
    for (a, b) in r.values.iter().zip(&closed.shares) {
        assert_eq!(a.value, b.share);
    }
    eprintln!("20 players exact in {took:?}");
}

/// The vector city of `tests/vectors/chain.json` (two products, one free use), run once.
fn chain_fixture() -> (datafee::scenario::ScenarioDoc, datafee::scenario::ChainResult) {
    chain_fixture_with("")
}

/// The vector city with extra top-level members (`extra` starts with a comma), e.g. input VAT.
fn chain_fixture_with(extra: &str) -> (datafee::scenario::ScenarioDoc, datafee::scenario::ChainResult) {
    const CITY: &str = r#"{"name": "vector city", "first_year": 2026, "profile": {"period_years": 1}, "catalog": {"scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"}, {"id": "gov", "name": "Governance", "category": "public_governance"}], "products": [{"id": "a", "name": "A", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["ind", "gov"]}, {"id": "b", "name": "B", "service_form": "report", "charging_form": "per_item", "unit": "report", "scenarios": ["ind"]}]}, "costs": {"ledger": {"entries": [{"category": "personnel", "year": 2026, "product": "a", "amount": "600.00"}, {"category": "personnel", "year": 2026, "product": "b", "amount": "300.00"}]}}, "forecasts": [{"product": "a", "scenario": "ind", "volume": "3000"}, {"product": "a", "scenario": "gov", "volume": "1000"}, {"product": "b", "scenario": "ind", "volume": "7"}]"#;
    let doc: datafee::scenario::ScenarioDoc = datafee::doc::from_json(&format!("{CITY}{extra}}}")).unwrap();
    let chain = datafee::scenario::run(&doc).unwrap();
    (doc, chain)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Chain waterfalls: cost recovered ≤ the product's permitted cost; distributed + held back
    /// = revenue − taxes; the cost shares and every stage add up to the cent.
    #[test]
    fn chain_waterfall_invariants(
        revenue in 0i64..200_000,
        product_b in any::<bool>(),
        inclusive in any::<bool>(),
        deducted in any::<bool>(),
        share in 0u32..=100,
        w in (0u32..50, 1u32..50, 0u32..50),
        input_vat in prop::option::of(0i64..10_000),
        output_base in any::<bool>(),
    ) {
        use datafee::sharing::chain_waterfall::{chain_waterfall, ChainAgreement, ChainParty, ChainWaterfallInput, IncomeTax, SurchargeBase, TaxBasis};
        use datafee::sharing::waterfall::{LossRule, PartyKind, SplitMethod};
        use datafee::Rate;
        let extra = input_vat.map_or(String::new(), |v| format!(r#", "input_vat": [{{"year": 2026, "amount": "{}"}}]"#, cents(v)));
        let (doc, chain) = chain_fixture_with(&extra);
        let party = |id: &str, kind, cost: Option<u32>, weight: u32| ChainParty {
            id: id.into(), name: String::new(), kind, administrative: kind == PartyKind::DataSource,
            cost_share: cost.map(|c| Rate::new(Decimal::new(c as i64, 2))), weight: Some(Decimal::from(weight)), ratio: None, max_share: None,
        };
        let input = ChainWaterfallInput {
            scenario: doc.clone(),
            year: 2026,
            product: if product_b { "b".into() } else { "a".into() },
            revenue: cents(revenue),
            tax_basis: if inclusive { TaxBasis::VatInclusive } else { TaxBasis::VatExclusive },
            surcharge_base: if output_base { SurchargeBase::OutputVat } else { SurchargeBase::VatPayable },
            agreement: ChainAgreement {
                parties: vec![party("ds", PartyKind::DataSource, Some(share), w.0), party("op", PartyKind::Operator, Some(100 - share), w.1), party("pt", PartyKind::Partner, None, w.2)],
                method: SplitMethod::Weights,
                loss_rule: LossRule::default(),
                income_tax: if deducted { IncomeTax::Deducted } else { IncomeTax::WithProfit },
            },
        };
        let p = &doc.profile;
        let r = chain_waterfall(&chain, p.vat_rate.get(), p.surcharges.total(), &input).unwrap();
        // The surcharges on the VAT payable never exceed those on the whole output VAT, and
        // equal them when no input VAT is credited; the products' input VAT shares add up to
        // the year's input VAT.
        let other = ChainWaterfallInput { surcharge_base: if output_base { SurchargeBase::VatPayable } else { SurchargeBase::OutputVat }, ..input.clone() };
        let o = chain_waterfall(&chain, p.vat_rate.get(), p.surcharges.total(), &other).unwrap();
        let (payable, output) = if output_base { (&o, &r) } else { (&r, &o) };
        prop_assert!(payable.surcharges.get() <= output.surcharges.get());
        if input_vat.unwrap_or(0) == 0 {
            prop_assert_eq!(payable.surcharges, output.surcharges);
        }
        let b = ChainWaterfallInput { product: if product_b { "a".into() } else { "b".into() }, ..input.clone() };
        let rb = chain_waterfall(&chain, p.vat_rate.get(), p.surcharges.total(), &b).unwrap();
        prop_assert_eq!(r.permitted.input_vat.get() + rb.permitted.input_vat.get(), cents(input_vat.unwrap_or(0)).get());
        let recovered: Decimal = r.waterfall.parties.iter().map(|x| x.cost_recovered.get()).sum();
        prop_assert!(recovered <= r.permitted.cost.get(), "recovered {} > permitted {}", recovered, r.permitted.cost);
        prop_assert_eq!(r.distributed.get() + r.held_back.get(), r.revenue.get() - r.taxes.get());
        prop_assert_eq!(r.waterfall.tax.get() + r.distributed.get(), r.waterfall.revenue.get());
        prop_assert!(r.held_back.get() >= Decimal::ZERO && r.headroom.get() >= Decimal::ZERO);
        prop_assert!(r.held_back.get().is_zero() || r.headroom.get().is_zero());
        for x in &r.waterfall.parties {
            prop_assert_eq!(x.total.get(), x.cost_recovered.get() + x.profit.get() + x.remainder_share.get());
            prop_assert_eq!(x.total.get().scale(), 2);
        }
    }
}

/// Extreme revenues give a result or a typed error, never a panic.
#[test]
fn chain_waterfall_extremes_do_not_panic() {
    use datafee::sharing::chain_waterfall::{chain_waterfall, ChainAgreement, ChainParty, ChainWaterfallInput, IncomeTax, SurchargeBase, TaxBasis};
    use datafee::sharing::waterfall::{LossRule, PartyKind, SplitMethod};
    let (doc, chain) = chain_fixture();
    for (revenue, basis) in [
        ("79228162514264337593543950335", TaxBasis::VatInclusive),
        ("79228162514264337593543950335", TaxBasis::VatExclusive),
        ("0.00", TaxBasis::VatInclusive),
        ("0.01", TaxBasis::VatExclusive),
    ] {
        let input = ChainWaterfallInput {
            scenario: doc.clone(),
            year: 2026,
            product: "a".into(),
            revenue: Amount::new(revenue.parse().unwrap()),
            tax_basis: basis,
            surcharge_base: SurchargeBase::VatPayable,
            agreement: ChainAgreement {
                parties: vec![ChainParty {
                    id: "op".into(),
                    name: String::new(),
                    kind: PartyKind::Operator,
                    administrative: false,
                    cost_share: Some(datafee::Rate::new(Decimal::ONE)),
                    weight: Some(Decimal::ONE),
                    ratio: None,
                    max_share: None,
                }],
                method: SplitMethod::Weights,
                loss_rule: LossRule::default(),
                income_tax: IncomeTax::Deducted,
            },
        };
        let p = &doc.profile;
        if let Ok(r) = chain_waterfall(&chain, p.vat_rate.get(), p.surcharges.total(), &input) {
            assert_eq!(r.distributed.get() + r.held_back.get(), r.revenue.get() - r.taxes.get());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Two layers: Σ remitted + the operator's remainder = revenue − taxes; each unit remits its
    /// revenue share less its tax share; layer 2 adds up to the operator's remainder.
    #[test]
    fn two_layers_add_up(revenue in 0i64..10_000_000, inclusive in any::<bool>(), ratios in prop::collection::vec(0i64..=30, 1..4)) {
        use datafee::sharing::two_layer::{two_layer, TwoLayerInput};
        let layer1: Vec<String> = ratios
            .iter()
            .enumerate()
            .map(|(k, r)| format!(r#"{{"id":"u{k}","ratio":"{}","treasury":"{}"}}"#, Decimal::new(*r, 2), ["city", "province", "central"][k % 3]))
            .collect();
        let json = format!(
            r#"{{"product":"p","revenue":"{}","tax_basis":"{}","vat_rate":"0.06","surcharge_rate":"0.12","layer1":[{}],
               "layer2":{{"parties":[{{"id":"op","kind":"operator","recognised_cost":"1000.00","weight":"2"}},{{"id":"pt","kind":"partner","weight":"1"}}],"method":"weights"}}}}"#,
            cents(revenue),
            if inclusive { "vat_inclusive" } else { "vat_exclusive" },
            layer1.join(",")
        );
        let input: TwoLayerInput = datafee::doc::from_json(&json).unwrap();
        let r = two_layer(&input).unwrap();
        let remitted: Decimal = r.layer1.iter().map(|u| u.remitted.get()).sum();
        prop_assert_eq!(remitted + r.operator_remainder.get(), r.revenue.get() - r.taxes.get());
        let by_level: Decimal = r.treasury.values().map(|a| a.get()).sum();
        prop_assert_eq!(by_level, remitted);
        for u in &r.layer1 {
            prop_assert_eq!(u.remitted.get(), u.gross.get() - u.related_taxes.get());
        }
        let layer2: Decimal = r.layer2.parties.iter().map(|p| p.total.get()).sum();
        prop_assert_eq!(layer2, r.operator_remainder.get());
    }
}

/// A two-layer product of the settlement tests: units with the given ratios (hundredths), an
/// operator with a cost and a partner, by weights.
fn settled_product(id: &str, billed: i64, ratios: &[i64], collected: Option<i64>) -> serde_json::Value {
    let layer1: Vec<serde_json::Value> = ratios
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let level = ["city", "province", "central"][k % 3];
            serde_json::json!({"id": format!("u{k}"), "ratio": Decimal::new(*r, 2).to_string(), "treasury": level})
        })
        .collect();
    let mut p = serde_json::json!({"sharing": {"product": id, "revenue": cents(billed).to_string(), "tax_basis": "vat_exclusive", "vat_rate": "0.06",
        "surcharge_rate": "0.12", "layer1": layer1,
        "layer2": {"parties": [{"id": "op", "kind": "operator", "recognised_cost": "1000.00", "weight": "2"}, {"id": "pt", "kind": "partner", "weight": "1"}],
                   "method": "weights"}}});
    if let Some(c) = collected {
        p["collected"] = serde_json::Value::String(cents(c).to_string());
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Settlement on collected cash: distributed + uncollected = billed − taxes, per product and
    /// in total; the payments plus the operator's retained total are what was distributed; the
    /// collections never exceed the bills.
    #[test]
    fn settlement_adds_up(
        billed in prop::collection::vec(0i64..10_000_000, 1..4),
        frac in prop::collection::vec(0i64..=100, 4),
        given in prop::collection::vec(any::<bool>(), 4),
        ratio in 0i64..=100,
        ratios in prop::collection::vec(0i64..=30, 1..4),
    ) {
        use datafee::sharing::settlement::{settle, SettlementInput};
        let products: Vec<serde_json::Value> = billed
            .iter()
            .enumerate()
            .map(|(k, b)| settled_product(&format!("p{k}"), *b, &ratios, given[k].then(|| b * frac[k] / 100)))
            .collect();
        let input: SettlementInput = datafee::doc::from_value(serde_json::json!({
            "period": {"from": "2026-01-01", "to": "2026-03-31"}, "products": products,
            "collected_ratio": Decimal::new(ratio, 2).to_string(),
            "schedule": {"treasury": {"city": "2026-04-15", "province": "2026-04-15", "central": "2026-04-15"}, "parties": "2026-04-30"}})).unwrap();
        let s = settle(&input).unwrap();
        prop_assert_eq!(s.distributed.get() + s.uncollected.get(), s.billed.get() - s.taxes.get());
        let paid: Decimal = s.payments.iter().map(|p| p.amount.get()).sum();
        prop_assert_eq!(paid + s.operator_retained.get(), s.distributed.get());
        let by_level: Decimal = s.treasury.values().map(|a| a.get()).sum();
        prop_assert_eq!(by_level, s.remitted.get());
        for p in &s.products {
            prop_assert!(p.collected <= p.billed && !p.collected.is_negative());
            prop_assert_eq!(p.collected.get() + p.uncollected.get(), p.billed.get());
            let remitted: Decimal = p.sharing.layer1.iter().map(|u| u.remitted.get()).sum();
            let layer2: Decimal = p.sharing.layer2.parties.iter().map(|q| q.total.get()).sum();
            prop_assert_eq!(remitted + layer2 + p.sharing.taxes.get(), p.collected.get());
        }
    }

    /// Versioned agreements: the versions' revenue adds up to the whole year, to the cent, and
    /// the year's taxes plus every party's total are the year's revenue.
    #[test]
    fn versioned_shares_add_up_to_the_year(
        cuts in prop::collection::btree_set(2i32..365, 0..6),
        amounts in prop::collection::vec((0i64..1_000_000, 1u32..=12, 1u32..=28, any::<bool>()), 0..30),
        ratios in prop::collection::vec(0i64..=100, 7),
    ) {
        use datafee::rating::Date;
        use datafee::sharing::versioned::{versioned, VersionedInput};
        let jan1 = Date::from_ymd(2026, 1, 1).unwrap().days();
        let starts: Vec<i32> = std::iter::once(1).chain(cuts.iter().copied()).collect();
        let versions: Vec<serde_json::Value> = starts
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let from = Date::from_days(jan1 + s - 1).unwrap().to_string();
                let ds = Decimal::new(ratios[k], 2);
                let a = serde_json::json!({"product": "p", "tax": {"rate": "0.03"}, "method": "fixed_ratios", "parties": [
                    {"id": "ds", "kind": "data_source", "ratio": ds.to_string()}, {"id": "op", "kind": "operator", "ratio": (Decimal::ONE - ds).to_string()}]});
                let mut v = serde_json::json!({"version": format!("v{k}"), "effective_from": from, "agreement": a});
                if let Some(next) = starts.get(k + 1) {
                    v["effective_to"] = serde_json::Value::String(Date::from_days(jan1 + next - 2).unwrap().to_string());
                }
                v
            })
            .collect();
        let revenue: Vec<serde_json::Value> = amounts
            .iter()
            .map(|(a, m, d, by_month)| if *by_month {
                serde_json::json!({"month": format!("2026-{m:02}"), "amount": cents(*a).to_string()})
            } else {
                serde_json::json!({"on": format!("2026-{m:02}-{d:02}"), "amount": cents(*a).to_string()})
            })
            .collect();
        let input: VersionedInput = datafee::doc::from_value(serde_json::json!({"product": "p", "year": 2026, "versions": versions, "revenue": revenue})).unwrap();
        let r = versioned(&input).unwrap();
        let year: Decimal = amounts.iter().map(|(a, ..)| cents(*a).get()).sum();
        prop_assert_eq!(r.revenue.get(), year);
        let by_version: Decimal = r.versions_used.iter().map(|v| v.revenue.get()).sum();
        prop_assert_eq!(by_version, year);
        let parties: Decimal = r.parties.iter().map(|p| p.total.get()).sum();
        prop_assert_eq!(parties + r.tax.get(), year);
    }

    /// Derivative products: the upstream shares only move money between products (Σ retained =
    /// Σ own revenue) and every product's gross is its own revenue plus what it received.
    #[test]
    fn derivative_shares_move_money_only(
        revenue in prop::collection::vec(0i64..1_000_000, 1..8),
        links in prop::collection::vec((0usize..8, 0usize..8, 0i64..=30), 0..12),
    ) {
        use datafee::sharing::derivative::{derivative, DerivativeInput};
        let n = revenue.len();
        // Only links from a later product to an earlier one: no cycle.
        let mut upstream: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
        for (a, b, r) in links {
            let (a, b) = (a % n, b % n);
            if a > b && !upstream[a].iter().any(|(q, _)| *q == b) {
                upstream[a].push((b, r));
            }
        }
        let products: Vec<serde_json::Value> = (0..n)
            .map(|k| serde_json::json!({"product": format!("p{k}"), "revenue": cents(revenue[k]).to_string(),
                "upstream": upstream[k].iter().map(|(q, r)| serde_json::json!({"product": format!("p{q}"), "ratio": Decimal::new(*r, 2).to_string()})).collect::<Vec<_>>(),
                "agreement": {"product": format!("p{k}"), "method": "weights", "parties": [
                    {"id": "op", "kind": "operator", "weight": "3"}, {"id": "dev", "kind": "partner", "weight": "1"}]}}))
            .collect();
        let input: DerivativeInput = datafee::doc::from_value(serde_json::json!({"products": products})).unwrap();
        let r = derivative(&input).unwrap();
        let own: Decimal = revenue.iter().map(|c| cents(*c).get()).sum();
        let kept: Decimal = r.products.iter().map(|p| p.retained.get()).sum();
        prop_assert_eq!(kept, own);
        for p in &r.products {
            prop_assert_eq!(p.gross.get(), p.own_revenue.get() + p.received.get());
            let paid: Decimal = p.paid_upstream.iter().map(|u| u.amount.get()).sum();
            prop_assert_eq!(p.retained.get() + paid, p.gross.get());
            let totals: Decimal = p.waterfall.parties.iter().map(|q| q.total.get()).sum();
            prop_assert_eq!(totals, p.retained.get());
        }
    }

    /// A cycle anywhere is refused with `invalid` on a product's `upstream`, never a panic.
    #[test]
    fn derivative_cycles_are_refused(n in 1usize..6, extra in prop::collection::vec((0usize..6, 0usize..6), 0..6)) {
        use datafee::sharing::derivative::{derivative, DerivativeInput};
        // A ring p0 → p1 → … → p0 (each built on the next), plus random extra links.
        let mut upstream: Vec<Vec<usize>> = (0..n).map(|k| vec![(k + 1) % n]).collect();
        for (a, b) in extra {
            let (a, b) = (a % n, b % n);
            if !upstream[a].contains(&b) {
                upstream[a].push(b);
            }
        }
        let products: Vec<serde_json::Value> = (0..n)
            .map(|k| serde_json::json!({"product": format!("p{k}"), "revenue": "1.00",
                "upstream": upstream[k].iter().map(|q| serde_json::json!({"product": format!("p{q}"), "ratio": "0.1"})).collect::<Vec<_>>(),
                "agreement": {"product": format!("p{k}"), "method": "weights", "parties": [{"id": "op", "kind": "operator", "weight": "1"}]}}))
            .collect();
        let input: DerivativeInput = datafee::doc::from_value(serde_json::json!({"products": products})).unwrap();
        let e = derivative(&input).unwrap_err();
        prop_assert_eq!(e.code(), "invalid");
        prop_assert!(e.field().ends_with(".upstream"), "{}", e.field());
        // The value is a closed walk a → … → a of products each built on the next.
        let names: Vec<&str> = e.value().split(" → ").collect();
        prop_assert!(names.len() >= 2 && names.first() == names.last(), "{}", e.value());
        for w in names.windows(2) {
            let a: usize = w[0][1..].parse().unwrap();
            let b: usize = w[1][1..].parse().unwrap();
            prop_assert!(upstream[a].contains(&b), "{} not built on {}", w[0], w[1]);
        }
    }
}
