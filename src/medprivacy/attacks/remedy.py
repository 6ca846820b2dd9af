"""``remedy: anonymize``: a released table that fails its attack suite is re-anonymized with the
suite's own thresholds as the privacy models, written in place of the failing table, and attacked
again.

The failing version moves to ``private/<output>/failed/`` (never released); the new table is
reported as the step's released file, so the manifest lists its hash, not the failing one's.
Hierarchies come from the table spec's ``anonymize:`` section where the table was released by a
``deid_tables`` step of the pipeline and its rules place the released values, else from
:func:`medprivacy.anonymize.propose` (built-ins chosen by each column's shape).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medprivacy.attacks.suite import SuiteRun
from medprivacy.errors import ConfigError, InputError

if TYPE_CHECKING:
    import polars as pl

    from medprivacy.anonymize import AnonymizeConfig, HierarchySpec
    from medprivacy.pipeline import RunContext


@dataclass
class Remedy:
    """What the remedy did: the models, the released figures, what it could not cover."""

    table: str
    models: list[dict[str, Any]]
    uncovered: list[str]
    hierarchies: dict[str, str]  # column -> where its hierarchy came from
    figures: dict[str, Any] = field(default_factory=dict)  # released figures (release-safe)
    private: dict[str, Any] = field(default_factory=dict)  # Pareto front, tradeoff, levels
    failed_copy: str = ""  # run-relative path of the failing version (private/)
    error: str = ""  # why no remedy was possible (the failing table then stays and blocks)


def thresholds_of(run: SuiteRun) -> tuple[dict[str, float], float]:
    """Each figure's ``fail_above`` in the suite, and the per-record risk counted as "above"."""
    limits: dict[str, float] = {}
    risk_threshold = 0.09
    for r in run.results:
        if r.threshold is not None:
            limits[r.metric] = min(limits.get(r.metric, 1.0), r.threshold.fail_above)
        if "risk_threshold" in r.details:
            risk_threshold = float(r.details["risk_threshold"])
    return limits, risk_threshold


def spec_hierarchies(ctx: RunContext, table: str) -> tuple[dict[str, HierarchySpec], Path | None]:
    """The ``anonymize:`` hierarchies of the table spec that released ``table`` (if any)."""
    from medprivacy.deid.table.spec import load_release_spec

    folder, name = Path(table).parts[0], Path(table).stem
    for _, step in ctx.spec.built:
        if getattr(step.config, "output", None) != folder or not hasattr(step.config, "spec"):
            continue
        spec = load_release_spec(ctx.resolve(step.config.spec))
        section = spec.tables[name].anonymize if name in spec.tables else None
        if section is not None and section.config is not None:
            base = spec.source.parent if spec.source is not None else None
            return dict(section.config.quasi_identifiers), base
    return {}, None


def remedy_config(
    frame: pl.DataFrame,
    qis: list[str],
    models: list[Any],
    limit: float,
    declared: dict[str, HierarchySpec],
    base_dir: Path | None,
) -> tuple[AnonymizeConfig, dict[str, str]]:
    """The remedy's config: declared hierarchies where they place every released value, else
    proposed ones; returns it with each column's source ("spec" or "proposed <kind>")."""
    import polars as pl

    from medprivacy.anonymize import AnonymizeConfig, propose

    absent = next((q for q in qis if q not in frame.columns), None)
    if absent is not None:
        raise ConfigError(f"remedy: quasi-identifier {absent!r} is not a column of the table")
    pdf = frame.select(qis).to_pandas()
    proposed = propose(pdf, qis)
    chosen: dict[str, HierarchySpec] = {}
    source: dict[str, str] = {}
    for q in qis:
        rule = declared.get(q)
        if rule is not None and frame[q].null_count() == 0:
            values = frame[q].cast(pl.String).unique().to_list()
            try:
                hierarchy = rule.build(q, values, base_dir)
                hierarchy.codes([str(v) for v in values], q)
            except (ConfigError, InputError):
                rule = None  # generalized already, or values the rule does not know
        if rule is None:
            rule = proposed[q]
            if frame[q].null_count() and rule.kind in ("intervals", "dates"):
                rule = type(rule)(kind="groups", groups=[])  # a missing value fits only these
            if rule.kind == "groups" and not rule.groups:
                rule = _capped_numbers(pdf[q]) or rule
            source[q] = f"proposed {rule.kind}"
        else:
            source[q] = "spec"
        chosen[q] = rule
    cfg = AnonymizeConfig(quasi_identifiers=chosen, models=models, suppression_limit=limit)
    return cfg, source


def _capped_numbers(column: Any) -> HierarchySpec | None:
    """Numbers with a few labels beside them (Safe Harbor's ``<=1927`` or ``90+``): intervals
    for the numbers, each label its own group up to the top; None for any other column."""
    import pandas as pd

    from medprivacy.anonymize import HierarchySpec, propose
    from medprivacy.anonymize.hierarchy import TOP, intervals

    values = column.dropna().astype(str)
    numeric = pd.to_numeric(values, errors="coerce")
    labels = sorted(set(values[numeric.isna()]))
    if not labels or numeric.notna().mean() < 0.9:
        return None
    widths = propose(pd.DataFrame({"v": numeric.dropna()}), ["v"])["v"].widths
    if widths is None:
        return None
    numbers = sorted(set(values[numeric.notna()]))
    ladder = intervals("v", numbers, widths)
    rows = [[ladder.labels[lv][i] for lv in range(ladder.height)] for i in range(len(numbers))]
    rows += [[label] * (ladder.height - 1) + [TOP] for label in labels]
    return HierarchySpec(kind="rows", rows=rows)


def remedy_table(
    ctx: RunContext,
    table: str,
    run: SuiteRun,
    qis: list[str],
    limit: float,
    out_dir: Path,
    population_size: int | None,
    population: Path | None,
) -> Remedy:
    """Re-anonymize ``release/<table>`` against ``run``'s thresholds and put it in place of the
    failing one (moved to ``out_dir/failed/``). On failure the table is left as it was."""
    from medprivacy.anonymize.remedy import models_for_thresholds
    from medprivacy.deid.table.anonymize import (
        ModelNotMet,
        anonymize_frame,
        private_document,
        released_figures,
    )
    from medprivacy.deid.table.engine import _read, _write_atomic
    from medprivacy.deid.table.spec import TableAnonymize

    limits, risk_threshold = thresholds_of(run)
    models, uncovered = models_for_thresholds(
        limits,
        risk_threshold=risk_threshold,
        population_size=population_size,
        population_path=str(population) if population is not None else None,
    )
    out = Remedy(table, [m.model_dump(exclude={"population_path"}) for m in models], uncovered, {})
    if not models:
        out.error = "no figure of the suite maps to a privacy model"
        return out
    path = ctx.release_dir / table
    frame = _read(Path(table).stem, path)
    declared, base = spec_hierarchies(ctx, table)
    cfg, out.hierarchies = remedy_config(frame, qis, models, limit, declared, base)
    try:
        done = anonymize_frame(
            Path(table).stem, frame, TableAnonymize(config=cfg), ctx.resolve, base
        )
    except ModelNotMet as exc:
        out.error = str(exc)
        return out
    out.figures = released_figures(done.report)
    out.private = private_document(done)
    failed = out_dir / "failed" / table
    failed.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, failed)  # the failing version is never in release/ again
    _write_atomic(done.frame, path, escape=True)
    out.failed_copy = failed.relative_to(ctx.private_dir.parent).as_posix()
    return out
