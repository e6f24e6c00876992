//! Tier bands (阶梯): the bands of graduated (累进) and volume (全量) schedules.
//!
//! A band is half-open, `[from, to)`. The bands of a schedule are sorted, the first starts
//! at 0, each band ends where the next begins, and only the last is open-ended (no `to`),
//! so every quantity falls in exactly one band. A quantity equal to a boundary belongs to
//! the band that starts there.

use rust_decimal::Decimal;
use serde::Serialize;

use super::MAX_TIERS;
use crate::costs::allocation::at;
use crate::error::{Error, Result};
use crate::money::{add, mul, sub, Quantity, UnitPrice};

/// One band of a tiered schedule: units in `[from, to)` at `price` per unit.
///
/// Rules checked by [`super::Schedule::validate`], in this order, each error naming the
/// field (`tiers[2].from`):
///
/// 1. at least one band ([`Error::Empty`]) and at most [`MAX_TIERS`]
///    ([`Error::LimitExceeded`]);
/// 2. per band: `from >= 0` and `price >= 0` ([`Error::OutOfRange`]); `to > from`
///    ([`Error::TierOrder`] at `tiers[i].to`);
/// 3. sorted by `from`, strictly ([`Error::TierOrder`] at `tiers[i].from`);
/// 4. the first band starts at 0 ([`Error::TierGap`] at `tiers[0].from`, value `0`);
/// 5. every band but the last has a `to` ([`Error::Missing`] at `tiers[i].to`), and the next
///    band starts exactly there: later is [`Error::TierGap`], earlier is
///    [`Error::TierOverlap`], both at `tiers[i+1].from`; the gap's value is where it starts
///    (the previous `to`), the overlap's where it starts (the next `from`);
/// 6. the last band is open-ended: a `to` on it is [`Error::Invalid`] at `tiers[n-1].to`,
///    since quantities beyond it would have no price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Where the band starts (inclusive).
    pub from: Quantity,
    /// Where the band ends (exclusive); absent on the last band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Quantity>,
    /// The price per unit in the band.
    pub price: UnitPrice,
}

impl Tier {
    /// A band `[from, to)` at `price`; `to = None` for the open-ended last band.
    pub fn new(from: Quantity, to: Option<Quantity>, price: UnitPrice) -> Self {
        Tier { from, to, price }
    }
}

/// Validate a list of bands (see [`Tier`]). Fields are `tiers[i]...`.
pub(crate) fn validate(tiers: &[Tier]) -> Result<()> {
    if tiers.is_empty() {
        return Err(Error::Empty { field: "tiers".into(), value: "[]".into() });
    }
    if tiers.len() > MAX_TIERS {
        return Err(Error::LimitExceeded { field: "tiers".into(), value: format!("{} bands", tiers.len()), max: MAX_TIERS.to_string() });
    }
    for (i, t) in tiers.iter().enumerate() {
        // The field is written only for an error (every fee's bands, every run of the chain).
        at(t.from.non_negative(""), || format!("tiers[{i}].from"))?;
        at(t.price.non_negative(""), || format!("tiers[{i}].price"))?;
        if let Some(to) = t.to {
            if to <= t.from {
                return Err(Error::TierOrder { field: format!("tiers[{i}].to"), value: to.to_string() });
            }
        }
    }
    for (i, pair) in tiers.windows(2).enumerate() {
        if let [prev, next] = pair {
            if next.from <= prev.from {
                return Err(Error::TierOrder { field: format!("tiers[{}].from", i + 1), value: next.from.to_string() });
            }
        }
    }
    if let Some(first) = tiers.first() {
        if !first.from.is_zero() {
            return Err(Error::TierGap { field: "tiers[0].from".into(), value: "0".into() });
        }
    }
    for (i, pair) in tiers.windows(2).enumerate() {
        if let [prev, next] = pair {
            let Some(end) = prev.to else {
                return Err(Error::Missing { field: format!("tiers[{i}].to"), value: "end of the band (only the last band is open-ended)".into() });
            };
            let field = format!("tiers[{}].from", i + 1);
            if next.from > end {
                return Err(Error::TierGap { field, value: end.to_string() });
            }
            if next.from < end {
                return Err(Error::TierOverlap { field, value: next.from.to_string() });
            }
        }
    }
    let last = tiers.len() - 1;
    if let Some(to) = tiers.get(last).and_then(|t| t.to) {
        return Err(Error::invalid(format!("tiers[{last}].to"), to, "the last band must be open-ended (omit `to`): quantities beyond it would have no price"));
    }
    Ok(())
}

/// Graduated charge for `q > 0`: `Σ price_i × (min(q, to_i) − from_i)` over the bands below `q`.
pub(crate) fn graduated_charge(tiers: &[Tier], q: Decimal) -> Result<Decimal> {
    let mut acc = Decimal::ZERO;
    for t in tiers {
        let from = t.from.get();
        if q <= from {
            break;
        }
        let end = match t.to {
            Some(to) if to.get() < q => to.get(),
            _ => q,
        };
        let units = sub(end, from, "charge")?;
        acc = add(acc, mul(units, t.price.get(), "charge")?, "charge")?;
    }
    Ok(acc)
}

