//! Columnar split (列式分配): an amount split among parties given as Arrow columns, the shares
//! returned as an Arrow table, with the engine's rule ([`datafee::sharing::split::split_weights`]:
//! largest remainder, ties by id ascending, exact to the rounding unit, the shares adding up to
//! the amount).
//!
//! ## Input columns (by name; other columns are ignored)
//!
//! | column | Arrow types |
//! |---|---|
//! | `id` (optional: without it the ids are the positions `"0"`, `"1"`, ...) | utf8, large utf8, utf8 view, or a dictionary of those |
//! | `weight` | decimal128 / decimal64 / decimal32 (scale 0 to 28), integers, or decimal strings; **never float** (`decimal_not_string`) |
//!
//! Bad input is a typed [`datafee::Error`] naming the column (`parties.weight`: a column of the
//! wrong type or a float column, a missing column) or the cell (`parties[12].weight`: a null, a
//! malformed decimal string, a decimal that does not fit 28 digits), with rows counted over
//! every batch; the split's own errors name `weights[i]` and `ids[i]` (a negative weight, a
//! repeated id, all weights zero, more than [`datafee::sharing::split::MAX_SPLIT_PARTIES`]
//! parties).
//!
//! ## Output
//!
//! One row per party, in input order: `id` (utf8) and `share` (`decimal128(38, s)`, `s` the
//! scale of the rounding unit: exact, `decimal.Decimal` in pandas).
//!
//! Memory: the input columns (borrowed, not copied), 16 bytes per weight, 16 per share and the
//! output columns: about 60 bytes per party beyond the ids' text.
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{ArrayRef, Decimal128Array, RecordBatch, StringArray};
//! use datafee::{Amount, Rounding};
//! let batch = RecordBatch::try_from_iter([
//!     ("id", Arc::new(StringArray::from(vec!["a", "b", "c"])) as ArrayRef),
//!     ("weight", Arc::new(StringArray::from(vec!["1", "1", "1"])) as ArrayRef),
//! ]).unwrap();
//! let out = datafee_arrow::split_batches(Amount::parse("10.00", "amount")?, &Rounding::cents(), [&batch])?;
//! let shares = out.shares.column_by_name("share").unwrap().as_any().downcast_ref::<Decimal128Array>().unwrap();
//! assert_eq!(shares.values().to_vec(), vec![334, 333, 333]);
//! # Ok::<(), datafee::Error>(())
//! ```

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Decimal32Type, Decimal64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, Decimal128Array, RecordBatch, StringArray};
use arrow_schema::DataType;
use datafee::explain::Explanation;
use datafee::sharing::split::{split_weights, MAX_SPLIT_PARTIES};
use datafee::{Amount, Error, Result, Rounding};
use rust_decimal::Decimal;

use crate::input::{self, Text};

/// The result of a columnar split.
#[derive(Debug, Clone)]
pub struct SplitTable {
    /// One row per party, in input order: `id`, `share`.
    pub shares: RecordBatch,
    /// The working paper of the split.
    pub explanation: Explanation,
}

fn column_field(column: &str) -> String {
    format!("parties.{column}")
}

fn cell_field(row: usize, column: &str) -> String {
    format!("parties[{row}].{column}")
}

/// A weight of the Arrow type `t`, `v` its unscaled value at `scale`.
fn weight_of(v: i128, scale: i8, row: usize) -> Result<Decimal> {
    let field = || cell_field(row, "weight");
    if scale < 0 {
        let m = v.checked_mul(10i128.pow(u32::from(scale.unsigned_abs()).min(38))).ok_or_else(|| Error::overflow(field(), format!("{v}e{}", -scale)))?;
        return Decimal::try_from_i128_with_scale(m, 0).map_err(|_| Error::overflow(field(), format!("{v}e{}", -scale)));
    }
    if scale > 28 {
        return Err(Error::out_of_range(column_field("weight"), format!("scale {scale}"), "at most 28 decimal places"));
    }
    Decimal::try_from_i128_with_scale(v, scale as u32).map_err(|_| Error::overflow(field(), format!("{v}e-{scale}")))
}

fn push_ints<T: arrow_array::ArrowPrimitiveType>(a: &dyn Array, out: &mut Vec<Decimal>) -> bool
where
    T::Native: Into<i128>,
{
    match a.as_primitive_opt::<T>() {
        Some(p) => {
            // Every integer type fits a Decimal's 96 bits.
            out.extend(p.values().iter().map(|&v| Decimal::from_i128_with_scale(v.into(), 0)));
            true
        }
        None => false,
    }
}

