"""An eighteenth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first scored run.

The theme, document types, layouts and countries are not described here on purpose, so that
whoever scores this style stays blind to them; read the generator functions for the details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles,
honorifics and credentials outside name spans; weekday names, times, regions, prefectures,
provinces, countries, bare years, facility, insurer and carrier names, measurements, doses,
laboratory values, saturations, costs, flight numbers, seat rows, room and bed numbers, codes,
counts and ages of 89 or under never labelled (the planted ones are recorded as look-alikes);
every calendar date about a person is a ``date`` (a range is one span; a month with its year is
a date too); ages labelled only over 89 (digits or words in any language, the number only). An
address is split into street line, city / district spans and a separate ``zip`` span. Kinds:
``name date age phone fax email address zip ssn natid mrn account plan license plate serial ip
url accession``. ``ssn`` is a US Social Security number only; ``natid`` another country's
national, tax or identity-card number or a passport; ``mrn`` record numbers held by a clinic or
hospital; ``account`` case, file, claim, invoice and guarantee numbers; ``plan`` health- or
travel-insurance member and policy numbers; ``license`` clinicians' registration numbers and
drivers' licences; ``serial`` device serials; ``accession`` specimen and imaging numbers. About
a quarter of the notes carry no patient context. Every span is tagged with the phrasing it was
written in, and every planted look-alike is recorded.

    python benchmarks/notes_heldout_s18.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_s18.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_s18.py               # 300 notes, seed 10300
"""

from __future__ import annotations

import json
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

DEFAULT_SEED = 10300
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


_OCR = {"0": "O", "1": "l", "5": "S", "8": "B", "O": "0", "l": "1", "e": "c", "m": "rn"}


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
        self.ocr = 0.0

    def _noise(self, s: str) -> str:
        if not self.ocr:
            return s
        out = []
        for i, ch in enumerate(s):
            inner = 0 < i < len(s) - 1
            if inner and ch in _OCR and self.r.random() < self.ocr:
                out.append(_OCR[ch])
            else:
                out.append(ch)
        return "".join(out)

    def add(self, s: str) -> None:
        s = self._noise(s)
        self.parts.append(s)
        self.n += len(s)

    def phi(self, s: str, kind: str, form: str) -> None:
        if kind != "age":
            s = self._noise(s)
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
    s = s.replace("ß", "ss").replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def _ipv4(r: random.Random) -> str:
    first = r.choice([10, 172, 192, 62, 85, 133, 49, 177, 110])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _ipv6(r: random.Random) -> str:
    head = r.choice(["2001:db8", "2a01:e0a", "2400:4050", "fe80:"])
    tail = ":".join(_hex(r, 4).lstrip("0") or "0" for _ in range(r.randint(2, 4)))
    return f"{head}:{tail}"


def _tm(r: random.Random) -> str:
    return f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"


def _luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        total += v
    return str((10 - total % 10) % 10)


# --------------------------------------------------------------------------- numbers in words

_EN1 = "zero one two three four five six seven eight nine".split()
_TEENS_FR = "dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf".split()


def _en_words(n: int) -> str:
    if n >= 100:
        return "one hundred" + ("" if n == 100 else f" and {_EN1[n - 100]}")
    tens = {4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}[n // 10]
    return tens if n % 10 == 0 else f"{tens}-{_EN1[n % 10]}"


def _lang_words(lang: str, n: int) -> str:
    """Ages 90-101 written out in a handful of languages."""
    u = n % 10
    if lang == "de":
        ones = "ein zwei drei vier fünf sechs sieben acht neun".split()
        if n >= 100:
            return "hundert" + ("" if n == 100 else "eins")
        return "neunzig" if u == 0 else f"{ones[u - 1]}undneunzig"
    if lang == "fr":
        if n >= 100:
            return "cent" + ("" if n == 100 else " un")
        return "quatre-vingt-" + _TEENS_FR[u]
    if lang == "it":
        ones = "uno due tré quattro cinque sei sette otto nove".split()
        if n >= 100:
            return "cento" + ("" if n == 100 else "uno")
        if u == 0:
            return "novanta"
        return ("novant" if u in (1, 8) else "novanta") + ones[u - 1]
    if lang == "pt":
        ones = "um dois três quatro cinco seis sete oito nove".split()
        if n >= 100:
            return "cem" if n == 100 else "cento e um"
        return "noventa" if u == 0 else f"noventa e {ones[u - 1]}"
    if lang == "nl":
        ones = "een twee drie vier vijf zes zeven acht negen".split()
        if n >= 100:
            return "honderd" + ("" if n == 100 else "een")
        if u == 0:
            return "negentig"
        return ones[u - 1] + ("ën" if ones[u - 1].endswith("e") else "en") + "negentig"
    if lang == "pl":
        ones = "jeden dwa trzy cztery pięć sześć siedem osiem dziewięć".split()
        if n >= 100:
            return "sto" + ("" if n == 100 else " jeden")
        return "dziewięćdziesiąt" + ("" if u == 0 else f" {ones[u - 1]}")
    if lang == "ja":
        kan = "一二三四五六七八九"
        if n >= 100:
            return "百" + ("" if n == 100 else "一")
        return "九十" + ("" if u == 0 else kan[u - 1])
    return _en_words(n)


def _age(w: _W, age: int, text: str, form: str) -> None:
    """An age: a span when over 89, a recorded look-alike otherwise."""
    if age > 89:
        w.phi(text, "age", f"age:{form}")
    else:
        w.keep(text, f"age<=89:{form}")


def _age_words(w: _W, age: int, lang: str, form: str) -> None:
    """Written out when over 89 (any language), else digits (kept)."""
    if age > 89:
        w.phi(_lang_words(lang, age), "age", f"age:{form}_words_{lang}")
    elif lang == "en" and age >= 40:
        w.keep(_en_words(age), f"age<=89:{form}_words_en")
    else:
        w.keep(str(age), f"age<=89:{form}_digits")


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
    "pl_nom": "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik "
    "listopad grudzień",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "th": "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม",
    "th_abbr": "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.",
}
_ROMAN = "I II III IV V VI VII VIII IX X XI XII".split()
_WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
}


def _lm(lang: str, d: date) -> str:
    return _MONTHS[lang].split()[d.month - 1]


def _wd(lang: str, d: date) -> str:
    return _WEEKDAYS[lang].split()[d.weekday()]


def _nth(n: int) -> str:
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def _era(d: date) -> tuple[str, str, int]:
    """Japanese era (kanji, letter, year of era)."""
    for start, kanji, letter in (
        (date(2019, 5, 1), "令和", "R"),
        (date(1989, 1, 8), "平成", "H"),
        (date(1926, 12, 25), "昭和", "S"),
        (date(1912, 7, 30), "大正", "T"),
    ):
        if d >= start:
            return kanji, letter, d.year - start.year + 1
    return "明治", "M", d.year - 1867


def _fmt(d: date, style: str) -> str:
    en = _lm("en", d)
    y2 = f"{d.year % 100:02d}"
    table: dict[str, Callable[[], str]] = {
        "mdY": lambda: f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdy": lambda: f"{d.month}/{d.day}/{y2}",
        "us_long": lambda: f"{en} {d.day}, {d.year}",
        "us_abbr": lambda: f"{en[:3]}. {d.day}, {d.year}",
        "dMonY": lambda: f"{d.day} {en[:3]} {d.year}",
        "dd-Mon-yy": lambda: f"{d.day:02d}-{en[:3]}-{y2}",
        "DDMONYY": lambda: f"{d.day:02d}{en[:3].upper()}{y2}",
        "iso": d.isoformat,
        "compact": lambda: f"{d:%Y%m%d}",
        "ordinal_Y": lambda: f"{_nth(d.day)} {en} {d.year}",
        "ordinal_of": lambda: f"{_nth(d.day)} of {en}",
        "de_dot": lambda: f"{d.day}.{d.month}.{d.year}",
        "dot0": lambda: f"{d.day:02d}.{d.month:02d}.{d.year}",
        "de_yy": lambda: f"{d.day:02d}.{d.month:02d}.{y2}",
        "de_long": lambda: f"{d.day}. {_lm('de', d)} {d.year}",
        "de_dm": lambda: f"{d.day}.{d.month}.",
        "dmY": lambda: f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy2": lambda: f"{d.day:02d}/{d.month:02d}/{y2}",
        "fr_long": lambda: f"{'1er' if d.day == 1 else d.day} {_lm('fr', d)} {d.year}",
        "fr_dm": lambda: f"{'1er' if d.day == 1 else d.day} {_lm('fr', d)}",
        "it_long": lambda: f"{d.day} {_lm('it', d)} {d.year}",
        "it_dash": lambda: f"{d.day:02d}-{d.month:02d}-{d.year}",
        "roman": lambda: f"{d.day}.{_ROMAN[d.month - 1]}.{d.year}",
        "roman_sp": lambda: f"{d.day} {_ROMAN[d.month - 1]} {d.year}",
        "nl_dash": lambda: f"{d.day}-{d.month}-{d.year}",
        "nl_long": lambda: f"{d.day} {_lm('nl', d)} {d.year}",
        "nl_chat": lambda: f"{d.day:02d}-{d.month:02d}-{y2}",
        "pl_long": lambda: f"{d.day} {_lm('pl', d)} {d.year}",
        "pt_long": lambda: f"{d.day} de {_lm('pt', d)} de {d.year}",
        "pt_abbr": lambda: f"{d.day:02d}/{_lm('pt', d)[:3]}/{d.year}",
        "jp_kanji": lambda: f"{d.year}年{d.month}月{d.day}日",
        "jp_era": lambda: f"{_era(d)[0]}{_era(d)[2]}年{d.month}月{d.day}日",
        "jp_era_abbr": lambda: f"{_era(d)[1]}{_era(d)[2]}.{d.month}.{d.day}",
        "jp_slash": lambda: f"{d.year}/{d.month:02d}/{d.day:02d}",
        "th_be": lambda: f"{d.day} {_lm('th_abbr', d)} {d.year + 543}",
        "th_long": lambda: f"{d.day} {_lm('th', d)} {d.year + 543}",
        "th_slash": lambda: f"{d.day:02d}/{d.month:02d}/{d.year + 543}",
        "in_dash": lambda: f"{d.day:02d}-{d.month:02d}-{d.year}",
        "in_dot_mon": lambda: f"{d.day:02d}.{en[:3]}.{d.year}",
    }
    return table[style]()


_DSTY = {
    "us": ("mdY", "mdy", "us_long", "us_abbr", "iso"),
    "de": ("de_dot", "dot0", "de_yy", "de_long"),
    "fr": ("dmY", "fr_long", "dmy2"),
    "it": ("dmY", "it_long", "it_dash", "roman"),
    "nl": ("nl_dash", "nl_long", "dmY"),
    "pl": ("dot0", "pl_long", "roman", "iso"),
    "jp": ("jp_kanji", "jp_era", "jp_slash"),
    "in": ("in_dash", "dmY", "ordinal_Y", "dd-Mon-yy", "in_dot_mon"),
    "br": ("dmY", "pt_long", "dmy2", "pt_abbr"),
    "th": ("th_be", "th_long", "th_slash", "dMonY"),
}


def _date(w: _W, d: date, styles: Sequence[str] | str) -> None:
    style = styles if isinstance(styles, str) else w.r.choice(list(styles))
    w.phi(_fmt(d, style), "date", f"date:{style}")


def _month_year(w: _W, d: date, lang: str) -> None:
    if lang == "pl":
        text = f"{_lm('pl', d)} {d.year}"
    elif lang == "ja":
        text = f"{d.year}年{d.month}月"
    elif lang == "num":
        text = f"{d.month:02d}/{d.year}"
    elif lang == "pt":
        text = f"{_lm('pt', d)} de {d.year}"
    else:
        text = f"{_lm(lang, d)} {d.year}"
    w.phi(text, "date", f"date:month_year_{lang}")


def _range(w: _W, a: date, days: int, lang: str) -> None:
    b = a + timedelta(days=days)
    if lang == "de":
        text = f"{a.day}.{a.month}.–{b.day}.{b.month}.{b.year}"
    elif lang == "fr":
        text = f"{a.day} au {_fmt(b, 'fr_long')}" if a.month == b.month else f"{_fmt(a, 'fr_dm')}"
        text += "" if a.month == b.month else f" au {_fmt(b, 'fr_long')}"
    elif lang == "it":
        text = f"{a.day}/{a.month}–{b.day}/{b.month}/{b.year}"
    elif lang == "ja":
        text = f"{a.year}年{a.month}月{a.day}日〜{b.month}月{b.day}日"
    elif lang == "pl":
        text = f"{a.day}.{_ROMAN[a.month - 1]}–{b.day}.{_ROMAN[b.month - 1]}.{b.year}"
    else:
        text = f"{a.day:02d}/{a.month:02d} - {b.day:02d}/{b.month:02d}/{b.year}"
    w.phi(text, "date", f"date:range_{lang}")


