"""``forcecheck export ftm``: the evidence base as FollowTheMoney entities (JSON lines).

One line per entity, in a fixed order (table by table, rows by id), so that two exports of
the same evidence base are byte-for-byte identical. Entity ids are our own ids.

The mapping (table -> FtM schema, column -> property) is :data:`forcecheck.store.ftm_mapping.SPECS`
(shared with the importer); in short:

============== ===================== ==========================================================
table          FtM schema            notes
============== ===================== ==========================================================
source         Document              title, publisher, publishedAt, sourceUrl, contentHash...
claim          Note                  entity = the fact's entity; status etc. in the extension
citation       Documentation         document = source, entity = the cited fact, summary = quote
location       Address               full, region, country, latitude, longitude
unit           PublicBody            topics ``gov.security``; classification; names folded in
unit_relation  Membership            member = child unit, organization = parent, role = relation
unit_site      UnknownLink           subject = unit, object = Address, role = site / aoo
person         Person                firstName = given names, lastName = both surnames
organization   Organization          Company (company), Vessel, Airplane (aircraft)
name           (folded)              into its owner: name / alias / weakAlias / previousName /
                                     abbreviation
identifier     Identification        holder, type = scheme, number, country
posting        Membership            member = person, organization = unit, role, dates
incident       Event                 name, startDate, endDate, address, involved = perpetrators;
                                     violations, perpetrators and status history folded in
assistance     Payment               beneficiary = recipient unit, purpose, programme, amount
certification  Note                  entity = the person
list_entry     Sanction              entity, authority, programId, recordId, country, sourceUrl
============== ===================== ==========================================================

FtM has no place for some of our columns (claim status, Spanish paternal/maternal surnames,
a unit's government level, ...). They travel in a top-level ``"forcecheck"`` object beside
``id``/``schema``/``properties`` (FtM readers ignore unknown keys): ``table`` (the marker that
maps an entity back to our table), ``row`` (columns whose value the properties do not carry
exactly) and ``children`` (folded rows such as names). ``forcecheck import ftm`` reads it
back, so ``export -> import -> export`` is stable; without it, the importer maps plain FtM.

``--public`` leaves out every personal column (``models.personal_columns``), identifiers
(their value is personal), restricted sources with their citations and list entries, and the
payload of claims (unreviewed machine output).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO, Any

from followthemoney import model as ftm_model
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..progress import Progress
from ..results import hidden_columns
from ..store.ftm_mapping import EXT, NAME_PROPS, ORDER, SECURITY_TOPIC, SPECS, read_prop, same, to_json
from ..store.models import (
    ENTITY_MODELS,
    Base,
    Claim,
    IncidentPerpetrator,
    Source,
)

# --------------------------------------------------------------------------- export


@dataclass
class Context:
    public: bool
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    perpetrators: dict[str, list[str]] = field(default_factory=dict)
    exported_tables: frozenset[str] = frozenset(t for t in SPECS)


def _values(obj: Base, hidden: set[str]) -> dict[str, Any]:
    return {k: v for k, v in obj.values().items() if k not in hidden}


def _derived(table: str, row: dict[str, Any], proxy: Any, ctx: Context) -> None:
    """Export-only properties that make the entity useful to FtM tools (the importer ignores them)."""
    claim = ctx.claims.get(row.get("claim_id") or "")
    if claim and "startDate" in proxy.schema.properties and table in ("unit_relation", "posting"):
        proxy.add("startDate", claim.get("first_date"), quiet=True)
        proxy.add("endDate", claim.get("last_date"), quiet=True)
    if table == "claim":
        proxy.add("name", f"{row['kind']} ({row['status']})", quiet=True)
        if row.get("subject_table") in ctx.exported_tables:
            proxy.add("entity", row.get("subject_id"), quiet=True)
    elif table == "citation":
        subject = ctx.claims.get(row["claim_id"], {})
        target = subject.get("subject_id") if subject.get("subject_table") in ctx.exported_tables else row["claim_id"]
        proxy.add("entity", target, quiet=True)
        proxy.add("role", subject.get("kind"), quiet=True)
    elif table == "unit":
        proxy.add("topics", SECURITY_TOPIC)
    elif table == "person":
        proxy.add(
            "lastName",
            " ".join(p for p in (row.get("paternal_surname"), row.get("maternal_surname")) if p) or None,
            quiet=True,
        )
    elif table == "identifier":
        proxy.add("holder", row.get("person_id") or row.get("organization_id"), quiet=True)
    elif table == "posting":
        proxy.add("description", ", ".join(p for p in (row.get("rank"), row.get("title")) if p) or None, quiet=True)
    elif table == "incident":
        proxy.add("involved", ctx.perpetrators.get(row["id"], []), quiet=True)
    elif table == "certification":
        proxy.add("entity", row.get("person_id"), quiet=True)
        proxy.add("name", f"certification {row.get('outcome') or ''}".strip(), quiet=True)
    elif table == "list_entry":
        proxy.add("entity", row.get("person_id") or row.get("organization_id"), quiet=True)
        source = ctx.sources.get(row["source_id"], {})
        proxy.add("sourceUrl", source.get("url"), quiet=True)
        proxy.add("publisher", source.get("publisher"), quiet=True)


def entity_dict(
    table: str, row: dict[str, Any], children: dict[str, list[dict[str, Any]]], ctx: Context
) -> dict[str, Any]:
    """One row (with its folded children) as an FtM entity dict with the ``forcecheck`` extension."""
    spec = SPECS[table]
    model = ENTITY_MODELS[table]
    proxy = ftm_model.make_entity(spec.schema_of(row))
    proxy.id = row["id"]
    mapped: dict[str, str] = {}
    for column, prop in spec.props:
        if column not in row or row[column] is None:
            continue
        value = row[column]
        if column in spec.multi:
            proxy.add(prop, [v for v in str(value).split(";") if v], quiet=True)
        else:
            proxy.add(prop, str(to_json(value)), quiet=True)
        mapped[column] = prop
    for name in children.get("name", []):
        prop = NAME_PROPS.get(name["kind"], "alias")
        if prop not in proxy.schema.properties:
            prop = "alias"
        proxy.add(prop, name["name"], quiet=True)
    _derived(table, row, proxy, ctx)
    ext_row = {}
    for column, value in row.items():
        if column == "id" or value is None:
            continue
        prop = mapped.get(column)
        if prop is not None and same(read_prop(proxy, model, column, prop, column in spec.multi), value):
            continue
        ext_row[column] = to_json(value)
    ext: dict[str, Any] = {"table": table}
    if ext_row:
        ext["row"] = ext_row
    kids = {
        k: [{c: to_json(v) for c, v in r.items() if v is not None} for r in rows]
        for k, rows in children.items()
        if rows
    }
    if kids:
        ext["children"] = kids
    data = proxy.to_dict()
    return {"id": data["id"], "schema": data["schema"], "properties": data["properties"], EXT: ext}


def _hidden(table: str, public: bool) -> set[str]:
    """What ``--public`` leaves out of a table: the one rule of :func:`forcecheck.results.hidden_columns`."""
    return hidden_columns(table, public=public)


def iter_entities(session: Session, *, public: bool = False, progress: Progress | None = None):
    """Every entity dict of the evidence base, in export order."""
    ctx = Context(public=public)
    for c in session.execute(
        select(Claim.id, Claim.kind, Claim.first_date, Claim.last_date, Claim.subject_table, Claim.subject_id)
    ):
        ctx.claims[c.id] = {
            "kind": c.kind,
            "first_date": c.first_date,
            "last_date": c.last_date,
            "subject_table": c.subject_table,
            "subject_id": c.subject_id,
        }
    for s in session.execute(select(Source.id, Source.url, Source.publisher, Source.restricted)):
        ctx.sources[s.id] = {"url": s.url, "publisher": s.publisher, "restricted": s.restricted}
    restricted = {sid for sid, s in ctx.sources.items() if s["restricted"]} if public else set()
    for p in session.execute(select(IncidentPerpetrator).order_by(IncidentPerpetrator.id)).scalars():
        target = p.unit_id or p.person_id or p.organization_id
        if target:
            ctx.perpetrators.setdefault(p.incident_id, []).append(target)

    # folded children, grouped by parent id
    child_rows: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
    for spec in SPECS.values():
        for child, fks in spec.children:
            cmodel = ENTITY_MODELS[child]
            hidden = _hidden(child, public)
            by_parent = child_rows.setdefault(spec.table, {})
            fk = fks[0]
            q = select(cmodel).where(getattr(cmodel, fk).isnot(None)).order_by(cmodel.id)  # type: ignore[attr-defined]
            for obj in session.execute(q).scalars():
                row = _values(obj, hidden)
                by_parent.setdefault(row[fk], {}).setdefault(child, []).append(row)

    for table in ORDER:
        if public and table == "identifier":
            continue  # an identifier without its (personal) value says nothing
        model = ENTITY_MODELS[table]
        hidden = _hidden(table, public)
        if progress:
            progress.start(None, f"exporting {table}")
        for obj in session.execute(select(model).order_by(model.id)).scalars():  # type: ignore[attr-defined]
            row = _values(obj, hidden)
            if restricted and (
                (table == "source" and row["id"] in restricted)
                or (table in ("citation", "list_entry") and row.get("source_id") in restricted)
            ):
                continue
            kids = child_rows.get(table, {}).get(row["id"], {})
            if "name" in kids:
                kids = {**kids, "name": sorted(kids["name"], key=lambda r: (r["kind"] != "primary", r["id"]))}
            yield entity_dict(table, row, kids, ctx)
            if progress:
                progress.advance()


def export(session: Session, fh: IO[str], progress: Progress, *, public: bool = False) -> int:
    n = 0
    for entity in iter_entities(session, public=public, progress=progress):
        fh.write(json.dumps(entity, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
        n += 1
    return n
