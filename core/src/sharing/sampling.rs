//! Sampled Shapley values (沙普利值抽样估计) for games without a closed form, with their error stated.
//!
//! `m` permutations are drawn from the seeded [`Rng`] (the same digits on every platform);
//! the estimate of `φ_i` is the mean marginal contribution of `i` over the permutations.
//! Each value carries:
//!
//! - its **standard error** `s_i / √m` (`s_i` the sample standard deviation, from exact
//!   integer sums; the square root in [`Decimal`] maths, never a float);
//! - beside it, for the whole game, a **Hoeffding bound** at the stated `confidence`
//!   (default 0.95): every marginal contribution lies in an interval of width `R` (the
//!   game's range: `2(max v − min v)` for an explicit game, `Σ|d_T|` for dividends, the
//!   largest cost for an airport game, `|value|` for a majority game), so
//!   `P(|φ̂_i − φ_i| ≥ ε) ≤ 2 exp(−2 m ε² / R²)`, i.e. `ε = R √(ln(2/(1−confidence)) / (2m))`,
//!   non-asymptotic, for each player.
//!
//! Options ([`Sampling`]): **antithetic** pairs (each permutation and its reverse; the
//! standard error and the bound then count independent pairs), **stratified** by the
//! position of the player (for each player and each coalition size `s = 0..n−1`, an equal
//! number of random coalitions of `s` other players: `φ_i` is the mean over sizes of the
//! size means, and the standard error combines the strata), and **early stop** at a
//! requested `target_error` (checked every 32 draws on the exact integer sums: the draw
//! stops once every standard error is at or below it).
//!
//! **Work budget.** The elementary steps (one per marginal contribution, plus one per
//! dividend member for dividend games) are counted: the planned total `samples × cost of
//! one draw` is checked before any work, against `max_steps` (default and ceiling
//! [`MAX_WORK_STEPS`]), and refused with `limit_exceeded` naming
//! `method.sampled.samples`; the running count is checked again during the draw.

use num_bigint::BigUint;
use num_traits::CheckedSub;
use rust_decimal::{Decimal, MathematicalOps};
use serde::{Deserialize, Serialize};

use super::bigrat::BigRationals;
use super::exact::{self, U256};
use super::game::Compiled;
use super::rng::Rng;
use super::shapley::{finish, ShapleyResult, MAX_EXACT_PARTIES};
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;

/// The most permutations (or draws per player and size, when stratified) an estimate takes.
pub const MAX_SAMPLES: u64 = 1_000_000;

/// The most elementary steps one sampled estimate may take (about 1–3 s on one core of the
/// reference machine); `max_steps` can lower it.
///
/// Fuzz builds (`cfg(fuzzing)`, set by cargo-fuzz) take a budget 100 times smaller: one execution
/// at the full budget runs 20 s or more under AddressSanitizer, past the fuzzer's timeout; the
/// refusal path and everything below the budget are the same code.
pub const MAX_WORK_STEPS: u64 = if cfg!(fuzzing) { 2_000_000 } else { 200_000_000 };

/// The largest seed: 2^53 − 1, so that JavaScript numbers carry it exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// Options of a sampled estimate.
///
/// JSON: `{"samples": 10000, "seed": 42, "antithetic": false, "stratified": false,
/// "target_error": "0.01", "confidence": "0.95", "max_steps": 100000000}` (all but
/// `samples` and `seed` optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Sampling {
    /// Number of permutations (2 ..= [`MAX_SAMPLES`]; even when antithetic). Stratified: draws
    /// per (player, size).
    pub samples: u64,
    /// The seed (0 ..= [`MAX_SEED`]).
    pub seed: u64,
    /// Draw each permutation together with its reverse.
    #[serde(default)]
    pub antithetic: bool,
    /// Stratify by coalition size.
    #[serde(default)]
    pub stratified: bool,
    /// Stop once every standard error is at or below this (in the game's units).
    #[serde(default, with = "crate::money::dec_opt", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub target_error: Option<Decimal>,
    /// The confidence of the Hoeffding bound, in (0, 1); default 0.95.
    #[serde(default, with = "crate::money::dec_opt", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub confidence: Option<Decimal>,
    /// The work budget in elementary steps (at most [`MAX_WORK_STEPS`], the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_steps: Option<u64>,
}

