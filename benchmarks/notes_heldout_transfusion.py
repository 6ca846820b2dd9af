"""A twelfth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run.

The theme, document types, layouts and countries are not described here on purpose, so that
whoever scores this style stays blind to them; read the generator functions for the details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, states, provinces, countries, bare years,
facility and payer names, product and component codes, blood groups and phenotypes, lab values,
vital signs, doses, volumes, device models, lot numbers, expiry dates of products, scores,
counts and ages of 89 or under never labelled (the planted ones are recorded as look-alikes);
every calendar date about a person is a ``date`` (a range is one span); ages labelled only over
89 (digits or words, the number only). An address is split into street line, city / district
spans and a separate ``zip`` span. Kinds: ``name date age phone fax email address zip ssn natid
mrn account plan license plate serial ip url accession``. ``ssn`` is a US Social Security number
only; ``natid`` another country's national number or a passport; ``mrn`` record numbers held by
a hospital, clinic or donor service (donor ids too); ``account`` claim, case, ticket-linked
incident and billing numbers; ``plan`` health-insurance / social-insurance member numbers;
``license`` clinicians' registration numbers and drivers' licences; ``serial`` device serials;
``accession`` specimen, unit / donation and laboratory numbers. About a quarter of the notes
carry no patient context. Every span is tagged with the phrasing it was written in, and every
planted look-alike is recorded.

    python benchmarks/notes_heldout_transfusion.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_transfusion.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_transfusion.py               # 300 notes, seed 9980
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_heldout_dictation import LabelledNote  # noqa: E402
from notes_heldout_harness import check_labels, run_style  # noqa: E402
from notes_heldout_harness import score_and_report as harness_score  # noqa: E402

DEFAULT_SEED = 9980
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
    ages: list[tuple[int, int, int]] = field(default_factory=list)
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
        self.ages: list[tuple[int, int, int]] = []

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

    def col(self) -> int:
        text = "".join(self.parts[-60:])
        i = text.rfind("\n")
        return len(text) - i - 1 if i >= 0 else self.n

    def pad(self, width: int, ch: str = " ") -> None:
        self.add(ch * max(1, width - self.col()))

    def text(self) -> str:
        return "".join(self.parts)


# (text, kind or "" for plain or "~" for a look-alike, form)
_Seg = tuple[str, str, str]


def _emit(w: _W, segs: Sequence[_Seg]) -> None:
    for text, kind, form in segs:
        if not kind:
            w.add(text)
        elif kind == "~":
            w.keep(text, form)
        else:
            w.phi(text, kind, form)


def _seglen(segs: Sequence[_Seg]) -> int:
    return sum(len(t) for t, _, _ in segs)


# --------------------------------------------------------------------------- people

# (female given, male given, family, order "w" given-family / "e" family-given)
_TRAD: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "ph": (
        ("Maricel", "Rowena", "Jocelyn", "Analyn", "Divina", "Luzviminda"),
        ("Rodrigo", "Jerome", "Ernesto", "Romeo", "Danilo", "Bienvenido"),
        ("Dimaculangan", "Macapagal", "Bautista", "Villareal", "Panganiban", "Sison"),
        "w",
    ),
    "ng": (
        ("Ngozi", "Funmilayo", "Chiamaka", "Aisha", "Yetunde", "Ifeoma"),
        ("Chukwuemeka", "Olusegun", "Babatunde", "Ifeanyi", "Musa", "Adebayo"),
        ("Okonkwo", "Adeyemi", "Nwachukwu", "Balogun", "Ogunleye", "Abubakar"),
        "w",
    ),
    "eg": (
        ("Nadia", "Hoda", "Mervat", "Samira", "Rania", "Soheir"),
        ("Mahmoud", "Tarek", "Hany", "Sherif", "Ashraf", "Magdy"),
        ("El-Sayed", "Abdel-Rahman", "Mostafa", "Fahmy", "Hegazy", "Shalaby"),
        "w",
    ),
    "ma": (
        ("Fatima-Zahra", "Khadija", "Naima", "Latifa", "Saida", "Zineb"),
        ("Mohammed", "Abdelilah", "Youssef", "Hicham", "Driss", "Mustapha"),
        ("Benjelloun", "El Alaoui", "Tazi", "Bennani", "Ouazzani", "Chraibi"),
        "w",
    ),
    "il": (
        ("Tamar", "Yael", "Orit", "Miriam", "Shoshana", "Rivka"),
        ("Yitzhak", "Eitan", "Moshe", "Doron", "Shlomo", "Amnon"),
        ("Ben-David", "Mizrahi", "Peretz", "Biton", "Friedman", "Ohayon"),
        "w",
    ),
    "pk": (
        ("Nasreen", "Shazia", "Rukhsana", "Farzana", "Ayesha", "Bushra"),
        ("Imran", "Zulfiqar", "Asif", "Tariq", "Waqar", "Naveed"),
        ("Qureshi", "Chaudhry", "Butt", "Malik", "Siddiqui", "Awan"),
        "w",
    ),
    "id": (
        ("Siti Aminah", "Dewi", "Ratna", "Wulandari", "Sri Wahyuni", "Endang"),
        ("Bambang", "Agus", "Budi", "Hendra", "Joko", "Slamet"),
        ("Susanto", "Wijaya", "Hidayat", "Saputra", "Kusuma", "Nugroho"),
        "w",
    ),
    "hu": (
        ("Erzsébet", "Katalin", "Ildikó", "Zsuzsanna", "Piroska", "Ilona"),
        ("László", "Gábor", "Zoltán", "Tibor", "Ferenc", "Sándor"),
        ("Kovács", "Szabó", "Tóth", "Nagy", "Horváth", "Varga"),
        "e",
    ),
    "hr": (
        ("Ivana", "Marija", "Snježana", "Dubravka", "Vesna", "Ankica"),
        ("Tomislav", "Zvonimir", "Krešimir", "Dražen", "Ivica", "Stjepan"),
        ("Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Šarić"),
        "w",
    ),
    "pt": (
        ("Conceição", "Fernanda", "Graça", "Filomena", "Rosário", "Deolinda"),
        ("Joaquim", "Rui", "Nuno", "Manuel", "Armando", "Albino"),
        ("Gonçalves", "Rodrigues", "Magalhães", "Fonseca", "Carvalho", "Sousa"),
        "w",
    ),
    "co": (
        ("Luz Marina", "Yolanda", "Gloria", "Nelly", "Dora Inés", "Marleny"),
        ("Jairo", "Hernán", "Wilson", "Orlando", "Fabio", "Libardo"),
        ("Restrepo", "Cárdenas", "Quintero", "Ospina", "Zuluaga", "Betancur"),
        "w",
    ),
    "is": (
        ("Guðrún", "Sigríður", "Helga", "Þórunn", "Ragnheiður", "Ásdís"),
        ("Sigurður", "Gunnar", "Ólafur", "Einar", "Halldór", "Þorsteinn"),
        ("*",),
        "w",
    ),
    "lt": (
        ("Rūta", "Jūratė", "Aldona", "Danutė", "Vida", "Birutė"),
        ("Algirdas", "Vytautas", "Rimantas", "Saulius", "Kęstutis", "Arvydas"),
        ("Kazlausk", "Petrausk", "Jankausk", "Žukausk", "Vasiliausk", "Stankevič"),
        "w",
    ),
    "us": (
        ("Darlene", "Bonnie", "Marjorie", "Loretta", "Imogene", "Velma"),
        ("Virgil", "Harlan", "Clayton", "Merle", "Orville", "Dwayne"),
        ("Whitfield", "McCracken", "Ostrowski", "Delacroix", "Pennington", "Tubbs"),
        "w",
    ),
}
_IS_FATHERS = ("Jóns", "Gunnars", "Ólafs", "Sigurðar", "Einars", "Magnús", "Kristjáns")


@dataclass
class _P:
    given: str
    family: str
    female: bool
    trad: str

    @property
    def full(self) -> str:
        if _TRAD[self.trad][3] == "e":
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"


def _person(r: random.Random, trad: str, female: bool | None = None) -> _P:
    fem = r.random() < 0.55 if female is None else female
    f, m, fam, _ = _TRAD[trad]
    given = r.choice(f if fem else m)
    if trad == "is":
        family = r.choice(_IS_FATHERS) + ("dóttir" if fem else "son")
    elif trad == "lt":
        stem = r.choice(fam)
        if stem.endswith("č"):
            family = stem + ("ienė" if fem else "ius")
        else:
            family = stem + ("ienė" if fem else "as")
    else:
        family = r.choice(fam)
    return _P(given, family, fem, trad)


def _name(w: _W, p: _P, style: str, form: str = "") -> None:
    """Write a name in ``style``; each name part is its own span when separated by text."""
    f = form or style
    if style == "full":
        w.phi(p.full, "name", f"name:{f}")
    elif style == "last_first":
        w.phi(f"{p.family.upper()}, {p.given}", "name", f"name:{f}")
    elif style == "LAST^FIRST":
        w.phi(f"{p.family.upper()}^{p.given.upper()}", "name", f"name:{f}")
    elif style == "initial":
        w.phi(f"{p.given[0]}. {p.family}", "name", f"name:{f}")
    elif style == "family":
        w.phi(p.family, "name", f"name:{f}")
    elif style == "given":
        w.phi(p.given, "name", f"name:{f}")
    elif style == "upper":
        w.phi(p.full.upper(), "name", f"name:{f}")
    elif style == "lower":
        w.phi(p.full.lower(), "name", f"name:{f}")
    else:
        raise ValueError(style)


# --------------------------------------------------------------------------- dates

_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MON = [m[:3] for m in _MONTHS]
_LM = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "fr_abbr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "hu": "január február március április május június július augusztus szeptember október "
    "november december",
    "hu_abbr": "jan. febr. márc. ápr. máj. jún. júl. aug. szept. okt. nov. dec.",
    "hr": "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada "
    "studenoga prosinca",
    "is": "janúar febrúar mars apríl maí júní júlí ágúst september október nóvember desember",
    "lt": "sausio vasario kovo balandžio gegužės birželio liepos rugpjūčio rugsėjo spalio "
    "lapkričio gruodžio",
    "tl": "Enero Pebrero Marso Abril Mayo Hunyo Hulyo Agosto Setyembre Oktubre Nobyembre Disyembre",
}
_ONES = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy"}
_TENS |= {8: "eighty", 9: "ninety"}
_ORD = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()


def _lm(lang: str, d: date) -> str:
    return _LM[lang].split()[d.month - 1]


def _words(n: int) -> str:
    if n >= 100:
        return "one hundred" + ("" if n == 100 else " and " + _words(n - 100))
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    t = _TENS[n // 10]
    return t if n % 10 == 0 else f"{t}-{_ONES[n % 10]}"


def _ord_word(n: int) -> str:
    if n <= 20:
        return _ORD[n - 1]
    if n % 10 == 0:
        return _TENS[n // 10][:-1] + "ieth"
    return _TENS[n // 10] + "-" + _ORD[n % 10 - 1]


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _year_words(y: int) -> str:
    if y >= 2000:
        return "two thousand" + ("" if y == 2000 else f" and {_words(y - 2000)}")
    return f"{_words(y // 100)} {_words(y % 100) if y % 100 >= 10 else 'oh ' + _ONES[y % 10]}"


def _fmt(d: date, style: str) -> str:
    m, mon = _MONTHS[d.month - 1], _MON[d.month - 1]
    y2 = f"{d.year % 100:02d}"
    return {
        "d/m/Y": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "d/m/y": f"{d.day}/{d.month}/{y2}",
        "m/d/Y": f"{d.month}/{d.day}/{d.year}",
        "m/d/y": f"{d.month:02d}/{d.day:02d}/{y2}",
        "d.m.Y": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "d.m.y": f"{d.day}.{d.month}.{y2}",
        "d-m-Y": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "Y-m-d": d.isoformat(),
        "Y/m/d": f"{d.year}/{d.month:02d}/{d.day:02d}",
        "Y.m.d.": f"{d.year}.{d.month:02d}.{d.day:02d}.",
        "Ymd": f"{d:%Y%m%d}",
        "d-Mon-Y": f"{d.day:02d}-{mon}-{d.year}",
        "DDMONYY": f"{d.day:02d}{mon.upper()}{y2}",
        "d Mon y": f"{d.day} {mon} '{y2}",
        "en": f"{d.day} {m} {d.year}",
        "us": f"{m} {d.day}, {d.year}",
        "ord": f"{_nth(d.day)} of {m} {d.year}",
        "ord_us": f"{mon}. {_nth(d.day)}, {d.year}",
        "words": f"the {_ord_word(d.day)} of {m} {_year_words(d.year)}",
        "fr": f"{d.day} {_lm('fr', d)} {d.year}",
        "fr_1er": f"{'1er' if d.day == 1 else d.day} {_lm('fr', d)} {d.year}",
        "fr_abbr": f"{d.day} {_lm('fr_abbr', d)} {d.year}",
        "pt": f"{d.day} de {_lm('pt', d)} de {d.year}",
        "es": f"{d.day} de {_lm('es', d)} de {d.year}",
        "es_abbr": f"{d.day}-{_lm('es', d)[:3]}-{d.year}",
        "id": f"{d.day} {_lm('id', d)} {d.year}",
        "hu": f"{d.year}. {_lm('hu', d)} {d.day}.",
        "hu_abbr": f"{d.year}. {_lm('hu_abbr', d)} {d.day}.",
        "hr": f"{d.day}. {_lm('hr', d)} {d.year}.",
        "is": f"{d.day}. {_lm('is', d)} {d.year}",
        "lt": f"{d.year} m. {_lm('lt', d)} {d.day} d.",
        "tl": f"ika-{d.day} ng {_lm('tl', d)}, {d.year}",
        "month_year": f"{m} {d.year}",
    }[style]


_DATES = {
    "en": ("d/m/Y", "d/m/y", "d-Mon-Y", "en", "ord", "d Mon y", "Y-m-d", "DDMONYY"),
    "us": ("m/d/Y", "m/d/y", "us", "ord_us", "Y-m-d", "d-Mon-Y"),
    "fr": ("d/m/Y", "fr", "fr_1er", "fr_abbr", "d-m-Y", "d/m/y"),
    "pt": ("d/m/Y", "pt", "d-m-Y", "Y-m-d", "d.m.Y"),
    "es": ("d/m/Y", "es", "es_abbr", "d-m-Y", "Y/m/d"),
    "id": ("d/m/Y", "id", "d-m-Y", "d.m.y"),
    "hu": ("Y.m.d.", "hu", "hu_abbr", "Y-m-d"),
    "hr": ("d.m.Y", "hr", "d.m.y", "Y-m-d"),
    "is": ("d.m.Y", "is", "d.m.y", "Y-m-d"),
    "lt": ("Y-m-d", "lt", "Y.m.d."),
    "tl": ("tl", "us", "m/d/Y", "m/d/y"),
}


def _date(w: _W, d: date, lang: str = "en", style: str | None = None) -> None:
    s = style or w.r.choice(_DATES[lang])
    w.phi(_fmt(d, s), "date", f"date:{s}")


def _range(w: _W, a: date, days: int, lang: str = "en") -> None:
    b = a + timedelta(days=days)
    if lang == "fr":
        text, form = f"du {a.day} au {b.day} {_lm('fr', b)} {b.year}"[3:], "range_fr"
    elif lang == "es":
        text, form = f"{a.day} al {b.day} de {_lm('es', b)} de {b.year}", "range_es"
    elif lang == "pt":
        text, form = f"{a.day} a {b.day} de {_lm('pt', b)} de {b.year}", "range_pt"
    elif lang == "hu":
        text, form = f"{a.year}.{a.month:02d}.{a.day:02d}–{b.month:02d}.{b.day:02d}.", "range_hu"
    elif lang in ("hr", "is"):
        text, form = f"{a.day}.–{b.day}.{b.month}.{b.year}.", "range_dot"
    elif lang == "id":
        text, form = f"{a.day}-{b.day} {_lm('id', b)} {b.year}", "range_id"
    else:
        text = f"{a.day}\u2013{b.day} {_MON[b.month - 1]} {b.year}"
        form = "range_en"
        if a.month != b.month:
            text = f"{a.day} {_MON[a.month - 1]} \u2013 {b.day} {_MON[b.month - 1]} {b.year}"
    w.phi(text, "date", f"date:{form}")


# ages over 89 in words, by language, for 90-99
_AGE_WORDS = {
    "fr": "dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf",
    "es": "_ uno dos tres cuatro cinco seis siete ocho nueve",
    "pt": "_ um dois três quatro cinco seis sete oito nove",
    "id": "_ satu dua tiga empat lima enam tujuh delapan sembilan",
    "hu": "_ egy kettő három négy öt hat hét nyolc kilenc",
    "hr": "_ jedna dvije tri četiri pet šest sedam osam devet",
}


def _age_word(n: int, lang: str) -> str:
    if lang == "en" or not 90 <= n <= 99:
        return _words(n)
    u = _AGE_WORDS[lang].split()[n - 90]
    if lang == "fr":
        return f"quatre-vingt-{u}"
    head = {"es": "noventa", "pt": "noventa", "id": "sembilan puluh", "hu": "kilencven"}
    head["hr"] = "devedeset"
    if u == "_":
        return head[lang]
    joint = {"es": " y ", "pt": " e ", "id": " ", "hu": "", "hr": " "}[lang]
    return head[lang] + joint + u


_AGE_VALUE: dict[str, int] = {}
for _lang in ("en", "fr", "es", "pt", "id", "hu", "hr"):
    for _n in range(0, 110):
        _AGE_VALUE.setdefault(_age_word(_n, _lang).lower(), _n)


def _age(w: _W, age: int, text: str, form: str) -> None:
    """An age (the number only): a span over 89, a recorded look-alike otherwise."""
    if age > 89:
        w.ages.append((w.n, w.n + len(text), age))
        w.phi(text, "age", f"age:{form}")
    else:
        w.ages.append((w.n, w.n + len(text), age))
        w.keep(text, f"age<=89:{form}")


_AGE_FRAMES = {
    "en": (
        ("", "-year-old"),
        ("aged ", ""),
        ("", " y/o"),
        ("", "yo"),
        ("Age: ", "Y"),
        ("", " yrs"),
        ("(", ")"),
    ),
    "fr": (("âgée de ", " ans"), ("", " ans"), ("âge : ", " ans")),
    "es": (("de ", " años"), ("", " años de edad"), ("edad: ", " a.")),
    "pt": (("", " anos"), ("com ", " anos de idade"), ("idade ", "A")),
    "id": (("usia ", " tahun"), ("", " th"), ("umur ", " thn")),
    "hu": (
        ("", " éves"),
        ("életkor: ", " év"),
    ),
    "hr": (("", " godina"), ("u dobi od ", " godina"), ("dob: ", " g.")),
    "is": (("", " ára"), ("aldur ", " ár")),
    "lt": (("", " m."), ("amžius ", " metų")),
    "tl": (("", " taong gulang"), ("edad ", "")),
}


def _age_phrase(w: _W, age: int, lang: str) -> None:
    pre, post = w.r.choice(_AGE_FRAMES[lang])
    text = str(age)
    form = f"{lang}:{pre.strip() or '_'}{post.strip() or '_'}"
    if (lang in _AGE_WORDS or lang == "en") and (
        w.r.random() < 0.25
        and post
        and not post.startswith(("-", "Y", "yo", "A"))
        and (lang == "en" or 90 <= age <= 99)
    ):
        text = _age_word(age, lang)
        form += ":words"
    w.add(pre)
    _age(w, age, text, form)
    w.add(post)


# --------------------------------------------------------------------------- identifiers


def _d(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        total += v
    return str((10 - total % 10) % 10)


def _ssn(r: random.Random) -> str:
    area = r.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


def _npi(r: random.Random) -> str:
    body = "1" + _d(r, 8)
    return body + _luhn_digit("80840" + body)


def _teudat(r: random.Random) -> str:
    """Israeli identity number: eight digits and a Luhn-style check digit."""
    body = _d(r, 8)
    total = 0
    for i, c in enumerate(body):
        v = int(c) * (1 + i % 2)
        total += v - 9 if v > 9 else v
    return body + str((10 - total % 10) % 10)


def _oib(r: random.Random) -> str:
    """Croatian OIB, ISO 7064 MOD 11,10."""
    body = str(r.randint(1, 9)) + _d(r, 9)
    a = 10
    for c in body:
        a = (a + int(c)) % 10 or 10
        a = (a * 2) % 11
    return body + str((11 - a) % 10)


def _nif(r: random.Random) -> str:
    body = r.choice("12") + _d(r, 7)
    s = sum(int(c) * (9 - i) for i, c in enumerate(body))
    k = 11 - s % 11
    return body + str(0 if k >= 10 else k)


def _taj(r: random.Random) -> str:
    body = _d(r, 8)
    s = sum(int(c) * (3 if i % 2 == 0 else 7) for i, c in enumerate(body))
    return body + str(s % 10)


def _kennitala(r: random.Random, dob: date) -> str:
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        body = f"{dob.day:02d}{dob.month:02d}{dob.year % 100:02d}{r.randint(20, 99)}"
        k = 11 - sum(int(c) * x for c, x in zip(body, weights, strict=True)) % 11
        k = 0 if k == 11 else k
        if k != 10:
            return f"{body[:6]}-{body[6:]}{k}{(dob.year // 100) % 10}"


def _asmens(r: random.Random, dob: date, female: bool) -> str:
    g = (4 if female else 3) if dob.year < 2000 else (6 if female else 5)
    body = f"{g}{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}{_d(r, 3)}"
    w1, w2 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 1), (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)
    k = sum(int(c) * x for c, x in zip(body, w1, strict=True)) % 11
    if k == 10:
        k = sum(int(c) * x for c, x in zip(body, w2, strict=True)) % 11
        k = 0 if k == 10 else k
    return body + str(k)


def _egypt_id(r: random.Random, dob: date, female: bool) -> str:
    c = 2 if dob.year < 2000 else 3
    seq = _d(r, 3) + r.choice("02468" if female else "13579")
    gov = r.choice(("01", "02", "12", "13", "21", "88"))
    return f"{c}{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}{gov}{seq}{r.randint(1, 9)}"


def _nik(r: random.Random, dob: date, female: bool) -> str:
    dd = dob.day + (40 if female else 0)
    area = r.choice(("3171", "3273", "3578", "3374", "5171")) + f"{r.randint(1, 40):02d}"
    return f"{area}{dd:02d}{dob.month:02d}{dob.year % 100:02d}{r.randint(1, 9999):04d}"


def _cnic(r: random.Random, female: bool) -> str:
    last = r.choice("02468" if female else "13579")
    return f"{r.choice(('35202', '42101', '61101', '37405'))}-{_d(r, 7)}-{last}"


def _ipv4(r: random.Random) -> str:
    first = r.choice(["10", "172.21", "192.168", "100.66", "198.51.100"])
    need = 4 - first.count(".") - 1
    return first + "".join(f".{r.randint(1, 254)}" for _ in range(need))


def _ipv6(r: random.Random) -> str:
    groups = [_hex(r, 4).lstrip("0") or "0" for _ in range(4)]
    return "fd12:" + ":".join(groups[:3]) + "::" + groups[3]


def _din(r: random.Random, region: str) -> str:
    """A donation identification number in a barcode-label style (facility, year, sequence)."""
    fac = {"pt": "P0417", "hu": "H1203", "hr": "C0871", "is": "I0042", "lt": "L0155"}.get(
        region, f"{r.choice('ABDGKMNRSTW')}{_d(r, 4)}"
    )
    return f"{fac} {r.randint(19, 23)} {_d(r, 6)}"


# --------------------------------------------------------------------------- places


@dataclass
class _Addr:
    street: str
    district: str
    city: str
    zip: str
    country: str


_PLACES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str, str], ...], str]] = {
    # streets, (district, city, zip), country
    "ph": (
        ("{n} Mabini St.", "Unit {u}, {n} Kalayaan Ave.", "Blk {u2} Lot {n2}, Sampaguita St."),
        (
            ("Brgy. San Isidro", "Quezon City", "1100"),
            ("Brgy. Lahug", "Cebu City", "6000"),
            ("Poblacion", "Davao City", "8000"),
        ),
        "Philippines",
    ),
    "ng": (
        ("{n} Adeola Odeku Street", "Plot {n}, Awolowo Road", "{n} Ogui Road"),
        (
            ("Victoria Island", "Lagos", "101241"),
            ("Ikoyi", "Lagos", "106104"),
            ("Independence Layout", "Enugu", "400102"),
        ),
        "Nigeria",
    ),
    "eg": (
        ("{n} Tahrir Street", "{n} Shehab St., Apt {u2}", "Building {n}, Makram Ebeid St."),
        (
            ("Dokki", "Giza", "12611"),
            ("Mohandessin", "Giza", "12655"),
            ("Nasr City", "Cairo", "11765"),
        ),
        "Egypt",
    ),
    "ma": (
        ("{n}, rue Ibn Batouta", "{n} bd Zerktouni, appt {u2}", "Lot. Al Amal n° {n}"),
        (
            ("Maârif", "Casablanca", "20330"),
            ("Agdal", "Rabat", "10080"),
            ("Guéliz", "Marrakech", "40000"),
        ),
        "Maroc",
    ),
    "il": (
        ("Rehov Herzl {n}", "Sderot Rothschild {n}, apt {u2}", "Rehov HaNevi'im {n}"),
        (
            ("Florentin", "Tel Aviv-Yafo", "6604206"),
            ("Rehavia", "Jerusalem", "9214116"),
            ("Hadar", "Haifa", "3303112"),
        ),
        "Israel",
    ),
    "pk": (
        (
            "House {n}, Street {u2}, F-8/3",
            "Flat {u2}, Block {n}, Gulshan-e-Iqbal",
            "{n}-B, Model Town",
        ),
        (
            ("F-8", "Islamabad", "44000"),
            ("Gulshan", "Karachi", "75300"),
            ("Model Town", "Lahore", "54700"),
        ),
        "Pakistan",
    ),
    "id": (
        ("Jl. Merdeka No. {n} RT 003/RW 007", "Jl. Diponegoro No. {n}", "Gg. Mawar II No. {n2}"),
        (
            ("Kel. Menteng", "Jakarta Pusat", "10310"),
            ("Kec. Coblong", "Bandung", "40132"),
            ("Kel. Gubeng", "Surabaya", "60281"),
        ),
        "Indonesia",
    ),
    "hu": (
        ("Váci út {n}. II/3.", "Petőfi Sándor u. {n}.", "Rákóczi út {n}. fsz. 2."),
        (
            ("XIII. kerület", "Budapest", "1134"),
            ("Belváros", "Szeged", "6720"),
            ("Jókaiváros", "Debrecen", "4024"),
        ),
        "Magyarország",
    ),
    "hr": (
        ("Ilica {n}", "Vukovarska ulica {n}", "Ulica Ante Starčevića {n}/{u2}"),
        (
            ("Donji grad", "Zagreb", "10000"),
            ("Lučac", "Split", "21000"),
            ("Centar", "Osijek", "31000"),
        ),
        "Hrvatska",
    ),
    "pt": (
        ("Rua Augusta, {n}, 2.º Esq.", "Av. da Boavista {n}", "Travessa do Carmo, {n2}"),
        (
            ("Baixa", "Lisboa", "1100-053"),
            ("Lordelo do Ouro", "Porto", "4100-127"),
            ("Sé Nova", "Coimbra", "3000-214"),
        ),
        "Portugal",
    ),
    "co": (
        (
            "Calle {n2} # {u2}-{n2}",
            "Carrera {n2} # {u2}-{n2} Apto {n}",
            "Diagonal {n2} Sur # {u2}-{n2}",
        ),
        (
            ("Chapinero", "Bogotá", "110231"),
            ("El Poblado", "Medellín", "050021"),
            ("San Fernando", "Cali", "760042"),
        ),
        "Colombia",
    ),
    "is": (
        ("Laugavegur {n2}", "Hringbraut {n2}, íbúð {u2}", "Brekkugata {n2}"),
        (
            ("Miðborg", "Reykjavík", "101"),
            ("Vesturbær", "Reykjavík", "107"),
            ("Oddeyri", "Akureyri", "600"),
        ),
        "Ísland",
    ),
    "lt": (
        ("Gedimino pr. {n2}-{u2}", "Savanorių pr. {n}", "Laisvės al. {n2}-{u2}"),
        (
            ("Senamiestis", "Vilnius", "LT-01103"),
            ("Naujamiestis", "Vilnius", "LT-03154"),
            ("Centras", "Kaunas", "LT-44312"),
        ),
        "Lietuva",
    ),
    "us": (
        ("{n} Magnolia Dr", "{n} W Cedar Ln Apt {u2}", "{n} County Road {u2}"),
        (("", "Tulsa", "74105"), ("", "Lubbock", "79414"), ("", "Dothan", "36301")),
        "USA",
    ),
}


def _address(r: random.Random, region: str) -> _Addr:
    streets, cities, country = _PLACES[region]
    n, n2, u2 = str(r.randint(3, 389)), str(r.randint(2, 98)), str(r.randint(1, 28))
    street = r.choice(streets).format(n=n, n2=n2, u2=u2, u=f"{r.randint(2, 19)}{r.choice('ABC')}")
    district, city, z = r.choice(cities)
    if region == "ng" and r.random() < 0.5:
        district = ""
    return _Addr(street, district, city, z, country)


def _addr(w: _W, a: _Addr, region: str, sep: str = ", ", form: str = "line") -> None:
    """Street, district, zip and city in the order of the region."""
    w.phi(a.street, "address", f"address:{region}:{form}")
    if a.district and region not in ("us",):
        w.add(sep)
        w.phi(a.district, "address", f"district:{region}")
    w.add(sep)
    if region in ("hu", "hr", "pt", "is", "lt", "il", "ma", "id"):
        w.phi(a.zip, "zip", f"zip:{region}")
        w.add(" ")
        w.phi(a.city, "address", f"city:{region}")
    elif region == "us":
        w.phi(a.city, "address", "city:us")
        w.add(", ")
        w.keep(
            "OK" if a.zip.startswith("74") else "TX" if a.zip.startswith("79") else "AL", "state"
        )
        w.add(" ")
        w.phi(a.zip, "zip", "zip:us")
    else:
        w.phi(a.city, "address", f"city:{region}")
        w.add(" ")
        w.phi(a.zip, "zip", f"zip:{region}")


_SPOKEN = {"0": "zero", **{str(i): _ONES[i] for i in range(1, 10)}}


def _phone(r: random.Random, region: str) -> str:
    d = partial(_d, r)
    opts = {
        "ph": (f"+63 9{d(2)} {d(3)} {d(4)}", f"09{d(2)}-{d(3)}-{d(4)}", f"(02) 8{d(3)} {d(4)}"),
        "ng": (f"+234 80{d(1)} {d(3)} {d(4)}", f"080{d(1)} {d(3)} {d(4)}", f"0803{d(7)}"),
        "eg": (f"+20 10 {d(4)} {d(4)}", f"010{d(1)} {d(3)} {d(4)}", f"(02) 3{d(3)} {d(4)}"),
        "ma": (
            f"+212 6 {d(2)} {d(2)} {d(2)} {d(2)}",
            f"06 {d(2)} {d(2)} {d(2)} {d(2)}",
            f"05 22 {d(2)} {d(2)} {d(2)}",
        ),
        "il": (f"+972-5{d(1)}-{d(3)}-{d(4)}", f"05{d(1)}-{d(7)}", f"03-{d(7)}"),
        "pk": (f"+92 30{d(1)} {d(7)}", f"030{d(1)}-{d(7)}", f"(042) 35{d(2)} {d(4)}"),
        "id": (f"+62 812-{d(4)}-{d(4)}", f"0813 {d(4)} {d(4)}", f"(021) 5{d(3)} {d(3)}"),
        "hu": (f"+36 30 {d(3)} {d(4)}", f"06-1-{d(3)}-{d(4)}", f"06 20/{d(3)}-{d(4)}"),
        "hr": (f"+385 91 {d(3)} {d(4)}", f"01 {d(4)} {d(3)}", f"098/{d(3)}-{d(3)}"),
        "pt": (f"+351 91{d(1)} {d(3)} {d(3)}", f"21 {d(3)} {d(4)}", f"96{d(1)} {d(3)} {d(3)}"),
        "co": (f"+57 31{d(1)} {d(3)} {d(4)}", f"(601) {d(3)} {d(4)}", f"31{d(1)} {d(7)}"),
        "is": (f"+354 8{d(2)} {d(4)}", f"5{d(2)}-{d(4)}", f"6{d(6)}"),
        "lt": (f"+370 6{d(2)} {d(5)}", f"8 6{d(2)} {d(5)}", f"8 5 {d(3)} {d(4)}"),
        "us": (
            f"({r.randint(201, 989)}) {r.randint(201, 989)}-{d(4)}",
            f"{r.randint(201, 989)}.{r.randint(201, 989)}.{d(4)}",
        ),
    }[region]
    return r.choice(opts)


def _spoken(num: str) -> str:
    out = []
    for ch in num:
        if ch.isdigit():
            out.append(_SPOKEN[ch])
        elif ch == "+":
            out.append("plus")
        elif ch in " -/" and out and out[-1] != ",":
            out.append(",")
    return " ".join(out).replace(" ,", ",")


def _plate(r: random.Random, region: str) -> str:
    L, d = partial(_up, r), partial(_d, r)
    opts = {
        "ph": (f"{L(3)} {d(4)}", f"{L(3)}-{d(3)}"),
        "ng": (f"{L(3)}-{d(3)}{L(2)}", f"{L(3)} {d(3)} {L(2)}"),
        "eg": (f"{L(3)} {d(3)}", f"{d(4)} {L(2)}"),
        "ma": (
            f"{r.randint(1000, 99999)}-{r.choice('ABDHW')}-{r.randint(1, 89)}",
            f"{r.randint(1000, 99999)} | {r.choice('ABDHW')} | {r.randint(1, 89)}",
        ),
        "il": (f"{d(2)}-{d(3)}-{d(2)}", f"{d(3)}-{d(2)}-{d(3)}"),
        "pk": (f"LE{L(1)}-{d(2)}-{d(4)}", f"ICT-{L(2)}-{d(3)}", f"BH{L(1)} {d(3)}"),
        "id": (f"B {d(4)} {L(3)}", f"D {d(4)} {L(2)}", f"L {d(4)} {L(2)}"),
        "hu": (f"{L(3)}-{d(3)}", f"{L(2)} {L(2)}-{d(3)}"),
        "hr": (f"ZG {d(4)}-{L(2)}", f"ST {d(3)}-{L(1)}", f"OS {d(3)}-{L(2)}"),
        "pt": (f"{L(2)}-{d(2)}-{L(2)}", f"{d(2)}-{L(2)}-{d(2)}"),
        "co": (f"{L(3)}-{d(3)}", f"{L(3)} {d(3)}", f"{L(3)}{d(2)}{L(1)}"),
        "is": (f"{L(2)}{d(3)}", f"{L(2)} {L(1)}{d(2)}"),
        "lt": (f"{L(3)} {d(3)}", f"{L(3)}:{d(3)}"),
        "us": (f"{d(1)}{L(3)}{d(3)}", f"{L(3)}-{d(4)}"),
    }[region]
    return r.choice(opts)


def _fold(s: str) -> str:
    s = s.replace("ð", "d").replace("þ", "th").replace("ł", "l").replace("đ", "d")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def _email(r: random.Random, p: _P, region: str) -> str:
    g = re.sub(r"[^a-z]", "", _fold(p.given.lower()))
    f = re.sub(r"[^a-z]", "", _fold(p.family.lower()))
    dom = {
        "ph": "yahoo.com.ph",
        "ng": "gmail.com",
        "eg": "hotmail.com",
        "ma": "menara.ma",
        "il": "walla.co.il",
        "pk": "gmail.com",
        "id": "yahoo.co.id",
        "hu": "freemail.hu",
        "hr": "net.hr",
        "pt": "sapo.pt",
        "co": "hotmail.com",
        "is": "simnet.is",
        "lt": "one.lt",
        "us": "aol.com",
    }[region]
    return r.choice((f"{g}.{f}", f"{g[0]}{f}{r.randint(1, 99)}", f"{f}_{g}", f"{g}{f[:3]}")) + (
        "@" + dom
    )


# --------------------------------------------------------------------------- cases


@dataclass
class _Case:
    region: str
    p: _P
    dob: date
    age: int
    ref: date
    mrn: str
    natid: str
    plan: str
    phone: str
    addr: _Addr
    email: str
    docs: list[_P]
    dins: list[str]
    lab: str
    plate: str


_LANG = {"ph": "tl", "ng": "en", "eg": "en", "ma": "fr", "il": "en", "pk": "en", "id": "id"}
_LANG |= {"hu": "hu", "hr": "hr", "pt": "pt", "co": "es", "is": "is", "lt": "lt", "us": "us"}


def _case(r: random.Random, region: str) -> _Case:
    ref = date(2019, 1, 1) + timedelta(days=r.randrange(1700))
    age = r.randint(90, 104) if r.random() < 0.45 else r.randint(19, 89)
    dob = ref - timedelta(days=age * 365 + r.randrange(300) + age // 4)
    age = ref.year - dob.year - ((ref.month, ref.day) < (dob.month, dob.day))
    p = _person(r, region)
    natid = {
        "ph": lambda: f"{_d(r, 4)}-{_d(r, 4)}-{_d(r, 4)}-{_d(r, 4)}",
        "ng": lambda: _d(r, 11),
        "eg": lambda: _egypt_id(r, dob, p.female),
        "ma": lambda: f"{r.choice(('BE', 'BK', 'A', 'JB'))}{r.randint(100000, 999999)}",
        "il": lambda: _teudat(r),
        "pk": lambda: _cnic(r, p.female),
        "id": lambda: _nik(r, dob, p.female),
        "hu": lambda: f"{'2' if p.female else '1'}-{dob:%y%m%d}-{_d(r, 4)}",
        "hr": lambda: _oib(r),
        "pt": lambda: _nif(r),
        "co": lambda: f"{r.randint(10, 99)}.{_d(r, 3)}.{_d(r, 3)}",
        "is": lambda: _kennitala(r, dob),
        "lt": lambda: _asmens(r, dob, p.female),
        "us": lambda: _ssn(r),
    }[region]()
    plan = {
        "ph": f"{_d(r, 2)}-{_d(r, 9)}-{_d(r, 1)}",
        "ng": f"NHIS/{_d(r, 4)}/{_d(r, 5)}",
        "eg": f"HIO-{_d(r, 9)}",
        "ma": f"{_d(r, 9)}",
        "il": f"{_d(r, 7)}",
        "pk": f"SSP-{_d(r, 10)}",
        "id": f"000{_d(r, 10)}",
        "hu": "",
        "hr": f"{_d(r, 9)}",
        "pt": f"{_d(r, 9)}",
        "co": f"EPS{_d(r, 8)}",
        "is": f"SÍ-{_d(r, 6)}",
        "lt": f"PSD{_d(r, 8)}",
        "us": f"{r.randint(1, 9)}{_up(r, 2)}{_d(r, 1)}-{_up(r, 2)}{_d(r, 1)}-{_up(r, 2)}{_d(r, 2)}",
    }[region]
    if region == "hu":
        t = _taj(r)
        plan = f"{t[:3]} {t[3:6]} {t[6:]}" if r.random() < 0.6 else t
    mrn = r.choice((f"{_up(r, 2)}{_d(r, 7)}", f"{_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}", _d(r, 8)))
    docs = [_person(r, region) for _ in range(3)]
    dins = [_din(r, region) for _ in range(r.randint(2, 4))]
    lab = f"{r.choice(('BB', 'TX', 'XM', 'IH'))}{ref:%y}-{_d(r, 5)}"
    return _Case(
        region,
        p,
        dob,
        age,
        ref,
        mrn,
        natid,
        plan,
        _phone(r, region),
        _address(r, region),
        _email(r, p, region),
        docs,
        dins,
        lab,
        _plate(r, region),
    )


def _k(w: _W, s: str, form: str) -> None:
    w.keep(s, form)


def _vitals(w: _W) -> None:
    r = w.r
    w.add("T ")
    _k(w, f"{r.randint(365, 401) / 10:.1f}", "temp")
    w.add(" °C, BP ")
    _k(w, f"{r.randint(85, 165)}/{r.randint(45, 95)}", "bp")
    w.add(", HR ")
    _k(w, str(r.randint(55, 135)), "hr")
    w.add(", SpO2 ")
    _k(w, f"{r.randint(86, 100)}%", "spo2")


def _labs(w: _W, sep: str = ", ") -> None:
    r = w.r
    items = [
        ("Hb", f"{r.randint(55, 130) / 10:.1f}", " g/dL"),
        ("Plt", str(r.randint(8, 420)), "×10⁹/L"),
        ("INR", f"{r.randint(9, 35) / 10:.1f}", ""),
        ("Fib", f"{r.randint(8, 45) / 10:.1f}", " g/L"),
        ("LDH", str(r.randint(150, 1900)), " U/L"),
        ("bili", str(r.randint(5, 88)), " µmol/L"),
    ]
    for i, (a, v, u) in enumerate(r.sample(items, 4)):
        w.add((sep if i else "") + a + " ")
        _k(w, v, f"lab:{a}")
        w.add(u)


_PRODUCTS = ("E0336V00", "E0382V00", "E3846V00", "E2555V00", "E0869V00", "E7644V00", "E4552V00")
_GROUPS = ("O Pos", "O Neg", "A Pos", "A Neg", "B Pos", "AB Pos", "O RhD neg", "A1 RhD pos")
_PHENO = ("CcDee K-", "ccddee K-", "CCDee K- Fy(a-)", "cDE/cDE Jk(b-)", "R1R1 K-", "rr K+")


# --------------------------------------------------------------------------- documents


def _bag_label(w: _W, c: _Case) -> None:
    """Unit label printouts with box-drawing characters; a recipient tag on some."""
    r, lang = w.r, _LANG[c.region]
    for i, din in enumerate(c.dins[: r.randint(1, 3)]):
        coll = c.ref - timedelta(days=r.randint(2, 30))
        exp = coll + timedelta(days=r.choice((5, 7, 35, 42, 365)))
        w.add("┌" + "─" * 46 + "┐\n│ DIN ")
        w.phi(din, "accession", "accession:din_box")
        w.add(" ")
        _k(w, str(r.randint(0, 9)), "din_flag")
        w.pad(47)
        w.add("│\n│ Product ")
        _k(w, r.choice(_PRODUCTS), "product_code")
        w.add("  ")
        _k(w, r.choice(_GROUPS), "abo")
        w.pad(47)
        w.add("│\n│ Collected ")
        _date(w, coll, lang)
        w.pad(47)
        w.add("│\n│ Expires ")
        _k(w, _fmt(exp, "d-Mon-Y") + " 23:59", "product_expiry")
        w.pad(47)
        w.add("│\n│ Vol ")
        _k(w, f"{r.randint(180, 330)} mL", "volume")
        w.add("  Lot ")
        _k(w, f"{_up(r, 2)}{_d(r, 5)}", "bag_lot")
        w.pad(47)
        w.add("│\n│ Phenotype ")
        _k(w, r.choice(_PHENO), "phenotype")
        w.pad(47)
        w.add("│\n└" + "─" * 46 + "┘\n")
        if i == 0 and r.random() < 0.7:
            w.add("╔══ CROSSMATCH TAG ══╗\n║ ")
            _name(w, c.p, r.choice(("last_first", "upper", "full")))
            w.add("\n║ MRN ")
            w.phi(c.mrn, "mrn", "mrn:tag")
            w.add("  DOB ")
            _date(w, c.dob, lang)
            w.add("\n║ Sample ")
            w.phi(c.lab, "accession", "accession:sample_tag")
            w.add("  compatible IS/AHG\n║ Issued by ")
            _name(w, c.docs[0], "initial")
            w.add(" at ")
            _k(w, f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}", "time")
            w.add("\n╚" + "═" * 20 + "╝\n")


def _reaction_html(w: _W, c: _Case) -> None:
    """A transfusion-reaction report as an HTML fragment (Philippine hospital)."""
    r, lang = w.r, _LANG[c.region]
    w.add('<div class="hv-report"><h3>Suspected Transfusion Reaction</h3>\n<table border="1">\n')
    w.add("<tr><td>Pasyente / Patient</td><td>")
    _name(w, c.p, r.choice(("last_first", "full", "upper")))
    w.add("</td></tr>\n<tr><td>Hosp. No.</td><td>")
    w.phi(c.mrn, "mrn", "mrn:html_cell")
    w.add("</td></tr>\n<tr><td>Kapanganakan</td><td>")
    _date(w, c.dob, lang)
    w.add("</td></tr>\n<tr><td>Edad</td><td>")
    _age(w, c.age, str(c.age), "html_cell")
    w.add("</td></tr>\n<tr><td>PhilHealth PIN</td><td>")
    w.phi(c.plan, "plan", "plan:philhealth")
    w.add("</td></tr>\n<tr><td>PhilSys No.</td><td>")
    w.phi(c.natid, "natid", "natid:philsys")
    w.add("</td></tr>\n<tr><td>Tirahan</td><td>")
    _addr(w, c.addr, c.region, "<br>", "html")
    w.add("</td></tr>\n<tr><td>Contact</td><td>")
    w.phi(c.phone, "phone", "phone:html")
    w.add("</td></tr>\n</table>\n<p>Unit ")
    w.phi(c.dins[0], "accession", "accession:din_html")
    w.add(" (")
    _k(w, r.choice(_PRODUCTS), "product_code")
    w.add(") started ")
    _date(w, c.ref, lang)
    w.add(" at ")
    _k(w, f"{r.randint(10, 23)}:{r.randint(10, 59)}", "time")
    w.add("; stopped after ")
    _k(w, f"{r.randint(20, 180)} mL", "volume")
    w.add(". Pre: ")
    _vitals(w)
    w.add(". Post: ")
    _vitals(w)
    w.add(".</p>\n<p>Labs: ")
    _labs(w)
    w.add(". DAT ")
    _k(w, r.choice(("neg", "1+", "2+ IgG")), "dat")
    w.add(". Imputability ")
    _k(w, r.choice(("possible", "probable", "2")), "imputability")
    w.add(".</p>\n<p>Reported by ")
    _name(w, c.docs[1], "full")
    w.add(", RMT, PRC Lic. No. ")
    w.phi(f"0{_d(r, 6)}", "license", "license:prc")
    w.add(' &middot; <a href="')
    w.phi(f"https://hv.pgh-bloodbank.ph/cases/{_d(r, 6)}?pt={c.mrn}", "url", "url:html_href")
    w.add('">open case</a><br>Ibalik sa / return to Blood Bank fax ')
    w.phi(
        r.choice((f"(02) 8{_d(r, 3)} {_d(r, 4)}", f"+63 2 8{_d(r, 3)} {_d(r, 4)}")),
        "fax",
        "fax:ph_html",
    )
    w.add("</p></div>\n")


def _xm_csv(w: _W, c: _Case) -> None:
    """A crossmatch worklist exported as CSV with quoted multi-line comments (no subject)."""
    r = w.r
    w.add('"Sample","Patient","ID","DOB","Age","Ward","ABO/Rh","Screen","Units","Comment"\n')
    for _ in range(r.randint(3, 5)):
        p = _person(r, "il")
        age = r.choice((r.randint(20, 89), r.randint(90, 101)))
        dob = c.ref - timedelta(days=age * 365 + r.randrange(200) + age // 4)
        w.add('"')
        w.phi(f"{r.choice(('XM', 'TS'))}{_d(r, 8)}", "accession", "accession:csv")
        w.add('","')
        w.phi(f"{p.family}, {p.given}", "name", "name:csv_last_first")
        w.add('","')
        w.phi(_teudat(r), "natid", "natid:teudat_csv")
        w.add('","')
        _date(w, dob, "en", r.choice(("d/m/Y", "d.m.Y", "d/m/y")))
        w.add('","')
        _age(
            w,
            c.ref.year - dob.year - ((c.ref.month, c.ref.day) < (dob.month, dob.day)),
            str(c.ref.year - dob.year - ((c.ref.month, c.ref.day) < (dob.month, dob.day))),
            "csv",
        )
        w.add('","')
        _k(w, r.choice(("Int Med B", "ICU 2", "Ortho", "Hem-Onc 7")), "ward")
        w.add('","')
        _k(w, r.choice(_GROUPS), "abo")
        w.add('","')
        _k(w, r.choice(("NEG", "POS anti-K", "POS anti-E+c")), "screen")
        w.add('","')
        _k(w, str(r.randint(1, 4)), "units")
        w.add('","')
        if r.random() < 0.6:
            w.add("Called ")
            dr = _person(r, "il")
            w.add("Dr ")
            w.phi(dr.family, "name", "name:csv_comment")
            w.add(" ")
            ph = _phone(r, "il")
            w.phi(ph, "phone", "phone:csv")
            w.add("\nre antigen-neg units,\nHb ")
            _k(w, f"{r.randint(60, 99) / 10:.1f}", "lab:Hb")
        else:
            w.add("routine")
        w.add('"\n')


def _deferral_rtf(w: _W, c: _Case) -> None:
    """A donor deferral letter as an RTF fragment (Hungarian)."""
    r = w.r
    w.add("{\\rtf1\\ansi\\ansicpg1250\\deff0{\\fonttbl{\\f0 Arial;}}\\fs20\n")
    w.add("{\\b Országos Vérellátó Szolgálat}\\par\n")
    _date(w, c.ref, "hu")
    w.add("\\par\\par\n{\\b Címzett:} ")
    _name(w, c.p, "full")
    w.add("\\par\n")
    _addr(w, c.addr, c.region, "\\par\n", "rtf")
    w.add("\\par\\par\nTAJ: ")
    w.phi(c.plan, "plan", "plan:taj")
    w.add("\\tab Véradó azonosító: ")
    w.phi(c.mrn, "mrn", "mrn:donor_id")
    w.add("\\par\nSzem. azonosító: ")
    w.phi(c.natid, "natid", "natid:hu_szemelyi")
    w.add("\\par\\par\nTisztelt ")
    _name(w, c.p, "family", "salutation")
    w.add(" ")
    w.add(("Asszony" if c.p.female else "Úr") + "!\\par\nA ")
    d1 = c.ref - timedelta(days=r.randint(3, 40))
    _date(w, d1, "hu")
    w.add(" napon vett mintájában a hemoglobin ")
    _k(w, str(r.randint(105, 124)), "lab:Hb_gL")
    w.add(" g/L, a ferritin ")
    _k(w, str(r.randint(4, 14)), "lab:ferritin")
    w.add(" µg/L volt. Ideiglenes halasztás ")
    _k(w, f"{r.choice((3, 6, 12))} hónap", "deferral_period")
    w.add(" ({\\i kód ")
    _k(w, f"D{r.randint(10, 99)}", "deferral_code")
    w.add("}). Eddigi véradásai: ")
    _k(w, str(r.randint(2, 88)), "donation_count")
    w.add(", első: ")
    _k(w, str(r.randint(1975, 2015)), "bare_year")
    w.add(".\\par\nÉletkor a vizsgálatkor: ")
    _age_phrase(w, c.age, "hu")
    w.add(".\\par\nKérdés esetén: ")
    w.phi(c.phone, "phone", "phone:rtf")
    w.add(" vagy {\\ul ")
    w.phi(c.email, "email", "email:rtf")
    w.add("}\\par\\par\n")
    _name(w, c.docs[0], "full", "signature")
    w.add(" dr.\\par\nOrvosi pecsétszám: ")
    w.phi(_d(r, 5), "license", "license:hu_pecset")
    w.add("\\par\n}\n")


def _pager(w: _W, c: _Case) -> None:
    """Transfusion-service pager and SMS messages (Nigeria), some numbers spoken."""
    r = w.r
    t = r.randint(0, 20)
    for i in range(r.randint(4, 6)):
        w.keep(f"{t + i // 2:02d}:{r.randint(0, 59):02d}", "time")
        w.add(f" PG#{r.randint(4100, 4199)} ")
        k = r.randrange(6) if i else 0
        if k == 0:
            w.add("MTP ACTIVATED pt ")
            _name(w, c.p, r.choice(("upper", "last_first")))
            w.add(" hosp no ")
            w.phi(c.mrn, "mrn", "mrn:pager")
            w.add(" ")
            _age_phrase(w, c.age, "en")
            w.add(" ")
            _k(w, r.choice(("F", "M")), "sex")
            w.add(" pls send ")
            _k(w, f"{r.randint(2, 6)} units", "units")
            w.add(" O neg\n")
        elif k == 1:
            w.add("cb ")
            w.phi(_phone(r, "ng"), "phone", "phone:pager")
            w.add(" - ")
            _name(w, c.docs[0], "given", "pager_sender")
            w.add(" lab\n")
        elif k == 2:
            w.add("callback number is ")
            w.phi(_spoken(_phone(r, "ng")), "phone", "phone:spoken")
            w.add(" ask for ")
            _name(w, c.docs[1], "full")
            w.add("\n")
        elif k == 3:
            w.add("NIN for consent form: ")
            w.phi(c.natid, "natid", "natid:nin")
            w.add(", NHIS ")
            w.phi(c.plan, "plan", "plan:nhis")
            w.add("\n")
        elif k == 4:
            w.add("sample ")
            w.phi(c.lab, "accession", "accession:pager")
            w.add(" haemolysed, redraw. Hb ")
            _k(w, f"{r.randint(40, 90) / 10:.1f}", "lab:Hb")
            w.add(" PCV ")
            _k(w, f"{r.randint(12, 30)}%", "lab:pcv")
            w.add("\n")
        else:
            w.add("relative (")
            rel = _person(r, "ng")
            w.phi(rel.full, "name", "name:relative")
            w.add(") donating at blood bank ")
            _date(w, c.ref, "en", r.choice(("d/m/y", "d/m/Y", "ord")))
            w.add(", car ")
            w.phi(c.plate, "plate", "plate:ng")
            w.add(" in bay ")
            _k(w, str(r.randint(1, 40)), "bay")
            w.add("\n")


def _ical(w: _W, c: _Case) -> None:
    """A therapeutic apheresis appointment as an iCalendar invite (Iceland)."""
    r = w.r
    start = c.ref + timedelta(days=r.randint(1, 20))
    w.add("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Blodbankinn//Aferesa 4.2//IS\r\n")
    w.add("BEGIN:VEVENT\r\nUID:")
    w.keep(f"{_hex(r, 8)}-{_hex(r, 4)}", "uid")
    w.add("@aferesa\r\nDTSTAMP:")
    w.add(f"{c.ref:%Y%m%d}T{r.randint(10, 23)}0000Z")
    w.add("\r\nDTSTART;TZID=Atlantic/Reykjavik:")
    w.phi(f"{start:%Y%m%d}", "date", "date:ical")
    w.add(f"T{r.randint(8, 14):02d}3000\r\nSUMMARY:Blóðvökvaskipti - ")
    _name(w, c.p, "full")
    w.add("\r\nLOCATION:")
    w.keep("Landspítali Hringbraut 10E", "facility")
    w.add("\r\nDESCRIPTION:kt. ")
    w.phi(c.natid, "natid", "natid:kennitala")
    w.add("\\nSjúkraskrá ")
    w.phi(c.mrn, "mrn", "mrn:ical")
    w.add("\\nAldur: ")
    _age_phrase(w, c.age, "is")
    w.add("\\nPlasma ")
    _k(w, f"{r.randint(1, 2)}.{r.randint(0, 9)} x", "plasma_volumes")
    w.add(" TPE\\, albumin ")
    _k(w, f"{r.choice((4, 5))}%", "albumin")
    w.add("\\nHeimili: ")
    _addr(w, c.addr, c.region, "\\, ", "ical")
    w.add("\\nSími ")
    w.phi(c.phone, "phone", "phone:ical")
    w.add("\\nFyrri meðferð ")
    _range(w, c.ref - timedelta(days=r.randint(40, 90)), r.randint(2, 8), "is")
    w.add("\r\nATTENDEE;CN=")
    _name(w, c.p, "full", "ical_cn")
    w.add(";ROLE=REQ-PARTICIPANT:mailto:")
    w.phi(c.email, "email", "email:ical")
    w.add("\r\nORGANIZER;CN=")
    _name(w, c.docs[0], "full", "ical_cn")
    w.add(":mailto:")
    w.phi(
        _email(r, c.docs[0], "is").replace("simnet.is", "landspitali.is"), "email", "email:ical_org"
    )
    w.add("\r\nURL:")
    w.phi(f"https://heilsuvera.is/timabokun/{_hex(r, 12)}", "url", "url:ical")
    w.add("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _wiki(w: _W, c: _Case) -> None:
    """Haemovigilance committee minutes in wiki markup (Croatia, several cases)."""
    r = w.r
    w.add("== Povjerenstvo za hemovigilanciju ==\n''Sjednica ")
    _k(w, f"{r.randint(1, 12)}/{c.ref.year}", "meeting_number")
    w.add("'' &mdash; ")
    w.add(_fmt(c.ref, "hr"))
    w.add("\n\nPrisutni: ")
    for i, d in enumerate(c.docs):
        w.add(", " if i else "")
        w.add("[[Korisnik:")
        w.phi(
            f"{d.given[0]}{d.family}".lower()
            .replace("š", "s")
            .replace("ć", "c")
            .replace("č", "c")
            .replace("ž", "z")
            .replace("đ", "d"),
            "name",
            "name:wiki_user",
        )
        w.add("|")
        _name(w, d, "full", "wiki_label")
        w.add("]]")
    w.add(
        '\n\n{| class="wikitable"\n! Slučaj !! Bolesnik !! OIB !! MBO !! Dob !! Događaj !! Datum\n'
    )
    for _ in range(r.randint(3, 5)):
        p = _person(r, "hr")
        age = r.choice((r.randint(25, 89), r.randint(90, 99)))
        w.add("|-\n| ")
        w.phi(f"HV-{c.ref.year}-{_d(r, 4)}", "account", "account:hv_case")
        w.add(" || ")
        _name(w, p, r.choice(("full", "initial")))
        w.add(" || ")
        w.phi(_oib(r), "natid", "natid:oib")
        w.add(" || ")
        w.phi(_d(r, 9), "plan", "plan:mbo")
        w.add(" || ")
        if age > 89 and r.random() < 0.4:
            _age(w, age, _age_word(age, "hr"), "hr:wiki_words")
        else:
            _age(w, age, str(age), "hr:wiki")
        w.add(" || ")
        _k(w, r.choice(("FNHTR", "TACO", "TRALI?", "alergijska", "IBCT")), "event_type")
        w.add(", stupanj ")
        _k(w, str(r.randint(1, 3)), "severity")
        w.add(" || ")
        _date(w, c.ref - timedelta(days=r.randint(1, 60)), "hr")
        w.add("\n")
    w.add("|}\n\n=== Zaključci ===\n* Ponoviti edukaciju za ")
    _k(w, str(r.randint(12, 80)), "staff_count")
    w.add(" djelatnika do ")
    w.add(f"kraja mjeseca {(c.ref + timedelta(days=60)).month}.")
    w.add(".\n* Izvješće HALMED-u poslano, ref. ")
    _k(w, f"{r.randint(100, 999)}/{c.ref.year}", "regulator_ref")
    w.add("\n")


def _edi(w: _W, c: _Case) -> None:
    """An inter-hospital blood shipment as EDI-like segments (Colombia)."""
    r = w.r
    w.add("ISA*00*BANCOSANGRE*")
    w.add(f"{c.ref:%y%m%d}")
    w.add("*")
    w.keep(f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}", "time")
    w.add("*")
    w.keep(_d(r, 9), "control_number")
    w.add("~\nPAC*")
    _name(w, c.p, "LAST^FIRST")
    w.add("*CC*")
    w.phi(c.natid, "natid", "natid:cedula")
    w.add("*")
    w.phi(f"{c.dob:%Y%m%d}", "date", "date:edi_d8")
    w.add("*")
    w.keep("F" if c.p.female else "M", "sex")
    w.add("~\nEPS*")
    w.keep(r.choice(("SURA", "Sanitas", "Nueva EPS", "Compensar")), "payer")
    w.add("*")
    w.phi(c.plan, "plan", "plan:eps")
    w.add("~\nHCL*")
    w.phi(c.mrn, "mrn", "mrn:edi")
    w.add("~\nDIR*")
    _addr(w, c.addr, c.region, "*", "edi")
    w.add("~\nTEL*")
    w.phi(c.phone, "phone", "phone:edi")
    w.add("~\n")
    for din in c.dins:
        w.add("UNI*")
        w.phi(din.replace(" ", ""), "accession", "accession:din_edi")
        w.add("*")
        _k(w, r.choice(_PRODUCTS), "product_code")
        w.add("*")
        _k(w, r.choice(("O+", "O-", "A+", "B+", "AB+")), "abo")
        w.add("*")
        _k(w, f"{(c.ref + timedelta(days=r.randint(3, 40))):%Y%m%d}", "product_expiry")
        w.add("~\n")
    w.add("TRN*")
    _name(w, _person(r, "co"), "LAST^FIRST", "driver")
    w.add("*LIC*")
    w.phi(_d(r, 10), "license", "license:co_driver")
    w.add("*PLACA*")
    w.phi(c.plate, "plate", "plate:co")
    w.add("~\nTMP*")
    w.phi(f"TL{_d(r, 7)}", "serial", "serial:temp_logger")
    w.add("*")
    _k(w, f"{r.randint(10, 58) / 10:.1f}", "temperature")
    w.add("*C~\nURL*")
    w.phi(f"https://trazabilidad.bancosangre.co/envio/{_d(r, 7)}", "url", "url:edi")
    w.add("~\nSRC*")
    w.phi(_ipv4(r), "ip", "ip:edi")
    w.add("~\nIEA*1*")
    w.keep(_d(r, 9), "control_number")
    w.add("~\n")


def _device_xml(w: _W, c: _Case) -> None:
    """An apheresis machine procedure export as XML (Indonesia)."""
    r = w.r
    sn = f"{_up(r, 2)}{_d(r, 6)}"
    w.add('<?xml version="1.0" encoding="UTF-8"?>\n<ProcedureRecord xmlns="urn:apheresis:v3">\n')
    w.add('  <Device model="')
    _k(w, r.choice(("Spectra Optia", "Amicus 5.1", "Com.Tec")), "device_model")
    w.add('" serial="')
    w.phi(sn, "serial", "serial:xml_attr")
    w.add('" fw="')
    _k(w, f"{r.randint(1, 12)}.{r.randint(0, 9)}.{r.randint(0, 40)}", "firmware")
    w.add('" host="')
    w.phi(_ipv4(r) if r.random() < 0.6 else _ipv6(r), "ip", "ip:xml")
    w.add('"/>\n  <Patient>\n    <Nama>')
    _name(w, c.p, r.choice(("full", "upper")))
    w.add("</Nama>\n    <NIK>")
    w.phi(c.natid, "natid", "natid:nik")
    w.add("</NIK>\n    <NoRM>")
    w.phi(c.mrn, "mrn", "mrn:xml")
    w.add("</NoRM>\n    <BPJS>")
    w.phi(c.plan, "plan", "plan:bpjs")
    w.add("</BPJS>\n    <TglLahir>")
    w.phi(c.dob.isoformat(), "date", "date:xml_iso")
    w.add("</TglLahir>\n    <Usia>")
    _age(w, c.age, str(c.age), "xml")
    w.add('</Usia>\n    <BB unit="kg">')
    _k(w, str(r.randint(38, 88)), "weight")
    w.add('</BB>\n  </Patient>\n  <Run start="')
    w.phi(c.ref.isoformat(), "date", "date:xml_attr")
    w.add(f'T{r.randint(8, 15):02d}:{r.randint(0, 59):02d}:00+07:00" ')
    w.add('procedure="')
    _k(w, r.choice(("TPE", "RBCX", "PLT collection", "MNC")), "procedure")
    w.add('">\n    <TBV>')
    _k(w, str(r.randint(2900, 5600)), "tbv")
    w.add('</TBV><AC ratio="')
    _k(w, f"{r.randint(10, 15)}:1", "ac_ratio")
    w.add('"/><Inlet>')
    _k(w, str(r.randint(30, 90)), "inlet")
    w.add('</Inlet>\n    <Kit lot="')
    _k(w, f"{_d(r, 2)}{_up(r, 1)}{_d(r, 4)}", "kit_lot")
    w.add('"/>\n    <Operator>')
    _name(w, c.docs[0], "full")
    w.add("</Operator>\n    <Catatan>Pasien ")
    _age_phrase(w, c.age, "id")
    w.add(", alamat ")
    _addr(w, c.addr, c.region, ", ", "xml_prose")
    w.add(", HP ")
    w.phi(c.phone, "phone", "phone:xml")
    w.add(". Jadwal berikut ")
    _date(w, c.ref + timedelta(days=r.randint(7, 30)), "id")
    w.add(".</Catatan>\n  </Run>\n</ProcedureRecord>\n")


def _deposition(w: _W, c: _Case) -> None:
    """A deposition transcript page about a wrong-blood-in-tube event (US), numbered lines."""
    r = w.r
    lines: list[list[_Seg]] = []
    nurse = c.docs[0]
    lines.append([("Q.   Please state your full name for the record.", "", "")])
    lines.append([("A.   ", "", ""), (nurse.full, "name", "name:deposition"), (".", "", "")])
    lines.append(
        [
            ("Q.   And you were the charge nurse on ", "", ""),
            (_fmt(c.ref, r.choice(_DATES["us"])), "date", "date:deposition"),
            ("?", "", ""),
        ]
    )
    lines.append(
        [
            ("A.   Yes. I worked seven to seven, that was a ", "", ""),
            (r.choice(("Tuesday", "Friday", "Sunday")), "", ""),
            (".", "", ""),
        ]
    )
    age_t = str(c.age) if r.random() < 0.5 else _words(c.age)
    lines.append(
        [
            ("Q.   The patient, ", "", ""),
            (c.p.full, "name", "name:deposition"),
            (", was ", "", ""),
            (
                age_t,
                "age" if c.age > 89 else "~",
                "age:us:deposition" if c.age > 89 else "age<=89:us:deposition",
            ),
            (" years old at the time?", "", ""),
        ]
    )
    lines.append(
        [
            ("A.   That's what the armband said. Medical record ", "", ""),
            (c.mrn, "mrn", "mrn:deposition"),
            (".", "", ""),
        ]
    )
    lines.append(
        [
            ("Q.   I'm handing you Exhibit ", "", ""),
            (str(r.randint(4, 31)), "~", "exhibit"),
            (". Is that the", "", ""),
        ]
    )
    lines.append(
        [
            ("     requisition with social security number ", "", ""),
            (c.natid, "ssn", "ssn:deposition"),
            ("?", "", ""),
        ]
    )
    lines.append(
        [
            ("A.   It is. The tube was labeled ", "", ""),
            (c.lab, "accession", "accession:deposition"),
            (" and", "", ""),
        ]
    )
    lines.append(
        [
            ("     typed as ", "", ""),
            (r.choice(("A positive", "O positive", "B negative")), "~", "abo"),
            (", but " + ("her" if c.p.female else "his") + " historical type was ", "", ""),
            ("O negative", "~", "abo"),
            (".", "", ""),
        ]
    )
    lines.append([("Q.   Hemoglobin before the transfusion?", "", "")])
    lines.append(
        [
            ("A.   ", "", ""),
            (f"{r.randint(55, 80) / 10:.1f}", "~", "lab:Hb"),
            (". She got ", "", ""),
            (f"{r.randint(30, 120)} cc", "~", "volume"),
            (" before we stopped it.", "", ""),
        ]
    )
    lines.append([("Q.   Who did you call?", "", "")])
    lines.append(
        [
            ("A.   Dr. ", "", ""),
            (c.docs[1].family, "name", "name:deposition_dr"),
            (", NPI ", "", ""),
            (_npi(r), "license", "license:npi"),
            (", at ", "", ""),
            (_phone(r, "us"), "phone", "phone:us"),
            (", and faxed the form to", "", ""),
        ]
    )
    lines.append([("     ", "", ""), (_phone(r, "us"), "fax", "fax:us_deposition"), (".", "", "")])
    lines.append([("Q.   Her daughter drove in that night?", "", "")])
    lines.append(
        [
            ("A.   Yes, in a pickup, plate ", "", ""),
            (_plate(r, "us"), "plate", "plate:us"),
            (". She lives on", "", ""),
        ]
    )
    street = f"{r.randint(100, 9999)} {r.choice(('Magnolia Dr', 'Pecan St', 'Old Mill Rd'))}"
    lines.append(
        [
            ("     ", "", ""),
            (street, "address", "address:us:deposition"),
            (" in ", "", ""),
            (r.choice(("Tulsa", "Enid", "Muskogee")), "address", "city:us"),
            (".", "", ""),
        ]
    )
    w.add(f"{r.randint(20, 140):>8}\n")
    for i, segs in enumerate(lines, 1):
        w.add(f"{i:>2}   ")
        _emit(w, segs)
        w.add("\n")
    w.add("\n        Reporter: ")
    _name(w, c.docs[2], "full")
    w.add(", CSR No. ")
    w.phi(_d(r, 4), "license", "license:csr")
    w.add("\n")


def _telegram(w: _W, c: _Case) -> None:
    """A telegram-style urgent request for a rare unit (Morocco, French)."""
    r = w.r
    f = str.upper
    w.add(
        "URGENT CNTS RABAT STOP DEMANDE SANG PHENOTYPE RARE STOP PATIENTE "
        if c.p.female
        else "URGENT CNTS RABAT STOP DEMANDE SANG PHENOTYPE RARE STOP PATIENT "
    )
    w.phi(f(c.p.full), "name", "name:telegram")
    w.add(" STOP CIN ")
    w.phi(c.natid, "natid", "natid:cin")
    w.add(" STOP AMO/CNSS ")
    w.phi(c.plan, "plan", "plan:cnss")
    w.add(" STOP NE LE ")
    w.phi(f(_fmt(c.dob, r.choice(("fr", "fr_1er", "d/m/Y")))), "date", "date:telegram_fr")
    w.add(" STOP AGE ")
    if c.age > 89 and r.random() < 0.5:
        _age(w, c.age, f(_age_word(c.age, "fr")), "fr:telegram_words")
    else:
        _age(w, c.age, str(c.age), "fr:telegram")
    w.add(" ANS STOP DOSSIER ")
    w.phi(c.mrn, "mrn", "mrn:telegram")
    w.add(" STOP PHENOTYPE ")
    _k(w, r.choice(("ccddee", "Vel NEG", "Kp(b-)", "Bombay Oh")), "phenotype")
    w.add(" ANTI-")
    _k(w, r.choice(("Vel", "k", "Jsb", "H")), "antibody")
    w.add(" TITRE ")
    _k(w, f"1:{r.choice((8, 16, 32, 64, 128))}", "titre")
    w.add(" STOP HB ")
    _k(w, f"{r.randint(50, 85) / 10:.1f}".replace(".", ","), "lab:Hb")
    w.add(" G/DL STOP ADRESSE FAMILLE ")
    _addr(
        w,
        _Addr(c.addr.street.upper(), c.addr.district.upper(), c.addr.city.upper(), c.addr.zip, ""),
        "ma",
        " ",
        "telegram",
    )
    w.add(" STOP TEL ")
    w.phi(c.phone, "phone", "phone:telegram")
    w.add(" STOP TRANSPORT PAR AMBULANCE ")
    w.phi(c.plate, "plate", "plate:ma")
    w.add(" STOP CONTACT DR ")
    w.phi(f(c.docs[0].family), "name", "name:telegram_dr")
    w.add(" INPE ")
    w.phi(_d(r, 9), "license", "license:inpe")
    w.add(" STOP TRANSFUSION PREVUE ")
    w.phi(
        f(_fmt(c.ref + timedelta(days=r.randint(1, 5)), r.choice(("fr", "fr_abbr")))),
        "date",
        "date:telegram_fr",
    )
    w.add(" STOP FIN\n")


def _ticket(w: _W, c: _Case) -> None:
    """A lab-information-system ticket thread (Pakistan)."""
    r = w.r
    tid = f"LIS-{r.randint(1000, 99999)}"
    w.add("Ticket ")
    w.phi(tid, "account", "account:ticket")
    w.add(" | Priority: ")
    _k(w, r.choice(("P2", "P3")), "priority")
    w.add(" | Component: Blood Bank\nSummary: duplicate MR for patient, crossmatch blocked\n\n")
    u1, u2 = c.docs[0], c.docs[1]
    w.add("--- ")
    _name(w, u1, "full", "ticket_author")
    w.add(" (")
    w.phi(_email(r, u1, "pk").replace("gmail.com", "shifa.org.pk"), "email", "email:ticket")
    w.add(") ")
    w.add(_fmt(c.ref, "Y-m-d") + f" {r.randint(8, 20):02d}:{r.randint(0, 59):02d}")
    w.add(" ---\nPatient ")
    _name(w, c.p, r.choice(("full", "upper", "lower")))
    w.add(" has two records: ")
    w.phi(c.mrn, "mrn", "mrn:ticket")
    mrn2 = f"{_d(r, 2)}-{_d(r, 2)}-{_d(r, 4)}"
    w.add(" and ")
    w.phi(mrn2, "mrn", "mrn:ticket_dup")
    w.add(". CNIC on both ")
    w.phi(c.natid, "natid", "natid:cnic")
    w.add(", DOB ")
    _date(w, c.dob, "en")
    w.add(" (")
    _age_phrase(w, c.age, "en")
    w.add("). Sahulat card ")
    w.phi(c.plan, "plan", "plan:sehat")
    w.add(".\nAntibody screen ")
    _k(w, r.choice(("positive", "negative")), "screen")
    w.add(", ")
    _k(w, f"{r.randint(2, 4)} units", "units")
    w.add(" on hold. Sample ")
    w.phi(c.lab, "accession", "accession:ticket")
    w.add(".\n\n--- ")
    _name(w, u2, "full", "ticket_author")
    w.add(" ")
    w.add(_fmt(c.ref + timedelta(days=1), "Y-m-d") + " 09:14")
    w.add(" ---\nMerged into ")
    w.phi(c.mrn, "mrn", "mrn:ticket")
    w.add(". Interface error from analyzer ")
    w.phi(f"IH{_d(r, 6)}", "serial", "serial:analyzer")
    w.add(" at ")
    w.phi(_ipv4(r), "ip", "ip:ticket")
    w.add(", see ")
    w.phi(f"http://lis.internal/bb/patient?mr={c.mrn}&ts={_d(r, 10)}", "url", "url:ticket")
    w.add(" . HL7 ACK code ")
    _k(w, "AE", "hl7_code")
    w.add(", build ")
    _k(w, f"{r.randint(5, 9)}.{r.randint(0, 20)}.{r.randint(100, 999)}", "version")
    w.add(". Closing.\n")


def _dictation(w: _W, c: _Case) -> None:
    """A haematology consult dictated with spoken punctuation (Egypt, English)."""
    r = w.r
    w.add("this is doctor ")
    w.phi(c.docs[0].full.lower(), "name", "name:dictation")
    w.add(" dictating a transfusion medicine consult period new paragraph patient name ")
    w.phi(c.p.full.lower(), "name", "name:dictation")
    w.add(" comma national I D ")
    w.phi(c.natid, "natid", "natid:egypt")
    w.add(" comma hospital number ")
    w.phi(" ".join(_SPOKEN.get(ch, ch) for ch in c.mrn if ch.isalnum()), "mrn", "mrn:spoken")
    w.add(" period date of birth ")
    w.phi(_fmt(c.dob, "words"), "date", "date:words")
    w.add(" period she is " if c.p.female else " period he is ")
    _age(w, c.age, _words(c.age), "en:dictation_words")
    w.add(" years old comma seen on ")
    _date(w, c.ref, "en", r.choice(("en", "ord", "words")))
    w.add(" period new paragraph known ")
    _k(w, r.choice(("beta thalassaemia major", "sickle cell disease", "MDS")), "diagnosis")
    w.add(" on chronic transfusion every ")
    _k(w, str(r.randint(2, 6)), "interval_weeks")
    w.add(" weeks comma ferritin ")
    _k(w, str(r.randint(800, 6400)), "lab:ferritin")
    w.add(" comma pre transfusion hemoglobin ")
    _k(w, f"{r.randint(60, 95) / 10:.1f}", "lab:Hb")
    w.add(" period alloantibodies anti open bracket ")
    _k(w, r.choice(("E", "K", "c", "Jka")), "antibody")
    w.add(" close bracket period family contact brother ")
    w.phi(_person(r, "eg", False).full.lower(), "name", "name:dictation_relative")
    w.add(" on ")
    w.phi(_spoken(c.phone), "phone", "phone:spoken")
    w.add(" period address ")
    _addr(w, c.addr, c.region, " comma ", "dictation")
    w.add(" period end of dictation\n")


def _ocr_box(w: _W, c: _Case) -> None:
    """An OCR'd boxed transfusion consent form (Lithuania), with letter-spaced fields."""
    r = w.r
    bar = "+" + "-" * 58 + "+\n"
    w.add(bar + "| SUTIKIMAS DĖL KRAUJO KOMPONENTŲ TRANSFUZIJOS  F-0" + str(r.randint(10, 99)))
    w.pad(59)
    w.add("|\n" + bar + "| Vardas, pavardė: ")
    if r.random() < 0.5:
        w.phi(" ".join(c.p.full.upper()), "name", "name:letter_spaced")
    else:
        _name(w, c.p, "upper")
    w.pad(59)
    w.add("|\n| Asmens kodas: ")
    ak = c.natid
    if r.random() < 0.5:
        w.phi("|".join(ak), "natid", "natid:lt_boxed")
    else:
        w.phi(ak, "natid", "natid:asmens_kodas")
    w.pad(59)
    w.add("|\n| Gimimo data: ")
    _date(w, c.dob, "lt")
    w.add("  Amžius: ")
    _age(w, c.age, str(c.age), "lt:box")
    w.pad(59)
    w.add("|\n| Ligos istorijos Nr. ")
    w.phi(c.mrn, "mrn", "mrn:lt")
    w.pad(59)
    w.add("|\n| PSD pažymėjimas: ")
    w.phi(c.plan, "plan", "plan:psd")
    w.pad(59)
    w.add("|\n| Adresas: ")
    _addr(w, c.addr, c.region, ", ", "box")
    w.pad(59)
    w.add("|\n| Tel.: ")
    w.phi(c.phone, "phone", "phone:lt")
    w.add("  el. p.: ")
    w.phi(c.email, "email", "email:lt")
    w.pad(59)
    w.add("|\n| Komponentas: ")
    _k(w, r.choice(("ER", "ŠŠP", "TK")), "component")
    w.add(" x ")
    _k(w, str(r.randint(1, 3)), "units")
    w.add("  Hb ")
    _k(w, str(r.randint(58, 89)), "lab:Hb_gL")
    w.add(" g/l")
    w.pad(59)
    w.add("|\n| Data: ")
    _date(w, c.ref, "lt")
    w.add("   Parašas: ________")
    w.pad(59)
    w.add("|\n| Gydytojas: ")
    _name(w, c.docs[0], "initial")
    w.add(" spaudo Nr. ")
    w.phi(_d(r, 6), "license", "license:lt_spaudas")
    w.pad(59)
    w.add("|\n" + bar)


