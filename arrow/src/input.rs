//! Reading the usage columns (用量列) of a record batch: text, quantities and times, each
//! checked for its type and nulls before any record of the batch is rated.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Decimal32Type, Decimal64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, GenericStringArray, OffsetSizeTrait, RecordBatch, StringViewArray};
use arrow_schema::{DataType, TimeUnit};
use datafee::rating::{quantity_nano, RejectReason, TimeKey, UsageTime};
use datafee::{Error, Result};
use rust_decimal::Decimal;

/// The field of a column (`records.quantity`).
pub(crate) fn column_field(column: &str) -> String {
    format!("records.{column}")
}

/// The field of one cell (`records[12].quantity`), `row` counted over the whole input.
pub(crate) fn cell_field(row: u64, column: &str) -> String {
    format!("records[{row}].{column}")
}

/// A column of text: plain, large, view, or dictionary-encoded.
pub(crate) enum Text<'a> {
    Utf8(&'a GenericStringArray<i32>),
    Large(&'a GenericStringArray<i64>),
    View(&'a StringViewArray),
    /// Dictionary: the key of each row and the values.
    Dict(Vec<usize>, Box<Text<'a>>),
}

impl<'a> Text<'a> {
    /// The text of row `i` (rows are checked non-null before).
    #[inline(always)]
    pub(crate) fn get(&self, i: usize) -> &'a str {
        match self {
            Text::Utf8(a) => a.value(i),
            Text::Large(a) => a.value(i),
            Text::View(a) => a.value(i),
            Text::Dict(keys, values) => values.get(keys.get(i).copied().unwrap_or(0)),
        }
    }

    /// Call `f` with each row of `lo..hi`, its bytes and, for plain and large utf8, the 8
    /// bytes of the column's buffer that start with them when the buffer has 8 from there (a
    /// short text's key in one load), in order: the column's kind matched once for the rows,
    /// not per row, and plain and large utf8 read straight from their offsets and bytes.
    #[inline(always)]
    pub(crate) fn try_each_bytes<E>(
        &self,
        lo: usize,
        hi: usize,
        mut f: impl FnMut(usize, &'a [u8], Option<u64>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        /// Plain or large utf8, straight from the offsets and bytes.
        #[inline(always)]
        fn offsets<'a, O: OffsetSizeTrait, E>(
            a: &'a GenericStringArray<O>,
            lo: usize,
            hi: usize,
            f: &mut impl FnMut(usize, &'a [u8], Option<u64>) -> std::result::Result<(), E>,
        ) -> std::result::Result<(), E> {
            let data = a.value_data();
            for (i, w) in (lo..).zip(a.value_offsets().get(lo..=hi).unwrap_or_default().windows(2)) {
                let &[s, e] = w else { continue };
                let (s, e) = (s.as_usize(), e.as_usize());
                let word = data.get(s..).and_then(|d| d.first_chunk::<8>()).map(|w| u64::from_le_bytes(*w));
                f(i, data.get(s..e).unwrap_or_default(), word)?;
            }
            Ok(())
        }
        match self {
            Text::Utf8(a) => offsets(a, lo, hi, &mut f)?,
            Text::Large(a) => offsets(a, lo, hi, &mut f)?,
            Text::View(a) => {
                for i in lo..hi {
                    f(i, a.value(i).as_bytes(), None)?;
                }
            }
            Text::Dict(keys, values) => {
                for (i, &k) in (lo..).zip(keys.get(lo..hi).unwrap_or_default()) {
                    f(i, values.get(k).as_bytes(), None)?;
                }
            }
        }
        Ok(())
    }

    /// The bytes of text in the column (exact for plain and large utf8; a guess otherwise),
    /// to size buffers once.
    pub(crate) fn byte_hint(&self) -> usize {
        match self {
            Text::Utf8(a) => a.value_data().len(),
            Text::Large(a) => a.value_data().len(),
            Text::View(a) => a.len().saturating_mul(16),
            Text::Dict(keys, _) => keys.len().saturating_mul(16),
        }
    }

    /// The number of distinct values when dictionary-encoded.
    pub(crate) fn dictionary(&self) -> Option<(&[usize], &Text<'a>)> {
        match self {
            Text::Dict(k, v) => Some((k, v)),
            _ => None,
        }
    }

    fn len(&self) -> usize {
        match self {
            Text::Utf8(a) => a.len(),
            Text::Large(a) => a.len(),
            Text::View(a) => a.len(),
            Text::Dict(_, v) => v.len(),
        }
    }
}

/// What a column's type is, in words, for errors.
fn type_name(t: &DataType) -> String {
    format!("{t}")
}

fn wrong_type(column: &str, t: &DataType, expected: &str) -> Error {
    Error::invalid(column_field(column), type_name(t), format!("expected {expected}"))
}

/// Refuse a column with a null, naming the first null row.
fn no_nulls(column: &str, a: &dyn Array, first_row: u64) -> Result<()> {
    if a.logical_null_count() == 0 {
        return Ok(());
    }
    let row = a.logical_nulls().and_then(|n| (0..a.len()).find(|&i| n.is_null(i))).unwrap_or(0);
    Err(Error::Missing { field: cell_field(first_row + row as u64, column), value: "a value (null)".into() })
}

/// A text column (utf8, large utf8, utf8 view, or a dictionary of those).
pub(crate) fn text<'a>(column: &str, a: &'a dyn Array, first_row: u64) -> Result<Text<'a>> {
    no_nulls(column, a, first_row)?;
    text_values(column, a)
}

fn text_values<'a>(column: &str, a: &'a dyn Array) -> Result<Text<'a>> {
    if let Some(s) = a.as_string_opt::<i32>() {
        return Ok(Text::Utf8(s));
    }
    if let Some(s) = a.as_string_opt::<i64>() {
        return Ok(Text::Large(s));
    }
    if let Some(s) = a.as_string_view_opt() {
        return Ok(Text::View(s));
    }
    if let Some(d) = a.as_any_dictionary_opt() {
        let values = text_values(column, d.values().as_ref())?;
        if values.len() == 0 {
            return Ok(Text::Dict(vec![0; a.len()], Box::new(values)));
        }
        return Ok(Text::Dict(d.normalized_keys(), Box::new(values)));
    }
    Err(wrong_type(column, a.data_type(), "utf8, large utf8, utf8 view or a dictionary of them"))
}

