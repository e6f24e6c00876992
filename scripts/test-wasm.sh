#!/usr/bin/env bash
# Build the datafee npm package (WebAssembly) and test THAT package, on a fresh machine.
#
# Installs what it needs: the wasm32-unknown-unknown target, wasm-bindgen-cli at the version
# pinned in wasm/Cargo.toml (skipped when already there), wasm/'s npm devDependencies
# (binaryen for wasm-opt, typescript, playwright-core) from wasm/package-lock.json, and for
# the browser suite Debian's chromium (+ a CJK font for legible screenshots). Then:
#   1. cargo build --target wasm32-unknown-unknown -p datafee-wasm, with the workspace's
#      [profile.wasm-release] when it has one, else --release, for the full build (the
#      defaults), and with [profile.wasm-calc] (opt-level "z") when there is one for the
#      calculator build (--no-default-features --features chain) and the public build
#      (--no-default-features); those two with a pinned nightly (installed when missing: rustup
#      toolchain install <scripts/nightly-toolchain> --profile minimal --component rust-src --target
#      wasm32-unknown-unknown), -Z build-std with std's optimize_for_size (core, alloc, dlmalloc and
#      compiler_builtins at opt-level 3) and immediate-abort panics, or with the stable toolchain
#      when the nightly cannot be installed (said in the output)
#   2. wasm-bindgen --target web / --target nodejs  -> wasm/pkg/web, wasm/pkg/node (full),
#      --target web -> wasm/pkg/calculator (calculator) and wasm/pkg/public (public)
#   3. wasm-opt -Oz (npm binaryen) on the three modules: the public build (`--no-default-features`:
#      quotes from published fee data, compliance, rounding; the fee calculator page's first
#      load), the calculator build (`--no-default-features --features chain`: chain, quotes,
#      compliance, the fee list, the export; the page's regulator tab, loaded on use) and the
#      full build; prints raw and gzip -9 sizes of each and fails above DATAFEE_WASM_PUBLIC_BUDGET
#      (public; default 204800, the design budget of 200 KB for the page's first load),
#      DATAFEE_WASM_CALC_BUDGET (calculator; default 278100, a guard, see README "WebAssembly
#      size") or DATAFEE_WASM_GZ_BUDGET (full; default 925000) bytes gzipped
#   4. assembles the package in wasm/pkg (wasm/npm/package.json + README, the JavaScript API
#      wasm/npm/api.js with its entries and declarations), npm pack into
#      wasm/pkg-dist/, installs the tarball into wasm/node_modules (the lock is unchanged)
#   5. builds the fee calculator page: examples/web-calculator/build.mjs copies the installed
#      web build to examples/web-calculator/pkg/ and converts the example city to city.json
# and runs the suites asked for, against the installed package:
#   node     node --test wasm/tests/*.test.mjs (golden vectors, call API, JavaScript API, errors,
#            robustness, web build, the calculator page's helpers)
#   types    tsc --noEmit --strict on wasm/tests/consumer.ts (node build) and consumer.web.ts (web);
#            then wasm/tests/shapes.mjs writes the golden vectors' inputs and the engine's results
#            as typed literals (wasm/pkg-types/shapes.ts) and tsc checks them against the
#            declarations of the JavaScript API
#   browser  wasm/browser/browser-test.mjs: headless Chromium runs the vectors on the web build;
#            wasm/browser/calculator-test.mjs: the fee calculator page against the engine in Node
#   build    nothing more (build and pack only)
# Usage: scripts/test-wasm.sh [node|types|browser|build]...   (default: node types)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WASM_DIR=$ROOT/wasm
# The full build's guard: 925,000 until session 18, whose audit fixes (the document validation that
# checks what the chain reads, exact largest-remainder ties with a big-integer path, the scope's
# apportionment, the tariff's cap test) took it from 914,994 to 932,244 (the clean-clone CI on
# 311b1a5); the figure + ~700 B.
BUDGET=${DATAFEE_WASM_GZ_BUDGET:-933000}
# The calculator build's design budget is 200 KB (204800 bytes) gzipped; measured 400,081 before
# issue 14's size work and 299,520 after it (2026-12-01: costs.*, chain.sweep and chain.tariff
# left to the full build, profile wasm-calc with opt-level "z", the error locator instead of
# serde_path_to_error), so the default is a regression
# guard just above the measured size until the size work resumes (see README "WebAssembly size"
# and benches/README.md). The full build's guard: measured 846,052 (846,596 at the branch point
# 4db8dcf: the old guard of 820,000 was already exceeded after the settlement and xlsx merges).
# Raised on merging into main (calculator 312,000, full 900,000): main also carries
# chain.with_changes/values_at (in the calculator: the page's withChanges calls them) and the
# sharing statement, in-kind support and grades (full build).
# Lowered to 310,000 (feat/web3, 2026-12-01): measured 303,697 once every operation writes its
# result as text in the calculator build (no second serializer per result type).
# Full build raised to 925,000 (2026-12-01): rating.late (late records, issue 12) measured 907,382
# on main after the merges (880,222 before it); the operation's code is about 25 KB before compression.
# Lowered to 298,000 (feat/calc, 2026-12-01): measured 292,353 (full build 893,768) once decimals
# are written without core::fmt, the cost accounts build paper text and error fields only when
# needed, and one stable sort serves the cost accounts (benches/README.md "WASM, feat/calc").
# Kept at 298,000 (feat/calc7, 2026-12-01): measured 297,710 (full 902,430) with the faster result
# writer (+0.6 KB); the new figure + 1 % would raise the guard, not lower it.
# Lowered to 290,200 (feat/calc8, 2026-12-01): measured 288,776 (297,943 on main) once the cost
# accounts keep sorted vectors instead of B-tree maps and sets (286,737), with the integer form
# of the exact split (+2.0 KB, the price of a faster recompute); the figure + 0.5 %.
# Lowered to 289,700 (feat/calc9, 2026-12-01): measured 288,263 (288,745 at the branch point)
# once the documents' 16 unit enums share one reader (doc::UnitEnum); the figure + 0.5 %.
# Raised to 292,600 (feat/calc10, 2026-12-02): measured 292,040 (288,256 at the branch point
# 6c0baad, same commands): +3.8 KB for the page's recompute — chain.summary (its result type's
# writer and its table entry) and the unique-key text entry (callJsonUniqueKeys) — which take
# the page's recompute from about 2.6 to 1.5 ms in Node (benches/README.md "feat/calc10"); the
# figure + 0.2 %.
# Raised to 294,600 (feat/calc11, 2026-12-02): measured 294,012 (290,496 at the branch point
# 2423af1, same commands: the cargo output through wasm-bindgen, wasm-opt -Oz, gzip -9): +3.5 KB
# for the what-ifs kept in the module (wasm/src/whatif.rs, core scenario::whatif: the store, four
# exports, a second instance of the document reader's entry for chain.with_changes' input), which
# take the page's recompute (withChanges + summary) from 3.8 to 1.9 ms at best in Node
# (benches/README.md "feat/calc11"); the figure + 0.2 %.
# Raised to 299,500 (feat/calc12, 2026-12-02): measured 298,890 (293,893 at the branch point
# 393ae86, same commands): +5.0 KB for the typed what-if (core scenario::whatif: each member's
# reader called on its own, the members swapped into the original's scenario, the text written
# on demand; about +3.9 KB) and the cost accounts kept between what-ifs (scenario::CostsMemo,
# about +1.1 KB), which take the page's recompute from 1.9-2.0 to 0.57-0.61 ms at best in Node
# (profit rate and forecast edits; a ledger edit 1.45) (benches/README.md "feat/calc12"); the
# figure + 0.2 %.
# Lowered to 275,400 (feat/size12, 2026-12-02): measured 274,735 (293,893 at the branch point
# 393ae86, same commands) once the documents' structs are read by #[derive(ReadStruct)]
# (datafee-derive, core/src/read.rs) instead of serde's derive; the figure + ~700 B.
# Both merged (main, session 12): ReadStruct's −19.2 KB and the typed what-if's +5.0 KB; the
# clean-clone CI on fc89e0d measured 280,373; the figure + ~700 B.
# Lowered to 272,900 (feat/size13, 2026-12-02): measured 272,247 (280,400 at the branch point
# 49ec9d1, same commands) once the profile paper lower-cases two enum names with
# to_ascii_lowercase instead of str::to_lowercase (the Unicode case tables left the module);
# the figure + ~700 B. Lowered to 271,300: measured 270,635 once the WebAssembly build's
# serde_json has no `std` (no `io::Error` in its errors' formatting; the result writer writes
# integers and booleans itself); the figure + ~700 B. Main after session 13's merges: 274,000
# (feat/calc13's ledger memo +2.2 KB: the lead measured 273,287 on 69852a8, same commands).
# Raised to 278,100 (feat/pub14, 2026-12-02): measured 277,374 with the export
# disclosure.publication (the page derives the published data from a scenario document given as
# data), 273,518 without it, same commands (the cargo output through wasm-bindgen, wasm-opt -Oz,
# gzip -9): +3.9 KB for the export's writer and reader entry; the figure + ~700 B. The page no
# longer loads this build at first (the public build below does); for the lead to confirm.
# Lowered to 260,600 (feat/size15, 2026-12-03): measured 259,891 (277,386 at the branch point
# b79b50c, same commands) with the pinned nightly's -Z build-std, optimize_for_size and
# immediate-abort panics, core/alloc/dlmalloc/compiler_builtins at opt-level 3 (257,298 with all
# of std at "z", 18 % more instructions per recompute); public 129,869 -> 114,723; full, still
# stable, 914,055; the figure + ~700 B. Built with the stable fallback (no nightly) the calculator is 277.4 KB again, so its
# guard there stays 278,100 (set below, once the toolchain is known).
# Raised to 261,000 at the merge (session 16): feat/calc15's deferred paper text (closures in mpr,
# caps and scope) adds 436 B; measured 260,327 on main a0942db, same commands; the figure + ~700 B.
# Raised to 269,700 (session 18): the audit's correctness fixes add 8.5 KB, measured with
# wasm/bench/size.sh (the same build): 260,486 before, 269,016 after. Of it, exact
# largest-remainder ties in 128-bit integers (costs/allocation.rs) ~5.7 KB (262,284 with the old
# split, num-bigint left out of this build: 278,162 with it), the scope's apportionment and volume
# key and the document validation that now checks what the chain reads the rest; the figure +
# ~700 B. The stable fallback's guard moves by the same 8.6 KB.
CALC_BUDGET=${DATAFEE_WASM_CALC_BUDGET:-269700}
CALC_BUDGET_STABLE=${DATAFEE_WASM_CALC_BUDGET:-286700}
# The public build (issue 14, session 14): what the fee calculator page loads first — quotes from
# the published fee data (publication.*), schedule.*, money.round; no chain. Its budget is the
# design budget of the page's first load, 200 KB gzipped (benches/README.md "Public build").
PUBLIC_BUDGET=${DATAFEE_WASM_PUBLIC_BUDGET:-204800}
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(node types)
for s in "${suites[@]}"; do
  case $s in node|types|browser|build) ;; *) echo "unknown suite $s (node|types|browser|build)" >&2; exit 2 ;; esac
