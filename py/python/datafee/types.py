"""The engine's input and result types, generated from its Rust types: do not edit.

Written by ``cargo run -p datafee-schema`` (``--check`` in the README's test command fails when
it is stale). ``In_X`` is what :func:`datafee.call` takes (decimals as ``Decimal``, ``str`` or
``int``), ``Out_X`` what it returns (decimals as ``Decimal``); :data:`OPERATIONS` maps each
operation to its input and result type. For type checkers; nothing here runs the engine.
"""

# ruff: noqa
from decimal import Decimal
from typing import Any, Dict, List, Literal, Tuple, TypedDict, Union

#: A decimal in an input: ``Decimal``, a decimal string or an ``int`` (never a ``float``).
DecimalIn = Union[Decimal, str, int]

In_AgreementPartyKind = Literal["data_source", "operator", "partner"]

In_ApprovalScope = Literal["all_uses", "free_uses"]

In_AssetBalance = Literal["opening", "closing", "average"]

In_AssetKind = Literal["fixed", "intangible"]

In_AssetRegister = List["In_Asset"]

In_Cadence = Literal["quarterly", "half_yearly"]

In_CapBasis = Literal["period", "per_year"]

In_CapTest = Literal["strict", "average"]

In_Category = Literal["public_governance", "public_welfare", "industry_development", "sector_development"]

In_ChargingForm = Literal["per_item", "per_call", "per_time", "per_volume"]

In_ClawbackNetting = Literal["per_period", "per_year"]

In_ClawbackSpread = Literal["first_year", "even"]

In_Compensation = Literal["net_book_value", "unrecovered_investment", "none"]

In_CostCategory = Literal["depreciation", "amortisation", "operation_maintenance", "data_acquisition", "data_governance", "compute", "storage", "personnel", "security", "network_resources", "model_development", "data_authorization", "interest", "other", "other_business", "fines", "donations"]

In_DepreciationStart = Literal["next_month", "same_month"]

In_Driver = Literal["data_volume", "compute_hours", "storage", "staff_hours"]

In_Format = Literal["json", "csv", "markdown", "html"]

In_FreeCostRecovery = Literal["chargeable_only", "from_paid", "budget_funded"]

In_Game = Dict[str, Any]

In_IncomeTax = Literal["with_profit", "deducted"]

In_IndicatorDirection = Literal["benefit", "cost"]

In_LossRule = Literal["pro_rata_cost", "equal", "fixed_ratios"]

In_MethodName = Literal["return_on_assets", "wacc", "cost_plus"]

In_MissingCoalitions = Literal["zero", "error"]

In_Normalisation = Literal["share", "max", "min_max"]

In_PaperFormat = Literal["text", "markdown", "json"]

In_PartyKind = Literal["data_source", "operator", "partner"]

In_ProfitRule = Literal["percent_of_revenue", "percent_of_cost", "fixed"]

In_RegistrationLevel = Literal["national", "provincial", "municipal"]

In_RoundMode = Literal["half_up", "half_even", "half_down", "floor", "ceil", "trunc"]

In_Schedule = Dict[str, Any]

In_ServiceForm = Literal["dataset", "api", "model", "report", "dataset_api"]

In_ShapleyMethod = Union[Literal["exact"], Dict[str, Any]]

In_SplitMethod = Union[Literal["fixed_ratios"], Literal["weights"], Dict[str, Any]]

In_Stage = Literal["formal", "trial"]

In_StatementSource = Dict[str, Any]

In_SupportKind = Literal["technology", "product", "service"]

In_SurchargeBase = Literal["vat_payable", "output_vat"]

In_Tax = Dict[str, Any]

In_TaxBasis = Literal["vat_exclusive", "vat_inclusive"]

In_TreasuryLevel = Literal["city", "province", "central"]

In_ValuationBasis = Literal["market_price", "cost", "appraisal", "agreed"]

In_YearInput = Union["In_WithDocument_DocReview", "In_ReviewInput"]

In_ActualLine = TypedDict(
    "In_ActualLine",
    {
        "product": str,
        "revenue": DecimalIn,
        "scenario": str,
        "volume": DecimalIn,
    },
)

In_AdditiveGame = TypedDict(
    "In_AdditiveGame",
    {
        "values": List["In_PlayerValue"],
    },
)

In_Agreement = TypedDict(
    "In_Agreement",
    {
        "loss_rule": "In_LossRule",
        "method": "In_SplitMethod",
        "operator_profit": Union["In_OperatorProfit", None],
        "parties": List["In_AgreementParty"],
        "product": str,
        "rounding": "In_Rounding",
        "tax": Union["In_Tax", None],
    },
    total=False,
)

In_AgreementParty = TypedDict(
    "In_AgreementParty",
    {
        "administrative": bool,
        "id": str,
        "kind": "In_AgreementPartyKind",
        "max_share": Union[DecimalIn, None],
        "name": str,
        "ratio": Union[DecimalIn, None],
        "recognised_cost": DecimalIn,
        "weight": Union[DecimalIn, None],
    },
    total=False,
)

In_AgreementVersion = TypedDict(
    "In_AgreementVersion",
    {
        "agreement": "In_Agreement",
        "effective_from": str,
        "effective_to": Union[str, None],
        "version": str,
    },
    total=False,
)

In_AirportGame = TypedDict(
    "In_AirportGame",
    {
        "costs": List["In_PlayerCost"],
    },
)

In_AirportInput = TypedDict(
    "In_AirportInput",
    {
        "costs": List["In_PlayerCost"],
        "rounding": "In_Rounding",
    },
    total=False,
)

In_AllocateRequest = TypedDict(
    "In_AllocateRequest",
    {
        "direct": List["In_DirectCost"],
        "drivers": List["In_DriverUse"],
        "pool_costs": List["In_PoolCost"],
        "pools": List["In_Pool"],
        "year": Union[int, None],
    },
    total=False,
)

In_Approval = TypedDict(
    "In_Approval",
    {
        "customer": str,
        "end": str,
        "forecast_volume": Union[DecimalIn, None],
        "id": Union[str, None],
        "product": str,
        "scenario": str,
        "start": str,
    },
    total=False,
)

In_Asset = TypedDict(
    "In_Asset",
    {
        "cost": DecimalIn,
        "grant_funded": bool,
        "id": str,
        "in_service": str,
        "kind": "In_AssetKind",
        "life_months": int,
        "name": str,
        "obtained_free": bool,
        "pool": Union[str, None],
        "product": Union[str, None],
        "residual": DecimalIn,
    },
    total=False,
)

In_AuditInput = TypedDict(
    "In_AuditInput",
    {
        "history": List["In_History"],
        "thresholds": "In_Thresholds",
        "usage": List["In_UsageLine"],
    },
    total=False,
)

In_Authorization = TypedDict(
    "In_Authorization",
    {
        "authority": str,
        "content": Union[str, None],
        "operator": str,
        "renewals": List["In_Renewal"],
        "scope": Union[str, None],
        "signed": Union[str, None],
        "start": str,
        "suspensions": List["In_Suspension"],
        "term_years": int,
        "terminated": Union[str, None],
    },
    total=False,
)

In_BillingPeriod = TypedDict(
    "In_BillingPeriod",
    {
        "end": str,
        "start": str,
    },
)

In_Calendar = TypedDict(
    "In_Calendar",
    {
        "holidays": List[str],
        "workdays": List[str],
    },
    total=False,
)

In_CapLine = TypedDict(
    "In_CapLine",
    {
        "allocated_cost": DecimalIn,
        "cap": Union[DecimalIn, None],
        "cap_quoted": Union[DecimalIn, None],
        "category": "In_Category",
        "chargeable": bool,
        "explanation": "In_Explanation",
        "free_reason": Union[str, None],
        "product": str,
        "requirement": DecimalIn,
        "revenue_at_cap": DecimalIn,
        "scenario": str,
        "volume": DecimalIn,
        "weight": DecimalIn,
    },
    total=False,
)

In_CapRef = TypedDict(
    "In_CapRef",
    {
        "product": str,
        "scenario": str,
        "year": int,
    },
)

In_CapsYear = TypedDict(
    "In_CapsYear",
    {
        "explanation": "In_Explanation",
        "free_cost": DecimalIn,
        "headroom": DecimalIn,
        "lines": List["In_CapLine"],
        "mpr": DecimalIn,
        "requirement": DecimalIn,
        "revenue_at_caps": DecimalIn,
        "year": int,
    },
)

In_CarriedIn = TypedDict(
    "In_CarriedIn",
    {
        "amount": DecimalIn,
        "unit": str,
    },
)

In_Catalog = TypedDict(
    "In_Catalog",
    {
        "datasets": List["In_Dataset"],
        "parties": List["In_CatalogParty"],
        "products": List["In_Product"],
        "scenarios": List["In_CatalogScenario"],
    },
    total=False,
)

In_CatalogParty = TypedDict(
    "In_CatalogParty",
    {
        "administrative": bool,
        "id": str,
        "kind": "In_PartyKind",
        "name": str,
    },
    total=False,
)

In_CatalogScenario = TypedDict(
    "In_CatalogScenario",
    {
        "cap_multiplier": Union[DecimalIn, None],
        "category": "In_Category",
        "id": str,
        "name": str,
    },
    total=False,
)

In_CategoryCap = TypedDict(
    "In_CategoryCap",
    {
        "category": "In_CostCategory",
        "share_of_assets": DecimalIn,
    },
)

In_ChainAgreement = TypedDict(
    "In_ChainAgreement",
    {
        "income_tax": "In_IncomeTax",
        "loss_rule": "In_LossRule",
        "method": "In_SplitMethod",
        "parties": List["In_ChainAgreementParty"],
    },
    total=False,
)

In_ChainAgreementParty = TypedDict(
    "In_ChainAgreementParty",
    {
        "administrative": bool,
        "cost_share": Union[DecimalIn, None],
        "id": str,
        "kind": "In_AgreementPartyKind",
        "max_share": Union[DecimalIn, None],
        "name": str,
        "ratio": Union[DecimalIn, None],
        "weight": Union[DecimalIn, None],
    },
    total=False,
)

In_ChainWaterfallInput = TypedDict(
    "In_ChainWaterfallInput",
    {
        "agreement": "In_ChainAgreement",
        "product": str,
        "revenue": DecimalIn,
        "scenario": "In_ScenarioDocument",
        "surcharge_base": "In_SurchargeBase",
        "tax_basis": "In_TaxBasis",
        "year": int,
    },
    total=False,
)

In_Change = TypedDict(
    "In_Change",
    {
        "path": str,
        "value": Any,
        "values": Union[List[Any], None],
    },
    total=False,
)

In_ChargeInput = TypedDict(
    "In_ChargeInput",
    {
        "quantity": DecimalIn,
        "schedule": "In_Schedule",
    },
)

In_CheckInput = TypedDict(
    "In_CheckInput",
    {
        "catalog": Union["In_Catalog", None],
        "lifecycle": "In_Lifecycle",
        "pricing_period": Union["In_PricingPeriod", None],
    },
    total=False,
)

In_CoalitionValue = TypedDict(
    "In_CoalitionValue",
    {
        "coalition": List[str],
        "value": DecimalIn,
    },
)

In_CodeInput = TypedDict(
    "In_CodeInput",
    {
        "code": str,
    },
)

In_ComplianceInput = TypedDict(
    "In_ComplianceInput",
    {
        "cap": DecimalIn,
        "schedule": "In_Schedule",
        "step": Union[DecimalIn, None],
        "test": "In_CapTest",
    },
    total=False,
)

In_CostAccounts = TypedDict(
    "In_CostAccounts",
    {
        "assets": "In_AssetRegister",
        "drivers": List["In_DriverUse"],
        "ledger": "In_Ledger",
        "pools": List["In_Pool"],
    },
    total=False,
)

