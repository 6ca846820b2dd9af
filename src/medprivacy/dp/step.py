"""The ``dp_stats`` pipeline step: DP statistics of one table, paid from the pipeline's ledger."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from medprivacy.dp.release import read_table, release_stats
from medprivacy.dp.report import write_release
from medprivacy.dp.spec import load_stats_spec
from medprivacy.errors import ConfigError
from medprivacy.fileio import sha256_file
from medprivacy.pipeline import RunContext, StepResult
from medprivacy.spec import Step, StepConfig, private_field, resolve_path, steps


class DPStatsConfig(StepConfig):
    """Fields of a ``dp_stats`` step."""

    spec: Path = private_field(
        description="Stats spec YAML (input, privacy unit, budget, queries)."
    )
    output: str = Field("stats", pattern=r"^[A-Za-z0-9_-]+$", description="Folder in release/.")
    dataset: str | None = Field(None, description="Ledger dataset; overrides the spec's.")


@steps.register("dp_stats")
class DPStats(Step):
    """Release DP statistics with intervals; the ledger is charged before any noise is drawn."""

    Config = DPStatsConfig
    config: DPStatsConfig

    def run(self, ctx: RunContext) -> StepResult:
        cfg = self.config
        spec_path = ctx.resolve(cfg.spec)
        spec = load_stats_spec(spec_path)
        dataset = cfg.dataset or spec.dataset
        if not dataset or spec.budget is None or spec.input is None:
            raise ConfigError(f"{spec_path}: a dp_stats spec needs `input`, `dataset` and `budget`")
        out = ctx.release_dir / cfg.output
        if (out / "stats.json").exists():  # a resumed run: never pay twice for one release
            files = {f"{cfg.output}/{p.name}": sha256_file(p) for p in sorted(out.iterdir())}
            return StepResult({"resumed": True}, {}, files, ["dp stats: already released"])
        table = read_table(resolve_path(spec.input, spec_path))
        ledger = ctx.ledger()
        release = release_stats(table, spec, spec.budget, ledger=ledger, dataset=dataset)
        written = write_release(release, out)
        files = {f"{cfg.output}/{name}": sha256_file(p) for name, p in written.items()}
        balance = ledger.balance(dataset)
        summary = {
            "dataset": dataset,
            "privacy_unit": release.privacy_unit,
            "privacy_loss": release.loss,
            "ledger_entry": release.ledger_entry,
            "statistics": list(release.statistics),
        }
        line = (
            f"dp stats: {len(release.statistics)} statistics at ε={release.loss['epsilon']:g} "
            f"from dataset {dataset} (ledger entry {release.ledger_entry}); "
            f"ε={balance.remaining_epsilon:g} of {balance.epsilon:g} left"
        )
        return StepResult(summary, {"ledger": str(ledger.path)}, files, [line])
