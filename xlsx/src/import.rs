//! Import (导入): cost ledgers (成本台账), asset registers (资产台账), forecasts (业务量预测)
//! and scenario approvals (场景授权) from an .xlsx sheet or a CSV file, into the core's own
//! types ([`Ledger`], [`Asset`], [`Forecast`], [`Approval`]).
//!
//! A sheet has one header row (the first non-empty row) and one record per row below it;
//! empty rows are skipped. A heading names its column by the column's key (`amount`), its
//! Chinese heading (`金额`), its English heading (`Amount`), or both as this crate writes
//! them (`金额 Amount`), in any case; [`SheetKind::columns`] lists them. An unknown heading is
//! refused (a misspelt optional column would otherwise be dropped silently).
//!
//! Each cell is read by its column's [`Kind`]: a decimal from a text cell exactly as written
//! (`"1000.00"`), or from a number cell as the shortest decimal of its `f64` (what the
//! spreadsheet shows); a year or whole number from an integral number or digits; a date
//! `YYYY-MM-DD` from text or a date cell, checked to exist; a month `YYYY-MM`. Then the record
//! goes through the core's own deserializer and checks ([`CostEntry::validate`],
//! [`Asset::validate`]), whose refusal is reported at the cell of the field it names.
//!
//! Limits (refused with [`Error::TooLarge`] before or while reading): a file above
//! [`MAX_FILE_BYTES`]; a sheet reaching past row [`MAX_ROWS`] + 1 (one header and
//! [`MAX_ROWS`] records) or past column [`MAX_COLUMNS`]; a cell of more than
//! [`MAX_CELL_CHARS`] characters. An .xlsx file's shared strings are read whole when it is
//! opened, so the file-size bound is what bounds them.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, DataRef, Reader, Xlsx};
use datafee::caps::Forecast;
use datafee::costs::{Asset, AssetKind, CostCategory, CostEntry, Ledger, YearMonth};
use datafee::lifecycle::Approval;
use datafee::rating::Date;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{Error, Place, Result};
use crate::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};

/// What a column holds.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Free text (ids, names, notes).
    Text,
    /// An exact decimal (money, volumes).
    Decimal,
    /// A calendar year.
    Year,
    /// A whole number ≥ 0 (months of life).
    Whole,
    /// `true`/`false` (also `yes`/`no`, `是`/`否`, `1`/`0`).
    Bool,
    /// A month `YYYY-MM`.
    Month,
    /// A date `YYYY-MM-DD`.
    Date,
    /// One of a closed set of names, checked by the core's deserializer; the text says which.
    Enum(fn(&str) -> bool, &'static str),
}

/// One column of a sheet kind.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// The field of the core type (and the CSV key).
    pub key: &'static str,
    /// English heading.
    pub en: &'static str,
    /// Chinese heading.
    pub zh: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether every record must have it.
    pub required: bool,
}

/// A kind of sheet that can be imported.
#[derive(Debug, Clone, Copy)]
pub struct SheetKind {
    /// The sheet's name as this crate writes it (`成本台账 ledger`), and the sheet looked for.
    pub sheet: &'static str,
    /// Stable key (`ledger`).
    pub key: &'static str,
    /// English heading.
    pub en: &'static str,
    /// Chinese heading.
    pub zh: &'static str,
    /// The columns.
    pub columns: &'static [ColumnSpec],
}

const fn col(key: &'static str, en: &'static str, zh: &'static str, kind: Kind, required: bool) -> ColumnSpec {
    ColumnSpec { key, en, zh, kind, required }
}

fn is<T: DeserializeOwned>(s: &str) -> bool {
    serde_json::from_value::<T>(Value::String(s.to_string())).is_ok()
}

/// The cost ledger (成本台账): one row per [`CostEntry`].
pub const LEDGER: SheetKind = SheetKind {
    sheet: "成本台账 ledger",
    key: "ledger",
    en: "Cost ledger",
    zh: "成本台账",
    columns: &[
        col("id", "Id", "编号", Kind::Text, false),
        col("category", "Category", "成本科目", Kind::Enum(is::<CostCategory>, "a cost category (personnel, operation_maintenance, compute, …)"), true),
        col("year", "Year", "年度", Kind::Year, true),
        col("product", "Product", "产品", Kind::Text, false),
        col("pool", "Pool", "共享成本池", Kind::Text, false),
        col(
            "scenario_category",
            "Scenario category",
            "场景类别",
            Kind::Enum(is::<datafee::catalog::Category>, "a scenario category (industry_development, public_governance, …)"),
            false,
        ),
        col("amount", "Amount", "金额", Kind::Decimal, true),
        col("permitted", "Permitted", "准许", Kind::Bool, false),
        col("subsidy", "Subsidy", "政府补助", Kind::Decimal, false),
        col("note", "Note", "备注", Kind::Text, false),
    ],
};

