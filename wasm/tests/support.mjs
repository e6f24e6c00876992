// Shared by the node tests: the golden-vector files, and (from rule.mjs) the matching rule of
// core/tests/vectors.rs.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository's tests/vectors directory. */
export const VECTOR_DIR = fileURLToPath(new URL("../../tests/vectors/", import.meta.url));

/** Every vector file, sorted by name: [{ file, cases }]. */
export function vectorFiles() {
  return readdirSync(VECTOR_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const doc = JSON.parse(readFileSync(VECTOR_DIR + file, "utf8"));
      if (!Array.isArray(doc.cases)) throw new Error(`${file}: no cases`);
      return { file, cases: doc.cases };
    });
}

/**
 * Trip the self-test trap of `build` (a package build's entry points: `__selftestTrap`,
 * `restarts`, `isDatafeeError`) and check it reaches the caller as a DatafeeError with code
 * `internal` whose cause is the trap, and restarts the module once. A module built with
 * immediate-abort panics (scripts/test-wasm.sh's page builds) traps with no message at all; the
 * caller then checks that the next call is answered.
 */
export function assertTrapRestarts(build) {
  const before = build.restarts();
  let e;
  try {
    build.__selftestTrap();
  } catch (err) {
    e = err;
  }
  assert.ok(build.isDatafeeError(e), String(e));
  assert.deepEqual([e.code, e.value], ["internal", "__selftestTrap"]);
  assert.ok(e.cause instanceof WebAssembly.RuntimeError, String(e.cause));
  assert.equal(build.restarts(), before + 1);
}

export { jsonEqual, runCase, subset } from "./rule.mjs";
