"""A fifteenth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run.
The theme, document types, layouts and countries are not described here on purpose, so that
whoever scores this style stays blind to them; read the generator functions for the details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, regions, countries, bare years, facility,
carrier and payer names, measurements, vital signs, lab values, scores, doses, device models, lot
numbers, codes, flight numbers, seats, counts and ages of 89 or under never labelled (the planted
ones are recorded as look-alikes); every calendar date about a person is a ``date``; ages
labelled only over 89 (digits or words, the number only). An address is split into street line,
city / district spans and a separate ``zip`` span. Kinds: ``name date age phone fax email
address zip ssn natid mrn account plan license plate serial ip url accession``. ``ssn`` is a US
Social Security number only; ``natid`` another country's national number or a passport; ``mrn``
record numbers held by a clinic, hospital or service; ``account`` claim, case, booking and
confirmation numbers; ``plan`` health- or social-insurance member and policy numbers;
``license`` clinicians' registration numbers, pilots' certificates and drivers' licences;
``serial`` device serials; ``accession`` specimen and image numbers. About a quarter of the
notes carry no patient context. Every span is tagged with the phrasing it was written in, and
every planted look-alike is recorded.

    python benchmarks/notes_heldout_s15.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_s15.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_s15.py               # 300 notes, seed 10000
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

DEFAULT_SEED = 10000
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

    def seq(self, *items: str | tuple[str, str, str]) -> None:
        """Plain strings are text; ``(value, kind, form)`` is a span (kind ``~``: a look-alike)."""
        for it in items:
            if isinstance(it, str):
                self.add(it)
            elif it[1] == "~":
                self.keep(it[0], it[2])
            else:
                self.phi(*it)

    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- people

_TRAD: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "us": (
        ("Darlene", "Peggy", "Jolene", "Marybeth", "Rochelle", "Bernadine"),
        ("Dwayne", "Lyle", "Virgil", "Clifton", "Merle", "Garland"),
        ("Kowalczyk", "Ashworth", "Delacroix", "Whitlock", "Pennington", "Stroud", "Gaddis"),
    ),
    "mx": (
        ("Guadalupe", "Maricela", "Itzel", "Rocío", "Xóchitl", "Socorro"),
        ("Jesús", "Eduardo", "Rigoberto", "Ulises", "Octavio", "Abelardo"),
        ("Hernández Olvera", "Ramírez Cuevas", "Zamora Tello", "Quintero Alcaraz", "Ochoa Paz"),
    ),
    "gr": (
        ("Eleni", "Paraskevi", "Vasiliki", "Georgia", "Despoina", "Kalliopi"),
        ("Dimitrios", "Spyridon", "Konstantinos", "Evangelos", "Panagiotis", "Stavros"),
        ("Papadopoulou", "Karagiannis", "Theodorakis", "Nikolaidou", "Mavromatis", "Zervou"),
    ),
    "ru": (
        ("Lyudmila", "Valentina", "Nadezhda", "Galina", "Tatyana", "Zinaida"),
        ("Vladimir", "Gennady", "Anatoly", "Yevgeny", "Stanislav", "Vyacheslav"),
        ("Kuznetsova", "Sokolov", "Lebedeva", "Vorobyov", "Morozova", "Belousov"),
    ),
    "cn": (
        ("Xiuying", "Guilan", "Shufen", "Yuzhen", "Meihua", "Lihua"),
        ("Jianguo", "Zhiqiang", "Guoliang", "Wenbin", "Dejun", "Haitao"),
        ("Wang", "Zhang", "Liu", "Chen", "Zhao", "Huang", "Zhou", "Xu"),
    ),
    "ke": (
        ("Wanjiru", "Akinyi", "Njeri", "Chebet", "Atieno", "Wambui"),
        ("Kipchoge", "Otieno", "Mwangi", "Kamau", "Odhiambo", "Kiprono"),
        ("Njoroge", "Ochieng", "Kariuki", "Wafula", "Mutua", "Korir", "Omondi"),
    ),
    "ng": (
        ("Chiamaka", "Folasade", "Ngozi", "Aisha", "Titilayo", "Obiageli"),
        ("Chukwuemeka", "Babatunde", "Olumide", "Ifeanyi", "Musa", "Adebayo"),
        ("Okonkwo", "Adeyemi", "Eze", "Balogun", "Nwachukwu", "Ogunleye", "Abubakar"),
    ),
    "eg": (
        ("Nagwa", "Samira", "Hoda", "Fatma", "Mervat", "Soad"),
        ("Mahmoud", "Hany", "Sherif", "Tarek", "Ashraf", "Magdy"),
        ("Abdel Rahman", "El-Sayed", "Fahmy", "Shehata", "Mansour", "Zaki"),
    ),
    "es": (
        ("Montserrat", "Begoña", "Inmaculada", "Remedios", "Amparo", "Nuria"),
        ("Iñaki", "Jordi", "Fermín", "Gonzalo", "Ramiro", "Baltasar"),
        ("García Lorente", "Etxeberria", "Puig i Soler", "Castaño Ruiz", "Ibáñez Mora"),
    ),
    "au": (
        ("Narelle", "Kylie", "Raelene", "Bronwyn", "Leanne", "Shayna"),
        ("Bazza", "Darryl", "Wayne", "Mick", "Shane", "Noel"),
        ("Fitzgerald", "McAllister", "Thistlethwaite", "Kennedy", "Pappas", "Nguyen"),
    ),
    "in": (
        ("Lakshmi", "Savitri", "Pushpa", "Meenakshi", "Kamala", "Nirmala"),
        ("Venkatesh", "Raghunath", "Suresh", "Prakash", "Gopal", "Harish"),
        ("Iyer", "Chatterjee", "Reddy", "Kulkarni", "Menon", "Bhattacharya"),
    ),
}


@dataclass
class _P:
    given: str
    family: str
    female: bool
    dob: date
    age: int
    trad: str

    @property
    def full(self) -> str:
        if self.trad == "cn":
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"


def _ref(r: random.Random) -> date:
    return date(2019, 1, 1) + timedelta(days=r.randrange(0, 5 * 365))


def _person(r: random.Random, trad: str, today: date, old: float = 0.4) -> _P:
    fem, male, fam = _TRAD[trad]
    female = r.random() < 0.5
    age = r.randint(90, 104) if r.random() < old else r.randint(24, 89)
    dob = today - timedelta(days=age * 365 + r.randrange(5, 360) + age // 4)
    if (today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))) != age:
        dob = date(today.year - age - 1, today.month, 1) + timedelta(days=r.randrange(0, 20))
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    family = r.choice(fam)
    if trad == "gr":
        if female and family.endswith("is"):
            family = family[:-1]
        elif not female and family.endswith("idou"):
            family = family[:-3] + "is"
        elif not female and family.endswith("ou"):
            family = family[:-1] + "s"
    if trad == "ru":
        if female and not family.endswith("a"):
            family += "a"
        elif not female and family.endswith("a"):
            family = family[:-1]
    return _P(r.choice(fem if female else male), family, female, dob, age, trad)


def _clin(r: random.Random, trad: str) -> _P:
    return _person(r, trad, date(2021, 1, 1), old=0.0)


def _age(w: _W, age: int, text: str, form: str) -> None:
    """An age: a span when over 89, a look-alike otherwise."""
    if age > 89:
        w.phi(text, "age", form)
    else:
        w.keep(text, "age<=89 " + form)


# --------------------------------------------------------------------------- numbers & dates

_ONES = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _words(n: int) -> str:
    if n >= 100:
        rest = n - 100
        return "one hundred" + (f" and {_words(rest)}" if rest else "")
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    t, o = divmod(n, 10)
    return _TENS[t] + (f"-{_ONES[o]}" if o else "")


_ES_TENS = {9: "noventa", 8: "ochenta", 7: "setenta", 6: "sesenta", 5: "cincuenta"}
_ES_ONES = "_ uno dos tres cuatro cinco seis siete ocho nueve".split()


def _es_words(n: int) -> str:
    if n >= 100:
        return "cien" if n == 100 else "ciento " + _ES_ONES[n - 100]
    t, o = divmod(n, 10)
    return _ES_TENS[t] + (f" y {_ES_ONES[o]}" if o else "")


_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_ES_M = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
_RU_M = "yanvarya fevralya marta aprelya maya iyunya iyulya avgusta sentyabrya oktyabrya noyabrya"
_RU_M += " dekabrya"
_GR_M = "Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου Σεπτεμβρίου"
_GR_M += " Οκτωβρίου Νοεμβρίου Δεκεμβρίου"
_LANG = {"es": _ES_M.split(), "ru": _RU_M.split(), "gr": _GR_M.split()}


def _fmt(d: date, style: str) -> str:
    y, m, dd = d.year, d.month, d.day
    return {
        "mdY": f"{m:02d}/{dd:02d}/{y}",
        "mdy": f"{m}/{dd}/{y % 100:02d}",
        "dmY": f"{dd:02d}/{m:02d}/{y}",
        "dmY-": f"{dd:02d}-{m:02d}-{y}",
        "dot": f"{dd:02d}.{m:02d}.{y}",
        "iso": d.isoformat(),
        "compact": f"{y}{m:02d}{dd:02d}",
        "long": f"{_MONTHS[m - 1]} {dd}, {y}",
        "dMonY": f"{dd} {_MON[m - 1]} {y}",
        "DDMONYY": f"{dd:02d}{_MON[m - 1].upper()}{y % 100:02d}",
        "es": f"{dd} de {_LANG['es'][m - 1]} de {y}",
        "ru": f"{dd} {_LANG['ru'][m - 1]} {y} g.",
        "gr": f"{dd} {_LANG['gr'][m - 1]} {y}",
        "cn": f"{y}年{m}月{dd}日",
        "pinyin": f"{y} nian {m} yue {dd} ri",
        "ymd/": f"{y}/{m:02d}/{dd:02d}",
    }[style]


def _date(w: _W, d: date, styles: Sequence[str]) -> None:
    style = w.r.choice(list(styles))
    w.phi(_fmt(d, style), "date", "date " + style)


def _d(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _nz(r: random.Random, n: int) -> str:
    return r.choice("123456789") + _d(r, n - 1)


def _up(r: random.Random, n: int, alpha: str = "ABCDEFGHJKLMNPRSTUVWXYZ") -> str:
    return "".join(r.choice(alpha) for _ in range(n))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        v = int(ch)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return str((10 - total % 10) % 10)


def _ssn(r: random.Random) -> str:
    area = r.choice([a for a in range(1, 900) if a != 666 and a < 900])
    return f"{area:03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"


def _dni(r: random.Random) -> str:
    n = r.randint(10_000_000, 79_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def _snils(r: random.Random) -> str:
    body = _nz(r, 9)
    s = sum(int(c) * (9 - i) for i, c in enumerate(body))
    chk = s if s < 100 else (0 if s in (100, 101) else s % 101)
    chk = 0 if chk in (100, 101) else chk
    return f"{body[:3]}-{body[3:6]}-{body[6:]} {chk:02d}"


def _cn_id(r: random.Random, dob: date) -> str:
    body = r.choice(["110105", "310104", "440106", "510107"]) + dob.strftime("%Y%m%d") + _d(r, 3)
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    s = sum(int(c) * wt for c, wt in zip(body, weights, strict=True))
    return body + "10X98765432"[s % 11]


def _amka(r: random.Random, dob: date) -> str:
    body = dob.strftime("%d%m%y") + _d(r, 4)
    return body + _luhn_digit(body)


def _eg_id(r: random.Random, dob: date) -> str:
    century = "2" if dob.year < 2000 else "3"
    return century + dob.strftime("%y%m%d") + r.choice(["01", "02", "21", "88"]) + _d(r, 5)


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _ipv4(r: random.Random) -> str:
    return f"{r.choice([41, 82, 103, 177, 186, 197])}.{r.randint(0, 255)}.{r.randint(0, 255)}" + (
        f".{r.randint(1, 254)}"
    )


def _ipv6(r: random.Random) -> str:
    return (
        "2001:db8:"
        + ":".join(_hex(r, 4).lstrip("0") or "0" for _ in range(3))
        + "::"
        + _hex(r, 3).lstrip("0")
    )


_SPOKEN = {"0": "zero", **{str(i): _ONES[i] for i in range(1, 10)}}


def _spoken(digits: str) -> str:
    return " ".join(_SPOKEN[c] for c in digits)


def _phone(r: random.Random, region: str) -> str:
    if region == "us":
        a, b, c = r.randint(201, 989), r.randint(200, 989), _d(r, 4)
        return r.choice([f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"{a}-{b}-{c}"])
    if region == "mx":
        return r.choice([f"+52 55 {_d(r, 4)} {_d(r, 4)}", f"(33) {_d(r, 4)}-{_d(r, 4)}"])
    if region == "gr":
        return r.choice([f"+30 69{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}", f"210 {_d(r, 3)} {_d(r, 4)}"])
    if region == "ru":
        return r.choice(
            [f"+7 (9{_d(r, 2)}) {_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}", f"8 495 {_d(r, 3)} {_d(r, 4)}"]
        )
    if region == "cn":
        return r.choice([f"13{_d(r, 1)} {_d(r, 4)} {_d(r, 4)}", f"+86 10 {_d(r, 4)} {_d(r, 4)}"])
    if region == "ke":
        return r.choice([f"+254 7{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}", f"07{_d(r, 2)}{_d(r, 6)}"])
    if region == "ng":
        return r.choice([f"+234 80{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}", f"0803-{_d(r, 3)}-{_d(r, 4)}"])
    if region == "eg":
        return r.choice([f"+20 10{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}", f"(02) {_d(r, 4)} {_d(r, 4)}"])
    if region == "es":
        return r.choice(
            [f"+34 6{_d(r, 2)} {_d(r, 2)} {_d(r, 2)} {_d(r, 2)}", f"91 {_d(r, 3)} {_d(r, 4)}"]
        )
    if region == "au":
        return r.choice(
            [f"04{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}", f"(0{r.choice('2378')}) {_nz(r, 4)} {_d(r, 4)}"]
        )
    return r.choice([f"+91 9{_d(r, 4)} {_d(r, 5)}", f"011-{_d(r, 4)}{_d(r, 4)}"])


def _email(r: random.Random, p: _P) -> str:
    fold = str.maketrans("áéíóúñçÁÉÍÓÚÑ", "aeiounsAEIOUN")
    fam = p.family.split()[0].translate(fold).lower().replace("-", "")
    giv = p.given.translate(fold).lower()
    local = r.choice([f"{giv}.{fam}", f"{giv[0]}{fam}{r.randint(1, 99)}", f"{fam}_{giv}"])
    dom = r.choice(["yandex.ru", "gmail.com", "163.com", "yahoo.co.ke", "hotmail.es", "otenet.gr"])
    return f"{local}@{dom}"


# --------------------------------------------------------------------------- look-alikes


def _vitals(w: _W) -> None:
    r = w.r
    w.seq("BP ", (f"{r.randint(100, 170)}/{r.randint(55, 99)}", "~", "bp"), " HR ")
    w.seq((str(r.randint(48, 130)), "~", "hr"), " SpO2 ", (f"{r.randint(84, 99)}%", "~", "spo2"))
    w.seq(" RR ", (str(r.randint(10, 30)), "~", "rr"), " GCS ", (str(r.randint(9, 15)), "~", "gcs"))


def _lab(w: _W) -> None:
    r = w.r
    w.seq("Hb ", (f"{r.randint(70, 160)} g/L", "~", "hb"), ", INR ")
    w.seq((f"{r.randint(9, 35) / 10:.1f}", "~", "inr"), ", Trop I ")
    w.seq(
        (f"{r.randint(3, 9000)} ng/L", "~", "trop"), ", Na ", (str(r.randint(125, 148)), "~", "na")
    )


def _flight(r: random.Random) -> str:
    return r.choice(["AM", "SU", "ET", "KQ", "MS", "IB", "QF", "CA", "AI"]) + str(
        r.randint(10, 2999)
    )


# --------------------------------------------------------------------------- documents


def _aeromed_us(w: _W, r: random.Random) -> dict[str, object]:
    """Aviation medical examination summary, check-box form (US)."""
    today = _ref(r)
    p = _person(r, "us", today, old=0.15)
    ame = _clin(r, "us")
    ssn = _ssn(r)
    mrn = f"AME-{_d(r, 6)}"
    w.add("AVIATION MEDICAL EXAMINATION — EXAMINER SUMMARY\n")
    w.seq("Confirmation #: ", (f"{_up(r, 3)}{_d(r, 5)}", "account", "medxpress confirmation"), "\n")
    w.seq("Clinic chart: ", (mrn, "mrn", "clinic chart AME-"), "\n")
    w.seq(
        "Applicant: ",
        (p.family.upper(), "name", "LAST, First"),
        ", ",
        (p.given, "name", "LAST, First"),
    )
    w.seq("    DOB: ")
    _date(w, p.dob, ["mdY", "mdy", "long"])
    w.add("    Age: ")
    _age(w, p.age, str(p.age), "Age: N")
    w.add("\n")
    sf = r.choice(["SSN: ", "Social Security No. ", "SSN (optional): "])
    s = r.choice([f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}", ssn, f"{ssn[:3]} {ssn[3:5]} {ssn[5:]}"])
    w.seq(sf, (s, "ssn", sf.strip()), "\n")
    w.seq(
        "Pilot certificate no.: ", (_nz(r, 7), "license", "pilot certificate"), "   Class sought: "
    )
    w.seq((r.choice(["1", "2", "3"]), "~", "class"), "\n")
    city, st, z = r.choice(
        [("Ketchikan", "AK", "99901"), ("Wichita", "KS", "67202"), ("Bend", "OR", "97701")]
    )
    w.seq(
        "Address: ",
        (
            f"{r.randint(10, 9999)} {r.choice(['Airport Rd', 'Hangar Ln', 'Elm St'])}",
            "address",
            "street",
        ),
        ", ",
        (city, "address", "city"),
        f", {st} ",
    )
    w.seq((z, "zip", "us zip"), "\n")
    w.seq("Phone: ", (_phone(r, "us"), "phone", "us phone"), "\n")
    w.add("Total pilot time: ")
    w.seq(
        (f"{r.randint(50, 25000):,}", "~", "hours"),
        " hrs; last 6 months ",
        (str(r.randint(0, 300)), "~", "hours"),
    )
    w.add(" hrs\n")
    w.add(f"[{'X' if r.random() < 0.5 else ' '}] 18.a Frequent or severe headaches\n")
    w.add(f"[{'X' if r.random() < 0.3 else ' '}] 18.h Heart or vascular trouble\n")
    w.add("Vitals: ")
    _vitals(w)
    w.seq(
        "\nDistant vision 20/", (str(r.choice([20, 25, 30, 40])), "~", "snellen"), " OU; ECG QTc "
    )
    w.seq(
        (f"{r.randint(380, 470)} ms", "~", "qtc"),
        "; last ECG ",
        (str(r.randint(2008, 2018)), "~", "bare year"),
    )
    w.add("\nExaminer: Dr. ")
    w.seq(
        (ame.full, "name", "Dr. First Last"),
        ", AME no. ",
        (_nz(r, 5), "license", "AME number"),
        "\n",
    )
    w.add("Issued: ")
    _date(w, today, ["mdY", "long"])
    w.add("\n")
    return {
        "first_name": p.given,
        "last_name": p.family,
        "mrn": mrn,
        "ssn": ssn,
        "birth_date": p.dob.isoformat(),
    }


def _repat_pipe(w: _W, r: random.Random) -> dict[str, object]:
    """Assistance-company repatriation extract, pipe-delimited, several rows."""
    w.add("CASE_ID|POLICY|PAX_NAME|DOB|AGE|NATID|ORIGIN_HOSP_MRN|PHONE|STATUS|NOTES\n")
    for _ in range(r.randint(2, 5)):
        today = _ref(r)
        trad = r.choice(["mx", "es", "us"])
        p = _person(r, trad, today)
        w.seq((f"AX{today.year % 100}-{_d(r, 6)}", "account", "pipe case id"), "|")
        w.seq((f"{_up(r, 2)}{_d(r, 8)}", "plan", "pipe policy"), "|")
        w.seq(
            (p.family.upper(), "name", "pipe FAMILY^Given"),
            "^",
            (p.given, "name", "pipe FAMILY^Given"),
            "|",
        )
        _date(w, p.dob, ["compact", "iso"])
        w.add("|")
        _age(w, p.age, str(p.age), "pipe age")
        w.add("|")
        if trad == "mx":
            sex = "M" if p.female else "H"
            curp = f"{_up(r, 4, 'ABCDEFGHILMNOPRSTUVZ')}{p.dob.strftime('%y%m%d')}{sex}"
            curp += (
                f"{r.choice(['DF', 'JC', 'NL', 'YN'])}{_up(r, 3, 'BCDFGHJKLMNPRSTVZ')}0{_d(r, 1)}"
            )
            w.phi(curp, "natid", "pipe CURP")
        elif trad == "es":
            w.phi(_dni(r), "natid", "pipe DNI")
        else:
            w.phi(f"{r.choice('ACEX')}{_d(r, 8)}", "natid", "pipe passport")
        w.add("|")
        w.seq(
            (f"{_d(r, 8)}", "mrn", "pipe origin mrn"),
            "|",
            (_phone(r, trad), "phone", f"pipe phone {trad}"),
            "|",
        )
        w.add(r.choice(["GOP_ISSUED", "FIT_TO_FLY_PENDING", "CLOSED", "ESCORT_REQ"]) + "|")
        w.add("stretcher, O2 ")
        w.seq(
            (f"{r.randint(1, 6)} L/min", "~", "o2 flow"),
            ", ",
            (_flight(r), "~", "flight"),
            " seat ",
        )
        w.seq((f"{r.randint(1, 45)}{r.choice('ABCDJK')}", "~", "seat"), "\n")
    w.add(f"-- rows exported; extract run {r.randint(1, 23):02d}:{r.randint(0, 59):02d} UTC\n")
    return {}


def _tourism_chat(w: _W, r: random.Random) -> dict[str, object]:
    """Medical-travel coordinator chat export (hospital abroad, patient from Nigeria/Kenya)."""
    today = _ref(r)
    trad = r.choice(["ng", "ke"])
    p = _person(r, trad, today)
    coord = _clin(r, "in")
    att = _person(r, trad, today, old=0.0)
    uhid = f"UHID{_d(r, 10)}"
    stamp = [today - timedelta(days=3)]

    def line(who: tuple[str, str, str]) -> None:
        t = stamp[0]
        w.add("[")
        w.phi(f"{t.day:02d}/{t.month:02d}/{t.year % 100:02d}", "date", "chat stamp")
        w.add(f", {r.randint(7, 22):02d}:{r.randint(0, 59):02d}] ")
        w.phi(*who)
        w.add(": ")

    cw = (coord.full, "name", "chat sender")
    pw = (f"{att.given} {att.family}", "name", "chat sender")
    line(cw)
    w.seq(
        "Good morning. Please share passport copy of patient ", (p.full, "name", "chat prose"), "\n"
    )
    line(pw)
    pp = f"{r.choice('AB')}{_d(r, 8)}" if trad == "ng" else f"AK{_d(r, 7)}"
    w.seq(
        "passport no ", (pp, "natid", "chat passport"), " and NIN " if trad == "ng" else " and ID "
    )
    w.seq((_nz(r, 11) if trad == "ng" else _nz(r, 8), "natid", f"chat natid {trad}"), "\n")
    line(pw)
    w.add("she was born ")
    _date(w, p.dob, ["dmY", "dMonY", "long"])
    w.add(", she is ")
    _age(w, p.age, _words(p.age) if r.random() < 0.5 else str(p.age), "chat she is N")
    w.add(" this year\n")
    stamp[0] = today - timedelta(days=1)
    line(cw)
    w.seq("Registered. UHID ", (uhid, "mrn", "chat UHID"), ". Visa invitation letter sent to ")
    w.seq((_email(r, att), "email", "chat email"), "\n")
    line(cw)
    w.add("Estimate for TAVI approx INR ")
    w.seq(
        (f"{r.randint(8, 25)},{_d(r, 2)},000", "~", "rupees"),
        "; echo: AVA ",
        (f"{r.randint(5, 9) / 10:.1f} cm2", "~", "ava"),
    )
    w.add(", mean gradient ")
    w.seq(
        (f"{r.randint(35, 70)} mmHg", "~", "gradient"),
        ", EF ",
        (f"{r.randint(30, 65)}%", "~", "ef"),
        "\n",
    )
    line(pw)
    w.seq("ok. my number changed, call ", (_phone(r, trad), "phone", f"chat phone {trad}"), "\n")
    line(cw)
    w.seq("Airport pickup booked for ", (_flight(r), "~", "flight"), " on ")
    _date(w, today + timedelta(days=r.randint(5, 20)), ["dMonY", "dmY"])
    w.add(". Hotel: ")
    w.seq(
        (
            f"{r.randint(1, 90)}, {r.choice(['Green Park Extn', 'Sector 44', 'Greams Road'])}",
            "address",
            "hotel street",
        )
    )
    w.seq(
        ", ",
        (r.choice(["New Delhi", "Gurugram", "Chennai"]), "address", "city"),
        " ",
        (_nz(r, 6), "zip", "PIN"),
        "\n",
    )
    return {
        "first_name": p.given,
        "last_name": p.family,
        "mrn": uhid,
        "birth_date": p.dob.isoformat(),
    }


def _gr_bilingual(w: _W, r: random.Random) -> dict[str, object]:
    """Island clinic evacuation form, Greek / English labels, PDF text extraction."""
    today = _ref(r)
    p = _person(r, "gr", today)
    doc = _clin(r, "gr")
    amka = _amka(r, p.dob)
    w.add("ΕΝΤΥΠΟ ΔΙΑΚΟΜΙΔΗΣ / TRANSFER FORM\n")
    w.seq("Επώνυμο / Surname: ", (p.family, "name", "gr label surname"), "\n")
    w.seq("Όνομα / First name: ", (p.given, "name", "gr label given"), "\n")
    w.add("Ημ. γέννησης / Date of birth: ")
    _date(w, p.dob, ["dot", "dmY", "gr"])
    w.add("   Ηλικία / Age: ")
    _age(w, p.age, str(p.age), "gr label age")
    w.add("\n")
    w.seq("ΑΜΚΑ / Social security no.: ", (amka, "natid", "AMKA"), "\n")
    w.seq(
        "Διεύθυνση / Address: ",
        (
            f"{r.choice(['Odos Ermou', 'Leof. Kifisias', 'Patision'])} {r.randint(1, 300)}",
            "address",
            "gr street",
        ),
    )
    w.seq(
        ", ",
        ((z := f"{r.randint(100, 199)} {_d(r, 2)}"), "zip", "gr TK"),
        " ",
        (r.choice(["Athina", "Marousi", "Chalandri"]), "address", "city"),
        "\n",
    )
    w.seq("Τηλ. / Tel.: ", (_phone(r, "gr"), "phone", "gr phone"), "\n")
    w.seq(
        "Όχημα συνοδού / Escort vehicle: ",
        (f"{r.choice(['ΙΚΥ', 'ΥΖΗ', 'ΗΡΚ', 'IKT', 'ZMB'])}-{_nz(r, 4)}", "plate", "gr plate"),
        "\n",
    )
    w.add("Κλινική εικόνα / Findings: ")
    _vitals(w)
    w.add("\n")
    _lab(w)
    w.seq(
        "\nΔιάγνωση / Dx: ", (r.choice(["I21.4", "S72.0", "I63.9"]), "~", "icd10"), "  EKAB call "
    )
    w.seq((f"{r.randint(10, 23):02d}:{r.randint(0, 59):02d}", "~", "time"), "\n")
    w.seq(
        "Ιατρός / Physician: ", (f"{doc.given[0]}. {doc.family}", "name", "F. Family"), "  ΑΜ ΙΣ "
    )
    w.seq((_nz(r, 5), "license", "gr registry no"), "\n")
    w.add("Ημερομηνία / Date: ")
    _date(w, today, ["dot", "gr"])
    w.add("\n— σελ. 1 / 1 —\n")
    return {"first_name": p.given, "last_name": p.family, "birth_date": p.dob.isoformat(), "zip": z}


def _ru_telex(w: _W, r: random.Random) -> dict[str, object]:
    """Air-ambulance mission request, romanised Russian, upper-case teletype."""
    today = _ref(r)
    p = _person(r, "ru", today)
    doc = _clin(r, "ru")
    w.seq(
        "ZCZC MEDEVAC REQUEST NR ",
        (f"{_d(r, 4)}/{today.year % 100}", "account", "telex request nr"),
        "\n",
    )
    w.seq(
        "PATSIENT: ",
        (p.family.upper(), "name", "telex FAMILY"),
        " ",
        (p.given.upper(), "name", "telex GIVEN"),
        "\n",
    )
    w.add("DATA ROZHDENIYA: ")
    _date(w, p.dob, ["dot", "ru", "DDMONYY"])
    w.add(" VOZRAST ")
    _age(w, p.age, str(p.age), "telex VOZRAST")
    w.add(" LET\n")
    w.seq(
        "SNILS ",
        (_snils(r), "natid", "SNILS"),
        "  POLIS OMS ",
        (_nz(r, 16), "plan", "OMS policy"),
        "\n",
    )
    w.seq("PASPORT ", (f"{_d(r, 2)} {_d(r, 2)} {_nz(r, 6)}", "natid", "ru passport"), "\n")
    w.seq(
        "ADRES: ",
        (
            f"UL. {r.choice(['LENINA', 'MIRA', 'SADOVAYA'])} D. {r.randint(1, 99)} "
            f"KV. {r.randint(1, 200)}",
            "address",
            "ru street",
        ),
    )
    w.seq(
        ", ",
        (r.choice(["EKATERINBURG", "TOMSK", "KAZAN"]), "address", "city"),
        " ",
        (_nz(r, 6), "zip", "ru index"),
        "\n",
    )
    w.seq("TEL ", (_phone(r, "ru"), "phone", "ru phone"), "\n")
    w.add("DIAGNOZ: ")
    w.seq(
        (r.choice(["I61.0", "I21.0", "J18.9"]), "~", "icd10"),
        " NIHSS ",
        (str(r.randint(2, 24)), "~", "nihss"),
        "\n",
    )
    w.add("FLT LEVEL ")
    w.seq(
        (f"FL{r.randint(200, 410)}", "~", "flight level"),
        " CABIN ALT ",
        (f"{r.randint(4000, 8000)} FT", "~", "cabin alt"),
        "\n",
    )
    w.seq(
        "VENTILATOR ",
        (r.choice(["HAMILTON-T1", "OXYLOG 3000"]), "~", "model"),
        " SN ",
        (f"{_up(r, 2)}{_d(r, 6)}", "serial", "vent SN"),
        "\n",
    )
    w.seq("VRACH ", (f"{doc.given[0]}. {doc.family.upper()}", "name", "telex doctor"), "\nNNNN\n")
    return {"first_name": p.given, "last_name": p.family, "birth_date": p.dob.isoformat()}


def _cn_push(w: _W, r: random.Random) -> dict[str, object]:
    """Telemedicine app push-notification log (JSON lines), Chinese patient abroad."""
    today = _ref(r)
    p = _person(r, "cn", today)
    nid = _cn_id(r, p.dob)
    dev = _hex(r, 16)
    for i in range(r.randint(3, 5)):
        ts = f"{today.isoformat()}T0{r.randint(0, 9)}:{r.randint(10, 59)}:{r.randint(10, 59)}Z"
        w.seq(
            '{"ts":"',
            (ts, "date", "push ts"),
            '","device":"',
            (dev, "serial", "push device id"),
            '","ip":"',
        )
        w.seq(((_ipv4(r) if r.random() < 0.6 else _ipv6(r)), "ip", "push ip"), '","title":"')
        if i == 0:
            w.seq("您好 ", (p.full, "name", "push greeting"), '","body":"视频问诊已预约 ')
            _date(w, today + timedelta(days=2), ["cn", "pinyin"])
            w.add('"}\n')
        elif i == 1:
            w.seq('Upload ID","body":"身份证 ', (nid, "natid", "cn resident id"), " received; age ")
            _age(w, p.age, str(p.age), "push age")
            w.add('"}\n')
        elif i == 2:
            w.seq(
                'Report ready","url":"',
                (
                    f"https://tele.example-health.cn/r/{_hex(r, 12)}?pid={_d(r, 8)}",
                    "url",
                    "push report url",
                ),
                '"}\n',
            )
        else:
            w.seq('Vitals","body":"HR ', (str(r.randint(50, 120)), "~", "hr"), " glucose ")
            w.seq(
                (f"{r.randint(40, 180) / 10:.1f} mmol/L", "~", "glucose"),
                " steps ",
                (str(r.randint(200, 12000)), "~", "steps"),
                '"}\n',
            )
    w.seq(
        '{"ts":"',
        (f"{today.isoformat()}T12:00:00Z", "date", "push ts"),
        '","event":"callback","phone":"',
    )
    w.seq(
        (_phone(r, "cn"), "phone", "cn phone"),
        '","app_version":"',
        (f"{r.randint(2, 6)}.{r.randint(0, 19)}.{r.randint(0, 9)}", "~", "version"),
        '"}\n',
    )
    return (
        {"first_name": p.given, "last_name": p.family, "birth_date": p.dob.isoformat()}
        if r.random() < 0.85
        else {}
    )


def _ke_card_referral(w: _W, r: random.Random) -> dict[str, object]:
    """Scanned business card (OCR) followed by a flying-doctor referral, Kenya."""
    today = _ref(r)
    p = _person(r, "ke", today)
    doc = _clin(r, "ke")
    w.add("--- scanned card ---\n")
    w.seq("Dr. ", (doc.full, "name", "card name"), ", MBChB\n")
    w.seq("Flight Physician | KMPDC Reg. ", (f"A{_nz(r, 4)}", "license", "KMPDC"), "\n")
    w.seq(
        "M: ",
        (_phone(r, "ke"), "phone", "card mobile"),
        "  F: ",
        (f"+254 20 {_d(r, 7)}", "fax", "card fax"),
        "\n",
    )
    w.seq("E: ", (_email(r, doc), "email", "card email"), "\n--- end card ---\n\n")
    w.add("REFERRAL FOR AEROMEDICAL EVACUATION\n")
    w.seq("Patient: ", (p.full, "name", "Patient: First Last"), ", ")
    _age(w, p.age, f"{p.age}", "N yrs")
    w.add(" yrs, ")
    w.add("F" if p.female else "M")
    w.seq(
        "\nID No. ",
        (_nz(r, 8), "natid", "ke ID"),
        "   SHA/NHIF ",
        (f"{_nz(r, 8)}", "plan", "NHIF"),
        "\n",
    )
    w.seq(
        "Of ",
        (f"P.O. Box {r.randint(100, 99999)}", "address", "ke PO box"),
        "-",
        (r.choice(["00100", "20100", "40100"]), "zip", "ke postal code"),
    )
    w.seq(" ", (r.choice(["Nairobi", "Nakuru", "Kisumu"]), "address", "city"), "\n")
    w.seq(
        "Brought by relative in vehicle ",
        (f"K{_up(r, 2)} {_nz(r, 3)}{_up(r, 1)}", "plate", "ke plate"),
        ".\n",
    )
    w.add("Seen at clinic ")
    _date(w, today, ["dmY", "dMonY"])
    w.add(": ")
    _vitals(w)
    w.add(". Malaria RDT neg; ")
    _lab(w)
    w.seq(".\nIP No. ", (f"{_d(r, 6)}/{today.year % 100}", "mrn", "ke IP no"), "; x-ray ref ")
    w.seq((f"XR{_d(r, 7)}", "accession", "xray ref"), "\n")
    return {"first_name": p.given, "last_name": p.family, "birth_date": p.dob.isoformat()}


def _eg_inflight(w: _W, r: random.Random) -> dict[str, object]:
    """Airline in-flight medical event report (ground consultation), Egyptian passenger."""
    today = _ref(r)
    p = _person(r, "eg", today)
    ground = _clin(r, "us")
    w.add("IN-FLIGHT MEDICAL EVENT — GROUND CONSULT LOG\n")
    w.seq(
        "Flight ",
        (_flight(r), "~", "flight"),
        " ",
        (f"{r.choice(['CAI', 'HRG', 'SSH'])}-{r.choice(['JFK', 'LHR', 'FRA'])}", "~", "route"),
    )
    w.seq("  Seat ", (f"{r.randint(1, 60)}{r.choice('ABCDEFGHK')}", "~", "seat"), "\n")
    w.seq("Booking ref ", (_up(r, 6), "account", "PNR"), "\n")
    w.add("Pax: ")
    w.seq(
        (p.family.upper(), "name", "pax FAMILY/GIVEN"),
        "/",
        (p.given.upper(), "name", "pax FAMILY/GIVEN"),
        " ",
    )
    w.add(r.choice(["MRS", "MS"]) if p.female else "MR")
    w.add("\nDOB ")
    _date(w, p.dob, ["DDMONYY", "dMonY", "dmY"])
    w.add(", reported age ")
    _age(w, p.age, str(p.age), "reported age N")
    w.add("\n")
    w.seq(
        "National ID ",
        (_eg_id(r, p.dob), "natid", "eg national id"),
        "; mobile ",
        (_phone(r, "eg"), "phone", "eg phone"),
        "\n",
    )
    w.add("Event at ")
    w.seq((f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}Z", "~", "zulu time"), ", ")
    w.seq((f"{r.randint(1, 7)}h{r.randint(0, 59):02d}", "~", "flight time"), " into flight. ")
    _vitals(w)
    w.add(". Glucose ")
    w.seq(
        (f"{r.randint(40, 300)} mg/dL", "~", "glucose"),
        "; AED ",
        (f"HeartStart FRx lot {_up(r, 2)}{_d(r, 4)}", "~", "lot"),
        " not used.\n",
    )
    w.seq(
        "Ground physician: ",
        (f"{ground.given} {ground.family}", "name", "ground physician"),
        ", MD (NPI ",
    )
    w.seq((_nz(r, 10), "license", "NPI"), ")\n")
    w.add("Outcome: diverted? ")
    w.add(r.choice(["no", "yes"]) + "\n")
    return (
        {"first_name": p.given, "last_name": p.family, "birth_date": p.dob.isoformat()}
        if r.random() < 0.9
        else {}
    )


def _es_voicemail(w: _W, r: random.Random) -> dict[str, object]:
    """Voicemail-to-text from a Spanish daughter to an air-ambulance desk (spoken numbers)."""
    today = _ref(r)
    p = _person(r, "es", today, old=0.6)
    caller = _person(r, "es", today, old=0.0)
    while not caller.female:
        caller = _person(r, "es", today, old=0.0)
    ph = f"6{_d(r, 8)}"
    w.add("Voicemail transcript (auto, confidence 0.")
    w.keep(str(r.randint(61, 97)), "confidence")
    w.add(")\n")
    w.seq("hola buenos días soy ", (caller.given.lower(), "name", "vm lower given"), " la hija de ")
    w.seq((p.full, "name", "vm full"), " que tiene ")
    if p.age > 89 and r.random() < 0.5:
        w.phi(_es_words(p.age), "age", "vm es words")
    else:
        _age(w, p.age, str(p.age), "vm tiene N")
    w.add(" años, nació el ")
    _date(w, p.dob, ["es", "dmY"])
    w.add(" y se cayó en el hotel, el DNI es ")
    w.phi(_dni(r), "natid", "vm DNI")
    w.add(" y la tarjeta sanitaria ")
    w.phi(f"{_up(r, 4)}{_d(r, 10)}", "plan", "vm tarjeta sanitaria")
    w.add(", me puede llamar al ")
    w.phi(
        _spoken(ph) if r.random() < 0.5 else f"{ph[:3]} {ph[3:5]} {ph[5:7]} {ph[7:]}",
        "phone",
        "vm es phone",
    )
    w.add(" o al fijo ")
    w.phi(_phone(r, "es"), "phone", "vm es fixed")
    w.add(", vivimos en ")
    w.phi(
        f"calle {r.choice(['Mayor', 'del Carmen', 'Alcalá'])} {r.randint(1, 200)}, "
        f"{r.randint(1, 9)}º {r.choice('ABCD')}",
        "address",
        "es street",
    )
    w.add(", ")
    w.phi(f"{r.randint(1, 52):02d}{_d(r, 3)}", "zip", "es CP")
    w.add(" ")
    w.phi(r.choice(["Madrid", "Valladolid", "Zaragoza"]), "address", "city")
    w.add(", el coche es el ")
    w.phi(f"{_d(r, 4)} {_up(r, 3, 'BCDFGHJKLMNPRSTVWXYZ')}", "plate", "es plate")
    w.add(". tomaba sintrom ")
    w.keep(f"{r.choice([1, 2, 4])} mg", "dose")
    w.add(" y el INR salió ")
    w.keep(f"{r.randint(15, 45) / 10:.1f}", "inr")
    w.add(", gracias\n[duration ")
    w.keep(f"0:{r.randint(20, 59)}", "duration")
    w.add("]\n")
    return {
        "first_name": p.given,
        "last_name": p.family,
        "phone": ph,
        "birth_date": p.dob.isoformat(),
    }


def _au_whiteboard(w: _W, r: random.Random) -> dict[str, object]:
    """Retrieval base handover whiteboard, transcribed (several patients, no context)."""
    today = _ref(r)
    w.add("BASE WHITEBOARD — ")
    w.keep(r.choice(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]), "weekday")
    w.add(" — day shift\nJOB | PT | AGE | UR | FROM | ISSUE | PLAN\n")
    for _ in range(r.randint(3, 5)):
        p = _person(r, "au", today)
        w.seq((f"J{_d(r, 4)}", "~", "job no"), " | ", (p.family.upper(), "name", "wb SURNAME"), " ")
        w.seq((p.given[0], "name", "wb initial"), " | ")
        _age(w, p.age, f"{p.age}", "wb age")
        w.add(r.choice(["F", "M"]) + " | ")
        w.seq(
            (f"{_nz(r, 7)}", "mrn", "wb UR"),
            " | ",
            (r.choice(["Longreach", "Broome", "Coober Pedy", "Mt Isa"]), "~", "town"),
        )
        w.add(" | ")
        w.add(r.choice(["NSTEMI", "#NOF", "sepsis", "snakebite"]) + " lact ")
        w.keep(f"{r.randint(10, 80) / 10:.1f}", "lactate")
        w.add(" | ")
        w.add(r.choice(["PC-12 0600", "B200 ETA 1430", "road to base"]) + "\n")
    w.seq("Call-back: ", (_phone(r, "au"), "phone", "au phone"), "  rego of base car ")
    w.seq((f"{_nz(r, 3)}{_up(r, 3)}", "plate", "au rego"), "\n")
    w.seq(
        "Medicare (pt in bay 2): ",
        (f"{_nz(r, 4)} {_d(r, 5)} {_d(r, 1)}", "plan", "au medicare"),
        "/",
    )
    w.keep(str(r.randint(1, 5)), "irn")
    w.add("\n")
    return {}


def _spreadsheet(w: _W, r: random.Random) -> dict[str, object]:
    """Examiner clinic schedule pasted from a spreadsheet (tab-separated, several pilots)."""
    today = _ref(r)
    w.add("Time\tName\tDOB\tCert#\tPhone\tNotes\n")
    for _ in range(r.randint(3, 6)):
        p = _person(r, "us", today, old=0.1)
        w.keep(f"{r.randint(8, 16)}:{r.choice(['00', '30', '15'])}", "time")
        w.seq("\t", (f"{p.given} {p.family}", "name", "sheet name"), "\t")
        _date(w, p.dob, ["mdY", "mdy"])
        w.seq(
            "\t",
            (_nz(r, 7), "license", "sheet cert"),
            "\t",
            (_phone(r, "us"), "phone", "sheet phone"),
            "\t",
        )
        w.add(r.choice(["SI letter due", "CACI - HTN", "needs ECG", "BasicMed q"]) + "; BMI ")
        w.keep(f"{r.randint(19, 38)}.{r.randint(0, 9)}", "bmi")
        w.add("\n")
    w.seq(
        "# shared via ", (f"https://sheets.example.org/d/{_hex(r, 20)}", "url", "sheet url"), "\n"
    )
    return {}


def _in_discharge(w: _W, r: random.Random) -> dict[str, object]:
    """Fit-to-fly certificate from an Indian hospital for an international patient."""
    today = _ref(r)
    trad = r.choice(["eg", "ke", "ng"])
    p = _person(r, trad, today)
    doc = _clin(r, "in")
    uhid = f"{r.choice(['MH', 'AP', 'KA'])}{_d(r, 8)}"
    w.add("FIT TO FLY CERTIFICATE\n")
    w.seq("This is to certify that Mr./Ms. ", (p.full, "name", "certify that"), ", aged ")
    _age(w, p.age, str(p.age), "aged N")
    w.add(" years, UHID ")
    w.seq(
        (uhid, "mrn", "UHID"),
        ", passport ",
        (f"{r.choice('ABP')}{_d(r, 8)}", "natid", "passport"),
        ",\n",
    )
    w.add("was admitted on ")
    a = today - timedelta(days=r.randint(5, 30))
    _date(w, a, ["dot", "dmY-", "dMonY"])
    w.add(" and discharged on ")
    _date(w, today, ["dot", "dmY-", "dMonY"])
    w.add(" after CABG x")
    w.keep(str(r.randint(2, 4)), "graft count")
    w.add(". Hb ")
    w.keep(f"{r.randint(90, 140) / 10:.1f} g/dL", "hb")
    w.add(", SpO2 ")
    w.keep(f"{r.randint(93, 99)}% RA", "spo2")
    w.add(". Fit for commercial flight with O2 ")
    w.keep(f"{r.randint(1, 4)} L/min", "o2 flow")
    w.add(".\nInvoice no. ")
    w.seq(
        (f"INV/{today.year}/{_d(r, 6)}", "account", "invoice"),
        "  Insurer claim ",
        (f"CLM{_d(r, 9)}", "account", "claim"),
        "\n",
    )
    w.seq(
        "Portal: ",
        (f"https://intl.example-hospital.in/patients/{uhid}/docs", "url", "portal url"),
        "\n",
    )
    w.seq("Dr. ", (doc.full, "name", "Dr. First Last"), ", DM (Cardiology), Reg. No. ")
    w.seq((f"{r.choice(['DMC', 'KMC', 'TNMC'])}/{_nz(r, 5)}", "license", "in reg no"), "\n")
    w.seq(
        "Accession (echo): ",
        (f"EC{today.year % 100}{_d(r, 6)}", "accession", "echo accession"),
        "\n",
    )
    return {
        "first_name": p.given,
        "last_name": p.family,
        "mrn": uhid,
        "birth_date": p.dob.isoformat(),
    }


def _mx_webform(w: _W, r: random.Random) -> dict[str, object]:
    """Cross-border treatment enquiry, web form POST dump (US patient, Mexican clinic)."""
    today = _ref(r)
    p = _person(r, "us", today, old=0.25)
    ip = _ipv4(r)
    w.seq("POST /api/v2/leads HTTP/1.1 from ", (ip, "ip", "form remote ip"), "\n")
    w.add("Referer: ")
    w.seq(
        (f"https://clinica.example.mx/cotizar?ref={_hex(r, 6)}&em={_hex(r, 8)}", "url", "referer")
    )
    w.add("\nUser-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS ")
    w.keep(f"{r.randint(14, 17)}_{r.randint(0, 6)}", "ua version")
    w.add(")\n\n")
    w.seq("nombre_completo=", (f"{p.given}+{p.family}", "name", "form plus-joined"), "&")
    w.add("fecha_nac=")
    _date(w, p.dob, ["mdY", "iso"])
    w.add("&edad=")
    _age(w, p.age, str(p.age), "form edad")
    w.seq("&email=", (_email(r, p).replace("@", "%40"), "email", "form urlencoded email"), "&")
    w.seq("whatsapp=", (_phone(r, "us").replace(" ", "+"), "phone", "form whatsapp"), "&")
    w.seq("drivers_license=", (f"{_up(r, 1)}{_d(r, 7)}", "license", "form DL"), "&")
    w.add("procedimiento=manga+gastrica&peso_kg=")
    w.keep(str(r.randint(95, 180)), "weight")
    w.add("&imc=")
    w.keep(f"{r.randint(35, 55)}.{r.randint(0, 9)}", "bmi")
    w.add("&A1c=")
    w.keep(f"{r.randint(55, 110) / 10:.1f}", "a1c")
    w.seq("&seguro=", (f"{_up(r, 3)}{_d(r, 9)}", "plan", "form insurer id"), "\n\n")
    w.add("--- coordinator reply ---\nHola ")
    w.seq(
        (p.given, "name", "reply given"),
        ", su cotización ",
        (f"COT-{_d(r, 5)}", "account", "quote"),
    )
    w.add(" incluye traslado desde el cruce; hotel en ")
    w.seq((f"Blvd. Agua Caliente {r.randint(1000, 11000)}", "address", "mx street"), ", Col. ")
    w.seq((r.choice(["Hipódromo", "Chapultepec", "Zona Río"]), "address", "colonia"), ", C.P. ")
    w.seq((f"22{_d(r, 3)}", "zip", "mx CP"), ", ", ("Tijuana", "address", "city"), ", B.C.\n")
    w.seq(
        "Vehículo de traslado placas ", (f"{_up(r, 3)}-{_d(r, 3)}-{_up(r, 1)}", "plate", "mx plate")
    )
    w.add("\n")
    return {"first_name": p.given, "last_name": p.family, "birth_date": p.dob.isoformat()}


def _si_letter(w: _W, r: random.Random) -> dict[str, object]:
    """Special-issuance authorisation letter (US), validity range and prose age."""
    today = _ref(r)
    p = _person(r, "us", today, old=0.5)
    nurse = _clin(r, "us")
    w.add("Dear ")
    w.seq(("Mr." if not p.female else "Ms.") + " ", (p.family, "name", "Dear Mr. Family"), ":\n\n")
    w.add("We have reviewed the records submitted for your ")
    w.add(r.choice(["third", "second"]) + "-class medical application (PI ")
    w.seq((f"{_nz(r, 6)}", "account", "PI number"), "). As a ")
    if p.age > 89:
        w.phi(_words(p.age), "age", "As a N-year-old words")
    else:
        w.keep(_words(p.age), "age<=89 words")
    w.add("-year-old airman with coronary disease you are granted an Authorization valid ")
    end = today + timedelta(days=r.randint(300, 400))
    rng = f"{_fmt(today, 'long')} through {_fmt(end, 'long')}"
    w.phi(rng, "date", "validity range")
    w.add(". Submit a stress test (Bruce protocol, ")
    w.keep(f"{r.randint(6, 12)} METs", "mets")
    w.add(") and LDL ")
    w.keep(f"{r.randint(50, 160)} mg/dL", "ldl")
    w.add(" within ")
    w.keep(str(r.choice([60, 90])), "days")
    w.add(" days of ")
    _date(w, end - timedelta(days=30), ["long", "mdY"])
    w.add(".\n\nQuestions: ")
    w.seq((nurse.full, "name", "letter contact"), ", ", (_phone(r, "us"), "phone", "letter phone"))
    w.seq(", fax ", (_phone(r, "us"), "fax", "letter fax"), ".\nApplicant ID ")
    w.seq((f"{_up(r, 1)}{_d(r, 7)}", "account", "applicant id"), "\n")
    return {"first_name": p.given, "last_name": p.family, "birth_date": p.dob.isoformat()}


_DOCS: tuple[tuple[str, Callable[[_W, random.Random], dict[str, object]]], ...] = (
    ("aeromed_us", _aeromed_us),
    ("repat_pipe", _repat_pipe),
    ("tourism_chat", _tourism_chat),
    ("gr_bilingual", _gr_bilingual),
    ("ru_telex", _ru_telex),
    ("cn_push", _cn_push),
    ("ke_card_referral", _ke_card_referral),
    ("eg_inflight", _eg_inflight),
    ("es_voicemail", _es_voicemail),
    ("au_whiteboard", _au_whiteboard),
    ("spreadsheet", _spreadsheet),
    ("in_fit_to_fly", _in_discharge),
    ("mx_webform", _mx_webform),
    ("si_letter", _si_letter),
)


def generate(n: int, seed: int = DEFAULT_SEED) -> list[TaggedNote]:
    """``n`` labelled notes in this style, each with its subject's context (or none)."""
    r = random.Random(seed)
    notes = []
    for i in range(n):
        doc, write = _DOCS[i % len(_DOCS)]
        w = _W(r)
        ctx = write(w, r)
        note = TaggedNote(w.text(), ctx, w.spans)
        note.forms, note.values, note.keeps, note.doc = w.forms, w.values, w.keeps, doc
        notes.append(note)
    return notes


