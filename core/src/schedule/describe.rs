//! Plain-language descriptions of fee schedules, for the public fee list (收费公示).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::{Schedule, Tier};

/// Bands listed in a description before the rest is summarised.
const SHOWN_BANDS: usize = 10;

impl Schedule {
    /// A short human description, as published in the fee list:
    ///
    /// ```
    /// use datafee::schedule::Schedule;
    /// let s: Schedule = datafee::doc::from_json(r#"{"kind": "discount", "percent": "0.2",
    ///     "base": {"kind": "graduated", "tiers": [
    ///         {"from": "0", "to": "1000", "price": "0.50"}, {"from": "1000", "price": "0.40"}]}}"#)?;
    /// assert_eq!(s.describe(),
    ///     "20% off (graduated: 0.50 per unit for units [0, 1000), 0.40 from 1000 on)");
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn describe(&self) -> String {
        match self {
            Schedule::Flat { price, minimum_charge: None } => format!("{price} per unit"),
            Schedule::Flat { price, minimum_charge: Some(m) } => {
                format!("{price} per unit, minimum charge {m} per billing")
            }
            Schedule::Graduated { tiers } => format!("graduated: {}", bands(tiers, "for units", "")),
            Schedule::Volume { tiers } => {
                format!("volume, all units at the band the total reaches: {}", bands(tiers, "if the total is in", " or more"))
            }
            Schedule::Package { size, price } => format!("whole packages of {size} units at {price} each"),
            Schedule::Subscription { fee, included, overage } => {
                format!("subscription {fee} per period including {included} units, then {overage} per unit")
            }
            Schedule::Discount { percent, base } => {
                let pct = percent.get().checked_mul(Decimal::ONE_HUNDRED).map(|p| p.normalize());
                match pct {
                    Some(p) => format!("{p}% off ({})", base.describe()),
                    None => format!("{percent} off ({})", base.describe()),
                }
            }
        }
    }
}

/// `0.50 per unit for units [0, 1000), 0.40 from 1000 on`.
fn bands(tiers: &[Tier], lead: &str, open_end: &str) -> String {
    let mut s = String::new();
    for (i, t) in tiers.iter().take(SHOWN_BANDS).enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let unit = if i == 0 { " per unit" } else { "" };
        let _ = match t.to {
            Some(to) => write!(s, "{}{unit} {lead} [{}, {to})", t.price, t.from),
            None if open_end.is_empty() => write!(s, "{}{unit} from {} on", t.price, t.from),
            None => write!(s, "{}{unit} if {}{open_end}", t.price, t.from),
        };
    }
    if tiers.len() > SHOWN_BANDS {
        let _ = write!(s, ", and {} more bands", tiers.len() - SHOWN_BANDS);
    }
    s
}