/// A quantity column: decimals (32, 64, 128), integers, or decimal strings.
pub(crate) enum Quantities<'a> {
    /// Values with their scale (negative Arrow scales already folded in).
    Decimal(Vec<i128>, i8),
    /// An int64 column's values, read in place (the usual integer column: no copy of the
    /// batch as `i128`).
    Int64(&'a [i64]),
    Text(Text<'a>),
}

impl Quantities<'_> {
    /// The quantity of row `i` in 10^-9 units, or why it cannot be rated; a malformed
    /// decimal string is an error naming its row.
    #[inline]
    pub(crate) fn nano(&self, i: usize, row: u64, column: &str) -> Result<std::result::Result<i128, RejectReason>> {
        match self {
            Quantities::Decimal(v, scale) => {
                let x = v.get(i).copied().unwrap_or(0);
                Ok(if *scale >= 0 {
                    quantity_nano(x, *scale as u32)
                } else {
                    match x.checked_mul(10i128.pow(u32::from(scale.unsigned_abs()).min(38))) {
                        Some(y) => quantity_nano(y, 0),
                        None if x <= 0 => Err(RejectReason::NonPositiveQuantity),
                        None => Err(RejectReason::QuantityTooLarge),
                    }
                })
            }
            Quantities::Int64(v) => Ok(int_nano(v.get(i).copied().unwrap_or(0))),
            Quantities::Text(t) => {
                let s = t.get(i);
                let d = parse_decimal(s).ok_or_else(|| Error::MalformedDecimal { field: cell_field(row, column), value: s.to_string() })?;
                Ok(quantity_nano(d.mantissa(), d.scale()))
            }
        }
    }

    /// The quantity of row `i` as written, for a listed rejection.
    pub(crate) fn text(&self, i: usize) -> String {
        match self {
            Quantities::Decimal(v, scale) => {
                let x = v.get(i).copied().unwrap_or(0);
                if *scale >= 0 {
                    Decimal::try_from_i128_with_scale(x, *scale as u32).map_or_else(|_| format!("{x}e-{scale}"), |d| d.to_string())
                } else {
                    format!("{x}e{}", scale.unsigned_abs())
                }
            }
            // What the decimal of scale 0 writes: the integer's digits.
            Quantities::Int64(v) => v.get(i).copied().unwrap_or(0).to_string(),
            Quantities::Text(t) => t.get(i).to_string(),
        }
    }
}

/// [`quantity_nano`]`(x, 0)` of an integer quantity: not positive, above
/// [`datafee::rating::MAX_QUANTITY`], or `x × 10^9` (one 64 × 64-bit multiply: at most
/// 10^18 × 10^9, within 128 bits).
#[inline(always)]
pub(crate) fn int_nano(x: i64) -> std::result::Result<i128, RejectReason> {
    const NANO: u64 = 10u64.pow(datafee::rating::QUANTITY_SCALE);
    if x <= 0 {
        Err(RejectReason::NonPositiveQuantity)
    } else if x > datafee::rating::MAX_QUANTITY {
        Err(RejectReason::QuantityTooLarge)
    } else {
        Ok((u128::from(x.unsigned_abs()) * u128::from(NANO)) as i128)
    }
}