In_CostEntry = TypedDict(
    "In_CostEntry",
    {
        "amount": DecimalIn,
        "category": "In_CostCategory",
        "id": Union[str, None],
        "note": Union[str, None],
        "permitted": Union[bool, None],
        "pool": Union[str, None],
        "product": Union[str, None],
        "scenario_category": Union["In_Category", None],
        "subsidy": DecimalIn,
        "year": int,
    },
    total=False,
)

In_CostOptions = TypedDict(
    "In_CostOptions",
    {
        "allocate_general": bool,
        "asset_balance": "In_AssetBalance",
        "category_caps": List["In_CategoryCap"],
        "depreciation_start": "In_DepreciationStart",
        "exclude_interest": bool,
        "free_data_amortisation_recoverable": bool,
        "grant_depreciation_recoverable": bool,
        "working_capital_share": DecimalIn,
    },
    total=False,
)

In_Dataset = TypedDict(
    "In_Dataset",
    {
        "id": str,
        "name": str,
        "source": str,
    },
)

In_DatedRevenue = TypedDict(
    "In_DatedRevenue",
    {
        "amount": DecimalIn,
        "month": Union[str, None],
        "on": Union[str, None],
    },
    total=False,
)

In_DepreciationRequest = TypedDict(
    "In_DepreciationRequest",
    {
        "asset": "In_Asset",
        "depreciation_start": "In_DepreciationStart",
    },
    total=False,
)

In_DerivativeInput = TypedDict(
    "In_DerivativeInput",
    {
        "products": List["In_DerivedProduct"],
    },
)

In_DerivedProduct = TypedDict(
    "In_DerivedProduct",
    {
        "agreement": "In_Agreement",
        "product": str,
        "revenue": DecimalIn,
        "upstream": List["In_Upstream"],
    },
    total=False,
)

In_DirectCost = TypedDict(
    "In_DirectCost",
    {
        "amount": DecimalIn,
        "product": str,
    },
)

In_DisclosureInput = TypedDict(
    "In_DisclosureInput",
    {
        "calendar": "In_Calendar",
        "format": "In_Format",
        "lifecycle": "In_Lifecycle",
        "published": Union[str, None],
        "working_days": int,
    },
    total=False,
)

In_Dividend = TypedDict(
    "In_Dividend",
    {
        "coalition": List[str],
        "dividend": DecimalIn,
    },
)

In_DividendGame = TypedDict(
    "In_DividendGame",
    {
        "dividends": List["In_Dividend"],
        "players": List[str],
    },
)

In_DriverUse = TypedDict(
    "In_DriverUse",
    {
        "pool": str,
        "product": str,
        "quantity": DecimalIn,
        "year": Union[int, None],
    },
    total=False,
)

In_Evaluation = TypedDict(
    "In_Evaluation",
    {
        "grades": Union["In_Grades", None],
        "indicators": List["In_Indicator"],
        "parties": List["In_PartyValues"],
    },
    total=False,
)

In_EvaluationThresholds = TypedDict(
    "In_EvaluationThresholds",
    {
        "max_over_recovery": Union[DecimalIn, None],
        "min_free_use_share": DecimalIn,
    },
    total=False,
)

In_ExitAsset = TypedDict(
    "In_ExitAsset",
    {
        "handed_back": bool,
        "id": str,
        "net_book_value": DecimalIn,
    },
    total=False,
)

In_ExitInput = TypedDict(
    "In_ExitInput",
    {
        "assets": List["In_ExitAsset"],
        "compensation": "In_Compensation",
        "final_year": Union["In_FinalYear", None],
        "investment": DecimalIn,
        "lifecycle": "In_Lifecycle",
        "recovered": DecimalIn,
        "rounding": "In_Rounding",
    },
    total=False,
)

In_Explanation = TypedDict(
    "In_Explanation",
    {
        "formula": str,
        "id": str,
        "inputs": List["In_ExplanationInput"],
        "notes": List[str],
        "result": str,
        "rounding": Union[str, None],
        "title": str,
    },
    total=False,
)

In_ExplanationInput = TypedDict(
    "In_ExplanationInput",
    {
        "name": str,
        "value": str,
    },
)

In_ExplicitGame = TypedDict(
    "In_ExplicitGame",
    {
        "missing": "In_MissingCoalitions",
        "players": List[str],
        "values": List["In_CoalitionValue"],
    },
    total=False,
)

In_Fee = TypedDict(
    "In_Fee",
    {
        "effective": str,
        "product": str,
        "scenario": str,
        "schedule": "In_Schedule",
    },
)

In_FeePublication = TypedDict(
    "In_FeePublication",
    {
        "amount_rounding": "In_Rounding",
        "caps": List["In_PublishedYear"],
        "engine_version": str,
        "fees": List["In_Fee"],
        "first_year": int,
        "header": "In_PublicationHeader",
        "name": str,
        "note": Union[str, None],
        "period_years": int,
        "products": List["In_PublishedProduct"],
        "scenarios": List["In_PublishedScenario"],
        "stage": "In_Stage",
    },
    total=False,
)

In_FiguresInput = TypedDict(
    "In_FiguresInput",
    {
        "document": "In_ScenarioDocument",
    },
)

In_FinalYear = TypedDict(
    "In_FinalYear",
    {
        "actual_revenue": DecimalIn,
        "mpr": DecimalIn,
        "year": int,
    },
)

In_Forecast = TypedDict(
    "In_Forecast",
    {
        "product": str,
        "scenario": str,
        "volume": DecimalIn,
        "year": Union[int, None],
    },
    total=False,
)

In_GradeThreshold = TypedDict(
    "In_GradeThreshold",
    {
        "grade": str,
        "min_score": DecimalIn,
    },
)

In_Grades = TypedDict(
    "In_Grades",
    {
        "below": Union[str, None],
        "thresholds": List["In_GradeThreshold"],
    },
    total=False,
)

In_History = TypedDict(
    "In_History",
    {
        "customer": str,
        "product": str,
        "quantities": List[DecimalIn],
    },
)

In_InKindSupport = TypedDict(
    "In_InKindSupport",
    {
        "amount": DecimalIn,
        "basis": "In_ValuationBasis",
        "date": str,
        "description": str,
        "kind": "In_SupportKind",
        "reference": Union[str, None],
        "unit": str,
    },
    total=False,
)

In_Indicator = TypedDict(
    "In_Indicator",
    {
        "direction": "In_IndicatorDirection",
        "id": str,
        "normalisation": "In_Normalisation",
        "weight": DecimalIn,
    },
    total=False,
)

In_InvoicedState = TypedDict(
    "In_InvoicedState",
    {
        "aggregates": List["In_PartialAggregate"],
        "format": int,
        "ids": List["In_RatedId"],
        "revision": int,
        "tariff": str,
    },
)

In_LateInput = TypedDict(
    "In_LateInput",
    {
        "explain": bool,
        "invoiced": Union["In_InvoicedState", None],
        "records": List["In_UsageRecord"],
        "tariff": "In_Tariff",
    },
    total=False,
)

In_Layer2 = TypedDict(
    "In_Layer2",
    {
        "loss_rule": "In_LossRule",
        "method": "In_SplitMethod",
        "operator_profit": Union["In_OperatorProfit", None],
        "parties": List["In_AgreementParty"],
    },
    total=False,
)

In_Ledger = TypedDict(
    "In_Ledger",
    {
        "entries": List["In_CostEntry"],
    },
    total=False,
)

In_Lifecycle = TypedDict(
    "In_Lifecycle",
    {
        "approvals": Union[List["In_Approval"], None],
        "approvals_cover": "In_ApprovalScope",
        "authorization": Union["In_Authorization", None],
        "check_credit_codes": bool,
        "max_term_years": int,
        "registration_required": bool,
    },
    total=False,
)

In_OperatorProfit = TypedDict(
    "In_OperatorProfit",
    {
        "rule": "In_ProfitRule",
        "value": DecimalIn,
    },
)

In_PairVolume = TypedDict(
    "In_PairVolume",
    {
        "product": str,
        "scenario": str,
        "volume": DecimalIn,
    },
)

In_PairWeight = TypedDict(
    "In_PairWeight",
    {
        "product": str,
        "scenario": str,
        "weight": DecimalIn,
    },
)

In_PartialAggregate = TypedDict(
    "In_PartialAggregate",
    {
        "customer": str,
        "nano": str,
        "records": int,
        "slot": int,
    },
)

In_PartyValues = TypedDict(
    "In_PartyValues",
    {
        "id": str,
        "values": Dict[str, DecimalIn],
    },
)

In_PaymentSchedule = TypedDict(
    "In_PaymentSchedule",
    {
        "parties": str,
        "party_due": Dict[str, str],
        "treasury": Dict[str, str],
    },
    total=False,
)

In_Period = TypedDict(
    "In_Period",
    {
        "from": str,
        "to": str,
    },
)

In_PeriodicInput = TypedDict(
    "In_PeriodicInput",
    {
        "cadence": "In_Cadence",
        "catalog": "In_Catalog",
        "format": "In_Format",
        "index": int,
        "products": List["In_ProductSummary"],
        "rounding": "In_Rounding",
        "year": int,
    },
    total=False,
)

In_PlayerCost = TypedDict(
    "In_PlayerCost",
    {
        "cost": DecimalIn,
        "id": str,
    },
)

In_PlayerValue = TypedDict(
    "In_PlayerValue",
    {
        "id": str,
        "value": DecimalIn,
    },
)

In_PlayerWeight = TypedDict(
    "In_PlayerWeight",
    {
        "id": str,
        "weight": DecimalIn,
    },
)

In_Policy = TypedDict(
    "In_Policy",
    {
        "amount_rounding": "In_Rounding",
        "asset_balance": "In_AssetBalance",
        "bond_yield": DecimalIn,
        "cap_basis": "In_CapBasis",
        "cap_test": "In_CapTest",
        "carry_under_recovery": bool,
        "category_caps": List["In_CategoryCap"],
        "clawback_interest": DecimalIn,
        "clawback_netting": "In_ClawbackNetting",
        "clawback_spread": "In_ClawbackSpread",
        "debt_ratio": DecimalIn,
        "depreciation_start": "In_DepreciationStart",
        "evaluation": "In_EvaluationThresholds",
        "free_cost_recovery": "In_FreeCostRecovery",
        "free_data_amortisation_recoverable": bool,
        "grant_depreciation_recoverable": bool,
        "income_tax_rate": DecimalIn,
        "max_cost_plus_margin": DecimalIn,
        "max_premium": DecimalIn,
        "name": str,
        "period_years": int,
        "price_unit": DecimalIn,
        "price_unit_per_call": DecimalIn,
        "prices_include_vat": bool,
        "profit": "In_ProfitMethod",
        "report_deadline": str,
        "review_threshold": DecimalIn,
        "sources": Dict[str, str],
        "surcharges": "In_Surcharges",
        "template": Literal["anhui", "hubei"],
        "vat_rate": DecimalIn,
        "working_capital_share": DecimalIn,
    },
    total=False,
)

In_Pool = TypedDict(
    "In_Pool",
    {
        "driver": "In_Driver",
        "id": str,
        "name": str,
    },
    total=False,
)

In_PoolCost = TypedDict(
    "In_PoolCost",
    {
        "amount": DecimalIn,
        "pool": str,
    },
)

In_PricingPeriod = TypedDict(
    "In_PricingPeriod",
    {
        "first_year": int,
        "period_years": int,
    },
)

In_PriorInput = TypedDict(
    "In_PriorInput",
    {
        "reviews": List["In_ReviewedYear"],
    },
)

In_PriorYear = TypedDict(
    "In_PriorYear",
    {
        "actual_revenue": DecimalIn,
        "mpr": DecimalIn,
        "year": int,
    },
)

