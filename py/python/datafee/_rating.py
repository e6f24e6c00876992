"""Bulk rating (批量计费): usage records priced against a tariff, into invoices.

:func:`rate` hands the usage to the engine as columns of text (:mod:`datafee._usage`) and
rates them with the engine's streaming rater (``datafee::rating::Rater``), the same rules as
the ``rating.rate`` operation: each record is rated under the fee in force on its day or
rejected with a reason; quantities are summed per (customer, product, scenario, fee in
force) and each sum is priced once; every invoice line is rounded once and never above
``cap × billed quantity``; VAT is rounded once per invoice. The interpreter's lock (GIL) is
released while the engine parses and rates, so other Python threads run meanwhile; there is
no limit on the number of records beyond memory (``rating.rate`` takes at most a million).

The :class:`Rating` shows the counts and the invoices, products and rejections as
:class:`~datafee.Table` objects; :meth:`Rating.actual` gives the actual volume and revenue
per (product, scenario) that the periodic review reads, computed by the engine
(``ActualLine::from_rating``).

>>> from datafee import Scenario, mini_city, rate
>>> city = Scenario.from_dict(mini_city())
>>> usage = [
...     {"id": "u1", "customer": "bank", "product": "credit", "scenario": "finance", "quantity": 400, "time": "2026-03-01"},
...     {"id": "u2", "customer": "bank", "product": "credit", "scenario": "finance", "quantity": 600, "time": "2026-03-02"},
...     {"id": "u3", "customer": "city", "product": "credit", "scenario": "governance", "quantity": 50, "time": "2026-03-02"},
...     {"id": "u4", "customer": "farm", "product": "land", "scenario": "agri", "quantity": 0, "time": "2026-03-02"},
... ]
>>> r = rate(city.tariff(2026), usage)
>>> r
Rating [2026-01-01, 2027-01-01): 4 records in = 3 rated (2 charged, 1 free) + 1 rejected
2 invoices, 2 lines: subtotal 1500.00 + VAT 90.00 = total 1590.00
rejected: non_positive_quantity 1
>>> r.invoices.column("amount")
[Decimal('1500.00'), Decimal('0.00')]
>>> r.actual()
[{'product': 'credit', 'scenario': 'finance', 'volume': Decimal('1000'), 'revenue': Decimal('1500.00')}, {'product': 'credit', 'scenario': 'governance', 'volume': Decimal('50'), 'revenue': Decimal('0.00')}]
"""

from __future__ import annotations

import copy
import html
from typing import Any, Dict, List, Mapping, Optional, Tuple

from . import _datafee
from ._convert import decode_output
from ._engine import loads
from ._explain import Explanation
from ._rows import row
from ._table import Table
from ._tariff import TariffSource, tariff_json
from ._usage import Usage, usage_columns

__all__ = ["Rating", "rate", "LINE_COLUMNS", "INVOICE_COLUMNS", "PRODUCT_COLUMNS", "REJECTION_COLUMNS"]

#: Columns of :attr:`Rating.invoices` (one row per invoice line).
LINE_COLUMNS = (
    "customer",
    "product",
    "scenario",
    "category",
    "free",
    "free_reason",
    "effective",
    "schedule",
    "records",
    "quantity",
    "billed_quantity",
    "cap",
    "cap_limit",
    "charge",
    "amount",
    "note",
)

#: Columns of :attr:`Rating.invoice_totals` (one row per invoice).
INVOICE_COLUMNS = ("customer", "lines", "lines_total", "subtotal", "vat_rate", "vat", "total", "prices_include_vat")

#: Columns of :attr:`Rating.products`.
PRODUCT_COLUMNS = ("product", "records", "quantity", "free_records", "free_quantity", "revenue")

#: Columns of :attr:`Rating.rejections`.
REJECTION_COLUMNS = ("index", "id", "reason", "value")