/// A decimal string as the text path reads it (plain notation, or an exponent).
fn parse_decimal(s: &str) -> Option<Decimal> {
    let t = s.trim();
    if t.is_empty() || t.len() > 100 {
        return None;
    }
    t.parse::<Decimal>().ok().or_else(|| Decimal::from_scientific(t).ok())
}

fn ints<T: arrow_array::ArrowPrimitiveType>(a: &dyn Array) -> Option<Vec<i128>>
where
    T::Native: Into<i128>,
{
    a.as_primitive_opt::<T>().map(|p| p.values().iter().map(|&v| v.into()).collect())
}

/// A quantity column. A float column is refused (`decimal_not_string`: it has already been
/// rounded in binary).
pub(crate) fn quantities<'a>(column: &str, a: &'a dyn Array, first_row: u64) -> Result<Quantities<'a>> {
    no_nulls(column, a, first_row)?;
    let t = a.data_type();
    let (values, scale) = match t {
        DataType::Decimal128(_, s) => (a.as_primitive::<Decimal128Type>().values().to_vec(), *s),
        DataType::Decimal64(_, s) => (a.as_primitive::<Decimal64Type>().values().iter().map(|&v| i128::from(v)).collect(), *s),
        DataType::Decimal32(_, s) => (a.as_primitive::<Decimal32Type>().values().iter().map(|&v| i128::from(v)).collect(), *s),
        DataType::Int8 => (ints::<Int8Type>(a).unwrap_or_default(), 0),
        DataType::Int16 => (ints::<Int16Type>(a).unwrap_or_default(), 0),
        DataType::Int32 => (ints::<Int32Type>(a).unwrap_or_default(), 0),
        DataType::Int64 => return Ok(Quantities::Int64(a.as_primitive::<Int64Type>().values())),
        DataType::UInt8 => (ints::<UInt8Type>(a).unwrap_or_default(), 0),
        DataType::UInt16 => (ints::<UInt16Type>(a).unwrap_or_default(), 0),
        DataType::UInt32 => (ints::<UInt32Type>(a).unwrap_or_default(), 0),
        DataType::UInt64 => (ints::<UInt64Type>(a).unwrap_or_default(), 0),
        DataType::Float16 | DataType::Float32 | DataType::Float64 => {
            return Err(Error::DecimalNotString { field: column_field(column), value: format!("a {t} column") });
        }
        _ => return text_values(column, a).map(Quantities::Text).map_err(|_| wrong_type(column, t, "decimal128/64/32, an integer type, or decimal strings")),
    };
    Ok(Quantities::Decimal(values, scale))
}

/// A time column as day numbers and the time as written.
pub(crate) enum Times<'a> {
    Keys(Vec<TimeKey>),
    /// A date32 column's day numbers, read in place (no copy of the batch as [`TimeKey`]s).
    Days(&'a [i32]),
    Text(Text<'a>),
}

impl Times<'_> {
    /// The time of row `i`; a malformed text is an error naming its row.
    #[inline]
    pub(crate) fn key(&self, i: usize, row: u64, column: &str) -> Result<TimeKey> {
        match self {
            Times::Keys(k) => Ok(k.get(i).copied().unwrap_or_default()),
            Times::Days(d) => Ok(day_key(d.get(i).copied().unwrap_or_default())),
            Times::Text(t) => Ok(time_key_of(UsageTime::parse(t.get(i), &cell_field(row, column))?)),
        }
    }
}

/// The time key of a date (no time of day).
#[inline(always)]
pub(crate) fn day_key(day: i32) -> TimeKey {
    TimeKey { day, second: 0, nanos: 0 }
}

fn time_key_of(t: UsageTime) -> TimeKey {
    TimeKey::of(t)
}

/// `+08:00`, `-0530`, `UTC`, `Z` as seconds east of UTC; a named zone is refused.
fn fixed_offset(column: &str, tz: &str) -> Result<i64> {
    let t = tz.trim();
    if t.eq_ignore_ascii_case("utc") || t == "Z" || t.eq_ignore_ascii_case("etc/utc") {
        return Ok(0);
    }
    let bad = || {
        Error::invalid(
            column_field(column),
            tz,
            "a named time zone: cast to timestamps without a zone (the operator's local civil time) or with a fixed offset such as +08:00",
        )
    };
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let h: i64 = digits[..2].parse().map_err(|_| bad())?;
    let m: i64 = digits[2..].parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(sign * (h * 3600 + m * 60))
}

