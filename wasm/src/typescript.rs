//! The hand-written part of the TypeScript declarations (类型声明).
//!
//! wasm-bindgen generates the declarations of the plain exports (`operations`, `version`,
//! `errorInfo`) and tsify those of [`crate::ErrorInfo`]; this module adds what neither can
//! express: the JSON value type, the `DatafeeError` interface, the generic `call`, and a type
//! guard. The `Operation` and `ErrorCode` unions are written by `build.rs` from the engine's
//! own table of operations and list of error codes (`datafee::Error::CODES`).

use wasm_bindgen::prelude::*;

/// The declarations of the generic functions and of the error shape.
#[allow(dead_code)] // only the wasm32 expansion of the custom section below reads it
pub(crate) const DECLARATIONS: &str = r#"
/** A JSON value. Decimals are always strings (`"12.50"`), never numbers. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

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

/// The `Operation` and `ErrorCode` unions written by `build.rs`.
#[allow(dead_code)] // only the wasm32 expansion of the custom section below reads it
pub(crate) const OPERATIONS: &str = include_str!(concat!(env!("OUT_DIR"), "/operations.d.ts"));

#[wasm_bindgen(typescript_custom_section)]
const TS_OPERATIONS: &str = OPERATIONS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_code_union_lists_every_code() {
        for code in datafee::Error::CODES {
            assert!(OPERATIONS.contains(&format!("| \"{code}\"")), "{code} missing from {OPERATIONS}");
        }
    }

    #[test]
    fn operations_union_lists_every_operation() {
        for op in datafee::api::operations() {
            assert!(OPERATIONS.contains(&format!("| \"{op}\"")), "{op} missing from {OPERATIONS}");
        }
    }
}
