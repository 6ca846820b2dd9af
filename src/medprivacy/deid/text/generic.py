"""Recall-first rules that catch PHI by its class, not by one writer's phrasing: any opaque code
after an identifier label or standing alone, day-first dates, national phone numbers, postcodes,
address lines led by a label or a unit and the locality after them, names in sign-offs,
usernames, ``Surname, I.`` and role labels, and ages written in sex/age or bracket shorthand.

Each held-out notes style written blind leaked through phrasings the pattern list of
``recognizers`` did not know; these rules aim at what those phrasings share (a label before an
opaque value, a line shaped like an address). Clinical quantities stay out: a value followed by
a unit, a number with a unit glued to it (``1000ML``), vitals glued to their label
(``HR110-120``), ICD-10 codes (``F02.81``) and score fractions are never taken for codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Found = tuple[str, int, int]
"""``(label, start, end)``: a label of ``recognizers.LABELS`` and character offsets."""

# -- quoted e-mail text -----------------------------------------------------------------------
_QUOTE_PREFIX = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")


def unquote(text: str) -> str:
    """``text`` with the ``> > `` quote markers at line starts blanked (same length, so offsets
    hold): a phrase wrapped inside a quoted reply reads as it did in the original message."""
    return _QUOTE_PREFIX.sub(lambda m: " " * len(m.group()), text)


_WRAPPED = 40
"""A line at least this long that ends mid-sentence was wrapped by the writer's editor."""
_NOT_CONTINUED = re.compile(r"[ \t]*(?:$|[-*•|]|\d{1,2}[.)][ \t]|[A-Z][A-Z /&]{2,}:)")


def _soft_break(line: str, following: str) -> bool:
    """Whether the break after ``line`` (quote markers removed) only wraps prose."""
    return (
        len(line.strip()) >= _WRAPPED
        and line.rstrip()[-1:] not in (":", ";", "")
        and "\t" not in line
        and line.count("|") < 2
        and not _NOT_CONTINUED.match(following)
    )


def flatten(text: str) -> tuple[str, list[int]]:
    """``text`` without quote markers and with soft-wrapped lines joined by one space, and for
    each character of that view its offset in ``text``: a phone, an address or a name that an
    editor wrapped ("at 764\nSummer St", "07700\n> 900318") reads whole."""
    view: list[str] = []
    where: list[int] = []
    at = 0
    previous = None
    for line in text.split("\n"):
        quote = _QUOTE_PREFIX.match(line)
        skip = quote.end() if quote and ">" in quote.group() else 0
        content = line[skip:]
        if previous is not None:
            soft = _soft_break(previous, content)
            if soft:
                stripped = len(content) - len(content.lstrip(" \t"))
                skip += stripped
                content = content[stripped:]
            view.append(" " if soft else "\n")
            where.append(at - 1)
        view.extend(content)
        where.extend(range(at + skip, at + skip + len(content)))
        previous = content
        at += len(line) + 1
    return "".join(view), where


# -- identifiers ------------------------------------------------------------------------------
# words that label an identifier: "Docket No.", "UHID :", "IP No.", "S/N", "Licence", "Ref"
_ID_LABEL = (
    r"(?i:(?<![\w/])(?:no|nos|num|number|#|id|ident|identifier|ref|reference|uhid|mrn|nhs|chi|"
    r"docket|case|file|acct|account|csn|fin|har|ip|op|opd|ipd|reg|regn|registration|"
    r"licen[cs]e|lic|permit|serial|s/n|sn|imei|imsi|mac|policy|member|subscriber|group|claim|"
    r"certificate|cert|badge|passport|aadhaa?r|pan|voter|employee|emp|device|tag|medicaid|"
    r"medicare|insurance|beneficiary|enrol(?:l)?ment|ticket|order|requisition|accession|"
    r"specimen|encounter|visit|admission|episode|folio|index|cr|crn|uid|hosp|hospital|"
    r"pt|patient|client|resident|inmate|booking|warrant|ltc|fid|foid|ccw|dl|gmc|npi|dea|"
    r"upin|ein|tin|itin|gps|bracelet|unit|pacemaker|implant|aid|vin|ending(?:[ \t]+in)?|"
    r"last[ \t]+(?:4|four)(?:[ \t]+digits)?)\b\.?)"
)
_ID_LEAD = (
    _ID_LABEL + r"(?:[ \t]*(?i:no\.?|number|num|#|id|code)(?![\w]))*"
    r"(?:[ \t]*(?:\([^()\n]{1,20}\)))?[ \t]*(?:[:#=\-–|]+[ \t]*)?(?:is[ \t]+|was[ \t]+)?"
)
# a value: chunks of letters and digits joined by - / . or single spaces
_CHUNK = r"[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)*"
_LABELLED_ID = re.compile(_ID_LEAD + rf"({_CHUNK}(?:[ ]{_CHUNK}){{0,3}})")
_UNIT_AFTER = re.compile(
    r"(?i)^(?:mg|mcg|g|gm|kg|lb|lbs|ml|l|cc|units?|iu|meq|mmol|mmhg|bpm|%|cm|mm|in|ft|hrs?|"
    r"min|mins|days?|weeks?|wks?|months?|mo|yrs?|years?|x|times|tabs?|caps?|puffs?|cal|kcal)$"
)
_MEASURE = re.compile(
    r"(?i)^(?:[A-Z]{0,6})\d{1,4}(?:\.\d+)?(?:[-/]\d{1,4}(?:\.\d+)?)?"
    r"(?:mg|mcg|g|gm|kg|lbs?|ml|l|cc|u|units?|iu|meq|mmol|mmhg|bpm|%|cm|mm|hrs?|h|min|d|x)?$"
)
_ICD = re.compile(r"^[A-TV-Z]\d{2}(?:\.[0-9A-Z]{1,4})?$")
_YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}$")


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _code_like(chunk: str) -> bool:
    """A chunk that can belong to an identifier: it holds a digit, or it is a short prefix in
    capitals ("LTC-A", "IP") that a digit chunk follows."""
    return any(c.isdigit() for c in chunk) or (chunk.isupper() and len(chunk) <= 6)


