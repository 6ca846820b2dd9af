"""Machine-made records inside notes, read by their own grammar rather than by wording: delimited
exports whose header names the columns (comma, tab or semicolon; quoted cells), X12 segments
(NM1 / N3 / N4 / PER), FHIR / JSON keys, ISO instants with their time and zone, day-first short
dates, phone extensions (``,,123``, ``#123``, ``Ext:123``, ``*EX*123``), spoken digit runs,
letter-spaced OCR fields, national numbers with a fixed shape (UK NI, German Steuer-ID, Brazilian
CPF / CNPJ / CEP, Irish Eircode, UK current plates), and ages over 89 in more languages.

Each rule returns ``(label, start, end)`` with the labels of ``recognizers``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Found = tuple[str, int, int]

# ---------------------------------------------------------------- delimited exports with a header

_SPLIT_HEAD = re.compile(r"[\s_.\-/#]+|(?<=[a-z])(?=[A-Z])")
_PERSONS = frozenset(
    "pat patient pt baby infant child kid newborn nb mom mother mothers mat father dad fob parent "
    "guardian member subscriber insured student contact nok client resident caregiver spouse "
    "emergency ec next kin recipient person".split()
)
_NAME_PARTS = frozenset("last first given middle maiden family sur surname".split())
_NAME_WORDS = frozenset(
    "name names nm surname surnames lname fname mname maiden nachname vorname apellido apellidos "
    "nombre nombres sobrenome nome prenom nom".split()
)
_NOT_PERSON_COLUMN = frozenset(
    "facility site vaccine drug product payer plan org organization organisation clinic hospital "
    "practice lab test file manufacturer mfr brand med medication street city school program "
    "unit ward dept department insurer insurance company agency county state country device "
    "trade generic item code".split()
)
_ZIP_WORDS = frozenset("zip zipcode zip5 zip9 postcode postalcode plz cep eircode cp".split())
_DATE_WORDS = frozenset(
    "dob dod date dt datetime timestamp birthdate bdate fecha datum data ts".split()
)
_NOT_DATE_COLUMN = frozenset("exp expiry expiration expires lot".split())


def _head_words(cell: str) -> list[str]:
    cell = cell.strip().strip('"').strip()
    return [w.lower() for w in _SPLIT_HEAD.split(cell) if w]


def column_kind(cell: str) -> str | None:
    """What a header cell names: ``NAME``, ``ZIP``, ``DATE`` or None."""
    words = _head_words(cell)
    if not words or len(words) > 4 or not all(w.isalpha() for w in words):
        return None
    ws = set(words)
    if ws & _ZIP_WORDS or ("postal" in ws and "code" in ws) or ("post" in ws and "code" in ws):
        return "ZIP"
    if ws & _NOT_PERSON_COLUMN:
        return None
    if ws & _NOT_DATE_COLUMN:
        return None
    if ws & _DATE_WORDS or ("birth" in ws and ("date" in ws or "day" in ws)):
        return "DATE"
    if ws & _NAME_WORDS and not ws & {"user", "login", "file", "account"}:
        return "NAME"
    # "pat_last", "mom_first", "last", "given": a name part alone or after a person
    if ws & _NAME_PARTS and ws <= (_NAME_PARTS | _PERSONS):
        if ws == {"family"}:
            return None
        return "NAME"
    return None


_CELL_SHAPE = {
    "NAME": re.compile(r"(?=.*[^\W\d_])[^\W\d_][\w'’. -]{0,60}"),
    "ZIP": re.compile(r"(?=.*\d)[A-Za-z0-9][A-Za-z0-9 -]{2,9}"),
    "DATE": re.compile(
        r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?)?"
        r"|\d{8}(?:\d{4}(?:\d{2})?)?"
    ),
}
_NOT_NAME_CELL = frozenset("n/a na none unknown unk self same tbd pending other null".split())


def _split_row(row: str, sep: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a delimited row; a quoted cell may hold the separator."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(row)
    while i <= n:
        if i < n and row[i] == '"':
            j = row.find('"', i + 1)
            while j != -1 and j + 1 < n and row[j + 1] == '"':
                j = row.find('"', j + 2)
            if j == -1:
                j = n - 1
            k = row.find(sep, j + 1)
            k = n if k == -1 else k
        else:
            k = row.find(sep, i)
            k = n if k == -1 else k
        out.append((i, k))
        i = k + 1
    return out


def delimited_cells(text: str) -> Iterator[Found]:
    """Cells under a name / zip / date header of a comma, semicolon or tab export."""
    lines = list(re.finditer(r"[^\n]+", text))
    idx = 0
    while idx < len(lines):
        line = lines[idx]
        row = line.group().rstrip("\r")
        idx += 1
        for sep in (",", "\t", ";", "|"):
            if row.count(sep) < 2:
                continue
            cells = _split_row(row, sep)
            kinds = {i: column_kind(row[a:b]) for i, (a, b) in enumerate(cells)}
            heads = {i: k for i, k in kinds.items() if k}
            if not heads:
                continue
            # a header: every cell has a letter, no cell is a number or a date
            if not all(re.search(r"[A-Za-z]", row[a:b]) for a, b in cells if row[a:b].strip()):
                continue
            width = len(cells)
            while idx < len(lines):
                data = lines[idx].group().rstrip("\r")
                got = _split_row(data, sep)
                if len(got) != width:
                    break
                idx += 1
                for i, kind in heads.items():
                    a, b = got[i]
                    raw = data[a:b]
                    lead = len(raw) - len(raw.lstrip(' "'))
                    val = raw.strip(' "')
                    if not val or val.lower() in _NOT_NAME_CELL:
                        continue
                    if not _CELL_SHAPE[kind].fullmatch(val):
                        continue
                    begin = lines[idx - 1].start() + a + lead
                    label = "LOCATION" if kind == "ZIP" else kind
                    yield (label, begin, begin + len(val))
            break


# ---------------------------------------------------------------- X12 segments

_X12_SEGMENT = re.compile(r"(?:^|(?<=~))[ \t]*(NM1|N3|N4|PER|DMG)\*([^~\n]*)", re.M)


def x12_segments(text: str) -> Iterator[Found]:
    """People, streets, towns, zips, phones and birth dates in X12 NM1 / N3 / N4 / PER / DMG."""
    if "~" not in text:
        return
    for m in _X12_SEGMENT.finditer(text):
        seg, body, base = m.group(1), m.group(2), m.start(2)
        elems: list[tuple[int, int]] = []
        pos = 0
        for part in body.split("*"):
            elems.append((base + pos, base + pos + len(part)))
            pos += len(part) + 1

        def el(i: int, elems: list[tuple[int, int]] = elems) -> tuple[int, int] | None:
            if i - 1 < len(elems) and elems[i - 1][1] > elems[i - 1][0]:
                return elems[i - 1]
            return None

        if seg == "NM1":
            kind = el(2)
            if kind and text[kind[0] : kind[1]] == "1":  # a person, not an organisation
                for i in (3, 4, 5):
                    e = el(i)
                    if e:
                        yield ("NAME", *e)
        elif seg == "N3":
            for i in (1, 2):
                e = el(i)
                if e:
                    yield ("LOCATION", *e)
        elif seg == "N4":
            for i in (1, 3):
                e = el(i)
                if e:
                    yield ("LOCATION", *e)
        elif seg == "PER":
            e = el(2)
            if e and re.fullmatch(r"[A-Za-z][A-Za-z ,.'-]{1,40}", text[e[0] : e[1]]):
                yield ("NAME", *e)
            for q in (3, 5, 7):
                qual, val = el(q), el(q + 1)
                if not (qual and val):
                    continue
                code = text[qual[0] : qual[1]]
                if code in ("TE", "FX", "EX", "CP", "BN", "HP", "WP"):
                    yield ("PHONE", *val)
                elif code == "EM":
                    yield ("EMAIL", *val)
        elif seg == "DMG":
            e = el(2)
            if e and re.fullmatch(r"\d{8}", text[e[0] : e[1]]):
                yield ("DATE", *e)


# ---------------------------------------------------------------- JSON keys

_JSON_KEY = re.compile(
    r'"(family|given|city|district|postalCode|postal_code|zip|line|birthDate|deceasedDateTime)"'
    r'\s*:\s*(\[[^\]\n]*\]|"[^"\n]*")'
)
_JSON_NAME_TEXT = re.compile(r'"name"\s*:\s*\{\s*"text"\s*:\s*"([^"\n]+)"')
_JSON_DISPLAY_LOGIN = re.compile(
    r'"display"\s*:\s*"([a-z][a-z0-9._-]{2,30}\d[a-z0-9._-]*|[a-z][a-z0-9._-]{2,30})\s*\('
)
_JSON_LABEL = {
    "family": "NAME",
    "given": "NAME",
    "city": "LOCATION",
    "district": "LOCATION",
    "postalCode": "LOCATION",
    "postal_code": "LOCATION",
    "zip": "LOCATION",
    "line": "LOCATION",
    "birthDate": "DATE",
    "deceasedDateTime": "DATE",
}


def json_keys(text: str) -> Iterator[Found]:
    """Values under FHIR / JSON keys that hold a person's name, address or birth date."""
    if '":' not in text and '" :' not in text:
        return
    for m in _JSON_KEY.finditer(text):
        label = _JSON_LABEL[m.group(1)]
        for v in re.finditer(r'"([^"\n]+)"', m.group(2)):
            yield (label, m.start(2) + v.start(1), m.start(2) + v.end(1))
    for m in _JSON_NAME_TEXT.finditer(text):
        yield ("NAME", m.start(1), m.end(1))
    for m in _JSON_DISPLAY_LOGIN.finditer(text):
        yield ("NAME", m.start(1), m.end(1))


