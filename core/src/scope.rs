//! Chargeable scope (收费范围) of the permitted cost, and the cost of free public services
//! (公益服务成本).
//!
//! 65号 defines 经营成本 as the reasonable costs "在提供用于产业发展、行业发展的数据产品和服务过程中
//! 发生的,扣除政府补助后的合理费用支出": the cost of providing **chargeable** uses (industry and
//! sector development). Public governance (公共治理) and public welfare (公益事业) uses are free, and
//! their cost is not in the MPR. Before the MPR, every product's allocated permitted cost is split
//! between its free and chargeable uses, and so are the effective assets:
//!
//! 1. **The key.** Each product's cost is spread over its (product, scenario) uses by the year's
//!    forecast volume of each use (the key the caps use). A document may instead give, per
//!    product, explicit `share`s of its uses (adding up to exactly 1) or `driver` quantities
//!    (staff hours, compute, ...; normalised) in `use_keys`.
//! 2. **Cost.** The chargeable cost Σ_p cost_p × chargeable share_p is rounded once under the
//!    profile's amount rounding and apportioned to the products by largest remainder (so the
//!    products' figures add up); free_p = cost_p − chargeable_p and free = total − chargeable,
//!    so chargeable + free = cost to the cent. Cost
//!    left unallocated to products (general overhead not spread) is split by the aggregate
//!    chargeable share of product cost, k = Σ chargeable_p / Σ cost_p; in a year with no cost
//!    allocated to products, by the chargeable uses' share of the forecast volume (the default
//!    key itself; by count of uses without any volume).
//! 3. **Effective assets (有效资产).** An asset that serves one product follows that product's
//!    chargeable share; shared and general assets and the working-capital allowance follow k.
//!    Grant-funded assets and data obtained free are already outside effective assets.
//! 4. **Cost booked to a scenario category** (`scenario_category` on a ledger entry) is free-use
//!    cost for a free category and chargeable cost for a paid one, where it joins the caps'
//!    weights of that category's uses by forecast volume.
//! 5. Input VAT (进项税额) is taken as the document states it: the deductible input VAT of the
//!    chargeable business; it is not split.
//!
//! Under [`FreeCostRecovery::ChargeableOnly`] (the default) the MPR is computed on the
//! chargeable cost and chargeable effective assets only; the free-use cost is reported apart so
//! a finance bureau can budget it. The other options keep every cost in the MPR (the split is
//! still computed and shown).

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Category};
use crate::costs::{AssetBalance, CostAccounts, DepreciationStart, YearCosts};
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, cents_form, Amount};
use crate::profile::{FreeCostRecovery, Policy};

/// An explicit key of one use for the free/chargeable split (`use_keys` in a scenario).
///
/// Exactly one of `share` (a fraction of the product's cost; a product's shares add up to 1)
/// or `driver` (a non-negative quantity; a product's drivers are normalised) is given. Without
/// `year` the key holds for every year; a year-specific key replaces it for that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UseKey {
    /// Product id.
    pub product: String,
    /// Scenario id (one the product is offered in).
    pub scenario: String,
    /// The year it applies to; absent: every year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The use's share of the product's cost, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::money::dec_opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub share: Option<Decimal>,
    /// The use's driver quantity (>= 0), normalised over the product's uses.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::money::dec_opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub driver: Option<Decimal>,
}

/// How a product's cost was split over its uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// By the year's forecast volume of each use (the default).
    ForecastVolume,
    /// Equally over the uses (the product has no forecast volume at all).
    Equal,
    /// By explicit shares.
    Shares,
    /// By explicit drivers.
    Drivers,
}

/// The cost of one (product, scenario) use in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UseCost {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The scenario's category.
    pub category: Category,
    /// Forecast volume of the use in the year.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub volume: Decimal,
    /// The use's fraction of the product's cost (its key).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub share: Decimal,
    /// The use's cost, exact (`cost_p × key`).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub cost: Decimal,
}

