"""Read a plain Part 10 file into the FileDataset ``pydicom.dcmread`` builds, checking lengths.

``dcmread`` reads through a BytesIO and a generator per element, and a second walk
(:mod:`.lengths`) then proves that the bytes account for every element; together they were most
of the cost of reading a file. This reader walks the bytes once with ``unpack_from``, checks as
it goes that every value lies inside the file and that the last one ends where the file ends,
and builds the same objects as ``dcmread`` (same raw elements, tells, encodings, file meta and
FileDataset attributes, using pydicom's own constructors for the top-level objects). It reads
only what is plainly well formed: a preamble and 'DICM', a group 0002 meta in explicit VR little
endian, and a dataset in implicit or explicit VR little endian, explicit VR big endian or an
encapsulated (explicit VR little endian) syntax. Anything else (deflated or private syntaxes, a
command set, a length that does not add up, an unknown or switched VR, a parser warning, an
irregular nested sequence) returns None, and the caller reads the file with pydicom and its
checks as before, so no input is accepted or rejected differently.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from struct import Struct
from typing import cast

import pydicom
from pydicom import config
from pydicom.charset import convert_encodings, default_encoding
from pydicom.datadict import _dictionary_vr_fast
from pydicom.dataelem import (
    DataElement,
    RawDataElement,
    convert_raw_data_element,
    empty_value_for_VR,
)
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.tag import BaseTag
from pydicom.valuerep import EXPLICIT_VR_LENGTH_32
from pydicom.values import convert_string

from medprivacy.deid.dicom.lengths import check_items, sequence_end
from medprivacy.deid.dicom.sequence import (
    TAG_KEYS,
    VR_NAMES,
    new_raw,
    read_undefined_sequence,
    tag_key,
)

UNDEFINED = 0xFFFFFFFF
ITEM = 0xFFFEE000
SEQUENCE_END = 0xFFFEE0DD
CHARSET = 0x00080005
GROUP_LENGTH = 0x00020000
TRANSFER_SYNTAX = tag_key(0x00020010)  # ``file_meta.TransferSyntaxUID`` by its key object
PLAIN_SYNTAXES = {  # transfer syntax -> (implicit VR, little endian), as read_partial maps them
    pydicom.uid.ImplicitVRLittleEndian: (True, True),
    pydicom.uid.ExplicitVRLittleEndian: (False, True),
    pydicom.uid.ExplicitVRBigEndian: (False, False),
}
UNUSUAL_SYNTAXES = {
    pydicom.uid.DeflatedExplicitVRLittleEndian,
    *pydicom.uid.PrivateTransferSyntaxes,
}
_LONG_VRS = frozenset(EXPLICIT_VR_LENGTH_32)
_SQ_VRS = frozenset({"SQ", "UN", None})


class _Unusual(Exception):
    """Not plainly well formed: let pydicom read the file."""


class _Codec:
    def __init__(self, implicit: bool, little: bool) -> None:
        e = "<" if little else ">"
        self.implicit, self.little = implicit, little
        self.tag_length = Struct(f"{e}HHL").unpack_from
        self.explicit = Struct(f"{e}HH2sH").unpack_from
        self.long = Struct(f"{e}L").unpack_from


_META_CODEC = _Codec(False, True)


def read_plain(data: bytes) -> FileDataset | None:
    """The FileDataset ``dcmread(BytesIO(data))`` returns, with every length checked, or None
    when the file is not plainly well formed or pydicom warned while it was read."""
    if not config.settings.infer_sq_for_un_vr or config.data_element_callback is not None:
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = _read(data)
        except Exception:  # _Unusual, BadLength, or an error pydicom's path reports its way
            return None
    return None if caught else ds


def _read(data: bytes) -> FileDataset:
    """``read_partial`` for a plain file: preamble, meta, dataset, then the FileDataset."""
    if len(data) < 132 or data[128:132] != b"DICM":
        raise _Unusual
    preamble = data[:128]
    file_meta, pos = _file_meta(data, 132)
    if pos + 8 > len(data) or data[pos : pos + 2] == b"\0\0":  # empty, or a command set
        raise _Unusual
    syntax = file_meta[TRANSFER_SYNTAX].value if TRANSFER_SYNTAX in file_meta._dict else None
    if syntax is None or syntax in UNUSUAL_SYNTAXES:
        raise _Unusual
    implicit, little = PLAIN_SYNTAXES.get(syntax, (False, True))  # others: encapsulated
    if _looks_implicit(data, pos) != implicit:  # pydicom warns and switches
        raise _Unusual
    raw, encoding = _elements(data, pos, _Codec(implicit, little))
    dataset = Dataset(raw, parent_encoding=default_encoding)
    dataset.set_original_encoding(implicit, little, encoding)
    buffer = io.BytesIO(data)
    buffer.seek(len(data))  # where dcmread leaves it
    ds = FileDataset(buffer, dataset, preamble, file_meta, implicit, little)
    ds.set_original_encoding(implicit, little, dataset._character_set)
    return ds


def _looks_implicit(data: bytes, pos: int) -> bool:
    """pydicom's test of the first element: a VR must be two upper-case letters."""
    return not (0x40 < data[pos + 4] < 0x5B and 0x40 < data[pos + 5] < 0x5B)


