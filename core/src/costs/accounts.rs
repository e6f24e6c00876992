//! The separate accounts of the authorized operation (授权运营单独核算) and one year's costs.
//!
//! [`CostAccounts`] is the `costs` section of a scenario document: the ledger, the asset
//! register, the shared pools and their drivers. [`CostAccounts::year_summary`] turns it
//! into what the maximum permitted revenue and the caps need for one year ([`YearCosts`]):
//!
//! - permitted cost by category, entered costs (net of subsidy, exclusions and benchmark
//!   caps) plus depreciation and amortisation from the assets (the grant-funded part only
//!   when the profile makes it recoverable);
//! - the operating cost (the base of the working capital allowance) and the allowance;
//! - the asset base and the effective assets (有效资产 = net fixed assets + net intangibles
//!   + working capital, grant-funded assets excluded);
//! - the cost of each product: direct cost, its shares of the pools (the depreciation of an
//!   asset charged to a pool goes into the pool) and its share of the general overhead.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{self, Amount, Rate};

use super::allocation::{
    allocate_valid_pools, at, pool_ids, product_explanation, product_total, split_exact, unit_for, validate_drivers, validate_pools, DriverUse, Pool,
    PoolAllocation, ProductCost,
};
use super::assets::{AssetBalance, AssetRegister, DepreciationStart, YearDepreciation};
use super::category::CostCategory;
use super::cents_form;
use super::ledger::{category_explanation, validate_caps, CategoryCap, CategoryLine, ExcludedItem, ExclusionReason, Ledger};
use super::month::check_year;
use super::order::{self, Slots};
use super::target::Target;
use super::working_capital::working_capital_explained;

/// The separate cost accounts of the authorized operation (the scenario's `costs` section).
///
/// ```
/// use datafee::costs::{CostAccounts, CostOptions};
/// let accounts: CostAccounts = datafee::doc::from_json(r#"{
///   "ledger": {"entries": [
///     {"category": "compute", "year": 2026, "pool": "platform", "amount": "300.00"},
///     {"category": "personnel", "year": 2026, "product": "p01", "amount": "100.00"}
///   ]},
///   "assets": [{"id": "srv", "kind": "fixed", "cost": "2400.00", "life_months": 24,
///               "in_service": "2025-12", "pool": "platform"}],
///   "pools": [{"id": "platform", "driver": "compute_hours"}],
///   "drivers": [{"pool": "platform", "product": "p01", "quantity": "1"},
///               {"pool": "platform", "product": "p02", "quantity": "3"}]
/// }"#)?;
/// let y = accounts.year_summary(2026, &CostOptions::default())?;
/// assert_eq!(y.total_permitted.to_string(), "1600.00"); // 300 + 100 + 1200 depreciation
/// assert_eq!(y.product("p01").unwrap().total.to_string(), "475.00"); // 100 + 1500 / 4
/// assert_eq!(y.product("p02").unwrap().total.to_string(), "1125.00");
/// # Ok::<(), datafee::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CostAccounts {
    /// The cost ledger.
    #[serde(default)]
    pub ledger: Ledger,
    /// The asset register.
    #[serde(default)]
    pub assets: AssetRegister,
    /// The shared cost pools.
    #[serde(default)]
    pub pools: Vec<Pool>,
    /// The products' driver quantities.
    #[serde(default)]
    pub drivers: Vec<DriverUse>,
}

/// Cost booked to the uses of one scenario category (成本按场景类别归集).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UseCategoryCost {
    /// The scenario category.
    pub category: crate::catalog::Category,
    /// The permitted amount.
    pub amount: Amount,
}

/// How the accounts are read: the profile's choices (filled by the caller).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CostOptions {
    /// Leave interest out: the return method already pays for debt (default false).
    pub exclude_interest: bool,
    /// Count the depreciation of grant-funded assets as permitted cost (default false).
    pub grant_depreciation_recoverable: bool,
    /// Count the amortisation of data obtained free under the authorization (default false).
    pub free_data_amortisation_recoverable: bool,
    /// Benchmark caps per category (default none).
    pub category_caps: Vec<CategoryCap>,
    /// When depreciation starts (default the month after entering service).
    pub depreciation_start: DepreciationStart,
    /// Which balance measures the asset base (default the average of opening and closing).
    pub asset_balance: AssetBalance,
    /// The working capital allowance as a share of operating cost, in `[0, 1]` (default 0).
    pub working_capital_share: Rate,
    /// Spread the general overhead over products in proportion to their other cost
    /// (default true); otherwise it is reported as `unallocated`.
    pub allocate_general: bool,
}

