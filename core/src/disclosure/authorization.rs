//! The authorization disclosure (授权信息披露): who is authorized, for what, in what scope and
//! for how long, published within a deadline of working days after signing (大冶:
//! "市政务服务和大数据管理局在授权运营协议签订后15个工作日内,主动向社会披露授权对象、内容、范围和时限").

use serde::{Deserialize, Serialize};

use super::table::{Disclose, Table, Tables};
use crate::date::Date;
use crate::error::{Error, Result, ResultExt};
use crate::lifecycle::{Calendar, Lifecycle};

/// The default deadline, in working days after signing (大冶: 15个工作日).
pub const DEFAULT_DISCLOSURE_WORKING_DAYS: u32 = 15;

/// The authorization disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuthorizationDisclosure {
    /// The authorizing body (授权主体).
    pub authority: String,
    /// Who is authorized (授权对象).
    pub operator: String,
    /// What (授权内容).
    pub content: String,
    /// Scope (授权范围).
    pub scope: String,
    /// Term (时限): first day.
    pub start: Date,
    /// Term: last day (inclusive).
    pub last_day: Date,
    /// Renewals counted in the term.
    pub renewals: usize,
    /// Suspensions `[start, end)` as text.
    pub suspensions: Vec<String>,
    /// Early termination, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<Date>,
    /// The day the agreement was signed.
    pub signed: Date,
    /// The deadline in working days.
    pub working_days: u32,
    /// The last day to publish.
    pub deadline: Date,
    /// The day it was (or is to be) published, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// Whether publication is on time (`published ≤ deadline`), when a day is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_time: Option<bool>,
}

fn or_unstated(s: &str) -> String {
    if s.trim().is_empty() {
        "not stated 未注明".into()
    } else {
        s.to_string()
    }
}

/// Build the disclosure. Errors: no authorization ([`Error::Missing`] `lifecycle.authorization`),
/// no signing day (`lifecycle.authorization.signed`), a bad term or calendar (at its field).
pub fn authorization_disclosure(lc: &Lifecycle, calendar: &Calendar, working_days: u32, published: Option<Date>) -> Result<AuthorizationDisclosure> {
    let a = lc.authorization.as_ref().ok_or_else(|| Error::Missing { field: "lifecycle.authorization".into(), value: "an authorization".into() })?;
    let term = a.term(lc.max_term_years).within("lifecycle.authorization")?;
    let signed = a.signed.ok_or_else(|| Error::Missing { field: "lifecycle.authorization.signed".into(), value: "the day the agreement was signed".into() })?;
    calendar.validate().within("calendar")?;
    let deadline = calendar.add_working_days(signed, working_days)?;
    let last_day = Date::from_days(term.end.days() - 1).unwrap_or(term.end);
    Ok(AuthorizationDisclosure {
        authority: or_unstated(&a.authority),
        operator: or_unstated(&a.operator),
        content: or_unstated(a.content.as_deref().unwrap_or("")),
        scope: or_unstated(a.scope.as_deref().unwrap_or("")),
        start: term.start,
        last_day,
        renewals: a.renewals.len(),
        suspensions: a.suspensions.iter().map(|s| format!("[{}, {})", s.start, s.end)).collect(),
        terminated: a.terminated,
        signed,
        working_days,
        deadline,
        published,
        on_time: published.map(|p| p <= deadline),
    })
}

impl Disclose for AuthorizationDisclosure {
    fn tables(&self) -> Tables {
        let mut items = vec![
            ("Authorizing body 授权主体".to_string(), self.authority.clone()),
            ("Authorized party 授权对象".into(), self.operator.clone()),
            ("Content 授权内容".into(), self.content.clone()),
            ("Scope 授权范围".into(), self.scope.clone()),
            ("Term 授权时限".into(), format!("{} – {}", self.start, self.last_day)),
            ("Renewals 续签次数".into(), self.renewals.to_string()),
        ];
        if !self.suspensions.is_empty() {
            items.push(("Suspended 暂停执行".into(), self.suspensions.join("; ")));
        }
        if let Some(t) = self.terminated {
            items.push(("Terminated early 提前终止".into(), t.to_string()));
        }
        items.push(("Signed 协议签订日".into(), self.signed.to_string()));
        items.push(("Disclose by 披露期限".into(), format!("{} ({} working days 个工作日)", self.deadline, self.working_days)));
        if let Some(p) = self.published {
            let verdict = if self.on_time == Some(true) { "on time 按期" } else { "late 逾期" };
            items.push(("Published 披露日".into(), format!("{p} ({verdict})")));
        }
        let mut t = Table::new("authorization", "Authorization", "授权信息").text("item", "Item", "项目").text("value", "Value", "内容");
        for (k, v) in items {
            t.push(vec![k, v]);
        }
        Tables { en: "Authorization disclosure".into(), zh: "公共数据授权运营信息披露".into(), meta: vec![], tables: vec![t] }
    }
}
