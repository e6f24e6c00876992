//! The Shapley value (沙普利值): each party's average marginal contribution to a
//! cooperative [`Game`], the fair division of `v(N)` under efficiency, symmetry, the null
//! player and additivity axioms.
//!
//! `φ_i = Σ_{S ⊆ N∖{i}} |S|! (n−|S|−1)! / n! · (v(S ∪ {i}) − v(S))`.
//!
//! **Exact** ([`ShapleyMethod::Exact`], up to [`MAX_EXACT_PARTIES`] = 20 players): every
//! coalition is enumerated once and the formula is regrouped by coalition size `k`:
//!
//! `φ_i = Σ_k [ A_i(k) / (n·C(n−1, k−1)) − (T(k) − A_i(k)) / (n·C(n−1, k)) ]`
//!
//! where `A_i(k)` sums `v` over the coalitions of size `k` containing `i` and `T(k)` over all
//! of size `k`. Coalition values are integers at their common scale, the sums are exact
//! 128-bit integers and the weights exact fractions over `n · lcm_k C(n−1, k)`; so `φ_i` is
//! an exact rational, and only the reported decimal is rounded: half away from zero at 28
//! digits ([`Decimal`]'s precision). The decimals then add up to `v(N)` within `n × 10^-28`;
//! [`ShapleyResult::rounded`] gives cent amounts that add up to `v(N)` exactly (largest
//! remainder on the exact rationals, ties by id ascending).
//!
//! **Sampled** ([`ShapleyMethod::Sampled`], up to [`MAX_GAME_PLAYERS`](super::game::MAX_GAME_PLAYERS) players): `m`
//! permutations drawn from the seeded [`Rng`](super::rng::Rng) (the same digits on every platform); the
//! estimate is the mean marginal contribution over the permutations and its standard
//! error `s / √m`, `s` the sample standard deviation, computed from exact integer sums (the
//! square root in [`Decimal`] maths, never a float). Each permutation's marginals add up to
//! `v(N)`, so the estimates do too (exactly, before the 28-digit rounding).
//!
//! ```
//! use datafee::sharing::game::Game;
//! use datafee::sharing::shapley::{shapley, ShapleyMethod};
//! let game: Game = datafee::doc::from_json(r#"{"airport": {"costs": [
//!     {"id": "a", "cost": "10"}, {"id": "b", "cost": "20"}, {"id": "c", "cost": "30"}]}}"#)?;
//! let r = shapley(&game, &ShapleyMethod::Exact)?;
//! let values: Vec<String> = r.values.iter().map(|v| v.value.to_string()).collect();
//! assert_eq!(values, ["3.3333333333333333333333333333", "8.333333333333333333333333333", "18.333333333333333333333333333"]);
//! Ok::<(), datafee::Error>(())
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::bigrat::BigRationals;
use super::closed::closed_form;
use super::exact::{self, rational_to_decimal};
use super::game::{Compiled, Game};
use super::sampling::sampled_values;
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{Amount, Rounding};

/// The most players for exact enumeration (2^20 coalitions).
pub const MAX_EXACT_PARTIES: usize = 20;

pub use super::sampling::{Sampling, MAX_SAMPLES, MAX_SEED, MAX_WORK_STEPS};

/// How to compute the Shapley value.
///
/// JSON: `"exact"` or `{"sampled": {"samples": 10000, "seed": 42}}` (options in [`Sampling`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ShapleyMethod {
    /// The closed form of the game's kind, for any number of players ([`super::closed`]);
    /// an explicit game is enumerated (at most [`MAX_EXACT_PARTIES`] players).
    #[default]
    Exact,
    /// Seeded Monte Carlo permutation sampling.
    Sampled(Sampling),
}

/// One player's Shapley value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlayerShapley {
    /// The player's id.
    pub id: String,
    /// `φ_i` (exact, rounded to 28 digits; an estimate when sampled).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub value: Decimal,
    /// The standard error of a sampled estimate.
    #[serde(default, with = "crate::money::dec_opt", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub std_error: Option<Decimal>,
    /// The value in money, when `sharing.shapley` is given a rounding (largest remainder,
    /// adding up to `v(N)`; [`ShapleyResult::rounded`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounded: Option<Amount>,
}

