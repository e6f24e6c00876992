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
//! | `limits()` | the engine's size limits the wrappers check before converting |
//! | `version()` | the version of the engine inside |
//! | `isDatafeeError(e)` | whether `e` is an error thrown by `call`/`callJson` |
//! | `errorInfo(e)` | `{code, field, value, message}` of such an error, as a plain object |
//! | `whatIfOpen`, `whatIfChange`, `whatIfText`, `whatIfCall` | what-if documents kept in the module between recomputes (the JavaScript API's `Scenario.withChanges`; not documented API) |
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
#[cfg(feature = "chain")]
mod whatif;

use wasm_bindgen::prelude::*;

pub use errors::ErrorInfo;
pub use json::call_json_text;

/// Installs the panic hook once, when the module is instantiated, so that a bug in the
/// engine shows its Rust message on the console instead of a bare `unreachable`.
///
/// Not in a module built with immediate-abort panics (`-Cpanic=immediate-abort`: the
/// calculator and public builds of `scripts/test-wasm.sh`), where a panic traps at once and no
/// hook ever runs; the package's entries turn that trap into a `DatafeeError` with code
/// `internal` all the same.
#[cfg(not(panic = "immediate-abort"))]
#[wasm_bindgen(start, private)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Run operation `op` on `input` (a plain object whose decimals are strings) and return its
/// result as a plain object. Throws a `DatafeeError` on bad input.
///
/// The input is read as `JSON.stringify` would write it (so `undefined` members vanish, a
/// `Map` is `{}`, a `BigInt` or a cycle is refused with code `parse`).
///
/// Both arguments are taken as any JavaScript value and checked here: an `op` that is not a
/// string (`call(123, …)`, `call(null, …)`) is a `DatafeeError` with code
/// `unknown_operation` on field `op`, never a trap of the module.
#[wasm_bindgen(skip_typescript)]
pub fn call(op: JsValue, input: JsValue) -> Result<JsValue, JsValue> {
    let op = json::op_name(&op).map_err(|e| errors::to_js(&e))?;
    let text = json::stringify(&input).map_err(|e| errors::to_js(&e))?;
    let out = match text {
        Some(text) => json::call_stringified(&op, &text),
        None => datafee::api::call_text(&op, serde_json::Value::Null),
    }
    .map_err(|e| errors::to_js(&e))?;
    json::parse(&out).map_err(|e| errors::to_js(&e))
}

/// Run operation `op` on a JSON text and return the result as JSON text. Throws a
/// `DatafeeError` on bad input, exactly as [`call`] does. An `op` that is not a string is
/// code `unknown_operation` (field `op`); an `input` that is not a string (an object given
/// to `callJson` instead of `call`) is code `parse` on the whole input.
#[wasm_bindgen(js_name = callJson, skip_typescript)]
pub fn call_json(op: JsValue, input: JsValue) -> Result<String, JsValue> {
    let op = json::op_name(&op).map_err(|e| errors::to_js(&e))?;
    let text = json::json_text(&input).map_err(|e| errors::to_js(&e))?;
    call_json_text(&op, &text).map_err(|e| errors::to_js(&e))
}

/// [`call_json`] on a text known to repeat no key in any object — one `JSON.stringify` wrote —
/// read without the duplicate-key pass (`datafee::api::call_json_unique_keys`: the same results
/// and errors as `callJson` on such a text). For the JavaScript API's `Scenario`, whose document
/// text is `JSON.stringify`'s when it was made from an object; not part of the documented API
/// (a text that does repeat a key would not be refused for it).
#[wasm_bindgen(js_name = callJsonUniqueKeys, skip_typescript)]
pub fn call_json_unique_keys(op: JsValue, input: JsValue) -> Result<String, JsValue> {
    let op = json::op_name(&op).map_err(|e| errors::to_js(&e))?;
    let text = json::json_text(&input).map_err(|e| errors::to_js(&e))?;
    json::call_stringified(&op, &text).map_err(|e| errors::to_js(&e))
}

/// The size limits of the engine that the JavaScript wrappers check before converting their
/// arguments (so 10^7 records are refused at once with `limit_exceeded`, not after minutes of
/// conversion): `{ "document.bytes", "rating.rate.records", "sharing.split.parties",
/// "sharing.airport.costs", "sharing.contribution.parties" }`, each a number.
#[wasm_bindgen(unchecked_return_type = "Record<string, number>")]
pub fn limits() -> JsValue {
    let obj = js_sys::Object::new();
    for (key, value) in json::LIMITS {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(key), &JsValue::from_f64(*value as f64));
    }
    obj.into()
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

/// Panics on purpose (a WebAssembly trap), so the tests can check that the package's entries
/// restart the module after a trap and keep answering. Not part of the API.
#[wasm_bindgen(js_name = __selftestTrap, skip_typescript)]
#[allow(clippy::panic)]
pub fn selftest_trap() {
    panic!("selftest trap")
}
