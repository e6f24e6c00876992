"""Rating on Apache Spark (issue 12 item 4): :func:`datafee.spark.rate` against the engine.

PySpark in local mode (``local[2]``) rates synthetic usage with rejects, replays and
conflicting duplicates, partitioned by id hash; the invoices, lines, counts and totals must
equal those of :func:`datafee.rate_arrow` and :func:`datafee.rate` on the same records, to
the last digit, and every rejected record must come back in the rejected ``DataFrame``.

The test rates 1,000,000 records (about 25 s on two shared cores, Spark's start
included; ``DATAFEE_SPARK_RECORDS=100000`` for a quicker run); ``benches/compare_spark.py``
times the same comparison (figures in ``benches/README.md``).
"""

from __future__ import annotations

import os
import shutil
import sys
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Tuple

import pytest

pytest.importorskip("pyspark")
pa = pytest.importorskip("pyarrow")
pytest.importorskip("numpy")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("PySpark needs Java (17+)", allow_module_level=True)

import datafee  # noqa: E402
import datafee.spark  # noqa: E402
from spark_usage import tariff, usage  # noqa: E402

# PySpark 4.x warns about pandas 3 on import of its Arrow helpers; datafee.spark uses no pandas.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

N = int(os.environ.get("DATAFEE_SPARK_RECORDS", "1000000"))


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # The Python workers run this interpreter (the venv with datafee and pyarrow).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    session = (
        SparkSession.builder.master("local[2]")
        .appName("datafee-test-spark")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    yield session
    session.stop()


def line_rows(raw_invoices: List[Dict[str, Any]]) -> List[Tuple[Any, ...]]:
    """The lines of ``datafee.rate``'s invoices as (customer, product, scenario, records, quantity, charge, amount)."""
    return [
        (inv["customer"], l["product"], l["scenario"], l["records"], Decimal(str(l["quantity"])), Decimal(str(l["charge"])), Decimal(str(l["amount"])))
        for inv in raw_invoices
        for l in inv["lines"]
    ]


def test_spark_rate_equals_the_engine_on_synthetic_usage(spark: Any) -> None:
    t = tariff()
    table = usage(N)
    df = spark.createDataFrame(table)
    got = datafee.spark.rate(df, t, partitions=4)
    try:
        want = datafee.rate_arrow(t, table)
        # Invoices and lines: every column, exact decimals (decimal128), the same order.
        assert got.invoices.equals(want.invoices)
        assert got.lines.equals(want.lines)
        assert got.totals == want.totals
        for key in ("records_in", "rated", "charged", "free", "rejected", "rejections_by_reason", "products"):
            assert got.summary[key] == want.summary[key], key
        assert got.records_in == N == got.rated + got.rejected_count
        assert got.partitions == 4
        assert repr(got).startswith(f"SparkRating: {N} records in = ")
        assert "rejected_records" not in got.summary  # partition-local positions: the DataFrame has them all
        assert got.rejected_count > 0 and got.rejections_by_reason["duplicate_id"] > 0 and got.rejections_by_reason["conflicting_duplicate"] > 0
        # Every rejected record is in Spark, once, with its reason (the input columns kept).
        rejected = got.rejected
        assert rejected.columns == list(df.columns) + ["reason", "value"]
        assert rejected.count() == got.rejected_count
        by_reason = {r["reason"]: r["count"] for r in rejected.groupBy("reason").count().collect()}
        assert by_reason == {k: v for k, v in got.rejections_by_reason.items() if v}
        # The first listed rejections of the engine are among them (same id, reason, value).
        listed = want.rejected.slice(0, 50).to_pylist()
        ids = [r["id"] for r in listed]
        found = {(r["id"], r["reason"], r["value"]) for r in rejected.where(rejected.id.isin(ids)).select("id", "reason", "value").collect()}
        assert {(r["id"], r["reason"], r["value"]) for r in listed} <= found
    finally:
        got.unpersist()
    # The record path (datafee.rate) gives the same invoices.
    record = datafee.rate(t, table, explain=False).raw
    assert line_rows(record["invoices"]) == list(
        zip(*(got.lines.column(c).to_pylist() for c in ("customer", "product", "scenario", "records", "quantity", "charge", "amount")))
    )
    assert [Decimal(str(i["total"])) for i in record["invoices"]] == got.invoices.column("total").to_pylist()
    assert str(record["totals"]["total"]) == str(got.totals["total"])


def test_spark_rate_order_and_errors(spark: Any) -> None:
    t = tariff()
    table = usage(2000, seed=3)
    df = spark.createDataFrame(table)
    # Without the input order, conflicting duplicates may resolve differently, but the
    # counts still add up; with an explicit order column the result is deterministic.
    loose = datafee.spark.rate(df, t, partitions=3, order=None)
    assert loose.records_in == 2000 == loose.rated + loose.rejected_count
    loose.unpersist()
    # Empty partitions (8 partitions for 5 records; an empty input) add nothing.
    few = datafee.spark.rate(spark.createDataFrame(table.slice(0, 5)), t, partitions=8)
    assert few.records_in == 5 and few.partitions <= 5
    assert few.invoices.equals(datafee.rate_arrow(t, table.slice(0, 5)).invoices)
    few.unpersist()
    none = datafee.spark.rate(spark.createDataFrame(table.slice(0, 0)), t, partitions=2)
    assert (none.records_in, none.invoices.num_rows, none.rejected.count()) == (0, 0, 0)
    none.unpersist()
    with pytest.raises(ValueError, match="no id column"):
        datafee.spark.rate(df.drop("id"), t)
    with pytest.raises(ValueError, match="reason"):
        datafee.spark.rate(df.withColumn("reason", df.id), t)
    # A float quantity is refused by the engine in the executor: the job fails naming the column.
    from pyspark.sql import functions as F

    with pytest.raises(Exception, match="records.quantity"):
        datafee.spark.rate(df.withColumn("quantity", F.col("quantity").cast("double")), t, partitions=2)


def test_merge_of_partial_states_in_process() -> None:
    """The native pieces without Spark: partitions by id, states merged = one rating."""
    t = tariff()
    table = usage(5000, seed=5)
    tj = datafee._tariff.tariff_json(t)
    parts = [[], [], []]  # type: List[List[int]]
    for i, id_ in enumerate(table.column("id").to_pylist()):
        parts[hash(id_) % 3].append(i)
    states = []
    rejected = 0
    for rows in parts:
        r = datafee._datafee._PartialRater(tj)
        for lo in range(0, len(rows), 700):
            rejected += pa.table(r.push(table.take(rows[lo : lo + 700]).to_batches()[0])).num_rows
        states.append(r.state())
    summary, invoices, lines, _, records = datafee._datafee.rate_merge(tj, states)
    want = datafee.rate_arrow(t, table)
    assert pa.table(invoices).equals(want.invoices) and pa.table(lines).equals(want.lines)
    assert rejected == want.rejected_count and records is None
    with pytest.raises(datafee.DatafeeError) as e:
        datafee._datafee.rate_merge(tj, [states[0], b"{}"])
    assert e.value.field.startswith("states[1]")
