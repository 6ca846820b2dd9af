"""The Retain Safe Private option's safe list: (private creator, group, element byte) -> VR.

Acquisition parameters that PS3.15 E.3.10 lists as safe for well-known vendors: numbers and coded
strings describing how the image was made, never who or where. An element is kept only if its
creator, group and element byte match, its VR matches the list AND its value parses as that VR
(numbers for DS/IS, a whole number of values for binary VRs, a code from the element's known list
for CS), so text written into a numeric or coded slot cannot smuggle a name through. Everything
else private is removed.
"""

from __future__ import annotations

from datetime import date

from medprivacy.deid.dicom.codes import binary_fits, hides_text, is_enumerated, is_number

SAFE_VRS = frozenset({"DS", "IS", "FD", "FL", "US", "SS", "UL", "SL", "CS"})

SAFE_PRIVATE: dict[tuple[str, int, int], str] = {
    # Siemens MR (CSA non-image header values broken out as elements)
    ("SIEMENS MR HEADER", 0x0019, 0x0A): "US",  # NumberOfImagesInMosaic
    ("SIEMENS MR HEADER", 0x0019, 0x0B): "DS",  # SliceMeasurementDuration
    ("SIEMENS MR HEADER", 0x0019, 0x0C): "IS",  # B_value
    ("SIEMENS MR HEADER", 0x0019, 0x0D): "CS",  # DiffusionDirectionality (see SAFE_CODES)
    ("SIEMENS MR HEADER", 0x0019, 0x0E): "FD",  # DiffusionGradientDirection
    ("SIEMENS MR HEADER", 0x0019, 0x12): "SL",  # TablePositionOrigin
    ("SIEMENS MR HEADER", 0x0019, 0x13): "SL",  # ImaAbsTablePosition
    ("SIEMENS MR HEADER", 0x0019, 0x14): "IS",  # ImaRelTablePosition
    ("SIEMENS MR HEADER", 0x0019, 0x15): "FD",  # SlicePosition_PCS
    ("SIEMENS MR HEADER", 0x0019, 0x16): "DS",  # TimeAfterStart
    ("SIEMENS MR HEADER", 0x0019, 0x17): "DS",  # SliceResolution
    ("SIEMENS MR HEADER", 0x0019, 0x18): "IS",  # RealDwellTime
    ("SIEMENS MR HEADER", 0x0019, 0x27): "FD",  # B_matrix
    ("SIEMENS MR HEADER", 0x0019, 0x28): "FD",  # BandwidthPerPixelPhaseEncode
    ("SIEMENS MR HEADER", 0x0019, 0x29): "FD",  # MosaicRefAcqTimes
    # GE
    ("GEMS_ACQU_01", 0x0019, 0x23): "DS",  # TableSpeed
    ("GEMS_ACQU_01", 0x0019, 0x24): "DS",  # MidScanTime
    ("GEMS_ACQU_01", 0x0019, 0x27): "DS",  # RotationSpeed
    ("GEMS_PARM_01", 0x0043, 0x39): "IS",  # slop_int_6..9 (b-value and friends)
    # Philips MR
    ("PHILIPS MR IMAGING DD 001", 0x2001, 0x03): "FL",  # DiffusionBFactor
    ("PHILIPS MR IMAGING DD 001", 0x2001, 0x04): "CS",  # DiffusionDirection (see SAFE_CODES)
    ("PHILIPS MR IMAGING DD 001", 0x2001, 0x08): "IS",  # PhaseNumber
    ("PHILIPS MR IMAGING DD 001", 0x2001, 0x0A): "IS",  # SliceNumber
}


# The known code lists of the CS slots above: any other value is removed.
SAFE_CODES: dict[tuple[str, int, int], frozenset[str]] = {
    ("SIEMENS MR HEADER", 0x0019, 0x0D): frozenset({"DIRECTIONAL", "ISOTROPIC", "NONE"}),
    ("PHILIPS MR IMAGING DD 001", 0x2001, 0x04): frozenset({"R", "A", "F", "I", "O", "NONE"}),
}


def is_safe(creator: str, group: int, element: int, vr: str, value: bytes | str = b"") -> bool:
    """True if private element (group, element) under ``creator`` with ``vr`` may be retained:
    on the list, and ``value`` (raw bytes, or text once decoded) parses as the VR."""
    slot = (creator.strip().upper(), group, element & 0xFF)
    expected = SAFE_PRIVATE.get(slot)
    if expected is None or vr != expected or vr not in SAFE_VRS:
        return False
    if vr in ("DS", "IS", "CS"):
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        text = text.strip(" \x00")
        if not text:
            return True
        if vr == "CS":
            return is_enumerated(0, text, SAFE_CODES.get(slot, frozenset()))
        return is_number(text, vr) and not any(_date_shaped(v) for v in text.split("\\"))
    return isinstance(value, str) or (binary_fits(vr, value) and not hides_text(vr, value))


def _date_shaped(value: str) -> bool:
    """An 8-digit number that is a calendar date from 1850 to 2099 (a birth date written as a
    number): not a plausible acquisition parameter, so not kept."""
    digits = value.strip(" \x00").lstrip("+")
    if len(digits) != 8 or not digits.isdigit() or not 1850 <= int(digits[:4]) <= 2099:
        return False
    try:
        date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True
