"""A nineteenth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run.

The theme, document types, layouts and countries are not described here on purpose, so that
whoever scores this style stays blind to them; read the generator functions for the details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, regions, provinces, prefectures,
countries, bare years, facility and agency names, doses, weights, temperatures, titres, lot
numbers, product and diagnosis codes, schedule day numbers, counts, distances and ages of 89 or
under never labelled (the planted ones are recorded as look-alikes); every calendar date about a
person is a ``date`` (a range is one span, a month and year is a date too); ages labelled only
over 89 (digits or words in any language, the number only). An address is split into street
line, city / district / village spans and a separate ``zip`` span. Kinds: ``name date age phone
fax email address zip ssn natid mrn account plan license plate serial ip url accession``.
``ssn`` is a US Social Security number only; ``natid`` another country's national, personal or
tax number or a passport; ``mrn`` record numbers held by a clinic, hospital or agency;
``account`` case, notification and ticket numbers; ``plan`` health- or social-insurance member
numbers; ``license`` clinicians' registration numbers and drivers' licences; ``serial`` device
and implanted-chip serials; ``accession`` specimen and sample numbers. About a quarter of the
notes carry no patient context. Every span is tagged with the phrasing it was written in, and
every planted look-alike is recorded.

    python benchmarks/notes_heldout_s19.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_s19.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_s19.py               # 300 notes, seed 10400
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

DEFAULT_SEED = 10400
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


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def _luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        total += v
    return str((10 - total % 10) % 10)


def _tm(r: random.Random, sep: str = ":") -> str:
    return f"{r.randint(6, 22):02d}{sep}{r.randint(0, 59):02d}"


def _ipv4(r: random.Random) -> str:
    first = r.choice([10, 172, 192, 89, 151, 177, 41, 203])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _ipv6(r: random.Random) -> str:
    head = r.choice(["2001:db8", "2a01:4f8", "2c0f:fe38", "2400:4050"])
    return f"{head}:{_hex(r, 4).lstrip('0') or '0'}::{_hex(r, 3)}:{_hex(r, 4)}"


# number words for ages, in the languages the notes are written in
_EN1 = "one two three four five six seven eight nine".split()
_PL1 = "jeden dwa trzy cztery pięć sześć siedem osiem dziewięć".split()
_IT = (
    "novanta novantuno novantadue novantatré novantaquattro novantacinque novantasei "
    "novantasette novantotto novantanove cento centouno centodue centotré"
).split()
_PT1 = "um dois três quatro cinco seis sete oito nove".split()
_SW1 = "moja mbili tatu nne tano sita saba nane tisa".split()


def _words(n: int, lang: str) -> str:
    """A number from 90 to 103 written out."""
    u = n % 10
    if lang == "it":
        return _IT[n - 90]
    if n >= 100:
        rest = n - 100
        base = {"en": "one hundred", "pl": "sto", "pt": "cem", "sw": "mia moja"}[lang]
        if not rest:
            return base
        if lang == "en":
            return f"one hundred and {_EN1[rest - 1]}"
        if lang == "pl":
            return f"sto {_PL1[rest - 1]}"
        if lang == "pt":
            return f"cento e {_PT1[rest - 1]}"
        return f"mia moja na {_SW1[rest - 1]}"
    if lang == "en":
        return "ninety" if not u else f"ninety-{_EN1[u - 1]}"
    if lang == "pl":
        return "dziewięćdziesiąt" if not u else f"dziewięćdziesiąt {_PL1[u - 1]}"
    if lang == "pt":
        return "noventa" if not u else f"noventa e {_PT1[u - 1]}"
    return "tisini" if not u else f"tisini na {_SW1[u - 1]}"


_NUM_WORDS = {_words(a, lang): a for a in range(90, 104) for lang in ("en", "pl", "it", "pt", "sw")}


def _age_value(s: str) -> int | None:
    digits = re.match(r"\d+", s)
    if digits:
        return int(digits.group())
    return _NUM_WORDS.get(s.lower())


def _age(w: _W, age: int, lang: str, form: str, words: bool = False) -> None:
    """An age: a span when over 89 (digits or words), a recorded look-alike otherwise."""
    if age > 89:
        text = _words(age, lang) if words and age < 104 else str(age)
        w.phi(text, "age", f"age:{form}{':words' if words else ''}")
    else:
        w.keep(str(age), f"age<=89:{form}")


# --------------------------------------------------------------------------- dates

_MON = {
    "en": "January February March April May June July August September October November December",
    "pl_gen": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września "
    "października listopada grudnia",
    "pl_nom": "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień "
    "październik listopad grudzień",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
    "novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro "
    "novembro dezembro",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}
_ROMAN = "I II III IV V VI VII VIII IX X XI XII".split()


def _lm(lang: str, d: date) -> str:
    return _MON[lang].split()[d.month - 1]


def _nth(n: int) -> str:
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def _era(d: date) -> tuple[str, str, int]:
    """Japanese era name (kanji, letter) and year of the era."""
    if d >= date(2019, 5, 1):
        return "令和", "R", d.year - 2018
    if d >= date(1989, 1, 8):
        return "平成", "H", d.year - 1988
    if d >= date(1926, 12, 25):
        return "昭和", "S", d.year - 1925
    return "大正", "T", d.year - 1911


def _fmt(d: date, style: str) -> str:
    en = _lm("en", d)
    if style == "pl":
        return f"{d.day} {_lm('pl_gen', d)} {d.year} r."
    if style == "pl_dot":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "pl_short":
        return f"{d.day}.{d.month:02d}.{d.year % 100:02d}"
    if style == "pl_month":
        return f"{_lm('pl_nom', d)} {d.year}"
    if style == "it":
        return f"{d.day} {_lm('it', d)} {d.year}"
    if style == "it_slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "it_roman":
        return f"{d.day}-{_ROMAN[d.month - 1]}-{d.year}"
    if style == "pt":
        return f"{d.day} de {_lm('pt', d)} de {d.year}"
    if style == "pt_slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "pt_short":
        return f"{d.day}/{d.month}/{d.year % 100:02d}"
    if style == "jp":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "jp_era":
        era, _, y = _era(d)
        return f"{era}{'元' if y == 1 else y}年{d.month}月{d.day}日"
    if style == "jp_era_short":
        _, letter, y = _era(d)
        return f"{letter}{y:02d}.{d.month:02d}.{d.day:02d}"
    if style == "jp_slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "iso":
        return d.isoformat()
    if style == "compact":
        return d.strftime("%Y%m%d")
    if style == "mdy_long":
        return f"{en} {d.day}, {d.year}"
    if style == "us":
        return f"{d.month}/{d.day}/{d.year}"
    if style == "us2":
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if style == "mon_abbr":
        return f"{en[:3]}. {d.day}"
    if style == "dmon":
        return f"{d.day:02d}{en[:3].upper()}{d.year}"
    if style == "fr":
        return f"{'1er' if d.day == 1 else d.day} {_lm('fr', d)} {d.year}"
    if style == "ke":
        return f"{d.day}/{d.month}/{d.year}"
    if style == "ke_ord":
        return f"{_nth(d.day)} {en} {d.year}"
    if style == "ord":
        return f"the {_nth(d.day)} of {en}"
    if style == "sw":
        sw = "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba Desemba"
        return f"tarehe {d.day} {sw.split()[d.month - 1]}"
    raise ValueError(style)


def _date(w: _W, d: date, styles: Sequence[str]) -> None:
    style = w.r.choice(list(styles))
    w.phi(_fmt(d, style), "date", f"date:{style}")


def _range(w: _W, a: date, b: date, style: str) -> None:
    """A span of days written as one date span."""
    if style == "pl":
        text = f"{a.day:02d}–{b.day:02d}.{b.month:02d}.{b.year}"
        if a.month != b.month:
            text = f"{a.day:02d}.{a.month:02d}–{b.day:02d}.{b.month:02d}.{b.year}"
    elif style == "it":
        w.add("dal ")
        text = f"{a.day} al {b.day} {_lm('it', b)} {b.year}"
        if a.month != b.month:
            text = f"{a.day} {_lm('it', a)} al {b.day} {_lm('it', b)} {b.year}"
    elif style == "jp":
        text = f"{a.month}月{a.day}日〜{b.month}月{b.day}日"
    else:
        text = f"{_lm('en', a)[:3]} {a.day}–{_lm('en', b)[:3]} {b.day}, {b.year}"
    w.phi(text, "date", f"date:range_{style}")


# --------------------------------------------------------------------------- people

_TRAD: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "pl": (
        ("Jadwiga", "Stanisława", "Genowefa", "Halina", "Bronisława", "Zofia"),
        ("Tadeusz", "Zdzisław", "Czesław", "Kazimierz", "Mieczysław", "Józef"),
        ("Wróblewski", "Gąsienica-Byrcyn", "Chrząszcz", "Zając", "Kowalczyk", "Bachleda"),
    ),
    "it": (
        ("Assunta", "Maria Grazia", "Concetta", "Ornella", "Filomena", "Addolorata"),
        ("Gaetano", "Pasquale", "Vittorio", "Gianbattista", "Ottavio", "Saverio"),
        ("De Santis", "Dell'Orto", "Lo Presti", "Zanetti", "Dalla Valle", "Pezzotta"),
    ),
    "br": (
        ("Maria das Dores", "Raimunda", "Benedita", "Francisca", "Terezinha", "Joana D'Arc"),
        ("Sebastião", "Raimundo Nonato", "Valdemar", "Expedito", "Geraldo", "Josué"),
        ("da Silva Santos", "Nascimento", "Souza Lima", "dos Anjos", "Bezerra", "Magalhães"),
    ),
    "jp": (
        ("Haruko", "Fumiko", "Chiyo", "Tsuru", "Kiyoko", "Matsue"),
        ("Shigeru", "Isamu", "Tokuji", "Genzo", "Masaharu", "Kenkichi"),
        ("Yamazaki", "Kobayashi", "Takeuchi", "Hoshino", "Kitahara", "Miyashita"),
    ),
    "ca": (
        ("Marie-Ève", "Gisèle", "Thérèse", "Agnes", "Mildred", "Yvette"),
        ("Jean-Guy", "Réal", "Gilles", "Lorne", "Wendell", "Ambrose"),
        ("Tremblay", "Gagnon-Bouchard", "O'Keefe", "MacIsaac", "Cardinal", "Bouchard"),
    ),
    "ke": (
        ("Wanjiru", "Akinyi", "Nyokabi", "Chebet", "Wairimu", "Atieno"),
        ("Otieno", "Kiprotich", "Mwangi", "Ochieng", "Kamau", "Barasa"),
        ("Njoroge", "Odhiambo", "Kiptoo", "Wekesa", "Mutua", "Karanja"),
    ),
    "us": (
        ("Lavinia", "Ruby Mae", "Ozella", "Bertha", "Wilma", "Earline"),
        ("Clovis", "Delmer", "Arvel", "Cletus", "Ferris", "Otha"),
        ("Blevins", "Stidham", "McCoy", "Hatfield", "Osborne", "Begay"),
    ),
}
_KANJI = {
    "Yamazaki": "山崎",
    "Kobayashi": "小林",
    "Takeuchi": "竹内",
    "Hoshino": "星野",
    "Kitahara": "北原",
    "Miyashita": "宮下",
    "Haruko": "春子",
    "Fumiko": "文子",
    "Chiyo": "千代",
    "Tsuru": "ツル",
    "Kiyoko": "清子",
    "Matsue": "松江",
    "Shigeru": "茂",
    "Isamu": "勇",
    "Tokuji": "徳治",
    "Genzo": "源三",
    "Masaharu": "正治",
    "Kenkichi": "健吉",
}
_NICK = {"ke": ("Mama Njeri", "Baba Otis", "Shosho"), "us": ("Sissy", "Bubba", "Dutch")}
_CLIN = {
    "pl": (("Agnieszka", "Marcin", "Urszula"), ("Szczepaniak", "Pawlikowska", "Dudek")),
    "it": (("Federica", "Lorenzo", "Chiara"), ("Bonfanti", "Ravasio", "Cattaneo")),
    "br": (("Luana", "Thiago", "Patrícia"), ("Albuquerque", "Medeiros", "Cavalcanti")),
    "jp": (("Ayumi", "Daisuke", "Naoko"), ("Nishimura", "Fujisawa", "Okabe")),
    "ca": (("Nadia", "Étienne", "Colleen"), ("Lachance", "Fitzgerald", "Paquette")),
    "ke": (("Faith", "Brian", "Mercy"), ("Chepkoech", "Omondi", "Nyambura")),
    "us": (("Dana", "Travis", "Kendra"), ("Holloway", "Pruitt", "Yazzie")),
}


@dataclass
class _P:
    given: str
    family: str
    female: bool = False
    region: str = ""

    def full(self) -> str:
        return f"{self.given} {self.family}"


def _person(r: random.Random, region: str) -> _P:
    fem, male, fam = _TRAD[region]
    female = r.random() < 0.55
    family = r.choice(fam)
    if region == "pl" and female and family.endswith("ski"):
        family = family[:-1] + "a"
    return _P(r.choice(fem if female else male), family, female, region)


def _clin(r: random.Random, region: str) -> _P:
    g, f = _CLIN[region]
    return _P(r.choice(g), r.choice(f), False, region)


def _name(w: _W, p: _P, style: str, form: str) -> None:
    f = f"name:{form}:{style}"
    if style == "full":
        w.phi(p.full(), "name", f)
    elif style == "fam_first":
        w.phi(f"{p.family} {p.given}", "name", f)
    elif style == "upper_fam":
        w.phi(f"{p.family.upper()} {p.given}", "name", f)
    elif style == "comma":
        w.phi(f"{p.family}, {p.given}", "name", f)
    elif style == "family":
        w.phi(p.family, "name", f)
    elif style == "given":
        w.phi(p.given, "name", f)
    elif style == "initial":
        w.phi(f"{p.given[0]}. {p.family}", "name", f)
    elif style == "initials":
        w.phi(f"{p.given[0]}.{p.family[0]}.", "name", f)
    elif style == "lower":
        w.phi(_fold(p.full()).lower(), "name", f)
    elif style == "kanji":
        w.phi(f"{_KANJI[p.family]} {_KANJI[p.given]}", "name", f)
    elif style == "kanji_fam":
        w.phi(_KANJI[p.family], "name", f)
    else:
        raise ValueError(style)


def _email(r: random.Random, p: _P, domains: Sequence[str]) -> str:
    g = re.sub(r"[^a-z]", "", _fold(p.given).lower().split()[0])
    f = re.sub(r"[^a-z]", "", _fold(p.family).lower())
    user = r.choice([f"{g}.{f}", f"{g[0]}{f}{r.randint(1, 99)}", f"{f}_{g[:3]}", f"{g}{f[:3]}"])
    return f"{user}@{r.choice(list(domains))}"


# --------------------------------------------------------------------------- identifiers


def _pesel(r: random.Random, dob: date, female: bool) -> str:
    mm = dob.month + (20 if dob.year >= 2000 else 0)
    seq = _d(r, 3) + str(r.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9]))
    body = f"{dob.year % 100:02d}{mm:02d}{dob.day:02d}{seq}"
    wts = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(c) * x for c, x in zip(body, wts, strict=True)) % 10) % 10
    return body + str(check)


_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21] * 1
        + [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10]
        + [22, 25, 24, 23],
        strict=True,
    )
)


def _cf_check(s: str) -> str:
    total = 0
    for i, c in enumerate(s):
        if i % 2 == 0:
            total += _CF_ODD[c]
        else:
            total += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + total % 26)


def _codice_fiscale(r: random.Random, p: _P, dob: date) -> str:
    def cons(s: str) -> str:
        s = re.sub(r"[^A-Z]", "", _fold(s).upper())
        c = [x for x in s if x not in "AEIOU"] + [x for x in s if x in "AEIOU"] + ["X"] * 3
        return "".join(c[:3])

    day = dob.day + (40 if p.female else 0)
    body = cons(p.family) + cons(p.given) + f"{dob.year % 100:02d}"
    body += "ABCDEHLMPRST"[dob.month - 1] + f"{day:02d}" + r.choice("ACDFHLM") + _d(r, 3)
    return body + _cf_check(body)


def _cpf(r: random.Random) -> str:
    ds = [int(c) for c in _d(r, 9)]
    for n in (10, 11):
        s = sum(d * (n - i) for i, d in enumerate(ds))
        ds.append(0 if s % 11 < 2 else 11 - s % 11)
    t = "".join(map(str, ds))
    return r.choice([f"{t[:3]}.{t[3:6]}.{t[6:9]}-{t[9:]}", t])


def _my_number(r: random.Random) -> str:
    body = _d(r, 11)
    total = 0
    for n, c in enumerate(reversed(body), start=1):
        total += int(c) * (n + 1 if n <= 6 else n - 5)
    rem = total % 11
    s = body + str(0 if rem <= 1 else 11 - rem)
    return r.choice([s, f"{s[:4]} {s[4:8]} {s[8:]}"])


def _sin(r: random.Random) -> str:
    body = str(r.choice([1, 2, 4, 5, 6, 7])) + _d(r, 7)
    s = body + _luhn_digit(body)
    return r.choice([f"{s[:3]} {s[3:6]} {s[6:]}", f"{s[:3]}-{s[3:6]}-{s[6:]}", s])


def _ssn(r: random.Random) -> str:
    a = r.choice([n for n in range(1, 900) if n != 666])
    g, s = r.randint(1, 99), r.randint(1, 9999)
    return r.choice(
        [f"{a:03d}-{g:02d}-{s:04d}", f"{a:03d} {g:02d} {s:04d}", f"{a:03d}.{g:02d}.{s:04d}"]
    )


def _natid(r: random.Random, region: str, p: _P, dob: date) -> str:
    if region == "pl":
        return _pesel(r, dob, p.female)
    if region == "it":
        return _codice_fiscale(r, p, dob)
    if region == "br":
        return _cpf(r)
    if region == "jp":
        return _my_number(r)
    if region == "ca":
        return _sin(r)
    if region == "ke":
        return str(r.randint(1000000, 39999999))
    return _ssn(r)


def _plan(r: random.Random, region: str, p: _P, dob: date) -> str:
    if region == "pl":
        return f"{_up(r, 3)} {_d(r, 6)}"  # EKUZ-like card
    if region == "it":
        return f"80380{_d(r, 15)}"
    if region == "br":
        t = r.choice("12789") + _d(r, 14)
        return r.choice([t, f"{t[:3]} {t[3:7]} {t[7:11]} {t[11:]}"])
    if region == "jp":
        return f"{_d(r, 4)}・{r.randint(1, 999)}"
    if region == "ca":
        if r.random() < 0.5:
            f = re.sub(r"[^A-Z]", "", _fold(p.family).upper())[:3]
            g = _fold(p.given).upper()[0]
            mm = dob.month + (50 if p.female else 0)
            return f"{f}{g} {dob.year % 100:02d}{mm:02d} {dob.day:02d}{_d(r, 2)}"
        return f"{_d(r, 4)}-{_d(r, 3)}-{_d(r, 3)}-{_up(r, 2)}"
    if region == "ke":
        return r.choice([f"CR{_d(r, 10)}-{_d(r, 1)}", _d(r, 8)])
    head = f"{r.randint(1, 9)}{_up(r, 1)}{_d(r, 1)}{_up(r, 1)}"
    return f"{head}-{_up(r, 1)}{_d(r, 2)}-{_up(r, 2)}{_d(r, 2)}"


def _plate(r: random.Random, region: str) -> str:
    if region == "pl":
        return r.choice(
            [f"KNT {_d(r, 5)}", f"KR {_d(r, 1)}{_up(r, 1)}{_d(r, 3)}", f"WZ{_d(r, 4)}{_up(r, 1)}"]
        )
    if region == "it":
        return (
            f"{_up(r, 2)} {_d(r, 3)}{_up(r, 2)}"
            if r.random() < 0.5
            else f"{_up(r, 2)}{_d(r, 3)}{_up(r, 2)}"
        )
    if region == "br":
        return (
            f"{_up(r, 3)}{_d(r, 1)}{_up(r, 1)}{_d(r, 2)}"
            if r.random() < 0.6
            else f"{_up(r, 3)}-{_d(r, 4)}"
        )
    if region == "jp":
        kana = r.choice("あさたなはまやらわ")
        office = r.choice(["松本", "長野", "諏訪"])
        return f"{office} {r.randint(300, 599)} {kana} {_d(r, 2)}-{_d(r, 2)}"
    if region == "ca":
        return r.choice(
            [f"{_up(r, 4)} {_d(r, 3)}", f"{_d(r, 3)} {_up(r, 3)}", f"{_up(r, 3)}-{_d(r, 3)}"]
        )
    if region == "ke":
        return f"K{_up(r, 2)} {_d(r, 3)}{_up(r, 1)}"
    return f"{_d(r, 1)}{_up(r, 3)}{_d(r, 3)}"


def _license(r: random.Random, region: str) -> tuple[str, str]:
    """A clinician's registration: (label written before it, number)."""
    if region == "pl":
        return "nr PWZ", _d(r, 7)
    if region == "it":
        return "iscr. Albo n.", f"{r.randint(1000, 19999)}"
    if region == "br":
        return "CRM-MG", f"{r.randint(10, 99)}.{_d(r, 3)}"
    if region == "jp":
        return "医籍登録番号", f"第{_d(r, 6)}号"
    if region == "ca":
        return "permis OIIQ", f"{r.randint(1, 9)}{_d(r, 6)}"
    if region == "ke":
        return "KMPDC Reg.", f"{r.choice(['A', 'B', 'CO/'])}{_d(r, 4)}"
    body = "1" + _d(r, 8)
    return "NPI", body + _luhn_digit("80840" + body)


