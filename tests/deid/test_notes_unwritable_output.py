"""`medprivacy deid notes` into an output folder it cannot write (read-only, or a full disk):
one line on stderr, exit 2, no traceback, no note text, nothing half written left behind."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

NOTE = "Mr. CANARYHAVERTON was seen on 03/04/2021 for a cough. " * 400  # about 24 kB


def notes_cli(tmp_path: Path, out: Path, preexec: Callable[[], None] | None = None):
    (tmp_path / "notes.jsonl").write_text(json.dumps({"id": "n1", "text": NOTE}) + "\n")
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    return subprocess.run(
        [sys.executable, "-m", "medprivacy.cli", "deid", "notes", "--in", "notes.jsonl",
         "--out", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, preexec_fn=preexec,
    )  # fmt: skip


def assert_one_line_exit_2(proc: subprocess.CompletedProcess[str]) -> None:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert "Traceback" not in proc.stderr and "CANARYHAVERTON" not in proc.stderr
    assert proc.stdout == ""


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder no process may write: mode 0500, or immutable (chattr +i) for root."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)]).returncode != 0:
        pytest.skip("running as root without chattr +i: no folder is read-only")
    try:
        yield folder
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def test_notes_into_a_read_only_folder_is_one_line_and_exit_2(
    tmp_path: Path, read_only: Path
) -> None:
    proc = notes_cli(tmp_path, read_only / "scrubbed.jsonl")
    assert_one_line_exit_2(proc)
    assert list(read_only.iterdir()) == []


def _small_file_limit() -> None:  # in the child: no file over 4 kB can be written
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_notes_onto_a_full_disk_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    proc = notes_cli(tmp_path, out / "scrubbed.jsonl", _small_file_limit)
    assert_one_line_exit_2(proc)
    assert list(out.iterdir()) == []  # the temporary file is removed, never renamed
