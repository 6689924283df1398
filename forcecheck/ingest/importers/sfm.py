"""``forcecheck import sfm PATH``: a Security Force Monitor CSV export (the folder or any file in it).

Files (UTF-8 CSV with a header): ``units.csv`` and ``sources.csv`` are required;
``unit_relations.csv``, ``locations.csv``, ``unit_locations.csv``, ``persons.csv``,
``postings.csv`` and ``incidents.csv`` are read when present. Every reference between the
files (a relation's units, a posting's person, an access point id...) must resolve, or the
import stops with an error naming the file, row and field, and writes nothing.

Mapping:

* units -> ``Unit`` (id ``sfm-unit-<SFM uuid>``), the canonical name (Name kind primary,
  lang es) and every ``other_names`` entry (kind alias). The classification is mapped from
  SFM's words through ``vocab/sfm_classifications.csv`` (the most specific term wins; when
  equally specific terms disagree, e.g. Ejército + Fuerza Aérea, the next level decides,
  e.g. Militar -> military), falling back to the unit_classifications terms; the raw words
  are kept in ``classifications_raw``. A unit listed in ``vocab/institutions.csv`` by its
  SFM id (the Secretaría de la Defensa Nacional) is marked ``is_ministry``;
* unit_relations -> ``UnitRelation`` (child -> child-of, member -> member-of);
  locations -> ``Location`` (id ``osm-<type>-<osm id>``); unit_locations -> ``UnitSite``;
* persons -> ``Person`` + Names, Spanish names split into given names, paternal and
  maternal surname (the last two words, with their particles, when there are 3+ words);
* postings -> ``Posting`` (``is_commander`` for the roles listed in ``COMMANDER_ROLES``);
* incidents -> ``Incident`` + ``IncidentViolation`` (each verbatim type mapped to a
  vocab violation_types code through its terms; the words are kept; a type no term
  matches gets code ``unclassified``) + ``IncidentPerpetrator`` rows (classification only
  when no unit or person is named) + ``IncidentStatus`` (alleged, at the first allegation).

Every record has a ``Claim``: status accepted, made_by ``import:sfm``, SFM's confidence
(1/Low -> low, 2/Medium -> medium, 3/High -> high, via vocab confidence), first_cited ->
first_date (``first_approx`` unless first_cited_is_start is Y), last_cited -> last_date
(``last_approx`` unless last_cited_is_end is Y or open_ended is E), open_ended kept; and one
``Citation`` per access point id (locator = the access point id, page, archive url,
accessed on) to the ``Source`` of sources.csv (id ``sfm-source-<uuid>``).

SFM's own marker for a name it standardised (source "Name standardized in accordance with
Security Force Monitor research") is not an outside document: its Source gets kind
``note`` and ``meta.sfm_marker``, and the claims citing it say so in their note.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ... import vocab
from ...errors import InputError
from ...ids import make_id
from ...match.normalize import norm
from ...names import name_parts
from ...progress import Progress
from ...store import Writer
from ...store.models import (
    Citation,
    Claim,
    Incident,
    IncidentPerpetrator,
    IncidentStatus,
    IncidentViolation,
    Location,
    Name,
    Person,
    Posting,
    Source,
    Unit,
    UnitRelation,
    UnitSite,
)
from .tabular import Field, iter_rows

KIND = "sfm"
DESCRIPTION = "Security Force Monitor CSV export (units, relations, sites, persons, postings, incidents, sources)"
MADE_BY = "import:sfm"

#: SFM's citation that marks a name SFM itself standardised (see the dataset README).
NAME_STANDARDISED_TITLE = "Name standardized in accordance with Security Force Monitor research"
COMMANDER_ROLES = {"commander", "comandante"}

DATED = [
    "first_cited",
    "first_cited_is_start",
    "last_cited",
    "open_ended",
    "confidence",
    "source_ids",
    "access_point_ids",
]
FILES: dict[str, list[str]] = {
    "units.csv": ["unit_id", "name", "other_names", "classifications", "country", "headquarters", *DATED],
    "unit_relations.csv": ["unit_id", "parent_unit_id", "relation_type", "relation_class", *DATED],
    "locations.csv": ["location_id", "name", "country", "osm_feature_type", "longitude", "latitude", "bbox"],
    "unit_locations.csv": ["unit_id", "location_type", "location_id", *DATED],
    "persons.csv": ["person_id", "name", "other_names", "country", "confidence", "source_ids", "access_point_ids"],
    "postings.csv": [
        "person_id",
        "unit_id",
        "role",
        "title",
        "rank",
        "first_cited",
        "first_cited_is_start",
        "start_context",
        "last_cited",
        "last_cited_is_end",
        "end_context",
        "confidence",
        "source_ids",
        "access_point_ids",
    ],
    "incidents.csv": [
        "incident_id",
        "start_date",
        "end_date",
        "first_allegation_date",
        "location_id",
        "location_name",
        "location_description",
        "violation_types",
        "description",
        "perpetrator_unit_ids",
        "perpetrator_person_ids",
        "perpetrator_classifications",
        "country",
        "source_ids",
        "access_point_ids",
    ],
    "sources.csv": [
        "source_id",
        "access_point_id",
        "title",
        "publication",
        "publication_country",
        "url",
        "published_date",
        "archive_url",
        "page_number",
        "accessed_on",
    ],
}
REQUIRED_FILES = ("units.csv", "sources.csv")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


@dataclass
class Parsed:
    folder: str
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # source id -> values
    access_points: dict[str, dict[str, Any]] = field(default_factory=dict)  # ap id -> values (+ source_id)
    units: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    locations: dict[str, dict[str, Any]] = field(default_factory=dict)  # osm id -> values
    sites: list[dict[str, Any]] = field(default_factory=list)
    persons: list[dict[str, Any]] = field(default_factory=list)
    postings: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0


# ------------------------------------------------------------------ vocabulary helpers


def confidence_code(f: Field, column: str = "confidence") -> str | None:
    """SFM grade (1-3 or Low/Medium/High, any case) -> vocab confidence code."""
    v = f.text(column)
    if v is None:
        return None
    for row in vocab.load("confidence"):
        if v.lower() in (str(row["sfm_grade"]), row["code"], row["label_en"].lower(), row["label_es"].lower()):
            return row["code"]
    raise f.err(column, f"not an SFM confidence (1, 2, 3 or Low, Medium, High): {v!r}")


def classify(terms: list[str]) -> tuple[str | None, str | None]:
    """(unit_classifications code, government level) for SFM classification words."""
    table = {norm(r["sfm_term"]): r for r in vocab.load("sfm_classifications")}
    fallback: dict[str, str] = {}
    for r in vocab.load("unit_classifications"):
        for t in vocab.terms(r["terms_es"]) + vocab.terms(r["terms_en"]):
            fallback.setdefault(norm(t), r["code"])
    by_priority: dict[int, set[str]] = {}
    level: tuple[int, str] | None = None
    for t in terms:
        row = table.get(norm(t))
        if row is not None:
            prio, code = int(row["priority"] or 9), row["code"] or None
            if row["government_level"] and (level is None or prio < level[0]):
                level = (prio, row["government_level"])
        else:
            prio, code = 8, fallback.get(norm(t))
        if code:
            by_priority.setdefault(prio, set()).add(code)
    for prio in sorted(by_priority):
        if len(by_priority[prio]) == 1:
            return next(iter(by_priority[prio])), level[1] if level else None
    return None, level[1] if level else None


def violation_code(words: str) -> tuple[str, bool]:
    """(vocab violation_types code, is GVHR) for the source's words: an exact term first,
    then the longest term found inside the words; ``unclassified`` when none matches."""
    key = norm(words)
    best: tuple[int, str, bool] | None = None
    for r in vocab.load("violation_types"):
        for t in vocab.terms(r["terms_en"]) + vocab.terms(r["terms_es"]) + [r["label_en"], r["label_es"]]:
            nt = norm(t)
            if not nt:
                continue
            if nt == key:
                return r["code"], bool(r["gvhr"])
            if re.search(rf"(?<![a-z0-9]){re.escape(nt)}(?![a-z0-9])", key):
                if best is None or len(nt) > best[0]:
                    best = (len(nt), r["code"], bool(r["gvhr"]))
    return (best[1], best[2]) if best else ("unclassified", False)


def split_spanish_name(name: str) -> tuple[str | None, str | None, str | None]:
    """(given names, paternal surname, maternal surname), as written, by the one person-name analyser
    (``forcecheck.names``): with 3+ words the last two (with particles such as 'de la') are the
    surnames unless the second-to-last is an initial or a known given name; with 2 words the last is
    the paternal surname."""
    parts = name_parts(name)
    return parts["given_names"], parts["paternal_surname"], parts["maternal_surname"]


# ------------------------------------------------------------------ parse


def _folder(path: Path) -> Path:
    path = Path(path)
    if path.is_dir():
        return path
    if path.is_file():
        return path.parent
    raise InputError("no such file or folder", file=str(path))


def _yn(f: Field, column: str, allowed: tuple[str, ...] = ("Y", "N")) -> str | None:
    v = f.text(column)
    if v is None:
        return None
    v = v.upper()
    if v not in allowed:
        raise f.err(column, f"{v!r} is not one of {', '.join(allowed)}")
    return v


def _sfm_id(f: Field, column: str, *, required: bool = True) -> str | None:
    v = f.text(column, required=required)
    if v is not None and not _SAFE_ID.match(v):
        raise f.err(column, f"not an SFM id (letters, digits, '-', at most 64 characters): {v!r}")
    return v


def _new_id(f: Field, column: str, seen: set[str] | dict[str, Any], what: str) -> str:
    """The record's SFM id, refused when the file lists it twice; added to ``seen`` when a set."""
    v = _sfm_id(f, column)
    if v in seen:
        raise f.err(column, f"{what} {v!r} is listed twice")
    if isinstance(seen, set):
        seen.add(v)  # type: ignore[arg-type]
    return v  # type: ignore[return-value]


