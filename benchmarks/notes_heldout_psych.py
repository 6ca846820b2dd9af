"""A sixth held-out style, written blind (its author never read the recognizers, the scrubber's
tests or the README's account of them) and committed before its first run: the paperwork of a
geriatric psychiatry (old-age behavioural health) service. Psychiatric intake assessments with a
mental status exam, risk and legal-status sections (involuntary hold, firearm licence); nursing
SBAR shift handovers with tab- and pipe-separated observation tables; patient-portal message
threads whose replies quote the earlier messages (``> ``) under ``On Tue, Mar 9, 2021 at 4:12 PM
... wrote:`` lines, with a portal audit footer; referral letters in British English from an NHS
old-age psychiatry team (NHS numbers, postcodes, day-first dates, ``aged 93``); discharge
summaries in Indian English (``W/o``, ``UHID``, ``IP No.``, PIN codes, ``12.03.2021``); and
guardianship / Rogers-petition evaluations for the probate court (docket numbers, ECT logs).

None of the earlier generators writes these documents, and its PHI phrasings were made up for
it: SSNs as ``SS no. 123 45 6789``, ``social:123.45.6789``, ``ssn=123456789``, spaced dashes,
tabbed cells; plates with ``reg``, ``lic.``, vanity and out-of-state plates inside prose and
tables; IPv4 and IPv6 in portal audit lines and URLs; ages over 89 as ``93yo``, ``aged 93``,
``Pt is 93.``, ``AGE 95Y``, ``93/F``, ``F 93``, ``ninety-three-year-old``, ``her 100th
birthday``, ``93 yrs 4 mo``, a spouse's ``(96)``; dates day-first and month-first, with weekday
names, ordinal words (``the ninth of March``), ranges (``9–14 March 2021``), compact
(``09MAR2021``, ``20210309``), e-mail header dates and month/year. Names are often non-ASCII
(``Małgorzata Wiśniewska``, ``Đặng Thị Mai``), also ASCII-folded, lower case in portal messages,
``LAST, First`` in headers, nicknames, possessives, and some are ordinary words (``Hope``,
``Young``, ``Moody``). Prose is line-wrapped (a span may contain a line break), has typos and
abbreviations, ALL CAPS headers.

Span conventions follow ``notes_heldout_telephone.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, states, countries, bare years and facility
names never labelled; ages labelled only over 89 (a relative's too); an address split into street
line / city / ZIP spans. Kinds here: ``name date age phone fax email address zip ssn mrn account
plan license plate serial ip url``; ``zip`` is kept apart from ``address`` (UK postcodes and
Indian PIN codes are ``zip`` too), ``license`` is a driver's or firearm licence number, ``mrn``
includes NHS numbers and UHIDs. About a quarter of the notes carry no patient context.

Besides the shared report this one lists the leaked spans by kind and phrasing (each span is
tagged with the form the generator wrote it in), so a miss can be described without its value.

    python benchmarks/notes_heldout_psych.py                  # 300 notes, seed 9700
    python benchmarks/notes_heldout_psych.py --seed 9701
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_heldout_dictation import LabelledNote, report  # noqa: E402
from notes_scoring import NoteScore, aggregate, as_span, score_note  # noqa: E402

DEFAULT_SEED = 9700
KINDS = (
    "ssn",
    "plate",
    "age",
    "ip",
    "date",
    "name",
    "phone",
    "fax",
    "email",
    "mrn",
    "account",
    "plan",
    "license",
    "url",
    "address",
    "zip",
    "serial",
)

# ------------------------------------------------------------------------------- vocabulary

_GIVEN_F = (
    "Małgorzata",
    "Zoë",
    "Siobhán",
    "Dorothea",
    "Thi Mai",
    "Priyanka",
    "Marie-Thérèse",
    "Eleanor",
    "Hope",
    "Grace",
    "Inés",
    "Bernadette",
    "Gertrud",
    "Ólöf",
    "Lakshmi",
    "Wilhelmina",
)
_GIVEN_M = (
    "Søren",
    "Jürgen",
    "João",
    "Venkata Subrahmanyam",
    "Krzysztof",
    "Bartholomew",
    "Jean-Baptiste",
    "Émile",
    "Tadeusz",
    "Cornelius",
    "Ahmad",
    "Desmond",
    "Wendell",
    "Rajagopal",
    "Frank",
)
_FAMILY = (
    "Wiśniewska",
    "Brontë",
    "Kierkegård",
    "Müller-Lüdenscheidt",
    "Gonçalves",
    "Iyer",
    "Ní Bhriain",
    "Đặng",
    "O'Sullivan",
    "Fitzgerald-Hayes",
    "Théodore",
    "Okafor",
    "Abernathy",
    "Van Buskirk",
    "Lindqvist",
    "Ramírez Ochoa",
    "Young",
    "Moody",
    "Bishop",
    "Chakraborty",
    "Nowak",
    "MacGillivray",
)
_NICK = {
    "Małgorzata": "Gosia",
    "Dorothea": "Dot",
    "Bartholomew": "Bart",
    "Krzysztof": "Kris",
    "Jean-Baptiste": "JB",
    "Wilhelmina": "Mina",
    "Venkata Subrahmanyam": "Subbu",
    "Cornelius": "Neil",
}
_FOLD = str.maketrans("łśëåüçíĐặạếóöéñÓÖÉáàÍôèÉÑ", "lseaucidaaeooenOOEaaIoeEN")

_US_TOWNS = (
    ("Worcester", "MA", "016"),
    ("Fitchburg", "MA", "014"),
    ("Pittsfield", "MA", "012"),
    ("Holyoke", "MA", "010"),
    ("Framingham", "MA", "017"),
    ("Leominster", "MA", "014"),
    ("Keene", "NH", "034"),
    ("Brattleboro", "VT", "053"),
    ("Enfield", "CT", "060"),
    ("Woonsocket", "RI", "028"),
    ("Troy", "NY", "121"),
)
_US_STREETS = (
    "Elm St",
    "Pleasant Street",
    "Mechanic St.",
    "Chestnut Hill Rd",
    "Main St",
    "Salisbury Street",
    "Rue Lafayette",
    "Kosciuszko Ave",
    "Old Turnpike Road",
    "Summer St",
)
_UK_TOWNS = (("Leeds", "LS"), ("Sheffield", "S"), ("Bradford", "BD"), ("Harrogate", "HG"))
_UK_STREETS = ("Kingsley Road", "Hyde Park Terrace", "St Mary's Close", "Westbourne Grove")
_IN_AREAS = (
    ("Malleswaram", "Bengaluru", "5600"),
    ("Adyar", "Chennai", "6000"),
    ("Banjara Hills", "Hyderabad", "5000"),
)
_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_ORD_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first"
).split()
_TENS_UNITS = "one two three four five six seven eight nine".split()


def _age_words(n: int) -> str:
    if n >= 100:
        rest = n - 100
        return "one hundred" + (f" and {_TENS_UNITS[rest - 1]}" if rest else "")
    tens = {8: "eighty", 9: "ninety"}.get(n // 10, "seventy")
    unit = n % 10
    return tens + (f"-{_TENS_UNITS[unit - 1]}" if unit else "")


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _num(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _nth(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# ------------------------------------------------------------------------------- builder


@dataclass
class FormedNote(LabelledNote):
    """A labelled note whose spans also carry the phrasing they were written in."""

    forms: list[str] = field(default_factory=list)


class _W:
    """Appends text and records PHI spans (with their phrasing) at exact offsets."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[tuple[int, int, str]] = []
        self.forms: list[str] = []

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def phi(self, s: str, kind: str, form: str = "") -> None:
        if s != s.strip() or not s:
            raise ValueError(f"span of kind {kind} has outer whitespace")
        self.spans.append((self.n, self.n + len(s), kind))
        self.forms.append(form or _shape(s))
        self.add(s)

    def text(self) -> str:
        return "".join(self.parts)

    def wrap(self, width: int) -> None:
        """Break long lines at spaces (same length, so spans keep their offsets)."""
        chars = list(self.text())
        col, last_space = 0, -1
        for i, c in enumerate(chars):
            if c == "\n":
                col, last_space = 0, -1
                continue
            col += 1
            if c == " ":
                last_space = i
            if col > width and last_space >= 0:
                chars[last_space] = "\n"
                col = i - last_space
                last_space = -1
        self.parts, self.n = ["".join(chars)], len(chars)

    def quote(self, other: _W, prefix: str = "> ") -> None:
        """Append ``other``'s text with every line prefixed, moving its spans along."""
        new: list[int] = []
        out: list[str] = []
        at, at_line_start = self.n, True
        for c in other.text():
            if at_line_start:
                out.append(prefix)
                at += len(prefix)
            new.append(at)
            out.append(c)
            at += 1
            at_line_start = c == "\n"
        for (s, e, k), form in zip(other.spans, other.forms, strict=True):
            self.spans.append((new[s], new[e - 1] + 1, k))
            self.forms.append(form)
        self.add("".join(out))


