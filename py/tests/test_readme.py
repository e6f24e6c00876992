"""The quick start of py/README.md runs as written (from the repository root)."""

from __future__ import annotations

import re
from typing import Any, Dict

import pytest

from conftest import REPO

README = REPO / "py" / "README.md"


def quick_start() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    return str(blocks[0])


def test_quick_start_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    monkeypatch.chdir(REPO)
    namespace: Dict[str, Any] = {}
    exec(compile(quick_start(), str(README), "exec"), namespace)
    out = capsys.readouterr().out
    assert "Maximum permitted revenue" in out and "Working paper: cap of p01 in finance, 2026" in out
    assert "rate_above_bound" in out and "Quote(p01/finance, q=1000, 2026: charge 950.00" in out
    assert list(namespace["table"]["error"]).count("rate_above_bound") == 3
    rating = namespace["rating"]
    assert "4 records in = 3 rated (2 charged, 1 free) + 1 rejected" in out and "rejected: unknown_product 1" in out
    assert rating.totals["subtotal"] == sum(rating.invoices.column("amount"))
    assert f"Review 2026: actual revenue {rating.totals['subtotal']}" in out
    shares = namespace["shares"]
    assert f"Waterfall of p08: revenue 500000.00 - tax {shares.tax}" in out
    assert sum(shares.totals.values()) == shares.after_tax and shares.remainder > 0
    assert "Split of 100.00" in out and "66.67" in out
