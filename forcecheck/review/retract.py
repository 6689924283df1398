"""Taking back an accepted claim: ``retract`` (and ``revise``: editing an accepted claim is a
retraction plus a new accepted claim).

The claim is never deleted: its status becomes ``retracted`` (vocab ``claim_statuses``, not
evidence), its payload and citations stay, the reason goes to its note, and a
``ClaimRetraction`` row records who, when, why, what replaced it and what it touched. The rows
the claim had materialised are taken out of the evidence:

* links that are the claim's own fact are removed: incident perpetrators and statuses, the
  incident's violations, postings, unit relations and sites, assistance, certification,
  identifiers, and the names (aliases) it added;
* entities it created (incident, person, unit, organization, location) are removed when nothing
  else refers to them (no other row, no other accepted claim's subject); otherwise they are kept
  and listed as kept.

So after retracting the incident claim that named a defender as perpetrator, the defender no
longer screens as a perpetrator (screening reads accepted facts only, and the link is gone).

**For the vetting workflow** (the hook): every retraction is a ``claim_retraction`` row, written
through the audited session, so the audit log holds an ``insert`` event on table
``claim_retraction`` — the *ClaimRetracted* event — whose record is the retraction id.
``ClaimRetraction.entities`` lists ``{"table", "id"}`` of every unit, person, organization and
incident whose evidence changed; :func:`retractions_since` and :func:`entities_touched` return
them, so that a clearance that relied on one of them can be flagged for a new review.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..ids import make_id
from ..store.models import (
    Assistance,
    Base,
    Certification,
    Citation,
    Claim,
    ClaimRetraction,
    Identifier,
    Incident,
    IncidentPerpetrator,
    IncidentStatus,
    IncidentViolation,
    ListEntry,
    Location,
    Name,
    Organization,
    Person,
    Posting,
    Unit,
    UnitRelation,
    UnitSite,
    utcnow,
)
from .queue import ReviewError, get_claim

#: Rows that are the claim's own fact: removed with it.
LINKS: tuple[type[Base], ...] = (
    IncidentPerpetrator,
    IncidentStatus,
    Posting,
    UnitRelation,
    UnitSite,
    Assistance,
    Certification,
    Identifier,
    ListEntry,
    Name,
)
#: Entities a claim may have created: removed when nothing else refers to them (in this order).
ENTITIES: tuple[type[Base], ...] = (Incident, Person, Unit, Organization, Location)
#: The columns of a link that name an entity whose evidence changes with it.
_REFS = {
    "unit_id": "unit",
    "person_id": "person",
    "organization_id": "organization",
    "incident_id": "incident",
    "parent_id": "unit",
    "recipient_unit_id": "unit",
    "location_id": "location",
}


def _touched(row: Base) -> list[tuple[str, str]]:
    out = []
    for col, table in _REFS.items():
        v = getattr(row, col, None)
        if v:
            out.append((table, v))
    return out


def _references(session: Session, model: type[Base], entity_id: str, claim: Claim) -> int:
    """How many rows (other than the entity's own names) and other accepted claims refer to it."""
    table = model.__table__
    n = 0
    for other in Base.metadata.sorted_tables:
        if other.name in ("name", "claim_retraction"):
            continue
        for fk in other.foreign_keys:
            if fk.column.table is table and fk.parent.table is not table:
                n += session.scalar(select(func.count()).select_from(other).where(fk.parent == entity_id)) or 0
    tname = table.name
    n += (
        session.scalar(
            select(func.count())
            .select_from(Claim)
            .where(
                Claim.subject_table == tname,
                Claim.subject_id == entity_id,
                Claim.id != claim.id,
                Claim.status == "accepted",
            )
        )
        or 0
    )
    return n


def _owner(name: Name) -> tuple[str, str]:
    if name.unit_id:
        return "unit", name.unit_id
    if name.person_id:
        return "person", name.person_id
    return "organization", name.organization_id


def retract(
    session: Session, claim_id: str, reviewer: str, reason: str, *, replaced_by: str | None = None
) -> ClaimRetraction:
    """Retract an accepted claim (see the module docstring); returns the retraction record."""
    claim = get_claim(session, claim_id)
    if claim.status != "accepted":
        raise ReviewError(
            f"claim {claim.id} is {claim.status}: only accepted claims can be retracted"
            + (" (reject a proposed one)" if claim.status in ("proposed", "conflict") else "")
        )
    if not reason or not reason.strip():
        raise ReviewError("a reason is required to retract a claim")
    affected: list[dict[str, str]] = []
    touched: dict[tuple[str, str], None] = {}
    if claim.subject_table and claim.subject_id:
        touched[(claim.subject_table, claim.subject_id)] = None
    created = {m: list(session.scalars(select(m).where(m.claim_id == claim.id).order_by(m.id))) for m in ENTITIES}
    doomed_owners = {(m.__tablename__, r.id) for m, rows in created.items() for r in rows}
    # 1. the claim's own links
    for model in LINKS:
        for row in session.scalars(select(model).where(model.claim_id == claim.id).order_by(model.id)):
            if model is Name:
                owner = _owner(row)
                if owner in doomed_owners or row.kind == "primary":
                    continue  # the names of an entity it created are decided with the entity
                touched[owner] = None
            for t in _touched(row):
                touched[t] = None
            affected.append({"table": model.__tablename__, "id": row.id, "action": "removed"})
            session.delete(row)
    session.flush()
    # 2. entities it created, unless something else refers to them
    for model in ENTITIES:
        for row in created[model]:
            key = (model.__tablename__, row.id)
            touched[key] = None
            if model is Incident:
                if _references(session, Incident, row.id, claim) - _own_violations(session, row.id) > 0:
                    affected.append({"table": "incident", "id": row.id, "action": "kept"})
                    continue
                for v in session.scalars(select(IncidentViolation).where(IncidentViolation.incident_id == row.id)):
                    affected.append({"table": "incident_violation", "id": v.id, "action": "removed"})
                    session.delete(v)
                session.flush()
            elif _references(session, model, row.id, claim) > 0:
                affected.append({"table": model.__tablename__, "id": row.id, "action": "kept"})
                continue
            if model in (Person, Unit, Organization):
                col = {Person: Name.person_id, Unit: Name.unit_id, Organization: Name.organization_id}[model]
                others = list(session.scalars(select(Name).where(col == row.id, Name.claim_id != claim.id)))
                if others:  # named by other claims too: keep it, without the aliases this claim gave it
                    for n in session.scalars(
                        select(Name).where(col == row.id, Name.claim_id == claim.id, Name.kind != "primary")
                    ):
                        affected.append({"table": "name", "id": n.id, "action": "removed"})
                        session.delete(n)
                    affected.append({"table": model.__tablename__, "id": row.id, "action": "kept"})
                    continue
                for n in session.scalars(select(Name).where(col == row.id)):
                    affected.append({"table": "name", "id": n.id, "action": "removed"})
                    session.delete(n)
                session.flush()
            affected.append({"table": model.__tablename__, "id": row.id, "action": "removed"})
            session.delete(row)
            session.flush()
    claim.status = "retracted"
    note = f"retracted by {reviewer}: {reason.strip()}" + (f" (replaced by {replaced_by})" if replaced_by else "")
    claim.note = f"{claim.note}\n{note}" if claim.note else note
    claim.reviewed_by, claim.reviewed_at = reviewer, utcnow()
    entities = [{"table": t, "id": i} for t, i in touched if t in ("unit", "person", "organization", "incident")]
    rec = ClaimRetraction(
        id=make_id("retraction", claim.id),
        claim_id=claim.id,
        reason=reason.strip(),
        retracted_by=reviewer,
        retracted_at=utcnow(),
        replaced_by=replaced_by,
        affected=affected,
        entities=entities,
    )
    session.add(rec)
    session.flush()
    return rec


def _own_violations(session: Session, incident_id: str) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(IncidentViolation).where(IncidentViolation.incident_id == incident_id)
        )
        or 0
    )


