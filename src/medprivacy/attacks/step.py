"""The ``attack`` pipeline step: run an attack suite on a table (or DICOM headers) of the release.

```yaml
- step: attack
  suite: hipaa                     # a packaged suite by name, or a YAML file path
  table: ehr/patients.csv          # a released table (path under release/), or
  dicom: dicom                     # a released DICOM folder: header fields become the table
  dicom_tags: [PatientAge, PatientSex, StudyDate]
  members: data/train.csv          # private: the records the release was built from
  non_members: data/holdout.csv    # private: same population, not used
  quasi_identifiers: [age, sex]
  power_release: private:synthetic/broken.csv   # optional: the same mechanism, deliberately
  power_epsilon: 10                # broken (here at 10x the claim), for the audit's power
  output: attacks                  # results in private/attacks/ (never release/)
  remedy: anonymize                # a failing table is re-anonymized and attacked again
  remedy_suppression_limit: 0.05
```

The results are computed from the real rows without DP, so they are internal evidence: they go
to ``private/<output>/`` and nothing of them reaches ``release/`` or its manifest. The ε audit
reads the claim (ε, δ, adjacency, rows per patient) from the ``privacy.json`` or ``stats.json``
beside the attacked table; an explicit ``epsilon`` / ``delta`` / ``adjacency`` overrides it with
a logged note.

With ``remedy: anonymize`` a released table that fails the suite is re-anonymized with the
suite's thresholds as the privacy models (see :mod:`medprivacy.attacks.remedy`), written in place
of the failing table (which moves to ``private/<output>/failed/``) and attacked again; the first
run's results are kept in ``private/<output>/before/`` and the verdict is the second run's.

Registered in ``steps``; wiring it into the built-in step modules is the pipeline's business.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from medprivacy.attacks.claim import read_claim, resolve_claim
from medprivacy.attacks.dicom_headers import DEFAULT_TAGS
from medprivacy.attacks.remedy import Remedy, remedy_table
from medprivacy.attacks.report import write_report
from medprivacy.attacks.suite import (
    SuiteRun,
    load_release,
    load_suite,
    run_suite_files,
    suite_path,
)
from medprivacy.errors import ConfigError, InputError
from medprivacy.fileio import atomic_write_json, sha256_file
from medprivacy.pipeline import PRIVATE_PREFIX, RunContext, StepResult
from medprivacy.plan import StepPlan
from medprivacy.spec import Step, StepConfig, private_field, steps


class AttackStepConfig(StepConfig):
    """Fields of an ``attack`` step."""

    suite: Path = Field(description="Packaged suite name (hipaa) or suite YAML file path.")
    table: str | None = Field(None, description="Released table, relative to release/.")
    dicom: str | None = Field(None, description="Released DICOM folder, relative to release/.")
    dicom_tags: list[str] = Field(default_factory=lambda: list(DEFAULT_TAGS))
    members: Path | None = private_field(None, description="Records the release was built from.")
    non_members: Path | None = private_field(None, description="Same population, not used.")
    population: Path | None = private_field(None, description="Adversary's reference data.")
    power_release: Path | None = private_field(
        None, description="The same mechanism deliberately broken: the ε audit's power check."
    )
    power_epsilon: float | None = Field(None, gt=0, description="ε the broken run was made at.")
    quasi_identifiers: list[str] = Field(default_factory=list)
    sensitive: list[str] = Field(default_factory=list)
    population_size: int | None = Field(None, ge=1)
    synthetic: bool = False
    epsilon: float | None = Field(None, gt=0, description="Overrides the release's stated ε.")
    delta: float | None = Field(None, ge=0, lt=1, description="Overrides the stated δ.")
    adjacency: str | None = Field(None, pattern=r"^(add_remove|substitution)$")
    output: str = Field("attacks", pattern=r"^[A-Za-z0-9_-]+$", description="Folder in private/.")
    remedy: Literal["anonymize"] | None = Field(
        None, description="anonymize: re-anonymize a failing table to the suite's thresholds."
    )
    remedy_suppression_limit: float = Field(
        0.05, ge=0, le=1, description="Share of records the remedy may suppress."
    )


@steps.register("attack")
class AttackStep(Step):
    """Attack the release's own table or DICOM headers; results stay in private/."""

    Config = AttackStepConfig
    config: AttackStepConfig

    def plan(self, ctx: RunContext) -> StepPlan:
        """What can be checked before the release exists: the suite loads, the released table
        or folder and any ``private:`` input name an earlier step's output, other inputs exist.
        The attacked files are made by earlier steps, so their contents are checked when this
        step runs. Charges nothing."""
        cfg = self.config
        load_suite(suite_path(cfg.suite, ctx.resolve))
        if (cfg.table is None) == (cfg.dicom is None):
            raise ConfigError("name exactly one of a table and a DICOM folder to attack")
        if cfg.remedy and (cfg.table is None or cfg.synthetic):
            raise ConfigError(
                "remedy: anonymize re-anonymizes a released record-level table: name one with "
                "`table:` (not a DICOM folder, not synthetic data)"
            )
        index = next(i for i, (_, step) in enumerate(ctx.spec.built) if step is self)
        earlier = {getattr(s.config, "output", None) for _, s in ctx.spec.built[:index]}
        refs = [cfg.table, cfg.dicom, cfg.members, cfg.non_members, cfg.population]
        for ref in [*refs, cfg.power_release]:
            text = str(ref or "")
            made = text.startswith(PRIVATE_PREFIX) or ref in (cfg.table, cfg.dicom)
            head = Path(text.removeprefix(PRIVATE_PREFIX)).parts[:1]
            if not ref or (made and head and head[0] in earlier):
                continue
            where = "private/" if text.startswith(PRIVATE_PREFIX) else "release/"
            if made:
                raise ConfigError(
                    f"{where}{text.removeprefix(PRIVATE_PREFIX)}: not the output of an earlier "
                    "step of this pipeline"
                )
            if not ctx.resolve(Path(text)).is_file():
                raise InputError(f"{ctx.resolve(Path(text))}: file not found")
        note = "the attacked data are made by earlier steps: their contents are checked when run"
        notes = [note]
        if cfg.remedy:
            notes.append(
                f"remedy: if {cfg.table} fails, it is re-anonymized to the suite's thresholds "
                f"(at most {cfg.remedy_suppression_limit:.0%} of records suppressed) and attacked "
                "again; the failing version goes to private/"
            )
        return StepPlan(notes=notes)

    def run(self, ctx: RunContext) -> StepResult:
        cfg = self.config
        release, name, default_qis = load_release(
            ctx.release_dir, cfg.table, cfg.dicom, cfg.dicom_tags
        )
        stated = read_claim((ctx.release_dir / cfg.table).parent) if cfg.table else None
        claim = resolve_claim(stated, cfg.epsilon, cfg.delta, cfg.adjacency)

        def opt(p: Path | None) -> Path | None:
            return None if p is None else ctx.resolve(p)

        def attack(release: Any) -> SuiteRun:
            return run_suite_files(
                suite_path(cfg.suite, ctx.resolve),
                release,
                members=opt(cfg.members),
                non_members=opt(cfg.non_members),
                population=opt(cfg.population),
                quasi_identifiers=cfg.quasi_identifiers or default_qis,
                sensitive=cfg.sensitive,
                population_size=cfg.population_size,
                epsilon=claim.epsilon,
                delta=claim.delta,
                adjacency=claim.adjacency,
                max_rows=claim.max_rows,
                power_release=opt(cfg.power_release),
                power_epsilon=cfg.power_epsilon,
                synthetic=cfg.synthetic,
                name=name,
                executor=ctx.executor,  # counts a partitioned release's parts
            )

        run = attack(release)
        folder = ctx.private_dir / cfg.output
        fix = None
        if cfg.remedy and run.verdict == "fail" and cfg.table is not None:
            fix = self._remedy(ctx, run, folder)
            if fix.failed_copy:
                write_report(run, folder / "before")  # the failing release's results, kept
                release = load_release(ctx.release_dir, cfg.table, None, cfg.dicom_tags)[0]
                before, run = run, attack(release)
        write_report(run, folder)
        private = {
            "suite": run.suite,
            "results": f"private/{cfg.output}",
            "verdict": run.verdict,
            "verdicts": run.counts(),
            "skipped": sorted(run.skipped),
            "errors": sorted(run.errors),
            "claim_overrides": claim.notes,
        }
        lines = [
            f"attack: {run.summary()}; results in private/{cfg.output}",
            *(f"attack: {n}" for n in claim.notes),
            *(f"attack: {d}" for d in run.defects()),
        ]
        summary: dict[str, Any] = {"suite": run.suite}
        files: dict[str, str] = {}
        if fix is not None:
            doc = self._remedy_doc(fix, before if fix.failed_copy else run, run)
            atomic_write_json(folder / "remedy.json", doc)
            private["remedy"] = {k: doc[k] for k in ("table", "before", "after", "failed_copy")}
            lines.insert(0, f"attack: remedy: {self._remedy_line(fix, doc)}")
            if fix.failed_copy:
                summary["remedy"] = {"table": fix.table, **fix.figures}  # of the released table
                files[fix.table] = sha256_file(ctx.release_dir / fix.table)
        return StepResult(summary, private, files, lines)

    def _remedy(self, ctx: RunContext, run: SuiteRun, folder: Path) -> Remedy:
        cfg = self.config
        assert cfg.table is not None
        named = (r.details.get("quasi_identifiers") for r in run.results)
        qis = cfg.quasi_identifiers or next((q for q in named if q), [])
        if not qis:
            qis = load_suite(suite_path(cfg.suite, ctx.resolve))[0].quasi_identifiers
        population = ctx.resolve(cfg.population) if cfg.population else None
        return remedy_table(
            ctx,
            cfg.table,
            run,
            list(qis),
            cfg.remedy_suppression_limit,
            folder,
            cfg.population_size,
            population,
        )

    @staticmethod
    def _remedy_doc(fix: Remedy, before: SuiteRun, after: SuiteRun) -> dict[str, Any]:
        return {
            "table": fix.table,
            "before": before.verdict,
            "after": after.verdict if fix.failed_copy else None,
            "failed_copy": fix.failed_copy or None,
            "error": fix.error or None,
            "models": fix.models,
            "uncovered": fix.uncovered,
            "hierarchies": fix.hierarchies,
            "released": fix.figures,
            **fix.private,
        }

    @staticmethod
    def _remedy_line(fix: Remedy, doc: dict[str, Any]) -> str:
        if not fix.failed_copy:
            return f"{fix.table} failed and could not be re-anonymized ({fix.error}); it blocks"
        f = fix.figures
        return (
            f"{fix.table} failed; re-anonymized to the suite's thresholds (levels {f['levels']}, "
            f"{f['suppressed']} of {f['records']} records suppressed, {f['classes']} classes), "
            f"attacked again: {doc['after']}; the failing version is in {fix.failed_copy}, "
            "not released"
        )