# --------------------------------------------------------------------------- people

# (female given, male given, family); jp and th carry (latin, native script) pairs
_TRAD: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "us": (
        ("Dolores", "Bernice", "Loretta", "Wilma", "Rosalind", "Eunice"),
        ("Earl", "Vernon", "Clarence", "Lowell", "Harlan", "Roscoe"),
        ("McAllister", "O'Rourke", "LaFleur", "Stavropoulos", "Whitcombe", "Delacroix-Hayes"),
    ),
    "de": (
        ("Hildegard", "Ursula", "Annelie", "Gisela", "Liselotte", "Waltraud"),
        ("Klaus-Dieter", "Wolfgang", "Jürgen", "Heinz", "Gerhard", "Eberhard"),
        ("Schäfer", "von Brauchitsch", "Großkopf", "Weiß", "Meyer zu Erpen", "Köhler-Albrecht"),
    ),
    "fr": (
        ("Marie-Thérèse", "Geneviève", "Solange", "Bernadette", "Jacqueline", "Odette"),
        ("Jean-Baptiste", "Hervé", "Loïc", "Gérard", "Marcel", "Yves-Marie"),
        ("Le Guennec", "de La Roncière", "Kerjean", "Delacour-Morel", "d'Arbonne", "Lefebvre"),
    ),
    "it": (
        ("Giuseppina", "Assunta", "Carmela", "Loredana", "Annunziata", "Rosaria"),
        ("Gianfranco", "Salvatore", "Pierluigi", "Vincenzo", "Gaetano", "Carmine"),
        ("Esposito", "De Luca", "Dell'Acqua", "Lo Presti", "Di Stefano", "Bonfiglio"),
    ),
    "nl": (
        ("Geertruida", "Hendrika", "Marijke", "Aaltje", "Wilhelmina", "Johanna"),
        ("Cornelis", "Pieter-Jan", "Gerrit", "Hendrik", "Jacobus", "Teunis"),
        ("van den Broek", "de Vries", "van 't Hof", "Bakker-Smit", "ter Horst", "Verhoeven"),
    ),
    "pl": (
        ("Grażyna", "Krystyna", "Jadwiga", "Małgorzata", "Halina", "Bożena"),
        ("Zbigniew", "Władysław", "Grzegorz", "Mirosław", "Czesław", "Kazimierz"),
        ("Wiśniewski", "Kowalczyk", "Wójcik", "Zieliński", "Brzęczek", "Szczepański"),
    ),
    "jp": (
        ("Haruko|春子|ハルコ", "Sachiko|幸子|サチコ", "Chiyo|千代|チヨ", "Fumiko|文子|フミコ"),
        ("Takeshi|武|タケシ", "Hiroshi|博|ヒロシ", "Isamu|勇|イサム", "Kenji|健二|ケンジ"),
        (
            "Takahashi|高橋|タカハシ",
            "Watanabe|渡辺|ワタナベ",
            "Yamaguchi|山口|ヤマグチ",
            "Matsumoto|松本|マツモト",
            "Inoue|井上|イノウエ",
        ),
    ),
    "in": (
        ("Lakshmi", "Savitri", "Kamala", "Parvati", "Gurdeep Kaur", "Meenakshi"),
        ("Venkataraman", "Ramachandran", "Subramaniam", "Harbhajan Singh", "Anand", "Prakash"),
        ("Iyer", "Chatterjee", "Reddy", "Nair", "Deshpande", "Bhattacharya"),
    ),
    "br": (
        ("Maria das Graças", "Conceição", "Aparecida", "Raimunda", "Benedita", "Zuleide"),
        ("José Carlos", "Sebastião", "Francisco de Assis", "Antônio", "Raimundo", "Severino"),
        ("da Silva Santos", "dos Anjos", "Oliveira Pereira", "de Souza Lima", "Nascimento"),
    ),
    "th": (
        ("Malee|มาลี|Noi", "Siriporn|ศิริพร|Lek", "Pranee|ปราณี|Nok", "Boonmee|บุญมี|Ead"),
        ("Somchai|สมชาย|Chai", "Prasert|ประเสริฐ|Tui", "Wichai|วิชัย|Daeng", "Sombat|สมบัติ|Ball"),
        (
            "Srisuk|ศรีสุข",
            "Wongsawat|วงศ์สวัสดิ์",
            "Chaiyaporn|ชัยพร",
            "Rattanakosin|รัตนโกสินทร์",
        ),
    ),
}
_CLIN = (
    ("Ingeborg", "Rafael", "Akemi", "Tomasz", "Priyanka", "Anneke", "Thibault", "Chiara"),
    ("Petersen", "Albuquerque", "Nakagawa", "Lewandowski", "Venkatesh", "Dijkstra", "Moreau"),
)


@dataclass
class _P:
    given: str
    family: str
    female: bool = False
    order: str = "w"  # "e": family name first
    given_alt: str = ""
    family_alt: str = ""
    kana: str = ""
    nick: str = ""

    def full(self) -> str:
        return f"{self.family} {self.given}" if self.order == "e" else f"{self.given} {self.family}"


def _pl_female(fam: str) -> str:
    return fam[:-1] + "a" if fam.endswith("ki") else fam


def _person(r: random.Random, trad: str, female: bool | None = None) -> _P:
    fem, male, fams = _TRAD[trad]
    if female is None:
        female = r.random() < 0.55
    g = r.choice(fem if female else male).split("|")
    f = r.choice(fams).split("|")
    if trad == "pl" and female:
        f[0] = _pl_female(f[0])
    p = _P(g[0], f[0], female)
    if trad == "jp":
        p.order, p.given_alt, p.family_alt = "e", g[1], f[1]
        p.kana = f"{f[2]} {g[2]}"
    elif trad == "th":
        p.given_alt, p.family_alt, p.nick = g[1], f[1], g[2]
    return p


def _clin(r: random.Random) -> _P:
    return _P(r.choice(_CLIN[0]), r.choice(_CLIN[1]))


def _name(w: _W, p: _P, style: str, form: str) -> None:
    text = {
        "full": p.full,
        "western": lambda: f"{p.given} {p.family}",
        "last_first": lambda: f"{p.family.upper()}, {p.given}",
        "comma": lambda: f"{p.family}, {p.given}",
        "initial_last": lambda: f"{p.given[0]}. {p.family}",
        "given": lambda: p.given,
        "family": lambda: p.family,
        "upper": lambda: p.full().upper(),
        "lower": lambda: p.full().lower(),
        "slash": lambda: f"{_fold(p.family).upper()}/{_fold(p.given).upper()}",
        "native": lambda: (
            f"{p.family_alt} {p.given_alt}" if p.order == "e" else f"{p.given_alt} {p.family_alt}"
        ),
        "native_given": lambda: p.given_alt,
        "native_run": lambda: f"{p.family_alt}{p.given_alt}",
        "kana": lambda: p.kana,
        "nick": lambda: p.nick,
        "initials_in": lambda: f"{p.family[0]}. {p.given}",
    }[style]()
    w.phi(text, "name", f"name:{form}_{style}")


def _email(r: random.Random, p: _P) -> str:
    g = re.sub(r"[^a-z]", "", _fold(p.given).lower())
    f = re.sub(r"[^a-z]", "", _fold(p.family).lower())
    dom = r.choice(
        [
            "web.example.de",
            "orange.example.fr",
            "libero.example.it",
            "ziggo.example.nl",
            "wp.example.pl",
            "docomo.example.jp",
            "rediff.example.in",
            "uol.example.com.br",
            "hotmail.example.co.th",
            "aol.example.com",
        ]
    )
    user = r.choice(
        [f"{g}.{f}", f"{g[0]}{f}{r.randint(1, 99)}", f"{f}_{g[:4]}", f"{g}{r.randint(30, 99)}"]
    )
    return f"{user}@{dom}"


# --------------------------------------------------------------------------- national numbers


def _ssn(r: random.Random) -> str:
    a = r.choice([n for n in range(1, 900) if n != 666])
    g, s = r.randint(1, 99), r.randint(1, 9999)
    return r.choice(
        [f"{a:03d}-{g:02d}-{s:04d}", f"{a:03d} {g:02d} {s:04d}", f"{a:03d}{g:02d}{s:04d}"]
    )


def _steuer_id(r: random.Random) -> str:
    body = str(r.randint(1, 9)) + _d(r, 9)
    prod = 10
    for c in body:
        s = (int(c) + prod) % 10 or 10
        prod = (s * 2) % 11
    check = (11 - prod) % 10
    raw = body + str(check)
    return r.choice([raw, f"{raw[:2]} {raw[2:5]} {raw[5:8]} {raw[8:]}"])


def _perso(r: random.Random) -> str:
    return "".join(r.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(9))


def _nir(r: random.Random, dob: date, female: bool) -> str:
    dept = r.choice(["75", "29", "2A", "69", "13", "35", "99"])
    dnum = dept.replace("2A", "19")
    body = f"{2 if female else 1}{dob.year % 100:02d}{dob.month:02d}{dnum}{_d(r, 3)}{_d(r, 3)}"
    key = 97 - int(body) % 97
    b = body[:5] + dept + body[7:]
    return f"{b[0]} {b[1:3]} {b[3:5]} {b[5:7]} {b[7:10]} {b[10:13]} {key:02d}"


def _codice_fiscale(r: random.Random, p: _P, dob: date, female: bool) -> str:
    def cons(s: str) -> str:
        s = re.sub(r"[^A-Z]", "", _fold(s).upper())
        c = "".join(ch for ch in s if ch not in "AEIOU")
        v = "".join(ch for ch in s if ch in "AEIOU")
        return (c + v + "XXX")[:3]

    months = "ABCDEHLMPRST"
    day = dob.day + (40 if female else 0)
    return (
        f"{cons(p.family)}{cons(p.given)}{dob.year % 100:02d}{months[dob.month - 1]}{day:02d}"
        f"{r.choice('ABCDEFGHLM')}{_d(r, 3)}{_up(r, 1)}"
    )


def _bsn(r: random.Random) -> str:
    while True:
        d = [r.randint(0, 9) for _ in range(8)]
        total = sum(x * (9 - i) for i, x in enumerate(d))
        last = total % 11
        if last < 10 and d[0] != 0:
            return "".join(map(str, d)) + str(last)


def _pesel(r: random.Random, dob: date, female: bool) -> str:
    mm = dob.month + (20 if dob.year >= 2000 else 0)
    ser = r.randint(0, 99) * 10 + r.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9])
    body = f"{dob.year % 100:02d}{mm:02d}{dob.day:02d}{ser:04d}"
    wts = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(c) * x for c, x in zip(body, wts, strict=True)) % 10) % 10
    return body + str(check)