# --------------------------------------------------------------------------- addresses


@dataclass
class _Addr:
    street: str
    city: str
    zip: str
    region: str
    district: str = ""
    state: str = ""


def _address(r: random.Random, region: str) -> _Addr:
    n = r.randint(2, 190)
    if region == "pl":
        street = r.choice(
            [
                f"ul. Kasprowicza {n}/{r.randint(1, 40)}",
                f"ul. Zakopiańska {n} m. {r.randint(1, 20)}",
                f"os. Na Skarpie {r.randint(1, 30)}/{r.randint(1, 60)}",
                f"Ostrowsko {r.randint(10, 480)}",
                f"al. 1000-lecia {n}",
            ]
        )
        city, zp = r.choice(
            [("Nowy Targ", "34-400"), ("Rabka-Zdrój", "34-700"), ("Limanowa", "34-600")]
        )
        return _Addr(street, city, zp, region)
    if region == "it":
        street = r.choice(
            [
                f"Via Sant'Alessandro {n}",
                f"Località Prato Secco {n}",
                f"Frazione Bordogna {r.randint(1, 40)}",
                f"Via Cavour {n}, scala B, int. {r.randint(1, 18)}",
                f"Piazzetta dei Mulini {r.randint(1, 12)}/A",
            ]
        )
        city, zp, prov = r.choice(
            [("Clusone", "24023", "BG"), ("Sondrio", "23100", "SO"), ("Edolo", "25048", "BS")]
        )
        return _Addr(street, city, zp, region, state=prov)
    if region == "br":
        street = r.choice(
            [
                f"Rua Padre Cícero, {n}",
                f"Rua das Acácias, {n}, apto {r.randint(1, 4)}0{r.randint(1, 8)}",
                "Sítio Boa Esperança, s/n",
                f"Estrada Municipal MOC-{r.randint(100, 480)}, km {r.randint(2, 40)}",
                f"Travessa São Jorge, {n}, fundos",
            ]
        )
        district = r.choice(
            ["Bairro Major Prates", "Distrito de Ermidinha", "Vila Guilhermina", "Zona Rural"]
        )
        zp = f"394{_d(r, 2)}-{_d(r, 3)}"
        return _Addr(
            street,
            r.choice(["Montes Claros", "Bocaiúva", "Francisco Sá"]),
            zp,
            region,
            district,
            "MG",
        )
    if region == "jp":
        street = r.choice(
            [
                f"赤穂{r.randint(1, 20000)}-{r.randint(1, 30)}",
                f"上穂南{r.randint(1, 30)}-{r.randint(1, 20)}",
                f"{r.randint(1, 5)}-{r.randint(1, 30)}-{r.randint(1, 20)} Chuo",
            ]
        )
        city = r.choice(["駒ヶ根市", "飯田市", "伊那市"])
        return _Addr(street, city, f"39{r.randint(5, 9)}-{_d(r, 4)}", region, state="長野県")
    if region == "ca":
        street = r.choice(
            [
                f"{n} rue Racine Est",
                f"{r.randint(1, 40)}-{n} boul. Talbot",
                f"RR 2, Site {r.randint(1, 9)}, Box {r.randint(1, 60)}",
                f"C.P. {r.randint(100, 2999)}",
                f"{n} Chemin du Lac-Kénogami",
            ]
        )
        city = r.choice(["Chicoutimi", "Saint-Félicien", "Roberval"])
        zp = f"G{r.randint(0, 9)}{_up(r, 1)} {r.randint(0, 9)}{_up(r, 1)}{r.randint(0, 9)}"
        return _Addr(street, city, zp, region, state="QC")
    if region == "ke":
        street = r.choice(
            [
                f"P.O. Box {r.randint(10, 4000)}",
                f"Plot {r.randint(1, 400)}, Kamukunji",
                f"Kobala Village, {r.choice(['Karachuonyo', 'Kasipul'])} Ward",
                f"House {r.randint(1, 90)}, Nyalenda B",
            ]
        )
        city, zp = r.choice([("Kisumu", "40100"), ("Homa Bay", "40300"), ("Kendu Bay", "40301")])
        return _Addr(street, city, zp, region)
    street = r.choice(
        [f"{n * 10 + 7} Hwy 64", f"HC 71 Box {n}", f"{n} Cedar Hollow Rd Apt {r.randint(1, 9)}"]
    )
    city = r.choice(["Chinle", "Pikeville", "Hazard"])
    return _Addr(
        street, city, r.choice(["86503", "41501", "41701"]), region, state=r.choice(["AZ", "KY"])
    )


