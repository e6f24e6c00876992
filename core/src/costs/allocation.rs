//! Activity-based cost allocation (作业成本分摊): shared cost pools split over products.
//!
//! Caps weigh each product's use of data, compute, storage and staff. Costs that serve
//! several products (the platform's compute cluster, the data governance team) are kept in
//! shared **pools** (共同成本池), each with a **driver** (成本动因): data volume, compute
//! hours, storage or staff hours. Each product's use of the driver ([`DriverUse`]) decides
//! its share:
//!
//! ```text
//! share(product, pool) = pool cost × quantity(product) / Σ quantity
//! cost(product)        = direct cost + Σ over pools share(product, pool)
//! ```
//!
//! Shares are exact to the cent: each is floored to 0.01 yuan and the cents left over go,
//! one each, to the largest remainders (最大余数法), ties to the smaller product id, so the
//! shares of a pool add up exactly to the pool and do not depend on the input order.
//!
//! Driver quantities may be dated: for year `Y` a pool uses its driver records dated `Y`
//! when it has any, otherwise its undated records.

use std::collections::BTreeMap;

#[cfg(feature = "sharing")]
use num_bigint::{BigInt, Sign};
#[cfg(feature = "sharing")]
use num_integer::Integer;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Quantity, Rounding};

use super::cents_form;
use super::month::check_year;
use super::order::{first_repeat, sort_stable_by, sorted_keys, Slots};
use super::target::check_id;

/// The most parts one [`allocate`] call (or one pool) may be split into.
pub const MAX_ALLOCATION_PARTS: usize = 100_000;
/// The most shared pools.
pub const MAX_POOLS: usize = 1_000;
/// The most driver records.
pub const MAX_DRIVER_USES: usize = 100_000;

/// A cost driver (成本动因): the measure of use by which a pool is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Driver {
    /// 数据量: data volume supplied or processed (records, GB).
    DataVolume,
    /// 算力时长: compute hours.
    ComputeHours,
    /// 存储量: storage used.
    Storage,
    /// 人工工时: staff hours.
    StaffHours,
}

crate::unit_enum_reader!(Driver, "Driver", [DataVolume = "data_volume", ComputeHours = "compute_hours", Storage = "storage", StaffHours = "staff_hours"]);

/// A shared cost pool (共同成本池).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Pool {
    /// The pool id that ledger entries and assets name as `pool`.
    pub id: String,
    /// A human name (`"平台算力"`).
    #[serde(default)]
    pub name: String,
    /// The driver by which the pool is shared.
    pub driver: Driver,
}

/// One product's use of one pool's driver (动因量).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DriverUse {
    /// The pool.
    pub pool: String,
    /// The product.
    pub product: String,
    /// The year the quantity belongs to; absent means every year without a dated record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The quantity of the pool's driver used by the product (non-negative).
    pub quantity: Quantity,
}

/// A product's share of one pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PoolShare {
    /// The pool.
    pub pool: String,
    /// The product's driver quantity.
    pub quantity: Quantity,
    /// The cost allocated to the product.
    pub amount: Amount,
}

/// One product's share in a pool's allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DriverShare {
    /// The product.
    pub product: String,
    /// Its driver quantity.
    pub quantity: Quantity,
    /// The cost allocated to it.
    pub amount: Amount,
}

/// How one pool was shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PoolAllocation {
    /// The pool.
    pub pool: String,
    /// Its driver.
    pub driver: Driver,
    /// The pool's cost.
    pub cost: Amount,
    /// Σ driver quantities.
    pub total_quantity: Quantity,
    /// Shares by product id; they add up exactly to `cost`.
    pub shares: Vec<DriverShare>,
}

/// The allocated cost of one product (产品成本).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductCost {
    /// The product.
    pub product: String,
    /// Its direct cost.
    pub direct: Amount,
    /// Its share of each pool it uses, by pool id.
    pub pools: Vec<PoolShare>,
    /// Its share of the general overhead (0 from [`allocate_pools`]; set by the year summary).
    pub general: Amount,
    /// `direct + Σ pools + general`.
    pub total: Amount,
}

/// The result of [`allocate_pools`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Allocation {
    /// Per product, by product id.
    pub products: Vec<ProductCost>,
    /// Per pool, by pool id.
    pub pools: Vec<PoolAllocation>,
    /// The working papers.
    pub explanations: Vec<Explanation>,
}

impl Allocation {
    /// The line of `product`, if any.
    pub fn product(&self, product: &str) -> Option<&ProductCost> {
        self.products.iter().find(|p| p.product == product)
    }
}

