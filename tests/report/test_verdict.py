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


def test_a_mean_is_judged_against_its_declared_range(tmp_path: Path) -> None:
    # the example: 52 with interval 21-103 in bounds 0-120 covers 68% of the range
    blocked = build(make_run(tmp_path / "a", mean=(52.0, 21.0, 103.0)))
    assert blocked.reasons == [
        "DP statistic stats/age_mean is unusable: the 95% interval (21 to 103) covers 68% of "
        "the declared range: the noise could erase it"
    ]
    rough = build(make_run(tmp_path / "b", mean=(52.0, 40.0, 64.0)))  # 20% of the range
    assert rough.ready
    assert any("covers 20% of the declared range: read it as a rough" in w for w in rough.warnings)


def test_a_precise_mean_near_zero_is_usable(tmp_path: Path) -> None:
    # the review's z-score: -0.00039 within +-0.0015, bounds -4 to 4
    verdict = build(make_run(tmp_path, mean=(-0.00039, -0.0019, 0.0011), bounds=(-4.0, 4.0)))
    assert verdict.ready
    assert not any("age_mean" in w for w in verdict.warnings)


def test_a_mean_without_an_interval_is_unusable(tmp_path: Path) -> None:
    # its step gives none when the noisy row count could be zero (weak.yaml in the review)
    run = make_run(tmp_path)
    path = run / "release" / "stats" / "stats.json"
    doc = json.loads(path.read_text())
    doc["statistics"][1].update(value=0.0, interval_95=None, note="too few rows for an interval")
    path.write_text(json.dumps(doc))
    verdict = build(run)
    assert verdict.reasons == [
        "DP statistic stats/age_mean is unusable: no 95% interval (too few rows for an interval):"
        " the noisy row count could be zero, so the mean could lie anywhere in its declared range"
    ]


def test_a_sum_of_signed_terms_near_zero_is_a_warning_not_a_block(tmp_path: Path) -> None:
    run = make_run(tmp_path)
    path = run / "release" / "stats" / "stats.json"
    doc = json.loads(path.read_text())
    doc["statistics"][1].update(kind="sum", value=3.0, interval_95=[-40.0, 46.0])
    path.write_text(json.dumps(doc))
    summary = json.loads((run / "private" / "summary.json").read_text())
    summary["stats"]["declared_bounds"]["age_mean"] = [-5.0, 5.0]
    (run / "private" / "summary.json").write_text(json.dumps(summary))
    verdict = build(run)
    assert verdict.ready
    assert any(
        "not judged: the sum's terms can be negative or positive" in w for w in verdict.warnings
    )


def test_a_figure_without_stated_accuracy_is_a_warning_never_fine(tmp_path: Path) -> None:
    run = make_run(tmp_path)
    path = run / "release" / "stats" / "stats.json"
    doc = json.loads(path.read_text())
    doc["statistics"].append(
        {"name": "age_median", "kind": "median", "value": 877551.0, "interval_95": None,
         "mechanism": "ExponentialMin", "noise_scale": {}, "note": "no accuracy stated"}
    )  # fmt: skip
    path.write_text(json.dumps(doc))
    verdict = build(run)
    assert verdict.ready
    assert any(
        w.startswith("DP statistic stats/age_median: accuracy not stated") for w in verdict.warnings
    )
    review = json.loads((run / "private" / "review.json").read_text())
    median = review["dp"][0]["statistics"][-1]
    assert median["warning"] and not median["unusable"]
    assert "accuracy not stated" in (run / "private" / "review.html").read_text()


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


def _edit_results(run: Path, **changes: object) -> None:
    path = run / "private" / "attacks-t" / "attack_results.json"
    doc = json.loads(path.read_text())
    doc.update(changes)
    path.write_text(json.dumps(doc))


def test_a_suite_that_assessed_nothing_blocks_by_default(tmp_path: Path) -> None:
    run = make_run(tmp_path)
    doc = json.loads((run / "private" / "attacks-t" / "attack_results.json").read_text())
    _edit_results(run, results=[r for r in doc["results"] if r["verdict"] == "n/a"])
    verdict = build(run)
    assert verdict.reasons == ["attack-t: nothing could be assessed (no figure has a limit)"]
    relaxed = build(run, Gates(unassessed=False))
    assert relaxed.ready
    assert "attack-t: nothing could be assessed (no figure has a limit)" in relaxed.warnings
    page = (run / "release" / "README.html").read_text()
    assert "were attacked" not in page and "No attack assessed these outputs" in page


def test_an_attack_that_could_not_run_blocks(tmp_path: Path) -> None:
    # the review's `sensitive: [yearz]`: one attack of the suite errs, the others pass
    run = make_run(tmp_path)
    _edit_results(run, errors={"inference": "attack 'inference': secret column 'yearz' is missing"})
    verdict = build(run)
    assert verdict.reasons == [
        "attack attack-t: inference could not run (attack 'inference': secret column 'yearz' "
        "is missing)"
    ]


def test_an_output_step_that_released_nothing_blocks(tmp_path: Path) -> None:
    # every DICOM file quarantined: the step released 0 files
    run = make_run(tmp_path)
    (run / "release" / "dicom" / "a.dcm").unlink()
    manifest = json.loads((run / "release" / "manifest.json").read_text())
    manifest["files"] = [f for f in manifest["files"] if f["path"] != "dicom/a.dcm"]
    manifest["steps"][0]["summary"].update(released=0, quarantined=4)
    (run / "release" / "manifest.json").write_text(json.dumps(manifest))
    verdict = build(run)
    assert verdict.reasons == ["imaging: nothing released (0 files in dicom/)"]


def test_readme_names_the_attacked_outputs_and_suite(run_dir: Path) -> None:
    manifest = json.loads((run_dir / "release" / "manifest.json").read_text())
    manifest["pipeline"]["steps"][3]["table"] = "synth/synthetic.csv"
    (run_dir / "release" / "manifest.json").write_text(json.dumps(manifest))
    build(run_dir)
    page = (run_dir / "release" / "README.html").read_text()
    assert "these outputs were attacked: synth/synthetic.csv with the hipaa suite." in page
    release = json.loads((run_dir / "release" / "release.json").read_text())
    assert release["attacked"] == [{"output": "synth/synthetic.csv", "suite": "hipaa"}]
