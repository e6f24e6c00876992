"""Usage records (用量记录) from Python data: columns of text for the engine's bulk rating.

:func:`datafee.rate` takes usage as

- a pandas ``DataFrame`` with the columns ``id``, ``customer``, ``product``, ``scenario``,
  ``quantity`` and ``time`` (other columns are ignored);
- a pyarrow ``Table`` or ``RecordBatch`` with the same columns (pyarrow is never imported
  by datafee: an Arrow object is recognized when pyarrow is already loaded);
- a dict of columns (``{"id": [...], "quantity": [...], ...}``: lists, tuples, numpy
  arrays or pandas Series);
- an iterable of dicts, one per record (``{"id", "customer", "product", "scenario",
  "quantity", "time"}``; other keys are ignored).

Each column becomes a list of ``str``, one per record, which the engine parses. The rules:

- ``quantity``: ``Decimal``, ``int`` (numpy's too) or a decimal ``str``; a **float is
  refused** with ``TypeError`` (a pandas ``float64`` column as a whole, before any row is
  read: convert it with ``df["quantity"].map(lambda q: Decimal(str(q)))`` if the figures
  really are decimals, or better read the source with ``dtype={"quantity": str}``);
- ``time``: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS`` text, a ``datetime.date`` or a naive
  ``datetime.datetime`` (pandas ``Timestamp`` and ``datetime64`` columns included), in the
  operator's local civil time: a timezone-aware time is refused with ``TypeError``.
  Fractions of a second are dropped (rating works by calendar day);
- ``id``, ``customer``, ``product``, ``scenario``: ``str`` or ``int`` (written in decimal);
- a missing identifier (``None``, ``NaN``, ``pd.NA``) is sent as an empty string: the
  engine rejects that record (``missing_id``, ``missing_customer``, ``unknown_product``,
  ``unknown_scenario``); a missing quantity or time (``NaT`` too) refuses the whole batch
  with ``MissingError`` naming ``records[i].quantity`` / ``records[i].time``, as a malformed
  one does in the engine (``MalformedDecimalError``, ``InvalidInputError``).

``i`` in an error path is the record's position (0-based), not a DataFrame index label.

>>> from decimal import Decimal
>>> cols = usage_columns([{"id": 1, "customer": "acme", "product": "p", "scenario": "s",
...                        "quantity": Decimal("2.50"), "time": "2026-01-05"}])
>>> cols["id"], cols["quantity"], cols["time"]
(['1'], ['2.50'], ['2026-01-05'])
>>> usage_columns([{"id": "r1", "customer": "acme", "product": "p", "scenario": "s",
...                 "quantity": 2.5, "time": "2026-01-05"}])
Traceback (most recent call last):
...
TypeError: records[0].quantity: got the float 2.5; use Decimal('2.5') or a string, not a float: floats are inexact
"""

from __future__ import annotations

import datetime
import sys
from decimal import Decimal
from numbers import Integral
from typing import Any, Callable, Dict, Iterable, List, Mapping, Sized, Union, cast

from ._convert import _float_error
from ._errors import InvalidInputError, LimitExceededError, MalformedDecimalError, MissingError

__all__ = ["COLUMNS", "Usage", "usage_columns"]

#: The columns of usage, in the engine's order.
COLUMNS = ("id", "customer", "product", "scenario", "quantity", "time")

#: What :func:`datafee.rate` accepts as usage.
Usage = Union[Any, Mapping[str, Any], Iterable[Mapping[str, Any]]]

_MISSING_TYPES = ("NAType", "NaTType")


def _is_missing(v: Any) -> bool:
    if v is None or type(v).__name__ in _MISSING_TYPES:
        return True
    return isinstance(v, float) and v != v  # NaN


def _missing_value(path: str) -> MissingError:
    return MissingError(f"{path}: missing value", field=path, value="")


def _fail_type(v: Any, path: str, expected: str) -> TypeError:
    return TypeError(f"{path}: cannot use a {type(v).__name__} ({v!r}); expected {expected}")


