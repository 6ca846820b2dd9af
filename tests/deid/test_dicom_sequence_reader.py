"""The fast sequence reader builds the items pydicom builds, or leaves the bytes to pydicom."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

import pydicom
import pytest
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.values import convert_SQ

from medprivacy.deid.dicom import transform
from medprivacy.deid.dicom.file import Status, deidentify_file, read_complete
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.sequence import _FRESH, read_sequence
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import build_corpus, shipped_templates

_ITEM_ATTRS = (
    "_read_implicit",
    "_read_little",
    "_read_charset",
    "_parent_encoding",
    "is_undefined_length_sequence_item",
    "seq_item_tell",
    "file_tell",
)


def _assert_same_items(ours: Sequence, theirs: Sequence) -> None:
    assert ours.is_undefined_length == theirs.is_undefined_length
    assert len(ours) == len(theirs)
    for mine, ref in zip(ours, theirs, strict=True):
        for attr in _ITEM_ATTRS:
            assert getattr(mine, attr) == getattr(ref, attr), attr
        state, ref_state = dict(vars(mine)), dict(vars(ref))
        assert state.pop("_dict") is not ref_state.pop("_dict")
        assert state == ref_state  # every instance attribute, as pydicom's reader sets it
        for name, value in _FRESH.items():  # containers are the item's own, not shared
            assert not isinstance(value, dict | list) or state[name] is not value
        assert list(mine._dict) == list(ref._dict)
        for tag, elem in mine._dict.items():
            other = ref._dict[tag]
            assert type(elem) is type(other)
            if isinstance(elem, RawDataElement):
                assert isinstance(other, RawDataElement)
                assert tuple(elem) == tuple(other)
            else:  # an undefined-length sequence nested in the item, read in place
                assert isinstance(other, DataElement)
                assert (elem.VR, elem.file_tell) == (other.VR, other.file_tell)
                _assert_same_items(elem.value, other.value)


def _raw_sequences(ds: Dataset) -> list[RawDataElement]:
    """Every sequence still in raw form, at any depth (nested ones read by pydicom)."""
    found = []
    for tag in list(ds._dict):
        elem = ds._dict[tag]
        if isinstance(elem, RawDataElement) and elem.value and elem.VR in ("SQ", None):
            if elem.VR is None and pydicom.datadict.dictionary_VR(tag) != "SQ":
                continue
            found.append(elem)
        items = ds[tag].value if ds[tag].VR == "SQ" else []
        for item in items:
            found += _raw_sequences(item)
    return found


def test_reader_builds_the_items_pydicom_builds_for_every_shipped_template() -> None:
    checked = 0
    for name in shipped_templates():
        path = pydicom.data.get_testdata_file(name)
        assert path is not None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = read_complete(Path(path).read_bytes())
            for raw in _raw_sequences(ds):
                assert raw.value is not None
                encodings = [pydicom.charset.default_encoding]
                theirs = convert_SQ(
                    raw.value, raw.is_implicit_VR, raw.is_little_endian, encodings, raw.value_tell
                )
                ours = read_sequence(
                    raw.value, raw.is_implicit_VR, raw.is_little_endian, encodings, raw.value_tell
                )
                assert ours is not None, name
                _assert_same_items(ours, theirs)
                checked += 1
    assert checked > 50


def _explicit(tag: int, vr: bytes, value: bytes) -> bytes:
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr, len(value)) + value


def _item(body: bytes, length: int | None = None) -> bytes:
    return struct.pack("<HHL", 0xFFFE, 0xE000, len(body) if length is None else length) + body


NAME = _explicit(0x00100010, b"PN", b"DOE^JANE")


@pytest.mark.parametrize(
    "data",
    [
        _item(NAME, length=len(NAME) + 4),  # item longer than the sequence
        _item(NAME, length=len(NAME) - 2),  # element runs past its item
        _item(_explicit(0x00100010, b"ZZ", b"DOE^JANE")),  # no such VR
        _item(b""),  # empty item: pydicom guesses its VR encoding from the next bytes
        _item(NAME) + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0),  # delimiter in a defined length
        struct.pack("<HHL", 0x0010, 0x0010, len(NAME)) + NAME,  # no item tag
        _item(NAME)[:-3],  # cut
    ],
)
def test_a_sequence_that_is_not_plainly_well_formed_is_left_to_pydicom(data: bytes) -> None:
    assert read_sequence(data, False, True, ["iso8859"], 0) is None


def test_outputs_are_byte_identical_with_and_without_the_fast_reader(
    tmp_path: Path, key: Key, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_corpus(tmp_path / "in", 1, templates=shipped_templates(), seed=7)
    deid = Deidentifier(compile_profile(()), key)
    outputs = {}
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(transform, "read_sequence", lambda *args: None)
        out = tmp_path / f"out-{fast}"
        for src in sorted((tmp_path / "in").rglob("*.dcm")):
            result = deidentify_file(src, out, deid)
            assert result.status is Status.DONE, result.reason
        outputs[fast] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.dcm")}
    assert len(outputs[True]) == len(shipped_templates())
    assert outputs[True] == outputs[False]


def _pixel_rep_dataset(tmp_path: Path, top: int | None) -> Dataset:
    """A file whose sequence items hold an ambiguous US/SS value, one item with its own Pixel
    Representation, one without; the top level has ``top`` (or none), read back raw."""
    own, inherit = Dataset(), Dataset()
    own.PixelRepresentation = 0
    for item in (own, inherit):
        item.add_new(0x00280106, "US or SS", b"\xff\xff")  # SmallestImagePixelValue
    ds = Dataset()
    if top is not None:
        ds.PixelRepresentation = top
    ds.ReferencedImageSequence = Sequence([own, inherit])
    ds.SOPInstanceUID = "1.2.3"
    path = tmp_path / f"pixrep-{top}.dcm"
    ds.save_as(path, implicit_vr=True, little_endian=True)
    return pydicom.dcmread(path, force=True)  # a bare dataset: no file meta


@pytest.mark.parametrize("top", [1, 0, None])
def test_sequence_items_learn_the_pixel_representation_as_pydicom_sets_it(
    tmp_path: Path, top: int | None
) -> None:
    ours, theirs = _pixel_rep_dataset(tmp_path, top), _pixel_rep_dataset(tmp_path, top)
    tag = 0x00081140
    mine = transform._sequence_element(ours, tag).value
    ref = theirs[tag].value  # pydicom: __setitem__ and _set_pixel_representation
    assert vars(ours).get("_pixel_rep") == vars(theirs).get("_pixel_rep")
    for item, other in zip(mine, ref, strict=True):
        assert vars(item).get("_pixel_rep", "unset") == vars(other).get("_pixel_rep", "unset")
        small, expected = item[0x00280106], other[0x00280106]  # decoded by the closest one
        assert (small.VR, small.value) == (expected.VR, expected.value)
