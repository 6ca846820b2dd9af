"""Clinical PHI recognizers for presidio: dates, ages over 89, record numbers, contact details,
places and names in the forms clinical notes use, plus the note's own patient (row context).

Each recognizer is a presidio ``EntityRecognizer`` built from compiled regular expressions, so it
is cheap next to the spaCy pass that presidio runs once per note.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from medprivacy.deid.text.allowlist import ALLOWED
from medprivacy.deid.text.generic import place_after


def _street_suffixes() -> str:
    """USPS street suffixes (as faker's en_US address provider lists them) and abbreviations."""
    from faker.providers.address.en_US import Provider

    words = set(Provider.street_suffixes) | {
        "St",
        "Ave",
        "Rd",
        "Blvd",
        "Ln",
        "Dr",
        "Ct",
        "Pl",
        "Ter",
        "Pkwy",
        "Cir",
        "Hwy",
        "Sq",
        "Trl",
        "Way",
        "Row",
        "Pike",
        # more USPS standard abbreviations
        "Tpke",
        "Expy",
        "Fwy",
        "Xing",
        # UK and Indian street words ("St Mary's Close", "4th Cross", "Gandhi Nagar")
        "Close",
        "Rise",
        "Parade",
        "Cross",
        "Nagar",
        "Layout",
        "Colony",
        "Marg",
        "Salai",
        "Apartments",
        "Towers",
        "Mansions",
        "Quay",
        "Wynd",
        "Chase",
        "Cres",
        "Gdns",
        "Tce",
    }
    words |= {w.upper() for w in words}
    return "|".join(sorted(words, key=len, reverse=True))


_STREET_SUFFIXES = _street_suffixes()
# a house number: "218", "218B", "36R", "72-59" (Queens style), "One" (spelled)
_HOUSE_NUMBER = (
    r"(?:(?<![\d/.-])\b\d{1,6}(?:[A-Z]\b|-\d{1,5}\b)?|"
    r"\b(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Twelve|Twenty|Fifty|Hundred|"
    r"ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN)\b)"
)
# Latin-1 plus Latin Extended-A/B and Extended Additional (Huỳnh, Nguyễn, Łukasz, Şahin); the
# extended blocks mix both cases, so they sit in both classes.
_EXTENDED = "Ā-ɏḀ-ỿ"
_UPPER = "A-ZÀ-ÖØ-Þ" + _EXTENDED
_LOWER = "a-zß-öø-ÿ" + _EXTENDED


def _wide(pattern: str) -> str:
    """A name or place pattern made to accept accented letters (Ó Súilleabháin, José, Huỳnh) and
    to stay on one line (a name never runs into the next line's heading)."""
    return pattern.replace("A-Z", _UPPER).replace("a-z", _LOWER).replace(r"\s", r"[ \t]")


_STATE_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)
_PROVINCE_CODES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"  # Canadian plates
_STATE_NAMES = (
    "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|"
    "hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|"
    "michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|"
    "new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|"
    "rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|"
    "west virginia|wisconsin|wyoming|mass|calif|fla|penn|conn"
)
# AP-style state abbreviations, written with their periods: "Mass.", "Penn.", "N.Y."
_STATE_ABBREVIATIONS = (
    r"(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|Miss|"
    r"Mo|Mont|Neb|Nev|Okla|Ore|Penn|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|N\.\s?[HJMYCD]|R\.\s?I|"
    r"S\.\s?[CD]|W\.\s?Va|D\.\s?C)\."
)
_STATE_NAMES_TITLED = "|".join(
    n.title() for n in _STATE_NAMES.split("|") if n not in ("mass", "calif", "fla", "penn", "conn")
)
# a plate: one to three groups of capitals and digits, with a digit somewhere, no long word
# (vanity plates carry up to seven letters before a digit: BOSOX4, GRNDMA1)
_PLATE_PART = r"(?:(?=[A-Z0-9]{2,8}\b)[A-Z]{0,7}\d[A-Z0-9]{0,6}|[A-Z]{1,4}(?=[ -][A-Z0-9]*\d))"
_PLATE_TAIL = (
    r"(?:[ -](?:[A-Z0-9]*\d[A-Z0-9]*|(?-i:(?!(?i:in|on|at|to|of|is|and|the|for|by|was|per|pt|"
    r"son|dtr|now|via|are|has|had|w|x)\b)(?:[A-Z]{1,3}|[a-z]{1,3}))(?![A-Za-z0-9])))?"
)
_PLATE = _PLATE_PART + _PLATE_TAIL + _PLATE_TAIL
LABELS = ("NAME", "DATE", "AGE", "ID", "PHONE", "EMAIL", "URL", "IP", "LOCATION")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'?\d{2})"
_M = r"(?:0?[1-9]|1[0-2])"
_D = r"(?:0?[1-9]|[12]\d|3[01])"
_ORD_WORD = (
    r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
    r"nineteenth|twentieth|thirtieth"
)
_ORD_WORD = rf"(?:{_ORD_WORD})"
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?"
)

_AGE_N = r"(9\d|1[01]\d)"
_NOT_A_MEASURE = (
    r"(?![%\d]|\.\d|\s*%|\s*(?:percent|kg|lbs?|mg|mcg|mmhg|bpm|cm|mm|degrees|units?|ml)\b)"
)
_AGE_WORDS = (
    r"(?:ninety|(?:one|a) hundred)(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten))?"
)
_DOTTED_ABBREVIATIONS = (
    r"a\.m\.|p\.m\.|c\.o\.|u\.o\.p?\.?|g\.u\.|y\.o\.|g\.i\.|o\.r\.|h\.o\.|c\.i\.|p\.t\.|"
    r"b\.s\.|p\.s\.|m\.d\.|r\.t\.|t\.v\.|i\.d\.|p\.o\.|i\.v\.|n\.c\.|r\.a\.|e\.g\.|s\.l\.|"
    r"r\.n\.|i\.s\.|q\.s\.|s\.s\.|b\.m\.|v\.s\.s?\.?|a\.c\.|t\.o\.|i\.e\.|e\.d\.|o\.k\.|"
    r"d\.c\.|h\.r\.|r\.r\.|b\.i\.d\.|t\.i\.d\.|q\.i\.d\.|q\.d\.|q\.h\.s?\.?|d\.o\.|n\.p\.|"
    r"p\.a\.|u\.s\.a?\.?|o\.d\.|o\.s\.|o\.u\.|s\.q\.|i\.m\.|p\.r\.|h\.s\.|p\.c\.|q\.o\.d\.|"
    r"c\.c\.|s\.p\.|w\.c\.|n\.s\.|r\.o\.|a\.k\.a\.|e\.t\.|d\.r\.|s\.t\.|n\.g\.|o\.t\.|"
    r"p\.e\.|c\.t\.|p\.m\.h\.|h\.p\.i\.|r\.o\.s\.|a\.d\.|m\.s\.|b\.p\.|h\.b\.|t\.x\.|d\.x\."
)

# a unit in an address: "Apt 3B", "Unit 5", "#12", "Fl 2", "Suite 210"
_UNIT = (
    r"(?:(?:(?i:apt|apartment|suite|ste|unit|fl|floor|rm|room|bldg|building|flat)\.?\s*|#\s*)[\w-]+\b|"
    r"(?i:rear|basement|bsmt)\b|"
    r"\d{1,2}(?i:st|nd|rd|th)\s*(?i:fl|flr|floor)\b\.?)"  # number first: "2nd fl"
)
# what may follow a street's suffix: a compass point ("Lake St E") and a unit, a mobile-home lot
# or a trailer space ("Lot 37", "Space 12")
_AFTER_STREET = (
    r"(?:[ \t]+(?:[NSEW]|NE|NW|SE|SW)\b(?![.'’-]\w|\.\s+[a-z]))?"
    rf"(?:,?\s*{_UNIT}|[ \t]+(?i:lot|trlr|trailer|space|spc)[ \t]*#?[ \t]*\d[\w-]*\b)?"
)
# streets named without a suffix: "610 Broadway", "4417 Calle del Sol", "9 Avenida Juárez"
_BARE_STREET = (
    r"(?:Broadway|The\s+Fenway|(?:Calle|Avenida|Av\.|Camino|Paseo|Carrera|Rua|Rue|Via|Strada)"
    r"(?:\s+(?:de|del|la|las|los|el|da|do|dos|di)?\s*[A-Z][\w'.-]*){1,3})"
)

# lower-case words after "doctor" that start no name; matching them would swallow the title that
# follows ("your doctor was Dr. Saleh"); "Dr. Will Smith" stays a name
_NOT_AFTER_TITLE = r"(?!(?:was|is|were|in|the|and|of|to|at|on|for|said|says|who|will)\b)"

_RELATION_WORDS = (
    r"son|daughter|wife|husband|spouse|partner|mother|mom|father|dad|brother|sister|niece|"
    r"nephew|grandson|granddaughter|grandmother|grandfather|aunt|uncle|cousin|friend|"
    r"neighbou?r|caregiver|guardian|hcp|proxy|companion|roommate|(?:step|god)(?:son|daughter|"
    r"mother|father)|(?:son|daughter|brother|sister|mother|father)-in-law"
)

