//! The result of a rating run (计费结果): counts, rejections, invoices, totals and
//! per-product volume and revenue.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{BillingPeriod, Date, Invoice, RejectReason, Status};
use crate::explain::Explanation;
use crate::money::{Amount, Quantity};

/// A rejected record, as listed in [`RatingCounts::rejected_records`] (written inline in a [`RatingResult`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rejection {
    /// The record's position in the input (0-based, counting every record pushed).
    pub index: u64,
    /// The record's id (a raw id written in decimal).
    pub id: String,
    /// Why it was rejected.
    pub reason: RejectReason,
    /// The offending value (the unknown product id, the quantity, the time, ...).
    pub value: String,
}

/// What became of one record, when records are kept ([`super::RaterOptions::keep_records`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecordOutcome {
    /// The record's position in the input.
    pub index: u64,
    /// The record's id.
    pub id: String,
    /// The customer (a raw customer index not interned is written `#<index>`).
    pub customer: String,
    /// The product id (a raw index out of range is written `#<index>`).
    pub product: String,
    /// The scenario id (likewise).
    pub scenario: String,
    /// The quantity as given.
    pub quantity: Quantity,
    /// The time as given (a raw day number is written as its date, or `#<day>` out of range).
    pub time: String,
    /// Charged, free, or rejected with its reason.
    #[serde(flatten)]
    pub status: Status,
    /// For a charged record: the effective date of the fee it was rated under, which with the
    /// customer, product and scenario names its invoice line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
}

/// Volume and revenue of one product over the run (for the annual operating report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductSummary {
    /// Product id.
    pub product: String,
    /// Records charged.
    pub records: u64,
    /// Quantity charged, in the product's unit.
    pub quantity: Quantity,
    /// Records rated free.
    pub free_records: u64,
    /// Quantity used free.
    pub free_quantity: Quantity,
    /// Σ of the product's invoice line amounts (on the tariff's VAT basis).
    pub revenue: Amount,
}

/// Totals over every invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "RatingTotals"))]
pub struct Totals {
    /// Invoices (customers with at least one rated record).
    pub invoices: u64,
    /// Invoice lines, charged and free.
    pub lines: u64,
    /// Records charged.
    pub charged_records: u64,
    /// Records rated free.
    pub free_records: u64,
    /// Σ of free quantities over every product (each in its own unit; see
    /// [`RatingResult::products`] for per-product figures).
    pub free_quantity: Quantity,
    /// Σ of every invoice's `lines_total`.
    pub lines_total: Amount,
    /// Σ of every invoice's `subtotal` (without VAT).
    pub subtotal: Amount,
    /// Σ of every invoice's VAT.
    pub vat: Amount,
    /// Σ of every invoice's total (with VAT); `subtotal + vat = total`.
    pub total: Amount,
}

/// The counts of a rating run (`rating.rate`) or of a late batch (`rating.late`): records in,
/// rated, charged, free, rejected, and the rejections by reason and listed.
///
/// Invariants: `records_in = rated + rejected`; `rated = charged + free`; the reasons in
/// `rejections_by_reason` add up to `rejected`; `rejected_records` lists the first
/// [`super::MAX_LISTED_REJECTIONS`] rejections in input order and `rejected_records_omitted`
/// counts the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RatingCounts {
    /// Records received (for `rating.late`: the late records of the batch).
    pub records_in: u64,
    /// Records rated (charged or free).
    pub rated: u64,
    /// Records rated under a published fee.
    pub charged: u64,
    /// Records rated free (public governance / public welfare).
    pub free: u64,
    /// Records rejected.
    pub rejected: u64,
    /// Rejections per reason code, every reason listed (zero when none).
    pub rejections_by_reason: BTreeMap<String, u64>,
    /// The first [`super::MAX_LISTED_REJECTIONS`] rejections, in input order (position in the batch).
    pub rejected_records: Vec<Rejection>,
    /// Rejections not listed.
    pub rejected_records_omitted: u64,
}

/// Everything a rating run produced: the period, the counts ([`RatingCounts`], written
/// inline beside the other fields), the invoices, totals and per-product figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RatingResult {
    /// The billing period rated.
    pub period: BillingPeriod,
    /// The counts of the run.
    #[serde(flatten)]
    pub counts: RatingCounts,
    /// One invoice per customer with a rated record, by customer id (byte order).
    pub invoices: Vec<Invoice>,
    /// Totals over the invoices.
    pub totals: Totals,
    /// Per-product volume and revenue, in catalog order.
    pub products: Vec<ProductSummary>,
    /// Every record's outcome, in input order, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<Vec<RecordOutcome>>,
    /// The working paper of the totals.
    pub explanation: Explanation,
}
