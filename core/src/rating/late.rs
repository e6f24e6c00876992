//! Late records (迟到记录) for an already-invoiced period (已出账期间): delta lines (调整行), a
//! reversal (冲销) of each invoice line the late records change and the repriced new line,
//! never a second charge.
//!
//! The operator keeps, per invoiced billing period, the state it invoiced from
//! ([`InvoicedState`]): one aggregate per (customer, fee in force or free pair) and every
//! rated record id with a digest of its content. A late batch is rated against that state
//! ([`rate_late`], operation `rating.late`):
//!
//! 1. Each late record is rated or rejected by the engine's rules ([`super::Rater`]); a
//!    record that would be rated but whose id the state already holds is rejected as
//!    `duplicate_id` (same content: a replay) or `conflicting_duplicate` (other content),
//!    exactly as the engine treats a repeated id within one run. So no id is charged twice.
//! 2. The rated late quantities are added to their aggregates; only the customers with a
//!    changed aggregate are re-invoiced, and only the changed lines produce delta lines.
//! 3. Every changed line gives a **pair**: a reversal of the line as invoiced (negative
//!    records, quantity, charge and amount, naming its position in the invoice it reverses)
//!    and the repriced new line, priced on the merged aggregate from zero, so tiers (阶梯)
//!    reprice over the period's total. A flat line gets the same pair (not an additive line):
//!    one form for every schedule, and the same rounding as a single rating.
//! 4. Rounding: each line amount is rounded once, by the engine's rule for invoice lines
//!    (the tariff's rounding, half-up to 0.01 by default, never above `cap × billed
//!    quantity`); a reversal is the negated rounded amount it reverses. VAT is rounded once
//!    per invoice on the precise charges, and the VAT adjustment is the new invoice's VAT
//!    minus the previous one's. Hence the original invoice plus every adjustment equals, to
//!    the cent, the invoice one rating of all the records would give, line by line and in
//!    total.
//!
//! Without a state (`invoiced` absent) the batch is the on-time invoicing: every line is a
//! new line, the invoices are those of `rating.rate` on the same records, and the state to
//! keep is returned. Each batch that rates at least one record increments the state's
//! `revision`; an adjustment names the revision it replaces.
//!
//! Bounds: a batch holds at most [`MAX_RECORDS_PER_BATCH`] records; a state at most
//! [`MAX_INVOICED_IDS`] ids and as many aggregates. Work is proportional to the state plus
//! the batch (plus sorting them): the state is read and written once, the late records are
//! classified twice (to tell a replay from a new record), and only affected customers'
//! invoices are priced, twice (as invoiced and as repriced).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::invoice::{show, Ctx, LineInput};
use super::tariff::Compiled;
use super::{
    quantity_nano, reason_value, BillingPeriod, Date, Invoice, PartialAggregate, RaterOptions, RatingCounts, RejectReason, Rejection, Status, Tariff, TimeKey,
    UsageRecord, MAX_EXPLAINED_INVOICES, MAX_EXPLAINED_LINES, MAX_LISTED_REJECTIONS, MAX_RECORDS_PER_BATCH,
};
use crate::catalog::Category;
use crate::error::{Error, Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{self, Amount, Quantity};

/// The most rated ids (and aggregates) an [`InvoicedState`] may hold: ten full batches.
pub const MAX_INVOICED_IDS: usize = 10 * MAX_RECORDS_PER_BATCH;

/// The rating state an invoice was issued from (出账状态), kept per billing period by the
/// operator to rate late records against ([`rate_late`]).
///
/// Size: one entry per aggregate (about 60 bytes of JSON) and one per rated record (its id
/// plus about 30 bytes), at most [`MAX_INVOICED_IDS`] of each. The ids are carried exactly
/// (not as digests), so a late record is never refused for a hash collision of its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InvoicedState {
    /// The format version ([`InvoicedState::FORMAT`]).
    pub format: u32,
    /// A digest of the tariff rated against (a stable 64-bit hash of its JSON form, in hex):
    /// a state of another tariff is refused. A guard against mistakes, not a signature.
    pub tariff: String,
    /// 0 for the on-time invoices, plus one for each late batch that rated a record.
    pub revision: u32,
    /// One aggregate per (customer, slot), by customer (byte order) then slot.
    pub aggregates: Vec<PartialAggregate>,
    /// Every rated record's id with the digest of its content, by id (byte order).
    pub ids: Vec<RatedId>,
}

