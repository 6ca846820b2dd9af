"""``anonymize(df, config)``: generalize and suppress until the privacy models hold; ``apply``.

The input frame is never modified. The output keeps every column and row order; the
quasi-identifiers are replaced by their released labels (text) and suppressed records are
dropped (``suppressed_rows: drop``) or have every quasi-identifier set to ``*`` (``mask``). The
report carries the chosen levels (a :class:`Transformation` that :func:`apply` re-applies to new
data, re-checking the models), the suppressed count, classes, utility and risk figures, and the
feasible nodes the search met (for a risk-vs-utility table). It names no data value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError

from medprivacy.anonymize import utility
from medprivacy.anonymize.config import AnonymizeConfig, parse
from medprivacy.anonymize.hierarchy import TOP, Hierarchy
from medprivacy.anonymize.lattice import Partition, Table, encode, partition
from medprivacy.anonymize.models import (
    JournalistRisk,
    MarketerRisk,
    PopulationUniqueness,
    ProsecutorRisk,
    TCloseness,
    t_distance,
)
from medprivacy.anonymize.search import (
    Check,
    PopulationCounter,
    judge,
    masked,
    pareto,
    search,
)
from medprivacy.errors import ConfigError, InputError, MedPrivacyError


class Transformation(BaseModel):
    """A found transformation: the config (hierarchy rules, models) and one level per attribute."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    config: AnonymizeConfig
    levels: dict[str, int]


class AnonymizationReport(BaseModel):
    """What a release did and what it achieves: counts, utility, risk; never a data value."""

    method: str
    satisfied: bool
    optimal: bool | None
    transformation: Transformation | None
    records: int
    released: int
    suppressed: int
    suppressed_fraction: float
    classes: int
    measure: str
    loss: float
    utility: dict[str, float]
    risk: dict[str, float]
    diversity: dict[str, dict[str, float]]
    nodes_checked: int = 0
    nodes_counted: int = 0
    lattice_nodes: int = 0
    seconds: float = 0.0
    frontier: list[dict[str, Any]] = []


def _config(config: AnonymizeConfig | Mapping[str, Any]) -> AnonymizeConfig:
    return config if isinstance(config, AnonymizeConfig) else parse(config)


def _population(config: AnonymizeConfig, base_dir: Path | None) -> pd.DataFrame | None:
    for m in config.models:
        if isinstance(m, JournalistRisk | MarketerRisk) and m.population_path:
            from medprivacy.fileio import read_table

            path = Path(m.population_path)
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            frame: pd.DataFrame = read_table(path, text=True)
            return frame
    return None


def prepare(
    df: pd.DataFrame,
    config: AnonymizeConfig,
    base_dir: Path | None = None,
    weights: np.ndarray | None = None,
) -> tuple[Table, PopulationCounter | None, dict[str, Hierarchy]]:
    """Build the hierarchies from the config (and the data values) and encode the table
    (``weights``: records per row, when ``df``'s rows are counted classes)."""
    if not len(df):
        raise InputError("the table has no rows (it is empty)")
    population = _population(config, base_dir)
    hierarchies: dict[str, Hierarchy] = {}
    for name, spec in config.quasi_identifiers.items():
        if name not in df.columns:
            raise ConfigError(f"anonymize: quasi-identifier {name!r} is not a column")
        values = df[name].dropna().astype(str).unique().tolist()
        if population is not None and name in population.columns:
            values += population[name].astype(str).unique().tolist()
        hierarchies[name] = spec.build(name, values, base_dir)
    sensitive: dict[str, Hierarchy | None] = {}
    for name in config.sensitive_attributes:
        if name not in df.columns:
            raise ConfigError(f"anonymize: sensitive attribute {name!r} is not a column")
        rule = config.sensitive.get(name)
        values = df[name].dropna().astype(str).unique().tolist()
        sensitive[name] = None if rule is None else rule.build(name, values, base_dir)
    table = encode(df, hierarchies, sensitive, weights=weights)
    counter = None
    if population is not None:
        counter = PopulationCounter(
            table, encode(population, hierarchies, where="population table: ")
        )
    return table, counter, hierarchies


