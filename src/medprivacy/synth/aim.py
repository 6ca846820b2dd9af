"""AIM-style adaptive synthesizer (after McKenna et al. 2022) over a Bayesian network.

1. MEASURE every 1-way marginal (OpenDP Gaussian, ``oneway_share`` of ρ).
2. For ``d-1`` rounds, attach one new column to the model:
   - SELECT with OpenDP's exponential mechanism among candidates ``child | parents`` (up to
     ``max_parents`` columns already in the model; in the first round any pair), scored as in AIM
     by ``w * (|exact marginal - model's estimate|_1 - expected L1 noise of measuring it)``, so
     large marginals must earn their noise. The model's estimate for a new column is the model's
     parents marginal times the column's noisy 1-way, i.e. the error of assuming independence.
   - MEASURE the selected marginal (OpenDP Gaussian).
   - ESTIMATE ``P(child | parents)`` from it (simplex projection, smoothed toward
     ``P(child | first parent)`` by ``shrink`` noise sds of pseudo-rows per parent group, raked
     to the model's parents marginal and the child's 1-way; post-processing). Each measurement
     also sharpens the 1-ways of its columns (inverse-variance combination with the others).
3. REFIT (post-processing): total and 1-ways from all measurements, every conditional again in
   order against the refitted parents, its smoothing target ``P(child | first parent)`` now
   pooled (inverse variance) from every measurement holding both columns (:func:`_pair`): the
   first parent is the declared target in nearly every clique, so a column that is also a
   parent elsewhere gets its ``P(column | target)`` from several cliques. With a rare target
   (RAND HIE's ``mental``, 3.5% of rows) that is what the TSTR AUC depends on: mean 0.721 ->
   0.730 at ε = 1 (48 runs vs 20, about one standard error; train on real 0.790).
4. EXTRA ROUNDS (AIM's workload rounds): ``extra_share`` x (number of column pairs) more
   rounds, each selecting (exponential mechanism, same score) any 2-way marginal that no
   measurement covers yet, against the current model, and measuring it with ``extra_weight`` x
   a network round's ρ. The model becomes a pool of ``particles`` rows sampled from the network,
   reweighted (post-processing, :class:`~medprivacy.synth.models.Particles`) to minimise
   Private-PGM's loss over *all* noisy measurements (1-ways, network cliques, extras), so
   overlapping noisy marginals are reconciled by their noise; with a declared target the target
   is summed out of them first (and no extra marginal holds it), so the pool keeps the network's
   ``P(target | features)``. On RAND HIE at ε = 1 this takes the 2-way TVD from 0.034 to 0.026
   (the network alone cannot hold pairs that are not in a clique: with exact marginals it stops
   at 0.029).
5. SAMPLE: ancestrally with per-group rounding (no extra rounds), or systematic sampling of the
   pool's weights in the network's order (see ``Particles``).

**Declared target.** When the spec names a ``target`` (public: it says which column the data is
for, not anything about the data), the target is the network's root and may be a parent of every
column *on top of* ``max_parents`` others, and candidate marginals containing it get workload
weight ``target_weight`` (at least 1; the selection's sensitivity is scaled by that weight, so the
privacy cost is unchanged). With exact marginals this tree-augmented structure (a TAN
classifier's) keeps ``P(target | features)`` far better than 1-2 tree neighbours: on RAND HIE
the TSTR AUC goes from 0.64 to 0.72 at ε = 1. Without a target the method is the plain AIM-style
network.

Differences from AIM, stated for the report: rounds are fixed (``d-1`` network rounds plus the
extra rounds, no budget annealing) and the estimator is a Bayesian network (PrivBayes-like
structure) reweighted on a particle pool instead of Private-PGM's junction-tree mirror descent,
which here costs minutes per round (see ``benchmarks/synth_quality.py``). Budget: ``oneway_share``
of ρ on the 1-ways, ``select_share`` over the selections (equal per round), the rest over the
measurements (a network round's share 1, an extra round's ``extra_weight``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
from pydantic import Field

from medprivacy.errors import ConfigError
from medprivacy.synth.base import DPSynthesizer, ShareOptions, synthesizers
from medprivacy.synth.encode import CodedTable
from medprivacy.synth.estimate import (
    Noisy,
    combine_oneway,
    estimate_total,
    marginal,
    project_simplex,
    rake,
)
from medprivacy.synth.mechanisms import gaussian_scale, noisy_counts, select
from medprivacy.synth.models import BayesNet, Particles
from medprivacy.synth.mst import measure_oneways

HALF_NORMAL_MEAN = float(np.sqrt(2 / np.pi))


def _probs(counts: list[np.ndarray]) -> list[np.ndarray]:
    return [o / max(o.sum(), 1e-12) for o in counts]


def _pair(a: int, b: int, sizes: tuple[int, ...], measured: list[Noisy]) -> Noisy | None:
    """Counts of columns ``(a, b)`` combined (inverse variance) from every measurement holding
    both, the other columns summed out (post-processing); None when none holds both."""
    num = np.zeros((sizes[a], sizes[b]))
    den = 0.0
    for m in measured:
        if a not in m.cols or b not in m.cols:
            continue
        others = tuple(i for i, x in enumerate(m.cols) if x not in (a, b))
        t = m.values.sum(axis=others) if others else m.values
        if m.cols.index(a) > m.cols.index(b):
            t = t.T
        var = m.sigma**2 * (m.values.size / num.size)
        num += t / var
        den += 1 / var
    return Noisy((a, b), num / den, float(np.sqrt(1 / den))) if den > 0 else None


def _conditional(
    m: Noisy,
    parents: np.ndarray,
    child: np.ndarray,
    total: float,
    shrink: float = 0.0,
    coarse: Noisy | None = None,
) -> np.ndarray:
    """``P(child | parents)`` from the noisy marginal ``m`` (parents first, child last), made
    nonnegative and raked to the parents' marginal (any scale) and the child's 1-way counts.

    With two or more parents and ``shrink > 0``, every parent group also gets ``shrink * sigma``
    pseudo-rows spread as ``P(child | first parent)`` (``coarse``: counts of the two columns,
    pooled from every measurement holding them; by default this table summed over the other
    parents; far less noisy than a group): small groups, where the noise is as large as the
    counts, lean on the coarser conditional, large groups keep their own. The first parent is
    the declared target when there is one, so the smoothing keeps each column's dependence on
    the target.
    """
    values = m.values
    table = project_simplex(values, total).reshape(-1, values.shape[-1])
    if shrink > 0 and values.ndim >= 3:
        if coarse is None:
            summed = values.sum(axis=tuple(range(1, values.ndim - 1)))
            coarse = Noisy((), summed, m.sigma * float(np.sqrt(values.size / summed.size)))
        counts = np.maximum(coarse.values, 0.0)
        coarse_p = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1e-12)
        table = table + shrink * m.sigma * np.repeat(coarse_p, table.shape[0] // len(coarse_p), 0)
    parents = parents.ravel() * (total / max(parents.sum(), 1e-12))
    table = rake(table, parents, child)
    rows = table.sum(axis=1, keepdims=True)
    fallback = child / max(child.sum(), 1e-12)
    return np.where(rows > 0, table / np.where(rows > 0, rows, 1), fallback)


def _without(m: Noisy, col: int | None, sizes: tuple[int, ...]) -> Noisy | None:
    """``m`` with column ``col`` summed out (noise sd grows by sqrt of its size); None when
    nothing is left."""
    if col is None or col not in m.cols:
        return m
    if len(m.cols) == 1:
        return None
    axis = m.cols.index(col)
    cols = tuple(c for c in m.cols if c != col)
    return Noisy(cols, m.values.sum(axis=axis), m.sigma * float(np.sqrt(sizes[col])))


def _model_marginal(
    sample: np.ndarray, sizes: tuple[int, ...], cols: tuple[int, ...]
) -> np.ndarray:
    counts = marginal(sample, sizes, cols).astype(float)
    return counts / max(counts.sum(), 1.0)


class AIMOptions(ShareOptions):
    """AIM's options, each with its range (see the module docstring for what they do)."""

    max_parents: int = Field(2, ge=1)
    # workload weight of marginals with the spec's declared target; below 1 it would weigh
    # other marginals up, and the selection's sensitivity is k * max(weight)
    target_weight: float = Field(2.0, ge=1)
    shrink: float = Field(2.0, ge=0)  # pseudo-rows (in noise sds) smoothing each parent group
    max_cells: int = Field(2000, ge=1)  # larger candidate marginals are never considered
    model_rows: int = Field(20000, ge=1)  # rows sampled to project the current model
    extra_share: float = Field(0.1, ge=0)  # extra rounds, as a share of all column pairs
    extra_rounds: int | None = Field(None, ge=0)  # overrides extra_share
    particles: int = Field(50_000, ge=1)  # rows of the reweighted particle model
    extra_weight: float = Field(0.5, gt=0)  # ρ of an extra round's measurement / a network round's
    fit_iters: int = Field(25, ge=1)  # mirror-descent steps per particle refit
    pool_pairs: bool = True  # smooth toward P(child | first parent) pooled from all measurements
    keep_target_posterior: bool = True  # sum the target out of the particle fit


