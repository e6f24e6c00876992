//! What-if documents kept read between changes (假设测算): the public fee calculator edits one
//! value of the scenario at a time and recomputes, so the document is kept in the module between
//! what-ifs, as a parsed JSON tree and as the typed scenario (测算方案) read from it, instead of
//! being written out and read again at every change.
//!
//! A [`WhatIf`] is the document of `chain.with_changes` (a JSON object, not yet checked as a
//! scenario: a change may make it invalid until the next change), held member by member (each
//! top-level member's tree and its JSON text, shared between copies, so a copy clones only the
//! members a change touches). [`WhatIf::with_changes`] applies changes with the same code as
//! `chain.with_changes` ([`crate::paths::apply_changes`]), and [`WhatIf::call`] runs an
//! operation on `{"document": …}`: the same results and errors (code, field, value) as
//! [`crate::api::call_json_unique_keys`] on that document written as JSON text (`serde_json`'s
//! writing of the tree, the text path).
//!
//! ## The typed scenario, and when the text path is taken
//!
//! `chain.summary` and `chain.figures` read their input as `{document: ScenarioDoc}` and run the
//! chain on the scenario; a [`WhatIf`] keeps that scenario (the result of the one document
//! read) and runs them on it directly, with no text written and no document read. A copy's
//! scenario is its original's with each member a change touches read again from that member's
//! new JSON text by the member's own reader (the one the document's reader calls for it, on the
//! same kind of deserializer, `Part::read`). This gives the whole document's reading exactly,
//! because that reading is the members' readers in turn: a member's value is read with no
//! context but the parser's nesting depth (the scenario's types have fixed nesting, a few
//! levels, and no free-form value, so a member that reads is far from the parser's limit of
//! 128 either way), every other member's text is unchanged (and it read before), and the
//! member set only grows by known members; the scenario's other members are not copied (the
//! copy's members are swapped into the original's scenario while an operation runs on it).
//! Where that argument does not hold, the copy's scenario is left to be read from the whole
//! text when an operation needs it (the text path, the same reading as without a [`WhatIf`]):
//! when
//!
//! - the original's whole document did not read (an invalid document before the change: its
//!   copies read their whole text, so their first error is the one the text path reports);
//! - a touched member does not read (its error, with the field path and position the whole
//!   document's reading reports, and the first of several members' errors in document order,
//!   come from the whole text: no error is ever made from a member alone);
//! - a change's first key is not a member of the scenario (the whole reading refuses it, or
//!   would report something else first);
//! - the document's text would be longer than [`crate::doc::MAX_DOCUMENT_BYTES`].
//!
//! Every other operation (`chain.validate`, `chain.run`, quotes, the fee list, …) takes the text
//! path, written once per copy when first needed. A JSON object cannot repeat a key, so the text
//! path reads without the duplicate-key pass, as `JSON.stringify`'s text is read.
//!
//! Work: a change clones and writes the members it touches and reads them again (bounded by
//! [`crate::doc::MAX_DOCUMENT_BYTES`] and [`crate::paths::MAX_CHANGES`]); an operation is its
//! own bound, plus at most one write and one read of the document on the text path.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::ScenarioDoc;
use crate::error::{Error, Result};
use crate::paths::{apply_changes, Step, WithChangesInput};

/// One top-level member of the document, shared between a document and its copies: its key,
/// its tree and its entry in the document's text, `"key":value` (`serde_json`'s compact
/// writing, which writes a map's entries one after the other with nothing around them).
#[derive(Debug)]
struct Member {
    key: String,
    value: Value,
    /// `"key":value`.
    entry: String,
    /// Where the value starts in `entry`.
    value_at: usize,
}

impl Member {
    fn new(key: String, value: Value) -> Result<Rc<Member>> {
        let mut entry = to_text(&key)?;
        entry.push(':');
        let value_at = entry.len();
        entry.push_str(&to_text(&value)?);
        Ok(Rc::new(Member { key, value, entry, value_at }))
    }

    /// The value's JSON text.
    fn text(&self) -> &str {
        self.entry.get(self.value_at..).unwrap_or_default()
    }
}

fn to_text<T: serde::Serialize + ?Sized>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Internal { field: "document".into(), value: e.to_string() })
}

/// A scenario document held between what-if changes: its members' trees and texts, its text
/// (written when first needed) and its typed scenario (see the module doc).
#[derive(Debug)]
pub struct WhatIf {
    /// The members in key order (a `serde_json::Map`'s order: the order its text lists them).
    members: Vec<Rc<Member>>,
    /// The document as JSON text, written from the members when first needed.
    text: OnceCell<String>,
    /// The typed scenario, made by a change from the original's or read from the text when
    /// first needed.
    typed: OnceCell<Typed>,
}