# ---------------------------------------------------------------- dates and times

# a JSON value that is an ISO instant with a UTC offset ("2021-02-20T16:03:49-05:00", a FHIR
# instant or dateTime) is one date; a log line's "...T06:34:11-05:00" or "...Z" keeps its clock
# time (only its date is found, as the earlier styles label it)
_ISO_INSTANT = re.compile(
    r'(?<=")(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])'
    r"T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?[+-](?:[01]\d):?[0-5]\d"
    r'(?=")'
)
_DAY_FIRST_SHORT = re.compile(
    r"(?<![\d.,/])(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.\d{2}(?![\d]|\.\d)"
)
_GERMAN_MONTH = (
    r"(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|"
    r"November|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\.?"
)
_GERMAN_DATE = re.compile(
    rf"(?<![\d.])(?:0?[1-9]|[12]\d|3[01])\.\s?{_GERMAN_MONTH}(?:\s+(?:19|20)\d{{2}})?(?![\w])"
)
# a date then a clock time in one field: "07/24/2021 00:14" (only inside a delimited cell)
_SPOKEN_UNIT = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_SPOKEN_YEAR = (
    rf"(?:twenty|two thousand(?: and)?)(?:[- ](?:twenty(?:[- ]{_SPOKEN_UNIT})?|{_SPOKEN_UNIT}|"
    rf"oh[- ]{_SPOKEN_UNIT}|zero[- ]{_SPOKEN_UNIT}))"
)
_SPOKEN_DATE_YEAR = re.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+(?:\d{1,2}(?:st|nd|rd|th)?|[a-z]+(?:[- ][a-z]+)?)"
    rf"(?:,)?\s+({_SPOKEN_YEAR})\b"
)