/// Append the weights of one column, `first_row` its first row in the whole input.
fn weights(a: &dyn Array, first_row: usize, out: &mut Vec<Decimal>) -> Result<()> {
    if a.logical_null_count() > 0 {
        let row = a.logical_nulls().and_then(|n| (0..a.len()).find(|&i| n.is_null(i))).unwrap_or(0);
        return Err(Error::Missing { field: cell_field(first_row + row, "weight"), value: "a value (null)".into() });
    }
    let t = a.data_type();
    match t {
        DataType::Decimal128(_, s) => {
            for (i, &v) in a.as_primitive::<Decimal128Type>().values().iter().enumerate() {
                out.push(weight_of(v, *s, first_row + i)?);
            }
        }
        DataType::Decimal64(_, s) => {
            for (i, &v) in a.as_primitive::<Decimal64Type>().values().iter().enumerate() {
                out.push(weight_of(i128::from(v), *s, first_row + i)?);
            }
        }
        DataType::Decimal32(_, s) => {
            for (i, &v) in a.as_primitive::<Decimal32Type>().values().iter().enumerate() {
                out.push(weight_of(i128::from(v), *s, first_row + i)?);
            }
        }
        DataType::Float16 | DataType::Float32 | DataType::Float64 => {
            return Err(Error::DecimalNotString { field: column_field("weight"), value: format!("a {t} column") });
        }
        _ => {
            let done = push_ints::<Int8Type>(a, out)
                || push_ints::<Int16Type>(a, out)
                || push_ints::<Int32Type>(a, out)
                || push_ints::<Int64Type>(a, out)
                || push_ints::<UInt8Type>(a, out)
                || push_ints::<UInt16Type>(a, out)
                || push_ints::<UInt32Type>(a, out)
                || push_ints::<UInt64Type>(a, out);
            if !done {
                let text = input::text("weight", a, first_row as u64)
                    .map_err(|_| Error::invalid(column_field("weight"), format!("{t}"), "expected decimal128/64/32, an integer type, or decimal strings"))?;
                for i in 0..a.len() {
                    out.push(datafee::money::parse_decimal(text.get(i).trim(), &cell_field(first_row + i, "weight"))?);
                }
            }
        }
    }
    Ok(())
}

/// Split `amount` among the parties of `batches` (see the module docs).
pub fn split_batches<'a>(amount: Amount, rounding: &Rounding, batches: impl IntoIterator<Item = &'a RecordBatch>) -> Result<SplitTable> {
    let batches: Vec<&RecordBatch> = batches.into_iter().collect();
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    // The limit before anything is converted.
    if rows > MAX_SPLIT_PARTIES {
        return Err(Error::LimitExceeded { field: "parties".into(), value: rows.to_string(), max: MAX_SPLIT_PARTIES.to_string() });
    }
    let has_id = batches.first().is_some_and(|b| b.column_by_name("id").is_some());
    let mut texts: Vec<Text<'a>> = Vec::new();
    let mut w: Vec<Decimal> = Vec::with_capacity(rows);
    let mut first = 0usize;
    for b in &batches {
        let weight = b.column_by_name("weight").ok_or_else(|| Error::Missing {
            field: column_field("weight"),
            value: format!("a column \"weight\" (the batch has {})", b.schema().fields().iter().map(|f| f.name().as_str()).collect::<Vec<_>>().join(", ")),
        })?;
        weights(weight.as_ref(), first, &mut w)?;
        match (has_id, b.column_by_name("id")) {
            (true, Some(id)) => texts.push(input::text("id", id.as_ref(), first as u64).map_err(rename)?),
            (false, None) => {}
            _ => return Err(Error::invalid(column_field("id"), format!("batch at row {first}"), "either every batch has an id column or none has")),
        }
        first += b.num_rows();
    }
    let positions: Vec<String>;
    let mut ids: Vec<&str> = Vec::with_capacity(rows);
    if has_id {
        for (t, b) in texts.iter().zip(&batches) {
            ids.extend((0..b.num_rows()).map(|i| t.get(i)));
        }
    } else {
        positions = (0..rows).map(|i| i.to_string()).collect();
        ids.extend(positions.iter().map(String::as_str));
    }
    let split = split_weights(amount, &ids, &w, rounding)?;
    drop(w);
    let scale = split.shares.iter().map(|s| s.get().scale()).max().unwrap_or(0).max(rounding.unit.normalize().scale());
    let mut cents = Vec::with_capacity(split.shares.len());
    for (i, s) in split.shares.iter().enumerate() {
        let d = s.get();
        let m = d.mantissa().checked_mul(10i128.pow(scale - d.scale())).ok_or_else(|| Error::overflow(cell_field(i, "share"), d.to_string()))?;
        cents.push(m);
    }
    let share = Decimal128Array::from(cents).with_precision_and_scale(38, scale as i8).map_err(|e| Error::invalid("parties.share", scale, e.to_string()))?;
    let shares = RecordBatch::try_from_iter([("id", Arc::new(StringArray::from(ids)) as ArrayRef), ("share", Arc::new(share) as ArrayRef)])
        .map_err(|e| Error::invalid("shares", "record batch", e.to_string()))?;
    Ok(SplitTable { shares, explanation: split.explanation })
}

/// The same error naming `parties` where the text reader names `records`.
fn rename(e: Error) -> Error {
    let mut e = e;
    if let Error::Missing { field, .. } | Error::Invalid { field, .. } = &mut e {
        if let Some(rest) = field.strip_prefix("records") {
            *field = format!("parties{rest}");
        }
    }
    e
}
