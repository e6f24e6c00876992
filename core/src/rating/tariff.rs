//! The tariff (收费标准表): the catalog, the published fees in force by date, the billing
//! period, the rounding rule and VAT, checked once before any record is rated.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::gate::Gate;
use super::idset::{fast_map, FastMap};
use super::{Date, MAX_FEES, QUANTITY_SCALE};
use crate::catalog::Catalog;
use crate::error::{Error, Result, ResultExt};
use crate::lifecycle::Lifecycle;
use crate::money::{Rate, Rounding, UnitPrice};
use crate::profile::CapTest;
use crate::schedule::Schedule;

/// The billing period (计费周期) `[start, end)`: `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BillingPeriod {
    /// The first day of the period.
    pub start: Date,
    /// The day after the last day of the period.
    pub end: Date,
}

impl BillingPeriod {
    /// Whether the day is inside the period.
    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day < self.end
    }
}

/// A published actual fee (公示的具体收费标准) for one (product, scenario), in force from
/// `effective` until the next fee of the same pair takes effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishedFee {
    /// Product id.
    pub product: String,
    /// Scenario id; must be a chargeable one.
    pub scenario: String,
    /// The first day the fee is in force.
    pub effective: Date,
    /// The fee schedule.
    pub schedule: Schedule,
    /// The upper fee standard (上限收费标准) per unit it must stay within, on the same VAT
    /// basis as the schedule's prices.
    pub cap: UnitPrice,
}

/// Everything needed to rate usage: the catalog, the published fees, the billing period, the
/// rounding of invoice lines and the VAT rule.
///
/// Checked by [`Tariff::validate`] (and by [`super::Rater::new`]); error fields are paths
/// inside the tariff (`fees[2].schedule.price`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tariff {
    /// Products and scenarios.
    pub catalog: Catalog,
    /// The published fees; several for one pair with different `effective` dates make a
    /// schedule change (调价) during the period.
    pub fees: Vec<PublishedFee>,
    /// The billing period.
    pub period: BillingPeriod,
    /// How invoice lines and VAT are rounded (default half-up to 0.01 yuan).
    #[serde(default)]
    pub rounding: Rounding,
    /// The VAT rate (增值税税率), in `[0, 1)`: 0.06 for data services.
    pub vat_rate: Rate,
    /// Whether the schedules' prices (and caps) include VAT (含税价).
    #[serde(default)]
    pub prices_include_vat: bool,
    /// The lifecycle rating enforces (registration, authorization term, suspensions, scenario
    /// approvals: [`crate::lifecycle`]); `None`: none is enforced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Lifecycle>,
    /// How each fee is tested against its cap before anything is rated (65号: 具体收费标准"不高于
    /// 上限收费标准"): `strict` by default, every published unit price at or below the cap (each
    /// band, each overage, a package's price per unit, a minimum charge), as the chain's
    /// `cap_test`; `average` is the weaker option, `charge(q) <= cap × q` for every billed `q`
    /// (DESIGN.md "Strict cap test"). `datafee tariff` writes the scenario profile's test.
    #[serde(default, skip_serializing_if = "CapTest::is_strict")]
    pub cap_test: CapTest,
}

/// What a record's product and scenario resolve to.
#[derive(Debug)]
pub(crate) struct PairIx {
    pub(crate) product: u32,
    pub(crate) scenario: u32,
    /// Why uses are free, for a free scenario.
    pub(crate) free: Option<&'static str>,
    /// The slot of free uses (free pairs only).
    pub(crate) free_slot: u32,
    /// `(effective day, slot)`, sorted by day (chargeable pairs only).
    pub(crate) versions: Vec<(i32, u32)>,
}

/// One aggregation target: a free pair, or one published fee of a chargeable pair.
#[derive(Debug)]
pub(crate) struct Slot {
    pub(crate) pair: u32,
    /// Index into `Tariff::fees`, `None` for a free slot.
    pub(crate) fee: Option<u32>,
}

#[derive(Debug)]
pub(crate) struct ProductIx {
    /// `(scenario, pair)`, sorted by scenario.
    pub(crate) offered: Vec<(u32, u32)>,
    /// The billing granularity in units of 10^-9.
    pub(crate) step_nano: i128,
    /// The step as a divisibility test without a division ([`StepTest`]).
    pub(crate) step_test: StepTest,
}

