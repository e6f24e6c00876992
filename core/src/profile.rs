//! Policy profiles (政策参数): every jurisdiction parameter in one place.
//!
//! The national notice 发改价格〔2025〕65号 fixes the method and leaves the numbers to each
//! province or city. A [`Policy`] holds all of them: the profit method and its bound, tax and
//! VAT settings, the pricing-period length, claw-back spreading and interest, whether
//! under-recovery carries, whether free products' costs are recovered from paid ones, the
//! review threshold and the price units. A user in another province changes the profile,
//! not the code.
//!
//! [`Policy::national`] is the default profile; every field also has its default when read
//! from TOML or JSON, so a profile file only lists what differs:
//!
//! ```
//! use datafee::profile::Policy;
//! let p: Policy = datafee::doc::from_toml(r#"
//!     name = "Example province"
//!     [profit]
//!     method = "return_on_assets"
//!     rate = "0.065"
//! "#)?;
//! assert_eq!(p.vat_rate.to_string(), "0.06");
//! p.validate()?;
//! # Ok::<(), datafee::Error>(())
//! ```

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::costs::{AssetBalance, CategoryCap, DepreciationStart};
use crate::error::{Error, Result};
use crate::money::{Rate, RoundMode, Rounding};

pub use template::TEMPLATES;

mod template;

fn dec(n: i64, scale: u32) -> Decimal {
    Decimal::new(n, scale)
}

/// How the permitted profit (准许利润) is set.
///
/// In documents: `{"method": "return_on_assets", "rate": "0.06"}`, `{"method": "wacc",
/// "equity_premium", "debt_rate", "debt_ratios"}` or `{"method": "cost_plus", "margin"}`. It is
/// read through a flat struct so an error names its exact field (`profile.profit.rate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "method", rename_all = "snake_case", try_from = "RawProfit")]
pub enum ProfitMethod {
    /// Return on effective assets (有效资产 × 准许收益率): `EffectiveAssets × rate`. The default.
    ReturnOnAssets {
        /// The permitted return rate r.
        rate: Rate,
    },
    /// Weighted average cost of capital: `r = Re × (1 − g) + Rd × g` applied to effective assets.
    ///
    /// `Re = bond_yield + equity_premium` (prior-year 10-year government bond yield plus a
    /// premium), `Rd` the prior-year LPR, `g` the average debt ratio of the last three years.
    Wacc {
        /// Equity premium added to the profile's bond yield.
        equity_premium: Rate,
        /// Cost of debt Rd (prior-year loan prime rate).
        debt_rate: Rate,
        /// Debt ratios (资产负债率) of the last years; their average is g. One to three values.
        debt_ratios: Vec<Rate>,
    },
    /// Cost plus (成本加成): `PermittedCost × margin`.
    CostPlus {
        /// The cost-profit margin (成本利润率).
        margin: Rate,
    },
}

#[derive(Clone, Copy)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", serde(rename_all = "snake_case"))]
enum MethodName {
    ReturnOnAssets,
    Wacc,
    CostPlus,
}

crate::unit_enum_reader!(MethodName, "MethodName", [ReturnOnAssets = "return_on_assets", Wacc = "wacc", CostPlus = "cost_plus"]);

/// The flat form a [`ProfitMethod`] is read from (every field of every method).
#[derive(crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawProfit {
    method: MethodName,
    rate: Option<Rate>,
    equity_premium: Option<Rate>,
    debt_rate: Option<Rate>,
    debt_ratios: Option<Vec<Rate>>,
    margin: Option<Rate>,
}

impl TryFrom<RawProfit> for ProfitMethod {
    type Error = String;

