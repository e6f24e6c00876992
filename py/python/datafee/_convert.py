"""Conversion between Python values and the engine's JSON documents (数值转换).

The engine reads and writes JSON documents whose decimals are **strings** (``"0.35"``):
a binary float cannot hold 0.35 exactly, so none may enter a money computation.

Inputs (:func:`encode_input`)
    ``decimal.Decimal`` becomes its exact plain string (``Decimal("1E+2")`` -> ``"100"``);
    ``int`` becomes its digits, so it is accepted wherever a decimal is, except under the
    engine's integer keys (:data:`INTEGER_KEYS`: ``year``, ``months``, ``seed``, ...) where
    it stays a JSON number, as those fields require; ``str`` passes unchanged (the engine
    checks it);
    ``bool`` and ``None`` stay ``true``/``false``/``null`` (``bool`` is tested before
    ``int``); lists, tuples and dicts are converted recursively. A ``float`` (numpy's too)
    raises ``TypeError`` naming the path of the value; any other type (``bytes``, ``set``,
    an object) raises :class:`~datafee.InvalidTypeError` (a ``TypeError`` too). A
    non-finite ``Decimal`` (NaN, Infinity) raises ``MalformedDecimalError``.

Bounds (each checked before the work it saves, so every input is refused in bounded time
and memory; issue 15):
    a ``Decimal`` whose plain form would be longer than :data:`MAX_DECIMAL_CHARS`
    (``Decimal("1e999999999")``) is refused from its exponent, without writing it out
    (``OutOfRangeError`` for too many decimal places, ``ArithmeticOverflowError`` for too
    many digits, as the engine would); an ``int`` of more than 128 bits is
    ``ArithmeticOverflowError`` (64 bits under an integer key: ``OutOfRangeError``);
    nesting deeper than :data:`MAX_DEPTH` (the engine's JSON limit; a cyclic dict too) is
    ``ParseError``; a list or dict longer than :data:`MAX_ITEMS` (the engine's largest
    list limit) is ``LimitExceededError``, checked on its length before its items are
    converted; a string with a lone surrogate (not encodable as UTF-8) is ``ParseError``.

Outputs (:func:`decode_output`)
    A string becomes a ``decimal.Decimal`` when **both**

    1. it has the engine's strict decimal syntax (optional sign, digits, optional
       ``.`` and digits; :data:`DECIMAL_PATTERN`), and
    2. the key that holds it is not textual (:func:`is_text_key`): identifiers and labels
       such as ``id``, ``product``, ``scenario``, ``party``, ``name`` and keys ending in
       ``_id``, ``_ids``, ``_name``, ... stay ``str``, so a product id ``"2026"`` stays
       ``"2026"``. A list element is judged by the key that holds the list. ``unit`` is
       decided by shape: a rounding unit ``"0.01"`` is a decimal, a product's unit of use
       (``"calls"``) never looks like one.

    The key tables are checked against the engine's sources by ``py/tests/test_schema_sync.py``:
    every string field of the engine is textual, no decimal field is, and every integer
    field is in :data:`INTEGER_KEYS`.

    Working papers (底稿) stay text entirely: everything under the keys ``explanation``,
    ``explanations`` or ``working_paper``, and any object with both ``formula`` and
    ``inputs`` (the shape of an explanation). Their ``result`` and ``inputs[].value`` are
    display text, and a column of them mixes numbers with words.

    Everything else is unchanged: numbers stay ``int`` (years, counts), other strings
    stay ``str``. A JSON number with a fraction, which the engine never writes, would
    become a ``Decimal``, never a ``float``.

>>> from decimal import Decimal
>>> encode_input({"value": Decimal("2.345"), "volume": 3, "year": 2026, "flag": True})
{'value': '2.345', 'volume': '3', 'year': 2026, 'flag': True}
>>> decode_output({"result": "2.35", "product": "2026", "year": 2026, "mode": "floor"})
{'result': Decimal('2.35'), 'product': '2026', 'year': 2026, 'mode': 'floor'}
"""

from __future__ import annotations

