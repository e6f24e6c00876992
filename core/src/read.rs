//! The compact struct reader's shared half (文档结构的紧凑读取): what every struct declared with
//! `#[derive(ReadStruct)]` (the `datafee-derive` crate) shares, so that each type carries only its
//! own loop over keys and its fields' readers.
//!
//! serde's `#[derive(Deserialize)]` writes, per struct, a field-identifier enum with its visitor
//! (`visit_str`, `visit_bytes`, `visit_u64`), a `visit_seq` (the struct read from an array), a
//! `visit_map`, and `deserialize_struct` with both. `ReadStruct` writes the `visit_map` only and
//! reads each key through [`Key`], one lookup in a table of names ([`Fields`]) shared by every
//! type; the errors are serde's own (`unknown field`, `duplicate field`, `missing field`,
//! through the same `serde::de::Error` constructors). The one difference: a struct given as a
//! JSON array of its fields is refused (`invalid type: sequence, expected struct Foo`) where
//! serde's derive would read it positionally; no document of the engine is written that way.
//! `read::tests` compares both on generated inputs.

use serde::de::{DeserializeSeed, Error, Unexpected, Visitor};
use std::fmt;

/// A struct's field names as a reader looks them up (one `static` per type).
#[derive(Debug)]
pub struct Fields {
    /// Every name a key may have, in serde's order (each field's name and aliases, sorted per
    /// field): the list `unknown field` errors give as expected.
    pub names: &'static [&'static str],
    /// The field each name reads (its position among the fields read); empty when every field
    /// has one name (then the name's position is the field's).
    pub to: &'static [u16],
    /// Each field's own name (the one `missing field` and `duplicate field` report); empty when
    /// every field has one name (then [`Fields::names`]).
    pub primary: &'static [&'static str],
    /// `deny_unknown_fields`: an unknown key is an error, else its value is skipped.
    pub strict: bool,
}

/// What [`Key`] returns for a key the struct does not know (when not strict).
pub const IGNORE: u16 = u16::MAX;

impl Fields {
    /// The number of fields read (not of names).
    fn count(&self) -> usize {
        if self.to.is_empty() {
            self.names.len()
        } else {
            self.primary.len()
        }
    }

    /// Field `i`'s own name.
    fn name(&self, i: u16) -> &'static str {
        let i = usize::from(i);
        if self.primary.is_empty() {
            self.names.get(i).copied().unwrap_or("")
        } else {
            self.primary.get(i).copied().unwrap_or("")
        }
    }

    /// The field a name reads.
    fn find(&self, name: &[u8]) -> Option<u16> {
        let at = self.names.iter().position(|n| n.as_bytes() == name)?;
        Some(if self.to.is_empty() { at as u16 } else { self.to[at] })
    }
}

/// Read a map key as a field of `Fields` (a `DeserializeSeed`): the field's position, or
/// [`IGNORE`] for an unknown key of a struct that is not strict.
#[derive(Debug, Clone, Copy)]
pub struct Key(pub &'static Fields);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = u16;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<u16, D::Error> {
        d.deserialize_identifier(self)
    }
}

/// serde's expectation for a field index out of range (`field index 0 <= i < 3`).
struct IndexBound(usize);

impl serde::de::Expected for IndexBound {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "field index 0 <= i < {}", self.0)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = u16;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<u16, E> {
        let n = self.0.count();
        match usize::try_from(v) {
            Ok(i) if i < n => Ok(i as u16),
            _ if !self.0.strict => Ok(IGNORE),
            _ => Err(E::invalid_value(Unexpected::Unsigned(v), &IndexBound(n))),
        }
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<u16, E> {
        match self.0.find(v.as_bytes()) {
            Some(i) => Ok(i),
            None if !self.0.strict => Ok(IGNORE),
            None => Err(E::unknown_field(v, self.0.names)),
        }
    }
    fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<u16, E> {
        match self.0.find(v) {
            Some(i) => Ok(i),
            None if !self.0.strict => Ok(IGNORE),
            None => Err(E::unknown_field(&String::from_utf8_lossy(v), self.0.names)),
        }
    }
}

