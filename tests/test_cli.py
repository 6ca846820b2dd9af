"""The CLI: fast help, one-line user errors with exit code 2, and `run`/`keygen` end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "medprivacy.cli"]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    full_env.update(env or {})
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=full_env, timeout=300)


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys, medprivacy.cli as c\n"
        "heavy = {'pydicom', 'pandas', 'polars', 'opendp', 'torch', 'sdv', 'presidio_analyzer'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert _run("--help").returncode == 0


def test_missing_key_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proc = _run("deid", "dicom", str(tmp_path), str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("error: no key")
    assert "Traceback" not in proc.stderr


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    spec = tmp_path / "p.yaml"
    spec.write_text("name: t\nsteps:\n  - step: deid_dicom\n    input: a\n    workers: -1\n")
    proc = _run("run", str(spec), env={"MEDPRIVACY_KEY": "k"})
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {spec}:5: steps.0.workers")
    assert "Traceback" not in proc.stderr


def test_keygen_then_run_writes_release(tmp_path: Path, small_corpus: tuple[Path, Path]) -> None:
    key_file = tmp_path / "k.key"
    assert _run("keygen", "--out", str(key_file)).returncode == 0
    assert key_file.read_text().strip() not in _run("keygen", "--out", str(key_file)).stderr
    spec = tmp_path / "p.yaml"
    spec.write_text(f"name: t\nsteps:\n  - step: deid_dicom\n    input: {small_corpus[0]}\n")
    proc = _run(
        "run",
        str(spec),
        "--out",
        str(tmp_path / "run"),
        "--key-file",
        str(key_file),
        "--no-progress",
    )
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "run" / "release" / "manifest.json").read_text())
    assert len(manifest["files"]) == 2
    assert key_file.read_text().strip() not in proc.stderr + json.dumps(manifest)
    assert _run("audit", "verify", str(tmp_path / "run")).returncode == 0