def _shape(s: str) -> str:
    """``617-555-0134`` -> ``ddd-ddd-dddd``; letters become ``A``/``a`` runs."""
    out = re.sub(r"[^\W\d_]", lambda m: "A" if m.group().isupper() else "a", s)
    return re.sub(r"\d", "d", re.sub(r"([Aa])\1+", r"\1+", out))


# ------------------------------------------------------------------------------- people


@dataclass
class _Person:
    given: str
    family: str
    sex: str

    def full(self) -> str:
        return f"{self.given} {self.family}"

    def first(self) -> str:
        return self.given.split()[0]


def _person(r: random.Random, sex: str | None = None) -> _Person:
    sex = sex or r.choice("FM")
    given = r.choice(_GIVEN_F if sex == "F" else _GIVEN_M)
    return _Person(given, r.choice(_FAMILY), sex)


@dataclass
class _Pt:
    who: _Person
    age: int
    day: date
    dob: date
    mrn: str
    account: str
    plan: str
    ssn: tuple[str, str, str]
    street: str
    unit: str
    town: tuple[str, str, str]
    zip: str
    phone: str
    cell: str
    fax: str
    email: str
    rel: _Person
    rel_word: str
    rel_age: int
    doc: _Person
    nurse: _Person
    nurse2: _Person
    sw: _Person
    pcp: _Person
    plate: tuple[str, str]
    dl: str
    ltc: str
    serial: tuple[str, str]
    ip: str
    ip2: str
    url: str


def _us_phone(r: random.Random) -> str:
    a, x = str(r.randint(201, 989)), _num(r, 4)
    return r.choice(
        [
            f"({a}) 555-{x}",
            f"{a}.555.{x}",
            f"{a} 555 {x}",
            f"+1 {a}-555-{x}",
            f"{a}555{x}",
            f"1-{a}-555-{x}",
            f"{a}/555-{x}",
            f"({a})555-{x}",
        ]
    )


def _new_plate(r: random.Random) -> tuple[str, str]:
    return r.choice(
        [
            ("MA", f"{r.randint(1, 9)}{_up(r, 2)}{r.randint(1, 9)} {_num(r, 2)}"),
            ("MA", f"{_num(r, 3)} {_up(r, 2)}{r.randint(1, 9)}"),
            ("NH", f"{_num(r, 7)}"),
            ("NH", r.choice(["GRNDMA", "NANA49", "LUV2FSH", "OLDSALT", "PAPA 2"])),
            ("VT", f"{_up(r, 3)} {_num(r, 3)}"),
            ("CT", f"AF{_num(r, 5)}"),
            ("NY", f"{_up(r, 3)}{_num(r, 4)}"),
            ("RI", f"{_num(r, 6)}"),
            ("FL", f"{_up(r, 4)}{_num(r, 2)}"),
            ("ME", f"{_num(r, 4)} {_up(r, 2)}"),
            ("QC", f"{_up(r, 1)}{_num(r, 2)} {_up(r, 3)}"),
            ("MA", f"HP {_num(r, 5)}"),
        ]
    )


def _ip(r: random.Random) -> str:
    if r.random() < 0.4:
        groups = [f"{r.randint(0x2600, 0x2A0F):x}", f"{r.randint(0, 0xFFFF):x}"]
        groups += [f"{r.randint(0, 0xFFFF):x}" for _ in range(r.choice([1, 2, 6]))]
        if len(groups) == 8:
            return ":".join(groups)
        return ":".join(groups) + f"::{r.randint(1, 0xFFFF):x}"
    first = r.choice([73, 24, 98, 108, 174, 71, 66])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _slug(s: str) -> str:
    return "".join(c for c in s.lower().translate(_FOLD) if c.isalnum())


