"""Serialise a de-identified dataset fast, copying untouched elements as the bytes they were read.

pydicom's writer builds a buffer object per element; most elements of a de-identified file (pixel
data above all) were never decoded, so we write their header with one ``struct.pack`` and copy the
original value bytes. Decoded elements go through pydicom's own element writer, sequences are
written with undefined lengths (always valid), and anything unusual (deflate, private transfer
syntaxes, deferred values) falls back to ``Dataset.save_as``.
"""

from __future__ import annotations

import io
from struct import Struct

from pydicom.charset import convert_encodings
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import (
    correct_ambiguous_vr_element,
    write_data_element,
    write_file_meta_info,
)
from pydicom.tag import BaseTag
from pydicom.uid import UID
from pydicom.valuerep import PersonName

from medprivacy.deid.dicom.sequence import plain_dataset, tag_key

UNDEFINED = 0xFFFFFFFF
LONG_VRS = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"})
IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
DEFLATED = "1.2.840.10008.1.2.1.99"
SPECIFIC_CHARACTER_SET = 0x00080005
GROUP_LENGTH = BaseTag(0x00020000)
TRANSFER_SYNTAX = tag_key(0x00020010)  # the readers' key object: an identity lookup
# Decoded single string values written as pydicom's write_string / write_text write them, when
# they are ASCII: string VRs always (pydicom encodes them as ASCII), text VRs when the dataset's
# first encoding writes ASCII as ASCII bytes (one encoding, no ISO 2022 escapes).
_PLAIN_STR = (str, UID)
_STRING_VRS = frozenset({"AE", "AS", "CS", "UI", "UR"})
_TEXT_VRS = frozenset({"LO", "LT", "SH", "ST", "UC", "UT"})
_TEXT_VRS_PN = _TEXT_VRS | {"PN"}  # PN: a one-group ASCII name, see _plain_name
# Python encodings pydicom writes ASCII text in as ASCII bytes (UTF8: its name for ISO_IR 192).
_ASCII_SUPERSETS = frozenset({"iso8859", "latin_1", "utf_8", "UTF8"})


def _plain_name(value: PersonName) -> PersonName | str:
    """A person name's text when ``write_PN`` would write exactly its ASCII bytes (one
    component group: it drops empty trailing groups), else the name itself."""
    text = str(value)
    return text if text.isascii() and "=" not in text else value


class _Codec:
    """Header packing for one encoding."""

    def __init__(self, little: bool, implicit: bool) -> None:
        e = "<" if little else ">"
        self.little, self.implicit = little, implicit
        self.tag = Struct(f"{e}HH").pack
        self.short = Struct(f"{e}H").pack
        self.long = Struct(f"{e}L").pack
        self.item = self.tag(0xFFFE, 0xE000) + self.long(UNDEFINED)
        self.item_end = self.tag(0xFFFE, 0xE00D) + self.long(0)
        self.seq_end = self.tag(0xFFFE, 0xE0DD) + self.long(0)
        self._prefixes: dict[tuple[int, str | None], tuple[bytes, bool]] = {}

    def header(self, tag: int, vr: str | None, length: int) -> bytes:
        """Tag, VR (explicit) and length; the tag-and-VR prefix is packed once per codec."""
        key = (int(tag), vr)
        cached = self._prefixes.get(key)
        if cached is None:
            prefix, long = self.tag(tag >> 16, tag & 0xFFFF), True
            if not self.implicit:
                vr = vr or "UN"
                long = vr in LONG_VRS
                prefix += vr.encode() + b"\x00\x00" if long else vr.encode()
            cached = self._prefixes[key] = (prefix, long)
        prefix, long = cached
        return prefix + (self.long(length) if long else self.short(length))


