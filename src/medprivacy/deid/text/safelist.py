"""Strict mode: a word is kept only when it is known to be safe (a safe list, as Philter does).

The recognizers find PHI by what it looks like, so a way of writing they were never shown slips
through (every held-out style written blind left 3-19% of its PHI characters). Strict mode turns
the question round and marks, on top of what the recognizers found:

* every word that is no English or clinical vocabulary (Webster's 2nd lower-case entries, the
  clinical allow list) or that is a given name or surname written with a capital (not at the start
  of a sentence), and the name-list words and initials right beside such a word;
* every number no unit, measurement label or clock explains, every digit group joined to
  another (``03/14/2021``, ``555-0134``) and every code of five or more characters with a digit;
* the street words around a marked number or before a street type, month names beside a marked
  number.

It costs precision (a drug name the lists lack is tagged too) and buys recall that does not
depend on how a note was written. Pure functions of the text; nothing is logged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

Found = tuple[int, int, str]

# --------------------------------------------------------------------------------------- lists
_UNITS = frozenset(
    """
mg mcg ug µg g kg gm gram grams lb lbs oz ml l dl cc ul µl mmol mol meq iu u unit units mmhg
cmh2o mm cm m km in inch inches ft feet % percent pct bpm beats breaths min mins minute minutes
h hr hrs hour hours s sec secs second seconds d day days wk wks week weeks mo mos month months
y yr yrs year years x times tabs tab tablet tablets cap caps capsule capsules puff puffs drop drops
gtt gtts l/min lpm ml/h ml/hr mg/dl mg/l g/dl mmol/l meq/l iu/l u/l ng/ml pg/ml mcg/kg/min
mg/kg ml/kg ml/min mosm k/ul cells /ul fl pg ° °c °f c f kcal cal mv ms hz mhz mci msv gy mgy
joules j w watts l/s ml/s cmh2o/l breaths/min mph kph dose doses vial vials bag bags amp amps
""".split()
)
_AGE_UNITS = frozenset("y yo yr yrs year years y/o yoa".split())
# a measurement before a number: vitals, labs, scores, settings, counts
_LABELS = frozenset(
    """
bp sbp dbp map hr pulse p rr resp t temp tmax spo2 sao2 sat sats o2 fio2 peep ps tv vt rate ve
mv pip pplat cvp pap pcwp ci co svr wt weight ht height bmi bsa gcs apgar pain score na k cl co2
hco3 bun cr creat glu glucose bg fsbg ca mg phos alb tbili dbili alt ast alp ldh ck trop inr pt
ptt wbc hgb hb hct plt mcv rdw anc abs esr crp ph pco2 po2 lactate ldl hdl tg tsh a1c hba1c egfr
gfr uop uo i/o in out io ebl ivf lr ns dose doses qty quantity refills refill day days week weeks
cycle fraction fx level levels lvef ef size grade stage gravida para g p x ktv urr qb qd uf edw
dw kt/v hep heparin bolus flow dialysate bath kcal protein fluid intake output total net cm mm
pressure saturation temperature oxygen sugar count strength rate power rom reflexes
vas nrs mmse moca phq gad audit cows ciwa braden morse rass cam tidal vol volume step steps
""".split()
)
_STREET_TYPES = frozenset(
    """
street st st. road rd rd. avenue ave ave. av lane ln drive dr boulevard blvd court ct place pl
way terrace terr close crescent cres square sq parkway pkwy highway hwy circle cir trail trl
row walk mews gardens grove hill park alley aly pike plaza plz strasse straße str weg gasse
platz allee laan straat gracht plein ulica ul. aleja al. rua avenida calle carrer via viale
corso piazza rue boulevard chemin impasse allée quai cours
""".split()
)
_STREET_FIRST = frozenset(
    "rua avenida av calle carrer via viale corso piazza rue chemin impasse allée quai ul ulica "
    "aleja al".split()
)
_PARTICLES = frozenset("de da das do dos del della di la le les des du van von der".split())
_MONTHS = frozenset(
    """
