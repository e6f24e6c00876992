"""Bulk rating (datafee.rate) against the engine's own operation on the same records.

Every figure compared here comes from the engine twice: through the native bulk path
(``_datafee.rate_columns``, the one ``datafee.rate`` uses) and through the generic
``rating.rate`` operation on the same records as a JSON document. Nothing is hard-coded.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import datafee
from datafee import _datafee
from datafee._tariff import tariff_json
from conftest import ticks_during

YEAR = 2026


@pytest.fixture(scope="module")
def tariff(city: Any) -> datafee.Tariff:
    """The example city's tariff of 2026 (p04/finance withheld: its fee breaks the cap)."""
    t: datafee.Tariff = city.tariff(YEAR)
    return t


@pytest.fixture(scope="module")
def records(city: Any) -> List[Dict[str, Any]]:
    """A seeded synthetic month of usage, with some records bad on purpose."""
    np = pytest.importorskip("numpy")
    pairs = [(r["product"], r["scenario"]) for r in city.run().caps(YEAR)]
    rng = np.random.default_rng(2026)
    n = 3000
    out: List[Dict[str, Any]] = []
    for i in range(n):
        product, scenario = pairs[int(rng.integers(0, len(pairs)))]
        day = datetime.date(YEAR, 3, 1) + datetime.timedelta(days=int(rng.integers(0, 31)))
        time_text = day.isoformat() if i % 3 else f"{day.isoformat()}T{int(rng.integers(0, 24)):02d}:15:00"
        rec = {
            "id": f"u{i:05d}",
            "customer": f"cust-{int(rng.integers(0, 40)):02d}",
            "product": product,
            "scenario": scenario,
            "quantity": str(int(rng.integers(1, 9))),
            "time": time_text,
        }
        bad = i % 150
        if bad == 1:
            rec["product"] = "p99"
        elif bad == 2:
            rec["quantity"] = "0"
        elif bad == 3:
            rec["time"] = "2025-12-31"
        elif bad == 4:
            rec["id"] = f"u{i - 1:05d}"
        elif bad == 5:
            rec["scenario"] = "nowhere"
        elif bad == 6:
            rec["customer"] = ""
        out.append(rec)
    return out


@pytest.fixture(scope="module")
def frame(records: List[Dict[str, Any]]) -> Any:
    """The records as a DataFrame: quantity an int64 column, the rest text."""
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(records)
    df["quantity"] = df["quantity"].astype("int64")
    return df


def reference(tariff: datafee.Tariff, records: List[Dict[str, Any]], **options: Any) -> Dict[str, Any]:
    """``rating.rate`` on the same records, as the engine's JSON (no conversion)."""
    document = {"tariff": json.loads(tariff.to_json()), "records": records, **options}
    result: Dict[str, Any] = json.loads(datafee.call_json("rating.rate", json.dumps(document)))
    return result


def native(tariff: datafee.Tariff, records: List[Dict[str, Any]], keep: bool = False, explain: bool = True) -> Dict[str, Any]:
    ids, customers, products, scenarios, quantities, times = ([str(r[k]) for r in records] for k in ("id", "customer", "product", "scenario", "quantity", "time"))
    text = _datafee.rate_columns(tariff_json(tariff), ids, customers, products, scenarios, quantities, times, keep, explain)
    result: Dict[str, Any] = json.loads(text)
    return result


# -- the same figures as rating.rate -----------------------------------------------------------
def test_native_result_is_rating_rate(tariff: datafee.Tariff, records: List[Dict[str, Any]]) -> None:
    got = native(tariff, records)
    assert got["rating"] == reference(tariff, records)
    assert got["rating"]["rejected"] > 0 and got["rating"]["free"] > 0 and got["rating"]["charged"] > 0


def test_native_keep_records_and_explain_options(tariff: datafee.Tariff, records: List[Dict[str, Any]]) -> None:
    got = native(tariff, records, keep=True, explain=False)
    assert got["rating"] == reference(tariff, records, keep_records=True, explain=False)
    assert len(got["rating"]["records"]) == len(records)


def test_dataframe_rating_equals_call(tariff: datafee.Tariff, records: List[Dict[str, Any]], frame: Any) -> None:
    rating = datafee.rate(tariff, frame)
    expected = datafee.call("rating.rate", {"tariff": tariff.to_dict(), "records": records})
    # A rejection's value stays the engine's text in a Rating (a quantity "0" is not a Decimal).
    for r in expected["rejected_records"]:
        r["value"] = format(r["value"], "f") if isinstance(r["value"], Decimal) else r["value"]
    assert rating.raw == expected
    assert rating.records_in == len(records) == rating.rated + rating.rejected
    assert rating.rated == rating.charged + rating.free


