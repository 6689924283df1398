"""Renderers of the output contract: results in, rows and documents out (CSV, JSON, footnoted text).

Every shell uses these (the CLI draws the terminal pages with rich around them; the API and the
web app will serve the same JSON): a citation is formatted here and nowhere else, and a screening
result becomes CSV rows here. Each renderer takes ``personal`` and applies
:func:`forcecheck.results.public_view` first, so a public rendering never holds personal data.

* :func:`citation_line` (one line per citation, as in screening) and :func:`footnote_parts` (the
  numbered source list of a page); :class:`Footnotes` numbers each distinct citation once and marks
  a fact with ``[1,3-5]``;
* :func:`claim_dates`, :func:`claim_status`: a claim's dates and status in a few words;
* :func:`screening_json`, :data:`SCREENING_CSV_COLUMNS`, :func:`screening_rows`, :func:`write_screening_csv`;
* :func:`screening_text`: a screening result as plain text with numbered citations (footnotes).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from .. import vocab
from ..results import Citation, public_view, to_json
from ..screen.result import ScreeningResult

#: Citations shown per fact in a text rendering (all of them are in the JSON).
CITATIONS_SHOWN = 3


def _get(c: Citation | dict[str, Any], key: str) -> Any:
    return c.get(key) if isinstance(c, dict) else getattr(c, key, None)


def quoted(title: str) -> str:
    title = title.strip().strip('"\u201c\u201d').strip()
    return f"\u201c{title}\u201d"


def short(text: str, n: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def citation_line(c: Citation | dict[str, Any]) -> str:
    """One citation in one line: “title”, publisher, date, page, row, url (or 'restricted source')."""
    if _get(c, "restricted"):
        return "restricted source"
    bits = [quoted(_get(c, "title")) if _get(c, "title") else _get(c, "source_id")]
    bits += [x for x in (_get(c, "publisher"), _get(c, "published_date")) if x]
    if _get(c, "page"):
        bits.append(f"p. {_get(c, 'page')}")
    if _get(c, "row") is not None:
        bits.append(f"row {_get(c, 'row')}")
    if _get(c, "url") or _get(c, "archive_url"):
        bits.append(_get(c, "url") or _get(c, "archive_url"))
    return ", ".join(bits)


def citation_short(c: Citation | dict[str, Any]) -> str:
    """Title and url only (a CSV cell)."""
    if _get(c, "restricted"):
        return "restricted source"
    return " ".join(x for x in (_get(c, "title"), _get(c, "url") or _get(c, "archive_url")) if x)


def footnote_parts(c: Citation | dict[str, Any]) -> list[str]:
    """A page's numbered source, in parts (the first is the title) to be joined with '; '."""
    if _get(c, "restricted"):
        return ["(restricted source)"]
    parts = [_get(c, "title") or "(untitled)"]
    parts += [x for x in (_get(c, "publisher"), _get(c, "published_date")) if x]
    locator = _get(c, "locator")
    where = [
        f"p. {_get(c, 'page')}" if _get(c, "page") else None,
        f"row {_get(c, 'row')}" if _get(c, "row") else None,
        f"access point {locator}" if locator and _get(c, "kind") != "dataset" else locator,
    ]
    parts += [w for w in where if w]
    if _get(c, "url"):
        parts.append(_get(c, "url"))
    if _get(c, "archive_url") and _get(c, "archive_url") != _get(c, "url"):
        parts.append("archived " + _get(c, "archive_url"))
    if _get(c, "kind") == "note":
        parts.append("(a note by the data publisher, not an outside document)")
    return parts


class Footnotes:
    """Numbers each distinct citation once; ``mark(claim)`` gives '[1,2]' for a fact ('' without a claim,
    '(no citation)' for a claim without citations)."""

    NO_CITATION = "(no citation)"

    def __init__(self) -> None:
        self.keys: dict[tuple[Any, ...], int] = {}
        self.items: list[Citation | dict[str, Any]] = []

    def numbers(self, citations: Iterable[Citation | dict[str, Any]]) -> list[int]:
        nums = []
        for c in citations:
            key = (_get(c, "source_id"), _get(c, "page"), _get(c, "row"), _get(c, "locator"))
            if key not in self.keys:
                self.items.append(c)
                self.keys[key] = len(self.items)
            nums.append(self.keys[key])
        return sorted(set(nums))

    def mark(self, claim: dict[str, Any] | None) -> str:
        if not claim:
            return ""
        nums = self.numbers(claim.get("citations") or [])
        if not nums:
            return self.NO_CITATION
        runs: list[list[int]] = []
        for n in nums:
            if runs and n == runs[-1][1] + 1:
                runs[-1][1] = n
            else:
                runs.append([n, n])
        return "[" + ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs) + "]"

    def sources(self) -> list[tuple[int, list[str]]]:
        """(number, parts) of every source cited so far."""
        return [(n, footnote_parts(c)) for n, c in enumerate(self.items, start=1)]


def claim_dates(claim: dict[str, Any] | None) -> str:
    """'c. 2007-01-26 - ?', 'c. 2007-01-01 - ongoing', 'dates unknown'."""
    if not claim:
        return ""
    first, last = claim.get("first_date"), claim.get("last_date")
    if not first and not last:
        return "dates unknown"
    a = (("c. " if claim.get("first_approx") else "") + first) if first else "?"
    b = (("c. " if claim.get("last_approx") else "") + last) if last else "?"
    if claim.get("open_ended") == "Y":
        b = f"{b} ->" if last else "ongoing"
    return f"{a} - {b}"


def claim_status(claim: dict[str, Any] | None) -> str:
    """'accepted/low'."""
    if not claim:
        return ""
    return "/".join(x for x in (claim.get("status"), claim.get("confidence")) if x)


