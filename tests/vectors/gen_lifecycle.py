# Writes lifecycle.json: registration, scenario approvals, the authorization term, suspensions,
# early termination and the credit-code check (issue 11 items 1-3 and 8). Every expected figure is
# worked by hand here (Python decimal), beside the inputs, independently of the engine.
# Run: python3 tests/vectors/gen_lifecycle.py
import json, copy
from decimal import Decimal as D, ROUND_HALF_UP

def r2(x): return x.quantize(D("0.01"), ROUND_HALF_UP)

tariff = {
  "catalog": {
    "parties": [{"id": "psb", "name": "Public security bureau", "kind": "data_source", "administrative": True}],
    "datasets": [{"id": "hukou", "name": "Household registration", "source": "psb"}],
    "scenarios": [{"id": "fin", "name": "Finance", "category": "industry_development"},
                  {"id": "edu", "name": "Education", "category": "public_welfare"}],
    "products": [
      {"id": "credit", "name": "Credit API", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["fin", "edu"],
       "sources": ["psb"], "datasets": ["hukou"],
       "registration_number": "HB-SJ-2026-0001", "registration_level": "provincial", "approved_on": "2026-01-01", "withdrawn_on": "2026-07-01"},
      {"id": "geo", "name": "Geodata", "service_form": "dataset", "charging_form": "per_item", "unit": "file", "scenarios": ["fin"],
       "registration_number": "HB-SJ-2026-0002", "registration_level": "municipal", "approved_on": "2026-03-01"},
      {"id": "draft", "name": "Draft model", "service_form": "model", "charging_form": "per_call", "unit": "call", "scenarios": ["fin"]}]},
  "fees": [{"product": "credit", "scenario": "fin", "effective": "2025-12-01", "schedule": {"kind": "flat", "price": "0.50"}, "cap": "0.60"},
           {"product": "geo", "scenario": "fin", "effective": "2025-12-01", "schedule": {"kind": "flat", "price": "2.00"}, "cap": "2.00"},
           {"product": "draft", "scenario": "fin", "effective": "2025-12-01", "schedule": {"kind": "flat", "price": "1.00"}, "cap": "1.00"}],
  "period": {"start": "2025-12-01", "end": "2027-01-01"},
  "vat_rate": "0.06",
  "lifecycle": {
    "authorization": {"authority": "City data bureau", "operator": "City data group", "signed": "2025-12-20", "start": "2026-01-01", "term_years": 5,
                      "suspensions": [{"start": "2026-05-01", "end": "2026-06-01", "reason": "rectification (限期整改)"}]},
    "approvals": [
      {"customer": "acme", "product": "credit", "scenario": "fin", "start": "2026-01-01", "end": "2027-01-01", "forecast_volume": "12000"},
      {"customer": "acme", "product": "credit", "scenario": "edu", "start": "2026-01-01", "end": "2026-04-01", "forecast_volume": "500"},
      {"customer": "acme", "product": "geo", "scenario": "fin", "start": "2026-01-01", "end": "2027-01-01"},
      {"customer": "acme", "product": "draft", "scenario": "fin", "start": "2026-01-01", "end": "2027-01-01"},
      {"customer": "beta", "product": "credit", "scenario": "fin", "start": "2026-01-01", "end": "2027-01-01", "forecast_volume": "3000"}]}
}

def rec(i, customer, product, scenario, q, day):
    return {"id": i, "customer": customer, "product": product, "scenario": scenario, "quantity": q, "time": day}

ZERO = {"outside_authorization": 0, "suspended": 0, "product_not_registered": 0, "product_withdrawn": 0, "scenario_not_approved": 0}
def reasons(**kw):
    r = dict(ZERO); r.update(kw); return r

cases = []
def rate(name, worked, records, expected, t=None):
    cases.append({"name": name, "worked": worked, "op": "rating.rate",
                  "input": {"tariff": t or tariff, "records": records, "explain": False}, "expected": expected})