impl ProductIx {
    /// Whether a quantity in 10^-9 units is a multiple of this product's step (a
    /// non-positive step has none): `nano % step_nano == 0`, by a multiply and a rotate when
    /// both fit in 64 bits (a 64-bit division was one per record on the columnar path).
    #[inline(always)]
    pub(crate) fn divides(&self, nano: i128) -> bool {
        match u64::try_from(nano) {
            Ok(n) if self.step_test.usable => self.step_test.divides(n),
            _ => super::engine::is_multiple(nano, self.step_nano),
        }
    }
}

/// A test of divisibility by a fixed positive `d < 2^64` with a multiply and a rotate
/// (除法改乘法; Hacker's Delight 10-17): with `d = d0 × 2^k`, `d0` odd, `n` is a multiple of `d`
/// exactly when `rotr(n × d0⁻¹ mod 2^64, k) <= (2^64 − 1) / d`, for every `u64` `n`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StepTest {
    inverse: u64,
    shift: u32,
    limit: u64,
    /// `false` when the step is not positive or does not fit in 64 bits (then the test
    /// is not used).
    usable: bool,
}

impl StepTest {
    /// The test for divisor `d` (not usable unless `0 < d < 2^64`).
    pub(crate) fn new(d: i128) -> StepTest {
        let Ok(d) = u64::try_from(d) else { return StepTest::default() };
        if d == 0 {
            return StepTest::default();
        }
        let shift = d.trailing_zeros();
        let odd = d >> shift;
        // Newton's iteration doubles the correct low bits: 3 (odd² ≡ 1 mod 8) → 96.
        let mut inverse = odd;
        for _ in 0..5 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(inverse)));
        }
        StepTest { inverse, shift, limit: u64::MAX / d, usable: true }
    }

    /// Whether `n` is a multiple of the divisor (only for a usable test).
    #[inline(always)]
    pub(crate) fn divides(&self, n: u64) -> bool {
        n.wrapping_mul(self.inverse).rotate_right(self.shift) <= self.limit
    }
}

/// The tariff compiled into dense indices for rating.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) products: Vec<ProductIx>,
    pub(crate) scenario_count: u32,
    pub(crate) product_ids: FastMap<Box<str>, u32>,
    pub(crate) scenario_ids: FastMap<Box<str>, u32>,
    pub(crate) pairs: Vec<PairIx>,
    /// The pair of each (product, scenario) at `product × scenario_count + scenario`
    /// ([`NO_PAIR`] where the product is not offered), when the catalog has at most
    /// [`PAIR_TABLE_MAX`] such cells; else empty, and [`Compiled::pair`] searches the product's
    /// offered scenarios.
    pub(crate) pair_table: Vec<u32>,
    pub(crate) slots: Vec<Slot>,
    pub(crate) start: i32,
    pub(crate) end: i32,
    /// The lifecycle admission gate, when the tariff carries a lifecycle.
    pub(crate) gate: Option<Box<Gate>>,
}

/// A cell of [`Compiled::pair_table`] whose product is not offered in its scenario.
const NO_PAIR: u32 = u32::MAX;

/// The most cells (products × scenarios, 4 bytes each: 256 KiB) of [`Compiled::pair_table`].
const PAIR_TABLE_MAX: usize = 1 << 16;

impl Compiled {
    /// The pair of a product and scenario, if the product is offered there: one load from
    /// the pair table when there is one, else a search of the product's offered scenarios.
    #[inline(always)]
    pub(crate) fn pair(&self, product: u32, scenario: u32) -> Option<u32> {
        if scenario < self.scenario_count {
            // A product past the catalog is past the table's end (its cells are the
            // products' in order), so it falls through to the search, which finds nothing.
            // In u64, where it cannot wrap (on 32-bit targets, such as wasm32, a usize product
            // would wrap around into another product's cells).
            let cell = u64::from(product) * u64::from(self.scenario_count) + u64::from(scenario);
            if let Some(&p) = usize::try_from(cell).ok().and_then(|c| self.pair_table.get(c)) {
                return (p != NO_PAIR).then_some(p);
            }
        }
        self.pair_searched(product, scenario)
    }

    /// [`Compiled::pair`] by searching the product's offered scenarios.
    #[inline]
    fn pair_searched(&self, product: u32, scenario: u32) -> Option<u32> {
        let offered = &self.products.get(product as usize)?.offered;
        if offered.len() <= 8 {
            offered.iter().find(|o| o.0 == scenario).map(|o| o.1)
        } else {
            offered.binary_search_by_key(&scenario, |o| o.0).ok().and_then(|i| offered.get(i)).map(|o| o.1)
        }
    }

    /// The slot a use of `pair` on `day` aggregates into: the free slot, or the fee in force
    /// (the latest with `effective <= day`); `None` when no fee is in force yet.
    #[inline]
    pub(crate) fn slot_at(&self, pair: u32, day: i32) -> Option<u32> {
        self.slot_fee_at(pair, day).map(|(slot, _)| slot)
    }

