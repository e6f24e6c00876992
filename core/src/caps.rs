//! Upper fee standards (上限收费标准, caps) per product and scenario.
//!
//! Within the approved MPR the authorizing body (授权主体) sets a cap for each product in
//! each chargeable scenario, weighing each product's use of data, compute and storage,
//! staff input and sales volume:
//!
//! 1. the permitted cost allocated to each product ([`crate::costs`]) is shared among the
//!    product's uses by forecast volume, or by the document's explicit keys
//!    ([`crate::scope`]);
//! 2. the chargeable revenue requirement (收费收入需求) is the MPR, which under the default
//!    [`FreeCostRecovery::ChargeableOnly`] already carries chargeable use only (under the
//!    cross-subsidy option `from_paid` it carries every cost; under the legacy `budget_funded`
//!    the free uses' cost is taken out of it here);
//! 3. it is spread over the chargeable (product, scenario) pairs in proportion to their
//!    allocated cost, or by explicit weights, exactly to the cent (largest remainder);
//! 4. `cap = requirement / forecast volume`, **rounded down** to the price unit (0.01 yuan,
//!    0.001 per call by default), so `Σ cap × forecast volume ≤ requirement ≤ MPR` always.
//!    The headroom (requirement − Σ cap × volume) is reported.
//!
//! **Caps for the period (the default, [`CapBasis::Period`]).** Caps are levelled over the
//! pricing period: steps 1-4 run once on the sums over the period's years (Σ MPR_t as the
//! requirement, Σ cost_t as the weights, Σ volume_t as the volume), so each use has one cap for
//! the whole period and `Σ_t cap × volume_t ≤ Σ_t MPR_t`. A single year's revenue at the caps
//! may then exceed that year's MPR (its headroom is negative) while the period's cannot. With
//! [`CapBasis::PerYear`] the steps run on each year alone, as the caps of the first version did.
//!
//! A prioritised scenario's `cap_multiplier` scales its cap (then floors again). Where the
//! profile quotes prices with VAT, the quoted cap is `floor(cap × (1 + VAT))`; the invariant
//! holds on the cap without VAT.
//!
//! Free uses (public governance 公共治理, public welfare 公益事业) get no cap: they are free.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Category, ChargingForm};
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Quantity, UnitPrice};
use crate::profile::{CapBasis, FreeCostRecovery, Policy};
use crate::scope::UseCost;

/// A volume forecast for a (product, scenario), for one year or (without `year`) every year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Forecast {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The year it applies to; absent: every year of the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Forecast volume in the product's unit.
    pub volume: Quantity,
}

/// An explicit spreading weight for a chargeable (product, scenario).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PairWeight {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// Non-negative weight.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub weight: Decimal,
}

/// The cap of one (product, scenario) pair, or why it is free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CapLine {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The scenario's category.
    pub category: Category,
    /// Whether uses are chargeable.
    pub chargeable: bool,
    /// Why the use is free, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_reason: Option<String>,
    /// Forecast volume.
    pub volume: Quantity,
    /// Permitted cost allocated to the pair (to the cent, for display).
    pub allocated_cost: Amount,
    /// Spreading weight (allocated cost or explicit); zero for free pairs.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub weight: Decimal,
    /// Revenue requirement assigned to the pair (zero for free pairs): for the year, or under
    /// [`CapBasis::Period`] for the whole period.
    pub requirement: Amount,
    /// The cap without VAT (absent for free pairs); under [`CapBasis::Period`] the same in every year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<UnitPrice>,
    /// The cap as quoted (with VAT when the profile quotes with VAT).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_quoted: Option<UnitPrice>,
    /// cap × volume.
    pub revenue_at_cap: Amount,
    /// Working paper of the cap.
    #[cfg_attr(not(feature = "schema"), serde(skip_serializing_if = "crate::explain::left_out_of_figures"))]
    pub explanation: Explanation,
}

