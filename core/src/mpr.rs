//! Maximum permitted revenue (最高准许收入, MPR).
//!
//! The price regulator (发展改革部门) approves, for each year t of a pricing period,
//!
//! ```text
//! MPR_t = PermittedCost_t + PermittedProfit_t + Taxes_t − Clawback_t
//! ```
//!
//! - **Permitted cost (准许成本)** comes from the separate cost accounts ([`crate::costs`]):
//!   permitted ledger entries net of subsidies, plus recoverable depreciation and amortisation.
//! - **Permitted profit (准许利润)** by the profile's [`ProfitMethod`]: effective assets × r
//!   (return on assets, or r from WACC), or permitted cost × margin (cost plus). The rate is
//!   refused above the profile's bound ([`Policy::validate`]).
//! - **Taxes (税金)**: income tax grossed up on the equity part of the profit,
//!   `equity profit × t / (1 − t)`, plus the surcharges on VAT solved in closed form:
//!   `R = (C + P + T_income − s × InputVAT) / (1 − s × v)`, surcharges = `R − (C + P + T_income)`.
//! - **Claw-back (扣减)** of the prior period's over-recovery ([`Clawback`]).
//!
//! # Interpretations (documented choices)
//!
//! - The equity part of the profit is `EA × Re × (1 − g)` under WACC (interest on debt is
//!   deductible, so only equity return is grossed up), `P × (1 − debt_ratio)` under return on
//!   assets (the profile's `debt_ratio`, default 0: all equity), and all of `P` under cost plus.
//! - When input VAT exceeds output VAT no VAT is payable, so surcharges are zero (never negative).
//! - Each block is computed exactly and rounded once under the profile's `amount_rounding`
//!   (half-up to 0.01 by default); the MPR is the sum of the rounded blocks, so the working
//!   paper adds up to the cent.
//! - Over-recovery is netted over the prior period by default: `max(0, Σ (actual − MPR))`, the
//!   period's revenue against the period's MPR, the literal reading of 65号's "在核定下一周期最高
//!   准许收入时"扣减. The profile option `clawback_netting = "per_year"` counts each year's
//!   `max(0, actual − MPR)` on its own. Under-recovery is carried (no floor at zero) only when
//!   the profile says so. Interest is simple, at `clawback_interest` per year between the year
//!   of over-recovery and the first year of the new period (default 0).
//! - An MPR is never negative: a claw-back larger than a year's revenue requirement takes it
//!   to zero and the rest moves to the next year of the period (reported as carried).
//! - The trial stage (试行) uses the same formulas on budgets and forecasts; results are marked.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Rate};
use crate::profile::{ClawbackNetting, ClawbackSpread, Policy, ProfitMethod};

/// Whether the MPR is set from audited actuals or, in the trial stage, from budgets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Formal: from audited actual costs of a complete year of operation.
    #[default]
    Formal,
    /// Trial (试行): no complete year of operation yet; from budgets and forecasts.
    Trial,
}

crate::unit_enum_reader!(Stage, "Stage", [Formal = "formal", Trial = "trial"]);

/// One year's cost basis, as produced by the separate cost accounts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CostBasis {
    /// The year.
    pub year: i32,
    /// Total permitted cost of the year (incl. recoverable depreciation and amortisation).
    pub permitted_cost: Amount,
    /// Effective assets (有效资产) the return applies to, incl. working capital.
    pub effective_assets: Amount,
    /// Deductible input VAT of the year (进项税额).
    pub input_vat: Amount,
}

/// One year of a prior period, for the claw-back (扣减).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PriorYear {
    /// The year.
    pub year: i32,
    /// Its approved MPR.
    pub mpr: Amount,
    /// Its actual chargeable revenue.
    pub actual_revenue: Amount,
}

/// The claw-back of a prior period, computed once and spread over the new period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Clawback {
    /// Net over-recovery with interest (negative when under-recovery is carried and larger).
    pub total: Amount,
    /// Amount taken from each year of the new period, in order.
    pub per_year: Vec<Amount>,
    /// How it was computed.
    #[cfg_attr(not(feature = "schema"), serde(skip_serializing_if = "crate::explain::left_out_of_figures"))]
    pub explanation: Explanation,
}

