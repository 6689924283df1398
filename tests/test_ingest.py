"""Ingesting documents end to end with the real extractor: sources, proposed claims, citations,
re-ingest no-op, PDF, URL, folders, and bad files that leave the database unchanged."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from forcecheck.errors import InputError
from forcecheck.ingest.documents import IngestOptions, ingest_document, ingest_many, read_document
from forcecheck.store.models import AuditEvent, Citation, Claim, Source, Unit

from .conftest import EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
SEED = EXAMPLES / "us-mexico-security-aid-2014.txt"


def make_pdf(lines: list[str] | None, title: str = "Test report") -> bytes:
    """A minimal valid PDF: one page, Helvetica, one line of text per entry (None: no text at all)."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = (
        ""
        if lines is None
        else "BT /F1 10 Tf 40 760 Td 14 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    )
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Title ({esc(title)}) /Author (Test) /CreationDate (D:20141205120000Z) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PDF_LINES = [
    "Soldiers of the army battalion allegedly tortured two detainees in Chihuahua in March 2013.",
    "The Ministry of Defense denied the accusations.",
    "Share this article",
    "Human rights groups said the victims were held for three days without charge.",
]


def _counts(store) -> dict[str, int]:
    with store.read() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (Source, Claim, Citation, AuditEvent, Unit)
        }


# ------------------------------------------------------------------ the seed, on both backends


def test_ingest_seed_stores_source_claims_citations_and_is_idempotent(store):
    store.init()
    r = ingest_document(store, SEED, IngestOptions(date="2014-12-10", publisher="Truthout"))
    assert not r.already_ingested
    src = r.source
    assert src["language"] == "en" and src["publisher"] == "Truthout" and src["published_date"] == "2014-12-10"
    kinds = {d["kind"] for d in r.dropped}
    assert kinds == {"boilerplate", "duplicate", "pull_quote"}
    types = {c["type"] for c in r.claims}
    assert {"incident", "unit", "person", "assistance"} <= types
    with store.read() as s:
        source = s.get(Source, src["id"])
        assert source.kind == "article" and source.path == str(SEED) and source.meta["dropped"] == r.dropped
        assert "Truthout" not in source.text and "\n\n" in source.text
        claims = s.execute(select(Claim)).scalars().all()
        assert len(claims) == len(r.claims) and all(c.status == "proposed" for c in claims)
        assert all(c.made_by.startswith("extract:") for c in claims)
        # every citation's span is a span of the stored cleaned text, and the quote is its sentence
        for c in claims:
            (cit,) = c.citations
            assert source.text[cit.span_start : cit.span_end] == c.payload["text"]
            assert c.payload["text"] in cit.quote or cit.quote in c.payload["text"]
            assert c.kind == c.payload["type"]
        hercules = [c for c in claims if c.kind == "incident" and "Grupo Hercules" in c.payload["sentence"]]
        assert hercules and hercules[0].payload["status"] == "alleged"
        assert s.scalar(select(func.count()).select_from(Unit)) == 0  # nothing proposed is an entity yet
    before = _counts(store)
    again = ingest_document(store, SEED, IngestOptions(date="2014-12-10"))
    assert again.already_ingested and again.source["id"] == src["id"]
    assert sorted(c["id"] for c in again.claims) == sorted(c["id"] for c in r.claims)
    assert again.dropped == r.dropped
    assert _counts(store) == before  # not even an audit event


def test_cli_ingest_json_one_object(cli, tmp_path):
    res = cli("ingest", str(SEED), "--json", "--date", "2014-12-10")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"source", "dropped", "claims"}
    assert all({"kind", "text", "reason"} <= set(d) for d in data["dropped"])
    for c in data["claims"]:
        assert {"type", "text", "span", "sentence", "id", "status"} <= set(c)
    inc = [c for c in data["claims"] if c["type"] == "incident"]
    assert inc and all(
        {
            "violation_types",
            "perpetrator_units",
            "perpetrator_persons",
            "perpetrator_classification",
            "victims",
            "place",
            "date",
            "status",
        }
        <= set(c)
        for c in inc
    )
    assert all({"name", "classification"} <= set(c) for c in data["claims"] if c["type"] == "unit")
    res2 = cli("ingest", str(SEED), "--json")
    data2 = json.loads(res2.stdout)
    assert data2["already_ingested"] is True and data2["claims"] == data["claims"]
    res3 = cli("ingest", str(SEED))
    assert "already ingested" in res3.stdout