# "firmware 10.4.21", "v3.2.20", "section 4.1.21": a version or a numbered item, not a date
_VERSION_BEFORE = re.compile(
    r"(?i)(?:\bv|version|vers?\.?|firmware|software|fw|sw|release|rel\.?|build|rev\.?|model|"
    r"section|sect?\.?|chapter|item|step|§|icd|ip)\s*[:#]?\s*$"
)


def dates_and_times(text: str) -> Iterator[Found]:
    for rx in (_ISO_INSTANT, _GERMAN_DATE):
        for m in rx.finditer(text):
            yield ("DATE", m.start(), m.end())
    for m in _DAY_FIRST_SHORT.finditer(text):
        if not _VERSION_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            yield ("DATE", m.start(), m.end())
    for m in _SPOKEN_DATE_YEAR.finditer(text):
        yield ("DATE", m.start(), m.end())


# ---------------------------------------------------------------- spoken digits

_DIGIT_WORD = (
    r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|"
    r"cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|"
    r"um|uma|três|quatro|sete|oito|nove|meia)"
)
_SPOKEN_RUN = re.compile(rf"(?i)\b{_DIGIT_WORD}(?:[ ,-]+{_DIGIT_WORD}){{6,}}\b")
_PHONE_CUE = re.compile(
    r"(?i)(?:call|phone|number|n[uú]mero|tel[eé]fono|cell|mobile|reach|back at|llamar|celular)"
)


