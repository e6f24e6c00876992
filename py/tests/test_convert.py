"""The output rule: which strings become Decimal (see datafee._convert)."""

from __future__ import annotations

from decimal import Decimal

from datafee import decode_output, encode_input, is_text_key
from datafee._convert import DECIMAL_PATTERN, join_path


def test_decimal_pattern_is_the_engines() -> None:
    for ok in ("0", "-1", "+2.50", "007", "79228162514264337593543950335", "0.0000000000000000000000000001"):
        assert DECIMAL_PATTERN.fullmatch(ok), ok
    for bad in ("", "-", ".5", "5.", "1e3", "1E3", "1,5", " 1", "1 ", "1_000", "NaN", "inf", "0x10", "١", "1.2.3"):
        assert not DECIMAL_PATTERN.fullmatch(bad), bad


def test_text_keys() -> None:
    for k in ("id", "product", "scenario", "party", "name", "code", "field", "title", "formula",
              "product_id", "party_ids", "name_zh", "scenarios", "Name"):
        assert is_text_key(k), k
    for k in (None, "result", "value", "amount", "cap", "unit", "mpr", "weight", "share", "identity"):
        assert not is_text_key(k), k


def test_decode_output_rule() -> None:
    doc = {
        "result": "2.35",
        "year": 2026,
        "product": "2026",
        "scenario": "01",
        "name": "1",
        "party_id": "42",
        "mode": "floor",
        "unit": "calls",
        "rounding_rule": {"unit": "0.01", "mode": "half_up"},
        "caps": {"p1": "0.10", "2026": "3"},
        "weights": ["0.5", "0.50", "-1"],
        "products": ["2026", "x"],
        "free": None,
        "ok": True,
        "label": "x",
        "note": "12",
        "explanation": {"id": "cap.1", "result": "0.10", "inputs": [{"name": "RR", "value": "1000"}]},
        "explanations": [{"id": "7", "result": "1"}],
        "nested": [{"id": "9", "formula": "a+b", "inputs": [], "result": "3"}],
        "text": "1e3",
    }
    out = decode_output(doc)
    assert out == {
        "result": Decimal("2.35"),
        "year": 2026,
        "product": "2026",
        "scenario": "01",
        "name": "1",
        "party_id": "42",
        "mode": "floor",
        "unit": "calls",
        "rounding_rule": {"unit": Decimal("0.01"), "mode": "half_up"},
        "caps": {"p1": Decimal("0.10"), "2026": Decimal("3")},
        "weights": [Decimal("0.5"), Decimal("0.50"), Decimal("-1")],
        "products": ["2026", "x"],
        "free": None,
        "ok": True,
        "label": "x",
        "note": "12",
        "explanation": {"id": "cap.1", "result": "0.10", "inputs": [{"name": "RR", "value": "1000"}]},
        "explanations": [{"id": "7", "result": "1"}],
        "nested": [{"id": "9", "formula": "a+b", "inputs": [], "result": "3"}],
        "text": "1e3",
    }
    assert str(out["weights"][1]) == "0.50"  # scale kept
    assert type(out["year"]) is int and type(out["product"]) is str
    assert decode_output("1.5") == Decimal("1.5") and decode_output(["1"], "ids") == ["1"]
    assert decode_output(1.25) == Decimal("1.25") and type(decode_output(3)) is int


def test_encode_decimal_forms() -> None:
    assert encode_input(Decimal("1E+2")) == "100"
    assert encode_input(Decimal("-0")) == "-0"
    assert encode_input(Decimal("0.060")) == "0.060"
    assert encode_input(Decimal("1E-30")) == "0." + "0" * 29 + "1"
    assert encode_input((1, Decimal(2))) == ["1", "2"]
    assert encode_input({2026: "x"}) == {"2026": "x"}
    from collections import OrderedDict
    from types import MappingProxyType

    assert encode_input(MappingProxyType({"a": OrderedDict(b=1)})) == {"a": {"b": "1"}}


def test_join_path() -> None:
    assert join_path("", "a") == "a" and join_path("a", "") == "a"
    assert join_path("a", "[0]") == "a[0]" and join_path("a", "b") == "a.b"