def _dated(f: Field, parsed: Parsed, *, end_flag: str | None = None) -> dict[str, Any]:
    """The claim fields shared by every dated SFM record, and its citations (validated)."""
    first, last = f.date("first_cited"), f.date("last_cited")
    is_start = _yn(f, "first_cited_is_start")
    open_ended = _yn(f, "open_ended", ("Y", "N", "E")) if "open_ended" in f.values else None
    is_end = _yn(f, end_flag) if end_flag else None
    if end_flag and is_end == "Y" and open_ended is None:
        open_ended = "E"
    return dict(
        confidence=confidence_code(f),
        first_date=first,
        first_approx=is_start != "Y",
        last_date=last,
        last_approx=not (is_end == "Y" or open_ended == "E"),
        open_ended=open_ended,
        aps=_aps(f, parsed),
    )


def _aps(f: Field, parsed: Parsed) -> list[str]:
    aps = f.list("access_point_ids")
    for ap in aps:
        if ap not in parsed.access_points:
            raise f.err("access_point_ids", f"access point {ap!r} is not in sources.csv")
    srcs = f.list("source_ids")
    for s in srcs:
        if s not in parsed.sources:
            raise f.err("source_ids", f"source {s!r} is not in sources.csv")
    return aps


def _read(folder: Path, name: str, progress: Progress):  # type: ignore[no-untyped-def]
    path = folder / name
    if not path.exists():
        if name in REQUIRED_FILES:
            raise InputError(f"{name} is missing from the SFM folder", file=str(path))
        return
    progress.start(None, f"reading {name}")
    for rowno, values in iter_rows(path, required=FILES[name]):
        progress.advance(1)
        yield Field(path, rowno, values)