    fn try_from(r: RawProfit) -> std::result::Result<Self, String> {
        let need = |v: bool, name: &str, method: &str| if v { Ok(()) } else { Err(format!("missing field `{name}` for method {method}")) };
        let only = |extra: &[(&str, bool)], method: &str| match extra.iter().find(|(_, here)| *here) {
            Some((name, _)) => Err(format!("unknown field `{name}` for method {method}")),
            None => Ok(()),
        };
        match r.method {
            MethodName::ReturnOnAssets => {
                only(
                    &[
                        ("equity_premium", r.equity_premium.is_some()),
                        ("debt_rate", r.debt_rate.is_some()),
                        ("debt_ratios", r.debt_ratios.is_some()),
                        ("margin", r.margin.is_some()),
                    ],
                    "return_on_assets",
                )?;
                need(r.rate.is_some(), "rate", "return_on_assets")?;
                Ok(ProfitMethod::ReturnOnAssets { rate: r.rate.unwrap_or_default() })
            }
            MethodName::Wacc => {
                only(&[("rate", r.rate.is_some()), ("margin", r.margin.is_some())], "wacc")?;
                need(r.equity_premium.is_some(), "equity_premium", "wacc")?;
                need(r.debt_rate.is_some(), "debt_rate", "wacc")?;
                need(r.debt_ratios.is_some(), "debt_ratios", "wacc")?;
                Ok(ProfitMethod::Wacc {
                    equity_premium: r.equity_premium.unwrap_or_default(),
                    debt_rate: r.debt_rate.unwrap_or_default(),
                    debt_ratios: r.debt_ratios.unwrap_or_default(),
                })
            }
            MethodName::CostPlus => {
                only(
                    &[
                        ("rate", r.rate.is_some()),
                        ("equity_premium", r.equity_premium.is_some()),
                        ("debt_rate", r.debt_rate.is_some()),
                        ("debt_ratios", r.debt_ratios.is_some()),
                    ],
                    "cost_plus",
                )?;
                need(r.margin.is_some(), "margin", "cost_plus")?;
                Ok(ProfitMethod::CostPlus { margin: r.margin.unwrap_or_default() })
            }
        }
    }
}

impl Default for ProfitMethod {
    fn default() -> Self {
        ProfitMethod::ReturnOnAssets { rate: Rate::new(dec(6, 2)) }
    }
}

impl ProfitMethod {
    /// The method's name as in documents (`"return_on_assets"`).
    pub fn name(&self) -> &'static str {
        match self {
            ProfitMethod::ReturnOnAssets { .. } => "return_on_assets",
            ProfitMethod::Wacc { .. } => "wacc",
            ProfitMethod::CostPlus { .. } => "cost_plus",
        }
    }

    /// Whether the method pays for debt through the return (then interest is not a permitted cost).
    pub fn pays_for_debt(&self) -> bool {
        !matches!(self, ProfitMethod::CostPlus { .. })
    }
}

/// How the claw-back (扣减) of a prior period's over-recovery is taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClawbackSpread {
    /// All of it from the first year of the next period. The default.
    #[default]
    FirstYear,
    /// Evenly over the years of the next period (cent-exact; the first year takes any odd cents).
    Even,
}

crate::unit_enum_reader!(ClawbackSpread, "ClawbackSpread", [FirstYear = "first_year", Even = "even"]);

/// Where the cost of free (public governance / public welfare) uses is borne.
///
/// 65号 defines 经营成本 as the reasonable costs "在提供用于产业发展、行业发展的数据产品和服务过程中
/// 发生的,扣除政府补助后的合理费用支出": the cost of providing *chargeable* uses. The default,
/// [`FreeCostRecovery::ChargeableOnly`], reads it so; the other two are explicit options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FreeCostRecovery {
    /// The MPR carries the chargeable share of cost and effective assets only; the free-use share
    /// is reported apart as the cost of free public services (公益服务成本). The default.
    #[default]
    ChargeableOnly,
    /// Cross-subsidy (交叉补贴): every cost is in the MPR and the free uses' cost is recovered from
    /// paying users. No seed allows it; offered only as an explicit choice.
    FromPaid,
    /// Legacy: every cost is in the MPR, then the cost allocated to free uses is taken out of the
    /// chargeable requirement (profit and taxes on the free-use share stay in the MPR).
    BudgetFunded,
}

crate::unit_enum_reader!(FreeCostRecovery, "FreeCostRecovery", [ChargeableOnly = "chargeable_only", FromPaid = "from_paid", BudgetFunded = "budget_funded"]);

impl FreeCostRecovery {
    /// The option's name as in documents.
    pub fn name(self) -> &'static str {
        match self {
            FreeCostRecovery::ChargeableOnly => "chargeable_only",
            FreeCostRecovery::FromPaid => "from_paid",
            FreeCostRecovery::BudgetFunded => "budget_funded",
        }
    }
}

