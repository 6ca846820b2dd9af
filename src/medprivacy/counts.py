"""Exact counts over a partitioned table: counted per partition as executor tasks, summed here.

A partitioned table is an ordered list of parts: the Parquet files of a directory (sorted by
their path under it) or DataFrames; it means the parts concatenated in that order. Each task
reads one part and returns small integer arrays (count tables, per-patient row counts, class
sizes); the client adds them up. Nothing here draws noise: DP code measures the merged exact
table once (see :mod:`medprivacy.synth.mechanisms`), never a partition's.

Per-patient truncation (``privacy_unit: {id, max_rows}``) is the single-table rule of
:func:`medprivacy.synth.contributions.bound_contributions` (a patient's first ``max_rows`` rows in
input order), made exact across parts by two passes: the first counts each patient's rows per
part, the client turns them into each part's quota (``max_rows`` minus the patient's rows in the
parts before it), the second keeps that many. The bound therefore holds per patient over the
whole table, however the rows are split, and removing one patient changes any merged count
table by at most ``max_rows`` (the sensitivity the mechanisms are scaled to).
Patients are matched by a keyed 64-bit hash of their id text (pandas' ``hash_pandas_object``,
SipHash-2-4 under a random key drawn for each count and never stored), so what travels between
client and workers names no patient outside the run; two ids with the same hash would share one
bound, which only drops rows (the bound still holds).
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from medprivacy.errors import ConfigError, InputError
from medprivacy.executor import Executor, SerialExecutor
from medprivacy.partfiles import PartFile, list_parts
from medprivacy.synth.contributions import cell_text, has_unit_id
from medprivacy.synth.encode import encode, encode_checked
from medprivacy.synth.estimate import marginal
from medprivacy.synth.spec import SynthSpec

MISSING = "\x00missing"  # a missing quasi-identifier is a value of its own (as in attacks.reid)
# the first count also takes every 2-way table when all of them hold at most this many cells
PAIR_CELLS = 5_000_000
# a Parquet file's path, a file of a folder (with its hive folders' values), or the rows themselves
Part: TypeAlias = str | PartFile | pd.DataFrame


@dataclass(frozen=True)
class Quota:
    """The patients of one part that lose rows there (sorted keyed hashes) and how many rows
    each keeps there; the others keep all of theirs."""

    key: str  # the run's hash key (16 characters)
    hashes: np.ndarray  # uint64, sorted
    keep: np.ndarray  # int64


@dataclass(frozen=True)
class Partitions:
    """The parts of one table, in order (their concatenation is the table)."""

    parts: tuple[Part, ...]
    names: tuple[str, ...]  # how errors name each part: ``partition i``, never its path (PHI)


def partitions(source: str | Path | Sequence[pd.DataFrame | str | Path] | Partitions) -> Partitions:
    """A directory of Parquet files (listed by :func:`medprivacy.partfiles.list_parts`, as
    ``deid tables`` lists them: path order, ``_SUCCESS``-style ``_``/``.`` names skipped, hive
    folder values read as text columns), one Parquet file, or a list of DataFrames / Parquet
    files, as :class:`Partitions`. Errors name a part ``partition i`` (1-based), never by path."""
    if isinstance(source, Partitions):
        return source
    if isinstance(source, str | Path):
        root = Path(source)
        if root.is_dir():
            files = list_parts(root, root.name)
            return Partitions(tuple(files), tuple(f.label for f in files))
        if not root.is_file():
            raise InputError(f"{root.name}: no such file or directory")
        return Partitions((str(root),), ("partition 1",))
    parts: list[Part] = []
    for p in source:
        parts.append(p if isinstance(p, pd.DataFrame) else str(p))
    if not parts:
        raise InputError("a partitioned table needs at least one partition")
    return Partitions(tuple(parts), tuple(f"partition {i}" for i in range(1, len(parts) + 1)))


def read_part(part: Part, name: str, columns: Sequence[str] | None) -> pd.DataFrame:
    """The part's ``columns`` (None: all, hive columns last) with a fresh 0.. index (its row
    positions); a hive folder's value is a text column, as ``deid tables`` reads it. A missing
    column or an unreadable file is an InputError naming the part and the column, never a
    value or a path."""
    if isinstance(part, pd.DataFrame):
        missing = [c for c in columns or () if c not in part.columns]
        if missing:
            raise InputError(f"{name}: column {missing[0]!r} is missing")
        wanted = part.columns if columns is None else list(columns)
        return part.loc[:, wanted].reset_index(drop=True)
    import pyarrow.parquet as pq

    path, hive = (part.path, dict(part.hive)) if isinstance(part, PartFile) else (part, {})
    try:
        stored = pq.read_schema(path).names
    except (OSError, ValueError):
        raise InputError(f"{name}: not a readable Parquet file") from None
    have = [c for c in stored if c not in hive] + list(hive)
    missing = [c for c in columns or () if c not in have]
    if missing:
        raise InputError(f"{name}: column {missing[0]!r} is missing")
    wanted = have if columns is None else list(columns)
    try:
        df = pq.read_table(path, columns=[c for c in wanted if c not in hive]).to_pandas()
    except (OSError, ValueError):  # no chained cause: a reader's message may quote the data
        raise InputError(f"{name}: not a readable Parquet file") from None
    for c in wanted:
        if c in hive:
            df[c] = pd.Series([hive[c]] * len(df), dtype=object)
    return df.loc[:, wanted].reset_index(drop=True)


def unit_keys(ids: pd.Series, key: str | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Per row: whether it has a patient id (not null, not blank: the others are never fitted)
    and, with a ``key``, the keyed 64-bit hash of the id's text (7, 7.0 and "7" are one patient,
    as in :func:`~medprivacy.synth.contributions.cell_text`); both decided once per distinct id."""
    codes, uniq = pd.factorize(ids, use_na_sentinel=False)
    values = pd.Series(np.asarray(uniq, dtype=object), dtype=object)  # numpy scalars -> Python
    present = has_unit_id(values).to_numpy(dtype=bool)[codes]
    if key is None:
        return present, None
    text_only = pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")
    texts = values.where(values.notna(), "") if text_only else values.map(cell_text)
    hashed = pd.util.hash_pandas_object(texts, index=False, hash_key=key)
    return present, hashed.to_numpy(dtype=np.uint64)[codes]


