"""The de-identified corpus passes the held-out PS3.15 Annex E conformance checker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.deid.dicom.profile import OPTIONS
from medprivacy.keys import Key

from .conftest import Corpus, Run


def run_checker(
    checker: Path, corpus: Corpus, out_dir: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    args = [
        sys.executable,
        str(checker),
        str(corpus.in_dir),
        str(out_dir),
        "--manifest",
        str(corpus.manifest.path),
        "-j",
        "2",
    ]
    for option in options:
        args += ["--option", option]
    return subprocess.run(args, capture_output=True, text=True, timeout=300)


def assert_conformant(result: subprocess.CompletedProcess[str]) -> None:
    report = result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, report
    assert lines and lines[-1].startswith("conformance: 100.00% leaks: 0"), report


def test_basic_profile_output_is_fully_conformant_and_leaks_nothing(
    checker: Path, deidentified: Run
) -> None:
    assert deidentified.summary.done == len(deidentified.corpus.manifest.files)
    assert_conformant(run_checker(checker, deidentified.corpus, deidentified.out_dir))


@pytest.mark.slow
@pytest.mark.parametrize(
    "options",
    [
        *[(option,) for option in OPTIONS],
        # the common research combination
        ("retain_long_modified_dates", "retain_patient_characteristics", "clean_descriptors"),
    ],
    ids=lambda options: "+".join(options),
)
def test_each_option_and_the_research_combination_are_conformant_and_leak_nothing(
    checker: Path, corpus: Corpus, key: Key, tmp_path: Path, options: tuple[str, ...]
) -> None:
    out = tmp_path / "out"
    summary = deidentify_dicom(corpus.in_dir, out, key, options, progress=False)
    assert summary.done == len(corpus.manifest.files)
    assert not summary.problems
    assert_conformant(run_checker(checker, corpus, out, *options))
