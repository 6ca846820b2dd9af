"""Post-processing of noisy marginals (numpy only; no private data, no privacy cost).

- :func:`marginal`: exact counts of a set of columns (the only function here that sees data);
- :func:`project_simplex`: Euclidean projection of noisy counts onto ``{x >= 0, sum x = total}``
  (the least-squares nonnegative estimate; it sets the many small noisy cells to zero);
- :func:`combine_oneway`: inverse-variance combination of every measurement covering a column;
- :func:`rake`: iterative proportional fitting of a 2-way table to its two 1-way margins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Noisy:
    """A noisy marginal over ``cols`` (column indices) with per-cell noise std ``sigma``."""

    cols: tuple[int, ...]
    values: np.ndarray
    sigma: float


def marginal(data: np.ndarray, sizes: Sequence[int], cols: Sequence[int]) -> np.ndarray:
    """Exact count table of columns ``cols`` of the coded ``data`` (shape = their sizes)."""
    shape = tuple(sizes[c] for c in cols)
    if not cols:
        return np.asarray([len(data)], dtype=np.int64)
    flat = np.ravel_multi_index(tuple(data[:, c] for c in cols), shape)
    return np.bincount(flat, minlength=int(np.prod(shape))).reshape(shape)


def project_simplex(v: np.ndarray, total: float) -> np.ndarray:
    """The closest (L2) ``x >= 0`` with ``sum(x) == total`` (same shape as ``v``)."""
    flat = v.ravel().astype(float)
    if total <= 0:
        return np.zeros_like(v, dtype=float)
    u = np.sort(flat)[::-1]
    css = np.cumsum(u) - total
    idx = np.arange(1, len(u) + 1)
    cond = u - css / idx > 0
    r = idx[cond][-1]
    tau = css[cond][-1] / r
    return np.maximum(flat - tau, 0.0).reshape(v.shape)


def estimate_total(measurements: Sequence[Noisy]) -> float:
    """Inverse-variance weighted estimate of the number of rows from every measurement's sum."""
    num = den = 0.0
    for m in measurements:
        var = m.sigma**2 * m.values.size
        num += m.values.sum() / var
        den += 1 / var
    return max(num / den, 1.0)


def combine_oneway(col: int, size: int, measurements: Sequence[Noisy], total: float) -> np.ndarray:
    """Counts of column ``col`` from every measurement containing it, nonnegative, summing to
    ``total``."""
    num = np.zeros(size)
    den = 0.0
    for m in measurements:
        if col not in m.cols:
            continue
        axis = m.cols.index(col)
        others = tuple(i for i in range(len(m.cols)) if i != axis)
        summed = m.values.sum(axis=others) if others else m.values
        var = m.sigma**2 * (m.values.size / size)
        num += summed / var
        den += 1 / var
    if den == 0:
        return np.full(size, total / size)
    return project_simplex(num / den, total)


def rake(table: np.ndarray, rows: np.ndarray, cols: np.ndarray, iters: int = 30) -> np.ndarray:
    """Scale ``table`` (nonnegative) so its row and column sums approach ``rows`` and ``cols``."""
    t = table.astype(float) + 1e-9 * max(rows.sum(), 1.0) / table.size
    for _ in range(iters):
        rs = t.sum(axis=1)
        t *= np.divide(rows, rs, out=np.zeros_like(rs), where=rs > 0)[:, None]
        cs = t.sum(axis=0)
        t *= np.divide(cols, cs, out=np.zeros_like(cs), where=cs > 0)[None, :]
    return t


def round_counts(p: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Integer counts summing to ``n`` proportional to ``p`` (randomised largest remainder)."""
    p = np.asarray(p, dtype=float)
    s = p.sum()
    p = p / s if s > 0 else np.full(len(p), 1 / len(p))
    exact = p * n
    base = np.floor(exact).astype(np.int64)
    extra = n - int(base.sum())
    if extra > 0:
        frac = exact - base
        idx = rng.choice(len(p), size=extra, replace=False, p=frac / frac.sum())
        base[idx] += 1
    return base
