"""Interval estimates and ROC figures shared by the attacks.

Proportions get Wilson or Clopper–Pearson intervals (exact, for the ε audit where coverage must
hold); other statistics get a percentile bootstrap. Everything is plain numpy/scipy so that a
result can be recomputed by hand from the counts it reports.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import stats

Interval = tuple[float, float]


def wilson(successes: int, trials: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval for a binomial proportion ((0, 1) when there are no trials)."""
    if trials <= 0:
        return (0.0, 1.0)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return (max(0.0, float(centre - half)), min(1.0, float(centre + half)))


def clopper_pearson(successes: int, trials: int, confidence: float = 0.95) -> Interval:
    """Exact two-sided Clopper–Pearson interval (each tail (1 - confidence) / 2)."""
    if trials <= 0:
        return (0.0, 1.0)
    a = (1 - confidence) / 2
    lo = 0.0 if successes == 0 else float(stats.beta.ppf(a, successes, trials - successes + 1))
    hi = (
        1.0
        if successes == trials
        else float(stats.beta.ppf(1 - a, successes + 1, trials - successes))
    )
    return (lo, hi)


def cp_lower(successes: int, trials: int, alpha: float) -> float:
    """One-sided Clopper–Pearson lower bound: P(true p < bound) <= alpha."""
    if trials <= 0 or successes == 0:
        return 0.0
    return float(stats.beta.ppf(alpha, successes, trials - successes + 1))


def cp_upper(successes: int, trials: int, alpha: float) -> float:
    """One-sided Clopper–Pearson upper bound: P(true p > bound) <= alpha."""
    if trials <= 0 or successes == trials:
        return 1.0
    return float(stats.beta.ppf(1 - alpha, successes + 1, trials - successes))


def bootstrap(
    statistic: Callable[[np.ndarray], float],
    n: int,
    *,
    rounds: int = 200,
    confidence: float = 0.95,
    seed: int = 0,
) -> Interval:
    """Percentile bootstrap of ``statistic(index array)`` over ``n`` resampled row indices."""
    if n <= 1:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    values = np.array([statistic(rng.integers(0, n, n)) for _ in range(rounds)], dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return (float("nan"), float("nan"))
    a = (1 - confidence) / 2
    return (float(np.quantile(values, a)), float(np.quantile(values, 1 - a)))


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve (Mann–Whitney, ties count one half)."""
    labels = labels.astype(bool)
    n_pos, n_neg = int(labels.sum()), int((~labels).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = stats.rankdata(scores)
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def roc_curve(scores: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(FPR, TPR) at every distinct threshold "score >= t", from (0, 0) to (1, 1)."""
    labels = labels.astype(bool)
    order = np.argsort(-scores, kind="mergesort")
    s, y = scores[order], labels[order]
    distinct = np.r_[np.flatnonzero(np.diff(s)), y.size - 1]
    tp = np.cumsum(y)[distinct]
    fp = np.cumsum(~y)[distinct]
    tpr = np.r_[0.0, tp / max(int(y.sum()), 1)]
    fpr = np.r_[0.0, fp / max(int((~y).sum()), 1)]
    return fpr, tpr


def tpr_at_fpr(scores: np.ndarray, labels: np.ndarray, fpr_target: float) -> float:
    """Highest TPR among thresholds whose FPR does not exceed ``fpr_target``."""
    fpr, tpr = roc_curve(scores, labels)
    ok = fpr <= fpr_target + 1e-12
    return float(tpr[ok].max()) if ok.any() else 0.0


def advantage(scores: np.ndarray, labels: np.ndarray) -> float:
    """Membership advantage: max over thresholds of TPR - FPR."""
    fpr, tpr = roc_curve(scores, labels)
    return float(np.max(tpr - fpr))
