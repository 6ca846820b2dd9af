"""Release tables stored as partitioned Parquet, batch by batch, under the rules of one file.

A table's ``path`` may be a folder of ``.parquet`` files (hive-style ``key=value`` subfolders
too): each file is a partition, read in batches of at most ``batch_rows`` rows, so memory holds a
batch and one hash bucket of keys, never a table. What must hold across partitions is checked on
hash-partitioned key sets: primary keys unique, every foreign key among its target's values across
all partitions, no two values merged by pseudonym normalisation; ``suppress_rare`` counts the
whole table. Release codes are one random permutation over every distinct key of a domain, never
drawn per partition. Keyed pseudonyms and date offsets are functions of the value alone, the same
on every partition. Four rounds of tasks run on the executor (in this process, or on Dask):
check partitions, check buckets, write the code maps, release partitions. Released files are
staged and renamed into place only once every partition passed, so nothing is released on error.
"""

from __future__ import annotations

import logging
import math
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import polars as pl

from medprivacy import partfiles
from medprivacy.deid.table.csvfile import read_csv
from medprivacy.deid.table.engine import (
    ReleaseResult,
    TableResult,
    _as_text,
    _fail,
    _map_name,
    _Release,
    escape_formulas,
    warning,
)
from medprivacy.deid.table.spec import ReleaseSpec, Rule
from medprivacy.errors import InputError, MedPrivacyError, SafeInternalError
from medprivacy.executor import Executor, ExecutorConfig, SerialExecutor
from medprivacy.fileio import TMP_PREFIX, atomic_write_json, file_mode, unreadable_table
from medprivacy.keys import Key, normalize_id
from medprivacy.lock import exclusive
from medprivacy.partfiles import PartFile, list_parts

BATCH_ROWS = 500_000  # rows of a partition in memory at once
BUCKET_ROWS = 2_000_000  # key-set rows per hash bucket: bounds a bucket task's memory
SEEDS = {"seed": 0x6D70, "seed_1": 1, "seed_2": 2, "seed_3": 3}  # the same bucket everywhere
SCRATCH_PREFIX = ".partitioned-"  # the run's scratch folder in private/: raw key sets
T = TypeVar("T")
log = logging.getLogger(__name__)


class PartitionLost(SafeInternalError):
    """A worker died repeatedly on one task (a partition, a key bucket): a crash or an
    out-of-memory kill, not the user's input error, so no MedPrivacyError (exit 2) but an
    internal error (exit 70). The message names the partition by ordinal, never by path."""


def is_partitioned(spec: ReleaseSpec) -> bool:
    """Whether any table's input is a folder of Parquet files (then every table goes this way)."""
    return any(spec.resolve(t.path).is_dir() for t in spec.tables.values())


@dataclass(frozen=True)
class Part:
    """One input file of a table: errors name it by ``label`` (``partition 3``: its ordinal in
    path order below the table folder), never by ``rel``, its path there, which may hold PHI
    (a hive folder of names, a folder named after a patient) and goes to private/ only."""

    pid: int  # number among all tables' partitions: names its scratch files
    table: str
    path: Path
    label: str
    hive: tuple[tuple[str, str | None], ...]
    output: str  # the released file, relative to the output folder
    rel: str = ""


@dataclass
class Job:
    """What every task needs (picklable; the key's repr hides it, so does this one's)."""

    spec: ReleaseSpec
    key: Key
    schemas: dict[str, dict[str, pl.DataType]]  # table -> column -> type, as every file has it
    parts: list[Part]
    scratch: Path
    out_dir: Path
    buckets: int
    batch_rows: int
    today: date
    starts: dict[int, int] = field(default_factory=dict)  # pid -> table rows before it
    bucket_starts: dict[str, list[int]] = field(default_factory=dict)  # domain -> first codes
    token: str = field(default_factory=lambda: secrets.token_hex(6))  # names its staged files

    def __repr__(self) -> str:
        return f"Job(<{len(self.parts)} partitions>)"

    def part(self, pid: int) -> Part:
        return self.parts[pid]


# -- discovery: files, schemas, what the spec allows here ---------------------------------------
def _files(name: str, root: Path) -> list[PartFile]:
    """A table's input files: one file, or a folder's Parquet files (:func:`list_parts`, as every
    command lists them)."""
    if root.is_file():
        return [PartFile(root, 1, root.name)]
    if not root.is_dir():
        raise _fail(name, None, None, f"input file not found ({root})")
    return list_parts(root, name)


