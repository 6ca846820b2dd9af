"""A third held-out style, written by an outside auditor before reading the recognizers and
committed before it was ever run: transcribed dictation, second-person discharge instructions,
abbreviated SOAP notes, HL7 v2 messages, JSON device exports and nursing flow-sheet lines, about
patients with Spanish, Vietnamese, Nigerian, Arabic and particle names, unit numbers and PO
boxes, international phone numbers, and dates such as ``12th of Jan '21``, ``Jan. 12``, ``1/12``,
``2021-01-12T08:30Z`` and ``20210112``.

Unlike the two earlier held-out styles each note carries the patient's row (``context``) as the
notes step would get it; a quarter of the notes have none. Span labels are the same fine kinds
as ``notes_heldout.py`` plus ``serial`` (device identifiers); ages under 90, states, countries,
times and bare years are never labelled. The report runs the scrubber with and without context.

    python benchmarks/notes_heldout_dictation.py                 # 150 notes, seed 1313
    python benchmarks/notes_heldout_dictation.py --n 40 --seed 7 --show-misses
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_scoring import NoteScore, aggregate, score_note  # noqa: E402

DEFAULT_SEED = 1313
KINDS = (
    "ssn",
    "plate",
    "age",
    "ip",
    "date",
    "name",
    "phone",
    "email",
    "mrn",
    "url",
    "address",
    "serial",
)

# (given names, family names, family-first?) per naming tradition; diacritics are kept on some.
_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...] = (
    (
        ("María José", "José Luis", "Guadalupe", "Xiomara", "Jesús", "Rocío", "Maria Elena"),
        ("García-López", "de la Cruz", "Ortiz Vega", "Ibáñez", "Muñoz", "Villanueva", "del Río"),
        False,
    ),
    (
        ("Thi Hoa", "Van Minh", "Thu Trang", "Duc Anh", "Ngoc Lan", "Quang Huy"),
        ("Nguyễn", "Tran", "Pham", "Huỳnh", "Le", "Vo", "Dang"),
        True,
    ),
    (
        ("Chukwuemeka", "Oluwaseun", "Ngozi", "Adebayo", "Chidinma", "Babatunde", "Funmilayo"),
        ("Adeyemi", "Okonkwo", "Eze", "Olawale-Bello", "Nwachukwu", "Ogunleye", "Adesanya"),
        False,
    ),
    (
        ("Abdul-Rahman", "Mohammed", "Fatima", "Layla", "Yousef", "Nour", "Khadija"),
        ("Al-Farsi", "El-Sayed", "Haddad", "Abdelrahman", "Al Qahtani", "bin Saleh", "Mansour"),
        False,
    ),
    (
        ("Pieter", "Siobhan", "Aurelio", "Margit", "Declan", "Ingrid", "Thierry"),
        ("van der Berg", "O'Neill", "MacAulay", "D'Angelo", "De Souza", "Du Plessis", "St. Clair"),
        False,
    ),
)
_CITIES = ("Chelsea", "Revere", "Brockton", "Lynn", "Lawrence", "Chicopee", "Methuen", "Everett")
_STREETS = (
    "Calle del Sol",
    "Broadway",
    "Shirley Ave",
    "Blue Hill Avenue",
    "Essex St",
    "Nguyen Hue Way",
    "Eastern Ave",
    "Washington Street",
)
_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_UNITS = (
    "ninety",
    "ninety-one",
    "ninety two",
    "ninety three",
    "ninety-four",
    "ninety five",
    "ninety-six",
    "ninety seven",
    "ninety-eight",
    "ninety nine",
    "one hundred",
    "one hundred and one",
    "a hundred and two",
)


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _num(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _nth(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


@dataclass
class LabelledNote:
    text: str
    context: dict[str, object]
    spans: list[tuple[int, int, str]] = field(default_factory=list)


class _B:
    """Appends text and records PHI spans at their exact offsets."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[tuple[int, int, str]] = []

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def phi(self, s: str, kind: str) -> None:
        self.spans.append((self.n, self.n + len(s), kind))
        self.add(s)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _Person:
    given: str
    family: str
    family_first: bool

    def full(self) -> str:
        return f"{self.family} {self.given}" if self.family_first else f"{self.given} {self.family}"