def _patient(r: random.Random) -> _Pt:
    who = _person(r)
    age = r.choice([r.randint(90, 104)] * 3 + [r.randint(66, 89)])
    day = date(2019, 6, 1) + timedelta(days=r.randint(0, 1200))
    dob = date(day.year - age, r.randint(1, 12), r.randint(1, 28))
    if (dob.month, dob.day) > (day.month, day.day):
        dob = dob.replace(year=dob.year - 1)
    town = r.choice(_US_TOWNS)
    zip_code = f"{town[2]}{_num(r, 2)}" + (f"-{_num(r, 4)}" if r.random() < 0.2 else "")
    mrn = r.choice(
        [
            f"{_num(r, 8)}",
            f"BH-{_num(r, 7)}",
            f"U{_num(r, 7)}",
            f"{_num(r, 3)} {_num(r, 3)} {_num(r, 1)}",
            f"W{_num(r, 6)}",
        ]
    )
    account = r.choice([f"9000{_num(r, 8)}", f"{_num(r, 2)}-{_num(r, 6)}", f"V{_num(r, 10)}"])
    plan = r.choice(
        [
            f"{r.randint(1, 9)}{_up(r, 2)}{r.randint(1, 9)}-{_up(r, 2)}{r.randint(1, 9)}-"
            f"{_up(r, 2)}{_num(r, 2)}",
            f"1000{_num(r, 8)}",
            f"XZM{_num(r, 9)}",
        ]
    )
    ssn = (f"{r.randint(100, 665)}", f"{r.randint(10, 99)}", _num(r, 4))
    rel_word = r.choice(["daughter", "son", "niece", "spouse", "nephew", "sister"])
    if rel_word == "spouse":
        rel_word = "husband" if who.sex == "F" else "wife"
    rel_sex = "F" if rel_word in ("daughter", "niece", "wife", "sister") else "M"
    rel = _person(r, rel_sex)
    if rel_word in ("husband", "wife"):
        rel.family = who.family
        rel_age = r.choice([r.randint(90, 99), r.randint(80, 89)])
    else:
        rel_age = r.randint(48, 72)
    email = r.choice(
        [
            f"{_slug(rel.first())}.{_slug(rel.family)}@gmail.com",
            f"{_slug(who.family)}{dob.year % 100:02d}@comcast.net",
            f"{_slug(rel.first())[0]}{_slug(rel.family)}{r.randint(1, 99)}@yahoo.com",
            f"nana.{_slug(who.first())}@aol.com",
        ]
    )
    serial = r.choice(
        [
            ("IMEI", f"35-{_num(r, 6)}-{_num(r, 6)}-{_num(r, 1)}"),
            ("hearing aid S/N", f"{_num(r, 2)}{_up(r, 1)}{_num(r, 5)}"),
            ("CPAP serial", f"{_num(r, 11)}"),
            ("GPS bracelet unit", f"GPS-{_num(r, 4)}-{_up(r, 1)}"),
            ("pacemaker SN", f"PJN{_num(r, 6)}H"),
        ]
    )
    return _Pt(
        who=who,
        age=age,
        day=day,
        dob=dob,
        mrn=mrn,
        account=account,
        plan=plan,
        ssn=ssn,
        street=f"{r.randint(2, 999)} {r.choice(_US_STREETS)}",
        unit=r.choice(["Apt 3B", "#2", "Unit 14", "2nd flr", "Apt. 407", ""]),
        town=town,
        zip=zip_code,
        phone=_us_phone(r),
        cell=_us_phone(r),
        fax=_us_phone(r),
        email=email,
        rel=rel,
        rel_word=rel_word,
        rel_age=rel_age,
        doc=_person(r),
        nurse=_person(r),
        nurse2=_person(r),
        sw=_person(r),
        pcp=_person(r),
        plate=_new_plate(r),
        dl=r.choice([f"S{_num(r, 8)}", f"{_num(r, 3)}-{_num(r, 3)}-{_num(r, 3)}", _num(r, 9)]),
        ltc=r.choice([f"LTC-A {_num(r, 7)}", f"FID {_num(r, 6)}", f"LTC{_num(r, 8)}"]),
        serial=serial,
        ip=_ip(r),
        ip2=_ip(r),
        url=r.choice(
            [
                f"https://www.facebook.com/{_slug(who.first())}.{_slug(who.family)}.{dob.year}",
                f"https://www.gofundme.com/f/help-{_slug(who.first())}-{_slug(who.family)}",
                f"http://{_slug(who.family)}family.blogspot.com/{day.year}/{day.month:02d}/",
            ]
        ),
    )


# ------------------------------------------------------------------------------- PHI writers

_DATE_STYLES = (
    "mdy",
    "mdyy",
    "m-d-y",
    "dmy_uk",
    "dmy_dot",
    "long_us",
    "long_uk",
    "ord_uk",
    "mon_d",
    "d-mon-yy",
    "ddMONyyyy",
    "iso",
    "compact",
    "ord_words",
    "mon_the_words",
    "wd_long",
    "mon_y",
    "mon_yy",
    "the_nth",
)


def _date(w: _W, d: date, style: str | None = None) -> None:
    """A date in one of many phrasings; weekday names and ``the`` stay outside the span."""
    r = w.r
    style = style or r.choice(_DATE_STYLES)
    yy = f"{d.year % 100:02d}"
    m, dd = d.month, d.day
    lead = ""
    value = {
        "mdy": f"{m:02d}/{dd:02d}/{d.year}",
        "mdyy": f"{m}/{dd}/{yy}",
        "m-d-y": f"{m}-{dd}-{d.year}",
        "dmy_uk": f"{dd:02d}/{m:02d}/{d.year}",
        "dmy_dot": f"{dd:02d}.{m:02d}.{d.year}",
        "long_us": f"{_MONTHS[m - 1]} {dd}, {d.year}",
        "long_uk": f"{dd} {_MONTHS[m - 1]} {d.year}",
        "ord_uk": f"{dd}{_nth(dd)} {_MONTHS[m - 1]} {d.year}",
        "mon_d": f"{_MON[m - 1]} {dd}",
        "d-mon-yy": f"{dd}-{_MON[m - 1]}-{yy}",
        "ddMONyyyy": f"{dd:02d}{_MON[m - 1].upper()}{d.year}",
        "iso": d.isoformat(),
        "compact": f"{d.year}{m:02d}{dd:02d}",
        "ord_words": f"{_ORD_WORDS[dd - 1]} of {_MONTHS[m - 1]}",
        "mon_the_words": f"{_MONTHS[m - 1]} the {_ORD_WORDS[dd - 1]}",
        "wd_long": f"{_MON[m - 1]}. {dd}{_nth(dd)}",
        "mon_y": f"{_MONTHS[m - 1]} {d.year}",
        "mon_yy": f"{_MON[m - 1]} '{yy}",
        "the_nth": f"{dd}{_nth(dd)}",
    }[style]
    if style == "ord_words":
        lead = "the "
    elif style == "wd_long":
        lead = f"{_DAYS[d.weekday()]}, "
    elif style == "the_nth":
        lead = f"{_DAYS[d.weekday()]} the "
    w.add(lead)
    w.phi(value, "date", f"date:{style}")


def _range(w: _W, a: date, b: date) -> None:
    """A date range in one of several phrasings."""
    r = w.r
    style = r.choice(["dash_days", "slash_slash", "from_to_words", "uk_days"])
    if style == "dash_days" and a.month == b.month:
        w.phi(f"{a.day}–{b.day} {_MONTHS[a.month - 1]} {a.year}", "date", "date:range d–d Month y")
    elif style == "slash_slash":
        w.phi(f"{a.month}/{a.day}", "date", "date:range m/d (first half)")
        w.add("-")
        w.phi(f"{b.month}/{b.day}/{b.year % 100:02d}", "date", "date:range m/d/yy (second half)")
    elif style == "from_to_words":
        w.add("from the ")
        w.phi(f"{a.day}{_nth(a.day)}", "date", "date:range 'from the Nth'")
        w.add(" to the ")
        w.phi(
            f"{b.day}{_nth(b.day)} of {_MONTHS[b.month - 1]}", "date", "date:range 'Nth of Month'"
        )
    else:
        w.add("between ")
        _date(w, a, "dmy_uk")
        w.add(" and ")
        _date(w, b, "dmy_uk")


