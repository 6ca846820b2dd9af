"""Anonymize a partitioned table (a directory of Parquet files): one search, one decision.

The lattice search only needs the table's distinct rows (quasi-identifiers and sensitive
attributes) with their counts, so each part is counted on the executor and the client merges the
counts (:func:`medprivacy.counts.class_counts`) and searches them exactly as :func:`anonymize`
searches one table: the same hierarchies, the same optimum, the same suppressed classes. The
release then generalizes every part row by row at the chosen node and drops (or masks) the rows
of the classes suppressed on the merged counts; no part decides anything on its own rows.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from medprivacy.anonymize import utility
from medprivacy.anonymize.api import (
    AnonymizationReport,
    Transformation,
    _config,
    prepare,
    summarize,
)
from medprivacy.anonymize.config import AnonymizeConfig
from medprivacy.anonymize.hierarchy import TOP
from medprivacy.anonymize.lattice import Table, partition
from medprivacy.anonymize.search import PopulationCounter, judge, pareto, search
from medprivacy.counts import (
    MISSING,
    Part,
    Partitions,
    class_counts,
    partitions,
    read_part,
    run_tasks,
)
from medprivacy.errors import ConfigError, InputError, MedPrivacyError
from medprivacy.executor import Executor

Source = str | Path | Sequence[pd.DataFrame | str | Path] | Partitions


def counted_table(
    source: Partitions, cfg: AnonymizeConfig, base_dir: Path | None, executor: Executor | None
) -> tuple[Table, PopulationCounter | None]:
    """The encoded table of a partitioned source from its merged class counts (quasi-identifiers
    and sensitive attributes), as :func:`~medprivacy.anonymize.api.prepare` encodes one table,
    and the population table's counter (journalist/marketer models) if one is configured."""
    qis = list(cfg.quasi_identifiers)
    columns = list(dict.fromkeys([*qis, *cfg.sensitive_attributes]))
    complete = [*qis, *(c for c in cfg.sensitive_attributes if cfg.sensitive.get(c) is not None)]
    counts = class_counts(source, columns, executor, complete=complete)
    if not len(counts):
        raise InputError("the table has no rows (it is empty)")
    rows = counts[columns].astype(object).where(counts[columns] != MISSING, None)
    weights = counts["count"].to_numpy(dtype=np.float64)
    table, counter, _ = prepare(rows, cfg, base_dir, weights=weights)
    return table, counter


def anonymize_partitioned(
    source: Source,
    config: AnonymizeConfig | Mapping[str, Any],
    out: str | Path | None = None,
    base_dir: str | Path | None = None,
    executor: Executor | None = None,
) -> AnonymizationReport:
    """Search the merged counts of a partitioned table for the optimal transformation and, with
    ``out``, release every part generalized and suppressed at it (Parquet files named as the
    input's parts, all written before ``out`` appears). Method ``optimal`` only."""
    cfg = _config(config)
    if cfg.method != "optimal":
        raise ConfigError(
            "anonymize: a partitioned table takes method 'optimal' (mondrian reads rows)"
        )
    base = Path(base_dir) if base_dir is not None else None
    src = partitions(source)
    table, counter = counted_table(src, cfg, base, executor)
    mask = cfg.suppressed_rows == "mask"
    result = search(
        table, cfg.models, cfg.suppression_limit, cfg.utility, cfg.time_limit_s, counter, mask=mask
    )
    if result.best is None:
        state = "searched" if result.optimal else "searched within the time limit"
        raise MedPrivacyError(
            f"anonymize: no generalization satisfies the privacy models within the "
            f"{cfg.suppression_limit:.1%} suppression limit ({state} {result.checked} of "
            f"{result.nodes} nodes)"
        )
    report = _decide(src, table, cfg, result.best.node, counter, out, executor)
    report.optimal = result.optimal
    report.nodes_checked = result.checked
    report.nodes_counted = result.counted
    report.lattice_nodes = result.nodes
    report.seconds = result.seconds
    report.frontier = pareto(result.frontier)
    return report


def apply_partitioned(
    source: Source,
    transformation: Transformation | Mapping[str, Any],
    out: str | Path | None = None,
    base_dir: str | Path | None = None,
    executor: Executor | None = None,
    strict: bool = True,
) -> AnonymizationReport:
    """Re-check a saved transformation on a partitioned table's merged counts and, with ``out``,
    release its parts at it (as :func:`~medprivacy.anonymize.api.apply` does for one table:
    ``strict`` refuses a table on which the models no longer hold, before anything is written)."""
    if isinstance(transformation, Transformation):
        tr = transformation
    else:
        try:
            tr = Transformation.model_validate(transformation)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise ConfigError(f"anonymize apply: {where}: {err['msg']}") from None
    cfg = tr.config
    if set(tr.levels) != set(cfg.quasi_identifiers):
        raise ConfigError("anonymize apply: levels must name every quasi-identifier")
    base = Path(base_dir) if base_dir is not None else None
    src = partitions(source)
    table, counter = counted_table(src, cfg, base, executor)
    node = tuple(tr.levels[name] for name in table.names)
    for a, lv in enumerate(node):
        if not 0 <= lv < int(table.heights[a]):
            raise ConfigError(
                f"anonymize apply: level {lv} of {table.names[a]!r} is not in its hierarchy"
            )
    return _decide(src, table, cfg, node, counter, out, executor, strict)