/// The Shapley values of a game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShapleyResult {
    /// `"exact"` or `"sampled"`.
    pub method: &'static str,
    /// Permutations drawn, when sampled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
    /// The seed, when sampled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// When sampled: the Hoeffding half-width `ε` at [`Self::confidence`], for each player
    /// (`P(|φ̂_i − φ_i| ≥ ε) ≤ 1 − confidence`).
    #[serde(default, with = "crate::money::dec_opt", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub hoeffding: Option<Decimal>,
    /// When sampled: the confidence of [`Self::hoeffding`].
    #[serde(default, with = "crate::money::dec_opt", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub confidence: Option<Decimal>,
    /// `v(N)`, the value of the grand coalition.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub grand_coalition: Decimal,
    /// One value per player, in the game's order.
    pub values: Vec<PlayerShapley>,
    /// How the values were computed.
    pub explanation: Explanation,
    #[serde(skip)]
    pub(crate) exact: BigRationals,
}

impl ShapleyResult {
    /// The values in money: the exact values rounded to `rounding.unit` by largest
    /// remainder (ties by id ascending), adding up to `v(N)` exactly. `v(N)` must be a
    /// multiple of the unit ([`Error::Invalid`] otherwise). Negative values stay negative.
    pub fn rounded(&self, rounding: &Rounding) -> Result<Vec<Amount>> {
        let unit = exact::unit_parts(rounding.unit, "rounding.unit")?;
        let total = exact::to_units(self.grand_coalition, unit, "grand_coalition")?;
        let units = self.exact.round_units(unit, total, |i| self.values.get(i).map_or("", |v| v.id.as_str()), "values")?;
        units.into_iter().map(|u| exact::from_units(u, unit, "values").map(Amount::new)).collect()
    }
}

/// The Shapley value of `game` by `method`.
///
/// Error fields are relative to a `{"game": .., "method": ..}` document
/// (`game.airport.costs[1].cost`, `method.sampled.samples`). More than
/// [`MAX_EXACT_PARTIES`] players with the exact method is [`Error::TooManyParties`].
pub fn shapley(game: &Game, method: &ShapleyMethod) -> Result<ShapleyResult> {
    let compiled = game.compile().within("game")?;
    match *method {
        ShapleyMethod::Exact => match closed_form(&compiled) {
            Some(closed) => {
                let c = closed.within("game")?;
                finish(&compiled, c.values, c.grand, c.explanation, None, "exact")
            }
            None => exact_values(&compiled),
        },
        ShapleyMethod::Sampled(ref sampling) => sampled_values(&compiled, sampling),
    }
}

fn binomial(n: u128, k: u128) -> u128 {
    let mut c = 1u128;
    for i in 0..k {
        c = c * (n - i) / (i + 1);
    }
    c
}

