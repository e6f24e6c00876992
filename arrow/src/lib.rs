//! Columnar rating (列式计费) of datafee on Apache Arrow: usage as record batches in,
//! invoices, invoice lines, rejections and (on request) per-record outcomes as Arrow tables
//! out.
//!
//! A crate of its own so that `datafee` (and its WebAssembly build) does not carry arrow-rs.
//! The rules are the engine's ([`datafee::rating`]): each batch goes through
//! [`Rater::push_keyed`], which checks and rates a record exactly as [`Rater::push`] does a
//! [`datafee::rating::UsageRecord`] with the same text, so the golden rating vectors give
//! the same figures through either path.
//!
//! ## Input columns (by name; other columns are ignored)
//!
//! | column | Arrow types |
//! |---|---|
//! | `id`, `customer`, `product`, `scenario` | utf8, large utf8, utf8 view, or a dictionary of those |
//! | `quantity` | decimal128 / decimal64 / decimal32 (any scale), integers, or decimal strings; **never float** (`decimal_not_string`) |
//! | `time` | date32, date64, timestamp (any unit; without a zone it is the operator's local civil time, a fixed offset such as `+08:00` is applied, a named zone is refused), or text `YYYY-MM-DD[THH:MM:SS]` |
//!
//! Bad input is a typed [`datafee::Error`] naming the column (`records.quantity`: a column of
//! the wrong type, a float column, a missing column, a column of another length) or the
//! cell (`records[12].time`: a null, a malformed decimal or time string, with the row
//! counted over every batch pushed). A batch is read whole before any of its records is
//! rated, so a refused batch leaves the rater as it was.
//!
//! ## Output tables ([`RatingTables`])
//!
//! `invoices` (one row per customer), `lines` (one per invoice line), `rejected` (the listed
//! rejections: index, id, reason, value) and, when [`ArrowOptions::outcomes`] is set,
//! `records` (one row per input record: index, status `charged`/`free`/`rejected`, reason).
//! Money and quantities are `decimal128(38, s)` with `s` the largest scale in the column:
//! exact, and converted by pyarrow to `decimal.Decimal` and by polars to its decimal type.
//!
//! ## Partitions (Spark and other engines)
//!
//! Records partitioned by id (every id's records in one partition) can be rated by separate
//! raters in separate processes: each pushes its batches with
//! [`ArrowRater::push_batch_rejected`] (which returns every rejected row, to keep beside the
//! partition's data) and exports its partial state with [`ArrowRater::partial_json`] (the
//! aggregates and counts, no ids: one entry per customer and fee in force); a driver merges
//! the states with [`ArrowRater::merge_partial_json`] and prices once with
//! [`ArrowRater::finish`]. The invoices are exactly those of one rater over all the records.
//! Within one process (the command line's spilled partitions), [`id_page_partitions`] (or
//! [`id_partitions`], by the id's hash alone) assigns rows to partitions, [`check_batch`] refuses a bad batch before it is stored, and
//! [`ArrowRater::push_batch_rejected_at`] rates a partition's rows with their global positions.
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{ArrayRef, Date32Array, Decimal128Array, RecordBatch, StringArray};
//! use datafee_arrow::{ArrowOptions, ArrowRater};
//! let tariff: datafee::rating::Tariff = datafee::doc::from_json(r#"{
//!   "catalog": {"scenarios": [{"id": "fin", "name": "Finance", "category": "industry_development"}],
//!               "products": [{"id": "credit", "name": "Credit", "service_form": "api", "charging_form": "per_call", "scenarios": ["fin"]}]},
//!   "fees": [{"product": "credit", "scenario": "fin", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "0.50"}, "cap": "0.60"}],
//!   "period": {"start": "2025-01-01", "end": "2025-02-01"}, "vat_rate": "0.06"}"#)?;
//! let day = datafee::rating::Date::from_ymd(2025, 1, 5)?.days();
//! let batch = RecordBatch::try_from_iter([
//!     ("id", Arc::new(StringArray::from(vec!["r1", "r2", "r2"])) as ArrayRef),
//!     ("customer", Arc::new(StringArray::from(vec!["acme", "acme", "acme"])) as ArrayRef),
//!     ("product", Arc::new(StringArray::from(vec!["credit"; 3])) as ArrayRef),
//!     ("scenario", Arc::new(StringArray::from(vec!["fin"; 3])) as ArrayRef),
//!     ("quantity", Arc::new(Decimal128Array::from(vec![100, 250, 250]).with_precision_and_scale(10, 1).unwrap()) as ArrayRef),
//!     ("time", Arc::new(Date32Array::from(vec![day; 3])) as ArrayRef),
//! ]).unwrap();
//! let mut rater = ArrowRater::new(&tariff, ArrowOptions::default())?;
//! rater.push_batch(&batch)?;
//! let out = rater.finish()?;
//! // 10.0 + 25.0 = 35 calls × 0.50 = 17.50; the replay of r2 is a duplicate.
//! assert_eq!(out.result.invoices[0].lines[0].amount.to_string(), "17.50");
//! assert_eq!(out.result.counts.rejections_by_reason["duplicate_id"], 1);
//! assert_eq!((out.lines.num_rows(), out.rejected.num_rows()), (1, 1));
//! # Ok::<(), datafee::Error>(())
//! ```

#![deny(missing_docs)]

mod input;
mod output;
mod split;

use arrow_array::{Array, RecordBatch};
use datafee::rating::{KeyedRecord, LastIntId, PartialState, Rater, RaterOptions, RatingResult, RejectReason, Status, Tariff, TimeKey};
use datafee::{Error, Result};

pub use input::COLUMNS;
pub use output::{outcome_code, RatingTables};
pub use split::{split_batches, SplitTable};

/// Options of a columnar rating run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ArrowOptions {
    /// Working papers on invoices and lines (bounded as in [`RaterOptions::explain`]).
    pub explain: bool,
    /// Keep every record's outcome for [`RatingTables::records`] (one byte per record).
    pub outcomes: bool,
}

/// Per-row resolution of a batch, computed whole before any record is rated.
#[derive(Default)]
struct Scratch {
    /// Customers, products and scenarios resolved, [`NO_IX`] for none (4 bytes a row where
    /// `Option<u32>` takes 8 and a second load).
    customer: Vec<u32>,
    product: Vec<u32>,
    scenario: Vec<u32>,
    /// Quantities packed by [`pack_quantity`] (16 bytes a row where the `Result` takes 32).
    quantity: Vec<i128>,
    time: Vec<TimeKey>,
    /// Each id's tag in the rater's duplicate-id set ([`Rater::id_tag`]): hashed once, for
    /// the prefetch and the check.
    tag: Vec<u128>,
    /// The last id in integer form tagged in full, carried from id to id and chunk to chunk
    /// ([`Rater::id_tag_word_after`]: sequential ids differ from it in the last digit only).
    last_id: LastIntId,
}

/// A streaming columnar rater: push record batches, merge partial raters, then
/// [`ArrowRater::finish`].
pub struct ArrowRater {
    rater: Rater,
    options: ArrowOptions,
    rows: u64,
    outcomes: Vec<u8>,
    scratch: Scratch,
    short: ShortTexts,
    memo: DictMemos,
}

