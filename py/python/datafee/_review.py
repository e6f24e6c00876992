"""Periodic review (定期评估): a year's actual revenue against its maximum permitted revenue.

:meth:`datafee.Scenario.review` runs ``review.year`` on the scenario with the year's actual
volume and revenue per (product, scenario) — a :class:`~datafee.Rating` (its
:meth:`~datafee.Rating.actual`) or a list of ``{product, scenario, volume, revenue}`` dicts.
The engine computes the deviation ``actual − MPR`` and its percent, the amount to claw back
into the next period, volume against forecast per pair and per product, violations (revenue
above ``cap × volume``, free uses charged) and, beyond the profile's threshold, proposed caps.
:class:`Review` shows them; every figure is the engine's.

>>> from datafee import Scenario, mini_city
>>> city = Scenario.from_dict(mini_city())
>>> r = city.review(2026, [{"product": "credit", "scenario": "finance", "volume": 90000, "revenue": "135000.00"}])
>>> r.mpr, r.actual_revenue, r.deviation_percent, r.beyond_threshold
(Decimal('253496.64'), Decimal('135000.00'), Decimal('-46.74'), True)
>>> r.proposal.lines.column("proposed_cap")
[Decimal('2.742'), Decimal('2468.15')]
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from ._explain import Explanation
from ._rows import row
from ._table import Table

if TYPE_CHECKING:  # pragma: no cover
    from ._rating import Rating

__all__ = ["Review", "Proposal", "Actual", "actual_lines"]

#: What :meth:`datafee.Scenario.review` and :meth:`~datafee.Scenario.annual_report` accept as
#: the year's actual use: a :class:`~datafee.Rating`, a :class:`~datafee.Table` or an iterable
#: of ``{product, scenario, volume, revenue}`` dicts (a pandas ``DataFrame`` too).
Actual = Union["Rating", Table, Iterable[Mapping[str, Any]], Any]

ACTUAL_KEYS = ("product", "scenario", "volume", "revenue")


def actual_lines(actual: Actual) -> List[Dict[str, Any]]:
    """The actual lines (``{product, scenario, volume, revenue}``) of a rating, table or rows."""
    from ._rating import Rating  # a cycle at import time otherwise

    if isinstance(actual, Rating):
        return actual.actual()
    if hasattr(actual, "to_dict") and hasattr(actual, "columns") and not isinstance(actual, Table):
        actual = actual.to_dict("records")  # a pandas DataFrame
    if isinstance(actual, (str, bytes, Mapping)) or not hasattr(actual, "__iter__"):
        raise TypeError(
            "actual is a datafee.Rating, a Table, a DataFrame or a list of {product, scenario, volume, revenue} dicts, "
            f"got {type(actual).__name__}"
        )
    lines = []
    for i, a in enumerate(actual):
        if not isinstance(a, Mapping):
            raise TypeError(f"actual[{i}]: an actual line is a dict, got {type(a).__name__}")
        # Other keys (a DataFrame's extra columns) are left out; a missing one is the engine's error.
        lines.append({k: a[k] for k in ACTUAL_KEYS if k in a})
    return lines


@dataclass(frozen=True, repr=False)
class Proposal:
    """Caps proposed for the next period when the deviation is beyond the threshold.

    Every proposed cap is the current cap scaled by ``factor = target / Σ cap × volume``
    (then floored to the price unit), so that ``Σ proposed cap × volume ≤ target``.
    ``target_basis`` says whether the target comes from the next year's MPR or the current
    one, ``volume_basis`` whether the volumes are the next forecast or the actual ones.
    """

    target_basis: str
    volume_basis: str
    mpr: Decimal
    target: Decimal
    revenue_at_current_caps: Decimal
    factor: Optional[Decimal]
    revenue_at_proposed_caps: Decimal
    headroom: Decimal
    lines: Table
    explanation: Explanation
    raw: Dict[str, Any] = field(compare=False)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Proposal:
        """Build from the engine's ``proposal`` document."""
        columns = ["product", "scenario", "current_cap", "volume", "proposed_cap", "proposed_quoted", "revenue_at_proposed"]
        return cls(
            target_basis=str(raw["target_basis"]),
            volume_basis=str(raw["volume_basis"]),
            mpr=raw["mpr"],
            target=raw["target"],
            revenue_at_current_caps=raw["revenue_at_current_caps"],
            factor=raw.get("factor"),
            revenue_at_proposed_caps=raw["revenue_at_proposed_caps"],
            headroom=raw["headroom"],
            lines=Table([row(p, columns) for p in raw.get("lines", [])], columns=columns, title="Proposed caps 建议上限收费标准"),
            explanation=Explanation.from_dict(raw["explanation"]),
            raw=dict(raw),
        )

    def __repr__(self) -> str:
        factor = "n/a" if self.factor is None else str(self.factor.quantize(Decimal("0.000001")))
        head = (
            f"Proposal: caps × {factor} ({len(self.lines)} lines, target {self.target} from the "
            f"{self.target_basis.replace('_', ' ')}, volumes: {self.volume_basis.replace('_', ' ')}); "
            f"Σ proposed cap × volume {self.revenue_at_proposed_caps} <= target (headroom {self.headroom})"
        )
        return head + "\n" + repr(self.lines)

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self).splitlines()[0])}</p>" + self.lines._repr_html_()


