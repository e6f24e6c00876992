//! `datafee rate`: streaming usage rating (计费) into invoices (账单).
//!
//! The usage file is read one record at a time and each record is pushed into the core's
//! streaming [`Rater`]; nothing but the rater's own state (ids, customers, aggregates) grows
//! with the input. A rejected record is written to `rejections.csv` as it is met. A row that
//! cannot be read as a record (a malformed quantity or time, a wrong number of columns, a line
//! above [`MAX_LINE_BYTES`]) stops the run with exit 2 naming the row and column, as the
//! `rating.rate` operation refuses a batch with a malformed record.

use std::cell::Cell;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use datafee::disclosure::render::push_csv_field;
use datafee::money::push_decimal;
use datafee::rating::{Rater, RaterOptions, RatingResult, Status, Tariff, UsageRecord, UsageTime};
use datafee::review::ActualLine;
use datafee::Quantity;
use serde::Serialize;
use serde_json::Value;

use crate::fail::Failure;
use crate::{input, output, Outcome, RateArgs, UsageFormat};

/// The longest line (CSV record or JSON line) accepted, in bytes (1 MiB).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The files `datafee rate` writes into its output directory.
pub const OUTPUTS: [&str; 6] = ["invoices.csv", "invoice_lines.csv", "rejections.csv", "actual_lines.json", "summary.json", "working_papers.txt"];

/// The CSV columns, in the core's record field names ([`UsageRecord`]).
pub const COLUMNS: [&str; 6] = ["id", "customer", "product", "scenario", "quantity", "time"];

/// A bad row of the usage file: `file: row N, column C: message`.
fn bad_row(path: &Path, row: u64, column: &str, message: impl std::fmt::Display) -> Failure {
    if column.is_empty() {
        Failure::input(path, format!("row {row}: {message}"))
    } else {
        Failure::input(path, format!("row {row}, column {column}: {message}"))
    }
}

/// ` (record id "…")` for a message about a record, the id cut to 64 characters.
fn id_note(id: &str) -> String {
    if id.is_empty() {
        return String::new();
    }
    let cut: String = id.chars().take(64).collect();
    let more = if cut.len() < id.len() { "…" } else { "" };
    format!(" (record id {cut:?}{more})")
}

/// One CSV row of text cells (`numeric` cells are not guarded against formula injection).
fn csv_row(cells: &[(&str, bool)]) -> String {
    let mut s = String::with_capacity(cells.iter().map(|(c, _)| c.len() + 1).sum::<usize>() + 2);
    for (i, (c, numeric)) in cells.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        push_csv_field(&mut s, c, *numeric);
    }
    s.push_str("\r\n");
    s
}

/// Where rejected records go, as they are met.
struct Rejections {
    path: PathBuf,
    w: BufWriter<File>,
}

impl Rejections {
    fn create(path: PathBuf) -> Result<Rejections, Failure> {
        let f = File::create(&path).map_err(|e| Failure::output(&path, e))?;
        let mut r = Rejections { path, w: BufWriter::new(f) };
        r.write(&csv_row(&[("row", false), ("id", false), ("reason", false), ("value", false)]))?;
        Ok(r)
    }

    fn write(&mut self, line: &str) -> Result<(), Failure> {
        self.write_bytes(line.as_bytes())
    }

    fn write_bytes(&mut self, line: &[u8]) -> Result<(), Failure> {
        self.w.write_all(line).map_err(|e| Failure::output(&self.path, e))
    }

    fn finish(mut self) -> Result<(), Failure> {
        self.w.flush().map_err(|e| Failure::output(&self.path, e))
    }
}

/// How often (in records) the progress bar moves.
const PROGRESS_EVERY: u64 = 1 << 16;

/// The run: the rater, the rejections file, the progress bar (only when standard error is a
/// terminal).
struct Run<'a> {
    rater: Rater,
    rejections: Rejections,
    usage: &'a Path,
    progress: Option<indicatif::ProgressBar>,
    /// For a Parquet file read in one pass: seconds spent decoding (on the reader thread),
    /// rating (on this one, with the rejection lines) and in all, for the summary on
    /// standard error.
    times: Option<(f64, f64, f64)>,
}

