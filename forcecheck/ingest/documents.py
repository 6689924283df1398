"""Ingesting documents: read a file or URL, clean it, detect its language, extract proposed
claims and store them as one Source with its Claims and Citations.

``ingest_document(store, path_or_url, options, progress)`` does one document in one
transaction; ``ingest_many`` expands folders and runs one transaction per document. The
CLI (``forcecheck ingest``) and the API call these.

Decisions:

* **Formats**: ``.txt``/``.text``/``.md`` (plain text), ``.html``/``.htm``/``.xhtml`` (HTML,
  through trafilatura), ``.pdf`` (pypdf text layer). The content wins over the name: a file
  starting with ``%PDF-`` is read as PDF, a text file that looks like HTML as HTML.
* **Encoding**: UTF-8, with or without a BOM; UTF-16 with a BOM; an encoding declared by the
  document itself (``<meta charset>`` of an HTML page, ``charset=`` of an HTTP response) or
  given with ``--encoding``. Anything else that is not valid UTF-8 is refused with the file
  name and the byte offset of the first invalid byte: guessing between cp1252, latin-1 and
  Mac Roman is not reliable, and a silently wrong guess corrupts names (``Treviño``).
* **Bad input** (missing, empty, binary, too large, broken PDF, PDF without a text layer,
  undecodable text, no article text left) raises ``InputError`` before anything is written.
* **Folders**: every supported file below the folder (recursively, hidden files skipped),
  in name order. Each document is its own transaction: a bad file is reported (file and
  reason) and the others are still ingested; the CLI then exits with status 2.
* **Re-ingesting**: the Source id derives from the SHA-256 of the normalised cleaned text,
  so the same content (from any path, URL or format) is found and nothing is written.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlparse

from sqlalchemy import select

from .. import __version__
from ..dates import normalize as normalize_date
from ..errors import InputError
from ..ids import content_hash, make_id
from ..progress import NULL, Progress
from ..store.models import Citation, Claim, Source
from ..store.writer import Writer
from .clean import Cleaned, clean_html, clean_text, normalized_for_hash, split_paragraphs, clean_paragraphs
from .language import UNKNOWN, check_language, detect_language

#: Default size limit of one document (bytes); ``FORCECHECK_MAX_DOCUMENT_BYTES`` or ``--max-bytes`` change it.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Seconds before a URL fetch gives up.
DEFAULT_TIMEOUT = 20.0

TEXT_EXTS = {".txt", ".text", ".md"}
HTML_EXTS = {".html", ".htm", ".xhtml"}
PDF_EXTS = {".pdf"}
SUPPORTED_EXTS = TEXT_EXTS | HTML_EXTS | PDF_EXTS


def default_max_bytes() -> int:
    return int(os.environ.get("FORCECHECK_MAX_DOCUMENT_BYTES", DEFAULT_MAX_BYTES))


@dataclass
class IngestOptions:
    lang: str | None = None  # en / es: overrides detection
    publisher: str | None = None
    date: str | None = None  # publication date, partial ISO
    title: str | None = None
    restricted: bool = False
    encoding: str | None = None  # force a text encoding (e.g. cp1252)
    max_bytes: int = field(default_factory=default_max_bytes)
    timeout: float = DEFAULT_TIMEOUT
    extract: bool = True  # False: store the source only (no claims)

    def checked(self) -> "IngestOptions":
        try:
            self.lang = check_language(self.lang)
        except ValueError as e:
            raise InputError(str(e), field="lang") from None
        try:
            self.date = normalize_date(self.date)
        except ValueError as e:
            raise InputError(str(e), field="date") from None
        if self.encoding:
            import codecs

            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise InputError(f"unknown encoding {self.encoding!r}", field="encoding") from None
        return self


@dataclass
class Document:
    """A read and cleaned document, not yet stored."""

    origin: str  # the path or URL as given
    is_url: bool
    format: str  # txt, html, pdf
    cleaned: Cleaned
    title: str | None
    publisher: str | None
    published_date: str | None
    language: str
    content_hash: str
    meta: dict[str, Any]

    @property
    def text(self) -> str:
        return self.cleaned.text

    @property
    def source_id(self) -> str:
        return make_id("doc", self.content_hash)


@dataclass
class IngestResult:
    source: dict[str, Any]
    dropped: list[dict[str, str]]
    claims: list[dict[str, Any]]
    already_ingested: bool = False
    origin: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "dropped": self.dropped, "claims": self.claims}
        if self.already_ingested:
            out["already_ingested"] = True
        return out


@dataclass
class BatchResult:
    results: list[IngestResult] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)  # {"path", "error"}

    def as_dict(self) -> dict[str, Any]:
        return {"documents": [r.as_dict() for r in self.results], "errors": self.errors}


# --------------------------------------------------------------------------- reading


def is_url(value: str) -> bool:
    return bool(re.match(r"^https?://", str(value), re.IGNORECASE))


def _binary_offset(data: bytes) -> int | None:
    """Offset of the first byte that marks ``data`` as binary (a NUL or a run of control bytes)."""
    nul = data.find(b"\x00")
    if nul != -1:
        return nul
    sample = data[:65536]
    ctrl = [i for i, b in enumerate(sample) if b < 32 and b not in (9, 10, 12, 13, 27)]
    if sample and len(ctrl) > max(4, len(sample) // 100):
        return ctrl[0]
    return None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_text(data: bytes, *, name: str, encoding: str | None = None, declared: str | None = None, html: bool = False) -> tuple[str, str]:
    """Bytes -> (text, encoding used), or InputError naming the file and the byte offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise InputError(f"not UTF-8 after its byte-order mark: byte 0x{data[3 + e.start]:02x} at byte offset {3 + e.start}",
                             file=name) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(f"invalid UTF-16 at byte offset {e.start}", file=name) from None
    off = _binary_offset(data)
    if off is not None:
        raise InputError(f"binary data, not a text document (control byte 0x{data[off]:02x} at byte offset {off})", file=name)
    if encoding:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as e:
            raise InputError(f"not valid {encoding}: byte 0x{data[e.start]:02x} at byte offset {e.start}", file=name) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    if html and declared is None:
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii") if m else None
    if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(declared), declared.lower()
        except (UnicodeDecodeError, LookupError):
            pass
    pos = utf8_error.start
    raise InputError(
        f"not UTF-8: byte 0x{data[pos]:02x} at byte offset {pos} is invalid; convert the file to UTF-8 "
        "(e.g. iconv -f WINDOWS-1252 -t UTF-8) or name its encoding with --encoding",
        file=name,
    )