/// Check pool definitions: ids non-empty and unique, count bounded. Fields are `pools[i]...`.
pub fn validate_pools(pools: &[Pool]) -> Result<()> {
    limit(pools.len(), MAX_POOLS, "pools")?;
    let repeat = first_repeat(pools, |a, b| a.id.cmp(&b.id));
    for (i, p) in pools.iter().enumerate() {
        let field = format!("pools[{i}].id");
        check_id(&p.id, &field)?;
        if repeat == Some(i) {
            return Err(Error::DuplicateId { field, value: p.id.clone() });
        }
    }
    Ok(())
}

/// Check driver records against `pools`: known pool, non-empty product, non-negative
/// quantity, valid year, one record per (pool, product, year). Fields are `drivers[i]...`.
pub fn validate_drivers(pools: &[Pool], drivers: &[DriverUse]) -> Result<()> {
    limit(drivers.len(), MAX_DRIVER_USES, "drivers")?;
    let ids = pool_ids(pools);
    let repeat = first_repeat(drivers, |a, b| (a.pool.as_str(), a.product.as_str(), a.year).cmp(&(b.pool.as_str(), b.product.as_str(), b.year)));
    for (i, d) in drivers.iter().enumerate() {
        let at = |f: &str| format!("drivers[{i}].{f}");
        if ids.binary_search(&d.pool.as_str()).is_err() {
            return Err(Error::unknown(at("pool"), &d.pool));
        }
        // Fields are written only for an error.
        self::at(check_id(&d.product, ""), || at("product"))?;
        if let Some(y) = d.year {
            self::at(check_year(y, ""), || at("year"))?;
        }
        self::at(d.quantity.non_negative(""), || at("quantity"))?;
        if repeat == Some(i) {
            return Err(Error::DuplicateId { field: at("product"), value: format!("{}/{}", d.pool, d.product) });
        }
    }
    Ok(())
}

/// Allocate pool costs to products by their drivers and add each product's direct cost.
///
/// `pool_costs` and `direct` are keyed by pool and product id; `year` selects dated driver
/// records (see the module doc). Errors: a pool cost naming an unknown pool
/// ([`Error::UnknownId`] at `pool_costs`), a negative cost ([`Error::OutOfRange`]), a pool
/// with a positive cost but no driver records for the year ([`Error::Missing`] at
/// `pools[i]`) or only zero quantities ([`Error::AllZeroWeights`] at `pools[i]`).
///
/// ```
/// use std::collections::BTreeMap;
/// use datafee::costs::{allocate_pools, Driver, DriverUse, Pool};
/// let pools = vec![Pool { id: "platform".into(), name: String::new(), driver: Driver::ComputeHours }];
/// let drivers = vec![
///     DriverUse { pool: "platform".into(), product: "p01".into(), year: None, quantity: "1".parse()? },
///     DriverUse { pool: "platform".into(), product: "p02".into(), year: None, quantity: "2".parse()? },
/// ];
/// let pool_costs = BTreeMap::from([("platform".to_string(), "100.00".parse()?)]);
/// let direct = BTreeMap::from([("p01".to_string(), "10.00".parse()?)]);
/// let a = allocate_pools(&pools, &drivers, None, &pool_costs, &direct)?;
/// assert_eq!(a.product("p01").unwrap().total.to_string(), "43.33"); // 10.00 + 33.33
/// assert_eq!(a.product("p02").unwrap().total.to_string(), "66.67"); // the larger remainder
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn allocate_pools(
    pools: &[Pool],
    drivers: &[DriverUse],
    year: Option<i32>,
    pool_costs: &BTreeMap<String, Amount>,
    direct: &BTreeMap<String, Amount>,
) -> Result<Allocation> {
    allocate_pools_labelled(pools, drivers, year, pool_costs, direct, "costs")
}

/// [`allocate_pools`] with explanation ids prefixed by `label`.
pub(crate) fn allocate_pools_labelled(
    pools: &[Pool],
    drivers: &[DriverUse],
    year: Option<i32>,
    pool_costs: &BTreeMap<String, Amount>,
    direct: &BTreeMap<String, Amount>,
    label: &str,
) -> Result<Allocation> {
    validate_pools(pools)?;
    validate_drivers(pools, drivers)?;
    // A map's entries come sorted by key, each key once: what the allocation takes.
    let pool_costs: Vec<(String, Amount)> = pool_costs.iter().map(|(k, v)| (k.clone(), *v)).collect();
    let direct: Vec<(String, Amount)> = direct.iter().map(|(k, v)| (k.clone(), *v)).collect();
    allocate_valid_pools(pools, drivers, year, &pool_costs, &direct, label)
}

/// The ids of `pools`, sorted (for binary searches).
pub(crate) fn pool_ids(pools: &[Pool]) -> Vec<&str> {
    sorted_keys(pools.iter().map(|p| p.id.as_str()).collect())
}

