"""Fitted distributions over coded columns and how to sample them (post-processing only)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from medprivacy.synth.estimate import round_counts


def _fill_groups(
    parent: np.ndarray, cond: np.ndarray, rng: np.random.Generator, n_parent: int
) -> np.ndarray:
    """Child codes for rows with parent codes ``parent``: in each parent group, counts follow
    ``cond[value]`` (randomised rounding) and are assigned in random order."""
    child = np.empty(len(parent), dtype=np.int64)
    order = np.argsort(parent, kind="stable")
    bounds = np.searchsorted(parent[order], np.arange(n_parent + 1))
    for v in range(n_parent):
        rows = order[bounds[v] : bounds[v + 1]]
        if len(rows) == 0:
            continue
        counts = round_counts(cond[v], len(rows), rng)
        vals = np.repeat(np.arange(len(counts)), counts)
        child[rows] = rng.permutation(vals)
    return child


@dataclass
class BayesNet:
    """A Bayesian network over coded columns: roots from their 1-way, every other column from
    ``P(child | parents)``; a tree is the case of one parent.

    Sampling rounds counts within each parent group (the synthetic marginals match the model
    up to rounding) and shuffles inside the group, so siblings are independent given the parents.
    """

    sizes: tuple[int, ...]
    oneway: list[np.ndarray]  # probabilities per column
    # (parents, child, P(child | parents) of shape (prod of parent sizes, size_child)),
    # in sampling order (parents before children)
    edges: list[tuple[tuple[int, ...], int, np.ndarray]] = field(default_factory=list)
    total: float = 0.0  # estimated number of rows (noisy)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        d = len(self.sizes)
        out = np.full((n, d), -1, dtype=np.int64)
        children = {c for _, c, _ in self.edges}
        for j in range(d):
            if j not in children:  # a root (one per tree of the forest)
                counts = round_counts(self.oneway[j], n, rng)
                out[:, j] = rng.permutation(np.repeat(np.arange(self.sizes[j]), counts))
        for ps, c, cond in self.edges:
            shape = tuple(self.sizes[p] for p in ps)
            group = np.ravel_multi_index(tuple(out[:, p] for p in ps), shape)
            out[:, c] = _fill_groups(group, cond, rng, int(np.prod(shape)))
        return out
