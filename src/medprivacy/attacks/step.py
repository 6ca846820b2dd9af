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

import pandas as pd
from pydantic import Field

from medprivacy.attacks.base import AttackData
from medprivacy.attacks.dicom_headers import DEFAULT_TAGS, kept_fields, read_dicom_headers
from medprivacy.attacks.report import write_report
from medprivacy.attacks.suite import load_suite, read_table, run_suite
from medprivacy.errors import ConfigError
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
        if (cfg.table is None) == (cfg.dicom is None):
            raise ConfigError("attack step: give exactly one of table and dicom")
        suite, built = load_suite(ctx.resolve(cfg.suite))
        if cfg.table is not None:
            release = read_table(ctx.release_dir / cfg.table)
            name = Path(cfg.table).name
        else:
            release = read_dicom_headers(ctx.release_dir / str(cfg.dicom), cfg.dicom_tags)
            name = f"{cfg.dicom} (DICOM headers)"
            if not cfg.quasi_identifiers:
                cfg = cfg.model_copy(update={"quasi_identifiers": kept_fields(release)})

        def opt(p: Path | None) -> pd.DataFrame | None:
            return None if p is None else read_table(ctx.resolve(p))

        data = AttackData(
            release=release,
            members=opt(cfg.members),
            non_members=opt(cfg.non_members),
            population=opt(cfg.population),
            quasi_identifiers=list(cfg.quasi_identifiers),
            sensitive=list(cfg.sensitive),
            population_size=cfg.population_size,
            epsilon=cfg.epsilon,
            delta=cfg.delta,
            adjacency=cfg.adjacency,
            name=name,
            synthetic=cfg.synthetic,
        )
        run = run_suite(suite, built, data)
        paths = write_report(run, ctx.release_dir / cfg.output)
        files = {f"{cfg.output}/{p.name}": sha256_file(p) for p in paths.values()}
        counts: dict[str, int] = {}
        for r in run.results:
            counts[r.verdict.value] = counts.get(r.verdict.value, 0) + 1
        summary = {
            "suite": suite.name,
            "verdict": run.verdict,
            "verdicts": counts,
            "skipped": sorted(run.skipped),
            "errors": sorted(run.errors),
        }
        skipped = f"; {len(run.skipped)} skipped for want of data" if run.skipped else ""
        lines = [
            f"attack: suite {suite.name} on {name}: {run.verdict} ("
            + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            + f"){skipped}"
        ]
        lines += [f"attack: DEFECT {r.note}" for r in run.results if r.note.startswith("DEFECT")]
        return StepResult(summary, {}, files, lines)
