// The JavaScript API of the npm package (npm/api.js: Scenario, split, shapley, ...), node build:
// every method returns what `call` returns on the same input (every golden vector the API can
// express, and the example city), numbers are never turned into decimals, errors keep their
// code / field / value, and the CommonJS and ES module entries agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as datafee from "datafee";
import {
  Scenario, airport, call, charge, checkCompliance, contribution, errorInfo, isDatafeeError, priorYears, rate, rateLate, shapley,
  split, waterfall,
} from "datafee";
import { cityDocument } from "../../examples/web-calculator/build.mjs";
import { vectorFiles } from "./support.mjs";

const require = createRequire(import.meta.url);
// smol-toml makes null-prototype objects: compare with what JSON gives back.
const city = JSON.parse(JSON.stringify(await cityDocument()));

const isRecord = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const only = (input, keys) => Object.keys(input).every((k) => keys.includes(k));

/** What `fn` returned or threw. */
function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

/** Call and return the thrown value (fails when nothing is thrown). */
function thrown(fn) {
  const o = outcome(fn);
  assert.ok("error" in o, `expected a throw, got ${JSON.stringify(o.value)?.slice(0, 200)}`);
  return o.error;
}

function assertDatafeeError(e, code, field, value) {
  assert.ok(e instanceof Error, `not an Error: ${e}`);
  assert.equal(e.name, "DatafeeError");
  assert.ok(isDatafeeError(e), String(e));
  assert.equal(e.code, code, e.message);
  if (field !== undefined) assert.equal(e.field, field, e.message);
  if (value !== undefined) assert.equal(e.value, value, e.message);
  assert.deepEqual(errorInfo(e), { code: e.code, field: e.field, value: e.value, message: e.message });
}

/** Two outcomes are the same: equal results, or DatafeeErrors with the same code, field, value, message. */
function assertSameOutcome(got, want, what) {
  if ("error" in want) {
    assert.ok("error" in got, `${what}: call threw ${want.error?.code}, the API returned`);
    assert.ok(isDatafeeError(got.error), `${what}: the API threw ${got.error}`);
    assert.deepEqual(errorInfo(got.error), errorInfo(want.error), what);
  } else {
    assert.ok("value" in got, `${what}: the API threw ${got.error?.code ?? got.error}: ${got.error?.message}`);
    assert.deepEqual(got.value, want.value, what);
  }
}

/**
 * The API call that runs operation `op` on `input`, or null when the API cannot express that
 * input (a field the API does not take, a document that is not an object).
 * `fromText` builds scenarios from JSON text instead of the object.
 */
function viaApi(op, input, fromText = false) {
  if (!isRecord(input)) return null;
  const i = input;
  const doc = isRecord(i.document) ? i.document : null;
  const scenario = () => (fromText ? Scenario.fromJSON(JSON.stringify(doc)) : new Scenario(doc));
  const keys = {
    "sharing.split": [["amount", "parties", "rounding"], () => split(i.amount, i.parties, i.rounding)],
    "sharing.shapley": [["game", "method", "rounding"], () => shapley(i.game, i.method, i.rounding)],
    "sharing.airport": [["costs", "rounding"], () => airport(i.costs, i.rounding)],
    "sharing.contribution": [["indicators", "parties"], () => contribution(i.indicators, i.parties)],
    "sharing.waterfall": [["agreement", "revenue"], () => waterfall(i.agreement, i.revenue)],
    "rating.rate": [
      ["tariff", "records", "keep_records", "explain", "max_records"],
      () => rate(i.tariff, i.records, { keepRecords: i.keep_records, explain: i.explain, maxRecords: i.max_records }),
    ],
    "rating.late": [["tariff", "invoiced", "records", "explain"], () => rateLate(i.tariff, i.records, i.invoiced, { explain: i.explain })],
    "schedule.compliance": [["schedule", "cap", "step"], () => checkCompliance(i.schedule, i.cap, i.step)],
    "schedule.charge": [["schedule", "quantity"], () => charge(i.schedule, i.quantity)],
    "review.prior_years": [["reviews"], () => priorYears(i.reviews)],
  };
  const docKeys = {
    "chain.validate": [["document"], () => scenario().validate()],
    "chain.run": [["document"], () => scenario().run()],
    "chain.quote": [["document", "product", "scenario", "quantity", "date"], () => scenario().quote(i.product, i.scenario, i.quantity, i.date)],
    "chain.working_paper": [["document", "prefix", "cap", "format"], () => scenario().workingPaper({ prefix: i.prefix, cap: i.cap, format: i.format })],
    "chain.sweep": [["document", "vary", "year"], () => scenario().sweep(i.vary, i.year)],
    "disclosure.fee_list": [["document", "year", "format"], () => scenario().feeList(i.year, i.format)],
    "disclosure.annual_report": [
      ["document", "year", "actual", "shares", "format"],
      () => scenario().annualReport(i.year, i.actual, { shares: i.shares, format: i.format }),
    ],
    "review.year": [
      ["document", "year", "actual", "next_mpr", "next_forecast"],
      () => scenario().review(i.year, i.actual, { nextMpr: i.next_mpr, nextForecast: i.next_forecast }),
    ],
  };
  const [allowed, run] = (doc ? docKeys[op] : null) ?? keys[op] ?? [];
  return run && only(i, allowed) ? run : null;
}

