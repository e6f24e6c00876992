#!/usr/bin/env bash
# Python binding tests, on a fresh machine (needs only python3 >= 3.9 with venv/pip, and cargo).
#
# 1. a virtualenv at $ROOT/.venv (created if missing) with the pinned tools of
#    py/requirements-dev.txt (maturin, pytest, mypy, numpy, pandas, pyarrow, pyspark: the
#    Spark test needs Java 17+ too, and is skipped without it);
# 2. the release abi3 wheel: maturin build --release -m py/Cargo.toml -o py/dist;
# 3. that wheel installed into the venv (--force-reinstall);
# 4. from a scratch directory, so that py/python is NOT importable and the installed wheel is
#    what runs: pytest on py/tests plus the docstring examples of the installed package,
#    mypy --strict on the installed package, and mypy.stubtest (stubs against the runtime);
# 5. every notebook of examples/notebooks executed with nbclient in the kernel "datafee-venv",
#    which the venv's ipykernel registers inside the venv (--sys-prefix) with the venv's
#    interpreter, so the notebooks import the installed wheel; a failing cell fails the run.
#
# Usage: scripts/test-python.sh [extra pytest args]
# Env:   PYTHON=python3.x picks the interpreter that creates the venv;
#        DATAFEE_NOTEBOOK_OUT=dir keeps the executed notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
t0=$SECONDS
say() { printf '[test-python %3ds] %s\n' "$((SECONDS - t0))" "$*"; }

if [ ! -x "$PY" ]; then
  say "creating $VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
say "installing tools (py/requirements-dev.txt)"
"$PY" -m pip install -q -r py/requirements-dev.txt
if command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ]; then
  say "java for PySpark: $(java -version 2>&1 | head -n1)"
else
  say "no java on PATH nor JAVA_HOME: py/tests/test_spark.py will be skipped"
fi

say "building the wheel (release, abi3)"
rm -rf py/dist
# maturin looks for a Python interpreter on PATH; the venv's is the one the wheel is tested with.
PATH="$VENV/bin:$PATH" "$VENV/bin/maturin" build --release -q -m py/Cargo.toml -o py/dist
wheels=(py/dist/*.whl)
[ ${#wheels[@]} -eq 1 ] || { echo "expected one wheel in py/dist, got: ${wheels[*]}" >&2; exit 1; }
say "installing ${wheels[0]#py/dist/}"
"$PY" -m pip install -q --force-reinstall --no-deps "${wheels[0]}"

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH"

say "mypy --strict on the installed package"
"$PY" -m mypy --strict --no-error-summary --cache-dir "$SCRATCH/.mypy_cache" -p datafee
say "stubtest (stubs and annotations against the runtime)"
"$PY" -m mypy.stubtest datafee --mypy-config-file "$ROOT/py/pyproject.toml" --allowlist "$ROOT/py/stubtest-allowlist.txt"

say "pytest: py/tests and the docstring examples of the installed package"
"$PY" -m pytest -q -p no:cacheprovider -c "$ROOT/py/pyproject.toml" --rootdir "$ROOT/py" \
  --doctest-modules --pyargs datafee "$ROOT/py/tests" "$@"

say "notebooks: nbclient in kernel datafee-venv ($PY)"
"$PY" -m ipykernel install --sys-prefix --name datafee-venv --display-name "Python (datafee venv)" >/dev/null
notebooks=("$ROOT"/examples/notebooks/*.ipynb)
"$PY" "$ROOT/py/tools/run_notebook.py" --kernel datafee-venv ${DATAFEE_NOTEBOOK_OUT:+--save "$DATAFEE_NOTEBOOK_OUT"} \
  "${notebooks[@]}" 2> >(grep -v 'running over TCP without encryption' >&2)
say "python suite passed"
