#!/usr/bin/env bash
# Build the datafee npm package (WebAssembly) and test THAT package, on a fresh machine.
#
# Installs what it needs: the wasm32-unknown-unknown target, wasm-bindgen-cli at the version
# pinned in wasm/Cargo.toml (skipped when already there), and wasm/'s npm devDependencies
# (binaryen for wasm-opt, typescript) from wasm/package-lock.json. Then:
#   1. cargo build --release --target wasm32-unknown-unknown -p datafee-wasm
#   2. wasm-bindgen --target web / --target nodejs  -> wasm/pkg/web, wasm/pkg/node
#   3. wasm-opt -Oz (npm binaryen) on both .wasm files; prints raw and gzip -9 sizes and
#      fails above DATAFEE_WASM_GZ_BUDGET bytes gzipped (default 300000)
#   4. assembles the package in wasm/pkg (wasm/npm/package.json + README), npm pack into
#      wasm/pkg-dist/, installs the tarball into wasm/node_modules (no lock change)
#   5. node --test wasm/tests/*.test.mjs (they import "datafee", i.e. the installed tarball)
#   6. tsc --noEmit --strict on wasm/tests/consumer.ts (node build) and consumer.web.ts (web build)
# Usage: scripts/test-wasm.sh            (build + test)
#        scripts/test-wasm.sh --build    (build and pack only)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WASM_DIR=$ROOT/wasm
BUDGET=${DATAFEE_WASM_GZ_BUDGET:-300000}
BUILD_ONLY=0
[ "${1:-}" = "--build" ] && BUILD_ONLY=1
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
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  timed "rustup target add" rustup target add wasm32-unknown-unknown
fi
WB_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$WASM_DIR/Cargo.toml")
[ -n "$WB_VERSION" ] || { echo "cannot read the wasm-bindgen pin from wasm/Cargo.toml" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]; then
  # Not --locked: the CLI's own lock file does not build with current toolchains.
  timed "cargo install wasm-bindgen-cli $WB_VERSION" cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi
echo "  $(rustc --version); $(wasm-bindgen --version); node $(node --version); npm $(npm --version 2>/dev/null)"
(cd "$WASM_DIR" && timed "npm ci" npm ci --no-audit --no-fund --loglevel=error)

step "build"
timed "cargo build (wasm32, release)" cargo build --release --target wasm32-unknown-unknown -p datafee-wasm
RAW_WASM=$ROOT/target/wasm32-unknown-unknown/release/datafee_wasm.wasm
PKG=$WASM_DIR/pkg
rm -rf "$PKG" "$WASM_DIR/pkg-dist"
timed "wasm-bindgen web" wasm-bindgen --target web --out-dir "$PKG/web" "$RAW_WASM"
timed "wasm-bindgen nodejs" wasm-bindgen --target nodejs --out-dir "$PKG/node" "$RAW_WASM"
gz() { gzip -9c "$1" | wc -c | tr -d ' '; }
raw() { wc -c <"$1" | tr -d ' '; }
before_raw=$(raw "$PKG/web/datafee_wasm_bg.wasm"); before_gz=$(gz "$PKG/web/datafee_wasm_bg.wasm")
# Debian's binaryen is too old for the module rustc emits; the npm package is current.
WASM_OPT=$WASM_DIR/node_modules/.bin/wasm-opt
if cmp -s "$PKG/web/datafee_wasm_bg.wasm" "$PKG/node/datafee_wasm_bg.wasm"; then
  # Both targets carry the same module (the usual case): optimise once.
  timed "wasm-opt -Oz" "$WASM_OPT" -Oz "$PKG/web/datafee_wasm_bg.wasm" -o "$PKG/web/datafee_wasm_bg.wasm"
  cp "$PKG/web/datafee_wasm_bg.wasm" "$PKG/node/datafee_wasm_bg.wasm"
else
  for t in web node; do
    timed "wasm-opt -Oz $t" "$WASM_OPT" -Oz "$PKG/$t/datafee_wasm_bg.wasm" -o "$PKG/$t/datafee_wasm_bg.wasm"
  done
fi
after_raw=$(raw "$PKG/web/datafee_wasm_bg.wasm"); after_gz=$(gz "$PKG/web/datafee_wasm_bg.wasm")
echo "  datafee_wasm_bg.wasm: $before_raw bytes ($before_gz gzipped) after wasm-bindgen;" \
  "$after_raw bytes ($after_gz gzipped, gzip -9) after wasm-opt -Oz"
if [ "$after_gz" -gt "$BUDGET" ]; then
  echo "  the gzipped module is above the budget of $BUDGET bytes (DATAFEE_WASM_GZ_BUDGET)" >&2
  exit 1
fi

step "package"
cp "$WASM_DIR/npm/package.json" "$WASM_DIR/npm/README.md" "$PKG/"
# wasm-bindgen writes ES modules for web and CommonJS for nodejs; mark each folder so Node
# (and bundlers) read each build right whatever the consumer's own "type".
echo '{ "type": "module" }' >"$PKG/web/package.json"
echo '{ "type": "commonjs" }' >"$PKG/node/package.json"
mkdir -p "$WASM_DIR/pkg-dist"
tarball=$(cd "$PKG" && npm pack --silent --pack-destination "$WASM_DIR/pkg-dist")
echo "  wasm/pkg-dist/$tarball ($(raw "$WASM_DIR/pkg-dist/$tarball") bytes)"
rm -rf "$WASM_DIR/node_modules/datafee"
(cd "$WASM_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error "./pkg-dist/$tarball")
[ "$BUILD_ONLY" = 1 ] && { step "built in $((SECONDS - t_start))s"; exit 0; }

step "node tests (against the installed package)"
(cd "$WASM_DIR" && timed "node --test" node --test tests/*.test.mjs)

step "TypeScript consumers (tsc --noEmit --strict)"
(cd "$WASM_DIR" && timed "tsc node" node_modules/.bin/tsc --noEmit --strict -p tests/tsconfig.json)
(cd "$WASM_DIR" && timed "tsc web" node_modules/.bin/tsc --noEmit --strict -p tests/tsconfig.web.json)

step "passed in $((SECONDS - t_start))s"