def rate(tariff: TariffSource, usage: Usage, keep_records: bool = False, *, explain: bool = True) -> Rating:
    """Rate usage against a tariff (the engine's ``Rater``, GIL released); a :class:`Rating`.

    - ``tariff``: a :class:`~datafee.Tariff` (:meth:`Scenario.tariff`), a dict in the
      engine's format, or its JSON text;
    - ``usage``: a pandas ``DataFrame`` (columns ``id``, ``customer``, ``product``,
      ``scenario``, ``quantity``, ``time``), a pyarrow ``Table``/``RecordBatch``, a dict of
      columns, or an iterable of dicts (see :mod:`datafee._usage`). A float quantity raises
      ``TypeError``;
    - ``keep_records``: also return every record's outcome (:attr:`Rating.records`);
    - ``explain``: attach a working paper to every invoice line (turn off for very many lines).

    A malformed quantity or time refuses the whole batch (``records[i].quantity``); every
    other problem of a record rejects that record only, with a reason.
    """
    text = tariff_json(tariff)
    columns = usage_columns(usage)
    out = loads(
        _datafee.rate_columns(
            text,
            columns["id"],
            columns["customer"],
            columns["product"],
            columns["scenario"],
            columns["quantity"],
            columns["time"],
            keep_records,
            explain,
        )
    )
    return Rating(out["rating"], out["actual"])


def _decode_rating(raw: Mapping[str, Any]) -> Dict[str, Any]:
    """Decode a ``rating.rate`` document; a rejection's ``value`` stays the engine's text."""
    rest = {k: v for k, v in raw.items() if k != "rejected_records"}
    out: Dict[str, Any] = decode_output(rest)
    out["rejected_records"] = [{**decode_output(r), "value": r.get("value")} for r in raw.get("rejected_records", [])]
    return out


