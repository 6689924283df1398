"""The evidence base: every table forcecheck stores.

The model follows Security Force Monitor's research model (units, persons, postings,
incidents, sources), the State Department's vetting practice and FollowTheMoney:

* a **Source** is a document or dataset; a **Citation** is where in a source a fact stands;
* a **Claim** is the header every fact carries: status (accepted / proposed / conflict /
  rejected), confidence, the date range the fact is known to hold, who made or reviewed
  it, and its citations. Entity rows (a unit's name, a posting, an incident, an assistance
  record...) point at their claim. A *proposed* claim from extraction holds its payload as
  JSON until a researcher accepts it and it becomes entity rows;
* Unit, Person, Organization (non-state groups, companies, vessels: the watchlist
  entities that are not security forces), Name, Identifier, Posting, UnitRelation,
  UnitSite, Location, Incident (+ violations, perpetrators, status history), Assistance,
  Certification, ListEntry (a watchlist designation), and the hash-chained AuditEvent.

Ids are strings derived from natural keys (see ``forcecheck.ids``), so a re-import finds
its own rows. Columns that hold personal data carry ``info={"personal": True}``; public
views and logs use :func:`personal_columns` to leave them out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

PERSONAL = {"personal": True}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}

    def values(self) -> dict[str, Any]:
        """Column values by attribute name (what the audit digest and idempotency compare)."""
        return {c.key: getattr(self, c.key) for c in self.__mapper__.column_attrs}


def personal_columns(model: type[Base]) -> set[str]:
    """Names of the columns of ``model`` that hold personal data."""
    return {c.key for c in model.__mapper__.column_attrs if c.columns[0].info.get("personal")}


def _id() -> Mapped[str]:
    return mapped_column(String(80), primary_key=True)


def _claim_fk() -> Mapped[str | None]:
    return mapped_column(String(80), ForeignKey("claim.id", ondelete="SET NULL"), index=True, nullable=True)


# --------------------------------------------------------------------------- sources


class Source(Base):
    """A document or dataset that facts are cited from."""

    __tablename__ = "source"
    id: Mapped[str] = _id()
    kind: Mapped[str] = mapped_column(String(20), default="article")  # article, report, court, dataset, watchlist, web
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published_date: Mapped[str | None] = mapped_column(String(10))  # partial ISO date
    url: Mapped[str | None] = mapped_column(Text)
    archive_url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(40))
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    path: Mapped[str | None] = mapped_column(Text)  # where it was read from (file path or URL)
    text: Mapped[str | None] = mapped_column(Text)  # the cleaned text, for documents that were ingested
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Claim(Base):
    """The header of a fact: status, confidence, dates, who, and (via Citation) where from."""

    __tablename__ = "claim"
    id: Mapped[str] = _id()
    kind: Mapped[str] = mapped_column(String(40), index=True)  # e.g. unit, unit.name, posting, incident, assistance
    status: Mapped[str] = mapped_column(String(12), default="proposed", index=True)  # vocab claim_statuses
    confidence: Mapped[str | None] = mapped_column(String(8))  # low / medium / high
    first_date: Mapped[str | None] = mapped_column(String(10))  # first date the fact is known to hold
    first_approx: Mapped[bool] = mapped_column(Boolean, default=True)  # True: only the first date cited
    last_date: Mapped[str | None] = mapped_column(String(10))
    last_approx: Mapped[bool] = mapped_column(Boolean, default=True)
    open_ended: Mapped[str | None] = mapped_column(String(1))  # Y assumed to continue, N not assumed, E exact end
    made_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    subject_table: Mapped[str | None] = mapped_column(String(40))  # the row that holds the accepted fact
    subject_id: Mapped[str | None] = mapped_column(String(80), index=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # a proposed claim's extracted content
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    citations: Mapped[list[Citation]] = relationship(back_populates="claim", cascade="all, delete-orphan")

    __table_args__ = (Index("ix_claim_subject", "subject_table", "subject_id"),)


class Citation(Base):
    """Where in a source a claim stands: page, row, character span, the quoted sentence."""

    __tablename__ = "citation"
    id: Mapped[str] = _id()
    claim_id: Mapped[str] = mapped_column(String(80), ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str] = mapped_column(String(80), ForeignKey("source.id"), index=True)
    locator: Mapped[str | None] = mapped_column(String(120))  # e.g. SFM access point id
    page: Mapped[str | None] = mapped_column(String(20))
    row: Mapped[int | None] = mapped_column(Integer)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    archive_url: Mapped[str | None] = mapped_column(Text)
    accessed_on: Mapped[str | None] = mapped_column(String(10))

    claim: Mapped[Claim] = relationship(back_populates="citations")
    source: Mapped[Source] = relationship()


# --------------------------------------------------------------------------- places


class Location(Base):
    __tablename__ = "location"
    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(40))
    admin1: Mapped[str | None] = mapped_column(Text)  # state / province
    feature_type: Mapped[str | None] = mapped_column(String(20))  # OSM node / relation
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    bbox: Mapped[str | None] = mapped_column(Text)
    claim_id: Mapped[str | None] = _claim_fk()


# --------------------------------------------------------------------------- units


class Unit(Base):
    """A security-force unit or body (battalion, ministry, municipal police, named squad)."""

    __tablename__ = "unit"
    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(Text, index=True)  # canonical, national language
    classification: Mapped[str | None] = mapped_column(String(20), index=True)  # vocab unit_classifications
    classifications_raw: Mapped[str | None] = mapped_column(Text)  # the source's words, ';'-separated
    government_level: Mapped[str | None] = mapped_column(String(12))  # federal, state, municipal
    country: Mapped[str | None] = mapped_column(String(40))
    headquarters: Mapped[str | None] = mapped_column(Text)
    is_ministry: Mapped[bool] = mapped_column(Boolean, default=False)
    is_placeholder: Mapped[bool] = mapped_column(Boolean, default=False)  # links a hierarchy; never a perpetrator
    claim_id: Mapped[str | None] = _claim_fk()

    names: Mapped[list[Name]] = relationship(back_populates="unit", foreign_keys="Name.unit_id")


class UnitRelation(Base):
    """``unit`` is ``child-of`` or ``member-of`` ``parent`` over the claim's date range."""

    __tablename__ = "unit_relation"
    id: Mapped[str] = _id()
    unit_id: Mapped[str] = mapped_column(String(80), ForeignKey("unit.id"), index=True)
    parent_id: Mapped[str] = mapped_column(String(80), ForeignKey("unit.id"), index=True)
    relation: Mapped[str] = mapped_column(String(12))  # child-of, member-of
    relation_class: Mapped[str | None] = mapped_column(String(20))  # Command, Administrative, Informal
    claim_id: Mapped[str | None] = _claim_fk()

    __table_args__ = (CheckConstraint("relation in ('child-of', 'member-of')", name="ck_unit_relation_kind"),)


