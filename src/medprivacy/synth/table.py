"""Reading a table to synthesize without type inference: every CSV cell is text.

``pd.read_csv`` would pick a column's dtype from its values, so one patient's ``7.5`` among
integers (or one odd date) would change how every other row is read and the output's dtype.
Here a CSV is read as strings (no NA guessing either) and each cell is converted by its column's
declared type in :mod:`medprivacy.synth.encode`. Parquet carries its own explicit schema.
A CSV that parses only partly (cut mid-row, short rows, an unterminated quote) is refused
before anything is paid.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from medprivacy.fileio import read_table


def read_synth_table(path: str | Path) -> pd.DataFrame:
    """A CSV as text cells (see :func:`medprivacy.fileio.read_table`), or a Parquet table."""
    return read_table(path, text=True)
