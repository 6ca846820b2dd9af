"""Membership inference against a release (synthetic or masked), and the membership game.

Scores (higher = more likely a member), all on Gower-encoded records:

- ``dcr``: minus the distance to the closest release record;
- ``density_ratio``: DOMIAS-style log ratio of the release density to the reference (population)
  density at the target, both estimated by k-nearest-neighbour distances:
  log p_rel / p_ref = const + D * (log d_ref,k - log d_rel,k); the constant and the dimension D do
  not change the ranking, so the score is log d_ref,k - log d_rel,k. With k = 1 it is the DCR
  normalised by how crowded the target's neighbourhood is anyway;
- ``kde_ratio``: the same ratio from Gaussian kernel densities on one-hot/scaled features;
- ``likelihood_ratio``: the likelihood ratio of "the target was a source of the release" under a
  per-column perturbation model learned from the release, the targets and the population (numeric
  noise shape and scale, category re-draw rates; EM as in Fellegi–Sunter record linkage), with
  each release record normalised by its density under the perturbed population; see
  :mod:`medprivacy.attacks.likelihood`;
- ``best``: the rank of ``likelihood_ratio`` plus 0.15 times the rank of ``dcr`` (exact copies of
  records that are common in the population still come first), which the benchmark found
  strongest across raw, masked and synthetic releases (benchmarks/attack_strength.py).

The attack also picks the most vulnerable targets (outliers far from the population, rare
quasi-identifier combinations) and reports the AUC on them: averages hide the few records a
release exposes.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

import numpy as np
import pandas as pd
from pydantic import Field
from scipy import stats as sstats

from medprivacy.attacks.base import (
    Attack,
    AttackConfig,
    AttackData,
    AttackResult,
    ThreatModel,
    Threshold,
    attacks,
)
from medprivacy.attacks.encode import Encoder, nearest
from medprivacy.attacks.stats import advantage, bootstrap, roc_auc, tpr_at_fpr, wilson
from medprivacy.attacks.units import UNIT_COLUMN, fitted_rows, has_units, per_target_max
from medprivacy.errors import ConfigError

METHODS = ("best", "likelihood_ratio", "dcr", "density_ratio", "kde_ratio")
CAT_WEIGHT = 0.5  # a category mismatch weighs half a fully different number
BEST_DCR_WEIGHT = 0.15


def _common_columns(*frames: pd.DataFrame | None) -> list[str]:
    present = [f for f in frames if f is not None]
    cols = [c for c in present[0].columns if all(c in f.columns for f in present[1:])]
    if not cols:
        raise ConfigError("the release and the targets share no column")
    return cols


def _log_knn_ratio(d_ref: np.ndarray, d_rel: np.ndarray, floor: float) -> np.ndarray:
    return np.log(d_ref + floor) - np.log(d_rel + floor)


def membership_scores(
    release_df: pd.DataFrame,
    targets_df: pd.DataFrame,
    aux_df: pd.DataFrame | None = None,
    method: str = "best",
    *,
    columns: list[str] | None = None,
    k: int = 5,
    cat_weight: float = CAT_WEIGHT,
) -> np.ndarray:
    """One score per row of ``targets_df``; higher means more likely used to build the release.

    ``aux_df`` is population data disjoint from the targets (the reference density); without it
    only ``dcr`` is possible and is used whatever ``method`` says.
    """
    if method not in METHODS:
        raise ConfigError(f"unknown membership method {method!r} (known: {', '.join(METHODS)})")
    if len(release_df) == 0 or len(targets_df) == 0:
        raise ConfigError("membership scores need a non-empty release and targets")
    cols = columns or _common_columns(release_df, targets_df, aux_df)
    enc = Encoder(cols).fit(release_df, *([aux_df] if aux_df is not None else []))
    rel, tgt = enc.transform(release_df), enc.transform(targets_df)
    kk = max(1, min(k, len(release_df)))
    d_rel, _ = nearest(tgt, rel, kk, cat_weight=cat_weight)
    dcr = -d_rel[:, 0]
    if aux_df is None or len(aux_df) == 0 or method == "dcr":
        return dcr
    if method == "kde_ratio":
        return _kde_ratio(enc, release_df, aux_df, targets_df)
    if method in ("likelihood_ratio", "best"):
        from medprivacy.attacks.likelihood import likelihood_ratio_scores

        lr = likelihood_ratio_scores(release_df, targets_df, aux_df, cols)
        if method == "likelihood_ratio":
            return lr
        # best: the likelihood ratio, with the DCR's rank as a small second vote (exact copies
        # of records common in the population still rank first).
        n = len(lr)
        combined = sstats.rankdata(lr) + BEST_DCR_WEIGHT * sstats.rankdata(dcr)
        return np.asarray(combined / ((1 + BEST_DCR_WEIGHT) * n))
    ref = enc.transform(aux_df)
    d_ref, _ = nearest(tgt, ref, min(kk, len(aux_df)), cat_weight=cat_weight)
    floor = 1e-3 / max(len(cols), 1)  # a thousandth of one column's full mismatch
    ratio = _log_knn_ratio(d_ref[:, 0], d_rel[:, 0], floor)
    return ratio


def _kde_ratio(
    enc: Encoder, release: pd.DataFrame, aux: pd.DataFrame, targets: pd.DataFrame
) -> np.ndarray:
    from sklearn.neighbors import KernelDensity

    x_rel = enc.onehot(enc.transform(release))
    x_ref = enc.onehot(enc.transform(aux))
    x_tgt = enc.onehot(enc.transform(targets))
    dim = max(x_rel.shape[1], 1)
    bw = float(max(len(release), 2) ** (-1.0 / (dim + 4)) * 0.3)  # Scott's rule on unit-scaled data
    p_rel = KernelDensity(bandwidth=bw).fit(x_rel).score_samples(x_tgt)
    p_ref = KernelDensity(bandwidth=bw).fit(x_ref).score_samples(x_tgt)
    return np.asarray(p_rel - p_ref)


def vulnerable_targets(
    targets: pd.DataFrame,
    aux: pd.DataFrame,
    qi: list[str],
    fraction: float,
    k: int = 5,
    target: np.ndarray | None = None,
) -> np.ndarray:
    """Indices of the ``fraction`` of targets most exposed: outliers and rare QI combinations.

    Uses only what an adversary has (the targets' records and population data): outlier score =
    distance to the k-th nearest population record; rarity = how few population records share
    the target's quasi-identifiers. A target ranks by the higher of its two ranks: an outlier
    or a rare combination is exposed either way. With ``target`` (the target of each row), a
    target is as exposed as its most exposed row and target indices are returned.
    """
    cols = _common_columns(targets, aux)
    enc = Encoder(cols).fit(aux)
    d, _ = nearest(enc.transform(targets), enc.transform(aux), min(k, len(aux)))
    outlier = sstats.rankdata(d[:, -1])
    qi = [c for c in qi if c in targets.columns and c in aux.columns]
    if qi:
        from medprivacy.attacks.reid import class_keys

        both = pd.concat([targets[qi], aux[qi]], ignore_index=True)
        keys = class_keys(both, qi).to_numpy()
        counts = pd.Series(keys[len(targets) :]).value_counts()
        freq = pd.Series(keys[: len(targets)]).map(counts).fillna(0).to_numpy()
        rarity = sstats.rankdata(-freq)
        combined = np.maximum(outlier, rarity)
    else:
        combined = outlier
    if target is not None:
        combined = per_target_max(combined, target, int(target.max()) + 1)
    m = max(2, round(fraction * len(combined)))
    return np.argsort(-combined, kind="mergesort")[:m]


class Game(NamedTuple):
    """The membership game: one score and label per target, and the targets' rows.

    A target is a privacy unit (patient) when the member files carry ``medprivacy_unit``, else
    a row; ``target[i]`` is the target of row ``i`` of ``rows``."""

    scores: np.ndarray
    labels: np.ndarray
    rows: pd.DataFrame
    target: np.ndarray


def _pick(df: pd.DataFrame, m: int, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """``m`` targets of ``df`` (seeded): their rows and each row's target index in 0..m-1."""
    if UNIT_COLUMN not in df.columns:
        rows = df.iloc[np.sort(rng.choice(len(df), m, replace=False))]
        return rows, np.arange(m)
    codes, units = pd.factorize(df[UNIT_COLUMN], sort=True)
    chosen = np.sort(rng.choice(len(units), m, replace=False))
    position = np.full(len(units), -1)
    position[chosen] = np.arange(m)
    keep = position[codes] >= 0
    return df.loc[keep], position[codes[keep]]


def membership_game(
    data: AttackData, method: str = "best", seed: int = 0, release: pd.DataFrame | None = None
) -> Game:
    """Scores and labels (1 = member) for a balanced set of member and non-member targets.

    Targets are patients when both files carry ``medprivacy_unit`` (rows past the unit's
    ``max_rows`` dropped, a patient scored by its highest row), else rows. The larger group is
    subsampled (seeded) to the size of the smaller one. ``release`` replaces ``data.release``
    (the audit attacks the raw members and a deliberately broken run this way).
    """
    assert data.members is not None and data.non_members is not None
    members = fitted_rows(data.members, data.max_rows)
    non_members = fitted_rows(data.non_members, data.max_rows)
    assert members is not None and non_members is not None
    units = has_units(members, non_members)
    if not units:
        members, non_members = (
            f.drop(columns=UNIT_COLUMN, errors="ignore") for f in (members, non_members)
        )
    size = (lambda f: f[UNIT_COLUMN].nunique()) if units else len
    rng = np.random.default_rng(seed)
    m = min(size(members), size(non_members))
    if m < 2:
        raise ConfigError("the membership game needs at least 2 members and 2 non-members")
    mem, t_mem = _pick(members, m, rng)
    non, t_non = _pick(non_members, m, rng)
    rows = pd.concat([mem, non], ignore_index=True).drop(columns=UNIT_COLUMN, errors="ignore")
    target = np.r_[t_mem, m + t_non]
    labels = np.r_[np.ones(m, dtype=bool), np.zeros(m, dtype=bool)]
    rel = data.release if release is None else release
    key = ("membership_game", method, seed, id(rel))
    if key not in data.cache:
        cols = _common_columns(rel, rows, data.population)
        cols = [c for c in cols if c != UNIT_COLUMN]
        row_scores = membership_scores(rel, rows, data.population, method, columns=cols)
        data.cache[key] = per_target_max(row_scores, target, 2 * m)
    return Game(data.cache[key], labels, rows, target)


class MembershipConfig(AttackConfig):
    """Fields of the ``membership`` attack."""

    method: str = Field("best", description=f"One of {', '.join(METHODS)}.")
    vulnerable_fraction: float = Field(
        0.1, gt=0, le=1, description="Share of targets picked as most exposed."
    )
    bootstrap_rounds: int = Field(200, ge=20)


@attacks.register("membership")
class Membership(Attack):
    """Members vs non-members: AUC, TPR at FPR 1% and 10%, advantage, AUC on the exposed targets."""

    Config = MembershipConfig
    config: MembershipConfig
    threat_model = ThreatModel.EXACT_RECORDS
    default_thresholds: ClassVar[dict[str, Threshold]] = {
        "auc": Threshold(fail_above=0.6, attention_above=0.55),
        "tpr_at_fpr_1pct": Threshold(fail_above=0.05, attention_above=0.02),
        "auc_vulnerable": Threshold(fail_above=0.7, attention_above=0.6),
    }

    def run(self, data: AttackData) -> list[AttackResult]:
        cfg = self.config
        if cfg.method not in METHODS:
            raise ConfigError(f"attack {self.name!r}: unknown method {cfg.method!r}")
        data.require(self.name, "members", "non_members")
        method = cfg.method if data.population is not None else "dcr"
        scores, labels, rows, target = membership_game(data, method, cfg.seed)
        n = len(labels)
        npos = int(labels.sum())
        auc = roc_auc(scores, labels)
        auc_ci = bootstrap(
            lambda i: roc_auc(scores[i], labels[i]), n, rounds=cfg.bootstrap_rounds, seed=cfg.seed
        )
        details = {"method": method, "members": npos, "non_members": n - npos}
        out = [
            self.result(
                "auc",
                auc,
                auc_ci,
                "bootstrap",
                n=n,
                baseline=0.5,
                baseline_label="chance",
                details=details,
            ),
        ]
        for fpr, name in ((0.01, "tpr_at_fpr_1pct"), (0.10, "tpr_at_fpr_10pct")):
            tpr = tpr_at_fpr(scores, labels, fpr)
            hits = round(tpr * npos)
            out.append(
                self.result(
                    name,
                    tpr,
                    wilson(hits, npos),
                    "wilson",
                    n=npos,
                    baseline=fpr,
                    baseline_label="chance (TPR = FPR)",
                )
            )
        adv = advantage(scores, labels)
        adv_ci = bootstrap(
            lambda i: advantage(scores[i], labels[i]), n, rounds=cfg.bootstrap_rounds, seed=cfg.seed
        )
        out.append(
            self.result(
                "advantage", adv, adv_ci, "bootstrap", n=n, baseline=0.0, baseline_label="chance"
            )
        )
        if data.population is not None:
            qi = data.quasi_identifiers
            idx = vulnerable_targets(
                rows, data.population, qi, cfg.vulnerable_fraction, target=target
            )
            s, y = scores[idx], labels[idx]
            if 0 < y.sum() < len(y):
                v_auc = roc_auc(s, y)
                v_ci = bootstrap(
                    lambda i: roc_auc(s[i], y[i]),
                    len(y),
                    rounds=cfg.bootstrap_rounds,
                    seed=cfg.seed,
                )
                out.append(
                    self.result(
                        "auc_vulnerable",
                        v_auc,
                        v_ci,
                        "bootstrap",
                        n=len(y),
                        baseline=0.5,
                        baseline_label="chance",
                        details={"targets": len(y), "members_among_them": int(y.sum())},
                    )
                )
        return out
