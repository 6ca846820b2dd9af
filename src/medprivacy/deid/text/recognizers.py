"""Clinical PHI recognizers for presidio: dates, ages over 89, record numbers, contact details,
places and names in the forms clinical notes use, plus the note's own patient (row context).

Each recognizer is a presidio ``EntityRecognizer`` built from compiled regular expressions, so it
is cheap next to the spaCy pass that presidio runs once per note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from medprivacy.deid.text.allowlist import ALLOWED

_STATE_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)
LABELS = ("NAME", "DATE", "AGE", "ID", "PHONE", "EMAIL", "URL", "IP", "LOCATION")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'?\d{2})"
_M = r"(?:0?[1-9]|1[0-2])"
_D = r"(?:0?[1-9]|[12]\d|3[01])"

# (label, pattern, capture group, flags)
PATTERNS: tuple[tuple[str, str, int, int], ...] = (
    # dates
    ("DATE", rf"(?<![\d/.]){_M}[/\-.]{_D}[/\-.](?:\d{{4}}|\d{{2}})(?![\d/])", 0, 0),
    ("DATE", rf"(?<![\d/.])(?:19|20)\d{{2}}[-/.]{_M}[-/.]{_D}(?![\d/])", 0, 0),
    ("DATE", rf"\b{_MONTH}\s+{_D}{_ORD}(?:,?\s*{_YEAR})?\b", 0, re.I),
    ("DATE", rf"\b{_D}{_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s*{_YEAR})?\b", 0, re.I),
    ("DATE", rf"\b{_MONTH}\s+(?:of\s+)?\d{{4}}\b", 0, re.I),
    ("DATE", rf"(?<![\d/.]){_M}/{_D}(?![\d/]|\.\d)", 0, 0),
    # ages over 89 (the number only)
    (
        "AGE",
        r"\b(9\d|1[01]\d)(?=\s*-?\s*(?:yo|y/o|y\.o\.|yrs?|years?|year-old|yr-old)\b|yo[mf]?\b)",
        1,
        re.I,
    ),
    ("AGE", r"\b(?:aged?|age:)\s*(9\d|1[01]\d)\b", 1, re.I),
    # record numbers and other identifiers
    ("ID", r"\b\d{3}-\d{2}-\d{4}\b", 0, 0),
    (
        "ID",
        r"(?i)\b(?:mrn|medical record(?: number| no\.?)?|record|acc(?:ession)?|account|acct|"
        r"member|subscriber|policy|serial|s/n|plate|licen[cs]e|lic|ref(?:erence)?|case|claim|"
        r"device|dl|id|no|number)\s*(?:#|no\.?|number|id)?\s*[:#]?\s*"
        r"([A-Z]{0,4}[-]?\d[\dA-Z\-]{3,})\b",
        1,
        0,
    ),
    ("ID", r"(?<![\d.])\d{6,}(?![\d.])", 0, 0),
    ("ID", r"\b[A-Z]{1,4}-?\d{5,}\b", 0, 0),
    ("ID", r"\b\d{2,}-\d{3,}-[\dA-Z]{2,}\b", 0, 0),
    # contact details
    (
        "PHONE",
        r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s*|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
        r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?",
        0,
        0,
    ),
    (
        "PHONE",
        r"(?i)\b(?:pager|beeper|pgr|page|ext\.?|extension|cell|tel|phone|fax)\s*#?\s*:?\s*"
        r"(\d{4,5})\b",
        1,
        0,
    ),
    ("PHONE", r"(?<![\d/.-])\d{3}-\d{4}\b", 0, 0),
    ("EMAIL", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", 0, 0),
    ("URL", r"\b(?:https?://|www\.)[^\s<>\"')]+", 0, re.I),
    (
        "URL",
        r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|health|info|io)(?:/[^\s<>\"')]*)?",
        0,
        re.I,
    ),
    ("IP", r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b", 0, 0),
    # places
    (
        "LOCATION",
        r"(?<![\d/.-])\b\d{1,6}\s+(?:[A-Z0-9][\w'.-]*\s+){1,4}(?i:street|st|avenue|ave|road|rd|"
        r"boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|parkway|pkwy|circle|"
        r"cir|highway|hwy|square|sq|trail|pike|row)\b\.?"
        r"(?:,?\s*(?i:apt|apartment|suite|ste|unit|#)\.?\s*[\w-]+)?",
        0,
        0,
    ),
    ("LOCATION", r"(?i)\bp\.?\s?o\.?\s+box\s+\d+\b", 0, 0),
    # a city before a state code: "Boston, MA 02139", "Worcester MA"
    ("LOCATION", rf"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}),?\s+(?:{_STATE_CODES})\b", 1, 0),
    ("LOCATION", r"\b(?:[A-Z]{2}|(?i:zip(?: code)?:?))\s+(\d{5}(?:-\d{4})?)\b", 1, 0),
    (
        "LOCATION",
        r"\b(?:(?:St\.?|Saint|Mount|Mt\.?)\s+)?(?:[A-Z][\w'&.-]*\s+){1,4}"
        r"(?:Hospital|Medical Center|Med Ctr|Clinic|Health Center|Healthcare|Health System|"
        r"Infirmary|Rehabilitation Center|Rehab Center|Nursing Home|Memorial|Institute|"
        r"Care Center|Surgery Center|Cancer Center|Medical Group|Associates|Health)\b",
        0,
        0,
    ),
    (
        "LOCATION",
        r"\b(?:[A-Z][A-Z'&.-]*\s+){1,4}(?:HOSPITAL|MEDICAL CENTER|CLINIC|MEMORIAL|"
        r"INFIRMARY|NURSING HOME|REHAB)\b",
        0,
        0,
    ),
    # names in the forms clinical text uses
    (
        "NAME",
        r"(?i:\b(?:dr|doctor|mr|mrs|ms|miss|prof|professor)\b\.?)\s*"
        r"((?:[A-Za-z]\.\s*)?[A-Za-z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?)",
        1,
        0,
    ),
    (
        "NAME",
        r"\b([A-Z][A-Za-z'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'-]+)?),?\s+(?:RN|MD|DO|NP|"
        r"PA-C|PA|PhD|MSW|LICSW|RRT|PT|OT|CNA|LPN|APRN|FNP|DNP|RD|PharmD|CRNA)\b",
        1,
        0,
    ),
    (
        "NAME",
        r"(?i:\b(?:son|daughters?|dtr|wife|husband|spouse|partner|mother|mom|father|dad|"
        r"brother|sister|niece|nephew|grandson|grand-?daughter|grandaughter|grandmother|"
        r"grandfather|aunt|uncle|cousin|friend|fianc[eé]e?|girlfriend|boyfriend|neighbou?r|"
        r"guardian|proxy|caregiver|hcp|sil|dil)s?\b)\s*[,:(]?\s*(?:is\s+|named\s+)?"
        r"([A-Za-z][A-Za-z'-]+(?:\s+[A-Za-z][A-Za-z'-]+)?)",
        1,
        0,
    ),
    (
        "NAME",
        r"(?i:\bdear\s+)(?:(?:dr|mr|mrs|ms)\.?\s+)?([A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?)",
        1,
        0,
    ),
)
COMPILED = tuple((label, re.compile(p, flags), group) for label, p, group, flags in PATTERNS)

# Words that follow "dr", "son" etc. without being names.
_NOT_NAMES = (
    frozenset(
        """