def _fridge_json(w: _W, c: _Case) -> None:
    """Remote blood-fridge issue events as JSON lines (Portugal)."""
    r = w.r
    fr = f"FRG-{_d(r, 6)}"
    ip = _ipv4(r)
    for i, din in enumerate(c.dins):
        hh, mm, ss = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
        t = f"{c.ref.isoformat()}T{hh:02d}:{mm:02d}:{ss:02d}Z"
        w.add('{"ts":"')
        w.add(t)
        w.add('","fridge":"')
        w.phi(fr, "serial", "serial:fridge")
        w.add('","src":"')
        w.phi(ip, "ip", "ip:json")
        w.add('","event":"')
        w.add(r.choice(("ISSUE", "RETURN", "ISSUE")) if i else "ISSUE")
        w.add('","din":"')
        w.phi(din, "accession", "accession:din_json")
        w.add('","abo":"')
        _k(w, r.choice(("O+", "A-", "B+", "O-")), "abo")
        w.add('","temp_c":')
        _k(w, f"{r.randint(20, 58) / 10}", "temperature")
        w.add(',"utente":"')
        w.phi(c.plan, "plan", "plan:sns_utente")
        w.add('","doente":"')
        _name(w, c.p, r.choice(("full", "initial")))
        w.add('","proc":"')
        w.phi(c.mrn, "mrn", "mrn:processo")
        w.add('","user":"')
        _name(w, c.docs[i % 3], "initial", "json_user")
        w.add('"}\n')
    w.add("# nota de enfermagem: doente de ")
    _age_phrase(w, c.age, "pt")
    w.add(", NIF ")
    w.phi(c.natid, "natid", "natid:nif")
    w.add(", morada ")
    _addr(w, c.addr, c.region, ", ", "json_note")
    w.add(", tel. ")
    w.phi(c.phone, "phone", "phone:pt")
    w.add("; transfusões anteriores ")
    _range(w, c.ref - timedelta(days=r.randint(30, 200)), r.randint(1, 5), "pt")
    w.add(".\n")


