# Writes bounds.json: vectors for the bounds of issue 15 (strict documents, sweep work budget,
# counts as u64 in error values). Run: python3 tests/vectors/gen_bounds.py
import json

base = {
    "name": "bounds city", "first_year": 2026,
    "profile": {"period_years": 1},
    "catalog": {
        "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"}],
        "products": [{"id": "a", "name": "A", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["ind"]}]},
    "costs": {"ledger": {"entries": [{"category": "personnel", "year": 2026, "product": "a", "amount": "600.00"}]}},
    "forecasts": [{"product": "a", "scenario": "ind", "volume": "3000"}],
}

# A scenario of 120 products: its normalised document has well over 1,000 values, so
# 100 x 100 = 10,000 points (inside MAX_SWEEP_POINTS) exceed the 5,000,000-value work budget.
n = 120
big = json.loads(json.dumps(base))
big["catalog"]["products"] = [
    {"id": f"p{i}", "name": f"P{i}", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["ind"]} for i in range(n)]
big["costs"]["ledger"]["entries"] = [{"category": "personnel", "year": 2026, "product": f"p{i}", "amount": "600.00"} for i in range(n)]
big["forecasts"] = [{"product": f"p{i}", "scenario": "ind", "volume": "3000"} for i in range(n)]

hundred = [f"0.{i:02d}" for i in range(100)]
cases = [
    {"name": "chain.run refuses an unknown top-level field, naming it (issue 15 item 9)",
     "op": "chain.run", "input": {"document": base, "bogus": 1},
     "error": {"code": "parse", "field": "bogus"}},
    {"name": "chain.validate refuses an unknown top-level field, naming it",
     "op": "chain.validate", "input": {"document": base, "documnet": {}},
     "error": {"code": "parse", "field": "documnet"}},
    {"name": "chain.validate of a valid document with nothing else",
     "op": "chain.validate", "input": {"document": base}, "expected": {"valid": True}},
    {"name": "an unknown field whose name carries the internal marker text is still `parse`",
     "op": "chain.run", "input": {"document": dict(base, **{"datafee:decimal_not_string:1": 1})},
     "error": {"code": "parse", "field": "datafee:decimal_not_string:1"}},
    {"name": "an unknown field carrying the serialized-error marker is still `parse`",
     "op": "chain.run", "input": {"document": dict(base, **{'datafee:error:{"code":"overflow","value":"1","reason":""}': 1})},
     "error": {"code": "parse"}},
    # 3 axes of 2,000 values: 8,000,000,000 points, above u32::MAX (4,294,967,295), so a usize
    # count saturates differently in WebAssembly; the value is the same everywhere.
    {"name": "sweep points counted in u64: 2000^3 = 8000000000 in every language",
     "op": "chain.sweep",
     "input": {"document": base, "vary": [{"path": p, "values": ["1"] * 2000} for p in
                                          ("profile.profit.rate", "forecasts[0].volume", "costs.ledger.entries[0].amount")]},
     "error": {"code": "limit_exceeded", "field": "vary", "value": "8000000000"}},
    {"name": "sweep within the point limit but over the work budget (points x scenario size)",
     "op": "chain.sweep",
     "input": {"document": big, "vary": [{"path": "profile.profit.rate", "values": hundred},
                                         {"path": "forecasts[*].volume", "scale": ["1"] * 100}]},
     "error": {"code": "limit_exceeded", "field": "vary"}},
]
with open(__file__.replace("gen_bounds.py", "bounds.json"), "w") as f:
    f.write('{\n  "cases": [\n    ' + ",\n    ".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n  ]\n}\n")