def _opaque(value: str, strong: bool) -> bool:
    """Whether a labelled value reads as an identifier rather than a quantity."""
    d = _digits(value)
    if d < 3 or _ICD.match(value) or _YEAR_ONLY.match(value):
        return False
    if _MEASURE.match(value) and d < 5:
        return False
    letters = sum(c.isalpha() for c in value)
    return d >= 4 or (strong and letters >= 1 and len(value) >= 5)


def labelled_ids(text: str) -> Iterator[Found]:
    """Any opaque value after an identifier label: ``Docket No. WO21P0042GD``, ``IP No. :
    IP/21/04411``, ``licence LTC-A 0045521``, ``UHID : KLM0012345``, ``S/N 12A34567``."""
    for m in _LABELLED_ID.finditer(text):
        start = m.start(1)
        chunks = list(re.finditer(r"\S+", m.group(1)))
        keep_end = None
        for i, c in enumerate(chunks):
            word = c.group()
            if _UNIT_AFTER.match(word):
                break
            if not _code_like(word):
                break
            if not any(ch.isdigit() for ch in word) and not (
                i + 1 < len(chunks) and any(ch.isdigit() for ch in chunks[i + 1].group())
            ):
                break  # a capital prefix only counts before a digit chunk
            keep_end = c.end()
        if keep_end is None:
            continue
        value = m.group(1)[:keep_end]
        after = text[start + keep_end : start + keep_end + 8].lstrip()
        unit = re.match(r"[A-Za-z%]+", after)
        if unit and _UNIT_AFTER.match(unit.group()):
            continue
        if _opaque(value.replace(" ", ""), strong=True):
            yield "ID", start, start + keep_end


# an opaque code anywhere: capitals and digits, four digits or more, not a quantity
_CODE = re.compile(
    r"(?<![\w@/.:+-])(?=[A-Z0-9/-]*[A-Z])(?=(?:[A-Z/-]*\d){4})"
    r"([A-Z0-9]+(?:[-/][A-Z0-9]+)*)(?![\w@/+-]|\.\w)"
)
_GLUED_UNIT = re.compile(r"^\d+(?:[.,]\d+)?[A-Z/%]+$")  # 1000ML, 2000MG, 1500KCAL
_VITAL_RANGE = re.compile(r"^[A-Z]{1,6}\d{2,3}(?:[-/]\d{2,3})+$")  # HR110-120, BP120/80
_SHORT_SUFFIX = re.compile(r"^[A-Z]{1,6}-?\d{4}$")  # COVID-2019-like and "ICD-1234" stay


def opaque_codes(text: str) -> Iterator[Found]:
    """Codes with capitals and at least four digits wherever they stand (``PJN123456H``,
    ``GPS-1234-A``, ``WO21P1234GD``): no clinical quantity is written that way."""
    for m in _CODE.finditer(text):
        v = m.group(1)
        if _GLUED_UNIT.match(v) or _VITAL_RANGE.match(v) or _ICD.match(v):
            continue
        if not any(c.isalpha() for c in v):
            continue
        yield "ID", m.start(1), m.end(1)


# a national or health-system number written in spaced groups: "8003 6016 4342 7314" (four
# fours, as cards and IHIs are), or after a label, "NAS 640 181 910", "SIN: 301 258 834"
_FOUR_FOURS = re.compile(r"(?<![\w.,/:-])\d{4}(?:[ ]\d{4}){3}(?![\w/-]|[.,]\d)")
_LABELLED_GROUPS = re.compile(
    r"(?<![\w])(?:[A-Z]{2,6}|(?i:no|number|numéro|nr|num|#|card|carte|id))\.?[ \t]*[:#=]?[ \t]*"
    r"(\d{3,5}(?:[ ]\d{1,5}){2,4})(?![\w/-]|[.,]\d)"
)
_NOT_ID_LABEL = frozenset(
    "tel ph fax cell mob bp hr rr wbc plt hb hgb anc cd4 psa cea ldh alp afp inr ct mri pet "
    "dose qty vol".split()
)
# capitals then spaced digits: a provincial health card "ABCD 1234 5678"
_LETTERS_THEN_GROUPS = re.compile(r"(?<![\w-])[A-Z]{2,4}[ ]\d{4}[ ]\d{4}(?:[ ]\d{1,4})?(?![\w-])")
# letters, digits, letters: "SXM97CH", "BAE08RC" (a TNM stage starts with one letter: T2N0M0)
_LETTER_DIGIT_LETTER = re.compile(r"(?<![\w@/.:+-])[A-Z]{2,4}\d{2,4}[A-Z]{1,3}(?![\w@/+-])")
# a registration or licence number after the board's capitals: "(CPSO #71756)", "CMQ 22009",
# "HPCSA MP 9126643", "MCNZ 89548"
_BOARD_NUMBER = re.compile(
    r"(?<![\w])([A-Z]{3,6})[ \t]*(?:#|no\.?|:)?[ \t]*((?:[A-Z]{1,2}[ ])?\d{5,8})"
    r"(?=[ \t]*(?:[),;]|$|\n))"
)
_NOT_BOARD = frozenset(
    "WBC PLT ANC PSA CEA LDH ALP AFP HGB INR MRN DOB EGFR CRP ESR TSH BNP CPK SBP DBP MAP FEV "
    "FVC DLCO CTV PTV GTV OAR MLC SSD DOSE MU".split()
)


def spaced_ids(text: str) -> Iterator[Found]:
    """Numbers in spaced groups that only identifiers are written as, ``ABCD 1234 5678`` health
    cards, letter-digit-letter record numbers and a licensing board's number."""
    for m in _FOUR_FOURS.finditer(text):
        if not all(_YEAR_ONLY.match(g) for g in m.group().split()):
            yield "ID", m.start(), m.end()
    for m in _LABELLED_GROUPS.finditer(text):
        label = text[m.start() : m.start(1)].strip(" \t:#=.").lower()
        if label in _NOT_ID_LABEL or _digits(m.group(1)) < 8:
            continue
        if all(_YEAR_ONLY.match(g) for g in m.group(1).split()):
            continue
        yield "ID", m.start(1), m.end(1)
    for m in _LETTERS_THEN_GROUPS.finditer(text):
        if not all(_YEAR_ONLY.match(g) for g in m.group().split()[1:]):
            yield "ID", m.start(), m.end()
    for m in _LETTER_DIGIT_LETTER.finditer(text):
        yield "ID", m.start(), m.end()
    for m in _BOARD_NUMBER.finditer(text):
        if m.group(1) not in _NOT_BOARD:
            yield "ID", m.start(), m.end(2)


