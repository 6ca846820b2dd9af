"""A sixteenth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run.

The theme, document types, layouts and countries are not described here on purpose, so that
whoever scores this style stays blind to them; read the generator functions for the details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, regions, countries, bare years, facility,
supplier and payer names, measurements, saturations, flow rates, pressures, run hours, device
models, firmware versions, lot numbers, product codes, counts and ages of 89 or under never
labelled (the planted ones are recorded as look-alikes); every calendar date about a person is a
``date``; ages labelled only over 89 (digits or words, the number only). An address is split
into street line, city / district spans and a separate ``zip`` span. Kinds: ``name date age
phone fax email address zip ssn natid mrn account plan license plate serial ip url accession``.
``ssn`` is a US Social Security number only; ``natid`` another country's national or tax number
or a passport; ``mrn`` record numbers held by a clinic, hospital or supplier; ``account``
customer, order, claim and ticket numbers; ``plan`` health- or social-insurance member numbers;
``license`` clinicians' registration numbers and drivers' licences; ``serial`` device serials;
``accession`` specimen and sample numbers. About a quarter of the notes carry no patient
context. Every span is tagged with the phrasing it was written in, and every planted
look-alike is recorded.

    python benchmarks/notes_heldout_s16.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_s16.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_s16.py               # 300 notes, seed 10100
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

DEFAULT_SEED = 10100
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

_ONES = (
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
)
_DIG = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _words(n: int) -> str:
    if n == 100:
        return "one hundred"
    if n > 100:
        return "one hundred and " + _ONES[n - 100]
    tens = {9: "ninety", 8: "eighty", 7: "seventy", 6: "sixty", 5: "fifty", 4: "forty"}[n // 10]
    return tens if n % 10 == 0 else f"{tens}-{_ONES[n % 10]}"


def _age(w: _W, age: int, text: str, form: str) -> None:
    """An age: a span when over 89, a recorded look-alike otherwise."""
    if age > 89:
        w.phi(text, "age", f"age:{form}")
    else:
        w.keep(text, f"age<=89:{form}")


def _d(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        total += v
    return str((10 - total % 10) % 10)


def _fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _ipv4(r: random.Random) -> str:
    first = r.choice([10, 172, 192, 100, 81, 145, 196, 201])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _ipv6(r: random.Random) -> str:
    groups = ["2a02", _hex(r, 4).lstrip("0") or "0"] + [_hex(r, 4) for _ in range(3)]
    return ":".join(groups[:2]) + "::" + ":".join(groups[2:])


def _tm(r: random.Random) -> str:
    return f"{r.randint(6, 21):02d}:{r.randint(0, 59):02d}"


# --------------------------------------------------------------------------- dates

_MON = {
    "en": "January February March April May June July August September October November December",
    "pt": "janeiro fevereiro março abril maio junho "
    "julho agosto setembro outubro novembro dezembro",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio "
    "julio agosto septiembre octubre noviembre diciembre",
}


def _lm(lang: str, d: date) -> str:
    return _MON[lang].split()[d.month - 1]


def _nth(n: int) -> str:
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def _fmt(d: date, style: str) -> str:
    en = _lm("en", d)
    if style == "us":
        return f"{d.month}/{d.day}/{d.year}"
    if style == "us0":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "us2":
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if style == "iso":
        return d.isoformat()
    if style == "compact":
        return d.strftime("%Y%m%d")
    if style == "dmy/":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "dmy.":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "dmy-":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if style == "long_en":
        return f"{d.day} {en} {d.year}"
    if style == "mdy_long":
        return f"{en} {d.day}, {d.year}"
    if style == "mon_abbr":
        return f"{en[:3]} {d.day} {d.year}"
    if style == "dmon":
        return f"{d.day:02d}-{en[:3].upper()}-{d.year % 100:02d}"
    if style == "ord":
        return f"the {_nth(d.day)} of {en}"
    if style == "pt":
        return f"{d.day} de {_lm('pt', d)} de {d.year}"
    if style == "da":
        return f"{d.day}. {_lm('da', d)} {d.year}"
    if style == "da_short":
        return f"{d.day}/{d.month}-{d.year}"
    if style == "nl":
        return f"{d.day} {_lm('nl', d)} {d.year}"
    if style == "fr":
        return f"{'1er' if d.day == 1 else d.day} {_lm('fr', d)} {d.year}"
    if style == "es":
        return f"{d.day} de {_lm('es', d)} de {d.year}"
    if style == "es_abbr":
        return f"{d.day:02d}/{_lm('es', d)[:3]}/{d.year}"
    raise ValueError(style)


def _date(w: _W, d: date, styles: Sequence[str]) -> None:
    style = w.r.choice(list(styles))
    w.phi(_fmt(d, style), "date", f"date:{style}")


# --------------------------------------------------------------------------- people

_TRAD: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "us": (
        ("Loretta", "Imogene", "Verna", "Bernadine", "Opal", "Geraldine", "Minnie"),
        ("Eldon", "Virgil", "Clifford", "Homer", "Lyle", "Orville", "Merle"),
        ("Kowalski", "Fairbanks", "Duquette", "Hendricks", "Oakes", "Redbird", "Quarles"),
    ),
    "pt": (
        ("Maria da Conceição", "Albertina", "Deolinda", "Filomena", "Graciete", "Olinda"),
        ("Joaquim", "Adelino", "Fernando", "Manuel Augusto", "Custódio", "Serafim"),
        ("Magalhães", "Gonçalves Pires", "Assunção", "Carvalhal", "Teixeira Lobo", "Brandão"),
    ),
    "dk": (
        ("Kirsten", "Birthe", "Ingrid", "Grethe", "Hanne", "Bodil"),
        ("Søren", "Poul", "Jørgen", "Knud", "Henning", "Flemming"),
        ("Kjærgaard", "Østergaard", "Mikkelsen", "Damgaard", "Skovbjerg", "Bækgaard"),
    ),
    "be": (
        ("Godelieve", "Mariette", "Ghislaine", "Liliane", "Josiane", "Rita"),
        ("Gilbert", "Marcel", "Roger", "Willy", "Firmin", "Gaston"),
        ("Vandenbroucke", "Peeters", "Claes", "Dewulf", "Lambrechts", "Dubois-Marchal"),
    ),
    "au": (
        ("Beryl", "Noreen", "Dulcie", "Marjorie", "Gwendolyn", "Thelma"),
        ("Keith", "Neville", "Clive", "Reginald", "Trevor", "Murray"),
        ("Pemberton", "McAllister", "Tjapaltjarri", "Nguyen-Tran", "Carmody", "Whitlam"),
    ),
    "za": (
        ("Nomvula", "Thandeka", "Elsabé", "Zanele", "Petronella", "Lindiwe"),
        ("Sipho", "Johannes", "Thabo", "Pieter", "Mandla", "Bongani"),
        ("van der Merwe", "Dlamini", "Nkosi", "Botha", "Mokoena", "Ndlovu"),
    ),
    "mx": (
        ("Guadalupe", "Socorro", "Refugio", "María Elena", "Esperanza", "Rosalba"),
        ("José Luis", "Heriberto", "Anselmo", "Eustaquio", "Jesús", "Rigoberto"),
        ("Hernández Ortiz", "Ramírez Bautista", "Cervantes Lugo", "Villaseñor", "Ocampo Ruiz"),
    ),
}
_CLIN = (
    ("Ingvild", "Tiago", "Annelies", "Nkechi", "Fergus", "Ximena", "Ruairi", "Mette"),
    ("Broekhuizen", "Abernethy", "Quaresma", "Oyekunle", "Lindholm", "Zapata", "Ferreira"),
)


@dataclass
class _P:
    given: str
    family: str
    female: bool = False

    def full(self) -> str:
        return f"{self.given} {self.family}"


def _person(r: random.Random, trad: str) -> _P:
    fem, male, fam = _TRAD[trad]
    female = r.random() < 0.55
    return _P(r.choice(fem if female else male), r.choice(fam), female)


def _clin(r: random.Random) -> _P:
    return _P(r.choice(_CLIN[0]), r.choice(_CLIN[1]))


def _name(w: _W, p: _P, style: str, form: str) -> None:
    if style == "full":
        w.phi(p.full(), "name", f"name:{form}")
    elif style == "last_first":
        w.phi(f"{p.family.upper()}, {p.given}", "name", f"name:{form}:last_first")
    elif style == "lower":
        w.phi(_fold(p.full()).lower(), "name", f"name:{form}:lower")
    elif style == "family":
        w.phi(p.family, "name", f"name:{form}:family")
    elif style == "given":
        w.phi(p.given, "name", f"name:{form}:given")
    elif style == "initial":
        w.phi(f"{p.given[0]}. {p.family}", "name", f"name:{form}:initial")
    else:
        raise ValueError(style)


def _email(r: random.Random, p: _P, domains: Sequence[str]) -> str:
    g = re.sub(r"[^a-z]", "", _fold(p.given).lower().split()[0])
    f = re.sub(r"[^a-z]", "", _fold(p.family).lower())
    user = r.choice([f"{g}.{f}", f"{g[0]}{f}{r.randint(1, 99)}", f"{f}_{g[:3]}", f"{g}{f[:4]}"])
    return f"{user}@{r.choice(list(domains))}"


# --------------------------------------------------------------------------- identifiers


def _ssn(r: random.Random) -> str:
    a = r.choice([n for n in range(1, 900) if n != 666])
    g, s = r.randint(1, 99), r.randint(1, 9999)
    return r.choice(
        [f"{a:03d}-{g:02d}-{s:04d}", f"{a:03d}{g:02d}{s:04d}", f"{a:03d} {g:02d} {s:04d}"]
    )


def _npi(r: random.Random) -> str:
    body = "1" + _d(r, 8)
    return body + _luhn_digit("80840" + body)


def _mbi(r: random.Random) -> str:
    al = "ACDEFGHJKMNPQRTUVWXY"
    an = al + "0123456789"
    parts = [
        str(r.randint(1, 9)),
        r.choice(al),
        r.choice(an),
        _d(r, 1),
        r.choice(al),
        r.choice(an),
        _d(r, 1),
        r.choice(al),
        r.choice(al),
        _d(r, 1),
        _d(r, 1),
    ]
    s = "".join(parts)
    return r.choice([s, f"{s[:4]}-{s[4:7]}-{s[7:]}"])


def _nif(r: random.Random) -> str:
    body = str(r.choice([1, 2])) + _d(r, 7)
    total = sum(int(c) * (9 - i) for i, c in enumerate(body))
    check = 11 - total % 11
    return body + str(0 if check >= 10 else check)


def _cpr(r: random.Random, dob: date, female: bool) -> str:
    seq = r.randint(0, 999) * 10 + r.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9])
    body = f"{dob.day:02d}{dob.month:02d}{dob.year % 100:02d}"
    return r.choice([f"{body}-{seq:04d}", f"{body}{seq:04d}", f"{body} {seq:04d}"])


def _rrn_be(r: random.Random, dob: date, female: bool) -> str:
    seq = r.randint(1, 498) * 2 + (0 if female else 1)
    seq = min(seq, 997)
    base = f"{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}{seq:03d}"
    num = int(base) if dob.year < 2000 else int("2" + base)
    cc = 97 - num % 97
    y, m, dd = base[:2], base[2:4], base[4:6]
    return r.choice(
        [f"{y}.{m}.{dd}-{seq:03d}.{cc:02d}", f"{base}{cc:02d}", f"{y}{m}{dd} {seq:03d} {cc:02d}"]
    )


def _za_id(r: random.Random, dob: date, female: bool) -> str:
    g = r.randint(0, 4999) if female else r.randint(5000, 9999)
    body = f"{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}{g:04d}08"
    return body + _luhn_digit(body)


def _curp(r: random.Random, p: _P, dob: date) -> str:
    fam = _fold(p.family).upper().replace(" ", "")
    giv = _fold(p.given).upper().replace(" ", "")
    vow = next((c for c in fam[1:] if c in "AEIOU"), "X")
    head = fam[0] + vow + (_up(r, 1)) + giv[0]
    mid = f"{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}{'M' if p.female else 'H'}"
    state = r.choice(["DF", "JC", "MC", "NL", "GT", "OC", "PL"])
    cons = "".join(r.choice("BCDFGHJKLMNPRSTVZ") for _ in range(3))
    return head + mid + state + cons + ("0" if dob.year < 2000 else "A") + _d(r, 1)


def _medicare_au(r: random.Random) -> str:
    first = str(r.randint(2, 6)) + _d(r, 7)
    w = (1, 3, 7, 9, 1, 3, 7, 9)
    check = sum(int(c) * x for c, x in zip(first, w, strict=True)) % 10
    issue = str(r.randint(1, 9))
    s = first + str(check) + issue
    return r.choice([s, f"{s[:4]} {s[4:9]} {s[9]}"])


# --------------------------------------------------------------------------- addresses


@dataclass
class _Addr:
    street: str
    city: str
    zip: str
    region: str
    district: str = ""


_STREETS = {
    "us": ("Cottonwood Ln", "County Road 14", "Prairie View Dr", "Elm Hollow Rd", "Tamarack Ct"),
    "pt": ("Rua do Almada", "Travessa das Flores", "Avenida da Boavista", "Rua Direita"),
    "dk": ("Nørregade", "Skovvej", "Engtoften", "Bøgeallé", "Præstevænget"),
    "be": ("Kerkstraat", "Rue des Tanneurs", "Molenweg", "Chaussée de Wavre", "Lindenlaan"),
    "au": ("Banksia St", "Wattle Grove", "Jacaranda Ave", "Currawong Cres", "Ironbark Rd"),
    "za": ("Jacaranda Rd", "Voortrekker St", "Umgeni Rd", "Protea Ave", "Kloof St"),
    "mx": ("Calle Ignacio Allende", "Av. Insurgentes Sur", "Calle Tlaxcala", "Cerrada Fresnos"),
}
_CITY = {
    "us": (("Cheyenne", "WY", "820"), ("Bismarck", "ND", "585"), ("Duluth", "MN", "558")),
    "pt": (("Porto", "", "4000"), ("Coimbra", "", "3000"), ("Braga", "", "4700")),
    "dk": (("Aarhus C", "", "8000"), ("Odense C", "", "5000"), ("Aalborg", "", "9000")),
    "be": (("Antwerpen", "", "2000"), ("Namur", "", "5000"), ("Gent", "", "9000")),
    "au": (
        ("Ballarat", "VIC", "3350"),
        ("Toowoomba", "QLD", "4350"),
        ("Wagga Wagga", "NSW", "2650"),
    ),
    "za": (("Pietermaritzburg", "KZN", "3201"), ("Stellenbosch", "WC", "7600")),
    "mx": (("Guadalajara", "Jal.", "44"), ("Puebla", "Pue.", "72"), ("Toluca", "Méx.", "50")),
}


def _address(r: random.Random, region: str) -> _Addr:
    st = r.choice(_STREETS[region])
    city, state, zp = r.choice(_CITY[region])
    num = r.randint(2, 480)
    if region == "us":
        street = r.choice([f"{num} {st}", f"{num} {st} Apt {r.randint(1, 40)}", f"RR 2 Box {num}"])
        zp = zp + _d(r, 2)
        if r.random() < 0.3:
            zp += "-" + _d(r, 4)
        return _Addr(street, city, zp, region, state)
    if region == "pt":
        street = f"{st}, n.º {num}, {r.randint(1, 6)}.º {r.choice(['Esq.', 'Dto.'])}"
        return _Addr(street, city, f"{zp[:1]}{_d(r, 3)}-{_d(r, 3)}", region)
    if region == "dk":
        floor = r.choice(
            ["", f", {r.randint(1, 4)}. th.", ", st. tv.", f", {r.randint(1, 4)}. mf."]
        )
        return _Addr(f"{st} {num}{floor}", city, zp, region)
    if region == "be":
        street = f"{st} {num}" if "Rue" not in st and "Chaussée" not in st else f"{num} {st}"
        if r.random() < 0.4:
            street += f" bus {r.randint(1, 12)}"
        return _Addr(street, city, zp, region)
    if region == "au":
        street = r.choice([f"{num} {st}", f"Unit {r.randint(1, 9)}/{num} {st}"])
        return _Addr(street, city, zp, region, state)
    if region == "za":
        street = r.choice([f"{num} {st}", f"Flat {r.randint(1, 30)}, Sunbird Court, {num} {st}"])
        suburb = r.choice(["Scottsville", "Hayfields", "Die Boord", "Mostertsdrift"])
        return _Addr(street, city, zp, region, suburb)
    street = f"{st} {num}" + (f" Int. {r.randint(1, 12)}" if r.random() < 0.5 else "")
    col = r.choice(["Col. Americana", "Col. Centro", "Col. La Paz", "Col. Del Valle"])
    return _Addr(street, city, zp + _d(r, 3), region, col)


def _addr_lines(w: _W, a: _Addr, sep: str = "\n", form: str = "block") -> None:
    w.phi(a.street, "address", f"address:{a.region}:{form}")
    w.add(sep if sep != "\n" else "\n")
    if a.region == "us":
        w.phi(a.city, "address", f"city:{a.region}")
        w.add(f", {a.district} ")
        w.phi(a.zip, "zip", f"zip:{a.region}")
    elif a.region == "au":
        w.phi(a.city, "address", f"city:{a.region}")
        w.add(f" {a.district} ")
        w.phi(a.zip, "zip", f"zip:{a.region}")
    elif a.region == "za":
        w.phi(a.district, "address", f"suburb:{a.region}")
        w.add(", " if sep != "\n" else "\n")
        w.phi(a.city, "address", f"city:{a.region}")
        w.add(" ")
        w.phi(a.zip, "zip", f"zip:{a.region}")
    elif a.region == "mx":
        w.phi(a.district, "address", f"colonia:{a.region}")
        w.add(", C.P. ")
        w.phi(a.zip, "zip", f"zip:{a.region}")
        w.add(", ")
        w.phi(a.city, "address", f"city:{a.region}")
    else:
        w.phi(a.zip, "zip", f"zip:{a.region}")
        w.add(" ")
        w.phi(a.city, "address", f"city:{a.region}")


# --------------------------------------------------------------------------- phones, plates


def _phone(r: random.Random, region: str) -> tuple[str, str]:
    if region == "us":
        a, b, c = r.randint(201, 989), r.randint(200, 989), _d(r, 4)
        return r.choice(
            [
                (f"({a}) {b}-{c}", "us:paren"),
                (f"{a}-{b}-{c}", "us:dash"),
                (f"{a}.{b}.{c}", "us:dot"),
                (f"+1 {a} {b} {c}", "us:intl"),
                (f"1-{a}-{b}-{c}", "us:1dash"),
            ]
        )
    if region == "pt":
        n = "9" + r.choice("1236") + _d(r, 7)
        return r.choice(
            [
                (f"{n[:3]} {n[3:6]} {n[6:]}", "pt:mobile"),
                (f"+351 {n[:3]} {n[3:6]} {n[6:]}", "pt:intl"),
                (f"22{_d(r, 1)} {_d(r, 3)} {_d(r, 3)}", "pt:fixed"),
            ]
        )
    if region == "dk":
        n = r.choice("2345") + _d(r, 7)
        pairs = " ".join(n[i : i + 2] for i in range(0, 8, 2))
        return r.choice([(pairs, "dk:pairs"), (f"+45 {pairs}", "dk:intl"), (n, "dk:bare")])
    if region == "be":
        n = "47" + _d(r, 7)
        return r.choice(
            [
                (f"0{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", "be:gsm"),
                (f"+32 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", "be:intl"),
                (f"0{r.choice(['3', '9'])}/{_d(r, 3)}.{_d(r, 2)}.{_d(r, 2)}", "be:fixed"),
            ]
        )
    if region == "au":
        n = "4" + _d(r, 8)
        return r.choice(
            [
                (f"0{n[:3]} {n[3:6]} {n[6:]}", "au:mobile"),
                (f"+61 {n[:3]} {n[3:6]} {n[6:]}", "au:intl"),
                (f"(03) 5{_d(r, 3)} {_d(r, 4)}", "au:landline"),
            ]
        )
    if region == "za":
        n = r.choice(["82", "83", "72", "61"]) + _d(r, 7)
        return r.choice(
            [
                (f"0{n[:2]} {n[2:5]} {n[5:]}", "za:cell"),
                (f"+27 {n[:2]} {n[2:5]} {n[5:]}", "za:intl"),
            ]
        )
    n = r.choice(["33", "55", "222", "722"])
    rest = _d(r, 10 - len(n))
    return r.choice(
        [
            (f"{n} {rest[:4]} {rest[4:]}", "mx:local"),
            (f"+52 {n} {rest[:4]} {rest[4:]}", "mx:intl"),
            (f"({n}) {rest}", "mx:paren"),
        ]
    )


def _spoken(num: str) -> str:
    digits = [c for c in num if c.isdigit()]
    out, group = [], []
    for i, c in enumerate(digits):
        group.append("oh" if c == "0" and i % 3 == 1 else _DIG[int(c)])
        if len(group) == 3 and len(digits) - i > 2:
            out.append(" ".join(group))
            group = []
    out.append(" ".join(group))
    return ", ".join(out)


def _ph(w: _W, ph: tuple[str, str], kind: str = "phone") -> None:
    w.phi(ph[0], kind, f"{kind}:{ph[1]}")


def _plate(r: random.Random, region: str) -> tuple[str, str]:
    if region == "us":
        return r.choice(
            [
                (f"{r.randint(1, 23)}-{_d(r, 4)}{_up(r, 1)}", "us:wy"),
                (f"{_up(r, 3)} {_d(r, 3)}", "us:nd"),
                (f"{_d(r, 3)}-{_up(r, 3)}", "us:mn"),
            ]
        )
    if region == "pt":
        return (f"{_up(r, 2)}-{_d(r, 2)}-{_up(r, 2)}", "pt")
    if region == "dk":
        return (f"{_up(r, 2)} {_d(r, 2)} {_d(r, 3)}", "dk")
    if region == "be":
        return r.choice(
            [(f"1-{_up(r, 3)}-{_d(r, 3)}", "be:dash"), (f"1{_up(r, 3)}{_d(r, 3)}", "be:bare")]
        )
    if region == "au":
        return r.choice(
            [
                (f"{_d(r, 1)}{_up(r, 2)} {_d(r, 1)}{_up(r, 2)}", "au:vic"),
                (f"{_up(r, 3)}-{_d(r, 2)}{_up(r, 1)}", "au:nsw"),
            ]
        )
    if region == "za":
        return r.choice(
            [
                (f"ND {_d(r, 3)}-{_d(r, 3)}", "za:kzn"),
                (f"CA {_d(r, 3)} {_d(r, 3)}", "za:wc"),
                (f"{_up(r, 2)} {_d(r, 2)} {_up(r, 2)} GP", "za:gp"),
            ]
        )
    return (f"{_up(r, 3)}-{_d(r, 3)}-{_up(r, 1)}", "mx")


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
    carer: _P
    serial: str
    acct: str
    plate: tuple[str, str]


_LANG = {"us": "en", "pt": "pt", "dk": "da", "be": "nl", "au": "en", "za": "en", "mx": "es"}


def _case(r: random.Random, region: str) -> _Case:
    p = _person(r, region)
    when = date(2019, 1, 1) + timedelta(days=r.randint(0, 1800))
    age = r.choice([r.randint(90, 104), r.randint(90, 101), r.randint(58, 89)])
    dob = date(when.year - age, r.randint(1, 12), r.randint(1, 28))
    if (dob.month, dob.day) > (when.month, when.day):
        dob = dob.replace(year=dob.year - 1)
    if region == "us":
        natid = _ssn(r)
        plan = _mbi(r)
    elif region == "pt":
        natid = _nif(r)
        plan = _d(r, 9)
    elif region == "dk":
        natid = _cpr(r, dob, p.female)
        plan = ""
    elif region == "be":
        natid = _rrn_be(r, dob, p.female)
        plan = r.choice([f"{r.choice(['116', '226', '319'])}/{_d(r, 6)}/{_d(r, 2)}", _d(r, 11)])
    elif region == "au":
        natid = f"{_up(r, 1)}{_d(r, 7)}"  # passport
        plan = _medicare_au(r)
    elif region == "za":
        natid = _za_id(r, dob, p.female)
        plan = r.choice([_d(r, 9), f"{_up(r, 3)}{_d(r, 7)}"])
    else:
        natid = _curp(r, p, dob)
        plan = (
            f"{_d(r, 2)} {_d(r, 2)} {_d(r, 2)} {_d(r, 4)} {_d(r, 1)}"
            if r.random() < 0.5
            else _d(r, 11)
        )
    mrn = r.choice(
        [f"HO-{_d(r, 6)}", f"{_up(r, 2)}{_d(r, 7)}", _d(r, 8), f"P{_d(r, 5)}/{_d(r, 2)}"]
    )
    serial = r.choice(
        [
            f"{_up(r, 3)}{_d(r, 8)}",
            f"SN{_d(r, 2)}{_up(r, 1)}{_d(r, 6)}",
            f"{_d(r, 4)}-{_d(r, 4)}-{_up(r, 2)}",
        ]
    )
    acct = r.choice([f"CU{_d(r, 7)}", f"{_d(r, 3)}-{_d(r, 5)}", f"ORD-{_d(r, 8)}"])
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
        _clin(r),
        _person(r, region),
        serial,
        acct,
        _plate(r, region),
    )


def _look(w: _W, kinds: Sequence[str]) -> None:
    """Write one clinical look-alike (never PHI) with its form."""
    r = w.r
    k = r.choice(list(kinds))
    if k == "spo2":
        w.add("SpO2 ")
        w.keep(f"{r.randint(82, 96)}%", "spo2")
        w.add(" on ")
        w.keep(f"{r.choice(['1', '1.5', '2', '3', '4'])} L/min", "flow")
    elif k == "pao2":
        w.add("PaO2 ")
        w.keep(f"{r.randint(48, 62)} mmHg", "pao2")
        w.add(", PaCO2 ")
        w.keep(f"{r.randint(38, 61)} mmHg", "paco2")
    elif k == "hcpcs":
        w.add("HCPCS ")
        w.keep(r.choice(["E1390", "E0431", "E1392", "K0738", "E0443"]), "hcpcs")
    elif k == "hours":
        w.add("run hours ")
        w.keep(f"{r.randint(1000, 39999)}", "run_hours")
    elif k == "fw":
        w.add("firmware ")
        w.keep(f"v{r.randint(1, 5)}.{r.randint(0, 19)}.{r.randint(0, 99)}", "firmware")
    elif k == "lot":
        w.add("lot ")
        w.keep(f"{_up(r, 1)}{_d(r, 5)}", "lot")
    elif k == "icd":
        w.add("ICD-10 ")
        w.keep(r.choice(["J44.1", "J96.11", "J84.10", "I27.20", "G47.33"]), "icd10")
    elif k == "fev1":
        w.add("FEV1 ")
        w.keep(f"{r.uniform(0.5, 1.9):.2f} L", "fev1")
        w.add(" (")
        w.keep(f"{r.randint(21, 55)}%", "fev1_pct")
        w.add(" pred)")
    elif k == "cyl":
        w.add("cylinders ")
        w.keep(f"{r.randint(2, 12)}x {r.choice(['E', 'D', 'CD', 'M6', 'HX'])}", "cylinders")
    elif k == "model":
        w.add("model ")
        w.keep(
            r.choice(["EverFlo Q", "Perfecto2 V", "SimplyGo Mini", "Inogen G5", "Platinum 10"]),
            "model",
        )
    elif k == "walk":
        w.add("6MWT ")
        w.keep(f"{r.randint(90, 420)} m", "6mwt")
        w.add(", nadir ")
        w.keep(f"{r.randint(80, 90)}%", "spo2_nadir")


# --------------------------------------------------------------------------- documents


def _us_cmn(w: _W, c: _Case) -> None:
    """US certificate of medical necessity for home oxygen, key/value lines."""
    r = w.r
    w.add("CERTIFICATE OF MEDICAL NECESSITY - OXYGEN\nSECTION A\nCert type: ")
    w.add(r.choice(["INITIAL", "REVISED", "RECERTIFICATION"]) + "   Date: ")
    _date(w, c.when, ("us0", "us", "iso"))
    w.add("\nPATIENT NAME: ")
    _name(w, c.p, "last_first", "cmn")
    w.add("\nPT ADDRESS: ")
    _addr_lines(w, c.addr, ", ", "cmn")
    w.add("\nTELEPHONE: ")
    _ph(w, c.phone)
    w.add("\nMBI: ")
    w.phi(c.plan, "plan", "plan:mbi")
    if r.random() < 0.5:
        w.add("   SSN: ")
        w.phi(c.natid, "ssn", "ssn:cmn")
    w.add("\nDOB: ")
    _date(w, c.dob, ("us0", "us2", "compact"))
    w.add("  Sex: " + ("F" if c.p.female else "M") + "  Age: ")
    _age(w, c.age, str(c.age), "cmn_field")
    w.add("  Ht ")
    w.keep(f"{r.randint(58, 72)} in", "height")
    w.add("  Wt ")
    w.keep(f"{r.randint(98, 240)} lbs", "weight")
    w.add("\nSUPPLIER: Prairie Breath Home Medical   Acct# ")
    w.phi(c.acct, "account", "account:supplier")
    w.add("\nNSC/PTAN ")
    w.keep(_d(r, 10), "nsc_number")
    w.add("\nEquipment: ")
    _look(w, ("hcpcs",))
    w.add(", S/N ")
    w.phi(c.serial, "serial", "serial:cmn")
    w.add("\nSECTION B\n1a. Result of most recent test: ")
    _look(w, ("pao2", "spo2"))
    w.add("\n1b. Test date: ")
    _date(w, c.when - timedelta(days=r.randint(1, 25)), ("us0", "us2"))
    w.add("\n2. Test condition: " + r.choice(["at rest", "during exercise", "during sleep"]) + "\n")
    w.add("3. Physician/NPP ")
    _name(w, c.clin, "full", "cmn_md")
    w.add(", MD   NPI ")
    w.phi(_npi(r), "license", "license:npi")
    w.add("\n4. Length of need: ")
    w.keep(r.choice(["99", "12", "6"]), "length_of_need")
    w.add(" months   Dx: ")
    _look(w, ("icd",))
    w.add("\nSigned ")
    _date(w, c.when + timedelta(days=r.randint(0, 5)), ("us0", "us"))
    w.add(" - physician office fax ")
    _ph(w, _phone(r, "us"), "fax")
    w.add("\n")


def _route_manifest(w: _W, c: _Case) -> None:
    """A driver's delivery route as CSV, several customers, no one subject."""
    r = w.r
    region = c.region
    w.add("# route export ")
    w.keep(f"R{r.randint(10, 99)}", "route_code")
    w.add(" depot=North  vehicle=")
    pl = _plate(r, region)
    w.phi(pl[0], "plate", f"plate:{pl[1]}:manifest")
    w.add("  driver=")
    drv = _person(r, region)
    _name(w, drv, "full", "manifest_driver")
    w.add("  run_date=")
    _date(w, c.when, ("iso",))
    w.add("\nstop,eta,customer,street,postcode,city,phone,drop,collect,notes\n")
    seen: set[str] = set()
    stop = 0
    for _ in range(r.randint(3, 6)):
        p = _person(r, region)
        if p.full() in seen or p.family in {drv.family}:
            continue
        seen.add(p.full())
        stop += 1
        a = _address(r, region)
        w.add(f"{stop},{_tm(r)},")
        if r.random() < 0.5:
            w.add('"')
            _name(w, p, "last_first", "manifest")
            w.add('"')
        else:
            _name(w, p, "full", "manifest")
        w.add(',"')
        w.phi(a.street, "address", f"address:{region}:manifest")
        w.add('",')
        w.phi(a.zip, "zip", f"zip:{region}")
        w.add(",")
        w.phi(a.city, "address", f"city:{region}")
        w.add(",")
        _ph(w, _phone(r, region))
        w.add(",")
        w.keep(f"{r.randint(1, 8)}x{r.choice(['E', 'CD', 'HX', 'LOX'])}", "drop_qty")
        w.add(",")
        w.keep(f"{r.randint(0, 8)}", "collect_qty")
        w.add(",")
        w.add(r.choice(["dog in yard", "ring twice", "key safe", "", "ramp at back", "call ahead"]))
        w.add("\n")
    w.add("# totals: ")
    w.keep(f"{r.randint(8, 40)} cylinders", "total_cylinders")
    w.add(", odometer ")
    w.keep(f"{r.randint(10000, 290000)} km", "odometer")
    w.add("\n")


