//! Actual fees (具体收费标准): the operator's fee schedules and their compliance with the cap.
//!
//! Within the upper fee standard (上限收费标准, the *cap*, a price per unit set by the
//! authorizing body) the operator sets and publishes its actual fees. A [`Schedule`] is one
//! actual fee for one product in one scenario, in one of the charging forms in use:
//!
//! | kind | 中文 | charge for a quantity `q > 0` |
//! |---|---|---|
//! | [`Schedule::Flat`] | 按量计费 | `price × q`, at least `minimum_charge` |
//! | [`Schedule::Graduated`] | 累进阶梯 | each band's units at that band's price |
//! | [`Schedule::Volume`] | 全量阶梯 | every unit at the price of the band the total reaches |
//! | [`Schedule::Package`] | 套餐包 | `ceil(q / size)` whole packages at `price` each |
//! | [`Schedule::Subscription`] | 包时订阅 | `fee` per time unit covers `included` units, then `overage` per unit |
//! | [`Schedule::Discount`] | 折扣 | the base schedule's charge × `(1 − percent)` |
//!
//! ## Billing happens only for a positive quantity
//!
//! `charge(0) = 0` for every kind: a minimum charge, a package or a subscription fee is billed
//! only when something is used in the billing period (`q > 0`). A negative quantity is
//! refused. [`Schedule::charge`] is the precise, unrounded charge; invoices round it per
//! line (half-up to 0.01 yuan by default, see [`crate::money::Rounding`]).
//!
//! ## Compliance with the cap (不高于上限收费标准)
//!
//! The default test is **strict**: every published unit price is at or below the cap (see
//! [`compliance`'s module](Schedule::compliance_with)). The weaker average test, a profile
//! option, reads `charge(q) ≤ cap × q` for **every** billed quantity `q`.
//! Quantities are billed in multiples of the product's billing granularity `step` (1 call,
//! 0.5 GB, ...), so [`Schedule::compliance`] checks `q ∈ {step, 2·step, 3·step, ...}` and
//! returns the **smallest** such `q` that breaks the rule. It decides this analytically per
//! kind (closed forms and exact integer division on the band boundaries), never by scanning
//! quantities, so a graduated schedule whose last band is above the cap is found to break at
//! the exact unit where the slack of its cheaper bands runs out, however far that is.
//!
//! A minimum charge, a subscription fee or an overage price above the cap all break the
//! rule; a minimum charge or a fee breaks it at small quantities (`minimum > cap × step`).
//!
//! **Packages are the one exception**: a package is bought whole, so its billed quantity is
//! the package total `ceil(q / size) × size` (see [`Schedule::billed_quantity`]), and the
//! rule reads `price ≤ cap × size`. Judged against the units actually used, any package
//! would break the cap for a customer who uses a single unit of it.
//!
//! ```
//! use datafee::schedule::Schedule;
//! let s: Schedule = datafee::doc::from_json(r#"{"kind": "graduated", "tiers": [
//!     {"from": "0", "to": "1000", "price": "0.50"},
//!     {"from": "1000", "price": "0.70"}]}"#)?;
//! s.validate()?;
//! assert_eq!(s.charge("1200".parse()?)?.to_string(), "640.00");
//! // Cap 0.60: the 0.10 of slack per unit in the first band (100.00 in all) is used up by
//! // the 0.10 excess per unit of the second band after 1000 more units.
//! let v = s.average_compliance("0.60".parse()?, "1".parse()?)?;
//! assert_eq!(v.first_breach.unwrap().quantity.to_string(), "2001");
//! // The strict test (the default) refuses it outright: band 1's price 0.70 is above 0.60.
//! let v = s.compliance("0.60".parse()?, "1".parse()?)?;
//! assert_eq!(v.price_breach.unwrap().field, "tiers[1].price");
//! # Ok::<(), datafee::Error>(())
//! ```

