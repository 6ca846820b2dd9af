"""The ``synthesize`` pipeline step: a synthetic table and its privacy statement.

Released (``release/<output>/``): only DP outputs and public configuration, ``synthetic.csv``
and ``privacy.json`` (method, guarantee, ε/δ/ρ, adjacency, unit, the table the guarantee covers,
ledger entry; the row count is the noisy one, or the configured ``n_rows``). The fidelity report
(``fidelity.json``, ``fidelity.png``) is computed from the real rows without noise, so it is
internal evidence for the steward and goes to ``private/<output>/``. DP methods charge the
pipeline's ledger before any noisy measurement.

``holdout`` keeps a share of the patients (or rows) out of fitting. Each patient's side is a keyed
hash (the pipeline key) of their own id against the share, so one patient's presence moves nobody
else and the split stays secret; the guarantee then covers every patient of the input table. The
control set the attack step needs goes to ``private/<output>/members.csv`` / ``non_members.csv``:
the synthesized columns and ``medprivacy_unit`` (a keyed pseudonym of the patient id, or of the
row number without a privacy unit), never whole input rows.
"""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from pydantic import Field

from medprivacy.errors import ConfigError, InputError
from medprivacy.fileio import TMP_PREFIX, atomic_write_json, atomic_write_text, sha256_file
from medprivacy.pipeline import RunContext, StepResult
from medprivacy.plan import Charge, StepPlan
from medprivacy.spec import Step, StepConfig, load_yaml, private_field, read_text, steps
from medprivacy.synth.contributions import cell_text, has_unit_id
from medprivacy.synth.table import read_synth_table

if TYPE_CHECKING:
    from medprivacy.budget import Ledger
    from medprivacy.keys import Key
    from medprivacy.synth.relational_spec import RelationalSpec
    from medprivacy.synth.spec import SynthSpec

UNIT_COLUMN = "medprivacy_unit"


class SynthesizeConfig(StepConfig):
    """Fields of a ``synthesize`` step."""

    input: Path | None = private_field(
        None, description="Table to synthesize (CSV or Parquet); relational: see `inputs`."
    )
    inputs: dict[str, Path] | None = private_field(
        None,
        description="Method relational: table name -> file (default: each table's `input` in "
        "the spec, relative to the spec).",
    )
    spec: Path = private_field(
        description="Synth spec YAML: columns, privacy_unit, target; or, for method relational, "
        "patient_table and tables."
    )
    method: str = "aim"
    epsilon: float = Field(1.0, gt=0)
    delta: float = Field(1e-6, gt=0, lt=1)
    dataset: str | None = Field(None, description="Ledger dataset (required for DP methods).")
    n_rows: int | None = Field(None, ge=0)
    holdout: float = Field(0.0, ge=0, lt=1, description="Share kept out of fitting (controls).")
    output: str = Field("synthetic", pattern=r"^[A-Za-z0-9_-]+$", description="Folder in release/.")


def load_synth_spec(path: Path) -> dict[str, Any]:
    _, data = load_yaml(read_text(path, "synth spec"), str(path))
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a synth spec is a mapping with `columns`")
    return data


