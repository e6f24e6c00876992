"""datafee.Scenario: loading from every source, the document, validation, what-if changes.

Reference figures come from ``datafee.call("chain.*", ...)`` on the same document, never
from copies of printed output.
"""

from __future__ import annotations

import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

import datafee
from datafee import Scenario
from conftest import CITY


def total(doc: Dict[str, Any]) -> Decimal:
    """The period's MPR of a document through the generic call."""
    out: Decimal = datafee.call("chain.run", {"document": doc})["mpr"]["total"]
    return out


# -- loading ---------------------------------------------------------------------------


def test_every_source_gives_the_engines_figures(city_text: str, city_raw: Dict[str, Any], tmp_path: Path) -> None:
    as_dict = Scenario.load(CITY).to_dict()
    json_text = Scenario.load(CITY).to_json()
    (tmp_path / "city.json").write_text(json_text, encoding="utf-8")
    (tmp_path / "city.toml").write_text(city_text, encoding="utf-8")
    (tmp_path / "city-json-noext").write_text(json_text, encoding="utf-8")
    (tmp_path / "city-toml-noext").write_text(city_text, encoding="utf-8")
    sources: Dict[str, Any] = {
        "dict": as_dict,
        "json text": json_text,
        "toml text": city_text,
        "Path": CITY,
        "str path": str(CITY),
        "json file": tmp_path / "city.json",
        "json str path": str(tmp_path / "city.json"),
        "toml file": tmp_path / "city.toml",
        "sniffed json": tmp_path / "city-json-noext",
        "sniffed toml": str(tmp_path / "city-toml-noext"),
    }
    for label, source in sources.items():
        s = Scenario.load(source)
        assert s.run().raw == city_raw, label
        assert s == Scenario.load(CITY), label
    assert Scenario.from_toml(city_text).run().raw == city_raw
    assert Scenario.from_json(json_text).run().raw == city_raw
    assert Scenario.from_dict(as_dict).run().raw == city_raw
    assert Scenario(as_dict).run().raw == city_raw


def test_load_refusals(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="cannot load a scenario from a int"):
        Scenario.load(3)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        Scenario.load("no/such/scenario.toml")
    with pytest.raises(FileNotFoundError):
        Scenario.load(tmp_path / "missing.json")
    with pytest.raises(datafee.ParseError) as e:
        Scenario.from_json("{not json")
    assert e.value.field == "document"
    with pytest.raises(datafee.ParseError, match="expected a JSON object"):
        Scenario.from_json("[1, 2]")
    with pytest.raises(TypeError, match="a scenario document is a dict"):
        Scenario([1, 2])  # type: ignore[arg-type]
    # TOML is read by the engine: its syntax errors are the engine's, at the document's root
    with pytest.raises(datafee.ParseError) as e:
        Scenario.load('name = "x"\nfirst_year = ').validate()
    assert e.value.field == "" and e.value.code == "parse"


def test_float_refused_in_a_dict() -> None:
    doc = datafee.mini_city()
    doc["profile"]["profit"]["rate"] = 0.06
    with pytest.raises(TypeError, match=r"profile\.profit\.rate: got the float 0\.06"):
        Scenario.from_dict(doc)


def test_json_text_goes_to_the_engine_as_is() -> None:
    # A number where the engine wants a decimal string: refused as in Rust, from the text...
    doc = json.loads(Scenario(datafee.mini_city()).to_json())
    doc["forecasts"][0]["volume"] = 100000
    with pytest.raises(datafee.DecimalNotStringError) as e:
        Scenario.from_json(json.dumps(doc)).run()
    assert e.value.field == "forecasts[0].volume"
    # ...while a Python int in a dict is a decimal (the binding's rule for Python values)
    d = datafee.mini_city()
    d["forecasts"][0]["volume"] = 100000
    assert Scenario.from_dict(d).run().mpr_total == total(json.loads(Scenario(datafee.mini_city()).to_json()))


