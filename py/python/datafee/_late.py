"""Late records for an invoiced period (迟到记录): delta lines, never a second charge.

:func:`rate_late` is the ``rating.late`` operation on Python values. Rate the on-time records
with ``invoiced=None``: the result's ``adjustments`` hold each customer's invoice (only new
lines) and ``state`` is what to keep for the period. Rate each late batch against the state
the previous call returned: every invoice line the late records change gives a reversal of the
line as invoiced (negative amount, ``line`` = its position in the invoice of revision
``replaces_revision``) and the repriced line; ids already invoiced are refused as
``duplicate_id`` (a replay) or ``conflicting_duplicate`` (other content under the same id).
Invoice as issued + every adjustment = one rating of all the records, to the cent.

>>> from datafee import rate_late
>>> tariff = {
...     "catalog": {"scenarios": [{"id": "fin", "name": "Finance", "category": "industry_development"}],
...                 "products": [{"id": "p", "name": "P", "service_form": "api", "charging_form": "per_call", "scenarios": ["fin"]}]},
...     "fees": [{"product": "p", "scenario": "fin", "effective": "2025-01-01", "cap": "0.50",
...               "schedule": {"kind": "graduated", "tiers": [{"from": "0", "to": "100", "price": "0.50"}, {"from": "100", "price": "0.30"}]}}],
...     "period": {"start": "2025-01-01", "end": "2025-02-01"}, "vat_rate": "0.06"}
>>> rec = lambda i, q: {"id": i, "customer": "acme", "product": "p", "scenario": "fin", "quantity": q, "time": "2025-01-05"}
>>> first = rate_late(tariff, [rec("r1", 80)])
>>> late = rate_late(tariff, [rec("r2", 70), rec("r1", 80)], first["state"])
>>> [(d["kind"], d["amount"]) for d in late["adjustments"][0]["lines"]]
[('reversal', Decimal('-40.00')), ('new', Decimal('65.00'))]
>>> late["rejections_by_reason"]["duplicate_id"], late["totals"]["change"]["total"]
(1, Decimal('26.50'))
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Mapping, Optional

from . import _datafee
from ._convert import decode_output, encode_input
from ._engine import dumps, loads
from ._tariff import TariffSource, tariff_json

__all__ = ["rate_late"]


def rate_late(
    tariff: TariffSource,
    records: Iterable[Mapping[str, Any]],
    invoiced: Optional[Mapping[str, Any]] = None,
    *,
    explain: bool = True,
) -> Dict[str, Any]:
    """Rate late usage records against the state a period was invoiced from (``rating.late``).

    - ``tariff``: a :class:`~datafee.Tariff`, a dict in the engine's format, or its JSON text;
      the same tariff the state was rated against (another is refused at ``invoiced.tariff``);
    - ``records``: usage records as dicts (``id``, ``customer``, ``product``, ``scenario``,
      ``quantity`` as ``Decimal``/``int``/``str``, ``time``); at most a million;
    - ``invoiced``: the ``state`` of the previous result, or ``None`` for the on-time batch.

    Returns the engine's document, decimals as ``Decimal`` (a rejection's ``value`` and the
    state's ids, digests and quantities stay text, as the engine wrote them). A state or
    batch the engine refuses raises the :class:`~datafee.DatafeeError` subclass of its code
    (``InvalidInputError`` at ``invoiced.tariff``, ``DuplicateIdError`` at
    ``invoiced.ids[i].id``, ``LimitExceededError`` at ``records``).
    """
    document: Dict[str, Any] = {"tariff": json.loads(tariff_json(tariff)), "records": list(records), "explain": explain}
    if invoiced is not None:
        document["invoiced"] = invoiced
    raw = loads(_datafee.call("rating.late", dumps(encode_input(document))))
    rest = {k: v for k, v in raw.items() if k not in ("rejected_records", "state")}
    out: Dict[str, Any] = decode_output(rest)
    out["rejected_records"] = [{**decode_output(r), "value": r.get("value")} for r in raw.get("rejected_records", [])]
    out["state"] = raw["state"]
    return out
