# Writes chain.json: the pricing-chain vectors, every expected figure computed here by hand formulas
# (Python decimal, DOMAIN.md), independently of the engine. Run: python3 tests/vectors/gen_chain.py
import json, copy
from decimal import Decimal as D, ROUND_HALF_UP, ROUND_FLOOR, getcontext
getcontext().prec = 40
base = {
  "name": "vector city", "first_year": 2026,
  # The first version's readings, kept as profile options: the cases below that use `base` test
  # the formulas under them. The cases at the end (`newbase`) run the defaults of 65号 as a
  # regulator reads it: MPR for chargeable use only, strict caps, levelled caps, per-period netting.
  "profile": {"period_years": 1, "free_cost_recovery": "from_paid", "cap_test": "average", "cap_basis": "per_year", "clawback_netting": "per_year"},
  "catalog": {
    "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
                  {"id": "gov", "name": "Governance", "category": "public_governance"}],
    "products": [{"id": "a", "name": "A", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["ind", "gov"]},
                 {"id": "b", "name": "B", "service_form": "report", "charging_form": "per_item", "unit": "report", "scenarios": ["ind"]}]},
  "costs": {"ledger": {"entries": [
      {"category": "personnel", "year": 2026, "product": "a", "amount": "600.00"},
      {"category": "personnel", "year": 2026, "product": "b", "amount": "300.00"}]}},
  "forecasts": [{"product": "a", "scenario": "ind", "volume": "3000"},
                {"product": "a", "scenario": "gov", "volume": "1000"},
                {"product": "b", "scenario": "ind", "volume": "7"}],
}
def r2(x): return x.quantize(D("0.01"), ROUND_HALF_UP)
def mpr(C, EA, profit_rate=D("0.06"), input_vat=D(0), t=D("0.25"), s=D("0.12"), v=D("0.06"), equity=None, P=None):
    P = EA*profit_rate if P is None else P
    eq = P if equity is None else equity
    T = eq*t/(1-t)
    base_ = C+P+T
    R = (base_ - s*input_vat)/(1-s*v)
    S = max(R-base_, D(0))
    return r2(C), r2(P), r2(T), r2(S), r2(C)+r2(P)+r2(T)+r2(S)
cases = []
# 1. ROA default
C, P, T, S, M = mpr(D(900), D(90))
cases.append({"name": "MPR by return on effective assets (working capital 10% of O&M), surcharges closed form", "op": "chain.run",
  "input": {"document": base},
  "expected": {"mpr": {"years": [{"year": 2026, "permitted_cost": str(C), "effective_assets": "90.00", "permitted_profit": str(P), "income_tax": str(T), "surcharges": str(S), "mpr": str(M)}], "total": str(M)}}})
# caps by hand
units = M*100
ea, eb = units*D(450)/D(750), units*D(300)/D(750)
fa, fb = int(ea), int(eb)
left = int(units) - fa - fb
ra, rb = (ea-fa, eb-fb)
if left: 
    if ra >= rb: fa += 1
    else: fb += 1
RRa, RRb = D(fa)/100, D(fb)/100
capa = (RRa/3000).quantize(D("0.001"), ROUND_FLOOR); capb = (RRb/7).quantize(D("0.01"), ROUND_FLOOR)
atcaps = capa*3000 + capb*7
cases.append({"name": "caps floor to the price unit (0.001 per call, 0.01 per item); free use has no cap", "op": "chain.run",
  "input": {"document": base},
  "expected": {"caps": [{"year": 2026, "requirement": str(M), "lines": [
     {"product": "a", "scenario": "ind", "chargeable": True, "requirement": str(RRa), "cap": str(capa)},
     {"product": "a", "scenario": "gov", "chargeable": False, "requirement": "0.00"},
     {"product": "b", "scenario": "ind", "chargeable": True, "requirement": str(RRb), "cap": str(capb)}]}]}})
# budget-funded
d2 = copy.deepcopy(base); d2["profile"]["free_cost_recovery"] = "budget_funded"
RR2 = M - D("150.00")
cases.append({"name": "budget-funded free uses: their allocated cost leaves the requirement", "op": "chain.run",
  "input": {"document": d2}, "expected": {"caps": [{"free_cost": "150.00", "requirement": str(RR2)}]}})
# cost plus
d3 = copy.deepcopy(base); d3["profile"]["profit"] = {"method": "cost_plus", "margin": "0.08"}
C, P, T, S, M3 = mpr(D(900), D(90), P=D(900)*D("0.08"))
cases.append({"name": "MPR by cost plus 8%", "op": "chain.run", "input": {"document": d3},
  "expected": {"mpr": {"profit_method": "cost_plus", "years": [{"permitted_profit": str(P), "income_tax": str(T), "surcharges": str(S), "mpr": str(M3)}]}}})
