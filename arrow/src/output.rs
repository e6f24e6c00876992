//! The rating result as Arrow tables (计费结果表): invoices, lines, rejections, outcomes.

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Date32Array, Decimal128Array, RecordBatch, StringArray, UInt64Array};
use datafee::rating::{RatingResult, RejectReason, Status};
use datafee::{Error, Result};
use rust_decimal::Decimal;

/// Everything a columnar rating run produced.
#[derive(Debug, Clone)]
pub struct RatingTables {
    /// The engine's result (counts, rejections by reason, totals, products, invoices with
    /// their working papers).
    pub result: RatingResult,
    /// One row per invoice: customer, lines, lines_total, subtotal, vat_rate, vat, total,
    /// prices_include_vat.
    pub invoices: RecordBatch,
    /// One row per invoice line: customer, product, scenario, category, free, free_reason,
    /// effective, schedule, records, quantity, billed_quantity, cap, cap_limit, charge,
    /// amount, note.
    pub lines: RecordBatch,
    /// The listed rejections: index, id, reason, value (the first
    /// [`datafee::rating::MAX_LISTED_REJECTIONS`]; `result.counts.rejections_by_reason` counts all).
    pub rejected: RecordBatch,
    /// One row per record when asked for: index, status, reason (null unless rejected).
    pub records: Option<RecordBatch>,
}

/// The one-byte code of a record's status (0 charged, 1 free, 2 + reason index rejected).
pub(crate) fn status_code(s: Status) -> u8 {
    match s {
        Status::Charged => 0,
        Status::Free => 1,
        Status::Rejected(r) => 2 + RejectReason::ALL.iter().position(|&x| x == r).unwrap_or(0) as u8,
    }
}

/// The status and reason code of a one-byte outcome.
pub fn outcome_code(code: u8) -> (&'static str, Option<&'static str>) {
    match code {
        0 => ("charged", None),
        1 => ("free", None),
        n => ("rejected", RejectReason::ALL.get(usize::from(n) - 2).map(|r| r.code())),
    }
}

/// A column of exact decimals as `decimal128(38, s)`, `s` the largest scale present.
fn decimals(name: &str, values: &[Option<Decimal>]) -> Result<ArrayRef> {
    let scale = values.iter().flatten().map(|d| d.scale()).max().unwrap_or(0);
    let mut out = Vec::with_capacity(values.len());
    for v in values {
        out.push(match v {
            None => None,
            Some(d) => {
                let m = d.mantissa().checked_mul(10i128.pow(scale - d.scale())).filter(|m| m.unsigned_abs() < 10u128.pow(38));
                Some(m.ok_or_else(|| Error::overflow(name.to_string(), format!("{d} at scale {scale}")))?)
            }
        });
    }
    let a = Decimal128Array::from(out).with_precision_and_scale(38, scale as i8).map_err(|e| Error::invalid(name.to_string(), scale, e.to_string()))?;
    Ok(Arc::new(a))
}

