"""`medprivacy deid dicom` on the command line: logs carry no PHI, user errors are one line."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from medprivacy.testing.dicom_corpus import build_corpus

from .helpers import (
    INSTANCE_UIDS,
    Manifest,
    cli,
    dicom_outputs,
    find_tokens,
    make_bad_inputs,
    read,
    save,
    template,
    with_fresh_uids,
)

# Values pydicom warns about (its warnings quote the value): they must not reach our logs.
BAD_UID = "1.2.3.04.4711.0815"  # leading zeros in components: invalid UI
PRIVATE_SECRET = "PRIVHAVERTONSECRET"
PRIVATE_BAD_DATE = "HAVERTONDAY77"  # not a DA value


def make_warning_file(path: Path) -> list[str]:
    """A CT whose SOP instance UID is invalid and whose private block holds PHI."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = with_fresh_uids(template("CT_small.dcm"))
        ds.SOPInstanceUID = BAD_UID
        ds.file_meta.MediaStorageSOPInstanceUID = BAD_UID
        block = ds.private_block(0x0011, "HAVERTON PRIVATE", create=True)
        block.add_new(0x01, "LO", PRIVATE_SECRET)
        block.add_new(0x02, "DA", PRIVATE_BAD_DATE)
        inner = Dataset()
        inner.PatientName = "HAVERTONINNER^PRIVATE"
        block.add_new(0x03, "SQ", Sequence([inner]))
        save(ds, path)
    return [BAD_UID, PRIVATE_SECRET, PRIVATE_BAD_DATE, "HAVERTONINNER"]


def input_uids(root: Path) -> set[str]:
    """Instance UIDs of every input that parses (bad files included)."""
    uids = set()
    for path in root.rglob("*"):
        try:
            ds = read(path, force=True, stop_before_pixels=True)
        except Exception:
            continue
        for kw in INSTANCE_UIDS:
            value = str(ds.get(kw, "") or "").strip()
            if value:
                uids.add(value)
    return uids


def test_verbose_log_names_no_phi_and_no_original_uid(tmp_path: Path) -> None:
    src = tmp_path / "in"
    manifest = Manifest.load(
        build_corpus(src / "planted", 1, seed=17, manifest=tmp_path / "m.json")
    )
    bad = make_bad_inputs(src / "bad")
    result = cli(
        "-v", "deid", "dicom", str(src), str(tmp_path / "out"), "--no-progress", cwd=tmp_path
    )
    log = result.stdout + result.stderr
    assert result.returncode == 1, log  # two inputs failed: exit 1 (quarantines are not failures)
    # the run did log: problems by keyed short id (folder names can be PHI), the summary
    assert "DICOM: done 13, resumed 0, quarantined 3, failed 2" in log, log
    assert "INFO" in log  # -v logs our progress messages
    problems = [*bad.failed, *bad.quarantined]
    for path in problems:
        assert path.name not in log and str(path.parent) not in log, log
    assert len(set(re.findall(r": input ([0-9a-f]{10}): ", result.stderr))) == len(problems)
    # full paths only in the private summary beside the output
    summary = json.loads((tmp_path / "out.private" / "summary.json").read_text())
    assert {Path(p["path"]) for p in summary["problems"]} == set(problems)
    assert len(dicom_outputs(tmp_path / "out")) == 13
    # ... and no value
    assert not find_tokens(log, manifest.tokens()), log
    uids = input_uids(src) | manifest.uids()
    assert len(uids) > 40
    assert not [uid for uid in uids if uid in log], log
    assert "Traceback" not in log


def test_show_paths_names_problem_inputs_by_path(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "DOE_JANE.txt").write_text("not DICOM")
    hidden = cli("deid", "dicom", "in", "out", "--no-progress", cwd=tmp_path)
    shown = cli("deid", "dicom", "in", "out2", "--no-progress", "--show-paths", cwd=tmp_path)
    assert "DOE_JANE" not in hidden.stderr and "failed: input " in hidden.stderr
    assert "DOE_JANE.txt: not a DICOM Part 10 file" in shown.stderr


@pytest.mark.parametrize("verbosity", [["-v"], []], ids=["verbose", "quiet"])
def test_log_never_quotes_values_pydicom_warns_about(tmp_path: Path, verbosity: list[str]) -> None:
    src = tmp_path / "in"
    secrets = make_warning_file(src / "w.dcm")
    save(template("CT_small.dcm"), src / "ct.dcm")
    result = cli(
        *verbosity, "deid", "dicom", str(src), str(tmp_path / "out"), "--no-progress", cwd=tmp_path
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "DICOM: done" in log, log
    assert not find_tokens(log, secrets), log
    assert "Traceback" not in log


@pytest.fixture
def some_input(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    save(template("CT_small.dcm"), src / "ct.dcm")
    return src


def assert_one_error_line(result, *fragments: str) -> None:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:"), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_input_directory_is_one_error_line_and_exit_2(tmp_path: Path) -> None:
    result = cli(
        "deid",
        "dicom",
        str(tmp_path / "nowhere"),
        str(tmp_path / "out"),
        "--no-progress",
        cwd=tmp_path,
    )
    assert_one_error_line(result, "nowhere")
    assert not (tmp_path / "out").exists()


def test_unknown_option_is_one_error_line_and_exit_2(tmp_path: Path, some_input: Path) -> None:
    result = cli(
        "deid",
        "dicom",
        str(some_input),
        str(tmp_path / "out"),
        "--option",
        "retain_everything",
        "--no-progress",
        cwd=tmp_path,
    )
    assert_one_error_line(result, "retain_everything")
    assert not (tmp_path / "out").exists()


def test_missing_key_is_one_error_line_and_exit_2(tmp_path: Path, some_input: Path) -> None:
    result = cli(
        "deid",
        "dicom",
        str(some_input),
        str(tmp_path / "out"),
        "--no-progress",
        cwd=tmp_path,
        key=None,
    )
    assert_one_error_line(result, "MEDPRIVACY_KEY")
    assert not (tmp_path / "out").exists()


def test_rerun_with_another_key_is_one_error_line_and_exit_2(
    tmp_path: Path, some_input: Path
) -> None:
    out = tmp_path / "out"
    first = cli("deid", "dicom", str(some_input), str(out), "--no-progress", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in dicom_outputs(out)}
    result = cli(
        "deid",
        "dicom",
        str(some_input),
        str(out),
        "--no-progress",
        cwd=tmp_path,
        key="another-key-0123456789",
    )
    assert_one_error_line(result)
    assert {p: p.read_bytes() for p in dicom_outputs(out)} == before
