#!/usr/bin/env python3
"""Seed corpora and a dictionary for the fuzz targets, from the golden vectors.

Writes ``fuzz/seeds/<target>/<n>`` files and ``fuzz/seeds/json.dict`` (libFuzzer's
dictionary format) from every case of ``tests/vectors/*.json`` and the example city:

- ``api_call``: ``"<op>\\n<input JSON>"`` for every case (the target's input format);
- ``scenario_doc``: every ``input.document`` of the chain vectors, and the example city
  (``examples/city/scenario.toml`` read with ``tomllib``) as JSON;
- ``schedule``: the input of every ``schedule.*`` case (the target's JSON form);
- ``sharing``, ``rating_columns``, ``disclosure``: the input of every ``sharing.*`` /
  ``rating.*`` / ``disclosure.*`` case (read as raw bytes by those structured targets: they
  only diversify their start);
- every file of ``fuzz/findings/`` (an input that once failed a target, named
  ``<target>-<what>``) into its target's seeds;
- ``json.dict``: JSON punctuation, every object key and every short string value.
"""

from __future__ import annotations

import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "seeds")
TARGETS = ("api_call", "scenario_doc", "schedule", "sharing", "rating_columns", "disclosure")


def walk(v, keys: set, strings: set) -> None:
    if isinstance(v, dict):
        for k, x in v.items():
            keys.add(k)
            walk(x, keys, strings)
    elif isinstance(v, list):
        for x in v:
            walk(x, keys, strings)
    elif isinstance(v, str) and 0 < len(v) <= 24:
        strings.add(v)


def main() -> int:
    seeds = {t: [] for t in TARGETS}
    keys: set = set()
    strings: set = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for case in doc.get("cases", []):
            op, inp = case.get("op", ""), case.get("input")
            walk(inp, keys, strings)
            strings.add(op)
            text = json.dumps(inp, ensure_ascii=False, separators=(",", ":"))
            seeds["api_call"].append(f"{op}\n{text}")
            if op.startswith("schedule."):
                seeds["schedule"].append(text)
            if op.startswith("sharing."):
                seeds["sharing"].append(text)
            if op.startswith("rating."):
                seeds["rating_columns"].append(text)
            if op.startswith("disclosure."):
                seeds["disclosure"].append(text)
            if isinstance(inp, dict) and isinstance(inp.get("document"), dict):
                seeds["scenario_doc"].append(json.dumps(inp["document"], ensure_ascii=False))
    try:
        import tomllib

        with open(os.path.join(ROOT, "examples", "city", "scenario.toml"), "rb") as f:
            city = tomllib.load(f)
        walk(city, keys, strings)
        seeds["scenario_doc"].append(json.dumps(city, ensure_ascii=False))
    except ImportError:  # Python < 3.11: the chain vectors' documents still seed it
        pass
    # Inputs that once failed a target (fuzz/findings/<target>-<what>) seed it too.
    findings = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "fuzz", "findings", "*"))):
        name = os.path.basename(path)
        target = name.split("-", 1)[0]
        if target in seeds:
            with open(path, "rb") as f:
                findings.setdefault(target, []).append((name, f.read()))
    for t, items in seeds.items():
        d = os.path.join(OUT, t)
        os.makedirs(d, exist_ok=True)
        for old in glob.glob(os.path.join(d, "*")):
            os.remove(old)
        for i, s in enumerate(dict.fromkeys(items)):
            with open(os.path.join(d, f"v{i:04d}"), "w", encoding="utf-8") as f:
                f.write(s)
        for name, data in findings.get(t, []):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
    tokens = ["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", "-", ".", "0", "1e3"]
    tokens += [f'"{k}":' for k in sorted(keys)] + [json.dumps(s, ensure_ascii=False) for s in sorted(strings)]
    with open(os.path.join(OUT, "json.dict"), "w", encoding="utf-8") as f:
        for t in dict.fromkeys(tokens):
            esc = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "\\x%02x" % ord(c) if ord(c) < 128 else "".join("\\x%02x" % b for b in c.encode()) for c in t)
            f.write(f'"{esc}"\n')
    print(" ".join(f"{t}:{len(set(seeds[t]))}" for t in TARGETS), f"dict:{len(dict.fromkeys(tokens))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
