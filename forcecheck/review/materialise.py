"""Turning an accepted claim's payload into entity rows (the mapping is in the package docstring)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import vocab
from ..ids import make_id
from ..store.models import (
    Assistance,
    Claim,
    Incident,
    IncidentPerpetrator,
    IncidentStatus,
    IncidentViolation,
    Location,
    Name,
    Organization,
    Person,
    Posting,
    Source,
    Unit,
    UnitRelation,
)
from .queue import ReviewError, citation_of

# --------------------------------------------------------------------------- helpers


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def source_of(session: Session, claim: Claim) -> Source | None:
    cit = citation_of(claim)
    return session.get(Source, cit.source_id) if cit else None


def _vocab(name: str, code: Any, field: str) -> str | None:
    if code in (None, ""):
        return None
    try:
        return vocab.check(name, str(code))
    except ValueError as e:
        raise ReviewError(f"{field}: {e}") from None


def _find_owner(session: Session, model: type, name: str) -> str | None:
    """The id of a ``model`` row named ``name`` (canonical name or any Name), case-insensitive."""
    k = name_key(name)
    row = session.execute(select(model.id).where(func.lower(model.name) == k).order_by(model.id).limit(1)).scalar()
    if row:
        return row
    col = {Unit: Name.unit_id, Person: Name.person_id, Organization: Name.organization_id}[model]
    return session.execute(
        select(col).where(col.is_not(None), func.lower(Name.name) == k).order_by(col).limit(1)
    ).scalar()


def _linked(session: Session, payload: dict[str, Any], key: str, model: type) -> str | None:
    link = (payload.get("links") or {}).get(key)
    if link and session.get(model, link) is not None:
        return link
    return None


def add_name(session: Session, owner: str, owner_id: str, name: str, kind: str, claim: Claim, lang: str | None) -> None:
    nid = make_id("name", owner_id, kind, name)
    col = {"unit": "unit_id", "person": "person_id", "organization": "organization_id"}[owner]
    existing = (
        session.execute(select(Name).where(getattr(Name, col) == owner_id, func.lower(Name.name) == name_key(name)))
        .scalars()
        .first()
    )
    if existing is None and session.get(Name, nid) is None:
        session.add(Name(id=nid, name=name, kind=kind, lang=lang, claim_id=claim.id, **{col: owner_id}))
        session.flush()


def _unit(
    session: Session,
    name: str,
    claim: Claim,
    lang: str | None,
    *,
    classification: str | None = None,
    level: str | None = None,
    country: str | None = None,
    link: str | None = None,
    kind: str | None = None,
) -> str:
    """The unit named ``name`` (linked, found by name, or created). A named joint operation
    (``kind="operation"``) is a unit whose source words say so (``classifications_raw``)."""
    uid = link or _find_owner(session, Unit, name)
    if uid:
        return uid
    uid = make_id("unit-doc", name_key(name))
    if session.get(Unit, uid) is None:
        session.add(
            Unit(
                id=uid,
                name=name,
                classification=_vocab("unit_classifications", classification, "classification"),
                classifications_raw=kind or None,
                government_level=level,
                country=country,
                claim_id=claim.id,
            )
        )
        session.flush()
        add_name(session, "unit", uid, name, "primary", claim, lang)
    return uid


def _person(
    session: Session,
    name: str,
    claim: Claim,
    lang: str | None,
    attrs: dict[str, Any] | None = None,
    link: str | None = None,
) -> str:
    attrs = attrs or {}
    pid = link or _find_owner(session, Person, name)
    if pid is None:
        pid = make_id("person-doc", name_key(name))
        if session.get(Person, pid) is None:
            session.add(
                Person(
                    id=pid,
                    name=name,
                    given_names=attrs.get("given_names"),
                    paternal_surname=attrs.get("paternal_surname"),
                    maternal_surname=attrs.get("maternal_surname"),
                    claim_id=claim.id,
                )
            )
            session.flush()
            add_name(session, "person", pid, name, "primary", claim, lang)
    for alias in attrs.get("aliases") or []:
        if alias and name_key(alias) != name_key(name):
            add_name(session, "person", pid, alias, "alias", claim, lang)
    return pid


def _organization(session: Session, name: str, claim: Claim, lang: str | None, link: str | None = None) -> str:
    oid = link or _find_owner(session, Organization, name)
    if oid:
        return oid
    oid = make_id("org-doc", name_key(name))
    if session.get(Organization, oid) is None:
        session.add(Organization(id=oid, name=name, org_type="armed_group", claim_id=claim.id))
        session.flush()
        add_name(session, "organization", oid, name, "primary", claim, lang)
    return oid


def _location(session: Session, name: str, claim: Claim, country: str | None = None) -> str:
    existing = session.execute(
        select(Location.id).where(func.lower(Location.name) == name_key(name)).order_by(Location.id).limit(1)
    ).scalar()
    if existing:
        return existing
    lid = make_id("loc-doc", name_key(name))
    if session.get(Location, lid) is None:
        session.add(Location(id=lid, name=name, country=country, claim_id=claim.id))
        session.flush()
    return lid


def _date(value: Any) -> str | None:
    from ..dates import normalize

    if not value:
        return None
    try:
        return normalize(str(value)[:10])
    except ValueError:
        return None


def _is_commander(role: str | None) -> bool:
    if not role:
        return False
    k = name_key(role)
    for row in vocab.load("roles") if _has_vocab("roles") else ():
        if k == row["code"] or k in {
            name_key(t) for t in vocab.terms(row.get("terms_en", "")) + vocab.terms(row.get("terms_es", ""))
        }:
            return bool(row.get("is_commander"))
    return False


def _has_vocab(name: str) -> bool:
    return (vocab.HERE / f"{name}.csv").exists()


# --------------------------------------------------------------------------- materialising


def materialise(session: Session, claim: Claim, p: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """Entity rows for an accepted claim: (subject_table, subject_id, or a note when it must stay proposed)."""
    src = source_of(session, claim)
    lang = src.language if src and src.language in ("en", "es") else None
    kind = claim.kind
    if kind == "person":
        name = p.get("name") or p.get("text")
        pid = _person(session, name, claim, lang, p, _linked(session, p, "name", Person))
        if p.get("text") and name_key(p["text"]) != name_key(name):
            add_name(session, "person", pid, p["text"], "alias", claim, lang)
        return "person", pid, None
    if kind == "unit":
        name = p.get("name") or p.get("text")
        uid = _unit(
            session,
            name,
            claim,
            lang,
            classification=p.get("classification"),
            level=p.get("government_level"),
            country=p.get("country"),
            link=_linked(session, p, "name", Unit),
            kind=p.get("kind"),
        )
        if name_key(p.get("text") or name) != name_key(name):
            add_name(session, "unit", uid, p["text"], "alias", claim, lang)
        return "unit", uid, None
    if kind == "armed_group":
        name = p.get("name") or p.get("text")
        return (
            "organization",
            _organization(session, name, claim, lang, _linked(session, p, "name", Organization)),
            None,
        )
    if kind == "place":
        return "location", _location(session, p.get("name") or p.get("text"), claim, p.get("country")), None
    if kind == "posting":
        if not p.get("person"):
            return (
                None,
                None,
                (
                    "holder not named: the posting stays proposed; set the person with "
                    "`review accept ID --set person=NAME` (or reject it)"
                ),
            )
        if not p.get("unit"):
            return (
                None,
                None,
                "unit not named: the posting stays proposed; set it with `review accept ID --set unit=NAME`",
            )
        pid = _person(session, p["person"], claim, lang, None, _linked(session, p, "person", Person))
        uid = _unit(session, p["unit"], claim, lang, link=_linked(session, p, "unit", Unit))
        post_id = make_id("posting-doc", claim.id)
        if session.get(Posting, post_id) is None:
            role = p.get("role")
            commander = p["is_commander"] if isinstance(p.get("is_commander"), bool) else _is_commander(role)
            session.add(
                Posting(
                    id=post_id,
                    person_id=pid,
                    unit_id=uid,
                    role=role,
                    title=p.get("title"),
                    rank=p.get("rank"),
                    is_commander=commander,
                    claim_id=claim.id,
                )
            )
            session.flush()
        return "posting", post_id, None
    if kind == "incident":
        return "incident", _incident(session, claim, p, src, lang), None
    if kind == "assistance":
        return "assistance", _assistance(session, claim, p), None
    return None, None, None  # certification, date, money: the accepted claim is the record


def _incident(session: Session, claim: Claim, p: dict[str, Any], src: Source | None, lang: str | None) -> str:
    iid = make_id("incident-doc", claim.id)
    if session.get(Incident, iid) is not None:
        return iid
    codes = [_vocab("violation_types", c, "violation_types") for c in (p.get("violation_types") or [])]
    codes = [c for c in codes if c]
    gvhr_of = {code: bool(row.get("gvhr")) for code, row in vocab.by_code("violation_types").items()}
    status = _vocab("incident_statuses", p.get("status") or "alleged", "status") or "alleged"
    victims = p.get("victims") or {}
    loc = _location(session, p["place"], claim) if p.get("place") else None
    start = _date(p.get("date"))
    sentence = p.get("sentence") or ""
    session.add(
        Incident(
            id=iid,
            title=(p.get("title") or " ".join(sentence.split()[:14]) + ("…" if len(sentence.split()) > 14 else "")),
            description=sentence.strip() or None,
            start_date=start,
            end_date=start,
            first_allegation_date=src.published_date if src else None,
            location_id=loc,
            place_text=p.get("place"),
            perpetrator_classification=p.get("perpetrator_classification"),
            victims_count=victims.get("count") if isinstance(victims, dict) else None,
            victims_description=victims.get("description") if isinstance(victims, dict) else None,
            status=status,
            is_gvhr=any(gvhr_of.get(c) for c in codes),
            claim_id=claim.id,
        )
    )
    session.flush()
    words = list(p.get("source_words") or [])
    for code in dict.fromkeys(codes):
        row = vocab.by_code("violation_types")[code]
        terms = {name_key(t) for t in vocab.terms(row.get("terms_en", "")) + vocab.terms(row.get("terms_es", ""))}
        mine = [w for w in words if name_key(w) in terms] or words
        session.add(
            IncidentViolation(
                id=make_id("viol-doc", iid, code),
                incident_id=iid,
                code=code,
                source_words="; ".join(dict.fromkeys(mine)) or None,
                is_gvhr=gvhr_of.get(code, False),
            )
        )
    classification = p.get("perpetrator_classification")
    units = p.get("perpetrator_units") or []
    operations = set(p.get("perpetrator_operations") or [])
    unit_ids: dict[str, str] = {}
    for name in dict.fromkeys(units):
        uid = unit_ids[name] = _unit(
            session,
            name,
            claim,
            lang,
            kind="operation" if name in operations else None,
            classification=classification if classification in vocab.codes("unit_classifications") else None,
        )
        session.add(
            IncidentPerpetrator(
                id=make_id("perp-doc", iid, "unit", uid),
                incident_id=iid,
                unit_id=uid,
                classification=classification,
                claim_id=claim.id,
            )
        )
    # units named with a joint operation take part in it: SFM's member-of relation, cited by this claim
    for op in (o for o in operations if o in unit_ids):
        for name, uid in unit_ids.items():
            if name not in operations and uid != unit_ids[op]:
                rid = make_id("urel-doc", uid, unit_ids[op], "member-of")
                if session.get(UnitRelation, rid) is None:
                    session.add(
                        UnitRelation(
                            id=rid, unit_id=uid, parent_id=unit_ids[op], relation="member-of", claim_id=claim.id
                        )
                    )
    person_ids: dict[str, str] = {}
    for name in dict.fromkeys(p.get("perpetrator_persons") or []):
        pid = person_ids[name] = _person(session, name, claim, lang)
        session.add(
            IncidentPerpetrator(
                id=make_id("perp-doc", iid, "person", pid), incident_id=iid, person_id=pid, claim_id=claim.id
            )
        )
    for name in dict.fromkeys(p.get("perpetrator_groups") or []):
        oid = _organization(session, name, claim, lang)
        session.add(
            IncidentPerpetrator(
                id=make_id("perp-doc", iid, "org", oid), incident_id=iid, organization_id=oid, claim_id=claim.id
            )
        )
    if not units and classification:
        session.add(
            IncidentPerpetrator(
                id=make_id("perp-doc", iid, "class", classification),
                incident_id=iid,
                classification=classification,
                claim_id=claim.id,
            )
        )
    _statuses(session, claim, p, iid, status, src.published_date if src else None, person_ids)
    session.flush()
    if start:
        claim.first_date = claim.first_date or start
    return iid


def _statuses(
    session: Session,
    claim: Claim,
    p: dict[str, Any],
    iid: str,
    status: str,
    published: str | None,
    person_ids: dict[str, str],
) -> None:
    """The incident's status history: one IncidentStatus per step the text dates (else dated with
    the publication date), for one perpetrator when the step names them; and the current status
    when the history does not end with it (a reviewer's correction)."""
    rows: dict[str, IncidentStatus] = {}
    hist = [h for h in (p.get("status_history") or []) if isinstance(h, dict)]
    for h in hist:
        code = _vocab("incident_statuses", h.get("status"), "status_history.status")
        if not code:
            continue
        date = _date(h.get("date")) or published
        named = [person_ids[n] for n in (h.get("perpetrators") or []) if n in person_ids]
        if set(named) == set(person_ids.values()):
            named = []  # it speaks of every perpetrator: the incident's status
        for pid in named or [None]:
            sid = make_id("istatus-doc", iid, code, date, pid)
            if sid not in rows:
                rows[sid] = IncidentStatus(
                    id=sid,
                    incident_id=iid,
                    status=code,
                    date=date,
                    person_id=pid,
                    source_words=h.get("words"),
                    claim_id=claim.id,
                )
    overall = [r for r in rows.values() if r.person_id is None]
    if not overall or overall[-1].status != status:
        sid = make_id("istatus-doc", iid, status)
        rows.setdefault(sid, IncidentStatus(id=sid, incident_id=iid, status=status, date=published, claim_id=claim.id))
    for r in rows.values():
        session.add(r)


def _assistance(session: Session, claim: Claim, p: dict[str, Any]) -> str:
    aid = make_id("assist-doc", claim.id)
    if session.get(Assistance, aid) is not None:
        return aid
    kind = _vocab("assistance_kinds", p.get("kind") or "other", "kind") or "other"
    period = p.get("period") or {}
    recipient = p.get("recipient")
    rec_unit = _linked(session, p, "recipient", Unit)
    amount = p.get("amount")
    try:
        amount = float(amount) if amount not in (None, "") else None
    except (TypeError, ValueError):
        raise ReviewError(f"amount: not a number: {amount!r}") from None
    quantity = p.get("quantity")
    try:
        quantity = int(quantity) if quantity not in (None, "") else None
    except (TypeError, ValueError):
        raise ReviewError(f"quantity: not a whole number: {quantity!r}") from None
    session.add(
        Assistance(
            id=aid,
            kind=kind,
            donor=(str(p["donor"])[:40] if p.get("donor") else None),
            program=p.get("program"),
            recipient_text=recipient,
            recipient_unit_id=rec_unit,
            recipient_level="unit" if rec_unit else ("unresolved" if recipient else "none"),
            description=(p.get("sentence") or "").strip() or None,
            quantity=quantity,
            amount=amount,
            currency=(str(p["currency"])[:3].upper() if p.get("currency") else None),
            start_date=_date(period.get("start") if isinstance(period, dict) else None),
            end_date=_date(period.get("end") if isinstance(period, dict) else None),
            claim_id=claim.id,
        )
    )
    session.flush()
    return aid
