"""Read a sequence's raw bytes into the items pydicom would build, without pydicom's file reader.

De-identification must look inside every sequence, and pydicom's reader (a BytesIO, a generator
and a VR probe per item) is most of its cost. This reader walks the bytes with ``unpack_from``
and builds the same items (same raw elements, tells, encodings and flags as
``pydicom.filereader.read_sequence``) for well-formed sequences only. Anything unusual (a length
that does not add up, an unknown or switched VR, an empty item, an undefined-length value that is
not a sequence) returns None, and the caller lets pydicom read the sequence as before, with its
warnings, so no input is accepted here that pydicom would have flagged.
"""

from __future__ import annotations

from functools import partial
from struct import Struct
from typing import cast

from pydicom.charset import convert_encodings
from pydicom.datadict import _dictionary_vr_fast
from pydicom.dataelem import (
    DataElement,
    RawDataElement,
    convert_raw_data_element,
    empty_value_for_VR,
)
from pydicom.dataset import Dataset
from pydicom.filereader import ENCODED_VR
from pydicom.sequence import Sequence
from pydicom.tag import BaseTag
from pydicom.valuerep import EXPLICIT_VR_LENGTH_32
from pydicom.values import convert_string

UNDEFINED = 0xFFFFFFFF
ITEM = 0xFFFEE000
ITEM_END = 0xFFFEE00D
SEQUENCE_END = 0xFFFEE0DD
CHARSET = 0x00080005


# An explicit VR as the str pydicom decodes it to (None: not a VR pydicom knows).
VR_NAMES = {vr: vr.decode() for vr in ENCODED_VR}
TAG_KEYS: dict[int, BaseTag] = {}  # tag -> BaseTag, made once per process (a few hundred tags)


# RawDataElement((tag, VR, length, value, value_tell, implicit, little, is_raw, is_buffered))
# without the namedtuple's argument handling (one per element read).
new_raw = partial(tuple.__new__, RawDataElement)


def tag_key(tag: int) -> BaseTag:
    """``BaseTag(tag)``, shared: an element key is made once per tag instead of per element."""
    key = TAG_KEYS.get(tag)
    if key is None:
        key = BaseTag(tag)
        if len(TAG_KEYS) < 1 << 16:  # hostile files with random private tags cannot grow it
            TAG_KEYS[tag] = key
    return key


# The instance attributes of a new Dataset: an item is made by copying them (fresh containers)
# instead of running Dataset.__init__ and __setattr__ for each (a tenth of the reading time).
_FRESH = {k: v for k, v in vars(Dataset()).items() if k != "_dict"}
_CONTAINERS = tuple(k for k, v in _FRESH.items() if isinstance(v, dict | list))


def plain_dataset(raw: dict[BaseTag, RawDataElement | DataElement], **attrs: object) -> Dataset:
    """``Dataset(raw)`` with ``attrs`` set, as pydicom's reader leaves an item."""
    item = Dataset.__new__(Dataset)
    state = item.__dict__
    state.update(_FRESH)
    for name in _CONTAINERS:
        state[name] = _FRESH[name].copy()
    state["_dict"] = raw
    state.update(attrs)
    return item


class _Malformed(Exception):
    """Not a plain well-formed sequence: let pydicom read it."""


class _Codec:
    def __init__(self, implicit: bool, little: bool) -> None:
        e = "<" if little else ">"
        self.implicit, self.little = implicit, little
        self.tag_length = Struct(f"{e}HHL").unpack_from
        self.explicit = Struct(f"{e}HH2sH").unpack_from
        self.long = Struct(f"{e}L").unpack_from


# One codec per encoding, made once: a sequence is read per sequence element (16 a file).
_CODECS = {(i, le): _Codec(i, le) for i in (True, False) for le in (True, False)}


def read_sequence(
    data: bytes, implicit: bool, little: bool, encodings: list[str], offset: int
) -> Sequence | None:
    """The items of a defined-length sequence value, as ``pydicom.values.convert_SQ`` returns
    them, or None when the bytes are not plainly well formed."""
    codec = _CODECS[bool(implicit), bool(little)]
    try:
        items, pos = _items(data, 0, len(data), codec, encodings, offset)
    except _Malformed:
        return None
    if pos != len(data):
        return None
    sequence = Sequence(items)
    sequence.is_undefined_length = False
    return sequence


