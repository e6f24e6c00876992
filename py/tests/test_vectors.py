"""Golden vectors: every tests/vectors/*.json case, through the installed wheel.

The matching rule is the one of core/tests/vectors.rs: ``expected`` is a recursive subset
of the result (every key it names must be present and equal; arrays element by element
with equal length); ``error`` is a subset of ``{"code", "field", "value"}`` of the raised
error. Cases go through :func:`datafee.call_json` on JSON text, so the digits compared
are exactly the engine's.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, List, Tuple

import pytest

import datafee
from conftest import VECTORS


def subset(expected: Any, actual: Any, path: str = "") -> None:
    """Raise AssertionError unless ``expected`` is a recursive subset of ``actual``."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for k, ev in expected.items():
            assert k in actual, f"{path}.{k}: missing in result"
            subset(ev, actual[k], f"{path}.{k}")
    elif isinstance(expected, list) and isinstance(actual, list):
        assert len(expected) == len(actual), f"{path}: expected {len(expected)} items, got {len(actual)}"
        for i, (ev, av) in enumerate(zip(expected, actual)):
            subset(ev, av, f"{path}[{i}]")
    else:
        # JSON equality: 1, 1.0 and true are three different values (as in serde_json).
        same = type(expected) is type(actual) and expected == actual
        assert same, f"{path}: expected {json.dumps(expected)}, got {json.dumps(actual)}"


def load_cases() -> List[Tuple[str, Any]]:
    files = sorted(VECTORS.glob("*.json"))
    cases = []
    for f in files:
        doc = json.loads(f.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            cases.append((f"{f.name}: {case.get('name', '?')}", case))
    return cases


CASES = load_cases()


def test_vectors_found() -> None:
    assert VECTORS.is_dir(), VECTORS
    assert len(CASES) >= 7


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_vector(case: Any) -> None:
    has_expected, has_error = "expected" in case, "error" in case
    assert has_expected != has_error, "case needs exactly one of expected / error"
    text = json.dumps(case["input"], ensure_ascii=False)
    if has_expected:
        got = json.loads(datafee.call_json(case["op"], text))
        subset(case["expected"], got)
    else:
        with pytest.raises(datafee.DatafeeError) as info:
            datafee.call_json(case["op"], text)
        e = info.value
        subset(case["error"], {"code": e.code, "field": e.field, "value": e.value}, "error")
        assert type(e) is datafee.error_class(e.code)


def test_subset_rule() -> None:
    subset({"a": {"b": "1"}}, {"a": {"b": "1", "c": "2"}, "d": 3})
    for exp, act in [({"a": "1"}, {}), ([1], [1, 2]), ({"a": 1}, {"a": 1.0}), ({"a": 1}, {"a": True}), ("1.0", "1.00")]:
        with pytest.raises(AssertionError):
            subset(exp, act)


def test_same_result_through_the_dict_layer() -> None:
    # Every successful vector gives the same digits through datafee.call.
    for name, case in CASES:
        if "expected" in case:
            raw = json.loads(datafee.call_json(case["op"], json.dumps(case["input"])))
            via_dict = datafee.call(case["op"], case["input"]) if _no_floats(case["input"]) else None
            if via_dict is not None:
                # Decimals in plain notation, as the engine writes them (str() would give 1E-28)
                plain = json.dumps(via_dict, default=lambda d: format(d, "f") if isinstance(d, Decimal) else str(d))
                assert json.loads(plain) == raw, name


def _no_floats(v: Any) -> bool:
    if isinstance(v, float):
        return False
    if isinstance(v, dict):
        return all(_no_floats(x) for x in v.values())
    if isinstance(v, list):
        return all(_no_floats(x) for x in v)
    return True


def test_repo_layout() -> None:
    assert isinstance(VECTORS, Path) and (VECTORS.parent.parent / "core").is_dir()
