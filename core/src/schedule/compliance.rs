//! Cap compliance (不高于上限收费标准).
//!
//! 65号 says actual fees are set "不高于上限收费标准"; a market-regulation inspector (市场监管)
//! compares each **published unit price** with the cap. That is the default test,
//! [`CapTest::Strict`]: every band's price, every overage price, a package's price ÷ its size,
//! a subscription's fee ÷ its included quantity, and a minimum charge (or a subscription's charge
//! for the smallest billable quantity) against cap × the smallest billable quantity, each after
//! the discounts around it. The verdict names the offending field and its unit price
//! ([`PriceBreach`]). The strict test implies the average test below (each published unit price
//! at or below the cap bounds every charge by cap × q), which a property test checks.
//!
//! The weaker **average test** ([`CapTest::Average`], a profile option) is the one the first
//! version applied: `charge(q) <= cap × q` for every billed quantity.
//!
//! The quantities checked are the multiples of the billing granularity `step`:
//! `q = k × step` for `k = 1, 2, 3, ...`. For each kind the smallest breaking `k` follows in
//! closed form from the shape of `g(q) = a × base(q) − cap × q`, where `a = Π (1 − percent)`
//! over the discounts around the innermost schedule `base`:
//!
//! - **flat**: `g` is `max(a·min, a·price·q) − cap·q`: if `a·price > cap` every `q` breaks;
//!   else only small `q` can, through the minimum, and the smallest is `step`.
//! - **package**: the billed quantity is the package total, so the rule is
//!   `a·price <= cap × size`, independent of `q`.
//! - **subscription**: `g` falls until `included` (the fee is spread over more units) and
//!   rises after it with slope `a·overage − cap`: either `k = 1` breaks, or the first `k` past
//!   `included` with `(a·overage − cap)·k·step > a·(overage·included − fee)`.
//! - **graduated**: `g` is continuous, linear inside each band with slope `a·price_i − cap`,
//!   `g(0) = 0`. Walking the bands in order with the accumulated `g(from_i)` (minus the slack),
//!   the first multiple of `step` in a band where `g > 0` is an exact ceiling division.
//! - **volume**: `g(q) = (a·price_j − cap)·q` in band `j`: the first band priced above the
//!   cap that contains a multiple of `step` breaks at its first multiple.
//!
//! The figures of the breach are then computed with [`Schedule::charge`] itself.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::division::{ceil_div, first_above};
use super::{Schedule, Tier};
use crate::error::{join_path, Error, Result};
use crate::explain::Explanation;
use crate::money::{add, div, mul, sub, Amount, Quantity, UnitPrice};
use crate::profile::CapTest;

/// The verdict on an actual fee against its cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Verdict {
    /// Whether the fee passes the test applied.
    pub compliant: bool,
    /// The test applied (strict: every published unit price; average: charge(q) ≤ cap × q).
    #[serde(default)]
    pub test: CapTest,
    /// Strict test: the first published unit price above the cap; `None` when every price is
    /// within it (always `None` under the average test).
    #[serde(default)]
    pub price_breach: Option<PriceBreach>,
    /// The smallest quantity with `charge(q) > cap × billed(q)`, with its figures; `None` when
    /// there is none (a fee can break the strict test with no such quantity).
    pub first_breach: Option<Breach>,
    /// The working paper (底稿) of the decision.
    #[cfg_attr(not(feature = "schema"), serde(skip_serializing_if = "crate::explain::left_out_of_figures"))]
    pub explanation: Explanation,
}

/// The smallest quantity at which a schedule charges more than the cap allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Breach {
    /// The smallest multiple of the step that breaks the cap.
    pub quantity: Quantity,
    /// The quantity the cap applies to: `quantity`, or the package total for a package.
    pub billed_quantity: Quantity,
    /// The precise charge for `quantity`.
    pub charge: Amount,
    /// `cap × billed_quantity`, which `charge` exceeds.
    pub cap_times_quantity: Amount,
    /// The schedule field responsible (`tiers[2].price`, `minimum_charge`, `base.fee`).
    pub field: String,
}