/// The asset register (资产台账): one row per [`Asset`].
pub const ASSETS: SheetKind = SheetKind {
    sheet: "资产台账 assets",
    key: "assets",
    en: "Asset register",
    zh: "资产台账",
    columns: &[
        col("id", "Id", "资产编号", Kind::Text, true),
        col("name", "Name", "名称", Kind::Text, false),
        col("kind", "Kind", "资产类别", Kind::Enum(is::<AssetKind>, "an asset kind (fixed, intangible)"), true),
        col("cost", "Cost", "原值", Kind::Decimal, true),
        col("residual", "Residual", "残值", Kind::Decimal, false),
        col("life_months", "Life (months)", "使用月数", Kind::Whole, true),
        col("in_service", "In service", "投入使用月份", Kind::Month, true),
        col("grant_funded", "Grant funded", "财政资金购置", Kind::Bool, false),
        col("obtained_free", "Obtained free", "无偿取得", Kind::Bool, false),
        col("product", "Product", "产品", Kind::Text, false),
        col("pool", "Pool", "共享成本池", Kind::Text, false),
    ],
};

/// The forecasts (业务量预测): one row per [`Forecast`].
pub const FORECASTS: SheetKind = SheetKind {
    sheet: "业务量预测 forecasts",
    key: "forecasts",
    en: "Forecast volumes",
    zh: "业务量预测",
    columns: &[
        col("product", "Product", "产品", Kind::Text, true),
        col("scenario", "Scenario", "应用场景", Kind::Text, true),
        col("year", "Year", "年度", Kind::Year, false),
        col("volume", "Volume", "预测业务量", Kind::Decimal, true),
    ],
};

/// The scenario approvals (场景授权): one row per [`Approval`].
pub const APPROVALS: SheetKind = SheetKind {
    sheet: "场景授权 approvals",
    key: "approvals",
    en: "Scenario approvals",
    zh: "场景授权",
    columns: &[
        col("id", "Id", "授权编号", Kind::Text, false),
        col("customer", "Customer", "使用方", Kind::Text, true),
        col("product", "Product", "产品", Kind::Text, true),
        col("scenario", "Scenario", "应用场景", Kind::Text, true),
        col("start", "Start", "起始日期", Kind::Date, true),
        col("end", "End (exclusive)", "终止日期", Kind::Date, true),
        col("forecast_volume", "Forecast volume", "预测使用量", Kind::Decimal, false),
    ],
};

/// Where the records come from.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// An .xlsx workbook; `sheet`: the sheet to read, by default the kind's sheet
    /// ([`SheetKind::sheet`], or one whose name contains its key), else the first sheet.
    Xlsx {
        /// The file's bytes.
        bytes: &'a [u8],
        /// The sheet's name.
        sheet: Option<&'a str>,
    },
    /// A CSV file (RFC 4180, UTF-8, a byte-order mark allowed); `name` names it in errors.
    Csv {
        /// The file's bytes.
        bytes: &'a [u8],
        /// The name errors give it (the file's name).
        name: &'a str,
    },
}

/// A cell as read.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell, as `YYYY-MM-DD`.
    Date(String),
    /// A spreadsheet error value (`#DIV/0!`).
    Error(String),
}

impl Cell {
    fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Date(s) | Cell::Error(s) => s.clone(),
            Cell::Number(f) => format!("{f}"),
            Cell::Bool(b) => b.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A sheet's rows, each with its 0-based row index.
struct Grid {
    sheet: String,
    rows: Vec<(u32, Vec<Cell>)>,
}

fn too_large(what: String, value: impl ToString, max: impl ToString) -> Error {
    Error::TooLarge { what, value: value.to_string(), max: max.to_string() }
}

fn check_file(bytes: &[u8], what: &str) -> Result<()> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(format!("{what}: file"), format!("{} bytes", bytes.len()), format!("{MAX_FILE_BYTES} bytes")));
    }
    Ok(())
}