a an the and or but of to in on at by for with from into is was were be been are has had have
will would can could may might must shall should do does did not no yes here there this that
these those it its he she his her him they them their we us our you your who whom which what
when where why how all any some each every both either neither one two three four five six seven
eight nine ten aware notified paged called updated informed made spoke came saw seen visited
visit wants want wanted team service office note notes said says stated states asked told today
tonight yesterday tomorrow now then also still just again very well good ok okay please thanks
regarding re about after before during since until while because if so as than too per via in-
house house on-call called present bedside bedside. order orders ordered aware. at bedside
""".split()
    )
    | ALLOWED
)


def _token_ok(token: str) -> bool:
    t = token.lower().strip(".,'")
    return len(t) > 1 and t not in _NOT_NAMES and not t.isdigit()


class ClinicalRecognizer(EntityRecognizer):
    """All regex-based clinical recognizers in one pass over the text."""

    def __init__(self) -> None:
        super().__init__(
            supported_entities=list(LABELS), name="ClinicalRecognizer", supported_language="en"
        )

    def load(self) -> None:  # nothing to load
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out = []
        for label, rx, group in COMPILED:
            for m in rx.finditer(text):
                start, end = m.span(group)
                if start < 0 or start == end:
                    continue
                if label == "NAME":
                    start, end = _trim_name(text, start, end)
                    if start == end:
                        continue
                out.append(RecognizerResult(label, start, end, 0.85))
        return out


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep the leading tokens of a captured name that look like names (1 or 2)."""
    tokens = list(re.finditer(r"[A-Za-z][A-Za-z'.-]*", text[start:end]))
    kept = []
    for tok in tokens[:2]:
        if not _token_ok(tok.group()):
            break
        kept.append(tok)
    if not kept:
        return start, start
    return start + kept[0].start(), start + kept[-1].end()


