"""A fourteenth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run.

The theme, document types, layouts and countries are not described here on purpose, so that
whoever scores this style stays blind to them; read the generator functions for the details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, regions, countries, bare years, facility
and payer names, measurements, lab values, scores, doses, device models, lot numbers, product
expiry dates, codes, counts and ages of 89 or under never labelled (the planted ones are
recorded as look-alikes); every calendar date about a person is a ``date``; ages labelled only
over 89 (digits or words in several languages, the number only). An address is split into
street line, city / district spans and a separate ``zip`` span. Kinds: ``name date age phone fax
email address zip ssn natid mrn account plan license plate serial ip url accession``. ``ssn`` is
a US Social Security number only; ``natid`` another country's national number, a refugee or
identity document or a passport; ``mrn`` record numbers held by a clinic, hospital or service;
``account`` claim, case, invoice and file numbers; ``plan`` health- or social-insurance member
numbers; ``license`` clinicians' registration numbers and drivers' licences; ``serial`` device
serials; ``accession`` specimen, label and image numbers. About a quarter of the notes carry no
patient context. Every span is tagged with the phrasing it was written in, and every planted
look-alike is recorded.

    python benchmarks/notes_heldout_s14.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_s14.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_s14.py               # 300 notes, seed 9940
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_heldout_dictation import LabelledNote  # noqa: E402
from notes_heldout_harness import check_labels, run_style  # noqa: E402
from notes_heldout_harness import score_and_report as harness_score  # noqa: E402

DEFAULT_SEED = 9940
DEFAULT_N = 300
KINDS = (
    "name",
    "date",
    "age",
    "phone",
    "fax",
    "email",
    "address",
    "zip",
    "ssn",
    "natid",
    "mrn",
    "account",
    "plan",
    "license",
    "plate",
    "serial",
    "ip",
    "url",
    "accession",
)


@dataclass
class TaggedNote(LabelledNote):
    """A labelled note whose spans carry the phrasing they were written in."""

    forms: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    keeps: list[tuple[int, int, str]] = field(default_factory=list)
    doc: str = ""


class _W:
    """Appends text, records PHI spans (kind and phrasing) and look-alikes at exact offsets."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[tuple[int, int, str]] = []
        self.forms: list[str] = []
        self.values: list[str] = []
        self.keeps: list[tuple[int, int, str]] = []

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def phi(self, s: str, kind: str, form: str) -> None:
        self.spans.append((self.n, self.n + len(s), kind))
        self.forms.append(form)
        self.values.append(s)
        self.parts.append(s)
        self.n += len(s)

    def keep(self, s: str, form: str) -> None:
        self.keeps.append((self.n, self.n + len(s), form))
        self.parts.append(s)
        self.n += len(s)

    def seq(self, *items: object) -> None:
        """Plain strings are text; ``(value, kind, form)`` a span; ``(value, "~", form)`` a keep."""
        for it in items:
            if isinstance(it, str):
                self.add(it)
            else:
                value, kind, form = it  # type: ignore[misc]
                if kind == "~":
                    self.keep(value, form)
                else:
                    self.phi(value, kind, form)

    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- people

# (female given, male given, family, order): "w" given-family, "e" family-given
_TRAD: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "th": (
        ("Siriporn", "Kanokwan", "Wilaiwan", "Pranee", "Sunee", "Boonruen"),
        ("Somchai", "Prasert", "Thawatchai", "Boonmee", "Anan", "Surachai"),
        ("Srisuwan", "Chaiyaporn", "Wongsakul", "Rattanakorn", "Phromsiri", "Kaewkhao"),
        "w",
    ),
    "my": (
        ("Nurul Aini", "Siti Khadijah", "Faridah", "Rohani", "Mei Ling", "Kavitha"),
        ("Ahmad Faizal", "Mohd Razali", "Zulkifli", "Chee Keong", "Rajendran", "Azman"),
        ("binti Ismail", "bin Hassan", "binti Yusof", "bin Abdullah", "a/l Muthusamy"),
        "w",
    ),
    "ug": (
        ("Nakato", "Achieng", "Namubiru", "Akello", "Nansubuga", "Atim"),
        ("Ssemakula", "Okello", "Mugisha", "Kato", "Odongo", "Byaruhanga"),
        ("Nalwanga", "Tumusiime", "Ochieng", "Kisembo", "Wandera", "Lubega"),
        "e",
    ),
    "tz": (
        ("Neema", "Rehema", "Zawadi", "Furaha", "Mwanaisha", "Imani"),
        ("Baraka", "Juma", "Emmanuel", "Salim", "Hamisi", "Daudi"),
        ("Mwakyusa", "Kimaro", "Massawe", "Mollel", "Shirima", "Nyerembe"),
        "w",
    ),
    "cd": (
        ("Furaha", "Esperance", "Mapendo", "Riziki", "Aline", "Consolata"),
        ("Bahati", "Kabila", "Mugisho", "Faustin", "Sifa", "Baraka"),
        ("Ndayishimiye", "Bisimwa", "Mukendi", "Kalombo", "Habimana", "Nshimirimana"),
        "w",
    ),
    "kz": (
        ("Айгерим", "Гульнара", "Жанар", "Светлана", "Динара", "Сауле"),
        ("Ерлан", "Нурлан", "Бауыржан", "Сергей", "Асхат", "Марат"),
        ("Нурпеисов", "Жумабаев", "Касымов", "Ахметов", "Сейткалиев", "Тулегенов"),
        "w",
    ),
    "mn": (
        ("Oyuunchimeg", "Sarantuya", "Enkhjargal", "Altantsetseg", "Bolormaa", "Tsetseg"),
        ("Batbayar", "Ganbold", "Erdenebat", "Tumurbaatar", "Munkhbat", "Sukhbaatar"),
        ("Dorjsuren", "Baasanjav", "Otgonbayar", "Purevdorj", "Lkhagvasuren", "Namsrai"),
        "w",
    ),
    "do": (
        ("Yokasta", "Altagracia", "Mildred", "Yudelka", "Ramona", "Fiordaliza"),
        ("Wáskar", "Radhamés", "Ysidro", "Fausto", "Nelson", "Cristóbal"),
        ("de los Santos", "Peña Batista", "Almonte", "Rosario Cabral", "Báez", "Encarnación"),
        "w",
    ),
    "ht": (
        ("Marie-Lourdes", "Guerline", "Nadège", "Rose-Andrée", "Wideline", "Jocelyne"),
        ("Jean-Robert", "Wilfrid", "Frantz", "Dieuseul", "Pierre-Louis", "Ronald"),
        ("Jean-Baptiste", "Pierre", "Dorsainvil", "Joseph", "Célestin", "Augustin"),
        "w",
    ),
    "at": (
        ("Hildegard", "Gertraud", "Notburga", "Herta", "Waltraud", "Leopoldine"),
        ("Engelbert", "Alois", "Gottfried", "Johann", "Ferdinand", "Ignaz"),
        ("Pichler", "Gruber", "Huber", "Moser", "Hofer", "Steinwender", "Leitgeb"),
        "w",
    ),
    "mt": (
        ("Doris", "Carmen", "Rita", "Maryanne", "Josette", "Graziella"),
        ("Ġużeppi", "Karmenu", "Ninu", "Kurt", "Pawlu", "Ċensu"),
        ("Borg", "Camilleri", "Vella", "Farrugia", "Zammit", "Grech", "Galea", "Micallef"),
        "w",
    ),
    "lk": (
        ("Kumudini", "Chandrika", "Nirmala", "Dilrukshi", "Thilini", "Shanthi"),
        ("Ranjith", "Mahinda", "Nuwan", "Sunil", "Chaminda", "Lasantha"),
        ("Wickramasinghe", "Jayawardena", "Perera", "Gunawardena", "Rajapaksha", "Fernando"),
        "w",
    ),
    "bo": (
        ("Wilma", "Eulogia", "Justina", "Marlene", "Felicidad", "Prudencia"),
        ("Teodoro", "Evo Ramiro", "Germán", "Wilfredo", "Félix", "Gualberto"),
        ("Mamani Quispe", "Choque Condori", "Huanca", "Flores Ticona", "Apaza", "Limachi"),
        "w",
    ),
}
_CLIN = (
    ("Pornthip", "Hasnah", "Ingrid", "Winnie", "Odile", "Chanaka", "Lucía", "Altangerel"),
    ("Techawong", "Mahmud", "Kernbichler", "Mbabazi", "Valcourt", "Senanayake", "Zerafa"),
)


@dataclass
class _P:
    given: str
    family: str
    order: str = "w"
    female: bool = False

    def full(self) -> str:
        if self.order == "e":
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"


def _person(r: random.Random, trad: str, female: bool | None = None) -> _P:
    women, men, family, order = _TRAD[trad]
    if female is None:
        female = r.random() < 0.5
    fam = r.choice(family)
    if trad == "kz" and female:
        fam = fam + "а"
    if trad == "my":
        fam = fam.replace("binti", "bin" if not female else "binti")
        if not female:
            fam = fam.replace("binti", "bin")
        else:
            fam = fam.replace("bin ", "binti ").replace("a/l", "a/p")
    return _P(r.choice(women if female else men), fam, order, female)


