//! The admission gate (准入检查): a record checked against the lifecycle
//! ([`crate::lifecycle::Lifecycle`], `tariff.lifecycle`) before it is priced.
//!
//! In order, after `outside_period` and before `no_fee_in_force`:
//!
//! 1. `outside_authorization`: the day is outside the authorization's term (before its start,
//!    on or after its end, renewals included, or on or after an early termination);
//! 2. `suspended`: the day falls in a suspension (暂停执行);
//! 3. `product_not_registered`: the product has no registration number (登记编号) or no
//!    approval date (审定), or the day is before it (unless `registration_required = false`);
//! 4. `product_withdrawn`: the day is on or after the product's withdrawal (下架);
//! 5. `scenario_not_approved`: approvals are given and none of the customer's covers the
//!    product, the scenario and the day (一场景一授权); with `approvals_cover = "free_uses"`
//!    only free uses are checked.
//!
//! Without a lifecycle the gate is absent and costs one branch per record.

use super::idset::{fast_map, FastMap};
use super::tariff::{Compiled, PairIx};
use super::RejectReason;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::lifecycle::{ApprovalScope, Lifecycle, Term};

/// Per customer: `(pair, start, end)` of each approval.
type Approvals = FastMap<Box<str>, Vec<(u32, i32, i32)>>;

/// The lifecycle compiled into day numbers and catalog indices.
#[derive(Debug)]
pub(crate) struct Gate {
    term: Option<Term>,
    /// Per product: `(registered and approved from, withdrawn from)`, `i32::MAX` for never.
    products: Option<Vec<(i32, i32)>>,
    approvals: Option<Approvals>,
    free_only: bool,
}

impl Gate {
    /// Compile a lifecycle against the catalog and the tariff's pairs. Errors name fields
    /// inside the lifecycle document.
    pub(crate) fn new(lc: &Lifecycle, catalog: &Catalog, pair_of: impl Fn(u32, u32) -> Option<u32>) -> Result<Gate> {
        let term = lc.validate(catalog)?;
        let products = lc.registration_required.then(|| {
            catalog
                .products
                .iter()
                .map(|p| {
                    let from = match (&p.registration_number, p.approved_on) {
                        (Some(_), Some(d)) => d.days(),
                        _ => i32::MAX,
                    };
                    (from, p.withdrawn_on.map_or(i32::MAX, |d| d.days()))
                })
                .collect()
        });
        let approvals = match &lc.approvals {
            None => None,
            Some(list) => {
                let mut map: Approvals = fast_map();
                for a in list {
                    let p = catalog.products.iter().position(|x| x.id == a.product);
                    let s = catalog.scenarios.iter().position(|x| x.id == a.scenario);
                    // Both resolve and are offered together: checked by `validate` above.
                    if let Some(pair) = p.zip(s).and_then(|(p, s)| pair_of(p as u32, s as u32)) {
                        map.entry(Box::from(a.customer.as_str())).or_default().push((pair, a.start.days(), a.end.days()));
                    }
                }
                Some(map)
            }
        };
        Ok(Gate { term, products, approvals, free_only: lc.approvals_cover == ApprovalScope::FreeUses })
    }

    fn check(&self, pair: &PairIx, pair_ix: u32, customer: &str, day: i32) -> std::result::Result<(), RejectReason> {
        if let Some(t) = &self.term {
            if !t.in_term(day) {
                return Err(RejectReason::OutsideAuthorization);
            }
            if t.is_suspended(day) {
                return Err(RejectReason::Suspended);
            }
        }
        if let Some(&(from, withdrawn)) = self.products.as_ref().and_then(|p| p.get(pair.product as usize)) {
            if day < from {
                return Err(RejectReason::ProductNotRegistered);
            }
            if day >= withdrawn {
                return Err(RejectReason::ProductWithdrawn);
            }
        }
        if let Some(map) = &self.approvals {
            if !self.free_only || pair.free.is_some() {
                let covered = map.get(customer).is_some_and(|v| v.iter().any(|&(p, s, e)| p == pair_ix && s <= day && day < e));
                if !covered {
                    return Err(RejectReason::ScenarioNotApproved);
                }
            }
        }
        Ok(())
    }
}

impl Compiled {
    /// The gate's verdict on a use of `pair` by `customer` on `day` (always `Ok` without a
    /// lifecycle).
    #[inline]
    pub(crate) fn admit(&self, pair: u32, customer: &str, day: i32) -> std::result::Result<(), RejectReason> {
        match (&self.gate, self.pairs.get(pair as usize)) {
            (Some(g), Some(p)) => g.check(p, pair, customer, day),
            _ => Ok(()),
        }
    }
}
