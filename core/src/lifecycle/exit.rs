//! Exit settlement on early termination (提前终止, 返还处置): assets and data handed back, the
//! investment not yet recovered, the final claw-back.
//!
//! 六安: "运营机构可退出授权运营,但应做好数据和资产的返还处置工作"; 大冶: "依法依规暂停执行或者
//! 提前终止协议". The seeds name the hand-back, not a price for it, so the settlement states
//! three figures and nets them under a named basis ([`Compensation`]):
//!
//! - **net book value handed back**: Σ of the net book values of the assets returned;
//! - **investment not recovered**: `max(0, investment − recovered)`;
//! - **final claw-back**: the final year's MPR pro rata to the days the authorization was in
//!   force that year (suspensions excluded), `MPR × days in force ÷ days in the year` rounded
//!   under `rounding` (half-up to 0.01 by default); revenue above it is clawed back
//!   (`max(0, actual − pro-rata MPR)`), as 65号 deducts revenue above the MPR.
//!
//! `net due to the operator = compensation − final claw-back` (negative: the operator owes).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Lifecycle;
use crate::date::Date;
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{self, Amount, Rounding};

/// The most assets one exit settlement lists.
pub const MAX_EXIT_ASSETS: usize = 100_000;

/// An asset at exit, with its net book value (账面净值) on the termination day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExitAsset {
    /// Asset id.
    pub id: String,
    /// Net book value on the termination day.
    pub net_book_value: Amount,
    /// Whether it is handed back (返还) to the authorizing body (default `true`).
    #[serde(default = "yes")]
    pub handed_back: bool,
}

fn yes() -> bool {
    true
}

/// The year of termination: its approved MPR and its actual chargeable revenue to the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FinalYear {
    /// The calendar year.
    pub year: i32,
    /// The approved MPR of the year (a full year's).
    pub mpr: Amount,
    /// Actual chargeable revenue of the year up to termination.
    pub actual_revenue: Amount,
}

/// What the operator is compensated for at exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Compensation {
    /// The net book value of the assets handed back (the default).
    #[default]
    NetBookValue,
    /// The investment not yet recovered.
    UnrecoveredInvestment,
    /// Nothing: the hand-back is without consideration.
    None,
}

/// The `lifecycle.exit_settlement` input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExitInput {
    /// The lifecycle; its authorization must carry `terminated`.
    pub lifecycle: Lifecycle,
    /// The operator's assets of the authorized operation.
    #[serde(default)]
    pub assets: Vec<ExitAsset>,
    /// The investment recognised in the authorized operation.
    #[serde(default)]
    pub investment: Amount,
    /// The part of it recovered through permitted revenue so far.
    #[serde(default)]
    pub recovered: Amount,
    /// The year of termination, for the final claw-back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_year: Option<FinalYear>,
    /// The compensation basis.
    #[serde(default)]
    pub compensation: Compensation,
    /// Rounding of the pro-rata MPR (default half-up to 0.01).
    #[serde(default)]
    pub rounding: Rounding,
}

/// The final claw-back of the year of termination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FinalClawback {
    /// The calendar year.
    pub year: i32,
    /// Days the authorization was in force in the year (suspensions excluded).
    pub days_in_force: i64,
    /// Days in the year.
    pub days_in_year: i64,
    /// The MPR pro rata to the days in force, rounded.
    pub prorated_mpr: Amount,
    /// Actual chargeable revenue.
    pub actual_revenue: Amount,
    /// `max(0, actual − prorated MPR)`.
    pub clawback: Amount,
}

/// The exit settlement (退出结算).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExitSettlement {
    /// The first day no longer authorized.
    pub terminated: Date,
    /// The end of the term it cut short (exclusive).
    pub term_end: Date,
    /// Days of the term not served.
    pub days_cut: i64,
    /// Ids of the assets handed back.
    pub assets_handed_back: Vec<String>,
    /// Σ net book value of the assets handed back.
    pub net_book_value_handed_back: Amount,
    /// Σ net book value of the assets the operator keeps.
    pub net_book_value_retained: Amount,
    /// `max(0, investment − recovered)`.
    pub unrecovered_investment: Amount,
    /// The final claw-back, when the final year is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_clawback: Option<FinalClawback>,
    /// The basis of compensation.
    pub compensation_basis: Compensation,
    /// The compensation on that basis.
    pub compensation: Amount,
    /// `compensation − final claw-back`; negative when the operator owes.
    pub net_due_to_operator: Amount,
    /// The working paper (底稿).
    pub explanation: Explanation,
}

fn days_of_year(year: i32, field: &str) -> Result<(i32, i32)> {
    let a = Date::from_ymd(year, 1, 1).map_err(|_| Error::out_of_range(field, year, "1..=9998"))?;
    let b = Date::from_ymd(year.saturating_add(1), 1, 1).map_err(|_| Error::out_of_range(field, year, "1..=9998"))?;
    Ok((a.days(), b.days()))
}

