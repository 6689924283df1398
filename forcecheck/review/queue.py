"""Reading the review queue: list, get and show proposed claims with their sentence."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ForcecheckError, NotFound
from ..store.models import (
    Citation,
    Claim,
    ClaimRetraction,
    Organization,
    Person,
    Source,
    Unit,
)

#: Claim statuses a reviewer can act on.
OPEN = ("proposed", "conflict")
MERGE_TARGETS = {"unit": Unit, "person": Person, "organization": Organization}
MERGEABLE = {"person": ("person",), "unit": ("unit", "organization"), "armed_group": ("organization", "unit")}


class ReviewError(ForcecheckError):
    """A review action that cannot be done (wrong status, missing field, bad value); ``field``
    names the payload field when a value is refused."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# --------------------------------------------------------------------------- reading


def list_claims(
    session: Session,
    status: str | None = "proposed",
    type: str | None = None,
    source: str | None = None,
    limit: int | None = None,
) -> list[Claim]:
    """Claims with a citation to a document source, by source and position. ``status`` None or
    "all": every status."""
    q = select(Claim).join(Citation, Citation.claim_id == Claim.id).where(Claim.payload.is_not(None))
    if status and status != "all":
        q = q.where(Claim.status == status)
    if type:
        q = q.where(Claim.kind == type)
    if source:
        q = q.where(Citation.source_id == source)
    q = q.order_by(Citation.source_id, Citation.span_start, Citation.span_end, Claim.kind)
    if limit:
        q = q.limit(limit)
    return list(session.execute(q).scalars().unique())


def get_claim(session: Session, claim_id: str) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"no claim {claim_id!r}")
    return claim


def citation_of(claim: Claim) -> Citation | None:
    return claim.citations[0] if claim.citations else None


def claim_view(session: Session, claim: Claim) -> dict[str, Any]:
    """A claim as a dict for the CLI, the API and the web app; ``fields`` lists every extracted
    field as (name, plain value), ``retraction`` the retraction record of a retracted claim."""
    from .schema import fields

    cit = citation_of(claim)
    src = session.get(Source, cit.source_id) if cit else None
    rec = None
    if claim.status == "retracted":
        r = session.execute(select(ClaimRetraction).where(ClaimRetraction.claim_id == claim.id)).scalars().first()
        if r is not None:
            rec = {
                "id": r.id,
                "reason": r.reason,
                "by": r.retracted_by,
                "at": r.retracted_at.isoformat(timespec="seconds"),
                "replaced_by": r.replaced_by,
                "entities": r.entities or [],
                "affected": r.affected or [],
            }
    return {
        "id": claim.id,
        "type": claim.kind,
        "status": claim.status,
        "confidence": claim.confidence,
        "text": (claim.payload or {}).get("text"),
        "span": [cit.span_start, cit.span_end] if cit else None,
        "sentence": cit.quote if cit else (claim.payload or {}).get("sentence"),
        "source": {
            "id": src.id,
            "title": src.title,
            "publisher": src.publisher,
            "published_date": src.published_date,
            "restricted": src.restricted,
        }
        if src
        else None,
        "payload": claim.payload,
        "made_by": claim.made_by,
        "reviewed_by": claim.reviewed_by,
        "reviewed_at": claim.reviewed_at.isoformat(timespec="seconds") if claim.reviewed_at else None,
        "subject": f"{claim.subject_table}:{claim.subject_id}" if claim.subject_table else None,
        "note": claim.note,
        "fields": [list(f) for f in fields(claim.kind, claim.payload)],
        "retraction": rec,
    }


def mention_in_sentence(session: Session, claim: Claim) -> tuple[str, int, int]:
    """The sentence and the mention's offsets inside it (for highlighting)."""
    cit = citation_of(claim)
    sentence = (cit.quote if cit else None) or (claim.payload or {}).get("sentence") or ""
    text = (claim.payload or {}).get("text") or ""
    src = session.get(Source, cit.source_id) if cit else None
    if cit and src and src.text and cit.span_start is not None:
        pos = src.text.find(sentence)
        while pos != -1:
            if pos <= cit.span_start and cit.span_end <= pos + len(sentence):
                return sentence, cit.span_start - pos, cit.span_end - pos
            pos = src.text.find(sentence, pos + 1)
    i = sentence.find(text) if text else -1
    return (sentence, i, i + len(text)) if i >= 0 else (sentence, 0, 0)