def _telemetry(w: _W, c: _Case) -> None:
    """Concentrator uplink events as JSON lines."""
    r = w.r
    ip = _ipv4(r) if r.random() < 0.7 else _ipv6(r)
    host = r.choice(["o2link.example-homecare.net", "portal.airsupply-demo.eu", "rm.oxycloud.test"])
    pid = f"{_hex(r, 8)}-{_hex(r, 4)}"
    for i in range(r.randint(3, 5)):
        ts = c.when + timedelta(days=i)
        w.add('{"ts":"')
        w.phi(f"{ts.isoformat()}T{_tm(r)}:{r.randint(10, 59)}Z", "date", "date:iso_ts")
        w.add('","device":"')
        w.phi(c.serial, "serial", "serial:json")
        w.add('","src":"')
        w.phi(ip, "ip", "ip:json")
        w.add('","event":"' + r.choice(["o2_purity_low", "heartbeat", "power_loss", "filter_due"]))
        w.add('","purity":')
        w.keep(f"{r.uniform(82, 96):.1f}", "o2_purity")
        w.add(',"hours":')
        w.keep(f"{r.randint(1000, 30000)}", "run_hours")
        if i == 0:
            w.add(',"patient_ref":"')
            w.phi(c.mrn, "mrn", "mrn:json")
            w.add('"')
        w.add("}\n")
    w.add("alert link: ")
    w.phi(f"https://{host}/patients/{pid}/alerts?from={c.when:%Y%m%d}", "url", "url:portal")
    w.add("\nack by ")
    _name(w, c.clin, "initial", "telemetry_ack")
    w.add(" - ")
    _look(w, ("fw", "model"))
    w.add("\n")