impl Sampling {
    /// Plain permutation sampling: `samples` permutations from `seed`, no options.
    pub fn new(samples: u64, seed: u64) -> Self {
        Sampling { samples, seed, antithetic: false, stratified: false, target_error: None, confidence: None, max_steps: None }
    }
}

const F: &str = "method.sampled";

fn budget_error(value: String, max: u64) -> Error {
    Error::LimitExceeded { field: format!("{F}.samples"), value, max: max.to_string() }
}

/// Running sums of one estimate: per player Σx and Σx² (x integer at the game's scale).
struct Sums {
    sums: Vec<i128>,
    squares: Vec<U256>,
}

impl Sums {
    fn new(n: usize) -> Self {
        Sums { sums: vec![0; n], squares: vec![U256::ZERO; n] }
    }

    fn add(&mut self, p: usize, x: i128) -> Result<()> {
        let overflow = || Error::overflow("game", "sum of marginal contributions beyond 128-bit integers");
        if let Some(s) = self.sums.get_mut(p) {
            *s = s.checked_add(x).ok_or_else(overflow)?;
        }
        if let Some(q) = self.squares.get_mut(p) {
            let a = x.unsigned_abs();
            *q = q.checked_add(U256::mul(a, a)).ok_or_else(overflow)?;
        }
        Ok(())
    }

    /// Every player's `m Σx² − (Σx)² ≤ t² m² (m − 1)`, i.e. standard error ≤ `t`
    /// (`t` as integer `tm × 10^-ts`, values at `scale`); exact.
    fn all_within(&self, m: u64, tm: u128, ts: u32, scale: u32) -> bool {
        let mb = BigUint::from(m);
        let rhs = BigUint::from(tm).pow(2) * &mb * &mb * BigUint::from(m.saturating_sub(1)) * super::bigrat::pow10(2 * scale);
        let p = super::bigrat::pow10(2 * ts);
        self.sums.iter().zip(&self.squares).all(|(s, q)| {
            let a = BigUint::from(s.unsigned_abs());
            let k = (big(q) * &mb).checked_sub(&(&a * &a));
            k.is_none_or(|k| k * &p <= rhs)
        })
    }
}

fn big(x: &U256) -> BigUint {
    let (hi, lo) = x.parts();
    (BigUint::from(hi) << 128usize) + BigUint::from(lo)
}

