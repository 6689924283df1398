"""``forcecheck import ofac``: the real SDN list on SQLite and PostgreSQL, remarks parsing, bad files.

The real list is imported once per backend for the module (it is the slow part).
"""

from __future__ import annotations

import hashlib
import shutil
import time

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from forcecheck.cli.main import app
from forcecheck.ingest.importers import run_import
from forcecheck.ingest.importers.ofac import parse_remarks, partial_date, split_person_name
from forcecheck.store import Store
from forcecheck.store.models import (
    AuditEvent,
    Citation,
    Claim,
    Identifier,
    ListEntry,
    Name,
    Organization,
    Person,
    Source,
)

from .conftest import EXAMPLES, _pg_store, shared_file

EXAMPLE = EXAMPLES / "ofac_example"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def ofac_store(request, tmp_path_factory):
    """The real OFAC list imported once into a fresh evidence base on each backend."""
    folder = shared_file("watchlists", "ofac", "sdn.csv").parent
    drop = None
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path_factory.mktemp('ofac') / 'ofac.db'}", actor="test")
        store.init()
    else:
        store, drop = _pg_store(request.getfixturevalue("pg_template"))
    t0 = time.perf_counter()
    result = run_import(store, "ofac", folder)
    store.info = {"result": result, "seconds": time.perf_counter() - t0, "folder": folder}  # type: ignore[attr-defined]
    print(f"\nOFAC import on {request.param}: {store.info['seconds']:.1f} s")  # type: ignore[attr-defined]
    yield store
    store.dispose()
    if drop:
        drop()


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


# --------------------------------------------------------------------------- the real list


def test_every_entry_and_alias_is_stored(ofac_store):
    assert ofac_store.info["result"].rows == 8976
    with ofac_store.read() as s:
        assert _count(s, ListEntry) == 8976
        assert _count(s, ListEntry, ListEntry.list_name == "OFAC SDN") == 8976
        assert _count(s, Person) == 4620
        assert _count(s, Organization) == 3673 + 406 + 277
        assert _count(s, Organization, Organization.org_type == "vessel") == 406
        assert _count(s, Organization, Organization.org_type == "aircraft") == 277
        assert _count(s, Name, Name.kind == "primary") == 8976
        assert _count(s, Name, Name.kind.in_(["aka", "fka", "nka"])) == 11910
        assert _count(s, Name, Name.kind == "fka") == 369 and _count(s, Name, Name.kind == "nka") == 18
        assert _count(s, Name, Name.kind == "weak") > 2000  # OFAC's weak a.k.a.s, from the remarks
        src = s.scalars(select(Source)).one()
        assert src.kind == "watchlist" and src.publisher == "US Treasury OFAC"
        assert src.content_hash == "2a08fac873a3be0b92208f8874b2e7c138b7938190eeeb7ef991c15ba60e855b"
        assert (
            _count(
                s,
                Claim,
                Claim.kind == "list_entry",
                Claim.status == "accepted",
                Claim.confidence == "high",
                Claim.made_by == "import:ofac",
            )
            == 8976
        )
        assert _count(s, Citation, Citation.source_id == src.id) == 8976


def test_guzman_loera_and_his_aliases(ofac_store):
    with ofac_store.read() as s:
        p = s.scalars(select(Person).where(Person.name == "GUZMAN LOERA, Joaquin")).one()
        assert (p.given_names, p.paternal_surname, p.maternal_surname) == ("Joaquin", "GUZMAN", "LOERA")
        assert p.birth_date == "1954-12-25" and p.birth_place == "Mexico"
        aliases = {n.name for n in s.scalars(select(Name).where(Name.person_id == p.id, Name.kind == "aka"))}
        assert len(aliases) == 18
        assert {"GUZMAN, Chapo", "GUZMAN LOESA, Joaquin", "ORTEGA, Miguel"} <= aliases
        chapo = s.scalars(select(Name).where(Name.person_id == p.id, Name.name == "GUZMAN, Chapo")).one()
        assert (chapo.paternal_surname, chapo.given_names) == ("GUZMAN", "Chapo")
        entry = s.scalars(select(ListEntry).where(ListEntry.person_id == p.id)).one()
        assert entry.entry_ref == "6861" and entry.programs == "SDNTK" and entry.entry_type == "individual"
        cit = s.scalars(select(Citation).where(Citation.claim_id == entry.claim_id)).one()
        assert cit.locator == "6861" and cit.row == 315  # sdn.csv row of ent_num 6861


def test_remarks_become_person_fields_identifiers_and_countries(ofac_store):
    with ofac_store.read() as s:
        # a Mexican entry with C.U.R.P. and R.F.C. in its remarks
        curp = s.scalars(select(Identifier).where(Identifier.scheme == "curp")).all()
        rfc = s.scalars(select(Identifier).where(Identifier.scheme == "rfc")).all()
        assert len(curp) > 300 and len(rfc) > 300
        assert all(i.person_id or i.organization_id for i in curp + rfc)
        assert _count(s, Identifier, Identifier.scheme == "passport") > 1000
        assert _count(s, Person, Person.sex == "male") == 1384
        assert _count(s, Person, Person.sex == "female") == 129
        mx = _count(s, ListEntry, ListEntry.countries.like("%mx%"))
        assert 700 <= mx <= 800  # the README counts 760 Mexico-linked entries
        zetas = s.scalars(select(Organization).where(Organization.name == "LOS ZETAS")).one()
        assert s.scalars(select(ListEntry).where(ListEntry.organization_id == zetas.id)).one().programs
        # the spill-over of sdn_comments.csv is appended to the remarks
        long = s.scalars(select(ListEntry).where(ListEntry.entry_ref == "12300")).one()
        assert long.remarks.endswith("Linked To: R D I S.A.")


