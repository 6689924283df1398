"""``forcecheck show``: profiles with citations, name resolution, personal data."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from forcecheck.cli.main import app
from forcecheck.errors import NotFound
from forcecheck.ingest.importers import run_import
from forcecheck.report import profiles
from forcecheck.store.models import Person

from .conftest import EXAMPLES, shared_file


@pytest.fixture
def sfm_cli(cli, store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    run_import(store, "sfm", shared_file("sfm_mexico", "units.csv").parent)
    return cli


def test_show_real_unit_parents_commanders_and_sources(sfm_cli):
    res = sfm_cli("show", "unit", "8 ZONA MILITAR")
    assert res.exit_code == 0, res.output
    out = res.stdout
    # commanders with rank and dates
    assert "Cesar Jiménez López" in out and "General de Brigada" in out and "2003-08-16" in out
    assert "Dagoberto Espinosa Rodríguez" in out and "2014-10-06 - 2016-04-03" in out
    assert "Octava Zona Militar" in out  # an alias
    # the numbered sources with title, publisher and url
    assert "Sources" in out and "Ejército Mexicano – Regiones y Zonas Militares." in out and "http://sedena.gob.mx" in out

    res = sfm_cli("show", "unit", "29 zona militar")  # accents and case do not matter
    out = res.stdout
    assert "Parent units over time" in out and "VI Región Militar" in out and "VIII Región Militar" in out
    assert "2009-02-01 - c. 2017-01-09 ->" in out
    assert "Subordinate units" in out and "1 Batallón de Infantería" in out


def test_show_unit_json_cites_every_fact(sfm_cli):
    data = json.loads(sfm_cli("show", "unit", "1 Batallón de Infantería", "--json").stdout)
    assert data["id"] == "sfm-unit-10f8d64e-0984-42d5-b6a0-318a7b44e97d"
    parents = {p["name"]: p for p in data["parents"]}
    assert set(parents) == {"29 Zona Militar", "Operación Conjunta Chihuahua"}
    assert parents["29 Zona Militar"]["relation"] == "child-of" and parents["Operación Conjunta Chihuahua"]["relation"] == "member-of"
    for fact in [data, *data["parents"]]:
        cites = fact["claim"]["citations"]
        assert cites and all(c["title"] for c in cites)


def test_show_person_and_incident(sfm_cli):
    res = sfm_cli("show", "person", "cesar jimenez lopez")
    assert res.exit_code == 0, res.output
    assert "Postings over time" in res.stdout and "8 Zona Militar" in res.stdout and "Commander" in res.stdout
    res = sfm_cli("show", "incident", "a4b55bcb-8837-4dd9-a531-204021b7acae")  # SFM's own id
    out = res.stdout
    assert res.exit_code == 0, res.output
    assert "torture" in out and "sexual_violence" in out and "Ejército" in out and "alleged" in out
    assert "Ojinaga, Chihuahua" in out and "According to Comisión Nacional de Derechos Humanos" in out


def test_unknown_and_ambiguous_names_are_clear_errors(sfm_cli, store):
    res = CliRunner().invoke(app, ["--db", sfm_cli.db_url, "show", "unit", "Zona Militar"])
    assert res.exit_code == 2 and "no unit named 'Zona Militar'" in res.output and "did you mean" in res.output
    with store.read() as s:
        with pytest.raises(NotFound):
            profiles.resolve(s, "person", "Nobody Atall")


def test_ambiguous_alias_lists_candidates(sqlite_store):
    run_import(sqlite_store, "sfm", EXAMPLES / "sfm")
    with sqlite_store.transaction() as s:
        from forcecheck.store.models import Name

        s.add(Name(id="n-dup", unit_id="sfm-unit-7e1a0c2e-1002-4000-8000-000000001002", name="Iguala municipal police", kind="alias"))
    with sqlite_store.read() as s:
        with pytest.raises(profiles.Ambiguous) as e:
            profiles.resolve(s, "unit", "IGUALA MUNICIPAL POLICE")
    assert "Policía Municipal de Iguala" in str(e.value) and "Policía Municipal de Cocula" in str(e.value)


def test_personal_data_only_with_flag(sqlite_store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    run_import(sqlite_store, "sfm", EXAMPLES / "sfm")
    with sqlite_store.transaction() as s:
        s.get(Person, "sfm-person-7e1a0c2e-2001-4000-8000-000000002001").birth_date = "1970-01-02"
    db = f"sqlite:///{sqlite_store.sqlite_path}"
    runner = CliRunner()
    plain = runner.invoke(app, ["--db", db, "show", "person", "Juan Ejemplo Ficticio"])
    assert plain.exit_code == 0 and "1970-01-02" not in plain.stdout
    assert "birth_date" not in json.loads(runner.invoke(app, ["--db", db, "show", "person", "juan ejemplo", "--json"]).stdout)
    full = runner.invoke(app, ["--db", db, "show", "person", "Juan Ejemplo Ficticio", "--personal"])
    assert "1970-01-02" in full.stdout


def test_demo_unit_page(sqlite_store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    run_import(sqlite_store, "sfm", EXAMPLES / "sfm")
    run_import(sqlite_store, "fmtr", EXAMPLES / "fmtr_example.tsv")
    res = CliRunner().invoke(app, ["--db", f"sqlite:///{sqlite_store.sqlite_path}", "show", "unit", "Policía Municipal de Iguala"])
    out = res.stdout
    assert res.exit_code == 0, res.output
    assert "Secretaría de Seguridad Pública Municipal de Iguala" in out  # parent
    assert "Juan Ejemplo Ficticio" in out and "2013-07 - 2014-10" in out  # commander
    assert "enforced disappearance" in out  # incident
    assert "Assistance received: 3 records, total 105,500.00 USD" in out
    assert "Article on US security assistance to Mexico" in out