/// How an actual fee is tested against its cap (不高于上限收费标准).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CapTest {
    /// Every published unit price is at or below the cap: each band, each overage, a package's
    /// price per unit, a subscription's fee per included unit, a minimum charge (or a
    /// subscription fee) against cap × the smallest billable quantity. The default: a price
    /// inspector (市场监管) compares published prices with the cap.
    #[default]
    Strict,
    /// The weaker test: `charge(q) <= cap × q` for every billed quantity `q` (a customer's
    /// average price). Implied by the strict test.
    Average,
}

crate::unit_enum_reader!(CapTest, "CapTest", [Strict = "strict", Average = "average"]);

impl CapTest {
    /// The test's name as in documents.
    pub fn name(self) -> &'static str {
        match self {
            CapTest::Strict => "strict",
            CapTest::Average => "average",
        }
    }

    /// Whether this is the default, strict test (a document that does not name its test).
    pub fn is_strict(&self) -> bool {
        *self == CapTest::Strict
    }
}

/// Whether caps hold for the whole pricing period or are recomputed every year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CapBasis {
    /// One cap per use for the whole period: `Σ_years cap × volume ≤ Σ_years MPR`. The default,
    /// so a compliant fee does not become non-compliant on 1 January without a decision.
    #[default]
    Period,
    /// Caps recomputed from each year's MPR (`Σ cap × volume_t ≤ MPR_t` every year).
    PerYear,
}

crate::unit_enum_reader!(CapBasis, "CapBasis", [Period = "period", PerYear = "per_year"]);

/// Whether over-recovery is netted over the prior period or counted year by year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClawbackNetting {
    /// The period's revenue against the period's MPR (在核定下一周期最高准许收入时扣减). The default.
    #[default]
    PerPeriod,
    /// Each year's over-recovery `max(0, actual − MPR)` counted on its own.
    PerYear,
}

crate::unit_enum_reader!(ClawbackNetting, "ClawbackNetting", [PerPeriod = "per_period", PerYear = "per_year"]);

/// Surcharges levied on VAT (增值税附加).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Surcharges {
    /// Urban maintenance and construction tax (城市维护建设税): 7 % in a city, 5 % county/town, 1 % elsewhere.
    pub urban_maintenance: Rate,
    /// Education surcharge (教育费附加), 3 %.
    pub education: Rate,
    /// Local education surcharge (地方教育附加), 2 %.
    pub local_education: Rate,
}

impl Default for Surcharges {
    fn default() -> Self {
        Surcharges { urban_maintenance: Rate::new(dec(7, 2)), education: Rate::new(dec(3, 2)), local_education: Rate::new(dec(2, 2)) }
    }
}

impl Surcharges {
    /// The combined surcharge rate s.
    pub fn total(&self) -> Decimal {
        self.urban_maintenance.get() + self.education.get() + self.local_education.get()
    }
}

/// The schema of a scenario's `profile` also admits `template` (a provincial template by name,
/// [`Policy::template`]): the document's profile is resolved before it is read.
#[cfg(feature = "schema")]
fn template_property(s: &mut schemars::Schema) {
    if let Some(serde_json::Value::Object(p)) = s.get_mut("properties") {
        let names: Vec<&str> = TEMPLATES.iter().map(|(n, _)| *n).collect();
        p.insert(
            "template".into(),
            serde_json::json!({"type": "string", "enum": names, "description": "A provincial template by name; the other fields override it."}),
        );
    }
}

/// Thresholds of the annual evaluation (年度评估) the annual operating report states: the
/// result 通过 / 未通过 / 限期整改 (六安方案: 评估结果分为“通过”、“未通过”和“限期整改”), see
/// [`crate::disclosure::evaluation`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct EvaluationThresholds {
    /// The largest over-recovery `(actual revenue − MPR) / MPR` that passes; absent: the
    /// profile's `review_threshold` (the deviation that already calls for revised caps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_over_recovery: Option<Rate>,
    /// The smallest share of free uses (公共治理、公益事业, 公益服务情况) in the year's total volume
    /// (default 0: any share passes; a jurisdiction that expects public service sets it).
    pub min_free_use_share: Rate,
}

impl EvaluationThresholds {
    /// Whether every threshold is at its default (then the profile does not print them).
    pub fn is_default(&self) -> bool {
        *self == EvaluationThresholds::default()
    }
}

