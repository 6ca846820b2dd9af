"""ε audit: an empirical lower bound on ε from a membership game, against the claimed ε.

Two bounds, each a 95% (configurable) statistical lower bound:

- **Clopper–Pearson** (Jagielski, Ullman, Oprea 2020): an (ε, δ)-DP mechanism forces
  TPR <= e^ε FPR + δ and TNR <= e^ε FNR + δ for every test. The game's targets are split in two
  (seeded, stratified): one half picks the threshold and direction, the other counts. With
  one-sided Clopper–Pearson bounds at level α/2 each (union bound),
  ε >= log((TPR_low - δ) / FPR_high) (or the TNR/FNR form). Exact when the trials are
  independent (one mechanism run per trial, as in the tests); for a single release it is the
  customary estimate and the one-run bound below is the rigorous one.
- **One run** (Steinke, Nasr, Jagielski 2023): the targets were each in or out of the one
  release; an attacker that guesses "in" for its k/2 highest and "out" for its k/2 lowest scores
  is right at most as often as Binomial(k, e^ε / (1 + e^ε)) under pure ε-DP. ε is excluded when
  P[Binomial(k, p_ε) >= correct] < α; the bound is the largest excluded ε, maximised over a
  small grid of k with a Bonferroni-corrected α.

The claim an audit holds the mechanism to depends on adjacency: a mechanism that is DP under
add/remove of one record, audited with a substitution game (one record replaced by another, as
in a fixed-size members / non-members split), is held to 2ε. A lower bound above the claim is a
defect of the mechanism or of its accounting, reported loudly. The audit reports its power too:
the same attack on a release of the raw members must show a bound above the claim, else it could
not have caught a broken mechanism.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import Field
from scipy import stats as sstats

from medprivacy.attacks.base import (
    Attack,
    AttackConfig,
    AttackData,
    AttackResult,
    ThreatModel,
    Threshold,
    Verdict,
    attacks,
)
from medprivacy.attacks.stats import cp_lower, cp_upper
from medprivacy.errors import ConfigError

log = logging.getLogger(__name__)

Adjacency = Literal["add_remove", "substitution"]
GUESS_FRACTIONS = (0.02, 0.05, 0.1, 0.2, 0.5, 1.0)


@dataclass
class EpsilonBound:
    """A lower bound on ε with what it was computed from (counts only)."""

    epsilon: float  # the lower bound (0 when nothing can be shown)
    point: float  # the empirical ratio's log at the chosen test (may be inf)
    method: str
    counts: dict[str, int]


def held_epsilon(claimed: float, mechanism: Adjacency, game: Adjacency) -> float:
    """The ε a game may show at most: 2ε for add/remove mechanisms in a substitution game."""
    return 2 * claimed if (mechanism == "add_remove" and game == "substitution") else claimed


def _log_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(np.maximum(num, 0) / den)
    out[~np.isfinite(out) & (num > 0)] = np.inf
    out[num <= 0] = -np.inf
    return out


def _counts_at(scores: np.ndarray, labels: np.ndarray, t: float) -> tuple[int, int, int, int]:
    guess = scores >= t
    tp = int((guess & labels).sum())
    fp = int((guess & ~labels).sum())
    return tp, int(labels.sum()) - tp, fp, int((~labels).sum()) - fp


def epsilon_lower_bound(
    scores: np.ndarray,
    labels: np.ndarray,
    *,
    confidence: float = 0.95,
    delta: float = 0.0,
    seed: int = 0,
    selection_fraction: float = 0.5,
) -> EpsilonBound:
    """Clopper–Pearson lower bound on ε from scores (threshold chosen on a held-out half)."""
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=bool)
    if labels.all() or not labels.any():
        raise ConfigError("an ε audit needs both members and non-members")
    alpha = (1 - confidence) / 2
    rng = np.random.default_rng(seed)
    select = np.zeros(len(labels), dtype=bool)
    for cls in (True, False):
        idx = np.flatnonzero(labels == cls)
        select[rng.choice(idx, round(selection_fraction * len(idx)), replace=False)] = True
    s_sel, y_sel = scores[select], labels[select]
    s_ev, y_ev = scores[~select], labels[~select]
    # Selection half: rank every threshold and direction by the bound it would give there.
    thresholds = np.unique(s_sel)
    order = np.argsort(-s_sel, kind="mergesort")
    ss, yy = s_sel[order], y_sel[order]
    npos, nneg = int(yy.sum()), int((~yy).sum())
    cut = np.searchsorted(-ss, -thresholds, side="right")  # items with score >= t
    tp = np.r_[0, np.cumsum(yy)][cut]
    fp = np.r_[0, np.cumsum(~yy)][cut]
    beta = sstats.beta
    tp_lo = np.where(tp > 0, beta.ppf(alpha, np.maximum(tp, 1), npos - tp + 1), 0.0)
    fp_hi = np.where(fp < nneg, beta.ppf(1 - alpha, fp + 1, np.maximum(nneg - fp, 1)), 1.0)
    tn, fn = nneg - fp, npos - tp
    tn_lo = np.where(tn > 0, beta.ppf(alpha, np.maximum(tn, 1), nneg - tn + 1), 0.0)
    fn_hi = np.where(fn < npos, beta.ppf(1 - alpha, fn + 1, np.maximum(npos - fn, 1)), 1.0)
    up = _log_ratio(tp_lo - delta, fp_hi)
    down = _log_ratio(tn_lo - delta, fn_hi)
    i_up, i_down = int(np.argmax(up)), int(np.argmax(down))
    use_up = up[i_up] >= down[i_down]
    t = float(thresholds[i_up if use_up else i_down])
    # Evaluation half: the bound.
    tp_e, fn_e, fp_e, tn_e = _counts_at(s_ev, y_ev, t)
    p_e, n_e = tp_e + fn_e, fp_e + tn_e
    if use_up:
        num, den = cp_lower(tp_e, p_e, alpha) - delta, cp_upper(fp_e, n_e, alpha)
        pnum, pden = tp_e / p_e, fp_e / n_e
    else:
        num, den = cp_lower(tn_e, n_e, alpha) - delta, cp_upper(fn_e, p_e, alpha)
        pnum, pden = tn_e / n_e, fn_e / p_e
    eps = math.log(num / den) if num > 0 and den > 0 else 0.0
    point = math.log(pnum / pden) if pden > 0 and pnum > 0 else (math.inf if pnum > 0 else 0.0)
    eps = max(0.0, eps)
    return EpsilonBound(
        eps,
        max(point, eps),
        "clopper-pearson",
        {"tp": tp_e, "fn": fn_e, "fp": fp_e, "tn": tn_e, "direction_in": int(use_up)},
    )


def _one_run_bound(k: int, correct: int, alpha: float) -> float:
    """Largest ε with P[Binomial(k, e^ε/(1+e^ε)) >= correct] <= alpha (0 if none)."""
    if k == 0 or correct == 0:
        return 0.0

    def tail(eps: float) -> float:
        p = 1 / (1 + math.exp(-eps))
        return float(sstats.binom.sf(correct - 1, k, p))

    if tail(0.0) > alpha:
        return 0.0
    lo, hi = 0.0, 1.0
    while tail(hi) <= alpha and hi < 100:
        lo, hi = hi, hi * 2
    for _ in range(60):
        mid = (lo + hi) / 2
        if tail(mid) <= alpha:
            lo = mid
        else:
            hi = mid
    return lo


def one_run_lower_bound(
    scores: np.ndarray,
    labels: np.ndarray,
    *,
    confidence: float = 0.95,
    fractions: tuple[float, ...] = GUESS_FRACTIONS,
) -> EpsilonBound:
    """Steinke–Nasr–Jagielski one-run lower bound (pure ε), best over the guess-count grid."""
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=bool)
    m = len(labels)
    alpha = (1 - confidence) / len(fractions)
    order = np.argsort(-scores, kind="mergesort")
    best = EpsilonBound(0.0, 0.0, "one-run", {"guesses": 0, "correct": 0})
    for frac in fractions:
        half = max(1, round(frac * m / 2))
        if 2 * half > m:
            half = m // 2
        top, bottom = order[:half], order[m - half :]
        correct = int(labels[top].sum() + (~labels[bottom]).sum())
        k = 2 * half
        eps = _one_run_bound(k, correct, alpha)
        if eps > best.epsilon:
            acc = correct / k
            point = math.log(acc / (1 - acc)) if acc < 1 else math.inf
            best = EpsilonBound(eps, point, "one-run", {"guesses": k, "correct": correct})
    return best


class AuditConfig(AttackConfig):
    """Fields of the ``epsilon_audit`` attack."""

    epsilon: float | None = Field(
        None, gt=0, description="Claimed ε (default: the release's ledger ε)."
    )
    delta: float | None = Field(None, ge=0, lt=1, description="Claimed δ (default: the release's).")
    mechanism_adjacency: Adjacency | None = Field(
        None, description="Adjacency the mechanism promises."
    )
    game: Adjacency = Field(
        "substitution", description="Adjacency of the game played (fixed-size split)."
    )
    method: str = Field("best", description="Membership score used by the game.")
    confidence: float = Field(0.95, gt=0.5, lt=1)
    check_power: bool = Field(True, description="Also attack a release of the raw members.")


@attacks.register("epsilon_audit")
class EpsilonAudit(Attack):
    """Empirical ε lower bounds (Clopper–Pearson, one-run) against the claimed ε, with power."""

    Config = AuditConfig
    config: AuditConfig
    threat_model = ThreatModel.EXACT_RECORDS

    def run(self, data: AttackData) -> list[AttackResult]:
        from medprivacy.attacks.membership import membership_game

        cfg = self.config
        data.require(self.name, "members", "non_members")
        claimed = cfg.epsilon if cfg.epsilon is not None else data.epsilon
        delta = cfg.delta if cfg.delta is not None else data.delta
        adjacency = cfg.mechanism_adjacency or data.adjacency
        if adjacency not in ("add_remove", "substitution"):
            raise ConfigError(f"attack {self.name!r}: unknown adjacency {adjacency!r}")
        method = cfg.method if data.population is not None else "dcr"
        scores, labels, _ = membership_game(data, method, cfg.seed)
        held = held_epsilon(claimed, adjacency, cfg.game) if claimed is not None else None  # type: ignore[arg-type]
        bounds = [
            epsilon_lower_bound(
                scores, labels, confidence=cfg.confidence, delta=delta, seed=cfg.seed
            ),
            one_run_lower_bound(scores, labels, confidence=cfg.confidence),
        ]
        out = []
        for b in bounds:
            details = {
                "counts": b.counts,
                "claimed_epsilon": claimed,
                "held_to": held,
                "mechanism_adjacency": adjacency,
                "game": cfg.game,
                "delta": delta,
                "method": method,
                "confidence": cfg.confidence,
            }
            if held is None:
                verdict, note = Verdict.NOT_APPLICABLE, "no claimed ε: lower bound only"
            elif b.epsilon > held:
                verdict = Verdict.FAIL
                note = (
                    f"DEFECT: empirical ε lower bound {b.epsilon:.3f} exceeds the claimed "
                    f"ε {held:g} ({adjacency} mechanism, {cfg.game} game)"
                )
                log.error("%s: %s", self.name, note)
            else:
                verdict, note = Verdict.PASS, ""
            metric = (
                "epsilon_lower_bound"
                if b.method == "clopper-pearson"
                else "epsilon_lower_bound_one_run"
            )
            out.append(
                self.result(
                    metric,
                    b.epsilon,
                    (b.epsilon, b.point),
                    b.method,
                    n=len(labels),
                    baseline=held,
                    baseline_label="claimed ε for this game",
                    details=details,
                    note=note,
                    verdict=verdict,
                )
            )
        if cfg.check_power and data.members is not None:
            raw_scores, raw_labels, _ = membership_game(
                data, method, cfg.seed, release=data.members
            )
            pb = epsilon_lower_bound(
                raw_scores, raw_labels, confidence=cfg.confidence, delta=delta, seed=cfg.seed
            )
            if held is None:
                verdict, note = Verdict.NOT_APPLICABLE, ""
            elif pb.epsilon > held:
                verdict, note = Verdict.PASS, ""
            else:
                verdict = Verdict.ATTENTION
                note = (
                    "the attack shows no ε above the claim even on raw data: the audit has no power"
                )
            out.append(
                self.result(
                    "power_raw_release_lower_bound",
                    pb.epsilon,
                    (pb.epsilon, pb.point),
                    pb.method,
                    n=len(raw_labels),
                    baseline=held,
                    baseline_label="claimed ε for this game",
                    details={"counts": pb.counts},
                    note=note,
                    verdict=verdict,
                )
            )
        return out


__all__ = [
    "EpsilonAudit",
    "EpsilonBound",
    "Threshold",
    "epsilon_lower_bound",
    "held_epsilon",
    "one_run_lower_bound",
]
