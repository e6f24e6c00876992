//! The cost ledger (成本台账) of the separately accounted operation (单独核算).
//!
//! The operator keeps the costs of the authorized operation apart from its other business.
//! Each [`CostEntry`] is one claimed cost of one year in one [`CostCategory`], charged to a
//! product, a shared pool or the operation as a whole ([`Target`]). The permitted cost
//! (准许成本) of a year is built from the entries in four steps, each reported:
//!
//! 1. **claimed** (申报): the entry's amount;
//! 2. less the **government subsidy** it received (扣除政府补助): `net = amount − subsidy`;
//! 3. less **excluded** entries (不得计入): categories never permitted (other business,
//!    fines, donations), entries marked `permitted = false`, and interest when the return
//!    method already pays for debt (`exclude_interest`);
//! 4. less the excess over a **benchmark cap** (标准上限): a [`CategoryCap`] limits a
//!    category's permitted amount in a year to `share × gross asset value`, the original
//!    cost of the assets in service (grid rules cap repairs at 1.5 % of asset value). The
//!    cap is floored to the cent; the excess is **disallowed** (核减) and taken from the
//!    category's entries in proportion to their net amounts (largest remainder), so the
//!    permitted cost per target still adds up to the permitted total.
//!
//! Depreciation and amortisation are computed from the asset register
//! ([`super::assets`]) and cannot be entered here.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Rate, Rounding};

use super::allocation::{at, at as at_field, split_exact};
use super::category::CostCategory;
use super::cents_form;
use super::month::check_year;
use super::order::{self, first_repeat, Slots};
use super::target::{check_id, Target};

/// The most entries a ledger may hold.
pub const MAX_ENTRIES: usize = 100_000;

/// One claimed cost (成本记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CostEntry {
    /// An optional id (unique in the ledger), used in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The category.
    pub category: CostCategory,
    /// The calendar year the cost belongs to.
    pub year: i32,
    /// The product it is a direct cost of (exclusive with `pool`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The shared pool it belongs to (exclusive with `product`). Neither: general overhead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// The scenario category whose uses it serves (`"public_welfare"`; exclusive with
    /// `product` and `pool`): booked to those uses directly (see [`crate::scope`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_category: Option<crate::catalog::Category>,
    /// The amount claimed (non-negative).
    pub amount: Amount,
    /// Whether it is permitted; absent means the category's default
    /// ([`CostCategory::is_permitted_by_default`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permitted: Option<bool>,
    /// Government subsidy received for this cost (政府补助), netted off; `0 <= subsidy <= amount`.
    #[serde(default)]
    pub subsidy: Amount,
    /// A free-text note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl CostEntry {
    /// The entry's target; both `product` and `pool` is [`Error::Invalid`] at `product`.
    pub fn target(&self) -> Result<Target> {
        self.target_at("")
    }

    fn target_at(&self, at: &str) -> Result<Target> {
        match self.scenario_category {
            None => Target::from_fields(self.product.as_deref(), self.pool.as_deref(), at),
            Some(c) => match (self.product.as_deref(), self.pool.as_deref()) {
                (None, None) => Ok(Target::UseCategory(c)),
                (p, q) => Err(Error::invalid(
                    crate::error::join_path(at, "scenario_category"),
                    c.name(),
                    format!("book a cost to a product, a pool or a scenario category, one of them (also given: {})", p.or(q).unwrap_or_default()),
                )),
            },
        }
    }

    /// `amount − subsidy`.
    pub fn net(&self) -> Result<Amount> {
        money::sub(self.amount.get(), self.subsidy.get(), "net").map(Amount::new)
    }

    /// Check one entry whose path is `at` (`entries[3]`).
    pub fn validate(&self, at: &str) -> Result<()> {
        self.validate_at(&|| at.to_string())
    }

    /// [`Self::validate`] with the entry's path `at()` written only for an error (the chain
    /// checks every entry at every run).
    pub(crate) fn validate_at(&self, at: &dyn Fn() -> String) -> Result<()> {
        let f = |name: &str| format!("{}.{name}", at());
        // Fields are written only for an error (`at`): every entry is checked once per run.
        if let Some(id) = &self.id {
            at_field(check_id(id, ""), || f("id"))?;
        }
        if self.category.is_computed() {
            return Err(Error::invalid(
                f("category"),
                self.category,
                "depreciation and amortisation are computed from the asset register; enter the asset instead",
            ));
        }
        at_field(check_year(self.year, ""), || f("year"))?;
        self.target_at("").map_err(|e| e.within(&at()))?;
        at_field(self.amount.non_negative(""), || f("amount"))?;
        at_field(self.subsidy.non_negative(""), || f("subsidy"))?;
        if self.subsidy > self.amount {
            return Err(Error::out_of_range(f("subsidy"), self.subsidy, format!("<= amount {}", self.amount)));
        }
        if self.permitted == Some(true) && self.category.is_never_permitted() {
            return Err(Error::invalid(f("permitted"), "true", format!("{} ({}) is never a permitted cost", self.category, self.category.chinese())));
        }
        Ok(())
    }

    fn label(&self, index: usize) -> String {
        self.id.clone().unwrap_or_else(|| format!("entries[{index}]"))
    }
}

