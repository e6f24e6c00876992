//! The Rust leg of `benches/compare.py`: the same split, timed in-process, printed as JSON.
//!
//! `compare [--n N] [--repeat R]` builds the `N`-party split of [`datafee_benches::split_fixture`]
//! (`party-0000000` ..., weights `(i mod 997 + 1) / 100`, amount 123,456,789.01) and prints
//!
//! ```json
//! {"n": 1000000, "repeat": 5, "seconds": 0.071, "seconds_api_json": 1.2, "checksum": "..."}
//! ```
//!
//! `seconds` is the best of `R` calls of `split_weights` (the engine alone); `seconds_api_json`
//! the best of `R` runs of the path a binding takes: JSON text → `api::call("sharing.split")`
//! → JSON text. `checksum` is `Σ (i + 1) × cents_i`, which the Python legs compute too.

use std::time::{Duration, Instant};

use datafee::sharing::split::split_weights;
use datafee::Rounding;
use datafee_benches::{checksum, split_fixture};

fn arg(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args.get(i + 1).and_then(|v| v.parse().ok()).ok_or_else(|| format!("{name} needs a number")),
    }
}

/// The best time of `repeat` calls of `f`, and the last result (each result is dropped
/// outside the timed call).
fn best<T, F: FnMut() -> Result<T, String>>(repeat: usize, mut f: F) -> Result<(Duration, T), String> {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..repeat.max(1) {
        drop(last.take());
        let t = Instant::now();
        let r = f()?;
        best = best.min(t.elapsed());
        last = Some(r);
    }
    last.map(|r| (best, r)).ok_or_else(|| "no run".to_string())
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let n = arg(&args, "--n", 1_000_000)?;
    let repeat = arg(&args, "--repeat", 5)?;
    let skip_api = args.iter().any(|a| a == "--no-api");
    let f = split_fixture(n);
    let refs = f.refs();
    let cents = Rounding::cents();
    let (engine, split) = best(repeat, || split_weights(f.amount, &refs, &f.weights, &cents).map_err(|e| e.to_string()))?;
    let sum = checksum(&split.shares);
    drop(split);
    let api = if skip_api {
        None
    } else {
        let text = f.json();
        Some(
            best(repeat, || {
                let input = datafee::doc::from_json(&text).map_err(|e| e.to_string())?;
                let out = datafee::api::call("sharing.split", input).map_err(|e| e.to_string())?;
                serde_json::to_string(&out).map_err(|e| e.to_string())
            })?
            .0,
        )
    };
    let out = serde_json::json!({
        "n": n,
        "repeat": repeat,
        "seconds": engine.as_secs_f64(),
        "seconds_api_json": api.map(|d| d.as_secs_f64()),
        "checksum": sum.to_string(),
    });
    println!("{out}");
    Ok(())
}