impl ArrowRater {
    /// A rater for a tariff (validated first).
    pub fn new(tariff: &Tariff, options: ArrowOptions) -> Result<ArrowRater> {
        let rater = Rater::new(tariff, RaterOptions { keep_records: false, explain: options.explain })?;
        Ok(ArrowRater { rater, options, rows: 0, outcomes: Vec::new(), scratch: Scratch::default(), short: ShortTexts::default(), memo: DictMemos::default() })
    }

    /// Rate batches into an existing rater (built by the caller with its own options; only
    /// `options.outcomes` is read here), for a caller that also pushes text records or keeps
    /// the rater afterwards ([`ArrowRater::into_rater`]). Rows are numbered from the rater's
    /// records so far.
    pub fn from_rater(rater: Rater, options: ArrowOptions) -> ArrowRater {
        let rows = rater.records_in();
        ArrowRater { rater, options, rows, outcomes: Vec::new(), scratch: Scratch::default(), short: ShortTexts::default(), memo: DictMemos::default() }
    }

    /// The underlying rater, to finish it as a [`Rater`] (per-record outcomes are dropped).
    pub fn into_rater(self) -> Rater {
        self.rater
    }

    /// Records pushed so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// A capacity hint: about `rows` more records will be pushed (a Parquet file's
    /// `num_rows`, a pyarrow table's, a reader's hint). The duplicate-id set is sized once
    /// for them ([`Rater::reserve_ids`], bounded by [`datafee::rating::MAX_RESERVED_IDS`])
    /// instead of doubling, and being re-placed, as batches arrive. Results are the same
    /// with any hint or none.
    pub fn reserve(&mut self, rows: u64) {
        let rows = usize::try_from(rows).unwrap_or(usize::MAX);
        self.rater.reserve_ids(rows, 0);
        if self.options.outcomes {
            self.outcomes.reserve(rows.min(datafee::rating::MAX_RESERVED_IDS));
        }
    }

    /// Rate a record batch with the columns of [`COLUMNS`], its rows numbered after those
    /// already pushed.
    pub fn push_batch(&mut self, batch: &RecordBatch) -> Result<()> {
        let b = input::batch(batch, self.rows)?;
        self.push_read(&b, None, None)
    }

    /// Rate a record batch as [`ArrowRater::push_batch`] does, and return **every** rejected
    /// row of it (not only the listed first ones): a table of `row` (uint64, the position in
    /// this batch), `reason` (the reason code) and `value` (the offending value, as in
    /// [`RatingTables::rejected`]), in row order. For rating in partitions (Spark), where the
    /// rejected records stay with the partition that read them.
    pub fn push_batch_rejected(&mut self, batch: &RecordBatch) -> Result<RecordBatch> {
        self.rejected_read(batch, None)
    }

    /// [`ArrowRater::push_batch_rejected`] for rows that have the given positions in the whole
    /// input (`indices`, one per row, increasing: rating in partitions, see
    /// [`ArrowRater::push_batch_at`]); the returned `row` column is still the position in
    /// this batch.
    pub fn push_batch_rejected_at(&mut self, batch: &RecordBatch, indices: &[u64]) -> Result<RecordBatch> {
        self.rejected_read(batch, Some(indices))
    }

    fn rejected_read(&mut self, batch: &RecordBatch, indices: Option<&[u64]>) -> Result<RecordBatch> {
        let mut rows = Vec::new();
        let mut reasons = arrow_array::builder::StringBuilder::new();
        let mut values = arrow_array::builder::StringBuilder::new();
        self.push_batch_rejected_each(batch, indices, |row, reason, _, value| {
            rows.push(row as u64);
            reasons.append_value(reason.code());
            values.append_value(value);
        })?;
        let columns: Vec<(&str, std::sync::Arc<dyn Array>)> = vec![
            ("row", std::sync::Arc::new(arrow_array::UInt64Array::from(rows))),
            ("reason", std::sync::Arc::new(reasons.finish())),
            ("value", std::sync::Arc::new(values.finish())),
        ];
        RecordBatch::try_from_iter(columns).map_err(|e| Error::invalid("rejected", "batch", e.to_string()))
    }

    /// Rate a record batch as [`ArrowRater::push_batch_rejected`] does (with `indices`, as
    /// [`ArrowRater::push_batch_rejected_at`]), handing each rejected row to `each` in row
    /// order instead of building a table: its position in this batch, its reason, its id and
    /// the offending value (the `value` column's text). The texts are borrowed, the value
    /// from one buffer reused for every row: nothing is allocated per rejected row. For
    /// writers of rejected rows (the command line's `rejections.csv`).
    pub fn push_batch_rejected_each(
        &mut self,
        batch: &RecordBatch,
        indices: Option<&[u64]>,
        mut each: impl FnMut(usize, RejectReason, &str, &str),
    ) -> Result<()> {
        let b = input::batch(batch, self.rows)?;
        if let Some(x) = indices.filter(|x| x.len() != b.rows) {
            return Err(Error::invalid("records.index", format!("{} indices", x.len()), format!("one per row: {}", b.rows)));
        }
        let mut sink = Vec::new();
        self.push_read(&b, indices, Some(&mut sink))?;
        let mut value = String::new();
        for (i, reason) in sink {
            value.clear();
            push_reason_value(&b, i, reason, &mut value);
            each(i, reason, b.id.get(i), &value);
        }
        Ok(())
    }

    /// The partial state of this rater ([`Rater::partial`]: counts, listed rejections and
    /// aggregates, without the ids) for another process to merge with
    /// [`ArrowRater::merge_partial`]. Refused when per-record outcomes are kept.
    pub fn partial(&self) -> Result<PartialState> {
        if self.options.outcomes {
            return Err(Error::invalid("partial.options", "outcomes", "per-record outcomes are not exported; turn them off"));
        }
        self.rater.partial()
    }

    /// [`ArrowRater::partial`] as JSON text (the wire form of a partial state).
    pub fn partial_json(&self) -> Result<String> {
        serde_json::to_string(&self.partial()?).map_err(|e| Error::invalid("partial", "state", e.to_string()))
    }

    /// Merge an exported partial state ([`Rater::merge_partial`]: checked whole, exact; the
    /// records must have been partitioned by id). Refused when per-record outcomes are kept.
    pub fn merge_partial(&mut self, state: &PartialState) -> Result<()> {
        if self.options.outcomes {
            return Err(Error::invalid("partial.options", "outcomes", "per-record outcomes are not exported; turn them off"));
        }
        self.rater.merge_partial(state)?;
        self.rows += state.records_in;
        Ok(())
    }

    /// Merge a partial state given as JSON text ([`ArrowRater::partial_json`]); malformed
    /// text is an [`Error::Parse`] naming the path inside the state.
    pub fn merge_partial_json(&mut self, text: &str) -> Result<()> {
        let state: PartialState = datafee::doc::from_json(text)?;
        self.merge_partial(&state)
    }

    /// Rate six arrays given separately (id, customer, product, scenario, quantity, time),
    /// all of the same length.
    pub fn push_arrays(&mut self, arrays: [&dyn Array; 6]) -> Result<()> {
        let b = input::read(arrays, self.rows)?;
        self.push_read(&b, None, None)
    }

    /// Rate a record batch whose rows have the given positions in the whole input (for
    /// partitions: see [`Rater::merge`]); `indices` must have one entry per row.
    pub fn push_batch_at(&mut self, batch: &RecordBatch, indices: &[u64]) -> Result<()> {
        let b = input::batch(batch, self.rows)?;
        if indices.len() != b.rows {
            return Err(Error::invalid("records.index", format!("{} indices", indices.len()), format!("one per row: {}", b.rows)));
        }
        self.push_read(&b, Some(indices), None)
    }

