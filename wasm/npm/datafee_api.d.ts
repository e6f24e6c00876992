// Declarations of the JavaScript API (api.js): `Scenario`, the sharing, rating and compliance
// functions, and the shapes of their inputs and results. Hand-written from the engine's serde
// forms (core/src); scripts/test-wasm.sh checks them against the golden vectors' inputs and
// the engine's actual results (wasm/tests/shapes.mjs).
//
// Every decimal is a `Decimal` (a string such as "12.50"): a number where money or a
// quantity is expected is a type error here and a `decimal_not_string` DatafeeError at run
// time. Years, counts and ranks are numbers.

import type { ErrorCode } from "./datafee_wasm.js";

// ---------------------------------------------------------------- common

/** A decimal written as a string (`"12.50"`, `"0.06"`, `"1000"`): never a JavaScript number. */
export type Decimal = string;
/** A date `YYYY-MM-DD`. */
export type DateText = string;

/** How a figure is rounded (舍入规则). */
export type RoundMode = "half_up" | "half_even" | "half_down" | "floor" | "ceil" | "trunc";

/** A rounding rule: a positive `unit` and a mode (default half up). */
export interface Rounding {
  unit: Decimal;
  mode?: RoundMode;
}

/** One input of an explanation. */
export interface ExplanationInput {
  name: string;
  value: string;
}

/** How one figure was computed: an entry of the working paper (底稿). */
export interface Explanation {
  id: string;
  title: string;
  formula: string;
  inputs: ExplanationInput[];
  result: string;
  rounding?: string;
  notes?: string[];
}

/** A working paper: a title and its explanations. */
export interface WorkingPaper {
  title: string;
  items: Explanation[];
}

// ---------------------------------------------------------------- fee schedules

/** A band `[from, to)` of a tiered schedule; the last has no `to`. */
export interface Tier {
  from: Decimal;
  to?: Decimal;
  price: Decimal;
}

/** An actual fee schedule (具体收费标准), by `kind`. */
export type Schedule =
  | { kind: "flat"; price: Decimal; minimum_charge?: Decimal }
  | { kind: "graduated"; tiers: Tier[] }
  | { kind: "volume"; tiers: Tier[] }
  | { kind: "package"; size: Decimal; price: Decimal }
  | { kind: "subscription"; fee: Decimal; included: Decimal; overage: Decimal }
  | { kind: "discount"; percent: Decimal; base: Schedule };

/** The smallest quantity at which a schedule charges more than `cap × quantity`. */
export interface Breach {
  quantity: Decimal;
  billed_quantity: Decimal;
  charge: Decimal;
  cap_times_quantity: Decimal;
  field: string;
}

/** Whether a schedule keeps within a cap at every quantity (`schedule.compliance`). */
export interface Verdict {
  compliant: boolean;
  first_breach: Breach | null;
  explanation: Explanation;
}

/** The charge of a quantity under a schedule (`schedule.charge`). */
export interface ChargeResult {
  charge: Decimal;
  /** Half up to 0.01 yuan, every place shown. */
  charge_rounded: Decimal;
  explanation: Explanation;
}

// ---------------------------------------------------------------- catalog

/** The use a scenario belongs to; public governance and public welfare are free. */
export type Category = "public_governance" | "public_welfare" | "industry_development" | "sector_development";
/** How a product is delivered. */
export type ServiceForm = "dataset" | "api" | "model" | "report" | "dataset_api";
/** What a product is charged by. */
export type ChargingForm = "per_item" | "per_call" | "per_time" | "per_volume";
/** What a party is. */
export type PartyKind = "data_source" | "operator" | "partner";

export interface CatalogParty {
  id: string;
  name: string;
  kind: PartyKind;
  administrative?: boolean;
}

/** An application scenario (应用场景). */
export interface CatalogScenario {
  id: string;
  name: string;
  category: Category;
  cap_multiplier?: Decimal;
}

/** A data product or service (数据产品和服务). */
export interface Product {
  id: string;
  name: string;
  name_zh?: string;
  service_form: ServiceForm;
  charging_form: ChargingForm;
  unit?: string;
  /** The billing granularity (default "1"). */
  step?: Decimal;
  scenarios: string[];
  sources?: string[];
}

