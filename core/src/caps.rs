//! Upper fee standards (上限收费标准, caps) per product and scenario.
//!
//! Within the approved MPR the authorizing body (授权主体) sets a cap for each product in
//! each chargeable scenario, weighing each product's use of data, compute and storage,
//! staff input and sales volume:
//!
//! 1. the permitted cost allocated to each product ([`crate::costs`]) is shared among the
//!    product's scenarios by forecast volume;
//! 2. the chargeable revenue requirement (收费收入需求) is the MPR; under
//!    [`FreeCostRecovery::BudgetFunded`] the cost of free uses is taken out of it;
//! 3. it is spread over the chargeable (product, scenario) pairs in proportion to their
//!    allocated cost, or by explicit weights, exactly to the cent (largest remainder);
//! 4. `cap = requirement / forecast volume`, **rounded down** to the price unit (0.01 yuan,
//!    0.001 per call by default), so `Σ cap × forecast volume ≤ requirement ≤ MPR` always.
//!    The headroom (requirement − Σ cap × volume) is reported.
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
use crate::profile::{FreeCostRecovery, Policy};

/// A volume forecast for a (product, scenario), for one year or (without `year`) every year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairWeight {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// Non-negative weight.
    #[serde(with = "crate::money::dec")]
    pub weight: Decimal,
}

/// The cap of one (product, scenario) pair, or why it is free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    pub weight: Decimal,
    /// Revenue requirement assigned to the pair (zero for free pairs).
    pub requirement: Amount,
    /// The cap without VAT (absent for free pairs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<UnitPrice>,
    /// The cap as quoted (with VAT when the profile quotes with VAT).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_quoted: Option<UnitPrice>,
    /// cap × volume.
    pub revenue_at_cap: Amount,
    /// Working paper of the cap.
    pub explanation: Explanation,
}

/// The caps of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// requirement − Σ cap × volume (≥ 0).
    pub headroom: Amount,
    /// Every (product, scenario) pair in catalog order.
    pub lines: Vec<CapLine>,
    /// Working paper of the requirement.
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
        let field = format!("forecasts[{i}]");
        let product = catalog.product(&f.product).ok_or_else(|| Error::unknown(format!("{field}.product"), &f.product))?;
        if catalog.scenario(&f.scenario).is_none() {
            return Err(Error::unknown(format!("{field}.scenario"), &f.scenario));
        }
        if !product.scenarios.contains(&f.scenario) {
            return Err(Error::invalid(format!("{field}.scenario"), &f.scenario, format!("product {} is not offered in this scenario", f.product)));
        }
        f.volume.non_negative(&format!("{field}.volume"))?;
        let key = (f.product.clone(), f.scenario.clone());
        let map = match f.year {
            None => &mut general,
            Some(y) if y == year => &mut specific,
            Some(_) => continue,
        };
        if map.insert(key, f.volume.get()).is_some() {
            return Err(Error::DuplicateId { field: field.clone(), value: format!("{}/{}", f.product, f.scenario) });
        }
    }
    general.extend(specific);
    Ok(general)
}

/// Everything the caps of one year are computed from.
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