pub(crate) fn exact_values(g: &Compiled) -> Result<ShapleyResult> {
    let n = g.n();
    if n > MAX_EXACT_PARTIES {
        return Err(Error::TooManyParties { field: "game".into(), value: n.to_string(), max: MAX_EXACT_PARTIES.to_string() });
    }
    let v = g.dense().within("game")?;
    let overflow = || Error::overflow("game", "sum of coalition values beyond 128-bit integers");
    // T[k]: Σ v over coalitions of size k; A[i][k]: those containing i.
    let mut t = vec![0i128; n + 1];
    let mut a = vec![vec![0i128; n + 1]; n];
    for (mask, x) in v.iter().enumerate().skip(1) {
        if *x == 0 {
            continue;
        }
        let k = mask.count_ones() as usize;
        if let Some(tk) = t.get_mut(k) {
            *tk = tk.checked_add(*x).ok_or_else(overflow)?;
        }
        let mut m = mask;
        while m != 0 {
            let i = m.trailing_zeros() as usize;
            if let Some(aik) = a.get_mut(i).and_then(|row| row.get_mut(k)) {
                *aik = aik.checked_add(*x).ok_or_else(overflow)?;
            }
            m &= m - 1;
        }
    }
    // Weights over the common denominator Q = n · L, L = lcm_k C(n−1, k).
    let binom: Vec<u128> = (0..n).map(|k| binomial(n as u128 - 1, k as u128)).collect();
    let l = binom.iter().try_fold(1u128, |acc, c| exact::lcm(acc, *c)).ok_or_else(overflow)?;
    let q = l.checked_mul(n as u128).ok_or_else(overflow)?;
    let factor = |k: usize| binom.get(k).map_or(0, |c| (l / c) as i128);
    let mut nums = Vec::with_capacity(n);
    for row in &a {
        let mut p: i128 = 0;
        for k in 1..=n {
            let aik = row.get(k).copied().unwrap_or(0);
            let tk = t.get(k).copied().unwrap_or(0);
            let with = aik.checked_mul(factor(k - 1)).ok_or_else(overflow)?;
            let without = tk.checked_sub(aik).and_then(|x| x.checked_mul(factor(k))).ok_or_else(overflow)?;
            p = p.checked_add(with).and_then(|p| p.checked_sub(without)).ok_or_else(overflow)?;
        }
        nums.push(p);
    }
    let grand = v.last().copied().unwrap_or(0);
    // Efficiency holds exactly on the rationals: Σ P_i = Q · v(N).
    let sum = nums.iter().try_fold(0i128, |s, p| s.checked_add(*p)).ok_or_else(overflow)?;
    if Some(sum) != (q as i128).checked_mul(grand) {
        return Err(Error::invalid("game", sum, "internal check failed: Σφ ≠ v(N)"));
    }
    let explanation = Explanation::new(
        "sharing.shapley",
        "Shapley value 沙普利值 (exact enumeration 精确枚举)",
        "φ_i = Σ_k [A_i(k)/(n·C(n−1,k−1)) − (T(k) − A_i(k))/(n·C(n−1,k))]",
    )
    .input("players n", n)
    .input("coalitions", v.len() - 1)
    .input("common denominator n·lcm C(n−1,k)", q);
    finish(g, BigRationals::from_i128(&nums, q, g.scale), grand, explanation, None, "exact")
}

