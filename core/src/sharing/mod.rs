//! Revenue sharing (收益分配). Work in progress.

pub mod airport;
pub mod contribution;
pub(crate) mod exact;
pub mod game;
pub(crate) mod ids;
pub mod rng;
pub mod shapley;
pub mod split;

/// Operations this module answers through [`crate::api::call`].
pub const OPERATIONS: &[&str] = &[];

pub(crate) fn dispatch(_op: &str, _input: serde_json::Value) -> Option<crate::Result<serde_json::Value>> {
    None
}
