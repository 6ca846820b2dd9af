"""A fourth held-out style, written blind (before its author read the recognizers) and committed
before any tuning: telephone encounters, overnight answering-service messages, pharmacy
medication reconciliations, social-work phone calls (Medicaid, placards, rides) and patient-access
call-centre tickets with softphone (SIP) and portal log lines.

None of the earlier generators writes call records: caller/relationship/callback headers,
all-caps operator messages, fill-history tables with Rx numbers and insurance lines, spoken-style
numbers given over the phone, SIP URIs with IPv4/IPv6 hosts, recording links. The PHI formats are
chosen to differ from the earlier styles too: SSNs with en dashes, colons and no separators after
"social", "SS#", "soc"; plates of about 25 states, vanity and handicap plates; IPv6 compressed,
bracketed with ports, IPv4-mapped and zoned; ages as ``Pt is 93.``, ``AGE: 95Y``, ``93 YOF``,
``F/96``, ``ninety-two year old``; dates with weekday names, ordinal words, ranges, month/year.

Span conventions follow ``notes_heldout_dictation.py``: fine kinds as labels, titles and
credentials outside name spans, weekday names, times, states and bare years never labelled,
ages labelled only over 89, an address split into street line / city / ZIP spans. Kinds added
here: ``account`` (hospital account, encounter CSN, Rx numbers, claim numbers), ``plan`` (health
plan member / Medicare / Medicaid numbers) and ``serial`` (device serials). About a quarter of
the notes carry no patient context.

    python benchmarks/notes_heldout_telephone.py                  # 300 notes, seed 9001
    python benchmarks/notes_heldout_telephone.py --seed 9002 --show-misses
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

DEFAULT_SEED = 9001
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
)

_GIVEN = (
    "Hye-jin Tadeusz Aoife Marie-Claude Jaroslav Wanjiru Rosalba Everton Beatriz Seo-yeon Cosmin "
    "Radhika Fionnuala Gaston Ludmila Dashiell Imani Nnamdi Yevgenia Ramón Concetta Takeshi "
    "Lucienne Wojciech Anneliese Kofi Mirela Herschel Parveen Clementine Joaquim Faith Grant Rose "
    "Major Bill Summer Hunter Ivy Sterling"
).split()
_FAMILY_L = (
    "Ferreira|Baptiste|Wiśniewski|Ó Dálaigh|Kamau|Raghunathan|Lindgren|Petrović|Castellano|"
    "Saint-Fleur|Yamaguchi|Dumitrescu|Mwangi|Goldfarb|Carvalho|Zielinski|Mahoney|Desrosiers|"
    "Papageorgiou|Oyelowo|Sandoval|Kuznetsova|Abernathy-Cole|Vo|Joseph|Price|Young|King|Bishop|"
    "Strong|Rich|Fields|Love|Winter|Hand|Moody"
).split("|")
_TOWNS = (
    "Dorchester|Mattapan|Hyde Park|Randolph|Stoughton|Framingham|Marlborough|Gardner|Athol|Ware|"
    "Palmer|Southbridge|Webster|Fall River|New Bedford|Swansea|Hope Valley|Pawtucket"
).split("|")
_ROADS = (
    "Morton St|River Street|Cummins Hwy|Pond St.|N. Main Street|Boylston Ave|Rte 20|County Road|"
    "Spring Hill Terrace|Bay State Rd|Fuller St|Old Turnpike Rd|Centre Ave|Harbor View Dr"
).split("|")
_PHARMACIES = ("CVS #", "Walgreens #", "Stop & Shop Pharmacy #", "Rite Aid #", "Walmart Pharmacy #")
_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_WD3 = ("Mon", "Tues", "Wed", "Thurs", "Fri", "Sat", "Sun")
_ORD = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first"
).split()
_TENS = {90: "ninety", 100: "one hundred"}
_ONES = "one two three four five six seven eight nine".split()
_MEDS = (
    ("furosemide", "40 mg tab", "1 PO daily"),
    ("apixaban", "2.5 mg tab", "1 PO BID"),
    ("metoprolol succinate", "25 mg ER", "1 PO daily"),
    ("levothyroxine", "75 mcg", "1 PO qAM"),
    ("donepezil", "5 mg", "1 PO qHS"),
    ("atorvastatin", "20 mg", "1 PO qHS"),
    ("tamsulosin", "0.4 mg cap", "1 PO daily"),
    ("insulin glargine", "100 u/mL pen", "12 units SC qHS"),
    ("acetaminophen", "500 mg", "2 PO q8h PRN"),
    ("sertraline", "50 mg", "1 PO daily"),
)
_DEVICES = (
    ("CPAP", "SN "),
    ("glucometer", "serial # "),
    ("home O2 concentrator", "S/N: "),
    ("hearing aid (L)", "serial "),
    ("pacemaker", "device serial "),
    ("insulin pump", "SN#"),
)


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _num(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _nth(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _age_words(n: int) -> str:
    if n >= 100:
        return "one hundred" + ("" if n == 100 else f" and {_ONES[n - 101]}")
    return "ninety" if n == 90 else f"ninety-{_ONES[n - 91]}"


# --------------------------------------------------------------------------- the cast


@dataclass
class _Who:
    given: str
    family: str


def _who(r: random.Random) -> _Who:
    return _Who(r.choice(_GIVEN), r.choice(_FAMILY_L))


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
    town: str
    zip: str
    phone: tuple[str, str, str]
    alt_phone: tuple[str, str, str]
    email: str
    caller: _Who
    rel: str
    doc: _Who
    nurse: _Who
    rph: _Who


def _patient(r: random.Random) -> _Pt:
    who = _who(r)
    age = r.choice([r.randint(90, 106)] * 4 + [r.randint(70, 89)])
    day = date(2019, 6, 1) + timedelta(days=r.randint(0, 1300))
    dob = date(day.year - age, r.randint(1, 12), r.randint(1, 28))
    if (dob.month, dob.day) > (day.month, day.day):
        dob = dob.replace(year=dob.year - 1)
    caller = _Who(r.choice(_GIVEN), who.family if r.random() < 0.6 else r.choice(_FAMILY_L))
    slug = who.given.split("-")[0].lower().translate(str.maketrans("éáó", "eao"))
    fam = who.family.lower().replace(" ", "").replace("-", "").replace("ś", "s").replace("ć", "c")
    email = r.choice(
        [
            f"{slug}.{fam}{r.randint(20, 99)}@aol.com",
            f"{fam[:6]}{slug[0]}@charter.net",
            f"grandma{slug}@outlook.com",
            f"{slug}_{fam}@icloud.com",
        ]
    )
    return _Pt(
        who=who,
        sex=r.choice("FM"),
        age=age,
        day=day,
        dob=dob,
        mrn=r.choice([_num(r, 8), f"{_num(r, 3)}-{_num(r, 3)}-{_num(r, 3)}", f"M{_num(r, 9)}"]),
        ssn=(f"{r.randint(100, 665):03d}", f"{r.randint(1, 99):02d}", _num(r, 4)),
        street=f"{r.randint(2, 2999)} {r.choice(_ROADS)}",
        town=r.choice(_TOWNS),
        zip=f"0{r.randint(1000, 2799)}",
        phone=(r.choice(["508", "774", "617", "413", "401"]), f"{r.randint(201, 989)}", _num(r, 4)),
        alt_phone=(r.choice(["857", "978", "781"]), f"{r.randint(201, 989)}", _num(r, 4)),
        email=email,
        caller=caller,
        rel=r.choice(["daughter", "son", "niece", "granddaughter", "HCP", "neighbor", "wife"]),
        doc=_who(r),
        nurse=_who(r),
        rph=_who(r),
    )


# --------------------------------------------------------------------------- PHI writers


def _phone(b: _B, parts: tuple[str, str, str], style: str | None = None) -> None:
    a, e, n = parts
    r = b.r
    styles = {
        "paren": f"({a}) {e}-{n}",
        "dash": f"{a}-{e}-{n}",
        "bare": f"{a}{e}{n}",
        "dots": f"{a}.{e}.{n}",
        "spaces": f"{a} {e} {n}",
        "plus1": f"+1 {a} {e} {n}",
        "one": f"1-{a}-{e}-{n}",
        "ext": f"{a}-{e}-{n} x{_num(r, 3)}",
        "ext2": f"({a}){e}-{n} ext. {_num(r, 4)}",
    }
    b.phi(styles[style or r.choice(list(styles))], "phone")


def _date(b: _B, d: date, style: str | None = None) -> None:
    """A date, with an unlabelled weekday or article where the style has one."""
    r = b.r
    yy = f"{d.year % 100:02d}"
    wd = _DAYS[d.weekday()]
    styles = {
        "mdy": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdyy": f"{d.month}/{d.day}/{yy}",
        "md": f"{d.month}/{d.day}",
        "wd_md": f"{_WD3[d.weekday()]} |{d.month}/{d.day}",
        "wd_long": f"{wd}, |{_MONTHS[d.month - 1]} {d.day}{_nth(d.day)}",
        "wd_the": f"{wd} the |{_ORD[d.day - 1]}",
        "ord_of": f"the |{_ORD[d.day - 1]} of {_MONTHS[d.month - 1]}",
        "mon_ord": f"{_MONTHS[d.month - 1]} {_ORD[d.day - 1]}",
        "dash_mon": f"{d.day}-{_MON[d.month - 1]}-{d.year}",
        "caps": f"{_MON[d.month - 1].upper()} {d.day:02d} {d.year}",
        "iso": d.isoformat(),
        "dots": f"{d.month:02d}.{d.day:02d}.{yy}",
        "compact": f"{d.year}{d.month:02d}{d.day:02d}",
        "mon_year": f"{_MONTHS[d.month - 1]} {d.year}",
        "mm_yyyy": f"{d.month:02d}/{d.year}",
        "day_mon": f"{d.day} {_MONTHS[d.month - 1]}",
    }
    written = styles[style or r.choice(list(styles))]
    lead, _, value = written.rpartition("|")
    b.add(lead)
    b.phi(value, "date")


def _range(b: _B, d: date) -> None:
    """Two dates or a day range, each date element labelled."""
    r = b.r
    end = d + timedelta(days=r.randint(1, 6))
    m = _MONTHS[d.month - 1]
    style = r.randrange(5)
    if style == 0 and end.month == d.month:
        b.phi(f"{_MON[d.month - 1]} {d.day}\u2013{end.day}, {d.year}", "date")
    elif style == 1:
        b.phi(f"{d.month}/{d.day}-{end.month}/{end.day}", "date")
    elif style == 2 and end.month == d.month:
        b.add("from the ")
        b.phi(f"{d.day}{_nth(d.day)}", "date")
        b.add(" to the ")
        b.phi(f"{end.day}{_nth(end.day)} of {m}", "date")
    elif style == 3:
        b.add(f"{_DAYS[d.weekday()]} ")
        b.phi(f"{d.month}/{d.day}", "date")
        b.add(f" thru {_DAYS[end.weekday()]} ")
        b.phi(f"{end.month}/{end.day}", "date")
    else:
        b.add("between ")
        b.phi(f"{m} {d.day}", "date")
        b.add(" and ")
        b.phi(f"{_MONTHS[end.month - 1]} {end.day}", "date")


def _age(b: _B, p: _Pt, caps: bool = False) -> None:
    """An age in one of many phrasings; labelled only when over 89."""
    r = b.r
    n = str(p.age)
    words = _age_words(p.age) if p.age >= 90 else n
    she = "she" if p.sex == "F" else "he"
    forms = [
        ("Pt is ", n, ". "),
        ("AGE: ", n, "Y "),
        ("", n, f" YO{p.sex} "),
        (f"{p.sex}/", n, " "),
        (
            "an " if n.startswith("8") else "a ",
            words,
            f" year old {'woman' if p.sex == 'F' else 'man'}. ",
        ),
        (f"{she} is ", words, " years old. "),
        ("(", n, f"{p.sex}) "),
        ("age ", n, ", "),
        ("", n, "yo "),
        ("aged ", n, " "),
        (f"{she} turned ", n, f" on {'her' if p.sex == 'F' else 'his'} last birthday, "),
        ("", n, "-y/o "),
        ("Age: ", n, " yrs "),
        (f"{she.capitalize()}'s ", n, ". "),
        ("", words.capitalize(), "-year-old "),
    ]
    lead, value, tail = r.choice(forms)
    if caps:
        lead, value, tail = lead.upper(), value.upper(), tail.upper()
    b.add(lead)
    if p.age > 89:
        b.phi(value, "age")
    else:
        b.add(value)
    b.add(tail)
    if not tail.endswith(". "):  # "93 YOF", "aged 93": finish the sentence
        b.add("PT. " if caps else "pt. ")


def _ssn(b: _B, p: _Pt) -> None:
    a, g, s = p.ssn
    lead, value = b.r.choice(
        [
            ("social ", f"{a} {g} {s}"),
            ("SS#", f"{a}{g}{s}"),
            ("SS# ", f"{a}.{g}.{s}"),
            ("Soc Sec Num ", f"{a}\u2013{g}\u2013{s}"),
            ("her social is " if p.sex == "F" else "his social is ", f"{a}-{g}-{s}"),
            ("SSN:", f"{a}-{g}-{s}"),
            ("soc# ", f"{a}{g}{s}"),
            ("social security number: ", f"{a} {g} {s}"),
            ("SSN (verbal) ", f"{a}.{g}.{s}"),
            ("ssn - ", f"{a}/{g}/{s}"),
            ("SS No. ", f"{a}-{g}-{s}"),
            ("social sec # is ", f"{a}{g}{s}"),
        ]
    )
    b.add(lead)
    b.phi(value, "ssn")


_PLATES: tuple[tuple[str, Callable[[random.Random], str]], ...] = (
    ("CA", lambda r: f"{r.randint(1, 9)}{_up(r, 3)}{_num(r, 3)}"),
    ("TX", lambda r: f"{_up(r, 3)}-{_num(r, 4)}"),
    ("TX", lambda r: f"{_up(r, 2)}{r.randint(1, 9)}-{_up(r, 1)}{_num(r, 3)}"),
    ("FL", lambda r: f"{_up(r, 3)} {_up(r, 1)}{_num(r, 2)}"),
    ("FL", lambda r: f"{_num(r, 3)} {_up(r, 3)}"),
    ("NY", lambda r: f"{_up(r, 3)}-{_num(r, 4)}"),
    ("PA", lambda r: f"{_up(r, 3)}-{_num(r, 4)}"),
    ("IL", lambda r: f"{_up(r, 2)} {_num(r, 5)}"),
    ("OH", lambda r: f"{_up(r, 3)} {_num(r, 4)}"),
    ("MI", lambda r: f"{_up(r, 3)} {_num(r, 4)}"),
    ("GA", lambda r: f"{_up(r, 3)}{_num(r, 4)}"),
    ("NC", lambda r: f"{_up(r, 3)}-{_num(r, 4)}"),
    ("NJ", lambda r: f"{_up(r, 1)}{_num(r, 2)}-{_up(r, 3)}"),
    ("VA", lambda r: f"{_up(r, 3)}-{_num(r, 4)}"),
    ("MA", lambda r: f"{r.randint(1, 9)}{_up(r, 3)}{_num(r, 2)}"),
    ("MA", lambda r: f"{_num(r, 3)} {_up(r, 2)}{r.randint(1, 9)}"),
    ("MA", lambda r: f"HP {_num(r, 5)}"),
    ("WA", lambda r: f"{_up(r, 3)}{_num(r, 4)}"),
    ("AZ", lambda r: f"{_up(r, 3)}{_num(r, 4)}"),
    ("CO", lambda r: f"{_up(r, 3)}-{_up(r, 1)}{_num(r, 2)}"),
    ("MN", lambda r: f"{_num(r, 3)}-{_up(r, 3)}"),
    ("ME", lambda r: f"{_num(r, 4)} {_up(r, 2)}"),
    ("VT", lambda r: f"{_up(r, 3)} {_num(r, 3)}"),
    ("NH", lambda r: f"{_num(r, 7)}"),
    ("RI", lambda r: f"{_num(r, 3)}-{_num(r, 3)}"),
    ("CT", lambda r: f"{_up(r, 2)}-{_num(r, 5)}"),
    ("MD", lambda r: f"{r.randint(1, 9)}{_up(r, 2)}{_num(r, 4)}"),
    ("WI", lambda r: f"{_up(r, 3)}-{_num(r, 4)}"),
    ("QC", lambda r: f"{_up(r, 3)} {_num(r, 3)}"),
    ("MA", lambda r: r.choice(["NANA 2", "GRAMPS", "BOSOX4", "RN4EVR", "PAPA 90", "IRISH7"])),
)


def _plate(b: _B) -> None:
    r = b.r
    state, make = r.choice(_PLATES)
    value = make(r)
    lead, tail = r.choice(
        [
            (f"{state} plate ", ""),
            ("plate# ", f" ({state})"),
            ("lic plate ", f" {state}"),
            ("tag ", f", {state}"),
            (f"{state} reg ", ""),
            ("registration ", f" ({state} passenger)"),
            ("license plate number ", f" state {state}"),
            (f"{state} tags ", ""),
            ("Plate: ", f" / {state}"),
            ("vehicle (", f" {state}) "),
        ]
    )
    b.add(lead)
    b.phi(value, "plate")
    b.add(tail)


def _v4(r: random.Random) -> str:
    first = r.choice([24, 50, 66, 71, 73, 98, 108, 172, 192, 10, 203, 216])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _v6(r: random.Random) -> str:
    h = [f"{r.randint(1, 0xFFFF):x}" for _ in range(6)]
    return r.choice(
        [
            f"2601:{h[0]}:{h[1]}:{h[2]}::{h[3]}",
            f"2600:1700:{h[0]}:{h[1]}:{h[2]}:{h[3]}:{h[4]}:{h[5]}",
            f"2603:3005:{h[0]}::{h[1]}:{h[2]}",
            f"::ffff:{_v4(r)}",
            f"fe80::{h[0]}:{h[1]}:{h[2]}:{h[3]}",
            f"2001:4860:{h[0]}::{h[1]}",
        ]
    )


def _ip(b: _B, where: str) -> None:
    """An address inside a log line, a SIP URI or a URL (only the address is labelled)."""
    r = b.r
    v4, v6 = _v4(r), _v6(r)
    port = r.randint(1024, 65000)
    zoned = v6.startswith("fe80")
    options: dict[str, list[tuple[str, str, str]]] = {
        "sip": [
            ("sip:ext4471@", v4, ":5060"),
            ("sip:softphone@[", v6, "]:5061"),
            ("via SIP/2.0/UDP ", v4, f":{port}"),
        ],
        "log": [
            ("ip=", v4, ""),
            ("client_ip: ", v6, ""),
            ("from ", v4, f" port {port}"),
            ("X-Forwarded-For: ", v4, ", |" + _v4(r)),
            ("src [", v6, f"]:{port}"),
            ("addr ", v6 if zoned else v4, "%en0" if zoned else ""),
        ],
        "rec": [("http://", v4, f":{port}/rec/"), ("https://[", v6, f"]:{port}/recordings/")],
        "url": [("https://", v4, "/portal/unlock?u="), ("https://[", v6, "]/portal/unlock?u=")],
    }
    lead, value, tail = r.choice(options[where])
    b.add(lead)
    b.phi(value, "ip")
    if "|" in tail:  # a second address after a separator
        sep, _, second = tail.partition("|")
        b.add(sep)
        b.phi(second, "ip")
    else:
        b.add(tail)


def _address(b: _B, p: _Pt, one_line: bool = True) -> None:
    b.phi(p.street + b.r.choice(["", ", Apt 2", " #3R", ", Unit B", " 1st fl"]), "address")
    b.add(", " if one_line else "\n")
    b.phi(p.town, "address")
    b.add(b.r.choice([", MA ", " MA ", ", Mass. "]))
    b.phi(p.zip, "address")


def _name(b: _B, w: _Who, style: str | None = None) -> None:
    styles = {
        "full": f"{w.given} {w.family}",
        "rev": f"{w.family}, {w.given}",
        "caps": f"{w.family.upper()}, {w.given.upper()}",
        "capsfull": f"{w.given.upper()} {w.family.upper()}",
        "init": f"{w.given[0]}. {w.family}",
    }
    b.phi(styles[style or b.r.choice(list(styles))], "name")


def _plan(b: _B) -> None:
    r = b.r
    lead, value = r.choice(
        [
            (
                "Medicare MBI ",
                f"{r.randint(1, 9)}{_up(r, 2)}{r.randint(0, 9)}-{_up(r, 2)}"
                f"{r.randint(0, 9)}-{_up(r, 2)}{_num(r, 2)}",
            ),
            ("MassHealth ID ", f"1000{_num(r, 8)}"),
            ("BCBS member ", f"{_up(r, 3)}{_num(r, 9)}01"),
            ("Tufts HP ID# ", f"{_num(r, 9)}-0{r.randint(1, 4)}"),
            ("Part D cardholder ", f"{_up(r, 1)}{_num(r, 10)}"),
            ("Medicaid no. ", f"{_num(r, 3)} {_num(r, 3)} {_num(r, 3)}"),
        ]
    )
    b.add(lead)
    b.phi(value, "plan")


def _serial(b: _B) -> None:
    r = b.r
    what, lead = r.choice(_DEVICES)
    value = r.choice(
        [
            f"{_num(r, 12)}",
            f"{_up(r, 3)}{_num(r, 6)}{_up(r, 1)}",
            f"{_num(r, 2)}-{_up(r, 2)}{_num(r, 5)}",
        ]
    )
    b.add(f"{what} ({lead}")
    b.phi(value, "serial")
    b.add(")")


# --------------------------------------------------------------------------- note styles


def _telephone(b: _B, p: _Pt) -> None:
    r = b.r
    b.add("TELEPHONE ENCOUNTER\nDate/Time: ")
    _date(b, p.day, r.choice(["wd_md", "mdy", "mdyy", "dash_mon"]))
    b.add(f" {r.randint(7, 17):02d}:{r.randint(0, 59):02d}\nPatient: ")
    _name(b, p.who, r.choice(["rev", "caps"]))
    b.add("   MRN ")
    b.phi(p.mrn, "mrn")
    b.add("   DOB ")
    _date(b, p.dob, r.choice(["mdy", "mdyy", "dash_mon", "iso"]))
    b.add("\nCaller: ")
    _name(b, p.caller, "full")
    b.add(f" ({p.rel})   Callback #: ")
    _phone(b, p.alt_phone)
    b.add(f"   OK to leave detailed msg: {r.choice(['Y', 'N'])}\n")
    b.add("Reason for call: ")
    b.add(r.choice(["fall at home", "new confusion", "BP log review", "refill question"]))
    b.add("\n\nCaller reports ")
    _age(b, p)
    b.add("Pt fell ")
    _date(b, p.day - timedelta(days=r.randint(1, 6)), r.choice(["wd_the", "wd_long", "md"]))
    b.add(" getting up at night, no head strike, on apixaban. BP at home 148/86, HR 72, ")
    b.add(f"FSBG {r.randint(90, 260)}. Denies CP/SOB. Tylenol 500 mg x2 helped.\n")
    if r.random() < 0.5:
        b.add("Also asking about the ")
        _serial(b)
        b.add(", vendor to call ")
        _phone(b, p.phone)
        b.add(".\n")
    b.add("Protocol: Falls, adult (Schmitt-Thompson). Disposition: see in office within 24 h.\n")
    b.add("Appt made ")
    _date(b, p.day + timedelta(days=1), r.choice(["wd_md", "wd_long", "mon_ord", "md"]))
    b.add(" 10:40 with Dr. ")
    _name(b, p.doc, r.choice(["full", "init"]))
    b.add(". Caller verbalized understanding; advised 911 for any head injury.\n")
    b.add("Routed to: ")
    _name(b, p.doc, "rev")
    b.add(", MD / GERI RN POOL\nCall recording: ")
    _ip(b, "rec")
    b.phi(f"{_num(r, 10)}", "account")
    b.add(".wav\n-- ")
    _name(b, p.nurse, "full")
    b.add(", RN   ")
    _date(b, p.day, "mdyy")
    b.add(f" {r.randint(7, 17):02d}{r.randint(0, 59):02d}\n")


def _answering(b: _B, p: _Pt) -> None:
    r = b.r
    b.add(f"ANSWERING SVC MSG #{_num(r, 4)}  RCVD {r.randint(0, 5):02d}{r.randint(0, 59):02d} ")
    _date(b, p.day, r.choice(["caps", "wd_long", "mdyy"]))
    b.add("\nFOR: DR ")
    b.phi(p.doc.family.upper(), "name")
    b.add(" (ON CALL)\nCALLER: ")
    _name(b, p.caller, "capsfull")
    b.add(f" - {p.rel.upper()}  CB ")
    _phone(b, p.alt_phone, r.choice(["bare", "spaces", "dash"]))
    b.add(" / ALT ")
    _phone(b, p.phone, r.choice(["bare", "dots", "one"]))
    b.add("\nPT: ")
    _name(b, p.who, "capsfull")
    b.add("  ")
    _age(b, p, caps=True)
    b.add("DOB ")
    _date(b, p.dob, r.choice(["mdyy", "mdy", "dots"]))
    b.add("\nMSG: PT RUNNING TEMP 101.2 SINCE ")
    b.add(r.choice(["YESTERDAY", "LAST NIGHT", "THIS AM"]))
    b.add(", COUGH, NOT EATING. LIVES AT ")
    _address(b, p)
    b.add(". ")
    if r.random() < 0.5:
        b.add("CALLER DRIVING HER IN, ")
        _plate(b)
        b.add(". ")
    b.add("PLS CALL BACK.\nOPERATOR ID 22  PAGED ")
    b.add(f"{r.randint(0, 5):02d}{r.randint(0, 59):02d} ACK BY DR ")
    b.phi(p.doc.family.upper(), "name")
    b.add(f" {r.randint(0, 5):02d}{r.randint(0, 59):02d}\n")


def _medrec(b: _B, p: _Pt) -> None:
    r = b.r
    b.add("PHARMACY MEDICATION RECONCILIATION (admission)\nPt: ")
    _name(b, p.who, r.choice(["full", "rev"]))
    b.add(" | ")
    _age(b, p)
    b.add("| MRN: ")
    b.phi(p.mrn, "mrn")
    b.add(" | HAR ")
    b.phi(f"{_num(r, 10)}", "account")
    b.add("\nSources: pt's ")
    b.add(p.rel)
    b.add(" ")
    _name(b, p.caller, "full")
    b.add(" by phone (")
    _phone(b, p.alt_phone)
    b.add("); outpatient pharmacy ")
    b.add(f"{r.choice(_PHARMACIES)}{r.randint(100, 9999)}, ")
    b.phi(f"{r.randint(2, 900)} {r.choice(_ROADS)}", "address")
    b.add(", ")
    b.phi(r.choice(_TOWNS), "address")
    b.add(" ph ")
    _phone(b, (r.choice(["508", "617"]), f"{r.randint(201, 989)}", _num(r, 4)))
    b.add(" fax ")
    _phone(b, (r.choice(["508", "617"]), f"{r.randint(201, 989)}", _num(r, 4)), "dash")
    b.add("\nInsurance: ")
    _plan(b)
    b.add(" (BIN 610014, PCN MEDDPRIME, group RX4491)\n\n")
    b.add("| Medication | Dose | Sig | Last fill | Rx# | Prescriber |\n|---|---|---|---|---|---|\n")
    for med, dose, sig in r.sample(_MEDS, r.randint(3, 5)):
        b.add(f"| {med} | {dose} | {sig} | ")
        _date(b, p.day - timedelta(days=r.randint(3, 80)), r.choice(["mdyy", "md", "dots", "iso"]))
        b.add(" | ")
        b.phi(f"{r.choice(['', '', 'RX'])}{_num(r, 7)}", "account")
        b.add(" | ")
        b.phi(r.choice([p.doc.family, f"{p.doc.given[0]}. {p.doc.family}"]), "name")
        b.add(" |\n")
    b.add("\nFill history (SureScripts) ")
    _range(b, p.day - timedelta(days=r.randint(60, 120)))
    b.add(f": {r.randint(4, 11)} claims, adherence PDC 0.{r.randint(60, 99)}.\n")
    b.add("Pt takes donepezil only some nights per ")
    b.add(p.rel)
    b.add("; last dose of apixaban ")
    _date(b, p.day, r.choice(["wd_md", "md", "day_mon"]))
    b.add(" 08:00.\nReconciled by ")
    _name(b, p.rph, r.choice(["full", "init"]))
    b.add(f", PharmD, pager {r.randint(1000, 9999)}\n")


def _social_work(b: _B, p: _Pt) -> None:
    r = b.r
    b.add("SOCIAL WORK - PHONE CONTACT  ")
    _date(b, p.day, r.choice(["mdy", "wd_long", "iso"]))
    b.add("\nSpoke with pt's ")
    b.add(p.rel)
    b.add(", ")
    _name(b, p.caller, r.choice(["full", "init"]))
    b.add(", re MassHealth long-term-care application for ")
    _name(b, p.who, "full")
    b.add(". ")
    _age(b, p)
    b.add(p.rel[0].upper() + p.rel[1:] + " provided ")
    _ssn(b, p)
    b.add(" and the DOB, ")
    _date(b, p.dob, r.choice(["mon_ord", "dash_mon", "mdy"]))
    b.add(". Pt's 2008 Buick, ")
    _plate(b)
    b.add(", is to be sold for the spend-down. Last bank statement covers ")
    _range(b, p.day - timedelta(days=40))
    b.add(".\nHandicap placard form (RMV) faxed to Dr. ")
    _name(b, p.doc, r.choice(["full", "init"]))
    b.add("; placard to be mailed to ")
    _address(b, p)
    b.add(".\nRide (PT-1) booked for ")
    _date(b, p.day + timedelta(days=r.randint(2, 9)), r.choice(["wd_long", "ord_of", "wd_md"]))
    b.add(" 9 AM; driver vehicle ")
    _plate(b)
    b.add(". Confirmation sent to ")
    b.phi(p.email, "email")
    b.add(". Family posts updates at ")
    b.phi(f"https://www.caringbridge.org/visit/{p.who.given.lower()[:4]}{_num(r, 3)}", "url")
    b.add(".\n")
    if r.random() < 0.5:
        b.add("Also discussed ")
        _plan(b)
        b.add(" and the claim no. ")
        b.phi(f"{_num(r, 4)}-{_num(r, 6)}-{_num(r, 2)}", "account")
        b.add(".\n")
    b.add("Pt's own phone: ")
    _phone(b, p.phone)
    b.add(". Next call ")
    _date(b, p.day + timedelta(days=7), r.choice(["wd_md", "mon_ord", "md"]))
    b.add(".\n-- ")
    _name(b, p.nurse, "full")
    b.add(", LICSW\n")


def _access_ticket(b: _B, p: _Pt) -> None:
    r = b.r
    b.add(f"PATIENT ACCESS CENTER - TICKET INC{_num(r, 7)}\nOpened: ")
    _date(b, p.day, r.choice(["iso", "mdy", "compact"]))
    b.add(f" {r.randint(8, 18):02d}:{r.randint(0, 59):02d} by agent ")
    _name(b, p.nurse, r.choice(["full", "init"]))
    b.add("\nCaller: ")
    _name(b, p.caller, "full")
    b.add(f", proxy ({p.rel}) for ")
    _name(b, p.who, "rev")
    b.add(". ")
    _age(b, p)
    b.add("\nIssue: portal account locked after 5 failed logins; caller verified with DOB ")
    _date(b, p.dob, r.choice(["mdy", "dash_mon", "iso"]))
    b.add(" and ")
    _ssn(b, p)
    b.add(".\nPortal log:\n")
    for k in range(r.randint(2, 4)):
        d = p.day - timedelta(days=r.randint(0, 2))
        b.phi(d.isoformat() if k % 2 else f"{d.day:02d}/{_MON[d.month - 1]}/{d.year}", "date")
        b.add(f"{'T' if k % 2 else ':'}{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:11 ")
        b.add(r.choice(["LOGIN_FAIL", "LOGIN_FAIL", "PWD_RESET_REQ", "MFA_SMS_SENT"]))
        b.add(" user=")
        b.phi(p.email, "email")
        b.add(" ")
        _ip(b, "log")
        b.add("\n")
    b.add("Softphone leg: ")
    _ip(b, "sip")
    b.add(" -> ")
    _ip(b, "sip")
    b.add(f" dur {r.randint(1, 20)}m{r.randint(0, 59):02d}s\nUnlock link sent: ")
    if r.random() < 0.5:
        _ip(b, "url")
        b.phi(f"{p.who.family.lower()[:5]}{_num(r, 4)}", "account")
    else:
        b.phi(f"https://mychart.southcoast-health.org/MyChart/unlock?acct={_num(r, 9)}", "url")
    b.add("\nCSN ")
    b.phi(_num(r, 9), "account")
    b.add(". Caller also updated phone to ")
    _phone(b, p.alt_phone)
    b.add(" and asked that letters go to ")
    _address(b, p)
    b.add(". Closed.\n")


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
        ctx.update({"ssn": "-".join(p.ssn), "phone": "-".join(p.phone), "zip": p.zip})
        ctx["city"] = p.town
    return ctx


_STYLES = (_telephone, _answering, _medrec, _social_work, _access_ticket)


def generate(n: int, seed: int = DEFAULT_SEED) -> list[LabelledNote]:
    """``n`` labelled telephone/pharmacy notes, each with its patient context."""
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
        "4 (telephone/answering/med rec/social work/access centre)",
        description=(__doc__ or "").splitlines()[0],
        default_n=300,
        default_seed=DEFAULT_SEED,
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
