"""Columnar rating (列式计费) on Apache Arrow: usage in, pyarrow tables out, no Python objects per record.

:func:`rate_arrow` hands the engine anything that speaks the Arrow PyCapsule interface
(``__arrow_c_stream__`` or ``__arrow_c_array__``): a pyarrow ``Table``, ``RecordBatch`` or
``RecordBatchReader``, a polars ``DataFrame``, a DuckDB result, pandas through
``pyarrow.Table.from_pandas``. The engine reads the batches one by one through the C data
interface (no value becomes a Python object) and rates them with the same rules as
:func:`datafee.rate`, each batch with the GIL released (other Python threads run meanwhile;
a batch is Rust memory once imported); the invoices, lines and rejections come back as pyarrow tables whose
money columns are ``decimal128`` (exact: ``to_pandas()`` gives ``decimal.Decimal``).

Columns (by name; others are ignored): ``id``, ``customer``, ``product``, ``scenario``
(string, large string, string view or dictionary), ``quantity`` (decimal, integer or
decimal strings; a float column is refused with ``DecimalNotString``), ``time`` (date32,
date64, timestamp without a zone or with a fixed offset, or ``YYYY-MM-DD[THH:MM:SS]``
strings). A wrong type, a null or a malformed value raises a ``DatafeeError`` naming the
column (``records.quantity``) or the cell (``records[12].time``).

>>> import pyarrow as pa
>>> from datafee import Scenario, mini_city, rate_arrow
>>> city = Scenario.from_dict(mini_city())
>>> usage = pa.table({"id": ["u1", "u2", "u3"], "customer": ["bank", "bank", "city"],
...                   "product": ["credit"] * 3, "scenario": ["finance", "finance", "governance"],
...                   "quantity": pa.array([400, 600, 50], pa.int64()),
...                   "time": ["2026-03-01", "2026-03-02", "2026-03-02"]})
>>> r = rate_arrow(city.tariff(2026), usage)
>>> (r.records_in, r.rated, r.rejected_count)
(3, 3, 0)
>>> r.lines.column("amount").to_pylist()
[Decimal('1500.00'), Decimal('0.00')]
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from . import _datafee
from ._convert import decode_output
from ._engine import loads
from ._tariff import TariffSource, tariff_json

__all__ = ["ArrowRating", "rate_arrow"]


def rate_arrow(tariff: TariffSource, data: Any, *, explain: bool = False, outcomes: bool = False) -> "ArrowRating":
    """Rate Arrow usage data against a tariff; an :class:`ArrowRating` of pyarrow tables.

    - ``tariff``: a :class:`~datafee.Tariff`, a dict in the engine's format, or its JSON text;
    - ``data``: any object with ``__arrow_c_stream__`` or ``__arrow_c_array__``;
    - ``explain``: attach working papers to the first invoices (off by default here);
    - ``outcomes``: also return :attr:`ArrowRating.records`, one row per input record.

    The GIL is released while each batch is rated. When ``data`` tells its length
    (``num_rows``: a pyarrow ``Table`` or ``RecordBatch``; ``height``: a polars
    ``DataFrame``), the duplicate-id set is sized once for it (a capacity hint only).
    """
    if not (hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__")):
        raise TypeError("rate_arrow takes an object with the Arrow PyCapsule interface (a pyarrow Table, a polars DataFrame, ...)")
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    summary, invoices, lines, rejected, records = _datafee.rate_arrow(tariff_json(tariff), data, explain, outcomes)
    return ArrowRating(
        decode_output(loads(summary)),
        pa.table(invoices),
        pa.table(lines),
        pa.table(rejected),
        None if records is None else pa.table(records),
    )


class ArrowRating:
    """The result of :func:`rate_arrow`: counts and totals, and the tables as pyarrow ``Table``."""

    def __init__(self, summary: Dict[str, Any], invoices: Any, lines: Any, rejected: Any, records: Optional[Any]) -> None:
        self.summary = summary
        """The engine's result without invoices (counts, rejections by reason, totals, products)."""
        self.invoices = invoices
        """One row per invoice (customer, lines, lines_total, subtotal, vat_rate, vat, total, prices_include_vat)."""
        self.lines = lines
        """One row per invoice line (customer, product, scenario, ..., charge, amount, note)."""
        self.rejected = rejected
        """The listed rejections (index, id, reason, value); :attr:`rejections_by_reason` counts all."""
        self.records = records
        """One row per record (index, status, reason) when asked for, else ``None``."""

    @property
    def records_in(self) -> int:
        """Records received."""
        return int(self.summary["records_in"])

    @property
    def rated(self) -> int:
        """Records rated (charged or free)."""
        return int(self.summary["rated"])

    @property
    def rejected_count(self) -> int:
        """Records rejected (same as :attr:`rejected`'s total count, listed or not)."""
        return int(self.summary["rejected"])

    @property
    def rejections_by_reason(self) -> Dict[str, int]:
        """Rejections per reason code (every reason, zero when none)."""
        return {str(k): int(v) for k, v in self.summary["rejections_by_reason"].items()}

    @property
    def totals(self) -> Dict[str, Any]:
        """Totals over the invoices (decimals as ``Decimal``)."""
        return dict(self.summary["totals"])

    def __repr__(self) -> str:
        t = self.totals
        return (
            f"ArrowRating: {self.records_in} records in = {self.rated} rated + {self.rejected_count} rejected; "
            f"{self.invoices.num_rows} invoices, {self.lines.num_rows} lines; total {t['total']}"
        )
