"""Profiles of one unit, person or incident (typed: :mod:`forcecheck.report.types`), with the citations of every fact.

Used by ``forcecheck show`` and, later, by the API and the web app (``to_json(profile)`` is the JSON).
``resolve`` finds an entity by id or by any of its names (case-, accent- and spacing-insensitive); a
name that fits several entities raises :class:`Ambiguous` listing them. What a public view shows is
decided by :func:`forcecheck.results.public_view` (personal columns, restricted sources): profiles are
returned through it unless ``personal=True``.

Every fact carries ``claim`` (:class:`~forcecheck.report.types.ClaimInfo`): status, confidence, date
range and ``citations`` (each with the source's title, publisher, date, url/archive url and the page,
row or locator).

Besides what the records say directly, unit and person pages list what the screening walk
(:mod:`forcecheck.screen.walk`, accepted facts only) ties to them, kept apart from the
recorded links: a unit's ``incidents_inferred`` (Security Force Monitor's linkage rule: place,
time, classification) and ``incidents_of_subordinates`` (incidents of units subordinate to it
at the time), a person's ``incidents_through_postings`` (commander of the perpetrator unit at
the time, commander of a superior of it, member of a unit implicated; recorded or inferred).
Each such entry carries the walk's relation, link, certainty wording and reasons, and
``facts``: every fact the link rests on with its ``claim`` and citations.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import ForcecheckError, NotFound
from ..match.normalize import norm
from ..results import Record, public_view, stored_citation, to_json
from ..screen.evidence import Evidence
from ..screen.result import Hit
from ..screen.walk import Walker
from ..store.models import (
    Assistance,
    Base,
    Citation,
    Claim,
    Identifier,
    Incident,
    IncidentPerpetrator,
    IncidentStatus,
    IncidentViolation,
    ListEntry,
    Location,
    Name,
    Person,
    Posting,
    Unit,
    UnitRelation,
    UnitSite,
)
from .types import (
    AssistanceSummary,
    ClaimInfo,
    IncidentProfile,
    IncidentRef,
    NameRef,
    PerpetratorRef,
    PersonNameRef,
    PersonPostingRef,
    PersonProfile,
    Profile,
    RecordRow,
    SiteRef,
    StatusRef,
    UnitPostingRef,
    UnitProfile,
    UnitRelationRef,
    ViolationRef,
    WalkedFact,
    WalkedIncident,
)

ASSISTANCE_ROWS = 5


class Ambiguous(ForcecheckError):
    """A name fits more than one record; ``candidates`` lists (id, name)."""

    def __init__(self, kind: str, query: str, candidates: list[tuple[str, str]]):
        self.candidates = candidates
        listed = "; ".join(f"{i} ({n})" for i, n in candidates[:20])
        super().__init__(f"{len(candidates)} {kind}s are named {query!r}: {listed}. Use the id.")


# ------------------------------------------------------------------ resolving a name


def _entity(kind: str) -> tuple[type[Base], Any]:
    if kind == "unit":
        return Unit, Name.unit_id
    if kind == "person":
        return Person, Name.person_id
    if kind == "incident":
        return Incident, None
    raise ValueError(f"unknown entity kind {kind!r}")


def resolve(session: Session, kind: str, query: str) -> str:
    """The id of the unit / person / incident named ``query`` (an id or a name or alias)."""
    model, name_fk = _entity(kind)
    query = (query or "").strip()
    if not query:
        raise NotFound(f"no {kind} named ''")
    if session.get(model, query) is not None:
        return query
    if len(query) >= 8:  # a source's own id without forcecheck's prefix, e.g. an SFM uuid
        by_suffix = list(session.scalars(select(model.id).where(model.id.like(f"%-{query}"))))  # type: ignore[attr-defined]
        if len(by_suffix) == 1:
            return by_suffix[0]
    key = norm(query)
    label = model.title if model is Incident else model.name  # type: ignore[attr-defined]
    primary: dict[str, str] = {}
    for eid, name in session.execute(select(model.id, label)):  # type: ignore[attr-defined]
        if name and norm(name) == key:
            primary[eid] = name
    if len(primary) == 1:
        return next(iter(primary))
    hits = dict(primary)
    if name_fk is not None and not primary:
        for eid, name in session.execute(select(name_fk, Name.name).where(name_fk.is_not(None))):
            if norm(name) == key:
                hits.setdefault(eid, name)
    if len(hits) == 1:
        return next(iter(hits))
    if len(hits) > 1:
        names = dict(session.execute(select(model.id, label).where(model.id.in_(list(hits)))).all())  # type: ignore[attr-defined]
        raise Ambiguous(kind, query, sorted((i, names.get(i) or hits[i]) for i in hits))
    # nothing exact: suggest names that contain the query
    near: dict[str, str] = {}
    rows: Iterable[tuple[str, str]] = session.execute(select(model.id, label))  # type: ignore[attr-defined]
    if name_fk is not None:
        rows = list(rows) + list(session.execute(select(name_fk, Name.name).where(name_fk.is_not(None))))
    for eid, name in rows:
        if name and key and key in norm(name):
            near.setdefault(eid, name)
    hint = f"; did you mean: {'; '.join(sorted(set(near.values()))[:8])}" if near else ""
    raise NotFound(f"no {kind} named {query!r}{hint}")


# ------------------------------------------------------------------ claims and citations


def _columns(obj: Base, skip: Iterable[str] = ()) -> dict[str, Any]:
    out = {}
    for k, v in obj.values().items():
        if k in skip:
            continue
        out[k] = float(v) if isinstance(v, Decimal) else v
    return out


def _record(obj: Base, skip: Iterable[str] = ()) -> Record:
    """All columns of a row; :func:`~forcecheck.results.public_view` drops the personal ones."""
    return Record(type(obj).__tablename__, _columns(obj, skip))


class _Claims:
    """Loads claims with their citations and sources in batches, as :class:`ClaimInfo`."""

    def __init__(self, session: Session):
        self.session = session
        self.cache: dict[str, ClaimInfo | None] = {}

    def load(self, ids: Iterable[str | None]) -> None:
        want = [i for i in set(ids) if i and i not in self.cache]
        for n in range(0, len(want), 500):
            q = (
                select(Claim)
                .where(Claim.id.in_(want[n : n + 500]))
                .options(selectinload(Claim.citations).selectinload(Citation.source))
            )
            for c in self.session.scalars(q):
                self.cache[c.id] = self._info(c)
        for i in want:
            self.cache.setdefault(i, None)

    @staticmethod
    def _info(c: Claim) -> ClaimInfo:
        cites = []
        for ct in sorted(
            c.citations, key=lambda x: (x.source.published_date or "", x.source.title or "", x.locator or "", x.id)
        ):
            cites.append(stored_citation(ct, ct.source))
        return ClaimInfo(
            id=c.id,
            kind=c.kind,
            status=c.status,
            confidence=c.confidence,
            first_date=c.first_date,
            first_approx=c.first_approx,
            last_date=c.last_date,
            last_approx=c.last_approx,
            open_ended=c.open_ended,
            made_by=c.made_by,
            note=c.note,
            citations=cites,
        )

    def get(self, claim_id: str | None) -> ClaimInfo | None:
        if not claim_id:
            return None
        if claim_id not in self.cache:
            self.load([claim_id])
        return self.cache[claim_id]


def _date_key(fact: Any) -> tuple[str, str]:
    c = fact.claim
    if c is None:
        return ("9999", "9999")
    return (c.first_date or c.last_date or "9999", c.last_date or "9999")


# ------------------------------------------------------------------ unit


def unit_profile(
    session: Session, unit_id: str, *, personal: bool = False, evidence: Evidence | None = None
) -> UnitProfile:
    """``evidence``: a loaded :class:`~forcecheck.screen.evidence.Evidence` to reuse across pages (else loaded here).
    The result is the public view unless ``personal``."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"no unit with id {unit_id!r}")
    claims = _Claims(session)

    names = session.scalars(
        select(Name).where(Name.unit_id == unit_id).order_by(Name.kind != "primary", Name.name)
    ).all()
    rel_up = session.execute(
        select(UnitRelation, Unit).join(Unit, Unit.id == UnitRelation.parent_id).where(UnitRelation.unit_id == unit_id)
    ).all()
    rel_down = session.execute(
        select(UnitRelation, Unit).join(Unit, Unit.id == UnitRelation.unit_id).where(UnitRelation.parent_id == unit_id)
    ).all()
    posts = session.execute(
        select(Posting, Person).join(Person, Person.id == Posting.person_id).where(Posting.unit_id == unit_id)
    ).all()
    incidents = session.scalars(
        select(Incident)
        .join(IncidentPerpetrator, IncidentPerpetrator.incident_id == Incident.id)
        .where(IncidentPerpetrator.unit_id == unit_id)
        .distinct()
    ).all()
    sites = session.execute(
        select(UnitSite, Location)
        .join(Location, Location.id == UnitSite.location_id)
        .where(UnitSite.unit_id == unit_id)
    ).all()
    count, total, first, last = session.execute(
        select(
            func.count(Assistance.id),
            func.sum(Assistance.amount),
            func.min(Assistance.start_date),
            func.max(func.coalesce(Assistance.end_date, Assistance.start_date)),
        ).where(Assistance.recipient_unit_id == unit_id)
    ).one()
    currencies = [
        c
        for (c,) in session.execute(
            select(Assistance.currency).where(Assistance.recipient_unit_id == unit_id).distinct()
        )
        if c
    ]
    sample = session.scalars(
        select(Assistance)
        .where(Assistance.recipient_unit_id == unit_id)
        .order_by(Assistance.start_date.is_(None), Assistance.start_date.desc(), Assistance.id)
        .limit(ASSISTANCE_ROWS)
    ).all()

    claims.load(
        [
            unit.claim_id,
            *(n.claim_id for n in names),
            *(r.claim_id for r, _ in rel_up),
            *(r.claim_id for r, _ in rel_down),
            *(p.claim_id for p, _ in posts),
            *(i.claim_id for i in incidents),
            *(s.claim_id for s, _ in sites),
            *(a.claim_id for a in sample),
        ]
    )

    def rel(r: UnitRelation, other: Unit) -> UnitRelationRef:
        return UnitRelationRef(
            unit_id=other.id,
            name=other.name,
            relation=r.relation,
            relation_class=r.relation_class,
            claim=claims.get(r.claim_id),
        )

    postings = [
        UnitPostingRef(
            person_id=p.id,
            person=p.name,
            role=post.role,
            title=post.title,
            rank=post.rank,
            is_commander=post.is_commander,
            start_context=post.start_context,
            end_context=post.end_context,
            claim=claims.get(post.claim_id),
        )
        for post, p in posts
    ]
    walked = Walker(evidence or Evidence(session)).walk_unit(unit_id)
    out = UnitProfile(
        record=_record(unit),
        claim=claims.get(unit.claim_id),
        names=[NameRef(name=n.name, kind=n.kind, lang=n.lang) for n in names],
        parents=sorted((rel(r, u) for r, u in rel_up), key=_date_key),
        subordinates=sorted((rel(r, u) for r, u in rel_down), key=lambda x: (x.name, _date_key(x))),
        commanders=sorted((x for x in postings if x.is_commander), key=_date_key),
        other_postings=sorted((x for x in postings if not x.is_commander), key=_date_key),
        incidents=sorted((_incident_ref(i, claims) for i in incidents), key=lambda x: x.start_date or ""),
        incidents_inferred=_walked(walked, claims, lambda h: h.relation == "unit_perpetrator" and h.inferred),
        incidents_of_subordinates=_walked(walked, claims, lambda h: h.relation == "subordinate_unit"),
        sites=sorted(
            (
                SiteRef(kind=s.kind, location_id=loc.id, location=loc.name, claim=claims.get(s.claim_id))
                for s, loc in sites
            ),
            key=_date_key,
        ),
        assistance=AssistanceSummary(
            count=count or 0,
            total_amount=float(total) if total is not None else None,
            currency=currencies[0] if len(currencies) == 1 else (currencies or None),
            first_date=first,
            last_date=last,
            rows=[RecordRow(_record(a, skip=("claim_id",)), claims.get(a.claim_id)) for a in sample],
        ),
    )
    return public_view(out, personal=personal)


