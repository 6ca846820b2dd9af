"""An eighth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run: the
paperwork of maternity, newborn and family health, and the machine-made records that carry it.
US facility worksheets for the certificate of live birth; newborn hearing-screen reports (OAE /
AABR screeners with serials, cCMV saliva accessions); NICU I-PASS handoffs (twins, ``Baby Girl``
names, expressed-milk labels, discharge monitors); school-nurse health records with immunization
tables and insulin-pump / CGM serials; immunization-registry and newborn-screening CSV / TSV
exports (several children a file, an upload log); genetic-counselling pedigree notes (relatives
by generation, ages at death over 89, dates of death, variant nomenclature); foster-care and
kinship-guardianship letters (case and docket numbers, visitation, the foster parents' van);
X12 837P / 835 claim segments (NM1, N3, N4, DMG, REF, CLM, CLP, DTP); FHIR R4 JSON bundles
(Patient.identifier, telecom, address, birthDate, contact, Device, AuditEvent network
addresses); pediatric pharmacy labels; e-mail threads with signature blocks and quoted
``-----Original Message-----`` headers; voicemail-to-text transcripts in English and Spanish with
spoken numbers; OCR'd scanned faxes (Synagis prior authorisations, early-intervention referrals)
with character noise (``O``/``0``, ``l``/``1``, ``rn``/``m``), letter-spaced fields and words
hyphenated across lines; and family-health records of five other countries: a UK health-visitor
new-birth visit (NHS number, NI number, postcode, NMC PIN), a German Hebammen note and
U-Untersuchung entries (Versichertennummer, Steuer-ID, PLZ, LANR, ``9. März 2021``), a Brazilian
newborn discharge summary in Portuguese (CPF, DNV, Cartão SUS, CEP), a Singapore child health
booklet page (NRIC / birth-certificate numbers, HDB blocks, six-digit postal codes) and an Irish
public-health-nurse visit (PPSN, Eircode, medical card).

Span conventions follow ``notes_heldout_telephone.py``: fine kinds as labels; titles and
credentials outside name spans (``Baby Girl``, ``Twin A``, ``FOB`` outside too); weekday names,
times, states, countries, bare years, facility and payer names, gestational ages, weights, Apgar
scores, vaccine lot numbers and lot expiry dates, CPT / ICD-10 / LOINC / CVX / NDC codes, X12
control and trace numbers, pedigree positions (``II-3``) and public web sites never labelled;
every other calendar date about a person is a ``date`` (X12 transmission dates included, a
phone extension belongs to its ``phone`` span); ages labelled only over 89 (a relative's too,
digits or words, the number only); an address split into street line, city / county /
neighbourhood and a separate ``zip`` span (postcodes of every country). Kinds: ``name date age
phone fax email address zip ssn natid mrn account plan license plate serial ip url accession``.
``ssn`` is a US Social Security number only (a masked one keeps only its last four in the
span); ``natid`` another country's national number (NI, Steuer-ID, CPF, DNV, NRIC, PPSN);
``mrn`` a record number held by a hospital, registry or school (NHS numbers, registry and
student IDs, FHIR Patient ids); ``account`` billing, claim, Rx, and child-welfare case and court
docket numbers; ``plan`` a health-plan or benefit number (Medicaid, member IDs, WIC,
Versichertennummer, Cartão SUS, medical card); ``license`` a clinician's or driver's licence
number (NPI, DEA, NMC PIN, LANR, CRM); ``serial`` device serials and transmitter IDs;
``accession`` specimen, kit and laboratory accessions. About a quarter of the notes carry no
patient context. Every span is tagged with the phrasing it was written in, every planted
non-PHI look-alike is recorded too, and the report groups leaks by kind and phrasing without
printing a value.

    python benchmarks/notes_heldout_family.py --check              # spans only, no scrubber
    python benchmarks/notes_heldout_family.py --sample 6           # print notes, no scrubber
    python benchmarks/notes_heldout_family.py                      # 300 notes, seed 9900
    python benchmarks/notes_heldout_family.py --seed 9901 --show-misses
"""

from __future__ import annotations

import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_heldout_dictation import LabelledNote, report  # noqa: E402
from notes_heldout_harness import run_style  # noqa: E402
from notes_scoring import aggregate, score_note  # noqa: E402

DEFAULT_SEED = 9900
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


_OCR_MAP = {"O": "0", "0": "O", "l": "1", "1": "l", "I": "l", "S": "5", "B": "8", "e": "c"}