/// A published unit price above the cap (the strict test).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriceBreach {
    /// The schedule field (`tiers[1].price`, `overage`, `price` of a package, `fee`, `minimum_charge`).
    pub field: String,
    /// The published unit price compared with the cap (after discounts): a band's price, a
    /// package's price ÷ size, a fee ÷ included, a minimum ÷ the smallest billable quantity.
    pub unit_price: UnitPrice,
    /// The cap.
    pub cap: UnitPrice,
    /// How the unit price was formed, in words.
    pub basis: String,
}

/// What the analysis of one kind found: the breaking multiple `k`, if any, and why.
struct Finding {
    k: Option<Decimal>,
    field: String,
    note: String,
}

impl Finding {
    fn breaks(k: Decimal, field: impl Into<String>, note: String) -> Self {
        Finding { k: Some(k), field: field.into(), note }
    }

    /// No breach; `note`, the working paper's words, written only when papers are (every fee
    /// that keeps its cap, every year, on the chain's hot path).
    fn holds(note: impl FnOnce() -> String) -> Self {
        Finding { k: None, field: String::new(), note: if crate::explain::papers_wanted() { note() } else { String::new() } }
    }
}

/// The analysis context: discount factor `a`, cap `c` and step `s`.
struct Ctx {
    a: Decimal,
    c: Decimal,
    s: Decimal,
}

const F: &str = "compliance";

impl Schedule {
    /// Decide whether the schedule keeps `charge(q) <= cap × q` for every
    /// `q ∈ {step, 2·step, ...}` (for a package, `q` is the package total: see
    /// [`Schedule::billed_quantity`]), and find the smallest `q` that breaks it.
    ///
    /// The schedule is validated first; `cap` must be >= 0 and `step` > 0
    /// ([`Error::OutOfRange`] at `cap` / `step`).
    ///
    /// ```
    /// use datafee::schedule::Schedule;
    /// // A minimum charge of 10.00 at 0.50 per unit, cap 0.60: below 10 / 0.60 = 16.67
    /// // units the minimum is above cap x q.
    /// let s = Schedule::Flat { price: "0.50".parse()?, minimum_charge: Some("10.00".parse()?) };
    /// let v = s.compliance("0.60".parse()?, "1".parse()?)?;
    /// let b = v.first_breach.unwrap();
    /// assert_eq!((b.quantity.to_string(), b.charge.to_string()), ("1".into(), "10.00".into()));
    /// assert_eq!(b.field, "minimum_charge");
    /// // Billed in steps of 20 units the minimum never binds.
    /// assert!(s.compliance("0.60".parse()?, "20".parse()?)?.compliant);
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn compliance(&self, cap: UnitPrice, step: Quantity) -> Result<Verdict> {
        self.compliance_with(cap, step, CapTest::Strict)
    }

    /// The verdict under the average test only (`charge(q) <= cap × q` for every billed `q`);
    /// see [`Schedule::compliance_with`].
    pub fn average_compliance(&self, cap: UnitPrice, step: Quantity) -> Result<Verdict> {
        self.compliance_with(cap, step, CapTest::Average)
    }

