"""datafee.Chain: MPR, caps, fees, costs and working papers, against the engine's documents."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import datafee
from datafee import Chain, Scenario
from datafee._chain import CAP_COLUMNS, MPR_COLUMNS


@pytest.fixture(scope="module")
def chain(city: Scenario) -> Chain:
    return city.run()


def test_identity(chain: Chain, city_raw: Dict[str, Any], city: Scenario) -> None:
    assert chain.raw == city_raw
    assert chain.scenario is city
    assert chain.name == city_raw["name"] and chain.profile == city_raw["profile"]
    assert chain.stage == "formal"
    assert chain.years == [y["year"] for y in city_raw["mpr"]["years"]] == [2026, 2027, 2028]


def test_mpr_table(chain: Chain, city_raw: Dict[str, Any]) -> None:
    t = chain.mpr
    years = city_raw["mpr"]["years"]
    assert list(t.columns[: len(MPR_COLUMNS)]) == list(MPR_COLUMNS)
    assert "explanations" not in t.columns
    assert len(t) == len(years)
    for r, y in zip(t, years):
        for k, v in y.items():
            if k != "explanations":
                assert r[k] == v, k
        # every block is an exact Decimal (the year is an int)
        assert all(type(r[c]) is Decimal for c in MPR_COLUMNS if c != "year")
        assert type(r["year"]) is int
    assert chain.mpr_total == city_raw["mpr"]["total"] == sum(t.column("mpr"), Decimal(0))
    assert chain.clawback == city_raw["mpr"]["clawback"]["total"]


def test_caps_tables(chain: Chain, city_raw: Dict[str, Any]) -> None:
    every = chain.caps()
    assert list(every.columns) == list(CAP_COLUMNS)
    assert len(every) == sum(len(c["lines"]) for c in city_raw["caps"])
    for year_doc in city_raw["caps"]:
        t = chain.caps(year_doc["year"])
        assert len(t) == len(year_doc["lines"]) == 29
        for r, line in zip(t, year_doc["lines"]):
            assert r["year"] == year_doc["year"]
            for k, v in line.items():
                if k != "explanation":
                    assert r[k] == v, k
            if r["chargeable"]:
                assert type(r["cap"]) is Decimal and r["free_reason"] is None
            else:
                assert r["cap"] is None and r["cap_quoted"] is None
                assert "free of charge" in r["free_reason"]
    free = [r for r in chain.caps(2026) if not r["chargeable"]]
    assert {r["category"] for r in free} == {"public_governance", "public_welfare"} and len(free) == 14
    with pytest.raises(KeyError, match="1999 is not a year"):
        chain.caps(1999)


def test_cap_summary_and_requirements(chain: Chain, city_raw: Dict[str, Any]) -> None:
    s = chain.cap_summary()
    assert s.columns == ["product", "scenario", "category", "cap 2026", "cap 2027", "cap 2028", "free_reason"]
    assert len(s) == 29
    for year_doc in city_raw["caps"]:
        col = f"cap {year_doc['year']}"
        expected = [line["cap_quoted"] if line["chargeable"] else "free" for line in year_doc["lines"]]
        assert s.column(col) == expected
    req = chain.requirements()
    assert req.columns[:6] == ["year", "mpr", "free_cost", "requirement", "revenue_at_caps", "headroom"]
    for r, c in zip(req, city_raw["caps"]):
        assert r["headroom"] == c["headroom"] and r["requirement"] == c["requirement"]


def test_fees_table(chain: Chain, city_raw: Dict[str, Any]) -> None:
    t = chain.fees
    assert len(t) == len(city_raw["fees"]) == 16
    for r, f in zip(t, city_raw["fees"]):
        assert (r["product"], r["scenario"], r["effective"], r["year"], r["cap"]) == (
            f["product"], f["scenario"], f["effective"], f["year"], f["cap"]
        )
        assert r["compliant"] is f["verdict"]["compliant"]
        breach = f["verdict"]["first_breach"]
        if breach is None:
            assert r["breach_quantity"] is None and r["breach_field"] is None
        else:
            assert r["breach_quantity"] == breach["quantity"] and r["breach_charge"] == breach["charge"]
            assert r["breach_cap_times_quantity"] == breach["cap_times_quantity"]
            assert r["breach_field"] == breach["field"]
    broken = [r for r in t if not r["compliant"]]
    assert [(r["product"], r["breach_field"]) for r in broken] == [("p04", "minimum_charge")]


def test_costs(chain: Chain, city_raw: Dict[str, Any]) -> None:
    for doc in city_raw["costs"]:
        c = chain.costs(doc["year"])
        assert c.raw == doc
        assert (c.total_permitted, c.effective_assets, c.asset_base, c.working_capital) == (
            doc["total_permitted"], doc["effective_assets"], doc["asset_base"], doc["working_capital"]
        )
        assert c.by_category.column("permitted") == [x["permitted"] for x in doc["by_category"]]
        assert c.products.column("total") == [p["total"] for p in doc["products"]]
        for r, p in zip(c.products, doc["products"]):
            for share in p["pools"]:
                assert r[f"pool:{share['pool']}"] == share["amount"]
        assert len(c.excluded) == len(doc["excluded"])
        assert f"permitted cost {doc['total_permitted']}" in repr(c)
        assert "<table" in c._repr_html_()
    # the cost accounts' total is split between free and chargeable use (65号: the MPR carries
    # the chargeable part only); the two parts add up to the cent
    scope = next(s for s in chain.raw["scope"] if s["year"] == 2026)
    assert chain.costs(2026).total_permitted == scope["total_cost"] == scope["chargeable_cost"] + scope["free_cost"]
    assert chain.mpr[0]["permitted_cost"] == scope["chargeable_cost"] < scope["total_cost"]
    with pytest.raises(KeyError):
        chain.costs(2030)


def paper(city_text: str, **request: Any) -> Dict[str, Any]:
    return datafee.call("chain.working_paper", {"toml": city_text, **request})


def test_working_papers_are_the_engines(chain: Chain, city_text: str) -> None:
    cap = {"year": 2026, "product": "p01", "scenario": "finance"}
    wp = chain.working_paper(cap=(2026, "p01", "finance"))
    assert wp.raw == paper(city_text, cap=cap, format="json")
    assert str(wp) == wp.text == paper(city_text, cap=cap)["text"]
    assert wp.format == "text" and wp.title == wp.raw["title"]
    assert wp.ids == [i["id"] for i in wp.raw["items"]] and len(wp) == len(wp.ids)
    md = chain.working_paper(cap=(2026, "p01", "finance"), format="markdown")
    assert str(md) == paper(city_text, cap=cap, format="markdown")["text"]
    whole = chain.working_paper()
    assert str(whole) == paper(city_text)["text"] and len(whole) > 100
    mpr = chain.working_paper("mpr.2027")
    assert mpr.ids and all(i.startswith("mpr.2027") for i in mpr.ids)
    assert str(mpr) == paper(city_text, prefix="mpr.2027")["text"]


def test_explanations(chain: Chain) -> None:
    wp = chain.working_paper(cap=(2026, "p01", "finance"))
    e = wp.explanation("cap.2026.p01/finance")
    raw = wp.raw["items"][-1]
    assert e.id == raw["id"] and e.formula == raw["formula"] and e.result == raw["result"] == "1.012"
    assert e.inputs == tuple((i["name"], i["value"]) for i in raw["inputs"])
    assert e.input("forecast volume") == "780000"  # over the 3-year period (caps levelled)
    assert e.rounding == raw["rounding"] and e.notes == tuple(raw.get("notes", []))
    # working papers stay text: every value is the engine's digits, not a Decimal
    assert all(type(v) is str for _, v in e.inputs)
    assert chain.explanation("cap.2026.p01/finance") == e
    assert chain.explanation("mpr.2026").result == str(chain.mpr[0]["mpr"])
    with pytest.raises(KeyError, match="no input 'nope'"):
        e.input("nope")
    with pytest.raises(KeyError, match="no explanation"):
        wp.explanation("cap.2027.p01/finance")
    with pytest.raises(KeyError):
        chain.explanation("no.such.id")


def test_working_paper_arguments(chain: Chain) -> None:
    with pytest.raises(ValueError, match="format must be one of"):
        chain.working_paper(format="html")
    with pytest.raises(ValueError, match="either prefix or cap"):
        chain.working_paper("mpr", cap=(2026, "p01", "finance"))
    with pytest.raises(TypeError, match="cap must be a"):
        chain.working_paper(cap=(2026, "p01"))  # type: ignore[arg-type]
    with pytest.raises(datafee.UnknownIdError) as e:
        chain.working_paper(cap=(2026, "p16", "finance"))  # not offered in that scenario
    assert e.value.field == "cap"
    free = chain.working_paper(cap=(2026, "p16", "governance"))  # a free use: "no fee", with the reason
    assert free.explanation("cap.2026.p16/governance").result == "free"
    with pytest.raises(TypeError, match="float"):
        chain.working_paper(cap=(2026.0, "p01", "finance"))  # type: ignore[arg-type]


def test_working_paper_display() -> None:
    doc = datafee.mini_city()
    doc["catalog"]["products"][0]["name"] = "credit <script>x</script> & co"
    chain = Scenario(doc).run()
    text = chain.working_paper(cap=(2026, "credit", "finance"))
    assert text._repr_markdown_() is None
    html = text._repr_html_()
    assert html is not None and html.startswith("<pre") and "<script>" not in html and "&lt;script&gt;" in html
    assert repr(text).startswith("<WorkingPaper 'Working paper: cap of credit in finance, 2026")
    md = chain.working_paper(cap=(2026, "credit", "finance"), format="markdown")
    assert md._repr_html_() is None
    shown = md._repr_markdown_()
    assert shown is not None and "<script>" not in shown and "&lt;script&gt;" in shown
    # code spans (formulas, ids) are left as the engine wrote them
    assert "`cap.2026.credit/finance`" in shown
    chain_html = chain._repr_html_()
    assert "<script>" not in chain_html


def test_chain_display(chain: Chain) -> None:
    text = repr(chain)
    assert text.startswith(f"Chain {chain.name!r}")
    for y in chain.mpr:
        assert f"{y['year']}" in text and str(y["mpr"]) in text
    assert f"total MPR {chain.mpr_total}" in text
    assert "p01      finance" in text and "free_reason" in text
    assert "above the cap: p04/finance (2026-01-01)" in text
    html = chain._repr_html_()
    assert html.count("<table") == 2 and str(chain.mpr_total) in html and "1.012" in html


def test_pandas_keeps_decimals(chain: Chain) -> None:
    pytest.importorskip("pandas")
    df = chain.mpr.to_pandas()
    assert df["mpr"].dtype == object and all(type(v) is Decimal for v in df["mpr"])
    caps = chain.caps(2026).to_pandas()
    assert caps["cap"].dtype == object
    assert [v for v in caps["cap"] if v is not None] == [r["cap"] for r in chain.caps(2026) if r["cap"] is not None]
    assert caps["cap"].isna().sum() == 14  # free uses: None, never NaN
    assert all(v is None or type(v) is Decimal for v in caps["cap"])


def test_chain_pickles(chain: Chain) -> None:
    again = pickle.loads(pickle.dumps(chain))
    assert again.raw == chain.raw and again.scenario == chain.scenario
    assert str(again.working_paper("mpr.2026.surcharges")) == str(chain.working_paper("mpr.2026.surcharges"))


def test_types_of_every_decimal_field(chain: Chain) -> None:
    def walk(value: Any, key: str = "") -> List[Any]:
        if isinstance(value, dict):
            return [x for k, v in value.items() if k not in ("explanation", "explanations") for x in walk(v, k)]
        if isinstance(value, list):
            return [x for v in value for x in walk(v, key)]
        return [(key, value)]

    floats = [(k, v) for k, v in walk(chain.raw) if isinstance(v, float)]
    assert floats == []
    amounts = [(k, v) for k, v in walk(chain.raw) if k in ("mpr", "cap", "cap_quoted", "total", "requirement")]
    assert amounts and all(isinstance(v, Decimal) for _, v in amounts)


def test_markdown_escaping_around_code_spans() -> None:
    from datafee._explain import _escape_markdown_html as esc

    assert esc("a <b> `x <y>` c & d") == "a &lt;b&gt; `x <y>` c &amp; d"
    assert esc("`ok <1>` then ` <script>") == "`ok <1>` then ` &lt;script&gt;"
    assert esc("`a`\n<b> `c`") == "`a`\n&lt;b&gt; `c`"
    doc = datafee.mini_city()
    doc["catalog"]["products"][0]["name"] = "credit <img src=x onerror=alert(1)>"
    md = Scenario(doc).run().working_paper(cap=(2026, "credit", "finance"), format="markdown")._repr_markdown_()
    assert md is not None and "<img" not in md and "&lt;img" in md
    # a backtick in a name pairs with the next one, as CommonMark pairs them: what falls
    # between is a code span, shown literally, never markup
    doc["catalog"]["products"][0]["name"] = "credit ` <img src=x onerror=alert(1)>"
    md = Scenario(doc).run().working_paper(cap=(2026, "credit", "finance"), format="markdown")._repr_markdown_()
    assert md is not None
    for line in md.splitlines():
        if "<img" in line:
            before = line.split("<img")[0]
            assert before.count("`") % 2 == 1, line  # inside an open code span
