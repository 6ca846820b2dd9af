"""The pages: plain-language figures on the review, release-safe content only on the README, each
file self-contained and small, JSON twins with the same numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

from medprivacy.report.plain import explain, scale_name, share

from .conftest import CANARY, PATH_CANARY, make_run
from .helpers import build


def test_review_states_figures_in_plain_words(run_dir: Path) -> None:
    build(run_dir)
    page = (run_dir / "private" / "review.html").read_text()
    assert "1 in 4 of the 200 records (50) are unique on YOB, SEX, RACE and ZIP3" in page
    assert "<b>prosecutor</b> knows that the person is in the release" in page
    assert "<b>journalist</b>" in page and "<b>marketer</b>" in page
    # auc: null comes with its reason
    assert "no value: it could not be computed: both members and non-members" in page
    # OpenDP internals behind plain names
    assert "Frame Length" not in page and "row count: 6" in page
    assert "Verdict:</b> better than independent columns" in page


def test_auc_null_keeps_the_attacks_own_reason() -> None:
    fig = {
        "metric": "auc",
        "value": None,
        "n": 0,
        "verdict": "n/a",
        "attack": "membership",
        "note": "no non-members given",
    }
    assert explain(fig, []) == ("no value: no non-members given", "")


def test_shares_and_scale_names_read_plainly() -> None:
    assert share(0.25, 200, "patients") == "1 in 4 of the 200 patients (50)"
    assert share(0.95, 200, "records") == "190 of the 200 records (95%)"
    assert share(0.0, 11, "records") == "none of the 11 records"
    assert scale_name("n:Frame Length") == "row count"
    assert scale_name("value:0.5-Quantile") == "0.5 quantile (median)"


def test_failing_figure_comes_with_threshold_and_remedy(tmp_path: Path) -> None:
    run = make_run(tmp_path, attack_verdict="fail")
    build(run)
    doc = json.loads((run / "private" / "review.json").read_text())
    fig = doc["attacks"][0]["figures"][0]
    assert fig["threshold"] == "fails above 0.09"
    assert fig["remedy"].startswith("generalise the quasi-identifiers (YOB, SEX, RACE and ZIP3)")
    assert fig["interval"] == [0.5, 0.5]


def test_canary_in_private_data_never_reaches_the_release_pages(tmp_path: Path) -> None:
    run = make_run(tmp_path, failed=1, synthetic_tvd2=0.3)
    build(run)
    for name in ("README.html", "release.json"):
        text = (run / "release" / name).read_text()
        assert CANARY not in text and PATH_CANARY not in text, name
        assert "private/" not in text, name  # no private path
    for name in ("review.html", "review.json"):  # the review counts inputs by rule, no paths
        text = (run / "private" / name).read_text()
        assert PATH_CANARY not in text, name
    review = json.loads((run / "private" / "review.json").read_text())
    assert review["inputs"]["steps"][0]["by_rule"] == [
        {"status": "failed", "rule": "truncated element", "files": 1},
        {"status": "quarantined", "rule": "BurnedInAnnotation is YES", "files": 1},
    ]


def test_release_readme_states_privacy_per_output(run_dir: Path) -> None:
    verdict = build(run_dir)
    doc = json.loads((run_dir / "release" / "release.json").read_text())
    privacy = {o["output"]: o["privacy"] for o in doc["outputs"]}
    assert privacy["stats"]["epsilon"] == 1.0 and privacy["stats"]["delta"] == 0.0
    assert privacy["stats"]["unit"].startswith("one patient")
    assert privacy["synth"]["guarantee"] == "(1, 1e-06)-DP per patient"
    assert privacy["dicom"] == {"dp": False, "basis": "PS3.15 Annex E Basic"}
    page = (run_dir / "release" / "README.html").read_text()
    assert "How to cite and use" in page and "add or remove one patient" in page
    assert "were attacked: the release with the hipaa suite" in page
    assert set(verdict.files) == {"README.html", "release.json"}


def test_pages_are_self_contained_and_small(run_dir: Path) -> None:
    build(run_dir)
    for page in (run_dir / "private" / "review.html", run_dir / "release" / "README.html"):
        text = page.read_text()
        assert page.stat().st_size < 2_000_000
        assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", text), page
        assert not re.search(r"<(script|link)\b", text), page
        srcs = re.findall(r"<img src='([^']*)'", text)
        assert srcs and all(s.startswith("data:image/png;base64,") for s in srcs), page


def test_report_rerender_keeps_release_as_its_manifest_lists(run_dir: Path) -> None:
    from medprivacy.report import report_run

    build(run_dir)
    before = {p: p.read_bytes() for p in (run_dir / "release").rglob("*") if p.is_file()}
    verdict = report_run(run_dir)
    after = {p: p.read_bytes() for p in (run_dir / "release").rglob("*") if p.is_file()}
    assert before == after and verdict.files == {}
    assert verdict.review == run_dir / "private" / "review.html"
