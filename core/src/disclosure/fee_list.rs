//! The public fee list (收费公示): every product in every scenario, free or paid, its cap and
//! the actual fees in force during a year.
//!
//! One row per (product, scenario) in catalog order, except that a paid pair whose fee
//! changes during the year has one row per fee:
//!
//! - a free use (公共治理 / 公益事业): `status = free`, fee `"free"` and the reason;
//! - a paid use: each actual fee in force at some time in the year (the latest effective on
//!   or before 1 January, then every fee effective later in the year, by date), with the
//!   schedule in words, its effective date, the date a later fee replaces it in the year,
//!   and whether it complies with the year's cap;
//! - a paid use without any fee in force: `status = no_fee`.
//!
//! The cap shown is the year's cap as quoted (with VAT when the profile quotes with VAT).
//! Fees effective after the year are not listed.
//!
//! As a Chinese 收费公示 the list also carries ([`Publication`]): 试行 on every fee when the
//! scenario's stage is trial (试行收费标准: the title, each row and each rendered fee cell say
//! so), the basis (收费依据: the approving document's number), each product's service form
//! (服务形式) and registration number (登记编号), the operator (运营机构: by default the
//! catalog's operator party) and a complaint channel (投诉举报: by default 12315 and 12345).

use serde::{Deserialize, Serialize};

use super::table::{bilingual, category_label, charging_form_label, opt, yes_no, Disclose, Table, Tables};
use crate::catalog::{Category, ChargingForm, RegistrationLevel, ServiceForm};
use crate::error::{Error, Result, ResultExt};
use crate::money::UnitPrice;
use crate::mpr::Stage;
use crate::scenario::{ChainResult, Fee, ScenarioDoc};

/// The complaint channel printed when none is given: the market-regulation hotline 12315
/// (price complaints) and the government service hotline 12345.
pub const DEFAULT_COMPLAINT_CHANNEL: &str = "12315 (市场监管投诉举报) / 12345 (政务服务便民热线)";

/// What a 收费公示 states besides the fees: the basis, the operator, the complaint channel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// 收费依据: the number of the document approving the caps (e.g. "X发改价格〔2026〕N号").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The operator (运营机构); default the name of the catalog's operator party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The complaint channel (投诉举报渠道); default [`DEFAULT_COMPLAINT_CHANNEL`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint_channel: Option<String>,
}

/// Service form in Chinese.
pub fn service_form_zh(f: ServiceForm) -> &'static str {
    match f {
        ServiceForm::Dataset => "数据集",
        ServiceForm::Api => "接口",
        ServiceForm::Model => "算法模型",
        ServiceForm::Report => "报告",
        ServiceForm::DatasetApi => "数据集、接口",
    }
}

fn service_form_label(f: ServiceForm) -> String {
    let en = match f {
        ServiceForm::Dataset => "dataset",
        ServiceForm::Api => "API",
        ServiceForm::Model => "model",
        ServiceForm::Report => "report",
        ServiceForm::DatasetApi => "dataset and API",
    };
    format!("{en} {}", service_form_zh(f))
}

/// Whether a pair is free, paid, or paid without a published fee yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeeStatus {
    /// Free use (免费).
    Free,
    /// A fee is published (收费).
    Paid,
    /// Chargeable, but no fee is in force (尚未公布收费标准).
    NoFee,
}

impl FeeStatus {
    fn label(self) -> &'static str {
        match self {
            FeeStatus::Free => "free 免费",
            FeeStatus::Paid => "paid 收费",
            FeeStatus::NoFee => "no fee published 尚未公布收费标准",
        }
    }
}

/// One row of the fee list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeeRow {
    /// Product id.
    pub product: String,
    /// Product name.
    pub product_name: String,
    /// Chinese product name, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name_zh: Option<String>,
    /// Scenario id.
    pub scenario: String,
    /// Scenario name.
    pub scenario_name: String,
    /// Scenario category.
    pub category: Category,
    /// The category in Chinese.
    pub category_zh: String,
    /// Free, paid or no fee yet.
    pub status: FeeStatus,
    /// Whether the use is free.
    pub free: bool,
    /// Why it is free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_reason: Option<String>,
    /// Charging form.
    pub charging_form: ChargingForm,
    /// The charging form in Chinese.
    pub charging_form_zh: String,
    /// Service form (服务形式).
    pub service_form: ServiceForm,
    /// The service form in Chinese.
    pub service_form_zh: String,
    /// Registration number (登记编号), when the product is registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    /// Registration level (登记层级).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_level: Option<RegistrationLevel>,
    /// Whether the fee is a trial fee (试行收费标准): a paid row while the stage is trial.
    #[serde(default)]
    pub trial: bool,
    /// Unit of quantity.
    pub unit: String,
    /// The year's cap as quoted (absent for a free use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<UnitPrice>,
    /// The actual fee in words; `"free"` for a free use; `"no fee published"` when none.
    pub actual_fee: String,
    /// Effective date of the fee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// The date a later fee replaces this one within the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_on: Option<String>,
    /// Whether the fee complies with the year's cap (`charge(q) ≤ cap × q` for every q).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliant: Option<bool>,
    /// Id of the cap's working paper in the chain result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_explanation: Option<String>,
}

