//! The lifecycle around the pricing chain (授权运营全周期): product registration and approval
//! (登记, 一产品一审定), scenario approvals per customer (一场景一申请 / 一场景一授权), the
//! authorization term with renewals and suspensions (授权运营期限, 续签, 暂停执行), early
//! termination and its exit settlement (提前终止, 返还处置), and the credit-code check of
//! customers (统一社会信用代码, GB 32100-2015).
//!
//! A [`Lifecycle`] document rides on a rating tariff (`tariff.lifecycle`): when it is present,
//! rating admits a record only when
//!
//! 1. the authorization is in force on its day (`outside_authorization`) and not suspended
//!    (`suspended`);
//! 2. its product is registered and approved on that day (`product_not_registered`) and not
//!    withdrawn (`product_withdrawn`), unless `registration_required = false`;
//! 3. when `approvals` are given, its customer holds an approval covering its product,
//!    scenario and day (`scenario_not_approved`). A free use is granted only on an approved
//!    public-interest scenario: declaring "public welfare" on a record is not enough.
//!
//! These checks run after `outside_period` and before `no_fee_in_force`, in the order listed;
//! every record is still rated or rejected (`records in = rated + rejected`).
//!
//! ```
//! use serde_json::json;
//! let tariff = json!({
//!   "catalog": {"scenarios": [{"id": "fin", "name": "Finance", "category": "industry_development"},
//!                             {"id": "edu", "name": "Education", "category": "public_welfare"}],
//!               "products": [{"id": "credit", "name": "Credit API", "service_form": "api",
//!                             "charging_form": "per_call", "scenarios": ["fin", "edu"],
//!                             "registration_number": "HB-2026-0001", "approved_on": "2026-01-01"}]},
//!   "fees": [{"product": "credit", "scenario": "fin", "effective": "2026-01-01",
//!             "schedule": {"kind": "flat", "price": "0.50"}, "cap": "0.60"}],
//!   "period": {"start": "2026-01-01", "end": "2026-02-01"}, "vat_rate": "0.06",
//!   "lifecycle": {"authorization": {"operator": "op", "start": "2026-01-01", "term_years": 5},
//!                 "approvals": [{"customer": "acme", "product": "credit", "scenario": "fin",
//!                                "start": "2026-01-01", "end": "2027-01-01"}]}});
//! let rec = |id: &str, scenario: &str| json!({"id": id, "customer": "acme",
//!     "product": "credit", "scenario": scenario, "quantity": "10", "time": "2026-01-05"});
//! let out = datafee::api::call("rating.rate", json!({"tariff": tariff,
//!     "records": [rec("r1", "fin"), rec("r2", "edu")]}))?;
//! // acme holds no approval for the public-welfare scenario: its "free" use is refused.
//! assert_eq!(out["rejections_by_reason"]["scenario_not_approved"], 1);
//! assert_eq!(out["invoices"][0]["total"], "5.30");
//! # Ok::<(), datafee::Error>(())
//! ```

pub mod audit;
mod authorization;
mod calendar;
pub mod credit_code;
mod exit;
pub mod lineage;
pub mod ops;

pub use authorization::{add_years, Authorization, Renewal, Suspension, Term, MAX_TERM_EVENTS};
pub use calendar::{weekday, Calendar, MAX_CALENDAR_DAYS, MAX_WORKING_DAYS};
pub use exit::{exit_settlement, Compensation, ExitAsset, ExitInput, ExitSettlement, FinalClawback, FinalYear, MAX_EXIT_ASSETS};

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::date::Date;
use crate::error::{Error, Result, ResultExt};
use crate::money::Quantity;

/// The most scenario approvals one lifecycle document may list.
pub const MAX_APPROVALS: usize = 1_000_000;

/// Which uses need a scenario approval when approvals are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalScope {
    /// Every use, free or paid (一场景一申请 read for every scenario). The default.
    #[default]
    AllUses,
    /// Only free uses (public governance, public welfare): paid uses need no approval.
    FreeUses,
}

/// A scenario approval (场景授权): a customer may use a product in a scenario for a term of use
/// (使用期限) `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The approval's reference, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The customer (使用方), as named on usage records.
    pub customer: String,
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// First day of the term of use.
    pub start: Date,
    /// The day after the last day of the term of use (exclusive).
    pub end: Date,
    /// The use forecast over the approval's term, for per-customer forecasts in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast_volume: Option<Quantity>,
}

fn yes() -> bool {
    true
}

fn five() -> u32 {
    5
}

