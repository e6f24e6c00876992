"""Synthetic usage for the Spark tests and benchmark (deterministic, numpy + pyarrow).

``usage(n, seed)`` gives ``n`` records against :func:`tariff` (the golden vectors' tariff:
graduated and volume tiers, a fee change on 2025-01-16, a 0.335 flat price, packages, free
scenarios), about 1,000 customers, with about 14% rejects of several reasons (mostly
reports before their fee takes effect on 2025-01-10; unknown products, zero and off-step
quantities, days outside the period, products not offered) and
duplicates: about 1% replays of an earlier record and 0.5% conflicting records reusing an
earlier id. Quantities are ``decimal128(18, 1)``, times ``date32``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Dict

import numpy as np
import pyarrow as pa

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"


def tariff() -> Dict[str, Any]:
    """The tariff of the first golden ``rating.rate`` vector."""
    doc = json.loads((VECTORS / "rating.json").read_text(encoding="utf-8"))
    case = next(c for c in doc["cases"] if c["op"] == "rating.rate" and "expected" in c)
    return dict(case["input"]["tariff"])


def usage(n: int, seed: int = 12) -> Any:
    """``n`` synthetic usage records as a pyarrow ``Table``."""
    rng = np.random.default_rng(seed)
    ids = np.arange(n)
    customer = rng.integers(0, 1000, n)
    product = rng.choice(4, n, p=[0.6, 0.2, 0.198, 0.002])  # credit, geo, report, unknown
    scenario = rng.choice(4, n, p=[0.5, 0.25, 0.15, 0.10])  # fin, trade, gov, edu
    # Mostly scenarios the product is offered in (geo: fin, edu; report: fin, trade); 1% not.
    offered = np.array([[0, 1, 2, 3], [0, 3, 0, 3], [0, 1, 1, 0], [0, 1, 2, 3]])
    scenario = np.where(rng.random(n) < 0.99, offered[product, scenario], scenario)
    tenths = rng.integers(1, 50, n) * 10  # whole units 1..49
    half = (product == 1) & (rng.random(n) < 0.5)  # geo's step is 0.5
    tenths = np.where(half | (rng.random(n) < 0.005), tenths + 5, tenths)  # x.5 is off-step for credit and report
    tenths = np.where(rng.random(n) < 0.003, 0, tenths)  # non-positive
    day0 = (date(2025, 1, 1) - date(1970, 1, 1)).days
    days = day0 + rng.integers(0, 31, n)
    days = np.where(rng.random(n) < 0.003, day0 + 31 + rng.integers(0, 5, n), days)  # outside the period
    # Duplicates: a replay copies an earlier record whole; a conflict reuses an earlier id only.
    replay = np.flatnonzero(rng.random(n) < 0.01)
    replay = replay[replay > 0]
    src = (rng.random(replay.size) * replay).astype(np.int64)
    for a in (ids, customer, product, scenario, tenths, days):
        a[replay] = a[src]
    conflict = np.flatnonzero(rng.random(n) < 0.005)
    conflict = conflict[conflict > 0]
    ids[conflict] = (rng.random(conflict.size) * conflict).astype(np.int64)
    tenths[conflict] += 10

    words = lambda names, ix: pa.array(np.array(names, dtype=object)[ix], pa.string())  # noqa: E731
    limbs = np.zeros((n, 2), dtype=np.int64)
    limbs[:, 0] = tenths
    quantity = pa.Array.from_buffers(pa.decimal128(18, 1), n, [None, pa.py_buffer(limbs.tobytes())])
    return pa.table(
        {
            "id": pa.array(np.char.add("u", ids.astype(str)).astype(object), pa.string()),
            "customer": pa.array(np.char.add("c", customer.astype(str)).astype(object), pa.string()),
            "product": words(["credit", "geo", "report", "nope"], product),
            "scenario": words(["fin", "trade", "gov", "edu"], scenario),
            "quantity": quantity,
            "time": pa.array(days.astype(np.int32), pa.date32()),
        }
    )