def spoken_digits(text: str) -> Iterator[Found]:
    """Seven or more digits read out as words (a phone number or a record number)."""
    for m in _SPOKEN_RUN.finditer(text):
        words = re.findall(r"[^\W\d_]+", m.group())
        if sum(1 for w in words if w.lower() not in ("o", "oh", "um", "uma")) < 6:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        label = "PHONE" if _PHONE_CUE.search(before) and len(words) in (10, 11) else "ID"
        yield (label, m.start(), m.end())


# ---------------------------------------------------------------- letter-spaced OCR fields

_SPACED_FIELD = re.compile(
    r"(?<![\w/-])(?:[A-Za-z0-9][ ]?[/-][ ]?|[A-Za-z0-9] ){5,}[A-Za-z0-9](?![\w/-])"
)


def spaced_fields(text: str) -> Iterator[Found]:
    """An identifier or date typed letter by letter ("3 1 3 6 9 0 8 6 8", "0 1 / 2 2 / 2 0 2 1")."""
    for m in _SPACED_FIELD.finditer(text):
        chars = [c for c in m.group() if c.isalnum()]
        digits = sum(c.isdigit() for c in chars)
        if digits < 5 or digits < len(chars) * 0.6:
            continue
        yield ("DATE" if "/" in m.group() else "ID", m.start(), m.end())


# ---------------------------------------------------------------- national numbers

# UK National Insurance number: two prefix letters (not D F I Q U V; second not O), six digits
# in pairs, suffix A-D
_UK_NI = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]\b"
)
# German tax id: 11 digits, no leading zero, often grouped 2-3-3-3
_STEUER_ID = re.compile(r"(?<![\d.,/-])[1-9]\d[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}(?![\d.,/-]|-\d)")
_STEUER_CUE = re.compile(r"(?i)(?:steuer|tax|idnr|identifikationsnummer|steuer-?id|tin)")
# Brazil: CPF 123.456.789-09, CNPJ 12.345.678/0001-95, CEP 01310-100
_CPF = re.compile(r"(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d-])")
_CNPJ = re.compile(r"(?<![\d.])\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}(?![\d-])")
_CEP = re.compile(r"(?i)\b(?:CEP|C\.E\.P\.)[:\s]*(\d{5}-?\d{3})(?![\d-])")
_CEP_BARE = re.compile(r"(?<![\d-])\d{5}-\d{3}(?![\d-])")
# Irish Eircode: routing key (letter, two digits; or D6W) and a four-character unique id
_EIRCODE = re.compile(
    r"\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[ ]?(?=[0-9AC-FHKNPRTV-Y]{4}\b)(?=\w*[A-Z])(?=\w*\d)"
    r"[0-9AC-FHKNPRTV-Y]{4}\b"
)
# UK current number plate: two letters, two-digit age identifier, three letters
_UK_PLATE = re.compile(r"\b[A-HJ-PR-Y]{2}\d{2}[ ]?[A-HJ-PR-Z]{3}\b")
# German phone with an area code and slash: 0341/240 6694
_DE_PHONE = re.compile(r"(?<![\d/])0\d{2,4}/\d{2,4}[ -]?\d{2,5}(?![\d/])")
# Brazilian phone: (11) 95478-4132
_BR_PHONE = re.compile(r"(?<!\d)\(\d{2}\)\s?9?\d{4}-\d{4}(?!\d)")
# a local eight-digit number in 4-4 after a phone cue on the line: "Contact: ..., 8091 0631"
_LOCAL_8 = re.compile(r"(?<![\d+])(?<![\d+] )[3689]\d{3} \d{4}(?!\d| \d)")
_LINE_PHONE_CUE = re.compile(r"(?i)\b(?:tel|phone|contact|mob(?:ile)?|hp|h/p|cell|handphone)\b")


