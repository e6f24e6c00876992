"""Revenue sharing (收益分配): thin wrappers over the engine's ``sharing.*`` operations.

Each product's revenue is shared among the data source units (数源单位), the operator
(运营机构) and partners (合伙人) under its own agreement (一产品一议). Every function here
hands Python values to one engine operation and wraps the answer; no figure is computed in
Python. Amounts, weights and values are ``Decimal``, ``int`` or decimal ``str`` in and
``Decimal`` out; a ``float`` anywhere raises ``TypeError`` naming it.

- :func:`split`: an amount among parties by weight, exact to the rounding unit (largest
  remainder, ties by id): the parts add up to the whole;
- :func:`shapley`: the Shapley value (沙普利值) of a cooperative game, exact or sampled;
- :func:`airport`: serial cost sharing of a facility sized for its largest user (机场博弈);
- :func:`contribution`: data-contribution evaluation (数据贡献评价): scores, ranks, weights;
- :func:`waterfall`: one product's revenue through tax, cost recovery, the operator's
  reasonable profit and the remainder split (收益分配瀑布).

Every result prints as a table, renders as HTML in Jupyter, and converts with
``.to_pandas()`` (decimal columns hold ``Decimal``).

>>> from decimal import Decimal
>>> import datafee
>>> datafee.split(Decimal("100.00"), {"city": 1, "operator": 2})
Split of 100.00 (rounding half-up to 0.01)
id        weight  max  share
--------  ------  ---  -----
city           1       33.33
operator       2       66.67
>>> datafee.airport({"a": 10, "b": 20, "c": 30}).shares
{'a': Decimal('3.3333333333333333333333333333'), 'b': Decimal('8.333333333333333333333333333'), 'c': Decimal('18.333333333333333333333333333')}
>>> datafee.split(100, [0.5, 0.5])
Traceback (most recent call last):
...
TypeError: weights[0]: got the float 0.5; use Decimal('0.5') or a string, not a float: floats are inexact
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from ._convert import check_items, encode_input
from . import _datafee
from ._engine import call_op, dumps, loads
from ._errors import UnknownIdError
from ._explain import Explanation
from ._rows import row
from ._table import Table

__all__ = [
    "split",
    "shapley",
    "airport",
    "contribution",
    "waterfall",
    "Split",
    "Shapley",
    "Airport",
    "Contribution",
    "Waterfall",
    "Number",
    "RoundingSpec",
]

#: A decimal input: ``Decimal``, ``int`` or a decimal ``str`` (never ``float``).
Number = Union[Decimal, int, str]
#: A rounding: the unit (``Decimal("0.01")``), or ``{"unit": ..., "mode": "half_up" | ...}``.
RoundingSpec = Union[Number, Mapping[str, Any], None]


def _number(value: Any, path: str) -> Any:
    """One decimal input in the engine's form (floats refused with the caller's path)."""
    if isinstance(value, (Mapping, list, tuple)):
        raise TypeError(f"{path}: expected a Decimal, an int or a decimal str, got {type(value).__name__}")
    return encode_input(value, path)


def _rounding(rounding: RoundingSpec) -> Optional[Dict[str, Any]]:
    if rounding is None:
        return None
    if isinstance(rounding, Mapping):
        encoded: Dict[str, Any] = encode_input(rounding, "rounding")
        return encoded
    return {"unit": _number(rounding, "rounding")}


def _rounding_text(raw: Optional[Mapping[str, Any]]) -> str:
    r = raw or {}
    return f"{str(r.get('mode', 'half_up')).replace('_', '-')} to {r.get('unit', '0.01')}"


class _Result:
    """A sharing result: the engine's document, a table of its rows, a working paper."""

    _title = ""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw: Dict[str, Any] = dict(raw)

    @property
    def raw(self) -> Dict[str, Any]:
        """The engine's result document, decimals as ``Decimal``."""
        return self._raw

    @property
    def table(self) -> Table:
        """The result as one row per party."""
        raise NotImplementedError  # pragma: no cover

    @property
    def explanation(self) -> Explanation:
        """The working paper (底稿) of the computation."""
        return Explanation.from_dict(self._raw["explanation"])

    def to_pandas(self) -> Any:
        """:attr:`table` as a pandas ``DataFrame`` (decimal columns hold ``Decimal``)."""
        return self.table.to_pandas()

    def _headline(self) -> str:
        return self._title

    def __repr__(self) -> str:
        return self._headline() + "\n" + repr(self.table)

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self._headline())}</p>" + self.table._repr_html_()


