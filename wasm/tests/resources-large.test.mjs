// Resource bounds (issue 15), the largest reproduction in a process of its own (node --test runs
// each file in one): a split of 2,000,000 parties builds 4,000,000 JavaScript objects beside the
// engine, which would otherwise count in every later test's peak RSS. Bounds as in
// resources.test.mjs (./bounded.mjs): 10 s of CPU, 2 GiB peak RSS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { split } from "datafee";
import { attempt } from "./bounded.mjs";

// -- item 5: sizes at the limits ---------------------------------------------------------------
test("item 5: a split of 2,000,000 parties at the party limit gives every share, adding up", () => {
  const n = 2_000_000;
  const weights = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, weight: String((i % 997) + 1) }));
  const out = attempt(() => split("123456789.01", weights));
  assert.ok(out.ok, JSON.stringify(out));
  assert.equal(out.ok.shares.length, n);
  // The shares add up to the amount exactly: summed in integer cents.
  const cents = out.ok.shares.reduce((t, s) => t + BigInt(s.share.replace(".", "")), 0n);
  assert.equal(cents, 12345678901n);
});