# (label, pattern, capture group, flags)
PATTERNS: tuple[tuple[str, str, int, int], ...] = (
    # dates
    ("DATE", rf"(?<![\d/.]){_M}[/\-.]{_D}[/\-.](?:\d{{4}}|\d{{2}})(?![\d/])", 0, 0),
    ("DATE", rf"(?<![\d/.])(?:19|20)\d{{2}}[-/.]{_M}[-/.]{_D}(?![\d/])", 0, 0),
    ("DATE", rf"\b{_MONTH}\s+(?:the\s+)?{_D}{_ORD}(?:,?\s*{_YEAR})?\b", 0, re.I),
    ("DATE", rf"\b{_D}{_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s*{_YEAR})?\b", 0, re.I),
    ("DATE", rf"\b{_MONTH}\s+(?:of\s+)?\d{{4}}\b", 0, re.I),
    ("DATE", rf"\b{_MONTH}\s+['’]\d{{2}}\b", 0, re.I),  # Feb '22
    ("DATE", rf"\b{_D}[-/ ]{_MONTH}[-/ ](?:\d{{4}}|\d{{2}})\b", 0, re.I),
    ("DATE", rf"(?<![\d/.]){_M}/(?:19|20)\d{{2}}(?![\d/])", 0, 0),  # 08/2021
    ("DATE", r"(?i)\bthe\s+(\d{1,2}(?:st|nd|rd|th))\b", 1, 0),  # the 11th
    # a weekday and a day of the month, no month: "Tuesday the twentieth", "Fri., the 3rd"
    (
        "DATE",
        rf"(?i)\b{_WEEKDAY},?\s+(?:the\s+)?({_ORD_WORD}|\d{{1,2}}(?:st|nd|rd|th))(?![a-z\d])",
        1,
        0,
    ),
    (
        "DATE",
        rf"(?i)\b(?:in|on|since|during|early|late|mid|end of|beginning of)\s+({_MONTH})(?![a-z])",
        1,
        0,
    ),
    # ranges: "March 3-5, 2021", "3-5 March 2021", "Mar 30 - Apr 2"
    (
        "DATE",
        rf"\b{_MONTH}\s+{_D}{_ORD}\s*(?:-|–|to|through|thru)\s*(?:{_MONTH}\s+)?{_D}{_ORD}"
        rf"(?:,?\s*{_YEAR})?\b",
        0,
        re.I,
    ),
    (
        "DATE",
        rf"\b{_D}{_ORD}\s*(?:-|–|to|through|thru)\s*{_D}{_ORD}\s+(?:of\s+)?{_MONTH}"
        rf"(?:,?\s*{_YEAR})?\b",
        0,
        re.I,
    ),
    ("DATE", rf"(?<![\d/.]){_M}/{_D}\s*[-–]\s*{_M}/{_D}(?:/{_YEAR})?(?![\d/])", 0, 0),  # 3/8-3/10
    # ordinal words: "the third of March", "March twenty-first, 2021"
    ("DATE", rf"\b{_ORD_WORD}\s+(?:of\s+)?{_MONTH}(?:,?\s*{_YEAR})?(?![a-z])", 0, re.I),
    ("DATE", rf"\b{_MONTH}\s+(?:the\s+)?{_ORD_WORD}(?:,?\s*{_YEAR})?(?![a-z])", 0, re.I),
    # compact day-month-year: 01MAR2020, 3mar21
    (
        "DATE",
        rf"(?i)\b{_D}(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:\d{{4}}|\d{{2}})\b",
        0,
        0,
    ),
    # day and month with no year, military style in capitals: "from 25MAR to 02APR22"
    (
        "DATE",
        r"\b(?:0?[1-9]|[12]\d|3[01])(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\b",
        0,
        0,
    ),
    # day.month.year (European): 30.8.2021
    (
        "DATE",
        r"(?<![\d.])(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:19|20)\d{2}(?!\d|\.\d)",
        0,
        0,
    ),
    ("DATE", rf"(?<![\d/.]){_M}/{_D}(?![\d/]|\.\d)", 0, 0),
    ("DATE", rf"(?<![\d/.]){_M}/(?:3[2-9]|[4-9]\d)(?![\d/]|\.\d)", 0, 0),  # month/yy
    # ages over 89 (the number only), in every phrasing: 93yo, 93 y/o, 93-year-old, AGE: 95Y,
    # age 93., Pt is 93., turned 94, her 95th birthday, 92/F, ninety-four years old
    (
        "AGE",
        rf"\b{_AGE_N}(?=\s*-?\s*(?:y/?o[mfb]?|y\.o\.?|yrs?|years?|year-old|yr-old|y)\b|y/?o[mf]?\b)",
        1,
        re.I,
    ),
    (
        "AGE",
        r"\b(?:aged?|age(?:\s*\((?:yrs?|years)\)|_?(?:in_?)?(?:yrs?|years))?(?:\s+at\s+[a-z]+)?"
        r"(?:\s*\.{2,})?[\"']?\s*[:=|]|ages|"
        r"at age|age of|died at|passed at|passed away at|turned|turns|"
        rf"turning)\s*(?:is\s+|was\s+|of\s+)?{_AGE_N}{_NOT_A_MEASURE}",
        1,
        re.I,
    ),
    (
        "AGE",
        r"(?im)\b(?:pt|patient|she|he|who|mother|mom|father|dad|you)(?:\s+(?:is|was|are)|'s|'re)\s+"
        rf"(?:now\s+|only\s+)?{_AGE_N}{_NOT_A_MEASURE}(?=\s*(?:[.,;:)!]|$|(?:and|but|with|"
        r"today|now|yo|y/o)\b))",
        1,
        0,
    ),
    ("AGE", rf"(?i)\b{_AGE_N}(?:st|nd|rd|th)\s+(?:birthday|bday|b-day)", 1, 0),
    # the age in brackets after a birth date: "DOB/Age: 03/04/1925 (96)", "born 1925 (age 96)"
    (
        "AGE",
        r"(?i)\b(?:dob|d\.o\.b\.|date of birth|birth ?date|born)\b[^\n()]{0,30}\(\s*"
        rf"(?:age\s*:?\s*)?{_AGE_N}(?:\s*(?:y|yo|y/o|yrs?|years?))?\s*\)",
        1,
        0,
    ),
    # a relative's age set off by commas: "Her spouse, 91, lives ...", "with wife, 92."
    (
        "AGE",
        rf"(?i)\b(?:{_RELATION_WORDS})s?\s*,\s*{_AGE_N}(?=\s*(?:[,;.)]|$|y|yo|years))",
        1,
        0,
    ),
    # "At 97, you are at higher risk", "at 93, she still drives"
    (
        "AGE",
        rf"(?i)\bat\s+{_AGE_N},\s*(?=(?:you|she|he|the\s+patient|pt|patient|mr|mrs|ms)\b)",
        1,
        0,
    ),
    ("AGE", rf"\b{_AGE_N}\s?[MF]\b", 1, 0),  # AGE/SEX: 92F
    ("AGE", rf"\b{_AGE_N}\s*/\s*[MFmf]\b", 1, 0),  # 92/F
    ("AGE", rf"\b[MF]\s*/\s*{_AGE_N}\b(?!/)", 1, 0),  # F/92
    (
        "AGE",
        rf"(?i)\b({_AGE_WORDS})(?=[- ](?:years?|yrs?)[- ]old|[- ]year|[- ]y/?o\b)",
        1,
        0,
    ),
    (
        "AGE",
        r"(?i)\b(?:aged?|age of|turned|turns|turning|(?:pt|patient|she|he)(?:\s+(?:is|was)|'s))"
        rf"\s+({_AGE_WORDS})\b(?![- ](?:percent|over|minutes|mg|degrees))",
        1,
        0,
    ),
    ("AGE", rf"\b{_AGE_N}(?=\s*(?:-|\s)?(?:year|yr)s?(?:-|\s)old)", 1, re.I),
    # record numbers and other identifiers
    # social security numbers: 123-45-6789, 123 45 6789, 123.45.6789; bare after a cue
    (
        "ID",
        r"(?<![\d.\-‐‑–—/])\d{3}( ?[-‐‑–—] ?|[ ./])\d{2}\1\d{4}(?![\d\-‐‑–—/]|\.\d)",
        0,
        0,
    ),
    # a Medicare HICN (an SSN and a letter) and a VA ICN: 123-45-6789A, 1012345678V123456
    ("ID", r"(?<![\d-])\d{3}-?\d{2}-?\d{4}[A-Z]\d?\b", 0, 0),
    ("ID", r"\b\d{10}V\d{6}\b", 0, 0),
    (
        "ID",
        r"(?i)\b(?:ssn|s\.\s?s\.\s?n\.?|ss\s*#|ss\s*no\.?|ss\s*number|"
        r"soc(?:ial)?\.?\s*sec(?:urity)?\.?|social|soc\.?)(?:\s*/\s*(?:tin|itin|ein))?"
        r"(?:\s*(?:#|no\.?|num(?:ber)?))?\s*(?:\([a-z ]+\)\s*)?(?:is\s+|was\s+|[:#=\-–—]+\s*)?"
        r"(\d{3}(?: ?[-‐‑–—] ?|[ ./])?\d{2}(?: ?[-‐‑–—] ?|[ ./])?\d{4}|\d{3}[ .]\d{3}[ .]\d{3})"
        r"(?!\d)",
        1,
        0,
    ),
    (
        "ID",
        r"(?i)\blast\s+(?:4|four)(?:\s+digits)?\s+of\s+(?:\w+\s+)?(?:ssn|social)\D{0,12}(\d{4})\b",
        1,
        0,
    ),
    (
        "ID",
        r"(?i)\b(?:mrn|medical record(?: number| no\.?)?|record|acc(?:ession)?|account|acct|"
        r"member|subscriber|policy|serial|s/n|sn|plate|licen[cs]e|lic|ref(?:erence)?|case|claim|"
        r"device|dl|id|no|number|chart|med(?:ical)? rec(?:ord)?|encounter|enc|visit|fin|"
        r"incident|pcr|referral|requisition|ticket|invoice|confirmation|specimen|accession)"
        r"\s*(?:#|no\.?|number|id)?(?:\s*\.{2,})?[\"']?\s*[:#|]?\s*[\"']?"
        r"([A-Z]{0,4}[-]?\d[\dA-Z\-]{3,})\b",
        1,
        0,
    ),
    ("ID", r"(?<![\d.])\d{6,}(?!\d|\.\d)", 0, 0),
    # Medicare beneficiary identifiers (MBI), 11 characters with or without dashes: 1EG4-TE5-MK73
    ("ID", r"\b[1-9][A-Z][A-Z\d]\d(-?)[A-Z][A-Z\d]\d\1[A-Z]{2}\d{2}\b", 0, 0),
    # a plan or member number read out in groups after its cue: "Medicaid no. 123 456 789"
    (
        "ID",
        r"(?i)\b(?:medicaid|medicare|mbi|hicn|masshealth|medi-cal|insurance|insurer|plan|member|"
        r"subscriber|policy|beneficiary|group|id|no|number|acct|account)\b\.?"
        r"(?:\s*(?:#|no\.?|number|num|id))*\s*[:#=]?\s*"
        r"((?=[A-Z]{0,3}(?:[ ]?\d){7})[A-Z]{0,3}\d{2,5}(?:[ ]\d{2,5}){1,4})(?![\w/.-])",
        1,
        0,
    ),
    (
        "ID",
        r"(?<![^|~^\s])([A-Za-z0-9][A-Za-z0-9-]{2,})\^[^|~\n]*\^(?:MR|MRN|PI|PT|AN|SS|DL|MB|MC|"
        r"MA|PN|SN|NI|NH|PPN|HC|JHN|VN|U)(?=[|~^\s]|$)",
        1,
        re.M,
    ),
    # licence plates after a cue, with or without a state: "NJ tag X45-DKP", "plates 7ABC123",
    # "plate# ABC 1234 (NY)", "reg PA JKL-4421", "plate reads 'GRNDMA1'"
    (
        "ID",
        r"(?i:\b(?:plates?|tags?|registration|registered|reg|lic(?:en[cs]e)?(?:\.?\s*pl(?:ate)?)?|lp)"
        r"\b\.?(?:\s*/\s*state)?\s*"
        r"(?:#|no\.?|number|num|"
        r"reads?|is|was|"
        r":|of|\()*\s*"
        # a state before the plate, unless a lone digit group follows it ("tag WA 43758, IL") or
        # it is a short state name in capitals before digits (plate letters: "FLA 359")
        r"(?:(?!(?-i:(?:" + _STATE_CODES + "|" + _PROVINCE_CODES + r")[ -]\d+"
        r"(?![A-Za-z0-9]|[ -][A-Za-z0-9])|"
        r"(?:FLA|CONN|MASS|PENN|CALIF)[ -]\d))"
        r"(?:(?-i:" + _STATE_CODES + "|" + _PROVINCE_CODES + r")\s+|"
        r"(?:" + _STATE_NAMES + r")\s+))?)"
        rf"((?=[A-Za-z0-9 -]{{4}})(?i:{_PLATE}))(?![A-Za-z0-9])",
        1,
        0,
    ),
    (
        "ID",
        r"(?i:\b(?:plates?|tags?|registration|reg)\b[^\n'\"]{0,20}['\"])"
        r"([A-Z0-9][A-Z0-9 -]{1,8})['\"]",
        1,
        0,
    ),
    # a plate in brackets after a vehicle word, its state inside or not: "car (HP 12345 MA)"
    (
        "ID",
        r"(?i:\b(?:vehicle|car|auto|truck|van|suv|motorcycle|pickup)s?\b)[^\n()]{0,20}\(\s*"
        r"(?!\d{1,3}[ \t]?[MFmf][ \t]*\))"  # "van der Berg (69 M)": an age and sex
        r"((?=[A-Z0-9 -]*\d)[A-Z0-9][A-Z0-9 -]{1,9}?)"
        r"(?:[ ,/]+(?:" + _STATE_CODES + "|" + _PROVINCE_CODES + r"))?\s*\)",
        1,
        0,
    ),
    # a vanity plate (letters only) after a plate cue, written in capitals in mixed-case text:
    # "MA tags GRAMPS", "plate# NANA (NH)"
    (
        "VANITY_PLATE",
        r"(?i:\b(?:plates?|tags?|vanity)\b\.?\s*(?:#|no\.?|number|reads?|is|was|:)*\s*"
        r"(?:(?-i:" + _STATE_CODES + r")\s+)?)"
        r"(?!(?:NOT|NONE|UNKNOWN|PENDING|TBD|FROM|WITH|" + _STATE_CODES + r")\b)"
        r"([A-Z][A-Z0-9]{2,7})(?![A-Za-z0-9/-])",
        1,
        0,
    ),
    # a plate before its state in brackets: "7ABC123 (CA)"
    (
        "ID",
        rf"(?<![A-Za-z0-9])(?=[A-Z0-9 -]{{2,14}}\((?:{_STATE_CODES})\))({_PLATE})"
        rf"(?=\s*\((?:{_STATE_CODES})\))",
        1,
        0,
    ),
    ("ID", r"\b[A-Z]{1,4}-?\d{5,}[A-Z]{0,3}\b", 0, 0),
    # accession and case numbers: a letter prefix, a two-digit year, a dash, digits
    # ("S21-12345", "SP-21-0042", "FS21-0044", "IR-22-78395")
    ("ID", r"\b[A-Z]{1,4}-?\d{2}-\d{4,7}\b(?!-\d)", 0, 0),
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
        r"(?i)\b(?:pager|beeper|pgr|page|ext\.?|extension|cell|tel|phone|fax)\s*[#:]*\s*[#:]*\s*"
        r"(\d{4,5})\b",
        1,
        0,
    ),
    ("PHONE", r"(?<![\d/.-])\d{3}-\d{4}\b", 0, 0),
    # international: "+44 20 7946 0958", "011 52 55 1234 5678", "+1 (617) 555-0134" (8 to 15
    # digits, checked in analyze, so "+3042" and "+10 40" in a fluid balance are not phones)
    (
        "PHONE_INTL",
        r"(?<![\w+])(?:\+|\b00[ .-]?|\b011[ .-]?)[1-9]\d{0,2}(?:[ .-](?:\(\d{1,5}\)|\d{1,8})){2,5}"
        r"(?!\d|[/.]\d)(?:\s*(?:x|ext\.?)\s*\d{1,5})?",
        0,
        0,
    ),
    # phones written oddly: 201/324/1423, 202 2671093, 240444-1243
    (
        "PHONE",
        r"(?<![\d/.-])\d{3}(?:/\d{3}[/-]\d{4}|[ ]\d{7}|\d{3}-\d{4})(?![\d/])",
        0,
        0,
    ),
    ("PHONE", r"(?<=\d{4})[ \t]*(?i:ext\.?|extension|x)[ \t]*\d{1,5}\b", 0, 0),  # 5551234 ext. 12
    ("EMAIL", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", 0, 0),
    ("URL", r"\b(?:https?://|www\.)[^\s<>\"')]+", 0, re.I),
    (
        "URL",
        r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|health|info|io|co\.uk|org\.uk|nhs\.uk|"
        r"ac\.uk|co\.in)(?:/[^\s<>\"')]*)?",
        0,
        re.I,
    ),
    (
        "IP",
        r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d]|\.\d)",
        0,
        0,
    ),
    # IPv6, full or compressed (checked with ``ipaddress`` before it counts)
    (
        "IP6",
        r"(?<![\w:.])(?=[0-9A-Fa-f]{0,4}:)(?:"
        r"(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])|"
        r"(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::"
        r"(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6}(?::\d{1,3}(?:\.\d{1,3}){3})?)?(?![\w:]))",
        0,
        0,
    ),
    # places
    (
        "STREET",
        rf"(?:{_UNIT},?\s+)?{_HOUSE_NUMBER}\s+(?:(?:[A-Z0-9][\w'.-]*\s+){{1,4}}"
        rf"(?:{_STREET_SUFFIXES})\b\.?|{_BARE_STREET}){_AFTER_STREET}",
        0,
        0,
    ),
    # a street corner: "intersection of Elm St & 5th Ave", "corner of Main/High", "cross streets
    # Union St and Pine Rd"
    (
        "CROSS_STREETS",
        r"(?i:\b(?:intersection|corner|junction|crossroads?)\s+of\s+|\bcross[ -]?st(?:reet)?s?"
        r"\.?\s*:?\s*|\b(?:at|on|near)\s+(?=[^\n&/]{1,30}\b(?-i:" + _STREET_SUFFIXES + r")\b"
        r"\.?\s*(?:&|and|/|@)\s*[^\n]{1,30}\b(?-i:" + _STREET_SUFFIXES + r")\b))"
        r"((?:[A-Z0-9][\w'.-]*\s+){0,3}?(?:[A-Z][\w'-]*|(?:" + _STREET_SUFFIXES + r")\b\.?))"
        r"\s*(?:&|and|/|@|at)\s*"
        r"((?:[A-Z0-9][\w'.-]*\s+){0,3}(?:" + _STREET_SUFFIXES + r")\b\.?|"
        r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)",
        0,
        0,
    ),
    ("LOCATION", r"(?i)\bp\.?\s?o\.?\s+box\s+\d+\b", 0, 0),
    (
        "HL7_ADDRESS",
        r"(?<=\|)([^|^~\n]*\d[^|^~\n]*)\^([^|^~\n]*)\^([^|^~\n]+)\^[A-Z]{2}\^"
        r"(\d{5}(?:-\d{4})?)(?=[|^~]|$)",
        0,
        re.M,
    ),
    (
        "STREET",
        _HOUSE_NUMBER + r"\s+(?:Route|Rte\.?|Highway|Hwy\.?|State Route|County Road)"
        rf"\s+\d{{1,4}}\b(?:,?\s*{_UNIT})?",
        0,
        0,
    ),
    # a site code closing a signature line: "Internal Medicine, BOSM", "Read by Dr. X Y, SMH"
    (
        "LOCATION",
        r"(?m)^(?:(?:[A-Z][a-z]+[ \t]+)*(?:Medicine|Geriatrics|Cardiology|Neurology|Radiology|"
        r"Surgery|Oncology|Pediatrics|Psychiatry|Nephrology|Urology|Dermatology|Orthopedics|"
        r"Gastroenterology|Pulmonology|Endocrinology|Rheumatology|Practice|Care|Clinic)|"
        r"(?:Read|Signed|Dictated|Reviewed)[ \t]+by[ \t]+[^\n,]+),[ \t]+"
        r"([A-Z][A-Za-z]{1,5})[ \t]*$",
        1,
        0,
    ),
    # a town's fire or ambulance service: "EMS (Chicopee Fire)"
    (
        "LOCATION",
        r"\b([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]+(?:Fire|EMS|Ambulance|Rescue|Police|PD|FD)\b",
        1,
        0,
    ),
    # hospital acronyms: GH, MGH, GBMC, VAMC, UMMC, JHH
    ("LOCATION", r"\b(?:[A-Z]{2,4}MC|[A-Z]?GH|JHH|HUP|VAH|VAMC|BIDMC|UPMC)\b", 0, 0),
    (
        "LOCATION",
        r"\b(?:[A-Z][\w'&.-]*\s+(?:(?:&|and)\s+)?){1,4}"
        r"(?:Family |Internal |Sports |Primary |Urgent )?"
        r"(?:Medicine|Neurology|Cardiology|Oncology|Orthopedics|Orthopaedics|Pediatrics|"
        r"Dermatology|Urology|Gastroenterology|Pulmonology|Nephrology|Radiology|Imaging|"
        r"Surgical|Dialysis|Care|Physicians|Practice|Partners|Group|Associates|Center|Centre|"
        r"Health|Clinic|Hospital|Pharmacy|Laboratories|Labs)\b(?!\s+(?i:course|stay|day)\b)"
        r"(?:\s+(?:Center|Centre|Group|Associates|Clinic|of\s+[A-Z][a-z]+))?",
        0,
        0,
    ),
    # an all-caps site code after a credential or a place preposition: "MD, OGCH", "at CHIM"
    (
        "LOCATION",
        r"\b(?:MD|DO|RN|NP|PA|PhD|FACC|FACP|FACS|at|from|to)\b,?\s+"
        r"(?!(?:MD|DO|RN|NP|PA|PHD|FACC|FACP|FACS|MRN|DOB)\b)([A-Z]{3,6})\b",
        1,
        0,
    ),
    # a city before a state code: "Boston, MA 02139", "Worcester MA"
    # (MD and PA, also credentials, only after a comma: "Annapolis, MD", not "Andrea MD")
    (
        "LOCATION",
        rf"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}})(?:,\s+(?:{_STATE_CODES})|\s+"
        rf"(?!MD|PA)(?:{_STATE_CODES}))\b",
        1,
        0,
    ),
    ("LOCATION", r"\b(?:[A-Z]{2}|(?i:zip(?: code)?:?))\s+(\d{5}(?:-\d{4})?)\b", 1, 0),
    # a state written out or abbreviated with a period: "Quincy, Mass. 02169", "Erie, Penn."
    (
        "LOCATION",
        rf"\b(?i:(?:{_STATE_NAMES})\.?|{_STATE_ABBREVIATIONS}),?\s+"
        r"(\d{5}(?:-\d{4})?)\b",
        1,
        0,
    ),
    (
        "LOCATION",
        rf"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}),\s+(?:(?:{_STATE_NAMES_TITLED})\b|"
        rf"(?:{_STATE_ABBREVIATIONS})(?=[ \t,]|$))",
        1,
        re.M,
    ),
    (
        "LOCATION",
        r"\b(?:(?:St\.?|Saint|Mount|Mt\.?)\s+)?(?:[A-Z][\w'&.-]*\s+(?:(?:of|and|&|the)\s+)?){1,4}"
        r"(?:Hospital|Medical Center|Med Ctr|Clinic|Health Center|Healthcare|Health System|"
        r"Infirmary|Rehabilitation Center|Rehab Center|Nursing Home|Nursing Center|Memorial|"
        r"Institute|"
        r"Skilled Nursing Facility|Nursing Facility|Senior Living|Assisted Living|"
        r"Care Center|Surgery Center|Cancer Center|Medical Group|Associates|Health|VNA|Manor|"
        r"House|Home|Hospice|Residence|Village)\b(?!\s+(?i:course|stay|day)\b)(?:\s+(?:of|at)\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?",
        0,
        0,
    ),
    (
        "LOCATION",
        r"\b(?:[A-Z][A-Z'&.-]*\s+(?:(?:OF|AND|&|THE)\s+)?){1,4}(?:HOSPITAL|MEDICAL CENTER|CLINIC|"
        r"MEMORIAL|NURSING CENTER|REHABILITATION CENTER|VNA|MANOR|HOUSE|HOSPICE|"
        r"INFIRMARY|NURSING HOME|REHAB)\b(?:\s+OF\s+[A-Z]+)?",
        0,
        0,
    ),
    # names in the forms clinical text uses
    # E. Welsh, M. dela Cruz, C. Mac Giolla Phádraig
    (
        "NAME",
        r"\b([A-Z]\.\s?(?:(?:dela|de la|de|van den|van der|van|von|del|da|di|du|le|Mac Giolla)\s+)?"
        r"(?:[A-Z][A-Za-z'-]{2,}|(?:Ng|Xu|Ly|Wu|Yu|Li|Lu|Vo|Hu)\b)(?:-[A-Z][A-Za-z'-]+)?)\b",
        1,
        0,
    ),
    # a name after a nurse's or medic's title: "with RN Anahit Asante", "EMT Joe Ruiz"
    (
        "NAME",
        r"\b(?:RN|LPN|CNA|EMT|CRNA|Paramedic|Medic)\s+([A-Z][a-z][A-Za-z'-]*(?:\s+[A-Z]\.)?"
        r"(?:\s+(?:(?:dela|de la|de|van den|van der|van|von|del|Mac Giolla)\s+)?[A-Z][A-Za-z'-]+)"
        r"{1,2})",
        1,
        0,
    ),
    (
        "NAME",
        r"(?i:\b(?:page|paged|paging|call|called|notified|contacted|per)\s+"
        r"(?:(?:md|dr\.?|np|rn|pa|ho|resident|fellow|attending)\s+)?)"
        r"((?:(?:dela|de la|de|van den|van der|van|von|del)\s+)?"
        r"(?:[A-Z][a-z]{2,}|[A-Z]['’][A-Z][a-z]+|[A-Z][a-z](?=['’]s\b)))\b",
        1,
        0,
    ),
    (
        "NAME",
        r"(?i:\b(?:rabbi|father|pastor|chaplain|reverend|rev|sister)\b\.?)\s+"
        r"(?!(?i:rabbi|father|pastor|chaplain|reverend|rev|sister)\b)([A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?)",
        1,
        0,
    ),
    (
        "RAW_NAME",  # DICOM PN, HL7 XPN: "DE LA CRUZ^XIOMARA", "VO^DUC ANH^^^DR"
        r"\b([A-Z][A-Za-z'-]+\.?(?: [A-Za-z][A-Za-z'-]+){0,3}\^[A-Z][A-Za-z'-]+"
        r"(?: [A-Z][A-Za-z'-]+){0,2}(?:\^[A-Za-z'.-]*)*)",
        1,
        0,
    ),
    (
        "NAME",
        r"\b((?:[a-z]\.\s*)?[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?),?\s+(?:rn|md|np|pa|do|rt)\b",
        1,
        0,
    ),
    (
        "NAME",
        r"(?i:\b(?:drs'?|dr's|doctors)(?!\w)\.?)\s*"
        r"([A-Za-z][A-Za-z'-]+(?:\s*(?:,|(?i:and)|&)\s*[A-Za-z][A-Za-z'-]+){0,3})",
        1,
        0,
    ),
    (
        "NAME",
        r"(?i:\b(?:dr|doctor|mr|mrs|ms|miss|prof|professor)\b\.?)\s*"
        + _NOT_AFTER_TITLE
        + r"((?:[A-Za-z]\.\s*)?[A-Za-z][A-Za-z'-]+(?:\s+[A-Za-z][A-Za-z'-]+)?)",
        1,
        0,
    ),
    (
        "NAME",
        r"\b([A-Z][A-Za-z'-]+(?:\s+[A-Za-z]\.)?(?:\s+[A-Z][A-Za-z'-]+)?),?\s+(?:RN|MD|DO|NP|"
        r"PA-C|PA|PhD|MSW|LICSW|RRT|PT|OT|CNA|LPN|APRN|FNP|DNP|RD|PharmD|CRNA)\b",
        1,
        0,
    ),
    (
        "NAME",
        r"(?i:\b(?:son|daughters?|dtr|wife|husband|spouse|partner|mother|mom|father|dad|"
        r"brother|sister|niece|nephew|grandson|grand-?daughter|grandaughter|grandmother|"
        r"grandfather|aunt|uncle|cousin|friend|fianc[eé]e?|girlfriend|boyfriend|neighbou?r|"
        r"guardian|proxy|caregiver|hcp|sil|dil|husb|gdtr|gson|gdaughter|bro|sis)s?(?:-in-law)?\b)\s*(?:[,:(]|-+)?\s*"
        r"(?:is\s+|named\s+)?"
        r"([A-Za-z][A-Za-z'-]+(?:\s+[A-Z]\.)?"
        r"(?:\s+(?:(?:dela|de la|de|van den|van der|van|von|del|da|di|du|le|Mac Giolla)\s+)?"
        r"[A-Za-z][A-Za-z'-]+)?(?:\s+[A-Z][a-z][A-Za-z'-]*)?"
        r"(?:\s+(?i:and|&)\s+[A-Za-z][A-Za-z'-]+)?)",
        1,
        0,
    ),
    # a name before what only people do in a note: "mark is hcp", "Lionel brings her",
    # "ruby in to visit", "Anne-Marie to pick up"; and after "where is", "with" (mixed case)
    (
        "KNOWN_NAME",
        r"\b([A-Za-z][A-Za-z'-]+)\s+(?i:is\s+(?:the\s+|her\s+|his\s+)?"
        r"(?:hcp|proxy|health\s*care\s*proxy|dpoa|guardian)|in\s+to\s+visit|to\s+pick\s+up|"
        r"requests?\s+(?:a\s+)?call|brings\s+(?:him|her)|called\s+(?:this|in|to)|visited\s+"
        r"(?:today|tonight|this|last|yesterday)|at\s+(?:the\s+)?bedside)\b",
        1,
        0,
    ),
    ("KNOWN_NAME", r"(?i:\bwhere\s+is\s+)([A-Za-z][A-Za-z'-]+)\b", 1, 0),
    # the caller or writer naming themselves: "this is Ignatius, ...", "my name is Ann Lee"
    (
        "NAME",
        r"(?i:\b(?:this\s+is|my\s+name\s+is)\s+)"
        r"(?!(?:Dr|Mr|Mrs|Ms|The|A|An|It|This|That|Not|Nurse)\b)"
        r"([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
        r"(?=\s*[,(-]|\s+(?:from|calling|with|here|again)\b|['’]s\s)",
        1,
        0,
    ),
    ("KNOWN_NAME", r"(?<=[\w,] )with\s+([A-Z][a-z'-]+)(?=[,.;)]|\s+(?:in|at|and|who)\b)", 1, 0),
    (
        "NAME",
        r"(?i:\b(?:emergency contact|contact person|next of kin|nok)\s*:?\s*)"
        r"([A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?)",
        1,
        0,
    ),
    ("KNOWN_NAME", r"\b([A-Za-z][A-Za-z'-]+)\s+(?i:family)\b", 1, 0),  # the Romero family
    # a name before "is a 74 year old": "Crystal King is a 91 y/o lady"
    (
        "NAME",
        r"\b([A-Z][a-z'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'-]+){1,2})\s+is\s+an?\s+"
        r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)(?:\s|-)*(?:yo|y/o|y\.o\.|years?|yr)\b",
        1,
        0,
    ),
    # initials: "S.B.K.", "n.b." (not a.m., p.o., y.o. and other dotted abbreviations)
    (
        "RAW_NAME",
        r"(?<![\w.])(?=[A-Za-z]\.[A-Za-z]\.)(?!(?i:"
        + _DOTTED_ABBREVIATIONS
        + r")(?!\w))((?:[A-Z]\.){2,3}|(?:[a-z]\.){2,3})"
        r"(?![\w])",
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
_CREDENTIALS = (
    r"(?:RN|MD|DO|NP|PA-C|PA|PhD|MSW|LICSW|RRT|CNA|LPN|APRN|FNP|DNP|PharmD|CRNA|"
    r"MBBS|FACC|FACP|FACS|M\.D\.|D\.O\.|R\.N\.|N\.P\.|NRP|EMT-[PBI]|EMT|CST|CSFA|"
    r"PA\(ASCP\)|HTL|HT|CT\(ASCP\)|MLS|CCEMT-P|FP-C)"
)
_NAME = (
    r"(?!(?:MD|DO|RN|NP|PA|PhD|FACC|FACP|FACS|MRN|DOB|FNP|DNP|APRN|LPN|CNA|RRT|MSW|LICSW|CRNA|"
    r"PharmD|MBBS)\b)[A-Z][A-Za-z'-]+"
)
_PARTICLE = (
    r"(?:(?:(?i:de(?:\s+(?:la|los|las))?|dela|del|di|da|du|dos|van(?:\s+(?:der|den|de))?|von|"
    r"ter|le|bint?|ibn|abu|al|el|mac\s+giolla)|[OÓ]|St\.?|Ni|Nic|Ua)\s+)?"
)
# "Vega, Rocío", "Ortiz Vega, Rocío"; "Maria Elena Villanueva", "Nguyễn Thi Hoa", "Khadija bin
# Saleh" (a third word only through the name checks of _trim_name). The extra word is written in
# title case: in ALL-CAPS notes "PT TOL SETTINGS FAIRLY" would read as three names.
_TITLED = r"[A-Z][a-z][A-Za-z'-]*"
_LAST_FIRST = rf"{_PARTICLE}{_NAME}(?: {_TITLED})?,\s*{_NAME}(?: {_TITLED})?(?:\s+[A-Z]\.?)?"
_FIRST_LAST = (
    rf"(?:[A-Z]\.\s*)?{_NAME}\s+(?:[A-Z]\.\s+)?{_PARTICLE}{_NAME}(?: {_PARTICLE}{_TITLED})?"
)
# trackboard and registration forms: "LAST/FIRST", "Dela Cruz/Ana M"; "Last F" ("Frost G")
_SLASH_NAME = rf"{_PARTICLE}{_NAME}(?: {_NAME})?/{_NAME}(?: {_NAME})?(?: [A-Z]\b)?"
_LAST_INITIAL = rf"{_PARTICLE}{_TITLED}[ \t]+[A-Z](?![\w.'’/-])"  # Title Case: not "PT MOVES L"
_RELATIONS = (
    r"son|daughter|wife|husband|spouse|partner|mother|mom|father|dad|brother|sister|niece|"
    r"nephew|grandson|granddaughter|grandmother|grandfather|grandchild|aunt|uncle|cousin|"
    r"friend|neighbou?r|caregiver|guardian|hcp|proxy|poa|dpoa|roommate|landlord|fianc[eé]e?|"
    r"girlfriend|boyfriend|(?:step|god)(?:son|daughter|mother|father)|"
    r"(?:son|daughter|brother|sister|mother|father)-in-law|self|patient|pt"
)
# Names with strong evidence (a credential, a field label): trusted over the allow list.
STRONG_NAME_PATTERNS = (
    rf"\b({_LAST_FIRST}|{_FIRST_LAST}|[A-Z]\.\s*{_PARTICLE}{_NAME}|{_LAST_INITIAL}),?\s+"
    rf"\(?{_CREDENTIALS}(?![A-Za-z])",
    r"(?i:(?:\b|(?<=_))(?:patient|pt|name|physician|attending|signed|dictated by|reviewed by|"
    r"read by|signed by|ordering physician|referring physician|referring|pcp|cc|resident|fellow|"
    r"nurse|author|provider|surgeon|radiologist|contact|next of kin|guarantor|re|"
    r"discussed with|spoke with|spoken with|talked with|consulted with|d/w|seen with|"
    r"regards|sincerely|reporter|reported by|submitted by|requested by|sent by|sender|member|"
    r"subscriber|insured|beneficiary|"
    # telephone encounters: "Caller: Ann Lee (niece)", "opened by agent J. Roe", "CALLER: ANN LEE"
    r"caller|callers|called by|call from|message from|msg from|agent|operator|representative|"
    r"pharmacist|rph|driver|interpreter|on behalf of|proxy for|"
    # acute care: security, theatre staff, pathology and death paperwork
    r"officer|ofc\.?|sgt\.?|sergeant|deputy|detective|det\.|trooper|visitor|investigator|"
    r"decedent|informant|circulator|scrub|trackboard|grossed by|pronounced by|"
    r"witnessed by|funeral director|director|pronounce|(?:reg|registration|reviewed)(?=[ \t]*:)|"
    # dictation: "a clinic note on Ingrid Du Plessis", "consult letter regarding ..."
    r"(?:note|letter|report|consult(?:ation)?|dictation|summary)\s+(?:on|for|regarding))"
    r"(?![A-Za-z])"  # a whole word: "RE" is no cue in "RENAL INSUFFICIENCY"
    r"\s*(?:name)?(?:\s*\.{2,})?[\"']?[ \t]*[:,|]?[ \t]*[\"']?)"
    # a title, or an office held ("Dir. of Public Safety Ann Roe", "Director of Nursing A. Roe")
    r"(?:(?:Dr|Mr|Mrs|Ms|Ofc|Sgt|Det)\.?\s+|(?:Dir|Director|Chief|Head|Manager|Mgr)\.?\s+of\s+"
    r"(?:[A-Z][a-z]+\s+)?(?:Safety|Security|Nursing|Pharmacy|Operations|Services|Quality|"
    r"Medicine|Surgery|Emergency|Anesthesia|Pathology|Radiology)\s+)?"
    rf"({_SLASH_NAME}|{_LAST_FIRST}|{_FIRST_LAST}|"
    rf"{_LAST_INITIAL}|[A-Z]\.[ \t]?{_PARTICLE}{_NAME})\b",
    # one word after a role, a rank or a signature: "Scrub: Dawn (CST)", "Sgt. Ng", "/s/ Ly",
    # "mother's maiden name Okafor"
    r"(?i:(?:\b(?:ofc|officer|sgt|sergeant|det|detective|trooper|deputy|visitor|scrub|"
    r"circulator|decedent|informant|investigator|maiden\s+name)\b\.?|(?<![\w/])/s/)"
    r"[ \t]*[:#-]?[ \t]*(?:(?:Ofc|Sgt|Det|Dr|Mr|Mrs|Ms)\.?[ \t]+)?)"
    r"(?!(?i:none|n/a|na|unknown|pending|self|present|on|at|in|of|the|and|to|was|is|tbd|"
    r"ofc|sgt|det|dr|mr|mrs|ms)\b)"
    rf"({_PARTICLE}{_NAME})(?=[ \t]*(?:[,;.()\n]|$)|[ \t]+(?:[A-Z]\b|[a-z]))",
    # "the caller is Ann Lee", "CALLER WAS ANN LEE", "Caller - Ann Lee"
    r"(?i:\b(?:caller|agent|operator)(?:[ \t]+(?:is|was|name[ \t]+is|identified[ \t]+as)[ \t]+|"
    r"[ \t]*[-–][ \t]*))"
    rf"({_LAST_FIRST}|{_FIRST_LAST})\b",
    # a name with a relation in brackets: "Hye-jin Ó Dálaigh (granddaughter)", "Roe, Ann (POA)"
    rf"\b({_LAST_FIRST}|{_FIRST_LAST})[ \t]*\((?i:{_RELATIONS})\)",
    # message headers: From: "Jane Doe" <jdoe@...> (not To:, often a team or a desk)
    rf"(?im:^(?:from|cc|bcc|reply-to)[ \t]*:[ \t]*\"?)({_LAST_FIRST}|{_FIRST_LAST})\b",
    # a name owning a relative: "Rosalind Esposito's daughter", "Ignatius's son"
    rf"\b({_FIRST_LAST}|{_NAME})['’]s\s+(?i:daughter|son|wife|husband|mother|father|mom|dad|"
    r"sister|brother|niece|nephew|grand(?:daughter|son|mother|father)|partner|spouse|caregiver|"
    r"neighbou?r|friend|aide|proxy|hcp)\b",
    r"\b([A-Z][A-Z'-]+,\s*[A-Z][A-Z'-]+(?:\s+[A-Z]\.?)?)\s+\(?(?:DOB|MRN|dob|mrn)\b",
    r"(?i:\b(?:dr|doctor|mr|mrs|ms|miss|prof|professor)\b\.?)\s*"
    + _NOT_AFTER_TITLE
    + rf"((?:[A-Za-z]\.\s*)?{_PARTICLE}[A-Za-z][A-Za-z'-]+(?:\s+{_PARTICLE}[A-Z][A-Za-z'-]+)?)",
    r"\b(?i:pt|patient)\.?\s+([A-Z]\.\s?[A-Z]\.)",  # initials
)
# A name after "for" with no other cue ("application for Ana Brandt", "proxy (son) for Roe,
# Ann"): kept only when one of its words is a known given name or surname.
FOR_NAMES = re.compile(
    _wide(
        r"(?i:\b(?:for|on behalf of)[ \t]+)(?:(?:Dr|Mr|Mrs|Ms)\.?[ \t]+)?"
        rf"({_LAST_FIRST}|{_FIRST_LAST})"
    )
)
_KIND = {
    "VANITY_PLATE": "ID",
    "RAW_NAME": "NAME",
    "KNOWN_NAME": "NAME",
    "IP6": "IP",
    "PHONE_INTL": "PHONE",
}
_NOT_WIDE = (
    "DATE",
    "AGE",
    "ID",
    "VANITY_PLATE",
    "PHONE",
    "PHONE_INTL",
    "EMAIL",
    "URL",
    "IP",
    "IP6",
    "HL7_ADDRESS",
)
COMPILED = tuple(
    (
        label,
        re.compile(p if label in _NOT_WIDE else _wide(p), flags),
        group,
    )
    for label, p, group, flags in PATTERNS
)
STRONG_NAMES = tuple(re.compile(_wide(p)) for p in STRONG_NAME_PATTERNS)
_FACILITY_WORDS = (
    r"(?:Center|Centre|Facility|Living|Home|Manor|House|Hospital|Association|"
    r"Hospice|Village|Residence|Clinic|Medicine|Practice|Group)"
)
FACILITY_LINES = tuple(
    re.compile(_wide(p))
    for p in (
        # "Facility: Pine Ridge Visiting Nurse Association - Sudbury"
        r"(?i:\b(?:facility|discharged to|transferred (?:to|from)|transfer (?:to|from)|admitted to|"
        r"sent to|sent from|arrived from)\s*:?\s*)"
        r"((?:[A-Z][\w'&.-]*)(?:\s+(?:[A-Z][\w'&.-]*|of|and|&|the))*)(?:\s+-\s+([A-Z][a-z]+))?",
        rf"{_FACILITY_WORDS}\s+-\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)",
        # "lives with Crystal in Madison", "resides in Salem"
        r"\b(?:lives|living|resides|residing|moved|home)\s+(?:alone\s+|with\s+\w+\s+)?(?:in|to|at)"
        r"\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)",
        # "Twin Rivers Orthopedics & Sports Medicine", "Summit Skilled Nursing Facility"
        r"\b((?:[A-Z][\w'.-]*\s+){1,3}(?:Orthopedics|Orthopaedics|Visiting Nurse Association|"
        r"Skilled Nursing Facility|Senior Living|Nursing Facility)"
        r"(?:\s*&\s*(?:[A-Z][a-z]+\s?){1,3})?)",
    )
)

# Words that follow "dr", "son" etc. without being names.
_PLAIN_WORDS = frozenset(
    """
a an the and or but of to in on at by for with from into is was were be been are has had have
will would can could may might must shall should do does did not no yes here there this that
these those it its he she his her him they them their we us our you your who whom which what
when where why how all any some each every both either neither one two three four five six seven
eight nine ten aware notified paged called updated informed made spoke came saw seen visited
visit wants want wanted team service office note notes said says stated states asked told today
tonight yesterday tomorrow now then also still just again very well good ok okay please thanks
regarding re about after before during since until while because if so as than too per via
call calls calling noted notes reports reported requests requested agrees agreed brought took
drove drives asks says thinks feels wishes plans hopes knows brings visits lives lived died
dear patient pt read electronically signed dictated reviewed in-
house house on-call called present bedside bedside. order orders ordered aware. at bedside
in-law law in-laws resting reassessed improved evaluated
son sons daughter daughters wife husband niece nephew neighbor neighbour granddaughter grandson
caller callback fill refill refills
""".split()
)
_NOT_NAMES = _PLAIN_WORDS | ALLOWED


_VERB_ENDINGS = ("ed", "ing")


def _token_ok(token: str) -> bool:
    t = token.lower().strip(".,'-")
    return (
        len(t) > 1
        and t.replace("'", "").replace("-", "").isalpha()
        and t not in _NOT_NAMES
        and not (
            len(t) > 5
            and (t.endswith("ing") or (t.endswith("ed") and "-" not in t))  # not "El-Sayed"
            and t not in _name_lists()[0]
        )
    )


# Not spaCy's 0.85: presidio keeps one of two equal results, and a place these patterns found
# must not be judged (and dropped) as a spaCy place when spaCy found the same span ("PO Box 12").
_PLACE_SCORE = 0.86
_PHONE_SHAPED = re.compile(r"\+?\d{10,11}")  # a bare number a phone extension may follow


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
        from medprivacy.deid.text.generic import flatten, unquote
        from medprivacy.deid.text.names import cue_names
        from medprivacy.deid.text.records import (
            changed_lines,
            extend_phone,
            ocr_view,
            record_spans,
        )

        text = unquote(text)  # offsets hold: quote markers become spaces
        out = self._generic(text) + self._patterns(text)
        view, where = flatten(text)  # quoted and soft-wrapped lines read whole too
        if view != text:
            for r in self._generic(view) + self._patterns(view):
                if r.end > r.start:
                    r.start, r.end = where[r.start], where[r.end - 1] + 1
                    out.append(r)
        for m in FOR_NAMES.finditer(text):
            start, end = _trim_name(text, m.start(1), m.end(1))
            if start < end and (
                _has_known_name(text[start:end], mixed_case(text)) or _name_shaped(text, start, end)
            ):
                out.append(RecognizerResult("NAME", start, end, 0.95))
        for start, end in table_name_cells(text):
            out.append(RecognizerResult("NAME", start, end, 0.95))
        for start, end in table_cells(text, _PLATE_COLUMN, _PLATE_CELL):
            out.append(RecognizerResult("ID", start, end, 0.95))
        for start, end in table_cells(text, _ID_COLUMN, _ID_CELL):
            out.append(RecognizerResult("ID", start, end, 0.95))
        for start, end in table_cells(text, _USER_COLUMN, _LOGIN_CELL):
            if text[start:end].lower() not in _SYSTEM_LOGINS:
                out.append(RecognizerResult("NAME", start, end, 0.95))
        for start, end in table_cells(text, _AGE_COLUMN, _OLD_AGE_CELL):
            digits = re.match(r"0?(\d+)", text[start:end])
            if digits:
                out.append(RecognizerResult("AGE", start, start + digits.end(), 0.95))
        for rx in FACILITY_LINES:
            for m in rx.finditer(text):
                for g in range(1, (rx.groups or 0) + 1):
                    if m.start(g) >= 0 and m.end(g) > m.start(g):
                        out.append(RecognizerResult("LOCATION", m.start(g), m.end(g), _PLACE_SCORE))
        for start, end in lower_case_facilities(text):
            out.append(RecognizerResult("LOCATION", start, end, _PLACE_SCORE))
        for start, end in case_free_places(text):
            out.append(RecognizerResult("LOCATION", start, end, _PLACE_SCORE))
        for label, start, end in record_spans(text):
            out.append(RecognizerResult(label, start, end, 0.95 if label == "NAME" else 0.9))
        for label, start, end in cue_names(text):
            out.append(RecognizerResult(label, start, end, 0.95 if label == "NAME" else 0.9))
        ocr = ocr_view(text)  # "202l", "96l5": O and l read as digits in number-shaped tokens
        if ocr != text:
            ocr = changed_lines(ocr, text)
            out.extend(r for r in self._patterns(ocr) if r.entity_type != "NAME")
        for r in out:
            if r.entity_type == "PHONE" or (
                r.entity_type == "ID" and _PHONE_SHAPED.fullmatch(text[r.start : r.end])
            ):
                r.end = extend_phone(text, r.end)
        return out

    def _patterns(self, text: str) -> list[RecognizerResult]:
        """The pattern list and the strong name patterns on one view of the note."""
        out = []
        for label, rx, group in COMPILED:
            for m in rx.finditer(text):
                start, end = m.span(group)
                if start < 0 or start == end:
                    continue
                if label == "IP6" and not _is_ipv6(text[start:end]):
                    continue
                if label == "VANITY_PLATE" and not mixed_case(text):
                    continue
                if label == "CROSS_STREETS":  # two streets, and the town after them
                    for g in (1, 2):
                        out.append(RecognizerResult("LOCATION", *m.span(g), _PLACE_SCORE))
                    town = _town_after_street(text, m.end())
                    if town:
                        out.append(RecognizerResult("LOCATION", *town, _PLACE_SCORE))
                    continue
                if label == "STREET":  # the street line, and the town after it
                    if not any(c.islower() for c in text[start:end]) and not _CAPS_STREET_END.match(
                        text, end
                    ):
                        continue  # "1 MM ST ELEVATION": a street in capitals ends its line part
                    out.append(RecognizerResult("LOCATION", start, end, _PLACE_SCORE))
                    town = _town_after_street(text, end)
                    if town:
                        out.append(RecognizerResult("LOCATION", *town, _PLACE_SCORE))
                    more = place_after(text, end)
                    if more > end + 1:
                        out.append(RecognizerResult("LOCATION", end + 1, more, _PLACE_SCORE))
                    continue
                if label == "PHONE_INTL" and not 8 <= sum(c.isdigit() for c in m.group()) <= 17:
                    continue
                if label == "HL7_ADDRESS":  # street, other designation, city, zip
                    for g in range(1, 5):
                        if m.end(g) > m.start(g):
                            out.append(RecognizerResult("LOCATION", *m.span(g), _PLACE_SCORE))
                    continue
                if label == "KNOWN_NAME":
                    words = _LETTERS.findall(text[start:end])
                    if not all(w.lower() in _slot_names() for w in words):
                        continue
                if label in ("NAME", "KNOWN_NAME"):
                    start, end = _trim_name(text, start, end)
                    if start == end:
                        continue
                # RAW_NAME (initials, DICOM names) is kept whole
                score = _PLACE_SCORE if label == "LOCATION" else 0.85
                out.append(RecognizerResult(_KIND.get(label, label), start, end, score))
        mixed = mixed_case(text)
        for rx in STRONG_NAMES:
            for m in rx.finditer(text):
                start, end = _trim_slash_name(text, m.start(1), m.end(1), mixed)
                if start < end:
                    out.append(RecognizerResult("NAME", start, end, 0.95))
        return out

    @staticmethod
    def _generic(text: str) -> list[RecognizerResult]:
        """The class rules of ``generic``; candidate names keep only their name-like words."""
        from medprivacy.deid.text.generic import generic_spans

        out = []
        for label, start, end in generic_spans(text):
            if label == "CANDIDATE_NAME":
                start, end = _trim_name(text, start, end)
                if start == end or not _not_vocabulary(text[start:end]):
                    continue
                label = "NAME"
            score = _PLACE_SCORE if label == "LOCATION" else 0.9
            out.append(RecognizerResult(label, start, end, score))
        return out


def _not_vocabulary(span: str) -> bool:
    """A name candidate none of whose words is clinical, place or everyday vocabulary (a known
    given name or surname always passes)."""
    words = [w.lower() for w in _LETTERS.findall(span) if len(w) > 1]
    if not words:
        return True  # initials only
    names = _slot_names()
    return all(
        w in names
        or not (is_common_word(w) or w in _CLINICAL_NOUNS or w.endswith(_VOCABULARY_ENDINGS))
        for w in words
    )


# the town after a street line, with no state after it: "12 Oak St, Hope Valley ph ..."
_TOWN_AFTER = re.compile(_wide(r",[ \t]*([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\b(?![.'’]\w)"))
_NOT_TOWN = frozenset("apt apartment suite ste unit fl floor rm room bldg building rear".split())


_CAPS_STREET_END = re.compile(r"[ \t]*(?:[,;\n]|$)")
# a town in capitals after a street in capitals: "12 HIGH ST, HULL MA 02045"
_CAPS_TOWN_AFTER = re.compile(
    r",[ \t]*([A-Z]{3,}(?:[ -][A-Z]{3,}){0,2})(?=,?[ \t]+(?:" + _STATE_CODES + r")\b)"
)


def _town_after_street(text: str, end: int) -> tuple[int, int] | None:
    """Where the town right after a street address lies (a comma, then Title Case words that
    are no unit and no everyday word), or None."""
    caps = _CAPS_TOWN_AFTER.match(text, end)
    if caps:
        return caps.span(1)
    m = _TOWN_AFTER.match(text, end)
    if m is None:
        return None
    first = m.group(1).split()[0].split("-")[0].lower()
    if first in _NOT_TOWN or first in _PLAIN_WORDS or first in ALLOWED:
        return None
    return m.span(1)


def _has_known_name(span: str, mixed: bool) -> bool:
    """In mixed-case text: one word (hyphen parts too: "Marie-Claude") a given name or surname
    that is no everyday word ("Imani Fields", not "Long Term Care"), or every word a name of the
    lists ("Summer Love"). In ALL-CAPS or lower-case notes, two or more words, each a name that is
    no everyday word ("FOR SMALL RUSTY SPUTUM" names nobody)."""
    words = [w.lower() for w in _LETTERS.findall(span) if len(w) > 1]
    if not words:
        return False
    first, last = _name_lists()
    if not mixed:
        return len(words) >= 2 and all(w in first or w in last for w in words)
    return any(w in first or w in last for w in words) or all(w in _slot_names() for w in words)


_VOCABULARY_ENDINGS = tuple(
    "tion sion ment ness ity ance ence ics ogy ive ary ory ism ure ship able ible ful less ous "
    "ical ery apy itis osis emia oma".split()
)
_CLINICAL_NOUNS = frozenset(
    """
disease syndrome virus fever cancer infection disorder palsy test scan panel screen type stage
class grade level score scale program services service benefits coverage plan insurance
""".split()
)
_CLOSES = re.compile(r"[ \t]*(?:[.,;:()]|$)", re.M)


def _name_shaped(text: str, start: int, end: int) -> bool:
    """Two or three Title Case words closing a clause ("for Imani Fields.", "for Seo-yeon Vo,"),
    none of them a clinical, place or everyday word nor shaped like English vocabulary
    ("Physical Therapy", "Lyme Disease")."""
    words = text[start:end].replace(",", " ").split()
    parts = [p.lower() for w in words for p in _LETTERS.findall(w)]
    return (
        mixed_case(text)
        and 2 <= len(words) <= 3
        and _CLOSES.match(text, end) is not None
        and all(w[0].isupper() and not w.isupper() for w in words)
        and not any(
            is_common_word(p) or p in _CLINICAL_NOUNS or p.endswith(_VOCABULARY_ENDINGS)
            for p in parts
        )
    )


# Pipe or tab tables whose header names a person column ("| Rx# | Prescriber |"): the cells of
# that column are names, even a bare word-like surname ("| Fields |").
_PERSON_COLUMN = re.compile(
    r"(?i)^\s*(?:prescriber|prescribed by|provider|physician|doctor|dr|md|clinician|attending|"
    r"ordering(?: provider| physician| md)?|ordered by|pcp|nurse|rn|caller|contact|patient|"
    r"(?:patient |pt |contact |caller )?name|pharmacist|rph|signed(?: by)?|author|staff|"
    r"surgeon|reviewer|reviewed by|verified by|entered by|performed by|seen by|by|driver|owner|"
    r"(?:registered )?owner|passenger|witness|visitor|officer|initials?|inits?|"
    r"sign(?:ed|ature)?|sig|staff initials|"
    r"(?:obs|checked|done|given|charted|recorded|administered|witnessed)(?: by)?)"
    r"\s*$"
)
_CELL_NAME = re.compile(
    _wide(r"(?:[A-Z]\.\s*)*[A-Z][A-Za-z'’.-]*(?:,?\s+[A-Za-z][A-Za-z'’.-]*){0,3}")
)
_SYSTEM_LOGINS = frozenset(
    "system admin root auto batch service interface sys edc import migration n/a none".split()
)
_NOT_A_NAME_CELL = frozenset("n/a na none unknown self same tbd pending unk other".split())


# a plate column ("| Plate | State |", "| Tag # |") and what a plate cell holds
_PLATE_COLUMN = re.compile(
    r"(?i)^\s*(?:(?:licen[cs]e\s+)?plate(?:\s*(?:#|no\.?|number))?|tag(?:\s*#)?|lp\s*#?|"
    r"registration|reg\.?\s*#?|plate\s*/\s*state)\s*$"
)
_PLATE_CELL = re.compile(r"(?=[A-Za-z0-9 -]*\d)[A-Za-z0-9][A-Za-z0-9 -]{1,9}")


# a user column of an audit trail ("| user |", "| Login |") and what a login cell holds
_USER_COLUMN = re.compile(
    r"(?i)^\s*(?:user(?:[ _]?(?:name|id))?|login|logon|utilisateur|usager|operator|op[ée]rateur|"
    r"account|changed by|modified by|edited by)\s*$"
)
_LOGIN_CELL = re.compile(r"[A-Za-z][A-Za-z0-9._-]{2,40}")
# an age column ("| Age |", "| Âge |", "| Age (y) |") and an age over 89 in its cell
_AGE_COLUMN = re.compile(r"(?i)^\s*(?:age|âge|edad|alter|leeftyd|age\s*\((?:y|yrs?|years)\))\s*$")
_OLD_AGE_CELL = re.compile(r"0?(?:9\d|1[01]\d)(?:\s*(?:y|yo|yrs?|ans|years))?")
# a record-number column ("| MRN |", "| NHI |", "| UR |", "| Dossier |") and a cell with a digit
_ID_COLUMN = re.compile(
    r"(?i)^\s*(?:mrn|nhi|ur|ur\s*no\.?|ihi|urn|hosp(?:ital)?\s*(?:no\.?|number|#)|chart|"
    r"record(?:\s*(?:no\.?|#))?|dossier|folder(?:\s*no\.?)?|file\s*no\.?|patient\s*id|pt\s*id|id)"
    r"\s*$"
)
_ID_CELL = re.compile(r"(?=[A-Za-z0-9/ -]*\d)[A-Za-z0-9][A-Za-z0-9/ -]{3,20}")


def table_name_cells(text: str) -> list[tuple[int, int]]:
    """Spans of the cells under a person column of a pipe- or tab-separated table."""
    return table_cells(text, _PERSON_COLUMN, _CELL_NAME, names=True)


_RULE_ROW = re.compile(r"[ \t]*[-=+|:]{3,}[-=+|: \t]*$")


def table_cells(
    text: str, column: re.Pattern[str], cell_shape: re.Pattern[str], names: bool = False
) -> list[tuple[int, int]]:
    """Spans of the cells under the columns whose header ``column`` matches, in a pipe- or
    tab-separated table, when the cell has ``cell_shape`` (names: no everyday words only)."""
    out: list[tuple[int, int]] = []
    columns: set[int] = set()
    sep = ""
    for line in re.finditer(r"[^\n]+", text):
        row = line.group()
        if _RULE_ROW.match(row):
            continue  # "-----+-----" under a header rules the table off; it does not end it
        this = "|" if row.count("|") >= 2 else "\t" if row.count("\t") >= 1 else ""
        if not this or (sep and this != sep):
            columns, sep = set(), ""
            continue
        cells = list(re.finditer(r"[^|\t]+" if this == "|" else r"[^\t]+", row))
        if (
            this == "|"
            and cells
            and cells[0].start() == 0
            and cells[0].group().rstrip()[-1:] == ":"
        ):
            cells = cells[1:]  # "MVC: | Veh | Plate |": a label before the table is no column
        # a header row holds no digits: a data row's "MD" (Maryland) is no "MD" column
        heads = {i for i, c in enumerate(cells) if column.match(c.group())}
        if heads and not any(ch.isdigit() for ch in row):
            columns, sep = heads, this
            continue
        for i in columns:
            if i >= len(cells):
                continue
            cell = cells[i]
            raw = cell.group().strip()
            low = raw.lower()
            initials = names and 2 <= len(raw) <= 3 and raw.isalpha() and raw.isupper()
            if not initials and (
                not raw
                or low in _NOT_A_NAME_CELL
                or not cell_shape.fullmatch(raw)
                or (names and all(w in _NOT_NAMES for w in _LETTERS.findall(low)))
            ):
                continue
            lead = len(cell.group()) - len(cell.group().lstrip())
            begin = line.start() + cell.start() + lead
            out.append((begin, begin + len(raw)))
    return out


def _is_ipv6(value: str) -> bool:
    """A real IPv6 address with at least three groups (not "::" or a clock time)."""
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return value.count(":") >= 3 or len(value) >= 8


_INITIAL = re.compile(_wide(r"[A-Za-z]\.?"))
_PARTICLES = frozenset(
    "de la las los dela del di da du dos van der den von ter le st. ó bin bint ibn abu al el "
    "mac giolla ni nic ua".split()
)
_NAME_TOKEN = re.compile(_wide(r"[A-Za-z][A-Za-z'.-]*"))
# Words never taken for a name, whatever a name list says.
_NEVER_NAMES = frozenset(
    "the and a an in on at to of for with is was he she his her pt dr mr mrs ms md rn do".split()
)


# Words of place names that say what a place is, not which: never repeated on their own.
_PLACE_WORDS = frozenset(
    """
hospital hosp medical center centre clinic health healthcare system memorial general regional
community university county city state valley saint st mount mt holy sacred heart good samaritan
family internal medicine practice group associates partners rehab rehabilitation nursing home
house manor hospice residence village living senior skilled facility care urgent primary street
avenue road lane drive court way place boulevard suite apt unit floor north south east west new
lake river hill hills park green spring springs point harbor bay beach grove ridge view cross
institute foundation campus building school children women services service center's hospital's
""".split()
)


def is_common_word(low: str) -> bool:
    """A lower-case word too common in notes to stand for a name or a place on its own."""
    return low in _NOT_NAMES or low in _PLACE_WORDS or low in _STREET_WORDS


def _named_in_context(token: str) -> bool:
    """A word that a name slot (after a title, a relation word, before a credential) accepts even
    though it is also a word: a known given name or surname, or an eponym or -ing word written
    like a name ("Dr. Graves", "friend (May)", "J. Foley, DO", "Hart, Sterling MD")."""
    t = token.strip(".,-")
    if t.endswith(("'s", "’s")):
        t = t[:-2]
    low = t.lower()
    if len(t) < 2 or low in _NEVER_NAMES or not t.replace("'", "").replace("-", "").isalpha():
        return False
    titled = t[0].isupper() and not t.isupper()
    if low in _PLAIN_WORDS:
        return titled and low in _slot_names()
    if low in _slot_names():
        return titled or t.isupper() or low not in _NOT_NAMES
    return titled and (low in ALLOWED or (low.endswith(_VERB_ENDINGS) and low.isalpha()))


def _trim_slash_name(text: str, start: int, end: int, mixed: bool) -> tuple[int, int]:
    """``_trim_name``, but a "LAST/FIRST" pair after a cue is kept whole once the surname passes:
    the given name after the slash is not checked against verbs ("LY/XIUYING"). In an ALL-CAPS
    note a slash pair is shorthand ("PT REMAINS INTUB/VENTED", "HPI/PMHX"), never a name."""
    slash = text.find("/", start, end)
    if slash < 0:
        return _trim_name(text, start, end)
    if not mixed:
        return start, start
    s, e = _trim_name(text, start, slash)
    after = _LETTERS.findall(text[slash + 1 : end].lower())
    if (
        s < e == slash
        and after
        and not any(w in _NOT_NAMES for w in after)
        and all(set(w) & set("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûü") for w in after)
    ):
        return s, end
    return start, start  # a slash pair is a name only whole ("HPI/PMHX" is none)


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep the leading tokens of a captured name that look like names: up to three names, with
    initials anywhere ("I. Nunez", "BLACKBURN, REBECCA P")."""
    kept: list[re.Match[str]] = []
    pending: list[re.Match[str]] = []
    names = 0
    for tok in _NAME_TOKEN.finditer(text[start:end]):
        if _INITIAL.fullmatch(tok.group()) or tok.group().lower() in _PARTICLES:
            kept.append(tok)
            continue
        if tok.group().lower() == "and" and names and not pending:
            pending.append(tok)  # "Drs Ballou and Dutter": kept only before another name
            continue
        if names == 3 or not (_token_ok(tok.group()) or _named_in_context(tok.group())):
            break
        if pending and not (tok.group()[0].isupper() or tok.group().lower() in _slot_names()):
            break
        kept.extend(pending)
        pending.clear()
        kept.append(tok)
        names += 1
    if not names:
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
mass calif fla
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
    initials = _initials(items)
    for form in initials:
        forms.setdefault(form.lower(), "NAME")
    if not forms:
        return None
    alts = []
    for form in sorted(forms, key=len, reverse=True):
        escaped = re.escape(form).replace(r"\ ", r"\s+")
        # short forms must stand alone; longer ones are found inside tokens too (SMITH123)
        if form.upper() in initials and form.isalpha():
            alts.append(rf"(?-i:(?<![A-Za-z0-9]){form.upper()}(?![A-Za-z0-9]))")  # DCK, upper only
        elif len(form) >= 4:
            alts.append(escaped)
        else:
            alts.append(rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])")
    return re.compile("|".join(alts), re.I), forms


def _initials(items: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The patient's initials from the context's name fields: "J.S.", "J.M.S.", and upper-case
    "JMS" and "JS" (two letters only when they are no clinical abbreviation such as BP)."""
    first = last = middle = ""
    for key, value in items:
        k, v = key.lower(), value.strip()
        if _label_for(k) != "NAME" or not v:
            continue
        if "first" in k or "given" in k:
            first = first or v
        elif "middle" in k:
            middle = middle or v
        elif "last" in k or "family" in k or "surname" in k:
            last = last or v
        elif "," in v:
            last, _, rest = v.partition(",")
            first = first or rest.strip()
        elif " " in v:
            first, *_, last = v.split()
    firsts, middles, lasts = (_LETTERS.findall(x) for x in (first, middle, last))
    if not firsts or not lasts:
        return ()
    f, lst = firsts[0][0].upper(), lasts[-1][0].upper()
    mids = [m[0].upper() for m in middles[:1] + firsts[1:2]]
    forms = [f"{f}.{lst}.", f"{f}{lst}"] + [f"{f}.{m}.{lst}." for m in mids]
    forms += [f"{f}{m}{lst}" for m in mids]
    return tuple(x for x in forms if not (len(x) == 2 and x.lower() in _NOT_NAMES))


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


# faker's person lists (MIT) of the locales whose names are common in US and European hospitals
NAME_LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "es_ES",
    "es_MX",
    "it_IT",
    "fr_FR",
    "de_DE",
    "pt_BR",
    "nl_NL",
    "el_GR",
)


