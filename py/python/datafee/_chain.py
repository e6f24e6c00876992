"""The pricing chain's result (定价程序结果): MPR, caps, fee verdicts and costs, as tables.

:meth:`datafee.Scenario.run` returns a :class:`Chain`. Every figure in it is the engine's
(``chain.run``); this module only arranges them in rows:

- :attr:`Chain.mpr`: maximum permitted revenue (最高准许收入), one row per year with every block;
- :meth:`Chain.caps`: upper fee standards (上限收费标准), one row per (product, scenario), free
  uses included with the reason they are free;
- :attr:`Chain.fees`: the compliance verdict of each published fee (具体收费标准) against its cap;
- :meth:`Chain.costs`: a year's separate cost accounts (成本核算);
- :meth:`Chain.working_paper`: the working paper (底稿) of the chain, a prefix of it, or one cap.

Decimals are ``decimal.Decimal``; tables convert to pandas with ``Decimal`` columns.

>>> from datafee import Scenario, mini_city
>>> chain = Scenario.from_dict(mini_city()).run()
>>> chain.years
[2026, 2027]
>>> chain.mpr.column("mpr")
[Decimal('253496.64'), Decimal('246781.62')]
>>> chain.caps(2026)
Caps 上限收费标准 2026
year  product  scenario    category              chargeable  volume  ...  cap  cap_quoted  ...
----  -------  ----------  --------------------  ----------  ------  ...
2026  credit   finance     industry_development  true        100000  ...  1.839       1.839 ...
2026  credit   governance  public_governance     false        20000  ...
2026  land     agri        sector_development    true            40  ...  1655.33     1655.33 ...
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple

from ._explain import PAPER_FORMATS, Explanation, WorkingPaper
from ._rows import row
from ._table import Table

if TYPE_CHECKING:  # pragma: no cover
    from ._scenario import Scenario

__all__ = ["Chain", "YearCosts", "MPR_COLUMNS", "CAP_COLUMNS", "FEE_COLUMNS"]

#: Columns of :attr:`Chain.mpr`, in order (blocks the engine adds later follow them).
MPR_COLUMNS = (
    "year",
    "permitted_cost",
    "effective_assets",
    "return_rate",
    "permitted_profit",
    "equity_profit",
    "income_tax",
    "surcharges",
    "taxes",
    "revenue_requirement",
    "clawback",
    "clawback_carried",
    "mpr",
)

#: Columns of :meth:`Chain.caps`, in order.
CAP_COLUMNS = (
    "year",
    "product",
    "scenario",
    "category",
    "chargeable",
    "volume",
    "allocated_cost",
    "weight",
    "requirement",
    "cap",
    "cap_quoted",
    "revenue_at_cap",
    "free_reason",
)

#: Columns of :attr:`Chain.fees`, in order (``breach_*`` are empty for a compliant fee).
FEE_COLUMNS = (
    "product",
    "scenario",
    "effective",
    "year",
    "description",
    "cap",
    "compliant",
    "breach_quantity",
    "breach_billed_quantity",
    "breach_charge",
    "breach_cap_times_quantity",
    "breach_field",
)

#: The MPR columns of the summary shown by ``repr(chain)``.
_SUMMARY_MPR = ("year", "permitted_cost", "permitted_profit", "taxes", "clawback", "mpr")


@dataclass(frozen=True, repr=False)
class YearCosts:
    """One year of the separate cost accounts (成本核算), from :meth:`Chain.costs`.

    The figures are the engine's ``YearCosts``; ``by_category``, ``products`` (one
    ``pool:<id>`` column per shared pool) and ``excluded`` are tables, ``raw`` is the whole
    document (depreciation per asset, pool allocations, explanations).
    """

    year: int
    total_permitted: Decimal
    effective_assets: Decimal
    asset_base: Decimal
    working_capital: Decimal
    general: Decimal
    unallocated: Decimal
    by_category: Table
    products: Table
    excluded: Table
    raw: Dict[str, Any] = field(compare=False)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> YearCosts:
        """Build from one element of the engine's ``costs`` list."""
        year = int(raw["year"])
        products = []
        for p in raw.get("products", []):
            r = {"product": p.get("product"), "direct": p.get("direct"), "general": p.get("general")}
            for share in p.get("pools", []):
                r[f"pool:{share.get('pool')}"] = share.get("amount")
            r["total"] = p.get("total")
            products.append(r)
        return cls(
            year=year,
            total_permitted=raw["total_permitted"],
            effective_assets=raw["effective_assets"],
            asset_base=raw["asset_base"],
            working_capital=raw["working_capital"],
            general=raw["general"],
            unallocated=raw["unallocated"],
            by_category=Table([row(c, ["category"]) for c in raw.get("by_category", [])], title=f"Costs by category {year} 成本"),
            products=Table(products, title=f"Cost per product {year}"),
            excluded=Table([row(e) for e in raw.get("excluded", [])], title=f"Excluded from the permitted cost {year}"),
            raw=dict(raw),
        )

    def __repr__(self) -> str:
        head = (
            f"YearCosts({self.year}: permitted cost {self.total_permitted}, effective assets {self.effective_assets} "
            f"(asset base {self.asset_base} + working capital {self.working_capital}), "
            f"general overhead {self.general}, unallocated {self.unallocated})"
        )
        return "\n\n".join([head, repr(self.by_category)])

    def _repr_html_(self) -> str:
        head = html.escape(repr(self).split("\n", 1)[0])
        return f"<p>{head}</p>" + self.by_category._repr_html_() + self.products._repr_html_()