def anonymize(
    df: pd.DataFrame,
    config: AnonymizeConfig | Mapping[str, Any],
    base_dir: str | Path | None = None,
) -> tuple[pd.DataFrame, AnonymizationReport]:
    """Release ``df`` with the privacy models satisfied at the least loss the method finds.

    Raises MedPrivacyError when no transformation satisfies the models within the suppression
    limit (not even suppressing as allowed at the top of every hierarchy).
    """
    cfg = _config(config)
    base = Path(base_dir) if base_dir is not None else None
    if cfg.method == "mondrian":
        from medprivacy.anonymize.mondrian import mondrian

        return mondrian(df, cfg, base)
    table, counter, _ = prepare(df, cfg, base)
    result = search(
        table,
        cfg.models,
        cfg.suppression_limit,
        cfg.utility,
        cfg.time_limit_s,
        counter,
        mask=cfg.suppressed_rows == "mask",
    )
    if result.best is None:
        state = "searched" if result.optimal else "searched within the time limit"
        raise MedPrivacyError(
            f"anonymize: no generalization satisfies the privacy models within the "
            f"{cfg.suppression_limit:.1%} suppression limit ({state} {result.checked} of "
            f"{result.nodes} nodes)"
        )
    out, report = _release(df, table, cfg, result.best.node, counter)
    report.optimal = result.optimal
    report.nodes_checked = result.checked
    report.nodes_counted = result.counted
    report.lattice_nodes = result.nodes
    report.seconds = result.seconds
    report.frontier = pareto(result.frontier)
    return out, report


def tradeoff(
    df: pd.DataFrame,
    config: AnonymizeConfig | Mapping[str, Any],
    highest_risks: Sequence[float] = (0.5, 0.2, 0.1, 0.05, 0.02),
    base_dir: str | Path | None = None,
) -> list[dict[str, Any]]:
    """What a stricter threshold costs: the optimum with each highest prosecutor risk added.

    One row per threshold (the config's own models always apply): the loss, suppressed records,
    classes and levels of the optimal release, or ``feasible: False``. Counts only, no values.
    """
    cfg = _config(config)
    base = Path(base_dir) if base_dir is not None else None
    table, counter, _ = prepare(df, cfg, base)
    rows: list[dict[str, Any]] = []
    for h in highest_risks:
        models = [*cfg.models, ProsecutorRisk(highest=h)]
        result = search(
            table,
            models,
            cfg.suppression_limit,
            cfg.utility,
            cfg.time_limit_s,
            counter,
            mask=cfg.suppressed_rows == "mask",
        )
        row: dict[str, Any] = {"highest_risk": h, "feasible": result.best is not None}
        if result.best is not None:
            best = result.best
            row.update(
                loss=best.loss,
                suppressed=round(best.suppressed),
                classes=int(best.keep.sum()) + int(best.mask and not best.keep.all()),
                levels=dict(zip(table.names, best.node, strict=True)),
                optimal=result.optimal,
            )
        rows.append(row)
    return rows


def apply(
    df: pd.DataFrame,
    transformation: Transformation | Mapping[str, Any],
    base_dir: str | Path | None = None,
    strict: bool = True,
) -> tuple[pd.DataFrame, AnonymizationReport]:
    """Re-apply a saved transformation to new data and re-run the privacy check.

    With ``strict`` (the default) a table on which the saved levels no longer satisfy the models
    within the suppression limit is refused (MedPrivacyError); otherwise the report says so.
    """
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
    table, counter, _ = prepare(df, cfg, base)
    node = tuple(tr.levels[name] for name in table.names)
    for a, lv in enumerate(node):
        if not 0 <= lv < int(table.heights[a]):
            raise ConfigError(
                f"anonymize apply: level {lv} of {table.names[a]!r} is not in its hierarchy"
            )
    out, report = _release(df, table, cfg, node, counter)
    if strict and not report.satisfied:
        raise MedPrivacyError(
            f"anonymize apply: the saved transformation does not satisfy the privacy models on "
            f"this table ({report.suppressed} records to suppress, limit "
            f"{cfg.suppression_limit:.1%}); refused"
        )
    return out, report


