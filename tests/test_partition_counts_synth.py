"""The synthesize step and `medprivacy synth` on a partitioned input (a Parquet directory):
fitted from merged counts, paid once, fidelity from the same exact counts, no holdout."""

from __future__ import annotations

import itertools
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
from medprivacy.synth.contributions import bound_contributions
from medprivacy.synth.encode import encode, encode_checked
from medprivacy.synth.estimate import marginal
from medprivacy.synth.spec import as_spec

SPEC = {
    "columns": {
        "sex": {"domain": ["F", "M"]},
        "age": {"type": "numeric", "bounds": [0, 100], "bins": 5, "dtype": "int"},
        "dx": {"domain": ["a", "b", "c"]},
    },
    "privacy_unit": {"id": "pid", "max_rows": 2},
}


def patients(n: int = 400, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "pid": [f"P{i:04d}" for i in rng.integers(0, n // 3, n)],  # ~3 rows per patient
            "sex": rng.choice(["F", "M"], n),
            "age": rng.integers(0, 100, n),
            "dx": rng.choice(["a", "b", "c"], n, p=[0.6, 0.3, 0.1]),
        }
    )


def write_parts(df: pd.DataFrame, root: Path, cuts: list[int]) -> Path:
    root.mkdir(parents=True)
    edges = [0, *cuts, len(df)]
    for i, (a, b) in enumerate(itertools.pairwise(edges)):
        df.iloc[a:b].to_parquet(root / f"part-{i}.parquet", index=False)
    return root


def pipeline(tmp: Path, extra: str = "") -> Path:
    (tmp / "spec.yaml").write_text(json.dumps(SPEC))
    (tmp / "p.yaml").write_text(
        "name: t\nledger: ledger.sqlite\nbudgets:\n  ehr: {epsilon: 5.0, delta: 1.0e-5}\n"
        "steps:\n  - step: synthesize\n    id: syn\n    input: parts\n"
        "    spec: spec.yaml\n    method: mst\n    epsilon: 1.0\n    dataset: ehr\n"
        f"    output: out\n{extra}"
    )
    return tmp / "p.yaml"


def test_synthesize_step_on_a_parquet_directory_pays_once_and_reports_exact_fidelity(
    tmp_path: Path, key: Key
) -> None:
    df = patients()
    write_parts(df, tmp_path / "parts", [0, 150, 151])
    run_pipeline(load_pipeline(pipeline(tmp_path)), key, out_dir=tmp_path / "run", progress=False)
    release, private = tmp_path / "run" / "release" / "out", tmp_path / "run" / "private" / "out"
    assert sorted(p.name for p in release.iterdir()) == ["privacy.json", "synthetic.csv"]
    privacy = json.loads((release / "privacy.json").read_text())
    assert "4 Parquet parts" in privacy["input"]
    synthetic = pd.read_csv(release / "synthetic.csv")
    assert len(synthetic) == privacy["rows"] and set(synthetic.columns) == {"sex", "age", "dx"}
    entries = Ledger(tmp_path / "ledger.sqlite", key=key).history("ehr")
    charges = [e.label for e in entries if e.label.startswith("synth")]
    assert charges == ["synth:mst"]  # one charge for the whole table
    # the fidelity report is the TVD against the exact single-table counts after the bound
    spec = as_spec(SPEC)
    real = encode_checked(bound_contributions(df, spec), spec)
    syn = encode(synthetic, spec).complete()[0]
    report = json.loads((private / "fidelity.json").read_text())
    assert report["rows"] == len(real.data)
    for cols in [(0,), (1,), (2,), (0, 1), (0, 2), (1, 2)]:
        p = marginal(real.data, real.sizes, cols) / len(real.data)
        q = marginal(syn.data, syn.sizes, cols) / len(syn.data)
        name = " x ".join(list(spec.columns)[c] for c in cols)
        assert report["per_marginal"][str(len(cols))][name] == pytest.approx(
            0.5 * np.abs(p - q).sum(), abs=1e-12
        )


def test_a_partitioned_input_refuses_a_holdout_or_a_row_method_before_paying(
    tmp_path: Path, key: Key
) -> None:
    write_parts(patients(60), tmp_path / "parts", [30])
    for n, (extra, why) in enumerate([("    holdout: 0.2\n", "no holdout"), ("", "reads rows")]):
        path = pipeline(tmp_path, extra)
        if why == "reads rows":
            path.write_text(path.read_text().replace("method: mst", "method: dpctgan"))
        with pytest.raises(ConfigError, match=why):
            run_pipeline(load_pipeline(path), key, out_dir=tmp_path / f"run{n}", progress=False)
    if (tmp_path / "ledger.sqlite").exists():
        entries = Ledger(tmp_path / "ledger.sqlite", key=key).history("ehr")
        assert not [e for e in entries if e.label.startswith("synth")]


def test_synth_cli_fits_a_parquet_directory(tmp_path: Path) -> None:
    write_parts(patients(120), tmp_path / "parts", [40, 80])
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "input: parts\nmethod: independent\nepsilon: 1.0\ndataset: pts\n"
        + json.dumps(SPEC)[1:-1]
        .replace('"columns": ', "columns: ")
        .replace(', "privacy_unit": ', "\nprivacy_unit: ")
    )
    env = {**os.environ, "MEDPRIVACY_KEY": "synth-cli-test-key-0123456789"}
    ledger = str(tmp_path / "l.sqlite")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "medprivacy.cli", *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)

    assert (
        cli(
            "budget", "init", "pts", "--epsilon", "2", "--delta", "1e-5", "--ledger", ledger
        ).returncode
        == 0
    )
    proc = cli("synth", str(spec), "--out", str(tmp_path / "o"), "--ledger", ledger)
    assert proc.returncode == 0, proc.stderr
    assert "from 3 partitions" in proc.stderr
    assert sorted(p.name for p in (tmp_path / "o" / "private").iterdir()) == ["fidelity.json"]
    bad = cli(
        "synth", str(spec), "--out", str(tmp_path / "o2"), "--ledger", ledger, "--test", str(spec)
    )
    assert bad.returncode == 2 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr
