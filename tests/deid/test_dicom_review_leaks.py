"""Leaks and breaks an outside audit (review 13d) found in ``deid dicom``: a FIFO in the input,
spoofed VRs, free text the Annex E table does not list, codes, dates, file meta, stderr, modes.
Each test plants canaries in pydicom's own files and looks for them in the released bytes."""

from __future__ import annotations

import io
import os
import stat
import struct
import zlib
from pathlib import Path

import pydicom
import pytest
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.deid.dicom.file import Status, deidentify_file
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.keys import Key

from .helpers import cli, dicom_outputs, read, save, state_of, template, with_fresh_uids

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def code(value: str, scheme: str, meaning: str, version: str | None = None) -> Sequence:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    if version is not None:
        item.CodingSchemeVersion = version
    return Sequence([item])


def release(tmp_path: Path, ds: Dataset, key: Key, *options: str) -> bytes:
    """Save ``ds`` as a file, de-identify it as the batch does, return the released bytes."""
    src = save(ds, tmp_path / "in" / "a.dcm")
    deid = Deidentifier(compile_profile(tuple(sorted(options))), key)
    result = deidentify_file(src, tmp_path / "out", deid)
    assert result.status is Status.DONE, result.reason
    return (tmp_path / "out" / result.output).read_bytes()


def assert_absent(payload: bytes, *canaries: str) -> None:
    found = [c for c in canaries if c.encode() in payload]
    assert not found, found


