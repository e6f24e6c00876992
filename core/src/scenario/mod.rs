//! The scenario document (测算方案) and the whole pricing chain (定价程序) run on it.
//!
//! A [`ScenarioDoc`] holds everything a regulator models in one file (JSON or TOML, decimals
//! as strings): the policy profile, the catalog, the separate cost accounts, volume
//! forecasts, optional spreading weights, the operator's actual fee schedules and the prior
//! period's revenue for the claw-back. [`run`] computes the chain:
//!
//! 1. cost accounts → each year's permitted cost, effective assets and product costs;
//! 2. maximum permitted revenue per year ([`crate::mpr`]);
//! 3. caps per (product, scenario) per year ([`crate::caps`]);
//! 4. a compliance verdict for every actual fee against its cap ([`crate::schedule`]).
//!
//! The [`ChainResult`] carries every figure with its explanation; [`ChainResult::working_paper`]
//! collects them for printing.

pub mod ops;
pub mod whatif;

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::caps::{caps_for_years, CapLine, CapsPeriod, CapsYear, Forecast, PairWeight, YearUses};
use crate::catalog::{Catalog, Category};
use crate::costs::{CostAccounts, CostOptions, YearCosts};
use crate::error::{Error, Result, ResultExt};
use crate::explain::{Explanation, WorkingPaper};
use crate::money::{Amount, Quantity, UnitPrice};
use crate::mpr::{mpr_period, CostBasis, MprPeriod, PriorYear, Stage};
use crate::profile::{CapBasis, CapTest, FreeCostRecovery, Policy};
use crate::schedule::{Schedule, Verdict};
use crate::scope::{ScopeInputs, ScopeYear, UseKey};

/// Input VAT (进项税额) of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct YearAmount {
    /// The year.
    pub year: i32,
    /// The amount.
    pub amount: Amount,
}

/// An actual fee (具体收费标准) the operator publishes for a (product, scenario).
#[derive(Debug, Clone, PartialEq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// Product id.
    pub product: String,
    /// Scenario id (a chargeable one).
    pub scenario: String,
    /// Effective date `YYYY-MM-DD`; its year picks the cap checked against.
    pub effective: String,
    /// The schedule.
    pub schedule: Schedule,
}

impl Fee {
    /// The year of the effective date.
    pub fn year(&self, field: &str) -> Result<i32> {
        self.year_at(&|| field.to_string())
    }

    /// [`Self::year`] with the fee's field path written only for an error (the chain reads
    /// every fee's year at every run).
    pub(crate) fn year_at(&self, field: &dyn Fn() -> String) -> Result<i32> {
        let bad = || Error::invalid(format!("{}.effective", field()), &self.effective, "expected a date YYYY-MM-DD");
        let b = self.effective.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        // The crate's one date type: a day that does not exist (2026-02-31) is refused here as
        // the rater refuses it.
        // (Its error is replaced by `bad()`: no field to write for it.)
        let date = crate::date::Date::parse(&self.effective, "").map_err(|_| bad())?;
        Ok(date.ymd().0)
    }
}

/// Everything one pricing exercise needs.
#[derive(Debug, Clone, PartialEq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ScenarioDocument"))]
#[serde(deny_unknown_fields)]
pub struct ScenarioDoc {
    /// A name for the exercise.
    pub name: String,
    /// A remark (e.g. "figures illustrative").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Formal (from audited actuals) or trial (试行, from budgets).
    #[serde(default)]
    pub stage: Stage,
    /// The first year of the pricing period.
    pub first_year: i32,
    /// The policy profile (defaults: the national profile).
    #[serde(default)]
    pub profile: Policy,
    /// Parties, scenarios, products.
    pub catalog: Catalog,
    /// Separate cost accounts.
    pub costs: CostAccounts,
    /// Deductible input VAT per year (default zero).
    #[serde(default)]
    pub input_vat: Vec<YearAmount>,
    /// Volume forecasts.
    pub forecasts: Vec<Forecast>,
    /// Explicit spreading weights (optional; default: allocated cost).
    #[serde(default)]
    pub weights: Vec<PairWeight>,
    /// Explicit keys splitting products' cost between their free and chargeable uses
    /// (optional; default: forecast volume, see [`crate::scope`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub use_keys: Vec<UseKey>,
    /// Actual fee schedules.
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// The prior period's MPR and actual revenue, for the claw-back.
    #[serde(default)]
    pub prior_period: Vec<PriorYear>,
}

