"""De-identify one DICOM dataset in memory according to a compiled :class:`Profile`.

Elements the profile keeps are never decoded: pydicom holds them as raw bytes and writes them back
unchanged, which is both faster and the only way to be sure pixel data is byte-identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydicom import config
from pydicom.charset import default_encoding
from pydicom.datadict import dictionary_VR, keyword_for_tag, private_dictionary_VR
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence
from pydicom.tag import TAG_PIXREP, BaseTag
from pydicom.uid import UID_dictionary

from medprivacy import __version__
from medprivacy.deid.dates import (
    DEFAULT_DAYS,
    date_offset,
    shift_date,
    shift_datetime,
    shift_time,
    time_offset,
)
from medprivacy.deid.dicom.codes import (
    CODE_MEANING,
    CODE_PARTS,
    CODE_VALUE,
    CODING_SCHEME,
    CODING_SCHEME_VERSION,
    NUMERIC_VRS,
    hides_text,
    is_enumerated,
    is_number,
    is_version,
    standard_meaning,
)
from medprivacy.deid.dicom.lengths import check_sequence
from medprivacy.deid.dicom.profile import Profile
from medprivacy.deid.dicom.safe_private import is_safe
from medprivacy.deid.dicom.sequence import UNDEFINED, read_sequence, tag_key
from medprivacy.deid.text.cleaner import TextCleaner, VocabularyCleaner
from medprivacy.keys import Key

PATIENT_ID = 0x00100020
PATIENT_NAME = 0x00100010
BURNED_IN = 0x00280301
GRAPHIC_LAYER = 0x00700002
# How values not listed in Annex E are treated inside a sequence: as they are (KEEP, outside any
# listed sequence), through the text cleaner (CLEAN: a sequence the options mark C), or replaced
# unless they can be shown to carry no identity (DUMMY: a sequence Annex E marks D).
KEEP, CLEAN, DUMMY = 0, 1, 2
_SEQUENCE_MODE = {"C": CLEAN, "D": DUMMY}
# Unlisted standard attributes whose VR can identify: names, and dates unless an option keeps them.
DATE_VRS = frozenset({"DA", "DT", "TM"})
# medprivacy as the writer of the file (file meta), instead of the system that wrote the input.
IMPLEMENTATION_CLASS_UID = "2.25.311525683669616819901953688702323403936"
IMPLEMENTATION_VERSION = f"MEDPRIVACY {__version__}"[:16]
# Unlisted UI attributes that name a class or encoding, never an instance: kept as they are.
_KEEP_UID_KEYWORD_SUFFIXES = ("ClassUID", "TransferSyntaxUID", "CodingSchemeUID")
# Free-text VRs a cleaner reads inside cleaned sequences (coded items: see codes.py).
TEXT_VRS = frozenset({"LO", "LT", "SH", "ST", "UT", "UC", "PN"})
# Unlisted attributes outside any D or C sequence whose VR can carry free text: dummied under
# every profile, unless on ALLOWED_TEXT (UN: an undecodable value of a dictionary attribute).
FREE_TEXT_VRS = frozenset({"LO", "LT", "SH", "ST", "UT", "UC", "AE", "UR", "UN"})
# Unlisted text attributes that describe the equipment or the acquisition technique, not a
# person or an encounter: kept outside D and C sequences (the README lists them).
ALLOWED_TEXT = frozenset(
    {
        0x00080070,  # Manufacturer
        0x00081090,  # ManufacturerModelName
        0x00181020,  # SoftwareVersions
        0x00180024,  # SequenceName
        0x00180085,  # ImagedNucleus
        0x00181040,  # ContrastBolusRoute
        0x00181160,  # FilterType
        0x00181210,  # ConvolutionKernel
        0x00181250,  # ReceiveCoilName
        0x00181251,  # TransmitCoilName
        0x00185010,  # TransducerData
        0x00185020,  # ProcessingFunction
        0x00201040,  # PositionReferenceIndicator
        0x00209421,  # DimensionDescriptionLabel
        0x00281054,  # RescaleType
    }
)
# Value grammars (PS3.5 6.2) of the VRs that are kept as they are (K, or unlisted codes and
# numbers): a kept value that does not parse as its VR cannot be checked (a "CS" of lower-case
# words, an "AS" holding a name, a "DS" of letters may be text smuggled into a coded or numeric
# slot), so the file is quarantined, as a value pydicom warns about when decoding it is.
_CONFORMS = {
    "CS": re.compile(rb"(?:[A-Z0-9 _]{0,16})(?:\\[A-Z0-9 _]{0,16})*"),
    "AS": re.compile(rb"(?:\d{3}[DWMY])?"),
    "DS": re.compile(
        rb"(?:[ ]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ ]*)?"
        rb"(?:\\[ ]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ ]*)*"
    ),
    "IS": re.compile(rb"(?:[ ]*[+-]?\d{1,12}[ ]*)?(?:\\[ ]*[+-]?\d{1,12}[ ]*)*"),
}
# Unlisted code strings that are free labels, not codes from a list: dummied like text.
FREE_CS = frozenset({0x00700080})  # ContentLabel
# File meta elements that describe the file itself; all others (source and sending AE titles,
# presentation addresses, RTV source identifiers, private information) are dropped.
_META_KEEP = frozenset(
    {0x00020000, 0x00020001, 0x00020002, 0x00020003, 0x00020010, 0x00020012, 0x00020013}
)
# Kinds of VR a writer may confuse without changing what a value can hold: binary numbers, and
# free text of another length limit. A declared VR of another kind than the dictionary's is a
# spoof (text as UL, a name as LO).
_BINARY_VRS = NUMERIC_VRS | {"OB", "OW"}
_TEXT_KIND = frozenset({"LO", "SH", "ST", "LT", "UT", "UC"})
_KINDS = (_BINARY_VRS, _TEXT_KIND)
# Elements _stamp and _fix_meta write, with their dictionary VRs.
IDENTITY_REMOVED = 0x00120062
DEIDENTIFICATION_METHOD = 0x00120063
DEIDENTIFICATION_CODES = 0x00120064
TEMPORAL_MODIFIED = 0x00280303
SOP_INSTANCE_UID = 0x00080018
MEDIA_SOP_INSTANCE_UID = 0x00020003
IMPLEMENTATION_CLASS = 0x00020012
IMPLEMENTATION_VERSION_NAME = 0x00020013
_STAMP_VRS = {
    tag: str(dictionary_VR(tag))
    for tag in (
        IDENTITY_REMOVED,
        DEIDENTIFICATION_METHOD,
        DEIDENTIFICATION_CODES,
        TEMPORAL_MODIFIED,
        CODE_VALUE,
        CODING_SCHEME,
        CODE_MEANING,
        MEDIA_SOP_INSTANCE_UID,
        IMPLEMENTATION_CLASS,
        IMPLEMENTATION_VERSION_NAME,
    )
}

# The key objects the readers store these elements under (shared per tag, see tag_key): a
# lookup with them succeeds on identity, without pydicom's Python-level BaseTag.__eq__.
_K_CODE_VALUE, _K_SCHEME, _K_VERSION, _K_MEANING, _K_PIXREP = (
    tag_key(t) for t in (CODE_VALUE, CODING_SCHEME, CODING_SCHEME_VERSION, CODE_MEANING, TAG_PIXREP)
)
_K_CODE_PARTS = (_K_CODE_VALUE, _K_SCHEME, _K_VERSION, _K_MEANING)

# VRs whose values are ASCII text when we write them: replaced in the raw element, undecoded.
_RAW_TEXT_VRS = frozenset(
    {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UR"}
    | {"UT", "UI"}
)

_DUMMY: dict[str, tuple[object, object]] = {
    # VR -> (dummy, alternative used when the original equals the dummy)
    "AE": ("ANONYMIZED", "ANON"),
    "AS": ("000Y", "001Y"),
    "CS": ("ANONYMIZED", "ANON"),
    "DA": ("19000101", "19000102"),
    "DS": ("0", "1"),
    "DT": ("19000101000000", "19000102000000"),
    "IS": ("0", "1"),
    "LO": ("ANONYMIZED", "ANON"),
    "LT": ("ANONYMIZED", "ANON"),
    "PN": ("ANONYMIZED", "ANON"),
    "SH": ("ANONYMIZED", "ANON"),
    "ST": ("ANONYMIZED", "ANON"),
    "TM": ("000000", "000001"),
    "UC": ("ANONYMIZED", "ANON"),
    "UR": ("ANONYMIZED", "ANON"),
    "UT": ("ANONYMIZED", "ANON"),
    "AT": (0, 1),
    "FL": (0.0, 1.0),
    "FD": (0.0, 1.0),
    "SL": (0, 1),
    "SS": (0, 1),
    "SV": (0, 1),
    "UL": (0, 1),
    "US": (0, 1),
    "UV": (0, 1),
    "OB": (b"\x00\x00", b"\x00\x01"),
    "OD": (b"\x00" * 8, b"\x00" * 7 + b"\x01"),
    "OF": (b"\x00" * 4, b"\x00" * 3 + b"\x01"),
    "OL": (b"\x00" * 4, b"\x00" * 3 + b"\x01"),
    "OV": (b"\x00" * 8, b"\x00" * 7 + b"\x01"),
    "OW": (b"\x00\x00", b"\x00\x01"),
    "UN": (b"\x00\x00", b"\x00\x01"),
}


@dataclass
class Outcome:
    """What de-identifying one dataset did, for the summary (counts only, no values)."""

    removed: int = 0
    emptied: int = 0
    dummied: int = 0
    uids: int = 0
    private: int = 0
    notes: list[str] = field(default_factory=list)


def _same_kind(vr: str, allowed: frozenset[str]) -> bool:
    """Whether a declared VR is of the same kind as every VR the dictionary allows."""
    choices = [a for a in allowed if " or " not in a]
    return bool(choices) and any(vr in k and all(a in k for a in choices) for k in _KINDS)


_UID = re.compile(r"(?=.{1,64}$)[0-9]+(\.[0-9]+)*")
_UNKNOWN: tuple[str, frozenset[str]] = ("", frozenset())
_DICT_VRS: dict[int, tuple[str, frozenset[str]]] = {}


def _dictionary(tag: int) -> tuple[str, frozenset[str]]:
    """(the VR to write, the VRs the dictionary allows) for a standard tag; ``_UNKNOWN`` for
    a tag the DICOM dictionary does not define. Cached per process."""
    found = _DICT_VRS.get(tag)
    if found is None:
        try:
            vr = str(dictionary_VR(tag))
        except KeyError:
            found = _UNKNOWN
        else:
            choices = vr.split(" or ")
            found = (choices[0], frozenset({vr, *choices}))
        if len(_DICT_VRS) < 1 << 16:
            _DICT_VRS[tag] = found
    return found


def _vr(ds: Dataset, tag: int) -> str:
    """The VR of an element without decoding its value when we can avoid it.

    ``tag`` should be the dataset's own key object: dict lookups then succeed on identity,
    without pydicom's Python-level ``BaseTag.__eq__``.
    """
    raw = ds._dict.get(tag)  # type: ignore[call-overload]
    vr = raw.VR if raw is not None else None
    if vr == "UN":  # may be a known attribute (even a sequence) stored as UN: let pydicom decode
        return str(ds[tag].VR)
    if vr:
        return str(vr)
    try:
        return str(dictionary_VR(tag))
    except KeyError:
        return "UN"


class Deidentifier:
    """Applies a :class:`Profile` with a :class:`Key` to datasets, one at a time, in place."""

    def __init__(
        self,
        profile: Profile,
        key: Key,
        *,
        date_shift_days: tuple[int, int] = DEFAULT_DAYS,
        cleaner: TextCleaner | None = None,
    ) -> None:
        self.profile = profile
        self.key = key
        self.date_shift_days = date_shift_days
        self.cleaner: TextCleaner = cleaner or VocabularyCleaner()
        self._values = profile.value_actions
        self._sequences = profile.sequence_actions
        self._retain_uids = profile.has("retain_uids")
        self._safe_private = profile.has("retain_safe_private")
        self._shift_dates = profile.has("retain_long_modified_dates")
        self._full_dates = profile.has("retain_long_full_dates")
        self._uid_cache: dict[str, str] = {}
        self._pseudonym = ""
        self._days = self._seconds = 0

    # -- public -----------------------------------------------------------------------------
    def __call__(self, ds: Dataset) -> Outcome:
        out = Outcome()
        patient_id = _text(ds.get(PATIENT_ID))
        subject = patient_id or _text(ds.get(PATIENT_NAME))
        self._pseudonym = self.key.pseudonym(subject) if subject else ""
        bind = getattr(self.cleaner, "bind", None)
        if bind is not None:  # a cleaner that reads the patient's identifiers before cleaning
            bind(ds)
        if self._shift_dates:  # the same offsets the EHR table step derives for this patient
            self._days = date_offset(self.key, patient_id, self.date_shift_days)
            self._seconds = time_offset(self.key, patient_id)
        self._clean(ds, out)
        self._stamp(ds)
        self._fix_meta(ds)
        return out

    def remap_uid(self, uid: str) -> str:
        uid = uid.strip().rstrip("\x00")
        if not uid:
            return uid
        new = self._uid_cache.get(uid)
        if new is None:
            new = self._uid_cache[uid] = self.key.uid(uid)
        return new

    # -- traversal --------------------------------------------------------------------------
    def _clean(self, ds: Dataset, out: Outcome, mode: int = KEEP) -> None:
        """De-identify ``ds`` in place; ``mode`` says what unlisted values become (see KEEP)."""
        kept_blocks: set[tuple[int, int]] = set()
        creators: list[int] = []
        elements = ds._dict
        coded = _K_CODE_VALUE in elements and self._code(ds, mode, out)
        values, sequences = self._values, self._sequences
        # Keys are the dataset's own BaseTag objects (identity lookups, see _vr); tables are
        # looked up with plain ints.
        for key in list(elements):
            tag = int(key)
            group, element = tag >> 16, tag & 0xFFFF
            if group & 1:
                if self._safe_private and 0x10 <= element <= 0xFF:
                    creators.append(key)  # decided once its block is known
                elif self._safe_private and element > 0xFF and self._safe(ds, key):
                    kept_blocks.add((group, element >> 8))
                else:
                    del ds[key]
                    out.private += 1
                continue
            if element == 0 or (group & 0xFF00) in (0x5000, 0x6000):
                del ds[key]  # group lengths (stale after edits), curves, overlays
                out.removed += 1
                continue
            vr = elements[key].VR  # _vr inlined: the hottest line of a batch
            if type(vr) is not str or vr == "UN" or not vr:
                vr = _vr(ds, key)
            action = values.get(tag)
            write_vr, allowed = _DICT_VRS.get(tag) or _dictionary(tag)
            if vr not in allowed and not _same_kind(vr, allowed):
                if not allowed:  # not a DICOM attribute: nothing says what it holds
                    del ds[key]
                    out.removed += 1
                else:  # declared with a VR its attribute cannot have (text as UL, a name as LO)
                    self._spoofed(ds, key, vr, write_vr, action, out)
                continue
            if vr == "SQ":
                self._sequence(ds, key, sequences.get(tag), out, mode)
            elif tag in (PATIENT_ID, PATIENT_NAME) and action != "K":
                self._patient(ds, key, out)
            elif action is not None:
                self._value(ds, key, action, vr, out)
            elif coded and tag in CODE_PARTS:
                continue  # decided for the item as a whole by _code
            else:
                self._unlisted(ds, key, vr, mode, out)
        for tag in creators:
            if (tag >> 16, tag & 0xFF) not in kept_blocks:
                del ds[tag]
                out.private += 1

    def _spoofed(
        self, ds: Dataset, key: int, declared: str, vr: str, action: str | None, out: Outcome
    ) -> None:
        """A standard attribute declared with a VR its dictionary entry does not allow: never
        kept as it is. Removed when Annex E says X or either VR is a sequence; else written anew
        with the dictionary VR: empty (Z), the pseudonym (patient name and ID), a remapped UID,
        or the VR's dummy."""
        tag = int(key)
        if action == "X" or "SQ" in (vr, declared):
            del ds[key]
            out.removed += 1
            return
        text = _text(_raw(ds, tag))
        value: object = None
        if text and tag in (PATIENT_ID, PATIENT_NAME) and action != "K":
            value = self._pseudonym
            out.dummied += 1
        elif not text or action == "Z":
            out.emptied += 1
        elif vr == "UI":
            value = "\\".join(self.remap_uid(v) for v in text.split("\\"))
            out.uids += 1
        else:
            value = _DUMMY.get(vr, _DUMMY["UN"])[0]
            out.dummied += 1
        ds[key] = DataElement(key, vr, value)

    def _unlisted(self, ds: Dataset, tag: int, vr: str, mode: int, out: Outcome) -> None:
        """A standard attribute Annex E does not list: outside D and C sequences it is kept
        unless its VR can identify (names, dates unless an option keeps them, instance UIDs,
        free text not on ALLOWED_TEXT, FREE_CS labels); inside them, see KEEP."""
        number = int(tag)  # compared as a plain int: BaseTag's __eq__ is Python code
        if vr == "UI":
            if not self._retain_uids and not _class_uid(tag):
                self._remap(ds, tag, out, only_unregistered=True, vr=vr)
            else:
                self._keep_uids(ds, tag, out)
        elif vr in DATE_VRS:
            if self._full_dates:
                self._keep_dates(ds, tag, vr, out)
            elif self._shift_dates:
                self._shift(ds[tag], vr, out)
            else:
                self._replace(ds, tag, vr, out)
        elif (
            number == GRAPHIC_LAYER
        ):  # a free label, referenced across sequences: keyed, consistent
            self._layer(ds[tag], out)
        elif mode == CLEAN and vr in TEXT_VRS:
            self._clean_text(ds[tag], out)
        elif mode == KEEP:
            if (
                vr == "PN"
                or number in FREE_CS
                or (vr in FREE_TEXT_VRS and number not in ALLOWED_TEXT)
            ):
                self._replace(ds, tag, vr, out)
            elif vr in _CONFORMS and not _conforms(ds, tag, vr):
                raise Unparseable(tag, vr)
        elif not self._structural(ds, tag, vr):  # DUMMY, and CLEAN for what is not text
            self._replace(ds, tag, vr, out)

    def _keep_uids(self, ds: Dataset, tag: int, out: Outcome) -> None:
        """UIDs kept (retain_uids, class UIDs): only values in the UID grammar survive; any
        other text in a UI slot is remapped like an instance UID."""
        text = _text(_raw(ds, tag))
        if text and not all(_UID.fullmatch(v) for v in text.split("\\")):
            self._remap(ds, tag, out, vr="UI")

    def _keep_dates(self, ds: Dataset, tag: int, vr: str, out: Outcome) -> None:
        """Dates kept by an option (or Annex E): only values that parse as dates or times
        survive; anything else in a date slot (a name, a note) is emptied."""
        text = _text(_raw(ds, tag))
        if not text:
            return
        check = {"DA": _is_date, "DT": _is_datetime, "TM": _is_time}[vr]
        if all(check(v) for v in text.split("\\")):
            return
        self._value(ds, tag, "Z", vr, out)

    def _structural(self, ds: Dataset, tag: int, vr: str) -> bool:
        """Whether an unlisted value inside a D sequence is structure, not content: a binary
        number (none of its values text in disguise, see hides_text), a DS/IS that parses as
        one, or a code string on the element's known list."""
        if vr in NUMERIC_VRS:
            raw = _raw(ds, tag)
            data = raw.value if raw is not None else None
            return not (type(data) is bytes and hides_text(vr, data))
        if vr in ("DS", "IS", "CS"):
            text = _text(_raw(ds, tag))
            if not text:
                return True
            return is_number(text, vr) if vr != "CS" else is_enumerated(tag, text)
        return False

    def _code(self, ds: Dataset, mode: int, out: Outcome) -> bool:
        """A coded item, anywhere: a code the standard defines keeps its value, gets the
        standard meaning and keeps a version only if it is a plain version number; any other
        code is replaced (under C its meaning is cleaned instead, the rest replaced)."""
        value, scheme = _text(_raw(ds, _K_CODE_VALUE)), _text(_raw(ds, _K_SCHEME))
        meaning = standard_meaning(scheme, value) if value and scheme else None
        if meaning is not None:
            if _K_MEANING in ds._dict and _text(_raw(ds, _K_MEANING)) != meaning:
                ds[CODE_MEANING] = DataElement(CODE_MEANING, "LO", meaning)
                out.dummied += 1
            version = _raw(ds, _K_VERSION)
            if version is not None and not is_version(_text(version)):
                del ds[_K_VERSION]
                out.removed += 1
            return True
        parts: tuple[BaseTag, ...] = _K_CODE_PARTS
        if mode == CLEAN:
            parts = _K_CODE_PARTS[:3]
            if _K_MEANING in ds._dict:
                elem = ds[_K_MEANING]
                self._clean_text(elem, out)
                if elem.is_empty:  # Type 1 in every code item: a dummy, not a blank
                    self._dummy(elem, "LO")
        for tag in parts:
            if tag in ds._dict:
                self._replace(ds, tag, _vr(ds, tag), out)
        return True

    def _layer(self, elem: DataElement, out: Outcome) -> None:
        text = _text(elem)
        if text:
            elem.value = "L" + self.key.digest("graphic-layer", text).hex()[:15].upper()
            out.dummied += 1

    def _replace(self, ds: Dataset, tag: int, vr: str, out: Outcome) -> None:
        """A dummy for a non-empty value (an empty one says nothing)."""
        raw = _raw(ds, tag)
        if type(raw) is RawDataElement and vr in _RAW_TEXT_VRS:
            if not (raw.value or b"").strip(b" \x00"):
                return
        elif ds[tag].is_empty:
            return
        self._dummy_at(ds, tag, vr)
        out.dummied += 1

    def _dummy_at(self, ds: Dataset, tag: int, vr: str) -> None:
        """Replace a value by the VR's dummy (its alternative if the value is the dummy)."""
        raw = _raw(ds, tag)
        if type(raw) is RawDataElement and vr in _RAW_DUMMY:
            plain, dummy, alternative = _RAW_DUMMY[vr]
            current = (raw.value or b"").strip(b" \x00")
            ds._dict[tag] = _with_value(raw, alternative if current == plain else dummy)  # type: ignore[index]
            return
        self._dummy(ds[tag], vr)

    def _safe(self, ds: Dataset, tag: int) -> bool:
        """Whether a private element is on the Retain Safe Private list (creator, slot and VR)."""
        group, element = tag >> 16, tag & 0xFFFF
        creator_elem = ds.get((group << 16) | (element >> 8))
        if creator_elem is None:
            return False
        creator = _text(creator_elem)
        vr = _vr(ds, tag)
        if vr == "UN":
            try:
                vr = private_dictionary_VR(tag, creator)
            except KeyError:
                return False
        return is_safe(creator, group, element, vr, _value_of(_raw(ds, tag)))

    def _sequence(self, ds: Dataset, tag: int, action: str | None, out: Outcome, mode: int) -> None:
        """X removes, Z empties; D replaces the content (DUMMY) and C cleans it (CLEAN) in every
        item, nested ones too; a listed sequence inside takes its own action, the stricter wins."""
        if action == "X":
            del ds[tag]
            out.removed += 1
            return
        elem = _sequence_element(ds, tag)
        if action == "Z":
            elem.value = Sequence()
            out.emptied += 1
            return
        inner = max(mode, _SEQUENCE_MODE.get(action or "K", KEEP))
        for item in elem.value or ():
            self._clean(item, out, inner)

    def _patient(self, ds: Dataset, tag: int, out: Outcome) -> None:
        elem = ds[tag]
        if _text(elem) == "":
            return
        elem.value = self._pseudonym
        out.dummied += 1

    def _value(self, ds: Dataset, tag: int, action: str, vr: str, out: Outcome) -> None:
        if action == "K":
            if vr in DATE_VRS:
                self._keep_dates(ds, tag, vr, out)
            elif vr == "UI":
                self._keep_uids(ds, tag, out)
            elif vr in _CONFORMS and not _conforms(ds, tag, vr):
                raise Unparseable(tag, vr)
            return
        if action == "X":
            del ds[tag]
            out.removed += 1
        elif action == "Z":
            raw = _raw(ds, tag)
            if type(raw) is RawDataElement:
                ds._dict[tag] = _with_value(raw, b"")  # type: ignore[index]
            else:
                elem = ds[tag]
                elem.value = elem.empty_value
            out.emptied += 1
        elif action == "D":
            if vr == "UI":
                self._remap(ds, tag, out, vr=vr)
            else:
                self._dummy_at(ds, tag, vr)
                out.dummied += 1
        elif action == "U":
            self._remap(ds, tag, out, vr=vr)
        elif action == "S":
            self._shift(ds[tag], vr, out)
        elif action == "C":
            self._clean_text(ds[tag], out)

    def _clean_text(self, elem: DataElement, out: Outcome) -> None:
        """Pass a text value through the cleaner; blank anything else marked clean."""
        if elem.is_empty:
            return
        if elem.VR in TEXT_VRS or elem.VR in ("CS", "UR", "AE"):
            values = list(elem.value) if elem.VM > 1 else [elem.value]
            where = keyword_for_tag(elem.tag) or str(elem.tag)
            cleaned = [self.cleaner(str(v), where) for v in values]
            if cleaned == [str(v) for v in values]:
                return
            elem.value = (
                cleaned
                if len(cleaned) > 1 and all(cleaned)
                else (cleaned[0] if len(cleaned) == 1 else "")
            )
        else:
            elem.value = elem.empty_value
        out.emptied += 1

    def _shift(self, elem: DataElement, vr: str, out: Outcome) -> None:
        """Modified dates: DA by whole days, TM by the time offset, DT by both; else blank."""
        if elem.is_empty:
            return
        values = [str(v) for v in (elem.value if elem.VM > 1 else [elem.value])]
        if vr == "DA":
            shifted = [shift_date(v, self._days) for v in values]
        elif vr == "DT":
            shifted = [shift_datetime(v, self._days, self._seconds) for v in values]
        elif vr == "TM":
            shifted = [shift_time(v, self._seconds) for v in values]
        else:
            shifted = [None]
        if any(s is None for s in shifted):  # unparseable or not a date: nothing safe to keep
            elem.value = elem.empty_value
            out.emptied += 1
            return
        elem.value = shifted if len(shifted) > 1 else shifted[0]
        out.dummied += 1

    def _remap(
        self,
        ds: Dataset,
        tag: int,
        out: Outcome,
        only_unregistered: bool = False,
        vr: str = "",
    ) -> None:
        raw = _raw(ds, tag)
        if vr == "UI" and type(raw) is RawDataElement:  # undecoded: ASCII, backslash-separated
            text = (raw.value or b"").decode("ascii", "replace").strip(" \x00")
            if not text:
                return
            new = []
            for s in text.split("\\"):
                s = s.strip(" \x00")
                if only_unregistered and s in UID_dictionary:
                    new.append(s)
                else:
                    new.append(self.remap_uid(s))
                    out.uids += 1
            _put_raw(ds, tag, vr, "\\".join(new))
            return
        elem = ds[tag]
        if elem.VR != "UI" or elem.is_empty:
            if elem.VR != "UI" and not elem.is_empty:
                self._dummy(elem, elem.VR)
            return
        values = list(elem.value) if elem.VM > 1 else [elem.value]
        new = []
        for v in values:
            s = str(v)
            if only_unregistered and s.strip().rstrip("\x00") in UID_dictionary:
                new.append(s)
            else:
                new.append(self.remap_uid(s))
                out.uids += 1
        elem.value = new if len(new) > 1 else new[0]

    @staticmethod
    def _dummy(elem: DataElement, vr: str) -> None:
        dummy, alternative = _DUMMY.get(vr, (b"\x00\x00", b"\x00\x01"))
        elem.value = alternative if elem.value == dummy else dummy

    # -- file-level -------------------------------------------------------------------------
    def _stamp(self, ds: Dataset) -> None:
        _put(ds, IDENTITY_REMOVED, "YES")
        method = f"medprivacy {__version__}: PS3.15 Annex E"
        _put(ds, DEIDENTIFICATION_METHOD, method[:64])
        items = []
        for value, meaning in self.profile.method_codes():
            item = Dataset()
            _put(item, CODE_VALUE, value)
            _put(item, CODING_SCHEME, "DCM")
            _put(item, CODE_MEANING, meaning)
            items.append(item)
        _put(ds, DEIDENTIFICATION_CODES, Sequence(items))
        if self.profile.has("retain_long_full_dates"):
            _put(ds, TEMPORAL_MODIFIED, "UNMODIFIED")
        elif self.profile.has("retain_long_modified_dates"):
            _put(ds, TEMPORAL_MODIFIED, "MODIFIED")
        else:
            _put(ds, TEMPORAL_MODIFIED, "REMOVED")

    def _fix_meta(self, ds: Dataset) -> None:
        ds.preamble = b"\x00" * 128  # the preamble is free-form and may carry anything
        meta = getattr(ds, "file_meta", None)
        if meta is None:
            return
        for tag in sorted(set(meta.keys()) - _META_KEEP):
            del meta[tag]
        if SOP_INSTANCE_UID in ds._dict:
            _put(meta, MEDIA_SOP_INSTANCE_UID, ds[SOP_INSTANCE_UID].value)
        _put(meta, IMPLEMENTATION_CLASS, IMPLEMENTATION_CLASS_UID)
        _put(meta, IMPLEMENTATION_VERSION_NAME, IMPLEMENTATION_VERSION)


