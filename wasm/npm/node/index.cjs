// The package's Node entry (CommonJS; `import` works too): the wasm-bindgen nodejs build,
// which loads its module synchronously, and the JavaScript API over its `call` (./api.cjs,
// written from ../api.js by scripts/test-wasm.sh).
"use strict";
const { call, callJson } = require("./datafee_wasm.js");
const { Scenario, split, shapley, airport, contribution, waterfall, rate, checkCompliance, charge, priorYears } =
  require("./api.cjs").createApi({ call, callJson });
// Written so that Node's ES module loader sees every name (`import { Scenario } from "datafee"`).
module.exports = { ...require("./datafee_wasm.js"), Scenario, split, shapley, airport, contribution, waterfall, rate, checkCompliance, charge, priorYears };