def _person(r: random.Random) -> _Person:
    given, family, ff = r.choice(_NAMES)
    return _Person(r.choice(given), r.choice(family), ff)


@dataclass
class _Pt:
    who: _Person
    sex: str
    age: int
    day: date
    dob: date
    mrn: str
    ssn: tuple[str, str, str]
    street: str
    unit: str
    city: str
    zip: str
    po_box: str
    phone: str
    email: str
    rel: _Person
    rel_word: str
    doc: _Person
    nurse: _Person
    plate: tuple[str, str]
    ip: str
    url: str
    serial: str


def _phone(r: random.Random) -> str:
    a, b, c = f"{r.randint(201, 989)}", f"555-{_num(r, 4)}", _num(r, 4)
    return r.choice(
        [
            f"+44 20 7946 {_num(r, 4)}",
            f"+1 ({a}) {b}",
            f"011 52 55 {_num(r, 4)} {_num(r, 4)}",
            f"+234 803 {_num(r, 3)} {_num(r, 4)}",
            f"{a}.555.{c} ext. {_num(r, 3)}",
            f"+84 28 3823 {_num(r, 4)}",
            f"+971 4 555 {_num(r, 4)}",
            f"({a}) {b}",
            f"+1-{a}-555-{c}",
        ]
    )


def _new_plate(r: random.Random) -> tuple[str, str]:
    return r.choice(
        [
            ("MA", f"{r.randint(1, 9)}{_up(r, 2)} {_num(r, 3)}"),
            ("NY", f"{_up(r, 3)}-{_num(r, 4)}"),
            ("CA", f"{r.randint(1, 9)}{_up(r, 3)}{_num(r, 3)}"),
            ("RI", f"{_up(r, 2)}-{_num(r, 3)}"),
            ("NH", f"{_num(r, 3)} {_num(r, 4)}"),
            ("ON", f"{_up(r, 4)} {_num(r, 3)}"),
            ("TX", f"{_up(r, 2)}{r.randint(1, 9)}-{_up(r, 1)}{_num(r, 3)}"),
            ("CT", f"{r.randint(1, 9)}{_up(r, 2)}{r.randint(1, 9)}{_up(r, 2)}"),
        ]
    )


def _new_ip(r: random.Random) -> str:
    if r.random() < 0.3:
        return f"2001:db8:{r.randint(1, 0xFFFF):x}:{r.randint(1, 0xFFF):x}::{r.randint(1, 0xFF):x}"
    first = r.choice([10, 172, 192, 100, 64])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _slug(s: str) -> str:
    table = str.maketrans("áéíóúñễỳý", "aeiounely")
    return "".join(c for c in s.lower().translate(table) if c.isalnum())


