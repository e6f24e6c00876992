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
  /** The test applied: strict (every published unit price <= cap, the default) or average. */
  test: CapTest;
  /** Strict test: the first published unit price above the cap. */
  price_breach: PriceBreach | null;
  first_breach: Breach | null;
  explanation: Explanation;
}

/** How a fee is tested against its cap. */
export type CapTest = "strict" | "average";

/** A published unit price above the cap (strict test). */
export interface PriceBreach {
  field: string;
  unit_price: Decimal;
  cap: Decimal;
  basis: string;
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
  /** Registration number (登记编号); a product without one is not registered. */
  registration_number?: string;
  /** Registration level (登记层级): decides the central or local pricing catalogue. */
  registration_level?: RegistrationLevel;
  /** Approved (审定) from this day. */
  approved_on?: DateText;
  /** Withdrawn (下架) from this day. */
  withdrawn_on?: DateText;
  /** Datasets (ids in `Catalog.datasets`) the product is built from (lineage). */
  datasets?: string[];
}

export type RegistrationLevel = "national" | "provincial" | "municipal";

/** A dataset (数据集) and the data source unit supplying it. */
export interface Dataset {
  id: string;
  name: string;
  source: string;
}

export interface Catalog {
  parties?: CatalogParty[];
  scenarios: CatalogScenario[];
  products: Product[];
  datasets?: Dataset[];
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
  | "network_resources"
  | "model_development"
  | "data_authorization"
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
  free_cost_recovery?: "chargeable_only" | "from_paid" | "budget_funded";
  cap_test?: CapTest;
  cap_basis?: "period" | "per_year";
  clawback_netting?: "per_period" | "per_year";
  free_data_amortisation_recoverable?: boolean;
  report_deadline?: string;
  /** Field path → source (a document number or "illustrative"). */
  sources?: Record<string, string>;
  /** A built-in template ("anhui", "hubei") whose required values the profile must give. */
  template?: string;
  grant_depreciation_recoverable?: boolean;
  depreciation_start?: DepreciationStart;
  category_caps?: CategoryCap[];
  review_threshold?: Decimal;
  /** Thresholds of the annual evaluation (年度评估) in the annual report. */
  evaluation?: { max_over_recovery?: Decimal; min_free_use_share?: Decimal };
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
  /** The scenario category whose uses the entry serves (exclusive with `product` and `pool`): booked to those uses directly. */
  scenario_category?: Category;
}

/** Cost booked to the uses of one scenario category (成本按场景类别归集). */
export interface UseCategoryCost {
  category: Category;
  amount: Decimal;
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
  /** Public data obtained free under the authorization: earns no return. */
  obtained_free?: boolean;
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
  /** Explicit keys splitting products' cost between free and chargeable uses. */
  use_keys?: UseKey[];
  fees?: Fee[];
  prior_period?: PriorYear[];
}

/** One use's key for the free/chargeable split: exactly one of share or driver. */
export interface UseKey {
  product: string;
  scenario: string;
  year?: number;
  share?: Decimal;
  driver?: Decimal;
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
  reason: "non_permitted_category" | "marked_not_permitted" | "interest_paid_by_return" | "grant_funded_depreciation" | "free_data_amortisation";
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
  /** Cost booked to the uses of a scenario category (present when any). */
  use_categories?: UseCategoryCost[];
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
  /** Cost of free public services (公益服务成本), reported beside the MPR. */
  free_use_cost: Decimal;
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
  /** The profile's values with their sources. */
  profile_paper: Explanation;
  cap_test: CapTest;
  costs: YearCosts[];
  /** The free/chargeable split of each year (收费范围, 公益服务成本). */
  scope: ScopeYear[];
  mpr: MprPeriod;
  caps: CapsYear[];
  caps_period: CapsPeriod;
  fees: FeeVerdict[];
}

/** The caps' basis and the period's totals. */
export interface CapsPeriod {
  basis: "period" | "per_year";
  years: [number, number];
  requirement: Decimal;
  revenue_at_caps: Decimal;
  headroom: Decimal;
  explanation: Explanation;
}

/** One product's free/chargeable split. */
export interface ProductScope {
  product: string;
  cost: Decimal;
  chargeable_share: Decimal;
  chargeable_cost: Decimal;
  free_cost: Decimal;
  key: "forecast_volume" | "equal" | "shares" | "drivers";
}

/** One use's cost in a year. */
export interface UseCost {
  product: string;
  scenario: string;
  category: Category;
  volume: Decimal;
  share: Decimal;
  cost: Decimal;
}

