"""What the evidence base holds: counts per entity and per claim status."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import (
    Assistance,
    AuditEvent,
    Certification,
    Citation,
    Claim,
    Incident,
    ListEntry,
    Location,
    Name,
    Organization,
    Person,
    Posting,
    Source,
    Unit,
    UnitRelation,
)

_COUNTED = {
    "sources": Source,
    "citations": Citation,
    "claims": Claim,
    "units": Unit,
    "unit_relations": UnitRelation,
    "persons": Person,
    "organizations": Organization,
    "names": Name,
    "postings": Posting,
    "incidents": Incident,
    "assistance": Assistance,
    "certifications": Certification,
    "list_entries": ListEntry,
    "locations": Location,
    "audit_events": AuditEvent,
}


def stats(session: Session) -> dict[str, Any]:
    out: dict[str, Any] = {
        key: session.scalar(select(func.count()).select_from(model)) or 0 for key, model in _COUNTED.items()
    }
    out["claims_by_status"] = {
        s: n
        for s, n in session.execute(select(Claim.status, func.count()).group_by(Claim.status).order_by(Claim.status))
    }
    out["assistance_by_kind"] = {
        k: n
        for k, n in session.execute(
            select(Assistance.kind, func.count()).group_by(Assistance.kind).order_by(Assistance.kind)
        )
    }
    out["assistance_by_recipient_level"] = {
        k: n
        for k, n in session.execute(
            select(Assistance.recipient_level, func.count())
            .group_by(Assistance.recipient_level)
            .order_by(Assistance.recipient_level)
        )
    }
    return out
