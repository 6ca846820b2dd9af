"""Proposed hierarchies for review (what ``inspect`` can print as an ``anonymize:`` draft).

Rules, not data: numeric columns get nested intervals sized to their range, ISO dates the date
ladder, equal-length digit codes (ZIP, postcode) prefixes, anything else a flat keep-or-suppress
hierarchy. A proposal never lists a data value, so it is safe to print and to commit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pandas as pd

from medprivacy.anonymize.config import HierarchySpec

NICE = (1, 2, 5)


def _nice_width(span: float) -> float:
    """The smallest 1/2/5 x 10^n width that cuts ``span`` into at most 20 intervals."""
    target = max(span / 20, 1e-9)
    exp = math.floor(math.log10(target))
    for e in (exp, exp + 1):
        for m in NICE:
            w = m * 10.0**e
            if w >= target:
                return w
    return 10.0 ** (exp + 1)


def _is_date(values: Sequence[str]) -> bool:
    try:
        for v in values:
            dt.date.fromisoformat(v[:10])
    except ValueError:
        return False
    return bool(values)


def propose(df: pd.DataFrame, columns: Sequence[str]) -> dict[str, HierarchySpec]:
    """One hierarchy rule per column, chosen from the column's shape (never its values)."""
    out: dict[str, HierarchySpec] = {}
    for c in columns:
        col = df[c].dropna()
        text = col.astype(str).unique().tolist()
        numeric = pd.to_numeric(col, errors="coerce")
        if len(col) and numeric.notna().all() and not _looks_like_code(text):
            w = _nice_width(float(numeric.max() - numeric.min()))
            out[c] = HierarchySpec(kind="intervals", widths=[w, 2 * w, 4 * w])
        elif _is_date(text):
            out[c] = HierarchySpec(kind="dates")
        elif _looks_like_code(text):
            out[c] = HierarchySpec(kind="prefix")
        else:
            out[c] = HierarchySpec(kind="groups", groups=[])
    return out


def _looks_like_code(values: Sequence[str]) -> bool:
    """Digit strings of one length, 3 to 10 long, some with a leading zero or all 5+ long."""
    if not values or not all(v.isdigit() for v in values):
        return False
    lengths = {len(v) for v in values}
    if len(lengths) != 1 or not 3 <= next(iter(lengths)) <= 10:
        return False
    return any(v.startswith("0") for v in values) or next(iter(lengths)) >= 5
