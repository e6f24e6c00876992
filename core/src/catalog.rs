//! The catalog (产品和服务目录): parties, products and application scenarios.
//!
//! - **Parties (主体)**: data source units (数源单位), the operator (运营机构) and partners
//!   (产品开发商 / 合伙人).
//! - **Products (数据产品和服务)** with their service form (服务形式: dataset, API, model,
//!   report) and charging form (计费方式: per item 按产品数量, per call 按服务次数, per time unit
//!   按服务时间, per data volume 按数据调用量).
//! - **Scenarios (应用场景)** with their category, which decides free versus paid: public
//!   governance (公共治理) and public welfare (公益事业) are free; industry development
//!   (产业发展) and sector development (行业发展) may be charged a public-data operation service
//!   fee (公共数据运营服务费). The category of the *use* decides whether a call is charged.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::money::{Quantity, Rate};

/// Application scenario category (应用场景类别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Public governance (公共治理): free.
    PublicGovernance,
    /// Public welfare (公益事业): free.
    PublicWelfare,
    /// Industry development (产业发展): chargeable.
    IndustryDevelopment,
    /// Sector development (行业发展): chargeable.
    SectorDevelopment,
}

crate::unit_enum_reader!(
    Category,
    "Category",
    [
        PublicGovernance = "public_governance",
        PublicWelfare = "public_welfare",
        IndustryDevelopment = "industry_development",
        SectorDevelopment = "sector_development"
    ]
);

impl Category {
    /// Whether uses in this category may be charged.
    pub fn is_chargeable(self) -> bool {
        matches!(self, Category::IndustryDevelopment | Category::SectorDevelopment)
    }

    /// The Chinese term.
    pub fn zh(self) -> &'static str {
        match self {
            Category::PublicGovernance => "公共治理",
            Category::PublicWelfare => "公益事业",
            Category::IndustryDevelopment => "产业发展",
            Category::SectorDevelopment => "行业发展",
        }
    }

    /// The document name (`"public_governance"`).
    pub fn name(self) -> &'static str {
        match self {
            Category::PublicGovernance => "public_governance",
            Category::PublicWelfare => "public_welfare",
            Category::IndustryDevelopment => "industry_development",
            Category::SectorDevelopment => "sector_development",
        }
    }

    /// Why a use in this category is free, or `None` when it is chargeable.
    pub fn free_reason(self) -> Option<&'static str> {
        match self {
            Category::PublicGovernance => Some("public governance use (公共治理) is free of charge"),
            Category::PublicWelfare => Some("public welfare use (公益事业) is free of charge"),
            _ => None,
        }
    }
}

/// Service form (服务形式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceForm {
    /// Dataset (数据集).
    Dataset,
    /// API (接口).
    Api,
    /// Algorithm model (算法模型).
    Model,
    /// Report (报告).
    Report,
    /// Dataset and API both (数据集、API).
    DatasetApi,
}

crate::unit_enum_reader!(ServiceForm, "ServiceForm", [Dataset = "dataset", Api = "api", Model = "model", Report = "report", DatasetApi = "dataset_api"]);

/// Charging form (计费方式), naming the unit of quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChargingForm {
    /// Per product item (按产品数量).
    PerItem,
    /// Per service call (按服务次数).
    PerCall,
    /// Per service time unit (按服务时间), e.g. per month.
    PerTime,
    /// Per data-call volume (按数据调用量), e.g. per 10,000 records or per GB.
    PerVolume,
}

crate::unit_enum_reader!(ChargingForm, "ChargingForm", [PerItem = "per_item", PerCall = "per_call", PerTime = "per_time", PerVolume = "per_volume"]);

impl ChargingForm {
    /// The Chinese term.
    pub fn zh(self) -> &'static str {
        match self {
            ChargingForm::PerItem => "按产品数量",
            ChargingForm::PerCall => "按服务次数",
            ChargingForm::PerTime => "按服务时间",
            ChargingForm::PerVolume => "按数据调用量",
        }
    }
}

/// Kind of party (主体类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// Data source unit (数源单位).
    DataSource,
    /// The operator (运营机构).
    Operator,
    /// Product developer or partner (产品开发商 / 合伙人).
    Partner,
}

