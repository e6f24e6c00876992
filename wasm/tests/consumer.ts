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

export { digits, text, v, badCode, notYetNarrowed };
