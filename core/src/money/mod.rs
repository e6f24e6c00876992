//! Money, rates, quantities and rounding (金额、费率、数量与舍入).
//!
//! Money is never a float. Every figure is a [`rust_decimal::Decimal`] (96-bit mantissa,
//! 28 fractional digits at most), wrapped in a newtype that says what it is:
//!
//! | type | what | unit |
//! |---|---|---|
//! | [`Amount`] | a sum of money (金额) | yuan |
//! | [`UnitPrice`] | a price per unit of use (单价): a cap or a fee | yuan per unit |
//! | [`Rate`] | a ratio (比率): a return rate, a tax rate, a share | 1 = 100 % |
//! | [`Quantity`] | a quantity of use (数量): calls, items, GB, months | the product's unit |
//!
//! In documents (JSON, TOML) and across the bindings every decimal is a **string**
//! (`"0.35"`); a number is refused with [`Error::DecimalNotString`] because a JSON or
//! JavaScript number has already passed through a binary float.
//!
//! Arithmetic that can overflow goes through the checked helpers [`add`], [`sub`], [`mul`],
//! [`div`] and [`sum`], which return [`Error::Overflow`] naming the figure being computed.
//!
//! Rounding happens only in named places, under a [`Rounding`] (a unit and a [`RoundMode`]).
//! The defaults: amounts round [`RoundMode::HalfUp`] (四舍五入) to 0.01 yuan; caps round
//! [`RoundMode::Floor`] (向下取整) to the price unit so that a cap never recovers more than
//! its revenue requirement.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// Parse a decimal strictly: optional sign, digits, optional `.` and digits.
///
/// No exponent, no thousands separators, no surrounding spaces, at most 28 fractional
/// digits and a value that fits in a `Decimal` (otherwise [`Error::Overflow`]).
///
/// ```
/// use datafee::money::parse_decimal;
/// assert_eq!(parse_decimal("-12.50", "price")?.to_string(), "-12.50");
/// assert_eq!(parse_decimal("1e3", "price").unwrap_err().code(), "malformed_decimal");
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn parse_decimal(text: &str, field: &str) -> Result<Decimal> {
    let malformed = || Error::MalformedDecimal { field: field.to_string(), value: text.to_string() };
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return Err(malformed());
    }
    if frac.map_or(0, str::len) > 28 {
        return Err(Error::out_of_range(field, text, "at most 28 decimal places"));
    }
    Decimal::from_str_exact(text).map_err(|_| Error::overflow(field, text))
}

const NUMBER_MARK: &str = "datafee:decimal_not_string:";
const MALFORMED_MARK: &str = "datafee:malformed_decimal:";
const ERROR_MARK: &str = "datafee:error:";

/// Turn a serde error message produced inside a datafee deserializer back into a typed
/// [`Error`], with `path` as its field. Messages that carry no datafee marker become
/// [`Error::Parse`].
pub(crate) fn error_from_serde_message(path: &str, msg: &str) -> Error {
    // The markers are recognised only at the start of the message, which is where the
    // datafee deserializers put them: serde's own messages quote input text (`unknown field
    // `datafee:error:...``), and input must not be able to choose the error code.
    if let Some(rest) = msg.strip_prefix(NUMBER_MARK) {
        return Error::DecimalNotString { field: path.to_string(), value: rest.to_string() };
    }
    if let Some(rest) = msg.strip_prefix(MALFORMED_MARK) {
        return Error::MalformedDecimal { field: path.to_string(), value: rest.to_string() };
    }
    if let Some(rest) = msg.strip_prefix(ERROR_MARK) {
        if let Ok(e) = serde_json::from_str::<SerializedError>(rest) {
            return e.into_error(path);
        }
    }
    Error::Parse { field: path.to_string(), value: String::new(), reason: msg.to_string() }
}

/// An [`Error`] carried through a serde error message (used by validating `Deserialize` impls).
#[derive(Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct SerializedError {
    code: String,
    value: String,
    reason: String,
}

impl SerializedError {
    fn into_error(self, path: &str) -> Error {
        let field = path.to_string();
        let value = self.value;
        match self.code.as_str() {
            "out_of_range" => Error::OutOfRange { field, value, expected: self.reason },
            "overflow" => Error::Overflow { field, value },
            _ => Error::Invalid { field, value, reason: self.reason },
        }
    }
}

