"""Token-level, label-blind scoring of PHI detection in free text (pure functions, no I/O).

Used by ``benchmarks/notes_quality.py``; importable on its own for unit tests.

**Tokens.** A token is a maximal run of word characters, the regex ``\\w+`` (letters, digits and
underscore, Unicode-aware). Whitespace and punctuation separate tokens and are never tokens
themselves, so a punctuation-only prediction (a lone ``/`` or ``-``) can neither earn nor cost
anything. ``617-555-0134`` is three tokens, ``03/14/2021`` three, ``O'Brien`` two,
``j.doe@example.org`` four. Splitting on punctuation keeps the unit of scoring small and the same
for every system, whatever its own tokenizer does.

**Gold and predicted tokens.** A token is *gold* when any of its characters lies inside a gold span
and *predicted* when any of its characters lies inside a predicted span (span ``[start, end)``
overlaps token ``[s, e)`` iff ``start < e and s < end``). Labels are ignored for recall and
precision (a name found as a LOCATION still counts as found); per-category recall groups gold
tokens by the label of the gold span(s) they touch (a token under two labels counts for both).

**Metrics.** recall = ``|gold ∩ predicted| / |gold|``; precision = ``|gold ∩ predicted| /
|predicted|``; *PHI characters left* = the fraction of gold PHI characters (the union of the gold
spans, whitespace inside a span included) not covered by any predicted span.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

TOKEN_RE = re.compile(r"\w+")

Span = tuple[int, int, str]
"""``(start, end, label)``: character offsets, end exclusive."""


def tokenize(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the ``\\w+`` tokens of ``text``, in order."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def as_span(obj: Any) -> Span:
    """Normalise a span-like value to ``(start, end, label)``.

    Accepts a mapping with ``start``/``end``/``label``, an object with ``.start``/``.end`` and
    ``.label`` or ``.entity_type`` (presidio's ``RecognizerResult``), or a 2- or 3-tuple.
    """
    if isinstance(obj, tuple):
        return (int(obj[0]), int(obj[1]), str(obj[2]) if len(obj) > 2 else "")
    if isinstance(obj, dict):
        return (int(obj["start"]), int(obj["end"]), str(obj.get("label", "")))
    label = getattr(obj, "label", None) or getattr(obj, "entity_type", "")
    return (int(obj.start), int(obj.end), str(label))


def _merge(spans: Iterable[Span]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` intervals covering the union of ``spans``."""
    merged: list[list[int]] = []
    for start, end, _ in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _covered(tokens: Sequence[tuple[int, int]], intervals: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of ``tokens`` overlapping any of the sorted, disjoint ``intervals``."""
    hit: set[int] = set()
    starts = [s for s, _ in tokens]
    for a, b in intervals:
        # first token that could overlap: the one starting before ``a`` may still reach into it
        i = max(bisect.bisect_right(starts, a) - 1, 0)
        while i < len(tokens) and tokens[i][0] < b:
            if tokens[i][1] > a:
                hit.add(i)
            i += 1
    return hit


def covered_tokens(tokens: Sequence[tuple[int, int]], spans: Iterable[Span]) -> set[int]:
    """Indices of ``tokens`` that share at least one character with any span of ``spans``."""
    return _covered(tokens, _merge(spans))


def _overlap_length(intervals: Sequence[tuple[int, int]], others: Sequence[tuple[int, int]]) -> int:
    """Characters shared by two sorted, disjoint interval lists."""
    total, j = 0, 0
    for a, b in intervals:
        while j < len(others) and others[j][1] <= a:
            j += 1
        k = j
        while k < len(others) and others[k][0] < b:
            total += max(0, min(b, others[k][1]) - max(a, others[k][0]))
            k += 1
    return total


@dataclass
class NoteScore:
    """Counts for one note (or, after :func:`aggregate`, for a corpus)."""

    gold: int = 0
    """gold PHI tokens"""
    predicted: int = 0
    """predicted tokens"""
    hit: int = 0
    """tokens both gold and predicted"""
    gold_chars: int = 0
    chars_left: int = 0
    label_gold: Counter[str] = field(default_factory=Counter)
    label_hit: Counter[str] = field(default_factory=Counter)
    false_positives: Counter[str] = field(default_factory=Counter)
    """token strings predicted but not gold (for error listings)"""
    missed: Counter[str] = field(default_factory=Counter)
    """gold token strings not predicted (for error listings)"""

    @property
    def recall(self) -> float:
        """Token recall; 1.0 when there is no gold PHI."""
        return self.hit / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Token precision; 1.0 when nothing was predicted."""
        return self.hit / self.predicted if self.predicted else 1.0

    @property
    def chars_left_fraction(self) -> float:
        """Fraction of gold PHI characters not covered by any prediction."""
        return self.chars_left / self.gold_chars if self.gold_chars else 0.0

    def label_recall(self, label: str) -> float | None:
        """Token recall for gold tokens of ``label``; ``None`` when there are none."""
        n = self.label_gold.get(label, 0)
        return self.label_hit.get(label, 0) / n if n else None

    def add(self, other: NoteScore) -> None:
        """Add ``other``'s counts to this one, in place."""
        self.gold += other.gold
        self.predicted += other.predicted
        self.hit += other.hit
        self.gold_chars += other.gold_chars
        self.chars_left += other.chars_left
        self.label_gold.update(other.label_gold)
        self.label_hit.update(other.label_hit)
        self.false_positives.update(other.false_positives)
        self.missed.update(other.missed)


def score_note(
    text: str,
    gold: Iterable[Any],
    predicted: Iterable[Any],
    *,
    keep_strings: bool = False,
) -> NoteScore:
    """Score one note's predicted spans against its gold spans (see the module docstring).

    ``gold`` and ``predicted`` hold span-like values (see :func:`as_span`); filter out gold spans
    that should not count (PhysioNet's ``DateYear``) before calling. ``keep_strings`` also
    collects the false-positive and missed token strings.
    """
    gold_spans = [as_span(s) for s in gold]
    pred_spans = [as_span(s) for s in predicted]
    tokens = tokenize(text)
    gold_iv = _merge(gold_spans)
    pred_iv = _merge(pred_spans)
    gold_tok = _covered(tokens, gold_iv)
    pred_tok = _covered(tokens, pred_iv)
    hit_tok = gold_tok & pred_tok

    score = NoteScore(gold=len(gold_tok), predicted=len(pred_tok), hit=len(hit_tok))
    score.gold_chars = sum(b - a for a, b in gold_iv)
    score.chars_left = score.gold_chars - _overlap_length(gold_iv, pred_iv)
    labels = sorted({label for _, _, label in gold_spans})
    for label in labels:
        tok = _covered(tokens, _merge(s for s in gold_spans if s[2] == label))
        score.label_gold[label] += len(tok)
        score.label_hit[label] += len(tok & pred_tok)
    if keep_strings:
        for i in pred_tok - gold_tok:
            score.false_positives[text[tokens[i][0] : tokens[i][1]]] += 1
        for i in gold_tok - pred_tok:
            score.missed[text[tokens[i][0] : tokens[i][1]]] += 1
    return score


def aggregate(scores: Iterable[NoteScore]) -> NoteScore:
    """Sum per-note counts into a corpus score (micro-averaged metrics)."""
    total = NoteScore()
    for s in scores:
        total.add(s)
    return total
