//! Reports at the seeds' cadences (定期报告): the quarterly report to the data bureau and the
//! half-yearly public disclosure.
//!
//! 大冶: the operator reports quarterly to the data bureau on product marketisation and resource
//! use, and "至少每半年通过公开渠道公布公共数据产品清单和公共数据资源使用情况". Both are built from
//! the catalog and a rating's per-product summary of the period:
//!
//! 1. **product list** (公共数据产品清单): each product with its service form, registration number
//!    and level, scenarios, and its state at the period's end (registered, not registered,
//!    withdrawn);
//! 2. **marketisation** (产品市场化情况, quarterly only): records charged and free, quantity,
//!    revenue per product;
//! 3. **resource use** (公共数据资源使用情况): per dataset and per source unit
//!    ([`crate::lifecycle::lineage`]).

use serde::{Deserialize, Serialize};

use super::fee_list::service_form_zh;
use super::table::{opt, Disclose, Table, Tables};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::lifecycle::lineage::{resource_use, ResourceUse};
use crate::money::Rounding;
use crate::rating::{Date, ProductSummary};

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// The quarterly report to the data bureau (季度报告), `index` 1..=4.
    Quarterly,
    /// The half-yearly public disclosure (半年度公开披露), `index` 1..=2.
    HalfYearly,
}

/// One product in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListedProduct {
    /// Product id.
    pub product: String,
    /// Name (with the Chinese name).
    pub name: String,
    /// Service form in Chinese.
    pub service_form_zh: String,
    /// Registration number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    /// State at the period's end: `registered`, `not_registered`, `withdrawn`.
    pub state: String,
    /// Scenario ids.
    pub scenarios: Vec<String>,
    /// Records charged in the period.
    pub charged_records: u64,
    /// Records rated free.
    pub free_records: u64,
    /// Quantity charged and free.
    pub quantity: crate::money::Quantity,
    /// Revenue.
    pub revenue: crate::money::Amount,
}

/// A quarterly or half-yearly report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PeriodicReport {
    /// Which report.
    pub cadence: Cadence,
    /// Year.
    pub year: i32,
    /// Quarter or half.
    pub index: u32,
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub last_day: Date,
    /// The product list.
    pub products: Vec<ListedProduct>,
    /// Use per dataset and per source.
    pub resource_use: ResourceUse,
}

/// Build the report of `year`, quarter or half `index`, from the period's per-product summary.
pub fn periodic_report(catalog: &Catalog, cadence: Cadence, year: i32, index: u32, products: &[ProductSummary], rounding: &Rounding) -> Result<PeriodicReport> {
    let (n, months) = match cadence {
        Cadence::Quarterly => (4, 3),
        Cadence::HalfYearly => (2, 6),
    };
    if !(1..=n).contains(&index) {
        return Err(Error::out_of_range("index", index, format!("1..={n}")));
    }
    let start = Date::from_ymd(year, (index - 1) * months + 1, 1).map_err(|_| Error::out_of_range("year", year, "1..=9998"))?;
    let next = if index == n { Date::from_ymd(year + 1, 1, 1) } else { Date::from_ymd(year, index * months + 1, 1) }
        .map_err(|_| Error::out_of_range("year", year, "1..=9998"))?;
    let last_day = Date::from_days(next.days() - 1).unwrap_or(start);
    let ru = resource_use(catalog, products, rounding)?;
    let mut listed = Vec::with_capacity(catalog.products.len());
    for p in &catalog.products {
        let s = products.iter().find(|s| s.product == p.id);
        let state = match (&p.registration_number, p.approved_on, p.withdrawn_on) {
            (_, _, Some(w)) if w <= last_day => "withdrawn",
            (Some(_), Some(a), _) if a <= last_day => "registered",
            _ => "not_registered",
        };
        let quantity = match s {
            Some(s) => crate::money::add(s.quantity.get(), s.free_quantity.get(), "quantity")?,
            None => rust_decimal::Decimal::ZERO,
        };
        listed.push(ListedProduct {
            product: p.id.clone(),
            name: super::table::bilingual(&p.name, p.name_zh.as_deref()),
            service_form_zh: service_form_zh(p.service_form).into(),
            registration_number: p.registration_number.clone(),
            state: state.into(),
            scenarios: p.scenarios.clone(),
            charged_records: s.map_or(0, |s| s.records),
            free_records: s.map_or(0, |s| s.free_records),
            quantity: crate::money::Quantity::new(quantity),
            revenue: s.map_or(crate::money::Amount::new(rust_decimal::Decimal::new(0, 2)), |s| s.revenue),
        });
    }
    Ok(PeriodicReport { cadence, year, index, start, last_day, products: listed, resource_use: ru })
}

