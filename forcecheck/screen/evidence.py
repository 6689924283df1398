"""The evidence graph the walk reads, and how a dated fact relates to an incident in time.

:class:`Evidence` loads, once per screening session or batch, the parts of the evidence base
the walk needs (units and their names, hierarchy, sites, locations, postings, incidents with
their perpetrators and violations) and the claims behind them; citations are read on demand
and cached. Only *accepted* facts count (claim status in ``vocab/claim_statuses.csv`` with
``counts_as_evidence``, or no claim at all, as for rows imported from curated datasets).

:func:`fit` places an incident's date range against a fact's claim dates with Security Force
Monitor's semantics: ``first_date``/``last_date`` are the first and last dates a source cites
the fact, not necessarily its start and end (``first_approx``/``last_approx``), and
``open_ended`` says whether it is assumed to continue (Y), not assumed (N) or ended exactly
(E). The answer says how certain the overlap is, in words an analyst can read.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import vocab
from ..dates import PartialDate
from ..store.models import (
    Citation,
    Claim,
    Incident,
    IncidentPerpetrator,
    IncidentStatus,
    IncidentViolation,
    Location,
    Name,
    Posting,
    Unit,
    UnitRelation,
    UnitSite,
)
from .result import CitationRef, FactRef

#: How far before an approximate first date (one that is not a recorded start), or after an
#: approximate last date that is not assumed to continue, a fact may still have held.
TOLERANCE_DAYS = int(os.environ.get("FORCECHECK_SCREEN_TOLERANCE_DAYS", "365"))

_CHUNK = 500

# ------------------------------------------------------------------ time


@dataclass(frozen=True)
class Fit:
    """How an incident's dates sit against a fact's dates."""

    level: str  # within | open | later | earlier | undated
    label: str
    weight: float

    @property
    def certain(self) -> bool:
        return self.level == "within"


#: Certainty levels, strongest first, with the weight they give a hit.
LEVELS = {"within": 1.0, "open": 0.8, "later": 0.6, "earlier": 0.6, "undated": 0.35}


def _pd(value: str | None) -> PartialDate | None:
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


def incident_interval(inc: Incident) -> tuple[date, date] | None:
    s, e = _pd(inc.start_date), _pd(inc.end_date)
    if s is None and e is None:
        return None
    s = s or e
    e = e or s
    return s.lo(), e.hi()  # type: ignore[union-attr]


def describe_dates(claim: Claim | None) -> str:
    """'first cited 2007-01-26 (not a recorded start), no recorded end' and the like."""
    if claim is None or (not claim.first_date and not claim.last_date):
        return "no recorded dates"
    parts = []
    if claim.first_date:
        parts.append(f"first cited {claim.first_date}" + (" (not a recorded start)" if claim.first_approx else " (recorded start)"))
    else:
        parts.append("no recorded start")
    if claim.last_date:
        if claim.open_ended == "E" or not claim.last_approx:
            parts.append(f"ended {claim.last_date}")
        else:
            parts.append(f"last cited {claim.last_date}" + (" (assumed to continue)" if claim.open_ended == "Y" else " (not a recorded end)"))
    else:
        parts.append("no recorded end" + (" (assumed to continue)" if claim.open_ended == "Y" else ""))
    return ", ".join(parts)


def fit(claim: Claim | None, interval: tuple[date, date] | None, what: str = "the fact") -> Fit | None:
    """Whether a fact with ``claim``'s dates may have held during ``interval``; None when it cannot have."""
    first = _pd(claim.first_date) if claim else None
    last = _pd(claim.last_date) if claim else None
    oe = (claim.open_ended or "").upper() if claim else ""
    if interval is None:
        return Fit("undated", "possible: the incident has no recorded date", LEVELS["undated"])
    lo, hi = interval
    if first is None and last is None:
        return Fit("undated", f"possible: {what} has no recorded dates", LEVELS["undated"])
    level, notes = "within", []
    # start side
    if first is not None and hi < first.lo():
        if not (claim and claim.first_approx):
            return None
        if (first.lo() - hi).days > TOLERANCE_DAYS:
            return None
        level = "earlier"
        notes.append(f"the incident is {(first.lo() - hi).days} days before {what} was first cited ({first}), which is not a recorded start, so {what} may have begun earlier")
    # end side
    if last is not None:
        if lo > last.hi():
            exact = oe == "E" or not (claim and claim.last_approx)
            if exact:
                return None
            gap = (lo - last.hi()).days
            if oe != "Y" and gap > TOLERANCE_DAYS:
                return None
            level = "later" if level == "within" else level
            notes.append(
                f"the incident is {gap} days after {what} was last cited ({last}), which is not a recorded end"
                + (" and the fact is assumed to continue" if oe == "Y" else "")
            )
    else:
        if oe == "N" and first is not None and (lo - first.hi()).days > TOLERANCE_DAYS:
            return None
        if level == "within":
            level = "open" if first is not None else "undated"
        notes.append(f"{what} has no recorded end" + (" (assumed to continue)" if oe == "Y" else " (it may still hold)"))
    if first is None and level == "within":
        level = "open"
        notes.append(f"{what} has no recorded start")
    if level == "within":
        return Fit("within", "within the cited dates", LEVELS["within"])
    return Fit(level, "possible: " + "; ".join(notes), LEVELS[level])