/// A time column: date32, date64, timestamp (any unit; no zone = local civil time, a fixed
/// offset is applied), or text `YYYY-MM-DD[THH:MM:SS]`.
pub(crate) fn times<'a>(column: &str, a: &'a dyn Array, first_row: u64) -> Result<Times<'a>> {
    no_nulls(column, a, first_row)?;
    let t = a.data_type();
    let keys = match t {
        DataType::Date32 => return Ok(Times::Days(a.as_primitive::<Date32Type>().values())),
        DataType::Date64 => {
            a.as_primitive::<Date64Type>().values().iter().map(|&ms| TimeKey { day: clamp_day(ms.div_euclid(86_400_000)), second: 0, nanos: 0 }).collect()
        }
        DataType::Timestamp(unit, tz) => {
            let offset = match tz {
                Some(z) => fixed_offset(column, z)?,
                None => 0,
            };
            let (per_sec, values): (i64, &[i64]) = match unit {
                TimeUnit::Second => (1, a.as_primitive::<TimestampSecondType>().values()),
                TimeUnit::Millisecond => (1_000, a.as_primitive::<TimestampMillisecondType>().values()),
                TimeUnit::Microsecond => (1_000_000, a.as_primitive::<TimestampMicrosecondType>().values()),
                TimeUnit::Nanosecond => (1_000_000_000, a.as_primitive::<TimestampNanosecondType>().values()),
            };
            values.iter().map(|&v| timestamp_key(v, per_sec, offset)).collect()
        }
        _ => return text_values(column, a).map(Times::Text).map_err(|_| wrong_type(column, t, "date32, date64, timestamp or text YYYY-MM-DD[THH:MM:SS]")),
    };
    Ok(Times::Keys(keys))
}

fn clamp_day(d: i64) -> i32 {
    d.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

fn timestamp_key(v: i64, per_sec: i64, offset: i64) -> TimeKey {
    let secs = v.div_euclid(per_sec).saturating_add(offset);
    let frac = v.rem_euclid(per_sec);
    let nanos = (i128::from(frac) * 1_000_000_000 / i128::from(per_sec)) as u32;
    TimeKey { day: clamp_day(secs.div_euclid(86_400)), second: secs.rem_euclid(86_400) as u32 + 1, nanos }
}

/// The six usage columns of a batch, found by name.
pub(crate) struct Batch<'a> {
    pub(crate) id: Text<'a>,
    pub(crate) customer: Text<'a>,
    pub(crate) product: Text<'a>,
    pub(crate) scenario: Text<'a>,
    pub(crate) quantity: Quantities<'a>,
    pub(crate) time: Times<'a>,
    pub(crate) rows: usize,
}

/// The column names read, in order.
pub const COLUMNS: [&str; 6] = ["id", "customer", "product", "scenario", "quantity", "time"];

fn column<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef> {
    b.column_by_name(name).ok_or_else(|| Error::Missing { field: column_field(name), value: format!("a column {name:?} (the batch has {})", names(b)) })
}

fn names(b: &RecordBatch) -> String {
    let n: Vec<String> = b.schema().fields().iter().map(|f| f.name().clone()).collect();
    if n.is_empty() {
        "no columns".into()
    } else {
        n.join(", ")
    }
}

/// Read the columns of a batch (extra columns are ignored).
pub(crate) fn batch(b: &RecordBatch, first_row: u64) -> Result<Batch<'_>> {
    read(
        [column(b, "id")?, column(b, "customer")?, column(b, "product")?, column(b, "scenario")?, column(b, "quantity")?, column(b, "time")?]
            .map(|a| a.as_ref()),
        first_row,
    )
}

/// Read six arrays given separately: every one must have the length of `id`.
pub(crate) fn read<'a>(a: [&'a dyn Array; 6], first_row: u64) -> Result<Batch<'a>> {
    let rows = a[0].len();
    for (name, x) in COLUMNS.iter().zip(a.iter()).skip(1) {
        if x.len() != rows {
            return Err(Error::invalid(column_field(name), format!("{} rows", x.len()), format!("every column must have the {rows} rows of records.id")));
        }
    }
    Ok(Batch {
        id: text("id", a[0], first_row)?,
        customer: text("customer", a[1], first_row)?,
        product: text("product", a[2], first_row)?,
        scenario: text("scenario", a[3], first_row)?,
        quantity: quantities("quantity", a[4], first_row)?,
        time: times("time", a[5], first_row)?,
        rows,
    })
}
