"""A table's ``anonymize:`` section, applied after its rules to the released quasi-identifiers.

The released frame's quasi-identifiers go through :func:`medprivacy.anonymize.anonymize` (or
:func:`~medprivacy.anonymize.apply` for a saved transformation); the rows it suppresses are left
out of that table and the quasi-identifiers become their generalized labels. What the release may
say (:func:`released_figures`) is computed from the released table itself; the risk-vs-utility
table over the lattice and the transformation stay in private/.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from medprivacy.errors import ConfigError, InputError, MedPrivacyError

if TYPE_CHECKING:
    from medprivacy.anonymize import AnonymizationReport, Transformation
    from medprivacy.deid.table.spec import TableAnonymize

MISSING = ""  # a missing quasi-identifier is its own value (written back as empty)
NEEDS_VALUES = ("intervals", "dates")  # built-ins that cannot place a missing value

RELEASE_SAFE = (
    "classes, smallest class, highest and average prosecutor risk: counted on the released "
    "table itself (masked records, every quasi-identifier *, are one class of it); suppressed: "
    "records dropped, or masked; utility: the loss against the "
    "input's distinct values per quasi-identifier (counts only, never a value)"
)


class ModelNotMet(MedPrivacyError):
    """The privacy models cannot be met within the suppression limit (nothing was written)."""


@dataclass
class Anonymized:
    """A table after its ``anonymize:`` section: the frame, the report, the tradeoff rows."""

    frame: pl.DataFrame
    report: AnonymizationReport
    tradeoff: list[dict[str, Any]] = field(default_factory=list)


def load_transformation(path: Path, table: str) -> Transformation:
    """A saved transformation (``<table>.transformation.json``); a bad file is one line."""
    from pydantic import ValidationError

    from medprivacy.anonymize import Transformation

    try:
        return Transformation.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise ConfigError(
            f"{table}: anonymize apply: cannot read {path.name} ({exc.strerror})"
        ) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{table}: anonymize apply: {path.name}: {where}: {err['msg']}") from None


def _config(section: TableAnonymize, table: str, resolve: Any) -> tuple[Any, Any]:
    """The config to search under, or the saved transformation to apply (one is None)."""
    if section.apply is not None:
        tr = load_transformation(resolve(section.apply), table)
        return tr.config, tr
    return section.config, None


def _frame(name: str, frame: pl.DataFrame, cfg: Any) -> Any:
    """The quasi-identifiers and sensitive attributes as a pandas frame of text."""
    cols = [*cfg.quasi_identifiers, *cfg.sensitive_attributes]
    absent = next((c for c in cols if c not in frame.columns), None)
    if absent is not None:
        raise ConfigError(f"{name}.{absent}: anonymize names a column the release does not have")
    for col, rule in cfg.quasi_identifiers.items():
        nulls = frame[col].null_count()
        if nulls and rule.kind in NEEDS_VALUES:
            raise InputError(
                f"{name}.{col}: {nulls} missing value(s) in a quasi-identifier whose hierarchy is "
                f"{rule.kind} (use rows, csv or groups, which can list the empty value)"
            )
    text = frame.select(pl.col(c).cast(pl.String) for c in dict.fromkeys(cols))
    qis = list(cfg.quasi_identifiers)
    return text.with_columns(pl.col(qis).fill_null(MISSING)).to_pandas()


def check_section(
    name: str, frame: pl.DataFrame, section: TableAnonymize, resolve: Any, base_dir: Path | None
) -> str:
    """What a plan can check on the released values: the columns, every hierarchy built and every
    value placed in it (the search itself runs with the release). Returns a line for the plan."""
    from medprivacy.anonymize.api import prepare

    cfg, tr = _config(section, name, resolve)
    data = _frame(name, frame, cfg)
    try:
        prepare(data, cfg, base_dir)
    except (ConfigError, InputError) as exc:
        raise type(exc)(f"{name}: {exc}") from None
    what = "re-applies a saved transformation" if tr is not None else "searches"
    models = ", ".join(m.kind for m in cfg.models)
    return (
        f"{name}: anonymize {what} on {len(cfg.quasi_identifiers)} quasi-identifier(s) "
        f"({models}); hierarchies hold every released value"
    )


def anonymize_frame(
    name: str, frame: pl.DataFrame, section: TableAnonymize, resolve: Any, base_dir: Path | None
) -> Anonymized:
    """Generalize and suppress ``frame`` (a released table) until the section's models hold.

    Raises :class:`ModelNotMet` when they cannot be met within the suppression limit (or a
    saved transformation no longer meets them); other errors name the table, never a value.
    """
    from medprivacy.anonymize import anonymize, apply, tradeoff

    cfg, tr = _config(section, name, resolve)
    data = _frame(name, frame, cfg)
    try:
        if tr is not None:
            out, report = apply(data, tr, base_dir)
        else:
            out, report = anonymize(data, cfg, base_dir)
    except (ConfigError, InputError) as exc:
        raise type(exc)(f"{name}: {exc}") from None
    except MedPrivacyError as exc:
        raise ModelNotMet(f"{name}: {exc}") from None
    keep = np.zeros(frame.height, dtype=bool)
    keep[out.index.to_numpy()] = True
    generalized = [
        pl.Series(c, out[c].astype(str).to_numpy(), dtype=pl.String).replace(MISSING, None)
        for c in cfg.quasi_identifiers
    ]
    released = frame.filter(pl.Series(keep)).with_columns(generalized)
    rows: list[dict[str, Any]] = []
    if tr is None and section.tradeoff:
        rows = tradeoff(data, cfg, section.tradeoff, base_dir)
    return Anonymized(released, report, rows)


def released_figures(report: AnonymizationReport) -> dict[str, Any]:
    """What the release says about a table's anonymization: levels, counts, utility, risk."""
    tr = report.transformation
    return {
        "method": report.method,
        "models": [m.model_dump(exclude={"population_path"}) for m in tr.config.models]
        if tr
        else [],
        "suppression_limit": tr.config.suppression_limit if tr else None,
        "levels": dict(tr.levels) if tr else {},
        "satisfied": report.satisfied,
        "optimal": report.optimal,
        "records": report.records,
        "released": report.released,
        "suppressed": report.suppressed,
        "classes": report.classes,
        "utility": {"measure": report.measure, "loss": report.loss, **report.utility},
        "risk": {
            k: report.risk[k]
            for k in ("highest_prosecutor", "average_prosecutor", "smallest_class")
            if k in report.risk
        },
        "release_safe": RELEASE_SAFE,
    }


def private_document(result: Anonymized) -> dict[str, Any]:
    """The steward's view: the full report with the Pareto front the search met and the
    optimum per highest-risk threshold (computed on unreleased nodes: private/ only)."""
    report = result.report
    return {
        "report": json.loads(report.model_dump_json(exclude={"transformation"})),
        "levels": dict(report.transformation.levels) if report.transformation else {},
        "pareto": report.frontier,
        "tradeoff": result.tradeoff,
    }
