"""`deid dicom --max-file-mb`: a file over the declared maximum is reported and skipped, never
read, and the batch goes on with the others (end to end through the CLI)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .helpers import cli_env, dicom_outputs, save, state_of, template, with_fresh_uids


def test_a_file_over_max_file_mb_is_skipped_counted_and_the_batch_goes_on(tmp_path: Path) -> None:
    save(with_fresh_uids(template("CT_small.dcm")), tmp_path / "in" / "a_small.dcm")
    big = with_fresh_uids(template("CT_small.dcm"))
    big.PixelData = bytes(1_200_000)  # over 1 MiB; its header is never parsed
    big.Rows, big.Columns = 600, 1000
    save(big, tmp_path / "in" / "b_big.dcm")
    save(with_fresh_uids(template("MR_small.dcm")), tmp_path / "in" / "c_small.dcm")
    proc = subprocess.run(
        [sys.executable, "-m", "medprivacy.cli", "deid", "dicom", "in", "out", "--no-progress",
         "--max-file-mb", "1"],
        cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr  # 1: some inputs were not released
    assert "Traceback" not in proc.stderr and "b_big" not in proc.stderr
    assert len(dicom_outputs(tmp_path / "out")) == 2
    summary = json.loads((state_of(tmp_path / "out") / "summary.json").read_text())
    text = json.dumps(summary)
    assert "b_big.dcm" in text  # the full path only in the private summary
    skipped = [p for p in summary.get("problems", summary.get("review", [])) if "b_big" in str(p)]
    assert skipped, text[:2000]
