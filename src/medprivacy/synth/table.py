"""Reading a table to synthesize without type inference: every CSV cell is text.

``pd.read_csv`` would pick a column's dtype from its values, so one patient's ``7.5`` among
integers (or one odd date) would change how every other row is read and the output's dtype.
Here a CSV is read as strings (no NA guessing either) and each cell is converted by its column's
declared type in :mod:`medprivacy.synth.encode`. Parquet carries its own explicit schema.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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
        return pd.read_csv(p, dtype=str, keep_default_na=False, na_filter=False)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: unreadable table ({type(exc).__name__})") from None
