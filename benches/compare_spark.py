"""Spark local[2] against the engine on the same records (issue 12 item 4).

Rates N synthetic records (py/tests/spark_usage.py: rejects, replays, conflicting
duplicates) with ``datafee.spark.rate`` in PySpark local mode and with ``datafee.rate_arrow``
and ``datafee.rate`` in this process; checks that the invoices are equal to the last digit
and that records in = rated + rejected; prints the wall times.

Usage (after scripts/test-python.sh, which installs pyspark into .venv):

    .venv/bin/python benches/compare_spark.py [--n 1000000] [--partitions 4] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "py" / "tests"))

import datafee  # noqa: E402
import datafee.spark  # noqa: E402
from spark_usage import tariff, usage  # noqa: E402


def python_workers_peak() -> "tuple[threading.Event, dict[str, int]]":
    """Sample the resident memory of PySpark's Python workers (``pyspark.daemon`` and its
    forked workers) every 50 ms: the peak of one worker and of all of them together, in kB."""
    stop = threading.Event()
    peak = {"one": 0, "all": 0}

    def rss(pid: str) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def loop() -> None:
        while not stop.is_set():
            sizes = []
            for d in Path("/proc").iterdir():
                if d.name.isdigit():
                    try:
                        cmd = (d / "cmdline").read_bytes()
                    except OSError:
                        continue
                    if b"pyspark.daemon" in cmd or b"pyspark.worker" in cmd:
                        sizes.append(rss(d.name))
            if sizes:
                peak["one"] = max(peak["one"], max(sizes))
                peak["all"] = max(peak["all"], sum(sizes))
            time.sleep(0.05)

    threading.Thread(target=loop, daemon=True).start()
    return stop, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--order", default="input", help="'input' (default: sort each partition by input position) or 'none'")
    args = ap.parse_args()

    from pyspark.sql import SparkSession

    # The Python workers run this interpreter (the venv with datafee and pyarrow).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("datafee-bench-spark")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(args.partitions))
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    print(f"spark {spark.version} session: {time.perf_counter() - t0:.1f} s")
    t = tariff()
    t0 = time.perf_counter()
    table = usage(args.n)
    print(f"generate {args.n:,} records (pyarrow): {time.perf_counter() - t0:.1f} s")
    # The records live in Spark before the clock starts (as a table read from storage would).
    df = spark.createDataFrame(table).persist()
    df.count()

    t0 = time.perf_counter()
    want = datafee.rate_arrow(t, table)
    t_arrow = time.perf_counter() - t0
    t0 = time.perf_counter()
    record = datafee.rate(t, table, explain=False)
    t_rate = time.perf_counter() - t0

    times = []
    stop, peak = python_workers_peak()
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        got = datafee.spark.rate(df, t, partitions=args.partitions, order=None if args.order == "none" else args.order)
        times.append(time.perf_counter() - t0)
        n_rejected = got.rejected.count()
        if args.order != "none":  # without the input order, conflicting duplicates may resolve otherwise
            assert got.invoices.equals(want.invoices) and got.lines.equals(want.lines), "invoices differ"
            assert Decimal(str(record.totals["total"])) == got.totals["total"]
        assert got.records_in == args.n == got.rated + got.rejected_count == got.rated + n_rejected
        got.unpersist()
    print(f"records in {got.records_in:,} = rated {got.rated:,} + rejected {got.rejected_count:,}; "
          f"{got.invoices.num_rows} invoices, {got.lines.num_rows} lines, total {got.totals['total']} " + ("(equal in all three)" if args.order != "none" else "(order=none: not compared)"))
    print(f"datafee.spark.rate, local[2], {args.partitions} partitions, order={args.order}: " + ", ".join(f"{x:.2f} s" for x in times))
    stop.set()
    print(f"Python workers' resident memory, peak: one worker {peak['one'] / 1024:.0f} MB, all at once {peak['all'] / 1024:.0f} MB "
          f"(pyspark.daemon and its forked workers; shared pages counted in each)")
    print(f"datafee.rate_arrow (one process): {t_arrow:.2f} s")
    print(f"datafee.rate (one process, record path): {t_rate:.2f} s")
    spark.stop()


if __name__ == "__main__":
    main()
