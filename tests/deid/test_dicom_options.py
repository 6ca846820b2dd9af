"""Annex E options: modified dates keep each patient's intervals, safe private keeps only the safe
list, cleaning keeps safe descriptors and blanks the rest, each option adds its CID 7050 code."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset

from medprivacy.deid.dates import date_offset
from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.deid.dicom.profile import OPTIONS, compile_profile
from medprivacy.deid.dicom.safe_private import SAFE_PRIVATE
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.deid.text.cleaner import VocabularyCleaner
from medprivacy.keys import Key

MODIFIED = ("retain_long_modified_dates",)


def _ct(patient: str, study_date: str, uid_suffix: str) -> Dataset:
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    ds.PatientID = patient
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = study_date
    ds.StudyTime = "101500"
    ds.AcquisitionDateTime = f"{study_date}101500"
    ds.SOPInstanceUID = f"1.2.3.4.{uid_suffix}"
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    return ds


def _day(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _deid(ds: Dataset, options: tuple[str, ...], key: Key | None = None) -> Dataset:
    Deidentifier(compile_profile(options), key or Key("k"))(ds)
    return ds


def test_intervals_between_one_patients_studies_are_kept_exactly() -> None:
    dates = ["20190105", "20190420", "20200229"]
    out = [_deid(_ct("MRN-7", d, str(i)), MODIFIED).StudyDate for i, d in enumerate(dates)]
    assert out != dates
    gaps_in = [(_day(b) - _day(a)).days for a, b in pairwise(dates)]
    gaps_out = [(_day(b) - _day(a)).days for a, b in pairwise(out)]
    assert gaps_in == gaps_out


def test_offset_is_the_shared_date_offset_of_the_patient_id() -> None:
    key = Key("k")
    ds = _deid(_ct("MRN-7", "20190105", "1"), MODIFIED, key)
    assert (_day(ds.StudyDate) - _day("20190105")).days == date_offset(key, "MRN-7")
    assert ds.AcquisitionDateTime[:8] == ds.StudyDate
    assert ds.LongitudinalTemporalInformationModified == "MODIFIED"


def test_offsets_equal_across_runs_and_differ_across_patients(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(12):
        _ct(f"MRN-{i}", "20200101", str(i)).save_as(src / f"{i}.dcm", enforce_file_format=True)
    shifted = []
    for run in ("a", "b"):
        deidentify_dicom(src, tmp_path / run, Key("k"), MODIFIED, progress=False)
        files = sorted((tmp_path / run).rglob("*.dcm"))
        shifted.append(sorted(str(pydicom.dcmread(f).StudyDate) for f in files))
    assert shifted[0] == shifted[1]
    assert len(set(shifted[0])) > 6


def test_date_shift_range_is_configurable(tmp_path: Path) -> None:
    ds = Deidentifier(compile_profile(MODIFIED), Key("k"), date_shift_days=(-3, -3))
    out = _ct("MRN-7", "20190105", "1")
    ds(out)
    assert out.StudyDate == "20190102"


def test_basic_profile_does_not_shift_but_removes_dates() -> None:
    ds = _deid(_ct("MRN-7", "20190105", "1"), ())
    assert ds.StudyDate == ""
    assert ds.LongitudinalTemporalInformationModified == "REMOVED"


def test_safe_private_keeps_listed_numeric_elements_only() -> None:
    ds = _ct("MRN-7", "20190105", "1")
    siemens = ds.private_block(0x0019, "SIEMENS MR HEADER", create=True)
    siemens.add_new(0x0C, "IS", "1000")  # B_value: safe
    siemens.add_new(0x20, "LO", "DOE^JANE")  # not on the list
    acme = ds.private_block(0x0029, "ACME 1.0", create=True)
    acme.add_new(0x0C, "IS", "7")  # right slot, wrong creator
    _deid(ds, ("retain_safe_private",))
    siemens = ds.private_block(0x0019, "SIEMENS MR HEADER")
    assert siemens[0x0C].value == "1000"
    assert siemens.get_tag(0x20) not in ds
    assert "ACME 1.0" not in [e.value for e in ds if e.tag.is_private]
    for elem in ds:  # CT_small's own GE block: only listed acquisition parameters survive
        if elem.tag.is_private and elem.tag.element > 0xFF:
            creator = ds[(elem.tag.group << 16) | (elem.tag.element >> 8)].value
            assert (creator.upper(), elem.tag.group, elem.tag.element & 0xFF) in SAFE_PRIVATE


def test_safe_private_drops_a_safe_slot_holding_text() -> None:
    ds = _ct("MRN-7", "20190105", "1")
    ds.private_block(0x0019, "SIEMENS MR HEADER", create=True).add_new(0x0C, "LO", "DOE^JANE")
    _deid(ds, ("retain_safe_private",))
    assert "DOE^JANE" not in [e.value for e in ds if e.tag.is_private]
    assert "SIEMENS MR HEADER" not in [e.value for e in ds if e.tag.is_private]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("CT CHEST W/O CONTRAST", True),
        ("T1 AX POST GAD 3mm", True),
        ("Brain MRI - Dr Smith", False),
        ("seen 20190314 ward 5", False),
    ],
)
def test_vocabulary_cleaner_keeps_safe_descriptors_only(text: str, kept: bool) -> None:
    assert VocabularyCleaner()(text, "StudyDescription") == (text if kept else "")


def test_clean_descriptors_keeps_safe_and_blanks_identifying_descriptions() -> None:
    ds = _ct("MRN-7", "20190105", "1")
    ds.StudyDescription = "CT CHEST W/O CONTRAST"
    ds.SeriesDescription = "follow-up for JOHN SMITH"
    _deid(ds, ("clean_descriptors",))
    assert ds.StudyDescription == "CT CHEST W/O CONTRAST"
    assert ds.SeriesDescription == ""


def test_scrubber_cleaner_cuts_the_patients_name_out_and_keeps_the_rest() -> None:
    pytest.importorskip("presidio_analyzer")
    from medprivacy.deid.dicom.descriptors import make_cleaner

    ds = _ct("MRN-7", "20190105", "1")
    ds.PatientName = "Quennell^Aurelio"
    ds.StudyDescription = "CT CHEST W/O CONTRAST"
    ds.SeriesDescription = "follow-up for AURELIO QUENNELL, MRN-7"
    Deidentifier(compile_profile(("clean_descriptors",)), Key("k"), cleaner=make_cleaner(
        "scrubber"))(ds)  # fmt: skip
    assert ds.StudyDescription == "CT CHEST W/O CONTRAST"
    assert ds.SeriesDescription.startswith("follow-up for [")
    assert "QUENNELL" not in ds.SeriesDescription and "MRN-7" not in ds.SeriesDescription
    assert "AURELIO" not in ds.SeriesDescription


def test_unknown_text_cleaner_is_a_config_error() -> None:
    from medprivacy.deid.dicom.descriptors import make_cleaner
    from medprivacy.errors import ConfigError

    with pytest.raises(ConfigError, match="expected one of vocabulary, scrubber"):
        make_cleaner("regex")


def test_basic_profile_removes_descriptions() -> None:
    ds = _ct("MRN-7", "20190105", "1")
    ds.StudyDescription = "CT CHEST W/O CONTRAST"
    _deid(ds, ())
    assert "StudyDescription" not in ds or ds.StudyDescription == ""


def test_clean_structured_content_cleans_free_text_but_keeps_codes() -> None:
    ds = pydicom.dcmread(get_testdata_file("test-SR.dcm"))
    _deid(ds, ("clean_structured_content",))
    assert "ContentSequence" in ds
    texts = [e.value for e in ds.iterall() if e.keyword == "TextValue"]
    assert all(t == "" or VocabularyCleaner()(t) == t for t in texts)
    meanings = [e.value for e in ds.iterall() if e.keyword == "CodeMeaning"]
    assert meanings and all(meanings)


@pytest.mark.parametrize("option", list(OPTIONS))
def test_each_option_adds_its_cid_7050_code(option: str) -> None:
    ds = _deid(_ct("MRN-7", "20190105", "1"), (option,))
    codes = [item.CodeValue for item in ds.DeidentificationMethodCodeSequence]
    assert codes == ["113100", OPTIONS[option][0]]