# ---- tasks (module level: they are shipped to executor workers) ----------------------------


def unit_counts_task(
    args: tuple[int, Part, str, str, str],
) -> tuple[int, np.ndarray, np.ndarray]:
    """Pass 1 of the truncation: (part index, distinct patient hashes, rows of each here)."""
    index, part, name, unit_id, key = args
    present, hashes = unit_keys(read_part(part, name, [unit_id])[unit_id], key)
    assert hashes is not None
    uniq, counts = np.unique(hashes[present], return_counts=True)
    return index, uniq, counts.astype(np.int64)


def _truncate(df: pd.DataFrame, hashes: np.ndarray, quota: Quota) -> pd.DataFrame:
    """Keep, of each patient with a quota here, the first ``quota`` rows (input order)."""
    if not len(df):
        return df
    qh, qn = quota.hashes, quota.keep
    pos = np.minimum(np.searchsorted(qh, hashes), len(qh) - 1)
    limited = qh[pos] == hashes
    rank = pd.Series(hashes).groupby(hashes, sort=False).cumcount().to_numpy()
    keep = ~limited | (rank < np.where(limited, qn[pos], 0))
    return df.loc[keep]


def bounded_part(part: Part, name: str, spec: SynthSpec, quota: Quota | None) -> pd.DataFrame:
    """One part's rows after the global per-patient bound (spec columns, and the id), indexed
    by their row positions in the part."""
    unit = spec.privacy_unit
    cols = list(spec.columns)
    if unit is None:
        return read_part(part, name, cols)
    df = read_part(part, name, list(dict.fromkeys([unit.id, *cols])))
    cut = quota is not None and len(quota.hashes) > 0  # ids are hashed only where rows are cut
    present, hashes = unit_keys(df[unit.id], quota.key if cut and quota else None)
    df = df.loc[present]
    return df if hashes is None or quota is None else _truncate(df, hashes[present], quota)


