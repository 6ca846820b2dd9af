"""Reading a table to synthesize without type inference: every CSV cell is text.

``pd.read_csv`` would pick a column's dtype from its values, so one patient's ``7.5`` among
integers (or one odd date) would change how every other row is read and the output's dtype.
Here a CSV is read as strings (no NA guessing either) and each cell is converted by its column's
declared type in :mod:`medprivacy.synth.encode`. Parquet carries its own explicit schema.
A CSV that parses only partly (cut mid-row, short rows, an unterminated quote) is refused
before anything is paid (:func:`check_csv`).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from medprivacy.deid.table.csvfile import check_csv
from medprivacy.errors import InputError


def read_synth_table(path: str | Path) -> pd.DataFrame:
    """A CSV (UTF-8, header row) as text cells, or a Parquet table; errors name the file and
    the kind of problem, never a cell value."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    try:
        if p.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(p)
        text, rows = check_csv(p.read_bytes(), str(p))  # a cut or ragged file is refused
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: unreadable table ({type(exc).__name__})") from None
    if len(frame) != rows:
        raise InputError(f"{p}: {len(frame)} rows read but {rows} in the file; refused")
    return frame