export interface Catalog {
  parties?: CatalogParty[];
  scenarios: CatalogScenario[];
  products: Product[];
}

// ---------------------------------------------------------------- the scenario document

/** Formal (from audited actuals) or trial (试行, from budgets). */
export type Stage = "formal" | "trial";

/** How the permitted profit (准许利润) is set. */
export type ProfitMethod =
  | { method: "return_on_assets"; rate: Decimal }
  | { method: "wacc"; equity_premium: Decimal; debt_rate: Decimal; debt_ratios: Decimal[] }
  | { method: "cost_plus"; margin: Decimal };

export interface Surcharges {
  urban_maintenance?: Decimal;
  education?: Decimal;
  local_education?: Decimal;
}

export type AssetBalance = "opening" | "closing" | "average";
export type DepreciationStart = "next_month" | "same_month";

/** A cost category (成本类别). */
export type CostCategory =
  | "depreciation"
  | "amortisation"
  | "amortization"
  | "operation_maintenance"
  | "data_acquisition"
  | "data_governance"
  | "compute"
  | "storage"
  | "personnel"
  | "security"
  | "interest"
  | "other"
  | "other_business"
  | "fines"
  | "donations";

/** A benchmark cap on a cost category, as a share of gross assets. */
export interface CategoryCap {
  category: CostCategory;
  share_of_assets: Decimal;
}

/** The policy profile: every jurisdiction parameter (defaults: the national profile). */
export interface Policy {
  name?: string;
  profit?: ProfitMethod;
  bond_yield?: Decimal;
  max_premium?: Decimal;
  max_cost_plus_margin?: Decimal;
  debt_ratio?: Decimal;
  asset_balance?: AssetBalance;
  working_capital_share?: Decimal;
  income_tax_rate?: Decimal;
  vat_rate?: Decimal;
  surcharges?: Surcharges;
  prices_include_vat?: boolean;
  period_years?: number;
  clawback_spread?: "first_year" | "even";
  clawback_interest?: Decimal;
  carry_under_recovery?: boolean;
  free_cost_recovery?: "from_paid" | "budget_funded";
  grant_depreciation_recoverable?: boolean;
  depreciation_start?: DepreciationStart;
  category_caps?: CategoryCap[];
  review_threshold?: Decimal;
  price_unit?: Decimal;
  price_unit_per_call?: Decimal;
  amount_rounding?: Rounding;
}

/** A ledger entry of the separate cost accounts. */
export interface CostEntry {
  id?: string;
  category: CostCategory;
  year: number;
  product?: string;
  pool?: string;
  amount: Decimal;
  permitted?: boolean;
  subsidy?: Decimal;
  note?: string;
}

/** A fixed or intangible asset of the register. */
export interface Asset {
  id: string;
  name?: string;
  kind: "fixed" | "intangible";
  cost: Decimal;
  residual?: Decimal;
  life_months: number;
  /** `YYYY-MM`. */
  in_service: string;
  grant_funded?: boolean;
  product?: string;
  pool?: string;
}

export type Driver = "data_volume" | "compute_hours" | "storage" | "staff_hours";

/** A shared cost pool, allocated by a driver. */
export interface Pool {
  id: string;
  name?: string;
  driver: Driver;
}

/** A product's use of a pool's driver. */
export interface DriverUse {
  pool: string;
  product: string;
  year?: number;
  quantity: Decimal;
}

/** The separate cost accounts (单独核算). */
export interface CostAccounts {
  ledger?: { entries?: CostEntry[] };
  assets?: Asset[];
  pools?: Pool[];
  drivers?: DriverUse[];
}

/** A volume forecast of one (product, scenario), for one year or every year. */
export interface Forecast {
  product: string;
  scenario: string;
  year?: number;
  volume: Decimal;
}

/** An explicit spreading weight of one (product, scenario). */
export interface PairWeight {
  product: string;
  scenario: string;
  weight: Decimal;
}

/** An amount of one year. */
export interface YearAmount {
  year: number;
  amount: Decimal;
}

/** An actual fee the operator publishes for a (product, scenario) from a date. */
export interface Fee {
  product: string;
  scenario: string;
  effective: DateText;
  schedule: Schedule;
}

