"""The ``synthesize`` pipeline step: a synthetic table, its privacy statement and fidelity report.

Released (``release/<output>/``): ``synthetic.csv`` and ``privacy.json`` (method, guarantee,
ε/δ/ρ, adjacency, unit, ledger entry). Kept in ``private/<output>/``: ``fidelity.json`` and
``fidelity.png`` — they compare against the real rows without noise, so a steward reads them
before deciding to publish. DP methods charge the pipeline's ledger before any noisy measurement.
Not registered in ``BUILTIN_STEP_MODULES`` yet (the pipeline owner wires it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import Field

from medprivacy.errors import ConfigError, InputError
from medprivacy.fileio import atomic_write_json, sha256_file
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
    output: str = Field("synthetic", pattern=r"^[A-Za-z0-9_-]+$", description="Folder in release/.")


def read_table(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise InputError(f"{path}: table not found")
    if path.suffix.lower() in (".parquet", ".pq"):
        return pd.read_parquet(path)
    return pd.read_csv(path)


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
        from medprivacy.synth.api import synthesize
        from medprivacy.synth.evaluate import fidelity_report, plot_report

        cfg = self.config
        table = read_table(ctx.resolve(cfg.input))
        spec = load_synth_spec(ctx.resolve(cfg.spec))
        from medprivacy.synth.base import get_synthesizer

        is_dp = get_synthesizer(cfg.method).is_dp
        if is_dp and not cfg.dataset:
            raise ConfigError(f"synthesize: method {cfg.method!r} needs `dataset` (ledger)")
        ledger = ctx.ledger() if is_dp else None
        out, synth = synthesize(
            table,
            spec,
            cfg.method,
            cfg.epsilon,
            cfg.n_rows,
            delta=cfg.delta,
            ledger=ledger.path if ledger else None,
            dataset=cfg.dataset if is_dp else None,
            return_synthesizer=True,
        )
        rel = ctx.release_dir / cfg.output
        rel.mkdir(parents=True, exist_ok=True)
        csv = rel / "synthetic.csv"
        tmp = csv.with_suffix(".tmp")
        out.to_csv(tmp, index=False)
        tmp.replace(csv)
        privacy = synth.privacy()
        if ledger is not None and cfg.dataset:
            privacy["ledger_entry"] = ledger.history(cfg.dataset)[-1].seq
        atomic_write_json(rel / "privacy.json", privacy)
        priv = ctx.private_dir / cfg.output
        report = fidelity_report(table, out, spec)
        atomic_write_json(priv / "fidelity.json", report.to_dict())
        plot_report(report, priv / "fidelity.png", title=f"{cfg.method} ε={cfg.epsilon}")
        files = {f"{cfg.output}/{p.name}": sha256_file(p) for p in (csv, rel / "privacy.json")}
        summary = {"method": cfg.method, "rows": len(out), "guarantee": privacy["guarantee"]}
        line = f"synthesize: {len(out)} rows by {cfg.method}; {privacy['guarantee']}"
        private = {"fidelity": str(priv / "fidelity.json")}
        return StepResult(summary, private, files, [line])
