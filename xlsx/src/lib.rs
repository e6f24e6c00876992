//! # datafee-xlsx: regulators' spreadsheets (监管报表)
//!
//! Spreadsheets for the price regulator (价格主管部门) and the data authority of public-data
//! authorized operation (公共数据资源授权运营), beside the core crate [`datafee`]:
//!
//! | module | what | policy term |
//! |---|---|---|
//! | [`export`] | every disclosure (fee list, annual report, review, periodic report, authorization), and the working papers, as .xlsx: one sheet per table, figures as exact numbers | 收费公示, 年度经营情况报告, 底稿 |
//! | [`import`] | cost ledgers, asset registers, forecasts, scenario approvals from .xlsx or .csv into the core's types | 成本台账, 资产台账, 业务量预测, 场景授权 |
//! | [`statement`] | the allocation statement per party and period as .xlsx, from its own tables | 收益分配账单 |
//! | [`error`] | typed errors naming sheet, cell and column | 报表错误 |
//!
//! This crate is separate so that the core (and its WebAssembly build) carries no
//! spreadsheet dependency. Money is never a float here except as an .xlsx cell number whose
//! `f64` reads back as the same decimal ([`export::exact_number`]); otherwise it stays text.
//!
//! ```
//! use datafee_xlsx::import::{import_ledger, Input};
//! let csv = "category,year,product,amount\npersonnel,2026,p1,1000.00\n";
//! let ledger = import_ledger(Input::Csv { bytes: csv.as_bytes(), name: "ledger.csv" })?;
//! assert_eq!(ledger.entries[0].amount.to_string(), "1000.00");
//! let bad = "category,year,product,amount\npersonnel,2026,p1,abc\n";
//! let e = import_ledger(Input::Csv { bytes: bad.as_bytes(), name: "ledger.csv" }).unwrap_err();
//! assert_eq!(e.to_string(), "sheet \"ledger.csv\", cell D2: \"abc\" is not a decimal");
//! # Ok::<(), datafee_xlsx::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod error;
pub mod export;
pub mod import;
pub mod statement;

pub use error::{Error, Place, Result};
pub use export::{disclosure_to_xlsx, tables_to_xlsx, working_paper_to_xlsx};
pub use import::{import_approvals, import_assets, import_forecasts, import_ledger, Input};
pub use statement::statement_to_xlsx;

/// The largest file read: 16 MiB (an .xlsx file is compressed; its shared strings are read
/// whole, so this bounds them too).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The most records a sheet may hold: 100 000 rows under the header (a sheet reaching past
/// row 100 001 is refused, whatever is in between).
pub const MAX_ROWS: usize = 100_000;

/// The most columns a sheet may reach: 64 (column BL).
pub const MAX_COLUMNS: usize = 64;

/// The longest cell text read or written: 32 767 characters, Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