/// [`allocate_pools_labelled`] on pools and drivers already checked by [`validate_pools`] and
/// [`validate_drivers`] (by [`super::CostAccounts::validate`]): the chain allocates every year
/// and checks them once. `pool_costs` and `direct` are sorted by key, each key once (as a
/// map's entries come).
pub(crate) fn allocate_valid_pools(
    pools: &[Pool],
    drivers: &[DriverUse],
    year: Option<i32>,
    pool_costs: &[(String, Amount)],
    direct: &[(String, Amount)],
    label: &str,
) -> Result<Allocation> {
    if let Some(y) = year {
        check_year(y, "year")?;
    }
    let ids = pool_ids(pools);
    for (pool, cost) in pool_costs {
        if ids.binary_search(&pool.as_str()).is_err() {
            return Err(Error::unknown("pool_costs", pool));
        }
        if cost.is_negative() {
            cost.non_negative(&format!("pool_costs[{pool}]"))?;
        }
    }
    limit(direct.len(), MAX_ALLOCATION_PARTS, "direct")?;
    for (product, cost) in direct {
        check_id(product, "direct")?;
        if cost.is_negative() {
            cost.non_negative(&format!("direct[{product}]"))?;
        }
    }
    // Working-paper text (ids, titles, inputs, the shares listed) only when papers are written.
    let papers = crate::explain::papers_wanted();

    // The driver records of each pool (in `pools` order) that apply in the year, by product.
    let mut by_pool: Vec<Vec<&DriverUse>> = pools.iter().map(|_| Vec::new()).collect();
    {
        let mut index: Vec<(&str, usize)> = pools.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
        sort_stable_by(&mut index, |a, b| a.0.cmp(b.0));
        for d in drivers {
            // Pool ids are unique (checked); a record of no pool was refused by the check.
            if let Some(list) = index.binary_search_by(|e| e.0.cmp(d.pool.as_str())).ok().and_then(|k| index.get(k)).and_then(|e| by_pool.get_mut(e.1)) {
                list.push(d);
            }
        }
    }
    let by_pool: Vec<Vec<&DriverUse>> = by_pool.iter().map(|list| uses_for(list, year)).collect();

    // One line per product with a direct cost or a driver record in the year, by product id.
    let mut keys: Vec<&str> = direct.iter().map(|(p, _)| p.as_str()).collect();
    keys.extend(by_pool.iter().flatten().map(|u| u.product.as_str()));
    let mut products: Slots<&str, ProductCost> = Slots::new(keys);
    for (p, a) in direct {
        // Each product once (the keys are distinct): the line is new.
        products.get_or_insert_with(
            &p.as_str(),
            || ProductCost { product: p.clone(), direct: cents_form(a.get()), pools: Vec::new(), general: zero(), total: zero() },
            "direct",
        )?;
    }
    let mut explanations = Vec::new();
    let mut pool_lines = Vec::with_capacity(pools.len());

    for ((i, pool), uses) in pools.iter().enumerate().zip(&by_pool) {
        let cost =
            cents_form(pool_costs.binary_search_by(|e| e.0.as_str().cmp(&pool.id)).ok().and_then(|k| pool_costs.get(k)).map_or(Decimal::ZERO, |c| c.1.get()));
        let field = || format!("pools[{i}]");
        if uses.is_empty() && !cost.is_zero() {
            let when = year.map(|y| format!(" in {y}")).unwrap_or_default();
            return Err(Error::Missing { field: field(), value: format!("driver quantities ({}) for pool {:?}{when}", driver_name(pool.driver), pool.id) });
        }
        let keyed: Vec<(&str, Decimal)> = uses.iter().map(|u| (u.product.as_str(), u.quantity.get())).collect();
        let total_q = at(money::sum(keyed.iter().map(|k| k.1), ""), field)?;
        let amounts = if cost.is_zero() {
            vec![Decimal::new(0, 2); keyed.len()]
        } else if total_q.is_zero() {
            return Err(Error::AllZeroWeights { field: field(), value: keyed.len().to_string() });
        } else {
            split_exact(cost.get(), &keyed, unit_for(cost.get()), field)?
        };
        let mut shares = Vec::with_capacity(keyed.len());
        let mut e = if papers {
            Explanation::new(
                format!("{label}.allocation.{}", pool.id),
                format!("Pool allocation 共同成本分摊: {}", if pool.name.is_empty() { &pool.id } else { &pool.name }),
                "share_p = pool cost × q_p / Σq, floored to 0.01; leftover cents to the largest remainders (ties: smaller product id)",
            )
            .input("pool cost", cost)
            .input(format!("Σq ({})", driver_name(pool.driver)), total_q)
            .rounding("floor to 0.01 + largest remainder")
        } else {
            Explanation::default()
        };
        let mut parts = Vec::new();
        for ((product, q), amount) in keyed.iter().zip(&amounts) {
            if papers {
                e = e.input(format!("q[{product}]"), q);
                parts.push(format!("{product} {amount}"));
            }
            shares.push(DriverShare { product: product.to_string(), quantity: Quantity::new(*q), amount: Amount::new(*amount) });
            let line = products.get_or_insert_with(
                product,
                || ProductCost { product: product.to_string(), direct: zero(), pools: Vec::new(), general: zero(), total: zero() },
                "drivers",
            )?;
            line.pools.push(PoolShare { pool: pool.id.clone(), quantity: Quantity::new(*q), amount: Amount::new(*amount) });
        }
        explanations.push(if papers { e.result(if parts.is_empty() { "nothing to share".to_string() } else { parts.join("; ") }) } else { e });
        pool_lines.push(PoolAllocation { pool: pool.id.clone(), driver: pool.driver, cost, total_quantity: Quantity::new(total_q), shares });
    }
    // By pool id (ids are unique), as the map gave them.
    sort_stable_by(&mut pool_lines, |a, b| a.pool.cmp(&b.pool));

    let mut out = Vec::new();
    for (_, mut line) in products.into_sorted() {
        sort_stable_by(&mut line.pools, |a, b| a.pool.cmp(&b.pool));
        line.total = product_total(&line)?;
        explanations.push(product_explanation(&line, label));
        out.push(line);
    }
    Ok(Allocation { products: out, pools: pool_lines, explanations })
}

