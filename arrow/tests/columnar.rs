//! The columnar path against the record path: golden vectors, encodings, bad input.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    Array, ArrayRef, Date32Array, Decimal128Array, DictionaryArray, Float64Array, Int64Array, LargeStringArray, RecordBatch, StringArray, StringViewArray,
    TimestampSecondArray,
};
use datafee::rating::{Date, RaterOptions, Tariff, UsageRecord};
use datafee_arrow::{rate_batches, ArrowOptions, ArrowRater};
use serde_json::Value;

fn tariff() -> Tariff {
    datafee::doc::from_json(
        r#"{
      "catalog": {"scenarios": [{"id": "fin", "name": "Finance", "category": "industry_development"},
                                {"id": "gov", "name": "Governance", "category": "public_governance"}],
                  "products": [{"id": "credit", "name": "Credit", "service_form": "api", "charging_form": "per_call", "scenarios": ["fin", "gov"]},
                               {"id": "geo", "name": "Geo", "service_form": "dataset", "charging_form": "per_volume", "step": "0.5", "scenarios": ["fin"]}]},
      "fees": [{"product": "credit", "scenario": "fin", "effective": "2025-01-01",
                "schedule": {"kind": "graduated", "tiers": [{"from": "0", "to": "100", "price": "0.50"}, {"from": "100", "price": "0.30"}]}, "cap": "0.50"},
               {"product": "geo", "scenario": "fin", "effective": "2025-01-10", "schedule": {"kind": "flat", "price": "0.335"}, "cap": "0.335"}],
      "period": {"start": "2025-01-01", "end": "2025-02-01"}, "vat_rate": "0.06"}"#,
    )
    .unwrap()
}

/// How the text columns are encoded.
#[derive(Clone, Copy, Debug)]
enum Enc {
    Utf8,
    Large,
    View,
    Dict,
}

fn text_col(values: &[&str], enc: Enc) -> ArrayRef {
    match enc {
        Enc::Utf8 => Arc::new(StringArray::from(values.to_vec())),
        Enc::Large => Arc::new(LargeStringArray::from(values.to_vec())),
        Enc::View => Arc::new(StringViewArray::from(values.to_vec())),
        Enc::Dict => Arc::new(values.iter().copied().collect::<DictionaryArray<Int32Type>>()),
    }
}

/// Records as a batch of text columns (quantity and time as written).
fn batch_of(records: &[UsageRecord], enc: Enc) -> RecordBatch {
    let col = |f: &dyn Fn(&UsageRecord) -> String| {
        let v: Vec<String> = records.iter().map(f).collect();
        let r: Vec<&str> = v.iter().map(String::as_str).collect();
        text_col(&r, enc)
    };
    RecordBatch::try_from_iter([
        ("id", col(&|r| r.id.clone())),
        ("customer", col(&|r| r.customer.clone())),
        ("product", col(&|r| r.product.clone())),
        ("scenario", col(&|r| r.scenario.clone())),
        ("quantity", col(&|r| r.quantity.to_string())),
        ("time", col(&|r| r.time.to_string())),
    ])
    .unwrap()
}

fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().try_for_each(|(k, ev)| {
            let av = a.get(k).ok_or_else(|| format!("{path}.{k}: missing"))?;
            subset(ev, av, &format!("{path}.{k}"))
        }),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            e.iter().zip(a).enumerate().try_for_each(|(i, (x, y))| subset(x, y, &format!("{path}[{i}]")))
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Issue 12: the golden rating vectors pass through the columnar path too, in every text
/// encoding, split into batches, with exactly the record path's result.
#[test]
fn golden_rating_vectors_through_the_columnar_path() {
    let mut ran = 0;
    // The lifecycle's vectors too: its gate (authorization term, suspensions, registration,
    // withdrawal, scenario approvals) rejects columnar records as it does text records.
    for (vectors, at_least) in [("rating.json", 10), ("lifecycle.json", 7)] {
        let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(vectors);
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let before = ran;
        for case in doc["cases"].as_array().unwrap() {
            let (Some(expected), Some("rating.rate")) = (case.get("expected"), case["op"].as_str()) else { continue };
            let input = &case["input"];
            let name = case["name"].as_str().unwrap_or("?");
            let tariff: Tariff = datafee::doc::from_value(input["tariff"].clone()).unwrap();
            let records: Vec<UsageRecord> = datafee::doc::from_value(input["records"].clone()).unwrap();
            let explain = input.get("explain").and_then(Value::as_bool).unwrap_or(true);
            let text = datafee::rating::rate(&tariff, &records, RaterOptions { keep_records: false, explain }).unwrap();
            for enc in [Enc::Utf8, Enc::Large, Enc::View, Enc::Dict] {
                for chunk in [records.len().max(1), 2] {
                    let batches: Vec<RecordBatch> = records.chunks(chunk).map(|c| batch_of(c, enc)).collect();
                    let out = rate_batches(&tariff, &batches, ArrowOptions { explain, outcomes: true }).unwrap();
                    assert_eq!(out.result, text, "{name} ({enc:?}, batches of {chunk})");
                    let mut got = serde_json::to_value(&out.result).unwrap();
                    if input.get("keep_records").and_then(Value::as_bool) == Some(true) {
                        // Per-record outcomes come as the `records` table instead.
                        got["records"] = datafee::api::call("rating.rate", input.clone()).unwrap()["records"].clone();
                    }
                    subset(expected, &got, "").unwrap_or_else(|m| panic!("{name} ({enc:?}): {m}"));
                    let rows: usize = out.invoices.num_rows();
                    assert_eq!(rows, text.invoices.len());
                    assert_eq!(out.lines.num_rows(), text.invoices.iter().map(|i| i.lines.len()).sum::<usize>());
                    assert_eq!(out.records.as_ref().map(|r| r.num_rows()), Some(records.len()));
                }
            }
            ran += 1;
        }
        assert!(ran - before >= at_least, "only {} {vectors} vectors ran", ran - before);
    }
}

