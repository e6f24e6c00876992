"""datafee.Sweep: grids of what-if runs, against the engine's ``chain.sweep`` and ``chain.run``."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import datafee
from datafee import Scenario, Sweep

RATES: List[Decimal] = [Decimal("0.04") + Decimal("0.01") * i for i in range(7)]  # 0.04 .. 0.10
SCALES: List[Decimal] = [Decimal("0.7") + Decimal("0.1") * i for i in range(7)]  # 0.7 .. 1.3
BOUND = Decimal("0.077")  # the national profile's bound on the return rate


def direct(city_text: str, vary: List[Dict[str, Any]], **extra: Any) -> Dict[str, Any]:
    return datafee.call("chain.sweep", {"toml": city_text, "vary": vary, **extra})


@pytest.fixture(scope="module")
def rates(city: Scenario) -> Sweep:
    return city.sweep({"profile.profit.rate": RATES})


def test_rate_sweep_against_the_engine(rates: Sweep, city_text: str) -> None:
    raw = direct(city_text, [{"path": "profile.profit.rate", "values": [str(r) for r in RATES]}])
    assert rates.raw == raw
    assert rates.paths == ["profile.profit.rate"] and rates.kinds == ("values",) and rates.year == 2026
    assert len(rates) == 7
    for p, r in zip(rates.points, raw["points"]):
        assert p.inputs == tuple(r["inputs"]) and p.mpr == r.get("mpr") and p.mpr_total == r.get("mpr_total")
        assert p.caps == {f"{c['product']}/{c['scenario']}": c["cap"] for c in r["caps"]}


def test_points_above_the_bound_are_rows_with_their_error(rates: Sweep, city: Scenario) -> None:
    for p, rate in zip(rates.points, RATES):
        assert p.inputs == (rate,)
        if rate > BOUND:
            assert p.error is not None and p.error.code == "rate_above_bound"
            assert (p.error.field, p.error.value) == ("profile.profit.rate", str(rate))
            assert p.mpr is None and p.mpr_total is None and p.caps == {}
        else:
            assert p.error is None
            # each point is the chain on the changed document
            chain = city.with_changes({"profile.profit.rate": rate}).run()
            assert p.mpr == chain.mpr[0]["mpr"] and p.mpr_total == chain.mpr_total
            assert p.caps == {f"{r['product']}/{r['scenario']}": r["cap_quoted"] for r in chain.caps(2026) if r["chargeable"]}
    assert [p.inputs[0] for p, _ in rates.refused()] == [Decimal("0.08"), Decimal("0.09"), Decimal("0.10")]
    mprs = [p.mpr for p in rates.points if p.mpr is not None]
    assert mprs == sorted(mprs)  # a higher return, a higher MPR


def test_table_and_pandas(rates: Sweep, city: Scenario) -> None:
    t = rates.table
    caps = [f"cap:{r['product']}/{r['scenario']}" for r in city.run().caps(2026) if r["chargeable"]]
    assert t.columns == ["profile.profit.rate", "mpr", "mpr_total", "error"] + caps
    assert rates.input_columns == ["profile.profit.rate"] and rates.cap_columns == caps
    assert t.column("error") == [None] * 4 + ["rate_above_bound"] * 3
    assert t[0]["cap:p01/finance"] == rates.points[0].caps["p01/finance"]
    assert t[6]["cap:p01/finance"] is None and t[6]["mpr"] is None
    pytest.importorskip("pandas")
    df = rates.to_pandas()
    assert list(df.columns) == t.columns and len(df) == 7
    for c in ["profile.profit.rate", "mpr", "mpr_total", "cap:p01/finance"]:
        assert df[c].dtype == object, c
        assert all(v is None or type(v) is Decimal for v in df[c]), c
    assert list(df["error"]) == t.column("error")


def test_display(rates: Sweep) -> None:
    text = repr(rates)
    assert text.startswith("Sweep over profile.profit.rate, year 2026: 7 points, 3 refused")
    assert "refused: profile.profit.rate=0.10: profile.profit.rate: rate 0.10 is above the profile's bound 0.077" in text
    assert "(15 cap columns" in text
    html = rates._repr_html_()
    assert html.startswith("<table") and "rate_above_bound" in html and "cap:p01/finance" in html


def test_volume_scale_sweep(city: Scenario, city_text: str) -> None:
    s = city.sweep({"forecasts[*].volume": {"scale": SCALES}})
    raw = direct(city_text, [{"path": "forecasts[*].volume", "scale": [str(x) for x in SCALES]}])
    assert s.raw == raw and s.kinds == ("scale",)
    assert s.input_columns == ["scale:forecasts[*].volume"]
    assert s.table.column("scale:forecasts[*].volume") == SCALES
    # the MPR does not depend on volumes; caps fall as volumes rise
    assert len({p.mpr for p in s.points}) == 1 and all(p.error is None for p in s.points)
    caps = [p.caps["p01/finance"] for p in s.points]
    assert caps == sorted(caps, reverse=True)
    # the middle point is the scenario as it is
    assert s.points[3].inputs == (Decimal("1.0"),)
    assert s.points[3].caps == {f"{r['product']}/{r['scenario']}": r["cap_quoted"] for r in city.run().caps(2026) if r["chargeable"]}


def test_grid_order_year_and_list_form(city: Scenario, city_text: str) -> None:
    grid = {"profile.profit.rate": ["0.05", "0.06"], "forecasts[0].volume": {"values": [200000, 300000]}}
    s = city.sweep(grid, year=2027)
    assert s.year == 2027 and len(s) == 4
    assert [p.inputs for p in s.points] == [
        (Decimal("0.05"), Decimal(200000)),
        (Decimal("0.05"), Decimal(300000)),
        (Decimal("0.06"), Decimal(200000)),
        (Decimal("0.06"), Decimal(300000)),
    ]
    as_list = [
        {"path": "profile.profit.rate", "values": ["0.05", "0.06"]},
        {"path": "forecasts[0].volume", "values": ["200000", "300000"]},
    ]
    assert city.sweep(as_list, year=2027).raw == s.raw == direct(city_text, as_list, year=2027)
    p = s.points[1]
    chain = city.with_changes({"profile.profit.rate": "0.05", "forecasts[0].volume": 300000}).run()
    assert p.mpr == chain.mpr[1]["mpr"]
    assert p.caps["p01/finance"] == next(r["cap_quoted"] for r in chain.caps(2027) if r["product"] == "p01")
    assert city.sweep([{"path": "forecasts[*].volume", "scale": ["1"]}]).kinds == ("scale",)


def test_duplicate_paths_get_distinct_columns(city: Scenario) -> None:
    s = city.sweep([{"path": "profile.profit.rate", "values": ["0.05"]}, {"path": "profile.profit.rate", "values": ["0.06"]}])
    assert s.input_columns == ["profile.profit.rate", "profile.profit.rate#2"]


def test_refusals(city: Scenario) -> None:
    with pytest.raises(TypeError, match=r"profile\.profit\.rate values\[1\]: got the float 0\.05"):
        city.sweep({"profile.profit.rate": [Decimal("0.04"), 0.05]})
    with pytest.raises(TypeError, match=r"vary\[0\]\.scale\[0\]: got the float"):
        city.sweep([{"path": "forecasts[*].volume", "scale": [0.7]}])
    with pytest.raises(TypeError, match="scale is a list"):
        city.sweep({"forecasts[*].volume": {"scale": "0.7"}})
    with pytest.raises(ValueError, match="give a list of values"):
        city.sweep({"forecasts[*].volume": {"scale": ["1"], "values": ["1"]}})
    with pytest.raises(TypeError, match="variations are a dict"):
        city.sweep("profile.profit.rate")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"vary\[0\]: a variation is a dict"):
        city.sweep([("profile.profit.rate", ["0.05"])])  # type: ignore[list-item]
    # the engine's own refusals of the sweep as a whole are exceptions
    with pytest.raises(datafee.InvalidInputError) as e:
        city.sweep({"no.such.path": ["1"]})
    assert e.value.field == "vary.path"
    with pytest.raises(datafee.EmptyError):
        city.sweep({})
    with pytest.raises(datafee.MalformedDecimalError):
        city.sweep({"profile.profit.rate": ["6 %"]})


def test_point_errors_convert_and_pickle(rates: Sweep) -> None:
    point, err = rates.refused()[0]
    e = err.exception()
    assert isinstance(e, datafee.RateAboveBoundError) and isinstance(e, ValueError)
    assert (e.code, e.field, e.value, str(e)) == (err.code, err.field, err.value, err.message)
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is type(e) and (again.code, again.field, again.value, str(again)) == (e.code, e.field, e.value, str(e))
    assert pickle.loads(pickle.dumps(err)) == err
    # the same inputs outside a sweep raise the same error
    with pytest.raises(datafee.RateAboveBoundError) as raised:
        rates_scenario = Scenario(datafee.mini_city()).with_changes({"profile.profit.rate": point.inputs[0]})
        rates_scenario.validate()
    assert (raised.value.code, raised.value.field, raised.value.value) == (e.code, e.field, e.value)


def test_sweep_pickles(rates: Sweep) -> None:
    again = pickle.loads(pickle.dumps(rates))
    assert again.points == rates.points and again.table == rates.table and repr(again) == repr(rates)
