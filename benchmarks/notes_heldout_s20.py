"""A twentieth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run.

The theme, document types, layouts and countries are not described here on purpose, so that
whoever scores this style stays blind to them; read the generator functions for the details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, regions, countries, bare years, facility,
insurer and payer names, measurements, pressures, doses, codes, device models, lot
numbers, counts and ages of 89 or under never labelled (the planted ones are recorded as
look-alikes); every calendar date about a person is a ``date`` (a range is one span, a partial
date is a span too); ages labelled only over 89 (digits or words, the number only). An address
is split into street line, city / district / village spans and a separate ``zip`` span. Kinds:
``name date age phone fax email address zip ssn natid mrn account plan license plate serial ip
url accession``. ``ssn`` is a US Social Security number only; ``natid`` another country's
national, tax or health-identity number or an identity document; ``mrn`` record numbers held
by a clinic, hospital or programme; ``account`` receipt, prescription, claim and report
numbers; ``plan`` health-insurance member numbers; ``license`` clinicians' registration
numbers and drivers' licences; ``serial`` device serials; ``accession`` image,
specimen and sample numbers. About a quarter of the notes carry no patient context. Every span
is tagged with the phrasing it was written in, and every planted look-alike is recorded.

    python benchmarks/notes_heldout_s20.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_s20.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_s20.py               # 300 notes, seed 10500
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_heldout_dictation import LabelledNote  # noqa: E402
from notes_heldout_harness import check_labels, run_style  # noqa: E402
from notes_heldout_harness import score_and_report as harness_score  # noqa: E402

DEFAULT_SEED = 10500
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

    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- small helpers


def _d(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _d1(r: random.Random, n: int) -> str:
    return str(r.randint(1, 9)) + _d(r, n - 1)


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def _tm(r: random.Random) -> str:
    return f"{r.randint(7, 19):02d}:{r.randint(0, 59):02d}"


def _ipv4(r: random.Random) -> str:
    first = r.choice([41, 103, 117, 190, 10, 172, 192, 88])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _ipv6(r: random.Random) -> str:
    head = r.choice(["2405", "2c0f", "2800", "2001:470", "fd12"])
    rest = [_hex(r, 4).lstrip("0") or "0" for _ in range(r.choice([2, 3, 5]))]
    if len(rest) == 5:
        return head + ":" + ":".join(rest) + ":" + _hex(r, 3)
    return head + ":" + ":".join(rest) + "::" + _hex(r, 2).lstrip("0") + "1"


# --------------------------------------------------------------------------- ages in words

_EN_TENS = {9: "ninety", 10: "one hundred"}
_EN_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _age_words(n: int, lang: str) -> str:
    o = n % 10
    if lang == "en":
        if n >= 100:
            return "one hundred" + ("" if n == 100 else " and " + _EN_ONES[n - 100])
        return "ninety" + ("" if o == 0 else "-" + _EN_ONES[o])
    if lang == "es":
        ones = ("", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve")
        if n >= 100:
            return "cien" if n == 100 else "ciento " + ones[n - 100]
        return "noventa" + ("" if o == 0 else " y " + ones[o])
    if lang == "it":
        ones = ("", "uno", "due", "tré", "quattro", "cinque", "sei", "sette", "otto", "nove")
        if n >= 100:
            return "cento" + ("" if n == 100 else ones[n - 100])
        if o in (1, 8):
            return "novant" + ones[o]
        return "novanta" + ones[o]
    if lang == "pl":
        ones = ("", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem")
        ones += ("dziewięć",)
        if n >= 100:
            return "sto" + ("" if n == 100 else " " + ones[n - 100])
        return "dziewięćdziesiąt" + ("" if o == 0 else " " + ones[o])
    if lang == "sw":
        ones = ("", "moja", "mbili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa")
        if n >= 100:
            return "mia moja" + ("" if n == 100 else " na " + ones[n - 100])
        return "tisini" + ("" if o == 0 else " na " + ones[o])
    if lang == "ja":
        kan = "〇一二三四五六七八九"
        if n >= 100:
            return "百" + ("" if n == 100 else kan[n - 100])
        return "九十" + ("" if o == 0 else kan[o])
    raise ValueError(lang)


_NUM_WORDS = {
    _age_words(a, lang).lower(): a
    for a in range(90, 106)
    for lang in ("en", "es", "it", "pl", "sw", "ja")
}


_NUM_WORDS.update({k[:-1]: v for k, v in _NUM_WORDS.items() if k.endswith(" uno")})


def _age(w: _W, age: int, text: str, form: str) -> None:
    """An age: a span when over 89, a recorded look-alike otherwise."""
    if age > 89:
        w.phi(text, "age", f"age:{form}")
    else:
        w.keep(text, f"age<=89:{form}")


def _age_any(w: _W, age: int, lang: str, form: str) -> None:
    """Digits, or words when over 89 and the coin says so."""
    if age > 89 and w.r.random() < 0.45:
        _age(w, age, _age_words(age, lang), f"{form}_words_{lang}")
    else:
        _age(w, age, str(age), f"{form}_digits")


# --------------------------------------------------------------------------- dates

_MON = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto setiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
    "sw": "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba Desemba",
}
_ROMAN = "I II III IV V VI VII VIII IX X XI XII".split()


def _mon(lang: str, d: date) -> str:
    return _MON[lang].split()[d.month - 1]


def _nth(n: int) -> str:
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def _era(d: date) -> tuple[str, str, int]:
    """Japanese era (kanji, initial, year of era)."""
    if d >= date(2019, 5, 1):
        return "令和", "R", d.year - 2018
    if d >= date(1989, 1, 8):
        return "平成", "H", d.year - 1988
    if d >= date(1926, 12, 25):
        return "昭和", "S", d.year - 1925
    return "大正", "T", d.year - 1911


def _fmt(d: date, style: str) -> str:
    en = _mon("en", d)
    y2 = f"{d.year % 100:02d}"
    table = {
        "dmy/": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy/_short": f"{d.day}/{d.month}/{y2}",
        "dmy-": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "dmy.": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dmy._r": f"{d.day:02d}.{d.month:02d}.{d.year} r.",
        "d.m.yy": f"{d.day}.{d.month}.{y2}",
        "mdy/": f"{d.month}/{d.day}/{d.year}",
        "mdy/_short": f"{d.month}/{d.day}/{y2}",
        "iso": d.isoformat(),
        "compact": d.strftime("%Y%m%d"),
        "ymd/": f"{d.year}/{d.month:02d}/{d.day:02d}",
        "long_en": f"{d.day} {en} {d.year}",
        "nth_en": f"{_nth(d.day)} {en} {d.year}",
        "mdy_long": f"{en} {d.day}, {d.year}",
        "dmon_abbr": f"{d.day:02d}-{en[:3]}-{d.year}",
        "DMONY": f"{d.day:02d}{en[:3].upper()}{d.year}",
        "es": f"{d.day} de {_mon('es', d)} del {d.year}",
        "es_de": f"{d.day} de {_mon('es', d)} de {d.year}",
        "it": f"{d.day} {_mon('it', d)} {d.year}",
        "pl": f"{d.day} {_mon('pl', d)} {d.year} r.",
        "pl_roman": f"{d.day} {_ROMAN[d.month - 1]} {d.year}",
        "sw": f"{d.day} {_mon('sw', d)} {d.year}",
        "ja_kanji": f"{d.year}年{d.month}月{d.day}日",
        "ja_era": "{}{}年{}月{}日".format(*_era(d)[::2], d.month, d.day),
        "ja_era_abbr": f"{_era(d)[1]}{_era(d)[2]}.{d.month}.{d.day}",
    }
    return table[style]


def _date(w: _W, d: date, styles: Sequence[str], form: str = "") -> None:
    style = w.r.choice(list(styles))
    w.phi(_fmt(d, style), "date", f"date:{style}" + (f":{form}" if form else ""))


def _partial(w: _W, d: date, lang: str) -> None:
    """A month-and-year date (still a date about the person)."""
    r = w.r
    if lang == "en":
        s, f = r.choice(
            [(f"{_mon('en', d)} {d.year}", "month_year"), (f"{d.month:02d}/{d.year}", "mm/yyyy")]
        )
    elif lang == "es":
        s, f = f"{_mon('es', d)} del {d.year}", "mes_del_año"
    elif lang == "pl":
        s, f = r.choice(
            [
                (f"{_ROMAN[d.month - 1]}.{d.year}", "roman_month"),
                (f"{d.month:02d}.{d.year}", "mm.yyyy"),
            ]
        )
    elif lang == "it":
        s, f = f"{_mon('it', d)} {d.year}", "mese_anno"
    else:
        s, f = f"{d.year}年{d.month}月", "ja_month"
    w.phi(s, "date", f"date:partial:{f}")


# --------------------------------------------------------------------------- people

_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "in": (
        ("Lakshmi", "Saraswathi", "Kamala", "Anjamma", "Pushpa Rani", "Meenakshi", "Yellamma"),
        ("Venkataiah", "Ramulu", "Subramanian", "Narsimha", "Shankar Rao", "Krishnappa"),
        ("Reddy", "Naidu", "Gowda", "Pillai", "Chinnaswamy", "Bhattacharya", "Yadav"),
    ),
    "ke": (
        ("Wanjiru", "Atieno", "Nyokabi", "Chebet", "Mary Akinyi", "Wambui", "Naliaka"),
        ("Kiprotich", "Ochieng", "Mwangi", "Barasa", "Joseph Kariuki", "Wekesa", "Onyango"),
        ("Kamau", "Otieno", "Njoroge", "Cheruiyot", "Wafula", "Mutua", "Odhiambo"),
    ),
    "pe": (
        ("Rosa Elvira", "Maximiliana", "Justina", "Eulogia", "Teodora", "Felícitas"),
        ("Teófilo", "Saturnino", "Hilario", "Eusebio", "Florencio", "Crisóstomo"),
        ("Quispe Mamani", "Huamán Ccori", "Condori", "Apaza Ticona", "Chávez de la Cruz"),
    ),
    "pl": (
        ("Zofia", "Stanisława", "Genowefa", "Halina", "Czesława", "Jadwiga", "Bronisława"),
        ("Władysław", "Zdzisław", "Kazimierz", "Bolesław", "Tadeusz", "Mieczysław"),
        ("Brzozowsk", "Wójcik", "Szczepańsk", "Kowalczyk", "Grabowsk", "Zięba"),
    ),
    "it": (
        ("Maria Grazia", "Assunta", "Concetta", "Giuseppina", "Immacolata", "Ersilia"),
        ("Gennaro", "Calogero", "Pasquale", "Ermenegildo", "Salvatore", "Vittorio"),
        ("De Santis", "Lo Iacono", "Esposito", "Di Bartolomeo", "Mastrangelo", "D'Alessandro"),
    ),
    "jp": (
        ("Hanako/花子", "Sachiko/幸子", "Kazuko/和子", "Fumiko/文子", "Toshiko/敏子", "Chiyo/千代"),
        ("Shigeru/茂", "Isamu/勇", "Tadashi/正", "Kiyoshi/清", "Masao/正夫", "Yoshio/義雄"),
        ("Yamada/山田", "Takahashi/高橋", "Watanabe/渡辺", "Kobayashi/小林", "Inoue/井上"),
    ),
    "uk": (
        ("Margaret", "Winifred", "Edna", "Dorothy", "Gwendoline", "Mavis", "Siobhan"),
        ("Albert", "Cyril", "Wilfred", "Desmond", "Reginald", "Aloysius", "Dai"),
        ("O'Connor", "Smyth-Jones", "Pritchard", "McGillivray", "Featherstonehaugh", "Ashworth"),
    ),
    "us": (
        ("Dolores", "Wilhelmina", "Ethel Mae", "Loretta", "Imelda", "Bernice", "LaVerne"),
        ("Robert", "William", "Elmer", "Rutherford", "Cornelius", "Thaddeus", "Anselm"),
        ("Delacroix", "Nakamura-Bell", "Szymanski", "Bergstrom", "Washington", "MacPherson"),
    ),
}
_NICK = {
    "Margaret": "Peggy",
    "Dorothy": "Dot",
    "Winifred": "Winnie",
    "Albert": "Bertie",
    "Robert": "Bobby",
    "William": "Billy",
    "Wilhelmina": "Minnie",
    "Cornelius": "Neil",
    "Thaddeus": "Tad",
    "Wilfred": "Fred",
}


@dataclass
class _P:
    given: str
    family: str
    female: bool = False
    region: str = ""
    kgiven: str = ""
    kfamily: str = ""

    def full(self) -> str:
        if self.region == "jp":
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"


def _person(r: random.Random, region: str, female: bool | None = None) -> _P:
    fem, male, fam = _NAMES[region]
    female = r.random() < 0.55 if female is None else female
    given, family = r.choice(fem if female else male), r.choice(fam)
    if region == "pl":
        if family.endswith("sk"):
            family += "a" if female else "i"
        if female and r.random() < 0.3:
            other = r.choice([f for f in fam if f != family.rstrip("ai")])
            family += "-" + (other + "a" if other.endswith("sk") else other)
    kg = kf = ""
    if region == "jp":
        given, kg = given.split("/")
        family, kf = family.split("/")
    return _P(given, family, female, region, kg, kf)


def _name(w: _W, p: _P, style: str, form: str) -> None:
    f = f"name:{form}:{style}"
    if style == "full":
        w.phi(p.full(), "name", f)
    elif style == "upper_comma":
        w.phi(f"{p.family.upper()}, {p.given}", "name", f)
    elif style == "all_upper":
        w.phi(f"{p.family.upper()} {p.given.upper()}", "name", f)
    elif style == "fam_first":
        w.phi(f"{p.family} {p.given}", "name", f)
    elif style == "initial":
        w.phi(f"{p.given[0]}. {p.family}", "name", f)
    elif style == "initial_after":
        w.phi(f"{p.family} {p.given[0]}.", "name", f)
    elif style == "family":
        w.phi(p.family, "name", f)
    elif style == "given":
        w.phi(p.given.split()[0], "name", f)
    elif style == "lower":
        w.phi(_fold(p.full()).lower(), "name", f)
    elif style == "hl7":
        w.phi(f"{_fold(p.family).upper()}^{_fold(p.given).upper().replace(' ', '^')}", "name", f)
    elif style == "kanji":
        w.phi(f"{p.kfamily}　{p.kgiven}" if w.r.random() < 0.5 else p.kfamily + p.kgiven, "name", f)
    elif style == "tamil_initial":
        w.phi(f"{p.family[0]}. {p.given}", "name", f)
    else:
        raise ValueError(style)


def _clin(r: random.Random, region: str) -> _P:
    return _person(r, region)


def _email(r: random.Random, p: _P, domains: Sequence[str]) -> str:
    g = re.sub(r"[^a-z]", "", _fold(p.given).lower().split()[0])
    f = re.sub(r"[^a-z]", "", _fold(p.family).lower())
    user = r.choice([f"{g}.{f}", f"{g[0]}{f}{r.randint(2, 98)}", f"{f}.{g[:1]}", f"{g}_{f[:5]}"])
    return f"{user}@{r.choice(list(domains))}"


# --------------------------------------------------------------------------- identifiers

_VD = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VP = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_VINV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def _verhoeff(body: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def _verhoeff_ok(s: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(s)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


def _luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        total += v
    return str((10 - total % 10) % 10)


def _aadhaar(r: random.Random) -> str:
    body = str(r.randint(2, 9)) + _d(r, 10)
    s = body + _verhoeff(body)
    return r.choice([f"{s[:4]} {s[4:8]} {s[8:]}", s, f"{s[:4]}-{s[4:8]}-{s[8:]}"])


def _pesel(r: random.Random, dob: date, female: bool) -> str:
    mm = dob.month + (20 if dob.year >= 2000 else 0)
    sex = r.choice("02468" if female else "13579")
    body = f"{dob.year % 100:02d}{mm:02d}{dob.day:02d}{_d(r, 3)}{sex}"
    wts = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(int(c) * x for c, x in zip(body, wts, strict=True))
    return body + str((10 - total % 10) % 10)


def _pl_idcard(r: random.Random) -> str:
    letters = _up(r, 3)
    digits = _d(r, 5)
    vals = [ord(c) - 55 for c in letters] + [int(c) for c in digits]
    total = sum(v * x for v, x in zip(vals, (7, 3, 1, 7, 3, 1, 7, 3), strict=True))
    return f"{letters}{total % 10}{digits}"


_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            *(1, 0, 5, 7, 9, 13, 15, 17, 19, 21),
            *(1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20),
            *(11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23),
        ),
        strict=True,
    )
)


def _cf_part(s: str, given: bool) -> str:
    s = re.sub(r"[^A-Z]", "", _fold(s).upper())
    cons = [c for c in s if c not in "AEIOU"]
    vows = [c for c in s if c in "AEIOU"]
    if given and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def _codice_fiscale(r: random.Random, p: _P, dob: date) -> str:
    day = dob.day + (40 if p.female else 0)
    body = _cf_part(p.family, False) + _cf_part(p.given, True)
    body += f"{dob.year % 100:02d}{'ABCDEHLMPRST'[dob.month - 1]}{day:02d}"
    body += r.choice(["F205", "H501", "F839", "L219", "A662", "G273", "C351"])
    total = 0
    for i, c in enumerate(body):
        total += _CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65)
    return body + chr(65 + total % 26)


def _my_number(r: random.Random) -> str:
    body = _d1(r, 11)
    total = 0
    for n, ch in enumerate(reversed(body), start=1):
        q = n + 1 if n <= 6 else n - 5
        total += int(ch) * q
    rem = total % 11
    s = body + str(0 if rem <= 1 else 11 - rem)
    return r.choice([s, f"{s[:4]} {s[4:8]} {s[8:]}"])


def _nhs(r: random.Random) -> str:
    while True:
        body = _d1(r, 9)
        total = sum(int(c) * (10 - i) for i, c in enumerate(body))
        check = 11 - total % 11
        if check == 10:
            continue
        s = body + str(0 if check == 11 else check)
        return r.choice([f"{s[:3]} {s[3:6]} {s[6:]}", s, f"{s[:3]}-{s[3:6]}-{s[6:]}"])


def _uk_driving(r: random.Random, p: _P, dob: date) -> str:
    fam = re.sub(r"[^A-Z]", "", _fold(p.family).upper())
    head = (fam + "99999")[:5]
    mm = dob.month + (50 if p.female else 0)
    inits = (re.sub(r"[^A-Z]", "", _fold(p.given).upper())[:1] + "9")[:2]
    return f"{head}{str(dob.year)[2]}{mm:02d}{dob.day:02d}{str(dob.year)[3]}{inits}9{_up(r, 2)}"


def _ssn(r: random.Random) -> str:
    a = r.choice([n for n in range(1, 900) if n != 666])
    g, s = r.randint(1, 99), r.randint(1, 9999)
    return r.choice(
        [
            f"{a:03d}-{g:02d}-{s:04d}",
            f"{a:03d} {g:02d} {s:04d}",
            f"{a:03d}.{g:02d}.{s:04d}",
            f"{a:03d}{g:02d}{s:04d}",
            f"{a:03d}/{g:02d}/{s:04d}",
        ]
    )


def _mbi(r: random.Random) -> str:
    al = "ACDEFGHJKMNPQRTUVWXY"
    an = al + "0123456789"
    s = (
        str(r.randint(1, 9))
        + r.choice(al)
        + r.choice(an)
        + _d(r, 1)
        + r.choice(al)
        + r.choice(an)
        + _d(r, 1)
        + r.choice(al)
        + r.choice(al)
        + _d(r, 2)
    )
    return r.choice([s, f"{s[:4]}-{s[4:7]}-{s[7:]}"])


def _npi(r: random.Random) -> str:
    body = "1" + _d(r, 8)
    return body + _luhn_digit("80840" + body)


def _peru_dni(r: random.Random) -> str:
    s = _d1(r, 8)
    return r.choice([s, f"{s}-{r.choice('0123456789K')}"])


def _ke_id(r: random.Random) -> str:
    return r.choice([_d1(r, 8), _d1(r, 7)])


# --------------------------------------------------------------------------- addresses


@dataclass
class _Addr:
    street: str
    city: str
    zip: str
    region: str
    district: str = ""
    extra: str = ""


def _address(r: random.Random, region: str) -> _Addr:
    n = r.randint(2, 340)
    if region == "in":
        village = r.choice(["Kothapalli", "Chinnamanur", "Hosakote", "Thimmapuram", "Kondapur"])
        dist = r.choice(["Nalgonda", "Theni", "Tumakuru", "Anantapur", "Villupuram"])
        street = r.choice(
            [
                f"Door No. {r.randint(1, 9)}-{r.randint(10, 99)}/{r.choice('ABC')}, "
                "Near Hanuman Temple",
                f"No. {n}, {r.choice(['2nd', '3rd', '5th'])} Cross, Gandhi Nagar",
                f"H.No. {r.randint(1, 20)}-{r.randint(1, 9)}-{r.randint(100, 999)}, Bazaar Street",
                f"Plot {n}, Sai Krupa Apartments, Flat {r.randint(1, 4)}0{r.randint(1, 8)}",
            ]
        )
        pin = f"5{_d(r, 5)}" if r.random() < 0.5 else f"6{_d(r, 5)}"
        pin = pin if r.random() < 0.6 else f"{pin[:3]} {pin[3:]}"
        return _Addr(street, village, pin, region, dist)
    if region == "ke":
        town = r.choice(["Nakuru", "Kisumu", "Kakamega", "Nyeri", "Machakos", "Eldoret"])
        village = r.choice(["Kiamumbi", "Ahero", "Shinyalu", "Kapsoya", "Kangundo", "Ngong"])
        box = f"P.O. Box {r.randint(12, 9999)}"
        code = f"{r.randint(10, 60)}{r.choice(['100', '200', '300', '400'])}"
        return _Addr(box, town, code, region, village)
    if region == "pe":
        dist = r.choice(
            ["San Juan de Lurigancho", "Villa El Salvador", "Cerro Colorado", "Wanchaq"]
        )
        city = r.choice(["Lima", "Arequipa", "Cusco", "Puno", "Juliaca"])
        street = r.choice(
            [
                f"Mz. {_up(r, 1)} Lt. {r.randint(1, 30)}, AA.HH. Señor de los Milagros",
                f"Jr. Ayacucho {n}, Dpto. {r.randint(1, 5)}0{r.randint(1, 4)}",
                f"Av. Los Incas {n}, Int. {r.choice('ABC')}",
                f"Psje. Las Retamas {n}, 2do piso",
            ]
        )
        return _Addr(street, city, f"{r.choice(['15', '04', '08', '21'])}{_d(r, 3)}", region, dist)
    if region == "pl":
        city = r.choice(["Łódź", "Białystok", "Rzeszów", "Kielce", "Bydgoszcz"])
        street = r.choice(
            [
                f"ul. Piotrkowska {n} m. {r.randint(1, 60)}",
                f"os. Tysiąclecia {r.randint(1, 40)}/{r.randint(1, 80)}",
                f"al. Jana Pawła II {n} lok. {r.randint(1, 20)}",
                f"Zawady {n}",
            ]
        )
        zp = f"{r.randint(15, 97)}-{_d(r, 3)}"
        return _Addr(street, city, zp, region)
    if region == "it":
        city, prov, cap = r.choice(
            [
                ("Palermo", "PA", "901"),
                ("Bari", "BA", "701"),
                ("Brescia", "BS", "251"),
                ("Salerno", "SA", "841"),
                ("Bergamo", "BG", "241"),
            ]
        )
        street = r.choice(
            [
                f"Via Garibaldi {n}, scala B, int. {r.randint(1, 20)}",
                f"Viale dei Tigli {n}/{r.choice('ABC')}",
                f"Corso Vittorio Emanuele II {n}",
                f"Loc. Case Sparse {r.randint(1, 30)}, fraz. Pieve",
            ]
        )
        return _Addr(street, city, cap + _d(r, 2), region, prov)
    if region == "jp":
        city = r.choice(["東京都世田谷区", "大阪府堺市北区", "北海道旭川市", "福岡県久留米市"])
        street = r.choice(
            [
                f"経堂{r.randint(1, 5)}-{r.randint(1, 30)}-{r.randint(1, 20)}",
                f"中央{r.randint(1, 9)}丁目{r.randint(1, 20)}番{r.randint(1, 15)}号 "
                f"コーポ桜{r.randint(1, 5)}0{r.randint(1, 9)}号室",
                f"Kyodo {r.randint(1, 5)}-{r.randint(1, 30)}-{r.randint(1, 20)}, "
                f"Lions Mansion #{r.randint(1, 9)}0{r.randint(1, 9)}",
            ]
        )
        return _Addr(street, city, f"{_d1(r, 3)}-{_d(r, 4)}", region)
    if region == "uk":
        town = r.choice(["Llandudno", "Kirkcaldy", "Whitby", "Kendal", "Ballymena"])
        street = r.choice(
            [
                f"Flat {r.randint(1, 24)}, Rosemary Court, {n} Park Lane",
                "Bramble Cottage, Church Lane, Little "
                + r.choice(["Snoring", "Wittering", "Dunmow"]),
                f"{n} Ffordd y Llan",
                f"{n}a Harbour Row",
            ]
        )
        pc = f"{_up(r, 2)}{r.randint(1, 29)} {r.randint(1, 9)}{_up(r, 2)}"
        return _Addr(street, town, pc, region)
    city, st, z = r.choice(
        [
            ("Tucson", "AZ", "857"),
            ("Yuma", "AZ", "853"),
            ("Las Cruces", "NM", "880"),
            ("El Paso", "TX", "799"),
            ("Pueblo", "CO", "810"),
        ]
    )
    street = r.choice(
        [
            f"{n * 7} Ridgeview Dr Apt {r.randint(1, 9)}{r.choice('ABC')}",
            f"{n * 3} W Calle Ocotillo",
            f"PO Box {r.randint(100, 9999)}",
            f"{n * 11} E Mesquite Trl, Unit {r.randint(1, 40)}",
        ]
    )
    zp = z + _d(r, 2) + (f"-{_d(r, 4)}" if r.random() < 0.3 else "")
    return _Addr(street, city, zp, region, st)


def _addr(w: _W, a: _Addr, sep: str, form: str) -> None:
    """Street line, then the locality spans, then the zip span in the region's order."""
    rg = a.region
    if rg == "ke":
        w.phi(a.district, "address", "village:ke")
        w.add(" village, ")
        w.phi(a.street, "address", f"address:ke:{form}")
        w.add("-")
        w.phi(a.zip, "zip", "zip:ke")
        w.add(" ")
        w.phi(a.city, "address", "town:ke")
        return
    w.phi(a.street, "address", f"address:{rg}:{form}")
    w.add(sep)
    if rg == "in":
        w.phi(a.city, "address", "village:in")
        w.add(" (V), ")
        w.phi(a.district, "address", "district:in")
        w.add(" Dist. – ")
        w.phi(a.zip, "zip", "zip:in_pin")
    elif rg == "pe":
        w.phi(a.district, "address", "distrito:pe")
        w.add(", ")
        w.phi(a.city, "address", "city:pe")
        w.add(" ")
        w.phi(a.zip, "zip", "zip:pe")
    elif rg in ("pl", "uk"):
        if rg == "pl":
            w.phi(a.zip, "zip", "zip:pl")
            w.add(" ")
            w.phi(a.city, "address", "city:pl")
        else:
            w.phi(a.city, "address", "town:uk")
            w.add(sep)
            w.phi(a.zip, "zip", "zip:uk_postcode")
    elif rg == "it":
        w.phi(a.zip, "zip", "zip:it_cap")
        w.add(" ")
        w.phi(a.city, "address", "city:it")
        w.add(f" ({a.district})")
    else:
        w.phi(a.city, "address", "city:us")
        w.add(f", {a.district} ")
        w.phi(a.zip, "zip", "zip:us")


