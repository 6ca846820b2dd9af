"""Columns <-> integer codes ``0..codes-1`` using only the spec's declared types and domains.

Encoding is a per-cell map fixed by the spec (no statistic of the data is used, no type is
inferred), so it costs no privacy budget and one row's cells never change another row's codes. A
cell that does not conform to its column's declaration is null: the column's ``nullable`` code, or
``-1``, which :func:`encode_checked` refuses (fitting) and :meth:`Codes.complete` drops (scoring
only). Decoding draws numeric values uniformly
inside their bin and dates uniformly inside their day range (non-private randomness, seedable);
output dtypes come from the spec (:func:`medprivacy.synth.spec.output_dtype`).
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

import numpy as np
import pandas as pd

from medprivacy.errors import InputError
from medprivacy.synth.estimate import marginal
from medprivacy.synth.spec import (
    CategoricalColumn,
    DateColumn,
    NumericColumn,
    SynthSpec,
    output_dtype,
)

NULL = -1  # code of a null cell in a column without a ``nullable`` code
_BOOL_TEXT = {"true": True, "false": False}


@dataclass(frozen=True)
class Codes:
    """An integer-coded table: ``data[:, j]`` in ``0..sizes[j]-1``, or ``NULL``."""

    columns: tuple[str, ...]
    sizes: tuple[int, ...]
    data: np.ndarray  # (rows, columns) int64

    def complete(self) -> tuple[Codes, int]:
        """The rows without a ``NULL`` code, and how many were dropped (a row-wise rule)."""
        keep = (self.data != NULL).all(axis=1)
        return Codes(self.columns, self.sizes, self.data[keep]), int((~keep).sum())

    def marginals(self, wanted: Sequence[tuple[int, ...]]) -> list[np.ndarray]:
        """Exact count table of each column tuple (axes in the tuple's order)."""
        return [marginal(self.data, self.sizes, cols) for cols in wanted]


class CodedTable(Protocol):
    """What marginal-based synthesizers read: column names, code counts and exact count tables
    (:class:`Codes` in memory, :class:`medprivacy.counts.PartitionedCodes` over partitions)."""

    @property
    def columns(self) -> tuple[str, ...]: ...

    @property
    def sizes(self) -> tuple[int, ...]: ...

    def marginals(self, wanted: Sequence[tuple[int, ...]]) -> list[np.ndarray]: ...


def _date_edges(col: DateColumn) -> np.ndarray:
    first, last = col.range
    days = (last - first).days + 1
    return np.unique(np.floor(np.linspace(0, days, col.size + 1)).astype(np.int64))


def _is_null(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def _number(v: Any) -> float | None:
    """A finite number from a number or its text; None otherwise (booleans are not numbers)."""
    if isinstance(v, bool | np.bool_):
        return None
    if isinstance(v, numbers.Real):
        x = float(v)
    elif isinstance(v, str):
        try:
            x = float(v.strip())
        except ValueError:
            return None
    else:
        return None
    return x if math.isfinite(x) else None


def _category_codes(col: CategoricalColumn, values: list[Any]) -> list[int | None]:
    """Domain index of each cell: the same string, the same boolean (or its text ``true`` /
    ``false``), or an equal number (or number text); None when none matches."""
    strs = {d: i for i, d in reversed(list(enumerate(col.domain))) if isinstance(d, str)}
    bools = {d: i for i, d in reversed(list(enumerate(col.domain))) if isinstance(d, bool)}
    nums = {
        float(d): i
        for i, d in reversed(list(enumerate(col.domain)))
        if isinstance(d, int | float) and not isinstance(d, bool)
    }
    out: list[int | None] = []
    for v in values:
        code = None
        if isinstance(v, bool | np.bool_):
            code = bools.get(bool(v))
        elif isinstance(v, str):
            code = strs.get(v)
            if code is None and bools and v.strip().lower() in _BOOL_TEXT:
                code = bools.get(_BOOL_TEXT[v.strip().lower()])
        if code is None and nums:
            x = _number(v)
            code = None if x is None else nums.get(x)
        out.append(code)
    return out


def _map_cells(s: pd.Series, codes_of: Any) -> np.ndarray:
    """Codes of every cell: ``codes_of(values)`` maps the distinct non-null values (each on its
    own) to codes or ``None``; null cells and ``None`` become NULL."""
    inverse, uniq = pd.factorize(s, use_na_sentinel=False)
    values = [u.item() if isinstance(u, np.generic) else u for u in uniq]
    present = [i for i, v in enumerate(values) if not _is_null(v)]
    mapped = np.full(len(values), NULL, dtype=np.int64)
    for i, code in zip(present, codes_of([values[i] for i in present]), strict=True):
        if code is not None:
            mapped[i] = code
    return mapped[inverse]


def _numeric_code(col: NumericColumn, edges: np.ndarray, v: Any) -> int | None:
    x = _number(v)
    if x is None or (col.dtype == "int" and not x.is_integer()):
        return None
    x = min(max(x, col.bounds[0]), col.bounds[1])
    return int(np.clip(np.searchsorted(edges, x, side="right") - 1, 0, col.size - 1))


def _parse_texts(col: DateColumn, texts: list[str]) -> list[Any]:
    """Each text parsed by the declared format alone (unparseable: NaT). One vectorised call
    parses element by element with an explicit format; when it cannot (mixed time zones), each
    text is parsed on its own."""
    stripped = pd.Series([t.strip() for t in texts], dtype=object)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # mixed time zones: handled below
            parsed = pd.to_datetime(stripped, format=col.format, errors="coerce")
        if pd.api.types.is_datetime64_any_dtype(parsed.dtype):
            return list(parsed)
    except (ValueError, TypeError, OverflowError):
        pass
    return [pd.to_datetime(pd.Series([t]), format=col.format, errors="coerce").iloc[0]
            for t in stripped]  # fmt: skip


def _date_codes(col: DateColumn, edges: np.ndarray, values: list[Any]) -> list[int | None]:
    """Codes of distinct cells: date objects as they are, text by the declared format only."""
    texts = [i for i, v in enumerate(values) if isinstance(v, str)]
    stamps: list[Any] = [None] * len(values)
    for i, ts in zip(texts, _parse_texts(col, [values[i] for i in texts]), strict=True):
        stamps[i] = ts
    first, last = col.range
    out: list[int | None] = []
    for v, ts in zip(values, stamps, strict=True):
        if isinstance(v, datetime | date | np.datetime64):
            ts = pd.Timestamp(v)
        if ts is None or _is_null(ts):
            out.append(None)
            continue
        ts = ts.tz_localize(None) if ts.tzinfo else ts
        days = min(max((ts.normalize() - pd.Timestamp(first)).days, 0), (last - first).days)
        out.append(int(np.clip(np.searchsorted(edges, days, side="right") - 1, 0, len(edges) - 2)))
    return out


def encode(df: pd.DataFrame, spec: SynthSpec) -> Codes:
    """Integer codes for the spec's columns (every spec column must be in ``df``)."""
    missing = [c for c in spec.columns if c not in df.columns]
    if missing:
        raise InputError(f"columns declared in the spec are missing from the table: {missing}")
    out = np.empty((len(df), len(spec.columns)), dtype=np.int64)
    for j, (name, col) in enumerate(spec.columns.items()):
        s = df[name]
        if isinstance(col, CategoricalColumn):
            codes = _map_cells(s, lambda vs, c=col: _category_codes(c, vs))
        elif isinstance(col, NumericColumn):
            edges = np.asarray(col.edges)
            codes = _map_cells(s, lambda vs, c=col, e=edges: [_numeric_code(c, e, v) for v in vs])
        else:
            edges = _date_edges(col)
            codes = _map_cells(s, lambda vs, c=col, e=edges: _date_codes(c, e, vs))
        if col.nullable:
            codes = np.where(codes == NULL, col.size, codes)
        out[:, j] = codes
    return Codes(tuple(spec.columns), sizes_of(spec), out)


def _broken_rule(col: CategoricalColumn | NumericColumn | DateColumn) -> str:
    """What a non-empty cell that is null failed to be (the rule, never the value)."""
    if isinstance(col, CategoricalColumn):
        return "a value outside the declared domain"
    if isinstance(col, NumericColumn):
        return "not a whole number" if col.dtype == "int" else "not a number"
    return f"not a date in the declared format {col.format}"


def encode_checked(df: pd.DataFrame, spec: SynthSpec) -> Codes:
    """:func:`encode`, refusing a null in a column without ``nullable: true``: one InputError
    naming the column, the first such row (``df``'s integer index + 1, i.e. the data row counted
    from 1 when the index is the input's positions) and the rule, never the cell's value."""
    codes = encode(df, spec)
    for j, (name, col) in enumerate(spec.columns.items()):
        bad = np.flatnonzero(codes.data[:, j] == NULL)
        if not len(bad):
            continue
        first = int(bad[0])
        cell = df[name].iloc[first]
        empty = _is_null(cell) or (isinstance(cell, str) and not cell.strip())
        label = df.index[first]
        row = int(label) + 1 if isinstance(label, numbers.Integral) else first + 1
        more = (
            f" (and {len(bad) - 1} more row{'s' if len(bad) > 2 else ''})" if len(bad) > 1 else ""
        )
        what = "an empty cell" if empty else _broken_rule(col)
        raise InputError(
            f"column {name!r}, row {row}: {what}{more}; rule: a column holds nulls (empty or "
            "non-conforming cells) only with `nullable: true` in the synth spec"
        )
    return codes


def sizes_of(spec: SynthSpec) -> tuple[int, ...]:
    """Number of codes of each column (same as :func:`encode` gives)."""
    return tuple(c.codes for c in spec.columns.values())


def decode(codes: np.ndarray, spec: SynthSpec, rng: np.random.Generator) -> pd.DataFrame:
    """Values for integer codes, with the dtypes the spec declares (a ``nullable`` code: null)."""
    out: dict[str, Any] = {}
    for j, (name, col) in enumerate(spec.columns.items()):
        c = codes[:, j]
        null = c >= col.size  # the `nullable` code
        c = np.where(null, 0, c)
        if isinstance(col, CategoricalColumn):
            values = pd.Series(np.asarray(col.domain, dtype=object)[c], dtype=object)
        elif isinstance(col, NumericColumn):
            edges = np.asarray(col.edges)
            x = rng.uniform(edges[c], edges[c + 1])
            if col.dtype == "int":
                lo, hi = col.bounds
                x = np.clip(np.floor(x), np.ceil(lo), np.floor(hi))
            values = pd.Series(x)
        else:
            edges = _date_edges(col)
            offs = rng.integers(edges[c], edges[c + 1])
            values = pd.Series(pd.Timestamp(col.range[0]) + pd.to_timedelta(offs, unit="D"))
        dtype = output_dtype(col)
        if null.any():
            values = values.astype(object).where(~null, None)
        out[name] = values.astype(dtype).reset_index(drop=True)
    return pd.DataFrame(out)