done
wants() { local s; for s in "${suites[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
step() { printf '\n==== wasm: %s ====\n' "$*"; }
t_start=$SECONDS
timed() { # timed LABEL CMD...: run CMD and print how long it took
  local label=$1 t0=$SECONDS; shift
  "$@"
  printf '  (%s: %ss)\n' "$label" $((SECONDS - t0))
}
export PATH="$HOME/.cargo/bin:$PATH"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step "toolchain"
command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are required (node >= 18)" >&2; exit 1; }
# (Pipes into `grep -q` are avoided: under pipefail the writer's SIGPIPE would fail the test.)
if ! grep -qx wasm32-unknown-unknown <<<"$(rustup target list --installed)"; then
  timed "rustup target add" rustup target add wasm32-unknown-unknown
fi
WB_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$WASM_DIR/Cargo.toml")
[ -n "$WB_VERSION" ] || { echo "cannot read the wasm-bindgen pin from wasm/Cargo.toml" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]; then
  # Not --locked: the CLI's own lock file does not build with current toolchains.
  timed "cargo install wasm-bindgen-cli $WB_VERSION" cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi
# The calculator and public builds (the fee calculator page's modules) are built with a pinned
# nightly: `-Z build-std` with std's `optimize_for_size` (its smaller sort and formatting code)
# and immediate-abort panics (a panic is a bare trap, which the package's entries report as a
# DatafeeError with code "internal"); see benches/README.md "Calculator module size, session 15".
# DATAFEE_WASM_NIGHTLY= (empty) builds them with the stable toolchain instead; so does a machine
# where the nightly cannot be installed (said below). The full build is always stable.
# The pin is scripts/nightly-toolchain (the fuzz suite uses the same one).
NIGHTLY=${DATAFEE_WASM_NIGHTLY-$(cat "$ROOT/scripts/nightly-toolchain")}
nightly_ready() { # the toolchain with rust-src and the wasm32 target's std
  local sysroot
  sysroot=$(rustc "+$NIGHTLY" --print sysroot 2>/dev/null) || return 1
  [ -d "$sysroot/lib/rustlib/src/rust/library/std" ] && [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]
}
if [ -n "$NIGHTLY" ] && ! nightly_ready; then
  if ! timed "rustup toolchain install $NIGHTLY" rustup toolchain install "$NIGHTLY" --profile minimal \
    --component rust-src --target wasm32-unknown-unknown || ! nightly_ready; then
    echo "  WARNING: cannot install $NIGHTLY: the calculator and public builds fall back to the stable" \
      "toolchain (larger modules, checked against the stable guards)" >&2
    NIGHTLY=
  fi
fi
if [ -n "$NIGHTLY" ]; then
  small_cargo=(cargo "+$NIGHTLY")
  # std's crates are then compiled with the profile's opt-level "z" too; core, alloc, the
  # allocator (dlmalloc) and compiler_builtins (128-bit arithmetic) at 3, as the shipped std is:
  # at "z" the page's recompute took 18 % more instructions, with them at 3 +2 %, for 2.6 KB.
  small_args=(-Z build-std=std,panic_abort -Z build-std-features=optimize_for_size)
  for crate in core alloc dlmalloc compiler_builtins; do
    small_args+=(--config "profile.wasm-calc.package.$crate.opt-level=3")
  done
  small_rustflags="-Zunstable-options -Cpanic=immediate-abort"
  small_how="$NIGHTLY, build-std, immediate-abort"
  echo "  calculator and public builds: $(rustc "+$NIGHTLY" --version) with -Z build-std (optimize_for_size;" \
    "core, alloc, dlmalloc, compiler_builtins at opt-level 3), -Cpanic=immediate-abort"
else
  small_cargo=(cargo); small_args=(); small_rustflags=${RUSTFLAGS-}; small_how="stable"
  CALC_BUDGET=$CALC_BUDGET_STABLE
  echo "  calculator and public builds: stable toolchain (calculator guard $CALC_BUDGET)"
fi
echo "  $(rustc --version); $(wasm-bindgen --version); node $(node --version); npm $(npm --version 2>/dev/null)"
(cd "$WASM_DIR" && timed "npm ci" npm ci --no-audit --no-fund --loglevel=error)

step "build"
if grep -q '^\[profile\.wasm-release\]' Cargo.toml; then
  profile_args=(--profile wasm-release); profile_dir=wasm-release
else
  profile_args=(--release); profile_dir=release
fi
RAW_WASM=$ROOT/target/wasm32-unknown-unknown/$profile_dir/datafee_wasm.wasm
# The calculator build has its own profile when the workspace has one ([profile.wasm-calc]:
# opt-level "z", see benches/README.md), else the same as the full build.
if grep -q '^\[profile\.wasm-calc\]' Cargo.toml; then
  calc_profile_args=(--profile wasm-calc); calc_profile_dir=wasm-calc
else
  calc_profile_args=("${profile_args[@]}"); calc_profile_dir=$profile_dir
fi
CALC_RAW_WASM=$ROOT/target/wasm32-unknown-unknown/$calc_profile_dir/datafee_wasm.wasm
PKG=$WASM_DIR/pkg
rm -rf "$PKG" "$WASM_DIR/pkg-dist"
mkdir -p "$PKG"
# Three modules from the same crate: the public build (quotes from published fee data;
# `--no-default-features`), the calculator build (the chain, quotes, compliance, the fee list as
# JSON, the export; `--no-default-features --features chain`) and the full build (every
# operation, the default). The first two land at the same path, so each is kept aside.
timed "cargo build public (wasm32, ${calc_profile_args[*]}, $small_how)" env RUSTFLAGS="$small_rustflags" "${small_cargo[@]}" build "${calc_profile_args[@]}" "${small_args[@]}" --target wasm32-unknown-unknown -p datafee-wasm --no-default-features
cp "$CALC_RAW_WASM" "$PKG/public-raw.wasm"
timed "cargo build calculator (wasm32, ${calc_profile_args[*]}, $small_how)" env RUSTFLAGS="$small_rustflags" "${small_cargo[@]}" build "${calc_profile_args[@]}" "${small_args[@]}" --target wasm32-unknown-unknown -p datafee-wasm --no-default-features --features chain
cp "$CALC_RAW_WASM" "$PKG/calculator-raw.wasm"
timed "cargo build full (wasm32, ${profile_args[*]})" cargo build "${profile_args[@]}" --target wasm32-unknown-unknown -p datafee-wasm
timed "wasm-bindgen web" wasm-bindgen --target web --experimental-reset-state-function --out-dir "$PKG/web" "$RAW_WASM"
timed "wasm-bindgen nodejs" wasm-bindgen --target nodejs --experimental-reset-state-function --out-dir "$PKG/node" "$RAW_WASM"
timed "wasm-bindgen calculator" wasm-bindgen --target web --experimental-reset-state-function --out-dir "$PKG/calculator" --out-name datafee_wasm "$PKG/calculator-raw.wasm"
timed "wasm-bindgen public" wasm-bindgen --target web --experimental-reset-state-function --out-dir "$PKG/public" --out-name datafee_wasm "$PKG/public-raw.wasm"
rm "$PKG/calculator-raw.wasm" "$PKG/public-raw.wasm"
gz() { gzip -9c "$1" | wc -c | tr -d ' '; }
raw() { wc -c <"$1" | tr -d ' '; }
# Debian's binaryen is too old for the module rustc emits; the npm package is current.
WASM_OPT=$WASM_DIR/node_modules/.bin/wasm-opt
optimise() { # optimise NAME FILE: wasm-opt -Oz in place, printing the sizes before and after
  local name=$1 f=$2 before_raw before_gz
  before_raw=$(raw "$f"); before_gz=$(gz "$f")
  timed "wasm-opt -Oz $name" "$WASM_OPT" -Oz "$f" -o "$f"
  echo "  $name build: $before_raw bytes ($before_gz gzipped) after wasm-bindgen;" \
    "$(raw "$f") bytes ($(gz "$f") gzipped, gzip -9) after wasm-opt -Oz"
}
optimise public "$PKG/public/datafee_wasm_bg.wasm"
optimise calculator "$PKG/calculator/datafee_wasm_bg.wasm"
if cmp -s "$PKG/web/datafee_wasm_bg.wasm" "$PKG/node/datafee_wasm_bg.wasm"; then
  # Both targets carry the same module (the usual case): optimise once.
  optimise full "$PKG/web/datafee_wasm_bg.wasm"
  cp "$PKG/web/datafee_wasm_bg.wasm" "$PKG/node/datafee_wasm_bg.wasm"
else
  optimise "full (web)" "$PKG/web/datafee_wasm_bg.wasm"
  optimise "full (node)" "$PKG/node/datafee_wasm_bg.wasm"
fi
pub_gz=$(gz "$PKG/public/datafee_wasm_bg.wasm"); calc_gz=$(gz "$PKG/calculator/datafee_wasm_bg.wasm"); full_gz=$(gz "$PKG/web/datafee_wasm_bg.wasm")
echo "  sizes (gzip -9 after wasm-opt -Oz): public $pub_gz bytes (budget $PUBLIC_BUDGET), calculator $calc_gz bytes (guard $CALC_BUDGET), full $full_gz bytes (guard $BUDGET)"
if [ "$pub_gz" -gt "$PUBLIC_BUDGET" ]; then
  echo "  the public build is above its budget of $PUBLIC_BUDGET bytes gzipped (DATAFEE_WASM_PUBLIC_BUDGET)" >&2
  exit 1
fi
if [ "$calc_gz" -gt "$CALC_BUDGET" ]; then
  echo "  the calculator build is above its budget of $CALC_BUDGET bytes gzipped (DATAFEE_WASM_CALC_BUDGET)" >&2
  exit 1
fi
if [ "$full_gz" -gt "$BUDGET" ]; then
  echo "  the full build is above the guard of $BUDGET bytes gzipped (DATAFEE_WASM_GZ_BUDGET)" >&2
  exit 1
fi

step "package"
cp "$WASM_DIR/npm/package.json" "$WASM_DIR/npm/README.md" "$PKG/"
# wasm-bindgen writes ES modules for web and CommonJS for nodejs; mark each folder so Node
# (and bundlers) read each build right whatever the consumer's own "type".
echo '{ "type": "module" }' >"$PKG/web/package.json"
echo '{ "type": "commonjs" }' >"$PKG/node/package.json"
# The JavaScript API: npm/api.js (an ES module whose one export is `createApi`, no imports)
# and an entry per build that binds it to that build's `call`. The web entry imports api.js
# as it is; the node entry (CommonJS, so that `require` works too) requires api.cjs, the same
# text with `export` dropped and a module.exports line added.
cp "$WASM_DIR/npm/web/index.js" "$WASM_DIR/npm/web/index.d.ts" "$PKG/web/"
cp "$WASM_DIR/npm/api.js" "$PKG/web/api.js"
cp "$WASM_DIR/npm/node/index.cjs" "$WASM_DIR/npm/node/index.d.cts" "$PKG/node/"
cp "$WASM_DIR/npm/datafee_api.d.ts" "$WASM_DIR/npm/datafee_ops.d.ts" "$PKG/web/"
cp "$WASM_DIR/npm/datafee_api.d.ts" "$WASM_DIR/npm/datafee_ops.d.ts" "$PKG/node/"
# The calculator and public builds have the web build's entry, API and declarations.
for b in calculator public; do
  cp "$WASM_DIR/npm/web/index.js" "$WASM_DIR/npm/web/index.d.ts" "$WASM_DIR/npm/api.js" "$WASM_DIR/npm/datafee_api.d.ts" "$WASM_DIR/npm/datafee_ops.d.ts" "$PKG/$b/"
  echo '{ "type": "module" }' >"$PKG/$b/package.json"
done
{
  echo '"use strict";'
  sed 's/^export function createApi(/function createApi(/' "$WASM_DIR/npm/api.js"
  echo 'module.exports = { createApi };'
} >"$PKG/node/api.cjs"
if [ "$(grep -c '^export function createApi(' "$WASM_DIR/npm/api.js")" != 1 ] ||
  grep -qE '^[[:space:]]*(export|import)[[:space:]{*]|import\.meta' "$PKG/node/api.cjs"; then
  echo "wasm/npm/api.js must have exactly one export, 'export function createApi(', and no imports" >&2
  exit 1
fi
mkdir -p "$WASM_DIR/pkg-dist"
tarball=$(cd "$PKG" && npm pack --silent --pack-destination "$WASM_DIR/pkg-dist")
echo "  wasm/pkg-dist/$tarball ($(raw "$WASM_DIR/pkg-dist/$tarball") bytes)"
rm -rf "$WASM_DIR/node_modules/datafee"
(cd "$WASM_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error "./pkg-dist/$tarball")

step "fee calculator page (examples/web-calculator)"
node "$ROOT/examples/web-calculator/build.mjs"
if wants node; then
  step "node tests (against the installed package)"
  (cd "$WASM_DIR" && timed "node --test" node --test tests/*.test.mjs)
fi

if wants types; then
  step "TypeScript consumers (tsc --noEmit --strict)"
  (cd "$WASM_DIR" && timed "tsc node" node_modules/.bin/tsc --noEmit --strict -p tests/tsconfig.json)
  (cd "$WASM_DIR" && timed "tsc web" node_modules/.bin/tsc --noEmit --strict -p tests/tsconfig.web.json)
  (cd "$WASM_DIR" && node tests/shapes.mjs && timed "tsc shapes" node_modules/.bin/tsc --noEmit --strict -p tests/tsconfig.shapes.json)
fi

if wants browser; then
  step "browser test (headless Chromium)"
  export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
  if [ ! -x "$CHROMIUM" ] || ! grep -qi 'wenquanyi\|noto sans cjk' <<<"$(fc-list 2>/dev/null || true)"; then
    sudo=; [ "$(id -u)" -ne 0 ] && sudo=sudo
    timed "apt-get install chromium" bash -c "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null"
  fi
  echo "  $("$CHROMIUM" --version 2>/dev/null | head -1)"
  (cd "$WASM_DIR" && timed "browser" node browser/browser-test.mjs)
  (cd "$WASM_DIR" && timed "calculator page" node browser/calculator-test.mjs)
fi

step "${suites[*]} passed in $((SECONDS - t_start))s"