/// The caps of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CapsYear {
    /// The year.
    pub year: i32,
    /// The year's MPR.
    pub mpr: Amount,
    /// Cost allocated to free uses.
    pub free_cost: Amount,
    /// Chargeable revenue requirement spread over the caps.
    pub requirement: Amount,
    /// Σ cap × volume over chargeable pairs.
    pub revenue_at_caps: Amount,
    /// requirement − Σ cap × volume: ≥ 0 with per-year caps; under levelled caps a year may be
    /// negative, the period's headroom ([`CapsPeriod::headroom`]) never is.
    pub headroom: Amount,
    /// Every (product, scenario) pair in catalog order.
    pub lines: Vec<CapLine>,
    /// Working paper of the requirement.
    #[cfg_attr(not(feature = "schema"), serde(skip_serializing_if = "crate::explain::left_out_of_figures"))]
    pub explanation: Explanation,
}

impl CapsYear {
    /// The line of a (product, scenario).
    pub fn line(&self, product: &str, scenario: &str) -> Option<&CapLine> {
        self.lines.iter().find(|l| l.product == product && l.scenario == scenario)
    }
}

/// Forecast volumes per (product, scenario) for a year: year-specific entries override general ones.
pub fn volumes_for_year(catalog: &Catalog, forecasts: &[Forecast], year: i32) -> Result<HashMap<(String, String), Decimal>> {
    let mut general = HashMap::new();
    let mut specific = HashMap::new();
    for (i, f) in forecasts.iter().enumerate() {
        // The field is written only for an error (every forecast, every year).
        let field = || format!("forecasts[{i}]");
        let product = catalog.product(&f.product).ok_or_else(|| Error::unknown(format!("{}.product", field()), &f.product))?;
        if catalog.scenario(&f.scenario).is_none() {
            return Err(Error::unknown(format!("{}.scenario", field()), &f.scenario));
        }
        if !product.scenarios.contains(&f.scenario) {
            return Err(Error::invalid(format!("{}.scenario", field()), &f.scenario, format!("product {} is not offered in this scenario", f.product)));
        }
        if f.volume.is_negative() {
            f.volume.non_negative(&format!("{}.volume", field()))?;
        }
        let map = match f.year {
            None => &mut general,
            Some(y) if y == year => &mut specific,
            Some(_) => continue,
        };
        insert_once(map, i, f)?;
    }
    general.extend(specific);
    Ok(general)
}

/// Put forecast `i`'s volume under its pair in `map`, refusing a pair `map` already has.
fn insert_once(map: &mut HashMap<(String, String), Decimal>, i: usize, f: &Forecast) -> Result<()> {
    if map.insert((f.product.clone(), f.scenario.clone()), f.volume.get()).is_some() {
        return Err(Error::DuplicateId { field: format!("forecasts[{i}]"), value: format!("{}/{}", f.product, f.scenario) });
    }
    Ok(())
}

/// The forecast volumes of each year of one run (预测业务量, [`volumes_for_year`] year after
/// year): the first year's call checks every forecast against the catalog (the same first
/// error as [`volumes_for_year`]) and keeps the volumes without a year; each later year then
/// reads only its own entries (their repeats are that year's first error, as before) instead
/// of checking and hashing every forecast again. Work per later year: one pass over the
/// forecasts and a copy of the general volumes.
pub struct VolumesByYear<'a> {
    catalog: &'a Catalog,
    forecasts: &'a [Forecast],
    /// The volumes without a year, once the first year's call has checked every forecast.
    general: Option<HashMap<(String, String), Decimal>>,
}

impl<'a> VolumesByYear<'a> {
    /// The forecasts of a run, not yet checked.
    pub fn new(catalog: &'a Catalog, forecasts: &'a [Forecast]) -> Self {
        VolumesByYear { catalog, forecasts, general: None }
    }

