//! # datafee (command line)
//!
//! The `datafee` command: a thin shell over the core crate [`datafee`] for the pricing chain of
//! public-data authorized operation (公共数据资源授权运营). Every rule lives in the core; this
//! binary reads files, calls the core, writes outputs and maps refusals to messages and exit
//! codes.
//!
//! | command | what | policy term |
//! |---|---|---|
//! | `datafee run` | the chain: maximum permitted revenue, upper fee standards, fee verdicts | 最高准许收入 MPR, 上限收费标准 caps |
//! | `datafee rate` | streaming usage rating into invoices | 计费 rating, 账单 invoices |
//! | `datafee check-fee` | a proposed fee schedule against the caps | 具体收费标准 actual fees, 不高于上限 |
//! | `datafee tariff` | the tariff of a billing year, for `rate` | 收费标准表 tariff |
//! | `datafee report` | the annual operating report | 年度经营情况报告 |
//! | `datafee review` / `share` | periodic review, revenue sharing (raw operations) | 定期评估, 收益分配 |
//! | `datafee export-xlsx` | the fee list, the annual report or the working papers as .xlsx | 收费公示, 年度经营情况报告, 底稿 |
//! | `datafee import` | a cost ledger, asset register, forecasts or approvals sheet (.xlsx, .csv) as JSON | 成本台账, 资产台账, 业务量预测, 场景授权 |
//! | `datafee ops` / `call` | the JSON operation API | 接口 |
//!
//! Exit codes: 0 success; 1 a check found a breach (`check-fee`); 2 bad input (a file that
//! cannot be read or parsed, a refused document, a malformed usage row, a bad option); 3 an
//! output that cannot be written. Every message names the file, and for usage files the row
//! (1-based line) and the column or field.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod check;
mod fail;
mod input;
mod output;
mod rate;
/// The text report of the chain, shared with the example city.
#[path = "../../examples/src/report.rs"]
mod report;
mod run;
mod xlsx;

use fail::Failure;

/// The command line.
#[derive(Parser, Debug)]
#[command(
    name = "datafee",
    version,
    about = "Government-guided pricing of public-data authorized operation (公共数据资源授权运营): chain, caps, rating",
    long_about = "Government-guided pricing of public-data authorized operation (公共数据资源授权运营).\n\n\
        Runs the pricing chain (maximum permitted revenue 最高准许收入 MPR, upper fee standards 上限收费标准), \
        rates usage records into invoices (计费), checks proposed fees against the caps, and exposes \
        every core operation as JSON.\n\n\
        Money is never a float: every amount in and out is a decimal string.\n\n\
        Exit codes: 0 success; 1 a check found a breach; 2 bad input (named file, row and field); \
        3 an output that cannot be written."
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the pricing chain (chain.run) on a scenario and print a report.
    Run(RunArgs),
    /// Rate usage records (CSV or JSON Lines) against a tariff, streaming, into invoices (计费).
    Rate(RateArgs),
    /// Check a proposed fee schedule against the caps of a scenario; exit 1 when it breaches.
    CheckFee(CheckFeeArgs),
    /// Print the tariff (收费标准表) of one billing year as JSON, ready for `datafee rate`.
    Tariff(TariffArgs),
    /// The annual operating report (年度经营情况报告) from a scenario and the year's actual lines.
    Report(ReportArgs),
    /// Run a `review.*` operation (定期评估, periodic review) on a JSON input (same as `call`).
    Review(AreaArgs),
    /// Run a `sharing.*` operation (收益分配, revenue sharing) on a JSON input (same as `call`).
    Share(AreaArgs),
    /// Write the fee list (收费公示), the annual report (年度经营情况报告) or the working papers (底稿) as .xlsx.
    ExportXlsx(ExportArgs),
    /// Read a cost ledger, asset register, forecasts or approvals sheet (.xlsx or .csv) and print it as JSON.
    Import(ImportArgs),
    /// List the operations of the JSON API (datafee::api::operations).
    Ops,
    /// Run one operation of the JSON API on an input document and print its JSON output.
    Call(CallArgs),
}

/// Output formats of `datafee run`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunFormat {
    /// A plain-text report for the terminal (MPR, caps, fee verdicts, one working paper).
    Text,
    /// The whole chain result (every year) as JSON, as the `chain.run` operation returns it.
    Json,
    /// The public fee list (收费公示) of the year as Markdown.
    Md,
    /// The public fee list (收费公示) of the year as one self-contained HTML page.
    Html,
    /// The public fee list (收费公示) of the year as CSV (RFC 4180; opens in a spreadsheet).
    Csv,
}

/// `datafee run`.
#[derive(clap::Args, Debug)]
#[command(after_help = "For a spreadsheet (.xlsx) use `datafee export-xlsx fee-list`.")]
pub struct RunArgs {
    /// The scenario document (测算方案): .toml or .json (decimals as strings).
    pub scenario: PathBuf,
    /// The year shown: the caps table (text) or the fee list (md, html, csv). Default: the first
    /// year of the pricing period. Ignored by json, which holds every year.
    #[arg(long, short)]
    pub year: Option<i32>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = RunFormat::Text)]
    pub format: RunFormat,
}

