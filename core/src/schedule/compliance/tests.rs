//! Tests of [`super`] (compliance.rs).

use super::*;
use rust_decimal_macros::dec;

fn q(d: Decimal) -> Quantity {
    Quantity::new(d)
}
fn p(d: Decimal) -> UnitPrice {
    UnitPrice::new(d)
}
fn tier(from: Decimal, to: Option<Decimal>, price: Decimal) -> Tier {
    Tier::new(q(from), to.map(q), p(price))
}
fn breach(s: &Schedule, cap: Decimal, step: Decimal) -> Option<Breach> {
    s.compliance(p(cap), q(step)).unwrap().first_breach
}
fn breach_at(s: &Schedule, cap: Decimal, step: Decimal) -> Option<String> {
    breach(s, cap, step).map(|b| b.quantity.to_string())
}

#[test]
fn flat_price_and_minimum() {
    let s = Schedule::Flat { price: p(dec!(0.5)), minimum_charge: Some(Amount::new(dec!(10))) };
    assert_eq!(breach_at(&s, dec!(0.4), dec!(1)).as_deref(), Some("1"));
    let b = breach(&s, dec!(0.6), dec!(1)).unwrap();
    assert_eq!((b.charge.get(), b.cap_times_quantity.get(), b.field.as_str()), (dec!(10), dec!(0.6), "minimum_charge"));
    // 10 <= 0.6 x 17 = 10.2: a step of 17 is fine, 16 is not (9.6).
    assert_eq!(breach_at(&s, dec!(0.6), dec!(17)), None);
    assert_eq!(breach_at(&s, dec!(0.6), dec!(16)).as_deref(), Some("16"));
    // Exactly at the cap complies.
    assert_eq!(breach_at(&s, dec!(0.5), dec!(20)), None);
}

#[test]
fn graduated_slack_used_up_inside_the_band() {
    // [0,100) at 0.3, [100,200) at 0.5, [200,∞) at 0.9; cap 0.5.
    let s = Schedule::Graduated {
        tiers: vec![tier(dec!(0), Some(dec!(100)), dec!(0.3)), tier(dec!(100), Some(dec!(200)), dec!(0.5)), tier(dec!(200), None, dec!(0.9))],
    };
    // Slack at 200: 0.5 x 200 − (30 + 50) = 20; excess 0.4 per unit: used up after 50 units,
    // at q = 250 the charge is 125 = cap x q; q = 251 breaks (125.9 > 125.5).
    let b = breach(&s, dec!(0.5), dec!(1)).unwrap();
    assert_eq!((b.quantity.get(), b.charge.get(), b.cap_times_quantity.get()), (dec!(251), dec!(125.9), dec!(125.5)));
    assert_eq!(b.field, "tiers[2].price");
    // Step 7: multiples 252 (36 x 7) is the first above 250.
    assert_eq!(breach_at(&s, dec!(0.5), dec!(7)).as_deref(), Some("252"));
    // Step 10: 250 is exactly at the cap, 260 breaks.
    assert_eq!(breach_at(&s, dec!(0.5), dec!(10)).as_deref(), Some("260"));
    assert_eq!(breach_at(&s, dec!(0.9), dec!(1)), None);
}

#[test]
fn far_breach_found_without_scanning() {
    // 10^9 units at 0.01, then 0.61 against a cap of 0.60: the slack 0.59 x 10^9 lasts
    // 5.9 x 10^10 units at 0.01 each; at 6 x 10^10 the charge equals the cap exactly.
    let s = Schedule::Graduated { tiers: vec![tier(dec!(0), Some(dec!(1000000000)), dec!(0.01)), tier(dec!(1000000000), None, dec!(0.61))] };
    let b = breach(&s, dec!(0.60), dec!(1)).unwrap();
    assert_eq!((b.quantity.get(), b.charge.get(), b.cap_times_quantity.get()), (dec!(60000000001), dec!(36000000000.61), dec!(36000000000.60)));
}

#[test]
fn graduated_expensive_first_band_with_coarse_step() {
    // [0,10) at 2, then 0.1; cap 1. g(10) = 20 − 10 = 10 > 0, falling by 0.9 per unit
    // until 10 + 10/0.9 = 21.1: step 1 breaks at 1; step 100 never breaks.
    let s = Schedule::Graduated { tiers: vec![tier(dec!(0), Some(dec!(10)), dec!(2)), tier(dec!(10), None, dec!(0.1))] };
    assert_eq!(breach_at(&s, dec!(1), dec!(1)).as_deref(), Some("1"));
    assert_eq!(breach_at(&s, dec!(1), dec!(100)), None);
    // Step 15: q = 15 charges 20.5 > 15; the breach is in band 1 (falling), at its first
    // multiple, and band 0 is to blame.
    let b = breach(&s, dec!(1), dec!(15)).unwrap();
    assert_eq!((b.quantity.get(), b.charge.get(), b.field.as_str()), (dec!(15), dec!(20.5), "tiers[0].price"));
    // Step 22: 22 charges 21.2 <= 22, and the charge then grows slower than the cap.
    assert_eq!(breach_at(&s, dec!(1), dec!(22)), None);
}

