"""``forcecheck review``: the queue of proposed claims (list, show, accept, edit, merge, reject,
retract).

The reviewer recorded on each claim (and in the audit log) is the global ``--actor``. Every
field is shown in plain words (``review.schema.plain``); ``--set`` values are checked against the
claim's schema before anything is written."""

from __future__ import annotations

import typer
from rich.text import Text

from .. import review as rv
from .common import console, handle_errors, print_json, store_from


def _reviewer(ctx: typer.Context, store) -> str:  # type: ignore[no-untyped-def]
    return store.actor


def _one_line(view: dict) -> str:
    return f"{view['status']}: {view['type']} {view['id']}" + (f" -> {view['subject']}" if view.get("subject") else "")


def _details(view: dict) -> str:
    """Every extracted field of a claim, in plain words ("perpetrator_persons: Juan López; place: Iguala")."""
    return "; ".join(f"{k}: {v}" for k, v in view.get("fields") or [])


def register(app: typer.Typer) -> None:
    review = typer.Typer(
        help="Review proposed claims: nothing extracted counts as evidence until accepted.", no_args_is_help=True
    )
    app.add_typer(review, name="review")

    @review.command("list")
    def list_(
        ctx: typer.Context,
        type_: str | None = typer.Option(
            None, "--type", help="person, unit, armed_group, place, posting, incident, assistance, ..."
        ),
        status: str = typer.Option(
            "proposed", "--status", help="proposed, accepted, rejected, conflict, retracted or all."
        ),
        source: str | None = typer.Option(None, "--source", help="Only claims cited from this source id."),
        limit: int | None = typer.Option(None, "--limit", help="At most this many."),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
    ) -> None:
        """List claims extracted from documents (default: those awaiting review)."""
        with handle_errors():
            store = store_from(ctx)
            with store.read() as session:
                views = [
                    rv.claim_view(session, c)
                    for c in rv.list_claims(session, status=status, type=type_, source=source, limit=limit)
                ]
            if as_json:
                print_json(views)
                return
            console.print(f"[bold]{len(views)} {status} claims[/]", highlight=False)
            for v in views:
                # one block per claim: the id, the mention, then every extracted field in plain words
                t = Text()
                t.append(v["id"], style="bold")
                t.append(f"  {v['type']}  ", style="cyan")
                t.append((v["text"] or "")[:160])
                console.print(t)
                console.print(Text("    " + (_details(v) or "—")), highlight=False)

    @review.command("show")
    def show(
        ctx: typer.Context, claim_id: str = typer.Argument(...), as_json: bool = typer.Option(False, "--json")
    ) -> None:
        """Show a claim: the sentence with the mention highlighted, and what was extracted."""
        with handle_errors():
            store = store_from(ctx)
            with store.read() as session:
                claim = rv.get_claim(session, claim_id)
                view = rv.claim_view(session, claim)
                sentence, a, b = rv.mention_in_sentence(session, claim)
            if as_json:
                print_json(view)
                return
            console.print(
                f"[bold]{view['type']}[/] {view['id']}  [dim]{view['status']}, confidence {view['confidence']}[/]",
                highlight=False,
            )
            src = view["source"] or {}
            console.print(
                f"source: {src.get('title') or ''} ({src.get('id')}), characters {view['span'][0]}-{view['span'][1]}"
                if view["span"]
                else "source: -",
                highlight=False,
            )
            t = Text(sentence.strip() and sentence)
            if b > a:
                t.stylize("bold black on yellow", a, b)
            console.print(t)
            console.print(f"  [cyan]text[/]: {view['text'] or rv.plain(None)}", highlight=False)
            for k, v in view["fields"]:
                console.print(f"  [cyan]{k}[/]: {v}", highlight=False)
            for k in ("reviewed_by", "reviewed_at", "subject", "note"):
                if view.get(k):
                    console.print(f"  [magenta]{k}[/]: {view[k]}", highlight=False)
            rec = view.get("retraction")
            if rec:
                console.print(
                    f"  [red]retracted[/] by {rec['by']} at {rec['at']}: {rec['reason']}"
                    + (f" (replaced by {rec['replaced_by']})" if rec["replaced_by"] else ""),
                    highlight=False,
                )
                touched = ", ".join(f"{e['table']}:{e['id']}" for e in rec["entities"]) or rv.plain(None)
                console.print(f"  [red]evidence changed for[/]: {touched}", highlight=False)

    @review.command("accept")
    def accept(
        ctx: typer.Context,
        claim_id: str = typer.Argument(...),
        set_: list[str] = typer.Option([], "--set", help="key=value edits first (JSON values allowed, dotted keys)."),
    ) -> None:
        """Accept a claim: it becomes evidence (entity rows pointing at the claim)."""
        with handle_errors():
            store = store_from(ctx)
            edits = rv.parse_assignments(set_)
            with store.transaction() as session:
                claim = rv.accept(session, claim_id, _reviewer(ctx, store), edits or None)
                view = rv.claim_view(session, claim)
            console.print(_one_line(view), highlight=False)
            if view["status"] != "accepted":
                console.print(f"[yellow]not accepted:[/] {view['note'].splitlines()[-1]}", highlight=False)
                raise typer.Exit(1)

    @review.command("edit")
    def edit(
        ctx: typer.Context,
        claim_id: str = typer.Argument(...),
        set_: list[str] = typer.Option(..., "--set", help="key=value (JSON values allowed, dotted keys)."),
        reason: str | None = typer.Option(None, "--reason", help="Required for an accepted claim: why it changes."),
    ) -> None:
        """Correct what was extracted. A proposed claim stays proposed; an accepted claim is retracted
        and a corrected copy accepted (both kept in the history)."""
        with handle_errors():
            store = store_from(ctx)
            changes = rv.parse_assignments(set_)
            with store.transaction() as session:
                view = rv.claim_view(session, rv.edit(session, claim_id, changes, _reviewer(ctx, store), reason))
            console.print(_one_line(view), highlight=False)

    @review.command("retract")
    def retract(
        ctx: typer.Context,
        claim_id: str = typer.Argument(...),
        reason: str = typer.Option(..., "--reason", help="Why the accepted claim is taken back (kept with it)."),
    ) -> None:
        """Take back an accepted claim: it stays in the history as retracted, the rows it created or
        linked leave the evidence, and the entities it touched are listed for the vetting workflow."""
        with handle_errors():
            store = store_from(ctx)
            with store.transaction() as session:
                rec = rv.retract(session, claim_id, _reviewer(ctx, store), reason)
                touched = [f"{e['table']}:{e['id']}" for e in rec.entities or []]
                removed = sum(1 for a in rec.affected or [] if a["action"] == "removed")
            console.print(f"retracted: {claim_id} ({removed} rows out of the evidence)", highlight=False)
            if touched:
                console.print("evidence changed for: " + ", ".join(touched), highlight=False)

    @review.command("merge")
    def merge(
        ctx: typer.Context,
        claim_id: str = typer.Argument(...),
        into: str = typer.Option(..., "--into", help="unit:ID, person:ID or organization:ID"),
    ) -> None:
        """Attach the mention to an existing unit, person or organization as a name alias."""
        with handle_errors():
            if ":" not in into:
                raise rv.ReviewError("--into must be unit:ID, person:ID or organization:ID")
            table, entity_id = into.split(":", 1)
            store = store_from(ctx)
            with store.transaction() as session:
                view = rv.claim_view(session, rv.merge(session, claim_id, table, entity_id, _reviewer(ctx, store)))
            console.print(_one_line(view), highlight=False)

    @review.command("reject")
    def reject(
        ctx: typer.Context,
        claim_id: str = typer.Argument(...),
        reason: str = typer.Option(..., "--reason", help="Why (kept with the claim)."),
    ) -> None:
        """Reject a claim (kept with the reason, never evidence)."""
        with handle_errors():
            store = store_from(ctx)
            with store.transaction() as session:
                view = rv.claim_view(session, rv.reject(session, claim_id, _reviewer(ctx, store), reason))
            console.print(_one_line(view), highlight=False)
