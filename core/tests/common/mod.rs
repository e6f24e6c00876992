//! Strategies shared by the rating property tests (`prop_rating.rs`, `prop_late.rs`): one
//! tariff covering every schedule kind, and usage records drawn from small pools of ids,
//! customers, products, scenarios, quantities and days (some of each invalid on purpose).

#![allow(dead_code)] // each test file uses part of it

use datafee::rating::{Date, Tariff, UsageRecord};
use proptest::prelude::*;
use serde_json::json;

/// Flat (rounding at 0.335 against its cap), graduated, volume, discounted, package and
/// subscription fees, a mid-period price change, and free scenarios (governance and welfare).
pub fn tariff() -> Tariff {
    datafee::doc::from_value(json!({
        "catalog": {
            "scenarios": [
                {"id": "ind", "name": "Industry", "category": "industry_development"},
                {"id": "sec", "name": "Sector", "category": "sector_development"},
                {"id": "gov", "name": "Governance", "category": "public_governance"},
                {"id": "wel", "name": "Welfare", "category": "public_welfare"}
            ],
            "products": [
                {"id": "api", "name": "API", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "sec", "gov", "wel"]},
                {"id": "gb", "name": "Volume", "service_form": "dataset", "charging_form": "per_volume", "unit": "GB", "step": "0.5", "scenarios": ["ind", "gov"]},
                {"id": "pkg", "name": "Package", "service_form": "api", "charging_form": "per_call", "scenarios": ["ind", "sec"]},
                {"id": "sub", "name": "Subscription", "service_form": "model", "charging_form": "per_time", "scenarios": ["ind"]}
            ]
        },
        "fees": [
            {"product": "api", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "0.335"}, "cap": "0.335"},
            {"product": "api", "scenario": "ind", "effective": "2025-01-16", "schedule": {"kind": "graduated", "tiers": [
                {"from": "0", "to": "100", "price": "0.60"}, {"from": "100", "price": "0.40"}]}, "cap": "0.60"},
            {"product": "api", "scenario": "sec", "effective": "2024-12-01", "schedule": {"kind": "volume", "tiers": [
                {"from": "0", "to": "1000", "price": "0.30"}, {"from": "1000", "price": "0.20"}]}, "cap": "0.30"},
            {"product": "gb", "scenario": "ind", "effective": "2025-01-10", "schedule": {"kind": "discount", "percent": "0.15",
                "base": {"kind": "flat", "price": "2.10"}}, "cap": "1.80"},
            {"product": "pkg", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "package", "size": "100", "price": "30.00"}, "cap": "0.30"},
            {"product": "sub", "scenario": "ind", "effective": "2025-01-01", "schedule": {"kind": "subscription", "fee": "5.00", "included": "10", "overage": "0.40"}, "cap": "5.00"}
        ],
        "period": {"start": "2025-01-01", "end": "2025-02-01"},
        "vat_rate": "0.06"
    }))
    .unwrap()
}

/// Products drawn (one unknown).
pub const PRODUCTS: &[&str] = &["api", "api", "gb", "pkg", "sub", "nope"];
/// Scenarios drawn (one unknown).
pub const SCENARIOS: &[&str] = &["ind", "ind", "sec", "gov", "wel", "nope"];
/// Customers drawn (one empty).
pub const CUSTOMERS: &[&str] = &["a", "b", "c", "a", "b", ""];
/// Quantities drawn: whole and fractional, zero, negative, tier edges and one past the
/// engine's quantity range.
pub const QUANTITIES: &[&str] =
    &["1", "2", "3", "7", "10", "0.5", "1.5", "2.5", "0", "-1", "150", "999", "1000", "1001", "0.25", "1000000000000001", "33", "3.000"];

/// How records are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Pools {
    /// Ids `r0`..`r{ids-1}` (few, so duplicates occur).
    pub ids: usize,
    /// Also draw an empty id.
    pub empty_id: bool,
    /// Days after 2025-01-01 (the period is January 2025: some before, some after).
    pub days: (i32, i32),
    /// Also draw a time of day.
    pub times: bool,
    /// The quantities drawn (a prefix-free subset of [`QUANTITIES`] or all of it).
    pub quantities: &'static [&'static str],
}

/// One usage record from `pools`.
pub fn record(pools: Pools) -> impl Strategy<Value = UsageRecord> {
    let ids = pools.ids + usize::from(pools.empty_id);
    let times = if pools.times { proptest::option::of(0u32..86_400).boxed() } else { Just(None).boxed() };
    (0..ids, 0..CUSTOMERS.len(), 0..PRODUCTS.len(), 0..SCENARIOS.len(), 0..pools.quantities.len(), pools.days.0..pools.days.1, times).prop_map(
        move |(id, c, p, s, q, day, sec)| {
            let date = Date::from_days(Date::from_ymd(2025, 1, 1).unwrap().days() + day).unwrap();
            let time = match sec {
                None => date.to_string(),
                Some(x) => format!("{date}T{:02}:{:02}:{:02}", x / 3600, x / 60 % 60, x % 60),
            };
            UsageRecord {
                id: if id == pools.ids { String::new() } else { format!("r{id}") },
                customer: CUSTOMERS[c].into(),
                product: PRODUCTS[p].into(),
                scenario: SCENARIOS[s].into(),
                quantity: pools.quantities[q].parse().unwrap(),
                time: time.parse().unwrap(),
            }
        },
    )
}
