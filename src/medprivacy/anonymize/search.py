"""Optimal global full-domain generalization: best-first search of the lattice with bounds.

ARX's Flash walks the lattice along paths and tags nodes by the monotonicity of the privacy
models; with a suppression limit the Loss metric is not monotone, so it must still check most
nodes below the optimum's bound (1,245 of 12,960 on Adult). This search orders every node by a
lower bound of its loss that can only grow up the lattice (the loss with nothing suppressed, see
:mod:`utility`) and judges nodes in that order: once the next node's bound reaches the best loss
found, no unjudged node can beat it and the result is proven optimal. Measures whose bound needs
class counts also prune every generalization of a node whose counted bound reaches the best.

Infeasible nodes are skipped by monotonicity (models whose class check only gets easier as
classes merge: k-anonymity, distinct l-diversity, highest prosecutor risk): before the walk,
projections (all but a few attributes at the top; :func:`projection_check`) tag the nodes that
agree with an infeasible one; during it, a node found infeasible is climbed to a generalization
that is still infeasible (:func:`climb`) and everything below that is tagged at once. Classes are
rolled up from cached, more specific nodes (:mod:`lattice`).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from medprivacy.anonymize import utility
from medprivacy.anonymize.lattice import (
    Node,
    Partition,
    PartitionCache,
    Table,
    group_keys,
    partition,
)
from medprivacy.anonymize.models import ClassStats, PrivacyModel
from medprivacy.errors import ConfigError

MAX_NODES = 10_000_000
MAX_SUBSETS = 800  # attribute subsets the projection check may visit
PROJECTION_WIDTH = 3  # widest attribute subset the projection check counts


@dataclass
class Check:
    """One node's verdict: which classes are released, the suppressed records and the loss."""

    node: Node
    feasible: bool
    keep: np.ndarray
    suppressed: float
    loss: float
    bound: float
    part: Partition
    mask: bool = False  # suppressed records are written as a class of their own (all ``*``)


@dataclass
class SearchResult:
    """The best node found, whether it is proven optimal, and what the search did."""

    best: Check | None
    optimal: bool
    checked: int  # nodes judged (the ordered walk and the greedy descent)
    counted: int  # nodes whose classes were counted, projections and climbs included
    nodes: int
    seconds: float
    frontier: list[dict[str, Any]] = field(default_factory=list)


def class_stats(table: Table, part: Partition, population: Partition | None = None) -> ClassStats:
    return ClassStats(
        size=part.size,
        hist=part.hist,
        info=table.sensitive_info,
        population=None if population is None else population.size,
    )


def judge(
    table: Table,
    node: Node,
    part: Partition,
    models: Sequence[PrivacyModel],
    limit: float,
    measure: utility.Measure,
    add: utility.Additive | None,
    population: PopulationCounter | None = None,
    mask: bool = False,
) -> Check:
    """Apply the models to ``node``'s classes: suppress failing classes, then judge the release.

    With ``mask`` the suppressed records stay in the release with every quasi-identifier ``*``:
    one more class, which the models must accept too (see :func:`holds_as_written`).
    """
    stats = class_stats(table, part)
    if population is not None:
        stats.population = population.counts(node, part)
        stats.population_size = population.size
    keep = np.ones(part.classes, dtype=bool)
    for model in models:
        ok = model.class_ok(stats)
        if ok is not None:
            keep &= ok
    budget = limit * table.n
    feasible = True
    for model in models:
        spent = float(part.size[~keep].sum())
        kept = model.holds(stats, keep, budget - spent)
        if kept is None:
            feasible = False
            break
        keep = kept
    suppressed = float(part.size[~keep].sum())
    feasible = feasible and suppressed <= budget + 1e-9
    if mask and feasible and not keep.all():
        feasible = holds_as_written(stats, keep, models)
    if feasible or add is None:
        value, bound = utility.loss(table, node, part, keep, measure, add)
    else:
        value = bound = float("inf")
    return Check(node, feasible, keep, suppressed, value, bound, part, mask)


