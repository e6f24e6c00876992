"""Scenario.review, fee_list and annual_report against the engine's operations on the same input."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

import datafee
from conftest import REPO

YEAR = 2026
SHARING = REPO / "examples" / "city" / "credit_sharing.json"


@pytest.fixture(scope="module")
def rating(city: Any) -> datafee.Rating:
    """A month of seeded synthetic use of every chargeable and free pair of the example city."""
    pairs = [(r["product"], r["scenario"]) for r in city.run().caps(YEAR)]
    records = [
        {"id": f"r{i}", "customer": f"c{i % 7}", "product": p, "scenario": s, "quantity": 1 + (i * 7919) % 500, "time": f"2026-04-{1 + i % 30:02d}"}
        for i, (p, s) in enumerate(pairs * 20)
    ]
    r: datafee.Rating = datafee.rate(city.tariff(YEAR), records)
    return r


@pytest.fixture(scope="module")
def agreements() -> Dict[str, Any]:
    data: Dict[str, Any] = json.loads(Path(SHARING).read_text(encoding="utf-8"), parse_float=Decimal)
    return data


def test_review_equals_review_year(city: Any, city_text: str, rating: datafee.Rating) -> None:
    review = city.review(YEAR, rating)
    expected = datafee.call("review.year", {"toml": city_text, "year": YEAR, "actual": rating.actual()})
    assert review.raw == expected
    assert review.mpr == expected["mpr"] and review.deviation == review.actual_revenue - review.mpr
    assert review.actual_revenue == sum(a["revenue"] for a in rating.actual())
    assert review.lines.column("revenue") == [x["revenue"] for x in expected["lines"]]
    assert review.products.column("volume") == [x["volume"] for x in expected["products"]]
    assert len(review.violations) == len(expected["violations"])
    assert review.beyond_threshold and review.proposal is not None
    assert review.proposal.lines.column("proposed_cap") == [x["proposed_cap"] for x in expected["proposal"]["lines"]]
    assert review.proposal.factor == expected["proposal"]["factor"]
    assert review.prior_year() == {"year": YEAR, "mpr": review.mpr, "actual_revenue": review.actual_revenue}
    assert review.explanations[0].id.startswith(f"review.{YEAR}")
    assert review.explanation(review.explanations[0].id) == review.explanations[0]
    text = repr(review)
    assert f"Review {YEAR}: actual revenue {review.actual_revenue} vs MPR {review.mpr}" in text and "Proposal: caps ×" in text
    assert "<table" in review._repr_html_()
    assert review.lines.to_pandas()["revenue"].map(type).eq(Decimal).all()


def test_review_accepts_lists_tables_and_frames(city: Any, rating: datafee.Rating) -> None:
    expected = city.review(YEAR, rating).raw
    assert city.review(YEAR, rating.actual()).raw == expected
    assert city.review(YEAR, datafee.Table(rating.actual())).raw == expected
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(rating.actual()).assign(note="ignored")
    assert city.review(YEAR, frame).raw == expected


def test_review_next_year_inputs(city: Any, city_text: str, rating: datafee.Rating) -> None:
    forecast = [{"product": "p01", "scenario": "finance", "volume": 250000}]
    review = city.review(YEAR, rating, next_mpr=Decimal("5000000.00"), next_forecast=forecast)
    expected = datafee.call(
        "review.year",
        {"toml": city_text, "year": YEAR, "actual": rating.actual(), "next_mpr": "5000000.00", "next_forecast": forecast},
    )
    assert review.raw == expected and review.proposal is not None
    assert review.proposal.target_basis == "next_mpr" and review.proposal.volume_basis == "next_forecast"


def test_review_refusals(city: Any) -> None:
    with pytest.raises(datafee.UnknownIdError) as e:
        city.review(YEAR, [{"product": "p99", "scenario": "finance", "volume": 1, "revenue": "1.00"}])
    assert e.value.field == "actual[0].product"
    with pytest.raises(TypeError, match=r"revenue: got the float"):
        city.review(YEAR, [{"product": "p01", "scenario": "finance", "volume": 1, "revenue": 1.5}])
    with pytest.raises(TypeError, match="actual is a datafee.Rating"):
        city.review(YEAR, "actual.csv")
    with pytest.raises(datafee.OutOfRangeError):
        city.review(2040, [])


def test_fee_list_equals_disclosure_fee_list(city: Any, city_text: str) -> None:
    for year in (None, 2027):
        table = city.fee_list() if year is None else city.fee_list(year)
        request: Dict[str, Any] = {"toml": city_text} if year is None else {"toml": city_text, "year": year}
        expected = datafee.call("disclosure.fee_list", request)
        assert table.column("actual_fee") == [r["actual_fee"] for r in expected["rows"]]
        assert table.column("cap") == [r.get("cap") for r in expected["rows"]]
        assert table.column("status") == [r["status"] for r in expected["rows"]]
        assert str(expected["year"]) in (table.title or "")


def test_annual_report_every_format(city: Any, city_text: str, rating: datafee.Rating, agreements: Dict[str, Any]) -> None:
    shares = [agreements["shapley"]]
    request = {"toml": city_text, "year": YEAR, "actual": rating.actual(), "shares": [{"agreement": agreements["shapley"]}]}
    for fmt in ("markdown", "html"):
        text = city.annual_report(YEAR, rating, shares, format=fmt)
        assert isinstance(text, str)
        assert text == datafee.call("disclosure.annual_report", {**request, "format": fmt})["content"]
    csv = city.annual_report(YEAR, rating, shares, format="csv")
    assert csv == datafee.call("disclosure.annual_report", {**request, "format": "csv"})["tables"]
    assert "revenue_shares" in csv and csv["overview"].startswith("item,value\r\n")
    report = city.annual_report(YEAR, rating, shares, format="json")
    assert report == datafee.call("disclosure.annual_report", {**request, "format": "json"})
    assert report["review"]["actual_revenue"] == sum(a["revenue"] for a in rating.actual())
    # an explicit revenue and the {agreement, revenue} form
    given = city.annual_report(YEAR, rating, [{"agreement": agreements["shapley"], "revenue": Decimal("1000.00")}], format="json")
    assert given["shares"]["products"][0]["revenue"] == Decimal("1000.00")
    assert city.annual_report(YEAR, rating).startswith("# Annual operating report")
    with pytest.raises(ValueError, match="format must be"):
        city.annual_report(YEAR, rating, format="pdf")


def test_rating_review_report_chain_matches_the_main_job_steps(city: Any, rating: datafee.Rating, agreements: Dict[str, Any]) -> None:
    """tariff -> rate -> actual -> review -> shares: each step's input is the last one's output."""
    revenue = sum((a["revenue"] for a in rating.actual() if a["product"] == "p08"), Decimal(0))
    assert revenue > 0
    by_shapley = datafee.waterfall(agreements["shapley"], revenue)
    by_contribution = datafee.waterfall(agreements["contribution"], revenue)
    for w in (by_shapley, by_contribution):
        assert sum(w.totals.values()) == w.after_tax == revenue - w.tax
    report = city.annual_report(YEAR, rating, [agreements["shapley"]], format="json")
    assert report["shares"]["products"][0]["revenue"] == revenue