def _schema(name: str, path: Path, label: str) -> dict[str, pl.DataType]:
    try:
        return dict(pl.read_parquet_schema(path))
    except Exception as exc:  # a cut file has no footer; never the reader's text nor the path
        why = str(unreadable_table(path, exc)).removeprefix(f"{path}: ")
        raise InputError(f"{name}: {label}: {why}") from None


def discover(spec: ReleaseSpec) -> tuple[list[Part], dict[str, dict[str, pl.DataType]]]:
    """Every table's partitions and the one schema they share; refuses a cut file, a partition
    whose columns or types differ, and what cannot run partition by partition."""
    parts: list[Part] = []
    schemas: dict[str, dict[str, pl.DataType]] = {}
    for name, t in spec.tables.items():
        root = spec.resolve(t.path)
        files = _files(name, root)
        folder = root.is_dir()
        declared = {col: c.type for col, c in t.columns.items()}
        hive_types = partfiles.hive_types(files, declared)
        first = None
        for i, file in enumerate(files):
            path, hive = file.path, file.hive
            label = file.label if folder else file.rel  # a folder's paths may hold PHI
            if path.suffix.lower() == ".parquet":
                schema = _schema(name, path, label) | hive_types
            else:  # a CSV file: one partition, read whole as text (checked when it is read)
                try:
                    header = pl.read_csv(path, n_rows=0, infer_schema=False).columns
                except Exception as exc:  # never the reader's text: it may quote the header
                    raise InputError(f"{name}: malformed CSV ({type(exc).__name__})") from None
                schema = {c: pl.String() for c in header}
            missing = [c for c in t.columns if c not in schema]
            if missing:
                raise _fail(name, missing[0], None, f"{label}: column missing from the file")
            extra = [j for j, c in enumerate(schema, 1) if c not in t.columns]
            if extra:
                raise _fail(
                    name,
                    None,
                    None,
                    f"{label}: column {extra[0]} of the file is not in the spec (every column "
                    "needs a rule; its header is not shown, as it may be a value)",
                )
            if first is None:
                first = (label, schema)
            for col, dtype in schema.items():
                if dtype != first[1][col]:
                    raise _fail(
                        name,
                        col,
                        None,
                        f"{label}: type {dtype} differs from {first[0]}'s {first[1][col]} "
                        "(every partition must store a column alike)",
                    )
            suffix = path.suffix.lower()
            output = f"{name}/part-{i:05d}.parquet" if folder else f"{name}{suffix}"
            parts.append(Part(len(parts), name, path, label, hive, output, file.rel))
        assert first is not None
        schemas[name] = {c: first[1][c] for c in t.columns}
    _refuse_unsupported(spec, schemas)
    return parts, schemas


def _refuse_unsupported(spec: ReleaseSpec, schemas: dict[str, dict[str, pl.DataType]]) -> None:
    """What needs a whole table in memory, and the foreign keys' types and rules."""
    job = _Release(spec, Key("schema-only"))
    for name, t in spec.tables.items():
        if t.anonymize is not None:
            raise _fail(
                name,
                None,
                None,
                "anonymize: needs the whole table in memory; not available in a release with "
                "partitioned inputs",
            )
        for col, c in t.columns.items():
            if c.rule is Rule.SCRUB:
                raise _fail(name, col, None, "rule scrub is not available with partitioned inputs")
        for col, target in t.foreign_keys.items():
            tt, _, tc = target.partition(".")
            a, b = schemas[name][col], schemas[tt][tc]
            if a != b:
                raise _fail(
                    name,
                    col,
                    None,
                    f"foreign key type {a} differs from {target}'s {b} (store both alike)",
                )
            rule, target_rule = c_rule(spec, name, col), c_rule(spec, tt, tc)
            if rule != target_rule:
                raise _fail(
                    name,
                    col,
                    None,
                    f"foreign key rule {rule.value} differs from {target}'s {target_rule.value}",
                )
        shifting = [c for c, s in t.columns.items() if s.rule is Rule.DATE_SHIFT]
        if shifting:
            if job.patient_path(name) != []:
                raise _fail(
                    name,
                    shifting[0],
                    None,
                    "date_shift with partitioned inputs needs the patient key in this table "
                    f"(a column referencing {spec.patient_key}, or the table's `patient`)",
                )
            pt, _, pc = spec.patient_key.partition(".")
            holders = [c for c in t.foreign_keys if job.domain(name, c) == f"{pt}.{pc}"]
            if not t.patient and name != pt and len(holders) > 1:
                raise _fail(
                    name,
                    shifting[0],
                    None,
                    f"date_shift: columns {', '.join(holders)} all reference patients; "
                    "set the table's `patient` to the one whose offset its dates take",
                )


def c_rule(spec: ReleaseSpec, table: str, col: str) -> Rule:
    return spec.tables[table].columns[col].rule


# -- key sets: what each partition contributes to the global checks ------------------------------
@dataclass(frozen=True)
class KeySet:
    """A hash-partitioned set of one column's values (``kind`` says which check reads it)."""

    kind: str  # pk, values, fk, merge, domain, rare
    table: str
    col: str

    @property
    def folder(self) -> str:
        return f"{self.kind}-{self.table}-{self.col}".encode().hex()  # any column name is safe


def _root(job: _Release, table: str, col: str) -> tuple[str, str]:
    t, _, c = job.domain(table, col).partition(".")
    return t, c


def _positional(spec: ReleaseSpec, table: str, col: str) -> bool:
    """A release-code domain rooted at a primary key: codes follow the rows, no lookup."""
    return spec.tables[table].primary_key == col


def key_sets(spec: ReleaseSpec) -> list[KeySet]:
    job = _Release(spec, Key("structure-only"))
    out: list[KeySet] = []
    for name, t in spec.tables.items():
        if t.primary_key:
            out.append(KeySet("pk", name, t.primary_key))
        for col, target in t.foreign_keys.items():
            out.append(KeySet("fk", name, col))
            tt, _, tc = target.partition(".")
            if spec.tables[tt].primary_key != tc:
                out.append(KeySet("values", tt, tc))
        for col, c in t.columns.items():
            if c.rule is Rule.PSEUDONYM:
                out.append(KeySet("merge", name, col))
            elif c.rule is Rule.SUPPRESS_RARE:
                out.append(KeySet("rare", name, col))
            elif c.rule is Rule.RELEASE_CODE:
                rt, rc = _root(job, name, col)
                if (rt, rc) == (name, col) and not _positional(spec, rt, rc):
                    out.append(KeySet("domain", rt, rc))
    return list(dict.fromkeys(out))


def _bucket(expr: pl.Expr, buckets: int) -> pl.Expr:
    return (expr.hash(**SEEDS) % buckets).alias("b")


def _contribution(ks: KeySet, df: pl.DataFrame, row: pl.Series) -> pl.DataFrame:
    """This batch's rows of a key set: (k[, norm], pid row or count) before bucketing."""
    k = _as_text(df[ks.col]).alias("k")
    frame = pl.DataFrame([k, row.alias("row")]).filter(pl.col("k").is_not_null())
    if ks.kind == "pk":
        return frame
    if ks.kind == "rare":
        return frame.group_by("k").agg(pl.len().cast(pl.Int64).alias("n"))
    if ks.kind in ("values", "domain"):
        return frame.select("k").unique()
    first = frame.group_by("k").agg(pl.col("row").min())
    if ks.kind == "merge":  # a value normalize_id leaves alone is its own normal form
        plain = first["k"].str.contains(r"^[!-`{-~]([ -`{-~]*[!-`{-~])?$")
        odd = first.filter(~plain)["k"].to_list()
        norm = dict(zip(odd, map(normalize_id, odd), strict=True))
        return first.with_columns(
            pl.col("k")
            .replace_strict(norm, default=pl.col("k"), return_dtype=pl.String)
            .alias("norm")
        )
    return first


# -- tasks ----------------------------------------------------------------------------------------
def _guarded(label: str, fn: Callable[[], T]) -> T:
    """Run a task body; an unexpected error becomes one line naming the file, never its text
    (a library's message may quote a value, and Dask logs task errors)."""
    try:
        return fn()
    except MedPrivacyError:
        raise
    except Exception as exc:
        raise InputError(f"{label}: {type(exc).__name__} while releasing it") from None


def _relabel(exc: InputError, part: Part, offset: int) -> InputError:
    """The engine's error for a batch, naming the partition file and its row in that file."""
    msg = str(exc)
    found = re.search(r": row (\d+): ", msg)
    if found:
        row = int(found[1]) + offset
        return InputError(
            msg[: found.start()] + f": {part.label}: row {row}: " + msg[found.end() :]
        )
    head, sep, rest = msg.partition(": ")
    if sep and head.partition(".")[0] == part.table:
        return InputError(f"{head}: {part.label}: {rest}")
    return InputError(f"{part.table}: {part.label}: {msg}")