# -- split ---------------------------------------------------------------------------------
class Split(_Result):
    """An amount split among parties (``sharing.split``): ``shares`` by id, in input order."""

    def __init__(self, raw: Mapping[str, Any], parties: Sequence[Mapping[str, Any]], rounding: Optional[Mapping[str, Any]]) -> None:
        super().__init__(raw)
        self._parties: Optional[List[Dict[str, Any]]] = [dict(p) for p in parties]
        self._rounding = rounding
        self._ids: List[str] = []
        self._share_list: List[Decimal] = []
        self._source: Any = None

    @classmethod
    def _of_lists(
        cls, amount: Decimal, ids: List[str], shares: List[Decimal], explanation: Dict[str, Any], source: Tuple[Any, Any], rounding: Optional[Mapping[str, Any]]
    ) -> "Split":
        # A split read by the binding's list path (``_datafee.split_list``): the ids and shares
        # as two lists, the engine's document and the party rows built only when asked for,
        # so 2,000,000 parties cost two lists, not 2,000,000 dicts.
        self = cls.__new__(cls)
        self._raw = {"amount": amount, "explanation": explanation}
        self._parties = None
        self._rounding = rounding
        self._ids = ids
        self._share_list = shares
        self._source = source
        return self

    @property
    def raw(self) -> Dict[str, Any]:
        """The engine's result document, decimals as ``Decimal``."""
        if "shares" not in self._raw:
            shares = [{"id": i, "share": s} for i, s in zip(self._ids, self._share_list)]
            self._raw = {"amount": self._raw["amount"], "shares": shares, "explanation": self._raw["explanation"]}
        return self._raw

    @property
    def amount(self) -> Decimal:
        """The amount split."""
        amount: Decimal = self._raw["amount"]
        return amount

    @property
    def shares(self) -> Dict[str, Decimal]:
        """Each party's share, by id, in input order; they add up to :attr:`amount`."""
        if "shares" not in self._raw:
            return dict(zip(self._ids, self._share_list))
        return {str(s["id"]): s["share"] for s in self._raw["shares"]}

    def __getitem__(self, id: str) -> Decimal:
        return self.shares[id]

    @property
    def table(self) -> Table:
        """One row per party: id, weight, max, share."""
        if self._parties is None:
            weights, maximums = self._source
            self._parties = _with_maximums(_weights(weights), maximums)
        rows = [
            {"id": s["id"], "weight": Decimal(p["weight"]), "max": None if p.get("max") is None else Decimal(p["max"]), "share": s["share"]}
            for p, s in zip(self._parties, self.raw["shares"])
        ]
        return Table(rows, columns=["id", "weight", "max", "share"])

    def _headline(self) -> str:
        return f"Split of {self.amount} (rounding {_rounding_text(self._rounding)})"


#: ``sharing.split``'s party limit (``MAX_SPLIT_PARTIES``), checked before any conversion.
MAX_SPLIT_PARTIES = 2_000_000


