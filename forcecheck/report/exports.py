"""Export formats: ``forcecheck export KIND``. Each module defines ``export(session, fh, progress, public)``."""

from __future__ import annotations

import importlib
from typing import IO

from ..errors import InputError
from ..progress import NULL, Progress
from ..store import Store

#: kind -> module under forcecheck.report
EXPORTS: dict[str, str] = {"ftm": "ftm"}


def run_export(store: Store, kind: str, fh: IO[str], progress: Progress = NULL, *, public: bool = False) -> int:
    if kind not in EXPORTS:
        raise InputError(f"unknown export format {kind!r}; choose one of {', '.join(sorted(EXPORTS))}")
    mod = importlib.import_module(f"{__package__}.{EXPORTS[kind]}")
    with store.read() as session:
        return mod.export(session, fh, progress, public=public)
