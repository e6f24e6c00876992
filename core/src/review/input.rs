//! The inputs of a periodic review (定期评估的输入): actual use and revenue, the caps and MPR
//! of the year, the profile, and optionally the next year's MPR and forecast.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::caps::CapsYear;
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::money::{Amount, Quantity};
use crate::profile::Policy;
use crate::scenario::{ChainResult, ScenarioDoc};

use super::MAX_ACTUAL_LINES;

/// Actual use and chargeable revenue of one (product, scenario) in the year reviewed
/// (实际业务量与收费收入).
///
/// A plain record: the usage rating of the year (计费结果) converts into a list of these.
/// `revenue` is net of VAT, on the same basis as the MPR; `volume` is in the product's unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActualLine {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// Actual volume used (>= 0).
    pub volume: Quantity,
    /// Actual revenue collected, net of VAT (>= 0).
    pub revenue: Amount,
}

/// A forecast volume of one (product, scenario) for the next period (下期预测业务量).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PairVolume {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// Forecast volume (>= 0).
    pub volume: Quantity,
}

/// Everything one year's review needs.
///
/// Build it by hand (the caps as [`crate::caps::caps_for_year`] or `chain.run` returns
/// them) or from a chain run with [`ReviewInput::from_chain`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// The year reviewed.
    pub year: i32,
    /// The year's MPR; absent: the MPR the caps were set from (`caps.mpr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpr: Option<Amount>,
    /// The caps of the year (forecast volumes and caps per pair).
    pub caps: CapsYear,
    /// Actual volume and revenue per (product, scenario); pairs not listed had none.
    pub actual: Vec<ActualLine>,
    /// The profile: review threshold, claw-back settings, price units (default national).
    #[serde(default)]
    pub profile: Policy,
    /// The catalog, for each product's charging form (per-call caps use the finer price
    /// unit); absent: every proposed cap is floored to `profile.price_unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<Catalog>,
    /// The MPR of the next year, which proposed caps are scaled to; absent: the current MPR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_mpr: Option<Amount>,
    /// Forecast volumes for the next year; empty: the actual volumes of the year reviewed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub next_forecast: Vec<PairVolume>,
}

impl ReviewInput {
    /// The review input of `year` of a chain run: its MPR and caps, the document's profile
    /// and catalog, and as next MPR the chain's MPR of `year + 1` when the period has it.
    ///
    /// A year outside the period is [`Error::OutOfRange`] on `year`.
    pub fn from_chain(doc: &ScenarioDoc, chain: &ChainResult, year: i32, actual: Vec<ActualLine>) -> Result<Self> {
        let caps = chain.caps_for(year).ok_or_else(|| period_error(chain, year))?;
        let mpr = chain.mpr.years.iter().find(|m| m.year == year).ok_or_else(|| period_error(chain, year))?;
        let next_mpr = chain.mpr.years.iter().find(|m| m.year == year + 1).map(|m| m.mpr);
        Ok(ReviewInput {
            year,
            mpr: Some(mpr.mpr),
            caps: caps.clone(),
            actual,
            profile: doc.profile.clone(),
            catalog: Some(doc.catalog.clone()),
            next_mpr,
            next_forecast: Vec::new(),
        })
    }
}

/// The error for a year outside the chain's pricing period.
pub(crate) fn period_error(chain: &ChainResult, year: i32) -> Error {
    let first = chain.mpr.years.first().map_or(0, |m| m.year);
    let last = chain.mpr.years.last().map_or(0, |m| m.year);
    Error::out_of_range("year", year, format!("a year of the pricing period {first}..={last}"))
}

/// Actual volume and revenue aligned with `caps.lines` (zero where no line was given).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Actual {
    pub(crate) volume: Decimal,
    pub(crate) revenue: Decimal,
    pub(crate) given: bool,
}