class Rating:
    """The result of rating usage (:func:`rate`): counts, invoices, products, rejections.

    Invariants (the engine's): ``records_in = rated + rejected``, ``rated = charged + free``;
    every invoice's lines add up to its ``lines_total`` and ``subtotal + vat = total``.
    ``raw`` is the engine's ``rating.rate`` document with decimals as ``Decimal`` (a
    rejection's ``value`` stays text).
    """

    def __init__(self, raw: Mapping[str, Any], actual: List[Mapping[str, Any]]) -> None:
        # The engine's document as read from its JSON text; decimals are decoded to ``Decimal``
        # once, on the first access that needs them (``raw``, the tables, the totals): decoding
        # is the costly part of a large result (200,000 one-customer invoices: ~4 s of Python
        # against ~1 s of rating), and the counts do not need it.
        self._plain: Mapping[str, Any] = raw
        self._decoded: Optional[Dict[str, Any]] = None
        self._actual_plain = actual
        self._actual_decoded: Optional[List[Dict[str, Any]]] = None

    @property
    def _raw(self) -> Dict[str, Any]:
        if self._decoded is None:
            self._decoded = _decode_rating(self._plain)
        return self._decoded

    @property
    def _actual(self) -> List[Dict[str, Any]]:
        if self._actual_decoded is None:
            self._actual_decoded = decode_output([dict(a) for a in self._actual_plain])
        return self._actual_decoded

    # -- counts -------------------------------------------------------------------------
    @property
    def raw(self) -> Dict[str, Any]:
        """The engine's result document (``rating.rate``), decimals as ``Decimal``."""
        return self._raw

    @property
    def period(self) -> Tuple[str, str]:
        """The billing period ``(start, end)``, ``end`` exclusive."""
        p = self._plain["period"]
        return str(p["start"]), str(p["end"])

    @property
    def records_in(self) -> int:
        """Records received."""
        return int(self._plain["records_in"])

    @property
    def rated(self) -> int:
        """Records rated (charged or free)."""
        return int(self._plain["rated"])

    @property
    def charged(self) -> int:
        """Records rated under a published fee."""
        return int(self._plain["charged"])

    @property
    def free(self) -> int:
        """Records rated free (public governance 公共治理 / public welfare 公益事业)."""
        return int(self._plain["free"])

    @property
    def rejected(self) -> int:
        """Records rejected."""
        return int(self._plain["rejected"])

    @property
    def rejections_by_reason(self) -> Dict[str, int]:
        """Rejections per reason code (every reason, zero when none)."""
        return {str(k): int(v) for k, v in self._plain["rejections_by_reason"].items()}

    @property
    def totals(self) -> Dict[str, Any]:
        """Totals over the invoices: ``invoices``, ``lines``, ``charged_records``, ``free_records``,
        ``free_quantity``, ``lines_total``, ``subtotal``, ``vat``, ``total``."""
        return dict(self._raw["totals"])

    @property
    def explanation(self) -> Explanation:
        """The working paper (底稿) of the totals."""
        return Explanation.from_dict(self._raw["explanation"])

    # -- tables -------------------------------------------------------------------------
    @property
    def invoices(self) -> Table:
        """Every invoice line, one row each, with its customer (free lines included)."""
        rows = [row({"customer": inv["customer"], **line}, LINE_COLUMNS) for inv in self._raw["invoices"] for line in inv["lines"]]
        return Table(rows, columns=list(LINE_COLUMNS), title="Invoice lines 账单明细")

    @property
    def invoice_totals(self) -> Table:
        """One row per invoice (customer): lines, lines total, subtotal, VAT and total."""
        rows = [row({**{k: v for k, v in inv.items() if k != "lines"}, "lines": len(inv["lines"])}, INVOICE_COLUMNS) for inv in self._raw["invoices"]]
        return Table(rows, columns=list(INVOICE_COLUMNS), title="Invoices 账单")

    @property
    def products(self) -> Table:
        """Per product (catalog order): records and quantity charged and free, revenue."""
        rows = [row(p, PRODUCT_COLUMNS) for p in self._raw["products"]]
        return Table(rows, columns=list(PRODUCT_COLUMNS), title="Volume and revenue per product 分产品业务量与收入")

    @property
    def rejections(self) -> Table:
        """The first rejected records (input position, id, reason, offending value as text).

        The engine lists the first 1000; :attr:`rejected_records_omitted` counts the rest.
        """
        rows = [row(r, REJECTION_COLUMNS) for r in self._raw["rejected_records"]]
        return Table(rows, columns=list(REJECTION_COLUMNS), title="Rejected records 拒绝记录")

    @property
    def rejected_records_omitted(self) -> int:
        """Rejections not listed in :attr:`rejections`."""
        return int(self._plain["rejected_records_omitted"])

    @property
    def records(self) -> Optional[Table]:
        """Every record's outcome in input order, when rated with ``keep_records=True``."""
        kept = self._raw.get("records")
        if kept is None:
            return None
        return Table([row(r) for r in kept], title="Records 用量记录")

    def actual(self) -> List[Dict[str, Any]]:
        """Actual volume and revenue per (product, scenario), for :meth:`Scenario.review`.

        Computed by the engine (``ActualLine::from_rating``): invoice lines summed per pair
        in first-seen order; ``volume`` is the billed quantity (a package's whole units) or
        the quantity, ``revenue`` the line amounts, net of VAT when the tariff's prices
        include it; free uses appear with zero revenue.
        """
        return copy.deepcopy(self._actual)

    # -- display ------------------------------------------------------------------------
    def _lines(self) -> List[str]:
        start, end = self.period
        t = self._raw["totals"]
        out = [
            f"Rating [{start}, {end}): {self.records_in} records in = {self.rated} rated "
            f"({self.charged} charged, {self.free} free) + {self.rejected} rejected",
            f"{t['invoices']} invoices, {t['lines']} lines: subtotal {t['subtotal']} + VAT {t['vat']} = total {t['total']}",
        ]
        reasons = [f"{k} {v}" for k, v in self.rejections_by_reason.items() if v]
        if reasons:
            out.append("rejected: " + ", ".join(reasons))
        return out

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_html_(self) -> str:
        head = "".join(f"<p>{html.escape(line)}</p>" for line in self._lines())
        return head + self.products._repr_html_()