def _put(ds: Dataset, tag: int, value: object) -> None:
    """``ds.<keyword> = value`` without the keyword lookups: a new element is made as
    ``Dataset.__setattr__`` makes it (the dictionary VR, the value validated); a raw one of that
    VR is replaced the same way; anything else takes the value as ``__setattr__`` gives it."""
    vr = _STAMP_VRS[tag]
    current = ds._dict.get(tag)  # type: ignore[call-overload]
    key = BaseTag(tag)
    if current is None:
        if vr == "SQ":
            ds[key] = DataElement(key, vr, value)  # __setitem__ does the items' bookkeeping
        else:
            ds._dict[key] = DataElement(key, vr, value)
    elif vr != "SQ" and type(current) is RawDataElement and vr == current.VR:
        ds._dict[tag] = DataElement(key, vr, value)  # type: ignore[index]
    else:
        elem = ds[tag]
        elem.value = value
        ds[tag] = elem


def _put_raw(ds: Dataset, tag: int, vr: str, text: str) -> None:
    """Store ASCII ``text`` as the raw value of ``tag`` (padded to even length), undecoded."""
    raw = ds._dict[tag]  # type: ignore[index]
    assert isinstance(raw, RawDataElement)
    ds._dict[tag] = _with_value(raw, _padded(text.encode("ascii"), vr))  # type: ignore[index]