In_Product = TypedDict(
    "In_Product",
    {
        "approved_on": Union[str, None],
        "charging_form": "In_ChargingForm",
        "datasets": List[str],
        "id": str,
        "name": str,
        "name_zh": Union[str, None],
        "registration_level": Union["In_RegistrationLevel", None],
        "registration_number": Union[str, None],
        "scenarios": List[str],
        "service_form": "In_ServiceForm",
        "sources": List[str],
        "step": DecimalIn,
        "unit": str,
        "withdrawn_on": Union[str, None],
    },
    total=False,
)

In_ProductSources = TypedDict(
    "In_ProductSources",
    {
        "id": str,
        "revenue": DecimalIn,
        "sources": List[str],
    },
)

In_ProductSummary = TypedDict(
    "In_ProductSummary",
    {
        "free_quantity": DecimalIn,
        "free_records": int,
        "product": str,
        "quantity": DecimalIn,
        "records": int,
        "revenue": DecimalIn,
    },
)

In_ProfitMethod = TypedDict(
    "In_ProfitMethod",
    {
        "debt_rate": Union[DecimalIn, None],
        "debt_ratios": Union[List[DecimalIn], None],
        "equity_premium": Union[DecimalIn, None],
        "margin": Union[DecimalIn, None],
        "method": "In_MethodName",
        "rate": Union[DecimalIn, None],
    },
    total=False,
)

In_Publication = TypedDict(
    "In_Publication",
    {
        "basis": Union[str, None],
        "complaint_channel": Union[str, None],
        "operator": Union[str, None],
    },
    total=False,
)

In_PublicationHeader = TypedDict(
    "In_PublicationHeader",
    {
        "basis": Union[str, None],
        "complaint_channel": str,
        "operator": Union[str, None],
    },
    total=False,
)

In_PublicationQuoteInput = TypedDict(
    "In_PublicationQuoteInput",
    {
        "date": Union[str, None],
        "product": str,
        "publication": "In_FeePublication",
        "quantity": DecimalIn,
        "scenario": str,
    },
    total=False,
)

In_PublicationValidateInput = TypedDict(
    "In_PublicationValidateInput",
    {
        "publication": "In_FeePublication",
    },
)

In_PublishedCap = TypedDict(
    "In_PublishedCap",
    {
        "cap_quoted": Union[DecimalIn, None],
        "free_reason": Union[str, None],
        "product": str,
        "scenario": str,
    },
    total=False,
)

In_PublishedFee = TypedDict(
    "In_PublishedFee",
    {
        "cap": DecimalIn,
        "effective": str,
        "product": str,
        "scenario": str,
        "schedule": "In_Schedule",
    },
)

In_PublishedProduct = TypedDict(
    "In_PublishedProduct",
    {
        "charging_form": "In_ChargingForm",
        "id": str,
        "name": str,
        "name_zh": Union[str, None],
        "scenarios": List[str],
        "step": DecimalIn,
        "unit": str,
    },
    total=False,
)

In_PublishedScenario = TypedDict(
    "In_PublishedScenario",
    {
        "category": "In_Category",
        "id": str,
        "name": str,
    },
)

In_PublishedYear = TypedDict(
    "In_PublishedYear",
    {
        "lines": List["In_PublishedCap"],
        "mpr": DecimalIn,
        "year": int,
    },
)

In_RateInput = TypedDict(
    "In_RateInput",
    {
        "explain": bool,
        "keep_records": bool,
        "max_records": Union[int, None],
        "records": List["In_UsageRecord"],
        "tariff": "In_Tariff",
    },
    total=False,
)

In_RatedId = TypedDict(
    "In_RatedId",
    {
        "content": str,
        "id": str,
    },
)

In_RatingValidateInput = TypedDict(
    "In_RatingValidateInput",
    {
        "tariff": "In_Tariff",
    },
)

In_Renewal = TypedDict(
    "In_Renewal",
    {
        "signed": Union[str, None],
        "term_years": int,
    },
    total=False,
)

In_ReviewInput = TypedDict(
    "In_ReviewInput",
    {
        "actual": List["In_ActualLine"],
        "caps": "In_CapsYear",
        "catalog": Union["In_Catalog", None],
        "mpr": Union[DecimalIn, None],
        "next_forecast": List["In_PairVolume"],
        "next_mpr": Union[DecimalIn, None],
        "profile": "In_Policy",
        "year": int,
    },
    total=False,
)

In_ReviewedYear = TypedDict(
    "In_ReviewedYear",
    {
        "actual_revenue": DecimalIn,
        "mpr": DecimalIn,
        "year": int,
    },
)

In_RoundInput = TypedDict(
    "In_RoundInput",
    {
        "rounding": "In_Rounding",
        "value": DecimalIn,
    },
    total=False,
)

In_Rounding = TypedDict(
    "In_Rounding",
    {
        "mode": "In_RoundMode",
        "unit": DecimalIn,
    },
    total=False,
)

In_Sampling = TypedDict(
    "In_Sampling",
    {
        "antithetic": bool,
        "confidence": Union[DecimalIn, None],
        "max_steps": Union[int, None],
        "samples": int,
        "seed": int,
        "stratified": bool,
        "target_error": Union[DecimalIn, None],
    },
    total=False,
)

In_ScenarioDocument = TypedDict(
    "In_ScenarioDocument",
    {
        "catalog": "In_Catalog",
        "costs": "In_CostAccounts",
        "fees": List["In_Fee"],
        "first_year": int,
        "forecasts": List["In_Forecast"],
        "input_vat": List["In_YearAmount"],
        "name": str,
        "note": Union[str, None],
        "prior_period": List["In_PriorYear"],
        "profile": "In_Policy",
        "stage": "In_Stage",
        "use_keys": List["In_UseKey"],
        "weights": List["In_PairWeight"],
    },
    total=False,
)

In_ScheduleValidateInput = TypedDict(
    "In_ScheduleValidateInput",
    {
        "schedule": "In_Schedule",
    },
)

In_SettledProduct = TypedDict(
    "In_SettledProduct",
    {
        "collected": Union[DecimalIn, None],
        "sharing": "In_TwoLayerInput",
    },
    total=False,
)

In_SettlementInput = TypedDict(
    "In_SettlementInput",
    {
        "collected_ratio": Union[DecimalIn, None],
        "period": "In_Period",
        "products": List["In_SettledProduct"],
        "schedule": "In_PaymentSchedule",
    },
    total=False,
)

In_ShapleyInput = TypedDict(
    "In_ShapleyInput",
    {
        "game": "In_Game",
        "method": "In_ShapleyMethod",
        "rounding": Union["In_Rounding", None],
    },
    total=False,
)

In_ShapleySpec = TypedDict(
    "In_ShapleySpec",
    {
        "game": "In_Game",
        "method": "In_ShapleyMethod",
    },
    total=False,
)

In_ShareInput = TypedDict(
    "In_ShareInput",
    {
        "agreement": "In_Agreement",
        "revenue": Union[DecimalIn, None],
    },
    total=False,
)

In_SourcesGame = TypedDict(
    "In_SourcesGame",
    {
        "players": List[str],
        "products": List["In_ProductSources"],
    },
)

In_SplitInput = TypedDict(
    "In_SplitInput",
    {
        "amount": DecimalIn,
        "parties": List["In_SplitParty"],
        "rounding": "In_Rounding",
    },
    total=False,
)

In_SplitParty = TypedDict(
    "In_SplitParty",
    {
        "id": str,
        "max": Union[DecimalIn, None],
        "weight": DecimalIn,
    },
    total=False,
)

In_StatementInput = TypedDict(
    "In_StatementInput",
    {
        "carried_in": List["In_CarriedIn"],
        "format": "In_Format",
        "in_kind": List["In_InKindSupport"],
        "period": "In_Period",
        "sharing": "In_StatementSource",
    },
    total=False,
)

In_Surcharges = TypedDict(
    "In_Surcharges",
    {
        "education": DecimalIn,
        "local_education": DecimalIn,
        "urban_maintenance": DecimalIn,
    },
    total=False,
)

In_Suspension = TypedDict(
    "In_Suspension",
    {
        "end": str,
        "reason": Union[str, None],
        "start": str,
    },
    total=False,
)

In_Tariff = TypedDict(
    "In_Tariff",
    {
        "cap_test": "In_CapTest",
        "catalog": "In_Catalog",
        "fees": List["In_PublishedFee"],
        "lifecycle": Union["In_Lifecycle", None],
        "period": "In_BillingPeriod",
        "prices_include_vat": bool,
        "rounding": "In_Rounding",
        "vat_rate": DecimalIn,
    },
    total=False,
)

In_Thresholds = TypedDict(
    "In_Thresholds",
    {
        "free_share": DecimalIn,
        "min_free_quantity": DecimalIn,
        "spike_factor": DecimalIn,
    },
    total=False,
)

In_Tier = TypedDict(
    "In_Tier",
    {
        "from": DecimalIn,
        "price": DecimalIn,
        "to": Union[DecimalIn, None],
    },
    total=False,
)

In_TwoLayerInput = TypedDict(
    "In_TwoLayerInput",
    {
        "layer1": List["In_Unit"],
        "layer2": "In_Layer2",
        "product": str,
        "revenue": DecimalIn,
        "surcharge_rate": DecimalIn,
        "tax_basis": "In_TaxBasis",
        "vat_rate": DecimalIn,
    },
)

In_Unit = TypedDict(
    "In_Unit",
    {
        "id": str,
        "name": str,
        "ratio": DecimalIn,
        "treasury": "In_TreasuryLevel",
    },
    total=False,
)

In_Upstream = TypedDict(
    "In_Upstream",
    {
        "product": str,
        "ratio": DecimalIn,
    },
)

In_UsageLine = TypedDict(
    "In_UsageLine",
    {
        "customer": str,
        "free": bool,
        "product": str,
        "quantity": DecimalIn,
    },
    total=False,
)

In_UsageRecord = TypedDict(
    "In_UsageRecord",
    {
        "customer": str,
        "id": str,
        "product": str,
        "quantity": DecimalIn,
        "scenario": str,
        "time": str,
    },
)

In_UseInput = TypedDict(
    "In_UseInput",
    {
        "catalog": "In_Catalog",
        "products": List["In_ProductSummary"],
        "rounding": "In_Rounding",
    },
    total=False,
)

In_UseKey = TypedDict(
    "In_UseKey",
    {
        "driver": Union[DecimalIn, None],
        "product": str,
        "scenario": str,
        "share": Union[DecimalIn, None],
        "year": Union[int, None],
    },
    total=False,
)

In_ValuesAtInput = TypedDict(
    "In_ValuesAtInput",
    {
        "document": Dict[str, Any],
        "paths": List[str],
    },
)

In_Variation = TypedDict(
    "In_Variation",
    {
        "path": str,
        "scale": List[DecimalIn],
        "values": List[DecimalIn],
    },
    total=False,
)

In_VersionedInput = TypedDict(
    "In_VersionedInput",
    {
        "product": str,
        "revenue": List["In_DatedRevenue"],
        "versions": List["In_AgreementVersion"],
        "year": int,
    },
)

In_WaterfallInput = TypedDict(
    "In_WaterfallInput",
    {
        "agreement": "In_Agreement",
        "revenue": DecimalIn,
    },
)

In_WeightedMajorityGame = TypedDict(
    "In_WeightedMajorityGame",
    {
        "quota": DecimalIn,
        "value": DecimalIn,
        "weights": List["In_PlayerWeight"],
    },
)

In_WithChangesInput = TypedDict(
    "In_WithChangesInput",
    {
        "changes": List["In_Change"],
        "document": Dict[str, Any],
    },
)

In_WithDocument_DocReview = TypedDict(
    "In_WithDocument_DocReview",
    {
        "actual": List["In_ActualLine"],
        "document": "In_ScenarioDocument",
        "next_forecast": List["In_PairVolume"],
        "next_mpr": Union[DecimalIn, None],
        "toml": str,
        "year": int,
    },
    total=False,
)

