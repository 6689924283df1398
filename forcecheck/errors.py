"""Errors the user can act on. Every input error names the file, the row and the field."""

from __future__ import annotations


class ForcecheckError(Exception):
    """Base class of the errors forcecheck reports to a user (exit code 2 on the CLI)."""


class InputError(ForcecheckError):
    """Bad input: names the file, the row (1-based, counting the header as row 1 when there
    is one) and the field, so that the user can find and fix it."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None, field: str | None = None):
        self.file, self.row, self.field, self.reason = file, row, field, message
        where = []
        if file:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}")
        if field:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class NotFound(ForcecheckError):
    """A record the user named does not exist."""