# a plate after its cue, the state quoted or bracketed or not: "vanity plate 'NH' PAPA 2"
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|AB|BC|MB|NB|NL|NS|NT|NU|ON|"
    "PE|QC|SK|YT"
)
_PLATE = re.compile(
    r"(?i:\b(?:vanity[ \t]+)?(?:licen[cs]e[ \t]+)?(?:plates?|tags?|reg(?:istration)?|lic\.?|"
    r"rego|plaque|immatriculation|matr[ií]cula|kenteken|kennzeichen|targa|"
    r"registrasie(?:nommer)?)\b"
    r"\.?(?:[ \t]*(?:#|no\.?|number|reads?|is|was|:|=))*[ \t]*)"
    rf"(?:[(\"'‘“]?(?:{_STATES})[)\"'’”]?[ \t]+|(?:{_STATES})[ \t]*[:-][ \t]*)?"
    r"((?:[A-Z0-9]{1,8})(?:[ -][A-Z0-9]{1,5}){0,3})(?![A-Za-z0-9])"
)
# a plate straight after the vehicle word, letters and digits mixed: "for car WND530"
_VEHICLE_PLATE = re.compile(
    r"(?i:\b(?:car|vehicle|véhicule|vehículo|auto|van|truck|ute|bakkie)[ \t]+)"
    r"((?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{5,8})(?![\w-])"
)
_NOT_PLATE = re.compile(rf"^(?:{_STATES}|NONE|NOT|UNK|UNKNOWN|PENDING|TBD|N/A|NA|ON|IN|AT|OF)$")


def plates(text: str) -> Iterator[Found]:
    """A plate after its cue: capitals and digits, 2 to 8 characters in up to three groups."""
    for m in _PLATE.finditer(text):
        v = m.group(1)
        groups = re.split(r"[ -]", v)
        while groups and _NOT_PLATE.match(groups[-1]) and len(groups) > 1:
            groups.pop()  # a state after the plate: "ABC 123 MA"
        value = " ".join(groups)
        n = sum(c.isalnum() for c in value)
        if (len(groups) > 3 and n > 9) or not 2 <= n <= 9:
            continue
        if _NOT_PLATE.match(value) or (not any(c.isdigit() for c in value) and n < 4):
            continue
        yield "ID", m.start(1), m.start(1) + len(value)
    for m in _VEHICLE_PLATE.finditer(text):
        yield "ID", m.start(1), m.end(1)


# device and contact identifiers by shape: a MAC address, an SSN masked but for its last four,
# an e-mail address spelled out to dodge filters ("jdoe at gmail dot com")
_SHAPES = (
    re.compile(
        r"(?<![\w:-])(?:[0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])"
    ),
    re.compile(r"(?i)(?<![\w-])(?:x{3}|\*{3})[ -]?(?:x{2}|\*{2})[ -]?\d{4}(?!\d)"),
)
_SPELLED_EMAIL = re.compile(
    r"(?i)\b[\w.+-]{2,40}[ \t]*(?:\[at\]|\(at\)|[ \t]at[ \t])[ \t]*[\w-]{2,40}"
    r"(?:(?:[ \t]*(?:\[dot\]|\(dot\))[ \t]*|[ \t]dot[ \t]|\.)[\w-]{2,10})+\b"
)
_TLD = frozenset("com org net edu gov mil uk ca in au de fr ie nz us io me co info".split())


def shapes(text: str) -> Iterator[Found]:
    """MAC addresses and masked SSNs (identifiers), spelled-out e-mail addresses."""
    for rx in _SHAPES:
        for m in rx.finditer(text):
            yield "ID", m.start(), m.end()
    for m in _SPELLED_EMAIL.finditer(text):
        if re.split(r"\W+", m.group().lower())[-1] in _TLD:
            yield "EMAIL", m.start(), m.end()


# a month name, then the day and year with dashes or dots: "Mar-09-2021", "March.9.21"
_MONTH_FIRST = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[-/.]"
    r"(?:0?[1-9]|[12]\d|3[01])[-/.,][ ]?(?:(?:19|20)\d{2}|\d{2})\b"
)

# -- dates ------------------------------------------------------------------------------------
_DAY_FIRST = re.compile(
    r"(?<![\d/.])(?:0?[1-9]|[12]\d|3[01])([/-])(?:0?[1-9]|1[0-2])\1(?:(?:19|20)\d{2}|\d{2})"
    r"(?![\d/])"
)


def day_first_dates(text: str) -> Iterator[Found]:
    """``25/03/2021``, ``25-3-21``: day-first dates, as British and Indian notes write them;
    ``Mar-09-2021`` too."""
    for rx in (_DAY_FIRST, _MONTH_FIRST):
        for m in rx.finditer(text):
            yield "DATE", m.start(), m.end()