/// Make a serde error from a datafee [`Error`] raised while deserializing; the document
/// loader turns it back into the same typed error with the full path as its field.
pub(crate) fn serde_error<E: serde::de::Error>(e: &Error) -> E {
    let reason = match e {
        Error::OutOfRange { expected, .. } => expected.clone(),
        other => other.to_string(),
    };
    let s = SerializedError { code: e.code().to_string(), value: e.value().to_string(), reason };
    E::custom(format!("{ERROR_MARK}{}", serde_json::to_string(&s).unwrap_or_default()))
}

struct StrictDecimalVisitor;

impl serde::de::Visitor<'_> for StrictDecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal written as a string, like \"12.50\"")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Decimal, E> {
        parse_decimal(v, "").map_err(|e| match e {
            Error::MalformedDecimal { value, .. } => E::custom(format!("{MALFORMED_MARK}{value}")),
            other => serde_error(&other),
        })
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Decimal, E> {
        Err(E::custom(format!("{NUMBER_MARK}{v}")))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Decimal, E> {
        Err(E::custom(format!("{NUMBER_MARK}{v}")))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Decimal, E> {
        Err(E::custom(format!("{NUMBER_MARK}{v}")))
    }
}

pub mod ops;

/// Round a charge under `rounding`, but never above `ceiling` (cap × quantity) when the exact
/// charge is within it: where rounding alone would cross the ceiling, floor to the unit instead. Returns the
/// amount and whether the floor was used. Quotes and invoice lines both round through here.
///
/// ```
/// use datafee::money::round_within_cap;
/// use datafee::Rounding;
/// let (a, floored) = round_within_cap("0.335".parse()?, "0.335".parse()?, &Rounding::cents())?;
/// assert_eq!((a.to_string().as_str(), floored), ("0.33", true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn round_within_cap(exact: Decimal, ceiling: Decimal, rounding: &Rounding) -> Result<(Decimal, bool)> {
    let r = rounding.round(exact)?;
    if r <= ceiling || exact > ceiling {
        // Within the ceiling, or a schedule that breaks its cap outright: nothing to guard
        // (a quote shows such a charge as it is; a tariff never publishes one).
        return Ok((r, false));
    }
    Ok((Rounding::floor_to(rounding.unit).round(exact)?, true))
}

/// A decimal's text, exactly as its `Display` writes it (`"-12.50"`, `"0.000"`, `"0"`: every
/// digit of the scale kept, a `-` for any negative sign), written into a buffer on the stack
/// without `core::fmt`. Serializing a result writes hundreds of decimals, and going through
/// `fmt` (`collect_str`) was about a tenth of the calculator's recompute in WebAssembly
/// (benches/README.md "WASM recompute"). Bound: at most 32 bytes (a sign, 29 digits of a 96-bit
/// mantissa or the 28 of the largest scale, a leading zero and the point) in a 64-byte buffer.
pub(crate) struct DecimalBuf {
    buf: [u8; 64],
    start: usize,
}

impl DecimalBuf {
    /// The text of `d`.
    pub(crate) fn new(d: &Decimal) -> Self {
        let mut buf = [0u8; 64];
        let mut i = buf.len();
        let scale = d.scale() as usize;
        let mut m = d.mantissa().unsigned_abs();
        let mut digits = 0usize;
        // The mantissa's digits, last first, in chunks of 19 (u64 arithmetic, not u128).
        const CHUNK: u128 = 10_000_000_000_000_000_000;
        while m != 0 {
            let (mut low, rest) = if m >= CHUNK { ((m % CHUNK) as u64, m / CHUNK) } else { (m as u64, 0) };
            let mut n = 0;
            while low != 0 || (rest != 0 && n < 19) {
                i -= 1;
                buf[i] = b'0' + (low % 10) as u8;
                low /= 10;
                n += 1;
                digits += 1;
                if digits == scale {
                    i -= 1;
                    buf[i] = b'.';
                }
            }
            m = rest;
        }
        // Zeros of the scale not reached by the mantissa, then the whole part's zero.
        while digits < scale {
            i -= 1;
            buf[i] = b'0';
            digits += 1;
            if digits == scale {
                i -= 1;
                buf[i] = b'.';
            }
        }
        if digits == scale {
            i -= 1;
            buf[i] = b'0';
        }
        if d.is_sign_negative() {
            i -= 1;
            buf[i] = b'-';
        }
        DecimalBuf { buf, start: i }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits, '.' and '-' are written.
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or("")
    }
}