/** The free/chargeable split of one year. */
export interface ScopeYear {
  year: number;
  recovery: "chargeable_only" | "from_paid" | "budget_funded";
  total_cost: Decimal;
  chargeable_cost: Decimal;
  free_cost: Decimal;
  effective_assets: Decimal;
  chargeable_assets: Decimal;
  free_assets: Decimal;
  shared_key: Decimal;
  products: ProductScope[];
  uses: UseCost[];
  explanation: Explanation;
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
  /** A trial fee (试行): the scenario's stage is trial. */
  trial: boolean;
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
  /** Service form (服务形式). */
  service_form: ServiceForm;
  service_form_zh: string;
  /** Registration number (登记编号). */
  registration_number?: string;
  registration_level?: RegistrationLevel;
  /** A trial fee (试行收费标准). */
  trial: boolean;
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
  /** Trial: every fee listed is a trial fee (试行). */
  stage: Stage;
  /** 收费依据: the approving document's number. */
  basis?: string;
  /** The operator (运营机构). */
  operator?: string;
  /** The complaint channel (投诉举报), default "12315 … / 12345 …". */
  complaint_channel: string;
  rows: FeeRow[];
}

/** What a 收费公示 states besides the fees (`disclosure.fee_list` input `publication`). */
export interface Publication {
  basis?: string;
  operator?: string;
  complaint_channel?: string;
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
  /** Σ cost claimed (booked) before exclusions. */
  claimed_cost: Decimal;
  /** actual revenue − cost claimed (账面利润). */
  accounting_profit: Decimal;
  mpr: Decimal;
  /** actual revenue − MPR (监管口径收支差). */
  regulatory_margin: Decimal;
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

/** The result of the annual evaluation (年度评估): 通过 / 限期整改 / 未通过. */
export type EvaluationVerdict = "passed" | "rectify" | "failed";

/** One criterion of the annual evaluation: its figure (null when undefined), threshold and result. */
export interface EvaluationCriterion {
  key: "revenue_within_mpr" | "charges_within_caps" | "free_uses_free" | "free_use_share";
  label: string;
  figure: Decimal | null;
  threshold: Decimal;
  comparison: "at_most" | "at_least";
  passed: boolean;
  on_failure: EvaluationVerdict;
}

/** The annual evaluation (年度评估) of the annual report. */
export interface Evaluation {
  verdict: EvaluationVerdict;
  label: string;
  criteria: EvaluationCriterion[];
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
  evaluation: Evaluation;
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
  | { weighted_majority: { weights: { id: string; weight: Decimal }[]; quota: Decimal; value: Decimal } }
  | {
      /** v(S) = revenue of the products whose sources all lie in S. */
      sources: { players: string[]; products: { id: string; sources: string[]; revenue: Decimal }[] };
    };

/** Exact enumeration, or seeded Monte Carlo sampling of permutations. */
export type ShapleyMethod =
  | "exact"
  | {
      sampled: {
        samples: number;
        seed: number;
        antithetic?: boolean;
        stratified?: boolean;
        target_error?: Decimal;
        confidence?: Decimal;
        max_steps?: number;
      };
    };

/** Shapley values of a game (`sharing.shapley`); `rounded` when a rounding was given. */
export interface ShapleyResult {
  method: "exact" | "sampled";
  samples?: number;
  seed?: number;
  hoeffding?: Decimal;
  confidence?: Decimal;
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

/** A party to a waterfall built from the chain: its part of the product's permitted cost instead of a typed cost. */
export interface ChainAgreementParty {
  id: string;
  name?: string;
  kind: "data_source" | "operator" | "partner";
  administrative?: boolean;
  cost_share?: Decimal;
  weight?: Decimal;
  ratio?: Decimal;
  max_share?: Decimal;
}

/** A product's agreement for `sharing.waterfall_from_chain`. */
export interface ChainAgreement {
  parties: ChainAgreementParty[];
  method: Agreement["method"];
  loss_rule?: Agreement["loss_rule"];
  income_tax?: "with_profit" | "deducted";
}

/** A product's waterfall from the chain (`sharing.waterfall_from_chain`): revenue above the MPR share held back. */
export interface ChainWaterfall {
  product: string;
  year: number;
  revenue: Decimal;
  tax_basis: "vat_exclusive" | "vat_inclusive";
  revenue_vat_exclusive: Decimal;
  vat: Decimal;
  surcharges: Decimal;
  income_tax_deducted: Decimal;
  taxes: Decimal;
  permitted: { cost: Decimal; chargeable_cost_all: Decimal; profit: Decimal; income_tax: Decimal; mpr: Decimal };
  headroom: Decimal;
  held_back: Decimal;
  distributed: Decimal;
  waterfall: Waterfall;
  explanation: Explanation;
}

/** 六安's two layers (`sharing.two_layer`): units' ratios less related taxes to a treasury level, then the operator's re-split. */
export interface TwoLayerInput {
  product: string;
  revenue: Decimal;
  tax_basis: "vat_exclusive" | "vat_inclusive";
  vat_rate: Decimal;
  surcharge_rate: Decimal;
  layer1: { id: string; name?: string; ratio: Decimal; treasury: "city" | "province" | "central" }[];
  layer2: { parties: AgreementParty[]; operator_profit?: Agreement["operator_profit"]; method: Agreement["method"]; loss_rule?: Agreement["loss_rule"] };
}

/** The result of `sharing.two_layer`. */
export interface TwoLayer {
  product: string;
  revenue: Decimal;
  tax_basis: "vat_exclusive" | "vat_inclusive";
  vat: Decimal;
  surcharges: Decimal;
  taxes: Decimal;
  layer1: { id: string; name: string; ratio: Decimal; treasury: "city" | "province" | "central"; gross: Decimal; related_taxes: Decimal; remitted: Decimal }[];
  treasury: { city?: Decimal; province?: Decimal; central?: Decimal };
  operator_remainder: Decimal;
  layer2: Waterfall;
  explanation: Explanation;
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
  /** The lifecycle rating enforces (registration, authorization term, approvals). */
  lifecycle?: Lifecycle;
}

// ---------------------------------------------------------------- the lifecycle (授权运营全周期)

/** A renewal (续签) of the authorization. */
export interface Renewal {
  term_years: number;
  signed?: DateText;
}

/** A suspension (暂停执行) `[start, end)`. */
export interface Suspension {
  start: DateText;
  end: DateText;
  reason?: string;
}

/** The authorization (授权运营): at most `max_term_years` (5) per term and per renewal. */
export interface Authorization {
  authority?: string;
  operator?: string;
  content?: string;
  scope?: string;
  signed?: DateText;
  start: DateText;
  term_years: number;
  renewals?: Renewal[];
  suspensions?: Suspension[];
  /** Early termination (提前终止): the first day no longer authorized. */
  terminated?: DateText;
}

/** A scenario approval (场景授权) `[start, end)` of a customer for a product in a scenario. */
export interface Approval {
  id?: string;
  customer: string;
  product: string;
  scenario: string;
  start: DateText;
  end: DateText;
  forecast_volume?: Decimal;
}

export interface Lifecycle {
  registration_required?: boolean;
  max_term_years?: number;
  authorization?: Authorization;
  approvals?: Approval[];
  approvals_cover?: "all_uses" | "free_uses";
  check_credit_codes?: boolean;
}

export interface ExitAsset {
  id: string;
  net_book_value: Decimal;
  handed_back?: boolean;
}

export type Compensation = "net_book_value" | "unrecovered_investment" | "none";

export interface ExitInput {
  lifecycle: Lifecycle;
  assets?: ExitAsset[];
  investment?: Decimal;
  recovered?: Decimal;
  final_year?: { year: number; mpr: Decimal; actual_revenue: Decimal };
  compensation?: Compensation;
  rounding?: Rounding;
}

/** The exit settlement (提前终止退出结算). */
export interface ExitSettlement {
  terminated: DateText;
  term_end: DateText;
  days_cut: number;
  assets_handed_back: string[];
  net_book_value_handed_back: Decimal;
  net_book_value_retained: Decimal;
  unrecovered_investment: Decimal;
  final_clawback?: {
    year: number;
    days_in_force: number;
    days_in_year: number;
    prorated_mpr: Decimal;
    actual_revenue: Decimal;
    clawback: Decimal;
  };
  compensation_basis: Compensation;
  compensation: Decimal;
  net_due_to_operator: Decimal;
  explanation: Explanation;
}

/** The use of one dataset or source unit (资源使用情况). */
export interface UseLine {
  id: string;
  name: string;
  source?: string;
  products: string[];
  charged_records: number;
  free_records: number;
  quantity: Decimal;
  revenue: Decimal;
}

export interface ResourceUse {
  datasets: UseLine[];
  sources: UseLine[];
  unattributed_revenue: Decimal;
  total_revenue: Decimal;
}

/** A working-day calendar: holidays off, make-up days (调休) on, weekends otherwise off. */
export interface Calendar {
  holidays?: DateText[];
  workdays?: DateText[];
}

/** The authorization disclosure (授权对象、内容、范围、时限) and its deadline in working days. */
export interface AuthorizationDisclosure {
  authority: string;
  operator: string;
  content: string;
  scope: string;
  start: DateText;
  last_day: DateText;
  renewals: number;
  suspensions: string[];
  terminated?: DateText;
  signed: DateText;
  working_days: number;
  deadline: DateText;
  published?: DateText;
  on_time?: boolean;
}

/** Audit signals (异常使用提示): flagged, never refused. */
export interface AuditSignal {
  kind: "usage_spike" | "free_use_concentration";
  customer: string;
  product: string;
  quantity: Decimal;
  reference: Decimal;
  ratio: Decimal;
  reason: string;
}

export interface AuditInput {
  usage: { customer: string; product: string; quantity: Decimal; free?: boolean }[];
  history?: { customer: string; product: string; quantities: Decimal[] }[];
  thresholds?: { spike_factor?: Decimal; free_share?: Decimal; min_free_quantity?: Decimal };
}

export interface ListedProduct {
  product: string;
  name: string;
  service_form_zh: string;
  registration_number?: string;
  state: "registered" | "not_registered" | "withdrawn";
  scenarios: string[];
  charged_records: number;
  free_records: number;
  quantity: Decimal;
  revenue: Decimal;
}

/** The quarterly report (季度报告) or half-yearly disclosure (半年度公开披露). */
export interface PeriodicReport {
  cadence: "quarterly" | "half_yearly";
  year: number;
  index: number;
  start: DateText;
  last_day: DateText;
  products: ListedProduct[];
  resource_use: ResourceUse;
}

export interface LifecycleCheck {
  valid: true;
  term?: { start: DateText; end: DateText; term_end: DateText; suspensions: number; suspended_days: number };
  approvals: number;
  forecasts: Record<string, Record<string, Decimal>>;
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
  | "outside_authorization"
  | "suspended"
  | "product_not_registered"
  | "product_withdrawn"
  | "scenario_not_approved"
  | "no_fee_in_force"
  | "duplicate_id"
  | "conflicting_duplicate";

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
  "disclosure.fee_list": {
    input: WithDocument & { year?: number; publication?: Publication; format?: Format };
    output: FeeList | RenderedText | RenderedCsv;
  };
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
  "sharing.two_layer": { input: TwoLayerInput; output: TwoLayer };
  "sharing.waterfall_from_chain": {
    input: { scenario: ScenarioDocument; year: number; product: string; revenue: Decimal; tax_basis?: "vat_exclusive" | "vat_inclusive"; agreement: ChainAgreement };
    output: ChainWaterfall;
  };
  "rating.rate": {
    input: { tariff: Tariff; records: UsageRecord[]; keep_records?: boolean; explain?: boolean; max_records?: number };
    output: RatingResult;
  };
  "rating.validate": { input: { tariff: Tariff }; output: { valid: true; fees: number; pairs: number } };
  "lifecycle.check": {
    input: { lifecycle: Lifecycle; catalog?: Catalog; pricing_period?: { first_year: number; period_years: number } };
    output: LifecycleCheck;
  };
  "lifecycle.audit_signals": { input: AuditInput; output: { signals: AuditSignal[] } };
  "lifecycle.authorization_disclosure": {
    input: { lifecycle: Lifecycle; calendar?: Calendar; working_days?: number; published?: DateText; format?: Format };
    output: AuthorizationDisclosure | RenderedText | RenderedCsv;
  };
  "lifecycle.credit_code": { input: { code: string }; output: { valid: true } };
  "lifecycle.exit_settlement": { input: ExitInput; output: ExitSettlement };
  "lifecycle.periodic_report": {
    input: { catalog: Catalog; cadence: "quarterly" | "half_yearly"; year: number; index: number; products: ProductSummary[]; rounding?: Rounding; format?: Format };
    output: PeriodicReport | RenderedText | RenderedCsv;
  };
  "lifecycle.resource_use": { input: { catalog: Catalog; products: ProductSummary[]; rounding?: Rounding }; output: ResourceUse };
  "schedule.validate": { input: { schedule: Schedule }; output: { valid: true; description: string } };
  "schedule.charge": { input: { schedule: Schedule; quantity: Decimal }; output: ChargeResult };
  "schedule.compliance": { input: { schedule: Schedule; cap: Decimal; step?: Decimal; test?: CapTest }; output: Verdict };
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