# month names in the languages notes of a multilingual network are written in (French, Spanish,
# Portuguese, Italian, German, Dutch, Afrikaans); English months are ``recognizers``' own
_FOREIGN_MONTH = (
    r"(?:janvier|janv|février|fevrier|févr|fevr|mars|avril|avr|mai|juin|juillet|juil|août|aout|"
    r"septembre|octobre|novembre|décembre|decembre|déc|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    r"diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    r"januar|februar|märz|juni|juli|oktober|dezember|"
    r"januari|februari|maart|mei|augustus|januarie|februarie|junie|julie|desember)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_FOREIGN_DATE = re.compile(
    # "le 4 mars", "1er juillet 2021", "21 Maart 2022", "3 de marzo de 2021"
    rf"(?i)(?<![\w/.-]){_DAY}(?:er|e|º|°)?[ \t\n]+(?:de[ \t]+)?{_FOREIGN_MONTH}"
    r"(?:[ \t\n]+(?:de[ \t]+)?(?:19|20)\d{2})?(?![\w-])"
    # "juillet 2021", "marzo de 2021"
    rf"|(?<![\w-]){_FOREIGN_MONTH}[ \t]+(?:de[ \t]+)?(?:19|20)\d{{2}}(?!\w)"
)
# a range with the month once: "du 8 au 13 juillet", "8-13 Juli", "entre le 2 et le 7 mai"
_FOREIGN_RANGE = re.compile(
    rf"(?i)(?<![\w/.-])({_DAY})(?:er)?[ \t\n]*(?:-|–|au|al|bis|tot|to|et[ \t\n]+le|y|a)"
    rf"[ \t\n]*{_DAY}[ \t\n]+(?:de[ \t]+)?(?:{_FOREIGN_MONTH}|"
    r"jan(?:uary)?|feb(?:ruary)?|march|mar|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![\w-])"
)
# day then month with no year, the day over 12 so it is no month/day: "CT chest 24/11",
# "Thurs 24/6", "HITH 18/03"; a period and a two-digit year: "27.06.21"
_DAY_MONTH = re.compile(r"(?<![\w/.,:-])(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])(?![\w/]|[.,]\d)")
_DOTTED_SHORT = re.compile(
    r"(?<![\w.,:-])(?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])\.\d{2}(?!\w|\.\d)"
)
_NOT_DAY_MONTH_AFTER = re.compile(
    r"(?i)[ \t]*(?:care|support|supervision|access|cover|coverage|nursing|availability|"
    r"on[ \t]+call|service|hrs?|hours?|h\b|wks?|weeks?|days?|mm|cm|mg|ml|units?|%)"
)


def foreign_dates(text: str) -> Iterator[Found]:
    """Dates with a month written in French, Spanish, Portuguese, Italian, German, Dutch or
    Afrikaans (``le 4 mars``, ``21 Maart 2022``, ``du 8 au 13 juillet``), a day and month with no
    year (``24/11``, the day over 12) and ``27.06.21``."""
    for m in _FOREIGN_DATE.finditer(text):
        yield "DATE", m.start(), m.end()
    for m in _FOREIGN_RANGE.finditer(text):
        yield "DATE", m.start(), m.end()
    for rx in (_DAY_MONTH, _DOTTED_SHORT):
        for m in rx.finditer(text):
            if rx is _DAY_MONTH and _NOT_DAY_MONTH_AFTER.match(text, m.end()):
                continue  # "24/7 care"
            yield "DATE", m.start(), m.end()


# -- phones -----------------------------------------------------------------------------------
# national numbers in groups: "07700 900123", "0113 496 0000", "98450 12345", "020-7946-0958"
_GROUPED_PHONE = re.compile(
    r"(?<![\w+/.,:-])(?:\(0\d{1,4}\)[ ]?|\d{2,5}[ .-])\d{2,8}(?:[ .-]\d{2,6})?(?![\w/-]|[.,:]\d)"
)


# any country's number after a phone word: "fax (09) 630 2371", "Tél. : 514 555-1669",
# "Cell: +27 (0)83 775 2255", "téléc. (450) 555-5615 poste 12"
_PHONE_CUE = re.compile(
    r"(?i:(?<![\w])(?:tel|tél|téléphone|telephone|telefon|telefoon|teléfono|telefono|ph|phone|"
    r"fax|fax2email|télec|téléc|télécopieur|telec|cell|cellulaire|cel|mob|mobile|móvil|"
    r"whatsapp|pager|landline)\b\.?(?:[ \t]*(?:no|nr|#)\.?)?[ \t]*[:=]?[ \t]*)"
    r"(\+?\(?\d[\d() .-]{5,22}\d)"
    r"((?:[ \t,]*(?i:poste|ext|extension|x|toestel|durchwahl|interno)\.?[ \t]*\d{1,5})?)"
)
# an international number with the trunk zero in brackets: "+27 (0)83 775 2255"
_TRUNK_ZERO = re.compile(r"(?<![\w+])\+[1-9]\d{0,2}[ ]?\(0\)[ ]?\d{1,4}(?:[ .-]\d{2,5}){1,3}(?!\d)")
_EXTENSION = re.compile(r"(?<=\d)[ \t,]*(?i:poste|toestel|durchwahl|interno)\.?[ \t]*\d{1,5}\b")


def grouped_phones(text: str) -> Iterator[Found]:
    """Digit groups that add up to a national number: 10 or 11 digits, a trunk 0 or a mobile
    lead digit, no group of one; 8 to 11 digits after a bracketed trunk code (``(09) 630 2371``);
    7 to 15 digits after a phone word in any of several languages, with an extension."""
    for m in _GROUPED_PHONE.finditer(text):
        v = m.group()
        d = _digits(v)
        lead = v.lstrip("(")[0]
        if (
            (d == 11 and lead == "0")
            or (d == 10 and lead in "06789")
            or (v.startswith("(0") and 8 <= d <= 11)
        ):
            yield "PHONE", m.start(), m.end()
    for m in _PHONE_CUE.finditer(text):
        v = m.group(1).rstrip(" .-(")
        if 7 <= _digits(v) <= 15 and v.count("(") == v.count(")"):
            yield "PHONE", m.start(1), m.start(1) + len(v)
            if m.group(2):
                yield "PHONE", m.start(2), m.end(2)
    for rx in (_TRUNK_ZERO, _EXTENSION):
        for m in rx.finditer(text):
            yield "PHONE", m.start(), m.end()