/** A prior period year's MPR and actual revenue, for the claw-back. */
export interface PriorYear {
  year: number;
  mpr: Decimal;
  actual_revenue: Decimal;
}

/** A scenario document (测算方案), as `examples/city/scenario.toml` in the engine's JSON form. */
export interface ScenarioDocument {
  name: string;
  note?: string;
  stage?: Stage;
  first_year: number;
  profile?: Policy;
  catalog: Catalog;
  costs: CostAccounts;
  input_vat?: YearAmount[];
  forecasts: Forecast[];
  weights?: PairWeight[];
  fees?: Fee[];
  prior_period?: PriorYear[];
}

// ---------------------------------------------------------------- the chain

export interface CategoryLine {
  category: CostCategory;
  claimed: Decimal;
  subsidy: Decimal;
  excluded: Decimal;
  disallowed: Decimal;
  permitted: Decimal;
}

/** Where a cost goes: a product, a pool, or general overhead. */
export type CostTarget = { product: string } | { pool: string } | "general";

export interface AssetCharge {
  asset: string;
  category: CostCategory;
  target: CostTarget;
  grant_funded: boolean;
  months: number;
  charge: Decimal;
}

export interface YearDepreciation {
  year: number;
  lines: AssetCharge[];
  depreciation: Decimal;
  amortisation: Decimal;
  own_funded: Decimal;
  grant_funded: Decimal;
}

export interface ExcludedItem {
  source: string;
  category: CostCategory;
  target: CostTarget;
  amount: Decimal;
  subsidy: Decimal;
  net: Decimal;
  reason: "non_permitted_category" | "marked_not_permitted" | "interest_paid_by_return" | "grant_funded_depreciation";
}

export interface DriverShare {
  product: string;
  quantity: Decimal;
  amount: Decimal;
}

export interface PoolAllocation {
  pool: string;
  driver: Driver;
  cost: Decimal;
  total_quantity: Decimal;
  shares: DriverShare[];
}

export interface PoolShare {
  pool: string;
  quantity: Decimal;
  amount: Decimal;
}

export interface ProductCost {
  product: string;
  direct: Decimal;
  pools: PoolShare[];
  general: Decimal;
  total: Decimal;
}

/** One year of the cost accounts. */
export interface YearCosts {
  year: number;
  by_category: CategoryLine[];
  total_permitted: Decimal;
  om_total: Decimal;
  working_capital: Decimal;
  gross_assets: Decimal;
  net_fixed_assets: Decimal;
  net_intangibles: Decimal;
  asset_base: Decimal;
  effective_assets: Decimal;
  depreciation: YearDepreciation;
  excluded: ExcludedItem[];
  pools: PoolAllocation[];
  products: ProductCost[];
  general: Decimal;
  unallocated: Decimal;
  explanations: Explanation[];
}

export interface Clawback {
  total: Decimal;
  per_year: Decimal[];
  explanation: Explanation;
}

/** One year's maximum permitted revenue (准许收入) and its blocks. */
export interface MprYear {
  year: number;
  permitted_cost: Decimal;
  effective_assets: Decimal;
  return_rate?: Decimal;
  permitted_profit: Decimal;
  equity_profit: Decimal;
  income_tax: Decimal;
  surcharges: Decimal;
  taxes: Decimal;
  revenue_requirement: Decimal;
  clawback: Decimal;
  clawback_carried: Decimal;
  mpr: Decimal;
  explanations: Explanation[];
}

export interface MprPeriod {
  stage: Stage;
  profit_method: string;
  clawback: Clawback;
  years: MprYear[];
  total: Decimal;
}

/** The cap (上限收费标准) of one (product, scenario) in one year. */
export interface CapLine {
  product: string;
  scenario: string;
  category: Category;
  chargeable: boolean;
  free_reason?: string;
  volume: Decimal;
  allocated_cost: Decimal;
  weight: Decimal;
  requirement: Decimal;
  cap?: Decimal;
  cap_quoted?: Decimal;
  revenue_at_cap: Decimal;
  explanation: Explanation;
}

export interface CapsYear {
  year: number;
  mpr: Decimal;
  free_cost: Decimal;
  requirement: Decimal;
  revenue_at_caps: Decimal;
  headroom: Decimal;
  lines: CapLine[];
  explanation: Explanation;
}