    /// The volumes of `year`: exactly [`volumes_for_year`]'s result and first error.
    pub fn for_year(&mut self, year: i32) -> Result<HashMap<(String, String), Decimal>> {
        let Some(general) = &self.general else {
            let volumes = volumes_for_year(self.catalog, self.forecasts, year)?;
            // Every forecast passed its checks and the general ones repeat no pair.
            self.general =
                Some(self.forecasts.iter().filter(|f| f.year.is_none()).map(|f| ((f.product.clone(), f.scenario.clone()), f.volume.get())).collect());
            return Ok(volumes);
        };
        let mut specific = HashMap::new();
        for (i, f) in self.forecasts.iter().enumerate() {
            if f.year == Some(year) {
                insert_once(&mut specific, i, f)?;
            }
        }
        let mut volumes = general.clone();
        volumes.extend(specific);
        Ok(volumes)
    }
}

/// The caps of the whole period: the basis applied and the period's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CapsPeriod {
    /// Levelled over the period or per year.
    pub basis: CapBasis,
    /// The first and last year.
    pub years: (i32, i32),
    /// Σ over the years of the chargeable requirement.
    pub requirement: Amount,
    /// Σ over the years of Σ cap × volume.
    pub revenue_at_caps: Amount,
    /// requirement − revenue at caps (≥ 0 under both bases).
    pub headroom: Amount,
    /// Working paper.
    #[cfg_attr(not(feature = "schema"), serde(skip_serializing_if = "crate::explain::left_out_of_figures"))]
    pub explanation: Explanation,
}

/// Everything the caps of one year are computed from (per-year caps, volume keys).
pub struct CapInputs<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// The profile.
    pub policy: &'a Policy,
    /// The year.
    pub year: i32,
    /// The year's MPR.
    pub mpr: Amount,
    /// Permitted cost allocated to each product (direct + shared pools).
    pub product_costs: &'a HashMap<String, Decimal>,
    /// Volume forecasts.
    pub forecasts: &'a [Forecast],
    /// Explicit weights (empty: spread by allocated cost).
    pub weights: &'a [PairWeight],
}

/// Compute the caps of one year on its own ([`CapBasis::PerYear`]), each product's cost split
/// over its uses by forecast volume.
pub fn caps_for_year(inp: &CapInputs) -> Result<CapsYear> {
    let vols = volumes_for_year(inp.catalog, inp.forecasts, inp.year)?;
    let uses = crate::scope::use_costs(inp.catalog, inp.product_costs, &vols, &[], inp.year)?;
    let years = [YearUses { year: inp.year, mpr: inp.mpr, uses: &uses }];
    let (mut caps, _) = caps_for_years(inp.catalog, inp.policy, &years, inp.weights, CapBasis::PerYear)?;
    caps.pop().ok_or_else(|| Error::Empty { field: "years".into(), value: "[]".into() })
}

/// One year's input to [`caps_for_years`]: its MPR and the cost of each use.
pub struct YearUses<'a> {
    /// The year.
    pub year: i32,
    /// The year's MPR.
    pub mpr: Amount,
    /// Every (product, scenario) use in catalog order with its exact cost and volume
    /// ([`crate::scope::use_costs`]).
    pub uses: &'a [UseCost],
}

/// The error of a chargeable (product, scenario) whose forecast volume is zero (in a year, or
/// over the period when the caps are levelled): the caps' and the scenario validation's.
pub(crate) fn zero_volume(product: &str, scenario: &str) -> Error {
    Error::ZeroForecastVolume { field: format!("forecasts[{product}/{scenario}]"), value: format!("{product}/{scenario}") }
}

/// The error of a chargeable (product, scenario) that explicit weights leave out.
pub(crate) fn missing_weight(product: &str, scenario: &str) -> Error {
    Error::Missing { field: "weights".into(), value: format!("a weight for {product}/{scenario} (explicit weights must cover every chargeable pair)") }
}

