"""The committed notebooks: valid, light (no stored outputs), on the example city.

They are executed, cell by cell, by scripts/test-python.sh (py/tools/run_notebook.py).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List

from conftest import NOTEBOOKS


def notebooks() -> List[Dict[str, Any]]:
    found = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert [p.name for p in found] == ["fee_caps.ipynb"]
    return [json.loads(p.read_text(encoding="utf-8")) for p in found]


def test_committed_without_outputs() -> None:
    for nb in notebooks():
        assert nb["nbformat"] == 4
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert code
        for cell in code:
            assert cell["outputs"] == [] and cell["execution_count"] is None, "".join(cell["source"])[:80]


def test_fee_caps_covers_the_brief() -> None:
    (nb,) = notebooks()
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for needed in [
        'Scenario.load(EXAMPLE)',
        "chain.mpr",
        "chain.caps(2026)",
        'working_paper(cap=(2026, "p01", "finance")',
        '"profile.profit.rate": rates',
        '"forecasts[*].volume": {"scale": scales}',
        "matplotlib",
        "float(v)",
        # a synthetic month: seeded numpy, rated from a DataFrame, reviewed, p08 shared two ways
        "np.random.default_rng(",
        "city.tariff(2026)",
        "datafee.rate(tariff, usage)",
        "city.review(2026, rating)",
        "credit_sharing.json",
        'datafee.waterfall(agreements["shapley"]',
        'datafee.waterfall(agreements["contribution"]',
    ]:
        assert needed in source, needed
    # floats appear only in the plotting helper; the synthetic usage is integers and strings
    assert source.count("float(") == 2 and "# Decimal -> float ONLY to draw" in source
    assert "rng.random(" not in source and "rng.normal(" not in source and "rng.choice(" not in source