def _jp_addr(w: _W, a: _Addr) -> None:
    w.add("〒")
    w.phi(a.zip, "zip", "zip:jp")
    w.add(" ")
    w.phi(a.city, "address", "city:jp")
    w.add(" " if a.street.startswith("K") else "")
    w.phi(a.street, "address", "address:jp")


# --------------------------------------------------------------------------- phones, plates


def _phone(r: random.Random, region: str) -> tuple[str, str]:
    if region == "in":
        n = r.choice("6789") + _d(r, 9)
        return r.choice(
            [
                (f"+91 {n[:5]} {n[5:]}", "in:intl"),
                (f"0{n[:5]}-{n[5:]}", "in:0dash"),
                (n, "in:bare"),
                (f"0{r.choice(['4546', '8682', '431'])}-{_d(r, 6)}", "in:std_landline"),
            ]
        )
    if region == "ke":
        n = "7" + _d(r, 8)
        return r.choice(
            [
                (f"+254 {n[:3]} {n[3:6]} {n[6:]}", "ke:intl"),
                (f"0{n}", "ke:bare"),
                (f"0{n[:3]} {n[3:]}", "ke:split"),
                (f"(+254) {n}", "ke:paren"),
            ]
        )
    if region == "pe":
        n = "9" + _d(r, 8)
        return r.choice(
            [
                (f"{n[:3]} {n[3:6]} {n[6:]}", "pe:cel"),
                (f"+51 {n}", "pe:intl"),
                (f"(01) {_d(r, 3)}-{_d(r, 4)}", "pe:fijo"),
            ]
        )
    if region == "pl":
        n = r.choice("5678") + _d(r, 8)
        return r.choice(
            [
                (f"{n[:3]} {n[3:6]} {n[6:]}", "pl:kom"),
                (f"+48 {n[:3]}-{n[3:6]}-{n[6:]}", "pl:intl"),
                (f"({r.randint(12, 89)}) {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", "pl:stacjonarny"),
            ]
        )
    if region == "it":
        return r.choice(
            [
                (f"3{_d(r, 2)} {_d(r, 7)}", "it:cell"),
                (f"+39 0{r.randint(10, 99)} {_d(r, 6)}", "it:intl"),
                (f"0{r.randint(10, 99)}/{_d(r, 7)}", "it:fisso_slash"),
            ]
        )
    if region == "jp":
        return r.choice(
            [
                (f"090-{_d(r, 4)}-{_d(r, 4)}", "jp:mobile"),
                (f"03-{_d(r, 4)}-{_d(r, 4)}", "jp:tokyo"),
                (f"+81 {r.choice(['80', '90', '6'])} {_d(r, 4)} {_d(r, 4)}", "jp:intl"),
                (f"({_d1(r, 4)}){_d(r, 2)}-{_d(r, 4)}", "jp:paren"),
            ]
        )
    if region == "uk":
        return r.choice(
            [
                (f"07{_d(r, 3)} {_d(r, 6)}", "uk:mobile"),
                (f"+44 (0){r.randint(1200, 1999)} {_d(r, 6)}", "uk:intl"),
                (f"({r.choice(['01492', '01592', '01947'])}) {_d(r, 6)}", "uk:std"),
            ]
        )
    a, b = r.randint(201, 989), r.randint(200, 989)
    c = _d(r, 4)
    return r.choice(
        [
            (f"({a}) {b}-{c}", "us:paren"),
            (f"{a}.{b}.{c}", "us:dot"),
            (f"+1-{a}-{b}-{c}", "us:intl"),
            (f"{a}{b}{c}", "us:bare"),
        ]
    )