def test_every_usage_form_gives_the_same_rating(tariff: datafee.Tariff, records: List[Dict[str, Any]], frame: Any) -> None:
    expected = datafee.rate(tariff, records).raw
    columns = {k: [r[k] for r in records] for k in records[0]}
    decimals = frame.assign(quantity=[Decimal(q) for q in frame["quantity"].astype(str)])
    strings = frame.assign(quantity=frame["quantity"].astype(str))
    for usage in (frame, columns, iter(records), decimals, strings):
        assert datafee.rate(tariff, usage).raw == expected
    # datetime64 times: a rejected record's time reads 2025-12-31T00:00:00 instead of 2025-12-31
    pd = pytest.importorskip("pandas")
    times = datafee.rate(tariff, frame.assign(time=pd.to_datetime(frame["time"], format="ISO8601"))).raw
    assert {k: v for k, v in times.items() if k != "rejected_records"} == {k: v for k, v in expected.items() if k != "rejected_records"}
    assert datafee.rate(tariff.to_dict(), records).raw == expected
    assert datafee.rate(tariff.to_json(), records).raw == expected


def test_pyarrow_table_and_record_batch(tariff: datafee.Tariff, records: List[Dict[str, Any]], frame: Any) -> None:
    pa = pytest.importorskip("pyarrow")
    expected = datafee.rate(tariff, frame).raw
    table = pa.Table.from_pandas(frame, preserve_index=False)
    assert datafee.rate(tariff, table).raw == expected
    assert datafee.rate(tariff, table.combine_chunks().to_batches()[0]).raw == expected
    decimals = table.set_column(
        table.schema.get_field_index("quantity"), "quantity", pa.array([Decimal(str(q)) for q in frame["quantity"]], pa.decimal128(12, 0))
    )
    assert datafee.rate(tariff, decimals).raw == expected
    doubles = table.set_column(table.schema.get_field_index("quantity"), "quantity", pa.array([float(q) for q in frame["quantity"]]))
    with pytest.raises(TypeError, match="float dtype double"):
        datafee.rate(tariff, doubles)


def test_keep_records_table(tariff: datafee.Tariff, records: List[Dict[str, Any]], frame: Any) -> None:
    rating = datafee.rate(tariff, frame, keep_records=True)
    assert rating.records is not None and len(rating.records) == len(records)
    assert rating.records.column("id") == [r["id"] for r in records]
    assert datafee.rate(tariff, frame).records is None


# -- floats and malformed values ------------------------------------------------------------------
def test_float_quantity_column_refused(tariff: datafee.Tariff, frame: Any) -> None:
    with pytest.raises(TypeError, match=r"'quantity' has the float dtype float64: .*Decimal"):
        datafee.rate(tariff, frame.assign(quantity=frame["quantity"].astype("float64")))
    mixed = frame.assign(quantity=frame["quantity"].astype(object))
    mixed.loc[7, "quantity"] = 2.5
    with pytest.raises(TypeError, match=r"records\[7\].quantity: got the float 2.5; use Decimal\('2.5'\)"):
        datafee.rate(tariff, mixed)
    with pytest.raises(TypeError, match=r"records\[0\].quantity: got the float"):
        datafee.rate(tariff, [{"id": "a", "customer": "c", "product": "p01", "scenario": "finance", "quantity": 1.0, "time": "2026-03-01"}])
    np = pytest.importorskip("numpy")
    with pytest.raises(TypeError, match="float dtype"):
        datafee.rate(tariff, {"id": ["a"], "customer": ["c"], "product": ["p01"], "scenario": ["finance"], "quantity": np.array([1.0]), "time": ["2026-03-01"]})
    with pytest.raises(TypeError, match=r"records\[0\].id: got the float"):
        datafee.rate(tariff, [{"id": 1.0, "customer": "c", "product": "p01", "scenario": "finance", "quantity": 1, "time": "2026-03-01"}])


def test_malformed_quantity_and_time_refuse_the_batch_as_rating_rate_does(tariff: datafee.Tariff, records: List[Dict[str, Any]]) -> None:
    for key, value in (("quantity", "1,5"), ("time", "2026-03-01 10:00"), ("time", "2026-02-30")):
        bad = [dict(r) for r in records[:20]]
        bad[11][key] = value
        with pytest.raises(datafee.DatafeeError) as via_op:
            datafee.call("rating.rate", {"tariff": tariff.to_dict(), "records": bad})
        with pytest.raises(datafee.DatafeeError) as via_rate:
            datafee.rate(tariff, bad)
        for attr in ("code", "field", "value"):
            assert getattr(via_rate.value, attr) == getattr(via_op.value, attr), (key, value, attr)
        assert via_rate.value.field == f"records[11].{key}"


