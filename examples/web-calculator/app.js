// The public fee calculator page. At load it fetches the datafee package's public build
// (./pkg-public: quotes from published fee data, compliance, rounding; no chain) and the city's
// published fee data (city.published.json, `disclosure.publication`'s result, written by the
// engine in build.mjs): the approved caps, the fees, the free uses and the 收费公示 header. Three tabs:
//   收费查询 Fee calculator   publication.quote (the same quote as chain.quote) for a product,
//                             scenario, quantity and date, with the quote's working paper; the
//                             cap's paper (chain.working_paper) loads the chain on demand
//   公示收费标准 Fee list      every (product, scenario), its published cap and the fees in force
//   监管测算 Regulator         loads the calculator build (./pkg: the chain) and the scenario
//                             document (city.json) on first use, then reruns the chain on a what-if
//                             copy of the document at every keystroke
// Every amount stays a decimal string from the engine to the screen; the page only groups
// digits for display (the raw string is kept in data-value).
import init, { PublishedFees, call, checkCompliance, errorInfo, version } from "./pkg-public/index.js";
import {
  CATEGORY, CHARGING_FORM, UNIT, checkQuantity, compareDecimal, feesInForceDuring, forecastLabel,
  groupDigits, label, ledgerEntryLabel, pairs, whatIfChanges, MPR_BLOCKS, mprChartSvg, capsChartSvg, unitPrice,
} from "./calc.js";

const $ = (id) => document.getElementById(id);

/** Build an element: el("td", { class: "num", dataset: { value: "1" } }, "text", child...). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "dataset") Object.assign(node.dataset, v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Chinese text followed by its English in a lang="en" span. */
const bi = (zh, en) => [zh + " ", el("span", { lang: "en", class: "en" }, en)];

/** An amount for display: digits grouped, the engine's string kept in data-value. */
const money = (value, attrs = {}) => el("span", { class: "amount", ...attrs, dataset: { value, ...(attrs.dataset ?? {}) } }, groupDigits(value));

/** A refused input as an element: the stable code, the field at fault and the message. */
function errorView(e, zh = "引擎拒绝了输入", en = "the engine refused the input") {
  const info = errorInfo(e);
  if (!info) {
    console.warn(e);
    return el("div", { class: "error-box" }, ...bi(zh, en), ": ", String(e?.message ?? e));
  }
  return el(
    "div",
    { class: "error-box", dataset: { code: info.code, field: info.field } },
    el("strong", {}, ...bi(zh, en)),
    el("br"),
    el("code", {}, info.code), " · ", el("code", {}, info.field || "(input)"), " · ", info.message,
  );
}

/** An explanation (底稿 entry) as a figure: title, formula, inputs, result, rounding, notes. */
function explanationView(e) {
  return el(
    "figure",
    { class: "explanation", dataset: { id: e.id } },
    el("figcaption", {}, e.title),
    el("p", { class: "formula" }, el("code", {}, e.formula)),
    e.inputs.length
      ? el("table", { class: "inputs" },
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, ...bi("输入", "input")), el("th", { scope: "col" }, ...bi("数值", "value")))),
          el("tbody", {}, e.inputs.map((i) => el("tr", {}, el("th", { scope: "row" }, i.name), el("td", { class: "val" }, i.value)))))
      : null,
    el("p", { class: "explained-result" }, "= ", el("strong", {}, e.result), e.rounding ? el("span", { class: "rounding" }, `  (${e.rounding})`) : null),
    e.notes?.length ? el("ul", { class: "notes" }, e.notes.map((n) => el("li", {}, n))) : null,
  );
}

/** The verdict of one fee against one cap (schedule.compliance), as an element. */
function verdictView(fee, cap, step) {
  let v;
  try {
    v = checkCompliance(fee.schedule, cap, step);
  } catch (e) {
    return errorView(e);
  }
  if (v.compliant) return el("span", { class: "ok", dataset: { compliant: "true" } }, "✓ ", ...bi("不超过上限", "within the cap"));
  const b = v.first_breach;
  return el(
    "span",
    { class: "bad", dataset: { compliant: "false" }, title: v.explanation.notes?.join("; ") ?? "" },
    "✗ ", ...bi("超出上限", "exceeds the cap"),
    b ? ` (q = ${b.quantity}: ${b.charge} > ${b.cap_times_quantity}, ${b.field})` : "",
  );
}