In_WithDocument_FeeListInput = TypedDict(
    "In_WithDocument_FeeListInput",
    {
        "document": "In_ScenarioDocument",
        "format": "In_Format",
        "publication": "In_Publication",
        "toml": str,
        "year": Union[int, None],
    },
    total=False,
)

In_WithDocument_NoFields = TypedDict(
    "In_WithDocument_NoFields",
    {
        "document": "In_ScenarioDocument",
        "toml": str,
    },
    total=False,
)

In_WithDocument_PaperInput = TypedDict(
    "In_WithDocument_PaperInput",
    {
        "cap": Union["In_CapRef", None],
        "document": "In_ScenarioDocument",
        "format": "In_PaperFormat",
        "prefix": str,
        "toml": str,
    },
    total=False,
)

In_WithDocument_PublicationFields = TypedDict(
    "In_WithDocument_PublicationFields",
    {
        "document": "In_ScenarioDocument",
        "publication": "In_Publication",
        "toml": str,
    },
    total=False,
)

In_WithDocument_QuoteInput = TypedDict(
    "In_WithDocument_QuoteInput",
    {
        "date": Union[str, None],
        "document": "In_ScenarioDocument",
        "product": str,
        "quantity": DecimalIn,
        "scenario": str,
        "toml": str,
    },
    total=False,
)

In_WithDocument_ReportInput = TypedDict(
    "In_WithDocument_ReportInput",
    {
        "actual": List["In_ActualLine"],
        "document": "In_ScenarioDocument",
        "format": "In_Format",
        "shares": List["In_ShareInput"],
        "toml": str,
        "year": int,
    },
    total=False,
)

In_WithDocument_SweepInput = TypedDict(
    "In_WithDocument_SweepInput",
    {
        "document": "In_ScenarioDocument",
        "toml": str,
        "vary": List["In_Variation"],
        "year": Union[int, None],
    },
    total=False,
)

In_WithDocument_TariffInput = TypedDict(
    "In_WithDocument_TariffInput",
    {
        "document": "In_ScenarioDocument",
        "toml": str,
        "year": int,
    },
    total=False,
)

In_YearAmount = TypedDict(
    "In_YearAmount",
    {
        "amount": DecimalIn,
        "year": int,
    },
)

In_YearSummaryRequest = TypedDict(
    "In_YearSummaryRequest",
    {
        "accounts": "In_CostAccounts",
        "options": "In_CostOptions",
        "year": int,
    },
    total=False,
)

Out_AgreementPartyKind = Literal["data_source", "operator", "partner"]

Out_ApprovalScope = Literal["all_uses", "free_uses"]

Out_Cadence = Literal["quarterly", "half_yearly"]

Out_CapBasis = Literal["period", "per_year"]

Out_CapTest = Literal["strict", "average"]

Out_Category = Literal["public_governance", "public_welfare", "industry_development", "sector_development"]

Out_ChargingForm = Literal["per_item", "per_call", "per_time", "per_volume"]

Out_CollectedBasis = Literal["collections", "ratio"]

Out_Compensation = Literal["net_book_value", "unrecovered_investment", "none"]

Out_CostCategory = Literal["depreciation", "amortisation", "operation_maintenance", "data_acquisition", "data_governance", "compute", "storage", "personnel", "security", "network_resources", "model_development", "data_authorization", "interest", "other", "other_business", "fines", "donations"]

Out_CostTarget = Union[Dict[str, Any], Literal["general"], Dict[str, Any]]

Out_DeltaKind = Literal["reversal", "new"]

Out_DepreciationStart = Literal["next_month", "same_month"]

Out_Driver = Literal["data_volume", "compute_hours", "storage", "staff_hours"]

Out_ExclusionReason = Literal["non_permitted_category", "marked_not_permitted", "interest_paid_by_return", "grant_funded_depreciation", "free_data_amortisation"]

Out_FeeChange = Literal["new", "adjusted"]

Out_FeeDirection = Literal["up", "down", "unchanged"]

Out_FeeStatus = Literal["free", "paid", "no_fee"]

Out_FreeCostRecovery = Literal["chargeable_only", "from_paid", "budget_funded"]

Out_KeyKind = Literal["forecast_volume", "equal", "shares", "drivers"]

Out_MethodDetail = Dict[str, Any]

Out_PaperOutput = Union[Dict[str, Any], "Out_WorkingPaper"]

Out_PartyKind = Literal["data_source", "operator", "partner"]

Out_Payee = Literal["unit", "operator", "partner"]

Out_PaymentKind = Literal["treasury", "party"]

Out_RegistrationLevel = Literal["national", "provincial", "municipal"]

Out_RejectReason = Literal["missing_id", "missing_customer", "unknown_customer", "unknown_product", "unknown_scenario", "not_offered", "non_positive_quantity", "quantity_too_large", "not_multiple_of_step", "outside_period", "outside_authorization", "suspended", "product_not_registered", "product_withdrawn", "scenario_not_approved", "no_fee_in_force", "duplicate_id", "conflicting_duplicate"]

Out_Rendered_AnnualReport = Union["Out_AnnualReport", Dict[str, Any]]

Out_Rendered_AuthorizationDisclosure = Union["Out_AuthorizationDisclosure", Dict[str, Any]]

Out_Rendered_FeeList = Union["Out_FeeList", Dict[str, Any]]

Out_Rendered_PeriodicReport = Union["Out_PeriodicReport", Dict[str, Any]]

Out_Rendered_Statement = Union["Out_Statement", Dict[str, Any]]

Out_RoundMode = Literal["half_up", "half_even", "half_down", "floor", "ceil", "trunc"]

Out_Schedule = Dict[str, Any]

Out_ServiceForm = Literal["dataset", "api", "model", "report", "dataset_api"]

Out_SignalKind = Literal["usage_spike", "free_use_concentration"]

Out_SourceKind = Literal["two_layer", "settlement"]

Out_Stage = Literal["formal", "trial"]

Out_SupportKind = Literal["technology", "product", "service"]

Out_SurchargeBase = Literal["vat_payable", "output_vat"]

Out_TargetBasis = Literal["next_mpr", "current_mpr"]

Out_TaxBasis = Literal["vat_exclusive", "vat_inclusive"]

Out_TreasuryLevel = Literal["city", "province", "central"]

Out_ValuationBasis = Literal["market_price", "cost", "appraisal", "agreed"]

Out_Verdict2 = Literal["passed", "rectify", "failed"]

Out_ViolationKind = Literal["above_cap", "free_use_charged"]

Out_VolumeBasis = Literal["next_forecast", "actual"]

Out_AirportResult = TypedDict(
    "Out_AirportResult",
    {
        "explanation": "Out_Explanation",
        "shares": List["Out_AirportShare"],
        "total": Decimal,
    },
)

Out_AirportShare = TypedDict(
    "Out_AirportShare",
    {
        "id": str,
        "rounded": Decimal,
        "share": Decimal,
    },
)

Out_Allocation = TypedDict(
    "Out_Allocation",
    {
        "explanations": List["Out_Explanation"],
        "pools": List["Out_PoolAllocation"],
        "products": List["Out_ProductCost"],
    },
)

Out_AnnualReport = TypedDict(
    "Out_AnnualReport",
    {
        "costs": List["Out_ReportCostLine"],
        "evaluation": "Out_Evaluation2",
        "fee_adjustments": List["Out_FeeAdjustment"],
        "name": str,
        "overview": "Out_Overview",
        "products": List["Out_ProductLine"],
        "profile": str,
        "revenue": "Out_RevenueProfit",
        "review": "Out_Review",
        "shares": Union["Out_SharesSummary", None],
        "stage": "Out_Stage",
        "year": int,
    },
    total=False,
)

Out_Approval = TypedDict(
    "Out_Approval",
    {
        "customer": str,
        "end": str,
        "forecast_volume": Union[Decimal, None],
        "id": Union[str, None],
        "product": str,
        "scenario": str,
        "start": str,
    },
    total=False,
)

Out_AssetCharge = TypedDict(
    "Out_AssetCharge",
    {
        "asset": str,
        "category": "Out_CostCategory",
        "charge": Decimal,
        "grant_funded": bool,
        "months": int,
        "target": "Out_CostTarget",
    },
)

Out_AuditOutput = TypedDict(
    "Out_AuditOutput",
    {
        "signals": List["Out_AuditSignal"],
    },
)

Out_AuditSignal = TypedDict(
    "Out_AuditSignal",
    {
        "customer": str,
        "kind": "Out_SignalKind",
        "product": str,
        "quantity": Decimal,
        "ratio": Decimal,
        "reason": str,
        "reference": Decimal,
    },
)

Out_Authorization = TypedDict(
    "Out_Authorization",
    {
        "authority": str,
        "content": Union[str, None],
        "operator": str,
        "renewals": List["Out_Renewal"],
        "scope": Union[str, None],
        "signed": Union[str, None],
        "start": str,
        "suspensions": List["Out_Suspension"],
        "term_years": int,
        "terminated": Union[str, None],
    },
    total=False,
)

Out_AuthorizationDisclosure = TypedDict(
    "Out_AuthorizationDisclosure",
    {
        "authority": str,
        "content": str,
        "deadline": str,
        "last_day": str,
        "on_time": Union[bool, None],
        "operator": str,
        "published": Union[str, None],
        "renewals": int,
        "scope": str,
        "signed": str,
        "start": str,
        "suspensions": List[str],
        "terminated": Union[str, None],
        "working_days": int,
    },
    total=False,
)

Out_BillingPeriod = TypedDict(
    "Out_BillingPeriod",
    {
        "end": str,
        "start": str,
    },
)

Out_Breach = TypedDict(
    "Out_Breach",
    {
        "billed_quantity": Decimal,
        "cap_times_quantity": Decimal,
        "charge": Decimal,
        "field": str,
        "quantity": Decimal,
    },
)

Out_CapLine = TypedDict(
    "Out_CapLine",
    {
        "allocated_cost": Decimal,
        "cap": Union[Decimal, None],
        "cap_quoted": Union[Decimal, None],
        "category": "Out_Category",
        "chargeable": bool,
        "explanation": "Out_Explanation",
        "free_reason": Union[str, None],
        "product": str,
        "requirement": Decimal,
        "revenue_at_cap": Decimal,
        "scenario": str,
        "volume": Decimal,
        "weight": Decimal,
    },
    total=False,
)

Out_CapProposal = TypedDict(
    "Out_CapProposal",
    {
        "explanation": "Out_Explanation",
        "factor": Union[Decimal, None],
        "headroom": Decimal,
        "lines": List["Out_ProposedCap"],
        "mpr": Decimal,
        "revenue_at_current_caps": Decimal,
        "revenue_at_proposed_caps": Decimal,
        "target": Decimal,
        "target_basis": "Out_TargetBasis",
        "volume_basis": "Out_VolumeBasis",
    },
    total=False,
)

Out_CapsPeriod = TypedDict(
    "Out_CapsPeriod",
    {
        "basis": "Out_CapBasis",
        "explanation": "Out_Explanation",
        "headroom": Decimal,
        "requirement": Decimal,
        "revenue_at_caps": Decimal,
        "years": Tuple[int, int],
    },
)

Out_CapsYear = TypedDict(
    "Out_CapsYear",
    {
        "explanation": "Out_Explanation",
        "free_cost": Decimal,
        "headroom": Decimal,
        "lines": List["Out_CapLine"],
        "mpr": Decimal,
        "requirement": Decimal,
        "revenue_at_caps": Decimal,
        "year": int,
    },
)

Out_Catalog = TypedDict(
    "Out_Catalog",
    {
        "datasets": List["Out_Dataset"],
        "parties": List["Out_CatalogParty"],
        "products": List["Out_Product"],
        "scenarios": List["Out_CatalogScenario"],
    },
    total=False,
)

Out_CatalogParty = TypedDict(
    "Out_CatalogParty",
    {
        "administrative": bool,
        "id": str,
        "kind": "Out_PartyKind",
        "name": str,
    },
)