def test_second_import_changes_nothing(ofac_store):
    with ofac_store.read() as s:
        events = _count(s, AuditEvent)
    again = run_import(ofac_store, "ofac", ofac_store.info["folder"] / "sdn.csv")
    assert (again.inserted, again.updated) == (0, 0)
    with ofac_store.read() as s:
        assert _count(s, AuditEvent) == events


# --------------------------------------------------------------------------- parsing (no database)


def test_remarks_parsing():
    r = parse_remarks(
        "DOB 04 Apr 1957; alt. DOB circa 1960; POB Culiacan, Sinaloa, Mexico; nationality Mexico; Gender Male; "
        "C.U.R.P. AAAA570404HSLSCN09 (Mexico); Passport X0000001 issued 01 Jan 2000 (Mexico); a.k.a. 'EL EJEMPLO'; "
        "Linked To: GRUPO INVENTADO."
    )
    assert r["dob"] == ["04 Apr 1957", "circa 1960"] and r["pob"] == ["Culiacan, Sinaloa, Mexico"]
    assert r["nationality"] == ["Mexico"] and r["gender"] == "male"
    assert ("curp", "AAAA570404HSLSCN09", "Mexico") in r["identifiers"]
    assert r["identifiers"][1][:2] == ("passport", "X0000001")
    assert r["aliases"] == [("weak", "EL EJEMPLO")] and r["linked_to"] == ["GRUPO INVENTADO"]
    assert [partial_date(x) for x in ("04 Apr 1957", "circa 1960", "Mar 1970", "1957 to 1959")] == [
        "1957-04-04",
        "1960",
        "1970-03",
        "1957",
    ]
    assert split_person_name("GUZMAN LOERA, Joaquin") == {
        "given_names": "Joaquin",
        "paternal_surname": "GUZMAN",
        "maternal_surname": "LOERA",
    }
    assert split_person_name("DE LA CRUZ, Ana")["paternal_surname"] == "DE LA CRUZ"
    assert split_person_name("ZULKARNAEN")["given_names"] is None


def test_example_folder_import(sqlite_store):
    res = run_import(sqlite_store, "ofac", EXAMPLE)
    assert res.rows == 5
    with sqlite_store.read() as s:
        p = s.scalars(select(Person).where(Person.name.like("TESTEZ%"))).one()
        assert (p.birth_date, p.sex, p.nationality) == ("1957-04-04", "male", "mx")
        e = s.scalars(select(ListEntry).where(ListEntry.entry_ref == "90005")).one()
        assert e.remarks.endswith("Cedula No. 1234567 (Colombia).")  # joined with sdn_comments.csv
        assert s.scalars(select(ListEntry).where(ListEntry.entry_ref == "90002")).one().programs == "SDNTK;TCO"
        kinds = {o.name: o.org_type for o in s.scalars(select(Organization))}
        assert kinds["MAR DE MUESTRA"] == "vessel" and kinds["COMERCIALIZADORA DE PRUEBA, S.A. DE C.V."] == "company"


# --------------------------------------------------------------------------- bad files change nothing


def _corrupt_truncated(folder):
    p = folder / "sdn.csv"
    lines = p.read_bytes().split(b"\r\n")
    lines[99] = lines[99].rsplit(b",", 3)[0]  # row 100 loses its last three fields
    p.write_bytes(b"\r\n".join(lines))
    return "row 100", "field 'Vess_flag'"


def _corrupt_encoding(folder):
    p = folder / "sdn.csv"
    data = p.read_bytes()
    i = data.index(b'"GUZMAN LOERA, Joaquin"')
    p.write_bytes(data[: i + 1] + b"G\xdcZMAN" + data[i + 7 :])
    return "row 315", "field 'SDN_Name'"


def _corrupt_ent_num(folder):
    p = folder / "sdn.csv"
    lines = p.read_bytes().split(b"\r\n")
    lines[9] = b"5x" + lines[9][lines[9].index(b",") :]
    p.write_bytes(b"\r\n".join(lines))
    return "row 10", "field 'ent_num'"


def _orphan_alias(folder):
    p = folder / "alt.csv"
    lines = p.read_bytes().split(b"\r\n")
    lines.insert(41, b'999999,1,"aka","NOBODY, Anyone",-0- ')
    p.write_bytes(b"\r\n".join(lines))
    return "row 42", "field 'ent_num'"


@pytest.mark.parametrize("corrupt", [_corrupt_truncated, _corrupt_encoding, _corrupt_ent_num, _orphan_alias])
def test_bad_copy_exits_2_and_changes_nothing(corrupt, tmp_path, sqlite_store):
    real = shared_file("watchlists", "ofac", "sdn.csv").parent
    bad = tmp_path / "ofac"
    shutil.copytree(real, bad)
    for f in bad.iterdir():
        f.chmod(0o644)
    row, field = corrupt(bad)
    run_import(sqlite_store, "ofac", EXAMPLE)  # a non-empty evidence base
    sqlite_store.dispose()
    db = sqlite_store.sqlite_path
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    res = CliRunner().invoke(app, ["--db", str(db), "import", "ofac", str(bad)])
    assert res.exit_code == 2, res.output
    message = " ".join(res.output.split())
    assert row in message and field in message, message
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_missing_folder_is_a_clear_error(tmp_path, sqlite_store):
    res = CliRunner().invoke(app, ["--db", str(sqlite_store.sqlite_path), "import", "ofac", str(tmp_path)])
    assert res.exit_code == 2 and "no sdn.csv" in " ".join(res.output.split())
