//! Per-pair and per-product figures of a review: volume against forecast (业务量偏差) and
//! charges above the cap (超上限收费).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::caps::CapsYear;
use crate::catalog::Category;
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, cents_form, Amount, Quantity, Rate, RoundMode, Rounding, UnitPrice};

use super::input::Actual;

/// The rounding of volume ratios: half-up to 0.0001 (0.01 %).
pub fn ratio_rounding() -> Rounding {
    Rounding { unit: Decimal::new(1, 4), mode: RoundMode::HalfUp }
}

/// `volume / forecast` rounded half-up to 0.0001, or `None` when the forecast is zero.
fn ratio(volume: Decimal, forecast: Decimal, field: &str) -> Result<Option<Rate>> {
    if forecast.is_zero() {
        return Ok(None);
    }
    let r = money::div(volume, forecast, field)?;
    let mut r = ratio_rounding().round(r)?;
    r.rescale(4);
    Ok(Some(Rate::new(r)))
}

fn ratio_text(r: Option<Rate>) -> String {
    r.map_or_else(|| "n/a (zero forecast)".to_string(), |r| r.to_string())
}

/// One (product, scenario) of the year: forecast against actual, revenue against the cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewLine {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The scenario's category.
    pub category: Category,
    /// Whether uses are chargeable.
    pub chargeable: bool,
    /// The forecast volume the cap was set from.
    pub forecast: Quantity,
    /// The actual volume (zero when no actual line was given).
    pub volume: Quantity,
    /// `volume / forecast`, half-up to 0.0001; absent when the forecast is zero.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Rate>,
    /// The actual revenue.
    pub revenue: Amount,
    /// The cap without VAT (absent for a free use, whose cap is zero).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<UnitPrice>,
    /// `cap × volume` (exact): the most the volume may have been charged; zero for a free use.
    pub ceiling: Amount,
    /// The working paper of the ratio.
    pub explanation: Explanation,
}

/// One product over all its scenarios (one unit of quantity per product, so volumes add).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductVolume {
    /// Product id.
    pub product: String,
    /// Σ forecast volume.
    pub forecast: Quantity,
    /// Σ actual volume.
    pub volume: Quantity,
    /// `volume / forecast`, half-up to 0.0001; absent when the forecast is zero.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Rate>,
    /// Σ actual revenue.
    pub revenue: Amount,
    /// The working paper.
    pub explanation: Explanation,
}

/// What kind of breach a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// Revenue above `cap × volume` on a chargeable use (超上限收费).
    AboveCap,
    /// Revenue on a free use (public governance / public welfare, 违规收费).
    FreeUseCharged,
}

/// A charge above the cap, detected from the year's revenue and volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Violation {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// Above the cap, or a free use charged.
    pub kind: ViolationKind,
    /// The actual volume.
    pub volume: Quantity,
    /// The actual revenue.
    pub revenue: Amount,
    /// The cap without VAT (zero for a free use).
    pub cap: UnitPrice,
    /// `cap × volume`.
    pub ceiling: Amount,
    /// `revenue − ceiling` (> 0).
    pub excess: Amount,
    /// The working paper.
    pub explanation: Explanation,
}

