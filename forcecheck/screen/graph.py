"""The evidence graph the screening walk reads, loaded once per session or batch.

:class:`Evidence` loads the parts of the evidence base the walk needs (units and their names,
hierarchy, sites, locations, postings, incidents with their perpetrators and violations) and the
claims behind them; citations are read on demand and cached. Only *accepted* facts count (claim
status in ``vocab/claim_statuses.csv`` with ``counts_as_evidence``, or no claim at all, as for rows
imported from curated datasets). How an incident is summarised for people is in
:mod:`forcecheck.screen.present`; how dates fit, in :mod:`forcecheck.screen.timing`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import vocab
from ..results import stored_citation
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
from .present import incident_line, incident_summary
from .result import CitationRef, FactRef
from .timing import describe_dates

_CHUNK = 500


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


class Evidence:
    """The evidence base as the walk reads it (accepted facts only), loaded once."""

    def __init__(self, session: Session):
        self.session = session
        self._evidence_statuses = {
            r["code"] for r in vocab.load("claim_statuses") if r.get("counts_as_evidence") is True
        }
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
        claim_ids = {
            x.claim_id
            for group in (
                relations,
                sites,
                postings,
                incidents,
                perps,
                statuses,
                self.units.values(),
                self.locations.values(),
            )
            for x in group
            if x.claim_id
        }
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
                select(Citation)
                .where(Citation.claim_id.in_(chunk))
                .order_by(Citation.claim_id, Citation.id)
                .options(selectinload(Citation.source))
            )
            for cit in rows:
                confidence = self.claims[cit.claim_id].confidence if cit.claim_id in self.claims else None
                self._citations[cit.claim_id].append(stored_citation(cit, cit.source, confidence=confidence))
        return {c: self._citations.get(c, []) for c in claim_ids if c}

    def fact(self, kind: str, row_id: str, claim_id: str | None, summary: str) -> FactRef:
        claim = self.claim(claim_id)
        return FactRef(
            kind=kind,
            id=row_id,
            summary=summary,
            dates=describe_dates(claim) if kind not in ("incident", "list_entry") else None,
            status=claim.status if claim else None,
            confidence=claim.confidence if claim else None,
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

    def severity(self, inc: Incident) -> str:
        vs = self.violations.get(inc.id, [])
        if inc.is_gvhr or any(v.is_gvhr for v in vs):
            return "gvhr"
        cats = {vocab.by_code("violation_types").get(v.code, {}).get("category") for v in vs}
        if cats and cats <= {"derogatory"}:
            return "derogatory"
        return "other_abuse"

    def incident_summary(self, inc: Incident) -> dict[str, Any]:
        return incident_summary(self, inc)

    def incident_line(self, inc: Incident) -> str:
        return incident_line(self, inc)