/// `direct + Σ pools + general` of a product line.
pub(crate) fn product_total(line: &ProductCost) -> Result<Amount> {
    let total = money::sum(line.pools.iter().map(|s| s.amount.get()), "")
        .and_then(|pools| money::add(line.direct.get(), pools, ""))
        .and_then(|t| money::add(t, line.general.get(), ""));
    // The field is written only for an error (this runs for every product every year).
    Ok(cents_form(at(total, || format!("products[{}].total", line.product))?))
}

/// `result` with its error's field set to `field()`, computed only on error: for checks on
/// the chain's hot path, which ran `format!` for a field that is almost never used.
pub(crate) fn at<T>(result: Result<T>, field: impl FnOnce() -> String) -> Result<T> {
    result.map_err(|mut e| {
        *e.field_mut() = field();
        e
    })
}

/// The working paper of a product's total.
pub(crate) fn product_explanation(line: &ProductCost, label: &str) -> Explanation {
    if !crate::explain::papers_wanted() {
        return Explanation::default();
    }
    let mut e = Explanation::new(
        format!("{label}.product.{}", line.product),
        format!("Product cost 产品成本: {}", line.product),
        "total = direct cost + Σ pool shares + general overhead share",
    )
    .input("direct", line.direct);
    for s in &line.pools {
        e = e.input(format!("pool {}", s.pool), s.amount);
    }
    e.input("general", line.general).result(line.total)
}

fn zero() -> Amount {
    cents_form(Decimal::ZERO)
}

fn driver_name(d: Driver) -> &'static str {
    match d {
        Driver::DataVolume => "data_volume",
        Driver::ComputeHours => "compute_hours",
        Driver::Storage => "storage",
        Driver::StaffHours => "staff_hours",
    }
}

/// The driver records of one pool that apply in `year`, sorted by product id.
fn uses_for<'a>(of_pool: &[&'a DriverUse], year: Option<i32>) -> Vec<&'a DriverUse> {
    let of_pool = || of_pool.iter().copied();
    let dated: Vec<_> = match year {
        Some(y) => of_pool().filter(|d| d.year == Some(y)).collect(),
        None => Vec::new(),
    };
    let mut uses = if dated.is_empty() { of_pool().filter(|d| d.year.is_none()).collect() } else { dated };
    sort_stable_by(&mut uses, |a, b| a.product.cmp(&b.product));
    uses
}

/// Split `total` by `weights` exactly: the parts are multiples of one cent (or of the
/// total's own last digit when that is finer) and add up exactly to `total`.
///
/// Each part is `total × w / Σw` floored; the leftover units go one each to the largest
/// remainders, ties to the smaller id, so the result does not depend on the order of
/// `weights`. A negative total is split as its absolute value and negated. Parts come back
/// in the order of `weights`.
///
/// Errors: no weights ([`Error::Empty`]), more than [`MAX_ALLOCATION_PARTS`]
/// ([`Error::LimitExceeded`]), a negative weight ([`Error::OutOfRange`] at `weights[i]`),
/// a repeated id ([`Error::DuplicateId`]), all weights zero ([`Error::AllZeroWeights`]).
///
/// ```
/// use datafee::costs::allocate;
/// let parts = allocate("100.00".parse()?, &[("a".into(), 1.into()), ("b".into(), 1.into()), ("c".into(), 1.into())])?;
/// let shown: Vec<String> = parts.iter().map(|(id, a)| format!("{id}={a}")).collect();
/// assert_eq!(shown, ["a=33.34", "b=33.33", "c=33.33"]);
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn allocate(total: Amount, weights: &[(String, Decimal)]) -> Result<Vec<(String, Amount)>> {
    if weights.is_empty() {
        return Err(Error::Empty { field: "weights".into(), value: "[]".into() });
    }
    limit(weights.len(), MAX_ALLOCATION_PARTS, "weights")?;
    let repeat = first_repeat(weights, |a, b| a.0.cmp(&b.0));
    for (i, (id, w)) in weights.iter().enumerate() {
        if repeat == Some(i) {
            return Err(Error::DuplicateId { field: format!("weights[{i}]"), value: id.clone() });
        }
        if w.is_sign_negative() && !w.is_zero() {
            return Err(Error::out_of_range(format!("weights[{i}]"), w, ">= 0"));
        }
    }
    let sum = money::sum(weights.iter().map(|w| w.1), "weights")?;
    if sum.is_zero() {
        return Err(Error::AllZeroWeights { field: "weights".into(), value: weights.len().to_string() });
    }
    let keyed: Vec<(&str, Decimal)> = weights.iter().map(|(id, w)| (id.as_str(), *w)).collect();
    let t = total.get();
    let parts = split_exact(t.abs(), &keyed, unit_for(t), || "weights".into())?;
    Ok(weights.iter().zip(parts).map(|((id, _), p)| (id.clone(), Amount::new(if t.is_sign_negative() { -p } else { p }))).collect())
}

