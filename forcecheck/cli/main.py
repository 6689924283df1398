"""``forcecheck``: entry point and the global options; each command group lives in its own module."""

from __future__ import annotations

import importlib

import typer

from .. import __version__
from ..store.stats import stats as store_stats
from .common import console, handle_errors, print_json, store_from

app = typer.Typer(
    name="forcecheck",
    help="Vet security forces before they receive foreign assistance, and keep that assistance accountable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _global(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="FORCECHECK_DB",
        help="Database URL (default sqlite:///forcecheck.db); postgresql://... for a shared server.",
    ),
    actor: str | None = typer.Option(
        None, "--actor", envvar="FORCECHECK_ACTOR", help="Who is recorded in the audit log."
    ),
) -> None:
    ctx.obj = {"db": db, "actor": actor}


@app.command()
def version() -> None:
    """Print the version."""
    console.print(__version__)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the evidence base (or upgrade it to the newest schema)."""
    with handle_errors():
        store = store_from(ctx)
        console.print(f"evidence base ready: {store.url}")


@app.command()
def stats(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Count what the evidence base holds."""
    with handle_errors():
        store = store_from(ctx)
        with store.read() as session:
            data = store_stats(session)
        if as_json:
            print_json(data)
            return
        from rich.table import Table

        table = Table(title="forcecheck evidence base", show_header=True)
        table.add_column("what")
        table.add_column("count", justify="right")
        for key, value in data.items():
            if isinstance(value, dict):
                for k, v in value.items():
                    table.add_row(f"{key}: {k}", str(v))
            else:
                table.add_row(key, str(value))
        console.print(table)


@app.command()
def audit(
    ctx: typer.Context,
    last: int = typer.Option(10, "--last", help="Show the newest N events."),
) -> None:
    """Verify the hash-chained audit log and show the newest events. Exit 1 if the chain is broken."""
    from sqlalchemy import select

    from ..store.audit import verify_chain
    from ..store.models import AuditEvent

    with handle_errors():
        store = store_from(ctx)
        with store.read() as session:
            ok, bad = verify_chain(session)
            events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(last)).all()
            for ev in reversed(events):
                console.print(
                    f"{ev.seq:>8}  {ev.at:%Y-%m-%d %H:%M:%S}  {ev.actor:<28} {ev.action:<6} {ev.table_name}:{ev.record_id}",
                    highlight=False,
                )
        if ok:
            console.print("audit chain intact")
        else:
            console.print(f"[bold red]audit chain broken[/] at event {bad if bad is not None else '(head)'}")
            raise typer.Exit(1)


#: Command modules: each defines ``register(app)``. Kept as a list so that adding a command
#: group is one line here and one module beside this one.
COMMAND_MODULES = [
    "imports",  # import, export
    "show",  # show unit|person|incident
    "ingest",  # ingest documents
    "review",  # review queue
    "screen",  # screen NAME | --batch FILE
    "compare",  # compare A B | --pairs FILE --out OUT
]

for _name in COMMAND_MODULES:
    importlib.import_module(f"{__package__}.{_name}").register(app)


def main() -> None:
    app()
