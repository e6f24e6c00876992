// The package's public build (`datafee/public`: the module the fee calculator page loads first):
// quotes from published fee data, compliance and rounding, and nothing of the chain; its quotes
// equal the full build's `chain.quote` on the scenario the data was written from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as full from "datafee";
import init, * as pub from "datafee/public";
import { cityDocument } from "../../examples/web-calculator/build.mjs";
import { assertTrapRestarts, runCase, vectorFiles } from "./support.mjs";

const pkgDir = dirname(createRequire(import.meta.url).resolve("datafee/package.json"));
const pubBytes = readFileSync(join(pkgDir, "public", "datafee_wasm_bg.wasm"));
const calcBytes = readFileSync(join(pkgDir, "calculator", "datafee_wasm_bg.wasm"));
const PUBLIC_OPS = ["money.round", "publication.quote", "publication.validate", "schedule.charge", "schedule.compliance", "schedule.validate"];
const doc = await cityDocument();
const header = { basis: "X发改价格〔2026〕1号" };

function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("expected a throw");
}

test("the public build carries the published data's operations only, and is smaller than the calculator's", async () => {
  await init({ module_or_path: pubBytes });
  assert.deepEqual(pub.operations(), PUBLIC_OPS);
  for (const op of PUBLIC_OPS) assert.ok(full.operations().includes(op), op);
  for (const op of ["chain.run", "chain.quote", "chain.summary", "disclosure.publication", "disclosure.fee_list"]) {
    const e = thrown(() => pub.call(op, { document: doc }));
    assert.deepEqual([pub.errorInfo(e).code, e.field, e.value], ["unknown_operation", "op", op]);
  }
  assert.equal(pub.version(), full.version());
  assert.ok(pubBytes.length < calcBytes.length * 0.7, `${pubBytes.length} vs ${calcBytes.length}`);
});

test("the public build runs every golden vector of its operations as the full build does", async () => {
  await init({ module_or_path: pubBytes });
  let n = 0;
  for (const { file, cases } of vectorFiles()) {
    for (const c of cases.filter((c) => PUBLIC_OPS.includes(c.op))) {
      assert.equal(runCase(pub.call, c), null, `${file}: ${c.name}`);
      n++;
    }
  }
  assert.ok(n > 10, `${n} vectors`);
});

test("its quotes equal the full build's chain.quote for every offered pair of the city", async () => {
  await init({ module_or_path: pubBytes });
  const exported = full.Scenario.fromJSON(JSON.stringify(doc)).publish(header);
  const text = JSON.stringify(exported.toObject());
  assert.deepEqual(full.call("disclosure.publication", { document: doc, publication: header }), JSON.parse(text));
  const p = pub.PublishedFees.fromJSON(text);
  assert.deepEqual(p.validate(), { valid: true });
  assert.equal(p.name, doc.name);
  assert.equal(p.firstYear, doc.first_year);
  const scenario = full.Scenario.fromJSON(JSON.stringify(doc));
  let n = 0;
  for (const product of doc.catalog.products) {
    for (const sid of product.scenarios) {
      for (const [quantity, date] of [["1", undefined], ["1000", "2027-07-01"], ["100001", "2028-12-31"], ["2500", "2028-01-01"], ["0.5", "2025-06-01"]]) {
        let want;
        try {
          want = scenario.quote(product.id, sid, quantity, date);
        } catch (e) {
          const got = thrown(() => p.quote(product.id, sid, quantity, date));
          assert.deepEqual([got.code, got.field, got.value], [e.code, e.field, e.value], `${product.id}/${sid} ${quantity} ${date}`);
          continue;
        }
        assert.deepEqual(p.quote(product.id, sid, quantity, date), want, `${product.id}/${sid} ${quantity} ${date}`);
        assert.deepEqual(pub.call("publication.quote", { publication: JSON.parse(text), product: product.id, scenario: sid, quantity, date }), want);
        n++;
      }
    }
  }
  assert.ok(n >= 100, `${n} quotes`);
  // Hand-worked: p07, whole packages of 1000 at 650.00: 1500 calls bill 2 packages.
  assert.equal(p.quote("p07", "finance", "1500").charge, "1300.00");
  // Compliance in the public build is the full build's.
  const cap = exported.toObject().caps[0].lines.find((l) => l.product === "p01" && l.scenario === "finance").cap_quoted;
  const fee = doc.fees.find((f) => f.product === "p01");
  assert.deepEqual(pub.checkCompliance(fee.schedule, cap, "1"), full.checkCompliance(fee.schedule, cap, "1"));
});

test("bad published data is a DatafeeError naming the field, and the module keeps working", async () => {
  await init({ module_or_path: pubBytes });
  const good = full.call("disclosure.publication", { document: doc });
  const bad = structuredClone(good);
  bad.caps[0].lines[0].cap_quoted = 1.25;
  let e = thrown(() => pub.PublishedFees.fromJSON(JSON.stringify(bad)).validate());
  assert.deepEqual([e.code, e.field], ["decimal_not_string", "publication.caps[0].lines[0].cap_quoted"]);
  const missing = structuredClone(good);
  missing.caps[1].lines.pop();
  e = thrown(() => new pub.PublishedFees(missing).quote("p01", "finance", "1"));
  assert.deepEqual([e.code, e.field], ["missing", "publication.caps[1].lines"]);
  e = thrown(() => pub.PublishedFees.fromJSON("[1]"));
  assert.deepEqual([e.code, e.field], ["parse", "publication"]);
  assert.equal(new pub.PublishedFees(good).quote("p07", "finance", "1500").charge, "1300.00");
});

test("a trap in the public build restarts its module: code internal, and the next quote is answered", async () => {
  await init({ module_or_path: pubBytes });
  assertTrapRestarts(pub);
  const good = full.call("disclosure.publication", { document: doc });
  assert.equal(new pub.PublishedFees(good).quote("p07", "finance", "1500").charge, "1300.00");
  assert.deepEqual(pub.call("money.round", { value: "2.345" }), { result: "2.35" });
});
