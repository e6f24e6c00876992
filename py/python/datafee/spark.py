"""Rating on Apache Spark (分布式计费): :func:`rate` rates a PySpark ``DataFrame`` of usage.

How it works (the rules are the engine's; this module only moves data):

1. the records are **repartitioned by a hash of their id** (``df.repartition(n, id)``), so
   that every record of an id, hence every duplicate or replay, is in one partition;
2. by default they are sorted within each partition by their position in the input
   (``monotonically_increasing_id`` taken before the shuffle), so that of two records
   sharing an id the first in input order is rated, as :func:`datafee.rate` does;
3. each partition is rated by the engine in the Python worker (``mapInArrow``, Arrow batches
   straight into Rust, see :func:`datafee.rate_arrow`); the worker yields the partition's
   **rejected records** (its input columns plus ``reason`` and ``value``) and, last, its
   **partial state**: the counts and one aggregate per (customer, product, scenario, fee in
   force), without the ids; a few kilobytes, not one row per record;
4. the driver collects the partial states, merges them and prices every aggregate once
   (``_datafee.rate_merge``): tiers, minimum charges and caps apply to the whole period's
   sums, so the invoices equal those of :func:`datafee.rate` on the same records, to the
   last digit; the rejected records stay in Spark as a ``DataFrame``.

The columns are those of :func:`datafee.rate_arrow` (``id``, ``customer``, ``product``,
``scenario`` as strings; ``quantity`` decimal, integer or decimal strings, **never** a
double; ``time`` a date, a timestamp or text); other columns are ignored by the engine and
kept on the rejected records. A null in one of those columns, a float quantity or a
malformed value fails the Spark job with the engine's error (``records[12].time: ...``).

On a cluster the same function runs unchanged; the executors need the ``datafee`` wheel
(abi3: one wheel for CPython 3.9+ on the executors' platform, e.g. manylinux x86_64) and
pyarrow. Ship them as a packed virtual environment (Spark's "Python Package Management"):
``--py-files`` cannot carry datafee, because its native module cannot be imported from a
zip file::

    python -m venv env && env/bin/pip install datafee-*.whl pyarrow venv-pack
    env/bin/venv-pack -o datafee_env.tar.gz
    export PYSPARK_PYTHON=./environment/bin/python
    spark-submit --master yarn --deploy-mode cluster \
        --archives datafee_env.tar.gz#environment \
        --conf spark.executor.pyspark.memory=1g \
        my_billing_job.py

(``conda-pack`` works the same way; on Kubernetes, an image with the wheel installed.)

with, in ``my_billing_job.py``::

    import datafee, datafee.spark
    usage = spark.read.parquet("s3://bucket/usage/2026-03/")
    tariff = datafee.Scenario.load("city.toml").tariff(2026)
    result = datafee.spark.rate(usage, tariff, partitions=200)
    result.invoices.to_pandas()          # on the driver: one row per customer
    result.rejected.write.parquet("s3://bucket/rejected/2026-03/")
    result.unpersist()

Memory per executor (Python worker memory, ``spark.executor.pyspark.memory``): a task holds
one partition's rater at a time, which keeps every distinct id of its partition (about the
id's length plus 40 bytes; 1.5 MB for 25,000 ids of 20 characters) plus about 64 bytes per
aggregate, and one Arrow batch (``spark.sql.execution.arrow.maxRecordsPerBatch``, 10,000
rows by default). Choose ``partitions`` so that a partition holds at most a few million
ids: with ``P`` partitions over ``N`` records, a worker needs about ``N / P × (id length +
40)`` bytes plus ~100 MB for the interpreter, pyarrow and datafee, times the executor's
concurrent tasks (``spark.executor.cores``). 100 million records with ids of 20 characters
in 200 partitions: 30 MB per task; 4 cores per executor: ``spark.executor.pyspark.memory=1g``
is ample. The driver receives one partial state per partition (about 60 bytes per
aggregate) and the invoices; the rejected records never reach it.
"""

from __future__ import annotations

import importlib
from typing import Any, Dict, Iterator, Optional

from . import _datafee
from ._arrow_rating import ArrowRating
from ._convert import decode_output
from ._engine import loads
from ._tariff import TariffSource, tariff_json

__all__ = ["SparkRating", "rate"]

# Internal columns of the partitions' output (the input must not use these names).
_STATE = "__datafee_state"
_ORDER = "__datafee_order"
_REASON = "reason"
_VALUE = "value"