/// One product's split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductScope {
    /// Product id.
    pub product: String,
    /// Its allocated permitted cost.
    pub cost: Amount,
    /// Its chargeable share (Σ keys of its chargeable uses).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub chargeable_share: Decimal,
    /// Chargeable cost, rounded under the profile's amount rounding.
    pub chargeable_cost: Amount,
    /// Free-use cost: cost − chargeable cost.
    pub free_cost: Amount,
    /// The key used.
    pub key: KeyKind,
}

/// The free/chargeable split of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScopeYear {
    /// The year.
    pub year: i32,
    /// Where the free uses' cost is borne (the profile's choice applied).
    pub recovery: FreeCostRecovery,
    /// Total permitted cost of the year.
    pub total_cost: Amount,
    /// Chargeable cost (the MPR's cost block under the default).
    pub chargeable_cost: Amount,
    /// Cost of free public services (公益服务成本) = total − chargeable.
    pub free_cost: Amount,
    /// Effective assets of the year.
    pub effective_assets: Amount,
    /// Chargeable effective assets.
    pub chargeable_assets: Amount,
    /// Effective assets serving free uses.
    pub free_assets: Amount,
    /// The aggregate chargeable share k of product cost (applied to shared items).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub shared_key: Decimal,
    /// Per product.
    pub products: Vec<ProductScope>,
    /// Per use (exact costs: the caps' weights).
    pub uses: Vec<UseCost>,
    /// Working paper of the split.
    #[cfg_attr(not(feature = "schema"), serde(skip_serializing_if = "crate::explain::left_out_of_figures"))]
    pub explanation: Explanation,
}

/// The rounded total `total` of the exact parts `exact` apportioned to them by largest remainder
/// (尾差分配): each part is its exact value rounded down to `unit`, and the units left over
/// (`total` less those) go one each to the parts with the largest remainders, ties to the smaller
/// id. A part whose exact value is a multiple of the unit keeps it exactly, so a product's
/// chargeable cost never passes its cost (spreading the rounded total in proportion to the exact
/// values did: a product wholly chargeable at 542.21 received 542.22, and its free-use cost was
/// −0.01). Where the units left over are not a whole number between 0 and the number of parts
/// (a total rounded to a unit coarser than the parts' figures, or in a directed mode), the
/// rounded total is spread in proportion to the exact values instead ([`crate::costs::allocate`]).
#[inline(never)]
fn apportion(total: Decimal, exact: &[(String, Decimal)], unit: Decimal) -> Result<Vec<Decimal>> {
    const F: &str = "chargeable_cost";
    let mut parts = Vec::with_capacity(exact.len());
    let mut rems: Vec<(Decimal, usize)> = Vec::with_capacity(exact.len());
    let mut floors = Decimal::ZERO;
    // Rounded down by remainder, not by dividing by the unit (a unit of 10^-28 would overflow).
    let floor = crate::money::Rounding::floor_to(unit);
    for (i, (_, e)) in exact.iter().enumerate() {
        let f = floor.round(*e)?;
        rems.push((money::sub(*e, f, F)?, i));
        floors = money::add(floors, f, F)?;
        parts.push(f);
    }
    let left = money::sub(total, floors, F)?.checked_div(unit);
    let n = match left.and_then(|l| rust_decimal::prelude::ToPrimitive::to_usize(&l).filter(|_| l.fract().is_zero())) {
        Some(n) if n <= parts.len() => n,
        _ => return Ok(crate::costs::allocate(Amount::new(total), exact)?.into_iter().map(|(_, a)| a.get()).collect()),
    };
    rems.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| exact[a.1].0.cmp(&exact[b.1].0)));
    for &(_, i) in rems.iter().take(n) {
        parts[i] = money::add(parts[i], unit, F)?;
    }
    Ok(parts)
}

