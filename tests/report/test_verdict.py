"""The verdict: the default gates block on an attack fail, a failed input file or an unusable DP
figure, and nothing else; a pipeline's `gates:` moves the bar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medprivacy.errors import ConfigError
from medprivacy.report import Gates
from medprivacy.report.build import run_gates
from medprivacy.spec import parse_pipeline

from .conftest import make_run
from .helpers import build


def test_ready_when_no_gate_blocks(run_dir: Path) -> None:
    verdict = build(run_dir)
    assert verdict.ready and verdict.exit_code == 0
    assert verdict.line().startswith("verdict: READY TO RELEASE")
    assert any("quarantined" in w for w in verdict.warnings)  # quarantine is not a failure
    review = json.loads((run_dir / "private" / "review.json").read_text())
    assert review["verdict"] == {
        "decision": "READY TO RELEASE",
        "ready": True,
        "reasons": [],
        "warnings": verdict.warnings,
    }


def test_attack_fail_blocks(tmp_path: Path) -> None:
    verdict = build(make_run(tmp_path, attack_verdict="fail"))
    assert not verdict.ready and verdict.exit_code == 1
    assert verdict.line() == "verdict: BLOCKED (1 reason(s))"
    assert verdict.reasons[0].startswith("attack-t: an attacker who knows a person is in the")


def test_attack_attention_warns_by_default_and_blocks_when_the_gate_says_so(
    tmp_path: Path,
) -> None:
    run = make_run(tmp_path, attack_verdict="attention", gates="gates: {attacks: attention}")
    assert build(run, Gates()).ready
    assert not build(run).ready  # the run's own gates, read from private/pipeline.yaml


def test_failed_input_blocks_and_names_the_count(tmp_path: Path) -> None:
    verdict = build(make_run(tmp_path, failed=2))
    assert verdict.reasons == ["imaging: 2 input file(s) failed"]
    assert build(make_run(tmp_path / "b", failed=2), Gates(failed_inputs=False)).ready


def test_unusable_dp_figure_blocks(tmp_path: Path) -> None:
    verdict = build(make_run(tmp_path, mean=(20.0, -30.0, 70.0)))  # ±50 around 20
    assert len(verdict.reasons) == 1
    assert "stats/age_mean is unusable" in verdict.reasons[0]
    assert "noise could erase it" in verdict.reasons[0]


def test_interval_wider_than_value_warns_without_blocking(tmp_path: Path) -> None:
    verdict = build(make_run(tmp_path, mean=(52.0, 21.0, 103.0)))  # the example
    assert verdict.ready
    assert any("is wider than the value (52)" in w for w in verdict.warnings)


def test_synthetic_worse_than_independent_columns_warns(tmp_path: Path) -> None:
    verdict = build(make_run(tmp_path, synthetic_tvd2=0.3))
    assert verdict.ready
    assert any("worse than independent columns" in w for w in verdict.warnings)
    blocked = build(make_run(tmp_path / "b", synthetic_tvd2=0.3), Gates(synthetic_below_floor=True))
    assert not blocked.ready


def test_pipeline_gates_are_validated_and_left_out_of_the_spec_hash() -> None:
    text = "name: t\n{}steps:\n  - step: deid_dicom\n    input: a\n    output: o\n"
    spec = parse_pipeline(text.format("gates: {attacks: attention, failed_inputs: false}\n"))
    assert spec.gates == Gates(attacks="attention", failed_inputs=False)
    assert spec.model_dump() == parse_pipeline(text.format("")).model_dump()
    with pytest.raises(ConfigError, match=r"<pipeline>:2: gates.attacks"):
        parse_pipeline(text.format("gates: {attacks: sometimes}\n"))


def test_bad_gates_in_a_runs_spec_copy_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("gates: {unusable_dp: maybe}\n")
    with pytest.raises(ConfigError, match="gates: not valid"):
        run_gates(tmp_path / "p.yaml")


def test_a_suite_that_assessed_nothing_is_a_warning(tmp_path: Path) -> None:
    run = make_run(tmp_path)
    path = run / "private" / "attacks-t" / "attack_results.json"
    doc = json.loads(path.read_text())
    doc["results"] = [r for r in doc["results"] if r["verdict"] == "n/a"]
    path.write_text(json.dumps(doc))
    verdict = build(run)
    assert "attack-t: nothing could be assessed (no figure has a limit)" in verdict.warnings