/// The cost ledger: every claimed cost of the authorized operation, all years.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// The entries.
    #[serde(default)]
    pub entries: Vec<CostEntry>,
}

/// A benchmark cap on a category (成本标准上限): the category's permitted amount in a year
/// is at most `share_of_assets × gross asset value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryCap {
    /// The capped category (an entered one: not depreciation or amortisation).
    pub category: CostCategory,
    /// The share of the gross asset value (`"0.015"` for 1.5 %), non-negative.
    pub share_of_assets: Rate,
}

/// Why an item is left out of the permitted cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// The category is never permitted (other business, fines, donations).
    NonPermittedCategory,
    /// The entry is marked `permitted = false`.
    MarkedNotPermitted,
    /// Interest, excluded because the return method already pays for debt.
    InterestPaidByReturn,
    /// Depreciation of a grant-funded asset (政府投资形成的资产), not recoverable under the profile.
    GrantFundedDepreciation,
    /// Amortisation of public data obtained free under the authorization, not recoverable under
    /// the profile.
    FreeDataAmortisation,
}

/// An entry or asset charge left out of the permitted cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExcludedItem {
    /// The entry id (or `entries[i]`), or the asset id.
    pub source: String,
    /// The category.
    pub category: CostCategory,
    /// What it was charged to.
    pub target: Target,
    /// The amount claimed.
    pub amount: Amount,
    /// The subsidy netted off.
    pub subsidy: Amount,
    /// `amount − subsidy`: what is excluded.
    pub net: Amount,
    /// Why.
    pub reason: ExclusionReason,
}

/// One category of a year: `permitted = claimed − subsidy − excluded − disallowed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CategoryLine {
    /// The category.
    pub category: CostCategory,
    /// Σ amounts claimed.
    pub claimed: Amount,
    /// Σ subsidies netted off.
    pub subsidy: Amount,
    /// Σ net amounts of excluded items.
    pub excluded: Amount,
    /// The excess over the benchmark cap.
    pub disallowed: Amount,
    /// What counts as permitted cost.
    pub permitted: Amount,
}

/// The permitted cost charged to one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TargetLine {
    /// The target.
    pub target: Target,
    /// Its permitted cost.
    pub permitted: Amount,
}

/// The ledger's account of one year (年度成本汇总).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CostSummary {
    /// The year.
    pub year: i32,
    /// Per category with activity in the year, in [`CostCategory::ALL`] order.
    pub by_category: Vec<CategoryLine>,
    /// Per target (products by id, then pools by id, then general).
    pub by_target: Vec<TargetLine>,
    /// Σ permitted.
    pub total_permitted: Amount,
    /// The items left out, in ledger order.
    pub excluded: Vec<ExcludedItem>,
    /// The working papers.
    pub explanations: Vec<Explanation>,
}

impl CostSummary {
    /// The line of `category`, if it had activity.
    pub fn category(&self, category: CostCategory) -> Option<&CategoryLine> {
        self.by_category.iter().find(|l| l.category == category)
    }

    /// The permitted cost charged to `target` (zero if none).
    pub fn permitted_for(&self, target: &Target) -> Amount {
        self.by_target.iter().find(|l| &l.target == target).map_or(Amount::ZERO, |l| l.permitted)
    }
}

/// Check benchmark caps: non-negative shares, one per category, entered categories only.
/// Fields are `category_caps[i]...`.
pub fn validate_caps(caps: &[CategoryCap]) -> Result<()> {
    // Categories seen so far: at most one per category before a repeat returns.
    let mut seen: Vec<CostCategory> = Vec::new();
    for (i, c) in caps.iter().enumerate() {
        let at = format!("category_caps[{i}]");
        if c.category.is_computed() || c.category.is_never_permitted() {
            return Err(Error::invalid(format!("{at}.category"), c.category, "only entered, permitted categories can be capped"));
        }
        if seen.contains(&c.category) {
            return Err(Error::DuplicateId { field: format!("{at}.category"), value: c.category.to_string() });
        }
        seen.push(c.category);
        c.share_of_assets.non_negative(&format!("{at}.share_of_assets"))?;
    }
    Ok(())
}