def _incident_ref(i: Incident, claims: _Claims) -> IncidentRef:
    return IncidentRef(
        incident_id=i.id,
        title=i.title,
        start_date=i.start_date,
        end_date=i.end_date,
        place=i.place_text,
        status=i.status,
        is_gvhr=i.is_gvhr,
        claim=claims.get(i.claim_id),
    )


def _walked(hits: list[Hit], claims: _Claims, keep: Any) -> list[WalkedIncident]:
    """The walk's incident hits that ``keep`` selects, as page entries with the claim and citations of every fact."""
    chosen = [h for h in hits if h.kind == "incident" and keep(h)]
    claims.load(f.claim_id for h in chosen for f in h.facts)
    out = []
    for h in chosen:
        inc = h.incident or {}
        incident_fact = next((f for f in h.facts if f.kind == "incident"), None)
        out.append(
            WalkedIncident(
                incident_id=inc.get("id"),
                title=inc.get("title"),
                start_date=inc.get("start_date"),
                end_date=inc.get("end_date"),
                place=inc.get("place"),
                status=inc.get("status"),
                is_gvhr=inc.get("is_gvhr"),
                violations=list(dict.fromkeys(v["label"] for v in inc.get("violations") or [])),
                perpetrator_classification=inc.get("perpetrator_classification"),
                relation=h.relation,
                relation_label=h.relation_label,
                link=h.link,
                perpetrator_unit_id=(h.via_unit or {}).get("id"),
                perpetrator_unit=(h.via_unit or {}).get("name"),
                chain=h.chain,
                posting=h.posting,
                commanders=h.commanders,
                certainty=h.certainty,
                certainty_label=h.certainty_label,
                inference=h.inference,
                explanation=list(h.explanation),
                other_paths=h.other_paths,
                against=list(h.against),
                claim=claims.get(incident_fact.claim_id) if incident_fact else None,
                facts=[
                    WalkedFact(kind=f.kind, id=f.id, summary=f.summary, dates=f.dates, claim=claims.get(f.claim_id))
                    for f in h.facts
                ],
            )
        )
    return sorted(out, key=lambda x: (x.start_date or "", x.incident_id or ""))