def test_tariff_errors_are_named_under_tariff(tariff: datafee.Tariff, records: List[Dict[str, Any]]) -> None:
    doc = tariff.to_dict()
    doc["fees"][0]["cap"] = Decimal("0.01")
    with pytest.raises(datafee.CapExceededError) as via_rate:
        datafee.rate(doc, records)
    with pytest.raises(datafee.CapExceededError) as via_op:
        datafee.call("rating.rate", {"tariff": doc, "records": records})
    assert via_rate.value.field == via_op.value.field == "tariff.fees[0].schedule.price"


def test_missing_values(tariff: datafee.Tariff, frame: Any) -> None:
    with pytest.raises(datafee.MissingError) as e:
        datafee.rate(tariff, frame.drop(columns=["time"]))
    assert e.value.field == "records.time"
    pd = pytest.importorskip("pandas")
    with pytest.raises(datafee.MissingError) as e:
        datafee.rate(tariff, frame.assign(quantity=pd.array([None] + [1] * (len(frame) - 1), dtype="Int64")))
    assert e.value.field == "records[0].quantity"
    no_ids = datafee.rate(tariff, frame.assign(id=[None] * len(frame)))
    assert no_ids.rejections_by_reason["missing_id"] == len(frame)
    with pytest.raises(datafee.MissingError, match=r"records\[1\].customer"):
        datafee.rate(tariff, [{"id": "a", "customer": "c", "product": "p", "scenario": "s", "quantity": 1, "time": "2026-01-01"}, {"id": "b"}])


def test_times_and_zones(tariff: datafee.Tariff) -> None:
    base = {"id": "a", "customer": "c", "product": "p01", "scenario": "finance", "quantity": 1}
    rating = datafee.rate(tariff, [{**base, "time": datetime.datetime(2026, 3, 1, 10, 5, 7, 999)}], keep_records=True)
    assert rating.records is not None and rating.records.column("time") == ["2026-03-01T10:05:07"]
    aware = datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    with pytest.raises(TypeError, match="time zone"):
        datafee.rate(tariff, [{**base, "time": aware}])
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{**base, "time": pd.Timestamp("2026-03-01 10:00", tz="Asia/Shanghai")}])
    with pytest.raises(TypeError, match="timezone-aware"):
        datafee.rate(tariff, frame)


def test_usage_shape_errors(tariff: datafee.Tariff) -> None:
    with pytest.raises(TypeError, match="usage is a pandas DataFrame"):
        datafee.rate(tariff, "records.csv")
    with pytest.raises(TypeError, match=r"records\[0\]: a usage record is a dict"):
        datafee.rate(tariff, [("a", "c")])
    with pytest.raises(datafee.InvalidInputError, match="differ in length"):
        datafee.rate(tariff, {"id": ["a", "b"], "customer": ["c"], "product": ["p"], "scenario": ["s"], "quantity": [1], "time": ["2026-01-01"]})
    with pytest.raises(TypeError, match="a tariff is a datafee.Tariff"):
        datafee.rate(42, [])  # type: ignore[arg-type]


def test_native_refuses_columns_of_different_lengths(tariff: datafee.Tariff) -> None:
    with pytest.raises(datafee.InvalidInputError) as e:
        _datafee.rate_columns(tariff.to_json(), ["a", "b"], ["c", "c"], ["p01"], ["finance", "finance"], ["1", "1"], ["2026-01-01"] * 2)
    assert e.value.field == "records.product"


# -- the Rating object -------------------------------------------------------------------------------
def test_rating_tables(tariff: datafee.Tariff, frame: Any) -> None:
    rating = datafee.rate(tariff, frame)
    raw = rating.raw
    lines = [dict(line, customer=inv["customer"]) for inv in raw["invoices"] for line in inv["lines"]]
    assert len(rating.invoices) == len(lines) == rating.totals["lines"]
    assert rating.invoices.column("amount") == [line["amount"] for line in lines]
    assert sum(rating.invoices.column("amount")) == rating.totals["lines_total"]
    assert rating.invoice_totals.column("total") == [inv["total"] for inv in raw["invoices"]]
    assert rating.products.column("revenue") == [p["revenue"] for p in raw["products"]]
    assert len(rating.rejections) == rating.rejected and rating.rejected_records_omitted == 0
    assert set(rating.rejections.column("reason")) == {k for k, v in rating.rejections_by_reason.items() if v}
    assert all(isinstance(v, str) for v in rating.rejections.column("value"))
    assert rating.explanation.id == "rating.totals"
    assert rating.period == ("2026-01-01", "2027-01-01")
    pandas_lines = rating.invoices.to_pandas()
    assert pandas_lines["amount"].dtype == object and isinstance(pandas_lines["amount"].iloc[0], Decimal)
    text = repr(rating)
    assert f"{rating.records_in} records in = {rating.rated} rated" in text and "rejected: " in text
    assert "<p>Rating [2026-01-01, 2027-01-01)" in rating._repr_html_()