def _padded(data: bytes, vr: str) -> bytes:
    """ASCII value bytes padded to even length, as DICOM pads a value of ``vr``."""
    return data + (b"\x00" if vr == "UI" else b" ") if len(data) & 1 else data


def _with_value(raw: RawDataElement, data: bytes) -> RawDataElement:
    """``raw._replace(length=len(data), value=data)``, without its keyword plumbing."""
    return RawDataElement._make((raw[0], raw[1], len(data), data, *raw[4:]))


# The text dummies as the raw bytes they replace a value with: (unpadded, dummy, alternative).
_RAW_DUMMY = {
    vr: (str(d).encode(), _padded(str(d).encode(), vr), _padded(str(a).encode(), vr))
    for vr, (d, a) in _DUMMY.items()
    if vr in _RAW_TEXT_VRS and vr != "UI"
}


def _sequence_element(ds: Dataset, tag: int) -> DataElement:
    """A sequence element, read by :func:`read_sequence` when its raw bytes are plainly well
    formed (the same items, faster), else by pydicom once :func:`check_sequence` has proved
    that its lengths add up at every depth (:class:`BadLength` if not)."""
    raw = _raw(ds, tag)
    if (
        type(raw) is RawDataElement
        and raw.value
        and raw.length != UNDEFINED
        and (raw.VR == "SQ" or (raw.VR is None and _dictionary_vr(tag) == "SQ"))
        and config.data_element_callback is None
    ):
        encodings = ds.original_character_set or ds._character_set or [default_encoding]
        if isinstance(encodings, str):
            encodings = [encodings]
        items = read_sequence(
            raw.value, raw.is_implicit_VR, raw.is_little_endian, list(encodings), raw.value_tell
        )
        if items is not None:
            elem = DataElement(raw.tag, "SQ", items, raw.value_tell, False, already_converted=True)
            _set_sequence(ds, elem)
            return elem
        else:  # pydicom reads whatever it can: first prove the lengths add up
            check_sequence(raw.value, raw.is_implicit_VR, raw.is_little_endian)
    return ds[tag]


