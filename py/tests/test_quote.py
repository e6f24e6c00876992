"""datafee.Quote: the fee for one use, against the engine's ``chain.quote``."""

from __future__ import annotations

import datetime
import pickle
from decimal import Decimal
from typing import Any, Dict

import pytest

import datafee
from datafee import Quote, Scenario


def direct(city_text: str, **request: Any) -> Dict[str, Any]:
    return datafee.call("chain.quote", {"toml": city_text, **request})


def same(q: Quote, raw: Dict[str, Any]) -> None:
    assert q.raw == raw
    for name in ("product", "product_name", "scenario", "category", "free", "reason", "quantity", "year", "effective",
                 "schedule", "charge_exact", "charge", "cap", "cap_times_quantity", "within_cap"):
        assert getattr(q, name) == raw.get(name), name
    assert q.explanation.id == raw["explanation"]["id"] and q.explanation.result == raw["explanation"]["result"]


def test_paid_quote(city: Scenario, city_text: str) -> None:
    q = city.quote("p01", "finance", Decimal("1000"))
    same(q, direct(city_text, product="p01", scenario="finance", quantity="1000"))
    assert not q.free and q.reason is None and q.within_cap
    assert all(type(v) is Decimal for v in (q.quantity, q.charge, q.charge_exact, q.cap, q.cap_times_quantity))
    assert q.charge <= q.cap_times_quantity  # type: ignore[operator]
    assert repr(q) == (
        f"Quote(p01/finance, q=1000, 2026: charge {q.charge} <= cap × q {q.cap_times_quantity} "
        f"(cap {q.cap}; {q.schedule}, effective {q.effective}))"
    )


def test_free_quote(city: Scenario, city_text: str) -> None:
    q = city.quote("p16", "governance", 10)
    same(q, direct(city_text, product="p16", scenario="governance", quantity="10"))
    assert q.free and q.charge == 0 and q.cap is None and q.cap_times_quantity is None
    assert q.reason is not None and "公共治理" in q.reason
    assert repr(q) == f"Quote(p16/governance, q=10, 2026: free: {q.reason})"


def test_breaking_fee_is_reported_not_hidden(city: Scenario, city_text: str) -> None:
    # p04's minimum charge breaks its cap for one call: the engine says so in the quote
    q = city.quote("p04", "finance", "1")
    same(q, direct(city_text, product="p04", scenario="finance", quantity="1"))
    assert not q.within_cap and " > cap × q " in repr(q)


def test_dates(city: Scenario, city_text: str) -> None:
    later = city.quote("p01", "finance", 1000, date=datetime.date(2028, 6, 1))
    same(later, direct(city_text, product="p01", scenario="finance", quantity="1000", date="2028-06-01"))
    assert later.year == 2028 and later.effective == "2028-01-01"
    assert city.quote("p01", "finance", 1000, date="2028-06-01") == later
    with pytest.raises(datafee.InvalidInputError) as e:
        city.quote("p01", "finance", 1000, date="June 2027")
    assert e.value.field == "date"


def test_refusals(city: Scenario) -> None:
    with pytest.raises(TypeError, match="quantity: got the float 1.5"):
        city.quote("p01", "finance", 1.5)  # type: ignore[arg-type]
    with pytest.raises(datafee.UnknownIdError) as e:
        city.quote("p99", "finance", 1)
    assert (e.value.field, e.value.value) == ("product", "p99")
    with pytest.raises(datafee.OutOfRangeError):
        city.quote("p01", "finance", -1)
    with pytest.raises(datafee.InvalidInputError, match="not offered"):
        city.quote("p01", "welfare", 1)


def test_quote_pickles(city: Scenario) -> None:
    q = city.quote("p02", "finance", 150000)
    again = pickle.loads(pickle.dumps(q))
    assert again == q and repr(again) == repr(q)