/// The public fee list of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeeList {
    /// The exercise's name.
    pub name: String,
    /// The year.
    pub year: i32,
    /// The profile's name.
    pub profile: String,
    /// Whether caps and fees are quoted with VAT.
    pub prices_include_vat: bool,
    /// Formal or trial (试行): with a trial stage every fee is a trial fee.
    pub stage: Stage,
    /// 收费依据: the approving document's number, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The operator (运营机构), when given or found in the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The complaint channel (投诉举报).
    pub complaint_channel: String,
    /// The rows.
    pub rows: Vec<FeeRow>,
}

/// The fees of (product, scenario) in force at some time during `year`, by effective date.
pub(crate) fn fees_in_year<'a>(doc: &'a ScenarioDoc, product: &str, scenario: &str, year: i32) -> Vec<&'a Fee> {
    let start = format!("{year:04}-01-01");
    let end = format!("{year:04}-12-31");
    let mut mine: Vec<&Fee> = doc.fees.iter().filter(|f| f.product == product && f.scenario == scenario && f.effective <= end).collect();
    // The crate's one stable sort (`costs::order`): no copy of the sort for this call alone.
    crate::costs::order::sort_stable_by(&mut mine, |a, b| a.effective.cmp(&b.effective));
    let first = mine.iter().rposition(|f| f.effective <= start).unwrap_or(0);
    mine.split_off(first)
}

/// The public fee list of `year` (a year of the chain's period; otherwise
/// [`Error::OutOfRange`] on `year`). `chain` must be the result of running `doc`.
///
/// ```
/// use serde_json::json;
/// let out = datafee::api::call("disclosure.fee_list", json!({"document": {
///   "name": "demo", "first_year": 2026, "profile": {"period_years": 1},
///   "catalog": {
///     "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
///                   {"id": "gov", "name": "Governance", "category": "public_governance"}],
///     "products": [{"id": "r", "name": "Report", "name_zh": "报告", "service_form": "report",
///                   "charging_form": "per_item", "unit": "report", "scenarios": ["ind", "gov"]}]},
///   "costs": {"ledger": {"entries": [
///     {"category": "personnel", "year": 2026, "product": "r", "amount": "2000.00"}]}},
///   "forecasts": [{"product": "r", "scenario": "ind", "volume": "100"},
///                 {"product": "r", "scenario": "gov", "volume": "100"}],
///   "fees": [{"product": "r", "scenario": "ind", "effective": "2026-01-01",
///             "schedule": {"kind": "flat", "price": "9.00"}}]}}))?;
/// assert_eq!(out["rows"][0]["actual_fee"], "9.00 per unit");
/// assert_eq!(out["rows"][0]["compliant"], true);
/// assert_eq!(out["rows"][1]["actual_fee"], "free");
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn fee_list(doc: &ScenarioDoc, chain: &ChainResult, year: i32) -> Result<FeeList> {
    fee_list_with(doc, chain, year, &Publication::default())
}

