"""Columns <-> integer codes ``0..size-1`` using only the spec's declared domains.

Encoding is a per-row map fixed by the spec (no statistic of the data is used), so it costs no
privacy budget. Decoding draws numeric values uniformly inside their bin and dates uniformly inside
their day range (non-private randomness, seedable).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from medprivacy.errors import InputError
from medprivacy.synth.spec import CategoricalColumn, DateColumn, NumericColumn, SynthSpec


@dataclass(frozen=True)
class Codes:
    """An integer-coded table: ``data[:, j]`` in ``0..sizes[j]-1``."""

    columns: tuple[str, ...]
    sizes: tuple[int, ...]
    data: np.ndarray  # (rows, columns) int64


def _date_edges(col: DateColumn) -> np.ndarray:
    first, last = col.range
    days = (last - first).days + 1
    return np.unique(np.floor(np.linspace(0, days, col.size + 1)).astype(np.int64))


def _categorical(name: str, col: CategoricalColumn, s: pd.Series) -> np.ndarray:
    if s.isna().any():
        raise InputError(f"column {name!r}: missing values (not in the declared domain)")
    lookup = {(type(v), v): i for i, v in enumerate(col.domain)}
    # numeric data equal to an integer domain value (1.0 == 1) is accepted
    plain = {v: i for i, v in enumerate(col.domain) if not isinstance(v, bool)}
    inverse, uniq = pd.factorize(s, use_na_sentinel=False)
    mapped = []
    for u in uniq:
        v = u.item() if isinstance(u, np.generic) else u
        code = lookup.get((type(v), v))
        if code is None and not isinstance(v, bool):
            code = plain.get(v)
        if code is None:
            raise InputError(f"column {name!r}: values outside the declared domain")
        mapped.append(code)
    return np.asarray(mapped, dtype=np.int64)[inverse]


def _numeric(name: str, col: NumericColumn, s: pd.Series) -> np.ndarray:
    if s.isna().any():
        raise InputError(f"column {name!r}: missing values (numeric columns need a value)")
    x = np.clip(s.to_numpy(dtype=float), *col.bounds)
    edges = np.asarray(col.edges)
    return np.clip(np.searchsorted(edges, x, side="right") - 1, 0, col.size - 1).astype(np.int64)


def _date(name: str, col: DateColumn, s: pd.Series) -> np.ndarray:
    try:
        ts = pd.to_datetime(s, errors="raise")
    except (ValueError, TypeError):
        raise InputError(f"column {name!r}: unreadable dates") from None
    if ts.isna().any():
        raise InputError(f"column {name!r}: missing dates")
    first, last = col.range
    days = (ts.dt.normalize() - pd.Timestamp(first)).dt.days.to_numpy()
    days = np.clip(days, 0, (last - first).days)
    edges = _date_edges(col)
    return np.clip(np.searchsorted(edges, days, side="right") - 1, 0, len(edges) - 2).astype(
        np.int64
    )


def encode(df: pd.DataFrame, spec: SynthSpec) -> Codes:
    """Integer codes for the spec's columns (every spec column must be in ``df``)."""
    missing = [c for c in spec.columns if c not in df.columns]
    if missing:
        raise InputError(f"columns declared in the spec are missing from the table: {missing}")
    out = np.empty((len(df), len(spec.columns)), dtype=np.int64)
    sizes = []
    for j, (name, col) in enumerate(spec.columns.items()):
        s = df[name]
        if isinstance(col, CategoricalColumn):
            out[:, j] = _categorical(name, col, s)
            sizes.append(col.size)
        elif isinstance(col, NumericColumn):
            out[:, j] = _numeric(name, col, s)
            sizes.append(col.size)
        else:
            out[:, j] = _date(name, col, s)
            sizes.append(len(_date_edges(col)) - 1)
    return Codes(tuple(spec.columns), tuple(sizes), out)


def sizes_of(spec: SynthSpec) -> tuple[int, ...]:
    """Number of codes of each column (same as :func:`encode` gives)."""
    return tuple(
        len(_date_edges(c)) - 1 if isinstance(c, DateColumn) else c.size
        for c in spec.columns.values()
    )


def _cast_like(values: Any, like: pd.Series | None) -> pd.Series:
    s = pd.Series(values)
    if like is None:
        return s
    try:
        if pd.api.types.is_integer_dtype(like.dtype) and pd.api.types.is_float_dtype(s.dtype):
            s = s.round()
        return s.astype(like.dtype)
    except (ValueError, TypeError):
        return s


def decode(
    codes: np.ndarray,
    spec: SynthSpec,
    rng: np.random.Generator,
    like: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Values for integer codes; dtypes follow ``like`` (the input table) where given."""
    out: dict[str, Any] = {}
    for j, (name, col) in enumerate(spec.columns.items()):
        c = codes[:, j]
        ref = like[name] if like is not None and name in like.columns else None
        if isinstance(col, CategoricalColumn):
            values: Any = np.asarray(col.domain, dtype=object)[c]
        elif isinstance(col, NumericColumn):
            edges = np.asarray(col.edges)
            values = rng.uniform(edges[c], edges[c + 1])
            if ref is not None and pd.api.types.is_integer_dtype(ref.dtype):
                lo, hi = col.bounds
                values = np.clip(np.floor(values), np.ceil(lo), np.floor(hi))
        else:
            edges = _date_edges(col)
            offs = rng.integers(edges[c], edges[c + 1])
            first = col.range[0]
            dates = [first + timedelta(days=int(d)) for d in offs]
            if ref is not None and pd.api.types.is_datetime64_any_dtype(ref.dtype):
                values = pd.to_datetime(pd.Series(dates)).astype(ref.dtype)
            elif ref is not None and len(ref) and isinstance(ref.iloc[0], date):
                values = dates
            else:
                values = [d.isoformat() for d in dates]
        out[name] = _cast_like(values, ref).reset_index(drop=True)
    return pd.DataFrame(out)
