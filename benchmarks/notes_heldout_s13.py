"""A thirteenth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run.

The theme, document types, layouts and countries are not described here on purpose, so that
whoever scores this style stays blind to them; read the generator functions for the details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, regions, countries, bare years, facility
and payer names, measurements, lab values, scores, doses, device models, software versions, lot
numbers, product expiry dates, codes, counts and ages of 89 or under never labelled (the planted
ones are recorded as look-alikes); every calendar date about a person is a ``date``; ages
labelled only over 89 (digits or words in several languages, the number only). An address is
split into street line, city / district spans and a separate ``zip`` span. Kinds: ``name date
age phone fax email address zip ssn natid mrn account plan license plate serial ip url
accession``. ``ssn`` is a US Social Security number only (none here); ``natid`` another
country's national number or a passport; ``mrn`` record numbers held by a clinic, hospital or
service (donor ids too); ``account`` claim, case, invoice and file numbers; ``plan`` health- or
social-insurance member numbers; ``license`` clinicians' registration numbers and drivers'
licences; ``serial`` device and implant serials; ``accession`` specimen, label and study
numbers. About a quarter of the notes carry no patient context. Every span is tagged with the
phrasing it was written in, and every planted look-alike is recorded.

    python benchmarks/notes_heldout_s13.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_s13.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_s13.py               # 300 notes, seed 9960
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

DEFAULT_SEED = 9960
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
        self.add(s)

    def keep(self, s: str, form: str) -> None:
        self.keeps.append((self.n, self.n + len(s), form))
        self.add(s)

    def col(self) -> int:
        text = "".join(self.parts[-40:])
        i = text.rfind("\n")
        return len(text) - i - 1 if i >= 0 else self.n

    def pad(self, width: int) -> None:
        self.add(" " * max(1, width - self.col()))

    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- people

# region: (female given, male given, family (or female family, male family), order)
_TRAD: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "dk": (
        ("Kirsten", "Jytte", "Birthe", "Inger", "Lene", "Bodil"),
        ("Bent", "Poul", "Jørgen", "Kjeld", "Flemming", "Preben"),
        ("Sørensen", "Kjærgaard", "Thøgersen", "Damgaard", "Skovgaard", "Møller"),
        "w",
    ),
    "is": (
        ("Guðrún", "Sigríður", "Ólöf", "Hrafnhildur", "Þórunn", "Ásdís"),
        ("Sigurður", "Guðmundur", "Þórður", "Ragnar", "Einar", "Baldur"),
        ("Jón", "Gunnar", "Stefán", "Ólafur", "Magnús", "Halldór"),
        "p",
    ),
    "si": (
        ("Marjeta", "Špela", "Nada", "Mojca", "Vesna", "Tatjana"),
        ("Janez", "Bojan", "Matjaž", "Primož", "Rok", "Andrej"),
        ("Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik"),
        "w",
    ),
    "ee": (
        ("Tiiu", "Maie", "Ülle", "Reet", "Külli", "Leida"),
        ("Jaan", "Tõnu", "Mart", "Priit", "Ülo", "Arvo"),
        ("Tamm", "Saar", "Sepp", "Mägi", "Kask", "Õunapuu", "Põder"),
        "w",
    ),
    "my": (
        ("Mei Ling", "Siew Lan", "Ah Moi", "Pei Yi"),
        ("Ah Kow", "Kok Wai", "Chee Keong", "Boon Hock"),
        ("Tan", "Lim", "Ong", "Wong", "Chong", "Teoh"),
        "e",
    ),
    "th": (
        ("Malee", "Siriporn", "Buppha", "Kanokwan", "Ratana"),
        ("Somchai", "Prasert", "Wichai", "Anan", "Surachai"),
        ("Srisuk", "Wongsawat", "Chaiyaporn", "Boonmee", "Kittisak", "Thongdee"),
        "w",
    ),
    "gh": (
        ("Ama", "Akosua", "Efua", "Abena", "Adwoa", "Yaa"),
        ("Kwabena", "Kofi", "Yaw", "Kwaku", "Kwame", "Fiifi"),
        ("Mensah", "Owusu", "Asante", "Boateng", "Agyeman", "Quaye"),
        "w",
    ),
    "ke": (
        ("Wanjiru", "Akinyi", "Njeri", "Chepkoech", "Nafula", "Moraa"),
        ("Kamau", "Otieno", "Kiprono", "Mutua", "Ochieng", "Wafula"),
        ("Mwangi", "Odhiambo", "Chebet", "Kariuki", "Wekesa", "Nyaga"),
        "w",
    ),
    "pe": (
        ("Rosa Elvira", "Yolanda", "Nélida", "Maruja", "Flor de María"),
        ("Wilfredo", "Teodoro", "Fortunato", "Hipólito", "Edilberto"),
        ("Quispe Mamani", "Huamán Condori", "Flores Ccahuana", "Ticona Apaza", "Yupanqui Rojas"),
        "w",
    ),
    "uy": (
        ("Mirtha", "Graciela", "Nelly", "Blanca Nieves", "Ofelia"),
        ("Washington", "Heber", "Wilson", "Nelson", "Ruben"),
        ("Rodríguez Pereyra", "Olivera Suárez", "Fagúndez", "Techera", "Cabrera Da Silva"),
        "w",
    ),
    "jm": (
        ("Marcia", "Sonia", "Pauline", "Hyacinth", "Beverley", "Icilda"),
        ("Winston", "Delroy", "Fitzroy", "Errol", "Lascelles", "Clive"),
        ("Campbell", "McKenzie", "Ebanks", "Brissett", "Gayle", "Whyte", "Samuels"),
        "w",
    ),
    "be": (
        ("Godelieve", "Marie-Claire", "Annemie", "Rita", "Ghislaine", "Mariette"),
        ("Jozef", "Luc", "Guido", "Marcel", "Freddy", "Jean-Pierre"),
        ("Van den Bossche", "Peeters", "Dubois", "De Smet", "Lemaire", "Vercammen"),
        "w",
    ),
    "ch": (
        ("Verena", "Ursula", "Heidi", "Margrit", "Rösli", "Elsbeth"),
        ("Beat", "Urs", "Reto", "Hansruedi", "Walter", "Kurt"),
        ("Bühlmann", "Zürcher", "Rüegg", "Stöckli", "Baumgartner", "Imhof"),
        "w",
    ),
}
_CLIN = (
    ("Halla", "Mette", "Urška", "Kadri", "Nurul", "Pimchanok", "Esi", "Wairimu", "Lucía", "Elke"),
    ("Ingólfsdóttir", "Lindholm", "Mlakar", "Ilves", "Rahman", "Sukprasert", "Adjei", "Mbugua"),
)


@dataclass
class _P:
    given: str
    family: str
    order: str = "w"

    def full(self) -> str:
        if self.order == "e":
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"


def _person(r: random.Random, region: str, female: bool) -> _P:
    fem, mal, fam, order = _TRAD[region]
    given = r.choice(fem if female else mal)
    if order == "p":
        return _P(given, r.choice(fam) + ("sdóttir" if female else "sson"))
    return _P(given, r.choice(fam), order)


def _clin(r: random.Random) -> _P:
    return _P(r.choice(_CLIN[0]), r.choice(_CLIN[1]))


def _name(w: _W, p: _P, style: str, form: str) -> None:
    text = {
        "full": p.full(),
        "upper": p.full().upper(),
        "last_first": f"{p.family.upper()}, {p.given}",
        "family": p.family,
        "given": p.given,
        "initial": f"{p.given[0]}. {p.family}",
        "lower": p.full().lower(),
    }[style]
    w.phi(text, "name", f"name:{form}_{style}")


# --------------------------------------------------------------------------- dates and numbers

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "is": "janúar febrúar mars apríl maí júní júlí ágúst september október nóvember desember",
    "sl": (
        "januarja februarja marca aprila maja junija julija avgusta septembra oktobra novembra "
        "decembra"
    ),
    "et": "jaanuar veebruar märts aprill mai juuni juuli august september oktoober november "
    "detsember",
    "ms": "Januari Februari Mac April Mei Jun Julai Ogos September Oktober November Disember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "th": "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.",
}
_MONTHS_L = {k: v.split() for k, v in _MONTHS.items()}
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_ONES = "zero one two three four five six seven eight nine".split()


def _fmt(d: date, style: str) -> str:
    m = _MONTHS_L
    if style in m and style not in ("en", "th"):
        dot = "." if style in ("da", "is", "sl", "et", "de") else ""
        de = " de " if style == "es" else " "
        tail = f"{de}{d.year}" if style == "es" else f" {d.year}"
        return f"{d.day}{dot}{de}{m[style][d.month - 1]}{tail}"
    return {
        "en": f"{d.day} {m['en'][d.month - 1]} {d.year}",
        "en_us": f"{m['en'][d.month - 1]} {d.day}, {d.year}",
        "en_ord": f"{d.day}{_sfx(d.day)} {m['en'][d.month - 1]} {d.year}",
        "th": f"{d.day} {m['th'][d.month - 1]} {d.year + 543}",
        "th_num": f"{d.day:02d}/{d.month:02d}/{d.year + 543}",
        "dmy": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy_dash": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dot_short": f"{d.day}.{d.month}.{d.year}",
        "dot_yy": f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}",
        "sl_sp": f"{d.day}. {d.month}. {d.year}",
        "iso": d.isoformat(),
        "compact": d.strftime("%Y%m%d"),
        "mon_caps": f"{d.day:02d}{m['en'][d.month - 1][:3].upper()}{d.year}",
        "dmon": f"{d.day}-{m['en'][d.month - 1][:3]}-{d.year % 100:02d}",
    }[style]


def _sfx(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _date(w: _W, d: date, styles: Sequence[str]) -> None:
    style = w.r.choice(list(styles))
    w.phi(_fmt(d, style), "date", f"date:{style}")


_AGE_WORDS: dict[str, dict[int, str]] = {"en": {}, "da": {}, "es": {}, "fr": {}, "nl": {}}
_AGE_WORDS.update({"et": {}, "ms": {}})
_DA = "en to tre fire fem seks syv otte ni".split()
_ES = "uno dos tres cuatro cinco seis siete ocho nueve".split()
_FR = "et-un deux trois quatre cinq six sept huit neuf".split()
_NL = "eenen tweeën drieën vieren vijfen zesen zevenen achten negenen".split()
_ET = "üks kaks kolm neli viis kuus seitse kaheksa üheksa".split()
_MS = "satu dua tiga empat lima enam tujuh lapan sembilan".split()
for _a in range(90, 100):
    _k = _a - 91
    _AGE_WORDS["en"][_a] = "ninety" if _a == 90 else f"ninety-{_ONES[_a - 90]}"
    _AGE_WORDS["da"][_a] = "halvfems" if _a == 90 else f"{_DA[_k]}oghalvfems"
    _AGE_WORDS["es"][_a] = "noventa" if _a == 90 else f"noventa y {_ES[_k]}"
    _AGE_WORDS["fr"][_a] = "nonante" if _a == 90 else f"nonante-{_FR[_k]}".replace("-et-", " et ")
    _AGE_WORDS["nl"][_a] = "negentig" if _a == 90 else f"{_NL[_k]}negentig"
    _AGE_WORDS["et"][_a] = "üheksakümmend" if _a == 90 else f"üheksakümmend {_ET[_k]}"
    _AGE_WORDS["ms"][_a] = "sembilan puluh" if _a == 90 else f"sembilan puluh {_MS[_k]}"
_AGE_WORDS["fr"][91] = "nonante et un"
for _lang, _word in (("en", "one hundred"), ("da", "hundrede"), ("es", "cien")):
    _AGE_WORDS[_lang][100] = _word
_AGE_WORDS["fr"][100] = "cent"
_AGE_WORDS["nl"][100] = "honderd"
_AGE_WORDS["et"][100] = "sada"
_AGE_WORDS["ms"][100] = "seratus"
_WORD_AGE = {w.lower(): a for d in _AGE_WORDS.values() for a, w in d.items()}


def _age(w: _W, age: int, text: str, form: str) -> None:
    if age > 89:
        w.phi(text, "age", f"age:{form}")
    else:
        w.keep(text, f"age<=89:{form}")


def _age_word(w: _W, age: int, lang: str, form: str) -> None:
    """An age in words when over 89 (in ``lang``), else digits kept as a look-alike."""
    if age > 89 and age in _AGE_WORDS[lang]:
        w.phi(_AGE_WORDS[lang][age], "age", f"age:{form}_words_{lang}")
    else:
        _age(w, age, str(age), form)


def _d(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _ipv4(r: random.Random) -> str:
    a = r.choice(["10", "172", "192", str(r.randint(31, 223))])
    return f"{a}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _ipv6(r: random.Random) -> str:
    groups = ["2001", "db8"] + [_hex(r, r.randint(1, 4)) for _ in range(4)]
    return ":".join(groups[:4]) + "::" + ":".join(groups[4:])


# ---- national numbers with their check digits


def _mod11_is(body8: str) -> str | None:
    s = sum(int(c) * k for c, k in zip(body8, (3, 2, 7, 6, 5, 4, 3, 2), strict=True))
    c = 11 - s % 11
    return None if c == 10 else str(c % 11)


def _kennitala(r: random.Random, dob: date) -> str:
    while True:
        body = dob.strftime("%d%m%y") + f"{r.randint(20, 99)}"
        c = _mod11_is(body)
        if c is not None:
            cent = "9" if dob.year < 2000 else "0"
            return body[:6] + r.choice(["-", "", " "]) + body[6:] + c + cent


def _cpr(r: random.Random, dob: date) -> str:
    return dob.strftime("%d%m%y") + r.choice(["-", "", " "]) + _d(r, 4)


def _emso(r: random.Random, dob: date, female: bool) -> str:
    while True:
        body = dob.strftime("%d%m") + f"{dob.year % 1000:03d}" + "50"
        body += f"{r.randint(500, 999) if female else r.randint(0, 499):03d}"
        s = sum(int(c) * k for c, k in zip(body, (7, 6, 5, 4, 3, 2) * 2, strict=True))
        m = 11 - s % 11
        if m != 10:
            return body + str(0 if m == 11 else m)


def _isikukood(r: random.Random, dob: date, female: bool) -> str:
    g = (3 if dob.year < 2000 else 5) + (1 if female else 0)
    body = str(g) + dob.strftime("%y%m%d") + _d(r, 3)
    w1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)
    w2 = (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)
    c = sum(int(a) * b for a, b in zip(body, w1, strict=True)) % 11
    if c == 10:
        c = sum(int(a) * b for a, b in zip(body, w2, strict=True)) % 11
        c = 0 if c == 10 else c
    return body + str(c)


def _mykad(r: random.Random, dob: date, female: bool) -> str:
    last = r.randint(0, 999) * 10 + r.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9])
    sep = r.choice(["-", ""])
    return f"{dob.strftime('%y%m%d')}{sep}{r.choice(['10', '14', '07', '08'])}{sep}{last:04d}"


def _thai_id(r: random.Random) -> str:
    body = str(r.randint(1, 8)) + _d(r, 11)
    c = (11 - sum(int(d) * (13 - i) for i, d in enumerate(body)) % 11) % 10
    full = body + str(c)
    if r.random() < 0.6:
        return f"{full[0]}-{full[1:5]}-{full[5:10]}-{full[10:12]}-{full[12]}"
    return full


def _ghana_card(r: random.Random) -> str:
    return f"GHA-{_d(r, 9)}-{r.randint(0, 9)}"


def _uy_ci(r: random.Random) -> str:
    body = f"{r.randint(1000000, 5999999)}"
    c = (10 - sum(int(a) * b for a, b in zip(body, (2, 9, 8, 7, 6, 3, 4), strict=True)) % 10) % 10
    if r.random() < 0.5:
        return f"{body[0]}.{body[1:4]}.{body[4:]}-{c}"
    return body + str(c)


def _be_nn(r: random.Random, dob: date, female: bool) -> str:
    seq = r.randrange(2 if female else 1, 998, 2)
    body = dob.strftime("%y%m%d") + f"{seq:03d}"
    n = int(body) if dob.year < 2000 else int("2" + body)
    c = 97 - n % 97
    if r.random() < 0.5:
        return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:]}.{c:02d}"
    return f"{body}{c:02d}"


def _ahv(r: random.Random) -> str:
    body = "756" + _d(r, 9)
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    c = (10 - s % 10) % 10
    full = body + str(c)
    return f"{full[:3]}.{full[3:7]}.{full[7:11]}.{full[11:]}"


def _natid(r: random.Random, region: str, dob: date, female: bool) -> tuple[str, str]:
    return {
        "dk": (_cpr(r, dob), "cpr"),
        "is": (_kennitala(r, dob), "kennitala"),
        "si": (_emso(r, dob, female), "emso"),
        "ee": (_isikukood(r, dob, female), "isikukood"),
        "my": (_mykad(r, dob, female), "mykad"),
        "th": (_thai_id(r), "thai_id"),
        "gh": (_ghana_card(r), "ghana_card"),
        "ke": (f"{r.randint(10000000, 39999999)}", "ke_id"),
        "pe": (f"{r.randint(10000000, 79999999)}", "pe_dni"),
        "uy": (_uy_ci(r), "uy_ci"),
        "jm": (f"{_d(r, 3)}-{_d(r, 3)}-{_d(r, 3)}", "jm_trn"),
        "be": (_be_nn(r, dob, female), "be_rrn"),
        "ch": (_ahv(r), "ahv"),
    }[region]


# ---- phones, addresses, plates


def _phone(r: random.Random, region: str) -> tuple[str, str]:
    d = lambda n: _d(r, n)  # noqa: E731
    intl = r.random() < 0.5
    opts = {
        "dk": [("+45 " if intl else "") + f"{d(2)} {d(2)} {d(2)} {d(2)}"],
        "is": [("+354 " if intl else "") + f"{r.choice('5678')}{d(2)} {d(4)}"],
        "si": [
            ("+386 1 " if intl else "01 ") + f"{d(3)} {d(2)} {d(2)}",
            f"0{r.choice('345')}1 {d(3)} {d(3)}",
        ],
        "ee": [("+372 " if intl else "") + f"5{d(3)} {d(4)}"],
        "my": [f"01{r.choice('2679')}-{d(3)} {d(4)}", f"+60 3-{d(4)} {d(4)}"],
        "th": [f"08{r.choice('1969')}-{d(3)}-{d(4)}", f"+66 2 {d(3)} {d(4)}"],
        "gh": [
            f"+233 {r.choice(['24', '20', '55'])} {d(3)} {d(4)}",
            f"0{r.choice(['24', '27', '50', '55'])}-{d(3)}-{d(4)}",
        ],
        "ke": [f"+254 7{d(2)} {d(3)} {d(3)}", f"07{d(2)}{d(6)}"],
        "pe": [f"+51 9{d(2)} {d(3)} {d(3)}", f"(01) {d(3)}-{d(4)}"],
        "uy": [f"+598 9{d(1)} {d(3)} {d(3)}", f"2{d(3)} {d(4)}"],
        "jm": [f"(876) {d(3)}-{d(4)}", f"1-876-{d(3)}-{d(4)}"],
        "be": [("+32 " if intl else "0") + f"{d(1)} {d(3)} {d(2)} {d(2)}", f"04{d(2)}/{d(6)}"],
        "ch": [("+41 " if intl else "0") + f"{r.choice(['44', '31', '61'])} {d(3)} {d(2)} {d(2)}"],
    }[region]
    return r.choice(opts), f"{region}_{'intl' if intl else 'local'}"


@dataclass
class _Addr:
    street: str
    zip: str
    city: str
    zip_first: bool = True


_STREETS = {
    "dk": (["Nørrebrogade", "Vesterbrogade", "Søndergade", "Åboulevard"], ", {n}. tv", "DK"),
    "is": (["Laugavegur", "Hringbraut", "Skólavörðustígur", "Álfheimar"], "", "IS"),
    "si": (["Trubarjeva cesta", "Celovška cesta", "Ulica Pohorskega bataljona"], "", "SI"),
    "ee": (["Pärnu mnt", "Tartu mnt", "Kalevipoja tn", "Õismäe tee"], "-{n}", "EE"),
    "be": (["Rue des Tanneurs", "Kerkstraat", "Chaussée de Wavre", "Meir"], " bus {n}", "BE"),
    "ch": (["Bahnhofstrasse", "Seefeldstrasse", "Rue du Simplon", "Spalenring"], "", "CH"),
    "uy": (["Bvar. Artigas", "Av. 18 de Julio", "Rambla República de México"], " apto {n}01", "UY"),
}
_CITIES = {
    "dk": [("2200", "København N"), ("8000", "Aarhus C"), ("5000", "Odense C")],
    "is": [("101", "Reykjavík"), ("600", "Akureyri"), ("220", "Hafnarfjörður")],
    "si": [("1000", "Ljubljana"), ("2000", "Maribor"), ("6000", "Koper")],
    "ee": [("10119", "Tallinn"), ("50090", "Tartu"), ("80010", "Pärnu")],
    "be": [("1000", "Bruxelles"), ("2000", "Antwerpen"), ("9000", "Gent"), ("4000", "Liège")],
    "ch": [("8001", "Zürich"), ("3011", "Bern"), ("4051", "Basel"), ("1950", "Sion")],
    "uy": [("11300", "Montevideo"), ("20000", "Maldonado"), ("50000", "Salto")],
    "my": [("47300", "Petaling Jaya"), ("10450", "George Town"), ("80100", "Johor Bahru")],
    "th": [("10110", "Khlong Toei, Bangkok"), ("50200", "Mueang Chiang Mai")],
    "pe": [("15073", "Lince, Lima"), ("04001", "Arequipa"), ("08002", "Cusco")],
    "ke": [("00100", "Nairobi"), ("40100", "Kisumu"), ("80100", "Mombasa")],
    "gh": [("", "Osu, Accra"), ("", "Adum, Kumasi"), ("", "Tamale")],
    "jm": [("", "Kingston 6"), ("", "Mandeville"), ("", "Montego Bay")],
}


def _address(r: random.Random, region: str) -> _Addr:
    z, city = r.choice(_CITIES[region])
    n = r.randint(1, 180)
    if region in _STREETS:
        names, unit, _ = _STREETS[region]
        street = f"{r.choice(names)} {n}" + (
            unit.format(n=r.randint(1, 6)) if r.random() < 0.5 else ""
        )
        return _Addr(street, z, city, region != "uy" or r.random() < 0.5)
    if region == "my":
        street = f"No. {n}, Jalan {r.choice(['SS 2/24', 'Burma', 'Tun Razak', 'Meru 3'])}"
        return _Addr(street, z, city)
    if region == "th":
        street = f"{n}/{r.randint(1, 99)} Soi {r.choice(['Sukhumvit 31', 'Ari 4', 'Nimman 9'])}"
        return _Addr(street, z, city, False)
    if region == "pe":
        street = f"{r.choice(['Av. Arequipa', 'Jr. Huancavelica', 'Calle Los Pinos'])} {n * 10}"
        return _Addr(
            street + (f", Dpto. {r.randint(1, 9)}0{r.randint(1, 4)}" if r.random() < 0.5 else ""),
            z,
            city,
            False,
        )
    if region == "ke":
        return _Addr(f"P.O. Box {r.randint(100, 99999)}", z, city, False)
    if region == "gh":
        street = f"House No. {n}, {r.choice(['Ring Road East', 'Oxford Street', 'Prempeh II St'])}"
        gps = f"{r.choice(['GA', 'AK', 'NT'])}-{r.randint(100, 999)}-{r.randint(1000, 9999)}"
        return _Addr(street, gps, city, False)
    street = (
        f"{n} {r.choice(['Hope Road', 'Constant Spring Road', 'Manchester Ave', 'Barnett St'])}"
    )
    return _Addr(street, z, city, False)


def _addr(w: _W, a: _Addr, sep: str, form: str) -> None:
    w.phi(a.street, "address", f"address:{form}_street")
    w.add(sep)
    if a.zip and a.zip_first:
        w.phi(a.zip, "zip", f"zip:{form}")
        w.add(" ")
        w.phi(a.city, "address", f"address:{form}_city")
        return
    w.phi(a.city, "address", f"address:{form}_city")
    if a.zip:
        w.add(" " if ":" not in a.zip and "-" not in a.zip else ", GPS ")
        w.phi(a.zip, "zip", f"zip:{form}")


def _plate(r: random.Random, region: str) -> str:
    u, d = (lambda n: _up(r, n)), (lambda n: _d(r, n))
    return {
        "dk": f"{u(2)} {d(2)} {d(3)}",
        "is": f"{u(2)} {u(1)}{d(2)}",
        "si": f"{r.choice(['LJ', 'MB', 'KP'])} {u(2)}-{d(3)}",
        "ee": f"{d(3)} {u(3)}",
        "my": f"{r.choice(['W', 'P', 'J', 'B'])}{u(2)} {d(4)}",
        "th": f"{r.randint(1, 9)}กข {d(4)}",
        "gh": f"{r.choice(['GR', 'AS', 'GT'])} {d(4)}-{r.randint(10, 23)}",
        "ke": f"K{u(2)} {d(3)}{u(1)}",
        "pe": f"{u(1)}{d(1)}{u(1)}-{d(3)}",
        "uy": f"S{u(2)} {d(4)}",
        "jm": f"{d(4)} {u(2)}",
        "be": f"1-{u(3)}-{d(3)}",
        "ch": f"{r.choice(['ZH', 'BE', 'VS', 'BS'])} {r.randint(10000, 999999)}",
    }[region]


def _fold(s: str) -> str:
    s = unicodedata.normalize(
        "NFKD", s.replace("ð", "d").replace("þ", "th").replace("ø", "o").replace("æ", "ae")
    )
    return "".join(c for c in s if c.isascii() and (c.isalnum() or c in ".-")).lower()


def _email(r: random.Random, p: _P, region: str) -> str:
    tld = {"jm": "com", "gh": "com.gh", "ke": "co.ke", "pe": "pe", "my": "com.my"}.get(
        region, region
    )
    local = r.choice(
        [f"{_fold(p.given)}.{_fold(p.family)}", f"{_fold(p.given)[:1]}{_fold(p.family)}"]
    )
    local = local.replace(" ", "") + (str(r.randint(1, 99)) if r.random() < 0.4 else "")
    return f"{local}@{r.choice(['posteo', 'mailbox', 'netcourrier', 'kolibri'])}.{tld}"


# --------------------------------------------------------------------------- the case


@dataclass
class _Case:
    region: str
    female: bool
    p: _P
    dob: date
    age: int
    visit: date
    natid: tuple[str, str]
    mrn: str
    phone: tuple[str, str]
    addr: _Addr
    email: str
    plate: str
    doc: _P
    kin: _P


def _case(r: random.Random, region: str) -> _Case:
    female = r.random() < 0.55
    visit = date(2019, 1, 1) + timedelta(days=r.randint(0, 1800))
    age = r.choice([r.randint(90, 100), r.randint(90, 99), r.randint(40, 89), r.randint(55, 89)])
    dob = visit - timedelta(days=age * 365 + r.randint(10, 340))
    age = visit.year - dob.year - ((visit.month, visit.day) < (dob.month, dob.day))
    p = _person(r, region, female)
    return _Case(
        region=region,
        female=female,
        p=p,
        dob=dob,
        age=age,
        visit=visit,
        natid=_natid(r, region, dob, female),
        mrn=r.choice([_d(r, 7), f"{_up(r, 2)}{_d(r, 6)}", f"{_d(r, 2)}-{_d(r, 5)}"]),
        phone=_phone(r, region),
        addr=_address(r, region),
        email=_email(r, p, region),
        plate=_plate(r, region),
        doc=_clin(r),
        kin=_person(r, region, not female),
    )


def _tm(r: random.Random) -> str:
    return f"{r.randint(7, 18):02d}:{r.choice(['00', '15', '20', '30', '45', '50'])}"


def _va(r: random.Random) -> str:
    return r.choice(["6/6", "6/9", "6/12", "6/18", "6/60", "0,5", "0.8", "20/40", "1.0", "CF 2 m"])


def _iop(r: random.Random) -> str:
    return f"{r.randint(9, 44)} mmHg"


# --------------------------------------------------------------------------- documents


def _oct_xml(w: _W, c: _Case) -> None:
    """Imaging device export as XML (an eye scanner's patient and exam record)."""
    r = w.r
    w.add('<?xml version="1.0" encoding="UTF-8"?>\n<ExamExport schema="')
    w.keep(f"{r.randint(2, 4)}.{r.randint(0, 9)}.{r.randint(100, 999)}", "schema_version")
    w.add('">\n  <Device model="')
    w.keep(f"Cirrus {r.choice(['5000', '6000'])}", "device_model")
    w.add('" serial="')
    w.phi(f"{r.randint(5000, 6000)}-{_d(r, 4)}", "serial", "serial:xml_attr")
    w.add('" host="')
    w.phi(_ipv4(r), "ip", "ip:xml_attr")
    w.add('"/>\n  <Patient>\n    <PatientID>')
    w.phi(c.mrn, "mrn", "mrn:xml")
    w.add("</PatientID>\n    <LastName>")
    w.phi(c.p.family, "name", "name:xml_family")
    w.add("</LastName>\n    <FirstName>")
    w.phi(c.p.given, "name", "name:xml_given")
    w.add("</FirstName>\n    <BirthDate>")
    _date(w, c.dob, ["iso", "compact"])
    w.add("</BirthDate>\n    <Sex>" + ("F" if c.female else "M") + "</Sex>\n    <OtherID>")
    w.phi(c.natid[0], "natid", f"natid:xml_{c.natid[1]}")
    w.add('</OtherID>\n  </Patient>\n  <Exam eye="' + r.choice(["OD", "OS"]) + '" date="')
    _date(w, c.visit, ["iso"])
    w.add('" time="' + _tm(r) + '">\n    <Protocol>Macular Cube 512x128</Protocol>\n')
    w.add("    <SignalStrength>")
    w.keep(f"{r.randint(5, 10)}/10", "signal_strength")
    w.add('</SignalStrength>\n    <CST unit="um">')
    w.keep(str(r.randint(210, 420)), "central_subfield")
    w.add('</CST>\n    <RNFLAvg unit="um">')
    w.keep(str(r.randint(55, 110)), "rnfl")
    w.add("</RNFLAvg>\n    <Operator>")
    _name(w, c.doc, r.choice(["full", "initial"]), "xml_operator")
    w.add("</Operator>\n    <StudyUID>")
    w.phi(f"1.2.276.0.75.2.{_d(r, 8)}.{_d(r, 6)}", "accession", "accession:study_uid")
    w.add('</StudyUID>\n    <Report href="')
    w.phi(f"https://pacs-eye.{c.region}.example/viewer?pid={c.mrn}", "url", "url:xml_href")
    w.add('"/>\n  </Exam>\n</ExamExport>\n')


def _ical(w: _W, c: _Case) -> None:
    """A calendar invitation for a clinic appointment (iCalendar text)."""
    r = w.r
    w.add("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Praxis//Agenda ")
    w.keep(f"{r.randint(3, 9)}.{r.randint(0, 20)}", "software_version")
    w.add("//DE\r\nBEGIN:VEVENT\r\nUID:")
    w.add(_hex(r, 16) + "@agenda\r\nDTSTAMP:")
    w.add("20200101T000000Z")
    tz = "Europe/Zurich" if c.region == "ch" else "Europe/Brussels"
    w.add(f"\r\nDTSTART;TZID={tz}:")
    w.phi(c.visit.strftime("%Y%m%d") + "T" + _tm(r).replace(":", "") + "00", "date", "date:ical")
    w.add("\r\nDURATION:PT")
    w.keep(f"{r.choice([15, 20, 30, 45])}M", "duration")
    w.add("\r\nSUMMARY:Kontrolle nach Katarakt-OP – ")
    _name(w, c.p, r.choice(["full", "last_first"]), "ical_summary")
    w.add("\r\nDESCRIPTION:Geb. ")
    _date(w, c.dob, ["dot", "dot_short", "de"] if c.region == "ch" else ["dot", "nl", "fr"])
    w.add(", Pat.-Nr. ")
    w.phi(c.mrn, "mrn", "mrn:ical")
    w.add(", Visus ")
    w.keep(_va(r), "visual_acuity")
    w.add(", Tensio ")
    w.keep(_iop(r), "iop")
    if c.region == "ch":
        w.add("\\n Versichertenkarte ")
        w.phi("807560" + _d(r, 14), "plan", "plan:ical_ch_card")
    else:
        w.add("\\n Krankenkasse Mitgl.-Nr. ")
        w.phi(f"{_d(r, 3)}/{_d(r, 6)}/{_d(r, 2)}", "plan", "plan:ical_be_mutual")
    w.add("\\n Rückruf: ")
    w.phi(c.phone[0], "phone", f"phone:ical_{c.phone[1]}")
    w.add("\r\nLOCATION:Augenpraxis am See\\, Raum ")
    w.keep(f"{r.randint(1, 3)}.{r.randint(10, 40)}", "room")
    w.add("\r\nORGANIZER;CN=Dr. med. ")
    _name(w, c.doc, "full", "ical_organizer")
    w.add(":mailto:")
    w.phi(f"{_fold(c.doc.family)}@augenpraxis-{c.region}.example", "email", "email:ical_org")
    w.add('\r\nATTENDEE;CN="')
    _name(w, c.p, "full", "ical_attendee")
    w.add('";ROLE=REQ-PARTICIPANT:mailto:')
    w.phi(c.email, "email", "email:ical_attendee")
    w.add("\r\nURL:")
    w.phi(f"https://video.augenpraxis.example/r/{_hex(r, 10)}", "url", "url:ical_video")
    w.add("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _pager(w: _W, c: _Case) -> None:
    """Alphanumeric pager messages to an on-call eye registrar (all caps, clipped)."""
    r = w.r
    for k in range(r.randint(2, 4)):
        w.add(f"[PGR {r.randint(4000, 4999)}] ")
        w.keep(f"{c.visit.day:02d}/{c.visit.month:02d}", "pager_stamp_day_month")
        w.add(f" {_tm(r)} ")
        if k == 0:
            w.add("PT ")
            _name(w, c.p, "upper", "pager")
            w.add(" ")
            _age(w, c.age, str(c.age), "pager_Y")
            w.add(r.choice(["Y ", "YO ", "THN ", "T "]))
            w.add("IC " if c.region == "my" else "ID ")
            w.phi(c.natid[0], "natid", f"natid:pager_{c.natid[1]}")
            w.add(" RN ")
            w.phi(c.mrn, "mrn", "mrn:pager")
            w.add(" WD ")
            w.keep(f"{r.randint(1, 12)}{r.choice('ABC')}", "ward")
            w.add(" BED ")
            w.keep(str(r.randint(1, 30)), "bed")
            w.add(" IOP ")
            w.keep(str(r.randint(30, 60)), "iop_bare")
            w.add(" OD ACUTE ANGLE CLOSURE?? PLS REVIEW\n")
        elif k == 1:
            w.add("SON " if c.female else "DAUGHTER ")
            _name(w, c.kin, "upper", "pager_kin")
            w.add(" CALLING ")
            w.phi(c.phone[0], "phone", f"phone:pager_{c.phone[1]}")
            w.add(" RE CONSENT. ")
            w.keep(f"ACETAZOLAMIDE {r.choice([250, 500])}MG", "dose")
            w.add(" GIVEN STAT\n")
        else:
            w.add("CALL BACK EXT ")
            w.keep(str(r.randint(2000, 2999)), "extension")
            w.add(" - ")
            _name(w, c.doc, "upper", "pager_sender")
            w.add(" / CCU BED ")
            w.keep(str(r.randint(1, 20)), "bed")
            w.add("\n")


def _boxed(w: _W, c: _Case) -> None:
    """A referral form drawn with box-drawing characters (Nordic)."""
    r = w.r
    lang = {"dk": "da", "is": "is"}[c.region]
    lab = {
        "da": (
            "HENVISNING TIL ØJENAFDELING",
            "Navn",
            "CPR-nr.",
            "Adresse",
            "Telefon",
            "Henvisningsdato",
            "Henvisende læge",
            "Ydernr.",
            "Alder",
            "år",
        ),
        "is": (
            "TILVÍSUN TIL AUGNDEILDAR",
            "Nafn",
            "Kennitala",
            "Heimili",
            "Sími",
            "Dagsetning",
            "Tilvísandi læknir",
            "Læknanúmer",
            "Aldur",
            "ára",
        ),
    }[lang]
    width = 64
    w.add("╔" + "═" * width + "╗\n║ " + lab[0].ljust(width - 1) + "║\n╠" + "═" * width + "╣\n")

    def row(label: str, emit: Callable[[], None]) -> None:
        start = w.col()
        w.add(f"║ {label}: ")
        emit()
        w.pad(start + width + 1)
        w.add("║\n")

    row(lab[1], lambda: _name(w, c.p, r.choice(["full", "last_first"]), f"box_{lang}"))
    row(lab[2], lambda: w.phi(c.natid[0], "natid", f"natid:box_{c.natid[1]}"))

    def age() -> None:
        _age(w, c.age, str(c.age), f"box_{lang}")
        w.add(f" {lab[9]}")

    row(lab[8], age)
    row(lab[3], lambda: _addr(w, c.addr, ", ", f"box_{lang}"))
    row(lab[4], lambda: w.phi(c.phone[0], "phone", f"phone:box_{c.phone[1]}"))
    row(lab[5], lambda: _date(w, c.visit, [lang, "dot", "dot_yy"]))
    w.add("╟" + "─" * width + "╢\n")
    row("Visus OD/OS", lambda: w.keep(f"{_va(r)} / {_va(r)}", "visual_acuity_pair"))
    row("Tryk/Þrýstingur", lambda: w.keep(_iop(r), "iop"))
    row("ICD-10", lambda: w.keep(r.choice(["H40.1", "H35.31", "H25.1", "H34.8"]), "icd10"))
    w.add("╟" + "─" * width + "╢\n")
    row(lab[6], lambda: _name(w, c.doc, "full", f"box_{lang}_referrer"))
    row(lab[7], lambda: w.phi(_d(r, 6), "license", f"license:box_{lang}"))
    w.add("╚" + "═" * width + "╝\n")


def _csv_camp(w: _W, c: _Case) -> None:
    """A screening-camp export: CSV with quoted multi-line fields, several people."""
    r = w.r
    w.add("serial_no,screen_date,name,age,sex,id_no,phone,village,va_re,va_le,dr_grade,notes\n")
    for i in range(r.randint(3, 6)):
        f = r.random() < 0.5
        p = _person(r, c.region, f)
        age = r.choice([r.randint(90, 99), r.randint(35, 89), r.randint(50, 89)])
        dob = c.visit - timedelta(days=age * 365 + 100)
        w.keep(str(i + 1), "row_number")
        w.add(",")
        _date(w, c.visit + timedelta(days=r.randint(0, 2)), ["dmy", "iso", "dmy_dash"])
        w.add(",")
        quoted = r.random() < 0.3
        w.add('"' if quoted else "")
        _name(w, p, r.choice(["full", "upper"]), "csv")
        w.add('"' if quoted else "")
        w.add(",")
        _age(w, age, str(age), "csv_cell")
        w.add(",F," if f else ",M,")
        nid = _natid(r, c.region, dob, f)
        w.phi(nid[0], "natid", f"natid:csv_{nid[1]}")
        w.add(",")
        ph = _phone(r, c.region)
        w.phi(ph[0], "phone", f"phone:csv_{ph[1]}")
        w.add(",")
        a = _address(r, c.region)
        w.phi(a.city, "address", "address:csv_city")
        w.add(",")
        w.keep(_va(r).replace(",", "."), "visual_acuity")
        w.add(",")
        w.keep(_va(r).replace(",", "."), "visual_acuity")
        w.add(",")
        w.keep(r.choice(["R0", "R1", "R2", "R3A", "M1", "U"]), "dr_grade")
        w.add(',"')
        w.add("HbA1c ")
        w.keep(f"{r.randint(6, 13)}.{r.randint(0, 9)}%", "hba1c")
        w.add("\nRBS ")
        w.keep(f"{r.randint(5, 22)}.{r.randint(0, 9)} mmol/L", "glucose")
        if r.random() < 0.5:
            w.add("\nNHIS " if c.region == "gh" else "\nSHA ")
            w.phi(_d(r, 8), "plan", f"plan:csv_{c.region}")
        if r.random() < 0.4:
            w.add("\nref. to ")
            _name(w, c.doc, "initial", "csv_referral")
        w.add('"\n')
    w.add("# exported by ")
    w.phi(f"{_fold(c.doc.given)}.{_fold(c.doc.family)}", "name", "name:csv_username")
    w.add(" from ")
    w.phi(_ipv4(r), "ip", "ip:csv_footer")
    w.add(" app v")
    w.keep(f"{r.randint(1, 3)}.{r.randint(0, 9)}.{r.randint(0, 30)}", "app_version")
    w.add("\n")


def _wiki(w: _W, c: _Case) -> None:
    """A teaching-case page in wiki markup (Slovenian or Estonian department wiki)."""
    r = w.r
    sl = c.region == "si"
    w.add("{{Infobox primer\n| pacient = ")
    _name(w, c.p, r.choice(["full", "last_first"]), "wiki_infobox")
    w.add("\n| " + ("EMŠO" if sl else "isikukood") + " = ")
    w.phi(c.natid[0], "natid", f"natid:wiki_{c.natid[1]}")
    w.add("\n| " + ("KZZ" if sl else "haigekassa") + " = ")
    w.phi(_d(r, 9) if sl else _d(r, 11), "plan", f"plan:wiki_{c.region}")
    w.add("\n| starost = " if sl else "\n| vanus = ")
    _age(w, c.age, str(c.age), "wiki_infobox")
    w.add("\n| sprejem = " if sl else "\n| vastuvõtt = ")
    _date(w, c.visit, ["sl", "sl_sp"] if sl else ["et", "dot"])
    w.add("\n}}\n== " + ("Anamneza" if sl else "Anamnees") + " ==\n")
    w.add("'''")
    _name(w, c.p, "given", "wiki_bold")
    w.add("''' (")
    if c.age > 89 and not sl:
        _age_word(w, c.age, "et", "wiki_prose")
        w.add("-aastane")
    else:
        _age(w, c.age, str(c.age), "wiki_prose")
        w.add(" let" if sl else "a.")
    w.add(") ")
    if sl:
        w.add("je bila napotena zaradi [[Starostna degeneracija makule|AMD]], vid ")
    else:
        w.add("suunati [[Ealine kollatähni degeneratsioon|AMD]] tõttu, nägemisteravus ")
    w.keep(_va(r), "visual_acuity")
    w.add(", ")
    w.keep(f"{r.randint(1, 8)}. " + ("injekcija" if sl else "süst"), "injection_count")
    w.add(" aflibercepta " if sl else " aflibertsepti ")
    w.keep(f"{r.choice(['2', '8'])} mg", "dose")
    w.add(". Naslov: " if sl else ". Aadress: ")
    _addr(w, c.addr, ", ", "wiki")
    w.add(".\n== Slike ==\n[[File:OCT_")
    w.keep(f"{r.randint(2018, 2023)}", "bare_year")
    w.add("_anon.png|thumb|OCT]]\n* PACS: [")
    w.phi(f"http://pacs.{c.region}.example/study/{_d(r, 9)}", "url", "url:wiki_link")
    w.add(" študija]\n* Št. preiskave " if sl else " uuring]\n* Uuringu nr ")
    w.phi(f"{_up(r, 2)}{_d(r, 8)}", "accession", "accession:wiki")
    w.add("\n-- [[Uporabnik:" if sl else "\n-- [[Kasutaja:")
    w.phi(f"{_fold(c.doc.given)}{_fold(c.doc.family)[:3]}", "name", "name:wiki_user")
    w.add("|")
    _name(w, c.doc, "full", "wiki_sig")
    w.add("]] ")
    w.keep(f"{_tm(r)}", "time")
    w.add(" (CET)\n")


_SPEAK = {"0": "zero", **{str(i): _ONES[i] for i in range(1, 10)}}


def _spoken(s: str, r: random.Random) -> str:
    out = []
    for ch in s:
        if ch.isdigit():
            out.append(r.choice([_SPEAK[ch], "oh"]) if ch == "0" else _SPEAK[ch])
    return " ".join(out)


def _voice(w: _W, c: _Case) -> None:
    """A voice-assistant transcript of a low-vision patient (Caribbean English)."""
    r = w.r
    w.add(f"[transcript {_tm(r)}] device: kitchen speaker, fw ")
    w.keep(f"{r.randint(1, 9)}.{r.randint(0, 99)}.{r.randint(1000, 9999)}", "firmware")
    w.add("\nUSER: read me the letter from the eye clinic\nASSISTANT: It says: Dear ")
    _name(w, c.p, r.choice(["full", "given"]), "voice_letter")
    w.add(", your appointment is on ")
    _date(w, c.visit, ["en_us", "en_ord", "en"])
    w.add(" at ")
    w.keep(_tm(r), "time")
    w.add(". Please bring your TRN and NHF card.\nUSER: okay. note that my TRN is ")
    w.phi(_spoken(c.natid[0], r), "natid", "natid:voice_spoken_trn")
    w.add("\nASSISTANT: Saved.\nUSER: and I am ")
    if c.age > 89:
        _age_word(w, c.age, "en", "voice")
    else:
        _age(w, c.age, str(c.age), "voice")
    w.add(" years old come ")
    w.add(r.choice(["next month", "September"]))
    w.add(", tell them that\nUSER: call my ")
    w.add("grandson " if c.female else "granddaughter ")
    _name(w, c.kin, "given", "voice_kin")
    w.add("\nASSISTANT: Calling ")
    _name(w, c.kin, "full", "voice_kin")
    w.add(" at ")
    ph = c.phone[0]
    if r.random() < 0.5:
        w.phi(_spoken(ph, r), "phone", "phone:voice_spoken")
    else:
        w.phi(ph, "phone", f"phone:voice_{c.phone[1]}")
    w.add(".\nUSER: what's my pressure drops again\nASSISTANT: Latanoprost ")
    w.keep("0.005%", "concentration")
    w.add(", one drop at night. Timolol ")
    w.keep("0.5%", "concentration")
    w.add(" twice a day.\nUSER: send it to ")
    w.phi(c.email, "email", "email:voice")
    w.add("\nUSER: my address is ")
    _addr(w, c.addr, " ", "voice")
    w.add("\nASSISTANT: Your NHF card number is ")
    w.phi(_d(r, 2) + _d(r, 7), "plan", "plan:voice_nhf")
    w.add(", I can't find a doctor called ")
    _name(w, c.doc, "family", "voice_doctor")
    w.add(". Step count today: ")
    w.keep(str(r.randint(800, 9000)), "steps")
    w.add("\n")


def _terminal(w: _W, c: _Case) -> None:
    """A screen scrape of an 80-column hospital registration terminal (Malaysia / Thailand)."""
    r = w.r
    th = c.region == "th"
    w.add(f"SESS {r.randint(1, 9)}  LU=")
    w.phi(_ipv4(r), "ip", "ip:terminal_session")
    w.add("   EYE-REG   " + _tm(r) + "\n" + "-" * 78 + "\n")
    w.add(" HN/RN....: ")
    w.phi(c.mrn, "mrn", "mrn:terminal")
    w.pad(40)
    w.add("VISIT DT.: ")
    _date(w, c.visit, ["th", "th_num"] if th else ["ms", "dmy", "mon_caps"])
    w.add("\n NAME.....: ")
    _name(w, c.p, "upper", "terminal")
    w.add("\n ID/PP....: ")
    w.phi(c.natid[0], "natid", f"natid:terminal_{c.natid[1]}")
    w.pad(40)
    w.add("DOB......: ")
    _date(w, c.dob, ["th_num", "dmy"] if th else ["dmy", "mon_caps", "dmon"])
    w.add("\n AGE......: ")
    if c.age > 89 and not th and r.random() < 0.4:
        _age_word(w, c.age, "ms", "terminal")
        w.add(" TAHUN")
    else:
        _age(w, c.age, str(c.age), "terminal")
        w.add(" ปี" if th else " THN")
    w.pad(40)
    w.add("SEX......: " + ("F" if c.female else "M") + "\n ADDR.....: ")
    _addr(w, c.addr, ", ", "terminal")
    w.add("\n TEL......: ")
    w.phi(c.phone[0], "phone", f"phone:terminal_{c.phone[1]}")
    w.add("\n VEH.REG..: ")
    w.phi(c.plate, "plate", f"plate:terminal_{c.region}")
    w.add("   (PARKING PERMIT)\n PAYOR....: ")
    if th:
        w.add("UC 30 BAHT  SCHEME ")
        w.keep(f"{r.randint(1000, 9999)}", "scheme_code")
    else:
        w.add("PERKESO  NO. ")
        w.phi(f"{_up(r, 1)}{_d(r, 9)}", "plan", "plan:terminal_perkeso")
    w.add("\n GUAR.....: ")
    _name(w, c.kin, "upper", "terminal_guarantor")
    w.add("\n BILL NO..: ")
    w.phi(f"{_d(r, 2)}/{_d(r, 6)}", "account", "account:terminal_bill")
    w.add("\n" + "-" * 78 + "\n PF3=EXIT PF7=BACK PF8=FWD   REC ")
    w.keep(f"{r.randint(1, 9)} OF {r.randint(10, 40)}", "record_counter")
    w.add("   OPR ")
    w.keep(f"T{r.randint(1, 64):02d}", "terminal_code")
    w.add("\n")


def _tissue_label(w: _W, c: _Case) -> None:
    """Printed labels of a corneal tissue bank: donor, tissue, recipient."""
    r = w.r
    be = c.region == "be"
    w.add("+" + "-" * 46 + "+\n| TISSUE BANK  -  CORNEA FOR TRANSPLANT\n| Tissue ID: ")
    w.phi(f"{_up(r, 1)}{_d(r, 4)} {_d(r, 2)} {_d(r, 6)}", "accession", "accession:tissue_din")
    w.add("\n| Donor no.: ")
    w.phi(f"D{_d(r, 6)}", "mrn", "mrn:donor")
    w.add("   Donor age: ")
    dage = r.choice([r.randint(90, 96), r.randint(20, 89)])
    _age(w, dage, str(dage), "label_donor")
    w.add("\n| Procured: ")
    _date(w, c.visit - timedelta(days=r.randint(3, 20)), ["dot", "dmy", "iso"])
    w.add("  Expiry: ")
    w.keep(_fmt(c.visit + timedelta(days=r.randint(10, 25)), "dot"), "product_expiry")
    w.add("\n| ECD: ")
    w.keep(f"{r.randint(2200, 3100)} cells/mm2", "ecd")
    w.add("  Medium lot: ")
    w.keep(f"{_up(r, 2)}{_d(r, 5)}", "lot")
    w.add("\n| Released by: ")
    _name(w, c.doc, "initial", "label_release")
    w.add("\n+" + "-" * 46 + "+\n")
    w.add("| RECIPIENT: ")
    _name(w, c.p, r.choice(["upper", "last_first"]), "label_recipient")
    w.add("\n| " + ("Rijksregisternr" if be else "Isikukood") + ": ")
    w.phi(c.natid[0], "natid", f"natid:label_{c.natid[1]}")
    w.add("\n| DOB ")
    _date(w, c.dob, ["dot", "dmy", "compact"])
    w.add("  Hosp. no. ")
    w.phi(c.mrn, "mrn", "mrn:label_recipient")
    w.add("\n| Surgeon: ")
    _name(w, c.doc, "full", "label_surgeon")
    w.add(" (" + ("RIZIV " if be else "reg. "))
    w.phi(
        f"1-{_d(r, 5)}-{_d(r, 2)}-{_d(r, 3)}" if be else f"D{_d(r, 5)}",
        "license",
        "license:label_surgeon",
    )
    w.add(")\n| Surgery date: ")
    _date(w, c.visit, ["nl", "fr", "dot"] if be else ["et", "dot"])
    w.add("\n+" + "-" * 46 + "+\n")


def _deposition(w: _W, c: _Case) -> None:
    """A deposition transcript about fitness to drive after vision loss (Belgium / Switzerland)."""
    r = w.r
    lang = "fr" if c.region == "ch" or r.random() < 0.5 else "nl"
    w.add("TRANSCRIPT OF DEPOSITION (translated)\nCase file ")
    w.phi(f"{r.randint(2019, 2023)}/{_d(r, 5)}/{_up(r, 1)}", "account", "account:deposition_case")
    w.add("\nWitness: ")
    _name(w, c.doc, "full", "deposition_witness")
    w.add(", ophthalmologist, reg. no. ")
    w.phi(_d(r, 7) if c.region == "ch" else f"1{_d(r, 7)}", "license", "license:deposition_doctor")
    w.add("\n\n")
    w.add(f"{r.randint(1, 30):>2}  Q. You examined ")
    _name(w, c.p, r.choice(["full", "family"]), "deposition_q")
    w.add(" on ")
    _date(w, c.visit, [lang, "dot", "dmy", "en"])
    w.add("?\n")
    w.add(f'{r.randint(1, 30):>2}  A. Yes. The patient was then, I wrote, "')
    if c.age > 89:
        _age_word(w, c.age, lang, "deposition_quote")
    else:
        _age(w, c.age, str(c.age), "deposition_quote")
    w.add(' ans"' if lang == "fr" else ' jaar"')
    w.add(", binocular acuity ")
    w.keep(_va(r), "visual_acuity")
    w.add(", horizontal field ")
    w.keep(f"{r.randint(60, 140)} degrees", "field_degrees")
    w.add(".\n    Q. Was the patient still driving?\n    A. The car, plate ")
    w.phi(c.plate, "plate", f"plate:deposition_{c.region}")
    w.add(", was seen on ")
    w.phi(_fmt(c.visit + timedelta(days=r.randint(3, 40)), "dmy"), "date", "date:deposition_seen")
    w.add(". The licence number ")
    w.phi(
        _d(r, 10) if c.region == "be" else f"{_d(r, 6)}{r.randint(100, 999)}",
        "license",
        "license:deposition_driver",
    )
    w.add(" is on the form.\n    Q. National number?\n    A. ")
    w.phi(c.natid[0], "natid", f"natid:deposition_{c.natid[1]}")
    w.add(".\n    Q. And the address?\n    A. ")
    _addr(w, c.addr, ", ", "deposition")
    w.add(". The Esterman score was ")
    w.keep(f"{r.randint(60, 120)}", "esterman_score")
    w.add(" points, 120-point test, ")
    w.keep(f"{r.randint(0, 12)} missed", "missed_points")
    w.add(".\n(Recess at ")
    w.keep(_tm(r), "time")
    w.add(". Court reporter: ")
    _name(w, _clin(r), "full", "deposition_reporter")
    w.add(")\n")


def _es_surgery(w: _W, c: _Case) -> None:
    """A cataract operation note in Spanish (Peru / Uruguay)."""
    r = w.r
    pe = c.region == "pe"
    w.add("INFORME OPERATORIO – FACOEMULSIFICACIÓN\nPaciente: ")
    _name(w, c.p, r.choice(["upper", "full", "last_first"]), "es_header")
    w.add("\n" + ("DNI" if pe else "C.I.") + ": ")
    w.phi(c.natid[0], "natid", f"natid:es_{c.natid[1]}")
    w.add("   H.C. N° ")
    w.phi(c.mrn, "mrn", "mrn:es_hc")
    w.add("\n" + ("SIS/EsSalud" if pe else "FONASA") + ": ")
    w.phi(_d(r, 10) if pe else _d(r, 8), "plan", f"plan:es_{c.region}")
    w.add("\nEdad: ")
    if c.age > 89 and r.random() < 0.4:
        _age_word(w, c.age, "es", "es_header")
    else:
        _age(w, c.age, str(c.age), "es_header")
    w.add(" años   Fecha: ")
    _date(w, c.visit, ["es", "dmy", "dmy_dash"])
    w.add("\nDomicilio: ")
    _addr(w, c.addr, ", ", "es")
    w.add("\nTel.: ")
    w.phi(c.phone[0], "phone", f"phone:es_{c.phone[1]}")
    w.add("\n\nOjo ")
    w.add(r.choice(["derecho", "izquierdo"]))
    w.add(". Anestesia tópica + intracameral lidocaína ")
    w.keep("1%", "concentration")
    w.add(". LIO ")
    w.keep(f"SN60WF +{r.randint(16, 25)}.{r.choice(['0', '5'])} D", "iol_model_power")
    w.add(", serie ")
    w.phi(_d(r, 11), "serial", "serial:iol")
    w.add(", lote ")
    w.keep(f"{_up(r, 1)}{_d(r, 6)}", "lot")
    w.add(". Longitud axial ")
    w.keep(f"{r.randint(21, 26)}.{_d(r, 2)} mm", "axial_length")
    w.add(", K1 ")
    w.keep(f"{r.randint(41, 46)}.{_d(r, 2)}", "keratometry")
    w.add(". Tiempo de ultrasonido ")
    w.keep(f"{r.randint(10, 90)} s", "phaco_time")
    w.add(".\nCirujano: Dr(a). ")
    _name(w, c.doc, "full", "es_surgeon")
    w.add(", CMP " if pe else ", Caja Prof. ")
    w.phi(_d(r, 5), "license", f"license:es_{c.region}")
    w.add("\nAcompañante: ")
    _name(w, c.kin, "full", "es_companion")
    w.add(
        " ("
        + r.choice(["hijo", "esposo", "sobrino"] if c.female else ["hija", "esposa", "sobrina"])
        + "), tel. "
    )
    kph = _phone(r, c.region)
    w.phi(kph[0], "phone", f"phone:es_kin_{kph[1]}")
    w.add("\nControl: ")
    _date(w, c.visit + timedelta(days=1), ["dmy", "es"])
    w.add(" y a los ")
    w.keep(f"{r.choice([7, 15, 30])} días", "interval_days")
    w.add(". Factura ")
    w.phi(f"F{_d(r, 3)}-{_d(r, 8)}", "account", "account:es_invoice")
    w.add("\n")


def _fax(w: _W, c: _Case) -> None:
    """A fax cover and a low-vision aid request (Kenya / Ghana / Jamaica)."""
    r = w.r
    w.add("FACSIMILE  –  LOW VISION SERVICE\nTo: ")
    _name(w, c.doc, "full", "fax_to")
    w.add("   Fax: ")
    fx = _phone(r, c.region)
    w.phi(fx[0], "fax", f"fax:cover_{fx[1]}")
    w.add("\nPages: ")
    w.keep(f"{r.randint(1, 5)} (incl. cover)", "page_count")
    w.add("   Sent: ")
    _date(w, c.visit, ["en_ord", "dmy", "en", "dmon"])
    w.add(" " + _tm(r) + "\n" + "=" * 50 + "\nRe: ")
    _name(w, c.p, r.choice(["full", "last_first", "upper"]), "fax_re")
    w.add(", DOB ")
    _date(w, c.dob, ["dmy", "en", "dmon"])
    w.add(" (")
    _age(w, c.age, str(c.age), "fax_paren")
    w.add(" yrs)\nHospital No: ")
    w.phi(c.mrn, "mrn", "mrn:fax")
    w.add("  ID: ")
    w.phi(c.natid[0], "natid", f"natid:fax_{c.natid[1]}")
    w.add("\nAddress: ")
    _addr(w, c.addr, ", ", "fax")
    w.add("\nWorking diagnosis: glaucoma, VA ")
    w.keep(_va(r), "visual_acuity")
    w.add(" BE, fields ")
    w.keep(f"MD -{r.randint(2, 28)}.{r.randint(0, 9)} dB", "mean_deviation")
    w.add(".\nRequest: ")
    w.keep(f"{r.choice([4, 6, 8, 10])}x", "magnification")
    w.add(" illuminated magnifier, white cane (")
    w.keep(f"{r.randint(110, 135)} cm", "cane_length")
    w.add(").\nMedical board case ")
    w.phi(f"MB/{r.randint(2019, 2023)}/{_d(r, 4)}", "account", "account:fax_board")
    w.add("\nReply to ")
    w.phi(c.email, "email", "email:fax_reply")
    w.add(" or ")
    w.phi(c.phone[0], "phone", f"phone:fax_{c.phone[1]}")
    w.add("\nCONFIDENTIALITY: if received in error please call ")
    w.keep(r.choice(["0800 721 053", "1-888-991-2020"]), "public_helpline")
    w.add(".\n")


_ENT = {
    "ø": "&oslash;",
    "æ": "&aelig;",
    "å": "&aring;",
    "ü": "&uuml;",
    "ö": "&ouml;",
    "é": "&eacute;",
}


def _ent(s: str) -> str:
    return "".join(_ENT.get(ch, ch) for ch in s)


def _html(w: _W, c: _Case) -> None:
    """An HTML fragment of a clinic letter pasted from a web portal (entities, tel: links)."""
    r = w.r
    ent = r.random() < 0.6
    w.add('<div class="letter"><h3>Eye clinic &ndash; visit summary</h3>\n<table border="1">\n')
    w.add("<tr><th>Patient</th><td>")
    nm = c.p.full() if r.random() < 0.5 else f"{c.p.family}, {c.p.given}"
    w.phi(_ent(nm) if ent else nm, "name", f"name:html_cell{'_entities' if ent else ''}")
    w.add("</td></tr>\n<tr><th>Born</th><td>")
    _date(w, c.dob, ["dot", "dmy", "en", "iso"])
    w.add("&nbsp;(<b>")
    _age(w, c.age, str(c.age), "html_bold")
    w.add("</b>&nbsp;y)</td></tr>\n<tr><th>Record</th><td><code>")
    w.phi(c.mrn, "mrn", "mrn:html_code")
    w.add("</code></td></tr>\n<tr><th>ID</th><td>")
    w.phi(c.natid[0], "natid", f"natid:html_{c.natid[1]}")
    w.add("</td></tr>\n<tr><th>Address</th><td>")
    a = c.addr
    w.phi(_ent(a.street) if ent else a.street, "address", "address:html_street")
    w.add("<br/>")
    if a.zip and a.zip_first:
        w.phi(a.zip, "zip", "zip:html")
        w.add("&nbsp;")
        w.phi(_ent(a.city) if ent else a.city, "address", "address:html_city")
    else:
        w.phi(_ent(a.city) if ent else a.city, "address", "address:html_city")
        if a.zip:
            w.add("&nbsp;")
            w.phi(a.zip, "zip", "zip:html")
    w.add('</td></tr>\n<tr><th>Phone</th><td><a href="tel:')
    tel = re.sub(r"[^\d+]", "", c.phone[0])
    w.phi(tel, "phone", "phone:html_tel_href")
    w.add('">')
    w.phi(c.phone[0], "phone", f"phone:html_{c.phone[1]}")
    w.add('</a></td></tr>\n<tr><th>E-mail</th><td><a href="mailto:')
    w.phi(c.email, "email", "email:html_href")
    w.add('">e-mail</a></td></tr>\n</table>\n<p>Seen on ')
    _date(w, c.visit, ["en", "dot", "en_ord"])
    w.add(". VA ")
    w.keep(_va(r), "visual_acuity")
    w.add(", IOP ")
    w.keep(_iop(r), "iop")
    w.add(", C/D ratio ")
    w.keep(f"0.{r.randint(2, 9)}", "cup_disc")
    w.add(". Bimatoprost ")
    w.keep("0.01%", "concentration")
    w.add(' nocte.<br/>Driving: vehicle <span class="plate">')
    w.phi(c.plate, "plate", f"plate:html_{c.region}")
    w.add('</span> &ndash; advised not to drive.</p>\n<p>Images: <a href="')
    w.phi(f"https://portal.eyeclinic.example/img/{_hex(r, 8)}?u={c.mrn}", "url", "url:html_href")
    w.add('">link</a> &middot; accession ')
    w.phi(f"OPH{_d(r, 7)}", "accession", "accession:html")
    w.add("</p>\n<p>&mdash; ")
    _name(w, c.doc, "full", "html_signature")
    w.add(", consultant (reg. ")
    w.phi(_d(r, 6), "license", "license:html")
    w.add(")</p></div><!-- rendered ")
    w.keep(_tm(r), "time")
    w.add(" by node ")
    w.phi(_ipv6(r), "ip", "ip:html_comment_v6")
    w.add(" -->\n")


# --------------------------------------------------------------------------- the corpus

_DOCS: list[tuple[str, str, Callable[[_W, _Case], None]]] = [
    ("xml_si", "si", _oct_xml),
    ("xml_dk", "dk", _oct_xml),
    ("ical_ch", "ch", _ical),
    ("pager_my", "my", _pager),
    ("pager_th", "th", _pager),
    ("boxed_dk", "dk", _boxed),
    ("boxed_is", "is", _boxed),
    ("camp_csv_ke", "ke", _csv_camp),
    ("wiki_si", "si", _wiki),
    ("wiki_ee", "ee", _wiki),
    ("voice_jm", "jm", _voice),
    ("terminal_my", "my", _terminal),
    ("terminal_th", "th", _terminal),
    ("label_be", "be", _tissue_label),
    ("label_ee", "ee", _tissue_label),
    ("deposition_be", "be", _deposition),
    ("deposition_ch", "ch", _deposition),
    ("surgery_pe", "pe", _es_surgery),
    ("surgery_uy", "uy", _es_surgery),
    ("camp_csv_gh", "gh", _csv_camp),
    ("fax_ke", "ke", _fax),
    ("fax_gh", "gh", _fax),
    ("fax_jm", "jm", _fax),
    ("xml_is", "is", _oct_xml),
    ("ical_be", "be", _ical),
    ("html_dk", "dk", _html),
    ("html_ch", "ch", _html),
    ("html_my", "my", _html),
]
_NO_SUBJECT = {"camp_csv_ke", "camp_csv_gh"}


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    if doc in _NO_SUBJECT or r.random() < 0.17:
        return {}
    ctx: dict[str, object] = {
        "first_name": c.p.given,
        "last_name": c.p.family,
        "mrn": c.mrn,
        "birth_date": c.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": c.phone[0], "city": c.addr.city, "zip": c.addr.zip})
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

_PLANTED = {"name", "mrn", "natid", "plan", "phone", "fax", "email", "license"}
_PLANTED |= {"plate", "serial", "ip", "url", "accession", "account"}


def _age_value(s: str) -> int | None:
    digits = re.match(r"\d+", s)
    if digits:
        return int(digits.group())
    return _WORD_AGE.get(s.lower())


def _self_check() -> list[str]:
    problems = []
    d = date(2021, 3, 9)
    if _fmt(d, "da") != "9. marts 2021" or _fmt(d, "es") != "9 de marzo de 2021":
        problems.append("date formatting is off")
    if _fmt(d, "th_num") != "09/03/2564" or _fmt(d, "sl") != "9. marca 2021":
        problems.append("date formatting is off (th / sl)")
    if _AGE_WORDS["fr"][92] != "nonante-deux" or _AGE_WORDS["nl"][93] != "drieënnegentig":
        problems.append("age words are off")
    if _AGE_WORDS["da"][93] != "treoghalvfems" or _AGE_WORDS["en"][91] != "ninety-one":
        problems.append("age words are off (da / en)")
    r = random.Random(0)
    e = _isikukood(r, date(1930, 5, 2), True)
    if not e.startswith("4300502") or len(e) != 11:
        problems.append("isikukood is off")
    b = _be_nn(r, date(1931, 4, 12), False).replace(".", "").replace("-", "")
    if 97 - int(b[:9]) % 97 != int(b[9:]):
        problems.append("Belgian national number check is off")
    k = _kennitala(r, date(1930, 1, 2)).replace("-", "").replace(" ", "")
    if _mod11_is(k[:8]) != k[8] or k[9] != "9":
        problems.append("kennitala is off")
    t = _thai_id(r).replace("-", "")
    if (11 - sum(int(x) * (13 - i) for i, x in enumerate(t[:12])) % 11) % 10 != int(t[12]):
        problems.append("Thai id check is off")
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
        title="held-out style 13",
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