/// Append a decimal's text to `out`, exactly as its `Display` writes it (`"-12.50"`, `"0.000"`,
/// `"0"`), without `core::fmt` nor an allocation of its own: for writers of many decimals (the
/// command line's `invoices.csv` and `invoice_lines.csv`). Bound: at most 32 bytes appended.
pub fn push_decimal(out: &mut String, d: Decimal) {
    out.push_str(DecimalBuf::new(&d).as_str());
}

/// Serde adapter for a bare `Decimal` field: `#[serde(with = "datafee::money::dec")]`.
///
/// Serializes as a string; deserializes only from a strict decimal string.
pub mod dec {
    use super::*;

    /// Serialize a decimal as its string form.
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(DecimalBuf::new(d).as_str())
    }

    /// Deserialize a decimal from a strict decimal string; numbers are refused.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Decimal, D::Error> {
        d.deserialize_any(StrictDecimalVisitor)
    }
}

/// Serde adapter for an `Option<Decimal>` field: `#[serde(default, with = "datafee::money::dec_opt")]`.
pub mod dec_opt {
    use super::*;

    /// Serialize `Some(d)` as a string and `None` as null.
    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> std::result::Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(DecimalBuf::new(d).as_str()),
            None => s.serialize_none(),
        }
    }

    /// Deserialize null as `None`, otherwise a strict decimal string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct W(#[serde(with = "super::dec")] Decimal);
        Option::<W>::deserialize(d).map(|o| o.map(|w| w.0))
    }
}

/// The JSON Schema of a decimal written as a string (`"0.35"`): the engine's strict decimal
/// syntax, `format: "decimal"`. Used as `#[schemars(with = "DecimalText")]` on bare
/// [`Decimal`] fields; the money newtypes carry the same schema.
#[cfg(feature = "schema")]
#[derive(Debug)]
pub struct DecimalText;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DecimalText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "decimal",
            "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?$",
        })
    }
}

/// The JSON Schema of text that usually holds a decimal but may hold a word (a sweep's value
/// set at a path, which may be a method name): `format: "decimal-or-text"`. Readers decide by
/// the string's shape.
#[cfg(feature = "schema")]
#[derive(Debug)]
pub struct DecimalOrText;
crate::op::string_schema!(DecimalOrText, "DecimalOrText", "decimal-or-text");

macro_rules! decimal_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub Decimal);

        impl $name {
            /// Zero.
            pub const ZERO: $name = $name(Decimal::ZERO);

            /// Wrap a decimal.
            pub const fn new(d: Decimal) -> Self {
                $name(d)
            }

            /// The decimal inside.
            pub const fn get(self) -> Decimal {
                self.0
            }

            /// Parse from a strict decimal string, naming `field` in the error.
            pub fn parse(text: &str, field: &str) -> Result<Self> {
                parse_decimal(text, field).map($name)
            }

            /// Whether this is zero.
            pub fn is_zero(self) -> bool {
                self.0.is_zero()
            }

            /// Whether this is below zero.
            pub fn is_negative(self) -> bool {
                self.0.is_sign_negative() && !self.0.is_zero()
            }

            /// Refuse a negative value with [`Error::OutOfRange`] naming `field`.
            pub fn non_negative(self, field: &str) -> Result<Self> {
                if self.is_negative() {
                    Err(Error::out_of_range(field, self.0, ">= 0"))
                } else {
                    Ok(self)
                }
            }
        }

        impl From<Decimal> for $name {
            fn from(d: Decimal) -> Self {
                $name(d)
            }
        }

        impl From<$name> for Decimal {
            fn from(v: $name) -> Decimal {
                v.0
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                $name::parse(s, "")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <DecimalText as schemars::JsonSchema>::json_schema(g)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(DecimalBuf::new(&self.0).as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                d.deserialize_any(StrictDecimalVisitor).map($name)
            }
        }
    };
}

decimal_newtype!(
    /// A sum of money in yuan (金额). Serialized as a decimal string.
    Amount
);
decimal_newtype!(
    /// A price per unit of use in yuan (单价): a cap or an actual fee. Serialized as a string.
    UnitPrice
);
decimal_newtype!(
    /// A ratio (比率) where 1 means 100 %: a return rate, a tax rate, a share. Serialized as a string.
    Rate
);
decimal_newtype!(
    /// A quantity of use (数量) in the product's unit: calls, items, GB, months. Serialized as a string.
    Quantity
);

