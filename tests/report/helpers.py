"""Build a run's reports the way the pipeline does: from its manifest's parts."""

from __future__ import annotations

import json
from pathlib import Path

from medprivacy.report import Gates, Verdict, build_reports
from medprivacy.report.build import run_gates


def build(run: Path, gates: Gates | None = None) -> Verdict:
    manifest = json.loads((run / "release" / "manifest.json").read_text())
    return build_reports(
        run,
        pipeline=manifest["pipeline"],
        steps=manifest["steps"],
        files={f["path"]: f["sha256"] for f in manifest["files"]},
        gates=gates or run_gates(run / "private" / "pipeline.yaml"),
    )
