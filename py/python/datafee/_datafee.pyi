"""Native module of datafee (Rust, pyo3): JSON text in, JSON text out.

Use the public layer (:mod:`datafee`) unless you need raw JSON text.
"""

from typing import List

__version__: str
__all__ = ["__version__", "call", "operations", "_selftest_panic"]

def call(op: str, input_json: str) -> str:
    """Run operation ``op`` on the JSON document ``input_json``; return the result as JSON text."""

def operations() -> List[str]:
    """The names of all operations, sorted."""

def _selftest_panic() -> str:
    """Test hook: a panic pushed through the call guard; always raises ``InternalError``."""