impl Default for CostOptions {
    fn default() -> Self {
        CostOptions {
            exclude_interest: false,
            grant_depreciation_recoverable: false,
            free_data_amortisation_recoverable: false,
            category_caps: Vec::new(),
            depreciation_start: DepreciationStart::NextMonth,
            asset_balance: AssetBalance::Average,
            working_capital_share: Rate::ZERO,
            allocate_general: true,
        }
    }
}

impl CostOptions {
    /// Check caps (`category_caps[i]...`) and the working capital share (`working_capital_share`).
    pub fn validate(&self) -> Result<()> {
        validate_caps(&self.category_caps)?;
        if self.working_capital_share.is_negative() || self.working_capital_share.get() > Decimal::ONE {
            return Err(Error::out_of_range("working_capital_share", self.working_capital_share, "in [0, 1]"));
        }
        Ok(())
    }
}

/// One year of the separate accounts (年度核算结果).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearCosts {
    /// The year.
    pub year: i32,
    /// Per category with activity, depreciation and amortisation included, in
    /// [`CostCategory::ALL`] order.
    pub by_category: Vec<CategoryLine>,
    /// Permitted cost (准许成本): Σ permitted over categories.
    pub total_permitted: Amount,
    /// Permitted operating cost (the O&M-type base of the working capital allowance):
    /// every permitted category except depreciation, amortisation and interest.
    pub om_total: Amount,
    /// The working capital allowance (营运资本).
    pub working_capital: Amount,
    /// Gross asset value: original cost of the assets in service by year end (caps' base).
    pub gross_assets: Amount,
    /// Net fixed assets (固定资产净值), grant-funded excluded, at the chosen balance.
    pub net_fixed_assets: Amount,
    /// Net intangibles (无形资产净值), grant-funded excluded, at the chosen balance.
    pub net_intangibles: Amount,
    /// `net_fixed_assets + net_intangibles`.
    pub asset_base: Amount,
    /// Effective assets (有效资产): `asset_base + working_capital`.
    pub effective_assets: Amount,
    /// The year's depreciation and amortisation per asset.
    pub depreciation: YearDepreciation,
    /// Items left out of the permitted cost, with their reasons.
    pub excluded: Vec<ExcludedItem>,
    /// How each pool was shared.
    pub pools: Vec<PoolAllocation>,
    /// Cost per product, by product id.
    pub products: Vec<ProductCost>,
    /// Permitted general overhead (charged to neither a product nor a pool).
    pub general: Amount,
    /// Cost booked to the uses of a scenario category (not to products): `Σ products + unallocated
    /// + Σ use_categories = total_permitted`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub use_categories: Vec<UseCategoryCost>,
    /// General overhead not spread over products. `Σ products.total + unallocated =
    /// total_permitted`.
    pub unallocated: Amount,
    /// The working papers.
    pub explanations: Vec<Explanation>,
}

impl YearCosts {
    /// The line of `product`, if it has any cost or driver use.
    pub fn product(&self, product: &str) -> Option<&ProductCost> {
        self.products.iter().find(|p| p.product == product)
    }

    /// The line of `category`, if it had activity.
    pub fn category(&self, category: CostCategory) -> Option<&CategoryLine> {
        self.by_category.iter().find(|l| l.category == category)
    }
}

impl CostAccounts {
    /// Check the whole section: ledger (`ledger.entries[i]...`), assets (`assets[i]...`),
    /// pools (`pools[i]...`), drivers (`drivers[i]...`), and that every pool named by an
    /// entry or an asset is defined ([`Error::UnknownId`]).
    pub fn validate(&self) -> Result<()> {
        self.ledger.validate().within("ledger")?;
        self.assets.validate().within("assets")?;
        validate_pools(&self.pools)?;
        validate_drivers(&self.pools, &self.drivers)?;
        let ids = pool_ids(&self.pools);
        let known = |p: &str| ids.binary_search(&p).is_ok();
        for (i, e) in self.ledger.entries.iter().enumerate() {
            if let Some(p) = e.pool.as_deref().filter(|p| !known(p)) {
                return Err(Error::unknown(format!("ledger.entries[{i}].pool"), p));
            }
        }
        for (i, a) in self.assets.0.iter().enumerate() {
            if let Some(p) = a.pool.as_deref().filter(|p| !known(p)) {
                return Err(Error::unknown(format!("assets[{i}].pool"), p));
            }
        }
        Ok(())
    }

