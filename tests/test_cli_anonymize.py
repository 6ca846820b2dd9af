"""`medprivacy anonymize SPEC --out DIR`: exit 0 with the models met (recounted), 1 when they
cannot be met (nothing released), 2 for a bad spec (one line, no value); `apply:` re-checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

CLI = [sys.executable, "-m", "medprivacy.cli"]
REPO = Path(__file__).resolve().parents[1]
CANARY = "ZZCANARY4412"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def table(n: int = 400, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    zips = ["02139", "02138", "02140", "10001", "10002", "94110"]
    return pd.DataFrame(
        {
            "age": rng.integers(18, 90, n),
            "zip": rng.choice(zips, n),
            "sex": rng.choice(["F", "M"], n),
            "dx": rng.choice(["I10", "E11", "J45"], n),
        }
    )


SPEC = {
    "input": "data.csv",
    "quasi_identifiers": {
        "age": {"kind": "intervals", "widths": [5, 10, 20]},
        "zip": {"kind": "prefix", "keep": [3, 1]},
        "sex": {"kind": "groups", "groups": []},
    },
    "models": [
        {"kind": "k_anonymity", "k": 10},
        {"kind": "l_diversity", "attribute": "dx", "l": 2},
    ],
    "suppression_limit": 0.02,
}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    table().to_csv(tmp_path / "data.csv", index=False)
    return tmp_path


def write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_models_met_exit_0_and_the_release_holds_them(work: Path) -> None:
    before = (work / "data.csv").read_bytes()
    proc = cli("anonymize", str(write(work / "a.yaml", SPEC)), "--out", "out", cwd=work)
    assert proc.returncode == 0, proc.stderr
    out = pd.read_csv(work / "out" / "release" / "data.csv", dtype=str)
    sizes = out.groupby(["age", "zip", "sex"]).size()
    assert sizes.min() >= 10
    assert out.groupby(["age", "zip", "sex"])["dx"].nunique().min() >= 2
    figures = json.loads((work / "out" / "release" / "anonymization.json").read_text())
    assert figures["classes"] == len(sizes) and figures["suppressed"] == 400 - len(out)
    assert (work / "out" / "private" / "transformation.json").is_file()
    assert (work / "out" / "private").stat().st_mode & 0o077 == 0
    assert (work / "data.csv").read_bytes() == before  # the input is never modified
    assert "levels" in proc.stderr and proc.stdout == ""


def test_models_that_cannot_be_met_exit_1_and_release_nothing(work: Path) -> None:
    spec = {**SPEC, "models": [{"kind": "k_anonymity", "k": 1000}], "suppression_limit": 0}
    proc = cli("anonymize", str(write(work / "a.yaml", spec)), "--out", "out", cwd=work)
    assert proc.returncode == 1
    assert "cannot" in proc.stderr or "no generalization satisfies" in proc.stderr
    assert not (work / "out" / "release").exists()


def test_saved_transformation_is_reapplied_to_new_data_and_rechecked(work: Path) -> None:
    assert (
        cli("anonymize", str(write(work / "a.yaml", SPEC)), "--out", "o1", cwd=work).returncode == 0
    )
    table(800, seed=8).to_csv(work / "new.csv", index=False)
    apply = {"input": "new.csv", "apply": "o1/private/transformation.json"}
    proc = cli("anonymize", str(write(work / "b.yaml", apply)), "--out", "o2", cwd=work)
    assert proc.returncode == 0, proc.stderr
    first = json.loads((work / "o1" / "release" / "anonymization.json").read_text())
    again = json.loads((work / "o2" / "release" / "anonymization.json").read_text())
    assert again["levels"] == first["levels"] and again["satisfied"]
    table(15, seed=1).to_csv(work / "few.csv", index=False)  # k = 10 cannot hold on 15 rows
    few = {"input": "few.csv", "apply": "o1/private/transformation.json"}
    proc = cli("anonymize", str(write(work / "c.yaml", few)), "--out", "o3", cwd=work)
    assert proc.returncode == 1 and "does not satisfy" in proc.stderr


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({**SPEC, "models": [{"kind": "k_anonymity", "k": 0}]}, "models.0"),
        ({**SPEC, "quasi_identifiers": {"age": {"kind": "octaves"}}}, "quasi_identifiers.age"),
        ({k: v for k, v in SPEC.items() if k != "input"}, "input:"),
        ({**SPEC, "quasi_identifiers": {"weight": {"kind": "groups", "groups": []}}}, "weight"),
        ({**SPEC, "input": "missing.csv"}, "missing.csv"),
    ],
)
def test_bad_spec_is_one_line_and_exit_2(work: Path, spec: dict, expected: str) -> None:
    proc = cli("anonymize", str(write(work / "a.yaml", spec)), "--out", "out", cwd=work)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
    assert expected in proc.stderr


def test_a_value_outside_its_hierarchy_is_named_by_column_never_by_value(work: Path) -> None:
    frame = table()
    frame.loc[5, "sex"] = CANARY
    frame.to_csv(work / "data.csv", index=False)
    spec = {**SPEC, "quasi_identifiers": {"sex": {"kind": "rows", "rows": [["F"], ["M"]]}}}
    proc = cli("anonymize", str(write(work / "a.yaml", spec)), "--out", "out", cwd=work)
    assert proc.returncode == 2 and "'sex'" in proc.stderr and CANARY not in proc.stderr


@pytest.mark.slow
def test_a_table_spec_with_anonymize_sections_is_released(tmp_path: Path) -> None:
    spec = REPO / "pipelines" / "tables" / "synthea-expert-determination.yaml"
    proc = cli("anonymize", str(spec), "--out", "run", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    released = tmp_path / "run" / "release" / "tables" / "patients.csv"
    out = pd.read_csv(released, dtype=str, keep_default_na=False)
    assert out.groupby(["BIRTHDATE", "GENDER", "RACE", "ZIP3"]).size().min() >= 12


def test_help_names_the_exit_codes() -> None:
    proc = subprocess.run([*CLI, "anonymize", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "cannot be met within the suppression limit" in " ".join(proc.stdout.split())