# wacc
d4 = copy.deepcopy(base); d4["profile"].update({"bond_yield": "0.02", "profit": {"method": "wacc", "equity_premium": "0.04", "debt_rate": "0.035", "debt_ratios": ["0.4", "0.5", "0.6"]}})
r = D("0.06")*D("0.5") + D("0.035")*D("0.5")
C, P, T, S, M4 = mpr(D(900), D(90), P=D(90)*r, equity=D(90)*D("0.06")*D("0.5"))
cases.append({"name": "MPR by WACC: r = Re(1-g) + Rd g, income tax on the equity part only", "op": "chain.run", "input": {"document": d4},
  "expected": {"mpr": {"profit_method": "wacc", "years": [{"return_rate": "0.0475", "permitted_profit": str(P), "income_tax": str(T), "mpr": str(M4)}]}}})
# input VAT larger than output: surcharges zero
d5 = copy.deepcopy(base); d5["input_vat"] = [{"year": 2026, "amount": "100.00"}]
cases.append({"name": "input VAT above output VAT: surcharges are zero, never negative", "op": "chain.run", "input": {"document": d5},
  "expected": {"mpr": {"years": [{"surcharges": "0.00"}]}}})
d5b = copy.deepcopy(base); d5b["input_vat"] = [{"year": 2026, "amount": "20.00"}]
C, P, T, S, M5 = mpr(D(900), D(90), input_vat=D(20))
cases.append({"name": "input VAT reduces surcharges: R = (C+P+T - s*InputVAT)/(1 - s*v)", "op": "chain.run", "input": {"document": d5b},
  "expected": {"mpr": {"years": [{"surcharges": str(S), "mpr": str(M5)}]}}})
# clawback
d6 = copy.deepcopy(base); d6["prior_period"] = [{"year": 2024, "mpr": "500.00", "actual_revenue": "530.00"}, {"year": 2025, "mpr": "500.00", "actual_revenue": "480.00"}]
cases.append({"name": "claw-back of over-recovery only (under-recovery not carried by default)", "op": "chain.run", "input": {"document": d6},
  "expected": {"mpr": {"clawback": {"total": "30.00"}, "years": [{"clawback": "30.00", "mpr": str(M - 30)}]}}})
d7 = copy.deepcopy(d6); d7["profile"].update({"carry_under_recovery": True})
cases.append({"name": "claw-back nets under-recovery when the profile carries it", "op": "chain.run", "input": {"document": d7},
  "expected": {"mpr": {"clawback": {"total": "10.00"}, "years": [{"mpr": str(M - 10)}]}}})
d8 = copy.deepcopy(d6); d8["profile"].update({"clawback_interest": "0.05", "period_years": 3, "clawback_spread": "even"})
# 30 x (1 + 0.05 x 2) = 33.00 ; spread 11.00 x3
cases.append({"name": "claw-back with simple interest, spread evenly over a 3-year period", "op": "chain.run", "input": {"document": d8},
  "expected": {"mpr": {"clawback": {"total": "33.00", "per_year": ["11.00", "11.00", "11.00"]}}}})
