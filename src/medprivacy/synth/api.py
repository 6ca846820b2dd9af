"""``synthesize``: the stable Python entry point."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from medprivacy.errors import ConfigError
from medprivacy.synth.base import Synthesizer, get_synthesizer
from medprivacy.synth.spec import SynthSpec, as_spec

if TYPE_CHECKING:
    from medprivacy.budget import Ledger
    from medprivacy.executor import Executor, ExecutorConfig
    from medprivacy.synth.relational_spec import RelationalSpec

log = logging.getLogger(__name__)


def synthesize(
    df: pd.DataFrame | dict[str, pd.DataFrame] | str | Path | list[pd.DataFrame],
    spec: SynthSpec | RelationalSpec | dict[str, Any],
    method: str = "aim",
    epsilon: float = 1.0,
    n_rows: int | None = None,
    *,
    delta: float = 1e-6,
    ledger: Ledger | str | Path | None = None,
    dataset: str | None = None,
    seed: int | None = None,
    options: dict[str, Any] | None = None,
    return_synthesizer: bool = False,
    executor: ExecutorConfig | Executor | None = None,
) -> Any:
    """Synthetic rows of the spec's columns, with the dtypes the spec declares.

    ``method``: ``aim`` (default), ``mst``, ``independent`` — (ε, δ)-DP per row, or per patient
    with ``privacy_unit`` in the spec (add/remove adjacency) — or ``gaussian_copula`` / ``ctgan``
    (SDV; **no formal privacy guarantee**, ``epsilon`` ignored). ``n_rows`` defaults to the noisy
    row count (DP methods) or the input's row count (SDV). With ``ledger`` (a
    ``medprivacy.budget.Ledger``, or a path whose key comes from ``MEDPRIVACY_KEY``) and
    ``dataset``, DP methods record (ε, δ) and the privacy unit in the budget ledger before any
    noisy measurement and raise ``medprivacy.budget.BudgetExceeded`` when the budget cannot cover
    it; without a ledger a warning says that nothing records the spend. ``seed`` fixes only
    non-private randomness (sampling from the fitted model), never DP noise.

    ``method="relational"`` takes a dict of tables (name -> DataFrame) and a relational spec
    (``patient_table``, ``tables`` with keys, declared columns, ``max_children``; see
    :mod:`medprivacy.synth.relational_spec`) and returns a dict of synthetic tables: (ε, δ)-DP
    per patient across all tables, charged to the ledger once for the whole release; ``n_rows``
    is then the number of synthetic patients.

    A partitioned table (a directory of Parquet files, one Parquet file, or a list of DataFrames:
    their concatenation in order) is fitted by ``aim``, ``mst`` and ``independent`` from exact
    count tables counted per part on ``executor`` (an ``ExecutorConfig``, e.g. a Dask cluster,
    or an open executor; default: this process) and merged, then measured once each; the
    per-patient bound holds over the whole table (:mod:`medprivacy.counts`).

    With ``return_synthesizer=True`` returns ``(table, synthesizer)`` (its ``privacy()`` describes
    the guarantee).
    """
    if method == "relational" or isinstance(df, dict):
        return _relational(
            df, spec, method, epsilon, n_rows, delta, ledger, dataset, seed, options,
            return_synthesizer,
        )  # fmt: skip
    if not isinstance(spec, SynthSpec | dict):
        raise ConfigError(f"method {method!r} takes a synth spec with `columns`")
    parsed = as_spec(spec)
    cls = get_synthesizer(method)
    if (ledger is None) != (dataset is None):
        raise ConfigError("give both ledger and dataset, or neither")
    kwargs: dict[str, Any] = dict(options or {})
    synth: Synthesizer = (
        cls(epsilon=epsilon, delta=delta, seed=seed, **kwargs)
        if cls.is_dp
        else cls(seed=seed, **kwargs)
    )

    if cls.is_dp and ledger is None:
        log.warning(
            "synthesize: no ledger given, so nothing records this (ε=%g, δ=%g) spend",
            epsilon,
            delta,
        )

    def spend() -> None:
        if ledger is None or dataset is None or not cls.is_dp:
            return
        from medprivacy.budget import Ledger

        book = ledger if isinstance(ledger, Ledger) else Ledger(ledger)
        pu = parsed.privacy_unit
        unit: dict[str, Any] = (
            {"id": pu.id, "max_rows": pu.max_rows} if pu else {"id": None, "max_rows": 1}
        )
        if pu and pu.entity:
            unit["entity"] = pu.entity
        synth.ledger_entry = book.spend(
            dataset,
            epsilon=float(epsilon),
            delta=float(delta),
            label=f"synth:{method}",
            mechanism=synth.mechanism,
            meta=_meta(parsed, synth),
            unit=unit,
        ).seq

    if isinstance(df, pd.DataFrame):
        synth.fit(df, parsed, before_measure=spend)
    else:
        _fit_partitioned(synth, df, parsed, executor, spend)
    out = synth.sample(n_rows)
    return (out, synth) if return_synthesizer else out


def _fit_partitioned(
    synth: Synthesizer,
    source: Any,
    spec: SynthSpec,
    executor: ExecutorConfig | Executor | None,
    spend: Any,
) -> None:
    """``synth`` fitted on a partitioned ``source``, its parts counted on ``executor``."""
    from medprivacy.executor import ExecutorConfig, open_executor

    if executor is None or isinstance(executor, ExecutorConfig):
        config = executor or ExecutorConfig()
        with open_executor(config, config.workers or 1) as opened:
            synth.fit_partitioned(source, spec, executor=opened, before_measure=spend)
    else:
        synth.fit_partitioned(source, spec, executor=executor, before_measure=spend)


def _meta(spec: SynthSpec, synth: Synthesizer) -> dict[str, Any]:
    """What the ledger records: method, accounting and column names, never data values."""
    info = synth.privacy()
    return {
        "method": info["method"],
        "rho": info.get("rho"),
        "adjacency": info.get("adjacency"),
        "unit": info.get("unit"),
        "columns": list(spec.columns),
    }


def relational_unit(spec: Any) -> dict[str, Any]:
    """The ledger's privacy unit of a relational release: the patient, all their rows."""
    pt = spec.tables[spec.patient_table]
    rows = 1 + sum(t.max_children or 0 for n, t in spec.tables.items() if n != spec.patient_table)
    return {"id": f"{spec.patient_table}.{pt.primary_key}", "max_rows": rows, "entity": "patient"}


