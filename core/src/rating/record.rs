//! Usage records (用量记录) and the reasons a record is rejected (拒绝原因).

use serde::{Deserialize, Serialize};

use super::UsageTime;
use crate::money::Quantity;

/// One use of a data product (用量记录): who used which product, in which scenario, how
/// much and when.
///
/// ```json
/// {"id": "r-0001", "customer": "acme", "product": "credit", "scenario": "finance",
///  "quantity": "120", "time": "2025-03-01T10:15:00"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UsageRecord {
    /// The record's unique id (claimed when the record is rated; see [`RejectReason::DuplicateId`]).
    pub id: String,
    /// The customer (使用方) billed.
    pub customer: String,
    /// Product id in the tariff's catalog.
    pub product: String,
    /// Scenario id in the tariff's catalog: its category decides free or charged.
    pub scenario: String,
    /// The quantity used, in the product's unit (a decimal string).
    pub quantity: Quantity,
    /// When: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`.
    pub time: UsageTime,
}

/// A usage record already interned, for the bulk fast path ([`super::Rater::push_raw`]).
///
/// 32 bytes, no heap data. Indices refer to the tariff's catalog (`product` into
/// `catalog.products`, `scenario` into `catalog.scenarios`) and to the customers interned
/// with [`super::Rater::intern_customer`]; an index out of range rejects the record
/// (`unknown_product`, `unknown_scenario`, `unknown_customer`). The quantity is a fixed-point
/// integer: `quantity / 10^scale` units, with the scale given per batch (0 for whole units).
/// `day` is a day number as in [`super::Date::days`] (days since 1970-01-01).
///
/// Raw ids (`u64`) and text ids ([`UsageRecord::id`]) are separate namespaces: a raw id 7
/// and a text id `"7"` are different records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RawRecord {
    /// The record's unique id.
    pub id: u64,
    /// The quantity as a fixed-point integer (`quantity / 10^scale` units).
    pub quantity: i64,
    /// Customer index (from [`super::Rater::intern_customer`]).
    pub customer: u32,
    /// Product index into `catalog.products`.
    pub product: u32,
    /// Scenario index into `catalog.scenarios`.
    pub scenario: u32,
    /// Day number (days since 1970-01-01).
    pub day: i32,
}

/// A usage record with a text id and interned fields, for columnar input (Apache Arrow
/// columns, [`super::Rater::push_keyed`]): the caller resolves product and scenario ids to
/// catalog indices ([`super::Rater::product_index`], [`super::Rater::scenario_index`]),
/// customers with [`super::Rater::intern_customer`], and the quantity with
/// [`super::quantity_nano`]. It is rated exactly as the [`UsageRecord`] with the same
/// text would be, in the same id namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyedRecord<'a> {
    /// The record's id (empty: `missing_id`).
    pub id: &'a str,
    /// The interned customer, `None` when the record names none (`missing_customer`).
    pub customer: Option<u32>,
    /// The product's catalog index, `None` when unknown (`unknown_product`).
    pub product: Option<u32>,
    /// The scenario's catalog index, `None` when unknown (`unknown_scenario`).
    pub scenario: Option<u32>,
    /// The quantity in units of 10^-9, or why it cannot be rated ([`super::quantity_nano`]).
    pub quantity: std::result::Result<i128, RejectReason>,
    /// When, as written (the day decides the fee in force).
    pub time: super::TimeKey,
}

/// Why a record was rejected. Checks run in the order listed; the first that fails names
/// the reason (the two duplicate reasons are one check: the content decides which).
///
/// The enum is `#[non_exhaustive]`: new reasons are added at the end of [`RejectReason::ALL`],
/// and documents list every code in `rejections_by_reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RejectReason {
    /// The record id is empty.
    MissingId,
    /// The customer is empty.
    MissingCustomer,
    /// A raw record's customer index was never interned.
    UnknownCustomer,
    /// The product is not in the catalog.
    UnknownProduct,
    /// The scenario is not in the catalog.
    UnknownScenario,
    /// The product is not offered in the scenario.
    NotOffered,
    /// The quantity is zero or negative.
    NonPositiveQuantity,
    /// The quantity is above [`super::MAX_QUANTITY`].
    QuantityTooLarge,
    /// The quantity is not a whole multiple of the product's billing granularity (`step`).
    NotMultipleOfStep,
    /// The time is before the period's start or on or after its (exclusive) end.
    OutsidePeriod,
    /// The day is outside the authorization's term (授权运营期限), renewals and early
    /// termination (提前终止) included.
    OutsideAuthorization,
    /// The day falls in a suspension of the authorization (暂停执行).
    Suspended,
    /// The product is not registered (登记) or not yet approved (审定) on that day.
    ProductNotRegistered,
    /// The product was withdrawn (下架) on or before that day.
    ProductWithdrawn,
    /// No scenario approval (场景授权) of the customer covers the product, scenario and day.
    ScenarioNotApproved,
    /// A chargeable use with no published fee in force on that day.
    NoFeeInForce,
    /// Another record with the same id and the same content (customer, product, scenario,
    /// quantity, time) was rated earlier in the input: a replay.
    DuplicateId,
    /// Another record with the same id but different content was rated earlier in the input.
    ConflictingDuplicate,
}