/// Explicit weights, validated, by (product, scenario).
pub(crate) fn explicit_weights<'w>(catalog: &Catalog, weights: &'w [PairWeight]) -> Result<HashMap<(&'w str, &'w str), Decimal>> {
    let mut explicit = HashMap::new();
    for (i, w) in weights.iter().enumerate() {
        let field = format!("weights[{i}]");
        let scenario = catalog.scenario(&w.scenario).ok_or_else(|| Error::unknown(format!("{field}.scenario"), &w.scenario))?;
        if !catalog.offers(&w.product, &w.scenario) {
            return Err(Error::unknown(format!("{field}.product"), format!("{}/{}", w.product, w.scenario)));
        }
        if !scenario.category.is_chargeable() {
            return Err(Error::FreeScenarioCharged { field, value: format!("{}/{}", w.product, w.scenario) });
        }
        if w.weight < Decimal::ZERO {
            return Err(Error::out_of_range(format!("{field}.weight"), w.weight, ">= 0"));
        }
        if explicit.insert((w.product.as_str(), w.scenario.as_str()), w.weight).is_some() {
            return Err(Error::DuplicateId { field, value: format!("{}/{}", w.product, w.scenario) });
        }
    }
    Ok(explicit)
}

/// The chargeable requirement of one year (step 2), exact and floored to the amount unit.
fn year_requirement(policy: &Policy, year: i32, mpr: Amount, free_cost_exact: Decimal) -> Result<(Decimal, Explanation)> {
    let rounding = policy.amount_rounding;
    let mpr_d = mpr.non_negative("mpr")?.get();
    let floor_cents = crate::money::Rounding::floor_to(rounding.unit);
    // The free uses' cost is taken out as the amount shown beside it (rounded to the amount
    // unit), not as its 28-digit sum: the uses' costs are `cost × key` with keys such as
    // 3/1008050 rounded to 28 digits, so free uses making up a whole product cost can sum to a
    // hair above it, and flooring `MPR − sum` then lost a cent (audit 18: 66943.75 − 65252.67
    // gave 1691.07).
    let free_cost = rounding.round(free_cost_exact)?;
    let requirement = match policy.free_cost_recovery {
        FreeCostRecovery::ChargeableOnly | FreeCostRecovery::FromPaid => mpr_d,
        FreeCostRecovery::BudgetFunded => money::sub(mpr_d, free_cost, "requirement")?.max(Decimal::ZERO),
    };
    let requirement = floor_cents.round(requirement)?;
    let e = Explanation::deferred(
        || (format!("caps.{year}.requirement"), format!("Chargeable revenue requirement {year} 收费收入需求")),
        match policy.free_cost_recovery {
            FreeCostRecovery::ChargeableOnly => "RR = MPR (the MPR carries chargeable use only; free uses' cost is not in it)",
            FreeCostRecovery::FromPaid => "RR = MPR (CROSS-SUBSIDY: free uses' cost recovered from chargeable uses, profile free_cost_recovery = from_paid)",
            FreeCostRecovery::BudgetFunded => "RR = MPR − cost allocated to free uses, rounded to the amount unit (legacy budget_funded)",
        },
    )
    .input("MPR", mpr)
    .input("cost of free uses", free_cost)
    .result(requirement);
    Ok((requirement, e))
}

/// One use summed over the years its cap is computed on.
struct Span<'c> {
    product: &'c crate::catalog::Product,
    scenario: &'c crate::catalog::Scenario,
    volume: Decimal,
    cost: Decimal,
}

/// What steps 3-4 give one chargeable use.
struct CapOf {
    requirement: Decimal,
    weight: Decimal,
    cap: Decimal,
    quoted: Decimal,
    explanation: Explanation,
}