impl Run<'_> {
    /// Move the progress bar to `bytes` read, every [`PROGRESS_EVERY`] records.
    fn progress(&self, bytes: u64) {
        if let Some(p) = &self.progress {
            if self.rater.records_in().is_multiple_of(PROGRESS_EVERY) {
                p.set_position(bytes);
            }
        }
    }

    /// Rate one record read from `row`.
    fn push(&mut self, row: u64, r: &UsageRecord) -> Result<(), Failure> {
        let status = self.rater.push(r).map_err(|e| bad_row(self.usage, row, "customer", crate::fail::describe(&e)))?;
        if let Status::Rejected(reason) = status {
            let value = datafee::rating::reason_value(r, reason);
            let mut line = String::with_capacity(r.id.len() + value.len() + 40);
            push_rejection_line(&mut line, row, &r.id, reason.code(), &value);
            self.rejections.write(&line)?;
        }
        Ok(())
    }
}

/// A reader that refuses to read more than [`MAX_LINE_BYTES`] (plus the CSV reader's buffer)
/// past the start of the current record, so that one endless line cannot take the memory.
struct Capped<R> {
    inner: R,
    read: u64,
    record_start: Rc<Cell<u64>>,
    tripped: Rc<Cell<bool>>,
}

/// Slack for the CSV reader's own buffer, read ahead of the record being parsed.
const READ_AHEAD: u64 = 64 << 10;

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read.saturating_sub(self.record_start.get()) > MAX_LINE_BYTES as u64 + READ_AHEAD {
            self.tripped.set(true);
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "record too long"));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Text of one CSV field, or the row and column at fault.
fn field_text<'r>(path: &Path, row: u64, record: &'r csv::ByteRecord, index: usize, column: &str) -> Result<&'r str, Failure> {
    let bytes = record.get(index).unwrap_or_default();
    if bytes.len() > MAX_LINE_BYTES {
        return Err(bad_row(path, row, column, format!("[limit_exceeded] a field longer than {MAX_LINE_BYTES} bytes")));
    }
    std::str::from_utf8(bytes).map_err(|e| bad_row(path, row, column, format!("[parse] not UTF-8 text (invalid byte at offset {})", e.valid_up_to())))
}

