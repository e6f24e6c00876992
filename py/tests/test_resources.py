"""Resource bounds (issue 15): every reproduction gives a typed error or a result within a
generous bound, and the module keeps answering afterwards.

These are not speed tests: each reproduction runs in a child interpreter under
``resource.setrlimit`` (:data:`CPU_SECONDS` of CPU time, :data:`MEMORY_BYTES` of address
space), and the test asserts only that the child finished inside those limits with a
``DatafeeError`` subclass (or the documented ``TypeError`` for floats) or a result, never
``InternalError``, ``MemoryError``, ``RecursionError``, a builtin exception or a kill.
Limits are CPU time, not wall time, so a loaded machine does not fail them.

Reproductions not fixed yet (listed in :data:`OPEN`) are marked ``xfail(strict=False)``
with the item number and what is missing.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
from typing import Any, Dict

import pytest
from conftest import REPO

#: CPU seconds a reproduction may take (the issue's "say 10 s").
CPU_SECONDS = 10
#: Address space a reproduction may use (the issue's "2 GB").
MEMORY_BYTES = 2 << 30

#: Items not fixed yet (issue 15 numbering): xfail with what is missing.
OPEN: Dict[int, str] = {}


def still_open(item: int) -> Any:
    return pytest.mark.xfail(strict=False, reason=OPEN[item])


PRELUDE = """
import json, sys
from decimal import Decimal
import datafee
sys.path.insert(0, %r)
from worst_inputs import dividends_game, scale_scenario  # the inputs benches/ measures
""" % str(REPO / "benches") + """

def report(**kw):
    print("RESULT " + json.dumps(kw))

def attempt(f):
    try:
        out = f()
    except datafee.DatafeeError as e:
        report(outcome="error", cls=type(e).__name__, code=e.code, field=e.field, value=e.value[:200])
    except TypeError as e:
        report(outcome="type_error", cls=type(e).__name__, message=str(e)[:200])
    else:
        report(outcome="ok", summary=str(out)[:200])
    # The module keeps answering afterwards.
    assert datafee.call("money.round", {"value": "2.345"})["result"] == Decimal("2.35")
