"""Suites from YAML, the report files, the risk-against-budget curve, and no leaked values."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medprivacy.attacks.risk_budget import plot_risk_against_budget, risk_against_budget
from medprivacy.attacks.suite import load_suite, parse_suite, run_suite_files
from medprivacy.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
SECRET = "ZZ-PLANTED-VALUE-913"


@pytest.mark.parametrize("name", ["default", "hipaa", "gdpr", "dicom"])
def test_shipped_suites_load_from_their_files(name) -> None:
    suite, built = load_suite(REPO / "attacks" / f"{name}.yaml")  # a path is still accepted
    assert suite.name == name and built


def test_suite_error_names_file_line_and_field() -> None:
    text = "name: s\nattacks:\n  - attack: singling_out\n    n_cols: 0\n"
    with pytest.raises(ConfigError, match=r"^s.yaml:4: attacks.0.n_cols: .*greater than"):
        parse_suite(text, "s.yaml")
    with pytest.raises(ConfigError, match="unknown attack 'nope'"):
        parse_suite("name: s\nattacks:\n  - attack: nope\n", "s.yaml")


def test_default_suite_writes_report_without_values(split, tmp_path) -> None:
    members = split["members"].copy()
    members.loc[7, "diagnosis"] = SECRET  # a unique value that must never reach a report
    for name, frame in (("members", members), ("non_members", split["non_members"])):
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    run = run_suite_files(
        REPO / "attacks" / "default.yaml",
        tmp_path / "members.csv",
        members=tmp_path / "members.csv",
        non_members=tmp_path / "non_members.csv",
        population=split["population"],
        quasi_identifiers=["age", "sex", "zip3"],
        sensitive=["diagnosis"],
        population_size=100_000,
        epsilon=1.0,
        out_dir=tmp_path / "out",
    )
    assert not run.errors and not run.skipped
    assert run.verdict == "fail"
    out = tmp_path / "out"
    doc = json.loads((out / "attack_results.json").read_text())
    assert {r["attack"] for r in doc["results"]} >= {"reid", "membership", "epsilon_audit"}
    for r in doc["results"]:
        assert r["verdict"] in ("pass", "attention", "fail", "n/a")
        assert len(r["interval"]) == 2
    page = (out / "attack_results.html").read_text()
    assert "DEFECT" in page
    assert (out / "attack_results.png").stat().st_size > 1000
    for f in out.iterdir():
        assert SECRET not in f.read_bytes().decode("latin-1")


def test_risk_against_budget_curve(split, tmp_path) -> None:
    def shuffle_synth(df: pd.DataFrame, epsilon: float) -> pd.DataFrame:
        rng = np.random.default_rng(int(epsilon * 10))
        return pd.DataFrame({c: rng.permutation(df[c].to_numpy()) for c in df.columns})

    points = risk_against_budget(
        shuffle_synth,
        split["members"],
        split["non_members"],
        split["population"],
        epsilons=(1.0, 3.0),
    )
    assert [p.epsilon for p in points] == [1.0, 3.0]
    assert all(not p.defect and p.held_to == 2 * p.epsilon for p in points)
    assert all(p.advantage < p.theoretical_max_advantage for p in points)
    plot_risk_against_budget(points, tmp_path / "budget.png")
    assert (tmp_path / "budget.png").stat().st_size > 1000
