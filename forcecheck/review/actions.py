"""The reviewer's actions: edit, accept, merge, reject, retract. Each records who and when on the
claim. Every ``--set`` value is checked against the claim's schema (``schema.py``) before anything
is written; editing an accepted claim retracts it and accepts a corrected copy (``retract.py``)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from ..errors import NotFound
from ..store.models import Claim, utcnow
from .materialise import add_name, materialise, name_key, source_of
from .queue import MERGE_TARGETS, MERGEABLE, OPEN, ReviewError, get_claim
from .retract import retract, revise
from .schema import validate

__all__ = ["accept", "edit", "merge", "parse_assignments", "reject", "retract", "revise"]


def parse_assignments(items: Iterable[str]) -> dict[str, Any]:
    """``["classification=police", "victims.count=43", "aliases=[\\"El Chapo\\"]"]`` -> dict.
    Values are JSON when they parse as JSON (numbers, lists, null, true), else strings."""
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise ReviewError(f"expected key=value, got {item!r}")
        key, raw = item.split("=", 1)
        key = key.strip()
        if not key:
            raise ReviewError(f"empty key in {item!r}")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        out[key] = value
    return out


def _apply(payload: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(payload or {})
    for key, value in changes.items():
        parts = key.split(".")
        node = new
        for p in parts[:-1]:
            if not isinstance(node.get(p), dict):
                node[p] = {}
            node = node[p]
        node[parts[-1]] = value
    return new


def _check_open(claim: Claim, action: str) -> None:
    if claim.status not in OPEN:
        raise ReviewError(f"claim {claim.id} is {claim.status}: only proposed or conflicting claims can be {action}")


def _stamp(claim: Claim, reviewer: str) -> None:
    claim.reviewed_by = reviewer
    claim.reviewed_at = utcnow()


def _add_note(claim: Claim, note: str) -> None:
    claim.note = f"{claim.note}\n{note}" if claim.note else note


# --------------------------------------------------------------------------- actions


def edit(session: Session, claim_id: str, changes: dict[str, Any], reviewer: str, reason: str | None = None) -> Claim:
    """Change fields of a proposed claim's payload (dotted keys reach into objects: ``victims.count``).

    Values are checked against the claim's schema first (a count is a whole number, a status is
    from the vocabulary): a value that does not fit raises ReviewError naming the field, and
    nothing is changed. An *accepted* claim is revised instead (``reason`` required): it is
    retracted and a corrected copy accepted; the copy is returned."""
    claim = get_claim(session, claim_id)
    if not changes:
        raise ReviewError("nothing to change: give key=value pairs")
    changes = validate(claim.kind, changes)
    if claim.status == "accepted":
        if not reason or not reason.strip():
            raise ReviewError(
                f"claim {claim.id} is accepted: give a reason to revise it "
                "(it is retracted and a corrected copy accepted)"
            )
        return revise(session, claim_id, changes, reviewer, reason)
    _check_open(claim, "edited")
    before = claim.payload or {}
    claim.payload = _apply(before, changes)
    _add_note(claim, "edited: " + ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in changes.items()))
    _stamp(claim, reviewer)
    session.flush()
    return claim


def accept(session: Session, claim_id: str, reviewer: str, edits: dict[str, Any] | None = None) -> Claim:
    """Accept a proposed claim (after optional edits) and materialise it into entity rows.

    A posting without a named holder or unit stays proposed, with a note saying what to set."""
    claim = get_claim(session, claim_id)
    _check_open(claim, "accepted")
    if edits:
        edit(session, claim_id, validate(claim.kind, edits), reviewer)
    payload = claim.payload or {}
    table, subject, note = materialise(session, claim, payload)
    if note:
        _add_note(claim, note)
        _stamp(claim, reviewer)
        session.flush()
        return claim
    claim.status = "accepted"
    claim.subject_table, claim.subject_id = table, subject
    _stamp(claim, reviewer)
    session.flush()
    return claim


def merge(session: Session, claim_id: str, entity_table: str, entity_id: str, reviewer: str) -> Claim:
    """Attach a person/unit/armed-group mention to an existing entity as a Name alias; the
    claim (with its citation) is accepted as the evidence of that name."""
    claim = get_claim(session, claim_id)
    _check_open(claim, "merged")
    model = MERGE_TARGETS.get(entity_table)
    if model is None:
        raise ReviewError(f"merge into one of {', '.join(MERGE_TARGETS)}, not {entity_table!r}")
    allowed = MERGEABLE.get(claim.kind)
    if not allowed or entity_table not in allowed:
        raise ReviewError(
            f"a {claim.kind} claim cannot be merged into a {entity_table}"
            + (
                f" (only into {', '.join(allowed)})"
                if allowed
                else " (merge applies to person, unit and armed_group claims)"
            )
        )
    target = session.get(model, entity_id)
    if target is None:
        raise NotFound(f"no {entity_table} {entity_id!r}")
    p = claim.payload or {}
    src = source_of(session, claim)
    lang = src.language if src and src.language in ("en", "es") else None
    for name in dict.fromkeys(n for n in (p.get("text"), p.get("name"), *(p.get("aliases") or [])) if n):
        if name_key(name) != name_key(target.name):
            add_name(session, entity_table, entity_id, name, "alias", claim, lang)
    claim.status = "accepted"
    claim.subject_table, claim.subject_id = entity_table, entity_id
    _add_note(claim, f"merged into {entity_table}:{entity_id}")
    _stamp(claim, reviewer)
    session.flush()
    return claim


def reject(session: Session, claim_id: str, reviewer: str, reason: str) -> Claim:
    """Reject a proposed claim, keeping it (and the reason) so that it is not proposed again."""
    claim = get_claim(session, claim_id)
    _check_open(claim, "rejected")
    if not reason or not reason.strip():
        raise ReviewError("a reason is required to reject a claim")
    claim.status = "rejected"
    _add_note(claim, f"rejected: {reason.strip()}")
    _stamp(claim, reviewer)
    session.flush()
    return claim
