"""Dataset importers: ``forcecheck import KIND FILE``.

Each importer module defines ``KIND``, ``DESCRIPTION``, ``parse(path, progress)`` (reads and
validates the whole file, touches no database, raises InputError naming file/row/field)
and ``write(session, writer, parsed, progress)`` (idempotent upserts through the Writer).
``run_import`` runs both inside one transaction, so a bad file writes nothing and a second
run of the same file changes nothing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...progress import NULL, Progress
from ...store import Store, Writer

#: kind -> module (under this package). Later importers register here.
KINDS: dict[str, str] = {
    "fmtr": "fmtr",
    "sfm": "sfm",
    "ofac": "ofac",
    "ftm": "ftm",
}


@dataclass
class ImportResult:
    kind: str
    path: str
    rows: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def inserted(self) -> int:
        return sum(c["inserted"] for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c["updated"] for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "tables": self.counts,
        }


def importer(kind: str) -> Any:
    if kind not in KINDS:
        raise InputError(f"unknown import kind {kind!r}; choose one of {', '.join(sorted(KINDS))}")
    return importlib.import_module(f"{__name__}.{KINDS[kind]}")


def run_import(
    store: Store, kind: str, path: str | Path, progress: Progress = NULL, *, actor: str | None = None
) -> ImportResult:
    mod = importer(kind)
    path = Path(path)
    parsed = mod.parse(path, progress)  # validation first: nothing is opened for writing before the file is known good
    store.init()
    with store.transaction(actor=actor or f"{store.actor} import:{kind}") as session:
        writer = Writer(session)
        rows = mod.write(session, writer, parsed, progress)
    return ImportResult(kind=kind, path=str(path), rows=rows, counts=writer.summary())