# after an explicit cue any two prefix letters are read (a mistyped or test prefix)
_NI_CUED = re.compile(
    r"(?i:\b(?:NI|NINO|N\.I\.|national insurance)(?:\s*(?:no\.?|number|#))?[:\s]+)"
    r"([A-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]?)\b"
)
# a US SSN after its cue, written with dots and spaces: "409. 44. 0420"
_SSN_CUED = re.compile(
    r"(?i:social security (?:number|no\.?|#)|ssn)[:\s]*(\d{3}[.\- ]\s?\d{2}[.\- ]\s?\d{4})(?!\d)"
)
# German street and town: "Goethestr. 12b, 10115 Berlin", "Am Weinberg 3, 50667 Köln"
_DE_STREET = re.compile(
    r"\b((?:[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|"
    r"chaussee|steig|pfad)|(?:Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Zum|Zur|Unter den)"
    r"\s+[A-ZÄÖÜ][\wäöüß-]+)\s+\d{1,4}\s?[a-z]?)\b"
    r"(?:,\s*(\d{5})\s+([A-ZÄÖÜ][\wäöüß-]+"
    r"(?:\s+(?:am|an der|im|in der|ob der)\s+[A-ZÄÖÜ][\wäöüß-]+)?))?"
)
_DE_PLZ_TOWN = re.compile(
    r"(?i:anschrift|adresse|wohnort|wohnhaft)[:\s][^\n]{0,60}?\b(\d{5})\s+([A-ZÄÖÜ][\wäöüß-]+)"
)
# Brazilian street: "Rua Augusta, 1277, apto 88", "Av. Sete de Setembro, 703"
_BR_STREET = re.compile(
    r"\b(?:Rua|Av\.|Avenida|Travessa|Alameda|Praça|Estrada|Rodovia|Largo)"
    r"(?:\s+(?:de|da|do|dos|das|e)?\s*(?:[A-ZÁ-Ú][a-zà-ú'.-]+|\d+)){1,5},?\s*(?:n[ºo°]\.?\s*)?\d{1,5}"
    r"(?:,?\s*(?:apto?|apartamento|casa|bloco|bl|sala|cj|conj)\.?\s*\w+)*"
    # then "-- bairro, cidade -- UF" or ", bairro, cidade - UF"
    r"(?:\s*(?:--|–|-|,)\s*([A-ZÁ-Ú][\wà-ú' ]{1,40}?),"
    r"\s*([A-ZÁ-Ú][\wà-ú' ]{1,40}?)\s*(?:--|–|-|/|,)\s*[A-Z]{2}\b)?"
)
# names joined by d/o, s/o, bin, binti, a/l, a/p (Malay, Tamil and Arabic patronymics)
_PATRONYMIC = re.compile(
    r"\b((?:[A-Z][A-Z'-]+ ){0,2}[A-Z][A-Z'-]+ (?:D/O|S/O|A/L|A/P|BIN|BINTI|BTE) [A-Z][A-Z'-]+"
    r"|[A-Z][\w'-]+ (?:d/o|s/o|a/l|a/p|D/O|S/O|bin|binti|ibn|bte) [A-Z][\w'-]+)"
)


