"""Link mentions to entities already in the evidence base: a normalised exact match of the
mention (or its canonical name, or an alias) against the ``Name`` table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from forcecheck.match.normalize import norm

from .types import ProposedClaim

_KIND = {"unit": "unit", "person": "person", "armed_group": "organization"}


def name_index(session: Any) -> dict[tuple[str, str], str]:
    from forcecheck.store.models import Name

    index: dict[tuple[str, str], str] = {}
    rows = session.execute(select(Name.name, Name.unit_id, Name.person_id, Name.organization_id)).all()
    for name, uid, pid, oid in rows:
        key = norm(name or "")
        if not key:
            continue
        if uid:
            index.setdefault(("unit", key), uid)
        if pid:
            index.setdefault(("person", key), pid)
        if oid:
            index.setdefault(("organization", key), oid)
    return index


def _find(index: dict, kind: str, *names: str | None) -> str | None:
    for n in names:
        if n:
            hit = index.get((kind, norm(n)))
            if hit:
                return hit
    return None


def link_claims(claims: list[ProposedClaim], session: Any) -> None:
    index = name_index(session)
    if not index:
        return
    for c in claims:
        a = c.attrs
        if c.type in _KIND:
            hit = _find(index, _KIND[c.type], a.get("name"), c.text, *(a.get("aliases") or []))
            if hit:
                c.links["name"] = hit
        elif c.type == "incident":
            for key, kind in (
                ("perpetrator_units", "unit"),
                ("perpetrator_persons", "person"),
                ("perpetrator_groups", "organization"),
            ):
                for j, n in enumerate(a.get(key) or []):
                    hit = _find(index, kind, n)
                    if hit:
                        c.links[f"{key}[{j}]"] = hit
        elif c.type == "posting":
            for key, kind in (("person", "person"), ("unit", "unit")):
                hit = _find(index, kind, a.get(key))
                if hit:
                    c.links[key] = hit