impl Clawback {
    /// Check the prior period's years before a period starting `first_year` (the first error):
    /// amounts not negative, each year in range, before the period, at most
    /// [`MAX_CLAWBACK_DELAY`] years before it and not repeated. [`Self::compute`] runs it first;
    /// the scenario's validation runs it too, so `chain.validate` refuses what the chain refuses.
    pub fn check_prior(prior: &[PriorYear], first_year: i32) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for (k, p) in prior.iter().enumerate() {
            let f = format!("prior_period[{k}]");
            p.mpr.non_negative(&format!("{f}.mpr"))?;
            p.actual_revenue.non_negative(&format!("{f}.actual_revenue"))?;
            crate::costs::month::check_year(p.year, &format!("{f}.year"))?;
            if p.year >= first_year {
                return Err(Error::out_of_range(format!("{f}.year"), p.year, format!("< {first_year} (before the period)")));
            }
            if first_year - p.year > MAX_CLAWBACK_DELAY {
                return Err(Error::out_of_range(
                    format!("{f}.year"),
                    p.year,
                    format!(">= {} (at most {MAX_CLAWBACK_DELAY} years before the period)", first_year - MAX_CLAWBACK_DELAY),
                ));
            }
            if !seen.insert(p.year) {
                return Err(Error::DuplicateId { field: format!("{f}.year"), value: p.year.to_string() });
            }
        }
        Ok(())
    }

    /// Compute the claw-back of `prior` years into a period starting `first_year` of `years` years.
    pub fn compute(prior: &[PriorYear], first_year: i32, years: u32, policy: &Policy) -> Result<Clawback> {
        let per_period = policy.clawback_netting == ClawbackNetting::PerPeriod;
        let mut e = Explanation::new(
            "clawback",
            "Claw-back of prior over-recovery 扣减",
            match (per_period, policy.carry_under_recovery) {
                (true, false) => "max(0, Σ (actual − MPR) × (1 + i × years of delay)) over the prior period (clawback_netting = per_period)",
                (false, false) => "Σ max(0, actual − MPR) × (1 + i × years of delay), year by year (clawback_netting = per_year)",
                (_, true) => "Σ (actual − MPR) × (1 + i × years of delay) (under-recovery carried)",
            },
        );
        Self::check_prior(prior, first_year)?;
        let mut net = Decimal::ZERO;
        let mut positive = Decimal::ZERO;
        for p in prior {
            let diff = money::sub(p.actual_revenue.get(), p.mpr.get(), "clawback")?;
            let delay = Decimal::from(first_year - p.year);
            let factor = Decimal::ONE + money::mul(policy.clawback_interest.get(), delay, "clawback")?;
            e = e.input(format!("{} actual − MPR", p.year), format!("{} − {} = {diff}", p.actual_revenue, p.mpr));
            net = money::add(net, money::mul(diff, factor, "clawback")?, "clawback")?;
            positive = money::add(positive, money::mul(diff.max(Decimal::ZERO), factor, "clawback")?, "clawback")?;
        }
        let total = match (per_period, policy.carry_under_recovery) {
            (_, true) => net,
            (true, false) => net.max(Decimal::ZERO),
            (false, false) => positive,
        };
        let total = policy.amount_rounding.round(total)?;
        e = e.input("interest i", policy.clawback_interest).result(total).rounding(crate::explain::text(|| policy.amount_rounding.describe()));
        let n = years.max(1) as usize;
        let mut per_year = vec![money::cents_form(Decimal::ZERO); n];
        match policy.clawback_spread {
            ClawbackSpread::FirstYear => per_year[0] = money::cents_form(total),
            ClawbackSpread::Even => {
                // In whole units of the amount rounding, with checked arithmetic: a claw-back near
                // the decimal's limit or a unit of 1e-28 is refused as an overflow, never a panic.
                let unit = policy.amount_rounding.unit;
                let units = money::div(total, unit, "clawback")?.trunc();
                let each = money::div(units, Decimal::from(n), "clawback")?.trunc();
                let each_amount = money::mul(each, unit, "clawback")?;
                let rest = money::sub(total, money::mul(each_amount, Decimal::from(n), "clawback")?, "clawback")?;
                for (i, y) in per_year.iter_mut().enumerate() {
                    *y = Amount::new(if i == 0 { money::add(each_amount, rest, "clawback")? } else { each_amount });
                }
                e = e.note_with(|| format!("spread evenly over {n} years; the first year takes the odd cents"));
            }
        }
        Ok(Clawback { total: Amount::new(total), per_year, explanation: e })
    }
}

