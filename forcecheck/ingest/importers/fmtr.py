"""``forcecheck import fmtr FILE``: the US Foreign Military Training Report (Mexico rows).

The file is Security Force Monitor's plain TSV extraction (no quoting, one header row, the
columns in ``COLUMNS``). Every data row becomes one ``Assistance`` (kind ``training``,
donor ``US``) with its own accepted, high-confidence ``Claim`` and a ``Citation`` (page and
file row) to one ``Source`` per report year.

Ids: the row's content plus an occurrence counter (the report prints one line per trainee,
so identical rows are real and each becomes its own record), never the line number alone:
re-importing the same file finds its rows again, and so does a copy with rows moved.

Recipients: ``recipient_text`` keeps the printed cell verbatim. It is linked to a unit
only when it resolves unambiguously:

* to an institution of ``vocab/institutions.csv`` (SEMAR, SEDENA, Navy, Federal Police...,
  matched by normalised name or alias, case, accent and spacing-insensitive) -> level
  ``ministry``. A trailing bare number is ignored for this lookup only (``SEMAR 1250``:
  the FY2009-10 extraction glued the cost to the recipient cell; the text is kept as is).
  The importer creates those institution units itself (``is_ministry=True``), idempotently,
  and never overwrites one that already exists (e.g. SFM's Secretaría de la Defensa
  Nacional, which institutions.csv maps by its SFM id);
* otherwise to exactly one existing unit whose name or alias matches -> level ``unit``
  (``ministry`` if that unit is an institution);
* otherwise ``unresolved`` (blank cell: ``none``).

Components named after a ministry ("SEMAR SOF", "SEDENA PMM", "SEDENA / SEMAR") are *not*
the ministry: they stay unresolved (no placeholder unit is invented), with the text kept
for a researcher to link later.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import vocab
from ...errors import InputError
from ...ids import make_id
from ...match.normalize import norm
from ...progress import Progress
from ...store import Writer
from ...store.models import Assistance, Citation, Claim, Name, Source, Unit, UnitRelation
from .tabular import Field, iter_rows

KIND = "fmtr"
DESCRIPTION = "US Foreign Military Training Report rows (SFM fmtrpt_data TSV): one training record per row"

COLUMNS = [
    "report_fiscal_year",
    "program",
    "course_title",
    "us_unit",
    "recipient_unit",
    "location",
    "quantity",
    "total_cost_usd",
    "start_date",
    "end_date",
    "page_number",
    "source_title",
]
MADE_BY = "import:fmtr"
PUBLISHER = "US Department of State and Department of Defense"
REPORT_TITLE = "Foreign Military Training and DoD Engagement Activities of Interest"
INSTITUTIONS_SOURCE_ID = "src-vocab-institutions"
_REPORT_YEAR = re.compile(r"^\d{4}-\d{4}$")
_TRAILING_NUMBER = re.compile(r"\s+\d+$")


@dataclass
class Row:
    rowno: int
    key: tuple[str, ...]
    occurrence: int
    report_year: str
    program: str | None
    course: str | None
    us_unit: str | None
    recipient: str | None
    location: str | None
    quantity: int | None
    amount: Decimal | None
    start: str | None
    end: str | None
    page: str | None
    source_title: str


@dataclass
class Parsed:
    path: str
    rows: list[Row] = field(default_factory=list)


# ------------------------------------------------------------------ vocabulary lookups


@lru_cache(maxsize=4096)
def funding_code(program: str | None) -> str | None:
    """The vocab funding_programs code whose ``patterns`` match the program heading.

    Patterns match at word starts of the normalised text; short all-capital patterns (IMET,
    CN, PME) must be whole words. The first vocabulary row with a matching pattern wins: the
    specific programs come before the generic DOD_OTHER row, so 'Section 333 - ... Department
    of Defense Training' is S333.
    """
    if not program:
        return None
    text = f" {norm(program)} "
    for row in vocab.load("funding_programs"):
        for pat in vocab.terms(row["patterns"]):
            p = norm(pat)
            if not p:
                continue
            whole = pat.isupper() and len(pat) <= 5
            if re.search(r"(?<![a-z0-9])" + re.escape(p) + (r"(?![a-z0-9])" if whole else ""), text):
                return row["code"]
    return None


def institution_unit_id(row: dict[str, Any]) -> str:
    return f"sfm-unit-{row['sfm_unit_id']}" if row.get("sfm_unit_id") else make_id("unit-inst", row["code"])


def institution_names(row: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(name, kind, lang) of one institution: Spanish primary, English alias, then aliases."""
    out = [(row["name_es"], "primary", "es"), (row["name_en"], "alias", "en")]
    for a in vocab.terms(row["aliases"]):
        kind = "abbreviation" if a.isupper() and " " not in a and len(a) <= 8 else "alias"
        out.append((a, kind, None))
    return out