def _set_sequence(ds: Dataset, elem: DataElement) -> None:
    """``ds[elem.tag] = elem`` for a standard (not private, not pixel) sequence element whose
    value is a Sequence: what ``Dataset.__setitem__`` does for it, without its checks (a fifth
    of the cost of reading a sequence). The items learn the closest Pixel Representation, so
    ambiguous US/SS values in them decode as before: ``Dataset._set_pixel_representation``
    with the ``_pixel_rep`` attribute read and written in the instance dictionaries (its
    ``hasattr`` raises and catches an AttributeError per item)."""
    ds._dict[elem.tag] = elem
    state = ds.__dict__
    pixrep = ds._dict.get(_K_PIXREP)
    if pixrep is not None:
        value = _plain_pixrep(pixrep)
        _pixel_rep(state, ds[_K_PIXREP].value if value is None else value)
    elif "_pixel_rep" in state:
        _pixel_rep(state, state["_pixel_rep"])
    inherited = state.get("_pixel_rep")
    has_inherited = "_pixel_rep" in state
    for item in elem.value:
        raw = item._dict.get(_K_PIXREP)
        if raw is not None and raw.value is not None:
            _pixel_rep(item.__dict__, raw.value)
        elif has_inherited:
            item.__dict__["_pixel_rep"] = inherited


