"""Tables (表格): a list of result rows that prints well in a terminal and a notebook.

:class:`Table` wraps a list of row dicts (the lines of a result document: caps per
product-scenario, shares per party) without changing them. It prints as an aligned text
table, renders as an HTML table in Jupyter (every cell escaped), and converts to a pandas
``DataFrame`` in which decimals stay exact ``decimal.Decimal`` objects (dtype ``object``),
never floats. pandas is imported only by :meth:`Table.to_pandas`.

>>> from decimal import Decimal
>>> t = Table([{"party": "city", "share": Decimal("0.60")}, {"party": "operator", "share": Decimal("0.40")}])
>>> t
party     share
--------  -----
city       0.60
operator   0.40
>>> len(t), t.columns, t[1]["share"]
(2, ['party', 'share'], Decimal('0.40'))
"""

from __future__ import annotations

import html
import importlib
import json
from decimal import Decimal
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union, overload

__all__ = ["Table"]


def _cell_text(value: Any) -> str:
    """A cell as text: decimals in plain notation, None empty, containers as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=_json_default, separators=(",", ":"))
    return str(value)


def _json_default(value: Any) -> str:
    return _cell_text(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


class Table(Sequence[Dict[str, Any]]):
    """Rows of a result (a list of dicts) with text, HTML and pandas views.

    ``columns`` defaults to every key of every row, in the order first seen; a row
    without a column shows an empty cell (``None`` in pandas). ``title`` is printed above
    the table.
    """

    #: Rows shown by ``repr``/``_repr_html_`` before the rest is summarized.
    max_rows: int = 60

    def __init__(
        self,
        rows: Iterable[Mapping[str, Any]],
        columns: Optional[Sequence[str]] = None,
        title: Optional[str] = None,
    ) -> None:
        self._rows: List[Dict[str, Any]] = [dict(r) for r in rows]
        if columns is None:
            seen: Dict[str, None] = {}
            for r in self._rows:
                for k in r:
                    seen.setdefault(str(k), None)
            columns = list(seen)
        self.columns: List[str] = list(columns)
        self.title = title

    @property
    def rows(self) -> List[Dict[str, Any]]:
        """The rows (the list itself: modifying it modifies the table)."""
        return self._rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Table: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Dict[str, Any], Table]:
        if isinstance(index, slice):
            return Table(self._rows[index], self.columns, self.title)
        return self._rows[index]

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self._rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return self.columns == other.columns and self._rows == other._rows

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def column(self, name: str) -> List[Any]:
        """The values of one column, ``None`` where a row lacks it."""
        return [r.get(name) for r in self._rows]

    def _shown(self) -> List[Dict[str, Any]]:
        return self._rows[: self.max_rows]

    def __repr__(self) -> str:
        shown = self._shown()
        cells = [[_cell_text(r.get(c)) for c in self.columns] for r in shown]
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(self.columns)]
        numeric = [bool(shown) and all(_is_number(r.get(c)) or r.get(c) is None for r in shown) for c in self.columns]

        def line(values: List[str]) -> str:
            parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
            return "  ".join(parts).rstrip()

        out: List[str] = [self.title] if self.title else []
        if not self.columns:
            out.append(f"(empty table, {len(self._rows)} rows)")
            return "\n".join(out)
        out.append(line(list(self.columns)))
        out.append("  ".join("-" * w for w in widths))
        out.extend(line(row) for row in cells)
        if len(self._rows) > len(shown):
            out.append(f"... {len(self._rows) - len(shown)} more rows ({len(self._rows)} in all)")
        return "\n".join(out)

    def _repr_html_(self) -> str:
        """An HTML table for Jupyter; every header and cell is escaped."""
        esc = html.escape
        parts: List[str] = ['<table class="datafee-table">']
        if self.title:
            parts.append(f"<caption>{esc(self.title)}</caption>")
        parts.append("<thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in self.columns) + "</tr></thead>")
        parts.append("<tbody>")
        for r in self._shown():
            tds = []
            for c in self.columns:
                v = r.get(c)
                style = ' style="text-align:right"' if _is_number(v) else ""
                tds.append(f"<td{style}>{esc(_cell_text(v))}</td>")
            parts.append("<tr>" + "".join(tds) + "</tr>")
        parts.append("</tbody>")
        hidden = len(self._rows) - len(self._shown())
        if hidden > 0:
            parts.append(f"<tfoot><tr><td colspan=\"{max(len(self.columns), 1)}\">... {hidden} more rows</td></tr></tfoot>")
        parts.append("</table>")
        return "".join(parts)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` of the rows; decimals stay ``Decimal`` (dtype ``object``).

        A column keeps pandas' own dtype only when all its values are ``int``, all ``bool``
        or all ``str``; every other column (decimals, missing values, mixtures) is
        ``object``, so no value is ever turned into a float or a NaN.

        Needs pandas (``pip install datafee[pandas]``).
        """
        try:
            pd = importlib.import_module("pandas")  # lazily: pandas is an optional extra
        except ImportError as e:  # pragma: no cover - exercised only without pandas
            raise ImportError("Table.to_pandas needs pandas: pip install 'datafee[pandas]'") from e
        data: Dict[str, Any] = {}
        for c in self.columns:
            values = self.column(c)
            data[c] = pd.Series(values, dtype=None if _uniform(values) else object)
        return pd.DataFrame(data, columns=self.columns)


def _uniform(values: List[Any]) -> bool:
    """Whether pandas may infer the dtype: all int, all bool or all str (and not empty)."""
    if not values:
        return False
    if all(isinstance(v, bool) for v in values):
        return True
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return True
    return all(isinstance(v, str) for v in values)
