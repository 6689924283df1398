"""Storing a read document: its Source, one proposed Claim per extracted claim and the Claim's
Citation, in one transaction (all or nothing), and the results in the ``ingest --json`` shape.

A Source's id derives from the SHA-256 of its normalised cleaned text, so the same content
(from any path, URL or format) is found and nothing is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from .. import __version__
from ..ids import make_id
from ..store.models import Citation, Claim, Source
from ..store.writer import Writer
from .options import IngestOptions
from .read import Document


@dataclass
class IngestResult:
    source: dict[str, Any]
    dropped: list[dict[str, str]]
    claims: list[dict[str, Any]]
    already_ingested: bool = False
    origin: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "dropped": self.dropped, "claims": self.claims}
        if self.already_ingested:
            out["already_ingested"] = True
        return out


@dataclass
class BatchResult:
    """Documents ingested and documents refused. An error is ``{"path", "error"}`` plus
    ``"stage"``: ``read`` (bad input), ``extract`` (the extractor failed on it) or ``store``."""

    results: list[IngestResult] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"documents": [r.as_dict() for r in self.results], "errors": self.errors}


def _extractor_version() -> str:
    try:
        from ..extract import pipeline

        return str(getattr(pipeline, "VERSION", None) or __version__)
    except ImportError:
        return __version__


def claim_id_for(source_id: str, span: tuple[int, int] | list[int], ctype: str) -> str:
    return make_id("claim-doc", source_id, int(span[0]), int(span[1]), ctype)


def claim_dict(claim: Claim) -> dict[str, Any]:
    """A stored document claim in the ``ingest --json`` shape, with its id and status."""
    return {"id": claim.id, "status": claim.status, **(claim.payload or {})}


def source_dict(src: Source) -> dict[str, Any]:
    return {
        "id": src.id,
        "kind": src.kind,
        "title": src.title,
        "publisher": src.publisher,
        "published_date": src.published_date,
        "language": src.language,
        "url": src.url,
        "path": src.path,
        "content_hash": src.content_hash,
        "restricted": src.restricted,
        "chars": len(src.text or ""),
    }


def stored_result(session: Any, src: Source, origin: str) -> IngestResult:
    """The result of a document already in the store (its claims as stored)."""
    claims = (
        session.execute(
            select(Claim)
            .join(Citation, Citation.claim_id == Claim.id)
            .where(Citation.source_id == src.id)
            .order_by(Citation.span_start, Citation.span_end, Claim.kind)
        )
        .scalars()
        .unique()
        .all()
    )
    dropped = list((src.meta or {}).get("dropped", []))
    return IngestResult(
        source_dict(src), dropped, [claim_dict(c) for c in claims], already_ingested=True, origin=origin
    )


def find_source(session: Any, doc_hash: str) -> Source | None:
    return (
        session.execute(select(Source).where(Source.content_hash == doc_hash).order_by(Source.id).limit(1))
        .scalars()
        .first()
    )


def record_url(store: Any, doc: Document) -> None:
    """A document ingested before without its address: record the one given now (``--url``)."""
    if not doc.url:
        return
    with store.transaction() as session:
        src = find_source(session, doc.content_hash)
        if src is not None and not src.url:
            src.url = doc.url


def store_document(store: Any, doc: Document, proposed: list[Any], options: IngestOptions) -> IngestResult:
    """Write the Source, one proposed Claim per ProposedClaim and its Citation, in one transaction."""
    sid = doc.source_id
    version = _extractor_version()
    url = doc.url or (doc.origin if doc.is_url else None)
    with store.transaction() as session:
        existing = find_source(session, doc.content_hash)
        if existing is not None:  # another process got there first
            return stored_result(session, existing, doc.origin)
        w = Writer(session)
        w.put(
            Source,
            id=sid,
            kind="article",
            title=doc.title,
            publisher=doc.publisher,
            published_date=doc.published_date,
            url=url,
            language=doc.language,
            content_hash=doc.content_hash,
            restricted=bool(options.restricted),
            path=doc.origin,
            text=doc.text,
            meta=doc.meta,
        )
        session.flush()
        claims, cites = [], []
        accessed = date.today().isoformat() if doc.is_url else None
        for pc in proposed:
            payload = pc.as_dict()
            cid = claim_id_for(sid, pc.span, pc.type)
            claims.append(
                {
                    "id": cid,
                    "kind": pc.type,
                    "status": "proposed",
                    "confidence": pc.confidence,
                    "payload": payload,
                    "made_by": f"extract:{version}",
                }
            )
            cites.append(
                {
                    "id": make_id("cit", cid, sid, pc.span[0], pc.span[1]),
                    "claim_id": cid,
                    "source_id": sid,
                    "span_start": int(pc.span[0]),
                    "span_end": int(pc.span[1]),
                    "quote": (pc.sentence or "").strip(),
                    "accessed_on": accessed,
                }
            )
        w.put_many(Claim, claims)
        session.flush()
        w.put_many(Citation, cites)
        session.flush()
        src = session.get(Source, sid)
        stored = {c["id"]: c for c in claims}
        out_claims = [{"id": cid, "status": "proposed", **c["payload"]} for cid, c in stored.items()]
        return IngestResult(
            source_dict(src), list(doc.meta["dropped"]), out_claims, already_ingested=False, origin=doc.origin
        )
