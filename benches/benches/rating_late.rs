//! Late records (迟到记录, `rating::rate_late`): a late batch against the state a period was
//! invoiced from. The work is meant to be linear in state + batch: a 1,000-record late batch
//! against states of 100,000 and 1,000,000 rated records (1,000 customers, 3 products, text
//! ids), and the on-time invoicing of the same records (no state) for comparison.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use datafee::rating::{rate_late, Date, InvoicedState, Tariff, UsageRecord};
use serde_json::json;

fn tariff() -> Tariff {
    datafee::doc::from_value(json!({
        "catalog": {
            "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"}],
            "products": [
                {"id": "p0", "name": "P0", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind"]},
                {"id": "p1", "name": "P1", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind"]},
                {"id": "p2", "name": "P2", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind"]}
            ]
        },
        "fees": [
            {"product": "p0", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "graduated", "tiers": [
                {"from": "0", "to": "1000", "price": "0.05"}, {"from": "1000", "price": "0.01"}]}, "cap": "0.06"},
            {"product": "p1", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "0.335"}, "cap": "0.335"},
            {"product": "p2", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "1.20"}, "cap": "1.50"}
        ],
        "period": {"start": "2025-01-01", "end": "2025-02-01"},
        "vat_rate": "0.06"
    }))
    .expect("bench tariff")
}

/// Seeded text records `r<from>..r<from + n>`: 1,000 customers, 3 products, quantities 1 to 5.
fn records(from: u64, n: u64) -> Vec<UsageRecord> {
    let day0 = Date::from_ymd(2025, 1, 1).expect("date").days();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d ^ from;
    (from..from + n)
        .map(|id| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let day = Date::from_days(day0 + ((x >> 40) % 31) as i32).expect("day");
            UsageRecord {
                id: format!("r{id}"),
                customer: format!("c{}", (x >> 8) % 1000),
                product: format!("p{}", (x >> 24) % 3),
                scenario: "ind".into(),
                quantity: datafee::Quantity::new(rust_decimal::Decimal::from(1 + (x % 5) as i64)),
                time: day.to_string().parse().expect("time"),
            }
        })
        .collect()
}

fn late(c: &mut Criterion) {
    let t = tariff();
    let batch = records(10_000_000, 1000);
    let mut group = c.benchmark_group("rating_late");
    group.sample_size(10);
    for n in [100_000u64, 1_000_000] {
        let on_time = records(0, n);
        let state: InvoicedState = rate_late(&t, None, &on_time, false).expect("on time").state;
        group.bench_with_input(BenchmarkId::new("late_1000_against_state", n), &state, |b, s| b.iter(|| rate_late(&t, Some(s), &batch, false).expect("late")));
        group.bench_with_input(BenchmarkId::new("on_time", n), &on_time, |b, r| b.iter(|| rate_late(&t, None, r, false).expect("on time")));
    }
    group.finish();
}

criterion_group!(benches, late);
criterion_main!(benches);