impl InvoicedState {
    /// The format written by this build.
    pub const FORMAT: u32 = 1;
}

/// A rated record's id and the digest of its content (customer, product, scenario, quantity
/// as a number, time as written): a later record with the id is a replay when its digest is
/// the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RatedId {
    /// The record id.
    pub id: String,
    /// A stable 64-bit digest of the content, 16 hex digits.
    pub content: String,
}

/// Whether a delta line reverses an invoiced line or states its replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeltaKind {
    /// The invoiced line, negated (冲销).
    Reversal,
    /// The repriced line (重新计价).
    New,
}

/// One delta line (调整行) of an [`InvoiceAdjustment`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeltaLine {
    /// Reversal of the invoiced line, or the new line.
    pub kind: DeltaKind,
    /// For a reversal, the position of the reversed line in the invoice of revision
    /// [`InvoiceAdjustment::replaces_revision`]; for a new line, its position in
    /// [`InvoiceAdjustment::invoice`].
    pub line: usize,
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The scenario's category.
    pub category: Category,
    /// A free use (amount 0).
    pub free: bool,
    /// The effective date of the fee in force (charged lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// Records (negative on a reversal).
    pub records: i64,
    /// Quantity, in the product's unit (negative on a reversal).
    pub quantity: Quantity,
    /// The precise charge (negative on a reversal).
    pub charge: Amount,
    /// The rounded amount (negative on a reversal): the line's amount as rounded once.
    pub amount: Amount,
}

/// An invoice's amounts without its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InvoiceAmounts {
    /// Σ line amounts.
    pub lines_total: Amount,
    /// Without VAT.
    pub subtotal: Amount,
    /// VAT.
    pub vat: Amount,
    /// With VAT.
    pub total: Amount,
}

impl InvoiceAmounts {
    fn of(i: &Invoice) -> InvoiceAmounts {
        InvoiceAmounts { lines_total: i.lines_total, subtotal: i.subtotal, vat: i.vat, total: i.total }
    }

    fn from(x: [Decimal; 4], r: &crate::money::Rounding) -> InvoiceAmounts {
        let a = |d: Decimal| Amount::new(show(d, r));
        InvoiceAmounts { lines_total: a(x[0]), subtotal: a(x[1]), vat: a(x[2]), total: a(x[3]) }
    }
}

/// The adjustment (调整) of one customer's invoice: delta lines and the changes of its
/// amounts; `previous + change = invoice`, to the cent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InvoiceAdjustment {
    /// The customer.
    pub customer: String,
    /// The revision of the invoice adjusted; absent when the customer had no invoice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces_revision: Option<u32>,
    /// Reversal and new line per changed line, in invoice line order.
    pub lines: Vec<DeltaLine>,
    /// The amounts of the invoice adjusted (absent when there was none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<InvoiceAmounts>,
    /// The changes: `lines_total` is Σ of the delta lines' amounts; `vat` the new VAT minus
    /// the previous VAT (each rounded once per invoice).
    pub change: InvoiceAmounts,
    /// The repriced invoice (all its lines, changed or not).
    pub invoice: Invoice,
}

/// Totals of a late batch's adjustments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LateTotals {
    /// Invoices adjusted (or issued, for a customer without one).
    pub adjustments: u64,
    /// Delta lines (reversals and new lines).
    pub delta_lines: u64,
    /// Σ of the changes over the adjustments.
    pub change: InvoiceAmounts,
}

