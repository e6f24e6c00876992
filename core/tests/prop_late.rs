//! Property tests of late records (迟到记录, `rating.late`): records split into an on-time
//! batch and late batches, each late batch rated against the state the previous one left,
//! add up — invoice as issued plus every delta line — to the invoices of rating all the
//! records at once, per customer and line, to the cent; no id is charged twice; a batch
//! applied twice changes nothing the second time.

use std::collections::BTreeMap;

use datafee::rating::{rate, rate_late, Date, DeltaKind, InvoicedState, LateResult, RaterOptions, RatingResult, Tariff, UsageRecord};
use proptest::prelude::*;
use rust_decimal::Decimal;

mod common;

use common::{tariff, Pools};

/// Quantities drawn for late batches (the shared pool without 2.5 and the out-of-range one).
const QUANTITIES: &[&str] = &["1", "2", "3", "7", "10", "0.5", "1.5", "0", "-1", "150", "999", "1000", "1001", "0.25", "33", "3.000"];

fn record() -> impl Strategy<Value = UsageRecord> {
    common::record(Pools { ids: 30, empty_id: false, days: (-1, 32), times: false, quantities: QUANTITIES })
}

/// Records and the cut points splitting them, in order, into an on-time batch and late batches.
fn split() -> impl Strategy<Value = (Vec<UsageRecord>, Vec<usize>)> {
    proptest::collection::vec(record(), 0..80).prop_flat_map(|rs| {
        let n = rs.len();
        (Just(rs), proptest::collection::vec(0..=n, 0..4))
    })
}

fn batches(records: &[UsageRecord], cuts: &[usize]) -> Vec<Vec<UsageRecord>> {
    let mut cuts: Vec<usize> = cuts.to_vec();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for c in cuts.into_iter().chain([records.len()]) {
        out.push(records[at..c].to_vec());
        at = c;
    }
    out
}

/// Run the batches in order, each against the state the previous one left.
fn run(t: &Tariff, batches: &[Vec<UsageRecord>]) -> Vec<LateResult> {
    let mut state: Option<InvoicedState> = None;
    let mut out = Vec::new();
    for b in batches {
        let r = rate_late(t, state.as_ref(), b, false).unwrap();
        state = Some(r.state.clone());
        out.push(r);
    }
    out
}

type Key = (String, String, String, Option<Date>);