class _W:
    """Appends text, records PHI spans (kind and phrasing) and non-PHI look-alikes at their
    exact offsets. With ``noise`` set, every piece goes through an OCR-like corruption first."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[tuple[int, int, str]] = []
        self.forms: list[str] = []
        self.values: list[str] = []
        self.keeps: list[tuple[int, int, str]] = []
        self.noise = 0.0

    def _ocr(self, s: str) -> str:
        if not self.noise:
            return s
        r = self.r
        s = s.replace("m", "rn") if r.random() < self.noise / 2 else s
        return "".join(_OCR_MAP[c] if c in _OCR_MAP and r.random() < self.noise else c for c in s)

    def add(self, s: str) -> None:
        s = self._ocr(s)
        self.parts.append(s)
        self.n += len(s)

    def phi(self, s: str, kind: str, form: str) -> None:
        s = self._ocr(s)
        self.spans.append((self.n, self.n + len(s), kind))
        self.forms.append(form)
        self.values.append(s)
        self.parts.append(s)
        self.n += len(s)

    def keep(self, s: str, form: str) -> None:
        s = self._ocr(s)
        self.keeps.append((self.n, self.n + len(s), form))
        self.parts.append(s)
        self.n += len(s)

    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- people and places

# (female given names, male given names, family names, name order) per naming tradition
_TRADITIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "haitian": (
        ("Widline", "Fabiola", "Nadège", "Rose-Merline", "Mirlande", "Guerline"),
        ("Jean-Robert", "Wisly", "Kervens", "Wilner", "Jean-Claude", "Frantz"),
        ("Pierre-Louis", "Jean-Baptiste", "Desrosiers", "Théodore", "Saint-Fleur", "Joseph"),
        "w",
    ),
    "somali": (
        ("Hodan", "Ifrah", "Sahra", "Ubah", "Fartun", "Hamdi"),
        ("Abdirahman", "Mohamed Abdi", "Liban", "Abdikarim", "Yusuf", "Bashir"),
        ("Warsame", "Hersi", "Farah", "Jama", "Osman", "Abdullahi", "Egal", "Dahir"),
        "w",
    ),
    "capeverdean": (
        ("Edilene", "Nilsa", "Celeste", "Djamila", "Ivanilda", "Carla Sofia"),
        ("Joaquim", "Ailton", "Admilson", "Nelson", "Edmilson", "Adilson"),
        ("Gomes Tavares", "Fortes", "Barbosa", "Monteiro", "Lopes Semedo", "Andrade", "Rosário"),
        "w",
    ),
    "polish": (
        ("Agnieszka", "Zofia", "Joanna", "Małgosia", "Katarzyna", "Wiktoria"),
        ("Bartosz", "Krzysztof", "Wojciech", "Łukasz", "Grzegorz", "Jakub"),
        ("Kowalczyk", "Zieliński", "Wójcik", "Grzybowski", "Dąbrowa", "Mazur", "Nowak"),
        "w",
    ),
    "korean": (
        ("Seo-yeon", "Eun-ji", "Soo-ah", "Ji-woo", "Ha-eun", "Min-seo"),
        ("Min-jun", "Hyun-woo", "Dong-hyun", "Jae-sung", "Do-yoon", "Sung-min"),
        ("Park", "Choi", "Jung", "Kang", "Yoon", "Baek", "Shin"),
        "w",
    ),
    "anglo": (
        ("Summer", "Faith", "Autumn", "Brooke", "Destiny", "Harmony", "Paige"),
        ("Hunter", "Chase", "Mason", "Royal", "Colt", "Bishop", "Ransom"),
        ("Rivers", "Page", "Fox", "Street", "Wade", "Winter", "Gentry", "Shepherd", "Love"),
        "w",
    ),
    "mexican": (
        ("Guadalupe", "Yaretzi", "Itzel", "Ximena", "María Fernanda", "Araceli"),
        ("Brayan", "Santiago", "Juan Carlos", "Jesús", "Eleazar", "Uriel"),
        ("Rentería", "Hernández Soto", "Zamudio", "Tlatelpa", "Villaseñor", "Ochoa Ruiz"),
        "w",
    ),
    "uk": (
        ("Chloe", "Amelia", "Poppy", "Shannon", "Aisha", "Kirsty"),
        ("Oliver", "Harry", "Kyle", "Tariq", "Callum", "Jayden"),
        ("Whitworth", "Oyelaran", "Hussain", "Begum", "Hughes", "Ackroyd", "Mahmood", "Pryce"),
        "w",
    ),
    "german": (
        ("Lena", "Friederike", "Anneliese", "Merve", "Hannelore", "Jule"),
        ("Jonas", "Maximilian", "Jürgen", "Sören", "Emre", "Till"),
        ("Schröder", "Brandt", "Weißmann", "Hoffmann", "Yılmaz", "Kühne", "Pfeiffer", "Lorenz"),
        "w",
    ),
    "brazil": (
        ("Thaís", "Ana Clara", "Luíza", "Gleice", "Jéssica", "Maria Eduarda"),
        ("João Pedro", "Rafael", "Wellington", "Cauã", "Thiago", "Luiz Henrique"),
        ("da Silva Santos", "Oliveira", "Carvalho", "Nascimento", "Souza Lima", "Conceição"),
        "w",
    ),
    "sg_chinese": (
        ("Wei Ling", "Hui Min", "Shu Fen", "Xin Yi"),
        ("Jun Hao", "Zhi Xuan", "Kai Wen", "Wei Jie"),
        ("Tan", "Lim", "Ng", "Goh", "Teo", "Chua"),
        "e",
    ),
    "sg_malay": (
        ("Nur Aisyah", "Siti Hajar", "Nurul Huda", "Farhana"),
        ("Muhammad Irfan", "Aqil", "Danish", "Haziq"),
        ("Rahman", "Ismail", "Osman", "Yusof", "Salleh", "Hamid"),
        "m",
    ),
    "sg_tamil": (
        ("Priya", "Kavitha", "Divya", "Meenakshi"),
        ("Arvind", "Suresh", "Karthik", "Vignesh"),
        ("Subramaniam", "Rajendran", "Pillai", "Krishnan", "Govindasamy"),
        "t",
    ),
    "irish": (
        ("Aoife", "Saoirse", "Niamh", "Clodagh", "Síle", "Róisín"),
        ("Oisín", "Cian", "Pádraig", "Ciarán", "Darragh", "Tadhg"),
        ("Ó Súilleabháin", "Mac Giolla Phádraig", "Byrne", "Ó Briain", "Delaney", "Fitzgerald"),
        "w",
    ),
}
_CLIN = (
    ("Rebecca", "Marguerite", "Oluwadamilare", "Tomasz", "Anjali", "Catherine", "Desmond", "Yuki"),
    ("Lindqvist", "Abernathy", "Okafor", "Brzezinski", "Raghunathan", "Holloway", "Achterberg"),
)


@dataclass
class _P:
    given: str
    family: str
    order: str = "w"
    link: str = ""

    def full(self) -> str:
        if self.order == "e":
            return f"{self.family} {self.given}"
        if self.order in ("m", "t"):
            return f"{self.given} {self.link} {self.family}"
        return f"{self.given} {self.family}"

    def first(self) -> str:
        return self.given.split()[0]

    def last_first(self) -> str:
        if self.order != "w":
            return self.full().upper()
        return f"{self.family.upper()}, {self.given}"

    def initial_last(self) -> str:
        return f"{self.given[0]}. {self.family}"


def _person(r: random.Random, trad: str, female: bool | None = None) -> _P:
    women, men, family, order = _TRADITIONS[trad]
    if female is None:
        female = r.random() < 0.5
    link = ""
    if order == "m":
        link = "binti" if female else "bin"
    elif order == "t":
        link = "d/o" if female else "s/o"
    return _P(r.choice(women if female else men), r.choice(family), order, link)


def _clin(r: random.Random) -> _P:
    return _P(r.choice(_CLIN[0]), r.choice(_CLIN[1]))


_US_PLACES = {
    "haitian": (
        ("Miami", "FL", "Miami-Dade", "331", "305"),
        ("Mattapan", "MA", "Suffolk", "021", "617"),
    ),
    "somali": (
        ("Minneapolis", "MN", "Hennepin", "554", "612"),
        ("Columbus", "OH", "Franklin", "432", "614"),
    ),
    "capeverdean": (
        ("Pawtucket", "RI", "Providence", "028", "401"),
        ("Brockton", "MA", "Plymouth", "023", "508"),
    ),
    "polish": (("Chicago", "IL", "Cook", "606", "773"), ("Hamtramck", "MI", "Wayne", "482", "313")),
    "korean": (
        ("Fort Lee", "NJ", "Bergen", "070", "201"),
        ("Annandale", "VA", "Fairfax", "220", "703"),
    ),
    "anglo": (("Dover", "DE", "Kent", "199", "302"), ("Bangor", "ME", "Penobscot", "044", "207")),
    "mexican": (
        ("Salinas", "CA", "Monterey", "939", "831"),
        ("Pasco", "WA", "Franklin", "993", "509"),
    ),
}
_US_STREETS = (
    "Wendover St",
    "Blue Hill Ave",
    "NE 2nd Ave",
    "Lake St E",
    "Cedar Ave S",
    "Dexter St",
    "N Milwaukee Ave",
    "Palisade Ave",
    "Little River Tpke",
    "Alisal St",
    "Sherman Rd",
    "Hammond St",
    "Conant Street",
    "Old Orchard Lane",
    "Joseph Campau Ave",
    "W Lewis St",
)
_US_UNITS = ("", "", " Apt 3", " #2R", " Unit 14B", ", Fl 2", " Lot 37", " Apt. 1105")
_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_ES = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
_PT = "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"
_DE = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fmt(d: date, style: str) -> str:
    m, mon = _MONTHS[d.month - 1], _MON[d.month - 1]
    return {
        "mdY": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdy": f"{d.month}/{d.day}/{d.year % 100:02d}",
        "m-d-Y": f"{d.month:02d}-{d.day:02d}-{d.year}",
        "dmY": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "d/m/Y": f"{d.day}/{d.month}/{d.year}",
        "dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dot_short": f"{d.day}.{d.month}.{d.year % 100:02d}",
        "iso": d.isoformat(),
        "d8": f"{d:%Y%m%d}",
        "yymmdd": f"{d:%y%m%d}",
        "long": f"{m} {d.day}, {d.year}",
        "long_ord": f"{m} {_nth(d.day)}, {d.year}",
        "dMonY": f"{d.day} {mon} {d.year}",
        "dMonthY": f"{d.day} {m} {d.year}",
        "DD-MON-YY": f"{d.day:02d}-{mon.upper()}-{d.year % 100:02d}",
        "Mon-DD-YYYY": f"{mon}-{d.day:02d}-{d.year}",
        "nth_of": f"{_nth(d.day)} of {m} {d.year}",
        "MonDY": f"{mon}. {d.day}, {d.year}",
        "es": f"{d.day} de {_ES.split()[d.month - 1]} de {d.year}",
        "pt": f"{d.day} de {_PT.split()[d.month - 1]} de {d.year}",
        "de": f"{d.day}. {_DE.split()[d.month - 1]} {d.year}",
        "sg": f"{d.day:02d}-{mon}-{d.year}",
        "md": f"{d.month}/{d.day}",
        "Mon d": f"{mon} {d.day}",
        "month_year": f"{m} {d.year}",
    }[style]


_US_DATE_STYLES = ("mdY", "mdy", "m-d-Y", "long", "long_ord", "dMonY", "MonDY", "Mon-DD-YYYY")


def _date(
    w: _W, d: date, style: str | None = None, styles: Sequence[str] = _US_DATE_STYLES
) -> None:
    s = style or w.r.choice(styles)
    w.phi(_fmt(d, s), "date", f"date:{s}")


_ONES = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_ES_ONES = "cero uno dos tres cuatro cinco seis siete ocho nueve".split()


def _words(n: int) -> str:
    if n == 100:
        return "one hundred"
    if n > 100:
        return "one hundred and " + _ONES[n - 100]
    tens = {9: "ninety", 8: "eighty", 7: "seventy", 6: "sixty", 5: "fifty", 4: "forty"}[n // 10]
    return tens if n % 10 == 0 else f"{tens}-{_ONES[n % 10]}"


def _es_words(n: int) -> str:
    """Spanish words for 60..99 (digits otherwise)."""
    if not 60 <= n <= 99:
        return str(n)
    tens = {6: "sesenta", 7: "setenta", 8: "ochenta", 9: "noventa"}[n // 10]
    return tens if n % 10 == 0 else f"{tens} y {_ES_ONES[n % 10]}"


def _age(w: _W, age: int, text: str, form: str) -> None:
    """An age: a span when over 89, a recorded look-alike otherwise."""
    if age > 89:
        w.phi(text, "age", f"age:{form}")
    else:
        w.keep(text, f"age<=89:{form}")


def _spoken(digits: str, lang: str = "en") -> str:
    ones = _ES_ONES if lang == "es" else _ONES
    return " ".join(ones[int(c)] for c in digits if c.isdigit())


# --------------------------------------------------------------------------- identifiers


def _d(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _ssn_parts(r: random.Random) -> tuple[str, str, str]:
    area = r.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}", f"{r.randint(1, 99):02d}", f"{r.randint(1, 9999):04d}"


def _ssn(w: _W, parts: tuple[str, str, str], style: str | None = None) -> None:
    a, g, s = parts
    style = style or w.r.choice(["dash", "space", "plain", "slash", "u2010", "dot_space"])
    text = {
        "dash": f"{a}-{g}-{s}",
        "space": f"{a} {g} {s}",
        "plain": f"{a}{g}{s}",
        "slash": f"{a}/{g}/{s}",
        "u2010": f"{a}\u2010{g}\u2010{s}",
        "dot_space": f"{a}. {g}. {s}",
    }[style]
    w.phi(text, "ssn", f"ssn:{style}")


def _masked_ssn(w: _W, parts: tuple[str, str, str]) -> None:
    w.add(w.r.choice(["XXX-XX-", "***-**-", "xxx-xx-"]))
    w.phi(parts[2], "ssn", "ssn:masked_last4")


def _npi(r: random.Random) -> str:
    return "1" + _d(r, 9)


def _us_phone(r: random.Random, area: str) -> tuple[str, str]:
    """(formatted, form)"""
    ex = f"{r.randint(2, 9)}{_d(r, 2)}"
    line = _d(r, 4)
    style = r.choice(["paren", "dash", "dot", "intl", "plain", "paren_nospace"])
    text = {
        "paren": f"({area}) {ex}-{line}",
        "dash": f"{area}-{ex}-{line}",
        "dot": f"{area}.{ex}.{line}",
        "intl": f"+1 {area} {ex} {line}",
        "plain": f"{area}{ex}{line}",
        "paren_nospace": f"({area}){ex}-{line}",
    }[style]
    return text, style


def _ext(r: random.Random, text: str, style: str) -> tuple[str, str]:
    e = _d(r, r.choice([3, 4, 5]))
    how = r.choice([" ext. ", " x", " ext ", " Ext:", ",,", " #"])
    return text + how + e, style + "+ext"


def _ip(r: random.Random) -> tuple[str, str]:
    k = r.randrange(5)
    if k == 0:
        return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "ipv4_private"
    if k == 1:
        return (
            f"{r.choice([73, 98, 174, 24, 71])}.{r.randint(0, 255)}.{r.randint(0, 255)}"
            f".{r.randint(1, 254)}",
            "ipv4",
        )
    if k == 2:
        h = ":".join(f"{r.randint(0, 0xFFFF):x}" for _ in range(4))
        return f"2601:{r.randint(0x100, 0xFFF):x}:{h}::{r.randint(1, 0xFFF):x}", "ipv6_compressed"
    if k == 3:
        return "fe80::" + ":".join(f"{r.randint(0, 0xFFFF):x}" for _ in range(4)), "ipv6_linklocal"
    return f"192.168.{r.randint(0, 9)}.{r.randint(2, 250)}", "ipv4_home"


_PLATES = {
    "us": (
        lambda r: f"{r.randint(1, 9)}{_up(r, 2)}{r.randint(100, 999)}",
        lambda r: f"{r.randint(1, 9)}{_up(r, 2)} {_d(r, 3)}",
        lambda r: f"{_up(r, 3)}-{_d(r, 4)}",
        lambda r: f"{_up(r, 3)} {_d(r, 3)}",
        lambda r: f"{_d(r, 3)} {_up(r, 3)}",
        lambda r: r.choice(["MOMOF3", "BBYONBRD", "NICUGRD", "2CUTE4U", "GRAMS1"]),
    ),
    "uk": (lambda r: f"{_up(r, 2)}{_d(r, 2)} {_up(r, 3)}",),
    "de": (lambda r: f"{r.choice(['B', 'F', 'L', 'K', 'M'])}-{_up(r, 2)} {_d(r, 4)}",),
    "br": (lambda r: f"{_up(r, 3)}{_d(r, 1)}{_up(r, 1)}{_d(r, 2)}",),
    "sg": (lambda r: f"S{_up(r, 2)}{_d(r, 4)}{_up(r, 1)}",),
    "ie": (
        lambda r: f"{r.choice(['211', '191', '182'])}-{r.choice(['D', 'C', 'G', 'LH'])}-{_d(r, 5)}",
    ),
}


@dataclass
class _Addr:
    street: str
    city: str
    state: str
    zip: str
    county: str = ""
    hood: str = ""


@dataclass
class _Fam:
    region: str
    trad: str
    mother: _P
    partner: _P
    baby: _P
    elder: _P
    elder_age: int
    elder_rel: str
    clin: list[_P]
    addr: _Addr
    area: str
    mphone: str
    mphone_form: str
    pphone: str
    pphone_form: str
    email: str
    dob_b: date
    dob_m: date
    dob_p: date
    day: date
    mrn_m: str
    mrn_b: str
    ssn_m: tuple[str, str, str]
    ssn_p: tuple[str, str, str]
    ssn_b: tuple[str, str, str]
    plan: str
    account: str
    rx: str
    plate: str
    serial: str
    ip: str
    ip_form: str
    url: str
    accession: str
    natid_m: str
    natid_b: str
    twin: bool
    boy: bool
    facility: str


_FACILITIES = {
    "us": (
        "Mercy Family Birth Center",
        "St. Brigid's Women & Infants",
        "Lakeshore Children's Hospital",
        "Riverbend Regional Medical Center",
        "Harbor Community Health Center",
    ),
    "uk": ("St James's Maternity Unit", "Airedale Birth Centre", "Leicester Royal Infirmary"),
    "de": ("Vivantes Klinikum Friedrichshain", "Uniklinikum Leipzig", "St. Marien Krankenhaus"),
    "br": ("Hospital e Maternidade Santa Joana", "Maternidade Climério de Oliveira"),
    "sg": ("KK Women's and Children's Hospital", "Jurong Polyclinic", "Tampines Polyclinic"),
    "ie": ("Rotunda Hospital", "Cork University Maternity Hospital", "Coombe Hospital"),
}

_REGION_TRADS = {
    "us": ("haitian", "somali", "capeverdean", "polish", "korean", "anglo", "mexican"),
    "uk": ("uk", "polish", "somali"),
    "de": ("german", "polish"),
    "br": ("brazil",),
    "sg": ("sg_chinese", "sg_malay", "sg_tamil"),
    "ie": ("irish",),
}


def _address(r: random.Random, region: str, trad: str) -> tuple[_Addr, str]:
    """(address, phone area code or country prefix)"""
    if region == "us":
        city, state, county, z, area = r.choice(_US_PLACES[trad])
        street = f"{r.randint(2, 4999)} {r.choice(_US_STREETS)}{r.choice(_US_UNITS)}"
        return _Addr(street, city, state, z + _d(r, 2), county), area
    if region == "uk":
        city, pc = r.choice(
            [("Leeds", "LS6"), ("Bradford", "BD8"), ("Luton", "LU2"), ("Leicester", "LE5")]
        )
        street = r.choice(["Flat 3, 27 Brudenell Mount", "14 Ashgrove Road", "9 Lumb Lane"])
        return _Addr(street, city, "", f"{pc} {r.randint(0, 9)}{_up(r, 2)}"), "44"
    if region == "de":
        city, plz = r.choice(
            [("Berlin", "10"), ("Frankfurt am Main", "60"), ("Leipzig", "04"), ("Köln", "50")]
        )
        street = r.choice(["Hauptstraße", "Goethestr.", "Am Weinberg", "Kastanienallee"])
        return _Addr(
            f"{street} {r.randint(1, 120)}{r.choice(['', 'a', 'b'])}", city, "", plz + _d(r, 3)
        ), "49"
    if region == "br":
        city, uf, cep, hood = r.choice(
            [
                ("São Paulo", "SP", "013", "Consolação"),
                ("Salvador", "BA", "400", "Barra"),
                ("Belo Horizonte", "MG", "301", "Funcionários"),
            ]
        )
        street = r.choice(["Rua Augusta", "Av. Sete de Setembro", "Rua dos Timbiras"])
        street += f", {r.randint(10, 2500)}"
        if r.random() < 0.5:
            street += f", apto {r.randint(11, 154)}"
        return _Addr(street, city, uf, f"{cep}{_d(r, 2)}-{_d(r, 3)}", hood=hood), "55"
    if region == "sg":
        blk = r.randint(100, 999)
        road = r.choice(["Jurong West St 41", "Tampines Ave 4", "Ang Mo Kio Ave 3"])
        street = f"Blk {blk} {road} #{r.randint(2, 16):02d}-{r.randint(10, 999)}"
        return _Addr(
            street, "", "", f"{r.choice(['64', '52', '56'])}{blk}{r.randint(0, 9)}"[:6]
        ), "65"
    city, rk = r.choice(
        [("Dublin 6", "D06"), ("Ballincollig", "P31"), ("Galway", "H91"), ("Drogheda", "A92")]
    )
    street = r.choice(
        ["12 Rathgar Avenue", "3 Ard na Gréine", "Apt 4, Millbrook Court", "27 Shop Street"]
    )
    tail = "".join(r.choice("ACDEFHKNPRTVWXY0123456789") for _ in range(4))
    return _Addr(street, city, "", f"{rk} {tail}"), "353"


def _intl_phone(r: random.Random, region: str) -> tuple[str, str]:
    if region == "uk":
        return r.choice(
            [
                (f"07{_d(r, 3)} {_d(r, 6)}", "uk_mobile"),
                (f"+44 7{_d(r, 3)} {_d(r, 6)}", "uk_intl"),
                (f"0113 {_d(r, 3)} {_d(r, 4)}", "uk_landline"),
            ]
        )
    if region == "de":
        return r.choice(
            [
                (f"0176 {_d(r, 8)}", "de_mobile"),
                (f"+49 30 {_d(r, 4)}-{_d(r, 3)}", "de_intl"),
                (f"0341/{_d(r, 3)} {_d(r, 4)}", "de_slash"),
            ]
        )
    if region == "br":
        return r.choice(
            [
                (f"({r.choice(['11', '71', '31'])}) 9{_d(r, 4)}-{_d(r, 4)}", "br_mobile"),
                (f"+55 {r.choice(['11', '71'])} {_d(r, 4)}-{_d(r, 4)}", "br_intl"),
            ]
        )
    if region == "sg":
        return r.choice(
            [(f"+65 9{_d(r, 3)} {_d(r, 4)}", "sg_intl"), (f"8{_d(r, 3)} {_d(r, 4)}", "sg_local")]
        )
    return r.choice(
        [
            (f"+353 87 {_d(r, 3)} {_d(r, 4)}", "ie_intl"),
            (f"087-{_d(r, 7)}", "ie_mobile"),
            (f"(021) {_d(r, 3)} {_d(r, 4)}", "ie_landline"),
        ]
    )


def _natid(r: random.Random, region: str, adult: bool) -> str:
    if region == "uk":
        return f"{_up(r, 2)} {_d(r, 2)} {_d(r, 2)} {_d(r, 2)} {r.choice('ABCD')}"
    if region == "de":
        return f"{r.randint(1, 9)}{_d(r, 1)} {_d(r, 3)} {_d(r, 3)} {_d(r, 3)}"
    if region == "br":
        return (
            f"{_d(r, 3)}.{_d(r, 3)}.{_d(r, 3)}-{_d(r, 2)}"
            if adult
            else f"{r.randint(2, 4)}{_d(r, 7)}-{_d(r, 1)}"
        )
    if region == "sg":
        return f"{'S' if adult else 'T'}{'88' if adult else '21'}{_d(r, 5)}{_up(r, 1)}"
    return f"{_d(r, 7)}{_up(r, 1)}{r.choice(['', 'A', 'W'])}"


def _fold(s: str) -> str:
    """ASCII-fold a name part for an e-mail local part or a web slug."""
    s = s.replace("ł", "l").replace("ı", "i").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if c.isascii() and c != " ")


def _email(r: random.Random, p: _P, region: str) -> str:
    dom = {
        "us": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "comcast.net"],
        "uk": ["hotmail.co.uk", "btinternet.com", "gmail.com"],
        "de": ["web.de", "gmx.de", "t-online.de"],
        "br": ["uol.com.br", "bol.com.br", "gmail.com"],
        "sg": ["singnet.com.sg", "gmail.com"],
        "ie": ["eircom.net", "gmail.com"],
    }[region]
    g = _fold(p.first().lower()).replace("-", "")
    f = _fold(p.family.split()[-1].lower()).replace("'", "")
    local = r.choice(
        [
            f"{g}.{f}",
            f"{g}{f}{r.randint(1, 99)}",
            f"{g[0]}{f}",
            f"{f}_{g}",
            f"mama{g}{r.randint(80, 99)}",
        ]
    )
    return f"{local}@{r.choice(dom)}"


def _family(r: random.Random, region: str) -> _Fam:
    trad = r.choice(_REGION_TRADS[region])
    mother = _person(r, trad, True)
    partner = _person(r, trad, False)
    boy = r.random() < 0.5
    baby = _person(r, trad, not boy)
    baby.family = r.choice([mother.family, partner.family])
    if baby.order in ("m", "t"):
        baby.family, baby.link = (
            partner.given,
            ("bin" if boy else "binti") if baby.order == "m" else ("s/o" if boy else "d/o"),
        )
    elder_rel = r.choice(["great-grandmother", "grandmother", "great-grandfather", "grandfather"])
    elder = _person(r, trad, elder_rel.endswith("mother"))
    elder.family = mother.family
    elder_age = r.choice([r.randint(90, 101), r.randint(90, 97), r.randint(61, 89)])
    addr, area = _address(r, region, trad)
    if region == "us":
        mph, mf = _us_phone(r, area)
        pph, pf = _us_phone(r, area)
    else:
        mph, mf = _intl_phone(r, region)
        pph, pf = _intl_phone(r, region)
    dob_b = date(2021, 1, 1) + timedelta(days=r.randint(0, 300))
    ip, ip_form = _ip(r)
    slug = _fold(baby.first().lower())
    url = r.choice(
        [
            f"https://www.caringbridge.org/visit/{slug}{_fold(baby.family.split()[-1].lower())}",
            f"https://photos.app.goo.gl/{_up(r, 4)}{_d(r, 3)}{_up(r, 4).lower()}",
            f"https://www.gofundme.com/f/nicu-{slug}-{_d(r, 4)}",
            f"https://vsee.me/u/{slug}{_d(r, 3)}",
        ]
    )
    return _Fam(
        region=region,
        trad=trad,
        mother=mother,
        partner=partner,
        baby=baby,
        elder=elder,
        elder_age=elder_age,
        elder_rel=elder_rel,
        clin=[_clin(r) for _ in range(4)],
        addr=addr,
        area=area,
        mphone=mph,
        mphone_form=mf,
        pphone=pph,
        pphone_form=pf,
        email=_email(r, mother, region),
        dob_b=dob_b,
        dob_m=date(r.randint(1982, 2003), r.randint(1, 12), r.randint(1, 28)),
        dob_p=date(r.randint(1975, 2001), r.randint(1, 12), r.randint(1, 28)),
        day=dob_b + timedelta(days=r.randint(0, 40)),
        mrn_m=r.choice([f"E{_d(r, 7)}", f"{_d(r, 8)}", f"M{_d(r, 3)}-{_d(r, 4)}", f"MR{_d(r, 6)}"]),
        mrn_b=r.choice([f"NB{_d(r, 2)}-{_d(r, 5)}", f"{_d(r, 9)}", f"E{_d(r, 7)}"]),
        ssn_m=_ssn_parts(r),
        ssn_p=_ssn_parts(r),
        ssn_b=_ssn_parts(r),
        plan=r.choice([f"{_d(r, 12)}", f"{_up(r, 3)}{_d(r, 9)}", f"{_d(r, 10)}", f"W{_d(r, 8)}"]),
        account=r.choice([f"{_d(r, 10)}", f"HAR{_d(r, 8)}", f"PCN{_d(r, 11)}"]),
        rx=f"{r.randint(1, 9)}{_d(r, 6)}",
        plate=r.choice(_PLATES[region])(r),
        serial=r.choice(
            [
                f"A5-{_d(r, 2)}-{_d(r, 5)}",
                f"SN{_d(r, 9)}",
                f"{_up(r, 2)}{_d(r, 6)}",
                f"{_d(r, 4)}-{_d(r, 4)}-{_up(r, 2)}",
            ]
        ),
        ip=ip,
        ip_form=ip_form,
        url=url,
        accession=r.choice(
            [
                f"{_d(r, 2)}-{_d(r, 3)}-{_d(r, 5)}",
                f"GX{_d(r, 2)}-{_d(r, 6)}",
                f"K{_d(r, 4)}-{_d(r, 5)}",
            ]
        ),
        natid_m=_natid(r, region, True),
        natid_b=_natid(r, region, False),
        twin=r.random() < 0.2,
        boy=boy,
        facility=r.choice(_FACILITIES[region]),
    )


# --------------------------------------------------------------------------- shared pieces


def _us_addr(w: _W, a: _Addr, sep: str = ", ", form: str = "line") -> None:
    w.phi(a.street, "address", f"address:street_{form}")
    w.add(sep)
    w.phi(a.city, "address", f"address:city_{form}")
    w.add(f", {a.state} " if sep == ", " else f"{sep}{a.state}{sep}")
    w.phi(a.zip, "zip", f"zip:us_{form}")


def _phone(w: _W, f: _Fam, who: str = "m", ext: bool = False, kind: str = "phone") -> None:
    if who == "m":
        text, form = f.mphone, f.mphone_form
    elif who == "p":
        text, form = f.pphone, f.pphone_form
    elif f.region == "us":
        text, form = _us_phone(w.r, f.area)
    else:
        text, form = _intl_phone(w.r, f.region)
    if ext:
        text, form = _ext(w.r, text, form)
    w.phi(text, kind, f"{kind}:{form}")


def _elder_age(w: _W, f: _Fam) -> None:
    """A sentence about the elder relative, with an age in one of many phrasings."""
    r, a = w.r, f.elder_age
    k = r.randrange(8)
    w.add(f"{f.elder_rel.capitalize()} ")
    w.phi(f.elder.full(), "name", "name:elder_full")
    if k == 0:
        w.add(" (")
        _age(w, a, str(a), "paren")
        w.add(") helps with care")
    elif k == 1:
        w.add(", ")
        _age(w, a, str(a), "comma_yo")
        w.add(" y/o, lives in the home")
    elif k == 2:
        w.add(" is ")
        _age(w, a, _words(a), "words")
        w.add(" and still drives the older children to school")
    elif k == 3:
        w.add(", age ")
        _age(w, a, str(a), "age_n")
        w.add(", is the main daytime caregiver")
    elif k == 4:
        w.add(" (a ")
        _age(w, a, str(a), "n_year_old")
        w.add("-year-old with dementia) lives with the family")
    elif k == 5:
        w.add(" just turned ")
        _age(w, a, str(a), "turned")
        w.add(" and wants to hold the baby")
    elif k == 6:
        w.add(", aged ")
        _age(w, a, str(a), "aged_yrs")
        w.add(" yrs, shares the bedroom")
    else:
        w.add(" celebrated her ")
        _age(w, a, _nth(a), "nth_birthday")
        w.add(" birthday the week of delivery")
    w.add(".")


def _keep_labs(w: _W) -> None:
    r = w.r
    w.add("TSB ")
    w.keep(f"{r.randint(5, 17)}.{r.randint(0, 9)}", "lab_value")
    w.add(" mg/dL at ")
    w.keep(f"{r.randint(24, 60)}", "hours_of_life")
    w.add(" HOL (LIR), glucose ")
    w.keep(str(r.randint(42, 88)), "lab_value")
    w.add(", Hct ")
    w.keep(str(r.randint(45, 62)), "lab_value")
    w.add("%")


# --------------------------------------------------------------------------- documents (US)


def _birth_worksheet(w: _W, f: _Fam) -> None:
    r, a = w.r, f.addr
    b, m, p = f.baby, f.mother, f.partner
    w.add(f"{a.state} VITAL RECORDS -- FACILITY WORKSHEET FOR THE CERTIFICATE OF LIVE BIRTH\n")
    w.add("Completed by birth registrar from the mother's worksheet and the medical record.\n\n")
    w.add("CHILD\n 1. Child's name (first, middle, last): ")
    w.phi(
        f"{b.given} {r.choice(['Marie', 'Abdi', 'Grace', 'Jae', 'Luz'])} {b.family}",
        "name",
        "name:child_full",
    )
    w.add("\n 2. Time of birth (24 hr): ")
    w.keep(f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}", "time_24h")
    w.add(f"   3. Sex: {'M' if f.boy else 'F'}   4. Date of birth (Mo/Day/Yr): ")
    _date(w, f.dob_b, r.choice(["mdY", "m-d-Y"]))
    w.add("\n 5. Facility name: ")
    w.keep(f.facility, "facility")
    w.add(f"   6. Plurality: {'twin, birth order 1' if f.twin else 'single'}\n\nMOTHER\n")
    w.add(" 8a. Current legal name: ")
    w.phi(m.full(), "name", "name:mother_full")
    w.add("   8b. Date of birth: ")
    _date(w, f.dob_m, "mdY")
    w.add("\n 8c. Name prior to first marriage: ")
    w.phi(f"{m.given} {r.choice(_TRADITIONS[f.trad][2])}", "name", "name:maiden")
    w.add("   9. Birthplace: ")
    w.add(r.choice(["Haiti", "Somalia", "Cape Verde", "Poland", "Korea, South", "Mexico", a.state]))
    w.add("\n 10a. Residence - state: ")
    w.add(a.state)
    w.add("   10b. County: ")
    w.phi(a.county, "address", "address:county_field")
    w.add("   10c. City or town: ")
    w.phi(a.city, "address", "address:city_field")
    w.add("\n 10d. Street and number: ")
    w.phi(a.street, "address", "address:street_field")
    w.add("   10f. Zip code: ")
    w.phi(a.zip, "zip", "zip:field")
    w.add("   10g. Inside city limits? Y\n 12. Mother's Social Security number: ")
    _ssn(w, f.ssn_m)
    w.add("\n 13. Age of mother (computed): ")
    _age(w, f.day.year - f.dob_m.year, str(f.day.year - f.dob_m.year), "mother_computed")
    w.add("   Mother's medical record no.: ")
    w.phi(f.mrn_m, "mrn", "mrn:field")
    w.add("\n\nFATHER\n 14a. Current legal name: ")
    w.phi(p.full(), "name", "name:father_full")
    w.add("   14b. Date of birth: ")
    _date(w, f.dob_p, "mdY")
    w.add("\n 15. Father's Social Security number: ")
    _ssn(w, f.ssn_p)
    w.add("\n 16. Acknowledgment of paternity signed ")
    _date(w, f.dob_b + timedelta(days=1), r.choice(["mdy", "long"]))
    w.add(", witnessed by ")
    w.phi(f.clin[3].full(), "name", "name:witness")
    w.add(" (birth registrar)\n\nMEDICAL AND HEALTH\n 17. Date of first prenatal care visit: ")
    _date(w, f.dob_b - timedelta(days=r.randint(200, 250)), "mdY")
    w.add("   Total prenatal visits: ")
    w.keep(str(r.randint(6, 16)), "count")
    w.add("\n 18. Date last normal menses began: ")
    _date(w, f.dob_b - timedelta(days=r.randint(260, 285)), "mdY")
    w.add("\n 19. Mother's height ")
    w.keep(f"5 ft {r.randint(0, 11):02d} in", "height")
    w.add("   Pre-pregnancy weight ")
    w.keep(f"{r.randint(110, 240)} lb", "weight")
    w.add("\n 20. Birthweight ")
    w.keep(f"{r.randint(2100, 4300)} grams", "birthweight")
    w.add("   Obstetric estimate of gestation ")
    w.keep(f"{r.randint(34, 41)}", "gestation_weeks")
    w.add(" completed weeks   Apgar 5 min: ")
    w.keep(str(r.randint(7, 10)), "apgar")
    w.add("\n 21. Infant's medical record no.: ")
    w.phi(f.mrn_b, "mrn", "mrn:infant_field")
    w.add(
        "   Infant transferred within 24 h? N\n 22. Social Security number requested for child? Y\n"
    )
    w.add("\nATTENDANT: ")
    w.phi(f.clin[0].full(), "name", "name:attendant")
    w.add(", CNM   NPI ")
    w.phi(_npi(r), "license", "license:npi")
    w.add("\nCERTIFIER: ")
    w.phi(f.clin[1].full(), "name", "name:certifier")
    w.add(", MD   Date certified: ")
    _date(w, f.dob_b + timedelta(days=r.randint(1, 3)), "mdY")
    w.add("\nRegistrar queries: call mother at ")
    _phone(w, f, "m")
    w.add(" re spelling of surname; mailing address same as residence.\n")


def _hearing_screen(w: _W, f: _Fam) -> None:
    r = w.r
    b, m = f.baby, f.mother
    both_pass = r.random() < 0.6
    w.add("NEWBORN HEARING SCREENING RESULT\n")
    w.keep(f.facility, "facility")
    w.add(" -- Universal Newborn Hearing Screening Program\n\n")
    w.add(f"Infant: {'Baby Boy' if f.boy else 'Baby Girl'} ")
    w.phi(b.family, "name", "name:baby_surname")
    w.add("   MRN ")
    w.phi(f.mrn_b, "mrn", "mrn:label")
    w.add("   DOB ")
    _date(w, f.dob_b)
    w.add("\nMother: ")
    w.phi(m.last_first(), "name", "name:last_first")
    w.add("   Primary phone ")
    _phone(w, f, "m")
    w.add("\nScreen date/time: ")
    _date(w, f.dob_b + timedelta(days=1), r.choice(["mdY", "iso"]))
    w.add(" ")
    w.keep(f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}", "time")
    w.add(" (age ")
    w.keep(str(r.randint(12, 48)), "hours_of_life")
    w.add(" hours)\nEquipment: ")
    w.keep(r.choice(["ALGO 5", "AccuScreen", "MAICO MB 11"]), "device_model")
    w.add(" AABR, s/n ")
    w.phi(f.serial, "serial", "serial:sn_slash")
    w.add(f", probe cal. {r.randint(1, 12)}/{r.randint(2020, 2021)}\n")
    w.add(f"RIGHT EAR: PASS   LEFT EAR: {'PASS' if both_pass else 'REFER'}\n")
    w.add("Stimulus 35 dB nHL clicks; ")
    w.keep(str(r.randint(1800, 9000)), "sweeps")
    w.add(" sweeps; impedance within limits.\nScreener: ")
    w.phi(f.clin[2].initial_last(), "name", "name:initial_last")
    w.add(", hearing screen tech\n\n")
    if not both_pass:
        w.add("Outpatient rescreen booked for ")
        w.add(_DAYS[(f.dob_b + timedelta(days=14)).weekday()] + " ")
        _date(w, f.dob_b + timedelta(days=14), "long")
        w.add(f" at {r.randint(8, 11)}:30 AM, Pediatric Audiology, phone ")
        _phone(w, f, "x", ext=True)
        w.add(".\nTargeted cCMV saliva PCR sent before discharge, accession ")
        w.phi(f.accession, "accession", "accession:ccmv")
        w.add(" -- result to ")
        w.phi(f.clin[1].full(), "name", "name:pcp")
        w.add(", MD (PCP), fax ")
        _phone(w, f, "x", kind="fax")
        w.add(".\n")
    else:
        w.add("No rescreen needed. Risk indicators: ")
        w.add(r.choice(["none", "NICU > 5 days", "family history of childhood hearing loss"]))
        w.add(". Results reported to the state EHDI registry ")
        _date(w, f.dob_b + timedelta(days=2), "mdy")
        w.add(".\n")
    w.add("Goals 1-3-6: screen by 1 month, diagnose by 3 months, intervene by 6 months.\n")
    w.add("Parent information: ")
    w.keep("https://www.infanthearing.org", "public_url")
    w.add("\n")


def _nicu_handoff(w: _W, f: _Fam) -> None:
    r = w.r
    b, m = f.baby, f.mother
    ga = r.randint(24, 34)
    dol = r.choice([r.randint(3, 40), r.randint(90, 110)])
    w.add(f"NICU I-PASS HANDOFF  {r.choice(['0700', '1900'])}  Pod {r.choice('ABC')}\n")
    w.add("=" * 44 + "\n")
    w.add(f"Bed {r.randint(1, 40)}: ")
    if f.twin:
        w.add("Twin A ")
    w.phi(b.family.upper(), "name", "name:surname_caps")
    w.add(f", {'Baby Boy' if f.boy else 'Baby Girl'} ('")
    w.phi(b.first(), "name", "name:nickname_quoted")
    w.add("')  MRN ")
    w.phi(f.mrn_b, "mrn", "mrn:inline")
    w.add("\n  BW ")
    w.keep(f"{r.randint(550, 2400)} g", "weight")
    w.add(f", GA {ga}+{r.randint(0, 6)}, DOL ")
    w.keep(str(dol), "day_of_life")
    w.add(", CGA ")
    w.keep(f"{min(ga + dol // 7, 44)}+{r.randint(0, 6)}", "cga")
    w.add(", born ")
    _date(w, f.dob_b, r.choice(["md", "mdy", "Mon d"]))
    w.add("\nI: ")
    w.add(r.choice(["Watcher", "Stable", "Stable, feeder-grower"]))
    w.add("\nP: ex-preemie, RDS s/p surfactant x2, now ")
    w.add(r.choice(["RA", "NC 0.5 L", "CPAP +6 21%"]))
    w.add(". Feeds ")
    w.keep(f"{r.randint(20, 60)} mL", "feed_volume")
    w.add(" q3h EBM+HMF 24 kcal, ")
    w.keep(f"{r.randint(120, 170)} mL/kg/d", "fluid_rate")
    w.add(". ")
    _keep_labs(w)
    w.add(".\n   Caffeine citrate ")
    w.keep(f"{r.randint(5, 10)} mg/kg", "dose")
    w.add(" daily. Last brady ")
    w.keep(f"{r.randint(0, 23):02d}{r.choice(['00', '15', '40'])}", "time_24h")
    w.add(" self-resolved.\nA: [ ] f/u HUS ")
    _date(w, f.day + timedelta(days=2), "md")
    w.add("  [ ] ROP exam ")
    w.add(_DAYS[(f.day + timedelta(days=3)).weekday()][:3] + " ")
    _date(w, f.day + timedelta(days=3), "md")
    w.add("  [ ] car seat challenge before d/c\n")
    w.add("S: Mom ")
    w.phi(m.full(), "name", "name:mother_full")
    w.add(" (cell ")
    _phone(w, f, "m")
    w.add(") pumping, brings milk daily -- labels must read MRN ")
    w.phi(f.mrn_b, "mrn", "mrn:milk_label")
    w.add(" + pump date/time. FOB ")
    w.phi(f.partner.first(), "name", "name:father_first")
    w.add(" parks in garage, plate ")
    w.phi(f.plate, "plate", "plate:garage_pass")
    w.add(" on the validation list.\n   SW ")
    w.phi(f.clin[3].first(), "name", "name:sw_first")
    w.add(" following: transport, WIC referral. ")
    if r.random() < 0.5:
        _elder_age(w, f)
    w.add("\n   Family page for updates: ")
    w.phi(f.url, "url", "url:family_page")
    w.add(" (parents OK'd sharing)\n")
    if dol > 60:
        w.add("   Going home on apnea monitor, serial ")
        w.phi(f.serial, "serial", "serial:apnea_monitor")
        w.add(", DME rep ")
        w.phi(f.clin[0].full(), "name", "name:dme_rep")
        w.add(" ")
        _phone(w, f, "x", ext=True)
        w.add("\n")
    w.add("S: receiver read back; questions re TPN weaning answered. -- ")
    w.phi(f.clin[1].initial_last(), "name", "name:signoff")
    w.add(", NNP\n")


_VACCINES = (
    ("DTaP", "20", "Daptacel"),
    ("IPV", "10", "IPOL"),
    ("MMR", "03", "M-M-R II"),
    ("Varicella", "21", "Varivax"),
    ("Hep B", "08", "Engerix-B"),
    ("Hib", "49", "PedvaxHIB"),
    ("PCV13", "133", "Prevnar 13"),
    ("Tdap", "115", "Boostrix"),
    ("Influenza", "150", "Fluzone Quadrivalent"),
)


def _hms(r: random.Random) -> str:
    return f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _lot(r: random.Random) -> str:
    return r.choice(
        [f"{_up(r, 2)}{_d(r, 4)}", f"U{_d(r, 4)}{_up(r, 2)}", f"{_d(r, 1)}{_up(r, 1)}{_d(r, 3)}"]
    )


def _school_nurse(w: _W, f: _Fam) -> None:
    r = w.r
    kid, m = f.baby, f.mother
    kid_dob = f.dob_b = date(r.randint(2011, 2015), r.randint(1, 12), r.randint(1, 28))
    w.add(
        r.choice(["Hawthorne", "Cesar Chavez", "Lincoln-Douglass"])
        + " Elementary -- Health Office\n"
    )
    w.add("STUDENT HEALTH RECORD / IMMUNIZATION COMPLIANCE (school year 2021-22)\n\n")
    w.add("Student: ")
    w.phi(kid.last_first(), "name", "name:last_first")
    w.add("    Student ID: ")
    w.phi(f"{r.randint(100, 999)}{_d(r, 5)}", "mrn", "mrn:student_id")
    w.add(f"    Grade: {r.randint(1, 5)}    Homeroom: {r.randint(101, 230)}\n")
    w.add("DOB: ")
    _date(w, kid_dob, "mdY")
    w.add("    State IIS ID: ")
    w.phi(f"{_d(r, 4)}-{_d(r, 4)}-{_d(r, 2)}", "mrn", "mrn:registry_id")
    w.add("\nParent/guardian 1: ")
    w.phi(m.full(), "name", "name:guardian")
    w.add("  cell ")
    _phone(w, f, "m")
    w.add("  email ")
    w.phi(f.email, "email", "email:field")
    w.add("\nParent/guardian 2: ")
    w.phi(f.partner.full(), "name", "name:guardian")
    w.add("  work ")
    _phone(w, f, "p", ext=True)
    w.add("\nHome address: ")
    _us_addr(w, f.addr)
    w.add("\nEmergency pickup: ")
    if r.random() < 0.5:
        _elder_age(w, f)
    else:
        w.phi(f.elder.full(), "name", "name:pickup")
        w.add(f" ({f.elder_rel})")
    w.add("\n\nIMMUNIZATIONS (from IIS)\n")
    w.add(f"{'Vaccine':<12}{'CVX':<6}{'Date given':<14}{'Lot':<10}Given by\n")
    for vac, cvx, _brand in r.sample(_VACCINES, r.randint(3, 5)):
        w.add(f"{vac:<12}")
        w.keep(cvx, "cvx")
        w.add(" " * (6 - len(cvx)))
        given = kid_dob + timedelta(days=r.randint(60, 2000))
        s = _fmt(given, "mdY")
        w.phi(s, "date", "date:table_mdY")
        w.add(" " * (14 - len(s)))
        lot = _lot(r)
        w.keep(lot, "lot_number")
        w.add(" " * (10 - len(lot)))
        w.add(r.choice(["Peds Assoc.", "CVS MinuteClinic", "school clinic"]) + "\n")
    w.add("Status: conditional enrollment -- 2nd MMR due; letter sent home ")
    _date(w, f.day, r.choice(["mdy", "long"]))
    w.add(".\n\nDIABETES CARE PLAN (T1DM dx ")
    w.keep(str(kid_dob.year + r.randint(3, 6)), "year_alone")
    w.add(")\n  Omnipod 5 PDM s/n ")
    w.phi(f"{_d(r, 3)}-{_d(r, 5)}-{_d(r, 2)}", "serial", "serial:pdm")
    w.add("; Dexcom G6 transmitter ID ")
    w.phi(f"8{_up(r, 1)}{_d(r, 1)}{_up(r, 3)}", "serial", "serial:transmitter_id")
    w.add("\n  Correction 1 unit : ")
    w.keep(f"{r.randint(40, 90)} mg/dL", "isf")
    w.add(" > 150; carb ratio 1:")
    w.keep(str(r.randint(8, 25)), "ratio")
    w.add("; treat BG < ")
    w.keep("70", "lab_value")
    w.add(" with 15 g fast carbs.\n  Glucagon (Baqsimi 3 mg) in nurse's office, exp ")
    w.keep(_fmt(date(2022, r.randint(1, 12), 1), "month_year"), "expiry")
    w.add(".\n  Endocrinology: ")
    w.phi(f.clin[0].full(), "name", "name:endo")
    w.add(", MD ")
    _phone(w, f, "x", ext=True)
    w.add("; portal uploads from home Wi-Fi ")
    w.phi(f.ip, "ip", f"ip:{f.ip_form}_prose")
    w.add(".\nRN: ")
    w.phi(f.clin[2].full(), "name", "name:school_rn")
    w.add(", BSN, NCSN   License RN ")
    w.phi(f"{_d(r, 6)}", "license", "license:rn")
    w.add("\n")


def _registry_csv(w: _W, f: _Fam) -> None:
    r = w.r
    tsv = r.random() < 0.4
    sep = "\t" if tsv else ","
    kind = r.choice(["iis", "nbs"])
    if kind == "iis":
        w.add("# IIS outbound extract  generated ")
        _date(w, f.day, "iso")
        w.add(f" 02:{r.randint(10, 59)}  provider pin {_d(r, 5)}  file {r.randint(1, 30)} of 30\n")
        cols = [
            "pat_last",
            "pat_first",
            "dob",
            "iis_id",
            "mother_maiden",
            "zip",
            "cvx",
            "admin_date",
            "lot",
            "ndc",
        ]
    else:
        w.add("# NBS lab export -- first-tier screen results, submitter ")
        w.keep(f.facility, "facility")
        w.add("\n")
        cols = [
            "kit_no",
            "baby_last",
            "mom_first",
            "birth_date",
            "collect_dt",
            "bw_g",
            "ga_wk",
            "tsh",
            "17ohp",
            "result",
        ]
    w.add(sep.join(cols) + "\n")
    for i in range(r.randint(3, 6)):
        kid = f.baby if i == 0 else _person(r, r.choice(_REGION_TRADS["us"]))
        mom = f.mother if i == 0 else _person(r, r.choice(_REGION_TRADS["us"]), True)
        dob = f.dob_b if i == 0 else date(2021, 1, 1) + timedelta(days=r.randint(0, 300))
        quote = not tsv and r.random() < 0.3

        def cell(
            text: str, kind_: str | None, form: str, last: bool = False, q: bool = quote
        ) -> None:
            if q:
                w.add('"')
            if kind_ is None:
                w.keep(text, form)
            else:
                w.phi(text, kind_, form)
            if q:
                w.add('"')
            w.add("\n" if last else sep)

        if kind == "iis":
            cell(kid.family.upper(), "name", "name:csv_last")
            cell(kid.given.upper(), "name", "name:csv_first")
            cell(_fmt(dob, "d8"), "date", "date:csv_d8")
            cell(_d(r, 8), "mrn", "mrn:csv_iis_id")
            cell(
                r.choice(_TRADITIONS[r.choice(_REGION_TRADS["us"])][2]).upper(),
                "name",
                "name:csv_maiden",
            )
            cell(f.addr.zip if i == 0 else _d(r, 5), "zip", "zip:csv")
            vac = r.choice(_VACCINES)
            cell(vac[1], None, "cvx")
            cell(_fmt(dob + timedelta(days=r.choice([0, 61, 122])), "d8"), "date", "date:csv_d8")
            cell(_lot(r), None, "lot_number")
            cell(f"{_d(r, 5)}-{_d(r, 4)}-{_d(r, 2)}", None, "ndc", last=True)
        else:
            cell(
                f"{_d(r, 2)}-{_d(r, 3)}-{_d(r, 5)}" if i else f.accession,
                "accession",
                "accession:csv_kit",
            )
            cell(kid.family, "name", "name:csv_last")
            cell(mom.given, "name", "name:csv_first")
            cell(_fmt(dob, "mdY"), "date", "date:csv_mdY")
            cell(
                f"{_fmt(dob + timedelta(days=1), 'mdY')} {_hms(r)[:5]}",
                "date",
                "date:csv_datetime",
            )
            cell(str(r.randint(900, 4300)), None, "birthweight")
            cell(str(r.randint(28, 41)), None, "gestation_weeks")
            cell(f"{r.randint(1, 30)}.{r.randint(0, 9)}", None, "lab_value")
            cell(f"{r.randint(5, 90)}.{r.randint(0, 9)}", None, "lab_value")
            cell(
                r.choice(["NORMAL", "NORMAL", "BORDERLINE - REPEAT", "PRESUMPTIVE POS - CALL"]),
                None,
                "result",
                last=True,
            )
    w.add("# upload ok from ")
    w.phi(f.ip, "ip", f"ip:{f.ip_form}_log")
    w.add(f" user {f.clin[2].first()[0].lower()}")
    w.phi(f.clin[2].family.lower(), "name", "name:username_surname")
    w.add(f" rows={r.randint(200, 4000)} sha256={_hex(r, 16)}...\n")


def _pedigree(w: _W, f: _Fam) -> None:
    r = w.r
    m, p = f.mother, f.partner
    indication = r.choice(
        [
            ("familial hearing loss", "GJB2", "c.35delG (p.Gly12Valfs*2)"),
            ("cystic fibrosis carrier screen positive", "CFTR", "c.1521_1523delCTT (p.Phe508del)"),
            ("hereditary breast/ovarian cancer", "BRCA1", "c.5266dupC (p.Gln1756Profs*74)"),
            ("spinal muscular atrophy carrier", "SMN1", "exon 7 deletion, 1 copy"),
        ]
    )
    w.add("GENETIC COUNSELING -- PRENATAL / PEDIATRIC\n")
    w.add("Proband: ")
    w.phi(m.full(), "name", "name:proband")
    w.add(" (II-2), DOB ")
    _date(w, f.dob_m, r.choice(["mdY", "dMonY"]))
    w.add(", MRN ")
    w.phi(f.mrn_m, "mrn", "mrn:inline")
    w.add("\nPartner: ")
    w.phi(p.full(), "name", "name:partner")
    w.add(" (II-3). Referred by ")
    w.phi(f.clin[0].full(), "name", "name:referrer")
    w.add(f", MD, for {indication[0]}. Session ")
    session = f.dob_b - timedelta(days=r.randint(60, 150))
    _date(w, session, r.choice(["long", "mdy"]))
    w.add(", ")
    w.keep(str(r.randint(45, 75)), "minutes")
    w.add(" min, interpreter present.\n\nFAMILY HISTORY (three generations; pedigree drawn)\n")
    gens = [
        ("I-1", "maternal grandfather", r.randint(90, 99), True),
        ("I-2", "maternal grandmother", r.randint(60, 102), r.random() < 0.5),
        ("I-3", "paternal grandfather", r.randint(55, 89), True),
        ("I-4", "paternal grandmother", r.randint(90, 104), False),
    ]
    for pos, rel, age, dead in gens:
        rel_p = _person(r, f.trad, rel.endswith("mother"))
        w.keep(pos, "pedigree_position")
        w.add(f"  {rel}, ")
        w.phi(rel_p.full(), "name", "name:relative")
        if dead:
            style = r.randrange(4)
            dod = date(r.randint(2003, 2020), r.randint(1, 12), r.randint(1, 28))
            if style == 0:
                w.add(": d. ")
                _age(w, age, str(age), "d_n")
                w.add(" (")
                _date(w, dod, "mdY")
                w.add(f"), {r.choice(['CVA', 'old age', 'pneumonia', 'CHF'])}")
            elif style == 1:
                w.add(", died aged ")
                _age(w, age, str(age), "died_aged")
                w.add(" on ")
                _date(w, dod, "dMonthY")
            elif style == 2:
                w.add(" -- \u2020 ")
                _date(w, dod, "dot")
                w.add(" at ")
                _age(w, age, str(age), "dagger_ny")
                w.add("y")
            else:
                w.add(f", deceased {dod.year} at age ")
                _age(w, age, _words(age) if age >= 40 else str(age), "deceased_words")
        else:
            w.add(r.choice([", living, ", ", alive and well at ", ", now "]))
            _age(w, age, str(age), "living")
            w.add(r.choice(["", " y", " years old", "yo"]))
            if r.random() < 0.5:
                w.add(", lives with ")
                w.phi(r.choice([m.first(), p.first()]), "name", "name:first_only")
        w.add("\n")
    w.keep("II-1", "pedigree_position")
    w.add(" maternal aunt ")
    w.phi(_person(r, f.trad, True).first(), "name", "name:aunt_first")
    w.add(", dx at ")
    w.keep(str(r.randint(30, 55)), "age_at_dx")
    w.add(", treated at ")
    w.keep(r.choice(_FACILITIES["us"]), "facility")
    w.add("\n")
    w.keep("III-1", "pedigree_position")
    w.add(" current pregnancy, EDD ")
    _date(w, f.dob_b, r.choice(["mdY", "long"]))
    w.add(f", GA {r.randint(11, 22)}w{r.randint(0, 6)}d by CRL\n")
    w.add("Consanguinity denied. Ancestry: ")
    w.add(f.trad.replace("capeverdean", "Cape Verdean").capitalize())
    w.add(" (both sides).\n\nRESULTS\n  ")
    w.add(f"{indication[1]} ")
    w.keep(indication[2], "variant")
    w.add(" heterozygous, lab accession ")
    w.phi(f.accession, "accession", "accession:genetics")
    w.add(r.choice([", reported ", ", signed out "]))
    _date(w, session - timedelta(days=r.randint(5, 20)), "DD-MON-YY")
    w.add(". ClinVar ")
    w.keep(f"VCV{_d(r, 9)}", "clinvar_id")
    w.add(". Partner testing offered; kit mailed to ")
    _us_addr(w, f.addr)
    w.add(".\nCascade letter for relatives given. Results portal: ")
    w.keep("https://www.ncbi.nlm.nih.gov/clinvar/", "public_url")
    w.add("\n\n")
    w.phi(f.clin[2].full(), "name", "name:counselor")
    w.add(", MS, CGC  (license GC-")
    w.phi(_d(r, 5), "license", "license:gc")
    w.add(")  ")
    _phone(w, f, "x", ext=True)
    w.add("\n")


def _foster_letter(w: _W, f: _Fam) -> None:
    r = w.r
    kid = f.baby
    kid_dob = f.dob_b = date(r.randint(2012, 2020), r.randint(1, 12), r.randint(1, 28))
    foster = _person(r, r.choice(_REGION_TRADS["us"]))
    foster2 = _person(r, r.choice(_REGION_TRADS["us"]))
    foster2.family = foster.family
    kinship = r.random() < 0.4
    w.add("DEPARTMENT OF CHILDREN AND FAMILIES\n")
    w.add(f"{r.choice(['Northeast', 'Metro South', 'Central'])} Area Office\n\n")
    w.add(_DAYS[f.day.weekday()] + ", ")
    _date(w, f.day, "long")
    w.add("\n\nRe: ")
    w.phi(kid.full(), "name", "name:re_line")
    w.add(" (DOB ")
    _date(w, kid_dob, "mdY")
    w.add(")\nDCF case no. ")
    w.phi(f"{_d(r, 7)}-{r.randint(1, 9)}", "account", "account:dcf_case")
    w.add("   Docket No. ")
    w.phi(f"{r.randint(17, 21)}CP{_d(r, 4)}{_up(r, 2)}", "account", "account:docket")
    w.add("\nMedicaid ID ")
    w.phi(f.plan, "plan", "plan:medicaid_prose")
    w.add("   SSN on file: ")
    _masked_ssn(w, f.ssn_b)
    w.add("\n\nDear Dr. ")
    w.phi(f.clin[1].family, "name", "name:salutation_surname")
    w.add(",\n\n")
    if kinship:
        w.add("The child was placed in kinship care on ")
        _date(w, f.day - timedelta(days=r.randint(10, 90)), r.choice(["mdy", "nth_of"]))
        w.add(" with the maternal ")
        w.add("great-grandmother, ")
        w.phi(f.elder.full(), "name", "name:kinship")
        w.add(r.choice([", who is ", ", now "]))
        _age(w, f.elder_age, str(f.elder_age), "kinship_is_n")
        w.add(r.choice([" years old", " and in good health", ""]))
        w.add(". Her neighbour ")
        w.phi(foster.full(), "name", "name:neighbour")
        w.add(" is the back-up caregiver.\n")
    else:
        w.add("The child was placed with licensed foster parents ")
        w.phi(foster.full(), "name", "name:foster")
        w.add(" and ")
        w.phi(foster2.first(), "name", "name:foster_first")
        w.add(" on ")
        _date(w, f.day - timedelta(days=r.randint(10, 90)), r.choice(["mdy", "long_ord"]))
        w.add(". Foster home: ")
        _us_addr(w, f.addr)
        w.add(", home phone ")
        _phone(w, f, "p")
        w.add(".\n")
    w.add("Birth mother ")
    w.phi(f.mother.full(), "name", "name:birth_mother")
    w.add(" has supervised visits ")
    w.add(
        r.choice(["Tuesdays 3:30-5:00 pm", "every other Saturday 10-12", "Thursdays after school"])
    )
    w.add(" at the area office; birth father ")
    w.phi(f.partner.full(), "name", "name:birth_father")
    w.add(" whereabouts unknown (last known ")
    w.phi(
        r.choice(_US_PLACES[r.choice(_REGION_TRADS["us"])])[0], "address", "address:last_known_city"
    )
    w.add(").\n\nPlease complete the initial health screen (within 7 days) and the comprehensive\n")
    w.add("exam (within 30 days). Consent for routine care is signed by DCF. The child's\n")
    w.add("transport is the agency van or the caregiver's vehicle ")
    paren = r.random() < 0.5
    w.add("(" if paren else "- ")
    w.add(r.choice(["2014 Honda Odyssey, ", "grey Sienna, ", ""]))
    w.add(r.choice(["plate ", "reg. ", "tag "]))
    w.phi(f.plate, "plate", "plate:foster_vehicle")
    w.add(")" if paren else "")
    w.add(", driver's licence ")
    w.phi(f"{_up(r, 1)}{_d(r, 8)}", "license", "license:driver")
    w.add(", checked ")
    _date(w, f.day - timedelta(days=r.randint(100, 300)), "mdy")
    w.add(".\nPrior records: ")
    w.keep(r.choice(_FACILITIES["us"]), "facility")
    w.add(" NICU (")
    w.add("MRN ")
    w.phi(f.mrn_b, "mrn", "mrn:prior_records")
    w.add("); immunizations current per IIS.\n\nSincerely,\n\n")
    w.phi(f.clin[3].full(), "name", "name:caseworker")
    w.add(", MSW\nSocial Worker II   ")
    _phone(w, f, "x", ext=True)
    w.add("   fax ")
    _phone(w, f, "x", kind="fax")
    w.add("\n")
    w.phi(
        f"{f.clin[3].first().lower()}.{f.clin[3].family.lower()}@state.example.gov",
        "email",
        "email:signature",
    )
    w.add("\ncc: ")
    w.phi(f"{f.clin[0].initial_last()}", "name", "name:cc_initial")
    w.add(", Supervisor; court investigator\n")


# --------------------------------------------------------------------------- machine-made records


def _x12(w: _W, f: _Fam) -> None:
    r = w.r
    nl = "\n" if r.random() < 0.7 else ""
    sub, kid = f.mother, f.baby
    ctl = _d(r, 9)
    a = f.addr

    def seg(*parts: str) -> None:
        w.add("*".join(parts))

    def end() -> None:
        w.add("~" + nl)

    w.add(
        f"ISA*00*          *00*          *ZZ*{'SUBMIT' + _d(r, 4):<15}*ZZ*{'PAYER' + _d(r, 3):<15}*"
    )
    _date(w, f.day + timedelta(days=3), "yymmdd")
    w.add("*")
    w.keep(f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}", "time_hhmm")
    w.add("*^*00501*")
    w.keep(ctl, "x12_control_number")
    w.add("*0*P*:")
    end()
    if r.random() < 0.6:
        seg("ST", "837", "0001", "005010X222A1")
        end()
        w.add("BHT*0019*00*")
        w.keep(_d(r, 6), "x12_reference")
        w.add("*")
        _date(w, f.day + timedelta(days=3), "d8")
        w.add("*1422*CH")
        end()
        w.add("NM1*41*2*")
        w.keep(f.facility.upper(), "facility")
        w.add("*****46*")
        w.keep(_d(r, 6), "submitter_id")
        end()
        w.add("PER*IC*")
        w.phi(f.clin[3].family.upper(), "name", "name:x12_per")
        w.add("*TE*")
        w.phi(f"{f.area}{_d(r, 7)}", "phone", "phone:x12_te_digits")
        w.add("*EX*")
        w.phi(_d(r, 4), "phone", "phone:x12_ex")
        end()
        w.add("NM1*82*1*")
        w.phi(f.clin[0].family.upper(), "name", "name:x12_nm1_last")
        w.add("*")
        w.phi(f.clin[0].given.upper(), "name", "name:x12_nm1_first")
        w.add("****XX*")
        w.phi(_npi(r), "license", "license:x12_npi")
        end()
        w.add("SBR*P*18*")
        w.keep(f"GRP{_d(r, 5)}", "group_number")
        w.add("******MC")
        end()
        w.add("NM1*IL*1*")
        w.phi(sub.family.upper(), "name", "name:x12_nm1_last")
        w.add("*")
        w.phi(sub.given.upper(), "name", "name:x12_nm1_first")
        w.add("****MI*")
        w.phi(f.plan, "plan", "plan:x12_mi")
        end()
        w.add("N3*")
        w.phi(a.street.upper(), "address", "address:x12_n3")
        end()
        w.add("N4*")
        w.phi(a.city.upper(), "address", "address:x12_n4_city")
        w.add(f"*{a.state}*")
        w.phi(a.zip + (_d(r, 4) if r.random() < 0.5 else ""), "zip", "zip:x12_n4")
        end()
        w.add("DMG*D8*")
        _date(w, f.dob_m, "d8")
        w.add("*F")
        end()
        w.add("REF*SY*")
        _ssn(w, f.ssn_m, "plain")
        end()
        w.add("NM1*PR*2*")
        w.keep(r.choice(["MASSHEALTH", "MEDICAID MCO", "BLUE CROSS"]), "payer")
        w.add("*****PI*")
        w.keep(_d(r, 5), "payer_id")
        end()
        if r.random() < 0.6:
            w.add("HL*3*2*23*0")
            end()
            w.add("PAT*19")
            end()
            w.add("NM1*QC*1*")
            w.phi(kid.family.upper(), "name", "name:x12_nm1_last")
            w.add("*")
            if r.random() < 0.3:
                w.add("BABY BOY" if f.boy else "BABY GIRL")
            else:
                w.phi(kid.given.upper(), "name", "name:x12_nm1_first")
            end()
            w.add("DMG*D8*")
            _date(w, f.dob_b, "d8")
            w.add(f"*{'M' if f.boy else 'F'}")
            end()
        w.add("CLM*")
        w.phi(f.account, "account", "account:x12_clm01")
        w.add(f"*{r.randint(900, 9000)}.00***11:B:1*Y*A*Y*Y")
        end()
        w.add("DTP*435*D8*")
        _date(w, f.dob_b, "d8")
        end()
        w.add("REF*EA*")
        w.phi(f.mrn_b, "mrn", "mrn:x12_ref_ea")
        end()
        w.add("HI*ABK:")
        w.keep(r.choice(["Z3800", "O80", "P0735", "Z3801"]), "icd10")
        w.add("*ABF:")
        w.keep(r.choice(["P599", "Z23", "O2441"]), "icd10")
        end()
        for _ in range(r.randint(1, 3)):
            w.add("LX*1")
            end()
            w.add("SV1*HC:")
            w.keep(r.choice(["99460", "59400", "99238", "90744", "92558"]), "cpt")
            w.add(f"*{r.randint(80, 4000)}*UN*1***1")
            end()
            w.add("DTP*472*D8*")
            _date(w, f.dob_b + timedelta(days=r.randint(0, 2)), "d8")
            end()
        w.add("SE*")
        w.keep(str(r.randint(20, 40)), "segment_count")
        w.add("*0001")
        end()
    else:
        seg("ST", "835", "1001")
        end()
        w.add(f"BPR*I*{r.randint(100, 5000)}.00*C*ACH*CCP*01*")
        w.keep(_d(r, 9), "routing_number")
        w.add("*DA*")
        w.keep(_d(r, 10), "payer_bank_account")
        w.add("*")
        w.keep(_d(r, 10), "payer_tin")
        w.add("**01*")
        w.keep(_d(r, 9), "routing_number")
        w.add("*DA*")
        w.keep(_d(r, 8), "payee_bank_account")
        w.add("*")
        _date(w, f.day + timedelta(days=30), "d8")
        end()
        w.add("TRN*1*")
        w.keep(f"EFT{_d(r, 9)}", "trace_number")
        w.add("*1")
        w.keep(_d(r, 9), "payer_tin")
        end()
        w.add("N1*PR*")
        w.keep(r.choice(["MASSHEALTH", "CARESOURCE", "AMBETTER"]), "payer")
        end()
        w.add("N1*PE*")
        w.keep(f.facility.upper(), "facility")
        w.add("*XX*")
        w.keep(_npi(r), "organisation_npi")
        end()
        w.add("CLP*")
        w.phi(f.account, "account", "account:x12_clp01")
        w.add(f"*1*{r.randint(900, 9000)}*{r.randint(100, 900)}*0*MC*")
        w.phi(f"{_d(r, 13)}", "account", "account:x12_payer_claim")
        w.add("*11*1")
        end()
        w.add("NM1*QC*1*")
        w.phi(f.baby.family.upper(), "name", "name:x12_nm1_last")
        w.add("*")
        w.phi(f.baby.given.upper(), "name", "name:x12_nm1_first")
        w.add("****MI*")
        w.phi(f.plan, "plan", "plan:x12_mi")
        end()
        w.add("DTM*232*")
        _date(w, f.dob_b, "d8")
        end()
        w.add("DTM*233*")
        _date(w, f.dob_b + timedelta(days=2), "d8")
        end()
        w.add("SVC*HC:")
        w.keep(r.choice(["99460", "99462", "99238"]), "cpt")
        w.add(f"*{r.randint(100, 600)}*{r.randint(50, 300)}")
        end()
        w.add("CAS*CO*45*")
        w.keep(f"{r.randint(10, 300)}.{r.randint(10, 99)}", "amount")
        end()
    w.add("IEA*1*")
    w.keep(ctl, "x12_control_number")
    end()
    if not nl:
        w.add("\n")


def _q(s: str) -> str:
    return s.replace('"', '\\"')


def _fhir(w: _W, f: _Fam) -> None:
    r = w.r
    kid, m, a = f.baby, f.mother, f.addr
    ind = "  "
    w.add('{\n  "resourceType": "Bundle",\n  "type": "collection",\n  "timestamp": "')
    w.phi(
        f"{f.day.isoformat()}T{_hms(r)}-05:00",
        "date",
        "date:fhir_instant",
    )
    w.add('",\n  "entry": [\n')
    pid = f"{''.join(r.choice('0123456789abcdef') for _ in range(8))}-{_d(r, 4)}"
    w.add(f'{ind}{{"fullUrl": "urn:uuid:')
    w.phi(pid, "mrn", "mrn:fhir_fullurl")
    w.add('",\n')
    w.add(f'{ind} "resource": {{"resourceType": "Patient", "id": "')
    w.phi(pid, "mrn", "mrn:fhir_id")
    w.add('",\n')
    w.add(
        f'{ind}  "identifier": [\n{ind}   {{"type": {{"coding": [{{"code": "MR"}}]}}, '
        '"system": "urn:oid:2.16.840.1.113883.3.'
    )
    w.keep(_d(r, 4), "oid_arc")
    w.add('", "value": "')
    w.phi(f.mrn_b, "mrn", "mrn:fhir_identifier")
    w.add(f'"}},\n{ind}   {{"type": {{"coding": [{{"code": "MA"}}]}}, "value": "')
    w.phi(f.plan, "plan", "plan:fhir_identifier")
    w.add('"}')
    if r.random() < 0.5:
        w.add(f',\n{ind}   {{"system": "http://hl7.org/fhir/sid/us-ssn", "value": "')
        _ssn(w, f.ssn_b, r.choice(["dash", "plain"]))
        w.add('"}')
    w.add(f'\n{ind}  ],\n{ind}  "name": [{{"use": "official", "family": "')
    w.phi(_q(kid.family), "name", "name:fhir_family")
    w.add('", "given": ["')
    w.phi(_q(kid.given), "name", "name:fhir_given")
    w.add(f'"]}}],\n{ind}  "gender": "{"male" if f.boy else "female"}", "birthDate": "')
    _date(w, f.dob_b, "iso")
    w.add('",\n')
    w.add(
        f'{ind}  "extension": [{{"url": '
        '"http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "'
    )
    w.phi(
        f"{f.dob_b.isoformat()}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00-05:00",
        "date",
        "date:fhir_datetime",
    )
    w.add('"}],\n')
    w.add(f'{ind}  "address": [{{"line": ["')
    w.phi(_q(a.street), "address", "address:fhir_line")
    w.add('"], "city": "')
    w.phi(a.city, "address", "address:fhir_city")
    w.add('", "district": "')
    w.phi(a.county, "address", "address:fhir_district")
    w.add(f'", "state": "{a.state}", "postalCode": "')
    w.phi(a.zip, "zip", "zip:fhir_postalcode")
    w.add('"}],\n')
    w.add(f'{ind}  "contact": [{{"relationship": [{{"text": "mother"}}], "name": {{"text": "')
    w.phi(m.full(), "name", "name:fhir_text")
    w.add('"},\n')
    w.add(f'{ind}   "telecom": [{{"system": "phone", "value": "')
    _phone(w, f, "m")
    w.add('", "use": "mobile"}, {"system": "email", "value": "')
    w.phi(f.email, "email", "email:fhir_telecom")
    w.add('"}]}]}},\n')
    w.add(
        f'{ind}{{"resource": {{"resourceType": "Observation", "id": "obs-{r.randint(1, 9)}", '
        '"status": "final",\n'
    )
    w.add(f'{ind}  "code": {{"coding": [{{"system": "http://loinc.org", "code": "')
    w.keep(r.choice(["54089-8", "59576-9", "73700-7", "8339-4"]), "loinc")
    w.add('"}]},\n')
    w.add(f'{ind}  "subject": {{"reference": "Patient/')
    w.phi(pid, "mrn", "mrn:fhir_reference")
    w.add('"}, "effectiveDateTime": "')
    _date(w, f.dob_b + timedelta(days=1), "iso")
    w.add(f'",\n{ind}  "valueQuantity": {{"value": ')
    w.keep(str(r.randint(2100, 4300)), "birthweight")
    w.add(', "unit": "g"}}},\n')
    w.add(
        f'{ind}{{"resource": {{"resourceType": "Immunization", "status": "completed", '
        '"vaccineCode": {"coding": [{"code": "'
    )
    w.keep("08", "cvx")
    w.add('"}]}, "occurrenceDateTime": "')
    _date(w, f.dob_b, "iso")
    w.add('", "lotNumber": "')
    w.keep(_lot(r), "lot_number")
    w.add('", "expirationDate": "')
    w.keep(_fmt(date(2022, r.randint(1, 12), r.randint(1, 28)), "iso"), "lot_expiry")
    w.add(f'",\n{ind}  "performer": [{{"actor": {{"display": "')
    w.phi(f.clin[2].full(), "name", "name:fhir_display")
    w.add(', RN"}}]}},\n')
    w.add(
        f'{ind}{{"resource": {{"resourceType": "Device", "deviceName": '
        '[{"name": "Masimo Rad-97 pulse oximeter (CCHD screen)"}], "serialNumber": "'
    )
    w.phi(f.serial, "serial", "serial:fhir_serialnumber")
    w.add('"}},\n')
    w.add(f'{ind}{{"resource": {{"resourceType": "AuditEvent", "recorded": "')
    w.phi(
        f"{f.day.isoformat()}T{_hms(r)}Z",
        "date",
        "date:fhir_instant",
    )
    w.add('",\n')
    w.add(f'{ind}  "agent": [{{"who": {{"display": "')
    w.phi(f.mother.first().lower(), "name", "name:portal_username_lower")
    w.add(
        f'{_d(r, 2)} (patient portal proxy)"}}, "requestor": true,\n'
        f'{ind}   "network": {{"address": "'
    )
    w.phi(f.ip, "ip", f"ip:{f.ip_form}_fhir")
    w.add('", "type": "2"}}]}}\n  ]\n}\n')


def _pharmacy_label(w: _W, f: _Fam) -> None:
    r = w.r
    kid = f.baby
    drug = r.choice(
        [
            (
                "AMOXICILLIN 400MG/5ML SUSP",
                "5.5 mL",
                "twice daily for 10 days",
                "100 mL",
                "0093-4161-73",
            ),
            (
                "NYSTATIN 100,000 UNIT/ML SUSP",
                "1 mL",
                "to each cheek four times daily",
                "60 mL",
                "0121-0810-60",
            ),
            (
                "CEPHALEXIN 250MG/5ML SUSP",
                "7 mL",
                "three times daily for 7 days",
                "150 mL",
                "0093-4177-73",
            ),
            (
                "ONDANSETRON ODT 4MG TAB",
                "1 tablet",
                "every 8 hours as needed for vomiting",
                "6 tablets",
                "0781-5238-64",
            ),
        ]
    )
    filled = f.day
    w.add("+" + "-" * 58 + "+\n| ")
    w.keep(
        r.choice(["Family Pharmacy #212", "Main St. Apothecary", "CityCare Pharmacy"]), "facility"
    )
    w.add("   ")
    _phone(w, f, "x")
    w.add("\n| Rx# ")
    w.phi(f.rx, "account", "account:rx_number")
    w.add("     Date filled: ")
    _date(w, filled, "mdy")
    w.add("\n| ")
    w.phi(kid.full().upper(), "name", "name:label_caps")
    w.add("   DOB ")
    _date(w, f.dob_b, r.choice(["mdY", "mdy"]))
    w.add("\n| ")
    _us_addr(w, f.addr, form="label")
    w.add(f"\n| {drug[0]}\n| GIVE ")
    w.keep(drug[1], "dose")
    w.add(f" BY MOUTH {drug[2].upper()}.\n| SHAKE WELL. REFRIGERATE. ")
    w.add("Discard after ")
    _date(w, filled + timedelta(days=14), "mdy")
    w.add("\n| Qty: ")
    w.keep(drug[3], "quantity")
    w.add("   Refills: 0   NDC ")
    w.keep(drug[4], "ndc")
    w.add("\n| Lot ")
    w.keep(_lot(r), "lot_number")
    w.add("  Exp ")
    w.keep(f"{r.randint(1, 12):02d}/{r.choice([2022, 2023])}", "lot_expiry")
    w.add("\n| Dr. ")
    w.phi(f.clin[1].full(), "name", "name:prescriber")
    w.add("  DEA ")
    w.phi(f"{r.choice('ABFM')}{f.clin[1].family[0]}{_d(r, 7)}", "license", "license:dea")
    w.add("\n| RPh ")
    w.phi(f.clin[3].initial_last(), "name", "name:rph")
    w.add(f"   weight on file {r.randint(4, 22)}.{r.randint(0, 9)} kg\n")
    w.add("+" + "-" * 58 + "+\n")
    w.add("Counseling log: spoke with ")
    w.phi(f.mother.first(), "name", "name:first_only")
    w.add(" (mom) at pickup, ")
    w.keep(f"{r.randint(1, 12)}:{r.randint(10, 59)} pm", "time")
    w.add("; demo'd oral syringe; auto-refill text to ")
    _phone(w, f, "m")
    w.add(" declined.\n")


def _signature(w: _W, f: _Fam, c: _P) -> None:
    r = w.r
    w.add("\n--\n")
    w.phi(c.full(), "name", "name:signature")
    w.add(r.choice([", IBCLC, RN", ", RN, CLC", " (she/her)", ", MSN, CPNP"]))
    w.add("\n")
    w.add(r.choice(["Lactation Services | ", "Newborn Nursery | ", "Pediatric Nurse Line | "]))
    w.keep(f.facility, "facility")
    w.add("\nO: ")
    _phone(w, f, "x", ext=True)
    w.add(r.choice(["  |  F: ", "\nFax: "]))
    _phone(w, f, "x", kind="fax")
    w.add("\n")
    w.phi(
        f"{c.first().lower()}.{c.family.lower()}@"
        + r.choice(["mercyfamily.org", "stbrigids-health.org"]),
        "email",
        "email:signature",
    )
    w.add("\nCONFIDENTIALITY NOTICE: This e-mail may contain protected health information.\n")


def _email_thread(w: _W, f: _Fam) -> None:
    r = w.r
    m, kid, c = f.mother, f.baby, f.clin[2]
    t0 = f.day
    raw = r.random() < 0.4
    if raw:
        w.add("Received: from mail-ej1-f41.google.com (")
        w.phi(f.ip, "ip", f"ip:{f.ip_form}_received")
        w.add(")\nX-Originating-IP: [")
        ip2, form2 = _ip(r)
        w.phi(ip2, "ip", f"ip:{form2}_bracketed")
        w.add("]\nDate: ")
        w.add(_DAYS[(t0 + timedelta(days=1)).weekday()][:3] + ", ")
        w.phi(
            f"{(t0 + timedelta(days=1)).day} {_MON[(t0 + timedelta(days=1)).month - 1]} {t0.year}",
            "date",
            "date:rfc2822",
        )
        w.add(f" {r.randint(6, 22):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} -0500\n")
    w.add("From: ")
    w.phi(c.full(), "name", "name:from_header")
    w.add(" <")
    w.phi(f"{c.first().lower()}.{c.family.lower()}@mercyfamily.org", "email", "email:header")
    w.add(">\nTo: ")
    w.phi(f.email, "email", "email:header_bare")
    w.add("\nSubject: RE: RE: ")
    w.add(r.choice(["pumping question", "jaundice recheck", "pump rental return", "WIC form"]))
    w.add(" -- ")
    w.phi(kid.first(), "name", "name:subject_first")
    w.add("\n\nHi ")
    w.phi(m.first(), "name", "name:greeting_first")
    w.add(",\n\nGlad to hear the latch is better! ")
    w.add(r.choice(["Keep the 8-12 feeds a day", "Keep pumping after the morning feed"]))
    w.add(" and bring ")
    w.phi(kid.first(), "name", "name:first_only")
    w.add(" for a weight check on ")
    w.add(_DAYS[(t0 + timedelta(days=4)).weekday()] + " ")
    _date(w, t0 + timedelta(days=4), r.choice(["md", "Mon d", "long"]))
    w.add(f" at {r.randint(9, 11)}:{r.choice(['00', '30'])}.\n")
    w.add("The hospital-grade pump (Symphony, serial ")
    w.phi(f.serial, "serial", "serial:breast_pump")
    w.add(") is yours until ")
    _date(w, t0 + timedelta(days=60), r.choice(["mdy", "long"]))
    w.add("; your WIC number ")
    w.phi(f.plan, "plan", "plan:wic_prose")
    w.add(" is on the rental form.\n")
    w.add("Vitamin D 400 IU daily. Weight today ")
    w.keep(f"{r.randint(2, 4)}.{r.randint(100, 999)} kg", "weight")
    w.add(", up ")
    w.keep(f"{r.randint(15, 45)} g/day", "weight_gain")
    w.add(".")
    _signature(w, f, c)
    sent = t0 - timedelta(days=r.randint(0, 2))
    w.add("\n-----Original Message-----\nFrom: ")
    w.phi(m.full(), "name", "name:from_header")
    w.add(" <")
    w.phi(f.email, "email", "email:header")
    w.add(">\nSent: ")
    w.add(_DAYS[sent.weekday()] + ", ")
    _date(w, sent, "long")
    w.add(f" {r.randint(1, 11)}:{r.randint(10, 59)} {r.choice(['AM', 'PM'])}\nTo: ")
    w.phi(c.full(), "name", "name:to_header")
    w.add("\nSubject: RE: question\n\n")
    w.add(r.choice(["hi ", "Hello ", ""]))
    w.phi(c.first().lower() if r.random() < 0.4 else c.first(), "name", "name:greeting_first")
    w.add(r.choice([" sorry to bother u again, ", ", "]))
    w.add("she is eating every 2 hrs now and ")
    w.keep(f"{r.randint(6, 10)}", "count")
    w.add(" wet diapers. my ")
    w.add(f.elder_rel)
    w.add(" says she looks yellow still?? ")
    if r.random() < 0.5:
        w.add("(")
        w.phi(f.elder.first(), "name", "name:first_only")
        w.add(" is ")
        _age(w, f.elder_age, str(f.elder_age), "paren_is_n")
        w.add(" so she worries lol) ")
    w.add("we live at ")
    w.phi(f.addr.street, "address", "address:street_prose")
    w.add(" if the visiting nurse can come. my number changed its ")
    _phone(w, f, "p")
    w.add("\nalso pictures are here ")
    w.phi(f.url, "url", "url:prose")
    w.add("\n\n> On ")
    _date(w, sent - timedelta(days=1), "mdy")
    w.add(", ")
    w.phi(c.full(), "name", "name:quoted_wrote")
    w.add(" wrote:\n> Call the nurse line at ")
    _phone(w, f, "x", ext=True)
    w.add(" with any questions.\n> Bilirubin today ")
    w.keep(f"{r.randint(8, 16)}.{r.randint(0, 9)}", "lab_value")
    w.add(", below the light level for ")
    w.keep(f"{r.randint(24, 96)}", "hours_of_life")
    w.add(" hours.\n")


def _voicemail(w: _W, f: _Fam) -> None:
    r = w.r
    spanish = f.trad == "mexican" or r.random() < 0.35
    m, kid = f.mother, f.baby
    rec = f.day
    w.add(r.choice(["Visual Voicemail", "VM-to-Text (Clinic Line 2)", "Voicemail transcription"]))
    w.add(" | From: ")
    _phone(w, f, "m")
    w.add(" | Received: ")
    w.add(_DAYS[rec.weekday()][:3] + " ")
    _date(w, rec, r.choice(["mdy", "md"]))
    w.add(
        f" {r.randint(1, 12)}:{r.randint(10, 59)} {r.choice(['AM', 'PM'])}"
        f" | Duration 0:{r.randint(21, 59)}\n"
    )
    w.add(f"Transcription confidence: {r.choice(['low', 'medium', 'high'])}\n\n")
    digits = f.mphone if f.region == "us" else f.pphone
    only = "".join(c for c in digits if c.isdigit())[-10:]
    if spanish:
        w.add("hola buenas tardes habla ")
        w.phi(m.full().lower() if r.random() < 0.5 else m.full(), "name", "name:asr_es")
        w.add(" la mamá de ")
        w.phi(kid.first(), "name", "name:asr_es_first")
        w.add(" fecha de nacimiento ")
        _date(w, f.dob_b, "es")
        w.add(" le llamo porque el niño tiene fiebre de ")
        w.keep("38.5", "temperature")
        w.add(" desde ayer y no quiere comer eh mi número es ")
        w.phi(_spoken(only, "es"), "phone", "phone:spoken_es")
        w.add(" o al trabajo de mi esposo ")
        w.phi(f.partner.first(), "name", "name:asr_es_first")
        w.add(" ")
        _phone(w, f, "p")
        w.add(" eh también mi suegra ")
        w.phi(f.elder.first(), "name", "name:asr_es_first")
        w.add(" que tiene ")
        a = f.elder_age
        _age(w, a, _es_words(a), "es_tiene")
        w.add(" años está con nosotros y también tose gracias bye\n")
    else:
        w.add("hi um this is ")
        w.phi(m.first().lower(), "name", "name:asr_first_lower")
        w.add(" ")
        w.phi(m.family.lower(), "name", "name:asr_last_lower")
        w.add(f" calling about my {'son' if f.boy else 'daughter'} ")
        w.phi(kid.first().lower(), "name", "name:asr_first_lower")
        w.add(" date of birth ")
        d = f.dob_b
        w.phi(
            f"{_MONTHS[d.month - 1].lower()} {_nth(d.day)} twenty twenty one", "date", "date:spoken"
        )
        w.add(" um the medical record number is ")
        w.phi(_spoken(f.mrn_b), "mrn", "mrn:spoken")
        w.add(f" {'he' if f.boy else 'she'} had {'his' if f.boy else 'her'} two month shots on ")
        _date(w, f.dob_b + timedelta(days=61), r.choice(["md", "long"]))
        w.add(" and the thigh is red and hot about the size of a quarter temp ")
        w.keep("101.2", "temperature")
        w.add(" gave tylenol ")
        w.keep("1.25 ml", "dose")
        w.add(" at like three please call me back at ")
        w.phi(_spoken(only), "phone", "phone:spoken_en")
        w.add(" or my husband ")
        _phone(w, f, "p")
        w.add(" okay thanks bye\n")
    w.add("\n[Routed to: triage RN pool]  [Callback by: ")
    w.phi(f.clin[2].initial_last(), "name", "name:routing")
    w.add(f" {r.randint(1, 12)}:{r.randint(10, 59)}]\n")


def _hyphenate(w: _W, name: str, kind: str, form: str) -> None:
    """A name broken across a line by the scanner's hyphenation (one span with the break)."""
    if len(name) >= 7 and " " not in name:
        cut = len(name) // 2
        w.phi(f"{name[:cut]}-\n{name[cut:]}", kind, form + "_hyphenated")
    else:
        w.phi(name, kind, form)