// ------------------------------------------------------------------ state
const S = {
  pub: null, // the published fee data (a PublishedFees of the public build)
  data: null, // the same as a plain object: name, stage, header, products, scenarios, fees, caps
  docSource: null, // where the scenario document behind it is: { url } or { text }, or null (none)
  scenario: null, // that scenario (a Scenario of the calculator build), once the chain is loaded
  doc: null, // its document, as a plain object
  chain: null, // chain.summary on it (the regulator's published figures: stage, MPR by year, caps)
  products: new Map(),
  scenarios: new Map(),
  years: [],
  what: { rate: "", ledger: new Map(), forecast: new Map() }, // the regulator's edits
};

const productOf = (id) => S.products.get(id);
const unitOf = (p) => `${p.unit}${UNIT[p.unit] ? " " + UNIT[p.unit] : ""}`;
const productText = (p) => `${p.id} ${p.name_zh ?? ""} · ${p.name}`;
const capLine = (chain, year, product, scenario) =>
  chain.caps.find((c) => c.year === year)?.lines.find((l) => l.product === product && l.scenario === scenario);
/** The published catalog in the shape calc.js' `pairs` reads. */
const catalogOf = (data) => ({ products: data.products, scenarios: data.scenarios });

// ------------------------------------------------------------------ the chain, on first use
let chainModule;
/**
 * The calculator build (./pkg: the pricing chain), imported and instantiated on first use (the
 * regulator tab, the cap's working paper, a scenario document given as data): not part of the
 * page's first load.
 */
function loadChain() {
  chainModule ??= import("./pkg/index.js").then(async (m) => {
    await m.default();
    return m;
  });
  return chainModule;
}

let scenarioReady;
/**
 * The scenario document behind the published data, read by the chain build (`S.scenario`,
 * `S.doc`, `S.chain`): the bundled city.json for the bundled data, the document itself when a
 * scenario document was given. Throws when there is none (published data from elsewhere).
 */
function loadScenario() {
  scenarioReady ??= (async () => {
    const src = S.docSource;
    if (!src) {
      throw Object.assign(new Error("这份公示数据没有附带测算方案文档，无法测算 — published data without its scenario document: load the scenario document (?data=) to use the regulator's tools"), { code: "no_document" });
    }
    const [{ Scenario }, text] = await Promise.all([loadChain(), src.text ?? fetch(src.url).then((r) => {
      if (!r.ok) throw new Error(`${src.url}: HTTP ${r.status}`);
      return r.text();
    })]);
    const scenario = S.scenario ?? Scenario.fromJSON(text);
    S.scenario = scenario;
    S.doc = scenario.toObject();
    S.chain = scenario.summary();
  })();
  scenarioReady.catch(() => {
    scenarioReady = undefined; // a later click tries again
  });
  return scenarioReady;
}

/** A "loading the engine…" state in `box` while `promise` runs. */
function loading(box) {
  box.dataset.state = "loading";
  box.replaceChildren(...bi("正在加载测算引擎…", "loading the engine…"));
}

// ------------------------------------------------------------------ tabs (WAI-ARIA tabs pattern)
function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
    history.replaceState(null, "", "#" + tab.id.replace(/^tab-/, ""));
  };
  for (const t of tabs) {
    t.addEventListener("click", () => select(t, false));
    t.addEventListener("keydown", (ev) => {
      const i = tabs.indexOf(t);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      select(tabs[(to + tabs.length) % tabs.length], true);
    });
  }
  const fromHash = () => {
    const t = tabs.find((t) => "#" + t.id.replace(/^tab-/, "") === location.hash);
    if (t) select(t, false);
  };
  window.addEventListener("hashchange", fromHash);
  fromHash();
}

// ------------------------------------------------------------------ the calculator
function fillScenarios() {
  const p = productOf($("product").value);
  const sel = $("scenario");
  const keep = sel.value;
  sel.replaceChildren(
    ...p.scenarios.map((sid) => {
      const s = S.scenarios.get(sid);
      const c = label(CATEGORY, s.category);
      return el("option", { value: sid }, `${s.name} — ${c.zh} ${c.en} · ${c.free ? "免费 free" : "收费 paid"}`);
    }),
  );
  if (p.scenarios.includes(keep)) sel.value = keep;
  $("quantity-unit").textContent = `(${unitOf(p)})`;
}

