"""`medprivacy synth`: release/ gets DP outputs only, the fidelity report stays private."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from medprivacy.budget import Ledger
from medprivacy.keys import Key

SAMPLE = Path(__file__).resolve().parents[2] / "src/medprivacy/sample_data/ehr/patients.csv"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MEDPRIVACY_KEY": "synth-cli-test-key-0123456789"}
    cmd = [sys.executable, "-m", "medprivacy.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


def test_synth_cli_writes_release_and_private_apart(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        f"input: {SAMPLE}\nmethod: independent\nepsilon: 1.0\ndataset: pts\ncolumns:\n"
        "  GENDER: {domain: [F, M]}\n"
        "  AGE: {type: numeric, bounds: [0, 110], bins: 11, dtype: int}\n"
    )
    ledger = str(tmp_path / "l.sqlite")
    assert (
        _run(
            "budget", "init", "pts", "--epsilon", "2", "--delta", "1e-5", "--ledger", ledger
        ).returncode
        == 0
    )
    proc = _run("synth", str(spec), "--out", str(tmp_path / "o"), "--ledger", ledger)
    assert proc.returncode == 0, proc.stderr
    release, private = tmp_path / "o" / "release", tmp_path / "o" / "private"
    assert sorted(p.name for p in release.iterdir()) == ["privacy.json", "synthetic.csv"]
    assert sorted(p.name for p in private.iterdir()) == ["fidelity.json", "fidelity.png"]
    privacy = json.loads((release / "privacy.json").read_text())
    assert privacy["rows_from"] == "the noisy count" and privacy["table"].startswith("the input")


def test_synth_cli_help_says_where_fidelity_goes() -> None:
    proc = _run("synth", "--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    assert "release/" in text and "private/" in text and "fidelity" in text


def test_synth_cli_null_without_nullable_is_one_line_exit_2_and_charges_nothing(
    tmp_path: Path,
) -> None:
    # MARITAL has empty cells in the sample table; undeclared, they refuse the run
    spec = tmp_path / "s.yaml"
    body = (
        f"input: {SAMPLE}\nmethod: mst\nepsilon: 1.0\ndataset: pts\ncolumns:\n"
        "  GENDER: {domain: [F, M]}\n"
        "  MARITAL: {domain: [M, S]}\n"
    )
    spec.write_text(body)
    ledger = str(tmp_path / "l.sqlite")
    init = _run("budget", "init", "pts", "--epsilon", "2", "--delta", "1e-5", "--ledger", ledger)
    assert init.returncode == 0
    proc = _run("synth", str(spec), "--out", str(tmp_path / "o"), "--ledger", ledger)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: column 'MARITAL', row 1: an empty cell")
    assert "`nullable: true`" in proc.stderr and "Traceback" not in proc.stderr
    book = Ledger(ledger, key=Key("synth-cli-test-key-0123456789"))
    assert book.balance("pts").spent_epsilon == 0
    spec.write_text(body.replace("{domain: [M, S]}", "{domain: [M, S], nullable: true}"))
    proc = _run("synth", str(spec), "--out", str(tmp_path / "o"), "--ledger", ledger)
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / "o" / "release" / "synthetic.csv").read_text().splitlines()
    assert any(line.endswith(",") for line in out[1:])  # some synthetic MARITAL cells are empty