def _file_meta(data: bytes, pos: int) -> tuple[FileMetaDataset, int]:
    """The group 0002 elements from ``pos``, as ``_read_file_meta_info`` builds them (it decodes
    the first element and the group length), and where the dataset starts."""
    if pos + 8 > len(data) or _looks_implicit(data, pos):
        raise _Unusual
    raw: dict[BaseTag, RawDataElement | DataElement] = {}
    codec, size = _META_CODEC, len(data)
    while pos + 8 <= size:
        group, element, vr_bytes, length = codec.explicit(data, pos)
        if group != 2:
            break
        vr = VR_NAMES.get(vr_bytes)
        if vr is None:
            raise _Unusual
        value_tell = pos + 8
        if vr in _LONG_VRS:
            length = codec.long(data, pos + 8)[0]
            value_tell = pos + 12
        pos = value_tell + length
        if length == UNDEFINED or pos > size:
            raise _Unusual
        key = tag_key(group << 16 | element)
        value = data[value_tell:pos] if length else _empty(vr)
        raw[key] = RawDataElement(key, vr, length, value, value_tell, False, True)
    if not raw:
        raise _Unusual
    meta = Dataset(raw, parent_encoding=default_encoding)
    meta.set_original_encoding(False, True, default_encoding)
    file_meta = FileMetaDataset(meta)
    file_meta.set_original_encoding(
        is_implicit_vr=False, is_little_endian=True, character_encoding=default_encoding
    )
    file_meta[min(raw)]  # pydicom's probe decodes (and stores) the lowest tag
    if GROUP_LENGTH in raw:
        file_meta[GROUP_LENGTH]
    return file_meta, pos


def _empty(vr: str | None) -> bytes | None:
    """The raw value pydicom stores for a zero-length element."""
    return cast(bytes | None, empty_value_for_VR(vr, raw=True))


def _elements(
    data: bytes, pos: int, codec: _Codec
) -> tuple[dict[BaseTag, RawDataElement | DataElement], str | list[str]]:
    """The top-level elements to the end of ``data``, as ``data_element_generator`` yields
    them, and the dataset's character set. Nested sequences are length-checked here (by
    :mod:`.lengths`, as before) and read later, when de-identification needs them."""
    raw: dict[BaseTag, RawDataElement | DataElement] = {}
    size, implicit, little = len(data), codec.implicit, codec.little
    encoding: str | list[str] = default_encoding
    tag_length, explicit, long = codec.tag_length, codec.explicit, codec.long
    keys = TAG_KEYS
    while pos < size:
        if pos + 8 > size:
            raise _Unusual
        vr: str | None = None
        value_tell = pos + 8
        if implicit:
            group, element, length = tag_length(data, pos)
        else:
            group, element, vr_bytes, length = explicit(data, pos)
            vr = VR_NAMES.get(vr_bytes)
            if vr is None:  # pydicom switches to implicit or guesses a 2-byte length
                raise _Unusual
            if vr in _LONG_VRS:
                if pos + 12 > size:
                    raise _Unusual
                length = long(data, pos + 8)[0]
                value_tell = pos + 12
        if group == 0xFFFE:
            raise _Unusual
        tag = group << 16 | element
        key = keys.get(tag) or tag_key(tag)
        if length == UNDEFINED:
            raw[key], pos = _undefined(data, key, vr, value_tell, codec, encoding)
            continue
        pos = value_tell + length
        if pos > size:
            raise _Unusual
        value = data[value_tell:pos] if length else _empty(vr)
        if length and vr in _SQ_VRS and (vr == "SQ" or _dictionary_sq(tag)):
            check_items(data, value_tell, pos, implicit, little)
        if tag == CHARSET:
            encoding = convert_encodings(convert_string(value or b"", little))
        raw[key] = new_raw((key, vr, length, value, value_tell, implicit, little, True, False))
    if CHARSET in raw:
        charset = convert_raw_data_element(cast(RawDataElement, raw[BaseTag(CHARSET)]))
        encoding = convert_encodings(charset.value)
    return raw, encoding


@lru_cache(maxsize=4096)
def _dictionary_sq(tag: int) -> bool:
    try:
        return bool(_dictionary_vr_fast(tag) == "SQ")
    except KeyError:
        return False


def _undefined(
    data: bytes,
    key: BaseTag,
    vr: str | None,
    value_tell: int,
    codec: _Codec,
    encoding: str | list[str],
) -> tuple[RawDataElement | DataElement, int]:
    """An undefined-length element and the position after it: a sequence (UN, SQ, or one the
    dictionary or its first item says is one) read into items, else encapsulated fragments."""
    if vr == "UN":
        vr = "SQ"
    elif vr is None:
        try:
            vr = _dictionary_vr_fast(key)
        except KeyError:
            vr = "SQ" if _tag_at(data, value_tell, codec) == ITEM else None
    if vr == "SQ":
        end = sequence_end(data, value_tell, codec.implicit, codec.little)
        read = read_undefined_sequence(data, value_tell, codec.implicit, codec.little, encoding)
        if read is None or read[1] != end:
            raise _Unusual
        return DataElement(key, vr, read[0], value_tell, is_undefined_length=True), end
    stop = _fragments_end(data, value_tell, codec)
    value = data[value_tell:stop]
    raw = RawDataElement(key, vr, UNDEFINED, value, value_tell, codec.implicit, codec.little)
    return raw, stop + 8


def _tag_at(data: bytes, pos: int, codec: _Codec) -> int:
    if pos + 8 > len(data):
        raise _Unusual
    group, element, _ = codec.tag_length(data, pos)
    return int(group << 16 | element)


def _fragments_end(data: bytes, pos: int, codec: _Codec) -> int:
    """Where the sequence delimiter of encapsulated fragments starts, found as pydicom's
    ``_try_read_encapsulated_pixel_data`` finds it (items of defined length)."""
    size = len(data)
    while True:
        if pos + 8 > size:
            raise _Unusual
        group, element, length = codec.tag_length(data, pos)
        tag = group << 16 | element
        if tag == SEQUENCE_END:
            return pos
        if tag != ITEM or length == UNDEFINED or pos + 8 + length > size:
            raise _Unusual
        pos += 8 + length