/// A sampled Shapley estimate of `g`.
pub(crate) fn sampled_values(g: &Compiled, o: &Sampling) -> Result<ShapleyResult> {
    let n = g.n();
    if !(2..=MAX_SAMPLES).contains(&o.samples) {
        return Err(Error::out_of_range(format!("{F}.samples"), o.samples, format!("in [2, {MAX_SAMPLES}]")));
    }
    if o.antithetic && !o.samples.is_multiple_of(2) {
        return Err(Error::invalid(format!("{F}.samples"), o.samples, "even with antithetic pairs"));
    }
    if o.antithetic && o.stratified {
        return Err(Error::invalid(format!("{F}.stratified"), "true", "either antithetic or stratified, not both"));
    }
    if o.seed > MAX_SEED {
        return Err(Error::out_of_range(format!("{F}.seed"), o.seed, format!("in [0, {MAX_SEED}] (2^53 - 1)")));
    }
    let max_steps = o.max_steps.unwrap_or(MAX_WORK_STEPS);
    if max_steps > MAX_WORK_STEPS {
        return Err(Error::out_of_range(format!("{F}.max_steps"), max_steps, format!("<= {MAX_WORK_STEPS}")));
    }
    let confidence = o.confidence.unwrap_or(Decimal::new(95, 2));
    if confidence <= Decimal::ZERO || confidence >= Decimal::ONE {
        return Err(Error::out_of_range(format!("{F}.confidence"), confidence, "in (0, 1)"));
    }
    let target = match o.target_error {
        Some(t) if t <= Decimal::ZERO => return Err(Error::out_of_range(format!("{F}.target_error"), t, "> 0")),
        Some(t) => {
            let t = t.normalize();
            Some((t.mantissa().unsigned_abs(), t.scale()))
        }
        None => None,
    };
    let dense = if n <= MAX_EXACT_PARTIES { Some(g.dense().within("game")?) } else { None };
    let per_draw = if dense.is_some() { n as u64 } else { g.permutation_cost() };
    // A stratified draw is one coalition per (player, size): n² marginal contributions, each
    // built from up to n players.
    let draws_cost = if o.stratified { per_draw.saturating_mul(n as u64).saturating_mul(2) } else { per_draw };
    let planned = o.samples.saturating_mul(draws_cost);
    if planned > max_steps {
        let what = if o.stratified { "draws per (player, size)" } else { "samples" };
        return Err(budget_error(format!("{} {what} x {draws_cost} steps each = {planned} steps", o.samples), max_steps));
    }
    let mut rng = Rng::new(o.seed);
    let mut d = Draw { g, dense: dense.as_deref(), steps: 0, max_steps, per_draw };
    let est = if o.stratified { d.stratified(&mut rng, o.samples, target)? } else { d.permutations(&mut rng, o.samples, o.antithetic, target)? };
    let mut errors = Vec::with_capacity(n);
    for i in 0..n {
        errors.push(est.std_error(i, g.scale).within("game")?);
    }
    let range = exact::rational_to_decimal(i128::try_from(g.marginal_range()).unwrap_or(i128::MAX), 1, g.scale).unwrap_or(Decimal::MAX);
    // ε = R √(ln(2/δ) / (2 m)), m independent draws (pairs when antithetic, per stratum when stratified).
    let delta = Decimal::ONE - confidence;
    let independent = est.independent;
    let hoeffding = (Decimal::TWO / delta)
        .checked_ln()
        .and_then(|l| l.checked_div(Decimal::from(2 * independent)))
        .and_then(|x| x.sqrt())
        .and_then(|x| x.checked_mul(range))
        .ok_or_else(|| Error::overflow("game", "Hoeffding bound beyond the decimal range"))?
        .round_dp(28)
        .normalize();
    let how = match (o.antithetic, o.stratified) {
        (true, _) => "antithetic pairs of permutations 对偶抽样",
        (_, true) => "stratified by coalition size 按规模分层抽样",
        _ => "seeded permutation sampling 随机排列抽样",
    };
    let mut explanation = Explanation::new(
        "sharing.shapley",
        format!("Shapley value 沙普利值 ({how})"),
        "φ_i ≈ mean of v(P ∪ {i}) − v(P); se_i = s_i / √m; Hoeffding ε = R √(ln(2/(1−confidence)) / (2m))",
    )
    .input("players n", n)
    .input("samples requested", o.samples)
    .input("draws taken", est.draws)
    .input("seed", o.seed)
    .input("game range R", range)
    .input("confidence", confidence)
    .input("elementary steps", d.steps)
    .input("generator", "xoshiro256** seeded by SplitMix64; Fisher–Yates shuffles")
    .note("an estimate: each value carries its standard error; the Hoeffding bound holds for each player at the stated confidence");
    if let Some(t) = o.target_error {
        explanation = explanation.input("target standard error", t);
    }
    let mut r = finish(g, est.values, est.grand, explanation, Some(errors), "sampled")?;
    r.samples = Some(est.draws);
    r.seed = Some(o.seed);
    r.hoeffding = Some(hoeffding);
    r.confidence = Some(confidence);
    Ok(r)
}

struct Draw<'a> {
    g: &'a Compiled,
    dense: Option<&'a [i128]>,
    steps: u64,
    max_steps: u64,
    /// Steps of one permutation (or one stratified coalition) through the walker.
    per_draw: u64,
}

/// The outcome of a draw: the estimates and what the standard errors need.
struct Estimate {
    values: BigRationals,
    grand: i128,
    /// Draws taken (permutations, or draws per stratum).
    draws: u64,
    /// Independent units behind each estimate (pairs when antithetic).
    independent: u64,
    /// Per player, per stratum: (Σx, Σx², count); one stratum unless stratified.
    strata: Vec<Sums>,
    /// Divide each standard error by this (2 for antithetic pair sums).
    halve: bool,
}

impl Estimate {
    fn std_error(&self, i: usize, scale: u32) -> Result<Decimal> {
        let k = self.strata.len();
        let mut total = Decimal::ZERO;
        for st in &self.strata {
            let s = st.sums.get(i).copied().unwrap_or(0);
            let q = st.squares.get(i).copied().unwrap_or(U256::ZERO);
            let se = std_error(s, q, self.independent, scale)?;
            total = total
                .checked_add(se.checked_mul(se).ok_or_else(|| Error::overflow("", "standard error"))?)
                .ok_or_else(|| Error::overflow("", "standard error"))?;
        }
        // Stratified: the mean of k stratum means has variance Σ se_s² / k².
        let mut se = total.sqrt().ok_or_else(|| Error::overflow("", "standard error"))?;
        if k > 1 {
            se /= Decimal::from(k as u64);
        }
        if self.halve {
            se /= Decimal::TWO;
        }
        Ok(se.round_dp(28).normalize())
    }
}