pub(crate) fn finish(
    g: &Compiled,
    exact: BigRationals,
    grand: i128,
    explanation: Explanation,
    errors: Option<Vec<Decimal>>,
    method: &'static str,
) -> Result<ShapleyResult> {
    let grand_dec = rational_to_decimal(grand, 1, g.scale).ok_or_else(|| Error::overflow("game", grand))?;
    let mut values = Vec::with_capacity(g.n());
    for (i, id) in g.players.iter().enumerate() {
        let value = exact.decimal(i).ok_or_else(|| Error::overflow("game", format!("Shapley value of {id}")))?;
        let std_error = errors.as_ref().and_then(|e| e.get(i).copied());
        values.push(PlayerShapley { id: id.clone(), value, std_error, rounded: None });
    }
    let explanation = explanation
        .input("v(N)", grand_dec)
        .result(format!("Σφ = v(N) = {grand_dec}"))
        .rounding("exact rationals rounded half away from zero to 28 digits at the end")
        .note("ties and order do not matter: the value depends only on the game");
    Ok(ShapleyResult { method, samples: None, seed: None, hoeffding: None, confidence: None, grand_coalition: grand_dec, values, explanation, exact })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(json: &str) -> Game {
        crate::doc::from_json(json).unwrap()
    }

    fn values(r: &ShapleyResult) -> Vec<String> {
        r.values.iter().map(|v| v.value.to_string()).collect()
    }

    #[test]
    fn glove_game() {
        // Left glove a, right gloves b and c: v = 1 for any coalition with a and a right glove.
        let g = game(
            r#"{"explicit":{"players":["a","b","c"],"values":[
            {"coalition":["a","b"],"value":"1"},{"coalition":["a","c"],"value":"1"},{"coalition":["a","b","c"],"value":"1"}]}}"#,
        );
        let r = shapley(&g, &ShapleyMethod::Exact).unwrap();
        // φ_a = 2/3, φ_b = φ_c = 1/6
        assert_eq!(values(&r), ["0.6666666666666666666666666667", "0.1666666666666666666666666667", "0.1666666666666666666666666667"]);
        let cents: Vec<String> = r.rounded(&Rounding::cents()).unwrap().iter().map(|a| a.to_string()).collect();
        assert_eq!(cents, ["0.67", "0.17", "0.16"]);
    }

    #[test]
    fn dividends_and_majority() {
        let g = game(
            r#"{"dividends":{"players":["a","b","c"],"dividends":[{"coalition":["a"],"dividend":"6"},{"coalition":["a","b","c"],"dividend":"3"},{"coalition":["b","c"],"dividend":"-2"}]}}"#,
        );
        // φ_i = Σ_{T∋i} d_T / |T|: a = 6 + 1, b = 1 − 1, c = 1 − 1
        let r = shapley(&g, &ShapleyMethod::Exact).unwrap();
        assert_eq!(values(&r), ["7", "0", "0"]);
        let g = game(r#"{"weighted_majority":{"weights":[{"id":"a","weight":"2"},{"id":"b","weight":"1"},{"id":"c","weight":"1"}],"quota":"3","value":"12"}}"#);
        // a is pivotal in 4 of 6 orders: 2/3 × 12 = 8; b, c 2 each
        let r = shapley(&g, &ShapleyMethod::Exact).unwrap();
        assert_eq!(values(&r), ["8", "2", "2"]);
    }

    #[test]
    fn sampled_is_deterministic_and_close() {
        let g = game(r#"{"airport":{"costs":[{"id":"a","cost":"10"},{"id":"b","cost":"20"},{"id":"c","cost":"30"}]}}"#);
        let m = ShapleyMethod::Sampled(Sampling::new(4000, 7));
        let r1 = shapley(&g, &m).unwrap();
        let r2 = shapley(&g, &m).unwrap();
        assert_eq!(r1, r2);
        let exact = shapley(&g, &ShapleyMethod::Exact).unwrap();
        for (s, e) in r1.values.iter().zip(&exact.values) {
            let se = s.std_error.unwrap();
            assert!((s.value - e.value).abs() <= se * Decimal::from(4), "{} vs {} (se {se})", s.value, e.value);
        }
        let total: Decimal = r1.values.iter().map(|v| v.value).sum();
        assert!((total - Decimal::from(30)).abs() < Decimal::new(1, 20));
        let cents: Decimal = r1.rounded(&Rounding::cents()).unwrap().iter().map(|a| a.get()).sum();
        assert_eq!(cents, Decimal::from(30));
    }

    #[test]
    fn standard_error_of_a_constant_is_zero() {
        let g = game(r#"{"additive":{"values":[{"id":"a","value":"1.5"},{"id":"b","value":"2"}]}}"#);
        let r = shapley(&g, &ShapleyMethod::Sampled(Sampling::new(10, 1))).unwrap();
        assert_eq!(values(&r), ["1.5", "2"]);
        assert!(r.values.iter().all(|v| v.std_error == Some(Decimal::ZERO)));
    }

    #[test]
    fn limits() {
        let players: Vec<String> = (0..21).map(|i| format!("\"p{i}\"")).collect();
        let g = game(&format!(r#"{{"explicit":{{"players":[{}],"values":[]}}}}"#, players.join(",")));
        let e = shapley(&g, &ShapleyMethod::Exact).unwrap_err();
        assert_eq!(e.code(), "too_many_parties");
        let r = shapley(&g, &ShapleyMethod::Sampled(Sampling::new(3, 0))).unwrap();
        assert!(r.values.iter().all(|v| v.value.is_zero()));
        let e = shapley(&g, &ShapleyMethod::Sampled(Sampling::new(0, 0))).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "method.sampled.samples"));
        let e = shapley(&g, &ShapleyMethod::Sampled(Sampling::new(5, 1 << 53))).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "method.sampled.seed"));
    }
}
