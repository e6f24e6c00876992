//! The `rating.*` operations of [`crate::api::call`].
//!
//! - `rating.rate`: `{tariff, records: [...], keep_records?: false, explain?: true,
//!   max_records?}` → [`super::RatingResult`]. At most [`MAX_RECORDS_PER_BATCH`] records, or
//!   `max_records` when smaller ([`Error::LimitExceeded`] at `records`). Tariff errors are
//!   reported under `tariff.` (`tariff.fees[0].schedule.price`), record format errors at
//!   `records[i].<field>` (a number where a decimal string is expected is
//!   `decimal_not_string`).
//! - `rating.validate`: `{tariff}` → `{valid: true, fees, pairs}`.
//! - `rating.late`: `{tariff, invoiced?, records, explain?: true}` → [`super::LateResult`]:
//!   late records (迟到记录) against the state an invoice was issued from, into delta lines
//!   (a reversal and a repriced line per changed line) and the state to keep
//!   ([`super::rate_late`]). At most [`MAX_RECORDS_PER_BATCH`] records.

use serde::{Deserialize, Serialize};

use super::{InvoicedState, Rater, RaterOptions, Tariff, UsageRecord, MAX_RECORDS_PER_BATCH};
use crate::error::{Error, ResultExt};

/// The input of `rating.rate`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RateInput {
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

/// The input of `rating.validate`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "RatingValidateInput"))]
pub struct ValidateInput {
    tariff: Tariff,
}

/// The result of `rating.validate`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "RatingValidateOutput"))]
pub struct ValidateOutput {
    /// Always `true`.
    pub valid: bool,
    /// The number of published fees.
    pub fees: usize,
    /// The number of (product, scenario) pairs of the catalog.
    pub pairs: usize,
}

crate::op::plain_input!(RateInput, ValidateInput);

crate::op::operation! {
    /// `rating.rate`: usage records rated into invoices (计费).
    pub struct Rate = "rating.rate";
    fn(i: RateInput) -> super::RatingResult {
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
    }
}

crate::op::operation! {
    /// `rating.validate`: a tariff checked.
    pub struct Validate = "rating.validate";
    fn(i: ValidateInput) -> ValidateOutput {
        i.tariff.validate().within("tariff")?;
        Ok(ValidateOutput { valid: true, fees: i.tariff.fees.len(), pairs: i.tariff.catalog.pairs().count() })
    }
}

/// The input of `rating.late`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LateInput {
    tariff: Tariff,
    /// The state the period was invoiced from (`state` of the previous `rating.late`);
    /// absent for the on-time invoicing.
    #[serde(default)]
    invoiced: Option<InvoicedState>,
    records: Vec<UsageRecord>,
    #[serde(default = "yes")]
    explain: bool,
}

crate::op::plain_input!(LateInput);

crate::op::operation! {
    /// `rating.late`: late records for an invoiced period (迟到记录) into delta lines.
    pub struct Late = "rating.late";
    fn(i: LateInput) -> super::LateResult {
        super::rate_late(&i.tariff, i.invoiced.as_ref(), &i.records, i.explain)
    }
}