def revise(session: Session, claim_id: str, changes: dict[str, Any], reviewer: str, reason: str) -> Claim:
    """Edit an accepted claim: a new claim with the changes (same citations) is accepted and the
    old one is retracted, replaced by it; both stay in the history."""
    from .actions import _apply, accept  # the actions module imports this one

    old = get_claim(session, claim_id)
    if old.status != "accepted":
        raise ReviewError(f"claim {old.id} is {old.status}: only an accepted claim is revised")
    if not reason or not reason.strip():
        raise ReviewError("a reason is required to change an accepted claim")
    new_id = make_id("claim-rev", old.id)
    new = Claim(
        id=new_id,
        kind=old.kind,
        status="proposed",
        confidence=old.confidence,
        first_date=old.first_date,
        first_approx=old.first_approx,
        last_date=old.last_date,
        last_approx=old.last_approx,
        open_ended=old.open_ended,
        made_by=old.made_by,
        payload=_apply(copy.deepcopy(old.payload or {}), changes),
        note=f"revision of {old.id}: {reason.strip()}",
    )
    session.add(new)
    session.flush()
    for cit in old.citations:
        session.add(
            Citation(
                id=make_id("cit", new_id, cit.source_id, cit.span_start, cit.span_end),
                claim_id=new_id,
                source_id=cit.source_id,
                locator=cit.locator,
                page=cit.page,
                row=cit.row,
                span_start=cit.span_start,
                span_end=cit.span_end,
                quote=cit.quote,
                archive_url=cit.archive_url,
                accessed_on=cit.accessed_on,
            )
        )
    session.flush()
    session.refresh(new)
    retract(session, old.id, reviewer, reason, replaced_by=new_id)
    done = accept(session, new_id, reviewer)
    if done.status != "accepted":
        raise ReviewError(f"the revised claim cannot be accepted: {(done.note or '').splitlines()[-1]}")
    return done


def retractions_since(session: Session, since: datetime | None = None) -> list[ClaimRetraction]:
    """Retractions (oldest first), optionally only those at or after ``since``: what the vetting
    workflow reads to flag clearances that relied on the entities they touched."""
    q = select(ClaimRetraction).order_by(ClaimRetraction.retracted_at, ClaimRetraction.id)
    if since is not None:
        q = q.where(ClaimRetraction.retracted_at >= since)
    return list(session.scalars(q))


def entities_touched(session: Session, since: datetime | None = None) -> set[tuple[str, str]]:
    """(table, id) of every unit, person, organization and incident whose evidence a retraction changed."""
    return {(e["table"], e["id"]) for r in retractions_since(session, since) for e in (r.entities or [])}