/// Usage file formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsageFormat {
    /// Comma-separated with a header row naming the columns id,customer,product,scenario,quantity,time.
    Csv,
    /// One JSON object per line: {"id", "customer", "product", "scenario", "quantity", "time"}.
    Jsonl,
    /// Apache Parquet with the columns id, customer, product, scenario (strings), quantity
    /// (decimal, integer or decimal strings; never float) and time (date, timestamp or text),
    /// read in batches of 65,536 rows.
    #[cfg(feature = "parquet")]
    Parquet,
}

/// `datafee rate`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Outputs in DIR: invoices.csv (one row per customer), invoice_lines.csv (one row per \
    customer, product, scenario and fee in force; written when there are lines), rejections.csv (row, id, \
    reason, value of every rejected record), actual_lines.json (volume and revenue per \
    product and scenario, the input of `datafee report` and the periodic review), summary.json (counts, rejections \
    by reason, totals, products), and with --explain working_papers.txt. CSV text cells are written as the \
    disclosure CSVs are: RFC 4180, a cell starting with = + - @ prefixed with ' against formula injection.\n\n\
    Records are read one at a time and pushed into the core's streaming rater: memory grows with the \
    distinct record ids, customers and invoice lines, not with the file. A line longer than 1 MiB is refused.\n\n\
    A progress bar (bytes read) is drawn on standard error when it is a terminal, never in a pipe or a file.\n\n\
    Parquet (.parquet; built with the default `parquet` feature): read in batches of 65,536 rows through the \
    columnar rater; codecs snappy, lz4 and gzip (not zstd); rejections.csv counts its rows from 1, the first \
    record. A column of the wrong type, a float quantity column or a null stops the run naming records[row].column \
    (rows from 0).")]
pub struct RateArgs {
    /// The tariff (收费标准表) as JSON: a bare tariff {catalog, fees, period, vat_rate, ...}, or the
    /// output of `datafee tariff` / the chain.tariff operation ({tariff, withheld}).
    #[arg(long, short)]
    pub tariff: PathBuf,
    /// The usage records: .csv, .jsonl (or .ndjson) or .parquet; see --input-format.
    pub usage: PathBuf,
    /// The output directory (created when missing; the outputs of an earlier run in it are removed first).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Attach working papers (底稿) to the invoices (bounded by the core) and write working_papers.txt.
    #[arg(long)]
    pub explain: bool,
    /// The usage file's format; default: from its extension (.csv, .parquet, else JSON Lines for .jsonl/.ndjson/.json).
    #[arg(long, value_enum)]
    pub input_format: Option<UsageFormat>,
    /// Parquet only: rate in N id-hash partitions spilled to disk (分区落盘), so that memory does
    /// not grow with the number of distinct ids (each partition's duplicate-id set is held alone).
    /// 0 (the default): automatic, spilling above 8,000,000 rows (one partition per 2,000,000
    /// rows); 1: never spill. The results are those of one pass, digit for digit.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=4096))]
    pub partitions: u32,
    /// Where the spilled partitions go (a fresh subdirectory is created and removed at the end);
    /// default: the output directory. Disk: about 60 to 80 bytes per record of the usage file (its
    /// columns uncompressed) plus the rejected rows' text.
    #[arg(long)]
    pub spill_dir: Option<PathBuf>,
}

/// `datafee check-fee`.
#[derive(clap::Args, Debug)]
#[command(after_help = "FEE is a JSON object {product, scenario, effective: \"YYYY-MM-DD\", schedule} or an array \
    of them. Each proposed fee is checked against the cap of every year of the pricing period it would be in \
    force (it replaces a fee of the scenario with the same product, scenario and effective date; a later fee \
    of the same pair ends it). Exit 0: every proposed fee complies; exit 1: at least one breaches, and the \
    breach is printed (field, unit price, cap, or the smallest breaking quantity).")]
pub struct CheckFeeArgs {
    /// The scenario document: .toml or .json.
    #[arg(long, short)]
    pub scenario: PathBuf,
    /// The proposed fee(s) as JSON.
    #[arg(long, short)]
    pub fee: PathBuf,
    /// Print the verdicts as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `datafee tariff`.
#[derive(clap::Args, Debug)]
pub struct TariffArgs {
    /// The scenario document: .toml or .json.
    pub scenario: PathBuf,
    /// The billing year (a year of the pricing period).
    #[arg(long, short)]
    pub year: i32,
}

/// Output formats of `datafee report`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// The report as JSON.
    Json,
    /// Markdown tables.
    Md,
    /// One self-contained HTML page.
    Html,
    /// The report's tables as CSV: one JSON object {table name: CSV text}.
    Csv,
}

/// `datafee report`.
#[derive(clap::Args, Debug)]
#[command(after_help = "ACTUAL is a JSON file: either the array of actual lines ([ActualLine]: product, scenario, \
    volume, revenue, ...) or an object {actual: [...], shares?: [{agreement, revenue?}]} as the \
    disclosure.annual_report operation takes it. For a spreadsheet (.xlsx) use `datafee export-xlsx report`.")]
