"""The output contract: typed results for everything a shell shows, ready to be mirrored by pydantic models.

* profiles (:mod:`forcecheck.report.profiles` builds them): :class:`UnitProfile`, :class:`PersonProfile`,
  :class:`IncidentProfile`, made of typed rows whose facts carry a :class:`ClaimInfo` (status,
  confidence, dates) with its :class:`~forcecheck.results.Citation` list;
* screening (:mod:`forcecheck.screen`): :class:`~forcecheck.screen.result.ScreeningResult`,
  :class:`~forcecheck.screen.result.Hit`, :class:`~forcecheck.screen.result.CandidateRef`,
  :class:`~forcecheck.screen.result.Found`, :class:`~forcecheck.screen.result.FactRef`, re-exported here;
* :func:`~forcecheck.results.public_view` decides what a public view shows, :func:`~forcecheck.results.to_json`
  serialises (field order = JSON key order; a profile's own columns, its :class:`~forcecheck.results.Record`,
  come first, flattened).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..results import Citation, Record, explanation_field, personal, public_view, to_json
from ..screen.result import CandidateRef, FactRef, Found, Hit, Query, ScreeningResult, WatchlistRef


@dataclass
class ClaimInfo:
    """The claim behind a fact: its status, confidence, the dates it is known to hold, and its citations."""

    id: str
    kind: str
    status: str
    confidence: str | None = None
    first_date: str | None = None
    first_approx: bool | None = None
    last_date: str | None = None
    last_approx: bool | None = None
    open_ended: str | None = None
    made_by: str | None = None
    note: str | None = None
    citations: list[Citation] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:  # read like the dict it replaced
        return getattr(self, key, default)


# --------------------------------------------------------------------------- rows


@dataclass
class NameRef:
    name: str
    kind: str
    lang: str | None = None


@dataclass
class PersonNameRef:
    name: str
    kind: str
    lang: str | None = None
    given_names: str | None = None
    paternal_surname: str | None = None
    maternal_surname: str | None = None


@dataclass
class UnitRelationRef:
    """A parent or subordinate unit over time."""

    unit_id: str
    name: str
    relation: str
    relation_class: str | None = None
    claim: ClaimInfo | None = None


@dataclass
class UnitPostingRef:
    """A person posted to the unit (a commander or another post)."""

    person_id: str
    person: str
    role: str | None = None
    title: str | None = None
    rank: str | None = None
    is_commander: bool | None = None
    start_context: str | None = None
    end_context: str | None = None
    claim: ClaimInfo | None = None


@dataclass
class PersonPostingRef:
    """A posting of the person."""

    unit_id: str
    unit: str
    role: str | None = None
    title: str | None = None
    rank: str | None = None
    is_commander: bool | None = None
    start_context: str | None = None
    end_context: str | None = None
    claim: ClaimInfo | None = None


@dataclass
class IncidentRef:
    """An incident whose record names the unit or person as an alleged perpetrator."""

    incident_id: str
    title: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    place: str | None = None
    status: str | None = None
    is_gvhr: bool | None = None
    claim: ClaimInfo | None = None


@dataclass
class WalkedFact:
    kind: str
    id: str
    summary: str
    dates: str | None = None
    claim: ClaimInfo | None = None


@dataclass
class WalkedIncident:
    """An incident the screening walk ties to the page's subject (inferred, through subordinates or postings)."""

    incident_id: str | None
    title: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    place: str | None = None
    status: str | None = None
    is_gvhr: bool | None = None
    violations: list[str] = field(default_factory=list)
    perpetrator_classification: str | None = None
    relation: str = ""
    relation_label: str = ""
    link: str = ""
    perpetrator_unit_id: str | None = None
    perpetrator_unit: str | None = None
    chain: list[str] = field(default_factory=list)
    posting: dict[str, Any] | None = None
    commanders: list[dict[str, Any]] = field(default_factory=list)
    certainty: str = ""
    certainty_label: str = ""
    inference: dict[str, Any] | None = None
    explanation: list[str] = explanation_field()
    other_paths: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    claim: ClaimInfo | None = None
    facts: list[WalkedFact] = field(default_factory=list)


