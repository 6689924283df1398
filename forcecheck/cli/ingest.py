"""``forcecheck ingest PATH...``: documents (text, HTML, PDF, folders, URLs) into proposed claims."""

from __future__ import annotations

from collections import Counter
from typing import List, Optional

import typer

from ..errors import InputError
from ..ingest.documents import IngestOptions, IngestResult, collect, default_max_bytes, ingest_document, is_url
from .common import console, err_console, handle_errors, print_json, progress_bar, store_from


def _summary(r: IngestResult) -> None:
    src = r.source
    head = "already ingested" if r.already_ingested else "ingested"
    console.print(f"[bold]{head}[/]: {r.origin} -> source [cyan]{src['id']}[/] ({src['language']}, {src['chars']} characters)"
                  + (f" \"{src['title']}\"" if src.get("title") else ""), highlight=False)
    kinds = Counter(d["kind"] for d in r.dropped)
    if kinds:
        console.print("  dropped: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())), highlight=False)
    types = Counter(c.get("type") for c in r.claims)
    label = "claims" if r.already_ingested else "proposed claims"
    console.print(f"  {len(r.claims)} {label}" + (": " + ", ".join(f"{n} {t}" for t, n in sorted(types.items())) if types else ""),
                  highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest(
        ctx: typer.Context,
        paths: List[str] = typer.Argument(..., help="Files (.txt, .html, .pdf), folders of them (recursively) or http(s) URLs."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object (source, dropped, claims); for several documents {documents, errors}."),
        lang: Optional[str] = typer.Option(None, "--lang", help="Language of the documents (en or es) instead of detecting it."),
        publisher: Optional[str] = typer.Option(None, "--publisher", help="Publisher (else from the page metadata)."),
        date: Optional[str] = typer.Option(None, "--date", help="Publication date YYYY[-MM[-DD]] (resolves 'last month')."),
        title: Optional[str] = typer.Option(None, "--title", help="Title (else from the metadata or the first heading)."),
        restricted: bool = typer.Option(False, "--restricted", help="Mark the sources restricted (never shown publicly)."),
        encoding: Optional[str] = typer.Option(None, "--encoding", help="Text encoding when the file is not UTF-8 (e.g. cp1252)."),
        max_bytes: int = typer.Option(default_max_bytes(), "--max-bytes", help="Refuse documents larger than this."),
        timeout: float = typer.Option(20.0, "--timeout", help="Seconds before a URL fetch gives up."),
    ) -> None:
        """Ingest documents: clean them (boilerplate, repeated paragraphs and pull quotes dropped),
        detect the language, extract proposed claims with their sentences, store them for review.
        Ingesting the same content again changes nothing. A bad document is reported and
        changes nothing; in a folder the other documents are still ingested (exit status 2)."""
        with handle_errors():
            options = IngestOptions(lang=lang, publisher=publisher, date=date, title=title, restricted=restricted,
                                    encoding=encoding, max_bytes=max_bytes, timeout=timeout).checked()
            store = store_from(ctx)
            single = len(paths) == 1 and (is_url(paths[0]) or not _is_dir(paths[0]))
            if single:
                with progress_bar() as progress:
                    progress.start(1, "ingest")
                    result = ingest_document(store, paths[0], options)
                    progress.advance(1)
                if as_json:
                    print_json(result.as_dict())
                else:
                    _summary(result)
                return
            origins, errors = collect(paths)
            results = []
            with progress_bar() as progress:
                progress.start(len(origins), "ingest")
                for origin in origins:
                    try:
                        r = ingest_document(store, origin, options)
                        results.append(r)
                        if not as_json:
                            _summary(r)
                    except InputError as e:
                        errors.append({"path": origin, "error": str(e)})
                    progress.advance(1)
            for e in errors:
                err_console.print(f"[bold red]error:[/] {e['error']}", highlight=False, soft_wrap=True)
            if as_json:
                print_json({"documents": [r.as_dict() for r in results], "errors": errors})
            else:
                new = sum(not r.already_ingested for r in results)
                console.print(f"{len(origins) + len([e for e in errors if e['path'] not in origins])} documents: {new} ingested, "
                              f"{len(results) - new} already ingested, {len(errors)} failed", highlight=False)
            if errors:
                raise typer.Exit(2)


def _is_dir(path: str) -> bool:
    from pathlib import Path

    return Path(path).is_dir()
