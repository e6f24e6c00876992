// Declarations of the JavaScript API (api.js): `Scenario`, the sharing, rating and compliance
// functions. The shapes of every operation's input and result are GENERATED from the engine's
// Rust types (datafee_ops.d.ts, written by `cargo run -p datafee-schema`; the test command fails
// when it is stale); this file names them for the API and adds the JavaScript-only options.
// scripts/test-wasm.sh checks them against the golden vectors' inputs and the engine's actual
// results (wasm/tests/shapes.mjs).
//
// Every decimal is a `Decimal` (a string such as "12.50"): a number where money or a
// quantity is expected is a type error here and a `decimal_not_string` DatafeeError at run
// time. Years, counts and ranks are numbers.

import type { Decimal, In, Out, Operations } from "./datafee_ops.js";

export type { Decimal, In, Out, Operations } from "./datafee_ops.js";

/** The operations `Operations` types (every operation of the engine). */
export type TypedOperation = keyof Operations;
/** The input of an operation. */
export type OpInput<O extends TypedOperation> = Operations[O]["input"];
/** The result of an operation. */
export type OpOutput<O extends TypedOperation> = Operations[O]["output"];

// ---------------------------------------------------------------- the engine's types, by name
// Inputs are the engine's reading form (`In.`: a field with a default may be left out);
// results its writing form (`Out.`).

