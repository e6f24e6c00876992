"""Working papers (底稿): how each figure of the chain was reached.

The engine attaches an explanation to every figure it computes (an MPR block, a cap, a
compliance verdict, a quote): an id such as ``cap.2026.p01/finance``, a title with the policy
term, the formula, the named inputs, the result, the rounding applied and notes. Values are
text exactly as the engine printed them (``"2.1868171666666666666666666667"``), not numbers:
a working paper is for reading.

:class:`Explanation` is one of them; :class:`WorkingPaper` a titled collection that prints as
the engine's text or Markdown rendering (:meth:`datafee.Chain.working_paper`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

__all__ = ["Explanation", "WorkingPaper", "PAPER_FORMATS"]

#: The renderings the engine offers for a working paper.
PAPER_FORMATS = ("text", "markdown")


@dataclass(frozen=True)
class Explanation:
    """How one figure was computed (one item of a working paper).

    ``inputs`` are ``(name, value)`` pairs in the order the formula uses them; every value,
    like ``result``, is the engine's text.

    >>> e = Explanation.from_dict({"id": "mpr.2026", "title": "MPR", "formula": "MPR = C + P",
    ...                            "inputs": [{"name": "C", "value": "10.00"}], "result": "12.00"})
    >>> e.input("C"), e.result, e.notes
    ('10.00', '12.00', ())
    """

    id: str
    title: str
    formula: str
    inputs: Tuple[Tuple[str, str], ...]
    result: str
    rounding: Optional[str] = None
    notes: Tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Explanation:
        """Build from the engine's document form (``{"id", "title", "formula", "inputs", ...}``)."""
        inputs = tuple((str(i["name"]), str(i["value"])) for i in raw.get("inputs", []))
        rounding = raw.get("rounding")
        return cls(
            id=str(raw["id"]),
            title=str(raw.get("title", "")),
            formula=str(raw.get("formula", "")),
            inputs=inputs,
            result=str(raw.get("result", "")),
            rounding=None if rounding is None else str(rounding),
            notes=tuple(str(n) for n in raw.get("notes", [])),
        )

    def input(self, name: str) -> str:
        """The value of the input called ``name`` (``KeyError`` if there is none)."""
        for n, v in self.inputs:
            if n == name:
                return v
        raise KeyError(f"{self.id} has no input {name!r}; it has {[n for n, _ in self.inputs]}")


def _escape_markdown_html(text: str) -> str:
    """Escape HTML in Markdown outside code spans, so names in a scenario cannot inject markup.

    Inside a code span (a pair of backticks on one line) Markdown shows characters literally,
    so they are left alone there; an unpaired backtick opens nothing and the rest of its line
    is escaped.
    """
    lines = []
    for line in text.split("\n"):
        parts = line.split("`")
        paired = len(parts) - 1 - (len(parts) - 1) % 2  # the number of backticks that pair up
        lines.append("`".join(p if i % 2 and i <= paired else html.escape(p, quote=False) for i, p in enumerate(parts)))
    return "\n".join(lines)


class WorkingPaper:
    """A working paper (底稿): the explanations behind a figure or a whole chain.

    ``str(paper)`` is the engine's rendering in the format asked for (``"text"`` or
    ``"markdown"``); in Jupyter a Markdown paper renders as Markdown and a text paper as
    preformatted text. ``items`` are the :class:`Explanation` objects, ``raw`` the engine's
    document (``{"title", "items": [...]}``).
    """

    def __init__(self, raw: Mapping[str, Any], text: str, format: str = "text") -> None:
        if format not in PAPER_FORMATS:
            raise ValueError(f"format must be one of {PAPER_FORMATS}, got {format!r}")
        self._raw: Dict[str, Any] = dict(raw)
        self._text = text
        self._format = format
        self._items: Tuple[Explanation, ...] = tuple(Explanation.from_dict(i) for i in raw.get("items", []))

    @property
    def title(self) -> str:
        """The paper's title."""
        return str(self._raw.get("title", ""))

    @property
    def format(self) -> str:
        """``"text"`` or ``"markdown"``: the rendering of ``str(paper)``."""
        return self._format

    @property
    def text(self) -> str:
        """The engine's rendering of the whole paper in :attr:`format`."""
        return self._text

    @property
    def items(self) -> Tuple[Explanation, ...]:
        """The explanations, in computation order."""
        return self._items

    @property
    def ids(self) -> List[str]:
        """The ids of the explanations, in order."""
        return [e.id for e in self._items]

    @property
    def raw(self) -> Dict[str, Any]:
        """The engine's document: ``{"title": ..., "items": [explanation, ...]}``."""
        return self._raw

    def explanation(self, id: str) -> Explanation:
        """The explanation with this id (``KeyError`` if the paper has none)."""
        for e in self._items:
            if e.id == id:
                return e
        raise KeyError(f"no explanation {id!r} in {self.title!r}; ids: {self.ids}")

    def __len__(self) -> int:
        return len(self._items)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        shown = ", ".join(self.ids[:6]) + (", ..." if len(self._items) > 6 else "")
        return f"<WorkingPaper {self.title!r}: {len(self._items)} explanations ({shown}); print() it to read it>"

    def _repr_markdown_(self) -> Optional[str]:
        return _escape_markdown_html(self._text) if self._format == "markdown" else None

    def _repr_html_(self) -> Optional[str]:
        if self._format != "text":
            return None
        return f'<pre class="datafee-working-paper">{html.escape(self._text)}</pre>'