/// The result of `rating.late`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LateResult {
    /// The billing period.
    pub period: BillingPeriod,
    /// The revision of the invoices after this batch (the state's revision).
    pub revision: u32,
    /// The counts of the late batch (late records in, rated, charged, free, rejected; the first
    /// [`MAX_LISTED_REJECTIONS`] rejections, by position in the batch), written inline.
    #[serde(flatten)]
    pub counts: RatingCounts,
    /// One adjustment per affected customer, by customer (byte order).
    pub adjustments: Vec<InvoiceAdjustment>,
    /// Totals of the adjustments.
    pub totals: LateTotals,
    /// The state to keep for the next late batch.
    pub state: InvoicedState,
    /// The working paper.
    pub explanation: Explanation,
}

/// The content digest of a record, stable across processes and platforms.
fn content_digest(r: &UsageRecord, nano: i128) -> String {
    use std::hash::Hasher;
    let t = TimeKey::of(r.time);
    let mut h = super::idset::stable_hasher();
    for s in [&r.customer, &r.product, &r.scenario] {
        h.write(s.as_bytes());
        h.write(&(s.len() as u64).to_le_bytes());
    }
    h.write(&nano.to_le_bytes());
    h.write(&t.day.to_le_bytes());
    h.write(&t.second.to_le_bytes());
    h.write(&t.nanos.to_le_bytes());
    format!("{:016x}", h.finish())
}

/// The digest of a tariff: a stable 64-bit hash of its JSON form, in hex.
fn tariff_digest(t: &Tariff) -> Result<String> {
    use std::hash::Hasher;
    let json = serde_json::to_value(t).map_err(|e| Error::invalid("tariff", "tariff", e.to_string()))?.to_string();
    let mut h = super::idset::stable_hasher();
    h.write(json.as_bytes());
    h.write(&(json.len() as u64).to_le_bytes());
    Ok(format!("{:016x}", h.finish()))
}

/// One aggregate of the state or of the late batch: (customer, slot, quantity in 10^-9
/// units, records, from the late batch).
type Entry = (String, u32, i128, u64, bool);

/// Check a state whole; its aggregates as entries and its ids sorted by id.
fn read_state<'a>(s: &'a InvoicedState, digest: &str, c: &Compiled) -> Result<(Vec<Entry>, Vec<&'a RatedId>)> {
    if s.format != InvoicedState::FORMAT {
        return Err(Error::invalid("invoiced.format", s.format, format!("this build reads format {}", InvoicedState::FORMAT)));
    }
    if s.tariff != digest {
        return Err(Error::invalid("invoiced.tariff", &s.tariff, "the state must come from rating against the same tariff"));
    }
    for (field, n) in [("invoiced.ids", s.ids.len()), ("invoiced.aggregates", s.aggregates.len())] {
        if n > MAX_INVOICED_IDS {
            return Err(Error::LimitExceeded { field: field.into(), value: n.to_string(), max: MAX_INVOICED_IDS.to_string() });
        }
    }
    for (i, r) in s.ids.iter().enumerate() {
        if r.id.is_empty() {
            return Err(Error::invalid(format!("invoiced.ids[{i}].id"), "\"\"", "a rated record has an id"));
        }
        if r.content.len() != 16 || !r.content.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::invalid(format!("invoiced.ids[{i}].content"), &r.content, "16 hex digits"));
        }
    }
    let mut ids: Vec<(usize, &RatedId)> = s.ids.iter().enumerate().collect();
    ids.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    if let Some(w) = ids.windows(2).find(|w| w[0].1.id == w[1].1.id) {
        let i = w[0].0.max(w[1].0);
        return Err(Error::DuplicateId { field: format!("invoiced.ids[{i}].id"), value: w[1].1.id.clone() });
    }
    let mut aggs = Vec::with_capacity(s.aggregates.len());
    let mut rated = 0u64;
    for (i, a) in s.aggregates.iter().enumerate() {
        let at = |f: &str| format!("invoiced.aggregates[{i}].{f}");
        if a.customer.is_empty() {
            return Err(Error::invalid(at("customer"), "\"\"", "a customer must have a name"));
        }
        if a.slot as usize >= c.slots.len() {
            return Err(Error::out_of_range(at("slot"), a.slot, format!("below {}", c.slots.len())));
        }
        let nano: i128 = a.nano.parse().map_err(|_| Error::invalid(at("nano"), &a.nano, "an integer quantity in 10^-9 units"))?;
        if nano <= 0 || a.records == 0 {
            return Err(Error::invalid(at("nano"), &a.nano, "an aggregate of at least one record and a positive quantity"));
        }
        rated = rated.checked_add(a.records).ok_or_else(|| Error::overflow(at("records"), a.records))?;
        aggs.push((a.customer.clone(), a.slot, nano, a.records, false));
    }
    if rated != s.ids.len() as u64 {
        return Err(Error::invalid("invoiced.ids", s.ids.len(), format!("one id per rated record: the aggregates hold {rated} records")));
    }
    Ok((aggs, ids.into_iter().map(|x| x.1).collect()))
}