/// One year's check of an actual fee against that year's cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearCheck {
    /// The cap year.
    pub year: i32,
    /// The cap (as quoted) of that year.
    pub cap: UnitPrice,
    /// Whether the fee complies with it.
    pub compliant: bool,
    /// The smallest breaking quantity, when it does not.
    pub first_breach: Option<crate::schedule::Breach>,
}

/// The compliance verdict of one actual fee, for every year of the period it is in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeeVerdict {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// Effective date.
    pub effective: String,
    /// The deciding year: the first year it breaks its cap, else its first year in force.
    pub year: i32,
    /// The schedule in words.
    pub description: String,
    /// The cap of the deciding year (as quoted).
    pub cap: UnitPrice,
    /// The verdict of the deciding year (compliant, smallest breaking quantity, explanation).
    pub verdict: Verdict,
    /// Every year of the period the fee is in force (until a later fee for the same pair takes over).
    pub checks: Vec<YearCheck>,
}

/// The whole chain: MPR, caps and fee verdicts, with explanations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChainResult {
    /// The exercise's name.
    pub name: String,
    /// Formal or trial.
    pub stage: Stage,
    /// The profile's name.
    pub profile: String,
    /// The profile's values with their sources (政策参数及其依据).
    #[cfg_attr(not(feature = "schema"), serde(skip_serializing_if = "crate::explain::left_out_of_figures"))]
    pub profile_paper: Explanation,
    /// The cap test applied to the actual fees.
    pub cap_test: CapTest,
    /// Cost accounts per year.
    #[cfg_attr(not(feature = "schema"), serde(skip_serializing_if = "crate::explain::left_out_of_figures"))]
    pub costs: Vec<YearCosts>,
    /// The free/chargeable split of each year (收费范围, 公益服务成本).
    pub scope: Vec<ScopeYear>,
    /// MPR per year.
    pub mpr: MprPeriod,
    /// Caps per year.
    pub caps: Vec<CapsYear>,
    /// The caps' basis (levelled over the period or per year) and the period's totals.
    pub caps_period: CapsPeriod,
    /// Verdict per actual fee.
    pub fees: Vec<FeeVerdict>,
}

impl ScenarioDoc {
    /// Read a scenario from JSON.
    pub fn from_json(text: &str) -> Result<Self> {
        Self::from_value(crate::doc::from_json(text)?)
    }

    /// Read a scenario from TOML (feature `toml`).
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Self> {
        Self::from_value(crate::doc::from_toml(text)?)
    }

    /// Read a scenario from a JSON value, resolving a profile `template` first
    /// ([`Policy::template`]).
    pub fn from_value(mut value: serde_json::Value) -> Result<Self> {
        Policy::resolve_in_document(&mut value)?;
        crate::doc::from_value(value)
    }

    /// Cost options derived from the profile.
    pub fn cost_options(&self) -> CostOptions {
        let p = &self.profile;
        CostOptions {
            exclude_interest: p.profit.pays_for_debt(),
            grant_depreciation_recoverable: p.grant_depreciation_recoverable,
            free_data_amortisation_recoverable: p.free_data_amortisation_recoverable,
            category_caps: p.category_caps.clone(),
            depreciation_start: p.depreciation_start,
            asset_balance: p.asset_balance,
            working_capital_share: p.working_capital_share,
            allocate_general: true,
        }
    }

    /// The years of the pricing period.
    pub fn years(&self) -> Vec<i32> {
        (0..self.profile.period_years as i32).map(|i| self.first_year + i).collect()
    }

    /// Every product named in the cost accounts must be in the catalog.
    fn check_cost_products(&self) -> Result<()> {
        let known = |id: &str| self.catalog.product(id).is_some();
        for (i, e) in self.costs.ledger.entries.iter().enumerate() {
            if let Some(p) = e.product.as_deref().filter(|p| !known(p)) {
                return Err(Error::unknown(format!("costs.ledger.entries[{i}].product"), p));
            }
        }
        for (i, a) in self.costs.assets.0.iter().enumerate() {
            if let Some(p) = a.product.as_deref().filter(|p| !known(p)) {
                return Err(Error::unknown(format!("costs.assets[{i}].product"), p));
            }
        }
        for (i, d) in self.costs.drivers.iter().enumerate() {
            if !known(&d.product) {
                return Err(Error::unknown(format!("costs.drivers[{i}].product"), &d.product));
            }
        }
        Ok(())
    }

