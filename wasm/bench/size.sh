#!/usr/bin/env bash
# The gzipped size of one page module as scripts/test-wasm.sh measures it, and where its bytes are.
# A measurement, not a test (benches/README.md "Calculator module size, session 17").
#
#   wasm/bench/size.sh NAME [calculator|public]     (default calculator)
#
# Builds the module from this tree exactly as scripts/test-wasm.sh does (the pinned nightly with
# -Z build-std, optimize_for_size, core/alloc/dlmalloc/compiler_builtins at opt-level 3 and
# immediate-abort panics; --profile wasm-calc), then wasm-bindgen --target web, npm binaryen's
# wasm-opt -Oz and gzip -9, and prints `NAME: opt BYTES gz BYTES`. Environment:
#   TARGET_DIR  the cargo target directory (default target/size-bench: a flag change rebuilds std,
#               so give each configuration its own directory to compare them back to back)
#   XFLAGS      extra RUSTFLAGS for this build (e.g. -Zlocation-detail=none)
#   ATTR=N      also attribute the module: wasm-bindgen --keep-debug, wasm-opt -Oz -g, then
#               wasm/bench/attr.py (code per kind of function and the N largest functions) into
#               OUT/attr.txt
#   OUT         where the files go (default /tmp/datafee-size/NAME)
set -euo pipefail
name=$1; which=${2:-calculator}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
case $which in
  public) features=(--no-default-features) ;;
  calculator) features=(--no-default-features --features chain) ;;
  *) echo "usage: $0 NAME [calculator|public]" >&2; exit 2 ;;
esac
nightly=$(cat scripts/nightly-toolchain)
args=(-Z build-std=std,panic_abort -Z build-std-features=optimize_for_size)
for crate in core alloc dlmalloc compiler_builtins; do
  args+=(--config "profile.wasm-calc.package.$crate.opt-level=3")
done
target=${TARGET_DIR:-$ROOT/target/size-bench}
out=${OUT:-/tmp/datafee-size/$name}
rm -rf "$out"; mkdir -p "$out"
RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort ${XFLAGS:-}" CARGO_TARGET_DIR=$target \
  cargo "+$nightly" build -q --profile wasm-calc "${args[@]}" --target wasm32-unknown-unknown -p datafee-wasm "${features[@]}"
cp "$target/wasm32-unknown-unknown/wasm-calc/datafee_wasm.wasm" "$out/raw.wasm"
wasm-bindgen --target web --experimental-reset-state-function --out-dir "$out/web" --out-name datafee_wasm "$out/raw.wasm"
wasm_opt=$ROOT/wasm/node_modules/.bin/wasm-opt
f=$out/web/datafee_wasm_bg.wasm
"$wasm_opt" -Oz "$f" -o "$f"
echo "$name: opt $(wc -c <"$f") gz $(gzip -9c "$f" | wc -c)"
if [ -n "${ATTR:-}" ]; then
  wasm-bindgen --target web --keep-debug --out-dir "$out/debug" --out-name datafee_wasm "$out/raw.wasm"
  "$wasm_opt" -Oz -g "$out/debug/datafee_wasm_bg.wasm" -o "$out/named.wasm"
  python3 "$ROOT/wasm/bench/attr.py" "$out/named.wasm" "$ATTR" >"$out/attr.txt"
  echo "attribution: $out/attr.txt"
fi