def _age(w: _W, age: int, sex: str, style: str | None = None) -> None:
    """An age in one of many phrasings; labelled only when over 89."""
    r = w.r
    n = str(age)
    she = sex == "F"
    forms: dict[str, tuple[str, str, str]] = {
        "Nyo": ("", f"{n}", "yo "),
        "N y.o.": ("", n, " y.o. "),
        "N-year-old": ("a ", n, "-year-old "),
        "aged N": ("aged ", n, " "),
        "Pt is N.": ("Pt is ", n, ". "),
        "AGE NY": ("AGE ", n, "Y  "),
        "N/F": ("", n, f"/{sex} "),
        "F N": (f"{sex} ", n, " "),
        "words-year-old": ("a ", _age_words(age), "-year-old "),
        "Nth birthday": ("her " if she else "his ", f"{n}{_nth(age)}", " birthday "),
        "N yrs M mo": ("", n, f" yrs {r.randint(1, 11)} mo "),
        "age N,": ("age ", n, ", "),
        "the patient, age N.": ("the patient, age ", n, ". "),
        "Age: N years": ("Age: ", n, " years "),
        "(N)": ("(", n, ") "),
        "N yr old": ("", n, " yr old "),
        "is N years of age": ("is ", n, " years of age "),
        "turned N": ("turned ", n, " in the spring "),
    }
    style = style or r.choice(list(forms))
    lead, value, tail = forms[style]
    w.add(lead)
    if age > 89:
        w.phi(value, "age", f"age:{style}")
    else:
        w.add(value)
    w.add(tail)


def _ssn(w: _W, p: _Pt) -> None:
    a, g, s = p.ssn
    lead, value, form = w.r.choice(
        [
            ("SS no. ", f"{a} {g} {s}", "ssn:ddd dd dddd after 'SS no.'"),
            ("social:", f"{a}.{g}.{s}", "ssn:ddd.dd.dddd after 'social:'"),
            ("ssn=", f"{a}{g}{s}", "ssn:ddddddddd after 'ssn='"),
            ("SSN ", f"{a} - {g} - {s}", "ssn:ddd - dd - dddd after 'SSN'"),
            ("Soc Sec #", f"{a}-{g}-{s}", "ssn:ddd-dd-dddd after 'Soc Sec #'"),
            ("social security ", f"{a}{g}{s}", "ssn:ddddddddd after 'social security'"),
            ("(SSN: ", f"{a}/{g}/{s}", "ssn:ddd/dd/dddd after '(SSN:'"),
            ("SS#", f"{a}-{g}-{s}", "ssn:ddd-dd-dddd glued to 'SS#'"),
            ("soc. ", f"{a} {g}-{s}", "ssn:ddd dd-dddd after 'soc.'"),
        ]
    )
    w.add(lead)
    w.phi(value, "ssn", form)
    if lead.startswith("("):
        w.add(")")


def _us_address(w: _W, p: _Pt, one_line: bool = True) -> None:
    unit = f", {p.unit}" if p.unit else ""
    w.phi(f"{p.street}{unit}", "address", "address:street line")
    w.add(", " if one_line else "\n")
    w.phi(p.town[0], "address", "address:city")
    w.add(f", {p.town[1]} " if w.r.random() < 0.6 else f" {p.town[1]}  ")
    w.phi(p.zip, "zip", "zip:US after state")


def _plate(w: _W, p: _Pt) -> None:
    state, value = p.plate
    lead, tail, form = w.r.choice(
        [
            (f"{state} reg ", "", "'ST reg X'"),
            ("lic. ", f" ({state})", "'lic. X (ST)'"),
            (f"{state} plate# ", "", "'ST plate# X'"),
            (f"vanity plate '{state}' ", "", "after vanity plate"),
            ("plates ", f", {state}", "'plates X, ST'"),
            (f"{state} tag ", "", "'ST tag X'"),
        ]
    )
    w.add(lead)
    w.phi(value, "plate", f"plate:{_shape(value)} {form}")
    w.add(tail)


def _name(w: _W, s: str, form: str) -> None:
    w.phi(s, "name", f"name:{form}")


# ------------------------------------------------------------------------------- documents


def _intake(w: _W, p: _Pt) -> None:
    r = w.r
    who, she = p.who, p.who.sex == "F"
    w.add("GERIATRIC PSYCHIATRY — INITIAL ASSESSMENT\n")
    w.add("PATIENT: ")
    _name(w, who.family.upper(), "FAMILY caps in header")
    w.add(", ")
    _name(w, who.given, "given after 'FAMILY, '")
    w.add("    MRN: ")
    w.phi(p.mrn, "mrn", f"mrn:{_shape(p.mrn)} after 'MRN:'")
    w.add("    CSN: ")
    w.phi(p.account, "account", "account:after 'CSN:'")
    w.add("\nDOB: ")
    _date(w, p.dob, r.choice(["mdy", "mdyy", "iso", "d-mon-yy"]))
    w.add("   ")
    _age(w, p.age, who.sex, r.choice(["AGE NY", "N/F", "F N", "Age: N years"]))
    w.add("\nDATE OF SERVICE: ")
    _date(w, p.day, r.choice(["mdy", "long_us", "ddMONyyyy"]))
    w.add("   LOCATION: 6 North, rm 612-B\nATTENDING: ")
    _name(w, p.doc.full(), "attending full")
    w.add(", MD\n\nIDENTIFYING DATA: ")
    w.add("Pt is ")
    _age(w, p.age, who.sex, r.choice(["words-year-old", "N-year-old", "Nyo", "N yr old", "N y.o."]))
    w.add(
        f"{'widowed' if r.random() < 0.5 else 'married'} {'woman' if she else 'man'}, retired "
        f"{r.choice(['schoolteacher', 'machinist', 'nurse', 'postal worker'])}, "
        f"BIB{'A' if r.random() < 0.5 else ' family'} from home on "
    )
    _date(w, p.day - timedelta(days=1), r.choice(["wd_long", "mon_d", "the_nth"]))
    w.add(" after ")
    w.add(p.rel_word)
    w.add(" ")
    _name(w, p.rel.full(), "relative full after relation word")
    w.add(" found pt wandering outside at 0300 in light clothes.\n\n")
    w.add('CHIEF COMPLAINT: "they keep moving my things" \n\nHPI: ')
    w.add(
        "Per collateral pt has had ~6 mo of progressive paranoia, insomnia and wt loss. "
        f"{'She' if she else 'He'} has accused neighbours of stealing, called police x3. "
        "No prior psych admissions. "
    )
    w.add("Pt ")
    _age(w, p.age, who.sex, "turned N")
    w.add("and family noticed decline since. Seen by PCP Dr. ")
    _name(w, p.pcp.family, "PCP family after Dr.")
    w.add(" on ")
    _date(w, p.day - timedelta(days=r.randint(10, 60)), r.choice(["mdyy", "mon_d", "ord_words"]))
    w.add(
        ", MoCA 17/30, started donepezil 5mg. Pateint denies SI/HI, endorses feeling "
        "'watched'. Pt reports husband "
        if she
        else ", MoCA 17/30, started donepezil 5mg. Pateint denies SI/HI, endorses feeling "
        "'watched'. Pt reports wife "
    )
    if p.rel_word in ("husband", "wife"):
        _name(w, p.rel.first(), "spouse given")
        w.add(" ")
        _age(w, p.rel_age, p.rel.sex, "(N)")
        w.add("is still at home.\n\n")
    else:
        w.add("died ")
        _date(w, p.day - timedelta(days=r.randint(400, 3000)), r.choice(["mon_y", "mon_yy"]))
        w.add(".\n\n")
    w.add("SOCIAL HX: Lives at ")
    _us_address(w, p)
    w.add(". Home ph ")
    w.phi(p.phone, "phone", f"phone:{_shape(p.phone)} after 'Home ph'")
    w.add(
        ". Still drives (!) — "
        f"{r.choice(['2009 Buick LeSabre', 'silver Corolla', 'green Subaru Outback'])}, "
    )
    _plate(w, p)
    w.add("; DL# ")
    w.phi(p.dl, "license", "license:driver's after 'DL#'")
    w.add(". Family asks that RMV be notified. Firearms: late spouse's shotgun in home, ")
    w.add("licence ")
    w.phi(p.ltc, "license", "license:firearm after 'licence'")
    w.add(", SW to coordinate removal with local PD.\n\n")
    w.add("MENTAL STATUS EXAM:\n  Appearance: thin, disheveled, hearing aids in place")
    if p.serial[0].startswith("hearing"):
        w.add(f" ({p.serial[0]} ")
        w.phi(p.serial[1], "serial", f"serial:{_shape(p.serial[1])} after 'hearing aid S/N'")
        w.add(")")
    w.add(
        "\n  Behavior: guarded, psychomotor retarded\n  Speech: soft, slow\n"
        '  Mood: "fine"   Affect: constricted, suspicious\n'
        "  TP: circumstantial   TC: persecutory delusions re neighbours, no SI/HI\n"
        "  Cognition: oriented to self, year; not to date or place\n"
        "  Insight/Judgment: poor/poor\n\n"
    )
    w.add("RISK ASSESSMENT: low acute risk of self-harm; elevated risk of wandering, falls.\n")
    w.add("LEGAL: capacity evaluated for ")
    _age(w, p.age, who.sex, "the patient, age N.")
    w.add("Admitted on Section 12(a), signed by Dr. ")
    _name(w, p.doc.family, "doctor family after Dr.")
    w.add(" on ")
    _date(w, p.day, r.choice(["mdyy", "mdy", "m-d-y"]))
    w.add(" at 0412. Conditional voluntary offered.\n\n")
    w.add("COLLATERAL: ")
    w.add(p.rel_word.capitalize())
    w.add(" (HCP) ")
    _name(w, p.rel.full(), "HCP full")
    w.add(", cell ")
    w.phi(p.cell, "phone", f"phone:{_shape(p.cell)} after 'cell'")
    w.add(", ")
    w.phi(p.email, "email", "email:after relative cell")
    w.add(". Billing: Medicare ")
    w.phi(p.plan, "plan", f"plan:{_shape(p.plan)} after 'Medicare'")
    w.add(", ")
    _ssn(w, p)
    w.add(" (for SSI appeal).\n\nPLAN: admit 6N, Q15 checks, fall precautions, ")
    w.add("delirium w/u (UA, TSH, B12, CT head), hold donepezil, SW for HCP invocation.\n")
    w.add("\n")
    _name(w, p.doc.full(), "signature full")
    w.add(", MD  ")
    _date(w, p.day, "mdy")
    w.add(" 06:15\n")
    w.wrap(r.choice([72, 78, 80]))


