//! Inputs for the datafee benchmarks (基准测试), built in code so every run measures the same
//! work: a synthetic catalog of any size with its costs and forecasts, the bundled example
//! city, the million-party split of the speed comparison, and cooperative games.
//!
//! Everything here is deterministic (no clock, no random state), so the criterion benches,
//! the `compare` binary and `benches/compare.py` build exactly the same inputs.

#![deny(missing_docs)]

use std::collections::HashMap;

use datafee::caps::Forecast;
use datafee::catalog::{Catalog, Category, ChargingForm, Party, PartyKind, Product, Scenario, ServiceForm};
use datafee::profile::Policy;
use datafee::scenario::ScenarioDoc;
use datafee::sharing::airport::PlayerCost;
use datafee::sharing::game::{
    AdditiveGame, AirportGame, CoalitionValue, Dividend, DividendGame, ExplicitGame, Game, PlayerValue, PlayerWeight, WeightedMajorityGame,
};
use datafee::{Amount, Quantity};
use rust_decimal::Decimal;

/// The example city's scenario document (TOML), as shipped in `examples/city/`.
pub const CITY_TOML: &str = include_str!("../../examples/city/scenario.toml");

/// The example city, parsed.
pub fn city() -> datafee::Result<ScenarioDoc> {
    ScenarioDoc::from_toml(CITY_TOML)
}

/// A synthetic catalog for the caps benchmark, with what the caps of a year need.
pub struct CapsFixture {
    /// `n` products in four scenarios (two chargeable, two free).
    pub catalog: Catalog,
    /// The national profile.
    pub policy: Policy,
    /// Permitted cost allocated to each product.
    pub product_costs: HashMap<String, Decimal>,
    /// A forecast volume for every (product, scenario) offered.
    pub forecasts: Vec<Forecast>,
    /// The year's MPR: 110 % of the total cost.
    pub mpr: Amount,
}

fn scenario(id: &str, category: Category) -> Scenario {
    Scenario { id: id.into(), name: id.into(), category, cap_multiplier: None }
}

/// `n` products: each in the industry scenario, every second also in public governance,
/// every third in sector development, every fifth in public welfare; per-call, per-item,
/// per-time and per-volume charging in turn. Costs and volumes vary with the index.
pub fn caps_fixture(n: usize) -> CapsFixture {
    let scenarios = vec![
        scenario("industry", Category::IndustryDevelopment),
        scenario("sector", Category::SectorDevelopment),
        scenario("governance", Category::PublicGovernance),
        scenario("welfare", Category::PublicWelfare),
    ];
    let forms = [ChargingForm::PerCall, ChargingForm::PerItem, ChargingForm::PerTime, ChargingForm::PerVolume];
    let mut products = Vec::with_capacity(n);
    let mut product_costs = HashMap::with_capacity(n);
    let mut forecasts = Vec::new();
    let mut total_cost = Decimal::ZERO;
    for i in 0..n {
        let id = format!("p{i:05}");
        let mut offered = vec!["industry".to_string()];
        if i % 3 == 0 {
            offered.push("sector".into());
        }
        if i % 2 == 0 {
            offered.push("governance".into());
        }
        if i % 5 == 0 {
            offered.push("welfare".into());
        }
        for (k, s) in offered.iter().enumerate() {
            let volume = Decimal::from(1_000 + (i * 37 + k * 101) % 90_000);
            forecasts.push(Forecast { product: id.clone(), scenario: s.clone(), year: None, volume: Quantity::new(volume) });
        }
        let cost = Decimal::new(10_000_000 + ((i as i64 * 7_919) % 5_000_000) * 100, 2);
        total_cost += cost;
        product_costs.insert(id.clone(), cost);
        products.push(Product {
            id: id.clone(),
            name: format!("Product {i}"),
            name_zh: None,
            service_form: ServiceForm::Api,
            charging_form: forms[i % forms.len()],
            unit: "unit".into(),
            step: Quantity::new(Decimal::ONE),
            scenarios: offered,
            sources: vec!["source".into()],
            registration_number: None,
            registration_level: None,
            approved_on: None,
            withdrawn_on: None,
            datasets: Vec::new(),
        });
    }
    let parties = vec![
        Party { id: "source".into(), name: "Data source".into(), kind: PartyKind::DataSource, administrative: true },
        Party { id: "operator".into(), name: "Operator".into(), kind: PartyKind::Operator, administrative: false },
    ];
    let mpr = (total_cost * Decimal::new(11, 1)).round_dp(2);
    CapsFixture {
        catalog: Catalog { parties, scenarios, products, ..Default::default() },
        policy: Policy::national(),
        product_costs,
        forecasts,
        mpr: Amount::new(mpr),
    }
}

