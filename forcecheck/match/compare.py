"""``compare(a, b, kind=...)``: the library entry point of name matching, and pair files.

The kind (and its aliases: "company", "vessel", "legalentity", ...) is looked up in
:mod:`forcecheck.match.registry`, which holds each kind's compare function, keys and thresholds.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import InputError
from .normalize import norm
from .persons import person_keys
from .registry import KINDS, default_threshold, matcher, normalize_kind
from .types import Match


def compare(a: str, b: str, kind: str = "person", *, algorithm: str | None = None, **features: Any) -> Match:
    """Compare two names of one kind; returns a ``Match`` with a calibrated ``score`` (0..1),
    ``is_match`` at the kind's default threshold (or ``threshold=``), its ``quality`` (``direct``,
    ``possible`` or ``none``, thresholds in ``settings.MATCH_THRESHOLDS``) and a plain-words
    ``explanation``. ``kind`` is any word of ``vocab/kind_aliases.csv``; ``algorithm`` a name from
    ``registry.algorithms()`` (default: the registry's default).

    Optional features for persons: ``dob``/``dob_b`` (partial ISO dates), ``country``/``country_b``,
    ``sex``/``sex_b`` (a conflict counts only when both sides have the value)."""
    return matcher(kind, algorithm).compare(a, b, **features)


# ----------------------------------------------------------------------------- pair files

PAIR_COLUMNS = ("pair_id", "kind", "name_a", "name_b")
RESULT_COLUMNS = ("pair_id", "score", "match", "quality")
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
            raise InputError(
                f"missing column (the file needs {', '.join(PAIR_COLUMNS)})", file=str(path), row=1, field=col
            )
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


class PairResult(NamedTuple):
    """One row of ``compare --out``: ``match`` is the decision at the threshold (the kind's
    default unless one is given), ``quality`` the tier of the score (``direct``/``possible``/``none``)."""

    pair_id: str
    score: float
    match: bool
    quality: str


def compare_pairs(
    rows: Iterable[dict[str, str]],
    *,
    threshold: float | None = None,
    file: str | None = None,
    progress: Any = None,
    algorithm: str | None = None,
) -> list[PairResult]:
    """Score pairs read by ``read_pairs``: (pair_id, score, match, quality) with match at ``threshold``
    or the kind's default threshold."""
    out = []
    for rec in rows:
        m = compare(rec["name_a"], rec["name_b"], kind=rec["kind"], algorithm=algorithm)
        t = default_threshold(rec["kind"]) if threshold is None else threshold
        out.append(PairResult(rec["pair_id"], m.score, m.score >= t, m.quality))
        if progress is not None:
            progress.advance()
    return out


def write_results(path: str | Path, results: Iterable[PairResult]) -> None:
    """Write ``pair_id,score,match,quality`` (match as true/false) and nothing else; atomically."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(RESULT_COLUMNS)
        for pair_id, score, match, quality in results:
            w.writerow([pair_id, f"{score:.4f}", "true" if match else "false", quality])
    tmp.replace(path)


__all__ = [
    "compare",
    "person_keys",
    "normalize_kind",
    "default_threshold",
    "KINDS",
    "read_pairs",
    "compare_pairs",
    "write_results",
    "PairResult",
]
