// The JavaScript boundary (issue 15 items 5 and 6): arguments of the wrong type are
// DatafeeErrors with a code, never a trap of the module; the wrappers refuse an input above
// the engine's size limit before converting it; a trap restarts the module, which keeps
// answering.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as datafee from "datafee";

const { call, callJson, isDatafeeError, limits, rate, split, airport, restarts } = datafee;

/** The DatafeeError `fn` throws (fails on anything else). */
function refusal(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(isDatafeeError(e), `not a DatafeeError: ${e?.constructor?.name}: ${e?.message ?? e}`);
    return e;
  }
  assert.fail("expected a DatafeeError");
}

const alive = () => assert.deepEqual(call("money.round", { value: "2.345" }), { result: "2.35" });

test("an operation name that is not a string is unknown_operation on op, never a trap", () => {
  for (const op of [123, null, undefined, {}, [], true, 1.5, Symbol("x"), 10n, () => 1, new String("money.round")]) {
    for (const fn of [() => call(op, { value: "1" }), () => callJson(op, '{"value":"1"}')]) {
      const e = refusal(fn);
      assert.equal(e.code, "unknown_operation");
      assert.equal(e.field, "op");
    }
  }
  assert.equal(refusal(() => call(123, {})).value, "number 123");
  assert.equal(refusal(() => call(null, {})).value, "null");
  alive();
});

test("callJson with an input that is not a string is parse, never a trap", () => {
  for (const input of [{ value: "1" }, [], 123, null, undefined, true, 10n, Symbol("s")]) {
    const e = refusal(() => callJson("money.round", input));
    assert.equal(e.code, "parse", e.message);
    assert.equal(e.field, "");
    assert.match(e.message, /JSON text/);
  }
  assert.equal(callJson("money.round", '{"value":"2.345"}'), '{"result":"2.35"}');
  alive();
});

test("limits() states the engine's size limits", () => {
  const l = limits();
  for (const k of ["document.bytes", "rating.rate.records", "sharing.split.parties", "sharing.airport.costs"]) {
    assert.ok(Number.isSafeInteger(l[k]) && l[k] > 0, `${k}: ${l[k]}`);
  }
});

test("rate() with 10^7 records is limit_exceeded at once, before converting", () => {
  const max = limits()["rating.rate.records"];
  const records = new Array(10_000_000).fill({ id: "r", customer: "c", product: "p", scenario: "s", quantity: "1", time: "2026-01-01" });
  const t0 = performance.now();
  const e = refusal(() => rate({}, records));
  assert.equal(e.code, "limit_exceeded");
  assert.equal(e.field, "records");
  assert.equal(e.value, "10000000");
  assert.ok(e.message.includes(String(max)), e.message);
  // Refused before any conversion: far below the minutes the conversion would take.
  assert.ok(performance.now() - t0 < 2000, `${performance.now() - t0} ms`);
  // max_records lowers the limit, as in the engine; above the engine's limit it is refused.
  assert.equal(refusal(() => rate({}, records.slice(0, 3), { maxRecords: 2 })).code, "limit_exceeded");
  const over = refusal(() => rate({}, records.slice(0, 3), { maxRecords: max + 1 }));
  assert.deepEqual([over.code, over.field], ["out_of_range", "max_records"]);
  alive();
});

test("split() and airport() refuse more parties than the engine takes before converting", () => {
  const max = limits()["sharing.split.parties"];
  const weights = new Array(max + 1).fill({ id: "a", weight: "1" });
  const e = refusal(() => split("100.00", weights));
  assert.deepEqual([e.code, e.field, e.value], ["limit_exceeded", "parties", String(max + 1)]);
  const many = {};
  for (let i = 0; i <= limits()["sharing.airport.costs"]; i++) many[`p${i}`] = "1";
  assert.deepEqual([refusal(() => airport(many)).code, refusal(() => airport(many)).field], ["limit_exceeded", "costs"]);
  // Within the limit the engine decides, as before.
  assert.deepEqual(split("100.00", { a: "1", b: "3" }).shares.map((s) => s.share), ["25.00", "75.00"]);
});

test("a document longer than the largest JavaScript string is limit_exceeded, not parse", () => {
  // JSON.stringify of this array would exceed V8's string length limit (about 2^29 characters).
  const big = "x".repeat(1 << 24);
  const input = { value: new Array(40).fill(big) };
  const e = refusal(() => call("money.round", input));
  assert.deepEqual([e.code, e.field], ["limit_exceeded", "document"]);
  alive();
});

test("a trap restarts the module: code internal, and the next call is answered", () => {
  const before = restarts();
  const e = refusal(() => datafee.__selftestTrap());
  assert.equal(e.code, "internal");
  assert.ok(e.cause instanceof WebAssembly.RuntimeError, String(e.cause));
  assert.equal(restarts(), before + 1);
  alive();
  assert.deepEqual(datafee.operations(), datafee.operations());
  // Errors of the fresh instance are DatafeeErrors as before.
  assert.equal(refusal(() => call("money.round", { value: 1.5 })).code, "decimal_not_string");
});
