//! In-kind support (数据激励: 技术、产品和服务支持), valued and set against a department's share.
//!
//! 大冶 (数据激励措施): "运营机构可依法合规通过技术、产品和服务、收益等方式,支持部门数据治理和服务能力建设".
//! Technology, products and services are named beside revenue (收益) as ways of supporting a
//! department: support in kind stands in for part of the department's share of revenue. So a
//! support item is **valued** (basis, amount, date, an optional reference) and the value is set
//! against that department's share of the period; the department's remittance is the share less
//! the offset.
//!
//! **An offset larger than the share is carried, not refused** (结转下期). The seed makes in-kind
//! support a *form* of the operator's support, lawful in its own right; it does not make it a
//! debt of the department. Support worth more than this period's share therefore neither turns
//! the remittance negative (a department's non-tax revenue cannot be a payment *from* the
//! treasury) nor becomes a claim on the department: the excess is carried forward
//! (`carried_forward`) and is set against the department's next shares when given back as
//! `carried_in`. Per department and period, to the cent:
//!
//! ```text
//! available       = Σ support valued in the period + carried_in
//! in_kind_offset  = min(available, share)
//! remitted        = share − in_kind_offset
//! carried_forward = available − in_kind_offset
//! ```
//!
//! so `in_kind_offset + remitted = share` and `in_kind_offset + carried_forward = available`.
//!
//! Only layer-1 units (行政事业单位, the departments) receive in-kind support here; support items
//! are dated within the statement's period, strictly positive and in whole cents. At most
//! [`MAX_IN_KIND`] items and as many `carried_in` lines.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::settlement::Period;
use crate::error::{Error, Result};
use crate::money::{add, sub, Amount};
use crate::rating::Date;

/// The most support items (and the most `carried_in` lines) in one statement.
pub const MAX_IN_KIND: usize = 10_000;

/// What was given (支持方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    /// Technology (技术): development, integration, technical staff.
    Technology,
    /// Products (产品): software, data products, equipment.
    Product,
    /// Services (服务): operation, training, data governance services.
    Service,
}

impl SupportKind {
    /// `"technology 技术"`.
    pub fn label(self) -> &'static str {
        match self {
            SupportKind::Technology => "technology 技术",
            SupportKind::Product => "product 产品",
            SupportKind::Service => "service 服务",
        }
    }
}

/// How the support was valued (估值依据).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ValuationBasis {
    /// The market price of the same technology, product or service (市场价格).
    MarketPrice,
    /// The operator's cost of providing it (成本).
    Cost,
    /// An independent appraisal (资产评估).
    Appraisal,
    /// A value stated in the agreement (协议约定).
    Agreed,
}

impl ValuationBasis {
    /// `"market price 市场价格"`.
    pub fn label(self) -> &'static str {
        match self {
            ValuationBasis::MarketPrice => "market price 市场价格",
            ValuationBasis::Cost => "cost 成本",
            ValuationBasis::Appraisal => "appraisal 资产评估",
            ValuationBasis::Agreed => "agreed 协议约定",
        }
    }
}

/// One item of in-kind support to a department, valued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InKindSupport {
    /// The layer-1 unit (department) supported.
    pub unit: String,
    /// Technology, product or service.
    pub kind: SupportKind,
    /// What was given.
    #[serde(default)]
    pub description: String,
    /// How it was valued.
    pub basis: ValuationBasis,
    /// Its value, in whole cents, above 0.
    pub amount: Amount,
    /// The valuation date, within the statement's period.
    pub date: Date,
    /// A contract, invoice or appraisal reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// In-kind value carried from an earlier period (上期结转).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CarriedIn {
    /// The layer-1 unit.
    pub unit: String,
    /// The value carried, in whole cents, at least 0.
    pub amount: Amount,
}

/// A department's offset for the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset {
    /// Support valued in the period plus the value carried in.
    pub available: Amount,
    /// Set against the share: `min(available, share)`.
    pub offset: Amount,
    /// What is remitted: `share − offset`.
    pub remitted: Amount,
    /// Carried to the next period: `available − offset`.
    pub carried_forward: Amount,
}

/// Set `valued + carried_in` against `share` (all in cents, none negative).
pub fn offset(share: Amount, valued: Amount, carried_in: Amount, field: &str) -> Result<Offset> {
    share.non_negative(field)?;
    let available = Amount::new(add(valued.get(), carried_in.get(), field)?);
    let offset = if available < share { available } else { share };
    Ok(Offset {
        available,
        offset,
        remitted: Amount::new(sub(share.get(), offset.get(), field)?),
        carried_forward: Amount::new(sub(available.get(), offset.get(), field)?),
    })
}

fn whole_cents(a: Amount, field: &str) -> Result<()> {
    if a.get().round_dp(2) != a.get() {
        return Err(Error::invalid(field, a, "a whole number of cents"));
    }
    Ok(())
}

/// Check the support items and carried values against the period and the known units.
///
/// Errors: more than [`MAX_IN_KIND`] items or lines ([`Error::LimitExceeded`]); a unit not in
/// layer 1 ([`Error::UnknownId`] `in_kind[i].unit`, `carried_in[i].unit`); an amount not above 0
/// (`in_kind[i].amount`) or negative (`carried_in[i].amount`) ([`Error::OutOfRange`]) or not in
/// whole cents ([`Error::Invalid`]); a date outside the period ([`Error::Invalid`]
/// `in_kind[i].date`); a unit carried twice ([`Error::DuplicateId`] `carried_in[i].unit`).
pub fn check(items: &[InKindSupport], carried: &[CarriedIn], period: &Period, is_unit: impl Fn(&str) -> bool) -> Result<()> {
    for (field, n) in [("in_kind", items.len()), ("carried_in", carried.len())] {
        if n > MAX_IN_KIND {
            return Err(Error::LimitExceeded { field: field.into(), value: n.to_string(), max: MAX_IN_KIND.to_string() });
        }
    }
    for (i, s) in items.iter().enumerate() {
        if !is_unit(&s.unit) {
            return Err(Error::unknown(format!("in_kind[{i}].unit"), &s.unit));
        }
        let f = format!("in_kind[{i}].amount");
        if s.amount.get() <= Decimal::ZERO {
            return Err(Error::out_of_range(f, s.amount, "> 0"));
        }
        whole_cents(s.amount, &f)?;
        if s.date < period.from || s.date > period.to {
            return Err(Error::invalid(format!("in_kind[{i}].date"), s.date, format!("within the period {} – {}", period.from, period.to)));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in carried.iter().enumerate() {
        if !is_unit(&c.unit) {
            return Err(Error::unknown(format!("carried_in[{i}].unit"), &c.unit));
        }
        if !seen.insert(c.unit.as_str()) {
            return Err(Error::DuplicateId { field: format!("carried_in[{i}].unit"), value: c.unit.clone() });
        }
        let f = format!("carried_in[{i}].amount");
        c.amount.non_negative(&f)?;
        whole_cents(c.amount, &f)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Amount {
        Amount::new(s.parse().unwrap())
    }

    #[test]
    fn offset_within_and_beyond_the_share() {
        let o = offset(a("79.43"), a("30.00"), a("0.00"), "x").unwrap();
        assert_eq!((o.offset, o.remitted, o.carried_forward), (a("30.00"), a("49.43"), a("0.00")));
        let o = offset(a("79.43"), a("60.00"), a("25.00"), "x").unwrap();
        assert_eq!((o.offset, o.remitted, o.carried_forward), (a("79.43"), a("0.00"), a("5.57")));
        assert_eq!(o.offset.get() + o.remitted.get(), a("79.43").get());
    }
}