def _my_number(r: random.Random) -> str:
    body = _d(r, 11)
    total = sum(int(c) * ((i + 2) if i < 6 else (i - 4)) for i, c in enumerate(reversed(body)))
    rem = total % 11
    raw = body + str(0 if rem <= 1 else 11 - rem)
    return r.choice([raw, f"{raw[:4]} {raw[4:8]} {raw[8:]}", f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"])


def _aadhaar(r: random.Random) -> str:
    raw = str(r.randint(2, 9)) + _d(r, 11)
    return r.choice([f"{raw[:4]} {raw[4:8]} {raw[8:]}", raw, f"XXXX XXXX {raw[8:]}"])


def _pan(r: random.Random, p: _P) -> str:
    return f"{_up(r, 3)}P{_fold(p.family)[0].upper()}{_d(r, 4)}{_up(r, 1)}"


def _cpf(r: random.Random, dots: bool = True) -> str:
    d = [r.randint(0, 9) for _ in range(9)]
    for n in (10, 11):
        s = sum(x * (n - i) for i, x in enumerate(d))
        d.append(0 if s % 11 < 2 else 11 - s % 11)
    raw = "".join(map(str, d))
    return f"{raw[:3]}.{raw[3:6]}.{raw[6:9]}-{raw[9:]}" if dots else raw


def _cns(r: random.Random) -> str:
    raw = r.choice("789") + _d(r, 14)
    return r.choice([raw, f"{raw[:3]} {raw[3:7]} {raw[7:11]} {raw[11:]}"])


def _thai_id(r: random.Random) -> str:
    d = [r.randint(1, 8)] + [r.randint(0, 9) for _ in range(11)]
    check = (11 - sum(x * (13 - i) for i, x in enumerate(d)) % 11) % 10
    raw = "".join(map(str, d)) + str(check)
    return r.choice([raw, f"{raw[0]}-{raw[1:5]}-{raw[5:10]}-{raw[10:12]}-{raw[12]}"])


def _passport(r: random.Random, region: str) -> str:
    return {
        "us": lambda: r.choice("56") + _d(r, 8),
        "de": lambda: "C" + "".join(r.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8)),
        "fr": lambda: f"{_d(r, 2)}{_up(r, 2)}{_d(r, 5)}",
        "it": lambda: f"Y{_up(r, 1)}{_d(r, 7)}",
        "nl": lambda: f"N{_up(r, 1)}{_up(r, 2)}{_d(r, 5)}",
        "pl": lambda: f"E{_up(r, 1)}{_d(r, 7)}",
        "jp": lambda: f"T{_up(r, 1)}{_d(r, 7)}",
        "in": lambda: f"{_up(r, 1)}{_d(r, 7)}",
        "br": lambda: f"F{_up(r, 1)}{_d(r, 6)}",
        "th": lambda: f"A{_up(r, 1)}{_d(r, 7)}",
    }[region]()


def _natid(r: random.Random, region: str, p: _P, dob: date, female: bool) -> tuple[str, str]:
    return {
        "us": lambda: (_ssn(r), "ssn"),
        "de": lambda: (_steuer_id(r), "steuer_id"),
        "fr": lambda: (_nir(r, dob, female), "nir"),
        "it": lambda: (_codice_fiscale(r, p, dob, female), "codice_fiscale"),
        "nl": lambda: (_bsn(r), "bsn"),
        "pl": lambda: (_pesel(r, dob, female), "pesel"),
        "jp": lambda: (_my_number(r), "my_number"),
        "in": lambda: (_aadhaar(r), "aadhaar"),
        "br": lambda: (_cpf(r, r.random() < 0.7), "cpf"),
        "th": lambda: (_thai_id(r), "thai_id"),
    }[region]()


def _plan_no(r: random.Random, region: str) -> str:
    return {
        "us": lambda: f"{_up(r, 3)}{_d(r, 9)}",
        "de": lambda: f"{_up(r, 1)}{_d(r, 9)}",
        "fr": lambda: f"MUT-{_d(r, 8)}",
        "it": lambda: f"80380{_d(r, 15)}",
        "nl": lambda: f"{_d(r, 3)}.{_d(r, 3)}.{_d(r, 3)}",
        "pl": lambda: f"NFZ/{_d(r, 2)}/{_d(r, 6)}",
        "jp": lambda: f"{_d(r, 8)}",
        "in": lambda: f"PMJAY-{_up(r, 2)}{_d(r, 7)}",
        "br": lambda: _cns(r),
        "th": lambda: f"UC{_d(r, 10)}",
    }[region]()


def _license(r: random.Random, region: str) -> tuple[str, str]:
    return {
        "us": lambda: ("1" + _d(r, 8) + _luhn_digit("808401" + _d(r, 8))[:1], "npi"),
        "de": lambda: (f"LANR {_d(r, 9)}", "lanr"),
        "fr": lambda: ("10" + _d(r, 9), "rpps"),
        "it": lambda: (f"{_d(r, 5)}", "albo"),
        "nl": lambda: (_d(r, 11), "big"),
        "pl": lambda: (str(r.randint(1, 9)) + _d(r, 6), "pwz"),
        "jp": lambda: (_d(r, 6), "ishi_toroku"),
        "in": lambda: (f"KMC-{_d(r, 5)}", "kmc"),
        "br": lambda: (f"CRM-SP {_d(r, 6)}", "crm"),
        "th": lambda: (f"ว.{_d(r, 5)}", "thai_mc"),
    }[region]()


# --------------------------------------------------------------------------- places


@dataclass
class _Addr:
    street: str
    city: str
    zip: str
    region: str
    state: str = ""
    district: str = ""
    street_alt: str = ""
    city_alt: str = ""


def _address(r: random.Random, region: str) -> _Addr:
    n = r.randint(1, 180)
    if region == "us":
        city, st, z = r.choice(
            [("Sarasota", "FL", "342"), ("Tucson", "AZ", "857"), ("Duluth", "MN", "558")]
        )
        street = r.choice(
            [
                f"{r.randint(100, 9999)} Gulf Shore Blvd Apt {n}C",
                f"PO Box {r.randint(100, 9999)}",
                f"RR 2 Box {n}",
                f"{r.randint(10, 999)} N Saguaro Trl Unit {n}",
            ]
        )
        return _Addr(street, city, z + _d(r, 2) + r.choice(["", f"-{_d(r, 4)}"]), region, st)
    if region == "de":
        street = r.choice(
            [
                f"Lindenstraße {n}a",
                f"Am Mühlbach {n}, 2. OG links",
                f"Hauptstr. {n}, Hinterhaus",
                f"Postfach {_d(r, 4)}",
            ]
        )
        city, dist = r.choice(
            [
                ("München", "Schwabing"),
                ("Lüneburg", ""),
                ("Oberwiesenthal", "OT Hammerunterwiesenthal"),
                ("Bad Tölz", ""),
            ]
        )
        return _Addr(street, city, _d(r, 5), region, "", dist)
    if region == "fr":
        street = r.choice(
            [
                f"{n} bis, rue des Lilas",
                f"Bât. B, esc. 3, {n} avenue Jean-Jaurès",
                "Lieu-dit La Croix Blanche",
                f"BP {r.randint(10, 999)}",
                f"{n} impasse du Moulin",
            ]
        )
        city = r.choice(["Quimper", "Lyon", "Saint-Malo", "Aix-en-Provence", "Douarnenez"])
        return _Addr(street, city, _d(r, 5), region)
    if region == "it":
        street = r.choice(
            [
                f"Via dei Tribunali {n}, int. {r.randint(1, 20)}",
                f"Corso Umberto I {n}, scala B",
                f"Fraz. San Rocco {n}",
                f"Vicolo Stretto {n}/A",
            ]
        )
        city, prov = r.choice(
            [("Napoli", "NA"), ("Bergamo", "BG"), ("Lecce", "LE"), ("Cuneo", "CN")]
        )
        return _Addr(street, city, _d(r, 5), region, prov)
    if region == "nl":
        street = r.choice(
            [
                f"Kerkstraat {n}-III",
                f"Prinsengracht {n} hs",
                f"Dorpsweg {n}A",
                f"Postbus {_d(r, 4)}",
            ]
        )
        city = r.choice(["Amsterdam", "Zwolle", "Deventer", "Harderwijk"])
        return _Addr(street, city, f"{r.randint(1000, 9999)} {_up(r, 2)}", region)
    if region == "pl":
        street = r.choice(
            [
                f"ul. Marszałkowska {n} m. {r.randint(1, 90)}",
                f"os. Słoneczne {n}/{r.randint(1, 60)}",
                f"al. Jana Pawła II {n} lok. {r.randint(1, 9)}",
                f"Wólka Dolna {n}",
            ]
        )
        city = r.choice(["Warszawa", "Kraków", "Łódź", "Zakopane"])
        return _Addr(street, city, f"{_d(r, 2)}-{_d(r, 3)}", region)
    if region == "jp":
        ward, ward_j, pref, pref_j, city, city_j = r.choice(
            [
                ("Shibuya-ku", "渋谷区", "Tokyo", "東京都", "Tokyo", "東京"),
                ("Naka-ku", "中区", "Kanagawa", "神奈川県", "Yokohama", "横浜市"),
                ("Sakyo-ku", "左京区", "Kyoto", "京都府", "Kyoto", "京都市"),
            ]
        )
        chome = f"{r.randint(1, 5)}-{r.randint(1, 30)}-{r.randint(1, 20)}"
        room = r.choice(["", f" {r.randint(101, 905)}号室"])
        place, place_j = r.choice(
            [("Ebisu", "恵比寿"), ("Motomachi", "元町"), ("Shimogamo", "下鴨")]
        )
        a = _Addr(f"{chome} {place}", city, f"{_d(r, 3)}-{_d(r, 4)}", region, pref, ward)
        a.street_alt, a.city_alt = (
            f"{place_j}{chome}{room}",
            (ward_j if city == "Tokyo" else city_j + ward_j),
        )
        a.state = pref_j if r.random() < 0.5 else pref
        return a
    if region == "in":
        street = r.choice(
            [
                f"Flat {n}B, Sai Krupa Apts, 4th Cross",
                f"H.No. {r.randint(1, 20)}-{n}/{r.randint(1, 9)}, Near Hanuman Mandir",
                f"Door No. {n}, Vellalar Street",
                "Village Khedi, Tehsil Sehore",
            ]
        )
        city, dist = r.choice(
            [
                ("Bengaluru", "Malleswaram"),
                ("Chennai", "Mylapore"),
                ("Bhopal", ""),
                ("Pune", "Kothrud"),
            ]
        )
        return _Addr(street, city, f"{r.randint(11, 85)}{_d(r, 4)}", region, "", dist)
    if region == "br":
        street = r.choice(
            [
                f"Rua das Flores, {n}, apto {r.randint(11, 1204)}, Bloco B",
                f"Av. Sete de Setembro, {n}",
                "Sítio Boa Esperança, Zona Rural",
                f"Caixa Postal {r.randint(10, 999)}",
            ]
        )
        city, dist = r.choice(
            [
                ("São Paulo", "Vila Mariana"),
                ("Salvador", "Rio Vermelho"),
                ("Caruaru", "Centro"),
                ("Juiz de Fora", ""),
            ]
        )
        return _Addr(street, city, f"{_d(r, 5)}-{_d(r, 3)}", region, "", dist)
    street, street_t = r.choice(
        [
            (
                f"{n}/{r.randint(1, 99)} Moo {r.randint(1, 12)}",
                f"{n}/{r.randint(1, 99)} หมู่ {r.randint(1, 12)}",
            ),
            (f"{n} Soi Sukhumvit {r.randint(1, 71)}", f"{n} ซอยสุขุมวิท {r.randint(1, 71)}"),
        ]
    )
    city, city_t, dist = r.choice(
        [
            ("Bangkok", "กรุงเทพมหานคร", "Khlong Toei"),
            ("Chiang Mai", "เชียงใหม่", "Hang Dong"),
            ("Phuket", "ภูเก็ต", "Kathu"),
        ]
    )
    a = _Addr(street, city, f"{r.randint(10, 96)}{_d(r, 3)}", region, "", dist)
    a.street_alt, a.city_alt = street_t, city_t
    return a


def _addr_lines(w: _W, a: _Addr, form: str, sep: str = ", ") -> None:
    reg = a.region
    if reg == "jp":
        if w.r.random() < 0.5:
            w.add("〒")
            w.phi(a.zip, "zip", f"zip:jp_{form}")
            w.add(" " + (a.state if a.state.endswith(("都", "県", "府")) else ""))
            w.phi(a.city_alt, "address", f"address:city_jp_native_{form}")
            w.phi(a.street_alt, "address", f"address:street_jp_native_{form}")
        else:
            w.phi(a.street, "address", f"address:street_jp_{form}")
            w.add(sep)
            w.phi(a.district, "address", f"address:ward_jp_{form}")
            w.add(sep)
            w.phi(a.city, "address", f"address:city_jp_{form}")
            w.add(" ")
            w.phi(a.zip, "zip", f"zip:jp_latin_{form}")
        return
    if reg == "th" and w.r.random() < 0.4:
        w.phi(a.street_alt, "address", f"address:street_th_native_{form}")
        w.add(" ")
        w.phi(a.city_alt, "address", f"address:city_th_native_{form}")
        w.add(" ")
        w.phi(a.zip, "zip", f"zip:th_{form}")
        return
    w.phi(a.street, "address", f"address:street_{reg}_{form}")
    w.add(sep)
    if a.district:
        w.phi(a.district, "address", f"address:district_{reg}_{form}")
        w.add(sep if reg != "br" else " – ")
    if reg == "us":
        w.phi(a.city, "address", f"address:city_{form}")
        w.add(f", {a.state} ")
        w.phi(a.zip, "zip", f"zip:us_{form}")
    elif reg == "br":
        w.phi(a.city, "address", f"address:city_{form}")
        w.add(f"/{w.r.choice(['SP', 'BA', 'PE', 'MG'])}, CEP ")
        w.phi(a.zip, "zip", f"zip:br_{form}")
    elif reg in ("in", "th"):
        w.phi(a.city, "address", f"address:city_{form}")
        w.add(" - " if reg == "in" else " ")
        w.phi(
            a.zip if reg == "th" else w.r.choice([a.zip, f"{a.zip[:3]} {a.zip[3:]}"]),
            "zip",
            f"zip:{reg}_{form}",
        )
    elif reg == "it":
        w.phi(a.zip, "zip", f"zip:it_{form}")
        w.add(" ")
        w.phi(a.city, "address", f"address:city_{form}")
        w.add(f" ({a.state})")
    else:
        prefix = {"de": "D-", "fr": "F-", "nl": "NL-", "pl": ""}[reg] if w.r.random() < 0.2 else ""
        w.add(prefix)
        w.phi(a.zip, "zip", f"zip:{reg}_{form}")
        w.add(" ")
        city = a.city.upper() if reg == "fr" and w.r.random() < 0.5 else a.city
        w.phi(city, "address", f"address:city_{form}")
        if reg == "fr" and w.r.random() < 0.3:
            w.add(" CEDEX")


# --------------------------------------------------------------------------- phones and plates


def _phone(r: random.Random, region: str) -> tuple[str, str]:
    k = r.randrange(3)
    opts = {
        "us": [
            f"({r.randint(201, 989)}) 555-01{_d(r, 2)}",
            f"+1-{r.randint(201, 989)}-555-01{_d(r, 2)}",
            f"{r.randint(201, 989)}.555.01{_d(r, 2)}",
        ],
        "de": [
            f"+49 89 {_d(r, 7)}",
            f"0171 {_d(r, 7)}",
            f"(0 40) {_d(r, 3)} {_d(r, 2)}-{_d(r, 2)}",
        ],
        "fr": [
            f"06 {_d(r, 2)} {_d(r, 2)} {_d(r, 2)} {_d(r, 2)}",
            f"+33 (0)2 98 {_d(r, 2)} {_d(r, 2)} {_d(r, 2)}",
            f"0033.6.{_d(r, 2)}.{_d(r, 2)}.{_d(r, 2)}.{_d(r, 2)}",
        ],
        "it": [f"+39 333 {_d(r, 3)} {_d(r, 4)}", f"081/{_d(r, 7)}", f"0039 035 {_d(r, 6)}"],
        "nl": [
            f"06-{_d(r, 8)}",
            f"+31 (0)20 {_d(r, 3)} {_d(r, 4)}",
            f"038 - {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}",
        ],
        "pl": [
            f"+48 601 {_d(r, 3)} {_d(r, 3)}",
            f"(22) {_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}",
            f"0048 {_d(r, 9)}",
        ],
        "jp": [
            f"090-{_d(r, 4)}-{_d(r, 4)}",
            f"03-{_d(r, 4)}-{_d(r, 4)}",
            f"+81 75 {_d(r, 3)} {_d(r, 4)}",
        ],
        "in": [
            f"+91 98{_d(r, 3)} {_d(r, 5)}",
            f"080-{_d(r, 4)} {_d(r, 4)}",
            f"0{_d(r, 5)}-{_d(r, 5)}",
        ],
        "br": [
            f"(11) 9{_d(r, 4)}-{_d(r, 4)}",
            f"+55 71 9 {_d(r, 4)} {_d(r, 4)}",
            f"0xx81 {_d(r, 4)}-{_d(r, 4)}",
        ],
        "th": [
            f"081-{_d(r, 3)}-{_d(r, 4)}",
            f"+66 2 {_d(r, 3)} {_d(r, 4)}",
            f"0 7{_d(r, 1)}{_d(r, 2)} {_d(r, 4)}",
        ],
    }
    return opts[region][k], f"{region}_{k}"


def _ph(w: _W, ph: tuple[str, str], kind: str = "phone") -> None:
    w.phi(ph[0], kind, f"{kind}:{ph[1]}")


def _plate(r: random.Random, region: str) -> tuple[str, str]:
    hira = r.choice(
        "あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるろれわ"
    )
    thai = r.choice(["กข", "ฆท", "ขม", "พด", "วจ"])
    return {
        "us": (f"{_d(r, 1)}{_up(r, 3)}{_d(r, 3)}", "us_ca"),
        "de": (f"{r.choice(['M', 'LG', 'TÖL', 'HH'])}-{_up(r, 2)} {r.randint(1, 9999)}", "de"),
        "fr": (f"{_up(r, 2)}-{_d(r, 3)}-{_up(r, 2)}", "fr_siv"),
        "it": (f"{_up(r, 2)} {_d(r, 3)}{_up(r, 2)}", "it"),
        "nl": (f"{_d(r, 2)}-{_up(r, 3)}-{_d(r, 1)}", "nl_sidecode"),
        "pl": (f"{r.choice(['WA', 'KR', 'EL', 'KZ'])} {_d(r, 4)}{_up(r, 1)}", "pl"),
        "jp": (
            f"{r.choice(['品川', '横浜', '京都'])} {_d(r, 3)} {hira} {_d(r, 2)}-{_d(r, 2)}",
            "jp",
        ),
        "in": (f"{r.choice(['KA', 'MH', 'TN', 'MP'])} {_d(r, 2)} {_up(r, 2)} {_d(r, 4)}", "in"),
        "br": (f"{_up(r, 3)}{_d(r, 1)}{_up(r, 1)}{_d(r, 2)}", "br_mercosul"),
        "th": (f"{r.randint(1, 9)}{thai} {_d(r, 4)}", "th"),
    }[region]


# --------------------------------------------------------------------------- the case

_REGIONS = ("us", "de", "fr", "it", "nl", "pl", "jp", "in", "br", "th")


@dataclass
class _Case:
    region: str
    p: _P
    female: bool
    dob: date
    age: int
    mrn: str
    addr: _Addr
    phone: tuple[str, str]
    email: str
    kin: _P
    kin_phone: tuple[str, str]
    natid: str
    natid_form: str
    passport: str
    plan: str
    file_no: str
    event: date
    admit: date
    visit: date
    doc: _P
    host: str


def _case(r: random.Random, region: str) -> _Case:
    female = r.random() < 0.55
    p = _person(r, region, female)
    visit = date(2020, 6, 1) + timedelta(days=r.randint(0, 900))
    age = r.randint(90, 101) if r.random() < 0.3 else r.randint(24, 89)
    dob = date(visit.year - age - 1, r.randint(1, 12), r.randint(1, 28))
    if (dob.replace(year=visit.year) - visit).days <= 0:
        dob = dob.replace(year=dob.year + 1)
    age = visit.year - dob.year - ((visit.month, visit.day) < (dob.month, dob.day))
    kin = _person(r, region, not female)
    if region not in ("th",) and r.random() < 0.6:
        kin.family, kin.family_alt = p.family, p.family_alt
        if region == "pl":
            kin.family = (
                _pl_female(p.family.replace("ska", "ski"))
                if kin.female
                else p.family.replace("ska", "ski")
            )
        if region == "jp":
            kin.kana = p.kana.split()[0] + " " + kin.kana.split()[1]
    nat, nat_form = _natid(r, region, p, dob, female)
    event = visit - timedelta(days=r.randint(3, 40))
    return _Case(
        region=region,
        p=p,
        female=female,
        dob=dob,
        age=age,
        mrn=r.choice(
            [_d(r, 8), f"{_up(r, 2)}{_d(r, 6)}", f"{_d(r, 4)}/{_d(r, 5)}", f"UHID{_d(r, 7)}"]
        ),
        addr=_address(r, region),
        phone=_phone(r, region),
        email=_email(r, p),
        kin=kin,
        kin_phone=_phone(r, region),
        natid=nat,
        natid_form=nat_form,
        passport=_passport(r, region),
        plan=_plan_no(r, region),
        file_no=r.choice(
            [
                f"{visit.year % 100}-{_up(r, 2)}-{_d(r, 6)}",
                f"AS{_d(r, 8)}",
                f"{_d(r, 3)}.{_d(r, 4)}.{_d(r, 2)}",
            ]
        ),
        event=event,
        admit=event + timedelta(days=r.randint(0, 2)),
        visit=visit,
        doc=_clin(r),
        host=r.choice([x for x in _REGIONS if x != region]),
    )


# --------------------------------------------------------------------------- look-alikes


def _lab(w: _W, name: str, lo: float, hi: float, unit: str, nd: int = 1) -> None:
    w.add(f"{name} ")
    w.keep(f"{w.r.uniform(lo, hi):.{nd}f}", "lab_value")
    w.add(f" {unit}" if unit else "")


def _dose(w: _W, drug: str, doses: Sequence[str], sig: str = "") -> None:
    w.add(f"{drug} ")
    w.keep(w.r.choice(list(doses)), "dose")
    w.add(f" {sig}" if sig else "")


def _flight(w: _W) -> None:
    carrier = w.r.choice(["LH", "AF", "AZ", "KL", "LO", "JL", "AI", "LA", "TG", "UA"])
    w.keep(f"{carrier} {w.r.randint(10, 999)}", "flight_number")


_ICD = ("S72.01", "S72.00XA", "I21.4", "I63.9", "J18.9", "N39.0", "K56.7", "S06.5", "A09", "I50.1")


_ICD_BY = {
    "fracture": ("S72.00", "S72.01", "S72.00XA", "S72.10"),
    "pneumonia": ("J18.9", "J15.9", "J18.1"),
    "mi": ("I21.1", "I21.19", "I21.4"),
    "hf": ("I50.0", "I50.1", "I50.9"),
}


def _icd(w: _W, topic: str = "") -> None:
    w.keep(w.r.choice(_ICD_BY.get(topic, _ICD)), "icd10")


# --------------------------------------------------------------------------- documents

_HOSP = {
    "us": "Mercy Gulf Coast Medical Center",
    "de": "Klinikum Schwabing",
    "fr": "Clinique Pasteur",
    "it": "Ospedale del Mare",
    "nl": "Isala Klinieken",
    "pl": "Szpital Wojewódzki",
    "jp": "Tokyo Medical Clinic",
    "in": "Narayana Health City",
    "br": "Hospital Sírio-Libanês",
    "th": "Bumrungrad Intl",
}


def _clock(r: random.Random, n: int) -> list[str]:
    """``n`` increasing times of day."""
    mins = sorted(r.sample(range(0, 24 * 60), n))
    return [f"{m // 60:02d}:{m % 60:02d}" for m in mins]


def _case_log(w: _W, c: _Case) -> None:
    """Assistance coordinator's timestamped file log (English, terse)."""
    r = w.r
    w.add("ASSISTANCE FILE ")
    w.phi(c.file_no, "account", "account:assist_file")
    w.add("   status: OPEN   priority: ")
    w.add(r.choice(["P1", "P2", "P3"]))
    w.add("\nInsured: ")
    _name(w, c.p, r.choice(["last_first", "slash", "full"]), "log_insured")
    w.add(f" ({c.region.upper()})  DOB ")
    _date(w, c.dob, _DSTY[c.region] + ("iso",))
    w.add("  Policy ")
    w.phi(c.plan, "plan", "plan:log_policy")
    w.add("\nPassport ")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}_log")
    w.add("   Treating facility: ")
    w.add(_HOSP[c.host])
    w.add(", room ")
    w.keep(str(r.randint(201, 1540)), "room_number")
    w.add("\n" + "-" * 60 + "\n")
    t = c.event
    entries = r.randint(5, 6)
    times = _clock(r, entries)
    for i in range(entries):
        t = t + timedelta(days=r.choice([0, 0, 1, 1, 2]))
        w.phi(
            _fmt(t, r.choice(["dot0", "iso", "DDMONYY"])) if i else _fmt(t, "dot0"),
            "date",
            "date:log_stamp",
        )
        w.add(f" {times[i]}Z [{r.choice(['ops', 'med', 'ops', 'fin'])}:{_up(r, 2)}] ")
        if i == 0:
            w.add("Call from ")
            w.add(
                r.choice(["daughter", "wife", "neighbour"] if c.kin.female else ["son", "husband"])
            )
            w.add(" ")
            _name(w, c.kin, r.choice(["full", "given"]), "log_caller")
            w.add(" on ")
            _ph(w, c.kin_phone)
            w.add(": insured (")
            _age(w, c.age, f"{c.age}yo", "log_yo")
            w.add(") fell in hotel bathroom, taken by ambulance.")
        elif i == 1:
            w.add("Spoke w/ treating Dr ")
            _name(w, _person(r, c.host), "western", "log_treating")
            w.add(", tel ")
            _ph(w, _phone(r, c.host))
            w.add(". Dx ")
            _icd(w)
            w.add(", Hb ")
            w.keep(f"{r.uniform(7.5, 13.5):.1f}", "lab_value")
            w.add(", SpO2 ")
            w.keep(f"{r.randint(88, 99)}%", "spo2")
            w.add(" RA. Hosp MRN ")
            w.phi(c.mrn, "mrn", "mrn:log_host")
        elif i == 2:
            w.add("GOP no. ")
            w.phi(f"GOP-{_d(r, 7)}", "account", "account:log_gop")
            w.add(" issued, cap ")
            w.keep(f"EUR {r.randint(3, 60)},{r.randint(0, 9)}00", "cost_amount")
            w.add(" sent to ")
            w.phi(f"billing{r.randint(1, 9)}@intl-hosp.example.org", "email", "email:log_billing")
        elif i == 3:
            w.add("Fit-to-fly: stretcher, O2 ")
            w.keep(f"{r.choice([1, 2, 3, 4])} L/min", "o2_flow")
            w.add(", ")
            w.keep(str(r.choice([3, 6, 9])), "seat_count")
            w.add(" seats, escort RN. Booked ")
            _flight(w)
            w.add(" for ")
            _date(w, c.visit, r.choice(["de_dm", "DDMONYY", "dMonY"]))
        elif i == 4:
            w.add("Home ambulance booked, veh. ")
            pl = _plate(r, c.region)
            w.phi(pl[0], "plate", f"plate:{pl[1]}")
            w.add(", pick-up at ")
            _addr_lines(w, c.addr, "log")
        else:
            w.add("Insured's e-mail for docs: ")
            w.phi(c.email, "email", "email:log_insured")
            w.add("; portal link ")
            w.phi(
                f"https://assist.example.net/f/{c.file_no.replace('.', '')}?t={_hex(r, 10)}",
                "url",
                "url:log_portal",
            )
        w.add("\n")
    w.add("-- end of log --\n")