def _spaced(s: str) -> str:
    return " ".join(s)


def _ocr_fax(w: _W, f: _Fam) -> None:
    r = w.r
    kid, m = f.baby, f.mother
    w.add(f"{_fmt(f.day, 'mdY')} {r.randint(10, 23)}:{r.randint(10, 59)}  FAX ")
    w.phi(_us_phone(r, f.area)[0], "fax", "fax:fax_header")
    w.add("   ")
    w.keep(f.facility.upper(), "facility")
    w.add(f"   P.00{r.randint(1, 3)}/00{r.randint(3, 6)}\n")
    w.noise = r.choice([0.04, 0.08, 0.12])
    synagis = r.random() < 0.5
    if synagis:
        w.add("PALIVIZUMAB (SYNAGIS) PRIOR AUTHORIZATION REQUEST\n\n")
    else:
        w.add("EARLY INTERVENTION REFERRAL -- PART C\n\n")
    w.add("Patient Name: ")
    _hyphenate(w, kid.family, "name", "name:ocr_last")
    w.add(", ")
    w.phi(kid.given, "name", "name:ocr_first")
    w.add("\nD O B : ")
    w.phi(
        _spaced(_fmt(f.dob_b, "mdY")) if r.random() < 0.4 else _fmt(f.dob_b, "mdY"),
        "date",
        "date:ocr_dob",
    )
    w.add("   Member ID: ")
    w.phi(f.plan, "plan", "plan:ocr_member")
    w.add("\nM R N : ")
    w.phi(_spaced(f.mrn_b) if r.random() < 0.5 else f.mrn_b, "mrn", "mrn:ocr_spaced")
    w.add("\nParent/Guardian: ")
    w.phi(m.full(), "name", "name:ocr_parent")
    w.add("   Phone: ")
    _phone(w, f, "m")
    w.add("\nAddress: ")
    _us_addr(w, f.addr, form="ocr")
    w.add("\n\n")
    if synagis:
        w.add(f"GA at birth: {r.randint(26, 34)} wks   Current wt: ")
        w.keep(f"{r.randint(2, 6)}.{r.randint(0, 9)} kg", "weight")
        w.add("\nDx: ")
        w.keep(r.choice(["P07.32", "P27.1", "Q21.0"]), "icd10")
        w.add(
            " chronic lung disease of prematurity\n"
            "Dose: 15 mg/kg IM q30 days x 5 doses, RSV season start "
        )
        _date(w, date(2021, 11, 1) + timedelta(days=r.randint(0, 20)), "mdY")
        w.add("\nCPT ")
        w.keep("90378", "cpt")
        w.add(" x ")
        w.keep(str(r.randint(1, 3)), "units")
        w.add(" vials of 50 mg\n")
    else:
        w.add("Reason: ")
        w.add(r.choice(["speech delay", "gross motor delay, hypotonia", "prematurity < 32 wk"]))
        w.add("; ASQ-3 communication ")
        w.keep(str(r.randint(5, 35)), "score")
        w.add(" (cutoff ")
        w.keep("13.04", "score")
        w.add(")\nFamily consent signed ")
        _date(w, f.day, "mdy")
        w.add("; interpreter: ")
        w.add(r.choice(["Haitian Creole", "Somali", "Spanish", "none"]))
        w.add("\n")
    w.add("Prescriber: ")
    _hyphenate(
        w, f.clin[1].full() if r.random() < 0.5 else f.clin[1].family, "name", "name:ocr_prescriber"
    )
    w.add(", MD   NPI: ")
    w.phi(_npi(r), "license", "license:ocr_npi")
    w.add("\nSignature on file  Date: ")
    _date(w, f.day, r.choice(["mdY", "mdy"]))
    w.noise = 0.0
    w.add("\n\nCONFIDENTIAL: if received in error call ")
    _phone(w, f, "x", ext=True)
    w.add("\n")