#[derive(Default)]
struct Tally {
    claimed: Decimal,
    subsidy: Decimal,
    excluded: Decimal,
    active: Vec<(usize, Decimal)>,
}

impl Ledger {
    /// Check every entry (fields `entries[i]...`): amounts non-negative, subsidy at most the
    /// amount, not both product and pool, no computed category, unique ids, bounded size.
    pub fn validate(&self) -> Result<()> {
        if self.entries.len() > MAX_ENTRIES {
            return Err(Error::LimitExceeded { field: "entries".into(), value: self.entries.len().to_string(), max: MAX_ENTRIES.to_string() });
        }
        // (entry, id) of the entries with an id; the first repeated id, as an entry position.
        let ids: Vec<(usize, &str)> = self.entries.iter().enumerate().filter_map(|(i, e)| e.id.as_deref().map(|id| (i, id))).collect();
        let repeat = first_repeat(&ids, |a, b| a.1.cmp(b.1)).and_then(|k| ids.get(k)).map(|e| e.0);
        for (i, e) in self.entries.iter().enumerate() {
            e.validate_at(&|| format!("entries[{i}]"))?;
            if let (Some(id), true) = (&e.id, repeat == Some(i)) {
                return Err(Error::DuplicateId { field: format!("entries[{i}].id"), value: id.clone() });
            }
        }
        Ok(())
    }

    /// The permitted cost of `year`: claimed, subsidy, excluded, disallowed and permitted per
    /// category, permitted per target, and the excluded items with their reasons.
    ///
    /// `exclude_interest` leaves interest out (the return method already pays for debt);
    /// `caps` are benchmark caps applied against `gross_assets` (the original cost of the
    /// assets in service).
    ///
    /// ```
    /// use datafee::costs::{CategoryCap, CostCategory, Ledger};
    /// let ledger: Ledger = datafee::doc::from_json(r#"{"entries": [
    ///   {"category": "personnel", "year": 2026, "product": "p01", "amount": "500.00", "subsidy": "100.00"},
    ///   {"category": "fines", "year": 2026, "amount": "50.00"},
    ///   {"category": "operation_maintenance", "year": 2026, "pool": "platform", "amount": "40.00"}
    /// ]}"#)?;
    /// let caps = [CategoryCap { category: CostCategory::OperationMaintenance, share_of_assets: "0.015".parse()? }];
    /// let s = ledger.summary(2026, false, &caps, "2000.00".parse()?)?;
    /// assert_eq!(s.total_permitted.to_string(), "430.00"); // 400 + min(40, 30)
    /// assert_eq!(s.category(CostCategory::OperationMaintenance).unwrap().disallowed.to_string(), "10.00");
    /// assert_eq!(s.excluded.len(), 1);
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn summary(&self, year: i32, exclude_interest: bool, caps: &[CategoryCap], gross_assets: Amount) -> Result<CostSummary> {
        self.validate()?;
        self.valid_summary(year, exclude_interest, caps, gross_assets)
    }

