//! The rating engine (计费引擎): classify each record, aggregate quantities, price each
//! aggregate once.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::idset::{fast_map, FastMap, Lookup, StrIdSet, U64IdSet};
use super::invoice::{quantity_of, show, Ctx, LineInput};
use super::result::{ProductSummary, RatingResult, RecordOutcome, Rejection, Totals};
use super::tariff::{pow10, Compiled};
use super::{Date, KeyedRecord, RawRecord, RejectReason, Status, Tariff, UsageRecord, UsageTime};
use super::{MAX_CUSTOMERS, MAX_EXPLAINED_INVOICES, MAX_EXPLAINED_LINES, MAX_LISTED_REJECTIONS, MAX_QUANTITY, QUANTITY_SCALE};
use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Quantity};

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
struct Agg {
    key: u64,
    nano: i128,
    records: u64,
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
/// customers, one aggregate per (customer, product, scenario, fee in force) (about 64 bytes),
/// the first [`MAX_LISTED_REJECTIONS`] rejections and, if asked for, every record's outcome.
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
    customer_ids: FastMap<Box<str>, u32>,
    str_ids: StrIdSet,
    raw_ids: U64IdSet,
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
        Ok(Rater {
            tariff: tariff.clone(),
            c,
            options,
            customers: Vec::new(),
            customer_ids: fast_map(),
            str_ids: StrIdSet::new(),
            raw_ids: U64IdSet::new(),
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
        self.customers.push(Box::from(name));
        self.customer_ids.insert(Box::from(name), i);
        Ok(i)
    }

    /// Where the duplicate-id check of the text id `id` first reads memory: a columnar
    /// caller rating many records prefetches it a few records ahead (at a million ids the
    /// set is larger than the caches, and that read is most of a record's cost). Never
    /// dereferenced here; stale, and harmless, once the set grows.
    #[inline]
    pub fn id_prefetch_addr(&self, id: &str) -> *const u8 {
        self.str_ids.home_addr(id)
    }

    /// Make room for `records` more text ids of `id_bytes` bytes in all (the duplicate-id
    /// set sized once instead of doubling as it fills). Only a capacity hint.
    pub fn reserve_ids(&mut self, records: usize, id_bytes: usize) {
        self.str_ids.reserve(records, id_bytes);
    }

    /// Rate one record. The error case is only [`Error::LimitExceeded`] on the number of
    /// customers; the record is then not counted.
    pub fn push(&mut self, r: &UsageRecord) -> Result<Status> {
        self.push_at(self.records_in, r)
    }

    /// Rate one record that has position `index` in the whole input (for rating in
    /// partitions: each partition pushes its records with their global positions, in
    /// increasing order, so that the merged [`RatingResult::rejected_records`] lists the
    /// first rejections of the whole input, as one rater would). The index only orders
    /// listed rejections and kept outcomes.
    pub fn push_at(&mut self, index: u64, r: &UsageRecord) -> Result<Status> {
        let status = match self.classify(r) {
            Ok((slot, nano, product, scenario, (at, tag))) => {
                let customer = self.intern_customer(&r.customer)?;
                self.str_ids.claim(&r.id, at, tag, fingerprint(customer, product, scenario, nano, TimeKey::of(r.time)));
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
        self.records_in += 1;
        let status = match self.classify_keyed(r) {
            Ok((slot, nano, customer, fp, (at, tag))) => {
                self.str_ids.claim(r.id, at, tag, fp);
                self.add(customer, slot, nano);
                self.status_of(slot)
            }
            Err(reason) => {
                if self.count_rejection(reason) {
                    self.rejections.push(Rejection { index, id: r.id.to_string(), reason, value: value(reason) });
                }
                Status::Rejected(reason)
            }
        };
        if self.options.keep_records {
            self.keep_keyed(index, r, status);
        }
        status
    }

    #[inline(always)]
    #[allow(clippy::type_complexity)]
    fn classify_keyed(&mut self, r: &KeyedRecord<'_>) -> std::result::Result<(u32, i128, u32, u64, (usize, u32)), RejectReason> {
        if r.id.is_empty() {
            return Err(RejectReason::MissingId);
        }
        let customer = r.customer.ok_or(RejectReason::MissingCustomer)?;
        if customer as usize >= self.customers.len() {
            return Err(RejectReason::UnknownCustomer);
        }
        let product = r.product.filter(|&p| (p as usize) < self.c.products.len()).ok_or(RejectReason::UnknownProduct)?;
        let scenario = r.scenario.filter(|&s| s < self.c.scenario_count).ok_or(RejectReason::UnknownScenario)?;
        let pair = self.c.pair(product, scenario).ok_or(RejectReason::NotOffered)?;
        let nano = r.quantity?;
        let step = self.c.products.get(product as usize).map_or(1, |p| p.step_nano);
        if step <= 0 || nano % step != 0 {
            return Err(RejectReason::NotMultipleOfStep);
        }
        let day = r.time.day;
        if day < self.c.start || day >= self.c.end {
            return Err(RejectReason::OutsidePeriod);
        }
        let slot = self.c.slot_at(pair, day).ok_or(RejectReason::NoFeeInForce)?;
        let fp = fingerprint(customer, product, scenario, nano, r.time);
        match self.str_ids.lookup(r.id) {
            Lookup::Claimed(claimed) => Err(if claimed == fp { RejectReason::DuplicateId } else { RejectReason::ConflictingDuplicate }),
            Lookup::Vacant { slot: at, tag } => Ok((slot, nano, customer, fp, (at, tag))),
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

    /// Merge the partial state of another rater into this one (rating in partitions,
    /// 分区计费).
    ///
    /// Merging is associative and commutative: rating records in partitions, then merging
    /// the partial states in any order and grouping, gives exactly the result of one rater
    /// over all the records, provided every id's records are in one partition (partition
    /// by id, e.g. with [`super::id_partition`]: duplicates and replays are then detected
    /// inside the partition, as one rater would) and each partition pushes its records in
    /// input order with [`Rater::push_at`] and their global positions (only the listed
    /// rejections and kept outcomes depend on the positions).
    ///
    /// Refused, leaving `self` unchanged: a different tariff or options ([`Error::Invalid`]
    /// at `merge.tariff` / `merge.options`), and an id rated in both partial states
    /// ([`Error::DuplicateId`] at `merge.records.id`: the records were not partitioned by
    /// id, and rating both would charge the id twice).
    pub fn merge(&mut self, other: Rater) -> Result<()> {
        if self.tariff != other.tariff {
            return Err(Error::invalid("merge.tariff", "another tariff", "partial ratings must be rated against the same tariff"));
        }
        if self.options != other.options {
            return Err(Error::invalid(
                "merge.options",
                format!("{:?}", other.options),
                format!("partial ratings must use the same options ({:?})", self.options),
            ));
        }
        let mut other = other;
        if let Some(id) = self.str_ids.common(&mut other.str_ids) {
            return Err(Error::DuplicateId { field: "merge.records.id".into(), value: id });
        }
        if let Some(id) = self.raw_ids.common(&other.raw_ids) {
            return Err(Error::DuplicateId { field: "merge.records.id".into(), value: id.to_string() });
        }
        let room = MAX_CUSTOMERS - self.customers.len();
        let new_customers = other.customers.iter().filter(|c| !self.customer_ids.contains_key(&***c)).count();
        if new_customers > room {
            return Err(Error::LimitExceeded {
                field: "customers".into(),
                value: (self.customers.len() + new_customers).to_string(),
                max: MAX_CUSTOMERS.to_string(),
            });
        }
        let mut map = Vec::with_capacity(other.customers.len());
        for c in &other.customers {
            map.push(self.intern_customer(c)?);
        }
        for a in &other.aggs {
            let customer = map.get((a.key >> 32) as usize).copied().unwrap_or(u32::MAX);
            self.add_n(customer, (a.key & 0xffff_ffff) as u32, a.nano, a.records);
        }
        self.str_ids.absorb(other.str_ids);
        self.raw_ids.absorb(&other.raw_ids);
        self.records_in += other.records_in;
        for (n, m) in self.rejected.iter_mut().zip(other.rejected) {
            *n += m;
        }
        self.rejections.extend(other.rejections);
        self.rejections.sort_unstable_by(|a, b| (a.index, &a.id, a.reason, &a.value).cmp(&(b.index, &b.id, b.reason, &b.value)));
        self.rejections.truncate(MAX_LISTED_REJECTIONS);
        if self.options.keep_records {
            self.kept.extend(other.kept);
            self.kept.sort_by_key(|k| k.index);
        }
        self.overflow |= other.overflow;
        Ok(())
    }

    /// Export the partial state of this rater (分区计费的部分状态) for another process to merge
    /// with [`Rater::merge_partial`]: the counts, the listed rejections and one aggregate per
    /// (customer, fee in force or free pair), but **not the claimed ids**. Exact: merging the
    /// exported states of partitions gives the result of [`Rater::merge`] on the raters.
    ///
    /// Without the ids, a merge of exported states cannot detect an id rated in two states:
    /// partition the records by id (every id's records in one partition, e.g. with
    /// [`super::id_partition`] or any hash of the id), so that duplicates are co-located and
    /// detected inside their partition.
    ///
    /// Refused ([`Error::Invalid`] at `partial.options`) when records are kept: their
    /// outcomes are not part of the state.
    pub fn partial(&self) -> Result<PartialState> {
        if self.options.keep_records {
            return Err(Error::invalid("partial.options", "keep_records", "per-record outcomes are not exported; turn keep_records off"));
        }
        let aggregates = self
            .aggs
            .iter()
            .map(|a| PartialAggregate {
                customer: self.customer_name((a.key >> 32) as u32),
                slot: (a.key & 0xffff_ffff) as u32,
                nano: a.nano.to_string(),
                records: a.records,
            })
            .collect();
        let rejected = RejectReason::ALL.iter().zip(&self.rejected).filter(|(_, &n)| n > 0).map(|(r, &n)| (r.code().to_string(), n)).collect();
        Ok(PartialState {
            format: PartialState::FORMAT,
            tariff: tariff_digest(&self.tariff)?,
            records_in: self.records_in,
            rejected,
            rejections: self.rejections.clone(),
            aggregates,
            overflow: self.overflow,
        })
    }

    /// Merge an exported partial state ([`Rater::partial`]) into this rater: associative and
    /// commutative like [`Rater::merge`], and exact (quantities are summed as integers in
    /// 10^-9 units; pricing happens once, at [`Rater::finish`]).
    ///
    /// The state is checked whole before anything is merged, so a refused state leaves the
    /// rater unchanged: another format (`partial.format`) or tariff (`partial.tariff`), a
    /// rater that keeps records (`partial.options`), an unknown reason code
    /// (`partial.rejected.<code>`), an aggregate with an empty customer, a slot out of range
    /// or a quantity that is not a positive integer (`partial.aggregates[i].customer` /
    /// `.slot` / `.nano`), counts that do not add up (`partial.records_in`: records in must
    /// be the rejected plus the aggregates' records) and more customers than
    /// [`MAX_CUSTOMERS`] ([`Error::LimitExceeded`]). Ids are not checked (see
    /// [`Rater::partial`]).
    pub fn merge_partial(&mut self, p: &PartialState) -> Result<()> {
        if p.format != PartialState::FORMAT {
            return Err(Error::invalid("partial.format", p.format, format!("this build reads format {}", PartialState::FORMAT)));
        }
        if self.options.keep_records {
            return Err(Error::invalid("partial.options", "keep_records", "per-record outcomes are not exported; turn keep_records off"));
        }
        if p.tariff != tariff_digest(&self.tariff)? {
            return Err(Error::invalid("partial.tariff", &p.tariff, "partial states must be rated against the same tariff"));
        }
        let mut rejected = [0u64; RejectReason::ALL.len()];
        for (code, &n) in &p.rejected {
            let i = RejectReason::ALL
                .iter()
                .position(|r| r.code() == code)
                .ok_or_else(|| Error::invalid(format!("partial.rejected.{code}"), code, "a rejection reason code"))?;
            if let Some(x) = rejected.get_mut(i) {
                *x = x.checked_add(n).ok_or_else(|| Error::overflow(format!("partial.rejected.{code}"), n))?;
            }
        }
        let mut aggs = Vec::with_capacity(p.aggregates.len());
        let mut rated = 0u64;
        for (i, a) in p.aggregates.iter().enumerate() {
            let at = |f: &str| format!("partial.aggregates[{i}].{f}");
            if a.customer.is_empty() {
                return Err(Error::invalid(at("customer"), "\"\"", "a customer must have a name"));
            }
            if a.slot as usize >= self.c.slots.len() {
                return Err(Error::out_of_range(at("slot"), a.slot, format!("below {}", self.c.slots.len())));
            }
            let nano: i128 = a.nano.parse().map_err(|_| Error::invalid(at("nano"), &a.nano, "an integer quantity in 10^-9 units"))?;
            if nano <= 0 || a.records == 0 {
                return Err(Error::invalid(at("nano"), &a.nano, "an aggregate of at least one record and a positive quantity"));
            }
            rated = rated.checked_add(a.records).ok_or_else(|| Error::overflow(at("records"), a.records))?;
            aggs.push((a, nano));
        }
        let rejected_sum = rejected.iter().try_fold(0u64, |s, &n| s.checked_add(n));
        if rejected_sum.and_then(|r| r.checked_add(rated)) != Some(p.records_in) {
            return Err(Error::invalid("partial.records_in", p.records_in, "records in must be the rejected records plus the aggregates' records"));
        }
        let mut seen: FastMap<&str, ()> = fast_map();
        let new_customers =
            aggs.iter().filter(|(a, _)| !self.customer_ids.contains_key(a.customer.as_str()) && seen.insert(a.customer.as_str(), ()).is_none()).count();
        if new_customers > MAX_CUSTOMERS - self.customers.len() {
            return Err(Error::LimitExceeded {
                field: "customers".into(),
                value: (self.customers.len() + new_customers).to_string(),
                max: MAX_CUSTOMERS.to_string(),
            });
        }
        for (a, nano) in aggs {
            let customer = self.intern_customer(&a.customer)?;
            self.add_n(customer, a.slot, nano, a.records);
        }
        self.records_in += p.records_in;
        for (n, m) in self.rejected.iter_mut().zip(rejected) {
            *n += m;
        }
        self.rejections.extend(p.rejections.iter().cloned());
        self.rejections.sort_unstable_by(|a, b| (a.index, &a.id, a.reason, &a.value).cmp(&(b.index, &b.id, b.reason, &b.value)));
        self.rejections.truncate(MAX_LISTED_REJECTIONS);
        self.overflow |= p.overflow;
        Ok(())
    }

    /// Price every aggregate, close the invoices and report.
    ///
    /// Errors: [`Error::Overflow`] when an aggregate quantity or a charge does not fit a
    /// decimal (beyond about 7.9e19 units, or 7.9e28 yuan).
    pub fn finish(self) -> Result<RatingResult> {
        if self.overflow {
            return Err(Error::overflow("records.quantity", "an aggregate quantity beyond 1.7e29 units"));
        }
        let mut ctx = Ctx { tariff: &self.tariff, compiled: &self.c, explain: self.options.explain };
        // Rank customers by name so that invoices come out in id order.
        let mut by_name: Vec<u32> = (0..self.customers.len() as u32).collect();
        by_name.sort_unstable_by(|&a, &b| self.customers.get(a as usize).cmp(&self.customers.get(b as usize)));
        let mut rank = vec![0u32; self.customers.len()];
        for (r, &c) in by_name.iter().enumerate() {
            if let Some(x) = rank.get_mut(c as usize) {
                *x = r as u32;
            }
        }
        let sort_key = |a: &Agg| {
            let customer = (a.key >> 32) as usize;
            let slot = self.c.slots.get((a.key & 0xffff_ffff) as usize);
            let pair = slot.and_then(|s| self.c.pairs.get(s.pair as usize));
            let day = slot.and_then(|s| s.fee).and_then(|f| self.tariff.fees.get(f as usize)).map_or(i32::MIN, |f| f.effective.days());
            (rank.get(customer).copied().unwrap_or(u32::MAX), pair.map_or(0, |p| p.product), pair.map_or(0, |p| p.scenario), day)
        };
        let mut aggs = self.aggs;
        aggs.sort_unstable_by_key(sort_key);

        let n_products = self.tariff.catalog.products.len();
        let mut prod = vec![(0u64, 0i128, 0u64, 0i128, Decimal::ZERO); n_products];
        let mut invoices = Vec::new();
        let (mut lines_total, mut subtotal, mut vat, mut total) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let (mut charged, mut free, mut free_nano, mut line_count) = (0u64, 0u64, 0i128, 0u64);
        let (mut explained_invoices, mut explained_lines) = (0usize, 0usize);
        let mut i = 0;
        while i < aggs.len() {
            let customer = (aggs[i].key >> 32) as u32;
            let name = self.customers.get(customer as usize).map_or_else(|| format!("#{customer}"), |s| s.to_string());
            // Working papers are bounded: the first invoices until either budget is spent.
            let n_lines = aggs[i..].iter().take_while(|a| (a.key >> 32) as u32 == customer).count();
            ctx.explain = self.options.explain && explained_invoices < MAX_EXPLAINED_INVOICES && explained_lines + n_lines <= MAX_EXPLAINED_LINES;
            if ctx.explain {
                explained_invoices += 1;
                explained_lines += n_lines;
            }
            let mut lines = Vec::with_capacity(n_lines);
            let mut precise = Decimal::ZERO;
            while let Some(a) = aggs.get(i).filter(|a| (a.key >> 32) as u32 == customer) {
                let input = LineInput { slot: (a.key & 0xffff_ffff) as u32, nano: a.nano, records: a.records };
                let (line, charge) = ctx.line(&name, &input)?;
                precise = money::add(precise, charge, "charge")?;
                let p = self.c.slots.get(input.slot as usize).and_then(|s| self.c.pairs.get(s.pair as usize)).map_or(0, |p| p.product as usize);
                if let Some(x) = prod.get_mut(p) {
                    if line.free {
                        x.2 += a.records;
                        x.3 += a.nano;
                    } else {
                        x.0 += a.records;
                        x.1 += a.nano;
                        x.4 = money::add(x.4, line.amount.get(), "revenue")?;
                    }
                }
                if line.free {
                    free += a.records;
                    free_nano += a.nano;
                } else {
                    charged += a.records;
                }
                line_count += 1;
                lines.push(line);
                i += 1;
            }
            let inv = ctx.invoice(name, lines, precise)?;
            lines_total = money::add(lines_total, inv.lines_total.get(), "totals.lines_total")?;
            subtotal = money::add(subtotal, inv.subtotal.get(), "totals.subtotal")?;
            vat = money::add(vat, inv.vat.get(), "totals.vat")?;
            total = money::add(total, inv.total.get(), "totals.total")?;
            invoices.push(inv);
        }

        let r = &self.tariff.rounding;
        let mut products = Vec::with_capacity(n_products);
        for (p, x) in self.tariff.catalog.products.iter().zip(&prod) {
            products.push(ProductSummary {
                product: p.id.clone(),
                records: x.0,
                quantity: Quantity::new(quantity_of(x.1, "products.quantity")?),
                free_records: x.2,
                free_quantity: Quantity::new(quantity_of(x.3, "products.free_quantity")?),
                revenue: Amount::new(show(x.4, r)),
            });
        }
        let rejected: u64 = self.rejected.iter().sum();
        let rated = self.records_in - rejected;
        let by_reason: BTreeMap<String, u64> = RejectReason::ALL.iter().zip(&self.rejected).map(|(r, &n)| (r.code().to_string(), n)).collect();
        let totals = Totals {
            invoices: invoices.len() as u64,
            lines: line_count,
            charged_records: charged,
            free_records: free,
            free_quantity: Quantity::new(quantity_of(free_nano, "totals.free_quantity")?),
            lines_total: Amount::new(show(lines_total, r)),
            subtotal: Amount::new(show(subtotal, r)),
            vat: Amount::new(show(vat, r)),
            total: Amount::new(show(total, r)),
        };
        let mut e = Explanation::new("rating.totals", "Rating totals 计费汇总", "records in = rated + rejected; total = Σ invoice totals = subtotal + VAT")
            .input("billing period", format!("[{}, {})", self.tariff.period.start, self.tariff.period.end))
            .input("records in", self.records_in)
            .input("rated (charged + free)", format!("{rated} ({charged} + {free})"))
            .input("rejected", rejected)
            .input("invoices", invoices.len())
            .input("Σ subtotal", totals.subtotal)
            .input("Σ VAT", totals.vat)
            .result(totals.total)
            .rounding(format!("{} per invoice line and once per invoice for VAT", r.describe()));
        for (code, n) in by_reason.iter().filter(|(_, &n)| n > 0) {
            e = e.note(format!("rejected {code}: {n}"));
        }
        if self.options.explain && explained_invoices < invoices.len() {
            e = e.note(format!(
                "working papers attached to the first {explained_invoices} of {} invoices ({explained_lines} lines); at most {MAX_EXPLAINED_INVOICES} invoices and {MAX_EXPLAINED_LINES} lines carry one",
                invoices.len()
            ));
        }
        let listed = self.rejections.len() as u64;
        Ok(RatingResult {
            period: self.tariff.period,
            records_in: self.records_in,
            rated,
            charged,
            free,
            rejected,
            rejections_by_reason: by_reason,
            rejected_records: self.rejections,
            rejected_records_omitted: rejected - listed,
            invoices,
            totals,
            products,
            records: self.options.keep_records.then_some(self.kept),
            explanation: e,
        })
    }

    /// Classify a text record: the slot and quantity (in 10^-9 units) it adds, or why not.
    #[allow(clippy::type_complexity)]
    fn classify(&mut self, r: &UsageRecord) -> std::result::Result<(u32, i128, u32, u32, (usize, u32)), RejectReason> {
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
        let step = self.c.products.get(product as usize).map_or(1, |p| p.step_nano);
        if step <= 0 || nano % step != 0 {
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
                let customer = self.customer_ids.get(r.customer.as_str()).copied().unwrap_or(u32::MAX);
                let fp = fingerprint(customer, product, scenario, nano, TimeKey::of(r.time));
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

    /// Add `records` records of total quantity `nano` to an aggregate.
    #[inline(always)]
    fn add_n(&mut self, customer: u32, slot: u32, nano: i128, records: u64) {
        let key = (u64::from(customer) << 32) | u64::from(slot);
        let i = if key == self.last_key {
            self.last_agg
        } else {
            let n = self.aggs.len() as u32;
            let i = *self.agg_index.entry(key).or_insert(n);
            if i == n {
                self.aggs.push(Agg { key, nano: 0, records: 0 });
            }
            self.last_key = key;
            self.last_agg = i;
            i
        };
        if let Some(a) = self.aggs.get_mut(i as usize) {
            match a.nano.checked_add(nano) {
                Some(x) => a.nano = x,
                None => self.overflow = true,
            }
            a.records += records;
        }
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

/// A day number as a date, or `#<n>` outside years 1..=9999.
fn day_text(day: i32) -> String {
    Date::from_days(day).map_or_else(|| format!("#{day}"), |d| d.to_string())
}

/// The offending value of a rejected text record (the `value` of its [`Rejection`]).
pub fn reason_value(r: &UsageRecord, reason: RejectReason) -> String {
    match reason {
        RejectReason::MissingId => String::new(),
        RejectReason::MissingCustomer | RejectReason::UnknownCustomer => r.customer.clone(),
        RejectReason::UnknownProduct => r.product.clone(),
        RejectReason::UnknownScenario => r.scenario.clone(),
        RejectReason::NotOffered => format!("{}/{}", r.product, r.scenario),
        RejectReason::NonPositiveQuantity | RejectReason::QuantityTooLarge | RejectReason::NotMultipleOfStep => r.quantity.to_string(),
        RejectReason::OutsidePeriod => r.time.to_string(),
        RejectReason::NoFeeInForce | RejectReason::ProductNotRegistered | RejectReason::ProductWithdrawn => {
            format!("{}/{} on {}", r.product, r.scenario, r.time.date())
        }
        RejectReason::OutsideAuthorization | RejectReason::Suspended => r.time.to_string(),
        RejectReason::ScenarioNotApproved => format!("{} {}/{} on {}", r.customer, r.product, r.scenario, r.time.date()),
        RejectReason::DuplicateId | RejectReason::ConflictingDuplicate => r.id.clone(),
    }
}

/// A positive quantity `value / 10^scale` in units of 10^-9 ([`super::QUANTITY_SCALE`]), or
/// why a record carrying it is rejected, checked in this order: `non_positive_quantity`,
/// `quantity_too_large` (above [`MAX_QUANTITY`]), `not_multiple_of_step` (a non-zero digit
/// beyond the 9th decimal place, which no step has). The same rule as for text records.
///
/// ```
/// use datafee::rating::{quantity_nano, RejectReason};
/// assert_eq!(quantity_nano(15, 1), Ok(1_500_000_000));
/// assert_eq!(quantity_nano(1_500_000_000_000, 12), Ok(1_500_000_000));
/// assert_eq!(quantity_nano(1, 10), Err(RejectReason::NotMultipleOfStep));
/// assert_eq!(quantity_nano(0, 3), Err(RejectReason::NonPositiveQuantity));
/// assert_eq!(quantity_nano(i128::MAX, 0), Err(RejectReason::QuantityTooLarge));
/// ```
#[inline]
pub fn quantity_nano(value: i128, scale: u32) -> std::result::Result<i128, RejectReason> {
    if value <= 0 {
        return Err(RejectReason::NonPositiveQuantity);
    }
    if scale > 38 {
        return Err(RejectReason::NotMultipleOfStep);
    }
    if let Some(limit) = i128::from(MAX_QUANTITY).checked_mul(pow10(scale)) {
        if value > limit {
            return Err(RejectReason::QuantityTooLarge);
        }
    }
    if scale <= QUANTITY_SCALE {
        value.checked_mul(pow10(QUANTITY_SCALE - scale)).ok_or(RejectReason::QuantityTooLarge)
    } else {
        let d = pow10(scale - QUANTITY_SCALE);
        if value % d != 0 {
            Err(RejectReason::NotMultipleOfStep)
        } else {
            Ok(value / d)
        }
    }
}

/// The exported partial state of a [`Rater`] ([`Rater::partial`], [`Rater::merge_partial`]):
/// what a partition of the records (partitioned by id) contributes to the invoices, without
/// the ids. Serializable (JSON through serde): one entry per aggregate, so its size is
/// about 60 bytes per (customer, product, scenario, fee in force) of the partition, not
/// per record. Quantities are integers in 10^-9 units written as decimal text (exact in any
/// JSON reader).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartialState {
    /// The format version ([`PartialState::FORMAT`]).
    pub format: u32,
    /// A digest of the tariff rated against (a stable 64-bit hash of its JSON form, in
    /// hex): a state of another tariff is refused. A guard against mistakes, not a signature.
    pub tariff: String,
    /// Records pushed.
    pub records_in: u64,
    /// Rejected records per reason code (the codes with at least one).
    pub rejected: BTreeMap<String, u64>,
    /// The listed rejections (at most [`MAX_LISTED_REJECTIONS`], by position).
    pub rejections: Vec<Rejection>,
    /// One entry per aggregate, in the order the rater created them.
    pub aggregates: Vec<PartialAggregate>,
    /// Whether an aggregate quantity overflowed (the merged rater's
    /// [`Rater::finish`] then fails with [`Error::Overflow`]).
    #[serde(default)]
    pub overflow: bool,
}

impl PartialState {
    /// The format written by this build.
    pub const FORMAT: u32 = 1;
}

/// One aggregate of a [`PartialState`]: a customer's rated use of one slot of the compiled
/// tariff (a fee in force, or a free product and scenario pair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartialAggregate {
    /// The customer's name.
    pub customer: String,
    /// The slot in the compiled tariff (the same tariff gives the same slots).
    pub slot: u32,
    /// The summed quantity in 10^-9 units ([`super::QUANTITY_SCALE`]), as decimal text.
    pub nano: String,
    /// Records summed.
    pub records: u64,
}

/// The digest of a tariff for [`PartialState::tariff`].
fn tariff_digest(t: &Tariff) -> Result<String> {
    use std::hash::Hasher;
    let json = serde_json::to_string(t).map_err(|e| Error::invalid("partial.tariff", "tariff", e.to_string()))?;
    let mut h = super::idset::stable_hasher();
    h.write(json.as_bytes());
    h.write_usize(json.len());
    Ok(format!("{:016x}", h.finish()))
}

/// The time of a record as written, for telling a replay from a conflict: the day, the
/// second of the day plus one (0 for a bare date) and the nanoseconds (columnar timestamps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TimeKey {
    /// Day number.
    pub day: i32,
    /// Second of the day plus one, or 0 for a bare date.
    pub second: u32,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

impl TimeKey {
    /// The key of a text usage time.
    pub fn of(t: UsageTime) -> TimeKey {
        TimeKey { day: t.date().days(), second: t.second_of_day().map_or(0, |s| s + 1), nanos: 0 }
    }
}

/// The content of a rated record (interned customer, product, scenario, quantity in 10^-9
/// units, time as written): two records with the same id are a replay when their
/// fingerprints agree. Compared only within one rater (merging refuses common ids).
fn fingerprint(customer: u32, product: u32, scenario: u32, nano: i128, time: TimeKey) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = super::idset::stable_hasher();
    (customer, product, scenario, nano, time).hash(&mut h);
    h.finish()
}

/// Rate text records in one call: [`Rater::new`], [`Rater::push_batch`], [`Rater::finish`].
pub fn rate(tariff: &Tariff, records: &[UsageRecord], options: RaterOptions) -> Result<RatingResult> {
    let mut rater = Rater::new(tariff, options)?;
    rater.push_batch(records)?;
    rater.finish()
}

/// Rate raw records in one call (the benchmark entry point): `customers[i]` is customer
/// index `i` (names must be distinct and non-empty), quantities are integers at
/// `quantity_scale`.
///
/// ```
/// use datafee::rating::{rate_raw, Date, RawRecord, RaterOptions, Tariff};
/// # let tariff: Tariff = datafee::doc::from_json(r#"{
/// #   "catalog": {"scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"}],
/// #               "products": [{"id": "p", "name": "P", "service_form": "api", "charging_form": "per_call",
/// #                             "scenarios": ["ind"]}]},
/// #   "fees": [{"product": "p", "scenario": "ind", "effective": "2025-01-01",
/// #             "schedule": {"kind": "flat", "price": "0.335"}, "cap": "0.335"}],
/// #   "period": {"start": "2025-01-01", "end": "2025-02-01"}, "vat_rate": "0.06"}"#)?;
/// let day = "2025-01-10".parse::<Date>()?.days();
/// let records: Vec<RawRecord> = (0..3).map(|i| RawRecord { id: i, quantity: 1, customer: 0, product: 0, scenario: 0, day }).collect();
/// let out = rate_raw(&tariff, &["acme"], &records, 0, RaterOptions::default())?;
/// // 3 × 0.335 = 1.005 would round half-up to 1.01 > cap × 3 = 1.005: rounded down.
/// assert_eq!(out.invoices[0].lines[0].amount.to_string(), "1.00");
/// assert!(out.invoices[0].lines[0].note.is_some());
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn rate_raw(tariff: &Tariff, customers: &[&str], records: &[RawRecord], quantity_scale: u32, options: RaterOptions) -> Result<RatingResult> {
    let mut rater = Rater::new(tariff, options)?;
    for (i, c) in customers.iter().enumerate() {
        if c.is_empty() {
            return Err(Error::invalid(format!("customers[{i}]"), "\"\"", "a customer must have a name"));
        }
        if rater.intern_customer(c)? as usize != i {
            return Err(Error::DuplicateId { field: format!("customers[{i}]"), value: c.to_string() });
        }
    }
    rater.push_raw(records, quantity_scale)?;
    rater.finish()
}