/// The public fee list of `year` with the publication details of a 收费公示 ([`Publication`]).
pub fn fee_list_with(doc: &ScenarioDoc, chain: &ChainResult, year: i32, publication: &Publication) -> Result<FeeList> {
    let trial = chain.stage == Stage::Trial;
    let caps = chain.caps_for(year).ok_or_else(|| crate::review::period_error(chain, year))?;
    let mut rows = Vec::new();
    for (p, s) in doc.catalog.pairs() {
        let base = FeeRow {
            product: p.id.clone(),
            product_name: p.name.clone(),
            product_name_zh: p.name_zh.clone(),
            scenario: s.id.clone(),
            scenario_name: s.name.clone(),
            category: s.category,
            category_zh: s.category.zh().into(),
            status: FeeStatus::Free,
            free: true,
            free_reason: None,
            charging_form: p.charging_form,
            charging_form_zh: p.charging_form.zh().into(),
            service_form: p.service_form,
            service_form_zh: service_form_zh(p.service_form).into(),
            registration_number: p.registration_number.clone(),
            registration_level: p.registration_level,
            trial: false,
            unit: p.unit.clone(),
            cap: None,
            actual_fee: "free".into(),
            effective: None,
            replaced_on: None,
            compliant: None,
            cap_explanation: None,
        };
        if let Some(reason) = s.category.free_reason() {
            rows.push(FeeRow { free_reason: Some(reason.into()), ..base });
            continue;
        }
        let pair = format!("{}/{}", p.id, s.id);
        let line = caps.line(&p.id, &s.id).ok_or_else(|| Error::unknown("catalog", &pair))?;
        let cap = line.cap_quoted.ok_or_else(|| Error::Missing { field: "caps".into(), value: format!("the cap of {pair} in {year}") })?;
        let paid = FeeRow { free: false, cap: Some(cap), cap_explanation: Some(line.explanation.id.clone()), ..base };
        let fees = fees_in_year(doc, &p.id, &s.id, year);
        if fees.is_empty() {
            rows.push(FeeRow { status: FeeStatus::NoFee, actual_fee: "no fee published".into(), ..paid });
            continue;
        }
        for (k, f) in fees.iter().enumerate() {
            let i = doc.fees.iter().position(|g| std::ptr::eq(g, *f)).unwrap_or(0);
            let verdict = f.schedule.compliance_with(cap, p.step, doc.profile.cap_test).within(&format!("fees[{i}].schedule"))?;
            rows.push(FeeRow {
                status: FeeStatus::Paid,
                trial,
                actual_fee: f.schedule.describe(),
                effective: Some(f.effective.clone()),
                replaced_on: fees.get(k + 1).map(|n| n.effective.clone()),
                compliant: Some(verdict.compliant),
                ..paid.clone()
            });
        }
    }
    let operator =
        publication.operator.clone().or_else(|| doc.catalog.parties.iter().find(|p| p.kind == crate::catalog::PartyKind::Operator).map(|p| p.name.clone()));
    Ok(FeeList {
        name: doc.name.clone(),
        year,
        profile: doc.profile.name.clone(),
        prices_include_vat: doc.profile.prices_include_vat,
        stage: chain.stage,
        basis: publication.basis.clone(),
        operator,
        complaint_channel: publication.complaint_channel.clone().unwrap_or_else(|| DEFAULT_COMPLAINT_CHANNEL.into()),
        rows,
    })
}

impl Disclose for FeeList {
    fn tables(&self) -> Tables {
        let vat = if self.prices_include_vat { "caps and fees include VAT 含税" } else { "caps and fees exclude VAT 不含税" };
        let mut t = Table::new("fee_list", "Fees", "收费标准")
            .text("product", "Product id", "产品编号")
            .text("product_name", "Product", "产品名称")
            .text("scenario", "Scenario", "应用场景")
            .text("category", "Category", "场景类别")
            .text("status", "Free or paid", "是否收费")
            .text("service_form", "Service form", "服务形式")
            .text("registration_number", "Registration no.", "登记编号")
            .text("charging_form", "Charging form", "计费方式")
            .text("unit", "Unit", "计量单位")
            .num("cap", "Cap per unit", "上限收费标准")
            .text("fee", "Actual fee", "具体收费标准")
            .text("effective", "Effective", "执行日期")
            .text("replaced_on", "Replaced on", "调整日期")
            .text("compliant", "Within cap", "是否符合上限")
            .text("free_reason", "Reason free", "免费依据")
            .note(vat);
        for r in &self.rows {
            t.push(vec![
                r.product.clone(),
                bilingual(&r.product_name, r.product_name_zh.as_deref()),
                format!("{} ({})", r.scenario_name, r.scenario),
                category_label(r.category),
                r.status.label().into(),
                service_form_label(r.service_form),
                opt(r.registration_number.as_ref()),
                charging_form_label(r.charging_form),
                r.unit.clone(),
                opt(r.cap),
                if r.trial { format!("{} (试行 trial)", r.actual_fee) } else { r.actual_fee.clone() },
                opt(r.effective.as_ref()),
                opt(r.replaced_on.as_ref()),
                r.compliant.map(yes_no).unwrap_or_default(),
                opt(r.free_reason.as_ref()),
            ]);
        }
        let trial = self.stage == Stage::Trial;
        if trial {
            t = t.note("试行收费标准: every fee listed is a trial fee, set from budgets and forecasts before a complete year of operation (trial fees 试行).");
        }
        let mut meta = vec![("Name 名称".into(), self.name.clone()), ("Year 年度".into(), self.year.to_string())];
        if trial {
            meta.push(("Stage 阶段".into(), "trial fees 试行收费标准".into()));
        }
        meta.push(("Basis 收费依据".into(), self.basis.clone().unwrap_or_else(|| "not stated 未注明".into())));
        meta.push(("Operator 运营机构".into(), self.operator.clone().unwrap_or_else(|| "not stated 未注明".into())));
        meta.push(("Complaints 投诉举报".into(), self.complaint_channel.clone()));
        meta.push(("Profile 政策参数".into(), self.profile.clone()));
        Tables {
            en: if trial { "Public fee list (trial)".into() } else { "Public fee list".into() },
            zh: if trial { "收费公示(试行)".into() } else { "收费公示".into() },
            meta,
            tables: vec![t],
        }
    }
}