def _ph(w: _W, ph: tuple[str, str], kind: str = "phone", form: str = "") -> None:
    w.phi(ph[0], kind, f"{kind}:{ph[1]}" + (f":{form}" if form else ""))


def _plate(r: random.Random, region: str) -> tuple[str, str]:
    return {
        "in": (
            f"{r.choice(['TS', 'TN', 'KA', 'AP'])} {r.randint(1, 40):02d} {_up(r, 2)} {_d(r, 4)}",
            "in",
        ),
        "ke": (f"K{_up(r, 2)} {_d(r, 3)}{_up(r, 1)}", "ke"),
        "pe": r.choice(
            [
                (f"{_up(r, 1)}{_d(r, 1)}{_up(r, 1)}-{_d(r, 3)}", "pe:auto"),
                (f"{_d(r, 4)}-{_d(r, 1)}{_up(r, 1)}", "pe:mototaxi"),
            ]
        ),
        "pl": (f"{r.choice(['EL', 'BI', 'RZ', 'TK', 'CB'])} {_d(r, 4)}{_up(r, 1)}", "pl"),
        "it": (f"{_up(r, 2)} {_d(r, 3)}{_up(r, 2)}", "it"),
        "jp": (f"品川 {r.randint(300, 599)} {r.choice('さすせそ')} {_d(r, 2)}-{_d(r, 2)}", "jp"),
        "uk": (f"{_up(r, 2)}{r.randint(10, 72)} {_up(r, 3)}", "uk"),
        "us": r.choice([(f"{_up(r, 3)}{_d(r, 4)}", "us:az"), (f"{_d(r, 3)}-{_up(r, 3)}", "us:nm")]),
    }[region]


