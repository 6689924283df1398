"""The audit log: every insert, update and delete, chained by hashes.

A ``before_flush`` hook records one AuditEvent per written row. The event keeps a digest
of the row's values (never the values, so personal data stays out of the log) and a hash
over the previous event's hash, so that a changed or deleted past event is detectable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .models import AuditEvent, AuditHead, Base, utcnow

GENESIS = "0" * 64


def _default(o: Any) -> Any:
    if isinstance(o, (datetime, date)):
        return o.isoformat()
    if isinstance(o, Decimal):
        return str(o.normalize())
    raise TypeError(type(o))


def digest(values: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=_default).encode()).hexdigest()


def chain_hash(prev: str, at: datetime, actor: str, action: str, table: str, record_id: str, dig: str) -> str:
    body = "\x1f".join([prev, at.isoformat(), actor, action, table, record_id, dig])
    return hashlib.sha256(body.encode()).hexdigest()


def _record_id(obj: Base) -> str:
    pk = obj.__mapper__.primary_key_from_instance(obj)
    return ":".join(str(v) for v in pk)


def _changes(session: Session) -> Iterable[tuple[str, Base]]:
    for obj in list(session.new):
        if not isinstance(obj, (AuditEvent, AuditHead)):
            yield "insert", obj
    for obj in list(session.dirty):
        if not isinstance(obj, (AuditEvent, AuditHead)) and session.is_modified(obj, include_collections=False):
            yield "update", obj
    for obj in list(session.deleted):
        if not isinstance(obj, (AuditEvent, AuditHead)):
            yield "delete", obj


@event.listens_for(Session, "before_flush")
def _audit_before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    if not session.info.get("audit", True):
        return
    changes = list(_changes(session))
    if not changes:
        return
    actor = session.info.get("actor") or "unknown"
    head = session.info.get("audit_head")
    if head is None:
        # Lock the head row for the rest of the transaction (FOR UPDATE is a no-op on SQLite,
        # whose writers are serialised by the database lock anyway).
        head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
        if head is None:
            head = AuditHead(id=1, hash=GENESIS, seq=0)
            session.add(head)
        session.info["audit_head"] = head
    prev = head.hash
    at = utcnow()
    for action, obj in changes:
        rid = _record_id(obj)
        dig = digest(obj.values()) if action != "delete" else GENESIS
        h = chain_hash(prev, at, actor, action, obj.__tablename__, rid, dig)
        session.add(
            AuditEvent(
                at=at,
                actor=actor,
                action=action,
                table_name=obj.__tablename__,
                record_id=rid,
                digest=dig,
                prev_hash=prev,
                hash=h,
            )
        )
        prev = h
        head.seq = (head.seq or 0) + 1
    head.hash = prev


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_head(session: Session) -> None:
    session.info.pop("audit_head", None)


def verify_chain(session: Session) -> tuple[bool, int | None]:
    """Walk the log in order; return (True, None) when intact, else (False, seq of the first bad event)."""
    prev = GENESIS
    for ev in session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars():
        if (
            ev.prev_hash != prev
            or chain_hash(prev, ev.at, ev.actor, ev.action, ev.table_name, ev.record_id, ev.digest) != ev.hash
        ):
            return False, ev.seq
        prev = ev.hash
    head = session.get(AuditHead, 1)
    if head is not None and head.hash != prev:
        return False, None
    return True, None