# 1. Everything admitted. acme: 100 calls x 0.50 = 50.00; 20 free calls on its approved public-welfare
#    scenario; VAT 6 % of 50.00 = 3.00; total 53.00. beta: 10 x 0.50 = 5.00, VAT 0.30, total 5.30.
rate("admitted: registered product, approved scenarios, inside the term",
     "acme 100 x 0.50 = 50.00 + VAT 3.00 = 53.00 (20 free calls on the approved edu scenario); beta 10 x 0.50 = 5.00 + 0.30 = 5.30",
     [rec("r1", "acme", "credit", "fin", "100", "2026-01-10"), rec("r2", "acme", "credit", "edu", "20", "2026-02-01"),
      rec("r3", "beta", "credit", "fin", "10", "2026-02-02")],
     {"records_in": 3, "rated": 3, "charged": 2, "free": 1, "rejected": 0, "rejections_by_reason": reasons(),
      "invoices": [{"customer": "acme", "lines": [{"product": "credit", "scenario": "fin", "quantity": "100", "amount": "50.00"},
                                                 {"product": "credit", "scenario": "edu", "free": True, "quantity": "20", "amount": "0.00"}],
                    "subtotal": "50.00", "vat": "3.00", "total": "53.00"},
                   {"customer": "beta", "lines": [{"product": "credit", "scenario": "fin", "quantity": "10", "amount": "5.00"}],
                    "subtotal": "5.00", "vat": "0.30", "total": "5.30"}]})

# 2. Before the authorization starts (the billing period opens on 2025-12-01, the term on 2026-01-01).
rate("outside_authorization: a use before the term starts is rejected, one inside is rated",
     "r1 on 2025-12-15 < start 2026-01-01: rejected; r2 on 2026-01-01: 10 x 0.50 = 5.00 + 0.30 = 5.30",
     [rec("r1", "acme", "credit", "fin", "10", "2025-12-15"), rec("r2", "acme", "credit", "fin", "10", "2026-01-01")],
     {"records_in": 2, "rated": 1, "rejected": 1, "rejections_by_reason": reasons(outside_authorization=1),
      "rejected_records": [{"index": 0, "id": "r1", "reason": "outside_authorization", "value": "2025-12-15"}],
      "invoices": [{"customer": "acme", "total": "5.30"}]})

# 3. Inside the suspension [2026-05-01, 2026-06-01).
rate("suspended: uses during the suspension month are rejected, the day it resumes is rated",
     "2026-05-01 and 2026-05-31 inside [05-01, 06-01): rejected; 2026-06-01 rated 4 x 0.50 = 2.00 + 0.12 = 2.12",
     [rec("r1", "acme", "credit", "fin", "4", "2026-05-01"), rec("r2", "acme", "credit", "fin", "4", "2026-05-31"),
      rec("r3", "acme", "credit", "fin", "4", "2026-06-01")],
     {"records_in": 3, "rated": 1, "rejected": 2, "rejections_by_reason": reasons(suspended=2),
      "invoices": [{"customer": "acme", "lines": [{"product": "credit", "quantity": "4", "amount": "2.00"}], "total": "2.12"}]})

# 4. Not registered: draft has no registration; geo is approved only from 2026-03-01.
rate("product_not_registered: an unregistered product, and a registered one before its approval date",
     "draft: no registration number; geo on 2026-02-28 < approved 2026-03-01; geo on 2026-03-01 rated 3 x 2.00 = 6.00 + 0.36 = 6.36",
     [rec("r1", "acme", "draft", "fin", "5", "2026-02-01"), rec("r2", "acme", "geo", "fin", "3", "2026-02-28"),
      rec("r3", "acme", "geo", "fin", "3", "2026-03-01")],
     {"records_in": 3, "rated": 1, "rejected": 2, "rejections_by_reason": reasons(product_not_registered=2),
      "rejected_records": [{"id": "r1", "reason": "product_not_registered", "value": "draft/fin on 2026-02-01"},
                           {"id": "r2", "reason": "product_not_registered", "value": "geo/fin on 2026-02-28"}],
      "invoices": [{"customer": "acme", "lines": [{"product": "geo", "quantity": "3", "amount": "6.00"}], "total": "6.36"}]})

