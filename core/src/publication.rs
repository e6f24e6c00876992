//! The published fee data (收费公示数据): the approved figures of a pricing period as the engine
//! writes them for the public, and quotes from them without the chain.
//!
//! 公示 is publishing the figures the chain approved: "由相关主体按照有关程序依次核定授权运营最高准许
//! 收入、制定产品和服务的上限收费标准、结合实际确定具体收费标准,并及时向社会公示" (see DESIGN.md
//! "Published fee data"). A citizen checking a fee needs those figures — each (product,
//! scenario)'s quoted cap per year, the fees in force, which uses are free and why, and the
//! 收费公示 header — not the cost accounts and forecasts they were derived from. So the engine
//! writes them once ([`FeePublication`], operation `disclosure.publication`, from a scenario and
//! its chain result) and the public fee calculator quotes from them (`publication.quote`), in a
//! WebAssembly build without the chain (`datafee-wasm --no-default-features`).
//!
//! Operations (through [`crate::api::call`]):
//!
//! - `disclosure.publication` `{document, publication?: {basis?, operator?, complaint_channel?}}`
//!   → a [`FeePublication`] (builds with the `chain` feature: the full and calculator builds);
//! - `publication.quote` `{publication, product, scenario, quantity, date?}` → the
//!   [`crate::quote::Quote`] `chain.quote` gives on the scenario the export was written from
//!   (the one quote function, [`crate::quote::quote_from`]);
//! - `publication.validate` `{publication}` → `{valid: true}`, or the first error with its
//!   field (`publication.caps[1].lines`, …).
//!
//! Every decimal is a string; every figure is copied from the chain's result, none is
//! recomputed. A published export is checked when read ([`FeePublication::check`]): unknown
//! members, a number where a decimal string belongs, a fee or a cap line of a pair the catalog
//! does not offer, a year without caps or a pair without its cap line are errors naming the
//! field.

use serde::Serialize;

use crate::catalog::{Category, ChargingForm};
use crate::error::{Error, Result};
use crate::money::{Amount, Quantity, Rounding, UnitPrice};
use crate::mpr::Stage;
use crate::quote::QuoteSource;
use crate::scenario::Fee;

/// The longest pricing period an export may state (years): the authorization runs at most 5
/// years; the bound keeps a bad export from asking for unbounded work.
pub const MAX_PUBLISHED_YEARS: u32 = 50;

/// The 收费公示 header: the basis, the operator and the complaint channel, as the fee list
/// (`disclosure.fee_list`) states them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicationHeader {
    /// 收费依据: the number of the document approving the caps, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The operator (运营机构), when given or found in the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The complaint channel (投诉举报渠道).
    pub complaint_channel: String,
}

/// A product as the public sees it: what a quote and the fee list need of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishedProduct {
    /// Product id.
    pub id: String,
    /// Product name.
    pub name: String,
    /// Chinese name, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// Unit of quantity.
    pub unit: String,
    /// Package step: quantities are billed in whole steps.
    pub step: Quantity,
    /// Charging form (计费方式).
    pub charging_form: ChargingForm,
    /// The scenarios the product is offered in (the offered pairs), by id.
    pub scenarios: Vec<String>,
}

/// An application scenario as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishedScenario {
    /// Scenario id.
    pub id: String,
    /// Scenario name.
    pub name: String,
    /// Category: public governance and public welfare uses are free.
    pub category: Category,
}

/// One pair's cap in one year: the chain's cap line cut to what is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishedCap {
    /// Product id.
    pub product: String,
    /// Scenario id.
    pub scenario: String,
    /// The cap as quoted (上限收费标准, with VAT when the profile quotes with VAT); absent for free uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_quoted: Option<UnitPrice>,
    /// Why the use is free, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_reason: Option<String>,
}

/// One year's approved figures: the MPR and every offered pair's cap line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishedYear {
    /// The year.
    pub year: i32,
    /// The year's maximum permitted revenue (最高准许收入).
    pub mpr: Amount,
    /// Every offered (product, scenario) pair's line, in catalog order.
    pub lines: Vec<PublishedCap>,
}

