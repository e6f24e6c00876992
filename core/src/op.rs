//! The table of operations (操作表): every operation of [`crate::api::call`] as a type, in one list.
//!
//! An operation is a type implementing [`Operation`]: its name (`area.verb`), its input type,
//! its output type and its `run`. [`TABLE`] registers each one on one line; [`crate::api::call`],
//! [`crate::api::operations`], both bindings, the vector runners and the schema generator read
//! that table, so an operation cannot be listed without being answered, and a name that is
//! not in the table is [`Error::UnknownOperation`], never a fall-through to another operation.
//!
//! ## Adding an operation
//!
//! 1. In the area's `ops.rs`, declare the input (`#[derive(Deserialize)]`,
//!    `#[serde(deny_unknown_fields)]`, and `#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]`)
//!    and the output (`Serialize`, the same schema attribute), and the operation:
//!
//!    ```ignore
//!    /// `area.verb`: what it does.
//!    pub struct Verb;
//!    impl Operation for Verb {
//!        const NAME: &'static str = "area.verb";
//!        type Input = VerbInput;
//!        type Output = VerbOutput;
//!        fn run(i: VerbInput) -> Result<VerbOutput> { ... }
//!    }
//!    plain_input!(VerbInput);
//!    ```
//! 2. Register it with one line in [`TABLE`] (`entry::<area::ops::Verb>()`).
//!
//! The test command regenerates the schemas, the TypeScript declarations and the Python key
//! tables from the table (`cargo run -p datafee-schema -- --check`) and fails when a committed
//! file is stale.
//!
//! An operation whose input names a scenario takes [`WithDocument`]: the scenario under
//! `document` (an object) or `toml` (text), error paths relative to the document, and the
//! operation's other fields beside it.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::scenario::ScenarioDoc;

pub mod text;

/// A JSON Schema for the type, when the crate is built with the `schema` feature; nothing
/// otherwise (the WebAssembly build does not carry schemas).
#[cfg(feature = "schema")]
pub trait MaybeSchema: schemars::JsonSchema {}
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema + ?Sized> MaybeSchema for T {}
/// A JSON Schema for the type, when the crate is built with the `schema` feature; nothing
/// otherwise (the WebAssembly build does not carry schemas).
#[cfg(not(feature = "schema"))]
pub trait MaybeSchema {}
#[cfg(not(feature = "schema"))]
impl<T: ?Sized> MaybeSchema for T {}

/// A JSON Schema for a type written as a string of a stated form (`string_schema!(Date,
/// "Date", "date")`): `{type: "string", format}`.
#[macro_export]
#[doc(hidden)]
macro_rules! string_schema {
    ($t:ty, $name:literal, $format:literal) => {
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $t {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({"type": "string", "format": $format})
            }
        }
    };
}
pub use string_schema;

/// How an operation's input is read from its JSON document.
///
/// Plain inputs are deserialized ([`crate::doc::from_value`]: unknown fields and duplicate
/// keys refused by name); [`WithDocument`] reads the scenario first.
pub trait OpInput: Sized {
    /// Read the input from its JSON document.
    fn parse(input: Value) -> Result<Self>;

    /// Read the input straight from its JSON text, without a `Value` of it, when that reads
    /// exactly what [`OpInput::parse`] of the text's `Value` would (plain inputs: the same
    /// derived reader, from the text instead of the tree). `None` when the input has no such
    /// reader or the text does not read (then the caller takes the `Value` path, whose error
    /// is the one reported). `check_duplicates`: run the duplicate-key pass (off only for a
    /// text known to repeat no key).
    fn parse_text(_text: &str, _check_duplicates: bool) -> Option<Self> {
        None
    }
}

/// Implement [`OpInput`] for plain deserializable inputs.
#[macro_export]
#[doc(hidden)]
macro_rules! plain_input {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::op::OpInput for $t {
            fn parse(input: serde_json::Value) -> $crate::Result<Self> {
                $crate::doc::from_value(input)
            }
            // The full build only: the calculator's inputs are small, and its readers are
            // instantiated once (for the text reader of `doc::from_value`).
            #[cfg(feature = "full")]
            fn parse_text(text: &str, check_duplicates: bool) -> Option<Self> {
                if check_duplicates { $crate::doc::from_json(text) } else { $crate::doc::from_json_unique_keys(text) }.ok()
            }
        })*
    };
}
pub use plain_input;

