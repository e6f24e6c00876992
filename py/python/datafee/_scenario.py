"""Scenarios (测算方案): the document a regulator models, and the pricing chain run on it.

A :class:`Scenario` holds one scenario document: the policy profile, the catalog, the
separate cost accounts, volume forecasts, published fees and the prior period (the format of
``examples/city/scenario.toml``; see the engine's ``ScenarioDoc``). Every figure is computed
by the engine through the ``chain.*`` operations; this class only hands the document over and
shapes the answers:

- :meth:`Scenario.load` reads a dict, JSON text, TOML text or a file;
- :meth:`Scenario.validate`, :meth:`Scenario.run` (a :class:`~datafee.Chain`),
  :meth:`Scenario.quote` (a :class:`~datafee.Quote`), :meth:`Scenario.sweep`
  (a :class:`~datafee.Sweep`);
- :meth:`Scenario.with_changes` returns a modified copy for "what if" questions.

A scenario is immutable: ``with_changes`` returns a new one and ``to_dict`` a copy.

>>> from decimal import Decimal
>>> from datafee import Scenario, mini_city
>>> city = Scenario.load(mini_city())
>>> city
Scenario('Mini city (figures illustrative)', first_year=2026, from a dict)
>>> city.run().mpr_total
Decimal('576040.84')
>>> city.with_changes({"profile.profit.rate": Decimal("0.05")}).run().mpr_total
Decimal('567329.22')

Files and text are read by the engine itself, so a file gives the same figures in Rust and
Python: TOML goes to the engine as text (no TOML library is needed to run it), JSON text as
is. :meth:`Scenario.to_dict` and :meth:`Scenario.with_changes` need the document as data:
for TOML they read it with ``tomllib`` (Python 3.11+) or the ``tomli`` package.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

from . import _datafee
from ._chain import Chain
from ._convert import decode_output, encode_input
from ._errors import ParseError
from ._paths import last_key, parse_path, set_path
from ._quote import Quote
from ._sweep import Sweep, Variations

__all__ = ["Scenario", "Source"]

#: What :meth:`Scenario.load` accepts.
Source = Union[Mapping[str, Any], str, "os.PathLike[str]"]

_KINDS = ("dict", "json", "toml")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _toml_loads(text: str) -> Dict[str, Any]:
    """Read TOML into Python values (decimals as ``Decimal``), for ``to_dict``/``with_changes``."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the test machine runs 3.11
        try:
            import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            raise ImportError(
                "reading a TOML scenario as data needs Python 3.11+ or the tomli package (pip install tomli); "
                "running it does not"
            ) from None
    try:
        data: Dict[str, Any] = tomllib.loads(text, parse_float=Decimal)
        return data
    except tomllib.TOMLDecodeError as e:
        raise ParseError(f"toml: {e}", "parse", "toml", "") from None


def _json_loads(text: str) -> Dict[str, Any]:
    try:
        doc = json.loads(text, parse_float=Decimal)
    except ValueError as e:
        raise ParseError(f"document: not JSON: {e}", "parse", "document", "") from None
    if not isinstance(doc, dict):
        raise ParseError(f"document: expected a JSON object, got {type(doc).__name__}", "parse", "document", "")
    return doc


def _looks_like_path(text: str) -> bool:
    """A one-line string naming a file, not a document."""
    if "\n" in text or text.lstrip().startswith("{"):
        return False
    return text.endswith((".toml", ".json")) or "=" not in text or os.path.exists(text)


