"""Worst cases of the work budgets (DESIGN.md, "Limits and work budgets"), one call each through
the Python release wheel: .venv/bin/python benches/budget_worst.py CASE, CASE one of sampled,
exact2, majority2, sweep, sweep_big, airport, changes (exact and majority: the first tries).
Prints CPU and wall seconds and the outcome (a result or the typed refusal)."""
import sys, os, time, json
import datafee

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from worst_inputs import dividends_game  # noqa: E402  (the input test_resources.py uses)

def timed(name, f):
    t0 = time.perf_counter(); c0 = time.process_time()
    try:
        out = f(); what = "ok " + str(out)[:60]
    except datafee.DatafeeError as e:
        what = f"{e.code} {e.field} {e.value[:40]}"
    print(f"{name}: {time.process_time()-c0:.2f} s CPU, {time.perf_counter()-t0:.2f} s wall -> {what}", flush=True)

case = sys.argv[1]
if case == "sampled":
    game = dividends_game(1000)
    timed("sampled dividends 1000x999, 2000 samples", lambda: len(datafee.call("sharing.shapley", {"game": game, "method": {"sampled": {"samples": 2000, "seed": 1}}})["values"]))
    timed("sampled dividends 1000x999, 20000 samples", lambda: len(datafee.call("sharing.shapley", {"game": game, "method": {"sampled": {"samples": 20000, "seed": 1}}})["values"]))
    # an explicit game sampled: 1000 players, many coalitions, at the step budget
    wm = {"weighted_majority": {"weights": [{"id": f"p{i}", "weight": "1"} for i in range(1000)], "quota": "501", "value": "1"}}
    timed("sampled weighted majority 1000 players, 200000 samples", lambda: len(datafee.call("sharing.shapley", {"game": wm, "method": {"sampled": {"samples": 200000, "seed": 1}}})["values"]))
elif case == "exact":
    players = [f"p{i}" for i in range(20)]
    values = [{"coalition": players[:k], "value": str(k)} for k in range(1, 21)]
    timed("exact explicit game 20 players (2^20 coalitions)", lambda: len(datafee.call("sharing.shapley", {"game": {"explicit": {"players": players, "values": values}}})["values"]))
elif case == "majority":
    wm = {"weighted_majority": {"weights": [{"id": f"p{i}", "weight": str(i % 7 + 1)} for i in range(500)], "quota": "1000", "value": "1"}}
    timed("weighted majority 500 players, quota 1000 (closed form)", lambda: len(datafee.call("sharing.shapley", {"game": wm})["values"]))
    wm = {"weighted_majority": {"weights": [{"id": f"p{i}", "weight": str(i % 7 + 1)} for i in range(1000)], "quota": "3990", "value": "1"}}
    timed("weighted majority 1000 players, quota 3990", lambda: len(datafee.call("sharing.shapley", {"game": wm})["values"]))
elif case == "sweep":
    vary = [{"path": "profile.profit.rate", "values": [f"0.0{i % 10}" for i in range(100)]}, {"path": "forecasts[*].volume", "scale": ["1"] * 100}]
    timed("sweep mini city 10,000 points", lambda: len(datafee.call("chain.sweep", {"document": datafee.mini_city(), "vary": vary})["points"]))
elif case == "airport":
    timed("airport 100,000 distinct costs", lambda: len(datafee.call("sharing.airport", {"costs": [{"id": f"p{i}", "cost": str(i + 1)} for i in range(100000)]})["shares"]))
elif case == "changes":
    city = datafee.mini_city()
    n = len(city["forecasts"])
    changes = [{"path": f"forecasts[{i % n}].volume", "value": str(1000 + i)} for i in range(10000)]
    timed("with_changes 10,000 changes", lambda: len(json.dumps(datafee.call("chain.with_changes", {"document": city, "changes": changes}), default=str)))
    paths = [f"forecasts[{i % n}].volume" for i in range(10000)]
    timed("values_at 10,000 paths", lambda: len(datafee.call("chain.values_at", {"document": city, "paths": paths})["values"]))
if case == "majority2":
    wm = {"weighted_majority": {"weights": [{"id": f"p{i}", "weight": str((i % 7) * 100 + 200)} for i in range(125)], "quota": "30000", "value": "1"}}
    timed("weighted majority 125 players, quota 30000 (n^2 q = 4.7e8)", lambda: len(datafee.call("sharing.shapley", {"game": wm})["values"]))
if case == "sweep_big":
    n = 1000
    doc = {"name": "big", "first_year": 2026, "profile": {"period_years": 1},
           "catalog": {"scenarios": [{"id": "ind", "name": "I", "category": "industry_development"}],
                       "products": [{"id": f"p{i}", "name": f"P{i}", "service_form": "api", "charging_form": "per_call",
                                     "unit": "call", "scenarios": ["ind"]} for i in range(n)]},
           "costs": {"ledger": {"entries": [{"category": "personnel", "year": 2026, "product": f"p{i}", "amount": "600.00"} for i in range(n)]}},
           "forecasts": [{"product": f"p{i}", "scenario": "ind", "volume": "3000"} for i in range(n)]}
    for pts in (170, 180):
        vary = [{"path": "profile.profit.rate", "values": [f"0.0{i % 10}" for i in range(pts)]}]
        timed(f"sweep 1,000 products, {pts} points", lambda: len(datafee.call("chain.sweep", {"document": doc, "vary": vary})["points"]))
if case == "exact2":
    import random
    random.seed(1)
    players = [f"p{i}" for i in range(20)]
    seen = set(); values = []
    while len(values) < 100000:
        c = tuple(sorted(random.sample(range(20), random.randint(1, 20))))
        if c in seen: continue
        seen.add(c); values.append({"coalition": [players[i] for i in c], "value": str(len(c) * 3 + c[0])})
    timed("exact explicit game 20 players, 100,000 coalitions listed", lambda: len(datafee.call("sharing.shapley", {"game": {"explicit": {"players": players, "values": values}}})["values"]))