# --------------------------------------------------------------------------- the case


@dataclass
class _Case:
    region: str
    p: _P
    dob: date
    age: int
    when: date
    addr: _Addr
    phone: tuple[str, str]
    mrn: str
    natid: str
    plan: str
    clin: _P
    kin: _P
    serial: str
    acct: str
    plate: tuple[str, str]


def _case(r: random.Random, region: str) -> _Case:
    p = _person(r, region)
    when = date(2019, 6, 1) + timedelta(days=r.randint(0, 1700))
    age = r.choice([r.randint(90, 105), r.randint(90, 98), r.randint(48, 89), r.randint(60, 89)])
    dob = date(when.year - age, r.randint(1, 12), r.randint(1, 28))
    if (dob.month, dob.day) > (when.month, when.day):
        dob = dob.replace(year=dob.year - 1)
    natid, plan = "", ""
    if region == "in":
        natid, plan = _aadhaar(r), f"PM{_up(r, 1)}{_d(r, 1)}{_up(r, 2)}{_d(r, 1)}{_up(r, 2)}"
        mrn = r.choice([f"IP/{when.year % 100}/{_d(r, 5)}", f"NJ{_d(r, 7)}", f"OP-{_d(r, 6)}"])
    elif region == "ke":
        natid, plan = _ke_id(r), r.choice([f"CR{_d(r, 10)}", _d(r, 8)])
        mrn = f"{r.choice(['EYE', 'OPD', 'IP'])}/{when.year}/{_d(r, 5)}"
    elif region == "pe":
        natid, plan = _peru_dni(r), r.choice([_d(r, 10), f"{r.randint(1, 9)}-{_d(r, 8)}"])
        mrn = r.choice([f"HC {_d(r, 6)}", _d(r, 8)])
        mrn = mrn[3:] if mrn.startswith("HC ") else mrn
    elif region == "pl":
        natid, plan = _pesel(r, dob, p.female), ""
        mrn = f"{when.year}/{_d(r, 5)}"
    elif region == "it":
        natid, plan = _codice_fiscale(r, p, dob), "80380" + _d(r, 15)
        mrn = f"{when.year}{_d(r, 6)}"
    elif region == "jp":
        natid, plan = _my_number(r), f"{_d(r, 2)}-{_d1(r, 5)}"
        mrn = _d(r, 7)
    elif region == "uk":
        natid, plan = _nhs(r), ""
        mrn = r.choice([f"RX{_d(r, 1)} {_d(r, 6)}", f"{_up(r, 1)}{_d(r, 6)}", f"K{_d(r, 7)}"])
    else:
        natid, plan = _ssn(r), _mbi(r)
        mrn = r.choice([f"E{_d(r, 8)}", f"{_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}", f"MR{_d(r, 6)}"])
    serial = r.choice(
        [f"{_d1(r, 8)}{_d(r, 3)}", f"SN {_up(r, 2)}{_d(r, 7)}", f"{_d(r, 4)}-{_d(r, 5)}"]
    )
    acct = r.choice([f"RCPT-{_d(r, 6)}", f"{_d(r, 2)}/{_d(r, 5)}", f"INV{_d(r, 8)}"])
    return _Case(
        region,
        p,
        dob,
        age,
        when,
        _address(r, region),
        _phone(r, region),
        mrn,
        natid,
        plan,
        _clin(r, region),
        _person(r, region),
        serial,
        acct,
        _plate(r, region),
    )


_ICD = {
    "cat": ("H25.1", "H25.9", "H26.9", "H25.89"),
    "glc": ("H40.11", "H40.1", "H40.9"),
    "amd": ("H35.32", "H35.31", "H35.3"),
}


