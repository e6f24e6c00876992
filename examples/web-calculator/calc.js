// Pure helpers of the fee calculator page (no DOM, no engine): labels, decimal-string
// checks and formatting, the fees in force in a year, and the regulator's edits of the
// scenario document. Shared by app.js (the browser) and wasm/tests/calculator.test.mjs (Node).
//
// Money never becomes a JavaScript number here: decimals stay strings end to end, and the
// only operations on them are on their digits (checking, grouping, comparing).

/** A non-negative decimal as the engine reads it: digits, optionally a point and more digits. */
export const DECIMAL = /^\d+(\.\d+)?$/;

/** Bilingual labels of the catalog's enumerations (the engine's documents use the English ids). */
export const CATEGORY = {
  industry_development: { zh: "产业发展", en: "industry development", free: false },
  sector_development: { zh: "行业发展", en: "sector development", free: false },
  public_governance: { zh: "公共治理", en: "public governance", free: true },
  public_welfare: { zh: "公益事业", en: "public welfare", free: true },
};

export const CHARGING_FORM = {
  per_item: { zh: "按产品数量", en: "per item" },
  per_call: { zh: "按服务次数", en: "per call" },
  per_time: { zh: "按服务时间", en: "per time unit" },
  per_volume: { zh: "按数据调用量", en: "per data volume" },
};

export const UNIT = { call: "次", month: "月", report: "份", dataset: "个", unit: "单位" };

export const COST_CATEGORY = {
  depreciation: { zh: "折旧", en: "depreciation" },
  amortisation: { zh: "摊销", en: "amortisation" },
  operation_maintenance: { zh: "运维", en: "operation and maintenance" },
  data_acquisition: { zh: "数据采集", en: "data acquisition" },
  data_governance: { zh: "数据治理", en: "data governance" },
  compute: { zh: "算力", en: "compute" },
  storage: { zh: "存储", en: "storage" },
  personnel: { zh: "人力", en: "personnel" },
  security: { zh: "安全", en: "security" },
  network_resources: { zh: "网络资源", en: "network resources" },
  model_development: { zh: "模型开发", en: "model development" },
  data_authorization: { zh: "数据授权成本", en: "data authorization" },
  interest: { zh: "利息", en: "interest" },
  other: { zh: "其他", en: "other" },
  other_business: { zh: "其他业务成本", en: "other business" },
  fines: { zh: "罚款", en: "fines" },
  donations: { zh: "捐赠", en: "donations" },
};

/** `{zh, en}` of an id in `table`, or the id itself in both languages when unknown. */
export function label(table, id) {
  return table[id] ?? { zh: id, en: id };
}

/**
 * Check a quantity typed by a visitor. Returns `{ ok: true, value }` with the trimmed
 * decimal string, or `{ ok: false, zh, en }` saying what is wrong.
 */
export function checkQuantity(text) {
  const value = String(text ?? "").trim();
  if (value === "") return { ok: false, zh: "请输入数量", en: "enter a quantity" };
  if (!DECIMAL.test(value)) {
    return { ok: false, zh: "数量须为十进制数字，如 1500 或 2.5", en: "a quantity is a decimal number such as 1500 or 2.5" };
  }
  if (/^0+(\.0+)?$/.test(value)) return { ok: false, zh: "数量须大于 0", en: "the quantity must be above 0" };
  return { ok: true, value };
}

/** Group the integer digits of a decimal string by thousands: "1860000.00" → "1,860,000.00". */
export function groupDigits(text) {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(String(text));
  if (!m) return String(text);
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (m[3] ?? "");
}

/** Compare two decimal strings by their digits: -1, 0 or 1 (`"2.10"` equals `"2.1"`). */
export function compareDecimal(a, b) {
  const parse = (s) => {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(String(s).trim());
    if (!m) throw new Error(`not a decimal: ${s}`);
    const int = m[2].replace(/^0+/, "");
    const frac = (m[3] ?? "").replace(/0+$/, "");
    const zero = int === "" && frac === "";
    return { neg: m[1] === "-" && !zero, int, frac };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.neg !== y.neg) return x.neg ? -1 : 1;
  const sign = x.neg ? -1 : 1;
  if (x.int.length !== y.int.length) return sign * (x.int.length < y.int.length ? -1 : 1);
  if (x.int !== y.int) return sign * (x.int < y.int ? -1 : 1);
  const n = Math.max(x.frac.length, y.frac.length);
  const fx = x.frac.padEnd(n, "0");
  const fy = y.frac.padEnd(n, "0");
  return fx === fy ? 0 : sign * (fx < fy ? -1 : 1);
}

/**
 * The actual fees of a (product, scenario) in force at some time during `year`: those
 * effective by 31 December that no other fee had replaced by 1 January. Oldest first.
 */
