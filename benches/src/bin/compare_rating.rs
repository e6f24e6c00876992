//! The Rust side of `benches/compare_rating.py`: rate the same seeded usage records in-process,
//! through the text-record API (`Rater::push`, the same work as the other two sides) and the raw
//! fast path (`rate_raw`), and the columnar path (`datafee_arrow::ArrowRater`: Arrow batches of
//! 65,536 rows, ids, customers, products and scenarios as plain utf8 strings, not interned by
//! the caller; quantities int64, days date32), and print the times and the subtotal as JSON.
//!
//! `cargo run --release -p datafee-benches --bin compare_rating -- --n 1000000 --repeat 3`
//! (`arrow` times the columnar path alone; `--shuffle-ids` gives it the same ids out of order).

use std::time::Instant;

use datafee::rating::{rate_raw, Date, Rater, RaterOptions, RawRecord, Tariff, UsageRecord, UsageTime};
use datafee::Quantity;
use rust_decimal::Decimal;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The record generator shared with compare_rating.py: a 64-bit LCG, so both sides produce the same records.
fn records(n: usize) -> Vec<(u64, u32, u32, u32, i64, i32)> {
    let mut x: u64 = 42;
    (0..n as u64)
        .map(|i| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let r = x >> 33;
            (i, (r % 1000) as u32, ((r >> 10) % 3) as u32, u32::from((r >> 12).is_multiple_of(10)), 1 + ((r >> 16) % 5) as i64, ((r >> 20) % 31) as i32)
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = arg("--n", 1_000_000);
    let repeat = arg("--repeat", 3);
    let tariff: Tariff = datafee::doc::from_json(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/compare_tariff.json"))?)?;
    let recs = records(n);
    let day0 = Date::from_ymd(2025, 1, 1)?.days();
    let products = ["p0", "p1", "p2"];
    let scenarios = ["ind", "gov"];
    let usage: Vec<UsageRecord> = recs
        .iter()
        .map(|&(i, c, p, s, q, d)| -> Result<UsageRecord, datafee::Error> {
            Ok(UsageRecord {
                id: format!("r{i}"),
                customer: format!("c{c:04}"),
                product: products[p as usize].into(),
                scenario: scenarios[s as usize].into(),
                quantity: Quantity::new(Decimal::from(q)),
                time: UsageTime::on(Date::from_days(day0 + d).ok_or_else(|| datafee::Error::invalid("day", d, "out of range"))?),
            })
        })
        .collect::<Result<_, _>>()?;
    let options = RaterOptions { keep_records: false, explain: false };
    // A bare `arrow` argument times the columnar path alone (for a profiler).
    let only_arrow = std::env::args().any(|a| a == "arrow");
    let mut best = f64::MAX;
    let mut subtotal = String::new();
    for _ in 0..if only_arrow { 0 } else { repeat.max(1) } {
        let t = Instant::now();
        let mut rater = Rater::new(&tariff, options)?;
        for r in &usage {
            rater.push(r)?;
        }
        let out = rater.finish()?;
        best = best.min(t.elapsed().as_secs_f64());
        subtotal = out.totals.subtotal.to_string();
    }
    let names: Vec<String> = (0..1000).map(|c| format!("c{c:04}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let raw: Vec<RawRecord> =
        recs.iter().map(|&(i, c, p, s, q, d)| RawRecord { id: i, quantity: q, customer: c, product: p, scenario: s, day: day0 + d }).collect();
    let mut best_raw = f64::MAX;
    let mut subtotal_raw = String::new();
    for _ in 0..if only_arrow { 0 } else { repeat.max(1) } {
        let t = Instant::now();
        let out = rate_raw(&tariff, &names, &raw, 0, options)?;
        best_raw = best_raw.min(t.elapsed().as_secs_f64());
        subtotal_raw = out.totals.subtotal.to_string();
    }
    // `--shuffle-ids` (the arrow path only): the same ids in another order, record i's id
    // `r{i × 999,983 mod n}` (a permutation of 0..n for n = 10^k; otherwise ids may repeat),
    // so no id follows its predecessor (a profiler's case for ids in random order).
    let shuffled: Vec<(u64, u32, u32, u32, i64, i32)>;
    let recs = if std::env::args().any(|a| a == "--shuffle-ids") {
        shuffled = recs.iter().map(|&(i, c, p, s, q, d)| ((i * 999_983) % (n as u64).max(1), c, p, s, q, d)).collect();
        &shuffled
    } else {
        &recs
    };
    let batches = arrow_batches(recs, day0)?;
    let mut best_arrow = f64::MAX;
    let mut subtotal_arrow = String::new();
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let out = datafee_arrow::rate_batches(&tariff, &batches, datafee_arrow::ArrowOptions::default())?;
        best_arrow = best_arrow.min(t.elapsed().as_secs_f64());
        subtotal_arrow = out.result.totals.subtotal.to_string();
    }
    println!(
        "{}",
        serde_json::json!({"seconds": best, "seconds_raw": best_raw, "seconds_arrow": best_arrow, "subtotal": subtotal, "subtotal_raw": subtotal_raw,
                           "subtotal_arrow": subtotal_arrow})
    );
    Ok(())
}

/// The records as Arrow batches of plain utf8 text (the caller interns nothing).
fn arrow_batches(recs: &[(u64, u32, u32, u32, i64, i32)], day0: i32) -> Result<Vec<arrow_array::RecordBatch>, Box<dyn std::error::Error>> {
    use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch, StringArray};
    use std::sync::Arc;
    let products = ["p0", "p1", "p2"];
    let scenarios = ["ind", "gov"];
    let mut out = Vec::new();
    for chunk in recs.chunks(65_536) {
        let ids: Vec<String> = chunk.iter().map(|r| format!("r{}", r.0)).collect();
        let customers: Vec<String> = chunk.iter().map(|r| format!("c{:04}", r.1)).collect();
        out.push(RecordBatch::try_from_iter([
            ("id", Arc::new(StringArray::from_iter_values(&ids)) as ArrayRef),
            ("customer", Arc::new(StringArray::from_iter_values(&customers)) as ArrayRef),
            ("product", Arc::new(StringArray::from_iter_values(chunk.iter().map(|r| products[r.2 as usize]))) as ArrayRef),
            ("scenario", Arc::new(StringArray::from_iter_values(chunk.iter().map(|r| scenarios[r.3 as usize]))) as ArrayRef),
            ("quantity", Arc::new(Int64Array::from_iter_values(chunk.iter().map(|r| r.4))) as ArrayRef),
            ("time", Arc::new(Date32Array::from_iter_values(chunk.iter().map(|r| day0 + r.5))) as ArrayRef),
        ])?);
    }
    Ok(out)
}