/// The typed scenario of a [`WhatIf`].
#[derive(Debug)]
enum Typed {
    /// The document does not read as a scenario: operations take the text path.
    Unread,
    /// The document's own reading.
    Own(Rc<Original>),
    /// An original's reading (shared, never changed for long) with these members read from
    /// this document's texts: swapped into it while an operation runs, then swapped back, so a
    /// copy clones no part of the scenario.
    Over(Rc<Original>, RefCell<Vec<Part>>),
}

/// A document's own reading, shared with its copies, and what its cost accounts gave in the
/// chain (kept for every copy that does not change them: [`super::CostsMemo`]).
#[derive(Debug)]
struct Original {
    doc: RefCell<ScenarioDoc>,
    memo: RefCell<super::CostsMemo>,
    /// The document's `costs` member (its tree: what the memo's accounts were read from).
    costs: Option<Rc<Member>>,
}

impl WhatIf {
    /// The document of a JSON text (an object), read as `chain.with_changes` reads its
    /// `document` (errors name `document`; a repeated key keeps its last value, as
    /// `JSON.parse` does).
    pub fn from_text(text: &str) -> Result<WhatIf> {
        let input: WithChangesInput = crate::doc::from_json_unique_keys(&format!("{{\"document\":{text},\"changes\":[]}}"))?;
        let members = input.document.into_iter().map(|(k, v)| Member::new(k, v)).collect::<Result<Vec<_>>>()?;
        Ok(WhatIf { members, text: OnceCell::new(), typed: OnceCell::new() })
    }

    /// A copy with `changes_json` (a JSON array of `{path, value | values}`, `chain.with_changes`'
    /// `changes`) applied in order: the same errors as `chain.with_changes` (`changes[i]…`).
    pub fn with_changes(&self, changes_json: &str) -> Result<WhatIf> {
        // Read by `chain.with_changes`' own input reader (no second reader in the module).
        let c: WithChangesInput = crate::doc::from_json_unique_keys(&format!("{{\"document\":{{}},\"changes\":{changes_json}}}"))?;
        // The members the changes can reach: each path's first key (a path that does not parse
        // fails in `apply_changes` before it reaches anything). `apply_changes` on a document of
        // those members alone does what it does on the whole document: a path's first step
        // finds its member, or not, in both alike, and never leaves it.
        let mut touched: Vec<String> = Vec::new();
        for k in c.changes.iter().filter_map(|ch| first_key(&ch.path)) {
            if !touched.contains(&k) {
                touched.push(k);
            }
        }
        let mut part = Map::new();
        for m in self.members.iter().filter(|m| touched.contains(&m.key)) {
            part.insert(m.key.clone(), m.value.clone());
        }
        let mut part = Value::Object(part);
        apply_changes(&mut part, &c.changes)?;
        let Value::Object(part) = part else {
            return Err(Error::Internal { field: "document".into(), value: "no longer an object".into() });
        };
        let mut members = self.members.clone();
        for (k, v) in part {
            let m = Member::new(k, v)?;
            match members.binary_search_by(|x| x.key.as_str().cmp(&m.key)) {
                Ok(i) => members[i] = m,
                Err(i) => members.insert(i, m),
            }
        }
        let next = WhatIf { members, text: OnceCell::new(), typed: OnceCell::new() };
        if let Some(t) = self.copy_typed(&next, touched) {
            let _ = next.typed.set(t);
        }
        Ok(next)
    }

    /// The copy's scenario: this document's original reading with the members that differ
    /// from it (a change's, and those of the copies in between) read from the copy's texts, or
    /// `None` where that is not provably the whole document's reading (see the module doc).
    fn copy_typed(&self, next: &WhatIf, mut keys: Vec<String>) -> Option<Typed> {
        let (original, before) = match self.typed() {
            Typed::Unread => return None,
            Typed::Own(doc) => (doc, None),
            Typed::Over(doc, parts) => (doc, Some(parts)),
        };
        if next.len() + DOCUMENT_WRAPPER > crate::doc::MAX_DOCUMENT_BYTES {
            return None;
        }
        let before: Vec<&str> = match before {
            Some(parts) => parts.try_borrow().ok()?.iter().map(Part::key).collect(),
            None => Vec::new(),
        };
        for k in before {
            if !keys.iter().any(|x| x == k) {
                keys.push(k.to_string());
            }
        }
        let parts = keys.iter().map(|k| next.members.iter().find(|m| m.key == *k).and_then(|m| Part::read(k, m.text()))).collect::<Option<Vec<_>>>()?;
        Some(Typed::Over(Rc::clone(original), RefCell::new(parts)))
    }

    /// The member `key`, if the document has it.
    fn member(&self, key: &str) -> Option<&Rc<Member>> {
        self.members.iter().find(|m| m.key == key)
    }

    /// Bytes of the document's text.
    fn len(&self) -> usize {
        2 + self.members.iter().map(|m| m.entry.len() + 1).sum::<usize>() - usize::from(!self.members.is_empty())
    }