    /// Resolve rows `lo..hi` of a batch into the scratch columns (dictionaries resolved once
    /// per batch in `dicts`).
    fn resolve(&mut self, b: &input::Batch<'_>, dicts: &Dicts, lo: usize, hi: usize) -> Result<()> {
        let s = &mut self.scratch;
        s.customer.clear();
        s.product.clear();
        s.scenario.clear();
        s.quantity.clear();
        s.time.clear();
        s.tag.clear();
        // A dictionary resolves each value once per batch. Plain text looks a text of at most
        // 16 bytes up by its bytes packed in an integer (no string hashing nor comparison
        // call) in the short-text cache, every row (a compare with the previous row's key
        // first was a mispredicted branch whenever values alternate, e.g. 3 products in
        // random order; dropped in session 10, see benches/README.md); a longer text goes to
        // the rater's own maps.
        let rater = &mut self.rater;
        let short = &mut self.short;
        resolve_text(&b.product, &dicts.product, lo, hi, &mut s.product, &mut short.product, &mut |p| Ok(rater.product_index(p)))?;
        resolve_text(&b.scenario, &dicts.scenario, lo, hi, &mut s.scenario, &mut short.scenario, &mut |x| Ok(rater.scenario_index(x)))?;
        // Customers are interned (the empty name is "no customer").
        resolve_text(&b.customer, &dicts.customer, lo, hi, &mut s.customer, &mut short.customer, &mut |c| intern(rater, c))?;
        // Integer and decimal quantities, and date or timestamp times, are read as slices
        // (no per-value dispatch); text is parsed per cell, naming the row when malformed.
        if let (input::Quantities::Text(_), input::Times::Text(_)) = (&b.quantity, &b.time) {
            // Both may be malformed: checked row by row, so the first bad cell is named.
            for i in lo..hi {
                let row = self.rows + i as u64;
                s.quantity.push(pack_quantity(b.quantity.nano(i, row, "quantity")?));
                s.time.push(b.time.key(i, row, "time")?);
            }
            id_tags(rater, &b.id, lo, hi, &mut s.tag, &mut s.last_id);
            return Ok(());
        }
        match &b.quantity {
            input::Quantities::Decimal(v, scale) if *scale >= 0 => {
                let q = datafee::rating::QuantityScale::new(*scale as u32);
                s.quantity.extend(v.get(lo..hi).unwrap_or_default().iter().map(|&x| pack_quantity(q.nano(x))));
            }
            input::Quantities::Int64(v) => s.quantity.extend(v.get(lo..hi).unwrap_or_default().iter().map(|&x| pack_quantity(input::int_nano(x)))),
            q => {
                for i in lo..hi {
                    s.quantity.push(pack_quantity(q.nano(i, self.rows + i as u64, "quantity")?));
                }
            }
        }
        match &b.time {
            input::Times::Keys(k) => s.time.extend_from_slice(k.get(lo..hi).unwrap_or_default()),
            input::Times::Days(d) => s.time.extend(d.get(lo..hi).unwrap_or_default().iter().map(|&d| input::day_key(d))),
            t => {
                for i in lo..hi {
                    s.time.push(t.key(i, self.rows + i as u64, "time")?);
                }
            }
        }
        id_tags(rater, &b.id, lo, hi, &mut s.tag, &mut s.last_id);
        Ok(())
    }

    /// Rate a batch read whole; with a `sink`, every rejected row (its position in the batch
    /// and reason) is collected.
    fn push_read(&mut self, b: &input::Batch<'_>, indices: Option<&[u64]>, mut sink: Option<&mut Vec<(usize, RejectReason)>>) -> Result<()> {
        // Rows are resolved and rated CHUNK at a time (the scratch columns then stay in the
        // core's cache) unless interning the batch's customers could reach MAX_CUSTOMERS
        // midway: the one error a chunk can meet after the batch's checks below, and then the
        // batch is one chunk, so that a refused batch leaves the rater as it was.
        let chunk = if self.rater.customer_count().saturating_add(b.rows) <= datafee::rating::MAX_CUSTOMERS { CHUNK } else { b.rows.max(1) };
        // A batch is checked whole before any of its rows is rated: text quantities and
        // times are parsed once ahead when the batch spans several chunks.
        if b.rows > chunk {
            for i in 0..b.rows {
                let row = self.rows + i as u64;
                if matches!(b.quantity, input::Quantities::Text(_)) {
                    let _ = b.quantity.nano(i, row, "quantity")?;
                }
                if matches!(b.time, input::Times::Text(_)) {
                    b.time.key(i, row, "time")?;
                }
            }
        }
        let rater = &mut self.rater;
        let memo = &mut self.memo;
        let product = memo.product.resolve(&b.product, &mut |p| Ok(rater.product_index(p)))?;
        let scenario = memo.scenario.resolve(&b.scenario, &mut |x| Ok(rater.scenario_index(x)))?;
        let customer = memo.customer.resolve(&b.customer, &mut |c| intern(rater, c))?;
        let dicts = Dicts { product, scenario, customer };
        if self.options.outcomes {
            self.outcomes.reserve(b.rows);
        }
        // The duplicate-id set sized once for the batch, and each id's first read of the set
        // prefetched a few records ahead (at a million ids the set is larger than the caches).
        self.rater.reserve_ids(b.rows, b.id.byte_hint());
        let mut lo = 0;
        while lo < b.rows {
            let hi = (lo + chunk).min(b.rows);
            self.resolve(b, &dicts, lo, hi)?;
            let Scratch { customer, product, scenario, quantity, time, tag: tags, .. } = &self.scratch;
            // Every scratch column has a row for each of lo..hi (what `resolve` writes): the
            // loop below walks them together, so a short one would drop rows.
            let n = hi - lo;
            if [customer.len(), product.len(), scenario.len(), quantity.len(), time.len(), tags.len()].iter().any(|&l| l != n) {
                return Err(Error::invalid("records", format!("rows {lo}..{hi}"), "a resolved column has another length (internal error)"));
            }
            let rows = self.rows;
            // The loop twice, with and without per-record outcomes (no test of the option per row).
            match self.options.outcomes {
                true => rate_rows::<true>(&mut self.rater, &mut self.outcomes, &self.scratch, b, indices, sink.as_deref_mut(), lo, rows),
                false => rate_rows::<false>(&mut self.rater, &mut self.outcomes, &self.scratch, b, indices, sink.as_deref_mut(), lo, rows),
            }
            lo = hi;
        }
        self.rows += b.rows as u64;
        Ok(())
    }

    /// Merge another partial columnar rater (see [`Rater::merge`]: records partitioned by id,
    /// rows pushed with their global positions through [`ArrowRater::push_batch_at`]).
    /// Per-record outcomes are not kept across a merge: both must have
    /// [`ArrowOptions::outcomes`] off.
    pub fn merge(&mut self, other: ArrowRater) -> Result<()> {
        if self.options.outcomes || other.options.outcomes {
            return Err(Error::invalid("merge.options", "outcomes", "per-record outcomes are kept in input order by one rater; turn them off to merge"));
        }
        self.rater.merge(other.rater)?;
        self.rows += other.rows;
        Ok(())
    }

    /// The underlying rater (to push text records too, or read its tariff).
    pub fn rater(&mut self) -> &mut Rater {
        &mut self.rater
    }