def masked(part: Partition, keep: np.ndarray) -> Partition:
    """The classes as written with ``suppressed_rows: mask``: the kept classes, plus one class
    holding every suppressed record (all quasi-identifiers ``*``) when any is suppressed."""
    drop = ~keep
    if not drop.any():
        return Partition(
            part.rep[keep], part.size[keep], {k: v[keep] for k, v in part.hist.items()}
        )
    return Partition(
        np.concatenate([part.rep[keep], part.rep[drop][:1]]),
        np.concatenate([part.size[keep], [part.size[drop].sum()]]),
        {k: np.vstack([v[keep], v[drop].sum(axis=0, keepdims=True)]) for k, v in part.hist.items()},
    )


def holds_as_written(stats: ClassStats, keep: np.ndarray, models: Sequence[PrivacyModel]) -> bool:
    """Whether every model holds on the release as written with masking: the kept classes and
    the class of masked records, nothing more suppressed. The masked class matches every
    population record, so its population count is the population's size."""
    drop = ~keep
    size = np.concatenate([stats.size[keep], [stats.size[drop].sum()]])
    hist = {
        k: np.vstack([v[keep], v[drop].sum(axis=0, keepdims=True)]) for k, v in stats.hist.items()
    }
    pop = None
    if stats.population is not None:
        whole = float(stats.population_size or stats.population.sum())
        pop = np.concatenate([stats.population[keep], [whole]])
    written = ClassStats(size, hist, stats.info, pop, stats.population_size)
    every = np.ones(len(size), dtype=bool)
    for model in models:
        ok = model.class_ok(written)
        if ok is not None and not bool(np.all(ok)):
            return False
        kept = model.holds(written, every, 0.0)
        if kept is None or not bool(np.all(kept)):
            return False
    return True


class PopulationCounter:
    """Population counts per class for journalist/marketer risk, from an encoded population."""

    def __init__(self, table: Table, population: Table) -> None:
        self.table = table
        self.population = population
        self.size = int(population.n)

    def counts(self, node: Node, part: Partition) -> np.ndarray:
        """Population records in each of ``part``'s classes (same hierarchies, same group codes)."""
        pop = partition(self.population, node)
        ns = part.classes
        key = np.zeros(ns + pop.classes, dtype=np.int64)
        span = 1
        for a, lv in enumerate(node):
            c = self.table.card[a][lv]
            if span * c >= 1 << 31:
                key, span = group_keys(key, span)
            codes = np.concatenate(
                [self.table.gen[a][lv][part.rep], self.population.gen[a][lv][pop.rep]]
            )
            key = key * c + codes
            span *= c
        ids, count = group_keys(key, span)
        per_id = np.bincount(ids[ns:], weights=pop.size, minlength=count)
        out: np.ndarray = per_id[ids[:ns]]
        return out


def lattice_nodes(heights: np.ndarray) -> np.ndarray:
    total = int(np.prod(heights.astype(np.float64)))
    if total > MAX_NODES:
        raise ConfigError(
            f"anonymize: the lattice has {total} nodes (over {MAX_NODES}); "
            "use fewer levels or method: mondrian"
        )
    if int(heights.max()) > 127:
        raise ConfigError("anonymize: a hierarchy has more than 127 levels")
    grids = np.meshgrid(*[np.arange(h, dtype=np.int8) for h in heights], indexing="ij")
    return np.stack([g.ravel() for g in grids], axis=1)


