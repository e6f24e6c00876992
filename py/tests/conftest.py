"""Shared fixtures: where the repository's test data lives, and the example city."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Dict, Tuple, TypeVar

import pytest

#: The repository root (py/tests/conftest.py -> ../..).
REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"
CORE_ERRORS = REPO / "core" / "src" / "error.rs"
#: The bundled example city (27 products, illustrative figures).
CITY = REPO / "examples" / "city" / "scenario.toml"
#: The notebooks for regulators.
NOTEBOOKS = REPO / "examples" / "notebooks"


@pytest.fixture(scope="session")
def city_text() -> str:
    """The example city's TOML text."""
    return CITY.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def city_raw(city_text: str) -> Dict[str, Any]:
    """``chain.run`` on the example city through the generic ``datafee.call``: the reference."""
    import datafee

    return datafee.call("chain.run", {"toml": city_text})


@pytest.fixture(scope="session")
def city() -> Any:
    """The example city as a ``datafee.Scenario``, loaded from its file."""
    import datafee

    return datafee.Scenario.load(CITY)


T = TypeVar("T")


def ticks_during(call: Callable[[], T]) -> Tuple[T, int, float]:
    """Run ``call`` beside a ticker thread that sleeps 1 ms and counts, over and over; return
    ``call``'s result, how many times the ticker advanced during it, and its seconds. While a
    native call holds the GIL the ticker cannot take it back after a sleep, so its count stays
    at 0 to 2 (the edges); with the lock released it advances about once per millisecond."""
    import threading
    import time

    ticks = 0
    done = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            time.sleep(0.001)
            ticks += 1

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        time.sleep(0.02)
        before = ticks
        started = time.perf_counter()
        out = call()
        took = time.perf_counter() - started
        during = ticks - before
    finally:
        done.set()
        thread.join()
    return out, during, took