def _weights(weights: Any) -> List[Dict[str, Any]]:
    if hasattr(weights, "__len__") and not isinstance(weights, (str, bytes)):
        check_items(len(weights), "parties", MAX_SPLIT_PARTIES)
    if isinstance(weights, Mapping):
        return [{"id": str(k), "weight": _number(v, f"weights[{k!r}]")} for k, v in weights.items()]
    if isinstance(weights, (str, bytes)) or not hasattr(weights, "__iter__"):
        raise TypeError(f"weights are a dict id -> weight or a list, got {type(weights).__name__}")
    parties = []
    for i, w in enumerate(weights):
        if i == MAX_SPLIT_PARTIES:  # an iterator without a length: stop at the limit
            check_items(i + 1, "parties", MAX_SPLIT_PARTIES)
        path = f"weights[{i}]"
        if isinstance(w, Mapping):
            parties.append(encode_input(w, path))
        elif isinstance(w, tuple) and len(w) == 2:
            parties.append({"id": str(w[0]), "weight": _number(w[1], path)})
        else:
            parties.append({"id": str(i), "weight": _number(w, path)})
    return parties


def split(
    amount: Number,
    weights: Union[Mapping[str, Number], Iterable[Any]],
    rounding: RoundingSpec = None,
    maximums: Optional[Mapping[str, Number]] = None,
) -> Split:
    """Split ``amount`` among parties by weight, exact to the rounding unit (``sharing.split``).

    ``weights``: ``{id: weight}``; or a list of weights (ids ``"0"``, ``"1"``, ...), of
    ``(id, weight)`` pairs, or of the engine's ``{"id", "weight", "max"}`` dicts.
    ``maximums``: ``{id: most this party may receive}`` (the excess goes to the others).
    ``rounding``: the unit (default 0.01, half-up) or ``{"unit", "mode"}``. Largest-remainder
    rounding, ties by id: the shares add up to ``amount`` exactly.

    >>> split("10.00", {"a": 1, "b": 1, "c": 1}).shares
    {'a': Decimal('3.34'), 'b': Decimal('3.33'), 'c': Decimal('3.33')}
    >>> split("100.00", {"a": 1, "b": 3}, maximums={"b": "60.00"}).shares
    {'a': Decimal('40.00'), 'b': Decimal('60.00')}

    ``weights`` may also be Arrow data (a pyarrow ``Table``, a polars ``DataFrame``, anything with
    ``__arrow_c_stream__``) with columns ``weight`` and optionally ``id``: the columnar split
    (:func:`datafee.split_arrow`), which returns an :class:`~datafee.ArrowSplit` whose ``table``
    is a pyarrow table of ``id`` and ``share`` (no maxima there).
    """
    from ._arrow_split import is_arrow, split_arrow

    if is_arrow(weights):
        if maximums:
            raise TypeError("maximums are not taken with Arrow weights; pass a dict of weights")
        return split_arrow(amount, weights, rounding)  # type: ignore[return-value]
    amount_text = _number(amount, "amount")
    if isinstance(weights, (list, tuple, dict)) and isinstance(amount_text, str):
        # One pass in the binding, no dict or JSON per party (issue 15 item 5).
        check_items(len(weights), "parties", MAX_SPLIT_PARTIES)
        if maximums is not None and not isinstance(maximums, dict):
            maximums = dict(maximums)
        r = _rounding(rounding)
        explanation, ids, shares = _datafee.split_list(amount_text, weights, maximums or None, None if r is None else dumps(r), _number, _party_json)
        # The table is built from the input when asked for: keep a shallow copy, so a list the
        # caller changes afterwards does not change the rows.
        source = (dict(weights) if isinstance(weights, dict) else list(weights), dict(maximums) if maximums else None)
        return Split._of_lists(Decimal(amount_text), ids, shares, loads(explanation), source, r)
    parties = _with_maximums(_weights(weights), maximums)
    document: Dict[str, Any] = {"amount": amount_text, "parties": parties}
    r = _rounding(rounding)
    if r is not None:
        document["rounding"] = r
    return Split(call_op("sharing.split", document), parties, r)


def _with_maximums(parties: List[Dict[str, Any]], maximums: Optional[Mapping[str, Number]]) -> List[Dict[str, Any]]:
    if maximums:
        by_id = {p["id"]: p for p in parties}
        for k, v in maximums.items():
            if str(k) not in by_id:
                raise UnknownIdError(f"maximums[{k!r}]: no party {k!r}", field=f"maximums.{k}", value=str(k))
            by_id[str(k)]["max"] = _number(v, f"maximums[{k!r}]")
    return parties


