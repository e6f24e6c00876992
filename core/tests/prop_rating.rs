//! Property tests of rating (计费): the invariants of DOMAIN.md "Billing", and the engine
//! against an independent, naive reference (classify each record, sum quantities per line
//! in decimals, price each sum with `Schedule::charge`).

use std::collections::{BTreeMap, HashMap};

use datafee::lifecycle::{ApprovalScope, Lifecycle};
use datafee::money::{RoundMode, Rounding};
use datafee::rating::{
    id_partition, quantity_nano, rate, Date, Invoice, KeyedRecord, PartialState, Rater, RaterOptions, RatingResult, RawRecord, RejectReason, Status, Tariff,
    TimeKey, UsageRecord,
};
use datafee::Quantity;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

mod common;

use common::{tariff, Pools, QUANTITIES};

const IDS: usize = 40;

fn record() -> impl Strategy<Value = UsageRecord> {
    common::record(Pools { ids: IDS, empty_id: true, days: (-2, 34), times: true, quantities: QUANTITIES })
}

fn records() -> impl Strategy<Value = Vec<UsageRecord>> {
    proptest::collection::vec(record(), 0..120)
}

/// One expected invoice line: (customer, product, scenario, effective) → (records, Σ q).
type Lines = BTreeMap<(String, String, String, Option<Date>), (u64, Decimal)>;

/// The reference: classify each record by the documented rules, sum per line in decimals.
fn reference(t: &Tariff, records: &[UsageRecord]) -> (Lines, BTreeMap<&'static str, u64>) {
    let mut lines = Lines::new();
    let mut reasons: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut claimed: HashMap<String, (String, String, String, Decimal, String)> = HashMap::new();
    let content = |r: &UsageRecord| (r.customer.clone(), r.product.clone(), r.scenario.clone(), r.quantity.get().normalize(), r.time.to_string());
    for r in records {
        let reason = (|| {
            if r.id.is_empty() {
                return Err("missing_id");
            }
            if r.customer.is_empty() {
                return Err("missing_customer");
            }
            let product = t.catalog.product(&r.product).ok_or("unknown_product")?;
            let scenario = t.catalog.scenario(&r.scenario).ok_or("unknown_scenario")?;
            if !product.scenarios.contains(&r.scenario) {
                return Err("not_offered");
            }
            let q = r.quantity.get();
            if q <= Decimal::ZERO {
                return Err("non_positive_quantity");
            }
            if q > Decimal::from(1_000_000_000_000_000i64) {
                return Err("quantity_too_large");
            }
            if !(q % product.step.get()).is_zero() {
                return Err("not_multiple_of_step");
            }
            let day = r.time.date();
            if day < t.period.start || day >= t.period.end {
                return Err("outside_period");
            }
            if let Some(lc) = &t.lifecycle {
                gate_reference(lc, product, &r.customer, &r.scenario, scenario.category.is_chargeable(), day)?;
            }
            let effective = if scenario.category.is_chargeable() {
                let fee = t.fees.iter().filter(|f| f.product == r.product && f.scenario == r.scenario && f.effective <= day).max_by_key(|f| f.effective);
                Some(fee.ok_or("no_fee_in_force")?.effective)
            } else {
                None
            };
            if let Some(c) = claimed.get(&r.id) {
                return Err(if *c == content(r) { "duplicate_id" } else { "conflicting_duplicate" });
            }
            Ok(effective)
        })();
        match reason {
            Ok(effective) => {
                claimed.insert(r.id.clone(), content(r));
                let e = lines.entry((r.customer.clone(), r.product.clone(), r.scenario.clone(), effective)).or_default();
                e.0 += 1;
                e.1 += r.quantity.get();
            }
            Err(code) => *reasons.entry(code).or_default() += 1,
        }
    }
    (lines, reasons)
}

/// The lifecycle checks, written from DOMAIN.md "Lifecycle" (the test tariff's authorization
/// always names its termination day, so the term's end needs no year arithmetic).
fn gate_reference(lc: &Lifecycle, p: &datafee::catalog::Product, customer: &str, scenario: &str, chargeable: bool, day: Date) -> Result<(), &'static str> {
    if let Some(a) = &lc.authorization {
        if day < a.start || a.terminated.is_some_and(|t| day >= t) {
            return Err("outside_authorization");
        }
        if a.suspensions.iter().any(|s| s.start <= day && day < s.end) {
            return Err("suspended");
        }
    }
    if lc.registration_required {
        if p.registration_number.is_none() || p.approved_on.is_none_or(|d| day < d) {
            return Err("product_not_registered");
        }
        if p.withdrawn_on.is_some_and(|d| day >= d) {
            return Err("product_withdrawn");
        }
    }
    if let Some(list) = &lc.approvals {
        let needed = lc.approvals_cover == ApprovalScope::AllUses || !chargeable;
        if needed && !list.iter().any(|a| a.customer == customer && a.product == p.id && a.scenario == scenario && a.start <= day && day < a.end) {
            return Err("scenario_not_approved");
        }
    }
    Ok(())
}

