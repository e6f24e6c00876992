"""Shaping result documents into table rows (no computation: values are the engine's)."""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Mapping, Sequence

__all__ = ["row", "columns_of", "PAPER_FIELDS"]

#: Fields that hold working papers: kept out of tables (they are read through working papers).
PAPER_FIELDS: FrozenSet[str] = frozenset({"explanation", "explanations"})


def row(item: Mapping[str, Any], first: Sequence[str] = (), drop: FrozenSet[str] = PAPER_FIELDS) -> Dict[str, Any]:
    """``item`` as a flat row: the ``first`` keys in that order (``None`` when absent), then
    every other key of the item in its own order, without the ``drop`` keys.

    >>> row({"b": 1, "a": 2, "explanation": {}}, first=["a", "c"])
    {'a': 2, 'c': None, 'b': 1}
    """
    out: Dict[str, Any] = {k: item.get(k) for k in first}
    for k, v in item.items():
        if k not in out and k not in drop:
            out[k] = v
    return out


def columns_of(rows: Sequence[Mapping[str, Any]]) -> List[str]:
    """Every key of every row, in the order first seen."""
    seen: Dict[str, None] = {}
    for r in rows:
        for k in r:
            seen.setdefault(k, None)
    return list(seen)