def _sbar(w: _W, p: _Pt) -> None:
    r = w.r
    who = p.who
    w.add("NURSING HANDOVER (SBAR)   6N   ")
    sbar_day = p.day + timedelta(days=r.randint(1, 5))
    _date(w, sbar_day, r.choice(["mdyy", "d-mon-yy", "iso", "compact"]))
    w.add(f"  {r.choice(['0700', '1900', '2300'])}\nFrom: ")
    _name(w, f"{p.nurse.first()} {p.nurse.family[0]}.", "nurse 'Given F.'")
    w.add(", RN   To: ")
    _name(w, p.nurse2.first(), "nurse given only")
    w.add(", RN\n\nS: Bed 612-B, ")
    _name(w, f"{who.family}, {who.first()[0]}.", "patient 'Family, G.'")
    if who.given in _NICK and r.random() < 0.7:
        w.add(' ("')
        _name(w, _NICK[who.given], "nickname in quotes")
        w.add('")')
    w.add(", ")
    _age(w, p.age, who.sex, r.choice(["Nyo", "N/F", "F N", "N y.o."]))
    w.add("MRN ")
    w.phi(p.mrn, "mrn", f"mrn:{_shape(p.mrn)} after 'MRN'")
    w.add(" — agitated overnight, pulled at IV x2, zyprexa 2.5 IM @ 0140 w/ effect.\n")
    w.add("B: adm ")
    _date(w, p.day, r.choice(["mdyy", "mon_d", "the_nth"]))
    w.add(" on Sec 12 for psychosis/?dementia. hx AF on apixaban, CKD3.\n")
    w.add("A: ")
    _age(w, p.age, who.sex, "Pt is N.")
    w.add("obs below. Slept 3h. Ate 25% bkfst. Pt kept asking for ")
    w.add(p.rel_word)
    w.add(" ")
    _name(w, p.rel.first().lower(), "relative given lower case")
    w.add(".\n\n")
    tab = r.random() < 0.5
    sep = "\t" if tab else " | "
    w.add(sep.join(["time", "loc", "behav", "initials"]) + "\n")
    for _ in range(r.randint(3, 5)):
        w.add(
            sep.join(
                [
                    f"{r.randint(0, 23):02d}{r.choice(['00', '15', '30', '45'])}",
                    r.choice(["rm", "hall", "day rm", "bathrm"]),
                    r.choice(["sleeping", "pacing", "calm", "yelling", "toileting"]),
                    "",
                ]
            )
        )
        nurse = r.choice([p.nurse, p.nurse2])
        _name(w, f"{nurse.first()[0]}{nurse.family[0]}", "initials in obs table")
        w.add("\n")
    w.add("\nVS T 36.9 HR 88 irreg BP 152/80 SpO2 95% RA. fsbg 142.\n")
    w.add("R: cont Q15, 1:1 if pulls lines again. Call ")
    w.add(p.rel_word)
    w.add(" at ")
    w.phi(p.cell, "phone", f"phone:{_shape(p.cell)} after 'Call rel at'")
    w.add(" after 0800 (asked not before!). ")
    if r.random() < 0.6:
        w.add("Security moved pt's car from ED lot: ")
        _plate(w, p)
        w.add(", keys in safe. ")
    if p.serial[0] in ("CPAP serial", "pacemaker SN", "GPS bracelet unit"):
        w.add(f"Home {p.serial[0]} ")
        w.phi(p.serial[1], "serial", f"serial:{_shape(p.serial[1])} after '{p.serial[0]}'")
        w.add(" logged in belongings. ")
    w.add("Dr ")
    _name(w, p.doc.family, "doctor family after 'Dr' no dot")
    w.add(" aware. Family mtg ")
    _date(w, p.day + timedelta(days=r.randint(6, 10)), r.choice(["wd_long", "mon_d", "mdyy"]))
    w.add(" 2pm w/ SW ")
    _name(w, p.sw.full(), "social worker full")
    w.add(".\n")


def _message(w: _W, p: _Pt, sender: str, d: date) -> None:
    r = w.r
    w.add("On ")
    w.add(f"{_DAYS[d.weekday()][:3]}, ")
    _date(w, d, "mon_d")
    w.add(", ")
    w.add(f"{d.year} at {r.randint(1, 12)}:{r.randint(0, 59):02d} {r.choice(['AM', 'PM'])}, ")
    if sender == "rel":
        _name(w, p.rel.full(), "relative full in reply header")
        w.add(" <")
        w.phi(p.email, "email", "email:in reply header <>")
        w.add(">")
    else:
        w.add("Dr. ")
        _name(w, p.doc.full(), "doctor full in reply header")
    w.add(" wrote:\n")


