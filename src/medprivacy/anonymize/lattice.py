"""The encoded table and its equivalence classes at a node of the generalization lattice.

A node is one level per quasi-identifier. The table is encoded once: identical rows (on the
quasi-identifiers and sensitive attributes) are merged with a weight, and every attribute's
value at every level becomes an integer code, so a node's classes are the distinct values of one
combined int64 key. A node's classes are rolled up from a cached, more specific node's classes
(ARX's roll-up), which only ever merge as levels rise.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from medprivacy.anonymize.hierarchy import Hierarchy
from medprivacy.anonymize.models import SensitiveInfo
from medprivacy.errors import InputError

Node = tuple[int, ...]
_DENSE = 1 << 31  # densify the running key above this many combinations


def leaf_codes(values: pd.Series, hierarchy: Hierarchy, column: str, where: str = "") -> np.ndarray:
    """Leaf index of every value (factorized first, so each distinct value is looked up once).

    Errors name the data row (1-based, in input order) and ``where`` (e.g. "population table: ").
    """
    if values.isna().any():
        row = int(np.flatnonzero(values.isna().to_numpy())[0]) + 1
        raise InputError(
            f"{where}column {column!r}, row {row}: missing value in a quasi-identifier"
        )
    codes, uniques = pd.factorize(values.astype(str), sort=False)
    out: np.ndarray = hierarchy.lookup([str(u) for u in uniques])[codes]
    missing = np.flatnonzero(out < 0)
    if len(missing):
        raise InputError(
            f"{where}column {column!r}, row {int(missing[0]) + 1}: value not in its hierarchy"
        )
    return out


@dataclass
class Table:
    """The quasi-identifiers and sensitive attributes of a table, encoded for the search."""

    names: list[str]
    hierarchies: list[Hierarchy]
    heights: np.ndarray
    gen: list[list[np.ndarray]]  # gen[a][level] -> group code of each distinct row
    card: list[list[int]]  # groups per attribute and level
    group_names: list[list[list[str]]]  # [a][level][code] -> released label
    covered: list[list[np.ndarray]]  # [a][level][code] -> distinct data values covered
    domain: np.ndarray  # distinct data values per attribute
    weight: np.ndarray  # records per distinct row (float64)
    row_of: np.ndarray  # original row -> distinct row
    sensitive: dict[str, np.ndarray]  # attribute -> value code per distinct row
    sensitive_info: dict[str, SensitiveInfo]
    sensitive_names: dict[str, list[str]]
    n: float = field(init=False)

    def __post_init__(self) -> None:
        self.n = float(self.weight.sum())

    @property
    def distinct(self) -> int:
        return len(self.weight)


def encode(
    df: pd.DataFrame,
    hierarchies: Mapping[str, Hierarchy],
    sensitive: Mapping[str, Hierarchy | None] | None = None,
    where: str = "",
    weights: np.ndarray | None = None,
) -> Table:
    """Encode ``df``'s quasi-identifiers (with their hierarchies) and sensitive attributes.

    ``where`` prefixes errors to say which table is meant (e.g. "population table: ");
    ``weights`` are records per row of ``df`` (its rows then stand for counted classes, as a
    partitioned table's merged counts do; default one record each).
    """
    sensitive = dict(sensitive or {})
    names = list(hierarchies)
    for c in [*names, *sensitive]:
        if c not in df.columns:
            raise InputError(f"{where}column {c!r} is not in the table")
    if not len(df):
        raise InputError(f"{where}the table has no rows (it is empty)")
    cols: list[np.ndarray] = [leaf_codes(df[c], hierarchies[c], c, where) for c in names]
    sens_codes: dict[str, np.ndarray] = {}
    sens_names: dict[str, list[str]] = {}
    sens_levels: dict[str, np.ndarray | None] = {}
    for c, h in sensitive.items():
        if h is not None:
            sens_codes[c] = leaf_codes(df[c], h, c, where)
            sens_names[c] = list(h.leaves)
            sens_levels[c] = h.level_codes()[0]
        else:
            vals = df[c].astype(str).where(df[c].notna(), "")
            codes, uniques = pd.factorize(vals, sort=True)
            sens_codes[c] = codes.astype(np.int64)
            sens_names[c] = [str(u) for u in uniques]
            sens_levels[c] = None
    # Merge identical rows: one combined key, densified whenever it could overflow.
    key = np.zeros(len(df), dtype=np.int64)
    span = 1
    parts = [*zip(cols, [len(hierarchies[c].leaves) for c in names], strict=True)]
    parts += [(sens_codes[c], len(sens_names[c])) for c in sensitive]
    for codes, size in parts:
        if span * max(size, 1) >= _DENSE:
            key, uniq = pd.factorize(key)
            span = len(uniq)
        key = key * max(size, 1) + codes
        span *= max(size, 1)
    row_of, uniq = pd.factorize(key)
    row_of = row_of.astype(np.int64)
    distinct = len(uniq)
    first = np.empty(distinct, dtype=np.int64)
    first[row_of[::-1]] = np.arange(len(df) - 1, -1, -1)
    weight = np.bincount(row_of, weights=weights, minlength=distinct).astype(np.float64)
    gen, card, gnames, covered = [], [], [], []
    domain = np.zeros(len(names), dtype=np.int64)
    for a, c in enumerate(names):
        h = hierarchies[c]
        lc, lnames, _ = h.level_codes()
        leaves = cols[a][first]
        present = np.zeros(len(h.leaves), dtype=bool)
        present[leaves] = True
        domain[a] = int(present.sum())
        gen.append([lc[lv][leaves] for lv in range(h.height)])
        card.append([len(x) for x in lnames])
        gnames.append(lnames)
        covered.append(
            [np.bincount(lc[lv][present], minlength=len(lnames[lv])) for lv in range(h.height)]
        )
    sens = {c: v[first] for c, v in sens_codes.items()}
    info = {}
    for c, v in sens.items():
        overall = np.bincount(v, weights=weight, minlength=len(sens_names[c]))
        info[c] = SensitiveInfo(overall / overall.sum(), sens_levels[c])
    return Table(
        names=names,
        hierarchies=[hierarchies[c] for c in names],
        heights=np.array([hierarchies[c].height for c in names], dtype=np.int64),
        gen=gen,
        card=card,
        group_names=gnames,
        covered=covered,
        domain=domain,
        weight=weight,
        row_of=row_of,
        sensitive=sens,
        sensitive_info=info,
        sensitive_names=sens_names,
    )


@dataclass
class Partition:
    """The equivalence classes of a node: a representative distinct row, weight, histograms."""

    rep: np.ndarray
    size: np.ndarray
    hist: dict[str, np.ndarray]
    inverse: np.ndarray | None = None  # row (of the source partition) -> class

    @property
    def classes(self) -> int:
        return len(self.size)

    @property
    def footprint(self) -> int:
        return self.classes * (2 + sum(h.shape[1] for h in self.hist.values()))


def group_keys(key: np.ndarray, span: int) -> tuple[np.ndarray, int]:
    """Dense class ids for ``key`` values in ``[0, span)``: by a presence table or by sorting."""
    if span <= 8 * len(key) + 4096:
        present = np.zeros(span, dtype=np.int64)
        present[key] = 1
        remap = np.cumsum(present) - 1
        return remap[key], int(remap[-1]) + 1
    order = np.argsort(key)
    ks = key[order]
    brk = np.empty(len(ks), dtype=np.int64)
    brk[0] = 0
    np.not_equal(ks[1:], ks[:-1], out=brk[1:])
    ids = np.cumsum(brk)
    inv = np.empty(len(ks), dtype=np.int64)
    inv[order] = ids
    return inv, int(ids[-1]) + 1 if len(ids) else 0


def node_key(table: Table, node: Sequence[int], rows: np.ndarray | None) -> tuple[np.ndarray, int]:
    """The combined key of ``rows`` (distinct-row indices; None = all) at ``node``'s levels."""
    size = table.distinct if rows is None else len(rows)
    key = np.zeros(size, dtype=np.int64)
    span = 1
    for a, lv in enumerate(node):
        c = table.card[a][lv]
        if c == 1:
            continue
        if span * c >= _DENSE:
            key, span = group_keys(key, span)
        g = table.gen[a][lv]
        key *= c
        key += g if rows is None else g[rows]
        span *= c
    return key, span


def partition(table: Table, node: Sequence[int], source: Partition | None = None) -> Partition:
    """The classes at ``node``, rolled up from ``source`` (a more specific node's) if given."""
    rows = None if source is None else source.rep
    key, span = node_key(table, node, rows)
    inv, count = group_keys(key, span)
    weights = table.weight if source is None else source.size
    size = np.bincount(inv, weights=weights, minlength=count)
    rep = np.empty(count, dtype=np.int64)
    rep[inv] = np.arange(table.distinct) if rows is None else rows
    hist: dict[str, np.ndarray] = {}
    for c, codes in table.sensitive.items():
        s = len(table.sensitive_names[c])
        if source is None:
            flat = np.bincount(inv * s + codes, weights=weights, minlength=count * s)
        else:
            idx = (inv[:, None] * s + np.arange(s)[None, :]).ravel()
            flat = np.bincount(idx, weights=source.hist[c].ravel(), minlength=count * s)
        hist[c] = flat.reshape(count, s)
    return Partition(rep, size, hist, inv)


class PartitionCache:
    """Recently computed partitions, bounded by their total size (least recently used go first)."""

    def __init__(self, budget: int = 4_000_000) -> None:
        self.budget = budget
        self.used = 0
        self.items: OrderedDict[Node, Partition] = OrderedDict()

    def put(self, node: Node, part: Partition) -> None:
        if part.footprint > self.budget // 4:
            return
        part.inverse = None
        self.items[node] = part
        self.used += part.footprint
        while self.used > self.budget and self.items:
            _, old = self.items.popitem(last=False)
            self.used -= old.footprint

    def source_for(self, node: Node) -> Partition | None:
        """The cached direct predecessor (one level lower in one attribute) with fewest classes."""
        best: Partition | None = None
        for a, lv in enumerate(node):
            if lv == 0:
                continue
            pred = (*node[:a], lv - 1, *node[a + 1 :])
            part = self.items.get(pred)
            if part is not None and (best is None or part.classes < best.classes):
                best = part
                self.items.move_to_end(pred)
        return best