    /// The years of `years` that have the same inputs in these accounts and in `other`, so that
    /// [`Self::valid_year_summary`] (under the same options) gives the same result for both: the
    /// same asset register, pools and drivers and the same ledger entries of that year at the
    /// same places (an entry's place is in the result: [`ExcludedItem::source`]); nothing else
    /// of the accounts is read for a year. Judged on the JSON trees `json` and `other_json` the
    /// accounts were read from (equal trees read as equal accounts; trees that differ in any
    /// way, even in how a decimal is written, count as different): the fee calculator's
    /// what-if on one ledger entry keeps the accounts of the other years
    /// ([`crate::scenario::CostsMemo`]).
    pub(crate) fn years_with_same_inputs(&self, json: &serde_json::Value, other: &CostAccounts, other_json: &serde_json::Value, years: &[i32]) -> Vec<i32> {
        use serde_json::{Map, Value};
        /// Every member but `but` equal (an absent member on both sides is equal).
        fn same_but(a: &Map<String, Value>, b: &Map<String, Value>, but: &str) -> bool {
            a.keys().chain(b.keys()).filter(|k| k.as_str() != but).all(|k| a.get(k) == b.get(k))
        }
        /// The ledger's members and its entries (none when absent), `None` when not an object and a list.
        #[allow(clippy::type_complexity)]
        fn entries(m: &Map<String, Value>) -> Option<(Option<&Map<String, Value>>, &[Value])> {
            match m.get("ledger") {
                None => Some((None, &[])),
                Some(Value::Object(l)) => match l.get("entries") {
                    None => Some((Some(l), &[])),
                    Some(Value::Array(e)) => Some((Some(l), e.as_slice())),
                    Some(_) => None,
                },
                Some(_) => None,
            }
        }
        let (Value::Object(a), Value::Object(b)) = (json, other_json) else { return Vec::new() };
        let (Some((la, ea)), Some((lb, eb))) = (entries(a), entries(b)) else { return Vec::new() };
        let no_ledger = Map::new();
        let (ta, tb) = (&self.ledger.entries, &other.ledger.entries);
        if !same_but(a, b, "ledger")
            || !same_but(la.unwrap_or(&no_ledger), lb.unwrap_or(&no_ledger), "entries")
            || ea.len() != eb.len()
            || ta.len() != ea.len()
            || tb.len() != eb.len()
        {
            return Vec::new();
        }
        // The years of the entries that differ (both years when an entry moved).
        let mut changed: Vec<i32> = Vec::new();
        for ((ja, jb), (x, y)) in ea.iter().zip(eb).zip(ta.iter().zip(tb)) {
            if (!years.contains(&x.year) || changed.contains(&x.year)) && (!years.contains(&y.year) || changed.contains(&y.year)) {
                continue;
            }
            if ja != jb {
                changed.extend([x.year, y.year]);
            }
        }
        years.iter().copied().filter(|y| !changed.contains(y)).collect()
    }

    /// The accounts of `year` under `options` (see the module doc).
    pub fn year_summary(&self, year: i32, options: &CostOptions) -> Result<YearCosts> {
        self.validate()?;
        self.valid_year_summary(year, options)
    }

