"""A killed run, rerun with the same command, finishes the batch without redoing finished files
and leaves exactly what an uninterrupted run leaves."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import build_corpus

from .helpers import TMP_PREFIX, cli_env, journal_of, journal_rows, temp_files, tree

# 33 copies x 11 templates = 363 files. The journal's first commit comes after 256 files, so
# the kill lands with ~100 files to go (about half a second of work at one worker).
COPIES = 33


@pytest.mark.slow
def test_killed_run_resumes_to_byte_identical_outputs_without_redoing_finished_files(
    tmp_path: Path, key: Key
) -> None:
    src, out, ref = tmp_path / "in", tmp_path / "out", tmp_path / "reference"
    build_corpus(src, COPIES, seed=5, manifest=tmp_path / "m.json")
    total = sum(1 for p in src.rglob("*") if p.is_file())
    cmd = [
        sys.executable,
        "-m",
        "medprivacy.cli",
        "deid",
        "dicom",
        str(src),
        str(out),
        "--workers",
        "1",
        "--no-progress",
    ]

    # 1. start, wait for the first journal commit, kill -9
    log = (tmp_path / "killed.log").open("w")
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=cli_env(), stdout=log, stderr=log)
    deadline = time.monotonic() + 120
    try:
        while journal_rows(journal_of(out)) == 0:
            assert proc.poll() is None, (
                "the run ended before its first journal commit: make the corpus bigger"
            )
            assert time.monotonic() < deadline, "no journal rows after 120 s"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        log.close()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    at_restart = journal_rows(journal_of(out))
    assert 0 < at_restart < total, (at_restart, total)
    assert len(list(out.rglob("*.dcm"))) < total  # killed mid-batch, not after the last file

    # a temp file as a killed run leaves it (between write and link) must not survive a rerun
    some_dir = next(p.parent for p in out.rglob("*.dcm"))
    (some_dir / f"{TMP_PREFIX}99999-stale.dcm").write_bytes(b"half a file")

    # 2. rerun the same command to completion
    done = subprocess.run(
        cmd, cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    counts = re.search(
        r"DICOM: done (\d+), resumed (\d+), quarantined (\d+), failed (\d+)", done.stderr
    )
    assert counts, done.stderr
    redone, resumed, quarantined, failed = map(int, counts.groups())
    assert resumed >= at_restart > 0, done.stderr
    assert redone + resumed == total and quarantined == failed == 0, done.stderr
    assert journal_rows(journal_of(out)) == total

    # 3. an uninterrupted run with the same key leaves the same files, byte for byte
    deidentify_dicom(src, ref, key, progress=False)  # key == Key(SECRET), the CLI's key
    resumed_tree, reference_tree = tree(out), tree(ref)
    assert len(reference_tree) == total
    assert resumed_tree.keys() == reference_tree.keys()
    assert resumed_tree == reference_tree
    assert not list(temp_files(out))
