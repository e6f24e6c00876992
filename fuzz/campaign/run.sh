#!/usr/bin/env bash
# A fuzz campaign (issue 15): each target up to 10 million executions or its time cap, at low
# priority, then its corpus minimised and packed as fuzz/campaign/<target>.tar.gz (commit those).
# Assumes scripts/test-fuzz.sh has run once (the pinned nightly, cargo-fuzz, seeds). Targets are built with debug
# assertions and without AddressSanitizer (`-a -s none`): core forbids `unsafe`, so ASan adds cost, not findings.
#
# Usage: fuzz/campaign/run.sh [target:seconds ...]
#   default: api_call:1500 scenario_doc:1500 rating_columns:1200 schedule:1200 sharing:900 disclosure:900
# Logs: /tmp/campaign-<target>.log; one summary line per target on stdout.
set -u
cd "$(dirname "$0")/.."
NIGHTLY=${DATAFEE_NIGHTLY:-$(cat ../scripts/nightly-toolchain)} # the pinned nightly test-fuzz.sh installs
specs=("$@")
[ ${#specs[@]} -eq 0 ] && specs=(api_call:1500 scenario_doc:1500 rating_columns:1200 schedule:1200 sharing:900 disclosure:900)
python3 make_seeds.py
nice -n 19 cargo "+$NIGHTLY" fuzz build -a -s none > /tmp/campaign-build.log 2>&1 || { echo "build failed: /tmp/campaign-build.log"; exit 1; }
for spec in "${specs[@]}"; do
  t=${spec%%:*}; secs=${spec##*:}
  mkdir -p "corpus/$t"
  if [ -f "campaign/$t.tar.gz" ] && [ -z "$(ls -A "corpus/$t")" ]; then tar -xzf "campaign/$t.tar.gz" -C "corpus/$t"; fi
  echo "=== $t start $(date -u +%H:%M:%S) cap ${secs}s load $(cut -d' ' -f1-3 /proc/loadavg)"
  nice -n 19 cargo "+$NIGHTLY" fuzz run -a -s none "$t" "corpus/$t" "seeds/$t" -- \
    -runs=10000000 -max_total_time="$secs" -timeout=60 -rss_limit_mb=4096 -dict=seeds/json.dict \
    -print_final_stats=1 > "/tmp/campaign-$t.log" 2>&1
  rc=$?
  echo "=== $t end $(date -u +%H:%M:%S) rc=$rc $(grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec' "/tmp/campaign-$t.log" | tr -s ' ' | tr '\n' ' ')"
  [ $rc -ne 0 ] && { echo "FAILED: $t (input in fuzz/artifacts/$t/)"; exit 1; }
  nice -n 19 cargo "+$NIGHTLY" fuzz cmin -a -s none "$t" "corpus/$t" -- -timeout=60 -rss_limit_mb=4096 > "/tmp/campaign-cmin-$t.log" 2>&1
  tar -czf "campaign/$t.tar.gz" -C "corpus/$t" .
  echo "=== $t corpus $(ls "corpus/$t" | wc -l) inputs, campaign/$t.tar.gz $(stat -c %s "campaign/$t.tar.gz") bytes"
done