fn good_batch() -> RecordBatch {
    let day = Date::from_ymd(2025, 1, 12).unwrap().days();
    RecordBatch::try_from_iter([
        ("id", Arc::new(StringArray::from(vec!["a", "b", "c", "d"])) as ArrayRef),
        ("customer", Arc::new(StringArray::from(vec!["x", "x", "y", "x"])) as ArrayRef),
        ("product", Arc::new(StringArray::from(vec!["credit", "geo", "credit", "credit"])) as ArrayRef),
        ("scenario", Arc::new(StringArray::from(vec!["fin", "fin", "gov", "fin"])) as ArrayRef),
        ("quantity", Arc::new(Decimal128Array::from(vec![800, 15, 30, 400]).with_precision_and_scale(12, 1).unwrap()) as ArrayRef),
        ("time", Arc::new(Date32Array::from(vec![day; 4])) as ArrayRef),
    ])
    .unwrap()
}

fn with(b: &RecordBatch, name: &str, a: ArrayRef) -> RecordBatch {
    let mut cols: Vec<(String, ArrayRef)> = b.schema().fields().iter().zip(b.columns()).map(|(f, c)| (f.name().clone(), c.clone())).collect();
    for c in &mut cols {
        if c.0 == name {
            c.1 = a.clone();
        }
    }
    RecordBatch::try_from_iter(cols).unwrap()
}

#[test]
fn decimal_and_typed_columns_price_exactly() {
    let out = rate_batches(&tariff(), [&good_batch()], ArrowOptions::default()).unwrap();
    // x: credit/fin 80 + 40 = 120 calls = 100 × 0.50 + 20 × 0.30 = 56.00; geo 1.5 GB × 0.335 = 0.5025 → 0.50;
    // y: credit/gov 3 calls free.
    let r = &out.result;
    assert_eq!((r.counts.records_in, r.counts.rated, r.counts.free), (4, 4, 1));
    let x = &r.invoices[0];
    assert_eq!((x.lines[0].amount.to_string(), x.lines[1].amount.to_string()), ("56.00".into(), "0.50".into()));
    let amounts = out.lines.column_by_name("amount").unwrap();
    assert_eq!(amounts.data_type(), &arrow_schema::DataType::Decimal128(38, 2));
    let a = amounts.as_any().downcast_ref::<Decimal128Array>().unwrap();
    assert_eq!(a.value(0), 5600);
    let charge = out.lines.column_by_name("charge").unwrap().as_any().downcast_ref::<Decimal128Array>().unwrap().clone();
    assert_eq!(charge.value_as_string(1), "0.5025");
    // Timestamps (no zone: local time) and integer quantities give the same result.
    let secs = i64::from(Date::from_ymd(2025, 1, 12).unwrap().days()) * 86_400 + 3600;
    let b = with(&good_batch(), "time", Arc::new(TimestampSecondArray::from(vec![secs; 4])));
    let out2 = rate_batches(&tariff(), [&b], ArrowOptions::default()).unwrap();
    assert_eq!(out2.result.invoices, r.invoices);
    // A fixed offset moves the day: 2025-01-12T01:00 at +08:00 is 2025-01-12T09:00 local.
    let b = with(&good_batch(), "time", Arc::new(TimestampSecondArray::from(vec![secs - 86_400 * 3; 4]).with_timezone("+08:00")));
    let out3 = rate_batches(&tariff(), [&b], ArrowOptions::default()).unwrap();
    // 2025-01-09: geo has no fee in force yet (from 2025-01-10).
    assert_eq!(out3.result.counts.rejections_by_reason["no_fee_in_force"], 1);
    let b = with(&good_batch(), "quantity", Arc::new(Int64Array::from(vec![80, 2, 3, 40])));
    let out4 = rate_batches(&tariff(), [&b], ArrowOptions::default()).unwrap();
    assert_eq!(out4.result.invoices[0].lines[0].amount.to_string(), "56.00");
    assert_eq!(out4.result.counts.rejections_by_reason["not_multiple_of_step"], 0);
}

