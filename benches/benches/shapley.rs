//! Shapley values (沙普利值): exact enumeration at 10, 15 and 20 players, sampling at 100.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use datafee::sharing::shapley::{shapley, ShapleyMethod};
use datafee_benches::{additive_game, airport_game, dividends_game};

fn exact(c: &mut Criterion) {
    let mut g = c.benchmark_group("shapley_exact");
    for n in [10usize, 15, 20] {
        let additive = additive_game(n);
        g.bench_with_input(BenchmarkId::new("additive", n), &additive, |b, game| b.iter(|| shapley(black_box(game), &ShapleyMethod::Exact)));
        let dividends = dividends_game(n);
        g.bench_with_input(BenchmarkId::new("dividends", n), &dividends, |b, game| b.iter(|| shapley(black_box(game), &ShapleyMethod::Exact)));
    }
    let airport = airport_game(20);
    g.bench_with_input(BenchmarkId::new("airport", 20), &airport, |b, game| b.iter(|| shapley(black_box(game), &ShapleyMethod::Exact)));
    g.finish();
}

fn sampled(c: &mut Criterion) {
    let mut g = c.benchmark_group("shapley_sampled");
    let method = ShapleyMethod::Sampled(datafee::sharing::shapley::Sampling::new(10_000, 42));
    for (name, game) in [("airport", airport_game(100)), ("dividends", dividends_game(100))] {
        g.bench_with_input(BenchmarkId::new(format!("{name}_10k_samples"), 100), &game, |b, game| b.iter(|| shapley(black_box(game), &method)));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = exact, sampled
}
criterion_main!(benches);