/// serde's `duplicate field` error for field `i`.
#[cold]
pub fn duplicate<E: Error>(f: &Fields, i: u16) -> E {
    E::duplicate_field(f.name(i))
}

/// serde's `missing field` error for field `i`.
#[cold]
pub fn missing<E: Error>(f: &Fields, i: u16) -> E {
    E::missing_field(f.name(i))
}

/// `#[derive(ReadStruct)]` (the `datafee-derive` crate): a struct read through this module.
pub use datafee_derive::ReadStruct;

#[cfg(test)]
mod tests {
    //! `ReadStruct` against serde's derive: the same fields, attributes and inputs, the same
    //! result or the same error (message, line and column; the path through
    //! `serde_path_to_error`; the same through a `serde_json::Value`).
    use serde::de::DeserializeOwned;
    use serde_json::Value;
    use std::fmt::Debug;

    fn nine() -> u32 {
        9
    }

    /// Each type twice: in `ours` with `ReadStruct`, in `theirs` with serde's derive (the same
    /// names, so `Debug` and serde's messages write the same text).
    macro_rules! twins {
        ($($(#[$m:meta])* struct $name:ident { $($body:tt)* })*) => {
            #[allow(dead_code)]
            mod ours {
                use super::*;
                use crate::money::{Amount, Quantity, UnitPrice};
                use crate::catalog::Category;
                use crate::costs::category::CostCategory;
                $( #[derive(Debug, PartialEq, crate::read::ReadStruct)] $(#[$m])* pub struct $name { $($body)* } )*
            }
            #[allow(dead_code)]
            mod theirs {
                use super::*;
                use crate::money::{Amount, Quantity, UnitPrice};
                use crate::catalog::Category;
                use crate::costs::category::CostCategory;
                $( #[derive(Debug, PartialEq, serde::Deserialize)] $(#[$m])* pub struct $name { $($body)* } )*
            }
        };
    }

    twins! {
        // caps::Forecast
        #[serde(deny_unknown_fields)]
        struct Forecast {
            product: String,
            scenario: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            year: Option<i32>,
            volume: Quantity,
        }
        // schedule::tiers::Tier
        #[serde(deny_unknown_fields)]
        struct Tier {
            from: Quantity,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            to: Option<Quantity>,
            price: UnitPrice,
        }
        // costs::ledger::CostEntry
        #[serde(deny_unknown_fields)]
        struct CostEntry {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            id: Option<String>,
            category: CostCategory,
            year: i32,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            product: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pool: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            scenario_category: Option<Category>,
            amount: Amount,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            permitted: Option<bool>,
            #[serde(default)]
            subsidy: Amount,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            note: Option<String>,
        }
        // Every attribute the derive reads: rename, alias, skip, `default = "path"`, `with`,
        // an `Option` read `with` a function (missing: an error, as serde's), nested structs.
        #[serde(deny_unknown_fields, rename_all = "snake_case")]
        struct Mixed {
            #[serde(rename = "kind")]
            kind_name: String,
            #[serde(alias = "amortization", alias = "older")]
            amount: u32,
            #[serde(skip)]
            skipped: u32,
            #[serde(default = "nine")]
            nine: u32,
            #[serde(with = "crate::money::dec")]
            weight: rust_decimal::Decimal,
            #[serde(with = "crate::money::dec_opt")]
            limit: Option<rust_decimal::Decimal>,
            plain: Option<u32>,
            tiers: Vec<Tier>,
            #[serde(default)]
            inner: Option<Forecast>,
            #[serde(default)]
            entries: Vec<CostEntry>,
        }
        // The struct's own default for what is missing.
        #[derive(Default)]
        #[serde(deny_unknown_fields, default)]
        struct Defaults {
            a: u32,
            b: String,
            #[serde(default = "nine")]
            c: u32,
            d: Option<bool>,
        }
        // Not strict: unknown keys skipped with their values.
        struct Loose {
            a: u32,
            b: Option<String>,
        }
    }

    /// An object's entries, in order (a key may repeat).
    type Entries = Vec<(String, J)>;

    /// A JSON text as a tree that can repeat keys.
    #[derive(Clone)]
    enum J {
        Obj(Entries),
        Arr(Vec<J>),
        Lit(String),
    }

    impl J {
        fn of(v: &Value) -> J {
            match v {
                Value::Object(m) => J::Obj(m.iter().map(|(k, v)| (k.clone(), J::of(v))).collect()),
                Value::Array(a) => J::Arr(a.iter().map(J::of).collect()),
                v => J::Lit(v.to_string()),
            }
        }
        fn text(&self, out: &mut String) {
            match self {
                J::Lit(s) => out.push_str(s),
                J::Arr(a) => {
                    out.push('[');
                    for (i, v) in a.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        v.text(out);
                    }
                    out.push(']');
                }
                J::Obj(m) => {
                    out.push('{');
                    for (i, (k, v)) in m.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(&Value::String(k.clone()).to_string());
                        out.push(':');
                        v.text(out);
                    }
                    out.push('}');
                }
            }
        }
    }

    /// xorshift64*: a fixed sequence of inputs.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const KEYS: &[&str] = &[
        "product",
        "scenario",
        "year",
        "volume",
        "from",
        "to",
        "price",
        "id",
        "category",
        "pool",
        "scenario_category",
        "amount",
        "permitted",
        "subsidy",
        "note",
        "kind",
        "kind_name",
        "amortization",
        "older",
        "skipped",
        "nine",
        "weight",
        "limit",
        "plain",
        "tiers",
        "inner",
        "entries",
        "a",
        "b",
        "c",
        "d",
        "zz",
        "",
    ];
    const LITS: &[&str] = &[
        "null",
        "true",
        "false",
        "0",
        "1",
        "-3",
        "2.5",
        "1e3",
        "18446744073709551616",
        "\"\"",
        "\"1.5\"",
        "\"x\"",
        "\"2025\"",
        "\"labor\"",
        "\"public_welfare\"",
        "\"industry_development\"",
        "\"-1\"",
        "\"1,5\"",
        "{}",
        "[]",
        "[1]",
        "[\"1\"]",
        "{\"a\":1}",
    ];

    fn random_value(r: &mut Rng) -> J {
        match r.below(6) {
            0 => J::Obj(vec![(KEYS[r.below(KEYS.len())].to_string(), J::Lit(LITS[r.below(LITS.len())].to_string()))]),
            1 => J::Arr(vec![J::Lit(LITS[r.below(LITS.len())].to_string())]),
            _ => J::Lit(LITS[r.below(LITS.len())].to_string()),
        }
    }

    /// Apply `f` to the n-th object of the tree (pre-order).
    fn with_object(j: &mut J, n: &mut usize, f: &mut dyn FnMut(&mut Entries)) -> bool {
        match j {
            J::Lit(_) => false,
            J::Arr(a) => a.iter_mut().any(|v| with_object(v, n, f)),
            J::Obj(m) => {
                if *n == 0 {
                    f(m);
                    return true;
                }
                *n -= 1;
                m.iter_mut().any(|(_, v)| with_object(v, n, f))
            }
        }
    }

    fn count_objects(j: &J) -> usize {
        match j {
            J::Lit(_) => 0,
            J::Arr(a) => a.iter().map(count_objects).sum(),
            J::Obj(m) => 1 + m.iter().map(|(_, v)| count_objects(v)).sum::<usize>(),
        }
    }

    /// One to three damages: an entry removed, repeated, renamed, its value replaced, one added.
    fn damage(seed: &J, r: &mut Rng) -> J {
        let mut j = seed.clone();
        for _ in 0..1 + r.below(3) {
            let n = count_objects(&j);
            if n == 0 {
                break;
            }
            let mut at = r.below(n);
            with_object(&mut j, &mut at, &mut |m| damage_one(m, r));
        }
        j
    }

    fn damage_one(m: &mut Entries, r: &mut Rng) {
        let len = m.len();
        match r.below(5) {
            0 if len > 0 => {
                m.remove(r.below(len));
            }
            1 if len > 0 => {
                let e = m[r.below(len)].clone();
                let at = r.below(len + 1);
                m.insert(at, e);
            }
            2 if len > 0 => {
                let i = r.below(len);
                m[i].0 = KEYS[r.below(KEYS.len())].to_string();
            }
            3 if len > 0 => {
                let i = r.below(len);
                m[i].1 = random_value(r);
            }
            _ => {
                let at = r.below(len + 1);
                m.insert(at, (KEYS[r.below(KEYS.len())].to_string(), random_value(r)));
            }
        }
    }

    fn outcome<T: Debug>(r: Result<T, impl std::fmt::Display>) -> Result<String, String> {
        r.map(|v| format!("{v:?}")).map_err(|e| e.to_string())
    }

    /// Both readers on one text: the same value or the same error, three ways.
    fn same<A: DeserializeOwned + Debug, B: DeserializeOwned + Debug>(text: &str, array_forms: &mut usize) {
        let ours = outcome(serde_json::from_str::<A>(text));
        let theirs = outcome(serde_json::from_str::<B>(text));
        if ours != theirs {
            // The one difference: a struct given as an array is refused, not read positionally.
            let e = ours.as_ref().expect_err("ours read what serde's derive did not");
            assert!(e.contains("invalid type: sequence, expected struct"), "{text}\n ours {ours:?}\n theirs {theirs:?}");
            *array_forms += 1;
            return;
        }
        let path = |r: Result<String, serde_path_to_error::Error<serde_json::Error>>| r.map_err(|e| format!("{} @ {}", e, e.path()));
        let ours_p = path(serde_path_to_error::deserialize::<_, A>(&mut serde_json::Deserializer::from_str(text)).map(|v| format!("{v:?}")));
        let theirs_p = path(serde_path_to_error::deserialize::<_, B>(&mut serde_json::Deserializer::from_str(text)).map(|v| format!("{v:?}")));
        assert_eq!(ours_p, theirs_p, "{text}");
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            let ours_v = outcome(serde_json::from_value::<A>(v.clone()));
            let theirs_v = outcome(serde_json::from_value::<B>(v));
            if ours_v != theirs_v {
                assert!(ours_v.as_ref().is_err_and(|e| e.contains("invalid type: sequence, expected struct")), "{text}");
            }
        }
    }