/// The lifecycle document: registration rule, authorization, scenario approvals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// Whether a product must be registered and approved before a use is rated (default
    /// `true`): 65号 and the seeds register products before they are offered.
    #[serde(default = "yes")]
    pub registration_required: bool,
    /// The longest term and renewal, in years (default 5: 大冶 "授权运营期限为5年", 六安
    /// "原则上不超过5年").
    #[serde(default = "five")]
    pub max_term_years: u32,
    /// The authorization; `None`: no term is enforced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<Authorization>,
    /// Scenario approvals; `None`: no approval is required. An empty list approves nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approvals: Option<Vec<Approval>>,
    /// Which uses need an approval (default every use).
    #[serde(default)]
    pub approvals_cover: ApprovalScope,
    /// Check approval customers as 统一社会信用代码 (GB 32100-2015); default `false`.
    #[serde(default)]
    pub check_credit_codes: bool,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            registration_required: true,
            max_term_years: 5,
            authorization: None,
            approvals: None,
            approvals_cover: ApprovalScope::AllUses,
            check_credit_codes: false,
        }
    }
}

impl Lifecycle {
    /// Check the document against a catalog; the authorization's term when one is given.
    /// Errors name the field (`authorization.suspensions[1].start`, `approvals[3].end`).
    pub fn validate(&self, catalog: &Catalog) -> Result<Option<Term>> {
        if !(1..=50).contains(&self.max_term_years) {
            return Err(Error::out_of_range("max_term_years", self.max_term_years, "1..=50"));
        }
        let term = match &self.authorization {
            Some(a) => Some(a.term(self.max_term_years).within("authorization")?),
            None => None,
        };
        if let Some(approvals) = &self.approvals {
            if approvals.len() > MAX_APPROVALS {
                return Err(Error::LimitExceeded { field: "approvals".into(), value: approvals.len().to_string(), max: MAX_APPROVALS.to_string() });
            }
            for (i, a) in approvals.iter().enumerate() {
                let f = |x: &str| format!("approvals[{i}].{x}");
                if a.customer.is_empty() {
                    return Err(Error::invalid(f("customer"), "\"\"", "an approval must name its customer"));
                }
                if self.check_credit_codes {
                    credit_code::check(&a.customer).within(&f("customer"))?;
                }
                let p = catalog.product(&a.product).ok_or_else(|| Error::unknown(f("product"), &a.product))?;
                if catalog.scenario(&a.scenario).is_none() {
                    return Err(Error::unknown(f("scenario"), &a.scenario));
                }
                if !p.scenarios.contains(&a.scenario) {
                    return Err(Error::invalid(f("scenario"), &a.scenario, format!("product {} is not offered in this scenario", a.product)));
                }
                if a.end <= a.start {
                    return Err(Error::invalid(f("end"), a.end, format!("an approval must end after it starts ({})", a.start)));
                }
                if let Some(v) = a.forecast_volume {
                    v.non_negative(&f("forecast_volume"))?;
                }
            }
        }
        Ok(term)
    }

    /// Check that a pricing period of `years` calendar years from `first_year` lies inside
    /// the authorization's term (a pricing period may not run past it). `Ok` when no
    /// authorization is given.
    ///
    /// ```
    /// let lc: datafee::lifecycle::Lifecycle = datafee::doc::from_json(
    ///     r#"{"authorization": {"start": "2026-07-01", "term_years": 5}}"#)?;
    /// lc.check_pricing_period(2026, 3)?;
    /// let e = lc.check_pricing_period(2029, 3).unwrap_err();
    /// assert_eq!((e.code(), e.field(), e.value()), ("out_of_range", "pricing_period", "2029-2031"));
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn check_pricing_period(&self, first_year: i32, years: u32) -> Result<()> {
        let Some(a) = &self.authorization else { return Ok(()) };
        let term = a.term(self.max_term_years).within("authorization")?;
        let last = i64::from(first_year) + i64::from(years) - 1;
        let text = format!("{first_year}-{last}");
        if years == 0 {
            return Err(Error::out_of_range("pricing_period.period_years", years, ">= 1"));
        }
        let (sy, _, _) = term.start.ymd();
        // The period's last day, 31 December of its last year, must fall inside the term; its
        // first year may be the year the term begins (a first, partial year under trial fees).
        let period_end = i32::try_from(last).ok().and_then(|y| Date::from_ymd(y, 12, 31).ok());
        let inside = first_year >= sy && period_end.is_some_and(|d| d < term.end);
        if !inside {
            let last_day = Date::from_days(term.end.days() - 1).map_or_else(String::new, |d| d.to_string());
            return Err(Error::out_of_range("pricing_period", text, format!("calendar years from {sy} ending by the term's last day {last_day}")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
