# Writes chain.json: the pricing-chain vectors, every expected figure computed here by hand formulas
# (Python decimal, DOMAIN.md), independently of the engine. Run: python3 tests/vectors/gen_chain.py
import json, copy
from decimal import Decimal as D, ROUND_HALF_UP, ROUND_FLOOR, getcontext
getcontext().prec = 40
base = {
  "name": "vector city", "first_year": 2026,
  "profile": {"period_years": 1},
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
json.dump({"cases": cases}, open(__import__('os').path.join(__import__('os').path.dirname(__file__), 'chain.json'), 'w'), ensure_ascii=False, indent=1)
print(len(cases), "cases; MPR", M)