/// An amount shown with at least two decimals and no needless trailing zeros beyond them
/// (`100` → `100.00`, `974.700` → `974.70`); the value is unchanged.
pub fn cents_form(d: Decimal) -> Amount {
    let mut d = d.normalize();
    if d.scale() < 2 {
        d.rescale(2);
    }
    Amount::new(d)
}

/// `a + b`, or [`Error::Overflow`] naming `field`.
pub fn add(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| Error::overflow(field, format!("{a} + {b}")))
}

/// `a - b`, or [`Error::Overflow`] naming `field`.
pub fn sub(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(|| Error::overflow(field, format!("{a} - {b}")))
}

/// `a × b`, or [`Error::Overflow`] naming `field`.
///
/// Products with more than 28 fractional digits are rounded (banker's rounding at the
/// 28th digit, rust_decimal's behaviour), far below any price unit.
pub fn mul(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| Error::overflow(field, format!("{a} x {b}")))
}

/// `a / b`, or [`Error::Invalid`] for a zero divisor and [`Error::Overflow`] on overflow.
pub fn div(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    if b.is_zero() {
        return Err(Error::invalid(field, format!("{a} / 0"), "division by zero"));
    }
    a.checked_div(b).ok_or_else(|| Error::overflow(field, format!("{a} / {b}")))
}

/// Sum of decimals, or [`Error::Overflow`] naming `field`.
pub fn sum<I: IntoIterator<Item = Decimal>>(items: I, field: &str) -> Result<Decimal> {
    items.into_iter().try_fold(Decimal::ZERO, |acc, x| add(acc, x, field))
}

/// How to round (舍入方式). Every mode is exact on decimals; none goes through a float.
///
/// `HalfUp` is the default for amounts: 四舍五入, ties away from zero, so `-0.125` rounds to
/// `-0.13` and a loss rounds symmetrically to a gain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RoundMode {
    /// Ties away from zero (四舍五入). The default for amounts.
    #[default]
    HalfUp,
    /// Ties to the even neighbour (banker's rounding, 四舍六入五成双).
    HalfEven,
    /// Ties toward zero.
    HalfDown,
    /// Toward negative infinity (向下取整). The rule for caps.
    Floor,
    /// Toward positive infinity (向上取整).
    Ceil,
    /// Toward zero (截尾).
    Trunc,
}

crate::unit_enum_reader!(
    RoundMode,
    "RoundMode",
    [HalfUp = "half_up", HalfEven = "half_even", HalfDown = "half_down", Floor = "floor", Ceil = "ceil", Trunc = "trunc"]
);

impl RoundMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundMode::HalfDown => RoundingStrategy::MidpointTowardZero,
            RoundMode::Floor => RoundingStrategy::ToNegativeInfinity,
            RoundMode::Ceil => RoundingStrategy::ToPositiveInfinity,
            RoundMode::Trunc => RoundingStrategy::ToZero,
        }
    }

    /// A short name for working papers (`"half_up"`).
    pub fn name(self) -> &'static str {
        match self {
            RoundMode::HalfUp => "half_up",
            RoundMode::HalfEven => "half_even",
            RoundMode::HalfDown => "half_down",
            RoundMode::Floor => "floor",
            RoundMode::Ceil => "ceil",
            RoundMode::Trunc => "trunc",
        }
    }
}

/// A rounding rule: round to a multiple of `unit` under `mode`.
///
/// The unit is usually a power of ten (`0.01` yuan, `0.001` yuan per call) but any
/// positive decimal works (`0.05` rounds to five fen).
///
/// ```
/// use datafee::money::{Rounding, RoundMode};
/// use rust_decimal::Decimal;
/// let cents = Rounding::cents();
/// assert_eq!(cents.round("2.345".parse::<Decimal>()?)?.to_string(), "2.35");
/// let caps = Rounding::new("0.01".parse()?, RoundMode::Floor)?;
/// assert_eq!(caps.round("2.349".parse::<Decimal>()?)?.to_string(), "2.34");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rounding {
    /// The unit to round to (positive).
    #[serde(with = "dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub unit: Decimal,
    /// The mode.
    #[serde(default)]
    pub mode: RoundMode,
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding::cents()
    }
}

