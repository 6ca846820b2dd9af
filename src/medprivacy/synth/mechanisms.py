"""The only places private data meets randomness: OpenDP's Gaussian and noisy-max measurements.

Every measurement is built by OpenDP with its privacy map; :class:`ZCDPBudget` adds up what OpenDP
says each one costs (``measurement.map(d_in)``) and refuses a measurement that would exceed the
total. No numpy random generator touches private data, so a seed cannot fix DP noise.

Sensitivities, under add/remove of one individual with at most ``k`` rows: a count vector (a
marginal) changes by at most ``k`` in L2 (all rows in one cell), and an L1 error score
``|exact - model|_1`` by at most ``k``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from medprivacy.synth.accounting import opendp


class BudgetError(RuntimeError):
    """A measurement would spend more than the synthesizer's ρ (a bug, never data-dependent)."""


@dataclass
class ZCDPBudget:
    """Running total of ρ spent, checked against ``rho`` (with 1e-9 relative float slack)."""

    rho: float
    spent: float = 0.0
    log: list[tuple[str, float]] = field(default_factory=list)

    @property
    def left(self) -> float:
        return max(self.rho - self.spent, 0.0)

    def charge(self, what: str, rho: float) -> None:
        # the 1e-9 relative slack absorbs float rounding in the running sum of OpenDP's reported
        # costs; each cost is below what its caller requested (the scales below are widened)
        if self.spent + rho > self.rho * (1 + 1e-9):
            raise BudgetError(f"{what}: would spend rho {self.spent + rho:.6g} of {self.rho:.6g}")
        self.spent += rho
        self.log.append((what, rho))


def gaussian_scale(rho: float, sensitivity: float) -> float:
    """Noise scale of a Gaussian mechanism costing ``rho`` at L2 ``sensitivity``."""
    return float(sensitivity / np.sqrt(2 * rho))


def noisy_counts(
    counts: np.ndarray, rho: float, sensitivity: int, budget: ZCDPBudget, what: str
) -> tuple[np.ndarray, float]:
    """``counts`` plus discrete Gaussian noise from OpenDP costing at most ``rho``.

    Returns the noisy counts (float array, same shape) and the noise standard deviation.
    """
    dp = opendp()
    space = dp.vector_domain(dp.atom_domain(T=dp.i64)), dp.l2_distance(T=dp.i64)
    # (1 + 1e-9): the scale is a hair wider than ``rho`` needs, so that OpenDP's cost of it
    # (float rounding in the square root and in its map) never exceeds ``rho``; the counts are
    # integers, so their sensitivity is exact
    scale = gaussian_scale(rho, sensitivity) * (1 + 1e-9)
    m = dp.m.make_gaussian(*space, scale=scale)
    cost = float(m.map(int(sensitivity)))
    budget.charge(what, cost)
    flat = counts.astype(np.int64).ravel().tolist()
    noisy = np.asarray(m(flat), dtype=float).reshape(counts.shape)
    return noisy, scale


def select(
    scores: np.ndarray, rho: float, sensitivity: float, budget: ZCDPBudget, what: str
) -> int:
    """Index of a high score by OpenDP's exponential mechanism (Gumbel noisy max) under zCDP."""
    dp = opendp()
    space = (
        dp.vector_domain(dp.atom_domain(T=float, nan=False)),
        dp.linf_distance(T=float, monotonic=False),
    )
    # rho = (2 * sensitivity / scale)^2 / 8 for non-monotonic scores. The (1 + 1e-9) widens the
    # scale so that OpenDP's cost at the declared sensitivity is (1 + 1e-9)^-2 rho (no rounding
    # pushes it above rho), and so that scores that move by up to (1 + 1e-9) x the declared
    # sensitivity still cost at most rho: float scores can exceed it by rounding (an outside
    # review measured 4.6e-13 on an L1 error of sensitivity 10, a relative 5e-14), far inside it
    scale = 2 * sensitivity / np.sqrt(8 * rho) * (1 + 1e-9)
    m = dp.m.make_noisy_max(*space, output_measure=dp.zero_concentrated_divergence(), scale=scale)
    budget.charge(what, float(m.map(float(sensitivity))))
    return int(m([float(s) for s in scores]))
