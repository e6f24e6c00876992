"""The conversion tables of datafee._convert agree with the engine's own field types.

The key tables come from the engine's Rust types: ``cargo run -p datafee-schema`` writes the
JSON Schemas of every operation (``schema/*.schema.json``) and, from them,
``datafee/_schema_keys.py``; ``datafee-schema --check`` in the README's test command fails when
the generated files are stale. These tests check what the converter makes of those tables:

- a key under which some result holds a decimal is not textual, so its strings come back as
  ``Decimal`` (the hand-kept :data:`datafee._convert._UNTYPED_TEXT_KEYS` and the suffix rule
  cannot shadow one);
- every key under which some input holds an integer is in ``INTEGER_KEYS``, so a Python
  ``int`` is sent as the number it requires, and no such key also holds a decimal;
- every key under which results hold text only is textual;
- the tables name the engine's operations and error codes as the installed engine does.
"""

from __future__ import annotations

import json

import datafee
from datafee import is_text_key
from datafee import _schema_keys as keys
from datafee._convert import INTEGER_KEYS, _UNTYPED_TEXT_KEYS
from conftest import REPO


def test_decimal_keys_are_decoded_as_decimal() -> None:
    bad = sorted(k for k in keys.OUTPUT_DECIMAL_KEYS if is_text_key(k))
    assert not bad, "decimal keys treated as text: " + ", ".join(bad)


def test_untyped_text_keys_hold_no_decimal() -> None:
    assert not (_UNTYPED_TEXT_KEYS & (keys.OUTPUT_DECIMAL_KEYS | keys.INPUT_DECIMAL_KEYS))


def test_integer_keys_are_sent_as_numbers() -> None:
    assert keys.INPUT_INTEGER_KEYS <= INTEGER_KEYS
    assert "year" in INTEGER_KEYS and "seed" in INTEGER_KEYS


def test_no_key_is_both_integer_and_decimal() -> None:
    both = INTEGER_KEYS & (keys.INPUT_DECIMAL_KEYS | keys.OUTPUT_DECIMAL_KEYS)
    assert not both, both


def test_text_keys_stay_text() -> None:
    bad = sorted(k for k in keys.OUTPUT_TEXT_ONLY_KEYS if not is_text_key(k))
    assert not bad, bad
    assert is_text_key("product") and is_text_key("scenario") and not is_text_key("cap")


def test_tables_match_the_engine() -> None:
    assert tuple(sorted(datafee.operations())) == tuple(sorted(keys.OPERATIONS))
    assert "internal" in keys.ERROR_CODES and "unknown_operation" in keys.ERROR_CODES


def test_tables_match_the_committed_schemas() -> None:
    """The generated Python tables and the committed JSON Schemas are one generation."""
    schema = json.loads((REPO / "schema" / "input.schema.json").read_text(encoding="utf-8"))
    assert set(schema["operations"]) == set(keys.OPERATIONS)