fn text<S: AsRef<str>>(values: &[Option<S>]) -> ArrayRef {
    Arc::new(StringArray::from(values.iter().map(|v| v.as_ref().map(|s| s.as_ref())).collect::<Vec<Option<&str>>>()))
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> Result<RecordBatch> {
    RecordBatch::try_from_iter(columns).map_err(|e| Error::invalid("tables", "record batch", e.to_string()))
}

/// Build the tables from a result (and the per-record outcome codes when kept).
pub(crate) fn tables(result: RatingResult, outcomes: Option<Vec<u8>>) -> Result<RatingTables> {
    let inv = &result.invoices;
    let invoices = batch(vec![
        ("customer", text(&inv.iter().map(|i| Some(i.customer.as_str())).collect::<Vec<_>>())),
        ("lines", Arc::new(UInt64Array::from(inv.iter().map(|i| i.lines.len() as u64).collect::<Vec<_>>()))),
        ("lines_total", decimals("invoices.lines_total", &inv.iter().map(|i| Some(i.lines_total.get())).collect::<Vec<_>>())?),
        ("subtotal", decimals("invoices.subtotal", &inv.iter().map(|i| Some(i.subtotal.get())).collect::<Vec<_>>())?),
        ("vat_rate", decimals("invoices.vat_rate", &inv.iter().map(|i| Some(i.vat_rate.get())).collect::<Vec<_>>())?),
        ("vat", decimals("invoices.vat", &inv.iter().map(|i| Some(i.vat.get())).collect::<Vec<_>>())?),
        ("total", decimals("invoices.total", &inv.iter().map(|i| Some(i.total.get())).collect::<Vec<_>>())?),
        ("prices_include_vat", Arc::new(BooleanArray::from(inv.iter().map(|i| i.prices_include_vat).collect::<Vec<_>>()))),
    ])?;

    let lines: Vec<(&str, &datafee::rating::InvoiceLine)> = inv.iter().flat_map(|i| i.lines.iter().map(move |l| (i.customer.as_str(), l))).collect();
    let col = |f: &dyn Fn(&datafee::rating::InvoiceLine) -> Option<String>| text(&lines.iter().map(|(_, l)| f(l)).collect::<Vec<_>>());
    let dec = |name: &str, f: &dyn Fn(&datafee::rating::InvoiceLine) -> Option<Decimal>| decimals(name, &lines.iter().map(|(_, l)| f(l)).collect::<Vec<_>>());
    let lines_batch = batch(vec![
        ("customer", text(&lines.iter().map(|(c, _)| Some(*c)).collect::<Vec<_>>())),
        ("product", col(&|l| Some(l.product.clone()))),
        ("scenario", col(&|l| Some(l.scenario.clone()))),
        ("category", col(&|l| serde_json::to_value(l.category).ok().and_then(|v| v.as_str().map(str::to_string)))),
        ("free", Arc::new(BooleanArray::from(lines.iter().map(|(_, l)| l.free).collect::<Vec<_>>()))),
        ("free_reason", col(&|l| l.free_reason.clone())),
        ("effective", Arc::new(Date32Array::from(lines.iter().map(|(_, l)| l.effective.map(|d| d.days())).collect::<Vec<_>>()))),
        ("schedule", col(&|l| l.schedule.clone())),
        ("records", Arc::new(UInt64Array::from(lines.iter().map(|(_, l)| l.records).collect::<Vec<_>>()))),
        ("quantity", dec("lines.quantity", &|l| Some(l.quantity.get()))?),
        ("billed_quantity", dec("lines.billed_quantity", &|l| l.billed_quantity.map(|q| q.get()))?),
        ("cap", dec("lines.cap", &|l| l.cap.map(|c| c.get()))?),
        ("cap_limit", dec("lines.cap_limit", &|l| l.cap_limit.map(|c| c.get()))?),
        ("charge", dec("lines.charge", &|l| Some(l.charge.get()))?),
        ("amount", dec("lines.amount", &|l| Some(l.amount.get()))?),
        ("note", col(&|l| l.note.clone())),
    ])?;

    let rj = &result.counts.rejected_records;
    let rejected = batch(vec![
        ("index", Arc::new(UInt64Array::from(rj.iter().map(|r| r.index).collect::<Vec<_>>()))),
        ("id", text(&rj.iter().map(|r| Some(r.id.as_str())).collect::<Vec<_>>())),
        ("reason", text(&rj.iter().map(|r| Some(r.reason.code())).collect::<Vec<_>>())),
        ("value", text(&rj.iter().map(|r| Some(r.value.as_str())).collect::<Vec<_>>())),
    ])?;

    let records = match outcomes {
        None => None,
        Some(codes) => {
            let statuses: Vec<Option<&str>> = codes.iter().map(|&c| Some(outcome_code(c).0)).collect();
            let reasons: Vec<Option<&str>> = codes.iter().map(|&c| outcome_code(c).1).collect();
            Some(batch(vec![
                ("index", Arc::new(UInt64Array::from((0..codes.len() as u64).collect::<Vec<_>>()))),
                ("status", text(&statuses)),
                ("reason", text(&reasons)),
            ])?)
        }
    };
    Ok(RatingTables { result, invoices, lines: lines_batch, rejected, records })
}
