//! Audit signals in rating (异常使用提示): uses a reviewer should look at, flagged, never
//! refused.
//!
//! - `usage_spike`: a customer's quantity of a product in the period is above `spike_factor`
//!   (default 3) × its trailing average over the prior periods given (`history`); no signal
//!   without history or with a zero average.
//! - `free_use_concentration`: a customer's share of a product's free-category quantity (公共治理
//!   / 公益事业) is above `free_share` (default 0.5) while the product's free quantity is at least
//!   `min_free_quantity` (default 0). One customer taking all of it (share 1) is flagged too: a
//!   free use is conditional (荆州 有条件无偿使用), and one body taking all of it is worth a look.
//!
//! Signals are sorted by kind, customer, product. Each test compares exact decimals; the ratio
//! shown is rounded half-up to 4 places, the trailing average shown to 4 places.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{self, Quantity, Rate};
use crate::rating::RatingResult;

/// The most usage or history lines one audit reads.
pub const MAX_AUDIT_LINES: usize = 1_000_000;

/// The most prior periods per history line.
pub const MAX_HISTORY_PERIODS: usize = 120;

/// A customer's use of a product in the period (from the invoices: charged and free lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UsageLine {
    /// Customer.
    pub customer: String,
    /// Product id.
    pub product: String,
    /// Quantity.
    pub quantity: Quantity,
    /// Whether the use is free-category.
    #[serde(default)]
    pub free: bool,
}

/// A customer's quantities of a product in prior periods (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct History {
    /// Customer.
    pub customer: String,
    /// Product id.
    pub product: String,
    /// Quantities of prior periods.
    pub quantities: Vec<Quantity>,
}

fn three() -> Decimal {
    Decimal::from(3)
}

fn half() -> Decimal {
    Decimal::new(5, 1)
}

/// Thresholds of the signals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Quantity above this multiple of the trailing average is a spike (default 3).
    #[serde(default = "three", with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub spike_factor: Decimal,
    /// A customer's share of a product's free quantity above this is flagged (default 0.5).
    #[serde(default = "half", with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub free_share: Decimal,
    /// Products whose free quantity is below this are not checked (default 0).
    #[serde(default, with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub min_free_quantity: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { spike_factor: three(), free_share: half(), min_free_quantity: Decimal::ZERO }
    }
}

/// Kind of signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// Quantity far above the trailing average.
    UsageSpike,
    /// A large share of a product's free-category use.
    FreeUseConcentration,
}

/// One audit signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "AuditSignal"))]
pub struct Signal {
    /// Kind.
    pub kind: SignalKind,
    /// Customer.
    pub customer: String,
    /// Product.
    pub product: String,
    /// The quantity in the period (free quantity for a concentration).
    pub quantity: Quantity,
    /// The trailing average, or the product's total free quantity.
    pub reference: Quantity,
    /// `quantity / reference`, half-up to 4 places.
    pub ratio: Rate,
    /// A sentence for the reviewer.
    pub reason: String,
}

/// The usage lines of a rating result: each invoice line's customer, product, quantity, free.
pub fn usage_of(result: &RatingResult) -> Vec<UsageLine> {
    result
        .invoices
        .iter()
        .flat_map(|inv| {
            inv.lines.iter().map(move |l| UsageLine { customer: inv.customer.clone(), product: l.product.clone(), quantity: l.quantity, free: l.free })
        })
        .collect()
}

fn ratio(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    let mut r = money::div(a, b, field)?.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(4);
    Ok(r)
}

