//! Zero-copy columnar rating from Python (列式计费): any object with the Arrow PyCapsule
//! interface in, Arrow streams out.
//!
//! - `rate_arrow(tariff_json, data, explain=False, outcomes=False) -> (str, stream, stream,
//!   stream, stream | None)` reads `data` through `__arrow_c_stream__` (a pyarrow `Table` or
//!   `RecordBatchReader`, a polars `DataFrame`, a DuckDB result, ...) or `__arrow_c_array__`
//!   (a pyarrow `RecordBatch`), batch by batch, without converting a value to a Python
//!   object, and rates every batch with [`datafee_arrow::ArrowRater`]. It returns the summary
//!   (the rating result without invoices, as JSON text) and the invoices, lines, listed
//!   rejections and (with `outcomes`) per-record outcomes as `_ArrowStream` objects, which
//!   export themselves through `__arrow_c_stream__` (`pyarrow.table(stream)` takes them).
//!
//! Only the capsule interface is used (no pyarrow at build time), so the wheel stays abi3.

use std::ffi::CString;

use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{RecordBatch, RecordBatchIterator, StructArray};
use arrow_schema::SchemaRef;
use datafee::error::ResultExt;
use datafee::rating::Tariff;
use datafee_arrow::{summary_json, ArrowOptions, ArrowRater};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

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

/// Rate every batch of `data` (see the module docs).
fn rate_data(data: &Bound<'_, PyAny>, rater: &mut ArrowRater) -> Result<(), PyErr> {
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
            rater.push_batch(&batch).map_err(|e| Failure::from(e).into_pyerr(py))?;
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
        rater.push_batch(&batch).map_err(|e| Failure::from(e).into_pyerr(py))?;
        return Ok(());
    }
    Err(PyTypeError::new_err("expected an object with the Arrow PyCapsule interface (__arrow_c_stream__ or __arrow_c_array__)"))
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
