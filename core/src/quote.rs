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
use crate::money::{self, Amount, Quantity, Rounding, UnitPrice};
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

/// Where a quote reads what it needs (报价的依据): the catalog's products and scenarios, the
/// fees published, the pricing period and each year's quoted caps. A scenario with its chain
/// result ([`ChainSource`], `chain.quote`) and a published export
/// ([`crate::publication::FeePublication`], `publication.quote`) are both sources, so both
/// operations quote through the one function [`quote_from`]: the same [`Quote`], the same
/// explanation, the same errors.
pub trait QuoteSource {
    /// The product's name and unit, when the catalog has it.
    fn product(&self, id: &str) -> Option<(&str, &str)>;
    /// The scenario's name and category, when the catalog has it.
    fn scenario(&self, id: &str) -> Option<(&str, Category)>;
    /// Whether the product is offered in the scenario.
    fn offers(&self, product: &str, scenario: &str) -> bool;
    /// The first year of the pricing period.
    fn first_year(&self) -> i32;
    /// The number of years of the pricing period.
    fn period_years(&self) -> u32;
    /// Whether the fees are trial fees (试行).
    fn trial(&self) -> bool;
    /// The rounding of billed amounts.
    fn amount_rounding(&self) -> &Rounding;
    /// The cap line of a pair in a year: `None` when the year has no caps, `Some(None)` when
    /// the year has no line for the pair, `Some(Some(cap_quoted))` otherwise.
    fn cap_quoted(&self, year: i32, product: &str, scenario: &str) -> Option<Option<Option<UnitPrice>>>;
    /// Every fee published.
    fn fees(&self) -> &[Fee];
}

/// A scenario and its chain result as a [`QuoteSource`] (`chain.quote`).
#[derive(Debug, Clone, Copy)]
pub struct ChainSource<'a> {
    /// The scenario.
    pub doc: &'a ScenarioDoc,
    /// The chain's result on it.
    pub chain: &'a ChainResult,
}

impl QuoteSource for ChainSource<'_> {
    fn product(&self, id: &str) -> Option<(&str, &str)> {
        self.doc.catalog.product(id).map(|p| (p.name.as_str(), p.unit.as_str()))
    }
    fn scenario(&self, id: &str) -> Option<(&str, Category)> {
        self.doc.catalog.scenario(id).map(|s| (s.name.as_str(), s.category))
    }
    fn offers(&self, product: &str, scenario: &str) -> bool {
        self.doc.catalog.offers(product, scenario)
    }
    fn first_year(&self) -> i32 {
        self.doc.first_year
    }
    fn period_years(&self) -> u32 {
        self.doc.profile.period_years
    }
    fn trial(&self) -> bool {
        self.doc.stage == crate::mpr::Stage::Trial
    }
    fn amount_rounding(&self) -> &Rounding {
        &self.doc.profile.amount_rounding
    }
    fn cap_quoted(&self, year: i32, product: &str, scenario: &str) -> Option<Option<Option<UnitPrice>>> {
        self.chain.caps_for(year).map(|c| c.line(product, scenario).map(|l| l.cap_quoted))
    }
    fn fees(&self) -> &[Fee] {
        &self.doc.fees
    }
}

/// The fee in force for a (product, scenario) on `date` (`YYYY-MM-DD`): the latest effective on or before it.
pub fn fee_in_force<'a>(doc: &'a ScenarioDoc, product: &str, scenario: &str, date: &str) -> Option<&'a Fee> {
    fee_in_force_among(&doc.fees, product, scenario, date)
}

/// [`fee_in_force`] among a list of fees.
pub fn fee_in_force_among<'a>(fees: &'a [Fee], product: &str, scenario: &str, date: &str) -> Option<&'a Fee> {
    fees.iter().filter(|f| f.product == product && f.scenario == scenario && f.effective.as_str() <= date).max_by(|a, b| a.effective.cmp(&b.effective))
}