#[test]
fn bad_input_is_a_typed_error_naming_column_and_row_and_leaves_the_rater_usable() {
    let t = tariff();
    let mut rater = ArrowRater::new(&t, ArrowOptions { explain: false, outcomes: true }).unwrap();
    rater.push_batch(&good_batch()).unwrap();
    let cases: Vec<(RecordBatch, &str, &str)> = vec![
        (with(&good_batch(), "quantity", Arc::new(Float64Array::from(vec![1.0, 2.0, 3.0, 4.0]))), "decimal_not_string", "records.quantity"),
        (with(&good_batch(), "id", Arc::new(Int64Array::from(vec![1, 2, 3, 4]))), "invalid", "records.id"),
        (with(&good_batch(), "customer", Arc::new(StringArray::from(vec![Some("x"), None, Some("y"), Some("x")]))), "missing", "records[5].customer"),
        (with(&good_batch(), "quantity", Arc::new(StringArray::from(vec!["1", "2", "1,5", "3"]))), "malformed_decimal", "records[6].quantity"),
        (with(&good_batch(), "time", Arc::new(StringArray::from(vec!["2025-01-05", "2025-13-01", "2025-01-05", "2025-01-05"]))), "invalid", "records[5].time"),
        (with(&good_batch(), "time", Arc::new(TimestampSecondArray::from(vec![0i64; 4]).with_timezone("Asia/Shanghai"))), "invalid", "records.time"),
        (RecordBatch::try_from_iter([("id", Arc::new(StringArray::from(vec!["a"])) as ArrayRef)]).unwrap(), "missing", "records.customer"),
    ];
    for (b, code, field) in cases {
        let e = rater.push_batch(&b).unwrap_err();
        assert_eq!((e.code(), e.field()), (code, field), "{e}");
    }
    // Mismatched lengths when the arrays come separately.
    let g = good_batch();
    let short: ArrayRef = Arc::new(StringArray::from(vec!["fin"]));
    let arrays: [&dyn Array; 6] =
        [g.column(0).as_ref(), g.column(1).as_ref(), g.column(2).as_ref(), short.as_ref(), g.column(4).as_ref(), g.column(5).as_ref()];
    let e = rater.push_arrays(arrays).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "records.scenario"));
    // Nothing of the refused batches was rated; the rater goes on.
    assert_eq!(rater.rows(), 4);
    let g2 = with(&good_batch(), "id", Arc::new(StringArray::from(vec!["e", "f", "g", "h"])));
    rater.push_batch(&g2).unwrap();
    let out = rater.finish().unwrap();
    assert_eq!((out.result.counts.records_in, out.result.counts.rated), (8, 8));
    assert_eq!(out.records.unwrap().num_rows(), 8);
}

#[test]
fn partitions_merge_through_the_columnar_path() {
    let t = tariff();
    let one = rate_batches(&t, [&good_batch()], ArrowOptions::default()).unwrap();
    let g = good_batch();
    // Rows 0, 2 in one partition, 1, 3 in the other, each with its global position.
    let (a, b) = (g.slice(0, 1), g.slice(1, 3));
    let mut p = ArrowRater::new(&t, ArrowOptions::default()).unwrap();
    p.push_batch_at(&a, &[0]).unwrap();
    let mut q = ArrowRater::new(&t, ArrowOptions::default()).unwrap();
    q.push_batch_at(&b, &[1, 2, 3]).unwrap();
    q.merge(p).unwrap();
    let merged = q.finish().unwrap();
    assert_eq!(merged.result, one.result);
}

/// A batch longer than the internal chunk is still refused whole, and rated as the record path.
#[test]
fn long_batches_are_atomic_and_agree_with_the_record_path() {
    let t = tariff();
    let n = 70_000;
    let ids: Vec<String> = (0..n).map(|i| format!("r{}", i % 69_000)).collect();
    let customers: Vec<String> = (0..n).map(|i| format!("c{}", i % 37)).collect();
    let mut quantities: Vec<String> = (0..n).map(|i| ((i % 5) + 1).to_string()).collect();
    let times: Vec<String> = (0..n).map(|i| format!("2025-01-{:02}", 1 + i % 31)).collect();
    let build = |q: &[String], dict: bool| {
        let s = |v: &[String]| -> ArrayRef {
            let r: Vec<&str> = v.iter().map(String::as_str).collect();
            text_col(&r, if dict { Enc::Dict } else { Enc::Utf8 })
        };
        let prods: Vec<String> = (0..n).map(|i| if i % 7 == 0 { "geo".to_string() } else { "credit".to_string() }).collect();
        let scen: Vec<String> = (0..n).map(|i| if i % 11 == 0 { "gov".to_string() } else { "fin".to_string() }).collect();
        RecordBatch::try_from_iter([
            ("id", s(&ids)),
            ("customer", s(&customers)),
            ("product", s(&prods)),
            ("scenario", s(&scen)),
            ("quantity", s(q)),
            ("time", s(&times)),
        ])
        .unwrap()
    };
    quantities[n - 1] = "1,0".into();
    let mut rater = ArrowRater::new(&t, ArrowOptions { explain: true, outcomes: false }).unwrap();
    let e = rater.push_batch(&build(&quantities, false)).unwrap_err();
    assert_eq!((e.code(), e.field()), ("malformed_decimal", "records[69999].quantity"));
    assert_eq!(rater.rows(), 0);
    quantities[n - 1] = "1".into();
    rater.push_batch(&build(&quantities, false)).unwrap();
    let got = rater.finish().unwrap();
    let records: Vec<UsageRecord> = (0..n)
        .map(|i| {
            datafee::doc::from_value(serde_json::json!({"id": ids[i], "customer": customers[i], "product": if i % 7 == 0 { "geo" } else { "credit" },
                "scenario": if i % 11 == 0 { "gov" } else { "fin" }, "quantity": quantities[i], "time": times[i]}))
            .unwrap()
        })
        .collect();
    let want = datafee::rating::rate(&t, &records, RaterOptions::default()).unwrap();
    same(&got.result, &want);
    assert!(want.counts.rejections_by_reason["duplicate_id"] + want.counts.rejections_by_reason["conflicting_duplicate"] > 0);
    let dict = rate_batches(&t, [&build(&quantities, true)], ArrowOptions { explain: true, outcomes: false }).unwrap();
    same(&dict.result, &want);
}

/// Equal results, or the first differing path (the results are too long to print whole).
fn same(got: &datafee::rating::RatingResult, want: &datafee::rating::RatingResult) {
    if got != want {
        let (g, w) = (serde_json::to_value(got).unwrap(), serde_json::to_value(want).unwrap());
        subset(&w, &g, "").unwrap();
        subset(&g, &w, "").unwrap();
        panic!("results differ outside their JSON form");
    }
}