def search(
    table: Table,
    models: Sequence[PrivacyModel],
    limit: float,
    measure: utility.Measure = "ncp",
    time_limit: float | None = None,
    population: PopulationCounter | None = None,
    mask: bool = False,
) -> SearchResult:
    """The node of least loss whose release satisfies every model within the suppression limit.

    With ``mask`` the suppressed records are released as one more class that must satisfy the
    models too (a stricter check per node, so the infeasibility tagging below stays sound).
    """
    start = time.perf_counter()
    nodes = lattice_nodes(table.heights)
    add = utility.additive(table, measure) if measure in utility.ADDITIVE else None
    bounds = utility.static_bounds(table, nodes, measure, add)
    order = np.lexsort((nodes.sum(axis=1), bounds))
    heights = tuple(int(h) for h in table.heights)
    skip, counted = projection_check(table, nodes, models, limit, PROJECTION_WIDTH)
    box = skip.reshape(heights)  # the same flags as an m-dimensional array: boxes are slices
    local = [m for m in models if m.local_monotone]
    budget = limit * table.n + 1e-9
    cache = PartitionCache()
    bottom: Node = (0,) * len(table.names)
    base: Partition | None = None
    best: Check | None = None
    checked = 0
    optimal = True
    frontier: list[dict[str, Any]] = []
    tol = 1e-12
    if time_limit is not None:
        # Anytime: a greedy descent from the top node gives a release at once, so a search cut
        # short by the time limit returns the best of it and what the ordered walk reached.
        def judge_node(node: Node) -> Check:
            return judge(
                table, node, partition(table, node), models, limit, measure, add, population, mask
            )

        best, steps = greedy(table, judge_node, start + time_limit)
        checked += steps
        counted += steps
        if best is not None:
            frontier.append(_summary(best, table))
    for i in order:
        if best is not None and bounds[i] >= best.loss - tol:
            break
        if skip[i]:
            continue
        if time_limit is not None and time.perf_counter() - start > time_limit:
            optimal = False
            break
        node: Node = tuple(int(x) for x in nodes[i])
        if base is None:
            base = partition(table, bottom)
        if node == bottom:
            part = base
        else:
            source = cache.source_for(node)
            if source is None or source.classes * 2 > base.classes:
                source = None  # the contiguous base is faster than gathering
            part = partition(table, node, source)
            cache.put(node, part)
        check = judge(table, node, part, models, limit, measure, add, population, mask)
        checked += 1
        counted += 1
        if check.feasible:
            frontier.append(_summary(check, table))
            if best is None or check.loss < best.loss - tol:
                best = check
        elif local and local_suppressed(table, part, local) > budget:
            # Infeasible for a monotone reason: so is everything below a generalization of it
            # that is still infeasible; climb to one and tag that whole box at once.
            top, steps = climb(table, node, part, local, budget)
            counted += steps
            box[tuple(slice(0, lv + 1) for lv in top)] = True
        if add is None and best is not None and check.bound >= best.loss - tol:
            box[tuple(slice(lv, None) for lv in node)] = True
    seconds = time.perf_counter() - start
    return SearchResult(best, optimal, checked, counted, len(nodes), seconds, frontier)


def local_suppressed(table: Table, part: Partition, local: Sequence[PrivacyModel]) -> float:
    """Records the class-level monotone models alone suppress in ``part``."""
    stats = class_stats(table, part)
    keep = np.ones(part.classes, dtype=bool)
    for model in local:
        ok = model.class_ok(stats)
        if ok is not None:
            keep &= ok
    return float(part.size[~keep].sum())


def climb(
    table: Table, node: Node, part: Partition, local: Sequence[PrivacyModel], budget: float
) -> tuple[Node, int]:
    """A generalization of an infeasible ``node`` that the monotone models still reject.

    Each attribute in turn is raised as far as it can go (top first) while the suppression they
    demand stays over the budget; classes roll up from the current node's, so steps are cheap.
    """
    current = list(node)
    steps = 0
    for a in range(len(current)):
        for lv in range(int(table.heights[a]) - 1, current[a], -1):
            trial = (*current[:a], lv, *current[a + 1 :])
            rolled = partition(table, trial, part)
            steps += 1
            if local_suppressed(table, rolled, local) > budget:
                current[a] = lv
                part = rolled
                break
    return tuple(current), steps