mod compliance;
mod describe;
mod division;
mod document;
pub mod ops;
mod tiers;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{join_path, Error, Result, ResultExt};
use crate::money::{add, mul, sub, Amount, Quantity, Rate, UnitPrice};

pub use compliance::{Breach, PriceBreach, Verdict};
pub use tiers::Tier;

/// The most bands a graduated or volume schedule may have.
pub const MAX_TIERS: usize = 1000;

/// The most discounts that may be nested inside one another.
pub const MAX_DISCOUNT_DEPTH: usize = 8;

/// An actual fee schedule (具体收费标准) for one product in one scenario.
///
/// In documents it is an object tagged by `"kind"` (snake_case); every decimal is a string:
///
/// ```json
/// {"kind": "flat", "price": "0.50", "minimum_charge": "10.00"}
/// {"kind": "graduated", "tiers": [{"from": "0", "to": "1000", "price": "0.50"}, {"from": "1000", "price": "0.40"}]}
/// {"kind": "volume", "tiers": [...]}
/// {"kind": "package", "size": "1000", "price": "45.00"}
/// {"kind": "subscription", "fee": "100.00", "included": "1000", "overage": "0.08"}
/// {"kind": "discount", "percent": "0.2", "base": {"kind": "flat", "price": "0.50"}}
/// ```
///
/// A field that does not belong to the kind is refused, as is a missing one.
/// Call [`Schedule::validate`] on a schedule that comes from outside before using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Schedule {
    /// A price per unit (按量计费), with an optional minimum charge per billing.
    Flat {
        /// The price per unit (>= 0).
        price: UnitPrice,
        /// The least amount billed when `q > 0` (>= 0).
        #[serde(skip_serializing_if = "Option::is_none")]
        minimum_charge: Option<Amount>,
    },
    /// Graduated tiers (累进阶梯): each band's units at the band's own price.
    Graduated {
        /// The bands: half-open `[from, to)`, contiguous from 0, the last open-ended.
        tiers: Vec<Tier>,
    },
    /// Volume tiers (全量阶梯): all units at the price of the band the total quantity reaches.
    Volume {
        /// The bands: half-open `[from, to)`, contiguous from 0, the last open-ended.
        tiers: Vec<Tier>,
    },
    /// Whole packages (套餐包) of `size` units at `price` each; `q` is billed as
    /// `ceil(q / size)` packages, and the billed quantity is the package total.
    Package {
        /// Units per package (> 0).
        size: Quantity,
        /// The price of one package (>= 0).
        price: Amount,
    },
    /// A subscription per time unit (包时订阅): `fee` covers `included` units, units above
    /// are billed at `overage`.
    Subscription {
        /// The fee per time unit (>= 0), billed when `q > 0`.
        fee: Amount,
        /// Units covered by the fee (>= 0).
        included: Quantity,
        /// The price of each unit above `included` (>= 0).
        overage: UnitPrice,
    },
    /// A percentage discount (折扣) on another schedule: its charge × `(1 − percent)`.
    Discount {
        /// The discount, in `[0, 1]` (`0.2` is 20 % off).
        percent: Rate,
        /// The schedule discounted.
        base: Box<Schedule>,
    },
}

