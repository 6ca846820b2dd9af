"""Plan before paying: every step, spec and input is checked and every charge added up before the
first step runs; `run --plan` prints charges and accuracy and charges or writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medprivacy.audit import AuditLog
from medprivacy.budget import BudgetExceeded, Ledger
from medprivacy.errors import ConfigError, InputError
from medprivacy.keys import Key
from medprivacy.pipeline import run_pipeline
from medprivacy.plan import plan_pipeline
from medprivacy.spec import load_pipeline

KEY = "0123456789abcdef-test-key"  # the conftest `key` fixture's secret
CANARY = "Zebulon-4711"  # a planted cell value: never in an error or the plan


@pytest.fixture
def table(tmp_path: Path) -> Path:
    rng = np.random.default_rng(3)
    df = pd.DataFrame(
        {
            "pid": [f"p{i // 2}" for i in range(400)],
            "sex": rng.choice(["F", "M"], 400),
            "age": rng.integers(0, 100, 400),
        }
    )
    path = tmp_path / "visits.csv"
    df.to_csv(path, index=False)
    return path


def _stats(tmp_path: Path, name: str, table: str = "visits.csv", eps: float = 1.0) -> str:
    (tmp_path / f"{name}.yaml").write_text(
        f"input: {table}\ndataset: visits\nbudget: {{epsilon: {eps}}}\n"
        "privacy_unit: {id: pid, max_rows: 2}\n"
        "queries:\n"
        "  - {name: n, kind: count}\n"
        "  - {name: sex, kind: histogram, column: sex, categories: [F, M]}\n"
        "  - {name: age, kind: mean, column: age, bounds: [0, 100]}\n"
    )
    return f"{name}.yaml"


def _pipeline(tmp_path: Path, *steps: str, budget: float = 3.0) -> Path:
    body = "".join(
        f"  - {{step: dp_stats, id: s{i}, spec: {spec}, output: s{i}}}\n"
        for i, spec in enumerate(steps, 1)
    )
    p = tmp_path / "p.yaml"
    p.write_text(
        f"name: p\nledger: ledger.sqlite\nbudgets:\n  visits: {{epsilon: {budget}}}\nsteps:\n{body}"
    )
    return p


def _ledger(tmp_path: Path, key: Key) -> Ledger:
    """The pipeline's ledger, created with its budget (so that 'unchanged' can be checked)."""
    ledger = Ledger(tmp_path / "ledger.sqlite", key=key)
    ledger.init_dataset("visits", 3.0)
    return ledger


def _refused_before_paying(tmp_path: Path, key: Key, error: type[Exception]) -> str:
    """Run the pipeline, which must fail in the plan: nothing charged, nothing in release/, and
    the audit log says so. Returns the error text."""
    ledger = _ledger(tmp_path, key)
    before = ledger.verify()
    run = tmp_path / "run"
    with pytest.raises(error) as exc:
        run_pipeline(load_pipeline(tmp_path / "p.yaml"), key, out_dir=run, progress=False)
    assert ledger.verify() == before and ledger.balance("visits").releases == 0
    assert not (run / "release").exists() or not any((run / "release").iterdir())
    events = AuditLog(run / "private" / "audit.sqlite", key).events()
    failed = [e for e in events if e["event"] == "plan_failed"]
    assert len(failed) == 1 and failed[0]["detail"]["charged"] is False
    assert not any(e["event"] == "step_started" for e in events)
    return str(exc.value)


def test_a_spec_failing_in_its_last_step_charges_nothing(
    tmp_path: Path, table: Path, key: Key
) -> None:
    good = _stats(tmp_path, "good")
    bad = tmp_path / "bad.yaml"  # a quantile without bounds: a spec error, found at plan time
    bad.write_text(
        "input: visits.csv\ndataset: visits\nbudget: {epsilon: 1}\nprivacy_unit: {id: pid}\n"
        "queries:\n  - {name: q, kind: median, column: age}\n"
    )
    _pipeline(tmp_path, good, good.replace("good", "good"), "bad.yaml")
    text = _refused_before_paying(tmp_path, key, ConfigError)
    assert text.startswith("step 's3' (not run, nothing charged): ") and "bad.yaml" in text


@pytest.mark.parametrize(
    ("csv", "rule"),
    [
        ("pid,sex\np1,F\n", "'age'"),  # a column the spec reads is missing
        (f"pid,sex,age\np1,F,{CANARY}\np2,M,old\n", "fits the declared type"),  # wrong type
        ("pid,sex,age\np1,F,40\np2,M", "cut mid-row"),  # the file was cut while written
    ],
    ids=["missing-column", "wrong-type", "cut-file"],
)
def test_last_steps_data_violating_its_spec_charges_nothing(
    tmp_path: Path, table: Path, key: Key, csv: str, rule: str
) -> None:
    (tmp_path / "last.csv").write_text(csv)
    _pipeline(tmp_path, _stats(tmp_path, "first"), _stats(tmp_path, "last", "last.csv"))
    text = _refused_before_paying(tmp_path, key, InputError)
    assert text.startswith("step 's2' (not run, nothing charged): ") and rule in text
    assert "last.csv" in text and CANARY not in text


