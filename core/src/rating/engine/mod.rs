//! The rating engine (计费引擎): classify each record, aggregate quantities, price each
//! aggregate once.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::idset::{fast_map, FastMap, LastIntId, Lookup, StrIdSet, U64IdSet, INT_TAG};
use super::invoice::{quantity_of, show, Ctx, LineInput};
use super::result::{ProductSummary, RatingCounts, RatingResult, RecordOutcome, Rejection, Totals};
use super::tariff::{pow10, Compiled};
use super::{Date, KeyedRecord, RawRecord, RejectReason, Status, Tariff, UsageRecord, UsageTime};
use super::{MAX_CUSTOMERS, MAX_EXPLAINED_INVOICES, MAX_EXPLAINED_LINES, MAX_LISTED_REJECTIONS, MAX_QUANTITY, QUANTITY_SCALE};
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Quantity};

/// At most this many ids are reserved ahead by [`Rater::reserve_ids`] (a capacity hint
/// cannot make the duplicate-id set take more than 4/3 × 2^24 slots of 8 bytes, 171 MiB,
/// plus 16 bytes of entry per id, before any id is claimed; address space only until ids
/// are claimed).
pub const MAX_RESERVED_IDS: usize = (1 << 24) - 1;

/// Options of a rating run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RaterOptions {
    /// Keep every record's outcome for [`RatingResult::records`] (memory: about 150 bytes
    /// per record plus its strings). Default `false`.
    #[serde(default)]
    pub keep_records: bool,
    /// Attach a working paper (底稿) to invoice lines and invoices. Default `true`. Bounded:
    /// only the first [`MAX_EXPLAINED_INVOICES`] invoices (in customer order) carry one, and
    /// only while their lines add up to at most [`MAX_EXPLAINED_LINES`]; the totals'
    /// working paper says how many were attached. Turn off for bulk runs.
    #[serde(default = "yes")]
    pub explain: bool,
}

fn yes() -> bool {
    true
}

impl Default for RaterOptions {
    fn default() -> Self {
        RaterOptions { keep_records: false, explain: true }
    }
}

/// One aggregate: a customer's use of one slot (a free pair or a fee in force).
#[derive(Clone, Copy)]
struct Agg {
    key: u64,
    nano: i128,
    records: u64,
}

/// The key of an aggregate: customer in the high 32 bits, slot in the low.
#[inline(always)]
fn agg_key(customer: u32, slot: u32) -> u64 {
    (u64::from(customer) << 32) | u64::from(slot)
}

/// The sums of one aggregate in the dense store; `records == 0` marks a cell without an
/// aggregate yet (every aggregate holds at least one record). 32 bytes (the `i128` aligns
/// it to 16), so a cell never straddles a cache line.
#[derive(Clone, Copy, Default)]
struct Cell {
    nano: i128,
    records: u64,
}

/// At most this many cells (32 bytes each: 64 MiB) in the dense aggregate store; customers
/// beyond `DENSE_MAX_CELLS / slots` keep their aggregates in the hash map.
const DENSE_MAX_CELLS: usize = 1 << 21;

/// Rows are added to the dense store this many customers at a time (capacity reserved
/// exactly, so the store never holds more than one block of rows beyond its customers).
const DENSE_BLOCK_ROWS: usize = 256;

/// The dense aggregate store (稠密聚合存储): one row per customer (in interning order), one
/// column per slot of the compiled tariff, each cell the aggregate's sums themselves. A
/// record's aggregate is then one multiply-add and one load away, with no hash, no probe and
/// no second load through an index. Rows are added as customers are interned, in blocks of
/// [`DENSE_BLOCK_ROWS`], while the store stays within [`DENSE_MAX_CELLS`]. Memory bound:
/// `32 × slots` bytes per customer with a row, at most 64 MiB in all (plus 8 bytes per
/// aggregate in the rater's creation order).
struct DenseStore {
    slots: usize,
    rows: usize,
    max_rows: usize,
    cells: Vec<Cell>,
}

impl DenseStore {
    fn new(slots: usize) -> DenseStore {
        DenseStore { slots, rows: 0, max_rows: DENSE_MAX_CELLS / slots.max(1), cells: Vec::new() }
    }

    /// A row for customer `i` (interned in order), if the store has room.
    fn add_row(&mut self, i: u32) {
        if i as usize == self.rows && self.rows < self.max_rows {
            self.rows += 1;
            let need = self.rows * self.slots;
            if need > self.cells.capacity() {
                let rows = (self.rows + DENSE_BLOCK_ROWS).min(self.max_rows);
                self.cells.reserve_exact(rows * self.slots - self.cells.len());
            }
            self.cells.resize(need, Cell::default());
        }
    }

    /// The position of (customer, slot)'s cell, when the customer has a row.
    #[inline(always)]
    fn index(&self, customer: u32, slot: u32) -> Option<usize> {
        let (c, s) = (customer as usize, slot as usize);
        (c < self.rows && s < self.slots).then(|| c * self.slots + s)
    }
}

