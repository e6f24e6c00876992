//! WebAssembly binding of datafee (datafee 的 WebAssembly 接口): the engine's one operation
//! API, [`datafee::api::call`], for JavaScript and TypeScript.
//!
//! The binding is thin on purpose: it converts JavaScript values to JSON and back, and
//! turns a [`datafee::Error`] into a JavaScript `Error`. Every figure is computed by the
//! core, so JavaScript, Python and Rust return the same digits for the same document.
//!
//! Exported to JavaScript:
//!
//! | function | does |
//! |---|---|
//! | `call(op, input)` | runs operation `op` on a plain object, returns a plain object |
//! | `callJson(op, text)` | the same on JSON text, returns JSON text |
//! | `operations()` | the operation names, sorted |
//! | `version()` | the version of the engine inside |
//! | `isDatafeeError(e)` | whether `e` is an error thrown by `call`/`callJson` |
//! | `errorInfo(e)` | `{code, field, value, message}` of such an error, as a plain object |
//!
//! Decimals are strings in both directions (`"12.50"`); a JavaScript number where a decimal
//! is expected is refused with code `decimal_not_string`, because it has already passed
//! through a binary float. Errors are real `Error` objects named `"DatafeeError"` with the
//! stable `code`, `field` and `value` of the core's error.

#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod errors;
mod json;
mod typescript;

use wasm_bindgen::prelude::*;

pub use errors::ErrorInfo;
pub use json::call_json_text;

/// Installs the panic hook once, when the module is instantiated, so that a bug in the
/// engine shows its Rust message on the console instead of a bare `unreachable`.
#[wasm_bindgen(start, private)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Run operation `op` on `input` (a plain object whose decimals are strings) and return its
/// result as a plain object. Throws a `DatafeeError` on bad input.
///
/// The input is read as `JSON.stringify` would write it (so `undefined` members vanish, a
/// `Map` is `{}`, a `BigInt` or a cycle is refused with code `parse`).
#[wasm_bindgen(skip_typescript)]
pub fn call(op: &str, input: JsValue) -> Result<JsValue, JsValue> {
    let value = json::from_js(&input).map_err(|e| errors::to_js(&e))?;
    let out = datafee::api::call(op, value).map_err(|e| errors::to_js(&e))?;
    json::to_js(&out).map_err(|e| errors::to_js(&e))
}

/// Run operation `op` on a JSON text and return the result as JSON text. Throws a
/// `DatafeeError` on bad input, exactly as [`call`] does.
#[wasm_bindgen(js_name = callJson, skip_typescript)]
pub fn call_json(op: &str, input: &str) -> Result<String, JsValue> {
    call_json_text(op, input).map_err(|e| errors::to_js(&e))
}

/// The names of all operations (`"money.round"`, ...), sorted.
#[wasm_bindgen(unchecked_return_type = "Operation[]")]
pub fn operations() -> Vec<String> {
    datafee::api::operations().into_iter().map(String::from).collect()
}

/// The version of datafee inside this module (the binding and the engine share it).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Whether `error` was thrown by `call` or `callJson` (an `Error` named `"DatafeeError"`
/// with string `code`, `field` and `value`).
#[wasm_bindgen(js_name = isDatafeeError, skip_typescript)]
pub fn is_datafee_error(error: &JsValue) -> bool {
    errors::read(error).is_some()
}

/// The `{code, field, value, message}` of an error thrown by `call` or `callJson`, as a plain
/// object (which, unlike an `Error`'s own properties, survives `postMessage` and
/// `JSON.stringify`); `undefined` for anything else.
#[wasm_bindgen(js_name = errorInfo)]
pub fn error_info(#[wasm_bindgen(unchecked_param_type = "unknown")] error: &JsValue) -> Option<tsify::Ts<ErrorInfo>> {
    errors::read(error).and_then(|info| tsify::Tsify::into_ts(&info).ok())
}