january february march april may june july august september october november december jan feb
mar apr jun jul aug sep sept oct nov dec janvier février fevrier mars avril mai juin juillet
août aout septembre octobre novembre décembre decembre januar februar märz maerz juni juli
oktober dezember gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre
dicembre enero febrero abril mayo junio julio septiembre octubre noviembre diciembre janeiro
fevereiro março maio junho julho setembro outubro novembro dezembro januari februari maart mei
augustus stycznia lutego marca kwietnia maja czerwca lipca sierpnia września wrzesnia
października pazdziernika listopada grudnia
""".split()
)
# words English lists lack that notes use every day (not names, not places)
_MODERN = frozenset(
    """
email e-mail website online app apps ok okay covid internet login logout username password
smartphone cellphone voicemail text texted texting fax faxed scan scanned ultrasound telehealth
portal wifi bluetooth cgm pdf url www http https com org net html ekg ecg mri ct pet iv im sq po
prn bid tid qid qhs pt pts hx dx tx sx rx fx abx meds med labs lab vitals vital ed er icu ot slp
pcp np pa rn lpn cna md do dds phd msw lcsw cc bcc re fw fwd pm am hrs mins yo y/o f/u s/p w/o
d/c c/o h/o r/o
""".split()
)
_MEDICAL_ENDINGS = tuple(
    """
itis osis emia oma ectomy otomy ostomy plasty scopy graphy gram algia pathy trophy plasia
ase ide ine ate ol olol pril sartan statin mab nib vir cillin mycin cycline azole floxacin
dipine tidine prazole parin xaban gliptin gliflozin glutide semide thiazide one pam lam
zepam done codone morphone caine lol azine oxetine aline ipine ium ate ite ose
""".split()
)

_INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
    ("ly", ""),
    ("er", ""),
    ("ers", ""),
    ("est", ""),
    ("'d", ""),
    ("'d", "e"),
    ("ation", "e"),
    ("ment", ""),
    ("ness", ""),
    ("al", ""),
    ("ity", ""),
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# a run of word characters and joiners that holds a digit: "03/14/2021", "SW1A", "2.5mg"
_DIGITY = re.compile(r"[\w#]*\d[\w#]*(?:[-/.:,][\w#]*\d[\w#]*|[-/.:][A-Za-z]+\d*)*")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:[ap]m?)?", re.I)
_DECIMAL = re.compile(r"\d{1,4}\.\d+")
_GLUED = re.compile(r"(\d+(?:\.\d+)?)([A-Za-zµ°%/]+[A-Za-z0-9/]*)")
_INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_SHORT_CODE = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9]{2,4}")
_LEVEL = re.compile(r"[A-Za-z]{1,2}\d{1,2}(?:-[A-Za-z]{0,2}\d{1,2})?")
_ICD = re.compile(r"[A-Z]\d{2}(?:\.\d{1,4})?[A-Z]?")
_SMALL_GROUPS = re.compile(r"\d{1,3}(?:\.\d+)?(?:[-/]\d{1,3}(?:\.\d+)?)+[A-Za-z/]*")
_GLUED_TAIL = re.compile(r"\d(?:cc|ml|mg|mcg|u)(?:/\w+)?$", re.I)
_SHIFT = re.compile(r"\d{1,2}(?::\d{2})?[ap]m?-\d{1,2}(?::\d{2})?[ap]m?", re.I)  # "7a-7p"
_HYPHEN_WORD = re.compile(r"(\d{1,3})(?:st|nd|rd|th|s)?-([A-Za-z][A-Za-z-]*)")
_CLOCK = re.compile(r"(?!19|20)(?:[01]\d|2[0-3])[0-5]\d")
_SPACE = re.compile(r"[ \t]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•*>\-–—(\[\"“]|\d[.)])[ \t]*$")


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Lower-case English and clinical words: Webster's 2nd (1934, public domain) entries
    written in lower case there (proper nouns are capitalised in it), the clinical allow list,
    and everyday words of notes the dictionary predates."""
    from english_words import get_english_words_set

    from medprivacy.deid.text.allowlist import ALLOWED

    words = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    return frozenset(words | set(ALLOWED) | _MODERN | _UNITS | _LABELS | _MONTHS)


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    from medprivacy.deid.text.recognizers import _slot_names

    return _slot_names()


