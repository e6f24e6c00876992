//! Python binding of datafee (Python 绑定): the native module `datafee._datafee`.
//!
//! The binding is thin on purpose: it moves JSON text across the language boundary and maps
//! errors, nothing else. Every figure is computed by [`datafee::api::call`], the same entry
//! point the golden vectors and the WebAssembly binding use, so Python returns the same
//! digits as Rust.
//!
//! - `call(op: str, input_json: str) -> str` runs one operation (`"money.round"`, ...) on a
//!   JSON document whose decimals are strings and returns the result document as JSON text.
//!   The GIL is released while the engine runs.
//! - `rate_columns(tariff_json, ids, customers, products, scenarios, quantities, times,
//!   keep_records=False, explain=True) -> str` rates usage given as columns (lists of `str`)
//!   against a tariff with [`datafee::rating::Rater`], with the GIL released while the records
//!   are parsed and rated, and returns `{"rating": RatingResult, "actual": [ActualLine]}` as
//!   JSON text (the actual lines by [`datafee::review::ActualLine::from_rating`]).
//! - `rate_arrow(tariff_json, data, explain=False, outcomes=False)` rates Arrow data through
//!   the PyCapsule interface without converting values to Python objects (see the private module `arrow`).
//! - `split_list(amount, weights, maximums, rounding_json, number, other)` splits an amount
//!   among parties given as a Python list, tuple or dict without a JSON tree (see the private module `split`).
//! - `operations() -> list[str]` lists the operation names.
//! - `__version__` is the crate version.
//!
//! A refused input becomes an instance of the exception class that the Python layer
//! (`datafee._errors._from_core`) picks for the error's stable code, carrying `code`, `field`
//! and `value`. A panic inside the engine (a bug) is caught at the boundary and raised as
//! `datafee.InternalError` with code `"internal"`; it never unwinds into the interpreter.

#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod arrow;
mod split;

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use datafee::error::ResultExt;
use datafee::rating::{Rater, RaterOptions, Tariff, UsageRecord, UsageTime};
use datafee::review::ActualLine;
use datafee::Quantity;
use pyo3::prelude::*;

/// The Python module that builds exception instances from a core error.
const ERRORS_MODULE: &str = "datafee._errors";
/// Its factory: `_from_class(class, code, field, value, message) -> DatafeeError`.
const ERRORS_FACTORY: &str = "_from_class";

/// The Python exception class (in `datafee._errors`) of each core error: one exhaustive match,
/// so a new variant in the core does not compile here until it has its class.
fn exception_class(e: &datafee::Error) -> &'static str {
    use datafee::Error as E;
    match e {
        E::MalformedDecimal { .. } => "MalformedDecimalError",
        E::DecimalNotString { .. } => "DecimalNotStringError",
        E::Parse { .. } => "ParseError",
        E::OutOfRange { .. } => "OutOfRangeError",
        E::Overflow { .. } => "ArithmeticOverflowError",
        E::UnknownId { .. } => "UnknownIdError",
        E::DuplicateId { .. } => "DuplicateIdError",
        E::Missing { .. } => "MissingError",
        E::Empty { .. } => "EmptyError",
        E::ZeroForecastVolume { .. } => "ZeroForecastVolumeError",
        E::FreeScenarioCharged { .. } => "FreeScenarioChargedError",
        E::RateAboveBound { .. } => "RateAboveBoundError",
        E::TierGap { .. } => "TierGapError",
        E::TierOverlap { .. } => "TierOverlapError",
        E::TierOrder { .. } => "TierOrderError",
        E::CapExceeded { .. } => "CapExceededError",
        E::AllZeroWeights { .. } => "AllZeroWeightsError",
        E::TooManyParties { .. } => "TooManyPartiesError",
        E::LimitExceeded { .. } => "LimitExceededError",
        E::UnknownOperation { .. } => "UnknownOperationError",
        E::Internal { .. } => "InternalError",
        E::Invalid { .. } => "InvalidInputError",
    }
}

/// A refusal as plain data: it is built while the GIL is released and raised after.
#[derive(Debug)]
struct Failure {
    class: &'static str,
    code: String,
    field: String,
    value: String,
    message: String,
}

