"""Prove that the bytes of a dataset account for every element, item and sequence at every depth.

pydicom reads what it can and says nothing when a length inside a sequence is wrong: a value that
is too long swallows the items after it, one that is too short turns its own bytes into elements,
an item that is too short leaves the rest to be read as further items (their tags are never
checked), and a sequence delimiter ends a defined-length sequence early. Its top-level checks
cannot see any of this, so before a file is de-identified we walk its raw bytes once: element
header plus value lengths must add up to each defined-length item, items to each defined-length
sequence, and undefined-length items and sequences must end with their delimiters. The walk
follows pydicom's reading rules (an item of an explicit VR sequence may be implicit, an unknown
VR outside A-Z means implicit, UN of undefined length is a sequence), so every well-formed file
passes; anything else raises :class:`BadLength` naming the rule, never a value.
"""

from __future__ import annotations

from functools import lru_cache
from struct import Struct

from pydicom.datadict import _dictionary_vr_fast
from pydicom.filereader import ENCODED_VR
from pydicom.valuerep import EXPLICIT_VR_LENGTH_32

UNDEFINED = 0xFFFFFFFF
ITEM = 0xFFFEE000
ITEM_END = 0xFFFEE00D
SEQUENCE_END = 0xFFFEE0DD

ELEMENTS_DO_NOT_ADD_UP = "sequence item element lengths do not add up"
ITEMS_DO_NOT_ADD_UP = "sequence item lengths do not add up"
PAST_END = "element or item runs past the end of its item or sequence"
NO_DELIMITER = "sequence or item without its delimiter"
STRAY = "delimiter or item tag out of place"


class BadLength(Exception):
    """The bytes do not account exactly for the structure; the message names the rule."""


class _Codec:
    def __init__(self, little: bool) -> None:
        e = "<" if little else ">"
        self.tag_length = Struct(f"{e}HHL").unpack_from
        self.explicit = Struct(f"{e}HH2sH").unpack_from
        self.long = Struct(f"{e}L").unpack_from


_CODECS = {True: _Codec(True), False: _Codec(False)}
_LONG = frozenset(vr.encode() for vr in EXPLICIT_VR_LENGTH_32)  # 4-byte length after 2 reserved
SQ, UN = b"SQ", b"UN"


def check_dataset(data: bytes, start: int, implicit: bool, little: bool) -> None:
    """Walk the elements from ``start`` to the end of ``data`` (a whole dataset)."""
    _elements(data, start, len(data), len(data), implicit, _CODECS[little], top=True)


def check_sequence(value: bytes, implicit: bool, little: bool) -> None:
    """Walk the value of one defined-length sequence (all its items, at every depth)."""
    _items(value, 0, len(value), len(value), implicit, _CODECS[little])


def check_items(data: bytes, start: int, stop: int, implicit: bool, little: bool) -> None:
    """Walk the items of a defined-length sequence whose value is ``data[start:stop]``."""
    _items(data, start, stop, stop, implicit, _CODECS[little])


def sequence_end(data: bytes, start: int, implicit: bool, little: bool) -> int:
    """Walk an undefined-length sequence from ``start``; the position after its delimiter."""
    return _items(data, start, None, len(data), implicit, _CODECS[little])


@lru_cache(maxsize=4096)
def _dictionary_sq(tag: int) -> bool:
    """pydicom reads a value of this tag without an explicit VR (implicit or UN) as a sequence."""
    try:
        return bool(_dictionary_vr_fast(tag) == "SQ")
    except KeyError:
        return False