/// The chargeable share k of shared and general cost in a year with no cost allocated to
/// products: the chargeable uses' share of the year's forecast volume of all uses, or, with no
/// volume at all, their share of the uses by count (0 without any use).
#[inline(never)]
fn shared_key_by_volume(uses: &[UseCost]) -> Result<Decimal> {
    let total = money::sum(uses.iter().map(|u| u.volume), "forecasts")?;
    let paid = money::sum(uses.iter().filter(|u| u.category.is_chargeable()).map(|u| u.volume), "forecasts")?;
    if !total.is_zero() {
        return money::div(paid, total, "shared_key");
    }
    let n = uses.len();
    let c = uses.iter().filter(|u| u.category.is_chargeable()).count();
    if n == 0 {
        Ok(Decimal::ZERO)
    } else {
        money::div(Decimal::from(c), Decimal::from(n), "shared_key")
    }
}

/// Forecast volumes per (product, scenario) of a year.
pub type Volumes = HashMap<(String, String), Decimal>;

/// Check the `use_keys` of a document against the catalog (ids, exactly one of share/driver,
/// ranges, duplicates). The sums are checked per year by [`split_costs`].
pub fn validate_keys(catalog: &Catalog, keys: &[UseKey]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (i, k) in keys.iter().enumerate() {
        let f = format!("use_keys[{i}]");
        if catalog.product(&k.product).is_none() {
            return Err(Error::unknown(format!("{f}.product"), &k.product));
        }
        if !catalog.offers(&k.product, &k.scenario) {
            return Err(Error::unknown(format!("{f}.scenario"), format!("{}/{}", k.product, k.scenario)));
        }
        if let Some(y) = k.year {
            crate::costs::month::check_year(y, &format!("{f}.year"))?;
        }
        match (k.share, k.driver) {
            (Some(s), None) => {
                if s < Decimal::ZERO || s > Decimal::ONE {
                    return Err(Error::out_of_range(format!("{f}.share"), s, "in [0, 1]"));
                }
            }
            (None, Some(d)) => {
                if d < Decimal::ZERO {
                    return Err(Error::out_of_range(format!("{f}.driver"), d, ">= 0"));
                }
            }
            _ => return Err(Error::invalid(f, format!("{}/{}", k.product, k.scenario), "give exactly one of `share` or `driver`")),
        }
        if !seen.insert((k.product.as_str(), k.scenario.as_str(), k.year)) {
            return Err(Error::DuplicateId { field: f, value: format!("{}/{}", k.product, k.scenario) });
        }
    }
    Ok(())
}

/// The keys of one product's uses in `year`: explicit ones when the document gives them, else
/// the forecast volumes, else equal.
fn product_keys(product: &crate::catalog::Product, vols: &Volumes, keys: &[(usize, &UseKey)], year: i32) -> Result<(Vec<Decimal>, KeyKind)> {
    let uses = &product.scenarios;
    // Year-specific keys replace general ones for the product as a whole.
    let specific: Vec<&(usize, &UseKey)> = keys.iter().filter(|(_, k)| k.year == Some(year)).collect();
    let chosen: Vec<&(usize, &UseKey)> = if specific.is_empty() { keys.iter().filter(|(_, k)| k.year.is_none()).collect() } else { specific };
    if !chosen.is_empty() {
        let shares = chosen.iter().all(|(_, k)| k.share.is_some());
        if !shares && !chosen.iter().all(|(_, k)| k.driver.is_some()) {
            let (i, _) = chosen[0];
            return Err(Error::invalid(format!("use_keys[{i}]"), &product.id, "a product's keys are either all shares or all drivers"));
        }
        let mut out = vec![Decimal::ZERO; uses.len()];
        for (_, k) in &chosen {
            if let Some(j) = uses.iter().position(|s| *s == k.scenario) {
                out[j] = k.share.or(k.driver).unwrap_or_default();
            }
        }
        let total = money::sum(out.iter().copied(), "use_keys")?;
        let (i, _) = chosen[0];
        if shares {
            if total != Decimal::ONE {
                return Err(Error::invalid(format!("use_keys[{i}].share"), total, format!("the shares of product {} must add up to 1", product.id)));
            }
            return Ok((out, KeyKind::Shares));
        }
        if total.is_zero() {
            return Err(Error::AllZeroWeights { field: format!("use_keys[{i}].driver"), value: product.id.clone() });
        }
        let normalised = out.iter().map(|d| money::div(*d, total, "use_keys")).collect::<Result<Vec<_>>>()?;
        return Ok((normalised, KeyKind::Drivers));
    }
    let v: Vec<Decimal> = uses.iter().map(|s| vols.get(&(product.id.clone(), s.clone())).copied().unwrap_or_default()).collect();
    let total = money::sum(v.iter().copied(), "forecasts")?;
    if total.is_zero() {
        let n = Decimal::from(uses.len().max(1));
        return Ok((vec![Decimal::ONE / n; uses.len()], KeyKind::Equal));
    }
    Ok((v.iter().map(|x| money::div(*x, total, "forecasts")).collect::<Result<Vec<_>>>()?, KeyKind::ForecastVolume))
}