def _medif_fr(w: _W, c: _Case) -> None:
    """French/English bilingual medical information form for air travel."""
    r = w.r
    w.add("INFORMATIONS MÉDICALES / MEDICAL INFORMATION FORM (MEDIF) — Partie 1 / Part 1\n")
    w.add("A  Nom du passager / Passenger name: ")
    title = "Mme" if c.female else "M."
    w.add(f"{title} ")
    _name(w, c.p, r.choice(["upper", "full", "slash"]), "medif")
    w.add("\nB  Réservation / PNR: ")
    w.keep(_up(r, 6), "pnr_locator")
    w.add("   Vol / Flight: ")
    _flight(w)
    w.add(" du ")
    _date(w, c.visit, r.choice(["dmY", "fr_long", "DDMONYY"]))
    w.add("\nC  Né(e) le / Date of birth: ")
    _date(w, c.dob, _DSTY["fr"])
    w.add("   Âge : ")
    _age(w, c.age, str(c.age), "fr_ans")
    w.add(" ans\nD  N° sécurité sociale (NIR) : ")
    w.phi(c.natid if c.region == "fr" else _nir(r, c.dob, c.female), "natid", "natid:nir_medif")
    w.add("\n   Mutuelle n° ")
    w.phi(c.plan, "plan", "plan:medif_mutuelle")
    w.add("\nE  Adresse : ")
    _addr_lines(w, c.addr, "medif")
    w.add("\n   Tél. : ")
    _ph(w, c.phone)
    w.add("   Courriel : ")
    w.phi(c.email, "email", "email:medif")
    w.add("\n\nPartie 2 — à remplir par le médecin traitant\n")
    w.add("MEDA 01  Médecin / Attending physician: Dr ")
    _name(w, c.doc, r.choice(["full", "initial_last"]), "medif_doctor")
    w.add(", RPPS ")
    w.phi(_license(r, "fr")[0], "license", "license:rpps_medif")
    w.add("\nMEDA 02  Diagnostic : fracture du col fémoral (")
    _icd(w, "fracture")
    w.add("), opérée le ")
    _date(w, c.admit + timedelta(days=1), r.choice(["fr_dm", "dmY"]))
    w.add("\nMEDA 03  Hb ")
    w.keep(f"{r.uniform(8.0, 12.9):.1f}".replace(".", ","), "lab_value")
    w.add(" g/dL ; SpO2 ")
    w.keep(f"{r.randint(90, 99)} %", "spo2")
    w.add(" AA ; TA ")
    w.keep(f"{r.randint(100, 160)}/{r.randint(55, 95)}", "blood_pressure")
    w.add(" mmHg\nMEDA 04  Contagieux ? NON   Brancard / stretcher: OUI   O2 : ")
    w.keep(f"{r.choice([2, 3, 4])} L/min", "o2_flow")
    w.add("\nMEDA 05  Accompagnant : ")
    _name(w, c.kin, "full", "medif_escort")
    w.add(", tél. ")
    _ph(w, c.kin_phone)
    w.add("\nFait à ")
    w.add(r.choice(["Quimper", "Lyon", "Brest"]))
    w.add(f", le {_wd('fr', c.visit - timedelta(days=2))} ")
    _date(w, c.visit - timedelta(days=2), "fr_long")
    w.add("   Signature : [illisible]\n")


