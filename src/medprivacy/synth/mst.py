"""MST (McKenna, Miklau & Sheldon 2021) with a numpy tree estimator.

1. MEASURE every 1-way marginal (OpenDP Gaussian, ``oneway_share`` of ρ).
2. SELECT a spanning tree: Kruskal's algorithm where each of the ``d-1`` edges is picked by
   OpenDP's exponential mechanism among pairs joining two components, scored by
   ``|exact 2-way - independent estimate from the noisy 1-ways|_1`` (``select_share`` of ρ).
3. MEASURE the tree's 2-way marginals (the rest of ρ, split ∝ cells^(2/3), which minimises the
   summed expected L1 error for Gaussian noise).
4. ESTIMATE (post-processing): total and 1-ways by inverse-variance combination of all
   measurements, each 2-way table projected onto the nonnegative simplex and raked to its 1-ways;
   a tree needs nothing more (Private-PGM's mirror descent solves the same problem for general
   graphs — see benchmarks/synth_quality.py for the comparison).
5. SAMPLE along the tree with per-group rounding.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from medprivacy.synth.base import DPSynthesizer, ShareOptions, synthesizers
from medprivacy.synth.encode import CodedTable
from medprivacy.synth.estimate import (
    Noisy,
    combine_oneway,
    estimate_total,
    project_simplex,
    rake,
)
from medprivacy.synth.mechanisms import ZCDPBudget, noisy_counts, select
from medprivacy.synth.models import BayesNet


def measure_oneways(codes: CodedTable, rho: float, k: int, budget: ZCDPBudget) -> list[Noisy]:
    """Every 1-way marginal, each measured once (exact counts, then one OpenDP draw)."""
    d = len(codes.sizes)
    out = []
    for j, counts in enumerate(codes.marginals([(j,) for j in range(d)])):
        noisy, sigma = noisy_counts(counts, rho / d, k, budget, f"1-way {codes.columns[j]}")
        out.append(Noisy((j,), noisy, sigma))
    return out


def allocate(cells: list[int], rho: float) -> list[float]:
    """Split ρ over marginals ∝ cells^(2/3) (minimises Σ cells·σ for σ = 1/sqrt(2ρ_i))."""
    w = np.asarray(cells, dtype=float) ** (2 / 3)
    return list(rho * w / w.sum())


def select_tree(
    codes: CodedTable,
    oneway: list[np.ndarray],
    rho: float,
    k: int,
    budget: ZCDPBudget,
) -> list[tuple[int, int]]:
    """Kruskal with the exponential mechanism: d-1 edges connecting all columns."""
    d = len(codes.sizes)
    if d < 2:
        return []
    pairs = list(itertools.combinations(range(d), 2))
    total = float(sum(oneway[0]))
    scores = np.empty(len(pairs))
    for i, ((a, b), exact) in enumerate(zip(pairs, codes.marginals(pairs), strict=True)):
        indep = np.outer(oneway[a], oneway[b]) / max(total, 1.0)
        scores[i] = np.abs(exact - indep).sum()
    parent = list(range(d))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    chosen: list[tuple[int, int]] = []
    for step in range(d - 1):
        open_idx = [i for i, (a, b) in enumerate(pairs) if find(a) != find(b)]
        pick = open_idx[
            select(scores[open_idx], rho / (d - 1), k, budget, f"select edge {step + 1}")
        ]
        a, b = pairs[pick]
        parent[find(a)] = find(b)
        chosen.append((a, b))
    return chosen


def fit_tree(sizes: tuple[int, ...], measurements: list[Noisy]) -> BayesNet:
    """Tree model from noisy 1- and 2-way marginals (2-way ones must form a forest)."""
    d = len(sizes)
    total = estimate_total(measurements)
    oneway = [combine_oneway(j, sizes[j], measurements, total) for j in range(d)]
    adj: dict[int, list[tuple[int, Noisy]]] = {j: [] for j in range(d)}
    for m in measurements:
        if len(m.cols) == 2:
            a, b = m.cols
            adj[a].append((b, m))
            adj[b].append((a, m))
    edges: list[tuple[tuple[int, ...], int, np.ndarray]] = []
    seen: set[int] = set()
    for root in range(d):
        if root in seen:
            continue
        seen.add(root)
        queue = [root]
        while queue:
            p = queue.pop(0)
            for c, m in adj[p]:
                if c in seen:
                    continue
                seen.add(c)
                queue.append(c)
                table = m.values if m.cols == (p, c) else m.values.T
                table = rake(project_simplex(table, total), oneway[p], oneway[c])
                rows = table.sum(axis=1, keepdims=True)
                fallback = oneway[c] / max(oneway[c].sum(), 1e-12)
                cond = np.where(rows > 0, table / np.where(rows > 0, rows, 1), fallback)
                edges.append(((p,), c, cond))
    probs = [o / max(o.sum(), 1e-12) for o in oneway]
    return BayesNet(sizes, probs, edges, total)


@synthesizers.register("mst")
class MST(DPSynthesizer):
    """DP MST: noisy 1-ways, an exponentially-selected spanning tree of 2-ways, tree model."""

    name = "mst"
    mechanism = "MST: Gaussian 1-way and tree 2-way marginals, exponential-mechanism tree"

    Options = ShareOptions

    partitioned = True

    def _fit(self, codes: CodedTable, before_measure: Callable[[], None]) -> None:
        rho, k = self.rho, self.spec.max_rows if self.spec else 1
        one_share, sel_share = self.opts.oneway_share, self.opts.select_share
        before_measure()
        ones = measure_oneways(codes, rho * one_share, k, self.budget)
        total = estimate_total(ones)
        oneway = [combine_oneway(j, codes.sizes[j], ones, total) for j in range(len(ones))]
        tree = select_tree(codes, oneway, rho * sel_share, k, self.budget)
        cells = [codes.sizes[a] * codes.sizes[b] for a, b in tree]
        twos = []
        exact = codes.marginals(tree)
        for (a, b), r, counts in zip(tree, allocate(cells, self.budget.left), exact, strict=True):
            what = f"2-way {codes.columns[a]} x {codes.columns[b]}"
            noisy, sigma = noisy_counts(counts, r * (1 - 1e-9), k, self.budget, what)
            twos.append(Noisy((a, b), noisy, sigma))
        self.model = fit_tree(codes.sizes, ones + twos)
        self.tree = [(codes.columns[a], codes.columns[b]) for a, b in tree]
        self.n_fit = max(round(self.model.total), 0)

    def _sample_codes(self, n: int) -> np.ndarray:
        return self.model.sample(n, self.rng)