def _patient(r: random.Random) -> _Pt:
    who = _person(r)
    age = r.choice([r.randint(90, 104)] * 3 + [r.randint(62, 89)])
    day = date(2020, 1, 1) + timedelta(days=r.randint(0, 900))
    dob = date(day.year - age, r.randint(1, 12), r.randint(1, 28))
    if (dob.month, dob.day) > (day.month, day.day):
        dob = dob.replace(year=dob.year - 1)
    mrn = r.choice(
        [
            f"{_up(r, 2)}-{_num(r, 8)}",
            f"E{_num(r, 7)}",
            f"{_num(r, 4)}-{_num(r, 4)}-{_up(r, 1)}",
            f"Z{_num(r, 6)}",
            f"{_up(r, 3)}{_num(r, 6)}",
        ]
    )
    ssn = (f"{r.randint(100, 665)}", f"{r.randint(10, 99)}", _num(r, 4))
    given = who.given.split()[0]
    email = r.choice(
        [
            f"{_slug(given)}.{_slug(who.family)}@gmail.com",
            f"{_slug(who.family)}_{given[0].lower()}@hotmail.co.uk",
            f"{_slug(given)}{r.randint(1, 99)}@yahoo.com.vn",
        ]
    )
    return _Pt(
        who=who,
        sex=r.choice("FM"),
        age=age,
        day=day,
        dob=dob,
        mrn=mrn,
        ssn=ssn,
        street=f"{r.randint(3, 9999)} {r.choice(_STREETS)}",
        unit=r.choice(["Apt 3B", "Unit 5", "#12", "Apt. 407", "Fl 2", "Suite 210"]),
        city=r.choice(_CITIES),
        zip=f"0{r.randint(1000, 2799)}",
        po_box=f"PO Box {r.randint(10, 9999)}",
        phone=_phone(r),
        email=email,
        rel=_person(r),
        rel_word=r.choice(["daughter", "son", "grandson", "niece", "wife", "husband"]),
        doc=_person(r),
        nurse=_person(r),
        plate=_new_plate(r),
        ip=_new_ip(r),
        url=f"https://{r.choice(['mychart', 'portal', 'care'])}.example-health.org/p/"
        f"{_slug(who.family)}{dob.year}",
        serial=f"{_up(r, 3)}{_num(r, 6)}{_up(r, 1)}",
    )


# --------------------------------------------------------------------------- PHI writers


def _date(b: _B, d: date, style: str | None = None) -> None:
    """A date in one of many hand-written or machine styles (the span covers it whole)."""
    r = b.r
    yy = f"{d.year % 100:02d}"
    styles = {
        "ord_of": f"{d.day}{_nth(d.day)} of {_MON[d.month - 1]} '{yy}",
        "mon_dot": f"{_MON[d.month - 1]}. {d.day}",
        "md": f"{d.month}/{d.day}",
        "iso_t": f"{d.isoformat()}|T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}Z",
        "dmy_mon": f"{d.day:02d}-{_MON[d.month - 1]}-{d.year}",
        "long": f"{_MONTHS[d.month - 1]} {d.day}{_nth(d.day)}",
        "long_y": f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
        "the_of": f"the |{d.day}{_nth(d.day)} of {_MONTHS[d.month - 1]}",
        "wd": f"{_DAYS[d.weekday()]} the |{d.day}{_nth(d.day)}",
        "mdy": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdyy": f"{d.month}/{d.day}/{yy}",
        "mon_yy": f"{_MON[d.month - 1]} '{yy}",
    }
    written = styles[style or r.choice(list(styles))]
    if "|T" in written:  # the time after an ISO date is not labelled
        value, _, after = written.partition("|")
        b.phi(value, "date")
        b.add(after)
        return
    lead, _, value = written.rpartition("|")
    b.add(lead)  # "the", a weekday: not part of the date
    b.phi(value, "date")


def _age(b: _B, p: _Pt, style: str) -> None:
    """An age: labelled only when over 89."""
    r = b.r
    phi = p.age > 89
    n = str(p.age)
    words = _UNITS[p.age - 90] if phi and p.age - 90 < len(_UNITS) else n
    sex_word = "woman" if p.sex == "F" else "man"
    forms = {
        "dictation": [
            ("Patient is a ", words, f" year old {sex_word} "),
            ("She is a " if p.sex == "F" else "He is a ", n, f"-year-old {sex_word} "),
            ("This ", words, f"-year-old {sex_word} "),
        ],
        "soap": [("", n, f"yo{p.sex} "), ("", n, f" y/o {p.sex} "), (f"{p.sex}, ", n, "y, ")],
        "you": [("At ", n, ", "), ("Because you are ", n, " years old, ")],
        "flow": [("Age ", n, " y "), ("age: ", n, " "), ("(", n, f" {p.sex}) ")],
    }[style]
    lead, value, tail = r.choice(forms)
    b.add(lead)
    if phi:
        b.phi(value, "age")
    else:
        b.add(value)
    b.add(tail)


