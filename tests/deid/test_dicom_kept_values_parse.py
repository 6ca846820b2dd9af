"""Values kept as they are (K under an option, unlisted code strings and numbers) leave only when
they parse as their VR: text written into a coded or numeric slot is removed, whatever it says."""

from __future__ import annotations

import io
import warnings

import pydicom
import pytest
from pydicom.dataelem import RawDataElement

from medprivacy.deid.dicom.encode import encode
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.keys import Key

from .helpers import template, to_bytes


def plant(ds: pydicom.Dataset, keyword: str, value: str) -> None:
    """Store ``value`` as the element's raw bytes (pydicom refuses to build such a DS or IS)."""
    tag = pydicom.datadict.tag_for_keyword(keyword)
    assert tag is not None
    data = value.encode() + b" " * (len(value) % 2)
    vr = pydicom.datadict.dictionary_VR(tag)
    ds._dict[pydicom.tag.Tag(tag)] = RawDataElement(  # type: ignore[index]
        pydicom.tag.Tag(tag), vr, len(data), data, 0, False, True
    )


pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def release(ds: pydicom.Dataset, *options: str) -> pydicom.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = pydicom.dcmread(io.BytesIO(to_bytes(ds)))
        Deidentifier(compile_profile(options), Key("k"))(source)
        return pydicom.dcmread(io.BytesIO(encode(source)))


def test_retained_patient_characteristics_that_do_not_parse_are_removed() -> None:
    ds = template("CT_small.dcm")
    plant(ds, "PatientSex", "CANARYZQX4 long value")  # CS: upper case, at most 16 characters
    plant(ds, "PatientAge", "CANARYZQX2")  # AS: nnnD/W/M/Y
    plant(ds, "PatientWeight", "Haverton")  # DS
    out = release(ds, "retain_patient_characteristics")
    assert b"CANARYZQX" not in to_bytes(out) and b"Haverton" not in to_bytes(out)
    assert "PatientSex" not in out and "PatientAge" not in out and "PatientWeight" not in out


def test_retained_patient_characteristics_that_parse_are_kept() -> None:
    ds = template("CT_small.dcm")
    ds.PatientSex, ds.PatientAge, ds.PatientWeight = "F", "093Y", "61.5"
    out = release(ds, "retain_patient_characteristics")
    assert (out.PatientSex, out.PatientAge, float(out.PatientWeight)) == ("F", "093Y", 61.5)


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("ImageType", "ORIGINAL\\PRIMARY\\Haverton was here"),  # CS, lower case
        ("ScanOptions", "HAVERTON JOHN PATIENT"),  # CS, longer than 16
        ("SliceThickness", "Haverton"),  # DS
        ("AcquisitionNumber", "12 Haverton"),  # IS
    ],
)
def test_an_unlisted_code_or_number_holding_text_is_removed(keyword: str, value: str) -> None:
    ds = template("CT_small.dcm")
    plant(ds, keyword, value)
    out = release(ds)
    assert b"averton" not in to_bytes(out) and b"HAVERTON" not in to_bytes(out)
    assert keyword not in out


def test_unlisted_codes_and_numbers_that_parse_are_kept() -> None:
    ds = template("CT_small.dcm")
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SliceThickness, ds.AcquisitionNumber = "2.5", "7"
    out = release(ds)
    assert list(out.ImageType) == ["ORIGINAL", "PRIMARY", "AXIAL"]
    assert float(out.SliceThickness) == 2.5 and int(out.AcquisitionNumber) == 7
