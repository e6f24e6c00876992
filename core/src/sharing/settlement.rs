//! Settlement on collected cash (按实收结算, 资金缴纳): shares and treasury remittance of a period
//! computed on the revenue actually collected, with a payment schedule.
//!
//! 六安 asks each product's agreement (一产品一议) to settle 成本核算、分配比例、收益盈亏、**资金缴纳**,
//! and the units' data-asset income to be remitted to the treasury "after the related taxes, under the
//! rules for non-tax revenue and centralised treasury collection, in good time" (及时上缴市财政). A share
//! cannot be paid out of revenue that was billed but not yet received, so the period's settlement runs
//! on cash:
//!
//! 1. Each product's **collected** revenue is given (`collected`), or follows from the period's
//!    `collected_ratio`: `billed × ratio` rounded **down** to the cent (never more than was received).
//!    It is at least 0 and at most the billed revenue; the rest is **uncollected** (应收未收) and is
//!    shown apart, undistributed, gross of its taxes.
//! 2. The product's two layers ([`super::two_layer::two_layer`], the same arithmetic, not a copy)
//!    run on the collected revenue: the units' shares less their related taxes go to their treasury
//!    levels, the operator's part through its layer-2 waterfall.
//! 3. **Payments** (缴纳与支付计划): one line per unit and treasury level (the operator remits the
//!    unit's non-tax revenue, 国库集中收缴) due on the schedule's date for that level, one line per
//!    partner due on the partners' date (or the partner's own); the operator's own total is retained.
//!
//! Invariant, per product and in total, to the cent: `Σ remitted + Σ layer-2 totals + taxes on the
//! collected revenue = collected`, hence `distributed + uncollected = billed − taxes`.
//!
//! Limits: at most [`MAX_SETTLEMENT_PRODUCTS`] products and [`MAX_SETTLEMENT_PARTIES`] parties
//! (layer-1 units plus layer-2 parties) over all products, refused with `limit_exceeded`.
//!
//! ```
//! use serde_json::json;
//! let p = json!({"product": "p1", "revenue": "1000.00", "tax_basis": "vat_exclusive", "vat_rate": "0.06",
//!   "surcharge_rate": "0", "layer1": [{"id": "bureau", "ratio": "0.10", "treasury": "city"}],
//!   "layer2": {"parties": [{"id": "op", "kind": "operator", "ratio": "1"}], "method": "fixed_ratios"}});
//! let out = datafee::api::call("sharing.settlement", json!({
//!   "period": {"from": "2026-01-01", "to": "2026-03-31"},
//!   "products": [{"sharing": p}], "collected_ratio": "0.8",
//!   "schedule": {"treasury": {"city": "2026-04-15"}, "parties": "2026-04-30"}}))?;
//! assert_eq!(out["collected"], "800.00");
//! assert_eq!(out["uncollected"], "200.00");
//! assert_eq!(out["payments"][0]["amount"], "80.00");
//! assert_eq!(out["payments"][0]["due"], "2026-04-15");
//! # Ok::<(), datafee::Error>(())
//! ```

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ids::check_unique;
use super::two_layer::{two_layer, TreasuryLevel, TwoLayer, TwoLayerInput};
use super::waterfall::PartyKind;
use crate::date::Date;
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{add, mul, sub, Amount, Rate, Rounding};

/// The most products in one settlement.
pub const MAX_SETTLEMENT_PRODUCTS: usize = 10_000;
/// The most parties (layer-1 units plus layer-2 parties) over all products of one settlement.
pub const MAX_SETTLEMENT_PARTIES: usize = 1_000_000;

/// The settlement period (结算期), both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
}

/// One product of the settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SettledProduct {
    /// Its two-layer agreement; `revenue` is the revenue **billed** in the period.
    pub sharing: TwoLayerInput,
    /// The revenue collected in the period (实收), at most the billed revenue. Absent: the
    /// settlement's `collected_ratio` applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected: Option<Amount>,
}

/// When each payment falls due (缴纳与支付期限).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PaymentSchedule {
    /// The due date of the remittance to each treasury level used (非税收入缴库期限).
    pub treasury: BTreeMap<TreasuryLevel, Date>,
    /// The due date of the partners' shares.
    pub parties: Date,
    /// A partner's own due date, by its id, where it differs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub party_due: BTreeMap<String, Date>,
}

/// The input of `sharing.settlement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SettlementInput {
    /// The period.
    pub period: Period,
    /// The products settled.
    pub products: Vec<SettledProduct>,
    /// The share of billed revenue collected, in [0, 1], for products without `collected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_ratio: Option<Rate>,
    /// The due dates.
    pub schedule: PaymentSchedule,
}