# -- the note's own patient ---------------------------------------------------------------------
STATES_AND_COUNTRIES = frozenset(
    """
al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny
nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc pr us usa america alabama alaska
arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas
utah vermont virginia washington wisconsin wyoming canada mexico england uk
""".split()
)
_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%Y%m%d", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y")
_KEY_LABELS = (
    ("DATE", ("date", "dob", "birth", "born", "dod", "death", "admit", "discharge")),
    ("PHONE", ("phone", "tel", "fax", "mobile", "cell", "pager")),
    ("EMAIL", ("mail",)),
    (
        "ID",
        (
            "id",
            "mrn",
            "ssn",
            "number",
            "account",
            "member",
            "record",
            "plan",
            "license",
            "passport",
            "drivers",
            "serial",
        ),
    ),
    ("LOCATION", ("address", "street", "city", "town", "zip", "postal", "place", "county")),
    ("NAME", ("name", "first", "last", "maiden", "given", "family", "surname", "middle")),
)


def _parse_date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _date_forms(d: date) -> list[str]:
    m, dd, y = d.month, d.day, d.year
    mon, month = d.strftime("%b"), d.strftime("%B")
    return [
        f"{m}/{dd}/{y}",
        f"{m:02d}/{dd:02d}/{y}",
        f"{m}/{dd}/{y % 100:02d}",
        f"{m:02d}/{dd:02d}/{y % 100:02d}",
        d.isoformat(),
        f"{y}{m:02d}{dd:02d}",
        f"{month} {dd}, {y}",
        f"{mon} {dd}, {y}",
        f"{dd} {month} {y}",
        f"{dd} {mon} {y}",
        f"{month} {dd}",
        f"{mon} {dd}",
        f"{m}/{dd}",
    ]


def _label_for(key: str) -> str | None:
    k = key.lower()
    for label, words in _KEY_LABELS:
        if any(w in k for w in words):
            return label
    return None


@lru_cache(maxsize=4096)
def _row_regex(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    forms: dict[str, str] = {}
    for key, value in items:
        label = _label_for(key)
        if label is None or key.lower() in ("state", "country", "nation"):
            continue
        parsed = _parse_date(value) if label == "DATE" or "/" in value or "-" in value else None
        if parsed is not None:
            for f in _date_forms(parsed):
                forms.setdefault(f.lower(), "DATE")
            continue
        text = value.strip()
        if len(text) >= 3 and text.lower() not in STATES_AND_COUNTRIES:
            forms.setdefault(text.lower(), label)
            if label in ("ID", "PHONE"):
                digits = re.sub(r"\D", "", text)
                if len(digits) >= 4:
                    forms.setdefault(digits, label)
        for token in re.findall(r"[A-Za-z][A-Za-z'-]*\d*|\d{3,}", text):
            variants = {token, re.sub(r"\d+$", "", token)}
            for v in variants:
                low = v.lower()
                if len(low) >= 2 and low not in STATES_AND_COUNTRIES and low not in _NOT_NAMES:
                    if label == "LOCATION" and low in _STREET_WORDS:
                        continue
                    forms.setdefault(low, "NAME" if label == "NAME" else label)
    if not forms:
        return None
    alts = []
    for form in sorted(forms, key=len, reverse=True):
        escaped = re.escape(form).replace(r"\ ", r"\s+")
        # short forms must stand alone; longer ones are found inside tokens too (SMITH123)
        alts.append(escaped if len(form) >= 4 else rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])")
    return re.compile("|".join(alts), re.I), forms


