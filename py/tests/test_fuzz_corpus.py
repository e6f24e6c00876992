"""The fuzz campaign's corpus replayed through the Python binding (issue 15: "no panic is
reachable from either binding on the fuzz corpus").

The ``api_call`` target's inputs are what a binding receives: an operation name, a newline and
a JSON text (``fuzz/src/lib.rs``), so each is given to :func:`datafee.call_json` as is. The
``scenario_doc`` target's inputs are scenario documents: each goes to ``chain.figures`` and
``chain.validate`` as the ``document`` member (a text that is not JSON is a ``parse`` error,
as it should be). Every answer must be a result or a :class:`datafee.DatafeeError` other than
``InternalError`` (a caught panic), and the module keeps answering. The corpora are the
committed, minimised ones (``fuzz/campaign/<target>.tar.gz``); ``wasm/tests/corpus.test.mjs``
replays the same inputs through Node.
"""

from __future__ import annotations

import tarfile
from decimal import Decimal
from typing import Iterator, List, Tuple

import pytest
from conftest import REPO

import datafee

CAMPAIGN = REPO / "fuzz" / "campaign"


def corpus(target: str) -> List[bytes]:
    """The inputs of ``fuzz/campaign/<target>.tar.gz``, in name order."""
    # Streamed ("r|gz"): random access into a gzip stream would re-read it for every member.
    out = []
    with tarfile.open(CAMPAIGN / f"{target}.tar.gz", "r|gz") as tar:
        for m in tar:
            f = tar.extractfile(m) if m.isfile() else None
            if f is not None:
                out.append((m.name, f.read()))
    return [data for _, data in sorted(out)]


def api_calls() -> Iterator[Tuple[str, str]]:
    """``(op, json_text)`` of every UTF-8 ``api_call`` input (the harness skips the rest too)."""
    for data in corpus("api_call"):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        op, _, rest = text.partition("\n")
        yield op, rest if _ else "null"


def answered(op: str, text: str) -> str:
    """``ok`` or the error code; fails on an internal error or any other exception."""
    try:
        datafee.call_json(op, text)
    except datafee.InternalError as e:  # pragma: no cover - a finding
        pytest.fail(f"internal error (a panic) on {op}: {e}\ninput: {text[:500]!r}")
    except datafee.DatafeeError as e:
        return e.code
    return "ok"


def test_the_api_call_corpus_through_call_json() -> None:
    outcomes = {}
    n = 0
    for op, text in api_calls():
        code = answered(op, text)
        outcomes[code] = outcomes.get(code, 0) + 1
        n += 1
    # The corpus is the campaign's (thousands of inputs); it reaches results as well as errors.
    assert n > 1000, n
    assert outcomes.get("ok", 0) > 100 and len(outcomes) > 5, outcomes
    assert datafee.call("money.round", {"value": "2.345"})["result"] == Decimal("2.35")


def test_the_scenario_doc_corpus_through_chain_figures_and_validate() -> None:
    outcomes = {}
    for data in corpus("scenario_doc"):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        for op in ("chain.figures", "chain.validate"):
            code = answered(op, '{"document": %s}' % text)
            outcomes[code] = outcomes.get(code, 0) + 1
    assert outcomes.get("ok", 0) > 100, outcomes
    assert datafee.call("money.round", {"value": "2.345"})["result"] == Decimal("2.35")
