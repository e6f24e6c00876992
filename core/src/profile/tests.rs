//! Tests of [`super`] (profile.rs).

use super::*;

#[test]
fn national_profile_is_valid_and_bounded() {
    let p = Policy::national();
    p.validate().unwrap();
    assert_eq!(p.rate_bound(), dec(77, 3));
    let mut q = p.clone();
    q.profit = ProfitMethod::ReturnOnAssets { rate: Rate::new(dec(8, 2)) };
    let e = q.validate().unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("rate_above_bound", "profit.rate", "0.08"));
}

#[test]
fn wacc_rate() {
    let mut p = Policy::national();
    p.bond_yield = Rate::new(dec(2, 2));
    p.profit = ProfitMethod::Wacc {
        equity_premium: Rate::new(dec(4, 2)),
        debt_rate: Rate::new(dec(35, 3)),
        debt_ratios: vec![Rate::new(dec(4, 1)), Rate::new(dec(5, 1)), Rate::new(dec(6, 1))],
    };
    p.validate().unwrap();
    // Re = 0.06, g = 0.5: r = 0.06 x 0.5 + 0.035 x 0.5 = 0.0475
    assert_eq!(p.return_rate().unwrap().normalize(), dec(475, 4));
}

#[test]
fn profile_from_json_with_defaults() {
    let p: Policy = crate::doc::from_json(r#"{"profit":{"method":"cost_plus","margin":"0.08"},"period_years":5}"#).unwrap();
    p.validate().unwrap();
    assert_eq!(p.period_years, 5);
    let e = crate::doc::from_json::<Policy>(r#"{"vat_rate":"abc"}"#).unwrap_err();
    assert_eq!((e.code(), e.field()), ("malformed_decimal", "vat_rate"));
    let e = crate::doc::from_json::<Policy>(r#"{"profit":{"method":"return_on_assets","rate":"6%"}}"#).unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("malformed_decimal", "profit.rate", "6%"));
    let e = crate::doc::from_json::<Policy>(r#"{"profit":{"method":"cost_plus","rate":"0.06"}}"#).unwrap_err();
    assert_eq!((e.code(), e.field()), ("parse", "profit"));
    let e = crate::doc::from_json::<Policy>(r#"{"profit":{"method":"wacc","equity_premium":"0.04"}}"#).unwrap_err();
    assert!(e.to_string().contains("debt_rate"), "{e}");
}

/// The profile paper names `cap_basis` and `clawback_netting` by their variant in lower case
/// (`period`, `peryear`, `perperiod`), as it always has: the calculator build lower-cases them
/// with `to_ascii_lowercase` (no Unicode case tables in the module, benches/README.md
/// "feat/size13").
#[test]
fn explanation_names_cap_basis_and_netting_in_lower_case() {
    let value = |p: &Policy, name: &str| {
        let e = p.explanation();
        let i = e.inputs.iter().find(|i| i.name == name).unwrap_or_else(|| panic!("{name} missing"));
        i.value.split(" — ").next().unwrap_or_default().to_string()
    };
    let mut p = Policy::national();
    p.cap_basis = CapBasis::Period;
    p.clawback_netting = ClawbackNetting::PerPeriod;
    assert_eq!((value(&p, "cap_basis"), value(&p, "clawback_netting")), ("period".to_string(), "perperiod".to_string()));
    p.cap_basis = CapBasis::PerYear;
    p.clawback_netting = ClawbackNetting::PerYear;
    assert_eq!((value(&p, "cap_basis"), value(&p, "clawback_netting")), ("peryear".to_string(), "peryear".to_string()));
}

#[test]
fn surcharges_times_vat_must_stay_below_one() {
    // The surcharge block solves R = (C + P + T − s × InputVAT) / (1 − s × v). Each rate passes
    // its own [0, 1) check, but s = 0.9 + 0.6 + 0.5 = 2.0 with v = 0.5 gives s × v = 1.00 (no
    // solution: the chain divided by zero) and s = 2.7 with v = 0.9 gives 2.43 (R < 0: the chain
    // printed surcharges 0.00).
    let with = |u: i64, e: i64, l: i64, v: i64| {
        let mut p = Policy::national();
        p.surcharges.urban_maintenance = Rate::new(dec(u, 1));
        p.surcharges.education = Rate::new(dec(e, 1));
        p.surcharges.local_education = Rate::new(dec(l, 1));
        p.vat_rate = Rate::new(dec(v, 1));
        p
    };
    for (p, sv) in [(with(9, 6, 5, 5), "1.00"), (with(9, 9, 9, 9), "2.43")] {
        let e = p.validate().unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("out_of_range", "surcharges", sv));
    }
    // s = 1.9, v = 0.5: s × v = 0.95 < 1 stays valid (R = (C + P + T) / 0.05).
    with(9, 5, 5, 5).validate().unwrap();
}