def batches(
    job: Job, part: Part, columns: list[str] | None = None
) -> Iterator[tuple[int, pl.DataFrame]]:
    """A partition in frames of at most ``job.batch_rows`` rows (offset, frame), its columns
    (``columns``, or all) in the spec's order and types; one frame, maybe empty, for a partition
    without rows."""
    schema = job.schemas[part.table]
    names = list(schema) if columns is None else columns
    if part.path.suffix.lower() != ".parquet":
        yield 0, read_csv(part.path, part.table).select(names)
        return
    hive = tuple((k, v) for k, v in part.hive if k in names)
    scan = pl.scan_parquet(part.path)
    rows = scan.select(pl.len()).collect().item()
    stored = scan.select([c for c in names if c not in dict(part.hive)])
    for offset in range(0, max(rows, 1), job.batch_rows):
        df = stored.slice(offset, job.batch_rows).collect()
        if hive:
            df = df.with_columns(
                partfiles.hive_columns(hive, part.table, part.label, schema, df.height)
            )
        yield offset, df.select(names)


def checked_columns(spec: ReleaseSpec, schema: dict[str, pl.DataType], table: str) -> list[str]:
    """The columns the row checks and key sets read: keys, foreign-key targets, every column
    whose rule computes on values or has a declared type, and stored dates (Safe Harbor checks
    their rule). A dropped or kept column of text or numbers needs no read before release."""
    t = spec.tables[table]
    targets = {
        target.partition(".")[2]
        for other in spec.tables.values()
        for target in other.foreign_keys.values()
        if target.partition(".")[0] == table
    }
    keys = {t.primary_key, *t.foreign_keys, *targets}
    return [
        col
        for col, c in t.columns.items()
        if col in keys
        or c.rule not in (Rule.DROP, Rule.KEEP)
        or c.type is not None
        or schema[col] in (pl.Date, pl.Datetime)
    ]


class _Batch(_Release):
    """The engine's rules on one batch of a partition, with the release's global facts: codes
    from the code maps, rare values from the whole table, warnings counted, not listed."""

    def __init__(self, job: Job) -> None:
        super().__init__(job.spec, job.key)
        self.job = job
        self.today = job.today
        self.tallies: dict[tuple[str, str, str], int] = {}
        self._common: dict[tuple[str, str], pl.Series] = {}
        self.part: Part | None = None
        self.offset = 0

    def start(self, part: Part, offset: int, df: pl.DataFrame) -> None:
        self.part, self.offset = part, offset
        self.frames = {part.table: df}
        self.maps, self._offsets, self._patients = {}, {}, {}  # per batch: memory stays bounded

    def note(self, kind: str, name: str, col: str, n: int = 0) -> None:
        self.tallies[(kind, name, col)] = self.tallies.get((kind, name, col), 0) + n

    def codes(self, name: str, col: str, s: pl.Series, rule: Rule) -> pl.Series:
        if rule is Rule.PSEUDONYM:
            return super().codes(name, col, s, rule)
        rt, rc = _root(self, name, col)
        if (rt, rc) == (name, col) and _positional(self.spec, rt, rc):
            assert self.part is not None
            start = self.job.starts[self.part.pid] + self.offset
            return _code_text(
                np.load(_perm(self.job, rt, rc), mmap_mode="r")[start : start + len(s)]
            )
        text = _as_text(s).alias("original")
        wanted = pl.LazyFrame({"original": text.drop_nulls().unique()})
        found = (
            pl.scan_parquet(_maps(self.job, rt, rc) / "*.parquet")
            .join(wanted, on="original", how="semi")
            .collect()
        )
        return text.to_frame().join(found, on="original", how="left", maintain_order="left")["code"]

    def rare(self, name: str, col: str, text: pl.Series, k: int) -> pl.Series:
        if (name, col) not in self._common:
            folder = self.job.scratch / "common" / KeySet("rare", name, col).folder
            self._common[(name, col)] = pl.read_parquet(folder / "*.parquet")["k"]
        return (text.is_not_null() & ~text.is_in(self._common[(name, col)].implode())).fill_null(
            False
        )


def _code_text(numbers: np.ndarray) -> pl.Series:
    """``R00000042``: release codes are 1-based positions of a random permutation."""
    n = pl.Series("code", np.asarray(numbers, dtype=np.int64) + 1)
    return pl.select(pl.lit("R") + n.cast(pl.String).str.zfill(8)).to_series().alias("code")


