"""Values that can be shown to carry no identity: enumerated code strings, numbers, standard codes.

Inside a sequence Annex E marks D (ContentSequence, GraphicAnnotationSequence, ...) only these
survive; everything else is replaced. Coded concepts are kept only when pydicom's concept
dictionary (the DICOM standard's code lists) knows the (scheme, value) pair, and then their
meaning is rewritten to the standard one, so a name typed into CodeMeaning cannot pass.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
import sys
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import cast

_CONCEPTS = "pydicom.sr._concepts_dict"
CODE_VALUE = 0x00080100
CODING_SCHEME = 0x00080102
CODING_SCHEME_VERSION = 0x00080103
CODE_MEANING = 0x00080104
CODE_PARTS = frozenset({CODE_VALUE, CODING_SCHEME, CODING_SCHEME_VERSION, CODE_MEANING})

_UNITS = frozenset({"PIXEL", "DISPLAY", "MATRIX"})
_YES_NO = frozenset({"Y", "N"})
# Code strings whose values the standard enumerates (PS3.3): anything else there is replaced.
ENUMERATED_CS: dict[int, frozenset[str]] = {
    0x0040A010: frozenset(  # RelationshipType
        {
            "CONTAINS",
            "HAS PROPERTIES",
            "HAS OBS CONTEXT",
            "HAS ACQ CONTEXT",
            "INFERRED FROM",
            "SELECTED FROM",
            "HAS CONCEPT MOD",
        }
    ),
    0x0040A040: frozenset(  # ValueType
        {
            "TEXT",
            "NUM",
            "CODE",
            "DATETIME",
            "DATE",
            "TIME",
            "UIDREF",
            "PNAME",
            "COMPOSITE",
            "IMAGE",
            "WAVEFORM",
            "SCOORD",
            "SCOORD3D",
            "TCOORD",
            "CONTAINER",
            "TABLE",
        }
    ),
    0x0040A050: frozenset({"SEPARATE", "CONTINUOUS"}),  # ContinuityOfContent
    0x0040A130: frozenset(  # TemporalRangeType
        {"POINT", "MULTIPOINT", "SEGMENT", "MULTISEGMENT", "BEGIN", "END"}
    ),
    0x00700023: frozenset(  # GraphicType
        {"POINT", "POLYLINE", "INTERPOLATED", "CIRCLE", "ELLIPSE", "MULTIPOINT", "POLYGON"}
    ),
    0x00700003: _UNITS,  # BoundingBoxAnnotationUnits
    0x00700004: _UNITS,  # AnchorPointAnnotationUnits
    0x00700005: _UNITS,  # GraphicAnnotationUnits
    0x00700012: frozenset({"LEFT", "RIGHT", "CENTER"}),  # BoundingBoxTextHorizontalJustification
    0x00700015: _YES_NO,  # AnchorPointVisibility
    0x00700024: _YES_NO,  # GraphicFilled
    0x00080105: frozenset({"DCMR", "SDM"}),  # MappingResource
}
# Code strings that are template or context group numbers: digits only.
DIGIT_CS = frozenset({0x0008010F, 0x0040DB00})  # ContextIdentifier, TemplateIdentifier
_DIGITS = re.compile(r"[0-9]{1,16}")
_VERSION = re.compile(r"[0-9]{1,4}(\.[0-9]{1,4}){0,3}")
_INT = re.compile(r"[+-]?[0-9]{1,12}")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
# Binary VRs: numbers and tags, never text.
NUMERIC_VRS = frozenset({"US", "SS", "UL", "SL", "FL", "FD", "OF", "OD", "OL", "SV", "UV", "AT"})
_WIDTH = {"US": 2, "SS": 2, "UL": 4, "SL": 4, "FL": 4, "FD": 8, "SV": 8, "UV": 8, "AT": 4}


def _values(text: str) -> list[str]:
    return [v.strip(" \x00") for v in text.split("\\")]


def is_number(text: str, vr: str) -> bool:
    """True if every value of a DS or IS string parses as a number of that VR."""
    values = _values(text)
    if vr == "IS":
        return all(_INT.fullmatch(v) and -(2**31) <= int(v) < 2**31 for v in values)
    return all(
        len(v) <= 16 and _DECIMAL.fullmatch(v) is not None and math.isfinite(float(v))
        for v in values
    )


def is_enumerated(tag: int, text: str, allowed: frozenset[str] | None = None) -> bool:
    """True if every value of a CS string is on the element's known code list."""
    codes = allowed if allowed is not None else ENUMERATED_CS.get(tag)
    values = _values(text)
    if codes is None:
        return tag in DIGIT_CS and all(_DIGITS.fullmatch(v) for v in values)
    return all(v in codes for v in values)


