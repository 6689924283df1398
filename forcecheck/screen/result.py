"""What screening returns: hits that explain themselves, with the citation chain of every fact.

A :class:`Hit` is one thing the evidence base or a watchlist holds against a screened
subject: an incident reached through a posting or the unit hierarchy, or a watchlist entry.
It says which names matched how (the :class:`~forcecheck.match.types.Match`) and with which
``quality`` (``direct``, ``possible``: an analyst must look, ``none``), the relation (named
perpetrator, commander at the time, member, subordinate unit...; labels and weights in
``vocab/screening_relations.csv``), whether the link is *recorded* in the evidence base or
*inferred* (Security Force Monitor's linkage rule), how certain the time overlap is, what in
the same evidence speaks against it (``against``: a later or overlapping posting elsewhere),
and every fact used (:class:`FactRef`) with its citations (:class:`~forcecheck.results.Citation`).

A :class:`ScreeningResult` lists every candidate the name index returned at the ``possible``
tier or above (walked or not, with its quality and why), the hits, and ``found``: who was
found in the evidence base and what it records of them, so that "no hit" ("found, nothing
derogatory recorded") is never confused with "unknown" ("nobody of that name").

``as_dict(personal=False)`` is the public shape, from :func:`forcecheck.results.public_view`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import vocab
from ..match.types import Match
from ..results import HIDDEN, Citation, explanation_field, personal, public_view, to_json

#: Kept for callers of the old name: citations are :class:`forcecheck.results.Citation`.
CitationRef = Citation


@dataclass
class FactRef:
    """One fact a hit rests on (a posting, an incident, a unit relation...) and its citations."""

    kind: str
    id: str
    summary: str
    dates: str | None = None
    status: str | None = None
    confidence: str | None = None
    citations: list[Citation] = field(default_factory=list)
    claim_id: str | None = (
        None  # the claim behind the fact, for callers that render claims themselves (report.profiles)
    )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "summary": self.summary,
            "dates": self.dates,
            "status": self.status,
            "confidence": self.confidence,
            "citations": [c.to_dict() for c in self.citations],
        }

    def as_dict(self, personal: bool = False) -> dict[str, Any]:
        return to_json(public_view(self, personal=personal))


def relation_labels(lang: str = "en") -> dict[str, str]:
    """Relations of a hit, strongest first, with their labels (``vocab/screening_relations.csv``)."""
    return {r["code"]: r.get(f"label_{lang}") or r["label_en"] for r in vocab.load("screening_relations")}


#: Relations of a hit, in the order an analyst weighs them (strongest first), with their English labels.
RELATIONS: dict[str, str] = relation_labels("en")


@dataclass
class WatchlistRef:
    """The watchlist entry of a watchlist hit; ``remarks`` are personal."""

    id: str
    list_name: str
    entry_ref: str
    entry_type: str | None = None
    programs: list[str] = field(default_factory=list)
    title: str | None = None
    countries: list[str] = field(default_factory=list)
    remarks: str | None = personal()

    def get(self, key: str, default: Any = None) -> Any:  # read like the dict it replaced
        value = getattr(self, key, default)
        return default if value is HIDDEN else value

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)


@dataclass
class Hit:
    kind: str  # incident | watchlist
    relation: str  # a code of vocab/screening_relations.csv
    link: str  # recorded | inferred
    certainty: str  # within | open | later | earlier | undated | listed | contested
    certainty_label: str
    severity: str  # a code of vocab/screening_severities.csv: gvhr | watchlist | other_abuse | derogatory
    subject_type: str  # person | unit | organization
    subject_id: str
    subject_name: str
    explanation: list[str] = explanation_field()
    facts: list[FactRef] = field(default_factory=list)
    incident: dict[str, Any] | None = None
    via_unit: dict[str, Any] | None = None
    posting: dict[str, Any] | None = None
    chain: list[str] = field(
        default_factory=list
    )  # unit names from the screened/commanded unit down to the perpetrator unit
    commanders: list[dict[str, Any]] = field(default_factory=list)  # unit screening: commanders at the time
    watchlist: WatchlistRef | None = None
    other_paths: list[str] = field(default_factory=list)
    inference: dict[str, Any] | None = (
        None  # an inferred link's reasons: place (list), time, time_certainty, classification
    )
    against: list[str] = field(
        default_factory=list
    )  # what in the evidence speaks against the hit (lowers its certainty)
    weight: float = 1.0  # severity x certainty x link, before the name score
    match: Match | None = None
    score: float = 0.0  # rank score: name score x weight

    @property
    def relation_label(self) -> str:
        return RELATIONS.get(self.relation, self.relation)

    @property
    def inferred(self) -> bool:
        return self.link == "inferred"

    @property
    def quality(self) -> str:
        """The match quality of the name behind the hit (``direct``, ``possible``, ``none``)."""
        return self.match.quality if self.match is not None else "none"

    def key(self) -> tuple[str, str]:
        ref = (self.incident or {}).get("id") or (self.watchlist.id if self.watchlist else "")
        return (self.subject_id, ref)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "score": round(self.score, 4),
            "quality": self.quality,
            "relation": self.relation,
            "relation_label": self.relation_label,
            "link": self.link,
            "certainty": self.certainty,
            "certainty_label": self.certainty_label,
            "severity": self.severity,
            "subject": {"type": self.subject_type, "id": self.subject_id, "name": self.subject_name},
            "match": to_json(self.match.as_dict()) if self.match else None,
            "explanation": self.explanation,
            "against": self.against,
            "incident": self.incident,
            "via_unit": self.via_unit,
            "posting": self.posting,
            "chain": self.chain,
            "commanders": self.commanders,
            "watchlist": to_json(self.watchlist) if self.watchlist else None,
            "other_paths": self.other_paths,
            "facts": [f.to_dict() for f in self.facts],
        }

    def as_dict(self, personal: bool = False) -> dict[str, Any]:
        return to_json(public_view(self, personal=personal))


def match_dict(match: Match, personal: bool = False) -> dict[str, Any]:
    """A Match as a dict; without ``personal``, what it says about birth dates is left out."""
    return public_view(match, personal=personal).as_dict()


@dataclass
class CandidateRef:
    """A name in the evidence base that the screened name matched (direct or possible quality)."""

    entity_type: str
    entity_id: str
    name: str
    matched_name: str
    match: Match
    walked: bool  # its evidence was walked (the names agree; a conflict of birth date or country may lower the quality)
    birth_date: str | None = personal()
    reason: str | None = None  # why it is (not) walked, in words

    @property
    def quality(self) -> str:
        return self.match.quality

    def to_dict(self) -> dict[str, Any]:
        d = {
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "name": self.name,
            "matched_name": self.matched_name,
            "score": round(self.match.score, 4),
            "is_match": self.match.is_match,
            "quality": self.quality,
            "walked": self.walked,
            "reason": self.reason,
            "match": self.match.as_dict(),
        }
        d["birth_date"] = self.birth_date
        return d

    def as_dict(self, personal: bool = False) -> dict[str, Any]:
        return to_json(public_view(self, personal=personal))


@dataclass
class Found:
    """Who a walked candidate is in the evidence base, and what it records of them (whether derogatory or not)."""

    entity_type: str
    entity_id: str
    name: str
    quality: str
    record: list[str] = field(default_factory=list)  # what the evidence base records: postings, parents...
    hit_count: int = 0
    summary: str = ""  # e.g. "found in the evidence base; nothing derogatory is recorded"


@dataclass
class Query:
    name: str
    kind: str
    dob: str | None = personal()
    unit: str | None = None
    country: str | None = None
    subject: str | None = None

    def get(self, key: str, default: Any = None) -> Any:  # read like the dict it replaced
        value = getattr(self, key, default)
        return default if value is None or value is HIDDEN else value

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def to_dict(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in (
                ("name", self.name),
                ("kind", self.kind),
                ("dob", self.dob),
                ("unit", self.unit),
                ("country", self.country),
                ("subject", self.subject),
            )
            if v is not None
        }


@dataclass
class ScreeningResult:
    query: Query
    candidates: list[CandidateRef] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)

    @property
    def subject(self) -> str | None:
        return self.query.subject

    @property
    def outcome(self) -> str:
        """``hits`` (something is held against a candidate), ``found`` (a candidate is in the evidence base,
        nothing derogatory recorded), ``possible`` (only possible candidates, not walked), ``not_found``."""
        if self.hits:
            return "hits"
        if self.found:
            return "found"
        if self.candidates:
            return "possible"
        return "not_found"

    @property
    def summary(self) -> str:
        """One sentence that says what was found."""
        if self.outcome == "hits":
            names = list(dict.fromkeys(h.subject_name for h in self.hits))
            return f"{len(self.hits)} hit(s) against {', '.join(names)}"
        if self.outcome == "found":
            return "; ".join(f"{f.name} is in the evidence base: {f.summary}" for f in self.found)
        if self.outcome == "possible":
            return "no candidate agrees with the name well enough to be walked; possible candidates are listed for an analyst"
        return "nobody of that name is in the evidence base or the watchlists"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query.to_dict(),
            "outcome": self.outcome,
            "summary": self.summary,
            "hit_count": len(self.hits),
            "hits": [h.to_dict() for h in self.hits],
            "found": [to_json(f) for f in self.found],
            "candidates": [c.to_dict() for c in self.candidates],
        }

    def as_dict(self, personal: bool = False) -> dict[str, Any]:
        return to_json(public_view(self, personal=personal))


#: Kept for callers of the old name.
ScreenResult = ScreeningResult