def institution_index() -> dict[str, str]:
    """Normalised name or alias -> institution unit id (a name claimed twice is left out)."""
    seen: dict[str, set[str]] = {}
    for row in vocab.load("institutions"):
        uid = institution_unit_id(row)
        for name, _kind, _lang in institution_names(row):
            seen.setdefault(norm(name), set()).add(uid)
    return {k: next(iter(v)) for k, v in seen.items() if k and len(v) == 1}


def lookup_key(text: str) -> str:
    return _TRAILING_NUMBER.sub("", norm(text))


# ------------------------------------------------------------------ parse


def parse(path: Path, progress: Progress) -> Parsed:
    path = Path(path)
    out = Parsed(path=str(path))
    progress.start(None, f"reading {path.name}")
    seen: Counter[tuple[str, ...]] = Counter()
    for rowno, values in iter_rows(path, required=COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE):
        f = Field(path, rowno, values)
        year = f.text("report_fiscal_year", required=True)
        if not _REPORT_YEAR.match(year or ""):
            raise f.err("report_fiscal_year", f"not a report year like 2019-2020: {year!r}")
        key = tuple(values.get(c, "") for c in COLUMNS)
        seen[key] += 1
        amount = f.decimal("total_cost_usd")
        if amount is not None and amount < 0:
            raise f.err("total_cost_usd", f"negative cost: {amount}")
        quantity = f.int("quantity")
        if quantity is not None and quantity < 0:
            raise f.err("quantity", f"negative quantity: {quantity}")
        recipient = values.get("recipient_unit", "")
        out.rows.append(
            Row(
                rowno=rowno,
                key=key,
                occurrence=seen[key],
                report_year=year,
                program=f.text("program"),
                course=f.text("course_title"),
                us_unit=f.text("us_unit"),
                recipient=recipient if recipient.strip() else None,
                location=f.text("location"),
                quantity=quantity,
                amount=amount,
                start=f.date("start_date"),
                end=f.date("end_date"),
                page=f.text("page_number"),
                source_title=f.text("source_title", required=True),
            )
        )
        progress.advance(1)
    if not out.rows:
        raise InputError("has a header but no data rows", file=str(path))
    return out


# ------------------------------------------------------------------ write


def _ensure_institutions(session: Session, writer: Writer) -> None:
    """Create the institution units of vocab/institutions.csv that do not exist yet."""
    rows = vocab.load("institutions")
    ids = {institution_unit_id(r): r for r in rows}
    existing = set(session.scalars(select(Unit.id).where(Unit.id.in_(list(ids)))))
    existing_names: dict[str, set[str]] = {}
    for uid, name in session.execute(select(Name.unit_id, Name.name).where(Name.unit_id.in_(list(ids)))):
        existing_names.setdefault(uid, set()).add(norm(name))
    writer.put(
        Source,
        id=INSTITUTIONS_SOURCE_ID,
        kind="dataset",
        title="forcecheck list of Mexican security institutions (forcecheck/vocab/institutions.csv)",
        publisher="forcecheck",
        language="es",
        country="mx",
    )
    claims, cites, units, names, relations = [], [], [], [], []
    for n, (uid, r) in enumerate(ids.items(), start=2):
        claim_id = make_id("claim-inst", uid)
        claims.append(
            dict(
                id=claim_id,
                kind="unit",
                status="accepted",
                confidence="high",
                made_by=MADE_BY,
                subject_table="unit",
                subject_id=uid,
                note=r.get("note") or None,
            )
        )
        cites.append(
            dict(
                id=make_id("cit", claim_id, INSTITUTIONS_SOURCE_ID),
                claim_id=claim_id,
                source_id=INSTITUTIONS_SOURCE_ID,
                row=n,
                locator=r["code"],
            )
        )
        if uid not in existing:
            units.append(
                dict(
                    id=uid,
                    name=r["name_es"],
                    classification=vocab.check("unit_classifications", r["classification"]),
                    government_level=r["government_level"] or None,
                    country="mx",
                    is_ministry=bool(r["is_ministry"]),
                    claim_id=claim_id,
                )
            )
        have = existing_names.get(uid, set())
        for name, kind, lang in institution_names(r):
            if uid in existing and norm(name) in have:
                continue  # the unit was imported from elsewhere and already carries this name
            names.append(
                dict(
                    id=make_id("name", uid, kind, name), unit_id=uid, name=name, kind=kind, lang=lang, claim_id=claim_id
                )
            )
        if r.get("parent"):
            parent = next(p for p in rows if p["code"] == r["parent"])
            rel_id = make_id("rel-inst", uid, institution_unit_id(parent))
            rel_claim = make_id("claim-inst", rel_id)
            claims.append(
                dict(
                    id=rel_claim,
                    kind="unit_relation",
                    status="accepted",
                    confidence="high",
                    made_by=MADE_BY,
                    subject_table="unit_relation",
                    subject_id=rel_id,
                )
            )
            cites.append(
                dict(
                    id=make_id("cit", rel_claim, INSTITUTIONS_SOURCE_ID),
                    claim_id=rel_claim,
                    source_id=INSTITUTIONS_SOURCE_ID,
                    row=n,
                    locator=r["code"],
                )
            )
            relations.append(
                dict(
                    id=rel_id,
                    unit_id=uid,
                    parent_id=institution_unit_id(parent),
                    relation="child-of",
                    relation_class="Command",
                    claim_id=rel_claim,
                )
            )
    writer.put_many(Claim, claims)
    writer.put_many(Unit, units)
    writer.put_many(Name, names)
    writer.put_many(UnitRelation, relations)
    writer.put_many(Citation, cites)


