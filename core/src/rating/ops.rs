//! The `rating.*` operations of [`crate::api::call`].
//!
//! - `rating.rate`: `{tariff, records: [...], keep_records?: false, explain?: true,
//!   max_records?}` → [`super::RatingResult`]. At most [`MAX_RECORDS_PER_BATCH`] records, or
//!   `max_records` when smaller ([`Error::LimitExceeded`] at `records`). Tariff errors are
//!   reported under `tariff.` (`tariff.fees[0].schedule.price`), record format errors at
//!   `records[i].<field>` (a number where a decimal string is expected is
//!   `decimal_not_string`).
//! - `rating.validate`: `{tariff}` → `{valid: true, fees, pairs}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Rater, RaterOptions, Tariff, UsageRecord, MAX_RECORDS_PER_BATCH};
use crate::api::run;
use crate::error::{Error, Result, ResultExt};

/// Operations this module answers through [`crate::api::call`].
pub const OPERATIONS: &[&str] = &["rating.rate", "rating.validate"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateInput {
    tariff: Tariff,
    records: Vec<UsageRecord>,
    #[serde(default)]
    keep_records: bool,
    #[serde(default = "yes")]
    explain: bool,
    #[serde(default)]
    max_records: Option<usize>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidateInput {
    tariff: Tariff,
}

#[derive(Serialize)]
struct ValidateOutput {
    valid: bool,
    fees: usize,
    pairs: usize,
}

pub(crate) fn dispatch(op: &str, input: Value) -> Option<Result<Value>> {
    Some(match op {
        "rating.rate" => run(input, |i: RateInput| {
            let max = match i.max_records {
                Some(m) if m > MAX_RECORDS_PER_BATCH => {
                    return Err(Error::out_of_range("max_records", m, format!("at most {MAX_RECORDS_PER_BATCH}")));
                }
                Some(m) => m,
                None => MAX_RECORDS_PER_BATCH,
            };
            if i.records.len() > max {
                return Err(Error::LimitExceeded { field: "records".into(), value: i.records.len().to_string(), max: max.to_string() });
            }
            let options = RaterOptions { keep_records: i.keep_records, explain: i.explain };
            let mut rater = Rater::new(&i.tariff, options).within("tariff")?;
            rater.push_batch(&i.records)?;
            rater.finish()
        }),
        "rating.validate" => run(input, |i: ValidateInput| {
            i.tariff.validate().within("tariff")?;
            Ok(ValidateOutput { valid: true, fees: i.tariff.fees.len(), pairs: i.tariff.catalog.pairs().count() })
        }),
        _ => return None,
    })
}