@lru_cache(maxsize=1)
def _name_lists() -> tuple[frozenset[str], frozenset[str]]:
    from importlib import import_module

    first: set[str] = set()
    last: set[str] = set()
    for locale in NAME_LOCALES:
        provider = import_module(f"faker.providers.person.{locale}").Provider
        first.update(n.lower() for n in getattr(provider, "first_names", ()) if n.isalpha())
        last.update(n.lower() for n in getattr(provider, "last_names", ()) if n.isalpha())
    blocked = _WORDLIKE_NAMES | _NOT_NAMES | STATES_AND_COUNTRIES
    return frozenset(first - blocked), frozenset(last - blocked)


# two-letter surnames that faker's lists lack ("Sgt. Ng", "per Xu's request"); in name slots only
_SHORT_SURNAMES = frozenset("ng xu ly wu yu li lu vo hu".split())


@lru_cache(maxsize=1)
def _slot_names() -> frozenset[str]:
    """Every given name and surname of the lists, words among them included (for name slots)."""
    from importlib import import_module

    names: set[str] = set(_WORDLIKE_NAMES) | _SHORT_SURNAMES
    for locale in NAME_LOCALES:
        provider = import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "last_names"):
            names.update(n.lower() for n in getattr(provider, attr, ()) if n.isalpha())
    return frozenset(names)


