// One quote on the fee calculator page's two modules, back to back in one process: `Scenario.quote`
// (`chain.quote`: the chain runs per quote) on the calculator build and `PublishedFees.quote`
// (`publication.quote`: the export read per quote) on the public build, both web modules of the
// installed package instantiated in Node, on the page's example city (examples/web-calculator:
// city.json and city.published.json, written by build.mjs). A measurement, not a test: it prints
// p50 and min of 200 calls after 20 warm-up, twice, and exits 0 unless it fails to run.
// Usage (after scripts/test-wasm.sh build): node wasm/bench/quote-public.mjs
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = dirname(createRequire(join(here, "..", "package.json")).resolve("datafee/package.json"));
const page = join(here, "..", "..", "examples", "web-calculator");
const load = async (build) => {
  const m = await import(pathToFileURL(join(pkg, build, "index.js")).href);
  await m.default({ module_or_path: readFileSync(join(pkg, build, "datafee_wasm_bg.wasm")) });
  return m;
};
const pub = await load("public");
const calc = await load("calculator");
const s = calc.Scenario.fromJSON(readFileSync(join(page, "city.json"), "utf8"));
const p = pub.PublishedFees.fromJSON(readFileSync(join(page, "city.published.json"), "utf8"));
const use = ["p14", "enterprise", "7777", "2027-03-01"];
if (JSON.stringify(s.quote(...use)) !== JSON.stringify(p.quote(...use))) throw new Error("the two quotes differ");
const time = (fn) => {
  const t = [];
  for (let i = 0; i < 220; i++) {
    const t0 = performance.now();
    fn();
    if (i >= 20) t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return `p50 ${t[100].toFixed(3)} ms, min ${t[0].toFixed(3)} ms`;
};
for (let r = 0; r < 2; r++) {
  console.log(`chain.quote (calculator build):   ${time(() => s.quote(...use))}`);
  console.log(`publication.quote (public build): ${time(() => p.quote(...use))}`);
}