fn check_extent(sheet: &str, row: u32, column: u32) -> Result<()> {
    if u64::from(row) > MAX_ROWS as u64 {
        return Err(too_large(format!("sheet {sheet:?}: rows"), u64::from(row) + 1, MAX_ROWS + 1));
    }
    if column as usize >= MAX_COLUMNS {
        return Err(too_large(format!("sheet {sheet:?}: columns"), column + 1, MAX_COLUMNS));
    }
    Ok(())
}

fn check_text(sheet: &str, row: u32, column: u32, s: &str) -> Result<()> {
    let n = s.chars().count();
    if n > MAX_CELL_CHARS {
        let cell = crate::error::cell_name(row, column as u16);
        return Err(too_large(format!("sheet {sheet:?}, cell {cell}"), format!("{n} characters"), MAX_CELL_CHARS));
    }
    Ok(())
}

fn put(rows: &mut BTreeMap<u32, Vec<Cell>>, row: u32, column: u32, cell: Cell) {
    let r = rows.entry(row).or_default();
    let c = column as usize;
    if r.len() <= c {
        r.resize(c + 1, Cell::Empty);
    }
    r[c] = cell;
}

fn read_xlsx(bytes: &[u8], sheet: Option<&str>, kind: &SheetKind) -> Result<Grid> {
    check_file(bytes, "workbook")?;
    let read = |e: calamine::XlsxError| Error::Read { what: "workbook".into(), reason: e.to_string() };
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(read)?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| Error::SheetNotFound { sheet: s.into(), available: names.join(", ") })?,
        None => names
            .iter()
            .find(|n| n.as_str() == kind.sheet)
            .or_else(|| names.iter().find(|n| n.to_lowercase().contains(kind.key)))
            .or_else(|| names.first())
            .cloned()
            .ok_or_else(|| Error::SheetNotFound { sheet: kind.sheet.into(), available: String::new() })?,
    };
    let mut rows: BTreeMap<u32, Vec<Cell>> = BTreeMap::new();
    let mut reader = wb.worksheet_cells_reader(&name).map_err(read)?;
    while let Some(c) = reader.next_cell().map_err(|e| Error::Read { what: format!("sheet {name:?}"), reason: e.to_string() })? {
        let (row, column) = c.get_position();
        check_extent(&name, row, column)?;
        let cell = match c.get_value() {
            DataRef::Empty => continue,
            DataRef::Int(i) => Cell::Number(*i as f64),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::String(s) => Cell::Text(s.clone()),
            DataRef::SharedString(s) => Cell::Text((*s).to_string()),
            DataRef::Bool(b) => Cell::Bool(*b),
            DataRef::DateTime(d) => {
                let (y, m, day, ..) = d.to_ymd_hms_milli();
                Cell::Date(format!("{y:04}-{m:02}-{day:02}"))
            }
            DataRef::DateTimeIso(s) => Cell::Date(s.chars().take(10).collect()),
            DataRef::DurationIso(s) => Cell::Text(s.clone()),
            DataRef::Error(e) => Cell::Error(e.to_string()),
        };
        if let Cell::Text(s) = &cell {
            check_text(&name, row, column, s)?;
        }
        put(&mut rows, row, column, cell);
    }
    Ok(Grid { sheet: name, rows: rows.into_iter().collect() })
}

