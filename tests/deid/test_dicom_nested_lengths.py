"""Bad lengths deep inside a sequence quarantine the file: pydicom reads such bytes without a
word and loses content, so every item and sequence must be exactly as long as its bytes."""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Callable
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from medprivacy.deid.dicom import lengths, transform
from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.deid.dicom.file import Partial, read_complete
from medprivacy.deid.dicom.sequence import read_sequence
from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import shipped_templates

from .helpers import read, save, template, to_bytes, tree, with_fresh_uids

pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(Invalid value for VR|exceeds the maximum length):UserWarning"
)

TEXT = "ZZNESTTEXT7Q was seen here"  # the value whose length is broken
AFTER = "ZZNESTAFTER7Q^TWO"  # content after it, in a later item: the part pydicom loses
CANARIES = (b"ZZNESTTEXT7Q", b"ZZNESTAFTER7Q")
RULES = {
    lengths.ELEMENTS_DO_NOT_ADD_UP,
    lengths.ITEMS_DO_NOT_ADD_UP,
    lengths.PAST_END,
    lengths.NO_DELIMITER,
    lengths.STRAY,
}


def _content(**values: str) -> Dataset:
    item = Dataset()
    item.RelationshipType = "CONTAINS"
    for keyword, value in values.items():
        item.ValueType = "TEXT" if keyword == "TextValue" else "PNAME"
        setattr(item, keyword, value)
    return item


def _sr_bytes(undefined_item: bool = False) -> bytes:
    """test-SR.dcm (defined lengths throughout) with a container whose own ContentSequence
    holds the text and, in a second item, a person name: two levels deep."""
    sr = with_fresh_uids(template("test-SR.dcm"))
    inner = _content(TextValue=TEXT)
    inner.is_undefined_length_sequence_item = undefined_item
    container = Dataset()
    container.RelationshipType = "CONTAINS"
    container.ValueType = "CONTAINER"
    container.ContentSequence = Sequence([inner, _content(PersonName=AFTER)])
    sr.ContentSequence.insert(0, container)
    return to_bytes(sr)


def _text_length_at(data: bytes) -> int:
    """Offset of the 4-byte length of the nested TextValue (explicit VR UT: 12-byte header)."""
    at = data.index(TEXT.encode()) - 4
    assert data[at - 8 : at - 2] == b"\x40\x00\x60\xa1UT"
    return at


def _item_length_at(data: bytes) -> int:
    """Offset of the 4-byte length of the nested item that holds the TextValue."""
    return data.rindex(b"\xfe\xff\x00\xe0", 0, data.index(TEXT.encode())) + 4


def _put(data: bytes, at: int, value: int) -> bytes:
    return data[:at] + struct.pack("<L", value) + data[at + 4 :]


def huge_element(data: bytes) -> bytes:
    return _put(data, _text_length_at(data), 0xFFFFFFF0)


def short_element(data: bytes) -> bytes:
    return _put(data, _text_length_at(data), 4)


def huge_item(data: bytes) -> bytes:
    return _put(data, _item_length_at(data), 0x7FFFFFF0)


def zero_item(data: bytes) -> bytes:
    return _put(data, _item_length_at(data), 0)


VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "element_too_long": huge_element,
    "element_too_short": short_element,
    "item_too_long": huge_item,
    "item_of_zero_length": zero_item,
}


def _code(meaning: str) -> Dataset:
    code = Dataset()
    code.CodeValue = "121320"
    code.CodingSchemeDesignator = "DCM"
    code.CodeMeaning = meaning
    return code


def _ct_bytes() -> tuple[bytes, int]:
    """CT_small (explicit VR little endian) with SourceImageSequence > PurposeOfReferenceCode
    Sequence, defined lengths; returns the bytes and the offset of the nested item's length."""
    ct = with_fresh_uids(template("CT_small.dcm"))
    refs = []
    for meaning in (TEXT, AFTER):
        ref = Dataset()
        ref.ReferencedSOPClassUID = ct.SOPClassUID
        ref.ReferencedSOPInstanceUID = ct.SOPInstanceUID
        ref.PurposeOfReferenceCodeSequence = Sequence([_code(meaning)])
        refs.append(ref)
    ct.SourceImageSequence = Sequence(refs)
    data = to_bytes(ct)
    return data, _item_length_at(data)


def _released_bytes(out: Path) -> bytes:
    return b"".join(tree(out).values())