def _text_value(v: Any, path: str) -> str:
    """An identifier: ``str`` as is, an integer in decimal."""
    if isinstance(v, str):
        return v
    if _is_missing(v):
        return ""
    if isinstance(v, float) or "float" in type(v).__name__:
        raise TypeError(f"{path}: got the float {v!r}; identifiers are text: use a str")
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        raise _fail_type(v, path, "a str or an int")
    if isinstance(v, Integral):
        return str(int(v))
    raise _fail_type(v, path, "a str or an int")


def _quantity_value(v: Any, path: str) -> str:
    """A quantity: ``Decimal`` in plain notation, ``int`` in decimal, ``str`` as is."""
    if isinstance(v, str):
        return v
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise MalformedDecimalError(f"{path}: malformed decimal {str(v)!r}", field=path, value=str(v))
        return format(v, "f")
    if _is_missing(v):
        raise _missing_value(path)
    if isinstance(v, float) or "float" in type(v).__name__:
        raise _float_error(v, path)
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        raise _fail_type(v, path, "a Decimal, an int or a decimal str")
    if isinstance(v, Integral):
        return str(int(v))
    raise _fail_type(v, path, "a Decimal, an int or a decimal str")


def _time_value(v: Any, path: str) -> str:
    """A usage time: text as is, a date or a naive datetime as ``YYYY-MM-DD[THH:MM:SS]``."""
    if isinstance(v, str):
        return v
    if _is_missing(v):
        raise _missing_value(path)
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None and v.utcoffset() is not None:
            raise TypeError(
                f"{path}: the time {v.isoformat()} has a time zone; give the operator's local civil time "
                "without a zone (e.g. t.astimezone(zone).replace(tzinfo=None), or for a pandas column "
                "s.dt.tz_convert(zone).dt.tz_localize(None))"
            )
        return f"{v.year:04d}-{v.month:02d}-{v.day:02d}T{v.hour:02d}:{v.minute:02d}:{v.second:02d}"
    if isinstance(v, datetime.date):
        return f"{v.year:04d}-{v.month:02d}-{v.day:02d}"
    raise _fail_type(v, path, "a str YYYY-MM-DD[THH:MM:SS], a datetime.date or a naive datetime.datetime")


_CONVERTERS: Dict[str, Callable[[Any, str], str]] = {
    "id": _text_value,
    "customer": _text_value,
    "product": _text_value,
    "scenario": _text_value,
    "quantity": _quantity_value,
    "time": _time_value,
}


def _texts(values: List[Any], name: str) -> List[str]:
    """A column's values as the engine's text, checking each (paths ``records[i].<name>``)."""
    if all(type(v) is str for v in values):
        return values
    convert = _CONVERTERS[name]
    return [convert(v, f"records[{i}].{name}") for i, v in enumerate(values)]


def _float_column(name: str, dtype: Any) -> TypeError:
    hint = (
        "convert it to Decimal first (df['quantity'].map(lambda q: Decimal(str(q))) if the figures "
        "really are decimals), or read the source with dtype={'quantity': str}"
        if name == "quantity"
        else "identifiers are text: use str values"
    )
    return TypeError(f"usage column {name!r} has the float dtype {dtype}: floats are inexact and refused; {hint}")


def _missing_column(name: str, have: Iterable[Any]) -> MissingError:
    return MissingError(
        f"records.{name}: the usage has no column {name!r} (it has {list(have)}); needed: {list(COLUMNS)}",
        field=f"records.{name}",
        value=name,
    )


# -- pandas -----------------------------------------------------------------------------------
def _is_pandas_frame(obj: Any) -> bool:
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, pd.DataFrame)


def _pandas_column(frame: Any, name: str) -> List[str]:
    if name not in frame.columns:
        raise _missing_column(name, frame.columns)
    s = frame[name]
    kind = getattr(s.dtype, "kind", "O")
    if kind in "fc":
        raise _float_column(name, s.dtype)
    if kind == "M":  # datetime64
        if getattr(s.dtype, "tz", None) is not None:
            raise TypeError(
                f"usage column 'time' is timezone-aware ({s.dtype}); give the operator's local civil time "
                "without a zone: s.dt.tz_convert(zone).dt.tz_localize(None)"
            )
        whole_days = bool((s.dropna().dt.normalize() == s.dropna()).all())
        text = s.dt.strftime("%Y-%m-%d" if whole_days else "%Y-%m-%dT%H:%M:%S")
        return _texts(text.astype(object).where(s.notna(), None).tolist(), name)
    if kind in "iu" and not s.hasnans:
        out: List[str] = s.astype(str).tolist()
        return out
    return _texts(s.astype(object).tolist(), name)