def _perm(job: Job, table: str, col: str) -> Path:
    return job.scratch / f"perm-{KeySet('domain', table, col).folder}.npy"


def _maps(job: Job, table: str, col: str) -> Path:
    return job.scratch / "maps" / KeySet("domain", table, col).folder


def check_part(job: Job, part: Part) -> dict[str, Any]:
    """Round 1: a partition's row checks (keys, dates, numbers) and its share of every key set,
    written by hash bucket to the scratch folder. Returns its row count."""
    return _guarded(f"{part.table}: {part.label}", lambda: _check_part(job, part))


def _check_part(job: Job, part: Part) -> dict[str, Any]:
    rel = _Batch(job)
    sets = [ks for ks in key_sets(job.spec) if ks.table == part.table]
    rows = 0
    columns = checked_columns(job.spec, job.schemas[part.table], part.table)
    for n, (offset, df) in enumerate(batches(job, part, columns)):
        rel.start(part, offset, df)
        row = pl.int_range(offset + 1, offset + df.height + 1, eager=True, dtype=pl.Int64)
        try:
            rel.check_keys(part.table, df)
            rel.check_cells(part.table, df)
            shares = [(ks, _contribution(ks, df, row)) for ks in sets]
        except InputError as exc:
            raise _relabel(exc, part, offset) from None
        for ks, share in shares:
            frame = share.with_columns(pl.lit(part.pid, pl.Int32).alias("pid"))
            on = pl.col("norm") if ks.kind == "merge" else pl.col("k")
            for (b,), chunk in (
                frame.with_columns(_bucket(on, job.buckets))
                .partition_by("b", as_dict=True, include_key=False)
                .items()
            ):
                folder = job.scratch / "sets" / ks.folder / f"b{b}"
                folder.mkdir(parents=True, exist_ok=True)
                chunk.write_parquet(folder / f"{part.pid}-{n}.parquet")
        rows += df.height
    return {"pid": part.pid, "rows": rows}


def _set(job: Job, ks: KeySet, b: int, schema: dict[str, Any]) -> pl.DataFrame:
    folder = job.scratch / "sets" / ks.folder / f"b{b}"
    if not folder.is_dir():
        return pl.DataFrame(schema=schema)
    return pl.read_parquet(folder / "*.parquet")


def _where(job: Job, pid: int, row: int) -> str:
    return f"{job.part(pid).label}: row {row}"


def check_bucket(job: Job, b: int) -> dict[str, Any]:
    """Round 2: one hash bucket of every key set: duplicate primary keys, dangling foreign keys,
    values a pseudonym would merge; distinct keys of each code domain and the values common
    enough for suppress_rare, kept in scratch. Returns the domains' distinct counts."""
    return _guarded(f"key bucket {b}", lambda: _check_bucket(job, b))


def _check_bucket(job: Job, b: int) -> dict[str, Any]:
    rows_schema = {"k": pl.String, "row": pl.Int64, "pid": pl.Int32}
    counts: dict[str, int] = {}
    for ks in key_sets(job.spec):
        if ks.kind == "pk":
            df = _set(job, ks, b, rows_schema)
            dup = df.filter(pl.col("k").is_duplicated()).sort("pid", "row")
            if dup.height:
                second = dup.filter(pl.col("k") == dup["k"][0]).row(1, named=True)
                raise _fail(
                    ks.table,
                    ks.col,
                    None,
                    f"{_where(job, second['pid'], second['row'])}: duplicate primary key",
                )
        elif ks.kind == "fk":
            df = _set(job, ks, b, rows_schema)
            tt, _, tc = job.spec.tables[ks.table].foreign_keys[ks.col].partition(".")
            kind = "pk" if job.spec.tables[tt].primary_key == tc else "values"
            target = _set(job, KeySet(kind, tt, tc), b, rows_schema).select("k")
            dangling = df.join(target.unique(), on="k", how="anti").sort("pid", "row")
            if dangling.height:
                first = dangling.row(0, named=True)
                raise _fail(
                    ks.table,
                    ks.col,
                    None,
                    f"{_where(job, first['pid'], first['row'])}: dangling foreign key "
                    f"(no such {tt}.{tc})",
                )
        elif ks.kind == "merge":
            df = _set(job, ks, b, {**rows_schema, "norm": pl.String})
            df = df.sort("pid", "row").group_by("norm", "k", maintain_order=True).first()
            merged = df.filter(pl.col("k").n_unique().over("norm") > 1).sort("pid", "row")
            if merged.height:
                norm = merged["norm"][0]
                two = merged.filter(pl.col("norm") == norm).head(2).rows(named=True)
                raise _fail(
                    ks.table,
                    ks.col,
                    None,
                    f"{_where(job, two[1]['pid'], two[1]['row'])}: key equals "
                    f"{_where(job, two[0]['pid'], two[0]['row'])}'s but for case or surrounding "
                    "spaces (rule pseudonym would merge them; fix the source)",
                )
        elif ks.kind == "domain":
            df = _set(job, ks, b, {"k": pl.String}).select("k").unique().sort("k")
            folder = job.scratch / "distinct" / ks.folder
            folder.mkdir(parents=True, exist_ok=True)
            df.write_parquet(folder / f"b{b}.parquet")
            counts[ks.folder] = df.height
        elif ks.kind == "rare":
            df = _set(job, ks, b, {"k": pl.String, "n": pl.Int64})
            k = job.spec.tables[ks.table].columns[ks.col].k
            common = df.group_by("k").agg(pl.col("n").sum()).filter(pl.col("n") >= k).select("k")
            folder = job.scratch / "common" / ks.folder
            folder.mkdir(parents=True, exist_ok=True)
            common.write_parquet(folder / f"b{b}.parquet")
    return {"b": b, "counts": counts}