def _addr(w: _W, a: _Addr, form: str, sep: str = ", ") -> None:
    """Street line, district, city and postcode in the order and punctuation of the country."""
    reg = a.region
    if reg == "jp":
        if a.street.endswith("Chuo"):
            w.phi(a.street, "address", f"address:{reg}:{form}")
            w.add(", ")
            roman = {"駒ヶ根市": "Komagane-shi", "飯田市": "Iida-shi", "伊那市": "Ina-shi"}
            w.phi(roman[a.city], "address", f"city:{reg}_roman")
            w.add(", Nagano ")
            w.phi(a.zip, "zip", f"zip:{reg}_roman")
            return
        w.add("〒")
        w.phi(a.zip, "zip", f"zip:{reg}")
        w.add(f" {a.state} ")
        w.phi(a.city, "address", f"city:{reg}")
        w.phi(a.street, "address", f"address:{reg}:{form}")
        return
    if reg == "ke" and a.street.startswith("P.O. Box"):
        w.phi(a.street, "address", f"address:{reg}:{form}")
        w.add("-")
        w.phi(a.zip, "zip", f"zip:{reg}_box")
        w.add(sep)
        w.phi(a.city, "address", f"city:{reg}")
        return
    w.phi(a.street, "address", f"address:{reg}:{form}")
    w.add(sep)
    if a.district:
        w.phi(a.district, "address", f"district:{reg}")
        w.add(sep)
    if reg in ("pl", "it"):
        w.phi(a.zip, "zip", f"zip:{reg}")
        w.add(" ")
        w.phi(a.city, "address", f"city:{reg}")
        if a.state:
            w.add(f" ({a.state})")
    elif reg == "br":
        w.phi(a.city, "address", f"city:{reg}")
        w.add(f" - {a.state}{sep}CEP ")
        w.phi(a.zip, "zip", f"zip:{reg}")
    elif reg == "ke":
        w.phi(a.city, "address", f"city:{reg}")
        w.add(" ")
        w.phi(a.zip, "zip", f"zip:{reg}")
    else:
        w.phi(a.city, "address", f"city:{reg}")
        w.add(f" {a.state}  " if reg == "ca" else f", {a.state} ")
        w.phi(a.zip, "zip", f"zip:{reg}")