    /// The verdict under the given test. Under both, `first_breach` is the smallest quantity
    /// at which `charge(q) > cap × billed(q)`, when there is one; under the strict test
    /// `price_breach` names the first published unit price above the cap and decides the verdict.
    ///
    /// ```
    /// use datafee::{profile::CapTest, schedule::Schedule};
    /// let s: Schedule = datafee::doc::from_json(r#"{"kind": "graduated", "tiers": [
    ///     {"from": "0", "to": "1000", "price": "0.50"},
    ///     {"from": "1000", "to": "1500", "price": "0.70"},
    ///     {"from": "1500", "price": "0.40"}]}"#)?;
    /// let strict = s.compliance_with("0.60".parse()?, "1".parse()?, CapTest::Strict)?;
    /// let b = strict.price_breach.unwrap();
    /// assert_eq!((strict.compliant, b.field.as_str(), b.unit_price.to_string()), (false, "tiers[1].price", "0.70".to_string()));
    /// // The average charge never rises above 0.60: the weaker test passes it.
    /// assert!(s.compliance_with("0.60".parse()?, "1".parse()?, CapTest::Average)?.compliant);
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn compliance_with(&self, cap: UnitPrice, step: Quantity, test: CapTest) -> Result<Verdict> {
        self.validate()?;
        cap.non_negative("cap")?;
        if step.get() <= Decimal::ZERO {
            return Err(Error::out_of_range("step", step, "> 0"));
        }
        let (a, base, path) = self.unwrap_discounts()?;
        let x = Ctx { a, c: cap.get(), s: step.get() };
        let finding = match base {
            Schedule::Flat { price, minimum_charge } => flat(&x, price.get(), minimum_charge.map(Amount::get))?,
            Schedule::Graduated { tiers } => graduated(&x, tiers)?,
            Schedule::Volume { tiers } => volume(&x, tiers)?,
            Schedule::Package { size, price } => package(&x, size.get(), price.get())?,
            Schedule::Subscription { fee, included, overage } => subscription(&x, fee.get(), included.get(), overage.get())?,
            Schedule::Discount { .. } => return Err(Error::invalid("base", "discount", "unwrapped discount")),
        };

        let price_breach = match test {
            CapTest::Strict => strict(&x, base)?.map(|(field, unit_price, basis)| PriceBreach {
                field: join_path(&path, &field),
                unit_price: UnitPrice::new(unit_price),
                cap,
                basis,
            }),
            CapTest::Average => None,
        };
        let first_breach = match finding.k {
            None => None,
            Some(k) => {
                let q = Quantity::new(mul(k, x.s, F)?);
                let billed = self.billed_quantity(q)?;
                let charge = self.charge(q)?;
                let ctq = Amount::new(mul(x.c, billed.get(), F)?);
                Some(Breach { quantity: q, billed_quantity: billed, charge, cap_times_quantity: ctq, field: join_path(&path, &finding.field) })
            }
        };
        let compliant = match test {
            CapTest::Strict => price_breach.is_none(),
            CapTest::Average => first_breach.is_none(),
        };
        // The working paper only when papers are written: its text (the schedule described, the
        // breach in words) was built and dropped on the chain's hot path, once per fee and year.
        let explanation = if crate::explain::papers_wanted() {
            let mut e = Explanation::new(
                "schedule.compliance",
                "Actual fee within the cap 具体收费标准不高于上限收费标准",
                match test {
                    CapTest::Strict => "strict test (cap_test = strict): every published unit price <= cap (65号: 不高于上限收费标准)",
                    CapTest::Average => "average test (cap_test = average): charge(q) <= cap x billed(q) for q = step, 2 step, 3 step, ...",
                },
            )
            .input("schedule", self.describe())
            .input("cap", cap)
            .input("step", step);
            if !path.is_empty() {
                e = e.input("discount factor a = product of (1 - percent)", a);
            }
            if matches!(base, Schedule::Package { .. }) {
                e = e.note("a package is bought whole: its billed quantity is the package total ceil(q / size) x size, so the rule reads price <= cap x size");
            }
            let average = match &first_breach {
                None => "charge(q) <= cap x q for every billed q".to_string(),
                Some(b) => {
                    format!("breaks the cap at q = {}: charge {} > cap x {} = {} ({})", b.quantity, b.charge, b.billed_quantity, b.cap_times_quantity, b.field)
                }
            };
            e = match (test, &price_breach) {
                (CapTest::Strict, Some(p)) => {
                    e.result(format!("not compliant: {} = {} > cap {} ({})", p.field, p.unit_price, cap, p.basis)).note(format!("average test: {average}"))
                }
                (CapTest::Strict, None) => e.result("compliant: every published unit price is at or below the cap"),
                (CapTest::Average, _) => e.result(if first_breach.is_none() { "compliant".to_string() } else { average }),
            };
            e.note(finding.note)
        } else {
            Explanation::default()
        };
        Ok(Verdict { compliant, test, price_breach, first_breach, explanation })
    }

