//! Time `api::call` on a scenario document read from a JSON file: `chain_run FILE [OP] [text]`.
//!
//! For profiling large scenarios (issue 15 item 5): `python3 benches/gen_scale.py 100000 > s.json`,
//! then `perf record -g target/release/chain_run s.json`. Prints the seconds of the parse and
//! of the call (`api::call_text`: the operation and its result written as text, as the bindings
//! call it), and the size of the result; with `CHAIN_RUN_OUT=FILE`, writes the result there.
//! With `text` as the third argument the call is `api::call_json` on the JSON text, the path
//! Python's `call_json` and WebAssembly's `callJson` take (for `chain.figures`, the document is
//! read straight into the scenario, no `Value`).

use std::time::Instant;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let file = args.get(1).ok_or("usage: chain_run FILE [OP]")?;
    let op = args.get(2).map_or("chain.run", String::as_str);
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    if args.get(3).map(String::as_str) == Some("text") {
        let input = format!("{{\"document\": {text}}}");
        let t = Instant::now();
        let out = datafee::api::call_json(op, &input).map_err(|e| e.to_string())?;
        println!("{{\"op\": \"{op}\", \"text\": true, \"call_s\": {:.3}, \"result_bytes\": {}}}", t.elapsed().as_secs_f64(), out.len());
        return Ok(());
    }
    let t = Instant::now();
    let doc: serde_json::Value = datafee::doc::from_json(&text).map_err(|e| e.to_string())?;
    let parsed = t.elapsed();
    let input = serde_json::json!({ "document": doc });
    let t = Instant::now();
    let out = datafee::api::call_text(op, input).map_err(|e| e.to_string())?;
    let ran = t.elapsed();
    let n = out.len();
    if let Ok(path) = std::env::var("CHAIN_RUN_OUT") {
        std::fs::write(&path, &out).map_err(|e| format!("{path}: {e}"))?;
    }
    println!("{{\"op\": \"{op}\", \"parse_s\": {:.3}, \"call_s\": {:.3}, \"result_bytes\": {n}}}", parsed.as_secs_f64(), ran.as_secs_f64());
    Ok(())
}
