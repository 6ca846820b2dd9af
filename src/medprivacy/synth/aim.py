"""AIM-style adaptive synthesizer (after McKenna et al. 2022) over a Bayesian network.

1. MEASURE every 1-way marginal (OpenDP Gaussian, ``oneway_share`` of ρ).
2. For ``d-1`` rounds, attach one new column to the model:
   - SELECT with OpenDP's exponential mechanism among candidates ``child | parents`` (one or two
     columns already in the model; in the first round any pair), scored as in AIM by
     ``|exact marginal - model's estimate|_1 - expected L1 noise of measuring it``, so large
     marginals must earn their noise. The model's estimate for a new column is the model's
     parents marginal times the column's noisy 1-way, i.e. the error of assuming independence.
   - MEASURE the selected marginal (OpenDP Gaussian).
   - ESTIMATE ``P(child | parents)`` from it (simplex projection; post-processing).
3. SAMPLE ancestrally with per-group rounding.

Differences from AIM, stated for the report: rounds are fixed (``d-1``, no budget annealing) and
the estimator is a Bayesian network with at most two parents (PrivBayes-like structure) instead of
Private-PGM's mirror descent, which here costs minutes per round (see
``benchmarks/synth_quality.py``). Budget: ``select_share`` of ρ over the selections, the rest over
the measurements, equally per round.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pandas as pd

from medprivacy.synth.base import DPSynthesizer, synthesizers
from medprivacy.synth.encode import Codes
from medprivacy.synth.estimate import (
    combine_oneway,
    estimate_total,
    marginal,
    project_simplex,
    rake,
)
from medprivacy.synth.mechanisms import gaussian_scale, noisy_counts, select
from medprivacy.synth.models import BayesNet
from medprivacy.synth.mst import measure_oneways

HALF_NORMAL_MEAN = float(np.sqrt(2 / np.pi))


def _model_marginal(
    sample: np.ndarray, sizes: tuple[int, ...], cols: tuple[int, ...]
) -> np.ndarray:
    counts = marginal(sample, sizes, cols).astype(float)
    return counts / max(counts.sum(), 1.0)


@synthesizers.register("aim")
class AIM(DPSynthesizer):
    """DP AIM-style: adaptive exponential-mechanism selection of 2-/3-way marginals."""

    name = "aim"
    mechanism = (
        "AIM-style: Gaussian 1-way marginals, exponential-mechanism selection of 2-/3-way "
        "marginals, Bayesian-network estimate"
    )
    oneway_share = 0.1
    select_share = 0.1
    max_parents = 2
    max_cells = 2000  # candidate marginals larger than this are never considered (public rule)
    model_rows = 20000  # rows sampled to project the current model (non-private randomness)

    def _fit(self, codes: Codes, df: pd.DataFrame, before_measure: Callable[[], None]) -> None:
        opt = self.options
        sizes, d = codes.sizes, len(codes.sizes)
        k = self.spec.max_rows if self.spec else 1
        one_share = float(opt.get("oneway_share", self.oneway_share))
        sel_share = float(opt.get("select_share", self.select_share))
        max_parents = int(opt.get("max_parents", self.max_parents))
        max_cells = int(opt.get("max_cells", self.max_cells))
        before_measure()
        ones = measure_oneways(codes, self.rho * one_share, k, self.budget)
        total = estimate_total(ones)
        oneway = [combine_oneway(j, sizes[j], ones, total) for j in range(d)]
        probs = [o / max(o.sum(), 1e-12) for o in oneway]
        rounds = d - 1
        rho_sel = self.rho * sel_share / max(rounds, 1)
        rho_meas = (self.budget.left - rho_sel * rounds) / max(rounds, 1)
        sigma = gaussian_scale(rho_meas, k)
        exact: dict[tuple[int, ...], np.ndarray] = {}

        def exact_of(cols: tuple[int, ...]) -> np.ndarray:
            if cols not in exact:
                exact[cols] = marginal(codes.data, sizes, cols)
            return exact[cols]

        attached: list[int] = []
        edges: list[tuple[tuple[int, ...], int, np.ndarray]] = []
        model = BayesNet(sizes, probs, [], total)
        self.selected: list[tuple[str, ...]] = []
        for step in range(rounds):
            if attached:
                sample = model.sample(self.model_rows, self.rng)
                parent_sets: list[tuple[int, ...]] = [(a,) for a in attached]
                if max_parents >= 2:
                    parent_sets += list(itertools.combinations(attached, 2))
                free = [c for c in range(d) if c not in attached]
                cands = [(ps, c) for ps in parent_sets for c in free]
            else:
                sample = None
                cands = [((a,), c) for a, c in itertools.permutations(range(d), 2) if a < c]
            cands = [
                (ps, c) for ps, c in cands if np.prod([sizes[x] for x in (*ps, c)]) <= max_cells
            ]
            scores = np.empty(len(cands))
            for i, (ps, c) in enumerate(cands):
                cols = (*ps, c)
                if sample is None:
                    est = np.outer(probs[ps[0]], probs[c])
                else:
                    est = np.multiply.outer(_model_marginal(sample, sizes, ps), probs[c])
                err = np.abs(exact_of(cols) - total * est).sum()
                scores[i] = err - sigma * HALF_NORMAL_MEAN * est.size
            pick = select(scores, rho_sel, k, self.budget, f"select round {step + 1}")
            ps, c = cands[pick]
            if not attached:
                attached.append(ps[0])
            cols = (*ps, c)
            what = "marginal " + " x ".join(codes.columns[x] for x in cols)
            noisy, _ = noisy_counts(exact_of(cols), rho_meas * (1 - 1e-9), k, self.budget, what)
            table = project_simplex(noisy, total).reshape(-1, sizes[c])
            # make it agree with the model's parents marginal and the child's 1-way estimate
            if sample is None:
                parents = oneway[ps[0]]
            else:
                parents = _model_marginal(sample, sizes, ps).ravel() * total
            table = rake(table, parents, oneway[c])
            rows = table.sum(axis=1, keepdims=True)
            cond = np.where(rows > 0, table / np.where(rows > 0, rows, 1), probs[c])
            edges.append((ps, c, cond))
            attached.append(c)
            model = BayesNet(sizes, probs, list(edges), total)
            self.selected.append(tuple(codes.columns[x] for x in cols))
        self.model = model
        self.n_fit = max(round(total), 0)

    def _sample_codes(self, n: int) -> np.ndarray:
        return self.model.sample(n, self.rng)