export interface YearCheck {
  year: number;
  cap: Decimal;
  compliant: boolean;
  first_breach: Breach | null;
}

/** The verdict of one actual fee against its caps. */
export interface FeeVerdict {
  product: string;
  scenario: string;
  effective: DateText;
  year: number;
  description: string;
  cap: Decimal;
  verdict: Verdict;
  checks: YearCheck[];
}

/** The whole pricing chain (`chain.run`). */
export interface ChainResult {
  name: string;
  stage: Stage;
  profile: string;
  costs: YearCosts[];
  mpr: MprPeriod;
  caps: CapsYear[];
  fees: FeeVerdict[];
}

/** The quote for one use (`chain.quote`). */
export interface Quote {
  product: string;
  product_name: string;
  scenario: string;
  category: Category;
  free: boolean;
  reason?: string;
  quantity: Decimal;
  year: number;
  effective?: DateText;
  schedule?: string;
  charge_exact: Decimal;
  charge: Decimal;
  cap?: Decimal;
  cap_times_quantity?: Decimal;
  within_cap: boolean;
  explanation: Explanation;
}

/** What `workingPaper` prints. */
export type PaperFormat = "text" | "markdown" | "json";

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

/** One variation of a sweep: set each of `values`, or multiply by each of `scale`. */
export interface Variation {
  path: string;
  values?: Decimal[];
  scale?: Decimal[];
}

/** What `sweep` takes: `{path: values}`, `{path: {values}}`, `{path: {scale}}`, or the engine's list. */
export type Variations = Variation[] | Record<string, Decimal[] | { values: Decimal[] } | { scale: Decimal[] }>;

export interface PointError {
  code: ErrorCode;
  field: string;
  value: string;
  message: string;
}

export interface PointCap {
  product: string;
  scenario: string;
  cap: Decimal;
}

export interface SweepPoint {
  inputs: string[];
  mpr?: Decimal;
  mpr_total?: Decimal;
  caps: PointCap[];
  error?: PointError;
}

/** MPR and caps over a grid of inputs (`chain.sweep`). */
export interface Sweep {
  paths: string[];
  year: number;
  points: SweepPoint[];
}

// ---------------------------------------------------------------- review and disclosure

/** The actual volume and revenue (net of VAT) of one (product, scenario) in a year. */
export interface ActualLine {
  product: string;
  scenario: string;
  volume: Decimal;
  revenue: Decimal;
}

/** A forecast volume of one (product, scenario) for the next period. */
export interface PairVolume {
  product: string;
  scenario: string;
  volume: Decimal;
}

export interface ReviewLine {
  product: string;
  scenario: string;
  category: Category;
  chargeable: boolean;
  forecast: Decimal;
  volume: Decimal;
  ratio?: Decimal;
  revenue: Decimal;
  cap?: Decimal;
  ceiling: Decimal;
  explanation: Explanation;
}

export interface ProductVolume {
  product: string;
  forecast: Decimal;
  volume: Decimal;
  ratio?: Decimal;
  revenue: Decimal;
  explanation: Explanation;
}

export interface Violation {
  product: string;
  scenario: string;
  kind: "above_cap" | "free_use_charged";
  volume: Decimal;
  revenue: Decimal;
  cap: Decimal;
  ceiling: Decimal;
  excess: Decimal;
  explanation: Explanation;
}

export interface ProposedCap {
  product: string;
  scenario: string;
  current_cap: Decimal;
  volume: Decimal;
  proposed_cap: Decimal;
  proposed_quoted: Decimal;
  revenue_at_proposed: Decimal;
  explanation: Explanation;
}

export interface CapProposal {
  target_basis: "next_mpr" | "current_mpr";
  volume_basis: "next_forecast" | "actual";
  mpr: Decimal;
  target: Decimal;
  revenue_at_current_caps: Decimal;
  factor?: Decimal;
  lines: ProposedCap[];
  revenue_at_proposed_caps: Decimal;
  headroom: Decimal;
  explanation: Explanation;
}