/// The published fee data of a pricing period (收费公示数据), `disclosure.publication`'s result and
/// `publication.quote`'s source. See the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Serialize, crate::read::ReadStruct)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FeePublication {
    /// The version of the engine that wrote the export.
    pub engine_version: String,
    /// The scenario's name.
    pub name: String,
    /// The scenario's note, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Formal or trial (正式 / 试行): trial fees say so wherever they appear.
    pub stage: Stage,
    /// The first year of the pricing period.
    pub first_year: i32,
    /// The number of years of the pricing period.
    pub period_years: u32,
    /// The rounding of billed amounts (the profile's amount rounding).
    pub amount_rounding: Rounding,
    /// The 收费公示 header.
    pub header: PublicationHeader,
    /// The products, in catalog order.
    pub products: Vec<PublishedProduct>,
    /// The application scenarios, in catalog order.
    pub scenarios: Vec<PublishedScenario>,
    /// The actual fees (具体收费标准) as published.
    pub fees: Vec<Fee>,
    /// Each year's approved figures, one per year of the period, in order.
    pub caps: Vec<PublishedYear>,
}

impl FeePublication {
    /// The export of a scenario and its chain result. Every figure is copied from `chain`.
    #[cfg(feature = "chain")]
    pub fn of(doc: &crate::scenario::ScenarioDoc, chain: &crate::scenario::ChainResult, header: &crate::disclosure::Publication) -> FeePublication {
        let operator =
            header.operator.clone().or_else(|| doc.catalog.parties.iter().find(|p| p.kind == crate::catalog::PartyKind::Operator).map(|p| p.name.clone()));
        FeePublication {
            engine_version: env!("CARGO_PKG_VERSION").into(),
            name: doc.name.clone(),
            note: doc.note.clone(),
            stage: doc.stage,
            first_year: doc.first_year,
            period_years: doc.profile.period_years,
            amount_rounding: doc.profile.amount_rounding,
            header: PublicationHeader {
                basis: header.basis.clone(),
                operator,
                complaint_channel: header.complaint_channel.clone().unwrap_or_else(|| crate::disclosure::fee_list::DEFAULT_COMPLAINT_CHANNEL.into()),
            },
            products: doc
                .catalog
                .products
                .iter()
                .map(|p| PublishedProduct {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    name_zh: p.name_zh.clone(),
                    unit: p.unit.clone(),
                    step: p.step,
                    charging_form: p.charging_form,
                    scenarios: p.scenarios.clone(),
                })
                .collect(),
            scenarios: doc.catalog.scenarios.iter().map(|s| PublishedScenario { id: s.id.clone(), name: s.name.clone(), category: s.category }).collect(),
            fees: doc.fees.clone(),
            caps: chain
                .caps
                .iter()
                .map(|c| PublishedYear {
                    year: c.year,
                    mpr: c.mpr,
                    lines: c
                        .lines
                        .iter()
                        .map(|l| PublishedCap {
                            product: l.product.clone(),
                            scenario: l.scenario.clone(),
                            cap_quoted: l.cap_quoted,
                            free_reason: l.free_reason.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The product with this id.
    pub fn product(&self, id: &str) -> Option<&PublishedProduct> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The scenario with this id.
    pub fn scenario(&self, id: &str) -> Option<&PublishedScenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// Whether the product is offered in the scenario.
    pub fn offers(&self, product: &str, scenario: &str) -> bool {
        self.product(product).is_some_and(|p| p.scenarios.iter().any(|s| s == scenario))
    }

    /// Check an export as read: every reference known, every year and every offered pair's cap
    /// line there, the fees' dates and schedules valid. Errors name the field under `at`
    /// (`"publication"` in the operations' inputs). Look-ups are binary searches in sorted ids
    /// (O(n log n) in the export's size, whatever the ids), never quadratic scans.
    pub fn check(&self, at: &str) -> Result<()> {
        let f = |rest: &str| format!("{at}.{rest}");
        if self.period_years == 0 || self.period_years > MAX_PUBLISHED_YEARS {
            return Err(Error::out_of_range(f("period_years"), self.period_years, format!("1 to {MAX_PUBLISHED_YEARS}")));
        }
        // The whole period within the years dates can be written in (the project's one year range,
        // `costs::month::check_year`): no year arithmetic below or in the quote can overflow.
        crate::costs::month::check_year(self.first_year, &f("first_year"))?;
        crate::costs::month::check_year(self.first_year + self.period_years as i32 - 1, &f("first_year")).map_err(|_| {
            Error::out_of_range(
                f("first_year"),
                self.first_year,
                format!("a period of {} years ending by {}", self.period_years, crate::costs::month::MAX_YEAR),
            )
        })?;
        self.amount_rounding.validate(&f("amount_rounding"))?;
        // Sorted keys (one element type, one sort, one search for every look-up below).
        let scenarios = Keys::new(self.scenarios.iter().map(|s| (s.id.as_str(), "")).collect());
        if let Some(i) = scenarios.first_repeat() {
            return Err(Error::invalid(f(&format!("scenarios[{i}].id")), &self.scenarios[i].id, "duplicate scenario id"));
        }
        let products = Keys::new(self.products.iter().map(|p| (p.id.as_str(), "")).collect());
        if let Some(i) = products.first_repeat() {
            return Err(Error::invalid(f(&format!("products[{i}].id")), &self.products[i].id, "duplicate product id"));
        }
        let scenario = |id: &str| scenarios.find(id, "").map(|i| &self.scenarios[i]);
        let known_product = |id: &str| products.find(id, "").is_some();
        let mut pairs = Vec::new();
        for (i, p) in self.products.iter().enumerate() {
            if p.step.get() <= rust_decimal::Decimal::ZERO {
                return Err(Error::out_of_range(f(&format!("products[{i}].step")), p.step, "> 0"));
            }
            for (j, s) in p.scenarios.iter().enumerate() {
                if scenario(s).is_none() {
                    return Err(Error::unknown(f(&format!("products[{i}].scenarios[{j}]")), s));
                }
                pairs.push((p.id.as_str(), s.as_str()));
            }
        }
        let offered = Keys::new(pairs);
        let is_offered = |p: &str, s: &str| offered.find(p, s).is_some();
        for (i, fee) in self.fees.iter().enumerate() {
            let field = |m: &str| f(&format!("fees[{i}].{m}"));
            if !known_product(&fee.product) {
                return Err(Error::unknown(field("product"), &fee.product));
            }
            if scenario(&fee.scenario).is_none() {
                return Err(Error::unknown(field("scenario"), &fee.scenario));
            }
            if !is_offered(&fee.product, &fee.scenario) {
                return Err(Error::invalid(field("scenario"), &fee.scenario, format!("product {} is not offered in this scenario", fee.product)));
            }
            fee.year(&f(&format!("fees[{i}]")))?;
            fee.schedule.validate().map_err(|e| e.within(&field("schedule")))?;
        }
        if self.caps.len() != self.period_years as usize {
            return Err(Error::invalid(f("caps"), self.caps.len(), format!("expected one entry per year of the period ({})", self.period_years)));
        }
        for (k, y) in self.caps.iter().enumerate() {
            let want = self.first_year + k as i32;
            if y.year != want {
                return Err(Error::invalid(f(&format!("caps[{k}].year")), y.year, format!("expected {want} (the years of the period, in order)")));
            }
            for (l, line) in y.lines.iter().enumerate() {
                let field = |m: &str| f(&format!("caps[{k}].lines[{l}].{m}"));
                let Some(s) = scenario(&line.scenario) else {
                    return Err(Error::unknown(field("scenario"), &line.scenario));
                };
                if !known_product(&line.product) {
                    return Err(Error::unknown(field("product"), &line.product));
                }
                if !is_offered(&line.product, &line.scenario) {
                    return Err(Error::invalid(field("scenario"), &line.scenario, format!("product {} is not offered in this scenario", line.product)));
                }
                if s.category.free_reason().is_some() && line.cap_quoted.is_some() {
                    return Err(Error::invalid(field("cap_quoted"), format!("{}/{}", line.product, line.scenario), "a free use has no cap"));
                }
            }
            let seen = Keys::new(y.lines.iter().map(|l| (l.product.as_str(), l.scenario.as_str())).collect());
            if let Some(l) = seen.first_repeat() {
                let line = &y.lines[l];
                return Err(Error::invalid(
                    f(&format!("caps[{k}].lines[{l}].product")),
                    format!("{}/{}", line.product, line.scenario),
                    "a second cap line of the pair in the year",
                ));
            }
            // The first offered pair, in catalog order, without its line (every line is an
            // offered pair and none repeats: as many lines as distinct pairs means all are there).
            if y.lines.len() != offered.distinct() {
                for p in &self.products {
                    if let Some(s) = p.scenarios.iter().find(|s| seen.find(&p.id, s).is_none()) {
                        return Err(Error::Missing { field: f(&format!("caps[{k}].lines")), value: format!("the cap line of {}/{s} in {}", p.id, y.year) });
                    }
                }
            }
        }
        Ok(())
    }
}

/// Keys `(a, b)` with their positions, sorted: look-ups by binary search, the first repeated key.
struct Keys<'a>(Vec<(&'a str, &'a str, usize)>);

impl<'a> Keys<'a> {
    fn new(keys: Vec<(&'a str, &'a str)>) -> Keys<'a> {
        let mut v: Vec<(&str, &str, usize)> = keys.into_iter().enumerate().map(|(i, (a, b))| (a, b, i)).collect();
        v.sort_unstable();
        Keys(v)
    }

    /// The position of a key (any one of them, when it repeats).
    fn find(&self, a: &str, b: &str) -> Option<usize> {
        self.0.binary_search_by(|e| (e.0, e.1).cmp(&(a, b))).ok().map(|k| self.0[k].2)
    }

    /// The earliest position whose key an earlier position has (sorted by key then position,
    /// the second of each run of equal keys is its first repeat).
    fn first_repeat(&self) -> Option<usize> {
        self.0.windows(2).filter(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1)).map(|w| w[1].2).min()
    }

    /// The number of distinct keys.
    fn distinct(&self) -> usize {
        self.0.len() - self.0.windows(2).filter(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1)).count()
    }
}

impl QuoteSource for FeePublication {
    fn product(&self, id: &str) -> Option<(&str, &str)> {
        FeePublication::product(self, id).map(|p| (p.name.as_str(), p.unit.as_str()))
    }
    fn scenario(&self, id: &str) -> Option<(&str, Category)> {
        FeePublication::scenario(self, id).map(|s| (s.name.as_str(), s.category))
    }
    fn offers(&self, product: &str, scenario: &str) -> bool {
        FeePublication::offers(self, product, scenario)
    }
    fn first_year(&self) -> i32 {
        self.first_year
    }
    fn period_years(&self) -> u32 {
        self.period_years
    }
    fn trial(&self) -> bool {
        self.stage == Stage::Trial
    }
    fn amount_rounding(&self) -> &Rounding {
        &self.amount_rounding
    }
    fn cap_quoted(&self, year: i32, product: &str, scenario: &str) -> Option<Option<Option<UnitPrice>>> {
        self.caps.iter().find(|c| c.year == year).map(|c| c.lines.iter().find(|l| l.product == product && l.scenario == scenario).map(|l| l.cap_quoted))
    }
    fn fees(&self) -> &[Fee] {
        &self.fees
    }
}

/// Operations on published fee data.
pub mod ops {
    use super::FeePublication;
    use crate::money::Quantity;
    use crate::op::{operation, plain_input, Valid};

    /// `publication.quote`'s input: the export and the use.
    #[derive(Debug, crate::read::ReadStruct)]
    #[serde(deny_unknown_fields)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    pub struct PublicationQuoteInput {
        /// The published fee data (`disclosure.publication`'s result).
        pub publication: FeePublication,
        /// Product id.
        pub product: String,
        /// Scenario id.
        pub scenario: String,
        /// Quantity used.
        pub quantity: Quantity,
        /// Usage date `YYYY-MM-DD` (default: the first day of the pricing period).
        #[serde(default)]
        pub date: Option<String>,
    }

    /// `publication.validate`'s input.
    #[derive(Debug, crate::read::ReadStruct)]
    #[serde(deny_unknown_fields)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    pub struct PublicationValidateInput {
        /// The published fee data to check.
        pub publication: FeePublication,
    }

    plain_input!(PublicationQuoteInput, PublicationValidateInput);

    operation! {
        /// `publication.quote`: the quote of one use from published fee data — the same
        /// [`crate::quote::Quote`] as `chain.quote` on the scenario the data was written from.
        pub struct Quote = "publication.quote";
        fn(i: PublicationQuoteInput) -> crate::quote::Quote {
            i.publication.check("publication")?;
            crate::quote::quote_from(&i.publication, &i.product, &i.scenario, i.quantity, i.date.as_deref())
        }
    }

    operation! {
        /// `publication.validate`: published fee data checked as `publication.quote` reads it.
        pub struct Validate = "publication.validate";
        fn(i: PublicationValidateInput) -> Valid {
            i.publication.check("publication")?;
            Ok(Valid::YES)
        }
    }

    /// `disclosure.publication`'s fields beside the document.
    #[cfg(feature = "chain")]
    #[derive(Debug, crate::read::ReadStruct)]
    #[serde(deny_unknown_fields)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    pub struct PublicationFields {
        /// What the 收费公示 header states (收费依据 basis, operator, complaint channel).
        #[serde(default)]
        pub publication: crate::disclosure::Publication,
    }

