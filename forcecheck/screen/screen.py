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
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import settings
from ..dates import PartialDate
from ..errors import InputError
from ..match.normalize import norm
from ..match.types import Match
from ..progress import NULL, Progress
from ..results import PERSONAL_WORDS, source_citation
from ..store.models import ListEntry, Person, Source
from .graph import Evidence
from .result import CandidateRef, Found, Hit, Query, ScreeningResult, ScreenResult, WatchlistRef
from .timing import describe_dates
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
    """Most rows a batch may hold (``settings.screen_batch_limit``, default 100,000)."""
    return settings.screen_batch_limit()


# ------------------------------------------------------------------ input


def check_query(
    name: str | None,
    kind: str | None = "person",
    dob: str | None = None,
    *,
    file: str | None = None,
    row: int | None = None,
) -> tuple[str, str, str | None]:
    """Validate one subject; returns (name, kind, dob) cleaned, or raises InputError naming the field."""
    name = (name or "").strip()
    if not name:
        raise InputError("the name is empty", file=file, row=row, field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(
            f"the name is {len(name)} characters long (at most {MAX_NAME_LENGTH})", file=file, row=row, field="name"
        )
    if not norm(name).strip() or not any(ch.isalpha() for ch in name):
        raise InputError(
            f"the name {name!r} has no letters (only digits, punctuation or symbols)", file=file, row=row, field="name"
        )
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
                raise InputError(
                    f"missing column 'name' (columns: {', '.join(header)}; expected name, kind, dob, unit, country)",
                    file=fname,
                    row=1,
                    field="name",
                )
            reader.fieldnames = header
            subject_col = next((c for c in SUBJECT_COLUMNS if c in header), None)
            for i, raw in enumerate(reader, start=2):
                if len(rows) >= limit:
                    raise InputError(
                        f"the batch has more than {limit:,} rows (the limit; split the file)", file=fname, row=i
                    )
                if None in raw:
                    raise InputError(f"more cells than the {len(header)} columns of the header", file=fname, row=i)
                if not any((v or "").strip() for v in raw.values()):
                    continue  # a blank line
                name, kind, dob = check_query(raw.get("name"), raw.get("kind"), raw.get("dob"), file=fname, row=i)
                rows.append(
                    {
                        "name": name,
                        "kind": kind,
                        "dob": dob,
                        "unit": (raw.get("unit") or "").strip() or None,
                        "country": (raw.get("country") or "").strip() or None,
                        "subject": (raw.get(subject_col) or "").strip() or None if subject_col else None,
                        "row": i,
                    }
                )
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text ({e.reason} at byte {e.start})", file=fname) from None
    except csv.Error as e:
        raise InputError(f"not a readable CSV file: {e}", file=fname) from None
    if not rows:
        raise InputError("the batch has no rows", file=fname)
    return rows


# ------------------------------------------------------------------ the screener


def build_index(session: Session) -> Any:
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

    def _candidates(
        self, name: str, kind: str, features: dict[str, Any], limit: int, threshold: float | None
    ) -> list[Any]:
        """Candidates at the ``possible`` tier or above (or scoring ``threshold``): a conflict of birth date or
        country lowers a candidate's quality, it never hides it."""
        floor = settings.match_threshold(kind, "possible")
        if threshold is not None:
            floor = min(floor, threshold)
        found = self.index.search(
            name, kind=kind, limit=limit, threshold=0.0, **{k: v for k, v in features.items() if v}
        )
        best: dict[tuple[str, str], Any] = {}
        for c in found:
            if c.match.score < floor and c.match.quality == "none" and not self._walked(c.match, threshold):
                continue
            key = (c.entity_type, c.entity_id)
            if key not in best or c.match.score > best[key].match.score:
                best[key] = c
        return sorted(best.values(), key=lambda c: -c.match.score)

    def _walked(self, match: Match, threshold: float | None) -> bool:
        """Walk a candidate whose names agree: a match (or ``threshold`` reached), or a candidate whose name alone
        is a direct match and whose quality a birth date or country conflict lowered to ``possible``."""
        if threshold is not None:
            return match.score >= threshold
        if match.is_match:
            return True
        name_score = (match.features or {}).get("name_score")
        return (
            match.quality == "possible"
            and name_score is not None
            and float(name_score) >= settings.match_threshold(match.kind, "direct")
        )

    @staticmethod
    def _conflicts(match: Match) -> list[str]:
        """The conflicts a match reports, without personal details (a birth date conflict is named, not its dates)."""
        out = [e for e in match.explanation if e.startswith("conflict") and not PERSONAL_WORDS.search(e)]
        dob = (match.features or {}).get("dob")
        if dob in ("year_conflict", "day_conflict"):
            out.append(
                "conflict: the birth dates differ" + (" (different year)" if dob == "year_conflict" else " (same year)")
            )
        return out

    @classmethod
    def _reason(cls, match: Match, walked: bool) -> str:
        conflicts = cls._conflicts(match)
        if walked and match.quality == "direct":
            return "the names agree (direct match): its evidence was walked"
        if walked:
            why = "; ".join(conflicts) or "some details disagree"
            return f"the names agree but the quality is lowered to {match.quality} ({why}): its evidence was walked, an analyst must look"
        return (
            f"{match.quality} match only ({'; '.join(conflicts) or 'the names agree only in part'}): listed, not walked"
        )

    def _watchlist_hits(self, entity_type: str, entity_id: str, display: str) -> list[Hit]:
        hits = []
        for eid in self._lists.get(entity_id, []):
            le = self.session.get(ListEntry, eid)
            if le is None or not self.ev.accepted(le.claim_id):
                continue
            programs = [p for p in (le.programs or "").split(";") if p]
            explanation = [
                f"watchlist: {le.list_name} entry {le.entry_ref}"
                + (f", programs {', '.join(programs)}" if programs else ""),
                f"relation: {display} is the listed {le.entry_type or entity_type}",
            ]
            fact = self.ev.fact("list_entry", le.id, le.claim_id, f"{le.list_name} entry {le.entry_ref}: {display}")
            if not fact.citations and le.source_id:
                src = self.session.get(Source, le.source_id)
                if src is not None:
                    fact.citations = [source_citation(src, locator=le.entry_ref)]
            hits.append(
                Hit(
                    kind="watchlist",
                    relation="listed",
                    link="recorded",
                    certainty="listed",
                    certainty_label="listed (no date overlap to judge)",
                    severity="watchlist",
                    subject_type=entity_type,
                    subject_id=entity_id,
                    subject_name=display,
                    explanation=explanation,
                    facts=[fact],
                    watchlist=WatchlistRef(
                        id=le.id,
                        list_name=le.list_name,
                        entry_ref=le.entry_ref,
                        entry_type=le.entry_type,
                        programs=programs,
                        title=le.title,
                        countries=[c for c in (le.countries or "").split(";") if c],
                        remarks=le.remarks,
                    ),
                    weight=SEVERITY_WEIGHT["watchlist"],
                )
            )
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

    def _found(self, c: CandidateRef, hits: list[Hit]) -> Found:
        """What the evidence base records of a walked candidate, derogatory or not."""
        ev = self.ev
        record: list[str] = []
        if c.entity_type == "person":
            for p in ev.postings_by_person.get(c.entity_id, []):
                role = p.role or ("commander" if p.is_commander else "member")
                record.append(
                    f"posting: {role}{f' ({p.rank})' if p.rank else ''} of {ev.unit_name(p.unit_id)}, "
                    f"{describe_dates(ev.claim(p.claim_id))}"
                )
        elif c.entity_type == "unit":
            for rel in ev.parents.get(c.entity_id, []):
                record.append(f"{rel.relation} {ev.unit_name(rel.parent_id)}, {describe_dates(ev.claim(rel.claim_id))}")
            for p in ev.postings_by_unit.get(c.entity_id, []):
                if p.is_commander:
                    record.append(f"commander: {ev.person_name(p.person_id)}, {describe_dates(ev.claim(p.claim_id))}")
        for eid in self._lists.get(c.entity_id, []):
            le = self.session.get(ListEntry, eid)
            if le is not None:
                record.append(f"watchlist entry: {le.list_name} {le.entry_ref}")
        if hits:
            summary = f"{len(hits)} hit(s) recorded against {c.name}"
        elif record:
            summary = (
                f"found; nothing derogatory is recorded (no incident, no watchlist entry) in {len(record)} fact(s) held"
            )
        else:
            summary = "found by name; the evidence base holds no other fact about it and nothing derogatory"
        return Found(
            entity_type=c.entity_type,
            entity_id=c.entity_id,
            name=c.name,
            quality=c.quality,
            record=record,
            hit_count=len(hits),
            summary=summary,
        )

    def screen(
        self,
        name: str,
        *,
        kind: str = "person",
        dob: str | None = None,
        unit: str | None = None,
        country: str | None = None,
        subject: str | None = None,
        threshold: float | None = None,
        limit: int = CANDIDATE_LIMIT,
    ) -> ScreeningResult:
        name, kind, dob = check_query(name, kind, dob)
        result = ScreeningResult(
            query=Query(name=name, kind=kind, dob=dob, unit=unit, country=country, subject=subject)
        )
        features = {"dob": dob, "country": country} if kind == "person" else {"country": country}
        for c in self._candidates(name, kind, features, limit, threshold):
            walked = self._walked(c.match, threshold)
            display = self._display(c.entity_type, c.entity_id, c.matched_name)
            ref = CandidateRef(
                entity_type=c.entity_type,
                entity_id=c.entity_id,
                name=display,
                matched_name=c.matched_name,
                match=c.match,
                walked=walked,
                reason=self._reason(c.match, walked),
            )
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
            name_line = (
                f"name: '{name}' matched '{c.matched_name}' ({display}) with score {c.match.score:.2f}, "
                f"quality {c.match.quality}"
            )
            for h in hits:
                h.match = c.match
                h.score = min(1.0, c.match.score * bonus) * h.weight
                h.explanation.insert(0, name_line)
                if note:
                    h.explanation.insert(1, note)
                if c.match.quality != "direct":
                    h.against.extend(
                        f"name match quality {c.match.quality}: {x}" for x in self._conflicts(c.match) or [ref.reason]
                    )
            result.hits.extend(hits)
            result.found.append(self._found(ref, hits))
        result.hits.sort(key=_rank_key)
        return result


def _rank_key(h: Hit) -> tuple:
    return (
        -round(h.score, 6),
        h.severity != "gvhr",
        -(h.match.score if h.match else 0),
        (h.incident or {}).get("start_date") or "",
    )


# ------------------------------------------------------------------ library entry points


def screen_person(
    session: Session,
    name: str,
    *,
    dob: str | None = None,
    unit: str | None = None,
    country: str | None = None,
    index: Any = None,
    screener: Screener | None = None,
    threshold: float | None = None,
) -> ScreenResult:
    s = screener or Screener(session, index=index)
    return s.screen(name, kind="person", dob=dob, unit=unit, country=country, threshold=threshold)


def screen_unit(
    session: Session,
    name: str,
    *,
    country: str | None = None,
    index: Any = None,
    screener: Screener | None = None,
    threshold: float | None = None,
) -> ScreenResult:
    s = screener or Screener(session, index=index)
    return s.screen(name, kind="unit", country=country, threshold=threshold)


def screen_batch(
    session: Session,
    rows: Iterable[dict[str, Any]],
    *,
    index: Any = None,
    progress: Progress = NULL,
    threshold: float | None = None,
    file: str | None = None,
) -> list[ScreenResult]:
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
        out.append(
            s.screen(
                r["name"],
                kind=r["kind"],
                dob=r["dob"],
                unit=r.get("unit"),
                country=r.get("country"),
                subject=r.get("subject"),
                threshold=threshold,
            )
        )
        progress.advance()
    return out