class Scenario:
    """A scenario document, ready to validate, run, quote, sweep and change.

    Build one with :meth:`load` (any source), :meth:`from_dict`, :meth:`from_json` or
    :meth:`from_toml`; ``Scenario(document)`` is :meth:`from_dict`.
    """

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._kind = "dict"
        self._text: Optional[str] = None
        self._origin = "a dict"
        self._document: Optional[Dict[str, Any]] = self._encode(document)

    @staticmethod
    def _encode(document: Mapping[str, Any]) -> Dict[str, Any]:
        if not isinstance(document, Mapping):
            raise TypeError(f"a scenario document is a dict, got {type(document).__name__}")
        encoded: Dict[str, Any] = encode_input(document)
        return encoded

    @classmethod
    def _make(cls, kind: str, text: Optional[str], document: Optional[Dict[str, Any]], origin: str) -> Scenario:
        assert kind in _KINDS
        self = cls.__new__(cls)
        self._kind = kind
        self._text = text
        self._origin = origin
        self._document = document
        return self

    # -- construction ---------------------------------------------------------------
    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Scenario:
        """A scenario from a dict (decimals as ``Decimal``, ``int`` or ``str``; no ``float``).

        The dict is copied; a ``float`` anywhere raises ``TypeError`` naming its path.
        """
        return cls(document)

    @classmethod
    def from_json(cls, text: str) -> Scenario:
        """A scenario from JSON text in the engine's format (decimals as strings).

        The text goes to the engine as it is, so a number where the engine requires a
        decimal string is refused there, as in Rust.
        """
        _json_loads(text)  # refuse non-JSON now, with a clear error
        return cls._make("json", text, None, "JSON text")

    @classmethod
    def from_toml(cls, text: str) -> Scenario:
        """A scenario from TOML text (the engine reads it: any Python version)."""
        if not isinstance(text, str):
            raise TypeError(f"TOML text is a str, got {type(text).__name__}")
        return cls._make("toml", text, None, "TOML text")

    @classmethod
    def load(cls, source: Source) -> Scenario:
        """A scenario from a dict, JSON text, TOML text, or a file (``str`` or ``Path``).

        - a ``Mapping``: :meth:`from_dict`;
        - a ``pathlib.Path`` (any ``os.PathLike``), or a one-line ``str`` that names a file
          (it ends in ``.toml``/``.json``, exists, or has no ``=``): the file is read as
          UTF-8, as JSON if its name ends in ``.json``, as TOML if in ``.toml``, otherwise
          by its content (``{`` first: JSON);
        - any other ``str``: JSON text if it starts with ``{``, TOML text otherwise.

        Loading checks no policy rule: :meth:`validate` or :meth:`run` do.
        """
        if isinstance(source, Mapping):
            return cls.from_dict(source)
        if isinstance(source, os.PathLike):
            return cls._from_file(Path(os.fspath(source)))
        if isinstance(source, str):
            if _looks_like_path(source):
                return cls._from_file(Path(source))
            return cls.from_json(source) if source.lstrip().startswith("{") else cls.from_toml(source)
        raise TypeError(f"cannot load a scenario from a {type(source).__name__}: give a dict, a str or a path")

    @classmethod
    def _from_file(cls, path: Path) -> Scenario:
        text = path.read_text(encoding="utf-8")
        suffix = path.suffix.lower()
        is_json = suffix == ".json" or (suffix != ".toml" and text.lstrip().startswith("{"))
        made = cls.from_json(text) if is_json else cls.from_toml(text)
        made._origin = repr(str(path))
        return made

    # -- the document ---------------------------------------------------------------
    def _engine_document(self) -> Dict[str, Any]:
        """The document in the engine's form (decimals as strings); cached, never modified."""
        if self._document is None:
            assert self._text is not None
            data = _json_loads(self._text) if self._kind == "json" else _toml_loads(self._text)
            self._document = self._encode(data)
        return self._document

    def to_dict(self) -> Dict[str, Any]:
        """A copy of the document as Python values: decimals ``Decimal``, ids and text ``str``.

        ``Scenario.from_dict(s.to_dict())`` is equal to ``s``.
        """
        decoded: Dict[str, Any] = decode_output(copy.deepcopy(self._engine_document()))
        return decoded

    def to_json(self, indent: Optional[int] = None) -> str:
        """The document as JSON text in the engine's format (decimals as strings)."""
        return json.dumps(self._engine_document(), ensure_ascii=False, indent=indent)

    @property
    def name(self) -> str:
        """The exercise's name (``name`` in the document)."""
        return str(self._engine_document().get("name", ""))

    @property
    def first_year(self) -> int:
        """The first year of the pricing period."""
        return int(self._engine_document()["first_year"])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self._engine_document() == other._engine_document()

    __hash__ = None  # type: ignore[assignment]  # compared by document, which is a dict

    def __repr__(self) -> str:
        try:
            return f"Scenario({self.name!r}, first_year={self.first_year}, from {self._origin})"
        except (ImportError, ValueError, KeyError, TypeError):
            return f"Scenario(from {self._origin})"

    # -- calls into the engine ------------------------------------------------------
    def _input_text(self, extra: Mapping[str, Any]) -> str:
        rest = _dumps(encode_input(extra))[1:-1]
        if self._kind == "toml":
            head = '"toml":' + _dumps(self._text)
        elif self._kind == "json":
            assert self._text is not None
            head = '"document":' + self._text
        else:
            head = '"document":' + _dumps(self._document)
        return "{" + head + ("," + rest if rest else "") + "}"

    def _call(self, op: str, extra: Mapping[str, Any]) -> Dict[str, Any]:
        """Run ``op`` on this scenario plus the ``extra`` inputs; the decoded result."""
        out = _datafee.call(op, self._input_text(extra))
        result: Dict[str, Any] = decode_output(json.loads(out, parse_float=Decimal))
        return result

    def validate(self) -> None:
        """Check the document (``chain.validate``): raises a :class:`DatafeeError` if refused.

        >>> from datafee import RateAboveBoundError, Scenario, mini_city
        >>> Scenario.from_dict(mini_city()).validate()
        >>> doc = mini_city(); doc["profile"]["profit"]["rate"] = "0.10"
        >>> try:
        ...     Scenario.from_dict(doc).validate()
        ... except RateAboveBoundError as e:
        ...     print(e.code, e.field, e.value)
        rate_above_bound profile.profit.rate 0.10
        """
        self._call("chain.validate", {})

    def run(self) -> Chain:
        """Run the whole pricing chain (``chain.run``): costs, MPR, caps, fee verdicts."""
        return Chain(self, self._call("chain.run", {}))

    def quote(
        self,
        product: str,
        scenario: str,
        quantity: Union[Decimal, int, str],
        date: Union[str, datetime.date, None] = None,
    ) -> Quote:
        """The fee for ``quantity`` of ``product`` used in ``scenario`` (``chain.quote``).

        ``date`` (``YYYY-MM-DD`` or a ``datetime.date``; default the first day of the
        period) picks the published fee in force and the cap year.

        >>> from datafee import Scenario, mini_city
        >>> q = Scenario.from_dict(mini_city()).quote("land", "agri", 2, date="2027-03-01")
        >>> q.charge, q.cap, q.year, q.free
        (Decimal('3200.00'), Decimal('1879.35'), 2027, False)
        """
        request: Dict[str, Any] = {"product": product, "scenario": scenario, "quantity": quantity}
        if isinstance(date, datetime.date):
            date = date.isoformat()
        if date is not None:
            request["date"] = date
        return Quote.from_dict(self._call("chain.quote", request))

    def sweep(self, variations: Variations, year: Optional[int] = None) -> Sweep:
        """MPR and caps over a grid of varied inputs (``chain.sweep``).

        ``variations`` maps a path (as in :meth:`with_changes`) to the values to set, or to
        ``{"scale": [factors]}`` to multiply the current value(s) by (``{"values": [...]}``
        also works); or it is the engine's list ``[{"path": ..., "values" | "scale": [...]}]``.
        Values are ``Decimal``, ``int`` or ``str``; a ``float`` raises ``TypeError``. ``year``
        (default the first) is the year whose MPR and caps are reported. A refused point is
        a row with its error code, not an exception. See :class:`~datafee.Sweep`.

        >>> from decimal import Decimal
        >>> from datafee import Scenario, mini_city
        >>> s = Scenario.from_dict(mini_city()).sweep({"forecasts[*].volume": {"scale": ["0.5", "1"]}})
        >>> [p.caps["credit/finance"] for p in s.points]
        [Decimal('4.294'), Decimal('2.147')]
        """
        vary, kinds = _variations(variations)
        request: Dict[str, Any] = {"vary": vary}
        if year is not None:
            request["year"] = year
        return Sweep(self._call("chain.sweep", request), kinds)

    def with_changes(self, changes: Mapping[str, Any]) -> Scenario:
        """A copy of this scenario with the values at some paths replaced ("what if").

        ``changes`` maps a path (``profile.profit.rate``, ``forecasts[0].volume``,
        ``forecasts[*].volume``: keys, ``[n]`` and ``[*]`` as in sweeps) to its new value, or
        to a function of the old value (decimals as ``Decimal``). Values are ``Decimal``,
        ``int``, ``str``, ``bool``, ``None``, lists or dicts; a ``float`` raises ``TypeError``.
        A path that designates nothing raises :class:`~datafee.InvalidInputError`. The new
        values are checked by the engine when the copy is validated or run.

        >>> from decimal import Decimal
        >>> from datafee import Scenario, mini_city
        >>> city = Scenario.from_dict(mini_city())
        >>> lower = city.with_changes({"forecasts[*].volume": lambda v: v * Decimal("0.7")})
        >>> [f["volume"] for f in lower.to_dict()["forecasts"]]
        [Decimal('70000.0'), Decimal('14000.0'), Decimal('28.0')]
        >>> city.with_changes({"profile.profit.rate": 0.05})
        Traceback (most recent call last):
        ...
        TypeError: profile.profit.rate: got the float 0.05; use Decimal('0.05') or a string, not a float: floats are inexact
        """
        if not isinstance(changes, Mapping):
            raise TypeError(f"changes is a dict of path -> value, got {type(changes).__name__}")
        document = copy.deepcopy(self._engine_document())
        for path, value in changes.items():
            set_path(document, path, _updater(path, value))
        return Scenario._make("dict", None, document, f"{self._origin} with changes")


