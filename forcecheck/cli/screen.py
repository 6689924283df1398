"""``forcecheck screen NAME`` and ``forcecheck screen --batch FILE.csv``: ranked, explained hits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape

from ..errors import InputError
from ..screen.result import ScreenResult
from ..screen.screen import Screener, check_query, read_batch, screen_batch
from .common import console, err_console, handle_errors, print_json, progress_bar, store_from

#: Citations shown per fact in the text output (all of them are in --json).
CITATIONS_SHOWN = 3

CSV_COLUMNS = [
    "subject", "query_name", "query_kind", "rank", "score", "hit_kind", "severity", "relation", "link", "certainty",
    "entity_type", "entity_id", "entity_name", "name_score", "incident_id", "incident_dates", "incident_place",
    "violations", "via_unit", "watchlist", "explanation", "citations",
]


def register(app: typer.Typer) -> None:
    @app.command("screen")
    def screen(
        ctx: typer.Context,
        name: Optional[str] = typer.Argument(None, help="The person's or unit's name, e.g. \"Gral. Amado Flores Morales\"."),
        kind: str = typer.Option("person", "--kind", "-k", help="person, unit or organization (watchlists only)."),
        dob: Optional[str] = typer.Option(None, "--dob", help="Birth date (YYYY, YYYY-MM or YYYY-MM-DD); used for scoring, never printed without --personal."),
        unit: Optional[str] = typer.Option(None, "--unit", help="The unit the person is nominated from (corroborates postings)."),
        country: Optional[str] = typer.Option(None, "--country", help="Country (e.g. mx)."),
        batch: Optional[Path] = typer.Option(None, "--batch", help="Screen every row of a CSV (columns name, kind, dob, unit, country; id/subject echoed)."),
        as_json: bool = typer.Option(False, "--json", help="Print (or write) JSON."),
        out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the results here (.csv: one row per hit; otherwise JSON)."),
        personal: bool = typer.Option(False, "--personal", help="Include personal data (birth dates, watchlist remarks, restricted sources)."),
        threshold: Optional[float] = typer.Option(None, "--threshold", min=0.0, max=1.0, help="Walk candidates scoring at least this (default: the matcher's threshold)."),
        top: int = typer.Option(10, "--top", min=1, help="Hits shown per subject in the text output."),
    ) -> None:
        """Screen a person or unit (or a batch) against the evidence base and the watchlists.
        Hits are ranked (name score x severity x certainty) and explain themselves: which names
        matched how, which incident, which posting, recorded or inferred link, and the citations."""
        with handle_errors():
            if batch is None and name is None:
                raise InputError("give a NAME to screen or --batch FILE.csv", field="name")
            if batch is not None and name is not None:
                raise InputError("give either a NAME or --batch FILE.csv, not both", field="name")
            rows = read_batch(batch) if batch is not None else None
            if rows is None:
                check_query(name, kind, dob)  # before anything is opened or indexed
            store = store_from(ctx)
            with store.read() as session:
                if rows is not None:
                    with progress_bar() as progress:
                        results = screen_batch(session, rows, progress=progress, threshold=threshold, file=str(batch))
                else:
                    results = [Screener(session).screen(name or "", kind=kind, dob=dob, unit=unit, country=country, threshold=threshold)]
                payload = [r.as_dict(personal=personal) for r in results]
                if out is not None:
                    _write(out, results, payload, personal)
                    err_console.print(f"screened {len(results)} subject(s), {sum(len(r.hits) for r in results)} hit(s): written to {out}")
                    return
                if as_json:
                    print_json(payload if rows is not None else payload[0])
                    return
                for r in results:
                    _print_result(r, personal=personal, top=top)


def _write(path: Path, results: list[ScreenResult], payload: list[dict[str, Any]], personal: bool) -> None:
    if path.suffix.lower() == ".csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r, d in zip(results, payload):
            for rank, h in enumerate(d["hits"], start=1):
                inc = h.get("incident") or {}
                wl = h.get("watchlist") or {}
                dates = inc.get("start_date") or ""
                if inc.get("end_date") and inc.get("end_date") != inc.get("start_date"):
                    dates += f"/{inc['end_date']}"
                cites = []
                for f in h["facts"]:
                    for c in f["citations"]:
                        cites.append("restricted source" if c.get("restricted") else " ".join(x for x in (c.get("title"), c.get("url") or c.get("archive_url")) if x))
                w.writerow({
                    "subject": d["query"].get("subject", ""), "query_name": d["query"]["name"], "query_kind": d["query"]["kind"],
                    "rank": rank, "score": h["score"], "hit_kind": h["kind"], "severity": h["severity"], "relation": h["relation"],
                    "link": h["link"], "certainty": h["certainty_label"], "entity_type": h["subject"]["type"],
                    "entity_id": h["subject"]["id"], "entity_name": h["subject"]["name"],
                    "name_score": (h.get("match") or {}).get("score", ""), "incident_id": inc.get("id", ""),
                    "incident_dates": dates, "incident_place": inc.get("place") or "",
                    "violations": "; ".join(v["label"] for v in inc.get("violations", [])),
                    "via_unit": (h.get("via_unit") or {}).get("name", ""),
                    "watchlist": f"{wl['list_name']} {wl['entry_ref']}" if wl else "",
                    "explanation": " | ".join(h["explanation"]), "citations": " | ".join(dict.fromkeys(cites)),
                })
            if not d["hits"]:
                w.writerow({"subject": d["query"].get("subject", ""), "query_name": d["query"]["name"], "query_kind": d["query"]["kind"], "rank": 0, "hit_kind": "none"})
        path.write_text(buf.getvalue(), encoding="utf-8")
    else:
        path.write_text(json.dumps(payload if len(payload) != 1 else payload[0], ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


_SEVERITY_STYLE = {"gvhr": "bold white on red", "watchlist": "bold black on yellow", "other_abuse": "bold yellow", "derogatory": "yellow"}
_SEVERITY_LABEL = {"gvhr": "GVHR", "watchlist": "WATCHLIST", "other_abuse": "ABUSE", "derogatory": "DEROGATORY"}


def _print_result(r: ScreenResult, *, personal: bool, top: int) -> None:
    q = r.query
    head = f"[bold]screening[/] {escape(repr(q['name']))} ({q['kind']})"
    if q.get("subject"):
        head = f"[bold]{escape(str(q['subject']))}[/]: " + head
    extras = [f"{k} {escape(str(q[k]))}" for k in ("unit", "country") if q.get(k)]
    if q.get("dob"):
        extras.append(f"dob {q['dob']}" if personal else "dob given (hidden)")
    if extras:
        head += " [dim]" + ", ".join(extras) + "[/]"
    console.print()
    console.print(head + f" - [bold]{len(r.hits)}[/] hit(s)")
    walked = [c for c in r.candidates if c.walked]
    near = [c for c in r.candidates if not c.walked][:3]
    for c in walked:
        console.print(f"  matched {c.entity_type} [bold]{escape(c.name)}[/] via name {escape(repr(c.matched_name))}: score {c.match.score:.2f}")
    if near:
        console.print("  [dim]near misses (below the threshold): " + "; ".join(f"{escape(c.name)} {c.match.score:.2f}" for c in near) + "[/]")
    if not walked:
        console.print("  [green]no candidate matched; nothing found[/]")
    for i, h in enumerate(r.hits[:top], start=1):
        d = h.as_dict(personal)
        sev = f"[{_SEVERITY_STYLE[h.severity]}] {_SEVERITY_LABEL[h.severity]} [/]"
        if h.kind == "watchlist":
            wl = d["watchlist"]
            title = f"{wl['list_name']} entry {wl['entry_ref']}" + (f" ({', '.join(wl['programs'])})" if wl["programs"] else "")
        else:
            title = next((e.removeprefix("incident: ") for e in h.explanation if e.startswith("incident: ")), (h.incident or {}).get("id", ""))
        console.print(f"\n  [bold]#{i}[/] {sev} score {h.score:.2f}  {escape(title)}")
        link = "[bold magenta]INFERRED link[/]" if h.inferred else "recorded link"
        console.print(f"     {escape(h.relation_label)} - {link}; {escape(h.certainty_label)}")
        console.print("     [underline]why[/]")
        for line in d["explanation"]:
            if line.startswith(("incident: ", "relation: ")):
                continue  # already in the heading
            console.print(f"       - {escape(line)}")
        if d["match"]:
            for line in d["match"]["explanation"]:
                console.print(f"         [dim]name: {escape(line)}[/]")
        for line in h.other_paths:
            console.print(f"       - also: {escape(line)}")
        console.print("     [underline]evidence[/]")
        for f in d["facts"]:
            console.print(f"       {escape('[' + f['kind'] + ']')} {escape(f['summary'])}" + (f" [dim]({escape(f['dates'])})[/]" if f.get("dates") else ""))
            cites = f["citations"]
            for c in cites[:CITATIONS_SHOWN]:
                if c.get("restricted"):
                    console.print("         * restricted source")
                    continue
                bits = [_quoted(c["title"]) if c.get("title") else c["source_id"]]
                bits += [x for x in (c.get("publisher"), c.get("published_date")) if x]
                if c.get("page"):
                    bits.append(f"p. {c['page']}")
                if c.get("row") is not None:
                    bits.append(f"row {c['row']}")
                if c.get("url") or c.get("archive_url"):
                    bits.append(c.get("url") or c.get("archive_url"))
                console.print(f"         * {escape(', '.join(bits))}")
                if c.get("quote"):
                    console.print(f"           [italic]{escape(_short(c['quote']))}[/]")
            if len(cites) > CITATIONS_SHOWN:
                console.print(f"         [dim]... and {len(cites) - CITATIONS_SHOWN} more citation(s) (--json shows all)[/]")
            if not cites:
                console.print("         [dim](no citation recorded)[/]")
    if len(r.hits) > top:
        console.print(f"\n  [dim]{len(r.hits) - top} more hit(s) not shown (--top N, or --json)[/]")


def _quoted(title: str) -> str:
    title = title.strip().strip('"\u201c\u201d').strip()
    return f"\u201c{title}\u201d"


def _short(text: str, n: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


__all__ = ["register"]
