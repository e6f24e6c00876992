// One calculator module (a nodejs-target build: DIR as for ab.mjs) run N times on one
// operation, for an instruction count under cachegrind: run it with two N and divide the
// difference of the counts by the difference of the N, so that Node's start, the module's
// compilation and the warm-up cancel out. A measurement, not a test.
//
//   valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/tmp/cg.N \
//     node wasm/bench/count.mjs DIR[@OP] N          (OP as for ab.mjs; default page)
//
// The operations are ab.mjs's: chain.figures, page (withChanges + summary on the page's
// scenario), page-ledger (the edit a ledger amount).
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { cityDocument } from "../../examples/web-calculator/build.mjs";

const require = createRequire(import.meta.url);
const [arg, n] = [process.argv[2], Number(process.argv[3] ?? 100)];
if (!arg) throw new Error("usage: node wasm/bench/count.mjs DIR[@OP] N");
const at = arg.lastIndexOf("@");
const [dir, op] = at >= 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, "page"];
const m = require(resolve(dir, "datafee_wasm.js"));
const doc = await cityDocument();
const { createApi } = await import("../npm/api.js");
const changes = {
  page: { "profile.profit.rate": doc.profile.profit.rate },
  "page-ledger": { "costs.ledger.entries[0].amount": doc.costs.ledger.entries[0].amount },
};
let run;
if (op in changes) {
  const { Scenario } = createApi({
    call: m.call, callJson: m.callJson, callJsonUniqueKeys: m.callJsonUniqueKeys, limits: m.limits,
    whatIfOpen: m.whatIfOpen, whatIfChange: m.whatIfChange, whatIfText: m.whatIfText, whatIfCall: m.whatIfCall,
    restarts: () => 0,
  });
  const base = new Scenario(doc);
  run = () => base.withChanges(changes[op]).summary();
} else {
  run = () => m.call(op, { document: doc });
}
let check = "";
for (let i = 0; i < n; i++) check = JSON.stringify(run()).length;
console.log(`${arg} ${n} runs, result ${check} characters`);
