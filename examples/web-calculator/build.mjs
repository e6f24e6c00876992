// Build the fee calculator page's generated inputs, next to this file:
//   pkg-public/          the public build (ES module + .wasm: quotes from published fee data,
//                        compliance, rounding; no chain) of the datafee npm package: the page's
//                        first load
//   pkg/                 the calculator build (the chain, quotes, compliance, the fee list, the
//                        export): loaded by the page on first use (regulator tab, cap's paper)
//                        Both copied from the package installed in wasm/node_modules
//                        (scripts/test-wasm.sh builds, packs and installs it), else from wasm/pkg/
//   city.json            the example city, examples/city/scenario.toml read with smol-toml (a dev
//                        dependency of wasm/): the WebAssembly build has no TOML reader. Decimals
//                        are strings in the TOML and stay strings; a fractional number is refused.
//   city.published.json  the example city's published fee data, written by the engine
//                        (`disclosure.publication` in the installed package's node build)
// All are build outputs (see .gitignore). Usage: node examples/web-calculator/build.mjs
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

/** The folder of one of the package's web builds (`calculator`, the chain; `public`, the
 * page's first load): the installed package's, else wasm/pkg/BUILD. */
export function webBuildDir(build = "calculator") {
  const candidates = [join(wasmDir, "node_modules", "datafee", build), join(wasmDir, "pkg", build)];
  const dir = candidates.find((d) => existsSync(join(d, "datafee_wasm_bg.wasm")));
  if (!dir) throw new Error(`no ${build} build of datafee: run scripts/test-wasm.sh build first`);
  return dir;
}

/** The published fee data of a scenario document, as the engine writes it (`disclosure.publication`
 * in the installed package's node build). */
export function publishedData(doc, publication) {
  const { call } = requireFromWasm("datafee");
  return call("disclosure.publication", { document: doc, ...(publication === undefined ? {} : { publication }) });
}

/** Write pkg-public/, pkg/, city.json and city.published.json next to this file. */
export async function build() {
  const copied = [];
  for (const [build, out] of [["public", "pkg-public"], ["calculator", "pkg"]]) {
    const from = webBuildDir(build);
    const pkg = join(here, out);
    rmSync(pkg, { recursive: true, force: true });
    mkdirSync(pkg);
    for (const f of ["index.js", "index.d.ts", "api.js", "datafee_api.d.ts", "datafee_ops.d.ts", "datafee_wasm.js", "datafee_wasm_bg.wasm", "datafee_wasm.d.ts", "package.json"]) {
      if (existsSync(join(from, f))) cpSync(join(from, f), join(pkg, f));
    }
    copied.push(`${out}/ from ${from}`);
  }
  const doc = await cityDocument();
  writeFileSync(join(here, "city.json"), JSON.stringify(doc, null, 1) + "\n");
  writeFileSync(join(here, "city.published.json"), JSON.stringify(publishedData(doc), null, 1) + "\n");
  console.log(`web-calculator: ${copied.join("; ")}; city.json and city.published.json from ${CITY_TOML}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await build();