/// The split of the speed comparison: ids, weights and the amount.
pub struct SplitFixture {
    /// `party-0000000`, `party-0000001`, ...
    pub ids: Vec<String>,
    /// `(i mod 997 + 1) / 100`: 0.01 ..= 9.97, so many parties tie on their remainder.
    pub weights: Vec<Decimal>,
    /// 123,456,789.01 yuan.
    pub amount: Amount,
}

/// The amount split in the comparison, as text.
pub const SPLIT_AMOUNT: &str = "123456789.01";

/// The `n`-party split (the same as `benches/compare.py` builds).
pub fn split_fixture(n: usize) -> SplitFixture {
    SplitFixture {
        ids: (0..n).map(|i| format!("party-{i:07}")).collect(),
        weights: (0..n).map(|i| Decimal::new(i as i64 % 997 + 1, 2)).collect(),
        amount: Amount::new(SPLIT_AMOUNT.parse().unwrap_or_default()),
    }
}

impl SplitFixture {
    /// The ids as string slices (the input of `split_weights`).
    pub fn refs(&self) -> Vec<&str> {
        self.ids.iter().map(String::as_str).collect()
    }

    /// The `sharing.split` input document as JSON text.
    pub fn json(&self) -> String {
        let parties: Vec<serde_json::Value> =
            self.ids.iter().zip(&self.weights).map(|(id, w)| serde_json::json!({"id": id, "weight": w.to_string()})).collect();
        serde_json::json!({"amount": SPLIT_AMOUNT, "parties": parties}).to_string()
    }
}

/// A checksum of a split that Python computes the same way: `Σ (i + 1) × cents_i`.
pub fn checksum(shares: &[Amount]) -> i128 {
    shares.iter().enumerate().map(|(i, a)| (i as i128 + 1) * (a.get() * Decimal::ONE_HUNDRED).trunc().mantissa()).sum()
}

fn player(i: usize) -> String {
    format!("x{i:03}")
}

/// An additive game on `n` players: `v_i = 100 + 17 i` yuan.
pub fn additive_game(n: usize) -> Game {
    Game::Additive(AdditiveGame { values: (0..n).map(|i| PlayerValue { id: player(i), value: Decimal::new(10_000 + 1_700 * i as i64, 2) }).collect() })
}

/// A dividend (synergy) game on `n` players: a stand-alone dividend per player and one per
/// pair of neighbours, and one for the grand coalition.
pub fn dividends_game(n: usize) -> Game {
    let players: Vec<String> = (0..n).map(player).collect();
    let mut dividends: Vec<Dividend> = (0..n).map(|i| Dividend { coalition: vec![player(i)], dividend: Decimal::new(5_000 + 300 * i as i64, 2) }).collect();
    for i in 0..n.saturating_sub(1) {
        dividends.push(Dividend { coalition: vec![player(i), player(i + 1)], dividend: Decimal::new(1_234 + 11 * i as i64, 2) });
    }
    if n > 2 {
        dividends.push(Dividend { coalition: players.clone(), dividend: Decimal::new(99_999, 2) });
    }
    Game::Dividends(DividendGame { players, dividends })
}

/// An airport game on `n` players: costs 10.00, 20.00, ... (with repeats every 7).
pub fn airport_game(n: usize) -> Game {
    Game::Airport(AirportGame {
        costs: (0..n).map(|i| PlayerCost::new(player(i), Amount::new(Decimal::new(1_000 * (i as i64 % 7 + i as i64 / 3 + 1), 2)))).collect(),
    })
}

/// A large dividend game: `n` players and `count` dividends, dividend `k` on the window of
/// `1 + (50 ⌊k/n⌋ + 7 (k mod n)) mod n` consecutive players (cyclically) from player `k mod n`,
/// worth `(k mod 97) − 40` yuan (so some are negative). Coalitions are distinct while
/// `count ≤ 20 n`. For `n = 1000, count = 20,000`: Σ|T| ≈ 10 million members.
pub fn large_dividends_game(n: usize, count: usize) -> Game {
    let players: Vec<String> = (0..n).map(player).collect();
    let dividends = (0..count)
        .map(|k| {
            let start = k % n;
            let size = 1 + ((k / n) * 50 + start * 7) % n;
            Dividend { coalition: (0..size).map(|j| player((start + j) % n)).collect(), dividend: Decimal::from((k % 97) as i64 - 40) }
        })
        .collect();
    Game::Dividends(DividendGame { players, dividends })
}

