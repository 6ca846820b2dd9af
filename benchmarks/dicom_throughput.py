"""DICOM de-identification throughput: medprivacy next to a one-process pydicom read+write.

Builds a PHI-planted corpus from pydicom's test files, then times, in one run on the same files:
  * ``medprivacy deid dicom --workers N`` as a whole command (start-up, journal, summary included),
  * a one-process pydicom read + write of every file (the floor any pydicom tool pays),
  * ``cp -r`` (the disk).
and checks the output with the shared conformance checker when it is present.

    python benchmarks/dicom_throughput.py --files 1000 --workers 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pydicom

from medprivacy.testing.dicom_corpus import TEMPLATES, build_corpus

REPO = Path(__file__).resolve().parents[1]
CHECKER = REPO.parent / "shared" / "tools" / "dicom_check.py"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.dcm") if p.is_file())


def time_medprivacy(src: Path, dst: Path, workers: int) -> float:
    env = {**os.environ, "MEDPRIVACY_KEY": "benchmark-key"}
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "medprivacy.cli",
            "deid",
            "dicom",
            str(src),
            str(dst),
            "--workers",
            str(workers),
            "--no-progress",
        ],
        check=True,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def time_pydicom(src: Path, dst: Path) -> float:
    t0 = time.perf_counter()
    for p in _files(src):
        ds = pydicom.dcmread(p)
        out = dst / p.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        ds.save_as(out, enforce_file_format=False)
    return time.perf_counter() - t0


def time_cp(src: Path, dst: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(["cp", "-r", str(src), str(dst)], check=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mp-bench-"))
    try:
        copies = max(1, a.files // len(TEMPLATES))
        src = tmp / "in"
        manifest = build_corpus(src, copies, seed=1)
        n = len(_files(src))
        rows = [
            (
                f"medprivacy deid dicom --workers {a.workers}",
                time_medprivacy(src, tmp / "mp", a.workers),
            ),
            ("pydicom read + write, no changes (1 process)", time_pydicom(src, tmp / "pyd")),
            ("cp -r", time_cp(src, tmp / "cp")),
        ]
        conformance = ""
        if CHECKER.exists():
            out = subprocess.run(
                [
                    sys.executable,
                    str(CHECKER),
                    str(src),
                    str(tmp / "mp"),
                    "--manifest",
                    str(manifest),
                ],
                capture_output=True,
                text=True,
            )
            conformance = out.stdout.strip().splitlines()[-1]
        floor = n / rows[1][1]
        print(
            f"corpus: {n} files, {sum(p.stat().st_size for p in _files(src)) / 1e6:.1f} MB, "
            f"{os.cpu_count()} cores"
        )
        print("| tool | files/s | vs pydicom read+write |\n|---|---|---|")
        for name, seconds in rows:
            print(f"| {name} | {n / seconds:,.0f} | {n / seconds / floor:.2f}x |")
        if conformance:
            print(f"medprivacy output: {conformance}")
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