def _ssn(b: _B, p: _Pt) -> None:
    r = b.r
    a, g, s = p.ssn
    lead, value = r.choice(
        [
            ("Her social is " if p.sex == "F" else "His social is ", f"{a} {g} {s}"),
            ("SSN ", f"{a}-{g}-{s}"),
            ("SS# ", f"{a}{g}{s}"),
            ("social security no. ", f"{a}.{g}.{s}"),
            ("Soc. Sec. ", f"{a}-{g}-{s}"),
        ]
    )
    b.add(lead)
    b.phi(value, "ssn")


def _address(b: _B, p: _Pt) -> None:
    r = b.r
    if r.random() < 0.3:
        b.phi(p.po_box, "address")
    elif r.random() < 0.5:
        b.phi(f"{p.street}, {p.unit}", "address")
    else:
        b.phi(f"{p.unit}, {p.street}", "address")
    b.add(", ")
    b.phi(p.city, "address")
    b.add(", MA ")
    b.phi(p.zip, "address")


def _plate(b: _B, p: _Pt) -> None:
    state, value = p.plate
    lead, tail = b.r.choice(
        [
            (f"{state} plate ", ""),
            ("tag: ", f" ({state})"),
            ("lic# ", f" {state}"),
            (f"license plate {state} ", ""),
            ("vehicle reg. ", ""),
        ]
    )
    b.add(lead)
    b.phi(value, "plate")
    b.add(tail)


# --------------------------------------------------------------------------- note styles


def _dictation(b: _B, p: _Pt) -> None:
    r = b.r
    b.add("DICTATED BY: ")
    b.phi(p.doc.full(), "name")
    b.add(", MD\nDATE DICTATED: ")
    _date(b, p.day, "mdy")
    b.add("   DATE TRANSCRIBED: ")
    _date(b, p.day + timedelta(days=1), "mdy")
    b.add(f"\nJOB #: {_num(r, 6)}\n\nThis is Doctor ")
    b.phi(p.doc.family, "name")
    b.add(" dictating a clinic note on ")
    b.phi(p.who.full(), "name")
    b.add(", medical record number ")
    b.phi(p.mrn, "mrn")
    b.add(", date of birth ")
    _date(b, p.dob, r.choice(["long_y", "mdy", "dmy_mon"]))
    b.add(". ")
    _age(b, p, "dictation")
    b.add("seen today, ")
    _date(b, p.day, r.choice(["the_of", "long", "ord_of"]))
    b.add(", for follow up of atrial fibrillation and falls. ")
    b.add(f"{'She' if p.sex == 'F' else 'He'} is accompanied by {p.rel_word} ")
    b.phi(p.rel.full(), "name")
    b.add(", who can be reached at ")
    b.phi(p.phone, "phone")
    b.add(". Last seen ")
    _date(b, p.day - timedelta(days=r.randint(30, 120)), r.choice(["mon_dot", "md", "mon_yy"]))
    b.add(" by Dr. ")
    b.phi(p.nurse.family, "name")
    b.add(" in cardiology. INR 2.4, creatinine 1.3, potassium 4.1. Blood pressure 142/78.\n\n")
    _ssn(b, p)
    b.add(" per registration, for the MassHealth application. ")
    b.add(f"{'She' if p.sex == 'F' else 'He'} now lives at ")
    _address(b, p)
    b.add(" with family.\n\nPLAN: Continue apixaban 2.5 mg b.i.d. Return in 6 weeks, ")
    _date(b, p.day + timedelta(days=42), r.choice(["wd", "long", "md"]))
    b.add(". End of dictation.\n\ncc: Dr. ")
    b.phi(p.nurse.full(), "name")
    b.add("\n")


