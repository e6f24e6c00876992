// The fee calculator page's pure helpers (examples/web-calculator/calc.js) and its city.json
// (examples/web-calculator/build.mjs), against the installed package's node build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scenario, call } from "datafee";
import { cityDocument } from "../../examples/web-calculator/build.mjs";
import {
  CATEGORY, CHARGING_FORM, checkQuantity, compareDecimal, feesInForceDuring, fractionalNumbers,
  groupDigits, pairs, whatIfChanges, withEdits,
} from "../../examples/web-calculator/calc.js";

const doc = await cityDocument();

test("the example city converts from TOML with every decimal a string, and runs", () => {
  assert.deepEqual(fractionalNumbers(doc), []);
  assert.equal(typeof doc.profile.profit.rate, "string");
  assert.equal(typeof doc.costs.ledger.entries[0].amount, "string");
  assert.equal(typeof doc.first_year, "number");
  const chain = call("chain.run", { document: doc });
  assert.equal(chain.caps.length, 3);
  // every category and charging form of the document has a bilingual label
  for (const s of doc.catalog.scenarios) assert.ok(CATEGORY[s.category], s.category);
  for (const p of doc.catalog.products) assert.ok(CHARGING_FORM[p.charging_form], p.charging_form);
  assert.equal(pairs(doc.catalog).length, chain.caps[0].lines.length);
});

test("fractionalNumbers finds a float where a decimal string belongs", () => {
  assert.deepEqual(fractionalNumbers({ a: [1, { b: 2.5 }], c: "2.5" }), ["a[1].b = 2.5"]);
});

test("quotes the page shows, checked by hand", () => {
  // p14: 5 % off graduated 4.60 to 5000, 4.20 after: 0.95 × (5000 × 4.60 + 2777 × 4.20) = 0.95 × 34663.40 = 32930.23
  const q = call("chain.quote", { document: doc, product: "p14", scenario: "enterprise", quantity: "7777" });
  assert.equal(q.charge, "32930.23");
  assert.equal(q.free, false);
  // p07: whole packages of 1000 at 650.00: 1500 calls bill 2 packages
  assert.equal(call("chain.quote", { document: doc, product: "p07", scenario: "finance", quantity: "1500" }).charge, "1300.00");
  const free = call("chain.quote", { document: doc, product: "p04", scenario: "governance", quantity: "10" });
  assert.equal(free.charge, "0.00");
  assert.match(free.reason, /公共治理/);
});

test("checkQuantity accepts decimal strings above zero only", () => {
  for (const ok of ["1", "1500", "2.5", " 7 ", "0.001", "00012"]) assert.equal(checkQuantity(ok).ok, true, ok);
  for (const bad of ["", " ", "0", "0.000", "-1", "+1", "1e3", "1,000", "1.", ".5", "abc", "1 000", "Infinity", "NaN"]) {
    const r = checkQuantity(bad);
    assert.equal(r.ok, false, bad);
    assert.ok(r.zh && r.en);
  }
  assert.equal(checkQuantity(" 7 ").value, "7");
});

test("groupDigits groups the integer part only, and leaves other text alone", () => {
  assert.equal(groupDigits("1860000.00"), "1,860,000.00");
  assert.equal(groupDigits("-1234567"), "-1,234,567");
  assert.equal(groupDigits("999"), "999");
  assert.equal(groupDigits("0.12345678"), "0.12345678");
  assert.equal(groupDigits("6701289.2828364222401289282836"), "6,701,289.2828364222401289282836");
  assert.equal(groupDigits("n/a"), "n/a");
});

test("compareDecimal compares digits, beyond what a float can tell apart", () => {
  const cases = [
    ["2.10", "2.1", 0], ["0", "-0.00", 0], ["1.776", "2.00", -1], ["10", "9.999", 1], ["-2", "-10", 1],
    ["-0.5", "0.1", -1], ["007.5", "7.50", 0],
    ["12345678901234567890.000000001", "12345678901234567890", 1], // equal as floats
    ["0.1000000000000000000000000001", "0.1", 1],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(compareDecimal(a, b), want, `${a} vs ${b}`);
    assert.equal(compareDecimal(b, a), want === 0 ? 0 : -want, `${b} vs ${a}`);
  }
  assert.throws(() => compareDecimal("1e3", "1"));
});