def _clin(r: random.Random) -> _P:
    return _P(r.choice(_CLIN[0]), r.choice(_CLIN[1]))


# --------------------------------------------------------------------------- dates and numbers

_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre".split(),
    "ht": "janvye fevriye mas avril me jen jiyè out septanm oktòb novanm desanm".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre".split(),
    "de": "Jänner Februar März April Mai Juni Juli August September Oktober November "
    "Dezember".split(),
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября "
    "декабря".split(),
    "mt": "Jannar Frar Marzu April Mejju Ġunju Lulju Awwissu Settembru Ottubru Novembru "
    "Diċembru".split(),
    "sw": "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba "
    "Desemba".split(),
    "th": "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split(),
}


def _fmt(d: date, style: str) -> str:
    y, m, dd = d.year, d.month, d.day
    out = {
        "iso": d.isoformat(),
        "dmY/": f"{dd:02d}/{m:02d}/{y}",
        "dmY.": f"{dd:02d}.{m:02d}.{y}",
        "d.m.Y": f"{dd}.{m}.{y}",
        "dmY-": f"{dd:02d}-{m:02d}-{y}",
        "compact": f"{y}{m:02d}{dd:02d}",
        "dMONY": f"{dd:02d}{_MON[m - 1].upper()}{y}",
        "d-Mon-Y": f"{dd:02d}-{_MON[m - 1]}-{y}",
        "en": f"{dd} {_MONTHS['en'][m - 1]} {y}",
        "fr": f"{'1er' if dd == 1 else dd} {_MONTHS['fr'][m - 1]} {y}",
        "ht": f"{dd} {_MONTHS['ht'][m - 1]} {y}",
        "es": f"{dd} de {_MONTHS['es'][m - 1]} de {y}",
        "de": f"{dd}. {_MONTHS['de'][m - 1]} {y}",
        "ru": f"{dd} {_MONTHS['ru'][m - 1]} {y} г.",
        "mt": f"{dd} ta' {_MONTHS['mt'][m - 1]} {y}",
        "sw": f"{dd} {_MONTHS['sw'][m - 1]} {y}",
        "th_be": f"{dd}/{m}/{y + 543}",
        "th_word": f"{dd} {_MONTHS['th'][m - 1]} {y + 543}",
        "mn": f"{y} оны {m} сарын {dd}",
        "ymd/": f"{y}/{m:02d}/{dd:02d}",
        "mdY": f"{m}/{dd}/{y}",
    }
    if style == "bs":
        # Bikram Sambat, shifted roughly (about 56 years 8 months ahead); still a date
        bm = (m + 8 - 1) % 12 + 1
        by = y + 56 + (1 if m + 8 > 12 else 0)
        return f"{by}/{bm:02d}/{min(dd + 16, 30) if dd < 15 else dd - 14:02d} BS"
    return out[style]


_ONES = "zero one two three four five six seven eight nine".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _words(n: int) -> str:
    if n == 100:
        return "one hundred"
    if n > 100:
        return "one hundred and " + _words(n - 100)
    t, o = divmod(n, 10)
    head = _TENS[t - 2]
    return head if o == 0 else f"{head}-{_ONES[o]}"


_FR_9X = "dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf".split()
_ES_ONES = "uno dos tres cuatro cinco seis siete ocho nueve".split()
_DE_ONES = "ein zwei drei vier fünf sechs sieben acht neun".split()


def _age_word(n: int, lang: str) -> str:
    if lang == "en":
        return _words(n)
    if lang == "fr":
        return "cent" if n == 100 else "quatre-vingt-" + _FR_9X[n - 90]
    if lang == "es":
        return "cien" if n == 100 else ("noventa" if n == 90 else f"noventa y {_ES_ONES[n - 91]}")
    if lang == "de":
        return (
            "hundert" if n == 100 else ("neunzig" if n == 90 else f"{_DE_ONES[n - 91]}undneunzig")
        )
    raise ValueError(lang)


_NUM_WORDS = {_words(a): a for a in range(40, 105)}
for _lang in ("fr", "es", "de"):
    _NUM_WORDS.update({_age_word(a, _lang): a for a in range(90, 101)})


def _d(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        k = int(ch)
        if i % 2 == 0:
            k *= 2
            if k > 9:
                k -= 9
        total += k
    return str((10 - total % 10) % 10)


def _thai_id(r: random.Random) -> str:
    body = r.choice("1358") + _d(r, 11)
    check = (11 - sum(int(c) * (13 - i) for i, c in enumerate(body)) % 11) % 10
    s = body + str(check)
    return f"{s[0]}-{s[1:5]}-{s[5:10]}-{s[10:12]}-{s[12]}"


def _iin(r: random.Random, dob: date, female: bool) -> str:
    c = (4 if female else 3) if dob.year < 2000 else (6 if female else 5)
    while True:
        body = dob.strftime("%y%m%d") + str(c) + _d(r, 4)
        k = sum(int(x) * (i + 1) for i, x in enumerate(body)) % 11
        if k == 10:
            w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
            k = sum(int(x) * w for x, w in zip(body, w2, strict=True)) % 11
        if k != 10:
            return body + str(k)


def _svnr(r: random.Random, dob: date) -> str:
    weights = (3, 7, 9, 5, 8, 4, 2, 1, 6)
    while True:
        serial = str(r.randint(100, 999))
        rest = dob.strftime("%d%m%y")
        c = sum(int(x) * w for x, w in zip(serial + rest, weights, strict=True)) % 11
        if c != 10:
            return f"{serial}{c}{rest}"


def _mykad(r: random.Random, dob: date, female: bool) -> str:
    last = r.choice("02468" if female else "13579")
    return f"{dob.strftime('%y%m%d')}-{r.choice(['14', '10', '08', '01', '12'])}-{_d(r, 3)}{last}"


def _cedula_do(r: random.Random) -> str:
    body = r.choice(["001", "402", "031", "225"]) + _d(r, 7)
    return f"{body[:3]}-{body[3:]}-{_luhn_digit(body)}"


def _nic_lk(r: random.Random, dob: date, female: bool, new: bool) -> str:
    doy = dob.timetuple().tm_yday + (500 if female else 0)
    if new:
        return f"{dob.year}{doy:03d}{_d(r, 4)}{r.randint(0, 9)}"
    return f"{dob.year % 100:02d}{doy:03d}{_d(r, 4)}{r.choice('VV X')}".replace(" ", "V")


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _ipv4(r: random.Random) -> str:
    first = r.choice([10, 41, 103, 172, 185, 196, 202])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 254)}"


def _ipv6(r: random.Random) -> str:
    return f"2404:{_hex(r, 4)}:{r.randint(1, 0xFFF):x}::{_hex(r, 3)}:{r.randint(1, 0xFFFF):x}"


def _fold(s: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяұқәңғүөһі",
        (
            "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya u q a n g"
            " u o h i"
        ).split(" "),
        strict=False,
    )
)


def _latin(s: str) -> str:
    return "".join(_TRANSLIT.get(c.lower(), c.lower()) for c in s)


def _email(r: random.Random, p: _P, domains: Sequence[str]) -> str:
    g = re.sub(r"[^a-z]", "", _latin(_fold(p.given)).lower()) or "pt"
    f = re.sub(r"[^a-z]", "", _latin(_fold(p.family.split()[-1])).lower()) or "x"
    user = r.choice(
        [f"{g}.{f}", f"{g[0]}{f}{r.randint(2, 99)}", f"{f}_{g}", f"{g}{r.randint(50, 99)}"]
    )
    return f"{user}@{r.choice(domains)}"


# --------------------------------------------------------------------------- phones

_SPOKEN = {str(i): _ONES[i] for i in range(10)}


