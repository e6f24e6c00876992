"""The sharing wrappers against the engine's sharing.* operations on the same input."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Dict

import pytest

import datafee
from datafee._sharing import Number
from conftest import REPO

SHARING = REPO / "examples" / "city" / "credit_sharing.json"


@pytest.fixture(scope="module")
def agreements() -> Dict[str, Any]:
    data: Dict[str, Any] = json.loads(SHARING.read_text(encoding="utf-8"), parse_float=Decimal)
    return data


def test_split_forms(agreements: Dict[str, Any]) -> None:
    expected = datafee.call("sharing.split", {"amount": "100.00", "parties": [{"id": "a", "weight": "1"}, {"id": "b", "weight": "2", "max": "60.00"}]})
    for weights in ({"a": 1, "b": Decimal(2)}, [("a", 1), ("b", "2")], [{"id": "a", "weight": 1}, {"id": "b", "weight": 2}]):
        s = datafee.split(Decimal("100.00"), weights, maximums={"b": "60.00"})
        assert s.raw == expected
        assert s.shares == {x["id"]: x["share"] for x in expected["shares"]} and s["b"] == s.shares["b"]
        assert sum(s.shares.values()) == s.amount == Decimal("100.00")
    by_position = datafee.split(10, [1, 1, 1], rounding="1")
    assert by_position.raw == datafee.call("sharing.split", {"amount": 10, "parties": [{"id": str(i), "weight": 1} for i in range(3)], "rounding": {"unit": "1"}})
    floor = datafee.split("1.00", {"a": 1, "b": 2}, rounding={"unit": "0.01", "mode": "floor"})
    assert floor.raw == datafee.call("sharing.split", {"amount": "1.00", "parties": [{"id": "a", "weight": 1}, {"id": "b", "weight": 2}], "rounding": {"unit": "0.01", "mode": "floor"}})
    frame = datafee.split(Decimal("100.00"), {"a": 1, "b": 2}, maximums={"b": "60.00"}).to_pandas()
    assert list(frame.columns) == ["id", "weight", "max", "share"]
    assert frame["share"].tolist() == [Decimal("40.00"), Decimal("60.00")] and frame["max"].tolist() == [None, Decimal("60.00")]
    assert "Split of 100.00 (rounding half-up to 0.01)" in repr(s) and "<table" in s._repr_html_()


def test_split_refusals() -> None:
    with pytest.raises(TypeError, match=r"weights\['a'\]: got the float 0.5; use Decimal\('0.5'\)"):
        datafee.split(1, {"a": 0.5})
    with pytest.raises(TypeError, match="amount: got the float"):
        datafee.split(1.0, {"a": 1})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"maximums\['a'\]: got the float"):
        datafee.split(1, {"a": 1}, maximums={"a": 0.5})  # type: ignore[dict-item]
    with pytest.raises(datafee.UnknownIdError):
        datafee.split(1, {"a": 1}, maximums={"z": 1})
    with pytest.raises(datafee.AllZeroWeightsError):
        datafee.split(1, {"a": 0, "b": 0})


def test_shapley_exact_and_sampled(agreements: Dict[str, Any]) -> None:
    game = agreements["shapley"]["method"]["shapley"]["game"]
    exact = datafee.shapley(game)
    assert exact.raw == datafee.call("sharing.shapley", {"game": game, "method": "exact"})
    assert exact.method == "exact" and exact.samples is None and exact.rounded is None
    assert sum(exact.values.values()) == exact.grand_coalition
    frame = exact.to_pandas()
    assert list(frame.columns) == ["id", "value", "std_error"] and frame["std_error"].isna().all()
    assert frame["value"].tolist() == [v["value"] for v in exact.raw["values"]]
    method = {"sampled": {"samples": 2000, "seed": 7}}
    sampled = datafee.shapley(game, method, rounding="0.01")
    assert sampled.raw == datafee.call("sharing.shapley", {"game": game, "method": method, "rounding": {"unit": "0.01"}})
    assert sampled.samples == 2000 and sampled.seed == 7 and sampled.rounded is not None
    assert sum(sampled.rounded.values()) == sampled.grand_coalition
    assert list(sampled.to_pandas().columns) == ["id", "value", "std_error", "rounded"]
    assert all(isinstance(x, Decimal) for x in sampled.table.column("std_error"))
    assert "sampled, 2000 permutations, seed 7" in repr(sampled)
    with pytest.raises(TypeError, match=r"game.dividends.dividends\[0\].dividend: got the float"):
        datafee.shapley({"dividends": {"players": ["a"], "dividends": [{"coalition": ["a"], "dividend": 1.5}]}})


def test_airport() -> None:
    costs: Dict[str, Number] = {"a": 10, "b": Decimal("20"), "c": "30"}
    a = datafee.airport(costs, rounding="0.01")
    assert a.raw == datafee.call("sharing.airport", {"costs": [{"id": "a", "cost": 10}, {"id": "b", "cost": 20}, {"id": "c", "cost": 30}], "rounding": {"unit": "0.01"}})
    assert a.total == Decimal("30") and sum(a.rounded.values()) == a.total
    assert a.table.column("cost") == [Decimal(10), Decimal(20), Decimal(30)]
    assert list(a.to_pandas().columns) == ["id", "cost", "share", "rounded"]
    assert datafee.airport([{"id": "a", "cost": 10}]).raw == datafee.call("sharing.airport", {"costs": [{"id": "a", "cost": 10}]})
    with pytest.raises(TypeError, match=r"costs\['a'\]: got the float"):
        datafee.airport({"a": 1.0})  # type: ignore[arg-type]


def test_contribution(agreements: Dict[str, Any]) -> None:
    spec = agreements["contribution"]["method"]["contribution"]
    c = datafee.contribution(spec["indicators"], spec["parties"])
    assert c.raw == datafee.call("sharing.contribution", spec)
    assert c.ranking == c.raw["ranking"] and sum(c.weights.values()) == Decimal(1)
    first = spec["parties"][0]
    assert c.table[0]["id"] == first["id"] and all(f"normalised:{k}" in c.table.columns for k in first["values"])
    # the dict forms give the same evaluation
    indicators = {i["id"]: {k: v for k, v in i.items() if k != "id"} for i in spec["indicators"]}
    parties = {p["id"]: p["values"] for p in spec["parties"]}
    assert datafee.contribution(indicators, parties).raw == c.raw
    assert "ranking" in repr(c) and c.to_pandas().shape[0] == len(spec["parties"])
    with pytest.raises(TypeError, match=r"parties\['x'\]\['q'\]: got the float"):
        datafee.contribution({"q": 1}, {"x": {"q": 0.5}})  # type: ignore[arg-type]


def test_waterfall(agreements: Dict[str, Any]) -> None:
    for method in ("shapley", "contribution"):
        w = datafee.waterfall(agreements[method], Decimal("300000.00"))
        expected = datafee.call("sharing.waterfall", {"agreement": agreements[method], "revenue": "300000.00"})
        assert w.raw == expected
        assert w.after_tax == expected["after_tax"] and sum(w.totals.values()) == w.after_tax
        assert w.parties.column("total") == [p["total"] for p in expected["parties"]]
        assert w.non_tax_revenue == sum(p["total"] for p in expected["parties"] if p["non_tax_revenue"])
        frame = w.to_pandas()
        assert list(frame.columns) == list(datafee.Waterfall.PARTY_COLUMNS)
        assert len(w.explanations) == len(expected["explanations"]) and w.explanation == w.explanations[-1]
        assert f"Waterfall of {w.product}" in repr(w)
    shapley = datafee.waterfall(agreements["shapley"], "300000.00")
    assert shapley.shapley is not None and shapley.contribution is None
    assert shapley.shapley.values == {v["id"]: v["value"] for v in shapley.raw["method_detail"]["shapley"]["values"]}
    contribution = datafee.waterfall(agreements["contribution"], "300000.00")
    assert contribution.contribution is not None and contribution.shapley is None
    with pytest.raises(TypeError, match="revenue: got the float"):
        datafee.waterfall(agreements["shapley"], 300000.0)  # type: ignore[arg-type]