def _pt_prescricao(w: _W, c: _Case) -> None:
    """Portuguese prescription of long-term oxygen therapy."""
    r = w.r
    w.add("PRESCRIÇÃO DE OXIGENOTERAPIA DE LONGA DURAÇÃO\nUtente: ")
    _name(w, c.p, "full", "pt")
    w.add("\nN.º de utente SNS: ")
    w.phi(c.plan, "plan", "plan:sns")
    w.add("   NIF: ")
    w.phi(c.natid, "natid", "natid:nif")
    w.add("\nData de nascimento: ")
    _date(w, c.dob, ("dmy/", "dmy-"))
    w.add(" (")
    _age(w, c.age, str(c.age), "pt_anos")
    w.add(" anos)\nMorada: ")
    _addr_lines(w, c.addr, ", ", "pt")
    w.add("\nTelemóvel: ")
    _ph(w, c.phone)
    w.add("\nProcesso hospitalar n.º ")
    w.phi(c.mrn, "mrn", "mrn:processo")
    w.add("\nDébito: ")
    w.keep(f"{r.choice(['1', '2', '3'])} l/min", "flow")
    w.add(" em repouso, ")
    w.keep(f"{r.randint(15, 24)} h/dia", "hours_per_day")
    w.add(". Gasometria: ")
    _look(w, ("pao2",))
    w.add(".\nFornecedor: Linde Saúde / Air Liquide Medicinal; concentrador n.º série ")
    w.phi(c.serial, "serial", "serial:pt")
    w.add("\nMédico: Dr.ª " if r.random() < 0.5 else "\nMédico: Dr. ")
    _name(w, c.clin, "full", "pt_md")
    w.add(", cédula profissional ")
    w.phi(_d(r, 5), "license", "license:omd")
    w.add("\nPorto, ")
    _date(w, c.when, ("pt",))
    w.add("\nReavaliação prevista a ")
    _date(w, c.when + timedelta(days=r.randint(80, 100)), ("pt", "dmy/"))
    w.add(".\n")