    /// Price, close the invoices and build the tables.
    pub fn finish(self) -> Result<RatingTables> {
        let result = self.rater.finish()?;
        output::tables(result, self.options.outcomes.then_some(self.outcomes))
    }
}

/// Rate rows `lo..` of a batch from its scratch columns (each of the same length, checked by
/// the caller): each id's first read of the duplicate-id set prefetched [`PREFETCH`] records
/// ahead, each record through [`Rater::push_keyed_tagged`], a rejected row's position and
/// reason pushed to `sink`, and with `OUTCOMES` each record's status code to `outcomes`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn rate_rows<const OUTCOMES: bool>(
    rater: &mut Rater,
    outcomes: &mut Vec<u8>,
    scratch: &Scratch,
    b: &input::Batch<'_>,
    indices: Option<&[u64]>,
    mut sink: Option<&mut Vec<(usize, RejectReason)>>,
    lo: usize,
    rows: u64,
) {
    let Scratch { customer, product, scenario, quantity, time, tag: tags, .. } = scratch;
    for &tag in tags.iter().take(PREFETCH) {
        prefetch(rater.id_tag_prefetch_addr(tag));
    }
    let columns = customer.iter().zip(product).zip(scenario).zip(quantity).zip(time).zip(tags);
    for (j, (((((&customer, &product), &scenario), &quantity), &time), &tag)) in columns.enumerate() {
        let i = lo + j;
        if let Some(&tag) = tags.get(j + PREFETCH) {
            prefetch(rater.id_tag_prefetch_addr(tag));
        }
        // The id's text and the row's index are read only where needed (a hashed id, a listed
        // rejection): an id in integer form is checked by its tag alone.
        let index = || indices.and_then(|x| x.get(i).copied()).unwrap_or(rows + i as u64);
        let ix = |x: u32| (x != NO_IX).then_some(x);
        let k = KeyedRecord { id: "", customer: ix(customer), product: ix(product), scenario: ix(scenario), quantity: unpack_quantity(quantity), time };
        let status = rater.push_keyed_tagged(&k, tag, || b.id.get(i), index, |reason| reason_value(b, i, reason));
        if let (Status::Rejected(reason), Some(sink)) = (status, sink.as_deref_mut()) {
            sink.push((i, reason));
        }
        if OUTCOMES {
            outcomes.push(output::status_code(status));
        }
    }
}

/// A quantity packed for a scratch column: the quantity in 10^-9 units itself, or a rejection
/// as `i128::MIN` plus its position in [`RejectReason::ALL`] (far below any quantity: a rated
/// quantity is positive and a rejected one is never stored as a number).
#[inline(always)]
fn pack_quantity(q: std::result::Result<i128, RejectReason>) -> i128 {
    match q {
        Ok(n) => {
            debug_assert!(n > i128::MIN + RejectReason::ALL.len() as i128, "quantity {n} in the rejections' range");
            n
        }
        Err(r) => i128::MIN + r.index() as i128,
    }
}

/// The quantity or rejection [`pack_quantity`] packed.
#[inline(always)]
fn unpack_quantity(q: i128) -> std::result::Result<i128, RejectReason> {
    let offset = q as u128 ^ 1 << 127;
    match usize::try_from(offset).ok().and_then(|i| RejectReason::ALL.get(i)) {
        Some(&r) => Err(r),
        None => Ok(q),
    }
}

/// The tags of the ids of rows `lo..hi` ([`Rater::id_tag`]), in one pass over the column
/// (an id of at most 8 bytes read in one load of its column's buffer, and one that differs
/// from `last`, the last id in integer form, in its last digit only tagged from it:
/// [`Rater::id_tag_word_after`]).
#[inline]
fn id_tags(rater: &Rater, ids: &input::Text<'_>, lo: usize, hi: usize, out: &mut Vec<u128>, last: &mut LastIntId) {
    out.reserve(hi.saturating_sub(lo));
    match ids {
        input::Text::Utf8(a) => id_tags_offsets(rater, a, lo, hi, out, last),
        input::Text::Large(a) => id_tags_offsets(rater, a, lo, hi, out, last),
        _ => {
            let _ = ids.try_each_bytes(lo, hi, |_, id, word| {
                out.push(rater.id_tag_word_after(id, word, last));
                Ok::<(), ()>(())
            });
        }
    }
}

/// [`id_tags`] of plain or large utf8, straight from the offsets and bytes in one loop (no
/// call per row).
#[inline(never)]
fn id_tags_offsets<O: arrow_array::OffsetSizeTrait>(
    rater: &Rater,
    a: &arrow_array::GenericStringArray<O>,
    lo: usize,
    hi: usize,
    out: &mut Vec<u128>,
    last: &mut LastIntId,
) {
    let data: &[u8] = a.value_data();
    for w in a.value_offsets().get(lo..=hi).unwrap_or_default().windows(2) {
        let &[s, e] = w else { continue };
        let (s, e) = (s.as_usize(), e.as_usize());
        let word = data.get(s..).and_then(|d| d.first_chunk::<8>()).map(|w| u64::from_le_bytes(*w));
        out.push(rater.id_tag_word_after(data.get(s..e).unwrap_or_default(), word, last));
    }
}

/// Resolve rows `lo..hi` of a text column (customer, product or scenario) into `out`
/// ([`NO_IX`] for a text that resolves to nothing): a dictionary through its values resolved
/// once (`distinct`); plain and large utf8 by [`resolve_offsets`]; utf8 view by each text's
/// short key in `cache`; `find` resolves a text not seen before.
fn resolve_text(
    t: &input::Text<'_>,
    distinct: &Option<Vec<Option<u32>>>,
    lo: usize,
    hi: usize,
    out: &mut Vec<u32>,
    cache: &mut ShortCache,
    find: &mut dyn FnMut(&str) -> Result<Option<u32>>,
) -> Result<()> {
    match (t, distinct) {
        (input::Text::Dict(keys, _), Some(distinct)) => {
            out.extend(keys.get(lo..hi).unwrap_or_default().iter().map(|&k| no_ix(distinct.get(k).copied().flatten())));
            Ok(())
        }
        (input::Text::Utf8(a), _) => resolve_offsets(a, lo, hi, out, cache, find),
        (input::Text::Large(a), _) => resolve_offsets(a, lo, hi, out, cache, find),
        _ => t.try_each_bytes(lo, hi, |i, v, _| {
            let ix = resolve_slow(t.get(i), v, cache, find)?;
            out.push(no_ix(ix));
            Ok(())
        }),
    }
}

/// [`resolve_text`] of plain or large utf8, straight from the offsets and bytes in one loop
/// (no call per row): a text of at most 8 bytes with 8 bytes of buffer from its start is
/// looked up by [`short_word_key`] in the cache's compact front (a multiply, a load and two
/// compares); anything else, and a text the front does not hold, by [`resolve_slow`].
#[inline(never)]
fn resolve_offsets<O: arrow_array::OffsetSizeTrait>(
    a: &arrow_array::GenericStringArray<O>,
    lo: usize,
    hi: usize,
    out: &mut Vec<u32>,
    cache: &mut ShortCache,
    find: &mut dyn FnMut(&str) -> Result<Option<u32>>,
) -> Result<()> {
    let data: &[u8] = a.value_data();
    let offsets = a.value_offsets().get(lo..=hi).unwrap_or_default();
    out.reserve(offsets.len().saturating_sub(1));
    for (i, w) in (lo..).zip(offsets.windows(2)) {
        let &[s, e] = w else { continue };
        let (s, e) = (s.as_usize(), e.as_usize());
        let n = e.wrapping_sub(s);
        let word = data.get(s..).and_then(|d| d.first_chunk::<8>());
        let hit = match word {
            Some(w) if n <= 8 => cache.get_compact(short_word_key(u64::from_le_bytes(*w), n)),
            _ => None,
        };
        let ix = match hit {
            Some(ix) => ix,
            None => {
                let v = data.get(s..e).unwrap_or_default();
                no_ix(resolve_slow(a.value(i), v, cache, find)?)
            }
        };
        out.push(ix);
    }
    Ok(())
}