/// Quote the fee for `quantity` of `product` used in `scenario` on `date` (default: the first
/// day of the pricing period), from a scenario and its chain result ([`quote_from`] over a
/// [`ChainSource`]).
pub fn quote(doc: &ScenarioDoc, chain: &ChainResult, product: &str, scenario: &str, quantity: Quantity, date: Option<&str>) -> Result<Quote> {
    quote_from(&ChainSource { doc, chain }, product, scenario, quantity, date)
}

/// Quote the fee for `quantity` of `product` used in `scenario` on `date` (default: the first
/// day of the pricing period) from any [`QuoteSource`].
pub fn quote_from<S: QuoteSource + ?Sized>(src: &S, product: &str, scenario: &str, quantity: Quantity, date: Option<&str>) -> Result<Quote> {
    let (p_name, p_unit) = src.product(product).ok_or_else(|| Error::unknown("product", product))?;
    let (s_name, category) = src.scenario(scenario).ok_or_else(|| Error::unknown("scenario", scenario))?;
    if !src.offers(product, scenario) {
        return Err(Error::invalid("scenario", scenario, format!("product {product} is not offered in this scenario")));
    }
    if quantity.get() <= Decimal::ZERO {
        return Err(Error::out_of_range("quantity", quantity, "> 0"));
    }
    let first_year = src.first_year();
    let default_date = format!("{first_year}-01-01");
    let date = date.unwrap_or(&default_date);
    let probe = Fee {
        product: product.into(),
        scenario: scenario.into(),
        effective: date.into(),
        schedule: crate::schedule::Schedule::Flat { price: UnitPrice::ZERO, minimum_charge: None },
    };
    let fy = probe.year("").map_err(|_| Error::invalid("date", date, "expected a date YYYY-MM-DD"))?;
    let last = first_year + src.period_years() as i32 - 1;
    let year = fy.clamp(first_year, last);
    let id = format!("quote.{product}/{scenario}");
    let title = format!("Fee for {quantity} {p_unit} of {p_name} in {s_name} 收费");
    let zero = money::cents_form(Decimal::ZERO);
    let trial = src.trial();
    if let Some(reason) = category.free_reason() {
        return Ok(Quote {
            product: product.into(),
            product_name: p_name.into(),
            scenario: scenario.into(),
            category,
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
            trial,
            explanation: Explanation::new(id, title, "free use: charge = 0")
                .input("category", format!("{} ({})", category.name(), category.zh()))
                .result(zero)
                .note(reason),
        });
    }
    let line = src.cap_quoted(year, product, scenario).ok_or_else(|| Error::invalid("date", date, "outside the pricing period"))?;
    let line = line.ok_or_else(|| Error::unknown("product", format!("{product}/{scenario}")))?;
    let cap = line.ok_or_else(|| Error::Missing { field: "cap".into(), value: format!("a cap for {product}/{scenario}") })?;
    let fee = fee_in_force_among(src.fees(), product, scenario, date)
        .ok_or_else(|| Error::Missing { field: "fees".into(), value: format!("a published fee for {product}/{scenario} in force on {date}") })?;
    let exact = fee.schedule.charge(quantity)?;
    let billed = fee.schedule.billed_quantity(quantity)?;
    let ceiling = money::mul(cap.get(), billed.get(), "cap_times_quantity")?;
    let rounding = src.amount_rounding();
    let (charge, floored) = round_within_cap(exact.get(), ceiling, rounding)?;
    let mut e = Explanation::new(id, title, "charge = schedule(q), rounded; must not exceed cap × q")
        .input("schedule in force", format!("{} (effective {})", fee.schedule.describe(), fee.effective))
        .input("q", quantity)
        .input("charge (exact)", exact)
        .input("cap", cap)
        .input("cap × q", ceiling)
        .result(charge)
        .rounding(rounding.describe());
    if billed != quantity {
        e = e.note(format!("billed as {billed} units (whole packages)"));
    }
    if floored {
        e = e.note("half-up rounding would exceed cap × q: rounded down instead");
    }
    if trial {
        e = e.note("试行 trial fee (试行收费标准): set from budgets and forecasts before a complete year of operation");
    }
    Ok(Quote {
        product: product.into(),
        product_name: p_name.into(),
        scenario: scenario.into(),
        category,
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