@steps.register("synthesize")
class Synthesize(Step):
    """Fit a synthesizer on one table and release synthetic rows."""

    Config = SynthesizeConfig
    config: SynthesizeConfig

    def _relational(self, ctx: RunContext) -> tuple[RelationalSpec, dict[str, pd.DataFrame]]:
        """The relational spec and its tables, with the configuration checked."""
        from medprivacy.budget import check_loss
        from medprivacy.synth.relational_spec import as_relational_spec

        cfg = self.config
        check_loss(cfg.epsilon, cfg.delta)
        if not cfg.dataset:
            raise ConfigError("synthesize: method 'relational' needs `dataset` (ledger)")
        if cfg.holdout > 0:
            raise ConfigError("synthesize: method 'relational' takes no holdout")
        if cfg.input is not None:
            raise ConfigError("synthesize: method 'relational' reads `inputs` (one per table)")
        path = ctx.resolve(cfg.spec)
        parsed = as_relational_spec(load_synth_spec(path))
        paths = {n: ctx.resolve(p) for n, p in (cfg.inputs or {}).items()}
        return parsed, read_relational_tables(parsed, path, paths)

    def _checked(self, ctx: RunContext) -> tuple[SynthSpec, bool]:
        """The synth spec and whether the method is DP, with the configuration checked."""
        from medprivacy.budget import check_loss
        from medprivacy.synth.base import get_synthesizer
        from medprivacy.synth.spec import as_spec

        cfg = self.config
        check_loss(cfg.epsilon, cfg.delta)
        if cfg.input is None:
            raise ConfigError(f"synthesize: method {cfg.method!r} needs `input` (one table)")
        if cfg.inputs is not None:
            raise ConfigError("synthesize: `inputs` (several tables) is for method 'relational'")
        parsed = as_spec(load_synth_spec(ctx.resolve(cfg.spec)))
        is_dp = get_synthesizer(cfg.method).is_dp
        if is_dp and not cfg.dataset:
            raise ConfigError(f"synthesize: method {cfg.method!r} needs `dataset` (ledger)")
        check_row_count(cfg.method, cfg.n_rows)
        return parsed, is_dp

    def plan(self, ctx: RunContext) -> StepPlan:
        """The configuration, the spec and the table against it (the checks fitting makes
        before it measures anything), and the (ε, δ) a DP method will charge."""
        cfg = self.config
        if (ctx.release_dir / cfg.output / "privacy.json").exists():
            return StepPlan(notes=["released by an earlier attempt: resumes without paying"])
        if cfg.method == "relational":
            return self._plan_relational(ctx)
        parsed, is_dp = self._checked(ctx)
        assert cfg.input is not None
        path = ctx.resolve(cfg.input)
        if path.is_dir():
            checks = [self._plan_partitioned(ctx, parsed, path)]
            holdout_rows = None
        else:
            table = read_synth_table(path)
            checks, holdout_rows = self._plan_table(ctx, parsed, path, table)
        columns = list(parsed.columns)
        writes = {f"{cfg.output}/{name}": columns for name in RELEASED}
        if holdout_rows is not None:  # the attack step's controls (see attack_view)
            for name in ("members.csv", "non_members.csv"):
                writes[f"private:{cfg.output}/{name}"] = [*columns, UNIT_COLUMN]
        return self._plan_charge(parsed, is_dp, checks, writes)

    def _plan_partitioned(self, ctx: RunContext, parsed: SynthSpec, path: Path) -> str:
        """A partitioned input counted as fitting counts it (every kept cell checked)."""
        from medprivacy.counts import PartitionedCodes, partitions
        from medprivacy.executor import open_executor

        check_partitioned(self.config.method, self.config.holdout)
        parts = partitions(path)
        with open_executor(ctx.executor, ctx.executor.workers or 1) as ex:
            codes = PartitionedCodes(parts, parsed, ex)
        return f"{path.name}: {len(parts.parts)} partitions, {codes.rows} rows to fit"

    def _plan_table(
        self, ctx: RunContext, parsed: SynthSpec, path: Path, table: pd.DataFrame
    ) -> tuple[list[str], int | None]:
        from medprivacy.synth.contributions import bound_contributions
        from medprivacy.synth.encode import encode_checked

        cfg = self.config
        try:
            members, holdout = split_holdout(table, parsed, cfg.holdout, ctx.key)
            fitted = bound_contributions(members.reset_index(drop=True), parsed)
            encode_checked(fitted, parsed)
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
        held = 0 if holdout is None else len(holdout)
        checks = [f"{path.name}: {len(table)} rows, {held} held out, {len(fitted)} to fit"]
        return checks, None if holdout is None else held

    def _plan_charge(
        self, parsed: SynthSpec, is_dp: bool, checks: list[str], writes: dict[str, list[str]]
    ) -> StepPlan:
        from medprivacy.synth.accounting import rho_for
        from medprivacy.synth.base import DPSynthesizer, get_synthesizer

        cfg = self.config
        if not is_dp:
            notes = [f"{cfg.method}: no formal privacy guarantee"]
            return StepPlan(checks=checks, notes=notes, writes=writes)
        unit = parsed.privacy_unit
        ledger_unit: dict[str, Any] = {"id": unit.id if unit else None, "max_rows": parsed.max_rows}
        if unit and unit.entity:
            ledger_unit["entity"] = unit.entity
        assert cfg.dataset is not None  # checked by _checked
        notes = ["no accuracy is stated in advance: fidelity is measured after fitting (private/)"]
        cls = get_synthesizer(cfg.method)
        rho: float | None = rho_for(cfg.epsilon, cfg.delta)
        if issubclass(cls, DPSynthesizer) and not cls.zcdp:  # its (ε, δ) is no ρ's conversion
            rho = None
            notes.insert(0, f"{cfg.method}: (ε, δ) is RDP-accounted, not converted from a zCDP ρ")
        charge = Charge(cfg.dataset, cfg.epsilon, cfg.delta, rho, ledger_unit)
        return StepPlan(charge=charge, checks=checks, notes=notes, writes=writes)

    def _plan_relational(self, ctx: RunContext) -> StepPlan:
        """The relational spec, every table against it (keys, declared columns, per-patient
        bounds: what fitting checks before it measures), and the (ε, δ) it will charge."""
        from medprivacy.synth.accounting import rho_for
        from medprivacy.synth.api import relational_unit
        from medprivacy.synth.relational import Relational, link, released_columns

        cfg = self.config
        parsed, tables = self._relational(ctx)
        Relational(epsilon=cfg.epsilon, delta=cfg.delta).model_tables(tables, parsed)
        kept, _ = link(parsed, tables, truncate=True)
        checks = [f"{n}: {len(tables[n])} rows, {len(kept[n])} to fit" for n in parsed.order()]
        assert cfg.dataset is not None
        charge = Charge(
            cfg.dataset,
            cfg.epsilon,
            cfg.delta,
            rho_for(cfg.epsilon, cfg.delta),
            relational_unit(parsed),
        )
        note = "no accuracy is stated in advance: fidelity is measured after fitting (private/)"
        writes = {f"{cfg.output}/{n}.csv": released_columns(parsed, n) for n in parsed.tables}
        writes[f"{cfg.output}/privacy.json"] = []
        return StepPlan(charge=charge, checks=checks, notes=[note], writes=writes)

    def _run_relational(self, ctx: RunContext) -> StepResult:
        cfg = self.config
        parsed, tables = self._relational(ctx)
        rel = ctx.release_dir / cfg.output
        privacy = release_relational(
            tables,
            parsed,
            cfg.epsilon,
            cfg.delta,
            cfg.n_rows,
            rel,
            ctx.private_dir / cfg.output,
            ledger=ctx.ledger(),
            dataset=cfg.dataset,
        )
        names = [f"{n}.csv" for n in parsed.tables] + ["privacy.json"]
        files = {f"{cfg.output}/{n}": sha256_file(rel / n) for n in names}
        rows = privacy["rows"]
        summary = {"method": cfg.method, "rows": rows, "guarantee": privacy["guarantee"]}
        counts = ", ".join(f"{v} {k}" for k, v in privacy["rows_per_table"].items())
        line = f"synthesize: {counts} by relational; {privacy['guarantee']}"
        private = {"input_rows": {n: len(df) for n, df in tables.items()}}
        return StepResult(summary, private, files, [line])

    def run(self, ctx: RunContext) -> StepResult:
        cfg = self.config
        rel = ctx.release_dir / cfg.output
        if (rel / "privacy.json").exists():  # a resumed run: never pay twice for one release
            files = {f"{cfg.output}/{p.name}": sha256_file(p) for p in sorted(rel.iterdir())}
            return StepResult({"resumed": True}, {}, files, ["synthesize: already released"])
        if cfg.method == "relational":
            return self._run_relational(ctx)
        parsed, is_dp = self._checked(ctx)
        assert cfg.input is not None
        priv = ctx.private_dir / cfg.output
        if ctx.resolve(cfg.input).is_dir():
            check_partitioned(cfg.method, cfg.holdout)
            privacy, evidence = release_partitioned(
                ctx.resolve(cfg.input),
                parsed,
                cfg.method,
                cfg.epsilon,
                cfg.delta,
                cfg.n_rows,
                rel,
                priv,
                ledger=ctx.ledger() if is_dp else None,
                dataset=cfg.dataset if is_dp else None,
                executor=ctx.executor,
            )
            files = {f"{cfg.output}/{n}": sha256_file(rel / n) for n in RELEASED}
            rows = privacy["rows"]
            summary = {"method": cfg.method, "rows": rows, "guarantee": privacy["guarantee"]}
            line = f"synthesize: {rows} rows by {cfg.method} (partitioned input); "
            return StepResult(summary, evidence, files, [line + privacy["guarantee"]])
        table = read_synth_table(ctx.resolve(cfg.input))
        members, holdout = split_holdout(table, parsed, cfg.holdout, ctx.key)
        if holdout is not None:  # before privacy.json, which marks the step done
            _write_csv(attack_view(members, parsed, ctx.key), priv / "members.csv")
            _write_csv(attack_view(holdout, parsed, ctx.key), priv / "non_members.csv")
        privacy, evidence = release_synthetic(
            members.reset_index(drop=True),
            parsed,
            cfg.method,
            cfg.epsilon,
            cfg.delta,
            cfg.n_rows,
            rel,
            priv,
            ledger=ctx.ledger() if is_dp else None,
            dataset=cfg.dataset if is_dp else None,
            test=None if holdout is None else holdout.reset_index(drop=True),
            holdout=cfg.holdout,
        )
        files = {f"{cfg.output}/{n}": sha256_file(rel / n) for n in RELEASED}
        rows = privacy["rows"]
        summary = {"method": cfg.method, "rows": rows, "guarantee": privacy["guarantee"]}
        line = f"synthesize: {rows} rows by {cfg.method}; {privacy['guarantee']}"
        private = {"holdout_rows": 0 if holdout is None else len(holdout), **evidence}
        return StepResult(summary, private, files, [line])


