"""Mixed-type record encoding and Gower-style distances between tables.

Numeric columns are compared as |x - y| / range (capped at 1), categorical ones as 0/1 mismatch;
a record's distance is the mean over the columns both records have (missing values are skipped,
so partly known auxiliary records still compare). Ranges and category codes are fitted on the
data the adversary holds, never on the targets' ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from medprivacy.errors import ConfigError

_CHUNK_CELLS = 4_000_000  # rows x columns of the distance matrix held at once


@dataclass
class Encoded:
    """A table as floats (numeric, NaN = missing) and ints (category codes, -1 = missing)."""

    num: np.ndarray
    cat: np.ndarray

    def __len__(self) -> int:
        return int(max(self.num.shape[0], self.cat.shape[0]))

    def take(self, idx: np.ndarray) -> Encoded:
        return Encoded(self.num[idx], self.cat[idx])


class Encoder:
    """Fits column kinds, ranges and category codes on some tables; encodes any table alike."""

    def __init__(self, columns: list[str], numeric_min_distinct: int = 8) -> None:
        self.columns = list(columns)
        self.numeric_min_distinct = numeric_min_distinct
        self.numeric: list[str] = []
        self.categorical: list[str] = []
        self.scale: np.ndarray = np.zeros(0)
        self.codes: dict[str, dict[object, int]] = {}

    def fit(self, *frames: pd.DataFrame) -> Encoder:
        frames = tuple(f for f in frames if f is not None)
        for frame in frames:
            missing = [c for c in self.columns if c not in frame.columns]
            if missing:
                raise ConfigError(f"column {missing[0]!r} is missing from a table")
        both = pd.concat([f[self.columns] for f in frames], ignore_index=True)
        scales = []
        for col in self.columns:
            s = both[col]
            numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
            if numeric and s.nunique(dropna=True) >= self.numeric_min_distinct:
                self.numeric.append(col)
                v = s.astype(float)
                rng = float(v.max() - v.min()) if v.notna().any() else 0.0
                scales.append(rng if rng > 0 else 1.0)
            else:
                self.categorical.append(col)
                values = pd.unique(_as_key(s).dropna())
                self.codes[col] = {v: i for i, v in enumerate(values)}
        self.scale = np.asarray(scales, dtype=float)
        return self

    def transform(self, frame: pd.DataFrame) -> Encoded:
        n = len(frame)
        num = np.empty((n, len(self.numeric)), dtype=float)
        for j, col in enumerate(self.numeric):
            num[:, j] = (
                pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float) / self.scale[j]
            )
        cat = np.empty((n, len(self.categorical)), dtype=np.int64)
        for j, col in enumerate(self.categorical):
            mapping = self.codes[col]
            cat[:, j] = _as_key(frame[col]).map(mapping).fillna(-2).to_numpy(dtype=np.int64)
            cat[_as_key(frame[col]).isna().to_numpy(), j] = -1
        return Encoded(num, cat)

    def onehot(self, enc: Encoded) -> np.ndarray:
        """Numeric columns (missing -> 0.5) next to one-hot categories: for densities."""
        parts = [np.nan_to_num(enc.num, nan=0.5)]
        for j, col in enumerate(self.categorical):
            k = len(self.codes[col])
            oh = np.zeros((len(enc), k))
            ok = enc.cat[:, j] >= 0
            oh[np.flatnonzero(ok), enc.cat[ok, j]] = 1.0
            parts.append(oh)
        return np.hstack(parts) if parts else np.zeros((len(enc), 0))


def _as_key(s: pd.Series) -> pd.Series:
    """Values as hashable keys that compare alike across tables (1 and 1.0 are one category)."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.astype(float)
    return s.astype(object).where(s.notna(), None)


def distance_block(a: Encoded, b: Encoded, cat_weight: float = 1.0) -> np.ndarray:
    """Mean per-column distance between every row of ``a`` and every row of ``b``.

    ``cat_weight`` scales a category mismatch (1 = Gower); below 1 a single re-drawn category
    counts less than a number far off.
    """
    na, nb = len(a), len(b)
    total = np.zeros((na, nb))
    count = np.zeros((na, nb)) if _has_missing(a) or _has_missing(b) else None
    ncols = a.num.shape[1] + a.cat.shape[1]
    for j in range(a.num.shape[1]):
        d = np.abs(a.num[:, j, None] - b.num[None, :, j])
        np.minimum(d, 1.0, out=d)
        if count is not None:
            ok = ~np.isnan(d)
            count += ok
            d[~ok] = 0.0
        total += d
    for j in range(a.cat.shape[1]):
        x, y = a.cat[:, j, None], b.cat[None, :, j]
        d = (x != y) * cat_weight
        if count is not None:
            ok = (x != -1) & (y != -1)
            count += ok
            d[~ok] = 0.0
        total += d
    if count is None:
        return total / max(ncols, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = total / count
    out[count == 0] = 1.0
    return out


def _has_missing(e: Encoded) -> bool:
    return bool(np.isnan(e.num).any() or (e.cat == -1).any())


def nearest(
    a: Encoded, b: Encoded, k: int = 1, exclude_self: bool = False, cat_weight: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Distances and indices of the ``k`` nearest rows of ``b`` for each row of ``a`` (sorted).

    Ties are broken at random (seeded), so a record with several equally close matches does not
    always link to the first one. ``exclude_self`` skips the same index (``a`` is ``b``).
    """
    na, nb = len(a), len(b)
    k = min(k, nb - int(exclude_self))
    if k <= 0:
        raise ConfigError("too few reference records for a nearest-neighbour search")
    ncols = max(a.num.shape[1] + a.cat.shape[1], 1)
    step = max(1, _CHUNK_CELLS // max(nb * ncols // 4, 1))
    dist = np.empty((na, k))
    idx = np.empty((na, k), dtype=np.int64)
    jitter = np.random.default_rng(12345).random(nb) * 1e-9
    for start in range(0, na, step):
        stop = min(na, start + step)
        d = distance_block(a.take(np.arange(start, stop)), b, cat_weight) + jitter
        if exclude_self:
            rows = np.arange(stop - start)
            d[rows, np.arange(start, stop)] = np.inf
        part = (
            np.argpartition(d, k - 1, axis=1)[:, :k]
            if k < nb
            else np.tile(np.arange(nb), (stop - start, 1))
        )
        pd_ = np.take_along_axis(d, part, axis=1)
        order = np.argsort(pd_, axis=1)
        idx[start:stop] = np.take_along_axis(part, order, axis=1)
        dist[start:stop] = np.take_along_axis(pd_, order, axis=1)
    return np.maximum(dist - 1e-9, 0.0), idx
