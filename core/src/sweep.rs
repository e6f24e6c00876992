//! Scenario sweeps (情景测算): vary inputs over a grid and recompute MPR and caps.
//!
//! A regulator asks "what if the return rate is 6 %?" or "what if volumes are 30 % lower?".
//! A sweep takes a scenario document and one or more [`Variation`]s, each naming a path in
//! the document (`profile.profit.rate`, `forecasts[0].volume`, `forecasts[*].volume`) and
//! either values to set or factors to scale by. Every point of the cartesian grid is run
//! through the whole chain; a point whose inputs are refused (a rate above the profile's
//! bound, say) is kept with its error, so the grid shows where the policy stops.
//!
//! Two bounds: at most [`MAX_SWEEP_POINTS`] points, and a work budget
//! ([`MAX_SWEEP_WORK`], see [`crate::budget`]) on points × the scenario's size (the number
//! of values in the normalised document), checked before the first point is run and
//! charged point by point. A sweep beyond either is [`Error::LimitExceeded`] on `vary`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::budget::{document_size, Budget};
use crate::error::{Error, Result};
use crate::money::{self, parse_decimal, Amount, UnitPrice};
use crate::scenario::{run, ScenarioDoc};

/// The largest number of grid points a sweep may have.
pub const MAX_SWEEP_POINTS: usize = 10_000;

/// The work budget of one sweep: grid points × values in the normalised scenario document.
///
/// The example city (1,327 values once normalised) fits 3,767 points; a 1,000-product
/// scenario (about 29,000 values) fits 172. At about 1 µs per value for a chain run that is
/// linear in its document, the worst case is about 5 s on the reference machine (DESIGN.md,
/// "Limits and work budgets").
///
/// Fuzz builds (`cfg(fuzzing)`, set by cargo-fuzz) take a budget 100 times smaller: a sweep at the
/// full budget ran past the smoke run's timeout under AddressSanitizer (an input of the committed
/// `api_call` corpus); the refusal path and everything below the budget are the same code.
pub const MAX_SWEEP_WORK: u64 = if cfg!(fuzzing) { 50_000 } else { 5_000_000 };

/// One varied input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Variation {
    /// A path into the document: dot-separated keys, `[n]` indices, `[*]` for every element.
    pub path: String,
    /// Values to set (decimal strings), or
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::money::DecimalOrText>"))]
    pub values: Vec<String>,
    /// factors to multiply the current decimal value(s) by.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::money::DecimalOrText>"))]
    pub scale: Vec<String>,
}

/// An error at one grid point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PointError {
    /// Error code.
    pub code: String,
    /// Field.
    pub field: String,
    /// Value.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalOrText"))]
    pub value: String,
    /// Message.
    pub message: String,
}

/// A cap at one grid point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PointCap {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The cap as quoted.
    pub cap: UnitPrice,
}

/// One grid point's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SweepPoint {
    /// The value set or factor applied for each variation, in order.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::money::DecimalOrText>"))]
    pub inputs: Vec<String>,
    /// MPR of the year swept (absent on error).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mpr: Option<Amount>,
    /// MPR over the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mpr_total: Option<Amount>,
    /// Caps of the year swept.
    pub caps: Vec<PointCap>,
    /// Why the point was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<PointError>,
}

/// The sweep's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Sweep {
    /// The varied paths, in order.
    pub paths: Vec<String>,
    /// The year whose MPR and caps are reported.
    pub year: i32,
    /// Every grid point, the last variation varying fastest.
    pub points: Vec<SweepPoint>,
}