    #[cfg(feature = "chain")]
    operation! {
        /// `disclosure.publication` (收费公示数据): `{document, publication?}` → the approved
        /// figures of the period for the public ([`FeePublication`]): what `publication.quote`
        /// quotes from without the chain.
        pub struct Export = "disclosure.publication";
        fn(i: crate::op::WithDocument<PublicationFields>) -> FeePublication {
            let chain = crate::explain::without_papers(|| crate::scenario::run(&i.doc))?;
            Ok(FeePublication::of(&i.doc, &chain, &i.rest.publication))
        }
    }
}

#[cfg(all(test, feature = "toml", feature = "chain"))]
mod tests {
    use rust_decimal::Decimal;
    use serde_json::{json, Value};

    use crate::api::call;

    fn city() -> Value {
        let doc = crate::scenario::ScenarioDoc::from_toml(include_str!("../../examples/city/scenario.toml")).unwrap();
        crate::op::to_value(&doc).unwrap()
    }

    fn export(doc: &Value) -> Value {
        call("disclosure.publication", json!({ "document": doc, "publication": { "basis": "X发改价格〔2026〕1号" } })).unwrap()
    }

    /// Every decimal edge a schedule names (tier bounds, package and allowance sizes).
    fn edges(schedule: &Value, out: &mut Vec<Decimal>) {
        match schedule {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("from" | "to" | "size" | "included", Value::String(s)) => out.push(s.parse().unwrap()),
                        _ => edges(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| edges(v, out)),
            _ => {}
        }
    }