import re
from decimal import Decimal
from numbers import Integral, Real
from typing import Any, Dict, FrozenSet, List, Mapping, Optional

from ._errors import (
    ArithmeticOverflowError,
    InvalidTypeError,
    LimitExceededError,
    MalformedDecimalError,
    OutOfRangeError,
    ParseError,
)

__all__ = [
    "DECIMAL_PATTERN",
    "TEXT_KEYS",
    "INTEGER_KEYS",
    "MAX_DECIMAL_CHARS",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_DOCUMENT_BYTES",
    "encode_input",
    "decode_output",
    "is_text_key",
    "join_path",
    "check_items",
]

#: The longest plain decimal the converter writes out; the engine takes at most 28 decimal
#: places and about 29 digits, so anything longer is refused from its exponent alone.
MAX_DECIMAL_CHARS = 100

#: The deepest nesting of lists and dicts (the engine's JSON reader stops at 128 levels).
MAX_DEPTH = 128

#: The longest list or dict (the engine's largest list limit: ``sharing.split`` parties).
MAX_ITEMS = 2_000_000

#: The engine's largest document, in bytes (``datafee::doc::MAX_DOCUMENT_BYTES``).
MAX_DOCUMENT_BYTES = 64 << 20

#: The engine's strict decimal syntax (``money::parse_decimal``): no exponent, no spaces,
#: no thousands separators, digits on both sides of the point.
DECIMAL_PATTERN = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")

#: Keys whose string values are identifiers or labels, never numbers, even when they look
#: like one (a product id ``"2026"``).
TEXT_KEYS: FrozenSet[str] = frozenset(
    {
        # identifiers and references
        "id", "ids", "product", "products", "scenario", "scenarios", "party", "parties",
        "pool", "pools", "asset", "assets", "source", "sources", "operator", "owner",
        "member", "members", "coalition", "coalitions", "player", "players", "ranking",
        "first_month", "last_month", "effective", "path", "paths", "profile", "schedule",
        "customer", "time", "actual_fee", "previous_fee", "previous_effective", "replaced_on", "cap_explanation",
        "en", "zh", "rows",
        # names and labels
        "name", "names", "title", "label", "labels", "kind", "category", "stage", "status",
        "verdict", "mode", "method", "profit_method", "unit_name", "currency", "version",
        "op", "operation", "operations", "key", "description", "comment", "text",
        # error and working-paper fields
        "code", "field", "reason", "message", "formula", "rounding", "note", "notes",
        "free_reason", "expected", "basis", "report_deadline", "recovery", "test", "cap_test", "cap_basis",
        # lifecycle (授权运营全周期)
        "registration_number", "registration_level", "dataset", "datasets", "authority", "content", "scope",
        "approvals_cover", "compensation_basis", "assets_handed_back", "complaint_channel", "suspensions",
        # a rating's partial state (Spark): the tariff digest and exact sums in 10^-9 units
        "tariff", "nano", "state", "cadence",
        # sharing: a dated revenue's month (YYYY-MM, sharing.versioned)
        "month",
    }
)

#: Suffixes that mark a textual key (``product_id``, ``party_ids``, ``name_zh``).
TEXT_SUFFIXES = ("_id", "_ids", "_name", "_names", "_code", "_zh", "_en", "_label", "_kind")

#: Keys of the engine's integer fields (years, month counts, sample counts, seeds): a
#: Python ``int`` under one of them is sent as a JSON number, not as a decimal string.
INTEGER_KEYS: FrozenSet[str] = frozenset(
    {
        "year", "first_year", "months", "life_months", "period_years", "samples", "seed", "max_records", "max_steps",
        # a rating's partial state (Spark): its format version and tariff slots
        "format", "slot",
        # counts in results (also accepted back as input where a result is read again)
        "index", "records", "records_in", "rated", "charged", "free", "rejected", "rejected_records_omitted",
        "invoices", "lines", "charged_records", "free_records", "rejections_by_reason", "products", "scenarios",
        "chargeable_pairs", "free_pairs", "pairs_with_fee", "fee_adjustments", "violations",
        # lifecycle: term years and day counts
        "term_years", "max_term_years", "days_cut", "days_in_force", "days_in_year", "suspended_days",
        "working_days", "renewals",
        "suspensions", "approvals",
    }
)

