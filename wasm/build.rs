//! Writes the TypeScript `Operation` and `ErrorCode` unions from the engine's own table of
//! operations and list of error codes, so the generated `.d.ts` can never name an operation or
//! a code the engine lacks or miss one it has.
//! `src/lib.rs` includes the file as a `typescript_custom_section`.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let ops = datafee::api::operations();
    let mut ts = String::from("/**\n * The name of an engine operation, `area.verb`; `operations()` lists them at run time.\n */\nexport type Operation =");
    if ops.is_empty() {
        ts.push_str(" never");
    }
    for op in &ops {
        // A JSON string is a valid TypeScript string literal.
        let lit = serde_json::to_string(op).unwrap_or_default();
        let _ = write!(ts, "\n  | {lit}");
    }
    ts.push_str(";\n\n/**\n * The stable code of a `DatafeeError`: identical in Rust, Python and JavaScript. `\"internal\"`\n * is a bug (in the engine, or a trap after which the module restarts).\n */\nexport type ErrorCode =");
    for code in datafee::Error::CODES {
        let lit = serde_json::to_string(code).unwrap_or_default();
        let _ = write!(ts, "\n  | {lit}");
    }
    ts.push_str(";\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("operations.d.ts");
    if let Err(e) = std::fs::write(&out, ts) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
