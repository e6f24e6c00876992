"""The conversion tables of datafee._convert agree with the engine's own field types.

The Python layer has no schema: it decides by key which output strings are decimals and
which input ints stay JSON numbers. This test reads the engine's Rust sources
(core/src/**/*.rs) and checks, for every struct field it finds:

- a decimal field (``Decimal``, ``Amount``, ``UnitPrice``, ``Rate``, ``Quantity``) is not
  under a textual key, so it comes back as ``Decimal``;
- an integer field (``i32``, ``u64``, ...) of an input (a ``Deserialize`` item) is in
  ``INTEGER_KEYS``, so a Python ``int`` is sent as the number it requires;
- a string field of a result (a ``Serialize`` item) is under a textual key (it stays
  ``str`` even when it looks like a number), unless it is one of ``NUMERIC_TEXT``: string
  fields that carry numbers as text.

Only fields of items that derive serde's traits count; the parser is line-based and
expects rustfmt-like layout (one field per line).

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
NUMERIC_TEXT = {"value", "result", "unit", "inputs", "values", "scale"}

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


ITEM = re.compile(r"^\s*(?:pub(?:\([a-z]+\))?\s+)?(?:struct|enum)\s+\w+[^;(]*\{")


def serde_fields(path: Path) -> List[Tuple[str, str, Set[str], int]]:
    """(json key, Rust type, derived serde traits, line) of the fields of serde-derived items.

    Only structs and enums with ``#[derive(... Serialize / Deserialize ...)]`` count: private
    helper structs, function parameters and locals are not document fields.
    """
    out: List[Tuple[str, str, Set[str], int]] = []
    pending: Set[str] = set()
    derives: Set[str] = set()
    depth = 0
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, raw in enumerate(lines):
        line = raw.strip()
        if depth == 0:
            if line.startswith("#[derive("):
                pending |= {t for t in ("Serialize", "Deserialize") if re.search(rf"\b{t}\b", line)}
            elif ITEM.match(raw) and pending:
                derives, pending = pending, set()
                depth = raw.count("{") - raw.count("}")
            elif not (line.startswith("#[") or line.startswith("///") or line.startswith("//") or not line):
                pending = set()
            continue
        if line.startswith("//"):
            continue
        m = FIELD.match(raw)
        if m:
            name = m.group(1)
            for back in range(i - 1, max(i - 4, -1), -1):
                prev = lines[back].strip()
                if not prev.startswith(("#[", "///")):
                    break
                r = RENAME.search(prev)
                if r:
                    name = r.group(1)
            out.append((name, base_type(m.group(2)), derives, i + 1))
        depth += raw.count("{") - raw.count("}")
    return out


def engine_fields() -> Dict[str, Set[Tuple[str, str]]]:
    """kind -> {(json key, "file:line")}; kinds: "decimal" and "string" fields of serialized
    items (results), "integer" fields of deserialized items (inputs)."""
    found: Dict[str, Set[Tuple[str, str]]] = {"decimal": set(), "integer": set(), "string": set()}
    for path in sorted((REPO / "core" / "src").rglob("*.rs")):
        if path.name in SKIP_FILES:
            continue
        for name, ty, derives, line in serde_fields(path):
            where = f"{path.relative_to(REPO)}:{line}"
            if ty in DECIMAL_TYPES and derives:
                found["decimal"].add((name, where))
            elif ty in INTEGER_TYPES and "Deserialize" in derives:
                found["integer"].add((name, where))
            elif ty == "String" and "Serialize" in derives:
                found["string"].add((name, where))
    return found


FIELDS = engine_fields()


def test_parser_sees_the_engine() -> None:
    assert ("unit", "core/src/money.rs") in {(k, w.split(":")[0]) for k, w in FIELDS["decimal"]}
    assert any(k == "year" for k, _ in FIELDS["integer"])
    assert any(k == "product" for k, _ in FIELDS["string"])
    assert base_type("Option<Vec<Amount>>") == "Amount" and base_type("HashMap<String, Decimal>") == "Decimal"


def test_parser_only_reads_serde_items(tmp_path: Path) -> None:
    src = tmp_path / "x.rs"
    src.write_text(
        "#[derive(Debug, Deserialize)]\n#[serde(deny_unknown_fields)]\npub struct In {\n"
        "    /// doc\n    #[serde(rename = \"from\")]\n    pub start: Quantity,\n    pub year: i32,\n"
        "    pub kind: Kind,\n}\n\nstruct Private {\n    n: usize,\n}\n\n"
        "#[derive(Serialize)]\nenum Out {\n    A { id: String, amount: Amount },\n    B {\n        label: String,\n    },\n}\n"
        "fn f(\n    count: u32,\n) {}\n",
        encoding="utf-8",
    )
    got = [(n, t, sorted(d)) for n, t, d, _ in serde_fields(src)]
    assert got == [
        ("from", "Quantity", ["Deserialize"]),
        ("year", "i32", ["Deserialize"]),
        ("kind", "Kind", ["Deserialize"]),
        ("label", "String", ["Serialize"]),
    ]


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