/** The periodic review (定期评估) of one year (`review.year`). */
export interface Review {
  year: number;
  mpr: Decimal;
  actual_revenue: Decimal;
  deviation: Decimal;
  deviation_percent: Decimal | null;
  threshold_percent: Decimal;
  beyond_threshold: boolean;
  over_recovery: Decimal;
  under_recovery: Decimal;
  clawback: Decimal;
  carry_under_recovery: boolean;
  lines: ReviewLine[];
  products: ProductVolume[];
  violations: Violation[];
  proposal?: CapProposal;
  explanations: Explanation[];
}

export interface ReviewOptions {
  /** The next period's MPR, the target of proposed caps (default: the current MPR). */
  nextMpr?: Decimal;
  /** The next period's forecast volumes (default: the actual volumes). */
  nextForecast?: PairVolume[];
}

/** One reviewed year, for `priorYears` (a whole `Review` will do: its other fields are ignored). */
export interface ReviewedYear {
  year: number;
  mpr: Decimal;
  actual_revenue: Decimal;
}

/** The format of a disclosure. */
export type Format = "json" | "csv" | "markdown" | "html";

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

/** One row of the published fee list. */
export interface FeeRow {
  product: string;
  product_name: string;
  product_name_zh?: string;
  scenario: string;
  scenario_name: string;
  category: Category;
  category_zh: string;
  status: "free" | "paid" | "no_fee";
  free: boolean;
  free_reason?: string;
  charging_form: ChargingForm;
  charging_form_zh: string;
  unit: string;
  cap?: Decimal;
  actual_fee: string;
  effective?: DateText;
  replaced_on?: DateText;
  compliant?: boolean;
  cap_explanation?: string;
}

/** The published fee list (收费公示) of one year (`disclosure.fee_list`). */
export interface FeeList {
  name: string;
  year: number;
  profile: string;
  prices_include_vat: boolean;
  rows: FeeRow[];
}

/** A product's sharing agreement and the revenue to share (default: its actual revenue). */
export interface ShareInput {
  agreement: Agreement;
  revenue?: Decimal;
}

export interface AnnualReportOptions {
  /** Revenue-sharing agreements, one per product at most. */
  shares?: ShareInput[];
  format?: Format;
}

export interface Overview {
  products: number;
  scenarios: number;
  chargeable_pairs: number;
  free_pairs: number;
  pairs_with_fee: number;
  fee_adjustments: number;
  actual_revenue: Decimal;
  mpr: Decimal;
  deviation_percent: Decimal | null;
  permitted_cost: Decimal;
  profit: Decimal;
  violations: number;
}

export interface ReportCostLine {
  category: CostCategory;
  category_zh: string;
  claimed: Decimal;
  subsidy: Decimal;
  excluded: Decimal;
  disallowed: Decimal;
  permitted: Decimal;
}

export interface RevenueProfit {
  actual_revenue: Decimal;
  permitted_cost: Decimal;
  profit: Decimal;
  mpr: Decimal;
  permitted_profit: Decimal;
  explanation: Explanation;
}

export interface ProductLine {
  product: string;
  name: string;
  name_zh?: string;
  unit: string;
  forecast: Decimal;
  volume: Decimal;
  ratio?: Decimal;
  revenue: Decimal;
}

export interface FeeAdjustment {
  product: string;
  scenario: string;
  effective: DateText;
  actual_fee: string;
  change: "new" | "adjusted";
  previous_effective?: DateText;
  previous_fee?: string;
  unit_price: Decimal;
  previous_unit_price?: Decimal;
  direction?: "up" | "down" | "unchanged";
}

export interface SharePartyLine {
  id: string;
  name: string;
  kind: PartyKind;
  cost_recovered: Decimal;
  profit: Decimal;
  remainder_share: Decimal;
  total: Decimal;
  non_tax_revenue: boolean;
}

export interface ProductShares {
  product: string;
  revenue: Decimal;
  tax: Decimal;
  shortfall: Decimal;
  parties: SharePartyLine[];
}

export interface SharePartyTotal {
  id: string;
  name: string;
  kind: PartyKind;
  total: Decimal;
  non_tax_revenue: Decimal;
}

export interface SharesSummary {
  products: ProductShares[];
  parties: SharePartyTotal[];
  revenue: Decimal;
  tax: Decimal;
  non_tax_revenue: Decimal;
}