def _phone(r: random.Random, region: str) -> str:
    if region == "pl":
        return r.choice(
            [
                f"+48 {r.randint(500, 799)} {_d(r, 3)} {_d(r, 3)}",
                f"18 {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}",
                f"{r.randint(500, 799)}-{_d(r, 3)}-{_d(r, 3)}",
            ]
        )
    if region == "it":
        return r.choice(
            [f"+39 3{_d(r, 2)} {_d(r, 3)} {_d(r, 4)}", f"0346 {_d(r, 6)}", f"0342/{_d(r, 6)}"]
        )
    if region == "br":
        return r.choice(
            [
                f"(38) 9{_d(r, 4)}-{_d(r, 4)}",
                f"+55 38 3{_d(r, 3)}-{_d(r, 4)}",
                f"38 9 {_d(r, 4)} {_d(r, 4)}",
            ]
        )
    if region == "jp":
        return r.choice(
            [
                f"0265-{_d(r, 2)}-{_d(r, 4)}",
                f"090-{_d(r, 4)}-{_d(r, 4)}",
                f"+81 80 {_d(r, 4)} {_d(r, 4)}",
            ]
        )
    if region == "ca":
        return r.choice(
            [
                f"(418) {_d(r, 3)}-{_d(r, 4)}",
                f"1-581-{_d(r, 3)}-{_d(r, 4)}",
                f"418.{_d(r, 3)}.{_d(r, 4)}",
            ]
        )
    if region == "ke":
        return r.choice(
            [
                f"+254 7{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}",
                f"07{_d(r, 2)} {_d(r, 6)}",
                f"0{r.choice(['7', '1'])}{_d(r, 2)}-{_d(r, 3)}-{_d(r, 3)}",
            ]
        )
    return r.choice(
        [f"(606) {_d(r, 3)}-{_d(r, 4)}", f"928-{_d(r, 3)}-{_d(r, 4)} ext. {r.randint(10, 99)}"]
    )


