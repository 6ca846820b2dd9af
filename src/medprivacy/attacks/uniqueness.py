"""Population uniqueness from a sample's equivalence classes, with published estimators.

Inputs are the sample's frequencies of frequencies (``n_j`` classes of size ``j``), the sample
size ``n`` and the population size ``N`` (sampling fraction ``pi = n / N``). Each estimator
returns the expected number of population uniques among the sampled combinations' classes:

- **Zayatz (1991)**: P(a sample unique is a population unique) from hypergeometric draws, taking
  the sample's class-size distribution for the population's.
- **Pitman (Hoshino 2001)**: Pitman's sampling formula with (theta, alpha) fitted by maximum
  likelihood; population uniques = Gamma(theta + 1) / Gamma(theta + alpha) * N ** alpha.
- **SNB (Chen & Keller-McNulty 1998)**: population class sizes follow a slide negative binomial
  (1 + NB(alpha, beta)), thinned by the sampling fraction; (alpha, beta) solved from the expected
  numbers of sample classes of size 1 and 2; the number of population classes from Shlosser's
  estimator; population uniques = K * beta ** alpha.
- **Dankar et al. (2012)** selection rule: pi <= 0.1 -> Pitman (Zayatz if Pitman fails);
  otherwise the smaller of Zayatz and SNB (Zayatz if SNB fails).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats


@dataclass
class UniquenessEstimate:
    """Estimated population uniques by estimator (NaN where it failed) and Dankar's choice."""

    zayatz: float
    pitman: float
    snb: float
    dankar: float
    dankar_model: str
    population_size: int
    sample_uniques: int

    def as_fraction(self, value: float) -> float:
        return value / self.population_size if self.population_size else float("nan")


def frequencies_of_frequencies(class_sizes: np.ndarray) -> dict[int, int]:
    """{class size: number of classes of that size}."""
    return dict(Counter(int(s) for s in class_sizes))


def zayatz(fof: dict[int, int], n: int, N: int) -> float:
    """Zayatz's estimate of the number of population uniques."""
    n1 = fof.get(1, 0)
    if n1 == 0:
        return 0.0
    u = sum(fof.values())
    denom = 0.0
    for j, count in fof.items():
        # Population class of size j (the sample's size distribution stands in for it): P(1 drawn).
        denom += count / u * float(stats.hypergeom.pmf(1, N, min(j, N), n))
    num = n1 / u * float(stats.hypergeom.pmf(1, N, 1, n))
    if denom <= 0:
        return float("nan")
    return n1 * (num / denom) * (N / n)


def _pitman_negloglik(params: np.ndarray, sizes: np.ndarray, counts: np.ndarray, n: int) -> float:
    alpha = 1 / (1 + math.exp(-params[0]))
    theta = -alpha + math.exp(params[1])
    u = counts.sum()
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        ll = _pitman_loglik(alpha, theta, u, sizes, counts, n)
    return -ll if math.isfinite(ll) else 1e300


def _pitman_loglik(
    alpha: float, theta: float, u: float, sizes: np.ndarray, counts: np.ndarray, n: int
) -> float:
    return float(
        (u - 1) * math.log(alpha)
        + special.gammaln(theta / alpha + u)
        - special.gammaln(theta / alpha + 1)
        - (special.gammaln(theta + n) - special.gammaln(theta + 1))
        + float(np.sum(counts * (special.gammaln(sizes - alpha) - special.gammaln(1 - alpha))))
    )