/// Steps 3-4 on the uses summed over `years`: spread the requirement and floor the caps.
#[allow(clippy::too_many_arguments)]
fn spread_and_floor(
    policy: &Policy,
    spans: &[Span],
    explicit: &HashMap<(&str, &str), Decimal>,
    requirement: Decimal,
    label: &str,
    levelled: bool,
) -> Result<Vec<Option<CapOf>>> {
    let chargeable: Vec<usize> = (0..spans.len()).filter(|&i| spans[i].scenario.category.is_chargeable()).collect();
    let mut ws = Vec::with_capacity(chargeable.len());
    for &i in &chargeable {
        let p = &spans[i];
        if p.volume.is_zero() {
            return Err(zero_volume(&p.product.id, &p.scenario.id));
        }
        let w = if explicit.is_empty() {
            p.cost
        } else {
            *explicit.get(&(p.product.id.as_str(), p.scenario.id.as_str())).ok_or_else(|| missing_weight(&p.product.id, &p.scenario.id))?
        };
        ws.push(w);
    }
    let reqs = if chargeable.is_empty() || requirement.is_zero() {
        vec![Decimal::ZERO; chargeable.len()]
    } else {
        let keyed: Vec<(String, Decimal)> =
            chargeable.iter().zip(&ws).map(|(&i, w)| (format!("{}/{}", spans[i].product.id, spans[i].scenario.id), *w)).collect();
        if keyed.iter().all(|(_, w)| w.is_zero()) {
            return Err(Error::AllZeroWeights { field: if explicit.is_empty() { "costs".into() } else { "weights".into() }, value: keyed.len().to_string() });
        }
        crate::costs::allocate(Amount::new(requirement), &keyed)?.into_iter().map(|(_, a)| a.get()).collect()
    };
    // Σ weights once, for the working papers (summing it per pair made caps quadratic).
    let wsum = money::sum(ws.iter().copied(), "weights")?;
    let vat = policy.vat_rate.get();
    let mut out: Vec<Option<CapOf>> = (0..spans.len()).map(|_| None).collect();
    for (k, &i) in chargeable.iter().enumerate() {
        let p = &spans[i];
        let (rr, w) = (reqs[k], ws[k]);
        // Paper text only when papers are written (the recompute runs without them).
        let (id, title) = if crate::explain::papers_wanted() {
            (format!("cap.{label}.{}/{}", p.product.id, p.scenario.id), format!("Cap {} / {} 上限收费标准", p.product.name, p.scenario.name))
        } else {
            (String::new(), String::new())
        };
        let cap_rule = policy.cap_rounding(p.product.charging_form == ChargingForm::PerCall);
        let exact = money::div(rr, p.volume, "cap")?;
        let mut cap = cap_rule.round(exact)?;
        // Guard against a division rounded up at the 28th digit landing on a unit boundary.
        if money::mul(cap, p.volume, "cap")? > rr {
            cap -= cap_rule.unit;
        }
        let mut e = Explanation::new(id, title, "cap = floor(RR_p / volume, price unit); RR_p = RR × weight / Σ weights (largest remainder to the cent)")
            .input("RR (chargeable requirement)", requirement)
            .input(if explicit.is_empty() { "weight (allocated cost)" } else { "weight (explicit)" }, w)
            .input("Σ weights", wsum)
            .input("RR_p", rr)
            .input("forecast volume", p.volume)
            .input("RR_p / volume (exact)", exact);
        if levelled {
            e = e.note_with(|| format!("levelled over the pricing period {label} (cap_basis = period): RR, weights and volume are sums over its years"));
        }
        if let Some(m) = p.scenario.cap_multiplier {
            cap = cap_rule.round(money::mul(cap, m.get(), "cap")?)?;
            e = e.input("scenario cap multiplier", m).note("prioritised scenario: cap scaled by its multiplier, then floored");
        }
        let quoted = if policy.prices_include_vat {
            let q = cap_rule.round(money::mul(cap, Decimal::ONE + vat, "cap")?)?;
            e = e.input("VAT rate (quoted with VAT)", vat).note_with(|| format!("quoted with VAT: floor(cap × (1 + v)) = {q}"));
            q
        } else {
            cap
        };
        let e = e.result(cap).rounding(crate::explain::text(|| cap_rule.describe()));
        out[i] = Some(CapOf { requirement: rr, weight: w, cap, quoted, explanation: e });
    }
    Ok(out)
}

