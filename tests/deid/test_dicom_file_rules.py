"""What de-identification does to each file: UIDs, patient identity, private and repeating groups,
pixel data, value lengths, file meta and preamble. Checked on real pydicom files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.keys import Key

from .conftest import Run
from .helpers import (
    INSTANCE_UIDS,
    MAX_LEN,
    dicom_outputs,
    find_tokens,
    read,
    save,
    string_values,
    template,
    tree,
)

# Some templates hold values pydicom finds invalid (e.g. a UID component with a leading zero).
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(Invalid value for VR|exceeds the maximum length):UserWarning"
)

PATIENT_ID = "PIDHAVERTON0042"
PATIENT_NAME = "DOEHAVERTON^JANEMARIE"
SOURCE_AE = "STATIONAEHAV7"
PREAMBLE = b"PREAMBLE DOEHAVERTON JANEMARIE PIDHAVERTON0042 ".ljust(128, b"#")


def codes(ds: Dataset) -> set[str]:
    return {str(item.CodeValue) for item in ds.get("DeidentificationMethodCodeSequence", [])}


# -- the whole corpus: every SOP class the templates cover ---------------------------------------
def test_instance_uids_are_remapped_with_the_key_to_2_25_form(deidentified: Run, key: Key) -> None:
    checked = 0
    for pair in deidentified.pairs:
        src, out = read(pair.src), read(pair.out)
        for kw in INSTANCE_UIDS:
            if kw in src:
                new = str(out[kw].value)
                assert new.startswith("2.25."), (pair.rel, kw, new)
                assert new == key.uid(str(src[kw].value)), (pair.rel, kw)
                checked += 1
        ref_in = src.ReferencedImageSequence[0].ReferencedSOPInstanceUID
        ref_out = out.ReferencedImageSequence[0].ReferencedSOPInstanceUID
        assert ref_out == key.uid(ref_in), pair.rel  # UIDs inside sequences too
    assert checked >= 3 * len(deidentified.pairs)


def test_sop_class_and_transfer_syntax_are_unchanged(deidentified: Run) -> None:
    for pair in deidentified.pairs:
        src, out = read(pair.src), read(pair.out)
        assert out.SOPClassUID == src.SOPClassUID, pair.rel
        assert out.file_meta.MediaStorageSOPClassUID == src.file_meta.MediaStorageSOPClassUID
        assert out.file_meta.TransferSyntaxUID == src.file_meta.TransferSyntaxUID, pair.rel


def test_media_storage_sop_instance_uid_equals_sop_instance_uid(deidentified: Run) -> None:
    for pair in deidentified.pairs:
        out = read(pair.out)
        assert out.file_meta.MediaStorageSOPInstanceUID == out.SOPInstanceUID, pair.rel


def test_patient_id_and_name_become_the_keyed_pseudonym_of_the_patient_id(
    deidentified: Run, key: Key
) -> None:
    for pair in deidentified.pairs:
        src, out = read(pair.src), read(pair.out)
        pseudonym = key.pseudonym(str(src.PatientID))
        assert out.PatientID == pseudonym, pair.rel
        assert str(out.PatientName) == pseudonym, pair.rel
        assert pseudonym != str(src.PatientID)


def test_identity_removal_is_declared_with_the_basic_profile_code(deidentified: Run) -> None:
    for pair in deidentified.pairs:
        out = read(pair.out)
        assert out.PatientIdentityRemoved == "YES", pair.rel
        assert "113100" in codes(out), pair.rel
        assert "113110" not in codes(out), pair.rel  # UIDs were not retained
        for item in out.DeidentificationMethodCodeSequence:
            assert item.CodingSchemeDesignator == "DCM"
            assert str(item.CodeMeaning)


def test_no_private_element_remains_anywhere(deidentified: Run) -> None:
    for pair in deidentified.pairs:
        src, out = read(pair.src), read(pair.out)
        assert any(e.tag.is_private for e in src.iterall()), "corpus should plant private data"
        left = [str(e.tag) for e in out.iterall() if e.tag.is_private]
        left += [str(e.tag) for e in out.file_meta if e.tag.group & 1]
        assert not left, (pair.rel, left)


def test_no_curve_or_overlay_element_remains(deidentified: Run) -> None:
    def repeating(ds: Dataset) -> list[str]:
        return [str(e.tag) for e in ds.iterall() if (e.tag.group & 0xFF00) in (0x5000, 0x6000)]

    for pair in deidentified.pairs:
        assert repeating(read(pair.src)), "corpus should plant curves and overlays"
        assert not repeating(read(pair.out)), pair.rel


def test_pixel_data_is_byte_identical_to_the_input(deidentified: Run) -> None:
    with_pixels = 0
    for pair in deidentified.pairs:
        src = read(pair.src)
        if "PixelData" not in src:
            continue
        with_pixels += 1
        out = read(pair.out)
        assert "PixelData" in out, pair.rel
        assert out.PixelData == src.PixelData, pair.rel
    assert with_pixels >= 14  # 7 image templates, 2 copies each


def test_every_string_value_fits_its_vr_maximum_length(deidentified: Run) -> None:
    too_long = []
    for pair in deidentified.pairs:
        out = read(pair.out)
        for elem in [*out.iterall(), *out.file_meta]:
            limit = MAX_LEN.get(elem.VR)
            if limit is None:
                continue
            for value in string_values(elem):
                parts = value.split("=") if elem.VR == "PN" else [value]
                too_long += [
                    (pair.rel, str(elem.tag), elem.VR, len(p)) for p in parts if len(p) > limit
                ]
    assert not too_long


def test_preamble_is_all_zero_bytes(deidentified: Run) -> None:
    planted = [p for p in deidentified.pairs if p.src.read_bytes()[:128].strip(b"\x00")]
    assert planted, "CT_small's preamble (a TIFF header) is not blank: the corpus covers this"
    for pair in deidentified.pairs:
        data = pair.out.read_bytes()
        assert data[:128] == b"\x00" * 128, pair.rel
        assert data[128:132] == b"DICM", pair.rel


# -- one study of three CT files: references and determinism -------------------------------------
@dataclass
class Study:
    in_dir: Path
    files: dict[str, Path]  # "a", "b", "c" -> input
    study_uid: str
    series_uid: str
    frame_uid: str
    sop_uids: dict[str, str]
    out: Path  # key
    out_again: Path  # key, second run
    out_other_key: Path
    out_retain_uids: Path


def outputs_by_letter(study: Study, out_dir: Path) -> dict[str, Dataset]:
    """Output datasets keyed by input letter (InstanceNumber 1, 2, 3 = a, b, c)."""
    found = {}
    for path in dicom_outputs(out_dir):
        ds = read(path)
        found["abc"[int(ds.InstanceNumber) - 1]] = ds
    assert sorted(found) == ["a", "b", "c"]
    return found


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory, key: Key) -> Study:
    root = tmp_path_factory.mktemp("study")
    study_uid, series_uid, frame_uid = generate_uid(), generate_uid(), generate_uid()
    files, sops = {}, {}
    for i, letter in enumerate("abc"):
        ds = template("CT_small.dcm")
        ds.preamble = PREAMBLE
        ds.PatientID, ds.PatientName = PATIENT_ID, PATIENT_NAME
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
        ds.FrameOfReferenceUID = frame_uid
        ds.SOPInstanceUID = sops[letter] = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.file_meta.SourceApplicationEntityTitle = SOURCE_AE
        ds.InstanceNumber = i + 1
        if letter == "b":  # b refers to a
            ref = Dataset()
            ref.ReferencedSOPClassUID = ds.SOPClassUID
            ref.ReferencedSOPInstanceUID = sops["a"]
            ds.ReferencedImageSequence = Sequence([ref])
        files[letter] = save(ds, root / "in" / f"{letter}.dcm")
    outs = [root / name for name in ("out", "again", "other", "retain")]
    deidentify_dicom(root / "in", outs[0], key, progress=False)
    deidentify_dicom(root / "in", outs[1], key, progress=False)
    deidentify_dicom(root / "in", outs[2], Key("another-key"), progress=False)
    deidentify_dicom(root / "in", outs[3], key, ["retain_uids"], progress=False)
    return Study(root / "in", files, study_uid, series_uid, frame_uid, sops, *outs)


def test_uids_map_consistently_across_files(study: Study, key: Key) -> None:
    out = outputs_by_letter(study, study.out)
    assert {ds.StudyInstanceUID for ds in out.values()} == {key.uid(study.study_uid)}
    assert {ds.SeriesInstanceUID for ds in out.values()} == {key.uid(study.series_uid)}
    assert {ds.FrameOfReferenceUID for ds in out.values()} == {key.uid(study.frame_uid)}
    assert len({ds.SOPInstanceUID for ds in out.values()}) == 3  # distinct stays distinct


def test_references_between_files_point_at_the_remapped_instance(study: Study) -> None:
    out = outputs_by_letter(study, study.out)
    assert out["b"].ReferencedImageSequence[0].ReferencedSOPInstanceUID == out["a"].SOPInstanceUID


def test_output_is_named_study_series_instance_from_remapped_uids(study: Study, key: Key) -> None:
    expected = {
        f"{key.uid(study.study_uid)}/{key.uid(study.series_uid)}/{key.uid(sop)}.dcm"
        for sop in study.sop_uids.values()
    }
    assert set(tree(study.out)) == expected


def test_same_key_gives_byte_identical_outputs_across_runs(study: Study) -> None:
    first, second = tree(study.out), tree(study.out_again)
    assert len(first) == 3
    assert first == second


def test_different_key_gives_different_uids_and_pseudonyms(study: Study) -> None:
    mine, theirs = (
        outputs_by_letter(study, study.out),
        outputs_by_letter(study, study.out_other_key),
    )
    for letter in "abc":
        for kw in INSTANCE_UIDS:
            assert mine[letter][kw].value != theirs[letter][kw].value, (letter, kw)
            assert str(theirs[letter][kw].value).startswith("2.25.")
        assert mine[letter].PatientID != theirs[letter].PatientID
    assert not set(tree(study.out)) & set(tree(study.out_other_key))


def test_retain_uids_keeps_instance_uids_and_declares_option_113110(study: Study) -> None:
    out = outputs_by_letter(study, study.out_retain_uids)
    for letter, ds in out.items():
        assert ds.StudyInstanceUID == study.study_uid
        assert ds.SeriesInstanceUID == study.series_uid
        assert ds.SOPInstanceUID == study.sop_uids[letter]
        assert ds.file_meta.MediaStorageSOPInstanceUID == study.sop_uids[letter]
        assert {"113100", "113110"} <= codes(ds)
    assert out["b"].ReferencedImageSequence[0].ReferencedSOPInstanceUID == study.sop_uids["a"]


def test_file_meta_loses_application_entity_titles(study: Study) -> None:
    assert read(study.files["a"]).file_meta.SourceApplicationEntityTitle == SOURCE_AE
    for ds in outputs_by_letter(study, study.out).values():
        assert "SourceApplicationEntityTitle" not in ds.file_meta


def test_planted_preamble_and_identifiers_are_gone_from_the_output_bytes(study: Study) -> None:
    tokens = {PATIENT_ID, SOURCE_AE, *PATIENT_NAME.split("^"), "PREAMBLE"}
    for name, data in tree(study.out).items():
        assert data[:128] == b"\x00" * 128, name
        assert not find_tokens(data.decode("latin-1"), tokens), name