/// Run a sweep over `document` (a scenario as JSON) for `year` (default: the first year).
pub fn sweep(document: &Value, vary: &[Variation], year: Option<i32>) -> Result<Sweep> {
    if vary.is_empty() {
        return Err(Error::Empty { field: "vary".into(), value: "[]".into() });
    }
    // Per variation: the parsed path and its values, each flagged true when it is a scale factor.
    type Axis = (Vec<crate::paths::Step>, Vec<(String, bool)>);
    let mut axes: Vec<Axis> = Vec::new();
    let mut points = 1u64;
    for (i, v) in vary.iter().enumerate() {
        let steps = crate::paths::parse(&v.path, "vary.path").map_err(|e| e.within(&format!("vary[{i}]")))?;
        let (vals, scale) = match (v.values.is_empty(), v.scale.is_empty()) {
            (false, true) => (&v.values, false),
            (true, false) => (&v.scale, true),
            _ => return Err(Error::invalid(format!("vary[{i}]"), &v.path, "give exactly one of `values` or `scale`, non-empty")),
        };
        for (j, x) in vals.iter().enumerate() {
            parse_decimal(x, &format!("vary[{i}].{}[{j}]", if scale { "scale" } else { "values" }))?;
        }
        points = points.saturating_mul(vals.len() as u64);
        axes.push((steps, vals.iter().map(|x| (x.clone(), scale)).collect()));
    }
    // Counts are u64, so the value in the error is the same in 64-bit Rust, Python and WebAssembly.
    if points > MAX_SWEEP_POINTS as u64 {
        return Err(Error::LimitExceeded { field: "vary".into(), value: points.to_string(), max: MAX_SWEEP_POINTS.to_string() });
    }
    let points = points as usize;
    let base: ScenarioDoc = crate::doc::from_value(document.clone())?;
    let year = year.unwrap_or(base.first_year);
    // Vary the normalised document, where every default is written out (profile.profit.rate exists).
    let document = &crate::op::to_value(&base)?;
    let mut budget = Budget::new("vary", MAX_SWEEP_WORK, "document values evaluated (points x scenario size)");
    let size = document_size(document);
    budget.check_estimate(points as u64, size)?;
    let mut out = Vec::with_capacity(points);
    for k in 0..points {
        // Mixed-radix digits of k, last axis fastest.
        let mut idx = vec![0; axes.len()];
        let mut rem = k;
        for (a, (_, vals)) in axes.iter().enumerate().rev() {
            idx[a] = rem % vals.len();
            rem /= vals.len();
        }
        let mut doc = document.clone();
        let mut inputs = Vec::with_capacity(axes.len());
        let mut err = None;
        for (a, (steps, vals)) in axes.iter().enumerate() {
            let (x, scale) = &vals[idx[a]];
            inputs.push(x.clone());
            let path = &vary[a].path;
            let r = crate::paths::set_parsed(&mut doc, steps, path, "vary.path", &mut |v: &Value| {
                if *scale {
                    let cur = v.as_str().ok_or_else(|| Error::invalid("vary.path", path, "scale applies to decimal strings only"))?;
                    let cur = parse_decimal(cur, path)?;
                    let factor = parse_decimal(x, "vary.scale")?;
                    Ok(Value::String(money::mul(cur, factor, path)?.normalize().to_string()))
                } else {
                    Ok(Value::String(x.clone()))
                }
            });
            if let Err(e) = r {
                if e.field() == "vary.path" {
                    return Err(e);
                }
                err = Some(e);
            }
        }
        budget.charge(document_size(&doc))?;
        let result = match err {
            Some(e) => Err(e),
            None => crate::doc::from_value::<ScenarioDoc>(doc).and_then(|d| run(&d)),
        };
        out.push(match result {
            Ok(r) => {
                let caps = r.caps_for(year).map(|c| {
                    c.lines.iter().filter_map(|l| l.cap_quoted.map(|cap| PointCap { product: l.product.clone(), scenario: l.scenario.clone(), cap })).collect()
                });
                SweepPoint {
                    inputs,
                    mpr: r.mpr.years.iter().find(|y| y.year == year).map(|y| y.mpr),
                    mpr_total: Some(r.mpr.total),
                    caps: caps.unwrap_or_default(),
                    error: None,
                }
            }
            Err(e) => SweepPoint {
                inputs,
                mpr: None,
                mpr_total: None,
                caps: Vec::new(),
                error: Some(PointError { code: e.code().into(), field: e.field().into(), value: e.value().into(), message: e.to_string() }),
            },
        });
    }
    Ok(Sweep { paths: vary.iter().map(|v| v.path.clone()).collect(), year, points: out })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(products: usize) -> Value {
        let ids: Vec<String> = (0..products).map(|i| format!("p{i}")).collect();
        serde_json::json!({
            "name": "t", "first_year": 2026, "profile": {"period_years": 1},
            "catalog": {
                "scenarios": [{"id": "ind", "name": "I", "category": "industry_development"}],
                "products": ids.iter().map(|p| serde_json::json!({"id": p, "name": p, "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["ind"]})).collect::<Vec<_>>()
            },
            "costs": {"ledger": {"entries": ids.iter().map(|p| serde_json::json!({"category": "personnel", "year": 2026, "product": p, "amount": "600.00"})).collect::<Vec<_>>()}},
            "forecasts": ids.iter().map(|p| serde_json::json!({"product": p, "scenario": "ind", "volume": "3000"})).collect::<Vec<_>>(),
        })
    }

    fn vary(points: usize) -> Vec<Variation> {
        vec![Variation { path: "profile.profit.rate".into(), values: (0..points).map(|i| format!("0.0{i}")).collect(), scale: vec![] }]
    }

    #[test]
    fn work_budget_bounds_points_times_size() {
        let doc = city(1000);
        let size = document_size(&crate::op::to_value(&crate::doc::from_value::<ScenarioDoc>(doc.clone()).unwrap()).unwrap());
        assert!(size > 9_000, "{size}");
        let points = (MAX_SWEEP_WORK / size + 1) as usize;
        assert!(points <= MAX_SWEEP_POINTS);
        let e = sweep(&doc, &vary(points), None).unwrap_err();
        assert_eq!((e.code(), e.field()), ("limit_exceeded", "vary"));
        assert!(e.to_string().contains("work budget"), "{e}");
        assert!(e.value().contains(&format!("{points} x {size}")), "{e}");
        // One point fewer than the budget allows runs.
        let ok = sweep(&city(10), &vary(2), None).unwrap();
        assert_eq!(ok.points.len(), 2);
    }

    #[test]
    fn point_count_is_u64() {
        let v: Vec<Variation> = (0..3).map(|_| Variation { path: "name".into(), values: vec!["1".into(); 2000], scale: vec![] }).collect();
        let e = sweep(&city(1), &v, None).unwrap_err();
        assert_eq!((e.code(), e.value()), ("limit_exceeded", "8000000000"));
    }
}