/// Compute the caps of one year.
pub fn caps_for_year(inp: &CapInputs) -> Result<CapsYear> {
    let CapInputs { catalog, policy, year, mpr, product_costs, forecasts, weights } = *inp;
    let vols = volumes_for_year(catalog, forecasts, year)?;
    let vol = |p: &str, s: &str| vols.get(&(p.to_string(), s.to_string())).copied().unwrap_or_default();

    // Explicit weights, validated.
    let mut explicit: HashMap<(&str, &str), Decimal> = HashMap::new();
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
        if explicit.insert((&w.product, &w.scenario), w.weight).is_some() {
            return Err(Error::DuplicateId { field, value: format!("{}/{}", w.product, w.scenario) });
        }
    }

    // 1. Allocate each product's cost to its scenarios by volume (equally when it has no volume).
    struct Pair<'c> {
        product: &'c crate::catalog::Product,
        scenario: &'c crate::catalog::Scenario,
        volume: Decimal,
        cost: Decimal,
    }
    let mut pairs = Vec::new();
    for product in &catalog.products {
        let cost = product_costs.get(&product.id).copied().unwrap_or_default();
        let total_vol = money::sum(product.scenarios.iter().map(|s| vol(&product.id, s)), "forecasts")?;
        let n = Decimal::from(product.scenarios.len().max(1));
        for sid in &product.scenarios {
            let scenario = catalog.scenario(sid).ok_or_else(|| Error::unknown(format!("products[{}].scenarios", product.id), sid))?;
            let v = vol(&product.id, sid);
            let share = if total_vol.is_zero() { Decimal::ONE / n } else { money::div(v, total_vol, "forecasts")? };
            pairs.push(Pair { product, scenario, volume: v, cost: money::mul(cost, share, "allocated_cost")? });
        }
    }

    // 2. Chargeable requirement.
    let rounding = policy.amount_rounding;
    let free_cost_exact = money::sum(pairs.iter().filter(|p| !p.scenario.category.is_chargeable()).map(|p| p.cost), "free_cost")?;
    let free_cost = rounding.round(free_cost_exact)?;
    let mpr_d = mpr.non_negative("mpr")?.get();
    let floor_cents = crate::money::Rounding::floor_to(rounding.unit);
    let requirement = match policy.free_cost_recovery {
        FreeCostRecovery::FromPaid => mpr_d,
        FreeCostRecovery::BudgetFunded => floor_cents.round((mpr_d - free_cost_exact).max(Decimal::ZERO))?,
    };
    let requirement = floor_cents.round(requirement)?;
    let e_req = Explanation::new(
        format!("caps.{year}.requirement"),
        format!("Chargeable revenue requirement {year} 收费收入需求"),
        match policy.free_cost_recovery {
            FreeCostRecovery::FromPaid => "RR = MPR (free uses' cost recovered from chargeable uses)",
            FreeCostRecovery::BudgetFunded => "RR = MPR − cost allocated to free uses (budget-funded)",
        },
    )
    .input("MPR", mpr)
    .input("cost of free uses", free_cost)
    .result(requirement);

    // 3. Spread over chargeable pairs.
    let chargeable: Vec<usize> = (0..pairs.len()).filter(|&i| pairs[i].scenario.category.is_chargeable()).collect();
    let mut ws = Vec::with_capacity(chargeable.len());
    for &i in &chargeable {
        let p = &pairs[i];
        if p.volume.is_zero() {
            return Err(Error::ZeroForecastVolume {
                field: format!("forecasts[{}/{}]", p.product.id, p.scenario.id),
                value: format!("{}/{}", p.product.id, p.scenario.id),
            });
        }
        let w = if explicit.is_empty() {
            p.cost
        } else {
            *explicit.get(&(p.product.id.as_str(), p.scenario.id.as_str())).ok_or_else(|| Error::Missing {
                field: "weights".into(),
                value: format!("a weight for {}/{} (explicit weights must cover every chargeable pair)", p.product.id, p.scenario.id),
            })?
        };
        ws.push(w);
    }
    let reqs = if chargeable.is_empty() || requirement.is_zero() {
        vec![Decimal::ZERO; chargeable.len()]
    } else {
        let keyed: Vec<(String, Decimal)> =
            chargeable.iter().zip(&ws).map(|(&i, w)| (format!("{}/{}", pairs[i].product.id, pairs[i].scenario.id), *w)).collect();
        if keyed.iter().all(|(_, w)| w.is_zero()) {
            return Err(Error::AllZeroWeights { field: if explicit.is_empty() { "costs".into() } else { "weights".into() }, value: keyed.len().to_string() });
        }
        crate::costs::allocate(Amount::new(requirement), &keyed)?.into_iter().map(|(_, a)| a.get()).collect()
    };

    // 4. Caps. (Σ weights once, for the working papers: summing it per pair made caps quadratic.)
    let wsum = money::sum(ws.iter().copied(), "weights")?;
    let vat = policy.vat_rate.get();
    let mut lines = Vec::with_capacity(pairs.len());
    let mut at_caps = Decimal::ZERO;
    let mut k = 0;
    for p in &pairs {
        let id = format!("cap.{year}.{}/{}", p.product.id, p.scenario.id);
        let title = format!("Cap {} / {} 上限收费标准", p.product.name, p.scenario.name);
        let allocated_cost = rounding.round(p.cost)?;
        if let Some(reason) = p.scenario.category.free_reason() {
            lines.push(CapLine {
                product: p.product.id.clone(),
                scenario: p.scenario.id.clone(),
                category: p.scenario.category,
                chargeable: false,
                free_reason: Some(reason.into()),
                volume: Quantity::new(p.volume),
                allocated_cost: Amount::new(allocated_cost),
                weight: Decimal::ZERO,
                requirement: money::cents_form(Decimal::ZERO),
                cap: None,
                cap_quoted: None,
                revenue_at_cap: money::cents_form(Decimal::ZERO),
                explanation: Explanation::new(id, title, "free use: no fee").input("category", p.scenario.category.name()).result("free").note(reason),
            });
            continue;
        }
        let rr = reqs[k];
        let w = ws[k];
        k += 1;
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
        if let Some(m) = p.scenario.cap_multiplier {
            cap = cap_rule.round(money::mul(cap, m.get(), "cap")?)?;
            e = e.input("scenario cap multiplier", m).note("prioritised scenario: cap scaled by its multiplier, then floored");
        }
        let revenue = money::mul(cap, p.volume, "revenue_at_cap")?;
        at_caps = money::add(at_caps, revenue, "revenue_at_caps")?;
        let quoted = if policy.prices_include_vat {
            let q = cap_rule.round(money::mul(cap, Decimal::ONE + vat, "cap")?)?;
            e = e.input("VAT rate (quoted with VAT)", vat).note(format!("quoted with VAT: floor(cap × (1 + v)) = {q}"));
            q
        } else {
            cap
        };
        let e = e.result(cap).rounding(cap_rule.describe());
        lines.push(CapLine {
            product: p.product.id.clone(),
            scenario: p.scenario.id.clone(),
            category: p.scenario.category,
            chargeable: true,
            free_reason: None,
            volume: Quantity::new(p.volume),
            allocated_cost: Amount::new(allocated_cost),
            weight: w,
            requirement: Amount::new(rr),
            cap: Some(UnitPrice::new(cap)),
            cap_quoted: Some(UnitPrice::new(quoted)),
            revenue_at_cap: money::cents_form(revenue),
            explanation: e,
        });
    }
    let headroom = requirement - at_caps;
    let e_req = e_req.note(format!("Σ cap × volume = {}; headroom = {}", money::cents_form(at_caps), money::cents_form(headroom)));
    Ok(CapsYear {
        year,
        mpr,
        free_cost: Amount::new(free_cost),
        requirement: Amount::new(requirement),
        revenue_at_caps: money::cents_form(at_caps),
        headroom: money::cents_form(headroom),
        lines,
        explanation: e_req,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn catalog() -> Catalog {
        crate::doc::from_json(
            r#"{"scenarios": [{"id":"ind","name":"Industry","category":"industry_development"},
                          {"id":"gov","name":"Governance","category":"public_governance"}],
            "products": [{"id":"a","name":"A","service_form":"api","charging_form":"per_call","scenarios":["ind","gov"]},
                         {"id":"b","name":"B","service_form":"report","charging_form":"per_item","scenarios":["ind"]}]}"#,
        )
        .unwrap()
    }

    fn fc(p: &str, s: &str, v: &str) -> Forecast {
        Forecast { product: p.into(), scenario: s.into(), year: None, volume: Quantity::new(d(v)) }
    }

    #[test]
    fn caps_floor_and_stay_within_requirement() {
        let c = catalog();
        let costs: HashMap<String, Decimal> = [("a".to_string(), d("600")), ("b".to_string(), d("300"))].into();
        let f = [fc("a", "ind", "3000"), fc("a", "gov", "1000"), fc("b", "ind", "7")];
        let p = Policy::national();
        let y =
            caps_for_year(&CapInputs { catalog: &c, policy: &p, year: 2026, mpr: Amount::new(d("1000")), product_costs: &costs, forecasts: &f, weights: &[] })
                .unwrap();
        // a/ind carries 450 of cost, b/ind 300: RR_a = 1000 × 450/750 = 600, RR_b = 400
        let a = y.line("a", "ind").unwrap();
        assert_eq!(a.requirement.get(), d("600.00"));
        assert_eq!(a.cap.unwrap().get(), d("0.200")); // per call: 0.001 unit
        let b = y.line("b", "ind").unwrap();
        assert_eq!(b.cap.unwrap().get(), d("57.14")); // floor(400 / 7, 0.01)
        assert!(y.revenue_at_caps.get() <= y.requirement.get());
        assert_eq!(y.headroom.get(), d("1000") - d("600") - d("399.98"));
        assert!(!y.line("a", "gov").unwrap().chargeable);
    }

    #[test]
    fn budget_funded_free_costs_and_errors() {
        let c = catalog();
        let costs: HashMap<String, Decimal> = [("a".to_string(), d("600")), ("b".to_string(), d("300"))].into();
        let f = [fc("a", "ind", "3000"), fc("a", "gov", "1000"), fc("b", "ind", "7")];
        let mut p = Policy::national();
        p.free_cost_recovery = FreeCostRecovery::BudgetFunded;
        let inp = CapInputs { catalog: &c, policy: &p, year: 2026, mpr: Amount::new(d("1000")), product_costs: &costs, forecasts: &f, weights: &[] };
        let y = caps_for_year(&inp).unwrap();
        assert_eq!(y.free_cost.get(), d("150.00"));
        assert_eq!(y.requirement.get(), d("850.00"));
        let f0 = [fc("a", "ind", "0"), fc("b", "ind", "7")];
        let e = caps_for_year(&CapInputs { forecasts: &f0, ..inp }).unwrap_err();
        assert_eq!(e.code(), "zero_forecast_volume");
        let w = [PairWeight { product: "a".into(), scenario: "gov".into(), weight: d("1") }];
        let e = caps_for_year(&CapInputs { weights: &w, ..inp }).unwrap_err();
        assert_eq!((e.code(), e.field()), ("free_scenario_charged", "weights[0]"));
        let w = [PairWeight { product: "a".into(), scenario: "ind".into(), weight: d("1") }];
        assert_eq!(caps_for_year(&CapInputs { weights: &w, ..inp }).unwrap_err().code(), "missing");
    }
}