# 5. Withdrawn from 2026-07-01.
rate("product_withdrawn: uses on and after the withdrawal day are rejected",
     "credit withdrawn 2026-07-01: r2 (07-01) and r3 (12-31) rejected; r1 on 06-30 rated 2 x 0.50 = 1.00 + 0.06 = 1.06",
     [rec("r1", "acme", "credit", "fin", "2", "2026-06-30"), rec("r2", "acme", "credit", "fin", "2", "2026-07-01"),
      rec("r3", "beta", "credit", "fin", "2", "2026-12-31")],
     {"records_in": 3, "rated": 1, "rejected": 2, "rejections_by_reason": reasons(product_withdrawn=2),
      "invoices": [{"customer": "acme", "total": "1.06"}]})

# 6. No approval covers the use. beta declares public welfare (edu) without an approval; acme's edu
#    approval ended 2026-04-01; gamma holds no approval at all.
rate("scenario_not_approved: a claimed free use without approval, an expired approval, an unknown customer",
     "beta edu: no approval (declaring public welfare is not enough); acme edu on 2026-04-01 = end of its approval; gamma: none. acme fin 8 x 0.50 = 4.00 + 0.24 = 4.24",
     [rec("r1", "beta", "credit", "edu", "50", "2026-02-10"), rec("r2", "acme", "credit", "edu", "5", "2026-04-01"),
      rec("r3", "gamma", "credit", "fin", "7", "2026-02-10"), rec("r4", "acme", "credit", "fin", "8", "2026-02-10")],
     {"records_in": 4, "rated": 1, "free": 0, "rejected": 3, "rejections_by_reason": reasons(scenario_not_approved=3),
      "rejected_records": [{"id": "r1", "reason": "scenario_not_approved", "value": "beta credit/edu on 2026-02-10"},
                           {"id": "r2", "reason": "scenario_not_approved", "value": "acme credit/edu on 2026-04-01"},
                           {"id": "r3", "reason": "scenario_not_approved", "value": "gamma credit/fin on 2026-02-10"}],
      "invoices": [{"customer": "acme", "lines": [{"product": "credit", "scenario": "fin", "quantity": "8", "amount": "4.00"}], "total": "4.24"}]})

# 7. Options: approvals for free uses only, registration not required.
t2 = copy.deepcopy(tariff)
t2["lifecycle"]["approvals_cover"] = "free_uses"
t2["lifecycle"]["registration_required"] = False
rate("options: approvals_cover = free_uses and registration_required = false",
     "gamma fin (paid, no approval needed): 7 x 0.50 = 3.50; draft (registration not required): 5 x 1.00 = 5.00; gamma 8.50 + VAT 0.51 = 9.01; beta edu still needs an approval",
     [rec("r1", "beta", "credit", "edu", "50", "2026-02-10"), rec("r3", "gamma", "credit", "fin", "7", "2026-02-10"),
      rec("r4", "gamma", "draft", "fin", "5", "2026-02-10")],
     {"records_in": 3, "rated": 2, "rejected": 1, "rejections_by_reason": reasons(scenario_not_approved=1),
      "invoices": [{"customer": "gamma", "subtotal": "8.50", "vat": "0.51", "total": "9.01"}]}, t2)

# 8. Term checks (lifecycle.check): a renewal of 3 years; the suspension is 31 days (May).
lc = copy.deepcopy(tariff["lifecycle"])
lc_renewed = copy.deepcopy(lc)
lc_renewed["authorization"]["renewals"] = [{"term_years": 3, "signed": "2030-09-30"}]
cases.append({"name": "lifecycle.check: 5 years from 2026-01-01 renewed by 3 ends 2034-01-01; per-customer forecasts from approvals",
              "worked": "2026-01-01 + 5 + 3 years = 2034-01-01; May 2026 = 31 suspended days; acme credit 12000 + 500 = 12500, beta credit 3000",
              "op": "lifecycle.check", "input": {"lifecycle": lc_renewed, "catalog": tariff["catalog"], "pricing_period": {"first_year": 2031, "period_years": 3}},
              "expected": {"valid": True, "approvals": 5,
                           "term": {"start": "2026-01-01", "end": "2034-01-01", "term_end": "2034-01-01", "suspensions": 1, "suspended_days": 31},
                           "forecasts": {"acme": {"credit": "12500"}, "beta": {"credit": "3000"}}}})