def weakest(fits: Iterable[Fit]) -> Fit:
    fits = list(fits)
    worst = min(fits, key=lambda f: f.weight)
    labels = []
    for f in fits:
        if not f.certain and f.label not in labels:
            labels.append(f.label)
    if not labels:
        return worst
    return Fit(worst.level, "; ".join([labels[0]] + [lbl.removeprefix("possible: ") for lbl in labels[1:]]), worst.weight)


# ------------------------------------------------------------------ the graph


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


class Evidence:
    """The evidence base as the walk reads it (accepted facts only), loaded once."""

    def __init__(self, session: Session):
        self.session = session
        self._evidence_statuses = {r["code"] for r in vocab.load("claim_statuses") if r.get("counts_as_evidence") is True}
        self.units: dict[str, Unit] = {u.id: u for u in session.scalars(select(Unit))}
        self.unit_names: dict[str, list[str]] = defaultdict(list)
        for uid, nm in session.execute(select(Name.unit_id, Name.name).where(Name.unit_id.is_not(None))):
            self.unit_names[uid].append(nm)
        self.locations: dict[str, Location] = {loc.id: loc for loc in session.scalars(select(Location))}
        relations = list(session.scalars(select(UnitRelation)))
        sites = list(session.scalars(select(UnitSite)))
        postings = list(session.scalars(select(Posting)))
        incidents = list(session.scalars(select(Incident)))
        perps = list(session.scalars(select(IncidentPerpetrator)))
        violations = list(session.scalars(select(IncidentViolation)))
        statuses = list(session.scalars(select(IncidentStatus)))
        claim_ids = {x.claim_id for group in (relations, sites, postings, incidents, perps, statuses, self.units.values(), self.locations.values()) for x in group if x.claim_id}
        self.claims: dict[str, Claim] = {}
        for chunk in _chunks(sorted(claim_ids)):
            for c in session.scalars(select(Claim).where(Claim.id.in_(chunk))):
                self.claims[c.id] = c
        ok = self.accepted
        self.children: dict[str, list[UnitRelation]] = defaultdict(list)
        self.parents: dict[str, list[UnitRelation]] = defaultdict(list)
        for r in relations:
            if ok(r.claim_id) and r.unit_id != r.parent_id:
                self.children[r.parent_id].append(r)
                self.parents[r.unit_id].append(r)
        self.sites: dict[str, list[UnitSite]] = defaultdict(list)
        for s in sites:
            if ok(s.claim_id):
                self.sites[s.unit_id].append(s)
        self.postings_by_person: dict[str, list[Posting]] = defaultdict(list)
        self.postings_by_unit: dict[str, list[Posting]] = defaultdict(list)
        for p in postings:
            if ok(p.claim_id):
                self.postings_by_person[p.person_id].append(p)
                self.postings_by_unit[p.unit_id].append(p)
        self.incidents: dict[str, Incident] = {i.id: i for i in incidents if ok(i.claim_id)}
        self.perpetrators: dict[str, list[IncidentPerpetrator]] = defaultdict(list)
        self.incidents_by_unit: dict[str, list[tuple[Incident, IncidentPerpetrator]]] = defaultdict(list)
        self.incidents_by_person: dict[str, list[tuple[Incident, IncidentPerpetrator]]] = defaultdict(list)
        for pp in perps:
            inc = self.incidents.get(pp.incident_id)
            if inc is None or not ok(pp.claim_id):
                continue
            self.perpetrators[inc.id].append(pp)
            if pp.unit_id:
                self.incidents_by_unit[pp.unit_id].append((inc, pp))
            if pp.person_id:
                self.incidents_by_person[pp.person_id].append((inc, pp))
        self.violations: dict[str, list[IncidentViolation]] = defaultdict(list)
        for v in violations:
            self.violations[v.incident_id].append(v)
        self.statuses: dict[str, list[IncidentStatus]] = defaultdict(list)
        for st in statuses:
            if ok(st.claim_id):
                self.statuses[st.incident_id].append(st)
        self._citations: dict[str, list[CitationRef]] = {}
        self._person_names: dict[str, str] = {}

    # -------------------------------------------------------------- claims and citations

    def accepted(self, claim_id: str | None) -> bool:
        if not claim_id:
            return True
        c = self.claims.get(claim_id)
        return c is None or c.status in self._evidence_statuses

    def claim(self, claim_id: str | None) -> Claim | None:
        return self.claims.get(claim_id) if claim_id else None

    def citations(self, claim_ids: Iterable[str | None]) -> dict[str, list[CitationRef]]:
        """Citations (with their source) of each claim, read once and cached."""
        wanted = sorted({c for c in claim_ids if c and c not in self._citations})
        for chunk in _chunks(wanted):
            for cid in chunk:
                self._citations[cid] = []
            rows = self.session.scalars(
                select(Citation).where(Citation.claim_id.in_(chunk)).order_by(Citation.claim_id, Citation.id).options(selectinload(Citation.source))
            )
            for cit in rows:
                src = cit.source
                self._citations[cit.claim_id].append(CitationRef(
                    source_id=cit.source_id,
                    title=src.title if src else None,
                    publisher=src.publisher if src else None,
                    published_date=src.published_date if src else None,
                    url=src.url if src else None,
                    archive_url=cit.archive_url or (src.archive_url if src else None),
                    page=cit.page,
                    row=cit.row,
                    locator=cit.locator,
                    quote=cit.quote,
                    restricted=bool(src.restricted) if src else False,
                ))
        return {c: self._citations.get(c, []) for c in claim_ids if c}

    def fact(self, kind: str, row_id: str, claim_id: str | None, summary: str) -> FactRef:
        claim = self.claim(claim_id)
        return FactRef(
            kind=kind, id=row_id, summary=summary,
            dates=describe_dates(claim) if kind not in ("incident", "list_entry") else None,
            status=claim.status if claim else None, confidence=claim.confidence if claim else None,
            citations=self.citations([claim_id]).get(claim_id, []) if claim_id else [],
            claim_id=claim_id,
        )

    # -------------------------------------------------------------- names

    def unit_name(self, unit_id: str) -> str:
        u = self.units.get(unit_id)
        return u.name if u else unit_id

    def person_name(self, person_id: str) -> str:
        if person_id not in self._person_names:
            from ..store.models import Person

            p = self.session.get(Person, person_id)
            self._person_names[person_id] = p.name if p else person_id
        return self._person_names[person_id]

    def all_unit_names(self, unit_id: str) -> list[str]:
        u = self.units.get(unit_id)
        names = [u.name] if u else []
        return names + [n for n in self.unit_names.get(unit_id, []) if n not in names]

    # -------------------------------------------------------------- incidents

    def has_recorded_unit(self, incident_id: str) -> bool:
        return any(p.unit_id for p in self.perpetrators.get(incident_id, []))

    def classifications(self, incident: Incident) -> list[str]:
        raw = [incident.perpetrator_classification] + [p.classification for p in self.perpetrators.get(incident.id, [])]
        out: list[str] = []
        for r in raw:
            for t in vocab.terms(r or ""):
                if t not in out:
                    out.append(t)
        return out

    def incident_summary(self, inc: Incident) -> dict[str, Any]:
        vs = self.violations.get(inc.id, [])
        loc = self.locations.get(inc.location_id) if inc.location_id else None
        return {
            "id": inc.id,
            "title": inc.title,
            "start_date": inc.start_date,
            "end_date": inc.end_date,
            "place": inc.place_text or (loc.name if loc else None),
            "place_description": inc.place_description,
            "violations": [{"code": v.code, "label": vocab.label("violation_types", v.code), "source_words": v.source_words, "gvhr": v.is_gvhr} for v in vs],
            "is_gvhr": bool(inc.is_gvhr or any(v.is_gvhr for v in vs)),
            "status": inc.status,
            "status_history": [{"status": s.status, "date": s.date} for s in sorted(self.statuses.get(inc.id, []), key=lambda s: s.date or "")],
            "perpetrator_classification": "; ".join(self.classifications(inc)) or None,
            "victims_count": inc.victims_count,
        }

    def severity(self, inc: Incident) -> str:
        vs = self.violations.get(inc.id, [])
        if inc.is_gvhr or any(v.is_gvhr for v in vs):
            return "gvhr"
        cats = {vocab.by_code("violation_types").get(v.code, {}).get("category") for v in vs}
        if cats and cats <= {"derogatory"}:
            return "derogatory"
        return "other_abuse"

    def incident_line(self, inc: Incident) -> str:
        s = self.incident_summary(inc)
        when = s["start_date"] or "undated"
        if s["end_date"] and s["end_date"] != s["start_date"]:
            when += f" to {s['end_date']}"
        what = ", ".join(dict.fromkeys(v["label"].lower() for v in s["violations"])) or (inc.title or "incident")
        where = s["place"] or "place not recorded"
        return f"{when}, {where}: {what}"