    /// The chain's size: cap lines = uses (product × scenario pairs the catalog offers) × years
    /// of the period, the dimension every chain step (costs, scope, caps, compliance) and the
    /// result grow with. At most [`MAX_CHAIN_LINES`].
    pub fn chain_lines(&self) -> usize {
        let uses: usize = self.catalog.products.iter().map(|p| p.scenarios.len()).sum();
        uses.saturating_mul(self.profile.period_years as usize)
    }

    /// Refuse a scenario past [`MAX_CHAIN_LINES`] (`limit_exceeded` on `catalog.products`,
    /// the value the scenario's cap lines), before anything else is checked or built.
    pub fn check_size(&self) -> Result<()> {
        let lines = self.chain_lines();
        if lines > MAX_CHAIN_LINES {
            return Err(Error::LimitExceeded {
                field: "catalog.products".into(),
                value: lines.to_string(),
                max: format!("{MAX_CHAIN_LINES} cap lines (product × scenario uses × years of the period) for one chain"),
            });
        }
        Ok(())
    }

    /// Validate the document without computing the chain: each section and the references
    /// across them, and everything the chain reads beyond them (forecasts and their volumes,
    /// explicit weights, the prior period, input VAT, a fee date repeated for a pair), so that
    /// it refuses what [`run`] refuses with the same error ([`run`] calls it first).
    pub fn validate(&self) -> Result<()> {
        self.validate_with(false)
    }

    /// [`Self::validate`], the cost accounts' own check (`costs.validate()`, a function of the
    /// accounts alone) left out when `costs_valid` says it passed on these accounts before.
    fn validate_with(&self, costs_valid: bool) -> Result<()> {
        self.check_size()?;
        self.profile.validate().within("profile")?;
        self.catalog.validate().within("catalog")?;
        crate::costs::month::check_year(self.first_year, "first_year")?;
        if !costs_valid {
            self.costs.validate().within("costs")?;
        }
        self.check_cost_products()?;
        crate::scope::validate_keys(&self.catalog, &self.use_keys)?;
        // Each (product, scenario, effective date) once, as the tariff has it (`chain.tariff`
        // refused a repeat while the chain checked both fees against the same caps).
        // (The map's type is the chain's index of fees by pair: no second map type in the module.)
        let mut fee_dates: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, f) in self.fees.iter().enumerate() {
            // The field is written only for an error (every fee, every run).
            let field = || format!("fees[{i}]");
            let scenario = self.catalog.scenario(&f.scenario).ok_or_else(|| Error::unknown(format!("{}.scenario", field()), &f.scenario))?;
            if self.catalog.product(&f.product).is_none() {
                return Err(Error::unknown(format!("{}.product", field()), &f.product));
            }
            if !self.catalog.offers(&f.product, &f.scenario) {
                return Err(Error::invalid(format!("{}.scenario", field()), &f.scenario, format!("product {} is not offered in this scenario", f.product)));
            }
            if !scenario.category.is_chargeable() {
                return Err(Error::FreeScenarioCharged { field: field(), value: format!("{}/{}", f.product, f.scenario) });
            }
            f.schedule.validate().map_err(|e| e.within(&format!("{}.schedule", field())))?;
            f.year_at(&field)?;
            // The date is checked above (`YYYY-MM-DD`, a day that exists): one date, one text.
            let same_pair = fee_dates.entry((f.product.as_str(), f.scenario.as_str())).or_default();
            if let Some(&j) = same_pair.iter().find(|&&j| self.fees[j].effective == f.effective) {
                return Err(Error::DuplicateId {
                    field: format!("{}.effective", field()),
                    value: format!("{}/{} from {} (also fees[{j}])", f.product, f.scenario, f.effective),
                });
            }
            same_pair.push(i);
        }
        // The rest of what the chain reads, in the order it reads it, so that `chain.validate`
        // refuses what `chain.run` refuses (with the same error) without computing the chain.
        let volumes = self.chargeable_volumes()?;
        crate::mpr::Clawback::check_prior(&self.prior_period, self.first_year)?;
        self.check_input_vat()?;
        let explicit = crate::caps::explicit_weights(&self.catalog, &self.weights)?;
        // The caps' checks of each chargeable use (a zero volume, then a weight left out), on
        // the volume they spread over: the period's sum when levelled, else each year's.
        let n = volumes.uses.len();
        let levelled = self.profile.cap_basis == CapBasis::Period;
        let years = if levelled { 1 } else { self.profile.period_years as usize };
        for y in 0..years {
            for (k, &(product, scenario)) in volumes.uses.iter().enumerate() {
                let mut volume = volumes.by_year[y * n + k];
                if levelled {
                    for later in 1..self.profile.period_years as usize {
                        volume = crate::money::add(volume, volumes.by_year[later * n + k], "forecasts")?;
                    }
                }
                if volume.is_zero() {
                    return Err(crate::caps::zero_volume(product, scenario));
                }
                if !explicit.is_empty() && !explicit.contains_key(&(product, scenario)) {
                    return Err(crate::caps::missing_weight(product, scenario));
                }
            }
        }
        Ok(())
    }

    /// The forecasts checked as the chain reads them, year after year of the period
    /// ([`crate::caps::VolumesByYear`]: the same first error), and the forecast volume of each
    /// chargeable use in each year.
    fn chargeable_volumes(&self) -> Result<UseVolumes<'_>> {
        let mut uses = Vec::new();
        for p in &self.catalog.products {
            for s in &p.scenarios {
                if self.catalog.scenario(s).is_some_and(|s| s.category.is_chargeable()) {
                    uses.push((p.id.as_str(), s.as_str()));
                }
            }
        }
        let mut reader = crate::caps::VolumesByYear::new(&self.catalog, &self.forecasts);
        let mut by_year = Vec::new();
        for y in self.years() {
            let vols = reader.for_year(y)?;
            for &(p, s) in &uses {
                by_year.push(vols.get(&(p.to_string(), s.to_string())).copied().unwrap_or_default());
            }
        }
        Ok(UseVolumes { uses, by_year })
    }

    /// Each year's deductible input VAT: not negative (`input_vat[i].amount`), a year of the
    /// pricing period and each year once (`input_vat[i].year`; DESIGN.md "Input VAT").
    fn check_input_vat(&self) -> Result<()> {
        let last = self.first_year + self.profile.period_years as i32 - 1;
        let mut seen = std::collections::HashSet::new();
        for (i, v) in self.input_vat.iter().enumerate() {
            v.amount.non_negative(&format!("input_vat[{i}].amount"))?;
            if v.year < self.first_year || v.year > last {
                return Err(Error::out_of_range(format!("input_vat[{i}].year"), v.year, format!("a year of the pricing period {}-{last}", self.first_year)));
            }
            if !seen.insert(v.year) {
                return Err(Error::DuplicateId { field: format!("input_vat[{i}].year"), value: v.year.to_string() });
            }
        }
        Ok(())
    }
}

