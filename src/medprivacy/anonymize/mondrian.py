"""Mondrian: multidimensional local recoding (LeFevre et al. 2006), the second method.

Records are split top-down: a region is cut on the attribute where it is widest (relative to the
attribute's domain) — numeric attributes at the weighted median, categorical ones into the
children of their hierarchy group — as long as every part still satisfies the class-level
privacy models (k-anonymity, l-diversity, t-closeness, highest prosecutor risk). Each final
region is one equivalence class; a numeric attribute is released as the range ``lo-hi`` (``lo``
included, ``hi`` not, as interval hierarchies read) between the split points that bound the
region, a categorical one as its hierarchy group. A region's outer ends are never its own data
extremes (an exact age over 89 would reach the release): they are the edges of the declared
hierarchy's widest intervals, or open (``<hi``, ``>=lo``) where the hierarchy declares none.
Unlike the lattice search, classes may use different levels, so utility is usually better but
the result is not a re-appliable transformation. Models judged on the whole release (average
risks, population models) need the lattice search.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from medprivacy.anonymize.config import AnonymizeConfig
from medprivacy.anonymize.hierarchy import TOP, Hierarchy
from medprivacy.anonymize.lattice import Partition, Table
from medprivacy.anonymize.models import (
    ClassStats,
    KAnonymity,
    LDiversity,
    ProsecutorRisk,
    TCloseness,
)
from medprivacy.errors import ConfigError, MedPrivacyError

if TYPE_CHECKING:
    from medprivacy.anonymize.api import AnonymizationReport


def _numeric(labels: list[str]) -> np.ndarray | None:
    """The values as numbers if every one is a number written canonically ("02139" is a code)."""
    try:
        nums = np.array([float(v) for v in labels])
    except ValueError:
        return None
    return nums if all(_fmt(x) == v for x, v in zip(nums, labels, strict=True)) else None


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def mondrian(
    df: pd.DataFrame, cfg: AnonymizeConfig, base_dir: Path | None = None
) -> tuple[pd.DataFrame, AnonymizationReport]:
    """Anonymize ``df`` by Mondrian; returns the frame and an AnonymizationReport."""
    from medprivacy.anonymize.api import AnonymizationReport, figures, prepare

    for model in cfg.models:
        if not isinstance(model, KAnonymity | LDiversity | TCloseness | ProsecutorRisk) or (
            isinstance(model, ProsecutorRisk) and model.average is not None
        ):
            raise ConfigError(
                f"anonymize: method mondrian cannot enforce {model.kind}; use method optimal"
            )
    start = time.perf_counter()
    table, _, _ = prepare(df, cfg, base_dir)
    regions = split(table, cfg)
    m = len(table.names)
    n_cls = len(regions)
    labels = [np.empty(n_cls, dtype=object) for _ in range(m)]
    row_class = np.empty(table.distinct, dtype=np.int64)
    sizes = np.zeros(n_cls)
    ncp_sum = 0.0
    ent_sum = 0.0
    for c, (rows, desc) in enumerate(regions):
        row_class[rows] = c
        w = float(table.weight[rows].sum())
        sizes[c] = w
        for a in range(m):
            label, covered, group_count = desc[a]
            labels[a][c] = label
            ncp_sum += w * (covered - 1) / max(int(table.domain[a]) - 1, 1)
            ent_sum += w * np.log2(max(group_count, 1.0))
    if not n_cls:
        raise MedPrivacyError("anonymize: the whole table fails the privacy models")
    out = df.copy()
    rc = row_class[table.row_of]
    for a, name in enumerate(table.names):
        out[name] = labels[a][rc]
    rep = np.array([rows[0] for rows, _ in regions], dtype=np.int64)
    hist = {}
    for s, codes in table.sensitive.items():
        k = len(table.sensitive_names[s])
        flat = np.bincount(row_class * k + codes, weights=table.weight, minlength=n_cls * k)
        hist[s] = flat.reshape(n_cls, k)
    part = Partition(rep, sizes, hist)
    keep = np.ones(n_cls, dtype=bool)
    risk, diversity = figures(table, cfg, part, keep)
    n = table.n
    const = sum(
        float(np.dot(table.weight, np.log2(_value_counts(table, a)[table.gen[a][0]])))
        for a in range(m)
    )
    utility = {
        "ncp": ncp_sum / (n * m),
        "entropy": ent_sum - const,
        "discernibility": float(np.dot(sizes, sizes)),
        "average_class_size": n / n_cls,
    }
    report = AnonymizationReport(
        method="mondrian",
        satisfied=True,
        optimal=None,
        transformation=None,
        records=int(n),
        released=int(n),
        suppressed=0,
        suppressed_fraction=0.0,
        classes=n_cls,
        measure=cfg.utility,
        loss=utility[cfg.utility],
        utility=utility,
        risk=risk,
        diversity=diversity,
        seconds=time.perf_counter() - start,
    )
    return out, report


def _value_counts(table: Table, a: int) -> np.ndarray:
    return np.maximum(
        np.bincount(table.gen[a][0], weights=table.weight, minlength=table.card[a][0]), 1.0
    )


Region = tuple[np.ndarray, list[tuple[str, int, float]]]


def split(table: Table, cfg: AnonymizeConfig) -> list[Region]:
    """Cut the table into regions that each satisfy the class-level models (strict Mondrian)."""
    m = len(table.names)
    leaves = [list(h.leaves) for h in table.hierarchies]
    values = [_numeric(lv) for lv in leaves]
    counts = [_value_counts(table, a) for a in range(m)]
    # numeric attributes: data values sorted, with cumulative record counts for range sizes
    present = []
    for a in range(m):
        have = np.zeros(len(leaves[a]), dtype=bool)
        have[table.gen[a][0]] = True
        present.append(have)
    totals = [
        [
            np.bincount(g, weights=table.weight, minlength=c)
            for g, c in zip(gens, cards, strict=True)
        ]
        for gens, cards in zip(table.gen, table.card, strict=True)
    ]
    span = []
    for a in range(m):
        v = values[a]
        span.append(float(np.ptp(v[present[a]])) if v is not None and present[a].any() else 0.0)
    models = cfg.models

    def ok(parts: list[np.ndarray]) -> bool:
        size = np.array([table.weight[p].sum() for p in parts])
        hist = {}
        for s, codes in table.sensitive.items():
            k = len(table.sensitive_names[s])
            hist[s] = np.stack(
                [np.bincount(codes[p], weights=table.weight[p], minlength=k) for p in parts]
            )
        stats = ClassStats(size=size, hist=hist, info=table.sensitive_info)
        for model in models:
            res = model.class_ok(stats)
            if res is not None and not bool(np.all(res)):
                return False
        return True

    everything = np.arange(table.distinct)
    if not ok([everything]):
        return []
    done: list[Region] = []
    top = [int(h) - 1 for h in table.heights]
    declared = [_declared_edges(table.hierarchies[a], values[a]) for a in range(m)]
    cuts = [d[0] for d in declared]
    edges = [d[1] for d in declared]
    unbounded: Bounds = [(-np.inf, np.inf)] * m
    stack: list[tuple[np.ndarray, list[int], Bounds]] = [(everything, list(top), unbounded)]
    while stack:
        rows, level, bounds = stack.pop()
        widths = []
        for a in range(m):
            leaf = table.gen[a][0][rows]
            v = values[a]
            if v is not None:
                vals = v[leaf]
                widths.append((float(vals.max() - vals.min()) / span[a]) if span[a] else 0.0)
            else:
                g = table.gen[a][level[a]][rows[0]]
                widths.append(
                    (table.covered[a][level[a]][g] - 1) / max(int(table.domain[a]) - 1, 1)
                    if level[a] > 0
                    else 0.0
                )
        cut = None
        for a in np.argsort(widths)[::-1]:
            if widths[a] <= 0:
                break
            parts, new_level = _cut(table, rows, int(a), values[a], level, cuts[a])
            if len(parts) == 1:
                level = new_level  # the group had a single child here: narrower, no cut
                continue
            if ok(parts):
                cut = (parts, new_level, int(a))
                break
        if cut is None:
            desc = _describe(table, rows, level, values, counts, present, totals, bounds, edges)
            done.append((rows, desc))
            continue
        parts, new_level, a = cut
        v = values[a]
        if v is None:
            for p in parts:
                stack.append((p, new_level, bounds))
            continue
        right = table.gen[a][0][parts[1]]
        first = right[np.argmin(v[right])]
        c = cuts[a]  # left < split_at <= right: a declared edge, else the right's least value
        split_at = float(v[first] if c is None else c[first, 0])
        lo, hi = bounds[a]
        for p, span_a in zip(parts, [(lo, split_at), (split_at, hi)], strict=True):
            stack.append((p, new_level, [*bounds[:a], span_a, *bounds[a + 1 :]]))
    return done


Bounds = list[tuple[float, float]]  # per attribute: [lo, hi) between split points (or infinite)


def _interval(label: str) -> tuple[float, float] | None:
    """``lo-hi`` (either end may be empty: open) as ``(lo, hi)``; None if it is not one."""
    for i, ch in enumerate(label):
        if ch != "-":
            continue
        left, right = label[:i], label[i + 1 :]
        try:
            lo = float(left) if left else -np.inf
            hi = float(right) if right else np.inf
        except ValueError:
            continue
        if lo < hi:
            return lo, hi
    return None


def _level_edges(hierarchy: Hierarchy, v: np.ndarray | None, lv: int) -> np.ndarray | None:
    """Per leaf, the ``[lo, hi)`` edges of its interval at level ``lv``; None unless every
    label of the level reads as an interval holding its values."""
    if v is None:
        return None
    out = np.empty((len(hierarchy.leaves), 2))
    for j, label in enumerate(hierarchy.labels[lv]):
        ends = _interval(label)
        if ends is None or not ends[0] <= v[j] < ends[1]:
            return None
        out[j] = ends
    return out


def _declared_edges(
    hierarchy: Hierarchy, v: np.ndarray | None
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The declared intervals of a numeric attribute's hierarchy: the finest level's edges (where
    regions are cut) and the widest level's (a region's outer ends); None where no level below
    ``*`` reads as intervals (then cuts fall between data values and outer ends stay open)."""
    levels = [_level_edges(hierarchy, v, lv) for lv in range(1, hierarchy.height - 1)]
    found = [e for e in levels if e is not None]
    return (found[0], found[-1]) if found else (None, None)