# --------------------------------------------------------------------------------------- numbers
def _prev_words(text: str, start: int, n: int = 3) -> list[str]:
    line = text[max(0, text.rfind("\n", 0, start) + 1) : start]
    return [w.lower().strip(".:=#") for w in re.findall(r"[\w/.%]+", line)[-n:]]


def _next_word(text: str, end: int) -> str:
    m = re.match(r"[ \t]*([^\W\d_][\w/%°µ]*|%|°[CFcf]?)", text[end : end + 24])
    return m.group(1).lower().rstrip(".") if m else ""


def _labelled(text: str, start: int) -> bool:
    return any(w in _LABELS for w in _prev_words(text, start))


def _unit(word: str) -> bool:
    """A unit, also a compound one ("u/hr", "mcg/kg/min", "cc/hr")."""
    return word in _UNITS or ("/" in word and all(p in _UNITS for p in word.split("/") if p))


def _number_safe(token: str, text: str, start: int, end: int) -> bool:
    """A digit-bearing token a unit, a label, a clock or a clinical shape explains."""
    after = _next_word(text, end)
    if _TIME.fullmatch(token) or _DECIMAL.fullmatch(token) or _SHIFT.fullmatch(token):
        return True
    if _ICD.fullmatch(token) or _LEVEL.fullmatch(token):
        return True
    glued = _GLUED.fullmatch(token)
    if glued:
        unit = glued.group(2).lower()
        if unit in _AGE_UNITS:
            return float(glued.group(1)) < 90
        return _unit(unit) or _SHORT_CODE.fullmatch(token) is not None
    if _SHORT_CODE.fullmatch(token):
        return True
    if _INTEGER.fullmatch(token):
        value = int(token.replace(",", ""))
        if after in _AGE_UNITS or after.startswith("year"):
            return value < 90
        if after in _MONTHS or any(w in _MONTHS for w in _prev_words(text, start, 1)):
            return False
        if _unit(after) or _labelled(text, start):
            return True
        if _CLOCK.fullmatch(token):  # "0800", "1630": a 24-hour time (19xx / 20xx read as years)
            return True
        return value < 90 and len(token) <= 2
    hyphened = _HYPHEN_WORD.fullmatch(token)
    if hyphened:  # "45-year-old", "10-point", "2-car": an age over 89 stays PHI
        return int(hyphened.group(1)) < 90 or not hyphened.group(2).lower().startswith(("y", "a"))
    if _SMALL_GROUPS.fullmatch(token):  # "120/80", "10-12", "100-120/60-70" after a label
        return _labelled(text, start) or _unit(after) or _GLUED_TAIL.search(token) is not None
    return False


# --------------------------------------------------------------------------------------- words
def _at_sentence_start(text: str, start: int) -> bool:
    line = text[max(0, text.rfind("\n", 0, start) + 1) : start]
    return _SENTENCE_START.search(line) is not None


def _stems(low: str) -> Iterator[str]:
    """The word and what it may be inflected from ("titrated", "dropped", "denies", "rec'd")."""
    yield low
    for suffix, repl in _INFLECTIONS:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            stem = low[: -len(suffix)]
            yield stem + repl
            if repl == "" and len(stem) > 3 and stem[-1] == stem[-2]:
                yield stem[:-1]  # "dropped", "planning"


def in_vocabulary(word: str) -> bool:
    """The word, or a stem of it, is English or clinical vocabulary."""
    low = word.lower().replace("’", "'")
    low = low[:-2] if low.endswith("'s") else low
    vocab = vocabulary()
    return any(stem in vocab for stem in _stems(low))


def _glued_to_digit(text: str, start: int, end: int) -> bool:
    """Letters that belong to a digit-bearing token ("SpO2", "MRN12345"), judged with it."""
    return (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())