/// A weighted majority game of `n` players whose integer weights add up to exactly
/// `total` (`total / n` ± 20, the last player takes the rest), quota a simple majority.
pub fn majority_game(n: usize, total: i64) -> Game {
    let avg = total / n as i64;
    let mut weights: Vec<PlayerWeight> =
        (0..n.saturating_sub(1)).map(|i| PlayerWeight { id: player(i), weight: Decimal::from(avg + (i as i64 * 37) % 41 - 20) }).collect();
    let used: i64 = weights.iter().map(|w| w.weight.mantissa() as i64).sum();
    weights.push(PlayerWeight { id: player(n - 1), weight: Decimal::from(total - used) });
    Game::WeightedMajority(WeightedMajorityGame { weights, quota: Decimal::from(total / 2 + 1), value: Decimal::new(100_000_000, 2) })
}

/// An explicit game on `n ≤ 20` players listing `count` coalitions: coalition `k` is the bit
/// pattern `(k × 2654435761) mod 2^n` (distinct while the multiplier is odd), worth
/// `popcount × 3 + (k mod 11)` yuan.
pub fn explicit_game(n: usize, count: usize) -> Game {
    let players: Vec<String> = (0..n).map(player).collect();
    let mask_all = (1u64 << n) - 1;
    let values = (1..=count as u64)
        .map(|k| {
            let mask = (k.wrapping_mul(2_654_435_761)) & mask_all;
            let coalition: Vec<String> = (0..n).filter(|b| mask & (1 << b) != 0).map(player).collect();
            CoalitionValue { coalition, value: Decimal::from(mask.count_ones() as i64 * 3 + (k % 11) as i64) }
        })
        .filter(|c| !c.coalition.is_empty())
        .collect();
    Game::Explicit(ExplicitGame { players, values, missing: Default::default() })
}

/// `n` airport costs, all distinct: 0.01 × (1 + (i × 7919) mod 1,000,003) yuan... made
/// distinct by adding `i` cents × 10^6 (so the exact common denominator is far past 128 bits).
pub fn airport_costs(n: usize) -> Vec<PlayerCost> {
    (0..n).map(|i| PlayerCost::new(player(i), Amount::new(Decimal::new((i as i64) * 1_000_000 + (i as i64 * 7919) % 1_000_003 + 1, 2)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafee::caps::{caps_for_year, CapInputs};
    use datafee::sharing::shapley::{shapley, ShapleyMethod};

    #[test]
    fn fixtures_are_valid_inputs() {
        let f = caps_fixture(50);
        f.catalog.validate().unwrap();
        let y = caps_for_year(&CapInputs {
            catalog: &f.catalog,
            policy: &f.policy,
            year: 2026,
            mpr: f.mpr,
            product_costs: &f.product_costs,
            forecasts: &f.forecasts,
            weights: &[],
        })
        .unwrap();
        assert!(y.revenue_at_caps.get() <= y.requirement.get());
        datafee::scenario::run(&city().unwrap()).unwrap();
        for g in [additive_game(6), dividends_game(6), airport_game(6)] {
            let r = shapley(&g, &ShapleyMethod::Exact).unwrap();
            let total: Decimal = r.values.iter().map(|v| v.value).sum();
            assert!((total - r.grand_coalition).abs() < Decimal::new(1, 20));
        }
        // The additive game's values are the players' own values.
        let r = shapley(&additive_game(3), &ShapleyMethod::Exact).unwrap();
        assert_eq!(r.values[2].value, Decimal::new(13_400, 2));
    }

    #[test]
    fn split_fixture_and_checksum() {
        let f = split_fixture(5);
        assert_eq!(f.weights[4].to_string(), "0.05");
        let s = datafee::sharing::split::split_weights(f.amount, &f.refs(), &f.weights, &datafee::Rounding::cents()).unwrap();
        // Σw = 0.15, so party k (1-based) gets k/15 of 12,345,678,901 cents = k × 823,045,260
        // + k/15: the floors leave 1 cent, which goes to the largest remainder, 5/15.
        let cents: Vec<i128> = s.shares.iter().map(|a| (a.get() * Decimal::ONE_HUNDRED).trunc().mantissa()).collect();
        assert_eq!(cents, [823_045_260, 1_646_090_520, 2_469_135_780, 3_292_181_040, 4_115_226_301]);
        assert_eq!(checksum(&s.shares), cents.iter().enumerate().map(|(i, c)| (i as i128 + 1) * c).sum::<i128>());
        let v: serde_json::Value = serde_json::from_str(&f.json()).unwrap();
        assert_eq!(v["parties"][4], serde_json::json!({"id": "party-0000004", "weight": "0.05"}));
    }
}