def _cut(
    table: Table,
    rows: np.ndarray,
    a: int,
    v: np.ndarray | None,
    level: list[int],
    cuts: np.ndarray | None = None,
) -> tuple[list[np.ndarray], list[int]]:
    """Split ``rows`` on attribute ``a``: numbers near the weighted median (at an edge of the
    declared intervals ``cuts`` when given, so no data value becomes a bound), categories into
    their hierarchy children. One part back means no cut is possible there."""
    if v is not None:
        leaf = table.gen[a][0][rows]
        vals = v[leaf]
        order = np.argsort(vals, kind="stable")
        cum = np.cumsum(table.weight[rows][order])
        at = order[int(np.searchsorted(cum, cum[-1] / 2))]
        if cuts is not None:
            for edge in cuts[leaf[at]]:  # the median's interval: its lower edge, then its upper
                left = vals < edge
                if left.any() and not left.all():
                    return [rows[left], rows[~left]], level
            return [rows], level
        median = vals[at]
        left = vals <= median
        if left.all():
            left = vals < median
        return [rows[left], rows[~left]], level
    lv = level[a]
    groups = [rows]
    while lv > 0 and len(groups) == 1:  # descend until the group has two children present
        lv -= 1
        codes = table.gen[a][lv][rows]
        groups = [rows[codes == g] for g in np.unique(codes)]
    new_level = list(level)
    new_level[a] = lv
    return groups, new_level


