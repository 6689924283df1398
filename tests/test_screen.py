"""Screening: input checks, and acceptance on the real shared data (SFM Mexico + OFAC SDN) on both backends."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from forcecheck.errors import InputError
from forcecheck.screen.screen import batch_limit, check_query, read_batch

from .conftest import _pg_store, shared_file

OJINAGA_INCIDENT = "a4b55bcb-8837-4dd9-a531-204021b7acae"


# ------------------------------------------------------------------ bad input (no database needed)


@pytest.mark.parametrize(
    "name, kind, dob, field, words",
    [
        ("", "person", None, "name", "empty"),
        ("   ", "person", None, "name", "empty"),
        ("!!! ### ***", "person", None, "name", "no letters"),
        ("12345", "person", None, "name", "no letters"),
        ("x" * 400, "person", None, "name", "characters long"),
        ("Amado Flores", "battalion", None, "kind", "unknown kind"),
        ("Amado Flores", "person", "1957-13-40", "dob", "bad birth date"),
        ("Amado Flores", "person", "04/04/1957", "dob", "bad birth date"),
        ("23 Batallón", "unit", "1957", "dob", "only applies to a person"),
    ],
)
def test_bad_subject_names_the_field(name, kind, dob, field, words):
    with pytest.raises(InputError) as e:
        check_query(name, kind, dob)
    assert e.value.field == field and words in str(e.value)


def test_good_subject_is_cleaned():
    assert check_query("  Gral. Amado Flores Morales ", None, "1957-04") == (
        "Gral. Amado Flores Morales",
        "person",
        "1957-04",
    )


def _write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_batch_errors_name_file_row_and_field(tmp_path):
    missing = _write_csv(tmp_path / "missing.csv", ["nombre", "kind"], [["Amado Flores", "person"]])
    with pytest.raises(InputError) as e:
        read_batch(missing)
    assert (e.value.row, e.value.field) == (1, "name") and "missing.csv" in str(e.value)
    bad_date = _write_csv(
        tmp_path / "bad.csv",
        ["id", "name", "kind", "dob"],
        [["a", "Amado Flores", "person", "1960"], ["b", "Joaquín Guzmán", "person", "1957-02-30"]],
    )
    with pytest.raises(InputError) as e:
        read_batch(bad_date)
    assert (e.value.row, e.value.field) == (3, "dob")
    junk = _write_csv(tmp_path / "junk.csv", ["name"], [["Amado Flores"], ["@@@"]])
    with pytest.raises(InputError) as e:
        read_batch(junk)
    assert (e.value.row, e.value.field) == (3, "name")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        read_batch(empty)
    with pytest.raises(InputError) as e:
        read_batch(tmp_path / "nope.csv")
    assert "no such file" in str(e.value)


def test_huge_batch_is_refused(tmp_path, monkeypatch):
    assert batch_limit() == 100_000
    path = _write_csv(tmp_path / "big.csv", ["name"], [[f"Persona Número {i}"] for i in range(7)])
    monkeypatch.setenv("FORCECHECK_SCREEN_BATCH_LIMIT", "5")
    with pytest.raises(InputError) as e:
        read_batch(path)
    assert "more than 5 rows" in str(e.value) and e.value.row == 7
    monkeypatch.setenv("FORCECHECK_SCREEN_BATCH_LIMIT", "7")
    rows = read_batch(path)
    assert len(rows) == 7 and rows[0] == {
        "name": "Persona Número 0",
        "kind": "person",
        "dob": None,
        "unit": None,
        "country": None,
        "subject": None,
        "row": 2,
    }


def test_cli_bad_input_exits_2(cli, tmp_path):
    for args, words in [
        (["screen", ""], "field 'name'"),
        (["screen", "%%%"], "no letters"),
        (["screen", "Amado Flores", "--dob", "1957-99"], "field 'dob'"),
        (["screen"], "give a NAME"),
        (["screen", "--batch", str(_write_csv(tmp_path / "b.csv", ["who"], [["x"]]))], "b.csv, row 1, field 'name'"),
    ]:
        res = cli(*args)
        assert res.exit_code == 2, (args, res.output)
        assert words in res.output
        assert "Traceback" not in res.output


# ------------------------------------------------------------------ acceptance on the real shared data


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def real_db(request, tmp_path_factory):
    """sfm + ofac imported once per backend for this module."""
    from forcecheck.ingest.importers import run_import
    from forcecheck.store import Store

    sfm = shared_file("sfm_mexico", "units.csv").parent
    ofac = shared_file("watchlists", "ofac", "sdn.csv").parent
    drop = None
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path_factory.mktemp('screen') / 'real.db'}", actor="test")
    else:
        store, drop = _pg_store(request.getfixturevalue("pg_template"))
    run_import(store, "sfm", sfm)
    run_import(store, "ofac", ofac)
    yield store
    store.dispose()
    if drop:
        drop()


@pytest.fixture(scope="module")
def screener(real_db):
    from forcecheck.screen.screen import Screener

    with real_db.read() as session:
        yield Screener(session)


def test_amado_flores_morales_ojinaga_command_inferred(screener):
    r = screener.screen("Gral. Amado Flores Morales")
    walked = [c for c in r.candidates if c.walked]
    assert [c.name for c in walked] == ["Amado Onésimo Flores Morales"]
    hits = [h for h in r.hits if h.incident and h.incident["id"].endswith(OJINAGA_INCIDENT)]
    assert len(hits) == 1
    h = hits[0]
    assert r.hits[0] is h  # the GVHR incident ranks first
    assert (h.relation, h.link, h.severity) == ("commander", "inferred", "gvhr")
    assert h.via_unit["name"] == "Guarnición Militar de Ojinaga"
    assert h.posting["is_commander"] and "first cited 2007-01-26" in h.posting["dates"]
    assert h.certainty_label.startswith("possible") and "no recorded end" in h.certainty_label
    assert h.incident["start_date"] == "2008-12-23" and h.incident["perpetrator_classification"] == "Ejército"
    codes = {v["code"] for v in h.incident["violations"]}
    assert {"torture", "sexual_violence", "arbitrary_detention"} <= codes
    text = "\n".join(h.explanation)
    assert "inferred link" in text and "place:" in text and "time:" in text and "classification:" in text
    assert "Ojinaga" in text and "'Ejército'" in text
    assert h.match is not None and h.match.score >= 0.7
    by_kind = {f.kind: f for f in h.facts}
    assert by_kind["posting"].citations and by_kind["incident"].citations
    assert any(
        "Comisión Nacional" in (c.publisher or "") or "CNDH" in (c.title or "") + (c.publisher or "")
        for c in by_kind["incident"].citations
    )
    d = h.as_dict()
    json.dumps(d)  # serialisable


@pytest.mark.parametrize("name", ["Joaquin Guzman", "El Chapo"])
def test_guzman_loera_ofac_entry(screener, name):
    r = screener.screen(name)
    listed = [h for h in r.hits if h.kind == "watchlist" and "GUZMAN LOERA" in h.subject_name.upper()]
    assert listed, [(h.kind, h.subject_name) for h in r.hits]
    h = listed[0]
    assert h.watchlist["list_name"] == "OFAC SDN"
    assert h.facts[0].citations and h.facts[0].citations[0].title
    assert "remarks" not in h.as_dict()["watchlist"]  # personal data only on request
    assert "remarks" in h.as_dict(personal=True)["watchlist"]


def test_organisation_is_checked_against_the_watchlists(screener):
    r = screener.screen("Los Zetas", kind="organization")
    assert [c.entity_type for c in r.candidates if c.walked] == ["organization"]
    listed = [h for h in r.hits if h.kind == "watchlist"]
    assert listed and listed[0].subject_name == "LOS ZETAS" and "SDNTK" in listed[0].watchlist["programs"]
    assert not screener.screen("Los Zetas", kind="person").hits  # a person search does not return groups


def test_unit_number_decides(screener):
    r = screener.screen("23 Batallón de Infantería", kind="unit")
    walked = {c.name for c in r.candidates if c.walked}
    assert walked == {"23 Batallón de Infantería"}
    assert all(h.subject_name == "23 Batallón de Infantería" for h in r.hits)


def test_cli_on_real_data(real_db, tmp_path):
    from forcecheck.cli.main import app

    runner = CliRunner()
    res = runner.invoke(app, ["--db", real_db.url, "screen", "Gral. Amado Flores Morales"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "Guarnición Militar de Ojinaga" in res.output and "INFERRED" in res.output and "GVHR" in res.output
    from sqlalchemy import select

    from forcecheck.store.models import ListEntry, Person

    with real_db.read() as s:
        person = s.scalars(
            select(Person).join(ListEntry, ListEntry.person_id == Person.id).where(Person.name.like("GUZMAN LOERA%"))
        ).first()
        dob, remarks = (
            person.birth_date,
            s.scalars(select(ListEntry.remarks).where(ListEntry.person_id == person.id)).first(),
        )
    assert dob and remarks
    res = runner.invoke(app, ["--db", real_db.url, "screen", "Joaquin Guzman", "--json"], catch_exceptions=False)
    data = json.loads(res.stdout)
    assert any(h["kind"] == "watchlist" for h in data["hits"])
    assert (
        dob not in res.stdout and dob[:4] not in res.stdout and remarks[:40] not in res.stdout
    )  # personal data only on request
    res = runner.invoke(
        app, ["--db", real_db.url, "screen", "Joaquin Guzman", "--json", "--personal"], catch_exceptions=False
    )
    assert dob in res.stdout and json.loads(res.stdout)["hits"][0]["watchlist"]["remarks"] == remarks
    batch = _write_csv(
        tmp_path / "batch.csv",
        ["id", "name", "kind", "dob", "unit", "country"],
        [
            ["N-1", "Gral. Amado Flores Morales", "person", "", "Guarnición Militar de Ojinaga", "mx"],
            ["N-2", "El Chapo", "person", "", "", ""],
            ["N-3", "23 Batallón de Infantería", "unit", "", "", ""],
            ["N-4", "Nadie Niguno Ningúnez", "person", "1980", "", ""],
        ],
    )
    res = runner.invoke(app, ["--db", real_db.url, "screen", "--batch", str(batch), "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    results = json.loads(res.stdout)
    assert [r["query"]["subject"] for r in results] == ["N-1", "N-2", "N-3", "N-4"]
    assert results[0]["hits"][0]["relation"] == "commander" and results[0]["hits"][0]["link"] == "inferred"
    assert "corroborat" in " ".join(
        results[0]["hits"][0]["explanation"]
    ) or "matches 'Guarnición Militar de Ojinaga'" in " ".join(results[0]["hits"][0]["explanation"])
    assert results[3]["hits"] == []
    out = tmp_path / "hits.csv"
    res = runner.invoke(
        app, ["--db", real_db.url, "screen", "--batch", str(batch), "--out", str(out)], catch_exceptions=False
    )
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["subject"] for r in rows} == {"N-1", "N-2", "N-3", "N-4"}
    first = next(r for r in rows if r["subject"] == "N-1")
    assert first["link"] == "inferred" and "Ojinaga" in first["incident_place"] and first["citations"]


# ------------------------------------------------------------------ issue 8 item 6: what was found and what speaks against it


def test_birth_date_conflict_lowers_quality_and_never_hides_the_candidate(screener):
    r = screener.screen("José Guadalupe Tapia Quintero", dob="1990-05-01")
    walked = [c for c in r.candidates if c.walked]
    assert [c.name.upper() for c in walked] == ["TAPIA QUINTERO, JOSE GUADALUPE"]
    c = walked[0]
    assert c.quality == "possible" and "birth dates differ" in c.reason
    listed = [h for h in r.hits if h.kind == "watchlist"]
    assert listed and all(h.quality == "possible" for h in listed)
    assert any("birth dates differ" in a for a in listed[0].against)
    assert r.outcome == "hits"
    same = screener.screen("José Guadalupe Tapia Quintero")  # without a birth date: a direct match, ranked higher
    direct = next(h for h in same.hits if h.kind == "watchlist")
    assert direct.quality == "direct" and direct.score > listed[0].score
    public = json.dumps(r.as_dict())
    assert "1990-05-01" not in public and (c.birth_date or "????") not in public  # the reason is named, not the dates
    assert json.loads(public)["candidates"][0]["quality"] == "possible"


def test_found_without_anything_derogatory_is_said_plainly(screener):
    r = screener.screen("Rodolfo Carranza Hernández")
    assert r.hits == [] and r.outcome == "found"
    assert [f.name for f in r.found] == ["Rodolfo Carranza Hernández"]
    found = r.found[0]
    assert found.quality == "direct" and any("77 Batallón de Infantería" in line for line in found.record)
    assert "nothing derogatory" in r.summary
    nobody = screener.screen("Nadie Niguno Ningúnez")
    assert (
        nobody.outcome in ("not_found", "possible") and not nobody.found and "nothing derogatory" not in nobody.summary
    )


def test_a_later_posting_elsewhere_speaks_against_the_garrison_hit(screener):
    r = screener.screen("Amado Onésimo Flores Morales")
    h = next(h for h in r.hits if h.incident and h.incident["id"].endswith(OJINAGA_INCIDENT))
    assert h.certainty == "contested" and "contested" in h.certainty_label
    assert len(h.against) == 1 and "23 Zona Militar" in h.against[0] and "later posting elsewhere" in h.against[0]
    contrary = [f for f in h.facts if f.kind == "contrary_posting"]
    assert len(contrary) == 1 and contrary[0].citations and "23 Zona Militar" in contrary[0].summary
    from forcecheck.screen.walk import INFERRED_WEIGHT

    uncontested = 1.0 * 0.8 * 1.0 * INFERRED_WEIGHT  # gvhr x open-ended x commander x inferred
    assert h.weight < uncontested
    d = h.as_dict()
    assert d["certainty"] == "contested" and d["against"] == h.against


def flat(res) -> str:
    """The terminal output with its line wrapping undone (rich wraps at the console width)."""
    return " ".join(res.output.split())


def test_every_hit_carries_its_match_quality_in_json_csv_and_terminal(real_db, tmp_path):
    from forcecheck.cli.main import app

    runner = CliRunner()
    args = ["--db", real_db.url, "screen"]
    res = runner.invoke(
        app, [*args, "José Guadalupe Tapia Quintero", "--dob", "1990-05-01", "--json"], catch_exceptions=False
    )
    data = json.loads(res.stdout)
    assert data["hits"] and all(h["quality"] == "possible" for h in data["hits"]) and data["outcome"] == "hits"
    res = runner.invoke(app, [*args, "José Guadalupe Tapia Quintero", "--dob", "1990-05-01"], catch_exceptions=False)
    assert "possible match" in flat(res) and "nothing found" not in flat(res) and "birth dates differ" in flat(res)
    assert "1990-05-01" not in flat(res)
    res = runner.invoke(app, [*args, "Rodolfo Carranza Hernández"], catch_exceptions=False)
    assert "nothing derogatory is recorded" in flat(res) and "77 Batallón de Infantería" in flat(res)
    assert "nothing found" not in flat(res)
    res = runner.invoke(app, [*args, "Amado Onésimo Flores Morales"], catch_exceptions=False)
    assert "what speaks against it" in flat(res) and "23 Zona Militar" in flat(res) and "direct match" in flat(res)
    batch = _write_csv(
        tmp_path / "b.csv",
        ["id", "name", "dob"],
        [["T", "José Guadalupe Tapia Quintero", "1990-05-01"], ["C", "Rodolfo Carranza Hernández", ""]],
    )
    out = tmp_path / "hits.csv"
    runner.invoke(app, [*args, "--batch", str(batch), "--out", str(out)], catch_exceptions=False)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    tapia = [r for r in rows if r["subject"] == "T"]
    assert tapia and all(r["quality"] == "possible" and r["hit_kind"] == "watchlist" for r in tapia)
    assert "birth dates differ" in tapia[0]["against"]
    carranza = next(r for r in rows if r["subject"] == "C")
    assert carranza["rank"] == "0" and carranza["outcome"] == "found" and carranza["quality"] == "direct"
    assert "nothing derogatory" in carranza["explanation"]
