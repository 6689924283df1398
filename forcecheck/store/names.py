"""The names of the evidence base as plain records, for the candidate index.

``forcecheck.match`` never reads the store; this loader does it for the index:

    from forcecheck.match.index import NameIndex
    from forcecheck.store.names import StoreNames

    idx = NameIndex.from_source(StoreNames(session), cache_dir=settings.index_cache_dir())

Iterating a :class:`StoreNames` yields ``(entity_type, entity_id, name, name_kind)`` tuples, and
for persons a fifth item: the features the person comparer reads (``dob_b``, ``sex_b``,
``country_b``; only those recorded). ``signature()`` changes whenever the Name table does (its
row count and the newest audit hash), so that a cached index is rebuilt exactly then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import AuditEvent, Name, Person

#: The owners a Name row can have (one of its three foreign keys), as index entity types.
KINDS = ("unit", "person", "organization")


class StoreNames:
    """Every name of units, persons and organisations in the evidence base (or of ``kinds``)."""

    def __init__(self, session: Session, kinds: Iterable[str] = KINDS):
        self.session = session
        self.kinds = tuple(kinds)
        for k in self.kinds:
            if k not in KINDS:
                raise ValueError(f"unknown kind {k!r} (expected one of {', '.join(KINDS)})")

    def signature(self) -> str:
        """The Name table's row count, the newest audit hash and the kinds read."""
        count = self.session.scalar(select(func.count()).select_from(Name)) or 0
        last = self.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)) or ""
        return f"{count}|{last}|{','.join(sorted(self.kinds))}"

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        kinds = self.kinds
        q = (
            select(
                Name.unit_id,
                Name.person_id,
                Name.organization_id,
                Name.name,
                Name.kind,
                Person.birth_date,
                Person.sex,
                Person.country,
                Person.nationality,
            )
            .outerjoin(Person, Person.id == Name.person_id)
            .order_by(Name.id)
        )
        for uid, pid, oid, name, nkind, dob, sex, country, nat in self.session.execute(q).yield_per(10_000):
            if uid and "unit" in kinds:
                yield ("unit", uid, name, nkind)
            elif pid and "person" in kinds:
                feats = {k: v for k, v in (("dob_b", dob), ("sex_b", sex), ("country_b", country or nat)) if v}
                yield ("person", pid, name, nkind, feats or None)
            elif oid and "organization" in kinds:
                yield ("organization", oid, name, nkind)


def name_records(session: Session, kinds: Iterable[str] = KINDS) -> Iterator[tuple[Any, ...]]:
    """The records of :class:`StoreNames` (for callers that want only the iterator)."""
    return iter(StoreNames(session, kinds))


__all__ = ["StoreNames", "name_records", "KINDS"]