def national_numbers(text: str) -> Iterator[Found]:
    for rx in (_UK_NI, _CPF, _CNPJ, _UK_PLATE):
        for m in rx.finditer(text):
            yield ("ID", m.start(), m.end())
    for rx in (_NI_CUED, _SSN_CUED):
        for m in rx.finditer(text):
            yield ("ID", m.start(1), m.end(1))
    for m in _DE_STREET.finditer(text):
        yield ("LOCATION", m.start(1), m.end(1))
        for g in (2, 3):
            if m.start(g) >= 0:
                yield ("LOCATION", m.start(g), m.end(g))
    for m in _DE_PLZ_TOWN.finditer(text):
        for g in (1, 2):
            yield ("LOCATION", m.start(g), m.end(g))
    for m in _BR_STREET.finditer(text):
        street = text[m.start() : m.start(1) if m.start(1) >= 0 else m.end()]
        yield ("LOCATION", m.start(), m.start() + len(street.rstrip(" -–,")))
        for g in (1, 2):
            if m.start(g) >= 0:
                yield ("LOCATION", m.start(g), m.end(g))
    for m in _PATRONYMIC.finditer(text):
        yield ("NAME", m.start(), m.end())
    for m in _STEUER_ID.finditer(text):
        if _STEUER_CUE.search(text[max(0, m.start() - 60) : m.start()]):
            yield ("ID", m.start(), m.end())
    for m in _CEP.finditer(text):
        yield ("LOCATION", m.start(1), m.end(1))
    for m in _CEP_BARE.finditer(text):
        if re.search(
            r"(?i)\b(?:[A-Z]{2}|cep|brasil|brazil)\b[,\s-]*$",
            text[max(0, m.start() - 12) : m.start()],
        ):
            yield ("LOCATION", m.start(), m.end())
    for m in _EIRCODE.finditer(text):
        yield ("LOCATION", m.start(), m.end())
    for rx in (_DE_PHONE, _BR_PHONE):
        for m in rx.finditer(text):
            yield ("PHONE", m.start(), m.end())
    for m in _LOCAL_8.finditer(text):
        ls = text.rfind("\n", 0, m.start()) + 1
        if _LINE_PHONE_CUE.search(text[ls : m.start()]):
            yield ("PHONE", m.start(), m.end())


# ---------------------------------------------------------------- ages over 89

_AGE = r"(9\d|1[01]\d)"
_AGE_RULES = (
    # German and Portuguese / Spanish years: "(95 J.)", "95 Jahre", "92 anos", "93 años"
    re.compile(rf"(?<![\d.,]){_AGE}(?=\s?(?:J\.|Jahre?n?\b|jährig|anos\b|años\b|a\.\b))"),
    # a relative's death age: "d. 92 (", "died 96,"
    re.compile(rf"(?i)\b(?:d\.|died|deceased|dec'd)\s+(?:at\s+|aged?\s+)?{_AGE}\b(?![.,]\d)"),
    # "(Rosa is 91 so ...", "Grandma is 93."
    re.compile(
        rf"(?:\(|\b(?:grand\w*|great-\w+|nan|nana|granny|abuela|abuelo|oma|opa)\s+)"
        rf"[A-Z][\w'-]+\s+is\s+{_AGE}\b(?![.,]\d|\s*(?:%|kg|mg|lbs?|bpm|mmhg))"
    ),
    # "..., now 99", "living, 94", "alive and well at 93"
    re.compile(
        rf"(?i)(?:[A-Za-z]\s*,\s*now|\bliving,|\balive(?: and well)?,?\s+(?:at|aged?))\s+{_AGE}\b"
        r"(?![.,]\d|\s*(?:%|kg|mg|lbs?|bpm|mmhg))"
    ),
)
_SPOKEN_AGE = re.compile(
    r"(?i)\b(?:is|tiene|tem|ist)\s+((?:ninety|noventa|neunzig|cien|ciento|cem|one hundred|"
    r"a hundred)(?:[- ](?:y[- ])?(?:one|two|three|four|five|six|seven|eight|nine|uno|dos|tres|"
    r"cuatro|cinco|seis|siete|ocho|nueve|e[- ]\w+))?)\b"
)


