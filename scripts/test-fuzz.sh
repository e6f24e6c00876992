#!/usr/bin/env bash
# Fuzzing datafee (fuzz/, cargo-fuzz on the pinned nightly): every input must be answered with a result or
# a typed error, never a panic or a hang.
#
# 1. installs what is missing: the pinned nightly toolchain named in scripts/nightly-toolchain (the
#    one the WebAssembly page modules are built with, so a fresh machine installs one nightly;
#    rustup, minimal profile; DATAFEE_NIGHTLY overrides it) and cargo-fuzz;
# 2. seeds: fuzz/make_seeds.py turns every tests/vectors/*.json case (and the example city)
#    into seed inputs and a libFuzzer dictionary under fuzz/seeds/;
# 3. replays the seeds and tests/vectors/fuzz.json through the target bodies on stable
#    (`cargo test` in fuzz/), then builds the six targets with debug assertions (integer
#    overflow panics) and runs each for FUZZ_SECONDS seconds (default 20), corpus in
#    fuzz/corpus/<target> (kept between runs, not committed; an empty one starts from the
#    campaign's minimised corpus in fuzz/campaign/<target>.tar.gz, which is committed).
#
# A crash leaves its input in fuzz/artifacts/<target>/ and fails the script; reproduce it with
#   cargo +$(cat scripts/nightly-toolchain) fuzz run -a <target> fuzz/artifacts/<target>/<file>
# Long run (see benches/README.md): FUZZ_SECONDS=3600 scripts/test-fuzz.sh [target...]
#
# Usage: scripts/test-fuzz.sh [target...]   (default: scenario_doc schedule sharing api_call rating_columns disclosure)
# Env:   FUZZ_SECONDS (per target), FUZZ_TIMEOUT (seconds one input may take, default 60: AddressSanitizer
#        runs 5-10x slower than release and CI machines are loaded; fuzz builds shrink the work budgets)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
t0=$SECONDS
say() { printf '[test-fuzz %3ds] %s\n' "$((SECONDS - t0))" "$*"; }
SECS=${FUZZ_SECONDS:-20}
TIMEOUT=${FUZZ_TIMEOUT:-60}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scenario_doc schedule sharing api_call rating_columns disclosure)

NIGHTLY=${DATAFEE_NIGHTLY:-$(cat "$ROOT/scripts/nightly-toolchain")}
# The toolchain itself, not a name match: `rustup toolchain list` also lists other nightlies.
if ! rustc "+$NIGHTLY" --version >/dev/null 2>&1; then
  say "installing $NIGHTLY (minimal profile)"
  rustup toolchain install "$NIGHTLY" --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz
fi
say "$(cargo fuzz --version), $(rustc "+$NIGHTLY" --version)"

say "seeds from tests/vectors/*.json"
python3 fuzz/make_seeds.py

cd fuzz
say "replaying the vectors and the fuzz findings through the target bodies (stable)"
cargo test -q --lib

say "building the targets ($NIGHTLY, release with debug assertions)"
cargo "+$NIGHTLY" fuzz build -a

for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # The campaign's minimised corpus (fuzz/campaign/<target>.tar.gz, committed) seeds an empty corpus.
  if [ -f "campaign/$t.tar.gz" ] && [ -z "$(ls -A "corpus/$t")" ]; then
    tar -xzf "campaign/$t.tar.gz" -C "corpus/$t"
    say "$t: $(ls "corpus/$t" | wc -l) inputs from campaign/$t.tar.gz"
  fi
  say "fuzzing $t for ${SECS}s"
  log=$(mktemp)
  if ! cargo "+$NIGHTLY" fuzz run -a "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$SECS" -timeout="$TIMEOUT" -rss_limit_mb=4096 -dict=seeds/json.dict \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -60 "$log"
    say "FAILED: $t (input in fuzz/artifacts/$t/)"
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  say "$t: $runs executions ($rate/s), no crash"
  rm -f "$log"
done
say "fuzz suite passed"