RELEASED = ("synthetic.csv", "privacy.json")


def release_synthetic(
    real: pd.DataFrame,
    spec: SynthSpec | dict[str, Any],
    method: str,
    epsilon: float,
    delta: float,
    n_rows: int | None,
    out: Path,
    private: Path,
    *,
    ledger: Ledger | Path | None = None,
    dataset: str | None = None,
    test: pd.DataFrame | None = None,
    holdout: float = 0.0,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Synthesize ``real``: ``synthetic.csv`` and ``privacy.json`` (its presence marks the
    release done) in ``out``, moved there together once all is written (:func:`staged`); the
    fidelity report (``fidelity.json`` / ``.png``, exact figures
    from the real rows) in ``private``. Returns what ``privacy.json`` says and the private
    evidence (real-data counts, for the private summary only)."""
    from medprivacy.synth.api import synthesize
    from medprivacy.synth.evaluate import fidelity_report, plot_report
    from medprivacy.synth.spec import as_spec

    parsed = as_spec(spec)
    check_row_count(method, n_rows)
    table, synth = synthesize(
        real,
        parsed,
        method,
        epsilon,
        n_rows,
        delta=delta,
        ledger=ledger,
        dataset=dataset,
        return_synthesizer=True,
    )
    with staged(out) as stage:  # nothing in ``out`` until privacy.json is written too
        _write_csv(table, stage / "synthetic.csv")
        privacy = _privacy(synth, table, parsed, n_rows, holdout, dataset)
        report = fidelity_report(real, table, parsed, test=test)
        atomic_write_json(private / "fidelity.json", report.to_dict())
        plot_report(report, private / "fidelity.png", title=f"{method} ε={epsilon:g}")
        atomic_write_json(stage / "privacy.json", privacy)
    evidence = {"input_rows": len(real)}
    return privacy, evidence


def _privacy(
    synth: Any,
    table: pd.DataFrame,
    parsed: SynthSpec,
    n_rows: int | None,
    holdout: float,
    dataset: str | None,
) -> dict[str, Any]:
    """What ``privacy.json`` says of a one-table release."""
    privacy: dict[str, Any] = synth.privacy()
    privacy["rows"] = len(table)
    privacy["rows_from"] = "n_rows (configuration)" if n_rows is not None else "the noisy count"
    privacy["table"] = covered_table(parsed, holdout)
    privacy["public"] = (
        "the synth spec (columns, declared domains, bounds, bins, date ranges and formats, "
        "privacy unit, target), the method and its options, epsilon, delta, n_rows, holdout share"
    )
    if holdout > 0:
        privacy["holdout"] = {
            "share": holdout,
            "split": "keyed hash of each privacy unit's own id against the share (secret)",
        }
    if dataset:
        privacy["dataset"] = dataset
    privacy["fidelity_note"] = (
        "the fidelity report (distances to the real rows, computed without noise) is not covered "
        "by the guarantee and is not released: it is kept in private/ for the data steward"
    )
    return privacy


PARTITIONED_METHODS = ("aim", "mst", "independent")


def check_partitioned(method: str, holdout: float) -> None:
    """A partitioned input is fitted from merged counts (aim, mst, independent) without a
    holdout: the control set would be a copy of input rows, and the split needs the key."""
    if method not in PARTITIONED_METHODS:
        raise ConfigError(
            f"synthesize: a partitioned input (a directory of Parquet files) is fitted from "
            f"merged counts by {', '.join(PARTITIONED_METHODS)}; method {method!r} reads rows"
        )
    if holdout > 0:
        raise ConfigError(
            "synthesize: a partitioned input takes no holdout (keep the control patients in a "
            "table of their own, outside the input directory)"
        )


def release_partitioned(
    source: Path,
    spec: SynthSpec | dict[str, Any],
    method: str,
    epsilon: float,
    delta: float,
    n_rows: int | None,
    out: Path,
    private: Path,
    *,
    ledger: Ledger | Path | None = None,
    dataset: str | None = None,
    executor: Any = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Synthesize a partitioned table (a directory of Parquet files) from merged exact counts
    counted on ``executor`` (an ``ExecutorConfig``; default: this process): ``synthetic.csv``
    and ``privacy.json`` in ``out`` (:func:`staged`); in ``private`` a fidelity report from the same
    counts (1- and 2-way TVDs of the bounded input, and the independence floor)."""
    from medprivacy.counts import PartitionedCodes, partitions
    from medprivacy.executor import ExecutorConfig, open_executor
    from medprivacy.synth.api import synthesize
    from medprivacy.synth.spec import as_spec

    parsed = as_spec(spec)
    check_row_count(method, n_rows)
    check_partitioned(method, 0.0)
    config = executor if isinstance(executor, ExecutorConfig) else ExecutorConfig()
    with open_executor(config, config.workers or 1) as ex:
        codes = PartitionedCodes(partitions(source), parsed, ex)  # checked before any charge
        table, synth = synthesize(
            cast(Any, codes),
            parsed,
            method,
            epsilon,
            n_rows,
            delta=delta,
            ledger=ledger,
            dataset=dataset,
            executor=ex,
            return_synthesizer=True,
        )
        report = count_fidelity(codes, table, parsed)
    with staged(out) as stage:
        _write_csv(table, stage / "synthetic.csv")
        privacy = _privacy(synth, table, parsed, n_rows, 0.0, dataset)
        privacy["input"] = (
            f"a partitioned table ({len(codes.source.parts)} Parquet parts, their concatenation "
            "in path order); the per-patient bound holds over all parts"
        )
        atomic_write_json(private / "fidelity.json", report)
        atomic_write_json(stage / "privacy.json", privacy)
    return privacy, {"input_rows": codes.rows, "partitions": len(codes.source.parts)}


def count_fidelity(codes: Any, synthetic: pd.DataFrame, spec: SynthSpec) -> dict[str, Any]:
    """Fidelity of ``synthetic`` to a partitioned input from its exact merged counts: the TVD
    of every 1- and 2-way marginal, and of the independence floor (the product of the real
    1-way marginals). Floors and scores that need rows (bootstrap, correlations, TSTR) are not
    computed for a partitioned input."""
    from medprivacy.synth.encode import encode
    from medprivacy.synth.estimate import marginal

    syn = encode(synthetic, spec).complete()[0]
    d = len(codes.sizes)
    sets = [(j,) for j in range(d)] + list(itertools.combinations(range(d), 2))
    real = codes.marginals(sets)
    n, m = max(codes.rows, 1), max(len(syn.data), 1)
    ones = {s[0]: t / n for s, t in zip(sets, real, strict=True) if len(s) == 1}
    per: dict[int, dict[str, float]] = {1: {}, 2: {}}
    floor: dict[str, float] = {}
    for cols, table in zip(sets, real, strict=True):
        name = " x ".join(codes.columns[c] for c in cols)
        p = table / n
        per[len(cols)][name] = float(
            0.5 * np.abs(p - marginal(syn.data, syn.sizes, cols) / m).sum()
        )
        if len(cols) == 2:
            floor[name] = float(0.5 * np.abs(p - np.outer(ones[cols[0]], ones[cols[1]])).sum())
    mean = {k: float(np.mean(list(v.values()))) for k, v in per.items() if v}
    return {
        "from": "exact merged counts of the partitioned input after the per-patient bound",
        "rows": codes.rows,
        "synthetic": {"tvd": mean},
        "independent_floor": {"tvd": {2: float(np.mean(list(floor.values())))} if floor else {}},
        "per_marginal": per,
        "not_computed": "bootstrap floor, correlations, 3-way TVDs and TSTR (they need rows)",
    }


def read_relational_tables(
    spec: RelationalSpec, spec_path: Path, paths: dict[str, Path] | None = None
) -> dict[str, pd.DataFrame]:
    """Each table of a relational spec, from ``paths`` (table -> file) or its ``input`` in the
    spec (relative to the spec file). A missing file or an unknown table is a ConfigError."""
    from medprivacy.spec import resolve_path

    paths = dict(paths or {})
    extra = next((n for n in paths if n not in spec.tables), None)
    if extra is not None:
        raise ConfigError(f"synthesize: inputs names table {extra!r}, which the spec does not list")
    out = {}
    for name, t in spec.tables.items():
        path = paths.get(name)
        if path is None:
            if t.input is None:
                raise ConfigError(f"{spec_path}: tables.{name} needs `input` (its file)")
            path = resolve_path(t.input, spec_path)
        out[name] = read_synth_table(path)
    return out


def release_relational(
    tables: dict[str, pd.DataFrame],
    spec: RelationalSpec,
    epsilon: float,
    delta: float,
    n_patients: int | None,
    out: Path,
    private: Path,
    *,
    ledger: Ledger | Path | None = None,
    dataset: str | None = None,
) -> dict[str, Any]:
    """Synthesize related tables: ``<table>.csv`` each and ``privacy.json`` in ``out``, moved
    there together once all is written (:func:`staged`);
    the fidelity report (per-table and cross-table figures from the real rows, not DP) in
    ``private/fidelity.json``. Returns what ``privacy.json`` says."""
    from medprivacy.synth.api import synthesize
    from medprivacy.synth.relational_eval import relational_report

    syn, synth = synthesize(
        tables,
        spec,
        "relational",
        epsilon,
        n_patients,
        delta=delta,
        ledger=ledger,
        dataset=dataset,
        return_synthesizer=True,
    )
    with staged(out) as stage:
        for name, df in syn.items():
            _write_csv(df, stage / f"{name}.csv")
        privacy = _relational_privacy(synth, syn, n_patients, dataset)
        atomic_write_json(private / "fidelity.json", relational_report(tables, syn, spec))
        atomic_write_json(stage / "privacy.json", privacy)
    return privacy


def _relational_privacy(
    synth: Any, syn: dict[str, pd.DataFrame], n_patients: int | None, dataset: str | None
) -> dict[str, Any]:
    """What ``privacy.json`` says of a relational release."""
    privacy: dict[str, Any] = synth.privacy()
    privacy["rows"] = sum(len(df) for df in syn.values())
    privacy["rows_per_table"] = {n: len(df) for n, df in syn.items()}
    privacy["rows_from"] = (
        "patients: n_rows (configuration)" if n_patients is not None else "the noisy counts"
    )
    privacy["table"] = (
        "the input tables, per patient: a patient row and at most max_children rows of each "
        "child table (the first in input order; rows without a resolving parent are dropped)"
    )
    privacy["public"] = (
        "the relational spec (tables, keys, declared domains, bins, date offsets and ranges, "
        "max_children, context), the method and its options, epsilon, delta, n_rows"
    )
    privacy["keys"] = "fresh random codes: no input key appears; foreign keys join"
    if dataset:
        privacy["dataset"] = dataset
    privacy["fidelity_note"] = (
        "the fidelity report (distances to the real rows, computed without noise) is not covered "
        "by the guarantee and is not released: it is kept in private/ for the data steward"
    )
    return privacy


def check_row_count(method: str, n_rows: int | None) -> None:
    """Refuse a non-DP method without ``n_rows``: its row count would be the real one."""
    from medprivacy.synth.base import get_synthesizer

    if n_rows is None and not get_synthesizer(method).is_dp:
        raise ConfigError(
            f"method {method!r} has no noisy row count: give n_rows (the real one is not released)"
        )


def covered_table(spec: SynthSpec, holdout: float) -> str:
    """Which table and unit the guarantee is about (for ``privacy.json``)."""
    from medprivacy.synth.base import unit_text

    text = (
        f"the input table, per {unit_text(spec.privacy_unit)}; row-wise rules drop rows without "
        "an id and a patient's rows beyond max_rows"
    )
    if holdout > 0:
        text += (
            "; held-out patients included: the holdout split decides each one's side by their own "
            "keyed id alone, so adding or removing one changes the fitted rows by that one only"
        )
    return text


def _share_of(key: Key, namespace: str, value: str) -> float:
    """A keyed, uniform number in [0, 1) for ``value`` (64 bits of HMAC)."""
    return int.from_bytes(key.digest(namespace, value)[:8], "big") / 2.0**64


def split_holdout(
    table: pd.DataFrame, spec: SynthSpec, share: float, key: Key
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Members and a held-out control set (input row numbers kept as the index). A patient
    (their privacy-unit id; without a unit, a row by its whole content) is held out when a keyed
    hash of it falls below ``share``: each side depends on that patient alone and on the secret
    key, never on the other patients."""
    if share <= 0:
        return table, None
    if spec.privacy_unit is not None:
        if spec.privacy_unit.id not in table.columns:
            raise InputError(f"privacy unit column {spec.privacy_unit.id!r} is missing")
        # rows without an id are never fitted (bound_contributions drops them): on neither side
        table = table.loc[has_unit_id(table[spec.privacy_unit.id])]
        values = table[spec.privacy_unit.id].map(cell_text)
    else:
        values = pd.Series(
            ["\x1f".join(map(cell_text, row)) for row in table.itertuples(index=False)],
            index=table.index,
            dtype=object,
        )
    sides = {v: _share_of(key, "holdout-split", v) < share for v in values.unique()}
    held = values.map(sides).to_numpy(dtype=bool)
    return table[~held], table[held]


def attack_view(rows: pd.DataFrame, spec: SynthSpec, key: Key) -> pd.DataFrame:
    """What the attacks need of real rows: the synthesized columns and a keyed pseudonym of the
    privacy unit (``medprivacy_unit``; of the input row number without a unit), never whole
    rows."""
    out = rows[list(spec.columns)].copy()
    if spec.privacy_unit is not None:
        ids = rows[spec.privacy_unit.id].map(cell_text).tolist()
    else:
        ids = [f"row {i}" for i in rows.index]
    out[UNIT_COLUMN] = [key.pseudonym(i, namespace="holdout-unit") for i in ids]
    return out.reset_index(drop=True)


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` (named like the atomic writers' temporary files) to write
    a release into. When the block ends without an error its files move into ``out``: the
    folder is renamed into place when ``out`` does not exist yet, else its files are renamed in
    one by one, ``privacy.json`` last. On an error the folder is removed, so ``out`` never gets
    table CSVs without the privacy.json that states them (a failure after the ledger charge
    keeps the charge: a rerun pays again)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.parent / f"{TMP_PREFIX}{out.name}-{secrets.token_hex(8)}"
    stage.mkdir()  # the usual folder mode (umask), as ``out`` would get
    try:
        yield stage
        _move_into(stage, out)
    finally:
        if stage.is_dir() and not stage.is_symlink():
            shutil.rmtree(stage, ignore_errors=True)


def _move_into(stage: Path, out: Path) -> None:
    """Move ``stage``'s files into ``out``, ``privacy.json`` last (see :func:`staged`)."""
    if not out.exists() and not out.is_symlink():
        try:
            os.rename(stage, out)  # one step: the folder appears whole
            return
        except OSError:  # created meanwhile: file by file below
            pass
    out.mkdir(parents=True, exist_ok=True)
    names = sorted((p.name for p in stage.iterdir()), key=lambda n: (n == "privacy.json", n))
    for name in names:
        os.replace(stage / name, out / name)


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    atomic_write_text(path, df.to_csv(index=False))
