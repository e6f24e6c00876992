//! Rating (计费): usage records priced against the published actual fees, into invoices.
//!
//! The operator bills each customer (使用方) for its use of data products under the actual
//! fees it published (公示的具体收费标准), each within its cap (上限收费标准). Public governance
//! (公共治理) and public welfare (公益事业) uses are free (免费) and are rated at zero.
//!
//! ## The rules implemented
//!
//! 1. **Tariff** ([`Tariff`]): the catalog, the published fees with their effective dates
//!    and caps, the billing period `[start, end)`, the rounding rule and VAT. It is checked
//!    before rating: every fee's schedule is valid and **complies with its cap** at every
//!    multiple of the product's step (`cap_exceeded` otherwise), no fee sits on a free
//!    scenario (`free_scenario_charged`), and every id resolves.
//! 2. **Each record is rated or rejected** with a reason ([`RejectReason`]), so that
//!    `records in = rated + rejected` always. A record of a chargeable use is rated under the
//!    fee in force on its date (the latest `effective <= date`): a schedule change (调价)
//!    during the period splits the customer's use into one line per fee. A free use is rated
//!    at zero and appears, with its quantity and reason, on a free line.
//! 3. **Aggregation before pricing**: quantities are summed per (customer, product, scenario,
//!    fee in force) over the period and the schedule is applied **once** to each sum, so that
//!    tiers (阶梯), minimum charges, packages and subscriptions price the period's total, not
//!    each record. Tiers start from zero under each fee in force.
//! 4. **Rounding once, per invoice line** ([`Invoice`]): half-up to 0.01 yuan by default
//!    (四舍五入, [`Tariff::rounding`]); a line is never rounded above `cap × billed quantity`
//!    (rounded down instead, with a note). VAT is computed on the precise charges and
//!    rounded once per invoice. Lines add up exactly to the invoice's `lines_total`, and
//!    `subtotal + vat = total`.
//!
//! ## Interpretations
//!
//! - Rating works by **calendar day**: a fee effective on a day applies to the whole day; a
//!   record's time of day is kept but does not matter.
//! - Quantities must be **multiples of the product's billing granularity** (`step`): the
//!   cap compliance of a schedule is established at those quantities, so a record of 1.5
//!   calls is rejected (`not_multiple_of_step`) rather than rounded. Quantities are exact to
//!   [`QUANTITY_SCALE`] decimal places, which bounds the step too, and at most
//!   [`MAX_QUANTITY`] per record.
//! - **Duplicates** (重复记录): a record claims its id when it is rated; a later rated-looking
//!   record with the same id is rejected, as `duplicate_id` when its content (customer,
//!   product, scenario, quantity as a number, time as written) is the same (a replay) and as
//!   `conflicting_duplicate` when it differs. A rejected record claims nothing, so a
//!   corrected resubmission is rated. Hence the order of records changes nothing but which
//!   of two valid records sharing an id is rated (the first in input order). Raw records
//!   ([`RawRecord`]) carry no content to compare: a repeated raw id is always `duplicate_id`.
//! - **Partitions** (分区计费): records partitioned by id (all records of an id in one
//!   partition, [`id_partition`]) can be rated by separate [`Rater`]s and merged
//!   ([`Rater::merge`], associative and commutative) into exactly the result of one rater;
//!   an id rated in two partial states is refused at the merge rather than charged twice.
//! - **Late records** (迟到记录) for an invoiced period: rated against the state invoiced
//!   from ([`InvoicedState`], [`rate_late`], `rating.late`) into delta lines, a reversal and
//!   a repriced line per changed invoice line, never a second charge of an id.
//! - The scenario's `cap_multiplier` is not applied here: each fee carries the cap it must
//!   keep, already multiplied.
//!
//! ## Performance and memory
//!
//! Product, scenario and customer ids are interned to dense `u32` indices; quantities are
//! summed as `i128` integers in units of 10^-9 (exact, no decimal arithmetic per record);
//! decimals appear only when each aggregate is priced at [`Rater::finish`]. The bulk path
//! [`Rater::push_raw`] / [`rate_raw`] takes pre-interned [`RawRecord`]s (32 bytes, no heap).
//! On one core of the development machine it rates 10 million raw records with flat fees,
//! 10,000 customers and 60,000 invoice lines at about 24 to 28 million records per second,
//! pricing included (the ignored test `throughput_raw_flat` prints the figures); text records
//! ([`Rater::push`]) run at about a million per second.
//!
//! Memory, per rating run:
//!
//! - **duplicate detection** keeps every claimed id. Text ids: a hash set of boxed strings,
//!   about `len + 40` bytes per id. Raw `u64` ids: a paged bitmap while they are dense (one bit
//!   per possible id in 8 KiB pages of 65,536 ids: 10 million sequential ids take 1.2 MiB), which
//!   switches once to a hash set of `u64` (16 to 32 bytes per id) when fewer than one id per
//!   128 bits would share the pages. The hash is a seeded multiply-and-fold hash (FxHash style);
//!   no output depends on any table's iteration order.
//! - one aggregate per (customer, product, scenario, fee in force): about 64 bytes;
//! - the interned customers (name plus about 40 bytes);
//! - the first [`MAX_LISTED_REJECTIONS`] rejections, and every record's outcome only when
//!   [`RaterOptions::keep_records`] is set;
//! - working papers (底稿) for at most [`MAX_EXPLAINED_INVOICES`] invoices and
//!   [`MAX_EXPLAINED_LINES`] lines: a working paper costs about 2 KB, so one per invoice of a
//!   run with one customer per record would cost a hundred times the input. The result
//!   itself (one invoice per customer, one line per aggregate) is proportional to the input.
//!
//! ## Example
//!
//! ```
//! use serde_json::json;
//! let tariff = json!({
//!   "catalog": {"scenarios": [{"id": "fin", "name": "Finance", "category": "industry_development"},
//!                             {"id": "gov", "name": "Governance", "category": "public_governance"}],
//!               "products": [{"id": "credit", "name": "Credit API", "service_form": "api",
//!                             "charging_form": "per_call", "scenarios": ["fin", "gov"]}]},
//!   "fees": [{"product": "credit", "scenario": "fin", "effective": "2025-01-01",
//!             "schedule": {"kind": "flat", "price": "0.50"}, "cap": "0.60"}],
//!   "period": {"start": "2025-01-01", "end": "2025-02-01"}, "vat_rate": "0.06"});
//! let rec = |id: &str, scenario: &str, q: &str| json!({"id": id, "customer": "acme",
//!     "product": "credit", "scenario": scenario, "quantity": q, "time": "2025-01-05"});
//! let out = datafee::api::call("rating.rate", json!({"tariff": tariff,
//!     "records": [rec("r1", "fin", "10"), rec("r2", "gov", "4"), rec("r3", "fin", "0")]}))?;
//! assert_eq!((out["rated"].as_u64(), out["rejected"].as_u64()), (Some(2), Some(1)));
//! assert_eq!(out["rejections_by_reason"]["non_positive_quantity"], 1);
//! let inv = &out["invoices"][0];
//! assert_eq!(inv["lines"][0]["amount"], "5.00");
//! assert_eq!((inv["lines"][1]["free"].as_bool(), inv["lines"][1]["quantity"].as_str()), (Some(true), Some("4")));
//! assert_eq!((inv["vat"].as_str(), inv["total"].as_str()), (Some("0.30"), Some("5.30")));
//! # Ok::<(), datafee::Error>(())
//! ```