def _phone(r: random.Random, region: str) -> str:
    d = _d
    return {
        "th": lambda: r.choice(
            [
                f"+66 8{r.randint(1, 9)} {d(r, 3)} {d(r, 4)}",
                f"08{r.randint(1, 9)}-{d(r, 3)}-{d(r, 4)}",
            ]
        ),
        "my": lambda: r.choice(
            [f"+60 1{r.randint(2, 9)}-{d(r, 3)} {d(r, 4)}", f"01{r.randint(2, 9)}-{d(r, 7)}"]
        ),
        "ug": lambda: r.choice(
            [
                f"+256 7{r.choice('0578')}{r.randint(0, 9)} {d(r, 6)}",
                f"07{r.choice('0578')}{d(r, 7)}",
            ]
        ),
        "tz": lambda: r.choice(
            [
                f"+255 7{r.choice('1456')}{r.randint(0, 9)} {d(r, 3)} {d(r, 3)}",
                f"0{r.choice('67')}{d(r, 2)} {d(r, 3)} {d(r, 3)}",
            ]
        ),
        "kz": lambda: r.choice(
            [
                f"+7 (70{r.randint(1, 8)}) {d(r, 3)}-{d(r, 2)}-{d(r, 2)}",
                f"8 777 {d(r, 3)} {d(r, 4)}",
            ]
        ),
        "mn": lambda: r.choice(
            [f"+976 99{d(r, 2)}-{d(r, 4)}", f"8{r.randint(5, 9)}{d(r, 2)} {d(r, 4)}"]
        ),
        "do": lambda: r.choice(
            [
                f"(809) {d(r, 3)}-{d(r, 4)}",
                f"829-{d(r, 3)}-{d(r, 4)}",
                f"+1 849 {d(r, 3)} {d(r, 4)}",
            ]
        ),
        "ht": lambda: r.choice(
            [f"+509 3{r.randint(1, 9)} {d(r, 2)} {d(r, 4)}", f"(509) 4{d(r, 3)}-{d(r, 4)}"]
        ),
        "at": lambda: r.choice(
            [
                f"+43 664 {d(r, 7)}",
                f"0676/{d(r, 3)} {d(r, 2)} {d(r, 2)}",
                f"01 {d(r, 3)} {d(r, 2)} {d(r, 2)}",
            ]
        ),
        "mt": lambda: r.choice([f"+356 79{d(r, 2)} {d(r, 4)}", f"2{d(r, 3)} {d(r, 4)}"]),
        "lk": lambda: r.choice(
            [f"+94 77 {d(r, 3)} {d(r, 4)}", f"071-{d(r, 7)}", f"011 2{d(r, 6)}"]
        ),
        "bo": lambda: r.choice([f"+591 7{d(r, 3)} {d(r, 4)}", f"6{d(r, 7)}", f"(2) 2{d(r, 6)}"]),
        "lu": lambda: r.choice([f"+352 621 {d(r, 3)} {d(r, 3)}", f"691 {d(r, 3)} {d(r, 3)}"]),
    }[region]()


def _spoken(digits: str, lang: str = "en") -> str:
    words = {
        "en": _ONES,
        "fr": "zéro un deux trois quatre cinq six sept huit neuf".split(),
        "es": "cero uno dos tres cuatro cinco seis siete ocho nueve".split(),
        "sw": "sifuri moja mbili tatu nne tano sita saba nane tisa".split(),
    }[lang]
    return " ".join(words[int(c)] for c in digits if c.isdigit())


# --------------------------------------------------------------------------- case