def _party_json(item: Any, path: str, index: int) -> str:
    """One party of a list as the engine's JSON (the binding's slow path for uncommon items)."""
    if isinstance(item, Mapping):
        party = encode_input(item, path)
    elif isinstance(item, tuple) and len(item) == 2:
        party = encode_input({"id": str(item[0]), "weight": _number(item[1], path)}, path)
    else:
        party = {"id": str(index), "weight": _number(item, path)}
    return dumps(party)


# -- Shapley -------------------------------------------------------------------------------
class Shapley(_Result):
    """Shapley values (沙普利值) of a game (``sharing.shapley``), in the game's player order.

    ``values`` are exact (28 significant digits) for the exact method, estimates with a
    ``std_error`` for the sampled one; ``rounded`` (with a rounding) are amounts adding up to
    the grand coalition's value.
    """

    @property
    def method(self) -> str:
        """``"exact"`` or ``"sampled"``."""
        return str(self._raw["method"])

    @property
    def samples(self) -> Optional[int]:
        """Permutations sampled (sampled method)."""
        s = self._raw.get("samples")
        return None if s is None else int(s)

    @property
    def seed(self) -> Optional[int]:
        """The seed (sampled method): the same seed gives the same digits everywhere."""
        s = self._raw.get("seed")
        return None if s is None else int(s)

    @property
    def hoeffding(self) -> Optional[Decimal]:
        """Sampled: the Hoeffding half-width at ``confidence`` (each value is within it of the exact one
        with at least that probability; from the game's range, not asymptotic)."""
        v: Optional[Decimal] = self._raw.get("hoeffding")
        return v

    @property
    def confidence(self) -> Optional[Decimal]:
        """Sampled: the confidence of ``hoeffding`` (default 0.95)."""
        v: Optional[Decimal] = self._raw.get("confidence")
        return v

    @property
    def grand_coalition(self) -> Decimal:
        """``v(N)``: the value of all players together (the values add up to it)."""
        v: Decimal = self._raw["grand_coalition"]
        return v

    @property
    def values(self) -> Dict[str, Decimal]:
        """Each player's Shapley value, by id."""
        return {str(v["id"]): v["value"] for v in self._raw["values"]}

    @property
    def rounded(self) -> Optional[Dict[str, Decimal]]:
        """Each player's value rounded (largest remainder), when a rounding was given."""
        if not any("rounded" in v for v in self._raw["values"]):
            return None
        return {str(v["id"]): v["rounded"] for v in self._raw["values"]}

    def __getitem__(self, id: str) -> Decimal:
        return self.values[id]

    @property
    def table(self) -> Table:
        """One row per player: id, value, std_error (``None`` when exact), and rounded if asked."""
        columns = ["id", "value", "std_error"] + (["rounded"] if self.rounded is not None else [])
        return Table([row(v, columns) for v in self._raw["values"]], columns=columns)

    def _headline(self) -> str:
        how = "exact" if self.method == "exact" else f"sampled, {self.samples} permutations, seed {self.seed}"
        return f"Shapley values ({how}); v(N) = {self.grand_coalition}"


