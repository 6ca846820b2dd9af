"""A second code path for the tests: plain pandas groupby and dict lookups, no engine code."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

Rows = Mapping[str, Sequence[Sequence[str]]]  # attribute -> hierarchy rows [value, l1, ..., *]


def generalize(df: pd.DataFrame, rows: Rows, levels: Mapping[str, int]) -> pd.DataFrame:
    """Replace each quasi-identifier by its label at the given level (dict lookups)."""
    out = df.copy()
    for attr, lv in levels.items():
        table = {r[0]: r[lv] for r in rows[attr]}
        out[attr] = [table[str(v)] for v in df[attr]]
    return out


def sizes(out: pd.DataFrame, qis: Sequence[str]) -> pd.Series:
    return out.groupby(list(qis), sort=False).size()


def k_of(out: pd.DataFrame, qis: Sequence[str]) -> int:
    return int(sizes(out, qis).min())


def distinct_l(out: pd.DataFrame, qis: Sequence[str], s: str) -> int:
    return int(out.groupby(list(qis))[s].nunique().min())


def entropy_l(out: pd.DataFrame, qis: Sequence[str], s: str) -> float:
    worst = math.inf
    for _, grp in out.groupby(list(qis)):
        p = grp[s].value_counts(normalize=True).to_numpy()
        worst = min(worst, float(-(p * np.log(p)).sum()))
    return math.exp(worst)


def _dist(values: pd.Series, domain: Sequence[str]) -> dict[str, float]:
    counts = values.astype(str).value_counts(normalize=True)
    return {v: float(counts.get(v, 0.0)) for v in domain}


def t_equal(out: pd.DataFrame, qis: Sequence[str], s: str, original: pd.Series) -> float:
    domain = sorted(original.astype(str).unique())
    q = _dist(original, domain)
    worst = 0.0
    for _, grp in out.groupby(list(qis)):
        p = _dist(grp[s], domain)
        worst = max(worst, 0.5 * sum(abs(p[v] - q[v]) for v in domain))
    return worst


def t_hierarchical(
    out: pd.DataFrame,
    qis: Sequence[str],
    s: str,
    original: pd.Series,
    rows: Sequence[Sequence[str]],
) -> float:
    """Li et al.'s hierarchical EMD, walking the tree built from the hierarchy rows."""
    height = len(rows[0]) - 1
    domain = [r[0] for r in rows]
    q = _dist(original, domain)
    worst = 0.0
    for _, grp in out.groupby(list(qis)):
        p = _dist(grp[s], domain)
        extra = {(0, v): p[v] - q[v] for v in domain}  # (level, label) -> extra
        cost = 0.0
        for lv in range(1, height + 1):
            children: dict[str, list[float]] = {}
            for r in rows:
                children.setdefault(r[lv], [])
            seen: set[tuple[str, str]] = set()
            for r in rows:
                if (r[lv - 1], r[lv]) in seen:
                    continue
                seen.add((r[lv - 1], r[lv]))
                children[r[lv]].append(extra[(lv - 1, r[lv - 1])])
            for label, ex in children.items():
                pos = sum(e for e in ex if e > 0)
                neg = -sum(e for e in ex if e < 0)
                cost += lv / height * min(pos, neg)
                extra[(lv, label)] = pos - neg
        worst = max(worst, cost)
    return worst


def ncp(
    out: pd.DataFrame, df: pd.DataFrame, rows: Rows, levels: Mapping[str, int], suppressed: int
) -> float:
    """Mean over records and attributes of (values covered - 1) / (domain - 1); suppressed = 1."""
    total = float(suppressed * len(rows))
    for attr, hrows in rows.items():
        present = set(df[attr].astype(str))
        d = max(len(present) - 1, 1)
        covered: dict[str, int] = {}
        for r in hrows:
            if r[0] in present:
                label = r[levels[attr]]
                covered[label] = covered.get(label, 0) + 1
        total += sum((covered[str(v)] - 1) / d for v in out[attr])
    return total / (len(df) * len(rows))


def brute_force(
    df: pd.DataFrame,
    rows: Rows,
    k: int,
    limit: float,
    l_div: tuple[str, int] | None = None,
    mask: bool = False,
) -> tuple[float, dict[str, int]]:
    """The least NCP over every node (k-anonymity, optionally distinct l-diversity), by groupby.

    With ``mask`` the suppressed records stay, every quasi-identifier ``*``: a class of their own
    that must meet k (and l) too.
    """
    qis = list(rows)
    best = (math.inf, {})
    for levels in itertools.product(*[range(len(rows[a][0])) for a in qis]):
        lv = dict(zip(qis, levels, strict=True))
        gen = generalize(df, rows, lv)
        grp = gen.groupby(qis, sort=False)
        ok = grp[qis[0]].transform("size") >= k
        if l_div is not None:
            ok &= grp[l_div[0]].transform("nunique") >= l_div[1]
        suppressed = int((~ok).sum())
        if suppressed > limit * len(df) + 1e-9:
            continue
        if mask and suppressed:
            starred = gen[~ok.to_numpy()]
            if suppressed < k or (l_div and starred[l_div[0]].nunique() < l_div[1]):
                continue
        value = ncp(gen[ok.to_numpy()], df, rows, lv, suppressed)
        if value < best[0] - 1e-12:
            best = (value, lv)
    return best