def _updater(path: str, value: Any) -> Callable[[Any], Any]:
    key = last_key(parse_path(path))
    if callable(value):
        fn = value

        def update(old: Any) -> Any:
            return encode_input(fn(decode_output(copy.deepcopy(old), key)), path, key)

        return update
    encoded = encode_input(value, path, key)
    return lambda old: copy.deepcopy(encoded)


def _values(path: str, kind: str, values: Any) -> List[Any]:
    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{path}: {kind} is a list of decimals, got {type(values).__name__} {values!r}")
    return [encode_input(v, f"{path} {kind}[{j}]") for j, v in enumerate(values)]


def _variations(variations: Variations) -> Tuple[List[Dict[str, Any]], List[str]]:
    """The engine's ``vary`` list and the kind (values/scale) of each variation."""
    vary: List[Dict[str, Any]] = []
    kinds: List[str] = []
    if isinstance(variations, Mapping):
        for path, spec in variations.items():
            if isinstance(spec, Mapping):
                if set(spec) not in ({"values"}, {"scale"}):
                    raise ValueError(f"{path}: give a list of values, {{'values': [...]}} or {{'scale': [...]}}, got keys {sorted(spec)}")
                kind = "scale" if "scale" in spec else "values"
                vals = spec[kind]
            else:
                kind, vals = "values", spec
            vary.append({"path": path, kind: _values(str(path), kind, vals)})
            kinds.append(kind)
        return vary, kinds
    if isinstance(variations, (str, bytes)) or not hasattr(variations, "__iter__"):
        raise TypeError(f"variations are a dict of path -> values or a list of variations, got {type(variations).__name__}")
    for i, v in enumerate(variations):
        if not isinstance(v, Mapping):
            raise TypeError(f"vary[{i}]: a variation is a dict {{'path', 'values' | 'scale'}}, got {type(v).__name__}")
        encoded: Dict[str, Any] = encode_input(v, f"vary[{i}]")
        vary.append(encoded)
        kinds.append("scale" if v.get("scale") else "values")
    return vary, kinds
