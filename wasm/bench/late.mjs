// How long `rating.late` takes through the installed npm package (node build): the on-time
// invoicing of N records (no state), then a late batch of 1,000 records against the state it
// returned, on the tariff of tests/vectors/rating_late.json (graduated, flat, free uses).
// 1,000 customers, text ids. A measurement, not a test: it prints the figures.
//
//   node wasm/bench/late.mjs [N...]      (default 10000 100000; median of 5 runs each)
import { readFileSync } from "node:fs";
import { rateLate } from "datafee";

const tariff = JSON.parse(readFileSync(new URL("../../tests/vectors/rating_late.json", import.meta.url), "utf8")).cases[0].input.tariff;
const products = ["credit", "geo", "map"];

function records(from, n) {
  let x = 0x2545f491 ^ from;
  const out = [];
  for (let id = from; id < from + n; id++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    const day = String(1 + (x % 31)).padStart(2, "0");
    out.push({ id: `r${id}`, customer: `c${(x >>> 8) % 1000}`, product: products[(x >>> 4) % 3], scenario: "fin", quantity: String(1 + (x % 5)), time: `2025-01-${day}` });
  }
  return out;
}

function median(fn, runs = 5) {
  const t = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return [t[Math.floor(runs / 2)], out];
}

const late = records(10_000_000, 1000);
for (const n of (process.argv.length > 2 ? process.argv.slice(2) : ["10000", "100000"]).map(Number)) {
  const onTime = records(0, n);
  const [t0, first] = median(() => rateLate(tariff, onTime, null, { explain: false }));
  const [t1, second] = median(() => rateLate(tariff, late, first.state, { explain: false }));
  console.log(
    `state ${n} records (${first.state.aggregates.length} aggregates): on-time ${t0.toFixed(1)} ms; ` +
      `late batch of 1000 against it ${t1.toFixed(1)} ms (${second.adjustments.length} invoices adjusted, ${second.totals.delta_lines} delta lines)`,
  );
}