test("feesInForceDuring: the fee in force on 1 January and those starting later in the year", () => {
  const fees = [
    { product: "a", scenario: "s", effective: "2026-01-01" },
    { product: "a", scenario: "s", effective: "2027-01-01" },
    { product: "a", scenario: "s", effective: "2027-07-01" },
    { product: "a", scenario: "t", effective: "2025-01-01" },
  ];
  const eff = (y) => feesInForceDuring(fees, "a", "s", y).map((f) => f.effective);
  assert.deepEqual(eff(2025), []);
  assert.deepEqual(eff(2026), ["2026-01-01"]);
  assert.deepEqual(eff(2027), ["2027-01-01", "2027-07-01"]);
  assert.deepEqual(eff(2028), ["2027-07-01"]);
  assert.deepEqual(feesInForceDuring(fees, "a", "t", 2030).map((f) => f.effective), ["2025-01-01"]);
  // the example city: p01's 2026 fee is in force through 2027; the one of 1 January 2028 replaces it for 2028
  assert.deepEqual(feesInForceDuring(doc.fees, "p01", "finance", 2027).map((f) => f.schedule.price), ["0.95"]);
  assert.deepEqual(feesInForceDuring(doc.fees, "p01", "finance", 2028).map((f) => f.schedule.price), ["0.90"]);
});

test("withEdits changes a copy only, and the engine sees the edits", () => {
  const before = JSON.stringify(doc);
  const edited = withEdits(doc, {
    rate: "0.04",
    ledger: [{ index: 5, amount: "2860000.00" }],
    forecast: [{ index: 0, volume: "480000" }],
  });
  assert.equal(JSON.stringify(doc), before);
  assert.equal(edited.profile.profit.rate, "0.04");
  assert.equal(edited.profile.profit.method, doc.profile.profit.method);
  assert.equal(edited.costs.ledger.entries[5].amount, "2860000.00");
  assert.equal(edited.forecasts[0].volume, "480000");
  assert.throws(() => withEdits(doc, { ledger: [{ index: 9999, amount: "1" }] }), RangeError);
  const base = call("chain.run", { document: doc });
  const lower = call("chain.run", { document: withEdits(doc, { rate: "0.04" }) });
  // MPR 2026 falls by EA × 0.02 plus the income tax and surcharges on it
  assert.equal(compareDecimal(lower.mpr.years[0].mpr, base.mpr.years[0].mpr), -1);
  assert.throws(() => call("chain.run", { document: withEdits(doc, { rate: "0.2" }) }), (e) => e.code === "rate_above_bound");
});

test("the page's edits through Scenario.withChanges give the document withEdits makes by hand", () => {
  const edits = { rate: "0.04", ledger: [{ index: 5, amount: "2860000.00" }], forecast: [{ index: 0, volume: "480000" }, { index: 2, volume: "" }] };
  assert.deepEqual(whatIfChanges(edits), {
    "profile.profit.rate": "0.04",
    "costs.ledger.entries[5].amount": "2860000.00",
    "forecasts[0].volume": "480000",
    "forecasts[2].volume": "",
  });
  assert.deepEqual(whatIfChanges(), {});
  const published = new Scenario(doc);
  const plain = JSON.parse(JSON.stringify(doc));
  assert.deepEqual(published.withChanges(whatIfChanges(edits)).toObject(), withEdits(plain, edits));
  assert.deepEqual(published.withChanges(whatIfChanges({ rate: "0.04" })).run(), call("chain.run", { document: withEdits(doc, { rate: "0.04" }) }));
  assert.throws(() => published.withChanges(whatIfChanges({ ledger: [{ index: 9999, amount: "1" }] })), (e) => e.code === "invalid");
});

