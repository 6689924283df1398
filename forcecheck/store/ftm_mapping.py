"""The FollowTheMoney mapping of the evidence base: table -> FtM schema, column -> property.

Shared by the export (:mod:`forcecheck.report.ftm`) and the importer
(:mod:`forcecheck.ingest.importers.ftm`), so that neither depends on the other and
``export -> import -> export`` is stable. See :mod:`forcecheck.report.ftm` for the table of
the mapping and the ``"forcecheck"`` extension object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, Integer, Numeric

from .models import Base

EXT = "forcecheck"
SECURITY_TOPIC = "gov.security"

ORG_SCHEMA = {"company": "Company", "vessel": "Vessel", "aircraft": "Airplane"}
ORG_TYPE_OF_SCHEMA = {"Company": "company", "Vessel": "vessel", "Airplane": "aircraft"}

#: Name.kind -> the FtM property of the owner that carries it (alias when the schema lacks it).
NAME_PROPS = {"primary": "name", "weak": "weakAlias", "fka": "previousName", "abbreviation": "abbreviation"}


@dataclass(frozen=True)
class Spec:
    table: str
    schema: str | Callable[[dict[str, Any]], str]
    props: tuple[tuple[str, str], ...] = ()  # (column, FtM property) read back by the importer
    multi: frozenset[str] = frozenset()  # ';'-separated columns exported as several values
    children: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (child table, (its foreign key to this table,))

    def schema_of(self, row: dict[str, Any]) -> str:
        return self.schema(row) if callable(self.schema) else self.schema


SPECS: dict[str, Spec] = {
    s.table: s
    for s in (
        Spec(
            "source",
            "Document",
            (
                ("title", "title"),
                ("publisher", "publisher"),
                ("published_date", "publishedAt"),
                ("url", "sourceUrl"),
                ("language", "language"),
                ("country", "country"),
                ("content_hash", "contentHash"),
                ("text", "bodyText"),
            ),
        ),
        Spec("claim", "Note", (("note", "description"),)),
        Spec("citation", "Documentation", (("source_id", "document"), ("quote", "summary"))),
        Spec(
            "location",
            "Address",
            (
                ("name", "full"),
                ("country", "country"),
                ("admin1", "region"),
                ("latitude", "latitude"),
                ("longitude", "longitude"),
            ),
        ),
        Spec(
            "unit",
            "PublicBody",
            (
                ("name", "name"),
                ("classification", "classification"),
                ("country", "country"),
                ("headquarters", "address"),
            ),
            children=(("name", ("unit_id",)),),
        ),
        Spec(
            "unit_relation", "Membership", (("unit_id", "member"), ("parent_id", "organization"), ("relation", "role"))
        ),
        Spec("unit_site", "UnknownLink", (("unit_id", "subject"), ("location_id", "object"), ("kind", "role"))),
        Spec(
            "person",
            "Person",
            (
                ("name", "name"),
                ("given_names", "firstName"),
                ("sex", "gender"),
                ("birth_date", "birthDate"),
                ("birth_place", "birthPlace"),
                ("nationality", "nationality"),
                ("country", "country"),
            ),
            children=(("name", ("person_id",)),),
        ),
        Spec(
            "organization",
            lambda r: ORG_SCHEMA.get(r.get("org_type") or "", "Organization"),
            (("name", "name"), ("country", "country")),
            children=(("name", ("organization_id",)),),
        ),
        Spec("identifier", "Identification", (("scheme", "type"), ("value", "number"), ("country", "country"))),
        Spec("posting", "Membership", (("person_id", "member"), ("unit_id", "organization"), ("role", "role"))),
        Spec(
            "incident",
            "Event",
            (
                ("title", "name"),
                ("description", "description"),
                ("start_date", "startDate"),
                ("end_date", "endDate"),
                ("place_text", "address"),
                ("country", "country"),
                ("location_id", "addressEntity"),
            ),
            children=(
                ("incident_violation", ("incident_id",)),
                ("incident_perpetrator", ("incident_id",)),
                ("incident_status", ("incident_id",)),
            ),
        ),
        Spec(
            "assistance",
            "Payment",
            (
                ("description", "purpose"),
                ("program", "programme"),
                ("amount", "amount"),
                ("currency", "currency"),
                ("start_date", "startDate"),
                ("end_date", "endDate"),
                ("recipient_unit_id", "beneficiary"),
            ),
        ),
        Spec("certification", "Note", ()),
        Spec(
            "list_entry",
            "Sanction",
            (
                ("list_name", "authority"),
                ("entry_ref", "recordId"),
                ("programs", "programId"),
                ("countries", "country"),
                ("remarks", "description"),
            ),
            multi=frozenset({"programs", "countries"}),
        ),
    )
}

#: Export order (entity tables; folded child tables follow their parent).
ORDER = tuple(SPECS)
CHILD_TABLES = {child for s in SPECS.values() for child, _ in s.children}
#: Write order for the importer: parents before the rows that point at them.
WRITE_ORDER = (
    "source",
    "claim",
    "citation",
    "location",
    "unit",
    "unit_relation",
    "unit_site",
    "person",
    "organization",
    "name",
    "identifier",
    "posting",
    "incident",
    "incident_violation",
    "incident_perpetrator",
    "incident_status",
    "assistance",
    "certification",
    "list_entry",
)


# --------------------------------------------------------------------------- values


def to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def from_json(model: type[Base], column: str, value: Any) -> Any:
    """A JSON or FtM string value back to the column's Python type."""
    if value is None:
        return None
    col = model.__table__.columns[column]
    t = col.type
    if isinstance(t, DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(t, Float):
        return float(value)
    if isinstance(t, Numeric):
        return Decimal(str(value))
    if isinstance(t, Boolean) and isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    if isinstance(t, Integer) and not isinstance(value, int):
        return int(str(value))
    return value


def read_prop(proxy: Any, model: type[Base], column: str, prop: str, multi: bool = False) -> Any:
    """What the importer reads for ``column`` from property ``prop``."""
    if prop not in proxy.schema.properties:
        return None
    values = proxy.get(prop, quiet=True)
    if not values:
        return None
    try:
        return from_json(model, column, ";".join(values) if multi else values[0])
    except (ValueError, ArithmeticError):
        return None


def same(a: Any, b: Any) -> bool:
    if (
        isinstance(a, (Decimal, float, int))
        and isinstance(b, (Decimal, float, int))
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    ):
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


__all__ = [
    "CHILD_TABLES",
    "EXT",
    "NAME_PROPS",
    "ORDER",
    "ORG_SCHEMA",
    "ORG_TYPE_OF_SCHEMA",
    "SECURITY_TOPIC",
    "SPECS",
    "Spec",
    "WRITE_ORDER",
    "from_json",
    "read_prop",
    "same",
    "to_json",
]