def test_sr_with_good_nested_lengths_is_released_with_its_content(tmp_path: Path, key: Key):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.dcm").write_bytes(_sr_bytes())
    summary = deidentify_dicom(tmp_path / "in", tmp_path / "out", key, progress=False)
    assert (summary.done, summary.quarantined, summary.failed) == (1, 0, 0), summary.problems
    released = read(next(iter((tmp_path / "out").rglob("*.dcm"))))
    assert len(released.ContentSequence[0].ContentSequence) == 2  # both nested items came through


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_sr_with_a_bad_length_two_levels_deep_is_quarantined_and_nothing_leaks(
    variant: str, tmp_path: Path, key: Key
):
    broken = VARIANTS[variant](_sr_bytes())
    with warnings.catch_warnings():  # the auditor's finding: pydicom reads it without a word
        warnings.simplefilter("error")
        pydicom.dcmread(io.BytesIO(broken))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.dcm").write_bytes(broken)
    summary = deidentify_dicom(tmp_path / "in", tmp_path / "out", key, progress=False)
    assert (summary.done, summary.quarantined, summary.failed) == (0, 1, 0)
    assert summary.problems[0].reason in RULES
    released = _released_bytes(tmp_path / "out")
    assert not any(canary in released for canary in CANARIES)


def test_undefined_length_item_without_its_delimiter_is_quarantined(tmp_path: Path, key: Key):
    data = _sr_bytes(undefined_item=True)
    end = data.index(b"\xfe\xff\x0d\xe0\x00\x00\x00\x00", data.index(TEXT.encode()))
    broken = data[:end] + b"\xfe\xff\x00\xe0" + data[end + 4 :]  # delimiter overwritten
    with pytest.raises(Partial, match="|".join(RULES)):
        read_complete(broken)
    assert read_complete(data) is not None  # the same file with its delimiter passes


def test_explicit_little_endian_image_with_a_short_nested_item_is_quarantined(
    tmp_path: Path, key: Key
):
    good, at = _ct_bytes()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.dcm").write_bytes(good)
    length = struct.unpack_from("<L", good, at)[0]
    (tmp_path / "in" / "short.dcm").write_bytes(_put(good, at, length - 8))
    (tmp_path / "in" / "long.dcm").write_bytes(_put(good, at, length + 8))
    summary = deidentify_dicom(tmp_path / "in", tmp_path / "out", key, progress=False)
    assert (summary.done, summary.quarantined, summary.failed) == (1, 2, 0), summary.problems
    assert {p.reason for p in summary.problems} <= RULES
    assert not any(Path(p.path).name == "good.dcm" for p in summary.problems)


def test_implicit_vr_plan_with_a_bad_nested_item_length_is_quarantined():
    plan = with_fresh_uids(template("rtplan.dcm"))
    data = to_bytes(plan)
    points = data.index(b"\x0a\x30\x11\x01")  # (300A,0111) ControlPointSequence, implicit VR
    item = data.index(b"\xfe\xff\x00\xe0", points)
    length = struct.unpack_from("<L", data, item + 4)[0]
    assert read_complete(data) is not None
    with pytest.raises(Partial, match="|".join(RULES)):
        read_complete(_put(data, item + 4, length - 2))


def test_sequence_left_to_pydicom_is_refused_when_its_lengths_do_not_add_up():
    """The fast reader reads the intact outer level and declines the broken inner one; the
    pydicom fallback then must not read it either (pydicom alone would, and lose content)."""
    broken = short_element(_sr_bytes())
    ds = read(io.BytesIO(broken))
    content = pydicom.tag.Tag("ContentSequence")
    container = transform._sequence_element(ds, content).value[0]  # fast path, intact
    raw = container._dict[content]
    assert read_sequence(raw.value, False, True, ["iso8859"], raw.value_tell) is None
    assert len(read(io.BytesIO(broken)).ContentSequence[0].ContentSequence) == 1  # pydicom: lost
    with pytest.raises(lengths.BadLength):
        transform._sequence_element(container, content)


def test_pydicom_dicomdir_whose_last_record_runs_past_its_sequence_is_partial():
    """A real file: the last item of DICOMDIR-nooffset's record sequence is 24 bytes too long."""
    path = get_testdata_file("DICOMDIR-nooffset")
    if path is None:
        pytest.skip("DICOMDIR-nooffset not shipped")
    with pytest.raises(Partial, match=lengths.PAST_END):
        read_complete(Path(path).read_bytes())


def test_every_cleanly_parsing_pydicom_file_passes_the_length_walk():
    for name in shipped_templates():
        read_complete(Path(get_testdata_file(name)).read_bytes())


def test_saved_corpus_file_with_nested_sequences_passes(tmp_path: Path):
    path = save(with_fresh_uids(template("test-SR.dcm")), tmp_path / "sr.dcm")
    assert read_complete(path.read_bytes()) is not None
