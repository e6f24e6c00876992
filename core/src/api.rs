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

/// [`call_text`] on a JSON text: the one entry the bindings call with the caller's text.
/// `chain.summary` and `chain.figures` (the calculator's recompute) are read from the text
/// straight into the scenario (their input's `parse_text`, [`crate::lean::figures_text`]'s
/// reader: no `Value` of the document, about 20 times its JSON size); any input that reader
/// refuses goes the common way, for the same error.
/// A text that is not JSON is [`crate::Error::Parse`] (or `limit_exceeded` past
/// [`crate::doc::MAX_DOCUMENT_BYTES`]).
pub fn call_json(op: &str, text: &str) -> Result<String> {
    call_json_checked(op, text, true)
}

/// [`call_json`] on a text known to repeat no key in any object (`JSON.stringify` of a
/// JavaScript value: the WebAssembly binding's `call`), read without the duplicate-key pass
/// ([`crate::doc::from_json_unique_keys`]); same results and errors as [`call_json`] on such a
/// text.
pub fn call_json_unique_keys(op: &str, text: &str) -> Result<String> {
    call_json_checked(op, text, false)
}

fn call_json_checked(op: &str, text: &str, check_duplicates: bool) -> Result<String> {
    // Read straight into the input type where that reads the same (plain inputs, full build);
    // anything else, an unknown operation included, the common way (the same errors, in the
    // same order, as before this path).
    if let Some(out) = crate::op::find(op).ok().and_then(|entry| entry.call_str(text, check_duplicates)) {
        return out;
    }
    let input = if check_duplicates { crate::doc::from_json(text)? } else { crate::doc::from_json_unique_keys(text)? };
    call_text(op, input)
}

/// The names of all operations, sorted, for discovery in the bindings (the operations of the
/// build: without the `full` feature, the calculator's only). Read from
/// [`crate::op::TABLE`].
pub fn operations() -> Vec<&'static str> {
    let mut ops: Vec<&'static str> = crate::op::TABLE.iter().map(|e| e.name).collect();
    ops.sort_unstable();
    ops
}