Out_CatalogScenario = TypedDict(
    "Out_CatalogScenario",
    {
        "cap_multiplier": Union[Decimal, None],
        "category": "Out_Category",
        "id": str,
        "name": str,
    },
    total=False,
)

Out_CategoryLine = TypedDict(
    "Out_CategoryLine",
    {
        "category": "Out_CostCategory",
        "claimed": Decimal,
        "disallowed": Decimal,
        "excluded": Decimal,
        "permitted": Decimal,
        "subsidy": Decimal,
    },
)

Out_ChainResult = TypedDict(
    "Out_ChainResult",
    {
        "cap_test": "Out_CapTest",
        "caps": List["Out_CapsYear"],
        "caps_period": "Out_CapsPeriod",
        "costs": List["Out_YearCosts"],
        "fees": List["Out_FeeVerdict"],
        "mpr": "Out_MprPeriod",
        "name": str,
        "profile": str,
        "profile_paper": "Out_Explanation",
        "scope": List["Out_ScopeYear"],
        "stage": "Out_Stage",
    },
)

Out_ChainWaterfall = TypedDict(
    "Out_ChainWaterfall",
    {
        "distributed": Decimal,
        "explanation": "Out_Explanation",
        "headroom": Decimal,
        "held_back": Decimal,
        "income_tax_deducted": Decimal,
        "permitted": "Out_Permitted",
        "product": str,
        "revenue": Decimal,
        "revenue_vat_exclusive": Decimal,
        "surcharge_base": "Out_SurchargeBase",
        "surcharges": Decimal,
        "tax_basis": "Out_TaxBasis",
        "taxes": Decimal,
        "vat": Decimal,
        "waterfall": "Out_Waterfall",
        "year": int,
    },
)

Out_ChargeResult = TypedDict(
    "Out_ChargeResult",
    {
        "charge": Decimal,
        "charge_rounded": Decimal,
        "explanation": "Out_Explanation",
    },
)

Out_Clawback = TypedDict(
    "Out_Clawback",
    {
        "explanation": "Out_Explanation",
        "per_year": List[Decimal],
        "total": Decimal,
    },
)

Out_CodeOutput = TypedDict(
    "Out_CodeOutput",
    {
        "valid": bool,
    },
)

Out_ContributionResult = TypedDict(
    "Out_ContributionResult",
    {
        "explanation": "Out_Explanation",
        "grading": Union["Out_Grading", None],
        "parties": List["Out_Evaluated"],
        "ranking": List[str],
    },
    total=False,
)

Out_Criterion = TypedDict(
    "Out_Criterion",
    {
        "comparison": str,
        "figure": Union[Decimal, None],
        "key": str,
        "label": str,
        "on_failure": "Out_Verdict2",
        "passed": bool,
        "threshold": Decimal,
    },
)

Out_Dataset = TypedDict(
    "Out_Dataset",
    {
        "id": str,
        "name": str,
        "source": str,
    },
)

Out_DeltaLine = TypedDict(
    "Out_DeltaLine",
    {
        "amount": Decimal,
        "category": "Out_Category",
        "charge": Decimal,
        "effective": Union[str, None],
        "free": bool,
        "kind": "Out_DeltaKind",
        "line": int,
        "product": str,
        "quantity": Decimal,
        "records": int,
        "scenario": str,
    },
    total=False,
)

Out_DepreciationSchedule = TypedDict(
    "Out_DepreciationSchedule",
    {
        "asset": str,
        "category": "Out_CostCategory",
        "depreciable": Decimal,
        "explanations": List["Out_Explanation"],
        "first_month": str,
        "last_month": str,
        "monthly": Decimal,
        "start": "Out_DepreciationStart",
        "total": Decimal,
        "years": List["Out_ScheduleYear"],
    },
)

Out_Derivative = TypedDict(
    "Out_Derivative",
    {
        "explanation": "Out_Explanation",
        "order_ids": List[str],
        "own_revenue": Decimal,
        "products": List["Out_DerivedResult"],
    },
)

Out_DerivedResult = TypedDict(
    "Out_DerivedResult",
    {
        "gross": Decimal,
        "own_revenue": Decimal,
        "paid_upstream": List["Out_UpstreamPayment"],
        "product": str,
        "received": Decimal,
        "retained": Decimal,
        "waterfall": "Out_Waterfall",
    },
)

Out_DriverShare = TypedDict(
    "Out_DriverShare",
    {
        "amount": Decimal,
        "product": str,
        "quantity": Decimal,
    },
)

Out_Evaluated = TypedDict(
    "Out_Evaluated",
    {
        "grade": Union[str, None],
        "id": str,
        "normalised": Dict[str, Decimal],
        "rank": int,
        "score": Decimal,
        "weight": Decimal,
    },
    total=False,
)

Out_Evaluation2 = TypedDict(
    "Out_Evaluation2",
    {
        "criteria": List["Out_Criterion"],
        "label": str,
        "verdict": "Out_Verdict2",
    },
)

Out_ExcludedItem = TypedDict(
    "Out_ExcludedItem",
    {
        "amount": Decimal,
        "category": "Out_CostCategory",
        "net": Decimal,
        "reason": "Out_ExclusionReason",
        "source": str,
        "subsidy": Decimal,
        "target": "Out_CostTarget",
    },
)

Out_ExitSettlement = TypedDict(
    "Out_ExitSettlement",
    {
        "assets_handed_back": List[str],
        "compensation": Decimal,
        "compensation_basis": "Out_Compensation",
        "days_cut": int,
        "explanation": "Out_Explanation",
        "final_clawback": Union["Out_FinalClawback", None],
        "net_book_value_handed_back": Decimal,
        "net_book_value_retained": Decimal,
        "net_due_to_operator": Decimal,
        "term_end": str,
        "terminated": str,
        "unrecovered_investment": Decimal,
    },
    total=False,
)

Out_Explanation = TypedDict(
    "Out_Explanation",
    {
        "formula": str,
        "id": str,
        "inputs": List["Out_ExplanationInput"],
        "notes": List[str],
        "result": str,
        "rounding": Union[str, None],
        "title": str,
    },
    total=False,
)

Out_ExplanationInput = TypedDict(
    "Out_ExplanationInput",
    {
        "name": str,
        "value": str,
    },
)

Out_Fee = TypedDict(
    "Out_Fee",
    {
        "effective": str,
        "product": str,
        "scenario": str,
        "schedule": "Out_Schedule",
    },
)

Out_FeeAdjustment = TypedDict(
    "Out_FeeAdjustment",
    {
        "actual_fee": str,
        "change": "Out_FeeChange",
        "direction": Union["Out_FeeDirection", None],
        "effective": str,
        "previous_effective": Union[str, None],
        "previous_fee": Union[str, None],
        "previous_unit_price": Union[Decimal, None],
        "product": str,
        "scenario": str,
        "unit_price": Decimal,
    },
    total=False,
)

Out_FeeList = TypedDict(
    "Out_FeeList",
    {
        "basis": Union[str, None],
        "complaint_channel": str,
        "name": str,
        "operator": Union[str, None],
        "prices_include_vat": bool,
        "profile": str,
        "rows": List["Out_FeeRow"],
        "stage": "Out_Stage",
        "year": int,
    },
    total=False,
)

Out_FeePublication = TypedDict(
    "Out_FeePublication",
    {
        "amount_rounding": "Out_Rounding",
        "caps": List["Out_PublishedYear"],
        "engine_version": str,
        "fees": List["Out_Fee"],
        "first_year": int,
        "header": "Out_PublicationHeader",
        "name": str,
        "note": Union[str, None],
        "period_years": int,
        "products": List["Out_PublishedProduct"],
        "scenarios": List["Out_PublishedScenario"],
        "stage": "Out_Stage",
    },
    total=False,
)

Out_FeeRow = TypedDict(
    "Out_FeeRow",
    {
        "actual_fee": str,
        "cap": Union[Decimal, None],
        "cap_explanation": Union[str, None],
        "category": "Out_Category",
        "category_zh": str,
        "charging_form": "Out_ChargingForm",
        "charging_form_zh": str,
        "compliant": Union[bool, None],
        "effective": Union[str, None],
        "free": bool,
        "free_reason": Union[str, None],
        "product": str,
        "product_name": str,
        "product_name_zh": Union[str, None],
        "registration_level": Union["Out_RegistrationLevel", None],
        "registration_number": Union[str, None],
        "replaced_on": Union[str, None],
        "scenario": str,
        "scenario_name": str,
        "service_form": "Out_ServiceForm",
        "service_form_zh": str,
        "status": "Out_FeeStatus",
        "trial": bool,
        "unit": str,
    },
    total=False,
)

Out_FeeVerdict = TypedDict(
    "Out_FeeVerdict",
    {
        "cap": Decimal,
        "checks": List["Out_YearCheck"],
        "description": str,
        "effective": str,
        "product": str,
        "scenario": str,
        "verdict": "Out_Verdict",
        "year": int,
    },
)

Out_FiguresCapLine = TypedDict(
    "Out_FiguresCapLine",
    {
        "allocated_cost": Decimal,
        "cap": Union[Decimal, None],
        "cap_quoted": Union[Decimal, None],
        "category": "Out_Category",
        "chargeable": bool,
        "free_reason": Union[str, None],
        "product": str,
        "requirement": Decimal,
        "revenue_at_cap": Decimal,
        "scenario": str,
        "volume": Decimal,
        "weight": Decimal,
    },
    total=False,
)

Out_FiguresCapsPeriod = TypedDict(
    "Out_FiguresCapsPeriod",
    {
        "basis": "Out_CapBasis",
        "headroom": Decimal,
        "requirement": Decimal,
        "revenue_at_caps": Decimal,
        "years": Tuple[int, int],
    },
)

Out_FiguresCapsYear = TypedDict(
    "Out_FiguresCapsYear",
    {
        "free_cost": Decimal,
        "headroom": Decimal,
        "lines": List["Out_FiguresCapLine"],
        "mpr": Decimal,
        "requirement": Decimal,
        "revenue_at_caps": Decimal,
        "year": int,
    },
)

Out_FiguresChainResult = TypedDict(
    "Out_FiguresChainResult",
    {
        "cap_test": "Out_CapTest",
        "caps": List["Out_FiguresCapsYear"],
        "caps_period": "Out_FiguresCapsPeriod",
        "fees": List["Out_FiguresFeeVerdict"],
        "mpr": "Out_FiguresMprPeriod",
        "name": str,
        "profile": str,
        "scope": List["Out_FiguresScopeYear"],
        "stage": "Out_Stage",
    },
)

Out_FiguresClawback = TypedDict(
    "Out_FiguresClawback",
    {
        "per_year": List[Decimal],
        "total": Decimal,
    },
)

Out_FiguresFeeVerdict = TypedDict(
    "Out_FiguresFeeVerdict",
    {
        "cap": Decimal,
        "checks": List["Out_YearCheck"],
        "description": str,
        "effective": str,
        "product": str,
        "scenario": str,
        "verdict": "Out_FiguresVerdict",
        "year": int,
    },
)

Out_FiguresMprPeriod = TypedDict(
    "Out_FiguresMprPeriod",
    {
        "clawback": "Out_FiguresClawback",
        "profit_method": str,
        "stage": "Out_Stage",
        "total": Decimal,
        "years": List["Out_FiguresMprYear"],
    },
)

Out_FiguresMprYear = TypedDict(
    "Out_FiguresMprYear",
    {
        "clawback": Decimal,
        "clawback_carried": Decimal,
        "effective_assets": Decimal,
        "equity_profit": Decimal,
        "free_use_cost": Decimal,
        "income_tax": Decimal,
        "mpr": Decimal,
        "permitted_cost": Decimal,
        "permitted_profit": Decimal,
        "return_rate": Union[Decimal, None],
        "revenue_requirement": Decimal,
        "surcharges": Decimal,
        "taxes": Decimal,
        "year": int,
    },
    total=False,
)