def old_ages(text: str) -> Iterator[Found]:
    for rx in _AGE_RULES:
        for m in rx.finditer(text):
            yield ("AGE", m.start(1), m.end(1))
    for m in _SPOKEN_AGE.finditer(text):
        yield ("AGE", m.start(1), m.end(1))


# ---------------------------------------------------------------- logins

_LOGIN = re.compile(
    r"(?i)\b(?:user(?:name)?|login|uid)[:= ]+(?!(?:name|id)\b)([a-z][a-z0-9._-]{3,30})\b(?!\s*=)"
)
_NOT_LOGIN = frozenset("system admin root auto batch service interface import none null".split())


def logins(text: str) -> Iterator[Found]:
    for m in _LOGIN.finditer(text):
        login = m.group(1).lower()
        # a person's login holds a name ("tbellweather"); "u39714" is a system's number
        if login not in _NOT_LOGIN and sum(c.isalpha() for c in login) >= 5:
            yield ("NAME", m.start(1), m.end(1))


# ---------------------------------------------------------------- phone extensions

_EXTENSION = re.compile(r"(?i)(?:,,|[ \t]*#[ \t]*|[ \t]*\b(?:ext|extn|x)[.:]?[ \t]*)(\d{1,6})\b")


def extend_phone(text: str, end: int) -> int:
    """Where a phone number ends, counting an extension after it (``,,123``, ``#12``, ``x5``)."""
    m = _EXTENSION.match(text, end)
    return m.end() if m else end


def record_spans(text: str) -> list[Found]:
    out: list[Found] = []
    for rule in (
        delimited_cells,
        x12_segments,
        json_keys,
        dates_and_times,
        spoken_digits,
        spaced_fields,
        national_numbers,
        old_ages,
        logins,
    ):
        out.extend(rule(text))
    return out


# ---------------------------------------------------------------- OCR letter / digit confusions

_OCR_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)*")
_OCR_SHAPE = re.compile(r"[A-Z]?[\dOolI]+(?:[-/.][\dOolI]+)*")  # a letter may lead: "W1803l784"
_OCR_HINT = re.compile(r"\d[OolI]|[OolI]\d")
_OCR_DIGIT = str.maketrans("OolI|", "00111")


def ocr_view(text: str) -> str:
    """The text with O / o / l / I read as digits inside number-shaped tokens ("202l", "96l5",
    "22O-5566"); same length, so offsets hold."""
    if not _OCR_HINT.search(text):
        return text
    parts: list[str] = []
    last = 0
    for m in _OCR_TOKEN.finditer(text):
        tok = m.group()
        digits = sum(c.isdigit() for c in tok)
        if digits < 3:
            continue
        confused = sum(c in "OolI" for c in tok)
        if not confused or confused > 2 or not _OCR_SHAPE.fullmatch(tok):
            continue
        parts.append(text[last : m.start()])
        parts.append(tok.translate(_OCR_DIGIT))
        last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def changed_lines(view: str, text: str) -> str:
    """``view`` with every line it leaves as in ``text`` blanked (same length), so patterns run
    again only where a letter was read as a digit."""
    out = []
    for a, b in zip(view.splitlines(keepends=True), text.splitlines(keepends=True), strict=True):
        out.append(a if a != b else re.sub(r"[^\n]", " ", a))
    return "".join(out)
