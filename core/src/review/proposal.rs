//! Proposed caps for the next period (调整上限收费标准建议), when revenue strays from the MPR
//! beyond the profile's review threshold.
//!
//! # The rule
//!
//! Let `F_p` be the volume expected next year for each chargeable pair (the `next_forecast`
//! when given, else the actual volume of the year reviewed) and `T` the target: the next
//! year's MPR when given, else the current MPR (under a budget-funded profile, less the cost
//! of free uses of the year reviewed), floored to the amount unit. Then
//!
//! ```text
//! k = T / Σ cap_p × F_p          proposed_p = floor(cap_p × k, price unit of p)
//! ```
//!
//! Every cap is scaled by the same factor (so a prioritised scenario keeps its discount), and
//! because each is floored, `Σ proposed_p × F_p ≤ k × Σ cap_p × F_p = T ≤ MPR`. The
//! denominator uses the same volumes as the check, not the forecast the current caps came
//! from, which is what makes the bound hold. When `Σ cap_p × F_p` is zero (no volume at all)
//! nothing can be scaled: the current caps are proposed unchanged and the sum is zero.

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::caps::CapsYear;
use crate::catalog::{Catalog, ChargingForm};
use crate::error::Result;
use crate::explain::Explanation;
use crate::money::{self, cents_form, Amount, Quantity, Rounding, UnitPrice};
use crate::profile::{FreeCostRecovery, Policy};

use super::lines::ReviewLine;

/// Which MPR the proposed caps are scaled to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetBasis {
    /// The next year's MPR, as given.
    NextMpr,
    /// The MPR of the year reviewed (no next MPR given).
    CurrentMpr,
}

/// Which volumes the proposed caps are scaled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum VolumeBasis {
    /// The forecast for the next year, as given.
    NextForecast,
    /// The actual volumes of the year reviewed.
    Actual,
}

/// The proposed cap of one chargeable pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProposedCap {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The current cap without VAT.
    pub current_cap: UnitPrice,
    /// The volume the proposal is scaled with.
    pub volume: Quantity,
    /// The proposed cap without VAT.
    pub proposed_cap: UnitPrice,
    /// The proposed cap as quoted (with VAT when the profile quotes with VAT).
    pub proposed_quoted: UnitPrice,
    /// `proposed_cap × volume`.
    pub revenue_at_proposed: Amount,
    /// The working paper.
    pub explanation: Explanation,
}

/// New caps proposed for the next period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CapProposal {
    /// Next MPR or current MPR.
    pub target_basis: TargetBasis,
    /// Next forecast or actual volumes.
    pub volume_basis: VolumeBasis,
    /// The MPR scaled to.
    pub mpr: Amount,
    /// The chargeable requirement the caps must stay within (`T`).
    pub target: Amount,
    /// `Σ current cap × volume` over chargeable pairs.
    pub revenue_at_current_caps: Amount,
    /// The scale factor `k = T / Σ cap × volume` (exact); absent when that sum is zero.
    #[serde(default, with = "crate::money::dec_opt", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub factor: Option<Decimal>,
    /// One line per chargeable pair, in caps order.
    pub lines: Vec<ProposedCap>,
    /// `Σ proposed cap × volume` (≤ `target`).
    pub revenue_at_proposed_caps: Amount,
    /// `target − revenue_at_proposed_caps` (≥ 0).
    pub headroom: Amount,
    /// The working paper of the factor.
    pub explanation: Explanation,
}

/// What the proposal is computed from.
pub(crate) struct ProposalInputs<'a> {
    pub(crate) year: i32,
    pub(crate) caps: &'a CapsYear,
    pub(crate) lines: &'a [ReviewLine],
    pub(crate) mpr: Amount,
    pub(crate) next_mpr: Option<Amount>,
    /// Next-year volumes aligned with the lines, when a forecast was given.
    pub(crate) next_volumes: Option<Vec<Decimal>>,
    pub(crate) policy: &'a Policy,
    pub(crate) catalog: Option<&'a Catalog>,
}

/// Show a price with the digits of its unit (`2` as `2.00` for a 0.01 unit).
fn at_unit_scale(p: &mut Decimal, rule: &Rounding) {
    let scale = rule.unit.normalize().scale();
    if p.scale() < scale {
        p.rescale(scale);
    }
}