impl Schedule {
    /// Check the schedule: non-negative prices and quantities, positive package size,
    /// well-formed tiers (see [`Tier`]), a discount percent in `[0, 1]`, at most
    /// [`MAX_TIERS`] bands and [`MAX_DISCOUNT_DEPTH`] nested discounts.
    ///
    /// Error fields are paths inside the schedule (`tiers[2].from`, `base.percent`).
    ///
    /// ```
    /// use datafee::schedule::{Schedule, Tier};
    /// let s = Schedule::Graduated { tiers: vec![
    ///     Tier::new("0".parse()?, Some("100".parse()?), "0.5".parse()?),
    ///     Tier::new("150".parse()?, None, "0.4".parse()?),
    /// ]};
    /// let e = s.validate().unwrap_err();
    /// assert_eq!((e.code(), e.field(), e.value()), ("tier_gap", "tiers[1].from", "100"));
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut node = self;
        let mut path = String::new();
        let mut depth = 0usize;
        loop {
            match node {
                Schedule::Discount { percent, base } => {
                    depth += 1;
                    if depth > MAX_DISCOUNT_DEPTH {
                        return Err(Error::LimitExceeded { field: path, value: format!("{depth} nested discounts"), max: MAX_DISCOUNT_DEPTH.to_string() });
                    }
                    let p = percent.get();
                    if p < Decimal::ZERO || p > Decimal::ONE {
                        return Err(Error::out_of_range(join_path(&path, "percent"), p, "in [0, 1]"));
                    }
                    path = join_path(&path, "base");
                    node = base;
                }
                other => return other.validate_plain().within(&path),
            }
        }
    }

    /// Validate a schedule that is not a discount.
    fn validate_plain(&self) -> Result<()> {
        match self {
            Schedule::Flat { price, minimum_charge } => {
                price.non_negative("price")?;
                if let Some(m) = minimum_charge {
                    m.non_negative("minimum_charge")?;
                }
                Ok(())
            }
            Schedule::Graduated { tiers } | Schedule::Volume { tiers } => tiers::validate(tiers),
            Schedule::Package { size, price } => {
                if size.get() <= Decimal::ZERO {
                    return Err(Error::out_of_range("size", size, "> 0"));
                }
                price.non_negative("price")?;
                Ok(())
            }
            Schedule::Subscription { fee, included, overage } => {
                fee.non_negative("fee")?;
                included.non_negative("included")?;
                overage.non_negative("overage")?;
                Ok(())
            }
            Schedule::Discount { .. } => self.validate(),
        }
    }

    /// The precise, unrounded charge for quantity `q` (>= 0); `charge(0)` is 0.
    ///
    /// Expects a validated schedule: on an invalid one it never panics but its result is
    /// unspecified (or an error). It does not allocate unless it fails; a flat schedule costs
    /// one multiplication and one comparison, tiers a pass over the bands below `q`
    /// (graduated) or a binary search (volume).
    ///
    /// ```
    /// use datafee::schedule::Schedule;
    /// let s = Schedule::Flat { price: "0.50".parse()?, minimum_charge: Some("10.00".parse()?) };
    /// assert_eq!(s.charge("3".parse()?)?.to_string(), "10.00");
    /// assert_eq!(s.charge("30".parse()?)?.to_string(), "15.00");
    /// assert!(s.charge("0".parse()?)?.is_zero());
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn charge(&self, q: Quantity) -> Result<Amount> {
        let q = q.get();
        if q <= Decimal::ZERO {
            if q.is_zero() {
                return Ok(Amount::ZERO);
            }
            return Err(Error::out_of_range("quantity", q, ">= 0"));
        }
        self.charge_positive(q).map(Amount::new)
    }

    /// The charge for `q > 0`.
    fn charge_positive(&self, q: Decimal) -> Result<Decimal> {
        match self {
            Schedule::Flat { price, minimum_charge } => {
                let c = mul(price.get(), q, "charge")?;
                Ok(match minimum_charge {
                    Some(m) if m.get() > c => m.get(),
                    _ => c,
                })
            }
            Schedule::Graduated { tiers } => tiers::graduated_charge(tiers, q),
            Schedule::Volume { tiers } => tiers::volume_charge(tiers, q),
            Schedule::Package { size, price } => {
                let n = division::ceil_div(q, size.get(), "charge")?;
                mul(n, price.get(), "charge")
            }
            Schedule::Subscription { fee, included, overage } => {
                if q <= included.get() {
                    return Ok(fee.get());
                }
                let over = sub(q, included.get(), "charge")?;
                add(fee.get(), mul(overage.get(), over, "charge")?, "charge")
            }
            Schedule::Discount { percent, base } => {
                let b = base.charge_positive(q)?;
                mul(sub(Decimal::ONE, percent.get(), "charge")?, b, "charge")
            }
        }
    }

    /// The quantity the cap applies to when `q` is used: `q` itself, except for a package,
    /// which is bought whole, where it is the package total `ceil(q / size) × size`
    /// (a discount takes its base's). `billed_quantity(0)` is 0.
    ///
    /// ```
    /// use datafee::schedule::Schedule;
    /// let s = Schedule::Package { size: "1000".parse()?, price: "45.00".parse()? };
    /// assert_eq!(s.billed_quantity("1001".parse()?)?.to_string(), "2000");
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn billed_quantity(&self, q: Quantity) -> Result<Quantity> {
        let qd = q.get();
        if qd.is_sign_negative() && !qd.is_zero() {
            return Err(Error::out_of_range("quantity", qd, ">= 0"));
        }
        match self {
            Schedule::Package { size, .. } if !qd.is_zero() => {
                let n = division::ceil_div(qd, size.get(), "billed_quantity")?;
                mul(n, size.get(), "billed_quantity").map(Quantity::new)
            }
            Schedule::Discount { base, .. } => base.billed_quantity(q),
            _ => Ok(q),
        }
    }

    /// The price per unit as the quantity grows without bound (the limit of
    /// `charge(q) / q`): the flat price, the last band's price, `price / size` for a package,
    /// the overage for a subscription, scaled by `(1 − percent)` for a discount.
    ///
    /// A schedule whose long-run price is above the cap breaks it sooner or later; one whose
    /// long-run price is within the cap may still break it at small quantities.
    pub fn long_run_unit_price(&self) -> Result<UnitPrice> {
        // As a fraction, divided once at the end: a package under discounts stays exact where
        // the result is representable (33.06 × 0.5 × 0.9 / 4.5 = 3.306, not 3.306…01).
        let (num, den) = self.long_run_fraction()?;
        Ok(UnitPrice::new(crate::money::div(num, den, "size")?))
    }

    fn long_run_fraction(&self) -> Result<(Decimal, Decimal)> {
        Ok(match self {
            Schedule::Flat { price, .. } => (price.get(), Decimal::ONE),
            Schedule::Graduated { tiers } | Schedule::Volume { tiers } => match tiers.last() {
                Some(t) => (t.price.get(), Decimal::ONE),
                None => return Err(Error::Empty { field: "tiers".into(), value: "[]".into() }),
            },
            Schedule::Package { size, price } => (price.get(), size.get()),
            Schedule::Subscription { overage, .. } => (overage.get(), Decimal::ONE),
            Schedule::Discount { percent, base } => {
                let (n, d) = base.long_run_fraction().within("base")?;
                (mul(sub(Decimal::ONE, percent.get(), "percent")?, n, "long_run_unit_price")?, d)
            }
        })
    }

    /// The name of the kind, as in documents (`"graduated"`).
    pub fn kind(&self) -> &'static str {
        match self {
            Schedule::Flat { .. } => "flat",
            Schedule::Graduated { .. } => "graduated",
            Schedule::Volume { .. } => "volume",
            Schedule::Package { .. } => "package",
            Schedule::Subscription { .. } => "subscription",
            Schedule::Discount { .. } => "discount",
        }
    }

    /// The discounts around the innermost schedule: `(Π (1 − percent), innermost, its path)`.
    pub(crate) fn unwrap_discounts(&self) -> Result<(Decimal, &Schedule, String)> {
        let mut node = self;
        let mut factor = Decimal::ONE;
        let mut path = String::new();
        while let Schedule::Discount { percent, base } = node {
            let keep = sub(Decimal::ONE, percent.get(), "discount_factor")?;
            factor = mul(factor, keep, "discount_factor")?;
            path = join_path(&path, "base");
            node = base;
        }
        Ok((factor, node, path))
    }
}

#[cfg(test)]
mod tests;
