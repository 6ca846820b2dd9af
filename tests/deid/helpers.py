"""Helpers shared by the DICOM de-identification tests (no fixtures here: see conftest.py)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.uid import generate_uid

# The key every test in this package uses (Key(SECRET), MEDPRIVACY_KEY); 16+ characters.
SECRET = "test-key-dicom-0123456789"
REPO = Path(__file__).resolve().parents[2]
CHECKER = REPO.parent / "shared" / "tools" / "dicom_check.py"


def state_of(out_dir: Path) -> Path:
    """The state folder a batch into ``out_dir`` keeps beside it (journal, lock, summary)."""
    return out_dir.with_name(out_dir.name + ".private")


def journal_of(out_dir: Path) -> Path:
    return state_of(out_dir) / "dicom-journal.sqlite"


TMP_PREFIX = ".mp-tmp-"

# Maximum value length in characters per VR (PS3.5 table 6.2-1); PN is per component group.
MAX_LEN = {
    "AE": 16,
    "AS": 4,
    "CS": 16,
    "DA": 8,
    "DS": 16,
    "IS": 12,
    "LO": 64,
    "PN": 64,
    "SH": 16,
    "UI": 64,
    "TM": 14,
    "DT": 26,
    "ST": 1024,
    "LT": 10240,
}
# Attributes that hold a specific instance UID in the corpora built here.
INSTANCE_UIDS = ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "FrameOfReferenceUID")


# -- reading -------------------------------------------------------------------------------------
def read(path: str | Path, **kwargs) -> Dataset:
    """dcmread without pydicom's validation warnings cluttering the test report."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(path, **kwargs)


def dicom_outputs(out_dir: Path) -> list[Path]:
    """Released files under ``out_dir``."""
    return sorted(out_dir.rglob("*.dcm"))


def tree(out_dir: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every released file under ``out_dir``."""
    return {p.relative_to(out_dir).as_posix(): p.read_bytes() for p in dicom_outputs(out_dir)}


def sha256_tree(root: Path) -> dict[str, tuple[str, int]]:
    """Relative path -> (sha256, mtime_ns) of every file under ``root``."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[p.relative_to(root).as_posix()] = (
                hashlib.sha256(p.read_bytes()).hexdigest(),
                p.stat().st_mtime_ns,
            )
    return out


def string_values(elem) -> list[str]:
    value = elem.value
    if value is None or value == "":
        return []
    values = list(value) if isinstance(value, MultiValue | list | tuple) else [value]
    out = []
    for v in values:
        if v is None:
            continue
        s = getattr(v, "original_string", None) or v
        s = s.decode("latin-1") if isinstance(s, bytes) else str(s)
        out.append(s.rstrip(" \x00"))
    return out


# -- manifests -----------------------------------------------------------------------------------
@dataclass
class Manifest:
    path: Path
    files: dict[str, dict]

    @classmethod
    def load(cls, path: Path) -> Manifest:
        return cls(path, json.loads(path.read_text())["files"])

    def tokens(self, *, exclude: Iterable[str] = ()) -> set[str]:
        """Every planted PHI string (all categories except ``exclude``)."""
        skip = set(exclude)
        return {
            t
            for f in self.files.values()
            for item in f["phi"]
            if item["category"] not in skip
            for t in item["tokens"]
        }

    def uids(self) -> set[str]:
        return {
            t
            for f in self.files.values()
            for item in f["phi"]
            if item["category"] == "uid"
            for t in item["tokens"]
        }

    def by_instance_number(self) -> dict[int, str]:
        return {int(m["instance_number"]): rel for rel, m in self.files.items()}


def find_tokens(text: str, tokens: Iterable[str]) -> list[str]:
    """The tokens found in ``text``: case-insensitive; digits-only tokens need digit boundaries
    (as in the conformance checker, so '1937' does not match inside a longer number)."""
    low = text.lower()
    found = []
    for tok in tokens:
        if re.fullmatch(r"[0-9.]+", tok):
            if re.search(rf"(?<![0-9.]){re.escape(tok)}(?![0-9])", text):
                found.append(tok)
        elif tok.lower() in low:
            found.append(tok)
    return sorted(found)


