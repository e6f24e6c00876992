//! JavaScript values to JSON and back (数据转换).
//!
//! The input goes through `JSON.stringify` and the core's document reader, the output
//! through `serde_json` and `JSON.parse`. So `call` sees exactly the document that
//! `callJson` would, strings stay strings, numbers stay numbers (and are refused where a
//! decimal is expected), and results are plain objects and arrays, never `Map`s.

use datafee::Error;
use wasm_bindgen::{JsCast, JsValue};

/// Run `op` on a JSON text and return the result as JSON text: `callJson` without the
/// JavaScript error wrapping. A text that is not JSON is [`Error::Parse`] (or
/// [`Error::LimitExceeded`] past `datafee::doc::MAX_DOCUMENT_BYTES`).
pub fn call_json_text(op: &str, input: &str) -> Result<String, Error> {
    reserve_for(input.len());
    datafee::api::call_json(op, input)
}

/// Below this input size the module's memory is left to grow by itself.
#[cfg(feature = "full")]
const RESERVE_FROM_BYTES: usize = 1 << 20;

/// Reading a JSON text takes up to about this many times its size (a document's tree is about
/// 20 times its JSON; a party list's about 8), so that much is reserved up front.
#[cfg(feature = "full")]
const RESERVE_FACTOR: usize = 16;

/// Grow the module's memory once, by about what reading a large input will allocate, before
/// reading it. The allocator keeps what it has grown (WebAssembly memory never shrinks), so the
/// reading then allocates with no further `memory.grow`. Left to itself, the allocator grows
/// the memory a few pages at a time, and V8 answers each growth with a full garbage collection
/// of the JavaScript heap: beside a caller's large array, that was quadratic in the input (a
/// split of 400,000 parties took 28 s of CPU in 430 collections, of 2,000,000 parties 602 s,
/// against 0.5 s and 3.8 s natively). A reservation that cannot be had is simply skipped: the
/// reading then grows the memory as before, or is refused by its own limits. Pages reserved
/// and never written are not resident. Only in the full build: the calculator reads small
/// documents.
#[cfg(feature = "full")]
fn reserve_for(len: usize) {
    if len < RESERVE_FROM_BYTES {
        return;
    }
    let mut block: Vec<u8> = Vec::new();
    // Freed at once: the allocator keeps the grown memory for the reading that follows.
    let _ = block.try_reserve_exact(len.saturating_mul(RESERVE_FACTOR));
}

#[cfg(not(feature = "full"))]
fn reserve_for(_: usize) {}

/// [`call_json_text`] on the text `JSON.stringify` wrote from a JavaScript value (`call`'s
/// input): such a text cannot repeat a key in an object, so it is read without the duplicate-key
/// pass (`datafee::api::call_json_unique_keys`); the results and errors are the same.
pub(crate) fn call_stringified(op: &str, input: &str) -> Result<String, Error> {
    reserve_for(input.len());
    datafee::api::call_json_unique_keys(op, input)
}

fn js_message(e: &JsValue) -> String {
    e.as_string().or_else(|| js_sys::Reflect::get(e, &JsValue::from_str("message")).ok()?.as_string()).unwrap_or_default()
}

/// The size limits the JavaScript wrappers check before converting their arguments.
pub(crate) const LIMITS: &[(&str, usize)] = &[
    ("document.bytes", datafee::doc::MAX_DOCUMENT_BYTES),
    ("rating.rate.records", datafee::rating::MAX_RECORDS_PER_BATCH),
    ("sharing.split.parties", datafee::sharing::split::MAX_SPLIT_PARTIES),
    ("sharing.airport.costs", datafee::sharing::airport::MAX_AIRPORT_PARTIES),
    ("sharing.contribution.parties", datafee::sharing::contribution::MAX_EVALUATED_PARTIES),
];

/// A short description of a JavaScript value that is not what was expected (its type, and
/// the value itself when it is short), for the `value` of an error.
fn describe(v: &JsValue) -> String {
    if v.is_null() {
        return "null".into();
    }
    if v.is_undefined() {
        return "undefined".into();
    }
    let kind = v.js_typeof().as_string().unwrap_or_default();
    match v.as_f64() {
        Some(n) => format!("{kind} {n}"),
        None => kind,
    }
}

/// The operation name: `op` must be a JavaScript string ([`Error::UnknownOperation`] on
/// `op` otherwise, never a trap).
pub(crate) fn op_name(op: &JsValue) -> Result<String, Error> {
    op.as_string().ok_or_else(|| Error::UnknownOperation { field: "op".into(), value: describe(op) })
}

/// The JSON text given to `callJson`: a string, or [`Error::Parse`] on the whole input.
pub(crate) fn json_text(input: &JsValue) -> Result<String, Error> {
    input.as_string().ok_or_else(|| Error::Parse {
        field: String::new(),
        value: describe(input),
        reason: "callJson takes the document as JSON text (a string); use call for an object".into(),
    })
}

/// Whether a `JSON.stringify` failure is V8's "Invalid string length" (the text would be
/// longer than the largest JavaScript string): a size limit, not a malformed input.
fn too_long(e: &JsValue) -> bool {
    e.is_instance_of::<js_sys::RangeError>() && js_message(e).contains("string length")
}

/// A JavaScript value as JSON text (`JSON.stringify`); `None` for `undefined` (and functions,
/// symbols), which read as `null`, like a missing document.
pub(crate) fn stringify(input: &JsValue) -> Result<Option<String>, Error> {
    let text = js_sys::JSON::stringify(input).map_err(|e| {
        if too_long(&e) {
            return Error::LimitExceeded {
                field: "document".into(),
                value: "more than the largest JavaScript string".into(),
                max: format!("{} bytes", datafee::doc::MAX_DOCUMENT_BYTES),
            };
        }
        Error::Parse { field: String::new(), value: js_message(&e), reason: "the input cannot be written as JSON".into() }
    })?;
    Ok(JsValue::from(text).as_string())
}

/// A result written as JSON text, as a plain JavaScript value (`JSON.parse`).
pub(crate) fn parse(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|e| Error::invalid("result", "", js_message(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_in_and_out() {
        assert_eq!(call_json_text("money.round", r#"{"value": "2.345"}"#).ok().as_deref(), Some(r#"{"result":"2.35"}"#));
        let code = |op: &str, text: &str| call_json_text(op, text).err().map(|e| (e.code(), e.field().to_string()));
        assert_eq!(code("money.round", r#"{"value": 2.345}"#), Some(("decimal_not_string", "value".into())));
        assert_eq!(code("money.round", "{").map(|c| c.0), Some("parse"));
        assert_eq!(code("money.round", "{} x").map(|c| c.0), Some("parse"));
        assert_eq!(code("money.nope", "{}"), Some(("unknown_operation", "op".into())));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(code("money.round", &deep).map(|c| c.0), Some("parse"));
    }
}