/// Compute the caps of every year of a period, levelled over the period or per year.
///
/// Each year's `uses` must list the same (product, scenario) pairs in the same order (as
/// [`crate::scope::use_costs`] gives them for one catalog). Returns the caps of each year and
/// the period's totals.
pub fn caps_for_years(catalog: &Catalog, policy: &Policy, years: &[YearUses], weights: &[PairWeight], basis: CapBasis) -> Result<(Vec<CapsYear>, CapsPeriod)> {
    let first = years.first().ok_or_else(|| Error::Empty { field: "years".into(), value: "[]".into() })?;
    let last = years.last().map_or(first.year, |y| y.year);
    let explicit = explicit_weights(catalog, weights)?;
    let products: HashMap<&str, &crate::catalog::Product> = catalog.products.iter().map(|p| (p.id.as_str(), p)).collect();
    let scenarios: HashMap<&str, &crate::catalog::Scenario> = catalog.scenarios.iter().map(|s| (s.id.as_str(), s)).collect();
    let n = first.uses.len();
    for (i, y) in years.iter().enumerate() {
        if y.uses.len() != n {
            return Err(Error::invalid(format!("years[{i}].uses"), y.uses.len(), "every year must list the same uses"));
        }
    }
    let span_of = |ys: &[YearUses]| -> Result<Vec<Span>> {
        let mut spans = Vec::with_capacity(n);
        for (j, u) in ys[0].uses.iter().enumerate() {
            let product = *products.get(u.product.as_str()).ok_or_else(|| Error::unknown("uses.product", &u.product))?;
            let scenario = *scenarios.get(u.scenario.as_str()).ok_or_else(|| Error::unknown(format!("products[{}].scenarios", u.product), &u.scenario))?;
            let mut volume = Decimal::ZERO;
            let mut cost = Decimal::ZERO;
            for y in ys {
                let v = &y.uses[j];
                if v.product != u.product || v.scenario != u.scenario {
                    return Err(Error::invalid("uses", format!("{}/{}", v.product, v.scenario), "every year must list the same uses in the same order"));
                }
                volume = money::add(volume, v.volume, "forecasts")?;
                cost = money::add(cost, v.cost, "allocated_cost")?;
            }
            spans.push(Span { product, scenario, volume, cost });
        }
        Ok(spans)
    };
    // Step 2 per year.
    let mut reqs = Vec::with_capacity(years.len());
    for y in years {
        let free_exact = money::sum(y.uses.iter().filter(|u| !u.category.is_chargeable()).map(|u| u.cost), "free_cost")?;
        let (rr, e) = year_requirement(policy, y.year, y.mpr, free_exact)?;
        reqs.push((rr, e, free_exact));
    }
    // Steps 3-4 on the period's sums, or on each year.
    let per_year_caps: Vec<Vec<Option<CapOf>>> = match basis {
        CapBasis::Period => {
            let total_rr = money::sum(reqs.iter().map(|r| r.0), "requirement")?;
            let spans = span_of(years)?;
            // The period's label appears in paper text only.
            let label = crate::explain::text(|| if first.year == last { first.year.to_string() } else { format!("{}-{}", first.year, last) });
            let caps = spread_and_floor(policy, &spans, &explicit, total_rr, &label, years.len() > 1)?;
            // The same caps in every year (the explanation is shared).
            let mut all = Vec::with_capacity(years.len());
            for _ in 1..years.len() {
                all.push(
                    caps.iter()
                        .map(|c| {
                            c.as_ref().map(|c| CapOf {
                                requirement: c.requirement,
                                weight: c.weight,
                                cap: c.cap,
                                quoted: c.quoted,
                                explanation: c.explanation.clone(),
                            })
                        })
                        .collect(),
                );
            }
            all.insert(0, caps);
            all
        }
        CapBasis::PerYear => {
            let mut all = Vec::with_capacity(years.len());
            for (k, y) in years.iter().enumerate() {
                let spans = span_of(std::slice::from_ref(y))?;
                all.push(spread_and_floor(policy, &spans, &explicit, reqs[k].0, &crate::explain::text(|| y.year.to_string()), false)?);
            }
            all
        }
    };
    // Assemble each year.
    let rounding = policy.amount_rounding;
    let mut out = Vec::with_capacity(years.len());
    let mut period_rr = Decimal::ZERO;
    let mut period_at = Decimal::ZERO;
    for ((y, (rr, e_req, free_exact)), caps) in years.iter().zip(reqs).zip(per_year_caps) {
        let mut lines = Vec::with_capacity(n);
        let mut at_caps = Decimal::ZERO;
        for (u, c) in y.uses.iter().zip(caps) {
            let product = *products.get(u.product.as_str()).ok_or_else(|| Error::unknown("uses.product", &u.product))?;
            let scenario = *scenarios.get(u.scenario.as_str()).ok_or_else(|| Error::unknown("uses.scenario", &u.scenario))?;
            let allocated_cost = Amount::new(rounding.round(u.cost)?);
            match c {
                None => {
                    let reason = scenario.category.free_reason().unwrap_or("free use");
                    let (id, title) = if crate::explain::papers_wanted() {
                        (format!("cap.{}.{}/{}", y.year, product.id, scenario.id), format!("Cap {} / {} 上限收费标准", product.name, scenario.name))
                    } else {
                        (String::new(), String::new())
                    };
                    lines.push(CapLine {
                        product: product.id.clone(),
                        scenario: scenario.id.clone(),
                        category: scenario.category,
                        chargeable: false,
                        free_reason: Some(reason.into()),
                        volume: Quantity::new(u.volume),
                        allocated_cost,
                        weight: Decimal::ZERO,
                        requirement: money::cents_form(Decimal::ZERO),
                        cap: None,
                        cap_quoted: None,
                        revenue_at_cap: money::cents_form(Decimal::ZERO),
                        explanation: Explanation::new(id, title, "free use: no fee").input("category", scenario.category.name()).result("free").note(reason),
                    });
                }
                Some(c) => {
                    let revenue = money::mul(c.cap, u.volume, "revenue_at_cap")?;
                    at_caps = money::add(at_caps, revenue, "revenue_at_caps")?;
                    let mut explanation = c.explanation;
                    if crate::explain::papers_wanted() {
                        explanation.id = format!("cap.{}.{}/{}", y.year, product.id, scenario.id);
                    }
                    lines.push(CapLine {
                        product: product.id.clone(),
                        scenario: scenario.id.clone(),
                        category: scenario.category,
                        chargeable: true,
                        free_reason: None,
                        volume: Quantity::new(u.volume),
                        allocated_cost,
                        weight: c.weight,
                        requirement: Amount::new(c.requirement),
                        cap: Some(UnitPrice::new(c.cap)),
                        cap_quoted: Some(UnitPrice::new(c.quoted)),
                        revenue_at_cap: money::cents_form(revenue),
                        explanation,
                    });
                }
            }
        }
        let headroom = rr - at_caps;
        period_rr = money::add(period_rr, rr, "requirement")?;
        period_at = money::add(period_at, at_caps, "revenue_at_caps")?;
        let e_req = e_req.note_with(|| format!("Σ cap × volume = {}; headroom = {}", money::cents_form(at_caps), money::cents_form(headroom)));
        out.push(CapsYear {
            year: y.year,
            mpr: y.mpr,
            free_cost: Amount::new(rounding.round(free_exact)?),
            requirement: Amount::new(rr),
            revenue_at_caps: money::cents_form(at_caps),
            headroom: money::cents_form(headroom),
            lines,
            explanation: e_req,
        });
    }
    let headroom = period_rr - period_at;
    let explanation = Explanation::new(
        "caps.period",
        crate::explain::text(|| format!("Caps over the period {}-{} 上限收费标准(监管周期)", first.year, last)),
        match basis {
            CapBasis::Period => "one cap per use for the period: cap = floor(RR_u / Σ_t volume_t); Σ_t Σ cap × volume_t ≤ Σ_t RR_t",
            CapBasis::PerYear => "caps recomputed every year from that year's MPR (cap_basis = per_year)",
        },
    )
    .input("Σ requirement", money::cents_form(period_rr))
    .input("Σ revenue at caps", money::cents_form(period_at))
    .result(money::cents_form(headroom));
    Ok((
        out,
        CapsPeriod {
            basis,
            years: (first.year, last),
            requirement: money::cents_form(period_rr),
            revenue_at_caps: money::cents_form(period_at),
            headroom: money::cents_form(headroom),
            explanation,
        },
    ))
}

#[cfg(test)]
mod tests;