function quote() {
  const out = $("quote-result");
  const paper = $("quote-paper");
  const qty = checkQuantity($("quantity").value);
  const qInput = $("quantity");
  if (!qty.ok) {
    qInput.setAttribute("aria-invalid", "true");
    $("quantity-error").replaceChildren(...bi(qty.zh, qty.en));
    out.replaceChildren(el("p", { class: "error-box", dataset: { code: "quantity" } }, ...bi(qty.zh, qty.en)));
    paper.replaceChildren();
    out.dataset.state = "invalid";
    return;
  }
  qInput.removeAttribute("aria-invalid");
  $("quantity-error").replaceChildren();
  let q;
  try {
    q = S.pub.quote($("product").value, $("scenario").value, qty.value, $("date").value || undefined);
  } catch (e) {
    out.replaceChildren(errorView(e));
    paper.replaceChildren();
    out.dataset.state = "error";
    return;
  }
  const p = productOf(q.product);
  const s = S.scenarios.get(q.scenario);
  const c = label(CATEGORY, q.category);
  const rows = [];
  const row = (zh, en, ...value) => rows.push(el("div", { class: "row" }, el("dt", {}, ...bi(zh, en)), el("dd", {}, ...value)));
  row("应付费用", "Fee", money(q.charge, { id: "fee", class: "amount fee" }), " 元 yuan");
  if (q.free) {
    row("免费或收费", "Free or paid", el("span", { class: "free", id: "free-status", dataset: { free: "true" } }, ...bi("免费", "free")), ` — ${c.zh} ${c.en}`);
    row("免费原因", "Why free", el("span", { id: "free-reason" }, q.reason));
  } else {
    row("免费或收费", "Free or paid", el("span", { class: "paid", id: "free-status", dataset: { free: "false" } }, ...bi("收费", "paid")), ` — ${c.zh} ${c.en}`);
    row("上限收费标准", "Cap per unit", money(q.cap, { id: "cap" }), ` 元 / ${unitOf(p)} (${q.year})`);
    row("上限 × 数量（不得超过）", "Cap × quantity, not to be exceeded", money(q.cap_times_quantity, { id: "ceiling" }), " 元 yuan");
    row("执行的收费标准", "Fee in force", `${q.schedule} · 自 ${q.effective} 起 from`);
    row(
      "是否在上限内",
      "Within the cap",
      q.within_cap
        ? el("span", { class: "ok", id: "within" }, "✓ ", ...bi("是", "yes"))
        : el("span", { class: "bad", id: "within" }, "✗ ", ...bi("否：收费超出上限 × 数量", "no: the charge exceeds cap × quantity")),
    );
  }
  out.replaceChildren(
    el("p", { class: "summary" },
      `${p.name_zh ?? p.name} · ${s.name} · ${q.quantity} ${unitOf(p)}: `,
      el("strong", {}, groupDigits(q.charge), " 元"), q.free ? " (免费 free)" : ""),
    el("dl", {}, rows),
  );
  out.dataset.state = "ok";
  paper.replaceChildren(explanationView(q.explanation));
  S.lastQuote = q;
  if ($("cap-paper").open) capPaper();
}

async function capPaper() {
  const pre = $("cap-paper-text");
  const q = S.lastQuote;
  if (!q) {
    pre.textContent = "—";
    return;
  }
  if (!S.scenario) {
    loading(pre);
    try {
      await loadScenario();
    } catch (e) {
      pre.textContent = String(e?.message ?? e);
      pre.dataset.state = "error";
      return;
    }
    if (S.lastQuote !== q) return; // a newer quote has redrawn the paper
  }
  try {
    const wp = S.scenario.workingPaper({
      cap: { year: q.year, product: q.product, scenario: q.scenario },
      format: $("cap-paper-format").value,
    });
    pre.textContent = wp.text;
    pre.dataset.state = "ok";
  } catch (e) {
    const info = errorInfo(e);
    pre.textContent = info ? `${info.code} · ${info.field}: ${info.message}` : String(e);
    pre.dataset.state = "error";
  }
}

function setupCalculator() {
  $("product").replaceChildren(...S.data.products.map((p) => el("option", { value: p.id }, productText(p))));
  fillScenarios();
  const first = S.years[0];
  const last = S.years.at(-1);
  Object.assign($("date"), { value: `${first}-01-01`, min: `${first}-01-01`, max: `${last}-12-31` });
  $("product").addEventListener("change", () => {
    fillScenarios();
    quote();
  });
  for (const id of ["scenario", "date"]) $(id).addEventListener("change", quote);
  $("quantity").addEventListener("input", quote);
  $("quote-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    quote();
  });
  $("cap-paper").addEventListener("toggle", () => $("cap-paper").open && capPaper());
  $("cap-paper-format").addEventListener("change", capPaper);
  quote();
}

