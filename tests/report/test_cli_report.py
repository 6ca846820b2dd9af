"""`medprivacy report RUN_DIR`: the verdict line and the review's path; exit 0 when ready, 1 when
blocked, 2 with one line for a folder that is not a finished run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import make_run

CLI = [sys.executable, "-m", "medprivacy.cli", "report"]


def _report(run: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, str(run)], capture_output=True, text=True, timeout=120)


def test_report_exits_0_when_ready_and_1_when_blocked(tmp_path: Path) -> None:
    ready = _report(make_run(tmp_path / "a"))
    assert ready.returncode == 0, ready.stderr
    assert ready.stdout.splitlines()[0] == "verdict: READY TO RELEASE (1 warning(s) to read)"
    assert ready.stdout.splitlines()[1] == f"review: {tmp_path / 'a' / 'private' / 'review.html'}"
    blocked = _report(make_run(tmp_path / "b", attack_verdict="fail"))
    assert blocked.returncode == 1
    assert blocked.stdout.startswith("verdict: BLOCKED (1 reason(s))\n")
    assert blocked.stderr.startswith("blocked: attack-t: an attacker who knows")


def test_report_on_a_folder_without_a_run_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proc = _report(tmp_path)
    assert proc.returncode == 2
    assert (
        proc.stderr
        == f"error: {tmp_path}: no readable release/manifest.json (not a finished run)\n"
    )
