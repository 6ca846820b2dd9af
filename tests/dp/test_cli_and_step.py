"""`medprivacy budget ...`, `medprivacy stats` and the `dp_stats` step, end to end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medprivacy.budget import Ledger, LedgerError
from medprivacy.errors import ConfigError, MedPrivacyError
from medprivacy.keys import Key
from medprivacy.pipeline import run_pipeline
from medprivacy.spec import load_pipeline

CLI = [sys.executable, "-m", "medprivacy.cli"]


KEY = "0123456789abcdef-test-key"  # the conftest `key` fixture's secret


def _run(*args: str, cwd: Path, key: str | None = KEY) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    if key is not None:
        env["MEDPRIVACY_KEY"] = key
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
    # a CLI release publishes the ledger head too: stats.json can anchor `verify --manifest`
    assert doc["ledger"]["entries"] == 2
    proc = _run("budget", "verify", "--manifest", "rel/stats.json", cwd=tmp_path)
    assert proc.returncode == 0 and "1 published head(s) present" in proc.stderr


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
    assert Ledger(tmp_path / "ledger.sqlite", key=key).balance("visits").releases == 1


def test_ledger_inside_the_release_is_refused(tmp_path: Path, table: Path, key: Key) -> None:
    spec = _stats_spec(tmp_path, table)
    pipeline = load_pipeline(_pipeline(tmp_path, spec, ledger="out/release/ledger.sqlite"))
    with pytest.raises(ConfigError, match="inside the release folder"):
        run_pipeline(pipeline, key, out_dir=tmp_path / "out", progress=False)


def test_declared_budget_cannot_change(tmp_path: Path, table: Path, key: Key) -> None:
    Ledger(tmp_path / "ledger.sqlite", key=key).init_dataset("visits", 1.0)
    pipeline = load_pipeline(_pipeline(tmp_path, _stats_spec(tmp_path, table)))
    with pytest.raises(ConfigError, match="never changed"):
        run_pipeline(pipeline, key, out_dir=tmp_path / "out", progress=False)


def test_budget_show_history_verify_on_a_missing_ledger_exit_2_and_create_nothing(
    tmp_path: Path,
) -> None:
    for args in (["show"], ["history", "d"], ["verify"]):
        proc = _run("budget", *args, "--ledger", "none.sqlite", cwd=tmp_path)
        assert proc.returncode == 2 and proc.stderr.startswith("error: none.sqlite: no budget")
    assert not (tmp_path / "none.sqlite").exists() and not (tmp_path / ".medprivacy").exists()


def test_cli_needs_the_key_and_refuses_another(tmp_path: Path) -> None:
    proc = _run("budget", "init", "d", "--epsilon", "1", cwd=tmp_path, key=None)
    assert proc.returncode == 2 and proc.stderr.startswith("error: no key")
    key_file = tmp_path / "k.key"
    key_file.write_text(KEY)
    key_file.chmod(0o600)
    assert _run("budget", "init", "d", "--epsilon", "1", "--key-file", str(key_file),
                cwd=tmp_path, key=None).returncode == 0  # fmt: skip
    assert _run("budget", "verify", cwd=tmp_path).returncode == 0  # same key from env
    proc = _run("budget", "show", cwd=tmp_path, key="another")
    assert proc.returncode == 2 and "another key" in proc.stderr


def test_resume_after_a_kill_between_stats_json_and_the_pages_renders_without_paying(
    tmp_path: Path, table: Path, key: Key
) -> None:
    pipeline = load_pipeline(_pipeline(tmp_path, _stats_spec(tmp_path, table)))
    out = tmp_path / "out"
    run_pipeline(pipeline, key, out_dir=out, progress=False)
    stats = out / "release" / "stats"
    before = (stats / "stats.json").read_bytes()
    for name in ("stats.html", "stats.png", "sex.csv"):  # as if killed after stats.json
        (stats / name).unlink()
    next((out / "private").glob("dp_stats-*.done.json")).unlink()
    result = run_pipeline(pipeline, key, out_dir=out, progress=False)
    assert all((stats / n).exists() for n in ("stats.html", "stats.png", "sex.csv"))
    assert (stats / "stats.json").read_bytes() == before
    assert {"stats/stats.html", "stats/sex.csv"} <= {f["path"] for f in result.manifest["files"]}
    assert Ledger(tmp_path / "ledger.sqlite", key=key).balance("visits").releases == 1


def test_a_release_paid_but_never_written_is_not_paid_again(
    tmp_path: Path, table: Path, key: Key
) -> None:
    pipeline = load_pipeline(_pipeline(tmp_path, _stats_spec(tmp_path, table)))
    out = tmp_path / "out"
    run_pipeline(pipeline, key, out_dir=out, progress=False)
    for p in (out / "release" / "stats").iterdir():  # as if killed before stats.json
        p.unlink()
    next((out / "private").glob("dp_stats-*.done.json")).unlink()
    with pytest.raises(MedPrivacyError, match=r"paid \(ledger entry 2\) but never written"):
        run_pipeline(pipeline, key, out_dir=out, progress=False)
    assert Ledger(tmp_path / "ledger.sqlite", key=key).balance("visits").releases == 1


def test_an_unwritable_output_after_paying_is_one_line_naming_the_ledger_entry(
    tmp_path: Path, table: Path, key: Key
) -> None:
    spec = _stats_spec(tmp_path, table)
    assert _run("budget", "init", "visits", "--epsilon", "3", cwd=tmp_path).returncode == 0
    (tmp_path / "rel" / "stats.json").mkdir(parents=True)  # the write fails after the spend
    proc = _run("stats", str(spec), "--out", "rel", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "the budget was charged (ledger entry 2)" in proc.stderr
    assert "Traceback" not in proc.stderr
    (tmp_path / "file").write_text("")
    proc = _run("stats", str(spec), "--out", "file", cwd=tmp_path)  # refused before paying
    assert proc.returncode == 2 and "is not a folder" in proc.stderr
    ledger = Ledger(tmp_path / ".medprivacy" / "ledger.sqlite", key=key)
    assert ledger.balance("visits").releases == 1


def test_a_restored_older_ledger_is_refused_by_the_published_manifest(
    tmp_path: Path, table: Path, key: Key
) -> None:
    pipeline = load_pipeline(_pipeline(tmp_path, _stats_spec(tmp_path, table)))
    ledger = tmp_path / "ledger.sqlite"
    Ledger(ledger, key=key).init_dataset("visits", 3.0)
    shutil.copy(ledger, tmp_path / "old.sqlite")
    result = run_pipeline(pipeline, key, out_dir=tmp_path / "out", progress=False)
    anchor = result.manifest["ledger"]
    assert anchor["entries"] == 2 and anchor["head"] == Ledger(ledger, key=key).anchor()["head"]
    manifest = tmp_path / "out" / "release" / "manifest.json"
    assert _run("budget", "verify", "--ledger", str(ledger), "--manifest", str(manifest),
                cwd=tmp_path).returncode == 0  # fmt: skip
    shutil.copy(tmp_path / "old.sqlite", ledger)  # the budget would be spent again
    proc = _run("budget", "verify", "--ledger", str(ledger), "--manifest", str(manifest),
                cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2 and "rolled back" in proc.stderr
    with pytest.raises(LedgerError, match="rolled back"):
        run_pipeline(pipeline, key, out_dir=tmp_path / "out", progress=False)
