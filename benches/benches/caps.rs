//! Caps (上限收费标准) of one year for a synthetic catalog of 1,000 products.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use datafee::caps::{caps_for_year, CapInputs};
use datafee_benches::caps_fixture;

fn caps(c: &mut Criterion) {
    for n in [100usize, 1_000] {
        let f = caps_fixture(n);
        let inputs = CapInputs {
            catalog: &f.catalog,
            policy: &f.policy,
            year: 2026,
            mpr: f.mpr,
            product_costs: &f.product_costs,
            forecasts: &f.forecasts,
            weights: &[],
        };
        c.bench_function(&format!("caps/{n}_products"), |b| b.iter(|| caps_for_year(black_box(&inputs))));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = caps
}
criterion_main!(benches);
