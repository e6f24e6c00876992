// The golden vectors (tests/vectors/*.json at the repository root) through the npm package's
// `call`, with the same subset rule as core/tests/vectors.rs. Errors are matched on the
// thrown Error's code / field / value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call } from "datafee";
import { runCase, vectorFiles } from "./support.mjs";

const files = vectorFiles();

test("there are golden vectors to run", () => {
  assert.ok(files.reduce((n, f) => n + f.cases.length, 0) > 0);
});

for (const { file, cases } of files) {
  test(file, async (t) => {
    for (const c of cases) {
      await t.test(c.name ?? "?", () => {
        const failure = runCase(call, c);
        assert.equal(failure, null, `${file}: ${c.name}: ${failure}`);
      });
    }
  });
}