    /// The document as JSON text (`serde_json`'s writing of the tree, keys in order), written
    /// once when first asked for.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let mut t = String::with_capacity(self.len());
            t.push('{');
            for (i, m) in self.members.iter().enumerate() {
                if i > 0 {
                    t.push(',');
                }
                t.push_str(&m.entry);
            }
            t.push('}');
            t
        })
    }

    /// `{"document": …}` around the text: the input every operation reads.
    fn input(&self) -> String {
        let text = self.text();
        let mut input = String::with_capacity(text.len() + DOCUMENT_WRAPPER);
        input.push_str("{\"document\":");
        input.push_str(text);
        input.push('}');
        input
    }

    /// The typed scenario: as `chain.summary` reads `{"document": …}` (without the
    /// duplicate-key pass: the text repeats no key) unless a change made it.
    fn typed(&self) -> &Typed {
        self.typed.get_or_init(|| match crate::lean::read_figures_input(&self.input(), false) {
            Some(doc) => Typed::Own(Rc::new(Original { doc: RefCell::new(doc), memo: RefCell::default(), costs: self.member("costs").cloned() })),
            None => Typed::Unread,
        })
    }

    /// `f` on the typed scenario and the cost accounts' memo (told, for a copy that changed the
    /// accounts, which years of them kept their inputs: [`super::CostsMemo::only_years`]), `None`
    /// when the document does not read (or, never in practice, the original's scenario is in
    /// use).
    fn with_scenario<R>(&self, f: impl FnOnce(&ScenarioDoc, Option<&mut super::CostsMemo>) -> R) -> Option<R> {
        match self.typed() {
            Typed::Unread => None,
            Typed::Own(o) => {
                let doc = o.doc.try_borrow().ok()?;
                let mut memo = o.memo.try_borrow_mut().ok();
                if let Some(m) = memo.as_deref_mut() {
                    m.only_years(None);
                }
                Some(f(&doc, memo.as_deref_mut()))
            }
            Typed::Over(o, parts) => {
                /// The parts swapped back on every way out.
                struct Swapped<'a>(&'a mut ScenarioDoc, &'a mut [Part]);
                impl Drop for Swapped<'_> {
                    fn drop(&mut self) {
                        self.1.iter_mut().for_each(|p| p.swap(self.0));
                    }
                }
                let (mut doc, mut parts) = (o.doc.try_borrow_mut().ok()?, parts.try_borrow_mut().ok()?);
                let mut memo = o.memo.try_borrow_mut().ok();
                parts.iter_mut().for_each(|p| p.swap(&mut doc));
                let swapped = Swapped(&mut doc, &mut parts);
                if let Some(m) = memo.as_deref_mut() {
                    // A copy that changed the accounts: the memo's years whose inputs it kept.
                    let own = swapped.1.iter().find_map(|p| match p {
                        Part::Costs(c) => Some(c),
                        _ => None,
                    });
                    m.only_years(own.map(|own| match (&o.costs, self.member("costs")) {
                        (Some(a), Some(b)) => own.years_with_same_inputs(&a.value, &swapped.0.costs, &b.value, &swapped.0.years()),
                        _ => Vec::new(),
                    }));
                }
                Some(f(swapped.0, memo.as_deref_mut()))
            }
        }
    }

    /// Whether the typed scenario is held (read, or made by a change) and reads: for tests of
    /// which path a copy takes.
    #[doc(hidden)]
    pub fn holds_scenario(&self) -> bool {
        matches!(self.typed.get(), Some(Typed::Own(_) | Typed::Over(..)))
    }

    /// Operation `op` on `{"document": …}` (nothing else), its result as JSON text: exactly
    /// [`crate::api::call_json_unique_keys`] on that text. `chain.summary` and `chain.figures`
    /// run on the typed scenario when it reads (what that call does after reading it: their
    /// `run` on their input, `FiguresInput`); every other operation, and a document that does
    /// not read, on the text.
    pub fn call(&self, op: &str) -> Result<String> {
        let out = if op == <crate::lean::SummaryOp as crate::op::Operation>::NAME {
            self.with_scenario(|doc, memo| crate::lean::summary_with(doc, memo).and_then(|s| crate::op::result_text(&s)))
        } else if op == <super::ops::Figures as crate::op::Operation>::NAME {
            self.with_scenario(|doc, memo| crate::lean::figures_with(doc, memo).and_then(|f| crate::op::result_text(&f)))
        } else {
            None
        };
        out.unwrap_or_else(|| crate::api::call_json_unique_keys(op, &self.input()))
    }
}

/// The first key of a change's path (the member it reaches), `None` when the path does not
/// parse.
fn first_key(path: &str) -> Option<String> {
    match crate::paths::parse(path, path).ok()?.into_iter().next() {
        Some(Step::Key(k)) => Some(k),
        _ => None,
    }
}