_STREET_WORDS = frozenset(
    """
street st avenue ave road rd lane ln drive dr court ct way place pl suite apt unit us usa
""".split()
)


def row_context_recognizer(context: Mapping[str, Any] | None) -> EntityRecognizer | None:
    """A recognizer that always finds this note's patient's identifiers, in any case and form."""
    if not context:
        return None
    items = tuple(sorted((str(k), str(v)) for k, v in _flatten(context) if v not in (None, "")))
    compiled = _row_regex(items)
    if compiled is None:
        return None
    rx, forms = compiled

    class RowContextRecognizer(EntityRecognizer):
        def load(self) -> None:
            pass

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
        ) -> list[RecognizerResult]:
            return [
                RecognizerResult(forms.get(m.group().lower(), "NAME"), m.start(), m.end(), 1.0)
                for m in rx.finditer(text)
            ]

    return RowContextRecognizer(
        supported_entities=list(LABELS), name="RowContext", supported_language="en"
    )


def _flatten(context: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for key, value in context.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, name + ".")
        elif isinstance(value, list | tuple):
            for v in value:
                yield name, v
        else:
            yield name, value


# -- a dictionary of given names and surnames -----------------------------------------------------
# Names that are also everyday or clinical words: never matched from the dictionary alone.
_WORDLIKE_NAMES = frozenset(
    """
will mark bill may june april august rose art grant hope faith joy pat sue don ray gene dean
frank jack lane lee les lou max miles sky summer autumn dawn eve ivy iris holly penny ruby
crystal amber star sunny angel chance clay cole drew glen heath hunter king major mason nick
page price rich rob rusty sandy scott stone wade ward west white young brown green black gray
grey long hill wood hall bell day fox rice bush cook baker carter miller walker turner parker
hunter cooper bishop church pope love best hope guy else chase earl dusty misty ginger pepper
carol christian norman rich wells banks field fields ford house lake marsh moore morgan nash
park pierce rose sharp short small snow spring stewart strong swift terry weaver booker
""".split()
)


@lru_cache(maxsize=1)
def _name_lists() -> tuple[frozenset[str], frozenset[str]]:
    from faker.providers.person.en_US import Provider

    first = frozenset(n.lower() for n in Provider.first_names) - _WORDLIKE_NAMES - _NOT_NAMES
    last = frozenset(n.lower() for n in Provider.last_names) - _WORDLIKE_NAMES - _NOT_NAMES
    return first, last


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


class NameDictionaryRecognizer(EntityRecognizer):
    """Given names (and, in mixed-case text, surnames) from faker's en_US lists (MIT).

    In mixed-case text only capitalised words count; in all-lower or all-upper notes (ICU
    shorthand) any case does, but then only given names, since many surnames are English words.
    """

    def __init__(self) -> None:
        super().__init__(
            supported_entities=["NAME"], name="NameDictionary", supported_language="en"
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        first, last = _name_lists()
        letters = [c for c in text if c.isalpha()]
        upper = sum(c.isupper() for c in letters) / max(1, len(letters))
        mixed = 0.02 < upper < 0.6
        out = []
        for m in _WORD.finditer(text):
            word = m.group()
            low = word.lower()
            if mixed:
                if word[0].isupper() and (low in first or low in last) and not word.isupper():
                    out.append(RecognizerResult("NAME", m.start(), m.end(), 0.6))
            elif low in first:
                out.append(RecognizerResult("NAME", m.start(), m.end(), 0.5))
        return out
