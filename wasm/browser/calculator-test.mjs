// The fee calculator page (examples/web-calculator) in headless Chromium, checked against the
// engine in Node: the same city.json through the installed package's node build must give
// the figures the page shows. Covers a paid quote, the cap's working paper, a refused
// quantity, a free use with its reason, the published list, the regulator's what-if (return
// rate, a forecast, a ledger entry, a refused rate) and the page's keyboard and label basics.
// The page's first load fetches the public build (pkg-public/) and the published fee data
// (city.published.json) only; the chain (pkg/, city.json) is fetched on first use.
// Leaves screenshots in wasm/pkg-browser/calculator*.png.
// Run by `scripts/test-wasm.sh browser` after the package is built and installed.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { call } from "datafee";
import { withBrowser } from "./harness.mjs";
import { build, cityDocument } from "../../examples/web-calculator/build.mjs";
import { compareDecimal, withEdits } from "../../examples/web-calculator/calc.js";

const here = dirname(fileURLToPath(import.meta.url));
const wasmDir = join(here, "..");
const pageDir = join(wasmDir, "..", "examples", "web-calculator");
const outDir = join(wasmDir, "pkg-browser");
mkdirSync(outDir, { recursive: true });
rmSync(join(outDir, "calculator-failure.png"), { force: true });

const failures = [];
let passed = 0;
let browserTiming = "";
const check = (ok, what) => (ok ? passed++ : failures.push(what));
const same = (got, want, what) => check(got === want, `${what}: page shows ${JSON.stringify(got)}, Node computes ${JSON.stringify(want)}`);

await build(); // pkg-public/, pkg/ (from the package just installed), city.json, city.published.json
const doc = await cityDocument();
const published = call("chain.run", { document: doc });
const capOf = (chain, year, pair) => chain.caps.find((c) => c.year === year).lines.find((l) => `${l.product}/${l.scenario}` === pair)?.cap_quoted;

// Cities served as a city would host them, for ?data= (issue 14 item 4): another city, and
// three kinds of bad data (malformed JSON, a float where a decimal string belongs, a fee for
// a product the catalog lacks).
const dataDir = join(outDir, "data");
mkdirSync(dataDir, { recursive: true });
const cityB = structuredClone(doc);
cityB.name = "乙市 City B";
cityB.profile.profit.rate = "0.04";
writeFileSync(join(dataDir, "city-b.json"), JSON.stringify(cityB));
// The fee list's input shape: the document with the 收费公示 fields the city publishes.
const publicationC = { basis: "丙发改价格〔2026〕7号", operator: "丙市数据集团 City C Data Group", complaint_channel: "12345 / data@city-c.example" };
writeFileSync(join(dataDir, "city-c.json"), JSON.stringify({ document: cityB, publication: publicationC }));
writeFileSync(join(dataDir, "malformed.json"), JSON.stringify(doc).slice(0, 500));
writeFileSync(join(dataDir, "float.json"), JSON.stringify(doc).replace(/"amount":"([0-9]+)\.([0-9]+)"/, '"amount":$1.$2'));
// Published fee data as a city would host it (disclosure.publication's result) for city B, and
// one with a float where a decimal string belongs.
const publishedB = call("disclosure.publication", { document: cityB });
writeFileSync(join(dataDir, "city-b.published.json"), JSON.stringify(publishedB));
const floatPublished = structuredClone(publishedB);
floatPublished.caps[0].lines[0].cap_quoted = 1.25;
writeFileSync(join(dataDir, "float.published.json"), JSON.stringify(floatPublished));
const unknown = structuredClone(doc);
unknown.fees[0].product = "p999";
writeFileSync(join(dataDir, "unknown-product.json"), JSON.stringify(unknown));
const chainBStage = () => call("chain.figures", { document: cityB }).stage;
const axePath = createRequire(join(wasmDir, "package.json")).resolve("axe-core/axe.min.js");

await withBrowser({ "/data/": dataDir, "/": pageDir }, async ({ page, url, problems }) => {
  try {
    await drive(page, url);
  } catch (e) {
    failures.push(`the page did not behave: ${e?.message ?? e}`);
    await page.screenshot({ path: join(outDir, "calculator-failure.png"), fullPage: true }).catch(() => {});
  }
  for (const p of problems) failures.push(p);
});

