"""Idempotent writes.

Importers describe the rows they want as ``(Model, values)`` with deterministic ids; the
Writer inserts what is missing, updates what differs and leaves the rest alone, so that
importing the same file twice changes nothing (not even the audit log).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Base

_LOOKUP_CHUNK = 500


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (Decimal, float, int)) and isinstance(b, (Decimal, float, int)) and not isinstance(a, bool):
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


class Writer:
    def __init__(self, session: Session):
        self.session = session
        self.counts: Counter[str] = Counter()

    def put_many(self, model: type[Base], rows: Iterable[dict[str, Any]]) -> None:
        """Insert or update ``rows`` (dicts with an ``id``) of ``model``; last one wins on duplicate ids."""
        by_id: dict[str, dict[str, Any]] = {}
        for r in rows:
            by_id[r["id"]] = r
        ids = list(by_id)
        existing: dict[str, Base] = {}
        for i in range(0, len(ids), _LOOKUP_CHUNK):
            chunk = ids[i : i + _LOOKUP_CHUNK]
            for obj in self.session.execute(select(model).where(model.id.in_(chunk))).scalars():  # type: ignore[attr-defined]
                existing[obj.id] = obj  # type: ignore[attr-defined]
        table = model.__tablename__
        for rid, values in by_id.items():
            obj = existing.get(rid)
            if obj is None:
                self.session.add(model(**values))
                self.counts[f"{table}.inserted"] += 1
                continue
            changed = False
            for k, v in values.items():
                if not _same(getattr(obj, k), v):
                    setattr(obj, k, v)
                    changed = True
            self.counts[f"{table}.updated" if changed else f"{table}.unchanged"] += 1

    def put(self, model: type[Base], **values: Any) -> None:
        self.put_many(model, [values])

    def summary(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for key, n in sorted(self.counts.items()):
            table, what = key.rsplit(".", 1)
            out.setdefault(table, {"inserted": 0, "updated": 0, "unchanged": 0})[what] = n
        return out
