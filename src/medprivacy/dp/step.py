"""The ``dp_stats`` pipeline step: DP statistics of one table, paid from the pipeline's ledger.

A step is done only when all its outputs are: ``stats.json`` first, then CSVs, page and plot,
then a completion marker in private/. Resuming never pays twice: with the marker the outputs are
reused; with ``stats.json`` but no marker they are rendered again from it; with neither, a spend
already recorded for this release (its tag) is refused instead of paid again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import Field

from medprivacy.budget import Ledger
from medprivacy.dp.release import read_table, release_stats
from medprivacy.dp.report import charged_error, render_outputs, write_release
from medprivacy.dp.spec import load_stats_spec
from medprivacy.errors import ConfigError, MedPrivacyError
from medprivacy.fileio import atomic_write_json, sha256_file
from medprivacy.pipeline import RunContext, StepResult
from medprivacy.spec import Step, StepConfig, private_field, resolve_path, steps


class DPStatsConfig(StepConfig):
    """Fields of a ``dp_stats`` step."""

    spec: Path = private_field(
        description="Stats spec YAML (input, privacy unit, budget, queries)."
    )
    output: str = Field("stats", pattern=r"^[A-Za-z0-9_-]+$", description="Folder in release/.")
    dataset: str | None = Field(None, description="Ledger dataset; overrides the spec's.")


def _files(out: Path, prefix: str) -> dict[str, str]:
    return {f"{prefix}/{p.name}": sha256_file(p) for p in sorted(out.iterdir()) if p.is_file()}


def _paid_before(ledger: Ledger, dataset: str, tag: str) -> int | None:
    """The ledger entry of an earlier spend for this very release, if any."""
    entries = ledger.history(dataset)
    return next((e.seq for e in entries if e.detail.get("release") == tag), None)


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
        done = ctx.private_dir / f"dp_stats-{cfg.output}.done.json"
        # names this release (run directory + output) in the ledger, without naming a path
        tag = hashlib.sha256(f"{ctx.release_dir.resolve()}\0{cfg.output}".encode()).hexdigest()
        if done.exists():  # a resumed run: every output was written
            return StepResult({"resumed": True}, {}, _files(out, cfg.output),
                              ["dp stats: already released"])  # fmt: skip
        if (out / "stats.json").exists():  # killed while rendering: render again, pay nothing
            doc = json.loads((out / "stats.json").read_text("utf-8"))
            try:
                render_outputs(doc, out)
            except OSError as exc:
                raise charged_error(out, doc.get("ledger_entry"), exc) from None
            atomic_write_json(done, {"ledger_entry": doc.get("ledger_entry")})
            return StepResult({"resumed": True}, {}, _files(out, cfg.output),
                              ["dp stats: released before; pages rendered again"])  # fmt: skip
        ledger = ctx.ledger()
        paid = _paid_before(ledger, dataset, tag)
        if paid is not None:
            raise MedPrivacyError(
                f"{out}: this release was paid (ledger entry {paid}) but never written; running "
                "it again would pay twice: refused (use a new --out directory)"
            )
        table = read_table(resolve_path(spec.input, spec_path))
        release = release_stats(table, spec, spec.budget, ledger=ledger, dataset=dataset, tag=tag)
        written = write_release(release, out)
        atomic_write_json(done, {"ledger_entry": release.ledger_entry})
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