lc_mid = {"authorization": {"start": "2026-07-01", "term_years": 5}}
cases.append({"name": "a pricing period running past the term is refused",
              "worked": "term [2026-07-01, 2031-07-01); the period 2029-2031 ends 2031-12-31 > 2031-06-30",
              "op": "lifecycle.check", "input": {"lifecycle": lc_mid, "pricing_period": {"first_year": 2029, "period_years": 3}},
              "error": {"code": "out_of_range", "field": "pricing_period", "value": "2029-2031"}})
cases.append({"name": "a pricing period inside the term (first, partial year allowed)",
              "worked": "2026-2030 ends 2030-12-31 < 2031-07-01", "op": "lifecycle.check",
              "input": {"lifecycle": lc_mid, "pricing_period": {"first_year": 2026, "period_years": 5}},
              "expected": {"valid": True, "term": {"start": "2026-07-01", "end": "2031-07-01"}}})

# 9. Bad input, each a typed error naming the field.
def err(name, op, inp, code, field, value=None):
    e = {"code": code, "field": field}
    if value is not None: e["value"] = value
    cases.append({"name": name, "op": op, "input": inp, "error": e})
bad = copy.deepcopy(lc); bad["approvals"][1]["end"] = "2025-12-31"
err("an approval ending before it starts", "lifecycle.check", {"lifecycle": bad, "catalog": tariff["catalog"]}, "invalid", "lifecycle.approvals[1].end", "2025-12-31")
bad = copy.deepcopy(lc); bad["authorization"]["suspensions"].append({"start": "2026-05-20", "end": "2026-06-10"})
err("overlapping suspensions", "lifecycle.check", {"lifecycle": bad, "catalog": tariff["catalog"]}, "invalid", "lifecycle.authorization.suspensions[1].start", "2026-05-20")
bad = copy.deepcopy(lc); bad["authorization"]["term_years"] = 6
err("a term above 5 years", "lifecycle.check", {"lifecycle": bad, "catalog": tariff["catalog"]}, "out_of_range", "lifecycle.authorization.term_years", "6")
bad = copy.deepcopy(lc); bad["authorization"]["renewals"] = [{"term_years": 6}]
err("a renewal above 5 years", "lifecycle.check", {"lifecycle": bad, "catalog": tariff["catalog"]}, "out_of_range", "lifecycle.authorization.renewals[0].term_years", "6")
badt = copy.deepcopy(tariff); badt["catalog"]["products"][0]["datasets"] = ["hukou", "tax"]
err("an unknown dataset", "rating.validate", {"tariff": badt}, "unknown_id", "tariff.catalog.products[0].datasets[1]", "tax")
badt = copy.deepcopy(tariff); badt["lifecycle"]["approvals"][0]["scenario"] = "nope"
err("an approval naming an unknown scenario", "rating.validate", {"tariff": badt}, "unknown_id", "tariff.lifecycle.approvals[0].scenario", "nope")
badt = copy.deepcopy(tariff); badt["catalog"]["products"][0]["withdrawn_on"] = "2026-01-01"
err("withdrawn on its approval day", "rating.validate", {"tariff": badt}, "out_of_range", "tariff.catalog.products[0].withdrawn_on", "2026-01-01")
badt = copy.deepcopy(tariff); badt["lifecycle"]["check_credit_codes"] = True
err("credit codes checked: 'acme' is not one", "rating.validate", {"tariff": badt}, "invalid", "tariff.lifecycle.approvals[0].customer", "acme")