crate::unit_enum_reader!(PartyKind, "PartyKind", [DataSource = "data_source", Operator = "operator", Partner = "partner"]);

/// A party to the authorized operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CatalogParty"))]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: PartyKind,
    /// An administrative unit (行政机关) whose revenue share is non-tax revenue to the treasury.
    #[serde(default)]
    pub administrative: bool,
}

/// An application scenario (应用场景).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CatalogScenario"))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Category: decides free versus paid.
    pub category: Category,
    /// Optional multiplier on caps for prioritised scenarios (Fujian's trial fees), in (0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_multiplier: Option<Rate>,
}

/// A data product or service (数据产品和服务).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Chinese name, if different.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// Service form.
    pub service_form: ServiceForm,
    /// Charging form.
    pub charging_form: ChargingForm,
    /// The unit of quantity (`"call"`, `"report"`, `"month"`, `"10k records"`).
    #[serde(default = "default_unit")]
    pub unit: String,
    /// Billing granularity: quantities are multiples of this (default 1).
    #[serde(default = "one")]
    pub step: Quantity,
    /// The scenarios the product is offered in.
    pub scenarios: Vec<String>,
    /// Data source units supplying it.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The registration number (登记编号) under public data resource registration
    /// (公共数据资源登记); `None` for a product not registered. Shown on the fee list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    /// The registration level (登记层级): under 65号 it decides whether the central or the
    /// local pricing catalogue (定价目录) applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_level: Option<RegistrationLevel>,
    /// The day the product was approved (审定, 一产品一审定) and may be offered from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<Date>,
    /// The first day the product is withdrawn (下架): no use is rated from this day on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_on: Option<Date>,
    /// The datasets (数据集, ids in [`Catalog::datasets`]) the product is built from: its
    /// lineage (来源可溯).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<String>,
}

/// Registration level (登记层级) of a data product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegistrationLevel {
    /// Registered nationally (国家级): the central pricing catalogue.
    National,
    /// Registered with a province (省级): the local pricing catalogue.
    Provincial,
    /// Registered with a city (市级): the local pricing catalogue.
    Municipal,
}

impl RegistrationLevel {
    /// The Chinese term.
    pub fn zh(self) -> &'static str {
        match self {
            RegistrationLevel::National => "国家级",
            RegistrationLevel::Provincial => "省级",
            RegistrationLevel::Municipal => "市级",
        }
    }
}

/// A dataset (数据集 / 数据资源) with the data source unit that supplies it: the link between
/// products and sources (来源可溯、去向可查).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The data source unit (数源单位, a party id) supplying it.
    pub source: String,
}

fn default_unit() -> String {
    "unit".into()
}

fn one() -> Quantity {
    Quantity::new(rust_decimal::Decimal::ONE)
}

/// The largest catalog accepted (products or scenarios or parties).
pub const MAX_CATALOG_ITEMS: usize = 100_000;

/// Parties, scenarios and products, with lookups by id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Parties.
    #[serde(default)]
    pub parties: Vec<Party>,
    /// Scenarios.
    pub scenarios: Vec<Scenario>,
    /// Products.
    pub products: Vec<Product>,
    /// Datasets the products are built from (lineage), each with its source unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<Dataset>,
    /// A lookup index by id, built on the first lookup; not part of the document, ignored by
    /// `==`. Build a catalog in code with `..Default::default()` for this field.
    #[serde(skip)]
    pub index: CatalogIndex,
}

/// The id → position index behind [`Catalog::product`], [`Catalog::scenario`] and
/// [`Catalog::party`] (issue 15 item 5: a linear search per lookup made a 100,000-product
/// chain quadratic).
///
/// Built once, on the first lookup, from the first occurrence of each id. Every hit is
/// checked against the item it points to, and a miss falls back to a linear search, so a
/// catalog whose public vectors were changed after a lookup still answers correctly
/// (only more slowly).
#[derive(Default, Clone)]
pub struct CatalogIndex {
    products: std::sync::OnceLock<HashMap<String, usize>>,
    scenarios: std::sync::OnceLock<HashMap<String, usize>>,
    parties: std::sync::OnceLock<HashMap<String, usize>>,
}

