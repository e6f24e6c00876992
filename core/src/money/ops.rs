//! The `money.*` operations (金额运算): rounding under a stated rule.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Rounding;
use crate::error::Result;
use crate::op::Operation;

/// The input of `money.round`.
#[derive(Debug, crate::read::ReadStruct)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoundInput {
    /// The value to round.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub value: Decimal,
    /// The rule (default: half up to 0.01).
    #[serde(default)]
    pub rounding: Rounding,
}
crate::op::plain_input!(RoundInput);

/// The result of `money.round`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoundOutput {
    /// The rounded value.
    #[serde(with = "crate::money::dec")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::DecimalText"))]
    pub result: Decimal,
}

/// `money.round`: `{value, rounding?}` → `{result}`.
#[derive(Debug)]
pub struct Round;

impl Operation for Round {
    const NAME: &'static str = "money.round";
    type Input = RoundInput;
    type Output = RoundOutput;
    fn run(i: RoundInput) -> Result<RoundOutput> {
        i.rounding.validate("rounding")?;
        Ok(RoundOutput { result: i.rounding.round(i.value)? })
    }
}