#: Keys whose whole subtree is a working paper and stays text.
PAPER_KEYS: FrozenSet[str] = frozenset({"explanation", "explanations", "working_paper"})

def join_path(prefix: str, rest: str) -> str:
    """Join field paths as the engine does: ``join_path("a", "[0]") == "a[0]"``."""
    if not prefix:
        return rest
    if not rest:
        return prefix
    return prefix + rest if rest.startswith("[") else prefix + "." + rest


def _path_label(path: str) -> str:
    return path if path else "the input"


def _float_error(value: Any, path: str) -> TypeError:
    shown = repr(float(value))
    return TypeError(
        f"{_path_label(path)}: got the float {shown}; "
        f"use Decimal('{shown}') or a string, not a float: floats are inexact"
    )


def check_items(n: int, field: str, limit: int = MAX_ITEMS) -> None:
    """Refuse a count above ``limit`` with ``LimitExceededError`` (before converting the items).

    >>> check_items(3, "parties", 2)
    Traceback (most recent call last):
    ...
    datafee._errors.LimitExceededError: parties: 3 exceeds the limit of 2
    """
    if n > limit:
        raise LimitExceededError(f"{_path_label(field)}: {n} exceeds the limit of {limit}", field=field, value=str(n))


def _check_text(s: str, path: str) -> None:
    # A lone surrogate cannot be encoded as UTF-8, so it cannot reach the engine.
    if not s.isascii():
        try:
            s.encode("utf-8")
        except UnicodeEncodeError as e:
            raise ParseError(
                f"{_path_label(path)}: text with a lone surrogate {s[e.start:e.end]!r} at character {e.start}; not valid Unicode",
                field=path,
                value=f"character {e.start}",
            ) from None


def _encode_decimal(d: Decimal, path: str) -> str:
    if not d.is_finite():
        raise MalformedDecimalError(f"{_path_label(path)}: malformed decimal {str(d)!r}", field=path, value=str(d))
    # Bound the plain form from the exponent before writing it ("1e999999999" would be a
    # billion characters): places after the point, digits before it.
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)
    places = max(0, -exponent)
    int_digits = max(1, d.adjusted() + 1)
    if places + int_digits > MAX_DECIMAL_CHARS:
        shown = str(d)
        if places > 28:
            raise OutOfRangeError(f"{_path_label(path)}: {shown} is out of range, expected at most 28 decimal places", field=path, value=shown)
        raise ArithmeticOverflowError(f"{_path_label(path)}: arithmetic overflow computing {shown}", field=path, value=shown)
    # 'f' keeps the exponent out ("1E+2" -> "100") and the scale in ("0.060" -> "0.060").
    return format(d, "f")


def _encode_int(value: int, path: str, key: Optional[str]) -> Any:
    n = int(value)  # drops subclasses (IntEnum prints its name on Python < 3.11)
    bits = n.bit_length()
    if key in INTEGER_KEYS:
        if bits > 63:
            raise OutOfRangeError(f"{_path_label(path)}: an integer of {bits} bits is out of range, expected a 64-bit integer", field=path, value=f"{bits} bits")
        return n
    if bits > 128:
        # Beyond any Decimal (96 bits); str() of a huge int is itself refused by Python.
        raise ArithmeticOverflowError(f"{_path_label(path)}: arithmetic overflow computing an integer of {bits} bits", field=path, value=f"{bits} bits")
    return str(n)


