"""Native module of datafee (Rust, pyo3): JSON text in, JSON text out.

Use the public layer (:mod:`datafee`) unless you need raw JSON text.
"""

from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional, Tuple

from typing_extensions import final

__version__: str
__all__ = ["__version__", "call", "operations", "rate_columns", "rate_arrow", "rate_merge", "split_arrow", "split_list", "_ArrowStream", "_PartialRater", "_selftest_panic"]

def call(op: str, input_json: str) -> str:
    """Run operation ``op`` on the JSON document ``input_json``; return the result as JSON text."""

def rate_columns(
    tariff_json: str,
    ids: List[str],
    customers: List[str],
    products: List[str],
    scenarios: List[str],
    quantities: List[str],
    times: List[str],
    keep_records: bool = False,
    explain: bool = True,
) -> str:
    """Rate usage records given as columns against a tariff (JSON text); the result as JSON text.

    ``{"rating": RatingResult, "actual": [ActualLine]}``; the GIL is released while the
    records are parsed and rated.
    """

@final
class _ArrowStream:
    """An Arrow table from the engine, exported through ``__arrow_c_stream__``."""

    @property
    def num_rows(self) -> int:
        """Rows in the table."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """The table as an ``ArrowArrayStream`` capsule (the Arrow PyCapsule interface)."""

def rate_arrow(
    tariff_json: str, data: Any, explain: bool = False, outcomes: bool = False
) -> Tuple[str, _ArrowStream, _ArrowStream, _ArrowStream, Optional[_ArrowStream]]:
    """Rate Arrow data (``__arrow_c_stream__`` / ``__arrow_c_array__``): the summary as JSON
    text, then the invoices, lines, rejections and (with ``outcomes``) per-record outcomes."""

@final
class _PartialRater:
    """One partition's rater (records partitioned by id): push batches, export the state."""

    def __new__(cls, tariff_json: str) -> "_PartialRater": ...
    def push(self, data: Any) -> _ArrowStream:
        """Rate every batch of ``data``; every rejected row as (row, reason, value)."""

    @property
    def rows(self) -> int:
        """Records pushed so far."""

    def state(self) -> bytes:
        """The partial state (counts and aggregates, no ids) as JSON bytes."""

def rate_merge(
    tariff_json: str, states: List[bytes], explain: bool = False
) -> Tuple[str, _ArrowStream, _ArrowStream, _ArrowStream, Optional[_ArrowStream]]:
    """Merge partial states of partitions and price them: the same tuple as ``rate_arrow``."""

def split_arrow(amount: str, data: Any, rounding_json: Optional[str] = None) -> Tuple[str, _ArrowStream]:
    """Split ``amount`` among the parties of Arrow ``data`` (``weight``, optional ``id``): the
    working paper as JSON text and the shares (``id``, ``share``) as an Arrow table."""

def split_list(
    amount: str,
    weights: Any,
    maximums: Optional[Dict[Any, Any]],
    rounding_json: Optional[str],
    number: Callable[[Any, str], Any],
    other: Callable[[Any, str, int], str],
) -> Tuple[str, List[str], List[Decimal]]:
    """Split ``amount`` among the parties of a list, tuple or dict of weights without a JSON
    tree: the working paper as JSON text, the ids and the shares, in input order."""

def operations() -> List[str]:
    """The names of all operations, sorted."""

def _selftest_panic() -> str:
    """Test hook: a panic pushed through the call guard; always raises ``InternalError``."""
