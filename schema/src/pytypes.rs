//! Python type declarations from the JSON Schemas: one `TypedDict` per input (`In_`) and output
//! (`Out_`) type of the engine, as `datafee.call` takes and returns them (decimals: `Decimal`,
//! `str` or `int` in inputs, `Decimal` in results), and `OPERATIONS`: name → (input, output).
//!
//! The functional `TypedDict` form is used because some keys are Python keywords (`from`); a
//! type with any optional field is `total=False` (the engine checks the required ones).

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::typescript::ident;
use crate::{ref_name, Contract};

struct Cx {
    prefix: &'static str,
    input: bool,
}

fn py(schema: &Value, cx: &Cx, depth: usize) -> String {
    if depth > 32 {
        return "Any".into();
    }
    let s = match schema {
        Value::Object(s) => s,
        _ => return "Any".into(),
    };
    if let Some(name) = ref_name(s) {
        return format!("\"{}{}\"", cx.prefix, ident(name));
    }
    if let Some(c) = s.get("const") {
        return literal(std::slice::from_ref(c));
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        return literal(e);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(vs)) = s.get(key) {
            return union(vs.iter().map(|v| py(v, cx, depth + 1)).collect());
        }
    }
    if s.get("allOf").is_some() {
        return "Dict[str, Any]".into();
    }
    match s.get("type") {
        Some(Value::String(t)) => typed(t, s, cx, depth),
        Some(Value::Array(ts)) => union(ts.iter().filter_map(Value::as_str).map(|t| typed(t, s, cx, depth)).collect()),
        _ if s.contains_key("properties") => "Dict[str, Any]".into(),
        _ => "Any".into(),
    }
}

fn literal(vals: &[Value]) -> String {
    let parts: Vec<String> = vals
        .iter()
        .filter_map(|v| match v {
            Value::String(x) => Some(format!("{x:?}")),
            Value::Bool(b) => Some(if *b { "True".into() } else { "False".into() }),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        "Any".into()
    } else {
        format!("Literal[{}]", parts.join(", "))
    }
}

fn union(mut parts: Vec<String>) -> String {
    parts.dedup();
    // Literal members of a union are merged into one Literal (stubtest reads a Union of
    // Literals as something else at run time).
    if parts.len() > 1 && parts.iter().all(|p| p.starts_with("Literal[")) {
        let inner: Vec<&str> = parts.iter().map(|p| &p["Literal[".len()..p.len() - 1]).collect();
        return format!("Literal[{}]", inner.join(", "));
    }
    if parts.iter().any(|p| p == "Any") {
        return "Any".into();
    }
    match parts.len() {
        0 => "Any".into(),
        1 => parts.remove(0),
        _ => format!("Union[{}]", parts.join(", ")),
    }
}

fn typed(t: &str, s: &Map<String, Value>, cx: &Cx, depth: usize) -> String {
    let format = s.get("format").and_then(Value::as_str);
    match t {
        "string" if format == Some("decimal") => (if cx.input { "DecimalIn" } else { "Decimal" }).into(),
        "string" if format == Some("decimal-or-text") => (if cx.input { "DecimalIn" } else { "Union[Decimal, str]" }).into(),
        "string" => "str".into(),
        "integer" => "int".into(),
        "number" => "Decimal".into(),
        "boolean" => "bool".into(),
        "null" => "None".into(),
        "array" => match s.get("prefixItems") {
            Some(Value::Array(items)) => format!("Tuple[{}]", items.iter().map(|v| py(v, cx, depth + 1)).collect::<Vec<_>>().join(", ")),
            _ => format!("List[{}]", s.get("items").map_or("Any".into(), |v| py(v, cx, depth + 1))),
        },
        "object" => match (s.get("properties"), s.get("additionalProperties")) {
            (Some(_), _) => "Dict[str, Any]".into(),
            (None, Some(v)) if !v.is_boolean() => format!("Dict[str, {}]", py(v, cx, depth + 1)),
            _ => "Dict[str, Any]".into(),
        },
        _ => "Any".into(),
    }
}

/// The definition of one named type.
fn def(out: &mut String, name: &str, schema: &Value, cx: &Cx) {
    let full = format!("{}{}", cx.prefix, ident(name));
    let obj = schema.as_object();
    let props = obj.and_then(|o| o.get("properties")).and_then(Value::as_object).filter(|p| !p.is_empty());
    let is_object = obj.and_then(|o| o.get("type")).and_then(Value::as_str) == Some("object");
    match props {
        Some(props) if is_object => {
            let required: Vec<&str> =
                obj.and_then(|o| o.get("required")).and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            let total = props.keys().all(|k| required.contains(&k.as_str()));
            let _ = writeln!(out, "{full} = TypedDict(\n    {full:?},\n    {{");
            for (k, v) in props {
                let _ = writeln!(out, "        {k:?}: {},", py(v, cx, 0));
            }
            let _ = writeln!(out, "    }},{}\n)\n", if total { "" } else { "\n    total=False," });
        }
        _ => {
            let t = py(schema, cx, 0);
            // A bare forward reference is written as a one-member Union so it stays a type alias.
            let t = if t.starts_with('"') { format!("Union[{t}]") } else { t };
            let _ = writeln!(out, "{full} = {t}\n");
        }
    }
}

/// The Python module text.
pub fn declarations(input: &Contract, output: &Contract) -> String {
    let mut out = String::from(
        "\"\"\"The engine's input and result types, generated from its Rust types: do not edit.\n\n\
         Written by ``cargo run -p datafee-schema`` (``--check`` in the README's test command fails when\n\
         it is stale). ``In_X`` is what :func:`datafee.call` takes (decimals as ``Decimal``, ``str`` or\n\
         ``int``), ``Out_X`` what it returns (decimals as ``Decimal``); :data:`OPERATIONS` maps each\n\
         operation to its input and result type. For type checkers; nothing here runs the engine.\n\
         \"\"\"\n\n\
         # ruff: noqa\n\
         from decimal import Decimal\n\
         from typing import Any, Dict, List, Literal, Tuple, TypedDict, Union\n\n\
         #: A decimal in an input: ``Decimal``, a decimal string or an ``int`` (never a ``float``).\n\
         DecimalIn = Union[Decimal, str, int]\n\n",
    );
    // Forward references between TypedDicts are strings; aliases (unions, enums) must come
    // before their first use in a TypedDict body evaluated at import, so write aliases first.
    for (cx, c) in [(Cx { prefix: "In_", input: true }, input), (Cx { prefix: "Out_", input: false }, output)] {
        let (objects, aliases): (Vec<_>, Vec<_>) = c.defs.iter().partition(|(_, s)| {
            s.get("type").and_then(Value::as_str) == Some("object") && s.get("properties").is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()))
        });
        for (name, schema) in aliases {
            def(&mut out, name, schema, &cx);
        }
        for (name, schema) in objects {
            def(&mut out, name, schema, &cx);
        }
    }
    out.push_str("#: Every operation: its input and result type.\nOPERATIONS: Dict[str, Tuple[Any, Any]] = {\n");
    for (name, i) in &input.operations {
        let o = output.operations.get(name).unwrap_or(&Value::Bool(true));
        let it = py(i, &Cx { prefix: "In_", input: true }, 0);
        let ot = py(o, &Cx { prefix: "Out_", input: false }, 0);
        let _ = writeln!(out, "    {name:?}: ({}, {}),", it.trim_matches('"'), ot.trim_matches('"'));
    }
    out.push_str("}\n");
    out
}
