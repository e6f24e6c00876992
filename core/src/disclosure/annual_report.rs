//! The annual operating report (年度经营情况报告) the operator files for a year.
//!
//! Built from the scenario, its chain run, the year's actual use and revenue
//! ([`ActualLine`]s) and optionally the year's revenue waterfalls:
//!
//! 1. **overview** (经营概况): catalog size, fees in force, revenue, MPR, deviation, profit;
//! 2. **cost spending by category** (成本支出): the separate accounts of the year
//!    ([`crate::costs::YearCosts`]): claimed, subsidy, excluded, disallowed, permitted;
//! 3. **revenue and profit** (收入与利润), three ways: `profit = actual revenue − permitted
//!    cost` — a regulatory operating profit before income tax and VAT surcharges, on the
//!    separately accounted permitted cost (准许成本) of the chargeable uses (the cost of free
//!    public services, 公益服务成本, is left out unless the profile's `free_cost_recovery` is
//!    `from_paid`: actual revenue is chargeable revenue), shown beside the permitted profit inside
//!    the MPR; the **accounting profit** `actual revenue − cost actually claimed` (账面利润, the
//!    books before the regulator's exclusions); the **regulatory margin** `actual revenue −
//!    MPR` (positive: over-recovery the next period's MPR deducts);
//! 4. **per-product volume and revenue** (分产品业务量与收入), against forecast;
//! 5. **deviation from the MPR** (收入偏差): the [`Review`] of the year, with violations and
//!    proposed caps;
//! 6. **fee adjustments** (调价情况): fees effective in the year beside the fee each replaced
//!    ([`super::adjustments`]);
//! 7. **revenue shares** (收益分配): per product and per party, the treasury's non-tax
//!    revenue marked ([`super::shares`]);
//! 8. **evaluation** (年度评估): 通过 / 未通过 / 限期整改 from the profile's thresholds, each
//!    criterion with its figure, threshold and result ([`super::evaluation`]).
//!
//! The year must be in the chain's pricing period (the accounts and MPR exist only there).

use serde::{Deserialize, Serialize};

use super::adjustments::{fee_adjustments, FeeAdjustment};
use super::evaluation::{evaluate, Evaluation};
use super::fee_list::{fee_list, FeeStatus};
use super::shares::{shares_summary, SharesSummary};
use crate::costs::CostCategory;
use crate::error::Result;
use crate::explain::Explanation;
use crate::money::{self, cents_form, Amount, Quantity, Rate};
use crate::mpr::Stage;
use crate::profile::FreeCostRecovery;
use crate::review::{review, ActualLine, Review, ReviewInput};
use crate::scenario::{ChainResult, ScenarioDoc};
use crate::sharing::waterfall::Waterfall;

/// What the report needs besides the scenario and its chain run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnnualInput {
    /// The year reported on.
    pub year: i32,
    /// Actual volume and revenue per (product, scenario).
    pub actual: Vec<ActualLine>,
    /// The year's revenue waterfalls, one per product (optional).
    pub shares: Vec<Waterfall>,
}

/// The overview (经营概况).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Overview {
    /// Products in the catalog.
    pub products: usize,
    /// Scenarios in the catalog.
    pub scenarios: usize,
    /// Chargeable (product, scenario) pairs.
    pub chargeable_pairs: usize,
    /// Free (product, scenario) pairs.
    pub free_pairs: usize,
    /// Paid pairs with a fee in force in the year.
    pub pairs_with_fee: usize,
    /// Fees that took effect in the year.
    pub fee_adjustments: usize,
    /// Actual chargeable revenue.
    pub actual_revenue: Amount,
    /// The year's MPR.
    pub mpr: Amount,
    /// Deviation from the MPR in percent (`null` when the MPR is zero).
    #[serde(default, with = "crate::money::dec_opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::DecimalText>"))]
    pub deviation_percent: Option<rust_decimal::Decimal>,
    /// Permitted cost borne by the chargeable uses (see [`RevenueProfit::permitted_cost`]).
    pub permitted_cost: Amount,
    /// Actual revenue − permitted cost of the chargeable uses.
    pub profit: Amount,
    /// Violations found.
    pub violations: usize,
}

/// Cost spending of one category (成本科目).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReportCostLine"))]
pub struct CostLine {
    /// The category.
    pub category: CostCategory,
    /// Its Chinese term.
    pub category_zh: String,
    /// Σ claimed.
    pub claimed: Amount,
    /// Σ subsidies netted off.
    pub subsidy: Amount,
    /// Σ excluded.
    pub excluded: Amount,
    /// Excess over a benchmark cap.
    pub disallowed: Amount,
    /// Permitted cost.
    pub permitted: Amount,
}

