// The package's calculator build (the module the fee calculator page loads): the chain,
// quotes, compliance and the fee list, and nothing else; every figure equal to the full build's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as full from "datafee";
import init, * as calc from "datafee/calculator";
import { assertTrapRestarts, runCase, vectorFiles } from "./support.mjs";

const pkgDir = dirname(createRequire(import.meta.url).resolve("datafee/package.json"));
const calcBytes = readFileSync(join(pkgDir, "calculator", "datafee_wasm_bg.wasm"));
const fullBytes = readFileSync(join(pkgDir, "web", "datafee_wasm_bg.wasm"));
const CALCULATOR_AREAS = ["chain", "schedule", "money"];
// Operations of those areas the page does not call, left out of the calculator build for size.
const FULL_ONLY = ["chain.sweep", "chain.tariff"];

function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("expected a throw");
}

test("the calculator build carries the calculator's operations only, and is smaller", async () => {
  await init({ module_or_path: calcBytes });
  const ops = calc.operations();
  for (const op of ops) assert.ok(full.operations().includes(op), op);
  for (const op of full.operations()) {
    const area = op.split(".")[0];
    assert.equal(ops.includes(op), (CALCULATOR_AREAS.includes(area) && !FULL_ONLY.includes(op)) || op === "disclosure.fee_list" || op === "disclosure.publication", op);
  }
  assert.ok(ops.includes("chain.figures") && ops.includes("chain.quote") && ops.includes("schedule.compliance"));
  const e = thrown(() => calc.call("sharing.split", { amount: "1", parties: [] }));
  assert.deepEqual([calc.errorInfo(e).code, e.field, e.value], ["unknown_operation", "op", "sharing.split"]);
  assert.ok(calcBytes.length < fullBytes.length * 0.75, `${calcBytes.length} vs ${fullBytes.length}`);
});

test("the calculator build runs every golden vector of its operations as the full build does", async () => {
  await init({ module_or_path: calcBytes });
  const ops = new Set(calc.operations());
  let n = 0;
  for (const { file, cases } of vectorFiles()) {
    for (const c of cases.filter((c) => ops.has(c.op) && !(c.op === "disclosure.fee_list" && c.input?.format && c.input.format !== "json"))) {
      assert.equal(runCase(calc.call, c), null, `${file}: ${c.name}`);
      n++;
    }
  }
  assert.ok(n > 20, `${n} vectors`);
});

test("chain.figures is chain.run without papers, and the fee list is the full build's JSON", async () => {
  await init({ module_or_path: calcBytes });
  const doc = vectorFiles().find((f) => f.file === "chain.json").cases.find((c) => c.op === "chain.run" && c.expected).input.document;
  const run = full.call("chain.run", { document: doc });
  const figures = calc.call("chain.figures", { document: doc });
  assert.deepEqual(new calc.Scenario(doc).figures(), figures);
  assert.deepEqual(full.call("chain.figures", { document: doc }), figures);
  const strip = (v) =>
    Array.isArray(v) ? v.map(strip) : v && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== "explanation" && k !== "explanations" && k !== "profile_paper").map(([k, x]) => [k, strip(x)]))
      : v;
  const { costs, ...rest } = run;
  assert.ok(Array.isArray(costs));
  assert.deepEqual(figures, strip(rest));
  assert.ok(JSON.stringify(figures).length * 4 < JSON.stringify(run).length);
  assert.deepEqual(calc.call("disclosure.fee_list", { document: doc }), full.call("disclosure.fee_list", { document: doc }));
  const e = thrown(() => calc.call("disclosure.fee_list", { document: doc, format: "html" }));
  assert.deepEqual([e.code, e.field], ["invalid", "format"]);
});

test("a trap in the calculator build restarts its module: code internal, and the next call is answered", async () => {
  await init({ module_or_path: calcBytes });
  assertTrapRestarts(calc);
  const doc = vectorFiles().find((f) => f.file === "chain.json").cases.find((c) => c.op === "chain.run" && c.expected).input.document;
  assert.deepEqual(calc.call("chain.figures", { document: doc }), full.call("chain.figures", { document: doc }));
  assert.deepEqual(calc.call("money.round", { value: "2.345" }), { result: "2.35" });
});
