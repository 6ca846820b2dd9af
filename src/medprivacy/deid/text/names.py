"""Name cues the general name rules miss: role and relationship labels in several languages,
greetings, maiden-name markers, self-introductions in lower-case speech transcripts, names split
by a hyphen across an OCR line break, and county / town form fields.

Every rule reads a cue first and takes only the name-shaped words right after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from medprivacy.deid.text.recognizers import is_common_word

Found = tuple[str, int, int]

_U = "A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ"
_L = "a-zß-öø-ÿĀ-ɏḀ-ỿ"
# One capitalised name word, hyphenated parts allowed ("Ha-eun", "Saint-Fleur", "O'Neill").
_CAP = rf"(?:[{_U}][{_L}'’]+(?:-[{_U}{_L}][{_L}'’]*)*)"
# One lower-case name word ("ha-eun", "nadège").
_LOW = rf"(?:[{_L}][{_L}'’]+(?:-[{_L}]+)*)"
_PART = r"(?:(?:Ó|Ní|Nic|Mac|Mc|Ua|Uí|de|da|do|dos|das|van|von|der|den|di|del|St\.?)[ \t]+)"
# Up to four words of a name: "Luíza da Silva Santos", "Aoife Ó Briain".
_FULL = rf"{_PART}?{_CAP}(?:[ \t]+{_PART}?{_CAP}){{0,3}}"

# Role and relationship labels before a name (English, Portuguese, German, Spanish, Irish).
_ROLE = (
    r"attendant|parent(?:/guardian)?(?:\s*\d)?|guardian(?:\s*\d)?|phn|public health nurse|"
    r"dme\s+rep(?:resentative)?|sw|social worker|fob|mob|rn de|rn|school nurse|prescriber|"
    r"midwife|health visitor|hv|interpreter|doula|foster (?:parents?|mother|father|carer)|"
    r"m[ée]dic[oa](?:\(a\))?|enfermeir[oa](?:\(a\))?|parteira|respons[áa]vel|"
    r"m[ãa]e|pai|hebamme|kinderarzt|kinderärztin|ärztin|arzt|dr\.\s*med\.|"
    r"name der versicherten|versicherte[rn]?|kind|mutter|vater|"
    r"madre|padre|tutor(?:a)?|mi esposo|mi esposa|mi marido|mi pareja|"
    r"name prior to first marriage|maiden name|n[ée]e|geb\.|geborene|nascida|"
    r"child'?s name(?:\s*\([^)\n]{0,40}\))?|mother'?s name|father'?s name"
)
# The name runs to a comma, a bracket, two spaces, a dash, a digit or the line end.
_NAME_END = r"(?=[ \t]*(?:[,;()|]|--|–|\s{2}|[ \t]+\+?\d|[ \t]*$|[ \t]+(?:and|e|und|y)\b|"
_NAME_END += r"[ \t]+(?:following|parks|is|was|will|to|from|at|on|em|am|vai|ist)))"
_ROLE_NAME = re.compile(
    rf"(?im)(?:^|(?<=[\s(]))(?:{_ROLE})[ \t]*[:#]?[ \t]*"
    rf"((?-i:(?:{_CAP}[ \t]*,[ \t]*)?{_FULL})){_NAME_END}"
)
# Labels that name a person only with a colon: "Child: A B", "Proband: A B (II-2)".
_COLON_ROLE = (
    r"mother|father|child|infant|baby|newborn|proband|patient|student|partner|spouse|"
    r"consultant|gp|counsel(?:l)?or|pediatrician|paediatrician|obstetrician|nurse"
)
_COLON_NAME = re.compile(
    rf"(?im)^[ \t]*(?:{_COLON_ROLE})[ \t]*:[ \t]*(?:baby[ \t]+(?:boy|girl)[ \t]+)?"
    rf"((?-i:{_FULL})){_NAME_END}"
)
# All-capital names after an explicit name label: "Name of child: TAN WEI MING".
_CAPS_NAME = re.compile(
    r"(?im)^[ \t]*(?:name(?:[ \t]+of[ \t]+(?:child|mother|father|patient|parent|guardian))?|"
    r"child'?s name|patient name)[ \t]*:[ \t]*((?-i:[A-Z][A-Z'’-]+(?:[ \t][A-Z][A-Z'’-]+){1,3}))"
    r"(?=[ \t]*$|\s{2})"
)
# A name written before a nursing or midwifery credential, at the start of a signature line.
_CREDENTIAL_AFTER = re.compile(
    rf"(?m)^[ \t]*({_FULL}),[ \t]*(?:SCPHN|RHV|RM|RGN|CNM|CPM|IBCLC|NCSN|BSN|RN|MD|DO|NP|PA-C)\b"
)
# Foster parents, a pair: "foster parents A B and C"
_PAIR = re.compile(rf"(?i)\bparents[ \t]+({_FULL})[ \t]+and[ \t]+((?-i:{_FULL}))")
_PAIR_CASE = re.compile(rf"{_FULL}")

# A relative's word before a name, and a relative's word in brackets after one.
_KIN = (
    r"granny|grandma|grandpa|gran|nana|grandmother|grandfather|aunt|uncle|partner|husband|"
    r"wife|mom|mum|mother|dad|father|sister|brother|cousin|"
    r"av[óô]|bisav[óô]|tia|tio|irm[ãa]|irm[ãa]o|abuela|abuelo|t[íi]a|t[íi]o|hermana|hermano|"
    r"urgro(?:ß|ss)(?:mutter|vater)|gro(?:ß|ss)(?:mutter|vater)|oma|opa|tante|onkel"
)
_KIN_BEFORE = re.compile(
    rf"(?i)\b(?:{_KIN})(?:[ \t]+(?:materna|paterna|maternal|paternal))?[ \t]+"
    rf"((?-i:{_FULL}))(?=[ \t]*[(,]|[ \t]+(?:is|was|wohnt|lives|ajudar[áa]|will)\b)"
)
_KIN_AFTER = re.compile(
    rf"({_FULL})[ \t]*\((?i:{_KIN}|mom|mum|mother|father|dad|partner|spouse|husband|wife|fob|mob)\)"
)
_WITH = re.compile(
    rf"\b(?:lives with|spoke with|bring|brought)[ \t]+({_CAP})"
    r"(?=[ \t]*(?:$|[(,.;]|[ \t]+for\b))",
    re.M,
)

# Greetings at the top of a letter, e-mail or voicemail.
_GREETING = (
    r"hi|hello|hey|dear|good (?:morning|afternoon|evening)|ol[áa]|oi|hola|buenos d[íi]as|"
    r"buenas tardes|hallo|liebe|lieber|guten tag|bonjour|cher|ch[èe]re|querid[oa]|prezad[oa]"
)
_GREETING_NAME = re.compile(
    rf"(?im)^[ \t]*(?:{_GREETING})[ \t]+(?:dr\.?[ \t]+)?"
    rf"([{_U}{_L}][{_L}'’]+(?:-[{_U}{_L}][{_L}]+)*)"
    rf"(?=[ \t]*(?:,|!|$|[ \t]+(?:sorry|thanks|thank|just|i\b|this)))"
)
# Words a greeting may take that are not names.
_NOT_GREETED = frozenset(
    """
