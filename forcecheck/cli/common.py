"""What every command shares: the store from ``--db``, the console, error reporting, progress."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import ForcecheckError
from ..store import Store

console = Console()
err_console = Console(stderr=True)


def store_from(ctx: typer.Context, *, create: bool = True) -> Store:
    """The Store named by the global ``--db`` option (created or upgraded unless ``create=False``)."""
    obj = ctx.find_root().obj or {}
    store = Store(obj.get("db"), actor=obj.get("actor"))
    if create:
        store.init()
    return store


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def handle_errors() -> Iterator[None]:
    """Report a ForcecheckError as one clear line on stderr and exit with status 2."""
    try:
        yield
    except ForcecheckError as e:
        err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


class RichProgress:
    """A ``forcecheck.progress.Progress`` drawn with rich on stderr (hidden when not a terminal)."""

    def __init__(self, progress: Progress):
        self._p = progress
        self._task: Any = None

    def start(self, total: int | None, label: str) -> None:
        if self._task is not None:
            self._p.update(self._task, visible=False)
        self._task = self._p.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._p.advance(self._task, n)


@contextmanager
def progress_bar() -> Iterator[RichProgress]:
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as p:
        yield RichProgress(p)