# ------------------------------------------------------------------ formats


def test_spanish_document_detected_and_extracted(sqlite_store):
    r = ingest_document(sqlite_store, FIXTURES / "ayotzinapa-es.txt")
    assert r.source["language"] == "es"
    assert r.source["title"] == "Desaparición de estudiantes en Iguala"
    assert [d["kind"] for d in r.dropped] == ["boilerplate"] * 3
    types = {c["type"] for c in r.claims}
    assert "incident" in types and "unit" in types
    assert any(c["type"] == "armed_group" and "Guerreros Unidos" in c["text"] for c in r.claims)


def test_lang_override(sqlite_store):
    r = ingest_document(sqlite_store, FIXTURES / "ayotzinapa-es.txt", IngestOptions(lang="en", extract=False))
    assert r.source["language"] == "en" and r.claims == []
    with pytest.raises(InputError, match="language"):
        ingest_document(sqlite_store, FIXTURES / "ayotzinapa-es.txt", IngestOptions(lang="fr"))


def test_html_document(sqlite_store):
    r = ingest_document(sqlite_store, FIXTURES / "police-article.html")
    s = r.source
    assert (
        s["title"].startswith("Checkpoint shooting")
        and s["publisher"] == "Border Monitor"
        and s["published_date"] == "2014-12-03"
    )
    assert any("newsletter" in d["reason"] for d in r.dropped)
    assert any(c["type"] == "incident" for c in r.claims)


def test_pdf_document(sqlite_store, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf(PDF_LINES))
    r = ingest_document(sqlite_store, pdf)
    assert r.source["title"] == "Test report" and r.source["published_date"] == "2014-12-05"
    with sqlite_store.read() as s:
        text = s.get(Source, r.source["id"]).text
    assert "tortured two detainees in Chihuahua" in text and "Share this article" not in text
    assert [d["text"] for d in r.dropped] == ["Share this article"]
    assert any(c["type"] == "incident" and "torture" in c.get("violation_types", []) for c in r.claims)


def test_same_content_from_another_path_is_a_noop(sqlite_store, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED, copy)
    first = ingest_document(sqlite_store, SEED, IngestOptions(extract=False))
    again = ingest_document(sqlite_store, copy)
    assert again.already_ingested and again.source["id"] == first.source["id"]


# ------------------------------------------------------------------ URLs from a local server


@pytest.fixture
def local_server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(FIXTURES / "police-article.html", root / "article.html")
    (root / "report.pdf").write_bytes(make_pdf(PDF_LINES))
    (root / "big.txt").write_text("word " * 5000, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_ingest(sqlite_store, local_server):
    url = f"{local_server}/article.html"
    r = ingest_document(sqlite_store, url)
    assert r.source["url"] == url and r.source["publisher"] == "Border Monitor"
    assert any(c["type"] == "incident" for c in r.claims)
    with sqlite_store.read() as s:
        cits = s.execute(select(Citation)).scalars().all()
        assert cits and all(c.accessed_on for c in cits)
    pdf = ingest_document(sqlite_store, f"{local_server}/report.pdf", IngestOptions(extract=False))
    assert pdf.source["title"] == "Test report"
    # the local file and the URL hold the same article: a no-op
    assert ingest_document(sqlite_store, FIXTURES / "police-article.html").already_ingested


def test_url_errors_write_nothing(sqlite_store, local_server):
    path = sqlite_store.sqlite_path
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(InputError, match="HTTP 404"):
        ingest_document(sqlite_store, f"{local_server}/missing.html")
    with pytest.raises(InputError, match="too large"):
        ingest_document(sqlite_store, f"{local_server}/big.txt", IngestOptions(max_bytes=1000))
    with pytest.raises(InputError, match="could not fetch"):
        ingest_document(sqlite_store, "http://127.0.0.1:9/nothing", IngestOptions(timeout=2))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


# ------------------------------------------------------------------ bad files


BAD_FILES = {
    "junk.txt": (bytes(range(256)) * 10, "binary data"),
    "junk.bin": (b"\x00\x01\x02\xff" * 100, "binary data"),
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"   \n\n  \t\n", "empty document"),
    "latin1.txt": ("Lupe Treviño was sentenced in July.".encode("cp1252"), "not UTF-8: byte 0xf1 at byte offset 10"),
    "broken.pdf": (make_pdf(PDF_LINES)[:120], "broken PDF"),
    "fake.pdf": (b"this is not a pdf at all", "broken PDF: no %PDF- header"),
    "scan.pdf": (make_pdf(None), "PDF without a text layer"),
    "only-boilerplate.txt": (b"Share this article\nAll rights reserved\n", "no article text left"),
    "notes.docx": (b"PK\x03\x04 some zip", "unsupported file type .docx"),
    "huge.txt": (b"The police said the soldiers were there. " * 200, "too large"),
}