    /// [`Self::year_summary`] of accounts already checked by [`Self::validate`] (the chain checks
    /// the scenario once, then sums every year): the same result, without checking again.
    pub(crate) fn valid_year_summary(&self, year: i32, options: &CostOptions) -> Result<YearCosts> {
        check_year(year, "year")?;
        options.validate()?;
        // Working-paper text only when papers are written (the calculator's recompute runs
        // without them, every year): ids, titles and the fields of checks that rarely fail.
        let papers = crate::explain::papers_wanted();
        let label = if papers { format!("costs.{year}") } else { String::new() };
        let start = options.depreciation_start;

        let gross_assets = self.assets.gross_value(year)?;
        let ledger = self.ledger.valid_summary(year, options.exclude_interest, &options.category_caps, gross_assets)?;
        let dep = self.assets.valid_year_depreciation(year, start)?;
        let mut explanations = ledger.explanations;
        let mut excluded = ledger.excluded;

        // Depreciation and amortisation lines, and their targets: the permitted cost per
        // target (the ledger's, then the recoverable charges), read back by target.
        let mut keys: Vec<Target> = ledger.by_target.iter().map(|l| l.target.clone()).collect();
        keys.extend(dep.lines.iter().map(|l| l.target.clone()));
        let mut targets: Slots<Target, Decimal> = Slots::new(keys);
        for l in ledger.by_target {
            *targets.get_or_insert_with(&l.target, || Decimal::ZERO, "by_target")? = l.permitted.get();
        }
        // Per category (a handful: a short list, sorted when read), claimed and excluded.
        let mut dep_lines: Vec<(CostCategory, (Decimal, Decimal))> = Vec::new();
        // Asset ids are unique (checked).
        let mut by_id: Vec<(&str, &super::assets::Asset)> = self.assets.0.iter().map(|a| (a.id.as_str(), a)).collect();
        order::sort_stable_by(&mut by_id, |a, b| a.0.cmp(b.0));
        let asset_of = |id: &str| by_id.binary_search_by(|e| e.0.cmp(id)).ok().and_then(|k| by_id.get(k)).map(|e| e.1);
        for (line, asset) in dep.lines.iter().filter_map(|l| asset_of(l.asset.as_str()).map(|a| (l, a))) {
            let field = || format!("depreciation.{}", line.asset);
            let k = match dep_lines.iter().position(|e| e.0 == line.category) {
                Some(k) => k,
                None => {
                    dep_lines.push((line.category, (Decimal::ZERO, Decimal::ZERO)));
                    dep_lines.len() - 1
                }
            };
            let Some((_, slot)) = dep_lines.get_mut(k) else { continue };
            slot.0 = at(money::add(slot.0, line.charge.get(), ""), field)?;
            let mut e = if papers {
                asset.charge_explanation(&format!("{label}.depreciation.{}", line.asset), year, line.months, line.charge, start)?
            } else {
                Explanation::default()
            };
            if line.grant_funded && !options.grant_depreciation_recoverable {
                slot.1 = at(money::add(slot.1, line.charge.get(), ""), field)?;
                excluded.push(ExcludedItem {
                    source: line.asset.clone(),
                    category: line.category,
                    target: line.target.clone(),
                    amount: line.charge,
                    subsidy: cents_form(Decimal::ZERO),
                    net: line.charge,
                    reason: ExclusionReason::GrantFundedDepreciation,
                });
                e = e.note("not recoverable: grant-funded (grant_depreciation_recoverable = false)");
            } else if asset.obtained_free && !options.free_data_amortisation_recoverable {
                slot.1 = at(money::add(slot.1, line.charge.get(), ""), field)?;
                excluded.push(ExcludedItem {
                    source: line.asset.clone(),
                    category: line.category,
                    target: line.target.clone(),
                    amount: line.charge,
                    subsidy: cents_form(Decimal::ZERO),
                    net: line.charge,
                    reason: ExclusionReason::FreeDataAmortisation,
                });
                e = e.note("not recoverable: public data obtained free under the authorization (free_data_amortisation_recoverable = false)");
            } else {
                let t = targets.get_or_insert_with(&line.target, || Decimal::ZERO, "depreciation")?;
                *t = at(money::add(*t, line.charge.get(), ""), field)?;
            }
            explanations.push(e);
        }
        let mut by_category = ledger.by_category;
        order::sort_stable_by(&mut dep_lines, |a, b| a.0.cmp(&b.0));
        for (category, (claimed, excl)) in dep_lines {
            let line = CategoryLine {
                category,
                claimed: cents_form(claimed),
                subsidy: cents_form(Decimal::ZERO),
                excluded: cents_form(excl),
                disallowed: cents_form(Decimal::ZERO),
                permitted: cents_form(money::sub(claimed, excl, "by_category")?),
            };
            if papers {
                explanations.push(category_explanation(year, &line));
            } else {
                explanations.push(Explanation::default());
            }
            by_category.push(line);
        }
        order::sort_stable_by(&mut by_category, |a, b| a.category.cmp(&b.category));
        let total_permitted = money::sum(by_category.iter().map(|l| l.permitted.get()), "total_permitted")?;
        let om_total = money::sum(by_category.iter().filter(|l| l.category.is_operating()).map(|l| l.permitted.get()), "om_total")?;

        // Allocation to products.
        // In target order: products and pools each sorted by id, each once.
        let mut pool_costs = Vec::new();
        let mut direct = Vec::new();
        let mut general = Decimal::ZERO;
        let mut use_categories = Vec::new();
        for (target, amount) in targets.into_sorted() {
            match target {
                Target::Product(p) => direct.push((p, cents_form(amount))),
                Target::Pool(p) => pool_costs.push((p, cents_form(amount))),
                Target::General => general = amount,
                Target::UseCategory(c) => {
                    use_categories.push(UseCategoryCost { category: c, amount: cents_form(amount) });
                }
            }
        }
        let alloc = allocate_valid_pools(&self.pools, &self.drivers, Some(year), &pool_costs, &direct, &label)?;
        if papers {
            let product_prefix = format!("{label}.product.");
            explanations.extend(alloc.explanations.into_iter().filter(|e| !e.id.starts_with(&product_prefix)));
        } else {
            explanations.extend(alloc.explanations);
        }
        let mut products = alloc.products;
        let unallocated = self.spread_general(general, &mut products, options.allocate_general, &label, &mut explanations)?;
        for p in &mut products {
            p.total = product_total(p)?;
            explanations.push(product_explanation(p, &label));
        }

        // Working capital and effective assets.
        let wc_label = if papers { format!("{label}.working_capital") } else { String::new() };
        let (working_capital, wc_e) = working_capital_explained(cents_form(om_total), options.working_capital_share, &wc_label)?;
        explanations.push(wc_e);
        let net = self.assets.valid_net_assets(year, options.asset_balance, start)?;
        let effective_assets = cents_form(money::add(net.total.get(), working_capital.get(), "effective_assets")?);
        let total_permitted = cents_form(total_permitted);
        if !papers {
            // The same number of (empty) explanations as with papers.
            explanations.extend([Explanation::default(), Explanation::default()]);
        } else {
            explanations.push(
                Explanation::new(
                    format!("{label}.effective_assets"),
                    "Effective assets 有效资产",
                    "effective assets = net fixed assets + net intangibles + working capital (grant-funded assets excluded)",
                )
                .input("balance", balance_name(options.asset_balance))
                .input("net fixed assets (固定资产净值)", net.fixed)
                .input("net intangibles (无形资产净值)", net.intangible)
                .input("working capital (营运资本)", working_capital)
                .result(effective_assets),
            );
            explanations.push(
                Explanation::new(
                    format!("{label}.total"),
                    "Permitted cost 准许成本",
                    "Σ permitted over categories (entered costs + recoverable depreciation and amortisation)",
                )
                .input("categories", by_category.len())
                .input("excluded items", excluded.len())
                .result(total_permitted),
            );
        }

        Ok(YearCosts {
            year,
            by_category,
            total_permitted,
            om_total: cents_form(om_total),
            working_capital,
            gross_assets,
            net_fixed_assets: net.fixed,
            net_intangibles: net.intangible,
            asset_base: net.total,
            effective_assets,
            depreciation: dep,
            excluded,
            pools: alloc.pools,
            products,
            general: cents_form(general),
            use_categories,
            unallocated,
            explanations,
        })
    }

