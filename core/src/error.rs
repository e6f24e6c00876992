//! Errors (错误): one typed enum for every way an input can be refused.
//!
//! Every variant names the offending **field** (a path such as
//! `products[3].forecast_volume` or `tiers[1].from`) and the offending **value**
//! (rendered as text, exactly as it was given or computed), and has a stable
//! snake_case [`Error::code`] that the Python and JavaScript bindings expose
//! unchanged. Golden vectors under `tests/vectors/` assert on `code` and `field`.
//!
//! The engine never panics on bad input: arithmetic is checked and returns
//! [`Error::Overflow`], sizes are bounded and return [`Error::LimitExceeded`].

use std::fmt;

/// Shorthand for `Result<T, datafee::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every error datafee can return.
///
/// `field` is a path into the input (`""` when the error concerns the whole input);
/// `value` is the offending value as text.
///
/// Not `#[non_exhaustive]`, on purpose: the Python binding maps every variant to its exception
/// class in one exhaustive match, so a new variant does not compile there until it has one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A decimal string that does not parse (`"1,5"`, `"abc"`, `""`).
    #[error("{field}: malformed decimal {value:?}")]
    MalformedDecimal {
        /// Where the decimal was expected.
        field: String,
        /// The text given.
        value: String,
    },
    /// A JSON/JS number where an exact decimal string is required.
    #[error("{field}: decimals must be written as strings, got the number {value}; write \"{value}\"")]
    DecimalNotString {
        /// Where the decimal was expected.
        field: String,
        /// The number given.
        value: String,
    },
    /// A document that does not parse or does not have the expected shape.
    #[error("{field}: {reason} (at {value:?})")]
    Parse {
        /// Path inside the document where parsing failed.
        field: String,
        /// A short excerpt or the token in question.
        value: String,
        /// What the parser expected.
        reason: String,
    },
    /// A value outside its permitted range (a negative cost, a rate of 120 %).
    #[error("{field}: {value} is out of range, expected {expected}")]
    OutOfRange {
        /// The field.
        field: String,
        /// The value given.
        value: String,
        /// The permitted range in words (`">= 0"`, `"in [0, 1)"`).
        expected: String,
    },
    /// Checked arithmetic overflowed (amounts beyond about 7.9e28).
    #[error("{field}: arithmetic overflow computing {value}")]
    Overflow {
        /// The figure being computed.
        field: String,
        /// The operation that overflowed, with its operands.
        value: String,
    },
    /// A reference to an id that is not defined (product, scenario, party, pool, asset).
    #[error("{field}: unknown id {value:?}")]
    UnknownId {
        /// The referring field.
        field: String,
        /// The id given.
        value: String,
    },
    /// An id defined twice.
    #[error("{field}: duplicate id {value:?}")]
    DuplicateId {
        /// The field holding the id.
        field: String,
        /// The id.
        value: String,
    },
    /// Something required is absent (no forecast for a chargeable product, no operator).
    #[error("{field}: missing {value}")]
    Missing {
        /// Where it was expected.
        field: String,
        /// What is missing.
        value: String,
    },
    /// An empty list where at least one item is required.
    #[error("{field}: must not be empty")]
    Empty {
        /// The list.
        field: String,
        /// Always `"[]"`.
        value: String,
    },
    /// A chargeable (product, scenario) with a zero forecast volume: its cap would be infinite.
    #[error("{field}: chargeable product-scenario {value} has zero forecast volume")]
    ZeroForecastVolume {
        /// The forecast field.
        field: String,
        /// `product/scenario`.
        value: String,
    },
    /// A free scenario (public governance / public welfare) given a cap or a non-zero fee.
    #[error("{field}: scenario {value} is free of charge (public governance / public welfare) and cannot carry a fee")]
    FreeScenarioCharged {
        /// The fee or cap field.
        field: String,
        /// `product/scenario`.
        value: String,
    },
    /// A profit rate or margin above the profile's bound.
    #[error("{field}: rate {value} is above the profile's bound {bound}")]
    RateAboveBound {
        /// The rate field.
        field: String,
        /// The rate given.
        value: String,
        /// The bound.
        bound: String,
    },
    /// Tiers with a gap between one band's end and the next band's start.
    #[error("{field}: gap in tiers at {value}")]
    TierGap {
        /// The tier field.
        field: String,
        /// The quantity where the gap starts.
        value: String,
    },
    /// Tiers that overlap.
    #[error("{field}: tiers overlap at {value}")]
    TierOverlap {
        /// The tier field.
        field: String,
        /// The quantity where the overlap starts.
        value: String,
    },
    /// Tiers not sorted by their start, or a band whose end is not after its start.
    #[error("{field}: tiers out of order at {value}")]
    TierOrder {
        /// The tier field.
        field: String,
        /// The offending bound.
        value: String,
    },
    /// An actual fee above its cap (不高于上限收费标准): under the strict test (the default) a
    /// published unit price above the cap, `value` being that unit price and `charge` empty;
    /// under the average test the smallest quantity whose charge is above cap × quantity.
    #[error("{field}: {}", cap_exceeded_text(.value, .charge, .cap))]
    CapExceeded {
        /// The fee schedule field (the offending price field under the strict test).
        field: String,
        /// The unit price above the cap (strict test), or the smallest quantity at which the
        /// schedule's charge passes cap × quantity (average test).
        value: String,
        /// The charge at that quantity (average test); empty for a unit price (strict test).
        charge: String,
        /// The cap per unit.
        cap: String,
    },
    /// Split weights that are all zero.
    #[error("{field}: all weights are zero")]
    AllZeroWeights {
        /// The weights field.
        field: String,
        /// The number of weights.
        value: String,
    },
    /// Too many parties for exact Shapley enumeration.
    #[error("{field}: {value} parties exceed the exact limit of {max}; choose sampling")]
    TooManyParties {
        /// The parties field.
        field: String,
        /// The number of parties.
        value: String,
        /// The limit.
        max: String,
    },
    /// An input beyond a documented size bound (tiers, records, document bytes).
    #[error("{field}: {value} exceeds the limit of {max}")]
    LimitExceeded {
        /// The field.
        field: String,
        /// The size given.
        value: String,
        /// The limit.
        max: String,
    },
    /// An operation name the API does not know.
    #[error("{field}: unknown operation {value:?}")]
    UnknownOperation {
        /// Always `"op"`.
        field: String,
        /// The name given.
        value: String,
    },
    /// A failure inside the engine that no input should cause (a result that cannot be
    /// written, an impossible state): a bug, to be reported.
    #[error("{field}: internal error: {value}")]
    Internal {
        /// Where it happened (`result`).
        field: String,
        /// What happened.
        value: String,
    },
    /// Any other invalid input, with the reason.
    #[error("{field}: {reason} (got {value})")]
    Invalid {
        /// The field.
        field: String,
        /// The value.
        value: String,
        /// Why it is refused.
        reason: String,
    },
}