_DOCS: tuple[tuple[str, str, Callable[[_W, _Case], None]], ...] = (
    ("bag_label", "hr", _bag_label),
    ("reaction_html", "ph", _reaction_html),
    ("xm_csv", "il", _xm_csv),
    ("deferral_rtf", "hu", _deferral_rtf),
    ("pager", "ng", _pager),
    ("ical", "is", _ical),
    ("wiki_minutes", "hr", _wiki),
    ("edi_shipment", "co", _edi),
    ("device_xml", "id", _device_xml),
    ("deposition", "us", _deposition),
    ("telegram", "ma", _telegram),
    ("ticket", "pk", _ticket),
    ("dictation", "eg", _dictation),
    ("ocr_box", "lt", _ocr_box),
    ("fridge_json", "pt", _fridge_json),
)
_NO_SUBJECT = {"xm_csv", "wiki_minutes"}


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
        note.ages = w.ages
        notes.append(note)
    return notes


# --------------------------------------------------------------------------- checks

_PLANTED = {"name", "mrn", "ssn", "natid", "plan", "phone", "fax", "email", "license"}
_PLANTED |= {"plate", "serial", "ip", "url", "accession", "account"}


def _age_value(s: str) -> int | None:
    digits = re.match(r"\d+", s)
    if digits:
        return int(digits.group())
    return _AGE_VALUE.get(s.lower())


