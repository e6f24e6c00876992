// The JavaScript API of datafee (datafee 的 JavaScript 接口): `Scenario` and the sharing,
// rating and compliance functions, as in the Python package. A thin, hand-written layer over
// the engine's one entry point: every method builds the input of one operation and returns
// `call(op, input)` unchanged, so a method and `call` on the same input give the same
// result, digits and errors.
//
// Rules kept here:
// - decimals are strings and pass through untouched: a number where money is expected
//   reaches the engine as a number and is refused there with code "decimal_not_string"
//   (this layer never stringifies a number on the caller's behalf);
// - errors are the engine's DatafeeErrors (code, field, value); the two this layer raises
//   itself (a JSON text that is not an object, a `withChanges` path that designates
//   nothing) have the same shape, with codes "parse" and "invalid";
// - no I/O: a scenario is a plain object or JSON text (read files yourself; the
//   WebAssembly build has no TOML reader).
//
// The file is an ES module with one export and no imports so that it serves both builds:
// the web entry (web/index.js) imports it as is and scripts/test-wasm.sh writes the
// CommonJS copy the node entry (node/index.cjs) requires. Declarations: datafee_api.d.ts.

/**
 * The API bound to one build's engine functions.
 * `callJsonUniqueKeys` (optional): `callJson` for a text `JSON.stringify` wrote, read without
 * the duplicate-key pass; a `Scenario` made from an object calls it with its document alone.
 * `whatIfOpen`, `whatIfChange`, `whatIfText`, `whatIfCall` and `restarts` (optional, together):
 * what-if documents kept in the module between recomputes (`withChanges` and `summary()` on its
 * copies, the fee calculator page's recompute); without them every what-if takes the text path.
 * @param {{ call: (op: string, input: unknown) => any, callJson: (op: string, input: string) => string, callJsonUniqueKeys?: (op: string, input: string) => string, limits?: () => Record<string, number>, whatIfOpen?: (text: string) => number, whatIfChange?: (id: number, changes: string) => number | undefined, whatIfText?: (id: number) => string | undefined, whatIfCall?: (id: number, op: string) => string | undefined, restarts?: () => number }} engine
 */