export type RoundMode = In.RoundMode;
export type Rounding = In.Rounding;
export type ExplanationInput = In.ExplanationInput;
export type Explanation = In.Explanation;
export type WorkingPaper = Out.WorkingPaper;
export type Tier = In.Tier;
export type Schedule = In.Schedule;
export type Breach = Out.Breach;
export type Verdict = Out.Verdict;
export type CapTest = In.CapTest;
export type PriceBreach = Out.PriceBreach;
export type ChargeResult = Out.ChargeResult;
export type Category = In.Category;
export type ServiceForm = In.ServiceForm;
export type ChargingForm = In.ChargingForm;
export type PartyKind = In.PartyKind;
export type CatalogParty = In.CatalogParty;
export type CatalogScenario = In.CatalogScenario;
export type Product = In.Product;
export type RegistrationLevel = In.RegistrationLevel;
export type Dataset = In.Dataset;
export type Catalog = In.Catalog;
export type Stage = In.Stage;
export type ProfitMethod = In.ProfitMethod;
export type Surcharges = In.Surcharges;
export type AssetBalance = In.AssetBalance;
export type DepreciationStart = In.DepreciationStart;
export type CostCategory = In.CostCategory;
export type CategoryCap = In.CategoryCap;
export type Policy = In.Policy;
export type CostEntry = In.CostEntry;
export type UseCategoryCost = Out.UseCategoryCost;
export type Asset = In.Asset;
export type Driver = In.Driver;
export type Pool = In.Pool;
export type DriverUse = In.DriverUse;
export type CostAccounts = In.CostAccounts;
export type Forecast = In.Forecast;
export type PairWeight = In.PairWeight;
export type YearAmount = In.YearAmount;
export type Fee = In.Fee;
export type PriorYear = In.PriorYear;
export type ScenarioDocument = In.ScenarioDocument;
export type UseKey = In.UseKey;
export type CategoryLine = Out.CategoryLine;
export type CostTarget = Out.CostTarget;
export type AssetCharge = Out.AssetCharge;
export type YearDepreciation = Out.YearDepreciation;
export type ExcludedItem = Out.ExcludedItem;
export type DriverShare = Out.DriverShare;
export type PoolAllocation = Out.PoolAllocation;
export type PoolShare = Out.PoolShare;
export type ProductCost = Out.ProductCost;
export type YearCosts = Out.YearCosts;
export type Clawback = Out.Clawback;
export type MprYear = Out.MprYear;
export type MprPeriod = Out.MprPeriod;
export type CapLine = In.CapLine;
export type CapsYear = In.CapsYear;
export type YearCheck = Out.YearCheck;
export type FeeVerdict = Out.FeeVerdict;
export type ChainResult = Out.ChainResult;
export type CapsPeriod = Out.CapsPeriod;
export type ProductScope = Out.ProductScope;
export type UseCost = Out.UseCost;
export type ScopeYear = Out.ScopeYear;
export type Quote = Out.Quote;
export type PaperFormat = In.PaperFormat;
export type Variation = In.Variation;
export type PointError = Out.PointError;
export type PointCap = Out.PointCap;
export type SweepPoint = Out.SweepPoint;
export type Sweep = Out.Sweep;
export type ActualLine = In.ActualLine;
export type PairVolume = In.PairVolume;
export type ReviewLine = Out.ReviewLine;
export type ProductVolume = Out.ProductVolume;
export type Violation = Out.Violation;
export type ProposedCap = Out.ProposedCap;
export type CapProposal = Out.CapProposal;
export type Review = Out.Review;
export type ReviewedYear = In.ReviewedYear;
export type Format = In.Format;
export type FeeRow = Out.FeeRow;
export type FeeList = Out.FeeList;
export type Publication = In.Publication;
export type ShareInput = In.ShareInput;
export type Overview = Out.Overview;
export type ReportCostLine = Out.ReportCostLine;
export type RevenueProfit = Out.RevenueProfit;
export type ProductLine = Out.ProductLine;
export type FeeAdjustment = Out.FeeAdjustment;
export type SharePartyLine = Out.SharePartyLine;
export type ProductShares = Out.ProductShares;
export type SharePartyTotal = Out.SharePartyTotal;
export type SharesSummary = Out.SharesSummary;
export type AnnualReport = Out.AnnualReport;
export type SplitParty = In.SplitParty;
export type SplitResult = Out.SplitResult;
export type PlayerCost = In.PlayerCost;
export type Game = In.Game;
export type ShapleyMethod = In.ShapleyMethod;
export type ShapleyResult = Out.ShapleyResult;
export type AirportResult = Out.AirportResult;
export type Indicator = In.Indicator;
export type PartyValues = In.PartyValues;
export type Evaluation = In.Evaluation;
export type ContributionResult = Out.ContributionResult;
export type AgreementParty = In.AgreementParty;
export type SplitMethod = In.SplitMethod;
export type Agreement = In.Agreement;
export type PartyShare = Out.PartyShare;
export type Waterfall = Out.Waterfall;
export type ChainAgreementParty = In.ChainAgreementParty;
export type ChainAgreement = In.ChainAgreement;
export type ChainWaterfall = Out.ChainWaterfall;
export type TwoLayerInput = In.TwoLayerInput;
export type TwoLayer = Out.TwoLayer;
export type StatementInput = In.StatementInput;
export type InKindSupport = In.InKindSupport;
export type Grades = In.Grades;
export type Statement = Out.Statement;
export type PublishedFee = In.PublishedFee;
export type BillingPeriod = In.BillingPeriod;
export type Tariff = In.Tariff;
export type Renewal = In.Renewal;
export type Suspension = In.Suspension;
export type Authorization = In.Authorization;
export type Approval = In.Approval;
export type Lifecycle = In.Lifecycle;
export type ExitAsset = In.ExitAsset;
export type Compensation = In.Compensation;
export type ExitInput = In.ExitInput;
export type ExitSettlement = Out.ExitSettlement;
export type UseLine = Out.UseLine;
export type ResourceUse = Out.ResourceUse;
export type Calendar = In.Calendar;
export type AuthorizationDisclosure = Out.AuthorizationDisclosure;
export type AuditSignal = Out.AuditSignal;
export type AuditInput = In.AuditInput;
export type ListedProduct = Out.ListedProduct;
export type PeriodicReport = Out.PeriodicReport;
export type LifecycleCheck = Out.LifecycleCheck;
export type UsageRecord = In.UsageRecord;
export type RejectReason = Out.RejectReason;
export type Rejection = Out.Rejection;
export type RecordOutcome = Out.RecordOutcome;
export type InvoiceLine = Out.InvoiceLine;
export type Invoice = Out.Invoice;
export type RatingTotals = Out.RatingTotals;
export type ProductSummary = In.ProductSummary;
export type RatingResult = Out.RatingResult;
export type InvoicedState = In.InvoicedState;
export type LateResult = Out.LateResult;
export type DeltaLine = Out.DeltaLine;
export type InvoiceAdjustment = Out.InvoiceAdjustment;
export type ReviewInput = In.ReviewInput;
export type FeePublication = Out.FeePublication;
export type PublishedYear = Out.PublishedYear;

// ---------------------------------------------------------------- JavaScript-only shapes

/** A date `YYYY-MM-DD`. */
export type DateText = string;

export interface WorkingPaperOptions {
  /** Only the explanations whose id starts with this (`"mpr.2026"`). */
  prefix?: string;
  /** The working paper behind one cap. */
  cap?: { year: number; product: string; scenario: string };
  format?: PaperFormat;
}

/** A working paper as text or Markdown. */
export interface PaperText {
  title: string;
  text: string;
}

/** What `sweep` takes: `{path: values}`, `{path: {values}}`, `{path: {scale}}`, or the engine's list. */
export type Variations = Variation[] | Record<string, Decimal[] | { values: Decimal[] } | { scale: Decimal[] }>;

export interface ReviewOptions {
  /** The next period's MPR, the target of proposed caps (default: the current MPR). */
  nextMpr?: Decimal;
  /** The next period's forecast volumes (default: the actual volumes). */
  nextForecast?: PairVolume[];
}

/** A disclosure rendered as Markdown or one HTML page. */
export interface RenderedText {
  format: "markdown" | "html";
  content: string;
}