async function drive(page, url) {
  page.setDefaultTimeout(15_000);
  const requested = [];
  page.on("request", (r) => requested.push(new URL(r.url()).pathname));
  const chainRequests = () => requested.filter((p) => p.includes("/pkg/") || p.endsWith("/city.json"));
  const response = await page.goto(url);
  check(response?.ok(), `index.html: HTTP ${response?.status()}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  // ---- the first load: the public build and the published data only, not the chain
  check(requested.some((p) => p.endsWith("/pkg-public/datafee_wasm_bg.wasm")), "the public build's module is fetched at load");
  check(requested.some((p) => p.endsWith("/city.published.json")), "the published fee data is fetched at load");
  same(chainRequests().join(","), "", "nothing of the chain (pkg/, city.json) is fetched at load");
  const value = (sel) => page.getAttribute(sel, "data-value");

  // ---- a paid use: the fee, cap and ceiling equal the engine's in Node
  const paid = { product: "p14", scenario: "enterprise", quantity: "7777", date: "2026-01-01" };
  await page.selectOption("#product", paid.product);
  await page.selectOption("#scenario", paid.scenario);
  await page.fill("#quantity", paid.quantity);
  await page.waitForFunction(() => document.querySelector("#quote-result")?.dataset.state === "ok");
  const q = call("chain.quote", { document: doc, ...paid });
  same(await value("#fee"), q.charge, "paid fee p14/enterprise × 7777");
  same(await value("#cap"), q.cap, "cap of p14/enterprise");
  same(await value("#ceiling"), q.cap_times_quantity, "cap × quantity of p14/enterprise");
  same(await page.getAttribute("#free-status", "data-free"), "false", "p14/enterprise is paid");
  same(await page.getAttribute("#quote-paper figure", "data-id"), q.explanation.id, "the quote's working paper");
  check((await page.textContent("#quote-paper")).includes(q.explanation.formula), "the quote's formula is shown");
  same(chainRequests().join(","), "", "a quote fetches nothing of the chain");

  // the cap's working paper (loads the chain on demand), text then markdown, as chain.working_paper writes it
  await page.click("#cap-paper summary");
  await page.waitForFunction(() => document.querySelector("#cap-paper-text")?.dataset.state === "ok");
  const capRef = { year: q.year, product: paid.product, scenario: paid.scenario };
  same(await page.textContent("#cap-paper-text"), call("chain.working_paper", { document: doc, cap: capRef, format: "text" }).text, "cap working paper (text)");
  await page.selectOption("#cap-paper-format", "markdown");
  same(await page.textContent("#cap-paper-text"), call("chain.working_paper", { document: doc, cap: capRef, format: "markdown" }).text, "cap working paper (markdown)");
  await page.selectOption("#cap-paper-format", "text");
  await page.screenshot({ path: join(outDir, "calculator.png"), fullPage: true });

  // a fee in force in a later year whose cap fell below it: the page says it exceeds the cap
  const late = { product: "p01", scenario: "finance", quantity: "10", date: "2028-03-01" };
  await page.selectOption("#product", late.product);
  await page.selectOption("#scenario", late.scenario);
  await page.fill("#date", late.date);
  await page.fill("#quantity", late.quantity);
  const ql = call("chain.quote", { document: doc, ...late });
  same(await value("#fee"), ql.charge, "p01/finance × 10 on 2028-03-01");
  same(await value("#cap"), ql.cap, "2028 cap of p01/finance");
  same((await page.getAttribute("#within", "class"))?.includes("ok"), ql.within_cap, "within the cap, p01/finance in 2028");
  await page.fill("#date", "2026-01-01");

  // a quantity that is not a decimal string is refused in the page, before the engine
  for (const bad of ["12,5", "1e3", "-4", "0", ""]) {
    await page.fill("#quantity", bad);
    same(await page.getAttribute("#quote-result", "data-state"), "invalid", `quantity ${JSON.stringify(bad)} refused`);
    same(await page.getAttribute("#quantity", "aria-invalid"), "true", `quantity ${JSON.stringify(bad)} marked invalid`);
  }

  // ---- a free use: fee zero, and why
  const free = { product: "p04", scenario: "governance", quantity: "10" };
  await page.selectOption("#product", free.product);
  await page.selectOption("#scenario", free.scenario);
  await page.fill("#quantity", free.quantity);
  const qf = call("chain.quote", { document: doc, ...free, date: "2026-01-01" });
  same(qf.free, true, "Node: p04/governance is free");
  same(await value("#fee"), qf.charge, "free fee p04/governance");
  same(compareDecimal(await value("#fee"), "0"), 0, "a free use costs zero");
  same(await page.getAttribute("#free-status", "data-free"), "true", "p04/governance shown free");
  same(await page.textContent("#free-reason"), qf.reason, "the reason it is free");

  // ---- the published list: every pair, caps as chain.run computes them
  await page.click("#tab-list");
  const pairCount = doc.catalog.products.reduce((n, p) => n + p.scenarios.length, 0);
  same(await page.locator("#fee-list tbody tr").count(), pairCount, "rows in the fee list");
  for (const year of published.mpr.years.map((y) => y.year)) {
    await page.selectOption("#list-year", String(year));
    const caps = await page.$$eval("#fee-list tbody tr", (rows) =>
      Object.fromEntries(rows.map((r) => [r.dataset.pair, r.querySelector(".cap")?.dataset.value ?? null])));
    for (const [pair, cap] of Object.entries(caps)) same(cap, capOf(published, year, pair) ?? null, `fee list ${year} cap of ${pair}`);
  }
  await page.selectOption("#list-year", String(published.mpr.years[0].year));
  await page.screenshot({ path: join(outDir, "calculator-list.png"), fullPage: true });

  // ---- the regulator: the chain loads on first use; what-if recomputes, equal to Node's chain.run on the same edits
  await page.click("#tab-regulator");
  await page.waitForSelector('#panel-regulator[data-ready="true"]', { timeout: 30_000 });
  check(requested.some((p) => p.endsWith("/pkg/datafee_wasm_bg.wasm")) && requested.some((p) => p.endsWith("/city.json")), "the regulator's tab loads the chain build and the scenario document");
  const year = published.mpr.years[0].year;
  const regCaps = () => page.$$eval("#caps-table tbody tr", (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.pair, r.querySelector(".cap")?.dataset.value ?? null])));
  const regMpr = () => page.$$eval("#mpr-table tbody tr", (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.year, r.querySelector(".mpr")?.dataset.value ?? null])));
  const expectChain = async (edits, what) => {
    await page.waitForFunction(() => document.querySelector("#reg-status")?.dataset.state === "ok");
    const chain = call("chain.run", { document: withEdits(doc, edits) });
    const caps = await regCaps();
    let changed = 0;
    for (const [pair, cap] of Object.entries(caps)) {
      same(cap, capOf(chain, year, pair), `${what}: ${year} cap of ${pair}`);
      if (cap !== capOf(published, year, pair)) changed++;
    }
    const mpr = await regMpr();
    for (const y of chain.mpr.years) same(mpr[y.year], y.mpr, `${what}: MPR ${y.year}`);
    return changed;
  };
  same(await page.inputValue("#rate"), doc.profile.profit.rate, "the rate field starts at the document's rate");
  check((await expectChain({}, "published")) === 0, "the regulator starts on the published caps");

  await page.fill("#rate", "0.04");
  const byRate = await expectChain({ rate: "0.04" }, "rate 0.04");
  check(byRate > 0, "a lower return rate changes some caps");
  check(compareDecimal(await page.getAttribute('#caps-table tr[data-pair="p01/finance"] .cap', "data-value"), capOf(published, year, "p01/finance")) < 0,
    "a lower return rate lowers the cap of p01/finance");

  await page.fill("#rate", "0.2");
  await page.waitForFunction(() => document.querySelector("#reg-status")?.dataset.state === "error");
  const refusal = (() => {
    try {
      call("chain.run", { document: withEdits(doc, { rate: "0.2" }) });
    } catch (e) {
      return e;
    }
  })();
  same(await page.getAttribute("#reg-status", "data-code"), "rate_above_bound", "rate 0.2 refused");
  check((await page.textContent("#reg-status")).includes(refusal?.message ?? "(no error in Node)"), "the refusal's message is shown");
  await page.fill("#rate", "0.2x");
  same(await page.getAttribute("#reg-status", "data-code"), "malformed_decimal", "rate 0.2x refused");
  await page.fill("#rate", "0.06");

  const fIndex = doc.forecasts.findIndex((f) => f.product === "p01" && f.scenario === "finance" && f.year === undefined);
  await page.selectOption("#forecast", String(fIndex));
  same(await page.inputValue("#forecast-volume"), doc.forecasts[fIndex].volume, "the forecast field shows the row's volume");
  await page.fill("#forecast-volume", "480000");
  await expectChain({ rate: "0.06", forecast: [{ index: fIndex, volume: "480000" }] }, "p01/finance forecast 480000");
  check(compareDecimal(await page.getAttribute('#caps-table tr[data-pair="p01/finance"] .cap', "data-value"), capOf(published, year, "p01/finance")) < 0,
    "a doubled forecast lowers the cap of p01/finance");

  const lIndex = doc.costs.ledger.entries.findIndex((e) => e.year === year && e.category === "personnel");
  await page.selectOption("#ledger-entry", String(lIndex));
  await page.fill("#ledger-amount", "2860000.00");
  const edits = { rate: "0.06", forecast: [{ index: fIndex, volume: "480000" }], ledger: [{ index: lIndex, amount: "2860000.00" }] };
  await expectChain(edits, "personnel cost 2860000.00");
  check(compareDecimal((await regMpr())[year], published.mpr.years[0].mpr) > 0, "a higher cost raises the MPR");
  const verdicts = await page.locator("#caps-table [data-compliant]").count();
  check(verdicts > 0, "compliance verdicts are shown");
  await page.screenshot({ path: join(outDir, "calculator-regulator.png"), fullPage: true });
  await page.click("#reg-reset");
  await expectChain({}, "after reset");

  // ---- keyboard and labels
  const a11y = await page.evaluate(() => ({
    unlabelled: [...document.querySelectorAll("input, select, textarea")].filter((e) => e.labels.length === 0).map((e) => e.id),
    positiveTabindex: [...document.querySelectorAll("[tabindex]")].filter((e) => e.tabIndex > 0).map((e) => e.id),
    live: document.querySelector("#quote-result")?.getAttribute("aria-live"),
  }));
  same(a11y.unlabelled.join(","), "", "form controls without a <label>");
  same(a11y.positiveTabindex.join(","), "", "elements with a positive tabindex");
  same(a11y.live, "polite", "the result is an aria-live region");
  await page.focus("#tab-regulator");
  await page.keyboard.press("ArrowRight");
  same(await page.evaluate(() => document.activeElement?.id), "tab-calculator", "arrow keys move along the tabs");
  same(await page.isVisible("#panel-calculator"), true, "the calculator panel shows with its tab");
  await page.keyboard.press("Tab");
  same(await page.evaluate(() => document.activeElement?.id), "product", "Tab from the tabs goes to the product");
  await page.evaluate(() => {
    location.hash = "#list";
  });
  await page.waitForFunction(() => !document.querySelector("#panel-list").hidden);
  same(await page.getAttribute("#tab-list", "aria-selected"), "true", "#list in the address opens the fee list");

  // ---- charts: the MPR chart and its table follow a what-if
  await page.click("#tab-regulator");
  const chartTitle = () => page.textContent(`#mpr-chart g[data-year="${year}"] rect.b-cost title`);
  same(await page.locator("#mpr-chart svg[role=img]").count(), 1, "the MPR chart is drawn");
  same(await page.getAttribute("#mpr-chart svg", "aria-describedby"), "mpr-blocks", "the MPR chart points at its table");
  same(await page.getAttribute(`#mpr-blocks tr[data-year="${year}"] .mpr`, "data-value"), published.mpr.years[0].mpr, "the chart's table shows the MPR");
  const before = await chartTitle();
  await page.selectOption("#ledger-entry", String(lIndex));
  await page.fill("#ledger-amount", "2860000.00");
  await page.waitForFunction(() => document.querySelector("#reg-status")?.dataset.state === "ok");
  const whatIf = call("chain.run", { document: withEdits(doc, { ledger: [{ index: lIndex, amount: "2860000.00" }] }) });
  check((await chartTitle()) !== before && (await chartTitle()).includes(whatIf.mpr.years[0].permitted_cost), "the MPR chart follows the what-if");
  same(await page.getAttribute(`#mpr-blocks tr[data-year="${year}"] .mpr`, "data-value"), whatIf.mpr.years[0].mpr, "the chart's table follows the what-if");
  await page.click("#reg-reset");
  await page.click("#tab-list");
  check((await page.locator("#caps-chart svg g[data-pair]").count()) > 0, "the caps chart is drawn");
  same(await page.locator("#caps-chart-table tbody tr").count(), await page.locator("#caps-chart svg g[data-pair]").count(), "one table row per bar of the caps chart");

  // ---- axe-core: no serious or critical violation, on every tab
  for (const tab of ["#tab-calculator", "#tab-list", "#tab-regulator"]) {
    await page.click(tab);
    await page.addScriptTag({ path: axePath });
    const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target}`));
    same(found.join("; "), "", `axe-core serious/critical violations on ${tab}`);
  }

  // ---- 375 px: no horizontal scroll of the page itself; a screenshot
  await page.setViewportSize({ width: 375, height: 740 });
  await page.click("#tab-calculator");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `the page is ${overflow} px wider than a 375 px screen`);
  await page.screenshot({ path: join(outDir, "calculator-375.png"), fullPage: true });
  await page.setViewportSize({ width: 1000, height: 700 });

  // ---- the browser timing of one recompute (what the page does at each edit, on the calculator build: withChanges
  // on the published scenario, the copy kept in the module, then chain.summary on it; median of 100 after 20 warm-up
  // runs), then summary() alone on one copy and chain.figures on it: measurements, printed, not asserted (benches/README.md)
  const timing = await page.evaluate(async () => {
    const { Scenario } = await import("./pkg/index.js");
    // As the regulator tab: the what-if copy withChanges makes (a Scenario from an object).
    const base = Scenario.fromJSON(await (await fetch("city.json")).text());
    const change = { "profile.profit.rate": base.toObject().profile.profit.rate };
    const s = base.withChanges(change);
    const time = (fn) => {
      const times = [];
      for (let i = 0; i < 120; i++) {
        const t0 = performance.now();
        fn();
        if (i >= 20) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { median: times[50], min: times[0] };
    };
    // The whole figures (the recompute before chain.summary) timed right after, for the ratio.
    return { page: time(() => base.withChanges(change).summary()), summary: time(() => s.summary()), figures: time(() => s.figures()) };
  });
  browserTiming = `browser recompute (the page's: withChanges + chain.summary; calculator build, headless Chromium): median of 100 ${timing.page.median.toFixed(2)} ms, ` +
    `min ${timing.page.min.toFixed(2)} ms (summary() alone on one copy: median ${timing.summary.median.toFixed(2)} ms, min ${timing.summary.min.toFixed(2)} ms; ` +
    `chain.figures on it: median ${timing.figures.median.toFixed(2)} ms, min ${timing.figures.min.toFixed(2)} ms)`;

  // ---- any city's data from a URL; bad data is a clear message and the page keeps working
  await page.goto(`${url}?data=data/city-b.json`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  check((await page.textContent("#city-name")).includes("乙市 City B"), "?data= loads another city");
  same(await page.getAttribute("#city-name .stage", "data-stage"), chainBStage(), "the stage (试行 or 正式) is shown");
  same(await page.getAttribute("#data-status", "data-state"), "ok", "the city's data is reported loaded");
  const chainB = call("chain.run", { document: cityB });
  await page.click("#tab-list");
  same(await page.getAttribute('#fee-list tr[data-pair="p01/finance"] .cap', "data-value"), capOf(chainB, chainB.mpr.years[0].year, "p01/finance"), "city B's cap of p01/finance");
  // A scenario document as data: the regulator's tab runs on it (its caps, not the bundled city's).
  await page.click("#tab-regulator");
  await page.waitForSelector('#panel-regulator[data-ready="true"]', { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector("#reg-status")?.dataset.state === "ok");
  same(await page.getAttribute('#caps-table tr[data-pair="p01/finance"] .cap', "data-value"), capOf(chainB, chainB.mpr.years[0].year, "p01/finance"), "city B's regulator tab");
  // Published data as data: the public build alone; quotes equal Node's chain.quote on city B.
  requested.length = 0;
  await page.goto(`${url}?data=data/city-b.published.json`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  same(await page.getAttribute("#data-status", "data-state"), "ok", "published data from ?data= is loaded");
  check((await page.textContent("#city-name")).includes("乙市 City B"), "?data= loads city B's published data");
  same(chainRequests().join(","), "", "published data from ?data= needs nothing of the chain");
  await page.click("#tab-calculator");
  await page.selectOption("#product", paid.product);
  await page.selectOption("#scenario", paid.scenario);
  await page.fill("#quantity", "7778");
  await page.waitForFunction(() => document.querySelector("#quote-result")?.dataset.state === "ok");
  same(await value("#fee"), call("chain.quote", { document: cityB, ...paid, quantity: "7778" }).charge, "city B's published data: the quote is chain.quote's");
  same(await value("#cap"), call("chain.quote", { document: cityB, ...paid, quantity: "7778" }).cap, "city B's published data: the cap is chain.quote's");
  await page.click("#tab-list");
  same(await page.getAttribute('#fee-list tr[data-pair="p01/finance"] .cap', "data-value"), capOf(chainB, chainB.mpr.years[0].year, "p01/finance"), "city B's published cap of p01/finance");
  // Without its scenario document the regulator's tab says so, and the page keeps working.
  await page.click("#tab-regulator");
  await page.waitForSelector('#panel-regulator[data-ready="error"]', { timeout: 30_000 });
  same(await page.getAttribute("#reg-status", "data-state"), "error", "published data alone: the regulator's tab explains it needs the document");
  // The 收费公示 fields: the engine's defaults for city B, the city's own for city C.
  const feeListB = call("disclosure.fee_list", { document: cityB, format: "json" });
  same(await page.textContent('#publication dd[data-field="complaint_channel"]'), feeListB.complaint_channel, "city B: the default complaint channel");
  await page.goto(`${url}?data=data/city-c.json`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  same(await page.getAttribute("#data-status", "data-state"), "ok", "{document, publication} is loaded");
  for (const key of ["basis", "operator", "complaint_channel"]) {
    same(await page.textContent(`#publication dd[data-field="${key}"]`), publicationC[key], `city C: ${key} as published`);
  }
  await page.click("#tab-list");
  same(await page.getAttribute('#fee-list tr[data-pair="p01/finance"] .cap', "data-value"), capOf(chainB, chainB.mpr.years[0].year, "p01/finance"), "city C's caps are city B's");
  /** The error Node's engine gives on a bad city file (what the page must show). */
  const nodeError = (file) => {
    try {
      call("chain.figures", { document: JSON.parse(readFileSync(join(dataDir, file), "utf8")) });
    } catch (e) {
      return e;
    }
    return null;
  };
  for (const [file, code, field] of [["malformed.json", "parse", null], ["float.json", "decimal_not_string", nodeError("float.json")?.field],
    ["float.published.json", "decimal_not_string", "publication.caps[0].lines[0].cap_quoted"],
    ["unknown-product.json", "unknown_id", nodeError("unknown-product.json")?.field]]) {
    await page.goto(`${url}?data=data/${file}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    same(await page.getAttribute("#data-status", "data-state"), "error", `${file}: refused`);
    same(await page.getAttribute("#data-status", "data-code"), code, `${file}: code`);
    const shownField = (await page.getAttribute("#data-status .error-box", "data-field")) ?? "";
    check(field === null || (field && shownField === field), `${file}: the field at fault is named (${shownField}, Node: ${field})`);
    check((await page.textContent("#city-name")).includes(doc.name), `${file}: the bundled city is shown instead`);
    await page.fill("#quantity", "10");
    await page.waitForFunction(() => document.querySelector("#quote-result")?.dataset.state === "ok");
  }
  await page.screenshot({ path: join(outDir, "calculator-bad-data.png"), fullPage: true });
}

for (const f of failures) console.log(`FAIL ${f}`);
console.log(`screenshots: ${["calculator.png", "calculator-list.png", "calculator-regulator.png", "calculator-375.png", "calculator-bad-data.png"].map((f) => join(outDir, f)).join(", ")}`);
if (browserTiming) console.log(browserTiming);
console.log(`calculator: ${passed} passed, ${failures.length} failed`);
process.exitCode = failures.length ? 1 : 0;