def _portal(w: _W, p: _Pt) -> None:
    r = w.r
    who = p.who
    she, her, him = ("she", "her", "her") if who.sex == "F" else ("he", "his", "him")
    d0 = p.day + timedelta(days=r.randint(3, 20))
    d1 = d0 + timedelta(days=r.randint(1, 3))
    d2 = d1 + timedelta(days=1)
    w.add("MyHealth Message  |  Thread #")
    w.add(_num(r, 9))
    w.add("\nPatient: ")
    _name(w, who.full().translate(_FOLD), "patient full ASCII-folded")
    w.add("  (proxy: ")
    _name(w, p.rel.full(), "proxy full")
    w.add(")\nSubject: RE: RE: mom's meds after discharge\n\n")

    # oldest message, quoted twice
    first = _W(r)
    first.add("hi dr ")
    _name(first, p.doc.family.lower(), "doctor family lower case")
    first.add(
        f", this is {'mom' if who.sex == 'F' else 'dad'}'s {p.rel_word} again. since {she} came "
        "home on "
    )
    _date(first, p.day, r.choice(["mdyy", "mon_d", "ord_words"]))
    first.add(f" {she} is sleeping all day adn not eating. is it the seroquel?? {she} turned ")
    if p.age > 89:
        first.phi(str(p.age), "age", "age:'she turned N' in portal")
    else:
        first.add(str(p.age))
    first.add(f" last month and we dont want {him} overmedicated. {her} MRN is ")
    first.phi(p.mrn, "mrn", f"mrn:{_shape(p.mrn)} typed by relative")
    first.add(" and dob ")
    _date(first, p.dob, r.choice(["mdyy", "m-d-y", "long_us"]))
    first.add(" if you need it. best # is ")
    first.phi(p.cell, "phone", f"phone:{_shape(p.cell)} 'best # is'")
    first.add(" or you can fax the med list to my home fax ")
    first.phi(p.fax, "fax", f"fax:{_shape(p.fax)} 'home fax'")
    first.add(".\nthanks, ")
    _name(first, p.rel.first(), "relative given signature")
    first.add("\n")
    first.wrap(72)

    second = _W(r)
    second.add("Dear Ms. " if p.rel.sex == "F" else "Dear Mr. ")
    _name(second, p.rel.family, "relative family after Ms./Mr.")
    second.add(
        ",\nThank you for letting us know. Please hold the evening quetiapine tonight and "
        "tomorrow. Our nurse "
    )
    _name(second, p.nurse.full(), "nurse full in reply")
    second.add(" will call you on ")
    _date(second, d1 + timedelta(days=1), r.choice(["wd_long", "mon_d", "mdyy"]))
    second.add(f". If {she} is hard to wake, call 911.\n")
    _name(second, p.doc.full(), "doctor full signature")
    second.add(", MD\n")
    second.wrap(72)

    reply2 = _W(r)
    _message(reply2, p, "rel", d0)
    reply2.quote(first)

    # newest message on top, quoting the doctor's reply, which quotes the first message
    w.add(
        f"ok we held it and {she} is more awake today. {she} wants to go to {her} great-grandsons "
        "christening on "
    )
    _date(w, d2 + timedelta(days=r.randint(5, 12)), r.choice(["ord_words", "mon_the_words"]))
    w.add(". we set up a gofundme for the home aide: ")
    w.phi(p.url, "url", "url:personal page")
    w.add(f"\nalso {her} new address for the letters is ")
    _us_address(w, p)
    if r.random() < 0.5:
        w.add(". the garage towed my car from the ER lot, ")
        _plate(w, p)
        w.add(" — who do i call??")
    w.add(f" and {her} SS card got lost, its ")
    _ssn(w, p)
    w.add(".\n-")
    _name(w, p.rel.first()[0], "relative initial sign-off")
    w.add("\n\n")
    middle = _W(r)
    _message(middle, p, "doc", d1)
    middle.quote(second)
    middle.add(">\n")
    middle.quote(reply2)
    w.quote(middle)
    w.add("\n---- portal audit ----\n")
    w.add("msg_in  ")
    _date(w, d2, "iso")
    w.add(f"T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}-05:00 ")
    w.add("user=")
    w.phi(
        f"{_slug(p.rel.first())}{_slug(p.rel.family)}{r.randint(1, 99)}",
        "name",
        "name:portal username",
    )
    w.add(" src_ip=")
    w.phi(p.ip, "ip", f"ip:{'v6' if ':' in p.ip else 'v4'} after 'src_ip='")
    w.add(" ua=Mozilla/5.0 (iPad)\nmsg_out ")
    _date(w, d1, "iso")
    w.add(f"T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00-05:00 user=clin ")
    w.add("proxy_login_from ")
    host = f"[{p.ip2}]" if ":" in p.ip2 else p.ip2
    w.add("http://")
    w.phi(host, "ip", f"ip:{'v6 bracketed' if ':' in p.ip2 else 'v4'} in URL")
    w.add("/portal/login?next=/msg\n")


