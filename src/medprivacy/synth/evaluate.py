"""Fidelity and utility of a synthetic table, next to the two floors any synthesizer must beat.

- total variation distance (TVD) of every 1-, 2- and 3-way marginal, columns binned per the spec;
- correlation differences (Pearson on the codes, i.e. ordinal bins);
- utility: gradient boosting trained on synthetic rows, tested on held-out real rows (TSTR), vs
  trained on the real rows (TRTR), AUC for the spec's ``target``;
- floors: *independent* (every real column shuffled on its own: exact marginals, no correlation)
  and *bootstrap* (real rows resampled: the sampling noise of a perfect model).

:func:`fidelity_report` returns a :class:`FidelityReport` (``to_dict()`` is JSON-ready) and
:func:`plot_report` draws it to a PNG. Reports hold metrics and column names only, no values.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from medprivacy.fileio import atomic_write_png
from medprivacy.synth.encode import Codes, encode
from medprivacy.synth.estimate import marginal
from medprivacy.synth.spec import SynthSpec, as_spec


def _codes(df: pd.DataFrame, spec: SynthSpec) -> Codes:
    """Codes of the rows to score (a held-out row with a null no column declares is left out)."""
    return encode(df, spec).complete()[0]


def _tvds(a: Codes, b: Codes, order: int, max_sets: int | None = None) -> dict[str, float]:
    out = {}
    sets = list(itertools.combinations(range(len(a.sizes)), order))
    if max_sets is not None and len(sets) > max_sets:
        keep = np.random.default_rng(0).choice(len(sets), max_sets, replace=False)
        sets = [sets[i] for i in sorted(keep)]
    na, nb = max(len(a.data), 1), max(len(b.data), 1)
    for cols in sets:
        pa = marginal(a.data, a.sizes, cols) / na
        pb = marginal(b.data, b.sizes, cols) / nb
        out[" x ".join(a.columns[c] for c in cols)] = float(0.5 * np.abs(pa - pb).sum())
    return out


def marginal_tvd(
    real: pd.DataFrame,
    synth: pd.DataFrame,
    spec: SynthSpec | dict[str, Any],
    orders: tuple[int, ...] = (1, 2, 3),
) -> dict[int, dict[str, float]]:
    """TVD of each k-way marginal (binned per spec), by order: ``{k: {"a x b": tvd}}``."""
    s = as_spec(spec)
    a, b = _codes(real, s), _codes(synth, s)
    return {k: _tvds(a, b, k) for k in orders if k <= len(a.sizes)}


def correlation_difference(
    real: pd.DataFrame, synth: pd.DataFrame, spec: SynthSpec | dict[str, Any]
) -> dict[str, float]:
    """Mean and max absolute difference of Pearson correlations of the codes."""
    s = as_spec(spec)
    a, b = _codes(real, s).data.astype(float), _codes(synth, s).data.astype(float)
    if a.shape[1] < 2:
        return {"mean_abs": 0.0, "max_abs": 0.0}
    with np.errstate(invalid="ignore", divide="ignore"):
        ca, cb = np.corrcoef(a, rowvar=False), np.corrcoef(b, rowvar=False)
    diff = np.nan_to_num(np.abs(ca - cb))[np.triu_indices(a.shape[1], 1)]
    return {"mean_abs": float(diff.mean()), "max_abs": float(diff.max())}


def tstr_auc(
    train: pd.DataFrame,
    test: pd.DataFrame,
    spec: SynthSpec | dict[str, Any],
    target: str,
    seed: int = 0,
) -> float:
    """AUC on ``test`` of gradient boosting trained on ``train`` (codes as features)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score

    s = as_spec(spec)
    tr, te = _codes(train, s), _codes(test, s)
    j = tr.columns.index(target)
    feats = [i for i in range(len(tr.columns)) if i != j]
    y_tr, y_te = tr.data[:, j], te.data[:, j]
    if len(np.unique(y_tr)) < 2 or len(np.unique(y_te)) < 2:
        return float("nan")
    from threadpoolctl import threadpool_limits

    # one OpenMP thread: on shared cores more threads oversubscribe and run 20x slower
    with threadpool_limits(limits=1):
        model = HistGradientBoostingClassifier(random_state=seed).fit(tr.data[:, feats], y_tr)
        proba = model.predict_proba(te.data[:, feats])
    if len(model.classes_) == 2:
        return float(roc_auc_score(y_te, proba[:, 1]))
    # multiclass: one-vs-rest macro AUC over the classes the model knows
    present = np.isin(y_te, model.classes_)
    return float(
        roc_auc_score(y_te[present], proba[present], multi_class="ovr", labels=model.classes_)
    )


