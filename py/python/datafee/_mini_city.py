"""A small scenario document (测算方案) for trying the API and for the docstring examples.

:func:`mini_city` returns a fresh dict each call: one operator, two products, a chargeable
finance scenario, a chargeable agriculture scenario and a free public-governance scenario,
a two-year pricing period, a few cost lines and one published fee per paid use. Every figure
is illustrative. The bundled example city of the repository (``examples/city/scenario.toml``,
27 products) is the realistic one.

>>> from datafee import Scenario, mini_city
>>> doc = mini_city()
>>> doc["profile"]["profit"]
{'method': 'return_on_assets', 'rate': Decimal('0.06')}
>>> Scenario.from_dict(doc).run().mpr_total
Decimal('500278.26')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict

__all__ = ["mini_city"]


def mini_city() -> Dict[str, Any]:
    """A new copy of the small illustrative scenario (decimals as ``Decimal``)."""
    d = Decimal
    return {
        "name": "Mini city (figures illustrative)",
        "first_year": 2026,
        "profile": {
            "name": "national defaults, return 6 %",
            "period_years": 2,
            "profit": {"method": "return_on_assets", "rate": d("0.06")},
        },
        "catalog": {
            "parties": [{"id": "op", "name": "City data group", "kind": "operator"}],
            "scenarios": [
                {"id": "finance", "name": "Financial services", "category": "industry_development"},
                {"id": "agri", "name": "Digital agriculture", "category": "sector_development"},
                {"id": "governance", "name": "Urban governance", "category": "public_governance"},
            ],
            "products": [
                {
                    "id": "credit",
                    "name": "enterprise credit check",
                    "service_form": "api",
                    "charging_form": "per_call",
                    "unit": "call",
                    "scenarios": ["finance", "governance"],
                },
                {
                    "id": "land",
                    "name": "land yield report",
                    "service_form": "report",
                    "charging_form": "per_item",
                    "unit": "report",
                    "scenarios": ["agri"],
                },
            ],
        },
        "costs": {
            "ledger": {
                "entries": [
                    {"category": "personnel", "year": year, "product": product, "amount": amount}
                    for year in (2026, 2027)
                    for product, amount in (("credit", d("100000.00")), ("land", d("60000.00")))
                ]
            },
            "assets": [
                {
                    "id": "servers",
                    "name": "API servers",
                    "kind": "fixed",
                    "cost": d("500000.00"),
                    "life_months": 60,
                    "in_service": "2025-01",
                    "product": "credit",
                }
            ],
        },
        "forecasts": [
            {"product": "credit", "scenario": "finance", "volume": d("100000")},
            {"product": "credit", "scenario": "governance", "volume": d("20000")},
            {"product": "land", "scenario": "agri", "volume": d("40")},
        ],
        "fees": [
            {"product": "credit", "scenario": "finance", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": d("1.50")}},
            {"product": "land", "scenario": "agri", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": d("1600.00")}},
        ],
    }
