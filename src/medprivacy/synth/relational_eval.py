"""Fidelity of a relational release: per-table and cross-table figures, from keys and values.

- ``fk_integrity``: share of foreign-key cells that resolve to a row of the referenced table;
- ``date_order_violations``: rows breaking a declared order (a date before its anchor, an event
  after the patient's ``end`` date);
- ``children_tvd``: TVD of the number of rows per parent row (binned as the spec's child counts,
  the top bin open), real (untruncated) vs synthetic;
- ``parent_child_tvd``: TVD of every 2-way marginal of a parent column x a child column over the
  child rows joined to their parent;
- per table, the mean 1- and 2-way TVD of its own columns.

The synthetic tables are joined by their own keys (never by internal positions), so a broken key
shows. Reports hold figures and column names only, no values.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd

from medprivacy.synth.encode import encode
from medprivacy.synth.estimate import marginal
from medprivacy.synth.relational import (
    anchor_ref,
    bin_of,
    count_bins,
    date_format,
    key_text,
    link,
    parse_dates,
    up,
)
from medprivacy.synth.relational_spec import RelationalSpec, as_relational_spec
from medprivacy.synth.spec import DateColumn, SynthSpec


def fk_integrity(tables: dict[str, pd.DataFrame], spec: RelationalSpec | dict[str, Any]) -> float:
    """Share of foreign-key cells (all tables) naming an existing row of their target."""
    spec = as_relational_spec(spec)
    ok = total = 0
    for name, t in spec.tables.items():
        for col, target in t.foreign_keys.items():
            tt, _, tc = target.partition(".")
            have = set(key_text(tables[tt][tc]).dropna())
            vals = key_text(tables[name][col])
            ok += int(vals.isin(have).sum())
            total += len(vals)
    return ok / total if total else 1.0


def date_order_violations(
    tables: dict[str, pd.DataFrame], spec: RelationalSpec | dict[str, Any]
) -> int:
    """Rows (all tables) with a date before its anchor or an event after the patient's end."""
    spec = as_relational_spec(spec)
    kept, parent_pos = link(spec, tables, truncate=False)
    dates = {
        n: {
            x: parse_dates(kept[n][x], date_format(spec, n, x))
            for x in [*t.dates, *(c for c, v in t.columns.items() if isinstance(v, DateColumn))]
        }
        for n, t in spec.tables.items()
    }
    pt = spec.tables[spec.patient_table]
    bad = 0
    for name, t in spec.tables.items():
        wrong = np.zeros(len(kept[name]), dtype=bool)
        for x, d in t.dates.items():
            at, ac = anchor_ref(spec, name, d.after)
            anchor = dates[at][ac].to_numpy()[up(spec, parent_pos, name, at)]
            v = dates[name][x].to_numpy()
            wrong |= ~np.isnat(v) & ~np.isnat(anchor) & (v < anchor)
            if pt.end is not None and name != spec.patient_table:
                end = dates[spec.patient_table][pt.end].to_numpy()
                end = end[up(spec, parent_pos, name, spec.patient_table)]
                wrong |= ~np.isnat(v) & ~np.isnat(end) & (v > end)
        bad += int(wrong.sum())
    return bad


def children_counts(
    tables: dict[str, pd.DataFrame], spec: RelationalSpec | dict[str, Any]
) -> dict[str, np.ndarray]:
    """Per child table, the binned share of parent rows by number of children."""
    spec = as_relational_spec(spec)
    kept, parent_pos = link(spec, tables, truncate=False)
    out = {}
    for name in spec.tables:
        parent = spec.parent_of(name)
        if parent is None:
            continue
        edges = count_bins(spec, name)
        n = np.bincount(parent_pos[name], minlength=len(kept[parent]))
        h = np.bincount(bin_of(n, edges), minlength=len(edges) - 1).astype(float)
        out[name] = h / max(h.sum(), 1)
    return out


