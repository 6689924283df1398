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
    assert (
        "Sources" in out and "Ejército Mexicano – Regiones y Zonas Militares." in out and "http://sedena.gob.mx" in out
    )

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
    assert (
        parents["29 Zona Militar"]["relation"] == "child-of"
        and parents["Operación Conjunta Chihuahua"]["relation"] == "member-of"
    )
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

        s.add(
            Name(
                id="n-dup",
                unit_id="sfm-unit-7e1a0c2e-1002-4000-8000-000000001002",
                name="Iguala municipal police",
                kind="alias",
            )
        )
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
    assert "birth_date" not in json.loads(
        runner.invoke(app, ["--db", db, "show", "person", "juan ejemplo", "--json"]).stdout
    )
    full = runner.invoke(app, ["--db", db, "show", "person", "Juan Ejemplo Ficticio", "--personal"])
    assert "1970-01-02" in full.stdout


def test_demo_unit_page(sqlite_store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    run_import(sqlite_store, "sfm", EXAMPLES / "sfm")
    run_import(sqlite_store, "fmtr", EXAMPLES / "fmtr_example.tsv")
    res = CliRunner().invoke(
        app, ["--db", f"sqlite:///{sqlite_store.sqlite_path}", "show", "unit", "Policía Municipal de Iguala"]
    )
    out = res.stdout
    assert res.exit_code == 0, res.output
    assert "Secretaría de Seguridad Pública Municipal de Iguala" in out  # parent
    assert "Juan Ejemplo Ficticio" in out and "2013-07 - 2014-10" in out  # commander
    assert "enforced disappearance" in out  # incident
    assert "Assistance received: 3 records, total 105,500.00 USD" in out
    assert "Article on US security assistance to Mexico" in out


# ------------------------------------------------------------------ incidents the screening walk ties to a unit or person

OJINAGA_INCIDENT = "a4b55bcb-8837-4dd9-a531-204021b7acae"  # 2008-12, Ojinaga; the record names only "Ejército"


def _section(out: str, start: str, end: str) -> str:
    assert start in out and end in out, out
    return out.split(start, 1)[1].split(end, 1)[0]


def test_a_place_found_in_the_headquarters_is_reported_as_such(sfm_cli):
    out = sfm_cli("show", "unit", "Operación Conjunta Chihuahua").stdout
    inferred = _section(out, "Incidents linked by inference", "Incidents of subordinate units while subordinate")
    assert "is named in the unit's headquarters 'Guarnición Militar de Ciudad Juárez'" in inferred
    assert "is named in the unit's name" not in inferred


def test_garrison_page_shows_inferred_incident_with_reasons(sfm_cli):
    res = sfm_cli("show", "unit", "Guarnición Militar de Ojinaga")
    assert res.exit_code == 0, res.output
    out = res.stdout
    # the recorded links are unchanged: the record names no unit
    assert "Incidents where the unit is an alleged perpetrator: none recorded" in out
    inferred = _section(out, "Incidents linked by inference", "Incidents of subordinate units while subordinate")
    assert "2008-12-23 - 2008-12-30" in inferred and "INFERRED" in inferred and "GVHR" in inferred
    assert (
        "place: the incident's locality 'Ojinaga, Chihuahua' is named in the unit's name 'Guarnición Militar de Ojinaga'"
        in inferred
    )
    assert "time: possible: the unit has no recorded end" in inferred
    assert "classification: the perpetrators are recorded only as 'Ejército'" in inferred
    assert "commanders at the time: Amado Onésimo Flores Morales" in inferred
    assert "evidence: posting [" in inferred and "incident [" in inferred
    assert "Incidents of subordinate units while subordinate: none found" in out
    assert (
        "Recomendación No. 88/2011" in out.split("Sources", 1)[1]
    )  # the incident's own source is in the numbered list

    data = json.loads(sfm_cli("show", "unit", "Guarnición Militar de Ojinaga", "--json").stdout)
    assert data["incidents"] == [] and data["incidents_of_subordinates"] == []
    [e] = data["incidents_inferred"]
    assert e["incident_id"].endswith(OJINAGA_INCIDENT) and e["start_date"] == "2008-12-23"
    assert (e["link"], e["relation"], e["perpetrator_unit"]) == (
        "inferred",
        "unit_perpetrator",
        "Guarnición Militar de Ojinaga",
    )
    assert e["certainty"] == "open" and e["certainty_label"].startswith("possible")
    assert any("Ojinaga" in p for p in e["inference"]["place"])
    assert e["inference"]["time"].startswith("possible") and "'Ejército'" in e["inference"]["classification"]
    assert [c["name"] for c in e["commanders"]] == ["Amado Onésimo Flores Morales"]
    facts = {f["kind"]: f for f in e["facts"]}
    assert set(facts) == {"posting", "unit", "incident"}
    for f in e["facts"]:
        assert f["claim"]["citations"] and all(c["title"] for c in f["claim"]["citations"])
    assert any("Comisión Nacional" in (c["publisher"] or "") for c in e["claim"]["citations"])


def test_person_page_shows_incident_through_command(sfm_cli):
    res = sfm_cli("show", "person", "Amado Onésimo Flores Morales")
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "Incidents where the person is an alleged perpetrator: none recorded" in out
    through = _section(out, "Incidents through postings", "Watchlist entries")
    assert "2008-12-23 - 2008-12-30" in through and "Ojinaga, Chihuahua" in through
    assert "INFERRED; commander of the perpetrator unit at the time" in through
    assert "posting: Commander (General de Brigada) of Guarnición Militar de Ojinaga" in through
    assert "place:" in through and "time:" in through and "classification:" in through
    assert "certainty: possible: the posting has no recorded end" in through

    data = json.loads(sfm_cli("show", "person", "Amado Onésimo Flores Morales", "--json").stdout)
    assert data["incidents"] == []
    [e] = data["incidents_through_postings"]
    assert e["incident_id"].endswith(OJINAGA_INCIDENT)
    assert (e["relation"], e["link"], e["perpetrator_unit"]) == (
        "commander",
        "inferred",
        "Guarnición Militar de Ojinaga",
    )
    assert e["posting"]["is_commander"] and "first cited 2007-01-26" in e["posting"]["dates"]
    assert e["inference"]["place"] and e["inference"]["classification"]
    posting = next(f for f in e["facts"] if f["kind"] == "posting")
    assert posting["claim"]["citations"] and posting["claim"]["status"] == "accepted"


def test_pages_without_walked_links_say_none(sfm_cli):
    out = sfm_cli("show", "unit", "8 Zona Militar").stdout
    assert "Incidents linked by inference: none found" in out
    assert "Incidents of subordinate units while subordinate: none found" in out
    data = json.loads(sfm_cli("show", "unit", "8 Zona Militar", "--json").stdout)
    assert data["incidents_inferred"] == [] and data["incidents_of_subordinates"] == []
    out = sfm_cli("show", "person", "cesar jimenez lopez").stdout
    assert "Incidents through postings: none found" in out
    assert (
        json.loads(sfm_cli("show", "person", "cesar jimenez lopez", "--json").stdout)["incidents_through_postings"]
        == []
    )


def test_subordinate_unit_and_recorded_command(sqlite_store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    run_import(sqlite_store, "sfm", EXAMPLES / "sfm")
    db = f"sqlite:///{sqlite_store.sqlite_path}"
    runner = CliRunner()
    out = runner.invoke(app, ["--db", db, "show", "unit", "Policía Municipal de Matamoros"]).stdout
    assert "Incidents where the unit is an alleged perpetrator: none recorded" in out
    sub = _section(out, "Incidents of subordinate units while subordinate", "Assistance received")
    assert "recorded perpetrator unit: Grupo Hércules" in sub
    assert "chain of command at the time: Policía Municipal de Matamoros > Grupo Hércules" in sub
    data = json.loads(
        runner.invoke(app, ["--db", db, "show", "unit", "Policía Municipal de Matamoros", "--json"]).stdout
    )
    [e] = data["incidents_of_subordinates"]
    assert (e["relation"], e["link"], e["perpetrator_unit"], e["inference"]) == (
        "subordinate_unit",
        "recorded",
        "Grupo Hércules",
        None,
    )
    assert {f["kind"] for f in e["facts"]} >= {"unit_relation", "incident_perpetrator", "incident"}
    assert all(f["claim"]["citations"] for f in e["facts"])

    data = json.loads(runner.invoke(app, ["--db", db, "show", "person", "Juan Ejemplo Ficticio", "--json"]).stdout)
    [e] = data["incidents_through_postings"]
    assert (e["relation"], e["link"], e["perpetrator_unit"]) == ("commander", "recorded", "Policía Municipal de Iguala")