/// Read the CSV usage file record by record into the run.
fn rate_csv(run: &mut Run<'_>, file: File) -> Result<(), Failure> {
    let path = run.usage;
    let record_start = Rc::new(Cell::new(0u64));
    let tripped = Rc::new(Cell::new(false));
    let capped = Capped { inner: file, read: 0, record_start: Rc::clone(&record_start), tripped: Rc::clone(&tripped) };
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(capped);
    let mut record = csv::ByteRecord::new();
    let too_long = |line: u64| bad_row(path, line, "", format!("[limit_exceeded] a record longer than {MAX_LINE_BYTES} bytes"));
    let csv_error = |e: csv::Error, line: u64, tripped: bool| {
        if tripped {
            return too_long(line);
        }
        match e.kind() {
            csv::ErrorKind::Io(io) => Failure::input(path, format!("cannot read: {io}")),
            _ => bad_row(path, e.position().map_or(line, |p| p.line()), "", format!("[parse] {e}")),
        }
    };

    // The header row names the columns (any order; each of COLUMNS exactly once, nothing else).
    let read = rdr.read_byte_record(&mut record).map_err(|e| csv_error(e, 1, tripped.get()))?;
    if !read {
        return Err(Failure::input(path, format!("[empty] no header row; expected {}", COLUMNS.join(","))));
    }
    record_start.set(rdr.position().byte());
    let mut index = [usize::MAX; 6];
    for (i, name) in record.iter().enumerate() {
        let lossy = String::from_utf8_lossy(name);
        let name: String = lossy.trim().trim_start_matches('\u{feff}').chars().take(64).collect();
        let name = name.as_str();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(k) if index[k] == usize::MAX => index[k] = i,
            Some(_) => return Err(bad_row(path, 1, name, "[duplicate_id] the column is named twice in the header")),
            None => return Err(bad_row(path, 1, name, format!("[parse] unknown column; expected the columns {}", COLUMNS.join(",")))),
        }
    }
    if let Some(k) = index.iter().position(|&i| i == usize::MAX) {
        return Err(bad_row(path, 1, COLUMNS[k], format!("[missing] the header has no column {}; expected {}", COLUMNS[k], COLUMNS.join(","))));
    }
    let width = record.len();

    let mut r = UsageRecord {
        id: String::new(),
        customer: String::new(),
        product: String::new(),
        scenario: String::new(),
        quantity: Quantity::default(),
        time: UsageTime::parse("1970-01-01", "time").map_err(|e| Failure::core_in("internal", &e))?,
    };
    loop {
        let line = rdr.position().line();
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(e, line, tripped.get())),
        }
        record_start.set(rdr.position().byte());
        let row = record.position().map_or(line, |p| p.line());
        if record.len() == 1 && record.get(0).is_some_and(|f| f.is_empty()) {
            continue; // a blank line
        }
        if record.len() != width {
            return Err(bad_row(path, row, "", format!("[parse] {} fields, expected {width} as in the header", record.len())));
        }
        let [id, customer, product, scenario, quantity, time] = index;
        r.id.clear();
        r.id.push_str(field_text(path, row, &record, id, "id")?);
        r.customer.clear();
        r.customer.push_str(field_text(path, row, &record, customer, "customer")?);
        r.product.clear();
        r.product.push_str(field_text(path, row, &record, product, "product")?);
        r.scenario.clear();
        r.scenario.push_str(field_text(path, row, &record, scenario, "scenario")?);
        let q = field_text(path, row, &record, quantity, "quantity")?;
        r.quantity = Quantity::parse(q, "quantity").map_err(|e| bad_row(path, row, "quantity", format!("{}{}", crate::fail::describe(&e), id_note(&r.id))))?;
        let t = field_text(path, row, &record, time, "time")?;
        r.time = UsageTime::parse(t, "time").map_err(|e| bad_row(path, row, "time", format!("{}{}", crate::fail::describe(&e), id_note(&r.id))))?;
        run.push(row, &r)?;
        run.progress(rdr.position().byte());
    }
    Ok(())
}

