"""Unusual but real-world encodings and values: they must not leak PHI or escape the output."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_dataset
from pydicom.sequence import Sequence

from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.keys import Key

from .conftest import Run
from .helpers import dicom_outputs, read, save, template, tree, with_fresh_uids

pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(Invalid value for VR|exceeds the maximum length):UserWarning"
)

ANATOMIC_REGION_SEQUENCE = 0x00082218  # not listed in Annex E
REFERENCED_IMAGE_SEQUENCE = 0x00081140  # listed: X/Z/U*


def un_encoded_sequence(tag: int, items: list[Dataset]) -> bytes:
    """The value of ``tag`` as a sequence written as UN (implicit VR little endian inside), as
    archives write sequences they do not know."""
    holder = Dataset()
    holder[tag] = DataElement(tag, "SQ", Sequence(items))
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, True
    write_dataset(fp, holder)
    return fp.getvalue()[8:]  # drop the implicit element header (tag, length)


def un_sequence_file(path: Path, tag: int, item: Dataset) -> None:
    """CT_small with ``tag`` holding a one-item sequence stored with VR UN."""
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds[tag] = DataElement(tag, "OB", un_encoded_sequence(tag, [item]))  # relabelled UN below
    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=False)
    group, element = tag >> 16, tag & 0xFFFF
    header = group.to_bytes(2, "little") + element.to_bytes(2, "little") + b"OB\0\0"
    assert buf.getvalue().count(header) == 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().replace(header, header[:4] + b"UN\0\0"))


def unlisted_item() -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = "T-D3000", "SRT", "Chest"
    item.PersonName = "UNSEQHAVERTON^NESTED"
    item.PatientID = "UNSEQPID4711"
    return item


def reference_item() -> Dataset:
    item = Dataset()
    item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    item.ReferencedSOPInstanceUID = "1.2.826.0.1.3680043.4711.4711"
    item.PatientID = "UNSEQPID4711"
    return item


@pytest.mark.parametrize(
    ("tag", "make_item", "secrets"),
    [
        # not listed in Annex E: kept, its items cleaned
        (ANATOMIC_REGION_SEQUENCE, unlisted_item, ["UNSEQHAVERTON", "UNSEQPID4711"]),
        # Referenced Image Sequence, X/Z/U*: kept, the UIDs inside replaced
        (REFERENCED_IMAGE_SEQUENCE, reference_item, ["1.2.826.0.1.3680043.4711.4711"]),
    ],
    ids=["unlisted", "listed-U"],
)
def test_sequence_encoded_as_un_is_deidentified_like_any_sequence(
    tmp_path: Path, key: Key, tag: int, make_item, secrets: list[str]
) -> None:
    """Archives store sequences they do not know with VR UN; pydicom reads them back as SQ.
    Such a file must be released with its sequence cleaned: not failed, and no nested PHI."""
    un_sequence_file(tmp_path / "in" / "un.dcm", tag, make_item())
    src = read(tmp_path / "in" / "un.dcm")
    assert src.get_item(tag).VR == "UN"
    assert src[tag].VR == "SQ" and len(src[tag].value) == 1  # pydicom decodes the items

    summary = deidentify_dicom(tmp_path / "in", tmp_path / "out", key, progress=False)
    assert (summary.done, summary.failed, summary.quarantined) == (1, 0, 0), summary.problems
    leaked = [
        (name, token)
        for name, data in tree(tmp_path / "out").items()
        for token in secrets
        if token.encode() in data
    ]
    assert not leaked, f"PHI inside a UN-encoded sequence was released: {leaked}"


def test_retain_uids_never_writes_outside_the_output_directory(tmp_path: Path, key: Key) -> None:
    """With retain_uids, output names come from the original UIDs; a UID that is a path (an
    invalid UI value) must not place a file outside the output directory."""
    escaped = tmp_path / "escaped"
    ds = with_fresh_uids(template("CT_small.dcm"))
    ds.StudyInstanceUID = str(escaped)  # absolute path
    ds.SeriesInstanceUID = ".."
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = "evil"
    save(ds, tmp_path / "in" / "a.dcm")
    out = tmp_path / "out"

    summary = deidentify_dicom(tmp_path / "in", out, key, ["retain_uids"], progress=False)
    assert summary.total == 1
    outside = [
        p
        for p in tmp_path.rglob("*.dcm")
        if out not in p.parents and tmp_path / "in" not in p.parents
    ]
    assert not outside, f"written outside the output directory: {outside}"
    for rel in summary.outputs:
        assert out in (out / rel).resolve().parents, rel


def test_second_input_with_the_same_instance_uid_but_other_content_fails(
    tmp_path: Path, key: Key
) -> None:
    first = with_fresh_uids(template("CT_small.dcm"))
    first.PatientID = "FIRSTPATIENT"
    save(first, tmp_path / "in" / "a.dcm")
    second = first.copy()
    second.PatientID = "SECONDPATIENT"  # another pseudonym: other bytes, same output name
    save(second, tmp_path / "in" / "b.dcm")
    summary = deidentify_dicom(tmp_path / "in", tmp_path / "out", key, progress=False)
    assert (summary.done, summary.failed) == (1, 1)
    assert Path(summary.problems[0].path).name == "b.dcm"
    assert "SOPInstanceUID" in summary.problems[0].reason
    (released,) = dicom_outputs(tmp_path / "out")
    assert read(released).PatientID == key.pseudonym("FIRSTPATIENT")  # never overwritten


def test_identical_input_twice_is_released_once(tmp_path: Path, key: Key) -> None:
    ds = with_fresh_uids(template("CT_small.dcm"))
    save(ds, tmp_path / "in" / "a.dcm")
    save(ds, tmp_path / "in" / "copy" / "a.dcm")
    summary = deidentify_dicom(tmp_path / "in", tmp_path / "out", key, progress=False)
    assert (summary.done, summary.failed, summary.quarantined) == (2, 0, 0)
    assert len(dicom_outputs(tmp_path / "out")) == 1


def test_two_workers_give_the_same_outputs_as_one(
    deidentified: Run, key: Key, tmp_path: Path
) -> None:
    summary = deidentify_dicom(
        deidentified.corpus.in_dir, tmp_path / "out", key, workers=2, progress=False
    )
    assert summary.done == deidentified.summary.done
    assert sorted(summary.review) == sorted(deidentified.summary.review)
    assert tree(tmp_path / "out") == tree(deidentified.out_dir)
