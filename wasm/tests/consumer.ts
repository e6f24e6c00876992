// A TypeScript consumer of the npm package's node build, checked by
// `tsc --noEmit --strict -p tests/tsconfig.json` (never run): the declarations must let a
// strict program use every export, and must refuse the mistakes below.
import {
  call,
  callJson,
  errorInfo,
  isDatafeeError,
  operations,
  version,
  type DatafeeError,
  type ErrorCode,
  type ErrorInfo,
  type JsonValue,
  type Operation,
  Scenario,
  airport,
  charge,
  checkCompliance,
  contribution,
  priorYears,
  rate,
  shapley,
  split,
  waterfall,
  type Agreement,
  type AnnualReport,
  type ChainResult,
  type Decimal,
  type FeeList,
  type Game,
  type OpInput,
  type OpOutput,
  type PaperText,
  type Quote,
  type RenderedCsv,
  type RenderedText,
  type Review,
  type Schedule,
  type ScenarioDocument,
  type Sweep,
  type Tariff,
  type UsageRecord,
  type WorkingPaper,
} from "datafee";

interface Rounded {
  result: string;
}

const rounded: Rounded = call<Rounded>("money.round", { value: "2.345", rounding: { unit: "0.05", mode: "floor" } });
const digits: string = rounded.result;
const anyResult: JsonValue = call("money.round", { value: "1" });
const text: string = callJson("money.round", JSON.stringify({ value: "2.345" }));
const ops: Operation[] = operations();
const op: Operation = ops[0] ?? "money.round";
const v: string = version();

// An interface (no index signature) is accepted as input.
interface RoundRequest {
  value: string;
}
const request: RoundRequest = { value: "9.995" };
call(op, request);

function describe(e: unknown): string {
  if (isDatafeeError(e)) {
    const err: DatafeeError = e;
    const code: ErrorCode = err.code;
    const asError: Error = err;
    return `${code} at ${err.field}: ${err.value} (${asError.message})`;
  }
  const info: ErrorInfo | undefined = errorInfo(e);
  return info ? `${info.code} ${info.field} ${info.value} ${info.message}` : String(e);
}

try {
  call("money.round", { value: "1,5" });
} catch (e) {
  describe(e);
}

// @ts-expect-error an operation the engine does not have
call("money.nope", {});
// @ts-expect-error the input is an object, not a decimal
call("money.round", "2.345");
// @ts-expect-error callJson takes text
callJson("money.round", { value: "1" });
// @ts-expect-error codes are a closed set
const badCode: ErrorCode = "no_such_code";
// @ts-expect-error a JsonValue result must be narrowed before use as a string
const notYetNarrowed: string = anyResult;

// ---- the JavaScript API (Scenario and the functions): results typed, decimals strings

declare const doc: ScenarioDocument;
declare const tariff: Tariff;
declare const usage: UsageRecord[];
declare const agreement: Agreement;

const s: Scenario = Scenario.fromJSON(doc);
const fromText: Scenario = Scenario.fromJSON(JSON.stringify(doc));
const loaded: Scenario = Scenario.load(doc);
const name: string = s.name;
const firstYear: number = s.firstYear;
const copy: ScenarioDocument = s.toObject();
const chain: ChainResult = s.run();
const mpr2026: Decimal | undefined = chain.mpr.years.find((y) => y.year === 2026)?.mpr;
// `cap_quoted` is null on a free line (the engine writes null, not an absent key).
const capQuoted: string | null | undefined = chain.caps[0]?.lines[0]?.cap_quoted;
const q: Quote = s.quote("p01", "finance", "1000");
const qOn: Quote = s.quote("p01", "finance", "1000", "2027-03-01");
const fee: string = q.charge;
const qYear: number = q.year;
const valid: true = s.validate().valid;
const paper: PaperText = s.workingPaper({ cap: { year: 2026, product: "p01", scenario: "finance" } });
const items: WorkingPaper = s.workingPaper({ prefix: "mpr.2026", format: "json" });
const swept: Sweep = s.sweep({ "profile.profit.rate": ["0.05", "0.06"], "forecasts[*].volume": { scale: ["0.9"] } }, 2027);
const sweptList: Sweep = s.sweep([{ path: "profile.profit.rate", values: ["0.05"] }]);
const what: Scenario = s.withChanges({ "profile.profit.rate": "0.05", "forecasts[*].volume": (old: unknown) => `${String(old)}0` });
const list: FeeList = s.feeList();
const list2027: FeeList = s.feeList(2027, "json");
const csv: RenderedCsv = s.feeList(2027, "csv");
const html: RenderedText = s.feeList(undefined, "html");
const actual = [{ product: "p01", scenario: "finance", volume: "400000", revenue: "800000.00" }];
const report: AnnualReport = s.annualReport(2026, actual, { shares: [{ agreement }] });
const reportMd: RenderedText = s.annualReport(2026, actual, { format: "markdown" });
const review: Review = s.review(2026, actual, { nextMpr: "9000000.00" });
const prior: string = priorYears([review]).prior_period[0]?.mpr ?? "";

