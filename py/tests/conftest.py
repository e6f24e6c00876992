"""Shared fixtures: where the repository's test data lives, and the example city."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

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