/// The index of the band containing `q` (the last band whose `from <= q`).
pub(crate) fn band_of(tiers: &[Tier], q: Decimal) -> Option<usize> {
    tiers.partition_point(|t| t.from.get() <= q).checked_sub(1)
}

/// Volume charge for `q > 0`: `q × price` of the band containing `q`.
pub(crate) fn volume_charge(tiers: &[Tier], q: Decimal) -> Result<Decimal> {
    match band_of(tiers, q).and_then(|i| tiers.get(i)) {
        Some(t) => mul(q, t.price.get(), "charge"),
        None => Err(Error::invalid("tiers", q, "no band contains this quantity")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn t(from: Decimal, to: Option<Decimal>, price: Decimal) -> Tier {
        Tier::new(Quantity::new(from), to.map(Quantity::new), UnitPrice::new(price))
    }

    fn err(tiers: &[Tier]) -> (String, String, String) {
        let e = validate(tiers).unwrap_err();
        (e.code().to_string(), e.field().to_string(), e.value().to_string())
    }

    fn three() -> Vec<Tier> {
        vec![t(dec!(0), Some(dec!(100)), dec!(1)), t(dec!(100), Some(dec!(200)), dec!(0.8)), t(dec!(200), None, dec!(0.5))]
    }

    #[test]
    fn valid_bands() {
        validate(&three()).unwrap();
        validate(&[t(dec!(0), None, dec!(0))]).unwrap();
    }

    #[test]
    fn each_rule_names_its_field() {
        let e = |code: &str, field: &str, value: &str| (code.to_string(), field.to_string(), value.to_string());
        assert_eq!(err(&[]), e("empty", "tiers", "[]"));
        let mut v = three();
        v[1].from = Quantity::new(dec!(120));
        assert_eq!(err(&v), e("tier_gap", "tiers[1].from", "100"));
        let mut v = three();
        v[2].from = Quantity::new(dec!(150));
        assert_eq!(err(&v), e("tier_overlap", "tiers[2].from", "150"));
        let mut v = three();
        v.swap(1, 2);
        assert_eq!(err(&v), e("tier_order", "tiers[2].from", "100"));
        let mut v = three();
        v[1].to = Some(Quantity::new(dec!(100)));
        assert_eq!(err(&v), e("tier_order", "tiers[1].to", "100"));
        let mut v = three();
        v[2].to = Some(Quantity::new(dec!(300)));
        assert_eq!(err(&v), e("invalid", "tiers[2].to", "300"));
        let mut v = three();
        v[0].to = None;
        assert_eq!(err(&v), e("missing", "tiers[0].to", "end of the band (only the last band is open-ended)"));
        let mut v = three();
        v[1].price = UnitPrice::new(dec!(-0.01));
        assert_eq!(err(&v), e("out_of_range", "tiers[1].price", "-0.01"));
        let mut v = three();
        v[0].from = Quantity::new(dec!(10));
        assert_eq!(err(&v), e("tier_gap", "tiers[0].from", "0"));
        let mut v = three();
        v[0].from = Quantity::new(dec!(-1));
        assert_eq!(err(&v), e("out_of_range", "tiers[0].from", "-1"));
        let many: Vec<Tier> = (0..=MAX_TIERS).map(|i| t(Decimal::from(i), (i < MAX_TIERS).then(|| Decimal::from(i + 1)), dec!(1))).collect();
        assert_eq!(err(&many), e("limit_exceeded", "tiers", "1001 bands"));
        let mut at_limit = many[..MAX_TIERS].to_vec();
        if let Some(last) = at_limit.last_mut() {
            last.to = None;
        }
        validate(&at_limit).unwrap();
    }

    #[test]
    fn graduated_and_volume_charges() {
        let v = three();
        // 100 x 1 + 50 x 0.8 = 140
        assert_eq!(graduated_charge(&v, dec!(150)).unwrap(), dec!(140));
        // 100 + 80 + 50 x 0.5 = 205
        assert_eq!(graduated_charge(&v, dec!(250)).unwrap(), dec!(205));
        assert_eq!(graduated_charge(&v, dec!(100)).unwrap(), dec!(100));
        // The boundary belongs to the band that starts there.
        assert_eq!(volume_charge(&v, dec!(100)).unwrap(), dec!(80));
        assert_eq!(volume_charge(&v, dec!(99.5)).unwrap(), dec!(99.5));
        assert_eq!(volume_charge(&v, dec!(1000)).unwrap(), dec!(500));
        assert_eq!(band_of(&v, dec!(199.99)), Some(1));
    }
}