test("every golden vector the API can express gives exactly what call gives", () => {
  const covered = new Map();
  for (const { file, cases } of vectorFiles()) {
    for (const c of cases) {
      for (const fromText of [false, true]) {
        const run = viaApi(c.op, c.input, fromText);
        if (!run) continue;
        const what = `${file}: ${c.name}${fromText ? " (from JSON text)" : ""}`;
        assertSameOutcome(outcome(run), outcome(() => call(c.op, c.input)), what);
        covered.set(c.op, (covered.get(c.op) ?? 0) + 1);
      }
    }
  }
  for (const op of [
    "chain.run", "chain.quote", "chain.sweep", "disclosure.fee_list", "disclosure.annual_report", "review.year",
    "review.prior_years", "sharing.split", "sharing.shapley", "sharing.airport", "sharing.contribution",
    "sharing.waterfall", "rating.rate", "rating.late", "schedule.compliance", "schedule.charge",
  ]) {
    assert.ok((covered.get(op) ?? 0) >= 2, `${op}: ${covered.get(op) ?? 0} vectors through the API`);
  }
});

test("Scenario on the example city: each method equals call on the same input", () => {
  const s = Scenario.fromJSON(city);
  const doc = { document: city };
  const same = (got, op, extra = {}) => assert.deepEqual(got, call(op, { ...doc, ...extra }), op);
  same(s.validate(), "chain.validate");
  const chain = s.run();
  same(chain, "chain.run");
  assert.equal(chain.caps.length, 3);
  same(s.quote("p01", "finance", "1000"), "chain.quote", { product: "p01", scenario: "finance", quantity: "1000" });
  same(s.quote("p14", "enterprise", "7777", "2027-06-30"), "chain.quote", { product: "p14", scenario: "enterprise", quantity: "7777", date: "2027-06-30" });
  same(s.quote("p04", "governance", "10"), "chain.quote", { product: "p04", scenario: "governance", quantity: "10" });
  same(s.workingPaper(), "chain.working_paper");
  same(s.workingPaper({ prefix: "mpr.2026", format: "json" }), "chain.working_paper", { prefix: "mpr.2026", format: "json" });
  const cap = { year: 2027, product: "p01", scenario: "finance" };
  same(s.workingPaper({ cap, format: "markdown" }), "chain.working_paper", { cap, format: "markdown" });
  same(s.sweep({ "profile.profit.rate": ["0.05", "0.06"], "forecasts[*].volume": { scale: ["0.9", "1.1"] } }, 2027), "chain.sweep", {
    vary: [{ path: "profile.profit.rate", values: ["0.05", "0.06"] }, { path: "forecasts[*].volume", scale: ["0.9", "1.1"] }],
    year: 2027,
  });
  same(s.sweep([{ path: "profile.profit.rate", values: ["0.05"] }]), "chain.sweep", { vary: [{ path: "profile.profit.rate", values: ["0.05"] }] });
  same(s.sweep(new Map([["profile.profit.rate", { values: ["0.05"] }]])), "chain.sweep", { vary: [{ path: "profile.profit.rate", values: ["0.05"] }] });
  same(s.feeList(), "disclosure.fee_list");
  for (const format of ["json", "csv", "markdown", "html"]) same(s.feeList(2027, format), "disclosure.fee_list", { year: 2027, format });
  const actual = [
    { product: "p01", scenario: "finance", volume: "400000", revenue: "800000.00" },
    { product: "p04", scenario: "governance", volume: "1000", revenue: "0.00" },
  ];
  same(s.annualReport(2026, actual), "disclosure.annual_report", { year: 2026, actual });
  same(s.annualReport(2026, actual, { format: "markdown" }), "disclosure.annual_report", { year: 2026, actual, format: "markdown" });
  const shares = [{ agreement: { product: "p01", parties: [{ id: "op", kind: "operator", weight: "1" }, { id: "dev", kind: "partner", weight: "2" }], method: "weights" } }];
  same(s.annualReport(2026, actual, { shares, format: "csv" }), "disclosure.annual_report", { year: 2026, actual, shares, format: "csv" });
  const review = s.review(2026, actual);
  same(review, "review.year", { year: 2026, actual });
  same(s.review(2026, actual, { nextMpr: "9000000.00" }), "review.year", { year: 2026, actual, next_mpr: "9000000.00" });
  // A whole review is a reviewed year.
  assert.deepEqual(priorYears([review]), call("review.prior_years", { reviews: [review] }));
  assert.equal(priorYears([review]).prior_period[0].mpr, review.mpr);
});