/// A synthetic usage row for the partition tests: ids from a small pool (replays and
/// conflicting duplicates), unknown products, zero and off-step quantities, days outside
/// the period.
fn partition_rows(n: usize, seed: u64) -> Vec<[String; 6]> {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|_| {
            let r = next();
            let id = format!("r{}", r % (n as u64 * 3 / 4 + 1));
            let customer = format!("c{}", (r >> 10) % 7);
            let product = ["credit", "credit", "geo", "nope"][((r >> 20) % 4) as usize].to_string();
            let scenario = ["fin", "fin", "gov"][((r >> 24) % 3) as usize].to_string();
            let quantity = ["1", "2.5", "0", "3", "10"][((r >> 28) % 5) as usize].to_string();
            let time = format!("2025-{:02}-{:02}", 1 + (r >> 32) % 2 * ((r >> 33) % 2), 1 + (r >> 36) % 28);
            [id, customer, product, scenario, quantity, time]
        })
        .collect()
}

fn rows_batch(rows: &[&[String; 6]]) -> RecordBatch {
    let col = |k: usize| -> ArrayRef { Arc::new(StringArray::from(rows.iter().map(|r| r[k].as_str()).collect::<Vec<_>>())) };
    RecordBatch::try_from_iter(["id", "customer", "product", "scenario", "quantity", "time"].into_iter().enumerate().map(|(k, name)| (name, col(k)))).unwrap()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Issue 12 item 4 (Spark): partitions by id hash, each rated batch by batch with every
    /// rejected row returned, exported as JSON and merged in any order: the invoices, lines,
    /// counts and totals are those of one rater, and the rejected rows returned are exactly
    /// the rejected records of one rater, with their reasons.
    #[test]
    fn exported_partitions_equal_one_rater(n in 0usize..400, seed in proptest::prelude::any::<u64>(), parts in 1u32..5, size in 1usize..50, reverse in proptest::prelude::any::<bool>()) {
        let t = tariff();
        let rows = partition_rows(n, seed);
        let all: Vec<&[String; 6]> = rows.iter().collect();
        let one = rate_batches(&t, [&rows_batch(&all)], ArrowOptions { explain: false, outcomes: true }).unwrap();
        let mut states = Vec::new();
        let mut rejected = Vec::new();
        for p in 0..parts {
            let mine: Vec<usize> = (0..n).filter(|&i| datafee::rating::id_partition(&rows[i][0], parts) == p).collect();
            let mut rater = ArrowRater::new(&t, ArrowOptions::default()).unwrap();
            for chunk in mine.chunks(size) {
                let out = rater.push_batch_rejected(&rows_batch(&chunk.iter().map(|&i| &rows[i]).collect::<Vec<_>>())).unwrap();
                let row = out.column(0).as_any().downcast_ref::<arrow_array::UInt64Array>().unwrap();
                let reason = out.column(1).as_any().downcast_ref::<StringArray>().unwrap();
                for k in 0..out.num_rows() {
                    rejected.push((chunk[row.value(k) as usize] as u64, reason.value(k).to_string()));
                }
            }
            states.push(rater.partial_json().unwrap());
        }
        if reverse {
            states.reverse();
        }
        let mut merged = ArrowRater::new(&t, ArrowOptions::default()).unwrap();
        for s in &states {
            merged.merge_partial_json(s).unwrap();
        }
        let merged = merged.finish().unwrap();
        let (a, b) = (&merged.result, &one.result);
        proptest::prop_assert_eq!(&a.invoices, &b.invoices);
        proptest::prop_assert_eq!(&a.totals, &b.totals);
        proptest::prop_assert_eq!(&a.products, &b.products);
        proptest::prop_assert_eq!((a.counts.records_in, a.counts.rated, a.counts.rejected, &a.counts.rejections_by_reason), (b.counts.records_in, b.counts.rated, b.counts.rejected, &b.counts.rejections_by_reason));
        proptest::prop_assert_eq!(&merged.lines, &one.lines);
        proptest::prop_assert_eq!(&merged.invoices, &one.invoices);
        // Every rejected record, once, with the reason of one rater.
        rejected.sort();
        let records = one.records.unwrap();
        let status = records.column(1).as_any().downcast_ref::<StringArray>().unwrap();
        let reason = records.column(2).as_any().downcast_ref::<StringArray>().unwrap();
        let expected: Vec<(u64, String)> = (0..records.num_rows()).filter(|&i| status.value(i) == "rejected").map(|i| (i as u64, reason.value(i).to_string())).collect();
        proptest::prop_assert_eq!(rejected, expected);
    }
}

