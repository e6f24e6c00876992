"""Scenario sweeps (情景测算): MPR and caps over a grid of varied inputs.

:meth:`datafee.Scenario.sweep` hands the scenario and the variations to the engine
(``chain.sweep``), which runs the whole chain at every point of the cartesian grid (the last
variation varying fastest). A point whose inputs the policy refuses (a return rate above the
profile's bound, say) is kept with its error: the grid shows where the policy stops.

:class:`Sweep` shows the grid as one row per point: the varied inputs (a ``values``
variation under its path, a ``scale`` variation as ``scale:<path>``), ``mpr`` of the year
swept, ``mpr_total`` over the period, ``error`` (the refusal's code, empty when the point
ran) and one ``cap:<product>/<scenario>`` column per chargeable cap (quoted).

>>> from decimal import Decimal
>>> from datafee import Scenario, mini_city
>>> city = Scenario.from_dict(mini_city())
>>> s = city.sweep({"profile.profit.rate": [Decimal("0.05"), Decimal("0.06"), Decimal("0.10")]})
>>> s
Sweep over profile.profit.rate, year 2026: 3 points, 1 refused
profile.profit.rate        mpr  mpr_total  error
-------------------  ---------  ---------  ----------------
               0.05  249298.94  493002.03
               0.06  253496.64  500278.26
               0.10                        rate_above_bound
refused: profile.profit.rate=0.10: profile.profit.rate: rate 0.10 is above the profile's bound 0.077
(2 cap columns: see .table or .to_pandas())
>>> s.points[2].error.code, s.points[1].caps["credit/finance"]
('rate_above_bound', Decimal('1.839'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from ._errors import DatafeeError, error_class
from ._table import Table

__all__ = ["Sweep", "SweepPoint", "PointError", "Variations"]

#: What :meth:`Scenario.sweep` accepts: ``{path: [values]}``, ``{path: {"scale": [...]}}``,
#: ``{path: {"values": [...]}}``, or the engine's list ``[{"path", "values" | "scale"}]``.
Variations = Union[Mapping[str, Any], Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class PointError:
    """Why the engine refused one grid point (the fields of a :class:`DatafeeError`)."""

    code: str
    field: str
    value: str
    message: str

    def exception(self) -> DatafeeError:
        """The exception the same inputs raise outside a sweep (not raised, returned).

        >>> PointError("rate_above_bound", "profile.profit.rate", "0.10", "too high").exception()
        RateAboveBoundError('too high', code='rate_above_bound', field='profile.profit.rate', value='0.10')
        """
        return error_class(self.code)(self.message, self.code, self.field, self.value)


@dataclass(frozen=True)
class SweepPoint:
    """One grid point: the input of each variation (value set or factor), and the results.

    ``caps`` maps ``"product/scenario"`` to the quoted cap of the year swept (chargeable
    pairs only); ``mpr``/``mpr_total`` are ``None`` and ``caps`` empty when ``error`` is set.
    """

    inputs: Tuple[Decimal, ...]
    mpr: Optional[Decimal]
    mpr_total: Optional[Decimal]
    caps: Dict[str, Decimal] = field(default_factory=dict)
    error: Optional[PointError] = None


def _text(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _point(raw: Mapping[str, Any]) -> SweepPoint:
    err = raw.get("error")
    error = None
    if err is not None:
        # decode_output may have read a numeric `value` as a Decimal: errors carry text.
        error = PointError(str(err["code"]), str(err["field"]), _text(err["value"]), str(err["message"]))
    caps = {f"{c['product']}/{c['scenario']}": c["cap"] for c in raw.get("caps", [])}
    return SweepPoint(tuple(raw.get("inputs", [])), raw.get("mpr"), raw.get("mpr_total"), caps, error)


def _unique(names: List[str]) -> List[str]:
    out: List[str] = []
    for n in names:
        name, k = n, 2
        while name in out:
            name, k = f"{n}#{k}", k + 1
        out.append(name)
    return out


class Sweep:
    """The result of a sweep: the grid points, as objects and as a table.

    ``paths`` are the varied paths in order, ``kinds`` whether each was set (``"values"``)
    or scaled (``"scale"``), ``year`` the year whose MPR and caps are reported, ``raw`` the
    engine's document.
    """

    def __init__(self, raw: Mapping[str, Any], kinds: Sequence[str]) -> None:
        self._raw: Dict[str, Any] = dict(raw)
        self._kinds: Tuple[str, ...] = tuple(kinds)
        self._points: Tuple[SweepPoint, ...] = tuple(_point(p) for p in raw.get("points", []))

    @property
    def paths(self) -> List[str]:
        """The varied paths, in order."""
        return [str(p) for p in self._raw.get("paths", [])]

    @property
    def kinds(self) -> Tuple[str, ...]:
        """``"values"`` or ``"scale"`` for each varied path."""
        return self._kinds

    @property
    def year(self) -> int:
        """The year whose MPR and caps each point reports."""
        return int(self._raw["year"])

    @property
    def points(self) -> Tuple[SweepPoint, ...]:
        """Every grid point, the last variation varying fastest."""
        return self._points

    @property
    def raw(self) -> Dict[str, Any]:
        """The engine's ``chain.sweep`` document."""
        return self._raw

    def __len__(self) -> int:
        return len(self._points)

    @property
    def input_columns(self) -> List[str]:
        """The names of the input columns: the path, or ``scale:<path>`` for a scaled one."""
        names = [p if k == "values" else f"scale:{p}" for p, k in zip(self.paths, self._kinds)]
        return _unique(names)

    @property
    def cap_columns(self) -> List[str]:
        """The ``cap:<product>/<scenario>`` columns, in catalog order as first seen."""
        seen: Dict[str, None] = {}
        for p in self._points:
            for key in p.caps:
                seen.setdefault(f"cap:{key}", None)
        return list(seen)

    @property
    def table(self) -> Table:
        """One row per grid point: inputs, ``mpr``, ``mpr_total``, ``error``, ``cap:*``."""
        inputs = self.input_columns
        caps = self.cap_columns
        rows = []
        for p in self._points:
            r: Dict[str, Any] = dict(zip(inputs, p.inputs))
            r.update(mpr=p.mpr, mpr_total=p.mpr_total, error=None if p.error is None else p.error.code)
            r.update({c: p.caps.get(c[len("cap:"):]) for c in caps})
            rows.append(r)
        return Table(rows, columns=inputs + ["mpr", "mpr_total", "error"] + caps, title=f"Sweep {self.year}")

    def to_pandas(self) -> Any:
        """:attr:`table` as a ``pandas.DataFrame``: decimal columns hold ``Decimal`` (dtype object)."""
        return self.table.to_pandas()

    def refused(self) -> List[Tuple[SweepPoint, PointError]]:
        """The points the engine refused, with their errors."""
        return [(p, p.error) for p in self._points if p.error is not None]

    def _describe_refusal(self, p: SweepPoint, e: PointError) -> str:
        where = ", ".join(f"{c}={_text(v)}" for c, v in zip(self.input_columns, p.inputs))
        return f"refused: {where}: {e.message}"

    def __repr__(self) -> str:
        refused = self.refused()
        head = f"Sweep over {', '.join(self.input_columns)}, year {self.year}: {len(self)} points, {len(refused)} refused"
        compact = Table(self.table.rows, columns=self.input_columns + ["mpr", "mpr_total", "error"])
        lines = [head, repr(compact)]
        lines += [self._describe_refusal(p, e) for p, e in refused[:10]]
        if len(refused) > 10:
            lines.append(f"... {len(refused) - 10} more refused points")
        lines.append(f"({len(self.cap_columns)} cap columns: see .table or .to_pandas())")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.table._repr_html_()
