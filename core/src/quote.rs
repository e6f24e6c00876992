//! Fee quotes (收费查询): the fee for one use, its cap, and whether it is free and why.
//!
//! A citizen or company checks one use: a product, an application scenario and a quantity.
//! The quote says whether the use is free (public governance 公共治理 / public welfare
//! 公益事业 uses are), which actual fee (具体收费标准) is in force on the date, the charge,
//! the ceiling `cap × quantity` it must not exceed, and the working paper of the figure.
//!
//! Rounding: the charge is rounded once under the profile's amount rounding (half-up to
//! 0.01 by default), except that a rounded charge never exceeds `cap × quantity`: where
//! half-up would cross the ceiling, the charge is rounded down instead
//! ([`round_within_cap`]).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Category;
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Quantity, UnitPrice};
use crate::scenario::{ChainResult, Fee, ScenarioDoc};

pub use crate::money::round_within_cap;

/// The quote for one use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Quote {
    /// Product id.
    pub product: String,
    /// Product name.
    pub product_name: String,
    /// Scenario id.
    pub scenario: String,
    /// The scenario's category.
    pub category: Category,
    /// Whether the use is free.
    pub free: bool,
    /// Why it is free (or why no fee applies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The quantity quoted.
    pub quantity: Quantity,
    /// The cap year used.
    pub year: i32,
    /// The fee in force (its effective date), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// The schedule in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// The exact charge.
    pub charge_exact: Amount,
    /// The charge as billed (rounded).
    pub charge: Amount,
    /// The cap per unit (as quoted), for chargeable uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<UnitPrice>,
    /// cap × quantity: the ceiling the charge must not exceed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_times_quantity: Option<Amount>,
    /// Whether the charge is within the ceiling (always true for an accepted schedule).
    pub within_cap: bool,
    /// Whether the fee is a trial fee (试行收费标准): the scenario's stage is trial. Every place
    /// a fee appears says so.
    #[serde(default)]
    pub trial: bool,
    /// The working paper of the figure.
    pub explanation: Explanation,
}

/// The fee in force for a (product, scenario) on `date` (`YYYY-MM-DD`): the latest effective on or before it.
pub fn fee_in_force<'a>(doc: &'a ScenarioDoc, product: &str, scenario: &str, date: &str) -> Option<&'a Fee> {
    doc.fees.iter().filter(|f| f.product == product && f.scenario == scenario && f.effective.as_str() <= date).max_by(|a, b| a.effective.cmp(&b.effective))
}

/// Quote the fee for `quantity` of `product` used in `scenario` on `date` (default: the first
/// day of the pricing period).
pub fn quote(doc: &ScenarioDoc, chain: &ChainResult, product: &str, scenario: &str, quantity: Quantity, date: Option<&str>) -> Result<Quote> {
    let p = doc.catalog.product(product).ok_or_else(|| Error::unknown("product", product))?;
    let s = doc.catalog.scenario(scenario).ok_or_else(|| Error::unknown("scenario", scenario))?;
    if !doc.catalog.offers(product, scenario) {
        return Err(Error::invalid("scenario", scenario, format!("product {product} is not offered in this scenario")));
    }
    if quantity.get() <= Decimal::ZERO {
        return Err(Error::out_of_range("quantity", quantity, "> 0"));
    }
    let default_date = format!("{}-01-01", doc.first_year);
    let date = date.unwrap_or(&default_date);
    let probe = Fee {
        product: product.into(),
        scenario: scenario.into(),
        effective: date.into(),
        schedule: crate::schedule::Schedule::Flat { price: UnitPrice::ZERO, minimum_charge: None },
    };
    let fy = probe.year("").map_err(|_| Error::invalid("date", date, "expected a date YYYY-MM-DD"))?;
    let last = doc.first_year + doc.profile.period_years as i32 - 1;
    let year = fy.clamp(doc.first_year, last);
    let id = format!("quote.{product}/{scenario}");
    let title = format!("Fee for {quantity} {} of {} in {} 收费", p.unit, p.name, s.name);
    let zero = money::cents_form(Decimal::ZERO);
    if let Some(reason) = s.category.free_reason() {
        return Ok(Quote {
            product: product.into(),
            product_name: p.name.clone(),
            scenario: scenario.into(),
            category: s.category,
            free: true,
            reason: Some(reason.into()),
            quantity,
            year,
            effective: None,
            schedule: None,
            charge_exact: zero,
            charge: zero,
            cap: None,
            cap_times_quantity: None,
            within_cap: true,
            trial: doc.stage == crate::mpr::Stage::Trial,
            explanation: Explanation::new(id, title, "free use: charge = 0")
                .input("category", format!("{} ({})", s.category.name(), s.category.zh()))
                .result(zero)
                .note(reason),
        });
    }
    let caps = chain.caps_for(year).ok_or_else(|| Error::invalid("date", date, "outside the pricing period"))?;
    let line = caps.line(product, scenario).ok_or_else(|| Error::unknown("product", format!("{product}/{scenario}")))?;
    let cap = line.cap_quoted.ok_or_else(|| Error::Missing { field: "cap".into(), value: format!("a cap for {product}/{scenario}") })?;
    let fee = fee_in_force(doc, product, scenario, date)
        .ok_or_else(|| Error::Missing { field: "fees".into(), value: format!("a published fee for {product}/{scenario} in force on {date}") })?;
    let exact = fee.schedule.charge(quantity)?;
    let billed = fee.schedule.billed_quantity(quantity)?;
    let ceiling = money::mul(cap.get(), billed.get(), "cap_times_quantity")?;
    let (charge, floored) = round_within_cap(exact.get(), ceiling, &doc.profile.amount_rounding)?;
    let mut e = Explanation::new(id, title, "charge = schedule(q), rounded; must not exceed cap × q")
        .input("schedule in force", format!("{} (effective {})", fee.schedule.describe(), fee.effective))
        .input("q", quantity)
        .input("charge (exact)", exact)
        .input("cap", cap)
        .input("cap × q", ceiling)
        .result(charge)
        .rounding(doc.profile.amount_rounding.describe());
    if billed != quantity {
        e = e.note(format!("billed as {billed} units (whole packages)"));
    }
    if floored {
        e = e.note("half-up rounding would exceed cap × q: rounded down instead");
    }
    let trial = doc.stage == crate::mpr::Stage::Trial;
    if trial {
        e = e.note("试行 trial fee (试行收费标准): set from budgets and forecasts before a complete year of operation");
    }
    Ok(Quote {
        product: product.into(),
        product_name: p.name.clone(),
        scenario: scenario.into(),
        category: s.category,
        free: false,
        reason: None,
        quantity,
        year,
        effective: Some(fee.effective.clone()),
        schedule: Some(fee.schedule.describe()),
        charge_exact: money::cents_form(exact.get()),
        charge: money::cents_form(charge),
        cap: Some(cap),
        cap_times_quantity: Some(money::cents_form(ceiling)),
        within_cap: charge <= ceiling,
        trial,
        explanation: e,
    })
}
