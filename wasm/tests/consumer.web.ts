// A TypeScript consumer of the npm package's web build, as a bundler resolves it
// (`moduleResolution: bundler`, the "default" export condition), checked by
// `tsc --noEmit --strict -p tests/tsconfig.web.json`.
import init, { call, initSync, isDatafeeError, operations, PublishedFees, Scenario, split, type FeePublication, type InitInput, type Operation, type ScenarioDocument } from "datafee";
import { call as callWeb } from "datafee/web";

declare const wasmBytes: BufferSource;
declare const wasmUrl: URL;

export async function start(): Promise<string> {
  await init();
  await init({ module_or_path: wasmUrl });
  initSync({ module: wasmBytes });
  const input: InitInput = wasmUrl;
  void input;
  const ops: Operation[] = operations();
  try {
    return call<{ result: string }>("money.round", { value: "2.345" }).result + ops.length;
  } catch (e) {
    if (isDatafeeError(e)) return e.code;
    throw e;
  }
}

// @ts-expect-error an operation the engine does not have
callWeb("money.nope", {});

// The JavaScript API from the web entry, after init().
export async function quote(doc: ScenarioDocument): Promise<string> {
  await init();
  const s = new Scenario(doc);
  return `${s.quote("p01", "finance", "1000").charge} ${split("1.00", { a: "1", b: "2" }).shares[0]?.share ?? ""}`;
}

// @ts-expect-error a number where money is expected
split("1.00", { a: 1 });

// Published fee data: written by the chain, quoted without it (the public build's API).
export async function publishedQuote(doc: ScenarioDocument): Promise<string> {
  await init();
  const data: FeePublication = new Scenario(doc).publish({ basis: "X发改价格〔2026〕1号" }).toObject();
  const p = PublishedFees.fromJSON(JSON.stringify(data));
  return `${p.quote("p01", "finance", "1000", "2026-06-01").charge} ${data.caps[0]?.lines[0]?.cap_quoted ?? ""} ${p.validate().valid}`;
}

// @ts-expect-error a number where money is expected
new PublishedFees({} as FeePublication).quote("p01", "finance", 1);