def parse(path: Path, progress: Progress) -> Parsed:
    folder = _folder(path)
    p = Parsed(folder=str(folder))

    for f in _read(folder, "sources.csv", progress):
        sid, ap = _sfm_id(f, "source_id"), _new_id(f, "access_point_id", p.access_points, "access point")
        title = f.text("title")
        src = dict(
            title=title,
            publisher=f.text("publication"),
            country=f.text("publication_country"),
            url=f.text("url"),
            published_date=f.date("published_date"),
            archive_url=f.text("archive_url"),
        )
        if sid not in p.sources:
            p.sources[sid] = src
        p.access_points[ap] = dict(
            source_id=sid,
            page=f.text("page_number"),
            archive_url=f.text("archive_url"),
            accessed_on=f.date("accessed_on"),
        )
        p.rows += 1

    unit_ids: set[str] = set()
    for f in _read(folder, "units.csv", progress):
        uid = _new_id(f, "unit_id", unit_ids, "unit")
        terms = f.list("classifications")
        code, level = classify(terms)
        p.units.append(
            dict(
                uid=uid,
                name=f.text("name", required=True),
                other_names=f.list("other_names"),
                code=code,
                level=level,
                raw=";".join(terms) or None,
                country=f.text("country"),
                headquarters=f.text("headquarters"),
                claim=_dated(f, p),
                row=f.row,
            )
        )
        p.rows += 1

    for f in _read(folder, "unit_relations.csv", progress):
        uid, parent = _sfm_id(f, "unit_id"), _sfm_id(f, "parent_unit_id")
        for col, v in (("unit_id", uid), ("parent_unit_id", parent)):
            if v not in unit_ids:
                raise f.err(col, f"unit {v!r} is not in units.csv")
        kind = f.choice("relation_type", ["child", "member"], required=True)
        p.relations.append(
            dict(
                uid=uid,
                parent=parent,
                relation=f"{kind}-of",
                relation_class=f.text("relation_class"),
                claim=_dated(f, p),
                key=tuple(f.values.get(c, "") for c in FILES["unit_relations.csv"]),
            )
        )
        p.rows += 1

    for f in _read(folder, "locations.csv", progress):
        lid = _sfm_id(f, "location_id")
        lon, lat = f.decimal("longitude"), f.decimal("latitude")
        if lon is not None and not -180 <= lon <= 180:
            raise f.err("longitude", f"out of range: {lon}")
        if lat is not None and not -90 <= lat <= 90:
            raise f.err("latitude", f"out of range: {lat}")
        ftype = f.text("osm_feature_type")
        name = f.text("name", required=True)
        p.locations[lid] = dict(
            id=f"osm-{ftype or 'place'}-{lid}",
            name=name,
            country=f.text("country"),
            admin1=name.rsplit(",", 1)[1].strip() if "," in name else None,
            feature_type=ftype,
            longitude=float(lon) if lon is not None else None,
            latitude=float(lat) if lat is not None else None,
            bbox=f.text("bbox"),
        )
        p.rows += 1

    def location(f: Field, column: str, *, required: bool) -> str | None:
        lid = _sfm_id(f, column, required=required)
        if lid is None:
            return None
        if lid not in p.locations:
            raise f.err(column, f"location {lid!r} is not in locations.csv")
        return p.locations[lid]["id"]

    for f in _read(folder, "unit_locations.csv", progress):
        uid = _sfm_id(f, "unit_id")
        if uid not in unit_ids:
            raise f.err("unit_id", f"unit {uid!r} is not in units.csv")
        kind = f.choice("location_type", ["site", "aoo"], required=True)
        p.sites.append(
            dict(
                uid=uid,
                kind=kind,
                location_id=location(f, "location_id", required=True),
                claim=_dated(f, p),
                key=tuple(f.values.get(c, "") for c in FILES["unit_locations.csv"]),
            )
        )
        p.rows += 1

    person_ids: set[str] = set()
    for f in _read(folder, "persons.csv", progress):
        pid = _new_id(f, "person_id", person_ids, "person")
        p.persons.append(
            dict(
                pid=pid,
                name=f.text("name", required=True),
                other_names=f.list("other_names"),
                country=f.text("country"),
                claim=dict(confidence=confidence_code(f), aps=_aps(f, p)),
            )
        )
        p.rows += 1

    seen: Counter[tuple[str, ...]] = Counter()
    for f in _read(folder, "postings.csv", progress):
        pid, uid = _sfm_id(f, "person_id"), _sfm_id(f, "unit_id")
        if pid not in person_ids:
            raise f.err("person_id", f"person {pid!r} is not in persons.csv")
        if uid not in unit_ids:
            raise f.err("unit_id", f"unit {uid!r} is not in units.csv")
        key = tuple(f.values.get(c, "") for c in FILES["postings.csv"])
        seen[key] += 1
        role = f.text("role")
        p.postings.append(
            dict(
                pid=pid,
                uid=uid,
                role=role,
                is_commander=bool(role) and norm(role) in COMMANDER_ROLES,
                title=f.text("title"),
                rank=f.text("rank"),
                start_context=f.text("start_context"),
                end_context=f.text("end_context"),
                claim=_dated(f, p, end_flag="last_cited_is_end"),
                key=(*key, seen[key]),
            )
        )
        p.rows += 1

    incident_ids: set[str] = set()
    for f in _read(folder, "incidents.csv", progress):
        iid = _new_id(f, "incident_id", incident_ids, "incident")
        perp_units = f.list("perpetrator_unit_ids")
        for u in perp_units:
            if u not in unit_ids:
                raise f.err("perpetrator_unit_ids", f"unit {u!r} is not in units.csv")
        perp_persons = f.list("perpetrator_person_ids")
        for x in perp_persons:
            if x not in person_ids:
                raise f.err("perpetrator_person_ids", f"person {x!r} is not in persons.csv")
        start, end = f.date("start_date"), f.date("end_date")
        types = f.list("violation_types")
        p.incidents.append(
            dict(
                iid=iid,
                start=start,
                end=end,
                first_allegation=f.date("first_allegation_date"),
                location_id=location(f, "location_id", required=False),
                place=f.text("location_name"),
                place_description=f.text("location_description"),
                types=[(t, *violation_code(t)) for t in types],
                description=f.text("description"),
                perp_units=perp_units,
                perp_persons=perp_persons,
                perp_classes=f.list("perpetrator_classifications"),
                country=f.text("country"),
                claim=dict(first_date=start, first_approx=False, last_date=end, last_approx=False, aps=_aps(f, p)),
            )
        )
        p.rows += 1
    return p


