"""``forcecheck import ftm FILE``: FollowTheMoney entities, one JSON object per line.

Entities written by ``forcecheck export ftm`` carry a ``"forcecheck"`` object (the table,
the columns FtM has no property for, folded rows such as names); they come back as the very
rows that were exported, with their ids, so ``export -> import -> export`` is stable.

Plain FtM entities (e.g. from OpenSanctions or Aleph) are mapped by schema: Person ->
person; Organization, Company, LegalEntity -> organization (Company -> company); Vessel,
Airplane -> organization (vessel, aircraft); PublicBody with topic ``gov.security`` or
``mil`` -> unit (other public bodies -> organization); Address -> location; Document ->
source; Sanction -> list_entry; Identification/Passport -> identifier; Membership -> posting
(person in unit) or unit_relation (unit in unit); Event -> incident; Payment -> assistance.
Their names (name, alias, weakAlias, previousName, abbreviation) become Name rows. Each
gets an accepted, medium-confidence claim cited to the file (row = line number). Other
FtM schemata are counted and skipped; an unknown schema or a line that is not a JSON
object is an error naming the line.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model as ftm_model
from sqlalchemy import select

from ...dates import normalize as normalize_date
from ...errors import InputError
from ...ids import content_hash, make_id
from ...progress import Progress
from ...store.ftm_mapping import (
    CHILD_TABLES,
    EXT,
    NAME_PROPS,
    ORG_TYPE_OF_SCHEMA,
    SECURITY_TOPIC,
    SPECS,
    WRITE_ORDER,
    from_json,
    read_prop,
)
from ...store.models import ENTITY_MODELS, Organization, Person
from .tabular import read_text

KIND = "ftm"
DESCRIPTION = "FollowTheMoney entities, JSON lines (as written by `forcecheck export ftm`, or plain FtM)"
MADE_BY = "import:ftm"


@dataclass
class Parsed:
    path: Path
    entities: int = 0
    tables: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    #: plain-FtM references to resolve against the database: (entity id, property, referenced id, line)
    pending: list[tuple[str, str, str, int]] = field(default_factory=list)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, {})[row["id"]] = row


def _columns(table: str) -> set[str]:
    return {c.key for c in ENTITY_MODELS[table].__mapper__.column_attrs}


def _row(table: str, values: dict[str, Any], err: Any, where: str) -> dict[str, Any]:
    model = ENTITY_MODELS[table]
    cols = _columns(table)
    out: dict[str, Any] = {}
    for col, v in values.items():
        if col not in cols:
            raise err(f"{where}.{col}", f"table {table!r} has no column {col!r}")
        try:
            out[col] = from_json(model, col, v)
        except (ValueError, ArithmeticError, TypeError):
            raise err(f"{where}.{col}", f"bad value {v!r}") from None
    return out


def parse(path: Path, progress: Progress) -> Parsed:
    path = Path(path)
    text = read_text(path)
    parsed = Parsed(path=path)
    lines = text.splitlines()
    progress.start(len(lines), "reading FtM entities")
    source_id = make_id("source", "ftm", content_hash(text))
    plain: list[tuple[int, Any]] = []
    for lineno, line in enumerate(lines, start=1):
        progress.advance()
        if not line.strip():
            continue

        def err(fld: str | None, msg: str, _n: int = lineno) -> InputError:
            return InputError(msg, file=str(path), row=_n, field=fld)

        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            raise err(None, f"not valid JSON: {e.msg} (column {e.colno})") from None
        if not isinstance(data, dict):
            raise err(None, "not a JSON object")
        for key in ("id", "schema"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise err(key, "is missing or not a string")
        if ftm_model.get(data["schema"]) is None:
            raise err("schema", f"unknown FtM schema {data['schema']!r}")
        if not isinstance(data.get("properties", {}), dict):
            raise err("properties", "is not an object")
        try:
            proxy = ftm_model.get_proxy(
                {"id": data["id"], "schema": data["schema"], "properties": data.get("properties") or {}}, cleaned=False
            )
        except Exception as e:  # followthemoney raises several kinds on bad data
            raise err("properties", f"not a valid FtM entity: {e}") from None
        parsed.entities += 1
        ext = data.get(EXT)
        if ext is None:
            plain.append((lineno, proxy))
            continue
        if not isinstance(ext, dict) or ext.get("table") not in SPECS:
            raise err(f"{EXT}.table", f"unknown table {ext.get('table') if isinstance(ext, dict) else ext!r}")
        table = ext["table"]
        spec = SPECS[table]
        model = ENTITY_MODELS[table]
        row: dict[str, Any] = {"id": proxy.id}
        for column, prop in spec.props:
            v = read_prop(proxy, model, column, prop, column in spec.multi)
            if v is not None:
                row[column] = v
        row.update(_row(table, ext.get("row") or {}, err, f"{EXT}.row"))
        parsed.add(table, row)
        for child, rows in (ext.get("children") or {}).items():
            if child not in CHILD_TABLES or not isinstance(rows, list):
                raise err(f"{EXT}.children", f"unknown folded table {child!r}")
            for r in rows:
                if not isinstance(r, dict) or not r.get("id"):
                    raise err(f"{EXT}.children.{child}", "a folded row without an id")
                parsed.add(child, _row(child, r, err, f"{EXT}.children.{child}"))
    if plain:
        _plain(parsed, plain, source_id, text)
    return parsed


# --------------------------------------------------------------------------- plain FtM


def _first(proxy: Any, prop: str) -> str | None:
    if prop not in proxy.schema.properties:
        return None
    values = proxy.get(prop, quiet=True)
    return values[0] if values else None


def _date(proxy: Any, prop: str) -> str | None:
    v = _first(proxy, prop)
    try:
        return normalize_date(v[:10]) if v else None
    except ValueError:
        return None


#: FtM schema -> our table for plain FtM files, first match wins (the schema is data). A
#: PublicBody is a unit only with a security topic; otherwise it falls through to LegalEntity.
SCHEMA_TABLES: tuple[tuple[str, str], ...] = (
    ("Person", "person"),
    ("LegalEntity", "organization"),
    ("Vessel", "organization"),
    ("Airplane", "organization"),
    ("Address", "location"),
    ("Document", "source"),
    ("Sanction", "list_entry"),
    ("Identification", "identifier"),
    ("Membership", "membership"),
    ("Event", "incident"),
    ("Payment", "assistance"),
)


def _table_of(proxy: Any) -> str | None:
    s = proxy.schema
    topics = set(proxy.get("topics", quiet=True)) if "topics" in s.properties else set()
    if s.is_a("PublicBody") and topics & {SECURITY_TOPIC, "mil"}:
        return "unit"
    return next((table for schema, table in SCHEMA_TABLES if s.is_a(schema)), None)


def _plain(parsed: Parsed, items: list[tuple[int, Any]], source_id: str, text: str) -> None:
    path = parsed.path
    parsed.add(
        "source",
        {
            "id": source_id,
            "kind": "dataset",
            "title": path.name,
            "content_hash": content_hash(text),
            "path": str(path),
            "meta": {"format": "FollowTheMoney JSON lines"},
        },
    )
    tables = {proxy.id: _table_of(proxy) for _, proxy in items}
    tables.update({rid: t for t, rows in parsed.tables.items() for rid in rows})
    for lineno, proxy in items:
        table = tables[proxy.id]
        if table is None:
            parsed.skipped[proxy.schema.name] += 1
            continue
        claim_id = make_id("claim", "ftm", proxy.id)
        row: dict[str, Any] = {"id": proxy.id, "claim_id": claim_id}
        names_owner: str | None = None
        if table == "person":
            last = _first(proxy, "lastName")
            words = last.split() if last else []
            row.update(
                name=proxy.caption,
                given_names=_first(proxy, "firstName"),
                sex=_first(proxy, "gender"),
                paternal_surname=words[0] if len(words) == 2 else last,
                maternal_surname=words[1] if len(words) == 2 else None,
                birth_date=_date(proxy, "birthDate"),
                birth_place=_first(proxy, "birthPlace"),
                nationality=_first(proxy, "nationality"),
                country=_first(proxy, "country"),
            )
            names_owner = "person_id"
        elif table == "unit":
            row.update(
                name=proxy.caption,
                classification=None,
                classifications_raw=_first(proxy, "classification"),
                country=_first(proxy, "country"),
            )
            names_owner = "unit_id"
        elif table == "organization":
            topics = set(proxy.get("topics", quiet=True)) if "topics" in proxy.schema.properties else set()
            org_type = next(
                (t for s, t in ORG_TYPE_OF_SCHEMA.items() if proxy.schema.is_a(s)),
                "armed_group" if "crime" in topics else "other",
            )
            row.update(name=proxy.caption, org_type=org_type, country=_first(proxy, "country") or _first(proxy, "flag"))
            names_owner = "organization_id"
        elif table == "location":
            row.update(
                name=_first(proxy, "full") or proxy.caption,
                country=_first(proxy, "country"),
                admin1=_first(proxy, "region"),
            )
        elif table == "source":
            row.update(
                kind="dataset",
                title=_first(proxy, "title") or proxy.caption,
                publisher=_first(proxy, "publisher"),
                published_date=_date(proxy, "publishedAt"),
                url=_first(proxy, "sourceUrl"),
                language=_first(proxy, "language"),
            )
            row.pop("claim_id")
        elif table == "list_entry":
            row.update(
                source_id=source_id,
                list_name=(_first(proxy, "authority") or "FtM sanction")[:40],
                entry_ref=(_first(proxy, "recordId") or _first(proxy, "authorityId") or proxy.id)[:40],
                programs=";".join(proxy.get("programId", quiet=True) or proxy.get("program", quiet=True)) or None,
                countries=";".join(proxy.get("country", quiet=True)) or None,
                remarks=_first(proxy, "reason"),
            )
            _ref(parsed, tables, row, proxy, "entity", ("person", "organization"), lineno)
        elif table == "identifier":
            row.update(
                scheme=(_first(proxy, "type") or proxy.schema.name.lower())[:40],
                value=_first(proxy, "number"),
                country=_first(proxy, "country"),
            )
            if not row["value"]:
                parsed.skipped[proxy.schema.name] += 1
                continue
            _ref(parsed, tables, row, proxy, "holder", ("person", "organization"), lineno)
        elif table == "membership":
            member, org = _first(proxy, "member"), _first(proxy, "organization")
            if tables.get(org) != "unit" or tables.get(member) not in ("person", "unit"):
                parsed.skipped[proxy.schema.name] += 1
                continue
            if tables[member] == "person":
                table = "posting"
                row.update(person_id=member, unit_id=org, role=_first(proxy, "role"))
            else:
                table = "unit_relation"
                role = _first(proxy, "role")
                row.update(
                    unit_id=member, parent_id=org, relation=role if role in ("child-of", "member-of") else "child-of"
                )
        elif table == "incident":
            row.update(
                title=proxy.caption,
                description=_first(proxy, "description") or _first(proxy, "summary"),
                start_date=_date(proxy, "startDate") or _date(proxy, "date"),
                end_date=_date(proxy, "endDate"),
                place_text=_first(proxy, "address"),
                country=_first(proxy, "country"),
            )
        elif table == "assistance":
            beneficiary = _first(proxy, "beneficiary")
            unit = beneficiary if tables.get(beneficiary) == "unit" else None
            amount = _first(proxy, "amount")
            try:
                amount_v = from_json(ENTITY_MODELS["assistance"], "amount", amount) if amount else None
            except ArithmeticError:
                amount_v = None
            row.update(
                kind="funding",
                description=_first(proxy, "purpose") or _first(proxy, "summary"),
                program=_first(proxy, "programme"),
                amount=amount_v,
                currency=(_first(proxy, "currency") or "")[:3].upper() or None,
                start_date=_date(proxy, "startDate") or _date(proxy, "date"),
                end_date=_date(proxy, "endDate"),
                recipient_unit_id=unit,
                recipient_level="unit" if unit else "unresolved",
            )
        parsed.add(table, row)
        if table != "source":
            parsed.add(
                "claim",
                {
                    "id": claim_id,
                    "kind": table,
                    "status": "accepted",
                    "confidence": "medium",
                    "made_by": MADE_BY,
                    "subject_table": table,
                    "subject_id": proxy.id,
                },
            )
            parsed.add(
                "citation",
                {
                    "id": make_id("citation", source_id, proxy.id),
                    "claim_id": claim_id,
                    "source_id": source_id,
                    "row": lineno,
                    "locator": proxy.id[:120],
                },
            )
        if names_owner:
            _names(parsed, proxy, names_owner, claim_id)


def _ref(
    parsed: Parsed,
    tables: dict[str, str | None],
    row: dict[str, Any],
    proxy: Any,
    prop: str,
    allowed: tuple[str, ...],
    lineno: int,
) -> None:
    """Point ``row`` at the person or organization ``prop`` names (resolved later against the database if not in the file)."""
    ref = _first(proxy, prop)
    if not ref:
        raise InputError(f"a {proxy.schema.name} must name its {prop}", file=str(parsed.path), row=lineno, field=prop)
    row["person_id"] = row["organization_id"] = None
    table = tables.get(ref)
    if table in allowed:
        row[f"{table}_id"] = ref
    else:
        parsed.pending.append((proxy.id, prop, ref, lineno))


def _names(parsed: Parsed, proxy: Any, owner: str, claim_id: str) -> None:
    kinds = {prop: kind for kind, prop in NAME_PROPS.items()}
    seen: set[tuple[str, str]] = set()
    for prop in ("name", "alias", "weakAlias", "previousName", "abbreviation"):
        if prop not in proxy.schema.properties:
            continue
        for i, value in enumerate(proxy.get(prop, quiet=True)):
            kind = kinds.get(prop, "alias")
            if prop == "name" and i > 0:
                kind = "alias"
            if (kind, value) in seen:
                continue
            seen.add((kind, value))
            row = {
                "id": make_id("name", proxy.id, kind, value),
                "unit_id": None,
                "person_id": None,
                "organization_id": None,
                owner: proxy.id,
                "name": value,
                "kind": kind,
                "claim_id": claim_id,
            }
            parsed.add("name", row)


# --------------------------------------------------------------------------- write


def write(session: Any, writer: Any, parsed: Parsed, progress: Progress) -> int:
    if parsed.pending:
        refs = {ref for _, _, ref, _ in parsed.pending}
        found: dict[str, str] = {}
        for table, model in (("person", Person), ("organization", Organization)):
            for (rid,) in session.execute(select(model.id).where(model.id.in_(refs))):
                found[rid] = table
        for entity_id, prop, ref, lineno in parsed.pending:
            if ref not in found:
                raise InputError(
                    f"names {ref!r}, which is neither a person nor an organization in the file or the database",
                    file=str(parsed.path),
                    row=lineno,
                    field=prop,
                )
            for table in ("list_entry", "identifier"):
                if entity_id in parsed.tables.get(table, {}):
                    parsed.tables[table][entity_id][f"{found[ref]}_id"] = ref
    total = sum(len(rows) for rows in parsed.tables.values())
    progress.start(total, "writing FtM entities")
    for table in WRITE_ORDER:
        rows = parsed.tables.get(table)
        if not rows:
            continue
        writer.put_many(ENTITY_MODELS[table], [rows[k] for k in sorted(rows)])
        session.flush()
        progress.advance(len(rows))
    return parsed.entities
