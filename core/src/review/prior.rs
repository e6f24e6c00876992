//! Reviewed years into the prior period of the next pricing period (上期实际收入, for 扣减).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::Amount;
use crate::mpr::PriorYear;

use super::MAX_REVIEWED_YEARS;

/// The part of a reviewed year the claw-back needs. A full [`super::Review`] as `review.year`
/// returns it reads as one (its other fields are ignored), and so does a bare
/// `{year, mpr, actual_revenue}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewedYear {
    /// The year.
    pub year: i32,
    /// Its MPR.
    pub mpr: Amount,
    /// Its actual chargeable revenue.
    pub actual_revenue: Amount,
}

impl From<&super::Review> for ReviewedYear {
    fn from(r: &super::Review) -> Self {
        ReviewedYear { year: r.year, mpr: r.mpr, actual_revenue: r.actual_revenue }
    }
}

/// The [`PriorYear`] list a scenario's `prior_period` takes, sorted by year.
///
/// Years must be distinct ([`Error::DuplicateId`] on `reviews[i].year`), amounts
/// non-negative, at most [`MAX_REVIEWED_YEARS`] of them. The claw-back itself (over-recovery
/// only unless the profile carries under-recovery, interest, spreading) is computed by
/// [`crate::mpr::Clawback`] when the next period's MPR is set.
///
/// ```
/// use datafee::review::{prior_years, ReviewedYear};
/// let years = [
///     ReviewedYear { year: 2027, mpr: "100.00".parse()?, actual_revenue: "90.00".parse()? },
///     ReviewedYear { year: 2026, mpr: "100.00".parse()?, actual_revenue: "120.00".parse()? },
/// ];
/// let prior = prior_years(&years)?;
/// assert_eq!((prior[0].year, prior[0].actual_revenue.to_string()), (2026, "120.00".to_string()));
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn prior_years(reviews: &[ReviewedYear]) -> Result<Vec<PriorYear>> {
    if reviews.len() > MAX_REVIEWED_YEARS {
        return Err(Error::LimitExceeded { field: "reviews".into(), value: reviews.len().to_string(), max: MAX_REVIEWED_YEARS.to_string() });
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(reviews.len());
    for (i, r) in reviews.iter().enumerate() {
        let f = format!("reviews[{i}]");
        if !seen.insert(r.year) {
            return Err(Error::DuplicateId { field: format!("{f}.year"), value: r.year.to_string() });
        }
        r.mpr.non_negative(&format!("{f}.mpr"))?;
        r.actual_revenue.non_negative(&format!("{f}.actual_revenue"))?;
        out.push(PriorYear { year: r.year, mpr: r.mpr, actual_revenue: r.actual_revenue });
    }
    out.sort_by_key(|p| p.year);
    Ok(out)
}