# -- places -----------------------------------------------------------------------------------
_POSTCODES = re.compile(
    r"(?<![\w-])(?:"
    r"(?:[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2})"  # UK (any letters: recall first)
    r"|[A-Z]\d[A-Z][ ]?\d[A-Z]\d"  # Canada
    r")(?![\w-])"
)
_TNM = re.compile(r"T[0-4]N[0-3]M[01]$|E[1-4]V[1-5]M[1-6]$")  # a stage, a Glasgow score
_PIN = re.compile(
    r"(?i:\b(?:pin(?:[ ]?code)?|postcode|post code|postal code|zip)\b\.?[ \t]*[:#-]?[ \t]*)"
    r"(\d{3}[ ]?\d{3}|\d{4,5})\b"
)


def postcodes(text: str) -> Iterator[Found]:
    """UK and Canadian postcodes (``HG11 6KF``, ``M5V 2T6``) and labelled PIN or postal codes."""
    for m in _POSTCODES.finditer(text):
        v = m.group()
        if " " not in v and len(v) < 6:
            continue  # "L5S1" style shorthand: only spaced or long forms
        if _TNM.match(v):
            continue  # a tumour stage, "T2N0M0", not an Alberta postcode written unspaced
        yield "LOCATION", m.start(), m.end()
    for m in _PIN.finditer(text):
        yield "LOCATION", m.start(1), m.end(1)


_UPPER_PLACE = "A-ZÀ-ÖØ-Þ"
# "Address: ...", "Petitioner's address - ...", "Residence : ..." take the rest of the line part
_ADDRESS_LABEL = re.compile(
    r"(?i:\b(?:home[ \t]+|mailing[ \t]+|permanent[ \t]+|current[ \t]+|postal[ \t]+|"
    r"residential[ \t]+|'s[ \t]+)?(?:(?:address|addr|residence)\b\.?[ \t]*[:=\-–|][ \t]*|"
    r"(?:resides|lives|living|residing)[ \t]+at[ \t]+))"
    r"((?=[A-Z0-9])[^\t\n|]{3,90}?)(?=[ \t]*(?:\t|[ ]{2,}|\||\n|$|[.;][ \t]|"
    r"\((?![^)]*\d)|\b(?i:tel|ph|phone|contact|mob|mobile|cell)\b))"
)
# an address led by a flat or house number: "Flat 302, Sai Krupa Apartments, 4th Cross, ..."
_UNIT_LED = re.compile(
    r"(?i:\b(?:flat|apt|apartment|unit|suite|plot|house|h\.?[ ]?no|door|villa|block|room|rm)"
    r"\b\.?[ \t]*(?:no\.?[ \t]*)?)[A-Z]?\d{1,5}[A-Z]?(?:[/-]\d{1,5}[A-Z]?)?,[ \t]*"
    r"(?=[A-Z0-9])"
)
_PLACE_CHUNK = re.compile(
    r"[ \t]*((?:\d{1,4}(?:st|nd|rd|th)?[ \t]+)?[A-Z][\w'’.-]*(?:[ \t]+(?:[A-Z][\w'’.-]*|of|on|"
    r"upon|the|de|la|\d{1,4}))*)[ \t]*(?:,|[ \t]-[ \t]|$|(?=\n)|(?=[.;)]|[ \t]+[a-z(]))"
)
_NOT_PLACE = frozenset(
    "contact tel ph phone mob mobile cell email e-mail dob age sex mrn uhid ip ward bed date "
    "diagnosis dx she he they the patient pt mr mrs ms dr".split()
)


def _place_run(text: str, at: int, limit: int = 4) -> int:
    """The end of up to ``limit`` comma-separated Title Case chunks from ``at`` on one line
    (locality, town, county); ``at`` if none."""
    end = at
    for _ in range(limit):
        m = _PLACE_CHUNK.match(text, end)
        if m is None or not m.group(1):
            break
        first = m.group(1).split()[0].lower().strip(".")
        if first in _NOT_PLACE:
            break
        end = m.end(1)
        nxt = text[end : end + 3]
        if not (nxt.startswith(",") or nxt.startswith(" - ")):
            break
        end = end + (1 if nxt.startswith(",") else 3)
    while end > at and text[end - 1] in ", -":
        end -= 1
    return end


# a street named without its house number: "grew up on Larkspur Lane", "near Ash Grove Road"
_BARE_STREET = re.compile(
    r"(?<![\w-])((?:[A-Z][a-z'’]+[ ]){1,3}(?:Street|Road|Avenue|Lane|Boulevard|Drive|Crescent|"
    r"Close|Terrace|Parkway|Court|Place|Way|Gardens|Grove|Mews|Nagar|Marg|Salai))\b"
)
_NOT_STREET_WORDS = frozenset(
    "the a an on in at of to from near by off via main high north south east west new old "
    "hospital medical clinic care emergency memory private public".split()
)


def addresses(text: str) -> Iterator[Found]:
    """Address lines by their shape: after an address label, or led by a flat or house number
    and followed by localities (``Flat 302, Sai Krupa Apartments, 4th Cross, Malleswaram``)."""
    for m in _ADDRESS_LABEL.finditer(text):
        yield "LOCATION", m.start(1), m.end(1)
    for m in _UNIT_LED.finditer(text):
        end = _place_run(text, m.end())
        if end > m.end():
            yield "LOCATION", m.start(), end
    for m in _BARE_STREET.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _NOT_STREET_WORDS:
            words.pop(0)
        if len(words) >= 2:
            yield "LOCATION", m.end(1) - len(" ".join(words)), m.end(1)