def children_tvd(
    real: dict[str, pd.DataFrame],
    syn: dict[str, pd.DataFrame],
    spec: RelationalSpec | dict[str, Any],
) -> dict[str, float]:
    spec = as_relational_spec(spec)
    a, b = children_counts(real, spec), children_counts(syn, spec)
    return {n: float(0.5 * np.abs(a[n] - b[n]).sum()) for n in a}


def joined(
    tables: dict[str, pd.DataFrame], spec: RelationalSpec | dict[str, Any], child: str, parent: str
) -> pd.DataFrame:
    """The child rows (columns as they are) beside their ``parent`` row's columns, prefixed
    ``parent.``; rows whose parent does not resolve are left out."""
    spec = as_relational_spec(spec)
    kept, parent_pos = link(spec, tables, truncate=False)
    pos = up(spec, parent_pos, child, parent)
    left = kept[child][list(spec.tables[child].columns)].reset_index(drop=True)
    cols = list(spec.tables[parent].columns)
    right = kept[parent][cols].iloc[pos].reset_index(drop=True)
    right.columns = [f"{parent}.{c}" for c in cols]
    return pd.concat([left, right], axis=1)


def pair_tvd(
    real: pd.DataFrame, syn: pd.DataFrame, spec: SynthSpec, pairs: list[tuple[str, str]]
) -> dict[str, float]:
    """TVD of each pair's 2-way marginal (rows with a null in the pair left out)."""
    a, b = encode(real, spec), encode(syn, spec)
    cols = list(spec.columns)
    out = {}
    for x, y in pairs:
        i, j = cols.index(x), cols.index(y)
        sizes = a.sizes
        da = a.data[(a.data[:, i] >= 0) & (a.data[:, j] >= 0)]
        db = b.data[(b.data[:, i] >= 0) & (b.data[:, j] >= 0)]
        pa = marginal(da, sizes, (i, j)) / max(len(da), 1)
        pb = marginal(db, sizes, (i, j)) / max(len(db), 1)
        out[f"{x} x {y}"] = float(0.5 * np.abs(pa - pb).sum())
    return out


def cross_spec(
    spec: RelationalSpec | dict[str, Any], child: str, parent: str
) -> tuple[SynthSpec, list]:
    """The joined table's spec and its parent x child column pairs."""
    spec = as_relational_spec(spec)
    ccols = dict(spec.tables[child].columns)
    pcols = {f"{parent}.{c}": v for c, v in spec.tables[parent].columns.items()}
    s = SynthSpec(target=None, columns={**ccols, **pcols})
    return s, list(itertools.product(pcols, ccols))


def parent_child_tvd(
    real: dict[str, pd.DataFrame],
    syn: dict[str, pd.DataFrame],
    spec: RelationalSpec | dict[str, Any],
) -> dict[str, dict[str, float]]:
    """Per child table and each of its ancestors, the TVD of every ancestor x child pair."""
    spec = as_relational_spec(spec)
    out: dict[str, dict[str, float]] = {}
    for name in spec.tables:
        for anc in spec.chain(name)[1:]:
            s, pairs = cross_spec(spec, name, anc)
            if not pairs:
                continue
            key = f"{anc} x {name}"
            a, b = joined(real, spec, name, anc), joined(syn, spec, name, anc)
            out[key] = pair_tvd(a, b, s, pairs)
    return out


def table_tvd(
    real: dict[str, pd.DataFrame],
    syn: dict[str, pd.DataFrame],
    spec: RelationalSpec | dict[str, Any],
) -> dict[str, dict[str, float | None]]:
    """Per table, the mean 1-way and 2-way TVD of its declared columns (2-way: None with one
    column)."""
    spec = as_relational_spec(spec)
    out = {}
    for name, t in spec.tables.items():
        if not t.columns:
            continue
        s = SynthSpec(target=None, columns=dict(t.columns))
        cols = list(s.columns)
        ones = pair_tvd(real[name], syn[name], s, [(c, c) for c in cols])
        twos = pair_tvd(real[name], syn[name], s, list(itertools.combinations(cols, 2)))
        out[name] = {
            "tvd1": float(np.mean(list(ones.values()))),
            "tvd2": float(np.mean(list(twos.values()))) if twos else None,
        }
    return out