    /// Like [`Schedule::compliance`], but a breach is the error [`Error::CapExceeded`] whose
    /// `field` is the schedule field responsible, `value` the smallest breaking quantity,
    /// `charge` the charge there and `cap` the cap.
    ///
    /// ```
    /// use datafee::schedule::Schedule;
    /// let s = Schedule::Subscription { fee: "100".parse()?, included: "1000".parse()?, overage: "0.12".parse()? };
    /// // Cap 0.10 billed per unit: the fee alone, 100.00 for 1 unit, is above 0.10 x 1.
    /// let e = s.check_compliance("0.10".parse()?, "1".parse()?).unwrap_err();
    /// assert_eq!((e.code(), e.field(), e.value()), ("cap_exceeded", "fee", "1"));
    /// // Billed per 1000 units: 100.00 <= 100.00 at 1000, but each unit past it adds 0.02
    /// // over the cap with no slack left, so 2000 (220.00 > 200.00) breaks.
    /// let e = s.check_compliance("0.10".parse()?, "1000".parse()?).unwrap_err();
    /// assert_eq!((e.field(), e.value()), ("overage", "2000"));
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn check_compliance(&self, cap: UnitPrice, step: Quantity) -> Result<()> {
        self.check_compliance_with(cap, step, CapTest::Average)
    }

    /// Like [`Schedule::compliance_with`], but a fee that fails is [`Error::CapExceeded`]:
    /// under the average test as [`Schedule::check_compliance`]; under the strict test its
    /// `field` is the offending price field, `value` its unit price and `charge` empty.
    pub fn check_compliance_with(&self, cap: UnitPrice, step: Quantity, test: CapTest) -> Result<()> {
        let v = self.compliance_with(cap, step, test)?;
        if v.compliant {
            return Ok(());
        }
        match (v.price_breach, v.first_breach) {
            (Some(p), _) => Err(Error::CapExceeded { field: p.field, value: p.unit_price.to_string(), charge: String::new(), cap: cap.to_string() }),
            (None, Some(b)) => Err(Error::CapExceeded { field: b.field, value: b.quantity.to_string(), charge: b.charge.to_string(), cap: cap.to_string() }),
            (None, None) => Err(Error::invalid("schedule", self.describe(), "not compliant")),
        }
    }
}

/// The strict test: the first published unit price above the cap, as (field, unit price, basis).
fn strict(x: &Ctx, base: &Schedule) -> Result<Option<(String, Decimal, String)>> {
    // The field and basis are written only for a price above the cap (every fee, every year).
    let above = |field: &dyn Fn() -> String, unit: Decimal, basis: &dyn Fn() -> String| -> Option<(String, Decimal, String)> {
        (unit > x.c).then(|| (field(), unit, basis()))
    };
    Ok(match base {
        Schedule::Flat { price, minimum_charge } => {
            let ap = mul(x.a, price.get(), F)?;
            match above(&|| "price".into(), ap, &|| "the unit price".into()) {
                Some(b) => Some(b),
                None => match minimum_charge {
                    Some(m) => {
                        let per = div(mul(x.a, m.get(), F)?, x.s, F)?;
                        above(&|| "minimum_charge".into(), per, &|| format!("the minimum charge ÷ the smallest billable quantity {}", x.s))
                    }
                    None => None,
                },
            }
        }
        Schedule::Graduated { tiers } | Schedule::Volume { tiers } => {
            let mut found = None;
            for (i, t) in tiers.iter().enumerate() {
                let ap = mul(x.a, t.price.get(), F)?;
                if let Some(b) = above(&|| format!("tiers[{i}].price"), ap, &|| format!("the price of band {i} (from {})", t.from)) {
                    found = Some(b);
                    break;
                }
            }
            found
        }
        Schedule::Package { size, price } => {
            let per = div(mul(x.a, price.get(), F)?, size.get(), F)?;
            above(&|| "price".into(), per, &|| format!("the package price ÷ its size {size}"))
        }
        Schedule::Subscription { fee, included, overage } => {
            let af = mul(x.a, fee.get(), F)?;
            let ao = mul(x.a, overage.get(), F)?;
            let over = if x.s > included.get() { sub(x.s, included.get(), F)? } else { Decimal::ZERO };
            let first = div(add(af, mul(ao, over, F)?, F)?, x.s, F)?;
            let per_included = if included.get() > Decimal::ZERO { Some(div(af, included.get(), F)?) } else { None };
            above(&|| "overage".into(), ao, &|| "the overage price".into())
                .or_else(|| per_included.and_then(|p| above(&|| "fee".into(), p, &|| format!("the fee ÷ the included quantity {included}"))))
                .or_else(|| {
                    above(&|| "fee".into(), first, &|| {
                        format!("the charge for the smallest billable quantity {} ÷ that quantity (the fee acts as a minimum charge)", x.s)
                    })
                })
        }
        Schedule::Discount { .. } => return Err(Error::invalid("base", "discount", "unwrapped discount")),
    })
}