# a street line in French, Spanish, Dutch or German, the number first: "849 boul. Saint-Laurent",
# "1344, rue Sainte-Catherine Est, app. 23", "239 ch. de la Côte-des-Neiges"
_ROMANCE_STREET = re.compile(
    r"(?<![\w.,/-])\d{1,6}(?:-\d{1,5})?[A-Z]?,?[ \t]+"
    r"(?:[Rr]ue|[Bb]oul(?:evard)?\.?|[Bb]d\.?|[Aa]v\.|[Aa]venue|[Cc]h\.|[Cc]hemin|[Rr]ang|"
    r"[Rr]oute|[Mm]ont[ée]e|[Cc]ôte|[Cc]ours|[Qq]uai|[Ii]mpasse|[Aa]ll[ée]e|[Pp]lace|"
    r"[Pp]romenade|[Cc]roissant|[Tt]errasse|Calle|Avenida|Carrera|Rua|Via|"
    r"Straat|Weg|Stra(?:ss|ß)e)[ \t]+"
    r"(?:(?:de|du|des|la|le|del|da|do|van|der)[ \t]+){0,2}(?:l['’]|d['’])?"
    rf"[{_UPPER_PLACE}][\w'’.-]*(?:[ \t]+[{_UPPER_PLACE}][\w'’.-]*){{0,3}}"
    r"(?:,?[ \t]*(?:app|appt|apt|bureau|suite|unité|local|piso|bus)\.?[ \t]*\d{1,5}[A-Z]?)?"
)
# a rural route or a grid-numbered house: "RR 2 BOX 134", "54N130 COUNTY ROAD 22"
_RURAL = re.compile(
    # "RR 18" alone is a respiratory rate: the bare letters count only with their box
    r"(?<![\w])(?:RR[ \t]*\d{1,3}[ \t,]+(?i:box)[ \t]*\d{1,5}|"
    r"(?:R\.R\.|(?i:rural[ \t]+route))[ \t]*\d{1,3}(?:[ \t,]+(?i:box)[ \t]*\d{1,5})?"
    r"|\d{1,3}[NSEW]\d{1,5}(?:[ \t]+[A-Z][A-Za-z]*){1,4}(?:[ \t]+\d{1,4})?)(?![\w])"
)
# a town in capitals before a state code and a ZIP: "BOWLING GREEN OH 43523-0143"
_CAPS_TOWN_ZIP = re.compile(
    rf"(?<![\w])([A-Z]{{3,}}(?:[ ][A-Z]{{2,}}){{0,2}}),?[ ]+(?:{_STATES})[ ]+"
    r"\d{5}(?:-\d{4})?(?!\d)"
)
# a county: "COUNTY AT DX......: FULTON", "County: Wood", "Ottawa County"
_COUNTY = re.compile(
    r"(?i:\bcounty\b[^\n:|]{0,30}?[ \t.]*:[ \t]*)"
    r"([A-Za-z][A-Za-z'’.-]*(?:[ ][A-Za-z][A-Za-z'’.-]*)?)"
    r"(?=[ \t]*(?:\n|$|[,;|]))"
    r"|(?<![\w])([A-Z][a-z]+(?:[ ][A-Z][a-z]+)?)[ ]County\b"
)
# the town after a street line, before a province code in capitals: ", Ottawa ON"
_TOWN_NEXT = re.compile(
    rf",[ \t]*([{_UPPER_PLACE}][a-zß-öø-ÿ'’-]+(?:[ -][{_UPPER_PLACE}][a-zß-öø-ÿ'’-]+){{0,2}})"
)
_NOT_COUNTY = frozenset("unknown n/a na none same other".split())


def more_addresses(text: str) -> Iterator[Found]:
    """Street lines in other languages with the town after them, rural routes and grid house
    numbers, a town in capitals before its state and ZIP, and counties."""
    for m in _ROMANCE_STREET.finditer(text):
        yield "LOCATION", m.start(), m.end()
        more = place_after(text, m.end())
        if more > m.end() + 1:
            yield "LOCATION", m.end() + 1, more
        town = _TOWN_NEXT.match(text, m.end())
        if town:
            yield "LOCATION", town.start(1), town.end(1)
    for m in _RURAL.finditer(text):
        yield "LOCATION", m.start(), m.end()
    for m in _CAPS_TOWN_ZIP.finditer(text):
        yield "LOCATION", m.start(1), m.end(1)
    for m in _COUNTY.finditer(text):
        g = 1 if m.group(1) else 2
        if m.group(g).lower() not in _NOT_COUNTY:
            yield "LOCATION", m.start(g), m.end(g)


def place_after(text: str, end: int) -> int:
    """Where the locality chunks after an address line that ends at ``end`` stop."""
    if not text.startswith(",", end):
        return end
    return _place_run(text, end + 1, limit=3)