const shares: string[] = split("100.00", { a: "1", b: "2" }).shares.map((x) => x.share);
const capped = split("100.00", [{ id: "a", weight: "1" }, { id: "b", weight: "2", max: "60.00" }], { unit: "0.01", mode: "floor" });
const game: Game = { airport: { costs: [{ id: "a", cost: "10" }, { id: "b", cost: "20" }] } };
const phi: string[] = shapley(game, "exact", { unit: "0.01" }).values.map((x) => x.rounded ?? x.value);
const sampled = shapley(game, { sampled: { samples: 1000, seed: 42 } });
const served: string = airport({ a: "10", b: "20" }).total;
const ranks: number[] = contribution([{ id: "calls", weight: "1" }], [{ id: "a", values: { calls: "3" } }]).parties.map((p) => p.rank);
const ranked: string[] = contribution({ indicators: [{ id: "calls", weight: "1" }], parties: [] }).ranking;
const toTreasury: string = waterfall(agreement, "1000.00").non_tax_revenue;
const billed: string = rate(tariff, usage, { keepRecords: true, maxRecords: 1000 }).totals.total;
const schedule: Schedule = { kind: "graduated", tiers: [{ from: "0", to: "5000", price: "8.90" }, { from: "5000", price: "8.20" }] };
const within: boolean = checkCompliance(schedule, "9.00", "1").compliant;
const charged: string = charge({ kind: "discount", percent: "0.05", base: schedule }, "7777").charge_rounded;
// `call` typed by operation.
const quoteInput: OpInput<"chain.quote"> = { document: doc, product: "p01", scenario: "finance", quantity: "1000" };
const viaCall: OpOutput<"chain.quote"> = call<OpOutput<"chain.quote">>("chain.quote", quoteInput);

// @ts-expect-error a number where money is expected: the quantity is a decimal string
s.quote("p01", "finance", 1000);
// @ts-expect-error a number where money is expected: the amount
split(100, { a: "1" });
// @ts-expect-error a number where money is expected: a weight
split("100.00", { a: 1 });
// @ts-expect-error a number where money is expected: the cap
checkCompliance(schedule, 0.3);
// @ts-expect-error a number where money is expected: the revenue
waterfall(agreement, 1000);
// @ts-expect-error a number where money is expected: a cost
airport([{ id: "a", cost: 10 }]);
// @ts-expect-error a number where money is expected: a sweep value
s.sweep({ "profile.profit.rate": [0.05] });
// @ts-expect-error a number where money is expected: actual revenue
s.review(2026, [{ product: "p01", scenario: "finance", volume: "1", revenue: 2 }]);
// @ts-expect-error a number where money is expected: inside a schedule
const badSchedule: Schedule = { kind: "flat", price: 0.3 };
// @ts-expect-error a number where money is expected: inside a scenario document
const badDoc: ScenarioDocument = { name: "x", first_year: 2026, catalog: { scenarios: [], products: [] }, costs: {}, forecasts: [{ product: "p", scenario: "s", volume: 1000 }] };
// @ts-expect-error a number where money is expected: through call typed by operation
const badInput: OpInput<"sharing.split"> = { amount: 100, parties: [] };
// @ts-expect-error a year is a number, not a string
s.feeList("2027");
// @ts-expect-error an unknown option (the options are camelCase)
rate(tariff, usage, { keep_records: true });
// @ts-expect-error a free use has no cap: `cap` may be undefined
const capNow: string = q.cap;
// @ts-expect-error the fee list as JSON is not rendered text
const notText: RenderedText = s.feeList(2027);

export { digits, text, v, badCode, notYetNarrowed };
export {
  fromText, loaded, name, firstYear, copy, mpr2026, capQuoted, qOn, fee, qYear, valid, paper, items, swept, sweptList, what, list,
  list2027, csv, html, report, reportMd, prior, shares, capped, phi, sampled, served, ranks, ranked, toTreasury, billed, within,
  charged, viaCall, badSchedule, badDoc, badInput, capNow, notText,
};