def greedy(
    table: Table, judge_node: Callable[[Node], Check], deadline: float
) -> tuple[Check | None, int]:
    """From the top node, lower one attribute a level at a time, taking the feasible child of
    least loss, until none is feasible: a quick release to hold while the optimum is sought."""
    node: Node = tuple(int(h) - 1 for h in table.heights)
    current = judge_node(node)
    steps = 1
    if not current.feasible:
        return None, steps
    while time.perf_counter() < deadline:
        children = []
        for a, lv in enumerate(current.node):
            if lv > 0:
                child = judge_node((*current.node[:a], lv - 1, *current.node[a + 1 :]))
                steps += 1
                if child.feasible:
                    children.append(child)
        if not children:
            break
        current = min(children, key=lambda c: c.loss)
    return current, steps


def projection_check(
    table: Table,
    nodes: np.ndarray,
    models: Sequence[PrivacyModel],
    limit: float,
    max_width: int | None = None,
) -> tuple[np.ndarray, int]:
    """Nodes proven infeasible by a generalization that keeps only a few attributes below the top.

    A model whose class check is monotone (k-anonymity, distinct l-diversity, highest prosecutor
    risk) suppresses at a node at least what it suppresses at any generalization of it, so if the
    node with all but the attributes S at the top (a projection on S) already suppresses over the
    limit, so does every node that agrees with it on S. Projections have few classes and are cheap
    to count; they tag most of the infeasible bottom of the lattice. Subsets S grow in width; in
    each, levels go upwards, skipping those already implied infeasible by a narrower projection
    or feasible because a lower one is. Stops at MAX_SUBSETS subsets or when the projections
    counted reach a quarter of the lattice.
    """
    heights = tuple(int(h) for h in table.heights)
    bad = np.zeros(heights, dtype=bool)  # the lattice as an m-dimensional array (ij order)
    local = [m for m in models if m.local_monotone]
    if not local:
        return bad.ravel(), 0
    top = [h - 1 for h in heights]
    budget = limit * table.n + 1e-9
    m = len(heights)
    subsets = 0
    counted = 0
    for width in range(1, min(m - 1, m if max_width is None else max_width) + 1):
        subsets += math.comb(m, width)
        if width > 1 and (subsets > MAX_SUBSETS or counted > len(nodes) / 4):
            break
        for attrs in itertools.combinations(range(m), width):
            shape = [heights[a] for a in attrs]
            infeasible = np.zeros(shape, dtype=bool)
            feasible = np.zeros(shape, dtype=bool)
            combos = sorted(itertools.product(*[range(top[a]) for a in attrs]), key=sum)
            for levels in combos:
                if feasible[levels]:
                    continue
                node = list(top)
                for a, lv in zip(attrs, levels, strict=True):
                    node[a] = lv
                if bad[tuple(node)]:
                    infeasible[levels] = True  # implied by a narrower projection
                    continue
                part = partition(table, node)
                counted += 1
                stats = class_stats(table, part)
                keep = np.ones(part.classes, dtype=bool)
                for model in local:
                    ok = model.class_ok(stats)
                    if ok is not None:
                        keep &= ok
                if float(part.size[~keep].sum()) > budget:
                    infeasible[levels] = True
                else:
                    feasible[tuple(slice(lv, None) for lv in levels)] = True
            bad |= infeasible.reshape([heights[i] if i in attrs else 1 for i in range(m)])
    return bad.ravel(), counted


def _summary(check: Check, table: Table) -> dict[str, Any]:
    kept = masked(check.part, check.keep).size if check.mask else check.part.size[check.keep]
    return {
        "levels": list(check.node),
        "loss": check.loss,
        "suppressed": check.suppressed,
        "classes": float(len(kept)),
        "highest_risk": float(1 / kept.min()) if len(kept) else 0.0,
        "average_risk": float(len(kept) / kept.sum()) if len(kept) else 0.0,
    }


def pareto(frontier: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The checked feasible nodes no other beats on both loss and highest risk, by loss."""
    rows = sorted(frontier, key=lambda r: (r["loss"], r["highest_risk"]))
    out: list[dict[str, Any]] = []
    best_risk = float("inf")
    for r in rows:
        risk = float(r["highest_risk"])
        if risk < best_risk:
            out.append(r)
            best_risk = risk
    return out