/// The message of [`Error::CapExceeded`]: a unit price above the cap (strict test, `charge`
/// empty) or a charge above cap × quantity (average test).
fn cap_exceeded_text(value: &str, charge: &str, cap: &str) -> String {
    if charge.is_empty() {
        format!("unit price {value} is above the cap {cap} (every published unit price must be at or below it)")
    } else {
        format!("charge {charge} exceeds cap {cap} x quantity {value}")
    }
}

impl Error {
    /// Every code [`Error::code`] returns, in the order of the variants: the error-code union of
    /// the generated TypeScript declarations and the Python exception table are built from it.
    pub const CODES: &'static [&'static str] = &[
        "malformed_decimal",
        "decimal_not_string",
        "parse",
        "out_of_range",
        "overflow",
        "unknown_id",
        "duplicate_id",
        "missing",
        "empty",
        "zero_forecast_volume",
        "free_scenario_charged",
        "rate_above_bound",
        "tier_gap",
        "tier_overlap",
        "tier_order",
        "cap_exceeded",
        "all_zero_weights",
        "too_many_parties",
        "limit_exceeded",
        "unknown_operation",
        "internal",
        "invalid",
    ];

    /// The stable machine-readable code, e.g. `"tier_gap"`. Identical in Rust, Python and JS.
    pub fn code(&self) -> &'static str {
        match self {
            Error::MalformedDecimal { .. } => "malformed_decimal",
            Error::DecimalNotString { .. } => "decimal_not_string",
            Error::Parse { .. } => "parse",
            Error::OutOfRange { .. } => "out_of_range",
            Error::Overflow { .. } => "overflow",
            Error::UnknownId { .. } => "unknown_id",
            Error::DuplicateId { .. } => "duplicate_id",
            Error::Missing { .. } => "missing",
            Error::Empty { .. } => "empty",
            Error::ZeroForecastVolume { .. } => "zero_forecast_volume",
            Error::FreeScenarioCharged { .. } => "free_scenario_charged",
            Error::RateAboveBound { .. } => "rate_above_bound",
            Error::TierGap { .. } => "tier_gap",
            Error::TierOverlap { .. } => "tier_overlap",
            Error::TierOrder { .. } => "tier_order",
            Error::CapExceeded { .. } => "cap_exceeded",
            Error::AllZeroWeights { .. } => "all_zero_weights",
            Error::TooManyParties { .. } => "too_many_parties",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::UnknownOperation { .. } => "unknown_operation",
            Error::Internal { .. } => "internal",
            Error::Invalid { .. } => "invalid",
        }
    }

    /// The path of the offending field.
    pub fn field(&self) -> &str {
        self.parts().0
    }

    /// The offending value as text.
    pub fn value(&self) -> &str {
        self.parts().1
    }

    fn parts(&self) -> (&str, &str) {
        match self {
            Error::MalformedDecimal { field, value }
            | Error::DecimalNotString { field, value }
            | Error::Parse { field, value, .. }
            | Error::OutOfRange { field, value, .. }
            | Error::Overflow { field, value }
            | Error::UnknownId { field, value }
            | Error::DuplicateId { field, value }
            | Error::Missing { field, value }
            | Error::Empty { field, value }
            | Error::ZeroForecastVolume { field, value }
            | Error::FreeScenarioCharged { field, value }
            | Error::RateAboveBound { field, value, .. }
            | Error::TierGap { field, value }
            | Error::TierOverlap { field, value }
            | Error::TierOrder { field, value }
            | Error::CapExceeded { field, value, .. }
            | Error::AllZeroWeights { field, value }
            | Error::TooManyParties { field, value, .. }
            | Error::LimitExceeded { field, value, .. }
            | Error::UnknownOperation { field, value }
            | Error::Internal { field, value }
            | Error::Invalid { field, value, .. } => (field, value),
        }
    }

    pub(crate) fn field_mut(&mut self) -> &mut String {
        match self {
            Error::MalformedDecimal { field, .. }
            | Error::DecimalNotString { field, .. }
            | Error::Parse { field, .. }
            | Error::OutOfRange { field, .. }
            | Error::Overflow { field, .. }
            | Error::UnknownId { field, .. }
            | Error::DuplicateId { field, .. }
            | Error::Missing { field, .. }
            | Error::Empty { field, .. }
            | Error::ZeroForecastVolume { field, .. }
            | Error::FreeScenarioCharged { field, .. }
            | Error::RateAboveBound { field, .. }
            | Error::TierGap { field, .. }
            | Error::TierOverlap { field, .. }
            | Error::TierOrder { field, .. }
            | Error::CapExceeded { field, .. }
            | Error::AllZeroWeights { field, .. }
            | Error::TooManyParties { field, .. }
            | Error::LimitExceeded { field, .. }
            | Error::UnknownOperation { field, .. }
            | Error::Internal { field, .. }
            | Error::Invalid { field, .. } => field,
        }
    }

    /// Prefix the field path with `prefix` (`"tiers[1].from"` becomes `"fees[2].tiers[1].from"`).
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Self {
        let f = self.field_mut();
        *f = join_path(prefix, f);
        self
    }

    /// Shorthand for [`Error::OutOfRange`].
    pub fn out_of_range(field: impl Into<String>, value: impl fmt::Display, expected: impl Into<String>) -> Self {
        Error::OutOfRange { field: field.into(), value: value.to_string(), expected: expected.into() }
    }

    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(field: impl Into<String>, value: impl fmt::Display, reason: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), value: value.to_string(), reason: reason.into() }
    }

    /// Shorthand for [`Error::UnknownId`].
    pub fn unknown(field: impl Into<String>, value: impl fmt::Display) -> Self {
        Error::UnknownId { field: field.into(), value: value.to_string() }
    }

    /// Shorthand for [`Error::Overflow`].
    pub fn overflow(field: impl Into<String>, value: impl fmt::Display) -> Self {
        Error::Overflow { field: field.into(), value: value.to_string() }
    }
}