def _instructions(b: _B, p: _Pt) -> None:
    r = b.r
    b.add("DISCHARGE INSTRUCTIONS\nPatient: ")
    b.phi(p.who.full(), "name")
    b.add("   MRN: ")
    b.phi(p.mrn, "mrn")
    b.add("\n\nYou were in the hospital from ")
    _date(b, p.day - timedelta(days=r.randint(2, 6)), r.choice(["mon_dot", "md", "long"]))
    b.add(" to ")
    _date(b, p.day, r.choice(["ord_of", "mdyy", "long_y"]))
    b.add(" for pneumonia. Your doctor in the hospital was Dr. ")
    b.phi(p.doc.full(), "name")
    b.add(".\n")
    _age(b, p, "you")
    b.add("you are at higher risk of falling. Please use your walker at all times.\n")
    b.add("Your next appointment is ")
    _date(b, p.day + timedelta(days=r.randint(5, 14)), r.choice(["wd", "md", "mon_dot"]))
    b.add(" at 10:30 AM with ")
    b.phi(p.nurse.full(), "name")
    b.add(", NP. If you cannot come, call ")
    b.phi(p.phone, "phone")
    b.add(".\nYou can see your results at ")
    b.phi(p.url, "url")
    b.add(" (user name ")
    b.phi(p.email, "email")
    b.add(").\nYour ")
    b.add(p.rel_word)
    b.add(", ")
    b.phi(p.rel.given.split()[0], "name")
    b.add(", will pick up your medicines. Your car (")
    _plate(b, p)
    b.add(") is in the visitor garage, level 2.\nBills will be mailed to ")
    _address(b, p)
    b.add(".\nTake amoxicillin 500 mg three times a day for 5 days. Weigh yourself daily.\n")


def _soap(b: _B, p: _Pt) -> None:
    r = b.r
    b.add("S: ")
    _age(b, p, "soap")
    b.add("c/o SOB x3d, worse w/ exertion. dtr ")
    b.phi(p.rel.given.split()[0], "name")
    b.add(" @ bs, reports 2 falls since ")
    _date(b, p.day - timedelta(days=r.randint(5, 40)), r.choice(["md", "mon_dot", "ord_of"]))
    b.add(".\nO: T 37.8 HR 102 BP 108/64 RR 22 SpO2 91% RA. bibasilar crackles, 2+ LE edema.\n")
    b.add("   BNP 1840, Cr 1.6 (baseline 1.1), Na 131.\nA/P: ADHF exac. lasix 40 IV BID, ")
    b.add("strict I/O, daily wts. TTE. f/u Dr ")
    b.phi(p.doc.family, "name")
    b.add(" ")
    _date(b, p.day + timedelta(days=r.randint(7, 30)), r.choice(["md", "mdyy", "mon_dot"]))
    b.add(".\nPCP: ")
    b.phi(p.nurse.full(), "name")
    b.add(", ph ")
    b.phi(p.phone, "phone")
    b.add(". Pt DOB ")
    _date(b, p.dob, r.choice(["mdyy", "mdy", "dmy_mon"]))
    b.add(", MRN# ")
    b.phi(p.mrn, "mrn")
    b.add(".\n")
    if r.random() < 0.5:
        b.add("SW: ")
        _ssn(b, p)
        b.add(" for MassHealth; addr ")
        _address(b, p)
        b.add(".\n")
    b.add("-- ")
    b.phi(p.doc.full(), "name")
    b.add(", MD ")
    _date(b, p.day, "iso_t")
    b.add("\n")


