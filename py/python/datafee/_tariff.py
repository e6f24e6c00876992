"""Tariffs (收费标准表): what usage is rated against.

A tariff is the engine's rating document: the catalog, the published actual fees
(具体收费标准) with their effective dates and the cap each must keep, the billing period
``[start, end)``, the rounding of invoice lines and VAT. :meth:`datafee.Scenario.tariff`
builds the tariff of one billing year from a scenario (``chain.tariff``): every fee in force
at some time in the year, each with that year's cap; a fee that breaks the cap is
**withheld** (never published) and listed in :attr:`Tariff.withheld`.

>>> from datafee import Scenario, mini_city
>>> tariff = Scenario.from_dict(mini_city()).tariff(2026)
>>> tariff
Tariff [2026-01-01, 2027-01-01): 2 published fees, VAT 0.06 (prices without VAT), rounding half-up to 0.01
>>> tariff.fees.column("cap")
[Decimal('1.839'), Decimal('1655.33')]
"""

from __future__ import annotations

import copy
import html
import json
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from ._convert import decode_output, encode_input
from ._engine import call_op, dumps, loads
from ._rows import row
from ._table import Table

__all__ = ["Tariff", "TariffSource", "tariff_json"]

#: Columns of :attr:`Tariff.fees`.
FEE_COLUMNS = ("product", "scenario", "effective", "schedule", "cap")


class Tariff:
    """A tariff document, ready for :func:`datafee.rate`.

    Build one with :meth:`datafee.Scenario.tariff` (a billing year of a scenario),
    :meth:`from_dict` or :meth:`from_json` (the engine's ``Tariff`` format, decimals as
    ``Decimal``, ``int`` or ``str``). ``withheld`` lists the fees left out because they
    break their cap (from :meth:`datafee.Scenario.tariff`; empty otherwise).
    """

    def __init__(
        self,
        document: Mapping[str, Any],
        withheld: Iterable[Mapping[str, Any]] = (),
        year: Optional[int] = None,
    ) -> None:
        if not isinstance(document, Mapping):
            raise TypeError(f"a tariff document is a dict, got {type(document).__name__}")
        self._document: Dict[str, Any] = encode_input(document, "tariff")
        self._withheld: List[Dict[str, Any]] = [dict(w) for w in withheld]
        self.year = year

    @classmethod
    def _from_engine(cls, document: Dict[str, Any], withheld: Iterable[Mapping[str, Any]], year: Optional[int]) -> Tariff:
        """Wrap a document the engine wrote (already in its form: not converted again)."""
        self = cls.__new__(cls)
        self._document = document
        self._withheld = [dict(w) for w in withheld]
        self.year = year
        return self

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Tariff:
        """A tariff from a dict in the engine's format (copied; a ``float`` raises ``TypeError``)."""
        return cls(document)

    @classmethod
    def from_json(cls, text: str) -> Tariff:
        """A tariff from JSON text in the engine's format (decimals as strings)."""
        document = loads(text)
        if not isinstance(document, dict):
            raise TypeError(f"a tariff document is a JSON object, got {type(document).__name__}")
        return cls(document)

    def to_dict(self) -> Dict[str, Any]:
        """A copy of the document as Python values (decimals ``Decimal``)."""
        decoded: Dict[str, Any] = decode_output(copy.deepcopy(self._document))
        return decoded

    def to_json(self, indent: Optional[int] = None) -> str:
        """The document as JSON text in the engine's format (decimals as strings)."""
        if indent is None:
            return dumps(self._document)
        return json.dumps(self._document, ensure_ascii=False, indent=indent)

    @property
    def period(self) -> Tuple[str, str]:
        """The billing period ``(start, end)``; ``end`` is exclusive."""
        p = self._document.get("period") or {}
        return str(p.get("start", "")), str(p.get("end", ""))

    @property
    def fees(self) -> Table:
        """The published fees: product, scenario, effective date, schedule and the cap it keeps."""
        rows = [row(f, FEE_COLUMNS) for f in decode_output(self._document.get("fees", []))]
        return Table(rows, columns=list(FEE_COLUMNS), title="Published fees 具体收费标准")

    @property
    def withheld(self) -> Table:
        """Fees not published because they break the year's cap, with the reason."""
        columns = ["product", "scenario", "effective", "reason"]
        return Table([row(w, columns) for w in self._withheld], columns=columns, title="Withheld fees (above the cap)")

    def validate(self) -> None:
        """Check the tariff (``rating.validate``): raises a :class:`~datafee.DatafeeError` if refused.

        Errors name fields under ``tariff.`` (``tariff.fees[0].schedule.price``).
        """
        call_op("rating.validate", {"tariff": self._document})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tariff):
            return NotImplemented
        return self._document == other._document

    __hash__ = None  # type: ignore[assignment]  # compared by document, which is a dict

    def _headline(self) -> str:
        start, end = self.period
        d = self._document
        basis = "prices with VAT" if d.get("prices_include_vat") else "prices without VAT"
        r = d.get("rounding") or {}
        rounding = f"{str(r.get('mode', 'half_up')).replace('_', '-')} to {r.get('unit', '0.01')}"
        head = f"Tariff [{start}, {end}): {len(d.get('fees', []))} published fees, VAT {d.get('vat_rate')} ({basis}), rounding {rounding}"
        if self._withheld:
            head += f"; {len(self._withheld)} withheld: " + ", ".join(
                f"{w.get('product')}/{w.get('scenario')} from {w.get('effective')}" for w in self._withheld
            )
        return head

    def __repr__(self) -> str:
        return self._headline()

    def _repr_html_(self) -> str:
        out = f"<p>{html.escape(self._headline())}</p>" + self.fees._repr_html_()
        if self._withheld:
            out += self.withheld._repr_html_()
        return out


#: What :func:`datafee.rate` accepts as a tariff.
TariffSource = Union[Tariff, Mapping[str, Any], str]


def tariff_json(tariff: TariffSource) -> str:
    """The tariff as the engine's JSON text: a :class:`Tariff`, a dict, or JSON text (as is)."""
    if isinstance(tariff, Tariff):
        return tariff.to_json()
    if isinstance(tariff, str):
        return tariff
    if isinstance(tariff, Mapping):
        return dumps(encode_input(tariff, "tariff"))
    raise TypeError(f"a tariff is a datafee.Tariff, a dict or JSON text, got {type(tariff).__name__}")