# --------------------------------------------------------------------------- look-alikes


def _look(w: _W, kinds: Sequence[str], dec: str = ".") -> None:
    """Write one clinical look-alike (never PHI) with its form."""
    r = w.r
    k = r.choice(list(kinds))
    if k == "dose":
        w.keep(f"{r.choice(['0', '1'])}{dec}{r.choice(['5', '0'])} ml", "vaccine_dose_ml")
    elif k == "rig":
        w.keep(f"{r.choice([20, 40])} IU/kg", "rig_dose")
        w.add(" × ")
        w.keep(f"{r.randint(38, 96)} kg", "body_weight")
    elif k == "lot":
        w.add("lot ")
        w.keep(f"{_up(r, 1)}{_d(r, 1)}{_up(r, 1)}{_d(r, 2)}{r.choice(['', 'A', 'B'])}", "lot")
    elif k == "icd":
        w.keep(r.choice(["W54.0", "Z20.3", "A82.9", "T14.1", "W55.81XA", "Z23"]), "icd10")
    elif k == "days":
        w.keep(
            r.choice(["D0/D3/D7/D14", "0-3-7-14-28", "0, 3, 7, 14", "1-1-1-0-1"]), "pep_schedule"
        )
    elif k == "titre":
        w.keep(f"{r.randint(0, 4)}{dec}{r.randint(1, 9)} IU/ml", "rvna_titre")
    elif k == "temp":
        w.keep(f"{r.randint(36, 39)}{dec}{r.randint(0, 9)} °C", "body_temp")
    elif k == "fridge":
        w.keep(f"+{r.randint(2, 8)}{dec}{r.randint(0, 9)} °C", "cold_chain_temp")
    elif k == "cat":
        w.keep(r.choice(["III", "II", "3", "2"]), "who_category")
    elif k == "time":
        w.keep(_tm(r, r.choice([":", "h", "."])), "time")
    elif k == "wound":
        w.keep(f"{r.randint(1, 6)} x {r.randint(1, 4)} cm", "wound_size")
    elif k == "km":
        w.keep(f"{r.randint(3, 160)} km", "distance")
    elif k == "animals":
        w.keep(str(r.randint(2, 14)), "animal_count")
    else:
        raise ValueError(k)


# --------------------------------------------------------------------------- cases


@dataclass
class _Case:
    region: str
    p: _P
    dob: date
    when: date
    age: int
    addr: _Addr
    phone: str
    natid: str
    plan: str
    mrn: str
    clin: _P
    kin: _P


def _case(r: random.Random, region: str) -> _Case:
    when = date(2019, 1, 1) + timedelta(days=r.randint(0, 1800))
    old = r.random() < 0.4
    years = r.randint(90, 103) if old else r.randint(4, 86)
    dob = when - timedelta(days=years * 365 + r.randint(10, 350))
    age = when.year - dob.year - ((when.month, when.day) < (dob.month, dob.day))
    p = _person(r, region)
    kin = _person(r, region)
    while kin.given == p.given:
        kin = _person(r, region)
    if r.random() < 0.5:
        kin.family = p.family
    mrn = {
        "pl": f"{_d(r, 2)}/{_d(r, 6)}",
        "it": f"{r.randint(2015, 2023)}{_d(r, 6)}",
        "br": f"PRONT-{_d(r, 7)}",
        "jp": f"{_d(r, 8)}",
        "ca": f"DME{_d(r, 7)}",
        "ke": f"{_d(r, 5)}/{when.year % 100:02d}",
        "us": f"{_d(r, 9)}",
    }[region]
    return _Case(
        region,
        p,
        dob,
        when,
        age,
        _address(r, region),
        _phone(r, region),
        _natid(r, region, p, dob),
        _plan(r, region, p, dob),
        mrn,
        _clin(r, region),
        kin,
    )


# --------------------------------------------------------------------------- documents


