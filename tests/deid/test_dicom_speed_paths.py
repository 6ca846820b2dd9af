"""Shortcuts taken for speed give what the slow path gives: same text, same output bytes."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_dataset
from pydicom.uid import UID, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from medprivacy.deid.dicom.encode import _Codec, _write_dataset, encode
from medprivacy.deid.dicom.file import MODALITY, SOP_INSTANCE_UID, _get, read_complete

UID_TAGS = (SOP_INSTANCE_UID, 0x00080016, 0x0020000D, 0x0020000E)


def _file(raw: dict[int, tuple[str, bytes]], syntax: str = ExplicitVRLittleEndian) -> bytes:
    """A small Part 10 file whose elements hold exactly the given raw bytes (pydicom's writer
    would normalise them: each is written as a placeholder of its length, then put in place)."""
    ds = Dataset()
    swaps = []
    for i, (tag, (vr, value)) in enumerate(raw.items()):
        placeholder = (b"89"[i : i + 1] if vr == "UI" else b"QRSTUVWXYZ"[i : i + 1]) * len(value)
        ds.add_new(tag, vr, placeholder.decode())
        swaps.append((placeholder, value))
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = UID(syntax)
    ds.file_meta.MediaStorageSOPClassUID = UID("1.2.840.10008.5.1.4.1.1.88.11")
    ds.file_meta.MediaStorageSOPInstanceUID = UID("1.2.3")
    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    data = buf.getvalue()
    for placeholder, value in swaps:  # the dataset's copy: the last (the meta may repeat it)
        at = data.rindex(placeholder)
        data = data[:at] + value + data[at + len(value) :]
    return data


PLAIN = [
    (SOP_INSTANCE_UID, "UI", b"1.2.840.113619.2.55\x00"),
    (SOP_INSTANCE_UID, "UI", b"1.2.34"),
    (MODALITY, "CS", b"CT"),
    (MODALITY, "CS", b"SEG "),
    (0x00280301, "CS", b"NO"),
]
NOT_PLAIN = [
    (SOP_INSTANCE_UID, "UI", b"1.2.3 "),  # padded with a space
    (SOP_INSTANCE_UID, "UI", b"1.2\x00\x00"),  # a pad it did not need
    (SOP_INSTANCE_UID, "UI", b"1.2.3\\1.4\x00"),  # two values
    (MODALITY, "CS", b" CT "),  # a leading space
    (MODALITY, "CS", b"ct"),  # not a code string's characters
    (MODALITY, "CS", b"CT\x00\x00"),
]


@pytest.mark.parametrize(("tag", "vr", "value"), PLAIN + NOT_PLAIN)
def test_reading_an_attribute_gives_the_decoded_text_and_the_same_output(
    tag: int, vr: str, value: bytes
) -> None:
    raw = {0x00080016: ("UI", b"1.2.840.10008.5.1.4.1.1.88.11\x00"), tag: (vr, value)}
    data = _file(raw)
    fast, slow = read_complete(data), read_complete(data)
    text = _get(fast, tag)
    decoded = slow[tag].value
    assert str(text).strip().rstrip("\x00") == str(decoded).strip().rstrip("\x00")
    assert encode(fast) == encode(slow)


@pytest.mark.parametrize(("tag", "vr", "value"), PLAIN)
def test_plain_values_are_read_from_their_bytes_and_left_undecoded(
    tag: int, vr: str, value: bytes
) -> None:
    ds = read_complete(_file({tag: (vr, value)}))
    assert _get(ds, tag) == value.rstrip(b"\x00 ").decode()
    assert type(ds._dict[tag]) is RawDataElement


@pytest.mark.parametrize(("tag", "vr", "value"), NOT_PLAIN)
def test_other_values_are_decoded_by_pydicom(tag: int, vr: str, value: bytes) -> None:
    ds = read_complete(_file({tag: (vr, value)}))
    _get(ds, tag)
    assert type(ds._dict[tag]) is not RawDataElement


def test_implicit_vr_values_are_decoded_by_pydicom() -> None:
    """No VR was read: the writer's VR comes from decoding, as before."""
    ds = read_complete(_file({SOP_INSTANCE_UID: ("UI", b"1.2.3\x00")}, ImplicitVRLittleEndian))
    assert str(_get(ds, SOP_INSTANCE_UID)) == "1.2.3"
    assert type(ds._dict[SOP_INSTANCE_UID]) is not RawDataElement


def test_code_index_is_pydicoms_concepts_without_importing_the_sr_package() -> None:
    code = """
import sys
from medprivacy.deid.dicom.codes import _standard_codes
index = _standard_codes()
assert "pydicom.sr" not in sys.modules, "pydicom.sr was imported"
from pydicom.sr._concepts_dict import concepts
expected = {
    (scheme, value): meaning
    for scheme, by_name in concepts.items()
    for codes in by_name.values()
    for value, (meaning, _cids) in codes.items()
}
flat = {(s, value): meaning for s, codes in index.items() for value, meaning in codes.items()}
assert flat == expected, "index differs"
assert set(index) == set(concepts), "schemes differ"
print(len(flat))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
    assert int(done.stdout) > 10_000


@pytest.mark.parametrize("charset", [None, "ISO_IR 100", "ISO_IR 192"])
@pytest.mark.parametrize(
    ("vr", "value"),
    [
        ("LO", "ANONYMIZED"),
        ("SH", "ODD"),
        ("PN", "PSEUDO^NAME"),
        ("PN", "ODD"),
        ("PN", "A^B=C^D"),  # component groups: left to pydicom
        ("PN", "A^B="),  # an empty last group pydicom drops
        ("PN", "MÜLLER^JÖRG"),  # not ASCII
        ("LO", "MÜNCHEN"),
    ],
)
def test_written_text_and_names_are_pydicoms_bytes(
    charset: str | None, vr: str, value: str
) -> None:
    ds = Dataset()
    if charset:
        ds.SpecificCharacterSet = charset
    tag = 0x00100010 if vr == "PN" else (0x00081030 if vr == "LO" else 0x00200010)
    ds.add_new(tag, vr, value)
    theirs = DicomBytesIO()
    theirs.is_little_endian, theirs.is_implicit_VR = True, False
    write_dataset(theirs, ds)
    ours = DicomBytesIO()
    ours.is_little_endian, ours.is_implicit_VR = True, False
    _write_dataset(ours, ds, _Codec(little=True, implicit=False), None)
    assert ours.getvalue() == theirs.getvalue()