# --------------------------------------------------------------------------- other countries


def _uk_new_birth(w: _W, f: _Fam) -> None:
    r = w.r
    kid, m, a = f.baby, f.mother, f.addr
    w.add("HEALTH VISITING SERVICE -- NEW BIRTH VISIT (Personal Child Health Record copy)\n\n")
    w.add("Child: ")
    w.phi(kid.full(), "name", "name:full")
    w.add("   NHS No: ")
    w.phi(f"{_d(r, 3)} {_d(r, 3)} {_d(r, 4)}", "mrn", "mrn:nhs_number")
    w.add("\nDOB: ")
    _date(w, f.dob_b, r.choice(["dmY", "d/m/Y"]))
    w.add("   Visit: ")
    _date(w, f.dob_b + timedelta(days=r.randint(10, 14)), r.choice(["nth_of", "dMonthY"]))
    w.add(" (day ")
    w.keep(str(r.randint(10, 14)), "day_of_life")
    w.add(")\nAddress: ")
    w.phi(a.street, "address", "address:uk_street")
    w.add(", ")
    w.phi(a.city, "address", "address:uk_city")
    w.add(" ")
    w.phi(a.zip, "zip", "zip:uk_postcode")
    w.add("\nMother: ")
    w.phi(m.full(), "name", "name:full")
    w.add(" (")
    _age(w, f.day.year - f.dob_m.year, str(f.day.year - f.dob_m.year), "uk_mother_paren")
    w.add("), mob. ")
    _phone(w, f, "m")
    w.add("; NI no. ")
    w.phi(f.natid_m, "natid", "natid:uk_ni")
    w.add(" given for the Child Benefit claim.\n")
    w.add("Present: mum, dad (")
    w.phi(f.partner.first(), "name", "name:first_only")
    w.add("), ")
    if r.random() < 0.6:
        w.add("and nan. ")
        _elder_age(w, f)
        w.add("\n")
    else:
        w.add("older sibling.\n")
    w.add("Feeding: breast, ")
    w.keep(f"{r.randint(8, 12)}", "count")
    w.add(" feeds/24 h. Weight ")
    w.keep(f"{r.randint(2900, 4200)} g", "weight")
    w.add(" (")
    w.keep(_nth(r.randint(9, 91)), "centile")
    w.add(" centile), back to birth weight. NIPE done at ")
    w.keep(f.facility, "facility")
    w.add(".\nBloodspot taken day 5, card ")
    w.phi(f"{_d(r, 2)}{_up(r, 1)}{_d(r, 6)}", "accession", "accession:bloodspot_card")
    w.add("; results to GP, ")
    w.add("Dr ")
    w.phi(f.clin[0].family, "name", "name:gp_surname")
    w.add(" at the ")
    w.keep(r.choice(["Burley Park Medical Centre", "Lister Surgery"]), "facility")
    w.add(", ")
    _phone(w, f, "x")
    w.add(".\nMaternal mood: EPDS ")
    w.keep(str(r.randint(2, 14)), "score")
    w.add("; Whooley questions negative. Safe sleep, ICON and car seat discussed; family's car ")
    w.phi(f.plate, "plate", "plate:uk_prose")
    w.add(" has an ISOFIX base.\nNext contact 6-8 week review, w/c ")
    _date(w, f.dob_b + timedelta(days=42), "dMonY")
    w.add(".\n\n")
    w.phi(f.clin[3].full(), "name", "name:hv")
    w.add(", SCPHN (HV), NMC PIN ")
    w.phi(f"{_d(r, 2)}{_up(r, 1)}{_d(r, 4)}{_up(r, 1)}", "license", "license:nmc_pin")
    w.add("\n")
    w.phi(f"{f.clin[3].first().lower()}.{f.clin[3].family.lower()}@nhs.net", "email", "email:nhs")
    w.add("\n")