def shapley(game: Mapping[str, Any], method: Union[str, Mapping[str, Any]] = "exact", rounding: RoundingSpec = None) -> Shapley:
    """The Shapley value of a cooperative game (``sharing.shapley``).

    ``game`` in the engine's forms: ``{"explicit": {"players", "values": [{"coalition",
    "value"}]}}``, ``{"additive": ...}``, ``{"dividends": {"players", "dividends"}}``,
    ``{"airport": {"costs"}}`` or ``{"weighted_majority": ...}``. ``method``: ``"exact"`` (the
    closed form of additive, dividend, airport and weighted-majority games for any number of
    players; explicit games are enumerated up to 20 players) or ``{"sampled": {"samples": 10000,
    "seed": 42}}`` (seeded: the same digits in Rust, Python and JavaScript; options
    ``antithetic``, ``stratified``, ``target_error``, ``confidence`` and ``max_steps``, the work
    budget; the result carries a Hoeffding bound, :attr:`Shapley.hoeffding`). ``rounding``: also
    give each value as an amount.

    >>> game = {"dividends": {"players": ["a", "b"], "dividends": [
    ...     {"coalition": ["a"], "dividend": 10}, {"coalition": ["a", "b"], "dividend": 6}]}}
    >>> shapley(game).values
    {'a': Decimal('13'), 'b': Decimal('3')}
    """
    if not isinstance(game, Mapping):
        raise TypeError(f"a game is a dict in the engine's form, got {type(game).__name__}")
    if not isinstance(method, (str, Mapping)):
        raise TypeError(f"method is 'exact' or {{'sampled': {{'samples': n, 'seed': s}}}}, got {type(method).__name__}")
    document: Dict[str, Any] = {"game": encode_input(game, "game"), "method": encode_input(method, "method")}
    r = _rounding(rounding)
    if r is not None:
        document["rounding"] = r
    return Shapley(call_op("sharing.shapley", document))


# -- airport -------------------------------------------------------------------------------
class Airport(_Result):
    """Serial cost shares (``sharing.airport``): exact shares and rounded amounts by id."""

    def __init__(self, raw: Mapping[str, Any], costs: Sequence[Mapping[str, Any]]) -> None:
        super().__init__(raw)
        self._costs = {str(c["id"]): Decimal(c["cost"]) for c in costs}

    @property
    def total(self) -> Decimal:
        """The cost shared: the largest stand-alone cost."""
        total: Decimal = self._raw["total"]
        return total

    @property
    def shares(self) -> Dict[str, Decimal]:
        """Each party's exact share, by id."""
        return {str(s["id"]): s["share"] for s in self._raw["shares"]}

    @property
    def rounded(self) -> Dict[str, Decimal]:
        """Each party's share to the rounding unit; they add up to :attr:`total`."""
        return {str(s["id"]): s["rounded"] for s in self._raw["shares"]}

    @property
    def table(self) -> Table:
        """One row per party: id, cost, share, rounded."""
        rows = [{"id": s["id"], "cost": self._costs.get(str(s["id"])), "share": s["share"], "rounded": s["rounded"]} for s in self._raw["shares"]]
        return Table(rows, columns=["id", "cost", "share", "rounded"])

    def _headline(self) -> str:
        return f"Airport game: total {self.total} shared serially (Littlechild-Owen)"


def airport(costs: Union[Mapping[str, Number], Iterable[Mapping[str, Any]]], rounding: RoundingSpec = None) -> Airport:
    """Share a facility's cost sized for its largest user (``sharing.airport``).

    ``costs``: ``{id: stand-alone cost}`` or the engine's ``[{"id", "cost"}]``. Each cost
    level's increment is shared equally among the parties who need at least that level.

    >>> airport({"a": 10, "b": 20, "c": 30}).rounded
    {'a': Decimal('3.34'), 'b': Decimal('8.33'), 'c': Decimal('18.33')}
    """
    if isinstance(costs, Mapping):
        items = [{"id": str(k), "cost": _number(v, f"costs[{k!r}]")} for k, v in costs.items()]
    else:
        items = [encode_input(c, f"costs[{i}]") for i, c in enumerate(costs)]
    document: Dict[str, Any] = {"costs": items}
    r = _rounding(rounding)
    if r is not None:
        document["rounding"] = r
    return Airport(call_op("sharing.airport", document), items)


