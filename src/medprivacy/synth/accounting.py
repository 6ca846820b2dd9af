"""zCDP accounting and its conversion to (ε, δ), both computed by OpenDP.

Adjacency: **add/remove one protected individual** (a row, or with a privacy unit one patient and
all of their at most ``max_rows`` rows). The number of rows is *not* public: it is estimated from
the noisy marginals. (Under substitution adjacency, i.e. a public row count, every count's
sensitivity would double in L1 and the stated ε would not hold.)

A synthesizer spends ρ (zero-concentrated DP). The (ε, δ) it is reported as is the tight
conversion of Canonne, Kamath & Steinke (2020) through ``opendp.combinators.make_zCDP_to_approxDP``;
``rho_for`` finds the largest ρ whose conversion at ``delta`` stays within ``epsilon``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

ADJACENCY = "add/remove one individual (row count not public)"


def opendp() -> Any:
    """``opendp.prelude`` with the contrib features enabled (imported on first use)."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp


@lru_cache(maxsize=256)
def epsilon_of(rho: float, delta: float) -> float:
    """ε of a ρ-zCDP mechanism at ``delta`` (OpenDP's conversion)."""
    if rho <= 0:
        return 0.0
    dp = opendp()
    space = dp.atom_domain(T=float, nan=False), dp.absolute_distance(T=float)
    m = dp.m.make_gaussian(*space, scale=1.0)  # rho(d) = d^2 / 2
    curve = dp.c.make_zCDP_to_approxDP(m).map(math.sqrt(2 * rho))
    return float(curve.epsilon(delta))


@lru_cache(maxsize=256)
def rho_for(epsilon: float, delta: float) -> float:
    """The largest ρ (to 1e-9 relative) whose (ε, δ) conversion is within ``epsilon``."""
    if epsilon <= 0 or not 0 < delta < 1:
        raise ValueError("epsilon must be > 0 and delta in (0, 1)")
    lo, hi = 0.0, epsilon
    while epsilon_of(hi, delta) <= epsilon:
        lo, hi = hi, hi * 2
    for _ in range(100):
        mid = (lo + hi) / 2
        if epsilon_of(mid, delta) <= epsilon:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-9 * hi:
            break
    return lo
