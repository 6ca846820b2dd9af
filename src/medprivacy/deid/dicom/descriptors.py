"""Text cleaners for the ``clean_descriptors`` option: which one, and the scrubber-based one.

``vocabulary`` (the default) keeps a descriptor only if every word is on a safe list and blanks it
otherwise: nothing unknown survives, and neither does most of the descriptor's information.
``scrubber`` runs the clinical-notes scrubber instead, with the file's own patient (name, IDs,
birth date, address, from the header before it is cleaned) as context, and replaces each PHI span
by a type tag: "CT head for [NAME] follow-up" instead of "". It keeps more information and finds
the patient's own identifiers inside words; like any scrubber it can miss what it does not
recognise, so it is a choice, not the default. It needs the ``notes`` extra.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any, Literal

from pydicom.dataset import Dataset

from medprivacy.deid.text.cleaner import TextCleaner, VocabularyCleaner
from medprivacy.errors import ConfigError

CleanerName = Literal["vocabulary", "scrubber"]
CLEANERS: tuple[str, ...] = ("vocabulary", "scrubber")

# Header attributes whose values are the patient's own identifiers (the scrubber's row context).
CONTEXT_KEYWORDS = (
    "PatientName",
    "PatientID",
    "OtherPatientIDs",
    "PatientBirthDate",
    "PatientAddress",
    "PatientTelephoneNumbers",
    "PatientMotherBirthName",
    "OtherPatientNames",
    "PatientBirthName",
    "MedicalRecordLocator",
    "IssuerOfPatientID",
    "ReferringPhysicianName",
    "PerformingPhysicianName",
    "OperatorsName",
    "InstitutionName",
    "InstitutionAddress",
    "AccessionNumber",
)


def header_context(ds: Dataset) -> dict[str, Any]:
    """The identifying header values of ``ds`` (read before cleaning), as scrubber context."""
    context: dict[str, Any] = {}
    for keyword in CONTEXT_KEYWORDS:
        if keyword not in ds:
            continue
        elem = ds[keyword]
        if elem.is_empty:
            continue
        values = list(elem.value) if elem.VM > 1 else [elem.value]
        texts = [str(v).replace("^", " ").strip() for v in values]
        texts = [t for t in texts if t]
        if texts:
            context[keyword] = texts if len(texts) > 1 else texts[0]
    return context


class ScrubberCleaner:
    """Clean descriptors with :class:`NotesScrubber`, knowing the file's patient."""

    def __init__(self) -> None:
        from medprivacy.deid.text.scrubber import NotesScrubber

        self.scrubber = NotesScrubber()
        self.context: Mapping[str, Any] = {}

    def bind(self, ds: Dataset) -> None:
        """Read the patient's identifiers from ``ds`` before any attribute is cleaned."""
        self.context = header_context(ds)

    def __call__(self, text: str, where: str = "") -> str:
        spans = self.scrubber.find(text, self.context)
        return self.scrubber.apply(text, spans, self.context) if spans else text


def check_cleaner(name: str) -> None:
    """Fail early, in the parent process, for an unknown cleaner or a missing extra."""
    if name not in CLEANERS:
        raise ConfigError(f"text cleaner {name!r}: expected one of {', '.join(CLEANERS)}")
    if name == "scrubber" and importlib.util.find_spec("presidio_analyzer") is None:
        raise ConfigError(
            "text cleaner 'scrubber' needs the notes extra: pip install 'medprivacy[notes]'"
        )


def make_cleaner(name: str) -> TextCleaner:
    """The cleaner called ``name`` (see :data:`CLEANERS`)."""
    check_cleaner(name)
    return ScrubberCleaner() if name == "scrubber" else VocabularyCleaner()
