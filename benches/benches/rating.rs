//! Rating throughput (计费): 1M and 10M usage records, flat and graduated schedules, with
//! per-customer aggregation, through the raw fast path (`datafee::rating::rate_raw`).
//! Target: at least 20 million records per second per core for flat fees.
//!
//! `rating_text`: the same 1M records with **text** ids, customers, products and scenarios not
//! interned by the caller (issue 12's "Rust text path"), through `Rater::push` (one
//! `UsageRecord` per record) and through the columnar path (`datafee_arrow`: utf8 batches of
//! 65,536 rows, plain and with customer/product/scenario dictionary-encoded).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use datafee::rating::{rate_raw, Date, RaterOptions, RawRecord, Tariff};
use serde_json::json;

fn tariff(graduated: bool) -> Tariff {
    let schedule = |price: &str| {
        if graduated {
            json!({"kind": "graduated", "tiers": [{"from": "0", "to": "1000", "price": price}, {"from": "1000", "price": "0.01"}]})
        } else {
            json!({"kind": "flat", "price": price})
        }
    };
    datafee::doc::from_value(json!({
        "catalog": {
            "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
                          {"id": "gov", "name": "Governance", "category": "public_governance"}],
            "products": [
                {"id": "p0", "name": "P0", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "gov"]},
                {"id": "p1", "name": "P1", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "gov"]},
                {"id": "p2", "name": "P2", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "gov"]}
            ]
        },
        "fees": [
            {"product": "p0", "scenario": "ind", "effective": "2025-01-01", "schedule": schedule("0.05"), "cap": "0.06"},
            {"product": "p1", "scenario": "ind", "effective": "2025-01-01", "schedule": schedule("0.335"), "cap": "0.335"},
            {"product": "p2", "scenario": "ind", "effective": "2025-01-01", "schedule": schedule("1.20"), "cap": "1.50"}
        ],
        "period": {"start": "2025-01-01", "end": "2025-02-01"},
        "vat_rate": "0.06"
    }))
    .expect("bench tariff")
}

/// Seeded records: 10,000 customers, 3 products, 10 % free uses, quantities 1 to 5, one month.
fn records(n: usize) -> Vec<RawRecord> {
    let day0 = Date::from_ymd(2025, 1, 1).expect("date").days();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n as u64)
        .map(|id| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            RawRecord {
                id,
                quantity: 1 + (x % 5) as i64,
                customer: ((x >> 8) % 10_000) as u32,
                product: ((x >> 24) % 3) as u32,
                scenario: u32::from((x >> 32).is_multiple_of(10)),
                day: day0 + ((x >> 40) % 31) as i32,
            }
        })
        .collect()
}

fn rating(c: &mut Criterion) {
    let customers: Vec<String> = (0..10_000).map(|i| format!("customer-{i:05}")).collect();
    let names: Vec<&str> = customers.iter().map(String::as_str).collect();
    let mut group = c.benchmark_group("rating");
    group.sample_size(10);
    for n in [1_000_000usize, 10_000_000] {
        let recs = records(n);
        group.throughput(Throughput::Elements(n as u64));
        for (kind, graduated) in [("flat", false), ("graduated", true)] {
            let t = tariff(graduated);
            group.bench_with_input(BenchmarkId::new(kind, n), &recs, |b, recs| {
                b.iter(|| rate_raw(&t, &names, recs, 0, RaterOptions { keep_records: false, explain: false }).expect("rating"))
            });
        }
    }
    group.finish();
}

fn rating_text(c: &mut Criterion) {
    use arrow_array::{ArrayRef, Date32Array, DictionaryArray, Int64Array, RecordBatch, StringArray};
    use datafee::rating::{Rater, UsageRecord, UsageTime};
    use std::sync::Arc;
    let n = 1_000_000usize;
    let recs = records(n);
    let t = tariff(false);
    let products = ["p0", "p1", "p2"];
    let scenarios = ["ind", "gov"];
    let usage: Vec<UsageRecord> = recs
        .iter()
        .map(|r| UsageRecord {
            id: format!("r{}", r.id),
            customer: format!("customer-{:05}", r.customer),
            product: products[r.product as usize].into(),
            scenario: scenarios[r.scenario as usize].into(),
            quantity: datafee::Quantity::new(rust_decimal::Decimal::from(r.quantity)),
            time: UsageTime::on(Date::from_days(r.day).expect("day")),
        })
        .collect();
    let batches = |dictionary: bool| -> Vec<RecordBatch> {
        recs.chunks(65_536)
            .map(|chunk| {
                let text = |f: &dyn Fn(&RawRecord) -> String| -> ArrayRef {
                    let v: Vec<String> = chunk.iter().map(f).collect();
                    if dictionary {
                        Arc::new(v.iter().map(String::as_str).collect::<DictionaryArray<arrow_array::types::Int32Type>>())
                    } else {
                        Arc::new(StringArray::from_iter_values(&v))
                    }
                };
                RecordBatch::try_from_iter([
                    ("id", Arc::new(StringArray::from_iter_values(chunk.iter().map(|r| format!("r{}", r.id)))) as ArrayRef),
                    ("customer", text(&|r| format!("customer-{:05}", r.customer))),
                    ("product", text(&|r| products[r.product as usize].to_string())),
                    ("scenario", text(&|r| scenarios[r.scenario as usize].to_string())),
                    ("quantity", Arc::new(Int64Array::from_iter_values(chunk.iter().map(|r| r.quantity))) as ArrayRef),
                    ("time", Arc::new(Date32Array::from_iter_values(chunk.iter().map(|r| r.day))) as ArrayRef),
                ])
                .expect("batch")
            })
            .collect()
    };
    let plain = batches(false);
    let dict = batches(true);
    let mut group = c.benchmark_group("rating_text");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    let options = RaterOptions { keep_records: false, explain: false };
    group.bench_function(BenchmarkId::new("push", n), |b| {
        b.iter(|| {
            let mut r = Rater::new(&t, options).expect("rater");
            for u in &usage {
                r.push(u).expect("push");
            }
            r.finish().expect("finish")
        })
    });
    for (name, bs) in [("arrow_utf8", &plain), ("arrow_dictionary", &dict)] {
        group.bench_function(BenchmarkId::new(name, n), |b| {
            b.iter(|| datafee_arrow::rate_batches(&t, bs.iter(), datafee_arrow::ArrowOptions::default()).expect("rating"))
        });
    }
    group.finish();
}

criterion_group!(benches, rating, rating_text);
criterion_main!(benches);