def _look(w: _W, k: str, label: str = "", codes: str = "") -> None:
    """Write one ophthalmic look-alike (never PHI) with its form."""
    r = w.r
    if label:
        w.add(label)
    if k == "va6":
        w.keep(
            r.choice(["6/6", "6/9", "6/12", "6/18", "6/24", "6/36", "6/60", "3/60"]), "va_metric"
        )
    elif k == "va20":
        w.keep(r.choice(["20/20", "20/40", "20/70", "20/200", "20/400", "20/80-2"]), "va_snellen")
    elif k == "vadec":
        w.keep(r.choice(["0,1", "0,2", "0,4", "0,05", "0,8", "1,0"]), "va_decimal")
    elif k == "va10":
        w.keep(f"{r.randint(1, 10)}/10", "va_tenths")
    elif k == "logmar":
        w.keep(f"{r.choice(['0.30', '0.48', '0.60', '1.00', '0.18'])}", "logmar")
    elif k == "iop":
        w.keep(f"{r.randint(9, 42)} mmHg", "iop")
    elif k == "al":
        w.keep(f"{r.uniform(21.5, 26.5):.2f} mm", "axial_length")
    elif k == "k":
        w.keep(f"{r.uniform(41, 46):.2f} D", "keratometry")
    elif k == "iol":
        w.keep(f"+{r.choice(range(34, 52)) / 2:.1f} D", "iol_power")
    elif k == "cdr":
        w.keep(f"0.{r.randint(3, 9)}", "cup_disc")
    elif k == "cst":
        w.keep(f"{r.randint(230, 520)} µm", "cst")
    elif k == "lot":
        w.keep(f"{_up(r, 1)}{_d(r, 6)}", "lot")
    elif k == "dose":
        w.keep(r.choice(["1.25 mg/0.05 mL", "2 mg/0.05 mL", "0.5 mg", "6 mg/0.05 mL"]), "dose")
    elif k == "icd":
        w.keep(r.choice(_ICD[codes]), "icd10")
    elif k == "time":
        w.keep(_tm(r), "time")
    elif k == "count":
        w.keep(str(r.randint(12, 480)), "count")
    elif k == "hba1c":
        w.keep(f"{r.uniform(5.8, 11.9):.1f}%", "hba1c")
    elif k == "model":
        w.keep(
            r.choice(["SN60WF", "AcrySof IQ", "Aurolab SP 6.0", "Aurovue EV", "PMMA 6.5"]), "model"
        )
    elif k == "fw":
        w.keep(f"v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 99)}", "firmware")
    elif k == "gauge":
        w.keep(f"{r.choice([27, 30, 30, 23])}G", "needle_gauge")
    elif k == "cpt":
        w.keep(r.choice(["67028", "66984", "92134", "J0178", "J9035"]), "cpt_hcpcs")
    else:
        raise ValueError(k)


# --------------------------------------------------------------------------- documents


def _camp_register(w: _W, c: _Case) -> None:
    """A screening-day register: several people in pipe-separated rows, no single subject."""
    r = w.r
    w.add("NETRA JYOTI OUTREACH – SCREENING CAMP REGISTER\nCamp date: ")
    _date(w, c.when, ("dmy-", "dmy/", "nth_en"), "camp")
    w.add("   Start ")
    _look(w, "time")
    w.add("   Total screened: ")
    _look(w, "count")
    w.add("\nSl | Reg No | Name | Age/Sex | Relation | Village | Mobile | VA RE | VA LE | Dx\n")
    for i in range(r.randint(3, 5)):
        q = _case(r, "in")
        w.add(f"{i + 1} | ")
        w.phi(f"{c.when.year % 100}/{_d(r, 4)}", "mrn", "mrn:camp_reg")
        w.add(" | ")
        _name(w, q.p, r.choice(["full", "tamil_initial", "all_upper"]), "camp_row")
        w.add(" | ")
        _age(w, q.age, str(q.age), "row_digits")
        w.add("/" + ("F" if q.p.female else "M") + " | ")
        w.add("W/o " if q.p.female else "S/o ")
        _name(w, _person(r, "in", False), r.choice(["full", "given"]), "camp_relation")
        w.add(" | ")
        w.phi(q.addr.city, "address", "village:camp_row")
        w.add(" | ")
        if r.random() < 0.8:
            _ph(w, q.phone, form="row")
        else:
            w.add("—")
        w.add(" | ")
        _look(w, "va6")
        w.add(" | ")
        w.add(r.choice(["CF 1m", "HM", "PL+"]) if r.random() < 0.4 else "")
        if w.parts[-1] == "":
            _look(w, "va6")
        w.add(" | " + r.choice(["MC", "IMC", "PCO", "Pterygium", "Refractive error", "?Glaucoma"]))
        w.add("\n")
    w.add("Referred to base hospital by bus ")
    w.phi(c.plate[0], "plate", f"plate:{c.plate[1]}:bus")
    w.add(" (driver ")
    _name(w, c.kin, "given", "camp_driver")
    w.add(", ")
    _ph(w, c.phone, form="driver")
    w.add(").\nScreened by: ")
    _name(w, c.clin, r.choice(["full", "initial"]), "camp_optom")
    w.add(", Optometrist\n")


def _in_discharge(w: _W, c: _Case) -> None:
    """A small-incision cataract discharge card."""
    r = w.r
    w.add("DISCHARGE SUMMARY  –  MSICS\n")
    w.add("Name: " + ("Smt. " if c.p.female else "Sri "))
    _name(w, c.p, r.choice(["full", "all_upper", "tamil_initial"]), "in_card")
    w.add("    Age: ")
    if c.age > 89 and r.random() < 0.4:
        _age(w, c.age, _age_words(c.age, "en").title(), "words_title")
        w.add(" years")
    else:
        _age(w, c.age, str(c.age), "yrs")
        w.add(r.choice([" yrs", "Y", " years"]))
    w.add("    Sex: " + ("F" if c.p.female else "M") + "\nIP No: ")
    w.phi(c.mrn, "mrn", "mrn:in_ip")
    w.add("   Aadhaar: ")
    w.phi(c.natid, "natid", "natid:aadhaar")
    w.add("   PMJAY ID: ")
    w.phi(c.plan, "plan", "plan:pmjay")
    w.add("\n" + ("W/o " if c.p.female else "S/o "))
    _name(w, _person(r, "in", False), "full", "in_relation")
    w.add("\nAddress: ")
    _addr(w, c.addr, ", ", "card")
    w.add("\nMobile: ")
    _ph(w, c.phone)
    w.add("\nDOA: ")
    _date(w, c.when, ("dmy/", "dmy-", "dmy/_short"), "admit")
    w.add("   DOS: ")
    _date(w, c.when + timedelta(days=1), ("dmy/", "dmy-", "dmy/_short"), "surgery")
    w.add("   DOD: ")
    _date(w, c.when + timedelta(days=2), ("dmy/", "dmy-", "nth_en"), "discharge")
    w.add("\nEye: " + r.choice(["RE", "LE"]) + "   Biometry: AL ")
    _look(w, "al")
    w.add(", K1 ")
    _look(w, "k")
    w.add(", K2 ")
    _look(w, "k")
    w.add(", IOL ")
    _look(w, "iol")
    w.add("\nIOL: ")
    _look(w, "model")
    w.add("  S/N ")
    w.phi(c.serial, "serial", "serial:iol")
    w.add("  Lot ")
    _look(w, "lot")
    w.add("\nPost-op day 1: VA ")
    _look(w, "va6")
    w.add(", IOP ")
    _look(w, "iop")
    w.add(
        ", mild corneal oedema.\n"
        "Adv: Moxifloxacin 0.5% 1 drop 6x/day, dark glasses, no head bath.\n"
    )
    w.add("Review on ")
    _date(w, c.when + timedelta(days=r.choice([7, 10, 30])), ("dmy/", "nth_en", "dmy-"), "review")
    w.add(" at ")
    _look(w, "time")
    w.add(". Receipt ")
    w.phi(c.acct, "account", "account:receipt")
    w.add(" (free camp case).\nOperating surgeon: Dr. ")
    _name(w, c.clin, r.choice(["full", "initial"]), "in_surgeon")
    w.add(", MS (Ophth), Reg. No. ")
    w.phi(
        f"{r.choice(['TNMC ', 'KMC ', 'APMC/FMR/', 'TSMC/FMR/'])}{_d1(r, 5)}",
        "license",
        "license:in_smc",
    )
    w.add("\n")