/// The chargeable uses of a scenario (catalog order) and their forecast volume in each year of
/// the period (`by_year[year × uses + use]`), for the validation's checks of the caps' inputs.
struct UseVolumes<'a> {
    uses: Vec<(&'a str, &'a str)>,
    by_year: Vec<Decimal>,
}

/// The most cap lines (uses × years: every product × scenario pair the catalog offers, in
/// each year of the period) one chain computes: 120,000, e.g. 20,000 products offered in two
/// scenarios over three years, or 12,000 uses over the longest period of ten years (issue 15
/// item 5). The chain's work and its result are linear in the lines: about 9 µs of CPU per
/// line in native code, 15 µs through Python's `call_json` and 28 µs through Node's
/// WebAssembly (`chain.figures`, 600,000 lines: 5.3 s, 8.8 s and 16.5 s), so a chain at this
/// limit stays within the resource bound of 10 s and 2 GB in either binding with room for a
/// loaded machine. Real catalogs are far below it (the bundled 六安 catalog lists 27 products; DESIGN.md "Limits
/// and work budgets").
pub const MAX_CHAIN_LINES: usize = 120_000;

/// Run the whole chain on a scenario.
///
/// ```no_run
/// let text = std::fs::read_to_string("examples/city/scenario.toml")?;
/// let doc = datafee::scenario::ScenarioDoc::from_toml(&text)?;
/// let result = datafee::scenario::run(&doc)?;
/// println!("MPR {}: {}", result.mpr.years[0].year, result.mpr.years[0].mpr);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(doc: &ScenarioDoc) -> Result<ChainResult> {
    run_with(doc, None)
}