def _release(
    df: pd.DataFrame,
    table: Table,
    cfg: AnonymizeConfig,
    node: tuple[int, ...],
    counter: PopulationCounter | None,
) -> tuple[pd.DataFrame, AnonymizationReport]:
    """The released frame and its report at ``node`` (classes recounted from the rows)."""
    add = utility.additive(table, cfg.utility) if cfg.utility in utility.ADDITIVE else None
    part = partition(table, node)
    mask = cfg.suppressed_rows == "mask"
    check = judge(
        table, node, part, cfg.models, cfg.suppression_limit, cfg.utility, add, counter, mask
    )
    assert part.inverse is not None
    row_class = part.inverse[table.row_of]
    kept_rows = check.keep[row_class]
    out = df.copy()
    for a, name in enumerate(table.names):
        labels = np.asarray(table.group_names[a][node[a]], dtype=object)
        values = labels[table.gen[a][node[a]][table.row_of]]
        if mask:
            values = np.where(kept_rows, values, TOP)
        out[name] = values
    if cfg.suppressed_rows == "drop":
        out = out[kept_rows]
    report = summarize(table, cfg, node, part, check)
    report.transformation = Transformation(
        config=cfg, levels={name: int(lv) for name, lv in zip(table.names, node, strict=True)}
    )
    return out, report


def summarize(
    table: Table, cfg: AnonymizeConfig, node: tuple[int, ...], part: Partition, check: Check
) -> AnonymizationReport:
    """Counts, every utility measure, and the risks and diversity of the classes as written.

    With ``suppressed_rows: mask`` the suppressed records are written (every quasi-identifier
    ``*``) and form one more class, so they count in the classes, risks, l and t.
    """
    keep = check.keep
    if cfg.suppressed_rows == "mask":
        written = masked(part, keep)
    else:
        written = Partition(
            part.rep[keep], part.size[keep], {k: v[keep] for k, v in part.hist.items()}
        )
    kept = written.size
    released = float(kept.sum())
    risk, diversity = figures(table, cfg, written, np.ones(written.classes, dtype=bool))
    return AnonymizationReport(
        method=cfg.method,
        satisfied=check.feasible,
        optimal=None,
        transformation=None,
        records=int(table.n),
        released=int(released),
        suppressed=round(check.suppressed),
        suppressed_fraction=check.suppressed / table.n,
        classes=len(kept),
        measure=cfg.utility,
        loss=utility.loss(table, node, part, keep, cfg.utility, _add(table, cfg))[0],
        utility=utility.all_measures(table, node, part, keep),
        risk=risk,
        diversity=diversity,
    )


def figures(
    table: Table, cfg: AnonymizeConfig, part: Partition, keep: np.ndarray
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Risks of the released classes and, per sensitive attribute, their l and t."""
    kept = part.size[keep]
    released = float(kept.sum())
    risk: dict[str, float] = {
        "highest_prosecutor": float(1 / kept.min()) if len(kept) else 0.0,
        "average_prosecutor": float(len(kept) / released) if released else 0.0,
        "smallest_class": float(kept.min()) if len(kept) else 0.0,
    }
    for m in cfg.models:
        if isinstance(m, PopulationUniqueness):
            risk["population_uniqueness"] = m.uniqueness(kept)
    diversity: dict[str, dict[str, float]] = {}
    for attr in table.sensitive:
        h = part.hist[attr][keep]
        values: dict[str, float] = {}
        if len(h):
            p = h / h.sum(axis=1, keepdims=True)
            with np.errstate(divide="ignore", invalid="ignore"):
                ent = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=1)
            values["distinct_l"] = float(np.count_nonzero(h, axis=1).min())
            values["entropy_l"] = float(np.exp(ent.min()))
            sub = _subset(part, keep)
            stats = _stats(table, sub)
            values["t_equal"] = float(
                t_distance(stats, TCloseness(attribute=attr, t=1, distance="equal")).max()
            )
            if table.sensitive_info[attr].level_codes is not None:
                values["t_hierarchical"] = float(
                    t_distance(
                        stats, TCloseness(attribute=attr, t=1, distance="hierarchical")
                    ).max()
                )
        diversity[attr] = values
    return risk, diversity


def _add(table: Table, cfg: AnonymizeConfig) -> utility.Additive | None:
    return utility.additive(table, cfg.utility) if cfg.utility in utility.ADDITIVE else None


def _subset(part: Partition, keep: np.ndarray) -> Partition:
    return Partition(part.rep[keep], part.size[keep], {k: v[keep] for k, v in part.hist.items()})


def _stats(table: Table, part: Partition) -> Any:
    from medprivacy.anonymize.search import class_stats

    return class_stats(table, part)
