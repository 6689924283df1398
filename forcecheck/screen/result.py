"""What screening returns: hits that explain themselves, with the citation chain of every fact.

A :class:`Hit` is one thing the evidence base or a watchlist holds against a screened
subject: an incident reached through a posting or the unit hierarchy, or a watchlist entry.
It says which names matched how (the :class:`~forcecheck.match.types.Match`), the relation
(named perpetrator, commander at the time, member, subordinate unit...), whether the link is
*recorded* in the evidence base or *inferred* (Security Force Monitor's linkage rule), how
certain the time overlap is, and every fact used (:class:`FactRef`) with its citations.

``as_dict(personal=False)`` is the public shape: birth dates, identifiers, watchlist remarks
and restricted sources are left out unless ``personal=True``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..match.types import Match


@dataclass
class CitationRef:
    source_id: str
    title: str | None = None
    publisher: str | None = None
    published_date: str | None = None
    url: str | None = None
    archive_url: str | None = None
    page: str | None = None
    row: int | None = None
    locator: str | None = None
    quote: str | None = None
    restricted: bool = False

    def as_dict(self, personal: bool = False) -> dict[str, Any]:
        if self.restricted and not personal:
            return {"source_id": self.source_id, "restricted": True}
        return {
            "source_id": self.source_id, "title": self.title, "publisher": self.publisher,
            "published_date": self.published_date, "url": self.url, "archive_url": self.archive_url,
            "page": self.page, "row": self.row, "locator": self.locator, "quote": self.quote,
        }

    def line(self) -> str:
        if self.restricted:
            return "restricted source"
        parts = [f"\u201c{self.title}\u201d" if self.title else self.source_id]
        parts += [p for p in (self.publisher, self.published_date) if p]
        if self.page:
            parts.append(f"p. {self.page}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.url or self.archive_url:
            parts.append(self.url or self.archive_url or "")
        return ", ".join(parts)


@dataclass
class FactRef:
    """One fact a hit rests on (a posting, an incident, a unit relation...) and its citations."""

    kind: str
    id: str
    summary: str
    dates: str | None = None
    status: str | None = None
    confidence: str | None = None
    citations: list[CitationRef] = field(default_factory=list)
    claim_id: str | None = None  # the claim behind the fact, for callers that render claims themselves (report.profiles)

    def as_dict(self, personal: bool = False) -> dict[str, Any]:
        return {
            "kind": self.kind, "id": self.id, "summary": self.summary, "dates": self.dates,
            "status": self.status, "confidence": self.confidence,
            "citations": [c.as_dict(personal) for c in self.citations],
        }


#: Relations of a hit, in the order an analyst weighs them (strongest first).
RELATIONS: dict[str, str] = {
    "listed": "on a watchlist",
    "named_perpetrator": "named perpetrator",
    "commander": "commander of the perpetrator unit at the time",
    "superior_commander": "commander of a superior of the perpetrator unit at the time (command down the chain)",
    "member": "member of a unit implicated",
    "unit_perpetrator": "the unit itself is the perpetrator unit",
    "subordinate_unit": "a unit subordinate to it at the time is the perpetrator unit",
    "parent_unit": "its parent unit at the time is the perpetrator unit",
}

_PERSONAL_WORDS = re.compile(r"birth|dob|nacimiento|born", re.I)


@dataclass
class Hit:
    kind: str  # incident | watchlist
    relation: str  # a key of RELATIONS
    link: str  # recorded | inferred
    certainty: str  # within | open | later | earlier | undated | listed
    certainty_label: str
    severity: str  # gvhr | watchlist | other_abuse | derogatory
    subject_type: str  # person | unit | organization
    subject_id: str
    subject_name: str
    explanation: list[str] = field(default_factory=list)
    facts: list[FactRef] = field(default_factory=list)
    incident: dict[str, Any] | None = None
    via_unit: dict[str, Any] | None = None
    posting: dict[str, Any] | None = None
    chain: list[str] = field(default_factory=list)  # unit names from the screened/commanded unit down to the perpetrator unit
    commanders: list[dict[str, Any]] = field(default_factory=list)  # unit screening: commanders at the time
    watchlist: dict[str, Any] | None = None
    other_paths: list[str] = field(default_factory=list)
    inference: dict[str, Any] | None = None  # an inferred link's reasons: place (list), time, time_certainty, classification
    weight: float = 1.0  # severity x certainty x link, before the name score
    match: Match | None = None
    score: float = 0.0  # rank score: name score x weight

    @property
    def relation_label(self) -> str:
        return RELATIONS.get(self.relation, self.relation)

    @property
    def inferred(self) -> bool:
        return self.link == "inferred"

    def key(self) -> tuple[str, str]:
        ref = (self.incident or {}).get("id") or (self.watchlist or {}).get("id") or ""
        return (self.subject_id, ref)

    def as_dict(self, personal: bool = False) -> dict[str, Any]:
        watchlist = dict(self.watchlist) if self.watchlist else None
        if watchlist and not personal:
            watchlist.pop("remarks", None)
        return {
            "kind": self.kind,
            "score": round(self.score, 4),
            "relation": self.relation,
            "relation_label": self.relation_label,
            "link": self.link,
            "certainty": self.certainty,
            "certainty_label": self.certainty_label,
            "severity": self.severity,
            "subject": {"type": self.subject_type, "id": self.subject_id, "name": self.subject_name},
            "match": match_dict(self.match, personal) if self.match else None,
            "explanation": [line for line in self.explanation if personal or not _PERSONAL_WORDS.search(line)],
            "incident": self.incident,
            "via_unit": self.via_unit,
            "posting": self.posting,
            "chain": self.chain,
            "commanders": self.commanders,
            "watchlist": watchlist,
            "other_paths": self.other_paths,
            "facts": [f.as_dict(personal) for f in self.facts],
        }


def match_dict(match: Match, personal: bool = False) -> dict[str, Any]:
    """A Match as a dict; without ``personal``, what it says about birth dates is left out."""
    d = match.as_dict()
    if not personal:
        d["explanation"] = ["birth date compared (hidden; ask for personal data to see it)" if _PERSONAL_WORDS.search(e) else e for e in d["explanation"]]
        d["features"] = {k: v for k, v in (d.get("features") or {}).items() if not _PERSONAL_WORDS.search(k)}
    return d


@dataclass
class CandidateRef:
    """A name in the evidence base that the screened name matched (above or below the threshold)."""

    entity_type: str
    entity_id: str
    name: str
    matched_name: str
    match: Match
    walked: bool  # above the threshold: its evidence was walked
    birth_date: str | None = None  # personal

    def as_dict(self, personal: bool = False) -> dict[str, Any]:
        d = {"entity_type": self.entity_type, "entity_id": self.entity_id, "name": self.name,
             "matched_name": self.matched_name, "score": round(self.match.score, 4),
             "is_match": self.match.is_match, "walked": self.walked, "match": match_dict(self.match, personal)}
        if personal:
            d["birth_date"] = self.birth_date
        return d


@dataclass
class ScreenResult:
    query: dict[str, Any]
    candidates: list[CandidateRef] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    @property
    def subject(self) -> str | None:
        return self.query.get("subject")

    def as_dict(self, personal: bool = False) -> dict[str, Any]:
        query = dict(self.query)
        if not personal:
            query.pop("dob", None)
        return {
            "query": query,
            "hit_count": len(self.hits),
            "hits": [h.as_dict(personal) for h in self.hits],
            "candidates": [c.as_dict(personal) for c in self.candidates],
        }