/// The signals of a period's usage.
pub fn audit_signals(usage: &[UsageLine], history: &[History], t: &Thresholds) -> Result<Vec<Signal>> {
    if t.spike_factor <= Decimal::ZERO {
        return Err(Error::out_of_range("thresholds.spike_factor", t.spike_factor, "> 0"));
    }
    if t.free_share <= Decimal::ZERO || t.free_share > Decimal::ONE {
        return Err(Error::out_of_range("thresholds.free_share", t.free_share, "in (0, 1]"));
    }
    if t.min_free_quantity < Decimal::ZERO {
        return Err(Error::out_of_range("thresholds.min_free_quantity", t.min_free_quantity, ">= 0"));
    }
    for (f, n) in [("usage", usage.len()), ("history", history.len())] {
        if n > MAX_AUDIT_LINES {
            return Err(Error::LimitExceeded { field: f.into(), value: n.to_string(), max: MAX_AUDIT_LINES.to_string() });
        }
    }
    let mut total: BTreeMap<(&str, &str), Decimal> = BTreeMap::new();
    let mut free: BTreeMap<(&str, &str), Decimal> = BTreeMap::new();
    let mut free_total: BTreeMap<&str, Decimal> = BTreeMap::new();
    for (i, u) in usage.iter().enumerate() {
        let q = u.quantity.non_negative(&format!("usage[{i}].quantity"))?.get();
        let e = total.entry((u.customer.as_str(), u.product.as_str())).or_default();
        *e = money::add(*e, q, "usage.quantity")?;
        if u.free {
            let e = free.entry((u.customer.as_str(), u.product.as_str())).or_default();
            *e = money::add(*e, q, "usage.quantity")?;
            let e = free_total.entry(u.product.as_str()).or_default();
            *e = money::add(*e, q, "usage.quantity")?;
        }
    }
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, h) in history.iter().enumerate() {
        if !seen.insert((h.customer.as_str(), h.product.as_str())) {
            return Err(Error::DuplicateId { field: format!("history[{i}]"), value: format!("{}/{}", h.customer, h.product) });
        }
        if h.quantities.len() > MAX_HISTORY_PERIODS {
            return Err(Error::LimitExceeded {
                field: format!("history[{i}].quantities"),
                value: h.quantities.len().to_string(),
                max: MAX_HISTORY_PERIODS.to_string(),
            });
        }
        if h.quantities.is_empty() {
            continue;
        }
        let mut sum = Decimal::ZERO;
        for (k, q) in h.quantities.iter().enumerate() {
            sum = money::add(sum, q.non_negative(&format!("history[{i}].quantities[{k}]"))?.get(), "history")?;
        }
        let avg = money::div(sum, Decimal::from(h.quantities.len()), "history")?;
        let now = total.get(&(h.customer.as_str(), h.product.as_str())).copied().unwrap_or_default();
        if avg > Decimal::ZERO && now > money::mul(avg, t.spike_factor, "history")? {
            let r = ratio(now, avg, "history")?;
            out.push(Signal {
                kind: SignalKind::UsageSpike,
                customer: h.customer.clone(),
                product: h.product.clone(),
                quantity: Quantity::new(now),
                reference: Quantity::new(avg.round_dp(4).normalize()),
                ratio: Rate::new(r),
                reason: format!(
                    "quantity {now} is {r} × the trailing average {} of {} periods (threshold {}×)",
                    avg.round_dp(4).normalize(),
                    h.quantities.len(),
                    t.spike_factor
                ),
            });
        }
    }
    for (&(customer, product), &q) in &free {
        let all = free_total.get(product).copied().unwrap_or_default();
        if all <= Decimal::ZERO || all < t.min_free_quantity {
            continue;
        }
        let share = money::div(q, all, "usage")?;
        if share > t.free_share {
            let r = ratio(q, all, "usage")?;
            out.push(Signal {
                kind: SignalKind::FreeUseConcentration,
                customer: customer.into(),
                product: product.into(),
                quantity: Quantity::new(q),
                reference: Quantity::new(all),
                ratio: Rate::new(r),
                reason: format!("{r} of the product's free-category use ({q} of {all}; threshold {})", t.free_share),
            });
        }
    }
    out.sort_by(|a, b| (a.kind, &a.customer, &a.product).cmp(&(b.kind, &b.customer, &b.product)));
    Ok(out)
}
