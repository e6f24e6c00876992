// chain.figures (or another chain operation) on a scenario file through the Node build's
// `callJson` (issue 15 item 5): node benches/chain_scale_node.mjs PACKAGE_INDEX FILE [OP]
// e.g. `python3 benches/gen_scale.py 20000 > s.json`, then
// `node benches/chain_scale_node.mjs wasm/pkg/node/index.cjs s.json chain.figures`.
// Prints the call's CPU and wall time, the result's length (or the typed refusal) and the RSS.
import { createRequire } from "module";
import fs from "fs";
import path from "path";

const [pkg, file, op = "chain.figures"] = process.argv.slice(2);
const datafee = createRequire(import.meta.url)(path.resolve(pkg));
const text = `{"document": ${fs.readFileSync(file, "utf8")}}`;
const c0 = process.cpuUsage();
const t0 = performance.now();
let what;
try {
  what = `ok, ${datafee.callJson(op, text).length} characters`;
} catch (e) {
  what = `${e.code} ${e.field} ${String(e.value).slice(0, 60)}`;
}
const c = process.cpuUsage(c0);
const rss = process.memoryUsage().rss / 1e9;
console.log(`${op}: ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${((performance.now() - t0) / 1e3).toFixed(2)} s wall, RSS ${rss.toFixed(2)} GB -> ${what}`);