def _dk_besog(w: _W, c: _Case) -> None:
    """Danish home-oxygen nurse visit note."""
    r = w.r
    w.add("Hjemmebesøg – iltbehandling\nBorger: ")
    _name(w, c.p, "full", "dk")
    w.add(", CPR-nr. ")
    w.phi(c.natid, "natid", "natid:cpr")
    w.add("\nAdresse: ")
    _addr_lines(w, c.addr, ", ", "dk")
    w.add("\nTlf. ")
    _ph(w, c.phone)
    w.add("\nBesøg ")
    _date(w, c.when, ("da", "da_short", "dmy."))
    w.add(" kl. " + _tm(r) + ". ")
    if r.random() < 0.5:
        w.add("Borgeren er ")
        _age(w, c.age, str(c.age), "dk_aarig")
        w.add("-årig, bor alene. ")
    else:
        w.add("Ægtefælle ")
        fem, male, _fam = _TRAD["dk"]
        sp = _P(r.choice(male if c.p.female else fem), c.p.family, not c.p.female)
        _name(w, sp, "given", "dk_spouse")
        w.add(" (")
        sp_age = c.age + r.randint(-3, 4)
        _age(w, sp_age, str(sp_age), "dk_spouse_paren")
        w.add(" år) hjælper. ")
    _look(w, ("spo2", "cyl"))
    w.add(". Koncentrator serienr. ")
    w.phi(c.serial, "serial", "serial:dk")
    w.add(" kontrolleret. ")
    _look(w, ("hours",))
    w.add(".\nRygning i hjemmet: nej. Sikkerhedsinstruks gennemgået.\nPårørende: ")
    _name(w, c.carer, "full", "dk_carer")
    w.add(", ")
    _ph(w, _phone(r, "dk"))
    w.add("\nSygeplejerske ")
    _name(w, c.clin, "initial", "dk_nurse")
    w.add(", aut.-ID ")
    w.phi(f"{_d(r, 1)}{_up(r, 1)}{_d(r, 1)}{_up(r, 1)}{_d(r, 1)}", "license", "license:autid")
    w.add("\n")