    /// [`Compiled::slot_at`] with whether the slot is a fee's (`true`: a version's slot, whose
    /// [`Slot::fee`] is set) or the free slot (`false`, no fee): known from where it was found,
    /// so the columnar path learns a record's status without reading the slot.
    #[inline(always)]
    pub(crate) fn slot_fee_at(&self, pair: u32, day: i32) -> Option<(u32, bool)> {
        let p = self.pairs.get(pair as usize)?;
        if p.free.is_some() {
            return Some((p.free_slot, false));
        }
        match p.versions.as_slice() {
            [(from, slot)] => (*from <= day).then_some((*slot, true)),
            vs => {
                let n = vs.partition_point(|v| v.0 <= day);
                n.checked_sub(1).and_then(|i| vs.get(i)).map(|v| (v.1, true))
            }
        }
    }
}

/// `10^0 ..= 10^38` (a table: quantities are scaled per record on the columnar path).
const POW10: [i128; 39] = {
    let mut t = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `10^n` as an `i128`, for `n <= 38` (`10^38` above).
#[inline]
pub(crate) fn pow10(n: u32) -> i128 {
    POW10[n.min(38) as usize]
}

impl Tariff {
    /// Check the tariff, in this order, each error naming its field:
    ///
    /// 1. the catalog ([`Catalog::validate`], fields under `catalog.`), and every product's
    ///    `step` has at most 9 decimal places ([`Error::OutOfRange`]);
    /// 2. `rounding.unit > 0`; `vat_rate` in `[0, 1)`; `period.end` after `period.start`
    ///    ([`Error::OutOfRange`]); at most [`MAX_FEES`] fees ([`Error::LimitExceeded`]);
    /// 3. for each fee `fees[i]`: the product and scenario exist ([`Error::UnknownId`]), the
    ///    product is offered in the scenario ([`Error::Invalid`]), the scenario is chargeable
    ///    ([`Error::FreeScenarioCharged`]), `cap >= 0`, the schedule is valid and complies with
    ///    the cap under the tariff's `cap_test` ([`Schedule::check_compliance_with`]; strict by
    ///    default: every published unit price at or below the cap, [`Error::CapExceeded`] at
    ///    `fees[i].schedule.<price field>` with that unit price; `average`: at every multiple of
    ///    the product's step, with the smallest breaking quantity), and no earlier fee has the same
    ///    product, scenario and effective date ([`Error::DuplicateId`] at `fees[i].effective`).
    ///
    /// ```
    /// use datafee::rating::Tariff;
    /// let mut t: Tariff = datafee::doc::from_json(r#"{
    ///   "catalog": {"scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
    ///                             {"id": "gov", "name": "Governance", "category": "public_governance"}],
    ///               "products": [{"id": "p", "name": "P", "service_form": "api", "charging_form": "per_call",
    ///                             "scenarios": ["ind", "gov"]}]},
    ///   "fees": [{"product": "p", "scenario": "ind", "effective": "2025-01-01",
    ///             "schedule": {"kind": "flat", "price": "0.40"}, "cap": "0.45"}],
    ///   "period": {"start": "2025-01-01", "end": "2025-02-01"},
    ///   "vat_rate": "0.06"}"#)?;
    /// t.validate()?;
    /// t.fees[0].cap = "0.35".parse()?;
    /// let e = t.validate().unwrap_err();
    /// assert_eq!((e.code(), e.field()), ("cap_exceeded", "fees[0].schedule.price"));
    /// t.fees[0].cap = "0.45".parse()?;
    /// t.fees[0].scenario = "gov".into();
    /// assert_eq!(t.validate().unwrap_err().code(), "free_scenario_charged");
    /// # Ok::<(), datafee::Error>(())
    /// ```
    pub fn validate(&self) -> Result<()> {
        self.compile().map(|_| ())
    }

    /// Validate and build the dense indices.
    pub(crate) fn compile(&self) -> Result<Compiled> {
        self.catalog.validate().within("catalog")?;
        let mut product_ids = fast_map();
        let mut scenario_ids = fast_map();
        for (i, s) in self.catalog.scenarios.iter().enumerate() {
            scenario_ids.insert(Box::from(s.id.as_str()), i as u32);
        }
        let mut products = Vec::with_capacity(self.catalog.products.len());
        let mut pairs = Vec::new();
        let mut slots = Vec::new();
        for (i, p) in self.catalog.products.iter().enumerate() {
            product_ids.insert(Box::from(p.id.as_str()), i as u32);
            let step = p.step.get().normalize();
            if step.scale() > QUANTITY_SCALE {
                return Err(Error::out_of_range(format!("catalog.products[{i}].step"), p.step, format!("at most {QUANTITY_SCALE} decimal places")));
            }
            let step_nano = step.mantissa() * pow10(QUANTITY_SCALE - step.scale());
            let mut offered: Vec<(u32, u32)> = Vec::with_capacity(p.scenarios.len());
            for sid in &p.scenarios {
                let Some(&s) = scenario_ids.get(sid.as_str()) else {
                    return Err(Error::unknown(format!("catalog.products[{i}].scenarios"), sid));
                };
                if offered.iter().any(|o| o.0 == s) {
                    continue;
                }
                let pair = pairs.len() as u32;
                let category = self.catalog.scenarios.get(s as usize).map(|sc| sc.category);
                let free = category.and_then(|c| c.free_reason());
                let free_slot = if free.is_some() {
                    slots.push(Slot { pair, fee: None });
                    (slots.len() - 1) as u32
                } else {
                    u32::MAX
                };
                pairs.push(PairIx { product: i as u32, scenario: s, free, free_slot, versions: Vec::new() });
                offered.push((s, pair));
            }
            offered.sort_unstable();
            products.push(ProductIx { offered, step_nano, step_test: StepTest::new(step_nano) });
        }

        self.rounding.validate("rounding")?;
        let v = self.vat_rate.get();
        if v < Decimal::ZERO || v >= Decimal::ONE {
            return Err(Error::out_of_range("vat_rate", v, "in [0, 1)"));
        }
        if self.period.end <= self.period.start {
            return Err(Error::out_of_range("period.end", self.period.end, format!("after period.start {}", self.period.start)));
        }
        if self.fees.len() > MAX_FEES {
            return Err(Error::LimitExceeded { field: "fees".into(), value: self.fees.len().to_string(), max: MAX_FEES.to_string() });
        }

        let mut seen: FastMap<(u32, i32), usize> = fast_map();
        for (i, f) in self.fees.iter().enumerate() {
            let field = format!("fees[{i}]");
            let &p = product_ids.get(f.product.as_str()).ok_or_else(|| Error::unknown(format!("{field}.product"), &f.product))?;
            let &s = scenario_ids.get(f.scenario.as_str()).ok_or_else(|| Error::unknown(format!("{field}.scenario"), &f.scenario))?;
            let offered = products.get(p as usize).and_then(|x| x.offered.iter().find(|o| o.0 == s));
            let Some(&(_, pair)) = offered else {
                return Err(Error::invalid(format!("{field}.scenario"), &f.scenario, format!("product {} is not offered in this scenario", f.product)));
            };
            let pix = pairs.get_mut(pair as usize).ok_or_else(|| Error::invalid(&field, pair, "internal index"))?;
            if pix.free.is_some() {
                return Err(Error::FreeScenarioCharged { field: format!("{field}.scenario"), value: format!("{}/{}", f.product, f.scenario) });
            }
            f.cap.non_negative(&format!("{field}.cap"))?;
            let step = self.catalog.products.get(p as usize).map(|x| x.step).unwrap_or_default();
            f.schedule.check_compliance_with(f.cap, step, self.cap_test).within(&format!("{field}.schedule"))?;
            if let Some(j) = seen.insert((pair, f.effective.days()), i) {
                return Err(Error::DuplicateId {
                    field: format!("{field}.effective"),
                    value: format!("{}/{} from {} (also fees[{j}])", f.product, f.scenario, f.effective),
                });
            }
            slots.push(Slot { pair, fee: Some(i as u32) });
            pix.versions.push((f.effective.days(), (slots.len() - 1) as u32));
        }
        for p in &mut pairs {
            p.versions.sort_unstable();
        }
        let gate = match &self.lifecycle {
            Some(lc) => {
                let pair_of = |p: u32, s: u32| products.get(p as usize).and_then(|x| x.offered.iter().find(|o| o.0 == s)).map(|o| o.1);
                Some(Box::new(Gate::new(lc, &self.catalog, pair_of).within("lifecycle")?))
            }
            None => None,
        };
        let scenario_count = self.catalog.scenarios.len() as u32;
        let mut pair_table = Vec::new();
        let cells = products.len().saturating_mul(scenario_count as usize);
        if cells <= PAIR_TABLE_MAX {
            pair_table = vec![NO_PAIR; cells];
            for (i, p) in products.iter().enumerate() {
                for &(s, pair) in &p.offered {
                    if let Some(c) = pair_table.get_mut(i * scenario_count as usize + s as usize) {
                        *c = pair;
                    }
                }
            }
        }
        Ok(Compiled {
            products,
            scenario_count,
            product_ids,
            scenario_ids,
            pairs,
            pair_table,
            slots,
            start: self.period.start.days(),
            end: self.period.end.days(),
            gate,
        })
    }
}

#[cfg(test)]
mod step_tests {
    use super::{StepTest, Tariff};

    /// The pair table answers as the search of the offered scenarios, for every product and
    /// scenario of a catalog where products are offered in some scenarios only (one in more
    /// than 8, the binary search), and for indices past either end; without the table (a
    /// catalog over its size) the search answers alone.
    #[test]
    fn pair_table_is_the_offered_search() {
        let (np, ns) = (13u32, 11u32);
        let scenarios: Vec<String> = (0..ns)
            .map(|s| format!(r#"{{"id": "s{s}", "name": "S", "category": "{}"}}"#, if s % 2 == 0 { "industry_development" } else { "public_governance" }))
            .collect();
        let products: Vec<String> = (0..np)
            .map(|p| {
                let offered: Vec<String> = (0..ns).filter(|s| p == 5 || (p * 7 + s * 3) % 4 != 0).rev().map(|s| format!(r#""s{s}""#)).collect();
                format!(r#"{{"id": "p{p}", "name": "P", "service_form": "api", "charging_form": "per_call", "scenarios": [{}]}}"#, offered.join(","))
            })
            .collect();
        let json = format!(
            r#"{{"catalog": {{"scenarios": [{}], "products": [{}]}}, "fees": [], "period": {{"start": "2025-01-01", "end": "2025-02-01"}}, "vat_rate": "0.06"}}"#,
            scenarios.join(","),
            products.join(",")
        );
        let t: Tariff = crate::doc::from_json(&json).unwrap();
        let mut c = t.compile().unwrap();
        assert_eq!(c.pair_table.len(), (np * ns) as usize);
        let (mut offered, mut not) = (0, 0);
        for p in (0..=np + 1).chain([u32::MAX / ns, u32::MAX]) {
            for s in (0..=ns + 1).chain([u32::MAX]) {
                let want = c.pair_searched(p, s);
                assert_eq!(c.pair(p, s), want, "p{p} s{s}");
                if let Some(pair) = want {
                    let x = c.pairs.get(pair as usize).unwrap();
                    assert_eq!((x.product, x.scenario), (p, s));
                    offered += 1;
                } else {
                    not += 1;
                }
            }
        }
        assert!(offered > 60 && not > 60, "{offered} {not}");
        let with = c.pair_table.clone();
        c.pair_table.clear();
        for p in 0..np {
            for s in 0..ns {
                let cell = with[(p * ns + s) as usize];
                assert_eq!(c.pair(p, s), (cell != super::NO_PAIR).then_some(cell), "p{p} s{s} without the table");
            }
        }
    }

    /// The multiply-and-rotate test is `n % d == 0` for steps of every shape (odd, powers of
    /// two, mixed, the usual 10^k in 10^-9 units, near 2^64) and quantities around their
    /// multiples, at 0, and near 2^64; a step that is not positive or beyond 64 bits is unusable.
    #[test]
    fn step_test_is_the_remainder() {
        let mut ds: Vec<u64> =
            vec![1, 2, 3, 5, 7, 8, 10, 12, 1_000, 250_000_000, 500_000_000, 1_000_000_000, 1 << 40, 3 << 40, u64::MAX, u64::MAX - 1, (1 << 63) + 1];
        ds.extend((0..=19).map(|k| 10u64.pow(k)));
        let mut x: u64 = 11;
        for _ in 0..200 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ds.push((x >> (x % 60)).max(1));
        }
        for &d in &ds {
            let t = StepTest::new(i128::from(d));
            assert!(t.usable, "{d}");
            let mut ns = vec![0u64, 1, 2, d - 1, d, d.wrapping_add(1), u64::MAX, u64::MAX - 1, u64::MAX / d * d];
            for m in [1u64, 2, 3, 7, 1_000, 1 << 20] {
                if let Some(n) = d.checked_mul(m) {
                    ns.extend([n, n - 1, n.wrapping_add(1)]);
                }
            }
            for _ in 0..200 {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                ns.push(x);
                ns.push(x / d * d);
            }
            for n in ns {
                assert_eq!(t.divides(n), n % d == 0, "{n} / {d}");
            }
        }
        for d in [0i128, -5, 1 << 64, i128::MAX] {
            assert!(!StepTest::new(d).usable, "{d}");
        }
    }
}
