"""``forcecheck import sfm``: the real Security Force Monitor sample, the mapping, bad input."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from forcecheck.cli.main import app
from forcecheck.ingest.importers import run_import, sfm
from forcecheck.store.models import (
    AuditEvent,
    Citation,
    Claim,
    Incident,
    IncidentPerpetrator,
    IncidentViolation,
    Name,
    Person,
    Posting,
    Source,
    Unit,
    UnitRelation,
)

from .conftest import EXAMPLES, shared_file


def _folder() -> Path:
    return shared_file("sfm_mexico", "units.csv").parent


def _json(res) -> dict:  # type: ignore[no-untyped-def]
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_real_folder_imports_and_reimport_adds_nothing(cli, store):
    first = _json(cli("import", "sfm", str(_folder() / "postings.csv"), "--json"))  # any file of the folder
    stats = _json(cli("stats", "--json"))
    assert (stats["units"], stats["unit_relations"], stats["persons"], stats["postings"], stats["incidents"]) == (
        103,
        54,
        11,
        44,
        3,
    )
    assert stats["locations"] == 12
    assert first["tables"]["source"]["inserted"] == 1127
    with store.read() as s:
        audit = s.scalar(select(func.count()).select_from(AuditEvent))
        u = s.get(Unit, "sfm-unit-10f8d64e-0984-42d5-b6a0-318a7b44e97d")
        assert (
            u.name == "1 Batallón de Infantería"
            and u.classification == "army"
            and u.classifications_raw == "Ejército;Militar"
        )
        assert u.headquarters == "Campo Militar Número 29-G" and u.country == "mx"
        names = {(n.name, n.kind, n.lang) for n in s.scalars(select(Name).where(Name.unit_id == u.id))}
        assert ("1 Batallón de Infantería", "primary", "es") in names and ("1/er. BTN. INF.", "alias", None) in names
        c = s.get(Claim, u.claim_id)
        # first_cited 2013-08-21 (not a start), last_cited 2016-05-10, open_ended Y, confidence Low
        assert (c.status, c.confidence, c.made_by) == ("accepted", "low", "import:sfm")
        assert (c.first_date, c.first_approx, c.last_date, c.last_approx, c.open_ended) == (
            "2013-08-21",
            True,
            "2016-05-10",
            True,
            "Y",
        )
        assert c.note == "name standardised by Security Force Monitor"
        cites = s.scalars(select(Citation).where(Citation.claim_id == c.id)).all()
        assert len(cites) == 6 and "422678ae-4083-41d5-b938-b8d620a0fcbe" in {x.locator for x in cites}
        marker = s.get(Source, "sfm-source-ee4acf0a-e668-4041-a98d-b3a94a2fd16e")
        assert marker.kind == "note" and marker.meta["sfm_marker"] == "name-standardised"
        assert s.scalar(select(func.count()).select_from(UnitRelation).where(UnitRelation.relation == "member-of")) == 5
        sedena = s.get(Unit, "sfm-unit-dcf69210-8706-499b-aa18-0ef9cf671190")
        assert sedena.is_ministry and sedena.classification == "military"  # Ejército + Fuerza Aérea -> Militar
        p = s.get(Person, "sfm-person-09e98a4d-7c5a-45d4-93da-2629e97dc83e")
        assert (p.given_names, p.paternal_surname, p.maternal_surname) == ("Alejandro Benjamín", "Meneses", "Cervantes")
        assert s.scalar(select(func.count()).select_from(Posting).where(Posting.is_commander.is_(True))) == 37
        inc = s.get(Incident, "sfm-incident-a4b55bcb-8837-4dd9-a531-204021b7acae")
        assert inc.status == "alleged" and inc.is_gvhr and inc.perpetrator_classification == "Ejército"
        viol = {
            (v.source_words, v.code, v.is_gvhr)
            for v in s.scalars(select(IncidentViolation).where(IncidentViolation.incident_id == inc.id))
        }
        assert ("torture", "torture", True) in viol and ("Illegal detention", "arbitrary_detention", False) in viol
        assert ("rape", "sexual_violence", True) in viol
        perps = s.scalars(select(IncidentPerpetrator).where(IncidentPerpetrator.incident_id == inc.id)).all()
        assert [(x.unit_id, x.classification) for x in perps] == [(None, "Ejército")]
    second = _json(cli("import", "sfm", str(_folder()), "--json"))
    assert (second["inserted"], second["updated"]) == (0, 0)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == audit


def test_sfm_and_fmtr_share_the_sedena_unit_in_either_order(sqlite_store, tmp_path):
    run_import(sqlite_store, "fmtr", EXAMPLES / "fmtr_example.tsv")
    run_import(sqlite_store, "sfm", _folder())
    assert run_import(sqlite_store, "fmtr", EXAMPLES / "fmtr_example.tsv").inserted == 0
    again = run_import(sqlite_store, "sfm", _folder())
    assert (again.inserted, again.updated) == (0, 0)
    with sqlite_store.read() as s:
        assert (
            s.scalar(select(func.count()).select_from(Unit).where(Unit.name == "Secretaría de la Defensa Nacional"))
            == 1
        )


def test_classification_mapping_is_data():
    assert sfm.classify(["Ejército", "Militar"]) == ("army", "federal")
    assert sfm.classify(["Ejército", "Fuerza Aérea", "Militar"]) == ("military", "federal")
    assert sfm.classify(["Armada", "Ejército", "Militar", "Operación Conjunta"]) == ("military", "federal")
    assert sfm.classify(["Policía", "Policía Ministerial del Estado"]) == ("police", "state")
    assert sfm.classify(["Policía", "Policía Municipal"]) == ("police", "municipal")
    assert sfm.classify([]) == (None, None)


def test_spanish_name_split():
    assert sfm.split_spanish_name("Cesar Jiménez López") == ("Cesar", "Jiménez", "López")
    assert sfm.split_spanish_name("Juan de la Cruz Pérez") == ("Juan", "de la Cruz", "Pérez")
    assert sfm.split_spanish_name("Alfonso Duarte") == ("Alfonso", "Duarte", None)


# ------------------------------------------------------------------ bad input changes nothing


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "sfm_copy"
    shutil.copytree(_folder(), dst)
    return dst


def _edit(path: Path, old: bytes, new: bytes, count: int = 1) -> int:
    """Replace in one file; return the 1-based line of the first replacement."""
    data = path.read_bytes()
    assert old in data, old
    line = data[: data.index(old)].count(b"\n") + 1
    path.write_bytes(data.replace(old, new, count))
    return line


CASES = {
    # how: (file, old, new, field)
    "columns": ("units.csv", b"first_cited_is_start", b"first_is_start", "first_cited_is_start"),
    "date": ("postings.csv", b"2010-02-20", b"2010-02-31", "first_cited"),
    "confidence": ("unit_relations.csv", b",Low,", b",Lowish,", "confidence"),
    "number": ("locations.csv", b"-101.901039", b"-101.9x1039", "longitude"),
    "encoding": ("persons.csv", "Múgica".encode(), "Múgica".encode("latin-1"), None),
    "reference": (
        "postings.csv",
        b"09e98a4d-7c5a-45d4-93da-2629e97dc83e,Alejandro",
        b"00000000-7c5a-45d4-93da-2629e97dc83e,Alejandro",
        "person_id",
    ),
    "duplicate id": (
        "units.csv",
        b"ff4a1557-a64e-47fd-81e7-745339b5cffb,1 Regimiento",
        b"10f8d64e-0984-42d5-b6a0-318a7b44e97d,1 Regimiento",
        "unit_id",
    ),
    "access point": (
        "units.csv",
        b"422678ae-4083-41d5-b938-b8d620a0fcbe",
        b"422678ae-0000-0000-0000-b8d620a0fcbe",
        "access_point_ids",
    ),
}


@pytest.mark.parametrize("how", [*CASES, "truncated"])
def test_bad_folder_names_file_row_field_and_changes_nothing(sqlite_store, tmp_path, how):
    run_import(sqlite_store, "sfm", EXAMPLES / "sfm")
    sqlite_store.dispose()
    db = sqlite_store.sqlite_path
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    folder = _copy(tmp_path)
    if how == "truncated":
        name, field = "unit_relations.csv", "relation_type"
        lines = (folder / name).read_bytes().split(b"\n")
        lines[5] = b",".join(lines[5].split(b",")[:4])
        (folder / name).write_bytes(b"\n".join(lines))
        row = 6
    else:
        name, old, new, field = CASES[how]
        row = _edit(folder / name, old, new)
    res = CliRunner().invoke(app, ["--db", f"sqlite:///{db}", "import", "sfm", str(folder)])
    assert res.exit_code == 2, res.output
    msg = " ".join(res.output.split())
    assert name in msg and f"row {row}" in msg, msg
    if field:
        assert f"field '{field}'" in msg, msg
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
