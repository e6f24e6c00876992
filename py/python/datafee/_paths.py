"""Paths into a scenario document (文档路径), for "what if" changes.

The syntax is the one of the engine's sweeps (``chain.sweep``): keys separated by ``.``,
``[n]`` for the n-th element of a list, ``[*]`` for every element:

- ``profile.profit.rate``: one value;
- ``forecasts[0].volume``: the volume of the first forecast;
- ``forecasts[*].volume``: every forecast's volume.

The last key may name a field the document does not have yet (it is added, as the engine
does); every other step must exist. A path that designates nothing is refused with
:class:`datafee.InvalidInputError` (code ``invalid``, ``field`` = the path). This module only
edits the document; the engine checks the values when the scenario runs.

>>> doc = {"forecasts": [{"volume": "10"}, {"volume": "20"}]}
>>> set_path(doc, "forecasts[*].volume", lambda old: old + "0")
2
>>> doc
{'forecasts': [{'volume': '100'}, {'volume': '200'}]}
"""

from __future__ import annotations

import re
from typing import Any, Callable, List, Optional, Union

from ._errors import InvalidInputError

__all__ = ["Step", "parse_path", "set_path", "last_key"]

#: One step of a path: a key (str), an index (int), or every element (None).
Step = Union[str, int, None]

_PART = re.compile(r"([^\[\]]*)((?:\[[^\[\]]*\])*)")
_INDEX = re.compile(r"\[([^\[\]]*)\]")


def _bad(path: str, why: str) -> InvalidInputError:
    return InvalidInputError(f"{path}: {why}", code="invalid", field=path, value=path)


def parse_path(path: str) -> List[Step]:
    """The steps of ``path``.

    >>> parse_path("forecasts[*].volume"), parse_path("a.b[2]")
    (['forecasts', None, 'volume'], ['a', 'b', 2])
    """
    if not isinstance(path, str):
        raise TypeError(f"a path is a str such as 'profile.profit.rate', got {type(path).__name__} {path!r}")
    expected = "expected keys separated by '.', with [n] or [*] indices"
    steps: List[Step] = []
    for part in path.split("."):
        m = _PART.fullmatch(part)
        if m is None:
            raise _bad(path, expected)
        key, indices = m.group(1), m.group(2)
        if not key:  # "a..b", ".a", "a.[0]": a typo, though the engine's sweeps skip it
            raise _bad(path, expected)
        steps.append(key)
        for idx in _INDEX.findall(indices):
            if idx == "*":
                steps.append(None)
            elif idx.isdigit() and idx.isascii():
                steps.append(int(idx))
            else:
                raise _bad(path, expected)
    if not steps:
        raise _bad(path, expected)
    return steps


def last_key(steps: List[Step]) -> Optional[str]:
    """The last key of a path (the key that holds the values it designates)."""
    for s in reversed(steps):
        if isinstance(s, str):
            return s
    return None


def set_path(document: Any, path: str, update: Callable[[Any], Any]) -> int:
    """Replace every value ``path`` designates in ``document`` by ``update(old)``.

    ``old`` is ``None`` where the last key is new. Returns how many values were replaced
    (at least one: a path that designates nothing raises ``InvalidInputError``).
    """
    steps = parse_path(path)
    count = _apply(document, steps, path, update)
    if count == 0:
        raise _bad(path, "designates nothing in the document")
    return count


def _apply(value: Any, steps: List[Step], path: str, update: Callable[[Any], Any]) -> int:
    first, rest = steps[0], steps[1:]
    if isinstance(first, str):
        if not isinstance(value, dict):
            raise _bad(path, f"designates nothing in the document (no object holds {first!r})")
        if not rest:
            value[first] = update(value.get(first))
            return 1
        if first not in value:
            raise _bad(path, f"designates nothing in the document (no key {first!r})")
        return _apply(value[first], rest, path, update)
    if not isinstance(value, list):
        raise _bad(path, "designates nothing in the document (not a list)")
    if first is None:
        targets = range(len(value))
    elif first < len(value):
        targets = range(first, first + 1)
    else:
        raise _bad(path, f"designates nothing in the document (no element {first}; the list has {len(value)})")
    count = 0
    for i in targets:
        if rest:
            count += _apply(value[i], rest, path, update)
        else:
            value[i] = update(value[i])
            count += 1
    return count