def _hl7(b: _B, p: _Pt) -> None:
    r = b.r
    d = p.day
    stamp = f"{d.year}{d.month:02d}{d.day:02d}"
    b.add("MSH|^~\\&|EPIC|NSMC|||")
    b.phi(stamp, "date")
    b.add(f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}00||ADT^A01|MSG{_num(r, 6)}|P|2.5\n")
    b.add("PID|1||")
    b.phi(p.mrn, "mrn")
    b.add("^^^NSMC^MR||")
    b.phi(p.who.family.upper(), "name")
    b.add("^")
    b.phi(p.who.given.upper(), "name")
    b.add("||")
    b.phi(f"{p.dob.year}{p.dob.month:02d}{p.dob.day:02d}", "date")
    b.add(f"|{p.sex}|||")
    b.phi(p.street, "address")
    b.add("^")
    b.phi(p.unit, "address")
    b.add("^")
    b.phi(p.city, "address")
    b.add("^MA^")
    b.phi(p.zip, "address")
    b.add("||")
    b.phi(p.phone, "phone")
    b.add("^PRN^PH~^NET^Internet^")
    b.phi(p.email, "email")
    b.add("||||||")
    b.phi("".join(p.ssn), "ssn")
    b.add("\nNK1|1|")
    b.phi(p.rel.family.upper(), "name")
    b.add("^")
    b.phi(p.rel.given.upper(), "name")
    b.add(f"|{p.rel_word.upper()[:3]}\nPV1|1|I|4W^412^B||||{_num(r, 5)}^")
    b.phi(p.doc.family.upper(), "name")
    b.add("^")
    b.phi(p.doc.given.upper(), "name")
    b.add("^^^DR|||MED||||7|||\n")
    b.add("OBX|1|NM|2160-0^Creatinine^LN||1.4|mg/dL|0.6-1.2|H|||F\n")


def _device(b: _B, p: _Pt) -> None:
    r = b.r
    b.add('{"export": "remote-monitor", "device": {"model": "CardioLink 3", "serial": "')
    b.phi(p.serial, "serial")
    b.add('"},\n "patient": {"name": "')
    b.phi(f"{p.who.family}, {p.who.given}", "name")
    b.add('", "mrn": "')
    b.phi(p.mrn, "mrn")
    b.add('", "dob": "')
    b.phi(p.dob.isoformat(), "date")
    b.add('", "age_years": ')
    if p.age > 89:
        b.phi(str(p.age), "age")
    else:
        b.add(str(p.age))
    b.add('},\n "uplinks": [\n')
    for _ in range(r.randint(2, 3)):
        b.add('   {"ts": "')
        _date(b, p.day - timedelta(days=r.randint(0, 3)), "iso_t")
        b.add('", "src": "')
        b.phi(p.ip, "ip")
        b.add(f'", "af_burden_pct": {r.randint(0, 40)}, "hr_mean": {r.randint(55, 110)}}},\n')
    b.add(' ],\n "clinic_contact": "')
    b.phi(p.nurse.full(), "name")
    b.add(" <")
    b.phi(p.email, "email")
    b.add('>",\n "note": "pt called from ')
    b.phi(p.phone, "phone")
    b.add(', fw 4.2.1 ok"}\n')


def _flowsheet(b: _B, p: _Pt) -> None:
    r = b.r
    b.add("FLOWSHEET  ")
    b.phi(p.who.full(), "name")
    b.add("  ")
    _age(b, p, "flow")
    b.add("MRN ")
    b.phi(p.mrn, "mrn")
    b.add("\n")
    for k in range(r.randint(3, 5)):
        d = p.day + timedelta(days=k // 2)
        _date(b, d, r.choice(["md", "mon_dot", "dmy_mon"]))
        b.add(f" {r.randint(0, 23):02d}{r.choice(['00', '15', '30', '45'])} | ")
        b.add(
            r.choice(
                [
                    f"VS T 36.{r.randint(0, 9)} HR {r.randint(60, 110)} BP 1{r.randint(0, 6)}8/70",
                    f"I/O {r.randint(200, 900)}/{r.randint(100, 800)}, foley draining clear",
                    "turned L side, skin intact, Braden 14",
                    f"pain 4/10, tylenol 650 mg PO, glucose {r.randint(80, 250)}",
                ]
            )
        )
        b.add(" | ")
        b.phi(f"{p.nurse.given.split()[0]} {p.nurse.family[0]}.", "name")
        b.add(", RN\n")
    b.add("family: ")
    b.add(p.rel_word)
    b.add(" ")
    b.phi(p.rel.full(), "name")
    b.add(" at bs, ph ")
    b.phi(p.phone, "phone")
    b.add(". ")
    if r.random() < 0.6:
        b.add("security called re car in ambulance bay, ")
        _plate(b, p)
        b.add(". ")
    b.add("pt asking for interpreter; vitals stable.\n")


def _context(r: random.Random, p: _Pt) -> dict[str, object]:
    """The patient's row as the notes step would get it (a quarter have none)."""
    if r.random() < 0.25:
        return {}
    ctx: dict[str, object] = {
        "first_name": p.who.given,
        "last_name": p.who.family,
        "mrn": p.mrn,
        "birth_date": p.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"ssn": "-".join(p.ssn), "phone": p.phone, "city": p.city, "zip": p.zip})
    return ctx


