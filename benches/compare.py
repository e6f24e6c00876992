#!/usr/bin/env python3
"""The same exact split (精确分配) three ways, in one run: plain Python, the binding, Rust.

The work: split 123,456,789.01 yuan among N parties (default 1,000,000) with ids
``party-0000000`` ... and weights ``(i mod 997 + 1) / 100``, to the cent, by largest remainder
with ties broken by party id ascending (the engine's rule; the weights repeat, so thousands
of parties tie and the tie rule matters).

1. **plain Python**: the textbook method with the standard ``decimal`` module, exact (the
   context traps any inexact step): floors by ``divmod``, remainders sorted by
   (remainder descending, id ascending);
2. **the binding**: ``datafee.call_json("sharing.split", text)`` on the JSON document (built
   before the clock starts), in the wheel that ``scripts/test-python.sh`` installs into
   ``.venv``; also timed with Python's own ``json.dumps`` / ``json.loads`` around it;
3. **Rust**: ``target/release/compare`` (``benches/src/bin/compare.rs``, built here with
   ``cargo build --release`` when missing), which times ``split_weights`` in-process and
   prints its time as JSON.

All three must give the same shares (compared by the checksum ``Σ (i + 1) × cents_i``); the
script fails when they do not. Times are the best of ``--repeat`` runs. Targets: the binding
at least 30x faster than plain Python, Rust at least 100x.

Usage (from the repository root, after ``scripts/test-python.sh``)::

    .venv/bin/python benches/compare.py [--n 1000000] [--repeat 3] [--json] [--check-targets]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from decimal import Decimal, Inexact, localcontext
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AMOUNT = "123456789.01"
CENT = Decimal("0.01")
TARGET_BINDING = 30.0
TARGET_RUST = 100.0


def fixture(n: int) -> Tuple[List[str], List[Decimal]]:
    """The ids and weights of the comparison (the same as ``datafee_benches::split_fixture``)."""
    ids = [f"party-{i:07d}" for i in range(n)]
    weights = [Decimal(i % 997 + 1).scaleb(-2) for i in range(n)]
    return ids, weights


def split_plain(amount: Decimal, ids: Sequence[str], weights: Sequence[Decimal], unit: Decimal = CENT) -> List[Decimal]:
    """Largest remainder in plain Python ``decimal``: exact, ties by id ascending.

    A loss splits as its absolute value, every share negated (the engine's mirror rule).
    """
    with localcontext() as ctx:
        ctx.prec = 80  # integers well beyond any amount here stay exact
        ctx.traps[Inexact] = True  # and a step that would round raises instead
        units = amount / unit
        if units != units.to_integral_value():
            raise ValueError(f"{amount} is not a multiple of {unit}")
        sign = -1 if units < 0 else 1
        units = abs(units)
        places = max(-w.as_tuple().exponent for w in weights)  # type: ignore[operator]
        scaled = [w.scaleb(places) for w in weights]
        total = sum(scaled, Decimal(0))
        if total == 0:
            raise ValueError("all weights are zero")
        floors: List[Decimal] = []
        remainders: List[Tuple[Decimal, str, int]] = []
        for i, w in enumerate(scaled):
            q, r = divmod(units * w, total)
            floors.append(q)
            if r:
                remainders.append((r, ids[i], i))
        left = int(units - sum(floors, Decimal(0)))
        remainders.sort(key=lambda t: (-t[0], t[1]))
        for _, _, i in remainders[:left]:
            floors[i] += 1
        return [sign * q * unit for q in floors]


def checksum(cents: Sequence[int]) -> int:
    """``Σ (i + 1) × cents_i``: the Rust binary prints the same figure."""
    return sum((i + 1) * c for i, c in enumerate(cents))


def cents_of(shares: Sequence[Decimal]) -> List[int]:
    return [int(s.scaleb(2)) for s in shares]


def best_of(repeat: int, f: Callable[[], Any]) -> Tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        result = f()
        best = min(best, time.perf_counter() - t)
    return best, result


def run_plain(ids: List[str], weights: List[Decimal], repeat: int) -> Dict[str, Any]:
    secs, shares = best_of(repeat, lambda: split_plain(Decimal(AMOUNT), ids, weights))
    return {"seconds": secs, "checksum": checksum(cents_of(shares))}


def run_binding(ids: List[str], weights: List[Decimal], repeat: int) -> Optional[Dict[str, Any]]:
    try:
        import datafee  # type: ignore[import-not-found]
    except ImportError as e:
        print(f"(binding skipped: {e}; run scripts/test-python.sh and use .venv/bin/python)", file=sys.stderr)
        return None
    doc = {"amount": AMOUNT, "parties": [{"id": i, "weight": str(w)} for i, w in zip(ids, weights)]}
    text = json.dumps(doc, separators=(",", ":"))
    secs, out_text = best_of(repeat, lambda: datafee.call_json("sharing.split", text))
    out = json.loads(out_text)

    def with_python_json() -> Any:
        return json.loads(datafee.call_json("sharing.split", json.dumps(doc, separators=(",", ":"))))

    secs_json, _ = best_of(repeat, with_python_json)
    shares = [Decimal(s["share"]) for s in out["shares"]]
    result: Dict[str, Any] = {"seconds": secs, "seconds_with_python_json": secs_json, "checksum": checksum(cents_of(shares))}
    # The columnar split (issue 12 item 2): ids and weights as pyarrow columns (weights
    # decimal128(12, 2); building the table is not timed: it stands for the caller's data),
    # the shares back as a pyarrow table of decimal128.
    try:
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return result
    table = pa.table({"id": pa.array(ids, pa.string()), "weight": pa.array(weights, pa.decimal128(12, 2))})
    secs_arrow, arrow_out = best_of(repeat, lambda: datafee.split(AMOUNT, table))
    arrow_shares = arrow_out.table.column("share").to_pylist()
    result["seconds_arrow"] = secs_arrow
    result["checksum_arrow"] = checksum(cents_of(arrow_shares))
    return result


def rust_binary(path: Optional[str]) -> str:
    if path:
        return path
    exe = os.path.join(ROOT, "target", "release", "compare")
    if not os.path.exists(exe):
        print("(building target/release/compare: cargo build --release -p datafee-benches --bin compare)", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "datafee-benches", "--bin", "compare"], cwd=ROOT, check=True)
    return exe


def run_rust(n: int, repeat: int, path: Optional[str]) -> Dict[str, Any]:
    out = subprocess.run([rust_binary(path), "--n", str(n), "--repeat", str(max(repeat, 3))], cwd=ROOT, check=True, capture_output=True, text=True)
    r = json.loads(out.stdout)
    r["checksum"] = int(r["checksum"])
    return r


# The usage-rating comparison is its own script: benches/compare_rating.py.


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="parties (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs (binding, Rust)")
    ap.add_argument("--plain-repeat", type=int, default=1, help="best of this many plain Python runs")
    ap.add_argument("--rust-bin", help="the compare binary (default target/release/compare, built if missing)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--check-targets", action="store_true", help="exit 1 when a speed target is missed")
    args = ap.parse_args(argv)

    ids, weights = fixture(args.n)
    plain = run_plain(ids, weights, args.plain_repeat)
    binding = run_binding(ids, weights, args.repeat)
    rust = run_rust(args.n, args.repeat, args.rust_bin)

    sums = {"plain": plain["checksum"], "rust": rust["checksum"]}
    if binding is not None:
        sums["binding"] = binding["checksum"]
        if "checksum_arrow" in binding:
            sums["binding_arrow"] = binding["checksum_arrow"]
    agree = len(set(sums.values())) == 1
    ratios = {"rust": plain["seconds"] / rust["seconds"], "rust_api_json": None, "binding": None, "binding_with_python_json": None}
    if rust.get("seconds_api_json"):
        ratios["rust_api_json"] = plain["seconds"] / rust["seconds_api_json"]
    if binding is not None:
        ratios["binding"] = plain["seconds"] / binding["seconds"]
        ratios["binding_with_python_json"] = plain["seconds"] / binding["seconds_with_python_json"]
        if "seconds_arrow" in binding:
            ratios["binding_arrow"] = plain["seconds"] / binding["seconds_arrow"]
    met = {"rust": ratios["rust"] >= TARGET_RUST, "binding": binding is not None and ratios["binding"] >= TARGET_BINDING}
    summary = {"n": args.n, "plain": plain, "binding": binding, "rust": rust, "ratios": ratios, "checksums_agree": agree, "targets_met": met}

    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        def line(name: str, secs: Optional[float], ratio: Optional[float], target: Optional[float] = None) -> None:
            if secs is None:
                print(f"  {name:<40} (skipped)")
                return
            r = "" if ratio is None else f"{ratio:8.1f}x"
            t = "" if target is None else ("  target >= %dx: %s" % (target, "met" if (ratio or 0) >= target else "MISSED"))
            print(f"  {name:<40} {secs * 1000:10.1f} ms {r}{t}")

        print(f"split of {AMOUNT} among {args.n:,} parties (largest remainder, ties by id), best of runs:")
        line("plain Python (decimal)", plain["seconds"], 1.0)
        line("binding: call_json", binding and binding["seconds"], ratios["binding"], TARGET_BINDING)
        line("binding + Python json.dumps/loads", binding and binding["seconds_with_python_json"], ratios["binding_with_python_json"])
        line("binding: datafee.split(pyarrow table)", binding and binding.get("seconds_arrow"), ratios.get("binding_arrow"), TARGET_BINDING)
        line("Rust: split_weights", rust["seconds"], ratios["rust"], TARGET_RUST)
        line("Rust: JSON text -> api::call -> JSON text", rust.get("seconds_api_json"), ratios["rust_api_json"])
        print("  checksums " + ("agree" if agree else f"DISAGREE: {sums}"))
    if not agree:
        return 2
    if args.check_targets and not all(met.values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