#[test]
fn merge_partial_json_names_the_path_of_a_bad_state() {
    let t = tariff();
    let mut r = ArrowRater::new(&t, ArrowOptions::default()).unwrap();
    let e = r.merge_partial_json(r#"{"format": 1, "tariff": "x", "records_in": "many"}"#).unwrap_err();
    assert_eq!((e.code(), e.field()), ("parse", "records_in"));
    let e = r.merge_partial_json(r#"{"format": 1, "tariff": "x", "records_in": 0, "rejected": {}, "rejections": [], "aggregates": []}"#).unwrap_err();
    assert_eq!(e.field(), "partial.tariff");
    let outcomes = ArrowRater::new(&t, ArrowOptions { explain: false, outcomes: true }).unwrap();
    assert_eq!(outcomes.partial().unwrap_err().field(), "partial.options");
}

/// Customer, product and scenario texts are told apart exactly by the columnar path's short-text
/// cache: texts differing only by a trailing NUL, 16 and 17 bytes long, across batches, give the
/// text path's invoices.
#[test]
fn short_texts_are_told_apart_as_the_text_path_does() {
    let names = ["a", "a\u{0}", "", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmno\u{0}", "a"];
    let mut records = Vec::new();
    for (i, c) in names.iter().enumerate() {
        for (j, (p, s)) in [("credit", "fin"), ("credit", "gov"), ("credi", "fin"), ("credit\u{0}", "fin"), ("geo", "fin")].iter().enumerate() {
            let u: UsageRecord = serde_json::from_value(serde_json::json!({
                "id": format!("r{i}-{j}"), "customer": c, "product": p, "scenario": s, "quantity": format!("{}", i + j + 1), "time": "2025-01-12"
            }))
            .unwrap();
            records.push(u);
        }
    }
    let mut rater = datafee::rating::Rater::new(&tariff(), RaterOptions { keep_records: false, explain: false }).unwrap();
    for r in &records {
        rater.push(r).unwrap();
    }
    let want = rater.finish().unwrap();
    let half = records.len() / 2;
    for enc in [Enc::Utf8, Enc::Large, Enc::View] {
        let (b1, b2) = (batch_of(&records[..half], enc), batch_of(&records[half..], enc));
        let got = rate_batches(&tariff(), [&b1, &b2], ArrowOptions::default()).unwrap();
        assert_eq!(serde_json::to_value(&got.result.invoices).unwrap(), serde_json::to_value(&want.invoices).unwrap(), "{enc:?}");
        assert_eq!(got.result.counts.rejections_by_reason, want.counts.rejections_by_reason, "{enc:?}");
        assert_eq!(got.result.counts.rejected_records, want.counts.rejected_records, "{enc:?}");
    }
}

/// A capacity hint ([`ArrowRater::reserve`]: none, too small, exact, far too large) changes
/// no figure; and 6,000 customers in scrambled order (more than the direct-mapped cache's
/// 4,096 slots, so its slots are taken over again and again) resolve as the record path
/// resolves them.
#[test]
fn reserve_hints_and_many_customers_rate_as_the_record_path() {
    let t = tariff();
    let n = 20_000usize;
    let mut rows = partition_rows(n, 0x5eed);
    for (i, r) in rows.iter_mut().enumerate() {
        r[1] = format!("c{}", (i * 7919) % 6000);
    }
    let records: Vec<UsageRecord> = rows
        .iter()
        .map(|r| {
            datafee::doc::from_value(serde_json::json!({"id": r[0], "customer": r[1], "product": r[2], "scenario": r[3], "quantity": r[4], "time": r[5]}))
                .unwrap()
        })
        .collect();
    let want = datafee::rating::rate(&t, &records, RaterOptions::default()).unwrap();
    assert!(want.counts.rejected > 0 && want.counts.rated > 0);
    let refs: Vec<&[String; 6]> = rows.iter().collect();
    for hint in [None, Some(0u64), Some(10), Some(n as u64), Some(u64::MAX)] {
        let mut rater = ArrowRater::new(&t, ArrowOptions { explain: true, outcomes: false }).unwrap();
        if let Some(h) = hint {
            rater.reserve(h);
        }
        for chunk in refs.chunks(3000) {
            rater.push_batch(&rows_batch(chunk)).unwrap();
        }
        same(&rater.finish().unwrap().result, &want);
    }
}

/// Ids that are numbers in text (kept as pages of bits in the duplicate-id set) are the
/// same id only when the text is the same: `7`, `007`, `+7`, `r7`, `r07`, `r-7` are six ids,
/// each rated once; an id repeated in a later batch is caught there, as a replay (same
/// content) or a conflicting record (another quantity), whether it is in integer form or
/// not. Counts are worked by hand, not taken from the record path (which shares the set).
#[test]
fn ids_in_integer_form_across_batches_and_leading_zeros() {
    let row = |id: &str, q: &str| [id.to_string(), "c1".into(), "credit".into(), "fin".into(), q.to_string(), "2025-01-05".into()];
    let first = [row("7", "1"), row("007", "1"), row("+7", "1"), row("r7", "1"), row("r07", "1"), row("r-7", "1"), row("r65536", "1")];
    let second = [row("7", "1"), row("007", "2"), row("r7", "2"), row("r07", "1"), row("70", "1"), row("r65536", "1"), row("r131072", "1")];
    for split in [false, true] {
        let mut rater = ArrowRater::new(&tariff(), ArrowOptions::default()).unwrap();
        if split {
            rater.push_batch(&rows_batch(&first.iter().collect::<Vec<_>>())).unwrap();
            rater.push_batch(&rows_batch(&second.iter().collect::<Vec<_>>())).unwrap();
        } else {
            rater.push_batch(&rows_batch(&first.iter().chain(&second).collect::<Vec<_>>())).unwrap();
        }
        let out = rater.finish().unwrap().result;
        // Rated: the 7 of the first batch, then 70 and r131072: 9 calls of 1 at 0.50 = 4.50.
        assert_eq!((out.counts.rated, out.counts.rejected), (9, 5), "split {split}");
        let by = &out.counts.rejections_by_reason;
        // Replays: 7, r07, r65536; conflicting: 007 (2 calls), r7 (2 calls).
        assert_eq!((by.get("duplicate_id"), by.get("conflicting_duplicate")), (Some(&3), Some(&2)), "split {split}");
        assert_eq!(out.invoices.first().map(|i| i.lines.iter().map(|l| l.amount.to_string()).collect::<Vec<_>>()), Some(vec!["4.50".to_string()]));
    }
}

/// Batches sliced from one dictionary-encoded batch share its dictionary values (as a Parquet
/// reader's batches of one row group do), so their resolution is reused; a later batch with a
/// dictionary of the same length but another order, and one with another values array of the
/// same texts, are resolved again. Every way gives the record path's result.
#[test]
fn a_dictionary_shared_by_batches_resolves_as_the_record_path() {
    let t = tariff();
    let n = 3_000usize;
    let record = |i: usize, customers: &[&str]| -> UsageRecord {
        datafee::doc::from_value(serde_json::json!({"id": format!("r{}", i % 2_900), "customer": customers[i % customers.len()],
            "product": if i.is_multiple_of(7) { "geo" } else if i.is_multiple_of(13) { "nosuch" } else { "credit" },
            "scenario": if i.is_multiple_of(11) { "gov" } else { "fin" }, "quantity": format!("{}", 1 + i % 4), "time": format!("2025-01-{:02}", 1 + i % 31)}))
        .unwrap()
    };
    let first = ["c1", "c2", "c3", "", "c5"];
    let second = ["c5", "", "c3", "c2", "c9"];
    let mut records: Vec<UsageRecord> = (0..n).map(|i| record(i, &first)).collect();
    records.extend((n..2 * n).map(|i| record(i, &second)));
    let want = datafee::rating::rate(&t, &records, RaterOptions::default()).unwrap();
    let a = batch_of(records.get(..n).unwrap(), Enc::Dict);
    let b = batch_of(records.get(n..).unwrap(), Enc::Dict);
    let c = batch_of(records.get(n..).unwrap(), Enc::Dict);
    let mut rater = ArrowRater::new(&t, ArrowOptions { explain: true, outcomes: false }).unwrap();
    for lo in (0..n).step_by(700) {
        rater.push_batch(&a.slice(lo, 700.min(n - lo))).unwrap();
    }
    // b and c: the same texts, built apart (another values array each).
    rater.push_batch(&b.slice(0, 1_000)).unwrap();
    rater.push_batch(&c.slice(1_000, n - 1_000)).unwrap();
    same(&rater.finish().unwrap().result, &want);
    let by = &want.counts.rejections_by_reason;
    assert!(by["missing_customer"] > 0 && by["duplicate_id"] + by["conflicting_duplicate"] > 0 && by["unknown_product"] > 0, "{by:?}");
}

/// Issue 12 item 3: after a merge of two columnar raters that numbered their customers in
/// different orders, an identical replay of an id rated by the other rater is `duplicate_id`
/// and a changed one `conflicting_duplicate`, as one rater over all the rows says.
#[test]
fn a_replay_after_a_merge_is_told_from_a_conflict_whatever_the_customer_numbers() {
    let t = tariff();
    let rec = |id: &str, customer: &str, q: &str| UsageRecord {
        id: id.into(),
        customer: customer.into(),
        product: "credit".into(),
        scenario: "fin".into(),
        quantity: q.parse().unwrap(),
        time: "2025-01-12T08:30:00".parse().unwrap(),
    };
    // Partition p numbers a, b; partition q numbers b, a; then the merged rater gets x again
    // (identical), x changed in customer, and x changed in quantity.
    let p_rows = [rec("y", "a", "1"), rec("x", "b", "2")];
    let q_rows = [rec("z", "b", "1"), rec("w", "a", "1")];
    let tail = [rec("x", "b", "2"), rec("x", "a", "2"), rec("x", "b", "3")];
    for enc in [Enc::Utf8, Enc::Dict] {
        let all: Vec<UsageRecord> = p_rows.iter().chain(&q_rows).chain(&tail).cloned().collect();
        let one = rate_batches(&t, [&batch_of(&all, enc)], ArrowOptions::default()).unwrap().result;
        let by_reason = &one.counts.rejections_by_reason;
        assert_eq!((by_reason["duplicate_id"], by_reason["conflicting_duplicate"]), (1, 2));
        let mut p = ArrowRater::new(&t, ArrowOptions::default()).unwrap();
        p.push_batch_at(&batch_of(&p_rows, enc), &[0, 1]).unwrap();
        let mut q = ArrowRater::new(&t, ArrowOptions::default()).unwrap();
        q.push_batch_at(&batch_of(&q_rows, enc), &[2, 3]).unwrap();
        q.merge(p).unwrap();
        q.push_batch_at(&batch_of(&tail, enc), &[4, 5, 6]).unwrap();
        same(&q.finish().unwrap().result, &one);
    }
}

/// The rejected rows' values as the text path writes them, for date and timestamp columns
/// (written without `core::fmt` since session 12): a withheld or not yet effective fee names
/// the day, a time outside the period is written whole, a year below 1000 keeps four digits;
/// `push_batch_rejected_each` hands over the same rows, ids and values as the table.
#[test]
fn rejected_values_of_date_and_timestamp_columns() {
    let days = |y, m, d| Date::from_ymd(y, m, d).unwrap().days();
    let base = RecordBatch::try_from_iter([
        ("id", Arc::new(StringArray::from(vec!["a", "b", "c", "d", "e"])) as ArrayRef),
        ("customer", Arc::new(StringArray::from(vec!["x"; 5])) as ArrayRef),
        ("product", Arc::new(StringArray::from(vec!["geo", "credit", "credit", "credit", "geo"])) as ArrayRef),
        ("scenario", Arc::new(StringArray::from(vec!["fin", "fin", "fin", "fin", "gov"])) as ArrayRef),
        ("quantity", Arc::new(Int64Array::from(vec![10; 5])) as ArrayRef),
        ("time", Arc::new(Date32Array::from(vec![days(2025, 1, 5), days(2024, 12, 31), days(999, 1, 2), days(2025, 1, 12), days(2025, 1, 12)])) as ArrayRef),
    ])
    .unwrap();
    let secs = |y, m, d, h: i64, mi: i64, s: i64| i64::from(days(y, m, d)) * 86_400 + h * 3600 + mi * 60 + s;
    let stamped = with(
        &base,
        "time",
        Arc::new(TimestampSecondArray::from(vec![
            secs(2025, 1, 5, 10, 20, 30),
            secs(2024, 12, 31, 23, 59, 59),
            secs(999, 1, 2, 1, 2, 3),
            secs(2025, 1, 12, 0, 0, 0),
            secs(2025, 1, 12, 0, 0, 0),
        ])),
    );
    let cases = [
        (&base, ["geo/fin on 2025-01-05", "2024-12-31", "0999-01-02", "geo/gov"]),
        (&stamped, ["geo/fin on 2025-01-05", "2024-12-31T23:59:59", "0999-01-02T01:02:03", "geo/gov"]),
    ];
    for (batch, want) in cases {
        let mut r = ArrowRater::new(&tariff(), ArrowOptions::default()).unwrap();
        let t = r.push_batch_rejected(batch).unwrap();
        let rows = t.column(0).as_any().downcast_ref::<arrow_array::UInt64Array>().unwrap();
        let reasons = t.column(1).as_any().downcast_ref::<StringArray>().unwrap();
        let values = t.column(2).as_any().downcast_ref::<StringArray>().unwrap();
        let got: Vec<(u64, &str, &str)> = (0..t.num_rows()).map(|i| (rows.value(i), reasons.value(i), values.value(i))).collect();
        assert_eq!(got, vec![(0, "no_fee_in_force", want[0]), (1, "outside_period", want[1]), (2, "outside_period", want[2]), (4, "not_offered", want[3])]);
        let mut each = Vec::new();
        let mut again = ArrowRater::new(&tariff(), ArrowOptions::default()).unwrap();
        again.push_batch_rejected_each(batch, None, |row, reason, id, value| each.push((row, reason.code(), id.to_string(), value.to_string()))).unwrap();
        let ids = ["a", "b", "c", "e"];
        let want_each: Vec<(usize, &str, String, String)> =
            got.iter().zip(ids).map(|(&(row, reason, value), id)| (row as usize, reason, id.to_string(), value.to_string())).collect();
        assert_eq!(each, want_each);
    }
}

/// Session 14's fast paths against the record path: plain and large utf8 text columns read
/// straight from their offsets (customers, products, scenarios and ids of 0 to 30 bytes,
/// texts equal in their first 8 bytes or differing by a trailing NUL, non-ASCII, more
/// distinct customers than the cache's 4,096 slots, unknown products and scenarios), int64
/// quantities (zero, negative, the largest, above it) and date32 days (inside and outside
/// the period) read in place, each batch built apart and pushed as slices at odd offsets
/// across the 4,096-row chunks. Both encodings give the record path's result: invoices,
/// counts, the listed rejections with their values, in order.
#[test]
fn plain_text_int64_and_date32_in_place_rate_as_the_record_path() {
    let t = tariff();
    let n = 15_000usize;
    let customers: Vec<String> = (0..6_000)
        .map(|i| match i % 6 {
            0 => format!("c{i}"),
            1 => format!("customer{i:08}"),
            2 => format!("customer-with-a-long-name-{i}"),
            3 => format!("客户{i}"),
            4 if i % 12 == 4 => String::new(),
            4 => format!("c{i}\0"),
            _ => format!("c{}", i % 7),
        })
        .collect();
    let products = ["credit", "geo", "credit\0", "credi", "geo ", "CREDIT", "", "creditcredit", "géo"];
    let scenarios = ["fin", "gov", "fin\0", "fi", "", "governance-board"];
    let day0 = Date::from_ymd(2025, 1, 1).unwrap().days();
    let mut x: u64 = 99;
    let mut records: Vec<UsageRecord> = (0..n)
        .map(|i| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let r = x >> 20;
            let id = match r % 5 {
                0 => format!("r{}", i % 13_000),
                1 => format!("{}", r % 20_000),
                2 => format!("id-{:x}", (r >> 8) % 3_000),
                3 => format!("r0{}", i % 700),
                _ if r % 50 == 4 => String::new(),
                _ => format!("a-rather-long-record-id-{}", r % 9_000),
            };
            let product = if r % 16 < 12 { products[(r >> 4) as usize % 2] } else { products[(r >> 4) as usize % products.len()] };
            let scenario = if r % 32 < 26 { scenarios[(r >> 9) as usize % 2] } else { scenarios[(r >> 9) as usize % scenarios.len()] };
            let q: i64 = match (r >> 13) % 40 {
                0 => 0,
                1 => -3,
                2 if r.is_multiple_of(7) => datafee::rating::MAX_QUANTITY,
                3 => datafee::rating::MAX_QUANTITY + 1,
                k => 1 + (k as i64 % 6),
            };
            let day = day0 - 2 + ((r >> 19) % 36) as i32;
            UsageRecord {
                id,
                customer: customers[(r >> 23) as usize % customers.len()].clone(),
                product: product.into(),
                scenario: scenario.into(),
                quantity: datafee::Quantity::new(rust_decimal::Decimal::from(q)),
                time: datafee::rating::UsageTime::on(Date::from_days(day).unwrap()),
            }
        })
        .collect();
    // Exact replays of earlier records, within a chunk and across chunks and batches.
    for i in (50..n).step_by(10) {
        records[i] = records[i - if i % 20 == 0 { 41 } else { 6_203.min(i) }].clone();
    }
    let want = datafee::rating::rate(&t, &records, RaterOptions::default()).unwrap();
    let by = &want.counts.rejections_by_reason;
    for reason in [
        "missing_id",
        "missing_customer",
        "unknown_product",
        "unknown_scenario",
        "not_offered",
        "non_positive_quantity",
        "quantity_too_large",
        "outside_period",
        "duplicate_id",
        "conflicting_duplicate",
    ] {
        assert!(by.get(reason).copied().unwrap_or(0) > 0, "{reason}: {by:?}");
    }
    rate_sliced_plain_and_large(&t, &records, 6_000, &[7, 4_093, 1, 5_000], &want);
}

/// `records` rated through the columnar path with their texts in plain and in large utf8
/// (their quantities, whole numbers, as int64 mantissas; times as date32), in batches of `batch`
/// rows, each pushed in slices of the lengths `slices` (cycled): `want`, the record path's result.
fn rate_sliced_plain_and_large(t: &Tariff, records: &[UsageRecord], batch: usize, slices: &[usize], want: &datafee::rating::RatingResult) {
    for large in [false, true] {
        let text = |v: Vec<&str>| -> ArrayRef {
            if large {
                Arc::new(LargeStringArray::from(v))
            } else {
                Arc::new(StringArray::from(v))
            }
        };
        let mut rater = ArrowRater::new(t, ArrowOptions { explain: true, outcomes: false }).unwrap();
        for part in records.chunks(batch) {
            let b = RecordBatch::try_from_iter([
                ("id", text(part.iter().map(|r| r.id.as_str()).collect())),
                ("customer", text(part.iter().map(|r| r.customer.as_str()).collect())),
                ("product", text(part.iter().map(|r| r.product.as_str()).collect())),
                ("scenario", text(part.iter().map(|r| r.scenario.as_str()).collect())),
                ("quantity", Arc::new(Int64Array::from_iter_values(part.iter().map(|r| i64::try_from(r.quantity.get().mantissa()).unwrap()))) as ArrayRef),
                ("time", Arc::new(Date32Array::from_iter_values(part.iter().map(|r| r.time.date().days())))),
            ])
            .unwrap();
            let mut lo = 0;
            for len in slices.iter().cycle() {
                if lo >= part.len() {
                    break;
                }
                let len = (*len).min(part.len() - lo);
                rater.push_batch(&b.slice(lo, len)).unwrap();
                lo += len;
            }
        }
        same(&rater.finish().unwrap().result, want);
    }
}

/// Session 15's id tags from the last id in integer form (an id that differs from it in the
/// last digit only is tagged without parsing): sequential ids (`r0` … across 9 → 10, 99 →
/// 100, …, so the length changes), with jumps, numbers alone, 8-byte ids (`abcdefg7`), 9 bytes
/// and more, leading zeros (`r05` after `r04`: not in integer form, but a neighbour in the
/// last byte), a non-digit last byte (`r12x`), other texts between, exact replays and
/// conflicting records of the id before or of an earlier one, numbers spread out until the
/// id set's pages close (then ids in integer form outside them are hashed), in plain and
/// large utf8, sliced across the 4,096-row chunks and three batches: the record path's result.
#[test]
fn sequential_ids_tagged_from_the_last_rate_as_the_record_path() {
    let t = tariff();
    let n = 14_000usize;
    let day0 = Date::from_ymd(2025, 1, 1).unwrap().days();
    let mut x: u64 = 7;
    let mut records: Vec<UsageRecord> = Vec::with_capacity(n);
    for i in 0..n {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let r = x >> 24;
        let id = match r % 23 {
            0 => format!("r{}", i * 7),
            1 => format!("{i}"),
            2 => format!("abcdefg{}", i % 10),
            3 => format!("r12345678{}", i % 10),
            4 => format!("r0{}", i % 10),
            5 => format!("r{}x", i / 10),
            6 => format!("id-{}", i % 1_000),
            // Spread out: the pages close, and later ids outside them are hashed.
            7 if i % 3 == 0 => format!("s{}", i as u64 * 1_000_003),
            _ => format!("r{i}"),
        };
        let mut rec = UsageRecord {
            id,
            customer: format!("c{}", r % 50),
            product: "credit".into(),
            scenario: "fin".into(),
            quantity: datafee::Quantity::new(rust_decimal::Decimal::from(1 + (r >> 8) % 3)),
            time: datafee::rating::UsageTime::on(Date::from_days(day0 + ((r >> 12) % 28) as i32).unwrap()),
        };
        if let Some(prev) = records.last().filter(|_| r.is_multiple_of(29)) {
            // The id before again: its exact replay, or another quantity (conflicting).
            rec = prev.clone();
            if r.is_multiple_of(2) {
                rec.quantity = datafee::Quantity::new(rust_decimal::Decimal::from(9));
            }
        } else if r.is_multiple_of(31) && i > 5_000 {
            rec = records[i - 4_500].clone();
        }
        records.push(rec);
    }
    let want = datafee::rating::rate(&t, &records, RaterOptions::default()).unwrap();
    let by = &want.counts.rejections_by_reason;
    assert!(by.get("duplicate_id").is_some_and(|&d| d > 100) && by.get("conflicting_duplicate").is_some_and(|&d| d > 100), "{by:?}");
    rate_sliced_plain_and_large(&t, &records, 5_000, &[4_097, 3, 898], &want);
}