/// The most years a prior-period year may lie before the new period (a claw-back is taken in
/// the next period; this bound keeps the interest factor and the inputs sane).
pub const MAX_CLAWBACK_DELAY: i32 = 20;

/// The MPR of one year with every block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MprYear {
    /// The year.
    pub year: i32,
    /// Permitted cost C.
    pub permitted_cost: Amount,
    /// Effective assets EA.
    pub effective_assets: Amount,
    /// The return rate applied (absent for cost plus).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_rate: Option<Rate>,
    /// Permitted profit P.
    pub permitted_profit: Amount,
    /// The equity part of P, grossed up for income tax.
    pub equity_profit: Amount,
    /// Income tax T_income.
    pub income_tax: Amount,
    /// VAT surcharges.
    pub surcharges: Amount,
    /// Taxes = income tax + surcharges.
    pub taxes: Amount,
    /// C + P + taxes, before claw-back.
    pub revenue_requirement: Amount,
    /// Claw-back applied this year.
    pub clawback: Amount,
    /// Claw-back that could not be applied (MPR floored at zero) and moved to the next year.
    pub clawback_carried: Amount,
    /// The maximum permitted revenue.
    pub mpr: Amount,
    /// Cost of free public services (公益服务成本) of the year: not in the MPR under the default
    /// chargeable scope, reported beside it so a finance bureau can budget it (set by the chain
    /// run; zero when the MPR is computed on its own).
    #[serde(default)]
    pub free_use_cost: Amount,
    /// Working paper of each block.
    #[cfg_attr(not(feature = "schema"), serde(skip_serializing_if = "crate::explain::left_out_of_figures"))]
    pub explanations: Vec<Explanation>,
}

/// The MPR of every year of a pricing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MprPeriod {
    /// Formal or trial.
    pub stage: Stage,
    /// The profit method's name.
    pub profit_method: String,
    /// The claw-back of the prior period.
    pub clawback: Clawback,
    /// Each year.
    pub years: Vec<MprYear>,
    /// Sum of the years' MPR.
    pub total: Amount,
}