/// What one scenario's cost accounts gave in earlier runs, for runs on scenarios with the same
/// accounts (`doc.costs`), or with accounts that differ only in some years' ledger entries: the
/// fee calculator's what-ifs ([`whatif`]) change the profit rate or a forecast far more often
/// than the accounts, and a ledger edit changes one entry of one year. Each year's accounts
/// ([`YearCosts`]) are a function of the accounts, the year, the cost options drawn from the
/// profile ([`ScenarioDoc::cost_options`]) and whether working papers are written, nothing else
/// — of the accounts, only the assets, the pools, the drivers and the ledger entries of that
/// year at their places ([`CostAccounts::years_with_same_inputs`]); the accounts' own check
/// ([`CostAccounts::validate`]) of the accounts alone. So a run that finds the years it needs
/// under the same options and paper switch takes them instead of computing them again (the
/// same values: the same function of the same arguments), and a run whose accounts passed their
/// check skips it. The holder of a memo keeps it with the one set of accounts it was made for
/// ([`whatif`]: the original scenario's); a run on other accounts says which years have the
/// same inputs ([`CostsMemo::only_years`]): it takes only those, checks its accounts in full,
/// and gives back only those years (computed from the same inputs, so they are the memo's
/// accounts' years too).
#[derive(Debug, Default)]
pub(crate) struct CostsMemo {
    /// The options and the paper switch the years were computed under.
    key: Option<(CostOptions, bool)>,
    /// The years of the memo's accounts, by position in the period (each taken out while a run
    /// has it; `None` where the memo does not hold it).
    years: Vec<Option<YearCosts>>,
    /// The accounts passed [`CostAccounts::validate`].
    valid: bool,
    /// For the next run, on accounts that are not the memo's: the years whose inputs are the
    /// same in both ([`CostsMemo::only_years`]); `None`: the run's accounts are the memo's.
    only: Option<Vec<i32>>,
}

impl CostsMemo {
    /// Say whose accounts the next run has: the memo's (`None`), or others with the same inputs
    /// as the memo's in the years `Some(only)` ([`CostAccounts::years_with_same_inputs`]); then the run
    /// takes and gives back only those years and checks its accounts in full.
    pub(crate) fn only_years(&mut self, only: Option<Vec<i32>>) {
        self.only = only;
    }

    /// Whether the run's accounts are the memo's and passed their check.
    fn accounts_valid(&self) -> bool {
        self.valid && self.only.is_none()
    }

    /// Year `y` (at position `i` of the period) computed under `opts` and the current paper
    /// switch, taken out of the memo; `None` when it does not hold it (or, on other accounts,
    /// `y`'s inputs differ).
    fn take(&mut self, i: usize, y: i32, opts: &CostOptions) -> Option<YearCosts> {
        if self.only.as_ref().is_some_and(|o| !o.contains(&y)) {
            return None;
        }
        let papers = crate::explain::papers_wanted();
        match (&self.key, self.years.get_mut(i)) {
            (Some((o, p)), Some(slot)) if o == opts && *p == papers && slot.as_ref().is_some_and(|yc| yc.year == y) => slot.take(),
            _ => None,
        }
    }

    /// Keep `years`, computed under `opts` and the current paper switch (a run's `costs`): all
    /// of them after a run on the memo's accounts; after a run on other accounts, those whose
    /// inputs are the same (the memo's accounts' years too), beside the years it holds under
    /// the same options and switch.
    pub(crate) fn keep(&mut self, opts: CostOptions, years: Vec<YearCosts>) {
        let key = (opts, crate::explain::papers_wanted());
        match self.only.take() {
            None => {
                self.key = Some(key);
                self.years = years.into_iter().map(Some).collect();
            }
            Some(only) => {
                if self.key.as_ref() != Some(&key) {
                    self.key = Some(key);
                    self.years.clear();
                }
                for (i, yc) in years.into_iter().enumerate() {
                    if only.contains(&yc.year) {
                        if self.years.len() <= i {
                            self.years.resize_with(i + 1, || None);
                        }
                        if let Some(slot) = self.years.get_mut(i) {
                            *slot = Some(yc);
                        }
                    }
                }
            }
        }
    }
}

