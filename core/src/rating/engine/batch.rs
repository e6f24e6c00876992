//! Rating a batch in one call, and the texts of rejected records.

use super::*;

/// A day number as a date, or `#<n>` outside years 1..=9999.
pub(super) fn day_text(day: i32) -> String {
    Date::from_days(day).map_or_else(|| format!("#{day}"), |d| d.to_string())
}

/// The offending value of a rejected text record (the `value` of its [`Rejection`]).
pub fn reason_value(r: &UsageRecord, reason: RejectReason) -> String {
    match reason {
        RejectReason::MissingId => String::new(),
        RejectReason::MissingCustomer | RejectReason::UnknownCustomer => r.customer.clone(),
        RejectReason::UnknownProduct => r.product.clone(),
        RejectReason::UnknownScenario => r.scenario.clone(),
        RejectReason::NotOffered => format!("{}/{}", r.product, r.scenario),
        RejectReason::NonPositiveQuantity | RejectReason::QuantityTooLarge | RejectReason::NotMultipleOfStep => r.quantity.to_string(),
        RejectReason::OutsidePeriod => r.time.to_string(),
        RejectReason::NoFeeInForce | RejectReason::ProductNotRegistered | RejectReason::ProductWithdrawn => {
            format!("{}/{} on {}", r.product, r.scenario, r.time.date())
        }
        RejectReason::OutsideAuthorization | RejectReason::Suspended => r.time.to_string(),
        RejectReason::ScenarioNotApproved => format!("{} {}/{} on {}", r.customer, r.product, r.scenario, r.time.date()),
        RejectReason::DuplicateId | RejectReason::ConflictingDuplicate => r.id.clone(),
    }
}

/// A positive quantity `value / 10^scale` in units of 10^-9 ([`crate::rating::QUANTITY_SCALE`]), or
/// why a record carrying it is rejected, checked in this order: `non_positive_quantity`,
/// `quantity_too_large` (above [`MAX_QUANTITY`]), `not_multiple_of_step` (a non-zero digit
/// beyond the 9th decimal place, which no step has). The same rule as for text records.
///
/// ```
/// use datafee::rating::{quantity_nano, RejectReason};
/// assert_eq!(quantity_nano(15, 1), Ok(1_500_000_000));
/// assert_eq!(quantity_nano(1_500_000_000_000, 12), Ok(1_500_000_000));
/// assert_eq!(quantity_nano(1, 10), Err(RejectReason::NotMultipleOfStep));
/// assert_eq!(quantity_nano(0, 3), Err(RejectReason::NonPositiveQuantity));
/// assert_eq!(quantity_nano(i128::MAX, 0), Err(RejectReason::QuantityTooLarge));
/// ```
#[inline]
pub fn quantity_nano(value: i128, scale: u32) -> std::result::Result<i128, RejectReason> {
    if value <= 0 {
        return Err(RejectReason::NonPositiveQuantity);
    }
    if scale > 38 {
        return Err(RejectReason::NotMultipleOfStep);
    }
    if let Some(limit) = i128::from(MAX_QUANTITY).checked_mul(pow10(scale)) {
        if value > limit {
            return Err(RejectReason::QuantityTooLarge);
        }
    }
    if scale <= QUANTITY_SCALE {
        value.checked_mul(pow10(QUANTITY_SCALE - scale)).ok_or(RejectReason::QuantityTooLarge)
    } else {
        let d = pow10(scale - QUANTITY_SCALE);
        if value % d != 0 {
            Err(RejectReason::NotMultipleOfStep)
        } else {
            Ok(value / d)
        }
    }
}

/// [`quantity_nano`] for many values of one scale (a column's): the limit and the factor
/// computed once, then per value two compares and a multiply. The same result as
/// [`quantity_nano`] for every value.
///
/// ```
/// use datafee::rating::{quantity_nano, QuantityScale};
/// let q = QuantityScale::new(2);
/// for v in [-1, 0, 1, 150, 100_000_000_000_000_000_000, 100_000_000_000_000_000_001] {
///     assert_eq!(q.nano(v), quantity_nano(v, 2));
/// }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct QuantityScale {
    scale: u32,
    /// The largest value allowed and the factor to 10^-9 units (scales up to 9 only).
    fast: Option<(i128, i128)>,
}