// ------------------------------------------------------------------ the published fee list
/** The actual fees of a pair in force during `year`, each with its verdict against `cap`. */
function feesCell(doc, product, scenario, year, cap) {
  const fees = feesInForceDuring(doc.fees ?? [], product.id, scenario.id, year);
  if (!fees.length) return el("span", { class: "muted" }, ...bi("未公布", "none published"));
  const describe = (f) => {
    try {
      return call("schedule.validate", { schedule: f.schedule }).description;
    } catch {
      return f.schedule.kind;
    }
  };
  return el("ul", { class: "fees" }, fees.map((f) =>
    el("li", {}, `${describe(f)} · 自 ${f.effective} 起 from`, el("br"), cap ? verdictView(f, cap, product.step ?? "1") : null)));
}

function renderList() {
  const year = Number($("list-year").value);
  const body = $("fee-list").tBodies[0];
  body.replaceChildren(
    ...pairs(catalogOf(S.data)).map(({ product: p, scenario: s }) => {
      const c = label(CATEGORY, s.category);
      const f = label(CHARGING_FORM, p.charging_form);
      const line = capLine(S.data, year, p.id, s.id);
      return el(
        "tr",
        { dataset: { pair: `${p.id}/${s.id}` }, class: c.free ? "free-row" : "" },
        el("th", { scope: "row" }, el("span", { class: "pid" }, p.id), " ", p.name_zh ?? "", el("br"), el("span", { lang: "en", class: "en" }, p.name)),
        el("td", {}, s.name),
        el("td", {}, ...bi(c.zh, c.en)),
        el("td", {}, c.free ? el("span", { class: "free" }, ...bi("免费", "free")) : el("span", { class: "paid" }, ...bi("收费", "paid"))),
        el("td", {}, ...bi(f.zh, f.en), el("br"), el("span", { class: "muted" }, `/ ${unitOf(p)}`)),
        el("td", { class: "num" }, line?.cap_quoted ? money(line.cap_quoted, { class: "amount cap" }) : el("span", { class: "muted" }, "—")),
        el("td", {}, c.free ? el("span", { class: "muted" }, line?.free_reason ?? "") : feesCell(S.data, p, s, year, line?.cap_quoted)),
      );
    }),
  );
  renderCapsChart(year);
}

/** The published list's chart: each paid use's actual unit fee as a share of its cap, with its table. */
function renderCapsChart(year) {
  const rows = [];
  for (const { product: p, scenario: s } of pairs(catalogOf(S.data))) {
    if (label(CATEGORY, s.category).free) continue;
    const cap = capLine(S.data, year, p.id, s.id)?.cap_quoted;
    if (!cap) continue;
    const fee = feesInForceDuring(S.data.fees ?? [], p.id, s.id, year).at(-1);
    rows.push({ pair: `${p.id}/${s.id}`, label: `${p.id} · ${s.id}`, cap, fee: fee ? unitPrice(fee.schedule) : null });
  }
  $("caps-chart").innerHTML = capsChartSvg(rows, { tableId: "caps-chart-table" });
  $("caps-chart-table").tBodies[0].replaceChildren(
    ...rows.map((r) => el("tr", { dataset: { pair: r.pair } },
      el("th", { scope: "row" }, r.label),
      el("td", { class: "num" }, money(r.cap)),
      el("td", { class: "num" }, r.fee ? money(r.fee) : "—"))),
  );
}

/** The regulator's chart: the MPR by year with its blocks, and the table behind it. */
function renderMprChart(chain) {
  $("mpr-chart").innerHTML = mprChartSvg(chain.mpr.years, { tableId: "mpr-blocks" });
  $("mpr-blocks").tBodies[0].replaceChildren(
    ...chain.mpr.years.map((y) => el("tr", { dataset: { year: y.year } },
      el("th", { scope: "row" }, y.year),
      ...MPR_BLOCKS.map((b) => el("td", { class: "num" }, money(y[b.key] ?? "0"))),
      el("td", { class: "num" }, money(y.mpr, { class: "amount mpr" })))),
  );
}