def _uk_letter(w: _W, p: _Pt) -> None:
    r = w.r
    who = p.who
    she, her = ("she", "her") if who.sex == "F" else ("he", "his")
    She, Her = she.capitalize(), her.capitalize()
    spouse = "husband" if who.sex == "F" else "wife"
    town, pc_area = r.choice(_UK_TOWNS)
    postcode = f"{pc_area}{r.randint(1, 19)} {r.randint(1, 9)}{_up(r, 2)}"
    nhs = f"{_num(r, 3)} {_num(r, 3)} {_num(r, 4)}"
    consultant = _person(r)
    w.add("Older People's Mental Health Service\nThe Becklin Centre\n\n")
    w.add("Our ref: OPMH/")
    w.add(f"{_up(r, 2)}/{_num(r, 4)}\n")
    w.add("Date dictated: ")
    _date(w, p.day - timedelta(days=r.randint(20, 60)), "dmy_uk")
    w.add("   Date typed: ")
    _date(w, p.day - timedelta(days=r.randint(5, 19)), r.choice(["ord_uk", "long_uk", "dmy_dot"]))
    w.add("\n\nDr ")
    _name(w, p.doc.full(), "receiving doctor full after 'Dr' UK")
    w.add("\nGeriatric Psychiatry, 6 North\n\nDear Dr ")
    _name(w, p.doc.family, "receiving doctor family in salutation")
    w.add(",\n\nRe: ")
    title = "Mrs" if who.sex == "F" else "Mr"
    w.add(f"{title} ")
    _name(w, who.full(), "patient full after Mrs/Mr no dot")
    w.add("   D.O.B. ")
    _date(w, p.dob, "dmy_uk")
    w.add("   NHS No. ")
    w.phi(nhs, "mrn", "mrn:NHS number ddd ddd dddd")
    w.add("\n     Flat ")
    w.phi(
        f"{r.randint(1, 12)}, {r.randint(2, 90)} {r.choice(_UK_STREETS)}",
        "address",
        "address:UK flat + street",
    )
    w.add(", ")
    w.phi(town, "address", "address:UK town")
    w.add(" ")
    w.phi(postcode, "zip", "zip:UK postcode")
    w.add("\n\nDiagnosis: Alzheimer's disease, mixed type; late-onset psychosis\n\n")
    w.add(f"I am writing to hand over the care of {title} ")
    _name(w, who.family, "patient family after Mrs/Mr in prose")
    w.add(", whom I last reviewed in clinic on ")
    _date(w, p.day - timedelta(days=r.randint(60, 150)), r.choice(["ord_uk", "long_uk"]))
    style = r.choice(["aged N", "is N years of age"])
    w.add(f". {She} is " if style == "aged N" else f". {She} ")
    _age(w, p.age, who.sex, style)
    w.add(f"and has decided to move to the United States to live with {her} ")
    w.add(p.rel_word)
    w.add(", ")
    _name(w, p.rel.full(), "relative full in UK prose")
    w.add(", at ")
    _us_address(w, p)
    w.add(f". {She} flies on ")
    _date(w, p.day - timedelta(days=r.randint(2, 9)), r.choice(["ord_words", "long_uk"]))
    w.add(f". {Her} ")
    w.add(p.rel_word)
    w.add(" can be reached on ")
    w.phi(p.cell, "phone", f"phone:{_shape(p.cell)} US number in UK letter")
    w.add(f" and {her} UK mobile, ")
    uk_mob = f"07700 900{_num(r, 3)}"
    w.phi(uk_mob, "phone", "phone:UK mobile 07700 900ddd")
    w.add(", will stay active until the end of the month.\n\n")
    w.add(f"{She} was admitted informally to our ward ")
    _range(w, p.day - timedelta(days=200), p.day - timedelta(days=190))
    w.add(
        f" following a fall; {her} MMSE was 19/30 and {her} ACE-III 61/100. Risperidone was "
        f"stopped because of parkinsonism. {Her} memantine is 10mg bd.\n\n"
    )
    w.add(f"{Her} late {spouse}'s pension is paid to a joint account; {her} US Social ")
    w.add(f"Security number, which {her} ")
    w.add(p.rel_word)
    w.add(" has asked us to include for the benefits application, is ")
    _ssn(w, p)
    w.add(".\n\nYours sincerely,\n\n\n")
    w.add("Dr ")
    _name(w, f"{consultant.first()[0]} {consultant.family}", "consultant 'G Family'")
    w.add("\nConsultant in Old Age Psychiatry\nGMC ")
    w.add(_num(r, 7))
    w.add("\nTel 0113 ")
    w.add(f"{r.randint(200, 399)} {_num(r, 4)}")
    w.add(" (secretary)\n\ncc: Dr ")
    _name(w, f"{r.choice(_GIVEN_F)[0]}. {r.choice(_FAMILY)}", "GP 'G. Family' in cc")
    w.add(", ")
    w.add(r.choice(["Hyde Park Surgery", "Meanwood Health Centre", "Chapel Allerton Practice"]))
    w.add("\n")
    w.wrap(r.choice([70, 76]))


def _indian_summary(w: _W, p: _Pt) -> None:
    r = w.r
    who = p.who
    area, city, pin_prefix = r.choice(_IN_AREAS)
    pin = f"{pin_prefix}{_num(r, 2)}"
    uhid = f"{_up(r, 3)}{_num(r, 7)}"
    ip_no = f"IP/{p.day.year % 100:02d}/{_num(r, 5)}"
    w.add("DISCHARGE SUMMARY\nDEPARTMENT OF PSYCHIATRY\n\n")
    w.add(f"Name : {'Smt.' if who.sex == 'F' else 'Sri'} ")
    _name(w, who.full().upper(), "patient full caps Indian header")
    w.add("\t\tAge/Sex : ")
    if p.age > 89:
        w.phi(f"{p.age}Y", "age", "age:'NY' in Age/Sex cell")
    else:
        w.add(f"{p.age}Y")
    w.add(f"/{who.sex}\n")
    w.add(f"{'W/o' if who.sex == 'F' else 'S/o'} Late ")
    _name(w, f"{r.choice(_GIVEN_M)} {who.family}", "spouse/father after W/o S/o Late")
    w.add("\t\tUHID : ")
    w.phi(uhid, "mrn", "mrn:UHID AAAddddddd")
    w.add("\nIP No. : ")
    w.phi(ip_no, "account", "account:IP/yy/ddddd")
    w.add("\t\tWard/Bed : PSY-2/14\n")
    w.add("Address : ")
    w.phi(
        f"Flat {r.randint(101, 504)}, Sai Krupa Apartments, {r.randint(1, 12)}th Cross",
        "address",
        "address:Indian flat/apartment line",
    )
    w.add(", ")
    w.phi(area, "address", "address:Indian locality")
    w.add(", ")
    w.phi(city, "address", "address:Indian city")
    w.add(" - ")
    w.phi(pin, "zip", "zip:Indian PIN dddddd after ' - '")
    w.add("\nContact : ")
    mob = f"+91 {r.randint(70, 99)}{_num(r, 3)} {_num(r, 5)}"
    w.phi(mob, "phone", "phone:+91 ddddd ddddd")
    w.add(" (")
    w.add(p.rel_word)
    w.add(" - ")
    w.add("Mr. " if p.rel.sex == "M" else "")
    _name(w, p.rel.full(), "relative in contact")
    w.add(")\nDate of Admission : ")
    _date(w, p.day - timedelta(days=r.randint(8, 20)), "dmy_dot")
    w.add("\t\tDate of Discharge : ")
    _date(w, p.day, r.choice(["dmy_dot", "dmy_uk", "d-mon-yy"]))
    w.add("\nConsultant : Dr. ")
    consultant = _person(r)
    _name(w, consultant.full(), "consultant full Indian")
    w.add(", MD (Psy)\n\n")
    w.add("PRESENTING COMPLAINTS :\n")
    w.add(
        "Pt. was brought by family with c/o decreased sleep since 2 months, suspiciousness "
        "towards neighbours, talking to self, refusal of food since 10 days. Ht/o fall on "
    )
    _date(w, p.day - timedelta(days=r.randint(25, 40)), r.choice(["the_nth", "ord_uk", "dmy_dot"]))
    w.add(". K/c/o T2DM, HTN on regular medication.\n\n")
    w.add("COURSE IN THE HOSPITAL :\n")
    w.add(
        "Pt. was started on T. Quetiapine 25mg HS which was hiked to 50mg. Sleep improved. "
        "Patient's "
    )
    w.add(p.rel_word)
    w.add(" informed that pt. will be travelling to USA to stay with grandson ")
    _name(w, r.choice(_GIVEN_M), "grandson given")
    w.add(" at ")
    _us_address(w, p)
    w.add(f" from {_MONTHS[(p.day.month % 12)]} onwards. Passport and ")
    w.add("US SSN (")
    _ssn(w, p)
    w.add(") copies kept in file as per request of relatives.\n\n")
    w.add("CONDITION AT DISCHARGE : Stable, afebrile, oriented to person.\n")
    w.add("ADVICE ON DISCHARGE :\n1) T. Quetiapine 50mg 0-0-1\n2) T. Metformin 500mg 1-0-1\n")
    w.add("3) Review in OPD after 2 weeks i.e. on ")
    _date(w, p.day + timedelta(days=14), r.choice(["dmy_dot", "ord_uk"]))
    w.add(" or SOS.\n\nE-mail for reports: ")
    em = f"{_slug(p.rel.first())}{r.randint(60, 99)}@rediffmail.com"
    w.phi(em, "email", "email:rediffmail")
    w.add("\n")


