"""The columnar split (issue 12 item 2): Arrow weights in, a pyarrow table of shares out,
the same shares as the dict path, adding up to the amount; bad columns named."""

from __future__ import annotations

from decimal import Decimal

import pytest

import datafee

pa = pytest.importorskip("pyarrow")


def test_same_shares_as_the_dict_path() -> None:
    ids = [f"p{i:04d}" for i in range(2000)]
    weights = [Decimal(i % 97 + 1) / 100 for i in range(2000)]
    want = datafee.split("123456.78", dict(zip(ids, weights))).shares
    table = pa.table({"id": ids, "weight": pa.array(weights, pa.decimal128(10, 2))})
    got = datafee.split("123456.78", table)
    assert isinstance(got, datafee.ArrowSplit)
    assert got.shares == want
    assert sum(got.table.column("share").to_pylist()) == Decimal("123456.78")
    # Decimal strings, dictionary ids, a record-batch reader: the same shares.
    t2 = pa.table({"id": pa.array(ids).dictionary_encode(), "weight": [str(w) for w in weights]})
    reader = pa.RecordBatchReader.from_batches(t2.schema, t2.to_batches(max_chunksize=300))
    assert datafee.split_arrow(Decimal("123456.78"), reader).shares == want


def test_positions_as_ids_and_rounding() -> None:
    s = datafee.split("10", pa.table({"weight": pa.array([1, 1, 1], pa.int32())}), rounding={"unit": "1", "mode": "half_up"})
    assert s.table.column("id").to_pylist() == ["0", "1", "2"]
    assert s.table.column("share").to_pylist() == [Decimal(4), Decimal(3), Decimal(3)]
    assert "ArrowSplit of 10 among 3 parties" in repr(s)


@pytest.mark.parametrize(
    "table, code, field",
    [
        (lambda: pa.table({"weight": pa.array([0.5, 0.5])}), "decimal_not_string", "parties.weight"),
        (lambda: pa.table({"weight": ["1", None]}), "missing", "parties[1].weight"),
        (lambda: pa.table({"weight": ["1", "x"]}), "malformed_decimal", "parties[1].weight"),
        (lambda: pa.table({"w": ["1"]}), "missing", "parties.weight"),
        (lambda: pa.table({"id": ["a", "a"], "weight": [1, 2]}), "duplicate_id", None),
        (lambda: pa.table({"weight": [1, -1]}), "out_of_range", None),
    ],
)
def test_bad_columns_are_named(table, code, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(datafee.DatafeeError) as e:
        datafee.split("10.00", table())
    assert e.value.code == code
    if field is not None:
        assert e.value.field == field


def test_maximums_are_not_taken_with_arrow() -> None:
    with pytest.raises(TypeError):
        datafee.split("10.00", pa.table({"id": ["a"], "weight": [1]}), maximums={"a": "1"})