/// One customer's aggregates: (slot, quantity in 10^-9 units, records), by slot.
type Aggs = Vec<(u32, i128, u64)>;

/// Price one customer's aggregates into an invoice, lines in the engine's order (product,
/// scenario, fee effective date); also returns each line's slot.
fn price(ctx: &Ctx<'_>, customer: &str, aggs: &Aggs) -> Result<(Invoice, Vec<u32>)> {
    let c = ctx.compiled;
    let key = |slot: u32| {
        let s = c.slots.get(slot as usize);
        let pair = s.and_then(|s| c.pairs.get(s.pair as usize));
        let day = s.and_then(|s| s.fee).and_then(|f| ctx.tariff.fees.get(f as usize)).map_or(i32::MIN, |f| f.effective.days());
        (pair.map_or(0, |p| p.product), pair.map_or(0, |p| p.scenario), day, slot)
    };
    let mut order: Vec<(u32, i128, u64)> = aggs.clone();
    order.sort_by_key(|a| key(a.0));
    let mut lines = Vec::with_capacity(order.len());
    let mut precise = Decimal::ZERO;
    for &(slot, nano, records) in &order {
        let (line, charge) = ctx.line(customer, &LineInput { slot, nano, records })?;
        precise = money::add(precise, charge, "charge")?;
        lines.push(line);
    }
    Ok((ctx.invoice(customer.to_string(), lines, precise)?, order.into_iter().map(|a| a.0).collect()))
}

fn neg(d: Decimal) -> Decimal {
    if d.is_zero() {
        d
    } else {
        -d
    }
}

fn delta(kind: DeltaKind, line: usize, l: &super::InvoiceLine) -> DeltaLine {
    let sign = |d: Decimal| if kind == DeltaKind::Reversal { neg(d) } else { d };
    let records = i64::try_from(l.records).unwrap_or(i64::MAX);
    DeltaLine {
        kind,
        line,
        product: l.product.clone(),
        scenario: l.scenario.clone(),
        category: l.category,
        free: l.free,
        effective: l.effective,
        records: if kind == DeltaKind::Reversal { -records } else { records },
        quantity: Quantity::new(sign(l.quantity.get())),
        charge: Amount::new(sign(l.charge.get())),
        amount: Amount::new(sign(l.amount.get())),
    }
}

