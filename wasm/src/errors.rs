//! Errors across the boundary (错误): a [`datafee::Error`] becomes a JavaScript `Error`.
//!
//! The thrown object is a real `Error` (so `instanceof Error`, a stack trace, and the
//! core's message) with `name = "DatafeeError"` and three own string properties copied
//! from the core: `code` (stable, e.g. `"tier_gap"`), `field` (a path such as
//! `tiers[1].from`, `""` for the whole input) and `value` (the offending value as text).

use js_sys::Reflect;
use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::{JsCast, JsValue};

/// The `name` of every error the binding throws.
pub const ERROR_NAME: &str = "DatafeeError";

/// The data of a thrown `DatafeeError`, as a plain object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct ErrorInfo {
    /// The stable machine-readable code (`"decimal_not_string"`, `"tier_gap"`, ...).
    #[tsify(type = "ErrorCode")]
    pub code: String,
    /// The path of the offending field inside the input (`""` for the whole input).
    pub field: String,
    /// The offending value as text.
    pub value: String,
    /// The human-readable message.
    pub message: String,
}

/// A `DatafeeError` for `e`.
pub(crate) fn to_js(e: &datafee::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name(ERROR_NAME);
    let obj: &JsValue = err.as_ref();
    for (key, value) in [("code", e.code()), ("field", e.field()), ("value", e.value())] {
        // Setting a property on a fresh, unfrozen Error cannot fail.
        let _ = Reflect::set(obj, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    err.into()
}

fn string_prop(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key)).ok()?.as_string()
}

/// The [`ErrorInfo`] of a thrown `DatafeeError`; `None` for any other value.
pub(crate) fn read(error: &JsValue) -> Option<ErrorInfo> {
    let err = error.dyn_ref::<js_sys::Error>()?;
    if err.name() != ERROR_NAME {
        return None;
    }
    Some(ErrorInfo {
        code: string_prop(error, "code")?,
        field: string_prop(error, "field")?,
        value: string_prop(error, "value")?,
        message: String::from(err.message()),
    })
}
