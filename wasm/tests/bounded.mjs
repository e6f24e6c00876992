// The resource bounds of issue 15 in Node, shared by resources.test.mjs and
// resources-large.test.mjs: a reproduction is a result or a DatafeeError (never a trap or an
// internal error) within 10 s of CPU, the process's peak RSS within 2 GiB, and the module
// answers afterwards.
import assert from "node:assert/strict";
import { call, isDatafeeError } from "datafee";

/** CPU seconds one reproduction may take (the "say 10 s"; py/tests/test_resources.py's bound). */
const CPU_SECONDS = 10;
/** Peak resident memory the process may reach (the "2 GB"): `maxRSS` is the peak of the whole test file. */
const MAX_RSS_BYTES = 2 * 1024 ** 3;

/**
 * The outcome of `f`: {ok: result} or {code, field, value}; a non-DatafeeError fails the test, and
 * so does a call over the bound: more than CPU_SECONDS of CPU (user + system, so a loaded machine
 * does not fail it), or the process's peak RSS above MAX_RSS_BYTES.
 */
export function attempt(f) {
  let out;
  const cpu = process.cpuUsage();
  try {
    out = { ok: f() };
  } catch (e) {
    assert.ok(isDatafeeError(e), `not a DatafeeError: ${e && e.stack}`);
    assert.notEqual(e.code, "internal", e.message);
    out = { code: e.code, field: e.field, value: e.value };
  }
  const used = process.cpuUsage(cpu);
  const seconds = (used.user + used.system) / 1e6;
  assert.ok(seconds <= CPU_SECONDS, `${seconds.toFixed(1)} s of CPU, over the bound of ${CPU_SECONDS} s`);
  const peak = process.resourceUsage().maxRSS * 1024;
  assert.ok(peak <= MAX_RSS_BYTES, `peak RSS ${(peak / 2 ** 30).toFixed(2)} GiB, over the bound of 2 GiB`);
  assert.equal(call("money.round", { value: "2.345" }).result, "2.35", "the module answers afterwards");
  return out;
}

