//! Cost objects (成本对象): what a cost or an asset is charged to.
//!
//! In documents an entry names at most one of `product = "p01"` (a direct cost of the
//! product) or `pool = "platform"` (a shared cost pool, allocated to products by a driver,
//! see [`super::allocation`]). Naming **neither** charges the cost to the operation as a
//! whole: the *general* overhead (综合管理费用), which counts in the permitted total and is
//! spread over products in proportion to their other cost (see
//! [`CostOptions::allocate_general`](super::CostOptions::allocate_general)). Naming both is
//! refused.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What a cost is charged to. Serialized as `{"product": "p01"}`, `{"pool": "platform"}`
/// or `"general"`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CostTarget"))]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A direct cost of one product (直接成本).
    Product(String),
    /// A shared cost pool (共同成本池), allocated to products by its driver.
    Pool(String),
    /// The operation as a whole (综合管理费用): neither a product nor a pool.
    General,
    /// The uses of one scenario category (e.g. staff serving public-welfare uses only): the
    /// cost is free-use cost for a free category and chargeable cost (spread over that
    /// category's uses by volume) for a paid one. See [`crate::scope`].
    UseCategory(crate::catalog::Category),
}

impl Target {
    /// Build a target from the optional `product` and `pool` fields of an entry whose path
    /// is `at`. Both given is [`Error::Invalid`] at `{at}.product`; an empty id is
    /// [`Error::Invalid`] at the field holding it.
    pub fn from_fields(product: Option<&str>, pool: Option<&str>, at: &str) -> Result<Target> {
        let field = |name: &str| crate::error::join_path(at, name);
        match (product, pool) {
            (Some(p), Some(q)) => {
                Err(Error::invalid(field("product"), p, format!("charge either to a product or to a pool, not both (pool {q:?} also given)")))
            }
            // The field is written only for an error (every entry, every run).
            (Some(p), None) => Ok(Target::Product(super::allocation::at(check_id(p, ""), || field("product"))?.to_string())),
            (None, Some(q)) => Ok(Target::Pool(super::allocation::at(check_id(q, ""), || field("pool"))?.to_string())),
            (None, None) => Ok(Target::General),
        }
    }

    /// The product id, if this is a product.
    pub fn product(&self) -> Option<&str> {
        match self {
            Target::Product(p) => Some(p),
            _ => None,
        }
    }

    /// The pool id, if this is a pool.
    pub fn pool(&self) -> Option<&str> {
        match self {
            Target::Pool(p) => Some(p),
            _ => None,
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Product(p) => write!(f, "product {p}"),
            Target::Pool(p) => write!(f, "pool {p}"),
            Target::General => f.write_str("general"),
            Target::UseCategory(c) => write!(f, "uses of {}", c.name()),
        }
    }
}

/// Refuse an empty id (or one made of spaces) with [`Error::Invalid`] at `field`.
pub(crate) fn check_id<'a>(id: &'a str, field: &str) -> Result<&'a str> {
    if id.trim().is_empty() {
        return Err(Error::invalid(field, format!("{id:?}"), "an id must not be empty"));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_fields() {
        assert_eq!(Target::from_fields(Some("p1"), None, "e[0]").unwrap(), Target::Product("p1".into()));
        assert_eq!(Target::from_fields(None, Some("x"), "e[0]").unwrap(), Target::Pool("x".into()));
        assert_eq!(Target::from_fields(None, None, "e[0]").unwrap(), Target::General);
        let e = Target::from_fields(Some("p1"), Some("x"), "entries[2]").unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("invalid", "entries[2].product", "p1"));
        let e = Target::from_fields(None, Some(" "), "entries[0]").unwrap_err();
        assert_eq!(e.field(), "entries[0].pool");
        assert_eq!(serde_json::to_value(Target::Product("p1".into())).unwrap(), serde_json::json!({"product": "p1"}));
        assert_eq!(serde_json::to_value(Target::General).unwrap(), serde_json::json!("general"));
    }
}
