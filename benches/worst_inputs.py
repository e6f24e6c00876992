"""Inputs at the size limits, built once for the benches and the resource tests (issue 15).

Used by ``benches/budget_worst.py`` (worst cases of the work budgets), ``benches/gen_scale.py``
(the synthetic scenario of N products) and ``py/tests/test_resources.py`` (the same inputs
under ``ulimit``), so a bench figure and a resource test are about the same document.
Plain Python, no datafee import: the resource tests run it in a child interpreter.
"""
from typing import Any, Dict, List


def dividends_game(n: int = 1000) -> Dict[str, Any]:
    """A dividends game of ``n`` players with ``n`` dividends of ``n - 1`` players each (issue 15
    item 3: 1,000 players, 6.9 MB of JSON)."""
    players = [f"p{i}" for i in range(n)]
    dividends: List[Dict[str, Any]] = [{"coalition": players[:i] + players[i + 1 :], "dividend": "1"} for i in range(n)]
    return {"dividends": {"players": players, "dividends": dividends}}


def scale_scenario(n: int) -> Dict[str, Any]:
    """A synthetic scenario of ``n`` products (issue 15 item 5: 100,000 is the catalog limit).

    Each product is offered in an industry (chargeable) and a governance (free) scenario, has one
    personnel ledger entry and a forecast volume in both scenarios; every product gets an actual
    fee at half a cent per call. Deterministic.
    """
    return {
        "name": f"scale {n}",
        "first_year": 2026,
        "profile": {"period_years": 3},
        "catalog": {
            "scenarios": [
                {"id": "ind", "name": "Industry", "category": "industry_development"},
                {"id": "gov", "name": "Governance", "category": "public_governance"},
            ],
            "products": [
                {"id": f"p{i:06d}", "name": f"P{i}", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["ind", "gov"]}
                for i in range(n)
            ],
        },
        "costs": {
            "ledger": {"entries": [{"category": "personnel", "year": 2026 + (i % 3), "product": f"p{i:06d}", "amount": f"{1000 + i % 977}.00"} for i in range(n)]}
        },
        "forecasts": [
            f
            for i in range(n)
            for f in (
                {"product": f"p{i:06d}", "scenario": "ind", "volume": str(100000 + i % 1000)},
                {"product": f"p{i:06d}", "scenario": "gov", "volume": str(1000 + i % 100)},
            )
        ],
        "fees": [
            {"product": f"p{i:06d}", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": "0.005"}} for i in range(n)
        ],
    }