def _be_brief(w: _W, c: _Case) -> None:
    """Belgian pulmonologist letter to the mutual insurer, Dutch or French."""
    r = w.r
    fr = r.random() < 0.5
    if fr:
        w.add("Objet : demande de remboursement – oxygénothérapie de longue durée\nPatient(e) : ")
    else:
        w.add("Betreft: aanvraag terugbetaling zuurstoftherapie (langdurig)\nPatiënt(e): ")
    _name(w, c.p, r.choice(["full", "last_first"]), "be")
    w.add("\nNISS : " if fr else "\nRijksregisternr.: ")
    w.phi(c.natid, "natid", "natid:rrn")
    w.add("\nN° d'affiliation mutualité : " if fr else "\nAansluitingsnr. ziekenfonds: ")
    w.phi(c.plan, "plan", "plan:mutual")
    w.add("\nNé(e) le " if fr else "\nGeboren op ")
    _date(w, c.dob, ("fr", "dmy/") if fr else ("nl", "dmy/"))
    w.add("\nAdresse : " if fr else "\nAdres: ")
    _addr_lines(w, c.addr, ", ", "be")
    w.add("\n\n")
    if fr:
        w.add("Chère Consœur, cher Confrère,\nJ'ai revu votre patient(e) en consultation le ")
        _date(w, c.when, ("fr",))
        w.add(". Ce jour : ")
    else:
        w.add("Geachte collega,\nIk zag uw patiënt(e) op de raadpleging op ")
        _date(w, c.when, ("nl",))
        w.add(". Vandaag: ")
    _look(w, ("pao2", "fev1"))
    w.add(". ")
    if c.age > 89 and r.random() < 0.6:
        w.add("Âgé(e) de " if fr else "Op ")
        _age(w, c.age, str(c.age), "be_age")
        w.add(" ans, " if fr else "-jarige leeftijd, ")
    w.add("indication maintenue." if fr else "indicatie blijft behouden.")
    w.add("\nDossier : " if fr else "\nDossiernr.: ")
    w.phi(c.mrn, "mrn", "mrn:be")
    w.add("\n\n")
    _name(w, c.clin, "full", "be_md")
    w.add(", pneumologue\nINAMI " if fr else ", longarts\nRIZIV ")
    w.phi(f"1-{_d(r, 5)}-{_d(r, 2)}-{_d(r, 3)}", "license", "license:riziv")
    w.add("\nTél. " if fr else "\nTel. ")
    _ph(w, _phone(r, "be"))
    w.add(" – Fax ")
    _ph(w, _phone(r, "be"), "fax")
    w.add("\n")