# --------------------------------------------------------------------------- screening


def severity_label(code: str, lang: str = "en", *, short_form: bool = True) -> str:
    row = vocab.by_code("screening_severities").get(code) or {}
    return row.get(f"short_{lang}" if short_form else f"label_{lang}") or code.upper()


def screening_json(results: ScreeningResult | list[ScreeningResult], *, personal: bool = False) -> Any:
    """One result as a dict, or a list of them, in their public view unless ``personal``."""
    if isinstance(results, ScreeningResult):
        return to_json(public_view(results, personal=personal))
    return [to_json(public_view(r, personal=personal)) for r in results]


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


SCREENING_CSV_COLUMNS = [
    "subject",
    "query_name",
    "query_kind",
    "outcome",
    "rank",
    "score",
    "quality",
    "hit_kind",
    "severity",
    "relation",
    "link",
    "certainty",
    "entity_type",
    "entity_id",
    "entity_name",
    "name_score",
    "incident_id",
    "incident_dates",
    "incident_place",
    "violations",
    "via_unit",
    "watchlist",
    "explanation",
    "against",
    "citations",
]


def screening_rows(results: Iterable[ScreeningResult], *, personal: bool = False) -> list[dict[str, Any]]:
    """One row per hit (rank 1..n); a subject without hits gets one row saying what was found (rank 0)."""
    rows: list[dict[str, Any]] = []
    for r in results:
        d = screening_json(r, personal=personal)
        q = d["query"]
        base = {
            "subject": q.get("subject", ""),
            "query_name": q["name"],
            "query_kind": q["kind"],
            "outcome": d["outcome"],
        }
        for rank, h in enumerate(d["hits"], start=1):
            inc = h.get("incident") or {}
            wl = h.get("watchlist") or {}
            dates = inc.get("start_date") or ""
            if inc.get("end_date") and inc.get("end_date") != inc.get("start_date"):
                dates += f"/{inc['end_date']}"
            cites = [citation_short(c) for f in h["facts"] for c in f["citations"]]
            rows.append(
                {
                    **base,
                    "rank": rank,
                    "score": h["score"],
                    "quality": h["quality"],
                    "hit_kind": h["kind"],
                    "severity": h["severity"],
                    "relation": h["relation"],
                    "link": h["link"],
                    "certainty": h["certainty_label"],
                    "entity_type": h["subject"]["type"],
                    "entity_id": h["subject"]["id"],
                    "entity_name": h["subject"]["name"],
                    "name_score": (h.get("match") or {}).get("score", ""),
                    "incident_id": inc.get("id", ""),
                    "incident_dates": dates,
                    "incident_place": inc.get("place") or "",
                    "violations": "; ".join(v["label"] for v in inc.get("violations", [])),
                    "via_unit": (h.get("via_unit") or {}).get("name", ""),
                    "watchlist": f"{wl['list_name']} {wl['entry_ref']}" if wl else "",
                    "explanation": " | ".join(h["explanation"]),
                    "against": " | ".join(h.get("against") or []),
                    "citations": " | ".join(dict.fromkeys(cites)),
                }
            )
        if not d["hits"]:
            found = d.get("found") or []
            rows.append(
                {
                    **base,
                    "rank": 0,
                    "hit_kind": "none",
                    "quality": found[0]["quality"] if found else "",
                    "entity_type": found[0]["entity_type"] if found else "",
                    "entity_id": found[0]["entity_id"] if found else "",
                    "entity_name": found[0]["name"] if found else "",
                    "explanation": d["summary"],
                }
            )
    return rows


def write_screening_csv(results: Iterable[ScreeningResult], fh: IO[str], *, personal: bool = False) -> None:
    w = csv.DictWriter(fh, fieldnames=SCREENING_CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in screening_rows(results, personal=personal):
        w.writerow(row)


def screening_text(result: ScreeningResult, *, personal: bool = False, top: int = 10) -> str:
    """A screening result as plain text: what was found, each hit with its reasons and the numbered
    citations of its facts, and the list of sources at the end."""
    d = screening_json(result, personal=personal)
    notes = Footnotes()
    q = d["query"]
    lines = [f"screening {q['name']!r} ({q['kind']}): {d['summary']}"]
    for c in d["candidates"]:
        lines.append(
            f"  candidate {c['entity_type']} {c['name']} ({c['quality']}, score {c['score']:.2f}): {c['reason']}"
        )
    for i, h in enumerate(d["hits"][:top], start=1):
        lines.append(
            f"#{i} {severity_label(h['severity'])} {h['quality']} match, score {h['score']:.2f}: {h['relation_label']} "
            f"({h['link']} link; {h['certainty_label']})"
        )
        lines += [f"   - {e}" for e in h["explanation"]]
        lines += [f"   - against: {a}" for a in h.get("against") or [] if f"against: {a}" not in h["explanation"]]
        for f in h["facts"]:
            lines.append(f"   [{f['kind']}] {f['summary']} {notes.mark({'citations': f['citations']})}")
    if notes.items:
        lines.append("Sources")
        lines += [f"  [{n}] " + "; ".join(parts) for n, parts in notes.sources()]
    return "\n".join(lines) + "\n"


__all__ = [
    "CITATIONS_SHOWN",
    "Footnotes",
    "SCREENING_CSV_COLUMNS",
    "citation_line",
    "citation_short",
    "claim_dates",
    "claim_status",
    "dumps",
    "footnote_parts",
    "quoted",
    "screening_json",
    "screening_rows",
    "screening_text",
    "severity_label",
    "short",
    "write_screening_csv",
]
