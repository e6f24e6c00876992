"""Native module of datafee (Rust, pyo3): JSON text in, JSON text out.

Use the public layer (:mod:`datafee`) unless you need raw JSON text.
"""

from typing import List

__version__: str
__all__ = ["__version__", "call", "operations", "rate_columns", "_selftest_panic"]

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

def operations() -> List[str]:
    """The names of all operations, sorted."""

def _selftest_panic() -> str:
    """Test hook: a panic pushed through the call guard; always raises ``InternalError``."""
