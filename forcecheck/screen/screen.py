"""Screening: a name (or a batch of them) in, ranked and explained hits out.

1. **Candidates**: the name index (``forcecheck.match.index.NameIndex``, built once per
   session or batch and reused) returns the persons or units whose names resemble the query,
   each with a :class:`~forcecheck.match.types.Match` (score, explanation). Candidates that
   match (``is_match`` at the kind's threshold, or ``score >= threshold`` when one is given)
   are walked; the others are reported as near misses.
2. **Evidence**: :mod:`forcecheck.screen.walk` from each walked candidate; watchlist entries
   (``ListEntry``, e.g. OFAC SDN) of the candidate are hits too.
3. **Rank**: name score x severity (GVHR incidents first) x certainty of the link.

Input is checked first: an empty name, a name of junk characters only, a bad birth date or
an unknown kind raise :class:`~forcecheck.errors.InputError` naming the field (and, in a
batch, the file and row). :func:`read_batch` reads a CSV batch (columns ``name`` and
optionally ``kind``, ``dob``, ``unit``, ``country``, ``id``/``subject``), at most
``FORCECHECK_SCREEN_BATCH_LIMIT`` rows (default 100,000).
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..dates import PartialDate
from ..errors import InputError
from ..match.normalize import norm
from ..match.types import Match
from ..progress import NULL, Progress
from ..store.models import ListEntry, Person
from .evidence import Evidence
from .result import CandidateRef, Hit, ScreenResult
from .walk import SEVERITY_WEIGHT, Walker

#: A nominated person or unit is walked through the evidence; an organisation (a company, a
#: non-state group: e.g. a contractor to be paid) is checked against the watchlists.
KINDS = ("person", "unit", "organization")
#: How many candidates the index is asked for per query.
CANDIDATE_LIMIT = 10
#: Longest name accepted (a longer "name" is a pasted paragraph, not a name).
MAX_NAME_LENGTH = 300
#: Rank bonus when the nominated unit matches a unit the candidate served in.
UNIT_CORROBORATION = 1.1
BATCH_COLUMNS = ("name", "kind", "dob", "unit", "country")
SUBJECT_COLUMNS = ("id", "subject", "subject_id")


def batch_limit() -> int:
    """Most rows a batch may hold (``FORCECHECK_SCREEN_BATCH_LIMIT``, default 100,000)."""
    return int(os.environ.get("FORCECHECK_SCREEN_BATCH_LIMIT", "100000"))


# ------------------------------------------------------------------ input


def check_query(name: str | None, kind: str | None = "person", dob: str | None = None, *, file: str | None = None,
                row: int | None = None) -> tuple[str, str, str | None]:
    """Validate one subject; returns (name, kind, dob) cleaned, or raises InputError naming the field."""
    name = (name or "").strip()
    if not name:
        raise InputError("the name is empty", file=file, row=row, field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(f"the name is {len(name)} characters long (at most {MAX_NAME_LENGTH})", file=file, row=row, field="name")
    if not norm(name).strip() or not any(ch.isalpha() for ch in name):
        raise InputError(f"the name {name!r} has no letters (only digits, punctuation or symbols)", file=file, row=row, field="name")
    kind = (kind or "person").strip().lower() or "person"
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r} ({', '.join(KINDS)})", file=file, row=row, field="kind")
    dob = (dob or "").strip() or None
    if dob is not None:
        if kind != "person":
            raise InputError("a birth date only applies to a person", file=file, row=row, field="dob")
        try:
            dob = PartialDate.parse(dob).iso()  # type: ignore[union-attr]
        except ValueError as e:
            raise InputError(f"bad birth date: {e}", file=file, row=row, field="dob") from None
    return name, kind, dob


def read_batch(path: str | Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read and validate a batch CSV; raises InputError naming file, row and field. Nothing is screened
    before the whole file is known good."""
    path = Path(path)
    limit = batch_limit() if limit is None else limit
    fname = str(path)
    if not path.is_file():
        raise InputError("no such file", file=fname)
    rows: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            if not header:
                raise InputError("the file is empty (expected a header row with a 'name' column)", file=fname, row=1)
            if "name" not in header:
                raise InputError(f"missing column 'name' (columns: {', '.join(header)}; expected name, kind, dob, unit, country)", file=fname, row=1, field="name")
            reader.fieldnames = header
            subject_col = next((c for c in SUBJECT_COLUMNS if c in header), None)
            for i, raw in enumerate(reader, start=2):
                if len(rows) >= limit:
                    raise InputError(f"the batch has more than {limit:,} rows (the limit; split the file)", file=fname, row=i)
                if None in raw:
                    raise InputError(f"more cells than the {len(header)} columns of the header", file=fname, row=i)
                if not any((v or "").strip() for v in raw.values()):
                    continue  # a blank line
                name, kind, dob = check_query(raw.get("name"), raw.get("kind"), raw.get("dob"), file=fname, row=i)
                rows.append({
                    "name": name, "kind": kind, "dob": dob,
                    "unit": (raw.get("unit") or "").strip() or None,
                    "country": (raw.get("country") or "").strip() or None,
                    "subject": (raw.get(subject_col) or "").strip() or None if subject_col else None,
                    "row": i,
                })
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text ({e.reason} at byte {e.start})", file=fname) from None
    except csv.Error as e:
        raise InputError(f"not a readable CSV file: {e}", file=fname) from None
    if not rows:
        raise InputError("the batch has no rows", file=fname)
    return rows


