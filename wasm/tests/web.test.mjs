// The package's web build (ES module, explicit init), loaded in Node from the installed
// package: it computes exactly what the node build computes, on every golden vector.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as nodeBuild from "datafee";
import init, * as web from "datafee/web";
import { assertTrapRestarts, runCase, vectorFiles } from "./support.mjs";

const pkgDir = dirname(createRequire(import.meta.url).resolve("datafee/package.json"));
const wasmBytes = readFileSync(join(pkgDir, "web", "datafee_wasm_bg.wasm"));

test("the web build initialises from bytes and runs every golden vector", async () => {
  await init({ module_or_path: wasmBytes });
  assert.deepEqual(web.call("money.round", { value: "2.345" }), { result: "2.35" });
  assert.deepEqual(web.operations(), nodeBuild.operations());
  assert.equal(web.version(), nodeBuild.version());
  let n = 0;
  for (const { file, cases } of vectorFiles()) {
    for (const c of cases) {
      assert.equal(runCase(web.call, c), null, `${file}: ${c.name}`);
      n++;
    }
  }
  assert.ok(n > 0);
  const e = (() => {
    try {
      web.call("money.round", { value: 1.5 });
    } catch (err) {
      return err;
    }
  })();
  assert.ok(e instanceof Error && web.isDatafeeError(e));
  assert.deepEqual(web.errorInfo(e), nodeBuild.errorInfo((() => {
    try {
      nodeBuild.call("money.round", { value: 1.5 });
    } catch (err) {
      return err;
    }
  })()));
});

test("the web entry's JavaScript API runs on the web build and equals the node build's", async () => {
  await init({ module_or_path: wasmBytes });
  const doc = vectorFiles().find((f) => f.file === "chain.json").cases.find((c) => c.op === "chain.run" && c.expected).input.document;
  const s = new web.Scenario(doc);
  assert.deepEqual(s.run(), web.call("chain.run", { document: doc }));
  assert.deepEqual(s.run(), new nodeBuild.Scenario(doc).run());
  assert.deepEqual(web.split("100.00", { a: "1", b: "2" }), nodeBuild.split("100.00", { a: "1", b: "2" }));
  const e = (() => {
    try {
      web.split(100, { a: "1" });
    } catch (err) {
      return err;
    }
  })();
  assert.ok(web.isDatafeeError(e));
  assert.deepEqual(web.errorInfo(e)?.code, "decimal_not_string");
  assert.notEqual(web.Scenario, nodeBuild.Scenario);
});

test("the web and node builds ship the same optimised module", () => {
  const nodeBytes = readFileSync(join(pkgDir, "node", "datafee_wasm_bg.wasm"));
  assert.ok(wasmBytes.length > 1000);
  assert.ok(WebAssembly.validate(wasmBytes) && WebAssembly.validate(nodeBytes));
  assert.equal(nodeBytes.length, wasmBytes.length);
});

test("a trap in the web build restarts its module: code internal, and the next call is answered", async () => {
  await init({ module_or_path: wasmBytes });
  assertTrapRestarts(web);
  assert.deepEqual(web.call("money.round", { value: "2.345" }), { result: "2.35" });
  assert.deepEqual(web.split("100.00", { a: "1", b: "3" }).shares.map((s) => s.share), ["25.00", "75.00"]);
  let refused;
  try {
    web.call(123, {});
  } catch (err) {
    refused = err;
  }
  assert.equal(web.errorInfo(refused)?.code, "unknown_operation");
});