test("the page's recompute (Scenario.summary, chain.summary) is chain.run's figures cut to what the page reads", () => {
  const edited = new Scenario(doc).withChanges(whatIfChanges({ rate: "0.04", ledger: [{ index: 5, amount: "2860000.00" }] }));
  const s = edited.summary();
  const run = call("chain.run", { document: withEdits(doc, { rate: "0.04", ledger: [{ index: 5, amount: "2860000.00" }] }) });
  assert.deepEqual(Object.keys(s).sort(), ["caps", "mpr", "stage"]);
  assert.equal(s.stage, run.stage);
  assert.deepEqual(s.mpr.years, run.mpr.years.map((y) => ({
    clawback: y.clawback, mpr: y.mpr, permitted_cost: y.permitted_cost, permitted_profit: y.permitted_profit, taxes: y.taxes, year: y.year,
  })));
  assert.deepEqual(s.caps, run.caps.map((c) => ({
    lines: c.lines.map((l) => ({
      ...(l.cap_quoted === undefined ? {} : { cap_quoted: l.cap_quoted }),
      ...(l.free_reason === undefined ? {} : { free_reason: l.free_reason }),
      product: l.product, scenario: l.scenario,
    })),
    year: c.year,
  })));
  assert.ok(JSON.stringify(s).length * 6 < JSON.stringify(call("chain.figures", { document: doc })).length);
  // the same refusal as chain.figures, code and field
  const bad = withEdits(doc, { rate: "0.2" });
  const err = (op) => { try { call(op, { document: bad }); } catch (e) { return [e.code, e.field]; } return null; };
  assert.deepEqual(err("chain.summary"), ["rate_above_bound", "profile.profit.rate"]);
  assert.deepEqual(err("chain.summary"), err("chain.figures"));
});

test("the charts: one bar group per year or use, names escaped, described by their tables", async () => {
  const { mprChartSvg, capsChartSvg, escapeXml, unitPrice, MPR_BLOCKS } = await import("../../examples/web-calculator/calc.js");
  const years = [
    { year: 2026, permitted_cost: "900.00", permitted_profit: "5.40", taxes: "8.38", clawback: "0.00", mpr: "913.78" },
    { year: 2027, permitted_cost: "1000.00", permitted_profit: "6.00", taxes: "9.00", clawback: "100.00", mpr: "915.00" },
  ];
  const svg = mprChartSvg(years, { tableId: "mpr-blocks" });
  assert.equal((svg.match(/<g data-year=/g) ?? []).length, 2);
  assert.match(svg, /role="img"/);
  assert.match(svg, /aria-describedby="mpr-blocks"/);
  assert.equal((svg.match(/class="b-clawback" x=/g) ?? []).length, 1, "the claw-back drawn only where there is one");
  assert.ok(svg.includes("2027 扣减 claw-back: 100.00"));
  assert.deepEqual(MPR_BLOCKS.map((b) => b.key), ["permitted_cost", "permitted_profit", "taxes", "clawback"]);
  const caps = capsChartSvg([
    { pair: "a/b", label: "<script>x</script>", cap: "2.00", fee: "1.00" },
    { pair: "c/d", label: "c", cap: "2.00", fee: "3.00" },
    { pair: "e/f", label: "e", cap: "2.00", fee: null },
  ], { tableId: "t" });
  assert.ok(!caps.includes("<script>") && caps.includes("&lt;script&gt;"));
  assert.equal((caps.match(/class="fee-over"/g) ?? []).length, 1);
  assert.equal((caps.match(/class="fee-ok"/g) ?? []).length, 1);
  assert.ok(caps.includes(">50%<") && caps.includes(">150%<") && caps.includes(">—<"));
  assert.equal(escapeXml(`a"b'&`), "a&quot;b&#39;&amp;");
  assert.equal(unitPrice({ kind: "flat", price: "0.18" }), "0.18");
  assert.equal(unitPrice({ kind: "tiered", tiers: [{ from: "0", price: "2" }] }), "2");
  assert.equal(unitPrice({ kind: "subscription" }), null);
});