/// A text by its short key in `cache` (filled on a miss through `find`), or straight through
/// `find` when it is longer than 16 bytes.
#[cold]
fn resolve_slow(text: &str, bytes: &[u8], cache: &mut ShortCache, find: &mut dyn FnMut(&str) -> Result<Option<u32>>) -> Result<Option<u32>> {
    debug_assert_eq!(text.as_bytes(), bytes);
    match short_key(bytes) {
        Some(key) => match cache.get(key) {
            Some(ix) => Ok(ix),
            None => {
                let ix = find(text)?;
                cache.insert(key, ix);
                Ok(ix)
            }
        },
        None => find(text),
    }
}

/// A text of at most 16 bytes as a key: its bytes, zero-padded, and its length.
///
/// A text of at most 8 bytes is its bytes zero-padded in the low word (little-endian, as
/// [`short_word_key`] reads them from a column's buffer); read without a copy as two
/// overlapping 4-byte words for 4 to 7 bytes, bytes 0, n/2 and n−1 for 1 to 3. A text of 9 to
/// 16 bytes is its first and last 8 bytes. Each covers every byte, so with the length the key
/// is one-to-one.
#[inline]
fn short_key(b: &[u8]) -> Option<(u128, u8)> {
    let n = b.len();
    if n > 16 {
        return None;
    }
    let (x, y) = if let Some(f) = b.first_chunk::<8>().filter(|_| n == 8) {
        (u64::from_le_bytes(*f), 0)
    } else if let (Some(f), Some(l)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (u64::from_le_bytes(*f), u64::from_le_bytes(*l))
    } else if let (Some(f), Some(l)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        (u64::from(u32::from_le_bytes(*f)) | u64::from(u32::from_le_bytes(*l)) << (8 * (n - 4)), 0)
    } else if let (Some(&f), Some(&l)) = (b.first(), b.last()) {
        (u64::from(f) | u64::from(b.get(n / 2).copied().unwrap_or(0)) << (8 * (n / 2)) | u64::from(l) << (8 * (n - 1)), 0)
    } else {
        (0, 0)
    };
    Some((u128::from(x) | u128::from(y) << 64, n as u8))
}

/// [`short_key`] of a text of `n` ≤ 8 bytes from `word`, the 8 bytes of the column's buffer
/// that start with it (its own bytes, then whatever follows, masked off): no test of the
/// length's range and no byte-by-byte assembly.
#[inline(always)]
fn short_word_key(word: u64, n: usize) -> (u128, u8) {
    (u128::from(word & datafee::rating::LOW_BYTES.get(n).copied().unwrap_or(0)), n as u8)
}

/// A multiply-xor hasher for the packed keys (process-local maps only).
#[derive(Default)]
struct PackedHasher(u64);

impl std::hash::Hasher for PackedHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(23) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    #[inline]
    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

type ShortMap = std::collections::HashMap<(u128, u8), Option<u32>, std::hash::BuildHasherDefault<PackedHasher>>;

/// Slots of a [`ShortCache`]'s direct-mapped front for texts of 9 to 16 bytes (a power of two:
/// 32 bytes each, 128 KiB, within the L2 cache; 1,000 customers in random order hit it about 9
/// times in 10).
const DIRECT_SLOTS: usize = 4096;

/// Slots of a [`ShortCache`]'s compact front for texts of at most 8 bytes (a power of two: 16
/// bytes each, 64 KiB; 2,048 slots measured no faster beyond the noise).
const COMPACT_SLOTS: usize = 4096;

/// One slot of the direct-mapped front: a short key (`len` is the text's length plus one,
/// 0 for an empty slot) and what it resolved to.
#[derive(Clone, Copy, Default)]
struct DirectSlot {
    key: u128,
    len: u8,
    ix: Option<u32>,
}

/// One slot of the compact front: the key of a text of at most 8 bytes folded to 64 bits
/// (one-to-one for such a text, see [`compact_key`]), `len` the length plus one (0: empty) and
/// what it resolved to (`u32::MAX` for nothing). 16 bytes.
#[derive(Clone, Copy, Default)]
struct CompactSlot {
    key: u64,
    ix: u32,
    len: u8,
}

/// The short key of a text of at most 8 bytes in 64 bits: [`short_key`]'s high word is then
/// 0 and the low word the text's bytes, zero-padded (one-to-one for a given length).
#[inline(always)]
fn compact_key(key: u128) -> u64 {
    (key as u64) ^ (((key >> 64) as u64) << 32)
}

/// Resolved texts as `u32` in the compact front and the scratch columns: `None` is
/// `u32::MAX` (never a customer number, [`datafee::rating::MAX_CUSTOMERS`] is below it, nor a
/// catalog index: the catalogs are indexed by `u32` and hold far fewer).
const NO_IX: u32 = u32::MAX;

/// A resolved text as stored in a scratch column: [`NO_IX`] for nothing.
#[inline(always)]
fn no_ix(ix: Option<u32>) -> u32 {
    debug_assert_ne!(ix, Some(NO_IX), "an index equal to NO_IX");
    ix.unwrap_or(NO_IX)
}

/// Texts already resolved (直接映射缓存 in front of a hash map): a record's text is looked
/// up first in one slot of a direct-mapped table chosen by a multiply hash of its short key
/// (one load and one compare, no probe sequence), then in the map, which holds every text
/// resolved so far; a map hit or a new text takes the slot. Texts of at most 8 bytes (the usual
/// customer, product and scenario codes) use a table of 16-byte slots, longer ones one of
/// 32-byte slots. Memory: the map (one entry per distinct text) plus [`COMPACT_SLOTS`] × 16 and
/// [`DIRECT_SLOTS`] × 32 bytes, each allocated on first use. A hit returns exactly what the map
/// holds for the key, so results do not depend on it.
#[derive(Default)]
struct ShortCache {
    direct: Vec<DirectSlot>,
    compact: Vec<CompactSlot>,
    map: ShortMap,
}

