"""The ``attack`` pipeline step: run an attack suite on a table (or DICOM headers) of the release.

```yaml
- step: attack
  suite: ../attacks/default.yaml
  table: ehr/patients.csv          # a released table (path under release/), or
  dicom: dicom                     # a released DICOM folder: header fields become the table
  dicom_tags: [PatientAge, PatientSex, StudyDate]
  members: data/train.csv          # private: the records the release was built from
  non_members: data/holdout.csv    # private: same population, not used
  quasi_identifiers: [age, sex]
  output: attacks                  # results in release/attacks/
```

Registered in ``steps``; wiring it into the built-in step modules is the pipeline's business.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from medprivacy.attacks.dicom_headers import DEFAULT_TAGS
from medprivacy.attacks.report import write_report
from medprivacy.attacks.suite import load_release, run_suite_files
from medprivacy.fileio import sha256_file
from medprivacy.pipeline import RunContext, StepResult
from medprivacy.spec import Step, StepConfig, private_field, steps


class AttackStepConfig(StepConfig):
    """Fields of an ``attack`` step."""

    suite: Path = Field(description="Attack suite YAML (e.g. attacks/default.yaml).")
    table: str | None = Field(None, description="Released table, relative to release/.")
    dicom: str | None = Field(None, description="Released DICOM folder, relative to release/.")
    dicom_tags: list[str] = Field(default_factory=lambda: list(DEFAULT_TAGS))
    members: Path | None = private_field(None, description="Records the release was built from.")
    non_members: Path | None = private_field(None, description="Same population, not used.")
    population: Path | None = private_field(None, description="Adversary's reference data.")
    quasi_identifiers: list[str] = Field(default_factory=list)
    sensitive: list[str] = Field(default_factory=list)
    population_size: int | None = Field(None, ge=1)
    synthetic: bool = False
    epsilon: float | None = Field(None, gt=0)
    delta: float = Field(0.0, ge=0, lt=1)
    adjacency: str = Field("add_remove", pattern=r"^(add_remove|substitution)$")
    output: str = Field("attacks", pattern=r"^[A-Za-z0-9_-]+$", description="Folder in release/.")


@steps.register("attack")
class AttackStep(Step):
    """Attack the release's own table or DICOM headers and release the results with verdicts."""

    Config = AttackStepConfig
    config: AttackStepConfig

    def run(self, ctx: RunContext) -> StepResult:
        cfg = self.config
        release, name, default_qis = load_release(
            ctx.release_dir, cfg.table, cfg.dicom, cfg.dicom_tags
        )

        def opt(p: Path | None) -> Path | None:
            return None if p is None else ctx.resolve(p)

        run = run_suite_files(
            ctx.resolve(cfg.suite),
            release,
            members=opt(cfg.members),
            non_members=opt(cfg.non_members),
            population=opt(cfg.population),
            quasi_identifiers=cfg.quasi_identifiers or default_qis,
            sensitive=cfg.sensitive,
            population_size=cfg.population_size,
            epsilon=cfg.epsilon,
            delta=cfg.delta,
            adjacency=cfg.adjacency,
            synthetic=cfg.synthetic,
            name=name,
        )
        paths = write_report(run, ctx.release_dir / cfg.output)
        files = {f"{cfg.output}/{p.name}": sha256_file(p) for p in paths.values()}
        summary = {
            "suite": run.suite,
            "verdict": run.verdict,
            "verdicts": run.counts(),
            "skipped": sorted(run.skipped),
            "errors": sorted(run.errors),
        }
        lines = [f"attack: {run.summary()}", *(f"attack: {d}" for d in run.defects())]
        return StepResult(summary, {}, files, lines)