def _pl_karta(w: _W, c: _Case) -> None:
    """A post-exposure vaccination card, typed as a form with dotted leaders."""
    r = w.r
    w.add("KARTA UODPORNIENIA PRZECIW WŚCIEKLIŹNIE\nPoradnia Chorób Zakaźnych\n")
    w.add("Nr karty ....... ")
    w.phi(c.mrn, "mrn", "mrn:pl_card")
    w.add("\nNazwisko i imię: ")
    _name(w, c.p, r.choice(["upper_fam", "fam_first"]), "pl_card")
    w.add("\nPESEL: ")
    w.phi(c.natid, "natid", "natid:pesel")
    w.add("   data ur.: ")
    _date(w, c.dob, ("pl_dot", "pl"))
    w.add("   wiek: ")
    _age(w, c.age, "pl", "pl_card")
    w.add(" lat\nAdres zam.: ")
    _addr(w, c.addr, "pl_card")
    w.add("\nTel. ")
    w.phi(c.phone, "phone", "phone:pl")
    w.add("\nData pokąsania: ")
    _date(w, c.when, ("pl_dot", "pl_short", "pl"))
    w.add(", godz. ")
    _look(w, ("time",))
    w.add("; zwierzę: lis, kat. WHO ")
    _look(w, ("cat",))
    w.add(", rana ")
    _look(w, ("wound",), ",")
    w.add("\nSzczepienia (Verorab ")
    _look(w, ("dose",), ",")
    w.add(", ")
    _look(w, ("lot",))
    w.add("): ")
    _range(w, c.when, c.when + timedelta(days=14), "pl")
    w.add(", schemat ")
    _look(w, ("days",))
    w.add("\nImmunoglobulina: ")
    _look(w, ("rig",))
    w.add("\nLekarz: lek. ")
    _name(w, c.clin, "full", "pl_doc")
    lab, num = _license(r, "pl")
    w.add(f", {lab} ")
    w.phi(num, "license", "license:pl_pwz")
    w.add("\nWpis do rejestru PSSE: ")
    w.phi(f"EZ.9021.{r.randint(1, 400)}.{c.when.year}", "account", "account:pl_case")
    w.add(", poprzednie szczepienie w ")
    w.keep(str(c.when.year - r.randint(2, 12)), "bare_year")
    w.add(" r.")
    if r.random() < 0.5:
        w.add("; ")
        w.add("okres obserwacji psa: ")
        w.phi(_fmt(c.when, "pl_month"), "date", "date:pl_month")
    w.add("\n")


def _it_lettera(w: _W, c: _Case) -> None:
    """A letter from a veterinary public-health service to a family doctor."""
    r = w.r
    w.add("Dipartimento di Prevenzione Veterinario\nOggetto: morsicatura da animale - ")
    w.add("segnalazione n. ")
    w.phi(f"{c.when.year}/MV/{_d(r, 4)}", "account", "account:it_segnalazione")
    w.add("\n\nEgregio Dottore,\nLe comunichiamo che il/la Sig./Sig.ra ")
    _name(w, c.p, r.choice(["upper_fam", "full", "fam_first"]), "it_letter")
    w.add(", nato/a il ")
    _date(w, c.dob, ("it", "it_slash", "it_roman"))
    w.add(" (")
    _age(w, c.age, "it", "it_letter", words=r.random() < 0.6)
    w.add(" anni), C.F. ")
    w.phi(c.natid, "natid", "natid:codice_fiscale")
    w.add(", residente in ")
    _addr(w, c.addr, "it_letter")
    w.add(", tessera sanitaria ")
    w.phi(c.plan, "plan", "plan:it_ts")
    w.add(", è stato/a morsicato/a il ")
    _date(w, c.when, ("it", "it_slash"))
    w.add(" da un cane di proprietà del Sig. ")
    _name(w, c.kin, "full", "it_owner")
    w.add(" (microchip ")
    w.phi(f"380260{_d(r, 9)}", "serial", "serial:microchip")
    w.add(", auto targata ")
    w.phi(_plate(r, "it"), "plate", "plate:it")
    w.add(").\nL'animale resterà in osservazione sanitaria ")
    _range(w, c.when, c.when + timedelta(days=10), "it")
    w.add(". Temperatura dell'animale all'ingresso ")
    _look(w, ("temp",), ",")
    w.add(", ")
    _look(w, ("animals",))
    w.add(" conviventi.\nPer informazioni: ")
    w.phi(_phone(r, "it"), "phone", "phone:it_office")
    w.add(", fax ")
    w.phi(f"0346 {_d(r, 6)}", "fax", "fax:it")
    w.add(", PEC ")
    w.phi(
        f"veterinario.{r.choice(['clusone', 'sondrio'])}@pec.ats-example.it",
        "email",
        "email:it_pec",
    )
    w.add("\n\nCordiali saluti\nIl Dirigente Veterinario\nDott.ssa ")
    _name(w, c.clin, r.choice(["full", "initial"]), "it_sig")
    w.add("\n")


def _br_ficha(w: _W, c: _Case) -> None:
    """A numbered notification-form export, field number | label | value."""
    r = w.r
    mother = _P(r.choice(_TRAD["br"][0]), c.kin.family, True, "br")
    rows: list[tuple[str, Callable[[], None]]] = [
        ("Nº da notificação", lambda: w.phi(_d(r, 7), "account", "account:br_sinan")),
        ("Data da notificação", lambda: _date(w, c.when + timedelta(days=1), ("pt_slash",))),
        ("Nome do paciente", lambda: _name(w, c.p, r.choice(["full", "lower"]), "br_ficha")),
        ("Data de nascimento", lambda: _date(w, c.dob, ("pt_slash", "pt_short"))),
        ("(ou) Idade", lambda: (_age(w, c.age, "pt", "br_ficha"), w.add(" A"))),
        ("Nome da mãe", lambda: _name(w, mother, "full", "br_mother")),
        ("Nº do Cartão SUS", lambda: w.phi(c.plan, "plan", "plan:br_cns")),
        ("CPF", lambda: w.phi(c.natid, "natid", "natid:cpf")),
        ("Logradouro / Bairro / Município", lambda: _addr(w, c.addr, "br_ficha", " / ")),
        ("(DDD) Telefone", lambda: w.phi(c.phone, "phone", "phone:br")),
        ("Data da exposição", lambda: _date(w, c.when, ("pt_slash", "pt"))),
        ("Espécie agressora", lambda: w.add("Quiróptero (morcego)")),
        ("Ferimento", lambda: (w.add("profundo, "), _look(w, ("wound",), ","))),
        ("Soro antirrábico", lambda: (w.add("SAR "), _look(w, ("rig",), ","))),
        ("Unidade de saúde / prontuário", lambda: w.phi(c.mrn, "mrn", "mrn:br_pront")),
        (
            "Investigador",
            lambda: (
                _name(w, c.clin, "full", "br_inv"),
                w.add(" "),
                w.phi(" ".join(_license(r, "br")), "license", "license:br_crm"),
            ),
        ),
    ]
    w.add("FICHA DE INVESTIGAÇÃO - ATENDIMENTO ANTIRRÁBICO HUMANO\n")
    for i, (label, fill) in enumerate(rows, start=1):
        w.add(f"{i:>2} | {label:<32} | ")
        fill()
        w.add("\n")
    w.add("Obs.: paciente refere contato com ")
    _look(w, ("animals",))
    w.add(" morcegos no paiol. ")
    _look(w, ("icd",))
    w.add("\n")


