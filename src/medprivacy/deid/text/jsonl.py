"""The notes JSONL filter: one note per line in, one scrubbed note per line out.

Input lines are ``{"id", "text", "context": {...}}`` (``id`` and ``context`` optional); output lines
are ``{"id", "text": <scrubbed>, "spans": [{"start", "end", "label"}]}`` with offsets into the
original text. Bad lines stop the run with the line number and the rule, never the content.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from medprivacy.deid.text.scrubber import NotesScrubber
from medprivacy.errors import InputError


def _parse(lines: Iterable[str]) -> Iterator[tuple[int, Any, str, dict[str, Any] | None]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            note = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"line {number}: not valid JSON") from None
        if not isinstance(note, dict):
            raise InputError(f"line {number}: a note is a JSON object")
        text = note.get("text")
        if not isinstance(text, str):
            raise InputError(f"line {number}: `text` must be a string")
        context = note.get("context")
        if context is not None and not isinstance(context, dict):
            raise InputError(f"line {number}: `context` must be an object")
        try:  # "\ud800" is valid JSON but not text: spaCy and the output would fail on it
            json.dumps(note, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise InputError(f"line {number}: not valid Unicode (a lone surrogate)") from None
        yield number, note.get("id"), text, context


def scrub_lines(
    lines: Iterable[str], scrubber: NotesScrubber, batch_size: int = 32
) -> Iterator[str]:
    """Scrub JSONL notes in batches; yields output lines (without newlines)."""
    batch: list[tuple[int, Any, str, dict[str, Any] | None]] = []

    def flush() -> Iterator[str]:
        found = scrubber.find_many([(t, c) for _, _, t, c in batch], batch_size)
        for (_, note_id, text, context), spans in zip(batch, found, strict=True):
            yield json.dumps(
                {
                    "id": note_id,
                    "text": scrubber.apply(text, spans, context),
                    "spans": [s.to_dict() for s in spans],
                },
                ensure_ascii=False,
            )
        batch.clear()

    for item in _parse(lines):
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()
