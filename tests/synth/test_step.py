"""The synthesize step: a keyed holdout that moves nobody else, split files without whole rows,
and a release of DP outputs only (issue 12, items 1 and 5)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medprivacy.keys import Key
from medprivacy.pipeline import run_pipeline
from medprivacy.spec import load_pipeline
from medprivacy.synth.spec import as_spec
from medprivacy.synth.step import UNIT_COLUMN, split_holdout

CANARY_SSN = "999-41-7713"
CANARY_NAME = "Zebulon-Canary"


def _patients(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "pid": [f"P{i:05d}" for i in range(n)],
            "ssn": [f"999-{i % 100:02d}-{i:04d}" for i in range(n)],
            "name": [f"Name{i}" for i in range(n)],
            "sex": rng.choice(["F", "M"], n),
            "age": rng.integers(0, 100, n).astype(str),
        }
    )


SPEC = {
    "columns": {
        "sex": {"domain": ["F", "M"]},
        "age": {"type": "numeric", "bounds": [0, 100], "bins": 10, "dtype": "int"},
    },
    "privacy_unit": {"id": "pid", "max_rows": 1},
}


def _held(members: pd.DataFrame, held: pd.DataFrame | None) -> set[str]:
    assert held is not None
    return set(held["pid"])


def test_adding_one_patient_moves_nobody_else(key: Key):
    spec = as_spec(SPEC)
    table = _patients(1000)
    before = _held(*split_holdout(table, spec, 0.25, key))
    grown = pd.concat([table, _patients(1, seed=9).assign(pid="P99999")], ignore_index=True)
    after = _held(*split_holdout(grown, spec, 0.25, key))
    assert after - {"P99999"} == before
    assert 180 < len(before) < 320  # about a quarter


def test_holdout_split_is_secret_to_the_key(key: Key):
    spec, table = as_spec(SPEC), _patients(400)
    one = _held(*split_holdout(table, spec, 0.25, key))
    other = _held(*split_holdout(table, spec, 0.25, Key("another-secret-key-0123")))
    assert one != other


def test_holdout_without_unit_keeps_each_row_on_its_own_side(key: Key):
    spec = as_spec({"columns": SPEC["columns"]})
    table = _patients(500)
    _, held = split_holdout(table, spec, 0.3, key)
    _, held_shifted = split_holdout(pd.concat([table.head(1), table]), spec, 0.3, key)
    assert held is not None and held_shifted is not None
    assert set(held["pid"]) == set(held_shifted["pid"])  # a row's side follows its content


def test_a_float_id_or_cell_in_one_row_moves_nobody_else(key: Key):
    # one neighbour's id 1000.5 (or a NaN cell) makes pandas / Parquet store the whole column as
    # float: every other id read "7.0" instead of "7" and its keyed side was drawn again
    spec = as_spec({**SPEC, "columns": {"sex": SPEC["columns"]["sex"]}})
    table = pd.DataFrame({"pid": np.arange(1000), "sex": ["F", "M"] * 500})
    grown = pd.concat([table, pd.DataFrame({"pid": [1000.5], "sex": ["F"]})], ignore_index=True)
    before = set(split_holdout(table, spec, 0.25, key)[1].index)  # type: ignore[index]
    assert set(split_holdout(grown, spec, 0.25, key)[1].index) - {1000} == before  # type: ignore[index]
    rows = as_spec({"columns": {"age": SPEC["columns"]["age"]}})
    ages = pd.DataFrame({"age": np.arange(1000) % 100})
    with_nan = pd.concat([ages, pd.DataFrame({"age": [np.nan]})], ignore_index=True)
    before = set(split_holdout(ages, rows, 0.25, key)[1].index)  # type: ignore[index]
    assert set(split_holdout(with_nan, rows, 0.25, key)[1].index) - {1000} == before  # type: ignore[index]


@pytest.fixture
def synth_run(tmp_path: Path, key: Key) -> Path:
    table = _patients(600)
    table.loc[7, ["ssn", "name"]] = [CANARY_SSN, CANARY_NAME]
    table.to_csv(tmp_path / "patients.csv", index=False)
    (tmp_path / "spec.yaml").write_text(json.dumps(SPEC))
    (tmp_path / "p.yaml").write_text(
        "name: t\nledger: ledger.sqlite\nbudgets:\n  ehr: {epsilon: 5.0, delta: 1.0e-5}\n"
        "steps:\n  - step: synthesize\n    id: syn\n    input: patients.csv\n"
        "    spec: spec.yaml\n    method: mst\n    epsilon: 1.0\n    dataset: ehr\n"
        "    holdout: 0.25\n    output: out\n"
    )
    run_pipeline(load_pipeline(tmp_path / "p.yaml"), key, out_dir=tmp_path / "run", progress=False)
    return tmp_path / "run"


def test_release_holds_only_dp_outputs_and_fidelity_stays_private(synth_run: Path):
    rel, priv = synth_run / "release" / "out", synth_run / "private" / "out"
    assert sorted(p.name for p in rel.iterdir()) == ["privacy.json", "synthetic.csv"]
    assert {"fidelity.json", "fidelity.png"} <= {p.name for p in priv.iterdir()}
    privacy = json.loads((rel / "privacy.json").read_text())
    for k in ("method", "guarantee", "epsilon", "delta", "rho", "adjacency", "unit", "table"):
        assert k in privacy
    assert privacy["rows_from"] == "the noisy count" and "input_rows" not in privacy
    assert "held-out patients included" in privacy["table"]
    manifest = (synth_run / "release" / "manifest.json").read_text()
    assert "fidelity" not in manifest


def test_split_files_hold_synthesized_columns_and_a_keyed_unit_only(synth_run: Path, key: Key):
    priv = synth_run / "private" / "out"
    members = pd.read_csv(priv / "members.csv", dtype=str)
    non_members = pd.read_csv(priv / "non_members.csv", dtype=str)
    for df in (members, non_members):
        assert list(df.columns) == ["sex", "age", UNIT_COLUMN]
    text = (priv / "members.csv").read_text() + (priv / "non_members.csv").read_text()
    assert CANARY_SSN not in text and CANARY_NAME not in text and "P00007" not in text
    units = set(members[UNIT_COLUMN]) | set(non_members[UNIT_COLUMN])
    assert key.pseudonym("P00007", namespace="holdout-unit") in units
    assert len(units) == 600 and not set(members[UNIT_COLUMN]) & set(non_members[UNIT_COLUMN])


def test_synthetic_row_count_is_noisy():
    from medprivacy.synth import synthesize

    df = _patients(300)
    counts = {len(synthesize(df, SPEC, "independent", 0.05)) for _ in range(3)}
    # noise sd of the total is tens of rows at this ε: three equal counts are (nearly) impossible
    assert len(counts) > 1


def test_sdv_release_needs_n_rows_so_the_real_count_is_not_released(tmp_path: Path):
    from medprivacy.errors import ConfigError
    from medprivacy.synth.step import release_synthetic

    with pytest.raises(ConfigError, match="n_rows"):
        release_synthetic(
            _patients(50), SPEC, "gaussian_copula", 1.0, 1e-6, None, tmp_path / "r", tmp_path / "p"
        )
    assert not (tmp_path / "r").exists()
