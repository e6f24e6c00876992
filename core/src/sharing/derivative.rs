//! Derivative products (数据产品再开发): a product built on another owes its upstream product a
//! share of its revenue, by agreement.
//!
//! 大冶 encourages product developers to re-develop the public-data products the operator has
//! delivered (对运营机构已交付的公共数据产品进行再开发), so a product may be built on others. Each
//! product lists its **upstream** products with the agreed `ratio` of its revenue it owes each.
//!
//! - A product's **gross** revenue is its own sales plus what the products built on it owe it.
//!   From the gross, the upstream shares are taken **first** (largest remainder to the cent over
//!   the upstream products and the product itself, weights the ratios and `1 − Σ ratio`, ties by
//!   id ascending); what is **retained** runs through the product's own waterfall
//!   ([`super::waterfall::waterfall`], unchanged).
//! - Products are therefore resolved in **topological order**: a product after every product built
//!   on it (its inflows are then known), ties by input order. The order is reported (`order_ids`).
//! - A **cycle** (a product built, directly or through others, on itself) has no such order and is
//!   refused with [`Error::Invalid`] on `products[k].upstream`, `k` the cycle's first product in
//!   input order, whose value names the products of the cycle (`a → b → a`, read "built on").
//!
//! Invariant, to the cent: Σ retained = Σ own revenue (the upstream shares only move money
//! between products), and each waterfall adds up to what its product retained.
//!
//! Limits: at most [`MAX_DERIVATIVE_PRODUCTS`] products, [`MAX_DERIVATIVE_EDGES`] upstream links
//! and [`MAX_DERIVATIVE_PARTIES`] agreement parties over all products, refused with
//! `limit_exceeded`; the work is linear in products + links + parties.
//!
//! ```
//! use serde_json::json;
//! let a = |p: &str| json!({"product": p, "parties": [{"id": "op", "kind": "operator", "ratio": "1"}], "method": "fixed_ratios"});
//! let out = datafee::api::call("sharing.derivative", json!({"products": [
//!   {"product": "base", "revenue": "100.00", "agreement": a("base")},
//!   {"product": "derived", "revenue": "200.00", "agreement": a("derived"),
//!    "upstream": [{"product": "base", "ratio": "0.1"}]}]}))?;
//! assert_eq!(out["order_ids"], json!(["derived", "base"]));
//! assert_eq!(out["products"][0]["received"], "20.00");
//! assert_eq!(out["products"][0]["retained"], "120.00");
//! # Ok::<(), datafee::Error>(())
//! ```

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ids::check_unique;
use super::split::split_weights;
use super::waterfall::{waterfall, Agreement, Waterfall};
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{add, sub, sum, Amount, Rate, Rounding};

/// The most products in one call.
pub const MAX_DERIVATIVE_PRODUCTS: usize = 10_000;
/// The most upstream links over all products.
pub const MAX_DERIVATIVE_EDGES: usize = 100_000;
/// The most agreement parties over all products.
pub const MAX_DERIVATIVE_PARTIES: usize = 1_000_000;

/// What a product owes one product it is built on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Upstream {
    /// The upstream product.
    pub product: String,
    /// Its agreed ratio of this product's gross revenue, in [0, 1].
    pub ratio: Rate,
}

/// A product, its own revenue, its agreement and what it is built on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DerivedProduct {
    /// The product's id (unique).
    pub product: String,
    /// Its own sales revenue (non-negative).
    pub revenue: Amount,
    /// Its sharing agreement (for what it retains).
    pub agreement: Agreement,
    /// The products it is built on (再开发的上游产品), none for an original product.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<Upstream>,
}

/// The input of `sharing.derivative`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DerivativeInput {
    /// The products.
    pub products: Vec<DerivedProduct>,
}

/// A payment to an upstream product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpstreamPayment {
    /// The upstream product.
    pub product: String,
    /// The agreed ratio.
    pub ratio: Rate,
    /// The amount paid.
    pub amount: Amount,
}

/// One product resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DerivedResult {
    /// The product.
    pub product: String,
    /// Its own sales.
    pub own_revenue: Amount,
    /// Owed to it by the products built on it.
    pub received: Amount,
    /// Own + received.
    pub gross: Amount,
    /// Paid to its upstream products, in the order listed.
    pub paid_upstream: Vec<UpstreamPayment>,
    /// Gross − paid: shared by its own waterfall.
    pub retained: Amount,
    /// Its waterfall on what it retained.
    pub waterfall: Waterfall,
}

