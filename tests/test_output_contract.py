"""The output contract directly: public_view (the one rule of a public view), to_json, and the renderers."""

from __future__ import annotations

import csv
import io
import json

from forcecheck.match.types import Match
from forcecheck.report import render
from forcecheck.report.types import ClaimInfo, PersonProfile, RecordRow
from forcecheck.results import HIDDEN, Citation, Record, hidden_columns, public_view, to_json
from forcecheck.screen.result import CandidateRef, FactRef, Found, Hit, Query, ScreeningResult, WatchlistRef

SECRET = Citation(source_id="src-secret", title="Informe reservado", url="http://example.org/x", restricted=True)
OPEN = Citation(
    source_id="src-open",
    title="Diario",
    publisher="El Diario",
    published_date="2009-01-02",
    page="3",
    url="http://example.org/a",
    quote="dijo que...",
)


def _result() -> ScreeningResult:
    m = Match(
        a="Juan Pérez",
        b="PEREZ, Juan",
        kind="person",
        score=0.54,
        is_match=False,
        explanation=["given name 'juan' = 'juan' (exact)", "conflict: birth date 1990 vs 1971 (different year)"],
        features={"dob": "year_conflict", "name_score": 0.95},
        quality="possible",
    )
    hit = Hit(
        kind="watchlist",
        relation="listed",
        link="recorded",
        certainty="listed",
        certainty_label="listed",
        severity="watchlist",
        subject_type="person",
        subject_id="p1",
        subject_name="PEREZ, Juan",
        explanation=["name: matched", "born 1971 according to the list"],
        facts=[FactRef(kind="list_entry", id="le1", summary="OFAC entry 1", citations=[OPEN, SECRET])],
        watchlist=WatchlistRef(id="le1", list_name="OFAC SDN", entry_ref="1", remarks="DOB 19 Feb 1971; passport X"),
        against=["name match quality possible: conflict: the birth dates differ (different year)"],
        match=m,
        score=0.48,
    )
    cand = CandidateRef(
        entity_type="person",
        entity_id="p1",
        name="PEREZ, Juan",
        matched_name="PEREZ, Juan",
        match=m,
        walked=True,
        birth_date="1971-02-19",
        reason="the birth dates differ",
    )
    return ScreeningResult(
        query=Query(name="Juan Pérez", kind="person", dob="1990-05-01", subject="N-1"),
        candidates=[cand],
        hits=[hit],
        found=[Found("person", "p1", "PEREZ, Juan", "possible", hit_count=1)],
    )


def test_public_view_hides_personal_data_and_restricted_sources():
    r = _result()
    public = json.dumps(to_json(public_view(r)), ensure_ascii=False)
    for secret in ("1990-05-01", "1971", "passport", "Informe reservado", "example.org/x"):
        assert secret not in public, secret
    d = json.loads(public)
    assert "dob" not in d["query"] and "birth_date" not in d["candidates"][0]
    assert "remarks" not in d["hits"][0]["watchlist"]
    cites = d["hits"][0]["facts"][0]["citations"]
    assert cites[1] == {"source_id": "src-secret", "title": "(restricted source)", "restricted": True}
    assert cites[0]["title"] == "Diario" and "restricted" not in cites[0]
    assert d["hits"][0]["quality"] == "possible" and d["hits"][0]["against"]  # the reason stays, without the dates
    assert "dob" not in d["hits"][0]["match"]["features"]


def test_personal_view_keeps_everything_and_nothing_is_mutated():
    r = _result()
    full = to_json(public_view(r, personal=True))
    assert full["query"]["dob"] == "1990-05-01" and full["candidates"][0]["birth_date"] == "1971-02-19"
    assert full["hits"][0]["watchlist"]["remarks"].startswith("DOB")
    public_view(r)
    assert (
        r.query.dob == "1990-05-01"
        and r.hits[0].watchlist.remarks
        and r.hits[0].facts[0].citations[1].title == "Informe reservado"
    )
    assert r.as_dict() == to_json(public_view(r)) and r.as_dict(personal=True) == full


def test_records_drop_the_columns_a_model_marks_personal():
    rec = Record("person", {"id": "p1", "name": "Juan", "birth_date": "1971-02-19", "father_name": "Pedro"})
    assert public_view(rec).to_dict() == {"id": "p1", "name": "Juan"}
    assert hidden_columns("claim", public=True) >= {"payload"} and hidden_columns("person", public=False) == set()
    prof = PersonProfile(
        record=rec,
        claim=ClaimInfo(id="c", kind="person", status="accepted", citations=[SECRET]),
        list_entries=[RecordRow(Record("list_entry", {"id": "le", "remarks": "x"}))],
        identifiers=[],
    )
    d = to_json(public_view(prof))
    assert "birth_date" not in d and "identifiers" not in d and d["list_entries"][0] == {"id": "le", "claim": None}
    assert d["claim"]["citations"][0]["restricted"] is True
    assert public_view(prof).identifiers is HIDDEN


def test_footnotes_number_each_citation_once():
    notes = render.Footnotes()
    assert notes.mark({"citations": [OPEN, SECRET]}) == "[1-2]"
    assert notes.mark({"citations": [SECRET]}) == "[2]"
    assert notes.mark({"citations": []}) == render.Footnotes.NO_CITATION and notes.mark(None) == ""
    sources = notes.sources()
    assert sources[0][1][:3] == ["Diario", "El Diario", "2009-01-02"] and sources[1][1] == ["(restricted source)"]
    assert render.citation_line(OPEN) == "\u201cDiario\u201d, El Diario, 2009-01-02, p. 3, http://example.org/a"
    assert render.citation_line(SECRET) == "restricted source"


def test_screening_csv_rows_and_text():
    r = _result()
    buf = io.StringIO()
    render.write_screening_csv([r], buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [row["quality"] for row in rows] == ["possible"] and rows[0]["outcome"] == "hits"
    assert "1990" not in buf.getvalue() and "restricted source" in rows[0]["citations"]
    empty = ScreeningResult(query=Query(name="Nadie", kind="person"))
    row = render.screening_rows([empty])[0]
    assert row["rank"] == 0 and row["outcome"] == "not_found" and "nobody" in row["explanation"]
    text = render.screening_text(r)
    assert "possible match" in text and "[1-2]" in text and "Sources" in text and "1971" not in text