def _au_referral(w: _W, c: _Case) -> None:
    """Australian home oxygen program referral, e-mailed."""
    r = w.r
    w.add("From: ")
    em = _email(r, c.clin, ("health.example.gov.au", "respclinic.example.com.au"))
    w.phi(em, "email", "email:from")
    w.add("\nSent: ")
    w.add(r.choice(["Tuesday", "Wednesday", "Friday"]) + ", ")
    _date(w, c.when, ("long_en",))
    w.add(" " + _tm(r) + "\nSubject: HOP referral - ")
    _name(w, c.p, "family", "au_subject")
    w.add("\n\nHi team,\nPlease set up domiciliary O2 for ")
    _name(w, c.p, "full", "au_body")
    w.add(" (DOB ")
    _date(w, c.dob, ("dmy/",))
    w.add("), ")
    if c.age > 89:
        if r.random() < 0.5:
            _age(w, c.age, _words(c.age), "au_words")
        else:
            _age(w, c.age, str(c.age), "au_digits")
        w.add(" y.o. ")
    else:
        _age(w, c.age, str(c.age), "au_digits")
        w.add("yo ")
    w.add(r.choice(["DVA Gold card holder", "pensioner", "lives with daughter"]) + ".\n")
    w.add("Medicare ")
    w.phi(c.plan, "plan", "plan:medicare_au")
    if r.random() < 0.5:
        w.add(" IRN ")
        w.keep(str(r.randint(1, 5)), "irn")
    w.add("  DVA file no. ")
    w.phi(f"{r.choice(['N', 'V', 'Q'])}{r.choice(['X', 'SM', ''])}{_d(r, 6)}", "plan", "plan:dva")
    w.add("\nAddress: ")
    _addr_lines(w, c.addr, ", ", "au")
    w.add("\nMob: ")
    _ph(w, c.phone)
    w.add("\nUR ")
    w.phi(c.mrn, "mrn", "mrn:ur")
    w.add("\n")
    _look(w, ("spo2", "walk"))
    w.add(". Travels interstate often - passport ")
    w.phi(c.natid, "natid", "natid:passport_au")
    w.add(" for airline POC form.\nCar for disabled parking permit, rego ")
    w.phi(c.plate[0], "plate", f"plate:{c.plate[1]}:rego")
    w.add(".\nCheers,\n")
    _name(w, c.clin, "given", "au_sig")
    w.add("\nAHPRA MED")
    w.phi(_d(r, 10), "license", "license:ahpra")
    w.add("\n")