function setupList() {
  $("list-year").replaceChildren(...S.years.map((y) => el("option", { value: y }, y)));
  $("list-year").addEventListener("change", renderList);
  renderList();
}

// ------------------------------------------------------------------ the regulator
/** The published scenario with the regulator's edits (a copy: the published one is unchanged). */
function whatIfScenario() {
  return S.scenario.withChanges(whatIfChanges({
    rate: S.what.rate,
    ledger: [...S.what.ledger].map(([index, amount]) => ({ index, amount })),
    forecast: [...S.what.forecast].map(([index, volume]) => ({ index, volume })),
  }));
}

function recompute() {
  const status = $("reg-status");
  // The edits change figures only: the catalog and the fees are the published ones.
  const doc = S.doc;
  let t0;
  let chain;
  try {
    // Timed: the what-if copy (kept in the module) and its summary, all a recompute does.
    t0 = performance.now();
    chain = whatIfScenario().summary();
  } catch (e) {
    status.replaceChildren(errorView(e, "无法重算", "cannot recompute"));
    status.dataset.state = "error";
    status.dataset.code = errorInfo(e)?.code ?? "";
    for (const t of ["mpr-table", "caps-table"]) $(t).classList.add("stale");
    return;
  }
  const ms = performance.now() - t0;
  status.replaceChildren(el("span", { class: "ok" }, "✓ ", ...bi("已重算", "recomputed"), ` (withChanges + chain.summary ${ms.toFixed(1)} ms)`));
  status.dataset.state = "ok";
  status.dataset.code = "";
  for (const t of ["mpr-table", "caps-table"]) $(t).classList.remove("stale");
  S.whatChain = chain;

  $("mpr-table").tBodies[0].replaceChildren(
    ...chain.mpr.years.map((y) => {
      const before = S.chain.mpr.years.find((b) => b.year === y.year)?.mpr ?? "0";
      return el("tr", { dataset: { year: y.year } },
        el("th", { scope: "row" }, y.year),
        el("td", { class: "num" }, money(before)),
        el("td", { class: "num" }, money(y.mpr, { class: "amount mpr" }), change(before, y.mpr)));
    }),
  );

  renderMprChart(chain);
  const year = Number($("reg-year").value);
  $("caps-year").textContent = `(${year})`;
  $("caps-table").tBodies[0].replaceChildren(
    ...pairs(doc.catalog)
      .filter(({ scenario }) => !label(CATEGORY, scenario.category).free)
      .map(({ product: p, scenario: s }) => {
        const before = capLine(S.chain, year, p.id, s.id)?.cap_quoted;
        const after = capLine(chain, year, p.id, s.id)?.cap_quoted;
        return el("tr", { dataset: { pair: `${p.id}/${s.id}` } },
          el("th", { scope: "row" }, el("span", { class: "pid" }, p.id), ` ${p.name_zh ?? p.name} · ${s.name}`),
          el("td", { class: "num" }, before ? money(before) : "—"),
          el("td", { class: "num" }, after ? money(after, { class: "amount cap" }) : "—", before && after ? change(before, after) : null),
          el("td", {}, feesCell(doc, p, s, year, null)),
          el("td", { class: "verdicts" }, verdictsFor(doc, p, s, year, after)));
      }),
  );
}

/** The verdicts of the fees in force during `year` against `cap`, one per fee. */
function verdictsFor(doc, p, s, year, cap) {
  const fees = feesInForceDuring(doc.fees ?? [], p.id, s.id, year);
  if (!fees.length || !cap) return el("span", { class: "muted" }, "—");
  return el("ul", { class: "fees" }, fees.map((f) => el("li", {}, verdictView(f, cap, p.step ?? "1"))));
}

/** ▲/▼ against the published figure, with words for screen readers. */
function change(before, after) {
  const k = compareDecimal(after, before);
  if (k === 0) return null;
  return el("span", { class: k > 0 ? "up" : "down", title: k > 0 ? "上升 higher" : "下降 lower" },
    k > 0 ? " ▲" : " ▼", el("span", { class: "visually-hidden" }, k > 0 ? "上升 higher" : "下降 lower"));
}

/** The regulator's tab: the chain and the scenario document load when it is first opened. */
async function openRegulator() {
  const panel = $("panel-regulator");
  if (panel.dataset.ready === "true" || panel.dataset.ready === "loading") return;
  panel.dataset.ready = "loading";
  const status = $("reg-status");
  loading(status);
  try {
    await loadScenario();
  } catch (e) {
    panel.dataset.ready = "error";
    status.dataset.state = "error";
    status.replaceChildren(errorInfo(e) ? errorView(e, "无法加载测算", "cannot load the chain") : String(e?.message ?? e));
    return;
  }
  setupRegulator();
  panel.dataset.ready = "true";
}

