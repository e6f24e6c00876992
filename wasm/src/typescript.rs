//! The hand-written part of the TypeScript declarations (类型声明).
//!
//! wasm-bindgen generates the declarations of the plain exports (`operations`, `version`,
//! `errorInfo`) and tsify those of [`crate::ErrorInfo`]; this module adds what neither can
//! express: the JSON value type, the error codes, the `DatafeeError` interface, the generic
//! `call`, and a type guard. The `Operation` union is written by `build.rs` from the
//! engine's own list of operations.

use wasm_bindgen::prelude::*;

/// The declarations of the generic functions and of the error shape.
#[allow(dead_code)] // only the wasm32 expansion of the custom section below reads it
pub(crate) const DECLARATIONS: &str = r#"
/** A JSON value. Decimals are always strings (`"12.50"`), never numbers. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The stable code of a `DatafeeError`: identical in Rust, Python and JavaScript. `"internal"`
 * is the bindings' own (as in Python): the module trapped on a bug and was restarted.
 */
export type ErrorCode =
  | "malformed_decimal"
  | "decimal_not_string"
  | "parse"
  | "out_of_range"
  | "overflow"
  | "unknown_id"
  | "duplicate_id"
  | "missing"
  | "empty"
  | "zero_forecast_volume"
  | "free_scenario_charged"
  | "rate_above_bound"
  | "tier_gap"
  | "tier_overlap"
  | "tier_order"
  | "cap_exceeded"
  | "all_zero_weights"
  | "too_many_parties"
  | "limit_exceeded"
  | "unknown_operation"
  | "invalid"
  | "internal";

/**
 * What `call` and `callJson` throw on bad input: a real `Error` (with the engine's message
 * and a stack) named `"DatafeeError"`, carrying the engine's stable `code`, the `field` at
 * fault (a path such as `"tiers[1].from"`, `""` for the whole input) and the offending
 * `value` as text. `errorInfo(e)` copies them into a plain object.
 */
export interface DatafeeError extends Error {
  name: "DatafeeError";
  code: ErrorCode;
  field: string;
  value: string;
}

/**
 * Run operation `op` on `input`, a plain object whose decimals are strings, and return the
 * result document as a plain object (`R` defaults to any JSON value).
 *
 * The input is read as `JSON.stringify` writes it. A number where a decimal is expected is
 * refused with code `"decimal_not_string"`.
 *
 * @throws {DatafeeError} on bad input or an unknown operation (`"unknown_operation"`).
 */
export function call<R = JsonValue>(op: Operation, input: object): R;

/**
 * `call` on JSON text: run `op` on the document `input` and return the result as JSON text.
 *
 * @throws {DatafeeError} as `call` does; text that is not JSON is code `"parse"`.
 */
export function callJson(op: Operation, input: string): string;

/** Whether `error` was thrown by `call` or `callJson`. */
export function isDatafeeError(error: unknown): error is DatafeeError;
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_DECLARATIONS: &str = DECLARATIONS;

/// The `Operation` union written by `build.rs`.
#[allow(dead_code)] // only the wasm32 expansion of the custom section below reads it
pub(crate) const OPERATIONS: &str = include_str!(concat!(env!("OUT_DIR"), "/operations.d.ts"));

#[wasm_bindgen(typescript_custom_section)]
const TS_OPERATIONS: &str = OPERATIONS;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code the core's `Error::code` can return is in the `ErrorCode` union (and
    /// nothing else is): a new error variant in the core makes this test fail.
    #[test]
    fn error_codes_match_the_core() {
        let source = include_str!("../../core/src/error.rs");
        let start = source.find("pub fn code(").unwrap_or(0);
        let end = source[start..].find("\n    }\n").map_or(source.len(), |i| start + i);
        let core: Vec<&str> = source[start..end].lines().filter_map(|l| l.split_once("=> \"").map(|(_, rest)| rest.trim_end_matches("\","))).collect();
        assert!(core.len() > 10, "could not read the codes from core/src/error.rs");
        let union = &DECLARATIONS[DECLARATIONS.find("export type ErrorCode").unwrap_or(0)..];
        let union = &union[..union.find(';').unwrap_or(0)];
        let ts: Vec<&str> = union.split('"').skip(1).step_by(2).collect();
        // The core's codes, then the bindings' own "internal" (a trap, after which the module restarts).
        assert_eq!(ts, [core, vec!["internal"]].concat(), "update the ErrorCode union in wasm/src/typescript.rs");
    }

    #[test]
    fn operations_union_lists_every_operation() {
        for op in datafee::api::operations() {
            assert!(OPERATIONS.contains(&format!("| \"{op}\"")), "{op} missing from {OPERATIONS}");
        }
    }
}
