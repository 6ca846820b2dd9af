"""The ``synthesize`` pipeline step: a synthetic table, its privacy statement and fidelity report.

Released (``release/<output>/``): ``synthetic.csv``, ``privacy.json`` (method, guarantee,
ε/δ/ρ, adjacency, unit, ledger entry) and the fidelity report (``fidelity.json``,
``fidelity.png``): researchers need to know how faithful the rows are. The fidelity figures are
aggregate distances computed against the real rows and are *not* covered by the DP guarantee;
``privacy.json`` says so. DP methods charge the pipeline's ledger before any noisy measurement.

``holdout`` keeps a fraction of the patients (or rows) out of fitting, by a seeded split (non-DP
randomness), and writes ``members.csv`` / ``non_members.csv`` to ``private/<output>/``: the
control set the attack step needs (``members: private:<output>/members.csv``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import Field

from medprivacy.errors import ConfigError
from medprivacy.fileio import atomic_write_json, atomic_write_text, read_table, sha256_file
from medprivacy.pipeline import RunContext, StepResult
from medprivacy.spec import Step, StepConfig, load_yaml, private_field, read_text, steps


class SynthesizeConfig(StepConfig):
    """Fields of a ``synthesize`` step."""

    input: Path = private_field(description="Table to synthesize (CSV or Parquet).")
    spec: Path = private_field(description="Synth spec YAML: columns, privacy_unit, target.")
    method: str = "aim"
    epsilon: float = Field(1.0, gt=0)
    delta: float = Field(1e-6, gt=0, lt=1)
    dataset: str | None = Field(None, description="Ledger dataset (required for DP methods).")
    n_rows: int | None = Field(None, ge=0)
    holdout: float = Field(0.0, ge=0, lt=1, description="Share kept out of fitting (controls).")
    split_seed: int = Field(0, description="Seed of the holdout split (not of any DP noise).")
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

    def run(self, ctx: RunContext) -> StepResult:
        from medprivacy.budget import check_loss
        from medprivacy.synth.base import get_synthesizer
        from medprivacy.synth.spec import as_spec

        cfg = self.config
        rel = ctx.release_dir / cfg.output
        if (rel / "privacy.json").exists():  # a resumed run: never pay twice for one release
            files = {f"{cfg.output}/{p.name}": sha256_file(p) for p in sorted(rel.iterdir())}
            return StepResult({"resumed": True}, {}, files, ["synthesize: already released"])
        check_loss(cfg.epsilon, cfg.delta)
        table = read_table(ctx.resolve(cfg.input))
        spec = load_synth_spec(ctx.resolve(cfg.spec))
        parsed = as_spec(spec)
        is_dp = get_synthesizer(cfg.method).is_dp
        if is_dp and not cfg.dataset:
            raise ConfigError(f"synthesize: method {cfg.method!r} needs `dataset` (ledger)")
        priv = ctx.private_dir / cfg.output
        members, holdout = split_holdout(table, parsed, cfg.holdout, cfg.split_seed)
        if holdout is not None:
            _write_csv(members, priv / "members.csv")
            _write_csv(holdout, priv / "non_members.csv")
        privacy = release_synthetic(
            members,
            parsed,
            cfg.method,
            cfg.epsilon,
            cfg.delta,
            cfg.n_rows,
            rel,
            ledger=ctx.ledger().path if is_dp else None,
            dataset=cfg.dataset if is_dp else None,
            test=holdout,
        )
        names = ("synthetic.csv", "fidelity.json", "fidelity.png", "privacy.json")
        files = {f"{cfg.output}/{n}": sha256_file(rel / n) for n in names}
        rows = privacy["rows"]
        summary = {"method": cfg.method, "rows": rows, "guarantee": privacy["guarantee"]}
        line = f"synthesize: {rows} rows by {cfg.method}; {privacy['guarantee']}"
        private = {"holdout_rows": 0 if holdout is None else len(holdout)}
        return StepResult(summary, private, files, [line])


def release_synthetic(
    real: pd.DataFrame,
    spec: Any,
    method: str,
    epsilon: float,
    delta: float,
    n_rows: int | None,
    out: Path,
    *,
    ledger: Path | None = None,
    dataset: str | None = None,
    test: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Synthesize ``real`` and write ``synthetic.csv``, ``fidelity.json`` / ``.png`` and, last,
    ``privacy.json`` (its presence marks the release done). Returns what ``privacy.json`` says."""
    from medprivacy.synth.api import synthesize
    from medprivacy.synth.evaluate import fidelity_report, plot_report

    table, synth = synthesize(
        real,
        spec,
        method,
        epsilon,
        n_rows,
        delta=delta,
        ledger=ledger,
        dataset=dataset,
        return_synthesizer=True,
    )
    _write_csv(table, out / "synthetic.csv")
    privacy = synth.privacy()
    privacy["rows"] = len(table)
    if dataset:
        privacy["dataset"] = dataset
    privacy["fidelity_note"] = (
        "fidelity.json and fidelity.png are aggregate distances to the real rows, computed "
        "without noise: they are not covered by the privacy guarantee above"
    )
    report = fidelity_report(real, table, spec, test=test)
    atomic_write_json(out / "fidelity.json", report.to_dict())
    plot_report(report, out / "fidelity.png", title=f"{method} ε={epsilon:g}")
    atomic_write_json(out / "privacy.json", privacy)
    return privacy


def split_holdout(
    table: pd.DataFrame, spec: Any, share: float, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Members and a held-out control set: whole patients when the spec has a privacy unit."""
    import numpy as np

    if share <= 0:
        return table, None
    rng = np.random.default_rng(seed)  # a split, not DP noise: seeding it is allowed
    if spec.privacy_unit is not None:
        ids = table[spec.privacy_unit.id].astype(str)
        unique = np.sort(ids.unique())
        out = set(rng.choice(unique, size=round(len(unique) * share), replace=False))
        mask = ids.isin(out).to_numpy()
    else:
        mask = np.zeros(len(table), dtype=bool)
        mask[rng.choice(len(table), size=round(len(table) * share), replace=False)] = True
    return table[~mask].reset_index(drop=True), table[mask].reset_index(drop=True)


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    atomic_write_text(path, df.to_csv(index=False))
