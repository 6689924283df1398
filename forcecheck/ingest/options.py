"""What a user may say about the documents being ingested (``ingest`` options), checked once."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import settings
from ..dates import normalize as normalize_date
from ..errors import InputError
from .language import check_language

TEXT_EXTS = {".txt", ".text", ".md"}
HTML_EXTS = {".html", ".htm", ".xhtml"}
PDF_EXTS = {".pdf"}
SUPPORTED_EXTS = TEXT_EXTS | HTML_EXTS | PDF_EXTS


def is_url(value: str) -> bool:
    return bool(re.match(r"^https?://", str(value), re.IGNORECASE))


@dataclass
class IngestOptions:
    lang: str | None = None  # en / es: overrides detection
    publisher: str | None = None
    date: str | None = None  # publication date, partial ISO
    title: str | None = None
    restricted: bool = False
    encoding: str | None = None  # force a text encoding (e.g. cp1252)
    max_bytes: int = field(default_factory=settings.max_document_bytes)
    timeout: float = field(default_factory=settings.fetch_timeout)
    extract: bool = True  # False: store the source only (no claims)
    #: The web address a local file was saved from (``ingest FILE --url URL``): recorded as the
    #: Source's url, used for the page's metadata and as the publisher's fallback.
    url: str | None = None
    #: The hook that turns a read ``Document`` into proposed claims: ``extractor(doc, session,
    #: progress)``. None: the extraction pipeline (``documents.extract``). Tests and other
    #: extractors plug in here; whatever it raises is reported for that document only.
    extractor: Callable[..., list[Any]] | None = None

    def checked(self) -> IngestOptions:
        try:
            self.lang = check_language(self.lang)
        except ValueError as e:
            raise InputError(str(e), field="lang") from None
        try:
            self.date = normalize_date(self.date)
        except ValueError as e:
            raise InputError(str(e), field="date") from None
        if self.encoding:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise InputError(f"unknown encoding {self.encoding!r}", field="encoding") from None
        if self.url is not None:
            self.url = self.url.strip() or None
            if self.url and not is_url(self.url):
                raise InputError(f"not an http(s) address: {self.url!r}", field="url")
        if self.max_bytes <= 0:
            raise InputError(f"must be positive: {self.max_bytes}", field="max_bytes")
        return self
