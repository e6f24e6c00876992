//! Locating a document error (错误定位): the field path of a JSON parse error, from its position.
//!
//! [`crate::doc::from_json`] reports every error at the path of the field at fault
//! (`products[3].forecast_volume`), through `serde_path_to_error`, which wraps the deserializer
//! and so doubles every `Deserialize` impl the engine has. [`from_json`] here is the
//! alternative meant for the WebAssembly build: plain `serde_json`, and on error only a rescan
//! of the text up to the error's position ([`path_at`]) to find the same path.
//!
//! **Wired into the fee calculator's WebAssembly build** (2026-12-01; `doc::read_json` on
//! `wasm32` without the `rating` feature), where it replaces `serde_path_to_error`; other builds
//! keep that crate (a usage record's `time` is checked after the record is read, which this
//! reader would place at the record), and a test compares the two
//! readers (code, field, value and message) on the golden vectors' documents and about 1,900
//! damaged copies of them. Values serde buffers before reading them (internally tagged enums,
//! untagged and flattened ones) report their errors when the buffering object closes, so the
//! position names that object: the engine's one such value in documents, a fee's `schedule`,
//! is read by a visitor that checks its kind's fields before the schedule object closes
//! (`schedule/document.rs`), so its errors are located at the schedule as
//! `serde_path_to_error` reports them. Measured 2026-12-01: see benches/README.md "WASM size".
//!
//! The rules, which follow where `serde_json` stops and what `serde_path_to_error` records:
//!
//! - an error inside a value (a malformed decimal, a wrong type, an unknown variant) is at that
//!   value's path; an unknown field at the path of the key; a missing field at the path of the
//!   object just closed; a duplicate field at the path of the object holding it;
//! - a syntax error (reported at the offending character) where a key is expected is at
//!   `<object>.?` (`?` at the top level).

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::money::error_from_serde_message;

/// Read a JSON text into `T` with plain `serde_json`, locating the field of an error from its
/// position (the size check is the caller's). The error is the one [`crate::doc::from_json`]
/// gives, except for values serde buffers (see the module doc).
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    crate::doc::check_duplicate_keys(text)?;
    read_json(text)
}

/// [`from_json`] without the duplicate-key pass (the WebAssembly build's reader behind
/// [`crate::doc::from_json`], which makes that pass first, and [`crate::doc::from_value`]).
pub(crate) fn read_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = T::deserialize(&mut de).map_err(|inner| {
        let full = inner.to_string();
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        let msg = full.strip_suffix(&suffix).unwrap_or(&full);
        let field = path_at(text, offset_of(text, inner.line(), inner.column()), Kind::of(inner.classify(), msg));
        let mut err = error_from_serde_message(&field, msg);
        if let Error::Parse { value, .. } = &mut err {
            *value = format!("line {} column {}", inner.line(), inner.column());
        }
        err
    })?;
    de.end().map_err(|e| Error::Parse { field: String::new(), value: e.to_string(), reason: "trailing characters".into() })?;
    Ok(v)
}

/// The byte offset of `serde_json`'s 1-based `line` and byte `column` in `text`: the number of
/// bytes the reader had consumed when it stopped.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column).min(text.len())
}

/// What kind of error is being located (it decides the last step of the path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An error about the value just read (or about to be read): its path.
    Value,
    /// A field the struct does not know: the path of the key.
    UnknownField,
    /// A field given twice: the path of the object holding it.
    DuplicateField,
    /// A field missing from the object just closed: that object's path.
    MissingField,
    /// A syntax error, reported at the offending character (which the reader only peeked).
    Syntax,
    /// The text ended too early, reported after its last character.
    Eof,
}

impl Kind {
    /// The kind of a `serde_json` error from its category and message.
    pub fn of(category: serde_json::error::Category, message: &str) -> Kind {
        use serde_json::error::Category;
        if category == Category::Syntax {
            Kind::Syntax
        } else if category == Category::Eof {
            Kind::Eof
        } else if message.starts_with("unknown field") {
            Kind::UnknownField
        } else if message.starts_with("duplicate field") {
            Kind::DuplicateField
        } else if message.starts_with("missing field") {
            Kind::MissingField
        } else {
            Kind::Value
        }
    }
}

enum Frame {
    /// An object: the key last read, whether its `:` was read, whether its value is complete,
    /// and every key read so far.
    Obj { key: Option<String>, colon: bool, done: bool, keys: Vec<String> },
    /// An array: the index of the current element, whether it has begun, whether it is complete.
    Arr { index: usize, started: bool, done: bool },
}

/// Mark the innermost container's current member as complete.
/// Mark the innermost array's current element as begun.
fn begin(stack: &mut [Frame]) {
    if let Some(Frame::Arr { started, .. }) = stack.last_mut() {
        *started = true;
    }
}

fn complete(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Obj { done, .. } | Frame::Arr { done, .. }) => *done = true,
        None => {}
    }
}