/// [`run`], with the cost accounts' years and check taken from `memo` where it holds them (see
/// [`CostsMemo`]; the caller gives back the result's `costs` with [`CostsMemo::keep`]).
pub(crate) fn run_with(doc: &ScenarioDoc, mut memo: Option<&mut CostsMemo>) -> Result<ChainResult> {
    doc.validate_with(memo.as_ref().is_some_and(|m| m.accounts_valid()))?;
    if let Some(m) = memo.as_deref_mut().filter(|m| m.only.is_none()) {
        m.valid = true;
    }
    let opts = doc.cost_options();
    let years = doc.years();
    let policy = &doc.profile;
    let mut costs = Vec::with_capacity(years.len());
    let mut scopes = Vec::with_capacity(years.len());
    let mut bases = Vec::with_capacity(years.len());
    // The forecasts checked once, with the first year (the same first error).
    let mut volumes = crate::caps::VolumesByYear::new(&doc.catalog, &doc.forecasts);
    for (i, &y) in years.iter().enumerate() {
        // `doc.validate()` above checked the accounts (`costs.validate()`): not again per year.
        let yc = match memo.as_deref_mut().and_then(|m| m.take(i, y, &opts)) {
            Some(yc) => yc,
            None => doc.costs.valid_year_summary(y, &opts).within("costs")?,
        };
        let vols = volumes.for_year(y)?;
        let scope = crate::scope::split_costs(&ScopeInputs {
            catalog: &doc.catalog,
            policy,
            accounts: &doc.costs,
            costs: &yc,
            volumes: &vols,
            keys: &doc.use_keys,
            balance: opts.asset_balance,
            start: opts.depreciation_start,
        })?;
        let input_vat = doc.input_vat.iter().find(|v| v.year == y).map_or(Amount::ZERO, |v| v.amount);
        let (permitted_cost, effective_assets) = match policy.free_cost_recovery {
            FreeCostRecovery::ChargeableOnly => (scope.chargeable_cost, scope.chargeable_assets),
            FreeCostRecovery::FromPaid | FreeCostRecovery::BudgetFunded => (yc.total_permitted, yc.effective_assets),
        };
        bases.push(CostBasis { year: y, permitted_cost, effective_assets, input_vat });
        costs.push(yc);
        scopes.push(scope);
    }
    let mut mpr = mpr_period(&bases, &doc.prior_period, policy, doc.stage)?;
    for (m, s) in mpr.years.iter_mut().zip(&scopes) {
        m.free_use_cost = s.free_cost;
        // The note is paper text: not formatted when papers are not written.
        if let Some(e) = m.explanations.first_mut().filter(|_| crate::explain::papers_wanted()) {
            let note = match policy.free_cost_recovery {
                FreeCostRecovery::ChargeableOnly => format!(
                    "C is the chargeable share of the permitted cost {} (scope.{}); the cost of free public services (公益服务成本) {} is not in the MPR",
                    s.total_cost, s.year, s.free_cost
                ),
                FreeCostRecovery::FromPaid => {
                    format!("CROSS-SUBSIDY: C includes the free uses' cost {} (free_cost_recovery = from_paid), recovered from paying users", s.free_cost)
                }
                FreeCostRecovery::BudgetFunded => {
                    format!("legacy budget_funded: C includes the free uses' cost {}; the caps take it out of the requirement", s.free_cost)
                }
            };
            *e = e.clone().note(note);
        }
    }
    let year_uses: Vec<YearUses> = mpr.years.iter().zip(&scopes).map(|(m, s)| YearUses { year: m.year, mpr: m.mpr, uses: &s.uses }).collect();
    let (caps, caps_period) = caps_for_years(&doc.catalog, policy, &year_uses, &doc.weights, policy.cap_basis)?;
    let records_wanted = crate::lean::records_wanted();
    let mut fees = Vec::with_capacity(if records_wanted { doc.fees.len() } else { 0 });
    let last_year = doc.first_year + doc.profile.period_years as i32 - 1;
    // Indexes built once (issue 15 item 5: a search per fee made a large catalog quadratic):
    // the fees of each (product, scenario) and each year's cap line of each pair.
    let mut fees_of_pair: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (j, g) in doc.fees.iter().enumerate() {
        fees_of_pair.entry((g.product.as_str(), g.scenario.as_str())).or_default().push(j);
    }
    type LineIndex<'a> = HashMap<(&'a str, &'a str), &'a CapLine>;
    let lines_of_year: Vec<(i32, LineIndex)> =
        caps.iter().map(|c| (c.year, c.lines.iter().map(|l| ((l.product.as_str(), l.scenario.as_str()), l)).collect())).collect();
    for (i, f) in doc.fees.iter().enumerate() {
        // The field is written only for an error (every fee, every run).
        let field = || format!("fees[{i}]");
        let from = f.year_at(&field)?.clamp(doc.first_year, last_year);
        // In force until the next fee for the same pair takes effect (a fee taking effect on 1 January replaces it for that year).
        let mut until = last_year;
        for &j in fees_of_pair.get(&(f.product.as_str(), f.scenario.as_str())).map_or(&[][..], Vec::as_slice) {
            let g = &doc.fees[j];
            if j != i && g.effective > f.effective {
                let gy = g.year_at(&|| format!("fees[{j}]"))?;
                let replaced_from = if g.effective.ends_with("-01-01") { gy - 1 } else { gy };
                until = until.min(replaced_from.max(from));
            }
        }
        let step = doc.catalog.product(&f.product).map_or(Quantity::new(Decimal::ONE), |p| p.step);
        let mut checks = Vec::with_capacity(if records_wanted { (until - from + 1).max(0) as usize } else { 0 });
        let mut deciding: Option<(i32, UnitPrice, Verdict)> = None;
        for year in from..=until {
            let (_, lines) = lines_of_year
                .iter()
                .find(|(y, _)| *y == year)
                .ok_or_else(|| Error::invalid(format!("{}.effective", field()), &f.effective, "outside the pricing period"))?;
            let line =
                *lines.get(&(f.product.as_str(), f.scenario.as_str())).ok_or_else(|| Error::unknown(field(), format!("{}/{}", f.product, f.scenario)))?;
            let cap = line.cap_quoted.ok_or_else(|| Error::FreeScenarioCharged { field: field(), value: format!("{}/{}", f.product, f.scenario) })?;
            // The error's field path is written only on error (this runs for every fee and year).
            let verdict = f.schedule.compliance_with(cap, step, policy.cap_test).map_err(|e| e.within(&format!("{}.schedule", field())))?;
            if records_wanted {
                checks.push(YearCheck { year, cap, compliant: verdict.compliant, first_breach: verdict.first_breach.clone() });
            }
            let replace = match &deciding {
                None => true,
                Some((_, _, v)) => v.compliant && !verdict.compliant,
            };
            if replace {
                deciding = Some((year, cap, verdict));
            }
        }
        let (year, cap, verdict) =
            deciding.ok_or_else(|| Error::invalid(format!("{}.effective", field()), &f.effective, "not in force in any year of the period"))?;
        // `chain.summary` drops the verdicts: checked above, not kept.
        if !records_wanted {
            continue;
        }
        fees.push(FeeVerdict {
            product: f.product.clone(),
            scenario: f.scenario.clone(),
            effective: f.effective.clone(),
            year,
            description: f.schedule.describe(),
            cap,
            verdict,
            checks,
        });
    }
    Ok(ChainResult {
        name: doc.name.clone(),
        stage: doc.stage,
        profile: doc.profile.name.clone(),
        // Paper text only (an empty paper without papers: each of its inputs was formatted and dropped).
        profile_paper: if crate::explain::papers_wanted() { doc.profile.explanation() } else { Explanation::default() },
        cap_test: policy.cap_test,
        costs,
        scope: scopes,
        mpr,
        caps,
        caps_period,
        fees,
    })
}