def independent_floor(real: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Every column permuted on its own: exact 1-ways, no dependence (not private)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({c: rng.permutation(real[c].to_numpy()) for c in real.columns})


def bootstrap_floor(real: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """The real rows resampled with replacement (not private)."""
    idx = np.random.default_rng(seed).integers(0, len(real), len(real))
    return real.iloc[idx].reset_index(drop=True)


@dataclass
class Scores:
    tvd: dict[int, float]  # mean TVD by marginal order
    worst: dict[int, tuple[str, float]]  # worst marginal by order
    correlation: dict[str, float]
    auc: float | None = None


@dataclass
class FidelityReport:
    synthetic: Scores
    independent_floor: Scores
    bootstrap_floor: Scores
    real_auc: float | None = None  # train-on-real, test-on-real
    target: str | None = None
    per_marginal: dict[int, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _scores(
    real: pd.DataFrame,
    other: pd.DataFrame,
    spec: SynthSpec,
    orders: tuple[int, ...],
    test: pd.DataFrame | None,
    target: str | None,
) -> tuple[Scores, dict[int, dict[str, float]]]:
    tv = marginal_tvd(real, other, spec, orders)
    mean = {k: float(np.mean(list(v.values()))) for k, v in tv.items()}
    worst = {k: max(v.items(), key=lambda kv: kv[1]) for k, v in tv.items()}
    auc = tstr_auc(other, test, spec, target) if test is not None and target else None
    return Scores(mean, worst, correlation_difference(real, other, spec), auc), tv


def fidelity_report(
    real: pd.DataFrame,
    synth: pd.DataFrame,
    spec: SynthSpec | dict[str, Any],
    *,
    test: pd.DataFrame | None = None,
    target: str | None = None,
    orders: tuple[int, ...] = (1, 2, 3),
    seed: int = 0,
) -> FidelityReport:
    """Fidelity of ``synth`` to ``real`` with both floors; utility on ``test`` for ``target``
    (default: the spec's target)."""
    s = as_spec(spec)
    target = target or s.target
    cols = list(s.columns)
    real = real[cols]
    syn, per = _scores(real, synth[cols], s, orders, test, target)
    ind, _ = _scores(real, independent_floor(real, seed), s, orders, test, target)
    boot, _ = _scores(real, bootstrap_floor(real, seed), s, orders, test, target)
    real_auc = tstr_auc(real, test, s, target) if test is not None and target else None
    return FidelityReport(syn, ind, boot, real_auc, target, per)


def plot_report(report: FidelityReport, path: str | Path, title: str = "") -> Path:
    """A PNG: mean TVD by order (synthetic vs floors) and the per-pair 2-way TVDs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    orders = sorted(report.synthetic.tvd)
    width = 0.27
    for i, (label, sc) in enumerate(
        [
            ("synthetic", report.synthetic),
            ("independent floor", report.independent_floor),
            ("bootstrap floor", report.bootstrap_floor),
        ]
    ):
        ax1.bar(
            [o + (i - 1) * width for o in orders],
            [sc.tvd[o] for o in orders],
            width,
            label=label,
        )
    ax1.set_xticks(orders, [f"{o}-way" for o in orders])
    ax1.set_ylabel("mean total variation distance")
    ax1.legend()
    pairs = report.per_marginal.get(2, {})
    if pairs:
        items = sorted(pairs.items(), key=lambda kv: kv[1], reverse=True)[:25]
        ax2.barh([k for k, _ in items][::-1], [v for _, v in items][::-1])
        ax2.set_xlabel("2-way TVD (worst 25)")
        ax2.tick_params(axis="y", labelsize=7)
    fig.suptitle(title or "synthetic data fidelity")
    fig.tight_layout()
    atomic_write_png(path, fig, dpi=110)
    plt.close(fig)
    return path
