//! Cooperative games (合作博弈): the coalition values an agreement gives for a Shapley split.
//!
//! A game names its players and the value `v(S)` of every coalition `S` (what the parties in
//! `S` would earn together); `v(∅) = 0` always. The forms accepted (JSON is externally
//! tagged: `{"airport": {"costs": [...]}}`):
//!
//! | form | `v(S)` | JSON |
//! |---|---|---|
//! | [`Game::Explicit`] | as listed; coalitions not listed count as 0 (or are refused with `"missing": "error"`) | `{"explicit": {"players": [..], "values": [{"coalition": [..], "value": ".."}]}}` |
//! | [`Game::Additive`] | `Σ_{i∈S} v_i` | `{"additive": {"values": [{"id": .., "value": ..}]}}` |
//! | [`Game::Dividends`] | `Σ_{T⊆S} d_T` (Harsanyi dividends: a compact way to write synergies) | `{"dividends": {"players": [..], "dividends": [{"coalition": [..], "dividend": ".."}]}}` |
//! | [`Game::Airport`] | `max_{i∈S} c_i` (a shared facility sized for its most demanding user) | `{"airport": {"costs": [{"id": .., "cost": ..}]}}` |
//! | [`Game::Sources`] | revenue of the products whose sources all lie in `S` | `{"sources": {"players": [..], "products": [{"id": .., "sources": [..], "revenue": ..}]}}` |
//! | [`Game::WeightedMajority`] | `value` when `Σ_{i∈S} w_i >= quota`, else 0 | `{"weighted_majority": {"weights": [..], "quota": "..", "value": ".."}}` |
//!
//! Values are held as integers at their common number of decimal places, so sums and
//! differences are exact.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::airport::PlayerCost;
use super::exact;
use super::ids::check_unique;
pub use super::sources::SourcesGame;
use crate::error::{Error, Result};

/// The most players a game may have (exact enumeration stops at
/// [`super::shapley::MAX_EXACT_PARTIES`]; sampling goes up to this).
pub const MAX_GAME_PLAYERS: usize = 1_000;

/// The most coalitions (or dividends) an explicit game may list: 2^20.
pub const MAX_COALITIONS: usize = 1 << 20;

/// A cooperative game in one of its accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Game {
    /// Coalition values listed one by one.
    Explicit(ExplicitGame),
    /// Each player brings a fixed value; `v(S)` is their sum.
    Additive(AdditiveGame),
    /// Harsanyi dividends: `v(S)` is the sum of the dividends of the coalitions inside `S`.
    Dividends(DividendGame),
    /// The airport game: `v(S)` is the largest cost in `S`.
    Airport(AirportGame),
    /// A weighted majority (voting) game.
    WeightedMajority(WeightedMajorityGame),
    /// Built from the products' data sources and revenue ([`super::sources`]).
    Sources(SourcesGame),
}

/// What a coalition missing from an explicit game is worth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MissingCoalitions {
    /// Missing coalitions are worth 0 (the default).
    #[default]
    Zero,
    /// Every non-empty coalition must be listed.
    Error,
}

/// A game given by its coalition values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExplicitGame {
    /// The players, in output order.
    pub players: Vec<String>,
    /// The listed coalition values.
    pub values: Vec<CoalitionValue>,
    /// What unlisted coalitions are worth.
    #[serde(default)]
    pub missing: MissingCoalitions,
}

/// The value of one coalition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CoalitionValue {
    /// The members (player ids, any order, no repeats).
    pub coalition: Vec<String>,
    /// `v(coalition)`.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub value: Decimal,
}

/// An additive game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdditiveGame {
    /// Each player's stand-alone value.
    pub values: Vec<PlayerValue>,
}

/// A player's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlayerValue {
    /// The player's id.
    pub id: String,
    /// Its value.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub value: Decimal,
}

