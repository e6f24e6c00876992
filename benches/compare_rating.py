#!/usr/bin/env python3
"""The same usage rating (计费) three ways, in one run: plain Python, the binding, Rust.

The work: N seeded usage records (default 1,000,000; 1,000 customers, 3 per-call products
with flat fees, 10 % free governance uses, quantities 1 to 5, one month) rated against
``benches/compare_tariff.json``: every record checked (duplicate id, period, quantity,
known product and scenario), quantities aggregated per (customer, product, scenario),
each aggregate priced once (price × q, half-up to the cent, never above cap × q), and the
subtotal summed. All three sides must give the same subtotal.

1. **plain Python** with ``decimal``; 2. **the binding**: ``datafee.rate(tariff, columns)``
(the bulk path, GIL released) and ``datafee.rate_arrow(tariff, table)`` (the columnar path:
a pyarrow table of plain string ids, customers, products and scenarios, int64 quantities
and date32 days, read through the Arrow PyCapsule interface, pyarrow tables out; building
the input table is not timed: it stands for the operator's Parquet or DuckDB data);
3. **Rust**: ``target/release/compare_rating`` (text records through ``Rater::push``, the
columnar path ``datafee_arrow`` on the same Arrow batches, and the raw fast path ``rate_raw``).

Targets: the binding at least 30x plain Python, Rust at least 100x.

    .venv/bin/python benches/compare_rating.py [--n 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Dict, List, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CENT = Decimal("0.01")


def records(n: int) -> List[Tuple[int, int, int, int, int, int]]:
    """The same 64-bit LCG as compare_rating.rs: (id, customer, product, scenario, quantity, day)."""
    out = []
    x = 42
    mask = (1 << 64) - 1
    for i in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & mask
        r = x >> 33
        out.append((i, r % 1000, (r >> 10) % 3, 1 if (r >> 12) % 10 == 0 else 0, 1 + (r >> 16) % 5, (r >> 20) % 31))
    return out


def rate_plain(recs, tariff) -> Decimal:
    fees = {(f["product"], f["scenario"]): (Decimal(f["schedule"]["price"]), Decimal(f["cap"])) for f in tariff["fees"]}
    products = ["p0", "p1", "p2"]
    scenarios = ["ind", "gov"]
    free = {"gov"}
    seen = set()
    agg: Dict[Tuple[str, str, str], Decimal] = {}
    for i, c, p, s, q, d in recs:
        rid = f"r{i}"
        if rid in seen:
            continue
        qty = Decimal(q)
        if qty <= 0 or not 0 <= d < 31:
            continue
        seen.add(rid)
        key = (f"c{c:04d}", products[p], scenarios[s])
        agg[key] = agg.get(key, Decimal(0)) + qty
    subtotal = Decimal(0)
    for (c, p, s), qty in agg.items():
        if s in free:
            continue
        price, cap = fees[(p, s)]
        exact = price * qty
        amount = exact.quantize(CENT, ROUND_HALF_UP)
        if amount > cap * qty:
            amount = exact.quantize(CENT, ROUND_FLOOR)
        subtotal += amount
    return subtotal


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tariff = json.load(open(os.path.join(ROOT, "benches", "compare_tariff.json")))
    recs = records(args.n)

    t = time.perf_counter()
    plain = rate_plain(recs, tariff)
    t_plain = time.perf_counter() - t

    t_binding = None
    binding = None
    t_arrow = None
    arrow_sum = None
    t_arrow_dict = None
    arrow_dict_sum = None
    try:
        import datafee

        cols = {
            "id": [f"r{r[0]}" for r in recs],
            "customer": [f"c{r[1]:04d}" for r in recs],
            "product": [("p0", "p1", "p2")[r[2]] for r in recs],
            "scenario": [("ind", "gov")[r[3]] for r in recs],
            "quantity": [r[4] for r in recs],
            "time": [f"2025-01-{r[5] + 1:02d}" for r in recs],
        }
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            out = datafee.rate(tariff, cols, explain=False)
            best = min(best, time.perf_counter() - t)
        t_binding, binding = best, Decimal(out.totals["subtotal"])
        try:
            import datetime

            import pyarrow as pa

            day0 = datetime.date(2025, 1, 1)
            table = pa.table(
                {
                    "id": pa.array(cols["id"], pa.string()),
                    "customer": pa.array(cols["customer"], pa.string()),
                    "product": pa.array(cols["product"], pa.string()),
                    "scenario": pa.array(cols["scenario"], pa.string()),
                    "quantity": pa.array([r[4] for r in recs], pa.int64()),
                    "time": pa.array([day0 + datetime.timedelta(days=r[5]) for r in recs], pa.date32()),
                }
            )
            best = float("inf")
            for _ in range(args.repeat):
                t = time.perf_counter()
                arrow_out = datafee.rate_arrow(tariff, table)
                best = min(best, time.perf_counter() - t)
            t_arrow, arrow_sum = best, Decimal(arrow_out.totals["subtotal"])
            # The same table with customer, product and scenario dictionary-encoded (as Parquet
            # readers give string columns of few distinct values): resolved once per batch.
            dtable = table
            for name in ("customer", "product", "scenario"):
                dtable = dtable.set_column(dtable.schema.get_field_index(name), name, dtable.column(name).dictionary_encode())
            best = float("inf")
            for _ in range(args.repeat):
                t = time.perf_counter()
                dict_out = datafee.rate_arrow(tariff, dtable)
                best = min(best, time.perf_counter() - t)
            t_arrow_dict, arrow_dict_sum = best, Decimal(dict_out.totals["subtotal"])
        except ImportError:
            print("(pyarrow not installed: the Arrow path skipped)", file=sys.stderr)
    except ImportError:
        print("(datafee not installed: run scripts/test-python.sh first; binding skipped)", file=sys.stderr)

    subprocess.run(["cargo", "build", "--release", "-q", "-p", "datafee-benches", "--bin", "compare_rating"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "compare_rating")
    rust = json.loads(subprocess.run([exe, "--n", str(args.n), "--repeat", str(args.repeat)], check=True, capture_output=True, text=True).stdout)

    sums = {"plain": str(plain), "rust": rust["subtotal"], "rust_raw": rust["subtotal_raw"], "rust_arrow": rust["subtotal_arrow"]}
    if binding is not None:
        sums["binding"] = str(binding)
    if arrow_sum is not None:
        sums["binding_arrow"] = str(arrow_sum)
    if arrow_dict_sum is not None:
        sums["binding_arrow_dict"] = str(arrow_dict_sum)
    agree = len({Decimal(v) for v in sums.values()}) == 1
    print(f"rating {args.n:,} usage records (flat fees, aggregation per customer), best of runs:")
    print(f"  {'plain Python (decimal)':<44} {t_plain * 1000:10.1f} ms      1.0x")
    if t_binding is not None:
        print(f"  {'binding: datafee.rate (columns, bulk)':<44} {t_binding * 1000:10.1f} ms {t_plain / t_binding:8.1f}x  target >= 30x")
    if t_arrow is not None:
        print(f"  {'binding: datafee.rate_arrow (pyarrow table)':<44} {t_arrow * 1000:10.1f} ms {t_plain / t_arrow:8.1f}x  target >= 30x")
    if t_arrow_dict is not None:
        print(f"  {'  the same, dictionary-encoded strings':<44} {t_arrow_dict * 1000:10.1f} ms {t_plain / t_arrow_dict:8.1f}x")
    print(f"  {'Rust: Rater::push (text records)':<44} {rust['seconds'] * 1000:10.1f} ms {t_plain / rust['seconds']:8.1f}x  target >= 100x")
    rate_arrow = args.n / rust["seconds_arrow"] / 1e6
    print(f"  {'Rust: datafee_arrow (Arrow utf8 batches)':<44} {rust['seconds_arrow'] * 1000:10.1f} ms {t_plain / rust['seconds_arrow']:8.1f}x  {rate_arrow:.1f} M records/s, target >= 20")
    print(f"  {'Rust: rate_raw (interned fast path)':<44} {rust['seconds_raw'] * 1000:10.1f} ms {t_plain / rust['seconds_raw']:8.1f}x")
    print("  subtotals " + ("agree: " + str(plain) if agree else f"DISAGREE: {sums}"))
    return 0 if agree else 2


if __name__ == "__main__":
    sys.exit(main())