@dataclass
class SiteRef:
    kind: str
    location_id: str
    location: str
    claim: ClaimInfo | None = None


@dataclass
class RecordRow:
    """A row shown with all its columns (an assistance record, a watchlist entry, an identifier) and its claim."""

    record: Record
    claim: ClaimInfo | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.record.to_dict(), "claim": self.claim}


@dataclass
class AssistanceSummary:
    count: int = 0
    total_amount: float | None = None
    currency: str | list[str] | None = None
    first_date: str | None = None
    last_date: str | None = None
    rows: list[RecordRow] = field(default_factory=list)


# --------------------------------------------------------------------------- profiles


@dataclass
class UnitProfile:
    """A unit: its own columns, names, hierarchy over time, commanders, incidents (recorded, inferred, of
    subordinates), sites and the assistance it received."""

    record: Record
    claim: ClaimInfo | None = None
    names: list[NameRef] = field(default_factory=list)
    parents: list[UnitRelationRef] = field(default_factory=list)
    subordinates: list[UnitRelationRef] = field(default_factory=list)
    commanders: list[UnitPostingRef] = field(default_factory=list)
    other_postings: list[UnitPostingRef] = field(default_factory=list)
    incidents: list[IncidentRef] = field(default_factory=list)
    incidents_inferred: list[WalkedIncident] = field(default_factory=list)
    incidents_of_subordinates: list[WalkedIncident] = field(default_factory=list)
    sites: list[SiteRef] = field(default_factory=list)
    assistance: AssistanceSummary = field(default_factory=AssistanceSummary)

    def to_dict(self) -> dict[str, Any]:
        return _flatten(self)


@dataclass
class PersonProfile:
    """A person: own columns (personal ones only on request), names, postings over time, incidents (recorded
    and through postings), watchlist entries and (personal) identifiers."""

    record: Record
    claim: ClaimInfo | None = None
    names: list[PersonNameRef] = field(default_factory=list)
    postings: list[PersonPostingRef] = field(default_factory=list)
    incidents: list[IncidentRef] = field(default_factory=list)
    incidents_through_postings: list[WalkedIncident] = field(default_factory=list)
    list_entries: list[RecordRow] = field(default_factory=list)
    identifiers: list[RecordRow] | None = personal()

    def to_dict(self) -> dict[str, Any]:
        return _flatten(self)


@dataclass
class ViolationRef:
    code: str
    source_words: str | None = None
    is_gvhr: bool | None = None


@dataclass
class PerpetratorRef:
    unit_id: str | None = None
    unit: str | None = None
    person_id: str | None = None
    person: str | None = None
    organization_id: str | None = None
    classification: str | None = None
    claim: ClaimInfo | None = None


@dataclass
class StatusRef:
    status: str
    date: str | None = None
    claim: ClaimInfo | None = None


@dataclass
class IncidentProfile:
    """An incident: own columns, location, violation types, alleged perpetrators, status history."""

    record: Record
    claim: ClaimInfo | None = None
    location: Record | None = None
    violations: list[ViolationRef] = field(default_factory=list)
    perpetrators: list[PerpetratorRef] = field(default_factory=list)
    status_history: list[StatusRef] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _flatten(self)


def _flatten(profile: Any) -> dict[str, Any]:
    from dataclasses import fields

    out = dict(profile.record.to_dict())
    for f in fields(profile):
        if f.name != "record":
            out[f.name] = getattr(profile, f.name)
    return out


Profile = UnitProfile | PersonProfile | IncidentProfile

__all__ = [
    "AssistanceSummary",
    "CandidateRef",
    "Citation",
    "ClaimInfo",
    "FactRef",
    "Found",
    "Hit",
    "IncidentProfile",
    "IncidentRef",
    "NameRef",
    "PerpetratorRef",
    "PersonNameRef",
    "PersonPostingRef",
    "PersonProfile",
    "Profile",
    "Query",
    "Record",
    "RecordRow",
    "ScreeningResult",
    "SiteRef",
    "StatusRef",
    "UnitPostingRef",
    "UnitProfile",
    "UnitRelationRef",
    "ViolationRef",
    "WalkedFact",
    "WalkedIncident",
    "WatchlistRef",
    "public_view",
    "to_json",
]