# ------------------------------------------------------------------ the screener


def build_index(session: Session) -> Any:
    from .. import settings
    from ..match.index import NameIndex
    from ..store.names import StoreNames

    return NameIndex.from_source(StoreNames(session), cache_dir=settings.index_cache_dir())


class Screener:
    """Screens names against one evidence base; build once per session or batch and reuse."""

    def __init__(self, session: Session, *, index: Any = None, evidence: Evidence | None = None):
        self.session = session
        self.index = index if index is not None else build_index(session)
        self.ev = evidence or Evidence(session)
        self.walker = Walker(self.ev)
        self._lists: dict[str, list[str]] = defaultdict(list)
        for eid, pid, oid in session.execute(select(ListEntry.id, ListEntry.person_id, ListEntry.organization_id)):
            self._lists[pid or oid].append(eid)

    # -------------------------------------------------------------- candidates

    def _candidates(self, name: str, kind: str, features: dict[str, Any], limit: int) -> list[Any]:
        found = self.index.search(name, kind=kind, limit=limit, **{k: v for k, v in features.items() if v})
        best: dict[tuple[str, str], Any] = {}
        for c in found:
            key = (c.entity_type, c.entity_id)
            if key not in best or c.match.score > best[key].match.score:
                best[key] = c
        return sorted(best.values(), key=lambda c: -c.match.score)

    def _walked(self, match: Match, threshold: float | None) -> bool:
        return match.score >= threshold if threshold is not None else bool(match.is_match)

    def _watchlist_hits(self, entity_type: str, entity_id: str, display: str) -> list[Hit]:
        hits = []
        for eid in self._lists.get(entity_id, []):
            le = self.session.get(ListEntry, eid)
            if le is None or not self.ev.accepted(le.claim_id):
                continue
            programs = [p for p in (le.programs or "").split(";") if p]
            explanation = [f"watchlist: {le.list_name} entry {le.entry_ref}" + (f", programs {', '.join(programs)}" if programs else ""),
                           f"relation: {display} is the listed {le.entry_type or entity_type}"]
            fact = self.ev.fact("list_entry", le.id, le.claim_id, f"{le.list_name} entry {le.entry_ref}: {display}")
            if not fact.citations and le.source_id:
                from .result import CitationRef
                from ..store.models import Source

                src = self.session.get(Source, le.source_id)
                if src is not None:
                    fact.citations = [CitationRef(source_id=src.id, title=src.title, publisher=src.publisher, published_date=src.published_date,
                                                  url=src.url, archive_url=src.archive_url, locator=le.entry_ref, restricted=bool(src.restricted))]
            hits.append(Hit(kind="watchlist", relation="listed", link="recorded", certainty="listed", certainty_label="listed (no date overlap to judge)",
                            severity="watchlist", subject_type=entity_type, subject_id=entity_id, subject_name=display,
                            explanation=explanation, facts=[fact],
                            watchlist={"id": le.id, "list_name": le.list_name, "entry_ref": le.entry_ref, "entry_type": le.entry_type,
                                       "programs": programs, "title": le.title, "countries": [c for c in (le.countries or "").split(";") if c],
                                       "remarks": le.remarks},
                            weight=SEVERITY_WEIGHT["watchlist"]))
        return hits

    def _display(self, entity_type: str, entity_id: str, fallback: str) -> str:
        if entity_type == "person":
            return self.ev.person_name(entity_id)
        if entity_type == "unit":
            return self.ev.unit_name(entity_id)
        return fallback

    def _unit_corroboration(self, person_id: str, unit: str) -> str | None:
        from ..match.compare import compare

        for p in self.ev.postings_by_person.get(person_id, []):
            for n in self.ev.all_unit_names(p.unit_id):
                m = compare(unit, n, kind="unit")
                if m.is_match:
                    return f"the nominated unit '{unit}' matches '{n}', where the candidate held a posting ({p.role or 'member'})"
        return None

    # -------------------------------------------------------------- screening

    def screen(self, name: str, *, kind: str = "person", dob: str | None = None, unit: str | None = None, country: str | None = None,
               subject: str | None = None, threshold: float | None = None, limit: int = CANDIDATE_LIMIT) -> ScreenResult:
        name, kind, dob = check_query(name, kind, dob)
        query = {"name": name, "kind": kind, "dob": dob, "unit": unit, "country": country, "subject": subject}
        result = ScreenResult(query={k: v for k, v in query.items() if v is not None})
        features = {"dob": dob, "country": country} if kind == "person" else {"country": country}
        for c in self._candidates(name, kind, features, limit):
            walked = self._walked(c.match, threshold)
            display = self._display(c.entity_type, c.entity_id, c.matched_name)
            ref = CandidateRef(entity_type=c.entity_type, entity_id=c.entity_id, name=display, matched_name=c.matched_name,
                               match=c.match, walked=walked)
            if c.entity_type == "person":
                person = self.session.get(Person, c.entity_id)
                ref.birth_date = person.birth_date if person else None
            result.candidates.append(ref)
            if not walked:
                continue
            if c.entity_type == "person":
                hits = self.walker.walk_person(c.entity_id)
            elif c.entity_type == "unit":
                hits = self.walker.walk_unit(c.entity_id)
            else:
                hits = []
            hits += self._watchlist_hits(c.entity_type, c.entity_id, display)
            bonus, note = 1.0, None
            if unit and c.entity_type == "person":
                note = self._unit_corroboration(c.entity_id, unit)
                bonus = UNIT_CORROBORATION if note else 1.0
            name_line = f"name: '{name}' matched '{c.matched_name}' ({display}) with score {c.match.score:.2f}"
            for h in hits:
                h.match = c.match
                h.score = min(1.0, c.match.score * bonus) * h.weight
                h.explanation.insert(0, name_line)
                if note:
                    h.explanation.insert(1, note)
            result.hits.extend(hits)
        result.hits.sort(key=_rank_key)
        return result