_WORD = re.compile(_wide(r"[A-Za-z][A-Za-z'-]+"))
_LETTERS = re.compile(r"[^\W\d_]+")


# Two ALL-CAPS words in mixed-case text ("CALLED BY RADHIKA FERREIRA"), checked as a known given
# name then a known surname (clinical capitals such as "NO ACUTE DISTRESS" are in no list).
_CAPS_PAIR = re.compile(
    _wide(r"(?<![\w-])([A-Z][A-Z'-]+)[ \t]+([A-Z][A-Z'-]+)(?:[ \t]+([A-Z][A-Z'-]+))?(?![\w-])")
)


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
        mixed = mixed_case(text)
        out = []
        for m in _WORD.finditer(text):
            word = m.group()
            low = word.lower()
            if mixed:
                if word[0].isupper() and (low in first or low in last) and not word.isupper():
                    out.append(RecognizerResult("NAME", m.start(), m.end(), 0.6))
            elif low in first:
                out.append(RecognizerResult("NAME", m.start(), m.end(), 0.5))
        if mixed:
            for m in _CAPS_PAIR.finditer(text):
                given, family = m.group(1).lower(), m.group(2).lower()
                if given in first and (family in last or family in first):
                    third = (m.group(3) or "").lower()
                    end = m.end() if third in last else m.end(2)
                    out.append(RecognizerResult("NAME", m.start(), end, 0.85))
        return out


