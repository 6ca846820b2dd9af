"""Batch behaviour: inputs stay untouched, names carry no PHI, bad files are reported and counted
without stopping the batch, and a journal made with one key refuses another."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.errors import ConfigError, InputError
from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import build_corpus

from .helpers import (
    Manifest,
    dicom_outputs,
    find_tokens,
    journal_of,
    make_bad_inputs,
    read,
    sha256_tree,
    tree,
)


def test_inputs_are_never_modified(tmp_path: Path, key: Key) -> None:
    src = tmp_path / "in"
    build_corpus(src / "planted", 1, seed=3, manifest=tmp_path / "m.json")
    make_bad_inputs(src / "bad")
    before = sha256_tree(src)
    deidentify_dicom(src, tmp_path / "out", key, progress=False)
    deidentify_dicom(src, tmp_path / "out", key, progress=False)  # a resumed run too
    deidentify_dicom(src, tmp_path / "out-2", key, ["retain_uids"], workers=2, progress=False)
    assert sha256_tree(src) == before  # same files, same bytes, same mtimes, nothing added


def test_output_inside_the_input_directory_is_refused(tmp_path: Path, key: Key) -> None:
    src = tmp_path / "in"
    make_bad_inputs(src)
    before = sha256_tree(src)
    with pytest.raises(InputError):
        deidentify_dicom(src, src / "out", key, progress=False)
    assert sha256_tree(src) == before


@pytest.fixture(scope="module")
def named_with_phi(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    """A corpus whose input file and folder names hold the patient's ID and surname."""
    root = tmp_path_factory.mktemp("phi-names")
    manifest = Manifest.load(build_corpus(root / "in", 1, seed=11, manifest=root / "m.json"))
    renamed = {}
    for rel, meta in manifest.files.items():
        phi = {item["where"]: item["tokens"] for item in meta["phi"]}
        name = f"{phi['PatientID'][0]}/{phi['PatientName'][0]}_{phi['StudyDate'][0]}.dcm"
        (root / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "in" / rel).rename(root / "in" / name)
        renamed[name] = meta
    return root / "in", Manifest(manifest.path, renamed)


def test_output_names_carry_no_phi_and_no_original_uid(
    named_with_phi: tuple[Path, Manifest], key: Key, tmp_path: Path
) -> None:
    src, manifest = named_with_phi
    out = tmp_path / "out"
    summary = deidentify_dicom(src, out, key, progress=False)
    assert summary.done == len(manifest.files) == 11
    names = [p.relative_to(out).as_posix() for p in out.rglob("*")]
    assert len(dicom_outputs(out)) == 11
    for name in names:
        assert not find_tokens(name, manifest.tokens()), name  # uid tokens included
        assert not any(uid in name for uid in manifest.uids()), name


def test_journal_holds_no_input_names_and_no_phi(
    named_with_phi: tuple[Path, Manifest], key: Key, tmp_path: Path
) -> None:
    src, manifest = named_with_phi
    out = tmp_path / "out"
    deidentify_dicom(src, out, key, progress=False)
    journal = journal_of(out).parent.glob("dicom-journal.sqlite*")
    state = b"".join(p.read_bytes() for p in journal)
    text = state.decode("latin-1")
    assert not find_tokens(text, manifest.tokens())
    assert not any(name in text for name in manifest.files)
    assert str(src) not in text


# -- bad input --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory, key: Key):
    root = tmp_path_factory.mktemp("bad")
    bad = make_bad_inputs(root / "in")
    summary = deidentify_dicom(root / "in", root / "out", key, progress=False)
    return bad, summary, root / "out"


def test_bad_files_are_counted_and_never_stop_the_batch(bad_run) -> None:
    bad, summary, _ = bad_run
    assert summary.failed == len(bad.failed) == 2
    assert summary.quarantined == len(bad.quarantined) == 3
    assert summary.done == len(bad.good) == 2  # the good files sort after the bad ones
    assert summary.resumed == 0
    assert summary.total == 7


def test_each_bad_file_is_named_with_its_status_and_a_reason(bad_run) -> None:
    bad, summary, _ = bad_run
    problems = {Path(p.path).resolve(): p for p in summary.problems}
    expected = {p.resolve(): "failed" for p in bad.failed}
    expected |= {p.resolve(): "quarantined" for p in bad.quarantined}
    assert {path: p.status for path, p in problems.items()} == expected
    assert len(summary.problems) == len(expected)  # each named once
    for p in summary.problems:
        assert p.reason.strip(), p.path
    by_name = {Path(p.path).name: p.reason for p in summary.problems}
    assert "BurnedInAnnotation" in by_name["d_burned.dcm"]
    assert "truncated" in by_name["b_truncated.dcm"]
    assert "truncated" in by_name["c_rtplan_truncated.dcm"]
    assert "not a DICOM" in by_name["a_notes.txt"]


def test_bad_files_produce_no_output(bad_run, key: Key) -> None:
    bad, summary, out = bad_run
    released = tree(out)
    assert len(released) == 2
    assert set(released) == set(summary.outputs)
    for sop in bad.bad_sop_uids:
        assert not any(key.uid(sop) in name or sop in name for name in released), sop
    for name in released:  # only the CT and the ultrasound were released
        assert read(out / name).Modality in {"CT", "US"}


def test_ultrasound_is_released_but_flagged_for_pixel_review(bad_run, key: Key) -> None:
    bad, summary, out = bad_run
    study, series, sop = (key.uid(u) for u in bad.us_uids)
    us_name = f"{study}/{series}/{sop}.dcm"
    assert us_name in summary.outputs
    assert (out / us_name).is_file()
    assert summary.review == [us_name]  # the CT is not flagged


def test_failed_files_are_retried_and_quarantined_ones_reported_again_on_rerun(
    bad_run, key: Key
) -> None:
    bad, first, out = bad_run
    again = deidentify_dicom(bad.good[0].parent, out, key, progress=False)
    assert (again.done, again.resumed) == (0, 2)
    assert (again.failed, again.quarantined) == (2, 3)
    assert {p.path for p in again.problems} == {p.path for p in first.problems}


def test_resuming_with_another_key_is_refused(bad_run) -> None:
    bad, _, out = bad_run
    with pytest.raises(ConfigError):
        deidentify_dicom(bad.good[0].parent, out, Key("another-key"), progress=False)
    with pytest.raises(ConfigError):
        deidentify_dicom(bad.good[0].parent, out, Key("test-key"), ["retain_uids"], progress=False)


def test_journal_records_one_row_per_input(bad_run) -> None:
    out = bad_run[2]
    con = sqlite3.connect(journal_of(out))
    try:
        statuses = sorted(r[0] for r in con.execute("SELECT status FROM items"))
    finally:
        con.close()
    assert statuses == sorted(["done"] * 2 + ["failed"] * 2 + ["quarantined"] * 3)