/// Add `records` records of total quantity `nano` to an aggregate's sums, remembering an
/// overflow of the quantity instead of wrapping.
#[inline(always)]
fn bump(sum: &mut i128, count: &mut u64, nano: i128, records: u64, overflow: &mut bool) {
    match sum.checked_add(nano) {
        Some(x) => *sum = x,
        None => *overflow = true,
    }
    *count += records;
}

/// Whether a raw quantity (an integer at some scale) is a multiple of a product's step.
#[derive(Clone, Copy)]
enum StepDiv {
    /// Every integer is (the step divides the scale's unit).
    Any,
    /// Multiples of this many scaled units.
    Div(i64),
    /// None fits in an `i64`.
    Never,
}

/// Whether a quantity in 10^-9 units is a positive step's multiple (a non-positive step
/// has none). Both usually fit in 64 bits, where the remainder is one machine division
/// instead of a call to the 128-bit one (about 5 % of the columnar loop before).
#[inline(always)]
pub(crate) fn is_multiple(nano: i128, step: i128) -> bool {
    if step <= 0 {
        return false;
    }
    match (u64::try_from(nano), u64::try_from(step)) {
        (Ok(n), Ok(s)) => n % s == 0,
        _ => nano % step == 0,
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

/// A streaming rater: push records one by one or in batches, then [`Rater::finish`].
///
/// Rating the records one at a time, in batches, or all at once gives the same result.
/// The order of the records does not change the invoices, with one exception: when two
/// **rated** records share an id, the one pushed first is rated and the later one is rejected
/// as `duplicate_id` (a rejected record does not claim its id, so a corrected resubmission
/// of a rejected record is rated).
///
/// Memory: the distinct ids (see the duplicate detection in the module docs), the interned
/// customers, the aggregates (one per customer, product, scenario and fee in force: a dense
/// store of 32 bytes per slot of the tariff for each customer while it stays within 64 MiB,
/// about 64 bytes per aggregate for customers beyond it, and 8 bytes per aggregate for their
/// order), the first [`MAX_LISTED_REJECTIONS`] rejections and, if asked for, every record's outcome.
///
/// ```
/// use datafee::rating::{Rater, RaterOptions, Tariff, UsageRecord};
/// let tariff: Tariff = datafee::doc::from_json(r#"{
///   "catalog": {"scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"}],
///               "products": [{"id": "p", "name": "P", "service_form": "api", "charging_form": "per_call",
///                             "scenarios": ["ind"]}]},
///   "fees": [{"product": "p", "scenario": "ind", "effective": "2025-01-01",
///             "schedule": {"kind": "graduated", "tiers": [{"from": "0", "to": "100", "price": "0.50"},
///                                                          {"from": "100", "price": "0.30"}]},
///             "cap": "0.50"}],
///   "period": {"start": "2025-01-01", "end": "2025-02-01"},
///   "vat_rate": "0.06"}"#)?;
/// let mut rater = Rater::new(&tariff, RaterOptions::default())?;
/// for (id, q) in [("r1", "80"), ("r2", "70")] {
///     let r: UsageRecord = datafee::doc::from_json(&format!(r#"{{"id": "{id}", "customer": "acme",
///         "product": "p", "scenario": "ind", "quantity": "{q}", "time": "2025-01-15"}}"#))?;
///     rater.push(&r)?;
/// }
/// let out = rater.finish()?;
/// // 150 calls in the month: 100 × 0.50 + 50 × 0.30 = 65.00 (not 80 × 0.50 + 70 × 0.50).
/// let inv = &out.invoices[0];
/// assert_eq!(inv.lines[0].amount.to_string(), "65.00");
/// assert_eq!((inv.vat.to_string(), inv.total.to_string()), ("3.90".into(), "68.90".into()));
/// # Ok::<(), datafee::Error>(())
/// ```
pub struct Rater {
    tariff: Tariff,
    c: Compiled,
    options: RaterOptions,
    customers: Vec<Box<str>>,
    /// Each customer's [`customer_key`] (its name's hash, for the record fingerprints), by number.
    customer_keys: Vec<u64>,
    customer_ids: FastMap<Box<str>, u32>,
    str_ids: StrIdSet,
    raw_ids: U64IdSet,
    /// Every aggregate's key, in the order the aggregates were created (the order of
    /// [`PartialState::aggregates`] and of merging).
    agg_order: Vec<u64>,
    agg_dense: DenseStore,
    /// The aggregates of customers without a dense row, and their positions by key.
    aggs: Vec<Agg>,
    agg_index: FastMap<u64, u32>,
    last_key: u64,
    last_agg: u32,
    records_in: u64,
    rejected: [u64; RejectReason::ALL.len()],
    rejections: Vec<Rejection>,
    kept: Vec<RecordOutcome>,
    overflow: bool,
    raw_steps: Option<(u32, Vec<StepDiv>)>,
}

impl Rater {
    /// A rater for a tariff, which is validated first ([`Tariff::validate`]).
    pub fn new(tariff: &Tariff, options: RaterOptions) -> Result<Rater> {
        let c = tariff.compile()?;
        let agg_dense = DenseStore::new(c.slots.len());
        Ok(Rater {
            tariff: tariff.clone(),
            c,
            options,
            customers: Vec::new(),
            customer_keys: Vec::new(),
            customer_ids: fast_map(),
            str_ids: StrIdSet::new(),
            raw_ids: U64IdSet::new(),
            agg_order: Vec::new(),
            agg_dense,
            aggs: Vec::new(),
            agg_index: fast_map(),
            last_key: u64::MAX,
            last_agg: 0,
            records_in: 0,
            rejected: [0; RejectReason::ALL.len()],
            rejections: Vec::new(),
            kept: Vec::new(),
            overflow: false,
            raw_steps: None,
        })
    }

    /// The tariff rated against.
    pub fn tariff(&self) -> &Tariff {
        &self.tariff
    }

    /// Records pushed so far.
    pub fn records_in(&self) -> u64 {
        self.records_in
    }

    /// The number of customers interned so far ([`Rater::intern_customer`]).
    pub fn customer_count(&self) -> usize {
        self.customers.len()
    }

    /// The index of a product in the catalog (for [`RawRecord::product`]).
    pub fn product_index(&self, id: &str) -> Option<u32> {
        self.c.product_ids.get(id).copied()
    }

    /// The index of a scenario in the catalog (for [`RawRecord::scenario`]).
    pub fn scenario_index(&self, id: &str) -> Option<u32> {
        self.c.scenario_ids.get(id).copied()
    }

    /// The index of a customer (for [`RawRecord::customer`]), adding it if new. An empty
    /// name is [`Error::Invalid`]; more than [`MAX_CUSTOMERS`] is [`Error::LimitExceeded`].
    pub fn intern_customer(&mut self, name: &str) -> Result<u32> {
        if let Some(&i) = self.customer_ids.get(name) {
            return Ok(i);
        }
        if name.is_empty() {
            return Err(Error::invalid("customer", "\"\"", "a customer must have a name"));
        }
        if self.customers.len() >= MAX_CUSTOMERS {
            return Err(Error::LimitExceeded { field: "customers".into(), value: (self.customers.len() + 1).to_string(), max: MAX_CUSTOMERS.to_string() });
        }
        let i = self.customers.len() as u32;
        self.agg_dense.add_row(i);
        self.customers.push(Box::from(name));
        self.customer_keys.push(customer_key(name));
        self.customer_ids.insert(Box::from(name), i);
        Ok(i)
    }

    /// Where the duplicate-id check of the text id `id` first reads memory: a columnar
    /// caller rating many records prefetches it a few records ahead (at a million ids the
    /// set is larger than the caches, and that read is most of a record's cost). Never
    /// dereferenced here; stale, and harmless, once the set grows.
    #[inline]
    pub fn id_prefetch_addr(&self, id: &str) -> *const u8 {
        self.str_ids.home_addr(self.str_ids.tag(id))
    }

    /// The tag of the text id `id` in this rater's duplicate-id set (a seeded, process-local
    /// 32-bit hash, or for an id that is a number in text such as `r12345` a marker bit, the
    /// prefix and the number), for a columnar caller that computes each id's tag once and passes it to
    /// [`Rater::id_tag_prefetch_addr`] and [`Rater::push_keyed_tagged`].
    #[doc(hidden)] // for the datafee-arrow crate only: a wrong tag defeats the duplicate check
    #[inline]
    pub fn id_tag(&self, id: &str) -> u128 {
        self.str_ids.tag(id)
    }

    /// [`Rater::id_tag`] of an id given as its bytes (a columnar caller reading a column's
    /// bytes; the tag of a `&str` is that of its bytes).
    #[doc(hidden)] // for the datafee-arrow crate only
    #[inline]
    pub fn id_tag_bytes(&self, id: &[u8]) -> u128 {
        self.str_ids.tag_bytes(id)
    }

    /// [`Rater::id_tag_bytes`] of an id read from a column's buffer, with `word` the 8 bytes
    /// of the buffer that start with it when the buffer has 8 from there (read in one load
    /// for an id of at most 8 bytes; bytes past the id are ignored), else `None`.
    #[doc(hidden)] // for the datafee-arrow crate only
    #[inline(always)]
    pub fn id_tag_word(&self, id: &[u8], word: Option<u64>) -> u128 {
        self.str_ids.tag_word(id, word)
    }

    /// [`Rater::id_tag_word`] of the next id of a column read in order, with `last` carried
    /// from id to id (start with [`LastIntId::default`]): an id that differs from the last
    /// one in integer form only in its last digit is tagged without parsing it again. The
    /// tag is the same whatever `last` holds.
    #[doc(hidden)] // for the datafee-arrow crate only
    #[inline(always)]
    pub fn id_tag_word_after(&self, id: &[u8], word: Option<u64>, last: &mut LastIntId) -> u128 {
        self.str_ids.tag_word_after(id, word, last)
    }

    /// [`Rater::id_prefetch_addr`] from the id's tag ([`Rater::id_tag`]).
    #[doc(hidden)] // for the datafee-arrow crate only: a wrong tag defeats the duplicate check
    #[inline]
    pub fn id_tag_prefetch_addr(&self, tag: u128) -> *const u8 {
        self.str_ids.home_addr(tag)
    }

    /// Make room for `records` more text ids of `id_bytes` bytes in all (the duplicate-id
    /// set sized once instead of doubling as it fills: a caller that knows the length of
    /// its whole input, such as a Parquet file's row count, calls this once before the
    /// first record). Only a capacity hint, bounded: at most [`MAX_RESERVED_IDS`] ids
    /// (a table of 4/3 × 2^24 slots, 171 MiB, with their entries) are reserved ahead; the set
    /// grows past them by doubling as before. The table is made when the first id that is not
    /// in integer form is claimed (ids in integer form go to pages and never use it). Results
    /// do not depend on it.
    pub fn reserve_ids(&mut self, records: usize, id_bytes: usize) {
        let records = records.min(MAX_RESERVED_IDS);
        let id_bytes = id_bytes.min(MAX_RESERVED_IDS.saturating_mul(16));
        self.str_ids.reserve(records, id_bytes);
    }

    /// Rate one record. The error case is only [`Error::LimitExceeded`] on the number of
    /// customers; the record is then not counted.
    pub fn push(&mut self, r: &UsageRecord) -> Result<Status> {
        self.push_at(self.records_in, r)
    }

    /// Rate one record that has position `index` in the whole input (for rating in
    /// partitions: each partition pushes its records with their global positions, in
    /// increasing order, so that the merged
    /// [`RatingCounts::rejected_records`](crate::rating::RatingCounts::rejected_records) lists
    /// the first rejections of the whole input, as one rater would). The index only orders
    /// listed rejections and kept outcomes.
    pub fn push_at(&mut self, index: u64, r: &UsageRecord) -> Result<Status> {
        let status = match self.classify(r) {
            Ok((slot, nano, product, scenario, (at, tag))) => {
                let customer = self.intern_customer(&r.customer)?;
                let key = self.customer_keys.get(customer as usize).copied().unwrap_or_else(|| customer_key(&r.customer));
                self.str_ids.claim(&r.id, at, tag, fingerprint(key, product, scenario, nano, TimeKey::of(r.time)));
                self.add(customer, slot, nano);
                self.status_of(slot)
            }
            Err(reason) => {
                if self.count_rejection(reason) {
                    self.rejections.push(Rejection { index, id: r.id.clone(), reason, value: reason_value(r, reason) });
                }
                Status::Rejected(reason)
            }
        };
        self.records_in += 1;
        if self.options.keep_records {
            let effective = self.effective_of(status, &r.product, &r.scenario, r.time.date().days());
            self.kept.push(RecordOutcome {
                index,
                id: r.id.clone(),
                customer: r.customer.clone(),
                product: r.product.clone(),
                scenario: r.scenario.clone(),
                quantity: r.quantity,
                time: r.time.to_string(),
                status,
                effective,
            });
        }
        Ok(status)
    }

    /// Rate records in order (the same as pushing them one by one).
    pub fn push_batch(&mut self, records: &[UsageRecord]) -> Result<()> {
        if self.options.keep_records {
            self.kept.reserve(records.len());
        }
        for r in records {
            self.push(r)?;
        }
        Ok(())
    }

    /// The fast path: rate interned records (see [`RawRecord`]) whose quantities are
    /// integers at `quantity_scale` (`quantity / 10^scale` units; at most [`QUANTITY_SCALE`],
    /// else [`Error::OutOfRange`] and nothing is rated).
    ///
    /// Nothing is allocated per record, except when a new aggregate, a new page of ids or a
    /// listed rejection appears (and each record's outcome when records are kept).
    pub fn push_raw(&mut self, records: &[RawRecord], quantity_scale: u32) -> Result<()> {
        if quantity_scale > QUANTITY_SCALE {
            return Err(Error::out_of_range("quantity_scale", quantity_scale, format!("at most {QUANTITY_SCALE}")));
        }
        let steps = match self.raw_steps.take() {
            Some((s, v)) if s == quantity_scale => v,
            _ => self.step_divisors(quantity_scale),
        };
        let mul = pow10(QUANTITY_SCALE - quantity_scale);
        let max_m = i64::try_from(i128::from(MAX_QUANTITY) * pow10(quantity_scale)).unwrap_or(i64::MAX);
        if self.options.keep_records {
            self.kept.reserve(records.len());
        }
        for r in records {
            let index = self.records_in;
            self.records_in += 1;
            let status = match self.classify_raw(r, &steps, max_m) {
                Ok(slot) => {
                    self.add(r.customer, slot, i128::from(r.quantity) * mul);
                    if !self.options.keep_records {
                        continue;
                    }
                    self.status_of(slot)
                }
                Err(reason) => {
                    if self.count_rejection(reason) {
                        let value = self.raw_value(r, reason, quantity_scale);
                        self.rejections.push(Rejection { index, id: r.id.to_string(), reason, value });
                    }
                    Status::Rejected(reason)
                }
            };
            if self.options.keep_records {
                self.keep_raw(index, r, quantity_scale, status);
            }
        }
        self.raw_steps = Some((quantity_scale, steps));
        Ok(())
    }

    /// Rate one columnar record ([`KeyedRecord`]) at position `index` of the input: the same
    /// checks, in the same order, and the same id namespace as [`Rater::push`]. `value` gives
    /// the offending value of a rejected record; it is called only for the listed
    /// rejections (the first [`MAX_LISTED_REJECTIONS`]).
    #[inline]
    pub fn push_keyed(&mut self, index: u64, r: &KeyedRecord<'_>, value: impl FnOnce(RejectReason) -> String) -> Status {
        let tag = self.str_ids.tag(r.id);
        self.push_keyed_tagged(r, tag, || r.id, || index, value)
    }

    /// [`Rater::push_keyed`] with the id's tag computed ahead by [`Rater::id_tag`] of this
    /// rater (the columnar path hashes each id once, for the prefetch and the check), and the
    /// record's id and its index given by `id` and `index`, called only when they are read
    /// (`r.id` is not read): the id of a tag that is not in integer form (the empty id's
    /// check, the hash table's comparison), the listed rejections and the kept records. An id
    /// in integer form is never empty and, in the pages, is claimed by its tag alone, so the
    /// columnar loop does not fetch each row's text.
    /// `tag` must be `self.id_tag(id())` (checked in debug builds).
    #[doc(hidden)] // for the datafee-arrow crate only: a wrong tag defeats the duplicate check
    #[inline(always)]
    pub fn push_keyed_tagged<'a>(
        &mut self,
        r: &KeyedRecord<'a>,
        tag: u128,
        id: impl Fn() -> &'a str,
        index: impl Fn() -> u64,
        value: impl FnOnce(RejectReason) -> String,
    ) -> Status {
        debug_assert_eq!(tag, self.str_ids.tag(id()), "push_keyed_tagged: the tag of another id");
        self.records_in += 1;
        let status = match self.classify_keyed(r, tag, &id) {
            Ok((slot, nano, customer, charged)) => {
                self.add(customer, slot, nano);
                let status = if charged { Status::Charged } else { Status::Free };
                debug_assert_eq!(status, self.status_of(slot), "slot {slot}'s fee");
                status
            }
            Err(reason) => {
                if self.count_rejection(reason) {
                    self.rejections.push(Rejection { index: index(), id: id().to_string(), reason, value: value(reason) });
                }
                Status::Rejected(reason)
            }
        };
        if self.options.keep_records {
            self.keep_keyed(index(), &KeyedRecord { id: id(), ..*r }, status);
        }
        status
    }

    /// Classify a keyed record: the slot, quantity (10^-9 units) and customer it adds and
    /// whether the slot is a fee's (the record is charged; else free), or why not. The id is
    /// claimed here when the record is rated (its check is the last, so nothing can refuse the
    /// record afterwards): one lookup of the id, not one to look and
    /// one to claim. `id` gives the id's text, read only for a tag not in integer form (an
    /// id in integer form has a digit, so is never empty) and where the claim reads it.
    #[inline(always)]
    fn classify_keyed<'a>(&mut self, r: &KeyedRecord<'a>, tag: u128, id: &impl Fn() -> &'a str) -> std::result::Result<(u32, i128, u32, bool), RejectReason> {
        if tag & INT_TAG == 0 && id().is_empty() {
            return Err(RejectReason::MissingId);
        }
        let customer = r.customer.ok_or(RejectReason::MissingCustomer)?;
        let &key = self.customer_keys.get(customer as usize).ok_or(RejectReason::UnknownCustomer)?;
        let product = r.product.filter(|&p| (p as usize) < self.c.products.len()).ok_or(RejectReason::UnknownProduct)?;
        let scenario = r.scenario.filter(|&s| s < self.c.scenario_count).ok_or(RejectReason::UnknownScenario)?;
        let pair = self.c.pair(product, scenario).ok_or(RejectReason::NotOffered)?;
        let nano = r.quantity?;
        if !self.c.products.get(product as usize).is_none_or(|p| p.divides(nano)) {
            return Err(RejectReason::NotMultipleOfStep);
        }
        let day = r.time.day;
        if day < self.c.start || day >= self.c.end {
            return Err(RejectReason::OutsidePeriod);
        }
        // The lifecycle's gate, as for a text record (one branch without a lifecycle).
        if self.c.gate.is_some() {
            self.c.admit(pair, self.customers.get(customer as usize).map_or("", |c| c), day)?;
        }
        let (slot, charged) = self.c.slot_fee_at(pair, day).ok_or(RejectReason::NoFeeInForce)?;
        let fp = fingerprint(key, product, scenario, nano, r.time);
        match self.str_ids.claim_tagged_with(tag, fp, id) {
            Some(claimed) => Err(if claimed == fp { RejectReason::DuplicateId } else { RejectReason::ConflictingDuplicate }),
            None => Ok((slot, nano, customer, charged)),
        }
    }

    fn keep_keyed(&mut self, index: u64, r: &KeyedRecord<'_>, status: Status) {
        let name = |x: Option<u32>, f: &dyn Fn(u32) -> String| x.map_or_else(String::new, f);
        let effective = match (status, r.product, r.scenario) {
            (Status::Charged, Some(p), Some(s)) => self.effective_ix(p, s, r.time.day),
            _ => None,
        };
        let quantity = match r.quantity {
            Ok(n) => quantity_of(n, "records.quantity").unwrap_or_default(),
            Err(_) => Decimal::ZERO,
        };
        let mut time = day_text(r.time.day);
        if r.time.second > 0 {
            let s = r.time.second - 1;
            time = format!("{time}T{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
        }
        let outcome = RecordOutcome {
            index,
            id: r.id.to_string(),
            customer: name(r.customer, &|c| self.customer_name(c)),
            product: name(r.product, &|p| self.product_name(p)),
            scenario: name(r.scenario, &|s| self.scenario_name(s)),
            quantity: Quantity::new(quantity),
            time,
            status,
            effective,
        };
        self.kept.push(outcome);
    }

    /// Classify a text record: the slot and quantity (in 10^-9 units) it adds, or why not.
    #[allow(clippy::type_complexity)]
    fn classify(&mut self, r: &UsageRecord) -> std::result::Result<(u32, i128, u32, u32, (usize, u128)), RejectReason> {
        if r.id.is_empty() {
            return Err(RejectReason::MissingId);
        }
        if r.customer.is_empty() {
            return Err(RejectReason::MissingCustomer);
        }
        let &product = self.c.product_ids.get(r.product.as_str()).ok_or(RejectReason::UnknownProduct)?;
        let &scenario = self.c.scenario_ids.get(r.scenario.as_str()).ok_or(RejectReason::UnknownScenario)?;
        let pair = self.c.pair(product, scenario).ok_or(RejectReason::NotOffered)?;
        // The step has at most QUANTITY_SCALE decimals, so no multiple of it has more.
        let q = r.quantity.get();
        let nano = quantity_nano(q.mantissa(), q.scale())?;
        if !self.c.products.get(product as usize).is_none_or(|p| p.divides(nano)) {
            return Err(RejectReason::NotMultipleOfStep);
        }
        let day = r.time.date().days();
        if day < self.c.start || day >= self.c.end {
            return Err(RejectReason::OutsidePeriod);
        }
        self.c.admit(pair, &r.customer, day)?;
        let slot = self.c.slot_at(pair, day).ok_or(RejectReason::NoFeeInForce)?;
        match self.str_ids.lookup(&r.id) {
            Lookup::Claimed(claimed) => {
                let fp = fingerprint(customer_key(&r.customer), product, scenario, nano, TimeKey::of(r.time));
                Err(if claimed == fp { RejectReason::DuplicateId } else { RejectReason::ConflictingDuplicate })
            }
            Lookup::Vacant { slot: at, tag } => Ok((slot, nano, product, scenario, (at, tag))),
        }
    }

    /// Classify a raw record and, when it is rated, claim its id.
    #[inline(always)]
    fn classify_raw(&mut self, r: &RawRecord, steps: &[StepDiv], max_m: i64) -> std::result::Result<u32, RejectReason> {
        if r.customer as usize >= self.customers.len() {
            return Err(RejectReason::UnknownCustomer);
        }
        let Some(step) = steps.get(r.product as usize) else {
            return Err(RejectReason::UnknownProduct);
        };
        if r.scenario >= self.c.scenario_count {
            return Err(RejectReason::UnknownScenario);
        }
        let pair = self.c.pair(r.product, r.scenario).ok_or(RejectReason::NotOffered)?;
        if r.quantity <= 0 {
            return Err(RejectReason::NonPositiveQuantity);
        }
        if r.quantity > max_m {
            return Err(RejectReason::QuantityTooLarge);
        }
        match *step {
            StepDiv::Any => {}
            StepDiv::Div(d) if r.quantity % d == 0 => {}
            _ => return Err(RejectReason::NotMultipleOfStep),
        }
        if r.day < self.c.start || r.day >= self.c.end {
            return Err(RejectReason::OutsidePeriod);
        }
        self.c.admit(pair, self.customers.get(r.customer as usize).map_or("", |c| c), r.day)?;
        let slot = self.c.slot_at(pair, r.day).ok_or(RejectReason::NoFeeInForce)?;
        if !self.raw_ids.insert(r.id) {
            return Err(RejectReason::DuplicateId);
        }
        Ok(slot)
    }

    /// Per product, the divisor a raw quantity at `scale` must be a multiple of.
    fn step_divisors(&self, scale: u32) -> Vec<StepDiv> {
        let unit = pow10(QUANTITY_SCALE - scale);
        self.c
            .products
            .iter()
            .map(|p| {
                let d = p.step_nano / gcd(p.step_nano, unit).max(1);
                match d {
                    1 => StepDiv::Any,
                    d => i64::try_from(d).map_or(StepDiv::Never, StepDiv::Div),
                }
            })
            .collect()
    }

    /// Add a rated quantity to its aggregate.
    #[inline(always)]
    fn add(&mut self, customer: u32, slot: u32, nano: i128) {
        self.add_n(customer, slot, nano, 1);
    }

    /// Add `records` (at least one) records of total quantity `nano` to an aggregate: its
    /// cell in the dense (customer × slot) store when the customer has a row there, else
    /// through the hash map (customers beyond [`DENSE_MAX_CELLS`]). The sum is exact (integer
    /// 10^-9 units); an overflow is remembered and reported by [`Rater::finish`].
    #[inline(always)]
    fn add_n(&mut self, customer: u32, slot: u32, nano: i128, records: u64) {
        // A cell with no record is an empty cell: adding none must not create it (every
        // caller passes at least one; `merge_partial` refuses an aggregate of no record).
        if records == 0 {
            return;
        }
        if let Some(cell) = self.agg_dense.index(customer, slot).and_then(|i| self.agg_dense.cells.get_mut(i)) {
            if cell.records == 0 {
                self.agg_order.push(agg_key(customer, slot));
            }
            bump(&mut cell.nano, &mut cell.records, nano, records, &mut self.overflow);
            return;
        }
        let i = self.agg_hashed(customer, slot);
        if let Some(a) = self.aggs.get_mut(i as usize) {
            bump(&mut a.nano, &mut a.records, nano, records, &mut self.overflow);
        }
    }

    /// The aggregate of a customer without a dense row, through the hash map.
    #[cold]
    fn agg_hashed(&mut self, customer: u32, slot: u32) -> u32 {
        let key = agg_key(customer, slot);
        if key == self.last_key {
            return self.last_agg;
        }
        let n = self.aggs.len() as u32;
        let i = *self.agg_index.entry(key).or_insert(n);
        if i == n {
            self.aggs.push(Agg { key, nano: 0, records: 0 });
            self.agg_order.push(key);
        }
        self.last_key = key;
        self.last_agg = i;
        i
    }

    /// The aggregate of a key in [`Rater::agg_order`].
    fn agg_of(&self, key: u64) -> Agg {
        let found = if let Some(i) = self.agg_dense.index((key >> 32) as u32, (key & 0xffff_ffff) as u32) {
            self.agg_dense.cells.get(i).map(|c| Agg { key, nano: c.nano, records: c.records })
        } else {
            self.agg_index.get(&key).and_then(|&i| self.aggs.get(i as usize)).copied()
        };
        found.unwrap_or(Agg { key, nano: 0, records: 0 })
    }

    /// Every aggregate, in the order they were created.
    fn aggregates(&self) -> impl Iterator<Item = Agg> + '_ {
        self.agg_order.iter().map(|&k| self.agg_of(k))
    }

    fn status_of(&self, slot: u32) -> Status {
        match self.c.slots.get(slot as usize).and_then(|s| s.fee) {
            Some(_) => Status::Charged,
            None => Status::Free,
        }
    }

    /// Count a rejection; `true` while the list of rejections has room for it.
    #[cold]
    fn count_rejection(&mut self, reason: RejectReason) -> bool {
        if let Some(n) = self.rejected.get_mut(reason.index()) {
            *n += 1;
        }
        self.rejections.len() < MAX_LISTED_REJECTIONS
    }

    /// The effective date of the fee a charged record was rated under.
    fn effective_of(&self, status: Status, product: &str, scenario: &str, day: i32) -> Option<Date> {
        if status != Status::Charged {
            return None;
        }
        let p = *self.c.product_ids.get(product)?;
        let s = *self.c.scenario_ids.get(scenario)?;
        self.effective_ix(p, s, day)
    }

    fn effective_ix(&self, product: u32, scenario: u32, day: i32) -> Option<Date> {
        let slot = self.c.slot_at(self.c.pair(product, scenario)?, day)?;
        let fee = self.c.slots.get(slot as usize)?.fee?;
        self.tariff.fees.get(fee as usize).map(|f| f.effective)
    }

    fn product_name(&self, i: u32) -> String {
        self.tariff.catalog.products.get(i as usize).map_or_else(|| format!("#{i}"), |p| p.id.clone())
    }

    fn scenario_name(&self, i: u32) -> String {
        self.tariff.catalog.scenarios.get(i as usize).map_or_else(|| format!("#{i}"), |s| s.id.clone())
    }

    fn customer_name(&self, i: u32) -> String {
        self.customers.get(i as usize).map_or_else(|| format!("#{i}"), |c| c.to_string())
    }

    fn raw_value(&self, r: &RawRecord, reason: RejectReason, scale: u32) -> String {
        let pair = || format!("{}/{}", self.product_name(r.product), self.scenario_name(r.scenario));
        match reason {
            RejectReason::UnknownCustomer => format!("#{}", r.customer),
            RejectReason::UnknownProduct => format!("#{}", r.product),
            RejectReason::UnknownScenario => format!("#{}", r.scenario),
            RejectReason::NotOffered => pair(),
            RejectReason::NonPositiveQuantity | RejectReason::QuantityTooLarge | RejectReason::NotMultipleOfStep => {
                Decimal::from_i128_with_scale(i128::from(r.quantity), scale).to_string()
            }
            RejectReason::OutsidePeriod => day_text(r.day),
            RejectReason::NoFeeInForce | RejectReason::ProductNotRegistered | RejectReason::ProductWithdrawn => format!("{} on {}", pair(), day_text(r.day)),
            RejectReason::OutsideAuthorization | RejectReason::Suspended => day_text(r.day),
            RejectReason::ScenarioNotApproved => format!("{} {} on {}", self.customer_name(r.customer), pair(), day_text(r.day)),
            _ => r.id.to_string(),
        }
    }

    fn keep_raw(&mut self, index: u64, r: &RawRecord, scale: u32, status: Status) {
        let effective = if status == Status::Charged { self.effective_ix(r.product, r.scenario, r.day) } else { None };
        let outcome = RecordOutcome {
            index,
            id: r.id.to_string(),
            customer: self.customer_name(r.customer),
            product: self.product_name(r.product),
            scenario: self.scenario_name(r.scenario),
            quantity: Quantity::new(Decimal::from_i128_with_scale(i128::from(r.quantity), scale)),
            time: day_text(r.day),
            status,
            effective,
        };
        self.kept.push(outcome);
    }
}

