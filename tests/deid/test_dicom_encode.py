"""The fast encoder writes what pydicom's writer writes: same datasets, same meta, same pixels."""

from __future__ import annotations

import io
import warnings

import pydicom
import pytest
from pydicom.data import get_testdata_file

from medprivacy.deid.dicom.encode import encode
from medprivacy.deid.dicom.file import read_complete
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import TEMPLATES

EXTRA = (
    "image_dfl.dcm",
    "JPEG2000.dcm",
    "SC_rgb_rle.dcm",
    "MR_small_implicit.dcm",
    "MR_small_bigendian.dcm",
    "nested_priv_SQ.dcm",
)


@pytest.mark.parametrize("name", [*TEMPLATES, *EXTRA])
@pytest.mark.parametrize("options", [(), ("retain_long_modified_dates", "clean_descriptors")])
def test_encode_matches_pydicom_save_as(name: str, options: tuple[str, ...]) -> None:
    path = get_testdata_file(name)
    assert path is not None
    with open(path, "rb") as fh:
        ds = read_complete(fh.read())
    Deidentifier(compile_profile(options), Key("k"))(ds)
    reference = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.save_as(reference, enforce_file_format=False)
    ours = pydicom.dcmread(io.BytesIO(encode(ds)))
    theirs = pydicom.dcmread(io.BytesIO(reference.getvalue()))
    assert ours == theirs
    assert ours.file_meta == theirs.file_meta
    assert ours.preamble == theirs.preamble == b"\x00" * 128
    if "PixelData" in theirs:
        assert ours.PixelData == theirs.PixelData