def _decide(
    src: Partitions,
    table: Table,
    cfg: AnonymizeConfig,
    node: tuple[int, ...],
    counter: PopulationCounter | None,
    out: str | Path | None,
    executor: Executor | None,
    strict: bool = False,
) -> AnonymizationReport:
    """Judge ``node`` on the merged classes (one suppression decision for the whole table),
    report it, and release the parts at it when ``out`` is given."""
    mask = cfg.suppressed_rows == "mask"
    part = partition(table, node)
    add = utility.additive(table, cfg.utility) if cfg.utility in utility.ADDITIVE else None
    check = judge(
        table, node, part, cfg.models, cfg.suppression_limit, cfg.utility, add, counter, mask
    )
    report = summarize(table, cfg, node, part, check)
    report.transformation = Transformation(
        config=cfg, levels={n: int(lv) for n, lv in zip(table.names, node, strict=True)}
    )
    if strict and not report.satisfied:
        raise MedPrivacyError(
            f"anonymize apply: the saved transformation does not satisfy the privacy models on "
            f"this table ({report.suppressed} records to suppress, limit "
            f"{cfg.suppression_limit:.1%}); refused"
        )
    if out is not None:
        suppressed = {
            tuple(int(table.gen[a][node[a]][r]) for a in range(len(node)))
            for r in part.rep[~check.keep]
        }
        release_parts(src, table, node, suppressed, mask, Path(out), executor)
    return report


def release_parts(
    src: Partitions,
    table: Table,
    node: tuple[int, ...],
    suppressed: set[tuple[int, ...]],
    mask: bool,
    out: Path,
    executor: Executor | None,
) -> None:
    """Write every part generalized at ``node``, the rows of ``suppressed`` classes (group codes
    per quasi-identifier) dropped or masked; into a hidden folder renamed to ``out`` at the end."""
    if out.exists():
        raise ConfigError(f"anonymize: {out.name} exists (the release is written to a new folder)")
    rule = Rule(
        names=tuple(table.names),
        codes=tuple(_value_codes(table, a, lv) for a, lv in enumerate(node)),
        labels=tuple(list(table.group_names[a][lv]) for a, lv in enumerate(node)),
        suppressed=frozenset(suppressed),
        mask=mask,
    )
    stage = out.parent / f".{out.name}.partial-{secrets.token_hex(4)}"
    stage.mkdir(parents=True)
    try:
        items = [
            (i, p, src.names[i], str(stage / _out_name(i)), rule) for i, p in enumerate(src.parts)
        ]
        for _ in run_tasks(executor, release_part_task, items):
            pass
        os.replace(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _value_codes(table: Table, a: int, level: int) -> dict[str, int]:
    """Data value (as text) -> its group code at ``level`` of quasi-identifier ``a``."""
    h = table.hierarchies[a]
    lc = h.level_codes()[0][level]
    return {str(v): int(lc[i]) for i, v in enumerate(h.leaves)}


def _out_name(index: int) -> str:
    """Released parts are numbered, never named after input paths (they may hold PHI: a hive
    folder of names); hive values are columns of every row, as in the input table."""
    return f"part-{index:05d}.parquet"


@dataclass(frozen=True)
class Rule:
    """What a part needs to release itself: per quasi-identifier the value -> group code and
    the group labels at the chosen node, and the suppressed classes (group-code tuples)."""

    names: tuple[str, ...]
    codes: tuple[dict[str, int], ...]
    labels: tuple[list[str], ...]
    suppressed: frozenset[tuple[int, ...]]
    mask: bool


def release_part_task(args: tuple[int, Part, str, str, Rule]) -> int:
    """Generalize one part row by row and write it (atomically) to ``target``; rows written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    index, part, name, target, rule = args
    df = read_part(part, name, None)
    codes = []
    for c, lookup in zip(rule.names, rule.codes, strict=True):
        if c not in df.columns:
            raise InputError(f"{name}: column {c!r} is missing")
        code = df[c].astype(str).map(lookup)
        bad = np.flatnonzero(code.isna().to_numpy() | df[c].isna().to_numpy())
        if len(bad):
            raise InputError(
                f"{name}: column {c!r}, row {int(bad[0]) + 1}: value not in its hierarchy"
            )
        codes.append(code.to_numpy(dtype=np.int64))
    if rule.suppressed and len(df):
        hit = pd.MultiIndex.from_arrays(codes).isin(list(rule.suppressed))
    else:
        hit = np.zeros(len(df), dtype=bool)
    out = df.copy()
    for c, code, labels in zip(rule.names, codes, rule.labels, strict=True):
        values = np.asarray(labels, dtype=object)[code]
        out[c] = np.where(hit, TOP, values) if rule.mask else values
    if not rule.mask:
        out = out.loc[~hit]
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(pa.Table.from_pandas(out, preserve_index=False), tmp)
    os.replace(tmp, path)
    return index