def _plain_pixrep(elem: DataElement | RawDataElement) -> int | None:
    """The value of a raw Pixel Representation that is one plain US value (two bytes): the
    int pydicom decodes it to, read without decoding the element (left raw, it is written
    back as the same bytes); None for anything else (pydicom decodes it, as before)."""
    if type(elem) is not RawDataElement or elem.VR not in ("US", None):
        return None
    value = elem.value
    if type(value) is not bytes or len(value) != 2:
        return None
    return int.from_bytes(value, "little" if elem.is_little_endian else "big")


def _pixel_rep(state: dict, value: object) -> None:
    """Store a Pixel Representation value (raw bytes or an int) as pydicom's ``_pixel_rep``."""
    if value is not None:
        state["_pixel_rep"] = int(b"\x01" in value) if isinstance(value, bytes) else value


def _is_date(value: str) -> bool:
    return shift_date(value, 0) is not None


def _is_datetime(value: str) -> bool:
    return shift_datetime(value, 0, 0) is not None


def _is_time(value: str) -> bool:
    return shift_time(value, 0) is not None


def _dictionary_vr(tag: int) -> str:
    try:
        return str(dictionary_VR(tag))
    except KeyError:
        return "UN"


def _value_of(elem: DataElement | RawDataElement | None) -> bytes | str:
    """Raw value bytes, or the decoded value as DICOM text (backslash-joined)."""
    if elem is None or elem.value is None:
        return b""
    if isinstance(elem.value, bytes):
        return elem.value
    return _text(elem)


