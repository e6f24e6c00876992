//! TypeScript declarations from the JSON Schemas: the subset schemars writes (objects,
//! arrays, maps, tuples, string enums and constants, `anyOf`/`oneOf`/`allOf`, nullable types,
//! local `$ref`s) is mapped one to one; anything else is `unknown`.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::{ref_name, Contract};

/// A definition name as a TypeScript identifier (`Rendered<FeeList>` → `Rendered_FeeList`).
pub fn ident(name: &str) -> String {
    let mut s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    while s.contains("__") {
        s = s.replace("__", "_");
    }
    s.trim_end_matches('_').to_string()
}

fn is_ident(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn doc(out: &mut String, description: Option<&str>, indent: &str) {
    let Some(d) = description.map(str::trim).filter(|d| !d.is_empty()) else { return };
    let d = d.replace("*/", "*\\/");
    let _ = writeln!(out, "{indent}/**");
    for line in d.lines() {
        let _ = writeln!(out, "{indent} * {}", line.trim_end());
    }
    let _ = writeln!(out, "{indent} */");
}

/// How references are written and whether objects without `additionalProperties` are open.
pub struct Cx {
    /// The prefix of a reference (`"In."`, or `""` inside the namespace).
    pub ns: &'static str,
    /// Inputs: the engine ignores unknown keys of a struct that does not deny them, so such an
    /// object type has an index signature.
    pub open: bool,
}

/// The TypeScript type of `schema`; references are written `{ns}Name`.
fn ts(schema: &Value, cx: &Cx, indent: usize) -> String {
    let s = match schema {
        Value::Bool(true) => return "unknown".into(),
        Value::Bool(false) => return "never".into(),
        Value::Object(s) => s,
        _ => return "unknown".into(),
    };
    if let Some(name) = ref_name(s) {
        return format!("{}{}", cx.ns, ident(name));
    }
    if let Some(c) = s.get("const") {
        return serde_json::to_string(c).unwrap_or_default();
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        return e.iter().map(|v| serde_json::to_string(v).unwrap_or_default()).collect::<Vec<_>>().join(" | ");
    }
    for (key, sep) in [("oneOf", " | "), ("anyOf", " | "), ("allOf", " & ")] {
        if let Some(Value::Array(vs)) = s.get(key) {
            let mut parts: Vec<String> = vs.iter().map(|v| paren(ts(v, cx, indent))).collect();
            parts.dedup();
            let mut t = parts.join(sep);
            if s.contains_key("properties") {
                t = format!("({t}) & {}", object(s, cx, indent));
            }
            return t;
        }
    }
    match s.get("type") {
        Some(Value::String(t)) => typed(t, s, cx, indent),
        Some(Value::Array(ts_)) => {
            let mut parts: Vec<String> = ts_.iter().filter_map(Value::as_str).map(|t| paren(typed(t, s, cx, indent))).collect();
            parts.dedup();
            parts.join(" | ")
        }
        _ if s.contains_key("properties") => object(s, cx, indent),
        _ => "unknown".into(),
    }
}

fn paren(t: String) -> String {
    if t.contains(" | ") || t.contains(" & ") {
        format!("({t})")
    } else {
        t
    }
}

fn typed(t: &str, s: &Map<String, Value>, cx: &Cx, indent: usize) -> String {
    match t {
        "string" if s.get("format").and_then(Value::as_str) == Some("decimal") => "Decimal".into(),
        "string" => "string".into(),
        "integer" | "number" => "number".into(),
        "boolean" => "boolean".into(),
        "null" => "null".into(),
        "array" => {
            if let Some(Value::Array(items)) = s.get("prefixItems") {
                let parts: Vec<String> = items.iter().map(|v| ts(v, cx, indent)).collect();
                format!("[{}]", parts.join(", "))
            } else {
                format!("Array<{}>", s.get("items").map_or("unknown".into(), |v| ts(v, cx, indent)))
            }
        }
        "object" => object(s, cx, indent),
        _ => "unknown".into(),
    }
}

fn object(s: &Map<String, Value>, cx: &Cx, indent: usize) -> String {
    let pad = "  ".repeat(indent + 1);
    let close = "  ".repeat(indent);
    let required: Vec<&str> = s.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let props = s.get("properties").and_then(Value::as_object);
    let extra = match s.get("additionalProperties") {
        None if cx.open => Some("unknown".to_string()),
        None | Some(Value::Bool(false)) => None,
        Some(v) => Some(ts(v, cx, indent + 1)),
    };
    let mut out = String::new();
    if let Some(props) = props.filter(|p| !p.is_empty()) {
        out.push_str("{\n");
        for (k, v) in props {
            doc(&mut out, v.get("description").and_then(Value::as_str), &pad);
            let key = if is_ident(k) { k.clone() } else { serde_json::to_string(k).unwrap_or_default() };
            let opt = if required.contains(&k.as_str()) { "" } else { "?" };
            let _ = writeln!(out, "{pad}{key}{opt}: {};", ts(v, cx, indent + 1));
        }
        if let Some(e) = &extra {
            let _ = writeln!(out, "{pad}[key: string]: {e} | unknown;");
        }
        let _ = write!(out, "{close}}}");
        return out;
    }
    match extra {
        Some(e) => format!("{{ [key: string]: {e} }}"),
        None => "Record<string, never>".into(),
    }
}

fn namespace(out: &mut String, name: &str, what: &str, c: &Contract, open: bool) {
    let cx = Cx { ns: "", open };
    let _ = writeln!(out, "/** {what} */\nexport declare namespace {name} {{");
    for (def, schema) in &c.defs {
        doc(out, schema.get("description").and_then(Value::as_str), "  ");
        let _ = writeln!(out, "  export type {} = {};", ident(def), ts(schema, &cx, 1));
    }
    let _ = writeln!(out, "}}\n");
}

/// The whole declaration file.
pub fn declarations(input: &Contract, output: &Contract) -> String {
    let mut out = String::from(
        "// Generated by `cargo run -p datafee-schema` from the engine's Rust types: do not edit.\n\
         // `datafee-schema --check` (in the README's test command) fails when this file is stale.\n\n\
         /** A decimal as a string (`\"0.35\"`): money is never a float. */\n\
         export type Decimal = string;\n\n",
    );
    out.push_str("/** The name of an engine operation, `area.verb`; `operations()` lists them at run time. */\nexport type Operation =\n");
    for name in input.operations.keys() {
        let _ = writeln!(out, "  | {}", serde_json::to_string(name).unwrap_or_default());
    }
    out.push_str("  ;\n\n/**\n * The stable code of a `DatafeeError`: identical in Rust, Python and JavaScript.\n */\nexport type ErrorCode =\n");
    for code in datafee::Error::CODES {
        let _ = writeln!(out, "  | {}", serde_json::to_string(code).unwrap_or_default());
    }
    out.push_str("  ;\n\n");
    namespace(&mut out, "In", "The engine's input types, as it reads them (a field with a default is optional).", input, true);
    namespace(&mut out, "Out", "The engine's output types, as it writes them.", output, false);
    out.push_str("/** Every operation's input and output. */\nexport interface Operations {\n");
    for (name, i) in &input.operations {
        let o = output.operations.get(name).unwrap_or(&Value::Bool(true));
        let _ = writeln!(
            out,
            "  {}: {{\n    input: {};\n    output: {};\n  }};",
            serde_json::to_string(name).unwrap_or_default(),
            ts(i, &Cx { ns: "In.", open: true }, 2),
            ts(o, &Cx { ns: "Out.", open: false }, 2)
        );
    }
    out.push_str("}\n");
    out
}