def _rank_key(h: Hit) -> tuple:
    return (-round(h.score, 6), h.severity != "gvhr", -(h.match.score if h.match else 0), (h.incident or {}).get("start_date") or "")


# ------------------------------------------------------------------ library entry points


def screen_person(session: Session, name: str, *, dob: str | None = None, unit: str | None = None, country: str | None = None,
                  index: Any = None, screener: Screener | None = None, threshold: float | None = None) -> ScreenResult:
    s = screener or Screener(session, index=index)
    return s.screen(name, kind="person", dob=dob, unit=unit, country=country, threshold=threshold)


def screen_unit(session: Session, name: str, *, country: str | None = None, index: Any = None, screener: Screener | None = None,
                threshold: float | None = None) -> ScreenResult:
    s = screener or Screener(session, index=index)
    return s.screen(name, kind="unit", country=country, threshold=threshold)


def screen_batch(session: Session, rows: Iterable[dict[str, Any]], *, index: Any = None, progress: Progress = NULL,
                 threshold: float | None = None, file: str | None = None) -> list[ScreenResult]:
    """Screen many subjects with one index and one evidence graph. Rows are dicts with ``name`` and
    optionally ``kind``, ``dob``, ``unit``, ``country``, ``subject``; all are validated before any is screened."""
    rows = list(rows)
    limit = batch_limit()
    if len(rows) > limit:
        raise InputError(f"the batch has {len(rows):,} rows, more than the limit of {limit:,}", file=file)
    checked = []
    for i, r in enumerate(rows, start=1):
        row_no = r.get("row", i)
        name, kind, dob = check_query(r.get("name"), r.get("kind"), r.get("dob"), file=file, row=row_no)
        checked.append({**r, "name": name, "kind": kind, "dob": dob})
    s = Screener(session, index=index)
    out = []
    progress.start(len(checked), "screening")
    for r in checked:
        out.append(s.screen(r["name"], kind=r["kind"], dob=r["dob"], unit=r.get("unit"), country=r.get("country"),
                            subject=r.get("subject"), threshold=threshold))
        progress.advance()
    return out