"""


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def bounded(code: str) -> Dict[str, Any]:
    """Run ``code`` (after :data:`PRELUDE`) in a child under the limits; its reported outcome."""
    src = PRELUDE + textwrap.dedent(code)
    proc = subprocess.run(
        [sys.executable, "-c", src], capture_output=True, text=True, preexec_fn=_limits, timeout=20 * CPU_SECONDS, env=dict(os.environ)
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, f"child failed (rc {proc.returncode}, killed by a limit?):\n{proc.stderr[-2000:]}"
    out: Dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    assert out.get("cls") != "InternalError", out
    return out


def typed(out: Dict[str, Any], code: str) -> Dict[str, Any]:
    assert out["outcome"] == "error" and out["code"] == code, out
    return out


# -- item 1: panic in the even claw-back spread -------------------------------------------
CLAWBACK = """
city = datafee.mini_city()
city["profile"]["clawback_spread"] = "even"
city["profile"]["period_years"] = 3
"""


@pytest.mark.parametrize(
    "setup",
    [
        'city["prior_period"] = [{"year": 2025, "mpr": "0", "actual_revenue": "800000000000000000000000000"}]',
        'city["prior_period"] = [{"year": 2025, "mpr": "0", "actual_revenue": "100.00"}]; '
        'city["profile"]["amount_rounding"] = {"unit": "0.0000000000000000000000000001"}',
    ],
)
def test_item1_even_clawback_never_panics(setup: str) -> None:
    out = bounded(CLAWBACK + setup + "\nattempt(lambda: datafee.call('chain.run', {'document': city}))")
    # The spread counts the claw-back in rounding units: beyond a Decimal it is `overflow`, named.
    assert typed(out, "overflow")["field"] == "clawback"


# -- item 2: rating with one customer per record ------------------------------------------
def test_item2_rating_one_customer_per_record() -> None:
    out = bounded(
        """
        city = datafee.Scenario.from_dict(datafee.mini_city())
        tariff = city.tariff(2026)
        n = 200_000
        usage = {"id": [f"u{i}" for i in range(n)], "customer": [f"c{i}" for i in range(n)],
                 "product": ["credit"] * n, "scenario": ["finance"] * n, "quantity": ["1"] * n, "time": ["2026-03-01"] * n}
        attempt(lambda: datafee.rate(tariff, usage).records_in)
        """
    )
    assert out["outcome"] in ("ok", "error"), out


# -- item 3: sampled Shapley on a large dividends game ------------------------------------
def test_item3_dividends_shapley_is_bounded() -> None:
    out = bounded(
        """
        game = dividends_game(1000)
        attempt(lambda: len(datafee.call("sharing.shapley", {"game": game, "method": {"sampled": {"samples": 2000, "seed": 1}}})["values"]))
        """
    )
    # A result or the work budget's refusal (not a parse error of a misspelt method).
    assert out == {"outcome": "ok", "summary": "1000"} or out.get("code") == "limit_exceeded", out


# -- item 4: sweeps bounded by points x scenario size -------------------------------------
def test_item4_sweep_of_a_large_scenario_is_refused_by_the_work_budget() -> None:
    out = bounded(
        """
        n = 1000
        doc = {"name": "big", "first_year": 2026, "profile": {"period_years": 1},
               "catalog": {"scenarios": [{"id": "ind", "name": "I", "category": "industry_development"}],
                           "products": [{"id": f"p{i}", "name": f"P{i}", "service_form": "api", "charging_form": "per_call",
                                         "unit": "call", "scenarios": ["ind"]} for i in range(n)]},
               "costs": {"ledger": {"entries": [{"category": "personnel", "year": 2026, "product": f"p{i}", "amount": "600.00"} for i in range(n)]}},
               "forecasts": [{"product": f"p{i}", "scenario": "ind", "volume": "3000"} for i in range(n)]}
        vary = [{"path": "profile.profit.rate", "values": [f"0.0{i % 10}" for i in range(100)]},
                {"path": "forecasts[*].volume", "scale": ["1"] * 100}]
        attempt(lambda: datafee.call("chain.sweep", {"document": doc, "vary": vary}))
        """
    )
    typed(out, "limit_exceeded")
    assert out["field"] == "vary", out


def test_item4_sweep_of_the_city_at_the_point_limit_is_bounded() -> None:
    out = bounded(
        """
        vary = [{"path": "profile.profit.rate", "values": [f"0.0{i % 10}" for i in range(100)]},
                {"path": "forecasts[*].volume", "scale": ["1"] * 100}]
        attempt(lambda: len(datafee.call("chain.sweep", {"document": datafee.mini_city(), "vary": vary})["points"]))
        """
    )
    assert out["outcome"] == "ok" or out.get("code") == "limit_exceeded", out


def test_item4_point_count_beyond_32_bits_is_the_same_value_everywhere() -> None:
    out = bounded(
        """
        vary = [{"path": p, "values": ["1"] * 2000} for p in ("profile.profit.rate", "name", "remark")]
        attempt(lambda: datafee.call("chain.sweep", {"document": datafee.mini_city(), "vary": vary}))
        """
    )
    assert typed(out, "limit_exceeded")["value"] == "8000000000"


# -- item 5: sizes at the limits, and refusals before conversion ----------------------------
def test_item5_chain_run_of_100k_products_is_refused_pointing_to_figures() -> None:
    # chain.run writes about 7.5 KB of working papers per product: above 10,000 products it is
    # refused after reading the document and before the chain runs, naming the dimension.
    out = bounded("attempt(lambda: datafee.call('chain.run', {'document': scale_scenario(100_000)}))")
    assert typed(out, "limit_exceeded")["field"] == "catalog.products", out
    assert out["value"] == "100000", out


def test_item5_chain_run_at_its_product_limit() -> None:
    out = bounded("attempt(lambda: len(datafee.call('chain.run', {'document': scale_scenario(10_000)})['caps'][0]['lines']))")
    assert out == {"outcome": "ok", "summary": "20000"}, out


def test_item5_chain_figures_at_the_chain_lines_limit_as_text() -> None:
    # The limit (MAX_CHAIN_LINES = 120,000 cap lines): 20,000 products in two scenarios over
    # three years, as JSON text (about 1.8 s of CPU and 0.4 GB for the call on an idle machine).
    out = bounded(
        """
        def run():
            text = datafee.call_json('chain.figures', json.dumps({'document': scale_scenario(20_000)}))
            return text.count('"cap_quoted"')
        attempt(run)
        """
    )
    assert out == {"outcome": "ok", "summary": "60000"}, out


def test_item5_chain_figures_of_100k_products_is_refused_naming_the_cap_lines() -> None:
    # 100,000 products (the reproduction): 600,000 cap lines, five times the limit,
    # refused before the chain runs, as text and decoded.
    for call in ("datafee.call_json('chain.figures', json.dumps(doc))", "datafee.call('chain.figures', doc)"):
        out = bounded("doc = {'document': scale_scenario(100_000)}\nattempt(lambda: %s)" % call)
        assert typed(out, "limit_exceeded")["field"] == "catalog.products", out
        assert out["value"] == "600000", out


def test_item5_split_of_ten_million_parties_is_refused_before_converting() -> None:
    out = bounded("attempt(lambda: datafee.split('100.00', ['1'] * 10_000_000))")
    assert typed(out, "limit_exceeded")["field"] == "parties"
    out = bounded("attempt(lambda: datafee.call('sharing.split', {'amount': '1', 'parties': [{'id': 'a', 'weight': '1'}] * 10_000_000}))")
    assert typed(out, "limit_exceeded")["field"] == "parties"


@pytest.mark.parametrize(
    "weights",
    [
        "[str(i % 997 + 1) for i in range(2_000_000)]",
        "[{'id': f'p{i}', 'weight': str(i % 997 + 1)} for i in range(2_000_000)]",
        "{f'p{i}': i % 997 + 1 for i in range(2_000_000)}",
    ],
    ids=["list of str", "list of party dicts", "dict of int"],
)
def test_item5_split_at_the_party_limit(weights: str) -> None:
    # The list, party-dict and dict forms are read by the binding in one pass (no JSON tree,
    # no dict per party), the shares kept as two lists until asked for.
    out = bounded(
        f"""
        def run():
            s = datafee.split('123456789.01', {weights})
            shares = s.shares
            assert sum(shares.values()) == Decimal('123456789.01')
            return len(shares)
        attempt(run)
        """
    )
    assert out == {"outcome": "ok", "summary": "2000000"}, out


def test_item5_columnar_split_at_the_party_limit() -> None:
    # The columnar split (issue 12 item 2): 2,000,000 parties as Arrow columns, the shares an
    # Arrow table: inside the 2 GB address space and 10 CPU seconds, adding up to the cent.
    pytest.importorskip("pyarrow")
    out = bounded(
        """
        import pyarrow as pa, pyarrow.compute as pc
        n = 2_000_000
        weights = pa.array((i % 997 + 1 for i in range(n)), pa.int64())
        table = pa.table({"weight": weights})
        def run():
            s = datafee.split("123456789.01", table)
            total = pc.sum(s.table.column("share")).as_py()
            assert total == Decimal("123456789.01"), total
            return s.table.num_rows
        attempt(run)
        """
    )
    assert out["outcome"] == "ok" and out["summary"] == "2000000", out


def test_item5_rate_of_ten_million_records_is_refused_before_converting() -> None:
    out = bounded(
        """
        city = datafee.Scenario.from_dict(datafee.mini_city())
        n = 10_000_000
        usage = {"id": ["u"] * n, "customer": ["c"] * n, "product": ["credit"] * n, "scenario": ["finance"] * n,
                 "quantity": ["1"] * n, "time": ["2026-03-01"] * n}
        attempt(lambda: datafee.rate(city.tariff(2026), usage))
        """
    )
    typed(out, "limit_exceeded")


# -- item 7: the Python boundary -----------------------------------------------------------
@pytest.mark.parametrize(
    "value, code",
    [("Decimal('1e999999999')", "overflow"), ("Decimal('1e-999999999')", "out_of_range"), ("Decimal('9e999999999999999999')", "overflow")],
)
def test_item7_huge_exponents_are_refused_from_the_exponent(value: str, code: str) -> None:
    out = bounded(f"attempt(lambda: datafee.call('money.round', {{'value': {value}}}))")
    assert typed(out, code)["field"] == "value"


def test_item7_huge_ints() -> None:
    out = bounded("attempt(lambda: datafee.call('money.round', {'value': 10 ** 100000}))")
    assert typed(out, "overflow")["field"] == "value"
    out = bounded("attempt(lambda: datafee.call('sharing.shapley', {'game': {}, 'seed': 2 ** 70}))")
    assert typed(out, "out_of_range")["field"] == "seed"


@pytest.mark.parametrize(
    "build",
    [
        "d = {}\ncur = d\nfor _ in range(100000):\n    cur['a'] = {}\n    cur = cur['a']",
        "d = {}\nd['self'] = d",
        "d = []\nd.append(d)",
    ],
)
def test_item7_deep_and_cyclic_documents(build: str) -> None:
    out = bounded(build + "\nattempt(lambda: datafee.call('money.round', {'value': '1', 'x': d}))")
    typed(out, "parse")


def test_item7_deep_json_text() -> None:
    out = bounded("attempt(lambda: datafee.call_json('money.round', '[' * 1000000))")
    typed(out, "parse")
    out = bounded("attempt(lambda: datafee.Scenario.from_json('{\"a\":' * 100000))")
    typed(out, "parse")


def test_item7_lone_surrogates() -> None:
    out = bounded("attempt(lambda: datafee.call('money.round', {'value': '\\ud800'}))")
    assert typed(out, "parse")["field"] == "value"
    out = bounded("attempt(lambda: datafee.call('money.round', {'\\udc00': '1'}))")
    typed(out, "parse")
    out = bounded("attempt(lambda: datafee.call_json('money.round', '{\"value\": \"\\ud800\"}'))")
    assert typed(out, "parse")["field"] == "input_json"


def test_item7_bytes_and_other_types() -> None:
    for expr in ("b'1'", "bytearray(b'1')", "{1, 2}", "object()"):
        out = bounded(f"attempt(lambda: datafee.call('money.round', {{'value': {expr}}}))")
        assert out["outcome"] == "error" and out["cls"] == "InvalidTypeError" and out["field"] == "value", (expr, out)
    out = bounded("attempt(lambda: datafee.call('money.round', {b'value': '1'}))")
    assert out["cls"] == "InvalidTypeError", out
    out = bounded("attempt(lambda: datafee.call_json('money.round', b'{}'))")
    assert typed(out, "invalid")["field"] == "input_json"
    out = bounded("attempt(lambda: datafee.call_json(123, '{}'))")
    assert typed(out, "invalid")["field"] == "op"
    # Floats keep their documented TypeError.
    out = bounded("attempt(lambda: datafee.call('money.round', {'value': 0.1}))")
    assert out["outcome"] == "type_error", out


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero and /dev/urandom")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_item7_devices_are_read_with_a_size_limit(device: str) -> None:
    out = bounded(f"attempt(lambda: datafee.Scenario.load({device!r}))")
    assert typed(out, "limit_exceeded")["field"] == "document"


def test_item7_a_file_that_is_not_utf8(tmp_path: Any) -> None:
    p = tmp_path / "s.json"
    p.write_bytes(b'{"name": "\xff"}')
    out = bounded(f"attempt(lambda: datafee.Scenario.load({str(p)!r}))")
    typed(out, "parse")


# -- item 8: silent wrong figures ----------------------------------------------------------
def test_item8_ceil_of_a_tiny_value_to_a_unit_not_a_power_of_ten() -> None:
    out = bounded("attempt(lambda: str(datafee.call('money.round', {'value': '0.0000000000000000000000000001', 'rounding': {'unit': '3', 'mode': 'ceil'}})['result']))")
    assert out == {"outcome": "ok", "summary": "3"}


def test_item8_prior_year_out_of_range_is_refused() -> None:
    out = bounded(
        """
        city = datafee.mini_city()
        city["prior_period"] = [{"year": -2147483648, "mpr": "0", "actual_revenue": "1.00"}]
        attempt(lambda: datafee.call('chain.run', {'document': city}))
        """
    )
    typed(out, "out_of_range")


def test_item8_airport_with_many_distinct_costs() -> None:
    out = bounded("attempt(lambda: len(datafee.call('sharing.airport', {'costs': [{'id': f'p{i}', 'cost': str(i + 1)} for i in range(200)]})['shares']))")
    assert out["outcome"] == "ok", out


# -- item 9: documents read strictly ---------------------------------------------------------
def test_item9_unknown_top_level_fields_and_duplicate_keys() -> None:
    out = bounded("attempt(lambda: datafee.call('chain.run', {'document': datafee.mini_city(), 'bogus': 1}))")
    assert typed(out, "parse")["field"] == "bogus"
    out = bounded("attempt(lambda: datafee.call('chain.validate', {'document': datafee.mini_city(), 'bogus': 1}))")
    assert typed(out, "parse")["field"] == "bogus"
    out = bounded("""attempt(lambda: datafee.call_json('money.round', '{"value": "1", "value": "2"}'))""")
    assert typed(out, "parse")["field"] == "value"
    out = bounded(
        """
        from datafee._convert import encode_input
        text = json.dumps({"document": encode_input(datafee.mini_city())})
        text = text.replace('"first_year":', '"first_year": 2020, "first_year":', 1)
        attempt(lambda: datafee.call_json('chain.run', text))
        """
    )
    assert typed(out, "parse")["field"] == "document.first_year"


def test_item9_marker_text_in_an_unknown_field_does_not_change_the_code() -> None:
    out = bounded(
        """
        city = datafee.mini_city()
        city["datafee:decimal_not_string:7"] = 1
        attempt(lambda: datafee.call('chain.run', {'document': city}))
        """
    )
    typed(out, "parse")


# -- item 10: renders neutralise links, images, control and bidirectional characters ----------
def test_item10_markdown_renders_carry_no_live_link_image_or_hidden_character() -> None:
    out = bounded(
        r"""
        import re
        city = datafee.mini_city()
        city["catalog"]["products"][0]["name"] = "[x](javascript:alert(1)) ![](http://evil.example/p.png) a\u202egnp.exe\u2066b\u0007c\u200bd"
        city["catalog"]["scenarios"][0]["name"] = "![img](https://evil.example/i.png)"
        hidden = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
        def run():
            year = city["first_year"]
            texts = [datafee.call("disclosure.fee_list", {"document": city, "year": year, "format": "markdown"})["content"],
                     datafee.call("disclosure.annual_report", {"document": city, "year": year, "actual": [], "format": "markdown"})["content"]]
            assert "javascript:alert(1)" in texts[0], "the name is shown, escaped"
            for md in texts:
                assert "](" not in md.replace("\\]", ""), "a link survived"
                assert "![" not in md.replace("\\!", ""), "an image survived"
                assert not hidden.search(md), hidden.search(md)
            return len(texts)
        attempt(run)
        """
    )
    assert out == {"outcome": "ok", "summary": "2"}, out


def test_limits_are_set_in_the_child() -> None:
    out = bounded("import resource\nattempt(lambda: resource.getrlimit(resource.RLIMIT_AS)[0])")
    assert out["summary"] == str(MEMORY_BYTES)