def _self_check() -> list[str]:
    problems = []
    d = date(2021, 3, 9)
    if _fmt(d, "hu") != "2021. március 9." or _fmt(d, "hr") != "9. ožujka 2021.":
        problems.append("date formatting is off")
    if _fmt(d, "lt") != "2021 m. kovo 9 d." or _fmt(d, "tl") != "ika-9 ng Marso, 2021":
        problems.append("date formatting is off")
    if _fmt(d, "words") != "the ninth of March two thousand and twenty-one":
        problems.append("dates in words are off")
    if _age_word(93, "fr") != "quatre-vingt-treize" or _age_word(90, "es") != "noventa":
        problems.append("age words are off")
    if _age_word(92, "hu") != "kilencvenkettő" or _words(101) != "one hundred and one":
        problems.append("age words are off")
    if _luhn_digit("7992739871") != "3":
        problems.append("Luhn check digit is off")
    r = random.Random(0)
    for _ in range(20):
        o = _oib(r)
        a = 10
        for ch in o[:10]:
            a = (a + int(ch)) % 10 or 10
            a = (a * 2) % 11
        if (11 - a) % 10 != int(o[10]):
            problems.append("OIB check digit is off")
        t = _teudat(r)
        if (
            sum((v - 9 if v > 9 else v) for v in (int(ch) * (1 + i % 2) for i, ch in enumerate(t)))
            % 10
        ):
            problems.append("identity-number check digit is off")
    return problems


def check(notes: Sequence[TaggedNote]) -> list[str]:
    """Problems with the labels (empty when every span is exact); never runs the scrubber."""
    problems = check_labels(notes, KINDS, _PLANTED, _age_value)
    for i, note in enumerate(notes):
        where = f"note {i} ({note.doc})"
        for s, e, age in note.ages:
            labelled = any(a == s and b == e and k == "age" for a, b, k in note.spans)
            if labelled != (age > 89) or _age_value(note.text[s:e]) != age:
                problems.append(f"{where}: age {age} labelled wrongly")
    return problems


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
        title="held-out style 12",
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