fn read_csv(bytes: &[u8], name: &str) -> Result<Grid> {
    check_file(bytes, name)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut rows = Vec::new();
    // The record's line in the file, 0-based, counted from its byte offset (the csv reader
    // skips empty lines, so the record's index is not its line).
    let (mut line, mut counted) = (0usize, 0usize);
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Read { what: format!("sheet {name:?}"), reason: e.to_string() })?;
        let mut start = rec.position().map_or(counted, |p| usize::try_from(p.byte()).unwrap_or(counted)).clamp(counted, bytes.len());
        // The position is where the reader started, before the empty lines it skipped.
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        line += bytes[counted..start].iter().filter(|&&b| b == b'\n').count();
        counted = start;
        let row = u32::try_from(line).unwrap_or(u32::MAX);
        let mut cells = Vec::with_capacity(rec.len());
        for (c, field) in rec.iter().enumerate() {
            let column = u32::try_from(c).unwrap_or(u32::MAX);
            check_extent(name, row, column)?;
            check_text(name, row, column, field)?;
            cells.push(if field.is_empty() { Cell::Empty } else { Cell::Text(field.to_string()) });
        }
        if rec.is_empty() {
            check_extent(name, row, 0)?;
        }
        rows.push((row, cells));
    }
    Ok(Grid { sheet: name.into(), rows })
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn heading_matches(h: &str, c: &ColumnSpec) -> bool {
    let (en, zh) = (c.en.to_lowercase(), c.zh.to_lowercase());
    [c.key.to_string(), en.clone(), zh.clone(), format!("{zh} {en}"), format!("{zh} {}", c.key), format!("{en} {zh}")].iter().any(|x| *x == h)
}

/// The heading this crate writes for a column: `金额 Amount`.
pub fn heading(c: &ColumnSpec) -> String {
    format!("{} {}", c.zh, c.en)
}

fn parse_cell(place: impl Fn() -> Place, spec: &ColumnSpec, cell: &Cell) -> Result<Value> {
    let shown = cell.shown();
    let bad = |expected: &str| Error::BadCell { place: place(), column: spec.key.into(), value: shown.clone(), expected: expected.into() };
    if let Cell::Error(_) = cell {
        return Err(bad("a value (the cell holds a spreadsheet error)"));
    }
    let text = shown.trim().to_string();
    Ok(match spec.kind {
        Kind::Text => match cell {
            Cell::Text(_) | Cell::Number(_) => Value::String(text),
            _ => return Err(bad("text")),
        },
        Kind::Decimal => match cell {
            Cell::Text(_) | Cell::Number(_) => {
                let d = datafee::money::parse_decimal(&text, spec.key).map_err(|_| bad("a decimal"))?;
                Value::String(if matches!(cell, Cell::Text(_)) { text } else { d.to_string() })
            }
            _ => return Err(bad("a decimal")),
        },
        Kind::Year | Kind::Whole => {
            let expected = if matches!(spec.kind, Kind::Year) { "a year" } else { "a whole number" };
            let n: i64 = match cell {
                Cell::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => *f as i64,
                Cell::Text(_) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() < 16 => text.parse().map_err(|_| bad(expected))?,
                _ => return Err(bad(expected)),
            };
            Value::from(n)
        }
        Kind::Bool => match cell {
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Number(f) if *f == 1.0 || *f == 0.0 => Value::Bool(*f == 1.0),
            Cell::Text(_) => match text.to_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "是" => Value::Bool(true),
                "false" | "no" | "n" | "0" | "否" => Value::Bool(false),
                _ => return Err(bad("true or false (是/否)")),
            },
            _ => return Err(bad("true or false (是/否)")),
        },
        Kind::Month => {
            let t = match cell {
                Cell::Date(d) => d.chars().take(7).collect(),
                Cell::Text(_) => text,
                _ => return Err(bad("a month YYYY-MM")),
            };
            if let Err(e) = YearMonth::parse(&t, spec.key) {
                let shape = t.len() == 7 && t.as_bytes()[4] == b'-' && t.bytes().enumerate().all(|(i, b)| i == 4 || b.is_ascii_digit());
                if shape {
                    return Err(Error::BadDate { place: place(), column: spec.key.into(), value: t, reason: e.to_string() });
                }
                return Err(bad("a month YYYY-MM"));
            }
            Value::String(t)
        }
        Kind::Date => {
            let t = match cell {
                Cell::Date(d) | Cell::Text(d) => d.trim().to_string(),
                _ => return Err(bad("a date YYYY-MM-DD")),
            };
            if let Err(e) = Date::parse(&t, spec.key) {
                let parts: Vec<&str> = t.split('-').collect();
                let shape = parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
                if shape {
                    return Err(Error::BadDate { place: place(), column: spec.key.into(), value: t, reason: e.to_string() });
                }
                return Err(bad("a date YYYY-MM-DD"));
            }
            Value::String(t)
        }
        Kind::Enum(ok, expected) => match cell {
            Cell::Text(_) if ok(&text) => Value::String(text),
            _ => return Err(bad(expected)),
        },
    })
}

