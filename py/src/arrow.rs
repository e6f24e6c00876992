//! Zero-copy columnar rating from Python (列式计费): any object with the Arrow PyCapsule
//! interface in, Arrow streams out.
//!
//! - `rate_arrow(tariff_json, data, explain=False, outcomes=False) -> (str, stream, stream,
//!   stream, stream | None)` reads `data` through `__arrow_c_stream__` (a pyarrow `Table` or
//!   `RecordBatchReader`, a polars `DataFrame`, a DuckDB result, ...) or `__arrow_c_array__`
//!   (a pyarrow `RecordBatch`), batch by batch, without converting a value to a Python
//!   object, and rates every batch with [`datafee_arrow::ArrowRater`], the GIL released
//!   while a batch is rated (the duplicate-id set sized once when `data` tells its row
//!   count: [`rows_hint`]). It returns the summary
//!   (the rating result without invoices, as JSON text) and the invoices, lines, listed
//!   rejections and (with `outcomes`) per-record outcomes as `_ArrowStream` objects, which
//!   export themselves through `__arrow_c_stream__` (`pyarrow.table(stream)` takes them).
//!
//! - `_PartialRater(tariff_json)` rates one partition of records partitioned by id (Spark's
//!   `mapInArrow`): `push(data)` returns every rejected row of `data`, `state()` the partial
//!   state as JSON bytes; `rate_merge(tariff_json, states, explain=False)` merges the states
//!   and prices them, returning the same tuple as `rate_arrow` (without `records`).
//!
//! Only the capsule interface is used (no pyarrow at build time), so the wheel stays abi3.

use std::ffi::CString;
use std::sync::Arc;

use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};

use arrow_array::{Array, RecordBatch, RecordBatchIterator, StructArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use datafee::error::ResultExt;
use datafee::rating::Tariff;
use datafee_arrow::{summary_json, ArrowOptions, ArrowRater};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyTuple};

use crate::Failure;

/// An Arrow table produced by the engine, exported through the PyCapsule stream interface.
#[pyclass(name = "_ArrowStream", module = "datafee._datafee", frozen)]
pub(crate) struct ArrowStream {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl ArrowStream {
    fn of(batch: RecordBatch) -> ArrowStream {
        ArrowStream { schema: batch.schema(), batches: vec![batch] }
    }
}

#[pymethods]
impl ArrowStream {
    /// Export the table as an `ArrowArrayStream` capsule (the Arrow PyCapsule interface).
    /// `requested_schema` is ignored: the table is given in its own schema.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(&self, py: Python<'py>, requested_schema: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new(self.batches.clone().into_iter().map(Ok), self.schema.clone());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new(py, stream, Some(CString::from(c"arrow_array_stream")))
    }

