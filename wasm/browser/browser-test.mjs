// The browser test: the installed npm package's web build in headless Chromium runs every
// golden vector (the rule of core/tests/vectors.rs), throws real Errors with code/field/value,
// and leaves a screenshot in wasm/pkg-browser/smoke.png.
// Run by `scripts/test-wasm.sh browser` after the package is built and installed.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { withBrowser } from "./harness.mjs";
import { vectorFiles } from "../tests/support.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const wasmDir = join(here, "..");
const outDir = join(wasmDir, "pkg-browser");
mkdirSync(outDir, { recursive: true });

const failures = [];
let passed = 0;
const check = (ok, what) => (ok ? passed++ : failures.push(what));

await withBrowser(
  {
    "/datafee/": join(wasmDir, "node_modules", "datafee"),
    "/tests/": join(wasmDir, "tests"),
    "/": here,
  },
  async ({ page, url, problems }) => {
    const response = await page.goto(url + "smoke.html");
    check(response?.ok(), `smoke.html: HTTP ${response?.status()}`);
    await page.waitForFunction(() => window.datafeeReady !== undefined);
    await page.evaluate(() => window.datafeeReady);

    const files = vectorFiles();
    const run = await page.evaluate((fs) => window.runVectors(fs), files);
    passed += run.passed;
    failures.push(...run.failures);
    check(run.passed + run.failures.length === files.reduce((n, f) => n + f.cases.length, 0), "not every vector ran");

    const err = await page.evaluate(() => {
      try {
        window.datafee.call("money.round", { value: 1.5 });
        return null;
      } catch (e) {
        return { isError: e instanceof Error, name: e.name, code: e.code, field: e.field, value: e.value };
      }
    });
    check(
      err?.isError && err.name === "DatafeeError" && err.code === "decimal_not_string" && err.field === "value",
      `a number as money in the browser: ${JSON.stringify(err)}`,
    );

    // The JavaScript API (the package's web entry) in the browser: a method equals `call` on
    // the same input, and a number as money is refused.
    const doc = files.find((f) => f.file === "chain.json").cases.find((c) => c.op === "chain.quote" && c.expected).input;
    const api = await page.evaluate((input) => {
      const { Scenario, call, split } = window.datafee;
      const s = Scenario.fromJSON(JSON.stringify(input.document));
      const same = JSON.stringify(s.quote(input.product, input.scenario, input.quantity, input.date)) === JSON.stringify(call("chain.quote", input));
      let code = null;
      try {
        split("1.00", { a: 1 });
      } catch (e) {
        code = e.code;
      }
      return { same, code, shares: split("1.00", { a: "1", b: "2" }).shares.map((x) => x.share) };
    }, doc);
    check(api.same, "Scenario.quote in the browser differs from call");
    check(api.code === "decimal_not_string", `split with a number in the browser: ${api.code}`);
    check(JSON.stringify(api.shares) === '["0.33","0.67"]', `split in the browser: ${api.shares}`);

    const wasmType = await page.evaluate(async () => (await fetch("/datafee/web/datafee_wasm_bg.wasm")).headers.get("content-type"));
    check(wasmType === "application/wasm", `the .wasm is served as ${wasmType}`);

    await page.screenshot({ path: join(outDir, "smoke.png"), fullPage: true });
    const status = await page.textContent("#status");
    console.log(`page says: ${status}`);
    for (const p of problems) failures.push(p);
  },
);

for (const f of failures) console.log(`FAIL ${f}`);
console.log(`screenshot: ${join(outDir, "smoke.png")}`);
console.log(`browser: ${passed} passed, ${failures.length} failed`);
process.exitCode = failures.length ? 1 : 0;