def write_map(job: Job, item: tuple[str, str, str, int]) -> int:
    """Round 3: one file of a release-code map (original, code) in scratch: a partition of a
    primary key (codes follow its rows) or a bucket of another domain's distinct values."""
    return _guarded("release code map", lambda: _write_map(job, item))


def _write_map(job: Job, item: tuple[str, str, str, int]) -> int:
    how, table, col, n = item
    folder = _maps(job, table, col)
    folder.mkdir(parents=True, exist_ok=True)
    perm = np.load(_perm(job, table, col), mmap_mode="r")
    if how == "part":
        part = job.part(n)
        frames = []
        for offset, df in batches(job, part, [col]):
            start = job.starts[part.pid] + offset
            keys = _as_text(df[col]).alias("original")
            frames.append(pl.DataFrame([keys, _code_text(perm[start : start + df.height])]))
        out = pl.concat(frames)
    else:
        distinct = pl.read_parquet(
            job.scratch / "distinct" / KeySet("domain", table, col).folder / f"b{n}.parquet"
        )
        start = job.bucket_starts[KeySet("domain", table, col).folder][n]
        out = pl.DataFrame(
            [distinct["k"].alias("original"), _code_text(perm[start : start + distinct.height])]
        )
    out.write_parquet(folder / f"{how}-{n:05d}.parquet")
    return out.height


def release_part(job: Job, part: Part) -> dict[str, Any]:
    """Round 4: a partition through the column rules, written to a staged file beside its
    target (renamed by the client once every partition passed). Returns counts and the sha256."""
    return _guarded(f"{part.table}: {part.label}", lambda: _release_part(job, part))


def _release_part(job: Job, part: Part) -> dict[str, Any]:
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    rel = _Batch(job)
    target = job.out_dir / part.output
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{TMP_PREFIX}{job.token}-{target.name}")
    total = TableResult(rows=0, columns_in=len(job.schemas[part.table]), columns_out=0)
    writer: pq.ParquetWriter | None = None
    try:
        for offset, df in batches(job, part):
            rel.start(part, offset, df)
            try:
                frame, res = rel.transform_table(part.table)
            except InputError as exc:
                raise _relabel(exc, part, offset) from None
            total.rows += res.rows
            total.columns_out, total.dropped = res.columns_out, res.dropped
            for mine, theirs in ((total.capped, res.capped), (total.suppressed, res.suppressed)):
                for col, count in theirs.items():
                    mine[col] = mine.get(col, 0) + count
            if target.suffix != ".parquet":  # a CSV input is one batch
                frame = escape_formulas(frame) if job.spec.csv_escape_formulas else frame
                frame.write_csv(tmp)
                continue
            table = frame.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
            elif table.schema != writer.schema:
                table = (
                    table.cast(writer.schema)
                    if table.num_rows
                    else pa.Table.from_pylist([], writer.schema)
                )
            writer.write_table(table)
        if writer is not None:
            writer.close()
            writer = None
        os.chmod(tmp, file_mode(target))
        digest = hashlib.sha256()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
            while block := fh.read(1 << 20):
                digest.update(block)
    except BaseException:
        if writer is not None:
            writer.close()
        tmp.unlink(missing_ok=True)
        raise
    return {
        "pid": part.pid,
        "tmp": str(tmp),
        "sha256": digest.hexdigest(),
        "result": total,
        "tallies": rel.tallies,
    }