class UnitSite(Base):
    """Where a unit is based (``site``) or operates (``aoo``)."""

    __tablename__ = "unit_site"
    id: Mapped[str] = _id()
    unit_id: Mapped[str] = mapped_column(String(80), ForeignKey("unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # site, aoo
    location_id: Mapped[str] = mapped_column(String(80), ForeignKey("location.id"), index=True)
    claim_id: Mapped[str | None] = _claim_fk()


# --------------------------------------------------------------------------- people and groups


class Person(Base):
    __tablename__ = "person"
    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(Text, index=True)  # display name
    given_names: Mapped[str | None] = mapped_column(Text)
    paternal_surname: Mapped[str | None] = mapped_column(Text)
    maternal_surname: Mapped[str | None] = mapped_column(Text)
    sex: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[str | None] = mapped_column(String(10), info=PERSONAL)  # partial ISO
    birth_place: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    father_name: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    mother_name: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    nationality: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(40))
    claim_id: Mapped[str | None] = _claim_fk()

    names: Mapped[list[Name]] = relationship(back_populates="person", foreign_keys="Name.person_id")


class Organization(Base):
    """A body that is not a state security force: armed or criminal group, company, vessel."""

    __tablename__ = "organization"
    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(Text, index=True)
    org_type: Mapped[str] = mapped_column(String(20), default="other")  # armed_group, company, vessel, aircraft, other
    country: Mapped[str | None] = mapped_column(String(40))
    claim_id: Mapped[str | None] = _claim_fk()

    names: Mapped[list[Name]] = relationship(back_populates="organization", foreign_keys="Name.organization_id")


class Name(Base):
    """One name of a unit, person or organization: the canonical one and every alias seen.

    One table for all three (each row names exactly one) so that the matching index reads
    every name in one query.
    """

    __tablename__ = "name"
    id: Mapped[str] = _id()
    unit_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("unit.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("person.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(
        String(16), default="alias"
    )  # primary, alias, aka, fka, nka, nickname, abbreviation, weak
    lang: Mapped[str | None] = mapped_column(String(8))
    given_names: Mapped[str | None] = mapped_column(Text)
    paternal_surname: Mapped[str | None] = mapped_column(Text)
    maternal_surname: Mapped[str | None] = mapped_column(Text)
    claim_id: Mapped[str | None] = _claim_fk()

    unit: Mapped[Unit | None] = relationship(back_populates="names", foreign_keys=[unit_id])
    person: Mapped[Person | None] = relationship(back_populates="names", foreign_keys=[person_id])
    organization: Mapped[Organization | None] = relationship(back_populates="names", foreign_keys=[organization_id])

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="ck_name_one_owner",
        ),
    )


