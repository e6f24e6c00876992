//! The Python key tables from the JSON Schemas: which object keys hold decimals, integers and
//! text, in inputs and in outputs. `datafee._convert` decides by key how a value crosses the
//! boundary (a decimal string becomes `Decimal`, an `int` under an integer key stays a JSON
//! number); these tables are what the Rust types say, so the converter cannot drift from them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

use crate::{ref_name, Contract};

/// What a schema can hold at its top (after following references, unions, arrays and maps).
#[derive(Default)]
struct Kinds {
    decimal: bool,
    integer: bool,
    text: bool,
}

/// The kinds of scalar a value under this schema may be (arrays and maps judged by their
/// elements, as `_convert` judges a list element by the key that holds the list).
fn kinds(s: &Value, defs: &BTreeMap<String, Value>, depth: usize, k: &mut Kinds) {
    let Value::Object(s) = s else { return };
    if depth > 16 {
        return;
    }
    if let Some(name) = ref_name(s) {
        if let Some(d) = defs.get(name) {
            kinds(d, defs, depth + 1, k);
        }
        return;
    }
    if let Some(c) = s.get("const") {
        k.text |= c.is_string();
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        k.text |= e.iter().any(Value::is_string);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(vs)) = s.get(key) {
            vs.iter().for_each(|v| kinds(v, defs, depth + 1, k));
        }
    }
    let types: Vec<&str> = match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    for t in types {
        match t {
            "string" if s.get("format").and_then(Value::as_str) == Some("decimal") => k.decimal = true,
            "string" if s.get("format").and_then(Value::as_str) == Some("decimal-or-text") => {
                k.decimal = true;
                k.text = true;
            }
            "string" if !s.contains_key("const") && !s.contains_key("enum") => k.text = true,
            "integer" => k.integer = true,
            "array" => {
                if let Some(items) = s.get("items") {
                    kinds(items, defs, depth + 1, k);
                }
            }
            "object" if !s.contains_key("properties") => {
                if let Some(v) = s.get("additionalProperties") {
                    kinds(v, defs, depth + 1, k);
                }
            }
            _ => {}
        }
    }
}

/// Key → kinds, over every object property of every schema of a contract.
fn keys(c: &Contract) -> BTreeMap<String, (bool, bool, bool)> {
    fn walk(v: &Value, defs: &BTreeMap<String, Value>, out: &mut BTreeMap<String, (bool, bool, bool)>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Object(props)) = m.get("properties") {
                    for (key, s) in props {
                        let mut k = Kinds::default();
                        kinds(s, defs, 0, &mut k);
                        let e = out.entry(key.clone()).or_default();
                        *e = (e.0 | k.decimal, e.1 | k.integer, e.2 | k.text);
                    }
                }
                m.values().for_each(|x| walk(x, defs, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, defs, out)),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for v in c.defs.values().chain(c.operations.values()) {
        walk(v, &c.defs, &mut out);
    }
    out
}

fn pick(m: &BTreeMap<String, (bool, bool, bool)>, f: fn(&(bool, bool, bool)) -> bool) -> BTreeSet<&str> {
    m.iter().filter(|(_, v)| f(v)).map(|(k, _)| k.as_str()).collect()
}

fn set(out: &mut String, name: &str, doc: &str, items: &BTreeSet<&str>) {
    let _ = writeln!(out, "#: {doc}\n{name}: FrozenSet[str] = frozenset(\n    {{");
    for i in items {
        let _ = writeln!(out, "        {i:?},");
    }
    let _ = writeln!(out, "    }}\n)\n");
}

/// The Python module text.
pub fn key_tables(input: &Contract, output: &Contract) -> String {
    let ik = keys(input);
    let ok = keys(output);
    let mut out = String::from(
        "\"\"\"The engine's key tables, generated from its Rust types: do not edit.\n\n\
         Written by ``cargo run -p datafee-schema`` from every type either side of every operation\n\
         names, each read under both contracts (a superset of ``schema/*.schema.json``, which keep\n\
         what each side reaches: documents the engine leaves untyped, such as the scenario\n\
         ``chain.with_changes`` returns, carry keys of both sides); ``datafee-schema --check`` in\n\
         the README's test command fails when this file is stale. :mod:`datafee._convert` reads it.\n\"\"\"\n\n\
         from typing import FrozenSet, Tuple\n\n",
    );
    set(&mut out, "INPUT_INTEGER_KEYS", "Keys under which some input holds an integer (a Python ``int`` is sent as a JSON number).", &pick(&ik, |v| v.1));
    set(&mut out, "INPUT_DECIMAL_KEYS", "Keys under which some input holds a decimal string.", &pick(&ik, |v| v.0));
    set(&mut out, "OUTPUT_INTEGER_KEYS", "Keys under which some result holds an integer (a count, a year, a rank).", &pick(&ok, |v| v.1));
    set(&mut out, "OUTPUT_DECIMAL_KEYS", "Keys under which some result holds a decimal string (decoded to ``Decimal``).", &pick(&ok, |v| v.0));
    set(&mut out, "OUTPUT_TEXT_KEYS", "Keys under which some result holds text that is not a decimal (an id, a label, a date).", &pick(&ok, |v| v.2));
    set(&mut out, "OUTPUT_TEXT_ONLY_KEYS", "Keys under which results hold text and never a decimal: their strings stay ``str``.", &pick(&ok, |v| v.2 && !v.0));
    let _ = writeln!(out, "#: Every error code, in the order of the engine's variants.\nERROR_CODES: Tuple[str, ...] = (");
    for c in datafee::Error::CODES {
        let _ = writeln!(out, "    {c:?},");
    }
    out.push_str(")\n\n#: Every operation of the engine's table.\nOPERATIONS: Tuple[str, ...] = (\n");
    for name in input.operations.keys() {
        let _ = writeln!(out, "    {name:?},");
    }
    out.push_str(")\n");
    out
}