/// Products resolved in topological order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Derivative {
    /// The order of resolution (each product after those built on it).
    pub order_ids: Vec<String>,
    /// Σ own revenue = Σ retained.
    pub own_revenue: Amount,
    /// Per product, in input order.
    pub products: Vec<DerivedResult>,
    /// How the products were resolved.
    pub explanation: Explanation,
}

fn zero() -> Amount {
    Amount::new(Decimal::new(0, 2))
}

/// Resolve derivative products: upstream shares first, products in topological order.
///
/// Errors: no products ([`Error::Empty`]); a repeated product ([`Error::DuplicateId`]
/// `products[i].product`); an unknown upstream ([`Error::UnknownId`]
/// `products[i].upstream[j].product`) or one listed twice; a ratio outside [0, 1]
/// ([`Error::OutOfRange`]); ratios adding up to more than 1 ([`Error::Invalid`]
/// `products[i].upstream`); a negative revenue; an agreement of another product; a cycle
/// ([`Error::Invalid`] `products[k].upstream`, the value naming the cycle); the waterfalls' own
/// errors under `products[i]`; the limits ([`Error::LimitExceeded`]).
pub fn derivative(i: &DerivativeInput) -> Result<Derivative> {
    let n = i.products.len();
    if n == 0 {
        return Err(Error::Empty { field: "products".into(), value: "[]".into() });
    }
    if n > MAX_DERIVATIVE_PRODUCTS {
        return Err(Error::LimitExceeded { field: "products".into(), value: n.to_string(), max: MAX_DERIVATIVE_PRODUCTS.to_string() });
    }
    let edges: usize = i.products.iter().map(|p| p.upstream.len()).fold(0, usize::saturating_add);
    if edges > MAX_DERIVATIVE_EDGES {
        return Err(Error::LimitExceeded { field: "products[].upstream".into(), value: edges.to_string(), max: MAX_DERIVATIVE_EDGES.to_string() });
    }
    let parties: usize = i.products.iter().map(|p| p.agreement.parties.len()).fold(0, usize::saturating_add);
    if parties > MAX_DERIVATIVE_PARTIES {
        return Err(Error::LimitExceeded { field: "products[].agreement.parties".into(), value: parties.to_string(), max: MAX_DERIVATIVE_PARTIES.to_string() });
    }
    check_unique(n, |k| i.products.get(k).map_or("", |p| p.product.as_str()), "products", ".product")?;
    let index: HashMap<&str, usize> = i.products.iter().enumerate().map(|(k, p)| (p.product.as_str(), k)).collect();

    // Links and their checks; `built_on[k]` = upstream indices, `pending[q]` = unresolved derivatives of q.
    let mut built_on: Vec<Vec<usize>> = Vec::with_capacity(n);
    let mut derivatives: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pending = vec![0usize; n];
    for (k, p) in i.products.iter().enumerate() {
        let f = format!("products[{k}]");
        p.revenue.non_negative(&format!("{f}.revenue"))?;
        if p.revenue.get().round_dp(2) != p.revenue.get() {
            return Err(Error::invalid(format!("{f}.revenue"), p.revenue, "a whole number of cents"));
        }
        if p.agreement.product != p.product {
            return Err(Error::invalid(format!("{f}.agreement.product"), &p.agreement.product, format!("the agreement of product {}", p.product)));
        }
        let mut ups = Vec::with_capacity(p.upstream.len());
        for (j, u) in p.upstream.iter().enumerate() {
            let uf = format!("{f}.upstream[{j}]");
            if u.ratio.get() < Decimal::ZERO || u.ratio.get() > Decimal::ONE {
                return Err(Error::out_of_range(format!("{uf}.ratio"), u.ratio, "in [0, 1]"));
            }
            let q = *index.get(u.product.as_str()).ok_or_else(|| Error::unknown(format!("{uf}.product"), &u.product))?;
            if ups.contains(&q) {
                return Err(Error::DuplicateId { field: format!("{uf}.product"), value: u.product.clone() });
            }
            ups.push(q);
            derivatives[q].push(k);
            pending[q] += 1;
        }
        let total = sum(p.upstream.iter().map(|u| u.ratio.get()), &format!("{f}.upstream"))?;
        if total > Decimal::ONE {
            return Err(Error::invalid(format!("{f}.upstream"), total, "the upstream ratios add up to at most 1"));
        }
        built_on.push(ups);
    }

    // Kahn: a product is ready once every product built on it is resolved; lowest input index first.
    let mut ready: BinaryHeap<Reverse<usize>> = (0..n).filter(|&k| pending[k] == 0).map(Reverse).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse(k)) = ready.pop() {
        order.push(k);
        for &q in &built_on[k] {
            pending[q] -= 1;
            if pending[q] == 0 {
                ready.push(Reverse(q));
            }
        }
    }
    if order.len() < n {
        return Err(cycle_error(i, &pending, &derivatives));
    }

    let mut received = vec![zero(); n];
    let mut results: Vec<Option<DerivedResult>> = vec![None; n];
    let cents = Rounding::cents();
    for &k in &order {
        let p = &i.products[k];
        let f = format!("products[{k}]");
        let gross = Amount::new(add(p.revenue.get(), received[k].get(), &f)?);
        let mut ids: Vec<&str> = p.upstream.iter().map(|u| u.product.as_str()).collect();
        ids.push(p.product.as_str());
        let mut weights: Vec<Decimal> = p.upstream.iter().map(|u| u.ratio.get()).collect();
        let ratio_sum = sum(weights.iter().copied(), &format!("{f}.upstream"))?;
        weights.push(sub(Decimal::ONE, ratio_sum, &format!("{f}.upstream"))?);
        let s = split_weights(gross, &ids, &weights, &cents).within(&format!("{f}.upstream"))?;
        let mut paid = Vec::with_capacity(p.upstream.len());
        for ((u, &q), share) in p.upstream.iter().zip(&built_on[k]).zip(&s.shares) {
            received[q] = Amount::new(add(received[q].get(), share.get(), &f)?);
            paid.push(UpstreamPayment { product: u.product.clone(), ratio: u.ratio, amount: *share });
        }
        let retained = s.shares.last().copied().unwrap_or_else(zero);
        let w = waterfall(&p.agreement, retained).map_err(|e| {
            // The waterfall names `revenue`: here that is what the product retained.
            let e = e.within(&f);
            if e.field() == format!("{f}.revenue") {
                let mut e = e;
                *e.field_mut() = format!("{f}.retained");
                e
            } else {
                e
            }
        })?;
        results[k] = Some(DerivedResult {
            product: p.product.clone(),
            own_revenue: p.revenue,
            received: received[k],
            gross,
            paid_upstream: paid,
            retained,
            waterfall: w,
        });
    }
    let products: Vec<DerivedResult> = results.into_iter().flatten().collect();
    let own = sum(products.iter().map(|r| r.own_revenue.get()), "products")?;
    let kept = sum(products.iter().map(|r| r.retained.get()), "products")?;
    if own != kept {
        return Err(Error::invalid("products", kept, "internal check failed: Σ retained ≠ Σ own revenue"));
    }
    let order_ids: Vec<String> = order.iter().map(|&k| i.products[k].product.clone()).collect();
    let explanation = Explanation::new(
        "sharing.derivative",
        "Derivative products 数据产品再开发 (大冶: 对运营机构已交付的公共数据产品进行再开发)",
        "gross = own + owed by the products built on it; upstream shares first (largest remainder over ratios and 1 − Σ ratio); retained = gross − Σ paid → the product's waterfall",
    )
    .input("products", n)
    .input("upstream links", edges)
    .result(format!("order: {}; Σ retained = Σ own revenue = {}", order_ids.join(", "), own))
    .rounding("each product's upstream shares split by largest remainder to the cent, ties by id ascending");
    Ok(Derivative { order_ids, own_revenue: Amount::new(own), products, explanation })
}

