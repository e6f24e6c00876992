// How long one calculator recompute takes: `chain.summary` (what the page shows of the chain:
// the MPR blocks by year and the quoted caps, no working papers) on the example city through the
// installed npm package, as the regulator tab does at every keystroke — `Scenario.summary()` on
// a what-if copy made by `withChanges`, on the calculator build (the module the page loads,
// initialised from its bytes) — and, for comparison, `chain.figures` (the same chain, its whole
// result without papers) and the other ways in.
// A measurement, not a test: it prints the figures and always exits 0 unless it fails to run.
//
//   node wasm/bench/recompute.mjs [runs]      (default 100 runs after 20 warm-up runs)
//
// Prints mean, p50 (the median), p95 and min in milliseconds for:
//   withChanges + summary()   the recompute as app.js makes it at each edit: a what-if copy of the
//                             published scenario (kept in the module) and chain.summary on it
//   chain.summary  Scenario.summary() on one what-if copy   the summary alone (the figure timed
//                             before feat/calc11, which left withChanges out)
//   chain.summary  call(), calculator build / node build   plain object in, plain object out
//   chain.figures call()   the whole figures without papers (the recompute before chain.summary)
//   chain.figures, calculator build   the same on the module the page loads
//   chain.run  call()      plain object in, plain object out (what app.js does)
//   chain.run  JSON text   JSON.stringify → callJson → JSON.parse (the other way to call)
//   chain.validate         the document read and checked, no chain (the reading's share)
//   chain.quote            one quote (runs the chain too, small result)
//   chain.sweep, 1 point   the chain with a slim result (one year's MPR and caps, no working papers)
// The target for a recompute is 1 ms; the figures are reported as measured.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { call, callJson, version } from "datafee";
import initCalculator, * as calculator from "datafee/calculator";
import { cityDocument } from "../../examples/web-calculator/build.mjs";

const runs = Number(process.argv[2] ?? 100);
const warmup = 20;
const doc = await cityDocument();

function measure(name, fn) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const pick = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  return { name, mean, p50: pick(0.5), p95: pick(0.95), min: times[0] };
}

const docText = JSON.stringify({ document: doc });
const resultText = callJson("chain.run", docText);
const quote = { document: doc, product: "p14", scenario: "enterprise", quantity: "7777" };
const sweep = { document: doc, vary: [{ path: "profile.profit.rate", values: [doc.profile.profit.rate] }], year: doc.first_year };
const pkgDir = dirname(createRequire(import.meta.url).resolve("datafee/package.json"));
await initCalculator({ module_or_path: readFileSync(join(pkgDir, "calculator", "datafee_wasm_bg.wasm")) });
const figuresText = callJson("chain.figures", docText);
const summaryText = callJson("chain.summary", docText);
// The page's what-if copy: a Scenario made from an object (withChanges), on the calculator build.
const what = calculator.Scenario.fromJSON(JSON.stringify(doc)).withChanges({ "profile.profit.rate": doc.profile.profit.rate });
const base = calculator.Scenario.fromJSON(JSON.stringify(doc));
const change = { "profile.profit.rate": doc.profile.profit.rate };
const rows = [
  measure("withChanges + summary(), the page's recompute (calculator)", () => base.withChanges(change).summary()),
  measure("chain.summary  Scenario.summary() on a what-if copy (calculator)", () => what.summary()),
  measure("chain.summary  call(), calculator build", () => calculator.call("chain.summary", { document: doc })),
  measure("chain.summary  call() (node build)", () => call("chain.summary", { document: doc })),
  measure("chain.figures  call(), the recompute (node build)", () => call("chain.figures", { document: doc })),
  measure("chain.figures  call(), calculator build", () => calculator.call("chain.figures", { document: doc })),
  measure("chain.figures  callJson only (text in and out)", () => callJson("chain.figures", docText)),
  measure("chain.run  call(), as the page (objects in and out)", () => call("chain.run", { document: doc })),
  measure("chain.run  stringify + callJson + parse", () => JSON.parse(callJson("chain.run", JSON.stringify({ document: doc })))),
  measure("chain.run  callJson only (text in and out)", () => callJson("chain.run", docText)),
  measure("chain.validate  callJson (read + check, no chain)", () => callJson("chain.validate", docText)),
  measure("chain.quote  call()", () => call("chain.quote", quote)),
  measure("chain.sweep  1 point, call() (slim result)", () => call("chain.sweep", sweep)),
];

const f = (x) => x.toFixed(3).padStart(8);
console.log(`datafee ${version()} · node ${process.version} · ${runs} runs after ${warmup} warm-up · example city: ` +
  `${doc.catalog.products.length} products, ${doc.costs.ledger.entries.length} ledger entries, ` +
  `document ${docText.length} bytes of JSON, chain.run result ${resultText.length} bytes, chain.figures result ${figuresText.length} bytes, ` +
  `chain.summary result ${summaryText.length} bytes`);
console.log(`${"".padEnd(60)}  mean ms    p50 ms    p95 ms    min ms`);
for (const r of rows) console.log(`${r.name.padEnd(60)}${f(r.mean)}  ${f(r.p50)}  ${f(r.p95)}  ${f(r.min)}`);
const page = rows[0];
console.log(`recompute (as the page makes it: withChanges + Scenario.summary() on the calculator build): mean ${page.mean.toFixed(2)} ms, p50 ${page.p50.toFixed(2)} ms, p95 ${page.p95.toFixed(2)} ms; ` +
  `target 1 ms: ${page.p50 <= 1 ? "met" : "NOT met"}`);
