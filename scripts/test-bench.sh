#!/usr/bin/env bash
# Benchmarks of datafee (benches/, criterion) and the split comparison with Python.
#
# Usage: scripts/test-bench.sh [build]          build every bench (what CI runs: `cargo bench --no-run`)
#        scripts/test-bench.sh run [filter...]  run the criterion benches (about 1.5 min on 2 cores)
#        scripts/test-bench.sh compare [args]   benches/compare.py: plain Python vs the binding vs Rust
#                                               (the binding from .venv: run scripts/test-python.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
t0=$SECONDS
say() { printf '[test-bench %3ds] %s\n' "$((SECONDS - t0))" "$*"; }

mode=${1:-build}
[ $# -gt 0 ] && shift
case "$mode" in
  build)
    say "building the benches (bench profile) and the compare binary"
    cargo bench -p datafee-benches --no-run
    say "benches build"
    ;;
  run)
    cargo bench -p datafee-benches -- "$@"
    ;;
  compare)
    PY="$ROOT/.venv/bin/python"
    [ -x "$PY" ] || PY=python3
    cargo build --release -q -p datafee-benches --bin compare
    "$PY" benches/compare.py "$@"
    ;;
  *)
    echo "usage: $0 [build|run [filter]|compare [args]]" >&2
    exit 2
    ;;
esac