/** A disclosure rendered as one RFC 4180 CSV text per table. */
export interface RenderedCsv {
  format: "csv";
  tables: Record<string, string>;
}

export interface AnnualReportOptions {
  /** Revenue-sharing agreements, one per product at most. */
  shares?: ShareInput[];
  format?: Format;
}

export interface RatingOptions {
  /** Return every record's outcome (default false). */
  keepRecords?: boolean;
  /** Explanations on invoices and lines (default true). */
  explain?: boolean;
  /** Refuse a batch above this many records (at most the engine's limit). */
  maxRecords?: number;
}

export type RecordStatus = { status: "charged" } | { status: "free" } | { status: "rejected"; reason: RejectReason };

/** The scenario of a `chain.*`, `review.year` or `disclosure.*` operation. */
export interface WithDocument {
  document: ScenarioDocument;
}

// ---------------------------------------------------------------- the API

/**
 * A scenario document (测算方案), ready to validate, run, quote, sweep, change and publish.
 * Every method runs one `chain.*`, `review.*` or `disclosure.*` operation on the document and
 * returns exactly what `call` returns for the same input. Immutable: `withChanges` returns a
 * new scenario and `toObject` a copy.
 *
 * @throws {DatafeeError} from every method, on a document or an argument the engine refuses.
 */
export declare class Scenario {
  /** A scenario from a plain object (decimals as strings). The object is copied. */
  constructor(document: ScenarioDocument);
  /** A scenario from a plain object (decimals as strings). The object is copied. */
  static fromObject(document: ScenarioDocument): Scenario;
  /**
   * A scenario from JSON text in the engine's format (decimals as strings), passed to the
   * engine as written; a plain object is accepted too. Text that is not a JSON object throws
   * a DatafeeError with code `"parse"`.
   */
  static fromJSON(source: string | ScenarioDocument): Scenario;
  /** A scenario from a plain object or JSON text (no files and no TOML in the WebAssembly build). */
  static load(source: string | ScenarioDocument): Scenario;

  /** The exercise's name. */
  readonly name: string;
  /** The first year of the pricing period. */
  readonly firstYear: number;
  /** A copy of the document. */
  toObject(): ScenarioDocument;
  /** The document: `JSON.stringify(scenario)` is its JSON text. */
  toJSON(): ScenarioDocument;

  /** Check the document (`chain.validate`). */
  validate(): { valid: true };
  /** The whole pricing chain (`chain.run`): costs, MPR, caps, fee verdicts. */
  run(): ChainResult;
  /**
   * The figures of the chain without working papers (`chain.figures`): `run()`'s result
   * without `costs` and without any `explanation`/`explanations` member, a few kilobytes
   * instead of about 200 (the regulator's recompute). Papers: `workingPaper({cap})`.
   */
  figures(): Omit<ChainResult, "costs">;
  /**
   * What the fee calculator page shows of the chain (`chain.summary`): the stage, the MPR by
   * year with its blocks (cost, profit, taxes, claw-back, MPR) and each pair's quoted cap or
   * why it is free — `figures()`' members of the same names cut to those fields, about a seventh
   * of its size (the regulator's recompute).
   */
  summary(): Out.Summary;
  /**
   * The fee for `quantity` of `product` used in `scenario` (`chain.quote`). `date`
   * (`YYYY-MM-DD`, default the first day of the period) picks the fee in force and the cap year.
   */
  quote(product: string, scenario: string, quantity: Decimal, date?: DateText): Quote;
  /** The working paper (`chain.working_paper`) as text (default) or Markdown. */
  workingPaper(options?: WorkingPaperOptions & { format?: "text" | "markdown" }): PaperText;
  /** The working paper (`chain.working_paper`) as its explanations. */
  workingPaper(options: WorkingPaperOptions & { format: "json" }): WorkingPaper;
  /** MPR and caps of `year` (default the first) over a grid of inputs (`chain.sweep`). */
  sweep(variations: Variations, year?: number): Sweep;
  /**
   * A copy with the values at some paths replaced ("what if"): `{path: value}` or
   * `{path: (old) => value}`; paths as in sweeps (`profile.profit.rate`, `forecasts[0].volume`,
   * `forecasts[*].volume`). A path that designates nothing throws a DatafeeError with code
   * `"invalid"`; the values are checked by the engine when the copy runs.
   */
  withChanges(changes: Record<string, unknown> | Map<string, unknown>): Scenario;
  /**
   * The published fee data (收费公示数据) of the period (`disclosure.publication`): the approved caps,
   * the fees, the free uses and the 收费公示 header, for quotes without the chain (`PublishedFees`).
   */
  publish(header?: In.Publication): PublishedFees;
  /** The published fee list (收费公示) of `year` (default the first) (`disclosure.fee_list`). */
  feeList(year?: number, format?: "json"): FeeList;
  feeList(year: number | undefined, format: "markdown" | "html"): RenderedText;
  feeList(year: number | undefined, format: "csv"): RenderedCsv;
  /** The annual operating report (年度经营情况报告) of `year` (`disclosure.annual_report`). */
  annualReport(year: number, actual: ActualLine[], options?: AnnualReportOptions & { format?: "json" }): AnnualReport;
  annualReport(year: number, actual: ActualLine[], options: AnnualReportOptions & { format: "markdown" | "html" }): RenderedText;
  annualReport(year: number, actual: ActualLine[], options: AnnualReportOptions & { format: "csv" }): RenderedCsv;
  /** The periodic review (定期评估) of `year` (`review.year`). */
  review(year: number, actual: ActualLine[], options?: ReviewOptions): Review;
}