# 10. Credit codes (GB 32100-2015): weights 3^i mod 31; 91110000802100433B sums to 1 mod 31? worked below.
CS = "0123456789ABCDEFGHJKLMNPQRTUWXY"; W = [pow(3, i, 31) for i in range(17)]
def check_char(code): return CS[(31 - sum(CS.index(c) * w for c, w in zip(code[:17], W)) % 31) % 31]
assert check_char("91110000802100433B") == "B"
cases.append({"name": "credit code: a valid 统一社会信用代码", "worked": "check character = 31 - (sum value_i x 3^i mod 31) mod 31 = B",
              "op": "lifecycle.credit_code", "input": {"code": "91110000802100433B"}, "expected": {"valid": True}})
err("credit code: a wrong check character", "lifecycle.credit_code", {"code": "91110000802100433C"}, "invalid", "code", "91110000802100433C")
err("credit code: 17 characters", "lifecycle.credit_code", {"code": "91110000802100433"}, "invalid", "code")
err("credit code: a letter (I) outside the character set", "lifecycle.credit_code", {"code": "9111000080210043IB"}, "invalid", "code")

# 11. Exit settlement on early termination on 2027-07-01.
lc_exit = copy.deepcopy(lc); lc_exit["authorization"]["terminated"] = "2027-07-01"
mpr, actual = D("3650000.00"), D("1900000.00")
days = 181  # 2027-01-01 .. 2027-07-01 (31+28+31+30+31+30), no suspension in 2027
pro = r2(mpr * days / 365); claw = max(actual - pro, D(0))
nbv = D("1200000.00"); unrec = D("2000000.00") - D("750000.00")
cases.append({"name": "exit settlement: NBV handed back, unrecovered investment, final claw-back on the pro-rata MPR",
              "worked": f"pro-rata MPR = 3650000.00 x {days}/365 = {pro}; claw-back = 1900000.00 - {pro} = {claw}; "
                        f"unrecovered = 2000000.00 - 750000.00 = {unrec}; net = NBV {nbv} - {claw} = {nbv - claw}",
              "op": "lifecycle.exit_settlement",
              "input": {"lifecycle": lc_exit,
                        "assets": [{"id": "platform", "net_book_value": "1200000.00"}, {"id": "vehicles", "net_book_value": "30000.00", "handed_back": False}],
                        "investment": "2000000.00", "recovered": "750000.00",
                        "final_year": {"year": 2027, "mpr": str(mpr), "actual_revenue": str(actual)}},
              "expected": {"terminated": "2027-07-01", "term_end": "2031-01-01", "days_cut": 1280,
                           "assets_handed_back": ["platform"], "net_book_value_handed_back": str(nbv), "net_book_value_retained": "30000.00",
                           "unrecovered_investment": str(unrec),
                           "final_clawback": {"year": 2027, "days_in_force": days, "days_in_year": 365, "prorated_mpr": str(pro), "clawback": str(claw)},
                           "compensation_basis": "net_book_value", "compensation": str(nbv), "net_due_to_operator": str(nbv - claw)}})
inp = copy.deepcopy(cases[-1]["input"]); inp["compensation"] = "unrecovered_investment"
inp["lifecycle"]["authorization"]["suspensions"] = [{"start": "2027-02-01", "end": "2027-03-01"}]
pro2 = r2(mpr * (days - 28) / 365); claw2 = max(actual - pro2, D(0))
cases.append({"name": "exit settlement: a suspension in the final year shortens the pro-rata MPR; compensation on unrecovered investment",
              "worked": f"days in force 181 - 28 (February suspended) = 153; pro-rata = 3650000.00 x 153/365 = {pro2}; claw-back {claw2}; net = {unrec} - {claw2} = {unrec - claw2}",
              "op": "lifecycle.exit_settlement", "input": inp,
              "expected": {"final_clawback": {"days_in_force": 153, "prorated_mpr": str(pro2), "clawback": str(claw2)},
                           "compensation": str(unrec), "net_due_to_operator": str(unrec - claw2)}})