mod engine;
mod gate;
mod idset;
mod invoice;
mod late;
pub mod ops;
mod record;
mod result;
mod tariff;

pub use crate::date::{Date, UsageTime};
pub use engine::{quantity_nano, rate, rate_raw, reason_value, PartialAggregate, PartialState, QuantityScale, Rater, RaterOptions, TimeKey, MAX_RESERVED_IDS};
pub use idset::id_page_partition;
#[doc(hidden)] // for the datafee-arrow crate only
pub use idset::{LastIntId, LOW_BYTES};
pub use invoice::{Invoice, InvoiceLine};
pub use late::{rate_late, DeltaKind, DeltaLine, InvoiceAdjustment, InvoiceAmounts, InvoicedState, LateResult, LateTotals, RatedId, MAX_INVOICED_IDS};
pub use record::{KeyedRecord, RawRecord, RejectReason, Status, UsageRecord};
pub use result::{ProductSummary, RatingCounts, RatingResult, RecordOutcome, Rejection, Totals};
pub use tariff::{BillingPeriod, PublishedFee, Tariff};

/// The partition (in `0..partitions`) of a record id, the same in every process and on
/// every platform: partition records with it (or with any other function of the id) before
/// rating partitions separately and merging them with [`Rater::merge`]. `partitions = 0`
/// is taken as 1.
///
/// ```
/// use datafee::rating::id_partition;
/// assert_eq!(id_partition("r-1", 8), id_partition("r-1", 8));
/// assert!(id_partition("r-2", 8) < 8);
/// assert_eq!(id_partition("r-2", 0), 0);
/// ```
pub fn id_partition(id: &str, partitions: u32) -> u32 {
    use std::hash::Hasher;
    let mut h = idset::stable_hasher();
    h.write(id.as_bytes());
    h.write_usize(id.len());
    bucket(h.finish(), partitions)
}

/// A 64-bit hash scaled to a partition in `0..partitions` (`partitions = 0` taken as 1).
fn bucket(hash: u64, partitions: u32) -> u32 {
    ((u128::from(hash) * u128::from(partitions.max(1))) >> 64) as u32
}

/// The most records one `rating.rate` operation accepts (stream more through [`Rater`]).
pub const MAX_RECORDS_PER_BATCH: usize = 1_000_000;

/// The most published fees in a tariff.
pub const MAX_FEES: usize = 100_000;

/// The largest quantity one record may carry, in the product's unit (10^15).
pub const MAX_QUANTITY: i64 = 1_000_000_000_000_000;

/// Quantities are exact to this many decimal places (10^-9 of a unit).
pub const QUANTITY_SCALE: u32 = 9;

/// How many rejected records [`RatingCounts::rejected_records`] lists (the rest are counted).
pub const MAX_LISTED_REJECTIONS: usize = 1000;

/// At most this many invoices carry a working paper ([`RaterOptions::explain`]); the rest
/// carry none, so a run with one customer per record stays proportional in memory.
pub const MAX_EXPLAINED_INVOICES: usize = 1000;

/// At most this many invoice lines, over the explained invoices, carry a working paper.
pub const MAX_EXPLAINED_LINES: usize = 10_000;

/// The most distinct customers one [`Rater`] accepts.
pub const MAX_CUSTOMERS: usize = u32::MAX as usize - 1;

#[cfg(test)]
mod tests;
