"""The Python conversion layer fuzzed with Hypothesis (issue 15, "fuzzing at depth").

Arbitrary nested JSON-like values (``Decimal`` of any exponent, NaN and infinities, ints of
any size, floats, strings with lone surrogates, bytes, sets, objects, deep nesting, keys of
every type) go through :func:`datafee._convert.encode_input`, :func:`datafee.call` and the
binding's list path of :func:`datafee.split`. Each either answers or raises a typed
``DatafeeError`` (or the documented ``TypeError`` for a float, or for a container where a
number belongs); never another exception, a ``RecursionError`` or an ``InternalError``.

Hypothesis is optional (``pip install hypothesis``): without it the module is skipped.
``DATAFEE_FUZZ_EXAMPLES=100000`` runs a long campaign.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any, Callable

import pytest

import datafee
from datafee._convert import encode_input

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Text with every code point class, lone surrogates (category Cs) included.
TEXT = st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Z", "C", "M", "Cs"]), max_size=12)

DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(lambda m, e: Decimal(f"{m}E{e}"), st.integers(-(10**40), 10**40), st.integers(-(10**9), 10**9)),
    st.sampled_from([Decimal("1e999999999"), Decimal("-1e-999999999"), Decimal("9e999999999999999999"), Decimal("-0"), Decimal("sNaN")]),
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**300), max_value=2**300),
    st.floats(allow_nan=True),
    DECIMALS,
    TEXT,
    st.binary(max_size=8),
    st.builds(bytearray, st.binary(max_size=4)),
    st.frozensets(st.integers(), max_size=3),
    st.builds(object),
)

KEYS = st.one_of(TEXT, st.integers(), st.integers(min_value=2**128, max_value=2**200), st.binary(max_size=4), st.none(), st.booleans(), st.decimals(allow_nan=False))

VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.tuples(inner, inner), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=30,
)


def nested(depth: int, leaf: Any) -> Any:
    """``leaf`` inside ``depth`` levels of alternating lists and dicts."""
    out = leaf
    for i in range(depth):
        out = [out] if i % 2 else {"a": out}
    return out


DEEP = st.builds(nested, st.integers(0, 400), SCALARS)

#: The ``TypeError`` messages the package documents (floats; a container or a non-list where
#: a number or a list of weights belongs).
DOCUMENTED_TYPE_ERRORS = ("got the float", "expected a Decimal, an int or a decimal str", "weights are a dict id -> weight or a list")


def typed(f: Callable[[], Any]) -> None:
    """``f`` answers, or raises a typed refusal; anything else fails the test."""
    try:
        f()
    except datafee.DatafeeError as e:
        assert e.code != "internal", e
        assert isinstance(e.code, str) and isinstance(e.field, str) and isinstance(e.value, str)
    except TypeError as e:
        assert any(m in str(e) for m in DOCUMENTED_TYPE_ERRORS), repr(e)


#: Examples per test: 300 in the test command; DATAFEE_FUZZ_EXAMPLES=100000 for a long campaign.
FUZZ = settings(max_examples=int(os.environ.get("DATAFEE_FUZZ_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.one_of(VALUES, DEEP))
def test_encode_input_is_typed(value: Any) -> None:
    typed(lambda: encode_input({"value": value}))


@FUZZ
@given(st.one_of(VALUES, DEEP))
def test_call_is_typed(value: Any) -> None:
    typed(lambda: datafee.call("money.round", {"value": value}))
    typed(lambda: datafee.call("money.round", {"value": "1", "rounding": value}))
    typed(lambda: datafee.call("sharing.split", {"amount": "1.00", "parties": value}))


@FUZZ
@given(st.one_of(st.lists(VALUES, min_size=1, max_size=6), st.dictionaries(KEYS, VALUES, min_size=1, max_size=6), st.tuples(VALUES, VALUES)), VALUES)
def test_split_list_path_is_typed(weights: Any, maximum: Any) -> None:
    typed(lambda: datafee.split("1.00", weights))
    if isinstance(weights, dict):
        typed(lambda: datafee.split("1.00", weights, maximums={next(iter(weights)): maximum}))


@FUZZ
@given(st.lists(st.one_of(st.integers(0, 10**30), st.decimals(min_value=0, max_value=10**20, allow_nan=False, allow_infinity=False, places=6), st.integers(0, 999).map(str)), min_size=1, max_size=30))
def test_split_list_path_adds_up(weights: Any) -> None:
    try:
        s = datafee.split("1234.56", weights)
    except datafee.DatafeeError as e:
        assert e.code in ("all_zero_weights", "overflow", "out_of_range"), e
        return
    assert sum(s.shares.values()) == Decimal("1234.56")
    assert list(s.shares) == [str(i) for i in range(len(weights))]