/** The annual operating report (年度经营情况报告) (`disclosure.annual_report`). */
export interface AnnualReport {
  name: string;
  year: number;
  stage: Stage;
  profile: string;
  overview: Overview;
  costs: ReportCostLine[];
  revenue: RevenueProfit;
  products: ProductLine[];
  review: Review;
  fee_adjustments: FeeAdjustment[];
  shares?: SharesSummary;
}

// ---------------------------------------------------------------- sharing

/** One party of a split: a weight and an optional maximum share. */
export interface SplitParty {
  id: string;
  weight: Decimal;
  max?: Decimal;
}

/** The shares of a split, in input order, adding up to the amount (`sharing.split`). */
export interface SplitResult {
  amount: Decimal;
  shares: { id: string; share: Decimal }[];
  explanation: Explanation;
}

/** A player's stand-alone cost. */
export interface PlayerCost {
  id: string;
  cost: Decimal;
}

/** A cooperative game in one of its accepted forms. */
export type Game =
  | {
      explicit: {
        players: string[];
        values: { coalition: string[]; value: Decimal }[];
        /** What an unlisted coalition is worth: 0 (default), or an error. */
        missing?: "zero" | "error";
      };
    }
  | { additive: { values: { id: string; value: Decimal }[] } }
  | { dividends: { players: string[]; dividends: { coalition: string[]; dividend: Decimal }[] } }
  | { airport: { costs: PlayerCost[] } }
  | { weighted_majority: { weights: { id: string; weight: Decimal }[]; quota: Decimal; value: Decimal } };

/** Exact enumeration, or seeded Monte Carlo sampling of permutations. */
export type ShapleyMethod = "exact" | { sampled: { samples: number; seed: number } };

/** Shapley values of a game (`sharing.shapley`); `rounded` when a rounding was given. */
export interface ShapleyResult {
  method: "exact" | "sampled";
  samples?: number;
  seed?: number;
  grand_coalition: Decimal;
  values: { id: string; value: Decimal; std_error?: Decimal; rounded?: Decimal }[];
  explanation: Explanation;
}

/** Serial cost shares of the airport game (`sharing.airport`). */
export interface AirportResult {
  total: Decimal;
  shares: { id: string; share: Decimal; rounded: Decimal }[];
  explanation: Explanation;
}

/** One indicator of a data-contribution evaluation (评价指标). */
export interface Indicator {
  id: string;
  weight: Decimal;
  direction?: "benefit" | "cost";
  normalisation?: "share" | "max" | "min_max";
}

/** A party's raw value of every indicator. */
export interface PartyValues {
  id: string;
  values: Record<string, Decimal>;
}

/** A data-contribution evaluation: indicators and each party's raw values. */
export interface Evaluation {
  indicators: Indicator[];
  parties: PartyValues[];
}

/** Scores, ranks and split weights (`sharing.contribution`). */
export interface ContributionResult {
  parties: { id: string; normalised: Record<string, Decimal>; score: Decimal; rank: number; weight: Decimal }[];
  ranking: string[];
  explanation: Explanation;
}

/** A party to a sharing agreement. */
export interface AgreementParty {
  id: string;
  name?: string;
  kind: PartyKind;
  /** An administrative data source: its share is non-tax revenue. */
  administrative?: boolean;
  recognised_cost?: Decimal;
  weight?: Decimal;
  ratio?: Decimal;
  max_share?: Decimal;
}

/** How the remainder is split. */
export type SplitMethod =
  | "fixed_ratios"
  | "weights"
  | { contribution: Evaluation }
  | { shapley: { game: Game; method?: ShapleyMethod } };

/** A product's revenue-sharing agreement (收益分配协议). */
export interface Agreement {
  product: string;
  parties: AgreementParty[];
  tax?: { rate: Decimal } | { fixed: Decimal };
  operator_profit?: { rule: "percent_of_revenue" | "percent_of_cost" | "fixed"; value: Decimal };
  method: SplitMethod;
  loss_rule?: "pro_rata_cost" | "equal" | "fixed_ratios";
  rounding?: Rounding;
}

