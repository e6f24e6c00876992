// The fuzz campaign's corpus replayed through the Node build (issue 15: "no panic is reachable
// from either binding on the fuzz corpus"); the twin of py/tests/test_fuzz_corpus.py.
// The api_call target's inputs are what a binding receives (an operation name, a newline, a JSON
// text): each goes to callJson as is. The scenario_doc target's inputs are scenario documents:
// each goes to chain.figures and chain.validate as the `document` member. Every answer is a
// result or a DatafeeError whose code is not `internal` (never a WebAssembly trap), and the module
// keeps answering. The corpora are the committed, minimised ones (fuzz/campaign/<target>.tar.gz).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { call, callJson, isDatafeeError } from "datafee";

/** The regular files of fuzz/campaign/<target>.tar.gz (ustar), sorted by name: [name, bytes]. */
function corpus(target) {
  const tar = gunzipSync(readFileSync(new URL(`../../fuzz/campaign/${target}.tar.gz`, import.meta.url)));
  const files = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from, len) => header.subarray(from, from + len).toString("latin1").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    if (type === "0" || type === "") files.push([field(345, 155) + field(0, 100), tar.subarray(at + 512, at + 512 + size)]);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The text of a corpus input, or null when it is not UTF-8 (the harness skips those too). */
function text(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** "ok" or the error's code; fails on anything but a DatafeeError, and on `internal`. */
function answered(op, json) {
  try {
    callJson(op, json);
    return "ok";
  } catch (e) {
    assert.ok(isDatafeeError(e), `not a DatafeeError on ${op}: ${e && e.stack}\ninput: ${json.slice(0, 500)}`);
    assert.notEqual(e.code, "internal", `internal error (a panic) on ${op}: ${e.message}\ninput: ${json.slice(0, 500)}`);
    return e.code;
  }
}

function tally(outcomes, code) {
  outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
}

test("the api_call corpus through callJson: results or typed errors, never a trap", () => {
  const outcomes = new Map();
  let n = 0;
  for (const [, bytes] of corpus("api_call")) {
    const t = text(bytes);
    if (t === null) continue;
    const nl = t.indexOf("\n");
    tally(outcomes, nl < 0 ? answered(t, "null") : answered(t.slice(0, nl), t.slice(nl + 1)));
    n += 1;
  }
  assert.ok(n > 1000, `only ${n} inputs`);
  assert.ok((outcomes.get("ok") ?? 0) > 100 && outcomes.size > 5, JSON.stringify([...outcomes]));
  assert.equal(call("money.round", { value: "2.345" }).result, "2.35");
});

test("the scenario_doc corpus through chain.figures and chain.validate", () => {
  const outcomes = new Map();
  for (const [, bytes] of corpus("scenario_doc")) {
    const t = text(bytes);
    if (t === null) continue;
    for (const op of ["chain.figures", "chain.validate"]) tally(outcomes, answered(op, `{"document": ${t}}`));
  }
  assert.ok((outcomes.get("ok") ?? 0) > 100, JSON.stringify([...outcomes]));
  assert.equal(call("money.round", { value: "2.345" }).result, "2.35");
});