/// Scale the caps to the target (see the module doc).
pub(crate) fn propose(inp: &ProposalInputs) -> Result<CapProposal> {
    let ProposalInputs { year, caps, lines, mpr, next_mpr, policy, catalog, .. } = *inp;
    let (scale_mpr, target_basis) = match next_mpr {
        Some(n) => (n, TargetBasis::NextMpr),
        None => (mpr, TargetBasis::CurrentMpr),
    };
    let floor_amount = Rounding::floor_to(policy.amount_rounding.unit);
    let target = match policy.free_cost_recovery {
        FreeCostRecovery::FromPaid | FreeCostRecovery::ChargeableOnly => floor_amount.round(scale_mpr.get())?,
        FreeCostRecovery::BudgetFunded => floor_amount.round(money::sub(scale_mpr.get(), caps.free_cost.get(), "target")?.max(Decimal::ZERO))?,
    };
    let (volumes, volume_basis) = match &inp.next_volumes {
        Some(v) => (v.clone(), VolumeBasis::NextForecast),
        None => (lines.iter().map(|l| l.volume.get()).collect(), VolumeBasis::Actual),
    };
    let per_call: HashSet<&str> =
        catalog.map(|c| c.products.iter().filter(|p| p.charging_form == ChargingForm::PerCall).map(|p| p.id.as_str()).collect()).unwrap_or_default();

    // The chargeable pairs: (line, current cap, volume, price rule).
    let mut pairs = Vec::new();
    for (l, v) in lines.iter().zip(&volumes) {
        if let Some(cap) = l.cap {
            pairs.push((l, cap.get(), *v, policy.cap_rounding(per_call.contains(l.product.as_str()))));
        }
    }
    let products = pairs.iter().map(|(_, c, v, _)| money::mul(*c, *v, "revenue_at_current_caps")).collect::<Result<Vec<_>>>()?;
    let at_current = money::sum(products, "revenue_at_current_caps")?;
    let factor = if at_current.is_zero() { None } else { Some(money::div(target, at_current, "factor")?) };

    let mut proposed = Vec::with_capacity(pairs.len());
    for (_, cap, _, rule) in &pairs {
        let mut p = match factor {
            Some(k) => rule.round(money::mul(*cap, k, "proposed_cap")?)?,
            None => *cap,
        };
        at_unit_scale(&mut p, rule);
        proposed.push(p);
    }
    // Guard: a product rounded up at the 28th digit could land a floor one unit high.
    let total = |ps: &[Decimal]| -> Result<Decimal> {
        let field = "revenue_at_proposed_caps";
        ps.iter().zip(&pairs).try_fold(Decimal::ZERO, |acc, (p, (_, _, v, _))| money::add(acc, money::mul(*p, *v, field)?, field))
    };
    for _ in 0..pairs.len() {
        if total(&proposed)? <= target {
            break;
        }
        if let Some((i, _)) = pairs
            .iter()
            .enumerate()
            .filter(|(i, (_, _, v, r))| *v > Decimal::ZERO && proposed.get(*i).is_some_and(|p| *p >= r.unit))
            .max_by_key(|(_, (_, _, v, _))| *v)
        {
            if let (Some(p), Some((_, _, _, r))) = (proposed.get_mut(i), pairs.get(i)) {
                *p -= r.unit;
            }
        }
    }
    let at_proposed = total(&proposed)?;

    let vat = policy.vat_rate.get();
    let mut out = Vec::with_capacity(pairs.len());
    for ((l, cap, v, rule), p) in pairs.iter().zip(&proposed) {
        let pair = format!("{}/{}", l.product, l.scenario);
        let mut quoted = if policy.prices_include_vat { rule.round(money::mul(*p, Decimal::ONE + vat, "proposed_quoted")?)? } else { *p };
        at_unit_scale(&mut quoted, rule);
        let mut e = Explanation::new(
            format!("review.{year}.proposed_cap.{pair}"),
            format!("Proposed cap {pair} 建议上限收费标准"),
            "proposed = floor(current cap × k, price unit)",
        )
        .input("current cap", cap)
        .input("k", factor.map_or_else(|| "n/a".to_string(), |k| k.normalize().to_string()))
        .input("volume", v)
        .result(p)
        .rounding(rule.describe());
        if factor.is_none() {
            e = e.note("no volume to scale by: the current cap is kept");
        }
        if policy.prices_include_vat {
            e = e.note(format!("quoted with VAT: floor(cap × (1 + {vat})) = {quoted}"));
        }
        out.push(ProposedCap {
            product: l.product.clone(),
            scenario: l.scenario.clone(),
            current_cap: UnitPrice::new(*cap),
            volume: Quantity::new(*v),
            proposed_cap: UnitPrice::new(*p),
            proposed_quoted: UnitPrice::new(quoted),
            revenue_at_proposed: cents_form(money::mul(*p, *v, "revenue_at_proposed")?),
            explanation: e,
        });
    }

    let mut e = Explanation::new(
        format!("review.{year}.proposal"),
        format!("Scale factor of proposed caps {year} 上限调整系数"),
        "k = T / Σ current cap × volume; T = MPR scaled to (less free-use cost when budget-funded), floored",
    )
    .input(
        "basis",
        match target_basis {
            TargetBasis::NextMpr => "next MPR",
            TargetBasis::CurrentMpr => "current MPR (no next MPR given)",
        },
    )
    .input("MPR", scale_mpr)
    .input(
        "volumes",
        match volume_basis {
            VolumeBasis::NextForecast => "next forecast",
            VolumeBasis::Actual => "actual volumes of the year reviewed",
        },
    );
    if policy.free_cost_recovery == FreeCostRecovery::BudgetFunded {
        e = e.input("cost of free uses (year reviewed)", caps.free_cost);
    }
    let e = e
        .input("T", cents_form(target))
        .input("Σ current cap × volume", cents_form(at_current))
        .result(factor.map_or_else(|| "n/a".to_string(), |k| k.normalize().to_string()))
        .note(format!("Σ proposed cap × volume = {} ≤ T", cents_form(at_proposed)));
    Ok(CapProposal {
        target_basis,
        volume_basis,
        mpr: scale_mpr,
        target: cents_form(target),
        revenue_at_current_caps: cents_form(at_current),
        factor: factor.map(|k| k.normalize()),
        lines: out,
        revenue_at_proposed_caps: cents_form(at_proposed),
        headroom: cents_form(money::sub(target, at_proposed, "headroom")?),
        explanation: e,
    })
}