def encode_input(value: Any, path: str = "", key: Optional[str] = None, depth: int = 0) -> Any:
    """Convert a Python input into the engine's JSON form (decimals as strings).

    ``path`` is the field path of ``value`` inside the document, used in errors; ``key``
    is the key that holds it (a list element inherits the list's key).

    >>> encode_input({"tiers": [{"from": 0, "price": Decimal("0.10")}]})
    {'tiers': [{'from': '0', 'price': '0.10'}]}
    >>> encode_input({"rate": 0.06})
    Traceback (most recent call last):
    ...
    TypeError: rate: got the float 0.06; use Decimal('0.06') or a string, not a float: floats are inexact
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        _check_text(value, path)
        return value
    if isinstance(value, float):
        raise _float_error(value, path)
    if isinstance(value, Decimal):
        return _encode_decimal(value, path)
    if isinstance(value, int):
        return _encode_int(value, path, key)
    if isinstance(value, (Mapping, list, tuple)):
        if depth >= MAX_DEPTH:
            raise ParseError(
                f"{_path_label(path)}: nested deeper than {MAX_DEPTH} levels (a document that contains itself?)", field=path, value=f"depth {depth + 1}"
            )
        check_items(len(value), path)
    if isinstance(value, Mapping):
        out: Dict[str, Any] = {}
        for k, v in value.items():
            if isinstance(k, bool) or not isinstance(k, (str, int)):
                raise InvalidTypeError(f"{_path_label(path)}: keys must be strings, got {type(k).__name__} {k!r:.80}", field=path, value=type(k).__name__)
            if isinstance(k, int) and k.bit_length() > 128:
                raise ArithmeticOverflowError(f"{_path_label(path)}: a key of {k.bit_length()} bits", field=path, value=f"{k.bit_length()} bits")
            name = str(k)
            _check_text(name, path)
            out[name] = encode_input(v, join_path(path, name), name, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [encode_input(v, f"{path}[{i}]", key, depth + 1) for i, v in enumerate(value)]
    if isinstance(value, Integral) and not _is_bool_like(value):
        # numpy / pandas integers are Integral but not int.
        return encode_input(int(value), path, key, depth)
    if _is_float_like(value):
        raise _float_error(value, path)
    if _is_bool_like(value):
        return bool(value)
    raise InvalidTypeError(
        f"{_path_label(path)}: cannot send a {type(value).__name__} to the engine; use Decimal, int, str, bool, None, list or dict",
        field=path,
        value=type(value).__name__,
    )


def _is_float_like(value: Any) -> bool:
    # numpy.float32 and friends are Real but not float subclasses (numpy.float64 is one).
    return isinstance(value, Real) and "float" in type(value).__name__.lower()


def _is_bool_like(value: Any) -> bool:
    # numpy.bool_ is neither bool nor Integral.
    return type(value).__name__ in ("bool_", "bool")


def is_text_key(key: Optional[str]) -> bool:
    """Whether strings under ``key`` are identifiers or labels (kept ``str``).

    >>> is_text_key("product"), is_text_key("party_ids"), is_text_key("cap"), is_text_key(None)
    (True, True, False, False)
    """
    if key is None:
        return False
    k = key.lower()
    return k in TEXT_KEYS or k.endswith(TEXT_SUFFIXES)


def _is_paper(obj: Dict[str, Any]) -> bool:
    return "formula" in obj and "inputs" in obj


def decode_output(value: Any, key: Optional[str] = None) -> Any:
    """Convert an engine result document: decimal strings become ``Decimal``.

    ``key`` is the key that holds ``value`` (``None`` at the top). See the module
    documentation for the rule.

    >>> decode_output({"shares": [{"party": "7", "amount": "10.50"}], "ids": ["01"]})
    {'shares': [{'party': '7', 'amount': Decimal('10.50')}], 'ids': ['01']}
    >>> decode_output({"explanation": {"id": "x", "result": "2.35"}})
    {'explanation': {'id': 'x', 'result': '2.35'}}
    """
    if isinstance(value, str):
        if not is_text_key(key) and DECIMAL_PATTERN.fullmatch(value):
            return Decimal(value)
        return value
    if isinstance(value, dict):
        if _is_paper(value):
            return value
        return {k: (v if k in PAPER_KEYS else decode_output(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        items: List[Any] = [decode_output(v, key) for v in value]
        return items
    if isinstance(value, float):
        return Decimal(repr(value))
    return value
