//! stub: filled in by its own change.

/// Operations this module answers through [`crate::api::call`].
pub const OPERATIONS: &[&str] = &[];

pub(crate) fn dispatch(_op: &str, _input: serde_json::Value) -> Option<crate::Result<serde_json::Value>> {
    None
}
