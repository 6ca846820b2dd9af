"""Three-digit ZIP areas that Safe Harbor requires to be released as 000.

45 CFR 164.514(b)(2)(i)(B): the first three digits of a ZIP code may be kept only if the area
formed by all ZIP codes with those digits holds more than 20,000 people; otherwise they become 000.
The list below is the one HHS published in its "Guidance Regarding Methods for De-identification"
(2012, section 3.3.3), computed from the 2000 Census; HHS states the list must be checked against
current Census data. Replace RESTRICTED to follow a newer count.
"""

from __future__ import annotations

import re

RESTRICTED = frozenset({
    "036", "059", "063", "102", "203", "556", "692", "790", "821",
    "823", "830", "831", "878", "879", "884", "890", "893",
})  # fmt: skip
SOURCE = "HHS De-identification Guidance (2012) §3.3.3, 2000 Census ZIP3 areas of <= 20,000 people"
ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")  # also a polars (Rust) regex: no look-arounds


def zip3(zip_code: str) -> str:
    """The Safe Harbor ZIP3 of a 5-digit ZIP: its first three digits, or 000 if restricted."""
    head = zip_code[:3]
    return "000" if head in RESTRICTED else head