fn flat(x: &Ctx, price: Decimal, minimum: Option<Decimal>) -> Result<Finding> {
    let ap = mul(x.a, price, F)?;
    if ap > x.c {
        return Ok(Finding::breaks(Decimal::ONE, "price", format!("flat: the unit price {ap} is above the cap {}, so every quantity breaks it", x.c)));
    }
    let cs = mul(x.c, x.s, F)?;
    if let Some(m) = minimum {
        let am = mul(x.a, m, F)?;
        if am > cs {
            return Ok(Finding::breaks(
                Decimal::ONE,
                "minimum_charge",
                format!("flat: the minimum charge {am} is above cap x step = {cs}, so the smallest billed quantity breaks"),
            ));
        }
        return Ok(Finding::holds(|| {
            format!("flat: unit price {ap} <= cap {} and minimum charge {am} <= cap x step {cs}, so charge(q) <= cap x q for every q >= step", x.c)
        }));
    }
    Ok(Finding::holds(|| format!("flat: unit price {ap} <= cap {}", x.c)))
}

fn package(x: &Ctx, size: Decimal, price: Decimal) -> Result<Finding> {
    let ap = mul(x.a, price, F)?;
    let cs = mul(x.c, size, F)?;
    if ap > cs {
        return Ok(Finding::breaks(Decimal::ONE, "price", format!("package: the package price {ap} is above cap x size = {cs}, so every purchase breaks it")));
    }
    Ok(Finding::holds(|| format!("package: the package price {ap} <= cap x size = {cs}")))
}

fn subscription(x: &Ctx, fee: Decimal, included: Decimal, overage: Decimal) -> Result<Finding> {
    let af = mul(x.a, fee, F)?;
    let ao = mul(x.a, overage, F)?;
    // g(step)
    let over = if x.s > included { sub(x.s, included, F)? } else { Decimal::ZERO };
    let g1 = sub(add(af, mul(ao, over, F)?, F)?, mul(x.c, x.s, F)?, F)?;
    if g1 > Decimal::ZERO {
        let field = if over > Decimal::ZERO && ao > x.c { "overage" } else { "fee" };
        return Ok(Finding::breaks(
            Decimal::ONE,
            field,
            format!("subscription: the charge for one step is above cap x step by {g1} (fee {af} spread over too few units)"),
        ));
    }
    let slope = sub(ao, x.c, F)?;
    if slope > Decimal::ZERO {
        // a·fee + a·overage·(k s − included) > cap·k s  <=>  (a·overage − cap)·s·k > a·overage·included − a·fee
        let lhs = mul(slope, x.s, F)?;
        let rhs = sub(mul(ao, included, F)?, af, F)?;
        let k = first_above(lhs, rhs, Decimal::ONE, F)?;
        let slack = sub(mul(x.c, included, F)?, af, F)?;
        return Ok(Finding::breaks(
            k,
            "overage",
            format!(
                "subscription: the overage {ao} is above the cap {}; the slack cap x included - fee = {slack} is used up at {} units past the included {included}, and the first multiple of step beyond is breached",
                x.c,
                crate::money::div(slack, slope, F)?.normalize()
            ),
        ));
    }
    Ok(Finding::holds(|| {
        format!("subscription: fee {af} <= cap x step at the first step, and the overage {ao} <= cap {}, so charge(q) / q never rises above the cap", x.c)
    }))
}