class RecipientResolver:
    """Resolve a printed recipient cell to (unit id, level), as the module docstring says."""

    def __init__(self, session: Session):
        self.institutions = institution_index()
        ministries = set(session.scalars(select(Unit.id).where(Unit.is_ministry.is_(True))))
        index: dict[str, set[str]] = {}
        for uid, name in session.execute(select(Unit.id, Unit.name)):
            index.setdefault(norm(name), set()).add(uid)
        for uid, name in session.execute(select(Name.unit_id, Name.name).where(Name.unit_id.is_not(None))):
            index.setdefault(norm(name), set()).add(uid)
        self.units = index
        self.ministries = ministries
        self._cache: dict[str, tuple[str | None, str]] = {}

    def __call__(self, text: str | None) -> tuple[str | None, str]:
        if text is None or not text.strip():
            return None, "none"
        if text not in self._cache:
            self._cache[text] = self._resolve(text)
        return self._cache[text]

    def _resolve(self, text: str) -> tuple[str | None, str]:
        key = norm(text)
        inst = self.institutions.get(key) or self.institutions.get(lookup_key(text))
        if inst:
            return inst, "ministry"
        hits = self.units.get(key, set())
        if len(hits) == 1:
            uid = next(iter(hits))
            return uid, "ministry" if uid in self.ministries else "unit"
        return None, "unresolved"


def write(session: Session, writer: Writer, parsed: Parsed, progress: Progress) -> int:
    _ensure_institutions(session, writer)
    session.flush()
    resolve = RecipientResolver(session)

    sources: dict[tuple[str, str], str] = {}
    for r in parsed.rows:
        k = (r.report_year, r.source_title)
        if k not in sources:
            sources[k] = make_id("src-fmtr", *k)
    # The report's publishers are named only for rows that cite the report itself: a file whose
    # source_title is something else (e.g. illustrative examples) must not be attributed to them.
    writer.put_many(
        Source,
        [
            dict(
                id=sid,
                kind="report",
                title=title,
                publisher=PUBLISHER if title.startswith(REPORT_TITLE) else None,
                language="en",
                country="us",
                meta={"report_fiscal_year": year, "dataset": "Security Force Monitor fmtrpt_data"},
            )
            for (year, title), sid in sources.items()
        ],
    )

    progress.start(len(parsed.rows), "writing training records")
    chunk = 2000
    for i in range(0, len(parsed.rows), chunk):
        claims, assistance, cites = [], [], []
        for r in parsed.rows[i : i + chunk]:
            aid = make_id("fmtr", *r.key, r.occurrence)
            claim_id = make_id("claim-fmtr", aid)
            source_id = sources[(r.report_year, r.source_title)]
            unit_id, level = resolve(r.recipient)
            claims.append(
                dict(
                    id=claim_id,
                    kind="assistance",
                    status="accepted",
                    confidence="high",
                    made_by=MADE_BY,
                    first_date=r.start,
                    first_approx=r.start is None,
                    last_date=r.end,
                    last_approx=r.end is None,
                    subject_table="assistance",
                    subject_id=aid,
                )
            )
            assistance.append(
                dict(
                    id=aid,
                    kind="training",
                    donor="US",
                    program=r.program,
                    funding_authority=funding_code(r.program),
                    provider=r.us_unit,
                    recipient_text=r.recipient,
                    recipient_unit_id=unit_id,
                    recipient_level=level,
                    description=r.course,
                    quantity=r.quantity,
                    amount=r.amount,
                    currency="USD" if r.amount is not None else None,
                    start_date=r.start,
                    end_date=r.end,
                    place=r.location,
                    fiscal_year=r.report_year,
                    claim_id=claim_id,
                )
            )
            cites.append(
                dict(
                    id=make_id("cit", claim_id, source_id),
                    claim_id=claim_id,
                    source_id=source_id,
                    page=r.page,
                    row=r.rowno,
                )
            )
        writer.put_many(Claim, claims)
        writer.put_many(Assistance, assistance)
        writer.put_many(Citation, cites)
        progress.advance(len(claims))
    return len(parsed.rows)