def _za_note(w: _W, c: _Case) -> None:
    """South African oxygen supplier intake form."""
    r = w.r
    w.add("HOME OXYGEN INTAKE | ")
    _date(w, c.when, ("dmy/", "iso", "long_en"))
    w.add("\nClient: ")
    _name(w, c.p, "full", "za")
    w.add(" | ID No: ")
    w.phi(c.natid, "natid", "natid:za_id")
    w.add("\nMedical aid: Discovery-style scheme, member no. ")
    w.phi(c.plan, "plan", "plan:medical_aid")
    w.add(" dep ")
    w.keep(f"0{r.randint(0, 4)}", "dependant_code")
    w.add("\nPhysical address: ")
    _addr_lines(w, c.addr, "\n", "za")
    w.add("\nCell: ")
    _ph(w, c.phone)
    w.add("   Alt (son ")
    _name(w, c.carer, "given", "za_son")
    w.add("): ")
    _ph(w, _phone(r, "za"))
    w.add("\nLoad-shedding backup: ")
    w.keep(f"{r.randint(2, 6)} x {r.choice(['680', '340', '1360'])} L", "backup_cylinders")
    w.add(", inverter ")
    w.keep(f"{r.choice([1, 3, 5])} kVA", "inverter")
    w.add("\nDelivery vehicle ")
    w.phi(c.plate[0], "plate", f"plate:{c.plate[1]}:delivery")
    w.add(" | ")
    _look(w, ("model", "lot"))
    w.add(" | serial ")
    w.phi(c.serial, "serial", "serial:za")
    w.add("\nReferring Dr ")
    _name(w, c.clin, "initial", "za_md")
    w.add(" HPCSA MP ")
    w.phi(_d(r, 7), "license", "license:hpcsa")
    w.add("\n")


def _mx_nota(w: _W, c: _Case) -> None:
    """Mexican home-oxygen nursing note."""
    r = w.r
    w.add("NOTA DE ENFERMERÍA – OXÍGENO DOMICILIARIO\nFecha: ")
    _date(w, c.when, ("es_abbr", "es", "dmy/"))
    w.add("\nNombre: ")
    _name(w, c.p, r.choice(["full", "last_first"]), "mx")
    w.add("\nCURP: ")
    w.phi(c.natid, "natid", "natid:curp")
    w.add("\nNSS: ")
    w.phi(c.plan, "plan", "plan:nss")
    w.add("\nEdad: ")
    _age(w, c.age, str(c.age), "mx_edad")
    w.add(" años   Expediente: ")
    w.phi(c.mrn, "mrn", "mrn:expediente")
    w.add("\nDomicilio: ")
    _addr_lines(w, c.addr, ", ", "mx")
    w.add("\nTel.: ")
    _ph(w, c.phone)
    w.add("\nFamiliar responsable: ")
    _name(w, c.carer, "full", "mx_carer")
    w.add(", correo ")
    w.phi(_email(r, c.carer, ("correo.example.mx", "mail.example.com")), "email", "email:carer")
    w.add("\n")
    _look(w, ("spo2",))
    w.add(", ")
    _look(w, ("cyl", "model"))
    w.add(". Concentrador serie ")
    w.phi(c.serial, "serial", "serial:mx")
    if r.random() < 0.6:
        w.add(". Traslado a consulta en vehículo familiar placas ")
        w.phi(c.plate[0], "plate", f"plate:{c.plate[1]}:placas")
    w.add("\nEnf. ")
    _name(w, c.clin, "full", "mx_nurse")
    w.add(", céd. prof. ")
    w.phi(_d(r, 7), "license", "license:cedula")
    w.add("\n")


