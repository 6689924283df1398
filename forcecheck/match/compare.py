"""``compare(a, b, kind=...)``: the library entry point of name matching.

kind "person" -> ``persons.compare_persons``; "unit" -> ``units.compare_units`` (the unit
matcher, imported lazily); "organization" (also "company", "vessel", "legalentity", ...) ->
``persons.compare_organizations``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from .normalize import norm
from .persons import ORGANIZATION_THRESHOLD, PERSON_THRESHOLD, compare_organizations, compare_persons, person_keys
from .types import Match
from .units import UNIT_THRESHOLD, compare_units

KINDS = ("person", "unit", "organization")
#: FollowTheMoney schemata and other words that mean one of KINDS
KIND_ALIASES = {
    "person": "person",
    "individual": "person",
    "unit": "unit",
    "organization": "organization",
    "organisation": "organization",
    "company": "organization",
    "legalentity": "organization",
    "entity": "organization",
    "vessel": "organization",
    "aircraft": "organization",
    "publicbody": "organization",
}


def normalize_kind(kind: str) -> str:
    k = KIND_ALIASES.get((kind or "").strip().lower().replace("_", "").replace(" ", ""))
    if k is None:
        raise ValueError(f"unknown kind {kind!r} (person, unit or organization)")
    return k


def default_threshold(kind: str) -> float:
    k = normalize_kind(kind)
    if k == "unit":
        return UNIT_THRESHOLD
    return PERSON_THRESHOLD if k == "person" else ORGANIZATION_THRESHOLD


def compare(a: str, b: str, kind: str = "person", **features: Any) -> Match:
    """Compare two names of one kind; returns a ``Match`` with a calibrated ``score`` (0..1),
    ``is_match`` at the kind's default threshold (or ``threshold=``) and a plain-words ``explanation``.

    Optional features for persons: ``dob``/``dob_b`` (partial ISO dates), ``country``/``country_b``,
    ``sex``/``sex_b`` (a conflict counts only when both sides have the value)."""
    k = normalize_kind(kind)
    if k == "person":
        return compare_persons(a, b, **features)
    if k == "organization":
        return compare_organizations(a, b, kind=k, **features)
    return compare_units(a, b, **features)


# ----------------------------------------------------------------------------- pair files

PAIR_COLUMNS = ("pair_id", "kind", "name_a", "name_b")
RESULT_COLUMNS = ("pair_id", "score", "match")
MAX_NAME_LENGTH = 1000


def read_pairs(path: str | Path) -> list[dict[str, str]]:
    """Read a pairs CSV (``pair_id,kind,name_a,name_b``; other columns are ignored). Every
    problem raises ``InputError`` naming the file, the row (the header is row 1) and the field."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", file=str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = data[: e.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {e.start}); save the file as UTF-8", file=str(path), row=row) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    for col in PAIR_COLUMNS:
        if col not in header:
            raise InputError(f"missing column (the file needs {', '.join(PAIR_COLUMNS)})", file=str(path), row=1, field=col)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for n, rec in enumerate(reader, start=2):
        if None in rec:
            raise InputError("more cells than columns (quote names that contain a comma)", file=str(path), row=n)
        rec = {k: (rec.get(k) or "").strip() for k in PAIR_COLUMNS}
        if not any(rec.values()):
            continue
        for col in PAIR_COLUMNS:
            if not rec[col]:
                raise InputError("empty", file=str(path), row=n, field=col)
        for col in ("name_a", "name_b"):
            v = rec[col]
            if len(v) > MAX_NAME_LENGTH:
                raise InputError(f"name longer than {MAX_NAME_LENGTH} characters", file=str(path), row=n, field=col)
            if any(unicodedata.category(ch) in ("Cc", "Cs", "Co") for ch in v):
                raise InputError("control or unassigned characters in the name", file=str(path), row=n, field=col)
            if not norm(v):
                raise InputError(f"no letters or digits in the name {v!r}", file=str(path), row=n, field=col)
        try:
            rec["kind"] = normalize_kind(rec["kind"])
        except ValueError as e:
            raise InputError(str(e), file=str(path), row=n, field="kind") from None
        if rec["pair_id"] in seen:
            raise InputError(f"duplicate pair_id {rec['pair_id']!r}", file=str(path), row=n, field="pair_id")
        seen.add(rec["pair_id"])
        rec["_row"] = str(n)
        rows.append(rec)
    return rows


def compare_pairs(rows: Iterable[dict[str, str]], *, threshold: float | None = None, file: str | None = None, progress: Any = None) -> list[tuple[str, float, bool]]:
    """Score pairs read by ``read_pairs``: (pair_id, score, match) with match at ``threshold`` or
    the kind's default threshold."""
    out = []
    for rec in rows:
        m = compare(rec["name_a"], rec["name_b"], kind=rec["kind"])
        t = default_threshold(rec["kind"]) if threshold is None else threshold
        out.append((rec["pair_id"], m.score, m.score >= t))
        if progress is not None:
            progress.advance()
    return out


def write_results(path: str | Path, results: Iterable[tuple[str, float, bool]]) -> None:
    """Write ``pair_id,score,match`` (match as true/false) and nothing else; atomically."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(RESULT_COLUMNS)
        for pair_id, score, match in results:
            w.writerow([pair_id, f"{score:.4f}", "true" if match else "false"])
    tmp.replace(path)


__all__ = ["compare", "person_keys", "normalize_kind", "default_threshold", "KINDS", "read_pairs", "compare_pairs", "write_results"]