def test_bad_files_leave_the_sqlite_file_unchanged(sqlite_store, tmp_path, cli_runner_app):
    path = sqlite_store.sqlite_path
    ingest_document(sqlite_store, FIXTURES / "ayotzinapa-es.txt", IngestOptions(extract=False))
    sqlite_store.dispose()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    opts = IngestOptions(max_bytes=4000)
    for name, (data, message) in BAD_FILES.items():
        f = tmp_path / name
        f.write_bytes(data)
        with pytest.raises(InputError) as e:
            ingest_document(sqlite_store, f, opts)
        assert message in str(e.value) and str(f) in str(e.value), (name, str(e.value))
        res = cli_runner_app(["--db", f"sqlite:///{path}", "ingest", str(f), "--max-bytes", "4000"])
        assert res.exit_code == 2 and message in " ".join(res.stderr.split()), (name, res.stderr)
    sqlite_store.dispose()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_encodings(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(
        "\ufeffLa Policía Municipal de Iguala detuvo a los estudiantes de Ayotzinapa en septiembre.".encode("utf-8")
    )
    d = read_document(str(bom))
    assert d.text.startswith("La Policía") and d.meta["encoding"] == "utf-8-sig"
    u16 = tmp_path / "u16.txt"
    u16.write_bytes("El Ejército negó las acusaciones de tortura en Chihuahua durante el año pasado.".encode("utf-16"))
    assert read_document(str(u16)).text.startswith("El Ejército")
    cp = tmp_path / "cp.txt"
    cp.write_bytes("Lupe Treviño, former sheriff of Hidalgo County, was sentenced in July 2014.".encode("cp1252"))
    assert "Treviño" in read_document(str(cp), IngestOptions(encoding="cp1252")).text
    html = tmp_path / "declared.html"
    html.write_bytes(
        (
            '<html><head><meta charset="windows-1252"><title>t</title></head><body><article>'
            + "<p>Lupe Treviño, former sheriff of Hidalgo County, was sentenced to five years in prison in July 2014.</p>"
            * 3
            + "</article></body></html>"
        ).encode("cp1252")
    )
    assert "Treviño" in read_document(str(html)).text


def test_folder_with_a_bad_file_ingests_the_others(sqlite_store, tmp_path, cli_runner_app):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "ayotzinapa-es.txt", folder / "a.txt")
    shutil.copy(FIXTURES / "police-article.html", folder / "sub" / "b.html")
    (folder / "c.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "ignored.csv").write_text("a,b\n")
    (folder / ".hidden.txt").write_text("hidden")
    batch = ingest_many(sqlite_store, [folder], IngestOptions(extract=False))
    assert [Path(r.origin).name for r in batch.results] == ["a.txt", "b.html"]
    assert [Path(e["path"]).name for e in batch.errors] == ["c.pdf"] and "broken PDF" in batch.errors[0]["error"]
    res = cli_runner_app(["--db", f"sqlite:///{sqlite_store.sqlite_path}", "ingest", str(folder), "--json"])
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert [d.get("already_ingested") for d in data["documents"]] == [True, True]
    assert len(data["errors"]) == 1 and "c.pdf" in data["errors"][0]["path"]


@pytest.fixture
def cli_runner_app():
    from typer.testing import CliRunner

    from forcecheck.cli.main import app

    runner = CliRunner()
    return lambda args: runner.invoke(app, args, catch_exceptions=False)


# ------------------------------------------------------------------ one error boundary per document (issue 9)

GOOD_DOCS = {
    "a-tlatlaya.txt": "Soldiers of the 102nd Infantry Battalion killed 22 people in Tlatlaya, Mexico State, on June 30, 2014.\n\n"
    "The Army said the soldiers were attacked first.",
    "b-iguala.txt": "La Policía Municipal de Iguala detuvo a 43 estudiantes de Ayotzinapa el 26 de septiembre de 2014.\n\n"
    "Los estudiantes siguen desaparecidos.",
    "d-hidalgo.txt": "Lupe Treviño, former sheriff of Hidalgo County, was sentenced to five years in prison in July 2014.\n\n"
    "Deputies of the Hidalgo County Sheriff's Office were charged with extortion.",
}
BROKEN_MARKER = "FORCECHECK-TEST-BREAKS-THE-EXTRACTOR"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, text in GOOD_DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "c-broken.txt").write_text(
        f"Police officers detained three journalists in Chilpancingo in March 2015. {BROKEN_MARKER}\n\n"
        "The state prosecutor opened an investigation.",
        encoding="utf-8",
    )
    return folder