/// The splitting unit for `total`: one cent, or the total's last digit when finer.
pub(crate) fn unit_for(total: Decimal) -> Decimal {
    Decimal::new(1, total.normalize().scale().max(2))
}

/// Largest-remainder split of a non-negative `total` (a multiple of `unit`) by
/// `weights` that do not all vanish. Ties go to the smaller key. Exact: the parts add up
/// to `total`.
///
/// With `total = T` units and the weights scaled to integers `W_i` at their common number of
/// decimal places (sum `S`), part `i` is `floor(T·W_i / S)` units and its remainder
/// `T·W_i mod S`: the leftover units go one each to the largest remainders, ties to the
/// smaller key. The remainders are compared as integers, so equal fractions of a unit tie
/// exactly (a 28-digit decimal quotient keeps more digits of a fraction the fewer integer
/// digits it has, and would order `2000000.333…` after `500000.333…`). Computed in 128-bit
/// integers, in big integers where a scaled weight or a product `T·W_i` passes 128 bits;
/// O(n log n), no decimal division. Only where the total is not a whole number of units or
/// does not fit 128 bits in units, or a part does not fit a decimal at the unit's scale,
/// the 28-digit decimal division ([`split_exact_decimal`]) runs instead. `field` writes the
/// path errors name, called only on an error or that fallback (no path built per pool and year).
///
/// Errors: the weights' sum or a product `total × w` beyond a decimal ([`Error::Overflow`],
/// as the decimal division gave them), all weights zero ([`Error::AllZeroWeights`]).
pub(crate) fn split_exact<K: Ord + Copy>(total: Decimal, weights: &[(K, Decimal)], unit: Decimal, field: impl Fn() -> String) -> Result<Vec<Decimal>> {
    let sum = match weights.iter().try_fold(Decimal::ZERO, |s, w| s.checked_add(w.1)) {
        Some(s) => s,
        None => money::sum(weights.iter().map(|w| w.1), &field())?,
    };
    if sum.is_zero() {
        return Err(Error::AllZeroWeights { field: field(), value: weights.len().to_string() });
    }
    // A total × weight beyond a decimal is refused as before (the decimal division's Overflow),
    // though the integers would not overflow: the bound on inputs stays where it was.
    if weights.iter().any(|w| total.checked_mul(w.1).is_none()) {
        return split_exact_decimal(total, weights, unit, &field());
    }
    match split_exact_units(total.abs(), weights, unit) {
        Some(parts) if total.is_sign_negative() => Ok(parts.into_iter().map(|p| -p).collect()),
        Some(parts) => Ok(parts),
        None => split_exact_decimal(total, weights, unit, &field()),
    }
}

/// `d × 10^(scale − d.scale())` as an integer (`scale >= d.scale()`), when it fits 128 bits.
fn scaled_int(d: Decimal, scale: u32) -> Option<i128> {
    10i128.checked_pow(scale.saturating_sub(d.scale())).and_then(|p| d.mantissa().checked_mul(p))
}

/// [`scaled_int`] in a big integer (any size).
#[cfg(feature = "sharing")]
fn scaled_big(d: Decimal, scale: u32) -> BigInt {
    BigInt::from(d.mantissa()) * BigInt::from(10u32).pow(scale.saturating_sub(d.scale()))
}

