//! The columnar split: the same shares as `split_weights`, adding up to the cent; bad columns
//! and cells named.

use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, Decimal128Array, DictionaryArray, Float64Array, Int64Array, RecordBatch, StringArray};
use datafee::sharing::split::split_weights;
use datafee::{Amount, Rounding};
use datafee_arrow::split_batches;
use rust_decimal::Decimal;

fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    RecordBatch::try_from_iter(columns).unwrap()
}

fn shares(out: &datafee_arrow::SplitTable) -> Vec<i128> {
    out.shares.column_by_name("share").unwrap().as_any().downcast_ref::<Decimal128Array>().unwrap().values().to_vec()
}

#[test]
fn same_shares_as_split_weights_across_batches_and_types() {
    let n = 10_000usize;
    let ids: Vec<String> = (0..n).map(|i| format!("p{i:05}")).collect();
    let weights: Vec<i64> = (0..n).map(|i| (i % 997 + 1) as i64).collect();
    let amount = Amount::parse("123456789.01", "amount").unwrap();
    let want = split_weights(
        amount,
        &ids.iter().map(String::as_str).collect::<Vec<_>>(),
        &weights.iter().map(|&w| Decimal::new(w, 2)).collect::<Vec<_>>(),
        &Rounding::cents(),
    )
    .unwrap();
    let want: Vec<i128> = want.shares.iter().map(|s| s.get().mantissa() * 10i128.pow(2 - s.get().scale())).collect();
    // Two batches: decimal128 weights at scale 2, then decimal strings; plain and dictionary ids.
    let half = n / 2;
    let b1 = batch(vec![
        ("id", Arc::new(StringArray::from_iter_values(&ids[..half])) as ArrayRef),
        ("weight", Arc::new(Decimal128Array::from_iter_values(weights[..half].iter().map(|&w| i128::from(w))).with_precision_and_scale(10, 2).unwrap())),
    ]);
    let dict: DictionaryArray<Int32Type> = ids[half..].iter().map(String::as_str).collect();
    let b2 = batch(vec![
        ("id", Arc::new(dict) as ArrayRef),
        ("weight", Arc::new(StringArray::from_iter_values(weights[half..].iter().map(|&w| format!("{}", Decimal::new(w, 2)))))),
    ]);
    let out = split_batches(amount, &Rounding::cents(), [&b1, &b2]).unwrap();
    assert_eq!(shares(&out), want);
    assert_eq!(shares(&out).iter().sum::<i128>(), 12_345_678_901);
    let id = out.shares.column_by_name("id").unwrap().as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(id.value(n - 1), "p09999");
}

#[test]
fn without_ids_the_positions_are_the_ids() {
    let b = batch(vec![("weight", Arc::new(Int64Array::from(vec![1, 1, 1])) as ArrayRef)]);
    let out = split_batches(Amount::parse("10.00", "a").unwrap(), &Rounding::cents(), [&b]).unwrap();
    assert_eq!(shares(&out), vec![334, 333, 333]);
    let id = out.shares.column_by_name("id").unwrap().as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!((id.value(0), id.value(2)), ("0", "2"));
}

#[test]
fn bad_input_is_named() {
    let amount = Amount::parse("10.00", "a").unwrap();
    let err = |b: &RecordBatch| split_batches(amount, &Rounding::cents(), [b]).unwrap_err();
    let e = err(&batch(vec![("weight", Arc::new(Float64Array::from(vec![0.5, 0.5])) as ArrayRef)]));
    assert_eq!((e.code(), e.field()), ("decimal_not_string", "parties.weight"));
    let b1 = batch(vec![("weight", Arc::new(StringArray::from(vec!["1", "2"])) as ArrayRef)]);
    let b2 = batch(vec![("weight", Arc::new(StringArray::from(vec![Some("1"), None])) as ArrayRef)]);
    let e = split_batches(amount, &Rounding::cents(), [&b1, &b2]).unwrap_err();
    assert_eq!((e.code(), e.field()), ("missing", "parties[3].weight"));
    let e = err(&batch(vec![("weight", Arc::new(StringArray::from(vec!["1", "x"])) as ArrayRef)]));
    assert_eq!((e.code(), e.field()), ("malformed_decimal", "parties[1].weight"));
    let e = err(&batch(vec![("w", Arc::new(StringArray::from(vec!["1"])) as ArrayRef)]));
    assert_eq!((e.code(), e.field()), ("missing", "parties.weight"));
    let e = err(&batch(vec![("id", Arc::new(StringArray::from(vec!["a", "a"])) as ArrayRef), ("weight", Arc::new(Int64Array::from(vec![1, 2])))]));
    assert_eq!(e.code(), "duplicate_id");
    let e = err(&batch(vec![("id", Arc::new(StringArray::from(vec![Some("a"), None])) as ArrayRef), ("weight", Arc::new(Int64Array::from(vec![1, 2])))]));
    assert_eq!((e.code(), e.field()), ("missing", "parties[1].id"));
    let e = err(&batch(vec![("weight", Arc::new(Int64Array::from(vec![1, -2])) as ArrayRef)]));
    assert_eq!(e.code(), "out_of_range");
}