# ------------------------------------------------------------------ write


class _Out:
    """Rows to write, by model, with claims and citations built the same way for every record."""

    def __init__(self, parsed: Parsed, marker_sources: set[str]):
        self.parsed, self.marker_sources = parsed, marker_sources
        self.rows: dict[type, list[dict[str, Any]]] = {}

    def add(self, model: type, **values: Any) -> None:
        self.rows.setdefault(model, []).append(values)

    def claim(self, kind: str, table: str, subject_id: str, c: dict[str, Any]) -> str:
        claim_id = make_id("claim-sfm", table, subject_id)
        sources = {self.parsed.access_points[ap]["source_id"] for ap in c.get("aps", [])}
        note = "name standardised by Security Force Monitor" if sources & self.marker_sources else None
        self.add(
            Claim,
            id=claim_id,
            kind=kind,
            status="accepted",
            confidence=c.get("confidence"),
            made_by=MADE_BY,
            first_date=c.get("first_date"),
            first_approx=c.get("first_approx", True),
            last_date=c.get("last_date"),
            last_approx=c.get("last_approx", True),
            open_ended=c.get("open_ended"),
            subject_table=table,
            subject_id=subject_id,
            note=note,
        )
        for ap in c.get("aps", []):
            a = self.parsed.access_points[ap]
            self.add(
                Citation,
                id=make_id("cit", claim_id, ap),
                claim_id=claim_id,
                source_id=f"sfm-source-{a['source_id']}",
                locator=ap,
                page=a["page"],
                archive_url=a["archive_url"],
                accessed_on=a["accessed_on"],
            )
        return claim_id