def _de_hebamme(w: _W, f: _Fam) -> None:
    r = w.r
    kid, m, a = f.baby, f.mother, f.addr
    w.add("Hebammenhilfe -- Wochenbettbetreuung, Dokumentation\n\n")
    w.add("Name der Versicherten: ")
    w.phi(f"{m.family}, {m.given}", "name", "name:de_last_first")
    w.add("   geb. ")
    _date(w, f.dob_m, "dot")
    w.add("\nKrankenkasse: ")
    w.keep(r.choice(["AOK Nordost", "Techniker Krankenkasse", "BARMER"]), "payer")
    w.add("   Versichertennr.: ")
    w.phi(f"{_up(r, 1)}{_d(r, 9)}", "plan", "plan:de_versichertennummer")
    w.add("\nAnschrift: ")
    w.phi(a.street, "address", "address:de_street")
    w.add(", ")
    w.phi(a.zip, "zip", "zip:de_plz")
    w.add(" ")
    w.phi(a.city, "address", "address:de_city")
    w.add("   Tel. ")
    _phone(w, f, "m")
    w.add("\nKind: ")
    w.phi(kid.given, "name", "name:de_given")
    w.add(", geboren am ")
    _date(w, f.dob_b, r.choice(["de", "dot"]))
    w.add(" um ")
    w.keep(f"{r.randint(0, 23)}:{r.randint(10, 59)} Uhr", "time")
    w.add(", Klinik: ")
    w.keep(f.facility, "facility")
    w.add(", ")
    w.keep(f"{r.randint(2600, 4400)} g", "weight")
    w.add(", ")
    w.keep(f"{r.randint(47, 56)} cm", "length")
    w.add(", KU ")
    w.keep(f"{r.randint(32, 37)} cm", "head_circumference")
    w.add("\nSteuer-ID des Kindes (Elterngeldantrag): ")
    w.phi(f.natid_b, "natid", "natid:de_steuer_id")
    w.add("\n\nBesuche:\n")
    for k in range(r.randint(2, 4)):
        d = f.dob_b + timedelta(days=3 + 2 * k)
        w.add(f"  {['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'][d.weekday()]} ")
        _date(w, d, "dot_short")
        w.add(": ")
        w.add(
            r.choice(
                [
                    "Nabel trocken, Ikterus leicht, Stillen 10x/Tag, ",
                    "Gewicht stabil, Mutter Lochien rubra, Rückbildung gut, ",
                    "Brustwarzen wund, Stillberatung, ",
                ]
            )
        )
        w.keep(f"{r.randint(2800, 4200)} g", "weight")
        w.add("\n")
    w.add("U2 am ")
    _date(w, f.dob_b + timedelta(days=r.randint(3, 10)), "de")
    w.add(" durch Dr. med. ")
    w.phi(f.clin[0].family, "name", "name:de_surname")
    w.add(" (LANR ")
    w.phi(_d(r, 9), "license", "license:lanr")
    w.add("); U3 geplant für ")
    _date(w, f.dob_b + timedelta(days=r.randint(28, 35)), "dot")
    w.add(". Neugeborenen-Screening Karte ")
    w.phi(f"{_d(r, 8)}", "accession", "accession:de_screening_card")
    w.add(" unauffällig. Vitamin K 2 mg p.o. gegeben.\n")
    if r.random() < 0.5:
        w.add("Urgroßmutter " if f.elder_rel.endswith("mother") else "Urgroßvater ")
        w.phi(f.elder.first(), "name", "name:first_only")
        w.add(" (")
        _age(w, f.elder_age, str(f.elder_age), "de_jahre")
        w.add(" J.")
        w.add(") wohnt im Haushalt.\n")
    w.add("Hebamme: ")
    w.phi(f"{f.clin[2].given} {f.clin[2].family}", "name", "name:de_midwife")
    w.add(", IK ")
    w.keep(f"{r.randint(60, 69)}{_d(r, 7)}", "institution_code")
    w.add(", Tel. ")
    _phone(w, f, "x")
    w.add(", E-Mail ")
    w.phi(f"hebamme.{f.clin[2].family.lower()}@web.de", "email", "email:de_prose")
    w.add("\n")