    /// Spread the general overhead over products by their cost so far; return what is left.
    fn spread_general(
        &self,
        general: Decimal,
        products: &mut [ProductCost],
        allocate: bool,
        label: &str,
        explanations: &mut Vec<Explanation>,
    ) -> Result<Amount> {
        if general.is_zero() {
            return Ok(cents_form(Decimal::ZERO));
        }
        let bases: Vec<(usize, Decimal)> = products.iter().enumerate().map(|(i, p)| product_total(p).map(|t| (i, t.get()))).collect::<Result<_>>()?;
        let base_total = money::sum(bases.iter().map(|b| b.1), "general")?;
        let papers = crate::explain::papers_wanted();
        let e = if !papers {
            Explanation::default()
        } else {
            Explanation::new(
                format!("{label}.general"),
                "General overhead 综合管理费用分摊",
                "share_p = general × cost_p / Σ cost, floored to 0.01; leftover cents to the largest remainders (ties: smaller product id)",
            )
            .input("general overhead", cents_form(general))
            .input("Σ product cost", base_total)
        };
        if !allocate || base_total.is_zero() {
            let why = if allocate { "no product carries cost to spread it by" } else { "allocate_general = false" };
            explanations.push(e.result("unallocated").note(why));
            return Ok(cents_form(general));
        }
        // Products are sorted by id, so the index is the id order: ties go to the smaller id.
        let shares = split_exact(general, &bases, unit_for(general), || "general".into())?;
        let mut parts = Vec::new();
        for (p, s) in products.iter_mut().zip(shares) {
            p.general = cents_form(s);
            if papers {
                parts.push(format!("{} {}", p.product, p.general));
            }
        }
        explanations.push(e.result(parts.join("; ")).rounding("floor to 0.01 + largest remainder"));
        Ok(cents_form(Decimal::ZERO))
    }
}

