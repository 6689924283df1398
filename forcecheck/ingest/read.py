"""Reading a document: bytes from a file or an http(s) URL, decoded, PDF text layers, HTML
main content, cleaned (``clean.py``), its language detected; a ``Document`` out, nothing stored.

Decisions:

* **Formats**: ``.txt``/``.text``/``.md`` (plain text), ``.html``/``.htm``/``.xhtml`` (HTML,
  through trafilatura), ``.pdf`` (pypdf text layer). The content wins over the name: a file
  starting with ``%PDF-`` is read as PDF, a text file that looks like HTML as HTML.
* **Encoding**: UTF-8, with or without a BOM; UTF-16 with a BOM; an encoding declared by the
  document itself (``<meta charset>`` of an HTML page, ``charset=`` of an HTTP response) or
  given with ``--encoding``. Anything else that is not valid UTF-8 is refused with the file
  name and the byte offset of the first invalid byte: guessing between cp1252, latin-1 and
  Mac Roman is not reliable, and a silently wrong guess corrupts names (``Treviño``).
  Lone surrogates (from a UTF-16 file with broken pairs) are refused the same way.
* **Size**: a document larger than the limit (``settings.max_document_bytes``, ``--max-bytes``)
  is refused from its size on disk or its Content-Length, before it is read or parsed.
* **Bad input** (missing, empty, binary, too large, broken PDF, PDF without a text layer,
  undecodable text, no article text left) raises ``InputError``.
* **Title**: ``--title``, else the page's metadata title, else the first short heading of the
  text, else the file name; a candidate that is page furniture ("Más información", "Skip to
  main content", "Related") is never taken.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .. import __version__
from ..dates import normalize as normalize_date
from ..errors import InputError
from ..ids import content_hash, make_id
from .clean import (
    Cleaned,
    clean_html,
    clean_paragraphs,
    clean_text,
    is_furniture,
    normalized_for_hash,
    split_paragraphs,
)
from .language import detect_language
from .options import HTML_EXTS, PDF_EXTS, SUPPORTED_EXTS, TEXT_EXTS, IngestOptions, is_url


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
    url: str | None = None  # the web address: the URL fetched, or the one given with --url

    @property
    def text(self) -> str:
        return self.cleaned.text

    @property
    def source_id(self) -> str:
        return make_id("doc", self.content_hash)


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


def decode_text(
    data: bytes, *, name: str, encoding: str | None = None, declared: str | None = None, html: bool = False
) -> tuple[str, str]:
    """Bytes -> (text, encoding used), or InputError naming the file and the byte offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise InputError(
                f"not UTF-8 after its byte-order mark: byte 0x{data[3 + e.start]:02x} at byte offset {3 + e.start}",
                file=name,
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(f"invalid UTF-16 at byte offset {e.start}", file=name) from None
    off = _binary_offset(data)
    if off is not None:
        raise InputError(
            f"binary data, not a text document (control byte 0x{data[off]:02x} at byte offset {off})", file=name
        )
    if encoding:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as e:
            raise InputError(
                f"not valid {encoding}: byte 0x{data[e.start]:02x} at byte offset {e.start}", file=name
            ) from None
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
        # a sentence end, or a short (last or heading) line
        if re.search(r"[.!?:”\"»)]$", line) or len(line) < 0.6 * widest:
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
        headers = {"User-Agent": f"forcecheck/{__version__}"}
        with httpx.Client(timeout=options.timeout, follow_redirects=True, headers=headers) as client:
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
    """The first paragraph when it reads as a heading (short, no sentence punctuation at its end)."""
    if paras and len(paras[0].split()) <= 20 and not re.search(r"[.!?;:,]$", paras[0]) and not is_furniture(paras[0]):
        return paras[0]
    return None


def choose_title(given: str | None, meta_title: str | None, paras: list[str], stem: str | None) -> str | None:
    """--title, else the metadata title, else the first heading, else the file name; never furniture."""
    if given:
        return given
    for cand in (meta_title, _heading_title(paras)):
        if cand and cand.strip() and not is_furniture(cand):
            return cand.strip()
    return stem


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
            raise InputError(
                f"too large: {size} bytes (limit {options.max_bytes}; set FORCECHECK_MAX_DOCUMENT_BYTES "
                "or --max-bytes)",
                file=name,
            )
        data = path.read_bytes()
        ext = path.suffix.lower()
        fmt = _sniff_format(data, ext)
        if fmt is None:
            if _binary_offset(data) is not None:
                raise InputError("binary data, not a text, HTML or PDF document", file=name)
            expected = ", ".join(sorted(SUPPORTED_EXTS))
            raise InputError(f"unsupported file type {ext or '(no extension)'}: expected {expected}", file=name)
        stem = path.stem
    web = origin if url else options.url  # the page's address: fetched, or saved from (--url)
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
        cleaned = clean_html(text, url=web) if fmt == "html" else clean_text(text)
    if not cleaned.text.strip():
        raise InputError("no article text left after cleaning", file=name)
    m = cleaned.meta
    for key in ("author", "pages", "sitename", "hostname", "description"):
        if m.get(key):
            meta[key] = m[key]
    title = choose_title(options.title, m.get("title"), cleaned.paragraphs, stem)
    publisher = options.publisher or m.get("sitename") or (urlparse(web).hostname if web else None)
    published = options.date
    if not published and m.get("date"):
        try:
            published = normalize_date(str(m["date"])[:10])
        except ValueError:
            published = None
    language = options.lang or detect_language(cleaned.text)
    meta["dropped"] = [d.as_dict() for d in cleaned.dropped]
    return Document(
        origin=origin,
        is_url=url,
        format=fmt,
        cleaned=cleaned,
        title=title,
        publisher=publisher,
        published_date=published,
        language=language,
        content_hash=content_hash(normalized_for_hash(cleaned.text)),
        meta=meta,
        url=web,
    )