/// Every jurisdiction parameter of the pricing chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(transform = template_property))]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// The profile's name.
    pub name: String,
    /// Profit method and its parameters.
    pub profit: ProfitMethod,
    /// Prior-year 10-year government bond yield (十年期国债收益率), the base of the bound.
    pub bond_yield: Rate,
    /// The largest premium over the bond yield a return rate may carry (65号 commentary: 6 points).
    /// A return rate above `bond_yield + max_premium` is refused.
    pub max_premium: Rate,
    /// The largest cost-plus margin permitted.
    pub max_cost_plus_margin: Rate,
    /// Debt ratio g used to find the equity part of the profit for the non-WACC methods (default 0:
    /// all profit is on equity and grossed up for income tax).
    pub debt_ratio: Rate,
    /// Balance of effective assets the return applies to.
    pub asset_balance: AssetBalance,
    /// Working capital allowance (营运资本) as a share of the year's operation and maintenance cost.
    pub working_capital_share: Rate,
    /// Corporate income tax rate (企业所得税), 25 %.
    pub income_tax_rate: Rate,
    /// VAT rate on data services (增值税, 现代服务业), 6 %.
    pub vat_rate: Rate,
    /// Surcharges on VAT.
    pub surcharges: Surcharges,
    /// Whether caps and fees are quoted including VAT (含税价). Default false: quoted without VAT.
    pub prices_include_vat: bool,
    /// Pricing period length in years (监管周期), default 3.
    pub period_years: u32,
    /// How a prior period's over-recovery is clawed back.
    pub clawback_spread: ClawbackSpread,
    /// Simple annual interest on the claw-back per year of delay (default 0).
    pub clawback_interest: Rate,
    /// Whether under-recovery is carried into the next period (default false: 65号 names only over-recovery).
    pub carry_under_recovery: bool,
    /// Where the cost of free uses is borne (default: the MPR carries chargeable use only).
    pub free_cost_recovery: FreeCostRecovery,
    /// How actual fees are tested against caps (default strict: every published unit price).
    pub cap_test: CapTest,
    /// Caps for the whole period (default) or recomputed per year.
    pub cap_basis: CapBasis,
    /// Claw-back netted over the prior period (default) or per year.
    pub clawback_netting: ClawbackNetting,
    /// Whether the amortisation of data assets obtained free under the authorization is a
    /// recoverable cost (default false; such assets never earn a return).
    pub free_data_amortisation_recoverable: bool,
    /// When the annual operating report (年度经营情况报告) is due, in words with its source
    /// (六安: by the end of March; 大冶: at the start of the year).
    pub report_deadline: String,
    /// Where each value comes from: a field path (`vat_rate`, `profit`) → a document number or
    /// `"illustrative"`. Printed in the working papers; see [`Policy::source_of`].
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sources: std::collections::BTreeMap<String, String>,
    /// Whether depreciation of grant-funded assets is recoverable (default false).
    pub grant_depreciation_recoverable: bool,
    /// When depreciation starts: the month after entering service (default, 当月增加次月计提) or the same month.
    pub depreciation_start: DepreciationStart,
    /// Benchmark caps on cost categories (e.g. maintenance at most 1.5 % of gross asset value).
    pub category_caps: Vec<CategoryCap>,
    /// Review threshold: |actual − MPR| / MPR above this proposes new caps (default 10 %).
    pub review_threshold: Rate,
    /// Thresholds of the annual evaluation (年度评估) in the annual report (default: the
    /// over-recovery bound is the review threshold, no free-use share required).
    #[serde(skip_serializing_if = "EvaluationThresholds::is_default")]
    pub evaluation: EvaluationThresholds,
    /// Price unit caps are rounded down to (default 0.01 yuan).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub price_unit: Decimal,
    /// A finer price unit for per-call products (default 0.001 yuan per call).
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub price_unit_per_call: Decimal,
    /// Rounding of amounts (MPR blocks, invoice lines): half-up to 0.01 by default.
    pub amount_rounding: Rounding,
}

impl Default for Policy {
    fn default() -> Self {
        Policy::illustrative()
    }
}

/// The source recorded for a value no public document gives.
pub const ILLUSTRATIVE: &str = "illustrative (项目示例值, no public source)";