def _ke_referral(w: _W, c: _Case) -> None:
    """An outreach referral letter."""
    r = w.r
    w.add("OUTREACH REFERRAL\nDate: ")
    _date(w, c.when, ("dmy/", "nth_en", "dmy."), "letter")
    w.add("\n\nDear Colleague,\n\nRE: ")
    _name(w, c.p, r.choice(["all_upper", "full", "upper_comma"]), "ke_re")
    w.add(", ID No. ")
    w.phi(c.natid, "natid", "natid:ke_id")
    w.add(", aged ")
    _age_any(w, c.age, "en", "ke_aged")
    w.add(" years\nof ")
    _addr(w, c.addr, ", ", "letter")
    w.add(". Tel ")
    _ph(w, c.phone)
    w.add(". SHA No. ")
    w.phi(c.plan, "plan", "plan:ke_sha")
    w.add(", hospital no. ")
    w.phi(c.mrn, "mrn", "mrn:ke")
    w.add(".\n\nSeen at the ")
    w.add(r.choice(["Tuesday", "Thursday", "market-day"]) + " outreach on ")
    _date(w, c.when - timedelta(days=r.randint(1, 12)), ("long_en", "dmy/", "sw"), "seen")
    w.add(" with gradual loss of vision since ")
    _partial(w, c.when - timedelta(days=r.randint(200, 900)), "en")
    w.add(". IOP RE ")
    _look(w, "iop")
    w.add(", LE ")
    _look(w, "iop")
    w.add("; CDR ")
    _look(w, "cdr")
    w.add(". VA ")
    _look(w, "va6")
    w.add(" / ")
    _look(w, "va6")
    w.add(".\nKindly review for trabeculectomy. Escort: ")
    _name(w, c.kin, "full", "ke_escort")
    w.add(
        r.choice([" (daughter)", " (niece)"] if c.kin.female else [" (son)", " (grandson)"]) + ", "
    )
    _ph(w, _phone(r, "ke"), form="escort")
    w.add(".\n\nYours faithfully,\n")
    _name(w, c.clin, r.choice(["full", "initial"]), "ke_sign")
    w.add("\nClinical Officer (Ophthalmology), COC Reg. ")
    w.phi(f"{r.choice(['RCO', 'CO/'])}{_d1(r, 4)}", "license", "license:ke_coc")
    w.add("\n")
    if r.random() < 0.6:
        w.phi(
            _email(r, c.clin, ("eyeunit.example.ke", "gmail.example.com")), "email", "email:ke_sign"
        )
        w.add("\n")


def _ke_sms(w: _W, c: _Case) -> None:
    """A reminder-and-reply SMS thread, part Swahili."""
    r = w.r
    msgs = r.randint(0, 2)
    sent = c.when - timedelta(days=2)
    w.add("[")
    _date(w, sent, ("dmy/", "dmy/_short"), "sms_stamp")
    w.add(", ")
    _look(w, "time")
    w.add("] Eye Unit: Habari ")
    _name(w, c.p, "given", "sms_greet")
    w.add(", ukumbusho: upasuaji wa jicho tarehe ")
    _date(w, c.when, ("sw", "dmy/"), "sms_surgery")
    w.add(". Leta kitambulisho ")
    w.phi(c.natid, "natid", "natid:ke_sms")
    w.add(" na kadi ya SHA. Usile asubuhi.\n[")
    _date(w, sent, ("dmy/", "dmy/_short"), "sms_stamp")
    w.add(", ")
    _look(w, "time")
    w.add("] ")
    _ph(w, c.phone, form="sms_sender")
    w.add(": Asante. Ni mimi ")
    _name(w, c.kin, r.choice(["full", "lower"]), "sms_kin")
    w.add(", mama yangu ana miaka " if c.p.female else ", baba yangu ana miaka ")
    if c.age > 89 and r.random() < 0.6:
        _age(w, c.age, _age_words(c.age, "sw"), "words_sw")
    else:
        _age(w, c.age, str(c.age), "sms_digits")
    w.add(", hawezi kutembea. Tunaweza kuja na pikipiki ")
    w.phi(c.plate[0], "plate", f"plate:{c.plate[1]}:sms")
    w.add("?\n")
    if msgs:
        w.add("[")
        _date(w, sent + timedelta(days=1), ("dmy/", "dmy/_short"), "sms_stamp")
        w.add(", ")
        _look(w, "time")
        w.add("] Eye Unit: Sawa. Ref ")
        w.phi(c.mrn, "mrn", "mrn:ke_sms")
        w.add(". Uliza ")
        _name(w, c.clin, "given", "sms_nurse")
        w.add(" ")
        _ph(w, _phone(r, "ke"), form="sms_ward")
        w.add(".\n")


def _pe_informe(w: _W, c: _Case) -> None:
    """An eye report in Spanish."""
    r = w.r
    w.add("INFORME OFTALMOLÓGICO N.º ")
    w.phi(f"{_d(r, 4)}-{c.when.year}", "account", "account:pe_informe")
    w.add("\nPaciente: ")
    _name(w, c.p, r.choice(["upper_comma", "all_upper", "full"]), "pe")
    w.add("    DNI: ")
    w.phi(c.natid, "natid", "natid:pe_dni")
    w.add("    H.C.: ")
    w.phi(c.mrn, "mrn", "mrn:pe_hc")
    w.add("\nEdad: ")
    if c.age > 89 and r.random() < 0.5:
        _age(w, c.age, re.sub(r"uno$", "un", _age_words(c.age, "es")), "words_es")
        w.add(" años")
    else:
        _age(w, c.age, str(c.age), "es_a")
        w.add(r.choice([" años", " a."]))
    w.add("    F. nac.: ")
    _date(w, c.dob, ("dmy/", "es_de"), "dob")
    w.add("\nDomicilio: ")
    _addr(w, c.addr, " – ", "domicilio")
    w.add("\nCel.: ")
    _ph(w, c.phone)
    w.add("    Seguro: SIS N.º ")
    w.phi(c.plan, "plan", "plan:pe_sis")
    w.add("\n\nMotivo: disminución de agudeza visual progresiva desde ")
    _partial(w, c.when - timedelta(days=r.randint(120, 700)), "es")
    w.add(".\nAV sc OD ")
    _look(w, "va20")
    w.add("  OI ")
    _look(w, "va20")
    w.add("   PIO OD ")
    _look(w, "iop")
    w.add(" OI ")
    _look(w, "iop")
    w.add("\nDx: catarata senil (")
    _look(w, "icd", codes="cat")
    w.add("). Se programa facoemulsificación ")
    w.add("el ")
    _date(w, c.when + timedelta(days=r.randint(10, 40)), ("es", "dmy/"), "programada")
    w.add(".\nAcompañante: ")
    _name(w, c.kin, "full", "pe_acompanante")
    w.add(" (hija), cel. " if c.kin.female else r.choice([" (hijo), cel. ", " (nieto), cel. "]))
    _ph(w, _phone(r, "pe"), form="kin")
    w.add("\nLlegó en vehículo placa ")
    w.phi(c.plate[0], "plate", f"plate:{c.plate[1]}")
    w.add(".\n\n")
    w.add(r.choice(["Atendido", "Lima,", "Fecha de atención:"]) + " ")
    _date(w, c.when, ("es", "es_de", "dmy/"), "atencion")
    w.add("\nDr(a). ")
    _name(w, c.clin, r.choice(["full", "upper_comma"]), "pe_medico")
    w.add(" — C.M.P. ")
    w.phi(_d1(r, 5), "license", "license:pe_cmp")
    w.add("  R.N.E. ")
    w.phi(_d1(r, 5), "license", "license:pe_rne")
    w.add("\n")


def _pl_karta(w: _W, c: _Case) -> None:
    """A Polish discharge card after intravitreal injections."""
    r = w.r
    w.add("KARTA INFORMACYJNA LECZENIA SZPITALNEGO\nOddział Okulistyczny\n\n")
    w.add("Pacjent" + ("ka" if c.p.female else "") + ": ")
    _name(w, c.p, r.choice(["all_upper", "full", "fam_first"]), "pl")
    w.add("\nPESEL: ")
    w.phi(c.natid, "natid", "natid:pesel")
    if r.random() < 0.5:
        w.add("   Dowód osobisty: ")
        w.phi(_pl_idcard(r), "natid", "natid:pl_dowod")
    w.add("\nData urodzenia: ")
    _date(w, c.dob, ("dmy.", "pl", "dmy._r"), "dob")
    w.add("   Wiek: ")
    _age_any(w, c.age, "pl", "pl_wiek")
    w.add(r.choice([" lat", " l."]) + "\nAdres: ")
    _addr(w, c.addr, ", ", "adres")
    w.add("\nTel.: ")
    _ph(w, c.phone)
    w.add("\nNr księgi głównej: ")
    w.phi(c.mrn, "mrn", "mrn:pl_ksiega")
    w.add("\n\nPrzyjęto: ")
    _date(w, c.when, ("dmy.", "pl_roman", "pl"), "przyjecie")
    w.add("   Wypisano: ")
    _date(w, c.when + timedelta(days=r.randint(1, 3)), ("dmy._r", "pl", "dmy."), "wypis")
    w.add("\nRozpoznanie: AMD postać wysiękowa OP (")
    _look(w, "icd", codes="amd")
    w.add(")\nWykonano iniekcję doszklistkową afliberceptu ")
    _look(w, "dose")
    w.add(", igła ")
    _look(w, "gauge")
    w.add(". Visus OP ")
    _look(w, "vadec")
    w.add(", OL ")
    _look(w, "vadec")
    w.add("; CRT ")
    _look(w, "cst")
    w.add(".\nKontrola: ")
    if r.random() < 0.5:
        rng = c.when + timedelta(days=28)
        end = rng + timedelta(days=r.randint(2, 6))
        if rng.month == end.month:
            w.phi(f"{rng.day}–{end.day}.{rng.month:02d}.{rng.year}", "date", "date:range_pl")
        else:
            w.phi(f"{_fmt(rng, 'dmy.')}–{_fmt(end, 'dmy.')}", "date", "date:range_pl_full")
    else:
        _date(w, c.when + timedelta(days=28), ("dmy.", "pl"), "kontrola")
    w.add(", osoba kontaktowa: ")
    _name(w, c.kin, r.choice(["full", "initial"]), "pl_kin")
    w.add("\n\nLekarz prowadzący: lek. ")
    _name(w, c.clin, r.choice(["full", "initial"]), "pl_lekarz")
    w.add(", nr PWZ ")
    w.phi(_d1(r, 7), "license", "license:pl_pwz")
    w.add("\n")


