"""Shared fixtures: where the repository's test data lives."""

from __future__ import annotations

from pathlib import Path

#: The repository root (py/tests/conftest.py -> ../..).
REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"
CORE_ERRORS = REPO / "core" / "src" / "error.rs"
