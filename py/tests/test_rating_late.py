"""Late records (datafee.rate_late, ``rating.late``): the wrapper against the operation, state
round trips, typed errors. The figures come from tests/vectors/rating_late.json (worked there
by hand) or from the engine itself."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import datafee

from conftest import VECTORS


def late_cases() -> List[Dict[str, Any]]:
    doc = json.loads((VECTORS / "rating_late.json").read_text(encoding="utf-8"))
    cases: List[Dict[str, Any]] = doc["cases"]
    return cases


@pytest.fixture(scope="module")
def tariff() -> Dict[str, Any]:
    t: Dict[str, Any] = late_cases()[0]["input"]["tariff"]
    return t


def rec(i: str, customer: str, product: str, q: Any, day: int) -> Dict[str, Any]:
    return {"id": i, "customer": customer, "product": product, "scenario": "fin", "quantity": q, "time": f"2025-01-{day:02d}"}


@pytest.mark.parametrize("case", [c for c in late_cases() if "expected" in c], ids=lambda c: c["name"][:50])
def test_wrapper_equals_call(case: Dict[str, Any]) -> None:
    i = case["input"]
    got = datafee.rate_late(i["tariff"], i["records"], i.get("invoiced"))
    want = json.loads(datafee.call_json("rating.late", json.dumps(i)))
    assert got["state"] == want["state"]
    assert got["totals"]["change"]["total"] == Decimal(want["totals"]["change"]["total"])
    assert [a["invoice"]["total"] for a in got["adjustments"]] == [Decimal(a["invoice"]["total"]) for a in want["adjustments"]]


def test_on_time_then_late_adds_up_to_one_rating(tariff: Dict[str, Any]) -> None:
    on_time = [rec("r1", "acme", "credit", 80, 5), rec("r2", "acme", "geo", Decimal("1"), 6)]
    late = [rec("r3", "acme", "credit", "70", 20), rec("r1", "acme", "credit", 80, 5)]
    first = datafee.rate_late(tariff, on_time, explain=False)
    second = datafee.rate_late(tariff, late, first["state"], explain=False)
    once = datafee.call("rating.rate", {"tariff": tariff, "records": on_time + late, "explain": False})
    issued = first["adjustments"][0]["invoice"]["total"]
    assert issued + second["totals"]["change"]["total"] == once["invoices"][0]["total"] == Decimal("69.25")
    assert second["rejections_by_reason"]["duplicate_id"] == 1
    # The state went through Python and back; a decoded state (datafee.call) works too.
    decoded = datafee.call("rating.late", {"tariff": tariff, "records": on_time})["state"]
    again = datafee.rate_late(tariff, late, decoded, explain=False)
    assert again["state"] == second["state"]
    # Replaying the late batch changes nothing.
    replay = datafee.rate_late(tariff, late, second["state"], explain=False)
    assert replay["adjustments"] == [] and replay["state"] == second["state"] and replay["rated"] == 0


def test_typed_errors(tariff: Dict[str, Any]) -> None:
    state = datafee.rate_late(tariff, [rec("r1", "acme", "credit", 80, 5)])["state"]
    with pytest.raises(datafee.InvalidInputError) as e:
        datafee.rate_late({**tariff, "vat_rate": "0.09"}, [], state)
    assert e.value.field == "invoiced.tariff"
    twice = {**state, "ids": state["ids"] * 2}
    with pytest.raises(datafee.DuplicateIdError) as d:
        datafee.rate_late(tariff, [], twice)
    assert d.value.field == "invoiced.ids[1].id"
    with pytest.raises(TypeError):
        datafee.rate_late(tariff, [rec("r2", "acme", "credit", 1.5, 5)], state)
