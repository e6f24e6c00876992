//! The working capital allowance (营运资本).
//!
//! Besides its net fixed assets and intangibles, an operator ties up money in running the
//! business (receivables, stock, cash for wages). Regulated-price rules recognise it as a
//! stated share of the year's operating (O&M-type) cost, and it is part of the effective
//! assets (有效资产) that earn the permitted return:
//!
//! ```text
//! working capital = round(operating cost × share, 0.01)   (half-up, 四舍五入)
//! ```

use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::money::{self, Amount, Rate, Rounding};

use super::cents_form;

/// The working capital allowance: `om_cost × share`, rounded half-up to the cent.
///
/// `om_cost` must be non-negative and `share` in `[0, 1]` ([`Error::OutOfRange`]).
///
/// ```
/// use datafee::costs::working_capital;
/// let wc = working_capital("1234.56".parse()?, "0.15".parse()?)?;
/// assert_eq!(wc.to_string(), "185.18"); // 185.184
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn working_capital(om_cost: Amount, share: Rate) -> Result<Amount> {
    Ok(working_capital_explained(om_cost, share, "costs.working_capital")?.0)
}

/// [`working_capital`] with its working paper under explanation id `id`.
pub(crate) fn working_capital_explained(om_cost: Amount, share: Rate, id: &str) -> Result<(Amount, Explanation)> {
    om_cost.non_negative("om_cost")?;
    if share.is_negative() || share.get() > rust_decimal::Decimal::ONE {
        return Err(Error::out_of_range("working_capital_share", share, "in [0, 1]"));
    }
    let rounding = Rounding::cents();
    let wc = cents_form(rounding.round(money::mul(om_cost.get(), share.get(), "working_capital")?)?);
    let e = Explanation::new(id, "Working capital allowance 营运资本", "working capital = operating cost × share")
        .input("operating cost (运维等经营成本)", om_cost)
        .input("share", share)
        .result(wc)
        .rounding(rounding.describe());
    Ok((wc, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        let a = |s: &str| Amount::new(s.parse().unwrap());
        let r = |s: &str| Rate::new(s.parse().unwrap());
        assert_eq!(working_capital(a("100"), r("0")).unwrap().to_string(), "0.00");
        assert_eq!(working_capital(a("0.05"), r("0.1")).unwrap().to_string(), "0.01");
        assert_eq!(working_capital(a("-1"), r("0.1")).unwrap_err().field(), "om_cost");
        assert_eq!(working_capital(a("1"), r("1.01")).unwrap_err().field(), "working_capital_share");
    }
}