test("what-ifs kept in the module give the text path's results and errors (withChanges, summary, other operations)", async () => {
  const { createApi } = await import("../npm/api.js");
  const engine = await import("datafee");
  // The same API without the module's what-if exports: every what-if takes the text path.
  const text = createApi({ call: engine.call, callJson: engine.callJson, callJsonUniqueKeys: undefined, limits: engine.limits });
  const kept = new Scenario(doc);
  const plain = new text.Scenario(doc);
  const outcome = (fn) => {
    try {
      return { ok: fn() };
    } catch (e) {
      return { code: e.code, field: e.field, value: e.value, name: e.name };
    }
  };
  const cases = [
    whatIfChanges({ rate: "0.04", ledger: [{ index: 5, amount: "2860000.00" }], forecast: [{ index: 0, volume: "480000" }] }),
    { "profile.profit.rate": 0.05 },
    { "profile.profit.rate": "0.2" },
    { "forecasts[1].volume": "-1" },
    { "forecasts[1].volume": "" },
    { "costs.ledger.entries[9999].amount": "1" },
    { "nope[": "1" },
    { catalog: null },
    { "forecasts[*].volume": "10", "profile.profit.rate": "0.05" },
    {},
    // Each member of the scenario a change can reach (the typed what-if re-reads only it), good
    // and bad values, and keys the scenario does not have.
    { name: "what if", note: "illustrative", stage: "trial" },
    { stage: "nope" },
    { first_year: 2027 },
    { first_year: "2027" },
    { "profile.working_capital_share": "0.2", "profile.period_years": 2 },
    { "profile.template": "anhui" },
    { "catalog.products[0].step": "10" },
    { "fees[0].schedule.price": "9999" },
    { "fees[0].effective": "2026-02-31" },
    { input_vat: [{ year: 2026, amount: "1000.00" }] },
    { prior_period: [{ year: 2025, mpr: "100.00", actual_revenue: "150.00" }] },
    { prior_period: {} },
    { nope: 1 },
    { "profile.x": "1", "forecasts[0].volume": "x" },
    { "forecasts[0].volume": [[[["1"]]]] },
  ];
  for (const changes of cases) {
    const a = outcome(() => kept.withChanges(changes));
    const b = outcome(() => plain.withChanges(changes));
    assert.deepEqual(a.ok ? "ok" : a, b.ok ? "ok" : b, JSON.stringify(changes));
    if (!a.ok) continue;
    assert.deepEqual(a.ok.toObject(), b.ok.toObject(), JSON.stringify(changes));
    for (const run of [(s) => s.summary(), (s) => s.figures(), (s) => s.validate(), (s) => s.quote("p14", "enterprise", "7777")]) {
      assert.deepEqual(outcome(() => run(a.ok)), outcome(() => run(b.ok)), JSON.stringify(changes));
    }
    // A copy of a copy, and the copy's own what-if again from the module.
    assert.deepEqual(outcome(() => a.ok.withChanges({ "profile.profit.rate": "0.03" }).summary()),
      outcome(() => b.ok.withChanges({ "profile.profit.rate": "0.03" }).summary()));
  }
  // Copies of copies through an invalid document and back, and edits that do and do not change
  // the cost accounts (the module keeps the accounts' years of the original between what-ifs).
  let [k, p] = [kept, plain];
  for (const changes of [
    { "profile.profit.rate": "0.07" },
    { "costs.ledger.entries[0].amount": "1.00" },
    { first_year: "x" },
    { "profile.profit.rate": "0.05" },
    { first_year: 2026 },
    { "profile.working_capital_share": "0.1" },
    { "forecasts[2].volume": "123" },
    { "costs.ledger.entries[1].amount": "-1.00" },
  ]) {
    [k, p] = [k.withChanges(changes), p.withChanges(changes)];
    for (const run of [(s) => s.summary(), (s) => s.figures(), (s) => s.validate()]) {
      assert.deepEqual(outcome(() => run(k)), outcome(() => run(p)), JSON.stringify(changes));
    }
    for (const edit of [{ "profile.profit.rate": "0.03" }, { "costs.ledger.entries[2].amount": "5.00" }]) {
      assert.deepEqual(outcome(() => kept.withChanges(edit).summary()), outcome(() => plain.withChanges(edit).summary()), JSON.stringify(edit));
    }
  }
  // More what-ifs than the module keeps (8): the older copies still answer, through their text.
  const copies = Array.from({ length: 12 }, (_, i) => kept.withChanges({ "profile.profit.rate": `0.0${(i % 5) + 1}` }));
  copies.forEach((c, i) => assert.deepEqual(c.summary(), plain.withChanges({ "profile.profit.rate": `0.0${(i % 5) + 1}` }).summary()));
});
