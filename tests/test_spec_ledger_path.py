"""A pipeline's relative `ledger:` resolves against the YAML file, like every spec path: run from
another working directory, the budget is charged in the ledger beside the spec (as the demo's
`../out/ledger.sqlite` says), and none is created in the working directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from medprivacy.budget import Ledger
from medprivacy.keys import Key

CLI = [sys.executable, "-m", "medprivacy.cli"]
KEY = "0123456789abcdef-test-key"  # the conftest `key` fixture's secret


def write_spec(tmp_path: Path) -> Path:
    specs = tmp_path / "project" / "specs"
    specs.mkdir(parents=True)
    rows = "".join(f"p{i // 2},{20 + i % 50}\n" for i in range(400))
    (specs / "visits.csv").write_text("pid,age\n" + rows)
    (specs / "stats.yaml").write_text(
        "input: visits.csv\ndataset: visits\nbudget: {epsilon: 1}\n"
        "privacy_unit: {id: pid, max_rows: 2}\nqueries:\n  - {name: n, kind: count}\n"
    )
    (specs / "p.yaml").write_text(
        "name: t\noutput: ../out/t\nledger: ../out/ledger.sqlite\n"
        "budgets:\n  visits: {epsilon: 3.0}\n"
        "steps:\n  - {step: dp_stats, id: s, spec: stats.yaml, output: s}\n"
    )
    return specs / "p.yaml"


def test_a_relative_ledger_resolves_against_the_yaml(tmp_path: Path, key: Key) -> None:
    spec = write_spec(tmp_path)
    expected = tmp_path / "project" / "out" / "ledger.sqlite"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    env["MEDPRIVACY_KEY"] = KEY
    proc = subprocess.run(
        [*CLI, "run", str(spec), "--no-progress"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr  # 1: a report gate may block; it still paid
    assert Ledger(expected, key=key).balance("visits").releases == 1
    assert list(elsewhere.rglob("*")) == []  # no .medprivacy/ledger.sqlite in the cwd
    assert (tmp_path / "project" / "out" / "t" / "release").is_dir()
