"""Controlled vocabularies, kept as data (CSV files beside this module) in English and Spanish.

Each file has a ``code`` column; list-valued cells are ';'-separated; ``true``/``false``
cells become booleans. Code is generic over the files: adding a violation type, a rank or
a nickname is an edit to a CSV, not to Python.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def _cell(value: str) -> Any:
    v = value.strip()
    if v.lower() in ("true", "false"):
        return v.lower() == "true"
    return v


@cache
def load(name: str) -> tuple[dict[str, Any], ...]:
    """All rows of ``vocab/<name>.csv`` as dicts."""
    path = HERE / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple({k: _cell(v or "") for k, v in row.items()} for row in csv.DictReader(fh))


def terms(value: str) -> list[str]:
    """Split a ';'-separated cell into its non-empty items."""
    return [t.strip() for t in value.split(";") if t.strip()] if value else []


@cache
def codes(name: str) -> frozenset[str]:
    return frozenset(r["code"] for r in load(name))


def by_code(name: str) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in load(name)}


def label(name: str, code: str, lang: str = "en") -> str:
    row = by_code(name).get(code)
    return row.get(f"label_{lang}") or row.get("label_en") or code if row else code


def check(name: str, code: str | None, *, allow_none: bool = True) -> str | None:
    """Return ``code`` if it is in vocabulary ``name``; raise ValueError naming the allowed codes."""
    if code is None or code == "":
        if allow_none:
            return None
        raise ValueError(f"a value from vocabulary '{name}' is required")
    if code not in codes(name):
        raise ValueError(f"{code!r} is not in vocabulary '{name}' ({', '.join(sorted(codes(name)))})")
    return code
