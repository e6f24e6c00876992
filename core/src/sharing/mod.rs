//! Revenue sharing (收益分配). Work in progress.

pub(crate) mod exact;
pub(crate) mod ids;
pub mod rng;
pub mod split;

/// Operations this module answers through [`crate::api::call`].
pub const OPERATIONS: &[&str] = &[];

pub(crate) fn dispatch(_op: &str, _input: serde_json::Value) -> Option<crate::Result<serde_json::Value>> {
    None
}