def shuffled_parents(
    tables: dict[str, pd.DataFrame], spec: RelationalSpec | dict[str, Any], seed: int = 0
) -> dict[str, pd.DataFrame]:
    """The real tables with each child row's parent key permuted: exact per-table marginals, no
    parent x child relationship (the cross-table independence floor)."""
    spec = as_relational_spec(spec)
    rng = np.random.default_rng(seed)
    out = dict(tables)
    for name, t in spec.tables.items():
        if t.parent is not None and name != spec.patient_table:
            df = tables[name].copy()
            df[t.parent] = rng.permutation(df[t.parent].to_numpy())
            out[name] = df
    return out


def bootstrap_patients(
    tables: dict[str, pd.DataFrame], spec: RelationalSpec | dict[str, Any], seed: int = 0
) -> dict[str, pd.DataFrame]:
    """Patients drawn with replacement, each copy with all its rows under new keys: the sampling
    noise a perfect model of these patients would still show (only parent keys are rewritten)."""
    spec = as_relational_spec(spec)
    kept, parent_pos = link(spec, tables, truncate=False)
    rng = np.random.default_rng(seed)
    n = len(kept[spec.patient_table])
    copies: dict[str, np.ndarray] = {spec.patient_table: rng.integers(0, n, n)}
    out: dict[str, pd.DataFrame] = {}
    for name in spec.order():
        t = spec.tables[name]
        parent = spec.parent_of(name)
        if parent is None:
            rows = copies[name]
            new_parent = None
        else:
            pos = parent_pos[name]
            order = np.argsort(pos, kind="stable")
            starts = np.searchsorted(pos[order], np.arange(len(kept[parent]) + 1))
            src = copies[parent]
            parts = [order[starts[q] : starts[q + 1]] for q in src]
            rows = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            new_parent = np.repeat(np.arange(len(src)), [len(x) for x in parts])
        copies[name] = rows
        df = kept[name].iloc[rows].reset_index(drop=True).copy()
        if t.primary_key:
            df[t.primary_key] = [str(i) for i in range(len(df))]
        if new_parent is not None and t.parent is not None:
            df[t.parent] = [str(i) for i in new_parent]
        out[name] = df
    return out


def mean_cross(cross: dict[str, dict[str, float]]) -> float | None:
    vals = [v for pairs in cross.values() for v in pairs.values()]
    return float(np.mean(vals)) if vals else None


def relational_report(
    real: dict[str, pd.DataFrame],
    syn: dict[str, pd.DataFrame],
    spec: RelationalSpec | dict[str, Any],
) -> dict[str, Any]:
    """Every figure above, JSON-ready (real figures computed without noise: private)."""
    rs = as_relational_spec(spec)
    cross = parent_child_tvd(real, syn, rs)
    floors = {
        "independent_floor": parent_child_tvd(real, shuffled_parents(real, rs), rs),
        "bootstrap_floor": parent_child_tvd(real, bootstrap_patients(real, rs), rs),
    }
    return {
        # the review's summary: mean parent x child 2-way TVD against the floors (no
        # relationship: children given random parents; sampling noise: patients resampled)
        "synthetic": {"tvd": {"2": mean_cross(cross)}},
        **{k: {"tvd": {"2": mean_cross(v)}} for k, v in floors.items()},
        "rows": {n: len(df) for n, df in syn.items()},
        "fk_integrity": fk_integrity(syn, rs),
        "date_order_violations": date_order_violations(syn, rs),
        "children_per_parent_tvd": children_tvd(real, syn, rs),
        "parent_child_tvd": cross,
        "parent_child_tvd_mean": {k: float(np.mean(list(v.values()))) for k, v in cross.items()},
        "tables": table_tvd(real, syn, rs),
    }
