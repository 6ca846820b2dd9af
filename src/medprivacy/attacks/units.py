"""The privacy unit of the membership game: one target per patient, fitted rows only.

A release made with a privacy unit (``privacy_unit`` in a synth or stats spec) protects a
patient with all of their rows, of which the mechanism kept the first ``max_rows`` (in input
order) and dropped the rest. The private member / non-member files then carry one column
``medprivacy_unit`` (a keyed pseudonym of the patient) and may hold several rows per patient.
The game plays one target per patient: rows past ``max_rows`` were never fitted, so they are
dropped (never counted as members), and a patient's score is the highest of its rows' scores.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

UNIT_COLUMN = "medprivacy_unit"
_MAX_ROWS = re.compile(r"at most (\d+) rows?\b")


def max_rows_from_unit(unit: object) -> int | None:
    """``K`` of a privacy statement's unit ("patient (ID, at most K rows)"); 1 for "row"."""
    if not isinstance(unit, str):
        return None
    found = _MAX_ROWS.search(unit)
    if found:
        return int(found.group(1))
    return 1 if unit.strip().lower() in ("row", "one row") else None


def fitted_rows(df: pd.DataFrame | None, max_rows: int | None) -> pd.DataFrame | None:
    """``df`` without the rows a unit-bounded mechanism never fitted (past ``max_rows``)."""
    if df is None or max_rows is None or UNIT_COLUMN not in df.columns:
        return df
    units = df[UNIT_COLUMN]
    keep = units.groupby(units, sort=False).cumcount().to_numpy() < max_rows
    return df if keep.all() else df.loc[keep].reset_index(drop=True)


def has_units(*frames: pd.DataFrame | None) -> bool:
    """True when every frame given carries the unit column."""
    present = [f for f in frames if f is not None]
    return bool(present) and all(UNIT_COLUMN in f.columns for f in present)


def per_target_max(row_scores: np.ndarray, target: np.ndarray, n_targets: int) -> np.ndarray:
    """Each target's highest row score (its patient is exposed by its most exposed row)."""
    out = np.full(n_targets, -np.inf)
    np.maximum.at(out, target, np.asarray(row_scores, dtype=float))
    return out