# -- names ------------------------------------------------------------------------------------
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ"
_LOWER = "a-zß-öø-ÿĀ-ɏḀ-ỿ"
# one way only to match each letter (no nested quantifiers to backtrack through)
_WORD = rf"[{_UPPER}][{_LOWER}]*(?:(?:['’-][{_UPPER}]?|[{_UPPER}])[{_LOWER}]+)*(?<=[{_LOWER}])"
_CAPS = rf"[{_UPPER}][{_UPPER}'’-]+"
# a sign-off line: "-F", "— Ann", "~JB" alone on its line (quoted or not)
_SIGN_OFF = re.compile(
    rf"(?m)^[ \t>]*(?:-{{1,2}}|–|—|~)[ \t]?((?:[{_UPPER}]{{1,3}}|{_WORD})(?:[ \t]{_WORD})?)[ \t]*$"
)
_USERNAME = re.compile(
    r"(?i:\b(?:user(?:[ _]?name)?|login|logon|uid|user[ _]?id|account[ _]?name|screen[ _]?name|"
    r"handle|signed[ _]in[ _]as|by[ _]user)[ \t]*[=:][ \t]*)([A-Za-z][\w.-]{2,40})"
)
_SYSTEM_USERS = frozenset(
    "clin admin system root guest test service sys portal auto batch anonymous null none n/a "
    "unknown".split()
)
# "Wiśniewska, G." and "NOWAK, G": a surname and an initial
_SURNAME_INITIAL = re.compile(
    rf"(?<![\w'’-])((?:{_WORD}|{_CAPS})(?:[ -](?:{_WORD}|{_CAPS}))?,[ \t]?[{_UPPER}]\.?)"
    rf"(?![\w'’])"
)
# a title and an initial without its period: "Dr G Family", "Mrs R. Ní Bhriain", "Fr. Okafor"
_TITLE_NAME = re.compile(
    r"(?<![\w])(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Fr|Rev|Sr|Sister|Smt|Sri|Shri|Shrimati|Kum|Kumari|"
    r"Dame|Sir|Lady|Capt|Col|Judge|Hon|Atty|Nurse|Matron|Mme|Mlle|Dre|Pr|Inf|Me|Sra|Srta|Mnr|"
    r"Mev|Mej|Hr|Fr[au])\.?[ \t]+"
    rf"((?:[{_UPPER}]\.?[ ])?(?:(?:Ní|Ni|Nic|Mac|Mc|O'|Ó|de|van|von|del|da|di|Van|De|Le)[ ])?"
    rf"(?:{_WORD}|{_CAPS})(?:[ ](?:{_WORD}|{_CAPS}))?)"
)
# "W/o Late Ahmad Iyer", "S/o Sri R. Kumar", "D/o", "C/o": a relative named in Indian forms;
_RELATIVE_OF = re.compile(
    # "W/O CONTRAST" is "without": the capital form only before an honorific
    r"(?<![\w/])(?:[WSDHC]/o|[WSDHC]\.o\.|[WSDHC]/O(?=[ \t]*(?:Late|Sri|Shri|Smt|Mr|Mrs|Dr)\b))"
    r"[ \t]*(?:(?:Late|Sri|Shri|Smt|Mr|Mrs|Dr)\.?[ \t]+)*"
    rf"((?:[{_UPPER}]\.?[ ])?(?:{_WORD}|{_CAPS})(?:[ ](?:{_WORD}|{_CAPS})){{0,2}})"
)
# a role label and a name: "Petitioner: Ann Lee", "Social worker - Jürgen Nowak", "w/ SW A Roe"
_ROLE_NAME = re.compile(
    r"(?i:\b(?:petitioner|respondent|applicant|claimant|plaintiff|defendant|guardian|"
    r"conservator|trustee|executor|executrix|attorney|counsel|advocate|witness|"
    r"social[ \t]+worker|sw|msw|case[ \t]+manager|cm|therapist|psychologist|psychiatrist|"
    r"consultant|gp|counsel+or|chaplain|interpreter|examiner|evaluator|clinician|keyworker|"
    r"key[ \t]+worker|care[ \t]+coordinator|named[ \t]+nurse|in[ \t]+the[ \t]+matter[ \t]+of|"
    r"re|cc|author|sender|recipient|nominee|informant|escort|collateral|contact|nok|hcp|poa|"
    r"caller|requester|visitor|reporter|"
    r"dpoa|proxy|next[ \t]+of[ \t]+kin|daughter|son|wife|husband|spouse|partner|niece|nephew|"
    r"sister|brother|mother|father|aunt|uncle|cousin|grand(?:daughter|son)|friend|neighbou?r|"
    r"caregiver|carer|thanks|thank[ \t]+you|regards|cheers|sincerely|love|best|warmly)\b"
    r"(?:[ \t]*\([^()\n]{1,20}\))?[ \t]*[:,\-–!.]?[ \t]*(?:\n[ \t>]*)?"
    r"(?:(?:Dr|Mr|Mrs|Ms|Mx|Fr|Rev)\.?[ \t]+)?)"
    rf"((?:[{_UPPER}]\.?[ ])?(?:{_WORD}|{_CAPS})(?:[ ](?:[{_UPPER}]\.[ ]?)?"
    rf"(?:{_WORD}|{_CAPS})){{1,2}})"
)


# a nickname in quotes and brackets after a name: 'Nowak, M. ("Gosia")', 'Ann ("Nan") Lee'
_NICKNAME = re.compile(rf"\([ \t]*[\"“'‘]({_WORD}(?:[ ]{_WORD})?)[\"”'’][ \t]*\)")


# a name alone after a valediction, on its line or the next: "thanks, Marie-Thérèse", "Best,\nJB"
_VALEDICTION = re.compile(
    r"(?im:\b(?:thanks|thank[ \t]+you|many[ \t]+thanks|regards|best|cheers|sincerely|love|"
    r"warmly|take[ \t]+care|yours|respectfully|xo+)\b[,!.]?)[ \t]*(?:\n[ \t>]*)?"
    rf"((?:{_WORD}|[{_UPPER}]{{1,3}})(?:[ ]{_WORD})?)(?=[ \t]*(?:\n|$))",
    re.M,
)
# a display name before an address in angle brackets: "Ann Lee <alee@x.org>", and the given
# name after a surname in capitals: "RAMÍREZ OCHOA, Siobhán"
_DISPLAY_NAME = re.compile(
    rf"((?:{_WORD}|{_CAPS})(?:[ ](?:[{_UPPER}]\.[ ]?)?(?:{_WORD}|{_CAPS}|(?:Ní|Ni|Mac|de|van|von|"
    rf"del|da|di|le|al|el)(?=[ ]))){{0,4}})[ \t]*\"?[ \t]*<[^<>\s@]+@[^<>\s]+>"
)
_CAPS_THEN_GIVEN = re.compile(
    rf"(?<![\w'’-])(?:{_CAPS})(?:[ -]{_CAPS})?,[ \t]*({_WORD}(?:[ ]{_WORD})?)(?![\w'’-])"
)


# a name field of a form: "NAME (LAST, FIRST)........: DOE, JANE", "MAIDEN NAME....: ROE",
# "Nom de famille : Tremblay", "Usager / Client : OUELLETTE, Hélène"
_NAME_FIELD = re.compile(
    r"(?im:^[ \t]*(?:(?:(?:patient|pt|maiden|family|given|first|last|middle|full|legal|"
    r"preferred|birth|mother'?s|father'?s|spouse'?s)[ \t]+)?(?:name|names|surname|naam|nombre|"
    r"apellidos?|prénom|prenom|nom(?:[ \t]+de[ \t]+(?:famille|jeune[ \t]+fille))?)|"
    r"usager(?:[ \t]*/[ \t]*client)?|client)(?:[ \t]*\([^()\n]{0,20}\))?[ \t.]*:[ \t]*)"
    rf"((?:{_WORD}|{_CAPS})(?:,?[ ](?:{_WORD}|{_CAPS}|[{_UPPER}]\.?)){{0,3}})"
    r"(?=[ \t]*(?:\n|$|[ \t]{2}))"
)


