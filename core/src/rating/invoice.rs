//! Invoices (账单): one per customer, one line per (product, scenario, fee in force), rounded
//! once per line, VAT once per invoice.
//!
//! A line's amount is the schedule's charge for the line's **aggregate** quantity, rounded
//! under the tariff's rule (half-up to 0.01 yuan by default). Guard: the rounded amount never
//! exceeds `cap × billed quantity` (the quantity the cap applies to: the package total for a
//! package). When the rule would round above it (a charge of 0.335 at cap 0.335 would round
//! half-up to 0.34), the line is rounded **down** instead and says so in its `note`.
//!
//! VAT (增值税) is computed on the precise, unrounded line charges and rounded once per
//! invoice, under the same rule:
//!
//! - prices without VAT: `subtotal = lines_total`, `vat = round(Σ charge × v)`,
//!   `total = subtotal + vat`;
//! - prices with VAT (含税): `total = lines_total`, `vat = round(Σ charge × v / (1 + v))`,
//!   `subtotal = total − vat`.
//!
//! Either way the lines add up exactly to `lines_total` and `subtotal + vat = total`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::tariff::{Compiled, Slot};
use super::{Date, Tariff};
use crate::catalog::Category;
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Quantity, Rate, Rounding, UnitPrice};

/// One invoice line (账单行): a customer's aggregate use of a product in a scenario under
/// one fee (or free).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InvoiceLine {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The scenario's category.
    pub category: Category,
    /// A free use (public governance / public welfare): amount 0.
    pub free: bool,
    /// Why the use is free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_reason: Option<String>,
    /// The effective date of the fee in force (charged lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// The fee schedule in words (charged lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Records aggregated into the line.
    pub records: u64,
    /// The aggregate quantity, in the product's unit.
    pub quantity: Quantity,
    /// The quantity the cap applies to (charged lines): the quantity, or the package total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billed_quantity: Option<Quantity>,
    /// The cap per unit (charged lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<UnitPrice>,
    /// `cap × billed_quantity`, which `amount` never exceeds (charged lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_limit: Option<Amount>,
    /// The precise charge for the aggregate quantity.
    pub charge: Amount,
    /// The line amount, rounded once.
    pub amount: Amount,
    /// Why the line was rounded down, when the guard applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The working paper of the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// A customer's invoice (账单) for the billing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Invoice {
    /// The customer.
    pub customer: String,
    /// Lines by product, scenario (catalog order) and effective date; free lines included.
    pub lines: Vec<InvoiceLine>,
    /// Σ of the line amounts, exactly.
    pub lines_total: Amount,
    /// The amount without VAT.
    pub subtotal: Amount,
    /// The VAT rate.
    pub vat_rate: Rate,
    /// VAT, rounded once.
    pub vat: Amount,
    /// The amount with VAT: `subtotal + vat`.
    pub total: Amount,
    /// Whether line amounts include VAT (then `total = lines_total`).
    pub prices_include_vat: bool,
    /// The working paper of the VAT and totals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// An amount shown with every place of the rounding unit (`1.5` → `1.50` for 0.01).
pub(crate) fn show(mut d: Decimal, rounding: &Rounding) -> Decimal {
    let s = rounding.unit.normalize().scale();
    if d.scale() < s {
        d.rescale(s);
    }
    d
}

/// A quantity in units of 10^-9, as a normalized decimal.
pub(crate) fn quantity_of(nano: i128, field: &str) -> Result<Decimal> {
    let (mut m, mut s) = (nano, super::QUANTITY_SCALE);
    while s > 0 && m % 10 == 0 {
        m /= 10;
        s -= 1;
    }
    Decimal::try_from_i128_with_scale(m, s).map_err(|_| Error::overflow(field, format!("{m}e-{s}")))
}

/// What the builder needs to know about the run.
pub(crate) struct Ctx<'a> {
    pub(crate) tariff: &'a Tariff,
    pub(crate) compiled: &'a Compiled,
    pub(crate) explain: bool,
    /// Each fee's schedule in words ([`crate::schedule::Schedule::describe`]), written once
    /// per run rather than once per line (80,000 lines for 10,000 customers).
    schedules: Vec<String>,
}

