// Two (or more) calculator modules timed back to back in one process: `chain.figures` on the
// example city, as the regulator tab calls it, so that a before/after pair is measured under the
// same load (on a shared machine only such ratios compare; absolute times do not).
// A measurement, not a test: it prints the figures and exits 0 unless it fails to run.
//
// Each DIR is a nodejs-target build of a calculator module, for example:
//   cargo build --profile wasm-calc --target wasm32-unknown-unknown -p datafee-wasm --no-default-features --features chain
//   wasm-bindgen --target nodejs --keep-debug --out-dir /tmp/after --out-name datafee_wasm \
//     target/wasm32-unknown-unknown/wasm-calc/datafee_wasm.wasm
//   (the same in a checkout of the "before" commit, into /tmp/before)
//   node wasm/bench/ab.mjs /tmp/before /tmp/after      (then again as /tmp/after /tmp/before)
//
// Each DIR may name the operation it is timed with as DIR@OP (default chain.figures), e.g.
//   node wasm/bench/ab.mjs /tmp/before@chain.figures /tmp/after@chain.summary
// for the page's recompute before and after it moved to the leaner chain.summary.
//
// Two pseudo-operations time the page's own path through the JavaScript API (wasm/npm/api.js of
// this tree, bound to the DIR's module; a module without the what-if exports takes its text path):
//   DIR@page          one what-if as the page makes it at each edit: `withChanges` on the page's
//                     scenario (one value: profile.profit.rate) and `summary()` on the copy
//   DIR@page-summary  `summary()` alone on a what-if copy made beforehand (the figure timed
//                     before feat/calc11, which left `withChanges` out)
//   DIR@page-ledger   as DIR@page, the edit a ledger entry's amount (costs.ledger.entries[0].amount:
//                     the cost accounts change, so nothing of them is kept from the last run)
//   DIR@page-forecast as DIR@page, the edit a forecast's volume (forecasts[0].volume)
//
// Checks first that every module returns the same figures (when the operations differ: the same
// page figures — stage, MPR years with their blocks, each cap line's quoted cap and free reason),
// then runs 3 rounds of 20 warm-up and 100 timed calls of each module in turn, and prints the
// median (p50) and minimum in ms.
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { cityDocument } from "../../examples/web-calculator/build.mjs";

const require = createRequire(import.meta.url);
const dirs = process.argv.slice(2);
if (dirs.length === 0) throw new Error("usage: node wasm/bench/ab.mjs DIR[@OP] [DIR[@OP]...] (nodejs-target builds)");
const ops = dirs.map((d) => (d.includes("@") ? d.slice(d.lastIndexOf("@") + 1) : "chain.figures"));
const mods = dirs.map((d) => require(resolve(d.includes("@") ? d.slice(0, d.lastIndexOf("@")) : d, "datafee_wasm.js")));
const doc = await cityDocument();
const runs = 100, rounds = 3, warmup = 20;
// What the page reads of the chain (chain.summary's fields), from either operation's result.
const pageFigures = (r) => ({
  stage: r.stage,
  years: r.mpr.years.map((y) => [y.year, y.permitted_cost, y.permitted_profit, y.taxes, y.clawback, y.mpr]),
  caps: r.caps.map((c) => [c.year, c.lines.map((l) => [l.product, l.scenario, l.cap_quoted ?? null, l.free_reason ?? null])]),
});
const sameOp = ops.every((o) => o === ops[0] && !o.startsWith("page"));
const view = (r) => JSON.stringify(sameOp ? r : pageFigures(r));
const { createApi } = await import("../npm/api.js");
const changes = {
  page: { "profile.profit.rate": doc.profile.profit.rate },
  "page-summary": { "profile.profit.rate": doc.profile.profit.rate },
  "page-ledger": { "costs.ledger.entries[0].amount": doc.costs.ledger.entries[0].amount },
  "page-forecast": { "forecasts[0].volume": doc.forecasts[0].volume },
};
// One function per DIR: the timed call, returning the result.
const runners = mods.map((m, k) => {
  const op = ops[k];
  if (!(op in changes)) return () => m.call(op, { document: doc });
  const change = changes[op];
  const { Scenario } = createApi({
    call: m.call, callJson: m.callJson, callJsonUniqueKeys: m.callJsonUniqueKeys, limits: m.limits,
    whatIfOpen: m.whatIfOpen, whatIfChange: m.whatIfChange, whatIfText: m.whatIfText, whatIfCall: m.whatIfCall,
    restarts: () => 0,
  });
  const base = new Scenario(doc);
  if (op !== "page-summary") return () => base.withChanges(change).summary();
  const copy = base.withChanges(change);
  return () => copy.summary();
});
const reference = view(runners[0]());
runners.forEach((run, k) => {
  if (view(run()) !== reference) throw new Error(`${dirs[k]}: figures differ from ${dirs[0]}`);
});
const times = dirs.map(() => []);
for (let r = 0; r < rounds; r++) {
  runners.forEach((run, k) => {
    for (let i = 0; i < warmup; i++) run();
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      run();
      times[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  });
}
times.forEach((t, k) => {
  t.sort((a, b) => a - b);
  console.log(`${dirs[k].padEnd(40)} p50 ${t[t.length >> 1].toFixed(3)} ms  min ${t[0].toFixed(3)} ms  (${t.length} calls)`);
});