def names(text: str) -> Iterator[Found]:
    """Names by the slot they stand in: a sign-off line, a username, ``Surname, I.``, a title
    with or without its initial, ``W/o``, a role label."""
    for m in _SIGN_OFF.finditer(text):
        yield "NAME", m.start(1), m.end(1)
    for m in _USERNAME.finditer(text):
        if m.group(1).lower() not in _SYSTEM_USERS:
            yield "NAME", m.start(1), m.end(1)
    for rx in (
        _SURNAME_INITIAL,
        _TITLE_NAME,
        _RELATIVE_OF,
        _ROLE_NAME,
        _NICKNAME,
        _DISPLAY_NAME,
        _CAPS_THEN_GIVEN,
        _VALEDICTION,
    ):
        for m in rx.finditer(text):
            yield "CANDIDATE_NAME", m.start(1), m.end(1)
    for m in _NAME_FIELD.finditer(text):  # the form says it is a name
        yield "NAME", m.start(1), m.end(1)


# -- ages -------------------------------------------------------------------------------------
_AGE = r"(9\d|1[01]\d)"
_AGES = (
    # "F 93", "M 101" (sex then age) not a temperature
    re.compile(rf"(?<![\w.°/])[MF][ \t]{{1,2}}{_AGE}(?![\d.,]\d|[ \t]*(?:°|F\b|C\b|%))\b"),
    # "(96)" after a name or a relation: "Ahmad Iyer (96)", "wife (93)"
    re.compile(
        rf"(?<=[{_LOWER}'’])[ \t]*\(\s*{_AGE}\s*(?:y|yo|yrs?|years)?\s*\)",
    ),
    # "93 yrs 4 mo", "aged 93", "is 93 years of age", "93 years of age"
    re.compile(
        rf"(?i)\b{_AGE}[ \t]*(?:yrs?|years?)[ \t]+(?:\d{{1,2}}[ \t]*(?:mo|mos|months?)|"
        r"of[ \t]+age)\b"
    ),
)
_KIN = (
    r"son|daughter|wife|husband|spouse|partner|mother|mom|father|dad|brother|sister|niece|"
    r"nephew|grandson|granddaughter|grandmother|grandfather|aunt|uncle|cousin|friend|neighbou?r|"
    r"époux|épouse|epoux|epouse|mari|femme|conjoint|conjointe|fils|fille|mère|mere|père|pere|"
    r"frère|frere|sœur|soeur|esposo|esposa|hijo|hija|madre|padre|hermano|hermana|"
    r"man|vrou|seun|dogter|moeder|vader|broer|suster"
)
_MORE_AGES = (
    # "94 ans", "92 años", "95 jaar", "91 Jahre"
    re.compile(rf"(?i)(?<![\w.,])0?{_AGE}[ \t\n]*(?:ans|años|anos|anni|jaar|jahre)\b"),
    # "in her 95th year", "dans sa 93e année"
    re.compile(
        rf"(?i)(?<![\w.,]){_AGE}(?:st|nd|rd|th|e|ème|eme)[ \t\n]+(?:year|année|annee|año)\b"
    ),
    # an age label, then a zero-padded or bare age: "AGE AT DIAGNOSIS.....: 099", "Âge : 94"
    re.compile(
        rf"(?i)(?<![\w])(?:age|âge|edad|alter|ouderdom)\b[^\n:|]{{0,40}}?[.:][ \t]*0?{_AGE}"
        r"(?![\d.,]\d|[ \t]*(?:%|kg|lbs?|mg|mmhg|cm|mm))(?!\d)"
    ),
    # a relative's age in brackets, in any case: "SISTER (99)", "son époux (92 ans)"
    re.compile(
        rf"(?i)\b(?:{_KIN})s?[ \t\n]*\([ \t]*{_AGE}[ \t]*(?:y|yo|yrs?|years|ans|años|jaar)?"
        r"[ \t]*\)"
    ),
    # a relative said to be that old: "her husband is 92", "sa femme a 94 ans"
    re.compile(
        rf"(?i)\b(?:{_KIN})[ \t\n]+(?:is|was|est|a|es|tiene|is[ \t]+now)[ \t\n]+(?:now[ \t]+)?"
        rf"{_AGE}(?![\d.,]\d|[ \t]*(?:%|kg|lbs?|mg|mmhg|cm|mm|min|minutes|miles|km))(?!\d)"
    ),
    # a titled person, then the age between commas: "Mrs Nguyen, 102, lives alone"
    re.compile(
        r"(?<![\w])(?:Mr|Mrs|Ms|Mx|Miss|Mme|Mlle|Mnr|Mev|Sr|Sra)\.?[ \t\n]+"
        rf"(?:{_WORD}|{_CAPS})(?:[ -](?:{_WORD}|{_CAPS}))?,[ \t\n]*{_AGE},"
    ),
)
_VITAL_BEFORE = re.compile(
    r"(?i)\b(?:sat|sats|spo2|o2|hr|pulse|rr|bp|temp|t|wt|weight|glucose|bs|fsbg|fio2|map|score|"
    r"mmse|moca|ace|pain|rate)[ \t:=]*$"
)


_OVER_89_WORDS = re.compile(r"(?i)\b(?:super)?(?:centenarian|nonagenarian)s?\b")


def ages(text: str) -> Iterator[Found]:
    """Ages over 89 in sex/age shorthand, in brackets after a person, in years and months, and
    the words that say it (``nonagenarian``, ``centenarian``)."""
    for m in _OVER_89_WORDS.finditer(text):
        yield "AGE", m.start(), m.end()
    for rx in (*_AGES, *_MORE_AGES):
        for m in rx.finditer(text):
            if _VITAL_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                continue
            yield "AGE", m.start(1), m.end(1)


def generic_spans(text: str) -> list[Found]:
    """Every rule of this module on ``text`` (already unquoted)."""
    out: list[Found] = []
    for rule in (
        labelled_ids,
        opaque_codes,
        shapes,
        plates,
        spaced_ids,
        day_first_dates,
        foreign_dates,
        grouped_phones,
        postcodes,
        addresses,
        more_addresses,
        names,
        ages,
    ):
        out.extend(rule(text))
    return out