impl<'a> Ctx<'a> {
    /// The context of a run (working papers with `explain`).
    pub(crate) fn new(tariff: &'a Tariff, compiled: &'a Compiled, explain: bool) -> Ctx<'a> {
        let schedules = tariff.fees.iter().map(|f| f.schedule.describe()).collect();
        Ctx { tariff, compiled, explain, schedules }
    }
}

/// One aggregate to turn into a line.
pub(crate) struct LineInput {
    pub(crate) slot: u32,
    pub(crate) nano: i128,
    pub(crate) records: u64,
}

impl Ctx<'_> {
    /// Build a line; also returns the precise charge.
    pub(crate) fn line(&self, customer: &str, input: &LineInput) -> Result<(InvoiceLine, Decimal)> {
        let t = self.tariff;
        let field = |what: &str| format!("invoices[{customer}].{what}");
        let slot: &Slot = self.compiled.slots.get(input.slot as usize).ok_or_else(|| Error::invalid(field("slot"), input.slot, "internal index"))?;
        let pair = self.compiled.pairs.get(slot.pair as usize).ok_or_else(|| Error::invalid(field("pair"), slot.pair, "internal index"))?;
        let product = t.catalog.products.get(pair.product as usize).ok_or_else(|| Error::invalid(field("product"), pair.product, "internal index"))?;
        let scenario = t.catalog.scenarios.get(pair.scenario as usize).ok_or_else(|| Error::invalid(field("scenario"), pair.scenario, "internal index"))?;
        // Field names and working-paper titles are written only when needed (an error, or
        // `explain`): not per line.
        let q = quantity_of(input.nano, "").map_err(|e| e.within(&field("quantity")))?;
        let id = || format!("rating.{customer}.{}/{}", product.id, scenario.id);
        let title = || format!("Invoice line 账单行: {} / {}", product.name, scenario.name);
        let zero = show(Decimal::ZERO, &t.rounding);

        let Some((fee_index, fee)) = slot.fee.and_then(|f| Some((f as usize, t.fees.get(f as usize)?))) else {
            let reason = pair.free.unwrap_or("free use");
            let explanation = self.explain.then(|| {
                Explanation::new(id(), title(), "free use: amount = 0")
                    .input("category", format!("{} {}", scenario.category.name(), scenario.category.zh()))
                    .input("records", input.records)
                    .input("Σ quantity", q)
                    .result(zero)
                    .note(reason)
            });
            let line = InvoiceLine {
                product: product.id.clone(),
                scenario: scenario.id.clone(),
                category: scenario.category,
                free: true,
                free_reason: Some(reason.to_string()),
                effective: None,
                schedule: None,
                records: input.records,
                quantity: Quantity::new(q),
                billed_quantity: None,
                cap: None,
                cap_limit: None,
                charge: Amount::ZERO,
                amount: Amount::new(zero),
                note: None,
                explanation,
            };
            return Ok((line, Decimal::ZERO));
        };

        let charge = fee.schedule.charge(Quantity::new(q)).map_err(|e| e.within(&field("charge")))?.get();
        let billed = fee.schedule.billed_quantity(Quantity::new(q)).map_err(|e| e.within(&field("billed_quantity")))?.get();
        let limit = money::mul(fee.cap.get(), billed, "").map_err(|e| e.within(&field("cap_limit")))?;
        let (guarded, floored) = crate::money::round_within_cap(charge, limit, &t.rounding)?;
        let (amount, note) = if floored {
            let rounded = t.rounding.round(charge)?;
            let down = show(guarded, &t.rounding);
            let note = format!(
                "{} gives {}, above cap × billed quantity = {} × {} = {}; rounded down to {} instead",
                t.rounding.describe(),
                show(rounded, &t.rounding),
                fee.cap,
                billed,
                limit,
                down
            );
            (down, Some(note))
        } else {
            (show(guarded, &t.rounding), None)
        };
        let explanation = self.explain.then(|| {
            let mut e = Explanation::new(id() + &format!("@{}", fee.effective), title(), "amount = round(charge(Σ q)), at most cap × billed(Σ q)")
                .input("schedule (具体收费标准)", fee.schedule.describe())
                .input("in force from", fee.effective)
                .input("records", input.records)
                .input("Σ q", q)
                .input("billed quantity", billed)
                .input("cap (上限收费标准)", fee.cap)
                .input("cap × billed quantity", limit)
                .input("charge(Σ q), precise", charge)
                .result(amount)
                .rounding(t.rounding.describe())
                .note("tiers, minimums, packages and subscriptions price the quantity aggregated per customer, product, scenario and fee in force over the period");
            if let Some(n) = &note {
                e = e.note(n.clone());
            }
            e
        });
        let line = InvoiceLine {
            product: product.id.clone(),
            scenario: scenario.id.clone(),
            category: scenario.category,
            free: false,
            free_reason: None,
            effective: Some(fee.effective),
            schedule: Some(self.schedules.get(fee_index).cloned().unwrap_or_else(|| fee.schedule.describe())),
            records: input.records,
            quantity: Quantity::new(q),
            billed_quantity: Some(Quantity::new(billed)),
            cap: Some(fee.cap),
            cap_limit: Some(Amount::new(limit)),
            charge: Amount::new(charge),
            amount: Amount::new(amount),
            note,
            explanation,
        };
        Ok((line, charge))
    }

    /// Close an invoice: lines total, VAT on the precise charges, subtotal and total.
    pub(crate) fn invoice(&self, customer: String, lines: Vec<InvoiceLine>, precise: Decimal) -> Result<Invoice> {
        let t = self.tariff;
        let r = &t.rounding;
        let field = |what: &str| format!("invoices[{customer}].{what}");
        let lines_total = money::sum(lines.iter().map(|l| l.amount.get()), "").map_err(|e| e.within(&field("lines_total")))?;
        let v = t.vat_rate.get();
        let (vat_exact, formula) = if t.prices_include_vat {
            let gross = money::mul(precise, v, "").map_err(|e| e.within(&field("vat")))?;
            (
                money::div(gross, Decimal::ONE + v, "").map_err(|e| e.within(&field("vat")))?,
                "VAT = round(Σ charge × v / (1 + v)); total = Σ lines; subtotal = total − VAT",
            )
        } else {
            (money::mul(precise, v, "").map_err(|e| e.within(&field("vat")))?, "VAT = round(Σ charge × v); subtotal = Σ lines; total = subtotal + VAT")
        };
        let vat = show(r.round(vat_exact)?, r);
        let (subtotal, total) = if t.prices_include_vat {
            (money::sub(lines_total, vat, "").map_err(|e| e.within(&field("subtotal")))?, lines_total)
        } else {
            (lines_total, money::add(lines_total, vat, "").map_err(|e| e.within(&field("total")))?)
        };
        let (lines_total, subtotal, total) = (show(lines_total, r), show(subtotal, r), show(total, r));
        let explanation = self.explain.then(|| {
            Explanation::new(format!("rating.{customer}.invoice"), format!("Invoice 账单: {customer}"), formula)
                .input("lines", lines.len())
                .input("Σ lines (rounded)", lines_total)
                .input("Σ charge (precise)", precise)
                .input("VAT rate v", v)
                .input("VAT, precise", vat_exact)
                .input("VAT", vat)
                .input("subtotal (without VAT)", subtotal)
                .result(total)
                .rounding(format!("{} per line and once for the VAT", r.describe()))
                .note("VAT is computed on the precise line charges, not on the rounded lines")
        });
        Ok(Invoice {
            customer,
            lines,
            lines_total: Amount::new(lines_total),
            subtotal: Amount::new(subtotal),
            vat_rate: t.vat_rate,
            vat: Amount::new(vat),
            total: Amount::new(total),
            prices_include_vat: t.prices_include_vat,
            explanation,
        })
    }
}