impl ChainResult {
    /// The caps of a year.
    pub fn caps_for(&self, year: i32) -> Option<&CapsYear> {
        self.caps.iter().find(|c| c.year == year)
    }

    /// Find an explanation anywhere in the result by id (`"mpr.2026.surcharges"`, `"cap.2026.p01/finance"`).
    pub fn explanation(&self, id: &str) -> Option<&Explanation> {
        self.all_explanations().find(|e| e.id == id)
    }

    fn all_explanations(&self) -> impl Iterator<Item = &Explanation> {
        let profile = std::iter::once(&self.profile_paper);
        let costs = self.costs.iter().flat_map(|c| c.explanations.iter());
        let scope = self.scope.iter().map(|s| &s.explanation);
        let mpr = std::iter::once(&self.mpr.clawback.explanation).chain(self.mpr.years.iter().flat_map(|y| y.explanations.iter()));
        let caps = self.caps.iter().flat_map(|c| std::iter::once(&c.explanation).chain(c.lines.iter().map(|l| &l.explanation)));
        let period = std::iter::once(&self.caps_period.explanation);
        let fees = self.fees.iter().map(|f| &f.verdict.explanation);
        profile.chain(costs).chain(scope).chain(mpr).chain(caps).chain(period).chain(fees)
    }

    /// The working paper (底稿) of the whole chain, or of the explanations whose id starts with `prefix`.
    pub fn working_paper(&self, prefix: &str) -> WorkingPaper {
        let title = if prefix.is_empty() { format!("Working paper: {}", self.name) } else { format!("Working paper: {prefix}") };
        let mut wp = WorkingPaper::new(title);
        wp.items = self.all_explanations().filter(|e| e.id.starts_with(prefix)).cloned().collect();
        wp
    }