function setupRegulator() {
  const doc = S.doc;
  const entries = doc.costs?.ledger?.entries ?? [];
  const forecasts = doc.forecasts ?? [];
  S.what.rate = doc.profile?.profit?.rate ?? "";
  $("rate").value = S.what.rate;
  $("ledger-entry").replaceChildren(...entries.map((e, i) => el("option", { value: i }, ledgerEntryLabel(e))));
  $("forecast").replaceChildren(...forecasts.map((f, i) => el("option", { value: i }, forecastLabel(f))));
  $("reg-year").replaceChildren(...S.years.map((y) => el("option", { value: y }, y)));
  const showLedger = () => {
    const i = Number($("ledger-entry").value);
    $("ledger-amount").value = S.what.ledger.get(i) ?? entries[i]?.amount ?? "";
  };
  const showForecast = () => {
    const i = Number($("forecast").value);
    $("forecast-volume").value = S.what.forecast.get(i) ?? forecasts[i]?.volume ?? "";
  };
  showLedger();
  showForecast();
  $("rate").addEventListener("input", () => {
    S.what.rate = $("rate").value.trim();
    recompute();
  });
  $("ledger-entry").addEventListener("change", showLedger);
  $("forecast").addEventListener("change", showForecast);
  $("ledger-amount").addEventListener("input", () => {
    S.what.ledger.set(Number($("ledger-entry").value), $("ledger-amount").value.trim());
    recompute();
  });
  $("forecast-volume").addEventListener("input", () => {
    S.what.forecast.set(Number($("forecast").value), $("forecast-volume").value.trim());
    recompute();
  });
  $("reg-year").addEventListener("change", recompute);
  $("reg-reset").addEventListener("click", () => {
    S.what = { rate: doc.profile?.profit?.rate ?? "", ledger: new Map(), forecast: new Map() };
    $("rate").value = S.what.rate;
    showLedger();
    showForecast();
    recompute();
  });
  $("reg-form").addEventListener("submit", (ev) => ev.preventDefault());
  recompute();
}

// ------------------------------------------------------------------ start
/** The bundled example city's published fee data, the default data. */
const DEFAULT_DATA = "city.published.json";
/** The scenario document behind it (the regulator's tab and the cap's working paper). */
const DEFAULT_DOCUMENT = "city.json";
/** sessionStorage key of a city file picked on this page (then loaded as `?data=session`). */
const PICKED = "datafee-calculator-data";

/** Whether parsed JSON is published fee data (`disclosure.publication`'s result). */
const isPublished = (v) => v && typeof v === "object" && !Array.isArray(v) && "engine_version" in v && "caps" in v && !("document" in v);

/**
 * Read a city's data: published fee data (the JSON `disclosure.publication` writes; read by the
 * public build) or a scenario document — the document itself or the fee list's input
 * `{document, publication}` (publication: 收费依据 basis, operator, complaint channel) — which
 * loads the chain build at once and derives the published data with `disclosure.publication`.
 * A DatafeeError naming the field when the data is bad, else `{pub, data, docSource, scenario?}`.
 */
async function readCity(text, docSource) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined; // the engine reports the syntax error with its position
  }
  if (isPublished(parsed)) {
    const pub = PublishedFees.fromJSON(text);
    pub.validate();
    return { pub, data: parsed, docSource };
  }
  let docText = text;
  let publication;
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && "document" in parsed) {
    const { document, publication: p, ...rest } = parsed;
    const extra = Object.keys(rest);
    if (extra.length) throw new Error(`unknown field ${extra[0]}: expected document and publication`);
    docText = JSON.stringify(document);
    publication = p;
  }
  const { Scenario } = await loadChain();
  const scenario = Scenario.fromJSON(docText);
  const data = scenario.publish(publication);
  return { pub: new PublishedFees(data.toObject()), data: data.toObject(), docSource: { text: docText }, scenario };
}

