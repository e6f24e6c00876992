//! Tests of [`super`] (money).

use super::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn strict_parse() {
    assert!(parse_decimal("12.50", "x").is_ok());
    assert!(parse_decimal("+1", "x").is_ok());
    for bad in ["", "-", ".5", "5.", "1e3", "1,5", " 1", "1_000", "NaN", "0x10"] {
        assert_eq!(parse_decimal(bad, "x").unwrap_err().code(), "malformed_decimal", "{bad}");
    }
    assert_eq!(parse_decimal("99999999999999999999999999999999", "x").unwrap_err().code(), "overflow");
}

#[test]
fn rounding_modes() {
    let r = |mode, unit: &str, x: &str| Rounding::new(d(unit), mode).unwrap().round(d(x)).unwrap().to_string();
    assert_eq!(r(RoundMode::HalfUp, "0.01", "-0.125"), "-0.13");
    assert_eq!(r(RoundMode::HalfEven, "0.01", "0.125"), "0.12");
    assert_eq!(r(RoundMode::Floor, "0.01", "-0.121"), "-0.13");
    assert_eq!(r(RoundMode::Floor, "0.05", "0.149"), "0.10");
    assert_eq!(r(RoundMode::HalfUp, "0.05", "0.125"), "0.15");
    assert_eq!(r(RoundMode::Ceil, "0.001", "0.0001"), "0.001");
}

#[test]
fn tiny_values_to_units_not_powers_of_ten() {
    // Issue 15 item 8: 1e-28 / 3 is 0 at 28 digits, so dividing first gave 0 here.
    let r = |mode, unit: &str, x: &str| Rounding::new(d(unit), mode).unwrap().round(d(x)).map(|v| v.to_string());
    let tiny = "0.0000000000000000000000000001";
    assert_eq!(r(RoundMode::Ceil, "3", tiny).unwrap(), "3");
    assert_eq!(r(RoundMode::Floor, "3", &format!("-{tiny}")).unwrap(), "-3");
    assert_eq!(r(RoundMode::Floor, "3", tiny).unwrap(), "0");
    assert_eq!(r(RoundMode::Ceil, "0.05", tiny).unwrap(), "0.05");
    assert_eq!(r(RoundMode::Ceil, "0.07", "0.0700000000000000000000000001").unwrap(), "0.14");
    assert_eq!(r(RoundMode::HalfUp, "0.05", "0.0749999999999999999999999999").unwrap(), "0.05");
    assert_eq!(r(RoundMode::HalfUp, "0.05", "0.075").unwrap(), "0.10");
    assert_eq!(r(RoundMode::HalfUp, "0.05", "-0.075").unwrap(), "-0.10");
    assert_eq!(r(RoundMode::HalfEven, "0.05", "0.075").unwrap(), "0.10");
    assert_eq!(r(RoundMode::HalfEven, "0.05", "0.125").unwrap(), "0.10");
    assert_eq!(r(RoundMode::HalfEven, "0.05", "-0.125").unwrap(), "-0.10");
    // A result with more digits than a Decimal holds is refused, not rounded silently.
    assert_eq!(r(RoundMode::Ceil, "0.0000000000000000000000000003", "10000000000.00000000000000000001").unwrap_err().code(), "overflow");
    // Cross-check against integer arithmetic on small exact values.
    for (mode, name) in [
        (RoundMode::Floor, "floor"),
        (RoundMode::Ceil, "ceil"),
        (RoundMode::HalfUp, "half_up"),
        (RoundMode::HalfEven, "half_even"),
        (RoundMode::HalfDown, "half_down"),
        (RoundMode::Trunc, "trunc"),
    ] {
        for num in -40i64..=40 {
            for u in [3i64, 6, 7, 25] {
                // x = num / 4, unit = u / 10
                let x = Decimal::new(num, 0) / Decimal::new(4, 0);
                let unit = Decimal::new(u, 1);
                let got = Rounding::new(unit, mode).unwrap().round(x).unwrap();
                // n = x / unit = 10 num / (4 u), rounded by the mode in integers.
                let (p, q) = (10 * num, 4 * u);
                let fl = p.div_euclid(q);
                let rem2 = 2 * p.rem_euclid(q);
                let n = match mode {
                    RoundMode::Floor => fl,
                    RoundMode::Ceil => fl + i64::from(p.rem_euclid(q) != 0),
                    RoundMode::HalfUp if rem2 == q => {
                        if p >= 0 {
                            fl + 1
                        } else {
                            fl
                        }
                    }
                    RoundMode::HalfEven if rem2 == q => fl + (fl & 1),
                    RoundMode::HalfDown if rem2 == q => {
                        if p >= 0 {
                            fl
                        } else {
                            fl + 1
                        }
                    }
                    RoundMode::Trunc => {
                        if p >= 0 {
                            fl
                        } else {
                            fl + i64::from(p.rem_euclid(q) != 0)
                        }
                    }
                    _ => fl + i64::from(rem2 > q),
                };
                assert_eq!(got, Decimal::new(n, 0) * unit, "{name} {x} to {unit}");
            }
        }
    }
}

#[test]
fn serde_refuses_numbers() {
    let e = serde_json::from_str::<Amount>("1.5").unwrap_err().to_string();
    assert!(e.contains(NUMBER_MARK), "{e}");
    let a: Amount = serde_json::from_str("\"1.50\"").unwrap();
    assert_eq!(serde_json::to_string(&a).unwrap(), "\"1.50\"");
    let e = serde_json::from_str::<Amount>("\"x\"").unwrap_err().to_string();
    assert!(e.contains(MALFORMED_MARK), "{e}");
}

#[test]
fn checked_ops() {
    assert_eq!(mul(Decimal::MAX, d("2"), "mpr").unwrap_err().code(), "overflow");
    assert_eq!(div(d("1"), Decimal::ZERO, "cap").unwrap_err().code(), "invalid");
    assert_eq!(sum([d("1"), d("2.5")], "s").unwrap(), d("3.5"));
}

#[test]
fn decimal_text_is_display() {
    // Every mantissa length across the 19-digit chunk boundary, every scale, both signs,
    // negative zero, and the extremes: the fmt-free writer gives `Display`'s text exactly.
    let mut cases = vec![Decimal::ZERO, -Decimal::ZERO, Decimal::MAX, Decimal::MIN, Decimal::new(0, 28), Decimal::new(-0, 2)];
    let mut neg_zero = Decimal::new(0, 2);
    neg_zero.set_sign_negative(true);
    cases.push(neg_zero);
    for scale in [0u32, 1, 2, 3, 9, 18, 19, 20, 27, 28] {
        let mut m: i128 = 1;
        for _ in 0..29 {
            for v in [m, m - 1, m + 7, -m, -(m - 1)] {
                if let Ok(x) = Decimal::try_from_i128_with_scale(v, scale) {
                    cases.push(x);
                }
            }
            m *= 10;
        }
        cases.push(Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, scale));
        cases.push(Decimal::from_i128_with_scale(10_000_000_000_000_000_000, scale));
        cases.push(Decimal::from_i128_with_scale(10_000_000_000_000_000_001, scale));
    }
    for x in cases {
        assert_eq!(DecimalBuf::new(&x).as_str(), x.to_string(), "{x:?}");
        let mut out = String::from("a,");
        push_decimal(&mut out, x);
        assert_eq!(out, format!("a,{x}"), "{x:?}");
    }
    assert_eq!(serde_json::to_string(&Amount::new(d("-0.50"))).unwrap(), "\"-0.50\"");
}
