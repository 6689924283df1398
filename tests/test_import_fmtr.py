"""``forcecheck import fmtr``: the real Foreign Military Training Report rows, ids, recipients, bad input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from forcecheck.cli.main import app
from forcecheck.ingest.importers import fmtr, run_import
from forcecheck.store.models import Assistance, AuditEvent, Citation, Claim, Source, Unit

from .conftest import EXAMPLES, shared_file

HEADER = "\t".join(fmtr.COLUMNS)


def _real() -> Path:
    return shared_file("fmtr", "mexico_training_fy2000_2021.tsv")


def _json(res) -> dict:  # type: ignore[no-untyped-def]
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_real_file_imports_every_row_once(cli, store):
    """All 6,893 rows (1,525 of them exact copies of another row) become records; a second run adds nothing."""
    first = _json(cli("import", "fmtr", str(_real()), "--json"))
    assert first["rows"] == 6893
    assert first["tables"]["assistance"]["inserted"] == 6893
    stats = _json(cli("stats", "--json"))
    assert stats["assistance"] == 6893
    assert stats["assistance_by_kind"] == {"training": 6893}
    with store.read() as s:
        audit_before = s.scalar(select(func.count()).select_from(AuditEvent))
        # SEMAR rows link to the SEMAR ministry unit, created by the import from vocab/institutions.csv
        semar = s.scalars(select(Unit).where(Unit.name == "Secretaría de Marina")).one()
        assert semar.is_ministry and semar.classification == "navy"
        rows = s.execute(
            select(Assistance.recipient_unit_id, Assistance.recipient_level).where(Assistance.recipient_text == "SEMAR")
        ).all()
        assert len(rows) == 2039 and set(rows) == {(semar.id, "ministry")}
        # "SEMAR SOF" is a SEMAR component, not the ministry: kept verbatim, left unresolved
        sof = s.execute(
            select(Assistance.recipient_unit_id, Assistance.recipient_level).where(
                Assistance.recipient_text == "SEMAR SOF"
            )
        ).all()
        assert len(sof) == 40 and set(sof) == {(None, "unresolved")}
        # every record has its own accepted claim and one citation (page and file row) to its report year
        assert (
            s.scalar(
                select(func.count()).select_from(Claim).where(Claim.kind == "assistance", Claim.status == "accepted")
            )
            == 6893
        )
        a = s.scalars(
            select(Assistance)
            .where(Assistance.recipient_text == "SEMAR", Assistance.fiscal_year == "2019-2020")
            .limit(1)
        ).one()
        cite = s.scalars(select(Citation).where(Citation.claim_id == a.claim_id)).one()
        src = s.get(Source, cite.source_id)
        assert (
            src.kind == "report"
            and src.publisher == "US Department of State and Department of Defense"
            and "2019-2020" in src.title
        )
        assert cite.page and cite.row >= 2
        assert a.currency == "USD" and a.donor == "US" and a.kind == "training"
        assert s.scalar(select(func.count(func.distinct(Source.id))).where(Source.id.like("src-fmtr-%"))) == 21

    second = _json(cli("import", "fmtr", str(_real()), "--json"))
    assert (second["inserted"], second["updated"]) == (0, 0)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == audit_before
        assert s.scalar(select(func.count()).select_from(Assistance)) == 6893


def test_identical_rows_stay_distinct_and_ids_do_not_depend_on_line_numbers(sqlite_store, tmp_path):
    row = "2009-2010\tSection 1004 - FY 2009 DoD Training\tRANGER\t\tSEMAR 1250\tFort Benning\t1\t\t2009-01-05\t2009-02-20\t64\tFMTR 2009-2010"
    other = "2009-2010\tIMET-1 - FY 2009 DoS Training\tENGLISH\t\tSEDENA\tLackland AFB, TX\t2\t4000\t2009-03-01\t2009-04-01\t65\tFMTR 2009-2010"
    a = tmp_path / "a.tsv"
    a.write_text("\n".join([HEADER, row, row, row, other]) + "\n", encoding="utf-8")
    b = tmp_path / "b.tsv"  # same rows, another order
    b.write_text("\n".join([HEADER, other, row, row, row]) + "\n", encoding="utf-8")
    assert run_import(sqlite_store, "fmtr", a).counts["assistance"]["inserted"] == 4
    again = run_import(sqlite_store, "fmtr", b)
    assert again.counts["assistance"]["inserted"] == 0
    with sqlite_store.read() as s:
        recs = s.scalars(select(Assistance)).all()
        assert len(recs) == 4
        glued = [x for x in recs if x.recipient_text == "SEMAR 1250"]
        # the FY2009-10 artefact (cost glued to the recipient) still resolves to the ministry; the text is kept
        assert len(glued) == 3 and {x.recipient_level for x in glued} == {"ministry"}
        assert {x.funding_authority for x in recs} == {"S1004", "IMET"}


@pytest.mark.parametrize(
    "text, level",
    [
        ("SEMAR", "ministry"),
        ("Secretariat of the National Defense  (SEDENA)", "ministry"),
        ("Secretaria de Seguridad Publica", "ministry"),
        ("Secretaría de Seguridad Pública", "ministry"),
        ("Federal Police", "ministry"),
        ("PGR", "ministry"),
        ("Navy", "ministry"),
        ("SEMAR SOF", "unresolved"),
        ("SEDENA / SEMAR", "unresolved"),
        ("", "none"),
    ],
)
def test_recipient_resolution(sqlite_store, text, level):
    with sqlite_store.transaction() as s:
        from forcecheck.store import Writer

        fmtr._ensure_institutions(s, Writer(s))
        s.flush()
        unit_id, got = fmtr.RecipientResolver(s)(text)
    assert got == level
    assert (unit_id is not None) == (level in ("ministry", "unit"))


def test_unit_level_recipient_links_to_an_imported_unit(sqlite_store):
    run_import(sqlite_store, "sfm", EXAMPLES / "sfm")
    res = run_import(sqlite_store, "fmtr", EXAMPLES / "fmtr_example.tsv")
    assert res.rows == 7
    with sqlite_store.read() as s:
        rows = s.execute(
            select(Assistance.recipient_text, Assistance.recipient_level, Unit.name).join(
                Unit, Unit.id == Assistance.recipient_unit_id, isouter=True
            )
        ).all()
    by_text = {t: (lvl, name) for t, lvl, name in rows}
    assert by_text["Policía Municipal de Iguala"] == ("unit", "Policía Municipal de Iguala")
    assert by_text["Iguala municipal police"] == ("unit", "Policía Municipal de Iguala")  # an SFM alias
    assert by_text["SEMAR"] == ("ministry", "Secretaría de Marina")
    assert by_text["SEMAR SOF"] == ("unresolved", None)


def test_funding_authority_from_vocabulary_patterns():
    assert (
        fmtr.funding_code(
            "Western Hemisphere Region, Mexico,  International Military Education and Training (IMET), FY02"
        )
        == "IMET"
    )
    assert (
        fmtr.funding_code(
            "DOD Western Hemisphere Region, Mexico,  Drug Interdiction and Counter-Drug Activities, Section 1004, FY04"
        )
        == "S1004"
    )
    assert fmtr.funding_code("INCLE - Fiscal Year 2017 Department of State Training") == "INCLE"
    assert fmtr.funding_code("Section 333 - Fiscal Year 2019 Department of Defense Training") == "S333"
    assert fmtr.funding_code("CTIWFP - Fiscal Year 2019 Department of Defense Training") == "CTFP"
    assert fmtr.funding_code("Section 1004 - Fiscal Year 2010 Department of Defense Training") == "S1004"
    assert fmtr.funding_code("Regional Centers - Fiscal Year 2012 Department of Defense Training") == "DOD_OTHER"
    assert fmtr.funding_code("PKO - Fiscal Year 2016 Department of State Training") is None


# ------------------------------------------------------------------ bad input changes nothing


def _corrupt(tmp_path: Path, how: str) -> tuple[Path, int, str | None]:
    """A copy of the real file with one defect; returns (path, row, field) the error must name."""
    data = _real().read_bytes()
    lines = data.split(b"\n")
    k = 1500  # 0-based line index: file row k + 1
    cells = lines[k].split(b"\t")
    field: str | None
    if how == "columns":
        lines[0] = lines[0].replace(b"total_cost_usd", b"cost")
        row, field = 1, "total_cost_usd"
    elif how == "date":
        cells[fmtr.COLUMNS.index("start_date")] = b"2013-02-30"
        row, field = k + 1, "start_date"
    elif how == "number":
        cells[fmtr.COLUMNS.index("total_cost_usd")] = b"12,5x0"
        row, field = k + 1, "total_cost_usd"
    elif how == "quantity":
        cells[fmtr.COLUMNS.index("quantity")] = b"three"
        row, field = k + 1, "quantity"
    elif how == "truncated":
        cells = cells[:7]
        row, field = k + 1, "total_cost_usd"
    elif how == "encoding":
        cells[fmtr.COLUMNS.index("course_title")] = "Curso de Fusilería".encode("latin-1")
        row, field = k + 1, None
    else:
        raise ValueError(how)
    if how != "columns":
        lines[k] = b"\t".join(cells)
    path = tmp_path / "fmtr_bad.tsv"
    path.write_bytes(b"\n".join(lines))
    return path, row, field


@pytest.mark.parametrize("how", ["columns", "date", "number", "quantity", "truncated", "encoding"])
def test_bad_file_names_file_row_field_and_changes_nothing(sqlite_store, tmp_path, how):
    run_import(sqlite_store, "fmtr", EXAMPLES / "fmtr_example.tsv")  # a database that already holds something
    sqlite_store.dispose()
    db = sqlite_store.sqlite_path
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    path, row, field = _corrupt(tmp_path, how)
    res = CliRunner().invoke(app, ["--db", f"sqlite:///{db}", "import", "fmtr", str(path)])
    assert res.exit_code == 2, res.output
    msg = " ".join(res.output.split())
    assert "fmtr_bad.tsv" in msg and f"row {row}" in msg
    if field:
        assert f"field '{field}'" in msg
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_rows_that_do_not_cite_the_report_are_not_attributed_to_its_publishers(sqlite_store):
    run_import(sqlite_store, "fmtr", EXAMPLES / "fmtr_example.tsv")
    with sqlite_store.read() as s:
        sources = s.scalars(select(Source).where(Source.kind == "report")).all()
        assert sources and all(src.publisher is None for src in sources)
        assert all("Illustrative" in src.title for src in sources)