impl QuantityScale {
    /// The conversion of values at `scale` (`value / 10^scale` units).
    pub fn new(scale: u32) -> QuantityScale {
        let fast = (scale <= QUANTITY_SCALE).then(|| (i128::from(MAX_QUANTITY) * pow10(scale), pow10(QUANTITY_SCALE - scale)));
        QuantityScale { scale, fast }
    }

    /// [`quantity_nano`]`(value, scale)`.
    #[inline(always)]
    pub fn nano(&self, value: i128) -> std::result::Result<i128, RejectReason> {
        match self.fast {
            // At most MAX_QUANTITY × 10^9 after the multiply: no overflow.
            Some((limit, factor)) if value > 0 && value <= limit => Ok(value * factor),
            Some(_) if value <= 0 => Err(RejectReason::NonPositiveQuantity),
            Some(_) => Err(RejectReason::QuantityTooLarge),
            None => quantity_nano(value, self.scale),
        }
    }
}

/// Rate text records in one call: [`Rater::new`], [`Rater::push_batch`], [`Rater::finish`].
pub fn rate(tariff: &Tariff, records: &[UsageRecord], options: RaterOptions) -> Result<RatingResult> {
    let mut rater = Rater::new(tariff, options)?;
    rater.push_batch(records)?;
    rater.finish()
}

/// Rate raw records in one call (the benchmark entry point): `customers[i]` is customer
/// index `i` (names must be distinct and non-empty), quantities are integers at
/// `quantity_scale`.
///
/// ```
/// use datafee::rating::{rate_raw, Date, RawRecord, RaterOptions, Tariff};
/// # let tariff: Tariff = datafee::doc::from_json(r#"{
/// #   "catalog": {"scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"}],
/// #               "products": [{"id": "p", "name": "P", "service_form": "api", "charging_form": "per_call",
/// #                             "scenarios": ["ind"]}]},
/// #   "fees": [{"product": "p", "scenario": "ind", "effective": "2025-01-01",
/// #             "schedule": {"kind": "flat", "price": "0.335"}, "cap": "0.335"}],
/// #   "period": {"start": "2025-01-01", "end": "2025-02-01"}, "vat_rate": "0.06"}"#)?;
/// let day = "2025-01-10".parse::<Date>()?.days();
/// let records: Vec<RawRecord> = (0..3).map(|i| RawRecord { id: i, quantity: 1, customer: 0, product: 0, scenario: 0, day }).collect();
/// let out = rate_raw(&tariff, &["acme"], &records, 0, RaterOptions::default())?;
/// // 3 × 0.335 = 1.005 would round half-up to 1.01 > cap × 3 = 1.005: rounded down.
/// assert_eq!(out.invoices[0].lines[0].amount.to_string(), "1.00");
/// assert!(out.invoices[0].lines[0].note.is_some());
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn rate_raw(tariff: &Tariff, customers: &[&str], records: &[RawRecord], quantity_scale: u32, options: RaterOptions) -> Result<RatingResult> {
    let mut rater = Rater::new(tariff, options)?;
    for (i, c) in customers.iter().enumerate() {
        if c.is_empty() {
            return Err(Error::invalid(format!("customers[{i}]"), "\"\"", "a customer must have a name"));
        }
        if rater.intern_customer(c)? as usize != i {
            return Err(Error::DuplicateId { field: format!("customers[{i}]"), value: c.to_string() });
        }
    }
    rater.push_raw(records, quantity_scale)?;
    rater.finish()
}

#[cfg(test)]
mod scale_tests {
    use super::*;

    /// [`QuantityScale::nano`] is [`quantity_nano`] at every scale from 0 to 40, for values
    /// around 0, around each scale's limit, at the i128 extremes, and multiples or not of
    /// the scale's excess digits.
    #[test]
    fn quantity_scale_is_quantity_nano() {
        for scale in 0..=40u32 {
            let q = QuantityScale::new(scale);
            let mut values = vec![i128::MIN, -1, 0, 1, 7, 10, 1_000, 123_456_789, i128::MAX, i128::MAX - 1];
            if let Some(limit) = i128::from(MAX_QUANTITY).checked_mul(if scale <= 38 { pow10(scale) } else { 0 }) {
                values.extend([limit - 1, limit, limit.saturating_add(1), limit / 10, limit.saturating_mul(10)]);
            }
            if scale <= 38 {
                values.extend([pow10(scale), pow10(scale) + 1, pow10(scale).saturating_mul(3)]);
            }
            for v in values {
                assert_eq!(q.nano(v), quantity_nano(v, scale), "{v} at scale {scale}");
            }
        }
    }
}
