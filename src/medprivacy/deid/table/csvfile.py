"""Read a CSV only if it parses whole: no cut, short or long rows, no unterminated quote.

polars (and pandas) fill a short row with nulls and read an unterminated quote to the end of the
file, so a file cut mid-write would be released (or charged) as if it were complete. Here the
bytes are first checked with Python's strict ``csv`` reader, record by record; only a file that
passes is handed to polars, and both must agree on the row count. Errors are one line naming the
file, the data row (records, not physical lines: a quoted cell may span lines) and the rule, never
a value. :func:`check_csv` serves any reader (the pandas one of ``stats`` too); :func:`read_csv`
returns the polars frame, every column as text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl

from medprivacy.errors import InputError

FIELD_LIMIT = 1 << 30  # the csv module's default (128 KiB) is below a long clinical note


def _where(name: str, row: int | None) -> str:
    if row is None:
        return name
    return f"{name}: header" if row == 0 else f"{name}: row {row}"


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # the data row holding the bad byte: records before it, counted by the csv parser
        head = data[: exc.start].decode("utf-8") + "x"
        row = sum(1 for _ in csv.reader(io.StringIO(head, newline=""))) - 1
        raise InputError(
            f"{_where(name, row)}: not valid UTF-8 text (Latin-1 or another encoding?); "
            "convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8`"
        ) from None


def check_csv(data: bytes, name: str) -> tuple[str, int]:
    """The decoded text and number of data rows of a complete, rectangular CSV; else InputError.

    Refused: invalid UTF-8 (the only encoding read: convert others first), an empty file, a
    last row without its line end (a file cut mid-row), a row with fewer or more fields than the
    header, an empty line, a quote that is never closed or is followed by more text.
    """
    text = _decode(name, data)
    if not text.strip():
        raise InputError(f"{name}: empty CSV (no header)")
    if not text.endswith(("\n", "\r")):
        raise InputError(f"{name}: last row has no line end (file cut mid-row?)")
    old = csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row = -1
    try:
        width = len(next(reader))
        row = 0
        for row, record in enumerate(reader, start=1):
            if len(record) != width and not (width == 1 and not record):
                what = "empty line" if not record else f"{len(record)} fields, header has {width}"
                raise InputError(f"{_where(name, row)}: {what} (short, long or cut row)")
    except csv.Error as exc:
        why = "unterminated quote" if "end of data" in str(exc) else "malformed quoting"
        raise InputError(f"{_where(name, row + 1)}: {why}") from None
    finally:
        csv.field_size_limit(old)
    return text, row


def read_csv(path: Path, name: str) -> pl.DataFrame:
    """A complete CSV file as a polars frame of text columns (see :func:`check_csv`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: unreadable ({type(exc).__name__})") from None
    _, rows = check_csv(data, name)
    try:
        df = pl.read_csv(data, infer_schema=False)
    except Exception as exc:  # never the library's message: it quotes cell values
        raise InputError(f"{name}: malformed CSV ({type(exc).__name__})") from None
    if df.height != rows:
        raise InputError(f"{name}: CSV parsers disagree on the row count ({rows} vs {df.height})")
    return df