def write(session: Session, writer: Writer, parsed: Parsed, progress: Progress) -> int:
    marker = {sid for sid, s in parsed.sources.items() if s["title"] == NAME_STANDARDISED_TITLE}
    out = _Out(parsed, marker)
    institutions = {r["sfm_unit_id"]: r for r in vocab.load("institutions") if r.get("sfm_unit_id")}

    for sid, s in parsed.sources.items():
        is_marker = sid in marker
        out.add(
            Source,
            id=f"sfm-source-{sid}",
            kind="note" if is_marker else "article",
            title=s["title"],
            publisher=s["publisher"],
            published_date=s["published_date"],
            url=s["url"],
            archive_url=s["archive_url"],
            country=s["country"],
            meta={"sfm_source_id": sid, **({"sfm_marker": "name-standardised"} if is_marker else {})},
        )

    for u in parsed.units:
        uid = f"sfm-unit-{u['uid']}"
        claim_id = out.claim("unit", "unit", uid, u["claim"])
        inst = institutions.get(u["uid"])
        out.add(
            Unit,
            id=uid,
            name=u["name"],
            classification=u["code"],
            classifications_raw=u["raw"],
            government_level=(inst or {}).get("government_level") or u["level"],
            country=u["country"],
            headquarters=u["headquarters"],
            is_ministry=bool(inst and inst["is_ministry"]),
            is_placeholder=False,
            claim_id=claim_id,
        )
        names = [(u["name"], "primary", "es")] + [(n, "alias", None) for n in u["other_names"] if n != u["name"]]
        for name, kind, lang in dict.fromkeys(names):
            out.add(
                Name,
                id=make_id("name", uid, kind, name),
                unit_id=uid,
                name=name,
                kind=kind,
                lang=lang,
                claim_id=claim_id,
            )

    for r in parsed.relations:
        rid = make_id("sfm-rel", *r["key"])
        claim_id = out.claim("unit_relation", "unit_relation", rid, r["claim"])
        out.add(
            UnitRelation,
            id=rid,
            unit_id=f"sfm-unit-{r['uid']}",
            parent_id=f"sfm-unit-{r['parent']}",
            relation=r["relation"],
            relation_class=r["relation_class"],
            claim_id=claim_id,
        )

    for loc in parsed.locations.values():
        claim_id = out.claim("location", "location", loc["id"], {})
        out.add(Location, **loc, claim_id=claim_id)

    for s in parsed.sites:
        sid = make_id("sfm-site", *s["key"])
        claim_id = out.claim("unit_site", "unit_site", sid, s["claim"])
        out.add(
            UnitSite,
            id=sid,
            unit_id=f"sfm-unit-{s['uid']}",
            kind=s["kind"],
            location_id=s["location_id"],
            claim_id=claim_id,
        )

    for p in parsed.persons:
        pid = f"sfm-person-{p['pid']}"
        claim_id = out.claim("person", "person", pid, p["claim"])
        given, paternal, maternal = split_spanish_name(p["name"])
        out.add(
            Person,
            id=pid,
            name=p["name"],
            given_names=given,
            paternal_surname=paternal,
            maternal_surname=maternal,
            country=p["country"],
            claim_id=claim_id,
        )
        names = [(p["name"], "primary")] + [(n, "alias") for n in p["other_names"] if n != p["name"]]
        for name, kind in dict.fromkeys(names):
            g, pa, ma = split_spanish_name(name)
            out.add(
                Name,
                id=make_id("name", pid, kind, name),
                person_id=pid,
                name=name,
                kind=kind,
                lang="es",
                given_names=g,
                paternal_surname=pa,
                maternal_surname=ma,
                claim_id=claim_id,
            )

    for x in parsed.postings:
        post_id = make_id("sfm-posting", *x["key"])
        claim_id = out.claim("posting", "posting", post_id, x["claim"])
        out.add(
            Posting,
            id=post_id,
            person_id=f"sfm-person-{x['pid']}",
            unit_id=f"sfm-unit-{x['uid']}",
            role=x["role"],
            is_commander=x["is_commander"],
            title=x["title"],
            rank=x["rank"],
            start_context=x["start_context"],
            end_context=x["end_context"],
            claim_id=claim_id,
        )

    for i in parsed.incidents:
        iid = f"sfm-incident-{i['iid']}"
        claim_id = out.claim("incident", "incident", iid, i["claim"])
        words = "; ".join(t for t, _c, _g in i["types"])
        title = ", ".join(x for x in (words, i["place"], i["start"]) if x) or None
        out.add(
            Incident,
            id=iid,
            title=title,
            description=i["description"],
            start_date=i["start"],
            end_date=i["end"],
            first_allegation_date=i["first_allegation"],
            location_id=i["location_id"],
            place_text=i["place"],
            place_description=i["place_description"],
            country=i["country"],
            perpetrator_classification="; ".join(i["perp_classes"]) or None,
            status="alleged",
            is_gvhr=any(g for _t, _c, g in i["types"]),
            claim_id=claim_id,
        )
        for t, code, gvhr in i["types"]:
            out.add(
                IncidentViolation,
                id=make_id("sfm-viol", iid, t),
                incident_id=iid,
                code=code,
                source_words=t,
                is_gvhr=gvhr,
            )
        perps = [dict(unit_id=f"sfm-unit-{u}") for u in i["perp_units"]] + [
            dict(person_id=f"sfm-person-{x}") for x in i["perp_persons"]
        ]
        if not perps:
            perps = [dict(classification=c) for c in i["perp_classes"]]
        for perp in perps:
            out.add(
                IncidentPerpetrator,
                id=make_id("sfm-perp", iid, *sorted(perp.items())),
                incident_id=iid,
                claim_id=claim_id,
                **{"unit_id": None, "person_id": None, "classification": "; ".join(i["perp_classes"]) or None, **perp},
            )
        out.add(
            IncidentStatus,
            id=make_id("sfm-status", iid, "alleged"),
            incident_id=iid,
            status="alleged",
            date=i["first_allegation"] or i["start"],
            claim_id=claim_id,
        )

    order = [
        Source,
        Claim,
        Location,
        Unit,
        Person,
        Name,
        UnitRelation,
        UnitSite,
        Posting,
        Incident,
        IncidentViolation,
        IncidentPerpetrator,
        IncidentStatus,
        Citation,
    ]
    progress.start(sum(len(out.rows.get(m, [])) for m in order), "writing SFM records")
    for model in order:
        rows = out.rows.get(model, [])
        writer.put_many(model, rows)
        progress.advance(len(rows))
    return parsed.rows
