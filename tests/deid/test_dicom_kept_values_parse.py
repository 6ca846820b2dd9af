"""Values kept as they are (K under an option, unlisted code strings and numbers) are checked
against their VR: a file holding one that does not parse is quarantined (text written into a coded
or numeric slot cannot be checked), and the reason names the attribute, never the value."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pydicom
import pytest
from pydicom.dataelem import RawDataElement

from medprivacy.deid.dicom.encode import encode
from medprivacy.deid.dicom.file import Status, deidentify_file
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.keys import Key

from .helpers import template, to_bytes

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def plant(ds: pydicom.Dataset, keyword: str, value: str) -> None:
    """Store ``value`` as the element's raw bytes (pydicom refuses to build such a DS or IS)."""
    tag = pydicom.tag.Tag(pydicom.datadict.tag_for_keyword(keyword))
    data = value.encode() + b" " * (len(value) % 2)
    vr = pydicom.datadict.dictionary_VR(tag)
    ds._dict[tag] = RawDataElement(tag, vr, len(data), data, 0, False, True)  # type: ignore[index]


def run(tmp_path: Path, ds: pydicom.Dataset, *options: str) -> tuple[Status, str, bytes]:
    src = tmp_path / "in.dcm"
    src.write_bytes(to_bytes(ds))
    deid = Deidentifier(compile_profile(tuple(sorted(options))), Key("kept-values-key-0123"))
    result = deidentify_file(src, tmp_path / "out", deid)
    released = b"".join(p.read_bytes() for p in (tmp_path / "out").rglob("*.dcm"))
    return result.status, result.reason, released


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("PatientSex", "CANARYZQX4 long value"),  # CS: upper case, at most 16 characters
        ("PatientAge", "CANARYZQX2"),  # AS: nnnD/W/M/Y
        ("PatientWeight", "CANARYZQX"),  # DS
    ],
)
def test_retained_patient_characteristics_that_do_not_parse_quarantine_the_file(
    tmp_path: Path, keyword: str, value: str
) -> None:
    ds = template("CT_small.dcm")
    plant(ds, keyword, value)
    status, reason, released = run(tmp_path, ds, "retain_patient_characteristics")
    assert status is Status.QUARANTINED and keyword in reason
    assert "CANARY" not in reason and released == b""


def test_retained_patient_characteristics_that_parse_are_kept() -> None:
    ds = template("CT_small.dcm")
    ds.PatientSex, ds.PatientAge, ds.PatientWeight = "F", "093Y", "61.5"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = pydicom.dcmread(io.BytesIO(to_bytes(ds)))
    Deidentifier(compile_profile(("retain_patient_characteristics",)), Key("k" * 16))(source)
    out = pydicom.dcmread(io.BytesIO(encode(source)))
    assert (out.PatientSex, out.PatientAge, float(out.PatientWeight)) == ("F", "093Y", 61.5)


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("ImageType", "ORIGINAL\\PRIMARY\\Haverton was here"),  # CS, lower case
        ("ScanOptions", "HAVERTON JOHN PATIENT"),  # CS, longer than 16
        ("SliceThickness", "Haverton"),  # DS
        ("AcquisitionNumber", "12 Haverton"),  # IS
        ("NumberOfFrames", "1A"),  # IS, as in pydicom's own invalid-value test file
    ],
)
def test_an_unlisted_code_or_number_that_does_not_parse_quarantines_the_file(
    tmp_path: Path, keyword: str, value: str
) -> None:
    ds = template("CT_small.dcm")
    plant(ds, keyword, value)
    status, reason, released = run(tmp_path, ds)
    assert status is Status.QUARANTINED and keyword in reason and "averton" not in reason
    assert released == b""


def test_unlisted_codes_and_numbers_that_parse_are_released(tmp_path: Path) -> None:
    ds = template("CT_small.dcm")
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SliceThickness, ds.AcquisitionNumber = "2.5", "7"
    status, _, released = run(tmp_path, ds)
    assert status is Status.DONE
    out = pydicom.dcmread(io.BytesIO(released))
    assert list(out.ImageType) == ["ORIGINAL", "PRIMARY", "AXIAL"]
    assert float(out.SliceThickness) == 2.5 and int(out.AcquisitionNumber) == 7