/// Per (customer, product, scenario, effective): Σ amounts and Σ records of a one-shot rating.
fn one_shot_lines(r: &RatingResult) -> BTreeMap<Key, (Decimal, i64)> {
    let mut m = BTreeMap::new();
    for inv in &r.invoices {
        for l in &inv.lines {
            m.insert((inv.customer.clone(), l.product.clone(), l.scenario.clone(), l.effective), (l.amount.get(), l.records as i64));
        }
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Invoice as issued + Σ delta lines = one rating of all records, per line and per
    /// invoice, to the cent; counts add up; every rated id is in the state once.
    #[test]
    fn deltas_add_up_to_one_rating((records, cuts) in split()) {
        let t = tariff();
        let once = rate(&t, &records, RaterOptions { keep_records: false, explain: false }).unwrap();
        let results = run(&t, &batches(&records, &cuts));

        let mut lines: BTreeMap<Key, (Decimal, i64)> = BTreeMap::new();
        let mut totals: BTreeMap<String, [Decimal; 3]> = BTreeMap::new();
        let (mut rated, mut rejected) = (0u64, 0u64);
        let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
        for r in &results {
            rated += r.counts.rated;
            rejected += r.counts.rejected;
            for (k, n) in &r.counts.rejections_by_reason {
                *reasons.entry(k.clone()).or_default() += n;
            }
            let mut sum = [Decimal::ZERO; 3];
            for a in &r.adjustments {
                let delta: Decimal = a.lines.iter().map(|l| l.amount.get()).sum();
                prop_assert_eq!(delta, a.change.lines_total.get(), "Σ delta lines = change of lines total ({})", &a.customer);
                if let Some(p) = &a.previous {
                    prop_assert_eq!(p.total.get() + a.change.total.get(), a.invoice.total.get());
                    prop_assert_eq!(p.vat.get() + a.change.vat.get(), a.invoice.vat.get());
                } else {
                    prop_assert!(a.lines.iter().all(|l| l.kind == DeltaKind::New));
                }
                for l in &a.lines {
                    let e = lines.entry((a.customer.clone(), l.product.clone(), l.scenario.clone(), l.effective)).or_default();
                    e.0 += l.amount.get();
                    e.1 += l.records;
                }
                let e = totals.entry(a.customer.clone()).or_default();
                e[0] += a.change.lines_total.get();
                e[1] += a.change.vat.get();
                e[2] += a.change.total.get();
                sum[0] += a.change.lines_total.get();
                sum[1] += a.change.vat.get();
                sum[2] += a.change.total.get();
            }
            prop_assert_eq!(sum[2], r.totals.change.total.get());
        }
        prop_assert_eq!(lines, one_shot_lines(&once));
        let once_totals: BTreeMap<String, [Decimal; 3]> =
            once.invoices.iter().map(|i| (i.customer.clone(), [i.lines_total.get(), i.vat.get(), i.total.get()])).collect();
        prop_assert_eq!(totals, once_totals);
        prop_assert_eq!((rated, rejected), (once.counts.rated, once.counts.rejected));
        let once_reasons: BTreeMap<String, u64> = once.counts.rejections_by_reason.clone();
        prop_assert_eq!(reasons, once_reasons);
        // No id charged twice: the final state holds each rated id once.
        if let Some(last) = results.last() {
            let ids: std::collections::BTreeSet<&str> = last.state.ids.iter().map(|i| i.id.as_str()).collect();
            prop_assert_eq!(ids.len(), last.state.ids.len());
            prop_assert_eq!(ids.len() as u64, once.counts.rated);
        }
    }

    /// The last invoices of each customer are the one-shot invoices, line for line.
    #[test]
    fn last_invoice_is_the_one_shot_invoice((records, cuts) in split()) {
        let t = tariff();
        let once = rate(&t, &records, RaterOptions { keep_records: false, explain: false }).unwrap();
        let mut last = BTreeMap::new();
        for r in run(&t, &batches(&records, &cuts)) {
            for a in r.adjustments {
                last.insert(a.customer.clone(), a.invoice);
            }
        }
        let last: Vec<_> = last.into_values().collect();
        prop_assert_eq!(last, once.invoices);
    }

    /// A late batch applied twice: the second time every record it rated is refused as
    /// `duplicate_id`, nothing is adjusted, and the state is unchanged.
    #[test]
    fn replayed_batch_changes_nothing((records, cuts) in split()) {
        let t = tariff();
        let results = run(&t, &batches(&records, &cuts));
        let last = results.last().unwrap();
        let late = batches(&records, &cuts).pop().unwrap();
        let again = rate_late(&t, Some(&last.state), &late, false).unwrap();
        prop_assert_eq!(again.counts.rated, 0);
        prop_assert!(again.adjustments.is_empty());
        prop_assert_eq!(again.totals.change.total.get(), Decimal::ZERO);
        prop_assert_eq!(&again.state, &last.state);
        prop_assert_eq!(again.counts.rejections_by_reason["duplicate_id"], last.counts.rejections_by_reason["duplicate_id"] + last.counts.rated);
    }
}

/// A late record of other content under an invoiced id is `conflicting_duplicate`; the
/// identical one `duplicate_id`; neither changes the invoice.
#[test]
fn conflicting_and_identical_replays() {
    let t = tariff();
    let rec = |id: &str, q: &str| UsageRecord {
        id: id.into(),
        customer: "a".into(),
        product: "api".into(),
        scenario: "sec".into(),
        quantity: q.parse().unwrap(),
        time: "2025-01-05".parse().unwrap(),
    };
    let first = rate_late(&t, None, &[rec("x", "10")], false).unwrap();
    let late = rate_late(&t, Some(&first.state), &[rec("x", "11"), rec("x", "10"), rec("y", "5")], false).unwrap();
    assert_eq!((late.counts.rejections_by_reason["conflicting_duplicate"], late.counts.rejections_by_reason["duplicate_id"], late.counts.rated), (1, 1, 1));
    // 15 calls × 0.30 = 4.50 replaces 10 × 0.30 = 3.00.
    let amounts: Vec<String> = late.adjustments[0].lines.iter().map(|l| l.amount.to_string()).collect();
    assert_eq!(amounts, ["-3.00", "4.50"]);
    assert_eq!(late.adjustments[0].replaces_revision, Some(0));
    assert_eq!(late.revision, 1);
}

/// A state is refused whole when it does not match: another tariff, a repeated id, counts
/// that do not add up.
#[test]
fn bad_states_are_refused_with_their_field() {
    let t = tariff();
    let rec = UsageRecord {
        id: "x".into(),
        customer: "a".into(),
        product: "api".into(),
        scenario: "sec".into(),
        quantity: "10".parse().unwrap(),
        time: "2025-01-05".parse().unwrap(),
    };
    let s = rate_late(&t, None, std::slice::from_ref(&rec), false).unwrap().state;
    let mut other = t.clone();
    other.vat_rate = "0.09".parse().unwrap();
    let e = rate_late(&other, Some(&s), &[], false).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "invoiced.tariff"));
    let mut twice = s.clone();
    twice.ids.push(twice.ids[0].clone());
    let e = rate_late(&t, Some(&twice), &[], false).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", "invoiced.ids[1].id"));
    let mut short = s.clone();
    short.ids.clear();
    let e = rate_late(&t, Some(&short), &[], false).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "invoiced.ids"));
    let mut bad = s.clone();
    bad.aggregates[0].nano = "-5".into();
    let e = rate_late(&t, Some(&bad), &[], false).unwrap_err();
    assert_eq!(e.field(), "invoiced.aggregates[0].nano");
    let mut slot = s;
    slot.aggregates[0].slot = 999;
    let e = rate_late(&t, Some(&slot), &[], false).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "invoiced.aggregates[0].slot"));
}