/// A game given by Harsanyi dividends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DividendGame {
    /// The players, in output order.
    pub players: Vec<String>,
    /// The dividends; coalitions not listed have dividend 0.
    pub dividends: Vec<Dividend>,
}

/// The dividend of one coalition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dividend {
    /// The members (non-empty, no repeats).
    pub coalition: Vec<String>,
    /// `d(coalition)`.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub dividend: Decimal,
}

/// The airport game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AirportGame {
    /// Each player's stand-alone cost (non-negative).
    pub costs: Vec<PlayerCost>,
}

/// A weighted majority game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WeightedMajorityGame {
    /// Each player's voting weight (non-negative).
    pub weights: Vec<PlayerWeight>,
    /// The weight a coalition needs to win (positive).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub quota: Decimal,
    /// What a winning coalition is worth.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub value: Decimal,
}

/// A player's weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlayerWeight {
    /// The player's id.
    pub id: String,
    /// Its weight.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub weight: Decimal,
}

/// A validated game: players and integer values at a common scale.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub(crate) players: Vec<String>,
    /// Values are integers × 10^-scale.
    pub(crate) scale: u32,
    pub(crate) kind: Kind,
}

/// The integer form of each kind of game.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// Coalition (bitset words) → value; unlisted coalitions are 0.
    Explicit(HashMap<Vec<u64>, i128>),
    Additive(Vec<i128>),
    /// (members, dividend) and, per player, the dividends naming it.
    Dividends(Vec<(Vec<u32>, i128)>, Vec<Vec<u32>>),
    Airport(Vec<i128>),
    Majority {
        weights: Vec<i128>,
        quota: i128,
        value: i128,
    },
}

fn limit(field: &str, n: usize, max: usize) -> Result<()> {
    if n > max {
        return Err(Error::LimitExceeded { field: field.into(), value: n.to_string(), max: max.to_string() });
    }
    Ok(())
}

fn common_scale<I: IntoIterator<Item = Decimal>>(items: I) -> u32 {
    items.into_iter().map(exact::min_scale).max().unwrap_or(0)
}

fn overflow(field: &str) -> Error {
    Error::overflow(field, "coalition value beyond 128-bit integers")
}

/// Check a coalition's members against the players: known, no repeats. Returns the indices
/// and the bitset (repeats found on the bitset: linear in the coalition's size). `field`
/// is built only for an error.
fn members<F: Fn() -> String>(coalition: &[String], index: &HashMap<&str, u32>, n: usize, field: F) -> Result<(Vec<u32>, Vec<u64>)> {
    let mut out = Vec::with_capacity(coalition.len());
    let mut words = vec![0u64; n.div_ceil(64)];
    for (j, id) in coalition.iter().enumerate() {
        let k = *index.get(id.as_str()).ok_or_else(|| Error::unknown(format!("{}[{j}]", field()), id))?;
        let bit = 1u64 << (k % 64);
        match words.get_mut(k as usize / 64) {
            Some(w) if *w & bit != 0 => return Err(Error::DuplicateId { field: format!("{}[{j}]", field()), value: id.clone() }),
            Some(w) => *w |= bit,
            None => {}
        }
        out.push(k);
    }
    Ok((out, words))
}

fn index_of(players: &[String]) -> HashMap<&str, u32> {
    players.iter().enumerate().map(|(i, p)| (p.as_str(), i as u32)).collect()
}

fn bitset(n: usize, members: &[u32]) -> Vec<u64> {
    let mut words = vec![0u64; n.div_ceil(64)];
    for &m in members {
        if let Some(w) = words.get_mut(m as usize / 64) {
            *w |= 1 << (m % 64);
        }
    }
    words
}

fn describe(players: &[String], members: &[u32]) -> String {
    let names: Vec<&str> = members.iter().filter_map(|&m| players.get(m as usize).map(String::as_str)).collect();
    format!("[{}]", names.join(", "))
}

