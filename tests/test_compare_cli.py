"""``forcecheck compare``: one pair (text and JSON) and --pairs FILE --out OUT, with bad input."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from forcecheck import settings
from forcecheck.cli.main import app


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


def write(path, text: str | bytes):
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


GOOD = (
    "pair_id,kind,name_a,name_b\n"
    'p1,person,Joaquin Guzman,"GUZMAN LOERA, Joaquin"\n'
    "p2,person,Joaquín Guzmán Loera,Ovidio Guzmán López\n"
    "p3,organization,Siemens AG,Siemens Aktiengesellschaft\n"
    "p4,person,Lupe Treviño,Guadalupe Treviño\n"
)


def test_pairs_file_out_has_exactly_the_contract_columns(run, tmp_path):
    pairs = write(tmp_path / "pairs.csv", GOOD)
    out = tmp_path / "out.csv"
    r = run("compare", "--pairs", str(pairs), "--out", str(out))
    assert r.exit_code == 0, r.output
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["pair_id", "score", "match", "quality"]
    body = {row[0]: row for row in rows[1:]}
    assert list(body) == ["p1", "p2", "p3", "p4"]
    assert all(len(row) == 4 for row in rows)
    assert all(
        0.0 <= float(row[1]) <= 1.0 and row[2] in ("true", "false") and row[3] in ("direct", "possible", "none")
        for row in rows[1:]
    )
    assert body["p1"][2] == "true" and body["p2"][2] == "false" and body["p3"][2] == "true" and body["p4"][2] == "true"
    # at the default threshold a match is a direct match, and a direct match is a match
    assert all((row[2] == "true") == (row[3] == "direct") for row in rows[1:])


def test_quality_follows_the_tier_thresholds_in_settings(run, tmp_path, monkeypatch):
    pairs = write(tmp_path / "pairs.csv", GOOD)
    out = tmp_path / "out.csv"
    assert run("compare", "--pairs", str(pairs), "--out", str(out)).exit_code == 0
    rows = list(csv.reader(out.open()))[1:]
    kinds = {"p1": "person", "p2": "person", "p3": "organization", "p4": "person"}
    for pair_id, score, _match, quality in rows:
        t = settings.MATCH_THRESHOLDS[kinds[pair_id]]
        want = "direct" if float(score) >= t["direct"] else "possible" if float(score) >= t["possible"] else "none"
        assert quality == want, (pair_id, score, quality)
    # moving the 'possible' tier to the floor turns every non-direct pair into a possible one
    monkeypatch.setitem(
        settings.MATCH_THRESHOLDS, "person", {"direct": settings.MATCH_THRESHOLDS["person"]["direct"], "possible": 0.0}
    )
    assert run("compare", "--pairs", str(pairs), "--out", str(out)).exit_code == 0
    again = {r[0]: r for r in list(csv.reader(out.open()))[1:]}
    assert again["p2"][3] == "possible" and again["p2"][1] == {r[0]: r for r in rows}["p2"][1]
    assert again["p1"][3] == "direct"


def test_threshold_option_changes_decisions_not_scores(run, tmp_path):
    pairs = write(tmp_path / "pairs.csv", GOOD)
    out1, out2 = tmp_path / "o1.csv", tmp_path / "o2.csv"
    assert run("compare", "--pairs", str(pairs), "--out", str(out1)).exit_code == 0
    assert run("compare", "--pairs", str(pairs), "--out", str(out2), "--threshold", "0.99").exit_code == 0
    a = list(csv.reader(out1.open()))
    b = list(csv.reader(out2.open()))
    assert [r[1] for r in a] == [r[1] for r in b]
    assert [r[2] for r in b[1:]].count("true") < [r[2] for r in a[1:]].count("true")


def test_bom_and_extra_columns_are_accepted(run, tmp_path):
    pairs = write(
        tmp_path / "pairs.csv",
        ("\ufeffpair_id,kind,name_a,name_b,note\n1,Person,Chuy Pérez,Jesús Pérez,x\n").encode("utf-8"),
    )
    out = tmp_path / "out.csv"
    r = run("compare", "--pairs", str(pairs), "--out", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_text().splitlines() == ["pair_id,score,match,quality", out.read_text().splitlines()[1]]
    assert out.read_text().splitlines()[1].endswith(",true,direct")


@pytest.mark.parametrize(
    "content, row, field",
    [
        ("pair_id,kind,name_a\n1,person,Juan\n", "row 1", "name_b"),
        ("pair_id,kind,name_a,name_b\n1,person,Juan Pérez,\n", "row 2", "name_b"),
        ("pair_id,kind,name_a,name_b\n1,person,Juan Pérez,Juan Perez\n2,planet,Mars,Venus\n", "row 3", "kind"),
        ("pair_id,kind,name_a,name_b\n,person,Juan Pérez,Juan Perez\n", "row 2", "pair_id"),
        ("pair_id,kind,name_a,name_b\n1,person,Juan Pérez,Juan Perez\n1,person,Ana,Ana\n", "row 3", "pair_id"),
        ("pair_id,kind,name_a,name_b\n1,person,Juan \x07Pérez,Juan Perez\n", "row 2", "name_a"),
        ("pair_id,kind,name_a,name_b\n1,person,***,Juan Perez\n", "row 2", "name_a"),
    ],
)
def test_bad_pairs_file_names_file_row_field_and_writes_nothing(run, tmp_path, content, row, field):
    pairs = write(tmp_path / "bad.csv", content)
    out = tmp_path / "out.csv"
    r = run("compare", "--pairs", str(pairs), "--out", str(out))
    assert r.exit_code == 2
    msg = " ".join(r.output.split())
    assert "bad.csv" in msg and row in msg and f"field '{field}'" in msg, msg
    assert not out.exists()


def test_bad_encoding(run, tmp_path):
    pairs = write(
        tmp_path / "latin1.csv", "pair_id,kind,name_a,name_b\n1,person,Juan Pérez,Juan Perez\n".encode("latin-1")
    )
    out = tmp_path / "out.csv"
    r = run("compare", "--pairs", str(pairs), "--out", str(out))
    assert r.exit_code == 2
    msg = " ".join(r.output.split())
    assert "latin1.csv" in msg and "row 2" in msg and "UTF-8" in msg
    assert not out.exists()


def test_missing_file_and_missing_out(run, tmp_path):
    r = run("compare", "--pairs", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv"))
    assert r.exit_code == 2 and "nope.csv" in r.output
    pairs = write(tmp_path / "pairs.csv", GOOD)
    r = run("compare", "--pairs", str(pairs))
    assert r.exit_code == 2 and "--out" in r.output


def test_one_pair_prints_the_explanation(run):
    r = run("compare", "Lupe Treviño", "Sheriff Guadalupe Treviño")
    assert r.exit_code == 0
    assert "match" in r.output and "nickname" in r.output and "Sheriff" in r.output
    assert "quality: direct" in " ".join(r.output.split())


def test_one_pair_json(run):
    r = run("compare", "Joaquín Guzmán Loera", "Ovidio Guzmán López", "--json")
    assert r.exit_code == 0
    d = json.loads(r.output)
    assert (
        d["is_match"] is False
        and 0 <= d["score"] < 0.5
        and d["threshold"] == pytest.approx(settings.match_threshold("person"))
    )
    assert d["quality"] in ("possible", "none") and d["algorithm"] == "forcecheck-v1"
    assert d["quality"] == ("possible" if d["score"] >= settings.match_threshold("person", "possible") else "none")
    assert any("conflict" in e for e in d["explanation"])


def test_one_pair_unit_kind(run):
    r = run("compare", "23 Batallón de Infantería", "33 Batallón de Infantería", "--kind", "unit", "--json")
    assert r.exit_code == 0
    assert json.loads(r.output)["is_match"] is False


def test_one_pair_bad_input(run):
    assert run("compare", "Juan Pérez", "  ").exit_code == 2
    r = run("compare", "Juan Pérez", "Juan Perez", "--kind", "planet")
    assert r.exit_code == 2 and "kind" in r.output
    r = run("compare", "Juan Pérez", "Juan Perez", "--algorithm", "logic-v9")
    assert r.exit_code == 2 and "--algorithm" in r.output and "forcecheck-v1" in r.output


def test_kind_aliases_from_the_vocabulary(run):
    a = json.loads(run("compare", "Siemens AG", "Siemens Aktiengesellschaft", "--kind", "Company", "--json").output)
    b = json.loads(
        run("compare", "Siemens AG", "Siemens Aktiengesellschaft", "--kind", "organization", "--json").output
    )
    assert a["kind"] == b["kind"] == "organization" and a["score"] == b["score"]
    assert (
        json.loads(run("compare", "Juan Pérez", "Juan Perez", "--kind", "persona", "--json").output)["kind"] == "person"
    )
