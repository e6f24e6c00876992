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
Decimal('500278.26')
>>> city.with_changes({"profile.profit.rate": Decimal("0.05")}).run().mpr_total
Decimal('493002.03')

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
from typing import Any, Callable, Dict, Iterable, List, Literal, Mapping, Optional, Tuple, Union, overload

from . import _datafee
from ._chain import Chain
from ._convert import MAX_DOCUMENT_BYTES, decode_output, encode_input
from ._errors import LimitExceededError, ParseError
from ._engine import dumps, loads
from ._quote import Quote
from ._review import Actual, Review, actual_lines
from ._sweep import Sweep, Variations
from ._table import Table
from ._tariff import Tariff

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
    except RecursionError:
        raise ParseError("toml: nested too deeply", "parse", "toml", "") from None


def _check_document_size(n: int) -> None:
    # The engine's bound (datafee::doc::MAX_DOCUMENT_BYTES), checked before Python parses.
    if n > MAX_DOCUMENT_BYTES:
        raise LimitExceededError(
            f"document: {n} bytes exceeds the limit of {MAX_DOCUMENT_BYTES} bytes", "limit_exceeded", "document", f"{n} bytes"
        )


def _json_loads(text: str) -> Dict[str, Any]:
    # len() counts characters, each at least one byte: a text over the limit is over it in bytes.
    _check_document_size(len(text))
    try:
        doc = json.loads(text, parse_float=Decimal)
    except RecursionError:
        raise ParseError("document: nested too deeply", "parse", "document", "") from None
    except ValueError as e:
        raise ParseError(f"document: not JSON: {e}", "parse", "document", "") from None
    if not isinstance(doc, dict):
        raise ParseError(f"document: expected a JSON object, got {type(doc).__name__}", "parse", "document", "")
    return doc