impl Game {
    /// The players' ids in the game's order.
    pub fn players(&self) -> Vec<&str> {
        match self {
            Game::Explicit(g) => g.players.iter().map(String::as_str).collect(),
            Game::Dividends(g) => g.players.iter().map(String::as_str).collect(),
            Game::Additive(g) => g.values.iter().map(|p| p.id.as_str()).collect(),
            Game::Airport(g) => g.costs.iter().map(|p| p.id.as_str()).collect(),
            Game::WeightedMajority(g) => g.weights.iter().map(|p| p.id.as_str()).collect(),
            Game::Sources(g) => g.players.iter().map(String::as_str).collect(),
        }
    }

    /// Validate and convert to integers. Error fields are relative to the game
    /// (`explicit.values[2].coalition[0]`).
    pub(crate) fn compile(&self) -> Result<Compiled> {
        match self {
            Game::Explicit(g) => compile_explicit(g),
            Game::Additive(g) => {
                let f = "additive.values";
                limit(f, g.values.len(), MAX_GAME_PLAYERS)?;
                check_unique(g.values.len(), |i| g.values.get(i).map_or("", |p| p.id.as_str()), f, ".id")?;
                let scale = common_scale(g.values.iter().map(|p| p.value));
                let mut vals = Vec::with_capacity(g.values.len());
                for (i, p) in g.values.iter().enumerate() {
                    vals.push(exact::scaled(p.value, scale, &format!("{f}[{i}].value"))?);
                }
                let players = g.values.iter().map(|p| p.id.clone()).collect();
                Ok(Compiled { players, scale, kind: Kind::Additive(vals) })
            }
            Game::Dividends(g) => compile_dividends(g),
            Game::Sources(g) => compile_dividends(&g.to_dividends()?).map_err(|mut e| {
                // Players are checked as `dividends.players`: name them as in this form.
                let f = e.field_mut();
                if let Some(rest) = f.strip_prefix("dividends") {
                    *f = format!("sources{rest}");
                }
                e
            }),
            Game::Airport(g) => {
                let f = "airport.costs";
                limit(f, g.costs.len(), MAX_GAME_PLAYERS)?;
                check_unique(g.costs.len(), |i| g.costs.get(i).map_or("", |p| p.id.as_str()), f, ".id")?;
                let scale = common_scale(g.costs.iter().map(|p| p.cost.get()));
                let mut vals = Vec::with_capacity(g.costs.len());
                for (i, p) in g.costs.iter().enumerate() {
                    let field = format!("{f}[{i}].cost");
                    p.cost.non_negative(&field)?;
                    vals.push(exact::scaled(p.cost.get(), scale, &field)?);
                }
                let players = g.costs.iter().map(|p| p.id.clone()).collect();
                Ok(Compiled { players, scale, kind: Kind::Airport(vals) })
            }
            Game::WeightedMajority(g) => {
                let f = "weighted_majority.weights";
                limit(f, g.weights.len(), MAX_GAME_PLAYERS)?;
                check_unique(g.weights.len(), |i| g.weights.get(i).map_or("", |p| p.id.as_str()), f, ".id")?;
                if g.quota <= Decimal::ZERO {
                    return Err(Error::out_of_range("weighted_majority.quota", g.quota, "> 0"));
                }
                let wscale = common_scale(g.weights.iter().map(|p| p.weight).chain([g.quota]));
                let mut weights = Vec::with_capacity(g.weights.len());
                for (i, p) in g.weights.iter().enumerate() {
                    let field = format!("{f}[{i}].weight");
                    if p.weight.is_sign_negative() && !p.weight.is_zero() {
                        return Err(Error::out_of_range(field, p.weight, ">= 0"));
                    }
                    weights.push(exact::scaled(p.weight, wscale, &field)?);
                }
                let quota = exact::scaled(g.quota, wscale, "weighted_majority.quota")?;
                let scale = exact::min_scale(g.value);
                let value = exact::scaled(g.value, scale, "weighted_majority.value")?;
                let players = g.weights.iter().map(|p| p.id.clone()).collect();
                Ok(Compiled { players, scale, kind: Kind::Majority { weights, quota, value } })
            }
        }
    }
}