def _jp_referral(w: _W, c: _Case) -> None:
    """Japanese referral letter (shinryō jōhō teikyōsho), native script with a latin block."""
    r = w.r
    w.add("診療情報提供書\n\n")
    _date(w, c.visit, r.choice(["jp_era", "jp_kanji"]))
    w.add("\n")
    w.add(r.choice(["国際医療センター", "市立総合病院", "大学病院"]))
    w.add(" 整形外科 ")
    _name(
        w,
        _P(
            "",
            "",
            order="e",
            given_alt=r.choice(["誠", "直子", "亮"]),
            family_alt=r.choice(["佐藤", "中村", "小林"]),
        ),
        "native",
        "jp_addressee",
    )
    w.add(" 先生 御侍史\n\n患者氏名：")
    _name(w, c.p, r.choice(["native", "native_run"]), "jp_patient")
    w.add(" 様（")
    _name(w, c.p, "kana", "jp_patient")
    w.add("）  ")
    w.add("女" if c.female else "男")
    w.add("\n生年月日：")
    _date(w, c.dob, r.choice(["jp_era", "jp_kanji", "jp_era_abbr"]))
    w.add("（")
    if c.age > 89 and r.random() < 0.4:
        w.phi(_lang_words("ja", c.age), "age", "age:ja_kanji_words")
    else:
        _age(w, c.age, str(c.age), "ja_sai")
    w.add("歳）\n住所：")
    _addr_lines(w, c.addr, "jp_letter")
    w.add("\n電話：")
    _ph(w, c.phone if c.region == "jp" else _phone(r, "jp"))
    w.add("\n保険者番号：")
    w.phi(c.plan if c.region == "jp" else _plan_no(r, "jp"), "plan", "plan:jp_hokensha")
    w.add("  記号・番号：")
    w.phi(f"{_d(r, 2)}-{_d(r, 2)}・{_d(r, 3)}", "plan", "plan:jp_kigo_bango")
    w.add("\nカルテ番号：")
    w.phi(c.mrn, "mrn", "mrn:jp_karte")
    w.add("\n\n傷病名：右大腿骨頸部骨折（")
    _icd(w, "fracture")
    w.add("）\n既往歴：高血圧（")
    w.keep(str(r.randint(1995, 2018)), "bare_year")
    w.add("年〜）、心房細動\n経過：")
    _date(w, c.event, r.choice(["jp_kanji", "jp_slash"]))
    w.add("、旅行先にて転倒。")
    _range(w, c.admit, r.randint(5, 15), "ja")
    w.add("入院加療。Hb ")
    w.keep(f"{r.uniform(8, 13):.1f}", "lab_value")
    w.add(" g/dL、CRP ")
    w.keep(f"{r.uniform(0.1, 9.9):.2f}", "lab_value")
    w.add(" mg/dL、eGFR ")
    w.keep(str(r.randint(25, 80)), "lab_value")
    w.add("。\n処方：")
    _dose(w, "エリキュース", ["2.5mg", "5mg"], "1日2回")
    w.add("\n家族：")
    _name(w, c.kin, "native" if c.kin.given_alt else "full", "jp_kin")
    w.add("（")
    w.add(r.choice(["長女", "妻"] if c.kin.female else ["長男", "夫"]))
    w.add("） ")
    _ph(w, c.kin_phone if c.region == "jp" else _phone(r, "jp"))
    w.add("\n旅券番号：")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}_jp")
    w.add(" (")
    _name(w, c.p, "slash", "jp_passport")
    w.add(")\n\n紹介元医師：")
    _name(
        w,
        _P(
            "",
            "",
            order="e",
            given_alt=r.choice(["健二", "裕子", "大輔"]),
            family_alt=r.choice(["松田", "石井", "岡本"]),
        ),
        "native",
        "jp_referrer",
    )
    w.add(" 印　医籍登録番号 ")
    w.phi(_license(r, "jp")[0], "license", "license:jp_ishi_toroku")
    w.add("\n")


def _xml_export(w: _W, c: _Case) -> None:
    """Case exported as XML from an assistance platform (Italian field names)."""
    r = w.r
    w.add('<?xml version="1.0" encoding="UTF-8"?>\n<praticaAssistenza id="')
    w.phi(c.file_no, "account", "account:xml_pratica")
    w.add('" esportata="')
    w.phi(f"{c.visit.isoformat()}T{_tm(r)}:{r.randint(10, 59)}+01:00", "date", "date:xml_timestamp")
    w.add('">\n  <assistito>\n    <cognome>')
    w.phi(c.p.family, "name", "name:xml_family")
    w.add("</cognome>\n    <nome>")
    w.phi(c.p.given, "name", "name:xml_given")
    w.add("</nome>\n    <codiceFiscale>")
    cf = c.natid if c.region == "it" else _codice_fiscale(r, c.p, c.dob, c.female)
    w.phi(cf, "natid", "natid:codice_fiscale_xml")
    w.add("</codiceFiscale>\n    <dataNascita>")
    _date(w, c.dob, "iso")
    w.add("</dataNascita>\n    <eta>")
    _age(w, c.age, str(c.age), "xml_eta")
    w.add("</eta>\n    <tesseraSanitaria>")
    w.phi(c.plan if c.region == "it" else _plan_no(r, "it"), "plan", "plan:xml_tessera")
    w.add("</tesseraSanitaria>\n    <residenza>\n      <indirizzo>")
    w.phi(c.addr.street, "address", f"address:xml_street_{c.addr.region}")
    w.add("</indirizzo>\n      <cap>")
    w.phi(c.addr.zip, "zip", "zip:xml_cap")
    w.add("</cap>\n      <comune>")
    w.phi(c.addr.city, "address", "address:xml_comune")
    w.add("</comune>\n    </residenza>\n    <cellulare>")
    _ph(w, c.phone)
    w.add("</cellulare>\n    <pec>")
    w.phi(c.email, "email", "email:xml_pec")
    w.add("</pec>\n  </assistito>\n  <evento>\n    <data>")
    _date(w, c.event, r.choice(["dmY", "iso", "it_long"]))
    w.add("</data>\n    <tipo>incidente stradale, auto a noleggio targa ")
    pl = _plate(r, "it")
    w.phi(pl[0], "plate", "plate:xml_it")
    w.add("</tipo>\n    <codiceTriage>")
    w.keep(r.choice(["rosso", "giallo", "verde"]), "triage_code")
    w.add("</codiceTriage>\n    <gcs>")
    w.keep(str(r.randint(9, 15)), "gcs")
    w.add("</gcs>\n    <patente>")
    w.phi(f"{_up(r, 2)}{_d(r, 7)}{_up(r, 1)}", "license", "license:xml_patente")
    w.add('</patente>\n  </evento>\n  <referti>\n    <referto accession="')
    w.phi(f"RX{c.visit.year}{_d(r, 6)}", "accession", "accession:xml_rx")
    w.add('" modalita="CT" />\n    <link>')
    w.phi(
        f"https://pacs.example.it/viewer?paz={c.mrn.replace('/', '')}&amp;s={_hex(r, 8)}",
        "url",
        "url:xml_pacs",
    )
    w.add('</link>\n  </referti>\n  <audit utente="op')
    w.keep(str(r.randint(10, 99)), "operator_number")
    w.add('" ip="')
    w.phi(_ipv6(r) if r.random() < 0.5 else _ipv4(r), "ip", "ip:xml_audit")
    w.add('" />\n</praticaAssistenza>\n')


