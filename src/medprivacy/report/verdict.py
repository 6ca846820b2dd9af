"""Gates and the verdict: which findings block a release, and the decision with its reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

READY = "READY TO RELEASE"
BLOCKED = "BLOCKED"
SEVERITY = {"pass": 0, "n/a": 0, "attention": 1, "fail": 2}


class Gates(BaseModel):
    """What blocks a release (a pipeline's ``gates:``). By default any attack figure that fails,
    any input file that failed (quarantine by rule is not a failure), any DP figure marked
    unusable and anything left unassessed (an attack step that assessed nothing, an attack of a
    suite that could not run, an output step that released nothing) block it; attention verdicts
    and a weak synthetic table are warnings. A release/ that differs from its manifest and
    missing attack results always block: no gate turns those off."""

    model_config = ConfigDict(extra="forbid")
    attacks: Literal["fail", "attention", "off"] = "fail"
    failed_inputs: bool = True
    unusable_dp: bool = True
    unassessed: bool = True
    synthetic_below_floor: bool = False


@dataclass
class Verdict:
    """The decision, its reasons (what blocks) and warnings (what to read before releasing);
    ``files`` are the release-relative pages written, with their SHA-256."""

    ready: bool
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    review: Path | None = None
    files: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return READY if self.ready else BLOCKED

    @property
    def exit_code(self) -> int:
        """0 when ready, 1 when blocked (the CLI convention for ``run`` and ``report``)."""
        return 0 if self.ready else 1

    def line(self) -> str:
        """One line for the terminal: the decision and, when blocked, how many reasons."""
        if self.ready:
            notes = f" ({len(self.warnings)} warning(s) to read)" if self.warnings else ""
            return f"verdict: {READY}{notes}"
        return f"verdict: {BLOCKED} ({len(self.reasons)} reason(s))"

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.label,
            "ready": self.ready,
            "reasons": self.reasons,
            "warnings": self.warnings,
        }


def decide(doc: dict[str, Any], gates: Gates) -> Verdict:
    """The verdict on a review document (see :mod:`medprivacy.report.collect`) under ``gates``."""
    reasons: list[str] = []
    warnings: list[str] = []
    limit = {"fail": 2, "attention": 1, "off": 99}[gates.attacks]
    reasons += [f"release/ does not match its manifest: {p}" for p in doc.get("release_check", [])]
    unassessed = reasons if gates.unassessed else warnings
    for item in doc["released"]:
        if item.get("empty"):
            unassessed.append(f"{item['step']}: nothing released ({item['empty']})")
    if not doc["attacks"] and doc["released"]:
        warnings.append("no attack was run on this release")
    for suite in doc["attacks"]:
        if suite.get("missing"):
            reasons.append(f"{suite['step']}: attack results missing: cannot decide")
            continue
        if not any(f["verdict"] in ("pass", "attention", "fail") for f in suite["figures"]):
            unassessed.append(f"{suite['step']}: nothing could be assessed (no figure has a limit)")
        for fig in suite["figures"]:
            level = SEVERITY.get(fig["verdict"], 0)
            text = f"{suite['step']}: {fig['sentence']} ({fig['verdict']}: {fig['threshold']})"
            if level >= limit:
                reasons.append(text)
            elif level:
                warnings.append(text)
        for name, why in suite["errors"].items():
            unassessed.append(f"attack {suite['step']}: {name} could not run ({why})")
    inputs = doc["inputs"]
    for step in inputs["steps"]:
        if step["failed"]:
            text = f"{step['step']}: {step['failed']} input file(s) failed"
            (reasons if gates.failed_inputs else warnings).append(text)
        if step["quarantined"]:
            warnings.append(f"{step['step']}: {step['quarantined']} input file(s) quarantined")
    for step, text in inputs.get("warnings", []):
        warnings.append(f"{step}: {text}")
    for release in doc["dp"]:
        for stat in release["statistics"]:
            if stat["unusable"]:
                text = (
                    f"DP statistic {release['step']}/{stat['name']} is unusable: {stat['warning']}"
                )
                (reasons if gates.unusable_dp else warnings).append(text)
            elif stat["warning"]:
                warnings.append(f"DP statistic {release['step']}/{stat['name']}: {stat['warning']}")
    for synth in doc["synthetic"]:
        if synth.get("below_floor"):
            text = f"synthetic {synth['step']}: {synth['verdict']}"
            (reasons if gates.synthetic_below_floor else warnings).append(text)
    return Verdict(ready=not reasons, reasons=reasons, warnings=warnings)