/// Compute the exit settlement.
pub fn exit_settlement(i: &ExitInput) -> Result<ExitSettlement> {
    i.rounding.validate("rounding")?;
    let auth =
        i.lifecycle.authorization.as_ref().ok_or_else(|| Error::Missing { field: "lifecycle.authorization".into(), value: "an authorization".into() })?;
    let terminated =
        auth.terminated.ok_or_else(|| Error::Missing { field: "lifecycle.authorization.terminated".into(), value: "the termination day".into() })?;
    let term = auth.term(i.lifecycle.max_term_years).within("lifecycle.authorization")?;
    if i.assets.len() > MAX_EXIT_ASSETS {
        return Err(Error::LimitExceeded { field: "assets".into(), value: i.assets.len().to_string(), max: MAX_EXIT_ASSETS.to_string() });
    }
    let investment = i.investment.non_negative("investment")?.get();
    let recovered = i.recovered.non_negative("recovered")?.get();
    let (mut back, mut kept, mut ids) = (Decimal::ZERO, Decimal::ZERO, Vec::new());
    let mut seen = std::collections::HashSet::new();
    for (k, a) in i.assets.iter().enumerate() {
        if !seen.insert(a.id.as_str()) {
            return Err(Error::DuplicateId { field: format!("assets[{k}].id"), value: a.id.clone() });
        }
        let v = a.net_book_value.non_negative(&format!("assets[{k}].net_book_value"))?.get();
        if a.handed_back {
            back = money::add(back, v, "net_book_value_handed_back")?;
            ids.push(a.id.clone());
        } else {
            kept = money::add(kept, v, "net_book_value_retained")?;
        }
    }
    let unrecovered = money::sub(investment, recovered, "unrecovered_investment")?.max(Decimal::ZERO);
    let final_clawback = match &i.final_year {
        None => None,
        Some(f) => {
            let (a, b) = days_of_year(f.year, "final_year.year")?;
            if terminated.days() < a || terminated.days() > b {
                return Err(Error::out_of_range("final_year.year", f.year, format!("the year of termination ({terminated})")));
            }
            let mpr = f.mpr.non_negative("final_year.mpr")?.get();
            let actual = f.actual_revenue.non_negative("final_year.actual_revenue")?.get();
            let days_in_force = term.days_in_force(a, b);
            let days_in_year = i64::from(b - a);
            let exact = money::div(money::mul(mpr, Decimal::from(days_in_force), "final_year.mpr")?, Decimal::from(days_in_year), "final_year.mpr")?;
            let prorated = i.rounding.round(exact)?;
            let clawback = money::sub(actual, prorated, "final_year.clawback")?.max(Decimal::ZERO);
            Some(FinalClawback {
                year: f.year,
                days_in_force,
                days_in_year,
                prorated_mpr: Amount::new(prorated),
                actual_revenue: Amount::new(actual),
                clawback: Amount::new(clawback),
            })
        }
    };
    let compensation = match i.compensation {
        Compensation::NetBookValue => back,
        Compensation::UnrecoveredInvestment => unrecovered,
        Compensation::None => Decimal::ZERO,
    };
    let claw = final_clawback.as_ref().map_or(Decimal::ZERO, |f| f.clawback.get());
    let net = money::sub(compensation, claw, "net_due_to_operator")?;
    let basis = match i.compensation {
        Compensation::NetBookValue => "net book value of the assets handed back (返还资产账面净值)",
        Compensation::UnrecoveredInvestment => "investment not yet recovered (未回收投资)",
        Compensation::None => "none: hand-back without consideration",
    };
    let mut e = Explanation::new("lifecycle.exit_settlement", "Exit settlement 提前终止退出结算", "net due to the operator = compensation − final claw-back")
        .input("terminated (提前终止)", terminated)
        .input("term end cut short", term.term_end)
        .input("net book value handed back (返还处置)", Amount::new(back))
        .input("net book value retained", Amount::new(kept))
        .input("investment − recovered", format!("{investment} − {recovered} → {unrecovered}"))
        .input("compensation basis", basis)
        .result(Amount::new(net));
    if let Some(f) = &final_clawback {
        e = e
            .input(format!("{} MPR pro rata", f.year), format!("MPR × {} / {} days = {}", f.days_in_force, f.days_in_year, f.prorated_mpr))
            .input("final claw-back max(0, actual − pro-rata MPR)", format!("max(0, {} − {}) = {}", f.actual_revenue, f.prorated_mpr, f.clawback))
            .rounding(format!("pro-rata MPR {}", i.rounding.describe()));
    }
    Ok(ExitSettlement {
        terminated,
        term_end: term.term_end,
        days_cut: i64::from(term.term_end.days() - terminated.days()),
        assets_handed_back: ids,
        net_book_value_handed_back: Amount::new(back),
        net_book_value_retained: Amount::new(kept),
        unrecovered_investment: Amount::new(unrecovered),
        final_clawback,
        compensation_basis: i.compensation,
        compensation: Amount::new(compensation),
        net_due_to_operator: Amount::new(net),
        explanation: e,
    })
}
