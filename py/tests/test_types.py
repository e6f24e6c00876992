"""datafee.types: the TypedDicts generated from the engine's Rust types work for a type checker.

The module is written by ``cargo run -p datafee-schema`` (checked for staleness by the test
command). Here: it names every operation the installed engine has, and mypy --strict accepts a
correct use and refuses a float where a decimal belongs and a key the engine does not know.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import datafee
from datafee import types

CONSUMER = '''
from decimal import Decimal
from datafee.types import In_SplitInput, Out_SplitResult, OPERATIONS

ok: In_SplitInput = {"amount": Decimal("100.00"), "parties": [{"id": "a", "weight": "1"}, {"id": "b", "weight": 2}]}
bad_float: In_SplitInput = {"amount": 1.5, "parties": []}  # ERROR
bad_key: In_SplitInput = {"amount": "1", "parties": [], "nope": 1}  # ERROR


def total(r: Out_SplitResult) -> Decimal:
    return sum((s["share"] for s in r["shares"]), Decimal(0))


def share_id(r: Out_SplitResult) -> int:
    return r["shares"][0]["id"]  # ERROR
'''


def test_every_operation_is_typed() -> None:
    assert set(types.OPERATIONS) == set(datafee.operations())
    for name, (i, o) in types.OPERATIONS.items():
        assert i is not None and o is not None, name


def test_mypy_accepts_correct_use_and_refuses_mistakes(tmp_path: Path) -> None:
    src = tmp_path / "consumer.py"
    src.write_text(CONSUMER, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(src)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    lines_with_errors = sorted({int(l.split(":")[1]) for l in run.stdout.splitlines() if ": error:" in l})
    expected = [i + 1 for i, l in enumerate(CONSUMER.splitlines()) if l.endswith("# ERROR")]
    assert lines_with_errors == expected, run.stdout