mod batch;
mod finish;
mod partial;

use batch::day_text;
pub use batch::{quantity_nano, rate, rate_raw, reason_value, QuantityScale};
use partial::{customer_key, fingerprint};
pub use partial::{PartialAggregate, PartialState, TimeKey};

#[cfg(test)]
mod dense_tests {
    use super::*;

    /// Customers past the dense store's rows go to the hash map; a rater whose store has room
    /// for only 3 customers gives, digit for digit, the result of one with room for all, alone
    /// and merged with either kind.
    #[test]
    fn customers_beyond_the_dense_rows_rate_the_same() {
        let tariff: Tariff = crate::doc::from_value(serde_json::json!({
            "catalog": {"scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
                                      {"id": "gov", "name": "Governance", "category": "public_governance"}],
                        "products": [{"id": "api", "name": "API", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "gov"]}]},
            "fees": [{"product": "api", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "graduated", "tiers": [
                        {"from": "0", "to": "7", "price": "0.60"}, {"from": "7", "price": "0.40"}]}, "cap": "0.60"},
                     {"product": "api", "scenario": "ind", "effective": "2025-01-16", "schedule": {"kind": "flat", "price": "0.35"}, "cap": "0.60"}],
            "period": {"start": "2025-01-01", "end": "2025-02-01"}, "vat_rate": "0.06"}))
        .unwrap();
        let records: Vec<UsageRecord> = (0..400u32)
            .map(|i| {
                crate::doc::from_value(serde_json::json!({
                    "id": format!("r{}", i % 380), "customer": format!("c{}", (i * 7) % 11),
                    "product": "api", "scenario": if i % 5 == 0 { "gov" } else { "ind" },
                    "quantity": format!("{}", 1 + i % 4), "time": format!("2025-01-{:02}", 1 + i % 31)}))
                .unwrap()
            })
            .collect();
        let rated = |small: bool, part: &[UsageRecord], from: u64| {
            let mut r = Rater::new(&tariff, RaterOptions::default()).unwrap();
            if small {
                r.agg_dense.max_rows = 3;
            }
            for (k, x) in part.iter().enumerate() {
                r.push_at(from + k as u64, x).unwrap();
            }
            r
        };
        let json = |r: Rater| serde_json::to_value(r.finish().unwrap()).unwrap();
        let full_rater = rated(false, &records, 0);
        let small = rated(true, &records, 0);
        assert!(small.agg_dense.rows == 3 && !small.agg_index.is_empty(), "both stores in use");
        // The exported partial state lists the aggregates in creation order whichever store holds them.
        assert_eq!(small.partial().unwrap(), full_rater.partial().unwrap());
        let full = json(full_rater);
        assert_eq!(json(small), full);
        for (x, y) in [(true, false), (false, true), (true, true)] {
            // Partitioned by id (r0..r19 come again after r379), so each id's records stay in one rater.
            let (pa, pb): (Vec<_>, Vec<_>) = records.iter().enumerate().partition(|(_, r)| crate::rating::id_partition(&r.id, 2) == 0);
            let mut ra = Rater::new(&tariff, RaterOptions::default()).unwrap();
            let mut rb = Rater::new(&tariff, RaterOptions::default()).unwrap();
            if x {
                ra.agg_dense.max_rows = 2;
            }
            if y {
                rb.agg_dense.max_rows = 1;
            }
            for (k, r) in &pa {
                ra.push_at(*k as u64, r).unwrap();
            }
            for (k, r) in &pb {
                rb.push_at(*k as u64, r).unwrap();
            }
            ra.merge(rb).unwrap();
            assert_eq!(json(ra), full);
        }
    }
}
