"""Storage: the evidence base's tables, sessions, idempotent writes and the audit log."""

from .db import Store, open_store
from .writer import Writer

__all__ = ["Store", "open_store", "Writer"]
