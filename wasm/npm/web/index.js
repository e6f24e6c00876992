// The package's web entry (browsers and bundlers): the wasm-bindgen web build (call `init()`
// once before anything else) and the JavaScript API over its `call` (./api.js).
import { call, callJson, limits } from "./datafee_wasm.js";
import { createApi } from "./api.js";

export * from "./datafee_wasm.js";
export { default } from "./datafee_wasm.js";
export const { Scenario, split, shapley, airport, contribution, waterfall, rate, checkCompliance, charge, priorYears } =
  createApi({ call, callJson, limits: () => limits() });