# -- contribution --------------------------------------------------------------------------
class Contribution(_Result):
    """A data-contribution evaluation (``sharing.contribution``): scores, ranks and weights."""

    @property
    def ranking(self) -> List[str]:
        """Party ids, best first."""
        return [str(x) for x in self._raw["ranking"]]

    @property
    def scores(self) -> Dict[str, Decimal]:
        """Each party's score ``Σ indicator weight × normalised value``."""
        return {str(p["id"]): p["score"] for p in self._raw["parties"]}

    @property
    def weights(self) -> Dict[str, Decimal]:
        """Each party's split weight (its score's share of the total)."""
        return {str(p["id"]): p["weight"] for p in self._raw["parties"]}

    @property
    def table(self) -> Table:
        """One row per party: id, rank, score, weight, then one ``normalised:<indicator>`` column each."""
        rows = []
        for p in self._raw["parties"]:
            r = {"id": p["id"], "rank": p["rank"], "score": p["score"], "weight": p["weight"]}
            for k, v in p.get("normalised", {}).items():
                r[f"normalised:{k}"] = v
            rows.append(r)
        return Table(rows)

    def _headline(self) -> str:
        return "Contribution evaluation 数据贡献评价: ranking " + " > ".join(self.ranking)


def _indicators(indicators: Any) -> List[Dict[str, Any]]:
    if isinstance(indicators, Mapping):
        out = []
        for k, spec in indicators.items():
            if isinstance(spec, Mapping):
                out.append({"id": str(k), **encode_input(spec, f"indicators[{k!r}]")})
            else:
                out.append({"id": str(k), "weight": _number(spec, f"indicators[{k!r}]")})
        return out
    return [encode_input(x, f"indicators[{i}]") for i, x in enumerate(indicators)]


def _party_values(parties: Any) -> List[Dict[str, Any]]:
    def values(v: Mapping[str, Any], path: str) -> Dict[str, Any]:
        if not isinstance(v, Mapping):
            raise TypeError(f"{path}: a party's values are a dict indicator -> value, got {type(v).__name__}")
        return {str(k): _number(x, f"{path}[{k!r}]") for k, x in v.items()}

    if isinstance(parties, Mapping):
        return [{"id": str(k), "values": values(v, f"parties[{k!r}]")} for k, v in parties.items()]
    out = []
    for i, p in enumerate(parties):
        if not isinstance(p, Mapping) or "values" not in p:
            raise TypeError(f"parties[{i}]: a party is {{'id': ..., 'values': {{indicator: value}}}}")
        out.append({**encode_input({k: v for k, v in p.items() if k != "values"}, f"parties[{i}]"), "values": values(p["values"], f"parties[{i}].values")})
    return out


def contribution(
    indicators: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]],
    parties: Union[Mapping[str, Mapping[str, Number]], Iterable[Mapping[str, Any]]],
) -> Contribution:
    """Evaluate data contributions (``sharing.contribution``): scores, ranks, split weights.

    ``indicators``: ``{id: weight}``, ``{id: {"weight", "direction", "normalisation"}}`` or
    the engine's list (direction ``"benefit"``/``"cost"``, normalisation ``"share"``,
    ``"max"``, ``"min_max"``). ``parties``: ``{party id: {indicator id: value}}`` or the
    engine's ``[{"id", "values"}]``.

    >>> c = contribution({"quality": {"weight": "0.6", "normalisation": "max"}, "calls": "0.4"},
    ...                  {"a": {"quality": 90, "calls": 300}, "b": {"quality": 60, "calls": 100}})
    >>> c.ranking, c.scores
    (['a', 'b'], {'a': Decimal('0.9'), 'b': Decimal('0.5')})
    """
    document = {"indicators": _indicators(indicators), "parties": _party_values(parties)}
    return Contribution(call_op("sharing.contribution", document))