/** The 收费公示 header: basis, operator and complaint channel as the engine's fee list states them. */
function renderPublication(header) {
  const row = (key, zh, en, value) => [
    el("dt", {}, ...bi(zh, en)),
    el("dd", { dataset: { field: key } }, value ?? el("span", { class: "muted" }, "—")),
  ];
  $("publication").replaceChildren(
    ...row("basis", "收费依据", "Basis", header.basis),
    ...row("operator", "运营机构", "Operator", header.operator),
    ...row("complaint_channel", "投诉举报渠道", "Complaint channel", header.complaint_channel),
  );
}

/** The text of the data named by `?data=` (a URL, or "session" for a picked file), else null. */
async function requestedData() {
  const source = new URLSearchParams(location.search).get("data");
  if (!source) return null;
  if (source === "session") {
    const text = sessionStorage.getItem(PICKED);
    if (text === null) throw new Error("no picked file in this session");
    return { source: "文件 file", text };
  }
  const url = new URL(source, location.href);
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return { source: url.href, text: await r.text() };
}

/** Show the outcome of loading a city's data (bad data: the code, the field, the message). */
function dataStatus(e, source) {
  const box = $("data-status");
  if (!e) {
    box.dataset.state = "ok";
    box.replaceChildren(...bi("已载入", "loaded"), ": ", source);
    return;
  }
  box.dataset.state = "error";
  box.dataset.code = errorInfo(e)?.code ?? "";
  box.replaceChildren(errorView(e, `数据有误，未载入（${source}）`, "bad data, not loaded"));
}

/** The file picker: check the file in the engine first; a good one reloads the page with it. */
function setupPicker() {
  $("data-file").addEventListener("change", async () => {
    const file = $("data-file").files?.[0];
    if (!file) return;
    const text = await file.text();
    try {
      await readCity(text, null);
    } catch (e) {
      dataStatus(e, file.name);
      return;
    }
    sessionStorage.setItem(PICKED, text);
    location.search = "?data=session";
  });
}

async function start() {
  setupTabs();
  const load = $("load-status");
  let city;
  try {
    await init();
    setupPicker();
    let requested = null;
    try {
      requested = await requestedData();
      if (requested) {
        city = await readCity(requested.text, null);
        dataStatus(null, requested.source);
      }
    } catch (e) {
      // Bad data from ?data=: say why, and show the bundled example instead.
      dataStatus(e, requested?.source ?? new URLSearchParams(location.search).get("data"));
      city = undefined;
    }
    if (!city) {
      const r = await fetch(DEFAULT_DATA);
      if (!r.ok) throw new Error(`${DEFAULT_DATA}: HTTP ${r.status} (run build.mjs first)`);
      city = await readCity(await r.text(), { url: DEFAULT_DOCUMENT });
    }
    S.pub = city.pub;
    S.data = city.data;
    S.docSource = city.docSource;
    S.scenario = city.scenario ?? null;
  } catch (e) {
    load.className = "status error-box";
    load.replaceChildren(...bi("加载失败", "failed to load"), ": ", errorInfo(e)?.message ?? String(e?.message ?? e));
    throw e;
  }
  for (const p of S.data.products) S.products.set(p.id, p);
  for (const s of S.data.scenarios) S.scenarios.set(s.id, s);
  S.years = S.data.caps.map((y) => y.year);
  // 试行 (trial) is part of what a fee list must say (发改价格〔2025〕65号: 试行期 fees from budgets).
  const stage = S.data.stage === "trial"
    ? el("span", { class: "stage trial", dataset: { stage: "trial" } }, " · ", ...bi("试行", "trial (from budgets)"))
    : el("span", { class: "stage", dataset: { stage: S.data.stage ?? "formal" } }, " · ", ...bi("正式", "formal"));
  $("city-name").replaceChildren(S.data.name, stage, S.data.note ? el("br") : null, S.data.note ? el("small", {}, S.data.note) : null);
  $("engine-version").textContent = `datafee ${version()}`;
  setupCalculator();
  renderPublication(S.data.header);
  setupList();
  // The regulator's tab loads the chain when it is first shown (now, when the page opens on it).
  const regTab = $("tab-regulator");
  new MutationObserver(() => regTab.getAttribute("aria-selected") === "true" && openRegulator()).observe(regTab, { attributes: true, attributeFilter: ["aria-selected"] });
  if (regTab.getAttribute("aria-selected") === "true") openRegulator();
  load.replaceChildren(...bi("计算引擎已就绪", "engine ready"), ` · ${S.years[0]}–${S.years.at(-1)}`);
  document.body.dataset.ready = "true";
}

window.calculatorReady = start();