# --------------------------------------------------------------------------- checks

_PLANTED = {"name", "mrn", "ssn", "natid", "plan", "phone", "fax", "email", "license"}
_PLANTED |= {"plate", "serial", "ip", "url", "accession", "account"}
_NUM_WORDS = {_words(a): a for a in range(20, 105)} | {_es_words(a): a for a in range(50, 105)}


def _age_value(s: str) -> int | None:
    digits = re.match(r"\d+", s)
    if digits:
        return int(digits.group())
    return _NUM_WORDS.get(s.lower())


def _self_check() -> list[str]:
    problems = []
    d = date(2021, 3, 9)
    if _fmt(d, "es") != "9 de marzo de 2021" or _fmt(d, "ru") != "9 marta 2021 g.":
        problems.append("date formatting is off")
    if _words(93) != "ninety-three" or _es_words(93) != "noventa y tres":
        problems.append("number words are off")
    if _luhn_digit("7992739871") != "3":
        problems.append("Luhn check digit is off")
    if _cn_id(random.Random(0), date(1949, 12, 31))[6:14] != "19491231":
        problems.append("resident id is off")
    if _dni(random.Random(1))[-1] not in "TRWAGMYFPDXBNJZSQVHLCKE":
        problems.append("DNI letter is off")
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
        title="held-out style 15",
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
