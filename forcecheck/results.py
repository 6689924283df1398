"""The output contract's shared parts: one :class:`Citation` type and the one rule of what a public view shows.

Every result a shell shows (screening results in :mod:`forcecheck.screen.result`, profiles in
:mod:`forcecheck.report.types`) is a tree of dataclasses that serialises to JSON with its
``to_dict()``; the REST API mirrors them. Before a result leaves the library for someone who may
not see personal data, the shell passes it through :func:`public_view`, which is the only place
that decides what a public view may show:

* **restricted sources**: a citation of a restricted source keeps only its id and the flag;
* **personal fields**: dataclass fields declared with :func:`personal` (birth dates, watchlist
  remarks, identifiers...) and the columns a model marks personal (``models.personal_columns``)
  in a :class:`Record`; hidden values are left out of ``to_dict()``;
* **personal wording**: explanation lines about birth dates (:data:`PERSONAL_WORDS`), in hits and
  in name matches (whose features about birth dates are dropped too);
* **unreviewed claims**: the machine payload of a claim (``Claim.payload``) is never part of a
  result; the FtM export leaves it out with :func:`hidden_columns`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from .match.types import Match

#: Explanation lines and feature names that speak about birth dates.
PERSONAL_WORDS = re.compile(r"birth|dob|nacimiento|born", re.I)
#: What a public view says of a restricted source instead of its title.
RESTRICTED_TITLE = "(restricted source)"
#: A name match's explanation line about birth dates, in a public view.
HIDDEN_BIRTH_DATE = "birth date compared (hidden; ask for personal data to see it)"


class _Hidden:
    """The value of a personal field in a public view (left out of ``to_dict()``)."""

    _instance: _Hidden | None = None

    def __new__(cls) -> _Hidden:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "HIDDEN"

    def __bool__(self) -> bool:
        return False


HIDDEN: Any = _Hidden()


def personal(default: Any = None) -> Any:
    """A dataclass field that holds personal data: hidden by :func:`public_view`."""
    return field(default=default, metadata={"personal": True})


def explanation_field() -> Any:
    """A list of explanation lines: those about birth dates are dropped by :func:`public_view`."""
    return field(default_factory=list, metadata={"explanation": True})


@dataclass
class Citation:
    """One citation of a fact: the source (id, title, publisher, date, kind, url), where in it (archive url,
    page, row, locator), the quoted words, the confidence of the claim it supports, and whether the source
    is restricted (then a public view keeps only ``source_id`` and ``restricted``)."""

    source_id: str
    title: str | None = None
    publisher: str | None = None
    published_date: str | None = None
    kind: str | None = None
    url: str | None = None
    archive_url: str | None = None
    page: str | None = None
    row: int | None = None
    locator: str | None = None
    accessed_on: str | None = None
    quote: str | None = None
    confidence: str | None = None
    restricted: bool = False

    def to_dict(self) -> dict[str, Any]:
        if self.restricted and self.title == RESTRICTED_TITLE:
            return {"source_id": self.source_id, "title": RESTRICTED_TITLE, "restricted": True}
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        if d["confidence"] is None:
            del d["confidence"]  # optional, as in pydantic's exclude_none for these two
        if not d["restricted"]:
            del d["restricted"]
        return d


def stored_citation(cit: Any, src: Any, *, confidence: str | None = None) -> Citation:
    """The result citation of a stored ``Citation`` row and its ``Source`` (``None`` when missing): the
    citation's own archive copy wins over the source's. Duck-typed, so this module needs no store import."""
    return Citation(
        source_id=cit.source_id,
        title=src.title if src else None,
        publisher=src.publisher if src else None,
        published_date=src.published_date if src else None,
        kind=src.kind if src else None,
        url=src.url if src else None,
        archive_url=cit.archive_url or (src.archive_url if src else None),
        page=cit.page,
        row=cit.row,
        locator=cit.locator,
        accessed_on=cit.accessed_on,
        quote=cit.quote,
        confidence=confidence,
        restricted=bool(src.restricted) if src else False,
    )


def source_citation(src: Any, *, locator: str | None = None) -> Citation:
    """A citation of a whole ``Source`` (a list entry's own source), at ``locator``."""
    return Citation(
        source_id=src.id,
        title=src.title,
        publisher=src.publisher,
        published_date=src.published_date,
        kind=src.kind,
        url=src.url,
        archive_url=src.archive_url,
        locator=locator,
        restricted=bool(src.restricted),
    )


@dataclass
class Record:
    """The columns of one row of ``table`` as they are (a profile's own fields); a public view drops the
    columns the model marks personal."""

    table: str
    values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.values)


def hidden_columns(table: str, *, public: bool) -> set[str]:
    """Columns of ``table`` a public output leaves out: personal columns, and the payload of claims
    (unreviewed machine output)."""
    if not public:
        return set()
    from .store.models import ENTITY_MODELS, personal_columns

    return personal_columns(ENTITY_MODELS[table]) | ({"payload"} if table == "claim" else set())


def public_match(match: Match) -> Match:
    """A name match without what it says about birth dates."""
    return replace(
        match,
        explanation=[HIDDEN_BIRTH_DATE if PERSONAL_WORDS.search(e) else e for e in match.explanation],
        features={k: v for k, v in (match.features or {}).items() if not PERSONAL_WORDS.search(k)},
    )


def public_view(result: Any, *, personal: bool = False) -> Any:
    """What a public view of ``result`` may show (see the module's docstring); ``personal=True`` returns it
    unchanged. Works on any result of the contract (dataclasses, lists and dicts of them); never changes
    its argument."""
    if personal:
        return result
    return _redact(result)


def _redact(obj: Any) -> Any:
    if isinstance(obj, Citation):
        return Citation(source_id=obj.source_id, title=RESTRICTED_TITLE, restricted=True) if obj.restricted else obj
    if isinstance(obj, Match):
        return public_match(obj)
    if isinstance(obj, Record):
        hidden = hidden_columns(obj.table, public=True)
        return Record(obj.table, {k: _redact(v) for k, v in obj.values.items() if k not in hidden})
    if is_dataclass(obj) and not isinstance(obj, type):
        changes: dict[str, Any] = {}
        for f in fields(obj):
            if not f.init:
                continue
            value = getattr(obj, f.name)
            if f.metadata.get("personal"):
                changes[f.name] = HIDDEN
            elif f.metadata.get("explanation"):
                changes[f.name] = [line for line in value if not PERSONAL_WORDS.search(line)]
            else:
                changes[f.name] = _redact(value)
        return replace(obj, **changes)
    if isinstance(obj, list):
        return [_redact(x) for x in obj]
    if isinstance(obj, tuple):
        return tuple(_redact(x) for x in obj)
    if isinstance(obj, dict):
        return {k: _redact(v) for k, v in obj.items()}
    return obj


def to_json(obj: Any) -> Any:
    """A result as JSON-ready data: dataclasses by their ``to_dict()`` (or their fields), hidden values
    left out."""
    if hasattr(obj, "to_dict") and is_dataclass(obj):
        return to_json(obj.to_dict())
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in fields(obj) if getattr(obj, f.name) is not HIDDEN}
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items() if v is not HIDDEN}
    if isinstance(obj, (list, tuple)):
        return [to_json(x) for x in obj]
    return obj


__all__ = [
    "Citation",
    "HIDDEN",
    "PERSONAL_WORDS",
    "Record",
    "explanation_field",
    "hidden_columns",
    "personal",
    "public_match",
    "public_view",
    "to_json",
]
