"""Reading delimited files with errors that name the file, the row and the field.

Shared by every tabular importer. Rows are numbered as a spreadsheet shows them: the
header is row 1, the first data row is row 2 (for files without a header, row 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ...dates import normalize as normalize_date
from ...errors import InputError


def read_text(path: Path, *, encoding: str = "utf-8", max_bytes: int = 512 * 1024 * 1024) -> str:
    """The whole file decoded strictly; a bad byte is reported with its row number."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", file=str(path)) from None
    if len(data) > max_bytes:
        raise InputError(f"file is larger than {max_bytes} bytes", file=str(path))
    if b"\x00" in data[:65536]:
        raise InputError(
            "file is binary (contains NUL bytes), not delimited text",
            file=str(path),
            row=data[: data.index(b"\x00")].count(b"\n") + 1,
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        row = data[: e.start].count(b"\n") + 1
        raise InputError(
            f"is not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start})", file=str(path), row=row
        ) from None
    return text.lstrip("\ufeff")


def iter_rows(
    path: Path,
    *,
    columns: Sequence[str] | None = None,
    required: Sequence[str] = (),
    delimiter: str = ",",
    quoting: int = csv.QUOTE_MINIMAL,
    header: bool = True,
    strip_eof: bool = False,
    encoding: str = "utf-8",
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row_number, {column: value})``.

    With ``header=True`` the header must contain every name in ``required`` (else an error
    naming the first missing column). With ``header=False`` ``columns`` names the positions.
    A row with fewer or more fields than the header (a truncated or shifted line) is an error.
    """
    text = read_text(path, encoding=encoding)
    if strip_eof:
        text = text.rstrip("\x1a\r\n") + "\n"
    if not text.strip():
        raise InputError("file is empty", file=str(path))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting, strict=True)
    try:
        if header:
            names = [h.strip() for h in next(reader)]
            for col in required:
                if col not in names:
                    raise InputError(
                        f"missing column (the header has: {', '.join(names)})", file=str(path), row=1, field=col
                    )
            first = 2
        else:
            if columns is None:
                raise ValueError("columns are required when the file has no header")
            names = list(columns)
            first = 1
        rowno = first - 1
        for rowno, fields in enumerate(reader, start=first):
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if len(fields) != len(names):
                field = names[len(fields)] if len(fields) < len(names) else None
                raise InputError(
                    f"has {len(fields)} fields, expected {len(names)} (truncated or shifted row)",
                    file=str(path),
                    row=rowno,
                    field=field,
                )
            yield rowno, dict(zip(names, fields, strict=True))
    except csv.Error as e:
        raise InputError(f"malformed delimited text: {e}", file=str(path), row=reader.line_num) from None


class Field:
    """Typed accessors for one row, raising InputError with file, row and field."""

    def __init__(self, path: Path | str, row: int, values: dict[str, str]):
        self.path, self.row, self.values = str(path), row, values

    def err(self, field: str, message: str) -> InputError:
        return InputError(message, file=self.path, row=self.row, field=field)

    def text(self, field: str, *, required: bool = False) -> str | None:
        v = (self.values.get(field) or "").strip()
        if not v:
            if required:
                raise self.err(field, "is empty but required")
            return None
        return v

    def date(self, field: str, *, required: bool = False) -> str | None:
        v = self.text(field, required=required)
        try:
            return normalize_date(v)
        except ValueError as e:
            raise self.err(field, str(e)) from None

    def int(self, field: str, *, required: bool = False) -> int | None:
        v = self.text(field, required=required)
        if v is None:
            return None
        try:
            return int(v.replace(",", ""))
        except ValueError:
            raise self.err(field, f"not a whole number: {v!r}") from None

    def decimal(self, field: str, *, required: bool = False) -> Decimal | None:
        v = self.text(field, required=required)
        if v is None:
            return None
        try:
            d = Decimal(v.replace(",", "").replace("$", ""))
        except InvalidOperation:
            raise self.err(field, f"not a number: {v!r}") from None
        if not d.is_finite():
            raise self.err(field, f"not a finite number: {v!r}")
        return d

    def choice(self, field: str, allowed: Sequence[str], *, required: bool = False) -> str | None:
        v = self.text(field, required=required)
        if v is not None and v not in allowed:
            raise self.err(field, f"{v!r} is not one of {', '.join(allowed)}")
        return v

    def list(self, field: str, sep: str = ";") -> list[str]:
        v = self.text(field)
        return [p.strip() for p in v.split(sep) if p.strip()] if v else []