def test_steps_that_together_overspend_are_refused_before_the_first_pays(
    tmp_path: Path, table: Path, key: Key
) -> None:
    _pipeline(tmp_path, _stats(tmp_path, "a", eps=2.0), _stats(tmp_path, "b", eps=1.5))
    text = _refused_before_paying(tmp_path, key, BudgetExceeded)
    assert "would be overspent" in text and "s1, s2" in text


def test_a_resumed_run_plans_no_second_charge(tmp_path: Path, table: Path, key: Key) -> None:
    # the whole budget goes to one release: resuming must not be refused for want of budget
    spec = load_pipeline(_pipeline(tmp_path, _stats(tmp_path, "a", eps=3.0)))
    run_pipeline(spec, key, out_dir=tmp_path / "run", progress=False)
    plan = plan_pipeline(spec, key, out_dir=tmp_path / "run")
    assert plan.steps[0].charge is None and "without paying" in plan.steps[0].notes[0]
    run_pipeline(spec, key, out_dir=tmp_path / "run", progress=False)
    assert Ledger(tmp_path / "ledger.sqlite", key=key).balance("visits").releases == 1


def test_an_attack_on_no_earlier_steps_output_is_refused_at_plan(
    tmp_path: Path, table: Path, key: Key
) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(
        f"name: p\nledger: ledger.sqlite\nbudgets:\n  visits: {{epsilon: 3}}\nsteps:\n"
        f"  - {{step: dp_stats, id: s1, spec: {_stats(tmp_path, 'a')}, output: s1}}\n"
        "  - {step: attack, suite: hipaa, table: tables/patients.csv, output: att}\n"
    )
    _refused_before_paying(tmp_path, key, ConfigError)


SAFE_HARBOR = Path(__file__).resolve().parents[1] / "pipelines/tables/synthea-safe-harbor.yaml"


@pytest.mark.parametrize(
    ("attack", "names"),
    [
        ("table: ehr/patient.csv, quasi_identifiers: [GENDER]", "release/ehr/patient.csv"),
        ("table: ehr/patients.csv, quasi_identifiers: [GENDER, ZIP5]", "'ZIP5'"),
        ("table: ehr/patients.csv, quasi_identifiers: [GENDER], sensitive: [AGES]", "'AGES'"),
    ],
)
def test_a_typo_in_the_last_steps_table_or_columns_is_refused_before_paying(
    tmp_path: Path, table: Path, key: Key, attack: str, names: str
) -> None:
    """A table release knows its files and columns before it runs: an attack on a file it
    will not write, or on a column it will not keep, stops the run before the DP step pays."""
    p = tmp_path / "p.yaml"
    p.write_text(
        f"name: p\nledger: ledger.sqlite\nbudgets:\n  visits: {{epsilon: 3}}\nsteps:\n"
        f"  - {{step: dp_stats, id: s1, spec: {_stats(tmp_path, 'a')}, output: s1}}\n"
        f"  - {{step: deid_tables, id: ehr, spec: {SAFE_HARBOR}, output: ehr}}\n"
        f"  - {{step: attack, suite: hipaa, {attack}, output: att}}\n"
    )
    assert names in _refused_before_paying(tmp_path, key, ConfigError)


SYNTH = Path(__file__).resolve().parents[1] / "pipelines/synth/synthea-patients.yaml"


def test_a_typo_in_a_private_control_set_is_refused_before_paying(
    tmp_path: Path, table: Path, key: Key
) -> None:
    """The synthesis step knows it keeps members.csv and non_members.csv in private/: an
    attack naming another file there stops the run before any step pays."""
    p = tmp_path / "p.yaml"
    p.write_text(
        "name: p\nledger: ledger.sqlite\nbudgets:\n  visits: {epsilon: 3}\n"
        "  demo-ehr: {epsilon: 3, delta: 1.0e-5}\nsteps:\n"
        f"  - {{step: dp_stats, id: s1, spec: {_stats(tmp_path, 'a')}, output: s1}}\n"
        f"  - {{step: synthesize, id: syn, input: 'sample:ehr/patients.csv', spec: {SYNTH},"
        " method: aim, epsilon: 1.0, dataset: demo-ehr, holdout: 0.25, output: syn}\n"
        "  - {step: attack, suite: gdpr, table: syn/synthetic.csv, synthetic: true,"
        " members: 'private:syn/membersX.csv', non_members: 'private:syn/non_members.csv',"
        " quasi_identifiers: [GENDER, RACE], output: att}\n"
    )
    assert "private/syn/membersX.csv" in _refused_before_paying(tmp_path, key, ConfigError)