def _voicemail(w: _W, c: _Case) -> None:
    """A voicemail transcript left on the supplier's after-hours line."""
    r = w.r
    w.add("[Voicemail transcript, confidence ")
    w.keep(f"{r.randint(61, 97)}%", "asr_confidence")
    w.add("] received ")
    _date(w, c.when, ("mon_abbr", "us0"))
    w.add(" " + _tm(r) + "\n")
    w.add('"hi this is ')
    _name(w, c.carer, "lower", "vm_caller")
    w.add(" calling about my mother " if c.p.female else " calling about my father ")
    _name(w, c.p, "lower", "vm_patient")
    w.add(", she is " if c.p.female else ", he is ")
    if c.age > 89:
        _age(w, c.age, _words(c.age), "vm_words")
    else:
        _age(w, c.age, str(c.age), "vm_digits")
    w.add(" and the oxygen machine keeps beeping, the little light is red, um, the number on")
    w.add(" the back is ")
    w.phi(" ".join(c.serial), "serial", "serial:spelled")
    w.add(" ... his birthday is " if not c.p.female else " ... her birthday is ")
    w.phi(_fmt(c.dob, "ord"), "date", "date:ord_spoken")
    w.add(", account ")
    w.phi(_spoken(re.sub(r"\D", "", c.acct)), "account", "account:spoken")
    w.add(". please call me back at ")
    w.phi(_spoken(c.phone[0]), "phone", "phone:spoken")
    w.add(', thank you"\n')
    w.add("Routed to on-call tech ")
    _name(w, c.clin, "given", "vm_tech")
    w.add(". Ticket ")
    w.phi(f"INC{_d(r, 7)}", "account", "account:ticket")
    w.add(". ")
    _look(w, ("model",))
    w.add("\n")


def _incident_email(w: _W, c: _Case) -> None:
    """An adverse-event e-mail with headers, about a burn or fire near oxygen."""
    r = w.r
    ip = _ipv4(r)
    w.add("Received: from mail-relay (")
    w.phi(f"[{ip}]", "ip", "ip:received_bracket")
    w.add(")\nFrom: ")
    rep = c.clin
    w.phi(
        _email(r, rep, ("homeoxy-example.com", "resp-supplies.example.org")), "email", "email:from"
    )
    w.add("\nDate: ")
    w.add(r.choice(["Mon", "Tue", "Thu"]) + ", ")
    w.phi(f"{c.when.day} {_lm('en', c.when)[:3]} {c.when.year}", "date", "date:rfc2822")
    w.add(f" {_tm(r)}:{r.randint(10, 59)} +0000\nSubject: Incident report ")
    w.phi(f"IR-{c.when.year}-{_d(r, 4)}", "account", "account:incident")
    w.add("\n\nCustomer ")
    _name(w, c.p, "full", "ir")
    w.add(" (cust ")
    w.phi(c.acct, "account", "account:cust")
    w.add(") sustained facial burns on ")
    _date(w, c.when - timedelta(days=r.randint(1, 3)), ("us0", "mdy_long", "long_en"))
    w.add(" while smoking with cannula on. ")
    _look(w, ("spo2",))
    w.add(". ED at Mercy General, specimen ")
    w.phi(f"{_up(r, 1)}{c.when.year % 100}-{_d(r, 6)}", "accession", "accession:ed_lab")
    w.add(". Unit ")
    w.phi(c.serial, "serial", "serial:ir")
    w.add(" quarantined, ")
    _look(w, ("lot", "hours"))
    w.add(".\nHome: ")
    _addr_lines(w, c.addr, ", ", "ir")
    w.add(". Fire dept report no. ")
    if r.random() < 0.5:
        w.keep(f"FD-{r.randint(1000, 9999)}", "fire_report_ref")
    else:
        w.add("pending")
    w.add("\nPhotos: ")
    w.phi(f"https://share.homeoxy-example.com/s/{_hex(r, 12)}", "url", "url:share")
    w.add("\nSSN on file: ")
    if c.region == "us":
        w.phi(c.natid, "ssn", "ssn:ir")
    else:
        w.add("n/a")
    w.add("\n-- \n")
    _name(w, rep, "full", "ir_sig")
    w.add(", RRT\nQuality & Risk\n")


_DOCS: list[tuple[str, str, Callable[[_W, _Case], None]]] = [
    ("us_cmn", "us", _us_cmn),
    ("route_manifest_au", "au", _route_manifest),
    ("telemetry_jsonl", "dk", _telemetry),
    ("pt_prescricao", "pt", _pt_prescricao),
    ("dk_besog", "dk", _dk_besog),
    ("be_brief", "be", _be_brief),
    ("au_referral", "au", _au_referral),
    ("za_intake", "za", _za_note),
    ("mx_nota", "mx", _mx_nota),
    ("voicemail_us", "us", _voicemail),
    ("incident_email", "us", _incident_email),
    ("route_manifest_pt", "pt", _route_manifest),
    ("telemetry_jsonl_us", "us", _telemetry),
    ("voicemail_au", "au", _voicemail),
]
_NO_SUBJECT = {"route_manifest_au", "route_manifest_pt"}


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc in _NO_SUBJECT or r.random() < 0.12:
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
_NUM_WORDS = {_words(a): a for a in range(40, 105)}


def _age_value(s: str) -> int | None:
    digits = re.match(r"\d+", s)
    if digits:
        return int(digits.group())
    return _NUM_WORDS.get(s.lower())


def _self_check() -> list[str]:
    problems = []
    d = date(2021, 3, 9)
    if _fmt(d, "pt") != "9 de março de 2021" or _fmt(d, "da") != "9. marts 2021":
        problems.append("date formatting is off")
    if _fmt(d, "ord") != "the 9th of March" or _fmt(d, "es_abbr") != "09/mar/2021":
        problems.append("date formatting is off")
    if _words(93) != "ninety-three" or _words(100) != "one hundred":
        problems.append("number words are off")
    if _luhn_digit("7992739871") != "3":
        problems.append("Luhn check digit is off")
    r = random.Random(0)
    be = re.sub(r"\D", "", _rrn_be(r, date(1931, 4, 12), True))
    if (int(be[:9]) + int(be[9:])) % 97:
        problems.append("Belgian national number check is off")
    nif = _nif(r)
    total = sum(int(c) * (9 - i) for i, c in enumerate(nif[:8]))
    if (total + int(nif[8])) % 11 and not (total % 11 in (0, 1) and nif[8] == "0"):
        problems.append("NIF check digit is off")
    za = _za_id(r, date(1930, 2, 3), False)
    if _luhn_digit(za[:-1]) != za[-1]:
        problems.append("South African ID check digit is off")
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
        title="held-out style 16",
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