def mixed_case(text: str) -> bool:
    """True for ordinary prose; False for ALL-CAPS or all-lower-case notes (ICU shorthand)."""
    letters = sum(c.isalpha() for c in text)
    upper = sum(c.isupper() for c in text)
    return 0.02 < upper / max(1, letters) < 0.6


def plausible_person(span: str, mixed: bool) -> bool:
    """Whether a statistical PERSON span deserves trust: one of its words is a known given name or
    surname, or, in mixed-case text, it is written like a name (Title Case, not vocabulary)."""
    first, last = _name_lists()
    words = _WORD.findall(span)
    if any(w.lower() in first or w.lower() in last for w in words):
        return True
    return (
        mixed
        and bool(words)
        and all(w[0].isupper() and not w.isupper() and _token_ok(w) for w in words)
    )


def plausible_place(span: str) -> bool:
    """Whether a statistical place span deserves trust: real words, not vocabulary or a state."""
    words = _WORD.findall(span)
    return (
        bool(words)
        and all(len(w) >= 3 and _token_ok(w) for w in words)
        and (span.strip().lower() not in STATES_AND_COUNTRIES)
    )


# Lower-case facility names ("oak grove hospital of methuen"): the words before the facility word,
# minus leading function words, must remain.
_LOWER_FACILITY = re.compile(
    r"\b((?:[a-z][a-z'&.-]*\s+){1,3}(?P<kind>hospital|medical center|nursing center|nursing home|"
    r"rehab(?:ilitation)?(?: and nursing)? (?:center|hospital)|clinic|manor|hospice)"
    r"(?:\s+of\s+[a-z]+)?)\b"
)
_FUNCTION_WORDS = frozenset(
    "a an the to at in from of and or for on with by his her their our "
    "your this that back home same local outside other".split()
)


