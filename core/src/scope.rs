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
//!    chargeable share of product cost, k = Σ chargeable_p / Σ cost_p.
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
    // and costs below 10^14: no check of `allocate` refuses them and no product of two such
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
        crate::costs::allocate(Amount::new(products_c), &exact)?.into_iter().map(|(_, a)| a.get()).collect()
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
    let any_chargeable = uses.iter().any(|u| u.category.is_chargeable());
    let k = if cost_sum.is_zero() {
        if any_chargeable {
            Decimal::ONE
        } else {
            Decimal::ZERO
        }
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