def unreachable_column(
    columns: tuple[str, ...], sizes: tuple[int, ...], max_cells: int
) -> str | None:
    """A column that no chain of pairs within ``max_cells`` cells joins to the others (the
    network's greedy rounds would run out of candidates there), or None. Spec-only (public)."""
    if len(sizes) < 2:
        return None
    seen, todo = {0}, [0]
    while todo:
        a = todo.pop()
        for b in range(len(sizes)):
            if b not in seen and sizes[a] * sizes[b] <= max_cells:
                seen.add(b)
                todo.append(b)
    return next((c for j, c in enumerate(columns) if j not in seen), None)


def check_candidates(columns: tuple[str, ...], sizes: tuple[int, ...], max_cells: int) -> None:
    """Refuse (one-line ConfigError, before any charge) a spec whose declared sizes leave AIM
    a round without a candidate marginal within ``max_cells``."""
    col = unreachable_column(columns, sizes, max_cells)
    if col is not None:
        raise ConfigError(
            f"synthesizer 'aim': column {col!r} has no chain of column pairs within max_cells "
            f"({max_cells}) to the other columns; rule: every column pairs with one it joins to "
            "within max_cells cells (raise max_cells or declare fewer bins)"
        )


@synthesizers.register("aim")
class AIM(DPSynthesizer):
    """DP AIM-style: adaptive exponential-mechanism selection of 2-/3-way marginals."""

    name = "aim"
    mechanism = (
        "AIM-style: Gaussian 1-way marginals, exponential-mechanism selection of 2-/3-way "
        "marginals, Bayesian-network estimate"
    )
    Options = AIMOptions
    partitioned = True

    def _fit(self, codes: CodedTable, before_measure: Callable[[], None]) -> None:
        opt: AIMOptions = self.opts
        sizes, d = codes.sizes, len(codes.sizes)
        k = self.spec.max_rows if self.spec else 1
        one_share, sel_share = opt.oneway_share, opt.select_share
        max_parents, max_cells = opt.max_parents, opt.max_cells
        target = codes.columns.index(self.spec.target) if self.spec and self.spec.target else None
        tw = opt.target_weight if target is not None else 1.0
        # scores are weighted by tw or 1: one patient moves a score by at most k * max(1, tw)
        sel_sens = k * max(1.0, tw)
        shrink = opt.shrink
        self._pool_pairs = opt.pool_pairs
        check_candidates(codes.columns, sizes, max_cells)
        before_measure()
        measured: list[Noisy] = measure_oneways(codes, self.rho * one_share, k, self.budget)
        total = estimate_total(measured)
        oneway = [combine_oneway(j, sizes[j], measured, total) for j in range(d)]
        n_pairs = d * (d - 1) // 2
        extra = round(opt.extra_share * n_pairs) if opt.extra_rounds is None else opt.extra_rounds
        extra = extra if d > 2 else 0
        n_particles = opt.particles
        rounds = d - 1 + extra
        rho_sel = self.rho * sel_share / max(rounds, 1)
        xw = opt.extra_weight
        rho_meas = (self.budget.left - rho_sel * rounds) / max(d - 1 + xw * extra, 1)
        rho_extra = xw * rho_meas
        sigma = gaussian_scale(rho_meas, k)
        sigma_extra = gaussian_scale(rho_extra, k) if extra > 0 else sigma
        exact: dict[tuple[int, ...], np.ndarray] = {}

        def count(wanted: Sequence[tuple[int, ...]]) -> None:
            """Exact tables of a round's candidates, in one request (one pass over a
            partitioned table's parts)."""
            todo = list(dict.fromkeys(c for c in wanted if c not in exact))
            exact.update(zip(todo, codes.marginals(todo), strict=True))

        def exact_of(cols: tuple[int, ...]) -> np.ndarray:
            if cols not in exact:
                count([cols])
            return exact[cols]

        # the declared target (public) is the root, so every column may condition on it
        attached: list[int] = [] if target is None else [target]
        edges: list[tuple[tuple[int, ...], int, np.ndarray]] = []
        steps: list[tuple[tuple[int, ...], int, Noisy]] = []
        model = BayesNet(sizes, _probs(oneway), [], total)
        self.selected: list[tuple[str, ...]] = []
        for step in range(d - 1):
            probs = _probs(oneway)
            if attached:
                sample = model.sample(opt.model_rows, self.rng)
                others = [a for a in attached if a != target]
                parent_sets: list[tuple[int, ...]] = []
                for size in range(1, max_parents + 1):
                    parent_sets += list(itertools.combinations(others, size))
                if target is not None:
                    # the target may be an extra parent on top of max_parents others
                    parent_sets += [(target,)] + [(target, *ps) for ps in parent_sets]
                free = [c for c in range(d) if c not in attached]
                cands = [(ps, c) for ps in parent_sets for c in free]
            else:
                sample = None
                cands = [((a,), c) for a, c in itertools.permutations(range(d), 2) if a < c]
            cands = [
                (ps, c) for ps, c in cands if np.prod([sizes[x] for x in (*ps, c)]) <= max_cells
            ]
            weights = np.array([tw if target in (*ps, c) else 1.0 for ps, c in cands])
            count([(*ps, c) for ps, c in cands])
            scores = np.empty(len(cands))
            for i, (ps, c) in enumerate(cands):
                if sample is None:
                    est = np.outer(probs[ps[0]], probs[c])
                else:
                    est = np.multiply.outer(_model_marginal(sample, sizes, ps), probs[c])
                err = np.abs(exact_of((*ps, c)) - total * est).sum()
                scores[i] = weights[i] * (err - sigma * HALF_NORMAL_MEAN * est.size)
            pick = select(scores, rho_sel, sel_sens, self.budget, f"select round {step + 1}")
            ps, c = cands[pick]
            if not attached:
                attached.append(ps[0])
            cols = (*ps, c)
            what = "marginal " + " x ".join(codes.columns[x] for x in cols)
            noisy, scale = noisy_counts(exact_of(cols), rho_meas * (1 - 1e-9), k, self.budget, what)
            m = Noisy(cols, noisy, scale)
            measured.append(m)
            steps.append((ps, c, m))
            # every measurement also informs the 1-ways of its columns (inverse variance)
            for j in cols:
                oneway[j] = combine_oneway(j, sizes[j], measured, total)
            parents = oneway[ps[0]] if sample is None else _model_marginal(sample, sizes, ps)
            edges.append((ps, c, _conditional(m, parents, oneway[c], total, shrink)))
            attached.append(c)
            model = BayesNet(sizes, _probs(oneway), list(edges), total)
            self.selected.append(tuple(codes.columns[x] for x in cols))
        self.model = self._refit(sizes, measured, steps, shrink)
        self.n_fit = max(round(self.model.total), 0)
        self.pool: Particles | None = None
        if extra <= 0:
            return
        # EXTRA ROUNDS: any 2-way marginal not yet covered, against a reweighted particle model
        order = [c for c in range(d) if c not in {c for _, c, _ in self.model.edges}]
        order += [c for _, c, _ in self.model.edges]
        pool = self._pool(n_particles, target, order)
        iters = opt.fit_iters
        # with a declared target, the weights are fitted to the measurements with the target
        # summed out: every factor is a function of the features only, so the pool keeps the
        # network's P(target | features) (the TAN classifier that the TSTR AUC measures)
        keep = target if opt.keep_target_posterior else None
        fitted = [f for f in (_without(m, keep, sizes) for m in measured) if f is not None]
        covered = {frozenset(p) for m in measured for p in itertools.combinations(m.cols, 2)}
        for step in range(extra):
            pairs = [
                (a, b)
                for a, b in itertools.combinations(range(d), 2)
                if frozenset((a, b)) not in covered
                and sizes[a] * sizes[b] <= max_cells
                and keep not in (a, b)
            ]
            if not pairs:
                break
            weights = np.array([tw if target in pair else 1.0 for pair in pairs])
            count(pairs)
            scores = np.empty(len(pairs))
            for i, pair in enumerate(pairs):
                err = np.abs(exact_of(pair) - pool.marginal(pair)).sum()
                noise = sigma_extra * HALF_NORMAL_MEAN * exact_of(pair).size
                scores[i] = weights[i] * (err - noise)
            pick = select(scores, rho_sel, sel_sens, self.budget, f"select extra {step + 1}")
            cols = pairs[pick]
            what = "marginal " + " x ".join(codes.columns[x] for x in cols)
            noisy, scale = noisy_counts(
                exact_of(cols), rho_extra * (1 - 1e-9), k, self.budget, what
            )
            measured.append(Noisy(cols, noisy, scale))
            fitted.append(measured[-1])  # no target in it
            covered.add(frozenset(cols))
            pool.fit(fitted, iters=iters)
            self.selected.append(tuple(codes.columns[x] for x in cols))
        pool.fit(fitted, iters=4 * iters)
        self.pool = pool

    def _pool(self, n: int, target: int | None, order: list[int]) -> Particles:
        """``n`` rows from the network; with a declared target (the root) the same number for
        each target value, weighted back by the target's probability, so that a rare class keeps
        enough distinct rows after reweighting (a 50,000-row pool drawn plainly holds ~1,800
        rows of a 3.5% class, and resampling it repeats them: TSTR AUC 0.77 instead of 0.79
        with exact marginals)."""
        model = self.model
        if target is None or target not in order[:1]:
            return Particles(model.sample(n, self.rng), model.sizes, model.total, order)
        size = model.sizes[target]
        parts, weights = [], []
        for v, p in enumerate(model.oneway[target]):
            fixed = [*model.oneway]
            fixed[target] = np.eye(size)[v]
            m = n // size
            parts.append(BayesNet(model.sizes, fixed, model.edges, model.total).sample(m, self.rng))
            weights.append(np.full(m, p / max(m, 1)))
        return Particles(
            np.concatenate(parts), model.sizes, model.total, order, np.concatenate(weights)
        )

    def _refit(
        self,
        sizes: tuple[int, ...],
        measured: list[Noisy],
        steps: list[tuple[tuple[int, ...], int, Noisy]],
        shrink: float,
    ) -> BayesNet:
        """The final model from all measurements: total and 1-ways combined from every one,
        then each conditional re-estimated in order against its parents' model marginal."""
        total = estimate_total(measured)
        oneway = [combine_oneway(j, sizes[j], measured, total) for j in range(len(sizes))]
        probs = _probs(oneway)
        model = BayesNet(sizes, probs, [], total)
        for ps, c, m in steps:
            sample = model.sample(self.opts.model_rows, self.rng)
            parents = _model_marginal(sample, sizes, ps)
            coarse = _pair(ps[0], c, sizes, measured) if self._pool_pairs else None
            cond = _conditional(m, parents, oneway[c], total, shrink, coarse)
            model = BayesNet(sizes, probs, [*model.edges, (ps, c, cond)], total)
        return model

    def _sample_codes(self, n: int) -> np.ndarray:
        if self.pool is not None:
            return self.pool.sample(n, self.rng)
        return self.model.sample(n, self.rng)
