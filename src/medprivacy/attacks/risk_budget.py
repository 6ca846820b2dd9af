"""Risk against budget: membership attack and ε audit on a DP synthesizer over several ε.

For each ε the synthesizer builds a release from the members; the membership game gives the
attack's advantage (max TPR - FPR) and the ε audit's lower bound. The plot puts the measured
advantage next to the most any ε-DP mechanism allows in that game, tanh(ε_game / 2) (TPR <=
e^ε FPR and 1 - FPR <= e^ε (1 - TPR) meet at TPR = e^ε / (1 + e^ε)), where ε_game is 2ε for an
add/remove mechanism in the fixed-size (substitution) game.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from medprivacy.attacks.audit import (
    Adjacency,
    epsilon_lower_bound,
    held_delta,
    held_epsilon,
    one_run_lower_bound,
)
from medprivacy.attacks.base import AttackData
from medprivacy.attacks.membership import membership_game
from medprivacy.attacks.stats import advantage, roc_auc, tpr_at_fpr
from medprivacy.fileio import atomic_write_png

Synthesizer = Callable[[pd.DataFrame, float], pd.DataFrame]
DEFAULT_EPSILONS = (0.5, 1.0, 3.0, 10.0)


@dataclass
class BudgetPoint:
    epsilon: float
    held_to: float
    advantage: float
    theoretical_max_advantage: float
    auc: float
    tpr_at_fpr_1pct: float
    epsilon_lower_bound: float
    epsilon_lower_bound_one_run: float
    defect: bool
    seconds: float


def dp_advantage_bound(epsilon: float) -> float:
    """Largest TPR - FPR any ε-DP mechanism allows in a membership game: tanh(ε / 2)."""
    return math.tanh(epsilon / 2)


def risk_against_budget(
    synthesizer: Synthesizer,
    members: pd.DataFrame,
    non_members: pd.DataFrame,
    population: pd.DataFrame | None = None,
    *,
    epsilons: Sequence[float] = DEFAULT_EPSILONS,
    mechanism_adjacency: Adjacency = "add_remove",
    game: Adjacency = "substitution",
    method: str = "best",
    seed: int = 0,
    delta: float = 0.0,
    confidence: float = 0.95,
) -> list[BudgetPoint]:
    """Membership attack + ε audit on ``synthesizer(members, ε)`` for each ε.

    ``delta`` is the mechanism's δ (both bounds allow for it, scaled to the game); each bound
    runs at level α/2, as either flags a defect."""
    points = []
    for eps in epsilons:
        t0 = time.perf_counter()
        release = synthesizer(members, float(eps))
        data = AttackData(
            release=release, members=members, non_members=non_members, population=population
        )
        scores, labels, _, _ = membership_game(
            data, method if population is not None else "dcr", seed
        )
        held = held_epsilon(float(eps), mechanism_adjacency, game)
        d_game = held_delta(delta, float(eps), mechanism_adjacency, game)
        level = 1 - (1 - confidence) / 2
        lb = epsilon_lower_bound(scores, labels, confidence=level, delta=d_game, seed=seed).epsilon
        lb1 = one_run_lower_bound(scores, labels, confidence=level, delta=d_game).epsilon
        points.append(
            BudgetPoint(
                epsilon=float(eps),
                held_to=held,
                advantage=advantage(scores, labels),
                theoretical_max_advantage=dp_advantage_bound(held),
                auc=roc_auc(scores, labels),
                tpr_at_fpr_1pct=tpr_at_fpr(scores, labels, 0.01),
                epsilon_lower_bound=lb,
                epsilon_lower_bound_one_run=lb1,
                defect=max(lb, lb1) > held,
                seconds=time.perf_counter() - t0,
            )
        )
    return points


def plot_risk_against_budget(
    points: list[BudgetPoint],
    path: str | Path,
    title: str = "",
    *,
    label: str = "measured advantage",
    others: dict[str, list[BudgetPoint]] | None = None,
) -> None:
    """Measured advantage per ε next to the ε-DP bound curve (log ε axis); ``others`` adds
    further synthesizers' curves (label -> points)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    eps = np.array([p.epsilon for p in points])
    grid = np.geomspace(max(eps.min() / 2, 0.05), eps.max() * 2, 200)
    ratio = points[0].held_to / points[0].epsilon if points else 1.0
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(
        grid,
        [dp_advantage_bound(ratio * e) for e in grid],
        color="#c62828",
        label=f"ε-DP bound tanh({ratio:g}ε/2)",
    )
    curves = {label: points, **(others or {})}
    colors = ("#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00")
    for i, (name, pts) in enumerate(curves.items()):
        ax.plot(
            [p.epsilon for p in pts],
            [p.advantage for p in pts],
            "o-",
            color=colors[i % len(colors)],
            label=name,
        )
        for p in pts:
            if p.defect:
                ax.annotate("DEFECT", (p.epsilon, p.advantage), color="#c62828")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("claimed ε")
    ax.set_ylabel("membership advantage (TPR - FPR)")
    ax.set_title(title or "risk against budget")
    ax.legend(loc="center right")
    fig.tight_layout()
    atomic_write_png(path, fig, dpi=100)
    plt.close(fig)


def points_as_dicts(points: list[BudgetPoint]) -> list[dict[str, float | bool]]:
    return [asdict(p) for p in points]