def _chat_nl(w: _W, c: _Case) -> None:
    """Chat export between a Dutch relative and a coordinator."""
    r = w.r
    coord = r.choice(["Femke", "Sanne", "Joris"])
    t = c.event + timedelta(days=1)
    kin = c.kin
    clock = iter(_clock(r, 4) + _clock(r, 4))

    def stamp(day: date) -> None:
        w.add("[")
        w.phi(_fmt(day, "nl_chat"), "date", "date:chat_stamp")
        w.add(f" {next(clock)}:{r.randint(10, 59)}] ")

    stamp(t)
    _name(w, kin, "western", "chat_sender")
    w.add(": Goedemiddag, mijn ")
    if c.age >= 60:
        w.add("moeder" if c.female else "vader")
    else:
        w.add("vrouw" if c.female else "man")
    w.add(" ")
    _name(w, c.p, "western", "chat_body")
    w.add(" (")
    if c.age > 89 and r.random() < 0.4:
        w.phi(_lang_words("nl", c.age), "age", "age:nl_words")
        w.add(" jaar")
    else:
        _age(w, c.age, str(c.age), "nl_paren")
    w.add(") ligt sinds gisteren in het ziekenhuis.\n")
    stamp(t)
    w.add(f"Assist NL – {coord}: Vervelend om te horen. Mag ik het BSN en polisnummer?\n")
    stamp(t)
    _name(w, kin, "given", "chat_sender")
    w.add(": BSN ")
    w.phi(c.natid if c.region == "nl" else _bsn(r), "natid", "natid:bsn_chat")
    w.add(", polis ")
    w.phi(c.plan if c.region == "nl" else _plan_no(r, "nl"), "plan", "plan:chat_polis")
    w.add(". Geboren ")
    _date(w, c.dob, _DSTY["nl"])
    w.add("\n")
    stamp(t)
    w.add(f"Assist NL – {coord}: Dank u. {'Haar' if c.female else 'Zijn'} huisarts?\n")
    t2 = t + timedelta(days=1)
    stamp(t2)
    _name(w, kin, "given", "chat_sender")
    w.add(": dokter ")
    _name(w, c.doc, "family", "chat_gp")
    w.add(", ")
    _ph(w, _phone(r, "nl"))
    w.add(" (BIG ")
    w.phi(_license(r, "nl")[0], "license", "license:big_chat")
    w.add(")\n")
    stamp(t2)
    w.add("<Media weggelaten>\n")
    stamp(t2)
    w.add(f"Assist NL – {coord}: Ontvangen. Uitslag: Hb ")
    w.keep(f"{r.uniform(5.0, 8.5):.1f}".replace(".", ","), "lab_value")
    w.add(" mmol/l, CRP ")
    w.keep(str(r.randint(3, 180)), "lab_value")
    w.add(". Repatriëring gepland ")
    _date(w, c.visit, r.choice(["nl_long", "nl_dash"]))
    w.add(", vlucht ")
    _flight(w)
    w.add(", stoel ")
    w.keep(f"{r.randint(10, 45)}{r.choice('ABCDEF')}", "seat")
    w.add(".\n")
    stamp(t2)
    _name(w, kin, "given", "chat_sender")
    w.add(": Top. Post graag naar ")
    _addr_lines(w, c.addr, "chat", " ")
    w.add(" of mail ")
    w.phi(_email(r, kin), "email", "email:chat_kin")
    w.add(" 🙏\n")


def _pl_karta(w: _W, c: _Case) -> None:
    """Polish hospital discharge card."""
    r = w.r
    w.add("KARTA INFORMACYJNA LECZENIA SZPITALNEGO\nSzpital Wojewódzki, Oddział Geriatrii\n")
    w.add("Nr księgi głównej: ")
    w.phi(c.mrn, "mrn", "mrn:pl_ksiega")
    w.add("\nPacjent")
    w.add("ka" if c.female else "")
    w.add(": ")
    _name(w, c.p, r.choice(["last_first", "upper", "full"]), "pl_karta")
    w.add("   PESEL: ")
    w.phi(c.natid if c.region == "pl" else _pesel(r, c.dob, c.female), "natid", "natid:pesel")
    w.add("\nData urodzenia: ")
    _date(w, c.dob, _DSTY["pl"])
    w.add(" r.   Wiek: ")
    if c.age > 89 and r.random() < 0.3:
        w.phi(_lang_words("pl", c.age), "age", "age:pl_words")
    else:
        _age(w, c.age, str(c.age), "pl_lat")
    w.add(" lat\nAdres: ")
    _addr_lines(w, c.addr, "pl_karta")
    w.add("\nTel. kontaktowy: ")
    _ph(w, c.phone)
    w.add("   Osoba upoważniona: ")
    _name(w, c.kin, "full", "pl_upowazniona")
    w.add(" (")
    _ph(w, c.kin_phone)
    w.add(")\nHospitalizacja: ")
    _range(w, c.admit, r.randint(4, 20), "pl")
    w.add("\n\nRozpoznanie: ")
    _icd(w, "hf")
    w.add(" niewydolność serca. Od ")
    _month_year(w, c.event - timedelta(days=60), "pl")
    w.add(" narastające obrzęki.\nBadania: ")
    _lab(w, "NT-proBNP", 900, 9900, "pg/ml", 0)
    w.add("; ")
    _lab(w, "kreatynina", 0.7, 2.9, "mg/dl", 2)
    w.add("; ")
    _lab(w, "K", 3.1, 5.9, "mmol/l")
    w.add("; EKG: AF ")
    w.keep(f"{r.randint(60, 140)}/min", "heart_rate")
    w.add("\nZalecenia: ")
    _dose(w, "Furosemid", ["40 mg", "20 mg"], "1-0-0")
    w.add(", ")
    _dose(w, "Bisoprolol", ["2,5 mg", "5 mg"], "rano")
    w.add(". Kontrola w poradni ")
    _date(w, c.visit + timedelta(days=r.randint(14, 40)), r.choice(["dot0", "roman", "pl_long"]))
    w.add(" r.\nUbezpieczenie: ")
    w.phi(c.plan if c.region == "pl" else _plan_no(r, "pl"), "plan", "plan:pl_nfz")
    w.add("\n\nlek. med. ")
    _name(w, _person(r, "pl"), "full", "pl_lekarz")
    w.add(", nr PWZ ")
    w.phi(_license(r, "pl")[0], "license", "license:pwz")
    w.add("\n")


def _br_relatorio(w: _W, c: _Case) -> None:
    """Brazilian medical report for an insurer."""
    r = w.r
    w.add("RELATÓRIO MÉDICO\n\nPaciente: ")
    _name(w, c.p, r.choice(["full", "upper"]), "br_relatorio")
    w.add("\nCPF: ")
    w.phi(c.natid if c.region == "br" else _cpf(r), "natid", "natid:cpf")
    w.add("   RG: ")
    w.phi(f"{_d(r, 2)}.{_d(r, 3)}.{_d(r, 3)}-{r.choice('0123456789X')}", "natid", "natid:br_rg")
    w.add("   Cartão SUS: ")
    w.phi(c.plan if c.region == "br" else _cns(r), "plan", "plan:br_cns")
    w.add("\nNascimento: ")
    _date(w, c.dob, _DSTY["br"])
    w.add(" (")
    if c.age > 89 and r.random() < 0.4:
        w.phi(_lang_words("pt", c.age), "age", "age:pt_words")
    else:
        _age(w, c.age, str(c.age), "pt_anos")
    w.add(" anos)   Prontuário: ")
    w.phi(c.mrn, "mrn", "mrn:br_prontuario")
    w.add("\nEndereço: ")
    _addr_lines(w, c.addr, "br")
    w.add("\nCelular/WhatsApp: ")
    _ph(w, c.phone)
    w.add("\n\nPaciente deu entrada em ")
    w.add(f"{_wd('pt', c.admit)}, ")
    _date(w, c.admit, r.choice(["pt_long", "dmY"]))
    w.add(", trazida pelo SAMU (viatura placa ")
    pl = _plate(r, "br")
    w.phi(pl[0], "plate", "plate:br_samu")
    w.add(") após queda da própria altura. TC de crânio (laudo ")
    w.phi(f"{_d(r, 4)}.{_d(r, 6)}", "accession", "accession:br_laudo")
    w.add(") sem alterações agudas. Glicemia ")
    w.keep(str(r.randint(70, 320)), "lab_value")
    w.add(" mg/dL, PA ")
    w.keep(f"{r.randint(9, 18)}x{r.randint(5, 10)}", "blood_pressure")
    w.add(" mmHg. ")
    w.keep(str(r.randint(2, 8)), "days")
    w.add(" dias de internação.\nAcompanhante: ")
    _name(w, c.kin, r.choice(["full", "given"]), "br_acompanhante")
    w.add(", tel. ")
    _ph(w, c.kin_phone)
    w.add("\nSolicito remoção aérea em ")
    _date(w, c.visit, r.choice(["dmy2", "pt_abbr"]))
    w.add(".\n\n")
    w.add(r.choice(["São Paulo", "Salvador", "Recife"]))
    w.add(", ")
    _date(w, c.visit - timedelta(days=1), "pt_long")
    w.add("\nDr(a). ")
    _name(w, _person(r, "br"), "full", "br_medico")
    w.add(" — ")
    w.phi(_license(r, "br")[0], "license", "license:crm")
    w.add("\n")


def _in_discharge(w: _W, c: _Case) -> None:
    """Indian discharge summary (English)."""
    r = w.r
    w.add("DISCHARGE SUMMARY\n")
    w.add(r.choice(["Sri Venkateswara Multispeciality Hospital", "Lakeview Heart Institute"]))
    w.add("\nUHID: ")
    w.phi(f"UHID{_d(r, 8)}", "mrn", "mrn:in_uhid")
    w.add("   IP No: ")
    w.phi(f"IP/{c.visit.year % 100}/{_d(r, 5)}", "mrn", "mrn:in_ip_no")
    w.add("\nName: ")
    title = r.choice(["Smt.", "Mrs."]) if c.female else r.choice(["Shri", "Mr."])
    w.add(f"{title} ")
    _name(w, c.p, r.choice(["upper", "initials_in", "full"]), "in_summary")
    w.add("   Age/Sex: ")
    _age(w, c.age, f"{c.age}", "in_age_sex")
    w.add("Y/" + ("F" if c.female else "M"))
    w.add("\n")
    w.add("W/o " if c.female else "S/o ")
    _name(w, c.kin, "upper", "in_relation")
    w.add("\nAddress: ")
    _addr_lines(w, c.addr, "in")
    w.add("\nMobile: ")
    _ph(w, c.phone)
    w.add("   Aadhaar: ")
    w.phi(c.natid if c.region == "in" else _aadhaar(r), "natid", "natid:aadhaar")
    w.add("   PAN: ")
    w.phi(_pan(r, c.p), "natid", "natid:pan")
    w.add("\nDOA: ")
    _date(w, c.admit, _DSTY["in"])
    w.add("   DOD: ")
    _date(w, c.visit, _DSTY["in"])
    w.add("\nTPA/Insurer ID: ")
    w.phi(c.plan if c.region == "in" else _plan_no(r, "in"), "plan", "plan:in_tpa")
    w.add("   Claim No.: ")
    w.phi(f"CLM{_d(r, 10)}", "account", "account:in_claim")
    w.add("\n\nDiagnosis: Acute inferior wall MI (")
    _icd(w, "mi")
    w.add("). CAG done on ")
    _date(w, c.admit + timedelta(days=1), r.choice(["ordinal_of", "dd-Mon-yy"]))
    w.add(": ")
    w.keep(f"{r.choice([70, 80, 90, 99])}%", "stenosis_percent")
    w.add(" RCA lesion, PTCA with DES (stent lot ")
    w.keep(f"{_up(r, 2)}{_d(r, 5)}", "lot_number")
    w.add(", pacemaker s/n ")
    w.phi(f"PJN{_d(r, 6)}{_up(r, 1)}", "serial", "serial:in_device")
    w.add(").\nInvestigations: ")
    _lab(w, "Trop I", 0.1, 45, "ng/mL", 2)
    w.add(", ")
    _lab(w, "HbA1c", 5.2, 11.5, "%")
    w.add(", ")
    _lab(w, "Creat", 0.6, 2.4, "mg/dL", 2)
    w.add("\nAdvice on discharge: ")
    _dose(w, "Tab. Ecosprin", ["75 mg", "150 mg"], "OD")
    w.add(", ")
    _dose(w, "Tab. Clopilet", ["75 mg"], "OD x 1 yr")
    w.add(". Review on ")
    _date(w, c.visit + timedelta(days=r.randint(7, 21)), r.choice(["in_dash", "ordinal_Y"]))
    w.add(" with Dr ")
    _name(w, _person(r, "in"), r.choice(["western", "initial_last"]), "in_consultant")
    w.add(" (Reg. ")
    w.phi(_license(r, "in")[0], "license", "license:in_kmc")
    w.add(").\nReports online: ")
    w.phi(f"http://{_ipv4(r)}/lis/report.aspx?uhid={_d(r, 8)}", "url", "url:in_lis")
    w.add("\n")