/// Split each product's cost over its uses by volume (or explicit keys): the per-use costs
/// the caps spread the requirement by.
pub fn use_costs(catalog: &Catalog, product_costs: &HashMap<String, Decimal>, vols: &Volumes, keys: &[UseKey], year: i32) -> Result<Vec<UseCost>> {
    Ok(split_products(catalog, product_costs, vols, keys, year)?.0)
}

type ProductSplit = (Vec<UseCost>, Vec<(String, Decimal, Decimal, KeyKind)>);

fn split_products(catalog: &Catalog, product_costs: &HashMap<String, Decimal>, vols: &Volumes, keys: &[UseKey], year: i32) -> Result<ProductSplit> {
    let scenarios: HashMap<&str, &crate::catalog::Scenario> = catalog.scenarios.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut by_product: HashMap<&str, Vec<(usize, &UseKey)>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        by_product.entry(k.product.as_str()).or_default().push((i, k));
    }
    let mut uses = Vec::new();
    let mut products = Vec::with_capacity(catalog.products.len());
    for product in &catalog.products {
        let cost = product_costs.get(&product.id).copied().unwrap_or_default();
        let own = by_product.get(product.id.as_str()).map_or(&[][..], Vec::as_slice);
        let (ks, kind) = product_keys(product, vols, own, year)?;
        let mut chargeable_share = Decimal::ZERO;
        for (sid, key) in product.scenarios.iter().zip(ks) {
            let scenario = scenarios.get(sid.as_str()).ok_or_else(|| Error::unknown(format!("products[{}].scenarios", product.id), sid))?;
            if scenario.category.is_chargeable() {
                chargeable_share = money::add(chargeable_share, key, "use_keys")?;
            }
            uses.push(UseCost {
                product: product.id.clone(),
                scenario: sid.clone(),
                category: scenario.category,
                volume: vols.get(&(product.id.clone(), sid.clone())).copied().unwrap_or_default(),
                share: key,
                cost: money::mul(cost, key, "allocated_cost")?,
            });
        }
        products.push((product.id.clone(), cost, chargeable_share.min(Decimal::ONE), kind));
    }
    Ok((uses, products))
}

/// Everything the split of one year needs.
pub struct ScopeInputs<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// The profile.
    pub policy: &'a Policy,
    /// The cost accounts (for the assets serving one product).
    pub accounts: &'a CostAccounts,
    /// The year's cost summary.
    pub costs: &'a YearCosts,
    /// The year's forecast volumes.
    pub volumes: &'a Volumes,
    /// Explicit keys (may be empty).
    pub keys: &'a [UseKey],
    /// Balance of effective assets.
    pub balance: AssetBalance,
    /// Depreciation start rule.
    pub start: DepreciationStart,
}