def _read_text(path: Path) -> str:
    """A file's text as UTF-8, reading at most one byte more than the engine's document limit
    (``/dev/zero`` or ``/dev/urandom`` is refused after 64 MiB, not read forever)."""
    with open(path, "rb") as f:
        data = f.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise LimitExceededError(
            f"{path}: more than {MAX_DOCUMENT_BYTES} bytes, the limit of a document", "limit_exceeded", "document", f"more than {MAX_DOCUMENT_BYTES} bytes"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ParseError(f"{path}: not UTF-8 text (byte {e.start})", "parse", "document", f"byte {e.start}") from None


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
        _check_document_size(len(text))
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
        text = _read_text(path)
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

    def _call_raw(self, op: str, extra: Mapping[str, Any]) -> Dict[str, Any]:
        """Run ``op`` on this scenario plus the ``extra`` inputs; the result as the engine wrote it."""
        result: Dict[str, Any] = json.loads(_datafee.call(op, self._input_text(extra)), parse_float=Decimal)
        return result

    def _call(self, op: str, extra: Mapping[str, Any]) -> Dict[str, Any]:
        """Run ``op`` on this scenario plus the ``extra`` inputs; the decoded result."""
        result: Dict[str, Any] = decode_output(self._call_raw(op, extra))
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
        (Decimal('3200.00'), Decimal('1655.33'), 2027, False)
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
        [Decimal('3.678'), Decimal('1.839')]
        """
        vary, kinds = _variations(variations)
        request: Dict[str, Any] = {"vary": vary}
        if year is not None:
            request["year"] = year
        return Sweep(self._call("chain.sweep", request), kinds)

    # -- a year of operation ------------------------------------------------------
    def tariff(self, year: int) -> Tariff:
        """The tariff (收费标准表) of billing year ``year``, ready for :func:`datafee.rate` (``chain.tariff``).

        Every fee in force at some time during the year (the one in force on 1 January and
        any taking effect later), each with the year's cap as quoted; a fee that breaks that
        cap is left out and listed in :attr:`Tariff.withheld` (uses of its pair on the days it
        would be in force are rejected as ``no_fee_in_force``). The billing period is the
        calendar year. A year outside the pricing period raises ``OutOfRangeError``.

        >>> from decimal import Decimal
        >>> from datafee import Scenario, mini_city
        >>> city = Scenario.from_dict(mini_city()).with_changes({"fees[1].schedule.price": Decimal("1900.00")})
        >>> t = city.tariff(2027)   # the land report's fee is within the 2026 cap, not the 2027 one
        >>> t.period, len(t.fees), len(t.withheld)
        (('2027-01-01', '2028-01-01'), 1, 1)
        >>> t.withheld[0]["reason"]
        'breaks the 2027 cap 1655.33 (strict test): price = 1900.00 > 1655.33'
        """
        raw = self._call_raw("chain.tariff", {"year": year})
        return Tariff._from_engine(raw["tariff"], decode_output(raw["withheld"]), year)

    def review(
        self,
        year: int,
        actual: Actual,
        *,
        next_mpr: Union[Decimal, int, str, None] = None,
        next_forecast: Optional[Iterable[Mapping[str, Any]]] = None,
    ) -> Review:
        """The periodic review (定期评估) of ``year`` (``review.year``): a :class:`~datafee.Review`.

        ``actual`` is the year's use: a :class:`~datafee.Rating` (its
        :meth:`~datafee.Rating.actual`), a :class:`~datafee.Table`, a pandas ``DataFrame`` or
        a list of ``{product, scenario, volume, revenue}`` dicts (revenue net of VAT); pairs
        not listed had no use. ``next_mpr`` (default the chain's MPR of ``year + 1`` when the
        period has it) and ``next_forecast`` (``[{product, scenario, volume}]``, default the
        actual volumes) are what proposed caps are scaled to.
        """
        request: Dict[str, Any] = {"year": year, "actual": actual_lines(actual)}
        if next_mpr is not None:
            request["next_mpr"] = next_mpr
        if next_forecast is not None:
            request["next_forecast"] = [dict(f) for f in next_forecast]
        return Review(self._call("review.year", request))

    def fee_list(self, year: Optional[int] = None) -> Table:
        """The public fee list (收费公示) of ``year`` (default the first), one row per pair and fee.

        Free uses with their reason, paid uses with the cap as quoted, the actual fee in words,
        its effective date, the date a later fee replaces it and whether it complies
        (``disclosure.fee_list``).

        >>> from datafee import Scenario, mini_city
        >>> fees = Scenario.from_dict(mini_city()).fee_list(2026)
        >>> fees.column("actual_fee")
        ['1.50 per unit', 'free', '1600.00 per unit']
        """
        request: Dict[str, Any] = {"format": "json"}
        if year is not None:
            request["year"] = year
        out = self._call("disclosure.fee_list", request)
        first = ["product", "product_name", "scenario", "scenario_name", "category", "status", "free_reason", "charging_form", "unit", "cap", "actual_fee", "effective", "replaced_on", "compliant"]
        vat = "with VAT" if out.get("prices_include_vat") else "without VAT"
        rows = [{k: r.get(k) for k in first} for r in out["rows"]]
        return Table(rows, columns=first, title=f"Fee list 收费公示 {out['year']} (caps and fees {vat})")

    @overload
    def annual_report(
        self,
        year: int,
        actual: Actual,
        shares: Optional[Iterable[Mapping[str, Any]]] = None,
        format: Literal["markdown", "html"] = "markdown",
    ) -> str: ...

    @overload
    def annual_report(
        self,
        year: int,
        actual: Actual,
        shares: Optional[Iterable[Mapping[str, Any]]] = None,
        *,
        format: Literal["json", "csv"],
    ) -> Dict[str, Any]: ...

    def annual_report(
        self,
        year: int,
        actual: Actual,
        shares: Optional[Iterable[Mapping[str, Any]]] = None,
        format: str = "markdown",
    ) -> Union[str, Dict[str, Any]]:
        """The annual operating report (年度经营情况报告) of ``year`` (``disclosure.annual_report``).

        ``actual`` as in :meth:`review`. ``shares``: the year's revenue-sharing agreements,
        each an agreement dict (its product's actual revenue of the year is shared) or
        ``{"agreement": ..., "revenue": ...}``. ``format``:

        - ``"markdown"`` or ``"html"`` (one printable page): the text (``str``); in Jupyter,
          ``IPython.display.Markdown(text)`` / ``HTML(text)`` renders it;
        - ``"json"``: the report as a dict (decimals as ``Decimal``);
        - ``"csv"``: ``{table name: CSV text}``, one RFC 4180 CSV per table.

        >>> from datafee import Scenario, mini_city
        >>> city = Scenario.from_dict(mini_city())
        >>> text = city.annual_report(2026, [{"product": "credit", "scenario": "finance", "volume": 90000, "revenue": "135000.00"}])
        >>> text.splitlines()[0]
        '# Annual operating report 年度经营情况报告'
        """
        if format not in ("markdown", "html", "json", "csv"):
            raise ValueError(f"format must be 'markdown', 'html', 'json' or 'csv', got {format!r}")
        request: Dict[str, Any] = {"year": year, "actual": actual_lines(actual), "format": format}
        if shares is not None:
            request["shares"] = [_share(s, i) for i, s in enumerate(shares)]
        if format == "json":
            return self._call("disclosure.annual_report", request)
        out = self._call_raw("disclosure.annual_report", request)
        if format == "csv":
            tables: Dict[str, Any] = dict(out["tables"])
            return tables
        return str(out["content"])

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
        # The engine applies the changes (chain.with_changes: the one path language of sweeps,
        # Python and JavaScript); a function of the old value is evaluated here on the values
        # the engine reads at that path (chain.values_at), in document order.
        document: Dict[str, Any] = self._engine_document()
        pending: List[Dict[str, Any]] = []
        for path, value in changes.items():
            if not isinstance(path, str):
                raise TypeError(f"a path is a str such as 'profile.profit.rate', got {type(path).__name__} {path!r}")
            key = _last_key(path)
            if callable(value):
                if pending:
                    document = _engine_changes(document, pending)
                    pending = []
                olds = loads(_datafee.call("chain.values_at", dumps({"document": document, "paths": [path]})))["values"][0]
                news = [encode_input(value(decode_output(old, key)), path, key) for old in olds]
                pending.append({"path": path, "values": news})
            else:
                pending.append({"path": path, "value": encode_input(value, path, key)})
        if pending:
            document = _engine_changes(document, pending)
        return Scenario._make("dict", None, document, f"{self._origin} with changes")


def _share(share: Any, i: int) -> Dict[str, Any]:
    """A revenue-sharing entry of the annual report: ``{agreement, revenue?}``."""
    if not isinstance(share, Mapping):
        raise TypeError(f"shares[{i}]: an agreement is a dict, got {type(share).__name__}")
    return dict(share) if "agreement" in share else {"agreement": dict(share)}


def _engine_changes(document: Dict[str, Any], changes: List[Dict[str, Any]]) -> Dict[str, Any]:
    """``chain.with_changes`` on a document in the engine's form."""
    out: Dict[str, Any] = loads(_datafee.call("chain.with_changes", dumps({"document": document, "changes": changes})))["document"]
    return out


def _last_key(path: str) -> Optional[str]:
    """The last key of a path (the key that holds the values it designates), for encoding
    (an ``int`` under an integer key stays a number); the engine parses the path itself.

    >>> _last_key("forecasts[*].volume"), _last_key("a.b[2]"), _last_key("[0]")
    ('volume', 'b', None)
    """
    key = path.rsplit(".", 1)[-1].split("[", 1)[0]
    return key or None


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
