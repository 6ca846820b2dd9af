"""Fitted distributions over coded columns and how to sample them (post-processing only)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from medprivacy.synth.estimate import Noisy, round_counts


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


class Particles:
    """A distribution on a fixed pool of coded rows (drawn from a :class:`BayesNet`), with
    weights fitted to noisy marginals of any columns (post-processing).

    :meth:`fit` minimises Private-PGM's loss ``sum_m |total * A_m p - y_m|^2 / (2 sigma_m^2)``
    over the pool's weights ``p`` (entropic mirror descent from the current weights, step size by
    backtracking): overlapping noisy marginals are reconciled by their noise, and the network's
    dependence is kept wherever no measurement says otherwise.

    Sampling is systematic (one uniform offset, ``n`` equally spaced points on the cumulative
    weights) over the pool sorted lexicographically by ``order`` (the network's sampling order):
    every prefix of the order is stratified, so the sample's marginals over the first columns
    match the model's up to rounding, as the network's per-group rounding does; i.i.d. draws
    from the weights add ~0.0015 to the 2-way TVD on RAND HIE.
    """

    def __init__(
        self,
        codes: np.ndarray,
        sizes: tuple[int, ...],
        total: float,
        order: list[int] | None = None,
        weights: np.ndarray | None = None,
    ) -> None:
        w = np.ones(len(codes)) if weights is None else np.asarray(weights, dtype=float)
        if order is not None and len(codes):
            sort = np.lexsort(codes[:, order[::-1]].T)
            codes, w = codes[sort], w[sort]
        self.codes = codes
        self.sizes = sizes
        self.total = float(total)
        self.logw = np.log(np.maximum(w, 1e-300))
        self.eta: float | None = None
        self._idx: dict[tuple[int, ...], np.ndarray] = {}

    def _index(self, cols: tuple[int, ...]) -> np.ndarray:
        if cols not in self._idx:
            shape = tuple(self.sizes[c] for c in cols)
            self._idx[cols] = np.ravel_multi_index(tuple(self.codes[:, c] for c in cols), shape)
        return self._idx[cols]

    @staticmethod
    def _softmax(logw: np.ndarray) -> np.ndarray:
        w = np.exp(logw - logw.max())
        return w / w.sum()

    @property
    def probs(self) -> np.ndarray:
        return self._softmax(self.logw)

    def marginal(self, cols: tuple[int, ...]) -> np.ndarray:
        """The weighted pool's counts (summing to ``total``) over ``cols``."""
        shape = tuple(self.sizes[c] for c in cols)
        flat = np.bincount(self._index(cols), self.probs, minlength=int(np.prod(shape)))
        return self.total * flat.reshape(shape)

    def fit(self, measurements: list[Noisy], iters: int = 50) -> None:
        groups = [
            (self._index(m.cols), m.values.ravel(), 1 / m.sigma**2)
            for m in measurements
            if len(m.cols) > 0
        ]

        def loss_grad(logw: np.ndarray) -> tuple[float, np.ndarray]:
            p = self._softmax(logw)
            loss, grad = 0.0, np.zeros(len(p))
            for idx, y, w in groups:
                diff = self.total * np.bincount(idx, p, minlength=len(y)) - y
                loss += 0.5 * w * float(diff @ diff)
                grad += (self.total * w) * diff[idx]
            return loss, grad

        if self.eta is None:  # 1 / Lipschitz constant of the loss in the L1 norm
            self.eta = 1.0 / (self.total**2 * sum(w for _, _, w in groups))
        loss, grad = loss_grad(self.logw)
        for _ in range(iters):
            for _ in range(20):
                cand = self.logw - self.eta * grad
                new_loss, new_grad = loss_grad(cand)
                if new_loss <= loss:
                    break
                self.eta *= 0.5
            else:
                return
            self.logw, loss, grad = cand - cand.max(), new_loss, new_grad
            self.eta *= 1.5

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        if n == 0 or len(self.codes) == 0:
            return np.empty((n, len(self.sizes)), dtype=np.int64)
        cum = np.cumsum(self.probs) * (n / self.probs.sum())
        idx = np.searchsorted(cum, rng.random() + np.arange(n), side="right")
        return rng.permutation(self.codes[np.minimum(idx, len(cum) - 1)])