/// Split a year's permitted cost and effective assets between free and chargeable uses.
pub fn split_costs(inp: &ScopeInputs) -> Result<ScopeYear> {
    let yc = inp.costs;
    let year = yc.year;
    let round = |x: Decimal| inp.policy.amount_rounding.round(x);
    let product_costs: HashMap<String, Decimal> = yc.products.iter().map(|p| (p.product.clone(), p.total.get())).collect();
    let (uses, split) = split_products(inp.catalog, &product_costs, inp.volumes, inp.keys, year)?;

    // Exact chargeable cost per product; the totals are rounded once, and the products' figures
    // are the rounded product total apportioned by largest remainder, so they add up.
    let mut exact = Vec::with_capacity(split.len());
    let mut share_of: HashMap<&str, Decimal> = HashMap::new();
    let mut cost_sum = Decimal::ZERO;
    for (id, cost, share, _) in &split {
        exact.push((id.clone(), money::mul(*cost, *share, "chargeable_cost")?));
        cost_sum = money::add(cost_sum, *cost, "total_cost")?;
        share_of.insert(id.as_str(), *share);
    }
    let exact_sum = money::sum(exact.iter().map(|e| e.1), "chargeable_cost")?;
    let products_c = round(exact_sum)?;
    // `chain.summary` drops the products' records: they are not built when nothing in them can
    // fail (at most `MAX_ALLOCATION_PARTS` non-negative weights below 10^14, a total below 10^14
    // and costs below 10^14: no check of `apportion` refuses them and no product of two such
    // figures leaves the 28 digits), so the errors are the same.
    let bound = Decimal::from(100_000_000_000_000_i64);
    let skip_products = !crate::lean::records_wanted()
        && exact.len() <= crate::costs::allocation::MAX_ALLOCATION_PARTS
        && products_c.abs() < bound
        && exact.iter().all(|(_, w)| (!w.is_sign_negative() || w.is_zero()) && *w < bound)
        && split.iter().all(|(_, cost, _, _)| cost.abs() < bound);
    let parts: Vec<Decimal> = if skip_products {
        Vec::new()
    } else if exact_sum.is_zero() || exact.is_empty() {
        vec![Decimal::ZERO; exact.len()]
    } else {
        apportion(products_c, &exact, inp.policy.amount_rounding.unit)?
    };
    let mut products = Vec::with_capacity(parts.len());
    for ((id, cost, share, kind), c) in split.iter().zip(parts) {
        products.push(ProductScope {
            product: id.clone(),
            cost: cents_form(*cost),
            chargeable_share: share.normalize(),
            chargeable_cost: cents_form(c),
            free_cost: cents_form(money::sub(*cost, c, "free_cost")?),
            key: *kind,
        });
    }
    let k = if cost_sum.is_zero() {
        // No cost allocated to products this year to take the key from: shared and general
        // cost is split by the default key itself, the uses' forecast volume (equally by use
        // without any volume), so a year of overhead only is not carried into the MPR whole.
        shared_key_by_volume(&uses)?
    } else {
        money::div(exact_sum, cost_sum, "shared_key")?
    };
    let unallocated = yc.unallocated.get();
    let unallocated_c = round(money::mul(unallocated, k, "unallocated")?)?;
    let mut chargeable_cost = money::add(products_c, unallocated_c, "chargeable_cost")?;
    // Cost booked to a scenario category: all free or all chargeable; a chargeable category's
    // cost joins the weights of its uses (by forecast volume, equally without volume).
    let mut uses = uses;
    for c in &yc.use_categories {
        if !c.category.is_chargeable() {
            continue;
        }
        chargeable_cost = money::add(chargeable_cost, c.amount.get(), "chargeable_cost")?;
        let members: Vec<usize> = (0..uses.len()).filter(|&i| uses[i].category == c.category).collect();
        let vol = money::sum(members.iter().map(|&i| uses[i].volume), "forecasts")?;
        let n = Decimal::from(members.len().max(1));
        for &i in &members {
            let part = if vol.is_zero() {
                money::div(c.amount.get(), n, "use_categories")?
            } else {
                money::div(money::mul(c.amount.get(), uses[i].volume, "use_categories")?, vol, "use_categories")?
            };
            uses[i].cost = money::add(uses[i].cost, part, "use_categories")?;
        }
    }
    let total = yc.total_permitted.get();
    let free_cost = money::sub(total, chargeable_cost, "free_cost")?;

    // Effective assets: product-specific assets by their product's share, the rest by k.
    let mut direct_nbv = Decimal::ZERO;
    let mut direct_c = Decimal::ZERO;
    for a in inp.accounts.assets.0.iter().filter(|a| !a.grant_funded && !a.obtained_free) {
        if let Some(p) = a.product.as_deref() {
            let v = a.book_value(year, inp.balance, inp.start)?.get();
            direct_nbv = money::add(direct_nbv, v, "effective_assets")?;
            direct_c = money::add(direct_c, money::mul(v, share_of.get(p).copied().unwrap_or(Decimal::ONE), "effective_assets")?, "effective_assets")?;
        }
    }
    let ea = yc.effective_assets.get();
    let shared = money::sub(ea, direct_nbv, "effective_assets")?.max(Decimal::ZERO);
    let ea_c = round(money::add(direct_c, money::mul(shared, k, "effective_assets")?, "effective_assets")?)?.min(ea);
    let ea_f = money::sub(ea, ea_c, "effective_assets")?;

    let recovery = inp.policy.free_cost_recovery;
    let mut e = Explanation::deferred(
        || (format!("scope.{year}"), format!("Chargeable scope {year} 收费范围 and cost of free public services 公益服务成本")),
        "chargeable = round(Σ_p cost_p × Σ keys of its chargeable uses), apportioned to products by largest remainder; free = total − chargeable; assets of one product by its share, shared assets and working capital by k = Σ chargeable_p / Σ cost_p",
    )
    .input("total permitted cost", cents_form(total))
    .input(
        "booked to scenario categories",
        crate::explain::text(|| {
            if yc.use_categories.is_empty() {
                "none".to_string()
            } else {
                yc.use_categories.iter().map(|c| format!("{} {}", c.category.name(), c.amount)).collect::<Vec<_>>().join("; ")
            }
        }),
    )
    .input("chargeable cost", cents_form(chargeable_cost))
    .input("cost of free public services (公益服务成本)", cents_form(free_cost))
    .input("k (shared items)", k.round_dp(6))
    .input("effective assets", cents_form(ea))
    .input("chargeable effective assets", cents_form(ea_c))
    .result(cents_form(free_cost))
    .rounding(crate::explain::text(|| inp.policy.amount_rounding.describe()));
    e = match recovery {
        FreeCostRecovery::ChargeableOnly => e.note(
            "65号: 经营成本 = 在提供用于产业发展、行业发展的数据产品和服务过程中发生的…合理费用支出 — the MPR carries the chargeable cost and assets only; the cost of free uses is reported here for the budget",
        ),
        FreeCostRecovery::FromPaid => e.note(
            "CROSS-SUBSIDY (profile free_cost_recovery = from_paid): the MPR carries every cost, so paying users also pay for the free uses' cost; no seed allows this",
        ),
        FreeCostRecovery::BudgetFunded => {
            e.note("legacy (profile free_cost_recovery = budget_funded): the MPR carries every cost; the free uses' allocated cost is taken out of the caps' requirement afterwards")
        }
    };
    Ok(ScopeYear {
        year,
        recovery,
        total_cost: cents_form(total),
        chargeable_cost: cents_form(chargeable_cost),
        free_cost: cents_form(free_cost),
        effective_assets: cents_form(ea),
        chargeable_assets: cents_form(ea_c),
        free_assets: cents_form(ea_f),
        shared_key: k.normalize(),
        products,
        uses,
        explanation: e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parts(total: &str, exact: &[(&str, &str)]) -> Vec<String> {
        let exact: Vec<(String, Decimal)> = exact.iter().map(|(id, v)| (id.to_string(), v.parse().unwrap())).collect();
        apportion(total.parse().unwrap(), &exact, Decimal::new(1, 2)).unwrap().iter().map(|d| cents_form(*d).to_string()).collect()
    }

    #[test]
    fn apportion_by_largest_remainder_of_the_exact_figures() {
        // 542.21 + 125.76 x 6/13 + 209.37 x 2/8 = 652.595577 -> 652.60: floors 542.21, 58.04, 52.34
        // (652.59); the cent left goes to the largest remainder, b's 0.003077 (c's is 0.0025).
        let b = (Decimal::new(12576, 2) * Decimal::from(6) / Decimal::from(13)).to_string();
        assert_eq!(parts("652.60", &[("a", "542.21"), ("b", &b), ("c", "52.3425")]), ["542.21", "58.05", "52.34"]);
        // Equal remainders: the smaller ids first, whatever the order of the parts (a and b).
        assert_eq!(parts("0.02", &[("b", "0.005"), ("a", "0.005"), ("c", "0.005")]), ["0.01", "0.01", "0.00"]);
        assert_eq!(parts("0.01", &[("b", "0.005"), ("a", "0.005")]), ["0.00", "0.01"]);
    }

    #[test]
    fn a_year_of_overhead_only_takes_the_volume_key() {
        let use_ = |cat: Category, v: i64| UseCost {
            product: "p".into(),
            scenario: "s".into(),
            category: cat,
            volume: v.into(),
            share: Decimal::ONE,
            cost: Decimal::ZERO,
        };
        let k = shared_key_by_volume(&[use_(Category::PublicGovernance, 9000), use_(Category::IndustryDevelopment, 1000)]).unwrap();
        assert_eq!(k, Decimal::new(1, 1));
        // No volume at all: by count of uses; no use: 0.
        let k = shared_key_by_volume(&[
            use_(Category::PublicWelfare, 0),
            use_(Category::SectorDevelopment, 0),
            use_(Category::IndustryDevelopment, 0),
            use_(Category::PublicGovernance, 0),
        ])
        .unwrap();
        assert_eq!(k, Decimal::new(5, 1));
        assert_eq!(shared_key_by_volume(&[]).unwrap(), Decimal::ZERO);
    }

    proptest! {
        /// The parts add up to the rounded total; each is its exact figure rounded down or up to
        /// the cent (never a cent or more beyond it), and a figure already in cents is kept.
        #[test]
        fn apportioned_parts_add_up_and_stay_within_a_cent(cents in proptest::collection::vec(0i64..10_000_000, 1..12), num in proptest::collection::vec(0i64..=1000, 12)) {
            let exact: Vec<(String, Decimal)> = cents.iter().enumerate().map(|(i, &c)| (format!("p{i:02}"), Decimal::new(c, 2) * Decimal::from(num[i]) / Decimal::from(1000))).collect();
            let total = crate::money::Rounding::cents().round(exact.iter().map(|e| e.1).sum()).unwrap();
            let got = apportion(total, &exact, Decimal::new(1, 2)).unwrap();
            prop_assert_eq!(got.iter().copied().sum::<Decimal>(), total);
            for ((_, e), p) in exact.iter().zip(&got) {
                prop_assert!(*p >= e.floor_cents() && *p <= e.floor_cents() + Decimal::new(1, 2), "{} for {}", p, e);
                if e.round_dp(2) == *e {
                    prop_assert_eq!(*p, *e);
                }
            }
        }
    }

    trait FloorCents {
        fn floor_cents(&self) -> Decimal;
    }
    impl FloorCents for Decimal {
        fn floor_cents(&self) -> Decimal {
            (*self * Decimal::from(100)).floor() / Decimal::from(100)
        }
    }
}