# -- 1. a FIFO in the input folder ---------------------------------------------------------------
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_fifo_in_the_input_is_skipped_and_counted_never_opened(
    tmp_path: Path, workers: str
) -> None:
    src = tmp_path / "in"
    save(with_fresh_uids(template("CT_small.dcm")), src / "a.dcm")
    os.mkfifo(src / "ZZFIFO^NAME.dcm")  # opening it for reading would block forever
    result = cli(
        "deid",
        "dicom",
        "in",
        "out",
        "--no-progress",
        "--workers",
        workers,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(dicom_outputs(tmp_path / "out")) == 1
    assert "special files skipped 1" in result.stderr
    assert "ZZFIFO" not in result.stderr + result.stdout
    assert stat.S_ISFIFO(os.stat(src / "ZZFIFO^NAME.dcm").st_mode)  # input untouched


def test_the_batch_summary_counts_special_files(tmp_path: Path, key: Key) -> None:
    src = tmp_path / "in"
    save(with_fresh_uids(template("CT_small.dcm")), src / "a.dcm")
    os.mkfifo(src / "pipe.dcm")
    (src / "link.dcm").symlink_to(src / "pipe.dcm")  # a link to a FIFO inside: still a FIFO
    summary = deidentify_dicom(src, tmp_path / "out", key, progress=False)
    assert (summary.done, summary.failed, summary.skipped_special) == (1, 0, 2)


# -- 2. a declared VR that differs from the dictionary's ------------------------------------------
def test_a_name_or_date_written_with_a_wrong_vr_is_still_replaced(tmp_path: Path, key: Key) -> None:
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds.add(DataElement(0x00140104, "LO", "ZZC09Q^SPOOF"))  # SecondaryReviewerName is PN
    ds.add(DataElement(0x0008041F, "LO", "ZZC12Q19470519"))  # StudyUpdateDateTime is DT
    ds.add(DataElement(0x00100010, "LO", "ZZPATIENT^SPOOF"))  # PatientName is PN
    ds.add(DataElement(0x00080070, "SH", "ACME"))  # Manufacturer is LO: text all the same
    payload = release(tmp_path, ds, key)
    assert_absent(payload, "ZZC09Q", "ZZC12Q", "ZZPATIENT")
    out = read(io.BytesIO(payload))
    assert out[0x00140104].VR == "PN" and out[0x0008041F].VR == "DT"
    assert out.PatientName == Key.pseudonym(key, ds.PatientID) and out.Manufacturer == "ACME"


def test_text_written_as_a_binary_vr_inside_sr_content_is_not_structure(
    tmp_path: Path, key: Key
) -> None:
    ds = with_fresh_uids(template("test-SR.dcm"))
    item = Dataset()
    item.RelationshipType, item.ValueType = "CONTAINS", "TEXT"
    item.ConceptNameCodeSequence = code("121071", "DCM", "Finding")
    text = b"Mr ZZC82Q^ONE   "
    item.add(DataElement(0x0040A160, "UL", list(struct.unpack("<4L", text))))  # TextValue is UT
    ds.ContentSequence.append(item)
    for options in ((), ("clean_structured_content",)):
        payload = release(tmp_path / "-".join(options or ("basic",)), ds, key, *options)
        assert_absent(payload, "ZZC82Q")


def test_a_sequence_spoofed_as_a_value_or_a_value_as_a_sequence_is_removed(
    tmp_path: Path, key: Key
) -> None:
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds.add(DataElement(0x00400400, "OB", b"ZZSPOOFOB^NAME  "))  # a comment (LT) written as OB
    payload = release(tmp_path, ds, key)
    assert_absent(payload, "ZZSPOOFOB")


# -- 3. free text the table does not list ----------------------------------------------------------
def test_unlisted_free_text_at_the_top_level_is_dummied(tmp_path: Path, key: Key) -> None:
    ds = with_fresh_uids(template("test-SR.dcm"))
    ds.CommentsOnTheScheduledProcedureStep = "ZZC13Q called the ward"
    ds.TextValue = "ZZC59Q top-level text"
    ds.CompletionFlagDescription = "ZZC08Q signed it"
    ds.add(DataElement(0x0040A33A, "ST", "ZZC36Q report status"))  # retired, unlisted
    ds.ContentDescription = "ZZC28Q description"
    ds.ContentLabel = "ZZC27Q"
    ds.ConceptNameCodeSequence = code("ZZ1", "99LOCAL", "ZZC07Q document title")
    ds.AnatomicRegionSequence = code("ZZ2", "99LOCAL", "ZZC34Q region")
    issuer = Dataset()
    issuer.UniversalEntityID = "ZZC50Q"
    issuer.UniversalEntityIDType = "DNS"
    ds.IssuerOfPatientIDQualifiersSequence = Sequence([issuer])
    ds.add(DataElement(0x00101111, "LO", "ZZC20Q unknown"))  # not in the dictionary
    ds.add(DataElement(0x00109999, "UN", b"ZZC56Q^UNKNOWN  "))
    ds.Manufacturer = "ACME"  # on the allow list: kept
    payload = release(tmp_path, ds, key)
    assert_absent(
        payload, "ZZC13Q", "ZZC59Q", "ZZC08Q", "ZZC36Q", "ZZC28Q", "ZZC27Q", "ZZC07Q", "ZZC34Q"
    )
    assert_absent(payload, "ZZC50Q", "ZZC20Q", "ZZC56Q")
    out = read(io.BytesIO(payload))
    assert 0x00101111 not in out and 0x00109999 not in out
    assert out.Manufacturer == "ACME" and out.CompletionFlag == ds.CompletionFlag
    assert out.ContentLabel and out.CompletionFlagDescription  # Type 1/2 stay valid
    assert out.Modality == "SR" and out.SOPClassUID == ds.SOPClassUID


def test_unlisted_text_in_segmentation_waveform_plan_and_graphics_is_dummied(
    tmp_path: Path, key: Key
) -> None:
    cases: list[tuple[str, list[str]]] = []
    plan = with_fresh_uids(template("rtplan.dcm"))
    plan.BeamSequence[0].BeamName = "ZZC75Q"
    cases.append(("plan", ["ZZC75Q"]))
    ecg = with_fresh_uids(template("waveform_ecg.dcm"))
    ecg.WaveformAnnotationSequence[0].UnformattedTextValue = "ZZC90Q said"
    ref = Dataset()
    ref.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ref.ReferencedSOPInstanceUID = "1.2.3.4"
    ref.ViewName = "ZZC58Q"
    ecg.ReferencedImageSequence = Sequence([ref])
    cases.append(("ecg", ["ZZC90Q", "ZZC58Q"]))
    for (name, canaries), ds in zip(cases, (plan, ecg), strict=True):
        payload = release(tmp_path / name, ds, key)
        assert_absent(payload, *canaries)
    seg = with_fresh_uids(template("CT_small.dcm"))
    segment = Dataset()
    segment.SegmentNumber = 1
    segment.SegmentLabel = "ZZC91Q"
    segment.SegmentDescription = "ZZC92Q"
    segment.SegmentAlgorithmName = "ZZC93Q"
    seg.SegmentSequence = Sequence([segment])
    layer = Dataset()
    layer.GraphicLayer = "LAYER1"
    layer.GraphicLayerOrder = 1
    layer.GraphicLayerDescription = "ZZC68Q"
    seg.GraphicLayerSequence = Sequence([layer])
    payload = release(tmp_path / "seg", seg, key)
    assert_absent(payload, "ZZC91Q", "ZZC92Q", "ZZC93Q", "ZZC68Q")
    assert read(io.BytesIO(payload)).SegmentSequence[0].SegmentLabel  # Type 1: a dummy


def test_a_standard_code_outside_any_listed_sequence_keeps_its_value(
    tmp_path: Path, key: Key
) -> None:
    ds = with_fresh_uids(template("test-SR.dcm"))
    ds.ConceptNameCodeSequence = code("121071", "DCM", "ZZC06Q Finding")
    payload = release(tmp_path, ds, key)
    assert_absent(payload, "ZZC06Q")
    item = read(io.BytesIO(payload)).ConceptNameCodeSequence[0]
    assert (item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning) == (
        "121071",
        "DCM",
        "Finding",
    )


# -- 4. medium items -------------------------------------------------------------------------------
@pytest.mark.parametrize("options", [(), ("clean_structured_content",)])
def test_the_coding_scheme_version_of_a_standard_code_is_examined(
    tmp_path: Path, key: Key, options: tuple[str, ...]
) -> None:
    ds = with_fresh_uids(template("test-SR.dcm"))
    item = Dataset()
    item.RelationshipType, item.ValueType = "CONTAINS", "CODE"
    item.ConceptNameCodeSequence = code("121071", "DCM", "Finding", "ZZC05Q")
    item.ConceptCodeSequence = code("121071", "DCM", "Finding", "01")
    ds.ContentSequence.append(item)
    payload = release(tmp_path, ds, key, *options)
    assert_absent(payload, "ZZC05Q")
    assert (
        read(io.BytesIO(payload)).ContentSequence[-1].ConceptCodeSequence[0].CodingSchemeVersion
        == "01"
    )


def test_clean_options_are_never_weaker_than_basic_on_non_text_values(
    tmp_path: Path, key: Key
) -> None:
    ds = with_fresh_uids(template("test-SR.dcm"))
    item = Dataset()
    item.RelationshipType, item.ValueType = "CONTAINS", "CONTAINER"
    item.ConceptNameCodeSequence = code("121071", "DCM", "Finding")
    template_item = Dataset()
    template_item.MappingResource = "DCMR"
    template_item.TemplateIdentifier = "ZZC53Q"
    item.ContentTemplateSequence = Sequence([template_item])
    item.ContinuityOfContent = "ZZC53R"
    ds.ContentSequence.append(item)
    options = ("clean_descriptors", "clean_graphics", "clean_structured_content")
    payload = release(tmp_path, ds, key, *options)
    assert_absent(payload, "ZZC53Q", "ZZC53R")


def test_full_dates_keep_only_values_that_are_dates(tmp_path: Path, key: Key) -> None:
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds.StudyDate = "ZZC85Q^A"
    ds.AcquisitionDate = "20040119"
    ds.add(DataElement(0x0008041F, "DT", "ZZC86Q^NAME"))
    ds.add(DataElement(0x00080021, "DA", "20040119"))
    payload = release(tmp_path, ds, key, "retain_long_full_dates")
    assert_absent(payload, "ZZC85Q", "ZZC86Q")
    out = read(io.BytesIO(payload))
    assert out.AcquisitionDate == "20040119" and out.SeriesDate == "20040119"


def test_file_meta_keeps_only_what_describes_the_file(tmp_path: Path, key: Key) -> None:
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds.file_meta.SourcePresentationAddress = "https://zzc23q.example/"
    ds.file_meta.RTVSourceIdentifier = b"ZZC24Q"
    payload = release(tmp_path, ds, key)
    assert_absent(payload.lower(), "zzc23q", "zzc24q")
    meta = read(io.BytesIO(payload)).file_meta
    assert meta.TransferSyntaxUID == ds.file_meta.TransferSyntaxUID
    assert meta.MediaStorageSOPClassUID == ds.SOPClassUID


def test_a_truncated_element_is_reported_by_offset_never_by_bytes_read_as_a_tag(
    tmp_path: Path, key: Key
) -> None:
    data = bytearray(
        Path(save(with_fresh_uids(template("CT_small.dcm")), tmp_path / "a.dcm")).read_bytes()
    )
    data += b"ZZCANARY^ONE"  # trailing bytes that read as a tag (5A5A,4143) with a bad length
    bad = tmp_path / "in" / "bad.dcm"
    bad.parent.mkdir()
    bad.write_bytes(bytes(data))
    deid = Deidentifier(compile_profile(()), key)
    result = deidentify_file(bad, tmp_path / "out", deid)
    assert result.status is Status.QUARANTINED
    assert "5A5A" not in result.reason and "4143" not in result.reason
    assert "truncated element" in result.reason or "end at its last element" in result.reason


def test_a_deflated_file_whose_inflated_dataset_is_cut_is_quarantined(
    tmp_path: Path, key: Key
) -> None:
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1.99"
    whole = Path(save(ds, tmp_path / "whole.dcm")).read_bytes()
    raw = pydicom.dcmread(io.BytesIO(whole), stop_before_pixels=False)
    meta_end = len(whole) - len(_deflated_part(whole, raw))
    inflated = zlib.decompress(whole[meta_end:], -15)
    cut = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = whole[:meta_end] + cut.compress(inflated[:-777]) + cut.flush()
    bad = tmp_path / "in" / "cut.dcm"
    bad.parent.mkdir()
    bad.write_bytes(data)
    deid = Deidentifier(compile_profile(()), key)
    result = deidentify_file(bad, tmp_path / "out", deid)
    assert result.status is Status.QUARANTINED, result


def _deflated_part(whole: bytes, ds: Dataset) -> bytes:
    """The deflated dataset: everything after the file meta group."""
    stream = io.BytesIO(whole)
    pydicom.filereader.read_preamble(stream, False)
    pydicom.filereader._read_file_meta_info(stream)
    return whole[stream.tell() :]


def test_a_rerun_with_fewer_inputs_moves_the_old_outputs_out_of_the_output_folder(
    tmp_path: Path, key: Key
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    save(with_fresh_uids(template("CT_small.dcm")), src / "a.dcm")
    save(with_fresh_uids(template("MR_small.dcm")), src / "b.dcm")
    deidentify_dicom(src, out, key, progress=False, move_stale=True)
    assert len(dicom_outputs(out)) == 2
    (src / "b.dcm").unlink()
    summary = deidentify_dicom(src, out, key, progress=False, move_stale=True)
    assert (summary.resumed, summary.stale) == (1, 1)
    assert [p.relative_to(out).as_posix() for p in dicom_outputs(out)] == list(summary.outputs)
    assert len(list((state_of(out) / "stale").rglob("*.dcm"))) == 1


def test_a_first_run_into_a_folder_holding_other_files_moves_them_out(
    tmp_path: Path, key: Key
) -> None:
    """The sweep is skipped only when the output folder was empty at start; a stray file (a
    copy of PHI dropped there by hand, deep or at the top) is still moved out."""
    src, out = tmp_path / "in", tmp_path / "out"
    save(with_fresh_uids(template("CT_small.dcm")), src / "a.dcm")
    (out / "1.2.3" / "4.5.6").mkdir(parents=True)
    (out / "1.2.3" / "4.5.6" / "stray.dcm").write_bytes(b"planted")
    (out / "notes.txt").write_bytes(b"planted")
    summary = deidentify_dicom(src, out, key, progress=False, move_stale=True)
    assert (summary.done, summary.stale) == (1, 2)
    assert [p.relative_to(out).as_posix() for p in dicom_outputs(out)] == list(summary.outputs)
    assert not (out / "notes.txt").exists() and not (out / "1.2.3").exists()
    again = deidentify_dicom(src, out, key, progress=False, move_stale=True)
    assert (again.resumed, again.stale) == (1, 0)


def test_the_state_folder_is_private(tmp_path: Path, key: Key) -> None:
    save(with_fresh_uids(template("CT_small.dcm")), tmp_path / "in" / "a.dcm")
    deidentify_dicom(tmp_path / "in", tmp_path / "out", key, progress=False)
    state = state_of(tmp_path / "out")
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    for name in ("dicom-journal.sqlite", ".lock", "summary.json"):
        assert stat.S_IMODE((state / name).stat().st_mode) == 0o600, name


def test_retain_uids_keeps_only_values_that_are_uids(tmp_path: Path, key: Key) -> None:
    ds = with_fresh_uids(template("CT_small.dcm"))
    kept = ds.StudyInstanceUID
    ds.SOPInstanceUID = "../../../ZZCANARY_PATH"
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.add(DataElement(0x00081155, "UI", "ZZREFERENCE"))  # ReferencedSOPInstanceUID
    payload = release(tmp_path, ds, key, "retain_uids")
    assert_absent(payload, "ZZCANARY_PATH", "ZZREFERENCE")
    out = read(io.BytesIO(payload))
    assert out.StudyInstanceUID == kept
    assert out.file_meta.MediaStorageSOPInstanceUID == out.SOPInstanceUID


def test_text_hidden_in_a_double_inside_sr_content_is_replaced(tmp_path: Path, key: Key) -> None:
    ds = with_fresh_uids(template("test-SR.dcm"))
    item = Dataset()
    item.RelationshipType, item.ValueType = "CONTAINS", "NUM"
    item.ConceptNameCodeSequence = code("121071", "DCM", "Finding")
    measured = Dataset()
    measured.NumericValue = "42.5"
    measured.add(DataElement(0x0040A161, "FD", struct.unpack("<d", b"ZZC33Q!!")[0]))
    measured.MeasurementUnitsCodeSequence = code("mm", "UCUM", "millimeter")
    item.MeasuredValueSequence = Sequence([measured])
    real = Dataset()
    real.NumericValue = "12.3456789"
    real.add(DataElement(0x0040A161, "FD", 12.3456789))
    real.MeasurementUnitsCodeSequence = code("mm", "UCUM", "millimeter")
    item2 = Dataset()
    item2.RelationshipType, item2.ValueType = "CONTAINS", "NUM"
    item2.ConceptNameCodeSequence = code("121071", "DCM", "Finding")
    item2.MeasuredValueSequence = Sequence([real])
    ds.ContentSequence.extend([item, item2])
    payload = release(tmp_path, ds, key)
    assert_absent(payload, "ZZC33Q")
    kept = read(io.BytesIO(payload)).ContentSequence[-1].MeasuredValueSequence[0]
    assert kept.FloatingPointValue == 12.3456789


def test_safe_private_drops_text_hidden_in_a_binary_slot(tmp_path: Path, key: Key) -> None:
    ds = with_fresh_uids(template("MR_small.dcm"))
    block = ds.private_block(0x0019, "SIEMENS MR HEADER", create=True)
    block.add_new(0x0E, "FD", list(struct.unpack("<3d", b"ZZC32Q!!" * 3)))  # a FD slot
    block.add_new(0x12, "SL", [1, -2, 3])  # TablePositionOrigin: kept
    block.add_new(0x18, "IS", "19450317")  # RealDwellTime holding a birth date
    payload = release(tmp_path, ds, key, "retain_safe_private")
    assert_absent(payload, "ZZC32Q", "19450317")
    assert read(io.BytesIO(payload))[block.get_tag(0x12)].value == [1, -2, 3]