    /// `publication.quote` on the export gives `chain.quote`'s quote, explanation included, for
    /// every offered pair of the example city at quantities around every tier edge and package
    /// step, on dates across the period (and outside it), free uses included.
    #[test]
    fn publication_quote_is_chain_quote_for_every_pair_of_the_city() {
        let doc = city();
        let publication = export(&doc);
        let scenario: crate::scenario::ScenarioDoc = crate::doc::from_value_ref(&doc).unwrap();
        let chain = crate::scenario::run(&scenario).unwrap();
        let read: super::FeePublication = crate::doc::from_value_ref(&publication).unwrap();
        read.check("publication").unwrap();
        let first = doc["first_year"].as_i64().unwrap();
        let years = publication["period_years"].as_i64().unwrap();
        assert_eq!(years, 3);
        let mut dates: Vec<String> = vec![];
        for y in first - 1..=first + years {
            dates.extend([format!("{y}-01-01"), format!("{y}-06-30"), format!("{y}-12-31")]);
        }
        for f in doc["fees"].as_array().unwrap() {
            dates.push(f["effective"].as_str().unwrap().to_string());
        }
        let (mut compared, mut free, mut paid_years) = (0, 0, std::collections::BTreeSet::new());
        for p in doc["catalog"]["products"].as_array().unwrap() {
            let pid = p["id"].as_str().unwrap();
            let step: Decimal = p.get("step").and_then(Value::as_str).unwrap_or("1").parse().unwrap();
            for s in p["scenarios"].as_array().unwrap() {
                let sid = s.as_str().unwrap();
                let mut qs: Vec<Decimal> = ["1", "0.3", "7", "999.5", "123456.78"].iter().map(|q| q.parse().unwrap()).collect();
                qs.extend([step, step * Decimal::TWO + Decimal::ONE]);
                let mut e = vec![];
                for f in doc["fees"].as_array().unwrap().iter().filter(|f| f["product"] == pid && f["scenario"] == sid) {
                    edges(&f["schedule"], &mut e);
                }
                for x in e {
                    qs.extend([x, x - Decimal::ONE, x + Decimal::ONE, x + Decimal::new(5, 1)]);
                }
                qs.retain(|q| *q > Decimal::ZERO);
                for q in &qs {
                    for (i, date) in dates.iter().enumerate() {
                        // Every quantity on the period's dates; the odd dates on a few quantities.
                        if i >= 3 * (years as usize + 2) && q != &qs[0] {
                            continue;
                        }
                        let use_ = json!({ "product": pid, "scenario": sid, "quantity": q.to_string(), "date": date });
                        // The chain's quote on the chain run once (`chain.quote` reruns it per
                        // call) against the export read once as `publication.quote` reads it;
                        // every 16th case through `publication.quote` itself, and a few cases
                        // below through both operations.
                        let want =
                            crate::quote::quote(&scenario, &chain, pid, sid, crate::money::Quantity::new(*q), Some(date)).and_then(|q| crate::op::to_value(&q));
                        let got = if compared % 16 == 0 {
                            let mut b = use_.clone();
                            b["publication"] = publication.clone();
                            call("publication.quote", b)
                        } else {
                            crate::quote::quote_from(&read, pid, sid, crate::money::Quantity::new(*q), Some(date)).and_then(|q| crate::op::to_value(&q))
                        };
                        match (&want, &got) {
                            (Ok(w), Ok(g)) => {
                                assert_eq!(g, w, "{pid}/{sid} q={q} {date}");
                                if w["free"] == true {
                                    free += 1;
                                } else {
                                    paid_years.insert(w["year"].as_i64().unwrap());
                                }
                            }
                            (Err(w), Err(g)) => assert_eq!((g.code(), g.field(), g.value()), (w.code(), w.field(), w.value()), "{pid}/{sid} q={q} {date}"),
                            _ => panic!("{pid}/{sid} q={q} {date}: chain {want:?} / publication {got:?}"),
                        }
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 2000, "{compared}");
        assert!(free > 50, "free uses compared: {free}");
        assert_eq!(paid_years.len(), 3, "every year of the period quoted");
        // Through both operations (without a date: the first day of the period, in both).
        for use_ in [
            json!({ "product": "p07", "scenario": "finance", "quantity": "2500" }),
            json!({ "product": "p01", "scenario": "finance", "quantity": "3", "date": "2028-05-01" }),
            json!({ "product": "p02", "scenario": "finance", "quantity": "100001", "date": "2027-12-31" }),
            json!({ "product": "p18", "scenario": "welfare", "quantity": "10" }),
            json!({ "product": "p01", "scenario": "finance", "quantity": "1", "date": "2026-13-01" }),
        ] {
            let mut a = use_.clone();
            a["document"] = doc.clone();
            let mut b = use_.clone();
            b["publication"] = publication.clone();
            match (call("chain.quote", a), call("publication.quote", b)) {
                (Ok(w), Ok(g)) => assert_eq!(g, w, "{use_}"),
                (Err(w), Err(g)) => assert_eq!((g.code(), g.field(), g.value()), (w.code(), w.field(), w.value()), "{use_}"),
                (w, g) => panic!("{use_}: chain {w:?} / publication {g:?}"),
            }
        }
    }

    /// A hand-worked quote: p07 (package of 1,000 at 650.00) in finance, 2,500 units billed as
    /// 3 packages = 1,950.00; the cap × 3,000 billed units is the export's 2026 cap × 3000.
    #[test]
    fn a_package_quote_worked_by_hand() {
        let publication = export(&city());
        let q =
            call("publication.quote", json!({ "publication": publication, "product": "p07", "scenario": "finance", "quantity": "2500", "date": "2026-03-01" }))
                .unwrap();
        assert_eq!(q["charge"], "1950.00");
        assert_eq!(q["year"], 2026);
        let cap: Decimal = publication["caps"][0]["lines"].as_array().unwrap().iter().find(|l| l["product"] == "p07" && l["scenario"] == "finance").unwrap()
            ["cap_quoted"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(q["cap"].as_str().unwrap().parse::<Decimal>().unwrap(), cap);
        assert_eq!(q["cap_times_quantity"].as_str().unwrap().parse::<Decimal>().unwrap(), (cap * Decimal::from(3000)).round_dp(2));
        assert!(q["explanation"]["notes"].as_array().unwrap().iter().any(|n| n == "billed as 3000 units (whole packages)"));
    }

    /// The export states the chain's figures (every cap line, the MPR of each year) and the
    /// header as the fee list does, and reads back to the same export.
    #[test]
    fn the_export_is_the_chains_figures_and_round_trips() {
        let doc = city();
        let publication = export(&doc);
        let figures = call("chain.figures", json!({ "document": doc })).unwrap();
        let caps = publication["caps"].as_array().unwrap();
        assert_eq!(caps.len(), figures["caps"].as_array().unwrap().len());
        for (c, f) in caps.iter().zip(figures["caps"].as_array().unwrap()) {
            assert_eq!(c["year"], f["year"]);
            assert_eq!(c["mpr"], f["mpr"]);
            let lines = c["lines"].as_array().unwrap();
            assert_eq!(lines.len(), f["lines"].as_array().unwrap().len());
            for (l, fl) in lines.iter().zip(f["lines"].as_array().unwrap()) {
                for k in ["product", "scenario", "cap_quoted", "free_reason"] {
                    assert_eq!(l.get(k), fl.get(k), "{k}");
                }
            }
        }
        let list = call("disclosure.fee_list", json!({ "document": doc, "format": "json", "publication": { "basis": "X发改价格〔2026〕1号" } })).unwrap();
        for k in ["basis", "operator", "complaint_channel"] {
            assert_eq!(publication["header"][k], list[k], "{k}");
        }
        assert_eq!(publication["engine_version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(publication["fees"], doc["fees"]);
        assert_eq!(publication["stage"], figures["stage"]);
        // Every decimal is a string.
        fn no_floats(v: &Value) {
            match v {
                Value::Number(n) => assert!(n.is_i64() || n.is_u64(), "{n}"),
                Value::Object(m) => m.values().for_each(no_floats),
                Value::Array(a) => a.iter().for_each(no_floats),
                _ => {}
            }
        }
        no_floats(&publication);
        // Read back (the typed reader, checked) and written again: the same text.
        let text = crate::op::result_text(&publication).unwrap();
        let read: super::FeePublication = crate::doc::from_json(&text).unwrap();
        read.check("publication").unwrap();
        assert_eq!(crate::op::result_text(&read).unwrap(), text);
        assert_eq!(call("publication.validate", json!({ "publication": publication })).unwrap(), json!({ "valid": true }));
    }

    /// A large export (30,000 products, each in one scenario, three years of cap lines) is read
    /// and checked (binary searches in sorted ids, see `FeePublication::check`), and its last
    /// pair's missing line is found. Not timed (speed is for the benches).
    #[test]
    fn a_large_export_is_read_and_checked() {
        let mut p = export(&city());
        let n = 30_000;
        let product = p["products"][0].clone();
        let line = p["caps"][0]["lines"][0].clone();
        let (mut products, mut lines) = (vec![], vec![]);
        for i in 0..n {
            let mut q = product.clone();
            q["id"] = json!(format!("x{i}"));
            products.push(q);
            let mut l = line.clone();
            l["product"] = json!(format!("x{i}"));
            lines.push(l);
        }
        p["products"] = Value::Array(products);
        p["fees"] = json!([]);
        for y in p["caps"].as_array_mut().unwrap() {
            y["lines"] = Value::Array(lines.clone());
        }
        let read: super::FeePublication = crate::doc::from_value_ref(&p).unwrap();
        read.check("publication").unwrap();
        let mut missing = read.clone();
        missing.caps[2].lines.pop();
        let e = missing.check("publication").unwrap_err();
        assert_eq!((e.code(), e.field()), ("missing", "publication.caps[2].lines"));
        assert!(e.to_string().contains(&format!("x{}", n - 1)), "{e}");
    }

    /// A bad export is refused with its code and the field at fault.
    #[test]
    fn bad_exports_are_typed_errors_naming_the_field() {
        let good = export(&city());
        type Edit = Box<dyn Fn(&mut Value)>;
        let cases: Vec<(&str, Edit, &str, &str)> = vec![
            ("float cap", Box::new(|p| p["caps"][0]["lines"][0]["cap_quoted"] = json!(1.25)), "decimal_not_string", "publication.caps[0].lines[0].cap_quoted"),
            ("float step", Box::new(|p| p["products"][0]["step"] = json!(1.5)), "decimal_not_string", "publication.products[0].step"),
            ("unknown product in a fee", Box::new(|p| p["fees"][0]["product"] = json!("nope")), "unknown_id", "publication.fees[0].product"),
            (
                "unknown product in a cap line",
                Box::new(|p| p["caps"][1]["lines"][0]["product"] = json!("nope")),
                "unknown_id",
                "publication.caps[1].lines[0].product",
            ),
            (
                "missing cap line",
                Box::new(|p| {
                    p["caps"][2]["lines"].as_array_mut().unwrap().remove(0);
                }),
                "missing",
                "publication.caps[2].lines",
            ),
            (
                "missing year",
                Box::new(|p| {
                    p["caps"].as_array_mut().unwrap().pop();
                }),
                "invalid",
                "publication.caps",
            ),
            ("year out of order", Box::new(|p| p["caps"][0]["year"] = json!(2030)), "invalid", "publication.caps[0].year"),
            ("unknown member", Box::new(|p| p["extra"] = json!(1)), "parse", "publication.extra"),
            ("missing member", Box::new(|p| drop(p.as_object_mut().unwrap().remove("caps"))), "parse", "publication"),
            ("fee not offered", Box::new(|p| p["fees"][0]["scenario"] = json!("tourism")), "invalid", "publication.fees[0].scenario"),
            ("bad fee date", Box::new(|p| p["fees"][0]["effective"] = json!("2026-02-31")), "invalid", "publication.fees[0].effective"),
            ("bad schedule", Box::new(|p| p["fees"][0]["schedule"]["price"] = json!("-1")), "out_of_range", "publication.fees[0].schedule.price"),
            (
                "second cap line of a pair",
                Box::new(|p| {
                    let l = p["caps"][0]["lines"][0].clone();
                    p["caps"][0]["lines"].as_array_mut().unwrap().push(l);
                }),
                "invalid",
                "publication.caps[0].lines[29].product",
            ),
            ("duplicate product id", Box::new(|p| p["products"][1]["id"] = json!("p01")), "invalid", "publication.products[1].id"),
            (
                "a cap on a free use",
                Box::new(|p| {
                    let lines = p["caps"][0]["lines"].as_array_mut().unwrap();
                    let free = lines.iter_mut().find(|l| l.get("free_reason").is_some()).unwrap();
                    free["cap_quoted"] = json!("1.00");
                }),
                "invalid",
                "",
            ),
            ("zero period", Box::new(|p| p["period_years"] = json!(0)), "out_of_range", "publication.period_years"),
            ("first year at i32::MAX", Box::new(|p| p["first_year"] = json!(i32::MAX)), "out_of_range", "publication.first_year"),
            ("first year at i32::MIN", Box::new(|p| p["first_year"] = json!(i32::MIN)), "out_of_range", "publication.first_year"),
            ("first year 0", Box::new(|p| p["first_year"] = json!(0)), "out_of_range", "publication.first_year"),
            ("period past the last year", Box::new(|p| p["first_year"] = json!(2998)), "out_of_range", "publication.first_year"),
            ("huge period", Box::new(|p| p["period_years"] = json!(4_000_000_000u32)), "out_of_range", "publication.period_years"),
        ];
        for (name, edit, code, field) in &cases {
            let mut p = good.clone();
            edit(&mut p);
            for op in ["publication.validate", "publication.quote"] {
                let input = if op == "publication.quote" {
                    json!({ "publication": p, "product": "p01", "scenario": "finance", "quantity": "1" })
                } else {
                    json!({ "publication": p })
                };
                let e = call(op, input).unwrap_err();
                if field.is_empty() {
                    assert!(
                        e.code() == *code && e.field().starts_with("publication.caps[0].lines[") && e.field().ends_with("].cap_quoted"),
                        "{name} ({op}): {e}"
                    );
                } else {
                    assert_eq!((e.code(), e.field()), (*code, *field), "{name} ({op}): {e}");
                }
            }
        }
        // A paid pair whose cap line states no cap: the quote's error, as chain.quote's would be.
        let mut p = good.clone();
        let lines = p["caps"][0]["lines"].as_array_mut().unwrap();
        let at = lines.iter().position(|l| l["product"] == "p01" && l["scenario"] == "finance").unwrap();
        lines[at].as_object_mut().unwrap().remove("cap_quoted");
        let e = call("publication.quote", json!({ "publication": p, "product": "p01", "scenario": "finance", "quantity": "1" })).unwrap_err();
        assert_eq!((e.code(), e.field()), ("missing", "cap"));
    }
}
