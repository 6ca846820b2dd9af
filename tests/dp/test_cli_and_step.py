"""`medprivacy budget ...`, `medprivacy stats` and the `dp_stats` step, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medprivacy.budget import Ledger
from medprivacy.errors import ConfigError
from medprivacy.keys import Key
from medprivacy.pipeline import run_pipeline
from medprivacy.spec import load_pipeline

CLI = [sys.executable, "-m", "medprivacy.cli"]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)  # fmt: skip


@pytest.fixture
def table(tmp_path: Path) -> Path:
    rng = np.random.default_rng(1)
    df = pd.DataFrame(
        {
            "pid": [f"p{i // 3}" for i in range(900)],
            "sex": rng.choice(["F", "M"], 900),
            "age": rng.integers(0, 100, 900),
        }
    )
    path = tmp_path / "visits.csv"
    df.to_csv(path, index=False)
    return path


def _stats_spec(tmp_path: Path, table: Path, epsilon: float = 1.0) -> Path:
    spec = tmp_path / "stats.yaml"
    spec.write_text(
        f"input: {table.name}\ndataset: visits\nbudget: {{epsilon: {epsilon}}}\n"
        "privacy_unit: {id: pid, max_rows: 3}\n"
        "queries:\n"
        "  - {name: n, kind: count}\n"
        "  - {name: sex, kind: histogram, column: sex, categories: [F, M]}\n"
        "  - {name: age, kind: mean, column: age, bounds: [0, 100]}\n"
    )
    return spec


def test_budget_commands_and_stats_release(tmp_path: Path, table: Path) -> None:
    spec = _stats_spec(tmp_path, table)
    assert _run("budget", "init", "visits", "--epsilon", "1.5", cwd=tmp_path).returncode == 0
    proc = _run("stats", str(spec), "--out", "rel", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "rel" / "stats.json").read_text())
    assert [s["name"] for s in doc["statistics"]] == ["n", "sex", "age"]
    assert doc["privacy_unit"].startswith("one patient") and doc["ledger_entry"] == 2
    assert (tmp_path / "rel" / "sex.csv").exists() and (tmp_path / "rel" / "stats.png").exists()
    shown = _run("budget", "show", cwd=tmp_path).stdout
    assert "visits" in shown and "0.5" in shown  # 1.5 - 1 left
    history = _run("budget", "history", "visits", cwd=tmp_path).stdout.splitlines()
    assert len(history) == 2 and "stats:n,sex,age" in history[1]
    # a second release would overspend: one line, exit 2, nothing written
    proc = _run("stats", str(spec), "--out", "rel2", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("error: budget of dataset 'visits'")
    assert proc.stderr.strip().count("\n") == 0 and not (tmp_path / "rel2").exists()
    assert "intact: 2 entries" in _run("budget", "verify", cwd=tmp_path).stderr


@pytest.mark.parametrize("eps", ["0", "-1"])
def test_nonpositive_epsilon_is_one_line_exit_2(tmp_path: Path, eps: str) -> None:
    proc = _run("budget", "init", "d", "--epsilon", eps, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr == "error: epsilon must be a finite number > 0\n"


def _pipeline(tmp_path: Path, spec: Path, ledger: str = "ledger.sqlite") -> Path:
    p = tmp_path / "p.yaml"
    p.write_text(
        f"name: dp\nledger: {ledger}\nbudgets:\n  visits: {{epsilon: 3.0}}\n"
        f"steps:\n  - step: dp_stats\n    spec: {spec.name}\n    output: stats\n"
    )
    return p


def test_step_pays_once_and_a_resumed_run_does_not_pay_again(
    tmp_path: Path, table: Path, key: Key
) -> None:
    spec = _stats_spec(tmp_path, table)
    pipeline = load_pipeline(_pipeline(tmp_path, spec))
    result = run_pipeline(pipeline, key, out_dir=tmp_path / "out", progress=False)
    assert (result.release_dir / "stats" / "stats.html").exists()
    names = {f["path"] for f in result.manifest["files"]}
    assert "stats/stats.json" in names
    run_pipeline(pipeline, key, out_dir=tmp_path / "out", progress=False)  # resume: all done
    assert Ledger(tmp_path / "ledger.sqlite").balance("visits").releases == 1


def test_ledger_inside_the_release_is_refused(tmp_path: Path, table: Path, key: Key) -> None:
    spec = _stats_spec(tmp_path, table)
    pipeline = load_pipeline(_pipeline(tmp_path, spec, ledger="out/release/ledger.sqlite"))
    with pytest.raises(ConfigError, match="inside the release folder"):
        run_pipeline(pipeline, key, out_dir=tmp_path / "out", progress=False)


def test_declared_budget_cannot_change(tmp_path: Path, table: Path, key: Key) -> None:
    Ledger(tmp_path / "ledger.sqlite").init_dataset("visits", 1.0)
    pipeline = load_pipeline(_pipeline(tmp_path, _stats_spec(tmp_path, table)))
    with pytest.raises(ConfigError, match="never changed"):
        run_pipeline(pipeline, key, out_dir=tmp_path / "out", progress=False)