def marginals_task(
    args: tuple[int, Part, str, SynthSpec, Quota | None, tuple[tuple[int, ...], ...], bool],
) -> tuple[int, int, list[np.ndarray]]:
    """Pass 2+: (part index, rows kept, exact count table of each column tuple) of one part."""
    index, part, name, spec, quota, wanted, checked = args
    rows = bounded_part(part, name, spec, quota)
    try:
        data = (encode_checked(rows, spec) if checked else encode(rows, spec)).data
    except InputError as exc:  # rows are the part's, counted from 1
        raise InputError(f"{name}: {exc}") from None
    sizes = tuple(c.codes for c in spec.columns.values())
    return index, len(rows), [marginal(data, sizes, cols) for cols in wanted]


def class_counts_task(
    args: tuple[int, Part, str, tuple[str, ...], tuple[str, ...]],
) -> tuple[int, pd.DataFrame]:
    """(part index, distinct rows of ``columns`` with their ``count``) of one part; a missing
    value in a ``complete`` column is refused naming the part, column and row."""
    index, part, name, columns, complete = args
    df = read_part(part, name, columns)
    for c in complete:
        gaps = np.flatnonzero(df[c].isna().to_numpy())
        if len(gaps):
            raise InputError(f"{name}: column {c!r}, row {int(gaps[0]) + 1}: missing value")
    return index, class_table(df, list(columns))