/**
 * Published fee data (收费公示数据, `disclosure.publication`'s result): each year's quoted caps, the
 * fees in force, the free uses and the 收费公示 header. `quote` gives `Scenario.quote`'s result
 * for the scenario the data was written from, without the chain (the public build,
 * `datafee/public`, carries this class and the schedule functions only).
 *
 * @throws {DatafeeError} from every method, on data or an argument the engine refuses.
 */
export declare class PublishedFees {
  /** Published fee data from a plain object (decimals as strings). The object is copied. */
  constructor(publication: FeePublication);
  /**
   * Published fee data from JSON text as the engine wrote it, passed to the engine as written;
   * a plain object is accepted too. Text that is not a JSON object throws code `"parse"`.
   */
  static fromJSON(source: string | FeePublication): PublishedFees;
  /** The scenario's name. */
  readonly name: string;
  /** The first year of the pricing period. */
  readonly firstYear: number;
  /** A copy of the export. */
  toObject(): FeePublication;
  /** The export: `JSON.stringify(publication)` is its JSON text. */
  toJSON(): FeePublication;
  /** Check the export as the engine reads it (`publication.validate`). */
  validate(): { valid: true };
  /** The fee for `quantity` of `product` used in `scenario` (`publication.quote`), as `Scenario.quote`. */
  quote(product: string, scenario: string, quantity: Decimal, date?: DateText): Quote;
}

/**
 * Split `amount` among parties by weight, exact to the rounding unit (0.01 by default), by the
 * largest remainder (`sharing.split`). `weights` is `{id: weight}` or a list of parties (which
 * may carry a `max`); shares come back in that order. Note that an object lists integer-like
 * keys (`"1"`, `"2"`) first: use a list when the order matters.
 */
export declare function split(amount: Decimal, weights: Record<string, Decimal> | SplitParty[], rounding?: Rounding): SplitResult;

/** Shapley values of a game (`sharing.shapley`), exact (default) or sampled; with `rounding`, also as amounts. */
export declare function shapley(game: Game, method?: ShapleyMethod, rounding?: Rounding): ShapleyResult;

/** Serial cost sharing of a facility sized for the largest cost (`sharing.airport`); `costs` is `{id: cost}` or a list. */
export declare function airport(costs: Record<string, Decimal> | PlayerCost[], rounding?: Rounding): AirportResult;

/** Data-contribution evaluation: scores, ranks and split weights (`sharing.contribution`). */
export declare function contribution(indicators: Indicator[], parties: PartyValues[]): ContributionResult;
export declare function contribution(evaluation: Evaluation): ContributionResult;

/** One product's `revenue` through tax, cost recovery, the operator's profit and the remainder split (`sharing.waterfall`). */
export declare function waterfall(agreement: Agreement, revenue: Decimal): Waterfall;

/** Rate usage records against a published tariff: invoices, totals, rejections (`rating.rate`). */
export declare function rate(tariff: Tariff, usage: UsageRecord[], options?: RatingOptions): RatingResult;

/**
 * Late records for an invoiced period (`rating.late`): rated against `invoiced`, the state the
 * previous call returned (`null` for the on-time invoicing), into delta lines per changed
 * invoice line (a reversal and the repriced line) and the state to keep for the next batch.
 */
export declare function rateLate(tariff: Tariff, usage: UsageRecord[], invoiced?: InvoicedState | null, options?: { explain?: boolean }): LateResult;

/** Whether `schedule` charges at most `cap × q` at every quantity `q` (multiples of `step`, default "1") (`schedule.compliance`). */
export declare function checkCompliance(schedule: Schedule, cap: Decimal, step?: Decimal): Verdict;

/** The charge of `quantity` under `schedule` (`schedule.charge`). */
export declare function charge(schedule: Schedule, quantity: Decimal): ChargeResult;

/** The prior period for the next period's claw-back, from reviewed years (`review.prior_years`). */
export declare function priorYears(reviews: (ReviewedYear | Review)[]): { prior_period: PriorYear[] };