/// Where a product's collected figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CollectedBasis {
    /// Given as the product's collections.
    Collections,
    /// The settlement's `collected_ratio` × billed, rounded down to the cent.
    Ratio,
}

/// One product settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductSettlement {
    /// The product.
    pub product: String,
    /// Revenue billed in the period.
    pub billed: Amount,
    /// Revenue collected (the base of every share).
    pub collected: Amount,
    /// Where `collected` came from.
    pub collected_basis: CollectedBasis,
    /// Billed but not collected: shown apart, not distributed.
    pub uncollected: Amount,
    /// The two layers on the collected revenue.
    pub sharing: TwoLayer,
}

/// What a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    /// A unit's non-tax revenue remitted to a treasury level (上缴国库).
    Treasury,
    /// A partner's share paid by the operator.
    Party,
}

/// One line of the payment schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Payment {
    /// Treasury remittance or a partner's share.
    pub kind: PaymentKind,
    /// The unit (for a remittance) or the partner.
    pub id: String,
    /// The treasury level, for a remittance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treasury: Option<TreasuryLevel>,
    /// The amount, summed over the products.
    pub amount: Amount,
    /// The due date.
    pub due: Date,
}

/// A period's settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Settlement {
    /// The period.
    pub period: Period,
    /// Σ billed.
    pub billed: Amount,
    /// Σ collected.
    pub collected: Amount,
    /// Σ uncollected (shown apart).
    pub uncollected: Amount,
    /// Σ taxes on the collected revenue.
    pub taxes: Amount,
    /// Σ remitted to the treasuries.
    pub remitted: Amount,
    /// Σ remitted + Σ layer-2 totals: collected − taxes.
    pub distributed: Amount,
    /// The operator's own total, retained (not a payment).
    pub operator_retained: Amount,
    /// Remitted per treasury level.
    pub treasury: BTreeMap<TreasuryLevel, Amount>,
    /// The payment schedule: remittances by level then unit id, then partners by id.
    pub payments: Vec<Payment>,
    /// Per product, in input order.
    pub products: Vec<ProductSettlement>,
    /// How the settlement was made.
    pub explanation: Explanation,
}

fn zero() -> Amount {
    Amount::new(Decimal::new(0, 2))
}

fn plus(a: &mut Amount, b: Amount, field: &str) -> Result<()> {
    *a = Amount::new(add(a.get(), b.get(), field)?);
    Ok(())
}