/// The exact largest-remainder split of [`split_exact`] (a non-negative `total`), or `None`
/// where the total is not a whole number of units in 128 bits or a part does not fit a
/// decimal at the unit's scale.
fn split_exact_units<K: Ord + Copy>(total: Decimal, weights: &[(K, Decimal)], unit: Decimal) -> Option<Vec<Decimal>> {
    let (um, us) = (unit.mantissa(), unit.scale());
    if um <= 0 {
        return None;
    }
    // T = total / unit, a whole number.
    let s = total.scale().max(us);
    let a = scaled_int(total, s)?;
    let u = scaled_int(unit, s)?;
    if a % u != 0 {
        return None;
    }
    let t = a / u;
    let ws = weights.iter().map(|w| w.1.scale()).max()?;
    let mut small: Vec<i128> = Vec::with_capacity(weights.len());
    let mut sum: Option<i128> = Some(0);
    let mut wide = false;
    for (_, w) in weights {
        match scaled_int(*w, ws) {
            Some(x) => {
                sum = sum.and_then(|s| s.checked_add(x));
                small.push(x);
            }
            None => {
                wide = true;
                break;
            }
        }
    }
    let units = match (wide, sum) {
        (false, Some(sum)) => split_units_i128(t, &small, sum, weights),
        _ => None,
    };
    // Beyond 128 bits: big integers where the build has them (`sharing` links num-bigint);
    // the page's calculator build (no `sharing`) leaves them out, 17.7 KB gzipped, and divides
    // in decimals there instead (weights scaled past 10^38 only).
    #[cfg(feature = "sharing")]
    let units = match units {
        Some(u) => u,
        None => {
            let big: Vec<BigInt> = weights.iter().map(|w| scaled_big(w.1, ws)).collect();
            split_units_big(t, &big, weights)?
        }
    };
    #[cfg(not(feature = "sharing"))]
    let units = units?;
    units.into_iter().map(|q| q.checked_mul(um).and_then(|m| Decimal::try_from_i128_with_scale(m, us).ok())).collect()
}

/// Give `n` leftover units one each to the largest remainders `rems`, ties to the smaller key.
fn award_units<K: Ord + Copy, R: Ord>(q: &mut [i128], rems: &[R], n: i128, weights: &[(K, Decimal)]) -> Option<()> {
    if n <= 0 {
        return (n == 0).then_some(());
    }
    let n = usize::try_from(n).ok()?;
    let mut order: Vec<usize> = (0..q.len()).collect();
    super::order::sort_positions(&mut order, &mut |a, b| {
        let (ra, rb) = (rems.get(a), rems.get(b));
        let (ka, kb) = (weights.get(a).map(|w| w.0), weights.get(b).map(|w| w.0));
        rb.cmp(&ra).then(ka.cmp(&kb))
    });
    for &i in order.iter().take(n) {
        let p = q.get_mut(i)?;
        *p = p.checked_add(1)?;
    }
    Some(())
}

/// Parts in units of `t` units by integer weights `w` (sum `sum`, not zero) in 128 bits, or
/// `None` on an overflow.
fn split_units_i128<K: Ord + Copy>(t: i128, w: &[i128], sum: i128, weights: &[(K, Decimal)]) -> Option<Vec<i128>> {
    // The ratios are those of the weights; a negative sum is negated with them.
    let sign = if sum < 0 { -1 } else { 1 };
    let s = sum.checked_mul(sign)?;
    let mut q = Vec::with_capacity(w.len());
    let mut r = Vec::with_capacity(w.len());
    let mut assigned: i128 = 0;
    for &x in w {
        let p = t.checked_mul(x.checked_mul(sign)?)?;
        let (qi, ri) = (p.div_euclid(s), p.rem_euclid(s));
        assigned = assigned.checked_add(qi)?;
        q.push(qi);
        r.push(ri);
    }
    // Σ remainders = (T − Σ floors)·S with each below S: fewer leftover units than parts.
    award_units(&mut q, &r, t.checked_sub(assigned)?, weights)?;
    Some(q)
}

/// [`split_units_i128`] in big integers; `None` when a part passes 128 bits.
#[cfg(feature = "sharing")]
fn split_units_big<K: Ord + Copy>(t: i128, w: &[BigInt], weights: &[(K, Decimal)]) -> Option<Vec<i128>> {
    let mut s: BigInt = w.iter().sum();
    let negate = s.sign() == Sign::Minus;
    if negate {
        s = -s;
    }
    let t = BigInt::from(t);
    let mut q = Vec::with_capacity(w.len());
    let mut r = Vec::with_capacity(w.len());
    let mut assigned: i128 = 0;
    for x in w {
        let p = if negate { -(&t * x) } else { &t * x };
        let (qi, ri) = p.div_mod_floor(&s);
        let qi = qi.to_i128()?;
        assigned = assigned.checked_add(qi)?;
        q.push(qi);
        r.push(ri);
    }
    award_units(&mut q, &r, t.to_i128()?.checked_sub(assigned)?, weights)?;
    Some(q)
}