    /// The working paper behind one cap: the year's MPR blocks, the requirement and the cap.
    pub fn cap_working_paper(&self, year: i32, product: &str, scenario: &str) -> Option<WorkingPaper> {
        let caps = self.caps_for(year)?;
        let line = caps.line(product, scenario)?;
        let mut wp = WorkingPaper::new(format!("Working paper: cap of {product} in {scenario}, {year} (上限收费标准底稿)"));
        wp.items.push(self.profile_paper.clone());
        if let Some(s) = self.scope.iter().find(|s| s.year == year) {
            wp.items.push(s.explanation.clone());
        }
        if let Some(m) = self.mpr.years.iter().find(|m| m.year == year) {
            wp.items.extend(m.explanations.iter().cloned());
        }
        wp.items.push(caps.explanation.clone());
        wp.items.push(self.caps_period.explanation.clone());
        wp.items.push(line.explanation.clone());
        Some(wp)
    }

    /// Whether a category is free, for display.
    pub fn is_free(category: Category) -> bool {
        !category.is_chargeable()
    }
}

/// A fee the operator may not publish for a billing year, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WithheldFee {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// Effective date.
    pub effective: String,
    /// Why it is withheld (the cap it breaks and the smallest quantity).
    pub reason: String,
}

/// The tariff (收费标准表) of one billing year, ready for rating, and the fees withheld from it.
#[derive(Debug, Clone, PartialEq)]
pub struct YearTariff {
    /// The tariff: fees in force during the year, each with that year's cap.
    pub tariff: crate::rating::Tariff,
    /// Fees in force during the year that break that year's cap: not published, so uses of
    /// those (product, scenario) pairs are rejected as having no fee in force.
    pub withheld: Vec<WithheldFee>,
}

/// Build the tariff of billing year `year` from a scenario and its chain: every fee in force at
/// some time during the year (the one in force on 1 January and any taking effect later), each
/// with the year's cap (as quoted). A fee that breaks that cap is withheld and listed, never
/// published: [`crate::rating::Tariff`] refuses a non-compliant fee.
pub fn tariff_for_year(doc: &ScenarioDoc, chain: &ChainResult, year: i32) -> Result<YearTariff> {
    let caps = chain.caps_for(year).ok_or_else(|| Error::out_of_range("year", year, "a year of the pricing period"))?;
    let start = format!("{year:04}-01-01");
    let end = format!("{:04}-01-01", year + 1);
    let mut fees = Vec::new();
    let mut withheld = Vec::new();
    for (i, f) in doc.fees.iter().enumerate() {
        let superseded = doc.fees.iter().any(|g| g.product == f.product && g.scenario == f.scenario && g.effective > f.effective && g.effective <= start);
        if superseded || f.effective >= end {
            continue;
        }
        let line = caps.line(&f.product, &f.scenario).ok_or_else(|| Error::unknown(format!("fees[{i}]"), format!("{}/{}", f.product, f.scenario)))?;
        let cap = line.cap_quoted.ok_or_else(|| Error::FreeScenarioCharged { field: format!("fees[{i}]"), value: format!("{}/{}", f.product, f.scenario) })?;
        let step = doc.catalog.product(&f.product).map_or(Quantity::new(Decimal::ONE), |p| p.step);
        let verdict = f.schedule.compliance_with(cap, step, doc.profile.cap_test).within(&format!("fees[{i}].schedule"))?;
        if !verdict.compliant {
            let reason = match (&verdict.price_breach, &verdict.first_breach) {
                (Some(p), _) => format!("breaks the {year} cap {cap} (strict test): {} = {} > {cap}", p.field, p.unit_price),
                (None, Some(b)) => format!("breaks the {year} cap {cap} at q = {}: charge {} > {}", b.quantity, b.charge, b.cap_times_quantity),
                (None, None) => format!("breaks the {year} cap {cap}"),
            };
            withheld.push(WithheldFee { product: f.product.clone(), scenario: f.scenario.clone(), effective: f.effective.clone(), reason });
            continue;
        }
        fees.push(crate::rating::PublishedFee {
            product: f.product.clone(),
            scenario: f.scenario.clone(),
            effective: crate::date::Date::parse(&f.effective, &format!("fees[{i}].effective"))?,
            schedule: f.schedule.clone(),
            cap,
        });
    }
    let tariff = crate::rating::Tariff {
        catalog: doc.catalog.clone(),
        fees,
        period: crate::rating::BillingPeriod { start: crate::date::Date::from_ymd(year, 1, 1)?, end: crate::date::Date::from_ymd(year + 1, 1, 1)? },
        rounding: doc.profile.amount_rounding,
        vat_rate: doc.profile.vat_rate,
        prices_include_vat: doc.profile.prices_include_vat,
        lifecycle: None,
        cap_test: doc.profile.cap_test,
    };
    tariff.validate()?;
    Ok(YearTariff { tariff, withheld })
}