class Identifier(Base):
    """National ID, CURP, passport, service number... Personal data: never shown publicly."""

    __tablename__ = "identifier"
    id: Mapped[str] = _id()
    person_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("person.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("organization.id"), index=True)
    scheme: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text, info=PERSONAL)
    country: Mapped[str | None] = mapped_column(String(40))
    claim_id: Mapped[str | None] = _claim_fk()


class Posting(Base):
    """A person's role in a unit over the claim's date range (SFM "membership")."""

    __tablename__ = "posting"
    id: Mapped[str] = _id()
    person_id: Mapped[str] = mapped_column(String(80), ForeignKey("person.id"), index=True)
    unit_id: Mapped[str] = mapped_column(String(80), ForeignKey("unit.id"), index=True)
    role: Mapped[str | None] = mapped_column(Text)  # Commander, Segundo Comandante, member...
    is_commander: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str | None] = mapped_column(Text)
    rank: Mapped[str | None] = mapped_column(Text)
    start_context: Mapped[str | None] = mapped_column(Text)
    end_context: Mapped[str | None] = mapped_column(Text)
    claim_id: Mapped[str | None] = _claim_fk()

    person: Mapped[Person] = relationship()
    unit: Mapped[Unit] = relationship()


# --------------------------------------------------------------------------- incidents


class Incident(Base):
    """An alleged violation. Its dates are the incident's own (start and end)."""

    __tablename__ = "incident"
    id: Mapped[str] = _id()
    title: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[str | None] = mapped_column(String(10))
    end_date: Mapped[str | None] = mapped_column(String(10))
    first_allegation_date: Mapped[str | None] = mapped_column(String(10))
    location_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("location.id"))
    place_text: Mapped[str | None] = mapped_column(Text)
    place_description: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(40))
    perpetrator_classification: Mapped[str | None] = mapped_column(Text)  # e.g. "Ejército" when no unit is named
    victims_count: Mapped[int | None] = mapped_column(Integer)
    victims_description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), default="alleged")  # current status, vocab incident_statuses
    is_gvhr: Mapped[bool] = mapped_column(Boolean, default=False)  # any violation type is a gross violation
    claim_id: Mapped[str | None] = _claim_fk()

    location: Mapped[Location | None] = relationship()
    violations: Mapped[list[IncidentViolation]] = relationship(cascade="all, delete-orphan")
    perpetrators: Mapped[list[IncidentPerpetrator]] = relationship(cascade="all, delete-orphan")