/// Check the actual lines against the caps' pairs and align them with `caps.lines`.
pub(crate) fn align_actual(caps: &CapsYear, actual: &[ActualLine]) -> Result<Vec<Actual>> {
    if actual.len() > MAX_ACTUAL_LINES {
        return Err(Error::LimitExceeded { field: "actual".into(), value: actual.len().to_string(), max: MAX_ACTUAL_LINES.to_string() });
    }
    let mut out = vec![Actual::default(); caps.lines.len()];
    for (i, a) in actual.iter().enumerate() {
        let field = format!("actual[{i}]");
        let k = pair_index(caps, &a.product, &a.scenario, &field)?;
        a.volume.non_negative(&format!("{field}.volume"))?;
        a.revenue.non_negative(&format!("{field}.revenue"))?;
        let slot = out.get_mut(k).ok_or_else(|| Error::unknown(&field, format!("{}/{}", a.product, a.scenario)))?;
        if slot.given {
            return Err(Error::DuplicateId { field, value: format!("{}/{}", a.product, a.scenario) });
        }
        *slot = Actual { volume: a.volume.get(), revenue: a.revenue.get(), given: true };
    }
    Ok(out)
}

/// Forecast volumes for the next year aligned with `caps.lines`.
pub(crate) fn align_forecast(caps: &CapsYear, forecast: &[PairVolume]) -> Result<Vec<Decimal>> {
    if forecast.len() > MAX_ACTUAL_LINES {
        return Err(Error::LimitExceeded { field: "next_forecast".into(), value: forecast.len().to_string(), max: MAX_ACTUAL_LINES.to_string() });
    }
    let mut out: Vec<Option<Decimal>> = vec![None; caps.lines.len()];
    for (i, f) in forecast.iter().enumerate() {
        let field = format!("next_forecast[{i}]");
        let k = pair_index(caps, &f.product, &f.scenario, &field)?;
        f.volume.non_negative(&format!("{field}.volume"))?;
        match out.get_mut(k) {
            Some(slot @ None) => *slot = Some(f.volume.get()),
            _ => return Err(Error::DuplicateId { field, value: format!("{}/{}", f.product, f.scenario) }),
        }
    }
    Ok(out.into_iter().map(Option::unwrap_or_default).collect())
}

/// The index of (product, scenario) in `caps.lines`: [`Error::UnknownId`] on `.product` when
/// no line has the product, on `.scenario` when the product has no line in that scenario.
fn pair_index(caps: &CapsYear, product: &str, scenario: &str, field: &str) -> Result<usize> {
    if let Some(k) = caps.lines.iter().position(|l| l.product == product && l.scenario == scenario) {
        return Ok(k);
    }
    if caps.lines.iter().any(|l| l.product == product) {
        Err(Error::unknown(format!("{field}.scenario"), scenario))
    } else {
        Err(Error::unknown(format!("{field}.product"), product))
    }
}

impl ActualLine {
    /// The actual lines of a rating result: invoice lines summed per (product, scenario), in
    /// first-seen order; the volume is the billed quantity (a package's whole units), the one
    /// the cap guard of rating applies to. Free uses appear with zero revenue. When the tariff's prices include
    /// VAT, revenue is taken net of VAT (`amount / (1 + v)`, half-up to the rounding unit) so it
    /// is on the MPR's basis.
    pub fn from_rating(result: &crate::rating::RatingResult, tariff: &crate::rating::Tariff) -> Result<Vec<ActualLine>> {
        let mut order: Vec<(String, String)> = Vec::new();
        let mut sums: std::collections::HashMap<(String, String), (Decimal, Decimal)> = std::collections::HashMap::new();
        for inv in &result.invoices {
            for l in &inv.lines {
                let key = (l.product.clone(), l.scenario.clone());
                let e = sums.entry(key.clone()).or_insert_with(|| {
                    order.push(key);
                    Default::default()
                });
                // The billed quantity (whole packages) is what was sold and what the cap applies to.
                e.0 = crate::money::add(e.0, l.billed_quantity.unwrap_or(l.quantity).get(), "actual.volume")?;
                e.1 = crate::money::add(e.1, l.amount.get(), "actual.revenue")?;
            }
        }
        let vat = Decimal::ONE + tariff.vat_rate.get();
        order
            .into_iter()
            .map(|key| {
                let (q, a) = sums[&key];
                let revenue = if tariff.prices_include_vat { tariff.rounding.round(crate::money::div(a, vat, "actual.revenue")?)? } else { a };
                Ok(ActualLine { product: key.0, scenario: key.1, volume: Quantity::new(q), revenue: crate::money::cents_form(revenue) })
            })
            .collect()
    }
}