/// The test tariff with a lifecycle: an authorization from 2025-01-03 terminated on
/// 2025-01-30 with 10-12 January suspended; `api` registered, `gb` approved on the 5th and
/// withdrawn on the 25th, `pkg` unregistered, `sub` approved in 2024; approvals for `a`
/// and `b` (not `c`) on some pairs.
fn tariff_with_lifecycle(registration_required: bool, cover: &str) -> Tariff {
    let mut t = tariff();
    for (p, reg) in t.catalog.products.iter_mut().zip([
        Some(("R1", "2024-06-01", None)),
        Some(("R2", "2025-01-05", Some("2025-01-25"))),
        None,
        Some(("R4", "2024-01-01", None)),
    ]) {
        if let Some((n, a, w)) = reg {
            p.registration_number = Some(n.into());
            p.approved_on = Some(a.parse().unwrap());
            p.withdrawn_on = w.map(|w| w.parse().unwrap());
        }
    }
    let approvals: Vec<serde_json::Value> = [
        ("a", "api", "ind", "2025-01-01", "2025-02-01"),
        ("a", "api", "gov", "2025-01-01", "2025-01-20"),
        ("a", "gb", "ind", "2025-01-01", "2025-02-01"),
        ("a", "pkg", "sec", "2025-01-01", "2025-02-01"),
        ("b", "api", "wel", "2025-01-15", "2025-02-01"),
        ("b", "api", "sec", "2025-01-01", "2025-02-01"),
        ("b", "sub", "ind", "2025-01-01", "2025-02-01"),
        ("b", "gb", "gov", "2025-01-01", "2025-02-01"),
        ("c", "api", "ind", "2025-01-01", "2025-01-16"),
    ]
    .iter()
    .map(|(c, p, s, a, b)| json!({"customer": c, "product": p, "scenario": s, "start": a, "end": b}))
    .collect();
    t.lifecycle = Some(
        datafee::doc::from_value(json!({
            "registration_required": registration_required,
            "approvals_cover": cover,
            "authorization": {"operator": "op", "start": "2025-01-03", "term_years": 2, "terminated": "2025-01-30",
                              "suspensions": [{"start": "2025-01-10", "end": "2025-01-13"}]},
            "approvals": approvals
        }))
        .unwrap(),
    );
    t
}

/// The amount of an expected line: half-up to 0.01, or floor when that exceeds cap × billed.
fn reference_amount(t: &Tariff, key: &(String, String, String, Option<Date>), q: Decimal) -> (Decimal, Decimal) {
    let Some(eff) = key.3 else { return (Decimal::ZERO, Decimal::ZERO) };
    let fee = t.fees.iter().find(|f| f.product == key.1 && f.scenario == key.2 && f.effective == eff).unwrap();
    let charge = fee.schedule.charge(Quantity::new(q)).unwrap().get();
    let limit = fee.cap.get() * fee.schedule.billed_quantity(Quantity::new(q)).unwrap().get();
    let up = charge.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let amount = if up > limit { charge.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToNegativeInfinity) } else { up };
    (charge, amount)
}