class Unparseable(Exception):
    """A value kept as it is does not parse as its VR: the file is quarantined. The message
    names the attribute and the VR, never the value."""

    def __init__(self, tag: int, vr: str) -> None:
        name = keyword_for_tag(tag) or "attribute"
        where = f"({tag >> 16:04X},{tag & 0xFFFF:04X})"
        super().__init__(f"{name} {where}: value does not parse as {vr}")


def _conforms(ds: Dataset, tag: int, vr: str) -> bool:
    """Whether a kept CS/AS/DS/IS value parses as its VR (raw bytes read as they are stored;
    trailing padding allowed)."""
    elem = _raw(ds, tag)
    if elem is None or elem.value is None:
        return True
    value = elem.value
    if type(value) is bytes:
        data = value.rstrip(b" \x00")
    else:
        data = _text(elem).encode("latin-1", "replace")
    return _CONFORMS[vr].fullmatch(data) is not None


def _raw(ds: Dataset, tag: int) -> DataElement | RawDataElement | None:
    """An element as stored (raw or decoded), without decoding it."""
    return ds._dict.get(tag)  # type: ignore[call-overload]


def _class_uid(tag: int) -> bool:
    kw = keyword_for_tag(int(tag))
    return kw.endswith(_KEEP_UID_KEYWORD_SUFFIXES)


def _text(elem: DataElement | RawDataElement | None) -> str:
    """An element's value as stripped text ('' when absent or empty)."""
    if elem is None:
        return ""
    value = elem.value
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    elif isinstance(value, MultiValue | list | tuple):
        value = "\\".join(str(v) for v in value)
    return str(value).strip().strip("\x00").strip()