impl From<datafee::Error> for Failure {
    fn from(e: datafee::Error) -> Self {
        Failure { class: exception_class(&e), code: e.code().to_string(), field: e.field().to_string(), value: e.value().to_string(), message: e.to_string() }
    }
}

impl Failure {
    /// A bug inside the binding or the engine: code `"internal"`.
    fn internal(message: String) -> Self {
        Failure { class: "InternalError", code: "internal".into(), field: String::new(), value: String::new(), message }
    }

    /// A caught panic, with the panic message when it is text.
    fn from_panic(payload: &(dyn Any + Send)) -> Self {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "non-text panic payload".to_string());
        Failure::internal(format!("internal error in datafee (please report it): {what}"))
    }

    /// The Python exception for this failure, built by the Python layer's factory.
    fn into_pyerr(self, py: Python<'_>) -> PyErr {
        let made = py
            .import(ERRORS_MODULE)
            .and_then(|m| m.getattr(ERRORS_FACTORY))
            .and_then(|factory| factory.call1((self.class, self.code, self.field, self.value, self.message)));
        match made {
            Ok(exception) => PyErr::from_value(exception),
            // The package is installed without its Python layer: say so rather than hide it.
            Err(import_failure) => import_failure,
        }
    }
}

/// Parse `input_json`, run `op` in the engine; the result comes back as JSON text from the
/// engine's one result writer (sorted keys, no `Value` tree of the result).
fn run(op: &str, input_json: &str) -> Result<String, Failure> {
    Ok(datafee::api::call_json(op, input_json)?)
}

/// Run `f`, turning a panic into [`Failure::internal`] so it never reaches Python.
fn guarded<T, F: FnOnce() -> Result<T, Failure>>(f: F) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(Failure::from_panic(payload.as_ref())))
}

/// Run operation `op` on the JSON document `input_json`; return the result as JSON text.
///
/// Decimals are strings in both documents. Raises a `datafee.DatafeeError` subclass
/// chosen by the error's code.
///
/// Both arguments must be `str` holding valid Unicode: anything else (bytes, a number, text
/// with a lone surrogate) is a typed refusal (`invalid` / `parse`) naming the argument, not a
/// bare `TypeError` or `UnicodeEncodeError` from the conversion.
#[pyfunction]
fn call(py: Python<'_>, op: &Bound<'_, PyAny>, input_json: &Bound<'_, PyAny>) -> PyResult<String> {
    let op = text_argument(op, "op").map_err(|f| f.into_pyerr(py))?;
    let input_json = text_argument(input_json, "input_json").map_err(|f| f.into_pyerr(py))?;
    py.detach(|| guarded(|| run(&op, &input_json))).map_err(|f| f.into_pyerr(py))
}

/// A `str` argument as Rust text, or a typed refusal naming the argument.
fn text_argument(value: &Bound<'_, PyAny>, name: &str) -> Result<String, Failure> {
    let s = value.cast::<pyo3::types::PyString>().map_err(|_| {
        let ty = value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        Failure {
            class: "InvalidInputError",
            code: "invalid".into(),
            field: name.into(),
            value: ty.clone(),
            message: format!("{name}: expected a str, got {ty}"),
        }
    })?;
    match s.to_cow() {
        Ok(t) => Ok(t.to_string()),
        Err(_) => {
            // Only a lone surrogate makes a Python str unencodable as UTF-8: find where.
            let lossy = s.to_string_lossy();
            let at = lossy.chars().position(|c| c == '\u{FFFD}').unwrap_or(0);
            Err(Failure {
                class: "ParseError",
                code: "parse".into(),
                field: name.into(),
                value: format!("character {at}"),
                message: format!("{name}: text with a lone surrogate at character {at}; not valid Unicode"),
            })
        }
    }
}

/// Usage records as columns, one value per record in each (the text the engine parses).
struct Columns {
    ids: Vec<String>,
    customers: Vec<String>,
    products: Vec<String>,
    scenarios: Vec<String>,
    quantities: Vec<String>,
    times: Vec<String>,
}

