//! Rating throughput (计费): 1M and 10M usage records, flat and graduated schedules, with
//! per-customer aggregation, through the raw fast path (`datafee::rating::rate_raw`).
//! Target: at least 20 million records per second per core for flat fees.

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

criterion_group!(benches, rating);
criterion_main!(benches);