    fn compare<A: DeserializeOwned + Debug, B: DeserializeOwned + Debug>(seeds: &[&str], n: usize, rng: u64) -> (usize, usize, usize) {
        let (mut ok, mut err, mut arrays) = (0, 0, 0);
        let mut r = Rng(rng);
        for seed in seeds {
            let tree = J::of(&serde_json::from_str(seed).expect("seed"));
            let mut text = String::new();
            tree.text(&mut text);
            for i in 0..=n {
                let t = if i == 0 {
                    text.clone()
                } else {
                    let mut s = String::new();
                    damage(&tree, &mut r).text(&mut s);
                    s
                };
                same::<A, B>(&t, &mut arrays);
                if serde_json::from_str::<A>(&t).is_ok() {
                    ok += 1
                } else {
                    err += 1
                }
            }
        }
        (ok, err, arrays)
    }

    #[test]
    fn the_same_as_serde_derive() {
        let n = 400;
        let mut total = (0, 0, 0);
        let mut add = |(a, b, c): (usize, usize, usize)| {
            total = (total.0 + a, total.1 + b, total.2 + c);
        };
        add(compare::<ours::Forecast, theirs::Forecast>(
            &[r#"{"product":"p","scenario":"s","volume":"100"}"#, r#"{"product":"p","scenario":"s","year":2025,"volume":"1.5"}"#],
            n,
            1,
        ));
        add(compare::<ours::Tier, theirs::Tier>(&[r#"{"from":"0","to":"10","price":"1"}"#, r#"{"from":"10","price":"0.5"}"#], n, 2));
        add(compare::<ours::CostEntry, theirs::CostEntry>(
            &[
                r#"{"id":"a","category":"labor","year":2025,"product":"p","amount":"100","subsidy":"1","note":"n"}"#,
                r#"{"category":"amortization","year":2026,"pool":"x","scenario_category":"public_welfare","amount":"5","permitted":true}"#,
            ],
            n,
            3,
        ));
        add(compare::<ours::Mixed, theirs::Mixed>(
            &[
                r#"{"kind":"k","amount":1,"weight":"0.5","limit":"2","plain":3,"tiers":[{"from":"0","price":"1"}],"inner":{"product":"p","scenario":"s","volume":"1"},"entries":[{"category":"labor","year":2025,"amount":"1"}]}"#,
                r#"{"kind":"k","older":2,"nine":1,"weight":"1","limit":null,"tiers":[]}"#,
            ],
            n,
            4,
        ));
        add(compare::<ours::Defaults, theirs::Defaults>(&[r#"{"a":1,"b":"x","c":2,"d":true}"#, r#"{}"#], n, 5));
        add(compare::<ours::Loose, theirs::Loose>(&[r#"{"a":1,"b":"x","zz":[1,{"q":2}]}"#, r#"{"a":2}"#], n, 6));
        let (ok, err, arrays) = total;
        // The inputs reach both outcomes, and the array form (the one known difference) is rare.
        eprintln!("read-back {ok}, errors {err}, array forms {arrays}");
        assert!(ok > 200 && err > 2000, "ok {ok}, errors {err}");
        assert!(arrays < err / 10, "array forms {arrays} of {err}");
    }

    #[test]
    fn messages_are_serdes() {
        let e = |t: &str| serde_json::from_str::<ours::Mixed>(t).unwrap_err().to_string();
        assert_eq!(
            e(r#"{"kind":"k","zz":1}"#),
            "unknown field `zz`, expected one of `kind`, `amortization`, `amount`, `older`, `nine`, `weight`, `limit`, `plain`, `tiers`, `inner`, `entries` at line 1 column 16"
        );
        assert_eq!(e(r#"{"kind":"k","kind":"j"}"#), "duplicate field `kind` at line 1 column 18");
        assert_eq!(e(r#"{"amount":1,"older":2}"#), "duplicate field `amount` at line 1 column 19");
        assert_eq!(e(r#"{"kind":"k"}"#), "missing field `amount` at line 1 column 12");
        assert_eq!(e(r#"{"kind":"k","amount":1,"weight":"1","tiers":[]}"#), "missing field `limit` at line 1 column 47");
        assert_eq!(e("[]"), "invalid type: sequence, expected struct Mixed at line 1 column 0");
        assert_eq!(e("1"), "invalid type: integer `1`, expected struct Mixed at line 1 column 1");
        let d: ours::Defaults = serde_json::from_str(r#"{"a":1}"#).unwrap();
        assert_eq!(format!("{d:?}"), r#"Defaults { a: 1, b: "", c: 9, d: None }"#);
        let m: ours::Mixed = serde_json::from_str(r#"{"kind":"k","older":2,"weight":"1","limit":null,"tiers":[]}"#).unwrap();
        assert_eq!(
            format!("{m:?}"),
            r#"Mixed { kind_name: "k", amount: 2, skipped: 0, nine: 9, weight: 1, limit: None, plain: None, tiers: [], inner: None, entries: [] }"#
        );
    }
}