def rate(
    df: Any,
    tariff: TariffSource,
    *,
    partitions: Optional[int] = None,
    id_column: str = "id",
    order: Optional[str] = "input",
    explain: bool = False,
) -> "SparkRating":
    """Rate a PySpark ``DataFrame`` of usage against a tariff; a :class:`SparkRating`.

    - ``df``: a ``pyspark.sql.DataFrame`` with the columns of :func:`datafee.rate_arrow`;
    - ``tariff``: a :class:`~datafee.Tariff`, a dict in the engine's format, or its JSON text;
    - ``partitions``: how many partitions to rate in (by a hash of ``id_column``); by default
      ``spark.sql.shuffle.partitions``;
    - ``order``: ``"input"`` (default) sorts each partition by the records' position in
      ``df`` so that, of two records sharing an id, the first in input order is rated, as
      :func:`datafee.rate` does; a column name sorts by that column instead; ``None`` skips
      the sort (faster; replays are still rejected, but which of two *conflicting*
      records with one id is rated is then arbitrary);
    - ``explain``: attach working papers to the first invoices.

    The rated partitions are computed once and persisted (memory and disk) because the
    rejected records are read from them: call :meth:`SparkRating.unpersist` when done.
    """
    F = importlib.import_module("pyspark.sql.functions")
    T = importlib.import_module("pyspark.sql.types")
    StorageLevel = importlib.import_module("pyspark").StorageLevel

    tj = tariff_json(tariff)
    names = list(df.columns)
    for reserved in (_STATE, _ORDER, _REASON, _VALUE):
        if reserved in names:
            raise ValueError(f"datafee.spark.rate: the input has a column named {reserved!r}, which the output of the rating uses")
    if id_column not in names:
        raise ValueError(f"datafee.spark.rate: no id column {id_column!r} in {names}")
    if order not in (None, "input") and order not in names:
        raise ValueError(f"datafee.spark.rate: no order column {order!r} in {names}")

    src = df.withColumn(_ORDER, F.monotonically_increasing_id()) if order == "input" else df
    parts = src.repartition(partitions, F.col(id_column)) if partitions else src.repartition(F.col(id_column))
    if order is not None:
        parts = parts.sortWithinPartitions(_ORDER if order == "input" else order)
    if order == "input":
        parts = parts.drop(_ORDER)

    fields = [T.StructField(f.name, f.dataType, True) for f in df.schema.fields]
    out_schema = T.StructType(
        fields
        + [
            T.StructField(_REASON, T.StringType(), True),
            T.StructField(_VALUE, T.StringType(), True),
            T.StructField(_STATE, T.BinaryType(), True),
        ]
    )
    rated = parts.mapInArrow(_partition_rater(tj), out_schema).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        states = [bytes(r[0]) for r in rated.where(F.col(_STATE).isNotNull()).select(_STATE).collect()]
        summary, invoices, lines, _listed, _ = _datafee.rate_merge(tj, states, explain)
    except BaseException:
        rated.unpersist()
        raise
    rejected = rated.where(F.col(_STATE).isNull()).drop(_STATE)
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    decoded = decode_output(loads(summary))
    # The engine's listed rejections carry partition-local positions here: the rejected
    # DataFrame has them all instead.
    decoded.pop("rejected_records", None)
    decoded.pop("rejected_records_omitted", None)
    return SparkRating(decoded, pa.table(invoices), pa.table(lines), rejected, rated, len(states))


def _partition_rater(tj: str) -> Any:
    """The function ``mapInArrow`` runs on each partition (pickled to the Python workers)."""

    def rate_partition(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

        from datafee import _datafee as native

        rater = native._PartialRater(tj)
        schema = None
        for b in batches:
            schema = b.schema
            rej = pa.table(rater.push(b)).combine_chunks()
            if rej.num_rows:
                row, reason, value = (rej.column(c).chunk(0) for c in ("row", "reason", "value"))
                taken = b.take(row)
                yield pa.RecordBatch.from_arrays(
                    list(taken.columns) + [reason, value, pa.nulls(taken.num_rows, pa.binary())],
                    names=list(b.schema.names) + [_REASON, _VALUE, _STATE],
                )
        if schema is None:
            return  # an empty partition adds nothing to the merge
        # Last: the partition's partial state, one row whose other columns are null.
        yield pa.RecordBatch.from_arrays(
            [pa.nulls(1, f.type) for f in schema] + [pa.nulls(1, pa.string()), pa.nulls(1, pa.string()), pa.array([rater.state()], pa.binary())],
            names=list(schema.names) + [_REASON, _VALUE, _STATE],
        )

    return rate_partition


class SparkRating(ArrowRating):
    """The result of :func:`rate`: the counts, totals, invoices and lines (pyarrow tables, on
    the driver) of :class:`~datafee.ArrowRating`, with :attr:`rejected` a Spark ``DataFrame``
    of every rejected record (its input columns plus ``reason`` and ``value``). The summary
    has no ``rejected_records`` list (its positions would be partition-local); the counts
    per reason are in :attr:`rejections_by_reason`."""

    def __init__(self, summary: Dict[str, Any], invoices: Any, lines: Any, rejected: Any, persisted: Any, partitions: int) -> None:
        super().__init__(summary, invoices, lines, rejected, None)
        self.partitions = partitions
        """How many partial states were merged (one per non-empty partition)."""
        self._persisted = persisted

    def unpersist(self) -> None:
        """Release the persisted rated partitions (after using :attr:`rejected`)."""
        self._persisted.unpersist()

    def __repr__(self) -> str:
        return super().__repr__().replace("ArrowRating", "SparkRating", 1) + f"; {self.partitions} partitions"
