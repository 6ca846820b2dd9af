"""Per-patient contribution bound, applied before any fitting.

Rule (deterministic, documented): rows keep their input order; within each patient (value of the
privacy unit's ``id`` column) the first ``max_rows`` rows are kept and later ones dropped. The order
is the caller's, so sort the table first (e.g. by visit date) to choose which rows survive. Rows
without an id (null or blank) are dropped, row by row: one such row never refuses the whole table.
The id column itself is not synthesized. Removing or adding one patient then changes at most
``max_rows`` rows, which is the sensitivity every DP measurement is scaled to.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from medprivacy.errors import InputError
from medprivacy.synth.spec import SynthSpec


def bound_contributions(df: pd.DataFrame, spec: SynthSpec) -> pd.DataFrame:
    """``df`` with at most ``max_rows`` rows per patient (first ones in input order)."""
    unit = spec.privacy_unit
    if unit is None:
        return df
    if unit.id not in df.columns:
        raise InputError(f"privacy unit column {unit.id!r} is missing from the table")
    df = df.loc[has_unit_id(df[unit.id])]
    ids = df[unit.id].map(cell_text)  # 7, 7.0 and "7" are one patient, as everywhere else
    keep = ids.groupby(ids, sort=False).cumcount().to_numpy() < unit.max_rows
    return df.loc[keep]


def cell_text(v: object) -> str:
    """A cell as text by its value alone: a whole float reads like the integer (7.0 -> "7"), so
    a column that pandas or Parquet stores as float because of one other row reads the same."""
    if isinstance(v, float | np.floating) and math.isfinite(v) and float(v).is_integer():
        return str(int(v))
    return str(v)


def has_unit_id(ids: pd.Series) -> pd.Series:
    """Rows whose privacy-unit id is present: not null and not blank (a CSV's empty cell)."""
    return ids.notna() & (ids.astype(str).str.strip() != "")