@dataclass
class _Case:
    region: str
    p: _P
    dob: date
    age: int
    visit: date
    phone: str
    natid: str
    mrn: str
    city: str = ""
    zip: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _case(r: random.Random, region: str) -> _Case:
    trad = {"lu": "mt"}.get(region, region)
    p = _person(r, trad)
    visit = date(2019, 1, 1) + timedelta(days=r.randint(0, 2000))
    age = r.randint(91, 103) if r.random() < 0.45 else r.randint(1, 88)
    dob = visit - timedelta(days=age * 365 + r.randint(10, 300))
    age = (visit - dob).days // 365 if (visit - dob).days // 365 != 89 else 88
    if (visit - dob).days // 365 != age:
        dob = visit - timedelta(days=age * 365 + age // 4 + 20)
    return _Case(region, p, dob, age, visit, _phone(r, region), "", f"{r.randint(100000, 999999)}")


def _age(w: _W, c: _Case, text: str | None = None, form: str = "digits") -> None:
    s = text if text is not None else str(c.age)
    if c.age > 89:
        w.phi(s, "age", f"age:{form}")
    else:
        w.keep(s, f"age<=89:{form}")


def _dt(w: _W, d: date, style: str, form: str = "") -> None:
    w.phi(_fmt(d, style), "date", f"date:{form or style}")


def _lab(w: _W, text: str, form: str) -> None:
    w.keep(text, form)


# --------------------------------------------------------------------------- documents

_ST_MY = ("Mawar", "Kenanga", "Teratai")
_ST_KZ = ("Абая", "Сейфуллина", "Жандосова", "Толе би")
_ST_MN = ("Bayanzürkh", "Songinokhairkhan", "Chingeltei")
_ST_DO = ("Duarte", "El Conde", "Las Carreras", "Padre Billini")
_ST_HT = ("Rue Grégoire", "Ruelle Nazon", "Impasse Lavaud", "Rue Capois")
_ST_AT = ("Alser Straße", "Annenstraße", "Landstraßer Hauptstraße")
_ST_LK = ("Temple Road", "Galle Road", "Kandy Road")
_ST_BO = ("Buenos Aires", "Tupac Katari", "Juan Pablo II")
_PL_MY = ("W", "B", "J", "P", "N")


def _th_icsr(w: _W, c: _Case) -> None:
    """Adverse-event case report as XML with attributes (Thai reporter, Buddhist-era dates)."""
    r = w.r
    c.natid = _thai_id(r)
    rep = _clin(r)
    hn = f"{r.randint(10, 68)}-{r.randint(10000, 99999)}"
    c.mrn = hn
    onset = c.visit + timedelta(days=r.randint(1, 20))
    w.add('<?xml version="1.0" encoding="UTF-8"?>\n<ichicsr lang="th" schema="2.1">\n')
    w.seq(
        '  <safetyreport id="TH-FDA-',
        (f"{r.randint(2019, 2024)}{_d(r, 6)}", "account", "account:icsr_id"),
        '" ',
    )
    w.seq(
        'receivedate="', (_fmt(c.visit, "compact"), "date", "date:xml_attr_compact"), '" serious="'
    )
    w.keep(str(r.randint(1, 2)), "flag")
    w.add('">\n    <patient initials="')
    w.phi(f"{c.p.given[0]}{c.p.family[0]}", "name", "name:initials_attr")
    w.add('" sex="' + ("2" if c.p.female else "1") + '" hn="')
    w.phi(hn, "mrn", "mrn:hn_attr")
    w.add('"\n             pid="')
    w.phi(c.natid if r.random() < 0.6 else c.natid.replace("-", ""), "natid", "natid:thai_attr")
    w.add('" birthdate_be="')
    _dt(w, c.dob, "th_be", "xml_th_be")
    w.add('" age="')
    _age(w, c, form="xml_attr")
    w.add('" weight="')
    w.keep(f"{r.randint(38, 82)}.{r.randint(0, 9)}", "weight")
    w.add('"/>\n    <patientname>')
    w.phi(c.p.full(), "name", "name:xml_text")
    w.add("</patientname>\n")
    w.add('    <drug role="suspect" atc="')
    w.keep(r.choice(["J07BX03", "J01CR02", "M01AE01", "N02BE01"]), "atc")
    w.add('" lot="')
    w.keep(f"{_up(r, 2)}{r.randint(1000, 9999)}", "lot")
    w.add('" dose="')
    w.keep(f"{r.choice([0.3, 0.5, 250, 500])}", "dose")
    w.add('" unit="mg" start="')
    _dt(w, c.visit, "th_word", "xml_th_word")
    w.add('"/>\n    <reaction meddra="')
    w.keep(str(r.randint(10000000, 10099999)), "meddra_code")
    w.add('" onset="')
    _dt(w, onset, "dmY/", "xml_dmY")
    w.add('" outcome="')
    w.keep(str(r.randint(1, 6)), "outcome_code")
    w.add('">Naranjo ')
    w.keep(str(r.randint(1, 9)), "score")
    w.add("; rash after dose 2, resolved in ")
    w.keep(str(r.randint(2, 14)), "count")
    w.add(" days</reaction>\n")
    w.add('    <reporter qualification="1" name="')
    w.phi(f"{rep.given} {rep.family}", "name", "name:reporter_attr")
    w.add('" license="ว.')
    w.phi(str(r.randint(10000, 59999)), "license", "license:thai_mc")
    w.add('" tel="')
    w.phi(_phone(r, "th"), "phone", "phone:xml_attr")
    w.add('" email="')
    w.phi(_email(r, rep, ["hospital.go.th", "moph.go.th"]), "email", "email:xml_attr")
    w.add('"/>\n    <narrative>ผู้ป่วย ')
    w.phi(c.p.full(), "name", "name:thai_narrative")
    w.add(" อายุ ")
    _age(w, c, form="thai_ayu")
    w.add(" ปี HN ")
    w.phi(hn, "mrn", "mrn:narrative")
    w.add(", seen ")
    _dt(w, onset, "d-Mon-Y", "narr")
    w.add(" at ")
    w.keep(f"{r.randint(7, 20):02d}:{r.randint(0, 59):02d}", "time")
    w.add(". Creatinine ")
    w.keep(f"{r.randint(6, 19) / 10:.1f}", "lab")
    w.add(" mg/dL, eos ")
    w.keep(f"{r.randint(1, 15)}", "lab")
    w.add("%.</narrative>\n  </safetyreport>\n</ichicsr>\n")


def _my_chat(w: _W, c: _Case) -> None:
    """Outreach team chat export (no single subject): several people, MyKad, plates."""
    r = w.r
    staff = [_person(r, "my") for _ in range(3)]
    day = c.visit
    w.add(f"Exported chat: #outreach-kampung-{r.choice(['selatan', 'hulu', 'baru'])}\n")
    for i in range(r.randint(5, 8)):
        s = staff[i % 3]
        hh, mm = r.randint(7, 18), r.randint(0, 59)
        w.add("[")
        w.keep(f"{hh % 12 or 12}:{mm:02d} {'AM' if hh < 12 else 'PM'}", "time")
        w.add("] ")
        w.phi(s.given.split()[0].lower(), "name", "name:chat_handle")
        w.add(": ")
        pt = _person(r, "my")
        dob = day - timedelta(days=r.randint(60, 103) * 365 + r.randint(0, 300))
        age = (day - dob).days // 365
        k = r.randint(0, 4)
        if k == 0:
            w.seq("house visit done for ", (pt.full(), "name", "name:chat_full"), " IC ")
            w.phi(_mykad(r, dob, pt.female), "natid", "natid:mykad")
            w.add(", BP ")
            w.keep(f"{r.randint(100, 170)}/{r.randint(60, 99)}", "bp")
            w.add(", dose ")
            w.keep(str(r.randint(1, 3)), "dose_no")
            w.add(" given\n")
        elif k == 1:
            w.add("makcik ")
            w.phi(pt.given, "name", "name:chat_given")
            w.add(" umur ")
            if age > 89:
                w.phi(str(age), "age", "age:malay_umur")
            else:
                w.keep(str(age), "age<=89:malay_umur")
            w.add(" tahun, lahir ")
            _dt(w, dob, "dmY/", "chat_dob")
            w.add(", call her son at ")
            w.phi(_phone(r, "my"), "phone", "phone:chat")
            w.add("\n")
        elif k == 2:
            plate = f"{r.choice(_PL_MY)}{_up(r, r.randint(1, 2))} {r.randint(1, 9999)}"
            w.add("van ")
            w.phi(plate, "plate", "plate:malaysia")
            w.add(" parked at ")
            w.phi(
                f"No. {r.randint(1, 88)}, Jalan {r.choice(_ST_MY)} {r.randint(1, 9)}",
                "address",
                "address:my_street",
            )
            w.add(", ")
            w.phi(f"{r.randint(40000, 81999)}", "zip", "zip:my")
            w.add(" ")
            w.phi(r.choice(["Shah Alam", "Kajang", "Muar", "Klang"]), "address", "address:my_city")
            w.add("\n")
        elif k == 3:
            w.add("cold box temp ")
            w.keep(f"{r.randint(2, 8)}.{r.randint(0, 9)}", "temperature")
            w.add("C, lot ")
            w.keep(f"FN{r.randint(1000, 9999)}", "lot")
            w.add(", ")
            w.keep(str(r.randint(12, 60)), "count")
            w.add(" vials left, exp ")
            w.keep(f"{r.randint(1, 12):02d}/{r.randint(2025, 2028)}", "product_expiry")
            w.add("\n")
        else:
            w.add("MRN ")
            w.phi(f"KKM{r.randint(1000000, 9999999)}", "mrn", "mrn:chat")
            w.add(" for ")
            w.phi(pt.full(), "name", "name:chat_full")
            w.add(" referred to ")
            w.phi(
                f"dr.{_fold(staff[(i + 1) % 3].given.split()[0]).lower()}",
                "name",
                "name:chat_handle_dr",
            )
            w.add(" on ")
            _dt(
                w, day + timedelta(days=r.randint(1, 9)), r.choice(["dmY/", "d-Mon-Y"]), "chat_appt"
            )
            w.add("\n")


def _ug_sms(w: _W, c: _Case) -> None:
    """SMS gateway log, CSV with msisdn columns and free-text messages."""
    r = w.r
    c.natid = f"C{r.choice('MF')}{_d(r, 2)}{_up(r, 1)}{_d(r, 5)}{_up(r, 4)}"
    if c.p.female:
        c.natid = "CF" + c.natid[2:]
    w.add("ts,msisdn,dir,status,body\n")
    msisdn = "256" + _d(r, 9)
    t = c.visit
    for i in range(r.randint(4, 6)):
        w.add(f"{t.isoformat()}T")
        w.keep(f"{r.randint(6, 21):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}", "time")
        w.add("Z,")
        w.phi(msisdn, "phone", "phone:msisdn")
        w.add(f",{'MO' if i % 2 else 'MT'},")
        w.keep(r.choice(["DELIVRD", "ACK", "UNDELIV"]), "status")
        w.add(',"')
        k = i % 5
        if k == 0:
            w.add("Reminder: ")
            w.phi(c.p.full(), "name", "name:sms_full")
            w.add(" TB follow-up ")
            _dt(w, c.visit + timedelta(days=14), "dmY/", "sms_appt")
            w.add(" at HC IV. Ref ")
            w.phi(f"TB/{r.randint(100, 999)}/{r.randint(19, 24)}", "mrn", "mrn:tb_register")
        elif k == 1:
            w.add("nanti namba yangu ni ")
            ph = _phone(r, "ug")
            w.phi(_spoken(ph[-6:]) if r.random() < 0.5 else ph, "phone", "phone:sms_reply")
            w.add(" mama yange ali ")
            if c.age > 89:
                w.phi(str(c.age), "age", "age:sms")
            else:
                w.keep(str(c.age), "age<=89:sms")
        elif k == 2:
            w.add("NIN ")
            w.phi(c.natid, "natid", "natid:ug_nin")
            w.add(" village ")
            w.phi(
                r.choice(["Kasubi", "Bukesa", "Lwengo", "Namugongo"]),
                "address",
                "address:ug_village",
            )
            w.add(" LC1 ")
            w.phi(_person(r, "ug").full(), "name", "name:lc1_chair")
        elif k == 3:
            w.add("Sputum GeneXpert ")
            w.keep(r.choice(["MTB NOT DETECTED", "MTB DETECTED LOW"]), "result")
            w.add(", sample ")
            w.phi(f"UG-{r.randint(19, 24)}-{_d(r, 6)}", "accession", "accession:xpert")
            w.add(", weight ")
            w.keep(f"{r.randint(38, 70)}", "weight")
            w.add("kg")
        else:
            w.add("STOP")
        w.add('"\n')
        t = t + timedelta(days=r.randint(0, 3))


def _tz_markdown(w: _W, c: _Case) -> None:
    """Migrant / refugee screening note as Markdown with YAML front matter."""
    r = w.r
    c.p = _person(r, r.choice(["tz", "cd"]), c.p.female)
    unhcr = f"{r.randint(100, 999)}-{r.randint(10, 99)}C{_d(r, 5)}"
    case_no = f"TZA-{_d(r, 2)}-{_d(r, 6)}"
    c.natid = unhcr
    c.mrn = f"NDT/{r.randint(1000, 9999)}"
    w.add("---\n")
    w.seq("title: Health screening ", (c.p.full(), "name", "name:yaml_title"), "\n")
    w.seq("proGres_id: ", (unhcr, "natid", "natid:unhcr_individual"), "\n")
    w.seq("case_no: ", (case_no, "account", "account:unhcr_case"), "\n")
    w.seq("clinic_no: ", (c.mrn, "mrn", "mrn:yaml"), "\n")
    w.add("dob: ")
    _dt(w, c.dob, "iso", "yaml_iso")
    w.add("\nscreened: ")
    _dt(w, c.visit, r.choice(["iso", "sw", "dmY."]))
    w.add("\ncamp: Nduta\nblock: ")
    w.keep(f"{r.randint(1, 16)}", "block_no")
    w.add("\ntags: [tb, muac, ")
    w.keep(f"v{r.randint(1, 4)}.{r.randint(0, 9)}", "version")
    w.add("]\n---\n\n## Subjective\n- ")
    w.phi(c.p.given, "name", "name:md_given")
    w.add(", arrived ")
    _dt(w, c.visit - timedelta(days=r.randint(5, 60)), "sw", "md_sw")
    w.add(" via Kibondo; umri miaka ")
    _age(w, c, form="sw_miaka")
    w.add("\n- cough ")
    w.keep(str(r.randint(2, 6)), "count")
    w.add(" weeks, no haemoptysis\n\n## Objective\n- MUAC ")
    w.keep(f"{r.randint(180, 290)}", "muac")
    w.add(" mm | BMI ")
    w.keep(f"{r.randint(15, 27)}.{r.randint(0, 9)}", "bmi")
    w.add(" | Hb ")
    w.keep(f"{r.randint(7, 14)}.{r.randint(0, 9)}", "lab")
    w.add(" g/dL | mRDT ")
    w.keep(r.choice(["neg", "Pf+"]), "result")
    w.add("\n- CXR: [image ")
    w.phi(f"CXR{r.randint(2019, 2024)}-{_d(r, 5)}", "accession", "accession:md_image")
    w.add("](https://")
    url = f"pacs.nduta-hc.org/viewer?study={_d(r, 8)}"
    w.phi(url, "url", "url:md_link")
    w.add(")\n\n## Plan\n- INH ")
    w.keep(str(r.choice([100, 300])), "dose")
    w.add(" mg daily\n- call brother ")
    w.phi(_person(r, "tz").full(), "name", "name:md_relative")
    w.add(" on ")
    ph = _phone(r, "tz")
    if r.random() < 0.4:
        w.phi(_spoken(ph, "sw"), "phone", "phone:swahili_spoken")
    else:
        w.phi(ph, "phone", "phone:md")
    w.add("\n- ICD-10 ")
    w.keep(r.choice(["A15.0", "E44.0", "B54", "Z11.1"]), "icd10")
    w.add("\n")


def _kz_form(w: _W, c: _Case) -> None:
    """PDF form fields ``Field: value`` in Russian (Kazakhstan)."""
    r = w.r
    c.natid = _iin(r, c.dob, c.p.female)
    fam, giv = c.p.family, c.p.given
    w.add("Форма 025/у — выписка (извлечено из PDF)\n")
    w.seq("Фамилия: ", (fam, "name", "name:form_family"), "\n")
    w.seq("Имя: ", (giv, "name", "name:form_given"), "\n")
    w.seq("ИИН: ", (c.natid, "natid", "natid:kz_iin"), "\n")
    w.add("Дата рождения: ")
    _dt(w, c.dob, r.choice(["dmY.", "ru"]), "form_dob")
    w.add("\nВозраст: ")
    if c.age > 89:
        w.phi(str(c.age), "age", "age:form_ru")
    else:
        w.keep(str(c.age), "age<=89:form_ru")
    w.add(" лет\nАдрес: ")
    w.phi(
        f"ул. {r.choice(_ST_KZ)}, д. {r.randint(1, 190)}, кв. {r.randint(1, 120)}",
        "address",
        "address:kz_street",
    )
    w.add(", ")
    w.phi(r.choice(["г. Алматы", "г. Шымкент", "г. Караганда"]), "address", "address:kz_city")
    w.add(", ")
    w.phi(f"{r.choice(['05', '16', '10'])}{_d(r, 4)}", "zip", "zip:kz")
    w.add("\nТелефон: ")
    w.phi(c.phone, "phone", "phone:form")
    w.add("\nМед. карта №: ")
    c.mrn = f"{r.randint(1, 99)}/{r.randint(1000, 99999)}"
    w.phi(c.mrn, "mrn", "mrn:kz_card")
    w.add("\nПолис ОСМС: ")
    w.phi(_d(r, 12), "plan", "plan:osms")
    w.add("\nГоспитализирован: ")
    _dt(w, c.visit, "ru", "form_ru_long")
    w.add(" в ")
    w.keep(f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}", "time")
    w.add("\nВыписан: ")
    _dt(w, c.visit + timedelta(days=r.randint(2, 15)), "dmY.", "form_dot")
    w.add("\nДиагноз (МКБ-10): ")
    w.keep(r.choice(["T63.4", "T78.3", "L50.0", "J45.0"]), "icd10")
    w.add("\nIgE общий: ")
    w.keep(str(r.randint(20, 900)), "lab")
    w.add(" МЕ/мл; эозинофилы ")
    w.keep(f"{r.randint(1, 12)}", "lab")
    w.add(" %\nТранспорт: а/м ")
    w.phi(
        f"{r.randint(100, 999)} {_up(r, 3)} {r.choice(['02', '01', '13', '09'])}",
        "plate",
        "plate:kz",
    )
    w.add("\nВрач: ")
    doc = _person(r, "kz")
    w.phi(f"{doc.family} {doc.given[0]}.", "name", "name:form_doctor")
    w.add("\nEmail: ")
    w.phi(_email(r, c.p, ["mail.kz", "inbox.kz"]), "email", "email:form")
    w.add("\n")


def _mn_labels(w: _W, c: _Case) -> None:
    """Printer label dump (ZPL-like) for triage tags (Mongolia)."""
    r = w.r
    reg = f"{r.choice(['УБ', 'ДА', 'ОР', 'ХЭ'])}{c.dob.year % 100:02d}{c.dob.month:02d}{_d(r, 4)}"
    c.natid = reg
    tag = f"MN-TT-{_d(r, 6)}"
    w.add("^XA\n^CF0,30\n^FO40,30^FDTRIAGE ")
    w.keep(r.choice(["RED", "YELLOW", "GREEN"]), "triage_colour")
    w.add(" / START ")
    w.keep(str(r.randint(1, 4)), "score")
    w.add("^FS\n^FO40,70^FD")
    w.phi(c.p.full().upper(), "name", "name:label_upper")
    w.add("^FS\n^FO40,110^FDРД ")
    w.phi(reg, "natid", "natid:mn_register")
    w.add("^FS\n^FO40,150^FDТөрсөн ")
    _dt(w, c.dob, "mn", "label_mn")
    w.add(" / нас ")
    _age(w, c, form="mn_nas")
    w.add("^FS\n^FO40,190^BY2^BCN,80,Y,N,N^FD")
    w.phi(tag, "accession", "accession:tag_barcode")
    w.add("^FS\n^FO40,300^FDRR ")
    w.keep(str(r.randint(8, 36)), "vital")
    w.add(" SpO2 ")
    w.keep(str(r.randint(80, 99)), "vital")
    w.add(" GCS ")
    w.keep(str(r.randint(3, 15)), "score")
    w.add("^FS\n^FO40,340^FD")
    _dt(w, c.visit, "ymd/", "label_ymd")
    w.add(" ")
    w.keep(f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}", "time")
    w.add(" ger ")
    w.phi(
        f"{r.choice(_ST_MN)} duureg, {r.randint(1, 30)}-r khoroo",
        "address",
        "address:mn_district",
    )
    w.add("^FS\n^FO40,380^FDContact ")
    w.phi(c.phone, "phone", "phone:label")
    w.add("^FS\n^PQ")
    w.keep(str(r.randint(1, 3)), "count")
    w.add("\n^XZ\n; printer ")
    w.keep(r.choice(["ZD421", "ZT230", "GK420d"]), "device_model")
    w.add(" sn ")
    w.phi(f"{_d(r, 2)}J{_d(r, 6)}", "serial", "serial:printer")
    w.add(" @ ")
    w.phi(_ipv4(r), "ip", "ip:printer")
    w.add(":9100\n")


def _do_eob(w: _W, c: _Case) -> None:
    """Insurance explanation of benefits (Dominican ARS), Spanish."""
    r = w.r
    c.natid = _cedula_do(r)
    nss = _d(r, 9)
    aut = f"{r.randint(10000000, 99999999)}"
    w.add("ARS ")
    w.add(r.choice(["Humano", "Senasa", "Universal", "Palic"]))
    w.add(" — EXPLICACIÓN DE BENEFICIOS\n")
    w.seq(
        "Afiliado: ",
        (c.p.full().upper() if r.random() < 0.5 else c.p.full(), "name", "name:eob_member"),
        "\n",
    )
    w.seq(
        "Cédula: ",
        (c.natid if r.random() < 0.7 else c.natid.replace("-", ""), "natid", "natid:do_cedula"),
        "   NSS: ",
    )
    w.phi(nss, "plan", "plan:do_nss")
    w.add("\nFecha de nacimiento: ")
    _dt(w, c.dob, "dmY/", "eob_dob")
    w.add("   Edad: ")
    _age(w, c, form="eob_edad")
    w.add("\nDirección: ")
    w.phi(
        f"C/ {r.choice(_ST_DO)} #{r.randint(1, 250)}",
        "address",
        "address:do_street",
    )
    w.add(", ")
    w.phi(
        r.choice(["Los Mina", "Gazcue", "Villa Juana", "Ensanche Ozama"]),
        "address",
        "address:do_sector",
    )
    w.add(", ")
    w.phi(
        r.choice(["Santo Domingo Este", "Santiago de los Caballeros", "San Pedro de Macorís"]),
        "address",
        "address:do_city",
    )
    w.add(" ")
    w.phi(f"{r.randint(10100, 11900)}", "zip", "zip:do")
    w.add("\nTel.: ")
    w.phi(c.phone, "phone", "phone:eob")
    w.add("\n\nAutorización  Fecha        CPT/Código  Reclamado   Cubierto   Copago\n")
    for _ in range(r.randint(2, 4)):
        w.phi(
            aut if r.random() < 0.3 else f"{r.randint(10000000, 99999999)}",
            "account",
            "account:do_autorizacion",
        )
        w.add("      ")
        _dt(w, c.visit + timedelta(days=r.randint(0, 30)), "dmY-", "eob_row")
        w.add("   ")
        w.keep(r.choice(["95004", "95024", "86003", "99213", "95165"]), "cpt")
        w.add("       RD$")
        w.keep(f"{r.randint(500, 9000):,}.00", "money")
        w.add("  RD$")
        w.keep(f"{r.randint(300, 5000):,}.00", "money")
        w.add("  ")
        w.keep(f"{r.randint(10, 30)}%", "percent")
        w.add("\n")
    w.add("\nReclamación No. ")
    w.phi(f"RC-{r.randint(2019, 2024)}-{_d(r, 7)}", "account", "account:do_reclamacion")
    w.add("   Prestador: Dr. ")
    doc = _person(r, "do")
    w.phi(doc.full(), "name", "name:eob_provider")
    w.add(" (exequátur ")
    w.phi(f"{r.randint(100, 999)}-{r.randint(10, 99)}", "license", "license:do_exequatur")
    w.add(")\nPlaca vehículo (transporte): ")
    w.phi(f"{r.choice('AGL')}{_d(r, 6)}", "plate", "plate:do")
    w.add("\n")


def _ht_affidavit(w: _W, c: _Case) -> None:
    """Sworn statement in French with a Creole passage (Haiti)."""
    r = w.r
    nif = f"{_d(r, 3)}-{_d(r, 3)}-{_d(r, 3)}-{r.randint(0, 9)}"
    cin = f"{_d(r, 2)}-{_d(r, 2)}-{_d(r, 2)}-{r.randint(1930, 2004)}-{_d(r, 2)}-{_d(r, 5)}"
    c.natid = nif
    dec = _person(r, "ht")
    w.add("RÉPUBLIQUE D'HAÏTI\nDÉCLARATION SOUS SERMENT\n\nJe soussigné(e) ")
    w.phi(dec.full(), "name", "name:affiant")
    w.add(", NIF ")
    w.phi(nif, "natid", "natid:ht_nif")
    w.add(", CIN ")
    w.phi(cin, "natid", "natid:ht_cin")
    w.add(", demeurant au ")
    w.phi(
        f"{r.randint(2, 80)}, {r.choice(_ST_HT)}",
        "address",
        "address:ht_street",
    )
    w.add(", ")
    w.phi(r.choice(["Pétion-Ville", "Delmas", "Carrefour", "Jacmel"]), "address", "address:ht_city")
    w.add(" ")
    w.phi(f"HT{r.choice(['61', '63', '91'])}{_d(r, 2)}", "zip", "zip:ht")
    w.add(", déclare que ")
    w.phi(c.p.full(), "name", "name:ht_subject")
    w.add(", né(e) le ")
    _dt(w, c.dob, "fr", "ht_fr")
    w.add(", âgé(e) de ")
    if 89 < c.age <= 100 and r.random() < 0.5:
        w.phi(_age_word(c.age, "fr"), "age", "age:fr_words")
    else:
        _age(w, c, form="fr_digits")
    w.add(" ans, a été vacciné(e) le ")
    _dt(w, c.visit, r.choice(["fr", "dmY/"]), "ht_vacc")
    w.add(" (lot ")
    w.keep(f"{_up(r, 1)}{r.randint(100, 999)}{_up(r, 1)}", "lot")
    w.add(", dose ")
    w.keep(str(r.randint(1, 3)), "dose_no")
    w.add(").\n\nNan kreyòl: Mwen konnen li depi ")
    w.keep(str(r.randint(1970, 2010)), "bare_year")
    w.add("; li te malad ")
    _dt(w, c.visit - timedelta(days=r.randint(3, 40)), "ht", "ht_creole")
    w.add(". Rele m nan ")
    ph = _phone(r, "ht")
    if r.random() < 0.4:
        w.phi(_spoken(ph, "fr"), "phone", "phone:fr_spoken")
    else:
        w.phi(ph, "phone", "phone:ht")
    w.add(" oswa ekri ")
    w.phi(_email(r, dec, ["yahoo.fr", "hotmail.com", "digicelhaiti.net"]), "email", "email:ht")
    w.add(".\n\nDossier MSPP n° ")
    c.mrn = f"{r.randint(1, 9)}{_d(r, 5)}"
    w.phi(c.mrn, "mrn", "mrn:mspp")
    w.add("\nFait à Port-au-Prince, le ")
    _dt(w, c.visit + timedelta(days=r.randint(1, 10)), "fr", "ht_fait")
    w.add("\nMe ")
    notary = _person(r, "ht")
    w.phi(notary.full(), "name", "name:notary")
    w.add(", notaire, commission n° ")
    w.phi(f"{r.randint(1000, 9999)}", "license", "license:notary")
    w.add("\n")


def _at_rx(w: _W, c: _Case) -> None:
    """Prescription pad / e-card in German (Austria)."""
    r = w.r
    c.natid = _svnr(r, c.dob)
    doc = _person(r, "at")
    w.add("Dr. med. univ. ")
    w.phi(doc.full(), "name", "name:rx_doctor")
    w.add("\nFA f. Dermatologie, Allergologie · Vertragspartner ÖGK\n")
    w.phi(
        f"{r.choice(_ST_AT)} {r.randint(1, 90)}/{r.randint(1, 9)}",
        "address",
        "address:at_praxis",
    )
    w.add(", ")
    w.phi(f"{r.choice(['10', '80', '40'])}{r.randint(10, 90)}", "zip", "zip:at")
    w.add(" ")
    w.phi(r.choice(["Wien", "Graz", "Linz"]), "address", "address:at_city")
    w.add(" · Tel ")
    w.phi(_phone(r, "at"), "phone", "phone:at_praxis")
    w.add(" · Fax ")
    w.phi(_phone(r, "at").replace("664", "1"), "fax", "fax:at")
    w.add("\n\nREZEPT   Kassenrezept  [x]\nFür: ")
    w.phi(f"{c.p.family}, {c.p.given}", "name", "name:rx_last_first")
    w.add("   geb. ")
    _dt(w, c.dob, r.choice(["d.m.Y", "dmY."]), "rx_dob")
    w.add("\nSVNR: ")
    v = c.natid if r.random() < 0.5 else f"{c.natid[:4]} {c.natid[4:]}"
    w.phi(v, "natid", "natid:at_svnr")
    w.add("   Alter: ")
    if 89 < c.age <= 100 and r.random() < 0.5:
        w.phi(_age_word(c.age, "de"), "age", "age:de_words")
    else:
        _age(w, c, form="de_digits")
    w.add("\n\nRp.\n1) Epinephrin-Autoinjektor ")
    w.keep(str(r.choice([150, 300, 500])), "dose")
    w.add(" µg  OP II\n2) Desloratadin ")
    w.keep("5", "dose")
    w.add(" mg  OP ")
    w.keep(str(r.choice([30, 50])), "count")
    w.add("\nS: 1-0-0\n\nPricktest ")
    _dt(w, c.visit, "de", "rx_de")
    w.add(": Histamin ")
    w.keep(str(r.randint(3, 8)), "wheal_mm")
    w.add(" mm, Bet v 1 ")
    w.keep(str(r.randint(0, 12)), "wheal_mm")
    w.add(" mm, sIgE ")
    w.keep(f"{r.randint(0, 99)}.{r.randint(0, 9)}", "lab")
    w.add(" kU/l (CAP-Klasse ")
    w.keep(str(r.randint(0, 6)), "score")
    w.add(")\nKfz-Kennzeichen (Parkausweis): ")
    w.phi(
        f"{r.choice(['W', 'G', 'L', 'S', 'IL'])}-{r.randint(100, 99999)}{_up(r, 1)}",
        "plate",
        "plate:at",
    )
    w.add("\ne-card Seriennr. ")
    w.phi(f"{_d(r, 4)}-{_d(r, 4)}-{_d(r, 4)}", "serial", "serial:ecard")
    w.add("\nVertragsarzt-Nr. ")
    w.phi(f"{r.randint(10, 99)}{_d(r, 4)}", "license", "license:at_vpnr")
    w.add("   Ordination ")
    _dt(w, c.visit, "dmY.", "rx_footer")
    w.add("\n")


def _mt_grid(w: _W, c: _Case) -> None:
    """School vaccination roster copied from a spreadsheet (tabs), several children."""
    r = w.r
    w.add(f"Skola Primarja {r.choice(['Ħamrun', 'Żejtun', 'Qormi', 'Mosta'])}\tClass ")
    w.keep(f"Year {r.randint(1, 6)}", "class")
    w.add("\tSession ")
    _dt(w, c.visit, "dmY/", "grid_session")
    w.add("\nSurname\tName\tID Card\tDOB\tParent mobile\tDose\tLot\tArm\n")
    for _ in range(r.randint(4, 7)):
        ch = _person(r, "mt")
        dob = c.visit - timedelta(days=r.randint(5 * 365, 11 * 365))
        w.phi(ch.family, "name", "name:grid_family")
        w.add("\t")
        w.phi(ch.given, "name", "name:grid_given")
        w.add("\t")
        w.phi(f"{r.randint(1000, 999999)}{r.choice('MGALHP')}", "natid", "natid:mt_idcard")
        w.add("\t")
        _dt(w, dob, r.choice(["dmY/", "iso", "mt"]), "grid_dob")
        w.add("\t")
        w.phi(_phone(r, "mt"), "phone", "phone:grid")
        w.add("\t")
        w.keep(str(r.randint(1, 2)), "dose_no")
        w.add("\t")
        w.keep(f"{_up(r, 1)}{_d(r, 5)}", "lot")
        w.add("\t")
        w.keep(r.choice(["L", "R"]), "arm")
        w.add("\n")
    w.add("Nurse: ")
    nurse = _person(r, "mt")
    w.phi(nurse.full(), "name", "name:grid_nurse")
    w.add("  (reg. ")
    w.phi(f"N{r.randint(1000, 9999)}", "license", "license:mt_nmc")
    w.add(")  fridge ")
    w.keep(f"{r.randint(2, 8)}.{r.randint(0, 9)}", "temperature")
    w.add("°C\n")


def _lk_exif(w: _W, c: _Case) -> None:
    """Tele-dermatology image metadata dump, key = value (Sri Lanka)."""
    r = w.r
    new = r.random() < 0.5
    c.natid = _nic_lk(r, c.dob, c.p.female, new)
    c.mrn = f"BHT{r.randint(10, 99)}/{_d(r, 5)}"
    acc = f"TD{_d(r, 9)}"
    shot = c.visit
    w.add("[File]\nFileName        = ")
    w.phi(f"{acc}", "accession", "accession:filename")
    w.add(f"_{r.randint(1, 9)}.jpg\nFileSize        = ")
    w.keep(f"{r.randint(800, 6000)} kB", "filesize")
    w.add("\n[EXIF]\nMake            = ")
    w.keep(r.choice(["FotoFinder", "Canon", "DermLite"]), "device_make")
    w.add("\nModel           = ")
    w.keep(r.choice(["DL5", "EOS 250D", "handyscope 2"]), "device_model")
    w.add("\nBodySerialNumber= ")
    w.phi(f"{_up(r, 2)}{_d(r, 8)}", "serial", "serial:camera")
    w.add("\nDateTimeOriginal= ")
    w.phi(f"{shot.year}:{shot.month:02d}:{shot.day:02d}", "date", "date:exif")
    w.add(" ")
    w.keep(f"{r.randint(8, 17):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}", "time")
    w.add("\nFNumber         = ")
    w.keep(f"{r.choice([2.8, 4.0, 5.6])}", "fnumber")
    w.add("\nISO             = ")
    w.keep(str(r.choice([100, 200, 400, 800])), "iso_speed")
    w.add("\nGPSLatitude     = ")
    w.keep(f"{r.randint(6, 9)}.{_d(r, 4)}", "gps")
    w.add("\n[XMP]\ndc:subject      = ")
    w.phi(c.p.full(), "name", "name:xmp")
    w.add("\nPatientNIC      = ")
    w.phi(c.natid, "natid", "natid:lk_nic_new" if new else "natid:lk_nic_old")
    w.add("\nClinicNo        = ")
    w.phi(c.mrn, "mrn", "mrn:lk_clinic")
    w.add("\nPatientDOB      = ")
    _dt(w, c.dob, r.choice(["iso", "dmY/"]), "xmp_dob")
    w.add("\nPatientAge      = ")
    if c.age > 89:
        w.phi(f"{c.age}", "age", "age:xmp")
    else:
        w.keep(f"{c.age}", "age<=89:xmp")
    w.add("Y\nSite            = ")
    w.keep(r.choice(["L shin", "R cheek", "back"]), "site")
    w.add(" ; lesion ")
    w.keep(f"{r.randint(2, 40)} mm", "size")
    w.add("\nUploader        = ")
    phi_ = _clin(r)
    w.phi(f"{phi_.given} {phi_.family}", "name", "name:uploader")
    w.add(" <")
    w.phi(_email(r, phi_, ["health.gov.lk", "gmail.com"]), "email", "email:uploader")
    w.add(">\nSLMC            = ")
    w.phi(str(r.randint(10000, 39999)), "license", "license:slmc")
    w.add("\nUploadHost      = ")
    w.phi(_ipv6(r) if r.random() < 0.4 else _ipv4(r), "ip", "ip:upload")
    w.add("\nCaseURL         = ")
    w.phi(f"https://teleder.health.gov.lk/case/{_d(r, 7)}?nic={c.natid}", "url", "url:case")
    w.add("\nContact         = ")
    w.phi(c.phone, "phone", "phone:xmp")
    w.add("\nAddress         = ")
    w.phi(
        f"{r.randint(1, 300)}/{r.randint(1, 9)}, {r.choice(_ST_LK)}",
        "address",
        "address:lk_street",
    )
    w.add(", ")
    w.phi(
        r.choice(["Maharagama", "Nugegoda", "Peradeniya", "Matara"]), "address", "address:lk_city"
    )
    w.add(" ")
    w.phi(f"{r.randint(10, 81)}{_d(r, 3)}", "zip", "zip:lk")
    w.add("\n")


def _bo_organ(w: _W, c: _Case) -> None:
    """Organ-donation family conversation notes, Spanish bullets (Bolivia)."""
    r = w.r
    ci = f"{r.randint(1000000, 9999999)} {r.choice(['LP', 'CB', 'SC', 'OR', 'PT'])}"
    c.natid = ci
    fam = _person(r, "bo")
    w.add("COORDINACIÓN DE TRASPLANTES — entrevista familiar\n")
    w.add("* Posible donante: ")
    w.phi(c.p.full(), "name", "name:bo_donor")
    w.add(", CI ")
    w.phi(ci, "natid", "natid:bo_ci")
    w.add(", HC ")
    c.mrn = f"{r.randint(100000, 999999)}"
    w.phi(c.mrn, "mrn", "mrn:bo_hc")
    w.add("\n* Edad: ")
    if c.age > 89:
        w.phi(
            _age_word(c.age, "es") if c.age <= 100 and r.random() < 0.5 else str(c.age),
            "age",
            "age:es",
        )
    else:
        w.keep(str(c.age), "age<=89:es")
    w.add(" años; ingreso ")
    _dt(w, c.visit, "es", "bo_es")
    w.add(", ME confirmada ")
    _dt(w, c.visit + timedelta(days=r.randint(1, 4)), "dmY/", "bo_me")
    w.add(" ")
    w.keep(f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}", "time")
    w.add("\n* Glasgow ")
    w.keep("3", "score")
    w.add("/15, Na ")
    w.keep(str(r.randint(130, 160)), "lab")
    w.add(", creatinina ")
    w.keep(f"{r.randint(5, 30) / 10:.1f}", "lab")
    w.add("\n* Familiar: ")
    w.phi(fam.full(), "name", "name:bo_relative")
    w.add(" (hija), cel. ")
    ph = _phone(r, "bo")
    if r.random() < 0.3:
        w.phi(_spoken(ph, "es"), "phone", "phone:es_spoken")
    else:
        w.phi(ph, "phone", "phone:bo")
    w.add("\n* Domicilio: ")
    w.phi(
        f"Av. {r.choice(_ST_BO)} N° {r.randint(100, 3999)}",
        "address",
        "address:bo_street",
    )
    w.add(", zona ")
    w.phi(
        r.choice(["Villa Fátima", "Sopocachi", "Ciudad Satélite", "Miraflores"]),
        "address",
        "address:bo_zona",
    )
    w.add(", ")
    w.phi(r.choice(["El Alto", "La Paz", "Cochabamba"]), "address", "address:bo_city")
    w.add("\n* SUS/SUMI afiliación ")
    w.phi(f"{_d(r, 3)}-{_d(r, 6)}", "plan", "plan:bo_sus")
    w.add("\n* Vehículo familia: placa ")
    w.phi(f"{r.randint(1000, 5999)}-{_up(r, 3)}", "plate", "plate:bo")
    w.add("\n* Decisión: ")
    w.keep(r.choice(["acepta", "niega", "pendiente"]), "decision")
    w.add(" — riñones x")
    w.keep("2", "count")
    w.add(", hígado; HLA ")
    w.keep(f"A{r.randint(1, 80)} B{r.randint(7, 81)}", "hla")
    w.add("\n* Coordinador: Lic. ")
    co = _person(r, "bo")
    w.phi(co.full(), "name", "name:bo_coordinator")
    w.add(" (mat. prof. ")
    w.phi(f"{_up(r, 1)}-{r.randint(100, 9999)}", "license", "license:bo_matricula")
    w.add(")\n")


def _lu_courier(w: _W, c: _Case) -> None:
    """Laboratory courier log, pipe-separated (Luxembourg); no subject."""
    r = w.r
    driver = _person(r, "mt")
    plate = f"{_up(r, 2)} {r.randint(1000, 9999)}"
    w.add("# tournée ")
    _dt(w, c.visit, "dmY/", "courier_day")
    w.add(" chauffeur ")
    w.phi(driver.full(), "name", "name:driver")
    w.add(" tel ")
    w.phi(_phone(r, "lu"), "phone", "phone:driver")
    w.add(" véhicule ")
    w.phi(plate, "plate", "plate:lu")
    w.add(" permis ")
    w.phi(f"{_d(r, 6)}", "license", "license:lu_permis")
    w.add("\n# heure|site|échantillon|patient|matricule|temp|scan\n")
    for _ in range(r.randint(4, 7)):
        pt = _person(r, "mt")
        dob = c.visit - timedelta(days=r.randint(20, 100) * 365 + r.randint(0, 300))
        w.keep(f"{r.randint(6, 18):02d}:{r.randint(0, 59):02d}", "time")
        w.add(f"|{r.choice(['Esch', 'Ettelbruck', 'Kirchberg', 'Wiltz'])}|")
        w.phi(f"L{_d(r, 2)}-{_d(r, 7)}", "accession", "accession:lu_tube")
        w.add("|")
        w.phi(f"{pt.family.upper()} {pt.given[0]}", "name", "name:courier_upper")
        w.add("|")
        w.phi(f"{dob.year}{dob.month:02d}{dob.day:02d}{_d(r, 5)}", "natid", "natid:lu_matricule")
        w.add("|")
        w.keep(f"+{r.randint(2, 8)}.{r.randint(0, 9)}", "temperature")
        w.add("|")
        w.keep(r.choice(["OK", "RETARD", "HEMOLYSE"]), "status")
        w.add("\n")
    w.add("# scanner ")
    w.keep(r.choice(["TC52", "CT40"]), "device_model")
    w.add(" s/n ")
    w.phi(f"{_d(r, 5)}{_up(r, 2)}{_d(r, 4)}", "serial", "serial:scanner")
    w.add(" sync ")
    w.phi(_ipv4(r), "ip", "ip:scanner")
    w.add(" -> https://")
    w.phi(f"lims.labo-lu.example/tour/{_d(r, 6)}", "url", "url:lims")
    w.add("\n")


def _np_soap(w: _W, c: _Case) -> None:
    """Bulleted SOAP note with Bikram Sambat dates (Nepal), romanised Nepali fragments."""
    r = w.r
    c.p = _P(
        r.choice(["Sita", "Gita", "Kamala", "Bishnu", "Hari", "Ram Bahadur"]),
        r.choice(["Shrestha", "Gurung", "Tamang", "Adhikari", "Magar", "Thapa"]),
    )
    cz = f"{r.randint(1, 77)}-{r.randint(1, 9):02d}-{r.randint(60, 80)}-{_d(r, 5)}"
    c.natid = cz
    c.phone = f"98{r.randint(0, 6)}{_d(r, 7)}"
    w.add("S:\n  • ")
    w.phi(c.p.full(), "name", "name:np_full")
    w.add(", ")
    if c.age > 89:
        w.phi(str(c.age), "age", "age:np_barsa")
    else:
        w.keep(str(c.age), "age<=89:np_barsa")
    w.add(" barsa, nagarikta no. ")
    w.phi(cz, "natid", "natid:np_citizenship")
    w.add("\n  • janma miti ")
    w.phi(_fmt(c.dob, "bs"), "date", "date:bs")
    w.add(" (AD ")
    _dt(w, c.dob, "iso", "np_ad")
    w.add(")\n  • hives after bee sting x")
    w.keep(str(r.randint(1, 5)), "count")
    w.add(", grade ")
    w.keep(str(r.randint(1, 4)), "score")
    w.add("\nO:\n  • BP ")
    w.keep(f"{r.randint(90, 160)}/{r.randint(50, 95)}", "bp")
    w.add(", pulse ")
    w.keep(str(r.randint(50, 120)), "vital")
    w.add(", tryptase ")
    w.keep(f"{r.randint(2, 40)}.{r.randint(0, 9)}", "lab")
    w.add("\nA:\n  • venom allergy, ICD ")
    w.keep("T63.441A", "icd10")
    w.add("\nP:\n  • VIT start ")
    _dt(w, c.visit, "bs", "np_plan_bs")
    w.add("; call ")
    w.phi(c.phone, "phone", "phone:np_mobile")
    w.add("\n  • ward ")
    w.phi(
        f"{r.choice(['Lalitpur', 'Bharatpur', 'Pokhara'])}-{r.randint(1, 33)}",
        "address",
        "address:np_ward",
    )
    w.add(", ")
    w.phi(r.choice(["Bagmati", "Gandaki"]), "address", "address:np_province")
    w.add("\n  • OPD no ")
    c.mrn = f"{r.randint(2076, 2081)}/{_d(r, 6)}"
    w.phi(c.mrn, "mrn", "mrn:np_opd")
    w.add(", HIB ")
    w.phi(_d(r, 10), "plan", "plan:np_hib")
    w.add(", NMC ")
    w.phi(str(r.randint(1000, 29999)), "license", "license:np_nmc")
    w.add("\n")


_DOCS: tuple[tuple[str, str, Callable[[_W, _Case], None]], ...] = (
    ("th_icsr", "th", _th_icsr),
    ("my_chat", "my", _my_chat),
    ("ug_sms", "ug", _ug_sms),
    ("tz_markdown", "tz", _tz_markdown),
    ("kz_form", "kz", _kz_form),
    ("mn_labels", "mn", _mn_labels),
    ("do_eob", "do", _do_eob),
    ("ht_affidavit", "ht", _ht_affidavit),
    ("at_rx", "at", _at_rx),
    ("mt_grid", "mt", _mt_grid),
    ("lk_exif", "lk", _lk_exif),
    ("bo_organ", "bo", _bo_organ),
    ("lu_courier", "lu", _lu_courier),
    ("np_soap", "lk", _np_soap),
)
_NO_SUBJECT = {"my_chat", "mt_grid", "lu_courier"}


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc in _NO_SUBJECT or r.random() < 0.06:
        return {}
    ctx: dict[str, object] = {
        "first_name": c.p.given,
        "last_name": c.p.family,
        "mrn": c.mrn,
        "birth_date": c.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": c.phone})
    return ctx


def generate(n: int, seed: int = DEFAULT_SEED) -> list[TaggedNote]:
    """``n`` labelled notes in this style, each with its subject's context (or none)."""
    r = random.Random(seed)
    notes = []
    for i in range(n):
        doc, region, write = _DOCS[i % len(_DOCS)]
        c = _case(r, region)
        w = _W(r)
        write(w, c)
        note = TaggedNote(w.text(), _context(r, c, doc), w.spans)
        note.forms, note.values, note.keeps, note.doc = w.forms, w.values, w.keeps, doc
        notes.append(note)
    return notes


# --------------------------------------------------------------------------- checks

_PLANTED = {"name", "mrn", "ssn", "natid", "plan", "phone", "fax", "email", "license"}
_PLANTED |= {"plate", "serial", "ip", "url", "accession", "account"}


def _age_value(s: str) -> int | None:
    digits = re.match(r"\d+", s)
    if digits:
        return int(digits.group())
    return _NUM_WORDS.get(s.lower())


def _self_check() -> list[str]:
    problems = []
    d = date(2021, 3, 9)
    if _fmt(d, "de") != "9. März 2021" or _fmt(d, "es") != "9 de marzo de 2021":
        problems.append("date formatting is off")
    if _fmt(d, "th_be") != "9/3/2564" or _fmt(d, "ru") != "9 марта 2021 г.":
        problems.append("Thai / Russian dates are off")
    if _age_word(93, "fr") != "quatre-vingt-treize" or _age_word(94, "de") != "vierundneunzig":
        problems.append("number words are off")
    if _age_word(91, "es") != "noventa y uno" or _words(93) != "ninety-three":
        problems.append("number words are off")
    if _luhn_digit("7992739871") != "3":
        problems.append("Luhn check digit is off")
    r = random.Random(0)
    t = _thai_id(r).replace("-", "")
    if (11 - sum(int(x) * (13 - i) for i, x in enumerate(t[:12])) % 11) % 10 != int(t[12]):
        problems.append("Thai id check digit is off")
    s = _svnr(r, date(1931, 4, 12))
    if s[4:] != "120431":
        problems.append("SVNR birth date is off")
    iin = _iin(r, date(1931, 4, 12), True)
    if iin[:7] != "3104124":
        problems.append("IIN is off")
    return problems


def check(notes: Sequence[TaggedNote]) -> list[str]:
    """Problems with the labels (empty when every span is exact); never runs the scrubber."""
    return check_labels(notes, KINDS, _PLANTED, _age_value)


def score_and_report(
    notes: Sequence[TaggedNote],
    find: Callable[[str, dict[str, object] | None], list],
    *,
    top: int,
    show_misses: bool,
) -> None:
    """Score with and without context; list leaks by kind/phrasing and look-alikes removed."""
    harness_score(notes, find, KINDS, top=top, show_misses=show_misses)


def main(argv: Sequence[str] | None = None) -> int:
    return run_style(
        argv,
        title="held-out style 14",
        description=(__doc__ or "").splitlines()[0],
        generate=generate,
        self_check=_self_check,
        check=check,
        score_and_report=score_and_report,
        kinds=KINDS,
        default_n=DEFAULT_N,
        default_seed=DEFAULT_SEED,
    )


if __name__ == "__main__":
    raise SystemExit(main())
