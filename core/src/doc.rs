//! Reading documents (文档读取): JSON and TOML into engine types, errors with a field path.
//!
//! Every engine input type implements `serde::Deserialize`; these helpers read it and turn
//! serde's errors into typed [`Error`]s whose `field` is the path inside the document
//! (`products[3].forecast_volume`), so a malformed decimal deep inside a scenario is
//! reported as `malformed_decimal` at that path, not as a generic parse failure.
//!
//! Documents are bounded: more than [`MAX_DOCUMENT_BYTES`] is refused with
//! [`Error::LimitExceeded`] before parsing, and nesting deeper than 128 levels is refused by
//! the JSON parser (`parse`, "recursion limit exceeded") without exhausting the stack.
//!
//! Documents are read strictly: a JSON object that repeats a key is refused with
//! [`Error::Parse`] naming the repeated key's path (JSON leaves duplicates undefined and
//! most readers keep the last one silently, so `{"rate": "0.06", "rate": "0.6"}` would mean
//! whatever the reader chose). The check is a streaming pass over the text before it is
//! read ([`check_duplicate_keys`]), so it covers every document, maps and free-form values
//! included; values converted from Python or JavaScript objects cannot repeat a key.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, Result};
use crate::money::error_from_serde_message;

/// The largest document accepted, in bytes (64 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 64 << 20;

fn check_size(len: usize) -> Result<()> {
    if len > MAX_DOCUMENT_BYTES {
        return Err(Error::LimitExceeded { field: "document".into(), value: format!("{len} bytes"), max: format!("{MAX_DOCUMENT_BYTES} bytes") });
    }
    Ok(())
}

#[cfg(not(all(target_arch = "wasm32", not(feature = "rating"))))]
fn path_string(path: &serde_path_to_error::Path) -> String {
    let s = path.to_string();
    if s == "." {
        String::new()
    } else {
        s.replace(".[", "[")
    }
}

/// Read a JSON text into `T`.
///
/// ```
/// use datafee::{doc, Amount};
/// let a: Amount = doc::from_json("\"12.50\"")?;
/// assert_eq!(a.to_string(), "12.50");
/// let e = doc::from_json::<Amount>("12.5").unwrap_err();
/// assert_eq!(e.code(), "decimal_not_string");
/// # Ok::<(), datafee::Error>(())
/// ```
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    check_size(text.len())?;
    check_duplicate_keys(text)?;
    read_json(text)
}

/// [`from_json`] on a text known to repeat no key in any object: the text written by
/// `JSON.stringify` from a JavaScript value, or by `serde_json` from a `Value` (neither can
/// repeat a key: a JavaScript object's keys, even a `Proxy`'s, are distinct), so the
/// duplicate-key pass is skipped; anything else is read and refused as by [`from_json`].
/// The WebAssembly binding's `call` reads its `JSON.stringify`d input through it.
pub fn from_json_unique_keys<T: DeserializeOwned>(text: &str) -> Result<T> {
    read_json(text)
}

/// [`from_json`] without the duplicate-key pass (for text serialized from a `Value`). In the
/// fee calculator's WebAssembly build (`wasm32` without `rating`), plain `serde_json` with the
/// field located from the error's position ([`crate::locate`]): the same errors without
/// `serde_path_to_error`'s second copy of every `Deserialize` impl (smaller and faster, see
/// DESIGN.md). Not with `rating`: a usage record's time is checked after the record is read,
/// which the locator would place at the record (`records[1]`, not `records[1].time`).
#[cfg(all(target_arch = "wasm32", not(feature = "rating")))]
fn read_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    check_size(text.len())?;
    crate::locate::read_json(text)
}

/// [`from_json`] without the duplicate-key pass (for text serialized from a `Value`).
#[cfg(not(all(target_arch = "wasm32", not(feature = "rating"))))]
fn read_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    check_size(text.len())?;
    let mut de = serde_json::Deserializer::from_str(text);
    let v = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = path_string(e.path());
        let inner = e.into_inner();
        let full = inner.to_string();
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        let msg = full.strip_suffix(&suffix).unwrap_or(&full);
        let mut err = error_from_serde_message(&field, msg);
        if let Error::Parse { value, .. } = &mut err {
            *value = format!("line {} column {}", inner.line(), inner.column());
        }
        err
    })?;
    de.end().map_err(|e| Error::Parse { field: String::new(), value: e.to_string(), reason: "trailing characters".into() })?;
    Ok(v)
}

