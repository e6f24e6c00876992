"""Time ``datafee.rate_arrow`` alone on ``compare_rating.py``'s 1M-record pyarrow table.

The table is built as ``benches/compare_rating.py`` builds it (the same records: ids,
customers, products and scenarios as utf8, int64 quantities, date32 days; then the same
table with customer, product and scenario dictionary-encoded), and only ``rate_arrow`` is
timed, best of ``--repeat``. For before/after pairs of two wheels, run it with each
interpreter alternately, e.g.::

    for r in 1 2; do /path/to/main/.venv/bin/python benches/rate_arrow_ab.py
                     .venv/bin/python benches/rate_arrow_ab.py; done
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_rating import records  # noqa: E402  (the same LCG as compare_rating.rs)

import datafee  # noqa: E402
import pyarrow as pa  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    tariff = json.load(open(os.path.join(here, "compare_tariff.json")))
    recs = records(args.n)
    day0 = datetime.date(2025, 1, 1)
    table = pa.table(
        {
            "id": pa.array([f"r{r[0]}" for r in recs], pa.string()),
            "customer": pa.array([f"c{r[1]:04d}" for r in recs], pa.string()),
            "product": pa.array([("p0", "p1", "p2")[r[2]] for r in recs], pa.string()),
            "scenario": pa.array([("ind", "gov")[r[3]] for r in recs], pa.string()),
            "quantity": pa.array([r[4] for r in recs], pa.int64()),
            "time": pa.array([day0 + datetime.timedelta(days=r[5]) for r in recs], pa.date32()),
        }
    )
    dtable = table
    for name in ("customer", "product", "scenario"):
        dtable = dtable.set_column(dtable.schema.get_field_index(name), name, dtable.column(name).dictionary_encode())
    out = {}
    for label, t in (("utf8", table), ("dictionary", dtable)):
        best = float("inf")
        for _ in range(args.repeat):
            s = time.perf_counter()
            r = datafee.rate_arrow(tariff, t)
            best = min(best, time.perf_counter() - s)
        out[label] = {"ms": round(best * 1000, 1), "subtotal": str(r.totals["subtotal"])}
    print(json.dumps({"python": sys.executable, "datafee": datafee.__file__, **out}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