def _probate(w: _W, p: _Pt) -> None:
    r = w.r
    who = p.who
    she, her = ("she", "her") if who.sex == "F" else ("he", "his")
    docket = f"WO{p.day.year % 100:02d}P{_num(r, 4)}GD"
    w.add("COMMONWEALTH OF MASSACHUSETTS\nTHE TRIAL COURT — PROBATE AND FAMILY COURT\n")
    w.add("Docket No. ")
    w.phi(docket, "account", "account:court docket WOyyPddddGD")
    w.add("\n\nMEDICAL CERTIFICATE — GUARDIANSHIP / ROGERS (antipsychotic treatment)\n\n")
    w.add("In the matter of: ")
    _name(w, who.full(), "patient full 'In the matter of'")
    w.add(" (the Respondent)\nRespondent's date of birth: ")
    _date(w, p.dob, r.choice(["mdy", "long_us", "m-d-y"]))
    w.add("\nPetitioner: ")
    _name(w, p.rel.full(), "petitioner full")
    w.add(", ")
    w.add(p.rel_word)
    w.add(" of the Respondent")
    if p.rel_word in ("husband", "wife"):
        w.add(", ")
        _age(w, p.rel_age, p.rel.sex, r.choice(["age N,", "aged N"]))
    w.add("\nPetitioner's address: ")
    _us_address(w, p)
    w.add("\n\n1. I examined the Respondent on ")
    exam = p.day + timedelta(days=r.randint(3, 9))
    _date(w, exam, r.choice(["long_us", "mon_the_words", "wd_long"]))
    w.add(" at 6 North for 50 minutes. The Respondent, ")
    _age(w, p.age, who.sex, r.choice(["aged N", "N yrs M mo", "age N,"]))
    w.add(
        "was not able to state why she was in hospital."
        if who.sex == "F"
        else "was not able to state why he was in hospital."
    )
    w.add(
        "\n2. Diagnosis: Major neurocognitive disorder due to Alzheimer's disease with "
        "behavioral disturbance (F02.81).\n3. Substituted judgment: the Respondent, before "
        "illness, was a devout "
        f"{r.choice(['Catholic', 'Lutheran', 'Baptist'])} who told {her} priest, Fr. "
    )
    _name(w, r.choice(_FAMILY), "priest family after Fr.")
    w.add(", on ")
    _age(w, p.age, who.sex, "Nth birthday")
    w.add(f"that {she} 'never wanted to be a burden'.\n\n")
    w.add("4. Prior ECT course (log attached):\n")
    w.add("| # | date | seconds | seizure (s) | by |\n|---|---|---|---|---|\n")
    start = p.day - timedelta(days=r.randint(400, 700))
    for k in range(r.randint(3, 6)):
        w.add(f"| {k + 1} | ")
        ect_day = start + timedelta(days=2 * k + (k // 3))
        _date(w, ect_day, r.choice(["mdyy", "ddMONyyyy", "iso", "compact"]))
        w.add(f" | {r.uniform(2, 6):.1f} | {r.randint(25, 70)} | ")
        _name(w, p.doc.family.upper(), "doctor family caps in table")
        w.add(" |\n")
    w.add("\n5. The Respondent's ")
    w.add(p.serial[0])
    w.add(" (")
    w.phi(p.serial[1], "serial", f"serial:{_shape(p.serial[1])} in probate '(X)'")
    w.add(f") is not a contraindication. {her.capitalize()} Medicaid ID ")
    w.phi(p.plan, "plan", f"plan:{_shape(p.plan)} after 'Medicaid ID'")
    w.add(" and ")
    _ssn(w, p)
    w.add(" are given at the Court's request.\n\n")
    w.add("Signed under the pains and penalties of perjury,\n/s/ ")
    _name(w, p.doc.full(), "doctor full after '/s/'")
    w.add(", MD   Mass. Reg. #")
    w.add(_num(r, 6))
    w.add("   ")
    _date(w, exam, "mdy")
    w.add("\nReturn to: clerk, fax (508) 831-2266.  Petitioner's fax: ")
    w.phi(p.fax, "fax", f"fax:{_shape(p.fax)} after 'Petitioner's fax:'")
    w.add("\n")


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
        ctx.update({"ssn": "-".join(p.ssn), "phone": p.phone, "city": p.town[0], "zip": p.zip})
    return ctx


_DOCUMENTS = (_intake, _sbar, _portal, _uk_letter, _indian_summary, _probate)


def generate(n: int, seed: int = DEFAULT_SEED) -> list[FormedNote]:
    """``n`` labelled notes in this style, each with its patient context."""
    r = random.Random(seed)
    notes = []
    for i in range(n):
        w = _W(r)
        p = _patient(r)
        _DOCUMENTS[i % len(_DOCUMENTS)](w, p)
        notes.append(FormedNote(w.text(), _context(r, p), w.spans, w.forms))
    return notes


# ------------------------------------------------------------------------------- leak listing


def _leaked(note: FormedNote, found: Sequence[Any]) -> list[str]:
    """``kind | phrasing`` of every gold span with a non-space character left uncovered."""
    covered = bytearray(len(note.text))
    for start, end, _ in map(as_span, found):
        covered[start:end] = b"\x01" * (end - start)
    return [
        f"{kind} | {form}"
        for (start, end, kind), form in zip(note.spans, note.forms, strict=True)
        if not all(covered[i] or note.text[i].isspace() for i in range(start, end))
    ]


def evaluate_with_leaks(
    notes: Sequence[FormedNote],
    find: Callable[[str, dict[str, object] | None], list[Any]],
    *,
    use_context: bool,
) -> tuple[NoteScore, float, Counter[str]]:
    """The shared scoring (one ``find`` per note), plus leaked spans by kind and phrasing."""
    scores, leaked, spent = [], Counter[str](), 0.0
    for note in notes:
        t0 = time.perf_counter()
        found = find(note.text, note.context if use_context else None)
        spent += time.perf_counter() - t0
        scores.append(score_note(note.text, note.spans, found, keep_strings=True))
        leaked.update(_leaked(note, found))
    return aggregate(scores), spent, leaked


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--show-misses", action="store_true", help="print missed tokens (synthetic)")
    ap.add_argument("--top", type=int, default=10, help="leaked phrasings to list")
    args = ap.parse_args(argv)

    from medprivacy.deid.text.scrubber import NotesScrubber

    scrubber = NotesScrubber()
    scrubber.find("warm up: Dr. Smith saw the patient on 3/4/2021.")
    notes = generate(args.n, args.seed)
    print(f"held-out style 6 (geriatric psychiatry): {args.n} notes, seed {args.seed}")
    for use in (True, False):
        total, spent, leaked = evaluate_with_leaks(notes, scrubber.find, use_context=use)
        title = "with context" if use else "no context"
        report(f"{title} ({args.n / spent:.1f} notes/s)", total, KINDS, args.show_misses)
        print(f"  leaked spans ({sum(leaked.values())}), most common phrasings:")
        for key, count in leaked.most_common(args.top):
            print(f"    {count:4d}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
