// Hostile and random inputs to every operation: each call returns a result or throws a
// DatafeeError with a bad-input code, never a WebAssembly trap ("RuntimeError: unreachable"
// after a Rust panic), an "internal" error (a panic the binding caught), a stack overflow, or
// anything else. Deterministic (seeded), bounded in count and size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, callJson, isDatafeeError, operations } from "datafee";
import { vectorFiles } from "./support.mjs";

/** A small seeded generator (mulberry32), so a failure reproduces. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD_STRINGS = ["", "0", "-0", "1", "-1", "0.5", "1e3", "1,5", " 1", "NaN", "Infinity", "-", ".", "1.",
  "99999999999999999999999999999999", "0.00000000000000000000000000001", "79228162514264337593543950335",
  "-79228162514264337593543950335", "7922816251426433759354395033.5", "half_up", "floor", "x".repeat(10_000), "公共数据", "\u0000"];
const WEIRD_NUMBERS = [0, -0, 1, -1, 0.1, 1.5, 2 ** 53, -(2 ** 63), 1e308, 5e-324, NaN, Infinity, -Infinity];

/** A random JSON-ish value of bounded depth. */
function randomValue(r, depth = 0) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const k = r();
  if (depth > 4 || k < 0.35) return pick(WEIRD_STRINGS);
  if (k < 0.5) return pick(WEIRD_NUMBERS);
  if (k < 0.55) return pick([null, true, false, undefined]);
  if (k < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const keys = ["value", "rounding", "unit", "mode", "id", "tiers", "from", "to", "price", "parties", "weights", "items"];
  const o = {};
  for (let i = Math.floor(r() * 5); i > 0; i--) o[pick(keys)] = randomValue(r, depth + 1);
  return o;
}

/** Replace one random leaf (or drop one key) of a copy of `doc`. */
function mutate(r, doc) {
  const copy = structuredClone(doc);
  const paths = [];
  (function walk(v, path) {
    if (v !== null && typeof v === "object") {
      for (const k of Object.keys(v)) {
        paths.push([...path, k]);
        walk(v[k], [...path, k]);
      }
    }
  })(copy, []);
  if (paths.length === 0) return randomValue(r);
  const path = paths[Math.floor(r() * paths.length)];
  const parent = path.slice(0, -1).reduce((v, k) => v[k], copy);
  const key = path[path.length - 1];
  if (r() < 0.2 && !Array.isArray(parent)) delete parent[key];
  else parent[key] = randomValue(r, 3);
  return copy;
}

/** Run op on input; returns null when it returned or threw a DatafeeError with a bad-input
 * code, else a message. Code "internal" is a failure: a caught panic (the module restarted) or
 * a bug, never an answer to bad input. */
function outcome(op, input) {
  try {
    call(op, input);
    return null;
  } catch (e) {
    if (isDatafeeError(e) && e.code !== "internal") return null;
    if (isDatafeeError(e)) return `${op}: internal error (a panic or a bug): ${e.message} on input ${String(JSON.stringify(input)).slice(0, 300)}`;
    const kind = e instanceof WebAssembly.RuntimeError ? "WebAssembly trap" : e?.constructor?.name;
    return `${op}: ${kind}: ${e?.message ?? e} on input ${String(JSON.stringify(input)).slice(0, 300)}`;
  }
}

test("hostile inputs never trap", () => {
  const deep = (n) => {
    let v = "1";
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };
  const hostile = [undefined, null, 0, NaN, "", "x".repeat(1 << 20), [], {}, deep(127), deep(129), deep(5000),
    { value: deep(200) }, Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, String(i)])),
    Array.from({ length: 20000 }, (_, i) => String(i))];
  const failures = [];
  for (const op of [...operations(), "money.nope", "", ".", "money.", "a".repeat(1000)]) {
    for (const input of hostile) {
      const m = outcome(op, input);
      if (m) failures.push(m);
    }
  }
  for (const text of ["", "{", "[".repeat(100_000), '{"value":"1"}x', "\u0000", "nul", '"\\ud800"']) {
    try {
      callJson("money.round", text);
    } catch (e) {
      if (!isDatafeeError(e) || e.code === "internal") failures.push(`callJson ${text.slice(0, 20)}: ${e}`);
    }
  }
  assert.deepEqual(failures, []);
});

test("random documents and mutated golden-vector inputs never trap", () => {
  const r = rng(20240601);
  const seeds = vectorFiles().flatMap(({ cases }) => cases.map((c) => [c.op, c.input]));
  const ops = operations();
  const failures = [];
  let runs = 0;
  for (let i = 0; i < 1500 && failures.length < 5; i++) {
    const op = ops[i % ops.length];
    const m = outcome(op, randomValue(r));
    runs++;
    if (m) failures.push(m);
  }
  // About 4000 mutated documents whatever the number of vectors (at least one round).
  const rounds = Math.max(1, Math.min(40, Math.floor(4000 / Math.max(1, seeds.length))));
  for (let round = 0; round < rounds && failures.length < 5; round++) {
    for (const [op, input] of seeds) {
      const m = outcome(op, mutate(r, input));
      runs++;
      if (m) failures.push(m);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} failures in ${runs} runs`);
  assert.ok(runs >= 1500);
});

test("the module still works after thousands of refused inputs (no leaked state)", () => {
  for (let i = 0; i < 5000; i++) {
    try {
      call("money.round", { value: i % 2 ? "bad" : i });
    } catch (e) {
      assert.ok(isDatafeeError(e));
    }
  }
  assert.deepEqual(call("money.round", { value: "2.345" }), { result: "2.35" });
});