# fees compliance
d9 = copy.deepcopy(base)
d9["fees"] = [{"product": "a", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": str(capa)}},
              {"product": "b", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": "50.00", "minimum_charge": "60.00"}}]
cases.append({"name": "fee at the cap complies; a minimum charge breaks the cap at q = 1", "op": "chain.run", "input": {"document": d9},
  "expected": {"fees": [{"product": "a", "verdict": {"compliant": True, "first_breach": None}},
                        {"product": "b", "verdict": {"compliant": False, "first_breach": {"quantity": "1", "charge": "60.00"}}}]}})
d10 = copy.deepcopy(base); d10["profile"]["period_years"] = 2
d10["costs"]["ledger"]["entries"] += [{"category": "personnel", "year": 2027, "product": "a", "amount": "300.00"}, {"category": "personnel", "year": 2027, "product": "b", "amount": "150.00"}]
d10["fees"] = [{"product": "a", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": str(capa)}}]
cases.append({"name": "a fee is checked against the cap of every year it stays in force (costs halve in 2027)", "op": "chain.run", "input": {"document": d10},
  "expected": {"fees": [{"product": "a", "year": 2027, "verdict": {"compliant": False}, "checks": [{"year": 2026, "compliant": True}, {"year": 2027, "compliant": False}]}]}})
d11 = copy.deepcopy(d10); d11["fees"].append({"product": "a", "scenario": "ind", "effective": "2027-01-01", "schedule": {"kind": "flat", "price": "0.05"}})
cases.append({"name": "a later fee taking effect on 1 January replaces the earlier one for that year", "op": "chain.run", "input": {"document": d11},
  "expected": {"fees": [{"year": 2026, "verdict": {"compliant": True}, "checks": [{"year": 2026}]}, {"year": 2027, "verdict": {"compliant": True}}]}})
# quotes
cases.append({"name": "quote: a free use is charged zero with its reason", "op": "chain.quote",
  "input": {"document": d9, "product": "a", "scenario": "gov", "quantity": "100"},
  "expected": {"free": True, "charge": "0.00", "reason": "public governance use (公共治理) is free of charge"}})
q = D(1234)*capa
cases.append({"name": "quote: a paid use at the cap rounds down rather than exceed cap x q", "op": "chain.quote",
  "input": {"document": d9, "product": "a", "scenario": "ind", "quantity": "1234"},
  "expected": {"free": False, "charge": str(r2(q) if r2(q) <= q else q.quantize(D("0.01"), ROUND_FLOOR)), "cap": str(capa), "cap_times_quantity": str(q.quantize(D("0.001"))), "within_cap": True}})
# errors
def err(name, doc, code, field, op="chain.run", extra=None):
    inp = {"document": doc}; inp.update(extra or {})
    cases.append({"name": name, "op": op, "input": inp, "error": {"code": code, "field": field}})
e = copy.deepcopy(base); e["forecasts"][0]["volume"] = "0"
err("chargeable product with zero forecast volume", e, "zero_forecast_volume", "forecasts[a/ind]")
e = copy.deepcopy(base); e["fees"] = [{"product": "a", "scenario": "gov", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": "0.10"}}]
err("a fee on a free scenario", e, "free_scenario_charged", "fees[0]")
e = copy.deepcopy(base); e["weights"] = [{"product": "a", "scenario": "gov", "weight": "1"}]
err("a cap weight on a free scenario", e, "free_scenario_charged", "weights[0]")
e = copy.deepcopy(base); e["profile"]["profit"] = {"method": "return_on_assets", "rate": "0.08"}
err("return rate above bond yield + 6 points", e, "rate_above_bound", "profile.profit.rate")
e = copy.deepcopy(base); e["profile"]["profit"] = {"method": "return_on_assets", "rate": "6%"}
err("malformed return rate: the error names profile.profit.rate", e, "malformed_decimal", "profile.profit.rate")
e = copy.deepcopy(base); e["profile"]["profit"] = {"method": "cost_plus", "margin": "0.15"}
err("cost-plus margin above the profile bound", e, "rate_above_bound", "profile.profit.margin")
e = copy.deepcopy(base); e["forecasts"].append({"product": "zz", "scenario": "ind", "volume": "1"})
err("forecast of an unknown product", e, "unknown_id", "forecasts[3].product")
e = copy.deepcopy(base); e["costs"]["ledger"]["entries"][0]["amount"] = "6OO.00"
err("malformed decimal deep in the document", e, "malformed_decimal", "costs.ledger.entries[0].amount")
e = copy.deepcopy(base); e["costs"]["ledger"]["entries"][0]["amount"] = 600.0
err("a number where money is expected", e, "decimal_not_string", "costs.ledger.entries[0].amount")
e = copy.deepcopy(base); e["catalog"]["products"][1]["id"] = "a"
err("duplicate product id", e, "duplicate_id", "catalog.products[1].id")
e = copy.deepcopy(base); e["catalog"]["products"][0]["scenarios"].append("nowhere")
err("product offered in an unknown scenario", e, "unknown_id", "catalog.products[0].scenarios[2]")
e = copy.deepcopy(base); e["profile"]["period_years"] = 0
err("pricing period of zero years", e, "out_of_range", "profile.period_years")
e = copy.deepcopy(base); e["prior_period"] = [{"year": 2026, "mpr": "1.00", "actual_revenue": "2.00"}]
err("prior-period year inside the new period", e, "out_of_range", "prior_period[0].year")
e = copy.deepcopy(base); e["fees"] = [{"product": "a", "scenario": "ind", "effective": "2026-13-01", "schedule": {"kind": "flat", "price": "0.10"}}]
err("fee effective date not a date", e, "invalid", "fees[0].effective")
e = copy.deepcopy(base); e["fees"] = [{"product": "a", "scenario": "ind", "effective": "2026-02-31", "schedule": {"kind": "flat", "price": "0.10"}}]
err("a fee effective on a day that does not exist (2026-02-31) is refused, as the rater refuses it (one date type)", e, "invalid", "fees[0].effective")
# What the chain reads beyond the catalog is refused by the document's validation, so
# chain.validate and chain.run give the same error (audit 18).
fee = lambda price: {"product": "a", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": price}}
e = copy.deepcopy(base); e["fees"] = [fee("0.10"), fee("0.15")]
for op in ("chain.validate", "chain.run"):
    err(f"two fees for a/ind taking effect the same day, as the tariff refuses them ({op})", e, "duplicate_id", "fees[1].effective", op)
e = copy.deepcopy(base); e["input_vat"] = [{"year": 2026, "amount": "10.00"}, {"year": 2026, "amount": "5000.00"}]
for op in ("chain.validate", "chain.run"):
    err(f"input VAT given twice for 2026 (the first no longer wins) ({op})", e, "duplicate_id", "input_vat[1].year", op)
e = copy.deepcopy(base); e["input_vat"] = [{"year": 2031, "amount": "10.00"}]
err("input VAT for a year outside the pricing period 2026-2026", e, "out_of_range", "input_vat[0].year", "chain.validate")
e = copy.deepcopy(base); e["input_vat"] = [{"year": 2026, "amount": "-10"}]
err("negative input VAT named at its own field", e, "out_of_range", "input_vat[0].amount")
e = copy.deepcopy(base); e["forecasts"].append({"product": "a", "scenario": "ind", "volume": "1"})
err("a second forecast for a/ind (chain.validate)", e, "duplicate_id", "forecasts[3]", "chain.validate")
e = copy.deepcopy(base); e["forecasts"][0]["volume"] = "0"
err("chargeable product with zero forecast volume (chain.validate)", e, "zero_forecast_volume", "forecasts[a/ind]", "chain.validate")
e = copy.deepcopy(base); e["prior_period"] = [{"year": 2025, "mpr": "1", "actual_revenue": "2"}, {"year": 2025, "mpr": "1", "actual_revenue": "2"}]
err("prior-period year given twice (chain.validate)", e, "duplicate_id", "prior_period[1].year", "chain.validate")
# Surcharges need s x v < 1: R = (C + P + T - s x InputVAT) / (1 - s x v).
e = copy.deepcopy(base); e["profile"]["surcharges"] = {"urban_maintenance": "0.9", "education": "0.6", "local_education": "0.5"}; e["profile"]["vat_rate"] = "0.5"
for op in ("chain.validate", "chain.run"):
    err(f"surcharges s = 2.0 with VAT 0.5: s x v = 1, no solution ({op})", e, "out_of_range", "profile.surcharges", op)
# Just below: s = 1.9, v = 0.5, s x v = 0.95: R = 907.20 / 0.05 = 18144.00, surcharges 18144.00 - 907.20 = 17236.80.
e = copy.deepcopy(base); e["profile"]["surcharges"] = {"urban_maintenance": "0.9", "education": "0.5", "local_education": "0.5"}; e["profile"]["vat_rate"] = "0.5"
C, P, T, S, M95 = mpr(D(900), D(90), s=D("1.9"), v=D("0.5"))
assert (S, M95) == (D("17236.80"), D("18144.00")), (S, M95)
cases.append({"name": "surcharges with s x v = 0.95 (just below 1): R = 907.20 / 0.05", "op": "chain.run", "input": {"document": e},
  "expected": {"mpr": {"years": [{"surcharges": str(S), "mpr": str(M95)}]}}})
err("quote of an unknown product", base, "unknown_id", "product", "chain.quote", {"product": "zz", "scenario": "ind", "quantity": "1"})
err("quote of a zero quantity", base, "out_of_range", "quantity", "chain.quote", {"product": "a", "scenario": "ind", "quantity": "0"})
err("quote of a paid use with no published fee", base, "missing", "fees", "chain.quote", {"product": "a", "scenario": "ind", "quantity": "5"})
cases.append({"name": "chain op without a document", "op": "chain.run", "input": {}, "error": {"code": "missing", "field": "document"}})
# sweep
cases.append({"name": "sweep of the return rate: points above the bound keep their error", "op": "chain.sweep",
  "input": {"document": base, "vary": [{"path": "profile.profit.rate", "values": ["0.05", "0.06", "0.08"]}]},
  "expected": {"paths": ["profile.profit.rate"], "points": [{"inputs": ["0.05"], "mpr": str(mpr(D(900), D(90), D("0.05"))[4])},
     {"inputs": ["0.06"], "mpr": str(M)}, {"inputs": ["0.08"], "error": {"code": "rate_above_bound", "field": "profile.profit.rate"}}]}})
cases.append({"name": "sweep with a bad path", "op": "chain.sweep", "input": {"document": base, "vary": [{"path": "profile..x", "values": ["1"]}]},
  "error": {"code": "invalid", "field": "vary[0].vary.path"}})

# ---------------------------------------------------------------------------------------------
# The defaults of 65号 as a regulator reads it (newbase: the default profile).
newbase = copy.deepcopy(base); newbase["profile"] = {"period_years": 1}
def largest_remainder(total, weights):
    units = total*100; tw = sum(weights)
    exact = [units*w/tw for w in weights]; fl = [int(x) for x in exact]
    left = int(units) - sum(fl)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i]-fl[i]), i))
    for i in order[:left]: fl[i] += 1
    return [D(f)/100 for f in fl]
# a: 600 over ind 3000 / gov 1000 -> chargeable 450.00, free 150.00; b: 300 chargeable.
# Working capital 10% of O&M 900 = 90, all shared: k = 750/900, chargeable EA = 75.00.
Cc, EAc = D("750.00"), r2(D(90)*D(750)/D(900))
C, P, T, S, Mc = mpr(Cc, EAc)
RRa, RRb = largest_remainder(Mc, [D(450), D(300)])
capa_n = (RRa/3000).quantize(D("0.001"), ROUND_FLOOR); capb_n = (RRb/7).quantize(D("0.01"), ROUND_FLOOR)
cases.append({"name": "65号 scope (default): the MPR carries chargeable use only; a's cost split by forecast volume 3000:1000, free-use cost 150.00 reported apart", "op": "chain.run",
  "input": {"document": newbase},
  "hand": "C = 450 (a: 600 x 3000/4000) + 300 (b) = 750.00; EA = 90 x 750/900 = 75.00; P = 4.50; T = 1.50; R = 756/(1 - 0.12 x 0.06)",
  "expected": {"scope": [{"total_cost": "900.00", "chargeable_cost": "750.00", "free_cost": "150.00", "chargeable_assets": str(EAc),
                 "products": [{"product": "a", "chargeable_cost": "450.00", "free_cost": "150.00"}, {"product": "b", "chargeable_cost": "300.00", "free_cost": "0.00"}]}],
               "mpr": {"years": [{"permitted_cost": str(C), "effective_assets": str(EAc), "permitted_profit": str(P), "income_tax": str(T), "surcharges": str(S), "mpr": str(Mc), "free_use_cost": "150.00"}]},
               "caps": [{"requirement": str(Mc), "lines": [{"product": "a", "scenario": "ind", "cap": str(capa_n)}, {"product": "a", "scenario": "gov", "chargeable": False}, {"product": "b", "scenario": "ind", "cap": str(capb_n)}]}]}})
assert Mc < M  # MPR(chargeable scope) <= MPR(cross-subsidy)
d = copy.deepcopy(newbase); d["profile"]["profit"] = {"method": "cost_plus", "margin": "0.08"}
C, P, T, S, Mcp = mpr(Cc, EAc, P=Cc*D("0.08"))
cases.append({"name": "65号 scope under cost plus: P = chargeable cost x margin", "op": "chain.run", "input": {"document": d},
  "hand": "P = 750.00 x 0.08 = 60.00; T = 60 x 0.25/0.75 = 20.00", "expected": {"mpr": {"years": [{"permitted_cost": "750.00", "permitted_profit": str(P), "income_tax": str(T), "mpr": str(Mcp), "free_use_cost": "150.00"}]}}})
d = copy.deepcopy(newbase); d["profile"].update({"bond_yield": "0.02", "profit": {"method": "wacc", "equity_premium": "0.04", "debt_rate": "0.035", "debt_ratios": ["0.4", "0.5", "0.6"]}})
C, P, T, S, Mw = mpr(Cc, EAc, P=EAc*r, equity=EAc*D("0.06")*D("0.5"))
cases.append({"name": "65号 scope under WACC: P = chargeable effective assets x r", "op": "chain.run", "input": {"document": d},
  "hand": "P = 75.00 x 0.0475; equity part 75 x 0.06 x 0.5", "expected": {"mpr": {"years": [{"effective_assets": str(EAc), "permitted_profit": str(P), "income_tax": str(T), "mpr": str(Mw)}]}}})
d = copy.deepcopy(newbase); d["profile"]["free_cost_recovery"] = "from_paid"
cases.append({"name": "cross-subsidy option (from_paid): every cost in the MPR, free-use cost still reported", "op": "chain.run", "input": {"document": d},
  "expected": {"mpr": {"years": [{"permitted_cost": "900.00", "mpr": str(M), "free_use_cost": "150.00"}]}, "scope": [{"recovery": "from_paid", "free_cost": "150.00"}]}})
d = copy.deepcopy(newbase); d["use_keys"] = [{"product": "a", "scenario": "ind", "share": "0.6"}, {"product": "a", "scenario": "gov", "share": "0.4"}]
C, P, T, S, Mk = mpr(D("660.00"), D("66.00"))
cases.append({"name": "explicit use shares: a is 60% chargeable (360.00), 40% free (240.00)", "op": "chain.run", "input": {"document": d},
  "hand": "C = 360 + 300 = 660.00; EA = 90 x 660/900 = 66.00", "expected": {"scope": [{"chargeable_cost": "660.00", "free_cost": "240.00", "chargeable_assets": "66.00"}], "mpr": {"years": [{"mpr": str(Mk)}]}}})
d = copy.deepcopy(newbase); d["use_keys"] = [{"product": "a", "scenario": "ind", "driver": "3"}, {"product": "a", "scenario": "gov", "driver": "1"}]
cases.append({"name": "use drivers 3:1 give the same split as the volumes", "op": "chain.run", "input": {"document": d}, "expected": {"scope": [{"chargeable_cost": "750.00", "products": [{"key": "drivers"}, {"key": "forecast_volume"}]}], "mpr": {"years": [{"mpr": str(Mc)}]}}})
d = copy.deepcopy(newbase); d["costs"]["assets"] = [{"id": "data", "kind": "intangible", "cost": "1200.00", "life_months": 12, "in_service": "2025-12", "product": "a", "obtained_free": True}]
cases.append({"name": "data obtained free under the authorization: no return, amortisation not recoverable", "op": "chain.run", "input": {"document": d},
  "hand": "amortisation 1200.00 in 2026 excluded; the asset is not in effective assets: figures as without it",
  "expected": {"costs": [{"excluded": [{"source": "data", "reason": "free_data_amortisation", "net": "1200.00"}]}], "mpr": {"years": [{"mpr": str(Mc)}]}}})
# strict cap test
grad = {"kind": "graduated", "tiers": [{"from": "0", "to": "1000", "price": "0.50"}, {"from": "1000", "to": "1500", "price": "0.70"}, {"from": "1500", "price": "0.40"}]}
cases.append({"name": "strict test (default): the 0.70 band is above the cap 0.60 though the average charge never is", "op": "schedule.compliance",
  "input": {"schedule": grad, "cap": "0.60"}, "expected": {"compliant": False, "test": "strict", "price_breach": {"field": "tiers[1].price", "unit_price": "0.70", "cap": "0.60"}, "first_breach": None}})
cases.append({"name": "average test (option): the same schedule is accepted", "op": "schedule.compliance",
  "input": {"schedule": grad, "cap": "0.60", "test": "average"}, "expected": {"compliant": True, "test": "average", "price_breach": None, "first_breach": None}})
cases.append({"name": "strict test: a package priced 45.00 for 100 units is 0.45 per unit, above a cap of 0.40", "op": "schedule.compliance",
  "input": {"schedule": {"kind": "package", "size": "100", "price": "45.00"}, "cap": "0.40"}, "expected": {"compliant": False, "price_breach": {"field": "price", "unit_price": "0.45"}}})
cases.append({"name": "strict test: a subscription fee of 100.00 for 1000 units is 0.10 per unit; overage 0.12 above the cap 0.11", "op": "schedule.compliance",
  "input": {"schedule": {"kind": "subscription", "fee": "100.00", "included": "1000", "overage": "0.12"}, "cap": "0.11", "step": "1000"}, "expected": {"compliant": False, "price_breach": {"field": "overage", "unit_price": "0.12"}}})
d = copy.deepcopy(newbase); d["fees"] = [{"product": "a", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "graduated", "tiers": [
    {"from": "0", "to": "1000", "price": str(capa_n - D("0.010"))}, {"from": "1000", "to": "1500", "price": str(capa_n + D("0.010"))}, {"from": "1500", "price": str(capa_n - D("0.020"))}]}}]
cases.append({"name": "a chain fee with one band above the cap is refused under the strict test, named by its band", "op": "chain.run", "input": {"document": d},
  "expected": {"cap_test": "strict", "fees": [{"verdict": {"compliant": False, "test": "strict", "price_breach": {"field": "tiers[1].price", "unit_price": str(capa_n + D("0.010"))}}}]}})
d2 = copy.deepcopy(d); d2["profile"]["cap_test"] = "average"
cases.append({"name": "the same fee passes the average test (option)", "op": "chain.run", "input": {"document": d2}, "expected": {"cap_test": "average", "fees": [{"verdict": {"compliant": True, "test": "average"}}]}})
# levelled caps over 3 years
d = copy.deepcopy(newbase); d["profile"]["period_years"] = 3
d["costs"]["ledger"]["entries"] += [{"category": "personnel", "year": 2027, "product": "a", "amount": "800.00"}, {"category": "personnel", "year": 2027, "product": "b", "amount": "300.00"},
                                    {"category": "personnel", "year": 2028, "product": "a", "amount": "400.00"}, {"category": "personnel", "year": 2028, "product": "b", "amount": "500.00"}]
costs3 = [(D(600), D(300)), (D(800), D(300)), (D(400), D(500))]
Ms = []
for ca, cb in costs3:
    cc = ca*D("0.75") + cb; tot = ca + cb
    Ms.append(mpr(cc, r2(tot*D("0.1")*cc/tot))[4])
RR = sum(Ms)
RRa3, RRb3 = largest_remainder(RR, [sum(ca for ca, _ in costs3)*D("0.75"), sum(cb for _, cb in costs3)])
capa3 = (RRa3/9000).quantize(D("0.001"), ROUND_FLOOR); capb3 = (RRb3/21).quantize(D("0.01"), ROUND_FLOOR)
atcaps3 = (capa3*9000 + capb3*21)
assert atcaps3 <= RR
cases.append({"name": "caps levelled over a 3-year period (default): one cap per use, sum over years of cap x volume <= sum of MPRs", "op": "chain.run", "input": {"document": d},
  "hand": f"MPRs {[str(m) for m in Ms]}; RR = {RR}; weights a = 0.75 x 1800 = 1350, b = 1100; volumes a 9000, b 21",
  "expected": {"mpr": {"years": [{"mpr": str(Ms[0])}, {"mpr": str(Ms[1])}, {"mpr": str(Ms[2])}]},
               "caps": [{"year": y, "lines": [{"product": "a", "scenario": "ind", "cap": str(capa3), "requirement": str(RRa3)}, {}, {"product": "b", "cap": str(capb3), "requirement": str(RRb3)}]} for y in (2026, 2027, 2028)],
               "caps_period": {"basis": "period", "requirement": str(RR), "revenue_at_caps": str(r2(atcaps3)), "headroom": str(r2(RR - atcaps3))}}})
d2 = copy.deepcopy(d); d2["profile"]["cap_basis"] = "per_year"
c0a, c0b = largest_remainder(Ms[1], [D(600), D(300)])
cases.append({"name": "caps per year (option): 2027 recomputed from its own MPR", "op": "chain.run", "input": {"document": d2},
  "expected": {"caps_period": {"basis": "per_year"}, "caps": [{}, {"year": 2027, "lines": [{"cap": str((c0a/3000).quantize(D("0.001"), ROUND_FLOOR))}, {}, {"cap": str((c0b/7).quantize(D("0.01"), ROUND_FLOOR))}]}, {}]}})
# per-period netting
d = copy.deepcopy(newbase); d["prior_period"] = [{"year": 2024, "mpr": "500.00", "actual_revenue": "530.00"}, {"year": 2025, "mpr": "500.00", "actual_revenue": "480.00"}]
cases.append({"name": "claw-back netted over the prior period (default): 30.00 over in 2024, 20.00 under in 2025 -> 10.00", "op": "chain.run", "input": {"document": d},
  "expected": {"mpr": {"clawback": {"total": "10.00"}, "years": [{"clawback": "10.00", "mpr": str(Mc - 10)}]}}})
d2 = copy.deepcopy(d); d2["profile"]["clawback_netting"] = "per_year"
cases.append({"name": "claw-back per year (option): 30.00", "op": "chain.run", "input": {"document": d2}, "expected": {"mpr": {"clawback": {"total": "30.00"}}}})
# profiles: sources and templates
cases.append({"name": "the built-in profile says it holds illustrative defaults and names each value's source", "op": "chain.run", "input": {"document": newbase},
  "expected": {"profile": "illustrative defaults (示例参数, not a published profile)", "profile_paper": {"id": "profile"}}})
d = copy.deepcopy(newbase); d["profile"] = {"template": "anhui", "period_years": 1}
err("template profile (Anhui) without a value no public source gives", d, "missing", "profile.profit")
d = copy.deepcopy(newbase); d["profile"] = {"template": "hubei", "period_years": 1, "profit": {"method": "return_on_assets", "rate": "0.06"}, "bond_yield": "0.017",
   "max_premium": "0.06", "max_cost_plus_margin": "0.10", "working_capital_share": "0.10", "review_threshold": "0.10"}
cases.append({"name": "template profile (Hubei) with every required value: the same MPR as the illustrative values", "op": "chain.run", "input": {"document": d},
  "expected": {"profile": "Hubei template (发改价格〔2025〕65号 via 大冶、赤壁、随州方案)", "mpr": {"years": [{"mpr": str(Mc)}]}}})
d = copy.deepcopy(newbase); d["profile"]["template"] = "atlantis"
err("unknown template", d, "unknown_id", "profile.template")
# cost booked to a scenario category (随州: 成本按场景归集)
d = copy.deepcopy(newbase)
d["costs"]["ledger"]["entries"] += [{"category": "personnel", "year": 2026, "scenario_category": "public_governance", "amount": "100.00"},
                                    {"category": "network_resources", "year": 2026, "scenario_category": "industry_development", "amount": "60.00"}]
# total 1060; chargeable 750 + 60; free 150 + 100. O&M 1060 -> working capital 106, k = 750/900 on product cost
cases.append({"name": "costs booked to scenario categories: governance support is free-use cost, network resources for industry uses chargeable", "op": "chain.run",
  "input": {"document": d}, "hand": "chargeable = 750.00 + 60.00 = 810.00; free = 150.00 + 100.00 = 250.00",
  "expected": {"costs": [{"use_categories": [{"category": "public_governance", "amount": "100.00"}, {"category": "industry_development", "amount": "60.00"}]}],
               "scope": [{"total_cost": "1060.00", "chargeable_cost": "810.00", "free_cost": "250.00"}], "mpr": {"years": [{"permitted_cost": "810.00"}]}}})
d = copy.deepcopy(newbase); d["costs"]["ledger"]["entries"][0]["scenario_category"] = "public_welfare"
err("a cost booked to a product and a scenario category", d, "invalid", "costs.ledger.entries[0].scenario_category")
# trial fees are visible
d = copy.deepcopy(newbase); d["stage"] = "trial"; d["fees"] = [{"product": "b", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": "1.00"}}]
cases.append({"name": "a quote under a trial-stage scenario says the fee is a trial fee (试行)", "op": "chain.quote",
  "input": {"document": d, "product": "b", "scenario": "ind", "quantity": "3"}, "expected": {"trial": True, "charge": "3.00"}})
# bad scope input
d = copy.deepcopy(newbase); d["use_keys"] = [{"product": "a", "scenario": "ind", "share": "0.6"}, {"product": "a", "scenario": "gov", "share": "0.3"}]
err("use shares of a product that do not add up to 1", d, "invalid", "use_keys[0].share")
d = copy.deepcopy(newbase); d["use_keys"] = [{"product": "a", "scenario": "ind", "driver": "0"}, {"product": "a", "scenario": "gov", "driver": "0"}]
err("use drivers of a product that are all zero", d, "all_zero_weights", "use_keys[0].driver")
d = copy.deepcopy(newbase); d["use_keys"] = [{"product": "a", "scenario": "ind", "share": "0.6", "driver": "1"}]
err("a use key with both a share and a driver", d, "invalid", "use_keys[0]")
d = copy.deepcopy(newbase); d["profile"]["cap_tset"] = "strict"
err("an unknown profile field", d, "parse", "profile.cap_tset")
# A year with no cost allocated to products (audit, session 18): general overhead split by the uses'
# forecast volume, not carried into the MPR whole.
two = {"name": "overhead only in 2027", "first_year": 2026, "profile": {"period_years": 2},
  "catalog": {"scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"}, {"id": "gov", "name": "Governance", "category": "public_governance"}],
              "products": [{"id": "a", "name": "A (free use only)", "service_form": "api", "charging_form": "per_item", "scenarios": ["gov"]},
                           {"id": "b", "name": "B (paid)", "service_form": "api", "charging_form": "per_item", "scenarios": ["ind"]}]},
  "costs": {"ledger": {"entries": [{"category": "personnel", "year": 2026, "product": "a", "amount": "900.00"}, {"category": "personnel", "year": 2026, "product": "b", "amount": "100.00"},
                                   {"category": "operation_maintenance", "year": 2027, "amount": "1000.00"}]}},
  "forecasts": [{"product": "a", "scenario": "gov", "volume": "9000"}, {"product": "b", "scenario": "ind", "volume": "1000"}]}
k27 = D(1000) / D(10000)  # chargeable uses' share of the forecast volume: 1000 of 10000
M27 = mpr(r2(D(1000)*k27), r2(D(1000)*D("0.1")*k27))[4]
cases.append({"name": "a year with only general overhead: split by the uses' forecast volume (k = 0.1), not carried into the MPR whole", "op": "chain.figures",
  "input": {"document": two}, "hand": f"2027: C = 1000.00 x 1000/10000 = 100.00, EA = 10% x 1000.00 x 0.1 = 10.00 -> MPR {M27} (k = 1 gave 1015.31); free-use cost 900.00",
  "expected": {"scope": [{}, {"year": 2027, "total_cost": "1000.00", "chargeable_cost": "100.00", "free_cost": "900.00"}], "mpr": {"years": [{}, {"year": 2027, "mpr": str(M27)}]}}})
# Products' chargeable costs: the rounded total apportioned by largest remainder of the exact figures
# (audit, session 18): a wholly chargeable product keeps its cost; no negative free-use cost.
three = copy.deepcopy(newbase)
three["catalog"]["products"] = [{"id": x, "name": x.upper(), "service_form": "api", "charging_form": "per_item", "scenarios": sc} for x, sc in (("a", ["ind"]), ("b", ["ind", "gov"]), ("c", ["ind", "gov"]))]
three["costs"] = {"ledger": {"entries": [{"category": "personnel", "year": 2026, "product": x, "amount": v} for x, v in (("a", "542.21"), ("b", "125.76"), ("c", "209.37"))]}}
three["forecasts"] = [{"product": p_, "scenario": s_, "volume": v} for p_, s_, v in (("a", "ind", "100"), ("b", "ind", "6"), ("b", "gov", "7"), ("c", "ind", "2"), ("c", "gov", "6"))]
three.pop("fees", None)
ex = [D("542.21"), D("125.76")*6/13, D("209.37")*2/8]
tot3 = r2(sum(ex))
fl3 = [x.quantize(D("0.01"), ROUND_FLOOR) for x in ex]
for i in sorted(range(3), key=lambda i: (-(ex[i]-fl3[i]), i))[:int((tot3 - sum(fl3))*100)]: fl3[i] += D("0.01")
cases.append({"name": "products' chargeable costs: largest remainder of the exact figures, so a wholly chargeable product keeps its cost (no negative free-use cost)", "op": "chain.figures",
  "input": {"document": three}, "hand": f"exact a 542.21, b 125.76 x 6/13 = {ex[1]:.6f}, c 209.37 x 2/8 = {ex[2]:.6f}; total {tot3}; floors {[str(x) for x in fl3]} after the one cent left goes to b",
  "expected": {"scope": [{"chargeable_cost": str(tot3), "products": [{"product": "a", "chargeable_cost": str(fl3[0]), "free_cost": "0.00"}, {"product": "b", "chargeable_cost": str(fl3[1])}, {"product": "c", "chargeable_cost": str(fl3[2])}]}]}})
json.dump({"cases": cases}, open(__import__('os').path.join(__import__('os').path.dirname(__file__), 'chain.json'), 'w'), ensure_ascii=False, indent=1)
print(len(cases), "cases; MPR", M)
