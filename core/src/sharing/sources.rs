//! Coalition values from the products' data sources (由数据来源生成的合作博弈).
//!
//! `v(S)` = the revenue of the products whose required sources all lie in `S`: a product
//! earns only when every unit it draws on takes part. Every `v(S)` is auditable from the
//! catalog (a product's `sources`) and the actual revenue. This is a Harsanyi dividend game
//! with one dividend per distinct source set (the revenue of the products needing exactly
//! that set), so its Shapley value is the closed form `φ_i = Σ_{p ∋ i} revenue_p / |sources_p|`:
//! each product's revenue shared equally by the units it needs.
//!
//! JSON: `{"sources": {"players": ["psb", "court", ..], "products": [{"id": "p08",
//! "sources": ["psb", "court"], "revenue": "1000.00"}]}}`.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::game::{Dividend, DividendGame, MAX_COALITIONS};
use super::ids::check_unique;
use crate::error::{Error, Result};

/// A product, the sources it needs and its revenue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductSources {
    /// The product's id.
    pub id: String,
    /// The data-source units it draws on (non-empty, no repeats, all among the players).
    pub sources: Vec<String>,
    /// Its actual revenue (non-negative).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub revenue: Decimal,
}

/// A game built from the products' sources and revenue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SourcesGame {
    /// The players (data-source units), in output order.
    pub players: Vec<String>,
    /// The products.
    pub products: Vec<ProductSources>,
}

impl SourcesGame {
    /// The equivalent dividend game (one dividend per distinct source set). Error fields are
    /// relative to the game (`sources.products[2].sources[0]`).
    pub fn to_dividends(&self) -> Result<DividendGame> {
        let f = "sources.products";
        if self.products.len() > MAX_COALITIONS {
            return Err(Error::LimitExceeded { field: f.into(), value: self.products.len().to_string(), max: MAX_COALITIONS.to_string() });
        }
        check_unique(self.products.len(), |i| self.products.get(i).map_or("", |p| p.id.as_str()), f, ".id")?;
        let known: HashSet<&str> = self.players.iter().map(String::as_str).collect();
        let mut by_set: HashMap<Vec<&str>, usize> = HashMap::new();
        let mut dividends: Vec<Dividend> = Vec::new();
        for (i, p) in self.products.iter().enumerate() {
            if p.sources.is_empty() {
                return Err(Error::Empty { field: format!("{f}[{i}].sources"), value: "[]".into() });
            }
            if p.revenue.is_sign_negative() && !p.revenue.is_zero() {
                return Err(Error::out_of_range(format!("{f}[{i}].revenue"), p.revenue, ">= 0"));
            }
            let mut set: Vec<&str> = Vec::with_capacity(p.sources.len());
            for (j, s) in p.sources.iter().enumerate() {
                if !known.contains(s.as_str()) {
                    return Err(Error::unknown(format!("{f}[{i}].sources[{j}]"), s));
                }
                set.push(s.as_str());
            }
            set.sort_unstable();
            if let Some(w) = set.windows(2).find(|w| w.first() == w.get(1)) {
                let dup = w.first().copied().unwrap_or("");
                return Err(Error::DuplicateId { field: format!("{f}[{i}].sources"), value: dup.to_string() });
            }
            match by_set.get(&set) {
                Some(&k) => {
                    if let Some(d) = dividends.get_mut(k) {
                        d.dividend = d.dividend.checked_add(p.revenue).ok_or_else(|| Error::overflow(format!("{f}[{i}].revenue"), p.revenue))?;
                    }
                }
                None => {
                    by_set.insert(set, dividends.len());
                    dividends.push(Dividend { coalition: p.sources.clone(), dividend: p.revenue });
                }
            }
        }
        Ok(DividendGame { players: self.players.clone(), dividends })
    }
}