impl std::fmt::Debug for CatalogIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CatalogIndex")
    }
}

impl PartialEq for CatalogIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for CatalogIndex {}

/// Look `id` up in `items` through `cache` (built on first use), checking the hit.
fn lookup<'a, T>(cache: &std::sync::OnceLock<HashMap<String, usize>>, items: &'a [T], id: &str, key: impl Fn(&T) -> &str) -> Option<&'a T> {
    let map = cache.get_or_init(|| {
        let mut m = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            m.entry(key(item).to_string()).or_insert(i);
        }
        m
    });
    match map.get(id).and_then(|&i| items.get(i)) {
        Some(item) if key(item) == id => Some(item),
        _ => items.iter().find(|item| key(item) == id),
    }
}

fn index<'a, T>(items: &'a [T], id: impl Fn(&T) -> &str, field: &str) -> Result<HashMap<&'a str, usize>> {
    if items.len() > MAX_CATALOG_ITEMS {
        return Err(Error::LimitExceeded { field: field.into(), value: items.len().to_string(), max: MAX_CATALOG_ITEMS.to_string() });
    }
    let mut map = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let k = id(item);
        if k.is_empty() {
            return Err(Error::invalid(format!("{field}[{i}].id"), "\"\"", "ids must not be empty"));
        }
        if map.insert(k, i).is_some() {
            return Err(Error::DuplicateId { field: format!("{field}[{i}].id"), value: k.to_string() });
        }
    }
    Ok(map)
}

