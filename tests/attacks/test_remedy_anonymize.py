"""The closed loop: an attack step with `remedy: anonymize` turns a Safe Harbor table that fails
the HIPAA suite into one that passes it; the failing version leaves release/ and the manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from medprivacy.errors import ConfigError
from medprivacy.keys import Key
from medprivacy.pipeline import RunResult, run_pipeline
from medprivacy.plan import plan_pipeline
from medprivacy.spec import load_pipeline

REPO = Path(__file__).resolve().parents[2]
QIS = ["BIRTHDATE", "GENDER", "RACE", "ZIP3"]


def patients_spec(tmp_path: Path, rows: int | None = None) -> Path:
    """The demo's Safe Harbor spec, patients table only (optionally its first ``rows`` rows)."""
    data = yaml.safe_load((REPO / "pipelines" / "tables" / "synthea-safe-harbor.yaml").read_text())
    data["tables"] = {"patients": data["tables"]["patients"]}
    if rows is not None:
        source = REPO / "src" / "medprivacy" / "sample_data" / "ehr" / "patients.csv"
        lines = source.read_text().splitlines()[: rows + 1]
        (tmp_path / "few.csv").write_text("\n".join(lines) + "\n")
        data["tables"]["patients"]["path"] = str(tmp_path / "few.csv")
    path = tmp_path / "tables.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def pipeline(tmp_path: Path, attack: dict[str, Any], rows: int | None = None) -> Path:
    steps = [
        {"step": "deid_tables", "id": "sh", "spec": str(patients_spec(tmp_path, rows))},
        {"step": "attack", "id": "attack-sh", "suite": "hipaa", "output": "attacks", **attack},
    ]
    steps[0]["output"] = "sh"
    path = tmp_path / "pipeline.yaml"
    path.write_text(yaml.safe_dump({"name": "remedy", "steps": steps}, sort_keys=False))
    return path


ATTACK = {
    "table": "sh/patients.csv",
    "quasi_identifiers": QIS,
    "population_size": 7_000_000,
    "remedy": "anonymize",
}


def run(path: Path, tmp_path: Path) -> RunResult:
    spec = load_pipeline(path)
    spec.ledger = tmp_path / "ledger.sqlite"
    return run_pipeline(spec, Key("remedy-test-key"), out_dir=tmp_path / "run", progress=False)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_failing_release_is_replaced_by_one_that_passes_the_same_suite(tmp_path: Path) -> None:
    result = run(pipeline(tmp_path, ATTACK), tmp_path)
    run_dir = tmp_path / "run"
    attacks = run_dir / "private" / "attacks"
    before = json.loads((attacks / "before" / "attack_results.json").read_text())
    after = json.loads((attacks / "attack_results.json").read_text())
    assert before["verdict"] == "fail" and after["verdict"] == "pass"
    assert result.verdict is not None and result.verdict.ready  # the verdict uses the after

    released = run_dir / "release" / "sh" / "patients.csv"
    failed = attacks / "failed" / "sh" / "patients.csv"
    assert failed.is_file() and sha(failed) != sha(released)
    table = pd.read_csv(released, dtype=str, keep_default_na=False)
    sizes = table.groupby(QIS).size()  # recounted: highest risk 0.09, average 0.05
    assert 1 / sizes.min() <= 0.09 and len(sizes) / len(table) <= 0.05
    assert len(table) >= 190  # at most 5% suppressed
    listed = {f["path"]: f["sha256"] for f in result.manifest["files"]}
    assert listed["sh/patients.csv"] == sha(released)
    assert sha(failed) not in listed.values()
    assert not [
        p for p in (run_dir / "release").rglob("*") if p.is_file() and sha(p) == sha(failed)
    ]

    remedy = json.loads((attacks / "remedy.json").read_text())
    assert (remedy["before"], remedy["after"]) == ("fail", "pass")
    assert {m["kind"] for m in remedy["models"]} >= {"prosecutor_risk"}
    prosecutor = next(m for m in remedy["models"] if m["kind"] == "prosecutor_risk")
    assert (prosecutor["highest"], prosecutor["average"]) == (0.09, 0.05)
    step = next(s for s in result.manifest["steps"] if s["id"] == "attack-sh")
    assert step["summary"]["remedy"]["classes"] == len(sizes)  # release-safe: of the release
    review = json.loads((run_dir / "private" / "review.json").read_text())
    assert review["anonymization"][0]["before"] == "fail"
    assert "Attack suite before" in (run_dir / "private" / "review.html").read_text()


@pytest.mark.slow
def test_a_table_too_small_to_fix_stays_failing_and_blocks(tmp_path: Path) -> None:
    result = run(pipeline(tmp_path, {**ATTACK, "remedy_suppression_limit": 0.0}, 8), tmp_path)
    attacks = tmp_path / "run" / "private" / "attacks"
    remedy = json.loads((attacks / "remedy.json").read_text())
    assert remedy["after"] is None and "no generalization satisfies" in remedy["error"]
    assert not (attacks / "failed").exists()
    assert result.verdict is not None and not result.verdict.ready
    assert any("could not be re-anonymized" in line for line in result.lines())


def test_without_remedy_a_failing_table_stays_as_released(tmp_path: Path) -> None:
    attack = {k: v for k, v in ATTACK.items() if k != "remedy"}
    result = run(pipeline(tmp_path, attack), tmp_path)
    assert not (tmp_path / "run" / "private" / "attacks" / "remedy.json").exists()
    assert result.verdict is not None and not result.verdict.ready


def test_plan_refuses_a_remedy_for_dicom_headers(tmp_path: Path) -> None:
    steps = [{"step": "attack", "suite": "hipaa", "dicom": "dicom", "remedy": "anonymize"}]
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump({"name": "x", "steps": steps}))
    with pytest.raises(ConfigError, match="remedy: anonymize re-anonymizes a released"):
        plan_pipeline(load_pipeline(path), Key("k"), out_dir=tmp_path / "run")


def test_plan_says_what_the_remedy_will_do(tmp_path: Path) -> None:
    plan = plan_pipeline(load_pipeline(pipeline(tmp_path, ATTACK)), Key("k"), out_dir=tmp_path)
    assert any("remedy: if sh/patients.csv fails" in line for line in plan.lines())


def test_birth_years_with_the_safe_harbor_cap_get_intervals_not_keep_or_suppress() -> None:
    from medprivacy.anonymize.hierarchy import from_rows
    from medprivacy.attacks.remedy import _capped_numbers

    years = pd.Series([str(y) for y in range(1930, 2017)] * 2 + ["<=1927"])
    rule = _capped_numbers(years)
    assert rule is not None and rule.kind == "rows" and rule.rows is not None
    hierarchy = from_rows("BIRTHDATE", rule.rows)
    row = {r[0]: r for r in rule.rows}
    assert row["1961"][1] != "1961" and row["1961"][-1] == "*"  # an interval, then the top
    assert row["<=1927"][:-1] == ["<=1927"] * (hierarchy.height - 1)
    assert _capped_numbers(pd.Series(["F", "M", "F"])) is None