def read_undefined_sequence(
    data: bytes, start: int, implicit: bool, little: bool, encoding: str | list[str]
) -> tuple[Sequence, int] | None:
    """The items of an undefined-length sequence of a top-level dataset whose value starts
    at ``start`` in the whole file, as ``pydicom.filereader.read_sequence`` reads them, and the
    position after its delimiter; None when the bytes are not plainly well formed."""
    try:
        items, pos = _items(data, start, None, _CODECS[bool(implicit), bool(little)], encoding, 0)
    except _Malformed:
        return None
    sequence = Sequence(items)
    sequence.is_undefined_length = True
    return sequence, pos


def _items(
    data: bytes,
    pos: int,
    end: int | None,
    codec: _Codec,
    encodings: str | list[str],
    offset: int,
) -> tuple[list[Dataset], int]:
    """Items from ``pos`` to ``end`` (defined length) or to the sequence delimiter (None)."""
    items: list[Dataset] = []
    size = len(data)
    while True:
        if end is not None and pos >= end:
            if pos != end:
                raise _Malformed
            return items, pos
        if pos + 8 > size:
            raise _Malformed
        group, element, length = codec.tag_length(data, pos)
        tag = group << 16 | element
        if tag == SEQUENCE_END and end is None:
            return items, pos + 8
        if tag != ITEM or length == 0:
            raise _Malformed
        start, pos = pos, pos + 8
        item_end = None if length == UNDEFINED else pos + length
        if item_end is not None and (item_end > size or (end is not None and item_end > end)):
            raise _Malformed
        if not codec.implicit:  # pydicom reads an item whose first VR is no VR as implicit
            vr = data[pos + 4 : pos + 6]
            if len(vr) < 2 or not (0x40 < vr[0] < 0x5B and 0x40 < vr[1] < 0x5B):
                raise _Malformed
        raw, pos, _ = _elements(data, pos, item_end, codec, encodings)
        encoding: str | list[str] = encodings
        if CHARSET in raw:
            charset = raw[BaseTag(CHARSET)]
            assert isinstance(charset, RawDataElement)
            encoding = convert_encodings(convert_raw_data_element(charset).value)
        items.append(
            plain_dataset(
                raw,
                _parent_encoding=encodings,
                _read_implicit=codec.implicit,
                _read_little=codec.little,
                _read_charset=encoding,
                is_undefined_length_sequence_item=item_end is None,
                seq_item_tell=start + offset,
                file_tell=start + offset,
            )
        )


def _elements(
    data: bytes, pos: int, end: int | None, codec: _Codec, encoding: str | list[str]
) -> tuple[dict[BaseTag, RawDataElement | DataElement], int, str | list[str]]:
    """The elements of one item, as pydicom's ``data_element_generator`` yields them."""
    raw: dict[BaseTag, RawDataElement | DataElement] = {}
    size = len(data)
    implicit, little = codec.implicit, codec.little
    while True:
        if end is not None and pos >= end:
            if pos != end:
                raise _Malformed
            return raw, pos, encoding
        if pos + 8 > size:
            raise _Malformed
        vr: str | None = None
        if implicit:
            group, element, length = codec.tag_length(data, pos)
            value_tell = pos + 8
        else:
            group, element, vr_bytes, length = codec.explicit(data, pos)
            value_tell = pos + 8
            vr = VR_NAMES.get(vr_bytes)
            if vr is not None:
                if vr in EXPLICIT_VR_LENGTH_32:
                    if pos + 12 > size:
                        raise _Malformed
                    length = codec.long(data, pos + 8)[0]
                    value_tell = pos + 12
            elif (group << 16 | element) != ITEM_END:
                raise _Malformed
        tag = group << 16 | element
        if tag == ITEM_END:
            if end is not None:
                raise _Malformed
            return raw, pos + 8, encoding
        if tag >> 16 == 0xFFFE:
            raise _Malformed
        key = TAG_KEYS.get(tag) or tag_key(tag)
        if length != UNDEFINED:
            stop = value_tell + length
            if stop > size or (end is not None and stop > end):
                raise _Malformed
            value = (
                data[value_tell:stop]
                if length > 0
                else cast(bytes | None, empty_value_for_VR(vr, raw=True))
            )
            if tag == CHARSET:
                encoding = convert_encodings(convert_string(value or b"", little))
            raw[key] = new_raw((key, vr, length, value, value_tell, implicit, little, True, False))
            pos = stop
            continue
        if vr is None:
            try:
                vr = _dictionary_vr_fast(tag)
            except KeyError:
                raise _Malformed from None
        if vr != "SQ":
            raise _Malformed
        items, pos = _items(data, value_tell, None, codec, encoding, 0)
        sequence = Sequence(items)
        sequence.is_undefined_length = True
        raw[key] = DataElement(key, vr, sequence, value_tell, is_undefined_length=True)
