#!/usr/bin/env bash
# Every test suite of datafee, in one command, on a fresh machine.
# It installs what it needs (Python venv + maturin, the wasm32 target, wasm-bindgen-cli,
# Chromium, npm packages) and runs: Rust tests, Python tests against the built wheel,
# Node tests against the built npm package, the browser test, and a build of the benches.
# Usage: scripts/test-all.sh [lint|rust|python|wasm|browser|bench|fuzz]...   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(lint rust python wasm browser bench fuzz)
# One-shot builds: incremental compilation only costs disk here (2.1 GB of target/debug in a clean clone).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# Each step prints the free disk, so a build that fails for want of space says so in the log.
step() { printf '\n==== %s ====   (disk free: %s)\n' "$*" "$(df -Ph . | awk 'NR==2 {print $4}')"; }

run_lint() {
  step "Lint: cargo fmt --check, clippy -D warnings and rustdoc -D warnings (workspace and fuzz targets' formatting), generated files fresh"
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  cargo fmt --all --check
  (cd fuzz && cargo fmt --check)
  cargo clippy --workspace --all-targets -- -D warnings
  # The WebAssembly crate on its own target too (sizes differ on wasm32: some lints fire only there).
  rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
  cargo clippy -p datafee-wasm --target wasm32-unknown-unknown -- -D warnings
  # The API docs, libraries and binaries: broken or private intra-doc links are errors (every
  # public item is documented). The CLI binary is `doc = false` (its name is the library's).
  RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps
  step "Generated files: schemas, TypeScript declarations and Python key tables up to date (datafee-schema --check)"
  cargo run -q -p datafee-schema -- --check
}

run_rust() {
  step "Rust: unit, property, doc and golden-vector tests"
  cargo test --workspace
}

run_python() {
  step "Python: wheel, pytest against the installed wheel, doctests, stubtest"
  scripts/test-python.sh
}

run_wasm() {
  step "WebAssembly: npm package (web + node), node tests on the packed package, TypeScript"
  scripts/test-wasm.sh node types
}

run_browser() {
  step "Browser: headless Chromium (installed with apt-get when missing)"
  scripts/test-wasm.sh browser
}

run_bench() {
  step "Benchmarks: build every criterion bench (running them: scripts/test-bench.sh run)"
  scripts/test-bench.sh build
}

run_fuzz() {
  step "Fuzzing: nightly + cargo-fuzz (installed when missing), each target for a short time"
  FUZZ_SECONDS="${FUZZ_SECONDS:-20}" scripts/test-fuzz.sh
}

for s in "${suites[@]}"; do
  if declare -f "run_$s" >/dev/null; then "run_$s"; else echo "(suite $s not present yet)"; fi
done
step "all requested suites passed"