def test_a_document_the_extractor_fails_on_is_reported_and_the_others_are_stored(sqlite_store, tmp_path):
    from forcecheck.ingest.documents import extract

    def fragile(doc, session, progress):  # the documented hook: the real extractor, failing on one input
        claims = extract(doc, session, progress)
        if BROKEN_MARKER in doc.text:
            return claims[len(claims) + 1]  # IndexError, a genuine bug of this extractor
        return claims

    batch = ingest_many(sqlite_store, [_folder(tmp_path)], IngestOptions(extractor=fragile))
    assert [Path(r.origin).name for r in batch.results] == ["a-tlatlaya.txt", "b-iguala.txt", "d-hidalgo.txt"]
    assert all(r.claims for r in batch.results)
    (err,) = batch.errors
    assert err["stage"] == "extract" and err["path"].endswith("c-broken.txt")
    assert "c-broken.txt" in err["error"] and "extraction failed: IndexError" in err["error"]
    with sqlite_store.read() as s:
        paths = sorted(Path(p).name for p in s.execute(select(Source.path)).scalars())
        assert paths == ["a-tlatlaya.txt", "b-iguala.txt", "d-hidalgo.txt"]  # nothing of the broken one
        n_cites = s.scalar(select(func.count()).select_from(Citation))
    assert n_cites == sum(len(r.claims) for r in batch.results)


def test_cli_reports_an_extraction_failure_in_json_and_exits_2(sqlite_store, tmp_path, cli_runner_app, monkeypatch):
    from forcecheck.extract import pipeline

    def breaking_stage(ctx):  # a stage that raises on a crafted input, inside the real pipeline
        if BROKEN_MARKER in ctx.doc.text:
            raise TypeError("'>' not supported between instances of 'NoneType' and 'int'")

    monkeypatch.setattr(pipeline, "STAGES", pipeline.STAGES + (breaking_stage,))
    folder = _folder(tmp_path)
    db = f"sqlite:///{sqlite_store.sqlite_path}"
    res = cli_runner_app(["--db", db, "ingest", str(folder), "--json"])
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert len(data["documents"]) == 3 and all(d["claims"] for d in data["documents"])
    (err,) = data["errors"]
    assert err["path"].endswith("c-broken.txt") and err["stage"] == "extract" and "TypeError" in err["error"]
    res = cli_runner_app(["--db", db, "ingest", str(folder)])
    assert res.exit_code == 2
    assert "4 documents: 0 ingested, 3 already ingested, 1 failed" in res.stdout
    assert "c-broken.txt: extraction failed: TypeError" in " ".join(res.stderr.split())
    single = cli_runner_app(["--db", db, "ingest", str(folder / "c-broken.txt")])
    assert single.exit_code == 2 and "extraction failed" in single.stderr and "Traceback" not in single.stderr
    monkeypatch.setattr(pipeline, "STAGES", pipeline.STAGES[:-1])
    assert cli_runner_app(["--db", db, "ingest", str(folder)]).exit_code == 0  # fixed: now all four are in


# ------------------------------------------------------------------ --url, titles, size limit