impl Rounding {
    /// A rule with a positive unit; a zero or negative unit is [`Error::OutOfRange`].
    pub fn new(unit: Decimal, mode: RoundMode) -> Result<Self> {
        if unit <= Decimal::ZERO {
            return Err(Error::out_of_range("unit", unit, "> 0"));
        }
        Ok(Rounding { unit, mode })
    }

    /// Half-up to 0.01 yuan (四舍五入到分): the default for amounts.
    pub fn cents() -> Self {
        Rounding { unit: Decimal::new(1, 2), mode: RoundMode::HalfUp }
    }

    /// Floor to `unit`: the rule for caps.
    pub fn floor_to(unit: Decimal) -> Self {
        Rounding { unit, mode: RoundMode::Floor }
    }

    /// Check the unit is positive (for rules that came from a document).
    pub fn validate(&self, field: &str) -> Result<()> {
        if self.unit <= Decimal::ZERO {
            return Err(Error::out_of_range(format!("{field}.unit"), self.unit, "> 0"));
        }
        Ok(())
    }

    /// Round `x` to a multiple of the unit under the mode.
    ///
    /// Exact for every unit, not only powers of ten: the multiple toward zero is
    /// `x - x % unit` (the remainder is exact in `Decimal`), and the mode then decides
    /// between it and the next multiple away from zero by comparing twice the remainder
    /// with the unit. (Dividing by the unit first would lose `1e-28 / 3` to 0, so a ceil
    /// of a tiny positive value would give 0.) A result that `Decimal` cannot hold exactly
    /// (a huge value to a tiny unit) is [`Error::Overflow`].
    pub fn round(&self, x: Decimal) -> Result<Decimal> {
        let unit = self.unit.normalize();
        if unit <= Decimal::ZERO {
            return Err(Error::out_of_range("rounding.unit", unit, "> 0"));
        }
        if unit.mantissa() == 1 {
            // A power of ten: 0.01, 1, ...
            let scale = unit.scale();
            return Ok(x.round_dp_with_strategy(scale, self.mode.strategy()));
        }
        let overflow = || Error::overflow("rounding", format!("{x} to a multiple of {unit}"));
        let rem = x.checked_rem(unit).ok_or_else(overflow)?;
        let toward = x.checked_sub(rem).ok_or_else(overflow)?;
        let r = if rem.is_zero() {
            toward
        } else {
            let away_from_zero = match self.mode {
                RoundMode::Floor => x.is_sign_negative(),
                RoundMode::Ceil => x.is_sign_positive(),
                RoundMode::Trunc => false,
                RoundMode::HalfUp | RoundMode::HalfEven | RoundMode::HalfDown => {
                    // Compare |rem| with unit / 2 as 2|rem| vs unit (|rem| < unit, so 2|rem| fits
                    // unless unit itself is near the top of the range: then compare rem with unit - rem).
                    let a = rem.abs();
                    let other = unit.checked_sub(a).ok_or_else(overflow)?;
                    match a.cmp(&other) {
                        std::cmp::Ordering::Greater => true,
                        std::cmp::Ordering::Less => false,
                        std::cmp::Ordering::Equal => match self.mode {
                            RoundMode::HalfUp => true,
                            RoundMode::HalfDown => false,
                            // Ties to the even multiple: `toward` is an even multiple iff it is a multiple of 2 × unit.
                            _ => match unit.checked_mul(Decimal::TWO) {
                                Some(two) => !toward.checked_rem(two).ok_or_else(overflow)?.is_zero(),
                                None => !toward.is_zero(),
                            },
                        },
                    }
                }
            };
            if !away_from_zero {
                toward
            } else if x.is_sign_negative() {
                toward.checked_sub(unit).ok_or_else(overflow)?
            } else {
                toward.checked_add(unit).ok_or_else(overflow)?
            }
        };
        // `Decimal` rounds an addition whose exact result has too many digits: check nothing was lost.
        let mut r = r;
        if r.checked_rem(unit).is_none_or(|m| !m.is_zero()) || (r - x).abs() >= unit {
            return Err(overflow());
        }
        r.rescale(unit.scale());
        if r.scale() != unit.scale() {
            return Err(overflow());
        }
        Ok(r)
    }

    /// A one-line description for working papers: `"floor to 0.01"`.
    pub fn describe(&self) -> String {
        format!("{} to {}", self.mode.name(), self.unit.normalize())
    }
}

#[cfg(test)]
mod tests;