/// Join two field paths: `join_path("fees[2]", "tiers[1]")` is `"fees[2].tiers[1]"`.
pub fn join_path(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.to_string(),
        _ if rest.starts_with('[') => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}

/// Adds a field prefix to the error of a `Result`.
pub trait ResultExt<T> {
    /// Prefix the error's field path with `prefix` (see [`Error::within`]).
    fn within(self, prefix: &str) -> Result<T>;
}

impl<T> ResultExt<T> for Result<T> {
    fn within(self, prefix: &str) -> Result<T> {
        self.map_err(|e| e.within(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_every_variant_once() {
        let (f, v) = (String::new(), String::new());
        let all = [
            Error::MalformedDecimal { field: f.clone(), value: v.clone() },
            Error::DecimalNotString { field: f.clone(), value: v.clone() },
            Error::Parse { field: f.clone(), value: v.clone(), reason: v.clone() },
            Error::OutOfRange { field: f.clone(), value: v.clone(), expected: v.clone() },
            Error::Overflow { field: f.clone(), value: v.clone() },
            Error::UnknownId { field: f.clone(), value: v.clone() },
            Error::DuplicateId { field: f.clone(), value: v.clone() },
            Error::Missing { field: f.clone(), value: v.clone() },
            Error::Empty { field: f.clone(), value: v.clone() },
            Error::ZeroForecastVolume { field: f.clone(), value: v.clone() },
            Error::FreeScenarioCharged { field: f.clone(), value: v.clone() },
            Error::RateAboveBound { field: f.clone(), value: v.clone(), bound: v.clone() },
            Error::TierGap { field: f.clone(), value: v.clone() },
            Error::TierOverlap { field: f.clone(), value: v.clone() },
            Error::TierOrder { field: f.clone(), value: v.clone() },
            Error::CapExceeded { field: f.clone(), value: v.clone(), charge: v.clone(), cap: v.clone() },
            Error::AllZeroWeights { field: f.clone(), value: v.clone() },
            Error::TooManyParties { field: f.clone(), value: v.clone(), max: v.clone() },
            Error::LimitExceeded { field: f.clone(), value: v.clone(), max: v.clone() },
            Error::UnknownOperation { field: f.clone(), value: v.clone() },
            Error::Internal { field: f.clone(), value: v.clone() },
            Error::Invalid { field: f, value: v.clone(), reason: v },
        ];
        let codes: Vec<&str> = all.iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES);
    }

    #[test]
    fn code_field_value_and_prefix() {
        let e = Error::TierGap { field: "tiers[1].from".into(), value: "100".into() };
        assert_eq!(e.code(), "tier_gap");
        let e = e.within("fees[2].schedule");
        assert_eq!(e.field(), "fees[2].schedule.tiers[1].from");
        assert_eq!(e.value(), "100");
        assert!(e.to_string().contains("gap in tiers at 100"));
        assert_eq!(join_path("a", "[0]"), "a[0]");
        assert_eq!(join_path("", "b"), "b");
    }
}