/// Sources of the built-in illustrative profile's values (field path → source).
const BUILT_IN_SOURCES: &[(&str, &str)] = &[
    ("profit", ILLUSTRATIVE),
    ("bond_yield", ILLUSTRATIVE),
    ("max_premium", "illustrative; commentary on 发改价格〔2025〕65号 reports 10-year bond yield + at most 6 points"),
    ("max_cost_plus_margin", ILLUSTRATIVE),
    ("debt_ratio", ILLUSTRATIVE),
    ("asset_balance", ILLUSTRATIVE),
    ("working_capital_share", ILLUSTRATIVE),
    ("income_tax_rate", "《中华人民共和国企业所得税法》第四条 (25 %)"),
    ("vat_rate", "财税〔2016〕36号 (现代服务业 6 %)"),
    ("surcharges.urban_maintenance", "《中华人民共和国城市维护建设税法》第四条 (市区 7 %)"),
    ("surcharges.education", "《征收教育费附加的暂行规定》(3 %)"),
    ("surcharges.local_education", "财综〔2010〕98号 (2 %)"),
    ("period_years", "illustrative (the utility regulatory period); the authorization runs at most 5 years (大冶、六安方案)"),
    ("clawback_spread", ILLUSTRATIVE),
    ("clawback_interest", "illustrative (65号 names no interest)"),
    ("carry_under_recovery", "发改价格〔2025〕65号 names only over-recovery (超出部分…扣减)"),
    ("free_cost_recovery", "发改价格〔2025〕65号: 经营成本 = 在提供用于产业发展、行业发展的数据产品和服务过程中发生的…合理费用支出"),
    ("cap_test", "发改价格〔2025〕65号: 具体收费标准不高于上限收费标准"),
    ("cap_basis", ILLUSTRATIVE),
    ("clawback_netting", "发改价格〔2025〕65号: 在核定下一周期最高准许收入时扣减"),
    ("review_threshold", ILLUSTRATIVE),
    ("price_unit", ILLUSTRATIVE),
    ("report_deadline", "六安方案 (每年初上报); 大冶方案 (每年年初报送); the date is illustrative"),
    ("depreciation_start", "企业会计准则 practice: 当月增加次月计提"),
];

/// The largest pricing period accepted, in years (the authorization itself runs up to 5).
pub const MAX_PERIOD_YEARS: u32 = 10;

impl Policy {
    /// The built-in profile of **illustrative defaults**: the method of 发改价格〔2025〕65号 with
    /// statutory tax rates and, where no public document gives a number, the project's own
    /// illustrative values (return 6 %, bond yield 1.7 % + at most 6 points, cost-plus margin at
    /// most 10 %, working capital 10 % of O&M, review threshold 10 %). Every value's source is in
    /// [`Policy::sources`]; a regulator replaces the illustrative ones (or starts from a
    /// provincial template, [`Policy::template`]).
    pub fn illustrative() -> Self {
        let mut sources = std::collections::BTreeMap::new();
        for (k, v) in BUILT_IN_SOURCES {
            sources.insert((*k).to_string(), (*v).to_string());
        }
        Policy {
            name: "illustrative defaults (示例参数, not a published profile)".into(),
            profit: ProfitMethod::default(),
            bond_yield: Rate::new(dec(17, 3)),
            max_premium: Rate::new(dec(6, 2)),
            max_cost_plus_margin: Rate::new(dec(10, 2)),
            debt_ratio: Rate::ZERO,
            asset_balance: AssetBalance::Average,
            working_capital_share: Rate::new(dec(10, 2)),
            income_tax_rate: Rate::new(dec(25, 2)),
            vat_rate: Rate::new(dec(6, 2)),
            surcharges: Surcharges::default(),
            prices_include_vat: false,
            period_years: 3,
            clawback_spread: ClawbackSpread::FirstYear,
            clawback_interest: Rate::ZERO,
            carry_under_recovery: false,
            free_cost_recovery: FreeCostRecovery::ChargeableOnly,
            cap_test: CapTest::Strict,
            cap_basis: CapBasis::Period,
            clawback_netting: ClawbackNetting::PerPeriod,
            free_data_amortisation_recoverable: false,
            report_deadline: "by the end of March of the following year (六安方案: 每年初上报上一年度运营情况报告; 大冶方案: 每年年初报送)".into(),
            grant_depreciation_recoverable: false,
            depreciation_start: DepreciationStart::NextMonth,
            category_caps: Vec::new(),
            review_threshold: Rate::new(dec(10, 2)),
            evaluation: EvaluationThresholds::default(),
            price_unit: dec(1, 2),
            price_unit_per_call: dec(1, 3),
            amount_rounding: Rounding::cents(),
            sources,
        }
    }

    /// The same as [`Policy::illustrative`] (the name it had before it said what it holds).
    pub fn national() -> Self {
        Policy::illustrative()
    }

