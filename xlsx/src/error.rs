//! Errors of the spreadsheets (报表错误): every refusal names the sheet, and where there is
//! one the cell (`C7`, column letter and 1-based row as a spreadsheet shows them).
//!
//! Each variant converts into [`datafee::Error`] (`From`), with the place as the `field`
//! (`sheet "成本台账 ledger"!C7`), so a caller that speaks only the core's error keeps the
//! code and the place.

use std::fmt;

/// Shorthand for `Result<T, datafee_xlsx::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A place in a workbook: a sheet and, when known, one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The sheet's name (for a CSV file: the file's name).
    pub sheet: String,
    /// The cell as a spreadsheet names it (`"C7"`), when the error concerns one cell.
    pub cell: Option<String>,
}

impl Place {
    /// The whole sheet.
    pub fn sheet(sheet: &str) -> Self {
        Place { sheet: sheet.into(), cell: None }
    }

    /// One whole row (0-based), for a refusal no single column explains.
    pub fn row(sheet: &str, row: u32) -> Self {
        Place { sheet: sheet.into(), cell: Some(format!("row {}", u64::from(row) + 1)) }
    }

    /// One cell: `column` and `row` are 0-based, as calamine and rust_xlsxwriter count.
    pub fn cell(sheet: &str, row: u32, column: u16) -> Self {
        Place { sheet: sheet.into(), cell: Some(cell_name(row, column)) }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cell {
            Some(c) if c.starts_with("row ") => write!(f, "sheet {:?}, {c}", self.sheet),
            Some(c) => write!(f, "sheet {:?}, cell {c}", self.sheet),
            None => write!(f, "sheet {:?}", self.sheet),
        }
    }
}

/// `cell_name(6, 2)` is `"C7"` (0-based row and column).
pub fn cell_name(row: u32, column: u16) -> String {
    let mut letters = Vec::new();
    let mut c = u32::from(column) + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), u64::from(row) + 1)
}

/// Every way a spreadsheet can be refused or fail to be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A cell whose content is not of its column's kind (text where a decimal belongs, a
    /// fraction where a year belongs, an unknown category).
    #[error("{place}: {value:?} is not {expected}")]
    BadCell {
        /// Sheet and cell.
        place: Place,
        /// The column's key (`amount`).
        column: String,
        /// The cell's content as text.
        value: String,
        /// What the column holds (`"a decimal"`, `"a year"`, `"one of personnel, …"`).
        expected: String,
    },
    /// A date or month that does not exist in the calendar (`2026-02-30`, `2026-13`).
    #[error("{place}: {value:?} is not a date that exists ({reason})")]
    BadDate {
        /// Sheet and cell.
        place: Place,
        /// The column's key.
        column: String,
        /// The cell's content as text.
        value: String,
        /// Why.
        reason: String,
    },
    /// A required cell left empty.
    #[error("{place}: {column} is required")]
    EmptyCell {
        /// Sheet and cell.
        place: Place,
        /// The column's key.
        column: String,
    },
    /// A required column absent from the header row.
    #[error("{place}: missing required column {column:?} (heading \"{heading}\")")]
    MissingColumn {
        /// The sheet (the header row).
        place: Place,
        /// The column's key.
        column: String,
        /// The heading the crate writes for it.
        heading: String,
    },
    /// A header naming a column the sheet kind does not have, or one column twice.
    #[error("{place}: {reason} {value:?}")]
    BadHeader {
        /// Sheet and header cell.
        place: Place,
        /// The heading.
        value: String,
        /// `"unknown column"` or `"duplicate column"`.
        reason: String,
    },
    /// A sheet with no header row or no data row.
    #[error("{place}: the sheet is empty ({reason})")]
    EmptySheet {
        /// The sheet.
        place: Place,
        /// `"no header row"` or `"no data row"`.
        reason: String,
    },
    /// A workbook without the sheet asked for.
    #[error("sheet {sheet:?} not found; the workbook has {available}")]
    SheetNotFound {
        /// The sheet asked for.
        sheet: String,
        /// The sheets it has, comma-separated.
        available: String,
    },
    /// A row the core refused (a negative amount, a subsidy above the amount, a residual
    /// above the cost): the core's error, with the cell of the field it names.
    #[error("{place}: {source}")]
    Refused {
        /// Sheet and cell (or the sheet alone when the field is not a column).
        place: Place,
        /// The core's error.
        source: Box<datafee::Error>,
    },
    /// An input beyond a stated bound ([`crate::MAX_FILE_BYTES`], [`crate::MAX_ROWS`],
    /// [`crate::MAX_COLUMNS`], [`crate::MAX_CELL_CHARS`]).
    #[error("{what}: {value} exceeds the limit of {max}")]
    TooLarge {
        /// What is too large (`"file"`, `sheet "x": rows`).
        what: String,
        /// Its size.
        value: String,
        /// The limit.
        max: String,
    },
    /// A file that cannot be read or is not a workbook or CSV.
    #[error("reading {what}: {reason}")]
    Read {
        /// The file or sheet.
        what: String,
        /// The reader's message.
        reason: String,
    },
    /// The workbook could not be written (rust_xlsxwriter refused it).
    #[error("writing the workbook: {reason}")]
    Write {
        /// The writer's message.
        reason: String,
    },
}

