"""The conversion tables of datafee._convert agree with the engine's own field types.

The Python layer has no schema: it decides by key which output strings are decimals and
which input ints stay JSON numbers. This test reads the engine's Rust sources
(core/src/**/*.rs) and checks, for every struct field it finds:

- a decimal field (``Decimal``, ``Amount``, ``UnitPrice``, ``Rate``, ``Quantity``) is not
  under a textual key, so it comes back as ``Decimal``;
- an integer field (``i32``, ``u64``, ...) is in ``INTEGER_KEYS``, so a Python ``int`` is
  sent as the number it requires;
- a string field is under a textual key (it stays ``str`` even when it looks like a
  number), unless it is one of ``NUMERIC_TEXT``: string fields that carry numbers as text.

Errors (error.rs) never appear in result documents, and working papers (explain.rs) stay
text as a whole, so those two files are not checked. When this test fails after a new
field lands in the engine, add its key to ``TEXT_KEYS`` or ``INTEGER_KEYS`` in
py/python/datafee/_convert.py (or rename the field).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Set, Tuple

from datafee import is_text_key
from datafee._convert import INTEGER_KEYS
from conftest import REPO

SKIP_FILES = {"error.rs", "explain.rs"}
#: String fields that hold numbers as text, or text that never looks like a number.
NUMERIC_TEXT = {"value", "result", "unit"}

DECIMAL_TYPES = {"Decimal", "rust_decimal::Decimal", "Amount", "UnitPrice", "Rate", "Quantity"}
INTEGER_TYPES = {"i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "isize"}
FIELD = re.compile(r"^\s*(?:pub(?:\([a-z]+\))?\s+)?(?:r#)?([a-z_][a-z0-9_]*)\s*:\s*([^=;{}()]+?),?\s*(?://.*)?$")
RENAME = re.compile(r'#\[serde\([^\]]*\brename\s*=\s*"([^"]+)"')


def base_type(ty: str) -> str:
    ty = ty.strip().replace("&'a ", "")
    while True:
        m = re.match(r"^(?:Option|Vec|Box)<(.*)>$", ty) or re.match(r"^(?:BTreeMap|HashMap)<String,\s*(.*)>$", ty)
        if not m:
            return ty
        ty = m.group(1).strip()


def engine_fields() -> Dict[str, Set[Tuple[str, str]]]:
    """kind ("decimal" | "integer" | "string") -> {(json key, "file:line")}."""
    found: Dict[str, Set[Tuple[str, str]]] = {"decimal": set(), "integer": set(), "string": set()}
    for path in sorted((REPO / "core" / "src").rglob("*.rs")):
        if path.name in SKIP_FILES:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = FIELD.match(line)
            if not m:
                continue
            name, ty = m.group(1), base_type(m.group(2))
            kind = "decimal" if ty in DECIMAL_TYPES else "integer" if ty in INTEGER_TYPES else "string" if ty == "String" else None
            if kind is None:
                continue
            rename = RENAME.search(lines[i - 1]) if i else None
            where = f"{path.relative_to(REPO)}:{i + 1}"
            found[kind].add((rename.group(1) if rename else name, where))
    return found


FIELDS = engine_fields()


def test_parser_sees_the_engine() -> None:
    assert ("unit", "core/src/money.rs") in {(k, w.split(":")[0]) for k, w in FIELDS["decimal"]}
    assert any(k == "year" for k, _ in FIELDS["integer"])
    assert any(k == "product" for k, _ in FIELDS["string"])
    assert base_type("Option<Vec<Amount>>") == "Amount" and base_type("HashMap<String, Decimal>") == "Decimal"


def test_decimal_fields_are_decoded_as_decimal() -> None:
    bad: List[str] = [f"{k} ({w})" for k, w in sorted(FIELDS["decimal"]) if is_text_key(k)]
    assert not bad, "decimal fields under textual keys: " + ", ".join(bad)


def test_integer_fields_are_sent_as_numbers() -> None:
    bad: List[str] = [f"{k} ({w})" for k, w in sorted(FIELDS["integer"]) if k not in INTEGER_KEYS]
    assert not bad, "integer fields missing from INTEGER_KEYS: " + ", ".join(bad)


def test_string_fields_stay_text() -> None:
    bad: List[str] = [
        f"{k} ({w})" for k, w in sorted(FIELDS["string"]) if not is_text_key(k) and k not in NUMERIC_TEXT
    ]
    assert not bad, "string fields not under a textual key: " + ", ".join(bad)


def test_no_key_is_both_integer_and_decimal() -> None:
    both = {k for k, _ in FIELDS["integer"]} & {k for k, _ in FIELDS["decimal"]}
    assert not both, both


def test_repo_found() -> None:
    assert isinstance(REPO, Path) and (REPO / "core" / "src" / "api.rs").is_file()