def _pdf_paragraphs(text: str) -> list[str]:
    """PDF text layers break lines inside paragraphs: blank lines separate paragraphs when
    there are any; otherwise a line ending a sentence, or a line much shorter than the page's
    widest (a paragraph's last line, a heading), ends its paragraph."""
    text = text.replace("\r\n", "\n")
    if re.search(r"\n[ \t]*\n", text):
        return split_paragraphs(text)
    paras: list[str] = []
    cur: list[str] = []
    widest = max((len(line.strip()) for line in text.split("\n")), default=0)
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if cur and cur[-1].endswith("-") and line[:1].islower():
            cur[-1] = cur[-1][:-1] + line
        else:
            cur.append(line)
        if re.search(r"[.!?:”\"»)]$", line) or len(line) < 0.6 * widest:  # a sentence end, or a short (last or heading) line
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return paras


def read_pdf(data: bytes, *, name: str) -> tuple[list[str], dict[str, Any]]:
    """Paragraphs and metadata of a PDF's text layer."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError("broken PDF: no %PDF- header", file=name)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("encrypted PDF: decrypt it first", file=name)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - pypdf raises many kinds of errors on a broken file
        raise InputError(f"broken PDF: {type(e).__name__}: {e}", file=name) from None
    if not pages:
        raise InputError("broken PDF: no pages", file=name)
    paras = [p for page in pages for p in _pdf_paragraphs(page)]
    if not any(p.strip() for p in paras):
        raise InputError(f"PDF without a text layer ({len(pages)} pages, no text; a scan?): run OCR first", file=name)
    meta: dict[str, Any] = {"pages": len(pages)}
    if info:
        if info.title:
            meta["title"] = str(info.title)
        if info.author:
            meta["author"] = str(info.author)
        try:
            if info.creation_date:
                meta["date"] = info.creation_date.date().isoformat()
        except Exception:  # noqa: BLE001 - a malformed date in the metadata is just left out
            pass
    return paras, meta


def _sniff_format(data: bytes, ext: str) -> str | None:
    head = data.lstrip()[:512].lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if ext in PDF_EXTS:
        return "pdf"
    if ext in HTML_EXTS:
        return "html"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    if ext in TEXT_EXTS:
        return "txt"
    return None


def _fetch(url: str, options: IngestOptions) -> tuple[bytes, str | None, str | None]:
    """Bytes, content type and declared charset of ``url`` (size-limited, with a timeout)."""
    import httpx

    try:
        with httpx.Client(timeout=options.timeout, follow_redirects=True, headers={"User-Agent": f"forcecheck/{__version__}"}) as client:
            with client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise InputError(f"HTTP {resp.status_code} {resp.reason_phrase}", file=url)
                length = resp.headers.get("content-length")
                if length and length.isdigit() and int(length) > options.max_bytes:
                    raise InputError(f"too large: {int(length)} bytes (limit {options.max_bytes})", file=url)
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > options.max_bytes:
                        raise InputError(f"too large: more than {options.max_bytes} bytes", file=url)
                    chunks.append(chunk)
                ctype = resp.headers.get("content-type", "")
                return b"".join(chunks), ctype.split(";")[0].strip().lower() or None, resp.charset_encoding
    except httpx.HTTPError as e:
        raise InputError(f"could not fetch: {type(e).__name__}: {e}", file=url) from None


def _format_of_url(url: str, data: bytes, ctype: str | None) -> str:
    if data.lstrip()[:5] == b"%PDF-" or ctype == "application/pdf":
        return "pdf"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype == "text/plain":
        return "txt"
    ext = Path(urlparse(url).path).suffix.lower()
    fmt = _sniff_format(data, ext)
    if fmt is None:
        raise InputError(f"unsupported content type {ctype or 'unknown'}", file=url)
    return fmt


def _heading_title(paras: list[str]) -> str | None:
    if paras and len(paras[0].split()) <= 20 and not re.search(r"[.!?;:,]$", paras[0]):
        return paras[0]
    return None


def read_document(origin: str, options: IngestOptions | None = None) -> Document:
    """Read and clean one file or URL. Raises InputError; never touches the database."""
    options = (options or IngestOptions()).checked()
    origin = str(origin)
    url = is_url(origin)
    declared = None
    if url:
        data, ctype, declared = _fetch(origin, options)
        name = origin
        if not data.strip():
            raise InputError("empty document", file=name)
        fmt = _format_of_url(origin, data, ctype)
        stem = Path(urlparse(origin).path).stem or urlparse(origin).hostname
    else:
        path = Path(origin)
        name = origin
        if not path.exists():
            raise InputError("no such file", file=name)
        if path.is_dir():
            raise InputError("is a folder (use ingest_many)", file=name)
        size = path.stat().st_size
        if size == 0:
            raise InputError("empty file", file=name)
        if size > options.max_bytes:
            raise InputError(f"too large: {size} bytes (limit {options.max_bytes}; set FORCECHECK_MAX_DOCUMENT_BYTES or --max-bytes)", file=name)
        data = path.read_bytes()
        ext = path.suffix.lower()
        fmt = _sniff_format(data, ext)
        if fmt is None:
            if _binary_offset(data) is not None:
                raise InputError("binary data, not a text, HTML or PDF document", file=name)
            raise InputError(f"unsupported file type {ext or '(no extension)'}: expected {', '.join(sorted(SUPPORTED_EXTS))}", file=name)
        stem = path.stem
    meta: dict[str, Any] = {"format": fmt}
    if fmt == "pdf":
        paras, pdf_meta = read_pdf(data, name=name)
        cleaned = clean_paragraphs(paras, meta=pdf_meta)
    else:
        text, enc = decode_text(data, name=name, encoding=options.encoding, declared=declared, html=fmt == "html")
        meta["encoding"] = enc
        if not text.strip():
            raise InputError("empty document (only whitespace)", file=name)
        if fmt == "txt" and re.match(r"\s*(<!doctype html|<html)", text, re.IGNORECASE):
            fmt = meta["format"] = "html"
        cleaned = clean_html(text, url=origin if url else None) if fmt == "html" else clean_text(text)
    if not cleaned.text.strip():
        raise InputError("no article text left after cleaning", file=name)
    m = cleaned.meta
    for key in ("author", "pages", "sitename", "hostname", "description"):
        if m.get(key):
            meta[key] = m[key]
    title = options.title or m.get("title") or _heading_title(cleaned.paragraphs) or stem
    publisher = options.publisher or m.get("sitename") or (urlparse(origin).hostname if url else None)
    published = options.date
    if not published and m.get("date"):
        try:
            published = normalize_date(str(m["date"])[:10])
        except ValueError:
            published = None
    language = options.lang or detect_language(cleaned.text)
    meta["dropped"] = [d.as_dict() for d in cleaned.dropped]
    return Document(origin=origin, is_url=url, format=fmt, cleaned=cleaned, title=title, publisher=publisher,
                    published_date=published, language=language, content_hash=content_hash(normalized_for_hash(cleaned.text)),
                    meta=meta)


# --------------------------------------------------------------------------- storing


def _extractor_version() -> str:
    try:
        from ..extract import pipeline

        return str(getattr(pipeline, "VERSION", None) or __version__)
    except ImportError:
        return __version__


def claim_id_for(source_id: str, span: tuple[int, int] | list[int], ctype: str) -> str:
    return make_id("claim-doc", source_id, int(span[0]), int(span[1]), ctype)


def claim_dict(claim: Claim) -> dict[str, Any]:
    """A stored document claim in the ``ingest --json`` shape, with its id and status."""
    return {"id": claim.id, "status": claim.status, **(claim.payload or {})}


def source_dict(src: Source) -> dict[str, Any]:
    return {
        "id": src.id, "kind": src.kind, "title": src.title, "publisher": src.publisher,
        "published_date": src.published_date, "language": src.language, "url": src.url, "path": src.path,
        "content_hash": src.content_hash, "restricted": src.restricted, "chars": len(src.text or ""),
    }


def _stored_result(session: Any, src: Source, origin: str) -> IngestResult:
    claims = session.execute(
        select(Claim).join(Citation, Citation.claim_id == Claim.id).where(Citation.source_id == src.id)
        .order_by(Citation.span_start, Citation.span_end, Claim.kind)
    ).scalars().unique().all()
    dropped = list((src.meta or {}).get("dropped", []))
    return IngestResult(source_dict(src), dropped, [claim_dict(c) for c in claims], already_ingested=True, origin=origin)


def find_source(session: Any, doc_hash: str) -> Source | None:
    return session.execute(select(Source).where(Source.content_hash == doc_hash).order_by(Source.id).limit(1)).scalars().first()


def store_document(store: Any, doc: Document, proposed: list[Any], options: IngestOptions) -> IngestResult:
    """Write the Source, one proposed Claim per ProposedClaim and its Citation, in one transaction."""
    sid = doc.source_id
    version = _extractor_version()
    with store.transaction() as session:
        existing = find_source(session, doc.content_hash)
        if existing is not None:  # another process got there first
            return _stored_result(session, existing, doc.origin)
        w = Writer(session)
        w.put(Source, id=sid, kind="article", title=doc.title, publisher=doc.publisher, published_date=doc.published_date,
              url=doc.origin if doc.is_url else None, language=doc.language, content_hash=doc.content_hash,
              restricted=bool(options.restricted), path=doc.origin, text=doc.text, meta=doc.meta)
        session.flush()
        claims, cites = [], []
        for pc in proposed:
            payload = pc.as_dict()
            cid = claim_id_for(sid, pc.span, pc.type)
            claims.append({"id": cid, "kind": pc.type, "status": "proposed", "confidence": pc.confidence,
                           "payload": payload, "made_by": f"extract:{version}"})
            cites.append({"id": make_id("cit", cid, sid, pc.span[0], pc.span[1]), "claim_id": cid, "source_id": sid,
                          "span_start": int(pc.span[0]), "span_end": int(pc.span[1]), "quote": (pc.sentence or "").strip(),
                          "accessed_on": date.today().isoformat() if doc.is_url else None})
        w.put_many(Claim, claims)
        session.flush()
        w.put_many(Citation, cites)
        session.flush()
        src = session.get(Source, sid)
        stored = {c["id"]: c for c in claims}
        out_claims = [{"id": cid, "status": "proposed", **c["payload"]} for cid, c in stored.items()]
        return IngestResult(source_dict(src), list(doc.meta["dropped"]), out_claims, already_ingested=False, origin=doc.origin)


def extract(doc: Document, session: Any = None) -> list[Any]:
    """Proposed claims of a document (the extraction engineer's pipeline, imported lazily)."""
    from ..extract.pipeline import extract_claims

    lang = doc.language if doc.language != UNKNOWN else "en"
    return extract_claims(doc.text, lang=lang, published=doc.published_date, session=session)


def ingest_document(store: Any, origin: str | Path, options: IngestOptions | None = None, progress: Progress = NULL) -> IngestResult:
    """Read, clean, extract and store one document (file path or http(s) URL).

    The same content twice is a no-op: the result then carries ``already_ingested`` and the
    claims already stored. Bad input raises InputError and writes nothing."""
    options = (options or IngestOptions()).checked()
    doc = read_document(str(origin), options)
    with store.read() as session:
        existing = find_source(session, doc.content_hash)
        if existing is not None:
            return _stored_result(session, existing, doc.origin)
        proposed = extract(doc, session) if options.extract else []
    return store_document(store, doc, proposed, options)


def collect(paths: Iterable[str | Path]) -> tuple[list[str], list[dict[str, str]]]:
    """Expand folders (recursively, supported extensions, hidden files skipped, name order)."""
    out: list[str] = []
    errors: list[dict[str, str]] = []
    for p in paths:
        p = str(p)
        if is_url(p):
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path)
                if f.is_file() and f.suffix.lower() in SUPPORTED_EXTS and not any(part.startswith(".") for part in rel.parts):
                    out.append(str(f))
        elif path.exists():
            out.append(p)
        else:
            errors.append({"path": p, "error": str(InputError("no such file or folder", file=p))})
    return out, errors


def ingest_many(store: Any, paths: Iterable[str | Path], options: IngestOptions | None = None, progress: Progress = NULL) -> BatchResult:
    """Ingest files, folders and URLs, one transaction per document; bad documents are
    reported in ``errors`` and do not stop the others."""
    options = (options or IngestOptions()).checked()
    origins, errors = collect(paths)
    batch = BatchResult(errors=errors)
    progress.start(len(origins), "ingest")
    for origin in origins:
        try:
            batch.results.append(ingest_document(store, origin, options))
        except InputError as e:
            batch.errors.append({"path": origin, "error": str(e)})
        progress.advance(1)
    return batch