test("Scenario: construction, accessors, copies", () => {
  const text = JSON.stringify(city, null, 2);
  const a = Scenario.fromJSON(text);
  const b = Scenario.load(city);
  const c = Scenario.load(text);
  const d = new Scenario(city);
  for (const s of [a, b, c, d, Scenario.fromObject(city)]) {
    assert.ok(s instanceof Scenario);
    assert.equal(s.name, city.name);
    assert.equal(s.firstYear, city.first_year);
    assert.equal(typeof s.firstYear, "number");
    assert.deepEqual(s.toObject(), city);
    assert.equal(JSON.stringify(s), JSON.stringify(city));
  }
  // The document is copied in, and copies go out.
  const mine = structuredClone(city);
  const s = new Scenario(mine);
  mine.profile.profit.rate = "0.01";
  assert.equal(s.toObject().profile.profit.rate, city.profile.profit.rate);
  s.toObject().name = "changed";
  assert.equal(s.name, city.name);
  // A Scenario passed as a document to call is its document.
  assert.deepEqual(call("chain.validate", { document: s }), { valid: true });
  for (const bad of [null, undefined, 42, "text", [city]]) {
    assert.throws(() => new Scenario(bad), TypeError, String(bad));
  }
});

test("fromJSON passes the text to the engine as written; text that is not a JSON object is a parse error", () => {
  const volume = `"volume":"${city.forecasts[0].volume}"`;
  const text = JSON.stringify(city).replace(volume, '"volume": 1.50');
  assert.notEqual(text, JSON.stringify(city));
  assertDatafeeError(thrown(() => Scenario.fromJSON(text).run()), "decimal_not_string", "forecasts[0].volume", "1.5");
  assert.deepEqual(Scenario.fromJSON(text).toObject().forecasts[0].volume, 1.5);
  for (const bad of ["", "{", "[1]", "null", "42", '"x"', '{"a":1} x', `${JSON.stringify(city)}, "vary": []`]) {
    assertDatafeeError(thrown(() => Scenario.fromJSON(bad)), "parse", "document", "");
  }
  // A cycle cannot be written as JSON: a parse error too, as call gives.
  const cyclic = structuredClone(city);
  cyclic.self = cyclic;
  assertDatafeeError(thrown(() => new Scenario(cyclic)), "parse", "document");
  assertDatafeeError(thrown(() => call("chain.run", { document: cyclic })), "parse");
});

test("a number where money is expected is refused by the engine, never stringified", () => {
  const s = new Scenario(city);
  assertDatafeeError(thrown(() => s.quote("p01", "finance", 1000)), "decimal_not_string", "quantity", "1000");
  // (the engine reads the profit method through a flat struct, so the error names the rate itself)
  assertDatafeeError(thrown(() => s.withChanges({ "profile.profit.rate": 0.05 }).run()), "decimal_not_string", "profile.profit.rate", "0.05");
  assertDatafeeError(thrown(() => s.withChanges({ "forecasts[1].volume": 1000 }).run()), "decimal_not_string", "forecasts[1].volume", "1000");
  assertDatafeeError(thrown(() => s.sweep({ "profile.profit.rate": [0.05] })), "parse", "vary[0].values[0]");
  assertDatafeeError(thrown(() => s.review(2026, [{ product: "p01", scenario: "finance", volume: "1", revenue: 2 }])), "decimal_not_string", "actual[0].revenue", "2");
  assertDatafeeError(thrown(() => split(100, { a: "1" })), "decimal_not_string", "amount", "100");
  assertDatafeeError(thrown(() => split("100.00", { a: "1", b: 2 })), "decimal_not_string", "parties[1].weight", "2");
  assertDatafeeError(thrown(() => airport({ a: "10", b: 20 })), "decimal_not_string", "costs[1].cost", "20");
  assertDatafeeError(thrown(() => checkCompliance({ kind: "flat", price: "0.3" }, 0.3)), "decimal_not_string", "cap", "0.3");
  assertDatafeeError(thrown(() => charge({ kind: "flat", price: 0.3 }, "1")), "decimal_not_string", "schedule.price", "0.3");
  assertDatafeeError(thrown(() => shapley({ additive: { values: [{ id: "a", value: 1 }] } })), "decimal_not_string", "game.additive.values[0].value", "1");
  const agreement = { product: "p", parties: [{ id: "op", kind: "operator", weight: "1" }], method: "weights" };
  assertDatafeeError(thrown(() => waterfall(agreement, 1000)), "decimal_not_string", "revenue", "1000");
  // Integer fields stay numbers: a year is a number, and a string year is refused.
  assert.equal(s.feeList(2027).year, 2027);
  assert.ok(isDatafeeError(thrown(() => s.feeList("2027"))));
});

