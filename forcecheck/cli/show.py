"""``forcecheck show unit|person|incident NAME_OR_ID [--json] [--personal]``.

The profile comes from ``forcecheck.report.profiles``; this module only draws it. Every
fact is followed by footnote marks ``[n]`` that point into the numbered list of sources at
the end of the page (title, publisher, date, url, page/row/locator).
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .. import settings
from ..report import render
from ..report.profiles import profile_dict
from .common import handle_errors, print_json, store_from


def _console() -> Console:
    """A console per call: as wide as the terminal, or 160 columns when piped (no wrapped ids)."""
    width = settings.terminal_columns()
    if width is None and not sys.stdout.isatty():
        width = 160
    return Console(width=width, highlight=False)


class Notes:
    """Draws the footnote marks and the numbered sources of :class:`forcecheck.report.render.Footnotes`."""

    def __init__(self) -> None:
        self.notes = render.Footnotes()

    def mark(self, claim: dict[str, Any] | None) -> str:
        mark = self.notes.mark(claim)
        if mark == render.Footnotes.NO_CITATION:
            return f"[dim]{mark}[/]"
        return f"[cyan]{escape(mark)}[/]" if mark else ""

    def render(self, console: Console) -> None:
        sources = self.notes.sources()
        if not sources:
            return
        console.print()
        console.print("[bold]Sources[/]")
        for n, parts in sources:
            if parts == ["(restricted source)"]:
                console.print(f"  [cyan]\\[{n}][/] (restricted source)")
                continue
            shown = [f"[bold]{escape(parts[0])}[/]"] + [escape(x) for x in parts[1:]]
            console.print(f"  [cyan]\\[{n}][/] " + "; ".join(shown), soft_wrap=True)


_dates = render.claim_dates
_conf = render.claim_status


def _table(title: str, *columns: str) -> Table:
    t = Table(title=f"[bold]{title}[/]", title_justify="left", show_lines=False, expand=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    return t


def _kv(console: Console, notes: Notes, rows: list[tuple[str, Any]], claim: dict[str, Any] | None = None) -> None:
    for k, v in rows:
        if v in (None, "", []):
            continue
        console.print(f"  [bold]{k}:[/] {escape(str(v))}")


def _walked(console: Console, notes: Notes, title: str, note: str, rows: list[dict[str, Any]], *, subject: str) -> None:
    """Incidents the screening walk ties to the subject (inferred, through subordinates or postings), one block each."""
    if not rows:
        console.print(f"\n[bold]{title}[/]: none found")
        return
    console.print(f"\n[bold]{title}[/] [dim]({note})[/]")
    for e in rows:
        when = " - ".join(dict.fromkeys(x for x in (e.get("start_date"), e.get("end_date")) if x)) or "undated"
        gvhr = " [bold red]GVHR[/]" if e.get("is_gvhr") else ""
        link = "[yellow]INFERRED[/]" if e["link"] == "inferred" else "recorded"
        console.print(
            f"  [bold]{escape(when)}[/]  {escape(e.get('title') or e['incident_id'])}  {escape(e.get('place') or '')}"
            f"  {escape(e.get('status') or '')}{gvhr}  {notes.mark(e.get('claim'))}",
            soft_wrap=True,
        )
        lines = [f"link: {link}; {escape(e['relation_label'])}"]
        if subject == "person" and e.get("posting"):
            post = e["posting"]
            role = post.get("role") or ("commander" if post.get("is_commander") else "member")
            rank = f" ({post['rank']})" if post.get("rank") else ""
            lines.append(f"posting: {escape(role + rank)} of {escape(post['unit'])}, {escape(post.get('dates') or '')}")
        if e.get("chain"):
            lines.append("chain of command at the time: " + escape(" > ".join(e["chain"])))
        if e["link"] == "recorded":
            lines.append(f"recorded perpetrator unit: {escape(e.get('perpetrator_unit') or '')}")
        else:
            inf = e.get("inference") or {}
            lines.append(
                f"perpetrator unit by inference: {escape(e.get('perpetrator_unit') or '')}"
                f" (the record names only {escape(e.get('perpetrator_classification') or 'no unit')})"
            )
            lines += [
                f"place: {escape('; '.join(inf.get('place') or []))}",
                f"time: {escape(inf.get('time') or '')}",
                f"classification: {escape(inf.get('classification') or '')}",
            ]
        lines.append(f"certainty: {escape(e['certainty_label'])}")
        if subject == "unit":
            cmd = e.get("commanders") or []
            lines.append(
                "commanders at the time: "
                + (
                    escape(
                        "; ".join(
                            f"{c['name']} ({c.get('role') or 'commander'} of {c['unit']}, {c['certainty_label']})"
                            for c in cmd
                        )
                    )
                    or "none recorded"
                )
            )
        for o in e.get("other_paths") or []:
            lines.append(f"also: {escape(o)}")
        for a in e.get("against") or []:
            lines.append(f"[yellow]against:[/] {escape(a)}")
        lines.append(
            "evidence: "
            + "; ".join(f"{f['kind'].replace('_', ' ')} {notes.mark(f.get('claim'))}" for f in e.get("facts") or [])
        )
        for line in lines:
            console.print(f"    {line}", soft_wrap=True)


def draw_unit(console: Console, p: dict[str, Any]) -> None:
    notes = Notes()
    console.rule(f"[bold]Unit: {escape(p['name'])}[/]")
    console.print(
        f"  id {p['id']}  {notes.mark(p.get('claim'))}  {_conf(p.get('claim'))}  cited {_dates(p.get('claim'))}"
    )
    _kv(
        console,
        notes,
        [
            ("classification", p.get("classification")),
            ("source's words", p.get("classifications_raw")),
            ("government level", p.get("government_level")),
            ("country", p.get("country")),
            ("headquarters", p.get("headquarters")),
            ("ministry / institution", "yes" if p.get("is_ministry") else None),
            ("placeholder", "yes" if p.get("is_placeholder") else None),
        ],
    )
    if p.get("claim") and p["claim"].get("note"):
        console.print(f"  [dim]{escape(p['claim']['note'])}[/]")
    aliases = [n for n in p["names"] if n["kind"] != "primary"]
    if aliases:
        console.print(
            f"  [bold]names and aliases:[/] {escape('; '.join(n['name'] for n in aliases))} {notes.mark(p.get('claim'))}",
            soft_wrap=True,
        )

    def relations(title: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            console.print(f"\n[bold]{title}[/]: none recorded")
            return
        t = _table(title, "unit", "relation", "dates", "status", "sources")
        for r in rows:
            t.add_row(
                escape(r["name"]),
                r["relation"] + (f" ({r['relation_class']})" if r.get("relation_class") else ""),
                _dates(r["claim"]),
                _conf(r["claim"]),
                notes.mark(r["claim"]),
            )
        console.print(t)

    console.print()
    relations("Parent units over time", p["parents"])
    relations("Subordinate units", p["subordinates"])

    def postings(title: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            console.print(f"\n[bold]{title}[/]: none recorded")
            return
        t = _table(title, "person", "role", "rank", "dates", "status", "sources")
        for r in rows:
            role = " / ".join(x for x in (r.get("role"), r.get("title")) if x)
            ctx = "; ".join(x for x in (r.get("start_context"), r.get("end_context")) if x)
            t.add_row(
                escape(r["person"]),
                escape(role + (f" ({ctx})" if ctx else "")),
                escape(r.get("rank") or ""),
                _dates(r["claim"]),
                _conf(r["claim"]),
                notes.mark(r["claim"]),
            )
        console.print(t)

    postings("Commanders over time", p["commanders"])
    if p["other_postings"]:
        postings("Other posts", p["other_postings"])

    if p["incidents"]:
        t = _table(
            "Incidents where the unit is an alleged perpetrator",
            "dates",
            "incident",
            "place",
            "status",
            "GVHR",
            "sources",
        )
        for i in p["incidents"]:
            t.add_row(
                " - ".join(x for x in (i["start_date"], i["end_date"]) if x),
                escape(i["title"] or i["incident_id"]),
                escape(i["place"] or ""),
                i["status"],
                "yes" if i["is_gvhr"] else "no",
                notes.mark(i["claim"]),
            )
        console.print(t)
    else:
        console.print("\n[bold]Incidents where the unit is an alleged perpetrator[/]: none recorded")
    _walked(
        console,
        notes,
        "Incidents linked by inference",
        "the record names no unit; Security Force Monitor's linkage rule matched place, "
        "time and classification; not a recorded link",
        p.get("incidents_inferred") or [],
        subject="unit",
    )
    _walked(
        console,
        notes,
        "Incidents of subordinate units while subordinate",
        "the perpetrator unit, recorded or inferred, was under this unit at the time",
        p.get("incidents_of_subordinates") or [],
        subject="unit",
    )

    a = p["assistance"]
    if a["count"]:
        total = (
            f"{a['total_amount']:,.2f} {a['currency'] or ''}".strip()
            if a["total_amount"] is not None
            else "no stated cost"
        )
        console.print(
            f"\n[bold]Assistance received[/]: {a['count']} records, total {total}, {a['first_date'] or '?'} to {a['last_date'] or '?'}"
        )
        t = _table(
            f"Latest {len(a['rows'])} of {a['count']}",
            "dates",
            "kind",
            "program",
            "description",
            "qty",
            "amount",
            "recipient as printed",
            "sources",
        )
        for r in a["rows"]:
            amount = f"{r['amount']:,.2f} {r.get('currency') or ''}".strip() if r.get("amount") is not None else ""
            t.add_row(
                " - ".join(x for x in (r.get("start_date"), r.get("end_date")) if x) or (r.get("fiscal_year") or ""),
                r["kind"],
                escape(r.get("funding_authority") or r.get("program") or ""),
                escape(r.get("description") or ""),
                str(r.get("quantity") or ""),
                amount,
                escape(r.get("recipient_text") or ""),
                notes.mark(r["claim"]),
            )
        console.print(t)
    else:
        console.print("\n[bold]Assistance received[/]: none recorded")

    if p["sites"]:
        t = _table("Sites and areas of operation", "kind", "place", "dates", "status", "sources")
        for s in p["sites"]:
            t.add_row(s["kind"], escape(s["location"]), _dates(s["claim"]), _conf(s["claim"]), notes.mark(s["claim"]))
        console.print(t)
    notes.render(console)


def draw_person(console: Console, p: dict[str, Any]) -> None:
    notes = Notes()
    console.rule(f"[bold]Person: {escape(p['name'])}[/]")
    console.print(f"  id {p['id']}  {notes.mark(p.get('claim'))}  {_conf(p.get('claim'))}")
    _kv(
        console,
        notes,
        [
            ("given names", p.get("given_names")),
            ("paternal surname", p.get("paternal_surname")),
            ("maternal surname", p.get("maternal_surname")),
            ("sex", p.get("sex")),
            ("nationality", p.get("nationality")),
            ("country", p.get("country")),
            ("date of birth", p.get("birth_date")),
            ("place of birth", p.get("birth_place")),
            ("father", p.get("father_name")),
            ("mother", p.get("mother_name")),
        ],
    )
    aliases = [n["name"] for n in p["names"] if n["kind"] != "primary"]
    if aliases:
        console.print(
            f"  [bold]names and aliases:[/] {escape('; '.join(aliases))} {notes.mark(p.get('claim'))}", soft_wrap=True
        )
    for x in p.get("identifiers") or []:
        console.print(f"  [bold]{escape(x['scheme'])}:[/] {escape(x['value'])} {notes.mark(x.get('claim'))}")
    if p["postings"]:
        t = _table("Postings over time", "unit", "role", "rank", "dates", "status", "sources")
        for r in p["postings"]:
            role = " / ".join(x for x in (r.get("role"), r.get("title")) if x)
            t.add_row(
                escape(r["unit"]),
                escape(role),
                escape(r.get("rank") or ""),
                _dates(r["claim"]),
                _conf(r["claim"]),
                notes.mark(r["claim"]),
            )
        console.print(t)
    else:
        console.print("\n[bold]Postings[/]: none recorded")
    if p["incidents"]:
        t = _table(
            "Incidents where the person is an alleged perpetrator", "dates", "incident", "place", "status", "sources"
        )
        for i in p["incidents"]:
            t.add_row(
                " - ".join(x for x in (i["start_date"], i["end_date"]) if x),
                escape(i["title"] or i["incident_id"]),
                escape(i["place"] or ""),
                i["status"],
                notes.mark(i["claim"]),
            )
        console.print(t)
    else:
        console.print("\n[bold]Incidents where the person is an alleged perpetrator[/]: none recorded")
    _walked(
        console,
        notes,
        "Incidents through postings",
        "incidents of units the person commanded or served in at the time, recorded or inferred",
        p.get("incidents_through_postings") or [],
        subject="person",
    )
    if p["list_entries"]:
        t = _table("Watchlist entries", "list", "entry", "type", "programs", "remarks", "sources")
        for e in p["list_entries"]:
            t.add_row(
                escape(e["list_name"]),
                escape(e["entry_ref"]),
                escape(e.get("entry_type") or ""),
                escape(e.get("programs") or ""),
                escape(e.get("remarks") or ("(personal: use --personal)" if "remarks" not in e else "")),
                notes.mark(e["claim"]),
            )
        console.print(t)
    else:
        console.print("\n[bold]Watchlist entries[/]: none recorded")
    notes.render(console)


def draw_incident(console: Console, p: dict[str, Any]) -> None:
    notes = Notes()
    console.rule(f"[bold]Incident: {escape(p.get('title') or p['id'])}[/]")
    console.print(f"  id {p['id']}  {notes.mark(p.get('claim'))}  {_conf(p.get('claim'))}")
    loc = p.get("location") or {}
    _kv(
        console,
        notes,
        [
            ("dates", " - ".join(x for x in (p.get("start_date"), p.get("end_date")) if x)),
            ("first alleged", p.get("first_allegation_date")),
            ("place", p.get("place_text") or loc.get("name")),
            ("place description", p.get("place_description")),
            ("country", p.get("country")),
            ("coordinates", f"{loc['latitude']}, {loc['longitude']}" if loc.get("latitude") is not None else None),
            ("status now", p.get("status")),
            ("gross violation of human rights", "yes" if p.get("is_gvhr") else "no"),
            ("victims", " ".join(str(x) for x in (p.get("victims_count"), p.get("victims_description")) if x)),
        ],
    )
    t = _table("Violation types", "code", "source's words", "GVHR")
    for v in p["violations"]:
        t.add_row(v["code"], escape(v.get("source_words") or ""), "yes" if v["is_gvhr"] else "no")
    console.print(t)
    t = _table("Alleged perpetrators", "unit", "person", "classification", "sources")
    for x in p["perpetrators"]:
        t.add_row(
            escape(x.get("unit") or ""),
            escape(x.get("person") or ""),
            escape(x.get("classification") or ""),
            notes.mark(x["claim"]),
        )
    console.print(t)
    t = _table("Status history", "date", "status", "sources")
    for s in p["status_history"]:
        t.add_row(s.get("date") or "", s["status"], notes.mark(s["claim"]))
    console.print(t)
    if p.get("description"):
        console.print(f"\n[bold]Description[/] (as quoted by the source) {notes.mark(p.get('claim'))}")
        console.print(escape(p["description"]), soft_wrap=False)
    notes.render(console)


DRAW = {"unit": draw_unit, "person": draw_person, "incident": draw_incident}


def register(app: typer.Typer) -> None:
    show_app = typer.Typer(
        help="Show one unit, person or incident with the citations of every fact.", no_args_is_help=True
    )
    app.add_typer(show_app, name="show")

    def run(ctx: typer.Context, kind: str, name: str, as_json: bool, personal: bool) -> None:
        with handle_errors():
            store = store_from(ctx)
            with store.read() as session:
                data = profile_dict(session, kind, name, personal=personal)
            if as_json:
                print_json(data)
                return
            DRAW[kind](_console(), data)

    personal_help = "Include personal data (dates of birth, ID numbers, parents' names, watchlist remarks)."

    @show_app.command("unit")
    def unit(
        ctx: typer.Context,
        name: str = typer.Argument(..., metavar="NAME_OR_ID", help="Id, name or alias (any case, accents optional)."),
        as_json: bool = typer.Option(False, "--json", help="Print the profile as JSON."),
        personal: bool = typer.Option(False, "--personal", help=personal_help),
    ) -> None:
        """A unit: names, hierarchy over time, commanders, incidents, assistance received, sites."""
        run(ctx, "unit", name, as_json, personal)

    @show_app.command("person")
    def person(
        ctx: typer.Context,
        name: str = typer.Argument(..., metavar="NAME_OR_ID", help="Id, name or alias (any case, accents optional)."),
        as_json: bool = typer.Option(False, "--json", help="Print the profile as JSON."),
        personal: bool = typer.Option(False, "--personal", help=personal_help),
    ) -> None:
        """A person: names, postings over time, incidents, watchlist entries."""
        run(ctx, "person", name, as_json, personal)

    @show_app.command("incident")
    def incident(
        ctx: typer.Context,
        name: str = typer.Argument(..., metavar="NAME_OR_ID", help="Id (or the source's own id) or title."),
        as_json: bool = typer.Option(False, "--json", help="Print the profile as JSON."),
        personal: bool = typer.Option(False, "--personal", help=personal_help),
    ) -> None:
        """An incident: dates, place, violation types, perpetrators, status history, description."""
        run(ctx, "incident", name, as_json, personal)