def lower_case_facilities(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _LOWER_FACILITY.finditer(text):
        # the name is the words after the last function word or verb: "dictating a clinic
        # note" and "doctor in the hospital" name nothing
        words = list(re.finditer(r"\S+", text[m.start(1) : m.start("kind")]))
        while words and not all(
            w.group() not in _FUNCTION_WORDS | _NOT_NAMES
            and not (len(w.group()) > 5 and w.group().endswith(_VERB_ENDINGS))
            for w in words
        ):
            words.pop(0)
        if words:
            out.append((m.start(1) + words[0].start(), m.end(1)))
    return out


# Places written in any case, the way nursing notes name them: "kessler-adventist hosp",
# "UNION HOSP", "Baltimore Rehab", "laurel regional", a ward or site nickname with its number
# ("transfer to quartermain 2"), a hospital acronym in lower case ("sent to gh"), a home town
# ("lives nearby in rockport").
_ANY_CASE_FACILITY = re.compile(
    r"\b((?:[a-z][a-z'&.-]*[ \t]+){1,3}(?P<kind>hosp(?:ital)?|memorial|regional|campus|"
    r"rehab(?:ilitation)?(?:[ \t]+(?:center|hosp(?:ital)?|facility))?|va|vamc|adventist|"
    r"nursing home|nursing center|(?:skilled[ \t]+)?nursing facility|senior living|"
    r"assisted living)\b\.?)(?![ \t]*(?i:course|history|records?|summary|team|"
    r"staff|stay|policy|admission|discharge)\b)",
    re.I,
)
_WARD = re.compile(
    r"(?i:\b(?:transfer(?:red|ring)?|tx'?d|trans\.?|to|from|on|c/o|called out to|"
    r"bed on|back to)[ \t]+(?:the[ \t]+)?)([a-z]{4,})[ \t]*\d{1,2}\b"
    r"(?![.:/,]\d|[ \t]*(?i:mg|mcg|l|lpm|%|cc|ml|hr|hrs|h|units?|u|am|pm|x|times|liters?|days?|"
    r"weeks?|wks?|mins?|minutes?|hours?|meq|mm|cm|kg|lb|lbs|beats|breaths|degrees?|g|gm|grams?|"
    r"puffs?|tabs?|caps?|drops?|sprays?|doses?|mmhg|cmh2o|inches|feet|ft)\b)"
)
_LOWER_ACRONYM = re.compile(r"(?i:\b(?:at|to|from|in|@)[ \t]+)((?-i:[a-z]?gh|[a-z]{2,3}mc))\b")
_HOME_TOWN = re.compile(
    r"(?i:\b(?:lives|living|resides|residing|moved|returned|home)[ \t]+(?:nearby[ \t]+|"
    r"close by[ \t]+|alone[ \t]+|back[ \t]+)?(?:in|to)[ \t]+)([a-z]+(?:[ \t][a-z]+)?)\b"
)
# Words that qualify a facility without naming it: "pulmonary rehab", "the outside hosp".
_FACILITY_QUALIFIERS = frozenset(
    """
pulmonary cardiac acute subacute sub-acute inpatient outpatient physical occupational
vestibular short-term long-term short long term inpt outpt cardio pulm neuro stroke
geri geriatric psych psychiatric day vocational rehab rehabilitation to for the into from
osh prior previous another any other nearest nearby closest local area
""".split()
)
_WARD_WORDS = frozenset(
    """
floor bed beds room rooms level pod step tele unit units ward wing station rehab bay hall
dopamine dopa levophed neo vaso vasopressin nitro ntg insulin lasix heparin propofol fent
fentanyl versed ativan morphine dilaudid labetalol esmolol nipride milrinone dobutamine
amio amiodarone diltiazem dilt integrilin precedex peep cpap psv fio2 rate liters
""".split()
)


_FACILITY_TYPES = frozenset(
    """
hospital hosp medical center centre clinic health healthcare system memorial general regional
community university county city state rehab rehabilitation nursing home house manor hospice
care urgent primary skilled facility outside va vamc campus
""".split()
)


def _name_words_before(text: str, start: int, end: int) -> int:
    """Where the run of name-like words ending at ``end`` starts (``end`` if there is none)."""
    first = end
    for m in reversed(list(re.finditer(r"[^ \t-]+", text[start:end]))):
        w = m.group().lower().strip(".")
        if (
            w in _PLAIN_WORDS
            or (w in ALLOWED and w not in _slot_names())
            or w in _FACILITY_TYPES
            or w in _FACILITY_QUALIFIERS
            or w.endswith(_VERB_ENDINGS)
        ):
            break
        first = start + m.start()
    return first


def case_free_places(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _ANY_CASE_FACILITY.finditer(text):
        head_end = m.start("kind")
        first = _name_words_before(text, m.start(1), head_end)
        if first < head_end:
            out.append((first, m.end(1)))
    for rx in (_WARD, _LOWER_ACRONYM, _HOME_TOWN):
        for m in rx.finditer(text):
            start, end = m.span(1)
            if rx is _HOME_TOWN:  # keep leading name-like words: "rockport and" -> "rockport"
                words = list(re.finditer(r"\S+", m.group(1)))
                while words and is_common_word(words[-1].group().lower()):
                    words.pop()
                if not words:
                    continue
                end = start + words[-1].end()
            words_l = [w.lower() for w in _LETTERS.findall(text[start:end])]
            if rx is not _LOWER_ACRONYM and any(
                is_common_word(w) or w in _WARD_WORDS or w in STATES_AND_COUNTRIES for w in words_l
            ):
                continue
            out.append((start, end))
    return out
