// Build the fee calculator page's two generated inputs, next to this file:
//   pkg/       the calculator build (ES module + .wasm: chain, quotes, compliance, fee list;
//              no rating, sharing, review or renderers) of the datafee npm package, copied from
//              the package installed in wasm/node_modules (scripts/test-wasm.sh builds, packs
//              and installs it), else from wasm/pkg/calculator
//   city.json  the example city, examples/city/scenario.toml read with smol-toml (a dev
//              dependency of wasm/): the WebAssembly build has no TOML reader. Decimals are
//              strings in the TOML and stay strings; a fractional number is refused.
// Both are build outputs (see .gitignore). Usage: node examples/web-calculator/build.mjs
// (scripts/test-wasm.sh runs it after packing the package).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fractionalNumbers } from "./calc.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const wasmDir = join(root, "wasm");
const requireFromWasm = createRequire(join(wasmDir, "package.json"));

/** The example city's TOML file. */
export const CITY_TOML = join(root, "examples", "city", "scenario.toml");

/** The scenario document of a TOML file, as the engine's JSON form (decimals as strings). */
export async function cityDocument(path = CITY_TOML) {
  const { parse } = await import(pathToFileURL(requireFromWasm.resolve("smol-toml")).href);
  const doc = parse(readFileSync(path, "utf8"));
  const bad = fractionalNumbers(doc);
  if (bad.length) throw new Error(`${path}: numbers where decimal strings belong: ${bad.join(", ")}`);
  return doc;
}

/** The folder of the package's calculator build (the small module the page loads): the
 * installed package's, else wasm/pkg/calculator. */
export function webBuildDir() {
  const candidates = [join(wasmDir, "node_modules", "datafee", "calculator"), join(wasmDir, "pkg", "calculator")];
  const dir = candidates.find((d) => existsSync(join(d, "datafee_wasm_bg.wasm")));
  if (!dir) throw new Error("no web build of datafee: run scripts/test-wasm.sh build first");
  return dir;
}

/** Write pkg/ and city.json next to this file. */
export async function build() {
  const from = webBuildDir();
  const pkg = join(here, "pkg");
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg);
  for (const f of ["index.js", "index.d.ts", "api.js", "datafee_api.d.ts", "datafee_ops.d.ts", "datafee_wasm.js", "datafee_wasm_bg.wasm", "datafee_wasm.d.ts", "package.json"]) {
    if (existsSync(join(from, f))) cpSync(join(from, f), join(pkg, f));
  }
  const doc = await cityDocument();
  writeFileSync(join(here, "city.json"), JSON.stringify(doc, null, 1) + "\n");
  console.log(`web-calculator: pkg/ from ${from}; city.json from ${CITY_TOML}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await build();
