# Writes rating_late.json: vectors for late records of an invoiced period (rating.late, issue 12).
# Run: cargo build -p datafee-cli && python3 tests/vectors/gen_late.py
#
# The invoiced states given as inputs come from running rating.late itself (the on-time batch,
# then the first late batch) through the CLI: a state carries a digest of the tariff and of each
# record's content, which nobody writes by hand. Every expected figure below is written by hand,
# with its working in the case name.
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "debug" / "datafee"

tariff = {
    "catalog": {
        "scenarios": [
            {"id": "fin", "name": "Finance", "category": "industry_development"},
            {"id": "gov", "name": "Governance", "category": "public_governance"}],
        "products": [
            {"id": "credit", "name": "Credit API", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["fin", "gov"]},
            {"id": "geo", "name": "Geodata", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["fin"]},
            {"id": "map", "name": "Map tiles", "service_form": "api", "charging_form": "per_call", "unit": "call", "scenarios": ["fin"]}]},
    "fees": [
        {"product": "credit", "scenario": "fin", "effective": "2025-01-01",
         "schedule": {"kind": "graduated", "tiers": [{"from": "0", "to": "100", "price": "0.50"}, {"from": "100", "price": "0.30"}]}, "cap": "0.50"},
        {"product": "geo", "scenario": "fin", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "0.335"}, "cap": "0.335"},
        {"product": "map", "scenario": "fin", "effective": "2025-01-01", "schedule": {"kind": "flat", "price": "1.20"}, "cap": "1.50"}],
    "period": {"start": "2025-01-01", "end": "2025-02-01"},
    "vat_rate": "0.06",
}


def rec(id, customer, product, scenario, q, day):
    return {"id": id, "customer": customer, "product": product, "scenario": scenario, "quantity": q, "time": f"2025-01-{day:02d}"}


on_time = [rec("r1", "acme", "credit", "fin", "80", 5), rec("r2", "acme", "geo", "fin", "1", 6), rec("r3", "beta", "credit", "fin", "50", 7)]
late1 = [rec("r4", "acme", "credit", "fin", "70", 20)]


