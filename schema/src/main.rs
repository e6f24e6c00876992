//! `datafee-schema`: writes, from the engine's own Rust types (schemars, the core's `schema`
//! feature), the files that the bindings used to keep by hand:
//!
//! - `schema/input.schema.json` and `schema/output.schema.json`: the JSON Schema (2020-12) of
//!   every operation's input (as the engine reads it: a `#[serde(default)]` field is optional)
//!   and output (as the engine writes it: a field is absent only when it is skipped);
//! - `wasm/npm/datafee_ops.d.ts`: the TypeScript declarations of every operation
//!   (`interface Operations { "chain.run": { input: …; output: … } }`), the `Operation` and
//!   `ErrorCode` unions and every input (`In.`) and output (`Out.`) type;
//! - `py/python/datafee/_schema_keys.py`: the Python key tables (which keys hold decimals,
//!   integers and text) and the error codes;
//! - `py/python/datafee/types.py`: a `TypedDict` per input (`In_`) and output (`Out_`) type and
//!   `OPERATIONS` (name → input and result type), for type checkers.
//!
//! `datafee-schema` writes the files; `datafee-schema --check` writes nothing and fails
//! (exit 1, naming the files) when a committed file differs from what the types say: the
//! README's test command runs it, so a generated file cannot go stale.

mod python;
mod pytypes;
mod typescript;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

/// The schemas of one contract (inputs or outputs): per operation, and the shared definitions.
pub struct Contract {
    /// Operation name → its schema (usually a `$ref`).
    pub operations: BTreeMap<String, Value>,
    /// Definition name → schema.
    pub defs: BTreeMap<String, Value>,
}

impl Contract {
    fn to_json(&self, title: &str) -> Value {
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title,
            "operations": self.operations,
            "$defs": self.defs,
        })
    }
}

/// Build the schemas of every operation in the core's table, inputs with the deserialize
/// contract, outputs with the serialize contract.
fn contracts() -> (Contract, Contract) {
    let mut gi = SchemaSettings::draft2020_12().for_deserialize().into_generator();
    let mut go = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let (mut ins, mut outs) = (BTreeMap::new(), BTreeMap::new());
    for e in datafee::op::TABLE {
        let (i, _) = (e.schemas)(&mut gi);
        let (_, o) = (e.schemas)(&mut go);
        ins.insert(e.name.to_string(), i.to_value());
        outs.insert(e.name.to_string(), o.to_value());
    }
    let defs = |g: &mut schemars::SchemaGenerator| -> BTreeMap<String, Value> { g.take_definitions(true).into_iter().collect() };
    (Contract { operations: ins, defs: defs(&mut gi) }, Contract { operations: outs, defs: defs(&mut go) })
}

/// Keep only the definitions an operation's schema reaches through `$ref`s. Each generator
/// sees both sides of every operation (an entry's `schemas` writes its input and its output),
/// so without this the input contract would also define every output-only type under the
/// deserialize rules (and the other way round): types no input can hold.
fn reachable(c: &Contract) -> Contract {
    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                out.extend(ref_name(m));
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    c.operations.values().for_each(|v| refs(v, &mut todo));
    let mut keep = std::collections::BTreeSet::new();
    while let Some(name) = todo.pop() {
        if keep.insert(name.to_string()) {
            if let Some(d) = c.defs.get(name) {
                refs(d, &mut todo);
            }
        }
    }
    let defs = c.defs.iter().filter(|(k, _)| keep.contains(*k)).map(|(k, v)| (k.clone(), v.clone())).collect();
    Contract { operations: c.operations.clone(), defs }
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let (input, output) = contracts();
    // The schemas and the type declarations carry what each side reaches; the Python key
    // tables keep reading every type on either side: they also judge documents the engine
    // leaves untyped (a scenario returned by `chain.with_changes`, read back by the caller).
    let (input_only, output_only) = (reachable(&input), reachable(&output));
    let files: Vec<(&str, String)> = vec![
        ("schema/input.schema.json", pretty(&input_only.to_json("datafee operation inputs"))),
        ("schema/output.schema.json", pretty(&output_only.to_json("datafee operation outputs"))),
        ("wasm/npm/datafee_ops.d.ts", typescript::declarations(&input_only, &output_only)),
        ("py/python/datafee/_schema_keys.py", python::key_tables(&input, &output)),
        ("py/python/datafee/types.py", pytypes::declarations(&input_only, &output_only)),
    ];
    let mut stale = Vec::new();
    for (rel, text) in &files {
        let path = root.join(rel);
        let same = std::fs::read_to_string(&path).is_ok_and(|old| old == *text);
        if same {
            continue;
        }
        if check {
            stale.push(*rel);
        } else if let Err(e) = write(&path, text) {
            eprintln!("datafee-schema: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        } else {
            println!("wrote {rel}");
        }
    }
    if !stale.is_empty() {
        eprintln!("datafee-schema: stale generated files (run `cargo run -p datafee-schema` and commit them): {}", stale.join(", "));
        return ExitCode::FAILURE;
    }
    if check {
        println!("datafee-schema: {} generated files are up to date ({} operations)", files.len(), input.operations.len());
    }
    ExitCode::SUCCESS
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}

/// Follow a local `$ref` (`#/$defs/Name`) to the definition's name.
pub fn ref_name(schema: &Map<String, Value>) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/$defs/")
}