export function createApi({ call, callJson, callJsonUniqueKeys, limits, whatIfOpen, whatIfChange, whatIfText, whatIfCall, restarts }) {
  /**
   * What-if documents in the module (rules in the engine: `chain.with_changes`' changes, the
   * operation on the document's text): a handle is `{gen, id}`, `gen` the module's restart
   * count when it was made, so a handle from before a restart is never used (`undefined`, as
   * for a document the module dropped: the caller then takes the text path).
   */
  const whatIf = whatIfOpen && whatIfChange && whatIfText && whatIfCall && restarts
    ? {
        open: (text) => ({ gen: restarts(), id: whatIfOpen(text) }),
        change(h, changes) {
          if (h.gen !== restarts()) return undefined;
          const id = whatIfChange(h.id, changes);
          return id === undefined ? undefined : { gen: h.gen, id };
        },
        text: (h) => (h.gen === restarts() ? whatIfText(h.id) : undefined),
        call: (h, op) => (h.gen === restarts() ? whatIfCall(h.id, op) : undefined),
      }
    : undefined;
  /** The engine's size limits (`limits()` of the module), read on first use (the web build
   * cannot be called before `init()`), checked before any conversion. */
  let LIMITS;
  /** An error shaped like the engine's (an Error named "DatafeeError" with code, field, value). */
  function datafeeError(code, field, value, message) {
    const e = new Error(message);
    e.name = "DatafeeError";
    e.code = code;
    e.field = field;
    e.value = value;
    return e;
  }

  const isRecord = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  /** Refuse option names a function does not know (a typo, or snake_case for camelCase). */
  function checkOptions(fn, options, known) {
    if (options === undefined || options === null) return {};
    if (!isRecord(options)) throw new TypeError(`${fn}: options are an object, got ${typeof options}`);
    for (const k of Object.keys(options)) {
      if (!known.includes(k)) throw new TypeError(`${fn}: unknown option ${JSON.stringify(k)} (known: ${known.join(", ")})`);
    }
    return options;
  }

  /**
   * Refuse a list longer than the engine's limit `key` before converting it: the engine would
   * refuse it with the same error, but only after `JSON.stringify` had written it all (or
   * failed to: 10^7 records are longer than the largest JavaScript string).
   * `list` is an array, a Map or a plain object (counted by its keys); anything else passes.
   */
  function checkCount(key, field, list, smaller) {
    LIMITS ??= typeof limits === "function" ? limits() : {};
    let max = LIMITS[key];
    if (typeof max !== "number") return;
    if (Number.isInteger(smaller) && smaller > max) {
      // The engine's own first check (a `max_records` above its limit), made before converting.
      throw datafeeError("out_of_range", "max_records", String(smaller), `max_records: ${smaller} is out of range, expected at most ${max}`);
    }
    if (Number.isInteger(smaller) && smaller >= 0) max = smaller;
    let n;
    if (Array.isArray(list)) n = list.length;
    else if (list instanceof Map) n = list.size;
    else if (isRecord(list)) {
      n = 0;
      for (const k in list) if (Object.hasOwn(list, k) && ++n > max) break;
    } else return;
    if (n > max) {
      const shown = Array.isArray(list) || list instanceof Map ? String(n) : `more than ${max}`;
      throw datafeeError("limit_exceeded", field, shown, `${field}: ${shown} exceeds the limit of ${max}`);
    }
  }

  /** `{id: value}` as `[{id, [key]: value}]`; a list (or anything else) is left to the engine. */
  function entriesAs(key, v) {
    if (v instanceof Map) v = Object.fromEntries(v);
    if (!isRecord(v)) return v;
    return Object.entries(v).map(([id, x]) => ({ id, [key]: x }));
  }

  /** A fresh copy of a JSON value, as the engine would read it. */
  const copy = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

  // ---------------------------------------------------------------- Scenario

  const FROM_TEXT = Symbol("datafee.fromText");

  /**
   * A scenario document (测算方案): validate, run, quote, sweep, ask "what if", publish.
   * Immutable: `withChanges` returns a new one and `toObject` a copy.
   */
  class Scenario {
    /** The document as JSON text: what every operation receives under `document`. */
    #text;
    /** The document parsed (private; for `name` and `firstYear`). */
    #parsed;
    /** Whether `#text` is `JSON.stringify`'s (so it repeats no key): made from an object. */
    #stringified = false;
    /** The document kept in the module (a what-if handle), made on the first `withChanges`. */
    #held;
    /**
     * A copy made in the module: the scenario and changes it was made from, until its text is
     * read (`#source`), for the text path when the module no longer holds it.
     */
    #origin;

    /** A scenario from a plain object (decimals as strings); the object is copied. */
    constructor(document, token, text) {
      if (token === FROM_TEXT) {
        this.#text = text;
        return;
      }
      if (!isRecord(document)) {
        throw new TypeError(`a scenario document is an object, got ${document === null ? "null" : Array.isArray(document) ? "an array" : typeof document} (JSON text: Scenario.fromJSON)`);
      }
      let t;
      try {
        t = JSON.stringify(document);
      } catch (e) {
        throw datafeeError("parse", "document", "", `document: the document cannot be written as JSON: ${e?.message ?? e}`);
      }
      if (typeof t !== "string" || !t.startsWith("{")) {
        throw datafeeError("parse", "document", "", "document: expected an object (its toJSON returned something else)");
      }
      this.#text = t;
      this.#stringified = true;
    }

    /** A scenario from a plain object; `new Scenario(document)`. */
    static fromObject(document) {
      return new Scenario(document);
    }

    /**
     * A scenario from JSON text in the engine's format (decimals as strings). The text goes
     * to the engine as it is (never through JavaScript numbers), so a number where a decimal
     * belongs is refused there. A plain object is accepted too (as `fromObject`).
     */
    static fromJSON(source) {
      if (typeof source !== "string") return new Scenario(source);
      let parsed;
      try {
        parsed = JSON.parse(source);
      } catch (e) {
        throw datafeeError("parse", "document", "", `document: not JSON: ${e?.message ?? e}`);
      }
      if (!isRecord(parsed)) {
        throw datafeeError("parse", "document", "", `document: expected a JSON object, got ${parsed === null ? "null" : Array.isArray(parsed) ? "an array" : typeof parsed}`);
      }
      const s = new Scenario(undefined, FROM_TEXT, source);
      s.#parsed = parsed;
      return s;
    }

    /** A scenario from a plain object or JSON text. */
    static load(source) {
      return typeof source === "string" ? Scenario.fromJSON(source) : new Scenario(source);
    }

    /**
     * The document's JSON text. A copy made in the module reads it from there when first needed
     * (the page's recompute never does) or, when the module no longer holds it, makes it again
     * on the text path from the scenario and changes it was made from.
     */
    #source() {
      if (this.#text === undefined) {
        const text = this.#held === undefined ? undefined : whatIf.text(this.#held);
        this.#text = text ?? this.#origin.from.#changedByText(this.#origin.entries).#source();
        this.#origin = undefined;
      }
      return this.#text;
    }

    #document() {
      if (this.#parsed === undefined) this.#parsed = JSON.parse(this.#source());
      return this.#parsed;
    }

    /** The exercise's name (`name` in the document). */
    get name() {
      const n = this.#document().name;
      return typeof n === "string" ? n : "";
    }

    /** The first year of the pricing period (`first_year`). */
    get firstYear() {
      return this.#document().first_year;
    }

    /** A copy of the document as a plain object. */
    toObject() {
      return JSON.parse(this.#source());
    }

    /** The document, for `JSON.stringify(scenario)` (and `call(op, {document: scenario})`). */
    toJSON() {
      return this.toObject();
    }

    /** Run `op` on this document plus `extra`: exactly `call(op, {document, ...extra})`. */
    #call(op, extra) {
      let rest;
      try {
        rest = JSON.stringify(extra);
      } catch {
        // Something JSON cannot write (a BigInt, a cycle): let the engine refuse it as `call` does.
        return call(op, { document: this.toObject(), ...extra });
      }
      if (rest === "{}") {
        // The document alone: when JSON.stringify wrote it, no key repeats in the input, so it
        // is read without the duplicate-key pass (the what-if's recompute, `summary()`).
        if (this.#held !== undefined) {
          // A document kept in the module: run there on its own text (the same reading and
          // errors as the text below); `undefined` when the module no longer holds it.
          let out = whatIf.call(this.#held, op);
          if (out === undefined) {
            // The module dropped it (more what-ifs than it keeps, or a restart): kept there again
            // from its text (the text `withChanges` opens), so this call and the next run on its
            // scenario there again instead of reading the whole text every time.
            this.#held = whatIf.open(this.#stringified ? this.#source() : JSON.stringify(this.toObject()));
            out = whatIf.call(this.#held, op);
          }
          if (out !== undefined) return JSON.parse(out);
          this.#held = undefined;
        }
        const input = `{"document":${this.#source()}}`;
        return JSON.parse(this.#stringified && callJsonUniqueKeys ? callJsonUniqueKeys(op, input) : callJson(op, input));
      }
      return JSON.parse(callJson(op, `{"document":${this.#source()},${rest.slice(1)}`));
    }

    /** Check the document (`chain.validate`): `{valid: true}`, or throws a DatafeeError. */
    validate() {
      return this.#call("chain.validate", {});
    }

    /** The whole pricing chain (`chain.run`): costs, MPR, caps, fee verdicts. */
    run() {
      return this.#call("chain.run", {});
    }

    /**
     * The figures of the chain without working papers (`chain.figures`): `run()` without
     * `costs` and every `explanation`; the paper of a row on request (`workingPaper({cap})`).
     */
    figures() {
      return this.#call("chain.figures", {});
    }

    /**
     * What the fee calculator page shows of the chain (`chain.summary`): the stage, the MPR by
     * year with its blocks and each pair's quoted cap (or why it is free); `figures()`' members
     * of the same names, cut to those fields (the regulator's recompute).
     */
    summary() {
      return this.#call("chain.summary", {});
    }

    /** The fee for `quantity` (a decimal string) of `product` used in `scenario` on `date` (`chain.quote`). */
    quote(product, scenario, quantity, date) {
      return this.#call("chain.quote", { product, scenario, quantity, date });
    }

    /** A working paper (`chain.working_paper`): the whole chain, a prefix of ids, or one cap. */
    workingPaper(options) {
      const o = checkOptions("workingPaper", options, ["prefix", "cap", "format"]);
      return this.#call("chain.working_paper", { prefix: o.prefix, cap: o.cap, format: o.format });
    }

    /**
     * MPR and caps over a grid of inputs (`chain.sweep`). `variations` maps a path to its
     * values (`[...]` or `{values: [...]}`) or to factors (`{scale: [...]}`), or is the
     * engine's list `[{path, values | scale}]`.
     */
    sweep(variations, year) {
      let vary = variations;
      if (variations instanceof Map) vary = Object.fromEntries(variations);
      if (isRecord(vary)) {
        vary = Object.entries(vary).map(([path, spec]) => (isRecord(spec) ? { path, ...spec } : { path, values: spec }));
      }
      return this.#call("chain.sweep", { vary, year });
    }

    /**
     * A copy with the values at some paths replaced: `{path: value}` or `{path: old => new}`
     * (`profile.profit.rate`, `forecasts[0].volume`, `forecasts[*].volume`). Values are
     * stored as given; the engine checks them when the copy runs.
     */
    withChanges(changes) {
      const entries = changes instanceof Map ? [...changes] : isRecord(changes) ? Object.entries(changes) : null;
      if (!entries) throw new TypeError("withChanges: changes are an object {path: value | (old) => value}");
      // The engine applies the changes (chain.with_changes: the one path language of sweeps,
      // Python and JavaScript); a function of the old value runs here on the values the engine
      // reads at that path (chain.values_at), in document order.
      if (whatIf && !entries.some(([, value]) => typeof value === "function")) {
        const next = this.#changedInModule(entries);
        if (next !== undefined) return next;
      }
      return this.#changedByText(entries);
    }

    /** `withChanges` on the document's text: `chain.with_changes` (and `chain.values_at`) on it. */
    #changedByText(entries) {
      let doc = this.toObject();
      let pending = [];
      const flush = () => {
        if (pending.length) doc = call("chain.with_changes", { document: doc, changes: pending }).document;
        pending = [];
      };
      for (const [path, value] of entries) {
        if (typeof path !== "string") throw new TypeError(`a path is a string such as "profile.profit.rate", got ${typeof path}`);
        if (typeof value === "function") {
          flush();
          const olds = call("chain.values_at", { document: doc, paths: [path] }).values[0];
          pending.push({ path, values: olds.map((old) => copy(value(old)) ?? null) });
        } else {
          pending.push({ path, value: copy(value) ?? null });
        }
      }
      flush();
      return new Scenario(doc);
    }

    /**
     * `withChanges` on the document kept in the module (the first call keeps this one there):
     * the engine applies the changes (`chain.with_changes`' code, the same errors) and keeps the
     * copy; its text is read from the module only when needed (`#source`). `undefined` when it cannot (changes JSON
     * cannot write, a document the module no longer holds): the caller takes the text path.
     */
    #changedInModule(entries) {
      const changes = [];
      for (const [path, value] of entries) {
        if (typeof path !== "string") throw new TypeError(`a path is a string such as "profile.profit.rate", got ${typeof path}`);
        changes.push({ path, value: copy(value) ?? null });
      }
      let text;
      try {
        text = JSON.stringify(changes);
      } catch {
        return undefined;
      }
      if (this.#held === undefined) {
        // The text a what-if has always started from: the document as JSON.parse reads it.
        this.#held = whatIf.open(this.#stringified ? this.#source() : JSON.stringify(this.toObject()));
      }
      const next = whatIf.change(this.#held, text);
      if (next === undefined) {
        this.#held = undefined;
        return undefined;
      }
      // The copy's text stays in the module until something needs it (#source).
      const s = new Scenario(undefined, FROM_TEXT, undefined);
      s.#stringified = true;
      s.#held = next;
      s.#origin = { from: this, entries: changes.map((c) => [c.path, c.value]) };
      return s;
    }

    /**
     * The published fee data (收费公示数据) of the period (`disclosure.publication`), with the
     * 收费公示 header `{basis?, operator?, complaint_channel?}`, as a `PublishedFees`.
     */
    publish(header) {
      return new PublishedFees(this.#call("disclosure.publication", { publication: header }));
    }

    /** The published fee list (收费公示) of `year` (default the first), in `format` (`disclosure.fee_list`). */
    feeList(year, format) {
      return this.#call("disclosure.fee_list", { year, format });
    }

    /** The annual operating report (年度经营情况报告) of `year` from the actual volumes and revenue (`disclosure.annual_report`). */
    annualReport(year, actual, options) {
      const o = checkOptions("annualReport", options, ["shares", "format"]);
      return this.#call("disclosure.annual_report", { year, actual, shares: o.shares, format: o.format });
    }

    /** The periodic review (定期评估) of `year` against the actual volumes and revenue (`review.year`). */
    review(year, actual, options) {
      const o = checkOptions("review", options, ["nextMpr", "nextForecast"]);
      return this.#call("review.year", { year, actual, next_mpr: o.nextMpr, next_forecast: o.nextForecast });
    }
  }

  // ---------------------------------------------------------------- published fee data

  /**
   * Published fee data (收费公示数据, `disclosure.publication`'s result): the approved caps, the
   * fees, the free uses, the 收费公示 header. Quotes from it (`publication.quote`) are the
   * chain's quotes without the chain: what the public build (`datafee/public`) carries.
   */
  class PublishedFees {
    /** The export as JSON text: what every operation receives under `publication`. */
    #text;
    /** The export parsed (for the read-only members). */
    #parsed;

    /** Published fee data from a plain object (decimals as strings); the object is copied. */
    constructor(publication, token, text) {
      if (token === FROM_TEXT) {
        this.#text = text;
        return;
      }
      if (!isRecord(publication)) {
        throw new TypeError(`published fee data is an object, got ${publication === null ? "null" : Array.isArray(publication) ? "an array" : typeof publication} (JSON text: PublishedFees.fromJSON)`);
      }
      let t;
      try {
        t = JSON.stringify(publication);
      } catch (e) {
        throw datafeeError("parse", "publication", "", `publication: the data cannot be written as JSON: ${e?.message ?? e}`);
      }
      if (typeof t !== "string" || !t.startsWith("{")) {
        throw datafeeError("parse", "publication", "", "publication: expected an object (its toJSON returned something else)");
      }
      this.#text = t;
    }

    /**
     * Published fee data from JSON text as the engine wrote it (passed to the engine as written,
     * so a number where a decimal belongs is refused there), or from a plain object.
     */
    static fromJSON(source) {
      if (typeof source !== "string") return new PublishedFees(source);
      let parsed;
      try {
        parsed = JSON.parse(source);
      } catch (e) {
        throw datafeeError("parse", "publication", "", `publication: not JSON: ${e?.message ?? e}`);
      }
      if (!isRecord(parsed)) {
        throw datafeeError("parse", "publication", "", `publication: expected a JSON object, got ${parsed === null ? "null" : Array.isArray(parsed) ? "an array" : typeof parsed}`);
      }
      const p = new PublishedFees(undefined, FROM_TEXT, source);
      p.#parsed = parsed;
      return p;
    }

    #data() {
      if (this.#parsed === undefined) this.#parsed = JSON.parse(this.#text);
      return this.#parsed;
    }

    /** Run `op` on this export plus `extra`: exactly `call(op, {publication, ...extra})`. */
    #call(op, extra) {
      let rest;
      try {
        rest = JSON.stringify(extra);
      } catch {
        return call(op, { publication: this.toObject(), ...extra });
      }
      return JSON.parse(callJson(op, rest === "{}" ? `{"publication":${this.#text}}` : `{"publication":${this.#text},${rest.slice(1)}`));
    }

    /** The scenario's name. */
    get name() {
      const n = this.#data().name;
      return typeof n === "string" ? n : "";
    }

    /** The first year of the pricing period. */
    get firstYear() {
      return this.#data().first_year;
    }

    /** A copy of the export as a plain object. */
    toObject() {
      return JSON.parse(this.#text);
    }

    /** The export, for `JSON.stringify(publication)`. */
    toJSON() {
      return this.toObject();
    }

    /** Check the export as the engine reads it (`publication.validate`): `{valid: true}`, or throws. */
    validate() {
      return this.#call("publication.validate", {});
    }

    /** The fee for `quantity` of `product` used in `scenario` on `date` (`publication.quote`): `Scenario.quote`'s result. */
    quote(product, scenario, quantity, date) {
      return this.#call("publication.quote", { product, scenario, quantity, date });
    }
  }

  // ---------------------------------------------------------------- functions

  /** `amount` among parties by weight, exact to the unit (`sharing.split`). */
  function split(amount, weights, rounding) {
    checkCount("sharing.split.parties", "parties", weights);
    return call("sharing.split", { amount, parties: entriesAs("weight", weights), rounding });
  }

  /** Shapley values of a cooperative game, exact or sampled (`sharing.shapley`). */
  function shapley(game, method, rounding) {
    return call("sharing.shapley", { game, method, rounding });
  }

  /** Serial cost sharing of a facility sized for the largest cost (`sharing.airport`). */
  function airport(costs, rounding) {
    checkCount("sharing.airport.costs", "costs", costs);
    return call("sharing.airport", { costs: entriesAs("cost", costs), rounding });
  }

  /** Data-contribution evaluation: scores, ranks, split weights (`sharing.contribution`). */
  function contribution(indicators, parties) {
    if (parties === undefined && isRecord(indicators)) return call("sharing.contribution", indicators);
    return call("sharing.contribution", { indicators, parties });
  }

  /** One product's revenue through tax, cost recovery, profit and the remainder split (`sharing.waterfall`). */
  function waterfall(agreement, revenue) {
    return call("sharing.waterfall", { agreement, revenue });
  }

  /** Rate usage records against a published tariff: invoices and totals (`rating.rate`). */
  function rate(tariff, usage, options) {
    const o = checkOptions("rate", options, ["keepRecords", "explain", "maxRecords"]);
    checkCount("rating.rate.records", "records", usage, o.maxRecords);
    return call("rating.rate", { tariff, records: usage, keep_records: o.keepRecords, explain: o.explain, max_records: o.maxRecords });
  }

  /**
   * Late records for an invoiced period (`rating.late`): delta lines (a reversal and a repriced
   * line per changed invoice line) against `invoiced`, the state the previous call returned
   * (`undefined` or `null` for the on-time invoicing), and the state to keep.
   */
  function rateLate(tariff, usage, invoiced, options) {
    const o = checkOptions("rateLate", options, ["explain"]);
    checkCount("rating.rate.records", "records", usage);
    return call("rating.late", { tariff, invoiced: invoiced ?? undefined, records: usage, explain: o.explain });
  }

  /** Whether a fee schedule stays within `cap` per unit at every quantity (`schedule.compliance`). */
  function checkCompliance(schedule, cap, step) {
    return call("schedule.compliance", { schedule, cap, step });
  }

  /** The charge of `quantity` under a fee schedule (`schedule.charge`). */
  function charge(schedule, quantity) {
    return call("schedule.charge", { schedule, quantity });
  }

  /** The prior period's MPR and actual revenue, for the next period's claw-back (`review.prior_years`). */
  function priorYears(reviews) {
    return call("review.prior_years", { reviews });
  }

  return { Scenario, PublishedFees, split, shapley, airport, contribution, waterfall, rate, rateLate, checkCompliance, charge, priorYears };
}