/// Read a JSON string starting after its opening quote; returns its text, the offset after the
/// closing quote, and whether there was one before `end`.
fn string_at(b: &[u8], mut i: usize, end: usize) -> (String, usize, bool) {
    let start = i;
    let mut escaped = false;
    while i < end {
        match b[i] {
            b'\\' => {
                escaped = true;
                i += 2;
            }
            b'"' => {
                let raw = String::from_utf8_lossy(&b[start..i]).into_owned();
                let text = if escaped { serde_json::from_slice::<String>(&b[start - 1..=i]).unwrap_or(raw) } else { raw };
                return (text, i + 1, true);
            }
            _ => i += 1,
        }
    }
    (String::new(), end, false)
}

/// The path of the error of kind `kind` that stopped the reader after `offset` bytes of `text`.
pub fn path_at(text: &str, offset: usize, kind: Kind) -> String {
    let b = text.as_bytes();
    // A syntax error is reported at the offending character, which the reader has only peeked.
    let end = if kind == Kind::Syntax { offset.saturating_sub(1) } else { offset }.min(b.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match b[i] {
            b'{' => {
                begin(&mut stack);
                stack.push(Frame::Obj { key: None, colon: false, done: false, keys: Vec::new() });
                i += 1;
            }
            b'[' => {
                begin(&mut stack);
                stack.push(Frame::Arr { index: 0, started: false, done: false });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                complete(&mut stack);
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Obj { key, colon, done, .. }) => {
                        *key = None;
                        *colon = false;
                        *done = false;
                    }
                    Some(Frame::Arr { index, started, done }) => {
                        *index += 1;
                        *started = false;
                        *done = false;
                    }
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                begin(&mut stack);
                let (s, next, closed) = string_at(b, i + 1, end);
                i = next;
                match stack.last_mut() {
                    // An unterminated key is no key yet ("?").
                    Some(Frame::Obj { key, keys, .. }) if key.is_none() && closed => {
                        keys.push(s.clone());
                        *key = Some(s);
                    }
                    Some(Frame::Obj { key: None, .. }) => {}
                    _ if closed => complete(&mut stack),
                    _ => {}
                }
            }
            b':' => {
                if let Some(Frame::Obj { colon, .. }) = stack.last_mut() {
                    *colon = true;
                }
                i += 1;
            }
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => {
                // A number or a literal: up to the next delimiter.
                begin(&mut stack);
                while i < end && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':' | b'"' | b'{' | b'[') {
                    i += 1;
                }
                complete(&mut stack);
            }
        }
    }
    // The character a syntax error is about (peeked, not consumed).
    let next = b.get(end).copied();
    let mut path = String::new();
    let n = stack.len();
    for (depth, f) in stack.iter().enumerate() {
        let top = depth + 1 == n;
        match f {
            Frame::Obj { key, colon, done, keys } => {
                let key = match (top, kind) {
                    (true, Kind::DuplicateField) => None,
                    // `"kind":{}` where a tag is expected: the reader never entered the object.
                    (true, Kind::Syntax) if key.is_none() && keys.is_empty() && next == Some(b'}') => None,
                    (true, Kind::Syntax | Kind::Eof) if key.is_none() || *done => Some("?"),
                    // A key read, its `:` not yet: the object's own path.
                    (true, Kind::Syntax | Kind::Eof) if !colon => None,
                    _ => key.as_deref(),
                };
                if let Some(k) = key {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                }
            }
            // A syntax error between elements is at the array's own path (but an element the
            // reader began to read, however badly, has its index).
            Frame::Arr { started, done, .. }
                if top && ((kind == Kind::Eof && (*done || !*started)) || (kind == Kind::Syntax && (*done || (!*started && next == Some(b']'))))) => {}
            Frame::Arr { index, .. } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, consumed: &str, kind: Kind) -> String {
        assert!(text.starts_with(consumed));
        path_at(text, consumed.len(), kind)
    }

    /// Every error of the locator's reader equals the native reader's (code, field, value,
    /// message) on the golden vectors' documents and on thousands of mutations of them.
    #[test]
    fn same_errors_as_serde_path_to_error() {
        use crate::scenario::ScenarioDoc;
        use serde_json::{json, Value};
        let mut docs: Vec<Value> = Vec::new();
        for text in [include_str!("../../tests/vectors/chain.json"), include_str!("../../tests/vectors/figures.json")] {
            let v: Value = serde_json::from_str(text).unwrap_or_default();
            for c in v["cases"].as_array().into_iter().flatten() {
                if let Some(d) = c["input"].get("document") {
                    docs.push(d.clone());
                }
            }
        }
        assert!(docs.len() > 10);
        // Mutations: every leaf (and every key) in turn replaced by values of each wrong kind.
        let bad =
            vec![json!(2.5), json!("1,5"), json!(-1), Value::Null, json!(true), json!({}), json!([]), json!("zz"), json!("x\"y"), json!(99_999_999_999u64)];
        let mut texts: Vec<String> = Vec::new();
        fn leaves(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
            out.push(path.clone());
            match v {
                Value::Object(m) => m.iter().for_each(|(k, x)| {
                    path.push(Value::String(k.clone()));
                    leaves(x, path, out);
                    path.pop();
                }),
                Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
                    path.push(Value::from(i));
                    leaves(x, path, out);
                    path.pop();
                }),
                _ => {}
            }
        }
        fn at<'a>(v: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
            path.iter().try_fold(v, |v, s| match s {
                Value::String(k) => v.get_mut(k.as_str()),
                Value::Number(n) => v.get_mut(n.as_u64().unwrap_or(0) as usize),
                _ => None,
            })
        }
        for doc in docs.iter().take(12) {
            texts.push(doc.to_string());
            let mut paths = Vec::new();
            leaves(doc, &mut Vec::new(), &mut paths);
            for (i, p) in paths.iter().enumerate() {
                let mut m = doc.clone();
                if let Some(slot) = at(&mut m, p) {
                    *slot = bad[i % bad.len()].clone();
                }
                texts.push(m.to_string());
                let mut m = doc.clone();
                if let (Some(Value::String(k)), Some(Value::Object(parent))) = (p.last(), at(&mut m, &p[..p.len().saturating_sub(1)])) {
                    if let Some(x) = parent.remove(k) {
                        parent.insert(if i % 2 == 0 { format!("{k}_typo") } else { k.clone() }, x);
                        if i % 3 == 0 {
                            parent.remove(k);
                        }
                    }
                }
                texts.push(m.to_string());
            }
        }
        // Syntax damage: truncations and stray characters in one document.
        let base = docs[0].to_string();
        for cut in (1..base.len()).step_by(7) {
            texts.push(base[..cut].to_string());
            texts.push(format!("{}}}{}", &base[..cut], &base[cut..]));
        }
        texts.push(base.replacen(r#""name""#, r#""name":"a","name""#, 1));
        let mut compared = 0;
        let mut diffs = Vec::new();
        for t in &texts {
            let native = crate::doc::from_json::<ScenarioDoc>(t).err();
            let located = from_json::<ScenarioDoc>(t).err();
            let show = |e: &Option<Error>| e.as_ref().map(|e| (e.code(), e.field().to_string(), e.value().to_string(), e.to_string()));
            if show(&located) != show(&native) {
                diffs.push(format!(
                    "located {:?}\n native {:?}\n on {}",
                    show(&located),
                    show(&native),
                    native.as_ref().map_or("", |e| {
                        let c: usize = e.value().rsplit(' ').next().and_then(|c| c.parse().ok()).unwrap_or(0);
                        &t[c.saturating_sub(100).min(t.len())..(c + 20).min(t.len())]
                    })
                ));
            }
            compared += usize::from(native.is_some());
        }
        assert!(diffs.is_empty(), "{} of {} differ:\n{}", diffs.len(), texts.len(), diffs[..diffs.len().min(8)].join("\n"));
        assert!(compared > 500, "{compared} errors compared");
    }

    #[test]
    fn paths() {
        let t = r#"{"lines":[{"price":"1"},{"price":2}]}"#;
        assert_eq!(at(t, r#"{"lines":[{"price":"1"},{"price":2"#, Kind::Value), "lines[1].price");
        let t = r#"{"lines":[{"price":"1"},{}]}"#;
        assert_eq!(at(t, r#"{"lines":[{"price":"1"},{}"#, Kind::MissingField), "lines[1]");
        let t = r#"{"lines":[{"price":"1", "zzz": 1}]}"#;
        assert_eq!(at(t, r#"{"lines":[{"price":"1", "zzz""#, Kind::UnknownField), "lines[0].zzz");
        assert_eq!(at(t, r#"{"lines":[{"price":"1", "zzz""#, Kind::DuplicateField), "lines[0]");
        let t = r#"{"lines":{}}"#;
        assert_eq!(at(t, r#"{"lines":"#, Kind::Value), "lines");
        let t = r#"{"a":{"m":{"x":1,"b":"x"}}, "t": [1, "x"]}"#;
        assert_eq!(at(t, r#"{"a":{"m":{"x":1,"b":"x""#, Kind::Value), "a.m.b");
        assert_eq!(at(t, r#"{"a":{"m":{"x":1,"b":"x"}}, "t": [1, "x""#, Kind::Value), "t[1]");
        assert_eq!(at("{}", "{}", Kind::MissingField), "");
        assert_eq!(at(r#"{"a":1,}"#, r#"{"a":1,}"#, Kind::Syntax), "?");
        assert_eq!(at(r#"{"l":[{"p":"1"]}"#, r#"{"l":[{"p":"1"]"#, Kind::Syntax), "l[0].?");
        assert_eq!(at(r#"{"k\"ey":[1,"#, r#"{"k\"ey":[1,"#, Kind::Value), "k\"ey[1]");
        assert_eq!(offset_of("ab\ncd\nef", 3, 1), 7);
        assert_eq!(offset_of("ab", 9, 1), 2);
    }
}
