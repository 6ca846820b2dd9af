"""One input never stops a batch, two batches never share an output, the output folder's problems
are one error line, symlinks never lead outside the input, duplicates are settled by path order."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pydicom.uid import generate_uid

from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.errors import ConfigError
from medprivacy.keys import Key
from medprivacy.lock import exclusive

from .helpers import cli, cli_env, dicom_outputs, read, save, state_of, template, with_fresh_uids

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def ct(path: Path, number: int = 1, sop: str | None = None) -> Path:
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds.InstanceNumber = number
    if sop is not None:  # one instance: same study, series and SOP instance UIDs
        ds.StudyInstanceUID, ds.SeriesInstanceUID = sop + ".1", sop + ".2"
        ds.SOPInstanceUID = sop
        ds.file_meta.MediaStorageSOPInstanceUID = sop
    return save(ds, path)


def test_a_file_over_the_declared_maximum_is_reported_and_skipped(tmp_path: Path, key: Key) -> None:
    ct(tmp_path / "in" / "big.dcm")  # 39 KiB
    save(with_fresh_uids(template("MR_small.dcm")), tmp_path / "in" / "small.dcm")  # 10 KiB
    summary = deidentify_dicom(
        tmp_path / "in", tmp_path / "out", key, progress=False, max_file_bytes=20_000
    )
    assert (summary.done, summary.failed) == (1, 1)
    assert Path(summary.problems[0].path).name == "big.dcm"
    assert summary.problems[0].reason == "larger than the declared maximum file size"


def test_an_overlong_uid_under_retain_uids_does_not_stop_the_batch(
    tmp_path: Path, key: Key
) -> None:
    long_uid = "1.2." + ".".join(["123456789"] * 36) + "12"  # too long for a file name
    assert len(long_uid) == 365
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds.SeriesInstanceUID = long_uid
    save(ds, tmp_path / "in" / "a_long.dcm")
    save(with_fresh_uids(template("MR_small.dcm")), tmp_path / "in" / "b_ok.dcm")
    summary = deidentify_dicom(tmp_path / "in", tmp_path / "out", key, ["retain_uids"])
    assert (summary.done, summary.failed) == (2, 0), summary.problems
    for out in dicom_outputs(tmp_path / "out"):
        assert all(len(part) <= 68 for part in out.relative_to(tmp_path / "out").parts)


def test_two_batches_into_one_output_folder_exclude_each_other(tmp_path: Path, key: Key) -> None:
    ct(tmp_path / "in" / "a.dcm")
    out = tmp_path / "out"
    with exclusive(state_of(out)):  # what a running batch holds
        with pytest.raises(ConfigError, match="another run is using this directory"):
            deidentify_dicom(tmp_path / "in", out, key, progress=False)
        result = cli("deid", "dicom", "in", "out", "--no-progress", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == ["error: out: another run is using this directory"]
    assert not out.exists() or not dicom_outputs(out)


def test_the_journal_lives_beside_the_output_never_inside(tmp_path: Path, key: Key) -> None:
    ct(tmp_path / "in" / "a.dcm")
    deidentify_dicom(tmp_path / "in", tmp_path / "out", key, progress=False)
    inside = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert inside == dicom_outputs(tmp_path / "out")
    assert (state_of(tmp_path / "out") / "dicom-journal.sqlite").is_file()


def test_symlinks_leaving_the_input_are_skipped_and_counted(tmp_path: Path, key: Key) -> None:
    outside = ct(tmp_path / "elsewhere" / "secret.dcm", number=99)
    src = tmp_path / "in"
    inside = ct(src / "a.dcm", number=1)
    (src / "link_out.dcm").symlink_to(outside)
    (src / "link_in.dcm").symlink_to(inside)  # stays inside: followed (same instance)
    (src / "folder").symlink_to(outside.parent, target_is_directory=True)
    summary = deidentify_dicom(src, tmp_path / "out", key, progress=False)
    assert summary.skipped_symlinks == 2
    numbers = {int(read(p).InstanceNumber) for p in dicom_outputs(tmp_path / "out")}
    assert numbers == {1}


@pytest.mark.slow
def test_a_duplicate_sop_instance_uid_is_won_by_the_first_input_in_path_order(
    tmp_path: Path, key: Key
) -> None:
    # 15 fillers + the first owner fill the first chunk of 16; the duplicate opens the second
    # chunk, so with 2 workers it is finished long before its twin.
    src = tmp_path / "in"
    for i in range(15):
        ct(src / f"a{i:02d}.dcm", number=100 + i)
    sop = generate_uid()
    ct(src / "b_first.dcm", number=1, sop=sop)
    ct(src / "c_second.dcm", number=2, sop=sop)
    summary = deidentify_dicom(src, tmp_path / "out", key, workers=2, progress=False)
    assert (summary.done, summary.failed) == (16, 1), summary.problems
    assert [Path(p.path).name for p in summary.problems] == ["c_second.dcm"]
    winner = [p for p in dicom_outputs(tmp_path / "out") if read(p).InstanceNumber < 100]
    assert [read(p).InstanceNumber for p in winner] == [1]
    assert summary.outputs[winner[0].relative_to(tmp_path / "out").as_posix()]


def _small_file_limit() -> None:  # runs in the child: files over 200 kB cannot be written
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))  # the journal's files fit


def test_a_full_output_folder_is_one_error_line_and_exit_2(tmp_path: Path) -> None:
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds.Rows = ds.Columns = 512
    ds.PixelData = bytes(512 * 512 * 2)  # its output is over 500 kB
    save(ds, tmp_path / "in" / "a.dcm")
    result = subprocess.run(
        [sys.executable, "-m", "medprivacy.cli", "deid", "dicom", "in", "out", "--no-progress"],
        cwd=tmp_path,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_small_file_limit,
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: out: cannot write output"), lines


def test_an_output_folder_that_cannot_be_created_is_one_error_line(tmp_path: Path) -> None:
    ct(tmp_path / "in" / "a.dcm")
    (tmp_path / "blocker").write_text("a file where a folder should be")
    result = cli("deid", "dicom", "in", "blocker/out", "--no-progress", cwd=tmp_path)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "not writable" in lines[0], lines
