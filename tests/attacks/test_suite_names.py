"""Packaged suites: addressed by name from anywhere, files still accepted, one copy of each, and
the default suite chosen by what the release holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medprivacy.attacks.suite import (
    DEFAULT_SUITES,
    load_suite,
    packaged_suites,
    release_kind,
    suite_names,
    suite_path,
)
from medprivacy.errors import ConfigError
from medprivacy.keys import Key
from medprivacy.pipeline import run_pipeline
from medprivacy.spec import load_pipeline

REPO = Path(__file__).resolve().parents[2]


def test_packaged_suites_load_by_name_from_the_package() -> None:
    assert set(suite_names()) >= {"default", "dicom", "gdpr", "hipaa"}
    for name in suite_names():
        suite, built = load_suite(name)
        assert suite.name == name and built
        assert suite_path(name).parent == packaged_suites()


def test_the_checkout_attacks_folder_points_at_the_packaged_suites() -> None:
    # one source of truth: attacks/NAME.yaml is the packaged file, not a copy that can drift
    for name in suite_names():
        linked = REPO / "attacks" / f"{name}.yaml"
        assert linked.resolve() == suite_path(name).resolve()


def test_a_name_is_never_resolved_as_a_path_and_a_path_always_is(tmp_path: Path) -> None:
    def resolve(p: Path) -> Path:
        return tmp_path / p

    (tmp_path / "hipaa").write_text("not a suite")  # a file named like a suite is not taken
    assert suite_path("hipaa", resolve) == packaged_suites() / "hipaa.yaml"
    assert suite_path("mine.yaml", resolve) == tmp_path / "mine.yaml"
    assert suite_path("../x/hipaa.yaml", resolve) == tmp_path / "../x/hipaa.yaml"


def test_an_unknown_name_lists_the_packaged_suites() -> None:
    with pytest.raises(ConfigError, match=r"'hipa': no such suite \(packaged: default, dicom"):
        suite_path("hipa")


def test_default_suite_follows_what_the_release_holds(tmp_path: Path) -> None:
    (tmp_path / "ehr").mkdir()
    (tmp_path / "synth").mkdir()
    (tmp_path / "synth" / "privacy.json").write_text(json.dumps({"method": "aim"}))
    (tmp_path / "stats").mkdir()
    (tmp_path / "stats" / "privacy.json").write_text("{not json")  # unreadable: a plain table
    assert release_kind(tmp_path, "ehr/patients.csv", None, False) == "table"
    assert release_kind(tmp_path, "synth/synthetic.csv", None, False) == "synthetic"
    assert release_kind(tmp_path, "ehr/patients.csv", None, True) == "synthetic"
    assert release_kind(tmp_path, "stats/t.csv", None, False) == "table"
    assert release_kind(tmp_path, None, "dicom", False) == "dicom"
    assert {kind: DEFAULT_SUITES[kind][0] for kind in DEFAULT_SUITES} == {
        "table": "hipaa",
        "synthetic": "gdpr",
        "dicom": "dicom",
    }


def test_a_pipeline_attack_step_takes_a_suite_by_name(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    corpus, _ = small_corpus
    spec = tmp_path / "p.yaml"
    spec.write_text(
        "name: p\nsteps:\n"
        f"  - step: deid_dicom\n    id: imaging\n    input: {corpus}\n"
        "  - step: attack\n    id: attack-dicom\n    suite: dicom\n    dicom: dicom\n"
    )
    run_pipeline(load_pipeline(spec), key, out_dir=tmp_path / "run", progress=False)
    results = tmp_path / "run" / "private" / "attacks" / "attack_results.json"
    assert json.loads(results.read_text())["suite"] == "dicom"
