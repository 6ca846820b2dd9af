"""`medprivacy stats` (the CLI, outside any pipeline) refuses a partly parsed CSV before it
pays: a file cut mid-row, a short row or an unterminated quote is one line on stderr, exit 2,
the ledger exactly as it was (no entry, same head) and no output folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from medprivacy.budget import Ledger
from medprivacy.keys import Key

CLI = [sys.executable, "-m", "medprivacy.cli"]
KEY = "0123456789abcdef-test-key"  # the conftest `key` fixture's secret
HEADER = "pid,sex,age\n"
GOOD = "".join(f"p{i // 3},{'FM'[i % 2]},{20 + i % 60}\n" for i in range(300))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    env["MEDPRIVACY_KEY"] = KEY
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)  # fmt: skip


@pytest.mark.parametrize(
    ("tail", "row"),
    [
        ("p900,F,4", None),  # cut mid-row: the last record has no newline and a short value
        ("p901,F\np902,M,40\n", "301"),  # a short row (data row 301) in the middle of the file
        ('p903,"F,40\np904,M,41\n', None),  # an unterminated quote swallows the rest
    ],
    ids=["cut", "short-row", "open-quote"],
)
def test_stats_cli_refuses_a_partly_parsed_csv_before_charging(
    tmp_path: Path, key: Key, tail: str, row: str | None
) -> None:
    (tmp_path / "visits.csv").write_text(HEADER + GOOD + tail)
    (tmp_path / "stats.yaml").write_text(
        "input: visits.csv\ndataset: visits\nbudget: {epsilon: 1}\n"
        "privacy_unit: {id: pid, max_rows: 3}\n"
        "queries:\n  - {name: n, kind: count}\n"
        "  - {name: age, kind: mean, column: age, bounds: [0, 100]}\n"
    )
    assert run("budget", "init", "visits", "--epsilon", "3", cwd=tmp_path).returncode == 0
    ledger = Ledger(tmp_path / ".medprivacy" / "ledger.sqlite", key=key)
    before = ledger.anchor()
    proc = run("stats", "stats.yaml", "--out", "rel", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "visits.csv" in proc.stderr
    if row is not None:
        assert f"row {row}" in proc.stderr, proc.stderr
    assert "p90" not in proc.stderr  # names the row, never its values
    after = Ledger(tmp_path / ".medprivacy" / "ledger.sqlite", key=key)
    assert after.anchor() == before and after.balance("visits").releases == 0
    assert not (tmp_path / "rel").exists()