/// Read the JSON Lines usage file line by line into the run (blank lines are skipped).
fn rate_jsonl(run: &mut Run<'_>, file: File) -> Result<(), Failure> {
    let path = run.usage;
    let mut reader = BufReader::with_capacity(64 << 10, file);
    let mut line = Vec::new();
    let mut row = 0u64;
    let mut bytes = 0u64;
    loop {
        line.clear();
        row += 1;
        let n = (&mut reader).take(MAX_LINE_BYTES as u64 + 1).read_until(b'\n', &mut line).map_err(|e| Failure::input(path, format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        if line.len() > MAX_LINE_BYTES && line.last() != Some(&b'\n') {
            return Err(bad_row(path, row, "", format!("[limit_exceeded] a line longer than {MAX_LINE_BYTES} bytes")));
        }
        let text =
            std::str::from_utf8(&line).map_err(|e| bad_row(path, row, "", format!("[parse] not UTF-8 text (invalid byte at offset {})", e.valid_up_to())))?;
        if text.trim().is_empty() {
            continue;
        }
        let r: UsageRecord = datafee::doc::from_json(text).map_err(|e| match e.field() {
            "" => bad_row(path, row, "", crate::fail::describe(&e)),
            field => Failure::input(path, format!("row {row}, field {field}: {}", crate::fail::describe(&e))),
        })?;
        run.push(row, &r)?;
        run.progress(bytes);
    }
    Ok(())
}

#[cfg(feature = "parquet")]
mod spill;

/// Rows read from a Parquet file at a time.
#[cfg(feature = "parquet")]
const PARQUET_BATCH: usize = 65_536;

/// Rate a Parquet file batch by batch through the columnar path (`datafee_arrow`: the same
/// checks as a text record; a column of the wrong type, a float quantity column or a null
/// stops the run naming `records[row].column`, rows counted from 0 over the file). A rejected
/// record is written to `rejections.csv` with its row counted from 1 (the first record).
/// Above [`spill::SPILL_ABOVE_ROWS`] rows (or as `--partitions` says) the file is rated in
/// id-hash partitions spilled to disk ([`spill`]), with the same results.
#[cfg(feature = "parquet")]
fn rate_parquet<'a>(mut run: Run<'a>, file: File, spill: &spill::Spill<'_>) -> (Run<'a>, Result<(), Failure>) {
    let usage = run.usage;
    // A second handle on the file, for the reader of dictionary columns (one pass).
    let spare = file.try_clone().ok();
    let builder = match parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file) {
        Ok(b) => b,
        Err(e) => return (run, Err(Failure::input(usage, format!("not a readable Parquet file: {e}")))),
    };
    let rows = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let partitions = spill.partitions(rows);
    if partitions > 1 {
        let read = spill::rate(&mut run, builder, partitions, spill);
        return (run, read);
    }
    let builder = dictionary_columns(builder, spare);
    let Run { rater, mut rejections, usage, progress, .. } = run;
    let mut arrow = datafee_arrow::ArrowRater::from_rater(rater, datafee_arrow::ArrowOptions::default());
    // The whole file's row count sizes the duplicate-id set once.
    arrow.reserve(rows);
    let mut times = None;
    let mut lines = String::new();
    let read = (|| -> Result<(), Failure> {
        let reader = builder.with_batch_size(PARQUET_BATCH).build().map_err(|e| Failure::input(usage, format!("not a readable Parquet file: {e}")))?;
        let started = std::time::Instant::now();
        let (rated, decoding, rating) = read_ahead(reader, |batch| {
            let first = arrow.rows();
            let batch = batch.map_err(|e| Failure::input(usage, format!("cannot read the rows after row {first}: {e}")))?;
            // The batch's rejected rows as `rejections.csv` lines into one buffer, written at once.
            lines.clear();
            arrow
                .push_batch_rejected_each(&batch, None, |row, reason, id, value| {
                    push_rejection_line(&mut lines, first + row as u64 + 1, id, reason.code(), value)
                })
                .map_err(|e| Failure::core(usage, &e))?;
            rejections.write(&lines)?;
            if let Some(p) = &progress {
                p.set_position(arrow.rows());
            }
            Ok(())
        });
        times = Some((decoding.as_secs_f64(), rating.as_secs_f64(), started.elapsed().as_secs_f64()));
        rated
    })();
    (Run { rater: arrow.into_rater(), rejections, usage, progress, times }, read)
}

/// The text columns resolved per record (`customer`, `product`, `scenario`) read from the
/// Parquet file as Arrow dictionaries (字典列) instead of one string per row: Parquet
/// usually stores them dictionary-encoded, the reader then hands over its dictionary pages
/// without building a string per row, and the rater resolves each dictionary value once per
/// batch instead of each row's text. Only a reading hint: the values, the rows and every
/// result are the same (a reader that refuses the hint leaves the plain reading).
#[cfg(feature = "parquet")]
fn dictionary_columns(
    builder: parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder<File>,
    spare: Option<File>,
) -> parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder<File> {
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
    use std::sync::Arc;
    let schema = Arc::clone(builder.schema());
    let mut changed = false;
    let fields: Vec<Arc<Field>> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            t @ (DataType::Utf8 | DataType::LargeUtf8) if matches!(f.name().as_str(), "customer" | "product" | "scenario") => {
                changed = true;
                Arc::new(f.as_ref().clone().with_data_type(DataType::Dictionary(Box::new(DataType::Int32), Box::new(t.clone()))))
            }
            _ => Arc::clone(f),
        })
        .collect();
    if !changed {
        return builder;
    }
    let Some(file) = spare else { return builder };
    let options = ArrowReaderOptions::new().with_schema(Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone())));
    match ArrowReaderMetadata::try_new(Arc::clone(builder.metadata()), options) {
        Ok(meta) => ParquetRecordBatchReaderBuilder::new_with_metadata(file, meta),
        Err(_) => builder,
    }
}