fn graduated(x: &Ctx, tiers: &[Tier]) -> Result<Finding> {
    // b = base charge at the band start; g = a·b − cap·from (minus the slack).
    let mut b = Decimal::ZERO;
    // The last band so far priced above the cap: the one to blame when g > 0 at a band start.
    let mut culprit: Option<usize> = None;
    for (i, t) in tiers.iter().enumerate() {
        let from = t.from.get();
        let g = sub(mul(x.a, b, F)?, mul(x.c, from, F)?, F)?;
        let d = sub(mul(x.a, t.price.get(), F)?, x.c, F)?;
        let k_lo = ceil_div(from, x.s, F)?.max(Decimal::ONE);
        let k_hi = match t.to {
            Some(to) => Some(sub(ceil_div(to.get(), x.s, F)?, Decimal::ONE, F)?),
            None => None,
        };
        let k = if k_hi.is_some_and(|h| h < k_lo) {
            None // no multiple of the step falls in this band
        } else if d <= Decimal::ZERO {
            // g falls (or stays) across the band: only its first multiple can break.
            let at = add(g, mul(d, sub(mul(k_lo, x.s, F)?, from, F)?, F)?, F)?;
            (at > Decimal::ZERO).then_some(k_lo)
        } else {
            // g(k s) = g + d (k s − from) > 0  <=>  (d s) k > d from − g
            let k = first_above(mul(d, x.s, F)?, sub(mul(d, from, F)?, g, F)?, k_lo, F)?;
            k_hi.is_none_or(|h| k <= h).then_some(k)
        };
        if let Some(k) = k {
            if d > Decimal::ZERO {
                let note = format!(
                    "graduated: band {i} from {from} is priced {d} per unit above the cap {}; the slack {} left at its start is used up inside the band, first breached at {k} x step",
                    x.c,
                    -g
                );
                return Ok(Finding::breaks(k, format!("tiers[{i}].price"), note));
            }
            let blame = culprit.unwrap_or(i);
            let note = format!(
                "graduated: band {blame} is priced above the cap and the charge is still above cap x q at the first multiple of the step in band {i} (from {from}, {g} over at its start)"
            );
            return Ok(Finding::breaks(k, format!("tiers[{blame}].price"), note));
        }
        if d > Decimal::ZERO {
            culprit = Some(i);
        }
        if let Some(to) = t.to {
            b = add(b, mul(t.price.get(), sub(to.get(), from, F)?, F)?, F)?;
        }
    }
    Ok(Finding::holds(|| format!("graduated: walking the {} bands, cap x q - charge(q) never falls below 0 at a multiple of the step", tiers.len())))
}

fn volume(x: &Ctx, tiers: &[Tier]) -> Result<Finding> {
    for (i, t) in tiers.iter().enumerate() {
        let ap = mul(x.a, t.price.get(), F)?;
        if ap <= x.c {
            continue;
        }
        let k = ceil_div(t.from.get(), x.s, F)?.max(Decimal::ONE);
        let inside = match t.to {
            Some(to) => mul(k, x.s, F)? < to.get(),
            None => true,
        };
        if inside {
            return Ok(Finding::breaks(
                k,
                format!("tiers[{i}].price"),
                format!("volume: band {i} from {} prices every unit at {ap}, above the cap {}; its first multiple of the step breaks", t.from, x.c),
            ));
        }
    }
    Ok(Finding::holds(|| format!("volume: every band reached by a multiple of the step prices units at or below the cap {}", x.c)))
}

#[cfg(test)]
mod tests;
