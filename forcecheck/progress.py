"""Progress reporting without a UI dependency in the core.

Long jobs take a ``Progress`` and call ``start(total, label)`` / ``advance(n)``; tests and the
API pass ``NULL``. A job inside a job (the extraction of one long document inside a folder)
asks ``child(progress)`` for a progress of its own: a nested bar when the parent can nest,
``NULL`` otherwise.

``terminal()`` is the progress the shells use: rich bars on stderr, drawn only when stderr is a
terminal (quiet in pipes, logs and tests), removed when the job ends.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class Progress(Protocol):
    def start(self, total: int | None, label: str) -> None: ...
    def advance(self, n: int = 1) -> None: ...


class _Null:
    def start(self, total: int | None, label: str) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


NULL: Progress = _Null()


def child(progress: Progress) -> Progress:
    """A progress for a job inside the one ``progress`` follows (NULL when it cannot nest)."""
    make = getattr(progress, "child", None)
    return make() if callable(make) else NULL


class RichBars:
    """Progress drawn with rich: one bar per ``start``; ``child()`` gives a nested bar that is
    removed when its job is done."""

    def __init__(self, bars: Any, indent: int = 0):
        self._bars, self._indent, self._task = bars, indent, None

    def start(self, total: int | None, label: str) -> None:
        if self._task is not None:
            self._bars.remove_task(self._task)
        self._task = self._bars.add_task("  " * self._indent + label, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bars.advance(self._task, n)
            task = next((t for t in self._bars.tasks if t.id == self._task), None)
            if self._indent and task is not None and task.total is not None and task.completed >= task.total:
                self._bars.remove_task(self._task)
                self._task = None

    def child(self) -> RichBars:
        return RichBars(self._bars, self._indent + 1)


@contextmanager
def terminal(stream: Any = None) -> Iterator[Progress]:
    """Rich progress bars on ``stream`` (stderr) when it is a terminal; NULL otherwise."""
    stream = stream or sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        yield NULL
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bars

    with Bars(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,
    ) as bars:
        yield RichBars(bars)