/// Decoded batches a Parquet reader thread may hold ready ahead of the rater (the bound of
/// its channel). With [`PARQUET_BATCH`] rows a batch, memory beyond reading in line is at
/// most this many batches waiting plus the one being decoded: about 3 × 65,536 rows (a few
/// MiB for the usual columns).
#[cfg(feature = "parquet")]
const READ_AHEAD_BATCHES: usize = 2;

/// Call `each` on every item of `reader` in order, `reader` running on a second thread (the
/// Parquet decoding on the other core) at most [`READ_AHEAD_BATCHES`] items ahead, through a
/// bounded channel. Stops at the first error of `each` (the reader thread then stops at its
/// next send). Returns `each`'s outcome, the reader thread's time inside `next` and the time
/// inside `each`.
#[cfg(feature = "parquet")]
fn read_ahead<I, E>(reader: I, mut each: impl FnMut(I::Item) -> Result<(), E>) -> (Result<(), E>, std::time::Duration, std::time::Duration)
where
    I: Iterator + Send,
    I::Item: Send,
{
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(READ_AHEAD_BATCHES);
        let decoder = s.spawn(move || {
            let mut reader = reader;
            let mut busy = std::time::Duration::ZERO;
            loop {
                let t = std::time::Instant::now();
                let Some(item) = reader.next() else { break };
                busy += t.elapsed();
                if tx.send(item).is_err() {
                    break;
                }
            }
            busy
        });
        let mut outcome = Ok(());
        let mut rating = std::time::Duration::ZERO;
        for item in rx.iter() {
            let t = std::time::Instant::now();
            let done = each(item);
            rating += t.elapsed();
            if let Err(e) = done {
                outcome = Err(e);
                break;
            }
        }
        drop(rx);
        let busy = decoder.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (outcome, busy, rating)
    })
}

/// Append one `rejections.csv` line (`row,id,reason,value` and CRLF, the row counted from 1)
/// to `out`: the cells as [`csv_row`] writes them, without an allocation for the usual cells.
fn push_rejection_line(out: &mut String, row: u64, id: &str, reason: &str, value: &str) {
    push_u64(out, row);
    out.push(',');
    push_csv_field(out, id, false);
    out.push(',');
    push_csv_field(out, reason, false);
    out.push(',');
    push_csv_field(out, value, false);
    out.push_str("\r\n");
}

/// Distinct cells [`push_field_cached`] keeps (a tariff's schedules in words: a few per
/// product); a cell beyond them is written as it comes.
const CACHED_FIELDS: usize = 64;

/// Append a text cell as [`push_csv_field`] writes it, kept in `cache` by its text: the fee
/// schedules in words repeat on every customer's lines and, quoted for their commas, went
/// through `csv_field`'s character-by-character clearing each time. Bound: at most
/// [`CACHED_FIELDS`] cells kept.
fn push_field_cached<'a>(out: &mut String, cache: &mut Vec<(&'a str, String)>, cell: &'a str) {
    if let Some((_, field)) = cache.iter().find(|(c, _)| *c == cell) {
        out.push_str(field);
        return;
    }
    let mut field = String::with_capacity(cell.len() + 2);
    push_csv_field(&mut field, cell, false);
    out.push_str(&field);
    if cache.len() < CACHED_FIELDS {
        cache.push((cell, field));
    }
}

