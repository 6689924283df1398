"""Progress reporting without a UI dependency in the core.

Long jobs take a ``Progress`` and call ``start(total, label)`` / ``advance(n)``; the CLI
passes one backed by rich's progress bar, tests and the API pass ``NULL``.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, total: int | None, label: str) -> None: ...
    def advance(self, n: int = 1) -> None: ...


class _Null:
    def start(self, total: int | None, label: str) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


NULL: Progress = _Null()