def _it_referto(w: _W, c: _Case) -> None:
    """An Italian outpatient eye report."""
    r = w.r
    w.add("REFERTO DI VISITA OCULISTICA\n")
    w.add("Sig.ra " if c.p.female else "Sig. ")
    _name(w, c.p, r.choice(["all_upper", "full", "fam_first"]), "it")
    w.add(", nat" + ("a" if c.p.female else "o") + " a ")
    w.phi(r.choice(["Caltanissetta", "Avellino", "Matera", "Foggia"]), "address", "birthplace:it")
    w.add(" il ")
    _date(w, c.dob, ("dmy/", "it"), "nascita")
    w.add(" (")
    if c.age > 89 and r.random() < 0.5:
        _age(w, c.age, _age_words(c.age, "it"), "words_it")
        w.add(" anni)")
    else:
        w.add("anni ")
        _age(w, c.age, str(c.age), "it_anni")
        w.add(")")
    w.add("\nC.F. ")
    w.phi(c.natid, "natid", "natid:codice_fiscale")
    w.add("   Tessera sanitaria ")
    w.phi(
        c.plan if r.random() < 0.5 else " ".join(c.plan[i : i + 5] for i in range(0, 20, 5)),
        "plan",
        "plan:it_ts",
    )
    w.add("\nResidente in ")
    _addr(w, c.addr, ", ", "residenza")
    w.add("\nTel. ")
    _ph(w, c.phone)
    if r.random() < 0.5:
        w.add(" – fax ")
        _ph(w, _phone(r, "it"), "fax")
    w.add(" – e-mail ")
    w.phi(_email(r, c.p, ("libero.example.it", "alice.example.it")), "email", "email:it_patient")
    w.add("\nImpegnativa NRE ")
    w.phi(f"0{_d(r, 4)}A{_d(r, 9)}", "account", "account:it_nre")
    w.add("   N. nosologico ")
    w.phi(c.mrn, "mrn", "mrn:it_nosologico")
    w.add("\n\nData visita: ")
    _date(w, c.when, ("dmy/", "it", "d.m.yy"), "visita")
    w.add("\nVisus naturale OD ")
    _look(w, "va10")
    w.add(" OS ")
    _look(w, "va10")
    w.add("; tono ")
    _look(w, "iop")
    w.add("; HbA1c ")
    _look(w, "hba1c")
    w.add(".\nRetinopatia diabetica non proliferante moderata. Controllo a ")
    _partial(w, c.when + timedelta(days=r.randint(90, 200)), "it")
    w.add(
        ".\n\nIl medico: "
        + r.choice(["Dott.ssa ", "Prof.ssa "] if c.clin.female else ["Dott. ", "Prof. "])
    )
    _name(w, c.clin, r.choice(["full", "initial_after"]), "it_medico")
    w.add(", iscr. Ordine dei Medici n. ")
    w.phi(_d1(r, 5), "license", "license:it_ordine")
    w.add("\nDocumento firmato digitalmente, consultabile su ")
    w.phi(f"https://fse.example-regione.it/referti/{_hex(r, 10)}", "url", "url:it_fse")
    w.add("\n")


def _jp_referral(w: _W, c: _Case) -> None:
    """A referral letter in Japanese with romanised parts."""
    r = w.r
    w.add("診療情報提供書\n")
    _date(w, c.when, ("ja_era", "ja_kanji", "ymd/"), "letter")
    w.add("\n眼科 ")
    _name(w, c.clin, r.choice(["kanji", "fam_first"]), "jp_addressee")
    w.add(" 先生 御侍史\n\n患者氏名: ")
    _name(w, c.p, "kanji", "jp_patient")
    w.add(" (")
    _name(w, c.p, r.choice(["all_upper", "fam_first"]), "jp_romaji")
    w.add(") 様  " + ("女" if c.p.female else "男") + "\n生年月日: ")
    _date(w, c.dob, ("ja_era", "ja_era_abbr", "ja_kanji"), "dob")
    w.add(" (")
    if c.age > 89 and r.random() < 0.4:
        _age(w, c.age, _age_words(c.age, "ja"), "words_ja")
    else:
        _age(w, c.age, str(c.age), "ja_sai")
    w.add("歳)\n住所: ")
    _jp_addr(w, c.addr)
    w.add("\n電話: ")
    _ph(w, c.phone)
    w.add("\n保険者番号 ")
    w.keep(f"{r.choice(['06', '01', '39'])}{_d(r, 6)}", "insurer_number")
    w.add("  記号・番号 ")
    w.phi(c.plan, "plan", "plan:jp_kigo")
    w.add("   カルテ番号 ")
    w.phi(c.mrn, "mrn", "mrn:jp")
    w.add("\n\n傷病名: 原発開放隅角緑内障 (")
    _look(w, "icd", codes="glc")
    w.add(")\n経過: ")
    _partial(w, c.when - timedelta(days=r.randint(300, 1500)), "ja")
    w.add("より点眼加療中。眼圧 右 ")
    _look(w, "iop")
    w.add(" 左 ")
    _look(w, "iop")
    w.add("、C/D比 ")
    _look(w, "cdr")
    w.add("。視野進行のため精査をお願いします。\n家族連絡先: ")
    _name(w, c.kin, "kanji", "jp_family")
    w.add(" ")
    _ph(w, _phone(r, "jp"), form="family")
    w.add("\n\n")
    _name(w, _person(r, "jp"), r.choice(["kanji", "fam_first"]), "jp_sender")
    w.add(" (医籍登録番号 第")
    w.phi(_d1(r, 6), "license", "license:jp_ishi")
    w.add("号)\n")


def _uk_cvi(w: _W, c: _Case) -> None:
    """A sight-impairment certificate extract with a driving-licence note."""
    r = w.r
    w.add("CERTIFICATE OF VISION IMPAIRMENT – Part 3 (patient details)\n")
    w.add("Name: " + r.choice(["Mrs ", "Miss ", "Ms "] if c.p.female else ["Mr ", "Rev. "]))
    _name(w, c.p, r.choice(["full", "upper_comma"]), "uk")
    nick = _NICK.get(c.p.given)
    if nick:
        w.add(' (known as "')
        w.phi(nick, "name", "name:uk_nickname")
        w.add('")')
    w.add("\nNHS No: ")
    w.phi(c.natid, "natid", "natid:nhs")
    w.add("   Hospital No: ")
    w.phi(c.mrn, "mrn", "mrn:uk")
    w.add("\nDOB: ")
    _date(w, c.dob, ("nth_en", "dmy/", "dmon_abbr"), "dob")
    paren = r.random() < 0.5
    w.add("   (aged " if paren else "   Age: ")
    _age_any(w, c.age, "en", "uk")
    w.add(")" if paren else "")
    w.add("\nAddress: ")
    _addr(w, c.addr, ", ", "cvi")
    w.add("\nTel: ")
    _ph(w, c.phone)
    w.add("\n\nCertified: " + r.choice(["Severely sight impaired", "Sight impaired"]))
    w.add(". Best corrected VA R ")
    _look(w, "va6")
    w.add(", L ")
    _look(w, "logmar")
    w.add(" logMAR.\nDate of examination: ")
    _date(w, c.when, ("dmy/", "nth_en", "long_en"), "exam")
    w.add("\nConsultant: " + r.choice(["Ms ", "Dr "] if c.clin.female else ["Mr ", "Dr "]))
    _name(w, c.clin, r.choice(["full", "initial"]), "uk_consultant")
    w.add(" FRCOphth, GMC ")
    w.phi(_d1(r, 7), "license", "license:gmc")
    w.add("\n\nDVLA: holds driving licence ")
    w.phi(_uk_driving(r, c.p, c.dob), "license", "license:uk_driving")
    w.add("; advised not to drive and to notify DVLA. Vehicle ")
    w.phi(c.plate[0], "plate", f"plate:{c.plate[1]}")
    w.add(" to be sold.\nECLO: ")
    _name(w, c.kin, r.choice(["full", "given"]), "uk_eclo")
    w.add(", ")
    w.phi(_email(r, c.kin, ("nhs.example.net",)), "email", "email:uk_eclo")
    if r.random() < 0.5:
        w.add(", fax ")
        _ph(w, (f"({r.choice(['01492', '01592', '01947'])}) {_d(r, 6)}", "uk:std"), "fax")
    w.add("\nGP practice code ")
    w.keep(f"{_up(r, 1)}{_d(r, 5)}", "ods_code")
    w.add("\n")