def _word_phi(word: str, text: str, start: int) -> bool:
    """A word that is no vocabulary, or a given name / surname in Title Case mid-sentence."""
    if len(word) < 2:
        return False
    title = word[0].isupper() and not word.isupper()
    if in_vocabulary(word):
        low = word.lower()
        return title and low in _names() and not _at_sentence_start(text, start)
    if word.islower():
        return len(word) >= 4 and not word.endswith(_MEDICAL_ENDINGS)
    if word.isupper() and len(word) <= 3:
        return word.lower() in _names()
    return True


def find(text: str, known: Iterable[Found] = ()) -> list[Found]:
    """Spans strict mode adds to ``known`` (the recognizers' spans, labelled), labelled NAME /
    ID / DATE / LOCATION by shape."""
    marked: list[Found] = []
    covered = sorted(known)
    for m in _DIGITY.finditer(text):
        token = m.group().rstrip(".,:-/")
        start, end = m.start(), m.start() + len(token)
        if token and not _number_safe(token, text, start, end):
            marked.append((start, end, "ID"))
    # hyphenated words are read part by part ("Saint-Fleur", "follow-up")
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    marked += [
        (s, e, "NAME")
        for s, e, w in words
        if not _glued_to_digit(text, s, e) and _word_phi(w, text, s)
    ]
    spans = sorted([*marked, *covered])
    marked += _grow(text, words, spans)
    return sorted(marked)


def _grow(text: str, words: list[tuple[int, int, str]], spans: list[Found]) -> list[Found]:
    """Name-list words and initials beside a marked word; street words around a marked number or
    before a street type; month names beside a marked number."""

    def hit(a: int, b: int, label: str = "") -> bool:
        return any(s < b and a < e and label in (lab, "") for s, e, lab in spans)

    out: list[Found] = []
    names = _names()
    for i, (s, e, w) in enumerate(words):
        if hit(s, e):
            continue
        low = w.lower()
        prev = words[i - 1] if i else None
        nxt = words[i + 1] if i + 1 < len(words) else None
        near_prev = prev is not None and re.fullmatch(r"[ \t]*,?[ \t]*|\.[ \t]*", text[prev[1] : s])
        near_next = nxt is not None and re.fullmatch(r"[ \t]*|\.[ \t]*", text[e : nxt[0]])
        capital = w[0].isupper()
        if (
            capital
            and (low in names or len(w) == 1)
            and (
                (near_prev and prev is not None and hit(prev[0], prev[1], "NAME"))
                or (near_next and nxt is not None and hit(nxt[0], nxt[1], "NAME"))
            )
        ):
            out.append((s, e, "NAME"))
        elif low in _MONTHS and (
            (re.match(r"[ \t,]*\d", text[e : e + 4]) and hit(e, e + 8))
            or (
                re.search(r"\d[ \t,.]*(?:of[ \t]+)?$", text[max(0, s - 8) : s])
                and hit(max(0, s - 8), s)
            )
        ):
            out.append((s, e, "DATE"))
    out += _streets(text, words, spans)
    return out


def _streets(text: str, words: list[tuple[int, int, str]], spans: list[Found]) -> list[Found]:
    """Capitalised words before a street type ("Oak Street"), after a street-first word ("Rua
    das Flores"), the words between a marked house number and its street type."""
    out: list[Found] = []
    for i, (s, e, w) in enumerate(words):
        low = w.lower().rstrip(".")
        if low in _STREET_TYPES and w[0].isupper() and i:
            j = i
            while (
                j
                and words[j - 1][2][0].isupper()
                and re.fullmatch(r"[ \t]+", text[words[j - 1][1] : words[j][0]])
            ):
                j -= 1
            if j < i:
                out.append((words[j][0], e, "LOCATION"))
        if low in _STREET_FIRST and w[0].isupper():
            k = i
            while k + 1 < len(words) and re.fullmatch(
                r"[ \t]+", text[words[k][1] : words[k + 1][0]]
            ):
                nxt = words[k + 1][2]
                if not (nxt[0].isupper() or nxt.lower() in _PARTICLES):
                    break
                k += 1
            if k > i:
                out.append((s, words[k][1], "LOCATION"))
    return out