# -- the document ----------------------------------------------------------------------


def test_to_dict_is_python_values_and_a_copy(city: Scenario) -> None:
    d = city.to_dict()
    assert d["first_year"] == 2026 and type(d["first_year"]) is int
    assert d["profile"]["profit"]["rate"] == Decimal("0.06") and type(d["profile"]["profit"]["rate"]) is Decimal
    assert d["forecasts"][0]["volume"] == Decimal("240000")
    assert d["catalog"]["products"][0]["id"] == "p01"
    d["name"] = "changed"
    assert city.to_dict()["name"] != "changed"
    assert Scenario.from_dict(d) != city
    d["name"] = city.name
    assert Scenario.from_dict(d) == city
    assert (city == 3) is False


def test_to_json_is_the_engine_form() -> None:
    s = Scenario(datafee.mini_city())
    doc = json.loads(s.to_json())
    assert doc["profile"]["profit"]["rate"] == "0.06"
    assert doc["first_year"] == 2026
    assert doc["catalog"]["products"][1]["unit"] == "report"
    assert Scenario.from_json(s.to_json(indent=2)) == s


def test_name_first_year_and_repr(city: Scenario) -> None:
    assert city.name.startswith("Example city") and city.first_year == 2026
    assert repr(city) == f"Scenario({city.name!r}, first_year=2026, from {str(CITY)!r})"
    assert repr(Scenario.from_toml("not = [toml")) == "Scenario(from TOML text)"
    changed = city.with_changes({"name": "What if"})
    assert repr(changed) == f"Scenario('What if', first_year=2026, from {str(CITY)!r} with changes)"


def test_pickle_round_trip(city: Scenario) -> None:
    again = pickle.loads(pickle.dumps(city))
    assert again == city and repr(again) == repr(city)
    small = Scenario(datafee.mini_city())
    assert pickle.loads(pickle.dumps(small)) == small


# -- validation ------------------------------------------------------------------------


def test_validate(city: Scenario) -> None:
    city.validate()  # returns None; raises when refused
    assert datafee.call("chain.validate", {"document": city.to_dict()}) == {"valid": True}
    doc = city.to_dict()
    doc["profile"]["profit"]["rate"] = Decimal("0.10")
    with pytest.raises(datafee.RateAboveBoundError) as e:
        Scenario(doc).validate()
    assert (e.value.code, e.value.field, e.value.value) == ("rate_above_bound", "profile.profit.rate", "0.10")
    assert isinstance(e.value, ValueError)
    with pytest.raises(datafee.RateAboveBoundError):
        Scenario(doc).run()


def test_errors_from_the_chain_pickle(city: Scenario) -> None:
    failures = []
    bad_rate = city.with_changes({"profile.profit.rate": "0.10"})
    for attempt in (
        bad_rate.validate,
        bad_rate.run,
        lambda: city.quote("p99", "finance", 1),
        lambda: city.quote("p01", "finance", 0),
        lambda: city.with_changes({"forecasts[99].volume": 1}),
        lambda: city.with_changes({"forecasts[*].volume": "abc"}).run(),
        lambda: city.sweep({"profile.profit.rate": []}),
        lambda: city.run().working_paper(cap=(2026, "p16", "finance")),
    ):
        with pytest.raises(datafee.DatafeeError) as e:
            attempt()
        failures.append(e.value)
    assert [f.code for f in failures] == [
        "rate_above_bound",
        "rate_above_bound",
        "unknown_id",
        "out_of_range",
        "invalid",
        "malformed_decimal",
        "invalid",
        "unknown_id",
    ]
    for f in failures:
        again = pickle.loads(pickle.dumps(f))
        assert type(again) is type(f)
        assert (again.code, again.field, again.value, str(again)) == (f.code, f.field, f.value, str(f))


# -- what if ---------------------------------------------------------------------------


