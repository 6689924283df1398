"""Ingesting documents: read a file or URL (``read.py``), extract proposed claims
(``forcecheck.extract``), store them as one Source with its Claims and Citations
(``store_document.py``).

``ingest_document(store, path_or_url, options, progress)`` does one document in one
transaction; ``ingest_many`` expands folders and runs one transaction per document. The CLI
(``forcecheck ingest``) and the API call these, nothing else.

Decisions:

* **One document, one error boundary**: bad input raises ``InputError`` before anything is
  written; anything the extractor raises on a document becomes an ``ExtractionError`` for that
  document (file and reason), and nothing of it is written (the Source is stored only with its
  claims, in one transaction). ``ingest_many`` reports both in ``errors`` and goes on with the
  other documents; the CLI then exits with status 2.
* **Folders**: every supported file below the folder (recursively, hidden files skipped),
  in name order.
* **Re-ingesting**: the same content (from any path, URL or format) is found by its hash and
  nothing is written; a web address given now (``--url``) is recorded when none was.
* **Progress**: ``progress`` counts documents; the extraction of a long document shows its own
  bar (characters read) when the progress can nest (``forcecheck.progress.child``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ForcecheckError, InputError
from ..progress import NULL, Progress, child
from .language import UNKNOWN
from .options import SUPPORTED_EXTS, IngestOptions, is_url
from .read import Document, decode_text, read_document, read_pdf
from .store_document import (
    BatchResult,
    IngestResult,
    claim_dict,
    claim_id_for,
    find_source,
    record_url,
    source_dict,
    store_document,
    stored_result,
)

__all__ = [
    "BatchResult",
    "Document",
    "ExtractionError",
    "IngestOptions",
    "IngestResult",
    "claim_dict",
    "claim_id_for",
    "collect",
    "decode_text",
    "default_max_bytes",
    "extract",
    "find_source",
    "ingest_document",
    "ingest_many",
    "is_url",
    "read_document",
    "read_pdf",
    "source_dict",
    "store_document",
]

log = logging.getLogger(__name__)


class ExtractionError(ForcecheckError):
    """The extractor failed on one document: names the file and the reason (the exception)."""

    def __init__(self, origin: str, exc: BaseException):
        self.file, self.reason = origin, f"extraction failed: {type(exc).__name__}: {exc}"
        super().__init__(f"{origin}: {self.reason}")


def default_max_bytes() -> int:
    from .. import settings

    return settings.max_document_bytes()


def extract(doc: Document, session: Any = None, progress: Progress = NULL) -> list[Any]:
    """Proposed claims of a document (the extraction pipeline, imported lazily)."""
    from ..extract.pipeline import extract_claims

    lang = doc.language if doc.language != UNKNOWN else "en"
    return extract_claims(doc.text, lang=lang, published=doc.published_date, session=session, progress=progress)


def ingest_document(
    store: Any, origin: str | Path, options: IngestOptions | None = None, progress: Progress = NULL
) -> IngestResult:
    """Read, clean, extract and store one document (file path or http(s) URL).

    The same content twice is a no-op: the result then carries ``already_ingested`` and the
    claims already stored. Bad input raises InputError, a failing extractor ExtractionError;
    neither writes anything."""
    options = (options or IngestOptions()).checked()
    try:
        doc = read_document(str(origin), options)
    except (InputError, KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as e:  # noqa: BLE001 - a parser (trafilatura, lxml, pypdf) failing on this file
        log.debug("reading failed on %s", origin, exc_info=True)
        raise InputError(f"could not read: {type(e).__name__}: {e}", file=str(origin)) from e
    extractor = options.extractor or extract
    with store.read() as session:
        existing = find_source(session, doc.content_hash)
        if existing is not None:
            result = stored_result(session, existing, doc.origin)
        else:
            result = None
            try:
                proposed = extractor(doc, session, progress) if options.extract else []
            except (KeyboardInterrupt, SystemExit, MemoryError):
                raise
            except Exception as e:  # noqa: BLE001 - the error boundary of one document
                log.debug("extraction failed on %s", doc.origin, exc_info=True)
                raise ExtractionError(doc.origin, e) from e
    if result is not None:
        if doc.url and not result.source.get("url"):
            record_url(store, doc)
            result.source["url"] = doc.url
        return result
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
                hidden = any(part.startswith(".") for part in rel.parts)
                if f.is_file() and f.suffix.lower() in SUPPORTED_EXTS and not hidden:
                    out.append(str(f))
        elif path.exists():
            out.append(p)
        else:
            errors.append({"path": p, "error": str(InputError("no such file or folder", file=p)), "stage": "read"})
    return out, errors


def ingest_many(
    store: Any,
    paths: Iterable[str | Path],
    options: IngestOptions | None = None,
    progress: Progress = NULL,
    on_result: Any = None,
) -> BatchResult:
    """Ingest files, folders and URLs, one transaction per document; a document that fails
    (bad input, or any error of the extractor or the store on it) is reported in ``errors``
    with its file and reason, and the others go on. ``on_result(result_or_error)`` is called
    after each document (a shell prints as it goes)."""
    options = (options or IngestOptions()).checked()
    origins, errors = collect(paths)
    if options.url and len(origins) != 1:
        raise InputError(f"--url names the address of one file, not of {len(origins)} documents", field="url")
    batch = BatchResult(errors=errors)
    progress.start(len(origins), "ingest")
    for origin in origins:
        try:
            item: Any = ingest_document(store, origin, options, child(progress))
            batch.results.append(item)
        except InputError as e:
            item = {"path": origin, "error": str(e), "stage": "read"}
            batch.errors.append(item)
        except ExtractionError as e:
            item = {"path": origin, "error": str(e), "stage": "extract"}
            batch.errors.append(item)
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except Exception as e:  # noqa: BLE001 - e.g. the store refused the document: roll back, go on
            log.debug("storing failed on %s", origin, exc_info=True)
            item = {"path": origin, "error": f"{origin}: could not store: {type(e).__name__}: {e}", "stage": "store"}
            batch.errors.append(item)
        if on_result is not None:
            on_result(item)
        progress.advance(1)
    return batch