/// Revenue and profit (收入与利润).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RevenueProfit {
    /// Actual chargeable revenue (net of VAT).
    pub actual_revenue: Amount,
    /// Permitted cost borne by the chargeable uses: the whole permitted cost of the separate
    /// accounts less the cost of free public services (公益服务成本) — unless the profile's
    /// `free_cost_recovery` is `from_paid`, where paying users carry every cost.
    pub permitted_cost: Amount,
    /// The whole permitted cost of the year in the separate accounts (准许成本合计), free uses included.
    pub total_permitted_cost: Amount,
    /// The cost allocated to free uses (公益服务成本), as the chain reports it beside the MPR.
    pub free_use_cost: Amount,
    /// `actual_revenue − permitted_cost`: chargeable revenue against the cost of the chargeable uses.
    pub profit: Amount,
    /// Σ cost actually claimed (booked) in the separate accounts, before exclusions.
    pub claimed_cost: Amount,
    /// `actual_revenue − claimed_cost`: the accounting profit (账面利润).
    pub accounting_profit: Amount,
    /// The MPR.
    pub mpr: Amount,
    /// `actual_revenue − mpr`: the regulatory margin (监管口径收支差; positive is over-recovery).
    pub regulatory_margin: Amount,
    /// The permitted profit inside the MPR, for comparison.
    pub permitted_profit: Amount,
    /// The working paper.
    pub explanation: Explanation,
}

/// One product's volume and revenue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductLine {
    /// Product id.
    pub product: String,
    /// Name.
    pub name: String,
    /// Chinese name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// Unit of quantity.
    pub unit: String,
    /// Σ forecast volume over scenarios.
    pub forecast: Quantity,
    /// Σ actual volume over scenarios (free uses included).
    pub volume: Quantity,
    /// volume / forecast, half-up to 0.0001.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Rate>,
    /// Σ revenue.
    pub revenue: Amount,
}

/// The annual operating report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnnualReport {
    /// The exercise's name.
    pub name: String,
    /// The year.
    pub year: i32,
    /// Formal or trial.
    pub stage: Stage,
    /// The profile's name.
    pub profile: String,
    /// Overview.
    pub overview: Overview,
    /// Cost spending by category, in report order.
    pub costs: Vec<CostLine>,
    /// Revenue and profit.
    pub revenue: RevenueProfit,
    /// Per product.
    pub products: Vec<ProductLine>,
    /// Deviation from the MPR: the year's review.
    pub review: Review,
    /// Fees effective in the year.
    pub fee_adjustments: Vec<FeeAdjustment>,
    /// Revenue shares, when waterfalls were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shares: Option<SharesSummary>,
    /// The evaluation (年度评估): 通过 / 未通过 / 限期整改 from the profile's thresholds.
    pub evaluation: Evaluation,
}