def encode(ds: Dataset) -> bytes:
    """The Part 10 bytes of ``ds`` in its own transfer syntax (preamble, meta, dataset)."""
    meta = ds.file_meta
    ts = str(meta[TRANSFER_SYNTAX].value or "") if TRANSFER_SYNTAX in meta._dict else ""
    uid = UID(ts)
    if ts == DEFLATED or not uid.is_transfer_syntax or uid.is_private:
        buf = io.BytesIO()
        ds.save_as(buf, enforce_file_format=False)
        return buf.getvalue()
    codec = _Codec(little=ts != EXPLICIT_BE, implicit=ts == IMPLICIT_LE)
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = codec.little, codec.implicit
    fp.write(ds.preamble or b"\x00" * 128)
    fp.write(b"DICM")
    _write_meta(fp, ds.file_meta)
    _write_dataset(fp, ds, codec, None)
    return fp.getvalue()


_META_CODEC = _Codec(little=True, implicit=False)


def _write_meta(fp: DicomBytesIO, meta: FileMetaDataset) -> None:
    """The file meta group (explicit VR little endian), with its group length recomputed, as
    ``write_file_meta_info(enforce_standard=False)`` writes it; anything but plain group 2
    elements goes to that function (which refuses it)."""
    elements = meta._dict
    if any(int(tag) >> 16 != 2 for tag in elements) or (
        GROUP_LENGTH in elements and elements[GROUP_LENGTH].VR != "UL"
    ):
        write_file_meta_info(fp, meta, enforce_standard=False)
        return
    rest = plain_dataset({tag: e for tag, e in elements.items() if int(tag) != GROUP_LENGTH})
    buffer = DicomBytesIO()
    buffer.is_little_endian, buffer.is_implicit_VR = True, False
    _write_dataset(buffer, rest, _META_CODEC, None)
    body = buffer.getvalue()
    if GROUP_LENGTH in elements:
        meta.FileMetaInformationGroupLength = len(body)  # as pydicom leaves it
        fp.write(_META_CODEC.header(GROUP_LENGTH, "UL", 4) + _META_CODEC.long(len(body)))
    fp.write(body)


def _write_dataset(fp: DicomBytesIO, ds: Dataset, codec: _Codec, parent: list[str] | None) -> None:
    """Write ``ds``'s elements; ``parent`` is the enclosing dataset's Python encodings (an item
    without its own SpecificCharacterSet inherits them, PS3.5 7.5.3)."""
    elements = ds._dict  # key objects straight from the dataset: identity lookups, no Tag()
    encodings = parent
    if encodings is None or SPECIFIC_CHARACTER_SET in elements:
        charset = ds.get(SPECIFIC_CHARACTER_SET)
        encodings = convert_encodings(charset.value if charset is not None else None)
    write = fp.write
    header = codec.header
    for tag in sorted(elements, key=int):
        elem = elements[tag]
        if type(elem) is RawDataElement and elem.value is not None:
            value = elem.value
            if elem.length == UNDEFINED:  # encapsulated pixel data and the like
                write(header(tag, elem.VR, UNDEFINED))
                write(value)
                write(codec.seq_end)
            else:
                write(header(tag, elem.VR, len(value)))
                write(value)
            continue
        decoded = elem if type(elem) is DataElement else ds[tag]
        if decoded.VR == "SQ":
            write(header(tag, "SQ", UNDEFINED))
            for item in decoded.value:
                write(codec.item)
                _write_dataset(fp, item, codec, encodings)
                write(codec.item_end)
            write(codec.seq_end)
            continue
        current = decoded.value
        if type(current) is PersonName and encodings[0] in _ASCII_SUPERSETS:
            current = _plain_name(current)  # a pseudonym we set, as write_PN encodes it
        if type(current) in _PLAIN_STR and current.isascii():  # a value we set: write it directly
            vr = decoded.VR
            if vr in _STRING_VRS or (vr in _TEXT_VRS_PN and encodings[0] in _ASCII_SUPERSETS):
                data = current.encode()
                if len(data) & 1:
                    data += b"\x00" if vr == "UI" else b" "
                if len(data) <= 0xFFFF or codec.implicit or vr in LONG_VRS:
                    write(header(tag, vr, len(data)))
                    write(data)
                    continue
        if " or " in decoded.VR:
            corrected = correct_ambiguous_vr_element(decoded, ds, codec.little)
            assert isinstance(corrected, DataElement)
            decoded = corrected
        write_data_element(fp, decoded, encodings)
