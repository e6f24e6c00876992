"""One call into the engine on Python values (shared by :func:`datafee.call` and the wrappers)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Dict, Mapping

from . import _datafee
from ._convert import decode_output, encode_input

__all__ = ["call_op", "dumps", "loads"]


def dumps(document: Any) -> str:
    """A document already in the engine's form (decimals as strings) as compact JSON text."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def loads(text: str) -> Any:
    """JSON text from the engine as Python values, without any conversion (numbers with a
    fraction, which the engine never writes, as ``Decimal``)."""
    return json.loads(text, parse_float=Decimal)


def call_op(op: str, document: Mapping[str, Any]) -> Dict[str, Any]:
    """Run ``op`` on Python values: encode (floats refused), call, decode (decimals as ``Decimal``)."""
    text = dumps(encode_input(document))
    result: Dict[str, Any] = decode_output(loads(_datafee.call(op, text)))
    return result