impl Columns {
    /// Every column must have one value per id ([`datafee::Error::Invalid`] naming the first that does not).
    fn check_lengths(&self) -> Result<(), datafee::Error> {
        let n = self.ids.len();
        let others = [
            ("customer", self.customers.len()),
            ("product", self.products.len()),
            ("scenario", self.scenarios.len()),
            ("quantity", self.quantities.len()),
            ("time", self.times.len()),
        ];
        match others.iter().find(|(_, len)| *len != n) {
            Some((name, len)) => Err(datafee::Error::invalid(format!("records.{name}"), len, format!("one value per record: {n} ids, {len} values of {name}"))),
            None => Ok(()),
        }
    }
}

/// Parse the columns into records, rate them in input order, and serialize the result with
/// the actual lines the periodic review reads.
fn rate_records(tariff_json: &str, columns: Columns, options: RaterOptions) -> Result<String, Failure> {
    let tariff: Tariff = datafee::doc::from_json(tariff_json).within("tariff")?;
    columns.check_lengths()?;
    let mut rater = Rater::new(&tariff, options).within("tariff")?;
    let Columns { ids, customers, products, scenarios, quantities, times } = columns;
    let rows = ids.into_iter().zip(customers).zip(products).zip(scenarios).zip(quantities).zip(times);
    for (i, (((((id, customer), product), scenario), quantity), time)) in rows.enumerate() {
        let quantity = Quantity::parse(&quantity, "").map_err(|e| e.within(&format!("records[{i}].quantity")))?;
        let time = UsageTime::parse(&time, "").map_err(|e| e.within(&format!("records[{i}].time")))?;
        rater.push(&UsageRecord { id, customer, product, scenario, quantity, time })?;
    }
    let rating = rater.finish()?;
    let actual = ActualLine::from_rating(&rating, &tariff)?;
    let json = |what: &str, e: serde_json::Error| Failure::internal(format!("serializing the {what}: {e}"));
    let rating = serde_json::to_string(&rating).map_err(|e| json("rating result", e))?;
    let actual = serde_json::to_string(&actual).map_err(|e| json("actual lines", e))?;
    Ok(format!("{{\"rating\":{rating},\"actual\":{actual}}}"))
}

/// Rate usage records given as columns against a tariff (JSON text); the result as JSON text.
///
/// Each column is a list of `str` with one value per record: quantities are decimal strings,
/// times `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`. A malformed quantity or time refuses the
/// whole batch, naming `records[i].quantity` / `records[i].time`, as `rating.rate` does; a
/// tariff error is named under `tariff.`. The GIL is released while the records are parsed
/// and rated (the columns are copied out of the lists first).
#[pyfunction]
#[pyo3(signature = (tariff_json, ids, customers, products, scenarios, quantities, times, keep_records = false, explain = true))]
#[allow(clippy::too_many_arguments)]
fn rate_columns(
    py: Python<'_>,
    tariff_json: String,
    ids: Vec<String>,
    customers: Vec<String>,
    products: Vec<String>,
    scenarios: Vec<String>,
    quantities: Vec<String>,
    times: Vec<String>,
    keep_records: bool,
    explain: bool,
) -> PyResult<String> {
    let columns = Columns { ids, customers, products, scenarios, quantities, times };
    let options = RaterOptions { keep_records, explain };
    py.detach(|| guarded(|| rate_records(&tariff_json, columns, options))).map_err(|f| f.into_pyerr(py))
}

/// The names of all operations, sorted.
#[pyfunction]
fn operations() -> Vec<&'static str> {
    datafee::api::operations()
}

/// Test hook: push a panic through the same guard as [`call`]; raises `InternalError`.
///
/// `resume_unwind` skips the panic hook, so the test prints nothing to stderr.
#[pyfunction]
fn _selftest_panic(py: Python<'_>) -> PyResult<String> {
    py.detach(|| guarded(|| std::panic::resume_unwind(Box::new("selftest panic")))).map_err(|f| f.into_pyerr(py))
}

/// The native module `datafee._datafee`.
#[pymodule]
fn _datafee(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_function(wrap_pyfunction!(rate_columns, m)?)?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::rate_arrow, m)?)?;
    m.add_class::<arrow::ArrowStream>()?;
    m.add_function(wrap_pyfunction!(arrow::rate_merge, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::split_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(split::split_list, m)?)?;
    m.add_class::<arrow::PartialRater>()?;
    m.add_function(wrap_pyfunction!(_selftest_panic, m)?)?;
    Ok(())
}