# -- the client -----------------------------------------------------------------------------------
@contextmanager
def _executor(config: ExecutorConfig | None) -> Iterator[Executor]:
    """In this process (polars uses every core) unless the executor is Dask."""
    if config is None or config.kind == "local":
        yield SerialExecutor()
        return
    from medprivacy.executor import open_executor

    with open_executor(config, config.workers or os.cpu_count() or 1) as ex:
        yield ex


def _task_name(item: Any) -> str:
    """How an error names a task's item: a partition by table and ordinal, never its path."""
    if isinstance(item, Part):
        return f"{item.table}: {item.label}"
    if isinstance(item, int):
        return f"key bucket {item}"
    return "release code map"


def _lost(item: Any) -> Any:
    """A task whose worker died repeatedly (Dask gave up on it): name what it held."""
    raise PartitionLost(
        f"{_task_name(item)}: a worker died repeatedly while processing it (killed worker)"
    )


def _run(ex: Executor, fn: Callable[[Job, Any], T], job: Job, items: list[Any]) -> list[T]:
    return list(ex.map_unordered(partial(fn, job), items, lost=_lost))


def sweep_scratch(private_dir: Path) -> int:
    """Remove scratch folders (raw key sets) that a killed run left in ``private_dir``; a folder
    a live run holds (its lock is taken) is left alone. Returns how many were removed."""
    removed = 0
    for folder in private_dir.glob(f"{SCRATCH_PREFIX}*"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        try:
            with exclusive(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except MedPrivacyError:  # another run holds it
            continue
    return removed


def _partition_index(parts: list[Part], key: Key) -> list[dict[str, Any]]:
    """What the steward needs to find the file an error names (private: paths may hold PHI)."""
    return [
        {
            "table": p.table,
            "partition": p.label,
            "id": key.path_id(p.rel),
            "path": p.rel,
            "output": p.output,
        }
        for p in parts
    ]


def plan_partitioned(spec: ReleaseSpec) -> tuple[int, dict[str, str]]:
    """The number of partitions and each released file's table, from file footers alone
    (columns, types, cut files, what the spec allows here); rows are checked as it runs."""
    parts, _ = discover(spec)
    return len(parts), {p.output: p.table for p in parts}


def release_partitioned(
    spec: ReleaseSpec,
    key: Key,
    out_dir: str | Path,
    private_dir: str | Path,
    executor: ExecutorConfig | None = None,
    batch_rows: int = BATCH_ROWS,
    bucket_rows: int = BUCKET_ROWS,
) -> ReleaseResult:
    """Check every partition of every table, then release them (see the module docstring)."""
    parts, schemas = discover(spec)
    out_dir, private_dir = Path(out_dir), Path(private_dir)
    private_dir.mkdir(parents=True, exist_ok=True)
    swept = sweep_scratch(private_dir)
    if swept:
        log.info("removed %d scratch folder(s) a killed run left in private/", swept)
    atomic_write_json(private_dir / "partitions.json", _partition_index(parts, key))
    scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=private_dir))
    token = secrets.token_hex(6)
    released = False
    try:
        with exclusive(scratch):  # held while this run lives: a sweep leaves the folder alone
            result = _release(
                spec,
                key,
                parts,
                schemas,
                scratch,
                out_dir,
                private_dir,
                token,
                executor,
                batch_rows,
                bucket_rows,
            )
        released = True
        return result
    finally:
        if not released:  # staged files of the partitions that passed: none is released
            for folder in {(out_dir / p.output).parent for p in parts}:
                for tmp in folder.glob(f"{TMP_PREFIX}{token}-*"):
                    tmp.unlink(missing_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)


