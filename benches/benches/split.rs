//! Exact splits (精确分配) by largest remainder: a million parties, the API path, maxima.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use datafee::sharing::split::{split, split_weights, SplitParty};
use datafee::{Amount, Rounding};
use datafee_benches::split_fixture;
use rust_decimal::Decimal;

fn split_benches(c: &mut Criterion) {
    let cents = Rounding::cents();
    let f = split_fixture(1_000_000);
    let refs = f.refs();
    c.bench_function("split/1M_parties", |b| b.iter(|| split_weights(f.amount, black_box(&refs), black_box(&f.weights), &cents)));

    // JSON text in, JSON text out, as the bindings call it.
    let small = split_fixture(10_000);
    let text = small.json();
    c.bench_function("split/10k_parties_api_json", |b| {
        b.iter(|| {
            let input = datafee::doc::from_json(black_box(&text)).expect("valid JSON");
            datafee::api::call("sharing.split", input).map(|v| v.to_string())
        })
    });

    // Water-filling: every third party capped near its pro rata share.
    let capped: Vec<SplitParty> = small
        .ids
        .iter()
        .zip(&small.weights)
        .enumerate()
        .map(|(i, (id, w))| {
            let p = SplitParty::new(id.clone(), *w);
            if i % 3 == 0 {
                p.with_max(Amount::new(Decimal::new(1_000_000 + i as i64 * 10, 2)))
            } else {
                p
            }
        })
        .collect();
    c.bench_function("split/10k_parties_with_maxima", |b| b.iter(|| split(small.amount, black_box(&capped), &cents)));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = split_benches
}
criterion_main!(benches);
