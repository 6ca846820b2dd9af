"""DICOM PS3.15 Annex E as a precompiled tag -> action table.

Annex E gives each attribute a Basic Profile action and, per option, an override (K keep, C clean).
We compile it once per option set into two dicts keyed by the integer tag: one for plain values and
one for sequences, so de-identifying an element is a single lookup.

Combined codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) let Annex E defer to the IOD: "remove unless the
attribute is Type 1/2 in this IOD". We do not consult the IOD, so we resolve them to the action that
keeps any IOD valid while carrying no original content:

* values: a code with D -> D (a dummy value of the VR); else with Z -> Z (empty); else X.
* sequences: X/Z/U* -> keep the items and replace the UIDs inside (references stay intact); a code
  with Z -> Z (empty sequence); a code with only X (and D) -> X (removed). A dummy item could not
  be built without the IOD, and keeping the items would keep unlisted content (institution codes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from medprivacy.errors import ConfigError

OPTIONS: dict[str, tuple[str, str]] = {
    # option key in annex_e.json -> (CID 7050 code value, code meaning)
    "clean_graphics": ("113103", "Clean Graphics Option"),
    "clean_structured_content": ("113104", "Clean Structured Content Option"),
    "clean_descriptors": ("113105", "Clean Descriptors Option"),
    "retain_long_full_dates": (
        "113106",
        "Retain Longitudinal Temporal Information Full Dates Option",
    ),
    "retain_long_modified_dates": (
        "113107",
        "Retain Longitudinal Temporal Information Modified Dates Option",
    ),
    "retain_patient_characteristics": ("113108", "Retain Patient Characteristics Option"),
    "retain_device_identity": ("113109", "Retain Device Identity Option"),
    "retain_uids": ("113110", "Retain UIDs Option"),
    "retain_safe_private": ("113111", "Retain Safe Private Option"),
    "retain_institution_identity": ("113112", "Retain Institution Identity Option"),
}
BASIC_PROFILE_CODE = ("113100", "Basic Application Confidentiality Profile")


def resolve(code: str, *, sequence: bool) -> str:
    """Resolve an Annex E code (maybe combined) to one of X Z D K C U S, as documented above."""
    letters = set(code.replace("*", "").split("/"))
    if len(letters) == 1:
        return code.replace("*", "")
    if sequence:
        if "U" in letters:
            return "U"
        return "Z" if "Z" in letters else "X"
    if "D" in letters:
        return "D"
    if "U" in letters:
        return "U"
    return "Z" if "Z" in letters else "X"


@dataclass(frozen=True)
class Profile:
    """A compiled de-identification profile: Basic Profile plus zero or more Annex E options."""

    options: tuple[str, ...]
    value_actions: dict[int, str]
    sequence_actions: dict[int, str]

    def method_codes(self) -> list[tuple[str, str]]:
        """CID 7050 codes for DeidentificationMethodCodeSequence."""
        return [BASIC_PROFILE_CODE, *(OPTIONS[o] for o in self.options)]

    def has(self, option: str) -> bool:
        return option in self.options


@lru_cache(maxsize=1)
def annex_e_rows() -> tuple[dict, ...]:
    """The rows of PS3.15 Annex E (edition 2024b) bundled with the package."""
    text = resources.files("medprivacy").joinpath("data/annex_e.json").read_text("utf-8")
    return tuple(json.loads(text))


def validate_options(options: Iterable[str]) -> tuple[str, ...]:
    """Check option names against Annex E's option keys; keep a canonical order."""
    chosen = set(options)
    unknown = sorted(chosen - set(OPTIONS))
    if unknown:
        raise ConfigError(
            f"unknown DICOM option {unknown[0]!r} (known: {', '.join(sorted(OPTIONS))})"
        )
    return tuple(o for o in OPTIONS if o in chosen)


def _option_code(option: str, code: str | None) -> str | None:
    """Annex E's C under the modified-dates option means "shift", which we spell S."""
    if code == "C" and option == "retain_long_modified_dates":
        return "S"
    return code


@lru_cache(maxsize=64)
def compile_profile(options: tuple[str, ...] = ()) -> Profile:
    """Compile Annex E for ``options`` (option keys of annex_e.json)."""
    options = validate_options(options)
    values: dict[int, str] = {}
    sequences: dict[int, str] = {}
    for row in annex_e_rows():
        if row["pattern"]:  # 50xx, 60xx and private groups are handled by group rules
            continue
        code = row["basic"]
        overrides = {_option_code(o, row["options"].get(o)) for o in options} - {None}
        if overrides:  # an option retains (K), shifts dates (S) or cleans (C); C > S > K
            code = next(c for c in "CSK" if c in overrides)
        t = row["tag"]
        tag = int(t[1:5] + t[6:10], 16)
        values[tag] = resolve(code, sequence=False)
        sequences[tag] = resolve(code, sequence=True)
    return Profile(options, values, sequences)