test("errors are the engine's DatafeeErrors with code, field and value", () => {
  const s = new Scenario(city);
  assertDatafeeError(thrown(() => s.quote("nope", "finance", "1")), "unknown_id", "product", "nope");
  assertDatafeeError(thrown(() => s.quote("p01", "finance", "1,5")), "malformed_decimal", "quantity", "1,5");
  assertDatafeeError(thrown(() => s.withChanges({ "profile.profit.rate": "0.2" }).validate()), "rate_above_bound", "profile.profit.rate", "0.2");
  assertDatafeeError(thrown(() => s.feeList(2099)), "out_of_range", "year", "2099");
  assertDatafeeError(thrown(() => split("100.00", [])), "empty", "parties");
  assertDatafeeError(thrown(() => checkCompliance({ kind: "graduated", tiers: [{ from: "0", to: "10", price: "1" }, { from: "20", price: "1" }] }, "2")), "tier_gap", "schedule.tiers[1].from", "10");
  const e = thrown(() => s.quote("p01", "finance", "-1"));
  assert.ok(e instanceof Error && typeof e.stack === "string");
  assert.match(String(e), /^DatafeeError: /);
});

test("withChanges: paths as in sweeps, values or functions of the old value, and a copy", () => {
  const s = new Scenario(city);
  const lower = s.withChanges({ "profile.profit.rate": "0.05", "forecasts[*].volume": (v) => `${v}0`, "forecasts[0].year": 2027 });
  const doc = lower.toObject();
  assert.equal(doc.profile.profit.rate, "0.05");
  assert.deepEqual(doc.forecasts.map((f) => f.volume), city.forecasts.map((f) => `${f.volume}0`));
  assert.equal(doc.forecasts[0].year, 2027);
  assert.deepEqual(s.toObject(), city, "the original is unchanged");
  assert.ok(lower instanceof Scenario && lower !== s);
  // The same change through the engine's sweep gives the same MPR.
  const swept = s.sweep({ "profile.profit.rate": ["0.05"] });
  assert.equal(s.withChanges({ "profile.profit.rate": "0.05" }).run().mpr.years[0].mpr, swept.points[0].mpr);
  // A new last key is added; a Map works; a value is copied into each element.
  const noted = s.withChanges(new Map([["note", "what if"], ["forecasts[*].extra", { a: ["1"] }]])).toObject();
  assert.equal(noted.note, "what if");
  noted.forecasts[0].extra.a.push("2");
  assert.deepEqual(noted.forecasts[1].extra, { a: ["1"] });
  // A path that designates nothing, or is malformed: code "invalid", field and value the path.
  for (const path of ["nope.x", "forecasts[999].volume", "name[0]", "forecasts.x", "a..b", ".a", "a[x]", "a[", "", "catalog.products[*].nope.x"]) {
    assertDatafeeError(thrown(() => s.withChanges({ [path]: "1" })), "invalid", path, path);
  }
  assertDatafeeError(thrown(() => s.withChanges({ "weights[*].weight": "1" })), "invalid", "weights[*].weight");
  assert.throws(() => s.withChanges("profile.profit.rate"), TypeError);
});