export interface PartyShare {
  id: string;
  name: string;
  kind: PartyKind;
  cost_recovered: Decimal;
  profit: Decimal;
  remainder_share: Decimal;
  total: Decimal;
  loss: Decimal;
  non_tax_revenue: boolean;
}

/** One product's revenue through tax, cost recovery, profit and the remainder (`sharing.waterfall`). */
export interface Waterfall {
  product: string;
  revenue: Decimal;
  tax: Decimal;
  after_tax: Decimal;
  total_cost: Decimal;
  cost_recovered: Decimal;
  shortfall: Decimal;
  operator_profit: Decimal;
  remainder: Decimal;
  non_tax_revenue: Decimal;
  parties: PartyShare[];
  method_detail?: { contribution: ContributionResult } | { shapley: ShapleyResult };
  explanations: Explanation[];
}

// ---------------------------------------------------------------- rating

/** A fee as published for a billing period, with the cap it must keep within. */
export interface PublishedFee {
  product: string;
  scenario: string;
  effective: DateText;
  schedule: Schedule;
  cap: Decimal;
}

/** A billing period, both days included. */
export interface BillingPeriod {
  start: DateText;
  end: DateText;
}

/** The tariff (收费标准表) usage is rated against. */
export interface Tariff {
  catalog: Catalog;
  fees: PublishedFee[];
  period: BillingPeriod;
  rounding?: Rounding;
  vat_rate: Decimal;
  prices_include_vat?: boolean;
}

/** One use: who used how much of what, in which scenario, when (`YYYY-MM-DD` or with a time). */
export interface UsageRecord {
  id: string;
  customer: string;
  product: string;
  scenario: string;
  quantity: Decimal;
  time: string;
}

export interface RatingOptions {
  /** Return every record's outcome (default false). */
  keepRecords?: boolean;
  /** Explanations on invoices and lines (default true). */
  explain?: boolean;
  /** Refuse a batch above this many records (at most the engine's limit). */
  maxRecords?: number;
}

export type RejectReason =
  | "missing_id"
  | "missing_customer"
  | "unknown_customer"
  | "unknown_product"
  | "unknown_scenario"
  | "not_offered"
  | "non_positive_quantity"
  | "quantity_too_large"
  | "not_multiple_of_step"
  | "outside_period"
  | "no_fee_in_force"
  | "duplicate_id";

export interface Rejection {
  index: number;
  id: string;
  reason: RejectReason;
  value: string;
}

export type RecordStatus = { status: "charged" } | { status: "free" } | { status: "rejected"; reason: RejectReason };

export type RecordOutcome = RecordStatus & {
  index: number;
  id: string;
  customer: string;
  product: string;
  scenario: string;
  quantity: Decimal;
  time: string;
  effective?: DateText;
};

export interface InvoiceLine {
  product: string;
  scenario: string;
  category: Category;
  free: boolean;
  free_reason?: string;
  effective?: DateText;
  schedule?: string;
  records: number;
  quantity: Decimal;
  billed_quantity?: Decimal;
  cap?: Decimal;
  cap_limit?: Decimal;
  charge: Decimal;
  amount: Decimal;
  note?: string;
  explanation?: Explanation;
}

export interface Invoice {
  customer: string;
  lines: InvoiceLine[];
  lines_total: Decimal;
  subtotal: Decimal;
  vat_rate: Decimal;
  vat: Decimal;
  total: Decimal;
  prices_include_vat: boolean;
  explanation?: Explanation;
}

export interface RatingTotals {
  invoices: number;
  lines: number;
  charged_records: number;
  free_records: number;
  free_quantity: Decimal;
  lines_total: Decimal;
  subtotal: Decimal;
  vat: Decimal;
  total: Decimal;
}

export interface ProductSummary {
  product: string;
  records: number;
  quantity: Decimal;
  free_records: number;
  free_quantity: Decimal;
  revenue: Decimal;
}

/** Everything a rating run produced (`rating.rate`). */
export interface RatingResult {
  period: BillingPeriod;
  records_in: number;
  rated: number;
  charged: number;
  free: number;
  rejected: number;
  rejections_by_reason: Record<string, number>;
  rejected_records: Rejection[];
  rejected_records_omitted: number;
  invoices: Invoice[];
  totals: RatingTotals;
  products: ProductSummary[];
  records?: RecordOutcome[];
  explanation: Explanation;
}