impl ShortCache {
    /// The slot of a key: the top bits of a multiply hash of its two halves and length.
    #[inline(always)]
    fn slot((key, len): (u128, u8)) -> usize {
        let h = ((key as u64) ^ ((key >> 64) as u64).rotate_left(29) ^ u64::from(len)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - DIRECT_SLOTS.trailing_zeros())) as usize
    }

    /// The compact slot of a folded key.
    #[inline(always)]
    fn compact_slot(key: u64, len: u8) -> usize {
        let h = (key ^ u64::from(len)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - COMPACT_SLOTS.trailing_zeros())) as usize
    }

    /// What the text of this key (of a text of at most 8 bytes) resolved to, [`NO_IX`] for
    /// nothing, if the compact front holds it (`None` does not mean unseen: ask
    /// [`ShortCache::get`]).
    #[inline(always)]
    fn get_compact(&self, k: (u128, u8)) -> Option<u32> {
        let key = compact_key(k.0);
        let d = self.compact.get(Self::compact_slot(key, k.1))?;
        (d.len == k.1 + 1 && d.key == key).then_some(d.ix)
    }

    /// What the text of this key resolved to, if it was seen.
    #[inline(always)]
    fn get(&mut self, k: (u128, u8)) -> Option<Option<u32>> {
        if k.1 <= 8 {
            let key = compact_key(k.0);
            let at = Self::compact_slot(key, k.1);
            if let Some(d) = self.compact.get(at) {
                if d.len == k.1 + 1 && d.key == key {
                    return Some((d.ix != NO_IX).then_some(d.ix));
                }
            }
            let ix = *self.map.get(&k)?;
            self.put(k, ix);
            return Some(ix);
        }
        let at = Self::slot(k);
        if let Some(d) = self.direct.get(at) {
            if d.len == k.1 + 1 && d.key == k.0 {
                return Some(d.ix);
            }
        }
        let ix = *self.map.get(&k)?;
        self.put(k, ix);
        Some(ix)
    }

    /// Remember what the text of this key resolved to.
    fn insert(&mut self, k: (u128, u8), ix: Option<u32>) {
        self.map.insert(k, ix);
        self.put(k, ix);
    }

    #[inline(always)]
    fn put(&mut self, (key, len): (u128, u8), ix: Option<u32>) {
        if len <= 8 && ix != Some(NO_IX) {
            if self.compact.is_empty() {
                self.compact = vec![CompactSlot::default(); COMPACT_SLOTS];
            }
            let key = compact_key(key);
            if let Some(d) = self.compact.get_mut(Self::compact_slot(key, len)) {
                *d = CompactSlot { key, ix: ix.unwrap_or(NO_IX), len: len + 1 };
            }
            return;
        }
        if self.direct.is_empty() {
            self.direct = vec![DirectSlot::default(); DIRECT_SLOTS];
        }
        if let Some(d) = self.direct.get_mut(Self::slot((key, len))) {
            *d = DirectSlot { key, len: len + 1, ix };
        }
    }
}

/// Short texts already resolved: customers (interned), products and scenarios (catalog indices).
#[derive(Default)]
struct ShortTexts {
    customer: ShortCache,
    product: ShortCache,
    scenario: ShortCache,
}

/// Rows resolved and rated at a time: the scratch columns (about 84 bytes a row, 344 KiB)
/// stay in the core's cache between resolving and rating (65,536 rows, 5.5 MB, did not).
const CHUNK: usize = 4_096;

/// How many records ahead the duplicate-id lookup is prefetched.
const PREFETCH: usize = 16;

/// Ask the processor to bring the cache line at `p` in (a hint: nothing is read).
#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and reads nothing into the program, whatever the
    // address (SSE is part of the x86-64 baseline).
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The dictionary values of a batch's product, scenario and customer columns, resolved once.
struct Dicts {
    product: Option<Vec<Option<u32>>>,
    scenario: Option<Vec<Option<u32>>>,
    customer: Option<Vec<Option<u32>>>,
}

/// The values array of the last dictionary resolved in a column, held (so its buffers stay
/// alive and their addresses cannot be reused), with what each value resolved to.
enum Held {
    Utf8(arrow_array::StringArray),
    Large(arrow_array::LargeStringArray),
}

/// A column's last dictionary resolved (字典复用): a Parquet reader hands every batch of a
/// row group the same dictionary (the row group's 10,000 customers, say), so a batch whose
/// dictionary values are the very same array as the last batch's (the same value, offset and
/// validity buffers, offset and length: immutable and held alive here) reuses their
/// resolution instead of resolving them again. Customers keep their interned index and
/// products and scenarios their catalog index, so a reused resolution is what resolving again
/// would give. Memory: one reference to the values array and 8 bytes per value.
#[derive(Default)]
struct DictMemo {
    held: Option<Held>,
    resolved: Vec<Option<u32>>,
}

impl DictMemo {
    /// The resolution of a dictionary column's values (`None` for a column that is not a
    /// dictionary), reused when its values are the held array.
    fn resolve(&mut self, t: &input::Text<'_>, find: &mut dyn FnMut(&str) -> Result<Option<u32>>) -> Result<Option<Vec<Option<u32>>>> {
        let Some((_, v)) = t.dictionary() else { return Ok(None) };
        if self.same(v) {
            return Ok(Some(self.resolved.clone()));
        }
        let resolved = (0..values_len(v)).map(|i| find(v.get(i))).collect::<Result<Vec<_>>>()?;
        self.held = match v {
            input::Text::Utf8(a) => Some(Held::Utf8((*a).clone())),
            input::Text::Large(a) => Some(Held::Large((*a).clone())),
            _ => None,
        };
        self.resolved.clone_from(&resolved);
        Ok(Some(resolved))
    }

    /// Whether `v` is the held values array (the same buffers, offset and length).
    fn same(&self, v: &input::Text<'_>) -> bool {
        fn nulls(n: Option<&arrow_buffer::NullBuffer>) -> Option<(*const u8, usize, usize)> {
            n.map(|n| (n.validity().as_ptr(), n.offset(), n.len()))
        }
        fn same_array<O: arrow_array::OffsetSizeTrait>(h: &arrow_array::GenericStringArray<O>, a: &arrow_array::GenericStringArray<O>) -> bool {
            h.len() == a.len()
                && h.value_data().as_ptr() == a.value_data().as_ptr()
                && h.value_offsets().as_ptr() == a.value_offsets().as_ptr()
                && nulls(h.nulls()) == nulls(a.nulls())
        }
        match (&self.held, v) {
            (Some(Held::Utf8(h)), input::Text::Utf8(a)) => same_array(h, a),
            (Some(Held::Large(h)), input::Text::Large(a)) => same_array(h, a),
            _ => false,
        }
    }
}

/// The last dictionary of each resolved column.
#[derive(Default)]
struct DictMemos {
    product: DictMemo,
    scenario: DictMemo,
    customer: DictMemo,
}

/// A customer interned, the empty name being "no customer".
fn intern(rater: &mut Rater, name: &str) -> Result<Option<u32>> {
    if name.is_empty() {
        Ok(None)
    } else {
        rater.intern_customer(name).map(Some)
    }
}

fn values_len(t: &input::Text<'_>) -> usize {
    match t {
        input::Text::Utf8(a) => a.len(),
        input::Text::Large(a) => a.len(),
        input::Text::View(a) => a.len(),
        input::Text::Dict(_, v) => values_len(v),
    }
}

/// The offending value of a rejected row, as the text path writes it.
fn reason_value(b: &input::Batch<'_>, i: usize, reason: RejectReason) -> String {
    let mut s = String::new();
    push_reason_value(b, i, reason, &mut s);
    s
}

