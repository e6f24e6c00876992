//! A split of Python lists without a JSON tree (列表分配): `datafee.split` with a list, a
//! tuple or a dict of weights.
//!
//! `split_list(amount, weights, maximums, rounding_json, number, other)` reads the parties in
//! one pass straight into the engine's [`SplitParty`] values (no `dict`, JSON text or
//! `serde_json::Value` per party), runs [`datafee::sharing::split::split`] with the GIL
//! released, and returns `(explanation_json, ids, shares)`: the working paper as JSON text,
//! the ids as a `list[str]` and the shares as a `list[Decimal]`, both in input order. About
//! 100 bytes of Rust memory per party beside the caller's list, so the 2,000,000-party limit
//! fits in well under 1 GB (issue 15 item 5).
//!
//! The forms are those of `datafee.split`: `weights` is a `dict` id → weight, or a `list` or
//! `tuple` whose items are each a weight (id: its position), an `(id, weight)` pair or a
//! party `dict` (`{"id", "weight", "max"}`). The common cases are read here: a weight given
//! as `str`, `int` (64 bits) or a plain `Decimal`, a pair, a `dict` with `str` keys and values. Anything else
//! goes through the Python layer, one item at a time, so the refusals are the ones the JSON
//! path gives:
//!
//! - `number(value, path)` (`datafee._sharing._number`) turns a `Decimal` with an exponent, a
//!   wide `int`, a float (`TypeError` naming `weights[i]`), ... into the engine's decimal text;
//! - `other(item, path, index)` returns one party as JSON text (any other mapping, a `bool`,
//!   ...), read by the engine's deserializer.
//!
//! The engine's refusals name `parties[i].weight`, `parties[i].id`, `parties[i].max`, as the
//! `sharing.split` operation does.

use std::collections::HashMap;

use datafee::error::ResultExt;
use datafee::money::parse_decimal;
use datafee::sharing::split::{split, SplitParty, MAX_SPLIT_PARTIES};
use datafee::{Amount, Rounding};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyList, PyString, PyTuple};

use crate::Failure;

/// The Python helpers of the slow path and the classes the pass tests against.
struct Helpers<'py> {
    number: Bound<'py, PyAny>,
    other: Bound<'py, PyAny>,
    mapping: Bound<'py, PyAny>,
    decimal: Bound<'py, PyAny>,
}

/// The longest plain decimal text read straight from a `Decimal`'s `str` (`_convert.MAX_DECIMAL_CHARS`):
/// longer ones go through `number`, which refuses them from the exponent.
const MAX_DECIMAL_CHARS: usize = 100;

fn err(py: Python<'_>, e: datafee::Error) -> PyErr {
    Failure::from(e).into_pyerr(py)
}

/// A `str` as Rust text; `None` when it holds a lone surrogate (the slow path names it).
fn text_of(s: &Bound<'_, PyString>) -> Option<String> {
    s.to_cow().ok().map(|t| t.into_owned())
}

/// The engine's decimal from its text, the error naming `field`.
fn decimal(py: Python<'_>, text: &str, field: &str) -> PyResult<rust_decimal::Decimal> {
    parse_decimal(text, field).map_err(|e| err(py, e))
}

/// A weight or maximum: `str` and 64-bit `int` here, anything else through `number`.
/// `Ok(None)`: the value is not decimal text (a `bool`, `None`): the caller takes the slow path.
fn number(h: &Helpers<'_>, value: &Bound<'_, PyAny>, field: &str, path: impl FnOnce() -> PyResult<String>) -> PyResult<Option<rust_decimal::Decimal>> {
    let py = value.py();
    if let Ok(s) = value.cast_exact::<PyString>() {
        if let Some(t) = text_of(s) {
            return decimal(py, &t, field).map(Some);
        }
    } else if value.is_exact_instance_of::<PyInt>() {
        if let Ok(v) = value.extract::<i64>() {
            return Ok(Some(rust_decimal::Decimal::from(v)));
        }
    } else if value.get_type().is(&h.decimal) {
        // `str` of a Decimal is its plain form (what `format(d, "f")` writes) unless it has an
        // exponent or is not finite: take it when it is plain and short, else `number`.
        let s = value.str()?;
        if let Ok(t) = s.to_cow() {
            if t.len() <= MAX_DECIMAL_CHARS && t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
                return decimal(py, &t, field).map(Some);
            }
        }
    }
    let encoded = h.number.call1((value, path()?))?;
    match encoded.cast_exact::<PyString>() {
        Ok(s) => match text_of(s) {
            Some(t) => decimal(py, &t, field).map(Some),
            None => Ok(None),
        },
        Err(_) => Ok(None),
    }
}

