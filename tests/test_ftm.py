"""FollowTheMoney export and import: round trips on real OFAC data and on every table, ``--public``, bad lines."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from forcecheck.cli.main import app
from forcecheck.ingest.importers import run_import
from forcecheck.report.exports import run_export
from forcecheck.store import Store
from forcecheck.store.models import (
    Assistance,
    Certification,
    Citation,
    Claim,
    Identifier,
    Incident,
    IncidentPerpetrator,
    IncidentStatus,
    IncidentViolation,
    ListEntry,
    Location,
    Name,
    Organization,
    Person,
    Posting,
    Source,
    Unit,
    UnitRelation,
    UnitSite,
)
from forcecheck.store.stats import stats

from .conftest import _pg_store, shared_file

COUNTED = ("persons", "organizations", "list_entries", "names", "claims", "citations", "sources")


def _export(store: Store, public: bool = False) -> str:
    buf = io.StringIO()
    run_export(store, "ftm", buf, public=public)
    return buf.getvalue()


def _counts(store: Store) -> dict[str, int]:
    with store.read() as s:
        data = stats(s)
    return {k: data[k] for k in COUNTED}


@pytest.fixture
def fresh_store(request, tmp_path):
    """A factory of new, empty evidence bases on a named backend."""
    made = []

    def make(backend: str) -> Store:
        if backend == "sqlite":
            s = Store(f"sqlite:///{tmp_path / f'fresh{len(made)}.db'}", actor="test")
            s.init()
            made.append((s, None))
        else:
            s, drop = _pg_store(request.getfixturevalue("pg_template"))
            made.append((s, drop))
        return s

    yield make
    for s, drop in made:
        s.dispose()
        if drop:
            drop()


@pytest.fixture(scope="module")
def ofac_sqlite(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('ftm') / 'ofac.db'}", actor="test")
    store.init()
    run_import(store, "ofac", shared_file("watchlists", "ofac", "sdn.csv").parent)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def ofac_export(ofac_sqlite):
    return _export(ofac_sqlite)


# --------------------------------------------------------------------------- real data


def test_ofac_round_trip_into_a_new_database(ofac_sqlite, ofac_export, fresh_store, tmp_path):
    """import ofac (SQLite) -> export ftm -> import ftm into a new PostgreSQL database -> export ftm: byte-identical."""
    first = ofac_export
    path = tmp_path / "ofac.ftm.jsonl"
    path.write_text(first, encoding="utf-8")
    target = fresh_store("postgresql")
    res = run_import(target, "ftm", path)
    assert res.rows == len(first.splitlines())
    assert _counts(target) == _counts(ofac_sqlite)
    with target.read() as s:
        assert s.scalar(select(func.count()).select_from(ListEntry)) == 8976
        assert s.scalar(select(func.count()).select_from(Name).where(Name.kind.in_(["aka", "fka", "nka"]))) == 11910
    assert _export(target) == first


def test_ofac_entities_are_valid_ftm(ofac_export):
    from followthemoney import model

    schemata = {}
    for line in ofac_export.splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # unknown properties would be dropped: compare
        assert set(proxy.properties) == set(data["properties"]), data["id"]
        schemata[data["schema"]] = schemata.get(data["schema"], 0) + 1
        if data["schema"] == "Person" and data["properties"]["name"] == ["GUZMAN LOERA, Joaquin"]:
            assert data["properties"]["firstName"] == ["Joaquin"] and data["properties"]["lastName"] == ["GUZMAN LOERA"]
            assert "GUZMAN, Chapo" in data["properties"]["alias"]
    assert schemata["Sanction"] == 8976 and schemata["Person"] == 4620
    assert schemata["Vessel"] == 406 and schemata["Airplane"] == 277


def test_public_export_has_no_birth_dates_or_identifier_values(ofac_sqlite, ofac_export):
    public = _export(ofac_sqlite, public=True)
    assert '"birthDate"' not in public and '"birthPlace"' not in public and '"birth_date"' not in public
    assert '"Identification"' not in public and "DOB " not in public
    with ofac_sqlite.read() as s:
        values = sorted({v for v in s.scalars(select(Identifier.value)) if len(v) >= 8}, key=lambda v: (-len(v), v))[
            :300
        ]
        dates = [d for d in s.scalars(select(Person.birth_date).where(Person.birth_date.isnot(None)))]
    assert len(values) == 300
    assert not [v for v in values if v in public]
    assert '"birthDate"' in ofac_export and values[0] in ofac_export and dates[0] in ofac_export


# --------------------------------------------------------------------------- every table, both backends


def _seed(store: Store) -> None:
    with store.transaction() as s:
        s.add_all(
            [
                Source(
                    id="src-news",
                    kind="article",
                    title="Police and the missing students",
                    publisher="Example News",
                    published_date="2014-10",
                    url="https://example.org/a",
                    language="en",
                    content_hash="ab" * 32,
                    restricted=False,
                    meta={"pages": 2},
                ),
                Source(id="src-secret", kind="report", title="Internal memo", restricted=True),
                Claim(
                    id="c1",
                    kind="unit",
                    status="accepted",
                    confidence="high",
                    first_date="2014-01",
                    last_date="2015",
                    open_ended="N",
                    made_by="alice",
                ),
                Claim(
                    id="c2", kind="posting", status="proposed", payload={"text": "Comandante Pérez"}, made_by="extract"
                ),
                Location(
                    id="loc1",
                    name="Iguala de la Independencia, Guerrero",
                    country="mx",
                    admin1="Guerrero",
                    latitude=18.34,
                    longitude=-99.54,
                ),
                Unit(
                    id="u-police",
                    name="Policía Municipal de Iguala",
                    classification="police",
                    government_level="municipal",
                    country="mx",
                    claim_id="c1",
                ),
                Unit(
                    id="u-ssp",
                    name="Secretaría de Seguridad Pública de Guerrero",
                    classification="police",
                    government_level="state",
                    country="mx",
                    is_ministry=True,
                ),
                Person(
                    id="p1",
                    name="Juan Pérez García",
                    given_names="Juan",
                    paternal_surname="Pérez",
                    maternal_surname="García",
                    sex="male",
                    birth_date="1970-05",
                    birth_place="Iguala",
                    father_name="Pedro Pérez",
                    country="mx",
                ),
                Organization(id="o1", name="Guerreros Unidos", org_type="armed_group", country="mx"),
            ]
        )
        s.flush()
        s.add_all(
            [
                Citation(
                    id="cit1",
                    claim_id="c1",
                    source_id="src-news",
                    quote="the municipal police of Iguala",
                    span_start=10,
                    span_end=40,
                ),
                Citation(id="cit2", claim_id="c2", source_id="src-secret", page="3"),
                Name(id="n1", unit_id="u-police", name="Policía Municipal de Iguala", kind="primary", lang="es"),
                Name(id="n2", unit_id="u-police", name="Iguala municipal police", kind="alias", lang="en"),
                Name(
                    id="n3",
                    person_id="p1",
                    name="Juan Pérez García",
                    kind="primary",
                    given_names="Juan",
                    paternal_surname="Pérez",
                    maternal_surname="García",
                ),
                Name(id="n4", person_id="p1", name="El Comandante", kind="nickname"),
                Name(id="n5", organization_id="o1", name="GU", kind="abbreviation"),
                Identifier(id="i1", person_id="p1", scheme="curp", value="PEGJ700501HGRRRN01", country="mx"),
                UnitRelation(
                    id="r1",
                    unit_id="u-police",
                    parent_id="u-ssp",
                    relation="child-of",
                    relation_class="Command",
                    claim_id="c1",
                ),
                UnitSite(id="site1", unit_id="u-police", kind="site", location_id="loc1"),
                Posting(
                    id="post1",
                    person_id="p1",
                    unit_id="u-police",
                    role="Commander",
                    is_commander=True,
                    rank="Comandante",
                    claim_id="c2",
                ),
                Incident(
                    id="inc1",
                    title="Iguala disappearances",
                    start_date="2014-09-26",
                    end_date="2014-09-27",
                    location_id="loc1",
                    place_text="Iguala, Guerrero",
                    country="mx",
                    victims_count=43,
                    status="charged",
                    is_gvhr=True,
                    claim_id="c1",
                ),
                Assistance(
                    id="as1",
                    kind="training",
                    donor="US",
                    program="INCLE",
                    funding_authority="INCLE",
                    recipient_unit_id="u-ssp",
                    recipient_level="ministry",
                    description="Police tactics course",
                    quantity=12,
                    amount=Decimal("15000.50"),
                    currency="USD",
                    start_date="2013-02",
                    fiscal_year="2013",
                ),
                Certification(
                    id="cert1",
                    person_id="p1",
                    unit_id="u-police",
                    exam_date="2013-06-01",
                    polygraph="failed",
                    outcome="failed",
                    after_failure="still_active",
                ),
                ListEntry(
                    id="le1",
                    source_id="src-secret",
                    list_name="Internal",
                    entry_ref="7",
                    organization_id="o1",
                    remarks="DOB 1970",
                ),
            ]
        )
        s.flush()
        s.add_all(
            [
                IncidentViolation(
                    id="iv1",
                    incident_id="inc1",
                    code="enforced_disappearance",
                    source_words="desaparición forzada",
                    is_gvhr=True,
                ),
                IncidentPerpetrator(id="ip1", incident_id="inc1", unit_id="u-police", claim_id="c1"),
                IncidentPerpetrator(id="ip2", incident_id="inc1", organization_id="o1"),
                IncidentStatus(id="is1", incident_id="inc1", status="charged", date="2015"),
            ]
        )


@pytest.mark.parametrize("target_backend", ["sqlite", "postgresql"])
def test_every_table_round_trips(store, fresh_store, tmp_path, target_backend):
    _seed(store)
    first = _export(store)
    schemata = sorted({json.loads(line)["schema"] for line in first.splitlines()})
    assert schemata == sorted(
        [
            "Address",
            "Documentation",
            "Document",
            "Event",
            "Identification",
            "Membership",
            "Note",
            "Organization",
            "Payment",
            "Person",
            "PublicBody",
            "Sanction",
            "UnknownLink",
        ]
    )
    path = tmp_path / "all.jsonl"
    path.write_text(first, encoding="utf-8")
    target = fresh_store(target_backend)
    run_import(target, "ftm", path)
    assert _export(target) == first
    with target.read() as s:
        assert s.get(Assistance, "as1").amount == Decimal("15000.50")
        assert s.get(Unit, "u-ssp").is_ministry is True
        assert s.get(Location, "loc1").latitude == pytest.approx(18.34)
        assert s.get(Claim, "c2").payload == {"text": "Comandante Pérez"}
        assert {p.id for p in s.scalars(select(IncidentPerpetrator))} == {"ip1", "ip2"}
        assert s.get(Person, "p1").father_name == "Pedro Pérez"
    again = run_import(target, "ftm", path)
    assert (again.inserted, again.updated) == (0, 0)


def test_public_export_leaves_out_personal_data_and_restricted_sources(store):
    _seed(store)
    lines = [json.loads(line) for line in _export(store, public=True).splitlines()]
    ids = {e["id"] for e in lines}
    assert "src-secret" not in ids and "cit2" not in ids and "le1" not in ids and "i1" not in ids
    assert "src-news" in ids and "cit1" in ids
    text = json.dumps(lines, ensure_ascii=False)
    for secret in ("1970-05", "Pedro Pérez", "PEGJ700501HGRRRN01", '"polygraph"', "Comandante Pérez"):
        assert secret not in text
    person = next(e for e in lines if e["id"] == "p1")
    assert person["properties"]["lastName"] == ["Pérez García"] and "El Comandante" in person["properties"]["alias"]
    unit = next(e for e in lines if e["id"] == "u-police")
    assert unit["schema"] == "PublicBody" and unit["properties"]["topics"] == ["gov.security"]


# --------------------------------------------------------------------------- plain FtM and bad lines


PLAIN = [
    {
        "id": "os-person-1",
        "schema": "Person",
        "properties": {
            "name": ["Ana López Ruiz"],
            "firstName": ["Ana"],
            "lastName": ["López Ruiz"],
            "alias": ["La Jefa"],
            "birthDate": ["1980-02-03"],
            "nationality": ["mx"],
        },
    },
    {"id": "os-company-1", "schema": "Company", "properties": {"name": ["Transportes Ejemplo SA"], "country": ["mx"]}},
    {
        "id": "os-unit-1",
        "schema": "PublicBody",
        "properties": {"name": ["Policía Estatal de Ejemplo"], "topics": ["gov.security"], "country": ["mx"]},
    },
    {
        "id": "os-sanction-1",
        "schema": "Sanction",
        "properties": {"entity": ["os-person-1"], "authority": ["Example Authority"], "programId": ["X1"]},
    },
    {
        "id": "os-member-1",
        "schema": "Membership",
        "properties": {"member": ["os-person-1"], "organization": ["os-unit-1"], "role": ["Director"]},
    },
    {"id": "os-email-1", "schema": "Email", "properties": {"subject": ["hello"]}},
]


def test_plain_ftm_is_mapped_by_schema(store, tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in PLAIN) + "\n", encoding="utf-8")
    res = run_import(store, "ftm", path)
    assert res.rows == len(PLAIN)
    with store.read() as s:
        p = s.get(Person, "os-person-1")
        assert (p.given_names, p.paternal_surname, p.maternal_surname, p.birth_date) == (
            "Ana",
            "López",
            "Ruiz",
            "1980-02-03",
        )
        assert {(n.kind, n.name) for n in s.scalars(select(Name).where(Name.person_id == p.id))} == {
            ("primary", "Ana López Ruiz"),
            ("alias", "La Jefa"),
        }
        assert s.get(Organization, "os-company-1").org_type == "company"
        assert s.get(Unit, "os-unit-1").name == "Policía Estatal de Ejemplo"
        le = s.get(ListEntry, "os-sanction-1")
        assert le.person_id == "os-person-1" and le.programs == "X1"
        assert s.get(Posting, "os-member-1").unit_id == "os-unit-1"
        claim = s.get(Claim, p.claim_id)
        cit = s.scalars(select(Citation).where(Citation.claim_id == claim.id)).one()
        assert cit.row == 1 and s.get(Source, cit.source_id).kind == "dataset"


@pytest.mark.parametrize(
    "bad_line,expect",
    [
        ('{"id": "x", "schema": "Person", "properties": {', ["row 2", "not valid JSON"]),
        (
            '{"id": "x", "schema": "Warlord", "properties": {}}',
            ["row 2", "field 'schema'", "unknown FtM schema 'Warlord'"],
        ),
        ('["not", "an", "object"]', ["row 2", "not a JSON object"]),
        ('{"id": "s", "schema": "Sanction", "properties": {"entity": ["nobody"]}}', ["row 2", "field 'entity'"]),
    ],
)
def test_bad_line_exits_2_and_changes_nothing(cli, tmp_path, bad_line, expect):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(PLAIN[1]) + "\n" + bad_line + "\n", encoding="utf-8")
    assert cli("init").exit_code == 0
    before = json.loads(cli("stats", "--json").stdout)
    res = CliRunner().invoke(app, ["--db", cli.db_url, "import", "ftm", str(path)])
    assert res.exit_code == 2
    message = " ".join(res.output.split())
    assert all(e in message for e in expect), message
    assert json.loads(cli("stats", "--json").stdout) == before


def test_cli_export_to_a_file(cli, tmp_path):
    out = tmp_path / "out.jsonl"
    src = tmp_path / "plain.jsonl"
    src.write_text(json.dumps(PLAIN[0]) + "\n", encoding="utf-8")
    assert cli("import", "ftm", str(src)).exit_code == 0
    res = cli("export", "ftm", "--out", str(out), "--public")
    assert res.exit_code == 0
    assert '"1980-02-03"' not in out.read_text() and '"Ana López Ruiz"' in out.read_text()
