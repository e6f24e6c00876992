"""chain.run / chain.figures on the N-product scale scenario through the Python wheel (issue 15
item 5): .venv/bin/python benches/chain_scale_py.py OP N call|text

``call`` is ``datafee.call`` (the result decoded, decimals as ``Decimal``); ``text`` is
``datafee.call_json`` (JSON text in and out). Prints CPU and wall seconds of the call (the
document built beforehand), the process's peak RSS, and the outcome (a result or the typed
refusal). Run under /usr/bin/time -v for the whole process."""
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from worst_inputs import scale_scenario  # noqa: E402

import datafee  # noqa: E402

op, n, how = sys.argv[1], int(sys.argv[2]), sys.argv[3]
doc = scale_scenario(n)
c0, t0 = time.process_time(), time.perf_counter()
try:
    if how == "text":
        out = datafee.call_json(op, json.dumps({"document": doc}))
        what = f"ok, {len(out)} characters"
    else:
        res = datafee.call(op, {"document": doc})
        what = f"ok, {len(res['caps'][0]['lines'])} cap lines in the first year"
except datafee.DatafeeError as e:
    what = f"{e.code} {e.field} {e.value[:60]}"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
print(f"{op} {n} {how}: {time.process_time() - c0:.2f} s CPU, {time.perf_counter() - t0:.2f} s wall, peak RSS {peak:.2f} GB -> {what}", flush=True)