Out_FiguresScopeYear = TypedDict(
    "Out_FiguresScopeYear",
    {
        "chargeable_assets": Decimal,
        "chargeable_cost": Decimal,
        "effective_assets": Decimal,
        "free_assets": Decimal,
        "free_cost": Decimal,
        "products": List["Out_ProductScope"],
        "recovery": "Out_FreeCostRecovery",
        "shared_key": Decimal,
        "total_cost": Decimal,
        "uses": List["Out_UseCost"],
        "year": int,
    },
)

Out_FiguresVerdict = TypedDict(
    "Out_FiguresVerdict",
    {
        "compliant": bool,
        "first_breach": Union["Out_Breach", None],
        "price_breach": Union["Out_PriceBreach", None],
        "test": "Out_CapTest",
    },
)

Out_FinalClawback = TypedDict(
    "Out_FinalClawback",
    {
        "actual_revenue": Decimal,
        "clawback": Decimal,
        "days_in_force": int,
        "days_in_year": int,
        "prorated_mpr": Decimal,
        "year": int,
    },
)

Out_GradeGroup = TypedDict(
    "Out_GradeGroup",
    {
        "grade": str,
        "min_score": Union[Decimal, None],
        "parties": List[str],
    },
    total=False,
)

Out_Grading = TypedDict(
    "Out_Grading",
    {
        "groups": List["Out_GradeGroup"],
        "use": str,
    },
)

Out_InKindSupport = TypedDict(
    "Out_InKindSupport",
    {
        "amount": Decimal,
        "basis": "Out_ValuationBasis",
        "date": str,
        "description": str,
        "kind": "Out_SupportKind",
        "reference": Union[str, None],
        "unit": str,
    },
    total=False,
)

Out_Invoice = TypedDict(
    "Out_Invoice",
    {
        "customer": str,
        "explanation": Union["Out_Explanation", None],
        "lines": List["Out_InvoiceLine"],
        "lines_total": Decimal,
        "prices_include_vat": bool,
        "subtotal": Decimal,
        "total": Decimal,
        "vat": Decimal,
        "vat_rate": Decimal,
    },
    total=False,
)

Out_InvoiceAdjustment = TypedDict(
    "Out_InvoiceAdjustment",
    {
        "change": "Out_InvoiceAmounts",
        "customer": str,
        "invoice": "Out_Invoice",
        "lines": List["Out_DeltaLine"],
        "previous": Union["Out_InvoiceAmounts", None],
        "replaces_revision": Union[int, None],
    },
    total=False,
)

Out_InvoiceAmounts = TypedDict(
    "Out_InvoiceAmounts",
    {
        "lines_total": Decimal,
        "subtotal": Decimal,
        "total": Decimal,
        "vat": Decimal,
    },
)

Out_InvoiceLine = TypedDict(
    "Out_InvoiceLine",
    {
        "amount": Decimal,
        "billed_quantity": Union[Decimal, None],
        "cap": Union[Decimal, None],
        "cap_limit": Union[Decimal, None],
        "category": "Out_Category",
        "charge": Decimal,
        "effective": Union[str, None],
        "explanation": Union["Out_Explanation", None],
        "free": bool,
        "free_reason": Union[str, None],
        "note": Union[str, None],
        "product": str,
        "quantity": Decimal,
        "records": int,
        "scenario": str,
        "schedule": Union[str, None],
    },
    total=False,
)

Out_InvoicedState = TypedDict(
    "Out_InvoicedState",
    {
        "aggregates": List["Out_PartialAggregate"],
        "format": int,
        "ids": List["Out_RatedId"],
        "revision": int,
        "tariff": str,
    },
)

Out_LateResult = TypedDict(
    "Out_LateResult",
    {
        "adjustments": List["Out_InvoiceAdjustment"],
        "charged": int,
        "explanation": "Out_Explanation",
        "free": int,
        "period": "Out_BillingPeriod",
        "rated": int,
        "records_in": int,
        "rejected": int,
        "rejected_records": List["Out_Rejection"],
        "rejected_records_omitted": int,
        "rejections_by_reason": Dict[str, int],
        "revision": int,
        "state": "Out_InvoicedState",
        "totals": "Out_LateTotals",
    },
)

Out_LateTotals = TypedDict(
    "Out_LateTotals",
    {
        "adjustments": int,
        "change": "Out_InvoiceAmounts",
        "delta_lines": int,
    },
)

Out_Lifecycle = TypedDict(
    "Out_Lifecycle",
    {
        "approvals": Union[List["Out_Approval"], None],
        "approvals_cover": "Out_ApprovalScope",
        "authorization": Union["Out_Authorization", None],
        "check_credit_codes": bool,
        "max_term_years": int,
        "registration_required": bool,
    },
    total=False,
)

Out_LifecycleCheck = TypedDict(
    "Out_LifecycleCheck",
    {
        "approvals": int,
        "forecasts": Dict[str, Dict[str, Decimal]],
        "term": Union["Out_TermOut", None],
        "valid": bool,
    },
    total=False,
)

Out_ListedProduct = TypedDict(
    "Out_ListedProduct",
    {
        "charged_records": int,
        "free_records": int,
        "name": str,
        "product": str,
        "quantity": Decimal,
        "registration_number": Union[str, None],
        "revenue": Decimal,
        "scenarios": List[str],
        "service_form_zh": str,
        "state": str,
    },
    total=False,
)

Out_MprPeriod = TypedDict(
    "Out_MprPeriod",
    {
        "clawback": "Out_Clawback",
        "profit_method": str,
        "stage": "Out_Stage",
        "total": Decimal,
        "years": List["Out_MprYear"],
    },
)

Out_MprYear = TypedDict(
    "Out_MprYear",
    {
        "clawback": Decimal,
        "clawback_carried": Decimal,
        "effective_assets": Decimal,
        "equity_profit": Decimal,
        "explanations": List["Out_Explanation"],
        "free_use_cost": Decimal,
        "income_tax": Decimal,
        "mpr": Decimal,
        "permitted_cost": Decimal,
        "permitted_profit": Decimal,
        "return_rate": Union[Decimal, None],
        "revenue_requirement": Decimal,
        "surcharges": Decimal,
        "taxes": Decimal,
        "year": int,
    },
    total=False,
)

Out_Overview = TypedDict(
    "Out_Overview",
    {
        "actual_revenue": Decimal,
        "chargeable_pairs": int,
        "deviation_percent": Union[Decimal, None],
        "fee_adjustments": int,
        "free_pairs": int,
        "mpr": Decimal,
        "pairs_with_fee": int,
        "permitted_cost": Decimal,
        "products": int,
        "profit": Decimal,
        "scenarios": int,
        "violations": int,
    },
)

Out_PartialAggregate = TypedDict(
    "Out_PartialAggregate",
    {
        "customer": str,
        "nano": str,
        "records": int,
        "slot": int,
    },
)

Out_PartyShare = TypedDict(
    "Out_PartyShare",
    {
        "cost_recovered": Decimal,
        "id": str,
        "kind": "Out_AgreementPartyKind",
        "loss": Decimal,
        "name": str,
        "non_tax_revenue": bool,
        "profit": Decimal,
        "remainder_share": Decimal,
        "total": Decimal,
    },
)

Out_PartyStatement = TypedDict(
    "Out_PartyStatement",
    {
        "carried_forward": Decimal,
        "carried_in": Decimal,
        "cost_recovered": Decimal,
        "in_kind_offset": Decimal,
        "in_kind_valued": Decimal,
        "name": str,
        "party": str,
        "payee": "Out_Payee",
        "profit": Decimal,
        "remainder_share": Decimal,
        "remitted": Decimal,
        "revenue_basis": Decimal,
        "share": Decimal,
        "taxes": Decimal,
        "treasury": Union["Out_TreasuryLevel", None],
    },
    total=False,
)

Out_Payment = TypedDict(
    "Out_Payment",
    {
        "amount": Decimal,
        "due": str,
        "id": str,
        "kind": "Out_PaymentKind",
        "treasury": Union["Out_TreasuryLevel", None],
    },
    total=False,
)

Out_Period = TypedDict(
    "Out_Period",
    {
        "from": str,
        "to": str,
    },
)

Out_PeriodicReport = TypedDict(
    "Out_PeriodicReport",
    {
        "cadence": "Out_Cadence",
        "index": int,
        "last_day": str,
        "products": List["Out_ListedProduct"],
        "resource_use": "Out_ResourceUse",
        "start": str,
        "year": int,
    },
)

Out_Permitted = TypedDict(
    "Out_Permitted",
    {
        "chargeable_cost_all": Decimal,
        "cost": Decimal,
        "income_tax": Decimal,
        "input_vat": Decimal,
        "mpr": Decimal,
        "profit": Decimal,
    },
)

Out_PlayerShapley = TypedDict(
    "Out_PlayerShapley",
    {
        "id": str,
        "rounded": Union[Decimal, None],
        "std_error": Union[Decimal, None],
        "value": Decimal,
    },
    total=False,
)

Out_PointCap = TypedDict(
    "Out_PointCap",
    {
        "cap": Decimal,
        "product": str,
        "scenario": str,
    },
)

Out_PointError = TypedDict(
    "Out_PointError",
    {
        "code": str,
        "field": str,
        "message": str,
        "value": Union[Decimal, str],
    },
)

Out_PoolAllocation = TypedDict(
    "Out_PoolAllocation",
    {
        "cost": Decimal,
        "driver": "Out_Driver",
        "pool": str,
        "shares": List["Out_DriverShare"],
        "total_quantity": Decimal,
    },
)

Out_PoolShare = TypedDict(
    "Out_PoolShare",
    {
        "amount": Decimal,
        "pool": str,
        "quantity": Decimal,
    },
)

Out_PriceBreach = TypedDict(
    "Out_PriceBreach",
    {
        "basis": str,
        "cap": Decimal,
        "field": str,
        "unit_price": Decimal,
    },
)

Out_PriorOutput = TypedDict(
    "Out_PriorOutput",
    {
        "prior_period": List["Out_PriorYear"],
    },
)

Out_PriorYear = TypedDict(
    "Out_PriorYear",
    {
        "actual_revenue": Decimal,
        "mpr": Decimal,
        "year": int,
    },
)

Out_Product = TypedDict(
    "Out_Product",
    {
        "approved_on": Union[str, None],
        "charging_form": "Out_ChargingForm",
        "datasets": List[str],
        "id": str,
        "name": str,
        "name_zh": Union[str, None],
        "registration_level": Union["Out_RegistrationLevel", None],
        "registration_number": Union[str, None],
        "scenarios": List[str],
        "service_form": "Out_ServiceForm",
        "sources": List[str],
        "step": Decimal,
        "unit": str,
        "withdrawn_on": Union[str, None],
    },
    total=False,
)

Out_ProductCost = TypedDict(
    "Out_ProductCost",
    {
        "direct": Decimal,
        "general": Decimal,
        "pools": List["Out_PoolShare"],
        "product": str,
        "total": Decimal,
    },
)

Out_ProductLine = TypedDict(
    "Out_ProductLine",
    {
        "forecast": Decimal,
        "name": str,
        "name_zh": Union[str, None],
        "product": str,
        "ratio": Union[Decimal, None],
        "revenue": Decimal,
        "unit": str,
        "volume": Decimal,
    },
    total=False,
)

Out_ProductScope = TypedDict(
    "Out_ProductScope",
    {
        "chargeable_cost": Decimal,
        "chargeable_share": Decimal,
        "cost": Decimal,
        "free_cost": Decimal,
        "key": "Out_KeyKind",
        "product": str,
    },
)

Out_ProductSettlement = TypedDict(
    "Out_ProductSettlement",
    {
        "billed": Decimal,
        "collected": Decimal,
        "collected_basis": "Out_CollectedBasis",
        "product": str,
        "sharing": "Out_TwoLayer",
        "uncollected": Decimal,
    },
)