def test_actual_lines_follow_the_invoice_lines(tariff: datafee.Tariff, records: List[Dict[str, Any]], frame: Any) -> None:
    """ActualLine::from_rating: per (product, scenario) in first-seen order, volume = billed
    quantity or quantity, revenue = Σ amount (prices here are without VAT)."""
    rating = datafee.rate(tariff, frame)
    expected: Dict[Any, Dict[str, Any]] = {}
    for inv in datafee.call("rating.rate", {"tariff": tariff.to_dict(), "records": records})["invoices"]:
        for line in inv["lines"]:
            a = expected.setdefault((line["product"], line["scenario"]), {"product": line["product"], "scenario": line["scenario"], "volume": Decimal(0), "revenue": Decimal(0)})
            a["volume"] += line.get("billed_quantity") or line["quantity"]
            a["revenue"] += line["amount"]
    assert rating.actual() == list(expected.values())
    assert tariff.to_dict()["prices_include_vat"] is False


# -- the tariff ---------------------------------------------------------------------------------------
def test_scenario_tariff_is_chain_tariff(city: Any, city_text: str, tariff: datafee.Tariff) -> None:
    expected = datafee.call("chain.tariff", {"toml": city_text, "year": YEAR})
    assert tariff.to_dict() == expected["tariff"]
    assert tariff.withheld.rows == expected["withheld"]
    assert [(w["product"], w["scenario"]) for w in tariff.withheld] == [("p04", "finance")]
    assert tariff.fees.column("cap") == [f["cap"] for f in expected["tariff"]["fees"]]
    assert tariff.year == YEAR and tariff.period == ("2026-01-01", "2027-01-01")
    assert "1 withheld: p04/finance" in repr(tariff) and "<table" in tariff._repr_html_()
    tariff.validate()
    assert datafee.Tariff.from_json(tariff.to_json()) == tariff == datafee.Tariff.from_dict(tariff.to_dict())
    with pytest.raises(datafee.OutOfRangeError) as e:
        city.tariff(2035)
    assert e.value.field == "year"


def test_tariff_refuses_floats_and_bad_documents(tariff: datafee.Tariff) -> None:
    doc = tariff.to_dict()
    doc["vat_rate"] = 0.06
    with pytest.raises(TypeError, match=r"tariff.vat_rate: got the float 0.06"):
        datafee.Tariff.from_dict(doc)
    doc["vat_rate"] = "1.5"
    with pytest.raises(datafee.OutOfRangeError) as e:
        datafee.Tariff.from_dict(doc).validate()
    assert e.value.field == "tariff.vat_rate"


# -- the interpreter lock ----------------------------------------------------------------------------
def test_gil_released_while_rating(tariff: datafee.Tariff) -> None:
    """Another Python thread runs while the engine rates.

    A ticker thread sleeps 1 ms and counts, over and over. While a native call holds the
    GIL the ticker cannot take it back after a sleep, so its count cannot advance (an
    extension that does not release the lock would show 0 to 2 ticks over the whole call,
    counting the edges); with the lock released it advances about once per millisecond.
    The rating takes a few hundred milliseconds, so 10 ticks is a wide margin either way.
    """
    n = 300_000
    ids = [f"u{i}" for i in range(n)]
    text = tariff.to_json()
    out, during, took = ticks_during(lambda: _datafee.rate_columns(text, ids, ["bank"] * n, ["p01"] * n, ["finance"] * n, ["1"] * n, ["2026-03-01"] * n))
    assert json.loads(out)["rating"]["charged"] == n
    assert during >= 10, f"the ticker advanced {during} times during a {took:.3f} s rating"


def test_rating_counts_do_not_decode_the_whole_result() -> None:
    """The counts of a large rating are read without decoding every invoice to ``Decimal``;
    ``raw`` decodes once, on first use (item 2's 200,000 invoices: ~4 s of Python saved)."""
    city = datafee.Scenario.from_dict(datafee.mini_city())
    usage = {"id": ["a", "b", "b"], "customer": ["c1", "c2", "c2"], "product": ["credit"] * 3,
             "scenario": ["finance"] * 3, "quantity": ["1", "2", "2"], "time": ["2026-03-01"] * 3}
    r = datafee.rate(city.tariff(2026), usage)
    assert (r.records_in, r.rated, r.rejected, r.rejections_by_reason["duplicate_id"]) == (3, 2, 1, 1)
    assert r._decoded is None
    total = r.raw["totals"]["total"]
    assert isinstance(total, Decimal) and r._decoded is not None and r.raw is r.raw