/// Append [`reason_value`]'s text to `out` (without `core::fmt` for the usual values: a
/// withheld fee's `product/scenario on YYYY-MM-DD` is about a tenth of a generated file's rows).
fn push_reason_value(b: &input::Batch<'_>, i: usize, reason: RejectReason, out: &mut String) {
    match reason {
        RejectReason::MissingId => {}
        RejectReason::MissingCustomer | RejectReason::UnknownCustomer => out.push_str(b.customer.get(i)),
        RejectReason::UnknownProduct => out.push_str(b.product.get(i)),
        RejectReason::UnknownScenario => out.push_str(b.scenario.get(i)),
        RejectReason::NotOffered => {
            out.push_str(b.product.get(i));
            out.push('/');
            out.push_str(b.scenario.get(i));
        }
        RejectReason::NonPositiveQuantity | RejectReason::QuantityTooLarge | RejectReason::NotMultipleOfStep => out.push_str(&b.quantity.text(i)),
        RejectReason::OutsidePeriod | RejectReason::OutsideAuthorization | RejectReason::Suspended => push_time_text(b, i, out),
        RejectReason::NoFeeInForce | RejectReason::ProductNotRegistered | RejectReason::ProductWithdrawn | RejectReason::ScenarioNotApproved => {
            if reason == RejectReason::ScenarioNotApproved {
                out.push_str(b.customer.get(i));
                out.push(' ');
            }
            out.push_str(b.product.get(i));
            out.push('/');
            out.push_str(b.scenario.get(i));
            out.push_str(" on ");
            // The time's first 10 characters (its day), or nothing when it has fewer.
            let start = out.len();
            push_time_text(b, i, out);
            let end = if out.get(start..).is_some_and(|t| t.get(..10).is_some()) { start + 10 } else { start };
            out.truncate(end);
        }
        _ => out.push_str(b.id.get(i)),
    }
}

/// Append row `i`'s time as written: a text time as it is, a date or timestamp as
/// `YYYY-MM-DD` with `THH:MM:SS` when it has a time of day (`Date`'s `Display`).
fn push_time_text(b: &input::Batch<'_>, i: usize, out: &mut String) {
    use std::fmt::Write;
    match &b.time {
        input::Times::Text(t) => out.push_str(t.get(i)),
        input::Times::Keys(_) | input::Times::Days(_) => {
            let key = b.time.key(i, 0, "time").unwrap_or_default();
            match datafee::rating::Date::from_days(key.day) {
                Some(d) => d.push_text(out),
                None => {
                    let _ = write!(out, "#{}", key.day);
                }
            }
            if key.second != 0 {
                let s = key.second - 1;
                let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
                if h < 100 {
                    out.push('T');
                    push_digits(out, h);
                    out.push(':');
                    push_digits(out, m);
                    out.push(':');
                    push_digits(out, s);
                } else {
                    let _ = write!(out, "T{h:02}:{m:02}:{s:02}");
                }
            }
        }
    }
}

/// Append `x` (below 100) as two digits.
#[inline]
fn push_digits(out: &mut String, x: u32) {
    out.push(char::from(b'0' + (x / 10 % 10) as u8));
    out.push(char::from(b'0' + (x % 10) as u8));
}

/// The text of row `i` of a text column (utf8, large utf8, utf8 view or a dictionary of
/// those); `None` for another type, a null or a row out of range.
pub fn text_value(array: &dyn Array, i: usize) -> Option<String> {
    if i >= array.len() || array.is_null(i) {
        return None;
    }
    input::text("value", array, 0).ok().map(|t| t.get(i).to_string())
}

/// Check a record batch as [`ArrowRater::push_batch`] would before rating it, without
/// rating anything: the columns and their types, nulls, and every cell's quantity and time
/// (errors name `records[first_row + i].column`, exactly as the push would). For a caller
/// that stores batches to rate them later (partitions spilled to disk) and must stop on a
/// bad cell where rating in one pass would have stopped.
pub fn check_batch(batch: &RecordBatch, first_row: u64) -> Result<()> {
    let b = input::batch(batch, first_row)?;
    // Decimal and integer quantities, date and timestamp times have no cell to refuse.
    if !matches!(b.quantity, input::Quantities::Text(_)) && !matches!(b.time, input::Times::Text(_)) {
        return Ok(());
    }
    for i in 0..b.rows {
        let row = first_row + i as u64;
        // A quantity that cannot be rated is a rejection, not an error: only malformed text stops.
        let _ = b.quantity.nano(i, row, "quantity")?;
        b.time.key(i, row, "time")?;
    }
    Ok(())
}

/// The id-hash partition of each row of a record batch ([`datafee::rating::id_partition`]
/// of its `id` text, in `0..partitions`): every record of one id lands in one partition,
/// so partitions rated apart and merged give the single-process result. The id column is
/// checked as [`ArrowRater::push_batch`] checks it (type, nulls; rows named from
/// `first_row`).
pub fn id_partitions(batch: &RecordBatch, partitions: u32, first_row: u64) -> Result<Vec<u32>> {
    partitions_by(batch, first_row, |id| datafee::rating::id_partition(id, partitions))
}

/// [`id_partitions`] by [`datafee::rating::id_page_partition`]: ids in integer form (`u123`)
/// go to partitions by whole pages of 65,536 numbers, so each partition's duplicate-id set
/// keeps its numbers in dense pages (8 bytes an id) rather than falling back to hashing once
/// its pages would be sparse; other ids as [`id_partitions`]. Every record of one id still
/// lands in one partition.
pub fn id_page_partitions(batch: &RecordBatch, partitions: u32, first_row: u64) -> Result<Vec<u32>> {
    partitions_by(batch, first_row, |id| datafee::rating::id_page_partition(id, partitions))
}

/// Each row's partition by `part` of its `id` text (the column checked as
/// [`ArrowRater::push_batch`] checks it).
fn partitions_by(batch: &RecordBatch, first_row: u64, part: impl Fn(&str) -> u32) -> Result<Vec<u32>> {
    let column = batch.column_by_name("id").ok_or_else(|| Error::Missing { field: input::column_field("id"), value: "a column id".into() })?;
    let ids = input::text("id", column.as_ref(), first_row)?;
    Ok((0..batch.num_rows()).map(|i| part(ids.get(i))).collect())
}

/// Rate record batches in one call (the duplicate-id set sized once for their rows: see
/// [`ArrowRater::reserve`]).
pub fn rate_batches<'a>(tariff: &Tariff, batches: impl IntoIterator<Item = &'a RecordBatch>, options: ArrowOptions) -> Result<RatingTables> {
    let batches: Vec<&RecordBatch> = batches.into_iter().collect();
    let mut rater = ArrowRater::new(tariff, options)?;
    rater.reserve(batches.iter().map(|b| b.num_rows() as u64).sum());
    for b in batches {
        rater.push_batch(b)?;
    }
    rater.finish()
}

