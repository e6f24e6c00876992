"""Fee quotes (收费查询): the fee for one use, its cap, and whether it is free and why.

:meth:`datafee.Scenario.quote` asks the engine (``chain.quote``) what a quantity of a product
used in a scenario costs on a date: free for public governance (公共治理) and public welfare
(公益事业) uses, otherwise the published fee in force, rounded, never above
``cap × quantity``. :class:`Quote` carries the answer with its working paper.

>>> from datafee import Scenario, mini_city
>>> city = Scenario.from_dict(mini_city())
>>> city.quote("credit", "finance", 1000)
Quote(credit/finance, q=1000, 2026: charge 1500.00 <= cap × q 1839.00 (cap 1.839; 1.50 per unit, effective 2026-01-01))
>>> city.quote("credit", "governance", 10)
Quote(credit/governance, q=10, 2026: free: public governance use (公共治理) is free of charge)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, Mapping, Optional

from ._explain import Explanation

__all__ = ["Quote"]


@dataclass(frozen=True, repr=False)
class Quote:
    """The quote for one use (``chain.quote``).

    ``charge`` is the amount billed (rounded under the profile's amount rounding, never above
    ``cap_times_quantity``); ``charge_exact`` before rounding. For a free use ``free`` is
    true, ``reason`` says why, ``charge`` is zero and there is no cap. ``year`` is the cap
    year used, ``effective`` and ``schedule`` the published fee in force. ``raw`` is the
    engine's document.
    """

    product: str
    product_name: str
    scenario: str
    category: str
    free: bool
    reason: Optional[str]
    quantity: Decimal
    year: int
    effective: Optional[str]
    schedule: Optional[str]
    charge_exact: Decimal
    charge: Decimal
    cap: Optional[Decimal]
    cap_times_quantity: Optional[Decimal]
    within_cap: bool
    explanation: Explanation
    raw: Dict[str, Any] = field(compare=False)
    #: A trial fee (试行收费标准): the scenario's stage is trial.
    trial: bool = False

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Quote:
        """Build from the engine's ``chain.quote`` document (decimals already ``Decimal``)."""
        return cls(
            product=raw["product"],
            product_name=raw.get("product_name", ""),
            scenario=raw["scenario"],
            category=raw.get("category", ""),
            free=bool(raw["free"]),
            reason=raw.get("reason"),
            quantity=raw["quantity"],
            year=int(raw["year"]),
            effective=raw.get("effective"),
            schedule=raw.get("schedule"),
            charge_exact=raw["charge_exact"],
            charge=raw["charge"],
            cap=raw.get("cap"),
            cap_times_quantity=raw.get("cap_times_quantity"),
            within_cap=bool(raw["within_cap"]),
            explanation=Explanation.from_dict(raw["explanation"]),
            raw=dict(raw),
            trial=bool(raw.get("trial", False)),
        )

    def __repr__(self) -> str:
        head = f"Quote({self.product}/{self.scenario}, q={self.quantity}, {self.year}: "
        if self.free:
            return head + f"free: {self.reason})"
        relation = "<=" if self.within_cap else ">"
        fee = f"{self.schedule}, effective {self.effective}" if self.schedule else "no published fee"
        if self.trial:
            fee += ", 试行 trial fee"
        return head + f"charge {self.charge} {relation} cap × q {self.cap_times_quantity} (cap {self.cap}; {fee}))"