def test_with_changes_matches_the_engine_on_the_changed_document(city: Scenario) -> None:
    changed = city.with_changes({"profile.profit.rate": Decimal("0.05"), "forecasts[0].volume": 200000})
    doc = city.to_dict()
    doc["profile"]["profit"]["rate"] = "0.05"
    doc["forecasts"][0]["volume"] = "200000"
    assert changed.run().raw == datafee.call("chain.run", {"document": doc})
    assert changed.run().mpr_total != city.run().mpr_total
    # the original is untouched
    assert city.to_dict()["profile"]["profit"]["rate"] == Decimal("0.06")


def test_with_changes_every_element_and_functions() -> None:
    s = Scenario(datafee.mini_city())
    scaled = s.with_changes({"forecasts[*].volume": lambda v: v * 2})
    assert [f["volume"] for f in scaled.to_dict()["forecasts"]] == [Decimal(200000), Decimal(40000), Decimal(80)]
    same = s.with_changes({"forecasts[*].volume": "7"})
    assert [f["volume"] for f in same.to_dict()["forecasts"]] == [Decimal(7)] * 3
    # a function sees Decimals and None for a new key
    seen: List[Any] = []

    def record(old: Any) -> str:
        seen.append(old)
        return "0.2"

    s.with_changes({"profile.debt_ratio": record})
    assert seen == [None]
    # a new last key is added, as sweeps do; whole sub-documents can be replaced
    cost_plus = s.with_changes({"profile.profit": {"method": "cost_plus", "margin": Decimal("0.05")}})
    assert cost_plus.to_dict()["profile"]["profit"] == {"method": "cost_plus", "margin": Decimal("0.05")}
    doc = s.to_dict()
    doc["profile"]["profit"] = {"method": "cost_plus", "margin": "0.05"}
    assert cost_plus.run().mpr_total == total(doc)
    # integer fields stay JSON numbers
    later = s.with_changes({"first_year": 2027, "costs.ledger.entries[*].year": lambda y: y + 1})
    assert json.loads(later.to_json())["first_year"] == 2027
    assert later.run().years == [2027, 2028]


def test_with_changes_on_toml_and_json_sources(city: Scenario, city_text: str) -> None:
    for s in (Scenario.from_toml(city_text), Scenario.from_json(city.to_json())):
        changed = s.with_changes({"profile.profit.rate": "0.05"})
        assert changed.run().raw == city.with_changes({"profile.profit.rate": Decimal("0.05")}).run().raw


def test_with_changes_refusals(city: Scenario) -> None:
    with pytest.raises(TypeError, match=r"profile\.profit\.rate: got the float 0\.05"):
        city.with_changes({"profile.profit.rate": 0.05})
    with pytest.raises(TypeError, match=r"forecasts\[\*\]\.volume: got the float"):
        city.with_changes({"forecasts[*].volume": lambda v: float(v) * 0.7})
    with pytest.raises(TypeError, match="changes is a dict"):
        city.with_changes([("name", "x")])  # type: ignore[arg-type]
    for path, why in [
        ("forecasts[99].volume", "no element 99"),
        ("nothing.here", 'no key "nothing"'),
        ("name.first", 'no object holds "first"'),
        ("profile[0]", "not a list"),
        ("forecasts[x].volume", "expected keys"),
        ("", "expected keys"),
        ("a..b", "expected keys"),
        ("prior_period[*].nothing[*]", 'no key "nothing"'),
    ]:
        with pytest.raises(datafee.InvalidInputError, match=why) as e:
            city.with_changes({path: "1"})
        assert (e.value.code, e.value.field) == ("invalid", path)
    with pytest.raises(datafee.InvalidInputError, match="designates nothing"):
        Scenario(dict(datafee.mini_city(), fees=[])).with_changes({"fees[*].effective": "2026-02-01"})
    # the engine checks the values when the copy runs
    with pytest.raises(datafee.MalformedDecimalError) as e:
        city.with_changes({"profile.profit.rate": "6 %"}).run()
    assert e.value.field.startswith("profile.profit")  # the engine's path into a tagged enum