def _br_alta(w: _W, f: _Fam) -> None:
    r = w.r
    kid, m, a = f.baby, f.mother, f.addr
    w.add("RESUMO DE ALTA -- ALOJAMENTO CONJUNTO\n")
    w.keep(f.facility, "facility")
    w.add("\n\nRN de ")
    w.phi(m.full(), "name", "name:br_rn_de")
    w.add("   Prontuário: ")
    w.phi(f.mrn_b, "mrn", "mrn:br_prontuario")
    w.add("\nNome social do RN: ")
    w.phi(kid.given + " " + kid.family, "name", "name:br_full")
    w.add("\nDNV nº ")
    w.phi(f.natid_b, "natid", "natid:br_dnv")
    w.add("   Cartão SUS: ")
    w.phi(f"{r.choice('789')}{_d(r, 2)} {_d(r, 4)} {_d(r, 4)} {_d(r, 4)}", "plan", "plan:br_cns")
    w.add("\nMãe: CPF ")
    w.phi(f.natid_m, "natid", "natid:br_cpf")
    w.add(", nascida em ")
    _date(w, f.dob_m, "dmY")
    w.add(" (")
    _age(w, f.day.year - f.dob_m.year, str(f.day.year - f.dob_m.year), "br_mother_anos")
    w.add(" anos), G2P2A0\nEndereço: ")
    w.phi(a.street, "address", "address:br_street")
    w.add(" -- ")
    w.phi(a.hood, "address", "address:br_bairro")
    w.add(", ")
    w.phi(a.city, "address", "address:br_city")
    w.add(f" -- {a.state}, CEP ")
    w.phi(a.zip, "zip", "zip:br_cep")
    w.add("\nTelefone: ")
    _phone(w, f, "m")
    w.add("  e-mail: ")
    w.phi(f.email, "email", "email:br_field")
    w.add("\n\nNascimento: ")
    _date(w, f.dob_b, r.choice(["pt", "dmY"]))
    w.add(", parto ")
    w.add(r.choice(["vaginal", "cesáreo"]))
    w.add(", IG ")
    w.keep(f"{r.randint(36, 41)}s{r.randint(0, 6)}d", "gestation")
    w.add(", Apgar ")
    w.keep(f"{r.randint(7, 9)}/{r.randint(8, 10)}", "apgar")
    w.add(", peso ")
    w.keep(f"{r.randint(2500, 4200)} g", "weight")
    w.add("\nTriagens: teste do pezinho coletado em ")
    _date(w, f.dob_b + timedelta(days=r.randint(2, 5)), "dmY")
    w.add(" (amostra ")
    w.phi(f"{_d(r, 10)}", "accession", "accession:br_pezinho")
    w.add("); teste da orelhinha EOA presente bilateral; teste do coraçãozinho SpO2 ")
    w.keep(f"{r.randint(96, 99)}%", "spo2")
    w.add("/")
    w.keep(f"{r.randint(96, 99)}%", "spo2")
    w.add(".\nVacinas: BCG e hepatite B (lote ")
    w.keep(_lot(r), "lot_number")
    w.add(") em ")
    _date(w, f.dob_b, "dmY")
    w.add(".\n")
    if r.random() < 0.5:
        w.add("Bisavó materna " if f.elder_rel.endswith("mother") else "Bisavô materno ")
        w.phi(f.elder.full(), "name", "name:br_elder")
        w.add(", ")
        _age(w, f.elder_age, str(f.elder_age), "br_anos")
        w.add(" anos, ajudará nos cuidados.\n")
    w.add("Retorno na UBS em ")
    _date(w, f.dob_b + timedelta(days=r.randint(5, 7)), "pt")
    w.add(".\n\nMédico(a): ")
    w.phi(f.clin[0].full(), "name", "name:br_medico")
    w.add(" -- CRM-")
    w.add(a.state)
    w.add(" ")
    w.phi(_d(r, 6), "license", "license:crm")
    w.add("\n")