fn compile_players(players: &[String], field: &str) -> Result<()> {
    limit(field, players.len(), MAX_GAME_PLAYERS)?;
    check_unique(players.len(), |i| players.get(i).map_or("", String::as_str), field, "")
}

fn compile_explicit(g: &ExplicitGame) -> Result<Compiled> {
    compile_players(&g.players, "explicit.players")?;
    limit("explicit.values", g.values.len(), MAX_COALITIONS)?;
    let n = g.players.len();
    let index = index_of(&g.players);
    let scale = common_scale(g.values.iter().map(|c| c.value));
    let mut map: HashMap<Vec<u64>, i128> = HashMap::with_capacity(g.values.len());
    let mut listed = 0usize;
    for (i, c) in g.values.iter().enumerate() {
        let field = || format!("explicit.values[{i}]");
        let (ms, words) = members(&c.coalition, &index, n, || format!("{}.coalition", field()))?;
        let value =
            exact::to_scaled(c.value, scale).ok_or_else(|| Error::overflow(format!("{}.value", field()), format!("{} scaled by 10^{scale}", c.value)))?;
        if ms.is_empty() {
            if value != 0 {
                return Err(Error::invalid(format!("{}.value", field()), c.value, "the empty coalition is worth 0"));
            }
            continue;
        }
        if map.insert(words, value).is_some() {
            return Err(Error::DuplicateId { field: format!("{}.coalition", field()), value: describe(&g.players, &ms) });
        }
        listed += 1;
    }
    if g.missing == MissingCoalitions::Error {
        let needed = if n < 64 { (1u64 << n) - 1 } else { u64::MAX };
        if (listed as u64) < needed {
            let value = if n <= 20 {
                let first = (1u64..=needed)
                    .find(|&mask| {
                        let ms: Vec<u32> = (0..n as u32).filter(|b| mask & (1 << b) != 0).collect();
                        !map.contains_key(&bitset(n, &ms))
                    })
                    .unwrap_or(0);
                let ms: Vec<u32> = (0..n as u32).filter(|b| first & (1 << b) != 0).collect();
                format!("coalition {}", describe(&g.players, &ms))
            } else {
                format!("{listed} of the 2^{n} - 1 coalitions listed")
            };
            return Err(Error::Missing { field: "explicit.values".into(), value });
        }
    }
    Ok(Compiled { players: g.players.clone(), scale, kind: Kind::Explicit(map) })
}

fn compile_dividends(g: &DividendGame) -> Result<Compiled> {
    compile_players(&g.players, "dividends.players")?;
    limit("dividends.dividends", g.dividends.len(), MAX_COALITIONS)?;
    let n = g.players.len();
    let index = index_of(&g.players);
    let scale = common_scale(g.dividends.iter().map(|c| c.dividend));
    let mut seen: HashMap<Vec<u64>, ()> = HashMap::with_capacity(g.dividends.len());
    let mut list = Vec::with_capacity(g.dividends.len());
    let mut by_player: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, c) in g.dividends.iter().enumerate() {
        let field = || format!("dividends.dividends[{i}]");
        let (ms, words) = members(&c.coalition, &index, n, || format!("{}.coalition", field()))?;
        if ms.is_empty() {
            return Err(Error::Empty { field: format!("{}.coalition", field()), value: "[]".into() });
        }
        if seen.insert(words, ()).is_some() {
            return Err(Error::DuplicateId { field: format!("{}.coalition", field()), value: describe(&g.players, &ms) });
        }
        let d = exact::to_scaled(c.dividend, scale)
            .ok_or_else(|| Error::overflow(format!("{}.dividend", field()), format!("{} scaled by 10^{scale}", c.dividend)))?;
        for &m in &ms {
            if let Some(v) = by_player.get_mut(m as usize) {
                v.push(list.len() as u32);
            }
        }
        list.push((ms, d));
    }
    Ok(Compiled { players: g.players.clone(), scale, kind: Kind::Dividends(list, by_player) })
}