impl Draw<'_> {
    fn step(&mut self, k: u64) -> Result<()> {
        self.steps = self.steps.saturating_add(k);
        if self.steps > self.max_steps {
            return Err(budget_error(format!("{} steps taken", self.steps), self.max_steps));
        }
        Ok(())
    }

    /// Marginal contributions along `perm`, reported as (player, x); returns v(N).
    fn walk(&mut self, perm: &[u32], walker: &mut super::game::Walker<'_>, out: &mut Vec<i128>) -> Result<i128> {
        let overflow = || Error::overflow("game", "marginal contribution beyond 128-bit integers");
        out.clear();
        out.resize(perm.len(), 0);
        match self.dense {
            Some(v) => {
                let mut mask = 0usize;
                for &p in perm {
                    let before = v.get(mask).copied().unwrap_or(0);
                    mask |= 1 << p;
                    if let Some(o) = out.get_mut(p as usize) {
                        *o = v.get(mask).copied().unwrap_or(0).checked_sub(before).ok_or_else(overflow)?;
                    }
                }
                self.step(perm.len() as u64)?;
                Ok(v.last().copied().unwrap_or(0))
            }
            None => {
                walker.reset();
                for &p in perm {
                    let x = walker.add(p).within("game")?;
                    if let Some(o) = out.get_mut(p as usize) {
                        *o = x;
                    }
                }
                self.step(self.per_draw)?;
                Ok(walker.value())
            }
        }
    }

    fn permutations(&mut self, rng: &mut Rng, samples: u64, antithetic: bool, target: Option<(u128, u32)>) -> Result<Estimate> {
        let n = self.g.n();
        let mut perm: Vec<u32> = (0..n as u32).collect();
        let mut rev = perm.clone();
        let mut sums = Sums::new(n);
        let mut walker = self.g.walker();
        let mut x = Vec::with_capacity(n);
        let mut y = Vec::with_capacity(n);
        let mut grand = 0;
        let units = if antithetic { samples / 2 } else { samples };
        let mut taken = 0u64;
        while taken < units {
            rng.shuffle(&mut perm);
            grand = self.walk(&perm, &mut walker, &mut x)?;
            if antithetic {
                rev.clear();
                rev.extend(perm.iter().rev());
                self.walk(&rev, &mut walker, &mut y)?;
                for (a, b) in x.iter_mut().zip(&y) {
                    *a = a.checked_add(*b).ok_or_else(|| Error::overflow("game", "marginal contribution beyond 128-bit integers"))?;
                }
            }
            for (p, v) in x.iter().enumerate() {
                sums.add(p, *v)?;
            }
            taken += 1;
            if let Some((tm, ts)) = target {
                if taken >= 2 && taken.is_multiple_of(32) {
                    // Pair sums are twice the pair means: compare with 2t.
                    let t = if antithetic { tm.saturating_mul(2) } else { tm };
                    if sums.all_within(taken, t, ts, self.g.scale) {
                        break;
                    }
                }
            }
        }
        let draws = if antithetic { taken * 2 } else { taken };
        // Estimate: Σx / draws (pair sums over 2 × pairs).
        let values = BigRationals::from_i128(&sums.sums, draws as u128, self.g.scale);
        Ok(Estimate { values, grand, draws, independent: taken, strata: vec![sums], halve: antithetic })
    }

    fn stratified(&mut self, rng: &mut Rng, samples: u64, target: Option<(u128, u32)>) -> Result<Estimate> {
        let n = self.g.n();
        let mut strata: Vec<Sums> = (0..n).map(|_| Sums::new(n)).collect();
        let mut walker = self.g.walker();
        let mut others: Vec<u32> = Vec::with_capacity(n);
        let mut grand = 0;
        let mut taken = 0u64;
        let overflow = || Error::overflow("game", "marginal contribution beyond 128-bit integers");
        while taken < samples {
            for i in 0..n as u32 {
                others.clear();
                others.extend((0..n as u32).filter(|&p| p != i));
                rng.shuffle(&mut others);
                // The first s of a random order of the others is a uniform coalition of size s:
                // walking the order gives every size once, then i joins each prefix.
                for s in 0..n {
                    let x = match self.dense {
                        Some(v) => {
                            let mask: usize = others.iter().take(s).fold(0usize, |m, &p| m | (1 << p));
                            let before = v.get(mask).copied().unwrap_or(0);
                            v.get(mask | (1 << i)).copied().unwrap_or(0).checked_sub(before).ok_or_else(overflow)?
                        }
                        None => {
                            walker.reset();
                            for &p in others.iter().take(s) {
                                walker.add(p).within("game")?;
                            }
                            walker.add(i).within("game")?
                        }
                    };
                    if let Some(st) = strata.get_mut(s) {
                        st.add(i as usize, x)?;
                    }
                    self.step(if self.dense.is_some() { 1 } else { self.per_draw })?;
                }
            }
            taken += 1;
            if let Some((tm, ts)) = target {
                if taken >= 2 && taken.is_multiple_of(32) {
                    // se_i = √(Σ_s se_s²)/n ≤ t is implied by every stratum's se_s ≤ t.
                    if strata.iter().all(|st| st.all_within(taken, tm, ts, self.g.scale)) {
                        break;
                    }
                }
            }
        }
        if let Some(v) = self.dense {
            grand = v.last().copied().unwrap_or(0);
        } else {
            walker.reset();
            for p in 0..n as u32 {
                walker.add(p).within("game")?;
            }
            if n > 0 {
                grand = walker.value();
            }
        }
        // φ_i = (1/n) Σ_s (Σ_draws x / taken) = Σ_s Σx / (n × taken).
        let mut nums = vec![0i128; n];
        for st in &strata {
            for (a, b) in nums.iter_mut().zip(&st.sums) {
                *a = a.checked_add(*b).ok_or_else(overflow)?;
            }
        }
        let values = BigRationals::from_i128(&nums, (n as u128).saturating_mul(taken as u128), self.g.scale);
        Ok(Estimate { values, grand, draws: taken, independent: taken, strata, halve: false })
    }
}
/// `s / √m` from `Σx` and `Σx²` (x scaled by 10^scale): `√((mΣx² − (Σx)²) / (m(m−1))) / √m`.
fn std_error(sum: i128, squares: U256, m: u64, scale: u32) -> Result<Decimal> {
    let overflow = || Error::overflow("", "standard error beyond the decimal range");
    let a = sum.unsigned_abs();
    let mut k = squares.checked_mul_u64(m).and_then(|x| x.checked_sub(U256::mul(a, a))).ok_or_else(overflow)?;
    // Bring K below 2^96 by whole powers of 100, so its square root shifts by powers of 10.
    let mut shift: u32 = 0;
    let small = loop {
        match k.to_u128() {
            Some(x) if x <= exact::MAX_MANTISSA => break x,
            _ => {
                k = k.div_rem_u64(100).0;
                shift += 1;
            }
        }
    };
    if small == 0 {
        return Ok(Decimal::ZERO);
    }
    let root = Decimal::from_i128_with_scale(small as i128, 0).sqrt().ok_or_else(overflow)?;
    let m_dec = Decimal::from(m);
    let denom = Decimal::from(m - 1).sqrt().and_then(|r| r.checked_mul(m_dec)).ok_or_else(overflow)?;
    let mut se = root.checked_div(denom).ok_or_else(overflow)?;
    if shift >= scale {
        let p = exact::pow10(shift - scale).and_then(|p| i128::try_from(p).ok()).ok_or_else(overflow)?;
        se = se.checked_mul(Decimal::from_i128_with_scale(p, 0)).ok_or_else(overflow)?;
    } else {
        se = se.checked_mul(Decimal::new(1, scale - shift)).ok_or_else(overflow)?;
    }
    Ok(se.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sharing::game::Game;
    use crate::sharing::shapley::{shapley, ShapleyMethod};

    fn game(json: &str) -> Game {
        crate::doc::from_json(json).unwrap()
    }

    #[test]
    fn std_error_formula() {
        // x = 1, 3 (scale 0): mean 2, s = √2, se = √2/√2 = 1
        let sq = U256::from_u128(10);
        assert_eq!(std_error(4, sq, 2, 0).unwrap(), Decimal::ONE);
        // the same at scale 2 (x = 0.01, 0.03): se = 0.01
        assert_eq!(std_error(4, sq, 2, 2).unwrap(), Decimal::new(1, 2));
        // huge values: x = 10^30, 3·10^30 → se = 10^30 (scale 2 → 10^28)
        let x1 = 10u128.pow(30);
        let sq = U256::mul(x1, x1).checked_add(U256::mul(3 * x1, 3 * x1)).unwrap();
        assert_eq!(std_error(4 * x1 as i128, sq, 2, 2).unwrap(), Decimal::from_i128_with_scale(10i128.pow(28), 0));
    }

    const GLOVE: &str = r#"{"explicit":{"players":["a","b","c"],"values":[
        {"coalition":["a","b"],"value":"1"},{"coalition":["a","c"],"value":"1"},{"coalition":["a","b","c"],"value":"1"}]}}"#;

    #[test]
    fn options_stay_close_to_the_exact_value() {
        let g = game(GLOVE);
        let exact = shapley(&g, &ShapleyMethod::Exact).unwrap();
        for o in [Sampling::new(2000, 3), Sampling { antithetic: true, ..Sampling::new(2000, 3) }, Sampling { stratified: true, ..Sampling::new(500, 3) }] {
            let r = shapley(&g, &ShapleyMethod::Sampled(o)).unwrap();
            let eps = r.hoeffding.unwrap();
            for (s, e) in r.values.iter().zip(&exact.values) {
                let se = s.std_error.unwrap();
                assert!((s.value - e.value).abs() <= se * Decimal::from(5) + Decimal::new(1, 20), "{o:?}: {} vs {} (se {se})", s.value, e.value);
                assert!((s.value - e.value).abs() <= eps, "{o:?}: Hoeffding {eps}");
            }
            assert_eq!(r.confidence, Some(Decimal::new(95, 2)));
        }
        // Plain: R = 2 (values in [0, 1]), m = 2000: ε = 2 √(ln 40 / 4000) = 0.0607..
        let r = shapley(&g, &ShapleyMethod::Sampled(Sampling::new(2000, 3))).unwrap();
        assert!(r.hoeffding.unwrap().to_string().starts_with("0.0607"), "{:?}", r.hoeffding);
    }

    #[test]
    fn early_stop_and_budget() {
        let g = game(GLOVE);
        let o = Sampling { target_error: Some(Decimal::new(5, 2)), ..Sampling::new(100_000, 1) };
        let r = shapley(&g, &ShapleyMethod::Sampled(o)).unwrap();
        let taken = r.samples.unwrap();
        assert!(taken < 1000 && taken.is_multiple_of(32), "{taken}");
        assert!(r.values.iter().all(|v| v.std_error.unwrap() <= Decimal::new(5, 2)));
        // Planned work over the budget: refused before any draw, naming the dimension.
        let o = Sampling { max_steps: Some(1000), ..Sampling::new(1000, 1) };
        let e = shapley(&g, &ShapleyMethod::Sampled(o)).unwrap_err();
        assert_eq!((e.code(), e.field()), ("limit_exceeded", "method.sampled.samples"));
        // Issue 15: 1,000 players, 1,000 dividends of 999 players, 2,000 samples: refused at once.
        let ps: Vec<String> = (0..1000).map(|i| format!("\"p{i}\"")).collect();
        let divs: Vec<String> = (0..1000)
            .map(|k| {
                let ms: Vec<&str> = ps.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, p)| p.as_str()).collect();
                format!(r#"{{"coalition":[{}],"dividend":"1"}}"#, ms.join(","))
            })
            .collect();
        let big = game(&format!(r#"{{"dividends":{{"players":[{}],"dividends":[{}]}}}}"#, ps.join(","), divs.join(",")));
        let e = shapley(&big, &ShapleyMethod::Sampled(Sampling::new(2000, 1))).unwrap_err();
        assert_eq!((e.code(), e.field()), ("limit_exceeded", "method.sampled.samples"));
        // ... while the closed form is immediate: each player is in 999 dividends of 1/999.
        let r = shapley(&big, &ShapleyMethod::Exact).unwrap();
        assert_eq!(r.values[0].value, Decimal::ONE);
        let e = shapley(&g, &ShapleyMethod::Sampled(Sampling { antithetic: true, ..Sampling::new(3, 1) })).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "method.sampled.samples"));
    }
}
