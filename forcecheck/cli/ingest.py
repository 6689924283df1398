"""``forcecheck ingest PATH...``: documents (text, HTML, PDF, folders, URLs) into proposed claims.

The work is the library's ``ingest_many``; this shell only prints."""

from __future__ import annotations

from collections import Counter
from typing import Any

import typer

from .. import settings
from ..ingest.documents import IngestOptions, IngestResult, ingest_many, is_url
from ..progress import terminal
from .common import console, err_console, handle_errors, print_json, store_from


def _summary(r: IngestResult) -> None:
    src = r.source
    head = "already ingested" if r.already_ingested else "ingested"
    console.print(
        f"[bold]{head}[/]: {r.origin} -> source [cyan]{src['id']}[/] ({src['language']}, {src['chars']} characters)"
        + (f' "{src["title"]}"' if src.get("title") else ""),
        highlight=False,
    )
    kinds = Counter(d["kind"] for d in r.dropped)
    if kinds:
        console.print("  dropped: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())), highlight=False)
    types = Counter(c.get("type") for c in r.claims)
    label = "claims" if r.already_ingested else "proposed claims"
    console.print(
        f"  {len(r.claims)} {label}"
        + (": " + ", ".join(f"{n} {t}" for t, n in sorted(types.items())) if types else ""),
        highlight=False,
    )


def _error(e: dict[str, str]) -> None:
    err_console.print(f"[bold red]error:[/] {e['error']}", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest(
        ctx: typer.Context,
        paths: list[str] = typer.Argument(
            ..., help="Files (.txt, .html, .pdf), folders of them (recursively) or http(s) URLs."
        ),
        as_json: bool = typer.Option(
            False,
            "--json",
            help="Print one JSON object (source, dropped, claims); for several "
            "documents {documents, errors}, each error with path, error and stage.",
        ),
        lang: str | None = typer.Option(
            None, "--lang", help="Language of the documents (en or es) instead of detecting it."
        ),
        publisher: str | None = typer.Option(None, "--publisher", help="Publisher (else from the page metadata)."),
        date: str | None = typer.Option(
            None, "--date", help="Publication date YYYY[-MM[-DD]] (resolves 'last month')."
        ),
        title: str | None = typer.Option(None, "--title", help="Title (else from the metadata or the first heading)."),
        url: str | None = typer.Option(
            None, "--url", help="The web address FILE was saved from: recorded on its source (one file only)."
        ),
        restricted: bool = typer.Option(
            False, "--restricted", help="Mark the sources restricted (never shown publicly)."
        ),
        encoding: str | None = typer.Option(
            None, "--encoding", help="Text encoding when the file is not UTF-8 (e.g. cp1252)."
        ),
        max_bytes: int = typer.Option(
            settings.max_document_bytes(),
            "--max-bytes",
            help="Refuse documents larger than this, before reading them "
            "(default: FORCECHECK_MAX_DOCUMENT_BYTES or 20 MiB).",
        ),
        timeout: float = typer.Option(
            settings.fetch_timeout(), "--timeout", help="Seconds before a URL fetch gives up."
        ),
    ) -> None:
        """Ingest documents: clean them (boilerplate, page furniture, repeated paragraphs and pull
        quotes dropped), detect the language, extract proposed claims with their sentences, store
        them for review. Ingesting the same content again changes nothing. Each document is its own
        transaction: a bad document, or one the extractor fails on, is reported (file and reason)
        and nothing of it is stored; the other documents are still ingested.

        Exit status: 0 when every document was ingested (or already was), 2 when any failed."""
        with handle_errors():
            options = IngestOptions(
                lang=lang,
                publisher=publisher,
                date=date,
                title=title,
                restricted=restricted,
                encoding=encoding,
                max_bytes=max_bytes,
                timeout=timeout,
                url=url,
            ).checked()
            store = store_from(ctx)
            single = len(paths) == 1 and (is_url(paths[0]) or not _is_dir(paths[0]))

            def shown(item: Any) -> None:  # a summary as each document is done
                if isinstance(item, IngestResult) and not as_json and not single:
                    _summary(item)

            with terminal() as progress:
                batch = ingest_many(store, paths, options, progress, on_result=shown)
            if single:
                if batch.errors:
                    _error(batch.errors[0])
                    raise typer.Exit(2)
                if as_json:
                    print_json(batch.results[0].as_dict())
                else:
                    _summary(batch.results[0])
                return
            for e in batch.errors:
                _error(e)
            if as_json:
                print_json(batch.as_dict())
            else:
                new = sum(not r.already_ingested for r in batch.results)
                failed = len(batch.errors)
                console.print(
                    f"{len(batch.results) + failed} documents: {new} ingested, "
                    f"{len(batch.results) - new} already ingested, {failed} failed",
                    highlight=False,
                )
            if batch.errors:
                raise typer.Exit(2)


def _is_dir(path: str) -> bool:
    from pathlib import Path

    return Path(path).is_dir()