impl Compiled {
    /// The number of players.
    pub(crate) fn n(&self) -> usize {
        self.players.len()
    }

    /// `v(S)` for every coalition `S` (bit `i` of the index is player `i`), for at most
    /// 20 players (the caller checks).
    pub(crate) fn dense(&self) -> Result<Vec<i128>> {
        let n = self.n();
        let size = 1usize << n;
        let mut v = vec![0i128; size];
        let low = |mask: usize| mask.trailing_zeros() as usize;
        match &self.kind {
            Kind::Explicit(map) => {
                for (words, value) in map {
                    let mask = words.first().copied().unwrap_or(0) as usize;
                    if let Some(x) = v.get_mut(mask) {
                        *x = *value;
                    }
                }
            }
            Kind::Additive(a) => {
                for mask in 1..size {
                    let prev = v.get(mask & (mask - 1)).copied().unwrap_or(0);
                    let own = a.get(low(mask)).copied().unwrap_or(0);
                    let x = prev.checked_add(own).ok_or_else(|| overflow("additive.values"))?;
                    if let Some(s) = v.get_mut(mask) {
                        *s = x;
                    }
                }
            }
            Kind::Airport(c) => {
                for mask in 1..size {
                    let prev = v.get(mask & (mask - 1)).copied().unwrap_or(0);
                    let own = c.get(low(mask)).copied().unwrap_or(0);
                    if let Some(s) = v.get_mut(mask) {
                        *s = prev.max(own);
                    }
                }
            }
            Kind::Majority { weights, quota, value } => {
                let mut w = vec![0i128; size];
                for mask in 1..size {
                    let prev = w.get(mask & (mask - 1)).copied().unwrap_or(0);
                    let own = weights.get(low(mask)).copied().unwrap_or(0);
                    let x = prev.checked_add(own).ok_or_else(|| overflow("weighted_majority.weights"))?;
                    if let Some(s) = w.get_mut(mask) {
                        *s = x;
                    }
                    if x >= *quota {
                        if let Some(s) = v.get_mut(mask) {
                            *s = *value;
                        }
                    }
                }
            }
            Kind::Dividends(list, _) => {
                for (ms, d) in list {
                    let mask: usize = ms.iter().map(|&m| 1usize << m).sum();
                    if let Some(x) = v.get_mut(mask) {
                        *x = *d;
                    }
                }
                // Zeta transform: v(S) = Σ_{T ⊆ S} d(T).
                for bit in 0..n {
                    let b = 1usize << bit;
                    for mask in 0..size {
                        if mask & b != 0 {
                            let sub = v.get(mask ^ b).copied().unwrap_or(0);
                            if let Some(x) = v.get_mut(mask) {
                                *x = x.checked_add(sub).ok_or_else(|| overflow("dividends.dividends"))?;
                            }
                        }
                    }
                }
            }
        }
        Ok(v)
    }