    /// Where a value of the profile comes from: the recorded source of the field or of its
    /// nearest parent (`surcharges.education` → `surcharges`), else `"given in the document (no
    /// source stated)"`.
    pub fn source_of(&self, field: &str) -> &str {
        let mut key = field;
        loop {
            if let Some(s) = self.sources.get(key) {
                return s;
            }
            match key.rfind('.') {
                Some(i) => key = &key[..i],
                None => return "given in the document (no source stated)",
            }
        }
    }

    /// Every value of the profile with its source, as a working paper (政策参数及其依据).
    pub fn explanation(&self) -> crate::explain::Explanation {
        let mut e = crate::explain::Explanation::new("profile", format!("Policy profile 政策参数: {}", self.name), "each value with its source (依据)");
        let fields: [(&str, String); 18] = [
            ("profit", format!("{} {}", self.profit.name(), self.return_rate().map_or_else(|| self.profit_margin_text(), |r| r.normalize().to_string()))),
            ("bond_yield", self.bond_yield.to_string()),
            ("max_premium", self.max_premium.to_string()),
            ("max_cost_plus_margin", self.max_cost_plus_margin.to_string()),
            ("debt_ratio", self.debt_ratio.to_string()),
            ("working_capital_share", self.working_capital_share.to_string()),
            ("income_tax_rate", self.income_tax_rate.to_string()),
            ("vat_rate", self.vat_rate.to_string()),
            ("surcharges", format!("{} + {} + {}", self.surcharges.urban_maintenance, self.surcharges.education, self.surcharges.local_education)),
            ("period_years", self.period_years.to_string()),
            ("free_cost_recovery", self.free_cost_recovery.name().to_string()),
            ("cap_test", self.cap_test.name().to_string()),
            ("cap_basis", format!("{:?}", self.cap_basis).to_ascii_lowercase()),
            ("clawback_netting", format!("{:?}", self.clawback_netting).to_ascii_lowercase()),
            ("clawback_interest", self.clawback_interest.to_string()),
            ("review_threshold", self.review_threshold.to_string()),
            ("price_unit", format!("{} (per call {})", self.price_unit, self.price_unit_per_call)),
            ("report_deadline", self.report_deadline.clone()),
        ];
        for (k, v) in fields {
            e = e.input(k, format!("{v} — {}", self.source_of(k)));
        }
        e.result(self.name.clone())
    }

    fn profit_margin_text(&self) -> String {
        match &self.profit {
            ProfitMethod::CostPlus { margin } => margin.to_string(),
            _ => String::new(),
        }
    }

    /// The largest permitted return rate: `bond_yield + max_premium`.
    pub fn rate_bound(&self) -> Decimal {
        self.bond_yield.get() + self.max_premium.get()
    }

    /// The debt ratio g of the WACC method (mean of the given ratios), or the profile's `debt_ratio`.
    pub fn effective_debt_ratio(&self) -> Decimal {
        match &self.profit {
            ProfitMethod::Wacc { debt_ratios, .. } if !debt_ratios.is_empty() => {
                let s: Decimal = debt_ratios.iter().map(|r| r.get()).sum();
                s / Decimal::from(debt_ratios.len())
            }
            _ => self.debt_ratio.get(),
        }
    }

    /// The return rate the profit method applies to effective assets (`None` for cost plus).
    pub fn return_rate(&self) -> Option<Decimal> {
        match &self.profit {
            ProfitMethod::ReturnOnAssets { rate } => Some(rate.get()),
            ProfitMethod::Wacc { equity_premium, debt_rate, .. } => {
                let g = self.effective_debt_ratio();
                let re = self.bond_yield.get() + equity_premium.get();
                Some(re * (Decimal::ONE - g) + debt_rate.get() * g)
            }
            ProfitMethod::CostPlus { .. } => None,
        }
    }

    /// The cap rounding rule for a product: floor to the per-call unit for per-call products,
    /// otherwise to the general price unit.
    pub fn cap_rounding(&self, per_call: bool) -> Rounding {
        let unit = if per_call { self.price_unit_per_call } else { self.price_unit };
        Rounding { unit, mode: RoundMode::Floor }
    }