inp = copy.deepcopy(cases[-1]["input"]); del inp["lifecycle"]["authorization"]["terminated"]
err("exit settlement without a termination day", "lifecycle.exit_settlement", inp, "missing", "lifecycle.authorization.terminated")

# 12. Lineage: use per dataset and per source. credit draws on hukou (psb) and insurance (hrss):
#     its revenue 100.01 splits equally, largest remainder to the smaller id: hukou 50.01, insurance 50.00.
#     geo has no dataset but a source (psb): all its 30.00 to psb. draft has neither: unattributed 7.00.
cat = copy.deepcopy(tariff["catalog"])
cat["parties"].append({"id": "hrss", "name": "HR and social security", "kind": "data_source", "administrative": True})
cat["datasets"].append({"id": "insurance", "name": "Social insurance", "source": "hrss"})
cat["products"][0]["datasets"] = ["insurance", "hukou"]
cat["products"][1]["sources"] = ["psb"]
summ = [{"product": "credit", "records": 10, "quantity": "200", "free_records": 2, "free_quantity": "5", "revenue": "100.01"},
        {"product": "geo", "records": 3, "quantity": "3", "free_records": 0, "free_quantity": "0", "revenue": "30.00"},
        {"product": "draft", "records": 1, "quantity": "7", "free_records": 0, "free_quantity": "0", "revenue": "7.00"}]
cases.append({"name": "resource use per dataset and per source (来源可溯)",
              "worked": "credit 100.01 over hukou + insurance = 50.01 (hukou, the smaller id, takes the odd cent) + 50.00; quantity 200 + 5 = 205 to each; psb = hukou 50.01 + geo 30.00 = 80.01; draft 7.00 unattributed; total 137.01",
              "op": "lifecycle.resource_use", "input": {"catalog": cat, "products": summ},
              "expected": {"datasets": [{"id": "hukou", "source": "psb", "products": ["credit"], "charged_records": 10, "free_records": 2, "quantity": "205", "revenue": "50.01"},
                                        {"id": "insurance", "source": "hrss", "products": ["credit"], "charged_records": 10, "free_records": 2, "quantity": "205", "revenue": "50.00"}],
                           "sources": [{"id": "psb", "products": ["credit", "geo"], "charged_records": 13, "quantity": "208", "revenue": "80.01"},
                                       {"id": "hrss", "products": ["credit"], "revenue": "50.00"}],
                           "unattributed_revenue": "7.00", "total_revenue": "137.01"}})
err("resource use of a product not in the catalog", "lifecycle.resource_use",
    {"catalog": cat, "products": [dict(summ[0], product="ghost")]}, "unknown_id", "products[0].product", "ghost")

# 13. The complete 收费公示 (issue 11 item 6, issue 9 item 7): trial stage, basis, operator from the
#     catalog, the default complaint channel, registration number and service form on every row.
notice_doc = {"name": "notice", "first_year": 2026, "stage": "trial", "profile": {"period_years": 1},
  "catalog": {"parties": [{"id": "op", "name": "City data group", "kind": "operator"}],
              "scenarios": [{"id": "ind", "name": "Industry", "category": "industry_development"},
                            {"id": "wel", "name": "Welfare", "category": "public_welfare"}],
              "products": [{"id": "r", "name": "Report", "name_zh": "报告", "service_form": "report", "charging_form": "per_item",
                            "unit": "report", "scenarios": ["ind", "wel"], "registration_number": "WA-LA-2026-0007",
                            "registration_level": "municipal", "approved_on": "2026-01-01"}]},
  "costs": {"ledger": {"entries": [{"category": "personnel", "year": 2026, "product": "r", "amount": "1000.00"}]}},
  "forecasts": [{"product": "r", "scenario": "ind", "volume": "100"}, {"product": "r", "scenario": "wel", "volume": "100"}],
  "fees": [{"product": "r", "scenario": "ind", "effective": "2026-01-01", "schedule": {"kind": "flat", "price": "5.00"}}]}