/// Read the records of `kind` from `input` as JSON objects keyed by field, each with its
/// 0-based row index; cells are checked by kind (see the module doc).
/// A sheet's records: its name, the spec index of each column (`usize::MAX` for none) and
/// each record with its 0-based row.
type Records = (String, Vec<usize>, Vec<(u32, Map<String, Value>)>);

fn records(input: Input<'_>, kind: &SheetKind) -> Result<Records> {
    let grid = match input {
        Input::Xlsx { bytes, sheet } => read_xlsx(bytes, sheet, kind)?,
        Input::Csv { bytes, name } => read_csv(bytes, name)?,
    };
    let sheet = grid.sheet.clone();
    let mut rows = grid.rows.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((hrow, header)) = rows.next() else {
        return Err(Error::EmptySheet { place: Place::sheet(&sheet), reason: "no header row".into() });
    };
    // Column index → spec index.
    let mut map: Vec<Option<usize>> = Vec::with_capacity(header.len());
    for (c, h) in header.iter().enumerate() {
        let place = || Place::cell(&sheet, hrow, c as u16);
        let h = norm(&h.shown());
        if h.is_empty() {
            map.push(None);
            continue;
        }
        let Some(i) = kind.columns.iter().position(|s| heading_matches(&h, s)) else {
            return Err(Error::BadHeader { place: place(), value: h, reason: format!("unknown column for {} {}", kind.zh, kind.key) });
        };
        if map.contains(&Some(i)) {
            return Err(Error::BadHeader { place: place(), value: h, reason: "duplicate column".into() });
        }
        map.push(Some(i));
    }
    for (i, spec) in kind.columns.iter().enumerate() {
        if spec.required && !map.contains(&Some(i)) {
            return Err(Error::MissingColumn { place: Place::sheet(&sheet), column: spec.key.into(), heading: heading(spec) });
        }
    }
    let mut out = Vec::new();
    for (r, cells) in rows {
        let mut obj = Map::new();
        for (c, cell) in cells.iter().enumerate() {
            let place = || Place::cell(&sheet, r, c as u16);
            match map.get(c).copied().flatten() {
                None if cell.is_empty() => {}
                None => return Err(Error::BadHeader { place: place(), value: cell.shown(), reason: "a value under a column without a heading".into() }),
                Some(_) if cell.is_empty() => {}
                Some(i) => {
                    let spec = &kind.columns[i];
                    obj.insert(spec.key.into(), parse_cell(place, spec, cell)?);
                }
            }
        }
        for (i, spec) in kind.columns.iter().enumerate() {
            if spec.required && !obj.contains_key(spec.key) {
                let c = map.iter().position(|m| *m == Some(i)).unwrap_or(0);
                return Err(Error::EmptyCell { place: Place::cell(&sheet, r, c as u16), column: spec.key.into() });
            }
        }
        out.push((r, obj));
    }
    if out.is_empty() {
        return Err(Error::EmptySheet { place: Place::sheet(&sheet), reason: "no data row under the header".into() });
    }
    Ok((sheet, map.iter().map(|m| m.unwrap_or(usize::MAX)).collect(), out))
}

/// The place of a core refusal: the cell of the column its field ends with, else the row.
fn refused(sheet: &str, kind: &SheetKind, map: &[usize], row: u32, e: datafee::Error) -> Error {
    let last = e.field().rsplit('.').next().unwrap_or("").to_string();
    let place = kind
        .columns
        .iter()
        .position(|s| s.key == last)
        .and_then(|i| map.iter().position(|m| *m == i))
        .map_or_else(|| Place::row(sheet, row), |c| Place::cell(sheet, row, c as u16));
    Error::Refused { place, source: Box::new(e) }
}

fn import<T: DeserializeOwned>(input: Input<'_>, kind: &SheetKind, check: impl Fn(&T) -> datafee::Result<()>) -> Result<Vec<T>> {
    let (sheet, map, recs) = records(input, kind)?;
    let mut out = Vec::with_capacity(recs.len());
    for (row, obj) in recs {
        let item: T = serde_json::from_value(Value::Object(obj)).map_err(|e| Error::Refused {
            place: Place::row(&sheet, row),
            source: Box::new(datafee::Error::Parse { field: String::new(), value: String::new(), reason: e.to_string() }),
        })?;
        check(&item).map_err(|e| refused(&sheet, kind, &map, row, e))?;
        out.push(item);
    }
    Ok(out)
}

