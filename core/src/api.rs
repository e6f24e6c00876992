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

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::money::Rounding;

/// Run operation `op` on `input` and return its result document.
///
/// An unknown `op` is [`Error::UnknownOperation`]; a malformed input is the typed error
/// of the field at fault.
pub fn call(op: &str, input: Value) -> Result<Value> {
    let area = op.split('.').next().unwrap_or("");
    let routed = match area {
        "money" => money_dispatch(op, input),
        "schedule" => crate::schedule::dispatch(op, input),
        #[cfg(feature = "sharing")]
        "sharing" => crate::sharing::dispatch(op, input),
        "costs" => crate::costs::dispatch(op, input),
        "chain" if crate::lean::OPERATIONS.contains(&op) => crate::lean::dispatch(op, input),
        "chain" => crate::scenario::dispatch(op, input),
        #[cfg(feature = "rating")]
        "rating" => crate::rating::dispatch(op, input),
        #[cfg(feature = "review")]
        "review" => crate::review::dispatch(op, input),
        #[cfg(feature = "disclosure")]
        "disclosure" => crate::disclosure::dispatch(op, input),
        #[cfg(feature = "lifecycle")]
        "lifecycle" => crate::lifecycle::dispatch(op, input),
        // The calculator build (no `disclosure` feature): the fee list as JSON only.
        #[cfg(not(feature = "disclosure"))]
        "disclosure" => crate::lean::fee_list_dispatch(op, input),
        _ => None,
    };
    routed.unwrap_or_else(|| Err(Error::UnknownOperation { field: "op".into(), value: op.to_string() }))
}

/// Serialize a result document.
pub(crate) fn to_value<T: serde::Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::invalid("result", "", e.to_string()))
}

/// Deserialize an input, run `f`, serialize its output: the body of most operations.
pub(crate) fn run<I, O, F>(input: Value, f: F) -> Result<Value>
where
    I: serde::de::DeserializeOwned,
    O: serde::Serialize,
    F: FnOnce(I) -> Result<O>,
{
    let i: I = crate::doc::from_value(input)?;
    to_value(&f(i)?)
}

/// The rest of an op input that takes nothing beyond its document: any field left is refused
/// as unknown (`parse`, naming the field), as everywhere else in the engine.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoFields {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundInput {
    #[serde(with = "crate::money::dec")]
    value: rust_decimal::Decimal,
    #[serde(default)]
    rounding: Rounding,
}

fn money_dispatch(op: &str, input: Value) -> Option<Result<Value>> {
    match op {
        "money.round" => Some(run(input, |i: RoundInput| {
            i.rounding.validate("rounding")?;
            let r = i.rounding.round(i.value)?;
            Ok(serde_json::json!({ "result": r.to_string() }))
        })),
        _ => None,
    }
}

/// The names of all operations, for discovery in the bindings (the operations of the build:
/// without the `full` feature, the calculator's only).
pub fn operations() -> Vec<&'static str> {
    let mut ops = vec!["money.round"];
    ops.extend_from_slice(crate::schedule::OPERATIONS);
    #[cfg(feature = "sharing")]
    ops.extend_from_slice(crate::sharing::OPERATIONS);
    ops.extend_from_slice(crate::costs::OPERATIONS);
    ops.extend_from_slice(crate::scenario::OPERATIONS);
    ops.extend_from_slice(crate::lean::OPERATIONS);
    #[cfg(feature = "rating")]
    ops.extend_from_slice(crate::rating::OPERATIONS);
    #[cfg(feature = "review")]
    ops.extend_from_slice(crate::review::OPERATIONS);
    #[cfg(feature = "disclosure")]
    ops.extend_from_slice(crate::disclosure::OPERATIONS);
    #[cfg(feature = "lifecycle")]
    ops.extend_from_slice(crate::lifecycle::OPERATIONS);
    #[cfg(not(feature = "disclosure"))]
    ops.extend_from_slice(crate::lean::FEE_LIST_OPERATIONS);
    ops.sort_unstable();
    ops
}