/// Convert a `serde_json::Value` into `T` (used by the bindings and the vector runner).
///
/// It goes through JSON text on purpose: every engine type is then deserialized by one
/// deserializer type only, which keeps the WebAssembly module small (each `Deserialize`
/// impl is generic, so every extra deserializer would copy every impl).
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    from_value_ref(&value)
}

/// [`from_value`] on a borrowed `Value`, for a caller that keeps the `Value` (no copy of it).
pub fn from_value_ref<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T> {
    // A `Value`'s objects are maps: they cannot repeat a key.
    read_json(&value.to_string())
}

/// Refuse a JSON text in which some object repeats a key, naming the key's path
/// (`products[2].id`) as the field and the key as the value.
///
/// A streaming pass that keeps only the keys of the objects being read; malformed JSON is
/// left for the reader proper to report, with its position.
///
/// ```
/// let e = datafee::doc::check_duplicate_keys(r#"{"a": [{"b": 1, "b": 2}]}"#).unwrap_err();
/// assert_eq!((e.code(), e.field(), e.value()), ("parse", "a[0].b", "b"));
/// ```
pub fn check_duplicate_keys(text: &str) -> Result<()> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut found = None;
    // Syntax errors are ignored here: the reader reports them with their position.
    let _ = DupSeed { at: None, found: &mut found }.deserialize(&mut de);
    match found {
        Some((path, key)) => Err(Error::Parse { field: path, value: key, reason: "duplicate key: each key may appear once in an object".into() }),
        None => Ok(()),
    }
}

/// One step of the path to the value being walked: a chain back to the root, turned into
/// text only when a repeated key is found (so the walk allocates no path strings).
struct Step<'p> {
    parent: Option<&'p Step<'p>>,
    key: Option<&'p str>,
    index: usize,
}

/// The path of `at` as [`crate::error::join_path`] writes it (`a[0].b`).
fn path_of(at: Option<&Step<'_>>) -> String {
    match at {
        None => String::new(),
        Some(s) => {
            let parent = path_of(s.parent);
            match s.key {
                Some(k) => crate::error::join_path(&parent, k),
                None => format!("{parent}[{}]", s.index),
            }
        }
    }
}

/// Walks a JSON value, recording the first repeated key (path, key) in `found`.
struct DupSeed<'a, 'p> {
    at: Option<&'p Step<'p>>,
    found: &'a mut Option<(String, String)>,
}

/// Objects with up to this many keys are checked by a linear scan, larger ones with a hash set.
const LINEAR_KEYS: usize = 16;

impl<'de> DeserializeSeed<'de> for DupSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DupSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            if self.found.is_some() {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                return Ok(());
            }
            let step = Step { parent: self.at, key: None, index: i };
            if seq.next_element_seed(DupSeed { at: Some(&step), found: &mut *self.found })?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut few: Vec<std::borrow::Cow<'de, str>> = Vec::new();
        let mut many: HashSet<std::borrow::Cow<'de, str>> = HashSet::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if self.found.is_some() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let repeated = if many.is_empty() { few.contains(&key) } else { many.contains(&key) };
            if repeated {
                let step = Step { parent: self.at, key: Some(&key), index: 0 };
                *self.found = Some((path_of(Some(&step)), key.into_owned()));
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            {
                let step = Step { parent: self.at, key: Some(&key), index: 0 };
                map.next_value_seed(DupSeed { at: Some(&step), found: &mut *self.found })?;
            }
            if many.is_empty() && few.len() < LINEAR_KEYS {
                few.push(key);
            } else {
                if many.is_empty() {
                    many.extend(few.drain(..));
                }
                many.insert(key);
            }
        }
        Ok(())
    }
}

/// The reader every unit enum of the documents shares (单值枚举的读取): a unit enum written as
/// its variant's name (`"trial"`, `"per_year"`), read by one visitor for all of them instead of
/// the two visitors and the identifier type `#[derive(Deserialize)]` writes for each enum.
///
/// It reads exactly what the derived reader reads, with the same errors: a name not in
/// `variants` is serde's `unknown variant` (with the list of expected names), `{"name": null}`
/// is the same variant, an index is refused as `variant index 0 <= i < N`, anything else as
/// the JSON reader refuses it for an enum. Declared with [`unit_enum_reader!`]; measured in
/// benches/README.md ("WASM size, feat/calc9").
#[derive(Debug)]
pub struct UnitEnum {
    /// The enum's name, as serde's messages write it (`enum Stage`).
    pub name: &'static str,
    /// The variants' names in declaration order (the order of the enum's `ALL` list).
    pub variants: &'static [&'static str],
}

