"""The public Python API: conversion of inputs and outputs, operations, version, wheel."""

from __future__ import annotations

import json
import sysconfig
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

import datafee
from conftest import REPO


def rnd(value: Any, **rounding: Any) -> Any:
    doc: Dict[str, Any] = {"value": value}
    if rounding:
        doc["rounding"] = rounding
    return datafee.call("money.round", doc)["result"]


def test_installed_wheel_is_tested() -> None:
    # The package under test is the installed wheel, not the source tree.
    here = Path(datafee.__file__).resolve()
    assert REPO / "py" / "python" not in here.parents, here
    assert Path(sysconfig.get_paths()["purelib"]).resolve() in here.parents or "site-packages" in here.parts


def test_version_and_operations() -> None:
    import importlib.metadata

    assert datafee.__version__ == importlib.metadata.version("datafee")
    ops = datafee.operations()
    assert "money.round" in ops
    assert ops == sorted(ops) and len(set(ops)) == len(ops)
    assert all(isinstance(o, str) and "." in o for o in ops)


def test_decimal_int_and_str_inputs() -> None:
    assert rnd(Decimal("2.345")) == Decimal("2.35")
    assert rnd("2.345") == Decimal("2.35")
    assert rnd(7) == Decimal("7")
    assert rnd(-7, unit=Decimal("5"), mode="floor") == Decimal("-10")
    assert rnd(10**20 + 1, unit="1000") == Decimal("100000000000000000000")
    # exponent notation is written out in full, the scale is kept
    assert rnd(Decimal("1E+2")) == Decimal("100")
    assert rnd(Decimal("2.3450000")) == Decimal("2.35")
    assert str(rnd(Decimal("2.30"))) == "2.30"
    assert str(rnd(Decimal("2.30000"), unit=Decimal("0.001"))) == "2.300"


def test_result_types() -> None:
    out = datafee.call("money.round", {"value": "0.149", "rounding": {"unit": "0.05", "mode": "floor"}})
    assert out == {"result": Decimal("0.10")}
    assert str(out["result"]) == "0.10"  # the engine's scale, not a float's
    assert type(out["result"]) is Decimal


@pytest.mark.parametrize(
    "doc, path",
    [
        ({"value": 0.06}, "value"),
        ({"value": "1", "rounding": {"unit": 0.05}}, "rounding.unit"),
        ({"value": "1", "list": [Decimal(1), 1.5]}, "list[1]"),
        ({"value": "1", "deep": {"a": [{"b": [float("nan")]}]}}, "deep.a[0].b[0]"),
    ],
)
def test_float_refused_with_path_and_hint(doc: Dict[str, Any], path: str) -> None:
    with pytest.raises(TypeError) as info:
        datafee.call("money.round", doc)
    msg = str(info.value)
    assert msg.startswith(path + ": got the float"), msg
    assert "use Decimal(" in msg and "not a float: floats are inexact" in msg
    assert not isinstance(info.value, datafee.DatafeeError)


def test_float_hint_example() -> None:
    with pytest.raises(TypeError, match=r"use Decimal\('0\.06'\) or a string, not a float: floats are inexact"):
        datafee.call("money.round", {"value": 0.06})


def test_bool_is_not_an_int() -> None:
    assert datafee.encode_input({"a": True, "b": [False], "c": None}) == {"a": True, "b": [False], "c": None}
    # a bool where a decimal is required is refused by the engine, not turned into "1"
    with pytest.raises(datafee.ParseError) as info:
        datafee.call("money.round", {"value": True})
    assert info.value.field == "value"


def test_integer_keys_stay_numbers() -> None:
    assert datafee.encode_input({"year": 2026, "years": [2026], "volume": 3}) == {
        "year": 2026,
        "years": ["2026"],
        "volume": "3",
    }
    assert datafee.encode_input({"rows": [{"year": 2025, "months": 12, "cost": 5}]}) == {
        "rows": [{"year": 2025, "months": 12, "cost": "5"}]
    }


def test_int_subclasses() -> None:
    import enum

    class Level(enum.IntEnum):
        HIGH = 3

    assert datafee.encode_input({"v": Level.HIGH, "year": Level.HIGH}) == {"v": "3", "year": 3}
    assert type(datafee.encode_input({"year": Level.HIGH})["year"]) is int


def test_other_types_refused() -> None:
    for bad in (object(), {1, 2}, b"1", 1j):
        with pytest.raises(TypeError, match=r"^value: cannot send a"):
            datafee.call("money.round", {"value": bad})
    with pytest.raises(TypeError, match="keys must be strings"):
        datafee.call("money.round", {"value": "1", "rounding": {(1, 2): "x"}})
    with pytest.raises(TypeError, match="^the input: got the float"):
        datafee.encode_input(1.0)


def test_non_finite_decimal_refused() -> None:
    for bad in ("NaN", "Infinity", "-Infinity", "sNaN"):
        with pytest.raises(datafee.MalformedDecimalError) as info:
            datafee.call("money.round", {"value": Decimal(bad)})
        assert info.value.field == "value"


def test_numpy_scalars() -> None:
    np = pytest.importorskip("numpy")
    assert datafee.encode_input({"v": np.int64(5), "year": np.int32(2026), "b": np.bool_(True)}) == {
        "v": "5",
        "year": 2026,
        "b": True,
    }
    for f in (np.float64(0.5), np.float32(0.5)):
        with pytest.raises(TypeError, match=r"^v: got the float 0\.5"):
            datafee.encode_input({"v": f})


def test_input_mapping_is_not_modified() -> None:
    doc: Dict[str, Any] = {"value": Decimal("2.345"), "rounding": {"unit": 1}}
    before = repr(doc)
    datafee.call("money.round", doc)
    assert repr(doc) == before


def test_call_json_is_raw() -> None:
    assert datafee.call_json("money.round", '{"value":"2.345"}') == '{"result":"2.35"}'
    # whitespace, unicode and key order in the input do not matter
    assert json.loads(datafee.call_json("money.round", ' { "rounding" : {"mode":"ceil","unit":"1"}, "value":"0.1" } ')) == {
        "result": "1"
    }


def test_no_input_means_empty_object() -> None:
    with pytest.raises(datafee.ParseError) as info:
        datafee.call("money.round")
    assert info.value.code == "parse"


def test_threads_share_the_engine() -> None:
    # The GIL is released around the engine; concurrent calls must not interfere.
    results: List[Any] = []
    errors: List[BaseException] = []

    def work(i: int) -> None:
        try:
            for j in range(200):
                got = datafee.call("money.round", {"value": Decimal(i * 1000 + j) / 1000})
                results.append((i * 1000 + j, got["result"]))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 800
    for n, r in results:
        assert r == (Decimal(n) / 1000).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