/// The cycle error: walk from the first unresolved product (input order) along unresolved
/// derivatives until a product repeats; report that loop in the "built on" direction,
/// starting at its first product in input order.
fn cycle_error(i: &DerivativeInput, pending: &[usize], derivatives: &[Vec<usize>]) -> Error {
    let Some(start) = (0..pending.len()).find(|&k| pending[k] > 0) else {
        return Error::invalid("products", "", "internal check failed: no cycle found");
    };
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut path = Vec::new();
    let mut x = start;
    // Every unresolved product has an unresolved derivative, so the walk repeats within n steps.
    while !seen.contains_key(&x) && path.len() <= pending.len() {
        seen.insert(x, path.len());
        path.push(x);
        match derivatives[x].iter().find(|&&d| pending[d] > 0) {
            Some(&d) => x = d,
            None => break,
        }
    }
    let from = seen.get(&x).copied().unwrap_or(0);
    // path[from..] goes upstream → derivative; reverse it to read "built on".
    let mut cycle: Vec<usize> = path[from..].iter().rev().copied().collect();
    if let Some(pos) = cycle.iter().enumerate().min_by_key(|(_, &k)| k).map(|(p, _)| p) {
        cycle.rotate_left(pos);
    }
    let first = cycle.first().copied().unwrap_or(start);
    let mut names: Vec<&str> = cycle.iter().map(|&k| i.products[k].product.as_str()).collect();
    names.push(i.products[first].product.as_str());
    Error::invalid(format!("products[{first}].upstream"), names.join(" → "), "a cycle of derivative products (each built on the next)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn product(id: &str, revenue: &str, upstream: serde_json::Value) -> serde_json::Value {
        json!({"product": id, "revenue": revenue, "upstream": upstream,
               "agreement": {"product": id, "parties": [{"id": "op", "kind": "operator", "ratio": "0.7"}, {"id": "dev", "kind": "partner", "ratio": "0.3"}],
                             "method": "fixed_ratios"}})
    }

    fn run(products: serde_json::Value) -> Result<Derivative> {
        derivative(&crate::doc::from_value(json!({"products": products}))?)
    }

    #[test]
    fn chain_of_three_cascades() {
        // c built on b (0.2), b built on a (0.1): c pays b 60.00 of 300; b's gross 260, pays a 26.00.
        let r = run(json!([
            product("a", "100.00", json!([])),
            product("b", "200.00", json!([{"product": "a", "ratio": "0.1"}])),
            product("c", "300.00", json!([{"product": "b", "ratio": "0.2"}]))
        ]))
        .unwrap();
        assert_eq!(r.order_ids, ["c", "b", "a"]);
        assert_eq!(r.products[1].gross.to_string(), "260.00");
        assert_eq!(r.products[0].retained.to_string(), "126.00");
        assert_eq!(r.own_revenue.to_string(), "600.00");
    }

    #[test]
    fn cycle_names_its_products() {
        let e = run(json!([
            product("x", "1.00", json!([])),
            product("a", "1.00", json!([{"product": "b", "ratio": "0.1"}])),
            product("b", "1.00", json!([{"product": "c", "ratio": "0.1"}])),
            product("c", "1.00", json!([{"product": "a", "ratio": "0.1"}]))
        ]))
        .unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("invalid", "products[1].upstream", "a → b → c → a"));
        let e = run(json!([product("a", "1.00", json!([{"product": "a", "ratio": "0.1"}]))])).unwrap_err();
        assert_eq!(e.value(), "a → a");
    }

    #[test]
    fn limits_and_extremes_are_refused_not_panics() {
        let many: Vec<serde_json::Value> = (0..=MAX_DERIVATIVE_PRODUCTS)
            .map(|k| {
                json!({"product": format!("p{k}"), "revenue": "0",
            "agreement": {"product": format!("p{k}"), "parties": [], "method": "weights"}})
            })
            .collect();
        let e = run(serde_json::Value::Array(many)).unwrap_err();
        assert_eq!((e.code(), e.field()), ("limit_exceeded", "products"));
        // The largest decimals: the sums overflow and are refused by name.
        let max = "79228162514264337593543950335";
        let e = run(json!([product("a", max, json!([])), product("b", max, json!([{"product": "a", "ratio": "1"}]))])).unwrap_err();
        assert_eq!(e.code(), "overflow");
        assert!(e.field().starts_with("products["), "{}", e.field());
    }

    #[test]
    fn bad_links() {
        let e = run(json!([product("a", "1.00", json!([{"product": "z", "ratio": "0.1"}]))])).unwrap_err();
        assert_eq!((e.code(), e.field()), ("unknown_id", "products[0].upstream[0].product"));
        let e = run(json!([product("a", "1.00", json!([])), product("b", "1.00", json!([{"product": "a", "ratio": "1.1"}]))])).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "products[1].upstream[0].ratio"));
        let e = run(json!([
            product("a", "1.00", json!([])),
            product("c", "1.00", json!([])),
            product("b", "1.00", json!([{"product": "a", "ratio": "0.6"}, {"product": "c", "ratio": "0.6"}]))
        ]))
        .unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", "products[2].upstream"));
    }
}