impl Error {
    /// A stable snake_case code, as [`datafee::Error::code`].
    pub fn code(&self) -> &'static str {
        match self {
            Error::BadCell { .. } => "bad_cell",
            Error::BadDate { .. } => "bad_date",
            Error::EmptyCell { .. } => "empty_cell",
            Error::MissingColumn { .. } => "missing_column",
            Error::BadHeader { .. } => "bad_header",
            Error::EmptySheet { .. } => "empty_sheet",
            Error::SheetNotFound { .. } => "sheet_not_found",
            Error::Refused { .. } => "refused",
            Error::TooLarge { .. } => "limit_exceeded",
            Error::Read { .. } => "read",
            Error::Write { .. } => "write",
        }
    }

    pub(crate) fn write(e: impl fmt::Display) -> Self {
        Error::Write { reason: e.to_string() }
    }
}

/// `sheet "x"!C7`, or `sheet "x"`: the place as a core field path.
fn field_of(p: &Place) -> String {
    match &p.cell {
        Some(c) => format!("sheet {:?}!{c}", p.sheet),
        None => format!("sheet {:?}", p.sheet),
    }
}

impl From<Error> for datafee::Error {
    fn from(e: Error) -> Self {
        match e {
            Error::BadCell { place, value, expected, .. } if expected.contains("decimal") => {
                datafee::Error::MalformedDecimal { field: field_of(&place), value }
            }
            Error::BadCell { place, value, expected, .. } => datafee::Error::invalid(field_of(&place), value, format!("expected {expected}")),
            Error::BadDate { place, value, reason, .. } => datafee::Error::invalid(field_of(&place), value, reason),
            Error::EmptyCell { place, column } => datafee::Error::Missing { field: field_of(&place), value: column },
            Error::MissingColumn { place, column, .. } => datafee::Error::Missing { field: field_of(&place), value: format!("column {column}") },
            Error::BadHeader { place, value, reason } => datafee::Error::invalid(field_of(&place), value, reason),
            Error::EmptySheet { place, .. } => datafee::Error::Empty { field: field_of(&place), value: "[]".into() },
            Error::SheetNotFound { sheet, available } => {
                datafee::Error::Missing { field: format!("sheet {sheet:?}"), value: format!("sheet (the workbook has {available})") }
            }
            Error::Refused { place, source } => (*source).within(&field_of(&place)),
            Error::TooLarge { what, value, max } => datafee::Error::LimitExceeded { field: what, value, max },
            Error::Read { what, reason } => datafee::Error::Parse { field: what, value: String::new(), reason },
            Error::Write { reason } => datafee::Error::invalid("", "", reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 2), "C7");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 701), "ZZ1");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn into_core_keeps_the_place() {
        let e = Error::BadCell { place: Place::cell("成本台账 ledger", 6, 2), column: "amount".into(), value: "abc".into(), expected: "a decimal".into() };
        assert_eq!(e.to_string(), "sheet \"成本台账 ledger\", cell C7: \"abc\" is not a decimal");
        let c: datafee::Error = e.into();
        assert_eq!(c.code(), "malformed_decimal");
        assert_eq!(c.field(), "sheet \"成本台账 ledger\"!C7");
    }
}