def _release(
    spec: ReleaseSpec,
    key: Key,
    parts: list[Part],
    schemas: dict[str, dict[str, pl.DataType]],
    scratch: Path,
    out_dir: Path,
    private_dir: Path,
    token: str,
    executor: ExecutorConfig | None,
    batch_rows: int,
    bucket_rows: int,
) -> ReleaseResult:
    """The four rounds and the renames (see :func:`release_partitioned`)."""
    rows_hint = sum(
        pl.scan_parquet(p.path).select(pl.len()).collect().item()
        for p in parts
        if p.path.suffix.lower() == ".parquet"
    )
    job = Job(
        spec,
        key,
        schemas,
        parts,
        scratch,
        out_dir,
        buckets=max(1, math.ceil(rows_hint / bucket_rows)),
        batch_rows=batch_rows,
        today=spec.reference_date or date.today(),
        token=token,
    )
    with _executor(executor) as ex:
        checked = _run(ex, check_part, job, parts)
        rows = {r["pid"]: r["rows"] for r in checked}
        for name in spec.tables:
            start = 0
            for p in parts:
                if p.table == name:
                    job.starts[p.pid] = start
                    start += rows[p.pid]
        counted = _run(ex, check_bucket, job, list(range(job.buckets)))
        map_items = _code_maps(job, rows, counted)
        _run(ex, write_map, job, map_items)
        done = _run(ex, release_part, job, parts)
    return _finish(job, done, private_dir)


def _domains(job: Job) -> list[tuple[str, str]]:
    """Every release-code domain by its root column (foreign keys share their target's)."""
    structure = _Release(job.spec, job.key)
    return [
        (name, col)
        for name, t in job.spec.tables.items()
        for col, c in t.columns.items()
        if c.rule is Rule.RELEASE_CODE and _root(structure, name, col) == (name, col)
    ]


def _code_maps(
    job: Job, rows: dict[int, int], counted: list[dict[str, Any]]
) -> list[tuple[str, str, str, int]]:
    """Draw each release-code domain's random permutation (one over all its distinct keys, so
    codes are unique across partitions) and list the map files to write."""
    spec = job.spec
    rng = np.random.default_rng(np.random.SeedSequence())  # never seeded: codes are random
    items: list[tuple[str, str, str, int]] = []
    for name, col in _domains(job):
        if _positional(spec, name, col):
            total = sum(rows[p.pid] for p in job.parts if p.table == name)
            items += [("part", name, col, p.pid) for p in job.parts if p.table == name]
        else:
            folder = KeySet("domain", name, col).folder
            sizes = [
                next(r["counts"].get(folder, 0) for r in counted if r["b"] == b)
                for b in range(job.buckets)
            ]
            total = sum(sizes)
            job.bucket_starts[folder] = [sum(sizes[:b]) for b in range(job.buckets)]
            items += [("bucket", name, col, b) for b in range(job.buckets)]
        dtype = np.uint32 if total < 2**32 else np.int64  # 4 bytes a key below 4e9 keys
        np.save(_perm(job, name, col), rng.permutation(np.arange(total, dtype=dtype)))
    return items


def _finish(job: Job, done: list[dict[str, Any]], private_dir: Path) -> ReleaseResult:
    """Rename every staged file into place, keep the code maps in private/, sum the counts."""
    spec = job.spec
    by_pid = {d["pid"]: d for d in done}
    tables: dict[str, TableResult] = {}
    tallies: dict[tuple[str, str, str], int] = {}
    parts: dict[str, list[Path]] = {name: [] for name in spec.tables}
    hashes: dict[Path, str] = {}
    for part in job.parts:
        d = by_pid[part.pid]
        target = job.out_dir / part.output
        os.replace(d["tmp"], target)
        parts[part.table].append(target)
        hashes[target] = d["sha256"]
        res: TableResult = d["result"]
        total = tables.setdefault(part.table, TableResult(0, res.columns_in, res.columns_out))
        total.rows += res.rows
        total.columns_out, total.dropped = res.columns_out, res.dropped
        for mine, theirs in ((total.capped, res.capped), (total.suppressed, res.suppressed)):
            for col, count in theirs.items():
                mine[col] = mine.get(col, 0) + count
        for k, n in d["tallies"].items():
            tallies[k] = tallies.get(k, 0) + n
    code_maps: dict[str, Path] = {}
    used: set[str] = set()
    for table, col in _domains(job):
        folder, domain = _maps(job, table, col), f"{table}.{col}"
        if not folder.is_dir():
            continue
        target = private_dir / "release_codes" / _map_name(domain, used).removesuffix(".csv")
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(folder, target)
        code_maps[domain] = target
    warnings = [warning(kind, f"{name}.{col}", n) for (kind, name, col), n in tallies.items()]
    files = {
        name: (paths[0] if len(paths) == 1 else job.out_dir / name) for name, paths in parts.items()
    }
    return ReleaseResult(tables, files, code_maps, warnings, parts=parts, hashes=hashes)
