//! Unit tests of the schedule kinds: charges, validation, billed quantity, descriptions.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn q(d: Decimal) -> Quantity {
    Quantity::new(d)
}
fn charge(s: &Schedule, x: Decimal) -> Decimal {
    s.charge(q(x)).unwrap().get()
}
fn flat(price: Decimal) -> Schedule {
    Schedule::Flat { price: UnitPrice::new(price), minimum_charge: None }
}
fn discount(pct: Decimal, base: Schedule) -> Schedule {
    Schedule::Discount { percent: Rate::new(pct), base: Box::new(base) }
}
fn tiers(bounds: &[(i64, Option<i64>, Decimal)]) -> Vec<Tier> {
    bounds.iter().map(|&(f, t, p)| Tier::new(q(Decimal::from(f)), t.map(|t| q(Decimal::from(t))), UnitPrice::new(p))).collect()
}

#[test]
fn flat_charge_with_minimum() {
    let s = Schedule::Flat { price: UnitPrice::new(dec!(0.5)), minimum_charge: Some(Amount::new(dec!(10))) };
    assert_eq!(charge(&s, dec!(0)), dec!(0));
    assert_eq!(charge(&s, dec!(0.1)), dec!(10));
    assert_eq!(charge(&s, dec!(20)), dec!(10));
    assert_eq!(charge(&s, dec!(21)), dec!(10.5));
    assert_eq!(s.charge(q(dec!(-1))).unwrap_err().field(), "quantity");
}

#[test]
fn graduated_and_volume_at_boundaries() {
    let t = tiers(&[(0, Some(1000), dec!(0.5)), (1000, Some(5000), dec!(0.4)), (5000, None, dec!(0.3))]);
    let g = Schedule::Graduated { tiers: t.clone() };
    let v = Schedule::Volume { tiers: t };
    g.validate().unwrap();
    // 1000 x 0.5 + 4000 x 0.4 + 1000 x 0.3 = 500 + 1600 + 300
    assert_eq!(charge(&g, dec!(6000)), dec!(2400));
    assert_eq!(charge(&g, dec!(999)), dec!(499.5));
    // Volume: 999 x 0.5 = 499.5 but 1000 x 0.4 = 400: volume tiers with falling prices are
    // not monotone (the "volume cliff").
    assert_eq!(charge(&v, dec!(999)), dec!(499.5));
    assert_eq!(charge(&v, dec!(1000)), dec!(400));
    assert_eq!(charge(&v, dec!(6000)), dec!(1800));
}

#[test]
fn package_rounds_up_to_whole_packages() {
    let s = Schedule::Package { size: q(dec!(1000)), price: Amount::new(dec!(45)) };
    assert_eq!(charge(&s, dec!(1)), dec!(45));
    assert_eq!(charge(&s, dec!(1000)), dec!(45));
    assert_eq!(charge(&s, dec!(1000.5)), dec!(90));
    assert_eq!(s.billed_quantity(q(dec!(0))).unwrap().get(), dec!(0));
    assert_eq!(s.billed_quantity(q(dec!(2500))).unwrap().get(), dec!(3000));
    assert_eq!(s.long_run_unit_price().unwrap().get(), dec!(0.045));
}

#[test]
fn subscription_fee_then_overage() {
    let s = Schedule::Subscription { fee: Amount::new(dec!(100)), included: q(dec!(1000)), overage: UnitPrice::new(dec!(0.08)) };
    assert_eq!(charge(&s, dec!(0)), dec!(0));
    assert_eq!(charge(&s, dec!(1)), dec!(100));
    assert_eq!(charge(&s, dec!(1000)), dec!(100));
    assert_eq!(charge(&s, dec!(1500)), dec!(140));
}

#[test]
fn discount_scales_the_base() {
    let s = discount(dec!(0.25), discount(dec!(0.2), flat(dec!(0.5))));
    s.validate().unwrap();
    // 0.5 x 100 x 0.8 x 0.75 = 30
    assert_eq!(charge(&s, dec!(100)), dec!(30));
    assert_eq!(s.long_run_unit_price().unwrap().get(), dec!(0.3));
    let (factor, base, path) = s.unwrap_discounts().unwrap();
    assert_eq!((factor, base.kind(), path.as_str()), (dec!(0.6), "flat", "base.base"));
    let e = discount(dec!(0.1), discount(dec!(1.5), flat(dec!(1)))).validate().unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("out_of_range", "base.percent", "1.5"));
    let e = discount(dec!(0), Schedule::Graduated { tiers: vec![] }).validate().unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty", "base.tiers"));
}

#[test]
fn discount_depth_is_bounded() {
    let mut s = flat(dec!(1));
    for _ in 0..MAX_DISCOUNT_DEPTH {
        s = discount(dec!(0.1), s);
    }
    s.validate().unwrap();
    let s = discount(dec!(0.1), s);
    let e = s.validate().unwrap_err();
    assert_eq!((e.code(), e.value()), ("limit_exceeded", "9 nested discounts"));
    assert_eq!(e.field(), ["base"; MAX_DISCOUNT_DEPTH].join("."));
}

#[test]
fn plain_validation_errors() {
    let e = Schedule::Flat { price: UnitPrice::new(dec!(-0.1)), minimum_charge: None }.validate().unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "price"));
    let e = Schedule::Flat { price: UnitPrice::new(dec!(1)), minimum_charge: Some(Amount::new(dec!(-1))) }.validate().unwrap_err();
    assert_eq!(e.field(), "minimum_charge");
    let e = Schedule::Package { size: q(dec!(-5)), price: Amount::new(dec!(1)) }.validate().unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "size"));
    let e = Schedule::Subscription { fee: Amount::new(dec!(1)), included: q(dec!(-1)), overage: UnitPrice::new(dec!(1)) }.validate().unwrap_err();
    assert_eq!(e.field(), "included");
}

#[test]
fn descriptions() {
    assert_eq!(flat(dec!(0.50)).describe(), "0.50 per unit");
    let t = tiers(&[(0, Some(1000), dec!(0.50)), (1000, Some(5000), dec!(0.40)), (5000, None, dec!(0.30))]);
    assert_eq!(
        Schedule::Graduated { tiers: t.clone() }.describe(),
        "graduated: 0.50 per unit for units [0, 1000), 0.40 for units [1000, 5000), 0.30 from 5000 on"
    );
    assert_eq!(
        Schedule::Volume { tiers: t }.describe(),
        "volume, all units at the band the total reaches: 0.50 per unit if the total is in [0, 1000), \
         0.40 if the total is in [1000, 5000), 0.30 if 5000 or more"
    );
    let s = Schedule::Subscription { fee: Amount::new(dec!(100.00)), included: q(dec!(1000)), overage: UnitPrice::new(dec!(0.08)) };
    assert_eq!(s.describe(), "subscription 100.00 per period including 1000 units, then 0.08 per unit");
    let many: Vec<Tier> = (0..12).map(|i| Tier::new(q(Decimal::from(i)), (i < 11).then(|| q(Decimal::from(i + 1))), UnitPrice::new(dec!(1)))).collect();
    assert!(Schedule::Volume { tiers: many }.describe().ends_with(", and 2 more bands"));
}

#[test]
fn charge_overflow_is_an_error() {
    let s = flat(Decimal::MAX);
    assert_eq!(s.charge(q(dec!(2))).unwrap_err().code(), "overflow");
}