/// Rate late records against the state invoiced from (`None`: nothing invoiced yet).
///
/// Errors (nothing is rated): more than [`MAX_RECORDS_PER_BATCH`] records
/// ([`Error::LimitExceeded`] at `records`); an invalid tariff (under `tariff.`); a state of
/// another format or tariff, a malformed id, digest or aggregate, an id listed twice, or
/// aggregates whose records are not the ids' count (under `invoiced.`); an aggregate that
/// overflows ([`Error::Overflow`]).
///
/// ```
/// use serde_json::json;
/// let tariff = json!({
///   "catalog": {"scenarios": [{"id": "fin", "name": "Finance", "category": "industry_development"}],
///               "products": [{"id": "p", "name": "P", "service_form": "api", "charging_form": "per_call", "scenarios": ["fin"]}]},
///   "fees": [{"product": "p", "scenario": "fin", "effective": "2025-01-01",
///             "schedule": {"kind": "graduated", "tiers": [{"from": "0", "to": "100", "price": "0.50"}, {"from": "100", "price": "0.30"}]},
///             "cap": "0.50"}],
///   "period": {"start": "2025-01-01", "end": "2025-02-01"}, "vat_rate": "0.06"});
/// let rec = |id: &str, q: &str| json!({"id": id, "customer": "acme", "product": "p", "scenario": "fin", "quantity": q, "time": "2025-01-05"});
/// let on_time = datafee::api::call("rating.late", json!({"tariff": tariff, "records": [rec("r1", "80")]}))?;
/// assert_eq!(on_time["adjustments"][0]["invoice"]["lines"][0]["amount"], "40.00"); // 80 × 0.50
/// let late = datafee::api::call("rating.late", json!({"tariff": tariff, "invoiced": on_time["state"],
///     "records": [rec("r2", "70"), rec("r1", "80")]}))?;
/// // 150 calls: 100 × 0.50 + 50 × 0.30 = 65.00; reversal −40.00, new line 65.00.
/// let lines = &late["adjustments"][0]["lines"];
/// assert_eq!((lines[0]["amount"].as_str(), lines[1]["amount"].as_str()), (Some("-40.00"), Some("65.00")));
/// assert_eq!(late["rejections_by_reason"]["duplicate_id"], 1); // r1 replayed
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn rate_late(tariff: &Tariff, invoiced: Option<&InvoicedState>, records: &[UsageRecord], explain: bool) -> Result<LateResult> {
    if records.len() > MAX_RECORDS_PER_BATCH {
        return Err(Error::LimitExceeded { field: "records".into(), value: records.len().to_string(), max: MAX_RECORDS_PER_BATCH.to_string() });
    }
    let quiet = RaterOptions { keep_records: false, explain: false };
    // The probe classifies every late record by the engine's rules (its ids claim only
    // within the batch); the records it rates that the state does not hold are aggregated.
    let mut probe = super::Rater::new(tariff, quiet).within("tariff")?;
    let compiled = tariff.compile().within("tariff")?;
    let digest = tariff_digest(tariff)?;
    let (mut entries, old_ids) = match invoiced {
        Some(s) => read_state(s, &digest, &compiled)?,
        None => (Vec::new(), Vec::new()),
    };
    let claimed = |id: &str| old_ids.binary_search_by(|r| r.id.as_str().cmp(id)).ok().and_then(|i| old_ids.get(i)).map(|r| r.content.as_str());

    let mut by_reason = [0u64; RejectReason::ALL.len()];
    let mut rejections = Vec::new();
    let mut new_ids: Vec<RatedId> = Vec::new();
    let (mut charged, mut free) = (0u64, 0u64);
    for (index, r) in records.iter().enumerate() {
        let status = probe.push(r)?;
        let nano = || quantity_nano(r.quantity.get().mantissa(), r.quantity.get().scale()).unwrap_or(0);
        let status = match (status, claimed(&r.id)) {
            (Status::Charged | Status::Free | Status::Rejected(RejectReason::DuplicateId | RejectReason::ConflictingDuplicate), Some(content)) => {
                Status::Rejected(if content_digest(r, nano()) == content { RejectReason::DuplicateId } else { RejectReason::ConflictingDuplicate })
            }
            (s @ (Status::Charged | Status::Free), None) => {
                let slot = compiled
                    .product_ids
                    .get(r.product.as_str())
                    .zip(compiled.scenario_ids.get(r.scenario.as_str()))
                    .and_then(|(&p, &sc)| compiled.pair(p, sc))
                    .and_then(|pair| compiled.slot_at(pair, r.time.date().days()))
                    .ok_or_else(|| Error::Internal { field: format!("records[{index}]"), value: format!("rated record {} has no slot", r.id) })?;
                entries.push((r.customer.clone(), slot, nano(), 1, true));
                new_ids.push(RatedId { id: r.id.clone(), content: content_digest(r, nano()) });
                s
            }
            (s, _) => s,
        };
        match status {
            Status::Charged => charged += 1,
            Status::Free => free += 1,
            Status::Rejected(reason) => {
                if let Some(n) = by_reason.get_mut(reason.index()) {
                    *n += 1;
                }
                if rejections.len() < MAX_LISTED_REJECTIONS {
                    rejections.push(Rejection { index: index as u64, id: r.id.clone(), reason, value: reason_value(r, reason) });
                }
            }
        }
    }

    // Group by customer, then slot: the state's aggregate (at most one, checked) before the
    // late records' quantities.
    entries.sort_by(|a, b| (&a.0, a.1, a.4).cmp(&(&b.0, b.1, b.4)));
    let previous_revision = invoiced.map(|s| s.revision);
    let any_late = entries.iter().any(|e| e.4);
    let revision = match previous_revision {
        None => 0,
        Some(r) if !any_late => r,
        Some(r) => r.checked_add(1).ok_or_else(|| Error::overflow("invoiced.revision", r))?,
    };
    let mut ctx = Ctx::new(tariff, &compiled, false);
    let mut adjustments = Vec::new();
    let mut aggregates = Vec::with_capacity(entries.len());
    let (mut explained_invoices, mut explained_lines) = (0usize, 0usize);
    let mut sums = [Decimal::ZERO; 4];
    let mut delta_lines = 0u64;
    let r = &tariff.rounding;
    let mut i = 0;
    while i < entries.len() {
        let n = entries[i..].iter().take_while(|e| e.0 == entries[i].0).count();
        let group = &entries[i..i + n];
        i += n;
        let customer = &group[0].0;
        let (mut old, mut merged, mut changed): (Aggs, Aggs, Vec<u32>) = (Vec::new(), Vec::new(), Vec::new());
        for e in group {
            if !e.4 {
                if old.last().is_some_and(|o| o.0 == e.1) {
                    return Err(Error::DuplicateId { field: "invoiced.aggregates.slot".into(), value: format!("{customer}/{}", e.1) });
                }
                old.push((e.1, e.2, e.3));
            }
            match merged.last_mut() {
                Some(m) if m.0 == e.1 => {
                    m.1 = m.1.checked_add(e.2).ok_or_else(|| Error::overflow("records.quantity", "an aggregate quantity beyond 1.7e29 units"))?;
                    m.2 = m.2.saturating_add(e.3);
                }
                _ => merged.push((e.1, e.2, e.3)),
            }
            if e.4 && changed.last() != Some(&e.1) {
                changed.push(e.1);
            }
        }
        for &(slot, nano, records) in &merged {
            aggregates.push(PartialAggregate { customer: customer.clone(), slot, nano: nano.to_string(), records });
        }
        if changed.is_empty() {
            continue;
        }
        ctx.explain = false;
        let previous = if old.is_empty() { None } else { Some(price(&ctx, customer, &old)?) };
        ctx.explain = explain && explained_invoices < MAX_EXPLAINED_INVOICES && explained_lines + merged.len() <= MAX_EXPLAINED_LINES;
        if ctx.explain {
            explained_invoices += 1;
            explained_lines += merged.len();
        }
        let (invoice, new_slots) = price(&ctx, customer, &merged)?;
        let mut lines = Vec::new();
        for (pos, slot) in new_slots.iter().enumerate() {
            if !changed.contains(slot) {
                continue;
            }
            if let Some((prev, old_slots)) = &previous {
                if let Some((at, l)) = old_slots.iter().position(|s| s == slot).and_then(|at| prev.lines.get(at).map(|l| (at, l))) {
                    lines.push(delta(DeltaKind::Reversal, at, l));
                }
            }
            if let Some(l) = invoice.lines.get(pos) {
                lines.push(delta(DeltaKind::New, pos, l));
            }
        }
        let before = previous.as_ref().map(|(p, _)| InvoiceAmounts::of(p));
        let b = before.as_ref().map_or([Decimal::ZERO; 4], |b| [b.lines_total.get(), b.subtotal.get(), b.vat.get(), b.total.get()]);
        let a = [invoice.lines_total.get(), invoice.subtotal.get(), invoice.vat.get(), invoice.total.get()];
        let mut ch = [Decimal::ZERO; 4];
        for (((c, s), new), old) in ch.iter_mut().zip(sums.iter_mut()).zip(a).zip(b) {
            *c = money::sub(new, old, "adjustments.change")?;
            *s = money::add(*s, *c, "totals.change")?;
        }
        delta_lines += lines.len() as u64;
        adjustments.push(InvoiceAdjustment {
            customer: customer.clone(),
            replaces_revision: previous.as_ref().and(previous_revision),
            lines,
            previous: before,
            change: InvoiceAmounts::from(ch, r),
            invoice,
        });
    }
    let amounts = InvoiceAmounts::from(sums, r);

    // The state to keep: every aggregate (above) and every id, old and new, by id.
    let mut ids: Vec<RatedId> = old_ids.into_iter().cloned().collect();
    ids.extend(new_ids);
    ids.sort_by(|a, b| a.id.cmp(&b.id));
    for (field, n) in [("invoiced.ids", ids.len()), ("invoiced.aggregates", aggregates.len())] {
        if n > MAX_INVOICED_IDS {
            return Err(Error::LimitExceeded { field: field.into(), value: n.to_string(), max: MAX_INVOICED_IDS.to_string() });
        }
    }

    let rejected: u64 = by_reason.iter().sum();
    let rejections_by_reason: BTreeMap<String, u64> = RejectReason::ALL.iter().zip(&by_reason).map(|(r, &n)| (r.code().to_string(), n)).collect();
    let mut e = Explanation::new(
        "rating.late",
        "Late records 迟到记录: delta lines 调整行",
        "per changed line: reversal = −(line as invoiced), new = line repriced on the merged aggregate; ΔVAT = VAT(new invoice) − VAT(invoice adjusted)",
    )
    .input("billing period", format!("[{}, {})", tariff.period.start, tariff.period.end))
    .input("revision adjusted", previous_revision.map_or_else(|| "none (on-time invoicing)".to_string(), |r| r.to_string()))
    .input("late records in", records.len())
    .input("rated (charged + free)", format!("{} ({charged} + {free})", charged + free))
    .input("rejected", rejected)
    .input("invoices adjusted", adjustments.len())
    .result(amounts.total)
    .rounding(format!("{} per line (each line rounded once, a reversal negates the amount invoiced) and once per invoice for VAT", r.describe()))
    .note("lines not changed by the late records are not touched");
    for (code, n) in rejections_by_reason.iter().filter(|(_, &n)| n > 0) {
        e = e.note(format!("rejected {code}: {n}"));
    }
    let listed = rejections.len() as u64;
    Ok(LateResult {
        period: tariff.period,
        revision,
        counts: RatingCounts {
            records_in: records.len() as u64,
            rated: charged + free,
            charged,
            free,
            rejected,
            rejections_by_reason,
            rejected_records: rejections,
            rejected_records_omitted: rejected - listed,
        },
        totals: LateTotals { adjustments: adjustments.len() as u64, delta_lines, change: amounts },
        adjustments,
        state: InvoicedState { format: InvoicedState::FORMAT, tariff: digest, revision, aggregates, ids },
        explanation: e,
    })
}
