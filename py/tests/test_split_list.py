"""The binding's list path of ``datafee.split`` (issue 15 item 5) gives what the JSON path gives.

``datafee.split`` reads a list, tuple or dict of weights in one pass in the binding
(``_datafee.split_list``); the engine's ``sharing.split`` operation on the same parties, as
the wrapper built them before, is the reference: the same shares, working paper, table and
refusals (class, code, field) for every form.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any, Dict, List, Optional

import pytest

import datafee
from datafee._engine import call_op
from datafee._sharing import Split, _weights, _with_maximums


def reference(amount: str, weights: Any, rounding: Optional[str] = None, maximums: Optional[Dict[str, Any]] = None) -> Split:
    """The JSON path: one dict per party, the document through ``sharing.split``."""
    parties = _with_maximums(_weights(weights), maximums)
    document: Dict[str, Any] = {"amount": amount, "parties": parties}
    r = None if rounding is None else {"unit": rounding}
    if r is not None:
        document["rounding"] = r
    return Split(call_op("sharing.split", document), parties, r)


def outcome(f: Any) -> Any:
    try:
        s = f()
    except (datafee.DatafeeError, TypeError) as e:
        return (type(e).__name__, getattr(e, "code", None), getattr(e, "field", None))
    return (s.raw, s.shares, repr(s))


def forms(rng: random.Random) -> List[Any]:
    n = rng.randint(1, 200)
    ws: List[Any] = [
        rng.choice([str(rng.randint(0, 1000)), rng.randint(0, 50), Decimal(rng.randint(0, 10**6)) / Decimal(10 ** rng.randint(0, 8)), Decimal("1E+2")])
        for _ in range(n)
    ]
    ws[0] = "1"
    return [
        ws,
        tuple(ws),
        [(f"id{rng.randint(0, 10**6)}-{i}", w) for i, w in enumerate(ws)],
        {f"k{i}": w for i, w in enumerate(ws)},
        [{"id": f"d{i}", "weight": w} for i, w in enumerate(ws)],
        [{"id": f"d{i}", "weight": w, "max": None} for i, w in enumerate(ws)],
    ]


@pytest.mark.parametrize("seed", range(20))
def test_every_form_matches_the_json_path(seed: int) -> None:
    rng = random.Random(seed)
    amount = rng.choice(["100.00", "-3.07", "123456789.01", "0.05"])
    rounding = rng.choice([None, "0.01", "0.1", "1"])
    for weights in forms(rng):
        assert outcome(lambda: datafee.split(amount, weights, rounding)) == outcome(lambda: reference(amount, weights, rounding))


def test_maximums_match_the_json_path() -> None:
    weights = {"a": 1, "b": 3, "c": "2"}
    for maximums in ({"b": "30.00"}, {"b": "30.00", "c": Decimal("5")}, {"zz": "1.00"}, {"a": "-1"}, {"a": "0.001"}):
        assert outcome(lambda: datafee.split("100.00", weights, maximums=maximums)) == outcome(lambda: reference("100.00", weights, maximums=maximums))


@pytest.mark.parametrize(
    "weights",
    [
        ["abc"], ["-1"], ["1e5"], [" 1"], ["1" * 40], ["0." + "1" * 29], [Decimal("NaN")], [Decimal("1e999999999")],
        [0.5], [True], [None], [b"1"], [[1]], [("a", 1), ("a", 2)], [{"id": "a"}], [{"id": "a", "weight": "1", "bogus": 1}],
        [{"id": 5, "weight": "1"}], [{"id": "a", "weight": "1", "max": "-1"}], [2**200], {"a": 0.5}, ["0", "0"],
    ],
)
def test_refusals_match_the_json_path(weights: Any) -> None:
    assert outcome(lambda: datafee.split("1.00", weights)) == outcome(lambda: reference("1.00", weights))


def test_a_lone_surrogate_is_a_parse_error_naming_the_party() -> None:
    for weights in (["\ud800"], [("\ud800", "1")], {"\ud800": "1"}, [{"id": "\ud800", "weight": "1"}]):
        with pytest.raises(datafee.ParseError) as e:
            datafee.split("1.00", weights)
        assert e.value.field in ("weights[0]", "parties[0].id"), (weights, e.value.field)


def test_table_and_raw_of_the_list_path() -> None:
    s = datafee.split("10.00", [("a", 1), ("b", "2")], maximums={"b": "5.00"})
    assert [r["max"] for r in s.table.rows] == [None, Decimal("5.00")]
    assert list(s.raw) == ["amount", "shares", "explanation"]
    assert s["b"] == Decimal("5.00") and s.amount == Decimal("10.00")