CHANNEL = "12315 (市场监管投诉举报) / 12345 (政务服务便民热线)"
cases.append({"name": "收费公示: trial fees marked, basis, operator, complaint channel, registration number, service form",
              "worked": "stage trial: the paid row is a trial fee, the free row carries no fee; operator = the catalog's operator party",
              "op": "disclosure.fee_list", "input": {"document": notice_doc, "publication": {"basis": "六发改价格〔2026〕1号"}},
              "expected": {"stage": "trial", "basis": "六发改价格〔2026〕1号", "operator": "City data group", "complaint_channel": CHANNEL,
                           "rows": [{"product": "r", "scenario": "ind", "status": "paid", "trial": True, "actual_fee": "5.00 per unit",
                                     "service_form": "report", "service_form_zh": "报告", "registration_number": "WA-LA-2026-0007", "registration_level": "municipal"},
                                    {"product": "r", "scenario": "wel", "status": "free", "trial": False, "registration_number": "WA-LA-2026-0007"}]}})

# 14. Authorization disclosure within 15 working days of signing (大冶), on a supplied calendar.
#     Signed Monday 2025-12-15. Working days: 12-16..12-19 (4), 12-22..12-26 (9), 12-29..12-31 (12);
#     1 and 2 January are holidays, 3 January a Saturday, Sunday 4 January a make-up working day (13),
#     5 January (14), 6 January (15): the deadline is 2026-01-06. Published 2026-01-07: late.
cal = {"holidays": ["2026-01-01", "2026-01-02"], "workdays": ["2026-01-04"]}
lc_signed = copy.deepcopy(lc); lc_signed["authorization"]["signed"] = "2025-12-15"
cases.append({"name": "authorization disclosure: 15 working days after signing, holidays and a make-up day counted",
              "worked": "12-15 signed; 12 working days to 12-31; 01-01, 01-02 holidays, 01-03 Saturday; 01-04 make-up (13), 01-05 (14), 01-06 (15)",
              "op": "lifecycle.authorization_disclosure", "input": {"lifecycle": lc_signed, "calendar": cal, "published": "2026-01-07"},
              "expected": {"authority": "City data bureau", "operator": "City data group", "start": "2026-01-01", "last_day": "2030-12-31",
                           "suspensions": ["[2026-05-01, 2026-06-01)"], "signed": "2025-12-15", "working_days": 15,
                           "deadline": "2026-01-06", "published": "2026-01-07", "on_time": False}})
cases.append({"name": "authorization disclosure without a calendar: weekends only",
              "worked": "12-15 + 15 weekday working days: 12-16..12-19 (4), 12-22..26 (9), 12-29..01-02 (14), 01-05 (15)",
              "op": "lifecycle.authorization_disclosure", "input": {"lifecycle": lc_signed},
              "expected": {"deadline": "2026-01-05"}})
bad = copy.deepcopy(lc); del bad["authorization"]["signed"]
err("authorization disclosure without a signing day", "lifecycle.authorization_disclosure", {"lifecycle": bad}, "missing", "lifecycle.authorization.signed")
err("a calendar day both holiday and make-up day", "lifecycle.authorization_disclosure",
    {"lifecycle": lc, "calendar": {"holidays": ["2026-01-04"], "workdays": ["2026-01-04"]}}, "invalid", "calendar.workdays[0]")

