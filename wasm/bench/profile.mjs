// Where a recompute's time goes: 600 calls of one calculator module on the example city (the
// operation `chain.figures`, or OP when given as DIR@OP, e.g. DIR@chain.summary; DIR@page: the
// page's recompute, withChanges + summary() through the JavaScript API as ab.mjs times it;
// DIR@page-ledger / DIR@page-forecast: the same with a ledger amount / a forecast volume edited),
// to run under Node's sampling profiler, then a summary of the profile by function.
// A measurement, not a test.
//
//   node --cpu-prof --cpu-prof-interval 100 --cpu-prof-dir=/tmp/prof wasm/bench/profile.mjs DIR
//   node wasm/bench/profile.mjs --summary /tmp/prof/CPU.*.cpuprofile [REGEX]
//
// DIR is a nodejs-target build kept with its names (`wasm-bindgen --target nodejs --keep-debug`,
// see the header of wasm/bench/ab.mjs). The summary prints, as a share of all samples, each
// function's inclusive time (itself and what it calls, each name counted once per stack) and
// self time, largest first; REGEX keeps the names that match.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const args = process.argv.slice(2);
if (args[0] === "--summary") {
  if (!args[1]) throw new Error("usage: node wasm/bench/profile.mjs --summary FILE.cpuprofile [REGEX]");
  const p = JSON.parse(readFileSync(args[1], "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const counts = new Map();
  for (const s of p.samples) counts.set(s, (counts.get(s) || 0) + 1);
  const name = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber})`;
  const self = new Map(), incl = new Map();
  for (const [id, c] of counts) {
    const own = name(byId.get(id));
    self.set(own, (self.get(own) || 0) + c);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const nm = name(byId.get(cur));
      if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) || 0) + c); }
    }
  }
  const keep = args[2] ? new RegExp(args[2]) : null;
  const show = (m, title) => {
    console.log(title);
    [...m].filter(([k]) => !keep || keep.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40)
      .forEach(([k, v]) => console.log(`${((100 * v) / p.samples.length).toFixed(1).padStart(6)} %  ${k.slice(0, 160)}`));
  };
  show(incl, `inclusive (${p.samples.length} samples)`);
  show(self, "self");
} else {
  if (!args[0]) throw new Error("usage: node --cpu-prof wasm/bench/profile.mjs DIR (a nodejs-target build)");
  const { cityDocument } = await import("../../examples/web-calculator/build.mjs");
  const at = args[0].lastIndexOf("@");
  const [dir, op] = at < 0 ? [args[0], "chain.figures"] : [args[0].slice(0, at), args[0].slice(at + 1)];
  const m = createRequire(import.meta.url)(resolve(dir, "datafee_wasm.js"));
  const doc = await cityDocument();
  if (op === "page" || op === "page-ledger" || op === "page-forecast") {
    // The page's recompute (as ab.mjs DIR@page): withChanges + summary() through the API.
    const { createApi } = await import("../npm/api.js");
    const { Scenario } = createApi({
      call: m.call, callJson: m.callJson, callJsonUniqueKeys: m.callJsonUniqueKeys, limits: m.limits,
      whatIfOpen: m.whatIfOpen, whatIfChange: m.whatIfChange, whatIfText: m.whatIfText, whatIfCall: m.whatIfCall,
      restarts: () => 0,
    });
    const base = new Scenario(doc);
    const change = {
      page: { "profile.profit.rate": doc.profile.profit.rate },
      "page-ledger": { "costs.ledger.entries[0].amount": doc.costs.ledger.entries[0].amount },
      "page-forecast": { "forecasts[0].volume": doc.forecasts[0].volume },
    }[op];
    for (let i = 0; i < 600; i++) base.withChanges(change).summary();
  } else {
    for (let i = 0; i < 600; i++) m.call(op, { document: doc });
  }
}
