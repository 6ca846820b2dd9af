"""The one-pass top-level reader builds exactly what pydicom's ``dcmread`` builds, and reads a
file only when pydicom's own path (with its length checks) would have accepted it."""

from __future__ import annotations

import io
import random
import struct
import warnings
from pathlib import Path
from typing import Any

import pydicom
import pytest
from pydicom.datadict import dictionary_VR
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.tag import BaseTag

from medprivacy.deid.dicom.file import Partial, _read_with_pydicom, read_complete
from medprivacy.deid.dicom.reader import read_plain
from medprivacy.testing.dicom_corpus import shipped_templates

SHIPPED = Path(pydicom.data.__file__).parent / "test_files"


def _state(x: Any) -> Any:
    """Everything pydicom stored while reading: instance attributes, elements in order, raw
    tuples, nested items (the buffer by its bytes and position, not its identity)."""
    if isinstance(x, Dataset):
        attrs = {k: _state(v) for k, v in vars(x).items() if k not in ("buffer", "_dict")}
        buffer = vars(x).get("buffer")
        if buffer is not None:
            attrs["buffer"] = (type(buffer).__name__, buffer.getvalue(), buffer.tell())
        elements = [(k, type(v).__name__, _state(v)) for k, v in x._dict.items()]
        return type(x).__name__, attrs, elements
    if isinstance(x, Sequence):
        return "Sequence", [_state(i) for i in x], x.is_undefined_length
    if isinstance(x, DataElement):
        return {k: _state(v) for k, v in vars(x).items() if k != "_parent_seq"}
    if isinstance(x, RawDataElement):
        return tuple(x)
    if isinstance(x, dict):
        return {k: _state(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_state(v) for v in x]
    return x


def _dcmread(data: bytes) -> Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return pydicom.dcmread(io.BytesIO(data))


def _templates() -> list[bytes]:
    return [(SHIPPED / name).read_bytes() for name in shipped_templates()]


def test_every_plain_template_is_read_as_dcmread_reads_it() -> None:
    read = 0
    for name in shipped_templates():
        data = (SHIPPED / name).read_bytes()
        ds = read_plain(data)
        if ds is None:  # only the deflated template goes through pydicom
            assert "Deflated" in _dcmread(data).file_meta.TransferSyntaxUID.name, name
            continue
        read += 1
        assert _state(ds) == _state(_dcmread(data)), name
    assert read == len(shipped_templates()) - 1


@pytest.mark.parametrize(
    "name",
    [
        "ExplVR_BigEndNoMeta.dcm",  # no preamble or meta
        "no_meta.dcm",
        "meta_missing_tsyntax.dcm",
        "image_dfl.dcm",  # deflated
        "UN_sequence.dcm",  # items switch to implicit VR
        "SC_rgb_jpeg.dcm",  # the meta says explicit, the dataset is implicit
        "MR_truncated.dcm",
        "rtplan_truncated.dcm",
    ],
)
def test_unusual_files_are_left_to_pydicom(name: str) -> None:
    assert read_plain((SHIPPED / name).read_bytes()) is None


def _mutants(data: bytes, rng: random.Random, count: int) -> list[bytes]:
    """Cuts, inserted and deleted bytes and flipped header bytes: lengths that no longer add
    up, tags and VRs that change meaning."""
    head, out = min(len(data), 4000), []
    for _ in range(count):
        d, kind = bytearray(data), rng.random()
        if kind < 0.2:
            d = d[: rng.randrange(1, len(d))]
        elif kind < 0.5:
            at = rng.randrange(132, head)
            if kind < 0.35:
                d[at:at] = rng.randbytes(rng.choice([1, 2, 4]))
            else:
                del d[at : at + rng.choice([1, 2, 4])]
        else:
            for _ in range(rng.choice([1, 2])):
                at = rng.randrange(head)
                d[at] = rng.choice([0, 0xFF, rng.randrange(256), d[at] ^ (1 << rng.randrange(8))])
        out.append(bytes(d))
    return out


def test_a_damaged_file_is_read_plain_only_if_pydicom_accepted_it_the_same() -> None:
    rng = random.Random(13)
    read = 0
    for data in _templates()[::4]:
        for mutant in _mutants(data, rng, 25):
            ds = read_plain(mutant)
            if ds is None:
                continue  # read_complete takes pydicom's path: the same outcome as before
            read += 1
            try:
                reference = _read_with_pydicom(mutant)
            except Exception as exc:  # Partial, or whatever pydicom raised
                pytest.fail(f"read plain, but pydicom's path rejects it ({type(exc).__name__})")
            assert _state(ds) == _state(reference)
    assert read > 50  # the property was tested on damaged files the reader did read


def _meta_swapped(data: bytes) -> bytes:
    """The first two file meta elements in reverse order (the lowest tag no longer first)."""
    first = 132 + 8 + 4  # after (0002,0000) UL, 4 bytes
    length = struct.unpack_from("<L", data, first + 8)[0]  # (0002,0001) OB
    second = first + 12 + length
    return data[:132] + data[first:second] + data[132:first] + data[second:]


def test_file_meta_probe_decodes_the_lowest_tag_as_pydicom_does() -> None:
    data = _meta_swapped((SHIPPED / "CT_small.dcm").read_bytes())
    ds = read_plain(data)
    assert ds is not None
    reference = _dcmread(data)
    assert isinstance(reference.file_meta._dict[BaseTag(0x00020000)], DataElement)
    assert _state(ds.file_meta) == _state(reference.file_meta)


def test_a_bad_length_inside_a_top_level_sequence_is_quarantined_as_before() -> None:
    data = bytearray((SHIPPED / "rtplan.dcm").read_bytes())
    ds = _dcmread(bytes(data))
    seq = next(
        e
        for e in ds._dict.values()
        if isinstance(e, RawDataElement)
        and not e.tag.is_private
        and dictionary_VR(e.tag) == "SQ"
        and e.length not in (0, 0xFFFFFFFF)
    )
    item_length_at = seq.value_tell + 4  # the first item's length
    (length,) = struct.unpack_from("<L", data, item_length_at)
    struct.pack_into("<L", data, item_length_at, length - 2)
    with pytest.raises(Partial) as plain:
        read_complete(bytes(data))
    with pytest.raises(Partial) as old:
        _read_with_pydicom(bytes(data))
    assert str(plain.value) == str(old.value)


def test_a_cut_file_is_quarantined_with_the_same_reason_as_before() -> None:
    data = (SHIPPED / "CT_small.dcm").read_bytes()
    for cut in (len(data) - 1, len(data) - 100, 1000, 300):
        with pytest.raises(Partial) as plain:
            read_complete(data[:cut])
        with pytest.raises(Partial) as old:
            _read_with_pydicom(data[:cut])
        assert str(plain.value) == str(old.value)
