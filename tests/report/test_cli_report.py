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


def test_report_blocks_a_release_that_differs_from_its_manifest(tmp_path: Path) -> None:
    run = make_run(tmp_path / "run")
    with (run / "release" / "synth" / "synthetic.csv").open("a") as f:
        f.write("M,99\n")  # a row appended after the run
    (run / "release" / "synth" / "notes.txt").write_text("planted after the run\n")
    (run / "release" / "dicom" / "a.dcm").unlink()
    proc = _report(run)
    assert proc.returncode == 1
    assert proc.stdout.startswith("verdict: BLOCKED (3 reason(s))\n")
    assert proc.stderr.splitlines() == [
        "blocked: release/ does not match its manifest: dicom/a.dcm: listed but missing",
        "blocked: release/ does not match its manifest: synth/synthetic.csv: SHA-256 differs "
        "from the manifest's",
        "blocked: release/ does not match its manifest: synth/notes.txt: not listed in the "
        "manifest",
    ]


def test_report_blocks_when_attack_results_are_missing_or_unreadable(tmp_path: Path) -> None:
    gone = make_run(tmp_path / "gone")
    (gone / "private" / "attacks-t" / "attack_results.json").unlink()
    broken = make_run(tmp_path / "broken")
    (broken / "private" / "attacks-t" / "attack_results.json").write_text('{"broken":')
    for run in (gone, broken):
        proc = _report(run)
        assert proc.returncode == 1, proc.stdout
        assert proc.stderr == "blocked: attack-t: attack results missing: cannot decide\n"