/// The review lines of every pair of `caps`, in caps order.
pub(crate) fn review_lines(year: i32, caps: &CapsYear, actual: &[Actual]) -> Result<Vec<ReviewLine>> {
    let mut out = Vec::with_capacity(caps.lines.len());
    for (i, (l, a)) in caps.lines.iter().zip(actual).enumerate() {
        let pair = format!("{}/{}", l.product, l.scenario);
        let cap = if l.chargeable {
            Some(l.cap.ok_or_else(|| Error::Missing { field: format!("caps.lines[{i}].cap"), value: format!("the cap of chargeable {pair}") })?)
        } else {
            None
        };
        let ceiling = money::mul(cap.map_or(Decimal::ZERO, UnitPrice::get), a.volume, "ceiling")?;
        let forecast = l.volume.get();
        let r = ratio(a.volume, forecast, "ratio")?;
        let mut e = Explanation::new(
            format!("review.{year}.volume.{pair}"),
            format!("Volume against forecast {pair} 业务量与预测"),
            "ratio = actual volume / forecast volume",
        )
        .input("actual volume", a.volume)
        .input("forecast volume", forecast)
        .input("revenue", cents_form(a.revenue))
        .input("cap × actual volume (ceiling)", cents_form(ceiling))
        .result(ratio_text(r))
        .rounding(ratio_rounding().describe());
        if !a.given {
            e = e.note("no actual line given: volume and revenue taken as zero");
        }
        out.push(ReviewLine {
            product: l.product.clone(),
            scenario: l.scenario.clone(),
            category: l.category,
            chargeable: l.chargeable,
            forecast: l.volume,
            volume: Quantity::new(a.volume),
            ratio: r,
            revenue: cents_form(a.revenue),
            cap,
            ceiling: cents_form(ceiling),
            explanation: e,
        });
    }
    Ok(out)
}

/// Volumes per product, in the order products first appear in `lines`.
pub(crate) fn product_volumes(year: i32, lines: &[ReviewLine]) -> Result<Vec<ProductVolume>> {
    let mut order: Vec<&str> = Vec::new();
    for l in lines {
        if !order.contains(&l.product.as_str()) {
            order.push(&l.product);
        }
    }
    let mut out = Vec::with_capacity(order.len());
    for p in order {
        let mine: Vec<&ReviewLine> = lines.iter().filter(|l| l.product == p).collect();
        let forecast = money::sum(mine.iter().map(|l| l.forecast.get()), "forecast")?;
        let volume = money::sum(mine.iter().map(|l| l.volume.get()), "volume")?;
        let revenue = money::sum(mine.iter().map(|l| l.revenue.get()), "revenue")?;
        let r = ratio(volume, forecast, "ratio")?;
        let mut e = Explanation::new(
            format!("review.{year}.product.{p}"),
            format!("Volume of {p} against forecast 产品业务量"),
            "ratio = Σ actual volume / Σ forecast volume over the product's scenarios",
        );
        for l in &mine {
            e = e.input(format!("{} actual / forecast", l.scenario), format!("{} / {}", l.volume, l.forecast));
        }
        out.push(ProductVolume {
            product: p.to_string(),
            forecast: Quantity::new(forecast),
            volume: Quantity::new(volume),
            ratio: r,
            revenue: cents_form(revenue),
            explanation: e.input("Σ revenue", revenue).result(ratio_text(r)).rounding(ratio_rounding().describe()),
        });
    }
    Ok(out)
}

/// Lines whose revenue exceeds `cap × volume` (a free use: any revenue).
pub(crate) fn violations(year: i32, lines: &[ReviewLine]) -> Result<Vec<Violation>> {
    let mut out = Vec::new();
    for l in lines.iter().filter(|l| l.revenue.get() > l.ceiling.get()) {
        let pair = format!("{}/{}", l.product, l.scenario);
        let excess = money::sub(l.revenue.get(), l.ceiling.get(), "excess")?;
        let (kind, cap, title, note) = match l.cap {
            Some(c) => (ViolationKind::AboveCap, c, format!("Charge above the cap {pair} 超上限收费"), "revenue exceeds cap × volume"),
            None => (
                ViolationKind::FreeUseCharged,
                UnitPrice::ZERO,
                format!("Free use charged {pair} 免费场景收费"),
                "public governance and public welfare uses are free: any revenue is a breach",
            ),
        };
        let e = Explanation::new(format!("review.{year}.violation.{pair}"), title, "excess = revenue − cap × volume, a breach when > 0")
            .input("revenue", l.revenue)
            .input("cap (without VAT)", cap)
            .input("volume", l.volume)
            .input("cap × volume", l.ceiling)
            .result(cents_form(excess))
            .note(note);
        out.push(Violation {
            product: l.product.clone(),
            scenario: l.scenario.clone(),
            kind,
            volume: l.volume,
            revenue: l.revenue,
            cap,
            ceiling: l.ceiling,
            excess: cents_form(excess),
            explanation: e,
        });
    }
    Ok(out)
}