/// [`split_exact`] by 28-digit decimal division: only where the exact split in units does not
/// fit (see there). Its remainders carry the division's rounding, so a tie can fall either way.
pub(crate) fn split_exact_decimal<K: Ord + Copy>(total: Decimal, weights: &[(K, Decimal)], unit: Decimal, field: &str) -> Result<Vec<Decimal>> {
    let sum = money::sum(weights.iter().map(|w| w.1), field)?;
    if sum.is_zero() {
        return Err(Error::AllZeroWeights { field: field.to_string(), value: weights.len().to_string() });
    }
    let floor = Rounding::floor_to(unit);
    let scale = unit.scale();
    let mut parts = Vec::with_capacity(weights.len());
    let mut rems = Vec::with_capacity(weights.len());
    for (_, w) in weights {
        let exact = money::div(money::mul(total, *w, field)?, sum, field)?;
        let mut f = floor.round(exact)?;
        f.rescale(scale);
        rems.push(money::sub(exact, f, field)?);
        parts.push(f);
    }
    let assigned = money::sum(parts.iter().copied(), field)?;
    let leftover = money::sub(total, assigned, field)?;
    let units = money::div(leftover, unit, field)?.trunc();
    let n = units.to_usize().unwrap_or(0).min(parts.len());
    let mut order: Vec<usize> = (0..weights.len()).collect();
    super::order::sort_positions(&mut order, &mut |a, b| {
        let (ra, rb) = (rems.get(a), rems.get(b));
        let (ka, kb) = (weights.get(a).map(|w| w.0), weights.get(b).map(|w| w.0));
        rb.cmp(&ra).then(ka.cmp(&kb))
    });
    for &i in order.iter().take(n) {
        if let Some(p) = parts.get_mut(i) {
            *p = money::add(*p, unit, field)?;
        }
    }
    // Guard against a residue from 28-digit division: give it to the largest remainder.
    let residue = money::sub(total, money::sum(parts.iter().copied(), field)?, field)?;
    if !residue.is_zero() {
        if let Some(p) = order.first().and_then(|&i| parts.get_mut(i)) {
            *p = money::add(*p, residue, field)?;
        }
    }
    Ok(parts)
}