/// Settle a period on collected cash.
///
/// Errors: no products ([`Error::Empty`] `products`); a period ending before it starts
/// (`period.to`); a negative collection ([`Error::OutOfRange`] `products[i].collected`) or one
/// above the billed revenue ([`Error::Invalid`]); a ratio outside [0, 1] (`collected_ratio`);
/// neither given ([`Error::Missing`] `products[i].collected`); a treasury level used without a due
/// date ([`Error::Missing`] `schedule.treasury.<level>`); a due date before the period's end; a
/// repeated product; the two layers' own errors under `products[i].sharing`; more than
/// [`MAX_SETTLEMENT_PRODUCTS`] products or [`MAX_SETTLEMENT_PARTIES`] parties
/// ([`Error::LimitExceeded`]).
pub fn settle(i: &SettlementInput) -> Result<Settlement> {
    let n = i.products.len();
    if n == 0 {
        return Err(Error::Empty { field: "products".into(), value: "[]".into() });
    }
    if n > MAX_SETTLEMENT_PRODUCTS {
        return Err(Error::LimitExceeded { field: "products".into(), value: n.to_string(), max: MAX_SETTLEMENT_PRODUCTS.to_string() });
    }
    let parties: usize = i.products.iter().map(|p| p.sharing.layer1.len().saturating_add(p.sharing.layer2.parties.len())).fold(0, usize::saturating_add);
    if parties > MAX_SETTLEMENT_PARTIES {
        return Err(Error::LimitExceeded { field: "products".into(), value: format!("{parties} parties"), max: MAX_SETTLEMENT_PARTIES.to_string() });
    }
    check_unique(n, |k| i.products.get(k).map_or("", |p| p.sharing.product.as_str()), "products", ".sharing.product")?;
    if i.period.to < i.period.from {
        return Err(Error::invalid("period.to", i.period.to, "the period ends on or after its first day"));
    }
    if let Some(r) = i.collected_ratio {
        if r.get() < Decimal::ZERO || r.get() > Decimal::ONE {
            return Err(Error::out_of_range("collected_ratio", r, "in [0, 1]"));
        }
    }
    for (level, due) in &i.schedule.treasury {
        if *due < i.period.to {
            let name = serde_json::to_value(level).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            return Err(Error::invalid(format!("schedule.treasury.{name}"), due, "a payment falls due on or after the period's last day"));
        }
    }
    if i.schedule.parties < i.period.to {
        return Err(Error::invalid("schedule.parties", i.schedule.parties, "a payment falls due on or after the period's last day"));
    }
    for (id, due) in &i.schedule.party_due {
        if *due < i.period.to {
            return Err(Error::invalid(format!("schedule.party_due.{id}"), due, "a payment falls due on or after the period's last day"));
        }
    }

    let mut products = Vec::with_capacity(n);
    let (mut billed, mut collected, mut uncollected, mut taxes, mut remitted, mut retained) = (zero(), zero(), zero(), zero(), zero(), zero());
    let mut distributed = zero();
    let mut treasury: BTreeMap<TreasuryLevel, Amount> = BTreeMap::new();
    let mut to_treasury: BTreeMap<(TreasuryLevel, String), Amount> = BTreeMap::new();
    let mut to_parties: BTreeMap<String, Amount> = BTreeMap::new();
    for (k, p) in i.products.iter().enumerate() {
        let f = format!("products[{k}]");
        let bill = p.sharing.revenue;
        bill.non_negative(&format!("{f}.sharing.revenue"))?;
        let (cash, basis) = match (p.collected, i.collected_ratio) {
            (Some(c), _) => {
                let cf = format!("{f}.collected");
                c.non_negative(&cf)?;
                if c.get().round_dp(2) != c.get() {
                    return Err(Error::invalid(cf, c, "a whole number of cents"));
                }
                if c > bill {
                    return Err(Error::invalid(cf, c, format!("at most the billed revenue {bill}")));
                }
                (c, CollectedBasis::Collections)
            }
            (None, Some(r)) => {
                let x = mul(bill.get(), r.get(), "collected_ratio")?;
                let mut d = Rounding::floor_to(Decimal::new(1, 2)).round(x).within("collected_ratio")?;
                d.rescale(2);
                (Amount::new(d), CollectedBasis::Ratio)
            }
            (None, None) => {
                return Err(Error::Missing { field: format!("{f}.collected"), value: "the collections, or the settlement's collected_ratio".into() })
            }
        };
        let mut input = p.sharing.clone();
        input.revenue = cash;
        let s = two_layer(&input).within(&format!("{f}.sharing"))?;
        let open = Amount::new(sub(bill.get(), cash.get(), &f)?);
        let mut layer2_total = zero();
        for (j, q) in s.layer2.parties.iter().enumerate() {
            plus(&mut layer2_total, q.total, &f)?;
            match q.kind {
                PartyKind::Operator => plus(&mut retained, q.total, &f)?,
                _ => {
                    let slot = to_parties.entry(q.id.clone()).or_insert_with(zero);
                    plus(slot, q.total, &format!("{f}.sharing.layer2.parties[{j}]"))?;
                }
            }
        }
        let mut product_remitted = zero();
        for u in &s.layer1 {
            plus(&mut product_remitted, u.remitted, &f)?;
            plus(to_treasury.entry((u.treasury, u.id.clone())).or_insert_with(zero), u.remitted, &f)?;
            plus(treasury.entry(u.treasury).or_insert_with(zero), u.remitted, &f)?;
        }
        // The invariant, checked: remitted + layer 2 + taxes = collected.
        let back = add(add(product_remitted.get(), layer2_total.get(), &f)?, s.taxes.get(), &f)?;
        if back != cash.get() {
            return Err(Error::invalid(f, back, "internal check failed: remitted + layer 2 + taxes ≠ collected"));
        }
        plus(&mut billed, bill, "billed")?;
        plus(&mut collected, cash, "collected")?;
        plus(&mut uncollected, open, "uncollected")?;
        plus(&mut taxes, s.taxes, "taxes")?;
        plus(&mut remitted, product_remitted, "remitted")?;
        plus(&mut distributed, Amount::new(add(product_remitted.get(), layer2_total.get(), "distributed")?), "distributed")?;
        products.push(ProductSettlement {
            product: p.sharing.product.clone(),
            billed: bill,
            collected: cash,
            collected_basis: basis,
            uncollected: open,
            sharing: s,
        });
    }

    let mut payments = Vec::with_capacity(to_treasury.len() + to_parties.len());
    for ((level, id), amount) in to_treasury {
        let due = i.schedule.treasury.get(&level).copied().ok_or_else(|| {
            let name = serde_json::to_value(level).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            Error::Missing { field: format!("schedule.treasury.{name}"), value: format!("the due date of the remittance to the {name} treasury (unit {id})") }
        })?;
        payments.push(Payment { kind: PaymentKind::Treasury, id, treasury: Some(level), amount, due });
    }
    for (id, amount) in to_parties {
        let due = i.schedule.party_due.get(&id).copied().unwrap_or(i.schedule.parties);
        payments.push(Payment { kind: PaymentKind::Party, id, treasury: None, amount, due });
    }
    let explanation = Explanation::new(
        "sharing.settlement",
        "Settlement on collected cash 按实收结算 (六安: 明确…资金缴纳等事项; 扣除相关税费后…及时上缴市财政)",
        "collected = given, or ⌊billed × collected_ratio⌋ to the cent; two layers on collected; uncollected = billed − collected, not distributed",
    )
    .input("period", format!("{} – {}", i.period.from, i.period.to))
    .input("billed", billed)
    .input("collected", collected)
    .input("taxes on collected", taxes)
    .result(format!("distributed {distributed} + uncollected {uncollected} = billed {billed} − taxes {taxes}"))
    .rounding("each product's two layers split by largest remainder to the cent, ties by id ascending; the ratio's collections rounded down");
    Ok(Settlement {
        period: i.period,
        billed,
        collected,
        uncollected,
        taxes,
        remitted,
        distributed,
        operator_retained: retained,
        treasury,
        payments,
        products,
        explanation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn product(id: &str, revenue: &str) -> serde_json::Value {
        json!({"product": id, "revenue": revenue, "tax_basis": "vat_exclusive", "vat_rate": "0.06", "surcharge_rate": "0.12",
            "layer1": [{"id": "bureau", "ratio": "0.10", "treasury": "city"}, {"id": "taxb", "ratio": "0.05", "treasury": "central"}],
            "layer2": {"parties": [{"id": "op", "kind": "operator", "ratio": "0.6"}, {"id": "pt", "kind": "partner", "ratio": "0.4"}],
                       "method": "fixed_ratios"}})
    }

    fn input(v: serde_json::Value) -> SettlementInput {
        crate::doc::from_value(v).unwrap()
    }

    fn schedule() -> serde_json::Value {
        json!({"treasury": {"city": "2026-04-15", "central": "2026-04-20"}, "parties": "2026-04-30", "party_due": {"pt": "2026-04-10"}})
    }

    #[test]
    fn collections_and_ratio_add_up() {
        let s = settle(&input(json!({"period": {"from": "2026-01-01", "to": "2026-03-31"},
            "products": [{"sharing": product("a", "1000.00"), "collected": "600.00"}, {"sharing": product("b", "333.33")}],
            "collected_ratio": "0.5", "schedule": schedule()})))
        .unwrap();
        assert_eq!(s.products[1].collected.to_string(), "166.66"); // ⌊166.665⌋
        assert_eq!(s.collected.to_string(), "766.66");
        assert_eq!(s.uncollected.to_string(), "566.67");
        let lhs = s.distributed.get() + s.uncollected.get();
        assert_eq!(lhs, s.billed.get() - s.taxes.get());
        let paid: Decimal = s.payments.iter().map(|p| p.amount.get()).sum();
        assert_eq!(paid + s.operator_retained.get(), s.distributed.get());
        assert_eq!(s.payments.iter().find(|p| p.id == "pt").unwrap().due.to_string(), "2026-04-10");
    }

    #[test]
    fn refusals_name_the_field() {
        let base = |collected: &str| {
            json!({"period": {"from": "2026-01-01", "to": "2026-03-31"},
                "products": [{"sharing": product("a", "1000.00"), "collected": collected}], "schedule": schedule()})
        };
        let e = settle(&input(base("-0.01"))).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "products[0].collected"));
        let e = settle(&input(base("1000.01"))).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "products[0].collected"));
        let e = settle(&input(json!({"period": {"from": "2026-01-01", "to": "2026-03-31"},
            "products": [{"sharing": product("a", "1000.00")}], "schedule": schedule()})))
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("missing", "products[0].collected"));
        let e = settle(&input(json!({"period": {"from": "2026-01-01", "to": "2026-03-31"},
            "products": [{"sharing": product("a", "1000.00"), "collected": "1.00"}],
            "schedule": {"treasury": {"city": "2026-04-15"}, "parties": "2026-04-30"}})))
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("missing", "schedule.treasury.central"));
    }
}
