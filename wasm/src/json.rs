//! JavaScript values to JSON and back (数据转换).
//!
//! The input goes through `JSON.stringify` and the core's document reader, the output
//! through `serde_json` and `JSON.parse`. So `call` sees exactly the document that
//! `callJson` would, strings stay strings, numbers stay numbers (and are refused where a
//! decimal is expected), and results are plain objects and arrays, never `Map`s.

use datafee::Error;
use serde_json::Value;
use wasm_bindgen::JsValue;

/// Run `op` on a JSON text and return the result as JSON text: `callJson` without the
/// JavaScript error wrapping. A text that is not JSON is [`Error::Parse`] (or
/// [`Error::LimitExceeded`] past `datafee::doc::MAX_DOCUMENT_BYTES`).
pub fn call_json_text(op: &str, input: &str) -> Result<String, Error> {
    let value: Value = datafee::doc::from_json(input)?;
    let out = datafee::api::call(op, value)?;
    serde_json::to_string(&out).map_err(|e| Error::invalid("result", "", e.to_string()))
}

fn js_message(e: &JsValue) -> String {
    e.as_string().or_else(|| js_sys::Reflect::get(e, &JsValue::from_str("message")).ok()?.as_string()).unwrap_or_default()
}

/// Read a JavaScript value as a JSON document. `undefined` (and functions, symbols) read as
/// `null`, like a missing document.
pub(crate) fn from_js(input: &JsValue) -> Result<Value, Error> {
    let text = js_sys::JSON::stringify(input).map_err(|e| Error::Parse {
        field: String::new(),
        value: js_message(&e),
        reason: "the input cannot be written as JSON".into(),
    })?;
    match JsValue::from(text).as_string() {
        Some(text) => datafee::doc::from_json(&text),
        None => Ok(Value::Null),
    }
}

/// Write a result document as a plain JavaScript value.
pub(crate) fn to_js(value: &Value) -> Result<JsValue, Error> {
    let text = serde_json::to_string(value).map_err(|e| Error::invalid("result", "", e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|e| Error::invalid("result", "", js_message(&e)))
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