def _describe(
    table: Table,
    rows: np.ndarray,
    level: list[int],
    values: list[np.ndarray | None],
    counts: list[np.ndarray],
    present: list[np.ndarray],
    totals: list[list[np.ndarray]],
    bounds: Bounds,
    edges: list[np.ndarray | None],
) -> list[tuple[str, int, float]]:
    """Per attribute: the released label, data values it covers, records in the table it covers.

    A numeric label is the region's ``[lo, hi)`` between split points; an outer end is the
    declared hierarchy's interval edge, or left open — never a data value at the end of the range.
    """
    out = []
    for a in range(len(table.names)):
        v = values[a]
        if v is not None:
            lo, hi = bounds[a]
            leaf = table.gen[a][0][rows]
            e = edges[a]
            if e is not None:
                lo = lo if np.isfinite(lo) else float(e[leaf, 0].min())
                hi = hi if np.isfinite(hi) else float(e[leaf, 1].max())
            inside = (v >= lo) & (v < hi) & present[a]
            if np.isfinite(lo) and np.isfinite(hi):
                label = f"{_fmt(lo)}-{_fmt(hi)}"
            elif np.isfinite(lo):
                label = f">={_fmt(lo)}"
            elif np.isfinite(hi):
                label = f"<{_fmt(hi)}"
            else:
                label = TOP
            out.append((label, int(inside.sum()), float(counts[a][inside].sum())))
        else:
            lv = level[a]
            g = int(table.gen[a][lv][rows[0]])
            label = table.group_names[a][lv][g]
            out.append((label, int(table.covered[a][lv][g]), float(totals[a][lv][g])))
    return out