    /// Rows in the table.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

fn parse_error(what: &str, e: impl std::fmt::Display) -> Failure {
    Failure::from(datafee::Error::Parse { field: "records".into(), value: what.into(), reason: e.to_string() })
}

/// Call `f` on every batch of `data` (see the module docs), read through the PyCapsule
/// interface. Each batch is imported with the GIL held (the producer's stream may call
/// into Python), then `f` runs on it with the GIL **released**: by then the batch is Rust
/// memory (imported arrays, kept alive by their release callbacks), so other Python
/// threads run while a batch is rated.
fn for_each_batch(data: &Bound<'_, PyAny>, mut f: impl FnMut(&RecordBatch) -> datafee::Result<()> + Send) -> Result<(), PyErr> {
    let py = data.py();
    if data.hasattr("__arrow_c_stream__")? {
        let capsule = data.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast::<PyCapsule>().map_err(|_| PyTypeError::new_err("__arrow_c_stream__ did not return a capsule"))?;
        let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
        // SAFETY: the capsule named "arrow_array_stream" holds an FFI_ArrowArrayStream (the
        // Arrow PyCapsule interface); from_raw moves it out and leaves a released stream
        // behind, so the capsule's destructor does not release it twice.
        let reader = unsafe { RecordBatchStreamReader::from_raw(ptr.as_ptr().cast::<FFI_ArrowArrayStream>()) }
            .map_err(|e| parse_error("arrow stream", e).into_pyerr(py))?;
        for batch in reader {
            let batch = batch.map_err(|e| parse_error("arrow stream", e).into_pyerr(py))?;
            py.detach(|| f(&batch)).map_err(|e| Failure::from(e).into_pyerr(py))?;
        }
        return Ok(());
    }
    if data.hasattr("__arrow_c_array__")? {
        let pair = data.call_method0("__arrow_c_array__")?;
        let pair = pair.cast::<PyTuple>().map_err(|_| PyTypeError::new_err("__arrow_c_array__ did not return a tuple"))?;
        let schema_capsule = pair.get_item(0)?;
        let array_capsule = pair.get_item(1)?;
        let schema_capsule = schema_capsule.cast::<PyCapsule>().map_err(|_| PyTypeError::new_err("expected a schema capsule"))?;
        let array_capsule = array_capsule.cast::<PyCapsule>().map_err(|_| PyTypeError::new_err("expected an array capsule"))?;
        let schema_ptr = schema_capsule.pointer_checked(Some(c"arrow_schema"))?;
        let array_ptr = array_capsule.pointer_checked(Some(c"arrow_array"))?;
        // SAFETY: capsules named "arrow_schema" / "arrow_array" hold an FFI_ArrowSchema and an
        // FFI_ArrowArray; the array is moved out (its capsule keeps a released one), the
        // schema is only borrowed while its capsule is alive.
        let data = unsafe {
            let array = FFI_ArrowArray::from_raw(array_ptr.as_ptr().cast::<FFI_ArrowArray>());
            let schema = &*schema_ptr.as_ptr().cast::<FFI_ArrowSchema>();
            from_ffi(array, schema)
        }
        .map_err(|e| parse_error("arrow array", e).into_pyerr(py))?;
        let batch = RecordBatch::from(StructArray::from(data));
        py.detach(|| f(&batch)).map_err(|e| Failure::from(e).into_pyerr(py))?;
        return Ok(());
    }
    Err(PyTypeError::new_err("expected an object with the Arrow PyCapsule interface (__arrow_c_stream__ or __arrow_c_array__)"))
}

/// Rate every batch of `data` (see the module docs), the duplicate-id set sized once when
/// `data` tells its length ([`rows_hint`]).
fn rate_data(data: &Bound<'_, PyAny>, rater: &mut ArrowRater) -> Result<(), PyErr> {
    if let Some(rows) = rows_hint(data) {
        rater.reserve(rows);
    }
    for_each_batch(data, |batch| rater.push_batch(batch))
}

/// The number of rows `data` says it has before it is read, if it says: `num_rows` (a
/// pyarrow `Table` or `RecordBatch`) or `height` (a polars `DataFrame`), a non-negative
/// integer. Only a capacity hint ([`ArrowRater::reserve`], bounded there): a wrong one
/// changes no result.
fn rows_hint(data: &Bound<'_, PyAny>) -> Option<u64> {
    ["num_rows", "height"].iter().find_map(|name| data.getattr(*name).ok()?.extract::<u64>().ok())
}

/// The summary JSON and the tables of a columnar rating.
type Rated = (String, ArrowStream, ArrowStream, ArrowStream, Option<ArrowStream>);

/// Rate usage given as Arrow data (any object with `__arrow_c_stream__` or
/// `__arrow_c_array__`) against a tariff (JSON text).
///
/// Returns `(summary_json, invoices, lines, rejected, records)`: the rating result without
/// invoices as JSON text, then Arrow tables (`records` only with `outcomes=True`).
#[pyfunction]
#[pyo3(signature = (tariff_json, data, explain = false, outcomes = false))]
pub(crate) fn rate_arrow(py: Python<'_>, tariff_json: String, data: Bound<'_, PyAny>, explain: bool, outcomes: bool) -> PyResult<Rated> {
    let tariff: Tariff = datafee::doc::from_json(&tariff_json).within("tariff").map_err(|e| Failure::from(e).into_pyerr(py))?;
    let mut rater = ArrowRater::new(&tariff, ArrowOptions { explain, outcomes }).within("tariff").map_err(|e| Failure::from(e).into_pyerr(py))?;
    rate_data(&data, &mut rater)?;
    let out = py.detach(|| rater.finish()).map_err(|e| Failure::from(e).into_pyerr(py))?;
    let summary = summary_json(&out.result).map_err(|e| Failure::from(e).into_pyerr(py))?;
    Ok((summary.to_string(), ArrowStream::of(out.invoices), ArrowStream::of(out.lines), ArrowStream::of(out.rejected), out.records.map(ArrowStream::of)))
}

fn failure(py: Python<'_>) -> impl Fn(datafee::Error) -> PyErr + '_ {
    move |e| Failure::from(e).into_pyerr(py)
}

/// One partition's rater (分区计费, for Spark's `mapInArrow`): push the partition's
/// batches, each returning its rejected rows, then export the partial state
/// ([`ArrowRater::partial_json`]) for [`rate_merge`].
#[pyclass(name = "_PartialRater", module = "datafee._datafee")]
pub(crate) struct PartialRater {
    rater: ArrowRater,
}

#[pymethods]
impl PartialRater {
    /// A partition rater for a tariff (JSON text).
    #[new]
    fn new(py: Python<'_>, tariff_json: String) -> PyResult<PartialRater> {
        let tariff: Tariff = datafee::doc::from_json(&tariff_json).within("tariff").map_err(failure(py))?;
        let rater = ArrowRater::new(&tariff, ArrowOptions::default()).within("tariff").map_err(failure(py))?;
        Ok(PartialRater { rater })
    }

    /// Rate every batch of `data` (as `rate_arrow` reads it); return every rejected row as a
    /// table of `row` (the position among the rows of this call), `reason` and `value`.
    fn push(&mut self, py: Python<'_>, data: Bound<'_, PyAny>) -> PyResult<ArrowStream> {
        let mut out = Vec::new();
        let mut offset = 0u64;
        let rater = &mut self.rater;
        for_each_batch(&data, |batch| {
            let r = rater.push_batch_rejected(batch)?;
            out.push(shift_rows(r, offset)?);
            offset += batch.num_rows() as u64;
            Ok(())
        })?;
        let schema = Arc::new(Schema::new(vec![
            Field::new("row", DataType::UInt64, false),
            Field::new("reason", DataType::Utf8, false),
            Field::new("value", DataType::Utf8, false),
        ]));
        let _ = py;
        Ok(ArrowStream { schema: out.first().map_or(schema, RecordBatch::schema), batches: out })
    }

    /// Records pushed so far.
    #[getter]
    fn rows(&self) -> u64 {
        self.rater.rows()
    }

    /// The partial state (counts and aggregates, no ids) as JSON bytes.
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let json = self.rater.partial_json().map_err(failure(py))?;
        Ok(PyBytes::new(py, json.as_bytes()))
    }
}

/// Add `offset` to the `row` column of a rejected-rows batch.
fn shift_rows(batch: RecordBatch, offset: u64) -> datafee::Result<RecordBatch> {
    if offset == 0 {
        return Ok(batch);
    }
    let rows = batch.column(0).as_any().downcast_ref::<UInt64Array>().map(|a| a.values().iter().map(|r| r + offset).collect::<Vec<_>>()).unwrap_or_default();
    let mut columns = batch.columns().to_vec();
    if let Some(c) = columns.get_mut(0) {
        *c = Arc::new(UInt64Array::from(rows));
    }
    RecordBatch::try_new(batch.schema(), columns).map_err(|e| datafee::Error::invalid("rejected.row", offset, e.to_string()))
}

/// Merge partial states (JSON bytes from `_PartialRater.state`) and price them: the same
/// `(summary_json, invoices, lines, rejected, None)` as `rate_arrow`. A bad state is an
/// error naming it (`states[2].partial.tariff`).
#[pyfunction]
#[pyo3(signature = (tariff_json, states, explain = false))]
pub(crate) fn rate_merge(py: Python<'_>, tariff_json: String, states: Vec<Bound<'_, PyBytes>>, explain: bool) -> PyResult<Rated> {
    let tariff: Tariff = datafee::doc::from_json(&tariff_json).within("tariff").map_err(failure(py))?;
    let mut rater = ArrowRater::new(&tariff, ArrowOptions { explain, outcomes: false }).within("tariff").map_err(failure(py))?;
    let texts: Vec<Vec<u8>> = states.iter().map(|b| b.as_bytes().to_vec()).collect();
    let out = py
        .detach(|| {
            for (i, t) in texts.iter().enumerate() {
                let at = format!("states[{i}]");
                let text = std::str::from_utf8(t).map_err(|e| datafee::Error::Parse { field: at.clone(), value: "bytes".into(), reason: e.to_string() })?;
                rater.merge_partial_json(text).within(&at)?;
            }
            rater.finish()
        })
        .map_err(failure(py))?;
    let summary = summary_json(&out.result).map_err(failure(py))?;
    Ok((summary.to_string(), ArrowStream::of(out.invoices), ArrowStream::of(out.lines), ArrowStream::of(out.rejected), None))
}

/// Split `amount` (decimal text) among the parties of Arrow data (columns `id`, optional,
/// and `weight`; see [`datafee_arrow::split_batches`]), rounding given as JSON text
/// (`{"unit": "0.01", "mode": "half_up"}`) or `None` for cents half-up. Returns the working
/// paper as JSON text and the shares (`id`, `share` as decimal128) as an `_ArrowStream`.
/// The batches are read through the PyCapsule interface (no value becomes a Python object)
/// and the split runs with the GIL released.
#[pyfunction]
#[pyo3(signature = (amount, data, rounding_json = None))]
pub(crate) fn split_arrow(py: Python<'_>, amount: String, data: Bound<'_, PyAny>, rounding_json: Option<String>) -> PyResult<(String, ArrowStream)> {
    let amount = datafee::Amount::parse(amount.trim(), "amount").map_err(failure(py))?;
    let rounding: datafee::Rounding = match rounding_json {
        Some(text) => datafee::doc::from_json(&text).within("rounding").map_err(failure(py))?,
        None => datafee::Rounding::cents(),
    };
    let mut batches = Vec::new();
    let mut rows = 0usize;
    for_each_batch(&data, |batch| {
        rows += batch.num_rows();
        // The party limit before the next batch is read.
        if rows > datafee::sharing::split::MAX_SPLIT_PARTIES {
            return Err(datafee::Error::LimitExceeded {
                field: "parties".into(),
                value: format!("more than {rows}"),
                max: datafee::sharing::split::MAX_SPLIT_PARTIES.to_string(),
            });
        }
        batches.push(batch.clone());
        Ok(())
    })?;
    let out = py.detach(|| datafee_arrow::split_batches(amount, &rounding, &batches)).map_err(failure(py))?;
    let explanation =
        serde_json::to_string(&out.explanation).map_err(|e| failure(py)(datafee::Error::invalid("explanation", "serialization", e.to_string())))?;
    Ok((explanation, ArrowStream::of(out.shares)))
}
