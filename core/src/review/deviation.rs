//! Actual revenue against the MPR (收入偏差) and the claw-back it leads to (扣减).

use rust_decimal::Decimal;

use crate::error::Result;
use crate::explain::Explanation;
use crate::money::{self, cents_form, Amount, RoundMode, Rounding};
use crate::profile::Policy;

use super::lines::ReviewLine;

/// The rounding of the deviation percent: half-up to 0.01 (percentage points).
pub fn percent_rounding() -> Rounding {
    Rounding { unit: Decimal::new(1, 2), mode: RoundMode::HalfUp }
}

/// The deviation figures of one year.
pub(crate) struct Deviation {
    pub(crate) actual_revenue: Amount,
    pub(crate) deviation: Amount,
    pub(crate) deviation_percent: Option<Decimal>,
    pub(crate) threshold_percent: Decimal,
    pub(crate) beyond_threshold: bool,
    pub(crate) over_recovery: Amount,
    pub(crate) under_recovery: Amount,
    pub(crate) clawback: Amount,
    pub(crate) explanations: Vec<Explanation>,
}

/// Total actual revenue, deviation, percent, threshold test and claw-back.
pub(crate) fn deviation(year: i32, mpr: Amount, lines: &[ReviewLine], policy: &Policy) -> Result<Deviation> {
    let mut e_actual = Explanation::new(
        format!("review.{year}.actual_revenue"),
        format!("Actual chargeable revenue {year} 实际收费收入"),
        "actual = Σ revenue over (product, scenario), net of VAT",
    );
    for l in lines.iter().filter(|l| !l.revenue.is_zero()) {
        e_actual = e_actual.input(format!("{}/{}", l.product, l.scenario), l.revenue);
    }
    let actual = money::sum(lines.iter().map(|l| l.revenue.get()), "actual_revenue")?;
    let e_actual = e_actual.result(cents_form(actual)).note("exact sum; revenue charged above a cap or on a free use is counted too");

    let m = mpr.get();
    let dev = money::sub(actual, m, "deviation")?;
    let e_dev = Explanation::new(format!("review.{year}.deviation"), format!("Deviation from MPR {year} 收入偏差"), "deviation = actual − MPR")
        .input("actual", cents_form(actual))
        .input("MPR", mpr)
        .result(cents_form(dev));

    let pr = percent_rounding();
    let percent = if m.is_zero() {
        None
    } else {
        let mut p = pr.round(money::mul(money::div(dev, m, "deviation_percent")?, Decimal::ONE_HUNDRED, "deviation_percent")?)?;
        p.rescale(2);
        if p.is_zero() {
            p.set_sign_positive(true);
        }
        Some(p)
    };
    let mut e_pct =
        Explanation::new(format!("review.{year}.deviation_percent"), format!("Deviation percent {year} 偏差率"), "deviation % = deviation / MPR × 100")
            .input("deviation", cents_form(dev))
            .input("MPR", mpr)
            .result(percent.map_or_else(|| "undefined".to_string(), |p| format!("{p}%")))
            .rounding(pr.describe());
    if percent.is_none() {
        e_pct = e_pct.note("MPR is zero: the percent is undefined; any revenue counts as beyond the threshold");
    }

    let mut threshold_percent = money::mul(policy.review_threshold.get(), Decimal::ONE_HUNDRED, "review_threshold")?.normalize();
    if threshold_percent.scale() < 2 {
        threshold_percent.rescale(2);
    }
    let beyond = match percent {
        Some(p) => p.abs() > threshold_percent,
        None => actual > Decimal::ZERO,
    };
    let e_thr = Explanation::new(
        format!("review.{year}.threshold"),
        format!("Review threshold {year} 评估阈值"),
        "beyond when |deviation %| (as rounded) > threshold × 100; new caps are then proposed",
    )
    .input("|deviation %|", percent.map_or_else(|| "undefined".to_string(), |p| p.abs().to_string()))
    .input("threshold %", threshold_percent)
    .result(if beyond { "beyond" } else { "within" });

    let over = dev.max(Decimal::ZERO);
    let under = (-dev).max(Decimal::ZERO);
    let clawback = if policy.carry_under_recovery { dev } else { over };
    let e_claw = Explanation::new(
        format!("review.{year}.clawback"),
        format!("To claw back in the next period {year} 下期扣减"),
        if policy.carry_under_recovery { "claw-back = actual − MPR (under-recovery carried, negative)" } else { "claw-back = max(0, actual − MPR)" },
    )
    .input("actual − MPR", cents_form(dev))
    .input("over-recovery max(0, actual − MPR)", cents_form(over))
    .input("under-recovery max(0, MPR − actual)", cents_form(under))
    .input("carry under-recovery", policy.carry_under_recovery)
    .result(cents_form(clawback))
    .note("interest, if any, is added when the next period's MPR is set (mpr::Clawback)");

    Ok(Deviation {
        actual_revenue: cents_form(actual),
        deviation: cents_form(dev),
        deviation_percent: percent,
        threshold_percent,
        beyond_threshold: beyond,
        over_recovery: cents_form(over),
        under_recovery: cents_form(under),
        clawback: cents_form(clawback),
        explanations: vec![e_actual, e_dev, e_pct, e_thr, e_claw],
    })
}