fn check_invariants(t: &Tariff, out: &RatingResult) {
    assert_eq!(out.counts.records_in, out.counts.rated + out.counts.rejected);
    assert_eq!(out.counts.rated, out.counts.charged + out.counts.free);
    assert_eq!(out.counts.rejections_by_reason.values().sum::<u64>(), out.counts.rejected);
    assert_eq!(out.counts.rejected_records.len() as u64 + out.counts.rejected_records_omitted, out.counts.rejected);
    let (mut sub, mut vat, mut total, mut lines) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, 0u64);
    let mut records = 0;
    for inv in &out.invoices {
        let sum: Decimal = inv.lines.iter().map(|l| l.amount.get()).sum();
        assert_eq!(sum, inv.lines_total.get(), "Σ lines = lines_total ({})", inv.customer);
        assert_eq!(inv.subtotal.get() + inv.vat.get(), inv.total.get());
        assert_eq!(inv.lines_total.get(), if t.prices_include_vat { inv.total.get() } else { inv.subtotal.get() });
        let precise: Decimal = inv.lines.iter().map(|l| l.charge.get()).sum();
        let v = t.vat_rate.get();
        let exact = if t.prices_include_vat { precise * v / (Decimal::ONE + v) } else { precise * v };
        assert_eq!(inv.vat.get(), t.rounding.round(exact).unwrap(), "VAT once on the precise charges");
        for l in &inv.lines {
            records += l.records;
            assert!(l.records > 0 && l.quantity.get() > Decimal::ZERO);
            assert!(l.amount.get() >= Decimal::ZERO);
            if l.free {
                assert!(l.amount.is_zero() && l.charge.is_zero() && l.free_reason.is_some() && l.effective.is_none());
            } else {
                let limit = l.cap.unwrap().get() * l.billed_quantity.unwrap().get();
                assert!(l.amount.get() <= limit, "line {} above cap × q {}", l.amount, limit);
                assert!((l.amount.get() - l.charge.get()).abs() < t.rounding.unit, "rounded within one unit");
            }
        }
        sub += inv.subtotal.get();
        vat += inv.vat.get();
        total += inv.total.get();
        lines += inv.lines.len() as u64;
    }
    assert_eq!(records, out.counts.rated);
    assert_eq!((out.totals.subtotal.get(), out.totals.vat.get(), out.totals.total.get(), out.totals.lines), (sub, vat, total, lines));
    let revenue: Decimal = out.products.iter().map(|p| p.revenue.get()).sum();
    assert_eq!(revenue, out.totals.lines_total.get());
}

/// Rejections per reason, replays and conflicts counted together as `duplicate_id`.
fn fold_duplicates(r: &RatingResult) -> BTreeMap<String, u64> {
    let mut m = r.counts.rejections_by_reason.clone();
    let c = m.remove("conflicting_duplicate").unwrap_or(0);
    *m.entry("duplicate_id".into()).or_default() += c;
    m
}