    /// [`Self::summary`] of a ledger already checked by [`Self::validate`] (the chain checks
    /// the accounts once, then sums every year): the same result, without checking again.
    pub(crate) fn valid_summary(&self, year: i32, exclude_interest: bool, caps: &[CategoryCap], gross_assets: Amount) -> Result<CostSummary> {
        check_year(year, "year")?;
        validate_caps(caps)?;
        gross_assets.non_negative("gross_assets")?;

        // Per category (a handful: a short list, sorted by category below).
        let mut tallies: Vec<(CostCategory, Tally)> = Vec::new();
        let mut excluded = Vec::new();
        for (i, e) in self.entries.iter().enumerate().filter(|(_, e)| e.year == year) {
            // The field is written only for an error (every entry, every year).
            let field = || format!("entries[{i}]");
            let net = e.net()?.get();
            let k = match tallies.iter().position(|t| t.0 == e.category) {
                Some(k) => k,
                None => {
                    tallies.push((e.category, Tally::default()));
                    tallies.len() - 1
                }
            };
            let Some((_, t)) = tallies.get_mut(k) else { continue };
            t.claimed = at(money::add(t.claimed, e.amount.get(), ""), field)?;
            t.subsidy = at(money::add(t.subsidy, e.subsidy.get(), ""), field)?;
            let reason = if e.category.is_never_permitted() {
                Some(ExclusionReason::NonPermittedCategory)
            } else if e.permitted == Some(false) {
                Some(ExclusionReason::MarkedNotPermitted)
            } else if exclude_interest && e.category == CostCategory::Interest {
                Some(ExclusionReason::InterestPaidByReturn)
            } else {
                None
            };
            match reason {
                Some(reason) => {
                    t.excluded = at(money::add(t.excluded, net, ""), field)?;
                    excluded.push(ExcludedItem {
                        source: e.label(i),
                        category: e.category,
                        target: e.target()?,
                        amount: cents_form(e.amount.get()),
                        subsidy: cents_form(e.subsidy.get()),
                        net: cents_form(net),
                        reason,
                    });
                }
                None => t.active.push((i, net)),
            }
        }

        order::sort_stable_by(&mut tallies, |a, b| a.0.cmp(&b.0));
        // The permitted cost per target of the entries counted, read back by target.
        // The targets of the entries counted, category by category, in the order used below.
        let mut counted = Vec::new();
        for (_, t) in &tallies {
            for (i, _) in &t.active {
                counted.push(self.entries.get(*i).map(CostEntry::target).transpose()?.unwrap_or(Target::General));
            }
        }
        let mut by_target: Slots<&Target, Decimal> = Slots::new(counted.iter().collect());
        let mut entry_targets = counted.iter();

        let papers = crate::explain::papers_wanted();
        let mut explanations = Vec::new();
        let mut by_category = Vec::new();
        let mut total = Decimal::ZERO;
        for (category, t) in &tallies {
            let before = money::sum(t.active.iter().map(|a| a.1), "by_category")?;
            let cap = caps.iter().find(|c| c.category == *category);
            let mut disallowed = Decimal::ZERO;
            let mut cuts = vec![Decimal::ZERO; t.active.len()];
            if let Some(cap) = cap {
                let raw = money::mul(cap.share_of_assets.get(), gross_assets.get(), "category_caps")?;
                let limit = Rounding::floor_to(Decimal::new(1, 2)).round(raw)?;
                disallowed = money::sub(before, limit, "category_caps")?.max(Decimal::ZERO);
                explanations.push(if !papers {
                    Explanation::default()
                } else {
                    Explanation::new(
                        format!("costs.{year}.cap.{category}"),
                        format!("Benchmark cap 成本标准上限: {} {}", category, category.chinese()),
                        "cap = floor(share × gross asset value, 0.01); disallowed = max(0, permitted before cap − cap)",
                    )
                    .input("share", cap.share_of_assets)
                    .input("gross asset value", gross_assets)
                    .input("cap", cents_form(limit))
                    .input("permitted before cap", cents_form(before))
                    .result(cents_form(disallowed))
                    .rounding("floor to 0.01")
                });
                if !disallowed.is_zero() {
                    let unit = Decimal::new(1, t.active.iter().map(|a| a.1.normalize().scale()).chain([2, disallowed.normalize().scale()]).max().unwrap_or(2));
                    cuts = split_exact(disallowed, &t.active, unit, || "category_caps".into())?;
                }
            }
            for ((_, net), cut) in t.active.iter().zip(&cuts) {
                let Some(target) = entry_targets.next() else { break };
                let slot = by_target.get_or_insert_with(&target, || Decimal::ZERO, "by_target")?;
                *slot = money::add(*slot, money::sub(*net, *cut, "by_target")?, "by_target")?;
            }
            let permitted = money::sub(before, disallowed, "by_category")?;
            total = money::add(total, permitted, "total_permitted")?;
            let line = CategoryLine {
                category: *category,
                claimed: cents_form(t.claimed),
                subsidy: cents_form(t.subsidy),
                excluded: cents_form(t.excluded),
                disallowed: cents_form(disallowed),
                permitted: cents_form(permitted),
            };
            explanations.push(if papers { category_explanation(year, &line) } else { Explanation::default() });
            by_category.push(line);
        }
        explanations.push(if !papers {
            Explanation::default()
        } else {
            Explanation::new(format!("costs.{year}.ledger_total"), "Permitted entered cost 准许成本(台账)", "Σ permitted over categories")
                .input("categories", by_category.len())
                .result(cents_form(total))
        });
        Ok(CostSummary {
            year,
            by_category,
            by_target: by_target.into_sorted().map(|(target, p)| TargetLine { target: target.clone(), permitted: cents_form(p) }).collect(),
            total_permitted: cents_form(total),
            excluded,
            explanations,
        })
    }
}