/// One party through the Python layer and the engine's deserializer (the uncommon forms).
fn slow_party(h: &Helpers<'_>, item: &Bound<'_, PyAny>, i: usize) -> PyResult<SplitParty> {
    let py = item.py();
    let text: String = h.other.call1((item, format!("weights[{i}]"), i))?.extract()?;
    datafee::doc::from_json::<SplitParty>(&text).within(&format!("parties[{i}]")).map_err(|e| err(py, e))
}

/// An id given as a `str` (a lone surrogate refused naming `parties[i].id`).
fn id_text(py: Python<'_>, s: &Bound<'_, PyString>, i: usize) -> PyResult<String> {
    text_of(s).ok_or_else(|| {
        let lossy = s.to_string_lossy();
        let at = lossy.chars().position(|c| c == '\u{FFFD}').unwrap_or(0);
        err(
            py,
            datafee::Error::Parse {
                field: format!("parties[{i}].id"),
                value: format!("character {at}"),
                reason: "text with a lone surrogate; not valid Unicode".into(),
            },
        )
    })
}

/// A party `dict` with `str` keys among `id`, `weight`, `max` and plain values; `None` when
/// it is anything else (the slow path reads it and names what is wrong).
fn dict_party(h: &Helpers<'_>, d: &Bound<'_, PyDict>, i: usize) -> PyResult<Option<SplitParty>> {
    let py = d.py();
    let (mut id, mut weight, mut max) = (None, None, None);
    for (k, v) in d.iter() {
        let Ok(k) = k.cast_exact::<PyString>() else { return Ok(None) };
        let Some(k) = text_of(k) else { return Ok(None) };
        match k.as_str() {
            "id" => match v.cast_exact::<PyString>() {
                Ok(s) => id = Some(id_text(py, s, i)?),
                Err(_) => return Ok(None),
            },
            "weight" => match number(h, &v, &format!("parties[{i}].weight"), || Ok(format!("weights[{i}].weight")))? {
                Some(w) => weight = Some(w),
                None => return Ok(None),
            },
            "max" if v.is_none() => {}
            "max" => match number(h, &v, &format!("parties[{i}].max"), || Ok(format!("weights[{i}].max")))? {
                Some(m) => max = Some(Amount::new(m)),
                None => return Ok(None),
            },
            _ => return Ok(None),
        }
    }
    Ok(match (id, weight) {
        (Some(id), Some(weight)) => Some(SplitParty { id, weight, max }),
        _ => None,
    })
}

/// One item of a list or tuple of weights.
fn list_party(h: &Helpers<'_>, item: &Bound<'_, PyAny>, i: usize) -> PyResult<SplitParty> {
    let py = item.py();
    if let Ok(d) = item.cast_exact::<PyDict>() {
        return match dict_party(h, d, i)? {
            Some(p) => Ok(p),
            None => slow_party(h, item, i),
        };
    }
    if let Ok(t) = item.cast::<PyTuple>() {
        if t.len() == 2 {
            let key = t.get_item(0)?;
            let id = match key.cast_exact::<PyString>() {
                Ok(s) => id_text(py, s, i)?,
                Err(_) => id_text(py, &key.str()?, i)?,
            };
            let value = t.get_item(1)?;
            return match number(h, &value, &format!("parties[{i}].weight"), || Ok(format!("weights[{i}]")))? {
                Some(weight) => Ok(SplitParty { id, weight, max: None }),
                None => slow_party(h, item, i),
            };
        }
    }
    if item.is_instance(&h.mapping)? {
        return slow_party(h, item, i);
    }
    match number(h, item, &format!("parties[{i}].weight"), || Ok(format!("weights[{i}]")))? {
        Some(weight) => Ok(SplitParty { id: i.to_string(), weight, max: None }),
        None => slow_party(h, item, i),
    }
}

