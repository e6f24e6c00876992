"""Columnar rating through the Arrow PyCapsule interface (issue 12 items 1-2).

The golden rating vectors go through :func:`datafee.rate_arrow` as pyarrow tables and
must give the record path's figures; bad columns raise typed errors naming the column or
the cell; the tables come back with exact decimals.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import datafee
from conftest import VECTORS, ticks_during

pa = pytest.importorskip("pyarrow")

COLUMNS = ("id", "customer", "product", "scenario", "quantity", "time")


def rating_cases() -> List[Dict[str, Any]]:
    doc = json.loads((VECTORS / "rating.json").read_text(encoding="utf-8"))
    return [c for c in doc["cases"] if c["op"] == "rating.rate" and "expected" in c]


def table_of(records: List[Dict[str, Any]], dictionary: bool = False) -> Any:
    cols = {k: pa.array([r[k] for r in records], pa.string()) for k in COLUMNS}
    if dictionary:
        cols = {k: v.dictionary_encode() for k, v in cols.items()}
    return pa.table(cols)


@pytest.mark.parametrize("case", rating_cases(), ids=lambda c: c["name"][:60])
@pytest.mark.parametrize("dictionary", [False, True])
def test_golden_rating_vectors_through_arrow(case: Dict[str, Any], dictionary: bool) -> None:
    inp = case["input"]
    explain = inp.get("explain", True)
    want = json.loads(datafee._datafee.call("rating.rate", json.dumps({**inp, "keep_records": False})))
    got = datafee.rate_arrow(inp["tariff"], table_of(inp["records"], dictionary), explain=explain, outcomes=True)
    for key in ("records_in", "rated", "charged", "free", "rejected", "rejections_by_reason", "rejected_records_omitted"):
        assert got.summary[key] == want[key], key
    assert {k: (str(v) if isinstance(v, Decimal) else v) for k, v in got.totals.items()} == want["totals"]
    lines = [(inv["customer"], l["product"], l["scenario"], Decimal(l["quantity"]), Decimal(l["amount"])) for inv in want["invoices"] for l in inv["lines"]]
    t = got.lines.to_pydict()
    assert list(zip(t["customer"], t["product"], t["scenario"], t["quantity"], t["amount"])) == lines
    assert got.invoices.column("total").to_pylist() == [Decimal(i["total"]) for i in want["invoices"]]
    assert got.rejected.column("reason").to_pylist() == [r["reason"] for r in want["rejected_records"]]
    assert got.records is not None and got.records.num_rows == len(inp["records"])
    statuses = got.records.column("status").to_pylist()
    assert statuses.count("rejected") == want["rejected"]


def tariff() -> Dict[str, Any]:
    return rating_cases()[0]["input"]["tariff"]


def good() -> Dict[str, Any]:
    return {
        "id": pa.array(["a", "b", "c"]),
        "customer": pa.array(["acme", "acme", "zeta"]),
        "product": pa.array(["credit"] * 3),
        "scenario": pa.array(["fin"] * 3),
        "quantity": pa.array([Decimal("100"), Decimal("250.0"), Decimal("3")], pa.decimal128(10, 1)),
        "time": pa.array(["2025-01-05", "2025-01-06", "2025-01-07"]),
    }


def test_decimal_columns_exact_and_record_batch_input() -> None:
    out = datafee.rate_arrow(tariff(), pa.table(good()))
    assert out.lines.schema.field("amount").type == pa.decimal128(38, 2)
    # 350 calls in the first graduated band (0.50 up to 1000): 175.00; zeta 3 × 0.50 = 1.50.
    assert out.lines.column("amount").to_pylist() == [Decimal("175.00"), Decimal("1.50")]
    batch = pa.record_batch(list(good().values()), names=list(good().keys()))
    again = datafee.rate_arrow(tariff(), batch)
    assert again.lines.equals(out.lines)
    reader = pa.RecordBatchReader.from_batches(batch.schema, [batch.slice(0, 1), batch.slice(1)])
    assert datafee.rate_arrow(tariff(), reader).invoices.equals(out.invoices)


def with_column(name: str, arr: Any) -> Any:
    cols = good()
    cols[name] = arr
    return pa.table(cols)


@pytest.mark.parametrize(
    "name, arr, error, field",
    [
        ("quantity", pa.array([1.0, 2.0, 3.0]), datafee.DecimalNotStringError, "records.quantity"),
        ("id", pa.array([1, 2, 3]), datafee.DatafeeError, "records.id"),
        ("customer", pa.array(["acme", None, "zeta"]), datafee.DatafeeError, "records[1].customer"),
        ("quantity", pa.array(["1", "2", "x"]), datafee.MalformedDecimalError, "records[2].quantity"),
        ("time", pa.array(["2025-01-05", "2025-02-30", "2025-01-05"]), datafee.DatafeeError, "records[1].time"),
    ],
)
def test_bad_columns_are_typed_errors(name: str, arr: Any, error: Any, field: str) -> None:
    with pytest.raises(error) as e:
        datafee.rate_arrow(tariff(), with_column(name, arr))
    assert e.value.field == field
    # The module keeps answering.
    assert datafee.rate_arrow(tariff(), pa.table(good())).rated == 3


def test_not_arrow_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        datafee.rate_arrow(tariff(), [{"id": "a"}])


class _Sized:
    """Arrow data whose ``num_rows`` says what the test wants (a capacity hint only)."""

    def __init__(self, table: Any, num_rows: Any) -> None:
        self._table = table
        self.num_rows = num_rows

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._table.__arrow_c_stream__(requested_schema)


def test_row_count_hint_changes_no_result() -> None:
    """The row count a table tells sizes the duplicate-id set once; a wrong or unusable one
    (too small, negative, not a number) and none at all (a reader) rate alike."""
    n = 5000
    cols = {
        "id": pa.array([f"r{i % 4500}" for i in range(n)]),
        "customer": pa.array([f"c{i % 37}" for i in range(n)]),
        "product": pa.array(["credit"] * n),
        "scenario": pa.array(["fin"] * n),
        "quantity": pa.array([1 + i % 4 for i in range(n)], pa.int64()),
        "time": pa.array([f"2025-01-{1 + i % 28:02d}" for i in range(n)]),
    }
    table = pa.table(cols)
    want = datafee.rate_arrow(tariff(), table)
    by_reason = want.summary["rejections_by_reason"]
    assert by_reason.get("duplicate_id", 0) + by_reason.get("conflicting_duplicate", 0) == 500
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=700))
    for data in (_Sized(table, 3), _Sized(table, -1), _Sized(table, "many"), reader):
        got = datafee.rate_arrow(tariff(), data)
        assert got.summary == want.summary
        assert got.lines.equals(want.lines) and got.rejected.equals(want.rejected)


def test_gil_released_while_rating_arrow() -> None:
    """Another Python thread runs while ``rate_arrow`` rates (see
    ``conftest.ticks_during`` for the ticker's reasoning)."""
    n = 300_000
    table = pa.table(
        {
            "id": pa.array([f"u{i}" for i in range(n)]),
            "customer": pa.array([f"c{i % 1000}" for i in range(n)]),
            "product": pa.array(["credit"] * n),
            "scenario": pa.array(["fin"] * n),
            "quantity": pa.array([1] * n, pa.int64()),
            "time": pa.array(["2025-01-05"] * n),
        }
    )
    reader_batches = table.to_batches(max_chunksize=65_536)
    out, during, took = ticks_during(lambda: datafee.rate_arrow(tariff(), pa.RecordBatchReader.from_batches(table.schema, reader_batches)))
    assert out.rated == n
    assert during >= 10, f"the ticker advanced {during} times during a {took:.3f} s rating"
