"""A synthetic scenario of N products for profiling chain.run: python3 benches/gen_scale.py N > s.json

The scenario is benches/worst_inputs.py's scale_scenario (the one the resource tests use):
each product offered in an industry (chargeable) and a governance (free) scenario, one
personnel ledger entry, a forecast volume in both scenarios, an actual fee at half a cent per
call. Deterministic.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from worst_inputs import scale_scenario  # noqa: E402

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
json.dump(scale_scenario(n), sys.stdout)