class Review:
    """The review of one year (``review.year``): deviation, claw-back, volumes, violations.

    ``deviation = actual_revenue − mpr``; ``deviation_percent`` is its percent of the MPR
    (half-up to 0.01, ``None`` when the MPR is zero); ``clawback`` is the amount deducted
    from the next period (the over-recovery, or the signed deviation when the profile carries
    under-recovery). ``raw`` is the engine's document.
    """

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw: Dict[str, Any] = dict(raw)
        r = self._raw
        self.year: int = int(r["year"])
        self.mpr: Decimal = r["mpr"]
        self.actual_revenue: Decimal = r["actual_revenue"]
        self.deviation: Decimal = r["deviation"]
        self.deviation_percent: Optional[Decimal] = r.get("deviation_percent")
        self.threshold_percent: Decimal = r["threshold_percent"]
        self.beyond_threshold: bool = bool(r["beyond_threshold"])
        self.over_recovery: Decimal = r["over_recovery"]
        self.under_recovery: Decimal = r["under_recovery"]
        self.clawback: Decimal = r["clawback"]
        self.carry_under_recovery: bool = bool(r["carry_under_recovery"])

    @property
    def raw(self) -> Dict[str, Any]:
        """The engine's ``review.year`` document, decimals as ``Decimal``."""
        return self._raw

    @property
    def lines(self) -> Table:
        """Every (product, scenario) of the year's caps: forecast, volume, ratio, revenue, cap, ceiling."""
        columns = ["product", "scenario", "category", "chargeable", "forecast", "volume", "ratio", "revenue", "cap", "ceiling"]
        return Table([row(x, columns) for x in self._raw["lines"]], columns=columns, title=f"Review {self.year} per product and scenario")

    @property
    def products(self) -> Table:
        """Per product: forecast, volume, ratio and revenue."""
        columns = ["product", "forecast", "volume", "ratio", "revenue"]
        return Table([row(x, columns) for x in self._raw["products"]], columns=columns, title=f"Review {self.year} per product")

    @property
    def violations(self) -> Table:
        """Revenue above ``cap × volume`` (``above_cap``) and free uses charged (``free_use_charged``)."""
        columns = ["product", "scenario", "kind", "volume", "revenue", "cap", "ceiling", "excess"]
        return Table([row(x, columns) for x in self._raw["violations"]], columns=columns, title=f"Violations {self.year} 违规收费")

    @property
    def proposal(self) -> Optional[Proposal]:
        """Proposed caps, when the deviation is beyond the threshold; otherwise ``None``."""
        p = self._raw.get("proposal")
        return None if p is None else Proposal.from_dict(p)

    @property
    def explanations(self) -> Tuple[Explanation, ...]:
        """The working papers (底稿) of the year's figures (actual revenue, deviation, ...)."""
        return tuple(Explanation.from_dict(e) for e in self._raw.get("explanations", []))

    def explanation(self, id: str) -> Explanation:
        """The explanation with this id, among the year's figures, lines, violations and proposal."""
        found = [e for e in self._all_explanations() if e.get("id") == id]
        if not found:
            raise KeyError(f"no explanation {id!r} in the review of {self.year}")
        return Explanation.from_dict(found[0])

    def _all_explanations(self) -> List[Dict[str, Any]]:
        r = self._raw
        items = list(r.get("explanations", []))
        for key in ("lines", "products", "violations"):
            items += [x["explanation"] for x in r.get(key, []) if "explanation" in x]
        p = r.get("proposal")
        if p:
            items.append(p["explanation"])
            items += [x["explanation"] for x in p.get("lines", []) if "explanation" in x]
        return items

    def prior_year(self) -> Dict[str, Any]:
        """The year as a prior-period entry ``{year, mpr, actual_revenue}`` for the next scenario."""
        return {"year": self.year, "mpr": self.mpr, "actual_revenue": self.actual_revenue}

    def _headline(self) -> str:
        pct = "n/a" if self.deviation_percent is None else f"{self.deviation_percent}%"
        verdict = "beyond" if self.beyond_threshold else "within"
        return (
            f"Review {self.year}: actual revenue {self.actual_revenue} vs MPR {self.mpr}: deviation {self.deviation} "
            f"({pct}, {verdict} the {self.threshold_percent}% threshold); claw-back {self.clawback}; "
            f"{len(self._raw['violations'])} violations"
        )

    def __repr__(self) -> str:
        parts = [self._headline(), repr(self.products)]
        p = self.proposal
        if p is not None:
            parts.append(repr(p).split("\n", 1)[0] + " (.proposal.lines: the proposed caps)")
        return "\n\n".join(parts)

    def _repr_html_(self) -> str:
        out = f"<p><b>{html.escape(self._headline())}</b></p>" + self.products._repr_html_()
        if self._raw["violations"]:
            out += self.violations._repr_html_()
        p = self.proposal
        if p is not None:
            out += p._repr_html_()
        return out