class IncidentViolation(Base):
    """One violation type of an incident: the vocabulary code and the source's own words."""

    __tablename__ = "incident_violation"
    id: Mapped[str] = _id()
    incident_id: Mapped[str] = mapped_column(String(80), ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))  # vocab violation_types
    source_words: Mapped[str | None] = mapped_column(Text)
    is_gvhr: Mapped[bool] = mapped_column(Boolean, default=False)


class IncidentPerpetrator(Base):
    """An alleged perpetrator: a unit, a person, an organization, or only a classification."""

    __tablename__ = "incident_perpetrator"
    id: Mapped[str] = _id()
    incident_id: Mapped[str] = mapped_column(String(80), ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("unit.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("person.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("organization.id"), index=True)
    classification: Mapped[str | None] = mapped_column(Text)
    claim_id: Mapped[str | None] = _claim_fk()


class IncidentStatus(Base):
    """The incident's status over time: alleged, denied, under investigation, charged, convicted..."""

    __tablename__ = "incident_status"
    id: Mapped[str] = _id()
    incident_id: Mapped[str] = mapped_column(String(80), ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(24))
    date: Mapped[str | None] = mapped_column(String(10))
    person_id: Mapped[str | None] = mapped_column(
        String(80), ForeignKey("person.id"), index=True
    )  # only this perpetrator's
    source_words: Mapped[str | None] = mapped_column(Text)  # the cue as printed ("were acquitted")
    claim_id: Mapped[str | None] = _claim_fk()


# --------------------------------------------------------------------------- assistance, certification


class Assistance(Base):
    """Something a donor gave a recipient: training, equipment, funding, intelligence, personnel."""

    __tablename__ = "assistance"
    id: Mapped[str] = _id()
    kind: Mapped[str] = mapped_column(String(16))  # vocab assistance_kinds
    donor: Mapped[str | None] = mapped_column(String(40))
    program: Mapped[str | None] = mapped_column(Text)  # as printed
    funding_authority: Mapped[str | None] = mapped_column(String(24))  # vocab funding_programs code
    provider: Mapped[str | None] = mapped_column(Text)  # e.g. the US unit or school
    recipient_text: Mapped[str | None] = mapped_column(Text)  # verbatim
    recipient_unit_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("unit.id"), index=True)
    recipient_level: Mapped[str] = mapped_column(String(12), default="unresolved")  # unit, ministry, unresolved, none
    description: Mapped[str | None] = mapped_column(Text)  # course title, equipment...
    quantity: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[float | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    start_date: Mapped[str | None] = mapped_column(String(10))
    end_date: Mapped[str | None] = mapped_column(String(10))
    place: Mapped[str | None] = mapped_column(Text)
    fiscal_year: Mapped[str | None] = mapped_column(String(12))
    claim_id: Mapped[str | None] = _claim_fk()

    recipient_unit: Mapped[Unit | None] = relationship()


class Certification(Base):
    """Host-nation confidence-control results of one person ("control de confianza")."""

    __tablename__ = "certification"
    id: Mapped[str] = _id()
    person_id: Mapped[str] = mapped_column(String(80), ForeignKey("person.id"), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("unit.id"), index=True)
    exam_date: Mapped[str | None] = mapped_column(String(10))
    polygraph: Mapped[str | None] = mapped_column(String(12), info=PERSONAL)
    toxicology: Mapped[str | None] = mapped_column(String(12), info=PERSONAL)
    psychological: Mapped[str | None] = mapped_column(String(12), info=PERSONAL)
    medical: Mapped[str | None] = mapped_column(String(12), info=PERSONAL)
    socioeconomic: Mapped[str | None] = mapped_column(String(12), info=PERSONAL)
    outcome: Mapped[str | None] = mapped_column(String(12))  # approved, failed, pending
    certificate_date: Mapped[str | None] = mapped_column(String(10))
    expiry_date: Mapped[str | None] = mapped_column(String(10))
    after_failure: Mapped[str | None] = mapped_column(String(20))  # removed, still_active, reinstated
    claim_id: Mapped[str | None] = _claim_fk()


# --------------------------------------------------------------------------- watchlists


class ListEntry(Base):
    """A designation on a watchlist (e.g. one OFAC SDN entry) of a person or organization."""

    __tablename__ = "list_entry"
    id: Mapped[str] = _id()
    source_id: Mapped[str] = mapped_column(String(80), ForeignKey("source.id"), index=True)
    list_name: Mapped[str] = mapped_column(String(40))  # e.g. "OFAC SDN"
    entry_ref: Mapped[str] = mapped_column(String(40))  # the list's own id (ent_num)
    person_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("person.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("organization.id"), index=True)
    entry_type: Mapped[str | None] = mapped_column(String(20))  # individual, entity, vessel, aircraft
    programs: Mapped[str | None] = mapped_column(Text)  # ';'-separated
    title: Mapped[str | None] = mapped_column(Text)
    remarks: Mapped[str | None] = mapped_column(Text, info=PERSONAL)  # holds DOBs and ID numbers
    countries: Mapped[str | None] = mapped_column(Text)  # ';'-separated
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON, info=PERSONAL)  # addresses, vessel data...
    claim_id: Mapped[str | None] = _claim_fk()


# --------------------------------------------------------------------------- retraction


class ClaimRetraction(Base):
    """An accepted claim taken back: who, when, why, what it replaced and what it touched.

    The claim stays (status ``retracted``, payload and citations kept); the entity rows it had
    created or linked are removed or kept as listed in ``affected`` (``[{"table", "id",
    "action": "removed" | "kept"}]``), and ``entities`` lists the units, persons,
    organizations and incidents whose evidence changed, so that clearances that relied on
    them can be flagged. Each row is written through the audited session (the audit log's
    ``insert`` into ``claim_retraction`` is the *ClaimRetracted* event).
    """

    __tablename__ = "claim_retraction"
    id: Mapped[str] = _id()
    claim_id: Mapped[str] = mapped_column(String(80), ForeignKey("claim.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    retracted_by: Mapped[str] = mapped_column(String(120))
    retracted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    replaced_by: Mapped[str | None] = mapped_column(
        String(80), ForeignKey("claim.id"), nullable=True
    )  # edit = retract + new
    affected: Mapped[list[Any] | None] = mapped_column(JSON)
    entities: Mapped[list[Any] | None] = mapped_column(JSON)  # [{"table": "person", "id": ...}]


# --------------------------------------------------------------------------- audit


class AuditEvent(Base):
    """Who wrote what, when, to which record; each event's hash covers the previous one.

    ``digest`` is a hash of the record's values, never the values: personal data does not
    reach the log. Changing or deleting a past event breaks the chain (``verify_chain``).
    """

    __tablename__ = "audit_event"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(12))  # insert, update, delete
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(80))
    digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    __table_args__ = (Index("ix_audit_record", "table_name", "record_id"),)


class AuditHead(Base):
    """One row: the hash of the newest audit event. Writers lock it, which keeps the chain
    linear when several processes write to one PostgreSQL database."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer, default=0)


#: Entity tables by the name the CLI and the API use.
ENTITY_MODELS: dict[str, type[Base]] = {
    "source": Source,
    "claim": Claim,
    "citation": Citation,
    "location": Location,
    "unit": Unit,
    "unit_relation": UnitRelation,
    "unit_site": UnitSite,
    "person": Person,
    "organization": Organization,
    "name": Name,
    "identifier": Identifier,
    "posting": Posting,
    "incident": Incident,
    "incident_violation": IncidentViolation,
    "incident_perpetrator": IncidentPerpetrator,
    "incident_status": IncidentStatus,
    "assistance": Assistance,
    "certification": Certification,
    "list_entry": ListEntry,
}