export function feesInForceDuring(fees, product, scenario, year) {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const mine = fees.filter((f) => f.product === product && f.scenario === scenario && f.effective <= end);
  const started = mine.filter((f) => f.effective <= start).map((f) => f.effective).sort();
  const inForceAtStart = started.at(-1);
  return mine
    .filter((f) => f.effective > start || f.effective === inForceAtStart)
    .sort((a, b) => (a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0));
}

/** Every (product, scenario) pair of a catalog, in catalog order, with the objects. */
export function pairs(catalog) {
  const scenarios = new Map(catalog.scenarios.map((s) => [s.id, s]));
  return catalog.products.flatMap((p) => p.scenarios.map((sid) => ({ product: p, scenario: scenarios.get(sid) })));
}

/** A ledger entry in words, for a select option. */
export function ledgerEntryLabel(e) {
  const c = label(COST_CATEGORY, e.category);
  const where = e.pool ? `pool ${e.pool}` : e.product ? `product ${e.product}` : "general";
  return `${e.year} · ${c.zh} ${c.en} · ${where}`;
}

/** A volume forecast in words, for a select option. */
export function forecastLabel(f) {
  return `${f.product} · ${f.scenario}${f.year === undefined ? " · every year 每年" : ` · ${f.year}`}`;
}

/**
 * The regulator's edits as `Scenario.withChanges` paths: the return rate, some ledger entries'
 * amounts and some forecasts' volumes (`ledger: [{index, amount}]`, `forecast: [{index,
 * volume}]`; each part optional). Values are the strings typed; the engine checks them.
 */
export function whatIfChanges({ rate, ledger = [], forecast = [] } = {}) {
  const changes = {};
  if (rate !== undefined) changes["profile.profit.rate"] = rate;
  for (const { index, amount } of ledger) changes[`costs.ledger.entries[${index}].amount`] = amount;
  for (const { index, volume } of forecast) changes[`forecasts[${index}].volume`] = volume;
  return changes;
}

/**
 * The same edits made by hand on a deep copy of `doc` (the page asks the engine's
 * `withChanges`; the tests compare the two, and use this one to compute the figures the page
 * must show).
 */
export function withEdits(doc, { rate, ledger = [], forecast = [] } = {}) {
  const copy = structuredClone(doc);
  if (rate !== undefined) {
    copy.profile ??= {};
    copy.profile.profit = { ...(copy.profile.profit ?? { method: "return_on_assets" }), rate };
  }
  for (const { index, amount } of ledger) {
    const e = copy.costs?.ledger?.entries?.[index];
    if (!e) throw new RangeError(`no ledger entry ${index}`);
    e.amount = amount;
  }
  for (const { index, volume } of forecast) {
    const f = copy.forecasts?.[index];
    if (!f) throw new RangeError(`no forecast ${index}`);
    f.volume = volume;
  }
  return copy;
}

