"""datafee: government-guided pricing and revenue sharing for public-data authorized operation
(公共数据资源授权运营), in Python.

Every figure is computed by the Rust engine; this package only converts values and maps
errors. One entry point runs every operation (``"area.verb"``; :func:`operations` lists
them) on a dict whose decimals are ``decimal.Decimal``, ``int`` or ``str``, never
``float``:

>>> import datafee
>>> from decimal import Decimal
>>> datafee.call("money.round", {"value": Decimal("2.345")})
{'result': Decimal('2.35')}
>>> datafee.call("money.round", {"value": "0.149", "rounding": {"unit": "0.05", "mode": "floor"}})
{'result': Decimal('0.10')}

A refused input raises a subclass of :class:`DatafeeError` (and of ``ValueError``) that
names the field and the value:

>>> try:
...     datafee.call("money.round", {"value": "1,5"})
... except datafee.MalformedDecimalError as e:
...     print(e.code, e.field, e.value)
malformed_decimal value 1,5

:func:`call_json` is the same call on JSON text, for exact round trips of documents.
:class:`Table` shows a list of result rows as text, as HTML in Jupyter, or as a pandas
``DataFrame`` with exact decimals.

For notebooks, :class:`Scenario` wraps the pricing chain (``chain.*`` operations): load a
scenario, run it (:class:`Chain`: MPR, caps, fee verdicts, working papers), quote a use
(:class:`Quote`), sweep inputs over a grid (:class:`Sweep`), and ask "what if" with
:meth:`Scenario.with_changes`. :func:`mini_city` is a small scenario to try them on:

>>> city = datafee.Scenario.load(datafee.mini_city())
>>> chain = city.run()
>>> chain.caps(2026).column("cap_quoted")
[Decimal('1.839'), None, Decimal('1655.33')]

A year of operation: :meth:`Scenario.tariff` gives the tariff of a billing year,
:func:`rate` rates usage (a pandas ``DataFrame``, a pyarrow ``Table``, or dicts) into a
:class:`Rating` with the engine's bulk rater, :meth:`Scenario.review` reviews the year
(:class:`Review`), :meth:`Scenario.fee_list` and :meth:`Scenario.annual_report` give the
disclosures. Revenue sharing: :func:`split`, :func:`shapley`, :func:`airport`,
:func:`contribution` and :func:`waterfall`.

>>> usage = [{"id": "u1", "customer": "bank", "product": "credit", "scenario": "finance",
...           "quantity": 1000, "time": "2026-03-01"}]
>>> rating = datafee.rate(city.tariff(2026), usage)
>>> rating.totals["total"], city.review(2026, rating).deviation_percent
(Decimal('1590.00'), Decimal('-99.41'))
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from . import _datafee
from ._convert import decode_output, encode_input, is_text_key
from ._engine import call_op
from ._table import Table
from ._chain import Chain, YearCosts
from ._explain import Explanation, WorkingPaper
from ._mini_city import mini_city
from ._quote import Quote
from ._rating import Rating, rate
from ._late import rate_late
from ._arrow_rating import ArrowRating, rate_arrow
from ._arrow_split import ArrowSplit, split_arrow
from ._review import Proposal, Review
from ._scenario import Scenario
from ._sharing import Airport, Contribution, Shapley, Split, Waterfall, airport, contribution, shapley, split, waterfall
from ._sweep import PointError, Sweep, SweepPoint
from ._tariff import Tariff
from ._errors import (
    AllZeroWeightsError,
    ArithmeticOverflowError,
    CapExceededError,
    DatafeeError,
    DecimalNotStringError,
    DuplicateIdError,
    EmptyError,
    FreeScenarioChargedError,
    InternalError,
    InvalidInputError,
    InvalidTypeError,
    LimitExceededError,
    MalformedDecimalError,
    MissingError,
    OutOfRangeError,
    ParseError,
    RateAboveBoundError,
    TierError,
    TierGapError,
    TierOrderError,
    TierOverlapError,
    TooManyPartiesError,
    UnknownIdError,
    UnknownOperationError,
    ZeroForecastVolumeError,
    error_class,
)

__version__: str = _datafee.__version__

__all__ = [
    "__version__",
    "call",
    "call_json",
    "operations",
    "encode_input",
    "decode_output",
    "is_text_key",
    "error_class",
    "Table",
    "Scenario",
    "Chain",
    "YearCosts",
    "Quote",
    "Sweep",
    "SweepPoint",
    "PointError",
    "WorkingPaper",
    "Explanation",
    "mini_city",
    "Tariff",
    "rate",
    "Rating",
    "rate_late",
    "rate_arrow",
    "split_arrow",
    "ArrowSplit",
    "ArrowRating",
    "Review",
    "Proposal",
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
    "DatafeeError",
    "InternalError",
    "InvalidInputError",
    "InvalidTypeError",
    "MalformedDecimalError",
    "DecimalNotStringError",
    "ParseError",
    "OutOfRangeError",
    "ArithmeticOverflowError",
    "UnknownIdError",
    "DuplicateIdError",
    "MissingError",
    "EmptyError",
    "ZeroForecastVolumeError",
    "FreeScenarioChargedError",
    "RateAboveBoundError",
    "TierError",
    "TierGapError",
    "TierOverlapError",
    "TierOrderError",
    "CapExceededError",
    "AllZeroWeightsError",
    "TooManyPartiesError",
    "LimitExceededError",
    "UnknownOperationError",
]


def call(op: str, input: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """Run operation ``op`` on ``input`` and return the result document.

    ``input`` values may be ``Decimal``, ``int``, ``str``, ``bool``, ``None``, lists and
    dicts; a ``float`` raises ``TypeError`` naming its path. In the result, decimal
    strings become ``Decimal`` except under identifier keys (see
    :func:`datafee.decode_output`). Refusals raise a :class:`DatafeeError` subclass.

    >>> call("money.round", {"value": 7, "rounding": {"unit": "5", "mode": "ceil"}})
    {'result': Decimal('10')}
    """
    return call_op(op, {} if input is None else input)


def call_json(op: str, input_json: str) -> str:
    """Run operation ``op`` on a JSON document and return the result as JSON text.

    No conversion at all: decimals are strings in both documents, digits are exactly the
    engine's. Refusals raise a :class:`DatafeeError` subclass, as :func:`call` does.

    >>> call_json("money.round", '{"value": "-2.345"}')
    '{"result":"-2.35"}'
    """
    return _datafee.call(op, input_json)


def operations() -> List[str]:
    """The names of all operations, sorted (``"money.round"``, ...).

    >>> "money.round" in operations()
    True
    """
    return _datafee.operations()
