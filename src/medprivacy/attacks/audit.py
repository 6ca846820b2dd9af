"""ε audit: an empirical lower bound on ε from a membership game, against the claimed ε.

Two bounds, each a statistical lower bound; both can raise a DEFECT, so each runs at α/2 (union
bound: the audit as a whole wrongly reports a DEFECT with probability at most α = 1 - confidence):

- **Clopper–Pearson** (Jagielski, Ullman, Oprea 2020): an (ε, δ)-DP mechanism forces
  TPR <= e^ε FPR + δ and TNR <= e^ε FNR + δ for every test. The game's targets are split in two
  (seeded, stratified, by target, so by patient when targets are patients): one half picks the
  threshold and direction, the other counts. With one-sided Clopper–Pearson bounds at level α/4
  each, ε >= log((TPR_low - δ) / FPR_high) (or the TNR/FNR form). Exact when the trials are
  independent (one mechanism run per trial, as in the tests); for a single release it is the
  customary estimate and the one-run bound below is the rigorous one.
- **One run** (Steinke, Nasr, Jagielski 2023, Theorem 3.1): the m targets were each in or out of
  the one release; an attacker guesses "in" for its highest and "out" for its lowest scores
  (r guesses, abstaining on the rest and on any block of tied scores that a cut would split, so
  ties are never broken by the label) and is right v times. Under (ε, δ)-DP,
  P[v or more right] <= P[Binomial(r, q) >= v] + 2 m δ max_i P[v - i <= Binomial(r, q) < v] / i
  with q = e^ε / (1 + e^ε); the bound is the largest ε this rejects, maximised over a small grid
  of r with a Bonferroni-corrected level.

The claim (ε, δ, adjacency) comes from the release's own statement (privacy.json / stats.json,
see :mod:`medprivacy.attacks.claim`). An add/remove mechanism audited with a substitution game
(one record replaced by another, as in a fixed-size members / non-members split) is held to
group privacy for two changes: (2ε, (1 + e^ε) δ). A lower bound above the claim is a defect of
the mechanism or of its accounting, reported loudly.

What the audit can see is reported too: ``epsilon_detectable_at_n`` is the largest ε any attack
could show with this many targets (a perfect attacker); the audit's power is measured on a
deliberately broken run of the same mechanism (``power_release``, e.g. made at 10 times the
claimed ε). When the claim is beyond what n can show, or the broken run is missing or not
flagged, the audit is **advisory**: a pass says nothing was seen, not that nothing is there.
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


def held_delta(claimed_delta: float, claimed: float | None, mechanism: str, game: str) -> float:
    """The δ a game may show: (1 + e^ε) δ for add/remove mechanisms in a substitution game
    (group privacy over the removal and the addition that make one substitution)."""
    if mechanism == "add_remove" and game == "substitution" and claimed is not None:
        return min(1.0, (1 + math.exp(min(claimed, 700.0))) * claimed_delta)
    return claimed_delta


def one_run_p_value(m: int, r: int, v: int, epsilon: float, delta: float) -> float:
    """P[at least v of r guesses right] under (ε, δ)-DP with m targets: Steinke, Nasr and
    Jagielski 2023, Theorem 3.1 (arXiv:2305.08846; as computed in its Appendix D)."""
    q = 1 / (1 + math.exp(-epsilon))
    beta = float(sstats.binom.sf(v - 1, r, q))  # P[Binomial(r, q) >= v]
    if delta <= 0 or v <= 0:
        return min(beta, 1.0)
    i = np.arange(1, v + 1)
    between = sstats.binom.sf(v - i - 1, r, q) - beta  # P[v - i <= Binomial(r, q) < v]
    alpha = float(np.max(between / i))
    return min(beta + 2 * m * delta * alpha, 1.0)


def one_run_epsilon(m: int, r: int, v: int, alpha: float, delta: float = 0.0) -> float:
    """Largest ε whose one-run p-value for v right of r guesses is at most alpha (0 if none)."""
    if r == 0 or v == 0 or one_run_p_value(m, r, v, 0.0, delta) > alpha:
        return 0.0
    lo, hi = 0.0, 1.0
    while one_run_p_value(m, r, v, hi, delta) <= alpha and hi < 100:
        lo, hi = hi, hi * 2
    for _ in range(60):
        mid = (lo + hi) / 2
        if one_run_p_value(m, r, v, mid, delta) <= alpha:
            lo = mid
        else:
            hi = mid
    return lo


def _guesses(scores: np.ndarray, order: np.ndarray, half: int) -> tuple[np.ndarray, np.ndarray]:
    """Targets guessed "in" (top) and "out" (bottom): at most ``half`` each, abstaining on a
    block of tied scores that the cut would split (so no tie is broken by position/label)."""
    m = len(order)
    s = scores[order]
    n_top = half if half >= m else int(np.count_nonzero(s > s[half]))
    low = m - half - 1
    n_bottom = half if low < 0 else int(np.count_nonzero(s < s[low]))
    return order[:n_top], order[m - n_bottom :]


def one_run_lower_bound(
    scores: np.ndarray,
    labels: np.ndarray,
    *,
    confidence: float = 0.95,
    delta: float = 0.0,
    fractions: tuple[float, ...] = GUESS_FRACTIONS,
) -> EpsilonBound:
    """Steinke–Nasr–Jagielski one-run lower bound ((ε, δ), Theorem 3.1), best over the grid of
    guess counts (Bonferroni), abstaining on tied blocks at the cuts."""
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=bool)
    m = len(labels)
    alpha = (1 - confidence) / len(fractions)
    order = np.argsort(-scores, kind="stable")
    best = EpsilonBound(0.0, 0.0, "one-run", {"guesses": 0, "correct": 0})
    for frac in fractions:
        half = min(max(1, round(frac * m / 2)), m // 2)
        top, bottom = _guesses(scores, order, half)
        correct = int(labels[top].sum() + (~labels[bottom]).sum())
        k = len(top) + len(bottom)
        eps = one_run_epsilon(m, k, correct, alpha, delta)
        if eps > best.epsilon:
            acc = correct / k
            point = math.log(acc / (1 - acc)) if acc < 1 else math.inf
            best = EpsilonBound(eps, point, "one-run", {"guesses": k, "correct": correct})
    return best


def detectable_epsilon(
    n_members: int, n_non_members: int, *, confidence: float = 0.95, delta: float = 0.0
) -> float:
    """The largest ε the audit could show with this many targets: both bounds for a perfect
    attacker (every member scored above every non-member). Claims at or above it cannot be
    refuted at this n, whatever the attack."""
    labels = np.r_[np.ones(n_members, dtype=bool), np.zeros(n_non_members, dtype=bool)]
    scores = np.r_[np.arange(n_members) + n_non_members, np.arange(n_non_members)].astype(float)
    cp = epsilon_lower_bound(scores, labels, confidence=confidence, delta=delta)
    one = one_run_lower_bound(scores, labels, confidence=confidence, delta=delta)
    return max(cp.epsilon, one.epsilon)


class AuditConfig(AttackConfig):
    """Fields of the ``epsilon_audit`` attack (ε, δ, adjacency: default the release's claim)."""

    epsilon: float | None = Field(
        None, gt=0, description="Claimed ε (default: the release's privacy statement)."
    )
    delta: float | None = Field(None, ge=0, lt=1, description="Claimed δ (default: the release's).")
    mechanism_adjacency: Adjacency | None = Field(
        None, description="Adjacency the mechanism promises."
    )
    game: Adjacency = Field(
        "substitution", description="Adjacency of the game played (fixed-size split)."
    )
    method: str = Field("best", description="Membership score used by the game.")
    confidence: float = Field(
        0.95, gt=0.5, lt=1, description="1 - α: a false DEFECT has probability at most α."
    )


def _bounds(
    scores: np.ndarray, labels: np.ndarray, level: float, delta: float, seed: int
) -> list[EpsilonBound]:
    return [
        epsilon_lower_bound(scores, labels, confidence=level, delta=delta, seed=seed),
        one_run_lower_bound(scores, labels, confidence=level, delta=delta),
    ]


@attacks.register("epsilon_audit")
class EpsilonAudit(Attack):
    """Empirical ε lower bounds (Clopper–Pearson, one-run) against the claimed ε, with what the
    audit could detect at n and its power on a deliberately broken run."""

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
        level = 1 - (1 - cfg.confidence) / 2  # two bounds, either can raise a DEFECT
        scores, labels, _, _ = membership_game(data, method, cfg.seed)
        held = held_epsilon(claimed, adjacency, cfg.game) if claimed is not None else None  # type: ignore[arg-type]
        game_delta = held_delta(delta, claimed, adjacency, cfg.game)
        n_in = int(labels.sum())
        detectable = detectable_epsilon(
            n_in, len(labels) - n_in, confidence=level, delta=game_delta
        )
        power: float | None = None
        if data.power_release is not None:
            broken = membership_game(data, method, cfg.seed, release=data.power_release)
            power = max(
                b.epsilon
                for b in _bounds(broken.scores, broken.labels, level, game_delta, cfg.seed)
            )
        advisory = ""
        if held is not None:
            if held >= detectable:
                advisory = (
                    f"advisory: no attack on {len(labels)} targets can show ε above "
                    f"{detectable:.3g} (largest ε detectable at n), the claim held is {held:g}"
                )
            elif power is None:
                advisory = "advisory: power not measured (no deliberately broken run given)"
            elif power <= held:
                advisory = (
                    f"advisory: the audit did not flag a broken run"
                    f"{f' made at ε {data.power_epsilon:g}' if data.power_epsilon else ''}: "
                    "it cannot see violations of that size"
                )
        base = {
            "claimed_epsilon": claimed,
            "held_to": held,
            "mechanism_adjacency": adjacency,
            "game": cfg.game,
            "delta": delta,
            "delta_in_game": game_delta,
            "method": method,
            "confidence_per_bound": level,
            "targets": len(labels),
            "epsilon_detectable_at_n": detectable,
            "advisory": bool(advisory),
        }
        out = []
        for b in _bounds(scores, labels, level, game_delta, cfg.seed):
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
                verdict, note = Verdict.PASS, advisory
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
                    details={"counts": b.counts, **base},
                    note=note,
                    verdict=verdict,
                )
            )
        out.append(
            self.result(
                "epsilon_detectable_at_n",
                detectable,
                (detectable, detectable),
                "perfect attacker",
                n=len(labels),
                baseline=held,
                baseline_label="claimed ε for this game",
                details=base,
                note=advisory if held is not None and held >= detectable else "",
                verdict=Verdict.NOT_APPLICABLE,
            )
        )
        if held is None:
            p_verdict, p_note = Verdict.NOT_APPLICABLE, ""
        elif advisory:
            p_verdict, p_note = Verdict.ATTENTION, advisory
        else:
            p_verdict, p_note = Verdict.PASS, "the audit flags the broken run: it has power"
        value = math.nan if power is None else power
        out.append(
            self.result(
                "power_broken_run_lower_bound",
                value,
                (value, value),
                "best of both bounds",
                n=len(labels),
                baseline=held,
                baseline_label="claimed ε for this game",
                details={**base, "broken_run_epsilon": data.power_epsilon},
                note=p_note,
                verdict=p_verdict,
            )
        )
        return out


__all__ = [
    "EpsilonAudit",
    "EpsilonBound",
    "Threshold",
    "detectable_epsilon",
    "epsilon_lower_bound",
    "held_delta",
    "held_epsilon",
    "one_run_epsilon",
    "one_run_lower_bound",
    "one_run_p_value",
]
