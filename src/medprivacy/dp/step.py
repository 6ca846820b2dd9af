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
from typing import Any

from pydantic import Field

from medprivacy.budget import Ledger
from medprivacy.dp.release import StatsPlan, plan_stats, read_table, release_stats
from medprivacy.dp.report import charged_error, render_outputs, write_release
from medprivacy.dp.spec import StatsSpec, load_stats_spec
from medprivacy.errors import ConfigError, InputError, MedPrivacyError
from medprivacy.fileio import atomic_write_json, sha256_file
from medprivacy.pipeline import RunContext, StepResult
from medprivacy.plan import Charge, StepPlan, existing_ledger
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


def _paid_twice(out: Path, paid: int) -> str:
    return (
        f"{out}: this release was paid (ledger entry {paid}) but never written; running it "
        "again would pay twice: refused (use a new --out directory)"
    )


def _paid_before(ledger: Ledger, dataset: str, tag: str) -> int | None:
    """The ledger entry of an earlier spend for this very release, if any."""
    entries = ledger.history(dataset)
    return next((e.seq for e in entries if e.detail.get("release") == tag), None)


@steps.register("dp_stats")
class DPStats(Step):
    """Release DP statistics with intervals; the ledger is charged before any noise is drawn."""

    Config = DPStatsConfig
    config: DPStatsConfig
    # the plan made at the start of a run (release dir, spec, table, plan): the run reuses it
    _planned: tuple[Path, StatsSpec, Any, StatsPlan] | None = None

    def _spec(self, ctx: RunContext) -> tuple[Path, StatsSpec, str]:
        """The stats spec (its path, the spec, the ledger dataset); errors name the file."""
        spec_path = ctx.resolve(self.config.spec)
        spec = load_stats_spec(spec_path)
        dataset = self.config.dataset or spec.dataset
        if not dataset or spec.budget is None or spec.input is None:
            raise ConfigError(f"{spec_path}: a dp_stats spec needs `input`, `dataset` and `budget`")
        return spec_path, spec, dataset

    def _where(self, ctx: RunContext) -> tuple[Path, Path, str]:
        """The release folder, the completion marker, and the tag that names this release in
        the ledger (run directory + output, without naming a path)."""
        out = ctx.release_dir / self.config.output
        done = ctx.private_dir / f"dp_stats-{self.config.output}.done.json"
        tag = hashlib.sha256(f"{ctx.release_dir.resolve()}\0{self.config.output}".encode())
        return out, done, tag.hexdigest()

    def plan(self, ctx: RunContext) -> StepPlan:
        """The spec, the table against it and every query resolved by OpenDP, as the run will:
        what it charges and each statistic's expected accuracy; nothing is paid."""
        spec_path, spec, dataset = self._spec(ctx)
        out, done, tag = self._where(ctx)
        if done.exists() or (out / "stats.json").exists():
            return StepPlan(notes=["released by an earlier attempt: resumes without paying"])
        ledger = existing_ledger(ctx)
        paid = _paid_before(ledger, dataset, tag) if ledger else None
        if paid is not None:
            raise MedPrivacyError(_paid_twice(out, paid))
        assert spec.input is not None  # checked by _spec
        path = resolve_path(spec.input, spec_path)
        table = read_table(path)
        try:
            planned = plan_stats(table, spec, spec.budget)
        except (ConfigError, InputError) as exc:  # a spec problem names the spec, data the table
            raise type(exc)(
                f"{path if isinstance(exc, InputError) else spec_path}: {exc}"
            ) from None
        if planned.refused:
            raise InputError(f"{path}: {planned.refused[0]}")
        eps, delta = planned.cost
        rho = spec.budget.rho if spec.budget else None
        charge = Charge(dataset, eps, delta, rho, planned.ledger_unit())
        self._planned = (ctx.release_dir, spec, table, planned)
        checks = [f"{path.name}: {c}" for c in planned.checks]
        return StepPlan(charge=charge, accuracy=planned.accuracy(), checks=checks)

    def run(self, ctx: RunContext) -> StepResult:
        cfg = self.config
        spec_path, spec, dataset = self._spec(ctx)
        out, done, tag = self._where(ctx)
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
            raise MedPrivacyError(_paid_twice(out, paid))
        # the plan made at the start of this run (same spec, same table), else a new one
        cached, self._planned = self._planned, None
        if cached and cached[0] == ctx.release_dir and cached[1] == spec:
            table, planned = cached[2], cached[3]
        else:
            assert spec.input is not None  # checked by _spec
            table, planned = read_table(resolve_path(spec.input, spec_path)), None
        release = release_stats(
            table, spec, spec.budget, ledger=ledger, dataset=dataset, tag=tag, planned=planned
        )
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