# -- pyarrow ----------------------------------------------------------------------------------
def _is_arrow(obj: Any) -> bool:
    pa = sys.modules.get("pyarrow")
    return pa is not None and isinstance(obj, (pa.Table, pa.RecordBatch))


_ARROW_FLOATS = ("halffloat", "float", "double", "float16", "float32", "float64")


def _arrow_column(table: Any, name: str) -> List[str]:
    names = table.schema.names
    if name not in names:
        raise _missing_column(name, names)
    column = table.column(name)
    if str(column.type) in _ARROW_FLOATS:
        raise _float_column(name, column.type)
    return _texts(column.to_pylist(), name)


# -- dicts --------------------------------------------------------------------------------------
def _sequence_column(values: Any, name: str) -> List[str]:
    dtype = getattr(values, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", "O") in "fc":
        raise _float_column(name, dtype)
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"usage column {name!r}: expected a sequence of values, got {type(values).__name__}")
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    return _texts(list(items), name)


#: Records one :func:`datafee.rate` call takes (its columns are converted to text in memory,
#: about 250 bytes a record): larger usage is refused before conversion, with
#: ``limit_exceeded``; stream it in batches through :func:`datafee.rate_arrow` instead.
MAX_RATE_RECORDS = 5_000_000


def _check_records(n: int) -> None:
    if n > MAX_RATE_RECORDS:
        raise LimitExceededError(
            f"records: {n} usage records in one call, at most {MAX_RATE_RECORDS} (rate larger usage in batches with datafee.rate_arrow)",
            field="records",
            value=str(n),
        )


def _records_columns(records: Iterable[Any]) -> Dict[str, List[str]]:
    raw: Dict[str, List[Any]] = {name: [] for name in COLUMNS}
    for i, record in enumerate(records):
        _check_records(i + 1)
        if not isinstance(record, Mapping):
            raise TypeError(f"records[{i}]: a usage record is a dict, got {type(record).__name__}")
        for name in COLUMNS:
            try:
                raw[name].append(record[name])
            except KeyError:
                raise MissingError(
                    f"records[{i}].{name}: the record has no {name!r}", field=f"records[{i}].{name}", value=""
                ) from None
    return {name: _texts(values, name) for name, values in raw.items()}


def usage_columns(usage: Usage) -> Dict[str, List[str]]:
    """The usage as six columns of text (:data:`COLUMNS`), one value per record.

    See the module documentation for what is accepted and refused.
    """
    if _is_pandas_frame(usage):
        _check_records(len(cast(Sized, usage)))
        return {name: _pandas_column(usage, name) for name in COLUMNS}
    if _is_arrow(usage):
        _check_records(len(cast(Sized, usage)))
        return {name: _arrow_column(usage, name) for name in COLUMNS}
    if isinstance(usage, Mapping):
        missing = [name for name in COLUMNS if name not in usage]
        if missing:
            raise _missing_column(missing[0], usage.keys())
        for name in COLUMNS:
            if hasattr(usage[name], "__len__"):
                _check_records(len(usage[name]))
        columns = {name: _sequence_column(usage[name], name) for name in COLUMNS}
        lengths = {name: len(values) for name, values in columns.items()}
        if len(set(lengths.values())) > 1:
            raise InvalidInputError(f"records: the usage columns differ in length: {lengths}", field="records", value=str(lengths))
        return columns
    if isinstance(usage, (str, bytes)) or not hasattr(usage, "__iter__"):
        raise TypeError(
            f"usage is a pandas DataFrame, a pyarrow Table, a dict of columns or an iterable of dicts, "
            f"got {type(usage).__name__}"
        )
    return _records_columns(usage)
