"""``forcecheck screen NAME`` and ``forcecheck screen --batch FILE.csv``: ranked, explained hits."""

from __future__ import annotations

import io
from pathlib import Path

import typer
from rich.markup import escape

from .. import vocab
from ..errors import InputError
from ..report import render
from ..screen.result import ScreeningResult
from ..screen.screen import Screener, check_query, read_batch, screen_batch
from .common import console, err_console, handle_errors, print_json, progress_bar, store_from


def register(app: typer.Typer) -> None:
    @app.command("screen")
    def screen(
        ctx: typer.Context,
        name: str | None = typer.Argument(
            None, help="The person's or unit's name, e.g. \"Gral. Amado Flores Morales\"."
        ),
        kind: str = typer.Option("person", "--kind", "-k", help="person, unit or organization (watchlists only)."),
        dob: str | None = typer.Option(
            None,
            "--dob",
            help="Birth date (YYYY, YYYY-MM or YYYY-MM-DD); used for scoring, never printed without --personal.",
        ),
        unit: str | None = typer.Option(
            None, "--unit", help="The unit the person is nominated from (corroborates postings)."
        ),
        country: str | None = typer.Option(None, "--country", help="Country (e.g. mx)."),
        batch: Path | None = typer.Option(
            None,
            "--batch",
            help="Screen every row of a CSV (columns name, kind, dob, unit, country; id/subject echoed).",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print (or write) JSON."),
        out: Path | None = typer.Option(
            None, "--out", "-o", help="Write the results here (.csv: one row per hit; otherwise JSON)."
        ),
        personal: bool = typer.Option(
            False, "--personal", help="Include personal data (birth dates, watchlist remarks, restricted sources)."
        ),
        threshold: float | None = typer.Option(
            None,
            "--threshold",
            min=0.0,
            max=1.0,
            help="Walk candidates scoring at least this (default: the matcher's threshold).",
        ),
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
                    results = [
                        Screener(session).screen(
                            name or "", kind=kind, dob=dob, unit=unit, country=country, threshold=threshold
                        )
                    ]
                payload = render.screening_json(results, personal=personal)
                if out is not None:
                    _write(out, results, personal)
                    err_console.print(
                        f"screened {len(results)} subject(s), {sum(len(r.hits) for r in results)} hit(s): written to {out}"
                    )
                    return
                if as_json:
                    print_json(payload if rows is not None else payload[0])
                    return
                for r in results:
                    _print_result(r, personal=personal, top=top)


def _write(path: Path, results: list[ScreeningResult], personal: bool) -> None:
    if path.suffix.lower() == ".csv":
        buf = io.StringIO()
        render.write_screening_csv(results, buf, personal=personal)
        path.write_text(buf.getvalue(), encoding="utf-8")
    else:
        data = render.screening_json(results if len(results) != 1 else results[0], personal=personal)
        path.write_text(render.dumps(data), encoding="utf-8")


def _style(name: str, code: str) -> str:
    return (vocab.by_code(name).get(code) or {}).get("style") or "bold"


def _print_result(r: ScreeningResult, *, personal: bool, top: int) -> None:
    d = render.screening_json(r, personal=personal)
    q = d["query"]
    head = f"[bold]screening[/] {escape(repr(q['name']))} ({q['kind']})"
    if q.get("subject"):
        head = f"[bold]{escape(str(q['subject']))}[/]: " + head
    extras = [f"{k} {escape(str(q[k]))}" for k in ("unit", "country") if q.get(k)]
    if r.query.dob:
        extras.append(f"dob {q['dob']}" if personal else "dob given (hidden)")
    if extras:
        head += " [dim]" + ", ".join(extras) + "[/]"
    console.print()
    console.print(head + f" - [bold]{len(r.hits)}[/] hit(s)")
    walked = [c for c in d["candidates"] if c["walked"]]
    near = [c for c in d["candidates"] if not c["walked"]][:3]
    for c in walked:
        quality = f"[{_style('match_qualities', c['quality'])}]{c['quality']}[/]"
        console.print(
            f"  matched {c['entity_type']} [bold]{escape(c['name'])}[/] via name {escape(repr(c['matched_name']))}: "
            f"score {c['score']:.2f}, {quality} match"
        )
        if c["quality"] != "direct":
            console.print(f"    [yellow]{escape(c['reason'] or '')}[/]")
    if near:
        console.print(
            "  [dim]possible candidates, not walked: "
            + "; ".join(f"{escape(c['name'])} {c['score']:.2f} ({escape(c['reason'] or c['quality'])})" for c in near)
            + "[/]"
        )
    if d["outcome"] == "found":
        for f in d["found"]:
            console.print(
                f"  [green]found[/] {f['entity_type']} [bold]{escape(f['name'])}[/] in the evidence base: "
                f"[green]nothing derogatory is recorded[/]"
            )
            for line in f["record"]:
                console.print(f"    - {escape(line)}")
    elif not walked:
        console.print(
            "  [green]no candidate matched; nothing found[/] [dim](nobody of that name is in the evidence base "
            "or the watchlists" + (", only possible candidates listed above" if near else "") + ")[/]"
        )
    for i, (h, hd) in enumerate(zip(r.hits[:top], d["hits"], strict=False), start=1):
        sev = f"[{_style('screening_severities', h.severity)}] {escape(render.severity_label(h.severity))} [/]"
        if h.kind == "watchlist":
            wl = hd["watchlist"]
            title = f"{wl['list_name']} entry {wl['entry_ref']}" + (
                f" ({', '.join(wl['programs'])})" if wl["programs"] else ""
            )
        else:
            title = next(
                (e.removeprefix("incident: ") for e in h.explanation if e.startswith("incident: ")),
                (h.incident or {}).get("id", ""),
            )
        quality = f"[{_style('match_qualities', hd['quality'])}]{hd['quality']} match[/]"
        console.print(f"\n  [bold]#{i}[/] {sev} score {h.score:.2f} {quality}  {escape(title)}")
        link = "[bold magenta]INFERRED link[/]" if h.inferred else "recorded link"
        console.print(f"     {escape(h.relation_label)} - {link}; {escape(h.certainty_label)}")
        console.print("     [underline]why[/]")
        for line in hd["explanation"]:
            if line.startswith(("incident: ", "relation: ", "against: ")):
                continue  # already in the heading, or below
            console.print(f"       - {escape(line)}")
        if hd["match"]:
            for line in hd["match"]["explanation"]:
                console.print(f"         [dim]name: {escape(line)}[/]")
        for line in h.other_paths:
            console.print(f"       - also: {escape(line)}")
        if hd["against"]:
            console.print("     [underline]what speaks against it[/]")
            for line in hd["against"]:
                console.print(f"       - [yellow]{escape(line)}[/]")
        console.print("     [underline]evidence[/]")
        for f in hd["facts"]:
            console.print(
                f"       {escape('[' + f['kind'] + ']')} {escape(f['summary'])}"
                + (f" [dim]({escape(f['dates'])})[/]" if f.get("dates") else "")
            )
            cites = f["citations"]
            for c in cites[: render.CITATIONS_SHOWN]:
                console.print(f"         * {escape(render.citation_line(c))}")
                if c.get("quote") and not c.get("restricted"):
                    console.print(f"           [italic]{escape(render.short(c['quote']))}[/]")
            if len(cites) > render.CITATIONS_SHOWN:
                console.print(
                    f"         [dim]... and {len(cites) - render.CITATIONS_SHOWN} more citation(s) (--json shows all)[/]"
                )
            if not cites:
                console.print("         [dim](no citation recorded)[/]")
    if len(r.hits) > top:
        console.print(f"\n  [dim]{len(r.hits) - top} more hit(s) not shown (--top N, or --json)[/]")


__all__ = ["register"]