def class_table(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The distinct rows of ``columns`` in first-appearance order, with their ``count``."""
    filled = df[columns].astype(object).where(df[columns].notna(), MISSING)
    counts = filled.groupby(columns, sort=False, dropna=False).size()
    return counts.rename("count").reset_index()


# ---- client side ----------------------------------------------------------------------------


def run_tasks(executor: Executor | None, fn: Any, items: Iterable[Any]) -> Iterator[Any]:
    """``fn`` over ``items`` on ``executor`` (default: in this process), results in any order."""
    return (executor or SerialExecutor()).map_unordered(fn, items)


def unit_quotas(
    source: Partitions, unit_id: str, max_rows: int, executor: Executor | None = None
) -> list[Quota]:
    """Per part: the patients that must lose rows there and how many rows each keeps there
    (``max_rows`` minus their rows in earlier parts, at least 0). Patients not listed keep all."""
    n = len(source.parts)
    key = secrets.token_hex(8)
    per: list[tuple[np.ndarray, np.ndarray]] = [(np.empty(0, np.uint64), np.empty(0, np.int64))] * n
    items = [(i, p, source.names[i], unit_id, key) for i, p in enumerate(source.parts)]
    for i, h, c in run_tasks(executor, unit_counts_task, items):
        per[i] = (h, c)
    if not sum(len(h) for h, _ in per):
        return [Quota(key, np.empty(0, np.uint64), np.empty(0, np.int64))] * n
    hashes = np.concatenate([h for h, _ in per])
    counts = np.concatenate([c for _, c in per])
    part = np.repeat(np.arange(n), [len(h) for h, _ in per])
    order = np.lexsort((part, hashes))  # by patient, then part order
    h, c, p = hashes[order], counts[order], part[order]
    start = np.r_[True, h[1:] != h[:-1]]
    cum = np.cumsum(c)
    group_base = np.maximum.accumulate(np.where(start, cum - c, 0))
    before = cum - c - group_base  # the patient's rows in earlier parts
    keep = np.clip(max_rows - before, 0, c)
    cut = keep < c
    out: list[Quota] = []
    for i in range(n):
        sel = cut & (p == i)
        out.append(Quota(key, h[sel], keep[sel]))  # sorted within a part: searchsorted works
    return out


class PartitionedCodes:
    """A partitioned table as the synthesizers see it: the spec's coded columns, bounded per
    patient across parts; :meth:`marginals` returns exact merged count tables (one pass over
    the parts for the tables not counted yet)."""

    def __init__(
        self, source: Partitions, spec: SynthSpec, executor: Executor | None = None
    ) -> None:
        """Counts each patient's rows (pass 1), then checks every kept row's cells and counts
        the 1-way tables, and the 2-way ones when all of them hold at most ``PAIR_CELLS`` cells
        (pass 2; MST and AIM's first round read them all): bad input is refused here, before
        anything is measured."""
        self.source, self.spec, self.executor = source, spec, executor
        self.columns = tuple(spec.columns)
        self.sizes = tuple(c.codes for c in spec.columns.values())
        unit = spec.privacy_unit
        self.quotas: list[Quota | None] = (
            [None] * len(source.parts)
            if unit is None
            else list(unit_quotas(source, unit.id, unit.max_rows, executor))
        )
        self.passes = 0 if unit is None else 1  # reads of every part (pass 1: the ids)
        self.rows = 0  # rows kept after the bound
        self._cache: dict[tuple[int, ...], np.ndarray] = {}
        d = len(self.columns)
        pairs = list(itertools.combinations(range(d), 2))
        if sum(self.sizes[a] * self.sizes[b] for a, b in pairs) > PAIR_CELLS:
            pairs = []
        self._count([*((j,) for j in range(d)), *pairs], checked=True)

    def _count(self, wanted: list[tuple[int, ...]], checked: bool = False) -> None:
        keys = (tuple(sorted(c)) for c in wanted)
        todo = tuple(dict.fromkeys(k for k in keys if k not in self._cache))
        if not todo and not checked:
            return
        totals = [np.zeros(tuple(self.sizes[x] for x in c), dtype=np.int64) for c in todo]
        rows = 0
        items = [
            (i, p, self.source.names[i], self.spec, self.quotas[i], todo, checked)
            for i, p in enumerate(self.source.parts)
        ]
        for _, n, tables in run_tasks(self.executor, marginals_task, items):
            rows += n
            for t, add in zip(totals, tables, strict=True):
                t += add
        self.passes += 1
        self.rows = rows
        self._cache.update(zip(todo, totals, strict=True))

    def marginals(self, wanted: Sequence[tuple[int, ...]]) -> list[np.ndarray]:
        """Exact count tables of each column tuple (axes in the tuple's order), summed over
        the parts."""
        self._count(list(wanted))
        out = []
        for cols in wanted:
            key = tuple(sorted(cols))
            table = self._cache[key]
            out.append(np.transpose(table, [key.index(c) for c in cols]) if cols != key else table)
        return out


def partitioned_marginals(
    source: str | Path | Sequence[pd.DataFrame | str | Path] | Partitions,
    spec: SynthSpec,
    wanted: Sequence[tuple[int, ...]],
    executor: Executor | None = None,
) -> list[np.ndarray]:
    """Exact count tables of ``wanted`` column tuples (spec column indices) over a partitioned
    table, after the spec's per-patient bound: what :func:`~medprivacy.synth.estimate.marginal`
    gives on the concatenated, bounded, encoded table."""
    return PartitionedCodes(partitions(source), spec, executor).marginals(wanted)


def class_counts(
    source: str | Path | Sequence[pd.DataFrame | str | Path] | Partitions,
    columns: Sequence[str],
    executor: Executor | None = None,
    complete: Sequence[str] = (),
) -> pd.DataFrame:
    """The distinct rows of ``columns`` over a partitioned table with their ``count`` (the
    equivalence classes of quasi-identifiers; a missing value is a value of its own, or refused
    in a ``complete`` column). Classes come in the order of their first row in the table."""
    src = partitions(source)
    if not columns:
        raise ConfigError("no quasi-identifiers given")
    cols = tuple(columns)
    items = [(i, p, src.names[i], cols, tuple(complete)) for i, p in enumerate(src.parts)]
    done = sorted(run_tasks(executor, class_counts_task, items), key=lambda r: r[0])
    tables = [t for _, t in done if len(t)]
    if not tables:
        return pd.DataFrame({**{c: [] for c in cols}, "count": np.empty(0, dtype=np.int64)})
    both = pd.concat(tables, ignore_index=True)
    both[list(cols)] = both[list(cols)].astype(object)
    merged = both.groupby(list(cols), sort=False, dropna=False)["count"].sum()
    return merged.astype(np.int64).reset_index()


def class_sizes(
    source: str | Path | Sequence[pd.DataFrame | str | Path] | Partitions,
    columns: Sequence[str],
    executor: Executor | None = None,
) -> np.ndarray:
    """Size of every equivalence class of ``columns`` (one entry per class), as the attack
    suite's uniqueness estimators (:func:`~medprivacy.attacks.uniqueness.
    estimate_population_uniques`) and k-anonymity checks take them."""
    return class_counts(source, columns, executor)["count"].to_numpy(dtype=np.int64)


def record_class_sizes(sizes: np.ndarray) -> np.ndarray:
    """Per record, the size of its class (record order lost): what
    :func:`medprivacy.attacks.reid.class_sizes` gives, sorted by class."""
    return np.repeat(sizes, sizes)