def _elements(
    data: bytes, pos: int, end: int | None, limit: int, implicit: bool, codec: _Codec, top: bool
) -> int:
    """Elements from ``pos`` to ``end`` (defined length) or to an item delimiter (None);
    nothing may pass ``limit``. Returns the position after them."""
    while True:
        if end is not None and pos >= end:
            if pos != end:
                raise BadLength(PAST_END if top else ELEMENTS_DO_NOT_ADD_UP)
            return pos
        if pos + 8 > limit:
            raise BadLength(NO_DELIMITER if end is None else ELEMENTS_DO_NOT_ADD_UP)
        vr: bytes | None = None
        value_tell = pos + 8
        if implicit:
            group, element, length = codec.tag_length(data, pos)
        else:
            group, element, vr, length = codec.explicit(data, pos)
            if vr in _LONG:
                if pos + 12 > limit:
                    raise BadLength(PAST_END)
                length = codec.long(data, pos + 8)[0]
                value_tell = pos + 12
            elif vr not in ENCODED_VR and not b"AA" <= vr <= b"ZZ":  # pydicom: implicit
                group, element, length = codec.tag_length(data, pos)
                vr = None
        tag = group << 16 | element
        if tag == ITEM_END:
            if end is not None or top:
                raise BadLength(STRAY)
            return value_tell
        if group == 0xFFFE:
            raise BadLength(STRAY)
        if length != UNDEFINED:
            pos = value_tell + length
            if pos > limit:
                raise BadLength(PAST_END)
            if length and (vr == SQ or ((vr is None or vr == UN) and _dictionary_sq(tag))):
                _items(data, value_tell, pos, pos, implicit, codec)
            continue
        if vr == UN:
            vr = SQ
        elif vr is None:
            try:
                vr = _dictionary_vr_fast(tag).encode()
            except KeyError:
                vr = SQ if _next_is_item(data, value_tell, limit, codec) else None
        if vr == SQ:
            pos = _items(data, value_tell, None, limit, implicit, codec)
        else:
            pos = _fragments(data, value_tell, limit, codec)


def _next_is_item(data: bytes, pos: int, limit: int, codec: _Codec) -> bool:
    if pos + 8 > limit:
        return False
    group, element, _ = codec.tag_length(data, pos)
    return (group << 16 | element) == ITEM


def _items(
    data: bytes, pos: int, end: int | None, limit: int, implicit: bool, codec: _Codec
) -> int:
    """Items from ``pos`` to ``end`` (defined length) or to the sequence delimiter (None)."""
    while True:
        if end is not None and pos >= end:
            if pos != end:
                raise BadLength(ITEMS_DO_NOT_ADD_UP)
            return pos
        if pos + 8 > limit:
            raise BadLength(NO_DELIMITER if end is None else ITEMS_DO_NOT_ADD_UP)
        group, element, length = codec.tag_length(data, pos)
        tag = group << 16 | element
        pos += 8
        if tag == SEQUENCE_END:
            if end is not None:
                raise BadLength(STRAY)
            return pos
        if tag != ITEM:
            raise BadLength(ITEMS_DO_NOT_ADD_UP)
        item_end = None if length == UNDEFINED else pos + length
        if item_end is not None and item_end > limit:
            raise BadLength(PAST_END)
        item_implicit = implicit
        if not implicit and pos + 6 <= limit:  # pydicom reads an item whose first VR is no VR
            item_implicit = not (0x40 < data[pos + 4] < 0x5B and 0x40 < data[pos + 5] < 0x5B)
        pos = _elements(data, pos, item_end, item_end or limit, item_implicit, codec, top=False)


def _fragments(data: bytes, pos: int, limit: int, codec: _Codec) -> int:
    """An undefined-length value that is no sequence (encapsulated pixel data): items of
    defined length up to the sequence delimiter."""
    while True:
        if pos + 8 > limit:
            raise BadLength(NO_DELIMITER)
        group, element, length = codec.tag_length(data, pos)
        tag = group << 16 | element
        pos += 8
        if tag == SEQUENCE_END:
            return pos
        if tag != ITEM or length == UNDEFINED:
            raise BadLength(STRAY)
        pos += length
        if pos > limit:
            raise BadLength(PAST_END)


def meta_end(data: bytes) -> int:
    """Where the dataset starts: after the preamble, magic and the group 0002 elements (always
    explicit VR little endian)."""
    pos, size, codec = 132, len(data), _CODECS[True]
    while pos + 8 <= size:
        group, _, vr, length = codec.explicit(data, pos)
        if group != 2:
            break
        if vr in _LONG:
            if pos + 12 > size:
                break
            pos += 12 + codec.long(data, pos + 8)[0]
        else:
            pos += 8 + length
    return pos
