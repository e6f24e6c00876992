//! The main job on the bundled example city: the whole pricing chain, printed.
//!
//! `cargo run --release -p datafee-examples [-- path/to/scenario.toml]`
//!
//! The example city uses the 27 real first-batch products of 六安 (shared/catalogs); every
//! cost, asset, volume and fee in it is illustrative.

use std::path::PathBuf;
use std::process::ExitCode;

use datafee::scenario::{run, ChainResult, ScenarioDoc};

mod lifecycle;
mod report;
mod year;

fn main() -> ExitCode {
    let path = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("city/scenario.toml"));
    match main_job(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main_job(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc = if path.extension().is_some_and(|e| e == "json") { ScenarioDoc::from_json(&text)? } else { ScenarioDoc::from_toml(&text)? };
    let result: ChainResult = run(&doc).map_err(|e| format!("[{}] {e}", e.code()))?;
    print!("{}", report::chain_text(&doc, &result, None));
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let sharing = dir.join("credit_sharing.json");
    if sharing.exists() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let out = root.parent().unwrap_or(&root).join("target/datafee-example");
        year::run_year(&doc, &result, &sharing, &out)?;
    }
    let lifecycle = dir.join("lifecycle.toml");
    if lifecycle.exists() {
        lifecycle::run_lifecycle(&doc, &result, &lifecycle)?;
    }
    Ok(())
}