fn cents(mode: RoundMode) -> Rounding {
    Rounding::new(Decimal::new(1, 2), mode).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn matches_the_reference_and_keeps_the_invariants(records in records()) {
        let t = tariff();
        let out = rate(&t, &records, RaterOptions::default()).unwrap();
        check_invariants(&t, &out);
        let (lines, reasons) = reference(&t, &records);
        for (code, n) in &out.counts.rejections_by_reason {
            prop_assert_eq!(*n, reasons.get(code.as_str()).copied().unwrap_or(0), "reason {}", code);
        }
        let got: Vec<_> = out.invoices.iter().flat_map(|inv: &Invoice| inv.lines.iter().map(move |l| {
            ((inv.customer.clone(), l.product.clone(), l.scenario.clone(), l.effective), (l.records, l.quantity.get(), l.charge.get(), l.amount.get()))
        })).collect();
        prop_assert_eq!(got.len(), lines.len());
        for (key, (n, q)) in &lines {
            let (charge, amount) = reference_amount(&t, key, *q);
            let found = got.iter().find(|g| &g.0 == key).map(|g| g.1);
            prop_assert_eq!(found, Some((*n, *q, charge, amount)), "line {:?}", key);
        }
    }

    #[test]
    fn the_lifecycle_gate_matches_the_reference_and_keeps_the_invariants(records in records(), reg in any::<bool>(), free_only in any::<bool>()) {
        let t = tariff_with_lifecycle(reg, if free_only { "free_uses" } else { "all_uses" });
        let out = rate(&t, &records, RaterOptions::default()).unwrap();
        check_invariants(&t, &out);
        let (lines, reasons) = reference(&t, &records);
        prop_assert_eq!(reasons.values().sum::<u64>(), out.counts.rejected);
        for (code, n) in &out.counts.rejections_by_reason {
            prop_assert_eq!(*n, reasons.get(code.as_str()).copied().unwrap_or(0), "reason {}", code);
        }
        let got: usize = out.invoices.iter().map(|i| i.lines.len()).sum();
        prop_assert_eq!(got, lines.len());
        for (key, (n, q)) in &lines {
            let inv = out.invoices.iter().find(|i| i.customer == key.0).expect("an invoice");
            let l = inv.lines.iter().find(|l| l.product == key.1 && l.scenario == key.2 && l.effective == key.3).expect("a line");
            prop_assert_eq!((l.records, l.quantity.get()), (*n, *q));
        }
    }

    #[test]
    fn free_uses_are_charged_zero_and_always_present(records in records()) {
        let t = tariff();
        let out = rate(&t, &records, RaterOptions::default()).unwrap();
        let (lines, _) = reference(&t, &records);
        for ((customer, product, scenario, eff), (n, q)) in lines.iter().filter(|(k, _)| k.3.is_none()) {
            let inv = out.invoices.iter().find(|i| &i.customer == customer).expect("an invoice for every customer with a free use");
            let l = inv.lines.iter().find(|l| l.free && &l.product == product && &l.scenario == scenario).expect("a free line");
            prop_assert_eq!((l.records, l.quantity.get(), l.amount.get()), (*n, *q, Decimal::ZERO));
            prop_assert!(eff.is_none());
        }
    }

    #[test]
    fn one_by_one_in_chunks_or_at_once_is_the_same(records in records(), cut in 0usize..120) {
        let t = tariff();
        let all = rate(&t, &records, RaterOptions::default()).unwrap();
        let mut one = Rater::new(&t, RaterOptions::default()).unwrap();
        for r in &records {
            one.push(r).unwrap();
        }
        prop_assert_eq!(&one.finish().unwrap(), &all);
        let cut = cut.min(records.len());
        let mut chunks = Rater::new(&t, RaterOptions::default()).unwrap();
        chunks.push_batch(&records[..cut]).unwrap();
        chunks.push_batch(&records[cut..]).unwrap();
        prop_assert_eq!(&chunks.finish().unwrap(), &all);
    }

    #[test]
    fn order_changes_no_invoice(records in records(), copies in proptest::collection::vec(0usize..120, 0..10), seed in any::<u64>()) {
        // Make ids unique, then add exact copies: duplicates then share their content, and
        // which copy is rated does not matter.
        let mut rs: Vec<UsageRecord> = records.into_iter().enumerate().map(|(i, mut r)| { if !r.id.is_empty() { r.id = format!("u{i}"); } r }).collect();
        let n = rs.len();
        for c in copies.into_iter().filter(|_| n > 0) {
            rs.push(rs[c % n].clone());
        }
        let t = tariff();
        let a = rate(&t, &rs, RaterOptions::default()).unwrap();
        let mut x = seed | 1;
        for i in (1..rs.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            rs.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let b = rate(&t, &rs, RaterOptions::default()).unwrap();
        prop_assert_eq!(&a.invoices, &b.invoices);
        prop_assert_eq!(&a.totals, &b.totals);
        prop_assert_eq!(&a.products, &b.products);
        prop_assert_eq!(&a.counts.rejections_by_reason, &b.counts.rejections_by_reason);
    }

    #[test]
    fn order_changes_no_count_even_with_conflicting_duplicates(records in records(), seed in any::<u64>()) {
        let t = tariff();
        let a = rate(&t, &records, RaterOptions::default()).unwrap();
        let mut rs = records;
        let mut x = seed | 1;
        for i in (1..rs.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            rs.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let b = rate(&t, &rs, RaterOptions::default()).unwrap();
        // Which of two valid records sharing an id is rated may change charged versus free,
        // and which copies are replays and which conflicts, never how many are rated or why
        // the others are rejected.
        prop_assert_eq!(a.counts.rated, b.counts.rated);
        prop_assert_eq!(fold_duplicates(&a), fold_duplicates(&b));
    }

    #[test]
    fn invariants_hold_under_every_rounding_and_vat_basis(records in records(), mode in 0usize..6, incl in any::<bool>(), vat in 0u32..20) {
        let mut t = tariff();
        t.rounding = cents([RoundMode::HalfUp, RoundMode::HalfEven, RoundMode::HalfDown, RoundMode::Floor, RoundMode::Ceil, RoundMode::Trunc][mode]);
        t.prices_include_vat = incl;
        t.vat_rate = datafee::Rate::new(Decimal::new(i64::from(vat), 2));
        let out = rate(&t, &records, RaterOptions::default()).unwrap();
        check_invariants(&t, &out);
    }

    #[test]
    fn the_raw_path_agrees_with_the_text_path(records in records(), lifecycle in any::<bool>()) {
        let t = if lifecycle { tariff_with_lifecycle(true, "all_uses") } else { tariff() };
        let opts = RaterOptions { keep_records: true, explain: false };
        let text = rate(&t, &records, opts).unwrap();
        // Raw ids are numbers: map "r7" to 7 and "" to a fresh number each (they are
        // rejected as missing_id in text; the raw path has no such reason, so leave them out).
        let kept: Vec<&UsageRecord> = records.iter().filter(|r| !r.id.is_empty() && !r.customer.is_empty()).collect();
        let text_kept: Vec<UsageRecord> = kept.iter().map(|r| (*r).clone()).collect();
        let text = if kept.len() == records.len() { text } else { rate(&t, &text_kept, opts).unwrap() };
        let mut rater = Rater::new(&t, opts).unwrap();
        let raw: Vec<RawRecord> = kept.iter().map(|r| RawRecord {
            id: r.id[1..].parse().unwrap(),
            quantity: i64::try_from(r.quantity.get() * Decimal::from(100)).unwrap_or(i64::MAX),
            customer: rater.intern_customer(&r.customer).unwrap(),
            product: rater.product_index(&r.product).unwrap_or(1000),
            scenario: rater.scenario_index(&r.scenario).unwrap_or(1000),
            day: r.time.date().days(),
        }).collect();
        rater.push_raw(&raw, 2).unwrap();
        let raw = rater.finish().unwrap();
        prop_assert_eq!(&text.invoices, &raw.invoices);
        // Raw records carry no content to compare: every repeated id is a duplicate_id.
        prop_assert_eq!(fold_duplicates(&text), fold_duplicates(&raw));
        let fold = |s: Status| if s == Status::Rejected(RejectReason::ConflictingDuplicate) { Status::Rejected(RejectReason::DuplicateId) } else { s };
        let st = |r: &RatingResult| r.records.as_ref().unwrap().iter().map(|o| (fold(o.status), o.effective)).collect::<Vec<_>>();
        prop_assert_eq!(st(&text), st(&raw));
    }
}

/// Rate text records through the columnar entry ([`Rater::push_keyed`]).
fn rate_keyed(t: &Tariff, records: &[UsageRecord], opts: RaterOptions) -> RatingResult {
    let mut rater = Rater::new(t, opts).unwrap();
    for (i, r) in records.iter().enumerate() {
        let customer = (!r.customer.is_empty()).then(|| rater.intern_customer(&r.customer).unwrap());
        let q = r.quantity.get();
        let k = KeyedRecord {
            id: &r.id,
            customer,
            product: rater.product_index(&r.product),
            scenario: rater.scenario_index(&r.scenario),
            quantity: quantity_nano(q.mantissa(), q.scale()),
            time: TimeKey::of(r.time),
        };
        let reason_value = |reason| match reason {
            RejectReason::MissingId => String::new(),
            RejectReason::MissingCustomer => r.customer.clone(),
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
            _ => r.id.clone(),
        };
        rater.push_keyed(i as u64, &k, reason_value);
    }
    rater.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The columnar entry rates exactly as the text entry: same invoices, counts, reasons,
    /// with and without a lifecycle (its gate applies to columnar records too).
    #[test]
    fn the_keyed_path_agrees_with_the_text_path(records in records(), keep in any::<bool>(), gate in 0..4usize) {
        let t = match gate {
            0 => tariff(),
            1 => tariff_with_lifecycle(true, "all_uses"),
            2 => tariff_with_lifecycle(false, "all_uses"),
            _ => tariff_with_lifecycle(true, "free_uses"),
        };
        let opts = RaterOptions { keep_records: keep, explain: true };
        let text = rate(&t, &records, opts).unwrap();
        let mut keyed = rate_keyed(&t, &records, opts);
        if keep {
            // Kept outcomes: the quantity of a rejected record is written 0 in the columnar
            // path (it may not be a number); everything else is the same.
            let (a, b) = (text.records.as_ref().unwrap(), keyed.records.as_ref().unwrap());
            prop_assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(b) {
                prop_assert_eq!((x.index, &x.id, x.status, x.effective), (y.index, &y.id, y.status, y.effective));
                if x.status.is_rated() {
                    prop_assert_eq!(x.quantity.get(), y.quantity.get());
                    prop_assert_eq!(&x.customer, &y.customer);
                    prop_assert_eq!(&x.time, &y.time);
                }
            }
            keyed.records = text.records.clone();
        }
        prop_assert_eq!(&keyed, &text);
    }
}

/// Rate `records` in `parts` partitions chosen by `part_of(id)`, each pushing its records with
/// their global positions, then merge the partial states in the order `order` (a left fold)
/// or as a balanced tree; then push `tail` into the merged rater, after the records (replays and
/// conflicts of ids taken over from other partitions must be told apart as one rater would).
#[allow(clippy::too_many_arguments)]
fn rate_partitioned(
    t: &Tariff,
    records: &[UsageRecord],
    opts: RaterOptions,
    parts: usize,
    part_of: impl Fn(&str) -> usize,
    order: &[usize],
    tree: bool,
    tail: &[UsageRecord],
) -> RatingResult {
    let mut raters: Vec<Option<Rater>> = (0..parts).map(|_| Some(Rater::new(t, opts).unwrap())).collect();
    for (i, r) in records.iter().enumerate() {
        raters[part_of(&r.id) % parts].as_mut().unwrap().push_at(i as u64, r).unwrap();
    }
    let mut states: Vec<Rater> = order.iter().filter_map(|&k| raters.get_mut(k % parts).and_then(Option::take)).collect();
    states.extend(raters.into_iter().flatten());
    if tree {
        while states.len() > 1 {
            let mut next = Vec::new();
            let mut it = states.into_iter();
            while let Some(mut a) = it.next() {
                if let Some(b) = it.next() {
                    a.merge(b).unwrap();
                }
                next.push(a);
            }
            states = next;
        }
    } else {
        let mut it = states.into_iter();
        let mut acc = it.next().unwrap();
        for s in it {
            acc.merge(s).unwrap();
        }
        states = vec![acc];
    }
    let mut acc = states.pop().unwrap();
    for (i, r) in tail.iter().enumerate() {
        acc.push_at((records.len() + i) as u64, r).unwrap();
    }
    acc.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Issue 12 item 3: partial states merge, in any order and grouping, into exactly the
    /// single-process result (every field: invoices, working papers, counts, listed
    /// rejections, kept outcomes), for any partitioning by id; and records pushed into the
    /// merged rater afterwards (identical replays of the records, which are `duplicate_id`
    /// whichever partition numbered their customers, and others) rate as one rater would.
    #[test]
    fn partitions_merged_in_any_order_equal_one_rater(
        records in records(),
        parts in 1usize..6,
        salt in any::<u64>(),
        order in proptest::collection::vec(0usize..6, 0..6),
        tree in any::<bool>(),
        keep in any::<bool>(),
        replays in proptest::collection::vec(0usize..120, 0..12),
        more in proptest::collection::vec(record(), 0..12),
    ) {
        let t = tariff();
        let opts = RaterOptions { keep_records: keep, explain: true };
        let tail: Vec<UsageRecord> = replays.iter().filter_map(|&i| records.get(i).cloned()).chain(more).collect();
        let all: Vec<UsageRecord> = records.iter().chain(&tail).cloned().collect();
        let one = rate(&t, &all, opts).unwrap();
        // An arbitrary function of the id (salted), and the library's own id hash.
        let salted = |id: &str| (id_partition(&format!("{salt}{id}"), 64)) as usize;
        let merged = rate_partitioned(&t, &records, opts, parts, salted, &order, tree, &tail);
        prop_assert_eq!(&merged, &one);
        let hashed = rate_partitioned(&t, &records, opts, parts, |id| id_partition(id, parts as u32) as usize, &order, !tree, &tail);
        prop_assert_eq!(&hashed, &one);
    }
}

/// Rate `records` in `parts` partitions by `part_of(id)`, export each partial state, send it
/// through JSON (as another process would receive it), then merge the states into a fresh
/// rater in the order `order` (a left fold) or as a balanced tree of merged states.
fn rate_exported(
    t: &Tariff,
    records: &[UsageRecord],
    opts: RaterOptions,
    parts: usize,
    part_of: impl Fn(&str) -> usize,
    order: &[usize],
    tree: bool,
) -> RatingResult {
    let mut raters: Vec<Rater> = (0..parts).map(|_| Rater::new(t, opts).unwrap()).collect();
    for (i, r) in records.iter().enumerate() {
        raters[part_of(&r.id) % parts].push_at(i as u64, r).unwrap();
    }
    let wire = |p: &PartialState| -> PartialState { serde_json::from_str(&serde_json::to_string(p).unwrap()).unwrap() };
    let mut states: Vec<Option<PartialState>> = raters.iter().map(|r| Some(wire(&r.partial().unwrap()))).collect();
    let mut ordered: Vec<PartialState> = order.iter().filter_map(|&k| states.get_mut(k % parts).and_then(Option::take)).collect();
    ordered.extend(states.into_iter().flatten());
    if tree {
        // Merge pairs into intermediate raters, export those again, until one is left.
        while ordered.len() > 1 {
            let mut next = Vec::new();
            for pair in ordered.chunks(2) {
                let mut m = Rater::new(t, opts).unwrap();
                for p in pair {
                    m.merge_partial(p).unwrap();
                }
                next.push(wire(&m.partial().unwrap()));
            }
            ordered = next;
        }
    }
    let mut acc = Rater::new(t, opts).unwrap();
    for p in &ordered {
        acc.merge_partial(p).unwrap();
    }
    acc.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Issue 12 item 4: partial states exported without their ids (through JSON), merged in
    /// any order and grouping, give exactly the single-process result (every field but the
    /// kept outcomes, which are not exported), for any partitioning by id.
    #[test]
    fn exported_partial_states_merge_into_one_rater(
        records in records(),
        parts in 1usize..6,
        salt in any::<u64>(),
        order in proptest::collection::vec(0usize..6, 0..6),
        tree in any::<bool>(),
        explain in any::<bool>(),
    ) {
        let t = tariff();
        let opts = RaterOptions { keep_records: false, explain };
        let one = rate(&t, &records, opts).unwrap();
        let salted = |id: &str| (id_partition(&format!("{salt}{id}"), 64)) as usize;
        prop_assert_eq!(&rate_exported(&t, &records, opts, parts, salted, &order, tree), &one);
        let hashed = rate_exported(&t, &records, opts, parts, |id| id_partition(id, parts as u32) as usize, &order, !tree);
        prop_assert_eq!(&hashed, &one);
    }
}

#[test]
fn merge_partial_refuses_bad_states_without_a_change() {
    let t = tariff();
    let r = |id: &str, q: &str| UsageRecord {
        id: id.into(),
        customer: "c".into(),
        product: "api".into(),
        scenario: "ind".into(),
        quantity: q.parse().unwrap(),
        time: "2025-01-05".parse().unwrap(),
    };
    let mut a = Rater::new(&t, RaterOptions::default()).unwrap();
    a.push(&r("x", "1")).unwrap();
    a.push(&r("y", "0")).unwrap();
    let good = a.partial().unwrap();
    assert_eq!((good.records_in, good.rejected.get("non_positive_quantity").copied(), good.aggregates.len()), (2, Some(1), 1));
    let mut into = Rater::new(&t, RaterOptions::default()).unwrap();
    let bad = |f: &dyn Fn(&mut PartialState)| {
        let mut p = good.clone();
        f(&mut p);
        p
    };
    let cases: Vec<(PartialState, &str)> = vec![
        (bad(&|p| p.format = 99), "partial.format"),
        (bad(&|p| p.tariff = "0".into()), "partial.tariff"),
        (bad(&|p| p.records_in = 3), "partial.records_in"),
        (bad(&|p| p.aggregates[0].slot = 9999), "partial.aggregates[0].slot"),
        (bad(&|p| p.aggregates[0].nano = "1.5".into()), "partial.aggregates[0].nano"),
        (bad(&|p| p.aggregates[0].nano = "-1".into()), "partial.aggregates[0].nano"),
        (bad(&|p| p.aggregates[0].customer = String::new()), "partial.aggregates[0].customer"),
        (
            bad(&|p| {
                p.rejected.insert("nope".into(), 0);
            }),
            "partial.rejected.nope",
        ),
    ];
    for (p, field) in cases {
        assert_eq!(into.merge_partial(&p).unwrap_err().field(), field);
    }
    let mut other = t.clone();
    other.vat_rate = datafee::Rate::new(Decimal::new(9, 2));
    assert_eq!(Rater::new(&other, RaterOptions::default()).unwrap().merge_partial(&good).unwrap_err().field(), "partial.tariff");
    let keep = Rater::new(&t, RaterOptions { keep_records: true, explain: true }).unwrap();
    assert_eq!(keep.partial().unwrap_err().field(), "partial.options");
    // Nothing was merged by the refusals.
    into.merge_partial(&good).unwrap();
    assert_eq!(into.finish().unwrap(), a.finish().unwrap());
}

#[test]
fn merge_refuses_an_id_rated_in_two_partitions_and_other_tariffs() {
    let t = tariff();
    let r = |id: &str, q: &str| UsageRecord {
        id: id.into(),
        customer: "c".into(),
        product: "api".into(),
        scenario: "ind".into(),
        quantity: q.parse().unwrap(),
        time: "2025-01-05".parse().unwrap(),
    };
    let mut a = Rater::new(&t, RaterOptions::default()).unwrap();
    a.push(&r("x", "1")).unwrap();
    a.push(&r("y", "1")).unwrap();
    let mut b = Rater::new(&t, RaterOptions::default()).unwrap();
    b.push(&r("x", "2")).unwrap();
    let e = a.merge(b).unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("duplicate_id", "merge.records.id", "x"));
    // Refused without a change: `a` still finishes alone.
    let mut c = Rater::new(&t, RaterOptions::default()).unwrap();
    c.push(&r("z", "1")).unwrap();
    let mut other = t.clone();
    other.vat_rate = datafee::Rate::new(Decimal::new(9, 2));
    let d = Rater::new(&other, RaterOptions::default()).unwrap();
    assert_eq!(a.merge(d).unwrap_err().field(), "merge.tariff");
    let k = Rater::new(&t, RaterOptions { keep_records: true, explain: true }).unwrap();
    assert_eq!(a.merge(k).unwrap_err().field(), "merge.options");
    a.merge(c).unwrap();
    let out = a.finish().unwrap();
    assert_eq!((out.counts.records_in, out.counts.rated, out.invoices[0].lines[0].quantity.to_string()), (3, 3, "3".to_string()));
}

/// A merged rater takes over the other rater's claimed ids with their fingerprints: an
/// identical replay of such an id pushed afterwards is a `duplicate_id` and a changed one a
/// `conflicting_duplicate`, whatever numbers the two raters gave their customers (here `b` is
/// customer 1 in the rater that rated `x` and customer 0 in the one it is merged into), through
/// the text entry and the columnar (keyed) entry alike.
#[test]
fn a_replay_after_a_merge_is_told_from_a_conflict_whatever_the_customer_numbers() {
    let t = tariff();
    let r = |id: &str, customer: &str, q: &str| UsageRecord {
        id: id.into(),
        customer: customer.into(),
        product: "api".into(),
        scenario: "ind".into(),
        quantity: q.parse().unwrap(),
        time: "2025-01-05T10:00:00".parse().unwrap(),
    };
    let keyed = |rater: &mut Rater, u: &UsageRecord| {
        let customer = Some(rater.intern_customer(&u.customer).unwrap());
        let q = u.quantity.get();
        let k = KeyedRecord {
            id: &u.id,
            customer,
            product: rater.product_index(&u.product),
            scenario: rater.scenario_index(&u.scenario),
            quantity: quantity_nano(q.mantissa(), q.scale()),
            time: TimeKey::of(u.time),
        };
        rater.push_keyed(99, &k, |_| String::new())
    };
    let merged = || {
        // `a` numbers a = 0, b = 1 and rates x for b; `m` numbers b = 0, a = 1.
        let mut a = Rater::new(&t, RaterOptions::default()).unwrap();
        a.push(&r("y", "a", "1")).unwrap();
        a.push(&r("x", "b", "2")).unwrap();
        let mut m = Rater::new(&t, RaterOptions::default()).unwrap();
        m.push(&r("z", "b", "1")).unwrap();
        m.push(&r("w", "a", "1")).unwrap();
        m.merge(a).unwrap();
        m
    };
    let same = r("x", "b", "2");
    let changed = [r("x", "a", "2"), r("x", "b", "3"), r("x", "c", "2")];
    for via_keyed in [false, true] {
        let push = |m: &mut Rater, u: &UsageRecord| if via_keyed { keyed(m, u) } else { m.push(u).unwrap() };
        let mut m = merged();
        assert_eq!(push(&mut m, &same), Status::Rejected(RejectReason::DuplicateId), "keyed: {via_keyed}");
        for c in &changed {
            assert_eq!(push(&mut m, c), Status::Rejected(RejectReason::ConflictingDuplicate), "keyed: {via_keyed}, {c:?}");
        }
        // The other way round: `a` merged into by `m`'s records keeps its own numbers.
        let mut a = Rater::new(&t, RaterOptions::default()).unwrap();
        a.push(&r("y", "a", "1")).unwrap();
        let mut m = Rater::new(&t, RaterOptions::default()).unwrap();
        m.push(&r("z", "b", "1")).unwrap();
        m.push(&r("x", "b", "2")).unwrap();
        a.merge(m).unwrap();
        assert_eq!(push(&mut a, &same), Status::Rejected(RejectReason::DuplicateId), "keyed: {via_keyed}");
        assert_eq!(push(&mut a, &changed[0]), Status::Rejected(RejectReason::ConflictingDuplicate), "keyed: {via_keyed}");
    }
}
