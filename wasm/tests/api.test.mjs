// The JavaScript API of the npm package (node build): results, errors, discovery.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { call, callJson, errorInfo, isDatafeeError, operations, version } from "datafee";

const pkg = createRequire(import.meta.url)("datafee/package.json");

/** Call and return the thrown value (fails when nothing is thrown). */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("expected a throw");
}

function assertDatafeeError(e, code, field, value) {
  assert.ok(e instanceof Error, `not an Error: ${e}`);
  assert.equal(e.name, "DatafeeError");
  assert.equal(e.code, code, e.message);
  if (field !== undefined) assert.equal(e.field, field, e.message);
  if (value !== undefined) assert.equal(e.value, value, e.message);
  assert.equal(typeof e.message, "string");
  assert.ok(e.message.length > 0);
  assert.equal(typeof e.stack, "string");
  assert.ok(isDatafeeError(e));
}

test("call returns plain objects whose decimals are strings", () => {
  const out = call("money.round", { value: "2.345" });
  assert.deepEqual(out, { result: "2.35" });
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.ok(!(out instanceof Map));
  assert.equal(typeof out.result, "string");
  assert.equal(JSON.stringify(out), '{"result":"2.35"}');
});

test("call honours a rounding rule and keeps trailing zeros", () => {
  assert.deepEqual(call("money.round", { value: "0.149", rounding: { unit: "0.05", mode: "floor" } }), { result: "0.10" });
  assert.deepEqual(call("money.round", { value: "-2.345" }), { result: "-2.35" });
  assert.deepEqual(call("money.round", { value: "1" }), { result: "1" });
});

test("a number where money is expected is refused with decimal_not_string", () => {
  assertDatafeeError(thrown(() => call("money.round", { value: 1.5 })), "decimal_not_string", "value", "1.5");
  assertDatafeeError(thrown(() => call("money.round", { value: 2 })), "decimal_not_string", "value", "2");
  const nested = thrown(() => call("money.round", { value: "1", rounding: { unit: 0.01 } }));
  assertDatafeeError(nested, "decimal_not_string", "rounding.unit", "0.01");
});

test("a malformed decimal names the field and the text", () => {
  assertDatafeeError(thrown(() => call("money.round", { value: "1,5" })), "malformed_decimal", "value", "1,5");
  assertDatafeeError(thrown(() => call("money.round", { value: "1e3" })), "malformed_decimal", "value", "1e3");
});

test("errors are real Error objects with code, field and value as own properties", () => {
  const e = thrown(() => call("money.round", { value: "1", rounding: { unit: "0" } }));
  assertDatafeeError(e, "out_of_range", "rounding.unit", "0");
  assert.ok(Object.hasOwn(e, "code") && Object.hasOwn(e, "field") && Object.hasOwn(e, "value"));
  assert.match(String(e), /^DatafeeError: /);
  assert.match(e.message, /rounding\.unit/);
});

test("an unknown operation is unknown_operation on the field op", () => {
  assertDatafeeError(thrown(() => call("money.nope", {})), "unknown_operation", "op", "money.nope");
  assertDatafeeError(thrown(() => call("", {})), "unknown_operation", "op", "");
  assertDatafeeError(thrown(() => callJson("nope", "{}")), "unknown_operation", "op", "nope");
});

test("an unknown field is refused (deny_unknown_fields)", () => {
  const e = thrown(() => call("money.round", { value: "1", valeu: "2" }));
  assert.ok(isDatafeeError(e));
  assert.match(e.message, /valeu/);
});

test("input is read as JSON.stringify writes it", () => {
  // undefined members vanish, toJSON is honoured, class instances are their own fields.
  assert.deepEqual(call("money.round", { value: "2.345", rounding: undefined }), { result: "2.35" });
  assert.deepEqual(call("money.round", { toJSON: () => ({ value: "0.005" }) }), { result: "0.01" });
  class Req {
    constructor() {
      this.value = "9.995";
    }
  }
  assert.deepEqual(call("money.round", new Req()), { result: "10.00" });
  assert.deepEqual(call("money.round", Object.freeze({ value: "1.234" })), { result: "1.23" });
  // A Map is {} (so the required field is missing); a BigInt or a cycle cannot be written.
  assert.ok(isDatafeeError(thrown(() => call("money.round", new Map([["value", "1"]])))));
  assertDatafeeError(thrown(() => call("money.round", { value: 1n })), "parse", "");
  const cyclic = { value: "1" };
  cyclic.self = cyclic;
  assertDatafeeError(thrown(() => call("money.round", cyclic)), "parse", "");
  // NaN and Infinity become null in JSON: refused, never computed.
  assert.ok(isDatafeeError(thrown(() => call("money.round", { value: NaN }))));
  assert.ok(isDatafeeError(thrown(() => call("money.round", { value: Infinity }))));
  for (const v of [undefined, null, 1, "x", [], true]) {
    assert.ok(isDatafeeError(thrown(() => call("money.round", v))), String(v));
  }
});

test("callJson is call on JSON text", () => {
  assert.equal(callJson("money.round", '{"value":"2.345"}'), '{"result":"2.35"}');
  assert.equal(callJson("money.round", '{"value":"2.345"}'), JSON.stringify(call("money.round", { value: "2.345" })));
  assertDatafeeError(thrown(() => callJson("money.round", '{"value": 1.5}')), "decimal_not_string", "value", "1.5");
  assertDatafeeError(thrown(() => callJson("money.round", "{")), "parse");
  assertDatafeeError(thrown(() => callJson("money.round", '{"value":"1"} trailing')), "parse");
  assertDatafeeError(thrown(() => callJson("money.round", "")), "parse");
});

test("errorInfo copies a DatafeeError into a plain, cloneable object", () => {
  const e = thrown(() => call("money.round", { value: "abc" }));
  const info = errorInfo(e);
  assert.deepEqual(info, { code: "malformed_decimal", field: "value", value: "abc", message: e.message });
  assert.equal(Object.getPrototypeOf(info), Object.prototype);
  assert.deepEqual(structuredClone(info), info);
  // A structured clone of the Error itself loses the properties: that is what errorInfo is for.
  assert.equal(structuredClone(e).code, undefined);
});

test("isDatafeeError and errorInfo refuse everything else", () => {
  const fake = { name: "DatafeeError", code: "parse", field: "", value: "", message: "m" };
  const other = new TypeError("x");
  const renamed = Object.assign(new Error("m"), { name: "DatafeeError" }); // no code/field/value
  for (const v of [undefined, null, 0, "DatafeeError", {}, fake, other, renamed, new Error("x")]) {
    assert.equal(isDatafeeError(v), false, String(v));
    assert.equal(errorInfo(v), undefined, String(v));
  }
});

test("operations lists sorted area.verb names, each one callable", () => {
  const ops = operations();
  assert.ok(Array.isArray(ops) && ops.includes("money.round"));
  assert.deepEqual([...ops].sort(), ops);
  for (const op of ops) {
    assert.match(op, /^[a-z_]+\.[a-z_.]+$/);
    // Every listed operation is routed: whatever it makes of a stray input, it is never
    // unknown_operation, and a refusal is a DatafeeError.
    try {
      call(op, { __not_a_field__: true });
    } catch (e) {
      assert.ok(isDatafeeError(e), `${op}: ${e}`);
      assert.notEqual(e.code, "unknown_operation", op);
    }
  }
});

test("version is the package version", () => {
  assert.equal(version(), pkg.version);
  assert.match(version(), /^\d+\.\d+\.\d+/);
});
