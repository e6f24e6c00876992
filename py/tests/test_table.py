"""datafee.Table: text, HTML and pandas views of result rows."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any, Dict, List

import pytest

from datafee import Table

ROWS: List[Dict[str, Any]] = [
    {"product": "2026", "scenario": "industry", "cap": Decimal("0.10"), "volume": 3},
    {"product": "p<2>", "scenario": "a&b", "cap": Decimal("12.345"), "volume": 10, "note": "x"},
    {"product": "p3", "scenario": "free", "cap": None, "volume": 0},
]


def test_sequence_behaviour() -> None:
    t = Table(ROWS, title="Caps")
    assert len(t) == 3 and t[0]["product"] == "2026" and list(t) == t.rows
    assert t.columns == ["product", "scenario", "cap", "volume", "note"]
    assert t.column("note") == [None, "x", None]
    assert isinstance(t[1:], Table) and len(t[1:]) == 2 and t[1:].columns == t.columns
    assert t == Table(ROWS, title="other") and t != Table(ROWS[:2])
    assert Table(ROWS, columns=["cap"]).columns == ["cap"]
    t[0]["cap"] = Decimal(1)
    assert ROWS[0]["cap"] == Decimal("0.10"), "rows are copied"


def test_text_repr() -> None:
    text = repr(Table(ROWS, columns=["product", "cap", "volume"], title="Caps"))
    assert text.splitlines() == [
        "Caps",
        "product     cap  volume",
        "-------  ------  ------",
        "2026       0.10       3",
        "p<2>     12.345      10",
        "p3                    0",
    ]
    assert repr(Table([])) == "(empty table, 0 rows)"
    assert "1E-7" not in repr(Table([{"x": Decimal("0.0000001")}]))


def test_long_tables_are_summarized() -> None:
    t = Table([{"i": i} for i in range(100)])
    lines = repr(t).splitlines()
    assert lines[-1] == "... 40 more rows (100 in all)" and len(lines) == 2 + 60 + 1
    assert "... 40 more rows" in t._repr_html_()


def test_html_is_escaped() -> None:
    h = Table(ROWS, title="<b>Caps</b>")._repr_html_()
    assert h.startswith('<table class="datafee-table"><caption>&lt;b&gt;Caps&lt;/b&gt;</caption>')
    assert "<td>p&lt;2&gt;</td>" in h and "<td>a&amp;b</td>" in h
    assert '<td style="text-align:right">12.345</td>' in h
    assert "<b>" not in h and "p<2>" not in h
    assert h.count("<tr>") == 4 and h.endswith("</tbody></table>")
    nested = Table([{"x": {"a": "<script>"}, "y": [Decimal("1.0"), True]}])._repr_html_()
    assert "<script>" not in nested and "&lt;script&gt;" in nested and "[&quot;1.0&quot;,true]" in nested


def test_to_pandas_keeps_decimals() -> None:
    pd = pytest.importorskip("pandas")
    df = Table(ROWS).to_pandas()
    assert list(df.columns) == ["product", "scenario", "cap", "volume", "note"]
    assert df["cap"].dtype == object
    assert df["cap"].tolist() == [Decimal("0.10"), Decimal("12.345"), None]
    assert all(type(v) is Decimal for v in df["cap"].tolist()[:2])
    assert str(df["cap"][1]) == "12.345"
    assert pd.api.types.is_integer_dtype(df["volume"])
    assert df["note"].dtype == object and df["note"].tolist() == [None, "x", None]
    assert df["product"].tolist() == ["2026", "p<2>", "p3"]
    for c in df.columns:
        assert not pd.api.types.is_float_dtype(df[c]), c
    # ints with a gap must not become floats with NaN
    gap = Table([{"n": 1}, {}]).to_pandas()
    assert gap["n"].dtype == object and gap["n"].tolist() == [1, None]
    assert Table([]).to_pandas().empty


def test_pickles() -> None:
    t = Table(ROWS, title="Caps")
    again = pickle.loads(pickle.dumps(t))
    assert again == t and again.title == "Caps"