impl RejectReason {
    /// Every reason, in check order.
    pub const ALL: [RejectReason; 18] = [
        RejectReason::MissingId,
        RejectReason::MissingCustomer,
        RejectReason::UnknownCustomer,
        RejectReason::UnknownProduct,
        RejectReason::UnknownScenario,
        RejectReason::NotOffered,
        RejectReason::NonPositiveQuantity,
        RejectReason::QuantityTooLarge,
        RejectReason::NotMultipleOfStep,
        RejectReason::OutsidePeriod,
        RejectReason::OutsideAuthorization,
        RejectReason::Suspended,
        RejectReason::ProductNotRegistered,
        RejectReason::ProductWithdrawn,
        RejectReason::ScenarioNotApproved,
        RejectReason::NoFeeInForce,
        RejectReason::DuplicateId,
        RejectReason::ConflictingDuplicate,
    ];

    /// The stable code (`"outside_period"`), as in documents.
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::MissingId => "missing_id",
            RejectReason::MissingCustomer => "missing_customer",
            RejectReason::UnknownCustomer => "unknown_customer",
            RejectReason::UnknownProduct => "unknown_product",
            RejectReason::UnknownScenario => "unknown_scenario",
            RejectReason::NotOffered => "not_offered",
            RejectReason::NonPositiveQuantity => "non_positive_quantity",
            RejectReason::QuantityTooLarge => "quantity_too_large",
            RejectReason::NotMultipleOfStep => "not_multiple_of_step",
            RejectReason::OutsidePeriod => "outside_period",
            RejectReason::OutsideAuthorization => "outside_authorization",
            RejectReason::Suspended => "suspended",
            RejectReason::ProductNotRegistered => "product_not_registered",
            RejectReason::ProductWithdrawn => "product_withdrawn",
            RejectReason::ScenarioNotApproved => "scenario_not_approved",
            RejectReason::NoFeeInForce => "no_fee_in_force",
            RejectReason::DuplicateId => "duplicate_id",
            RejectReason::ConflictingDuplicate => "conflicting_duplicate",
        }
    }

    /// The position in [`RejectReason::ALL`] (`RejectReason::ALL[r.index()] == r`).
    pub fn index(self) -> usize {
        RejectReason::ALL.iter().position(|&r| r == self).unwrap_or(0)
    }

    /// A sentence for reports.
    pub fn describe(self) -> &'static str {
        match self {
            RejectReason::MissingId => "the record has no id",
            RejectReason::MissingCustomer => "the record names no customer",
            RejectReason::UnknownCustomer => "the customer index was never interned",
            RejectReason::UnknownProduct => "the product is not in the catalog (产品和服务目录)",
            RejectReason::UnknownScenario => "the scenario is not in the catalog",
            RejectReason::NotOffered => "the product is not offered in this scenario",
            RejectReason::NonPositiveQuantity => "the quantity is zero or negative",
            RejectReason::QuantityTooLarge => "the quantity is above the per-record maximum",
            RejectReason::NotMultipleOfStep => "the quantity is not a multiple of the product's billing granularity",
            RejectReason::OutsidePeriod => "the time is outside the billing period",
            RejectReason::OutsideAuthorization => "the day is outside the authorization's term (授权运营期限)",
            RejectReason::Suspended => "the authorization was suspended (暂停执行) on that day",
            RejectReason::ProductNotRegistered => "the product was not registered (登记) and approved (审定) on that day",
            RejectReason::ProductWithdrawn => "the product had been withdrawn (下架) by that day",
            RejectReason::ScenarioNotApproved => "no scenario approval (一场景一授权) of the customer covers this product, scenario and day",
            RejectReason::NoFeeInForce => "no published fee (具体收费标准) was in force for this chargeable use on that day",
            RejectReason::DuplicateId => "a record with the same id and content was already rated (a replay)",
            RejectReason::ConflictingDuplicate => "a record with the same id but different content was already rated",
        }
    }
}

/// What became of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "status", content = "reason")]
pub enum Status {
    /// Rated under a published fee: it adds to a charged invoice line.
    Charged,
    /// Rated at zero: a free use (public governance 公共治理 / public welfare 公益事业); it
    /// adds to a free line.
    Free,
    /// Rejected, with the reason.
    Rejected(RejectReason),
}

impl Status {
    /// Whether the record was rated (charged or free).
    pub fn is_rated(self) -> bool {
        !matches!(self, Status::Rejected(_))
    }
}