def _fee_row(f: Mapping[str, Any]) -> Dict[str, Any]:
    verdict = f.get("verdict") or {}
    breach = verdict.get("first_breach") or {}
    r = {k: f.get(k) for k in FEE_COLUMNS[:6]}
    r["compliant"] = verdict.get("compliant")
    for k in ("quantity", "billed_quantity", "charge", "cap_times_quantity", "field"):
        r[f"breach_{k}"] = breach.get(k)
    return r


class Chain:
    """The result of running the pricing chain on a scenario (:meth:`Scenario.run`).

    ``raw`` is the engine's ``chain.run`` document, unchanged; the properties and methods
    arrange it in :class:`~datafee.Table` objects. In Jupyter a chain shows its MPR per year
    and every cap per year.
    """

    def __init__(self, scenario: Scenario, raw: Mapping[str, Any]) -> None:
        self._scenario = scenario
        self._raw: Dict[str, Any] = dict(raw)

    # -- identity -------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        """The scenario this chain was computed from."""
        return self._scenario

    @property
    def raw(self) -> Dict[str, Any]:
        """The engine's result document (``chain.run``), decimals as ``Decimal``."""
        return self._raw

    @property
    def name(self) -> str:
        """The exercise's name."""
        return str(self._raw.get("name", ""))

    @property
    def profile(self) -> str:
        """The policy profile's name."""
        return str(self._raw.get("profile", ""))

    @property
    def stage(self) -> str:
        """``"formal"`` or ``"trial"`` (试行: from budgets and forecasts)."""
        return str(self._raw.get("stage", ""))

    @property
    def years(self) -> List[int]:
        """The years of the pricing period."""
        return [int(y["year"]) for y in self._raw["mpr"]["years"]]

    # -- MPR ------------------------------------------------------------------------
    @property
    def mpr(self) -> Table:
        """Maximum permitted revenue (最高准许收入): one row per year with every block."""
        rows = [row(y, MPR_COLUMNS) for y in self._raw["mpr"]["years"]]
        return Table(rows, title="Maximum permitted revenue 最高准许收入")

    @property
    def mpr_total(self) -> Decimal:
        """The MPR summed over the period."""
        total: Decimal = self._raw["mpr"]["total"]
        return total

    @property
    def clawback(self) -> Decimal:
        """The prior period's over-recovery clawed back (扣减), with interest, over the period."""
        total: Decimal = self._raw["mpr"]["clawback"]["total"]
        return total

    # -- caps -----------------------------------------------------------------------
    def _caps_years(self, year: Optional[int]) -> List[Dict[str, Any]]:
        years: List[Dict[str, Any]] = self._raw["caps"]
        if year is None:
            return years
        found = [c for c in years if c["year"] == year]
        if not found:
            raise KeyError(f"{year} is not a year of the pricing period {self.years}")
        return found

    def caps(self, year: Optional[int] = None) -> Table:
        """Upper fee standards (上限收费标准): one row per (year, product, scenario).

        Every pair of the catalog is listed, free ones (public governance 公共治理, public
        welfare 公益事业) with ``chargeable`` false, no cap and their ``free_reason``. ``cap``
        is without VAT, ``cap_quoted`` as published. ``year=None``: every year of the period;
        a year outside it raises ``KeyError``.
        """
        rows = [row({"year": c["year"], **line}, CAP_COLUMNS) for c in self._caps_years(year) for line in c["lines"]]
        title = "Caps 上限收费标准" + ("" if year is None else f" {year}")
        return Table(rows, title=title)

    def requirements(self) -> Table:
        """Per year: MPR, cost of free uses, chargeable revenue requirement, Σ cap × volume, headroom."""
        first = ["year", "mpr", "free_cost", "requirement", "revenue_at_caps", "headroom"]
        rows = [row({k: v for k, v in c.items() if k != "lines"}, first) for c in self._raw["caps"]]
        return Table(rows, title="Chargeable revenue requirement 收费收入需求")

    def cap_summary(self) -> Table:
        """One row per (product, scenario), one column ``cap <year>`` per year (quoted caps).

        A free use shows ``free`` in the cap columns and its reason in ``free_reason``.
        """
        by_pair: Dict[Tuple[str, str], Dict[str, Any]] = {}
        for c in self._raw["caps"]:
            for line in c["lines"]:
                key = (line["product"], line["scenario"])
                r = by_pair.setdefault(key, {"product": key[0], "scenario": key[1], "category": line.get("category")})
                r[f"cap {c['year']}"] = line.get("cap_quoted") if line.get("chargeable") else "free"
                if line.get("free_reason") is not None:
                    r["free_reason"] = line["free_reason"]
        columns = ["product", "scenario", "category"] + [f"cap {y}" for y in self.years]
        if any("free_reason" in r for r in by_pair.values()):
            columns.append("free_reason")
        return Table(list(by_pair.values()), columns=columns, title="Caps 上限收费标准 (as quoted, per unit)")

    # -- fees and costs -------------------------------------------------------------
    @property
    def fees(self) -> Table:
        """Compliance of each published fee (具体收费标准) with its cap.

        ``compliant`` is the engine's verdict (charge(q) <= cap × q for every quantity); a
        breaking fee shows the smallest breaking quantity and its figures in ``breach_*``.
        """
        rows = [_fee_row(f) for f in self._raw.get("fees", [])]
        return Table(rows, columns=list(FEE_COLUMNS), title="Actual fees 具体收费标准: compliance with the caps")

    def costs(self, year: int) -> YearCosts:
        """The separate cost accounts (成本核算) of ``year`` (``KeyError`` outside the period)."""
        for c in self._raw.get("costs", []):
            if c["year"] == year:
                return YearCosts.from_dict(c)
        raise KeyError(f"{year} is not a year of the pricing period {self.years}")

    # -- working papers -------------------------------------------------------------
    def working_paper(
        self,
        prefix: str = "",
        *,
        cap: Optional[Tuple[int, str, str]] = None,
        format: str = "text",
    ) -> WorkingPaper:
        """The working paper (底稿) of the chain (``chain.working_paper``).

        - ``prefix=""``: every explanation; ``prefix="mpr.2026"``: those whose id starts with
          it (ids: ``mpr.<year>.<block>``, ``caps.<year>.requirement``,
          ``cap.<year>.<product>/<scenario>``, ``clawback``, ...);
        - ``cap=(year, product, scenario)``: the paper behind one cap (the year's MPR blocks,
          the requirement and the cap);
        - ``format``: ``"text"`` or ``"markdown"``, the rendering of ``str(paper)`` and of
          the paper in Jupyter.

        >>> from datafee import Scenario, mini_city
        >>> chain = Scenario.from_dict(mini_city()).run()
        >>> paper = chain.working_paper(cap=(2026, "credit", "finance"))
        >>> paper.ids[-2:]
        ['caps.period', 'cap.2026.credit/finance']
        >>> paper.explanation("cap.2026.credit/finance").result
        '1.839'
        >>> print(str(paper).splitlines()[0])
        Working paper: cap of credit in finance, 2026 (上限收费标准底稿)
        """
        if format not in PAPER_FORMATS:
            raise ValueError(f"format must be one of {PAPER_FORMATS}, got {format!r}")
        request: Dict[str, Any] = {}
        if cap is not None:
            if prefix:
                raise ValueError("give either prefix or cap, not both")
            try:
                year, product, scenario = cap
            except (TypeError, ValueError):
                raise TypeError(f"cap must be a (year, product, scenario) tuple, got {cap!r}") from None
            request["cap"] = {"year": year, "product": product, "scenario": scenario}
        else:
            request["prefix"] = prefix
        raw = self._scenario._call("chain.working_paper", {**request, "format": "json"})
        rendered = self._scenario._call("chain.working_paper", {**request, "format": format})
        return WorkingPaper(raw, str(rendered.get("text", "")), format)

    def explanation(self, id: str) -> Explanation:
        """The explanation with this id, from anywhere in the chain (``KeyError`` if none).

        >>> from datafee import Scenario, mini_city
        >>> e = Scenario.from_dict(mini_city()).run().explanation("mpr.2026.permitted_profit")
        >>> e.formula, e.input("r"), e.result
        ('P = EA × r', '0.06', '18753.59')
        """
        raw = self._scenario._call("chain.working_paper", {"prefix": id, "format": "json"})
        return WorkingPaper(raw, "", "text").explanation(id)

    # -- display --------------------------------------------------------------------
    def _summary_tables(self) -> Tuple[Table, Table]:
        mpr = Table([row(y, _SUMMARY_MPR) for y in self.mpr], columns=list(_SUMMARY_MPR), title="Maximum permitted revenue 最高准许收入")
        return mpr, self.cap_summary()

    def _headline(self) -> str:
        return f"Chain {self.name!r}: profile {self.profile!r}, stage {self.stage}, years {self.years[0]}-{self.years[-1]}"

    def __repr__(self) -> str:
        mpr, caps = self._summary_tables()
        verdicts = self.fees
        breaking = [f"{r['product']}/{r['scenario']} ({r['effective']})" for r in verdicts if r["compliant"] is False]
        fees = f"{len(verdicts)} published fees, {len(verdicts) - len(breaking)} within their caps"
        if breaking:
            fees += "; above the cap: " + ", ".join(breaking)
        return "\n\n".join([self._headline(), repr(mpr) + f"\ntotal MPR {self.mpr_total}", repr(caps), fees])

    def _repr_html_(self) -> str:
        mpr, caps = self._summary_tables()
        return (
            f"<p><b>{html.escape(self._headline())}</b></p>"
            + mpr._repr_html_()
            + f"<p>total MPR {html.escape(str(self.mpr_total))}</p>"
            + caps._repr_html_()
        )