def test_plan_prints_charges_and_accuracy_and_charges_nothing(
    tmp_path: Path, table: Path, key: Key
) -> None:
    ledger = _ledger(tmp_path, key)
    ledger.spend(
        "visits", 0.5, label="earlier", mechanism="test", unit={"id": "pid", "max_rows": 2}
    )
    before = ledger.verify()
    _pipeline(tmp_path, _stats(tmp_path, "a"), _stats(tmp_path, "b", eps=0.5))
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"} | {"MEDPRIVACY_KEY": KEY}
    proc = subprocess.run(
        [sys.executable, "-m", "medprivacy.cli", "run", "p.yaml", "--plan", "--out", "run"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "s1 (dp_stats): checked; charges ε=1, δ=0 from dataset 'visits'" in out
    assert "s2 (dp_stats): checked; charges ε=0.5" in out
    assert "statistic n: count ±" in out and "statistic sex: count ±" in out and "(95%)" in out
    assert "this run charges ε=1.5, δ=0 of ε=2.5, δ=0 left" in out and "ε=1, δ=0 left after" in out
    assert "nothing was charged or written" in proc.stderr
    assert ledger.verify() == before and ledger.balance("visits").releases == 1
    assert not (tmp_path / "run").exists()


def test_two_privacy_units_on_one_dataset_are_refused_before_the_first_pays(
    tmp_path: Path, table: Path, key: Key
) -> None:
    rows = tmp_path / "rows.yaml"  # one row per person: another unit than pid's, same dataset
    rows.write_text(
        "input: visits.csv\ndataset: visits\nbudget: {epsilon: 1}\nprivacy_unit: {id: null}\n"
        "queries:\n  - {name: n, kind: count}\n"
    )
    _pipeline(tmp_path, _stats(tmp_path, "a"), "rows.yaml")
    text = _refused_before_paying(tmp_path, key, ConfigError)
    assert "step 's2'" in text and "different units do not add up" in text


def test_a_budget_declared_unlike_the_ledgers_is_refused_by_the_plan(
    tmp_path: Path, table: Path, key: Key
) -> None:
    _ledger(tmp_path, key)  # ε=3 in the ledger
    spec = load_pipeline(_pipeline(tmp_path, _stats(tmp_path, "a"), budget=5.0))
    with pytest.raises(ConfigError, match="set once and never changed"):
        plan_pipeline(spec, key, out_dir=tmp_path / "run")


def test_plan_into_a_folder_of_another_spec_is_refused_like_the_run(
    tmp_path: Path, table: Path, key: Key
) -> None:
    _pipeline(tmp_path, _stats(tmp_path, "a"))
    run = tmp_path / "run"
    run_pipeline(load_pipeline(tmp_path / "p.yaml"), key, out_dir=run, progress=False)
    assert plan_pipeline(load_pipeline(tmp_path / "p.yaml"), key, out_dir=run).steps  # resumes
    _pipeline(tmp_path, _stats(tmp_path, "a"), _stats(tmp_path, "b", eps=0.5))
    other = load_pipeline(tmp_path / "p.yaml")
    with pytest.raises(ConfigError) as planned:
        plan_pipeline(other, key, out_dir=run)
    with pytest.raises(ConfigError) as ran:
        run_pipeline(other, key, out_dir=run, progress=False)
    assert str(planned.value) == str(ran.value)
    assert str(planned.value) == (
        f"{run}: holds a release of another pipeline spec; use a new --out directory"
    )


def test_plan_names_inputs_by_step_never_by_file_name(tmp_path: Path, key: Key) -> None:
    # a table named after a patient, in a folder named after them: on no line of the plan
    folder = tmp_path / "Canarius Mortimer-Flyte 987-65-4329"
    folder.mkdir()
    rng = np.random.default_rng(5)
    pd.DataFrame(
        {"pid": [f"p{i}" for i in range(200)], "sex": rng.choice(["F", "M"], 200),
         "age": [150, *rng.integers(0, 100, 199)]}  # one age out of bounds: a check line
    ).to_csv(folder / "Mortimer-Flyte_987-65-4329.csv", index=False)  # fmt: skip
    _pipeline(tmp_path, _stats(tmp_path, "a", f"'{folder.name}/Mortimer-Flyte_987-65-4329.csv'"))
    spec = load_pipeline(tmp_path / "p.yaml")
    planned = plan_pipeline(spec, key, out_dir=tmp_path / "run").lines()
    result = run_pipeline(spec, key, out_dir=tmp_path / "run", progress=False)
    kept = (tmp_path / "run" / "private" / "plan.txt").read_text()
    for text in ("\n".join(planned), "\n".join(result.plan_lines), kept):
        assert "987-65-4329" not in text and "Mortimer" not in text
        assert "  input: input of step 's1': " in text