fn balance_name(b: AssetBalance) -> &'static str {
    match b {
        AssetBalance::Opening => "opening (年初)",
        AssetBalance::Closing => "closing (年末)",
        AssetBalance::Average => "average (年初年末平均)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn accounts() -> CostAccounts {
        crate::doc::from_json(
            r#"{
            "ledger": {"entries": [
                {"id": "e1", "category": "compute", "year": 2026, "pool": "platform", "amount": "300.00", "subsidy": "60.00"},
                {"id": "e2", "category": "personnel", "year": 2026, "product": "p01", "amount": "100.00"},
                {"id": "e3", "category": "other", "year": 2026, "amount": "10.00"},
                {"id": "e4", "category": "interest", "year": 2026, "amount": "50.00"},
                {"id": "e5", "category": "fines", "year": 2026, "product": "p02", "amount": "7.00"}
            ]},
            "assets": [
                {"id": "srv", "kind": "fixed", "cost": "2400.00", "life_months": 24, "in_service": "2025-12", "pool": "platform"},
                {"id": "gov", "kind": "intangible", "cost": "1200.00", "life_months": 12, "in_service": "2025-12", "product": "p02", "grant_funded": true}
            ],
            "pools": [{"id": "platform", "driver": "compute_hours"}],
            "drivers": [{"pool": "platform", "product": "p01", "quantity": "1"}, {"pool": "platform", "product": "p02", "quantity": "2"}]
        }"#,
        )
        .unwrap()
    }

    #[test]
    fn year_summary_adds_up() {
        let a = accounts();
        let y = a.year_summary(2026, &CostOptions::default()).unwrap();
        // entered: 240 + 100 + 10 + 50 = 400; depreciation 1200 (srv); gov amortisation excluded
        assert_eq!(y.total_permitted.get(), d("1600.00"));
        assert_eq!(y.om_total.get(), d("350.00"));
        assert_eq!(y.category(CostCategory::Amortisation).unwrap().excluded.get(), d("1200.00"));
        let sum: Decimal = y.products.iter().map(|p| p.total.get()).sum();
        assert_eq!(sum + y.unallocated.get(), y.total_permitted.get());
        // pool 240 + 1200 = 1440 → 480 / 960; general 60 by 580 : 960 → 22.59 / 37.40 (+1 cent to the larger remainder)
        let p1 = y.product("p01").unwrap();
        assert_eq!((p1.direct.get(), p1.pools[0].amount.get()), (d("100.00"), d("480.00")));
        assert_eq!(p1.general.get() + y.product("p02").unwrap().general.get(), d("60.00"));
        // gross 3600; average NBV of srv in 2026 = (2400 + 1200)/2; gov excluded
        assert_eq!(y.gross_assets.get(), d("3600.00"));
        assert_eq!(y.effective_assets.get(), d("1800.00"));

        let recoverable =
            CostOptions { grant_depreciation_recoverable: true, exclude_interest: true, working_capital_share: Rate::new(d("0.1")), ..CostOptions::default() };
        let y = a.year_summary(2026, &recoverable).unwrap();
        assert_eq!(y.total_permitted.get(), d("2750.00"));
        assert_eq!(y.product("p02").unwrap().direct.get(), d("1200.00"));
        assert_eq!(y.working_capital.get(), d("35.00"));
        assert_eq!(y.effective_assets.get(), d("1835.00"));
    }

    #[test]
    fn unknown_pools() {
        let mut a = accounts();
        a.ledger.entries[0].pool = Some("nope".into());
        let e = a.validate().unwrap_err();
        assert_eq!((e.code(), e.field()), ("unknown_id", "ledger.entries[0].pool"));
        let mut a = accounts();
        a.assets.0[0].pool = Some("nope".into());
        assert_eq!(a.validate().unwrap_err().field(), "assets[0].pool");
        let mut a = accounts();
        a.drivers.clear();
        let e = a.year_summary(2026, &CostOptions::default()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("missing", "pools[0]"));
    }

    #[test]
    fn general_unallocated_when_asked() {
        let y = accounts().year_summary(2026, &CostOptions { allocate_general: false, ..CostOptions::default() }).unwrap();
        assert_eq!(y.unallocated.get(), d("60.00"));
        let sum: Decimal = y.products.iter().map(|p| p.total.get()).sum();
        assert_eq!(sum + y.unallocated.get(), y.total_permitted.get());
    }
}