test("the sharing, rating and compliance functions", () => {
  const byWeight = split("100.00", { a: "1", b: "1", c: "1" });
  assert.deepEqual(byWeight.shares, [{ id: "a", share: "33.34" }, { id: "b", share: "33.33" }, { id: "c", share: "33.33" }]);
  assert.deepEqual(byWeight, call("sharing.split", { amount: "100.00", parties: [{ id: "a", weight: "1" }, { id: "b", weight: "1" }, { id: "c", weight: "1" }] }));
  assert.deepEqual(split("100.00", new Map([["a", "1"], ["b", "3"]]), { unit: "1" }).shares.map((x) => x.share), ["25", "75"]);
  assert.deepEqual(split("100.00", [{ id: "a", weight: "1" }, { id: "b", weight: "2", max: "60.00" }]).shares.map((x) => x.share), ["40.00", "60.00"]);
  const costs = [{ id: "a", cost: "10" }, { id: "b", cost: "20" }, { id: "c", cost: "30" }];
  assert.deepEqual(airport({ a: "10", b: "20", c: "30" }), call("sharing.airport", { costs }));
  assert.deepEqual(airport(costs).shares.map((x) => x.rounded), ["3.34", "8.33", "18.33"]);
  const game = { airport: { costs } };
  assert.deepEqual(shapley(game, "exact", { unit: "0.01" }), call("sharing.shapley", { game, method: "exact", rounding: { unit: "0.01" } }));
  assert.deepEqual(shapley(game).values.map((v) => v.value), airport(costs).shares.map((x) => x.share));
  const sampled = { sampled: { samples: 200, seed: 7 } };
  assert.deepEqual(shapley(game, sampled), call("sharing.shapley", { game, method: sampled }));
  const evaluation = {
    indicators: [{ id: "quality", weight: "0.6", direction: "benefit", normalisation: "max" }, { id: "calls", weight: "0.4" }],
    parties: [{ id: "a", values: { quality: "90", calls: "300" } }, { id: "b", values: { quality: "60", calls: "100" } }],
  };
  assert.deepEqual(contribution(evaluation.indicators, evaluation.parties), call("sharing.contribution", evaluation));
  assert.deepEqual(contribution(evaluation), call("sharing.contribution", evaluation));
  const schedule = { kind: "flat", price: "0.335" };
  assert.equal(checkCompliance(schedule, "0.30").compliant, false);
  assert.equal(checkCompliance(schedule, "0.34", "2").first_breach, null);
  assert.deepEqual(checkCompliance(schedule, "0.30"), call("schedule.compliance", { schedule, cap: "0.30" }));
  assert.deepEqual([charge(schedule, "3").charge, charge(schedule, "3").charge_rounded], ["1.005", "1.01"]);
});

test("rate: usage against a tariff, options in camelCase", () => {
  const cases = vectorFiles().find((f) => f.file === "rating.json").cases.filter((c) => c.expected);
  const c = cases.find((x) => x.input.records?.length > 1) ?? cases[0];
  const { tariff, records } = c.input;
  assert.deepEqual(rate(tariff, records), call("rating.rate", { tariff, records }));
  const kept = rate(tariff, records, { keepRecords: true, explain: false });
  assert.deepEqual(kept, call("rating.rate", { tariff, records, keep_records: true, explain: false }));
  assert.equal(kept.records.length, records.length);
  assertDatafeeError(thrown(() => rate(tariff, records, { maxRecords: 0 })), "limit_exceeded", "records");
  // An unknown option (snake_case by mistake) is a TypeError, not silently ignored.
  assert.throws(() => rate(tariff, records, { keep_records: true }), /unknown option "keep_records"/);
  assert.throws(() => new Scenario(city).workingPaper({ formt: "json" }), TypeError);
  assert.throws(() => new Scenario(city).annualReport(2026, [], "csv"), TypeError);
});

test("the CommonJS and ES module entries export the same API over the same engine", () => {
  const cjs = require("datafee");
  const names = ["Scenario", "split", "shapley", "airport", "contribution", "waterfall", "rate", "checkCompliance", "charge", "priorYears",
    "call", "callJson", "operations", "version", "isDatafeeError", "errorInfo"];
  for (const n of names) {
    assert.equal(typeof cjs[n], "function", `require: ${n}`);
    assert.equal(typeof datafee[n], "function", `import: ${n}`);
  }
  assert.equal(require("datafee/node").Scenario, cjs.Scenario);
  assert.deepEqual(new cjs.Scenario(city).quote("p01", "finance", "1000"), new Scenario(city).quote("p01", "finance", "1000"));
  assert.deepEqual(cjs.split("1.00", { a: "1", b: "2" }), split("1.00", { a: "1", b: "2" }));
});

test("the README's example gives the figures it shows (the example city)", () => {
  const s = Scenario.fromJSON(city);
  assert.equal(s.run().mpr.years[0].mpr, "3230321.83");
  assert.equal(s.quote("p01", "finance", "1000").charge, "950.00");
  assertDatafeeError(thrown(() => s.quote("p01", "finance", 1000)), "decimal_not_string", "quantity");
  assert.deepEqual(split("100.00", { a: "1", b: "1", c: "1" }).shares.map((x) => x.share), ["33.34", "33.33", "33.33"]);
});