/// Append `x` in decimal digits (as its `Display` writes it), without `core::fmt`.
fn push_u64(out: &mut String, mut x: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (x % 10) as u8;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

/// Read the tariff: a bare tariff, or `{tariff, withheld}` as `datafee tariff` prints it.
fn read_tariff(path: &Path) -> Result<Tariff, Failure> {
    let mut v = input::json(path)?;
    if let Value::Object(m) = &mut v {
        if !m.contains_key("catalog") {
            if let Some(t) = m.remove("tariff") {
                v = t;
            }
        }
    }
    datafee::doc::from_value(v).map_err(|e| Failure::core(path, &e))
}

/// What `summary.json` holds.
#[derive(Serialize)]
struct Summary<'a> {
    tariff: String,
    usage: String,
    period: &'a datafee::rating::BillingPeriod,
    records_in: u64,
    rated: u64,
    charged: u64,
    free: u64,
    rejected: u64,
    rejections_by_reason: &'a std::collections::BTreeMap<String, u64>,
    totals: &'a datafee::rating::Totals,
    products: &'a [datafee::rating::ProductSummary],
    files: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<&'a datafee::explain::Explanation>,
}

/// Write invoices.csv, invoice_lines.csv (when there are lines), actual_lines.json and, with
/// `explain`, working_papers.txt.
fn write_invoices(dir: &Path, result: &RatingResult, explain: bool, files: &mut Vec<&'static str>) -> Result<(), Failure> {
    let path = dir.join("invoices.csv");
    let f = File::create(&path).map_err(|e| Failure::output(&path, e))?;
    let mut w = BufWriter::new(f);
    let put = |w: &mut BufWriter<File>, s: &str, p: &Path| w.write_all(s.as_bytes()).map_err(|e| Failure::output(p, e));
    let header = ["customer", "lines", "lines_total", "subtotal", "vat_rate", "vat", "total", "prices_include_vat"];
    put(&mut w, &csv_row(&header.map(|h| (h, false))), &path)?;
    // Each row into one reused buffer: numbers and decimals as their `Display` writes them
    // (plain ASCII, so their cells need no quoting nor guard), text cells through
    // `push_csv_field`, exactly as `csv_row` of the cells' texts.
    let mut line = String::with_capacity(256);
    for inv in &result.invoices {
        line.clear();
        push_csv_field(&mut line, &inv.customer, false);
        line.push(',');
        push_u64(&mut line, inv.lines.len() as u64);
        for d in [inv.lines_total.get(), inv.subtotal.get(), inv.vat_rate.get(), inv.vat.get(), inv.total.get()] {
            line.push(',');
            push_decimal(&mut line, d);
        }
        line.push_str(if inv.prices_include_vat { ",true\r\n" } else { ",false\r\n" });
        put(&mut w, &line, &path)?;
    }
    w.flush().map_err(|e| Failure::output(&path, e))?;
    files.push("invoices.csv");

    if result.totals.lines > 0 {
        let path = dir.join("invoice_lines.csv");
        let f = File::create(&path).map_err(|e| Failure::output(&path, e))?;
        let mut w = BufWriter::new(f);
        let header = [
            "customer",
            "product",
            "scenario",
            "category",
            "free",
            "free_reason",
            "effective",
            "schedule",
            "records",
            "quantity",
            "billed_quantity",
            "cap",
            "cap_limit",
            "charge",
            "amount",
            "note",
        ];
        put(&mut w, &csv_row(&header.map(|h| (h, false))), &path)?;
        let text = |line: &mut String, x: Option<&str>| {
            line.push(',');
            push_csv_field(line, x.unwrap_or_default(), false);
        };
        let decimal = |line: &mut String, x: Option<_>| {
            line.push(',');
            if let Some(d) = x {
                push_decimal(line, d);
            }
        };
        let mut schedules = Vec::new();
        for inv in &result.invoices {
            for l in &inv.lines {
                line.clear();
                push_csv_field(&mut line, &inv.customer, false);
                text(&mut line, Some(&l.product));
                text(&mut line, Some(&l.scenario));
                text(&mut line, Some(l.category.name()));
                line.push_str(if l.free { ",true" } else { ",false" });
                text(&mut line, l.free_reason.as_deref());
                line.push(',');
                if let Some(e) = &l.effective {
                    let _ = write!(line, "{e}");
                }
                line.push(',');
                push_field_cached(&mut line, &mut schedules, l.schedule.as_deref().unwrap_or_default());
                line.push(',');
                push_u64(&mut line, l.records);
                decimal(&mut line, Some(l.quantity.get()));
                decimal(&mut line, l.billed_quantity.map(|x| x.get()));
                decimal(&mut line, l.cap.map(|x| x.get()));
                decimal(&mut line, l.cap_limit.map(|x| x.get()));
                decimal(&mut line, Some(l.charge.get()));
                decimal(&mut line, Some(l.amount.get()));
                text(&mut line, l.note.as_deref());
                line.push_str("\r\n");
                put(&mut w, &line, &path)?;
            }
        }
        w.flush().map_err(|e| Failure::output(&path, e))?;
        files.push("invoice_lines.csv");
    }

    if explain {
        let path = dir.join("working_papers.txt");
        let f = File::create(&path).map_err(|e| Failure::output(&path, e))?;
        let mut w = BufWriter::new(f);
        put(&mut w, &result.explanation.to_text(), &path)?;
        for inv in &result.invoices {
            for e in inv.lines.iter().filter_map(|l| l.explanation.as_ref()).chain(inv.explanation.as_ref()) {
                put(&mut w, &format!("\n{}", e.to_text()), &path)?;
            }
        }
        w.flush().map_err(|e| Failure::output(&path, e))?;
        files.push("working_papers.txt");
    }
    Ok(())
}