/// The working paper of one category line.
pub(crate) fn category_explanation(year: i32, l: &CategoryLine) -> Explanation {
    Explanation::new(
        format!("costs.{year}.category.{}", l.category),
        format!("Permitted cost 准许成本: {} {}", l.category, l.category.chinese()),
        "permitted = claimed − subsidy − excluded − disallowed",
    )
    .input("claimed", l.claimed)
    .input("subsidy (政府补助)", l.subsidy)
    .input("excluded (不得计入)", l.excluded)
    .input("disallowed (核减)", l.disallowed)
    .result(l.permitted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(json: &str) -> Ledger {
        crate::doc::from_json(json).unwrap()
    }

    #[test]
    fn exclusions_and_subsidy() {
        let l = ledger(
            r#"{"entries":[
            {"id":"a","category":"compute","year":2026,"product":"p1","amount":"100.00","subsidy":"30.00"},
            {"id":"b","category":"interest","year":2026,"amount":"20.00"},
            {"id":"c","category":"donations","year":2026,"amount":"5.00"},
            {"id":"d","category":"storage","year":2026,"pool":"x","amount":"8.00","permitted":false},
            {"id":"e","category":"storage","year":2025,"pool":"x","amount":"999.00"}]}"#,
        );
        let s = l.summary(2026, false, &[], Amount::ZERO).unwrap();
        assert_eq!(s.total_permitted.get(), "90.00".parse::<Decimal>().unwrap());
        assert_eq!(s.excluded.iter().map(|x| x.reason).collect::<Vec<_>>(), [ExclusionReason::NonPermittedCategory, ExclusionReason::MarkedNotPermitted]);
        let s = l.summary(2026, true, &[], Amount::ZERO).unwrap();
        assert_eq!(s.total_permitted.get(), "70.00".parse::<Decimal>().unwrap());
        assert_eq!(s.excluded.len(), 3);
        assert_eq!(s.permitted_for(&Target::Product("p1".into())).get(), "70.00".parse::<Decimal>().unwrap());
        let storage = s.category(CostCategory::Storage).unwrap();
        assert_eq!((storage.claimed.get(), storage.excluded.get(), storage.permitted.get()), ("8.00".parse().unwrap(), "8.00".parse().unwrap(), Decimal::ZERO));
    }

    #[test]
    fn caps_are_spread_over_entries() {
        let l = ledger(
            r#"{"entries":[
            {"category":"operation_maintenance","year":2026,"product":"p1","amount":"10.00"},
            {"category":"operation_maintenance","year":2026,"product":"p2","amount":"20.00"}]}"#,
        );
        let caps = [CategoryCap { category: CostCategory::OperationMaintenance, share_of_assets: Rate::new("0.01".parse().unwrap()) }];
        let s = l.summary(2026, false, &caps, Amount::new("1000.00".parse().unwrap())).unwrap();
        // cap 10.00, before 30.00: disallowed 20.00 split 1:2 → 6.67 / 13.33
        assert_eq!(s.total_permitted.get(), "10.00".parse::<Decimal>().unwrap());
        assert_eq!(s.permitted_for(&Target::Product("p1".into())).get(), "3.33".parse::<Decimal>().unwrap());
        assert_eq!(s.permitted_for(&Target::Product("p2".into())).get(), "6.67".parse::<Decimal>().unwrap());
    }

    #[test]
    fn validation_fields() {
        let cases = [
            (r#"{"category":"compute","year":2026,"amount":"-1"}"#, "out_of_range", "entries[0].amount"),
            (r#"{"category":"compute","year":2026,"amount":"1","subsidy":"2"}"#, "out_of_range", "entries[0].subsidy"),
            (r#"{"category":"compute","year":2026,"amount":"1","product":"p","pool":"x"}"#, "invalid", "entries[0].product"),
            (r#"{"category":"depreciation","year":2026,"amount":"1"}"#, "invalid", "entries[0].category"),
            (r#"{"category":"fines","year":2026,"amount":"1","permitted":true}"#, "invalid", "entries[0].permitted"),
            (r#"{"category":"compute","year":1800,"amount":"1"}"#, "out_of_range", "entries[0].year"),
        ];
        for (entry, code, field) in cases {
            let e = ledger(&format!(r#"{{"entries":[{entry}]}}"#)).validate().unwrap_err();
            assert_eq!((e.code(), e.field()), (code, field), "{entry}");
        }
        let dup = ledger(r#"{"entries":[{"id":"a","category":"compute","year":2026,"amount":"1"},{"id":"a","category":"compute","year":2026,"amount":"1"}]}"#);
        assert_eq!(dup.validate().unwrap_err().field(), "entries[1].id");
        let caps = [CategoryCap { category: CostCategory::Depreciation, share_of_assets: Rate::ZERO }];
        assert_eq!(validate_caps(&caps).unwrap_err().field(), "category_caps[0].category");
    }
}