def call(op, doc):
    out = subprocess.run([str(CLI), "call", "--compact", op, "-"], input=json.dumps(doc), capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{op}: {out.stderr}")
    return json.loads(out.stdout)


state0 = call("rating.late", {"tariff": tariff, "records": on_time, "explain": False})["state"]
state1 = call("rating.late", {"tariff": tariff, "invoiced": state0, "records": late1, "explain": False})["state"]


def rev(line, product, records, q, amount, effective="2025-01-01"):
    return {"kind": "reversal", "line": line, "product": product, "scenario": "fin", "effective": effective, "records": -records, "quantity": f"-{q}", "amount": f"-{amount}"}


def new(line, product, records, q, amount, effective="2025-01-01"):
    return {"kind": "new", "line": line, "product": product, "scenario": "fin", "effective": effective, "records": records, "quantity": q, "amount": amount}


def amounts(lines_total, vat, total):
    return {"lines_total": lines_total, "subtotal": lines_total, "vat": vat, "total": total}


zero = {"rejected": 0}
cases = [
    {"name": "on-time invoicing (no state): acme credit 80 x 0.50 = 40.00, geo 1 x 0.335 = 0.335 rounded down to 0.33 under cap x 1 = 0.335; "
             "VAT round(40.335 x 0.06 = 2.4201) = 2.42, total 42.75; beta 50 x 0.50 = 25.00 + VAT 1.50 = 26.50; only new lines, state revision 0 with 3 ids",
     "op": "rating.late", "input": {"tariff": tariff, "records": on_time},
     "expected": {"revision": 0, "records_in": 3, "rated": 3, **zero,
                  "adjustments": [
                      {"customer": "acme", "lines": [new(0, "credit", 1, "80", "40.00"), new(1, "geo", 1, "1", "0.33")],
                       "change": amounts("40.33", "2.42", "42.75"), "invoice": {"lines_total": "40.33", "vat": "2.42", "total": "42.75"}},
                      {"customer": "beta", "lines": [new(0, "credit", 1, "50", "25.00")], "change": amounts("25.00", "1.50", "26.50")}],
                  "totals": {"adjustments": 2, "delta_lines": 3, "change": amounts("65.33", "3.92", "69.25")},
                  "state": {"format": 1, "revision": 0, "ids": [{"id": "r1"}, {"id": "r2"}, {"id": "r3"}]}}},
    {"name": "tiered, a late record crosses the tier boundary: acme credit 80 + 70 = 150 calls = 100 x 0.50 + 50 x 0.30 = 65.00; reversal -40.00 (-1 record, -80), "
             "new 65.00 (2 records, 150): +25.00; VAT round(65.335 x 0.06 = 3.9201) = 3.92 - 2.42 = +1.50; total 69.25 - 42.75 = +26.50; geo line and beta untouched",
     "op": "rating.late", "input": {"tariff": tariff, "invoiced": state0, "records": late1},
     "expected": {"revision": 1, "records_in": 1, "rated": 1, **zero,
                  "adjustments": [
                      {"customer": "acme", "replaces_revision": 0, "lines": [rev(0, "credit", 1, "80", "40.00"), new(0, "credit", 2, "150", "65.00")],
                       "previous": amounts("40.33", "2.42", "42.75"), "change": amounts("25.00", "1.50", "26.50"),
                       "invoice": {"lines_total": "65.33", "vat": "3.92", "total": "69.25"}}],
                  "totals": {"adjustments": 1, "delta_lines": 2, "change": amounts("25.00", "1.50", "26.50")},
                  "state": {"revision": 1}}},
    {"name": "flat, rounding: acme geo 1 call invoiced 0.33 (0.335 rounded down under the cap); a late call: 2 x 0.335 = 0.67; reversal -0.33, new 0.67: +0.34 "
             "(an additive line round(0.335) = 0.33 would leave 0.66, not the 0.67 of one rating); VAT round(40.67 x 0.06 = 2.4402) = 2.44: +0.02; total 43.11: +0.36",
     "op": "rating.late", "input": {"tariff": tariff, "invoiced": state0, "records": [rec("r5", "acme", "geo", "fin", "1", 21)]},
     "expected": {"revision": 1, "rated": 1, **zero,
                  "adjustments": [
                      {"customer": "acme", "replaces_revision": 0, "lines": [rev(1, "geo", 1, "1", "0.33"), new(1, "geo", 2, "2", "0.67")],
                       "change": amounts("0.34", "0.02", "0.36"), "invoice": {"lines_total": "40.67", "vat": "2.44", "total": "43.11"}}],
                  "totals": {"change": amounts("0.34", "0.02", "0.36")}}},
    {"name": "replay: r1 sent again as it was invoiced is duplicate_id; nothing adjusted, the state stays at revision 0",
     "op": "rating.late", "input": {"tariff": tariff, "invoiced": state0, "records": [on_time[0]]},
     "expected": {"revision": 0, "rated": 0, "rejected": 1, "rejected_records": [{"index": 0, "id": "r1", "reason": "duplicate_id", "value": "r1"}],
                  "adjustments": [], "totals": {"adjustments": 0, "delta_lines": 0, "change": amounts("0.00", "0.00", "0.00")}, "state": state0}},
    {"name": "conflicting duplicate: r1 sent again with 90 calls instead of 80 is conflicting_duplicate, never a second charge; a corrected record needs a new id",
     "op": "rating.late", "input": {"tariff": tariff, "invoiced": state0, "records": [{**on_time[0], "quantity": "90"}]},
     "expected": {"revision": 0, "rated": 0, "rejected": 1, "rejections_by_reason": {"conflicting_duplicate": 1, "duplicate_id": 0},
                  "rejected_records": [{"index": 0, "id": "r1", "reason": "conflicting_duplicate", "value": "r1"}], "adjustments": []}},
    {"name": "a product never invoiced, a free use and a new customer: acme map 5 x 1.20 = 6.00 is a new line 2 with no reversal, acme credit/gov 4 calls a new free line 1 "
             "at 0.00; acme VAT round(46.335 x 0.06 = 2.7801) = 2.78: +0.36, total 49.11: +6.36; gamma credit 10 x 0.50 = 5.00 + VAT 0.30 = 5.30, a first invoice",
     "op": "rating.late", "input": {"tariff": tariff, "invoiced": state0, "records": [
         rec("r6", "acme", "map", "fin", "5", 22), rec("r7", "gamma", "credit", "fin", "10", 23), rec("r8", "acme", "credit", "gov", "4", 23)]},
     "expected": {"revision": 1, "rated": 3, "charged": 2, "free": 1, **zero,
                  "adjustments": [
                      {"customer": "acme", "replaces_revision": 0, "lines": [
                          {"kind": "new", "line": 1, "product": "credit", "scenario": "gov", "free": True, "records": 1, "quantity": "4", "amount": "0.00"},
                          new(3, "map", 1, "5", "6.00")],
                       "change": amounts("6.00", "0.36", "6.36"), "invoice": {"lines_total": "46.33", "vat": "2.78", "total": "49.11"}},
                      {"customer": "gamma", "lines": [new(0, "credit", 1, "10", "5.00")], "change": amounts("5.00", "0.30", "5.30")}],
                  "totals": {"adjustments": 2, "delta_lines": 3, "change": amounts("11.00", "0.66", "11.66")}}},
    {"name": "a second late batch against revision 1: acme credit 150 + 100 = 250 calls = 50.00 + 150 x 0.30 = 95.00; reversal of the revision-1 line -65.00, new 95.00: "
             "+30.00; VAT round(95.335 x 0.06 = 5.7201) = 5.72 - 3.92 = +1.80; total 101.05 - 69.25 = +31.80; revision 2",
     "op": "rating.late", "input": {"tariff": tariff, "invoiced": state1, "records": [rec("r9", "acme", "credit", "fin", "100", 28)]},
     "expected": {"revision": 2, "rated": 1,
                  "adjustments": [
                      {"customer": "acme", "replaces_revision": 1, "lines": [rev(0, "credit", 2, "150", "65.00"), new(0, "credit", 3, "250", "95.00")],
                       "previous": amounts("65.33", "3.92", "69.25"), "change": amounts("30.00", "1.80", "31.80"), "invoice": {"total": "101.05"}}]}},
    {"name": "a state kept from another tariff (VAT 9 %) is refused at invoiced.tariff",
     "op": "rating.late", "input": {"tariff": {**tariff, "vat_rate": "0.09"}, "invoiced": state0, "records": late1},
     "error": {"code": "invalid", "field": "invoiced.tariff"}},
    {"name": "a state whose aggregates hold 3 records but lists 2 ids is refused at invoiced.ids",
     "op": "rating.late", "input": {"tariff": tariff, "invoiced": {**state0, "ids": state0["ids"][:2]}, "records": late1},
     "error": {"code": "invalid", "field": "invoiced.ids", "value": "2"}},
]

out = ROOT / "tests" / "vectors" / "rating_late.json"
out.write_text(json.dumps({"cases": cases}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {out} ({len(cases)} cases)")