impl Catalog {
    /// Check ids are unique and every reference resolves.
    pub fn validate(&self) -> Result<()> {
        let parties = index(&self.parties, |p| &p.id, "parties")?;
        let scenarios = index(&self.scenarios, |s| &s.id, "scenarios")?;
        index(&self.products, |p| &p.id, "products")?;
        let datasets = index(&self.datasets, |d| &d.id, "datasets")?;
        for (i, d) in self.datasets.iter().enumerate() {
            match parties.get(d.source.as_str()) {
                None => return Err(Error::unknown(format!("datasets[{i}].source"), &d.source)),
                Some(&k) if self.parties[k].kind != PartyKind::DataSource => {
                    return Err(Error::invalid(format!("datasets[{i}].source"), &d.source, "a dataset's source must be a data source unit"));
                }
                _ => {}
            }
        }
        if self.products.is_empty() {
            return Err(Error::Empty { field: "products".into(), value: "[]".into() });
        }
        for (i, s) in self.scenarios.iter().enumerate() {
            if let Some(m) = s.cap_multiplier {
                if m.get() <= rust_decimal::Decimal::ZERO || m.get() > rust_decimal::Decimal::ONE {
                    return Err(Error::out_of_range(format!("scenarios[{i}].cap_multiplier"), m, "in (0, 1]"));
                }
            }
        }
        for (i, p) in self.products.iter().enumerate() {
            if p.step.get() <= rust_decimal::Decimal::ZERO {
                return Err(Error::out_of_range(format!("products[{i}].step"), p.step, "> 0"));
            }
            if p.scenarios.is_empty() {
                return Err(Error::Empty { field: format!("products[{i}].scenarios"), value: "[]".into() });
            }
            for (j, s) in p.scenarios.iter().enumerate() {
                if !scenarios.contains_key(s.as_str()) {
                    return Err(Error::unknown(format!("products[{i}].scenarios[{j}]"), s));
                }
            }
            for (j, d) in p.datasets.iter().enumerate() {
                if !datasets.contains_key(d.as_str()) {
                    return Err(Error::unknown(format!("products[{i}].datasets[{j}]"), d));
                }
            }
            if let Some(n) = &p.registration_number {
                if n.trim().is_empty() {
                    return Err(Error::invalid(format!("products[{i}].registration_number"), "\"\"", "a registration number must not be blank"));
                }
            }
            if let (Some(a), Some(w)) = (p.approved_on, p.withdrawn_on) {
                if w <= a {
                    return Err(Error::out_of_range(format!("products[{i}].withdrawn_on"), w, format!("after approved_on {a}")));
                }
            }
            for (j, s) in p.sources.iter().enumerate() {
                match parties.get(s.as_str()) {
                    None => return Err(Error::unknown(format!("products[{i}].sources[{j}]"), s)),
                    Some(&k) if self.parties[k].kind != PartyKind::DataSource => {
                        return Err(Error::invalid(format!("products[{i}].sources[{j}]"), s, "a product's sources must be data source units"));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// The product with this id.
    pub fn product(&self, id: &str) -> Option<&Product> {
        lookup(&self.index.products, &self.products, id, |p| &p.id)
    }

    /// The scenario with this id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        lookup(&self.index.scenarios, &self.scenarios, id, |s| &s.id)
    }

    /// The dataset with this id.
    pub fn dataset(&self, id: &str) -> Option<&Dataset> {
        self.datasets.iter().find(|d| d.id == id)
    }

    /// The party with this id.
    pub fn party(&self, id: &str) -> Option<&Party> {
        lookup(&self.index.parties, &self.parties, id, |p| &p.id)
    }

    /// Whether a product is offered in a scenario.
    pub fn offers(&self, product: &str, scenario: &str) -> bool {
        self.product(product).is_some_and(|p| p.scenarios.iter().any(|s| s == scenario))
    }

    /// Every (product, scenario) pair offered, in catalog order.
    pub fn pairs(&self) -> impl Iterator<Item = (&Product, &Scenario)> {
        self.products.iter().flat_map(move |p| p.scenarios.iter().filter_map(move |s| self.scenario(s).map(|s| (p, s))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::doc::from_json(
            r#"{
            "parties": [{"id":"psb","name":"Public security bureau","kind":"data_source","administrative":true},
                        {"id":"op","name":"Operator","kind":"operator"}],
            "scenarios": [{"id":"ind","name":"Industry","category":"industry_development"},
                          {"id":"gov","name":"Governance","category":"public_governance"}],
            "products": [{"id":"p1","name":"Credit","service_form":"api","charging_form":"per_call","unit":"call",
                          "scenarios":["ind","gov"],"sources":["psb"]}]
        }"#,
        )
        .unwrap()
    }

    #[test]
    fn indexed_lookups_survive_changes_to_the_vectors() {
        let mut c = catalog();
        let first = c.products[0].id.clone();
        assert!(c.product(&first).is_some());
        assert!(c.product("nope").is_none());
        // Changed after the index was built: still correct.
        let mut moved = c.products.remove(0);
        assert!(c.product(&first).is_none());
        moved.id = "renamed".into();
        c.products.push(moved);
        assert_eq!(c.product("renamed").map(|p| p.id.as_str()), Some("renamed"));
        let other = c.products[0].id.clone();
        assert_eq!(c.product(&other).map(|p| p.id.as_str()), Some(other.as_str()));
        // The index is not part of equality or of the document.
        let fresh: Catalog = crate::doc::from_json(&crate::doc::to_json(&c).unwrap()).unwrap();
        assert_eq!(fresh, c);
        assert!(!crate::doc::to_json(&c).unwrap().contains("index"));
    }

    #[test]
    fn validates_references() {
        let c = catalog();
        c.validate().unwrap();
        assert!(c.offers("p1", "gov"));
        assert_eq!(c.pairs().count(), 2);
        let mut bad = c.clone();
        bad.products[0].scenarios.push("nope".into());
        let e = bad.validate().unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("unknown_id", "products[0].scenarios[2]", "nope"));
        let mut bad = c.clone();
        bad.products[0].sources = vec!["op".into()];
        assert_eq!(bad.validate().unwrap_err().code(), "invalid");
        let mut bad = c;
        bad.scenarios[1].id = "ind".into();
        assert_eq!(bad.validate().unwrap_err().code(), "duplicate_id");
    }

    #[test]
    fn categories() {
        assert!(Category::IndustryDevelopment.is_chargeable());
        assert!(!Category::PublicWelfare.is_chargeable());
        assert!(Category::PublicGovernance.free_reason().is_some());
    }
}