/// The annual operating report of `input.year` (see the module doc). `chain` must be the
/// result of running `doc`.
///
/// Errors: a year outside the period ([`crate::Error::OutOfRange`] on `year`); the review's
/// errors on `actual`; an agreement for an unknown product or a second one for a product
/// (`shares[i].product`).
pub fn annual_report(doc: &ScenarioDoc, chain: &ChainResult, input: &AnnualInput) -> Result<AnnualReport> {
    let year = input.year;
    let ri = ReviewInput::from_chain(doc, chain, year, input.actual.clone())?;
    let rev = review(&ri)?;
    let evaluation = evaluate(&rev, &doc.profile)?;
    let yc = chain.costs.iter().find(|c| c.year == year).ok_or_else(|| crate::review::period_error(chain, year))?;
    let my = chain.mpr.years.iter().find(|m| m.year == year).ok_or_else(|| crate::review::period_error(chain, year))?;
    let fees = fee_list(doc, chain, year)?;
    let adjustments = fee_adjustments(doc, year)?;
    let shares = if input.shares.is_empty() { None } else { Some(shares_summary(doc, &input.shares)?) };

    let costs: Vec<CostLine> = yc
        .by_category
        .iter()
        .map(|l| CostLine {
            category: l.category,
            category_zh: l.category.chinese().into(),
            claimed: l.claimed,
            subsidy: l.subsidy,
            excluded: l.excluded,
            disallowed: l.disallowed,
            permitted: l.permitted,
        })
        .collect();
    // Actual revenue is chargeable revenue only, so the profit is taken on the cost of the chargeable
    // uses (65号: 经营成本 … "在提供用于产业发展、行业发展的数据产品和服务过程中发生的"): the free uses'
    // cost is left out unless the profile recovers it from paying users (from_paid).
    let recovery = doc.profile.free_cost_recovery;
    let free_use_cost = my.free_use_cost;
    let permitted_cost = match recovery {
        FreeCostRecovery::FromPaid => yc.total_permitted,
        FreeCostRecovery::ChargeableOnly | FreeCostRecovery::BudgetFunded => {
            cents_form(money::sub(yc.total_permitted.get(), free_use_cost.get(), "permitted_cost")?)
        }
    };
    let profit = money::sub(rev.actual_revenue.get(), permitted_cost.get(), "profit")?;
    let claimed = money::sum(yc.by_category.iter().map(|l| l.claimed.get()), "claimed_cost")?;
    let accounting = money::sub(rev.actual_revenue.get(), claimed, "accounting_profit")?;
    let margin = money::sub(rev.actual_revenue.get(), my.mpr.get(), "regulatory_margin")?;
    let e = Explanation::new(format!("report.{year}.profit"), format!("Operating profit {year} 经营利润"), "profit = actual revenue − permitted cost")
        .input("actual revenue", rev.actual_revenue)
        .input("permitted cost of the chargeable uses (准许成本, 收费部分)", permitted_cost)
        .result(cents_form(profit))
        .note("a regulatory profit before income tax and VAT surcharges, on the separately accounted permitted cost")
        .note(match recovery {
            FreeCostRecovery::FromPaid => format!(
                "profile free_cost_recovery = from_paid: the whole permitted cost {} is set against revenue, free uses' cost {} included",
                yc.total_permitted, free_use_cost
            ),
            _ => format!(
                "permitted cost of the chargeable uses = whole permitted cost − cost of free public services (公益服务成本) = {} − {} = {} (profile free_cost_recovery = {})",
                yc.total_permitted,
                free_use_cost,
                permitted_cost,
                recovery.name()
            ),
        })
        .note(format!("permitted profit inside the MPR: {}", my.permitted_profit))
        .note(format!(
            "accounting profit 账面利润 = actual revenue − cost claimed = {} − {} = {}",
            rev.actual_revenue,
            cents_form(claimed),
            cents_form(accounting)
        ))
        .note(format!("regulatory margin 监管口径收支差 = actual revenue − MPR = {} − {} = {}", rev.actual_revenue, my.mpr, cents_form(margin)));
    let revenue = RevenueProfit {
        actual_revenue: rev.actual_revenue,
        permitted_cost,
        total_permitted_cost: yc.total_permitted,
        free_use_cost,
        profit: cents_form(profit),
        claimed_cost: cents_form(claimed),
        accounting_profit: cents_form(accounting),
        mpr: my.mpr,
        regulatory_margin: cents_form(margin),
        permitted_profit: my.permitted_profit,
        explanation: e,
    };

    let products: Vec<ProductLine> = rev
        .products
        .iter()
        .map(|p| {
            let cat = doc.catalog.product(&p.product);
            ProductLine {
                product: p.product.clone(),
                name: cat.map_or_else(|| p.product.clone(), |c| c.name.clone()),
                name_zh: cat.and_then(|c| c.name_zh.clone()),
                unit: cat.map_or_else(String::new, |c| c.unit.clone()),
                forecast: p.forecast,
                volume: p.volume,
                ratio: p.ratio,
                revenue: p.revenue,
            }
        })
        .collect();
    let pairs = doc.catalog.pairs().count();
    let chargeable_pairs = doc.catalog.pairs().filter(|(_, s)| s.category.is_chargeable()).count();
    let mut with_fee: Vec<(&str, &str)> = fees.rows.iter().filter(|r| r.status == FeeStatus::Paid).map(|r| (r.product.as_str(), r.scenario.as_str())).collect();
    with_fee.dedup();
    let overview = Overview {
        products: doc.catalog.products.len(),
        scenarios: doc.catalog.scenarios.len(),
        chargeable_pairs,
        free_pairs: pairs - chargeable_pairs,
        pairs_with_fee: with_fee.len(),
        fee_adjustments: adjustments.len(),
        actual_revenue: rev.actual_revenue,
        mpr: rev.mpr,
        deviation_percent: rev.deviation_percent,
        permitted_cost,
        profit: revenue.profit,
        violations: rev.violations.len(),
    };
    Ok(AnnualReport {
        name: doc.name.clone(),
        year,
        stage: chain.stage,
        profile: chain.profile.clone(),
        overview,
        costs,
        revenue,
        products,
        review: rev,
        fee_adjustments: adjustments,
        shares,
        evaluation,
    })
}
