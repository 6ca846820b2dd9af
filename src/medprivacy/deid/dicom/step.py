"""The ``deid_dicom`` pipeline step: Annex E de-identification of a DICOM tree into release/."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.deid.dicom.profile import validate_options
from medprivacy.errors import ConfigError, InputError
from medprivacy.executor import check_executor
from medprivacy.pipeline import RunContext, StepResult
from medprivacy.plan import StepPlan
from medprivacy.spec import Step, StepConfig, private_field, steps


class DeidDicomConfig(StepConfig):
    """Fields of a ``deid_dicom`` step."""

    input: Path = private_field(description="Directory of DICOM files (never modified).")
    output: str = Field("dicom", pattern=r"^[A-Za-z0-9_-]+$", description="Folder in release/.")
    options: list[str] = Field(default_factory=list, description="Annex E option keys.")
    workers: int = Field(1, ge=1, le=256)
    pixel_check: Literal["none", "ocr"] = Field(
        "none", description="ocr: OCR flagged images for burned-in PHI (a review aid)."
    )
    text_cleaner: Literal["vocabulary", "scrubber"] = Field(
        "vocabulary",
        description="clean_descriptors: blank any descriptor with an unknown word (vocabulary), "
        "or cut PHI out with the notes scrubber and the file's patient as context (scrubber).",
    )
    date_shift_days: tuple[int, int] = Field(
        (-365, -1), description="Per-patient shift range in days (retain_long_modified_dates)."
    )

    @field_validator("date_shift_days")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] > value[1]:
            raise ValueError("date_shift_days: minimum above maximum")
        return value

    @field_validator("options")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        try:
            return list(validate_options(value))
        except ConfigError as exc:  # pydantic reports ValueErrors with the YAML line
            raise ValueError(str(exc)) from None


@steps.register("deid_dicom")
class DeidDicom(Step):
    """De-identify DICOM files with the Basic Profile and the chosen Annex E options."""

    Config = DeidDicomConfig
    config: DeidDicomConfig

    def plan(self, ctx: RunContext) -> StepPlan:
        """The input folder exists (options were checked with the spec); each file is checked
        when it is read, where a bad one is quarantined by rule. Charges nothing."""
        folder = ctx.resolve(self.config.input)
        if not folder.is_dir():
            raise InputError(f"{folder}: input directory not found")
        check_executor(ctx.executor)  # the scale extra is there, the scheduler answers
        return StepPlan(
            notes=["DICOM files are checked one by one when run (bad ones quarantined)"]
        )

    def run(self, ctx: RunContext) -> StepResult:
        cfg = self.config
        out = ctx.release_dir / cfg.output
        summary = deidentify_dicom(
            ctx.resolve(cfg.input),
            out,
            ctx.key,
            cfg.options,
            workers=cfg.workers,
            state_dir=ctx.private_dir / f"state-{cfg.output}",
            progress=ctx.progress,
            date_shift_days=cfg.date_shift_days,
            pixel_check=cfg.pixel_check,
            text_cleaner=cfg.text_cleaner,
            executor=ctx.executor,
        )
        public: dict[str, Any] = {
            "profile": "PS3.15 Annex E Basic Application Level Confidentiality Profile",
            "options": cfg.options,
            "released": summary.done + summary.resumed,
            "quarantined": summary.quarantined,
            "failed": summary.failed,
            "flagged_for_pixel_review": len(summary.review),
            "files_per_second": round(summary.files_per_second, 1),
            "actions": summary.actions,
            "pixel_check": cfg.pixel_check,
            "text_cleaner": cfg.text_cleaner,
            "ocr_checked": len(summary.ocr),
            "ocr_found_phi": sum(1 for n in summary.ocr.values() if n > 0),
            "skipped_symlinks": summary.skipped_symlinks,
            "skipped_special": summary.skipped_special,
        }
        private = summary.to_dict()
        private.pop("outputs")
        files = {f"{cfg.output}/{rel}": sha for rel, sha in summary.outputs.items()}
        lines = [f"DICOM {summary.line()}"]
        lines += [f"{p.status}: input {p.id}: {p.reason}" for p in summary.problems]
        return StepResult(public, private, files, lines)