/// Compute one year's MPR before claw-back from its cost basis.
pub fn mpr_year(basis: &CostBasis, policy: &Policy, stage: Stage) -> Result<MprYear> {
    let y = basis.year;
    let round = |x: Decimal| policy.amount_rounding.round(x);
    let rule = crate::explain::text(|| policy.amount_rounding.describe());
    let c_exact = basis.permitted_cost.non_negative("permitted_cost")?.get();
    let ea = basis.effective_assets.non_negative("effective_assets")?.get();
    let input_vat = basis.input_vat.non_negative("input_vat")?.get();
    let stage_note = |e: Explanation| if stage == Stage::Trial { e.note("trial stage (试行): from budgets and forecasts") } else { e };

    let c = round(c_exact)?;
    let e_cost = stage_note(
        Explanation::deferred(
            || (format!("mpr.{y}.permitted_cost"), format!("Permitted cost {y} 准许成本")),
            "C = Σ permitted costs net of subsidies + recoverable depreciation",
        )
        .input("C (exact)", c_exact)
        .result(c)
        .rounding(&rule),
    );

    let t = policy.income_tax_rate.get();
    // The permitted profit's paper, by method (`how` in its title).
    let profit_paper =
        |how: &str, formula: &str| Explanation::deferred(|| (format!("mpr.{y}.permitted_profit"), format!("Permitted profit {y} 准许利润 ({how})")), formula);
    let (p_exact, equity_exact, rate, e_profit) = match &policy.profit {
        ProfitMethod::ReturnOnAssets { rate } => {
            let p = money::mul(ea, rate.get(), "permitted_profit")?;
            let g = policy.debt_ratio.get();
            let eq = money::mul(p, Decimal::ONE - g, "equity_profit")?;
            let e =
                profit_paper("return on effective assets", "P = EA × r").input("EA", ea).input("r", rate).input("debt ratio g (equity part = P × (1 − g))", g);
            (p, eq, Some(rate.get()), e)
        }
        ProfitMethod::Wacc { equity_premium, debt_rate, .. } => {
            let g = policy.effective_debt_ratio();
            let re = policy.bond_yield.get() + equity_premium.get();
            let r = policy.return_rate().unwrap_or_default();
            let p = money::mul(ea, r, "permitted_profit")?;
            let eq = money::mul(money::mul(ea, re, "equity_profit")?, Decimal::ONE - g, "equity_profit")?;
            let e = profit_paper("WACC", "P = EA × (Re × (1 − g) + Rd × g), Re = bond yield + premium")
                .input("EA", ea)
                .input("Re", re)
                .input("Rd", debt_rate)
                .input("g (mean debt ratio)", g.normalize())
                .input("r", r.normalize());
            (p, eq, Some(r), e)
        }
        ProfitMethod::CostPlus { margin } => {
            let p = money::mul(c_exact, margin.get(), "permitted_profit")?;
            let e = profit_paper("cost plus", "P = C × margin").input("C", c_exact).input("margin", margin);
            (p, p, None, e)
        }
    };
    let p = round(p_exact)?;
    let e_profit = stage_note(e_profit.result(p).rounding(&rule));

    let one_minus_t = Decimal::ONE - t;
    let t_income_exact = money::div(money::mul(equity_exact, t, "income_tax")?, one_minus_t, "income_tax")?;
    let t_income = round(t_income_exact)?;
    let e_tax = Explanation::deferred(|| (format!("mpr.{y}.income_tax"), format!("Income tax {y} 所得税 (grossed up)")), "T = equity profit × t / (1 − t)")
        .input("equity profit", equity_exact)
        .input("t", policy.income_tax_rate)
        .result(t_income)
        .rounding(&rule);

    // Surcharges on VAT, solved exactly: R = (base − s × InputVAT) / (1 − s × v).
    let s = policy.surcharges.total();
    let v = policy.vat_rate.get();
    let base = money::sum([c_exact, p_exact, t_income_exact], "revenue_requirement")?;
    let numerator = money::sub(base, money::mul(s, input_vat, "surcharges")?, "surcharges")?;
    let r = money::div(numerator, Decimal::ONE - s * v, "surcharges")?;
    let surcharge_exact = (r - base).max(Decimal::ZERO);
    let surcharges = round(surcharge_exact)?;
    let mut e_sur = Explanation::deferred(
        || (format!("mpr.{y}.surcharges"), format!("VAT surcharges {y} 增值税附加")),
        "R = (C + P + T − s × InputVAT) / (1 − s × v); surcharges = R − (C + P + T)",
    )
    .input("C + P + T (exact)", base)
    .input("s = 城建 + 教育 + 地方教育", s)
    .input("v (VAT)", v)
    .input("InputVAT", input_vat)
    .input("R", r)
    .result(surcharges)
    .rounding(&rule);
    if r < base {
        e_sur = e_sur.note("input VAT exceeds output VAT: no VAT payable, surcharges are zero");
    }

    let taxes = money::add(t_income, surcharges, "taxes")?;
    let rr = money::sum([c, p, taxes], "revenue_requirement")?;
    Ok(MprYear {
        year: y,
        permitted_cost: money::cents_form(c),
        effective_assets: money::cents_form(ea),
        return_rate: rate.map(|r| Rate::new(r.normalize())),
        permitted_profit: money::cents_form(p),
        equity_profit: money::cents_form(round(equity_exact)?),
        income_tax: money::cents_form(t_income),
        surcharges: money::cents_form(surcharges),
        taxes: money::cents_form(taxes),
        revenue_requirement: money::cents_form(rr),
        clawback: Amount::ZERO,
        clawback_carried: Amount::ZERO,
        mpr: money::cents_form(rr),
        free_use_cost: money::cents_form(Decimal::ZERO),
        explanations: vec![e_cost, e_profit, e_tax, e_sur],
    })
}