Out_ProductShares = TypedDict(
    "Out_ProductShares",
    {
        "parties": List["Out_SharePartyLine"],
        "product": str,
        "revenue": Decimal,
        "shortfall": Decimal,
        "tax": Decimal,
    },
)

Out_ProductSummary = TypedDict(
    "Out_ProductSummary",
    {
        "free_quantity": Decimal,
        "free_records": int,
        "product": str,
        "quantity": Decimal,
        "records": int,
        "revenue": Decimal,
    },
)

Out_ProductVolume = TypedDict(
    "Out_ProductVolume",
    {
        "explanation": "Out_Explanation",
        "forecast": Decimal,
        "product": str,
        "ratio": Union[Decimal, None],
        "revenue": Decimal,
        "volume": Decimal,
    },
    total=False,
)

Out_ProposedCap = TypedDict(
    "Out_ProposedCap",
    {
        "current_cap": Decimal,
        "explanation": "Out_Explanation",
        "product": str,
        "proposed_cap": Decimal,
        "proposed_quoted": Decimal,
        "revenue_at_proposed": Decimal,
        "scenario": str,
        "volume": Decimal,
    },
)

Out_PublicationHeader = TypedDict(
    "Out_PublicationHeader",
    {
        "basis": Union[str, None],
        "complaint_channel": str,
        "operator": Union[str, None],
    },
    total=False,
)

Out_PublishedCap = TypedDict(
    "Out_PublishedCap",
    {
        "cap_quoted": Union[Decimal, None],
        "free_reason": Union[str, None],
        "product": str,
        "scenario": str,
    },
    total=False,
)

Out_PublishedFee = TypedDict(
    "Out_PublishedFee",
    {
        "cap": Decimal,
        "effective": str,
        "product": str,
        "scenario": str,
        "schedule": "Out_Schedule",
    },
)

Out_PublishedProduct = TypedDict(
    "Out_PublishedProduct",
    {
        "charging_form": "Out_ChargingForm",
        "id": str,
        "name": str,
        "name_zh": Union[str, None],
        "scenarios": List[str],
        "step": Decimal,
        "unit": str,
    },
    total=False,
)

Out_PublishedScenario = TypedDict(
    "Out_PublishedScenario",
    {
        "category": "Out_Category",
        "id": str,
        "name": str,
    },
)

Out_PublishedYear = TypedDict(
    "Out_PublishedYear",
    {
        "lines": List["Out_PublishedCap"],
        "mpr": Decimal,
        "year": int,
    },
)

Out_Quote = TypedDict(
    "Out_Quote",
    {
        "cap": Union[Decimal, None],
        "cap_times_quantity": Union[Decimal, None],
        "category": "Out_Category",
        "charge": Decimal,
        "charge_exact": Decimal,
        "effective": Union[str, None],
        "explanation": "Out_Explanation",
        "free": bool,
        "product": str,
        "product_name": str,
        "quantity": Decimal,
        "reason": Union[str, None],
        "scenario": str,
        "schedule": Union[str, None],
        "trial": bool,
        "within_cap": bool,
        "year": int,
    },
    total=False,
)

Out_RatedId = TypedDict(
    "Out_RatedId",
    {
        "content": str,
        "id": str,
    },
)

Out_RatingResult = TypedDict(
    "Out_RatingResult",
    {
        "charged": int,
        "explanation": "Out_Explanation",
        "free": int,
        "invoices": List["Out_Invoice"],
        "period": "Out_BillingPeriod",
        "products": List["Out_ProductSummary"],
        "rated": int,
        "records": Union[List["Out_RecordOutcome"], None],
        "records_in": int,
        "rejected": int,
        "rejected_records": List["Out_Rejection"],
        "rejected_records_omitted": int,
        "rejections_by_reason": Dict[str, int],
        "totals": "Out_RatingTotals",
    },
    total=False,
)

Out_RatingTotals = TypedDict(
    "Out_RatingTotals",
    {
        "charged_records": int,
        "free_quantity": Decimal,
        "free_records": int,
        "invoices": int,
        "lines": int,
        "lines_total": Decimal,
        "subtotal": Decimal,
        "total": Decimal,
        "vat": Decimal,
    },
)

Out_RatingValidateOutput = TypedDict(
    "Out_RatingValidateOutput",
    {
        "fees": int,
        "pairs": int,
        "valid": bool,
    },
)

Out_RecordOutcome = TypedDict(
    "Out_RecordOutcome",
    {
        "customer": str,
        "effective": Union[str, None],
        "id": str,
        "index": int,
        "product": str,
        "quantity": Decimal,
        "scenario": str,
        "time": str,
    },
    total=False,
)

Out_Rejection = TypedDict(
    "Out_Rejection",
    {
        "id": str,
        "index": int,
        "reason": "Out_RejectReason",
        "value": str,
    },
)

Out_Renewal = TypedDict(
    "Out_Renewal",
    {
        "signed": Union[str, None],
        "term_years": int,
    },
    total=False,
)

Out_ReportCostLine = TypedDict(
    "Out_ReportCostLine",
    {
        "category": "Out_CostCategory",
        "category_zh": str,
        "claimed": Decimal,
        "disallowed": Decimal,
        "excluded": Decimal,
        "permitted": Decimal,
        "subsidy": Decimal,
    },
)

Out_ResourceUse = TypedDict(
    "Out_ResourceUse",
    {
        "datasets": List["Out_UseLine"],
        "sources": List["Out_UseLine"],
        "total_revenue": Decimal,
        "unattributed_revenue": Decimal,
    },
)

Out_RevenueProfit = TypedDict(
    "Out_RevenueProfit",
    {
        "accounting_profit": Decimal,
        "actual_revenue": Decimal,
        "claimed_cost": Decimal,
        "explanation": "Out_Explanation",
        "free_use_cost": Decimal,
        "mpr": Decimal,
        "permitted_cost": Decimal,
        "permitted_profit": Decimal,
        "profit": Decimal,
        "regulatory_margin": Decimal,
        "total_permitted_cost": Decimal,
    },
)

Out_Review = TypedDict(
    "Out_Review",
    {
        "actual_revenue": Decimal,
        "beyond_threshold": bool,
        "carry_under_recovery": bool,
        "clawback": Decimal,
        "deviation": Decimal,
        "deviation_percent": Union[Decimal, None],
        "explanations": List["Out_Explanation"],
        "lines": List["Out_ReviewLine"],
        "mpr": Decimal,
        "over_recovery": Decimal,
        "products": List["Out_ProductVolume"],
        "proposal": Union["Out_CapProposal", None],
        "threshold_percent": Decimal,
        "under_recovery": Decimal,
        "violations": List["Out_Violation"],
        "year": int,
    },
    total=False,
)

Out_ReviewLine = TypedDict(
    "Out_ReviewLine",
    {
        "cap": Union[Decimal, None],
        "category": "Out_Category",
        "ceiling": Decimal,
        "chargeable": bool,
        "explanation": "Out_Explanation",
        "forecast": Decimal,
        "product": str,
        "ratio": Union[Decimal, None],
        "revenue": Decimal,
        "scenario": str,
        "volume": Decimal,
    },
    total=False,
)

Out_RoundOutput = TypedDict(
    "Out_RoundOutput",
    {
        "result": Decimal,
    },
)

Out_Rounding = TypedDict(
    "Out_Rounding",
    {
        "mode": "Out_RoundMode",
        "unit": Decimal,
    },
)

Out_ScheduleValidateOutput = TypedDict(
    "Out_ScheduleValidateOutput",
    {
        "description": str,
        "valid": bool,
    },
)

Out_ScheduleYear = TypedDict(
    "Out_ScheduleYear",
    {
        "accumulated": Decimal,
        "charge": Decimal,
        "closing_nbv": Decimal,
        "months": int,
        "opening_nbv": Decimal,
        "year": int,
    },
)

Out_ScopeYear = TypedDict(
    "Out_ScopeYear",
    {
        "chargeable_assets": Decimal,
        "chargeable_cost": Decimal,
        "effective_assets": Decimal,
        "explanation": "Out_Explanation",
        "free_assets": Decimal,
        "free_cost": Decimal,
        "products": List["Out_ProductScope"],
        "recovery": "Out_FreeCostRecovery",
        "shared_key": Decimal,
        "total_cost": Decimal,
        "uses": List["Out_UseCost"],
        "year": int,
    },
)

Out_Settlement = TypedDict(
    "Out_Settlement",
    {
        "billed": Decimal,
        "collected": Decimal,
        "distributed": Decimal,
        "explanation": "Out_Explanation",
        "operator_retained": Decimal,
        "payments": List["Out_Payment"],
        "period": "Out_Period",
        "products": List["Out_ProductSettlement"],
        "remitted": Decimal,
        "taxes": Decimal,
        "treasury": Dict[str, Decimal],
        "uncollected": Decimal,
    },
)

Out_ShapleyResult = TypedDict(
    "Out_ShapleyResult",
    {
        "confidence": Union[Decimal, None],
        "explanation": "Out_Explanation",
        "grand_coalition": Decimal,
        "hoeffding": Union[Decimal, None],
        "method": str,
        "samples": Union[int, None],
        "seed": Union[int, None],
        "values": List["Out_PlayerShapley"],
    },
    total=False,
)

Out_SharePartyLine = TypedDict(
    "Out_SharePartyLine",
    {
        "cost_recovered": Decimal,
        "id": str,
        "kind": "Out_AgreementPartyKind",
        "name": str,
        "non_tax_revenue": bool,
        "profit": Decimal,
        "remainder_share": Decimal,
        "total": Decimal,
    },
)

Out_SharePartyTotal = TypedDict(
    "Out_SharePartyTotal",
    {
        "id": str,
        "kind": "Out_AgreementPartyKind",
        "name": str,
        "non_tax_revenue": Decimal,
        "total": Decimal,
    },
)

Out_SharesSummary = TypedDict(
    "Out_SharesSummary",
    {
        "non_tax_revenue": Decimal,
        "parties": List["Out_SharePartyTotal"],
        "products": List["Out_ProductShares"],
        "revenue": Decimal,
        "tax": Decimal,
    },
)

Out_SplitResult = TypedDict(
    "Out_SplitResult",
    {
        "amount": Decimal,
        "explanation": "Out_Explanation",
        "shares": List["Out_SplitShare"],
    },
)

Out_SplitShare = TypedDict(
    "Out_SplitShare",
    {
        "id": str,
        "share": Decimal,
    },
)

Out_Statement = TypedDict(
    "Out_Statement",
    {
        "carried_forward": Decimal,
        "explanation": "Out_Explanation",
        "in_kind": List["Out_InKindSupport"],
        "in_kind_offset": Decimal,
        "lines": List["Out_StatementLine"],
        "parties": List["Out_PartyStatement"],
        "period": "Out_Period",
        "products": List["Out_StatementProduct"],
        "remitted": Decimal,
        "revenue": Decimal,
        "shares": Decimal,
        "source": "Out_SourceKind",
        "taxes": Decimal,
        "treasury": Dict[str, Decimal],
    },
)

Out_StatementLine = TypedDict(
    "Out_StatementLine",
    {
        "cost_recovered": Decimal,
        "name": str,
        "party": str,
        "payee": "Out_Payee",
        "product": str,
        "profit": Decimal,
        "remainder_share": Decimal,
        "revenue_basis": Decimal,
        "share": Decimal,
        "taxes": Decimal,
    },
)

Out_StatementProduct = TypedDict(
    "Out_StatementProduct",
    {
        "billed": Decimal,
        "layer1": Decimal,
        "operator_remainder": Decimal,
        "product": str,
        "revenue": Decimal,
        "surcharges": Decimal,
        "tax_basis": "Out_TaxBasis",
        "taxes": Decimal,
        "uncollected": Decimal,
        "vat": Decimal,
    },
)

