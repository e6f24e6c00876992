//! The table model every disclosure renders from (披露表格): named tables with bilingual
//! headings, cells as text.

use serde::Serialize;

use crate::catalog::{Category, ChargingForm};

/// A column: a stable key (the CSV header), an English and a Chinese heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Column {
    /// Stable key, snake_case (the CSV header).
    pub key: String,
    /// English heading.
    pub en: String,
    /// Chinese heading.
    pub zh: String,
    /// Whether the cells are figures (right-aligned; never altered in CSV).
    pub numeric: bool,
}

/// A table of a disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Table {
    /// Stable name, snake_case (the CSV file's name).
    pub name: String,
    /// English heading.
    pub en: String,
    /// Chinese heading.
    pub zh: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<String>>,
    /// Remarks printed under the table.
    pub notes: Vec<String>,
}

impl Table {
    /// An empty table.
    pub fn new(name: &str, en: &str, zh: &str) -> Self {
        Table { name: name.into(), en: en.into(), zh: zh.into(), columns: Vec::new(), rows: Vec::new(), notes: Vec::new() }
    }

    /// Add a text column.
    #[must_use]
    pub fn text(mut self, key: &str, en: &str, zh: &str) -> Self {
        self.columns.push(Column { key: key.into(), en: en.into(), zh: zh.into(), numeric: false });
        self
    }

    /// Add a figure column.
    #[must_use]
    pub fn num(mut self, key: &str, en: &str, zh: &str) -> Self {
        self.columns.push(Column { key: key.into(), en: en.into(), zh: zh.into(), numeric: true });
        self
    }

    /// Add a row (cells beyond the columns are dropped, missing ones left empty).
    pub fn push(&mut self, mut row: Vec<String>) {
        row.resize(self.columns.len(), String::new());
        self.rows.push(row);
    }

    /// Add a note.
    #[must_use]
    pub fn note(mut self, n: impl Into<String>) -> Self {
        self.notes.push(n.into());
        self
    }

    /// A two-column table of items and values (概况表).
    pub fn key_values(name: &str, en: &str, zh: &str, items: Vec<(String, String)>) -> Self {
        let mut t = Table::new(name, en, zh).text("item", "Item", "项目").num("value", "Value", "数值");
        for (k, v) in items {
            t.push(vec![k, v]);
        }
        t
    }
}

/// A whole disclosure as tables: a bilingual title, a few facts, the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tables {
    /// English title.
    pub en: String,
    /// Chinese title.
    pub zh: String,
    /// Facts under the title (name, year, profile), as (label, value).
    pub meta: Vec<(String, String)>,
    /// The tables, in order.
    pub tables: Vec<Table>,
}

/// A disclosure that can be laid out as tables and so rendered as CSV, Markdown or HTML.
pub trait Disclose {
    /// The tables of the disclosure.
    fn tables(&self) -> Tables;
}

/// `"industry development 产业发展"`.
pub fn category_label(c: Category) -> String {
    format!("{} {}", c.name().replace('_', " "), c.zh())
}

/// The document name of a charging form (`"per_call"`).
pub fn charging_form_name(f: ChargingForm) -> &'static str {
    match f {
        ChargingForm::PerItem => "per_item",
        ChargingForm::PerCall => "per_call",
        ChargingForm::PerTime => "per_time",
        ChargingForm::PerVolume => "per_volume",
    }
}

/// `"per call 按服务次数"`.
pub fn charging_form_label(f: ChargingForm) -> String {
    format!("{} {}", charging_form_name(f).replace('_', " "), f.zh())
}

/// `"yes 是"` / `"no 否"`.
pub fn yes_no(b: bool) -> String {
    if b {
        "yes 是".into()
    } else {
        "no 否".into()
    }
}

/// A name with its Chinese form when it differs.
pub fn bilingual(name: &str, zh: Option<&str>) -> String {
    match zh {
        Some(z) if !z.is_empty() && z != name => format!("{name} {z}"),
        _ => name.to_string(),
    }
}

/// An optional figure as text (empty when absent).
pub fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}
