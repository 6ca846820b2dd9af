"""The ``deid_tables`` pipeline step: release related EHR tables under a table spec."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from medprivacy.deid.table.checklist import build_checklist, render_html
from medprivacy.deid.table.engine import check_tables, describe, release_tables, released_files
from medprivacy.deid.table.spec import ReleaseKind, ReleaseSpec, load_release_spec
from medprivacy.errors import ConfigError
from medprivacy.fileio import atomic_write_json, atomic_write_text, sha256_file
from medprivacy.pipeline import RunContext, StepResult
from medprivacy.plan import StepPlan
from medprivacy.spec import Step, StepConfig, private_field, steps

KIND_WORDS = {
    ReleaseKind.SAFE_HARBOR: "Safe Harbor",
    ReleaseKind.EXPERT_DETERMINATION: "by Expert Determination (Safe Harbor rules + anonymize)",
    ReleaseKind.PSEUDONYMISED: "pseudonymised (NOT Safe Harbor)",
}


class DeidTablesConfig(StepConfig):
    """Fields of a ``deid_tables`` step."""

    spec: Path = private_field(description="Table spec YAML (tables, keys, roles and rules).")
    output: str = Field("tables", pattern=r"^[A-Za-z0-9_-]+$", description="Folder in release/.")


@steps.register("deid_tables")
class DeidTables(Step):
    """Safe Harbor or pseudonymised release of relational tables, with its checklist."""

    Config = DeidTablesConfig
    config: DeidTablesConfig

    def _spec(self, ctx: RunContext) -> ReleaseSpec:
        spec = load_release_spec(ctx.resolve(self.config.spec))
        release = ctx.release_dir.resolve()
        for name, table in spec.tables.items():  # it would be overwritten or moved to stale/
            if spec.resolve(table.path).resolve().is_relative_to(release):
                raise ConfigError(
                    f"{name}: input table inside the release folder {ctx.release_dir}"
                )
        return spec

    def plan(self, ctx: RunContext) -> StepPlan:
        """The table spec and every table against it (the checks the release makes before it
        writes anything); charges nothing."""
        spec = self._spec(ctx)
        anonymized = check_tables(spec, ctx.key)
        writes = {f"{self.config.output}/{f}": c for f, c in released_files(spec).items()}
        return StepPlan(
            checks=[f"{len(spec.tables)} table(s) match the spec", *anonymized], writes=writes
        )

    def run(self, ctx: RunContext) -> StepResult:
        cfg = self.config
        spec = self._spec(ctx)
        out = ctx.release_dir / cfg.output
        result = release_tables(
            spec, ctx.key, out, ctx.private_dir / cfg.output, executor=ctx.executor
        )
        checklist = build_checklist(spec, describe(result))
        atomic_write_json(out / "checklist.json", checklist)
        atomic_write_text(out / "checklist.html", render_html(checklist))
        written = [*result.outputs(), out / "checklist.json", out / "checklist.html"]
        files = {  # a partitioned table's tasks hashed their files as they wrote them
            f"{cfg.output}/{p.relative_to(out).as_posix()}": result.hashes.get(p) or sha256_file(p)
            for p in written
        }
        summary = {
            "release": spec.release.value,
            "safe_harbor": checklist["safe_harbor"],
            "tables": describe(result),
            "warnings": result.warnings,
        }
        kind = KIND_WORDS[spec.release]
        rows = sum(r.rows for r in result.tables.values())
        lines = [f"tables: {len(result.tables)} released {kind}, {rows} rows", *result.warnings]
        for name, r in result.tables.items():
            if r.anonymized is not None:
                a = r.anonymized
                lines.append(
                    f"{name}: anonymized at levels {a['levels']}: {a['classes']} classes, "
                    f"{a['suppressed']} of {a['records']} rows suppressed, highest prosecutor "
                    f"risk {a['risk']['highest_prosecutor']:.3g}, {a['utility']['measure']} "
                    f"loss {a['utility']['loss']:.3f}"
                )
        private = {
            "release_code_maps": {d: str(p) for d, p in result.code_maps.items()},
            "anonymization": {t: str(p) for t, p in result.anonymization.items()},
        }
        return StepResult(summary, private, files, lines)
