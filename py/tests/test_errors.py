"""Errors: the hierarchy, the attributes, pickling, and no panic ever reaching Python."""

from __future__ import annotations

import copy
import pickle
from typing import Any, Dict, List, Type

import pytest

import datafee
from datafee import _datafee, _schema_keys
from datafee._errors import _BY_CODE

ALL_CLASSES: List[Type[datafee.DatafeeError]] = sorted(
    {c for c in vars(datafee).values() if isinstance(c, type) and issubclass(c, datafee.DatafeeError)},
    key=lambda c: c.__name__,
)


def core_codes() -> List[str]:
    """The codes of `Error::CODES` (generated into datafee._schema_keys from the Rust enum)."""
    return list(_schema_keys.ERROR_CODES)


def test_every_core_code_has_its_class() -> None:
    codes = core_codes()
    assert len(codes) >= 21, codes
    for code in codes:
        cls = datafee.error_class(code)
        assert cls.default_code == code, (code, cls)
        if code == "internal":
            assert cls is datafee.InternalError and not issubclass(cls, ValueError)
            continue
        assert issubclass(cls, datafee.InvalidInputError) and issubclass(cls, ValueError)
    assert set(_BY_CODE) == set(codes), set(_BY_CODE) ^ set(codes)


def test_hierarchy() -> None:
    assert issubclass(datafee.DatafeeError, Exception)
    assert not issubclass(datafee.DatafeeError, ValueError)
    assert not issubclass(datafee.InternalError, ValueError)
    for cls in (datafee.TierGapError, datafee.TierOverlapError, datafee.TierOrderError):
        assert issubclass(cls, datafee.TierError) and issubclass(cls, ValueError)
    for cls in ALL_CLASSES:
        assert cls.__doc__, cls
        assert cls.__module__ == "datafee._errors"


def test_unknown_code_is_still_a_value_error() -> None:
    e = datafee._errors._from_core("brand_new", "x.y", "1", "x.y: something new")
    assert type(e) is datafee.InvalidInputError and isinstance(e, ValueError)
    assert (e.code, e.field, e.value, str(e)) == ("brand_new", "x.y", "1", "x.y: something new")


def test_engine_error_attributes() -> None:
    with pytest.raises(ValueError) as info:
        datafee.call("money.round", {"value": "1,5"})
    e = info.value
    assert type(e) is datafee.MalformedDecimalError
    assert isinstance(e, datafee.DatafeeError) and isinstance(e, datafee.InvalidInputError)
    assert (e.code, e.field, e.value) == ("malformed_decimal", "value", "1,5")
    assert str(e) == e.message == 'value: malformed decimal "1,5"'
    assert e.args == (e.message,)
    assert "MalformedDecimalError(" in repr(e) and "field='value'" in repr(e)


@pytest.mark.parametrize(
    "op, doc, cls, field",
    [
        ("money.round", {"value": "1", "rounding": {"unit": "0"}}, datafee.OutOfRangeError, "rounding.unit"),
        ("money.round", {"value": "1", "extra": "1"}, datafee.ParseError, "extra"),
        ("money.round", {"value": "99999999999999999999999999999999"}, datafee.ArithmeticOverflowError, "value"),
        ("money.nope", {}, datafee.UnknownOperationError, "op"),
        ("", {}, datafee.UnknownOperationError, "op"),
    ],
)
def test_engine_errors_map_to_classes(op: str, doc: Dict[str, Any], cls: Type[Exception], field: str) -> None:
    with pytest.raises(cls) as info:
        datafee.call(op, doc)
    assert isinstance(info.value, ValueError)
    assert getattr(info.value, "field") == field


def test_native_call_raises_the_same_classes() -> None:
    with pytest.raises(datafee.DecimalNotStringError) as info:
        _datafee.call("money.round", '{"value": 1.5}')
    assert (info.value.code, info.value.field, info.value.value) == ("decimal_not_string", "value", "1.5")
    with pytest.raises(datafee.ParseError):
        _datafee.call("money.round", "{not json")
    with pytest.raises(datafee.ParseError):
        _datafee.call("money.round", '{"value": "1"} trailing')


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_every_class_pickles(cls: Type[datafee.DatafeeError]) -> None:
    e = cls("a.b: message", field="a.b", value="v")
    e.add_note("a note") if hasattr(e, "add_note") else None
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(e, protocol=protocol))
        assert type(again) is cls
        assert (again.code, again.field, again.value, again.message, str(again)) == (
            cls.default_code,
            "a.b",
            "v",
            "a.b: message",
            "a.b: message",
        )
        assert getattr(again, "__notes__", None) == getattr(e, "__notes__", None)
    assert copy.deepcopy(e).field == "a.b"


def test_raised_error_pickles() -> None:
    with pytest.raises(datafee.DatafeeError) as info:
        datafee.call("money.round", {"value": "x"})
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is datafee.MalformedDecimalError
    assert (again.code, again.field, again.value) == ("malformed_decimal", "value", "x")


def test_panic_becomes_internal_error() -> None:
    with pytest.raises(datafee.InternalError) as info:
        _datafee._selftest_panic()
    e = info.value
    assert e.code == "internal" and not isinstance(e, ValueError)
    assert "selftest panic" in str(e) and "please report" in str(e)
    # the module is still usable afterwards
    assert datafee.call("money.round", {"value": "1.005"})["result"] == datafee.call("money.round", {"value": "1.01"})["result"]


NASTY: List[Any] = [
    "",
    " ",
    "null",
    "[]",
    "1",
    '"x"',
    "{" * 10_000,
    "[" * 200 + "]" * 200,
    '{"value": "' + "9" * 10_000 + '"}',
    '{"value": "0.' + "1" * 100 + '"}',
    '{"value": "-0"}',
    '{"value": "1", "rounding": {"unit": "0.0000000000000000000000000001"}}',
    '{"value": "79228162514264337593543950335", "rounding": {"unit": "0.3"}}',
    '{"value": "-79228162514264337593543950335", "rounding": {"unit": "7", "mode": "ceil"}}',
    '{"value": "1", "rounding": {"unit": "79228162514264337593543950335"}}',
    '{"value": "1", "rounding": {"unit": "0.5", "mode": "bogus"}}',
    '{"value": "\\ud800"}',
    '{"value": "１"}',
    '{"value": 1e400}',
    '{"value": 18446744073709551616}',
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_no_panic_reaches_python(text: str) -> None:
    # Either a result or a refusal: never a PanicException (a BaseException) nor a crash.
    try:
        out = _datafee.call("money.round", text)
    except datafee.InvalidInputError:
        return
    assert isinstance(out, str)


def test_surrogates_in_op_or_input() -> None:
    # A lone surrogate is a typed refusal naming the argument (issue 15 item 7), not UnicodeEncodeError.
    with pytest.raises(datafee.ParseError) as info:
        _datafee.call("money.round", '{"value": "\ud800"}')
    assert (info.value.field, info.value.value) == ("input_json", "character 11")
    with pytest.raises(datafee.ParseError) as info:
        datafee.call("money.\ud800", {})
    assert info.value.field == "op"
    with pytest.raises(datafee.ParseError) as info:
        datafee.call("money.round", {"value": "\ud800"})
    assert info.value.field == "value"