    /// A walker that adds players one at a time and reports marginal contributions.
    pub(crate) fn walker(&self) -> Walker<'_> {
        let n = self.n();
        let counts = match &self.kind {
            Kind::Dividends(list, _) => vec![0u32; list.len()],
            _ => Vec::new(),
        };
        Walker { game: self, members: vec![0u64; n.div_ceil(64)], value: 0, weight: 0, counts }
    }

    /// Elementary steps of one permutation through the [`Walker`] (an upper bound): one per
    /// player, plus one per member of every dividend (dividend games) or per bitset word
    /// hashed (explicit games).
    pub(crate) fn permutation_cost(&self) -> u64 {
        let n = self.n() as u64;
        match &self.kind {
            Kind::Explicit(_) => n.saturating_mul(n.div_ceil(64) + 1),
            Kind::Dividends(list, _) => list.iter().fold(n, |a, (ms, _)| a.saturating_add(ms.len() as u64)),
            _ => n,
        }
    }

    /// The width of an interval holding every marginal contribution `v(S ∪ {i}) − v(S)`
    /// (integer at the game's scale): the range used by the Hoeffding bound.
    pub(crate) fn marginal_range(&self) -> u128 {
        let span = |it: &mut dyn Iterator<Item = i128>| {
            let (lo, hi) = it.fold((0i128, 0i128), |(lo, hi), x| (lo.min(x), hi.max(x)));
            hi.abs_diff(lo)
        };
        match &self.kind {
            Kind::Explicit(map) => span(&mut map.values().copied()).saturating_mul(2),
            Kind::Additive(v) => {
                let lo = v.iter().copied().min().unwrap_or(0);
                let hi = v.iter().copied().max().unwrap_or(0);
                hi.abs_diff(lo)
            }
            Kind::Dividends(list, _) => list.iter().fold(0u128, |a, (_, d)| a.saturating_add(d.unsigned_abs())),
            Kind::Airport(c) => c.iter().copied().max().unwrap_or(0).unsigned_abs(),
            Kind::Majority { value, .. } => value.unsigned_abs(),
        }
    }
}

/// Adds players to a growing coalition, one at a time.
pub(crate) struct Walker<'a> {
    game: &'a Compiled,
    members: Vec<u64>,
    /// v(current coalition).
    value: i128,
    /// Running weight (majority games).
    weight: i128,
    /// Members present, per dividend (dividend games).
    counts: Vec<u32>,
}

impl Walker<'_> {
    /// Back to the empty coalition.
    pub(crate) fn reset(&mut self) {
        self.members.iter_mut().for_each(|w| *w = 0);
        self.value = 0;
        self.weight = 0;
        self.counts.iter_mut().for_each(|c| *c = 0);
    }

    /// Add player `p` (not yet in the coalition) and return `v(S ∪ {p}) − v(S)`.
    pub(crate) fn add(&mut self, p: u32) -> Result<i128> {
        if let Some(w) = self.members.get_mut(p as usize / 64) {
            *w |= 1 << (p % 64);
        }
        let next = match &self.game.kind {
            Kind::Explicit(map) => map.get(&self.members).copied().unwrap_or(0),
            Kind::Additive(a) => self.value.checked_add(a.get(p as usize).copied().unwrap_or(0)).ok_or_else(|| overflow("additive"))?,
            Kind::Airport(c) => self.value.max(c.get(p as usize).copied().unwrap_or(0)),
            Kind::Majority { weights, quota, value } => {
                self.weight = self.weight.checked_add(weights.get(p as usize).copied().unwrap_or(0)).ok_or_else(|| overflow("weighted_majority"))?;
                if self.weight >= *quota {
                    *value
                } else {
                    0
                }
            }
            Kind::Dividends(list, by_player) => {
                let mut gain: i128 = 0;
                for &t in by_player.get(p as usize).map_or(&[][..], Vec::as_slice) {
                    if let (Some((ms, d)), Some(c)) = (list.get(t as usize), self.counts.get_mut(t as usize)) {
                        *c += 1;
                        if *c as usize == ms.len() {
                            gain = gain.checked_add(*d).ok_or_else(|| overflow("dividends"))?;
                        }
                    }
                }
                self.value.checked_add(gain).ok_or_else(|| overflow("dividends"))?
            }
        };
        let marginal = next.checked_sub(self.value).ok_or_else(|| overflow("game"))?;
        self.value = next;
        Ok(marginal)
    }

    /// v(current coalition).
    pub(crate) fn value(&self) -> i128 {
        self.value
    }
}

#[cfg(test)]
mod tests;