// ---------------------------------------------------------------- operation inputs and outputs

/** The scenario of a `chain.*`, `review.year` or `disclosure.*` operation. */
export interface WithDocument {
  document: ScenarioDocument;
}

/** `review.year` without a document: the caps and the profile given directly. */
export interface ReviewInput {
  year: number;
  mpr?: Decimal;
  caps: CapsYear;
  actual: ActualLine[];
  profile?: Policy;
  catalog?: Catalog;
  next_mpr?: Decimal;
  next_forecast?: PairVolume[];
}

/**
 * The input and result of each operation the API covers, for typing `call` directly:
 * `call<OpOutput<"chain.quote">>("chain.quote", input satisfies OpInput<"chain.quote">)`.
 */
export interface Operations {
  "chain.validate": { input: WithDocument; output: { valid: true } };
  "chain.run": { input: WithDocument; output: ChainResult };
  "chain.quote": {
    input: WithDocument & { product: string; scenario: string; quantity: Decimal; date?: DateText };
    output: Quote;
  };
  "chain.working_paper": { input: WithDocument & WorkingPaperOptions; output: WorkingPaper | PaperText };
  "chain.sweep": { input: WithDocument & { vary: Variation[]; year?: number }; output: Sweep };
  "disclosure.fee_list": { input: WithDocument & { year?: number; format?: Format }; output: FeeList | RenderedText | RenderedCsv };
  "disclosure.annual_report": {
    input: WithDocument & { year: number; actual: ActualLine[]; shares?: ShareInput[]; format?: Format };
    output: AnnualReport | RenderedText | RenderedCsv;
  };
  "review.year": {
    input: (WithDocument & { year: number; actual: ActualLine[]; next_mpr?: Decimal; next_forecast?: PairVolume[] }) | ReviewInput;
    output: Review;
  };
  "review.prior_years": { input: { reviews: (ReviewedYear | Review)[] }; output: { prior_period: PriorYear[] } };
  "sharing.split": { input: { amount: Decimal; parties: SplitParty[]; rounding?: Rounding }; output: SplitResult };
  "sharing.shapley": { input: { game: Game; method?: ShapleyMethod; rounding?: Rounding }; output: ShapleyResult };
  "sharing.airport": { input: { costs: PlayerCost[]; rounding?: Rounding }; output: AirportResult };
  "sharing.contribution": { input: Evaluation; output: ContributionResult };
  "sharing.waterfall": { input: { agreement: Agreement; revenue: Decimal }; output: Waterfall };
  "rating.rate": {
    input: { tariff: Tariff; records: UsageRecord[]; keep_records?: boolean; explain?: boolean; max_records?: number };
    output: RatingResult;
  };
  "rating.validate": { input: { tariff: Tariff }; output: { valid: true; fees: number; pairs: number } };
  "schedule.validate": { input: { schedule: Schedule }; output: { valid: true; description: string } };
  "schedule.charge": { input: { schedule: Schedule; quantity: Decimal }; output: ChargeResult };
  "schedule.compliance": { input: { schedule: Schedule; cap: Decimal; step?: Decimal }; output: Verdict };
  "money.round": { input: { value: Decimal; rounding?: Rounding }; output: { result: Decimal } };
}

/** The operations `Operations` types. */
export type TypedOperation = keyof Operations;
/** The input of a typed operation. */
export type OpInput<O extends TypedOperation> = Operations[O]["input"];
/** The result of a typed operation. */
export type OpOutput<O extends TypedOperation> = Operations[O]["output"];

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

/** Whether `schedule` charges at most `cap × q` at every quantity `q` (multiples of `step`, default "1") (`schedule.compliance`). */
export declare function checkCompliance(schedule: Schedule, cap: Decimal, step?: Decimal): Verdict;

/** The charge of `quantity` under `schedule` (`schedule.charge`). */
export declare function charge(schedule: Schedule, quantity: Decimal): ChargeResult;

/** The prior period for the next period's claw-back, from reviewed years (`review.prior_years`). */
export declare function priorYears(reviews: (ReviewedYear | Review)[]): { prior_period: PriorYear[] };