/// Declare an operation type: `operation! { /// doc \n pub struct Name = "area.verb"; fn(i: Input) -> Output { body } }`.
#[macro_export]
#[doc(hidden)]
macro_rules! operation {
    ($(#[$m:meta])* $vis:vis struct $ty:ident = $name:literal; fn($i:ident: $in:ty) -> $out:ty $body:block) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy)]
        $vis struct $ty;
        impl $crate::op::Operation for $ty {
            const NAME: &'static str = $name;
            type Input = $in;
            type Output = $out;
            fn run($i: $in) -> $crate::Result<$out> $body
        }
    };
}
pub use operation;

/// One engine operation: a name, an input, an output and the rule between them.
pub trait Operation {
    /// The operation's name, `area.verb`.
    const NAME: &'static str;
    /// The input document.
    type Input: OpInput + MaybeSchema;
    /// The result document.
    type Output: Serialize + MaybeSchema;
    /// Run the operation.
    fn run(input: Self::Input) -> Result<Self::Output>;
}

/// A registered operation: its name and its JSON entry point (and, with the `schema`
/// feature, the schemas of its input and output).
pub struct Entry {
    /// The operation's name, `area.verb`.
    pub name: &'static str,
    /// Read the input, run, and write the result as JSON text with the one result writer
    /// ([`text::to_sorted_text`]: sorted keys, no `Value` of the result), in every build.
    call: fn(Value) -> Result<String>,
    /// The same on the input's JSON text read straight into the input type when it has such a
    /// reader ([`OpInput::parse_text`]; `None`: take the `Value` path). The flag runs the
    /// duplicate-key pass.
    call_str: fn(&str, bool) -> Option<Result<String>>,
    /// The same through a `serde_json::Value` of the result (the path every build took before
    /// the one writer): kept outside WebAssembly only as the reference the byte-identity test
    /// compares against ([`Entry::call_through_value`]).
    #[cfg(not(target_arch = "wasm32"))]
    through_value: fn(Value) -> Result<String>,
    /// The JSON Schemas of the input and the output (`schema` feature).
    #[cfg(feature = "schema")]
    pub schemas: fn(&mut schemars::SchemaGenerator) -> (schemars::Schema, schemars::Schema),
}

impl Entry {
    /// Run the operation on a JSON input and return its result as a `Value` (read back from the
    /// result's text: for Rust callers that index into the result; the bindings and the CLI
    /// take the text, [`Entry::call_text`]).
    pub fn call(&self, input: Value) -> Result<Value> {
        serde_json::from_str(&(self.call)(input)?).map_err(|e| Error::Internal { field: "result".into(), value: e.to_string() })
    }

    /// Run the operation on a JSON input and write its result as JSON text: keys of every
    /// object sorted, byte for byte what a `Value` of the result would be written as.
    pub fn call_text(&self, input: Value) -> Result<String> {
        (self.call)(input)
    }

    /// [`Entry::call_text`] on the input's JSON text when the input reads straight from it
    /// (no `Value` of a large input: a tree is several times its text); `None` when it does
    /// not ([`OpInput::parse_text`]), for the caller to read the text the common way.
    pub fn call_str(&self, text: &str, check_duplicates: bool) -> Option<Result<String>> {
        (self.call_str)(text, check_duplicates)
    }

    /// The result text through a `serde_json::Value` of the result, the reference the
    /// one writer is tested against (`core/tests/vectors.rs`); not for use.
    #[doc(hidden)]
    #[cfg(not(target_arch = "wasm32"))]
    pub fn call_through_value(&self, input: Value) -> Result<String> {
        (self.through_value)(input)
    }
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry").field("name", &self.name).finish_non_exhaustive()
    }
}

fn call_str<O: Operation>(text: &str, check_duplicates: bool) -> Option<Result<String>> {
    let i = O::Input::parse_text(text, check_duplicates)?;
    Some(O::run(i).and_then(|out| result_text(&out)))
}

fn call_json<O: Operation>(input: Value) -> Result<String> {
    let i = O::Input::parse(input)?;
    result_text(&O::run(i)?)
}

#[cfg(not(target_arch = "wasm32"))]
fn call_through_value<O: Operation>(input: Value) -> Result<String> {
    let i = O::Input::parse(input)?;
    let v = to_value(&O::run(i)?)?;
    serde_json::to_string(&v).map_err(|e| Error::Internal { field: "result".into(), value: e.to_string() })
}

/// Write a result document as JSON text with the one result writer ([`text::to_sorted_text`]).
pub(crate) fn result_text<T: Serialize + ?Sized>(v: &T) -> Result<String> {
    text::to_sorted_text(v).map_err(|e| Error::Internal { field: "result".into(), value: e.to_string() })
}

#[cfg(feature = "schema")]
fn schemas<O: Operation>(g: &mut schemars::SchemaGenerator) -> (schemars::Schema, schemars::Schema) {
    (g.subschema_for::<O::Input>(), g.subschema_for::<O::Output>())
}

