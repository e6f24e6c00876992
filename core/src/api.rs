//! The operation API (接口): one JSON-in, JSON-out entry point for every engine operation.
//!
//! The Python and WebAssembly bindings and the golden vectors under `tests/vectors/` all go
//! through [`call`], so the three languages compute with the same code and return the same
//! digits. Inputs and outputs are `serde_json::Value`s whose decimals are strings.
//!
//! Operations are named `area.verb` (`"schedule.compliance"`, `"sharing.shapley"`);
//! [`operations`] lists them.
//!
//! ```
//! let out = datafee::api::call("money.round", serde_json::json!({"value": "2.345"}))?;
//! assert_eq!(out["result"], "2.35");
//! # Ok::<(), datafee::Error>(())
//! ```

use serde_json::Value;

use crate::error::Result;

/// Run operation `op` on `input` and return its result document.
///
/// The operation is looked up in [`crate::op::TABLE`]: an unknown `op` is
/// [`crate::Error::UnknownOperation`]; a malformed input is the typed error of the field at
/// fault.
pub fn call(op: &str, input: Value) -> Result<Value> {
    crate::op::find(op)?.call(input)
}

/// [`call`] with the result written as JSON text (what the WebAssembly binding hands to
/// `JSON.parse`; in the fee calculator's build the operation writes it directly, with no
/// `Value` of the result).
pub fn call_text(op: &str, input: Value) -> Result<String> {
    crate::op::find(op)?.call_text(input)
}

/// The names of all operations, sorted, for discovery in the bindings (the operations of the
/// build: without the `full` feature, the calculator's only). Read from
/// [`crate::op::TABLE`].
pub fn operations() -> Vec<&'static str> {
    let mut ops: Vec<&'static str> = crate::op::TABLE.iter().map(|e| e.name).collect();
    ops.sort_unstable();
    ops
}
