//! The fee calculator page's recompute natively, for instruction counts (`valgrind --tool=callgrind`,
//! repeatable whatever the machine's load): `whatif SCENARIO.toml PATH VALUE [N]` opens the
//! scenario as a what-if document (`scenario::whatif::WhatIf`, what the WebAssembly module keeps
//! between edits), then N times (default 100) makes a copy with `PATH` set to the JSON `VALUE`
//! and runs `chain.summary` on it, as the page does at each edit. Prints the result's length.
//!
//! ```text
//! cargo build --release -p datafee-benches --bin whatif
//! valgrind --tool=callgrind target/release/whatif examples/city/scenario.toml \
//!   'costs.ledger.entries[0].amount' '"1550000.00"' 20
//! ```

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, file, path, value, rest @ ..] = args.as_slice() else {
        return Err("usage: whatif SCENARIO.toml PATH VALUE [N]".into());
    };
    let n: usize = rest.first().map_or(Ok(100), |s| s.parse()).map_err(|e| format!("N: {e}"))?;
    let toml = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let doc: serde_json::Value = datafee::doc::from_toml(&toml).map_err(|e| e.to_string())?;
    let base = datafee::scenario::whatif::WhatIf::from_text(&doc.to_string()).map_err(|e| e.to_string())?;
    let changes = format!("[{{\"path\":{},\"value\":{value}}}]", serde_json::Value::from(path.as_str()));
    let mut len = 0;
    for _ in 0..n {
        let copy = base.with_changes(&changes).map_err(|e| e.to_string())?;
        len = copy.call("chain.summary").map_err(|e| e.to_string())?.len();
    }
    println!("{n} recomputes, chain.summary result {len} bytes");
    Ok(())
}
