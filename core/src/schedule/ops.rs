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
use serde::Serialize;

use super::Schedule;
use crate::error::{Result, ResultExt};
use crate::explain::Explanation;
use crate::money::{Amount, Quantity, Rounding, UnitPrice};
use crate::op::Operation;

/// Operations this module answers through [`crate::api::call`].
/// The input of `schedule.validate`.
#[derive(Debug, crate::read::ReadStruct)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ScheduleValidateInput"))]
pub struct ValidateInput {
    /// The schedule to check.
    pub schedule: Schedule,
}

/// The result of `schedule.validate`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ScheduleValidateOutput"))]
pub struct ValidateOutput {
    /// Always `true` (an invalid schedule is an error).
    pub valid: bool,
    /// The schedule in words.
    pub description: String,
}

/// The input of `schedule.charge`.
#[derive(Debug, crate::read::ReadStruct)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChargeInput {
    /// The schedule.
    pub schedule: Schedule,
    /// The quantity used.
    pub quantity: Quantity,
}

/// The result of `schedule.charge`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ChargeResult"))]
pub struct ChargeOutput {
    /// The charge, unrounded.
    pub charge: Amount,
    /// The charge half up to 0.01 yuan, as an invoice line shows it.
    pub charge_rounded: Amount,
    /// The working paper.
    pub explanation: Explanation,
}

/// The input of `schedule.compliance`.
#[derive(Debug, crate::read::ReadStruct)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ComplianceInput {
    /// The schedule.
    pub schedule: Schedule,
    /// The cap per unit.
    pub cap: UnitPrice,
    /// The billing step (default 1).
    #[serde(default)]
    pub step: Option<Quantity>,
    /// The test (default strict).
    #[serde(default)]
    pub test: crate::profile::CapTest,
}
crate::op::plain_input!(ValidateInput, ChargeInput, ComplianceInput);

/// `schedule.validate`: a schedule checked and described.
#[derive(Debug)]
pub struct Validate;

impl Operation for Validate {
    const NAME: &'static str = "schedule.validate";
    type Input = ValidateInput;
    type Output = ValidateOutput;
    fn run(i: ValidateInput) -> Result<ValidateOutput> {
        i.schedule.validate().within("schedule")?;
        Ok(ValidateOutput { valid: true, description: i.schedule.describe() })
    }
}

/// `schedule.charge`: the charge of a quantity under a schedule.
#[derive(Debug)]
pub struct Charge;

impl Operation for Charge {
    const NAME: &'static str = "schedule.charge";
    type Input = ChargeInput;
    type Output = ChargeOutput;
    fn run(i: ChargeInput) -> Result<ChargeOutput> {
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
    }
}

/// `schedule.compliance`: a schedule tested against a cap.
#[derive(Debug)]
pub struct Compliance;

impl Operation for Compliance {
    const NAME: &'static str = "schedule.compliance";
    type Input = ComplianceInput;
    type Output = super::Verdict;
    fn run(i: ComplianceInput) -> Result<super::Verdict> {
        i.schedule.validate().within("schedule")?;
        let step = i.step.unwrap_or(Quantity::new(Decimal::ONE));
        i.schedule.compliance_with(i.cap, step, i.test)
    }
}

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
