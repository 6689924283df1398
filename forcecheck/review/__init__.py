"""The review queue: a researcher accepts, edits, merges or rejects proposed claims.

Extraction stores *proposed* claims whose content is JSON (``Claim.payload``, the shape of
``ProposedClaim.as_dict()``). Nothing proposed counts as evidence: the rest of forcecheck reads
accepted claims and entity rows only. ``accept`` materialises the payload into entity rows
that point at the claim (``claim_id``); the claim's ``subject_table``/``subject_id`` point at
the main row:

* person -> Person + Name (primary, and aliases);       unit -> Unit + Name;
* armed_group -> Organization (org_type armed_group) + Name;  place -> Location;
* posting -> Posting (the person and the unit found by name or created). A posting whose
  holder is not named ("the mayor of Matamoros") stays proposed with a note until the
  reviewer sets ``person`` (``edits={"person": "..."}``);
* incident -> Incident + IncidentViolation (vocabulary codes, the source's words, GVHR) +
  IncidentPerpetrator (units, persons, armed groups found or created; or only the
  classification) + IncidentStatus (dated with the source's publication date);
* assistance -> Assistance (kind, donor, recipient text, amount, currency, quantity, period);
* certification, date, money -> the claim is accepted and stays a claim: certification
  statistics ("more than 10 percent ... failed") are not one person's Certification.

``merge`` attaches a person/unit/armed-group mention to an entity already in the evidence base
as a Name alias (the claim's citation is the evidence). ``reject`` keeps the claim with its
reason. Every action records the reviewer and the time on the claim, and the session's audit
hook logs every row written.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import vocab
from ..errors import ForcecheckError, NotFound
from ..ids import make_id
from ..store.models import (
    Assistance,
    Citation,
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
    utcnow,
)

#: Claim statuses a reviewer can act on.
OPEN = ("proposed", "conflict")
MERGE_TARGETS = {"unit": Unit, "person": Person, "organization": Organization}
MERGEABLE = {"person": ("person",), "unit": ("unit", "organization"), "armed_group": ("organization", "unit")}


class ReviewError(ForcecheckError):
    """A review action that cannot be done (wrong status, missing field, bad value)."""


# --------------------------------------------------------------------------- reading


def list_claims(session: Session, status: str | None = "proposed", type: str | None = None, source: str | None = None,
                limit: int | None = None) -> list[Claim]:
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
    """A claim as a dict for the CLI, the API and the web app."""
    cit = citation_of(claim)
    src = session.get(Source, cit.source_id) if cit else None
    return {
        "id": claim.id, "type": claim.kind, "status": claim.status, "confidence": claim.confidence,
        "text": (claim.payload or {}).get("text"), "span": [cit.span_start, cit.span_end] if cit else None,
        "sentence": cit.quote if cit else (claim.payload or {}).get("sentence"),
        "source": {"id": src.id, "title": src.title, "publisher": src.publisher, "published_date": src.published_date,
                   "restricted": src.restricted} if src else None,
        "payload": claim.payload, "made_by": claim.made_by, "reviewed_by": claim.reviewed_by,
        "reviewed_at": claim.reviewed_at.isoformat(timespec="seconds") if claim.reviewed_at else None,
        "subject": f"{claim.subject_table}:{claim.subject_id}" if claim.subject_table else None, "note": claim.note,
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


# --------------------------------------------------------------------------- helpers


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


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _source_of(session: Session, claim: Claim) -> Source | None:
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
    k = _key(name)
    row = session.execute(select(model.id).where(func.lower(model.name) == k).order_by(model.id).limit(1)).scalar()
    if row:
        return row
    col = {Unit: Name.unit_id, Person: Name.person_id, Organization: Name.organization_id}[model]
    return session.execute(select(col).where(col.is_not(None), func.lower(Name.name) == k).order_by(col).limit(1)).scalar()


def _linked(session: Session, payload: dict[str, Any], key: str, model: type) -> str | None:
    link = (payload.get("links") or {}).get(key)
    if link and session.get(model, link) is not None:
        return link
    return None


def _add_name(session: Session, owner: str, owner_id: str, name: str, kind: str, claim: Claim, lang: str | None) -> None:
    nid = make_id("name", owner_id, kind, name)
    col = {"unit": "unit_id", "person": "person_id", "organization": "organization_id"}[owner]
    existing = session.execute(select(Name).where(getattr(Name, col) == owner_id, func.lower(Name.name) == _key(name))).scalars().first()
    if existing is None and session.get(Name, nid) is None:
        session.add(Name(id=nid, name=name, kind=kind, lang=lang, claim_id=claim.id, **{col: owner_id}))
        session.flush()


def _unit(session: Session, name: str, claim: Claim, lang: str | None, *, classification: str | None = None,
          level: str | None = None, country: str | None = None, link: str | None = None) -> str:
    uid = link or _find_owner(session, Unit, name)
    if uid:
        return uid
    uid = make_id("unit-doc", _key(name))
    if session.get(Unit, uid) is None:
        session.add(Unit(id=uid, name=name, classification=_vocab("unit_classifications", classification, "classification"),
                         government_level=level, country=country, claim_id=claim.id))
        session.flush()
        _add_name(session, "unit", uid, name, "primary", claim, lang)
    return uid


def _person(session: Session, name: str, claim: Claim, lang: str | None, attrs: dict[str, Any] | None = None,
            link: str | None = None) -> str:
    attrs = attrs or {}
    pid = link or _find_owner(session, Person, name)
    if pid is None:
        pid = make_id("person-doc", _key(name))
        if session.get(Person, pid) is None:
            session.add(Person(id=pid, name=name, given_names=attrs.get("given_names"), paternal_surname=attrs.get("paternal_surname"),
                               maternal_surname=attrs.get("maternal_surname"), claim_id=claim.id))
            session.flush()
            _add_name(session, "person", pid, name, "primary", claim, lang)
    for alias in attrs.get("aliases") or []:
        if alias and _key(alias) != _key(name):
            _add_name(session, "person", pid, alias, "alias", claim, lang)
    return pid


def _organization(session: Session, name: str, claim: Claim, lang: str | None, link: str | None = None) -> str:
    oid = link or _find_owner(session, Organization, name)
    if oid:
        return oid
    oid = make_id("org-doc", _key(name))
    if session.get(Organization, oid) is None:
        session.add(Organization(id=oid, name=name, org_type="armed_group", claim_id=claim.id))
        session.flush()
        _add_name(session, "organization", oid, name, "primary", claim, lang)
    return oid


def _location(session: Session, name: str, claim: Claim, country: str | None = None) -> str:
    existing = session.execute(select(Location.id).where(func.lower(Location.name) == _key(name)).order_by(Location.id).limit(1)).scalar()
    if existing:
        return existing
    lid = make_id("loc-doc", _key(name))
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
    k = _key(role)
    for row in vocab.load("roles") if _has_vocab("roles") else ():
        if k == row["code"] or k in {_key(t) for t in vocab.terms(row.get("terms_en", "")) + vocab.terms(row.get("terms_es", ""))}:
            return bool(row.get("is_commander"))
    return False


def _has_vocab(name: str) -> bool:
    return (vocab.HERE / f"{name}.csv").exists()


# --------------------------------------------------------------------------- materialising


def _materialise(session: Session, claim: Claim, p: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """Entity rows for an accepted claim: (subject_table, subject_id, or a note when it must stay proposed)."""
    src = _source_of(session, claim)
    lang = src.language if src and src.language in ("en", "es") else None
    kind = claim.kind
    if kind == "person":
        name = p.get("name") or p.get("text")
        pid = _person(session, name, claim, lang, p, _linked(session, p, "name", Person))
        if p.get("text") and _key(p["text"]) != _key(name):
            _add_name(session, "person", pid, p["text"], "alias", claim, lang)
        return "person", pid, None
    if kind == "unit":
        name = p.get("name") or p.get("text")
        uid = _unit(session, name, claim, lang, classification=p.get("classification"), level=p.get("government_level"),
                    country=p.get("country"), link=_linked(session, p, "name", Unit))
        if _key(p.get("text") or name) != _key(name):
            _add_name(session, "unit", uid, p["text"], "alias", claim, lang)
        return "unit", uid, None
    if kind == "armed_group":
        name = p.get("name") or p.get("text")
        return "organization", _organization(session, name, claim, lang, _linked(session, p, "name", Organization)), None
    if kind == "place":
        return "location", _location(session, p.get("name") or p.get("text"), claim, p.get("country")), None
    if kind == "posting":
        if not p.get("person"):
            return None, None, ("holder not named: the posting stays proposed; set the person with "
                                "`review accept ID --set person=NAME` (or reject it)")
        if not p.get("unit"):
            return None, None, "unit not named: the posting stays proposed; set it with `review accept ID --set unit=NAME`"
        pid = _person(session, p["person"], claim, lang, None, _linked(session, p, "person", Person))
        uid = _unit(session, p["unit"], claim, lang, link=_linked(session, p, "unit", Unit))
        post_id = make_id("posting-doc", claim.id)
        if session.get(Posting, post_id) is None:
            role = p.get("role")
            commander = p["is_commander"] if isinstance(p.get("is_commander"), bool) else _is_commander(role)
            session.add(Posting(id=post_id, person_id=pid, unit_id=uid, role=role, title=p.get("title"), rank=p.get("rank"),
                                is_commander=commander, claim_id=claim.id))
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
    session.add(Incident(
        id=iid, title=(p.get("title") or " ".join(sentence.split()[:14]) + ("…" if len(sentence.split()) > 14 else "")),
        description=sentence.strip() or None, start_date=start, end_date=start, first_allegation_date=src.published_date if src else None,
        location_id=loc, place_text=p.get("place"), perpetrator_classification=p.get("perpetrator_classification"),
        victims_count=victims.get("count") if isinstance(victims, dict) else None,
        victims_description=victims.get("description") if isinstance(victims, dict) else None,
        status=status, is_gvhr=any(gvhr_of.get(c) for c in codes), claim_id=claim.id,
    ))
    session.flush()
    words = list(p.get("source_words") or [])
    for code in dict.fromkeys(codes):
        row = vocab.by_code("violation_types")[code]
        terms = {_key(t) for t in vocab.terms(row.get("terms_en", "")) + vocab.terms(row.get("terms_es", ""))}
        mine = [w for w in words if _key(w) in terms] or words
        session.add(IncidentViolation(id=make_id("viol-doc", iid, code), incident_id=iid, code=code,
                                      source_words="; ".join(dict.fromkeys(mine)) or None, is_gvhr=gvhr_of.get(code, False)))
    classification = p.get("perpetrator_classification")
    units = p.get("perpetrator_units") or []
    for name in dict.fromkeys(units):
        uid = _unit(session, name, claim, lang, classification=classification if classification in vocab.codes("unit_classifications") else None)
        session.add(IncidentPerpetrator(id=make_id("perp-doc", iid, "unit", uid), incident_id=iid, unit_id=uid,
                                        classification=classification, claim_id=claim.id))
    for name in dict.fromkeys(p.get("perpetrator_persons") or []):
        pid = _person(session, name, claim, lang)
        session.add(IncidentPerpetrator(id=make_id("perp-doc", iid, "person", pid), incident_id=iid, person_id=pid, claim_id=claim.id))
    for name in dict.fromkeys(p.get("perpetrator_groups") or []):
        oid = _organization(session, name, claim, lang)
        session.add(IncidentPerpetrator(id=make_id("perp-doc", iid, "org", oid), incident_id=iid, organization_id=oid, claim_id=claim.id))
    if not units and classification:
        session.add(IncidentPerpetrator(id=make_id("perp-doc", iid, "class", classification), incident_id=iid,
                                        classification=classification, claim_id=claim.id))
    session.add(IncidentStatus(id=make_id("istatus-doc", iid, status), incident_id=iid, status=status,
                               date=src.published_date if src else None, claim_id=claim.id))
    session.flush()
    if start:
        claim.first_date = claim.first_date or start
    return iid


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
    session.add(Assistance(
        id=aid, kind=kind, donor=(str(p["donor"])[:40] if p.get("donor") else None), program=p.get("program"),
        recipient_text=recipient, recipient_unit_id=rec_unit, recipient_level="unit" if rec_unit else ("unresolved" if recipient else "none"),
        description=(p.get("sentence") or "").strip() or None, quantity=quantity, amount=amount,
        currency=(str(p["currency"])[:3].upper() if p.get("currency") else None),
        start_date=_date(period.get("start") if isinstance(period, dict) else None),
        end_date=_date(period.get("end") if isinstance(period, dict) else None), claim_id=claim.id,
    ))
    session.flush()
    return aid


# --------------------------------------------------------------------------- actions


def edit(session: Session, claim_id: str, changes: dict[str, Any], reviewer: str) -> Claim:
    """Change fields of a proposed claim's payload (dotted keys reach into objects: ``victims.count``)."""
    claim = get_claim(session, claim_id)
    _check_open(claim, "edited")
    if not changes:
        raise ReviewError("nothing to change: give key=value pairs")
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
        edit(session, claim_id, edits, reviewer)
    payload = claim.payload or {}
    table, subject, note = _materialise(session, claim, payload)
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
        raise ReviewError(f"a {claim.kind} claim cannot be merged into a {entity_table}"
                          + (f" (only into {', '.join(allowed)})" if allowed else " (merge applies to person, unit and armed_group claims)"))
    target = session.get(model, entity_id)
    if target is None:
        raise NotFound(f"no {entity_table} {entity_id!r}")
    p = claim.payload or {}
    src = _source_of(session, claim)
    lang = src.language if src and src.language in ("en", "es") else None
    for name in dict.fromkeys(n for n in (p.get("text"), p.get("name"), *(p.get("aliases") or [])) if n):
        if _key(name) != _key(target.name):
            _add_name(session, entity_table, entity_id, name, "alias", claim, lang)
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


__all__ = ["ReviewError", "list_claims", "get_claim", "claim_view", "mention_in_sentence", "parse_assignments",
           "accept", "edit", "merge", "reject"]
