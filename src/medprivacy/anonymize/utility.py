"""Utility (information loss) measures, each with a lower bound that only grows up the lattice.

- ``ncp`` (GenILoss, ARX's Loss): mean over records and quasi-identifiers of (data values covered
  by the released value − 1) / (distinct data values − 1); a suppressed record counts 1 per
  attribute. 0 = nothing generalized, 1 = everything suppressed.
- ``entropy`` (non-uniform entropy): bits lost, summed over records and attributes,
  −log2(count of the original value / count of its released group); suppressed = group of all.
- ``discernibility``: sum over released classes of size², plus n per suppressed record.
- ``average_class_size``: records / released classes.

The search needs, per node, a lower bound valid for the node and every generalization of it:
for the two additive measures it is the loss with nothing suppressed (suppression costs at least
as much as any generalization), computable per attribute without counting classes; for the other
two it is the value on the node's unsuppressed classes, or n² / (number of possible classes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from medprivacy.anonymize.lattice import Partition, Table

Measure = Literal["ncp", "entropy", "discernibility", "average_class_size"]
ADDITIVE = ("ncp", "entropy")


@dataclass
class Additive:
    """Per attribute and level, the cost of each released group; the cost of a suppressed cell."""

    group_cost: list[list[np.ndarray]]  # [a][level][group code]
    level_total: list[np.ndarray]  # [a][level]: sum over records of the cost at that level
    supp_cost: float  # summed over attributes, per suppressed record
    const: float
    scale: float


def additive(table: Table, measure: Measure) -> Additive:
    """The cost tables of ``ncp`` or ``entropy`` for ``table``."""
    m = len(table.names)
    costs: list[list[np.ndarray]] = []
    totals: list[np.ndarray] = []
    supp = 0.0
    const = 0.0
    for a in range(m):
        per_level = []
        for lv in range(int(table.heights[a])):
            if measure == "ncp":
                d = max(int(table.domain[a]) - 1, 1)
                cost = np.clip(table.covered[a][lv] - 1, 0, None) / d
            else:
                counts = np.bincount(
                    table.gen[a][lv], weights=table.weight, minlength=table.card[a][lv]
                )
                cost = np.log2(np.maximum(counts, 1.0))
            per_level.append(cost.astype(np.float64))
        costs.append(per_level)
        totals.append(
            np.array(
                [float(np.dot(table.weight, c[table.gen[a][lv]])) for lv, c in enumerate(per_level)]
            )
        )
        if measure == "ncp":
            supp += 1.0
        else:
            supp += float(np.log2(table.n))
            const -= float(totals[a][0])  # minus sum of log2 count(original value)
    scale = table.n * m if measure == "ncp" else 1.0
    return Additive(costs, totals, supp, const, scale)


def static_bounds(
    table: Table, nodes: np.ndarray, measure: Measure, add: Additive | None
) -> np.ndarray:
    """A lower bound of the loss of every node (rows of ``nodes``), monotone up the lattice."""
    if add is not None:
        total = np.full(len(nodes), add.const)
        for a in range(nodes.shape[1]):
            total += add.level_total[a][nodes[:, a]]
        return total / add.scale
    classes = np.ones(len(nodes))
    for a in range(nodes.shape[1]):
        classes *= np.asarray(table.card[a], dtype=np.float64)[nodes[:, a]]
    classes = np.minimum(classes, table.distinct)
    if measure == "discernibility":
        return table.n**2 / classes
    return table.n / classes


def loss(
    table: Table,
    node: tuple[int, ...],
    part: Partition,
    keep: np.ndarray,
    measure: Measure,
    add: Additive | None,
) -> tuple[float, float]:
    """``(loss, bound)`` at ``node``: the measure with the suppressed classes, and without any."""
    if add is not None:
        base = add.const + sum(add.level_total[a][lv] for a, lv in enumerate(node))
        gone = ~keep
        if gone.any():
            rep = part.rep[gone]
            cell = np.zeros(len(rep))
            for a, lv in enumerate(node):
                cell += add.group_cost[a][lv][table.gen[a][lv][rep]]
            extra = float(np.dot(part.size[gone], add.supp_cost - cell))
        else:
            extra = 0.0
        return (base + extra) / add.scale, base / add.scale
    size = part.size
    suppressed = float(size[~keep].sum())
    if measure == "discernibility":
        return float(np.dot(size[keep], size[keep])) + suppressed * table.n, float(
            np.dot(size, size)
        )
    released = int(keep.sum())
    value = table.n / released if released else table.n
    return value, table.n / max(part.classes, 1)


def all_measures(
    table: Table, node: tuple[int, ...], part: Partition, keep: np.ndarray
) -> dict[str, float]:
    """Every measure of a result, for the report."""
    out: dict[str, float] = {}
    measures: tuple[Measure, ...] = ("ncp", "entropy", "discernibility", "average_class_size")
    for m in measures:
        add = additive(table, m) if m in ADDITIVE else None
        out[m] = loss(table, node, part, keep, m, add)[0]
    return out