/// A progress bar over the usage file's bytes, when standard error is a terminal.
fn progress_bar(file: &File) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let style =
        indicatif::ProgressStyle::with_template("rating {bar:40} {bytes}/{total_bytes} {elapsed}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    Some(indicatif::ProgressBar::new(len).with_style(style))
}

/// `datafee rate`.
pub fn rate(a: &RateArgs) -> Result<Outcome, Failure> {
    let tariff = read_tariff(&a.tariff)?;
    let options = RaterOptions { keep_records: false, explain: a.explain };
    let rater = Rater::new(&tariff, options).map_err(|e| Failure::core(&a.tariff, &e))?;
    let format = a.input_format.unwrap_or_else(|| {
        let ext = a.usage.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if ext == "csv" {
            UsageFormat::Csv
        } else if cfg!(feature = "parquet") && ext == "parquet" {
            #[cfg(feature = "parquet")]
            {
                UsageFormat::Parquet
            }
            #[cfg(not(feature = "parquet"))]
            {
                UsageFormat::Jsonl
            }
        } else {
            UsageFormat::Jsonl
        }
    });
    let file = File::open(&a.usage).map_err(|e| Failure::input(&a.usage, format!("cannot read: {e}")))?;
    std::fs::create_dir_all(&a.out).map_err(|e| Failure::output(&a.out, e))?;
    // The outputs of an earlier run go first: a file this run does not write (invoice_lines.csv
    // without lines, working_papers.txt without --explain, everything when it stops) must not
    // be left beside the new ones.
    for name in OUTPUTS {
        let path = a.out.join(name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Failure::output(&path, e)),
            _ => {}
        }
    }

    // Rejections go to a temporary file renamed at the end, so that a stopped run leaves none.
    let partial = a.out.join("rejections.csv.partial");
    let rejections = Rejections::create(partial.clone())?;
    let progress = progress_bar(&file);
    let mut run = Run { rater, rejections, usage: &a.usage, progress, times: None };
    let read = match format {
        UsageFormat::Csv => rate_csv(&mut run, file),
        UsageFormat::Jsonl => rate_jsonl(&mut run, file),
        #[cfg(feature = "parquet")]
        UsageFormat::Parquet => {
            let spill = spill::Spill { asked: a.partitions, dir: a.spill_dir.as_deref().unwrap_or(&a.out), tariff: &tariff, options };
            let (r, read) = rate_parquet(run, file, &spill);
            run = r;
            read
        }
    };
    let Run { rater, rejections, progress, times, .. } = run;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    let finished = read.and_then(|()| rejections.finish());
    if let Err(f) = finished {
        let _ = std::fs::remove_file(&partial);
        return Err(f);
    }
    let result = rater.finish().map_err(|e| Failure::core(&a.usage, &e))?;
    let rejections_path = a.out.join("rejections.csv");
    std::fs::rename(&partial, &rejections_path).map_err(|e| Failure::output(&rejections_path, e))?;

    let mut files = Vec::new();
    write_invoices(&a.out, &result, a.explain, &mut files)?;
    files.push("rejections.csv");
    let actual = ActualLine::from_rating(&result, &tariff).map_err(|e| Failure::core(&a.usage, &e))?;
    output::file(&a.out.join("actual_lines.json"), &output::json_text(&actual)?)?;
    files.push("actual_lines.json");
    files.push("summary.json");
    let summary = Summary {
        tariff: a.tariff.display().to_string(),
        usage: a.usage.display().to_string(),
        period: &result.period,
        records_in: result.counts.records_in,
        rated: result.counts.rated,
        charged: result.counts.charged,
        free: result.counts.free,
        rejected: result.counts.rejected,
        rejections_by_reason: &result.counts.rejections_by_reason,
        totals: &result.totals,
        products: &result.products,
        files,
        explanation: a.explain.then_some(&result.explanation),
    };
    output::file(&a.out.join("summary.json"), &output::json_text(&summary)?)?;

    let mut s = format!(
        "datafee rate: {} records in, {} rated ({} charged, {} free), {} rejected\n",
        result.counts.records_in, result.counts.rated, result.counts.charged, result.counts.free, result.counts.rejected
    );
    for (reason, n) in result.counts.rejections_by_reason.iter().filter(|(_, n)| **n > 0) {
        s.push_str(&format!("  rejected {reason}: {n}\n"));
    }
    let t = &result.totals;
    s.push_str(&format!(
        "  {} invoices, {} lines; subtotal {} + VAT {} = total {}\n  written to {}\n",
        t.invoices,
        t.lines,
        t.subtotal,
        t.vat,
        t.total,
        a.out.display()
    ));
    if let Some((decoding, rating, all)) = times {
        s.push_str(&format!("  Parquet: {decoding:.2} s decoding (reader thread), {rating:.2} s rating, {all:.2} s in all\n"));
    }
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
    Ok(Outcome::Done)
}

