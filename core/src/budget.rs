//! Work budgets (工作量预算): a stated maximum of elementary steps for operations whose cost is
//! not linear in their input.
//!
//! Size limits (`MAX_*`) bound each input on its own; a [`Budget`] bounds their *product*:
//! a sweep of 10,000 points over a 1,000-product scenario is inside both size limits but
//! would run for minutes. An operation states its budget (a dimension name, a maximum and
//! the unit of a step), checks its estimate **before** starting ([`Budget::check_estimate`])
//! and charges the steps it actually takes **while** working ([`Budget::charge`]), so an
//! estimate that was too low still stops the work. Either way the refusal is
//! [`Error::LimitExceeded`] whose field names the dimension and whose value says it was
//! the work budget, with the count as a `u64` (identical in 64-bit Rust, Python and
//! WebAssembly, where `usize` is 32 bits).
//!
//! ```
//! use datafee::budget::Budget;
//! let mut b = Budget::new("vary", 1_000, "document values evaluated");
//! b.check_estimate(10, 50)?; // 10 points x 50 values
//! b.charge(500)?;
//! let e = b.charge(501).unwrap_err();
//! assert_eq!((e.code(), e.field()), ("limit_exceeded", "vary"));
//! # Ok::<(), datafee::Error>(())
//! ```

use serde_json::Value;

use crate::error::{Error, Result};

/// A maximum number of elementary steps for one call, and the steps used so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    field: &'static str,
    max: u64,
    unit: &'static str,
    used: u64,
}

impl Budget {
    /// A budget of `max` steps for the dimension `field` (the input field that drives the cost);
    /// `unit` says what one step is, in words, for the error message.
    pub fn new(field: &'static str, max: u64, unit: &'static str) -> Self {
        Budget { field, max, unit, used: 0 }
    }

    /// The maximum number of steps.
    pub fn max(&self) -> u64 {
        self.max
    }

    /// The steps charged so far.
    pub fn used(&self) -> u64 {
        self.used
    }

    fn refuse(&self, value: String) -> Error {
        Error::LimitExceeded { field: self.field.to_string(), value, max: format!("a work budget of {} {}", self.max, self.unit) }
    }

    /// Refuse before starting when `count` repetitions of `size` steps each exceed the budget.
    pub fn check_estimate(&self, count: u64, size: u64) -> Result<()> {
        let total = count.saturating_mul(size);
        if total > self.max {
            return Err(self.refuse(format!("{count} x {size} = {total} {}", self.unit)));
        }
        Ok(())
    }

    /// Charge `steps` steps; refuse once the total passes the budget.
    pub fn charge(&mut self, steps: u64) -> Result<()> {
        self.used = self.used.saturating_add(steps);
        if self.used > self.max {
            return Err(self.refuse(format!("{} {} (stopped while working)", self.used, self.unit)));
        }
        Ok(())
    }
}

/// The number of values in a JSON document (every object, array, string, number, boolean and
/// null counts one): the size measure of a document whose processing cost grows with it.
/// Iterative, so a deep document cannot exhaust the stack.
pub fn document_size(value: &Value) -> u64 {
    let mut n = 0u64;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        n += 1;
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => stack.extend(o.values()),
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_and_charge() {
        let b = Budget::new("vary", 100, "steps");
        assert!(b.check_estimate(10, 10).is_ok());
        let e = b.check_estimate(u64::MAX, 2).unwrap_err();
        assert_eq!(e.code(), "limit_exceeded");
        assert!(e.value().contains(&u64::MAX.to_string()), "{}", e.value());
        assert!(e.to_string().contains("work budget of 100 steps"), "{e}");
        let mut b = b;
        b.charge(60).unwrap();
        assert_eq!(b.used(), 60);
        assert_eq!(b.charge(41).unwrap_err().field(), "vary");
    }

    #[test]
    fn sizes() {
        assert_eq!(document_size(&serde_json::json!({"a": [1, 2, {"b": null}], "c": "x"})), 7);
        assert_eq!(document_size(&serde_json::json!(1)), 1);
    }
}