/// The summary of a run as JSON (the [`RatingResult`] without invoices or kept records:
/// counts, rejections by reason, listed rejections, totals, products, working paper).
pub fn summary_json(result: &RatingResult) -> Result<serde_json::Value> {
    let mut v = serde_json::to_value(result).map_err(|e| Error::invalid("result", "serialization", e.to_string()))?;
    if let Some(o) = v.as_object_mut() {
        o.remove("invoices");
        o.remove("records");
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::{compact_key, input, pack_quantity, resolve_text, short_key, unpack_quantity, ShortCache, COMPACT_SLOTS, DIRECT_SLOTS, NO_IX};
    use datafee::rating::RejectReason;

    /// A packed quantity unpacks to itself: every rejection, and quantities at and near the
    /// edges (1, powers of two, values whose low 64 bits are a rejection's position, the
    /// largest `i128`, the smallest above the rejections' range).
    #[test]
    fn packed_quantities_unpack() {
        for r in RejectReason::ALL {
            assert_eq!(unpack_quantity(pack_quantity(Err(r))), Err(r));
        }
        let mut ns = vec![1i128, 2, 999, 1_000_000_000, i128::MAX, i128::MAX - 1, i128::MIN + RejectReason::ALL.len() as i128 + 1, -1, 0];
        for k in [32u32, 63, 64, 65, 100, 126] {
            for low in [0i128, 1, 3, 17, 18] {
                ns.push((1i128 << k) + low);
            }
        }
        for n in ns {
            assert_eq!(unpack_quantity(pack_quantity(Ok(n))), Ok(n), "{n}");
        }
    }

    /// An integer quantity read in place is [`datafee::rating::quantity_nano`] at scale 0.
    #[test]
    fn int_nano_is_quantity_nano() {
        let max = datafee::rating::MAX_QUANTITY;
        for x in [i64::MIN, -max - 1, -1, 0, 1, 2, 7, 1_000_000_007, max / 10, max - 1, max, max + 1, i64::MAX - 1, i64::MAX] {
            assert_eq!(input::int_nano(x), datafee::rating::quantity_nano(i128::from(x), 0), "{x}");
        }
    }

    /// [`resolve_text`] on plain and large utf8 (the compact front read straight from the
    /// column's buffer) gives, for every row, what resolving its text directly gives: texts of
    /// 0 to 30 bytes, equal in their first 8 bytes, differing by a trailing NUL or in length
    /// only, non-ASCII, rows at the end of the buffer (fewer than 8 bytes left), more distinct
    /// texts than the front's slots (so slots are taken over), some resolving to nothing; rows
    /// in a scrambled order, resolved in chunks of uneven size, from sliced arrays.
    #[test]
    fn resolved_offsets_are_the_texts_resolved() {
        let mut texts: Vec<String> = vec![String::new(), "\0".into(), "a".into(), "a\0".into(), "a\0\0".into(), "é".into(), "客户".into()];
        for i in 0..3 * COMPACT_SLOTS {
            texts.push(match i % 5 {
                0 => format!("c{i}"),
                1 => format!("{i:08}"),
                2 => format!("abcdefgh{i}"),
                3 => format!("customer-with-a-long-name-{i}"),
                _ => format!("é{i}"),
            });
        }
        let value = |t: &str| -> Option<u32> {
            let h = t.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
            (h % 5 != 0).then_some(h % 1_000_003)
        };
        let rows: Vec<&str> =
            (0..4 * texts.len()).map(|j| texts[(j.wrapping_mul(2_654_435_761) >> 3) % texts.len()].as_str()).chain(["a", "", "abcdefgh"]).collect();
        let utf8 = arrow_array::StringArray::from(rows.clone());
        let large = arrow_array::LargeStringArray::from(rows.clone());
        for (skip, len) in [(0, rows.len()), (3, rows.len() - 5), (rows.len() - 3, 3)] {
            let (a, b) = (utf8.slice(skip, len), large.slice(skip, len));
            for t in [input::Text::Utf8(&a), input::Text::Large(&b)] {
                let mut cache = ShortCache::default();
                let mut out = Vec::new();
                let mut calls = 0usize;
                let (mut lo, mut step) = (0, 1);
                while lo < len {
                    let hi = (lo + step).min(len);
                    resolve_text(&t, &None, lo, hi, &mut out, &mut cache, &mut |x| {
                        calls += 1;
                        Ok(value(x))
                    })
                    .unwrap();
                    lo = hi;
                    step = step * 3 + 1;
                }
                let want: Vec<u32> = rows[skip..skip + len].iter().map(|x| value(x).unwrap_or(NO_IX)).collect();
                assert_eq!(out, want);
                assert!(calls <= len, "resolved once per row at most");
            }
        }
    }

    /// The direct-mapped front never answers for another text: with three times as many
    /// texts as slots (so most slots are taken over many times), every text, looked up in
    /// a scrambled order, gets back what it was stored with, and an unseen text gets nothing.
    #[test]
    fn short_cache_answers_only_for_its_own_key() {
        // Texts of 6 bytes (the compact front), 14 bytes (the wide one), and of 1 to 8 bytes.
        let texts: [&dyn Fn(u32) -> String; 3] =
            [&|i| format!("c{i:05}"), &|i| format!("customer-{i:05}"), &|i| format!("{i:x}").chars().cycle().take(1 + i as usize % 8).collect()];
        for t in texts {
            let mut c = ShortCache::default();
            let n = 3 * DIRECT_SLOTS.max(COMPACT_SLOTS) as u32;
            let key = |i: u32| short_key(t(i).as_bytes()).unwrap();
            let distinct: std::collections::HashMap<(u128, u8), u32> = (0..n).map(|i| (key(i), i)).collect();
            let want = |i: u32| {
                let first = distinct[&key(i)];
                (!first.is_multiple_of(7)).then_some(first)
            };
            assert_eq!(c.get(key(0)), None);
            for i in 0..n {
                if distinct[&key(i)] == i {
                    c.insert(key(i), want(i));
                }
            }
            for round in 0..3u32 {
                for j in 0..n {
                    let i = (j.wrapping_mul(2_654_435_761).wrapping_add(round)) % n;
                    assert_eq!(c.get(key(i)), Some(want(i)), "text {}", t(i));
                }
            }
            assert_eq!(c.get(short_key(b"zzzzzzz").unwrap()), None);
            assert_eq!(c.get(short_key(b"").unwrap()), None);
            c.insert(short_key(b"").unwrap(), Some(9));
            assert_eq!((c.get(short_key(b"").unwrap()), c.get(short_key(b"\0").unwrap())), (Some(Some(9)), None));
        }
    }

    /// Texts of 0 to 16 bytes that differ in one byte, or in length only, get different
    /// keys (the key replaces the text in the customer, product and scenario caches).
    #[test]
    fn short_keys_are_one_to_one() {
        let mut seen = std::collections::HashMap::new();
        let mut compact = std::collections::HashMap::new();
        for len in 0..=16usize {
            let base: Vec<u8> = (0..len).map(|i| b'a' + i as u8).collect();
            let mut texts = vec![base.clone(), vec![b'a'; len]];
            for at in 0..len {
                let mut b = base.clone();
                b[at] = b'Z';
                texts.push(b);
            }
            for t in texts {
                let t = String::from_utf8(t).unwrap();
                let k = short_key(t.as_bytes()).unwrap();
                if let Some(other) = seen.insert(k, t.clone()) {
                    assert_eq!(other, t, "two texts share a key");
                }
                if len <= 8 {
                    if let Some(other) = compact.insert((compact_key(k.0), k.1), t.clone()) {
                        assert_eq!(other, t, "two texts share a compact key");
                    }
                }
            }
        }
        // Every text of 1 to 3 bytes over a small alphabet, and 4 to 8 bytes differing at the
        // ends and the middle, folded: no two share a compact key.
        let alphabet = [b'a', b'Z', b'0', 0u8, 0x7f];
        for len in 1..=8usize {
            for x in 0..alphabet.len().pow(3) {
                let mut b = vec![b'm'; len];
                let picks = [x % 5, x / 5 % 5, x / 25];
                for (p, at) in picks.iter().zip([0, len / 2, len - 1]) {
                    b[at] = alphabet[*p];
                }
                let t = String::from_utf8(b).unwrap();
                let k = short_key(t.as_bytes()).unwrap();
                if let Some(other) = compact.insert((compact_key(k.0), k.1), t.clone()) {
                    assert_eq!(other, t, "two texts share a compact key");
                }
            }
        }
        assert_eq!(short_key("x".repeat(17).as_bytes()), None);
    }
}
