// The package's Node entry (CommonJS; `import` works too): the wasm-bindgen nodejs build,
// which loads its module synchronously, and the JavaScript API over its `call` (./api.cjs,
// written from ../api.js by scripts/test-wasm.sh).
//
// A WebAssembly trap (a bug in the engine, or memory exhausted) can leave the instance
// unusable: its memory grown to the limit, its stack pointer not restored. So `call` and
// `callJson` here run the current instance and, when it traps, load a fresh one (the glue
// module required again) before throwing a DatafeeError with code "internal" (as the Python
// package does); every later call runs on the fresh instance.
"use strict";
const GLUE = require.resolve("./datafee_wasm.js");
let engine = require(GLUE);
let restarts = 0;

/** A DatafeeError for a trap of the module (code "internal", the trap as its cause). */
function internalError(op, trap) {
  const e = new Error(`internal error in datafee (please report it): ${op}: ${trap?.message ?? trap}; the module was restarted`, { cause: trap });
  e.name = "DatafeeError";
  e.code = "internal";
  e.field = "";
  e.value = String(op);
  return e;
}

/** Whether `e` is a trap of the module rather than an error it threw on purpose. */
function isTrap(e) {
  return e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /memory|allocation/i.test(e.message));
}

/** A fresh instance of the module: the glue module required again. */
function restart() {
  delete require.cache[GLUE];
  engine = require(GLUE);
  restarts++;
}

/** `name` of the current instance; a trap restarts the module and throws code "internal". */
function guarded(name) {
  return function (...args) {
    try {
      return engine[name](...args);
    } catch (e) {
      if (!isTrap(e)) throw e;
      restart();
      throw internalError(name === "call" || name.startsWith("callJson") ? args[0] : name, e);
    }
  };
}

/** How many times the module was restarted after a trap (0 normally). */
function restartCount() {
  return restarts;
}

const call = guarded("call");
const callJson = guarded("callJson");
const callJsonUniqueKeys = guarded("callJsonUniqueKeys");
const operations = guarded("operations");
const version = guarded("version");
const limits = guarded("limits");
const isDatafeeError = guarded("isDatafeeError");
const errorInfo = guarded("errorInfo");
const __selftestTrap = guarded("__selftestTrap");
const { Scenario, PublishedFees, split, shapley, airport, contribution, waterfall, rate, rateLate, checkCompliance, charge, priorYears } =
  require("./api.cjs").createApi({
    call,
    callJson,
    callJsonUniqueKeys,
    limits,
    whatIfOpen: guarded("whatIfOpen"),
    whatIfChange: guarded("whatIfChange"),
    whatIfText: guarded("whatIfText"),
    whatIfCall: guarded("whatIfCall"),
    restarts: restartCount,
  });
// Written so that Node's ES module loader sees every name (`import { Scenario } from "datafee"`):
// only `name` and `name: identifier` members, which its export detection reads.
module.exports = {
  call,
  callJson,
  operations,
  version,
  limits,
  isDatafeeError,
  errorInfo,
  __selftestTrap,
  restarts: restartCount,
  Scenario,
  PublishedFees,
  split,
  shapley,
  airport,
  contribution,
  waterfall,
  rate,
  rateLate,
  checkCompliance,
  charge,
  priorYears,
};
