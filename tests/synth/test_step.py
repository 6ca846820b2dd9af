"""The synthesize step: a keyed holdout that moves nobody else, split files without whole rows,
and a release of DP outputs only (issue 12, items 1 and 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def _plan_step(tmp_path: Path, key: Key, method: str) -> Any:
    from medprivacy.plan import plan_pipeline

    _patients(200).to_csv(tmp_path / "patients.csv", index=False)
    (tmp_path / "spec.yaml").write_text(json.dumps(SPEC))
    (tmp_path / "p.yaml").write_text(
        "name: t\nledger: ledger.sqlite\nbudgets:\n  ehr: {epsilon: 5.0, delta: 1.0e-5}\n"
        "steps:\n  - step: synthesize\n    id: syn\n    input: patients.csv\n"
        f"    spec: spec.yaml\n    method: {method}\n    epsilon: 1.0\n    dataset: ehr\n"
        "    output: out\n"
    )
    plan = plan_pipeline(load_pipeline(tmp_path / "p.yaml"), key, out_dir=tmp_path / "run")
    return plan


def test_plan_states_no_rho_for_dpctgan_whose_epsilon_is_rdp_accounted(tmp_path: Path, key: Key):
    # dpctgan's (ε, δ) comes from RDP accounting, not from a ρ: the plan line must not say
    # "(from ρ=… zCDP)"; the zCDP methods still state theirs
    pytest.importorskip("opacus")
    plan = _plan_step(tmp_path, key, "dpctgan")
    (step,) = plan.steps
    assert step.charge is not None and step.charge.rho is None
    assert step.charge.epsilon == 1.0 and step.charge.delta == 1e-6
    first, *rest = plan.lines()
    assert first == "syn (synthesize): checked; charges ε=1, δ=1e-06 from dataset 'ehr'"
    assert "  note: dpctgan: (ε, δ) is RDP-accounted, not converted from a zCDP ρ" in rest
    (tmp_path / "aim").mkdir()
    (aim,) = _plan_step(tmp_path / "aim", key, "aim").steps
    assert aim.charge is not None and aim.charge.rho is not None
    assert "(from ρ=" in aim.charge.text()


def _crash(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("fidelity crashed")


def test_a_failure_before_privacy_json_leaves_no_release_file(tmp_path: Path, monkeypatch):
    # the table is staged beside the release folder and moved in with privacy.json: a failure
    # in between (here the private fidelity report) leaves neither, nor the staging folder
    from medprivacy.synth import evaluate
    from medprivacy.synth.step import release_synthetic

    monkeypatch.setattr(evaluate, "fidelity_report", _crash)
    out = tmp_path / "release" / "syn"
    with pytest.raises(RuntimeError, match="fidelity crashed"):
        release_synthetic(_patients(80), SPEC, "independent", 1.0, 1e-6, None, out, tmp_path / "p")
    assert not out.exists() and list((tmp_path / "release").iterdir()) == []
    monkeypatch.undo()
    privacy, _ = release_synthetic(
        _patients(80), SPEC, "independent", 1.0, 1e-6, None, out, tmp_path / "p"
    )
    assert sorted(p.name for p in out.iterdir()) == ["privacy.json", "synthetic.csv"]
    assert [p.name for p in (tmp_path / "release").iterdir()] == ["syn"]
    assert json.loads((out / "privacy.json").read_text())["rows"] == privacy["rows"]


def test_a_release_into_an_existing_folder_keeps_its_other_files(tmp_path: Path):
    # `medprivacy synth --out DIR`: DIR/release may exist; the files move in, privacy.json last
    import os

    from medprivacy.synth.step import staged

    out = tmp_path / "release"
    out.mkdir()
    (out / "notes.txt").write_text("kept")
    moved: list[str] = []
    real = os.replace

    def spy(src: Any, dst: Any) -> None:
        moved.append(Path(dst).name)
        real(src, dst)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "replace", spy)
        with staged(out) as stage:
            (stage / "privacy.json").write_text("{}")
            (stage / "b.csv").write_text("x\n")
            (stage / "a.csv").write_text("x\n")
    assert moved == ["a.csv", "b.csv", "privacy.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "b.csv", "notes.txt", "privacy.json"]