Out_Summary = TypedDict(
    "Out_Summary",
    {
        "caps": List["Out_SummaryCaps"],
        "mpr": "Out_SummaryMpr",
        "stage": "Out_Stage",
    },
)

Out_SummaryCaps = TypedDict(
    "Out_SummaryCaps",
    {
        "lines": List["Out_SummaryLine"],
        "year": int,
    },
)

Out_SummaryLine = TypedDict(
    "Out_SummaryLine",
    {
        "cap_quoted": Union[Decimal, None],
        "free_reason": Union[str, None],
        "product": str,
        "scenario": str,
    },
    total=False,
)

Out_SummaryMpr = TypedDict(
    "Out_SummaryMpr",
    {
        "years": List["Out_SummaryYear"],
    },
)

Out_SummaryYear = TypedDict(
    "Out_SummaryYear",
    {
        "clawback": Decimal,
        "mpr": Decimal,
        "permitted_cost": Decimal,
        "permitted_profit": Decimal,
        "taxes": Decimal,
        "year": int,
    },
)

Out_Suspension = TypedDict(
    "Out_Suspension",
    {
        "end": str,
        "reason": Union[str, None],
        "start": str,
    },
    total=False,
)

Out_Sweep = TypedDict(
    "Out_Sweep",
    {
        "paths": List[str],
        "points": List["Out_SweepPoint"],
        "year": int,
    },
)

Out_SweepPoint = TypedDict(
    "Out_SweepPoint",
    {
        "caps": List["Out_PointCap"],
        "error": Union["Out_PointError", None],
        "inputs": List[Union[Decimal, str]],
        "mpr": Union[Decimal, None],
        "mpr_total": Union[Decimal, None],
    },
    total=False,
)

Out_Tariff = TypedDict(
    "Out_Tariff",
    {
        "cap_test": "Out_CapTest",
        "catalog": "Out_Catalog",
        "fees": List["Out_PublishedFee"],
        "lifecycle": Union["Out_Lifecycle", None],
        "period": "Out_BillingPeriod",
        "prices_include_vat": bool,
        "rounding": "Out_Rounding",
        "vat_rate": Decimal,
    },
    total=False,
)

Out_TariffOutput = TypedDict(
    "Out_TariffOutput",
    {
        "tariff": "Out_Tariff",
        "withheld": List["Out_WithheldFee"],
    },
)

Out_TermOut = TypedDict(
    "Out_TermOut",
    {
        "end": str,
        "start": str,
        "suspended_days": int,
        "suspensions": int,
        "term_end": str,
    },
)

Out_Tier = TypedDict(
    "Out_Tier",
    {
        "from": Decimal,
        "price": Decimal,
        "to": Union[Decimal, None],
    },
    total=False,
)

Out_TwoLayer = TypedDict(
    "Out_TwoLayer",
    {
        "explanation": "Out_Explanation",
        "layer1": List["Out_UnitShare"],
        "layer2": "Out_Waterfall",
        "operator_remainder": Decimal,
        "product": str,
        "revenue": Decimal,
        "surcharges": Decimal,
        "tax_basis": "Out_TaxBasis",
        "taxes": Decimal,
        "treasury": Dict[str, Decimal],
        "vat": Decimal,
    },
)

Out_UnitShare = TypedDict(
    "Out_UnitShare",
    {
        "gross": Decimal,
        "id": str,
        "name": str,
        "ratio": Decimal,
        "related_taxes": Decimal,
        "remitted": Decimal,
        "treasury": "Out_TreasuryLevel",
    },
)

Out_UpstreamPayment = TypedDict(
    "Out_UpstreamPayment",
    {
        "amount": Decimal,
        "product": str,
        "ratio": Decimal,
    },
)

Out_UseCategoryCost = TypedDict(
    "Out_UseCategoryCost",
    {
        "amount": Decimal,
        "category": "Out_Category",
    },
)

Out_UseCost = TypedDict(
    "Out_UseCost",
    {
        "category": "Out_Category",
        "cost": Decimal,
        "product": str,
        "scenario": str,
        "share": Decimal,
        "volume": Decimal,
    },
)

Out_UseLine = TypedDict(
    "Out_UseLine",
    {
        "charged_records": int,
        "free_records": int,
        "id": str,
        "name": str,
        "products": List[str],
        "quantity": Decimal,
        "revenue": Decimal,
        "source": str,
    },
    total=False,
)

Out_Valid = TypedDict(
    "Out_Valid",
    {
        "valid": bool,
    },
)

Out_ValuesAtOutput = TypedDict(
    "Out_ValuesAtOutput",
    {
        "values": List[List[Any]],
    },
)

Out_Verdict = TypedDict(
    "Out_Verdict",
    {
        "compliant": bool,
        "explanation": "Out_Explanation",
        "first_breach": Union["Out_Breach", None],
        "price_breach": Union["Out_PriceBreach", None],
        "test": "Out_CapTest",
    },
)

Out_VersionShare = TypedDict(
    "Out_VersionShare",
    {
        "effective_from": str,
        "effective_to": Union[str, None],
        "revenue": Decimal,
        "version": str,
        "waterfall": "Out_Waterfall",
    },
    total=False,
)

Out_Versioned = TypedDict(
    "Out_Versioned",
    {
        "explanation": "Out_Explanation",
        "parties": List["Out_VersionedParty"],
        "product": str,
        "revenue": Decimal,
        "tax": Decimal,
        "versions_used": List["Out_VersionShare"],
        "year": int,
    },
)

Out_VersionedParty = TypedDict(
    "Out_VersionedParty",
    {
        "id": str,
        "total": Decimal,
    },
)

Out_Violation = TypedDict(
    "Out_Violation",
    {
        "cap": Decimal,
        "ceiling": Decimal,
        "excess": Decimal,
        "explanation": "Out_Explanation",
        "kind": "Out_ViolationKind",
        "product": str,
        "revenue": Decimal,
        "scenario": str,
        "volume": Decimal,
    },
)

Out_Waterfall = TypedDict(
    "Out_Waterfall",
    {
        "after_tax": Decimal,
        "cost_recovered": Decimal,
        "explanations": List["Out_Explanation"],
        "method_detail": Union["Out_MethodDetail", None],
        "non_tax_revenue": Decimal,
        "operator_profit": Decimal,
        "parties": List["Out_PartyShare"],
        "product": str,
        "remainder": Decimal,
        "revenue": Decimal,
        "shortfall": Decimal,
        "tax": Decimal,
        "total_cost": Decimal,
    },
    total=False,
)

Out_WithChangesOutput = TypedDict(
    "Out_WithChangesOutput",
    {
        "document": Dict[str, Any],
    },
)

Out_WithheldFee = TypedDict(
    "Out_WithheldFee",
    {
        "effective": str,
        "product": str,
        "reason": str,
        "scenario": str,
    },
)

Out_WorkingPaper = TypedDict(
    "Out_WorkingPaper",
    {
        "items": List["Out_Explanation"],
        "title": str,
    },
)

Out_YearCheck = TypedDict(
    "Out_YearCheck",
    {
        "cap": Decimal,
        "compliant": bool,
        "first_breach": Union["Out_Breach", None],
        "year": int,
    },
)

Out_YearCosts = TypedDict(
    "Out_YearCosts",
    {
        "asset_base": Decimal,
        "by_category": List["Out_CategoryLine"],
        "depreciation": "Out_YearDepreciation",
        "effective_assets": Decimal,
        "excluded": List["Out_ExcludedItem"],
        "explanations": List["Out_Explanation"],
        "general": Decimal,
        "gross_assets": Decimal,
        "net_fixed_assets": Decimal,
        "net_intangibles": Decimal,
        "om_total": Decimal,
        "pools": List["Out_PoolAllocation"],
        "products": List["Out_ProductCost"],
        "total_permitted": Decimal,
        "unallocated": Decimal,
        "use_categories": List["Out_UseCategoryCost"],
        "working_capital": Decimal,
        "year": int,
    },
    total=False,
)

Out_YearDepreciation = TypedDict(
    "Out_YearDepreciation",
    {
        "amortisation": Decimal,
        "depreciation": Decimal,
        "grant_funded": Decimal,
        "lines": List["Out_AssetCharge"],
        "own_funded": Decimal,
        "year": int,
    },
)

#: Every operation: its input and result type.
OPERATIONS: Dict[str, Tuple[Any, Any]] = {
    "chain.figures": (In_FiguresInput, Out_FiguresChainResult),
    "chain.quote": (In_WithDocument_QuoteInput, Out_Quote),
    "chain.run": (In_WithDocument_NoFields, Out_ChainResult),
    "chain.summary": (In_FiguresInput, Out_Summary),
    "chain.sweep": (In_WithDocument_SweepInput, Out_Sweep),
    "chain.tariff": (In_WithDocument_TariffInput, Out_TariffOutput),
    "chain.validate": (In_WithDocument_NoFields, Out_Valid),
    "chain.values_at": (In_ValuesAtInput, Out_ValuesAtOutput),
    "chain.with_changes": (In_WithChangesInput, Out_WithChangesOutput),
    "chain.working_paper": (In_WithDocument_PaperInput, Out_PaperOutput),
    "costs.allocate": (In_AllocateRequest, Out_Allocation),
    "costs.depreciation": (In_DepreciationRequest, Out_DepreciationSchedule),
    "costs.year_summary": (In_YearSummaryRequest, Out_YearCosts),
    "disclosure.annual_report": (In_WithDocument_ReportInput, Out_Rendered_AnnualReport),
    "disclosure.fee_list": (In_WithDocument_FeeListInput, Out_Rendered_FeeList),
    "disclosure.publication": (In_WithDocument_PublicationFields, Out_FeePublication),
    "lifecycle.audit_signals": (In_AuditInput, Out_AuditOutput),
    "lifecycle.authorization_disclosure": (In_DisclosureInput, Out_Rendered_AuthorizationDisclosure),
    "lifecycle.check": (In_CheckInput, Out_LifecycleCheck),
    "lifecycle.credit_code": (In_CodeInput, Out_CodeOutput),
    "lifecycle.exit_settlement": (In_ExitInput, Out_ExitSettlement),
    "lifecycle.periodic_report": (In_PeriodicInput, Out_Rendered_PeriodicReport),
    "lifecycle.resource_use": (In_UseInput, Out_ResourceUse),
    "money.round": (In_RoundInput, Out_RoundOutput),
    "publication.quote": (In_PublicationQuoteInput, Out_Quote),
    "publication.validate": (In_PublicationValidateInput, Out_Valid),
    "rating.late": (In_LateInput, Out_LateResult),
    "rating.rate": (In_RateInput, Out_RatingResult),
    "rating.validate": (In_RatingValidateInput, Out_RatingValidateOutput),
    "review.prior_years": (In_PriorInput, Out_PriorOutput),
    "review.year": (In_YearInput, Out_Review),
    "schedule.charge": (In_ChargeInput, Out_ChargeResult),
    "schedule.compliance": (In_ComplianceInput, Out_Verdict),
    "schedule.validate": (In_ScheduleValidateInput, Out_ScheduleValidateOutput),
    "sharing.airport": (In_AirportInput, Out_AirportResult),
    "sharing.contribution": (In_Evaluation, Out_ContributionResult),
    "sharing.derivative": (In_DerivativeInput, Out_Derivative),
    "sharing.settlement": (In_SettlementInput, Out_Settlement),
    "sharing.shapley": (In_ShapleyInput, Out_ShapleyResult),
    "sharing.split": (In_SplitInput, Out_SplitResult),
    "sharing.statement": (In_StatementInput, Out_Rendered_Statement),
    "sharing.two_layer": (In_TwoLayerInput, Out_TwoLayer),
    "sharing.versioned": (In_VersionedInput, Out_Versioned),
    "sharing.waterfall": (In_WaterfallInput, Out_Waterfall),
    "sharing.waterfall_from_chain": (In_ChainWaterfallInput, Out_ChainWaterfall),
}