    /// Check every parameter's range, and the profit rate against its bound.
    pub fn validate(&self) -> Result<()> {
        let unit_rate = |field: &str, r: Rate| -> Result<()> {
            if r.get() < Decimal::ZERO || r.get() >= Decimal::ONE {
                return Err(Error::out_of_range(field, r, "in [0, 1)"));
            }
            Ok(())
        };
        unit_rate("bond_yield", self.bond_yield)?;
        unit_rate("max_premium", self.max_premium)?;
        unit_rate("max_cost_plus_margin", self.max_cost_plus_margin)?;
        unit_rate("debt_ratio", self.debt_ratio)?;
        unit_rate("working_capital_share", self.working_capital_share)?;
        unit_rate("income_tax_rate", self.income_tax_rate)?;
        unit_rate("vat_rate", self.vat_rate)?;
        unit_rate("surcharges.urban_maintenance", self.surcharges.urban_maintenance)?;
        unit_rate("surcharges.education", self.surcharges.education)?;
        unit_rate("surcharges.local_education", self.surcharges.local_education)?;
        // The surcharge block solves R = (C + P + T − s × InputVAT) / (1 − s × v): no solution
        // at s × v = 1, a negative R above it (each rate in [0, 1) still lets s reach 3).
        let sv = self.surcharges.total() * self.vat_rate.get();
        if sv >= Decimal::ONE {
            return Err(Error::out_of_range(
                "surcharges",
                sv,
                format!("s × vat_rate < 1 (s = urban_maintenance + education + local_education = {}, vat_rate {})", self.surcharges.total(), self.vat_rate),
            ));
        }
        unit_rate("clawback_interest", self.clawback_interest)?;
        unit_rate("review_threshold", self.review_threshold)?;
        if let Some(r) = self.evaluation.max_over_recovery {
            unit_rate("evaluation.max_over_recovery", r)?;
        }
        unit_rate("evaluation.min_free_use_share", self.evaluation.min_free_use_share)?;
        if self.period_years == 0 || self.period_years > MAX_PERIOD_YEARS {
            return Err(Error::out_of_range("period_years", self.period_years, format!("1..={MAX_PERIOD_YEARS}")));
        }
        if self.price_unit <= Decimal::ZERO {
            return Err(Error::out_of_range("price_unit", self.price_unit, "> 0"));
        }
        if self.price_unit_per_call <= Decimal::ZERO {
            return Err(Error::out_of_range("price_unit_per_call", self.price_unit_per_call, "> 0"));
        }
        self.amount_rounding.validate("amount_rounding")?;
        crate::costs::ledger::validate_caps(&self.category_caps).map_err(|e| e.within("category_caps"))?;
        let bound = self.rate_bound();
        match &self.profit {
            ProfitMethod::ReturnOnAssets { rate } => {
                if rate.is_negative() {
                    return Err(Error::out_of_range("profit.rate", rate, ">= 0"));
                }
                if rate.get() > bound {
                    return Err(Error::RateAboveBound { field: "profit.rate".into(), value: rate.to_string(), bound: bound.to_string() });
                }
            }
            ProfitMethod::Wacc { equity_premium, debt_rate, debt_ratios } => {
                unit_rate("profit.equity_premium", *equity_premium)?;
                unit_rate("profit.debt_rate", *debt_rate)?;
                if debt_ratios.is_empty() || debt_ratios.len() > 3 {
                    return Err(Error::out_of_range("profit.debt_ratios", debt_ratios.len(), "1 to 3 yearly ratios"));
                }
                for (i, g) in debt_ratios.iter().enumerate() {
                    unit_rate(&format!("profit.debt_ratios[{i}]"), *g)?;
                }
                if equity_premium.get() > self.max_premium.get() {
                    return Err(Error::RateAboveBound {
                        field: "profit.equity_premium".into(),
                        value: equity_premium.to_string(),
                        bound: self.max_premium.to_string(),
                    });
                }
                let r = self.return_rate().unwrap_or_default();
                if r > bound {
                    return Err(Error::RateAboveBound { field: "profit".into(), value: r.to_string(), bound: bound.to_string() });
                }
            }
            ProfitMethod::CostPlus { margin } => {
                if margin.is_negative() {
                    return Err(Error::out_of_range("profit.margin", margin, ">= 0"));
                }
                if margin.get() > self.max_cost_plus_margin.get() {
                    return Err(Error::RateAboveBound {
                        field: "profit.margin".into(),
                        value: margin.to_string(),
                        bound: self.max_cost_plus_margin.to_string(),
                    });
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