/** Every JavaScript number in a document that is not an integer (money must be strings). */
export function fractionalNumbers(value, path = "") {
  if (typeof value === "number") return Number.isInteger(value) ? [] : [`${path || "(root)"} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => fractionalNumbers(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => fractionalNumbers(v, path ? `${path}.${k}` : k));
  }
  return [];
}

// ------------------------------------------------------------------ charts (inline SVG)
// The charts are pictures of figures the page also shows as tables: their geometry is the only
// place a decimal string becomes a JavaScript number (a bar's length in pixels), never money.

/** Text made safe for SVG/HTML markup (names come from a city's own data). */
export function escapeXml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** The blocks of one MPR year, bottom to top: cost, profit, taxes; the claw-back is taken off. */
export const MPR_BLOCKS = [
  { key: "permitted_cost", zh: "准许成本", en: "permitted cost", cls: "b-cost" },
  { key: "permitted_profit", zh: "准许利润", en: "permitted profit", cls: "b-profit" },
  { key: "taxes", zh: "税金", en: "taxes", cls: "b-taxes" },
  { key: "clawback", zh: "扣减（多收回收）", en: "claw-back", cls: "b-clawback" },
];

const px = (s) => {
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
};

/**
 * The MPR by year as stacked bars (cost, profit, taxes; the claw-back hatched off the top) with
 * the MPR marked: SVG markup, `role="img"` and described by the table `tableId` beside it.
 */
export function mprChartSvg(years, { tableId = "", width = 640 } = {}) {
  const rowH = 30, left = 56, right = 16, top = 12, barH = 18;
  const height = top + years.length * rowH + 44; // two legend rows
  const max = Math.max(1, ...years.map((y) => px(y.permitted_cost) + px(y.permitted_profit) + px(y.taxes)));
  const scale = (v) => (Math.max(0, v) / max) * (width - left - right);
  const rows = years.map((y, i) => {
    const yPos = top + i * rowH;
    let x = left;
    const parts = [];
    for (const b of MPR_BLOCKS.slice(0, 3)) {
      const w = scale(px(y[b.key]));
      parts.push(`<rect class="${b.cls}" x="${x.toFixed(1)}" y="${yPos}" width="${w.toFixed(1)}" height="${barH}"><title>${y.year} ${b.zh} ${b.en}: ${escapeXml(y[b.key])}</title></rect>`);
      x += w;
    }
    const claw = scale(px(y.clawback));
    if (claw > 0) {
      parts.push(`<rect class="b-clawback" x="${(x - claw).toFixed(1)}" y="${yPos}" width="${claw.toFixed(1)}" height="${barH}"><title>${y.year} 扣减 claw-back: ${escapeXml(y.clawback)}</title></rect>`);
    }
    const m = left + scale(px(y.mpr));
    parts.push(`<line class="mpr-mark" x1="${m.toFixed(1)}" x2="${m.toFixed(1)}" y1="${yPos - 3}" y2="${yPos + barH + 3}"/>`);
    return `<g data-year="${y.year}"><text class="axis" x="${left - 6}" y="${yPos + 13}" text-anchor="end">${y.year}</text>${parts.join("")}</g>`;
  });
  const legend = [...MPR_BLOCKS.map((b) => ({ cls: b.cls, text: `${b.zh} ${b.en}` })), { cls: "mpr-key", text: "最高准许收入 MPR" }];
  const legendY = top + years.length * rowH + 6;
  const legendSvg = legend.map((l, i) => `<g transform="translate(${left + (i % 3) * 190},${legendY + Math.floor(i / 3) * 18})"><rect class="${l.cls}" width="10" height="10"/><text class="legend" x="14" y="9">${escapeXml(l.text)}</text></g>`).join("");
  const described = tableId ? ` aria-describedby="${escapeXml(tableId)}"` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="最高准许收入构成（按年度） MPR by year and its blocks"${described}>` +
    `<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6"><path d="M0,6 L6,0" class="hatch"/></pattern></defs>${rows.join("")}${legendSvg}</svg>`;
}

/**
 * Each use's actual unit fee beside its cap: one bar per (product, scenario) as a share of the
 * cap, the cap at 100 % (a fee past the line breaks it). `rows` are `{label, cap, fee}` with
 * decimal strings (`fee` may be null when the schedule has no single unit price).
 */
export function capsChartSvg(rows, { tableId = "", width = 640 } = {}) {
  const rowH = 22, left = 150, right = 60, top = 8, barH = 12;
  const height = top + rows.length * rowH + 20;
  const span = width - left - right;
  const full = left + span / 1.25; // 100 % of the cap; the scale runs to 125 %
  const bars = rows.map((r, i) => {
    const y = top + i * rowH;
    const share = r.fee != null && px(r.cap) > 0 ? px(r.fee) / px(r.cap) : null;
    const w = share == null ? 0 : Math.min(1.25, share) * (span / 1.25);
    const cls = share != null && share > 1 ? "fee-over" : "fee-ok";
    const pct = share == null ? "—" : `${(share * 100).toFixed(0)}%`;
    return `<g data-pair="${escapeXml(r.pair ?? "")}"><text class="axis" x="${left - 6}" y="${y + 10}" text-anchor="end">${escapeXml(r.label)}</text>` +
      `<rect class="cap-bg" x="${left}" y="${y}" width="${(full - left).toFixed(1)}" height="${barH}"/>` +
      (share == null ? "" : `<rect class="${cls}" x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}"><title>${escapeXml(r.label)}: ${escapeXml(r.fee)} / ${escapeXml(r.cap)}</title></rect>`) +
      `<text class="legend" x="${left + span + 4}" y="${y + 10}">${pct}</text></g>`;
  });
  const described = tableId ? ` aria-describedby="${escapeXml(tableId)}"` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="具体收费标准与上限之比 Actual fee as a share of its cap"${described}>` +
    `${bars.join("")}<line class="cap-line" x1="${full.toFixed(1)}" x2="${full.toFixed(1)}" y1="${top - 4}" y2="${height - 14}"/>` +
    `<text class="legend" x="${full.toFixed(1)}" y="${height - 2}" text-anchor="middle">上限 cap = 100%</text></svg>`;
}

/** The unit price of a schedule when it has one (flat: `price`; tiered: the first tier's). */
export function unitPrice(schedule) {
  if (!schedule || typeof schedule !== "object") return null;
  if (typeof schedule.price === "string") return schedule.price;
  const t = schedule.tiers?.[0];
  return typeof t?.price === "string" ? t.price : null;
}
