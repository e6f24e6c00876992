//! The `schedule.*` operations of [`crate::api::call`].
//!
//! - `schedule.validate`: `{schedule}` → `{valid: true, description}`
//! - `schedule.charge`: `{schedule, quantity}` → `{charge, charge_rounded, explanation}`
//!   (`charge` precise, `charge_rounded` half-up to 0.01 yuan)
//! - `schedule.compliance`: `{schedule, cap, step?, test?}` (step defaults to `"1"`, test to
//!   `"strict"`; `"average"` is the weaker test) → `{compliant, test, price_breach: null |
//!   {field, unit_price, cap, basis}, first_breach: null | {quantity, billed_quantity, charge,
//!   cap_times_quantity, field}, explanation}`
//!
//! Schedule errors are reported under `schedule.` (`schedule.tiers[1].from`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Schedule;
use crate::api::run;
use crate::error::{Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{Amount, Quantity, Rounding, UnitPrice};

/// Operations this module answers through [`crate::api::call`].
pub const OPERATIONS: &[&str] = &["schedule.charge", "schedule.compliance", "schedule.validate"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidateInput {
    schedule: Schedule,
}

#[derive(Serialize)]
struct ValidateOutput {
    valid: bool,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChargeInput {
    schedule: Schedule,
    quantity: Quantity,
}

#[derive(Serialize)]
struct ChargeOutput {
    charge: Amount,
    charge_rounded: Amount,
    explanation: Explanation,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplianceInput {
    schedule: Schedule,
    cap: UnitPrice,
    #[serde(default)]
    step: Option<Quantity>,
    /// The test: `strict` (default) or `average`.
    #[serde(default)]
    test: crate::profile::CapTest,
}

pub(crate) fn dispatch(op: &str, input: Value) -> Option<Result<Value>> {
    Some(match op {
        "schedule.validate" => run(input, |i: ValidateInput| {
            i.schedule.validate().within("schedule")?;
            Ok(ValidateOutput { valid: true, description: i.schedule.describe() })
        }),
        "schedule.charge" => run(input, |i: ChargeInput| {
            i.schedule.validate().within("schedule")?;
            let charge = i.schedule.charge(i.quantity)?;
            let rounding = Rounding::cents();
            // Invoice amounts show every place of the unit: 1.5 is written 1.50.
            let mut rounded = rounding.round(charge.get())?;
            rounded.rescale(rounding.unit.scale());
            let rounded = Amount::new(rounded);
            let explanation = Explanation::new("schedule.charge", "Charge under the actual fee 具体收费标准计费", formula(&i.schedule))
                .input("schedule", i.schedule.describe())
                .input("q", i.quantity)
                .result(charge)
                .note(format!("invoice line: {rounded} ({})", rounding.describe()))
                .note("billing happens only for q > 0: charge(0) = 0 for every kind");
            Ok(ChargeOutput { charge, charge_rounded: rounded, explanation })
        }),
        "schedule.compliance" => run(input, |i: ComplianceInput| {
            i.schedule.validate().within("schedule")?;
            let step = i.step.unwrap_or(Quantity::new(Decimal::ONE));
            i.schedule.compliance_with(i.cap, step, i.test)
        }),
        _ => return None,
    })
}

/// The charge formula of a schedule, in symbols.
fn formula(s: &Schedule) -> String {
    match s {
        Schedule::Flat { minimum_charge: None, .. } => "price x q".into(),
        Schedule::Flat { .. } => "max(price x q, minimum_charge) for q > 0".into(),
        Schedule::Graduated { .. } => "sum over bands of price_i x (min(q, to_i) - from_i), bands below q".into(),
        Schedule::Volume { .. } => "price of the band containing q, x q".into(),
        Schedule::Package { .. } => "ceil(q / size) x price".into(),
        Schedule::Subscription { .. } => "fee + overage x max(0, q - included) for q > 0".into(),
        Schedule::Discount { base, .. } => format!("(1 - percent) x [{}]", formula(base)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::call;

    #[test]
    fn ops_answer() {
        let s = json!({"kind": "flat", "price": "0.335"});
        let v = call("schedule.validate", json!({"schedule": s})).unwrap();
        assert_eq!(v, json!({"valid": true, "description": "0.335 per unit"}));
        let c = call("schedule.charge", json!({"schedule": s, "quantity": "3"})).unwrap();
        assert_eq!((c["charge"].as_str(), c["charge_rounded"].as_str()), (Some("1.005"), Some("1.01")));
        let r = call("schedule.compliance", json!({"schedule": s, "cap": "0.30"})).unwrap();
        assert_eq!(r["compliant"], json!(false));
        assert_eq!(r["first_breach"]["quantity"], json!("1"));
        let r = call("schedule.compliance", json!({"schedule": s, "cap": "0.34", "step": "2"})).unwrap();
        assert_eq!(r["first_breach"], json!(null));
        let e = call("schedule.validate", json!({"schedule": {"kind": "package", "size": "0", "price": "1"}})).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", "schedule.size"));
        assert!(call("schedule.nope", json!({})).is_err());
    }
}