team all everyone everybody there sir madam colleague colleagues folks friends guys doctor doc
nurse nurses parents parent family mom mum dad again both you yall y'all um uh so ok okay yes
no sorry thanks thank just hi hello this care staff equipo todos todas senhor senhora señor
señora señorita alle kollegen kolleginnen frau herr mr mrs ms miss
""".split()
)

# Self-introductions in speech: "this is maria calling", "mi nombre es", "habla".
_ANY = rf"(?:{_CAP}|{_LOW})"
_INTRO = re.compile(
    rf"(?i)\b(?:this is|my name is|me llamo|mi nombre es|habla|soy|aqu[íi] habla|"
    rf"meu nome [ée]|aqui [ée]|it'?s)[ \t]+((?-i:{_ANY}(?:[ \t]+{_ANY}){{0,2}}))"
    rf"(?=[ \t]+(?:calling|here|from|la|el|o|a|about|regarding|mother|mom|the)\b|[ \t]*,)"
)
# Spanish and Portuguese kin before a capitalised name: "mi suegra Ana", "la mamá de Luis".
_ES_KIN = re.compile(
    rf"(?i)\b(?:mi|la|el|meu|minha|o|a)[ \t]+(?:esposo|esposa|marido|mujer|suegr[ao]|hij[ao]|"
    rf"abuel[ao]|herman[ao]|t[íi][ao]|pareja|mam[áa](?:[ \t]+de)?|pap[áa](?:[ \t]+de)?|"
    rf"m[ãa]e(?:[ \t]+de)?|pai(?:[ \t]+de)?|filh[ao]|sogr[ao]|av[óô])[ \t]+((?-i:{_FULL}))\b"
)

# A word split by a hyphen at a line end, in a name field: "Grzyb-⏎owski, Bartosz".
_NAME_FIELD = r"(?:na(?:m|rn|nn)e|pr[eco]scr[il1]b[eco]r|physician|provider)"
_SPLIT_NAME = re.compile(
    rf"(?im)\b{_NAME_FIELD}[ \t]*:[ \t]*"
    r"([A-Za-z0-9À-ÿ'’]+(?:-[A-Za-z0-9À-ÿ]+)*-[ \t]*\n-?[A-Za-z0-9À-ÿ'’-]+"
    r"(?:,[ \t]*[A-Za-z0-9À-ÿ'’-]+(?=[ \t]*(?:$|,|\s{2})))?)"
)

# County and town form fields, and a last known town.
_PLACE_FIELD = re.compile(
    r"(?im)\b(?:(?:county|city or town|town or city|city/town|parish)[ \t]*:|last known)[ \t]*"
    rf"((?-i:{_CAP}(?:[ \t]+{_CAP}){{0,2}}))(?=[ \t]*(?:$|[,.;)]|\s{{2}}|[ \t]+\d))"
)
_NOT_PLACE = frozenset("unknown none same n/a na other address".split())


def _name_ok(span: str) -> bool:
    words = re.findall(rf"[{_U}{_L}]+", span)
    return bool(words) and not all(is_common_word(w.lower()) for w in words)


def _role_names(text: str) -> Iterator[Found]:
    for m in _ROLE_NAME.finditer(text):
        if _name_ok(m.group(1)):
            yield ("NAME", m.start(1), m.end(1))
    for m in _PAIR.finditer(text):
        for g in (1, 2):
            if _PAIR_CASE.fullmatch(m.group(g)) and _name_ok(m.group(g)):
                yield ("NAME", m.start(g), m.end(g))
    for rx in (_COLON_NAME, _CAPS_NAME, _ES_KIN, _CREDENTIAL_AFTER, _KIN_BEFORE, _KIN_AFTER, _WITH):
        for m in rx.finditer(text):
            if _name_ok(m.group(1)):
                yield ("NAME", m.start(1), m.end(1))


def _greetings(text: str) -> Iterator[Found]:
    for m in _GREETING_NAME.finditer(text):
        word = m.group(1)
        if word.lower() in _NOT_GREETED or is_common_word(word.lower()):
            continue
        yield ("NAME", m.start(1), m.end(1))


_TO_LINE = re.compile(rf"(?im)^(?:to|an|para|attn|attention)[ \t]*:[ \t]*({_FULL})")


def _recipient_names(text: str) -> Iterator[Found]:
    """A name from a "To:" header, seen again in the body in any case ("hi desmond")."""
    words = set()
    for m in _TO_LINE.finditer(text):
        for w in re.findall(rf"[{_U}{_L}'’-]+", m.group(1)):
            if len(w) > 2 and not is_common_word(w.lower()):
                words.add(w.lower())
    if not words:
        return
    rx = re.compile(
        r"(?<![\w@.])(" + "|".join(re.escape(w) for w in sorted(words)) + r")(?![\w@])", re.I
    )
    for m in rx.finditer(text):
        yield ("NAME", m.start(1), m.end(1))


_INTRO_STOP = frozenset("calling here from la el o a about regarding mother mom the".split())


def _intros(text: str) -> Iterator[Found]:
    for m in _INTRO.finditer(text):
        end = m.start(1)
        for w in re.finditer(r"\S+", m.group(1)):
            low = w.group().lower()
            if low in _INTRO_STOP or low in _NOT_GREETED or is_common_word(low):
                break
            end = m.start(1) + w.end()
        if end > m.start(1):
            yield ("NAME", m.start(1), end)


def _split_names(text: str) -> Iterator[Found]:
    for m in _SPLIT_NAME.finditer(text):
        yield ("NAME", m.start(1), m.end(1))


def _place_fields(text: str) -> Iterator[Found]:
    for m in _PLACE_FIELD.finditer(text):
        if m.group(1).lower() not in _NOT_PLACE:
            yield ("LOCATION", m.start(1), m.end(1))


def cue_names(text: str) -> list[Found]:
    """Names (and county / town fields) found after a cue."""
    out: list[Found] = []
    for rule in (_role_names, _greetings, _recipient_names, _intros, _split_names, _place_fields):
        out.extend(rule(text))
    return out