/// `{"document":` and `}`.
const DOCUMENT_WRAPPER: usize = 13;

/// The deserializer every document is read with in the calculator's WebAssembly build (its
/// one instance of each reader is for it).
type De<'a> = serde_json::Deserializer<serde_json::de::StrRead<'a>>;

/// Read `text` (one member's JSON, as `serde_json` wrote it) with `read`, which calls the
/// member's reader: the one the scenario's reader calls for that member, on the same kind of
/// deserializer. `None` on any error (the whole text is read then, for the error with its
/// field path and position). One body for every member (`read` is a small closure each).
#[cfg_attr(not(all(target_arch = "wasm32", not(feature = "rating"))), allow(dead_code))]
fn read_with(text: &str, read: &dyn Fn(&mut De<'_>) -> serde_json::Result<Part>) -> Option<Part> {
    let mut de = serde_json::Deserializer::from_str(text);
    let part = read(&mut de).ok()?;
    de.end().ok()?;
    Some(part)
}

/// Member `T` read from `text` as a [`Part`]. The calculator's WebAssembly build (`wasm32`
/// without `rating`, where [`crate::doc`] reads with plain `serde_json` and the locator): the
/// reader on a plain `serde_json` deserializer, the instance the scenario's reader uses.
#[cfg(all(target_arch = "wasm32", not(feature = "rating")))]
fn read_part<T: DeserializeOwned>(text: &str, part: fn(T) -> Part) -> Option<Part> {
    read_with(text, &|d| T::deserialize(d).map(part))
}

/// Member `T` read from `text` as a [`Part`]. Other builds read every document through
/// `serde_path_to_error` ([`crate::doc`]): the member through the same reader (a plain
/// `serde_json` instance of every member's reader would be a second copy of them all; the
/// values read are the same, [`tests`]).
#[cfg(not(all(target_arch = "wasm32", not(feature = "rating"))))]
fn read_part<T: DeserializeOwned>(text: &str, part: fn(T) -> Part) -> Option<Part> {
    crate::doc::from_json_unique_keys(text).ok().map(part)
}

/// A member of the scenario read on its own from a copy's text (see [`Typed::Over`]).
// One value per member a change touches, moved once into the copy: boxing the large variant
// would add an allocation and buy nothing (the lint fires on wasm32 only, where the other
// variants are smaller).
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Part {
    Name(String),
    Note(Option<String>),
    Stage(crate::mpr::Stage),
    FirstYear(i32),
    Profile(crate::profile::Policy),
    Catalog(crate::catalog::Catalog),
    Costs(crate::costs::CostAccounts),
    InputVat(Vec<super::YearAmount>),
    Forecasts(Vec<crate::caps::Forecast>),
    Weights(Vec<crate::caps::PairWeight>),
    UseKeys(Vec<crate::scope::UseKey>),
    Fees(Vec<super::Fee>),
    PriorPeriod(Vec<crate::mpr::PriorYear>),
}

impl Part {
    /// Member `key` read from `text` by its own reader; `None` when `key` is not a member of
    /// the scenario or the text does not read.
    fn read(key: &str, text: &str) -> Option<Part> {
        match key {
            "name" => read_part(text, Part::Name),
            "note" => read_part(text, Part::Note),
            "stage" => read_part(text, Part::Stage),
            "first_year" => read_part(text, Part::FirstYear),
            "profile" => read_part(text, Part::Profile),
            "catalog" => read_part(text, Part::Catalog),
            "costs" => read_part(text, Part::Costs),
            "input_vat" => read_part(text, Part::InputVat),
            "forecasts" => read_part(text, Part::Forecasts),
            "weights" => read_part(text, Part::Weights),
            "use_keys" => read_part(text, Part::UseKeys),
            "fees" => read_part(text, Part::Fees),
            "prior_period" => read_part(text, Part::PriorPeriod),
            _ => None,
        }
    }

    /// The member's key.
    fn key(&self) -> &'static str {
        match self {
            Part::Name(_) => "name",
            Part::Note(_) => "note",
            Part::Stage(_) => "stage",
            Part::FirstYear(_) => "first_year",
            Part::Profile(_) => "profile",
            Part::Catalog(_) => "catalog",
            Part::Costs(_) => "costs",
            Part::InputVat(_) => "input_vat",
            Part::Forecasts(_) => "forecasts",
            Part::Weights(_) => "weights",
            Part::UseKeys(_) => "use_keys",
            Part::Fees(_) => "fees",
            Part::PriorPeriod(_) => "prior_period",
        }
    }

    /// Exchange this value with the member's in `doc` (twice: as before).
    fn swap(&mut self, doc: &mut ScenarioDoc) {
        use std::mem::swap;
        match self {
            Part::Name(v) => swap(v, &mut doc.name),
            Part::Note(v) => swap(v, &mut doc.note),
            Part::Stage(v) => swap(v, &mut doc.stage),
            Part::FirstYear(v) => swap(v, &mut doc.first_year),
            Part::Profile(v) => swap(v, &mut doc.profile),
            Part::Catalog(v) => swap(v, &mut doc.catalog),
            Part::Costs(v) => swap(v, &mut doc.costs),
            Part::InputVat(v) => swap(v, &mut doc.input_vat),
            Part::Forecasts(v) => swap(v, &mut doc.forecasts),
            Part::Weights(v) => swap(v, &mut doc.weights),
            Part::UseKeys(v) => swap(v, &mut doc.use_keys),
            Part::Fees(v) => swap(v, &mut doc.fees),
            Part::PriorPeriod(v) => swap(v, &mut doc.prior_period),
        }
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use serde_json::json;

    use super::*;

    /// The example city (the page's document): its TOML read as JSON, as the page has it.
    fn city() -> Value {
        crate::doc::from_toml(include_str!("../../../examples/city/scenario.toml")).unwrap()
    }

    type Outcome = std::result::Result<String, (String, String, String)>;

    fn key(r: Result<String>) -> Outcome {
        r.map_err(|e| (e.code().to_string(), e.field().to_string(), e.value().to_string()))
    }

    const OPS: [&str; 4] = ["chain.summary", "chain.figures", "chain.validate", "chain.run"];

    /// Check `w` against the text path on `doc` (the document `chain.with_changes` made): the same
    /// text, the same results and errors of every operation, and, where the what-if holds its
    /// scenario, the scenario the whole text reads as. Returns whether it held one.
    fn same_as_text_path(w: &WhatIf, doc: &Value, what: &str) -> bool {
        let text = serde_json::to_string(doc).unwrap();
        assert_eq!(w.text(), text, "{what}: text");
        for op in OPS {
            let want = key(crate::api::call_json(op, &format!("{{\"document\":{text}}}")));
            assert_eq!(key(w.call(op)), want, "{what}: {op}");
        }
        // Held now if it reads (read from the whole text by `chain.summary` if not before).
        let whole = crate::lean::read_figures_input(&format!("{{\"document\":{text}}}"), true);
        assert_eq!(whole, w.with_scenario(|d, _| d.clone()), "{what}: scenario");
        w.holds_scenario()
    }

    /// One step: `changes` on `(w, doc)` both ways; the copy, or the error of both.
    fn step(w: &WhatIf, doc: &Value, changes: &Value, what: &str) -> Option<(WhatIf, Value)> {
        let old = crate::api::call("chain.with_changes", json!({"document": doc, "changes": changes}));
        let new = w.with_changes(&changes.to_string());
        match (old, new) {
            (Ok(o), Ok(n)) => Some((n, o["document"].clone())),
            (Err(a), Err(b)) => {
                assert_eq!((a.code(), a.field(), a.value()), (b.code(), b.field(), b.value()), "{what}: {changes}");
                None
            }
            (a, b) => panic!("{what} {changes}: {a:?} / {b:?}"),
        }
    }

    /// Every kind of change path the scenario has, good and bad values, applied to the example
    /// city: the same text, results and errors as `chain.with_changes` then the operation on
    /// its text; which ones keep the typed scenario (no text written, no document read).
    #[test]
    fn every_change_kind_as_the_text_path() {
        let doc = city();
        let base = WhatIf::from_text(&doc.to_string()).unwrap();
        assert!(same_as_text_path(&base, &doc, "base"));
        let deep = (0..70).fold(json!("1"), |v, _| json!([v]));
        // (changes, whether the copy keeps its scenario without reading the whole text)
        let cases: Vec<(Value, bool)> = vec![
            (json!([{"path": "profile.profit.rate", "value": "0.07"}]), true),
            (json!([{"path": "profile.profit.rate", "value": "0.5"}]), true),
            (json!([{"path": "profile.profit.rate", "value": 0.07}]), false),
            (json!([{"path": "profile.profit.rate", "value": "x"}]), false),
            (json!([{"path": "profile.profit", "value": {"method": "cost_plus", "margin": "0.05"}}]), true),
            (json!([{"path": "profile.template", "value": "anhui"}]), false),
            (json!([{"path": "profile.period_years", "value": 2}]), true),
            (json!([{"path": "costs.ledger.entries[0].amount", "value": "123456.78"}]), true),
            (json!([{"path": "costs.ledger.entries[0].amount", "value": "-1"}]), true),
            (json!([{"path": "costs.ledger.entries[*].amount", "value": "1000.00"}]), true),
            (json!([{"path": "costs.ledger.entries[0].pool", "value": "nope"}]), true),
            (json!([{"path": "forecasts[0].volume", "value": "250000"}]), true),
            (json!([{"path": "forecasts[*].volume", "value": "-1"}]), true),
            (json!([{"path": "forecasts[*].volume", "values": ["1"]}]), false),
            (json!([{"path": "forecasts[0].volume", "value": "1e3"}]), false),
            (json!([{"path": "catalog.products[0].step", "value": "10"}]), true),
            (json!([{"path": "catalog.products[0].id", "value": "p01"}]), true),
            (json!([{"path": "fees[0].schedule.price", "value": "9999"}]), true),
            (json!([{"path": "fees[0].effective", "value": "2026-02-31"}]), true),
            (json!([{"path": "name", "value": "what if"}]), true),
            (json!([{"path": "name", "value": 7}]), false),
            (json!([{"path": "note", "value": "illustrative"}]), true),
            // `value: null` is no value (refused by both).
            (json!([{"path": "note", "value": null}]), false),
            (json!([{"path": "stage", "value": "trial"}]), true),
            (json!([{"path": "stage", "value": "nope"}]), false),
            (json!([{"path": "first_year", "value": 2027}]), true),
            (json!([{"path": "first_year", "value": "2027"}]), false),
            (json!([{"path": "input_vat", "value": [{"year": 2026, "amount": "1000.00"}]}]), true),
            (json!([{"path": "weights", "value": []}]), true),
            (json!([{"path": "use_keys", "value": []}]), true),
            (json!([{"path": "prior_period", "value": [{"year": 2025, "mpr": "100.00", "actual_revenue": "150.00"}]}]), true),
            (json!([{"path": "prior_period", "value": {}}]), false),
            (json!([{"path": "catalog", "value": "x"}]), false),
            (json!([{"path": "nope", "value": 1}]), false),
            (json!([{"path": "nope.x", "value": 1}]), false),
            (json!([{"path": "nope[", "value": "1"}]), false),
            (json!([{"path": "profile.x", "value": "1"}, {"path": "forecasts[0].volume", "value": "x"}]), false),
            (json!([{"path": "forecasts[0].volume", "value": "x"}, {"path": "profile.profit.rate", "value": "y"}]), false),
            (
                json!([{"path": "profile.profit.rate", "value": "0.07"}, {"path": "costs.ledger.entries[1].amount", "value": "5.00"}, {"path": "forecasts[2].volume", "value": "10"}]),
                true,
            ),
            (json!([{"path": "profile.profit.rate", "value": "0.07"}, {"path": "profile.profit.rate", "value": "0.08"}]), true),
            (json!([{"path": "profile.profit.rate", "value": "0.07", "values": ["1"]}]), false),
            (json!([{"path": "forecasts[0].volume", "value": deep}]), false),
            (json!([{"path": "name", "value": "x".repeat(100)}]), true),
        ];
        let mut fast = 0;
        for (changes, keeps) in &cases {
            let what = changes.to_string();
            let Some((w, d)) = step(&base, &doc, changes, &what) else {
                assert!(!keeps, "{what}: refused");
                continue;
            };
            assert_eq!(w.holds_scenario(), *keeps, "{what}: keeps its scenario");
            same_as_text_path(&w, &d, &what);
            fast += usize::from(*keeps);
        }
        assert!(fast >= 25, "{fast}");
    }

    /// Copies of copies: each from the one before, through invalid documents and back; the
    /// original never changes.
    #[test]
    fn copies_of_copies_as_the_text_path() {
        let doc = city();
        let base = WhatIf::from_text(&doc.to_string()).unwrap();
        let chain = [
            (json!([{"path": "profile.profit.rate", "value": "0.07"}]), true),
            (json!([{"path": "forecasts[1].volume", "value": "123"}]), true),
            // Invalid now: its copies read their whole text until one reads again.
            (json!([{"path": "first_year", "value": "x"}]), false),
            (json!([{"path": "costs.ledger.entries[0].amount", "value": "1.00"}]), false),
            // Read again from the whole text (valid): its copies are typed again.
            (json!([{"path": "first_year", "value": 2026}]), false),
            (json!([{"path": "profile.profit.rate", "value": "0.06"}]), true),
            (json!([{"path": "costs.ledger.entries[0].amount", "value": "-5.00"}]), true),
        ];
        let mut last: Option<(WhatIf, Value)> = None;
        for (k, (changes, keeps)) in chain.iter().enumerate() {
            let what = format!("step {k}: {changes}");
            let (w, d) = last.as_ref().map_or((&base, &doc), |(w, d)| (w, d));
            let (nw, nd) = step(w, d, changes, &what).unwrap();
            assert_eq!(nw.holds_scenario(), *keeps, "{what}");
            same_as_text_path(&nw, &nd, &what);
            last = Some((nw, nd));
        }
        assert!(same_as_text_path(&base, &doc, "the original after its copies"));
        // A document that does not read from the start: every copy reads its whole text.
        let bad = WhatIf::from_text(&doc.to_string().replacen("\"first_year\":2026", "\"first_year\":\"2026\"", 1)).unwrap();
        let bad_doc: Value = serde_json::from_str(bad.text()).unwrap();
        let (c, cd) = step(&bad, &bad_doc, &json!([{"path": "profile.profit.rate", "value": "0.07"}]), "bad").unwrap();
        assert!(!c.holds_scenario());
        same_as_text_path(&c, &cd, "copy of a document that does not read");
    }

    /// The cost accounts' memo (`CostsMemo`): copies from one original in turn, each changing
    /// what the accounts' years depend on (the cost options, the period, the accounts) or not,
    /// summary and figures each time the text path's.
    #[test]
    fn memo_of_the_accounts_as_the_text_path() {
        let doc = city();
        let base = WhatIf::from_text(&doc.to_string()).unwrap();
        let rate = |r: &str| json!([{"path": "profile.profit.rate", "value": r}]);
        let steps = [
            rate("0.07"),
            json!([{"path": "profile.working_capital_share", "value": "0.2"}]),
            rate("0.05"),
            json!([{"path": "profile.depreciation_start", "value": "same_month"}]),
            json!([{"path": "profile.asset_balance", "value": "closing"}]),
            json!([{"path": "profile.grant_depreciation_recoverable", "value": true}]),
            json!([{"path": "profile.profit", "value": {"method": "cost_plus", "margin": "0.05"}}]),
            json!([{"path": "profile.period_years", "value": 2}]),
            rate("0.06"),
            json!([{"path": "profile.period_years", "value": 4}]),
            json!([{"path": "first_year", "value": 2027}]),
            json!([{"path": "costs.ledger.entries[0].amount", "value": "1.00"}]),
            rate("0.04"),
            json!([{"path": "costs.ledger.entries[1].amount", "value": "-1.00"}]),
            rate("0.08"),
        ];
        for (k, changes) in steps.iter().enumerate() {
            let what = format!("step {k}: {changes}");
            let (w, d) = step(&base, &doc, changes, &what).unwrap();
            assert!(w.holds_scenario(), "{what}");
            same_as_text_path(&w, &d, &what);
            // The original's memo holds the years of the accounts' last run under the original's
            // accounts (every year of the period, each given back).
            let Some(Typed::Own(o)) = base.typed.get() else { panic!("{what}: the original reads") };
            let memo = o.memo.borrow();
            assert!(memo.valid && !memo.years.is_empty() && memo.years.iter().all(Option::is_some), "{what}");
            drop(memo);
            // A copy of the copy too (its own memo when it changed the accounts).
            if let Some((w2, d2)) = step(&w, &d, &rate("0.03"), &what) {
                same_as_text_path(&w2, &d2, &format!("{what}, then 0.03"));
            }
        }
    }

    /// A copy that changes the accounts takes from the original's memo the years whose inputs it
    /// kept (`CostAccounts::years_with_same_inputs`: the assets, pools, drivers and that year's ledger
    /// entries at their places) and gives them back; every result the text path's, whichever
    /// years an edit reaches, from an original that never ran and after it ran.
    #[test]
    fn memo_of_the_other_years_on_a_ledger_edit() {
        let doc = city();
        let years = |d: &Value| d["costs"]["ledger"]["entries"].as_array().unwrap().iter().map(|e| e["year"].as_i64().unwrap()).collect::<Vec<_>>();
        let ys = years(&doc);
        // An entry of the first year and one of the last (the city books every year).
        let first = ys.iter().position(|&y| y == 2026).unwrap();
        let last = ys.iter().position(|&y| y == 2028).unwrap();
        let base = WhatIf::from_text(&doc.to_string()).unwrap();
        let entry = |i: usize, member: &str, v: Value| json!([{"path": format!("costs.ledger.entries[{i}].{member}"), "value": v}]);
        let amount = doc["costs"]["ledger"]["entries"][first]["amount"].as_str().unwrap().to_string();
        // (changes, the years of the period the memo holds afterwards, by position)
        const ALL: [bool; 3] = [true; 3];
        let steps: Vec<(Value, [bool; 3])> = vec![
            // The original never ran: the copy's unchanged years fill the memo.
            (entry(first, "amount", json!("1.00")), [false, true, true]),
            (entry(first, "amount", json!("2.00")), [false, true, true]),
            // The first year's accounts of this copy are the original's: kept too.
            (entry(last, "amount", json!("3.00")), ALL),
            // The same value written another way is another input.
            (entry(first, "amount", json!(format!("{amount}0"))), ALL),
            // The entry moved to another year: both years computed.
            (entry(first, "year", json!(2027)), ALL),
            (json!([{"path": "costs.assets[0].cost", "value": "1.00"}]), ALL),
            (json!([{"path": "costs.drivers[0].quantity", "value": "7"}]), ALL),
            (json!([{"path": "costs.ledger.entries[*].amount", "value": "10.00"}]), ALL),
            // Changes the accounts or the chain refuse (the same first error).
            (entry(last, "amount", json!("-99999999.00")), ALL),
            // (refused computing the last year: the years the run took are not given back)
            (entry(last, "amount", json!("99999999999999999999999999.00")), [false, false, true]),
            // The original runs (a profit rate edit): every year of its accounts, checked.
            (json!([{"path": "profile.profit.rate", "value": "0.07"}]), ALL),
            (entry(first, "amount", json!("1.00")), ALL),
            // Other cost options: the memo holds the unchanged years under them instead.
            (
                json!([{"path": "profile.working_capital_share", "value": "0.2"}, {"path": format!("costs.ledger.entries[{first}].amount"), "value": "5.00"}]),
                [false, true, true],
            ),
            (json!([{"path": "profile.profit.rate", "value": "0.05"}]), ALL),
        ];
        for (k, (changes, held)) in steps.iter().enumerate() {
            let what = format!("step {k}: {changes}");
            let (w, d) = step(&base, &doc, changes, &what).unwrap();
            assert!(w.holds_scenario(), "{what}");
            same_as_text_path(&w, &d, &what);
            let Some(Typed::Own(o)) = base.typed.get() else { panic!("{what}: the original reads") };
            let memo = o.memo.borrow();
            let now: Vec<bool> = (0..3).map(|i| memo.years.get(i).is_some_and(Option::is_some)).collect();
            assert_eq!(now, held, "{what}");
            // Every year it holds is the original's accounts' (as computed by the text path).
            let own = o.doc.borrow();
            let opts = memo.key.as_ref().map(|k| k.0.clone()).unwrap();
            for yc in memo.years.iter().flatten() {
                let want = crate::explain::without_papers(|| own.costs.year_summary(yc.year, &opts)).unwrap();
                assert_eq!(yc, &want, "{what}: year {}", yc.year);
            }
        }
        // The accounts' inputs of a year: the same trees, a decimal written another way, another year's entry.
        let Some(Typed::Own(o)) = base.typed.get() else { panic!("the original reads") };
        let own = &o.doc.borrow().costs;
        let tree = &doc["costs"];
        let all = [2026, 2027, 2028];
        assert_eq!(own.years_with_same_inputs(tree, own, tree, &all), all);
        let mut other = tree.clone();
        other["ledger"]["entries"][first]["amount"] = json!(format!("{amount}0"));
        assert_eq!(own.years_with_same_inputs(tree, own, &other, &all), [2027, 2028]);
        other["pools"][0]["name"] = json!("x");
        assert!(own.years_with_same_inputs(tree, own, &other, &all).is_empty());
    }

    /// The calculator build's member reader (plain `serde_json`) reads what the build's document
    /// reader reads, member by member of the example city, and refuses what it refuses.
    #[test]
    fn plain_member_reader_is_the_document_readers() {
        let doc = city();
        let mut members: Vec<(String, String)> = doc.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
        members.push(("first_year".into(), "\"2026\"".into()));
        members.push(("forecasts".into(), "[[[[1]]]]".into()));
        members.push(("nope".into(), "1".into()));
        let plain = |k: &str, t: &str| -> Option<String> {
            fn p<T: DeserializeOwned>(t: &str, part: fn(T) -> Part) -> Option<Part> {
                read_with(t, &|d| T::deserialize(d).map(part))
            }
            let part = match k {
                "name" => p(t, Part::Name),
                "note" => p(t, Part::Note),
                "stage" => p(t, Part::Stage),
                "first_year" => p(t, Part::FirstYear),
                "profile" => p(t, Part::Profile),
                "catalog" => p(t, Part::Catalog),
                "costs" => p(t, Part::Costs),
                "input_vat" => p(t, Part::InputVat),
                "forecasts" => p(t, Part::Forecasts),
                "weights" => p(t, Part::Weights),
                "use_keys" => p(t, Part::UseKeys),
                "fees" => p(t, Part::Fees),
                "prior_period" => p(t, Part::PriorPeriod),
                _ => None,
            };
            part.map(|p| format!("{p:?}"))
        };
        for (k, t) in &members {
            assert_eq!(plain(k, t), Part::read(k, t).map(|p| format!("{p:?}")), "{k}");
        }
    }

    #[test]
    fn not_an_object() {
        let e = WhatIf::from_text("[1]").unwrap_err();
        assert_eq!(e.field(), "document");
        let w = WhatIf::from_text("{}").unwrap();
        assert_eq!(w.text(), "{}");
        assert_eq!(key(w.call("chain.summary")), key(crate::api::call_json("chain.summary", r#"{"document":{}}"#)));
    }
}