_STYLES = (_dictation, _instructions, _soap, _hl7, _device, _flowsheet)


def generate(n: int, seed: int = DEFAULT_SEED) -> list[LabelledNote]:
    """``n`` labelled notes in this style, each with its patient context."""
    r = random.Random(seed)
    notes = []
    for i in range(n):
        b = _B(r)
        p = _patient(r)
        _STYLES[i % len(_STYLES)](b, p)
        notes.append(LabelledNote(b.text(), _context(r, p), b.spans))
    return notes


def evaluate(
    notes: Sequence[LabelledNote],
    find: Callable[[str, dict[str, object] | None], list],
    *,
    use_context: bool = True,
) -> tuple[NoteScore, float]:
    """Aggregate score (labels are kinds) and seconds spent finding."""
    scores = []
    spent = 0.0
    for note in notes:
        t0 = time.perf_counter()
        found = find(note.text, note.context if use_context else None)
        spent += time.perf_counter() - t0
        scores.append(score_note(note.text, note.spans, found, keep_strings=True))
    return aggregate(scores), spent


def report(title: str, total: NoteScore, kinds: Sequence[str], show: bool) -> None:
    """Print the corpus score and the recall of every kind a style labels."""
    print(f"{title}: recall {total.recall:.3f}  precision {total.precision:.3f}  ", end="")
    print(f"PHI characters left {100 * total.chars_left_fraction:.2f}%")
    width = max(8, *map(len, kinds))
    for kind in kinds:
        rec = total.label_recall(kind)
        if rec is not None:
            print(f"  {kind:{width}s} recall {rec:.3f}  ({total.label_gold[kind]} tokens)")
    if show:
        print("  missed:", total.missed.most_common(60))
        print("  false positives:", total.false_positives.most_common(40))


def run(
    generate_notes: Callable[[int, int], Sequence[LabelledNote]],
    kinds: Sequence[str],
    style: str,
    *,
    description: str,
    default_n: int,
    default_seed: int,
    argv: Sequence[str] | None = None,
) -> int:
    """The command line every held-out style shares: generate, then score with and without
    the patient's row as context."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--n", type=int, default=default_n)
    ap.add_argument("--seed", type=int, default=default_seed)
    ap.add_argument("--show-misses", action="store_true", help="print missed tokens (synthetic)")
    args = ap.parse_args(argv)

    from medprivacy.deid.text.scrubber import NotesScrubber

    scrubber = NotesScrubber()
    scrubber.find("warm up: Dr. Smith saw the patient on 3/4/2021.")
    notes = generate_notes(args.n, args.seed)
    print(f"held-out style {style}: {args.n} notes, seed {args.seed}")
    for use in (True, False):
        total, spent = evaluate(notes, scrubber.find, use_context=use)
        title = "with context" if use else "no context"
        report(f"{title} ({args.n / spent:.1f} notes/s)", total, kinds, args.show_misses)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run(
        generate,
        KINDS,
        "3 (dictation/instructions/SOAP/HL7/JSON/flowsheet)",
        description=(__doc__ or "").splitlines()[0],
        default_n=150,
        default_seed=DEFAULT_SEED,
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