def pitman(fof: dict[int, int], n: int, N: int) -> float:
    """Hoshino's Pitman-model estimate of the number of population uniques (NaN if no fit)."""
    if fof.get(1, 0) == 0:
        return 0.0
    sizes = np.array(sorted(fof), dtype=float)
    counts = np.array([fof[int(s)] for s in sizes], dtype=float)
    best: optimize.OptimizeResult | None = None
    for a0, t0 in ((0.0, 0.0), (1.5, 2.0), (-1.5, 4.0), (0.5, 6.0)):
        res = optimize.minimize(
            _pitman_negloglik,
            np.array([a0, t0]),
            args=(sizes, counts, n),
            method="Nelder-Mead",
            options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000},
        )
        if best is None or res.fun < best.fun:
            best = res
    assert best is not None
    alpha = 1 / (1 + math.exp(-best.x[0]))
    theta = -alpha + math.exp(best.x[1])
    value = math.exp(
        special.gammaln(theta + 1) - special.gammaln(theta + alpha) + alpha * math.log(N)
    )
    return value if 0 <= value <= N and math.isfinite(value) else float("nan")


def shlosser(fof: dict[int, int], pi: float) -> float:
    """Shlosser's estimate of the number of distinct classes in the population."""
    u = sum(fof.values())
    n1 = fof.get(1, 0)
    num = sum((1 - pi) ** j * c for j, c in fof.items())
    den = sum(j * pi * (1 - pi) ** (j - 1) * c for j, c in fof.items())
    return u + n1 * num / den if den > 0 else float(u)


def snb(fof: dict[int, int], n: int, N: int) -> float:
    """Chen & Keller-McNulty's slide negative binomial estimate (NaN if no solution)."""
    c1, c2 = fof.get(1, 0), fof.get(2, 0)
    if c1 == 0:
        return 0.0
    pi = n / N
    if pi >= 1:
        return float(c1)
    k = shlosser(fof, pi)

    def expected(a: float, b: float) -> tuple[float, float]:
        d = (1 - pi) * (1 - b)
        bp = b / (1 - d)  # success probability of the thinned NB part
        q = 1 - bp
        t0 = bp**a
        t1 = a * bp**a * q
        t2 = a * (a + 1) / 2 * bp**a * q * q
        p1 = pi * t0 + (1 - pi) * t1
        p2 = pi * t1 + (1 - pi) * t2
        return k * p1, k * p2

    def residual(x: np.ndarray) -> np.ndarray:
        a, b = math.exp(x[0]), 1 / (1 + math.exp(-x[1]))
        e1, e2 = expected(a, b)
        return np.array(
            [
                math.log(max(e1, 1e-300)) - math.log(c1),
                math.log(max(e2, 1e-300)) - math.log(max(c2, 0.5)),
            ]
        )

    best = None
    for x0 in ((0.0, 0.0), (-2.0, -2.0), (1.0, -4.0), (-1.0, 2.0)):
        try:
            res = optimize.least_squares(
                residual, np.array(x0), method="lm", xtol=1e-12, ftol=1e-12
            )
        except (ValueError, OverflowError):
            continue
        if best is None or res.cost < best.cost:
            best = res
    if best is None or best.cost > 1e-6:
        return float("nan")
    a, b = math.exp(best.x[0]), 1 / (1 + math.exp(-best.x[1]))
    value = k * b**a
    return value if 0 <= value <= N and math.isfinite(value) else float("nan")


def estimate_population_uniques(
    class_sizes: np.ndarray, population_size: int
) -> UniquenessEstimate:
    """All three estimators and Dankar et al.'s choice, from per-class sample sizes."""
    n = int(np.sum(class_sizes))
    N = max(int(population_size), n)
    fof = frequencies_of_frequencies(class_sizes)
    n1 = fof.get(1, 0)
    z, p, s = zayatz(fof, n, N), pitman(fof, n, N), snb(fof, n, N)
    pi = n / N

    def valid(v: float) -> bool:
        return math.isfinite(v) and v > 0

    if n1 == 0:
        chosen, model = 0.0, "none (no sample uniques)"
    elif pi <= 0.1:
        chosen, model = (p, "pitman") if valid(p) else (z, "zayatz")
    elif valid(s):
        chosen, model = (z, "zayatz") if z < s else (s, "snb")
    else:
        chosen, model = z, "zayatz"
    return UniquenessEstimate(z, p, s, chosen, model, N, n1)