/// A cost ledger (成本台账) from a sheet of [`LEDGER`]'s columns; each entry checked by
/// [`CostEntry::validate`] (no depreciation entered by hand, amounts ≥ 0, subsidy ≤ amount,
/// one target).
pub fn import_ledger(input: Input<'_>) -> Result<Ledger> {
    Ok(Ledger { entries: import(input, &LEDGER, |e: &CostEntry| e.validate(""))? })
}

/// An asset register (资产台账) from a sheet of [`ASSETS`]' columns; each asset checked by
/// [`Asset::validate`].
pub fn import_assets(input: Input<'_>) -> Result<Vec<Asset>> {
    import(input, &ASSETS, |a: &Asset| a.validate(""))
}

/// Forecast volumes (业务量预测) from a sheet of [`FORECASTS`]' columns; a volume must be ≥ 0
/// (the catalog checks run when the forecasts are put in a scenario document).
pub fn import_forecasts(input: Input<'_>) -> Result<Vec<Forecast>> {
    import(input, &FORECASTS, |f: &Forecast| f.volume.non_negative("volume").map(|_| ()))
}

/// Scenario approvals (场景授权) from a sheet of [`APPROVALS`]' columns. Each row is checked
/// as [`datafee::lifecycle::Lifecycle::validate`] checks an approval without a catalog: a
/// customer named, `end` after `start`, a forecast volume ≥ 0 (the catalog checks run when
/// the approvals are put in a lifecycle document).
pub fn import_approvals(input: Input<'_>) -> Result<Vec<Approval>> {
    import(input, &APPROVALS, |a: &Approval| {
        if a.customer.trim().is_empty() {
            return Err(datafee::Error::invalid("customer", "\"\"", "an approval must name its customer"));
        }
        if a.end <= a.start {
            return Err(datafee::Error::invalid("end", a.end, format!("an approval must end after it starts ({})", a.start)));
        }
        if let Some(v) = a.forecast_volume {
            v.non_negative("forecast_volume")?;
        }
        Ok(())
    })
}

/// Records of `kind` as a table of the disclosure model, headed as this crate reads them
/// back: the JSON form of each record (decimals as strings), one column per field.
fn records_table<T: serde::Serialize>(kind: &SheetKind, items: &[T]) -> Result<datafee::disclosure::Table> {
    let mut t = datafee::disclosure::Table::new(kind.key, kind.en, kind.zh);
    for c in kind.columns {
        t = match c.kind {
            Kind::Decimal | Kind::Year | Kind::Whole => t.num(c.key, c.en, c.zh),
            _ => t.text(c.key, c.en, c.zh),
        };
    }
    for item in items {
        let v = serde_json::to_value(item).map_err(Error::write)?;
        let row = kind
            .columns
            .iter()
            .map(|c| match v.get(c.key) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            })
            .collect();
        t.push(row);
    }
    Ok(t)
}

fn records_xlsx<T: serde::Serialize>(kind: &SheetKind, items: &[T]) -> Result<Vec<u8>> {
    let t = records_table(kind, items)?;
    crate::export::tables_to_xlsx(&datafee::disclosure::Tables { en: kind.en.into(), zh: kind.zh.into(), meta: Vec::new(), tables: vec![t] })
}

/// A cost ledger as an .xlsx workbook that [`import_ledger`] reads back (sheet [`LEDGER`]).
pub fn ledger_to_xlsx(ledger: &Ledger) -> Result<Vec<u8>> {
    records_xlsx(&LEDGER, &ledger.entries)
}

/// An asset register as an .xlsx workbook that [`import_assets`] reads back.
pub fn assets_to_xlsx(assets: &[Asset]) -> Result<Vec<u8>> {
    records_xlsx(&ASSETS, assets)
}

/// Forecasts as an .xlsx workbook that [`import_forecasts`] reads back.
pub fn forecasts_to_xlsx(forecasts: &[Forecast]) -> Result<Vec<u8>> {
    records_xlsx(&FORECASTS, forecasts)
}

/// Approvals as an .xlsx workbook that [`import_approvals`] reads back.
pub fn approvals_to_xlsx(approvals: &[Approval]) -> Result<Vec<u8>> {
    records_xlsx(&APPROVALS, approvals)
}
