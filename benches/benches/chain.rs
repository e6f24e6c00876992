//! The whole pricing chain (定价程序) of the example city: costs → MPR → caps → fee verdicts.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use datafee::scenario::{run, ScenarioDoc};
use datafee_benches::{city, CITY_TOML};

fn chain(c: &mut Criterion) {
    let doc = city().expect("the example city parses");
    c.bench_function("chain/city_run", |b| b.iter(|| run(black_box(&doc))));
    c.bench_function("chain/city_parse_toml", |b| b.iter(|| ScenarioDoc::from_toml(black_box(CITY_TOML))));
    // The path of the bindings: a JSON document in, the whole result out as JSON text.
    let input = serde_json::json!({ "document": serde_json::to_value(&doc).expect("serializes") });
    c.bench_function("chain/city_api_json", |b| b.iter(|| datafee::api::call("chain.run", black_box(input.clone())).map(|v| v.to_string())));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = chain
}
criterion_main!(benches);