# ------------------------------------------------------------------ person


def person_profile(
    session: Session, person_id: str, *, personal: bool = False, evidence: Evidence | None = None
) -> PersonProfile:
    """``evidence``: a loaded :class:`~forcecheck.screen.evidence.Evidence` to reuse across pages (else loaded here).
    The result is the public view unless ``personal`` (identifiers are read only then)."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id!r}")
    claims = _Claims(session)
    names = session.scalars(
        select(Name).where(Name.person_id == person_id).order_by(Name.kind != "primary", Name.name)
    ).all()
    posts = session.execute(
        select(Posting, Unit).join(Unit, Unit.id == Posting.unit_id).where(Posting.person_id == person_id)
    ).all()
    incidents = session.scalars(
        select(Incident)
        .join(IncidentPerpetrator, IncidentPerpetrator.incident_id == Incident.id)
        .where(IncidentPerpetrator.person_id == person_id)
        .distinct()
    ).all()
    entries = session.scalars(select(ListEntry).where(ListEntry.person_id == person_id)).all()
    idents = session.scalars(select(Identifier).where(Identifier.person_id == person_id)).all() if personal else []
    claims.load(
        [
            person.claim_id,
            *(p.claim_id for p, _ in posts),
            *(i.claim_id for i in incidents),
            *(e.claim_id for e in entries),
            *(x.claim_id for x in idents),
        ]
    )
    walked = Walker(evidence or Evidence(session)).walk_person(person_id)
    out = PersonProfile(
        record=_record(person),
        claim=claims.get(person.claim_id),
        names=[
            PersonNameRef(
                name=n.name,
                kind=n.kind,
                lang=n.lang,
                given_names=n.given_names,
                paternal_surname=n.paternal_surname,
                maternal_surname=n.maternal_surname,
            )
            for n in names
        ],
        postings=sorted(
            (
                PersonPostingRef(
                    unit_id=u.id,
                    unit=u.name,
                    role=p.role,
                    title=p.title,
                    rank=p.rank,
                    is_commander=p.is_commander,
                    start_context=p.start_context,
                    end_context=p.end_context,
                    claim=claims.get(p.claim_id),
                )
                for p, u in posts
            ),
            key=_date_key,
        ),
        incidents=sorted((_incident_ref(i, claims) for i in incidents), key=lambda x: x.start_date or ""),
        incidents_through_postings=_walked(walked, claims, lambda h: h.relation != "named_perpetrator"),
        list_entries=[RecordRow(_record(e, skip=("claim_id",)), claims.get(e.claim_id)) for e in entries],
        identifiers=[RecordRow(_record(x, skip=("claim_id",)), claims.get(x.claim_id)) for x in idents]
        if personal
        else None,
    )
    return public_view(out, personal=personal)


# ------------------------------------------------------------------ incident


def incident_profile(session: Session, incident_id: str, *, personal: bool = False) -> IncidentProfile:
    inc = session.get(Incident, incident_id)
    if inc is None:
        raise NotFound(f"no incident with id {incident_id!r}")
    claims = _Claims(session)
    loc = session.get(Location, inc.location_id) if inc.location_id else None
    violations = session.scalars(
        select(IncidentViolation).where(IncidentViolation.incident_id == incident_id).order_by(IncidentViolation.code)
    ).all()
    perps = session.scalars(select(IncidentPerpetrator).where(IncidentPerpetrator.incident_id == incident_id)).all()
    statuses = session.scalars(select(IncidentStatus).where(IncidentStatus.incident_id == incident_id)).all()
    unit_names = (
        dict(
            session.execute(select(Unit.id, Unit.name).where(Unit.id.in_([p.unit_id for p in perps if p.unit_id])))
            .tuples()
            .all()
        )
        if perps
        else {}
    )
    person_names = (
        dict(
            session.execute(
                select(Person.id, Person.name).where(Person.id.in_([p.person_id for p in perps if p.person_id]))
            )
            .tuples()
            .all()
        )
        if perps
        else {}
    )
    claims.load([inc.claim_id, *(p.claim_id for p in perps), *(s.claim_id for s in statuses)])
    out = IncidentProfile(
        record=_record(inc),
        claim=claims.get(inc.claim_id),
        location=_record(loc, skip=("claim_id",)) if loc else None,
        violations=[ViolationRef(code=v.code, source_words=v.source_words, is_gvhr=v.is_gvhr) for v in violations],
        perpetrators=[
            PerpetratorRef(
                unit_id=p.unit_id,
                unit=unit_names.get(p.unit_id),
                person_id=p.person_id,
                person=person_names.get(p.person_id),
                organization_id=p.organization_id,
                classification=p.classification,
                claim=claims.get(p.claim_id),
            )
            for p in perps
        ],
        status_history=sorted(
            (StatusRef(status=s.status, date=s.date, claim=claims.get(s.claim_id)) for s in statuses),
            key=lambda x: x.date or "",
        ),
    )
    return public_view(out, personal=personal)


PROFILES = {"unit": unit_profile, "person": person_profile, "incident": incident_profile}


def profile(session: Session, kind: str, query: str, *, personal: bool = False) -> Profile:
    """Resolve ``query`` to one ``kind`` record and return its profile (the public view unless ``personal``)."""
    return PROFILES[kind](session, resolve(session, kind, query), personal=personal)


def profile_dict(session: Session, kind: str, query: str, *, personal: bool = False) -> dict[str, Any]:
    """:func:`profile` as JSON-ready data."""
    return to_json(profile(session, kind, query, personal=personal))


__all__ = ["Ambiguous", "resolve", "unit_profile", "person_profile", "incident_profile", "profile", "profile_dict"]