def _sg_booklet(w: _W, f: _Fam) -> None:
    r = w.r
    kid, m, a = f.baby, f.mother, f.addr
    w.add("HEALTH BOOKLET -- CHILD PARTICULARS / DEVELOPMENTAL CHECK\n\n")
    w.add("Name of Child: ")
    w.phi(kid.full().upper(), "name", "name:sg_caps")
    w.add("\nBirth Cert. No.: ")
    w.phi(f.natid_b, "natid", "natid:sg_birth_cert")
    w.add("    Date of Birth: ")
    _date(w, f.dob_b, r.choice(["sg", "dmY"]))
    w.add("\nMother's Name: ")
    w.phi(m.full(), "name", "name:sg_mother")
    w.add("    NRIC: ")
    w.phi(f.natid_m, "natid", "natid:sg_nric")
    w.add("\nAddress: ")
    w.phi(a.street, "address", "address:sg_blk")
    w.add(", Singapore ")
    w.phi(a.zip, "zip", "zip:sg_postal")
    w.add("\nContact: ")
    _phone(w, f, "m")
    w.add(" (mother), ")
    _phone(w, f, "p")
    w.add(" (father)\nPlace of Birth: ")
    w.keep(r.choice(_FACILITIES["sg"][:1]), "facility")
    w.add("   Birth weight: ")
    w.keep(f"{r.randint(2500, 4100)}g", "weight")
    w.add("\n\nIMMUNISATION RECORD (National Childhood Immunisation Schedule)\n")
    for vac, months in (
        ("BCG", 0),
        ("Hep B (1)", 0),
        ("Hep B (2)", 1),
        ("6-in-1 (1)", 2),
        ("PCV (1)", 4),
    ):
        d = f.dob_b + timedelta(days=30 * months + r.randint(0, 6))
        w.add(f"  {vac:<12}")
        _date(w, d, "sg")
        w.add("  batch ")
        w.keep(_lot(r), "lot_number")
        w.add("  ")
        w.keep(r.choice(_FACILITIES["sg"][1:]), "facility")
        w.add("\n")
    w.add("\nDevelopmental check at ")
    w.keep(f"{r.randint(2, 18)} months", "child_age_months")
    w.add(": social smile present; weight-for-age ")
    w.keep(_nth(r.randint(10, 90)), "centile")
    w.add(" percentile.\n")
    if r.random() < 0.5:
        w.add("Lives with parents and ")
        _elder_age(w, f)
        w.add("\n")
    w.add("HealthHub account linked to mother's Singpass; parent e-mail ")
    w.phi(f.email, "email", "email:sg_prose")
    w.add(".\nDoctor/Nurse: ")
    w.phi(f.clin[2].full(), "name", "name:sg_nurse")
    w.add("   MCR/SNB no. ")
    w.phi(f"{r.choice(['M', 'R'])}{_d(r, 5)}{_up(r, 1)}", "license", "license:sg_mcr")
    w.add("\n")