/// Compute the MPR of every year of a period: each year's blocks, less the claw-back.
///
/// ```
/// use datafee::mpr::{mpr_period, CostBasis, Stage};
/// use datafee::profile::Policy;
/// let basis = CostBasis { year: 2026, permitted_cost: "1000000".parse()?, effective_assets: "2000000".parse()?, input_vat: "0".parse()? };
/// let p = mpr_period(&[basis], &[], &Policy::national(), Stage::Formal)?;
/// // P = 2,000,000 × 6 % = 120,000; T = 120,000 × 0.25 / 0.75 = 40,000;
/// // R = 1,160,000 / (1 − 0.12 × 0.06) = 1,168,412.5705...; surcharges 8,412.57
/// assert_eq!(p.years[0].mpr.to_string(), "1168412.57");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mpr_period(bases: &[CostBasis], prior: &[PriorYear], policy: &Policy, stage: Stage) -> Result<MprPeriod> {
    policy.validate().map_err(|e| e.within("profile"))?;
    let first = bases.first().ok_or_else(|| Error::Empty { field: "years".into(), value: "[]".into() })?;
    for (i, w) in bases.windows(2).enumerate() {
        if w[1].year != w[0].year + 1 {
            return Err(Error::invalid(format!("years[{}]", i + 1), w[1].year, "years of a period must be consecutive"));
        }
    }
    let clawback = Clawback::compute(prior, first.year, bases.len() as u32, policy)?;
    let mut years = Vec::with_capacity(bases.len());
    let mut carried = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for (i, b) in bases.iter().enumerate() {
        let mut y = mpr_year(b, policy, stage).map_err(|e| e.within(&format!("years[{i}]")))?;
        let due = money::add(clawback.per_year.get(i).map_or(Decimal::ZERO, |a| a.get()), carried, "clawback")?;
        let rr = y.revenue_requirement.get();
        let applied = due.min(rr);
        carried = due - applied;
        let mpr = rr - applied;
        let mut e = Explanation::deferred(
            || (format!("mpr.{}", b.year), format!("Maximum permitted revenue {} 最高准许收入", b.year)),
            "MPR = C + P + taxes − claw-back",
        )
        .input("C", y.permitted_cost)
        .input("P", y.permitted_profit)
        .input("taxes (income tax + surcharges)", y.taxes)
        .input("claw-back", applied)
        .result(mpr);
        if carried > Decimal::ZERO {
            e = e.note_with(|| format!("claw-back {carried} exceeds this year's requirement and moves to the next year"));
        }
        y.clawback = money::cents_form(applied);
        y.clawback_carried = money::cents_form(carried);
        y.mpr = money::cents_form(mpr);
        y.explanations.push(e);
        total = money::add(total, mpr, "mpr.total")?;
        years.push(y);
    }
    Ok(MprPeriod { stage, profit_method: policy.profit.name().into(), clawback, years, total: money::cents_form(total) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfitMethod;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn basis(year: i32, c: &str, ea: &str) -> CostBasis {
        CostBasis { year, permitted_cost: Amount::new(d(c)), effective_assets: Amount::new(d(ea)), input_vat: Amount::ZERO }
    }

    #[test]
    fn surcharge_closed_form_is_a_fixed_point() {
        let mut b = basis(2026, "1000000", "2000000");
        b.input_vat = Amount::new(d("20000"));
        let y = mpr_year(&b, &Policy::national(), Stage::Formal).unwrap();
        // base = 1,160,000; R = (1,160,000 − 0.12 × 20,000) / 0.9928 = 1,165,995.16...
        let r = (d("1160000") - d("2400")) / d("0.9928");
        let s = d("0.12") * (d("0.06") * r - d("20000"));
        assert!((r - d("1160000") - s).abs() < d("0.000001"));
        assert_eq!(y.surcharges.get(), s.round_dp(2));
        assert_eq!(y.mpr.get(), y.permitted_cost.get() + y.permitted_profit.get() + y.taxes.get());
    }

    #[test]
    fn cost_plus_and_wacc() {
        let mut p = Policy::national();
        p.profit = ProfitMethod::CostPlus { margin: Rate::new(d("0.08")) };
        let y = mpr_year(&basis(2026, "500000", "0"), &p, Stage::Formal).unwrap();
        assert_eq!(y.permitted_profit.get(), d("40000.00"));
        assert_eq!(y.income_tax.get(), d("13333.33"));
        p.bond_yield = Rate::new(d("0.02"));
        p.profit = ProfitMethod::Wacc { equity_premium: Rate::new(d("0.04")), debt_rate: Rate::new(d("0.035")), debt_ratios: vec![Rate::new(d("0.5"))] };
        let y = mpr_year(&basis(2026, "0", "1000000"), &p, Stage::Formal).unwrap();
        // r = 0.0475: P = 47,500; equity = 1,000,000 × 0.06 × 0.5 = 30,000; T = 10,000
        assert_eq!(y.permitted_profit.get(), d("47500.00"));
        assert_eq!(y.income_tax.get(), d("10000.00"));
    }

    #[test]
    fn clawback_first_year_even_and_carry() {
        let mut p = Policy::national();
        let prior = [
            PriorYear { year: 2023, mpr: Amount::new(d("100")), actual_revenue: Amount::new(d("110")) },
            PriorYear { year: 2024, mpr: Amount::new(d("100")), actual_revenue: Amount::new(d("90")) },
            PriorYear { year: 2025, mpr: Amount::new(d("100")), actual_revenue: Amount::new(d("100.01")) },
        ];
        // Netted over the period (the default): 10 − 10 + 0.01.
        let c = Clawback::compute(&prior, 2026, 3, &p).unwrap();
        assert_eq!(c.total.get(), d("0.01"));
        // Year by year: the 2024 shortfall does not offset.
        p.clawback_netting = ClawbackNetting::PerYear;
        let c = Clawback::compute(&prior, 2026, 3, &p).unwrap();
        assert_eq!(c.total.get(), d("10.01"));
        assert_eq!(c.per_year[0].get(), d("10.01"));
        p.carry_under_recovery = true;
        p.clawback_spread = ClawbackSpread::Even;
        let c = Clawback::compute(&prior, 2026, 3, &p).unwrap();
        assert_eq!(c.total.get(), d("0.01"));
        let s: Decimal = c.per_year.iter().map(|a| a.get()).sum();
        assert_eq!(s, d("0.01"));
        p.carry_under_recovery = false;
        p.clawback_interest = Rate::new(d("0.05"));
        let c = Clawback::compute(&prior[..1], 2026, 3, &p).unwrap();
        // 10 × (1 + 0.05 × 3) = 11.50, spread 3.84 + 3.83 + 3.83
        assert_eq!(c.total.get(), d("11.50"));
        assert_eq!(c.per_year.iter().map(|a| a.to_string()).collect::<Vec<_>>(), ["3.84", "3.83", "3.83"]);
    }

    #[test]
    fn even_spread_near_the_limit_is_an_error_not_a_panic() {
        let mut p = Policy::national();
        p.clawback_spread = ClawbackSpread::Even;
        let huge = [PriorYear { year: 2025, mpr: Amount::ZERO, actual_revenue: Amount::new(d("800000000000000000000000000")) }];
        let e = Clawback::compute(&huge, 2026, 3, &p).unwrap_err();
        assert_eq!(e.code(), "overflow");
        p.amount_rounding = crate::money::Rounding { unit: d("0.0000000000000000000000000001"), mode: crate::money::RoundMode::HalfUp };
        let small = [PriorYear { year: 2025, mpr: Amount::ZERO, actual_revenue: Amount::new(d("100.00")) }];
        assert_eq!(Clawback::compute(&small, 2026, 3, &p).unwrap_err().code(), "overflow");
        // A year far outside the calendar is refused, not weighted by a huge delay.
        let far = [PriorYear { year: i32::MIN, mpr: Amount::ZERO, actual_revenue: Amount::new(d("1")) }];
        let e = Clawback::compute(&far, 2026, 3, &Policy::national()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "prior_period[0].year"));
    }

    #[test]
    fn clawback_larger_than_requirement_carries() {
        let p = Policy::national();
        let prior = [PriorYear { year: 2025, mpr: Amount::ZERO, actual_revenue: Amount::new(d("150")) }];
        let period = mpr_period(&[basis(2026, "100", "0"), basis(2027, "100", "0")], &prior, &p, Stage::Formal).unwrap();
        assert_eq!(period.years[0].mpr.get(), Decimal::ZERO);
        assert!(period.years[0].clawback_carried.get() > Decimal::ZERO);
        assert_eq!(period.years[1].clawback.get(), period.years[0].clawback_carried.get());
    }

    #[test]
    fn rate_above_bound_refused() {
        let mut p = Policy::national();
        p.profit = ProfitMethod::ReturnOnAssets { rate: Rate::new(d("0.09")) };
        let e = mpr_period(&[basis(2026, "1", "1")], &[], &p, Stage::Formal).unwrap_err();
        assert_eq!((e.code(), e.field()), ("rate_above_bound", "profile.profit.rate"));
    }
}
