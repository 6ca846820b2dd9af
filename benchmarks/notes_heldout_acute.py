"""A fifth held-out style, written blind (its author never read the recognizers) and committed
before its first run: acute-care paperwork. EMS patient care reports (run sheets with unit
numbers, dispatch times, scene addresses and motor-vehicle tables), ED triage and quick
registration, operative reports with implant logs (GS1 UDI strings, generator and lead serials),
surgical pathology specimen logs (accessions, block labels, frozen-section call-backs), hospital
security incident reports (CCTV cameras, guest Wi-Fi and DHCP log lines, towed vehicles) and
death pronouncement notes (medical examiner, organ bank, funeral home, death certificate items).

None of the earlier generators writes these documents. The PHI formats are chosen to differ from
theirs too: SSNs with non-breaking hyphens, spaced dashes, 3-3-3 groups, after ``S.S.N.``,
``SSN/TIN``, ``Guarantor SS#`` or in a key=value pair; plates of about 30 formats in tables, with
``bearing``, ``tag number``, ``LP#``, ``with NH plates``; IPv4 in RTSP/ping/DHCP lines, IPv6 in
full with leading zeros, upper case, bracketed with ports; ages as ``Age/Sex: 93/F``, ``93M``,
``Age (yrs): 94``, ``is 91 years of age``, ``her 100th birthday``, ``age at death: 97``,
``ninety-three-year-old``, a spouse's age; dates as ``09MAR21``, ``9-MAR-2021``, ``2021/03/09``,
``Tuesday the ninth``, ``the ninth of March``, ``March the 9th``, ``Mar. 9th '21``, ranges,
syslog stamps; names as ``LAST/FIRST``, ``Last F``, ``/s/ First Last``, nicknames in quotes,
possessives, lower case.

Span conventions follow ``notes_heldout_telephone.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, states, bare years, facility names
(hospitals, funeral homes, towing firms), implant catalogue and lot numbers, GTINs and implant
expiry dates never labelled; ages labelled only over 89 (a relative's too); an address
split into street line / city / ZIP spans (a street intersection is two street spans). Kinds
added here: ``accession`` (pathology and prior specimen accessions). About a quarter of the
notes carry no patient context.

    python benchmarks/notes_heldout_acute.py                 # 300 notes, seed 9501
    python benchmarks/notes_heldout_acute.py --seed 9502 --show-misses
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_heldout_dictation import _B, LabelledNote, run  # noqa: E402

DEFAULT_SEED = 9501
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
    "account",
    "plan",
    "serial",
    "accession",
)

_GIVEN_F = (
    "Agnetha Sunniva Kaisa Conceição Gracinda Ioanna Evangelia Anahit Siranush Xiuying Meilin "
    "Hodan Faduma Akosua Adwoa Maricel Analyn Oonagh Caoimhe Hope Joy Dawn Grace Merry Honor "
    "Storm Page Lane"
).split()
_GIVEN_M = (
    "Björn Thorvald Eero Adriano Joaquim Stavros Panagiotis Garegin Zhiwei Jianguo Abdirahman "
    "Warsame Kwabena Yaw Rodrigo Jhun Padraig Chase Wade Forrest Ray Rusty Sonny Cash"
).split()
_FAMILY = (
    "Halvorsen|Lindqvist|Virtanen|Soares|Medeiros|Papadakis|Karamanlis|Hovhannisyan|Sargsyan|"
    "Zhou|Xu|Ng|Ly|Abdullahi|Warsame|Osei|Asante|Mensah|dela Cruz|Macapagal|McGillicuddy|"
    "Mac Giolla Phádraig|van den Heuvel|D'Souza|St-Onge|Walker|Baker|Cook|Stone|Hill|Marsh|"
    "Frost|Lane|Street|Brown|Green|Shepherd|Mason|Banks|Sharp|Swift|Little|Hope|Bliss"
).split("|")
_NICK = {"Margaret": "Peggy", "Elizabeth": "Betty", "Robert": "Bob", "William": "Bud"}
_TOWNS = (
    "Weymouth|Hingham|Abington|Rockland|Kingston|Wareham|Bourne|Mashpee|Sandwich|Carver|"
    "Middleborough|Raynham|Easton|Whitman|Hanson|Hull|Cohasset|Duxbury|Pembroke|Halifax|"
    "East Bridgewater|North Attleborough|Fairhaven|Acushnet"
).split("|")
_STREETS = (
    "Lantern Ln.|Old Colony Ave.|Prospect Hill Rd|Union St|Bedford St.|Liberty Sq|"
    "Commercial Street|Cedar Swamp Rd|Winter St|Front St|Plain St|Cranberry Hwy|"
    "Pleasant St|Oak Hill Dr|Sea View Ave|Cushing Way|Main Street|High St"
).split("|")
_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_WD3 = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ORD = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first"
).split()
_ONES = "one two three four five six seven eight nine".split()
_RELS = ("daughter", "son", "wife", "husband", "grandson", "niece", "stepdaughter", "HCP")
_CARS = (
    "2014 Honda CR-V, silver",
    "2009 Toyota Camry, maroon",
    "2017 Subaru Outback, green",
    "2011 Ford F-150, white",
    "2020 Kia Soul, gray",
    "2006 Buick LaCrosse, tan",
    "2019 Chevy Equinox, black",
)
_HOSPITALS = ("South Shore Hospital", "Jordan Hospital", "Good Samaritan MC", "Tobey Hospital")
_FUNERAL = ("Kelleher & Sons Funeral Home", "McNamara-Sparrell", "Pyne Keohane", "Sullivan FH")


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _num(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _nth(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _age_words(n: int) -> str:
    if n >= 100:
        return "one hundred" + ("" if n == 100 else f" {_ONES[n - 101]}")
    return "ninety" if n == 90 else f"ninety-{_ONES[n - 91]}"


# --------------------------------------------------------------------------- the cast


@dataclass
class _Who:
    given: str
    family: str
    middle: str = ""


def _who(r: random.Random, sex: str | None = None) -> _Who:
    pool = _GIVEN_F if (sex or r.choice("FM")) == "F" else _GIVEN_M
    return _Who(r.choice(pool), r.choice(_FAMILY), r.choice("ABCDEJKLMRST"))


@dataclass
class _Pt:
    who: _Who
    sex: str
    age: int
    day: date
    dob: date
    mrn: str
    ssn: tuple[str, str, str]
    street: str
    unit: str
    town: str
    zip: str
    phone: tuple[str, str, str]
    cell: tuple[str, str, str]
    email: str
    nok: _Who
    rel: str
    nok_age: int
    staff: list[_Who]


def _email(r: random.Random, w: _Who) -> str:
    g = w.given.lower().translate(str.maketrans("çãéöä", "caeoa"))
    f = "".join(c for c in w.family.lower() if c.isalpha()).translate(str.maketrans("á", "a"))
    return r.choice(
        [
            f"{g}.{f}@comcast.net",
            f"{g[0]}{f}{r.randint(1, 99)}@verizon.net",
            f"{f}family@gmail.com",
            f"{g}_{f}@protonmail.com",
            f"{g[0].upper()}.{f.upper()}@AOL.COM",
            f"{g}+ems@yahoo.com",
        ]
    )


def _patient(r: random.Random) -> _Pt:
    sex = r.choice("FM")
    who = _who(r, sex)
    if r.random() < 0.08:
        who.given = r.choice(list(_NICK))
    age = r.choice([r.randint(90, 107)] * 3 + [r.randint(58, 89)])
    day = date(2020, 2, 1) + timedelta(days=r.randint(0, 1100))
    dob = date(day.year - age, r.randint(1, 12), r.randint(1, 28))
    if (dob.month, dob.day) > (day.month, day.day):
        dob = dob.replace(year=dob.year - 1)
    family = who.family if r.random() < 0.5 else r.choice(_FAMILY)
    rel = r.choice(_RELS)
    female = rel in ("daughter", "wife", "niece", "stepdaughter") or (
        rel == "HCP" and r.random() < 0.5
    )
    nok = _Who(r.choice(_GIVEN_F if female else _GIVEN_M), family, r.choice("ABCDEJKLMRST"))
    return _Pt(
        who=who,
        sex=sex,
        age=age,
        day=day,
        dob=dob,
        mrn=r.choice(
            [f"00{_num(r, 6)}", f"{_num(r, 7)}", f"{_num(r, 2)}-{_num(r, 2)}-{_num(r, 2)}"]
        ),
        ssn=(f"{r.randint(1, 665):03d}", f"{r.randint(1, 99):02d}", f"{r.randint(1, 9999):04d}"),
        street=r.choice(
            [
                f"{r.randint(3, 1999)} {r.choice(_STREETS)}",
                f"{r.randint(2, 90)}-{r.randint(4, 96)} {r.choice(_STREETS)}",
                f"{r.randint(10, 400)}{r.choice('ABR')} {r.choice(_STREETS)}",
                f"One {r.choice(_STREETS)}",
            ]
        ),
        unit=r.choice(["", "", " Apt. 4C", ", Unit 12B", " Rear", " #2", ", Apt 310"]),
        town=r.choice(_TOWNS),
        zip=f"02{r.randint(100, 799)}" + (f"-{_num(r, 4)}" if r.random() < 0.3 else ""),
        phone=(r.choice(["781", "508", "339"]), f"{r.randint(201, 989)}", _num(r, 4)),
        cell=(r.choice(["774", "617", "857"]), f"{r.randint(201, 989)}", _num(r, 4)),
        email=_email(r, who),
        nok=nok,
        rel=rel,
        nok_age=r.choice([r.randint(90, 99), r.randint(55, 88), r.randint(55, 88)]),
        staff=[_who(r) for _ in range(8)],
    )


# --------------------------------------------------------------------------- PHI writers


def _say(b: _B, written: str, kind: str) -> None:
    """Write ``lead|value|tail``: only the middle part is labelled."""
    parts = written.split("|") if "|" in written else ["", written]
    lead, value, tail = [*parts, ""][:3]
    b.add(lead)
    b.phi(value, kind)
    b.add(tail)


def _phone(b: _B, parts: tuple[str, str, str], style: str | None = None) -> None:
    a, e, n = parts
    r = b.r
    styles = {
        "paren": f"({a}) {e}-{n}",
        "slash": f"{a}/{e}-{n}",
        "space_dash": f"{a} {e}-{n}",
        "one_paren": f"1 ({a}) {e}-{n}",
        "plus_dots": f"+1.{a}.{e}.{n}",
        "bare": f"{a}{e}{n}",
        "ext": f"{a}-{e}-{n} x{_num(r, 4)}",
        "ext_dots": f"{a}.{e}.{n} ext {_num(r, 2)}",
        "paren_nospace": f"({a}){e}-{n}",
    }
    b.phi(styles[style or r.choice(list(styles))], "phone")


def _date(b: _B, d: date, style: str | None = None) -> None:
    """A date; a weekday or an article before it is written but not labelled."""
    r = b.r
    yy = f"{d.year % 100:02d}"
    wd = _DAYS[d.weekday()]
    mon = _MON[d.month - 1]
    styles = {
        "mil": f"{d.day:02d}{mon.upper()}{yy}",
        "dmy_caps": f"{d.day}-{mon.upper()}-{d.year}",
        "ymd_slash": f"{d.year}/{d.month:02d}/{d.day:02d}",
        "mdy_dots": f"{d.month}.{d.day}.{yy}",
        "wd_mdy": f"{_WD3[d.weekday()]} |{d.month:02d}/{d.day:02d}/{yy}",
        "wd_full": f"{wd}, |{_MONTHS[d.month - 1]} {d.day}{_nth(d.day)}, {d.year}",
        "wd_the_ord": f"{wd} the |{_ORD[d.day - 1]}",
        "the_ord_of": f"the |{_ORD[d.day - 1]} of {_MONTHS[d.month - 1]}",
        "month_the": f"{_MONTHS[d.month - 1]} the {d.day}{_nth(d.day)}",
        "mon_dot_apos": f"{mon}. {d.day}{_nth(d.day)} '{yy}",
        "dmy_words": f"{d.day} {_MONTHS[d.month - 1]} {d.year}",
        "mdy": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdyy": f"{d.month}/{d.day}/{yy}",
        "compact6": f"{d.month:02d}{d.day:02d}{yy}",
        "iso": d.isoformat(),
        "mon_d": f"{mon} {d.day}",
        "last_wd": f"last {_WD3[d.weekday()]} (|{d.month}/{d.day}|)",
        "on_the": f"on the |{d.day}{_nth(d.day)}",
    }
    _say(b, styles[style or r.choice(list(styles))], "date")


def _range(b: _B, d: date) -> None:
    """Two dates joined as a range; every date element labelled, the joining words not."""
    r = b.r
    end = d + timedelta(days=r.randint(1, 9))
    style = r.randrange(5)
    if style == 0:
        b.phi(f"{d.month}/{d.day}-{end.month}/{end.day}/{end.year % 100:02d}", "date")
    elif style == 1:
        b.phi(f"{d.month:02d}/{d.day:02d}/{d.year}", "date")
        b.add(" - ")
        b.phi(f"{end.month:02d}/{end.day:02d}/{end.year}", "date")
    elif style == 2:
        b.phi(f"{_MON[d.month - 1]} {d.day}", "date")
        b.add(" through ")
        b.phi(f"{end.day}" if end.month == d.month else f"{_MON[end.month - 1]} {end.day}", "date")
    elif style == 3:
        b.add("the week of ")
        b.phi(f"{d.month}/{d.day}", "date")
    else:
        b.add("from ")
        b.phi(f"{d.day:02d}{_MON[d.month - 1].upper()}", "date")
        b.add(" to ")
        b.phi(f"{end.day:02d}{_MON[end.month - 1].upper()}{end.year % 100:02d}", "date")


def _age(b: _B, n: int, sex: str, caps: bool = False) -> None:
    """An age in one of many phrasings; labelled only when over 89."""
    r = b.r
    s = str(n)
    w = _age_words(n) if n >= 90 else s
    man = "female" if sex == "F" else "male"
    forms = [
        f"Age/Sex: |{s}|/{sex} ",
        f"|{s}|{sex} ",
        f"|{s}| {sex} ",
        f"Age (yrs): |{s}| ",
        f"pt is |{s}| years of age, ",
        f"{'an' if s[0] == '8' or s in ('11', '18') else 'a'} |{w}|-year-old {man} ",
        f"|{s}| y.o. {man} ",
        f"at |{s}| years, ",
        f"|{s}| yr old ",
        f"{'she' if sex == 'F' else 'he'} celebrated {'her' if sex == 'F' else 'his'} "
        f"|{s}{_nth(n)}| birthday last month; ",
        f"AGE |{s}| YRS ",
        f"(|{s}| y) ",
        f"Age: |{s}| Years ",
        f"|{w.capitalize()}|-year-old ",
        f"aged |{w}|, ",
        f"|{s}|-y/o ",
    ]
    written = r.choice(forms)
    if caps:
        written = written.upper()
    lead, value, tail = written.split("|")
    b.add(lead)
    if n > 89:
        b.phi(value, "age")
    else:
        b.add(value)
    b.add(tail)


def _ssn(b: _B, p: _Pt, guarantor: bool = False) -> None:
    a, g, s = p.ssn
    cue = "Guarantor SS#: " if guarantor else ""
    written = b.r.choice(
        [
            f"{cue or 'SSN:'}|{a}{g}{s}|",
            f"{cue or 'S.S.N. '}|{a} {g} {s}|",
            f"{cue or 'Social Security #: '}|{a}-{g}-{s}|",
            f"{cue or 'SSN/TIN '}|{a}-{g}-{s}|",
            f"{cue or 'soc sec '}|{a} - {g} - {s}|",
            f"{cue or 'SSN (self) '}|{a}-{g}-{s}|",
            f"{cue or 'SS no '}|{a}{g}{s}|",
            f"{cue or 'ssn='}|{a}-{g}-{s}|",
            f"{cue or 'SSN '}|{a}\u2011{g}\u2011{s}|",
            f"{cue or 'SSN# '}|{a} {g}-{s}|",
            f"{cue or 'Soc. Sec. No.: '}|{a}-{g}-{s}|",
            f"{cue or 'SS number '}|{a} {g}{s[:1]} {s[1:]}|",
            f"{cue or 'social security '}|{a}.{g}.{s}|",
        ]
    )
    _say(b, written, "ssn")


_PLATES: tuple[tuple[str, Callable[[random.Random], str]], ...] = (
    ("MA", lambda r: f"{r.randint(1, 9)}{_up(r, 3)}{_num(r, 2)}"),
    ("MA", lambda r: f"{r.randint(1, 9)}{_up(r, 2)} {_num(r, 3)}"),
    ("MA", lambda r: f"T{_num(r, 5)}"),
    ("MA", lambda r: f"{r.randint(1, 9)}{_up(r, 1)} {_num(r, 4)}"),
    ("RI", lambda r: f"{_up(r, 2)}-{_num(r, 3)}"),
    ("RI", lambda r: f"{_num(r, 3)} {_num(r, 3)}"),
    ("NH", lambda r: f"{_num(r, 7)}"),
    ("ME", lambda r: f"{_num(r, 4)} {_up(r, 2)}"),
    ("VT", lambda r: f"{_up(r, 3)} {_num(r, 3)}"),
    ("CT", lambda r: f"{_up(r, 2)} {_num(r, 5)}"),
    ("NY", lambda r: f"{_up(r, 3)}-{_num(r, 4)}"),
    ("NJ", lambda r: f"{_up(r, 1)}{_num(r, 2)}-{_up(r, 3)}"),
    ("PA", lambda r: f"{_up(r, 3)}-{_num(r, 4)}"),
    ("DE", lambda r: f"{_num(r, 6)}"),
    ("MD", lambda r: f"{r.randint(1, 9)}{_up(r, 2)}{_num(r, 4)}"),
    ("DC", lambda r: f"{_up(r, 2)}-{_num(r, 4)}"),
    ("VA", lambda r: f"{_up(r, 3)}-{_num(r, 4)}"),
    ("CA", lambda r: f"{r.randint(1, 9)}{_up(r, 3)}{_num(r, 3)}"),
    ("FL", lambda r: f"{_up(r, 1)}{_num(r, 2)} {r.randint(1, 9)}{_up(r, 2)}"),
    ("KY", lambda r: f"{_num(r, 3)}{_up(r, 3)}"),
    ("IN", lambda r: f"{_num(r, 3)}{_up(r, 2)}"),
    ("NV", lambda r: f"{_num(r, 2)}{_up(r, 1)}-{_num(r, 3)}"),
    ("OR", lambda r: f"{_num(r, 3)} {_up(r, 3)}"),
    ("LA", lambda r: f"{_num(r, 3)} {_up(r, 3)}"),
    ("TN", lambda r: f"{_up(r, 1)}{_num(r, 2)}-{r.randint(1, 9)}{_up(r, 2)}"),
    ("PR", lambda r: f"{_up(r, 3)}-{_num(r, 3)}"),
    ("QC", lambda r: f"F{_num(r, 2)} {_up(r, 3)}"),
    ("ON", lambda r: f"{_up(r, 4)} {_num(r, 3)}"),
    ("NB", lambda r: f"{_up(r, 3)}-{_num(r, 3)}"),
    ("MA", lambda r: r.choice(["GR8FUL", "OLDSALT", "NANA 95", "CAPECOD1", "4GRNDKDS", "SEAGLS"])),
)


def _plate_value(r: random.Random) -> tuple[str, str]:
    state, make = r.choice(_PLATES)
    return state, make(r)


def _plate(b: _B) -> None:
    """A plate with its state; only the plate is labelled."""
    r = b.r
    state, value = _plate_value(r)
    written = r.choice(
        [
            f"bearing {state} registration |{value}|",
            f"tag number |{value}| ({state})",
            f"LP# |{value}| {state}",
            f"with {state} plates |{value}|",
            f"Plate/State: |{value}| / {state}",
            f"plate no. |{value}|, {state}",
            f"{state} temp tag |{value}|",
            f"registered {state} |{value}|",
            f"lic. pl. |{value}| ({state})",
            f"reg |{value}| {state}",
        ]
    )
    _say(b, written, "plate")


def _v4(r: random.Random) -> str:
    first = r.choice([10, 10, 172, 192, 100, 64, 73, 96, 162, 209])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _v6(r: random.Random) -> str:
    h = [f"{r.randint(1, 0xFFFF):04x}" for _ in range(8)]
    return r.choice(
        [
            f"2001:0db8:{h[0]}:{h[1]}:0000:{h[2]}:{h[3]}:{h[4]}",
            f"FE80::{h[0].upper()}:{h[1].upper()}:{h[2].upper()}:{h[3].upper()}",
            f"2607:f8b0:{h[0].lstrip('0')}:{h[1].lstrip('0')}::{h[2].lstrip('0')}",
            f"2601:18d:{h[0].lstrip('0')}:{h[1].lstrip('0')}::{h[2][2:]}",
            f"fd12:3456:{h[0]}::{h[1].lstrip('0')}",
        ]
    )


def _ip(b: _B, where: str) -> None:
    """An address in a camera URL, a network log line or a device line; only it is labelled."""
    r = b.r
    v4, v6 = _v4(r), _v6(r)
    port = r.choice([554, 8443, 443, 8080, 37777])
    options = {
        "cam": [
            f"rtsp://|{v4}|:{port}/Streaming/Channels/101",
            f"https://|{v4}|:{port}/doc/page/preview.asp",
            f"https://[|{v6}|]:{port}/live",
            f"cam IP |{v4}| ",
            f"NVR at |{v6}|",
        ],
        "net": [
            f"DHCPACK on |{v4}| to {_mac(r)} ",
            f"64 bytes from |{v4}|: icmp_seq=1 ttl=63 time=2.1 ms",
            f"src=|{v4}| sport={port} proto=TCP ",
            f"assoc client {_mac(r)} ip6 |{v6}| ",
            f"host |{v4}| (guest-wifi) ",
            f"peer=[|{v6}|]:{port} ",
        ],
        "device": [
            f"via gateway |{v4}|",
            f"from |{v4}|:{port}",
            f"LIFENET relay [|{v6}|]",
        ],
    }
    _say(b, r.choice(options[where]), "ip")


def _mac(r: random.Random) -> str:
    return ":".join(f"{r.randint(0, 255):02x}" for _ in range(6))


def _address(b: _B, p: _Pt, style: str | None = None) -> None:
    """Street line (unit included), city and ZIP as three spans; the state is not labelled."""
    r = b.r
    style = style or r.choice(["line", "line", "lines", "caps", "full_state"])
    street = p.street + p.unit
    if style == "caps":
        street = street.upper()
    b.phi(street, "address")
    b.add("\n" if style == "lines" else ", ")
    b.phi(p.town.upper() if style == "caps" else p.town, "address")
    state = {"caps": " MA ", "full_state": ", Massachusetts ", "lines": ", MA  "}.get(style, " MA ")
    b.add(state)
    b.phi(p.zip, "address")


def _scene(b: _B, p: _Pt) -> None:
    """Where EMS found the patient: home, an intersection or a business lot."""
    r = b.r
    k = r.randrange(3)
    if k == 0:
        b.add("pt residence, ")
        _address(b, p, "line")
    elif k == 1:
        a, c = r.sample(_STREETS, 2)
        b.add("intersection of ")
        b.phi(a, "address")
        b.add(" & ")
        b.phi(c, "address")
        b.add(", ")
        b.phi(r.choice(_TOWNS), "address")
    else:
        b.add(r.choice(["parking lot of the Stop & Shop, ", "CVS lot, ", "church hall, "]))
        b.phi(f"{r.randint(10, 900)} {r.choice(_STREETS)}", "address")
        b.add(", ")
        b.phi(r.choice(_TOWNS), "address")


def _name(b: _B, w: _Who, style: str | None = None) -> None:
    r = b.r
    styles = {
        "full": f"{w.given} {w.family}",
        "mid": f"{w.given} {w.middle}. {w.family}",
        "rev": f"{w.family}, {w.given}",
        "rev_mid": f"{w.family.upper()}, {w.given.upper()} {w.middle}",
        "slash": f"{w.family.upper()}/{w.given.upper()}",
        "board": f"{w.family} {w.given[0]}",
        "init": f"{w.given[0]}. {w.family}",
        "lower": f"{w.given.lower()} {w.family.lower()}",
        "caps": f"{w.given.upper()} {w.family.upper()}",
        "nick": f'{w.given} "{_NICK[w.given]}" {w.family}' if w.given in _NICK else "",
    }
    chosen = style or r.choice(list(styles))
    b.phi(styles[chosen] or styles["mid"], "name")


def _plan(b: _B, p: _Pt) -> None:
    r = b.r
    a, g, s = p.ssn
    written = r.choice(
        [
            f"Medicare # |{a}-{g}-{s}A|",
            f"Member ID: |XGH{_num(r, 9)}|",
            f"Subscriber # |{_num(r, 9)}-01|",
            f"Policy No. |W{_num(r, 9)}|",
            f"Medicaid ID |1000{_num(r, 8)}|",
            f"HMO Blue ID |ZCB{_num(r, 9)}|",
            f"Harvard Pilgrim |{_num(r, 11)}|",
            f"Tricare DBN |{_num(r, 10)}|",
            f"VA ICN |10{_num(r, 8)}V{_num(r, 6)}|",
            f"AARP supp. |{_num(r, 9)}{r.randint(1, 9)}1|",
        ]
    )
    _say(b, written, "plan")


def _acc(r: random.Random, d: date, prefix: str | None = None) -> str:
    yy = f"{d.year % 100:02d}"
    pre = prefix or r.choice(["S", "SP-", "S", "CY", "NG"])
    return r.choice([f"{pre}{yy}-{_num(r, 5)}", f"{pre}{yy}-{r.randint(1, 40000)}"])


# --------------------------------------------------------------------------- note styles


def _run_sheet(b: _B, p: _Pt) -> None:
    r = b.r
    s = p.staff
    b.add(
        f"{r.choice(['SOUTH SHORE', 'OLD COLONY', 'BAY STATE'])} AMBULANCE - PATIENT CARE REPORT\n"
    )
    b.add("Incident #: ")
    b.phi(f"{p.day.year}-{_num(r, 6)}", "account")
    b.add("   PCR# ")
    b.phi(_num(r, 8), "account")
    b.add(f"   Unit: Medic {r.randint(2, 40)}   Shift B\nDate of service: ")
    _date(b, p.day, r.choice(["mdy", "wd_mdy", "mil", "dmy_caps"]))
    h = r.randint(0, 21)
    b.add(f"\nTimes: PSAP {h:02d}:02:11 | Disp {h:02d}:02:40 | Enrt {h:02d}:03 | OnScn {h:02d}:09 ")
    b.add(f"| PtCont {h:02d}:10 | Trnsp {h:02d}:31 | AtDest {h:02d}:46 | Avail {h + 1:02d}:20\n")
    b.add("Dispatch: FALL / 911 from ")
    _name(b, p.nok, r.choice(["full", "caps"]))
    b.add(f" ({p.rel}) cb ")
    _phone(b, p.cell)
    b.add("\nScene: ")
    _scene(b, p)
    b.add("\n\nPATIENT: ")
    _name(b, p.who, r.choice(["slash", "rev_mid"]))
    b.add(f"   Sex: {p.sex}   DOB: ")
    _date(b, p.dob, r.choice(["mdy", "iso", "dmy_caps"]))
    b.add("   ")
    _age(b, p.age, p.sex)
    b.add("\nHome: ")
    _address(b, p)
    b.add("   Ph: ")
    _phone(b, p.phone)
    b.add("\n")
    _ssn(b, p)
    b.add("   Payer: ")
    _plan(b, p)
    b.add("\nNOK: ")
    _name(b, p.nok, r.choice(["full", "rev"]))
    b.add(f" ({p.rel}) ")
    _phone(b, p.cell)
    b.add("\nCrew: P1 ")
    _name(b, s[0], "board")
    b.add(" (EMT-P) / B1 ")
    _name(b, s[1], r.choice(["init", "rev"]))
    b.add(" (EMT-B)\n")
    if r.random() < 0.5:
        b.add("\nMVC: | Veh | Vehicle | Plate | State | Driver |\n|---|---|---|---|---|\n")
        for k in (1, 2):
            state, value = _plate_value(r)
            b.add(f"| {k} | {r.choice(_CARS)} | ")
            b.phi(value, "plate")
            b.add(f" | {state} | ")
            if k == 1:
                b.add("pt")
            else:
                _name(b, _who(r), r.choice(["full", "rev", "init"]))
            b.add(" |\n")
        b.add("Pt restrained driver veh 1, airbags deployed, self-extricated.\n")
    b.add("\nNARRATIVE: Medic responded emergent to the above for ")
    _age(b, p.age, p.sex)
    b.add("found on kitchen floor by ")
    b.add(p.rel)
    b.add(" ")
    _name(b, p.nok, r.choice(["lower", "full", "init"]))
    b.add('. Pt states "I just went down." Last known well ')
    _date(b, p.day - timedelta(days=1), r.choice(["wd_the_ord", "last_wd", "mon_d", "on_the"]))
    b.add(" evening. GCS 14, BGL 132, BP 168/94, HR 88 irreg, SpO2 95% RA. Shortening and ")
    b.add("external rotation L leg. Fentanyl 50 mcg IN. 12-lead AFib, no STE, transmitted ")
    _ip(b, "device")
    b.add(". Lives with ")
    if p.nok_age > 89:
        b.add(p.rel + ", ")
        b.phi(str(p.nok_age), "age")
        b.add(", who is not able to care for pt.")
    else:
        b.add(f"{p.rel} ({p.nok_age}).")
    b.add(f"\nTransported to {r.choice(_HOSPITALS)} ED. Care transferred to ")
    _name(b, s[2], r.choice(["full", "init"]))
    b.add(", RN at bedside. Report given to Dr. ")
    b.phi(s[3].family, "name")
    b.add(".\nSignature: /s/ ")
    _name(b, s[0], "full")
    b.add(", NRP   ")
    _date(b, p.day, r.choice(["mdyy", "mdy", "iso"]))
    b.add(f" {h + 1:02d}{r.randint(0, 59):02d}\n")


def _triage(b: _B, p: _Pt) -> None:
    r = b.r
    s = p.staff
    b.add("ED TRIAGE / QUICK REGISTRATION\nArrival: ")
    _date(b, p.day, r.choice(["wd_mdy", "mdy", "ymd_slash", "mdy_dots"]))
    b.add(f" {r.randint(0, 23):02d}:{r.randint(0, 59):02d} via ")
    b.add(r.choice(["Medic 7", "private vehicle", "walk-in", "wheelchair van"]))
    b.add("   Trackboard: ")
    _name(b, p.who, "board")
    b.add(f"  Rm {r.choice(['H12', 'T3', '14', 'Hall 2'])}\n")
    b.add("Reg: ")
    _name(b, p.who, r.choice(["slash", "rev_mid"]))
    b.add("  MRN ")
    b.phi(p.mrn, "mrn")
    b.add("  FIN ")
    b.phi(_num(r, 9), "account")
    b.add("  DOB/Age: ")
    _date(b, p.dob, r.choice(["mdy", "mdyy", "dmy_caps"]))
    b.add(" (")
    if p.age > 89:
        b.phi(str(p.age), "age")
    else:
        b.add(str(p.age))
    b.add(")\nBarcode: *")
    b.phi(p.mrn.replace("-", ""), "mrn")
    b.add(f"*\nESI {r.choice([2, 2, 3])}   CC: fall, L hip pain\nTriage note: ")
    _age(b, p.age, p.sex)
    b.add("from home, ")
    b.add(r.choice(["tripped over the cat", "slid out of recliner", "fell in the bathroom"]))
    b.add(" ")
    _date(b, p.day, r.choice(["wd_the_ord", "the_ord_of", "month_the", "on_the"]))
    b.add(". ")
    b.add(p.rel.capitalize() + " ")
    _name(b, p.nok, r.choice(["full", "nick", "lower", "mid"]))
    b.add(" at bedside, best contact ")
    _phone(b, p.cell)
    b.add(". Pt's PCP is Dr. ")
    b.phi(s[4].family, "name")
    b.add("; last seen in clinic ")
    _range(b, p.day - timedelta(days=r.randint(20, 90)))
    b.add(" for a UTI.\nAllergies: PCN (rash), sulfa.  Meds per ")
    _name(b, p.nok, "init")
    b.add("'s list.\n")
    b.add("Guarantor: ")
    _name(b, p.nok, r.choice(["rev", "full"]))
    b.add(f" ({p.rel}); ")
    _ssn(b, p, guarantor=r.random() < 0.5)
    b.add("\nPrimary: ")
    _plan(b, p)
    b.add("   Secondary: ")
    _plan(b, p)
    b.add("\nVerified address: ")
    _address(b, p)
    b.add("; email ")
    b.phi(p.email, "email")
    b.add("; home ")
    _phone(b, p.phone)
    b.add("\nBelongings: wallet, phone, hearing aids. Pt's car left in ED lot, ")
    _plate(b)
    b.add("; ")
    _name(b, p.nok, "init")
    b.add(" to move it.\nTriage RN: ")
    _name(b, s[2], r.choice(["full", "rev", "init"]))
    b.add(", RN   ")
    _date(b, p.day, r.choice(["mdyy", "compact6", "mdy"]))
    b.add(f" {r.randint(0, 23):02d}{r.randint(0, 59):02d}\n")


def _operative(b: _B, p: _Pt) -> None:
    r = b.r
    s = p.staff
    b.add("OPERATIVE REPORT\nPatient: ")
    _name(b, p.who, r.choice(["rev", "full", "rev_mid"]))
    b.add("    MRN: ")
    b.phi(p.mrn, "mrn")
    b.add("    Acct: ")
    b.phi(f"V{_num(r, 10)}", "account")
    b.add("\nDate of Surgery: ")
    surgery = p.day + timedelta(days=r.randint(0, 2))
    _date(b, surgery, r.choice(["wd_full", "mdy", "dmy_words", "mil"]))
    b.add("    ")
    _age(b, p.age, p.sex)
    b.add("\nSurgeon: ")
    _name(b, s[5], r.choice(["full", "mid"]))
    b.add(", MD    Assistant: ")
    _name(b, s[6], r.choice(["full", "init"]))
    b.add(", PA-C\nAnesthesia: ")
    _name(b, s[7], r.choice(["full", "rev"]))
    b.add(", MD / ")
    _name(b, s[1], "init")
    b.add(", CRNA    Circulator: ")
    _name(b, s[2], r.choice(["board", "init"]))
    b.add(", RN    Scrub: ")
    b.phi(s[0].given, "name")
    hip = r.random() < 0.6
    b.add(" (CST)\n\nPREOPERATIVE DIAGNOSIS: ")
    b.add("Left displaced femoral neck fracture" if hip else "Complete heart block with syncope")
    b.add(" (fall at home ")
    _date(b, p.day, r.choice(["mon_d", "mdyy", "wd_the_ord"]))
    b.add(").\n")
    if hip:
        b.add("PROCEDURE: Left hip hemiarthroplasty, cemented, posterior approach.\n\nIMPLANTS:\n")
        b.add("| Item | Mfr | REF | LOT | SN / UDI | Exp |\n|---|---|---|---|---|---|\n")
        for item in ("Femoral stem, size 12", "Bipolar head 46 mm", "Cement restrictor"):
            b.add(f"| {item} | {r.choice(['Stryker', 'DePuy', 'Zimmer'])} | ")
            b.add(f"{_num(r, 4)}-{_num(r, 1)}-{_num(r, 3)} | {_up(r, 3)}{_num(r, 4)} | ")
            if r.random() < 0.5:
                b.add(f"(01)0{_num(r, 13)}(17){(p.day.year + 4) % 100:02d}0430(10){_up(r, 2)}")
                b.add(f"{_num(r, 4)}(21)")
                b.phi(f"{_up(r, 1)}{_num(r, 7)}", "serial")
            else:
                b.phi(f"{_num(r, 8)}", "serial")
            b.add(f" | {p.day.year + 3}-0{r.randint(1, 9)} |\n")
        b.add("\nSPECIMEN: Femoral head to pathology (")
    else:
        b.add("PROCEDURE: Dual-chamber pacemaker implantation, left subclavian.\n\nIMPLANTS:\n")
        b.add("Generator: Medtronic Azure XT DR MRI, model W1DR01, SN ")
        b.phi(f"RNK{_num(r, 6)}S", "serial")
        b.add("\nRA lead 5076-52 cm, SN: ")
        b.phi(f"PJN{_num(r, 7)}", "serial")
        b.add("\nRV lead 5076-58 cm, Serial No. ")
        b.phi(f"{_num(r, 4)}-{_num(r, 4)}-{_num(r, 2)}", "serial")
        b.add(f"\nLOT {_up(r, 2)}{_num(r, 5)} (pocket antibiotic envelope)\n\nSPECIMEN: none (")
    b.phi(_acc(r, p.day), "accession")
    b.add(")\nEBL 200 mL. Findings as expected. ")
    b.add("Prior path on this pt: ")
    b.phi(_acc(r, p.day - timedelta(days=900)), "accession")
    b.add(" (benign).\n")
    b.add("Post-op, pt's ")
    b.add(p.rel)
    b.add(" ")
    _name(b, p.nok, r.choice(["full", "nick", "mid"]))
    b.add(" updated by phone at ")
    _phone(b, p.cell)
    b.add(". Implant registry card to be mailed to ")
    _address(b, p)
    b.add(".\nDictated by: ")
    _name(b, s[5], "rev")
    b.add(" on ")
    _date(b, surgery, r.choice(["mdyy", "iso", "mdy_dots"]))
    b.add(f"   Job # {_num(r, 7)}\nElectronically signed by ")
    _name(b, s[5], r.choice(["full", "mid"]))
    b.add(", MD on ")
    _date(b, surgery + timedelta(days=1), r.choice(["mdy", "wd_mdy", "ymd_slash"]))
    b.add(f" at {r.randint(7, 19):02d}{r.randint(0, 59):02d}\n")


def _path_log(b: _B, p: _Pt) -> None:
    r = b.r
    s = p.staff
    acc = _acc(r, p.day)
    b.add("SURGICAL PATHOLOGY - SPECIMEN TRACKING LOG\nAccession: ")
    b.phi(acc, "accession")
    b.add("    Received: ")
    _date(b, p.day, r.choice(["mdy", "dmy_caps", "iso", "mil"]))
    b.add(f" {r.randint(8, 17):02d}:{r.randint(0, 59):02d}\nPt: ")
    _name(b, p.who, r.choice(["rev_mid", "rev", "slash"]))
    b.add("   MRN: ")
    b.phi(p.mrn, "mrn")
    b.add("   DOB: ")
    _date(b, p.dob, r.choice(["mdy", "mdyy", "dmy_words"]))
    b.add("   ")
    _age(b, p.age, p.sex, caps=r.random() < 0.3)
    b.add("\nCollected ")
    _date(b, p.day, r.choice(["mdyy", "mon_d", "compact6"]))
    b.add(" by ")
    _name(b, s[5], r.choice(["init", "board"]))
    b.add(". Submitting: Dr. ")
    _name(b, s[5], r.choice(["full", "mid"]))
    b.add("  Ph ")
    _phone(b, (r.choice(["781", "508"]), f"{r.randint(201, 989)}", _num(r, 4)))
    b.add("  Fax ")
    _phone(b, (r.choice(["781", "508"]), f"{r.randint(201, 989)}", _num(r, 4)))
    b.add("\nCopy to: PCP ")
    _name(b, s[4], r.choice(["full", "rev", "init"]))
    b.add(", MD\n\nCLINICAL HISTORY: ")
    _age(b, p.age, p.sex)
    b.add("with rectal bleeding. Prior ")
    b.phi(_acc(r, p.day - timedelta(days=r.randint(400, 2000)), "S"), "accession")
    b.add(" (tubular adenoma). Colonoscopy ")
    _date(b, p.day, r.choice(["mon_dot_apos", "month_the", "the_ord_of"]))
    b.add(".\n\nSPECIMENS: A. Sigmoid mass, biopsy  B. Polyp at 30 cm  C. Random colon bx\n")
    b.add("BLOCKS/SLIDES:\n")
    for part in "ABC":
        for k in range(1, r.randint(2, 3)):
            b.phi(acc, "accession")
            b.add(f" {part}{k}   H&E x3   {r.choice(['cut', 'stained', 'to path'])}\n")
    if r.random() < 0.5:
        b.add("Frozen section ")
        b.phi(_acc(r, p.day, "FS"), "accession")
        b.add(f" called to OR 4 at {r.randint(8, 16)}:{r.randint(10, 59)} by Dr. ")
        b.phi(s[6].family, "name")
        b.add(" to Dr. ")
        b.phi(s[5].family, "name")
        b.add(" (read back).\n")
    b.add("Result routed to ")
    b.phi(f"https://pathportal.ssh-lab.org/case/{acc.replace('-', '')}", "url")
    b.add("; outside consult slides sent to ")
    b.phi(
        f"{s[7].given.lower()[:1]}{''.join(c for c in s[7].family.lower() if c.isalpha())}"
        "@bwh-path.org",
        "email",
    )
    b.add(" per ")
    b.phi(s[7].family, "name")
    b.add("'s request." if r.random() < 0.5 else " request.")
    b.add("\nBilling: ")
    _plan(b, p)
    b.add("   ")
    _ssn(b, p)
    b.add("   Pt address ")
    _address(b, p, r.choice(["line", "caps"]))
    b.add("\nGrossed by ")
    _name(b, s[1], r.choice(["lower", "init", "board"]))
    b.add(f", PA(ASCP)   verified {_WD3[p.day.weekday()]} ")
    _date(b, p.day + timedelta(days=1), r.choice(["mdy", "mdyy"]))
    b.add("\n")


def _security(b: _B, p: _Pt) -> None:
    r = b.r
    s = p.staff
    b.add("PUBLIC SAFETY - INCIDENT REPORT  IR-")
    b.phi(f"{p.day.year % 100:02d}-{_num(r, 5)}", "account")
    b.add("\nDate/Time: ")
    _date(b, p.day, r.choice(["wd_full", "wd_mdy", "mdy", "dmy_caps"]))
    b.add(f" approx {r.randint(0, 23):02d}{r.randint(0, 59):02d} hrs   Location: ")
    b.add(r.choice(["ED ambulance bay", "Garage B level 2", "Main lobby", "4 West corridor"]))
    b.add("\nReporting officer: Ofc. ")
    _name(b, s[0], r.choice(["full", "init", "caps"]))
    b.add(f" (badge {r.randint(100, 999)})   Supervisor: Sgt. ")
    b.phi(s[1].family, "name")
    b.add("\n\nPERSONS: (1) Patient ")
    _name(b, p.who, r.choice(["full", "rev", "caps"]))
    b.add(", MRN ")
    b.phi(p.mrn, "mrn")
    b.add(", ")
    _age(b, p.age, p.sex)
    b.add("\n(2) Visitor ")
    _name(b, p.nok, r.choice(["full", "mid", "caps"]))
    b.add(f", {p.rel}, DOB ")
    _date(b, date(p.day.year - r.randint(45, 70), r.randint(1, 12), r.randint(1, 28)), "mdy")
    b.add(", of ")
    _address(b, p)
    b.add(", cell ")
    _phone(b, p.cell)
    b.add("\nVEHICLE: ")
    b.add(r.choice(_CARS))
    b.add(", ")
    _plate(b)
    b.add(", left unattended in ambulance bay; towed by Hanlon's Towing at ")
    b.add(f"{r.randint(0, 23):02d}{r.randint(10, 59)}.\n")
    b.add("\nNARRATIVE: Visitor became verbally aggressive with RN ")
    _name(b, s[2], r.choice(["full", "lower", "init"]))
    b.add(" over visiting hours. Visitor stated pt is ")
    if p.age > 89:
        b.phi(str(p.age), "age")
    else:
        b.add(str(p.age))
    b.add(' and "has a right to have family here." De-escalated without restraint. Trespass ')
    b.add("warning issued, to be mailed to the above address and to ")
    b.phi(p.email, "email")
    b.add(". ")
    b.phi(p.nok.given, "name")
    b.add(" escorted out by Ofc. ")
    b.phi(s[3].family.upper(), "name")
    b.add(".\n\nCCTV: ")
    _ip(b, "cam")
    b.add(" and ")
    _ip(b, "cam")
    b.add("; clip exported to ")
    b.phi(f"https://evidence.ps-hosp.net/share/{_up(r, 2).lower()}{_num(r, 6)}", "url")
    b.add("\nGuest Wi-Fi (visitor's phone):\n")
    for _ in range(r.randint(2, 3)):
        stamp = p.day
        b.phi(f"{_MON[stamp.month - 1]} {stamp.day:2d}", "date")
        b.add(f" {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} wlc01 ")
        _ip(b, "net")
        b.add("\n")
    b.add(f"{r.choice(_TOWNS)} PD notified, case # ")
    b.phi(f"{p.day.year % 100:02d}-{_num(r, 4)}-OF", "account")
    b.add(", Officer ")
    _name(b, s[4], r.choice(["full", "init"]))
    b.add(".\nReviewed: Dir. of Public Safety ")
    _name(b, s[5], r.choice(["full", "rev"]))
    b.add(", ")
    _date(b, p.day + timedelta(days=r.randint(1, 3)), r.choice(["mdyy", "mdy_dots", "mon_d"]))
    b.add("\n")


def _pronouncement(b: _B, p: _Pt) -> None:
    r = b.r
    s = p.staff
    she, her = ("she", "her") if p.sex == "F" else ("he", "his")
    b.add("DEATH PRONOUNCEMENT NOTE\nCalled by ")
    _name(b, s[2], r.choice(["full", "init"]))
    b.add(f", RN at {r.randint(0, 5):02d}{r.randint(0, 59):02d} to pronounce ")
    _name(b, p.who, r.choice(["full", "mid", "nick"]))
    b.add(" (MRN ")
    b.phi(p.mrn, "mrn")
    b.add("), ")
    _age(b, p.age, p.sex)
    b.add("on comfort measures since ")
    _date(b, p.day - timedelta(days=r.randint(1, 5)), r.choice(["wd_the_ord", "mon_d", "last_wd"]))
    b.add(".\nExam: no response to verbal or tactile stimuli, pupils fixed, no heart sounds x1 ")
    b.add("min, no breath sounds. Time of death ")
    b.add(f"{r.randint(0, 5):02d}:{r.randint(0, 59):02d} on ")
    _date(b, p.day, r.choice(["wd_full", "mdy", "the_ord_of", "dmy_caps", "mil"]))
    b.add(".\nAge at death: ")
    if p.age > 89:
        b.phi(str(p.age), "age")
    else:
        b.add(str(p.age))
    b.add(f". {she.capitalize()} would have turned ")
    if p.age + 1 > 89:
        b.phi(str(p.age + 1), "age")
    else:
        b.add(str(p.age + 1))
    b.add(" on ")
    nxt = p.dob.replace(
        year=p.day.year if (p.dob.month, p.dob.day) > (p.day.month, p.day.day) else p.day.year + 1
    )
    _date(b, nxt, r.choice(["month_the", "mon_d", "the_ord_of"]))
    b.add(".\n\nFamily: ")
    b.add(p.rel)
    b.add(" ")
    _name(b, p.nok, r.choice(["full", "nick", "mid", "lower"]))
    b.add(" at bedside" if r.random() < 0.5 else " notified by phone ")
    if r.random() < 0.7:
        b.add(" (")
        _phone(b, p.cell)
        b.add(")")
    b.add(". ")
    if p.nok_age > 89:
        b.add(f"{her.capitalize()} spouse, ")
        b.phi(str(p.nok_age), "age")
        b.add(", lives at ")
        b.phi(f"{r.randint(2, 300)} {r.choice(_STREETS)}", "address")
        b.add(", ")
        b.phi(r.choice(_TOWNS), "address")
        b.add(" and was informed by the chaplain.")
    b.add(" Chaplain ")
    _name(b, s[3], r.choice(["full", "init"]))
    b.add(" present.\nMedical Examiner: reported to OCME ")
    _date(b, p.day, r.choice(["mdyy", "wd_mdy"]))
    b.add(" (fall with hip fracture), investigator ")
    _name(b, s[4], r.choice(["full", "rev"]))
    b.add(", ME case # ")
    b.phi(f"{p.day.year}-{_num(r, 4)}", "account")
    b.add(", jurisdiction declined.\nNEOB referral # ")
    b.phi(f"{_num(r, 6)}-{_num(r, 2)}", "account")
    b.add(", not a candidate.  Autopsy declined by ")
    b.add(p.rel)
    b.add(".\nFuneral home: ")
    b.add(r.choice(_FUNERAL))
    b.add(", ph ")
    _phone(b, ("781", f"{r.randint(201, 989)}", _num(r, 4)))
    b.add(", director ")
    _name(b, s[6], r.choice(["full", "init"]))
    b.add(" <")
    b.phi(
        f"{s[6].given.lower()}@{r.choice(['kelleherfh', 'pynekeohane', 'sullivanfh'])}.com", "email"
    )
    b.add(">. Family tribute page: ")
    slug = f"{p.who.given.lower()}-{''.join(c for c in p.who.family.lower() if c.isalpha())}"
    b.phi(
        r.choice(
            [
                f"https://www.legacy.com/us/obituaries/name/{slug}-obituary?id={_num(r, 8)}",
                f"www.gofundme.com/f/{slug}-final-expenses",
                f"https://www.facebook.com/{slug.replace('-', '.')}.{_num(r, 3)}",
            ]
        ),
        "url",
    )
    b.add("\n\nDeath certificate worksheet: decedent ")
    _name(b, p.who, r.choice(["rev_mid", "caps"]))
    b.add("; ")
    _ssn(b, p)
    b.add("; DOB ")
    _date(b, p.dob, r.choice(["mdy", "dmy_words", "wd_full"]))
    b.add("; residence ")
    _address(b, p, r.choice(["line", "full_state"]))
    b.add("; father ")
    _name(b, _Who(r.choice(_GIVEN_M), p.who.family), "full")
    b.add("; mother's maiden name ")
    b.phi(r.choice(_FAMILY), "name")
    b.add("; informant ")
    _name(b, p.nok, r.choice(["full", "rev"]))
    b.add(f" ({p.rel}).\n/s/ ")
    _name(b, s[7], "full")
    b.add(", MD (night hospitalist)  ")
    _date(b, p.day, r.choice(["mdy", "mdyy", "compact6"]))
    b.add("\n")


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
        ctx.update({"ssn": "-".join(p.ssn), "phone": "-".join(p.phone), "zip": p.zip[:5]})
        ctx["city"] = p.town
    return ctx


_STYLES = (_run_sheet, _triage, _operative, _path_log, _security, _pronouncement)


def generate(n: int, seed: int = DEFAULT_SEED) -> list[LabelledNote]:
    """``n`` labelled acute-care notes, each with its patient context."""
    r = random.Random(seed)
    notes = []
    for i in range(n):
        b = _B(r)
        p = _patient(r)
        _STYLES[i % len(_STYLES)](b, p)
        notes.append(LabelledNote(b.text(), _context(r, p), b.spans))
    return notes


def main(argv: Sequence[str] | None = None) -> int:
    return run(
        generate,
        KINDS,
        "5 (EMS/triage/operative/pathology/security/pronouncement)",
        description=(__doc__ or "").splitlines()[0],
        default_n=300,
        default_seed=DEFAULT_SEED,
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