/// The table entry of operation `O`.
pub const fn entry<O: Operation>() -> Entry {
    Entry {
        name: O::NAME,
        call: call_json::<O>,
        call_str: call_str::<O>,
        #[cfg(not(target_arch = "wasm32"))]
        through_value: call_through_value::<O>,
        #[cfg(feature = "schema")]
        schemas: schemas::<O>,
    }
}

/// Serialize a result document.
pub(crate) fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::Internal { field: "result".into(), value: e.to_string() })
}

/// The input of an operation on a scenario: the scenario document and the operation's own
/// fields `T` beside it.
///
/// The scenario is `document` (a JSON object; its `policy` resolved as in
/// [`crate::profile::Policy::resolve_in_document`]) or `toml` (TOML text, when built with the
/// `toml` feature). Errors in the document are reported at paths relative to it
/// (`products[0].id`); errors in the other fields at their own names.
#[derive(Debug, Clone)]
pub struct WithDocument<T> {
    /// The scenario, read and resolved.
    pub doc: ScenarioDoc,
    /// The scenario as JSON (after its policy is resolved), for operations that change it.
    pub raw: Value,
    /// The operation's other fields.
    pub rest: T,
}

impl<T: DeserializeOwned> OpInput for WithDocument<T> {
    fn parse(mut input: Value) -> Result<Self> {
        let (doc, raw) = document_of(&mut input)?;
        let rest = crate::doc::from_value(input)?;
        Ok(WithDocument { doc, raw, rest })
    }
}

/// Whether an input names a scenario (`document` or `toml`).
pub(crate) fn has_document(input: &Value) -> bool {
    input.get("document").is_some() || input.get("toml").is_some()
}

/// Read the scenario named by an op input (`document` object or `toml` text) and remove it
/// from the input.
pub(crate) fn document_of(input: &mut Value) -> Result<(ScenarioDoc, Value)> {
    let obj = input.as_object_mut().ok_or_else(|| Error::invalid("", "input", "expected an object"))?;
    if let Some(v) = obj.remove("document") {
        // Error paths are relative to the document, for parse and validation errors alike.
        let mut v = v;
        crate::profile::Policy::resolve_in_document(&mut v)?;
        // Read from the `Value` in place: a copy of a large document's tree is about 20 times
        // its JSON size (1 GB for the 46 MB of 100,000 products).
        let doc = crate::doc::from_value_ref(&v)?;
        return Ok((doc, v));
    }
    #[cfg(feature = "toml")]
    if let Some(Value::String(t)) = obj.remove("toml") {
        let doc = ScenarioDoc::from_toml(&t)?;
        let v = to_value(&doc)?;
        return Ok((doc, v));
    }
    Err(Error::Missing { field: "document".into(), value: "the scenario: `document` (an object) or `toml` (text)".into() })
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for WithDocument<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("WithDocument_{}", T::schema_name()).into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // The operation's own fields, inlined, with `document` and `toml` beside them.
        let mut s = T::json_schema(g);
        let doc = g.subschema_for::<ScenarioDoc>();
        let obj = s.ensure_object();
        let props = obj.entry("properties").or_insert_with(|| Value::Object(Default::default()));
        if let Value::Object(p) = props {
            p.insert("document".into(), doc.to_value());
            p.insert("toml".into(), serde_json::json!({"type": "string", "description": "The scenario as TOML text (instead of `document`)."}));
        }
        s
    }
}

/// The result of a validation: `{valid: true}` (an invalid input is an error instead).
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Valid {
    /// Always `true`.
    pub valid: bool,
}

impl Valid {
    /// `{valid: true}`.
    pub const YES: Valid = Valid { valid: true };
}