fn limit(len: usize, max: usize, field: &str) -> Result<()> {
    if len > max {
        return Err(Error::LimitExceeded { field: field.into(), value: len.to_string(), max: max.to_string() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn largest_remainder_adds_up() {
        let w = [("a", d("1")), ("b", d("1")), ("c", d("1"))];
        assert_eq!(split_exact(d("100.00"), &w, d("0.01"), || "x".into()).unwrap(), [d("33.34"), d("33.33"), d("33.33")]);
        // ties go to the smaller key whatever the order
        let w = [("c", d("1")), ("b", d("1")), ("a", d("1"))];
        assert_eq!(split_exact(d("0.02"), &w, d("0.01"), || "x".into()).unwrap(), [d("0.00"), d("0.01"), d("0.01")]);
        // the largest remainder wins over the key
        let w = [("a", d("1")), ("b", d("2"))];
        assert_eq!(split_exact(d("0.01"), &w, d("0.01"), || "x".into()).unwrap(), [d("0.00"), d("0.01")]);
    }

    #[test]
    fn exact_ties_go_to_the_smaller_key() {
        // Audit 18 (r4_tie_weights): 30000.02 by 4 : 1 : 1 is 3000002 cents x 4/6 = 2000001 1/3,
        // x 1/6 = 500000 1/3 twice: three remainders of exactly 1/3 cent, one cent left over,
        // so the smallest key a takes it: 20000.02, 5000.00, 5000.00 (the 28-digit quotients
        // kept more 3s on the smaller quotients and gave it to b).
        let want = [d("20000.02"), d("5000.00"), d("5000.00")];
        let w = [("a/ind", d("4")), ("b/ind", d("1")), ("c/ind", d("1"))];
        assert_eq!(split_exact(d("30000.02"), &w, d("0.01"), || "x".into()).unwrap(), want);
        let w = [("c/ind", d("1")), ("b/ind", d("1")), ("a/ind", d("4"))];
        assert_eq!(split_exact(d("30000.02"), &w, d("0.01"), || "x".into()).unwrap(), [d("5000.00"), d("5000.00"), d("20000.02")]);
        // r4c_tie_costs: 1800002 cents by 12000 : 3000 : 3000 = 1200001 1/3, 300000 1/3 twice: a.
        let w = [("a/ind", d("12000.00")), ("b/ind", d("3000.00")), ("c/ind", d("3000.00"))];
        assert_eq!(split_exact(d("18000.02"), &w, d("0.01"), || "x".into()).unwrap(), [d("12000.02"), d("3000.00"), d("3000.00")]);
        // Weights past 128 bits once scaled (10^12 beside 10^-28): the same rule in big integers.
        // 2 cents by 1 : 1 : 2 (and 10^-28 beside 4 x 10^12) is 1/2 - ε, 1/2 - ε, 1 - 2ε cents:
        // two cents left over, to a (remainder just under a whole cent), then b (ties with c).
        let w = [("c", d("1000000000000")), ("b", d("1000000000000")), ("a", d("2000000000000")), ("z", d("0.0000000000000000000000000001"))];
        let p = split_exact(d("0.02"), &w, d("0.01"), || "x".into()).unwrap();
        assert_eq!(p, [d("0.00"), d("0.01"), d("0.01"), d("0.00")]);
        // A negative total splits as its absolute value, negated.
        let w = [("a", d("4")), ("b", d("1")), ("c", d("1"))];
        assert_eq!(split_exact(d("-30000.02"), &w, d("0.01"), || "x".into()).unwrap(), [d("-20000.02"), d("-5000.00"), d("-5000.00")]);
    }

    #[test]
    fn allocate_general() {
        let w = vec![("x".to_string(), d("2")), ("y".to_string(), d("1"))];
        let p = allocate(Amount::new(d("-10.00")), &w).unwrap();
        assert_eq!(p, vec![("x".to_string(), Amount::new(d("-6.67"))), ("y".to_string(), Amount::new(d("-3.33")))]);
        let p = allocate(Amount::new(d("0.005")), &w).unwrap();
        assert_eq!(p.iter().map(|x| x.1.get()).sum::<Decimal>(), d("0.005"));
        assert_eq!(allocate(Amount::ZERO, &[]).unwrap_err().code(), "empty");
        let z = vec![("x".to_string(), d("0"))];
        assert_eq!(allocate(Amount::ZERO, &z).unwrap_err().code(), "all_zero_weights");
        let dup = vec![("x".to_string(), d("1")), ("x".to_string(), d("1"))];
        assert_eq!(allocate(Amount::ZERO, &dup).unwrap_err().field(), "weights[1]");
        let neg = vec![("x".to_string(), d("-1"))];
        assert_eq!(allocate(Amount::ZERO, &neg).unwrap_err().code(), "out_of_range");
    }

    fn pool(id: &str) -> Pool {
        Pool { id: id.into(), name: String::new(), driver: Driver::DataVolume }
    }
    fn use_(pool: &str, product: &str, year: Option<i32>, q: &str) -> DriverUse {
        DriverUse { pool: pool.into(), product: product.into(), year, quantity: Quantity::new(d(q)) }
    }

    #[test]
    fn pools_and_years() {
        let pools = vec![pool("a"), pool("b")];
        let drivers = vec![
            use_("a", "p1", None, "1"),
            use_("a", "p2", None, "3"),
            use_("a", "p1", Some(2026), "1"),
            use_("a", "p2", Some(2026), "1"),
            use_("b", "p2", None, "5"),
        ];
        let costs = BTreeMap::from([("a".to_string(), Amount::new(d("100"))), ("b".to_string(), Amount::new(d("7.00")))]);
        let direct = BTreeMap::from([("p3".to_string(), Amount::new(d("1.00")))]);
        let undated = allocate_pools(&pools, &drivers, Some(2025), &costs, &direct).unwrap();
        assert_eq!(undated.product("p1").unwrap().total, Amount::new(d("25.00")));
        assert_eq!(undated.product("p2").unwrap().total, Amount::new(d("82.00")));
        assert_eq!(undated.product("p3").unwrap().total, Amount::new(d("1.00")));
        let dated = allocate_pools(&pools, &drivers, Some(2026), &costs, &direct).unwrap();
        assert_eq!(dated.product("p1").unwrap().total, Amount::new(d("50.00")));
        assert_eq!(dated.pools.len(), 2);
    }

    #[test]
    fn pool_errors() {
        let pools = vec![pool("a"), pool("b")];
        let costs = BTreeMap::from([("b".to_string(), Amount::new(d("1")))]);
        let e = allocate_pools(&pools, &[use_("a", "p1", None, "1")], None, &costs, &BTreeMap::new()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("missing", "pools[1]"));
        let e = allocate_pools(&pools, &[use_("b", "p1", None, "0")], None, &costs, &BTreeMap::new()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("all_zero_weights", "pools[1]"));
        let e = allocate_pools(&pools, &[use_("z", "p1", None, "1")], None, &costs, &BTreeMap::new()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("unknown_id", "drivers[0].pool"));
        let e = allocate_pools(&pools, &[use_("a", "p1", None, "1"), use_("a", "p1", None, "2")], None, &BTreeMap::new(), &BTreeMap::new()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("duplicate_id", "drivers[1].product"));
        let e = allocate_pools(&[pool("a"), pool("a")], &[], None, &BTreeMap::new(), &BTreeMap::new()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("duplicate_id", "pools[1].id"));
        // a pool without cost needs no drivers
        assert!(allocate_pools(&pools, &[], None, &BTreeMap::new(), &BTreeMap::new()).is_ok());
    }
}