def _jp_log(w: _W, c: _Case) -> None:
    """A clinic log in Japanese with era dates, the patient card and a follow-up entry."""
    r = w.r
    w.add("【動物咬傷 受診記録】\n患者ID: ")
    w.phi(c.mrn, "mrn", "mrn:jp")
    w.add("\n氏名: ")
    _name(w, c.p, "kanji", "jp_log")
    w.add("（")
    w.phi(f"{c.p.family.upper()} {c.p.given}", "name", "name:jp_log:romaji")
    w.add("）様\n生年月日: ")
    _date(w, c.dob, ("jp_era", "jp_era_short", "jp"))
    w.add("（満")
    _age(w, c.age, "jp", "jp_log")
    w.add("歳）\n住所: ")
    _addr(w, c.addr, "jp_log")
    w.add("\n電話: ")
    w.phi(c.phone, "phone", "phone:jp")
    w.add("\n保険者記号・番号: ")
    w.phi(c.plan, "plan", "plan:jp_hoken")
    if r.random() < 0.5:
        w.add("\nマイナンバー: ")
        w.phi(c.natid, "natid", "natid:my_number")
    w.add("\n受傷日: ")
    _date(w, c.when, ("jp", "jp_slash", "jp_era"))
    w.add(" ")
    _look(w, ("time",))
    w.add(" 海外渡航中に犬咬傷、")
    _look(w, ("km",))
    w.add("先の診療所で初回接種済。\n接種予定: ")
    _range(w, c.when + timedelta(days=3), c.when + timedelta(days=28), "jp")
    w.add("\n検体番号: ")
    w.phi(f"{c.when.strftime('%y%m%d')}-{_d(r, 4)}", "accession", "accession:jp")
    w.add("\n担当医: ")
    _name(w, c.clin, "fam_first", "jp_doc")
    lab, num = _license(r, "jp")
    w.add(f"（{lab} ")
    w.phi(num, "license", "license:jp")
    w.add("）\n")


def _ca_roster(w: _W, c: _Case) -> None:
    """A CSV export of everyone who slept in a building with a bat (no subject)."""
    r = w.r
    w.add("# export contacts chiroptères — dossier ")
    w.phi(f"SP-{c.when.year}-{_d(r, 5)}", "account", "account:ca_dossier")
    w.add("\nnom,prenom,ddn,age,tel,adresse,ville,code_postal,RAMQ,decision\n")
    for _ in range(r.randint(3, 5)):
        p = _person(r, "ca")
        dob = c.when - timedelta(days=r.randint(3 * 365, 101 * 365))
        age = c.when.year - dob.year - ((c.when.month, c.when.day) < (dob.month, dob.day))
        a = _address(r, "ca")
        w.phi(p.family.upper(), "name", "name:ca_csv:family")
        w.add(",")
        w.phi(p.given, "name", "name:ca_csv:given")
        w.add(",")
        _date(w, dob, ("iso", "compact"))
        w.add(",")
        _age(w, age, "en", "ca_csv")
        w.add(",")
        w.phi(_phone(r, "ca"), "phone", "phone:ca_csv")
        w.add(',"')
        w.phi(a.street, "address", "address:ca:csv")
        w.add('",')
        w.phi(a.city, "address", "city:ca_csv")
        w.add(",")
        w.phi(a.zip, "zip", "zip:ca_csv")
        w.add(",")
        w.phi(_plan(r, "ca", p, dob), "plan", "plan:ca_ramq")
        w.add(",")
        w.add(r.choice(["PPE", "aucune", "PPE+IGR", "refus"]))
        w.add("\n")
    w.add("# frigo vaccins ")
    _look(w, ("fridge",), ",")
    w.add(", enregistreur ")
    w.phi(f"TL-{_d(r, 2)}{_up(r, 1)}-{_d(r, 5)}", "serial", "serial:ca_logger")
    w.add("\n")


def _ke_chat(w: _W, c: _Case) -> None:
    """A community health worker's message thread, pasted as exported."""
    r = w.r
    t0 = _fmt(c.when, "ke")
    chw = c.clin
    hour, minute = r.randint(7, 18), r.randint(0, 29)
    steps = [0, r.randint(3, 12), r.randint(13, 29)]
    stamps = [f"{hour:02d}:{minute + k:02d}" for k in steps]
    w.phi(t0, "date", "date:ke_chat_stamp")
    w.add(f", {stamps[0]} - ")
    _name(w, chw, "full", "ke_chat_sender")
    w.add(": Habari. Mgonjwa ni ")
    _name(w, c.p, r.choice(["full", "upper_fam"]), "ke_chat")
    w.add(", umri miaka ")
    _age(w, c.age, "sw", "ke_chat", words=r.random() < 0.5)
    w.add(", aliumwa na mbwa ")
    _date(w, c.when - timedelta(days=r.randint(0, 2)), ("sw", "ke_ord"))
    w.add(". ID ")
    w.phi(c.natid, "natid", "natid:ke_id")
    w.add(" NHIF ")
    w.phi(c.plan, "plan", "plan:ke_nhif")
    w.add("\n")
    w.phi(t0, "date", "date:ke_chat_stamp")
    w.add(f", {stamps[1]} - Clinic Kendu: Bring her/him to OPD, 1st dose ")
    _look(w, ("dose",))
    w.add(" IM deltoid, ")
    _look(w, ("icd",))
    w.add(". Ref no ")
    w.phi(c.mrn, "mrn", "mrn:ke_opd")
    w.add("\n")
    w.phi(t0, "date", "date:ke_chat_stamp")
    w.add(f", {stamps[2]} - ")
    _name(w, chw, "given", "ke_chat_sender")
    w.add(": Sawa. They stay at ")
    _addr(w, c.addr, "ke_chat")
    w.add(". Next of kin ")
    nick = r.random() < 0.4
    if nick:
        w.phi(r.choice(_NICK["ke"]), "name", "name:ke_chat:nickname")
    else:
        _name(w, c.kin, "full", "ke_kin")
    w.add(" on ")
    w.phi(c.phone, "phone", "phone:ke")
    w.add(". Boda boda plate ")
    w.phi(_plate(r, "ke"), "plate", "plate:ke")
    w.add(" brought them, ")
    _look(w, ("km",))
    w.add("\n")