#[test]
fn volume_bands() {
    // all units at 1.0 below 100, 0.8 in [100, 200), 1.2 from 200.
    let s = Schedule::Volume {
        tiers: vec![tier(dec!(0), Some(dec!(100)), dec!(1.0)), tier(dec!(100), Some(dec!(200)), dec!(0.8)), tier(dec!(200), None, dec!(1.2))],
    };
    assert_eq!(breach_at(&s, dec!(1), dec!(1)).as_deref(), Some("200"));
    assert_eq!(breach_at(&s, dec!(1), dec!(30)).as_deref(), Some("210"));
    assert_eq!(breach_at(&s, dec!(0.9), dec!(1)).as_deref(), Some("1"));
    assert_eq!(breach_at(&s, dec!(1.2), dec!(1)), None);
    // A band that holds no multiple of the step cannot break: with [0,100) at 1.5 and
    // step 100 the first billed quantity is already in the cheap band.
    let s = Schedule::Volume { tiers: vec![tier(dec!(0), Some(dec!(100)), dec!(1.5)), tier(dec!(100), None, dec!(0.5))] };
    assert_eq!(breach_at(&s, dec!(1), dec!(100)), None);
    assert_eq!(breach_at(&s, dec!(1), dec!(99)).as_deref(), Some("99"));
}

#[test]
fn package_is_judged_on_the_package_total() {
    let s = Schedule::Package { size: q(dec!(1000)), price: Amount::new(dec!(45)) };
    assert_eq!(breach_at(&s, dec!(0.045), dec!(1)), None);
    let b = breach(&s, dec!(0.04), dec!(1)).unwrap();
    assert_eq!((b.quantity.get(), b.billed_quantity.get(), b.charge.get(), b.cap_times_quantity.get()), (dec!(1), dec!(1000), dec!(45), dec!(40)));
    assert_eq!(b.field, "price");
}

#[test]
fn subscription_fee_and_overage() {
    let s = Schedule::Subscription { fee: Amount::new(dec!(100)), included: q(dec!(1000)), overage: p(dec!(0.12)) };
    // Fee 100 > 0.1 x 1 at the first unit.
    let b = breach(&s, dec!(0.1), dec!(1)).unwrap();
    assert_eq!((b.quantity.get(), b.field.as_str()), (dec!(1), "fee"));
    // Step 1000: 100 <= 100, then 0.02 per unit over the cap with 0 slack: 2000 breaks.
    assert_eq!(breach_at(&s, dec!(0.1), dec!(1000)).as_deref(), Some("2000"));
    // Cap 0.11, step 1000: slack 10 at 1000, excess 0.01/unit: used up at 2000 (equal), 3000 breaks.
    let b = breach(&s, dec!(0.11), dec!(1000)).unwrap();
    assert_eq!((b.quantity.get(), b.charge.get(), b.cap_times_quantity.get(), b.field.as_str()), (dec!(3000), dec!(340), dec!(330), "overage"));
    assert_eq!(breach_at(&s, dec!(0.12), dec!(1000)), None);
    // Step 1200 > included: 100 + 200 x 0.12 = 124 vs 0.1 x 1200 = 120.
    let b = breach(&s, dec!(0.1), dec!(1200)).unwrap();
    assert_eq!((b.quantity.get(), b.field.as_str()), (dec!(1200), "overage"));
}

#[test]
fn discount_scales_and_names_the_base_field() {
    let base = Schedule::Flat { price: p(dec!(0.5)), minimum_charge: None };
    let s = Schedule::Discount { percent: crate::money::Rate::new(dec!(0.2)), base: Box::new(base.clone()) };
    assert_eq!(breach_at(&s, dec!(0.4), dec!(1)), None);
    let b = breach(&s, dec!(0.39), dec!(1)).unwrap();
    assert_eq!((b.charge.get(), b.field.as_str()), (dec!(0.4), "base.price"));
    let full = Schedule::Discount { percent: crate::money::Rate::new(dec!(1)), base: Box::new(base) };
    assert_eq!(breach_at(&full, dec!(0), dec!(1)), None);
    let e = s.check_compliance(p(dec!(0.39)), q(dec!(1))).unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("cap_exceeded", "base.price", "1"));
}

#[test]
fn bad_cap_and_step() {
    let s = Schedule::Flat { price: p(dec!(0.5)), minimum_charge: None };
    assert_eq!(s.compliance(p(dec!(-1)), q(dec!(1))).unwrap_err().field(), "cap");
    assert_eq!(s.compliance(p(dec!(1)), q(dec!(0))).unwrap_err().field(), "step");
}
