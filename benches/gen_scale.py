"""A synthetic scenario of N products for profiling chain.run: python3 benches/gen_scale.py N > s.json

Each product is offered in an industry (chargeable) and a governance (free) scenario, has one
personnel ledger entry and a forecast volume in both scenarios; every product gets an actual
fee at half a cent per call. Deterministic.
"""
import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
doc = {
    "name": f"scale {n}", "first_year": 2026,
    "profile": {"period_years": 3},
    "catalog": {
        "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
                      {"id": "gov", "name": "Governance", "category": "public_governance"}],
        "products": [{"id": f"p{i:06d}", "name": f"P{i}", "service_form": "api", "charging_form": "per_call", "unit": "call",
                      "scenarios": ["ind", "gov"]} for i in range(n)],
    },
    "costs": {"ledger": {"entries": [{"category": "personnel", "year": 2026 + (i % 3), "product": f"p{i:06d}", "amount": f"{1000 + i % 977}.00"} for i in range(n)]}},
    "forecasts": [f for i in range(n) for f in (
        {"product": f"p{i:06d}", "scenario": "ind", "volume": str(100000 + i % 1000)},
        {"product": f"p{i:06d}", "scenario": "gov", "volume": str(1000 + i % 100)})],
    "fees": [{"product": f"p{i:06d}", "scenario": "ind", "effective": "2026-01-01",
              "schedule": {"kind": "flat", "price": "0.005"}} for i in range(n)],
}
json.dump(doc, sys.stdout)