# 15. Audit signals (issue 11 item 8). acme's 400 calls against a trailing average (100+120+80)/3 = 100:
#     4 x > 3 x: a spike, ratio 4.0000. beta's 90 against (40+50)/2 = 45: 2 x, no signal. Free use of g
#     totals 70+20+10 = 100: gov1 holds 0.7000 > 0.5, flagged; gov2 0.2 and gov3 0.1 are not.
cases.append({"name": "audit signals: a usage spike against the trailing average, a concentrated free use",
              "worked": "acme 400 / avg 100 = 4.0000 > 3; beta 90 / 45 = 2 <= 3; gov1 70 / 100 = 0.7000 > 0.5",
              "op": "lifecycle.audit_signals",
              "input": {"usage": [{"customer": "acme", "product": "p", "quantity": "400"}, {"customer": "beta", "product": "p", "quantity": "90"},
                                  {"customer": "gov1", "product": "g", "quantity": "70", "free": True}, {"customer": "gov2", "product": "g", "quantity": "20", "free": True},
                                  {"customer": "gov3", "product": "g", "quantity": "10", "free": True}],
                        "history": [{"customer": "acme", "product": "p", "quantities": ["100", "120", "80"]},
                                    {"customer": "beta", "product": "p", "quantities": ["40", "50"]}]},
              "expected": {"signals": [
                  {"kind": "usage_spike", "customer": "acme", "product": "p", "quantity": "400", "reference": "100", "ratio": "4.0000"},
                  {"kind": "free_use_concentration", "customer": "gov1", "product": "g", "quantity": "70", "reference": "100", "ratio": "0.7000"}]}})
err("audit signals: a free-share threshold above 1", "lifecycle.audit_signals",
    {"usage": [], "thresholds": {"free_share": "1.5"}}, "out_of_range", "thresholds.free_share", "1.5")
err("audit signals: a negative prior quantity", "lifecycle.audit_signals",
    {"usage": [], "history": [{"customer": "a", "product": "p", "quantities": ["1", "-2"]}]}, "out_of_range", "history[0].quantities[1]", "-2")

# 16. Quarterly report and half-yearly disclosure (大冶): product list with the state at the period's
#     end, marketisation, resource use. Q2 2026 ends 2026-06-30: credit (withdrawn 07-01) is still
#     registered; in Q3 (ends 09-30) it is withdrawn. draft is never registered.
cases.append({"name": "quarterly report Q2: product list, marketisation and resource use",
              "worked": "Q2 = 2026-04-01..2026-06-30; credit 200 + 5 = 205; geo 3; revenue as summarised; resource use as in the lineage case",
              "op": "lifecycle.periodic_report", "input": {"catalog": cat, "cadence": "quarterly", "year": 2026, "index": 2, "products": summ},
              "expected": {"start": "2026-04-01", "last_day": "2026-06-30",
                           "products": [{"product": "credit", "state": "registered", "registration_number": "HB-SJ-2026-0001", "service_form_zh": "接口", "charged_records": 10, "free_records": 2, "quantity": "205", "revenue": "100.01"},
                                        {"product": "geo", "state": "registered", "quantity": "3", "revenue": "30.00"},
                                        {"product": "draft", "state": "not_registered", "revenue": "7.00"}],
                           "resource_use": {"unattributed_revenue": "7.00", "total_revenue": "137.01"}}})
cases.append({"name": "half-yearly disclosure H2: a product withdrawn by the period's end",
              "worked": "H2 = 2026-07-01..2026-12-31; credit withdrawn 2026-07-01 <= 12-31",
              "op": "lifecycle.periodic_report", "input": {"catalog": cat, "cadence": "half_yearly", "year": 2026, "index": 2, "products": summ},
              "expected": {"start": "2026-07-01", "last_day": "2026-12-31", "products": [{"state": "withdrawn"}, {"state": "registered"}, {"state": "not_registered"}]}})
err("a fifth quarter", "lifecycle.periodic_report", {"catalog": cat, "cadence": "quarterly", "year": 2026, "index": 5, "products": []}, "out_of_range", "index", "5")

# 2031-01-01 - 2027-07-01: 184 (rest of 2027) + 366 (2028) + 365 + 365 = 1280 days.
import datetime
assert (datetime.date(2031, 1, 1) - datetime.date(2027, 7, 1)).days == 1280

with open(__file__.replace("gen_lifecycle.py", "lifecycle.json"), "w", encoding="utf-8") as f:
    f.write('{\n  "cases": [\n')
    f.write(",\n".join("    " + json.dumps(c, ensure_ascii=False) for c in cases))
    f.write("\n  ]\n}\n")
print(len(cases), "cases")