def _th_fax(w: _W, c: _Case) -> None:
    """OCR of a faxed Thai hospital medical certificate (bilingual, noisy)."""
    r = w.r
    fax_from = _phone(r, "th")
    w.add(f"{_tm(r)}  ")
    _date(w, c.visit, r.choice(["th_slash", "dMonY", "mdY"]))
    w.add("  FROM: ")
    _ph(w, fax_from, "fax")
    w.add(f"   P.00{r.randint(1, 3)}/00{r.randint(3, 5)}\n")
    w.ocr = 0.04
    w.add("ใบรับรองแพทย์ / MEDICAL CERTIFICATE\n")
    w.add(r.choice(["Bangkok Phuket Hospital", "Chiang Mai Ram Hospital", "Samitivej Sukhumvit"]))
    w.add("\nHN: ")
    w.phi(f"{_d(r, 2)}-{_d(r, 2)}-{_d(r, 6)}", "mrn", "mrn:th_hn")
    w.add("  AN: ")
    w.phi(f"{_d(r, 2)}-{_d(r, 6)}", "mrn", "mrn:th_an")
    w.add("\nชื่อ / Name: ")
    if c.region == "th":
        w.add("นาง " if c.female else "นาย ")
        _name(w, c.p, "native", "th_fax")
        w.add(" (")
        _name(w, c.p, "upper", "th_fax_latin")
        w.add(")  ชื่อเล่น ")
        _name(w, c.p, "nick", "th_fax")
        w.add("\nเลขประจำตัวประชาชน: ")
        w.phi(c.natid, "natid", "natid:thai_id")
    else:
        _name(w, c.p, r.choice(["upper", "slash", "last_first"]), "th_fax_foreign")
        w.add("\nPassport No.: ")
        w.phi(c.passport, "natid", f"natid:passport_{c.region}_th")
        w.add("   Nationality: ")
        w.add(c.region.upper())
    w.add("\nอายุ / Age: ")
    _age(w, c.age, str(c.age), "th_pi")
    w.add(" ปี / years\nAdmitted: ")
    _date(w, c.admit, r.choice(["th_be", "th_long", "dMonY"]))
    w.add("\nDiagnosis: ")
    _icd(w, "pneumonia")
    w.add(" Pneumonia, sepsis. CXR acc. ")
    w.phi(f"CR{_d(r, 8)}", "accession", "accession:th_cxr")
    w.add("\nWBC ")
    w.keep(f"{r.uniform(4, 25):.1f}", "lab_value")
    w.add(" x10^3, Temp ")
    w.keep(f"{r.uniform(36.5, 40.2):.1f}", "temperature")
    w.add(" C, SpO2 ")
    w.keep(f"{r.randint(85, 98)}%", "spo2")
    w.add("\nCurrently on ")
    _dose(w, "Meropenem", ["1 g", "500 mg"], "IV q8h")
    w.add(", fit to fly with medical escort from ")
    _date(w, c.visit + timedelta(days=r.randint(2, 6)), r.choice(["th_be", "dMonY"]))
    w.add("\nLocal contact: ")
    _addr_lines(w, _address(r, "th"), "th_hotel")
    w.add("  โทร ")
    _ph(w, _phone(r, "th"))
    w.add("\nแพทย์ผู้ตรวจ / Physician: ")
    doc = _person(r, "th")
    _name(w, doc, r.choice(["native", "western"]), "th_doctor")
    w.add("  ")
    w.phi(_license(r, "th")[0], "license", "license:thai_mc")
    w.ocr = 0.0
    w.add("\n--- Please reply to fax ")
    _ph(w, fax_from, "fax")
    w.add(" or ")
    w.phi(
        f"intl.{r.choice(['desk', 'office', 'ipc'])}@hosp.example.co.th", "email", "email:th_desk"
    )
    w.add(" ---\n")


def _voicemail(w: _W, c: _Case) -> None:
    """Machine transcript of a voicemail left on the assistance line (US caller)."""
    r = w.r
    w.add("VOICEMAIL TRANSCRIPT (auto, confidence ")
    w.keep(f"0.{r.randint(61, 97)}", "asr_confidence")
    w.add(")  line ")
    w.keep(f"ext {r.randint(200, 499)}", "extension")
    w.add("  received ")
    _date(w, c.event + timedelta(days=1), r.choice(["mdY", "us_abbr"]))
    w.add(f" {_tm(r)}\n\n")
    w.add("hi um this is ")
    _name(w, c.kin, r.choice(["western", "lower"]), "vm_caller")
    w.add(" calling about my ")
    w.add("mother" if c.female else "father")
    w.add(" ")
    _name(w, c.p, r.choice(["western", "lower"]), "vm_patient")
    w.add(" uh she's" if c.female else " uh he's")
    w.add(" on the cruise and they took ")
    w.add("her" if c.female else "him")
    w.add(" off in ")
    w.add(r.choice(["Naples", "Lisbon", "Cartagena", "Piraeus"]))
    w.add(" on the ")
    _date(w, c.event, "ordinal_of")
    w.add(" ")
    if c.age > 89:
        w.add("and ")
        w.add("she's" if c.female else "he's")
        w.add(" ")
        w.phi(_en_words(c.age), "age", "age:vm_words_en")
        w.add(" so we're worried ")
    w.add("the policy number is ")
    spoken = " ".join(c.plan.replace("-", " "))
    w.phi(c.plan if r.random() < 0.5 else spoken, "plan", "plan:vm_policy")
    w.add(" and ")
    w.add("her" if c.female else "his")
    w.add(" social is ")
    ssn = c.natid if c.region == "us" else _ssn(r)
    w.phi(ssn, "ssn", "ssn:vm_social")
    w.add(" born ")
    _date(w, c.dob, r.choice(["us_long", "mdy"]))
    w.add(" um you can call me back at ")
    _ph(w, c.kin_phone if c.region == "us" else _phone(r, "us"))
    w.add(" or my cell ")
    _ph(w, _phone(r, "us"))
    w.add(" anytime thanks bye\n\n[end of message, ")
    w.keep(f"{r.randint(38, 140)} s", "duration")
    w.add("]\n")


def _census_tsv(w: _W, c: _Case) -> None:
    """Open-cases census pasted as TSV (several insureds, no single subject)."""
    r = w.r
    w.add("file_no\tinsured\tnat\tdob\tage\tpolicy\thospital_mrn\tadmitted\tlos_days\tcost_eur\n")
    for _ in range(r.randint(4, 7)):
        reg = r.choice(_REGIONS)
        x = _case(r, reg)
        w.phi(x.file_no, "account", "account:tsv_file")
        w.add("\t")
        _name(w, x.p, r.choice(["last_first", "slash", "comma"]), "tsv")
        w.add(f"\t{reg.upper()}\t")
        _date(w, x.dob, r.choice(["iso", "dot0", "dmY", "compact"]))
        w.add("\t")
        _age(w, x.age, str(x.age), "tsv_cell")
        w.add("\t")
        w.phi(x.plan, "plan", "plan:tsv")
        w.add("\t")
        w.phi(x.mrn, "mrn", "mrn:tsv")
        w.add("\t")
        _date(w, x.admit, "iso")
        w.add("\t")
        w.keep(str(r.randint(1, 30)), "length_of_stay")
        w.add("\t")
        w.keep(f"{r.randint(800, 95000)}.{_d(r, 2)}", "cost_amount")
        w.add("\n")
    w.add(f"# rows exported by op{r.randint(10, 99)} from ")
    w.phi(_ipv4(r), "ip", "ip:tsv_footer")
    w.add("\n")


def _claims_jsonl(w: _W, c: _Case) -> None:
    """Claims batch as JSON lines (several claimants)."""
    r = w.r
    for _ in range(r.randint(3, 5)):
        reg = r.choice(_REGIONS)
        x = _case(r, reg)
        rec: list[tuple[str, str, str, str]] = [
            ("claim_id", f"CLM-{x.visit.year}-{_d(r, 6)}", "account", "account:jsonl_claim"),
            ("claimant", x.p.full(), "name", "name:jsonl_claimant"),
            ("dob", x.dob.isoformat(), "date", "date:jsonl_iso"),
            (
                "national_id",
                x.natid,
                "ssn" if reg == "us" else "natid",
                f"natid:jsonl_{x.natid_form}",
            ),
            ("phone", x.phone[0], "phone", f"phone:{x.phone[1]}"),
            ("invoice", f"INV/{_d(r, 5)}/{x.visit.year % 100}", "account", "account:jsonl_invoice"),
            ("service_date", _fmt(x.admit, "compact"), "date", "date:jsonl_compact"),
            ("icd10", r.choice(_ICD), "~", "icd10"),
            ("amount", f"{r.randint(120, 48000)}.{_d(r, 2)}", "~", "cost_amount"),
            ("currency", r.choice(["EUR", "JPY", "INR", "BRL", "THB", "USD"]), "", ""),
            ("submitted_from", _ipv4(r), "ip", "ip:jsonl"),
        ]
        if reg == "us":
            rec[3] = ("national_id", x.natid, "ssn", "ssn:jsonl")
        w.add("{")
        for i, (k, v, kind, form) in enumerate(rec):
            w.add(("" if i == 0 else ", ") + f'"{k}": ')
            enc = json.dumps(v, ensure_ascii=r.random() < 0.3)
            if kind in ("", "~") and not form:
                w.add(enc)
                continue
            w.add('"')
            inner = enc[1:-1]
            if kind == "~":
                w.keep(inner, form)
            else:
                w.phi(inner, kind, form + ("_escaped" if inner != v else ""))
            w.add('"')
        w.add("}\n")


def _de_arztbrief(w: _W, c: _Case) -> None:
    """German discharge letter to the family doctor."""
    r = w.r
    w.add("Klinik für Geriatrie und Frührehabilitation\n")
    w.add("Frau Dr. med. " if r.random() < 0.5 else "Herrn Dr. med. ")
    gp = _person(r, "de")
    _name(w, gp, "full", "de_hausarzt")
    w.add("\n")
    _addr_lines(w, _address(r, "de"), "de_praxis", "\n")
    w.add("\n\n")
    w.add(r.choice(["München", "Lüneburg", "Bad Tölz"]))
    w.add(", den ")
    _date(w, c.visit, r.choice(["dot0", "de_long"]))
    w.add("\n\nSehr geehrte Frau Kollegin, sehr geehrter Herr Kollege,\n\nwir berichten über ")
    w.add("Ihre Patientin, Frau " if c.female else "Ihren Patienten, Herrn ")
    _name(w, c.p, r.choice(["full", "family"]), "de_brief")
    w.add(", geb. ")
    _date(w, c.dob, _DSTY["de"])
    w.add(", wohnhaft ")
    _addr_lines(w, c.addr, "de_brief")
    w.add(", die sich vom " if c.female else ", der sich vom ")
    _range(w, c.admit, r.randint(6, 21), "de")
    w.add(" in unserer stationären Behandlung befand (Fall-Nr. ")
    w.phi(f"{c.visit.year % 100}{_d(r, 7)}", "account", "account:de_fallnr")
    w.add(", Pat.-ID ")
    w.phi(c.mrn, "mrn", "mrn:de_patid")
    w.add(").\n\nDiagnosen: Sturz mit Femurfraktur (")
    _icd(w, "fracture")
    w.add("), Z.n. Rückreise aus dem Ausland.\n")
    w.add("Die ")
    if c.age > 89 and r.random() < 0.4:
        w.phi(_lang_words("de", c.age), "age", "age:de_words")
        w.add("jährige")
    else:
        _age(w, c.age, str(c.age), "de_jaehrige")
        w.add("-jährige")
    w.add(" Patientin" if c.female else "r Patient")
    w.add(" wurde am ")
    w.add(f"{_wd('de', c.admit)}, ")
    _date(w, c.admit, r.choice(["de_dm", "de_dot"]))
    w.add(" per Ambulanzflug übernommen. Barthel-Index ")
    w.keep(str(r.choice([20, 35, 45, 60, 75])), "barthel_score")
    w.add(" Punkte, MMSE ")
    w.keep(f"{r.randint(12, 29)}/30", "mmse_score")
    w.add(".\nLabor: ")
    _lab(w, "Hb", 8.0, 13.5, "g/dl")
    w.add(", ")
    _lab(w, "CRP", 1, 140, "mg/l", 0)
    w.add(", ")
    _lab(w, "Natrium", 125, 146, "mmol/l", 0)
    w.add("\nMedikation: ")
    _dose(w, "Apixaban", ["2,5 mg"], "1-0-1")
    w.add(", ")
    _dose(w, "Metamizol", ["500 mg", "1 g"], "bei Bedarf")
    w.add("\n\nKrankenversichertennr. ")
    w.phi(c.plan if c.region == "de" else _plan_no(r, "de"), "plan", "plan:de_kvnr")
    w.add(", Steuer-ID lt. Pflegekasse ")
    w.phi(c.natid if c.region == "de" else _steuer_id(r), "natid", "natid:de_steuer_id")
    w.add(", Personalausweis ")
    w.phi(_perso(r), "natid", "natid:de_perso")
    w.add("\nAngehörige: ")
    _name(w, c.kin, r.choice(["comma", "full"]), "de_angehoerige")
    w.add(", Tel. ")
    _ph(w, c.kin_phone)
    w.add("\n\nMit freundlichen kollegialen Grüßen\n\nDr. med. ")
    _name(w, c.doc, "full", "de_oberarzt")
    w.add(" (Oberarzt, ")
    w.phi(_license(r, "de")[0], "license", "license:lanr")
    w.add(")\n")