def test_url_of_a_saved_file_is_recorded(sqlite_store, tmp_path, cli_runner_app):
    saved = tmp_path / "saved.html"
    shutil.copy(FIXTURES / "police-article.html", saved)
    url = "https://www.example.org/2014/12/checkpoint-shooting.html"
    r = ingest_document(sqlite_store, saved, IngestOptions(url=url, extract=False))
    assert r.source["url"] == url and r.source["path"] == str(saved)
    with sqlite_store.read() as s:
        assert s.get(Source, r.source["id"]).url == url
        assert all(
            c.accessed_on is None for c in s.execute(select(Citation)).scalars()
        )  # the day it was saved is unknown
    with pytest.raises(InputError, match="http"):
        ingest_document(sqlite_store, saved, IngestOptions(url="www.example.org/x"))
    # an earlier ingest without the address: the address given now is recorded
    plain = tmp_path / "plain.txt"
    plain.write_text(GOOD_DOCS["a-tlatlaya.txt"], encoding="utf-8")
    first = ingest_document(sqlite_store, plain, IngestOptions(extract=False))
    assert first.source["url"] is None
    db = f"sqlite:///{sqlite_store.sqlite_path}"
    res = cli_runner_app(["--db", db, "ingest", str(plain), "--url", "https://news.example.com/tlatlaya", "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["source"]["url"] == "https://news.example.com/tlatlaya"
    with sqlite_store.read() as s:
        assert s.get(Source, first.source["id"]).url == "https://news.example.com/tlatlaya"
    two = cli_runner_app(["--db", db, "ingest", str(plain), str(saved), "--url", url])
    assert two.exit_code == 2 and "one file" in two.stderr


FURNITURE_PAGE = """Skip to main content

Más Información

Alcalde de Chilpancingo es acusado de corrupción

Detienen a tres por robo de combustible en Puebla

Militares, acusados por la desaparición de un joven en Nuevo Laredo

Un joven desapareció después de ser detenido por militares en Nuevo Laredo, Tamaulipas, el 5 de enero 2015, según denunció su familia ante la Fiscalía.

También lea: Gobernador anuncia nuevo plan de seguridad en Tamaulipas

Elementos del Ejército patrullan una calle de Nuevo Laredo. (Foto: Cuartoscuro)

Lee también

Capturan a líder criminal en Reynosa

La Comisión Nacional de los Derechos Humanos abrió una queja por la detención del joven en Nuevo Laredo.
"""


def test_page_furniture_is_dropped_and_never_the_title(sqlite_store, tmp_path):
    page = tmp_path / "nota.txt"
    page.write_text(FURNITURE_PAGE, encoding="utf-8")
    r = ingest_document(sqlite_store, page, IngestOptions(date="2020-06-01"))
    assert r.source["title"] == "Militares, acusados por la desaparición de un joven en Nuevo Laredo"
    with sqlite_store.read() as s:
        text = s.get(Source, r.source["id"]).text
    for furniture in (
        "Skip to main content",
        "Más Información",
        "Chilpancingo",
        "Puebla",
        "También lea",
        "Lee también",
        "Reynosa",
        "Foto",
        "patrullan",
    ):
        assert furniture not in text, furniture
    assert "Un joven desapareció" in text and "Comisión Nacional" in text
    assert not any(c["type"] == "place" and c["text"] in ("Chilpancingo", "Puebla", "Reynosa") for c in r.claims)
    assert [c["value"] for c in r.claims if c["type"] == "date" and c["text"] == "5 de enero 2015"] == ["2015-01-05"]


def test_metadata_title_that_is_furniture_is_not_taken():
    from forcecheck.ingest.read import choose_title

    paras = ["Militares detenidos en Iguala", "El Ejército informó que ..."]
    assert choose_title(None, "Más Información", paras, "nota") == "Militares detenidos en Iguala"
    assert choose_title(None, None, ["Skip to main content", "Texto."], "nota") == "nota"
    assert choose_title("Given", "Más Información", paras, "nota") == "Given"


def test_a_document_over_the_limit_is_refused_before_it_is_read(sqlite_store, tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 3000)
    monkeypatch.setenv("FORCECHECK_MAX_DOCUMENT_BYTES", "2000")
    read_calls = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read_calls.append(self) or b"")
    with pytest.raises(InputError, match=r"too large: 3000 bytes \(limit 2000"):
        ingest_document(sqlite_store, big)
    assert read_calls == []  # refused from its size, never read nor parsed


class _Recorder:
    """A Progress that records what it is told, and can nest (as the terminal bars do)."""

    def __init__(self, log: list, depth: int = 0):
        self.log, self.depth = log, depth

    def start(self, total, label):
        self.log.append((self.depth, "start", label, total))

    def advance(self, n=1):
        self.log.append((self.depth, "advance", n))

    def child(self):
        return _Recorder(self.log, self.depth + 1)


def test_progress_counts_documents_and_the_characters_of_a_long_one(sqlite_store, tmp_path, monkeypatch):
    monkeypatch.setenv("FORCECHECK_EXTRACT_CHUNK_CHARS", "1000")
    folder = tmp_path / "p"
    folder.mkdir()
    long_text = "\n\n".join(
        f"Soldiers of battalion {i} detained {i} men in Iguala, Guerrero, on July {i % 28 + 1}, 2014, "
        "the prosecutor said."
        for i in range(60)
    )
    (folder / "long.txt").write_text(long_text, encoding="utf-8")
    (folder / "short.txt").write_text(GOOD_DOCS["a-tlatlaya.txt"], encoding="utf-8")
    log: list = []
    batch = ingest_many(sqlite_store, [folder], IngestOptions(), _Recorder(log))
    assert not batch.errors and len(batch.results) == 2
    assert log[0] == (0, "start", "ingest", 2) and [e for e in log if e[0] == 0][1:] == [(0, "advance", 1)] * 2
    starts = [e for e in log if e[0] == 1 and e[1] == "start"]
    chars = len(long_text)  # the cleaned text is the text itself: nothing to drop
    assert starts == [(1, "start", "extract", chars)]  # only the long one is read in pieces
    assert sum(e[2] for e in log if e[0] == 1 and e[1] == "advance") == chars
    # spans of every piece point into the whole text
    long = next(r for r in batch.results if r.origin.endswith("long.txt"))
    with sqlite_store.read() as s:
        text = s.get(Source, long.source["id"]).text
    assert all(text[c["span"][0] : c["span"][1]] == c["text"] for c in long.claims)
    assert sum(c["type"] == "date" for c in long.claims) == 60


FURNITURE_HTML = """<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Más Información</title></head><body>
<header><a href="#main">Skip to main content</a><nav><a href="/">Inicio</a></nav></header>
<main id="main"><article>
<h2>Más Información</h2>
<ul><li><a href="/a">Alcalde de Chilpancingo es acusado de corrupción</a></li><li><a href="/b">Detienen a tres por robo de combustible en Puebla</a></li></ul>
<h1>Militares, acusados por la desaparición de un joven en Nuevo Laredo</h1>
<p>Un joven desapareció después de ser detenido por militares en Nuevo Laredo, Tamaulipas, el 5 de enero 2015, según denunció su familia ante la Fiscalía General de la República.</p>
<figure><img src="x.jpg"><figcaption>Elementos del Ejército patrullan una calle de Nuevo Laredo. (Foto: Cuartoscuro)</figcaption></figure>
<p>También lea: Gobernador anuncia nuevo plan de seguridad en Tamaulipas</p>
<p>La Comisión Nacional de los Derechos Humanos abrió una queja por la detención del joven en Nuevo Laredo, y pidió a la Secretaría de la Defensa Nacional que informe sobre los hechos.</p>
<h3>Te puede interesar</h3>
<p><a href="/c">Capturan a líder criminal en Reynosa</a></p>
</article></main></body></html>
"""


def test_page_furniture_of_an_html_page_and_its_metadata_title(sqlite_store, tmp_path):
    page = tmp_path / "nota.html"
    page.write_text(FURNITURE_HTML, encoding="utf-8")
    r = ingest_document(sqlite_store, page, IngestOptions(date="2020-06-01", extract=False))
    assert r.source["title"] == "Militares, acusados por la desaparición de un joven en Nuevo Laredo"  # not <title>
    with sqlite_store.read() as s:
        text = s.get(Source, r.source["id"]).text
    for furniture in ("Skip to main content", "Más Información", "Chilpancingo", "También lea", "Reynosa", "Foto"):
        assert furniture not in text, furniture
    assert "Un joven desapareció" in text and "Comisión Nacional" in text