# -- waterfall -----------------------------------------------------------------------------
class Waterfall(_Result):
    """One product's revenue waterfall (``sharing.waterfall``).

    Stages: tax → each party's recognised cost → the operator's reasonable profit → the
    remainder split by the agreement's method. Administrative data sources' totals are
    non-tax revenue paid to the treasury (上缴财政). :attr:`parties` (also :attr:`table`) has
    one row per party; :attr:`shapley` / :attr:`contribution` are the computation behind the
    remainder split when the method has one.
    """

    _SCALARS = ("product", "revenue", "tax", "after_tax", "total_cost", "cost_recovered", "shortfall", "operator_profit", "remainder", "non_tax_revenue")
    PARTY_COLUMNS = ("id", "name", "kind", "cost_recovered", "profit", "remainder_share", "total", "loss", "non_tax_revenue")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        super().__init__(raw)
        r = self._raw
        self.product: str = str(r["product"])
        self.revenue: Decimal = r["revenue"]
        self.tax: Decimal = r["tax"]
        self.after_tax: Decimal = r["after_tax"]
        self.total_cost: Decimal = r["total_cost"]
        self.cost_recovered: Decimal = r["cost_recovered"]
        self.shortfall: Decimal = r["shortfall"]
        self.operator_profit: Decimal = r["operator_profit"]
        self.remainder: Decimal = r["remainder"]
        self.non_tax_revenue: Decimal = r["non_tax_revenue"]

    @property
    def parties(self) -> Table:
        """One row per party, in agreement order: cost recovered, profit, remainder share, total."""
        rows = [row(p, self.PARTY_COLUMNS) for p in self._raw["parties"]]
        return Table(rows, columns=list(self.PARTY_COLUMNS), title=f"Revenue shares of {self.product} 收益分配")

    @property
    def table(self) -> Table:
        """The same as :attr:`parties`."""
        return self.parties

    @property
    def totals(self) -> Dict[str, Decimal]:
        """Each party's total, by id; they add up to :attr:`after_tax`."""
        return {str(p["id"]): p["total"] for p in self._raw["parties"]}

    @property
    def shapley(self) -> Optional[Shapley]:
        """The Shapley values behind the remainder split (method ``shapley``), else ``None``."""
        detail = (self._raw.get("method_detail") or {}).get("shapley")
        return None if detail is None else Shapley(detail)

    @property
    def contribution(self) -> Optional[Contribution]:
        """The contribution evaluation behind the remainder split (method ``contribution``), else ``None``."""
        detail = (self._raw.get("method_detail") or {}).get("contribution")
        return None if detail is None else Contribution(detail)

    @property
    def explanations(self) -> Tuple[Explanation, ...]:
        """One working paper per stage."""
        return tuple(Explanation.from_dict(e) for e in self._raw.get("explanations", []))

    @property
    def explanation(self) -> Explanation:
        """The working paper of the last stage (the remainder split); see :attr:`explanations`."""
        return self.explanations[-1]

    def _headline(self) -> str:
        return (
            f"Waterfall of {self.product}: revenue {self.revenue} - tax {self.tax} = {self.after_tax}; "
            f"costs recovered {self.cost_recovered} of {self.total_cost}, operator profit {self.operator_profit}, "
            f"remainder {self.remainder}; non-tax revenue to the treasury {self.non_tax_revenue}"
        )


def waterfall(agreement: Mapping[str, Any], revenue: Number) -> Waterfall:
    """Run one product's revenue through its sharing agreement (``sharing.waterfall``).

    ``agreement`` in the engine's form (``{"product", "parties": [{"id", "kind",
    "administrative", "recognised_cost", "ratio" | "weight"}], "tax", "operator_profit",
    "method", "loss_rule", "rounding"}``, e.g. an entry of ``examples/city/credit_sharing.json``);
    ``revenue`` net of VAT.

    >>> w = waterfall({"product": "p", "method": "fixed_ratios", "parties": [
    ...     {"id": "ds", "kind": "data_source", "administrative": True, "recognised_cost": "100.00", "ratio": "0.5"},
    ...     {"id": "op", "kind": "operator", "recognised_cost": "300.00", "ratio": "0.5"}]}, "1000.00")
    >>> w.totals
    {'ds': Decimal('400.00'), 'op': Decimal('600.00')}
    """
    if not isinstance(agreement, Mapping):
        raise TypeError(f"an agreement is a dict in the engine's form, got {type(agreement).__name__}")
    document = {"agreement": encode_input(agreement, "agreement"), "revenue": _number(revenue, "revenue")}
    return Waterfall(call_op("sharing.waterfall", document))