def _it_scheda(w: _W, c: _Case) -> None:
    """Italian emergency-dispatch (118) run sheet."""
    r = w.r
    w.add("CENTRALE OPERATIVA 118 — SCHEDA DI SOCCORSO n. ")
    w.phi(f"{c.event.year}/{_d(r, 6)}", "account", "account:it_scheda")
    w.add("\nData: ")
    _date(w, c.event, r.choice(["dmY", "it_long", "roman_sp"]))
    call, arrive = _clock(r, 2)
    w.add(f"  ora chiamata {call}  arrivo sul posto {arrive}\n")
    w.add("Luogo: ")
    _addr_lines(w, _address(r, "it"), "it_luogo")
    w.add("\nPaziente: ")
    _name(w, c.p, r.choice(["last_first", "upper", "full"]), "it_scheda")
    w.add(", ")
    w.add("nata" if c.female else "nato")
    w.add(" il ")
    _date(w, c.dob, _DSTY["it"])
    w.add(", anni ")
    if c.age > 89 and r.random() < 0.4:
        w.phi(_lang_words("it", c.age), "age", "age:it_words")
    else:
        _age(w, c.age, str(c.age), "it_anni")
    w.add("\nDocumento: passaporto ")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}_it")
    w.add(" — turista, alloggiato presso ")
    w.add(r.choice(["Hotel Miramare", "B&B La Pergola", "Albergo Centrale"]))
    w.add("\nDinamica: investimento pedone, veicolo coinvolto targa ")
    pl = _plate(r, r.choice(["it", "de", "fr", "nl"]))
    w.phi(pl[0], "plate", f"plate:it_scheda_{pl[1]}")
    w.add(", conducente ")
    _name(w, _person(r, "it"), "full", "it_conducente")
    w.add(" patente ")
    w.phi(f"{_up(r, 2)}{_d(r, 7)}{_up(r, 1)}", "license", "license:it_patente")
    w.add("\nParametri: PA ")
    w.keep(f"{r.randint(80, 170)}/{r.randint(40, 100)}", "blood_pressure")
    w.add(", FC ")
    w.keep(str(r.randint(50, 130)), "heart_rate")
    w.add(", SpO2 ")
    w.keep(f"{r.randint(86, 99)}%", "spo2")
    w.add(", GCS ")
    w.keep(str(r.randint(8, 15)), "gcs")
    w.add(", codice ")
    w.keep(r.choice(["ROSSO", "GIALLO", "VERDE"]), "triage_code")
    w.add("\nMonitor defibrillatore matr. ")
    w.phi(f"{_up(r, 3)}{_d(r, 7)}", "serial", "serial:it_defib")
    w.add("\nTrasportato a ")
    w.add(r.choice(["Ospedale del Mare", "Papa Giovanni XXIII", "Vito Fazzi"]))
    w.add(", mezzo ")
    w.keep(f"MSA {r.randint(1, 40)}", "ambulance_unit")
    w.add(". Familiare avvisato: ")
    _name(w, c.kin, "full", "it_familiare")
    w.add(" al ")
    _ph(w, c.kin_phone)
    w.add("\nMedico 118: dott. ")
    _name(w, _person(r, "it"), r.choice(["full", "initial_last"]), "it_medico")
    w.add(", iscr. albo n. ")
    w.phi(_license(r, "it")[0], "license", "license:it_albo")
    w.add("\n")


def _gop_letter(w: _W, c: _Case) -> None:
    """Guarantee-of-payment letter from the assistance company to a hospital (English)."""
    r = w.r
    w.add("GUARANTEE OF PAYMENT\n\nTo: Billing Department, ")
    w.add(_HOSP[c.host])
    w.add("\nFax: ")
    _ph(w, _phone(r, c.host), "fax")
    w.add("\nDate: ")
    _date(w, c.admit, r.choice(["ordinal_Y", "dMonY", "iso"]))
    w.add("\nOur ref: ")
    w.phi(c.file_no, "account", "account:gop_ref")
    w.add("   Your ref (hospital no.): ")
    w.phi(c.mrn, "mrn", "mrn:gop_hospital")
    w.add("\n\nRe: ")
    _name(w, c.p, r.choice(["last_first", "upper", "full"]), "gop_re")
    w.add(", born ")
    _date(w, c.dob, _DSTY[c.region])
    w.add(", ")
    if c.age > 89:
        w.add("aged ")
        w.phi(str(c.age), "age", "age:gop_aged")
    else:
        w.add("aged ")
        w.keep(str(c.age), "age<=89:gop_aged")
    w.add(", passport ")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}_gop")
    w.add(", policy ")
    w.phi(c.plan, "plan", "plan:gop_policy")
    w.add("\n\nWe hereby guarantee payment of medically necessary treatment for the above insured ")
    w.add("from ")
    _date(w, c.admit, r.choice(["dMonY", "iso"]))
    w.add(" up to ")
    w.keep(f"{r.choice(['USD', 'EUR', 'JPY', 'THB'])} {r.randint(2, 90)},000", "cost_amount")
    w.add(" excluding a deductible of ")
    w.keep(f"{r.choice([50, 100, 150, 250])}", "deductible")
    w.add(". Please send the itemised invoice, discharge summary and ")
    w.add(r.choice(["CT report", "operative notes", "lab results"]))
    w.add(" to ")
    w.phi(
        f"gop.{r.choice(['eu', 'apac', 'latam'])}@assist.example.net", "email", "email:gop_claims"
    )
    w.add(" or upload at ")
    w.phi(
        f"https://upload.assist.example.net/{c.file_no.replace('.', '-')}", "url", "url:gop_upload"
    )
    w.add(".\nHome address on file: ")
    _addr_lines(w, c.addr, "gop")
    w.add("\nHome contact: ")
    _name(w, c.kin, "western", "gop_contact")
    w.add(" ")
    _ph(w, c.kin_phone)
    w.add("\n\nCase manager: ")
    _name(w, c.doc, r.choice(["full", "initial_last"]), "gop_manager")
    w.add(", direct ")
    _ph(w, _phone(r, r.choice(["de", "nl", "fr"])))
    w.add("\nThis guarantee is void if the policy is found not valid on ")
    _date(w, c.event, r.choice(["dMonY", "ordinal_Y"]))
    w.add(".\n")


def _transfer_yaml(w: _W, c: _Case) -> None:
    """Air-ambulance transfer order as YAML."""
    r = w.r
    w.add("transfer_order:\n  mission: ")
    w.phi(f"AA-{c.visit.year}-{_d(r, 4)}", "account", "account:yaml_mission")
    w.add("\n  date: ")
    _date(w, c.visit, "iso")
    w.add(f'\n  etd_utc: "{_tm(r)}"\n  aircraft: ')
    w.keep(r.choice(["Learjet 45", "Challenger 604", "King Air 350"]), "aircraft_type")
    w.add("\n  tail: ")
    w.keep(r.choice(["D-C", "OO-", "HB-V", "PH-"]) + _up(r, 3), "aircraft_registration")
    w.add('\n  patient:\n    name: "')
    _name(w, c.p, r.choice(["comma", "slash", "full"]), "yaml_patient")
    w.add('"\n    dob: ')
    _date(w, c.dob, r.choice(["iso", "dmY"]))
    w.add("\n    age: ")
    _age(w, c.age, str(c.age), "yaml_age")
    w.add("\n    weight_kg: ")
    w.keep(str(r.randint(40, 110)), "body_weight")
    w.add("\n    id_doc: ")
    if r.random() < 0.5:
        w.phi(c.passport, "natid", f"natid:passport_{c.region}_yaml")
    elif c.region == "us":
        w.phi(c.natid, "ssn", "ssn:yaml_id")
    else:
        w.phi(c.natid, "natid", f"natid:{c.natid_form}_yaml")
    w.add("\n    diagnosis: ")
    _icd(w)
    w.add("\n    oxygen_lpm: ")
    w.keep(str(r.choice([0, 2, 4, 6])), "o2_flow")
    w.add("\n    ventilator_sn: ")
    w.phi(f"{_up(r, 2)}{_d(r, 8)}", "serial", "serial:yaml_ventilator")
    w.add("\n  pickup:\n    hospital_mrn: ")
    w.phi(c.mrn, "mrn", "mrn:yaml_pickup")
    w.add("\n    contact: ")
    _ph(w, _phone(r, c.host))
    w.add('\n  delivery:\n    address: "')
    _addr_lines(w, c.addr, "yaml")
    w.add('"\n    receiving_physician: ')
    _name(w, _person(r, c.region), "western", "yaml_receiving")
    w.add("\n    license: ")
    lic = _license(r, c.region)
    w.phi(lic[0], "license", f"license:{lic[1]}_yaml")
    w.add("\n  escort:\n    - name: ")
    _name(w, c.kin, "western", "yaml_escort")
    w.add("\n      phone: ")
    _ph(w, c.kin_phone)
    w.add("\n  telemetry_uplink: ")
    w.phi(f"[{_ipv6(r)}]:{r.randint(1024, 65000)}", "ip", "ip:yaml_uplink")
    w.add("\n")


# the order cycles through the list; the region is the subject's
_DOCS: tuple[tuple[str, str, Callable[[_W, _Case], None]], ...] = (
    ("case_log_de", "de", _case_log),
    ("medif_fr", "fr", _medif_fr),
    ("jp_referral", "jp", _jp_referral),
    ("xml_export_it", "it", _xml_export),
    ("chat_nl", "nl", _chat_nl),
    ("census_tsv", "us", _census_tsv),
    ("pl_karta", "pl", _pl_karta),
    ("br_relatorio", "br", _br_relatorio),
    ("in_discharge", "in", _in_discharge),
    ("th_fax_th", "th", _th_fax),
    ("voicemail_us", "us", _voicemail),
    ("claims_jsonl", "us", _claims_jsonl),
    ("de_arztbrief", "de", _de_arztbrief),
    ("it_scheda", "it", _it_scheda),
    ("gop_letter_in", "in", _gop_letter),
    ("transfer_yaml_nl", "nl", _transfer_yaml),
    ("th_fax_us", "us", _th_fax),
    ("case_log_jp", "jp", _case_log),
    ("gop_letter_br", "br", _gop_letter),
    ("transfer_yaml_pl", "pl", _transfer_yaml),
)
_NO_SUBJECT = {"census_tsv", "claims_jsonl"}


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc in _NO_SUBJECT or r.random() < 0.15:
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
_NUM_WORDS = {_en_words(a): a for a in range(40, 102)}
for _lang in ("de", "fr", "it", "pt", "nl", "pl", "ja"):
    _NUM_WORDS.update({_lang_words(_lang, a): a for a in range(90, 102)})


def _age_value(s: str) -> int | None:
    digits = re.match(r"\d+", s)
    if digits:
        return int(digits.group())
    return _NUM_WORDS.get(s.lower())


def _self_check() -> list[str]:
    problems = []
    d = date(2021, 3, 9)
    if _fmt(d, "jp_era") != "令和3年3月9日" or _fmt(date(1931, 4, 12), "jp_era_abbr") != "S6.4.12":
        problems.append("Japanese era dates are off")
    if _fmt(d, "th_be") != "9 มี.ค. 2564" or _fmt(d, "roman") != "9.III.2021":
        problems.append("date formatting is off")
    if _fmt(d, "pl_long") != "9 marca 2021" or _fmt(date(2021, 3, 1), "fr_long") != "1er mars 2021":
        problems.append("date formatting is off")
    if (
        _lang_words("de", 93) != "dreiundneunzig"
        or _lang_words("fr", 97) != "quatre-vingt-dix-sept"
    ):
        problems.append("number words are off")
    if _lang_words("it", 98) != "novantotto" or _lang_words("nl", 92) != "tweeënnegentig":
        problems.append("number words are off")
    r = random.Random(0)
    pesel = _pesel(r, date(1931, 4, 12), True)
    wts = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1)
    if sum(int(a) * b for a, b in zip(pesel, wts, strict=True)) % 10 or int(pesel[9]) % 2:
        problems.append("PESEL is off")
    bsn = _bsn(r)
    if (sum(int(a) * (9 - i) for i, a in enumerate(bsn[:8])) - int(bsn[8])) % 11:
        problems.append("BSN is off")
    cpf = _cpf(r, False)
    s = sum(int(a) * (10 - i) for i, a in enumerate(cpf[:9]))
    if int(cpf[9]) != (0 if s % 11 < 2 else 11 - s % 11):
        problems.append("CPF is off")
    nir = _nir(r, date(1931, 4, 12), True).replace(" ", "")
    if nir[5:7] != "2A" and (int(nir[:13]) + int(nir[13:])) % 97:
        problems.append("NIR key is off")
    th = _thai_id(r).replace("-", "")
    if (11 - sum(int(a) * (13 - i) for i, a in enumerate(th[:12])) % 11) % 10 != int(th[12]):
        problems.append("Thai id check digit is off")
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
        title="held-out style 18",
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