#[cfg(test)]
mod csv_tests {
    use super::*;
    use datafee::disclosure::render::csv_field;

    /// A row is its cells as `csv_field` writes them, joined by commas, ended by CRLF.
    #[test]
    fn csv_row_is_csv_fields() {
        assert_eq!(csv_row(&[("1", true), ("r,1", false), ("-x", false)]), format!("1,{},{}\r\n", csv_field("r,1", false), csv_field("-x", false)));
    }

    /// A cached cell is written as `push_csv_field` writes it, first time and after.
    #[test]
    fn push_field_cached_is_push_csv_field() {
        let cells: Vec<String> = (0..CACHED_FIELDS + 3).map(|i| format!("graduated: {i}, \"q\"")).chain(["".into(), "=1".into(), "plain".into()]).collect();
        let mut cache = Vec::new();
        for _ in 0..2 {
            for c in &cells {
                let (mut got, mut want) = (String::from("x,"), String::from("x,"));
                push_field_cached(&mut got, &mut cache, c);
                push_csv_field(&mut want, c, false);
                assert_eq!(got, want);
            }
        }
        assert_eq!(cache.len(), CACHED_FIELDS);
    }

    /// A rejection line is `csv_row` of its cells, the row as `Display` writes it.
    #[test]
    fn push_rejection_line_is_csv_row() {
        for row in [0, 1, 9, 10, 99, 12_345, u64::from(u32::MAX), u64::MAX] {
            for (id, reason, value) in [("u4", "no_fee_in_force", "p04/finance on 2026-06-02"), ("", "missing_id", ""), ("=x", "duplicate_id", "a,\"b\"")] {
                let mut out = String::from("prev\r\n");
                push_rejection_line(&mut out, row, id, reason, value);
                assert_eq!(out, format!("prev\r\n{}", csv_row(&[(&row.to_string(), true), (id, false), (reason, false), (value, false)])));
            }
        }
    }
}