pub struct ReportArgs {
    /// The scenario document: .toml or .json.
    #[arg(long, short)]
    pub scenario: PathBuf,
    /// The year reported.
    #[arg(long, short)]
    pub year: i32,
    /// The year's actual lines (and optional revenue-sharing agreements) as JSON.
    #[arg(long, short)]
    pub actual: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
}

/// What `datafee export-xlsx` writes.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportWhat {
    /// The public fee list (收费公示) of the year.
    FeeList,
    /// The annual operating report (年度经营情况报告) of the year; needs --actual.
    Report,
    /// The working papers (底稿) of the chain, every explanation or those whose id starts with --prefix.
    Papers,
}

/// `datafee export-xlsx`.
#[derive(clap::Args, Debug)]
#[command(after_help = "The workbook has a first sheet 说明 about (title, facts, the list of sheets), then one sheet \
    per table of the disclosure, headed in Chinese beside English (收入 Revenue). Figures are numbers showing their \
    exact decimal places (0.00) when the floating-point number reads back as the same decimal; any other figure is \
    kept as text with a note, so money is never rounded.")]
pub struct ExportArgs {
    /// What to write.
    #[arg(value_enum)]
    pub what: ExportWhat,
    /// The scenario document: .toml or .json.
    #[arg(long, short)]
    pub scenario: PathBuf,
    /// The year (fee list, report). Default: the first year of the pricing period.
    #[arg(long, short)]
    pub year: Option<i32>,
    /// The year's actual lines (and optional revenue-sharing agreements) as JSON, for `report`.
    #[arg(long, short)]
    pub actual: Option<PathBuf>,
    /// For `papers`: only the explanations whose id starts with this (`mpr.2026`, `cap.2026.p01`).
    #[arg(long)]
    pub prefix: Option<String>,
    /// The .xlsx file to write.
    #[arg(long, short)]
    pub out: PathBuf,
}

/// What `datafee import` reads.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// A cost ledger (成本台账): the scenario's costs.ledger.
    Ledger,
    /// An asset register (资产台账): the scenario's costs.assets.
    Assets,
    /// Forecast volumes (业务量预测): the scenario's forecasts.
    Forecasts,
    /// Scenario approvals (场景授权): the lifecycle document's approvals.
    Approvals,
}

/// `datafee import`.
#[derive(clap::Args, Debug)]
#[command(after_help = "FILE is .xlsx (the sheet named by --sheet, else the kind's sheet such as 成本台账 ledger, \
    else the first) or .csv. The first non-empty row is the header: each heading is the field's key (amount), its \
    Chinese or English heading (金额, Amount) or both (金额 Amount). A refused cell is named with its sheet and \
    cell (sheet \"成本台账 ledger\", cell D7: \"abc\" is not a decimal). Limits: 16 MiB, 100 000 rows, 64 columns.")]
pub struct ImportArgs {
    /// What the sheet holds.
    #[arg(value_enum)]
    pub kind: ImportKind,
    /// The .xlsx or .csv file.
    pub file: PathBuf,
    /// The sheet to read (.xlsx).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Write the JSON to this file instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// `datafee review` and `datafee share`: an operation of the area and its input.
#[derive(clap::Args, Debug)]
pub struct AreaArgs {
    /// The operation, with or without its area prefix (`review.run` or `run`); `datafee ops` lists them.
    pub op: String,
    /// The input document (JSON), as the operation takes it.
    pub input: PathBuf,
}

/// `datafee call`.
#[derive(clap::Args, Debug)]
pub struct CallArgs {
    /// The operation (`datafee ops` lists them), e.g. chain.run, rating.rate, schedule.compliance.
    pub op: String,
    /// The input document (JSON; `-` reads standard input).
    pub input: PathBuf,
    /// Print compact JSON on one line instead of indented JSON.
    #[arg(long)]
    pub compact: bool,
}

/// What a command ends with, when it does not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done (exit 0).
    Done,
    /// A check found a breach (exit 1).
    Breach,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Breach) => ExitCode::from(1),
        Err(f) => {
            f.print();
            ExitCode::from(f.exit_code())
        }
    }
}

fn dispatch(command: Command) -> Result<Outcome, Failure> {
    match command {
        Command::Run(a) => run::run(&a),
        Command::Rate(a) => rate::rate(&a),
        Command::CheckFee(a) => check::check_fee(&a),
        Command::Tariff(a) => run::tariff(&a),
        Command::Report(a) => run::report(&a),
        Command::Review(a) => run::area("review", &a),
        Command::Share(a) => run::area("sharing", &a),
        Command::ExportXlsx(a) => xlsx::export(&a),
        Command::Import(a) => xlsx::import(&a),
        Command::Ops => {
            let mut s = String::new();
            for op in datafee::api::operations() {
                s.push_str(op);
                s.push('\n');
            }
            output::stdout(&s)
        }
        Command::Call(a) => run::call(&a),
    }
}