fn state_label(s: &str) -> &'static str {
    match s {
        "registered" => "registered 已登记",
        "withdrawn" => "withdrawn 已下架",
        _ => "not registered 未登记",
    }
}

impl Disclose for PeriodicReport {
    fn tables(&self) -> Tables {
        let mut list = Table::new("products", "Public data product list", "公共数据产品清单")
            .text("product", "Product", "产品")
            .text("service_form", "Service form", "服务形式")
            .text("registration_number", "Registration no.", "登记编号")
            .text("state", "State", "状态")
            .text("scenarios", "Scenarios", "应用场景");
        let mut market = Table::new("marketisation", "Product marketisation", "产品市场化情况")
            .text("product", "Product", "产品")
            .num("charged_records", "Records charged", "收费调用次数")
            .num("free_records", "Records free", "免费调用次数")
            .num("quantity", "Quantity", "使用量")
            .num("revenue", "Revenue", "收入");
        for p in &self.products {
            list.push(vec![
                format!("{} ({})", p.name, p.product),
                p.service_form_zh.clone(),
                opt(p.registration_number.as_ref()),
                state_label(&p.state).into(),
                p.scenarios.join(", "),
            ]);
            market.push(vec![p.product.clone(), p.charged_records.to_string(), p.free_records.to_string(), p.quantity.to_string(), p.revenue.to_string()]);
        }
        let use_table = |name: &str, en: &str, zh: &str, lines: &[crate::lifecycle::lineage::UseLine]| {
            let mut t = Table::new(name, en, zh)
                .text("id", "Id", "编号")
                .text("name", "Name", "名称")
                .text("products", "Products", "产品")
                .num("charged_records", "Records charged", "收费调用次数")
                .num("free_records", "Records free", "免费调用次数")
                .num("quantity", "Quantity", "使用量")
                .num("revenue", "Revenue attributable", "归属收入");
            for l in lines {
                t.push(vec![
                    l.id.clone(),
                    l.name.clone(),
                    l.products.join(", "),
                    l.charged_records.to_string(),
                    l.free_records.to_string(),
                    l.quantity.to_string(),
                    l.revenue.to_string(),
                ]);
            }
            t
        };
        let ru = &self.resource_use;
        let datasets = use_table("datasets", "Resource use by dataset", "公共数据资源使用情况(数据集)", &ru.datasets);
        let sources = use_table("sources", "Resource use by source unit", "公共数据资源使用情况(数源单位)", &ru.sources).note(format!(
            "Unattributed revenue (products with no dataset or source) 未归属收入: {}; total 合计: {}",
            ru.unattributed_revenue, ru.total_revenue
        ));
        let (en, zh, tables) = match self.cadence {
            Cadence::Quarterly => (
                format!("Quarterly report {} Q{}", self.year, self.index),
                format!("{}年第{}季度运营情况报告", self.year, self.index),
                vec![list, market, datasets, sources],
            ),
            Cadence::HalfYearly => (
                format!("Half-yearly disclosure {} H{}", self.year, self.index),
                format!("{}年{}半年公共数据产品清单和资源使用情况", self.year, if self.index == 1 { "上" } else { "下" }),
                vec![list, datasets, sources],
            ),
        };
        Tables { en, zh, meta: vec![("Period 期间".into(), format!("{} – {}", self.start, self.last_day))], tables }
    }
}
