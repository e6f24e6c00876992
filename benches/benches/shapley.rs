//! Shapley values (沙普利值): closed forms at scale (1,000-player dividends, 100-player weighted
//! majority, 100,000-party airport), exact enumeration of explicit games at 10, 15 and 20 players,
//! sampling at 100.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use datafee::sharing::airport::airport;
use datafee::sharing::shapley::{shapley, ShapleyMethod};
use datafee::Rounding;
use datafee_benches::{additive_game, airport_costs, airport_game, dividends_game, explicit_game, large_dividends_game, majority_game};

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

fn closed(c: &mut Criterion) {
    let mut g = c.benchmark_group("shapley_closed");
    let dividends = large_dividends_game(1_000, 20_000);
    g.bench_with_input(BenchmarkId::new("dividends_20000", 1_000), &dividends, |b, game| b.iter(|| shapley(black_box(game), &ShapleyMethod::Exact)));
    let majority = majority_game(100, 10_000);
    g.bench_with_input(BenchmarkId::new("weighted_majority_w10000", 100), &majority, |b, game| b.iter(|| shapley(black_box(game), &ShapleyMethod::Exact)));
    for n in [10usize, 15, 20] {
        let explicit = explicit_game(n, (1 << n).min(1 << 16));
        g.bench_with_input(BenchmarkId::new("explicit_all_coalitions", n), &explicit, |b, game| b.iter(|| shapley(black_box(game), &ShapleyMethod::Exact)));
    }
    let costs = airport_costs(100_000);
    g.bench_with_input(BenchmarkId::new("airport_distinct", 100_000), &costs, |b, costs| b.iter(|| airport(black_box(costs), &Rounding::cents())));
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
    targets = exact, closed, sampled
}
criterion_main!(benches);