# -- building inputs -----------------------------------------------------------------------------
def template(name: str) -> Dataset:
    return read(get_testdata_file(name))


def with_fresh_uids(ds: Dataset) -> Dataset:
    for kw in INSTANCE_UIDS:
        if kw in ds:
            setattr(ds, kw, generate_uid())
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    return ds


def save(ds: Dataset, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.save_as(path, enforce_file_format=False)
    return path


def to_bytes(ds: Dataset) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.save_as(buf, enforce_file_format=False)
    return buf.getvalue()


@dataclass
class BadInputs:
    """Files that must not be released, and the good files mixed in with them."""

    failed: list[Path]  # not DICOM at all
    quarantined: list[Path]  # DICOM, but partial or unsafe to release
    good: list[Path]
    bad_sop_uids: list[str]  # SOPInstanceUIDs of the bad DICOM files (must not be released)
    us_uids: tuple[str, str, str]  # (study, series, sop) of the ultrasound good file


def make_bad_inputs(root: Path) -> BadInputs:
    """Bad files sorted before the good ones, so a batch that stopped early would show."""
    root.mkdir(parents=True, exist_ok=True)
    text = root / "a_notes.txt"
    text.write_text("Patient DOE^JANE seen on ward 4; not a DICOM file\n")
    empty = root / "a_empty.dcm"
    empty.write_bytes(b"")

    cut_ds = with_fresh_uids(template("CT_small.dcm"))
    data = to_bytes(cut_ds)
    truncated = root / "b_truncated.dcm"
    truncated.write_bytes(data[: len(data) - 5000])  # CT_small ends with 32 KiB of pixel data

    rtplan = root / "c_rtplan_truncated.dcm"
    shutil.copyfile(get_testdata_file("rtplan_truncated.dcm"), rtplan)
    rtplan_sop = str(read(rtplan, force=True).get("SOPInstanceUID", ""))

    burned_ds = with_fresh_uids(template("CT_small.dcm"))
    burned_ds.BurnedInAnnotation = "YES"
    burned = save(burned_ds, root / "d_burned.dcm")

    good_ct = root / "z_good_ct.dcm"
    shutil.copyfile(get_testdata_file("CT_small.dcm"), good_ct)
    us = root / "sub" / "z_ultrasound.dcm"
    us.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(get_testdata_file("ExplVR_BigEnd.dcm"), us)
    us_ds = read(us)
    return BadInputs(
        failed=[text, empty],
        quarantined=[truncated, rtplan, burned],
        good=[good_ct, us],
        bad_sop_uids=[str(cut_ds.SOPInstanceUID), str(burned_ds.SOPInstanceUID), rtplan_sop],
        us_uids=(
            str(us_ds.StudyInstanceUID),
            str(us_ds.SeriesInstanceUID),
            str(us_ds.SOPInstanceUID),
        ),
    )


# -- the command line ----------------------------------------------------------------------------
def cli_env(key: str | None = SECRET) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    if key is not None:
        env["MEDPRIVACY_KEY"] = key
    return env


def cli(
    *args: str,
    cwd: Path,
    key: str | None = SECRET,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medprivacy.cli", *args],
        cwd=cwd,
        env=cli_env(key),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def journal_rows(path: Path) -> int:
    """Rows in a (maybe running) batch's journal; 0 while it is missing, locked or unborn."""
    if not path.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.05)
        try:
            return int(con.execute("SELECT count(*) FROM items").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:  # "database is locked", "no such table: items", ...
        return 0


def temp_files(root: Path) -> Iterator[Path]:
    return (p for p in root.rglob(f"{TMP_PREFIX}*"))