def _us_ivt_csv(w: _W, c: _Case) -> None:
    """An intravitreal injection flowsheet exported as CSV, plus a footer."""
    r = w.r
    w.add("mrn,patient,dob,ssn,eye,drug,dose,lot,visit_dt,va,cst,oct_sn,study_acc,npi\n")
    name_style = r.choice(["hl7", "upper_comma"])
    dob_style = r.choice(["compact", "mdy/", "iso"])
    npi = _npi(r)
    visit = c.when
    rows = r.randint(2, 4)
    for _ in range(rows):
        w.phi(c.mrn, "mrn", "mrn:us_csv")
        w.add(",")
        if name_style == "upper_comma":
            w.add('"')
        _name(w, c.p, name_style, "us_csv")
        w.add('"' if name_style == "upper_comma" else "")
        w.add(",")
        w.phi(_fmt(c.dob, dob_style), "date", f"date:{dob_style}:csv_dob")
        w.add(",")
        w.phi(c.natid, "ssn", "ssn:csv")
        w.add(
            ","
            + r.choice(["OD", "OS"])
            + ","
            + r.choice(["aflibercept", "faricimab", "bevacizumab"])
            + ","
        )
        _look(w, "dose")
        w.add(",")
        _look(w, "lot")
        w.add(",")
        _date(w, visit, ("mdy/", "iso", "mdy/_short"), "csv_visit")
        w.add(",")
        _look(w, "va20")
        w.add(",")
        _look(w, "cst")
        w.add(",")
        w.phi(c.serial, "serial", "serial:oct")
        w.add(",")
        w.phi(f"ACC{visit.year % 100}{_d(r, 7)}", "accession", "accession:oct_study")
        w.add(",")
        w.phi(npi, "license", "license:npi")
        w.add("\n")
        visit += timedelta(days=r.choice([28, 35, 42, 56]))
    w.add("# pt age ")
    if c.age > 89 and r.random() < 0.5:
        _age(w, c.age, _age_words(c.age, "en"), "words_en")
    else:
        _age(w, c.age, str(c.age), "yo")
        w.add(" y/o")
    w.add(", MBI ")
    w.phi(c.plan, "plan", "plan:mbi")
    w.add(", ")
    _look(w, "cpt")
    w.add(" x")
    w.keep(str(rows), "count")
    w.add("\n# home: ")
    _addr(w, c.addr, ", ", "csv_footer")
    w.add("; ")
    _ph(w, c.phone)
    w.add("\n# images: ")
    w.phi(f"https://pacs.retina-example.com/viewer?study={_hex(r, 16)}", "url", "url:pacs")
    w.add(" via ")
    w.phi(_ipv6(r), "ip", "ip:v6_pacs")
    w.add("\n# injector ")
    _name(w, c.clin, r.choice(["initial", "full"]), "us_injector")
    w.add(", MD, AZ lic ")
    w.phi(f"{_d1(r, 5)}", "license", "license:az_md")
    w.add("\n")


def _grading_log(w: _W, c: _Case) -> None:
    """Tele-grading upload log lines from several camera sites, no single subject."""
    r = w.r
    for _ in range(r.randint(3, 5)):
        q = _case(r, r.choice(["in", "ke", "pe"]))
        when = q.when
        w.add('{"captured":"')
        w.phi(f"{when.isoformat()}T{_tm(r)}:{r.randint(10, 59)}Z", "date", "date:iso_ts")
        w.add('","device_sn":"')
        w.phi(q.serial, "serial", "serial:fundus_camera")
        w.add('","src":"')
        w.phi(_ipv4(r), "ip", "ip:v4_upload")
        w.add('","study":"')
        w.phi(f"TG-{_d(r, 8)}", "accession", "accession:tele_study")
        w.add('","pt_ref":"')
        w.phi(q.mrn, "mrn", "mrn:tele")
        w.add('","age":')
        _age(w, q.age, str(q.age), "json")
        w.add(',"grade":"' + r.choice(["R0M0", "R1M0", "R2M1", "R3aM1", "U"]) + '","grader":"')
        _name(w, q.clin, r.choice(["full", "lower", "initial"]), "tele_grader")
        w.add('","fw":"')
        _look(w, "fw")
        w.add('","img":"')
        w.phi(
            f"https://tele.eyeread-example.org/i/{_hex(r, 8)}/{_hex(r, 4)}.jpg",
            "url",
            "url:tele_img",
        )
        w.add('"}\n')


def _eyebank_email(w: _W, c: _Case) -> None:
    """A corneal-tissue allocation e-mail with headers."""
    r = w.r
    w.add("Received: from relay.tissue-example.org (")
    w.phi(_ipv4(r), "ip", "ip:v4_received")
    w.add(") by mx.retina-example.com\nFrom: ")
    coord = _person(r, "us")
    w.phi(_email(r, coord, ("tissue-example.org",)), "email", "email:eyebank_from")
    w.add("\nDate: " + r.choice(["Mon", "Wed", "Fri"]) + ", ")
    w.phi(f"{c.when.day} {_mon('en', c.when)[:3]} {c.when.year}", "date", "date:rfc2822")
    w.add(" " + _tm(r) + ":00 -0700\nSubject: Tissue ")
    tid = f"{c.when.year % 100}-{_d(r, 4)}-{_up(r, 1)}"
    w.phi(tid, "accession", "accession:tissue_subject")
    w.add(" allocated – DMEK\n\nDonor: ")
    dage = r.choice([r.randint(90, 99), r.randint(55, 89)])
    _age(w, dage, str(dage), "donor")
    w.add(" y " + r.choice(["M", "F"]) + ", death ")
    _date(w, c.when - timedelta(days=r.randint(3, 9)), ("mdy/", "mdy_long"), "donor_death")
    w.add(", ECD ")
    w.keep(str(r.randint(2300, 3100)), "endothelial_cell_density")
    w.add(" cells/mm², preservation ")
    w.keep(f"{r.randint(3, 9)} days", "storage_days")
    w.add(".\nRecipient: ")
    _name(w, c.p, r.choice(["upper_comma", "full"]), "eyebank_recipient")
    w.add(", MRN ")
    w.phi(c.mrn, "mrn", "mrn:eyebank")
    w.add(", DOB ")
    _date(w, c.dob, ("mdy/", "mdy_long"), "recipient_dob")
    w.add(", surgery ")
    _date(w, c.when + timedelta(days=r.randint(1, 3)), ("mdy/", "DMONY"), "surgery")
    w.add(".\nTissue ID ")
    w.phi(tid, "accession", "accession:tissue_body")
    w.add(", shipping carton ")
    w.phi(f"1Z{_up(r, 3)}{_d(r, 11)}", "account", "account:tracking")
    w.add(".\nSerology and cultures negative. Contact ")
    _name(w, coord, "full", "eyebank_coord")
    w.add(", ")
    _ph(w, _phone(r, "us"), form="coord")
    w.add(", fax ")
    _ph(w, _phone(r, "us"), "fax", "coord")
    w.add("\n")


_DOCS: list[tuple[str, str, Callable[[_W, _Case], None]]] = [
    ("camp_register", "in", _camp_register),
    ("in_discharge", "in", _in_discharge),
    ("ke_referral", "ke", _ke_referral),
    ("ke_sms", "ke", _ke_sms),
    ("pe_informe", "pe", _pe_informe),
    ("pl_karta", "pl", _pl_karta),
    ("it_referto", "it", _it_referto),
    ("jp_referral", "jp", _jp_referral),
    ("uk_cvi", "uk", _uk_cvi),
    ("us_ivt_csv", "us", _us_ivt_csv),
    ("grading_log", "in", _grading_log),
    ("eyebank_email", "us", _eyebank_email),
]
_NO_SUBJECT = {"camp_register", "grading_log"}


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc in _NO_SUBJECT or r.random() < 0.1:
        return {}
    ctx: dict[str, object] = {
        "first_name": c.p.given,
        "last_name": c.p.family,
        "mrn": c.mrn,
        "birth_date": c.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": c.phone[0], "city": c.addr.city, "zip": c.addr.zip})
        if c.region == "us":
            ctx["ssn"] = c.natid
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
    if _fmt(d, "pl") != "9 marca 2021 r." or _fmt(d, "pl_roman") != "9 III 2021":
        problems.append("Polish date formatting is off")
    if _fmt(d, "ja_era") != "令和3年3月9日" or _fmt(date(1931, 5, 2), "ja_era_abbr") != "S6.5.2":
        problems.append("Japanese era dates are off")
    if _age_words(92, "it") != "novantadue" or _age_words(91, "es") != "noventa y uno":
        problems.append("number words are off")
    if _age_words(98, "it") != "novantotto" or _age_words(93, "sw") != "tisini na tatu":
        problems.append("number words are off")
    if _verhoeff("236") != "3" or not _verhoeff_ok("2363"):
        problems.append("Verhoeff check digit is off")
    r = random.Random(0)
    for _ in range(20):
        a = re.sub(r"\D", "", _aadhaar(r))
        if not _verhoeff_ok(a):
            problems.append("Aadhaar check digit is off")
        pes = _pesel(r, date(1930, 4, 2), True)
        wts = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1)
        if sum(int(ch) * x for ch, x in zip(pes, wts, strict=True)) % 10:
            problems.append("PESEL check digit is off")
        nhs = re.sub(r"\D", "", _nhs(r))
        if (sum(int(ch) * (10 - i) for i, ch in enumerate(nhs[:9])) + int(nhs[9])) % 11:
            problems.append("NHS number check digit is off")
    cf = _codice_fiscale(r, _P("Mario", "Rossi", False, "it"), date(1980, 1, 1))
    if not cf.startswith("RSSMRA80A01"):
        problems.append("codice fiscale layout is off")
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
        title="held-out style 20",
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
