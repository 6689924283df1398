"""``forcecheck import KIND FILE`` and ``forcecheck export KIND``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..ingest.importers import KINDS, run_import
from ..report.exports import EXPORTS, run_export
from .common import console, err_console, handle_errors, print_json, progress_bar, store_from


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        ctx: typer.Context,
        kind: str = typer.Argument(..., help=f"What the file is: {', '.join(KINDS)}."),
        path: Path = typer.Argument(..., help="The file (for sfm and ofac: the folder or any one of its files)."),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    ) -> None:
        """Import a dataset. Idempotent: importing the same file twice changes nothing.
        A bad row aborts the whole file with an error naming file, row and field."""
        with handle_errors():
            store = store_from(ctx, create=False)
            with progress_bar() as progress:
                result = run_import(store, kind, path, progress)
            if as_json:
                print_json(result.as_dict())
                return
            console.print(
                f"[bold]{kind}[/]: {result.rows} rows read from {result.path}; {result.inserted} records added, {result.updated} updated"
            )
            for table, c in result.counts.items():
                console.print(f"  {table:<22} +{c['inserted']:<6} ~{c['updated']:<6} ={c['unchanged']}")

    @app.command("export")
    def export(
        ctx: typer.Context,
        kind: str = typer.Argument(..., help=f"Format: {', '.join(EXPORTS)}."),
        out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of standard output."),
        public: bool = typer.Option(False, "--public", help="Leave out personal data and restricted sources."),
    ) -> None:
        """Export the evidence base (FollowTheMoney JSON lines, ...)."""
        with handle_errors():
            store = store_from(ctx)
            fh = out.open("w", encoding="utf-8") if out else sys.stdout
            try:
                with progress_bar() as progress:
                    n = run_export(store, kind, fh, progress, public=public)
            finally:
                if out:
                    fh.close()
            err_console.print(f"exported {n} {kind} records" + (f" to {out}" if out else ""))