impl UnitEnum {
    /// Read a variant, returning its position in [`UnitEnum::variants`].
    pub fn read<'de, D: serde::Deserializer<'de>>(&'static self, d: D) -> std::result::Result<usize, D::Error> {
        d.deserialize_enum(self.name, self.variants, UnitEnumVisitor(self))
    }
}

/// The one visitor of [`UnitEnum`]: the enum, then its variant as a unit.
struct UnitEnumVisitor(&'static UnitEnum);

impl<'de> Visitor<'de> for UnitEnumVisitor {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "enum {}", self.0.name)
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> std::result::Result<usize, A::Error> {
        use serde::de::VariantAccess;
        let (i, variant) = data.variant_seed(VariantName(self.0.variants))?;
        variant.unit_variant()?;
        Ok(i)
    }
}

/// The variant's name (the derived `variant identifier`), as its position.
struct VariantName(&'static [&'static str]);

/// serde's expectation for a variant index out of range (`variant index 0 <= i < 3`).
struct IndexBound(usize);

impl serde::de::Expected for IndexBound {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "variant index 0 <= i < {}", self.0)
    }
}

impl<'de> DeserializeSeed<'de> for VariantName {
    type Value = usize;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for VariantName {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("variant identifier")
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<usize, E> {
        match usize::try_from(v) {
            Ok(i) if i < self.0.len() => Ok(i),
            _ => Err(E::invalid_value(serde::de::Unexpected::Unsigned(v), &IndexBound(self.0.len()))),
        }
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<usize, E> {
        self.0.iter().position(|n| *n == v).ok_or_else(|| E::unknown_variant(v, self.0))
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> std::result::Result<usize, E> {
        self.0.iter().position(|n| n.as_bytes() == v).ok_or_else(|| E::unknown_variant(&String::from_utf8_lossy(v), self.0))
    }
}

/// The variants of a unit enum read by [`UnitEnum`] (declared by [`unit_enum_reader!`]).
pub trait UnitVariants: Sized + Copy + 'static {
    /// The reader: the enum's name and its variants' names.
    const READER: UnitEnum;
    /// Every variant, in the order of [`UnitEnum::variants`].
    const ALL: &'static [Self];
}

/// Implement `Deserialize` for a unit enum through [`UnitEnum`]:
/// `unit_enum_reader!(Stage, "Stage", [Formal = "formal", Trial = "trial"]);` (the names as
/// the enum's `Serialize` writes them; a test reads back every variant it writes).
#[macro_export]
#[doc(hidden)]
macro_rules! unit_enum_reader {
    ($t:ident, $name:literal, [$($v:ident = $s:literal),+ $(,)?]) => {
        // Every variant must be listed: a variant added to the enum but not here fails to compile.
        const _: fn($t) = |v| match v {
            $($t::$v => {}),+
        };
        impl $crate::doc::UnitVariants for $t {
            const READER: $crate::doc::UnitEnum = $crate::doc::UnitEnum { name: $name, variants: &[$($s),+] };
            const ALL: &'static [Self] = &[$($t::$v),+];
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                static READER: $crate::doc::UnitEnum = <$t as $crate::doc::UnitVariants>::READER;
                let i = READER.read(d)?;
                <Self as $crate::doc::UnitVariants>::ALL.get(i).copied().ok_or_else(|| <D::Error as serde::de::Error>::custom("variant index"))
            }
        }
    };
}
pub use unit_enum_reader;

/// Read a TOML text into `T` (with the `toml` feature, on by default).
///
/// The TOML is read into a JSON value first and then through [`from_json`], so error paths
/// are the same as for JSON; a TOML number where a decimal is expected is
/// [`Error::DecimalNotString`] as in JSON.
#[cfg(feature = "toml")]
pub fn from_toml<T: DeserializeOwned>(text: &str) -> Result<T> {
    check_size(text.len())?;
    let value: serde_json::Value = toml::from_str(text).map_err(|e| Error::Parse {
        field: String::new(),
        value: e.span().map(|s| format!("bytes {}..{}", s.start, s.end)).unwrap_or_default(),
        reason: e.message().to_string(),
    })?;
    from_value(value)
}

/// Serialize `T` to pretty JSON (decimals as strings).
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::invalid("document", "", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Amount;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Line {
        #[allow(dead_code)]
        price: Amount,
    }
    #[derive(Deserialize, Debug)]
    struct Doc {
        #[allow(dead_code)]
        lines: Vec<Line>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Strict {
        #[allow(dead_code)]
        lines: Vec<Line>,
    }

    #[test]
    fn paths_in_errors() {
        let e = from_json::<Doc>(r#"{"lines":[{"price":"1"},{"price":"1,5"}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("malformed_decimal", "lines[1].price", "1,5"));
        let e = from_json::<Doc>(r#"{"lines":[{"price":2.5}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("decimal_not_string", "lines[0].price"));
        #[cfg(feature = "toml")]
        {
            let e = from_toml::<Doc>("[[lines]]\nprice = \"x\"\n").unwrap_err();
            assert_eq!((e.code(), e.field()), ("malformed_decimal", "lines[0].price"));
            assert_eq!(from_toml::<Doc>("[[lines]]\nprice = 1.5\n").unwrap_err().code(), "decimal_not_string");
        }
        let e = from_json::<Doc>(r#"{"lines":[{}]}"#).unwrap_err();
        assert_eq!(e.code(), "parse");
    }

    #[test]
    fn duplicate_keys_are_refused_with_their_path() {
        let e = from_json::<Doc>(r#"{"lines":[{"price":"1"},{"price":"1","price":"2"}]}"#).unwrap_err();
        assert_eq!((e.code(), e.field(), e.value()), ("parse", "lines[1].price", "price"));
        // Free-form values too (the bindings read the op input as a `Value`).
        let e = from_json::<serde_json::Value>(r#"{"document": {"m": {"k": 1, "k": 1}}}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("parse", "document.m.k"));
        // Escaped spellings of one key are the same key.
        let e = from_json::<serde_json::Value>(r#"{"a": 1, "\u0061": 2}"#).unwrap_err();
        assert_eq!(e.field(), "a");
        // The same key in sibling objects is fine; syntax errors keep their position.
        assert!(from_json::<serde_json::Value>(r#"[{"a": 1}, {"a": 2}]"#).is_ok());
        let e = from_json::<serde_json::Value>(r#"{"a": 1,"#).unwrap_err();
        assert_eq!(e.code(), "parse");
        assert!(e.value().starts_with("line 1"), "{e:?}");
        // Paths as `join_path` writes them (an empty key adds nothing; a key starting with `[`
        // no dot), inside arrays of objects; large objects (a hash set past 16 keys) too.
        let e = from_json::<serde_json::Value>(r#"{"a": [[{"": {"[x": {"k": 1, "k": 2}}}]]}"#).unwrap_err();
        assert_eq!((e.field(), e.value()), ("a[0][0][x.k", "k"));
        let wide =
            |n: usize, dup: usize| format!("{{\"w\": [0, {{{}, \"k{dup}\": 0}}]}}", (0..n).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(","));
        for (n, dup) in [(40, 3), (40, 39), (16, 15), (17, 0), (5, 4)] {
            let e = from_json::<serde_json::Value>(&wide(n, dup)).unwrap_err();
            assert_eq!((e.field().to_string(), e.value().to_string()), (format!("w[1].k{dup}"), format!("k{dup}")), "{n} keys");
        }
        assert!(from_json::<serde_json::Value>(&wide(40, 40)).is_ok());
        // Deep nesting is refused by the parser's recursion limit, not the stack.
        let deep = "[".repeat(100_000);
        assert_eq!(from_json::<serde_json::Value>(&deep).unwrap_err().code(), "parse");
    }

    #[test]
    fn marker_text_in_an_unknown_field_name_keeps_the_code() {
        for marker in ["datafee:decimal_not_string:", "datafee:malformed_decimal:", "datafee:error:{\"code\":\"overflow\",\"value\":\"1\",\"reason\":\"\"}"] {
            let text = format!(r#"{{"lines":[], "{marker}x": 1}}"#);
            let e = from_json::<Strict>(&text).unwrap_err();
            assert_eq!(e.code(), "parse", "{marker}: {e:?}");
            assert!(e.to_string().contains("unknown field"), "{e}");
        }
    }
}

/// The shared unit-enum reader against the derived one it replaces.
#[cfg(test)]
mod unit_enum_tests {
    use super::UnitVariants;
    use serde::Deserialize;

    /// The derived reader of an enum of the same shape as `CapBasis`.
    #[derive(Deserialize, Debug, PartialEq, Clone, Copy)]
    #[serde(rename_all = "snake_case")]
    enum CapBasis {
        Period,
        PerYear,
    }

    /// The same texts read by both readers give the same variant or the same error text
    /// (message and position), through plain `serde_json` and through [`super::from_json`].
    #[test]
    fn same_results_and_errors_as_the_derived_reader() {
        use crate::profile::CapBasis as Shared;
        let texts = [
            r#""period""#,
            r#""per_year""#,
            r#""per_yeaR""#,
            r#""""#,
            r#"{"per_year": null}"#,
            r#"{"per_year": 1}"#,
            r#"{"per_year": null, "x": 1}"#,
            r#"{"nope": null}"#,
            r#"{}"#,
            r#"1"#,
            r#"-1"#,
            r#"2.5"#,
            r#"true"#,
            r#"null"#,
            r#"["period"]"#,
            r#""\u0070eriod""#,
            r#""period"#,
            r#"{"period""#,
        ];
        let expect = [Shared::Period, Shared::PerYear];
        for t in texts {
            let derived = serde_json::from_str::<CapBasis>(t).map(|v| v as usize).map_err(|e| e.to_string());
            let shared = serde_json::from_str::<Shared>(t).map(|v| expect.iter().position(|x| *x == v).unwrap()).map_err(|e| e.to_string());
            assert_eq!(shared, derived, "{t}");
            let key = |r: crate::Result<usize>| r.map_err(|e| (e.code(), e.field().to_string(), e.value().to_string(), e.to_string()));
            let derived = key(super::from_json::<CapBasis>(t).map(|v| v as usize));
            let shared = key(super::from_json::<Shared>(t).map(|v| expect.iter().position(|x| *x == v).unwrap()));
            assert_eq!(shared, derived, "{t}");
        }
        // In a document: the field path of the error is the enum's.
        let e = super::from_json::<crate::profile::Policy>(r#"{"cap_basis": "yearly"}"#).unwrap_err();
        assert_eq!((e.code(), e.field()), ("parse", "cap_basis"), "{e:?}");
        assert!(e.to_string().contains("unknown variant `yearly`, expected `period` or `per_year`"), "{e}");
    }

    /// Every variant each enum writes reads back as itself (the names in `unit_enum_reader!`
    /// are the ones `Serialize` writes).
    #[test]
    fn every_variant_reads_back_what_it_writes() {
        fn check<T: UnitVariants + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>() {
            assert_eq!(T::ALL.len(), T::READER.variants.len(), "{}", T::READER.name);
            for (v, name) in T::ALL.iter().zip(T::READER.variants) {
                let text = serde_json::to_string(v).unwrap();
                assert_eq!(text, format!("\"{name}\""), "{}", T::READER.name);
                assert_eq!(serde_json::from_str::<T>(&text).unwrap(), *v);
            }
        }
        check::<crate::money::RoundMode>();
        check::<crate::profile::ClawbackSpread>();
        check::<crate::profile::FreeCostRecovery>();
        check::<crate::profile::CapTest>();
        check::<crate::profile::CapBasis>();
        check::<crate::profile::ClawbackNetting>();
        check::<crate::costs::assets::AssetKind>();
        check::<crate::costs::assets::DepreciationStart>();
        check::<crate::costs::assets::AssetBalance>();
        check::<crate::costs::allocation::Driver>();
        check::<crate::catalog::Category>();
        check::<crate::catalog::ServiceForm>();
        check::<crate::catalog::ChargingForm>();
        check::<crate::catalog::PartyKind>();
        check::<crate::mpr::Stage>();
        // Read-only enums: the names by their meaning.
        use crate::scenario::ops::PaperFormat;
        for (t, v) in [("text", PaperFormat::Text), ("markdown", PaperFormat::Markdown), ("json", PaperFormat::Json)] {
            assert_eq!(serde_json::from_str::<PaperFormat>(&format!("\"{t}\"")).unwrap(), v);
        }
    }
}