def _relational(
    tables: Any,
    spec: Any,
    method: str,
    epsilon: float,
    n_patients: int | None,
    delta: float,
    ledger: Ledger | str | Path | None,
    dataset: str | None,
    seed: int | None,
    options: dict[str, Any] | None,
    return_synthesizer: bool,
) -> Any:
    """:func:`synthesize` for ``method="relational"`` (a dict of tables in and out)."""
    from medprivacy.synth.relational import Relational
    from medprivacy.synth.relational_spec import as_relational_spec

    if method != "relational":
        raise ConfigError(f"a dict of tables is synthesized by method 'relational', not {method!r}")
    if not isinstance(tables, dict):
        raise ConfigError("method 'relational' takes a dict of tables (name -> DataFrame)")
    if (ledger is None) != (dataset is None):
        raise ConfigError("give both ledger and dataset, or neither")
    parsed = as_relational_spec(spec)
    synth = Relational(epsilon=epsilon, delta=delta, seed=seed, **dict(options or {}))
    if ledger is None:
        log.warning(
            "synthesize: no ledger given, so nothing records this (ε=%g, δ=%g) spend",
            epsilon,
            delta,
        )

    def spend() -> None:
        if ledger is None or dataset is None:
            return
        from medprivacy.budget import Ledger

        book = ledger if isinstance(ledger, Ledger) else Ledger(ledger)
        info = synth.privacy()
        synth.ledger_entry = book.spend(
            dataset,
            epsilon=float(epsilon),
            delta=float(delta),
            label="synth:relational",
            mechanism=synth.mechanism,
            meta={
                "method": "relational",
                "rho": info.get("rho"),
                "adjacency": info.get("adjacency"),
                "tables": {n: list(t.names) for n, t in parsed.tables.items()},
            },
            unit=relational_unit(parsed),
        ).seq

    synth.fit(tables, parsed, before_measure=spend)
    out = synth.sample_tables(n_patients)
    return (out, synth) if return_synthesizer else out