/// The parties of `weights` (see the module docs), in input order.
fn parties(h: &Helpers<'_>, weights: &Bound<'_, PyAny>) -> PyResult<Vec<SplitParty>> {
    let py = weights.py();
    let limit = |n: usize| -> PyResult<()> {
        if n > MAX_SPLIT_PARTIES {
            return Err(err(py, datafee::Error::LimitExceeded { field: "parties".into(), value: n.to_string(), max: MAX_SPLIT_PARTIES.to_string() }));
        }
        Ok(())
    };
    if let Ok(d) = weights.cast::<PyDict>() {
        limit(d.len())?;
        let mut out = Vec::with_capacity(d.len());
        for (i, (k, v)) in d.iter().enumerate() {
            let id = match k.cast_exact::<PyString>() {
                Ok(s) => id_text(py, s, i)?,
                Err(_) => id_text(py, &k.str()?, i)?,
            };
            match number(h, &v, &format!("parties[{i}].weight"), || Ok(format!("weights[{}]", k.repr()?)))? {
                Some(weight) => out.push(SplitParty { id, weight, max: None }),
                None => {
                    let pair = PyTuple::new(py, [id.into_pyobject(py)?.into_any(), v])?;
                    out.push(slow_party(h, pair.as_any(), i)?);
                }
            }
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    if let Ok(l) = weights.cast::<PyList>() {
        limit(l.len())?;
        out.reserve_exact(l.len());
        // The list's own iterator: it reads the list as it is at each step.
        for (i, item) in l.iter().enumerate() {
            limit(i + 1)?;
            out.push(list_party(h, &item, i)?);
        }
    } else {
        let t = weights.cast::<PyTuple>()?;
        limit(t.len())?;
        out.reserve_exact(t.len());
        for (i, item) in t.iter().enumerate() {
            out.push(list_party(h, &item, i)?);
        }
    }
    Ok(out)
}

/// Apply `maximums` (id → most that party may receive), naming an unknown id `maximums.{id}`.
fn apply_maximums(h: &Helpers<'_>, parties: &mut [SplitParty], maximums: &Bound<'_, PyDict>) -> PyResult<()> {
    let py = maximums.py();
    if maximums.is_empty() {
        return Ok(());
    }
    let at: HashMap<&str, usize> = parties.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let mut set = Vec::with_capacity(maximums.len());
    for (k, v) in maximums.iter() {
        let id = match k.cast_exact::<PyString>() {
            Ok(s) => text_of(s),
            Err(_) => text_of(&k.str()?),
        }
        .unwrap_or_default();
        let Some(&i) = at.get(id.as_str()) else {
            return Err(err(py, datafee::Error::UnknownId { field: format!("maximums.{id}"), value: id }));
        };
        let field = format!("parties[{i}].max");
        match number(h, &v, &field, || Ok(format!("maximums[{}]", k.repr()?)))? {
            Some(m) => set.push((i, Amount::new(m))),
            None => return Err(err(py, datafee::Error::Parse { field, value: v.repr()?.to_string(), reason: "expected a decimal".into() })),
        }
    }
    drop(at);
    for (i, m) in set {
        if let Some(p) = parties.get_mut(i) {
            p.max = Some(m);
        }
    }
    Ok(())
}

/// Split `amount` among the parties of a Python `list`, `tuple` or `dict` (see the module docs).
///
/// Returns `(explanation_json, ids, shares)`: the working paper as JSON text, the ids
/// (`list[str]`) and the shares (`list[Decimal]`), in input order.
#[pyfunction]
#[pyo3(signature = (amount, weights, maximums, rounding_json, number, other))]
pub(crate) fn split_list<'py>(
    py: Python<'py>,
    amount: String,
    weights: Bound<'py, PyAny>,
    maximums: Option<Bound<'py, PyDict>>,
    rounding_json: Option<String>,
    number: Bound<'py, PyAny>,
    other: Bound<'py, PyAny>,
) -> PyResult<(String, Bound<'py, PyList>, Bound<'py, PyList>)> {
    let amount = Amount::parse(&amount, "amount").map_err(|e| err(py, e))?;
    let rounding: Rounding = match rounding_json {
        Some(text) => datafee::doc::from_json(&text).within("rounding").map_err(|e| err(py, e))?,
        None => Rounding::cents(),
    };
    rounding.validate("rounding").map_err(|e| err(py, e))?;
    let mapping = py.import("collections.abc")?.getattr("Mapping")?;
    let decimal = py.import("decimal")?.getattr("Decimal")?;
    let h = Helpers { number, other, mapping, decimal };
    let mut list = parties(&h, &weights)?;
    if let Some(m) = &maximums {
        apply_maximums(&h, &mut list, m)?;
    }
    let out = py.detach(|| crate::guarded(|| split(amount, &list, &rounding).map_err(Failure::from))).map_err(|f| f.into_pyerr(py))?;
    let explanation = serde_json::to_string(&out.explanation).map_err(|e| Failure::internal(format!("serializing the working paper: {e}")).into_pyerr(py))?;
    let ids = PyList::new(py, list.iter().map(|p| p.id.as_str()))?;
    drop(list);
    let shares = PyList::empty(py);
    for s in &out.shares {
        shares.append(h.decimal.call1((s.to_string(),))?)?;
    }
    Ok((explanation, ids, shares))
}