def _us_lab_email(w: _W, c: _Case) -> None:
    """A specimen submission e-mail with headers."""
    r = w.r
    w.add("Received: from submit.vdl-example.org (")
    if r.random() < 0.5:
        w.phi(f"[{_ipv4(r)}]", "ip", "ip:received_v4")
    else:
        w.phi(f"[IPv6:{_ipv6(r)}]", "ip", "ip:received_v6")
    w.add(")\nFrom: ")
    w.phi(_email(r, c.clin, ("ihs-example.gov", "arhclinic-example.org")), "email", "email:from")
    w.add("\nSubject: rabies specimen — case ")
    w.phi(f"{c.when.year % 100:02d}-{_d(r, 5)}", "account", "account:us_case")
    w.add("\n\nSubmitting bat (")
    _look(w, ("animals",))
    w.add(" total) from the home of ")
    _name(w, c.p, r.choice(["full", "comma", "initial"]), "us_email")
    w.add(", DOB ")
    _date(w, c.dob, ("us", "us2", "dmon"))
    w.add(", ")
    _age(w, c.age, "en", "us_email")
    w.add(" y/o, SSN ")
    w.phi(c.natid, "ssn", "ssn:us")
    w.add(", MRN ")
    w.phi(c.mrn, "mrn", "mrn:us")
    w.add(". Found in bedroom ")
    _date(w, c.when, ("mon_abbr", "mdy_long"))
    w.add(". Address ")
    _addr(w, c.addr, "us_email")
    w.add(". Daughter ")
    _name(w, c.kin, "given", "us_kin")
    w.add(" drove it in, plate ")
    w.phi(_plate(r, "us"), "plate", "plate:us")
    w.add(".\nSpecimen ID ")
    w.phi(f"R{c.when.year % 100:02d}-{_d(r, 4)}", "accession", "accession:us_vdl")
    w.add(", tracking at ")
    w.phi(f"https://results.vdl-example.org/track?s={_hex(r, 10)}", "url", "url:us_track")
    lab, num = _license(r, "us")
    w.add("\n-- \n")
    _name(w, c.clin, "full", "us_sig")
    w.add(f", PHN  {lab} ")
    w.phi(num, "license", "license:npi")
    w.add("  fax ")
    w.phi(f"(606) {_d(r, 3)}-{_d(r, 4)}", "fax", "fax:us")
    w.add("\n")


def _transcript(w: _W, c: _Case) -> None:
    """A nurse-line call transcript, lower case and spoken."""
    r = w.r
    region = c.region
    lang = "en"
    w.add("[call transcript, auto]\nNURSE: public health line, this is ")
    _name(w, c.clin, "given", "tx_nurse")
    w.add(".\nCALLER: hi yes it's ")
    _name(w, c.kin, "lower", "tx_caller")
    if c.age > 60:
        rel = "grandmother" if c.p.female else "grandfather"
    else:
        rel = "sister" if c.p.female else "brother"
    w.add(f", i'm calling for my {rel} ")
    _name(w, c.p, "lower", "tx_patient")
    w.add(", she's " if c.p.female else ", he's ")
    _age(w, c.age, lang, "tx", words=True)
    w.add(" and a raccoon got in the porch and scratched ")
    w.add("her on " if c.p.female else "him on ")
    w.phi(_fmt(c.when, "ord"), "date", "date:ord_spoken")
    w.add(".\nNURSE: date of birth?\nCALLER: ")
    w.phi(_fmt(c.dob, "mdy_long"), "date", "date:mdy_long_spoken")
    w.add(".\nNURSE: and a number to reach you?\nCALLER: ")
    w.phi(c.phone, "phone", f"phone:{region}_tx")
    w.add(".\nNURSE: temperature?\nCALLER: about ")
    _look(w, ("temp",), ".")
    w.add(", last tetanus shot in ")
    w.keep(str(c.when.year - r.randint(2, 9)), "bare_year")
    w.add(".\nNURSE: ok, ticket ")
    w.phi(f"PHL-{_d(r, 6)}", "account", "account:tx_ticket")
    w.add(", go to the clinic by ")
    _look(w, ("time",))
    w.add(".\n")


def _quarantine_log(w: _W, c: _Case) -> None:
    """A pound's ten-day observation log of biting animals and owners (no subject)."""
    r = w.r
    reg = c.region
    w.add(f"REJESTR OBSERWACJI ZWIERZĄT — {c.when.year}\n" if reg == "pl" else "OBSERVATION LOG\n")
    w.add("chip | owner | phone | plate | start\n")
    for _ in range(r.randint(2, 4)):
        owner = _person(r, reg)
        w.phi(f"{r.choice(['616', '941', '900'])}{_d(r, 12)}", "serial", "serial:microchip_log")
        w.add(" | ")
        _name(w, owner, r.choice(["upper_fam", "initial", "comma"]), "qlog")
        w.add(" | ")
        w.phi(_phone(r, reg), "phone", f"phone:{reg}_log")
        w.add(" | ")
        w.phi(_plate(r, reg), "plate", f"plate:{reg}_log")
        w.add(" | ")
        _date(
            w,
            c.when + timedelta(days=r.randint(0, 20)),
            ("pl_dot", "pl_short") if reg == "pl" else ("iso",),
        )
        w.add("\n")
    w.add("wet. " if reg == "pl" else "Dr. vet. ")
    _name(w, c.clin, "initial", "qlog_vet")
    w.add(", ")
    _look(w, ("animals",))
    w.add(" zwierząt" if reg == "pl" else " animals")
    w.add("\n")


_DOCS: list[tuple[str, str, Callable[[_W, _Case], None]]] = [
    ("pl_karta", "pl", _pl_karta),
    ("it_lettera", "it", _it_lettera),
    ("br_ficha", "br", _br_ficha),
    ("jp_log", "jp", _jp_log),
    ("ca_roster", "ca", _ca_roster),
    ("ke_chat", "ke", _ke_chat),
    ("us_lab_email", "us", _us_lab_email),
    ("transcript_ca", "ca", _transcript),
    ("quarantine_pl", "pl", _quarantine_log),
    ("transcript_us", "us", _transcript),
    ("quarantine_it", "it", _quarantine_log),
]
_NO_SUBJECT = {"ca_roster", "quarantine_pl", "quarantine_it"}


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc in _NO_SUBJECT:
        return {}
    ctx: dict[str, object] = {
        "first_name": c.p.given,
        "last_name": c.p.family,
        "mrn": c.mrn,
        "birth_date": c.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": c.phone, "city": c.addr.city, "zip": c.addr.zip})
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


def _self_check() -> list[str]:
    problems = []
    d = date(2021, 3, 9)
    if _fmt(d, "pl") != "9 marca 2021 r." or _fmt(d, "it_roman") != "9-III-2021":
        problems.append("date formatting is off")
    if (
        _fmt(d, "jp_era") != "令和3年3月9日"
        or _fmt(date(1931, 3, 9), "jp_era_short") != "S06.03.09"
    ):
        problems.append("Japanese era dates are off")
    if _words(93, "pl") != "dziewięćdziesiąt trzy" or _words(101, "pt") != "cento e um":
        problems.append("number words are off")
    if _age_value("novantatré") != 93 or _age_value("tisini na nne") != 94:
        problems.append("age reader is off")
    r = random.Random(0)
    pesel = _pesel(r, date(1930, 5, 17), True)
    wts = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1)
    if sum(int(c) * x for c, x in zip(pesel, wts, strict=True)) % 10:
        problems.append("PESEL check digit is off")
    cpf = re.sub(r"\D", "", _cpf(r))
    for n in (9, 10):
        s = sum(int(x) * (n + 1 - i) for i, x in enumerate(cpf[:n]))
        if (0 if s % 11 < 2 else 11 - s % 11) != int(cpf[n]):
            problems.append("CPF check digits are off")
    sin = re.sub(r"\D", "", _sin(r))
    if _luhn_digit(sin[:-1]) != sin[-1]:
        problems.append("SIN check digit is off")
    if _cf_check("RSSMRA80A01H501") != "U":
        problems.append("codice fiscale check letter is off")
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
        title="held-out style 19",
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