def is_version(text: str) -> bool:
    """True for a plain coding scheme version number ("01", "1.4", "2016"); anything else in
    CodingSchemeVersion is free text."""
    return _VERSION.fullmatch(text) is not None


# Binary VRs checked for text hidden in their values, by value width. Shorter ones (US, SS, FL)
# are printable by chance too often for the check to say anything.
_HIDING_WIDTH = {"SL": 4, "UL": 4, "FD": 8, "OD": 8, "SV": 8, "UV": 8}
_PRINTABLE = frozenset(range(0x20, 0x7F))


def hides_text(vr: str, data: bytes) -> bool:
    """True if some value of a binary VR is printable ASCII in every byte: text written into a
    number (``ZZC33Q!!`` as a double). A measured double is that by chance about once in a
    thousand, a 4-byte integer only at or above 538,976,288."""
    width = _HIDING_WIDTH.get(vr)
    if width is None or not data:
        return False
    return any(
        all(b in _PRINTABLE for b in data[i : i + width]) for i in range(0, len(data), width)
    )


def binary_fits(vr: str, data: bytes) -> bool:
    """True if raw bytes are a whole number of values of a fixed-width binary VR."""
    width = _WIDTH.get(vr)
    return width is not None and len(data) % width == 0


@lru_cache(maxsize=1)
def _standard_codes() -> dict[str, dict[str, str]]:
    """scheme -> value -> meaning for every concept in pydicom's copy of the standard's code
    lists (a later entry of a value wins, as in a flat (scheme, value) index). Loaded once per
    process; the batch loads it before its worker processes fork, so they share it. Built per
    scheme with ``dict.update`` (a quarter of the time of one (scheme, value) key per code)."""
    concepts = cast(dict[str, dict[str, dict[str, tuple[str, list[int]]]]], _concepts())
    meaning = itemgetter(0)
    index: dict[str, dict[str, str]] = {}
    for scheme, by_name in concepts.items():
        codes = index.setdefault(scheme, {})
        for by_value in by_name.values():
            codes.update(zip(by_value, map(meaning, by_value.values()), strict=True))
    return index


def _concepts() -> object:
    """``pydicom.sr._concepts_dict.concepts``, loaded from its file without running the
    ``pydicom.sr`` package (its CID tables and code dictionary cost as much again to import).
    An already imported module is used as it is."""
    loaded = sys.modules.get(_CONCEPTS)
    if loaded is None:
        spec = importlib.util.find_spec("pydicom")
        assert spec is not None and spec.origin is not None
        path = Path(spec.origin).parent / "sr" / "_concepts_dict.py"
        spec = importlib.util.spec_from_file_location(_CONCEPTS, path)
        if spec is None or spec.loader is None or not path.is_file():
            importlib.import_module(_CONCEPTS)  # another layout: import it the usual way
            return sys.modules[_CONCEPTS].concepts
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
    return loaded.concepts


def preload_standard_codes() -> None:
    """Load the code index now (see :func:`_standard_codes`)."""
    _standard_codes()


_NO_CODES: dict[str, str] = {}


def standard_meaning(scheme: str, value: str) -> str | None:
    """The standard meaning of a code, or None when the standard does not define it."""
    scheme, value = scheme.strip(), value.strip()
    index = _standard_codes()
    found = index.get(scheme, _NO_CODES).get(value)
    if found is None and scheme == "SRT":  # SNOMED-RT designator of older objects
        found = index.get("SCT", _NO_CODES).get(value)
    return found
