"""Span checks shared by the clinical-notes tests: is a planted PHI string covered, is a clinical
word left alone."""

from __future__ import annotations

from medprivacy.deid.text.scrubber import NotesScrubber


def covered(scrubber: NotesScrubber, text: str, phi: str) -> bool:
    """Every non-space character of ``phi`` (its first occurrence in ``text``) lies in a span."""
    at = text.index(phi)
    spans = scrubber.find(text)
    return all(
        any(s.start <= i < s.end for s in spans)
        for i in range(at, at + len(phi))
        if not text[i].isspace()
    )


def untouched(scrubber: NotesScrubber, text: str, word: str) -> bool:
    """No span overlaps the first occurrence of ``word`` in ``text``."""
    at = text.index(word)
    return not any(s.start < at + len(word) and at < s.end for s in scrubber.find(text))