def _ie_phn(w: _W, f: _Fam) -> None:
    r = w.r
    kid, m, a = f.baby, f.mother, f.addr
    w.add("HSE Community Services -- Public Health Nurse Primary Visit\n\n")
    w.add("Baby: ")
    w.phi(kid.full(), "name", "name:ie_full")
    w.add("   PPSN: ")
    w.phi(f.natid_b, "natid", "natid:ie_ppsn")
    w.add("   DOB: ")
    _date(w, f.dob_b, r.choice(["d/m/Y", "dmY", "dMonthY"]))
    w.add("\nMother: ")
    w.phi(m.full(), "name", "name:ie_full")
    w.add(" (")
    w.add(r.choice(["née ", "maiden name "]))
    w.phi(r.choice(_TRADITIONS["irish"][2]), "name", "name:ie_nee")
    w.add(")   Medical card no. ")
    w.phi(f"{_d(r, 7)}{_up(r, 1)}", "plan", "plan:ie_medical_card")
    w.add("\nEircode: ")
    w.phi(a.zip, "zip", "zip:ie_eircode")
    w.add("   Address: ")
    w.phi(a.street, "address", "address:ie_street")
    w.add(", ")
    w.phi(a.city, "address", "address:ie_town")
    w.add("\nMobile: ")
    _phone(w, f, "m")
    w.add("\n\nVisit ")
    _date(w, f.dob_b + timedelta(days=r.randint(2, 4)), r.choice(["d/m/Y", "long_ord", "dMonthY"]))
    w.add(" (within 72 h of discharge). Heel prick done in ")
    w.keep(f.facility, "facility")
    w.add(" on ")
    _date(w, f.dob_b + timedelta(days=3), "d/m/Y")
    w.add(", card no. ")
    w.phi(f.accession, "accession", "accession:ie_heel_prick")
    w.add(". Weight ")
    w.keep(f"{r.randint(2900, 4300)} g", "weight")
    w.add(". Breastfeeding well. Hip check at 6 weeks with GP ")
    w.add("Dr ")
    w.phi(f.clin[0].full(), "name", "name:gp_full")
    w.add(", ")
    _phone(w, f, "x")
    w.add(". BCG not given (programme paused in ")
    w.keep("2015", "year_alone")
    w.add(").\nFamily: ")
    w.phi(f.partner.first(), "name", "name:first_only")
    w.add(" (partner) back at work; ")
    if r.random() < 0.6:
        w.add("granny ")
        w.phi(f.elder.first(), "name", "name:first_only")
        w.add(" (")
        _age(w, f.elder_age, str(f.elder_age), "ie_paren")
        w.add(") is staying. ")
    w.add("Next visit ")
    w.add(_DAYS[(f.day + timedelta(days=7)).weekday()] + " week, ")
    _date(w, f.day + timedelta(days=7), "d/m/Y")
    w.add(". Car in drive ")
    w.phi(f.plate, "plate", "plate:ie_reg")
    w.add(" -- park behind it.\n\nPHN ")
    w.phi(f.clin[3].full(), "name", "name:phn")
    w.add(", NMBI PIN ")
    w.phi(_d(r, 6), "license", "license:nmbi_pin")
    w.add("\n")


# --------------------------------------------------------------------------- corpus

_DOCS: tuple[tuple[str, str, Callable[[_W, _Fam], None]], ...] = (
    ("birth_worksheet", "us", _birth_worksheet),
    ("hearing_screen", "us", _hearing_screen),
    ("nicu_ipass", "us", _nicu_handoff),
    ("school_nurse", "us", _school_nurse),
    ("registry_export", "us", _registry_csv),
    ("genetic_pedigree", "us", _pedigree),
    ("foster_letter", "us", _foster_letter),
    ("x12_claim", "us", _x12),
    ("fhir_bundle", "us", _fhir),
    ("pharmacy_label", "us", _pharmacy_label),
    ("email_thread", "us", _email_thread),
    ("voicemail", "us", _voicemail),
    ("ocr_fax", "us", _ocr_fax),
    ("uk_health_visitor", "uk", _uk_new_birth),
    ("de_hebamme", "de", _de_hebamme),
    ("br_alta", "br", _br_alta),
    ("sg_health_booklet", "sg", _sg_booklet),
    ("ie_phn_visit", "ie", _ie_phn),
)


def _context(r: random.Random, f: _Fam, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc == "registry_export" or r.random() < 0.22:
        return {}
    who = f.mother if doc in ("genetic_pedigree", "birth_worksheet") else f.baby
    dob = f.dob_m if who is f.mother else f.dob_b
    ctx: dict[str, object] = {
        "first_name": who.given,
        "last_name": who.family,
        "mrn": f.mrn_m if who is f.mother else f.mrn_b,
        "birth_date": dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": f.mphone, "city": f.addr.city, "zip": f.addr.zip})
        if f.region == "us":
            ctx["ssn"] = "-".join(f.ssn_m if who is f.mother else f.ssn_b)
    return ctx


def generate(n: int, seed: int = DEFAULT_SEED) -> list[TaggedNote]:
    """``n`` labelled notes in this style, each with its subject's context (or none)."""
    r = random.Random(seed)
    notes = []
    for i in range(n):
        doc, region, write = _DOCS[i % len(_DOCS)]
        f = _family(r, region)
        w = _W(r)
        write(w, f)
        note = TaggedNote(w.text(), _context(r, f, doc), w.spans)
        note.forms, note.values, note.keeps, note.doc = w.forms, w.values, w.keeps, doc
        notes.append(note)
    return notes


# --------------------------------------------------------------------------- checks

_PLANTED = {"name", "mrn", "ssn", "natid", "plan", "phone", "fax", "email", "license"}
_PLANTED |= {"plate", "serial", "ip", "url", "accession", "account"}
_NUM_WORDS = {_words(a): a for a in range(40, 105)} | {_es_words(a): a for a in range(60, 100)}


def _age_value(s: str) -> int | None:
    digits = re.match(r"\d+", s)
    if digits:
        return int(digits.group())
    return _NUM_WORDS.get(s)


def _self_check() -> list[str]:
    problems = []
    d = date(2021, 3, 9)
    for style in ("mdY", "dot", "d8", "yymmdd", "es", "pt", "de", "nth_of"):
        if not _fmt(d, style):
            problems.append(f"date style {style} is empty")
    if _fmt(d, "d8") != "20210309" or _fmt(d, "de") != "9. März 2021":
        problems.append("date formatting is off")
    if _words(93) != "ninety-three" or _nth(22) != "22nd" or _nth(13) != "13th":
        problems.append("number words are off")
    return problems


def check(notes: Sequence[TaggedNote]) -> list[str]:
    """Problems with the labels (empty when every span is exact); never runs the scrubber."""
    problems: list[str] = []
    for i, note in enumerate(notes):
        text = note.text
        where = f"note {i} ({note.doc})"
        if not (len(note.spans) == len(note.forms) == len(note.values)):
            problems.append(f"{where}: spans, forms and values differ in length")
            continue
        last_end = -1
        for (s, e, kind), form, value in zip(note.spans, note.forms, note.values, strict=True):
            if kind not in KINDS:
                problems.append(f"{where}: unknown kind {kind}")
            if not (0 <= s < e <= len(text)) or text[s:e] != value:
                problems.append(f"{where}: span {form} does not match its slice")
            if value != value.strip():
                problems.append(f"{where}: span {form} has outer whitespace")
            if s < last_end:
                problems.append(f"{where}: span {form} overlaps the one before")
            last_end = max(last_end, e)
            if kind == "age":
                age = _age_value(value)
                if age is None or age <= 89:
                    problems.append(f"{where}: age span {form} is not over 89")
        for s, e, form in note.keeps:
            if any(a < e and s < b for a, b, _ in note.spans):
                problems.append(f"{where}: look-alike {form} lies inside a span")
            if form.startswith("age<=89"):
                age = _age_value(text[s:e])
                if age is None or age > 89:
                    problems.append(f"{where}: unlabelled age {form} is over 89")
        for (_, _, kind), value, form in zip(note.spans, note.values, note.forms, strict=True):
            if kind not in _PLANTED or len(value) < 4:
                continue
            pat = r"(?<!\w)" + re.escape(value) + r"(?!\w)"
            for m in re.finditer(pat, text):
                if not any(a <= m.start() and m.end() <= b for a, b, _ in note.spans):
                    problems.append(f"{where}: {form} value also occurs outside any span")
    return problems


# --------------------------------------------------------------------------- scoring


def _tokens_in(text: str, s: int, e: int) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\w+", text) if m.start() < e and s < m.end()]


def _covered(tok: tuple[int, int], found: Sequence[tuple[int, int]]) -> bool:
    return any(a < tok[1] and tok[0] < b for a, b in found)


def score_and_report(
    notes: Sequence[TaggedNote],
    find: Callable[[str, dict[str, object] | None], list],
    *,
    top: int,
    show_misses: bool,
) -> None:
    """Score with and without context; list leaks by kind/phrasing and look-alikes removed."""
    from notes_scoring import as_span

    for use in (True, False):
        scores = []
        leaks: Counter[tuple[str, str]] = Counter()
        totals: Counter[tuple[str, str]] = Counter()
        removed: Counter[str] = Counter()
        spent = 0.0
        for note in notes:
            t0 = time.perf_counter()
            found = find(note.text, note.context if use else None)
            spent += time.perf_counter() - t0
            scores.append(score_note(note.text, note.spans, found, keep_strings=show_misses))
            got = [as_span(x)[:2] for x in found]
            for (s, e, kind), form in zip(note.spans, note.forms, strict=True):
                totals[(kind, form)] += 1
                if not all(_covered(t, got) for t in _tokens_in(note.text, s, e)):
                    leaks[(kind, form)] += 1
            for s, e, form in note.keeps:
                if any(_covered(t, got) for t in _tokens_in(note.text, s, e)):
                    removed[form] += 1
        title = "with context" if use else "no context"
        rate = len(notes) / spent if spent else float("inf")
        report(f"{title} ({rate:.1f} notes/s)", aggregate(scores), KINDS, show_misses)
        print(f"  spans leaked (any token left), by kind/phrasing, top {top}:")
        for (kind, form), k in leaks.most_common(top):
            print(f"    {kind:10s} {form:34s} {k:4d} of {totals[(kind, form)]}")
        print(f"  look-alikes removed (should stay), top {top}:")
        for form, k in removed.most_common(top):
            print(f"    {form:34s} {k:4d}")


def main(argv: Sequence[str] | None = None) -> int:
    return run_style(
        argv,
        title="held-out style 8 (maternity, newborn and family health)",
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