/// Every operation of the build, one line each, sorted by name.
///
/// The public build (no feature) carries what the public fee calculator page needs at load:
/// the published fee data (`publication.quote`, `publication.validate`), the schedule and money
/// operations. The calculator build (the `chain` feature, without `full`) has the chain
/// (`chain.run`, `figures`, `summary`, `quote`, `validate`, `working_paper`, the what-if paths),
/// the schedule and money operations, the fee list as JSON and the export
/// `disclosure.publication` (not `publication.*`: the page quotes from the export in the public
/// build); the full build carries
/// everything (also `costs.*`, `chain.sweep` and `chain.tariff`, left out of the calculator
/// build for size).
pub static TABLE: &[Entry] = &[
    entry::<crate::money::ops::Round>(),
    entry::<crate::schedule::ops::Charge>(),
    entry::<crate::schedule::ops::Compliance>(),
    entry::<crate::schedule::ops::Validate>(),
    #[cfg(feature = "full")]
    entry::<crate::costs::ops::Allocate>(),
    #[cfg(feature = "full")]
    entry::<crate::costs::ops::Depreciation>(),
    #[cfg(feature = "full")]
    entry::<crate::costs::ops::YearSummary>(),
    #[cfg(feature = "chain")]
    entry::<crate::scenario::ops::Figures>(),
    #[cfg(feature = "chain")]
    entry::<crate::scenario::ops::Quote>(),
    #[cfg(feature = "chain")]
    entry::<crate::scenario::ops::Run>(),
    #[cfg(feature = "chain")]
    entry::<crate::lean::SummaryOp>(),
    #[cfg(feature = "full")]
    entry::<crate::scenario::ops::Sweep>(),
    #[cfg(feature = "full")]
    entry::<crate::scenario::ops::TariffOp>(),
    #[cfg(feature = "chain")]
    entry::<crate::scenario::ops::Validate>(),
    #[cfg(feature = "chain")]
    entry::<crate::paths::ValuesAt>(),
    #[cfg(feature = "chain")]
    entry::<crate::paths::WithChanges>(),
    #[cfg(feature = "chain")]
    entry::<crate::scenario::ops::WorkingPaperOp>(),
    #[cfg(feature = "disclosure")]
    entry::<crate::disclosure::ops::AnnualReport>(),
    #[cfg(feature = "disclosure")]
    entry::<crate::disclosure::ops::FeeList>(),
    #[cfg(all(feature = "chain", not(feature = "disclosure")))]
    entry::<crate::lean::FeeListJson>(),
    #[cfg(feature = "chain")]
    entry::<crate::publication::ops::Export>(),
    #[cfg(feature = "lifecycle")]
    entry::<crate::lifecycle::ops::AuditSignals>(),
    #[cfg(feature = "lifecycle")]
    entry::<crate::lifecycle::ops::AuthorizationDisclosure>(),
    #[cfg(feature = "lifecycle")]
    entry::<crate::lifecycle::ops::Check>(),
    #[cfg(feature = "lifecycle")]
    entry::<crate::lifecycle::ops::CreditCode>(),
    #[cfg(feature = "lifecycle")]
    entry::<crate::lifecycle::ops::ExitSettlement>(),
    #[cfg(feature = "lifecycle")]
    entry::<crate::lifecycle::ops::PeriodicReport>(),
    #[cfg(feature = "lifecycle")]
    entry::<crate::lifecycle::ops::ResourceUse>(),
    // The public and full builds: the calculator build (`chain` without `full`) only writes the
    // export (its page quotes from the export in the public build), so it carries neither the
    // export's reader nor a second instance of the quote (15 KB gzipped).
    #[cfg(any(feature = "full", not(feature = "chain")))]
    entry::<crate::publication::ops::Quote>(),
    #[cfg(any(feature = "full", not(feature = "chain")))]
    entry::<crate::publication::ops::Validate>(),
    #[cfg(feature = "rating")]
    entry::<crate::rating::ops::Rate>(),
    #[cfg(feature = "rating")]
    entry::<crate::rating::ops::Late>(),
    #[cfg(feature = "rating")]
    entry::<crate::rating::ops::Validate>(),
    #[cfg(feature = "review")]
    entry::<crate::review::ops::PriorYears>(),
    #[cfg(feature = "review")]
    entry::<crate::review::ops::Year>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::Airport>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::Contribution>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::Derivative>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::Settlement>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::Shapley>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::Split>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::StatementOp>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::TwoLayer>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::Versioned>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::WaterfallOp>(),
    #[cfg(feature = "sharing")]
    entry::<crate::sharing::ops::WaterfallFromChain>(),
];

/// The table entry named `name`, or [`Error::UnknownOperation`].
pub fn find(name: &str) -> Result<&'static Entry> {
    TABLE.iter().find(|e| e.name == name).ok_or_else(|| Error::UnknownOperation { field: "op".into(), value: name.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_well_formed() {
        let mut names: Vec<&str> = TABLE.iter().map(|e| e.name).collect();
        for n in &names {
            let (area, verb) = n.split_once('.').unwrap_or_else(|| panic!("{n} is not area.verb"));
            assert!(!area.is_empty() && !verb.is_empty() && !verb.contains('.'), "{n}");
        }
        let len = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), len, "an operation is registered twice");
    }

    #[test]
    fn unknown_names_are_refused_never_routed() {
        for n in ["", "chain", "chain.", "chain.runx", "chain.run.x", "disclosure.nope", "money.round "] {
            let e = find(n).unwrap_err();
            assert_eq!((e.code(), e.value()), ("unknown_operation", n));
        }
    }
}
