"""Synthetic clinical notes with labelled PHI: the test set of the clinical-notes scrubber.

Five kinds of note (discharge summaries, radiology reports, nursing notes, ED notes and referral
letters), each composed from several templates and randomly chosen sections, filled with fake but
realistic identifiers (``faker`` plus curated lists) and a lot of clinical text that naive
recognizers over-flag (eponyms, drug doses, lab values, spine levels, times, bare years, ages
under 90).

Every identifier is written into the text by a builder that records its offsets as it goes, so a
span is exact by construction (nothing is searched for afterwards). Labels follow the PhysioNet
gold-standard file in ``shared/data/notes``: ``NAME DATE AGE ID PHONE EMAIL URL IP LOCATION``, with
a finer ``kind`` per span. Conventions:

* a name span covers the name only: titles (``Dr.``, ``Mrs.``) and credentials (``MD``, ``RN``)
  stay outside; ``Last, First M.`` is one span;
* a date span covers the month/day (and year when written): ``March 2019`` and ``03/2019`` are
  dates, a bare year (``since 2015``) is not PHI and is never labelled; times are not labelled;
* an age span covers the number (or words) of an age over 89 only; ages under 90 are not PHI;
* an address is split into ``street`` (the street line, apartment included), ``city`` and ``zip``
  spans; states and countries are not labelled.

``context`` is the patient's row as the scrubber would get it from the EHR: the identifiers that
the note mentions, under one of several key-naming styles (or the caller's own row when
``patients`` is given). Some notes have an empty context.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from faker import Faker

KINDS = ("discharge_summary", "radiology_report", "nursing_note", "ed_note", "referral_letter")
LABELS = ("NAME", "DATE", "AGE", "ID", "PHONE", "EMAIL", "URL", "IP", "LOCATION")
SPAN_KINDS = {
    "patient_name": "NAME",
    "relative_name": "NAME",
    "clinician_name": "NAME",
    "date": "DATE",
    "age_over_89": "AGE",
    "mrn": "ID",
    "accession": "ID",
    "account": "ID",
    "member_id": "ID",
    "ssn": "ID",
    "license_plate": "ID",
    "device_serial": "ID",
    "phone": "PHONE",
    "fax": "PHONE",
    "email": "EMAIL",
    "url": "URL",
    "ip": "IP",
    "street": "LOCATION",
    "city": "LOCATION",
    "zip": "LOCATION",
    "hospital": "LOCATION",
    "clinic": "LOCATION",
}


@dataclass(frozen=True)
class Note:
    """One labelled note: ``spans`` are ``{"start", "end", "label", "kind"}``, end exclusive."""

    id: str
    text: str
    context: dict[str, object]
    spans: list[dict]
    kind: str


# --------------------------------------------------------------------------- value lists

_FIRST_F = (
    "Siobhan Nguyet Oluwaseun Anne-Marie Mary-Kate Xiomara Priya Hye-jin Fatima Guadalupe Aisling "
    "Marisol Thuy Ngozi Svetlana Hope Faith Grace Joy Rose June April May Dawn Summer Iris Ivy "
    "Pearl Ruby Mercedes Bernadette Dolores Genevieve Yolanda Consuelo Imelda Jo-Ann Mei Keiko"
).split()
_FIRST_M = (
    "Jean-Pierre Mohammed Giovanni José Thanh Rajesh Sean Dmitri Kwame Mark Will Bill Art Guy "
    "Hunter Parker Chase Sonny Christian Miles Sterling Cornelius Seamus Ignatius Bao Hiroshi "
    "Tadeusz Ray Jack Herbert Lionel Angus"
).split()
_LAST_TRICKY = (
    "O'Brien O'Connor O'Neil D'Amico D'Angelo McAllister MacDonald Garcia-Lopez Smith-Jones "
    "Nguyen Tran Van_Buren de_la_Cruz St._Pierre Al-Rashid Okonkwo Kowalczyk Foley Parkinson Wells "
    "Graves Bell Baker Hart Love Strong Moody Cushing Young Price Rich King Church Pond Marsh "
    "Cross Fields Rivers Bishop Mallory Weiss Homan Chase Brown White Green Friday Christmas "
    "Lopez-Rivera Ó_Súilleabháin Nowak-Kim"
)
_LAST_TRICKY_L = [s.replace("_", " ") for s in _LAST_TRICKY.split()]
_CITIES = (
    "Boston|Worcester|Springfield|Lowell|Cambridge|Brockton|New Bedford|Quincy|Lynn|Fall River|"
    "Newton|Lawrence|Somerville|Framingham|Haverhill|Waltham|Malden|Brookline|Plymouth|Medford|"
    "Taunton|Chicopee|Weymouth|Revere|Peabody|Methuen|Barnstable|Pittsfield|Attleboro|Arlington|"
    "Everett|Salem|Westfield|Leominster|Fitchburg|Beverly|Holyoke|Marlborough|Woburn|Chelsea|"
    "Braintree|Shrewsbury|Dartmouth|Chelmsford|Andover|Natick|Randolph|Watertown|Franklin|"
    "Needham|Norwood|Dedham|Milton|Reading|Bedford|Mansfield|Sharon|Lincoln|Florence|Amherst|"
    "Northampton|Gloucester|Marshfield|Wellesley|Dracut|Bolton|Lexington|Sudbury|Hingham|"
    "Falmouth|Nantucket|Providence|Warwick|Nashua|Manchester|Portland|Hartford|New Haven|Albany|"
    "Burlington|Concord|Canton|Dover|Lebanon|Athens|Paris|Hope|Washington|Jackson|Madison"
).split("|")
_STATES = "MA MA MA MA MA RI NH CT NY VT ME FL".split()
_STATE_NAMES = "Florida|Ohio|New Hampshire|Puerto Rico|Texas|Georgia|Maine|Vermont".split("|")
_COUNTRIES = "Haiti|Brazil|Vietnam|Portugal|Ireland|the Dominican Republic|Cape Verde".split("|")
_AREA = "617 857 508 774 781 339 978 351 413 401 603 207 860 212 646 718 802 305".split()
_STREETS = (
    "Main St|Elm Street|Washington Ave|Commonwealth Avenue|Route 9|Pleasant St.|Highland Ave|"
    "Maple Street|Chestnut Hill Rd|Blue Hill Ave|Park Drive|Water St|Beacon Street|Summer St|"
    "Centre Street|Salem Turnpike|Old Colony Rd|Prospect Hill Road|Cedar Lane|Winter Street"
).split("|")
_SAINTS = (
    "Saint Anne's|St. Vincent's|St. Elizabeth's|Saint Luke's|Holy Family|Good Samaritan|"
    "Sacred Heart|Mercy|St. Joseph's|Our Lady of Lourdes"
).split("|")
_ADJ = (
    "Riverside|Lakeview|Northshore|Bayside|Valley|Pine Ridge|Cape Coast|MetroWest|Harbor Point|"
    "Cedar Hill|Oak Grove|Summit|Meadowbrook|Twin Rivers|Greenfield|Seaview|Hillcrest"
).split("|")
_EMAIL_DOMAINS = (
    "gmail.com yahoo.com comcast.net hotmail.com aol.com verizon.net icloud.com".split()
)
_SERVICES = "MEDICINE|CARDIOLOGY|GENERAL MEDICINE|HOSPITALIST|ORTHOPAEDICS|NEUROLOGY|MICU".split(
    "|"
)
_WORD_NUMS = {
    90: "ninety",
    91: "ninety-one",
    92: "ninety-two",
    93: "ninety-three",
    94: "ninety-four",
    95: "ninety-five",
    96: "ninety-six",
    97: "ninety-seven",
    98: "ninety-eight",
    99: "ninety-nine",
    100: "one hundred",
    101: "one hundred and one",
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first"
).split()
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


# --------------------------------------------------------------------------- people and places


@dataclass
class _Person:
    first: str
    last: str
    sex: str  # "F" or "M"
    middle: str = ""
    cred: str = ""


@dataclass
class _Place:
    name: str
    short: str
    domain: str
    street: str
    city: str
    state: str
    zip: str
    phone: tuple[str, str, str]
    fax: tuple[str, str, str]
    kind: str  # hospital | clinic


@dataclass
class _Patient:
    person: _Person
    dob: date
    street: str
    city: str
    state: str
    zip: str
    phone: tuple[str, str, str]
    email: str
    mrn: str
    ssn: str
    member: str
    raw_first: str = ""  # as given (Synthea: "Elly802"), when patients are supplied
    raw_last: str = ""
    row: dict[str, object] | None = None  # the caller's row, used as context verbatim
    style: int = 0  # context key-naming style
    dob_style: str = "mdy"
    death: date | None = None
    anchor: date | None = None  # invented patients: their notes cluster around this day


def _first_name(rng: random.Random, fake: Faker, sex: str) -> str:
    if rng.random() < 0.15:
        return rng.choice(_FIRST_F if sex == "F" else _FIRST_M)
    return str(fake.first_name_female() if sex == "F" else fake.first_name_male())


def _last_name(rng: random.Random, fake: Faker) -> str:
    if rng.random() < 0.3:
        return rng.choice(_LAST_TRICKY_L)
    return str(fake.last_name())


def _person(rng: random.Random, fake: Faker, sex: str | None = None, cred: str = "") -> _Person:
    sex = sex or rng.choice("FM")
    middle = rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.6 else ""
    return _Person(_first_name(rng, fake, sex), _last_name(rng, fake), sex, middle, cred)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _phone_parts(rng: random.Random) -> tuple[str, str, str]:
    return rng.choice(_AREA), str(rng.randint(201, 989)), _digits(rng, 4)


def _street(rng: random.Random, fake: Faker) -> str:
    if rng.random() < 0.35:
        base = f"{rng.randint(1, 480)} {rng.choice(_STREETS)}"
    else:
        base = f"{rng.randint(2, 9899)} {fake.street_name()}"
    r = rng.random()
    if r < 0.15:
        return f"{base}, Apt {rng.randint(1, 40)}{rng.choice(['', 'A', 'B', 'C'])}"
    if r < 0.22:
        return f"{base} Unit {rng.randint(1, 12)}"
    if r < 0.25:
        return f"PO Box {rng.randint(10, 9999)}"
    return base


_ZIP_RANGES = {
    "MA": (1001, 2791),
    "RI": (2801, 2940),
    "NH": (3031, 3897),
    "ME": (3901, 4992),
    "VT": (5001, 5907),
    "CT": (6001, 6928),
    "NY": (10001, 14925),
    "FL": (32003, 34997),
}


def _zip(rng: random.Random, state: str = "MA") -> str:
    lo, hi = _ZIP_RANGES.get(state, _ZIP_RANGES["MA"])
    z = f"{rng.randint(lo, hi):05d}"
    return z + f"-{_digits(rng, 4)}" if rng.random() < 0.12 else z


def _slug(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("saint", "st").replace("medical", "med"))


def _acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper() and w not in ("Of", "The")]
    return "".join(w[0] for w in words)


def _place(rng: random.Random, fake: Faker, role: str) -> _Place:
    """A hospital (roles ``hosp``, ``ohosp``) or clinic-like place (any other role)."""
    city = rng.choice(_CITIES)
    sur = _last_name(rng, fake)
    adj = rng.choice(_ADJ)
    kind = "hospital" if role in ("hosp", "ohosp") else "clinic"
    patterns = {
        "hosp": [
            f"{rng.choice(_SAINTS)} Hospital",
            f"{rng.choice(_SAINTS)} Medical Center",
            f"{city} General Hospital",
            f"{city} Regional Medical Center",
            f"{sur} Memorial Hospital",
            f"{adj} Medical Center",
            f"{adj} Community Hospital",
            f"{city} University Hospital",
            f"{adj} Hospital of {city}",
        ],
        "rehab": [
            f"{city} Rehabilitation and Nursing Center",
            f"{adj} Senior Living",
            f"{sur} House",
            f"{adj} Skilled Nursing Facility",
            f"{adj} Manor",
            f"{rng.choice(_SAINTS)} Nursing Home",
        ],
        "vna": [
            f"{adj} Visiting Nurse Association",
            f"{adj} Home Health",
            f"{city} VNA",
            f"{adj} Hospice",
        ],
        "clinic": [
            f"{city} Family Health Center",
            f"{sur} Cardiology Associates",
            f"{adj} Primary Care",
            f"{adj} Dialysis Center",
            f"{adj} Orthopedics & Sports Medicine",
            f"{adj} Internal Medicine",
            f"{city} Community Health Center",
            f"{adj} Pulmonary Associates",
            f"{sur} Neurology Group",
            f"{adj} Urgent Care",
            f"{sur} & {_last_name(rng, fake)} Family Practice",
            f"{adj} Geriatrics Clinic",
        ],
    }
    name = rng.choice(patterns.get(role, patterns["hosp" if kind == "hospital" else "clinic"]))
    short = _acronym(name)
    words = [x for x in name.split() if x[:1].isalpha() and x not in ("of", "and")]
    domain = _slug(" ".join(words[:2] if len(_slug(name)) > 20 else words))
    state = rng.choice(_STATES)
    return _Place(
        name,
        short if len(short) >= 2 else name.split()[0].upper(),
        domain + rng.choice([".org", ".org", ".com", ".net"]),
        _street(rng, fake),
        city,
        state,
        _zip(rng, state),
        _phone_parts(rng),
        _phone_parts(rng),
        kind,
    )


def _mrn(rng: random.Random) -> str:
    return rng.choice(
        [
            lambda: _digits(rng, 7),
            lambda: _digits(rng, 8),
            lambda: "00" + _digits(rng, 6),
            lambda: rng.choice("AEMZ") + _digits(rng, 7),
            lambda: f"{_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 2)}",
            lambda: f"{_digits(rng, 2)}-{_digits(rng, 5)}",
            lambda: f"MR{_digits(rng, 6)}",
            lambda: f"{_letters(rng, 3)}{_digits(rng, 6)}",
        ]
    )()


def _parse_date(text: str, age: int | None = None, ref_year: int = 2017) -> date | None:
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text)
        if not m:
            return None
        mo, d, y = int(m[1]), int(m[2]), int(m[3])
        if y < 100:  # two-digit year: the age (if known) picks the century
            y += 1900 if (age is not None and ref_year - (2000 + y) < age - 1) or y > 25 else 2000
    try:
        return date(y, mo, d)
    except ValueError:
        return None


# --------------------------------------------------------------------------- text builder


class _Text:
    """The note under construction: plain pieces and PHI pieces with their offsets."""

    def __init__(self, case: str = "") -> None:
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[dict] = []
        self.case = case

    def _cased(self, s: str) -> str:
        t = s.lower() if self.case == "lower" else s.upper() if self.case == "upper" else s
        return t if len(t) == len(s) else s

    def add(self, s: str) -> None:
        s = self._cased(s)
        self.parts.append(s)
        self.n += len(s)

    def phi(self, s: str, kind: str) -> None:
        s = self._cased(s)
        if not s or s != s.strip():
            raise ValueError(f"bad PHI value {s!r}")
        self.spans.append({"start": self.n, "end": self.n + len(s), "label": SPAN_KINDS[kind]})
        self.spans[-1]["kind"] = kind
        self.parts.append(s)
        self.n += len(s)

    @property
    def text(self) -> str:
        return "".join(self.parts)


_ALT = re.compile(r"\[([^\[\]|]*(?:\|[^\[\]|]*)+)\]")
_SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")


# --------------------------------------------------------------------------- the note writer


class _Writer:
    """Renders templates for one note; ``{slot}`` fills values, ``[a|b]`` picks one."""

    def __init__(
        self,
        rng: random.Random,
        fake: Faker,
        kind: str,
        patient: _Patient,
        note_day: date,
        case: str = "",
    ) -> None:
        self.rng, self.fake, self.kind, self.p = rng, fake, kind, patient
        self.out = _Text(case)
        self.mentioned: set[str] = set()
        self.staff: dict[str, _Person] = {}
        self.staff_named: set[str] = set()
        self.relatives: list[tuple[str, _Person]] = []
        self.titles: dict[tuple[str, str], str] = {}
        self.day0 = note_day
        self.dates: dict[str, date] = {}
        self.places: dict[str, _Place] = {}
        self.places_named: set[str] = set()
        self.scen: _Scenario = rng.choice(_SCENARIOS)
        self.exam: _Exam = rng.choice(_EXAMS)
        if kind != "radiology_report":
            self.exam = _exam_for(self.scen.key, rng)
        self.age = _age_on(patient.dob, note_day)
        names = list(_DATE_STYLES)
        weights = [_DATE_STYLES[s][KINDS.index(kind)] for s in names]
        self.house = {
            "any": rng.choices(names, weights)[0],
            "num": rng.choice(["mdy", "mdy", "mdy_short", "mdy_nz", "iso"]),
        }
        self.lower_names = case == "lower" or (kind == "nursing_note" and rng.random() < 0.4)

    # ---- rendering

    def t(self, template: str) -> None:
        while True:
            new = _ALT.sub(lambda m: self.rng.choice(m[1].split("|")), template)
            if new == template:
                break
            template = new
        pos = 0
        for m in _SLOT.finditer(template):
            if m.start() > pos:
                self.out.add(template[pos : m.start()])
            _SLOTS[m[1]](self, m[2] or "")
            pos = m.end()
        if pos < len(template):
            self.out.add(template[pos:])

    def pick(self, options: Sequence[str], k: int | None = None) -> list[str]:
        return self.rng.sample(list(options), k if k is not None else len(options))

    # ---- state

    def date_of(self, key: str) -> date:
        if key not in self.dates:
            r, d0 = self.rng, self.day0
            offsets = {
                "admit": 0,
                "onset": -r.randint(1, 6),
                "proc": r.randint(1, 3),
                "disch": r.randint(3, 9),
                "fu": r.randint(10, 40),
                "prior": -r.randint(30, 900),
                "past": -r.randint(120, 2400),
                "exam": r.randint(0, 1),
                "letter": r.randint(0, 3),
                "next": r.randint(1, 2),
                "later": r.randint(90, 365),
            }
            d = d0 + timedelta(days=offsets.get(key, r.randint(-30, 30)))
            if key == "disch" and "proc" in self.dates:
                d = max(d, self.dates["proc"] + timedelta(days=1))
            if key == "proc" and "disch" in self.dates:
                d = min(d, self.dates["disch"] - timedelta(days=1))
            self.dates[key] = max(d, self.p.dob + timedelta(days=1))
        return self.dates[key]

    def person(self, role: str) -> _Person:
        if role not in self.staff:
            cred = {
                "nurse": "RN",
                "charge": "RN",
                "np": "NP",
                "pa": "PA-C",
                "sw": "LICSW",
                "cm": "RN",
                "resident": "MD",
            }.get(role, self.rng.choice(["MD", "MD", "MD", "M.D.", "DO", "MD, PhD", "MD, FACC"]))
            if role == "pcp" and self.rng.random() < 0.2:
                cred = self.rng.choice(["NP", "FNP-C"])
            self.staff[role] = _person(self.rng, self.fake, cred=cred)
        return self.staff[role]

    def place(self, role: str) -> _Place:
        if role not in self.places:
            self.places[role] = _place(self.rng, self.fake, role)
        return self.places[role]

    def relative(self, i: int = 0) -> tuple[str, _Person]:
        while len(self.relatives) <= i:
            rel = self.rng.choice(
                [
                    "daughter",
                    "son",
                    "wife" if self.p.person.sex == "M" else "husband",
                    "sister",
                    "brother",
                    "niece",
                    "granddaughter",
                    "grandson",
                    "nephew",
                    "daughter-in-law",
                    "partner",
                    "friend",
                ]
            )
            sex = "F" if rel in ("daughter", "wife", "sister", "niece", "granddaughter") else "M"
            sex = "F" if rel == "daughter-in-law" else sex
            if rel in ("partner", "friend"):
                sex = self.rng.choice("FM")
            person = _person(self.rng, self.fake, sex)
            if rel in ("son", "brother", "wife", "husband", "grandson") and self.rng.random() < 0.7:
                person.last = self.p.person.last
            if any(r == rel for r, _ in self.relatives):
                rel = {"daughter": "other daughter", "son": "other son"}.get(rel, "cousin")
            self.relatives.append((rel, person))
        return self.relatives[i]

    def pmh(self, k: int) -> list[str]:
        """``k`` past-history items that suit the patient's sex."""
        sex = self.p.person.sex
        items = [i[2:] if i[1] == ":" else i for i in _PMH if i[1] != ":" or i[0] == sex]
        return self.pick(items, k)

    def he(self, cap: bool = False) -> str:
        w = "he" if self.p.person.sex == "M" else "she"
        return w.capitalize() if cap else w


def _age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


# --------------------------------------------------------------------------- slot renderers


def _name_forms(w: _Writer, p: _Person, form: str, kind: str) -> None:
    """Write a name (with its title outside the span) in one of many forms."""
    out, r = w.out, w.rng
    lower = w.lower_names and kind != "clinician_name" and r.random() < 0.6
    f, last, mid = p.first, p.last, p.middle

    def name(s: str) -> None:
        out.phi(s.lower() if lower else s, kind)

    if form == "full":
        name(f"{f} {last}")
    elif form == "full_mi":
        name(f"{f} {mid + '. ' if mid else ''}{last}")
    elif form == "last_first":
        name(f"{last}, {f}")
    elif form == "last_first_mi":
        name(f"{last}, {f}{' ' + mid + '.' if mid else ''}")
    elif form == "upper":
        name(f"{last}, {f}{' ' + mid if mid else ''}".upper())
    elif form == "upper_caret":
        name(f"{last}^{f}".upper())
    elif form == "title_last":
        out.add(_title(w, p) + " ")
        name(last)
    elif form == "title_full":
        out.add(_title(w, p) + " ")
        name(f"{f} {last}")
    elif form == "first":
        name(f)
    elif form == "last":
        name(last)
    elif form == "initial_last":
        name(f"{f[0]}. {last}")
    elif form == "initials":
        init = f"{f[0]}.{mid + '.' if mid and r.random() < 0.5 else ''}{last[0]}."
        name(init if r.random() < 0.7 else init.replace(".", ""))
    elif form == "raw":
        name(f"{w.p.raw_first} {w.p.raw_last}")
    else:  # pragma: no cover - programming error
        raise KeyError(form)


def _title(w: _Writer, p: _Person) -> str:
    """The person's title, kept for the whole note."""
    key = (p.first, p.last)
    if key not in w.titles:
        options = ["Mr.", "Mr.", "Mr"] if p.sex == "M" else ["Mrs.", "Ms.", "Ms.", "Mrs", "Miss"]
        w.titles[key] = w.rng.choice(options)
    return w.titles[key]


def _mark_name(w: _Writer, form: str) -> None:
    if form in ("full", "full_mi", "last_first", "last_first_mi", "upper", "upper_caret"):
        w.mentioned.update(("first", "last"))
    elif form in ("title_last", "last"):
        w.mentioned.add("last")
    elif form == "title_full":
        w.mentioned.update(("first", "last"))
    elif form == "first":
        w.mentioned.add("first")
    elif form == "raw":
        w.mentioned.update(("first", "last", "raw"))


def _pt(w: _Writer, arg: str) -> None:
    """The patient's name: ``arg`` names a form group (default: any form suiting the kind)."""
    r = w.rng
    groups = {
        "header": ["upper", "last_first", "last_first_mi", "full_mi", "full", "upper"],
        "full": ["full", "full_mi", "full", "title_full"],
        "formal": ["title_last", "title_last", "title_full", "full"],
        "first": ["first"],
        "dicom": ["upper_caret", "upper", "upper_caret"],
        "any": [
            "full",
            "title_last",
            "title_last",
            "first",
            "last",
            "initial_last",
            "full_mi",
            "last_first",
            "initials",
            "initials",
        ],
    }
    options = groups[arg or "any"]
    if w.kind == "nursing_note" and not arg:
        options = ["first", "first", "last", "title_last", "full", "initials", "initials"]
    form = r.choice(options)
    if arg == "header" and w.p.raw_first and r.random() < 0.25:
        form = "raw"
    _mark_name(w, form)
    _name_forms(w, w.p.person, form, "patient_name")


def _clinician(w: _Writer, role: str, style: str) -> None:
    p = w.person(role or "attending")
    r, out = w.rng, w.out
    known = role in w.staff_named
    w.staff_named.add(role)
    if p.cred in ("RN", "LICSW", "NP", "PA-C", "FNP-C") and style != "short":
        form = r.choice(["full", "full", "first_cred", "initial_last"])
        if form == "first_cred":
            out.phi(p.first, "clinician_name")
        else:
            _name_forms(w, p, form, "clinician_name")
        out.add(", " + p.cred)
        return
    if style == "short" or (known and style != "full" and r.random() < 0.7):
        titles = ["Dr. ", "Dr. ", "Dr ", "dr. "] if w.kind == "nursing_note" else ["Dr. "] * 30
        out.add(r.choice([*titles, "Dr."]))
        out.phi(p.last.lower() if w.lower_names and r.random() < 0.5 else p.last, "clinician_name")
        return
    form = r.choice(["dr_full", "full_cred", "full_mi_cred", "last_first_cred", "init_cred"])
    if form == "dr_full":
        out.add("Dr. ")
        _name_forms(w, p, "full", "clinician_name")
    elif form == "full_cred":
        _name_forms(w, p, "full", "clinician_name")
        out.add(f", {p.cred}")
    elif form == "full_mi_cred":
        _name_forms(w, p, "full_mi", "clinician_name")
        out.add(f", {p.cred}")
    elif form == "last_first_cred":
        _name_forms(w, p, "last_first", "clinician_name")
        out.add(f" {p.cred.replace(',', '')}")
    else:
        _name_forms(w, p, "initial_last", "clinician_name")
        out.add(f", {p.cred}")


def _rel(w: _Writer, arg: str) -> None:
    """First mention of a relative: 'her daughter Maria', 'his wife (Linda Kim)'."""
    i = int(arg) if arg else 0
    known = len(w.relatives) > i
    relation, p = w.relative(i)
    his = "his" if w.p.person.sex == "M" else "her"
    r, out = w.rng, w.out
    if known:
        out.phi(p.first.lower() if w.lower_names else p.first, "relative_name")
        return
    style = r.randrange(5)
    if w.kind == "nursing_note":
        relation = {"daughter": "dtr", "husband": "husb", "granddaughter": "gdtr"}.get(
            relation, relation
        )
    if style == 0:
        out.add(f"{his} {relation} ")
        out.phi(p.first.lower() if w.lower_names else p.first, "relative_name")
    elif style == 1:
        out.add(f"{his} {relation}, ")
        out.phi(f"{p.first} {p.last}", "relative_name")
    elif style == 2:
        out.add(f"{relation} (")
        out.phi(p.first, "relative_name")
        out.add(")")
    elif style == 3:
        out.add(f"{relation} ")
        out.phi(f"{p.first} {p.last}", "relative_name")
        out.add(r.choice([" (HCP)", " (health care proxy)", ""]))
    else:
        out.add(f"{his} {relation} ")
        out.phi(p.first, "relative_name")


def _relname(w: _Writer, arg: str) -> None:
    _, p = w.relative(int(arg) if arg else 0)
    w.out.phi(p.first.lower() if w.lower_names else p.first, "relative_name")


def _relation(w: _Writer, arg: str) -> None:
    w.out.add(w.relative(int(arg) if arg else 0)[0])


def _date_parts(r: random.Random, d: date, style: str) -> tuple[str, str, str]:
    """(prefix, date text, suffix); the prefix and suffix are not PHI."""
    mon = _MONTHS[d.month - 1]
    ab = mon[:3]
    yy = f"{d.year % 100:02d}"
    suffix = "th" if 10 <= d.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    forms = {
        "mdy": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdy_short": f"{d.month}/{d.day}/{yy}",
        "mdy_nz": f"{d.month}/{d.day}/{d.year}",
        "iso": d.isoformat(),
        "long": f"{mon} {d.day}, {d.year}",
        "abbr": f"{ab} {d.day}, {d.year}",
        "abbr_dot": f"{ab}. {d.day}, {d.year}" if d.month != 5 else f"May {d.day}, {d.year}",
        "dmy": f"{d.day} {ab} {d.year}",
        "dmy_dash": f"{d.day:02d}-{ab.upper()}-{d.year}",
        "mdy_dash": f"{d.month:02d}-{d.day:02d}-{d.year}",
        "mdy_dot": f"{d.month:02d}.{d.day:02d}.{d.year}",
        "compact": f"{d.year}{d.month:02d}{d.day:02d}",
        "md": f"{d.month}/{d.day}",
        "md_pad": f"{d.month:02d}/{d.day:02d}",
        "mon_day": f"{mon} {d.day}",
        "ab_ord": f"{ab} {d.day}{suffix}",
        "ord_of": f"{d.day}{suffix} of {mon}",
        "upper": f"{ab.upper()} {d.day:02d} {d.year}",
        "weekday": f"{mon} {d.day}",
        "weekday_y": f"{mon} {d.day}, {d.year}",
        "month_year": f"{mon} {d.year}",
        "ab_year": f"{ab} {d.year}",
        "m_y": f"{d.month:02d}/{d.year}",
        "range": f"{mon} {d.day}-{d.day + 2}, {d.year}"
        if d.day < 27
        else f"{mon} {d.day}, {d.year}",
        "range_dmy": f"{d.day}-{d.day + 1} {ab} {d.year}"
        if d.day < 28
        else f"{d.day} {ab} {d.year}",
        "md_range": f"{d.month}/{d.day}-{d.month}/{d.day + 3}"
        if d.day < 26
        else f"{d.month}/{d.day}",
        "ord_word": f"{_ORDINALS[d.day - 1]} of {mon}",
        "mon_ord_word": f"{mon} {_ORDINALS[d.day - 1]}",
        "wd_md": f"{d.month}/{d.day}",
        "dmy_dot": f"{d.day}.{d.month}.{d.year}",
    }
    text = forms[style]
    if style == "ord_of":
        return "the ", text, ""
    if style in ("weekday", "weekday_y"):
        return _WEEKDAYS[d.weekday()] + ", ", text, ""
    if style == "ord_word":
        return "the ", text, ""
    if style == "wd_md":
        return _WEEKDAYS[d.weekday()][:3] + " ", text, ""
    return "", text, ""


_DATE_STYLES = {
    # style -> weights by note kind (discharge, radiology, nursing, ed, referral)
    "mdy": (8, 10, 2, 8, 4),
    "mdy_short": (3, 2, 3, 4, 2),
    "mdy_nz": (3, 3, 1, 3, 3),
    "iso": (4, 4, 0, 2, 1),
    "long": (3, 1, 0, 1, 8),
    "abbr": (1, 1, 0, 1, 2),
    "abbr_dot": (1, 0, 0, 0, 1),
    "dmy": (1, 1, 0, 1, 2),
    "dmy_dash": (1, 2, 0, 1, 0),
    "mdy_dash": (1, 1, 0, 1, 1),
    "mdy_dot": (0, 0, 0, 0, 1),
    "upper": (0, 1, 0, 0, 0),
    "weekday": (1, 0, 0, 0, 2),
    "range": (1, 0, 0, 1, 1),
    "range_dmy": (0, 0, 0, 0, 1),
    "ord_word": (0, 0, 0, 0, 1),
    "mon_ord_word": (0, 0, 0, 0, 1),
    "dmy_dot": (0, 0, 0, 0, 1),
}
_SHORT_STYLES = {
    "md": 8,
    "md_pad": 2,
    "mon_day": 3,
    "ab_ord": 2,
    "ord_of": 2,
    "weekday": 1,
    "wd_md": 1,
    "md_range": 1,
    "ord_word": 1,
}
_MONTH_STYLES = {"month_year": 4, "ab_year": 1, "m_y": 2}


def _date_slot(style_set: str) -> Callable[[_Writer, str], None]:
    def render(w: _Writer, key: str) -> None:
        d = w.date_of(key or "admit")
        r = w.rng
        if style_set in w.house and r.random() < 0.7:  # a note mostly keeps one date style
            style = w.house[style_set]
        elif style_set == "any":
            ki = KINDS.index(w.kind)
            names = list(_DATE_STYLES)
            style = r.choices(names, [_DATE_STYLES[s][ki] for s in names])[0]
        elif style_set == "num":
            style = r.choice(["mdy", "mdy", "mdy_short", "mdy_nz", "iso"])
        elif style_set == "long":
            style = r.choice(["long", "long", "abbr", "dmy", "weekday_y"])
        elif style_set == "short":
            style = r.choices(list(_SHORT_STYLES), list(_SHORT_STYLES.values()))[0]
            if w.kind == "nursing_note":
                style = r.choice(["md", "md", "md", "md_pad"])
        elif style_set == "month":
            style = r.choices(list(_MONTH_STYLES), list(_MONTH_STYLES.values()))[0]
        else:
            style = style_set
        pre, text, post = _date_parts(r, d, style)
        w.out.add(pre)
        w.out.phi(text, "date")
        w.out.add(post)

    return render


def _dob(w: _Writer, _: str) -> None:
    w.mentioned.add("dob")
    w.out.phi(_date_parts(w.rng, w.p.dob, w.p.dob_style)[1], "date")


def _age_phrase(w: _Writer, n: int, form: str, phi: bool) -> None:
    out = w.out
    sex = w.p.person.sex

    def num(s: str) -> None:
        if phi:
            out.phi(s, "age_over_89")
        else:
            out.add(s)

    if form == "words" and n in _WORD_NUMS:
        num(_WORD_NUMS[n])
        out.add(w.rng.choice(["-year-old", " year old", " years old"]))
        return
    pre, post = {
        "yo": ("", " yo"),
        "yo_tight": ("", "yo"),
        "y/o": ("", " y/o"),
        "yr": ("", "-year-old"),
        "yr_sp": ("", " year old"),
        "yrs": ("", " years old"),
        "aged": ("aged ", ""),
        "age_colon": ("age: ", ""),
        "Age": ("Age ", ""),
        "sex": ("", sex),
        "yo_sex": ("", f" yo {sex}"),
        "yo_dash": ("", "-yo"),
        "yrold": ("", "-yr-old"),
        "words": ("", "-year-old"),
        "age_y": ("", "Y"),
        "age_end": ("Age ", ". "),
        "pt_is": (
            w.rng.choice(["Pt is ", "Patient is ", "She is " if sex == "F" else "He is "]),
            ". ",
        ),
        "the_pt": ("The patient, age ", ". "),
        "turned": ("Turned ", " this year. "),
        "bday": (
            "Celebrated " + ("her " if sex == "F" else "his "),
            _ordinal_suffix(n) + " birthday. ",
        ),
        "age_sex": ("Age/Sex: ", f"/{sex} "),
    }[form]
    out.add(pre)
    num(str(n))
    out.add(post)


def _ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _age(w: _Writer, arg: str) -> None:
    forms = ["yo", "yo", "y/o", "yr", "yr", "yr_sp", "yo_tight", "yo_dash", "yrold", "sex"]
    if arg == "hdr":
        forms = ["age_colon", "Age", "yrs", "yo", "age_y"]
    elif arg == "sent":  # a sentence of its own: "Age 95. ", "Pt is 93. "
        forms = ["age_end", "pt_is", "the_pt", "turned", "bday", "age_sex"]
    elif arg == "adj":  # used as an adjective: "a 92-year-old woman"
        forms = ["yr", "yr", "yr_sp", "yo", "y/o", "yrold"] + (["words"] if w.age >= 90 else [])
    elif arg == "aged":
        forms = ["aged", "aged", "yrs"]
    _age_phrase(w, w.age, w.rng.choice(forms), w.age >= 90)


def _fam_age(w: _Writer, _: str) -> None:
    """A relative's age at death: over 89 is PHI too."""
    n = w.rng.choice([w.rng.randint(52, 89), w.rng.randint(90, 101)])
    if n >= 90:
        w.out.phi(str(n), "age_over_89")
    else:
        w.out.add(str(n))


def _young(w: _Writer, _: str) -> None:
    w.out.add(str(w.rng.randint(19, 89)))


def _intro(w: _Writer, _: str) -> None:
    """'Mrs. Koss is a 92-year-old woman' / 'Pt is a 67 yo F' / 'This 92 y/o man'."""
    r = w.rng
    man = _man(w)
    style = r.randrange(5)
    if style == 0:
        _pt(w, "formal")
        w.t(" is a {age:adj} " + man)
    elif style == 1:
        w.t("[Patient|Pt|The patient] is a {age:adj} " + man)
    elif style == 2:
        w.t("This is a {age:adj} " + man)
    elif style == 3:
        _pt(w, "full")
        w.t(" is a {age:adj} " + r.choice([man, "patient", w.p.person.sex]))
    else:
        _pt(w, "first" if w.kind == "nursing_note" else "formal")
        w.t(
            ", {age:aged}, is a "
            + r.choice(["retired", "widowed", "pleasant", "frail"] if w.age > 60 else ["young"])
            + " "
            + man
        )


def _man(w: _Writer) -> str:
    if w.age < 18:
        return "boy" if w.p.person.sex == "M" else "girl"
    return w.rng.choice(
        ["man", "male", "gentleman"] if w.p.person.sex == "M" else ["woman", "female", "lady"]
    )


def _phone_text(r: random.Random, parts: tuple[str, str, str], ext: bool = True) -> str:
    a, e, n = parts
    s = r.choice(
        [
            f"({a}) {e}-{n}",
            f"({a}) {e}-{n}",
            f"{a}-{e}-{n}",
            f"{a}-{e}-{n}",
            f"{a}.{e}.{n}",
            f"{a} {e} {n}",
            f"+1 {a} {e} {n}",
            f"1-{a}-{e}-{n}",
            f"{a}{e}{n}",
            f"({a}){e}-{n}",
            f"{e}-{n}",
            f"+1 ({a}) {e}-{n}",
        ]
    )
    if ext and r.random() < 0.08:
        s += r.choice([f" ext. {_digits(r, 4)}", f" x{_digits(r, 4)}", f" ext {_digits(r, 3)}"])
    return s


def _phone(w: _Writer, arg: str) -> None:
    if arg == "pt":
        w.mentioned.add("phone")
        parts = w.p.phone
    elif arg == "rel":
        parts = _phone_parts(w.rng)
    elif arg == "pager":
        w.out.phi(
            w.rng.choice([f"{_digits(w.rng, 5)}", f"{w.rng.randint(2, 9)}-{_digits(w.rng, 4)}"]),
            "phone",
        )
        return
    else:
        parts = w.place(arg or "hosp").phone
    w.out.phi(_phone_text(w.rng, parts, ext=arg != "pt"), "phone")


def _fax(w: _Writer, arg: str) -> None:
    w.out.phi(_phone_text(w.rng, w.place(arg or "hosp").fax, ext=False), "fax")


def _email(w: _Writer, arg: str) -> None:
    r = w.rng
    if arg == "pt":
        w.mentioned.add("email")
        w.out.phi(w.p.email, "email")
        return
    p = w.person(arg or "attending")
    f, last = _slug(p.first), _slug(p.last)
    dom = w.place("clinic" if arg in ("pcp", "referring") else "hosp").domain
    user = r.choice(
        [f"{f[0]}{last}", f"{f}.{last}", f"{last}.{f}", f"{f}{last[0]}{r.randint(1, 9)}"]
    )
    w.out.phi(f"{user}@{dom}", "email")


def _url(w: _Writer, arg: str) -> None:
    """A place's web address; ``{url:portal}`` is the hospital's patient portal."""
    r = w.rng
    dom = w.place("hosp" if arg in ("", "portal") else arg).domain
    portal = [
        f"http://{dom}/patients/portal",
        f"https://mychart.{dom}",
        f"mychart.{dom}",
        f"https://portal.{dom}/records?mrn={w.p.mrn.replace('-', '')}",
        f"https://{dom}/patient-portal/login",
    ]
    u = r.choice(
        portal
        if arg == "portal"
        else [
            f"www.{dom}",
            f"https://www.{dom}",
            f"https://www.{dom}/referrals",
            f"http://{dom}/patients/portal",
            f"https://mychart.{dom}",
            f"www.{dom}/cardiology",
            f"https://{dom}/forms/referral.pdf",
            f"https://portal.{dom}/records?mrn={w.p.mrn.replace('-', '')}",
        ]
    )
    if "mrn=" in u:
        w.mentioned.add("mrn")
    w.out.phi(u, "url")


def _ip(w: _Writer, arg: str) -> None:
    """An IPv4 or IPv6 address; ``{ip:url}`` is one inside a web address, ``{ip:log}`` a log
    line."""
    r = w.rng
    if arg == "url":
        w.out.add(r.choice(["http://", "https://"]))
        _ip(w, "")
        w.out.add(r.choice(["/pacs/viewer", ":8443/wado", "/images"]))
        return
    if arg == "log":
        w.out.add(r.choice(["src=", "client ", "remote_addr: ", "from "]))
        _ip(w, "")
        w.out.add(r.choice([" GET /study", " login ok", " session opened", ""]))
        return
    w.out.phi(
        r.choice(
            [
                f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}",
                f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                str(w.fake.ipv4_public()),
                str(w.fake.ipv4_public()),
                str(w.fake.ipv6()),
                f"2001:db8::{r.randint(1, 0xFFFF):x}:{r.randint(1, 0xFFFF):x}",
                f"fe80::{r.randint(1, 0xFFFF):x}:{r.randint(1, 0xFFFF):x}:{r.randint(1, 0xFFFF):x}",
            ]
        ),
        "ip",
    )


def _id_slot(kind: str) -> Callable[[_Writer, str], None]:
    def render(w: _Writer, _: str) -> None:
        r = w.rng
        if kind == "mrn":
            w.mentioned.add("mrn")
            value = w.p.mrn
        elif kind == "ssn":
            w.mentioned.add("ssn")
            sep = r.choice(["-", "-", "-", " ", ".", ""])
            value = w.p.ssn.replace("-", sep)
        elif kind == "member_id":
            w.mentioned.add("member")
            value = w.p.member
        elif kind == "accession":
            d = w.date_of("exam")
            value = r.choice(
                [
                    f"RAD-{d.year}{d.month:02d}{d.day:02d}-{_digits(r, 4)}",
                    f"{r.choice(['CT', 'MR', 'US', 'XR'])}{d.year % 100:02d}-{_digits(r, 6)}",
                    _digits(r, 8),
                    f"A{_digits(r, 9)}",
                    f"E{_digits(r, 7)}",
                    f"{_digits(r, 4)}-{_digits(r, 5)}",
                ]
            )
        elif kind == "account":
            value = r.choice(
                [_digits(r, 10), f"V{_digits(r, 11)}", f"ENC-{_digits(r, 7)}", f"{_digits(r, 9)}"]
            )
        elif kind == "license_plate":
            value = r.choice(
                [
                    f"{_letters(r, 3)} {_digits(r, 4)}",
                    f"{_letters(r, 2)} {_digits(r, 5)}",
                    f"{_digits(r, 3)} {_digits(r, 4)}",
                    f"{_letters(r, 1)}{_digits(r, 2)}-{_letters(r, 3)}",
                    f"{_letters(r, 3)} {_letters(r, 1)}{_digits(r, 2)}",
                    f"{r.randint(1, 9)}{_letters(r, 3)}{_digits(r, 2)}",
                    f"{r.randint(1, 9)}{_letters(r, 2)} {_digits(r, 3)}",
                    f"{_letters(r, 3)}-{_digits(r, 4)}",
                    f"{_digits(r, 3)} {_letters(r, 3)}",
                    f"{r.randint(1, 9)}{_letters(r, 3)}{_digits(r, 3)}",
                ]
            )
        else:  # device_serial
            value = r.choice(
                [
                    f"{_letters(r, 3)}{_digits(r, 6)}{r.choice('SHNR')}",
                    f"{_digits(r, 4)}-{_digits(r, 4)}-{_digits(r, 2)}",
                    f"PJN{_digits(r, 7)}",
                    f"{_letters(r, 2)}{_digits(r, 8)}",
                    f"SN{_digits(r, 9)}",
                ]
            )
        w.out.phi(value, kind)

    return render


def _loc_slot(which: str) -> Callable[[_Writer, str], None]:
    def render(w: _Writer, arg: str) -> None:
        p = w.p
        if arg:  # a place's address parts
            pl = w.place(arg)
            value = {"street": pl.street, "city": pl.city, "zip": pl.zip, "state": pl.state}[which]
        else:
            w.mentioned.add(which)
            value = {"street": p.street, "city": p.city, "zip": p.zip, "state": p.state}[which]
        if which == "state":
            w.out.add(value)
        else:
            w.out.phi(value, which)

    return render


def _place_slot(style: str) -> Callable[[_Writer, str], None]:
    def render(w: _Writer, arg: str) -> None:
        role = arg or "hosp"
        pl = w.place(role)
        known = role in w.places_named
        w.places_named.add(role)
        name = pl.name
        if style == "upper":
            name = name.upper()
        elif style == "short" or (known and w.rng.random() < 0.35):
            name = pl.short
        w.out.phi(name, pl.kind)

    return render


def _city2(w: _Writer, _: str) -> None:
    w.out.phi(w.rng.choice(_CITIES), "city")


def _plain(values: Callable[[random.Random], str]) -> Callable[[_Writer, str], None]:
    def render(w: _Writer, _: str) -> None:
        w.out.add(values(w.rng))

    return render


def _year(w: _Writer, _: str) -> None:
    lo = min(w.day0.year - 1, max(w.p.dob.year + 15, w.day0.year - 30))
    w.out.add(str(w.rng.randint(lo, w.day0.year - 1)))


def _time(r: random.Random) -> str:
    h, m = r.randint(0, 23), r.choice([0, 5, 10, 15, 20, 30, 40, 45, 50, r.randint(0, 59)])
    return r.choice(
        [
            f"{h:02d}:{m:02d}",
            f"{h:02d}{m:02d}",
            f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}",
            f"{h:02d}{m:02d}h",
            f"{(h % 12) or 12}:{m:02d}{'am' if h < 12 else 'pm'}",
        ]
    )


def _f(lo: float, hi: float, nd: int = 1) -> Callable[[random.Random], str]:
    return lambda r: f"{r.uniform(lo, hi):.{nd}f}"


def _i(lo: int, hi: int) -> Callable[[random.Random], str]:
    return lambda r: str(r.randint(lo, hi))


def _bp(r: random.Random) -> str:
    return f"{r.randint(88, 182)}/{r.randint(44, 102)}"


def _o2(r: random.Random) -> str:
    return r.choice(["RA", "room air", "2L NC", "3L NC", "4L", "2 L", "40% FM", "NRB", "BiPAP"])


def _abg(r: random.Random) -> str:
    base = f"{r.uniform(7.18, 7.49):.2f}/{r.randint(28, 78)}/{r.randint(55, 180)}"
    return base + (f"/{r.randint(16, 34)}" if r.random() < 0.6 else "")


def _size(r: random.Random) -> str:
    a, b = r.uniform(0.4, 6.0), r.uniform(0.3, 4.0)
    s = f"{a:.1f} x {b:.1f} cm"
    return s if r.random() < 0.7 else s.replace(" cm", f" x {r.uniform(0.3, 3.0):.1f} cm")


def _level(r: random.Random) -> str:
    return r.choice(["L4-5", "L5-S1", "L3-L4", "C5-C6", "C6-7", "T11-T12", "L2-3", "C4-5"])


def _vitals(r: random.Random) -> str:
    t = r.choice(
        [f"T {r.uniform(97.0, 102.8):.1f}F", f"T {r.uniform(36.1, 39.4):.1f}C", "afebrile"]
    )
    return (
        f"{t}, BP {_bp(r)}, HR {r.randint(52, 138)}, RR {r.randint(12, 30)}, "
        f"SpO2 {r.randint(86, 100)}% on {_o2(r)}"
    )


def _labs(r: random.Random) -> str:
    items = [
        f"WBC {r.uniform(3.1, 19.8):.1f}",
        f"Hgb {r.uniform(6.9, 15.2):.1f}",
        f"Plt {r.randint(88, 465)}",
        f"Na {r.randint(126, 147)}",
        f"K {r.uniform(3.0, 5.9):.1f}",
        f"Cl {r.randint(94, 112)}",
        f"HCO3 {r.randint(16, 32)}",
        f"BUN {r.randint(8, 78)}",
        f"Cr {r.uniform(0.6, 3.9):.1f}",
        f"Glu {r.randint(72, 412)}",
        f"INR {r.uniform(0.9, 3.4):.1f}",
        f"lactate {r.uniform(0.7, 5.2):.1f}",
        f"troponin {r.choice(['<0.01', '0.04', '0.31', '1.2'])}",
        f"BNP {r.randint(40, 4200):,}",
        f"TSH {r.uniform(0.3, 6.1):.2f}",
        f"A1c {r.uniform(5.4, 11.9):.1f}%",
    ]
    return ", ".join(r.sample(items, r.randint(4, 9)))


def _mimic_labs(r: random.Random) -> str:
    return (
        f"WBC-{r.uniform(3.1, 19.8):.1f}* RBC-{r.uniform(2.9, 5.1):.2f} "
        f"Hgb-{r.uniform(7.0, 15.0):.1f} Hct-{r.uniform(22, 45):.1f} MCV-{r.randint(78, 101)} "
        f"Plt Ct-{r.randint(90, 450)}"
    )


def _chem(r: random.Random) -> str:
    return (
        f"Glucose-{r.randint(70, 380)}* UreaN-{r.randint(8, 70)} Creat-{r.uniform(0.6, 3.5):.1f} "
        f"Na-{r.randint(128, 146)} K-{r.uniform(3.1, 5.8):.1f} Cl-{r.randint(95, 110)} "
        f"HCO3-{r.randint(17, 31)} AnGap-{r.randint(8, 22)}"
    )


_SLOTS: dict[str, Callable[[_Writer, str], None]] = {
    "pt": _pt,
    "intro": _intro,
    "dr": lambda w, a: _clinician(w, a, ""),
    "drs": lambda w, a: _clinician(w, a, "short"),
    "drn": lambda w, a: _clinician(w, a, "full"),
    "rel": _rel,
    "relname": _relname,
    "relation": _relation,
    "date": _date_slot("any"),
    "ndate": _date_slot("num"),
    "ldate": _date_slot("long"),
    "sdate": _date_slot("short"),
    "mdate": _date_slot("month"),
    "isodate": _date_slot("iso"),
    "dicomdate": _date_slot("compact"),
    "dob": _dob,
    "age": _age,
    "fam_age": _fam_age,
    "young": _young,
    "mrn": _id_slot("mrn"),
    "ssn": _id_slot("ssn"),
    "member": _id_slot("member_id"),
    "acc": _id_slot("accession"),
    "acct": _id_slot("account"),
    "plate": _id_slot("license_plate"),
    "serial": _id_slot("device_serial"),
    "phone": _phone,
    "fax": _fax,
    "email": _email,
    "url": _url,
    "ip": _ip,
    "street": _loc_slot("street"),
    "city": _loc_slot("city"),
    "zip": _loc_slot("zip"),
    "state": _loc_slot("state"),
    "city2": _city2,
    "hosp": _place_slot(""),
    "hosp_upper": _place_slot("upper"),
    "hosp_short": _place_slot("short"),
    "year": _year,
    "time": _plain(_time),
    "bp": _plain(_bp),
    "hr": _plain(_i(52, 138)),
    "rr": _plain(_i(12, 30)),
    "spo2": _plain(_i(86, 100)),
    "o2": _plain(_o2),
    "temp": _plain(_f(97.2, 102.6)),
    "wbc": _plain(_f(3.1, 19.8)),
    "hgb": _plain(_f(6.8, 15.1)),
    "plt": _plain(_i(88, 465)),
    "na": _plain(_i(126, 147)),
    "k": _plain(_f(3.0, 5.9)),
    "cr": _plain(_f(0.6, 3.9)),
    "bun": _plain(_i(8, 78)),
    "glu": _plain(_i(72, 512)),
    "inr": _plain(_f(0.9, 3.4)),
    "lact": _plain(_f(0.8, 6.1)),
    "bnp": _plain(lambda r: f"{r.randint(300, 5200):,}"),
    "trop": _plain(lambda r: r.choice(["0.04", "0.12", "0.31", "0.87", "1.9", "2.45"])),
    "ef": _plain(lambda r: str(r.choice([15, 20, 25, 30, 35, 40, 45, 55, 60]))),
    "a1c": _plain(_f(6.1, 13.2)),
    "abg": _plain(_abg),
    "size": _plain(_size),
    "mm": _plain(_i(2, 9)),
    "level": _plain(_level),
    "n": _plain(_i(2, 6)),
    "days": _plain(lambda r: r.choice(["2", "3", "4", "5", "two", "three", "several", "7"])),
    "gcs": _plain(lambda r: r.choice(["15", "14", "13", "15 (E4V5M6)", "14 (E3V5M6)"])),
    "pain": _plain(lambda r: f"{r.randint(0, 10)}/10"),
    "pack": _plain(_i(10, 80)),
    "weight": _plain(lambda r: f"{r.uniform(42, 131):.1f} kg"),
    "vitals": _plain(_vitals),
    "labs": _plain(_labs),
    "mlabs": _plain(_mimic_labs),
    "chem": _plain(_chem),
    "country": _plain(lambda r: r.choice(_COUNTRIES)),
    "state_name": _plain(lambda r: r.choice(_STATE_NAMES)),
    "he": lambda w, _: w.out.add(w.he()),
    "He": lambda w, _: w.out.add(w.he(True)),
    "his": lambda w, _: w.out.add("his" if w.p.person.sex == "M" else "her"),
    "His": lambda w, _: w.out.add("His" if w.p.person.sex == "M" else "Her"),
    "him": lambda w, _: w.out.add("him" if w.p.person.sex == "M" else "her"),
    "man": lambda w, _: w.out.add(_man(w)),
    "sex": lambda w, _: w.out.add(w.p.person.sex),
    "male": lambda w, _: w.out.add("male" if w.p.person.sex == "M" else "female"),
}


# --------------------------------------------------------------------------- clinical content


@dataclass(frozen=True)
class _Scenario:
    key: str
    cc: tuple[str, ...]
    hpi: tuple[str, ...]
    course: tuple[str, ...]
    dx: tuple[str, ...]
    meds: tuple[str, ...]
    ed: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Exam:
    title: str
    history: tuple[str, ...]
    technique: tuple[str, ...]
    findings: tuple[str, ...]
    impression: tuple[str, ...]
    device: bool = False


_COMMON_MEDS = (
    "aspirin 81 mg PO daily",
    "atorvastatin 40 mg PO qHS",
    "metoprolol succinate 25 mg PO daily",
    "metoprolol tartrate 12.5 mg PO BID",
    "lisinopril 10 mg PO daily",
    "amlodipine 5 mg PO daily",
    "levothyroxine 75 mcg PO daily",
    "pantoprazole 40 mg PO daily",
    "tamsulosin 0.4 mg PO qHS",
    "sertraline 50 mg PO daily",
    "donepezil 10 mg PO qHS",
    "carbidopa/levodopa 25/100 mg PO TID",
    "acetaminophen 650 mg PO q6h PRN pain",
    "senna 8.6 mg 2 tabs PO qHS PRN constipation",
    "docusate (Colace) 100 mg PO BID",
    "vitamin D3 1,000 units daily",
    "insulin glargine 18 units SC qHS",
    "insulin lispro sliding scale with meals",
    "metformin 1000 mg PO BID",
    "apixaban (Eliquis) 5 mg PO BID",
    "warfarin (Coumadin) 2.5 mg PO daily, goal INR 2-3",
    "furosemide (Lasix) 40 mg PO BID",
    "tiotropium 18 mcg inhaled daily",
    "albuterol 90 mcg 2 puffs q4h PRN wheeze",
    "hydrocodone/acetaminophen (Norco) 5/325 1 tab q6h PRN",
    "gabapentin 300 mg PO TID",
    "levetiracetam (Keppra) 500 mg PO BID",
    "lorazepam (Ativan) 0.5 mg PO q8h PRN anxiety",
    "trimethoprim/sulfamethoxazole DS 800/160 mg PO BID",
    "enoxaparin 40 mg SC daily",
    "potassium chloride 20 mEq PO daily",
    "magnesium oxide 400 mg PO BID",
    "allopurinol 100 mg daily",
    "prednisone 5 mg daily",
    "spironolactone 25 mg daily",
)

_PMH = (
    "Hypertension",
    "Hyperlipidemia",
    "CAD s/p CABG x3 ({year})",
    "CAD s/p DES to LAD in {year}",
    "Type 2 diabetes mellitus, diagnosed {year}, last A1c {a1c}%",
    "COPD (FEV1 {n}4% predicted), on home O2 2L since {year}",
    "Atrial fibrillation (CHA2DS2-VASc {n}), on anticoagulation",
    "HFrEF, EF {ef}% (TTE {year})",
    "CKD stage 3b, baseline Cr {cr}",
    "Parkinson's disease, diagnosed {year}",
    "Alzheimer's dementia",
    "Hypothyroidism (Hashimoto's thyroiditis)",
    "GERD with Barrett's esophagus",
    "Osteoarthritis s/p right TKR {year}",
    "F:Breast cancer s/p lumpectomy and XRT ({year}), on anastrozole",
    "M:Prostate cancer s/p prostatectomy {year}",
    "M:BPH",
    "F:Stress urinary incontinence",
    "M:Erectile dysfunction",
    "Gout",
    "Depression/anxiety",
    "Osteoporosis with L1 compression fracture ({year})",
    "Bell's palsy ({year})",
    "Crohn's disease, s/p ileocecectomy {year}",
    "Hodgkin lymphoma in remission since {year}",
    "Remote CVA ({year}) with residual left hemiparesis",
    "Cushing's syndrome s/p adrenalectomy",
    "Sick sinus syndrome s/p dual-chamber pacemaker {year}",
    "Complete heart block s/p pacemaker {year} (Medtronic Adapta, SN {serial})",
    "Ischemic cardiomyopathy s/p ICD (Boston Scientific, serial {serial})",
    "Insulin-dependent diabetes on insulin pump (Tandem t:slim X2, serial {serial})",
    "Obstructive sleep apnea on CPAP",
    "Chronic low back pain, L4-5 disc herniation, s/p laminectomy {year}",
    "Macular degeneration, legally blind",
    "History of C. diff colitis ({year})",
)

_SCENARIOS: tuple[_Scenario, ...] = (
    _Scenario(
        "chf",
        ("shortness of breath", "dyspnea and leg swelling", "SOB, weight gain"),
        (
            "{intro} with HFrEF (EF {ef}%), CAD s/p CABG ({year}), atrial fibrillation and CKD "
            "who presents with {days} days of progressive dyspnea on exertion, 3-pillow orthopnea "
            "and bilateral lower extremity edema. {He} reports a weight gain of {n} kg and "
            "admits to dietary indiscretion over the holidays. Denies chest pain. In the ED, "
            "vitals were {vitals}. BNP {bnp}, troponin {trop}. CXR showed pulmonary vascular "
            "congestion and small bilateral effusions. {He} was given furosemide 80 mg IV x1 "
            "with good UOP.",
            "{intro} with chronic systolic CHF and a prior admission for volume overload in "
            "{year}, sent in from {hosp:clinic} for hypoxia (SpO2 {spo2}% on RA) and rales. "
            "{His} {relation} noted increased leg swelling since {sdate:onset}. Weight up from "
            "dry weight of {weight}.",
        ),
        (
            "# Acute on chronic systolic heart failure: diuresed with furosemide 80 mg IV BID "
            "with net negative 4.2 L over the admission. Transitioned to torsemide 40 mg PO daily "
            "on {sdate:proc}. Metoprolol held initially, restarted at 12.5 mg BID. Discharge "
            "weight {weight}. TTE on {ndate:proc} showed EF {ef}%, moderate MR, RVSP 48 mmHg.",
            "# Hyperkalemia: K peaked at 5.9 in setting of AKI and spironolactone; treated with "
            "Lokelma; spironolactone held. K 4.1 on discharge.",
            "# AKI on CKD: Cr {cr} on admission (baseline 1.4), likely cardiorenal; improved with "
            "diuresis to {cr}.",
            "# Atrial fibrillation: rate controlled, HR 70s-90s. CHA2DS2-VASc 5. Continued "
            "apixaban 5 mg BID.",
        ),
        (
            "Acute on chronic systolic heart failure",
            "Acute kidney injury on CKD stage 3",
            "Atrial fibrillation",
            "Hyperkalemia",
        ),
        ("torsemide 40 mg PO daily", "metoprolol succinate 25 mg PO daily", "apixaban 5 mg BID"),
        (
            "Given furosemide 80 mg IV at {time}, Foley placed with 900 mL UOP. BiPAP trial "
            "briefly for work of breathing, weaned to 4L NC.",
        ),
    ),
    _Scenario(
        "copd",
        ("shortness of breath", "cough and wheezing", "COPD flare"),
        (
            "{intro} with severe COPD (FEV1 0.9 L, {pack} pack-year history, quit {year}) on "
            "home O2 2L who presents with {days} days of increased sputum production (yellow-"
            "green), "
            "wheezing and dyspnea at rest. {He} was seen at {hosp:clinic} on {sdate:onset} and "
            "started on azithromycin without improvement. ABG in the ED {abg}. Received "
            "duonebs x3, methylprednisolone 125 mg IV and was placed on BiPAP 12/5.",
        ),
        (
            "# COPD exacerbation: weaned off BiPAP within 24 hours, treated with prednisone "
            "40 mg daily x 5 days (last dose {sdate:disch}), azithromycin 250 mg x 5 days, "
            "scheduled duonebs q6h and albuterol q2h PRN. Ambulatory SpO2 at discharge 91% on "
            "2L, at baseline.",
            "# Hypercarbic respiratory failure: pCO2 peaked at 68, ABG {abg} on BiPAP, "
            "repeat {abg} the next morning. Mental status normal throughout.",
            "# Steroid-induced hyperglycemia: FSBG up to 280s, covered with sliding scale insulin.",
        ),
        ("COPD exacerbation", "Acute on chronic hypercarbic respiratory failure"),
        ("prednisone 40 mg PO daily x 2 more days", "tiotropium 18 mcg inhaled daily"),
        ("Duonebs x3 and Solu-Medrol 125 mg IV given; placed on BiPAP 12/5 at {time}.",),
    ),
    _Scenario(
        "pna",
        ("fever and cough", "confusion, fever", "productive cough"),
        (
            "{intro} with {pmh_short} who was brought in by {rel} after {days} days of fever to "
            "{temp}F, productive cough and new confusion. At baseline {he} ambulates with a "
            "walker and is oriented x3. In the ED: {vitals}; WBC {wbc}, lactate {lact}. CXR with "
            "right lower lobe consolidation. Blood cultures drawn and {he} was started on "
            "ceftriaxone 1 g IV and azithromycin 500 mg IV.",
        ),
        (
            "# Community-acquired pneumonia, RLL: completed ceftriaxone/azithromycin, "
            "transitioned to cefpodoxime 200 mg PO BID on {sdate:proc} to complete a 7-day "
            "course. Blood cultures from {sdate:admit} no growth to date. Legionella and "
            "strep pneumo urinary antigens negative.",
            "# Toxic-metabolic encephalopathy: resolved with treatment of infection; CAM "
            "negative by hospital day 3. Avoided sedating medications; PT/OT evaluated.",
            "# Dysphagia: SLP bedside swallow on {sdate:proc} recommended soft solids and thin "
            "liquids with aspiration precautions.",
        ),
        ("Community-acquired pneumonia", "Acute toxic-metabolic encephalopathy"),
        ("cefpodoxime 200 mg PO BID x 4 more days",),
        ("CURB-65 of 3. Ceftriaxone 1 g IV and azithromycin 500 mg IV started at {time}.",),
    ),
    _Scenario(
        "uro",
        ("fever, dysuria", "altered mental status", "weakness"),
        (
            "{intro} from {hosp:rehab} with a chronic Foley catheter who was sent in for fever "
            "to {temp}, hypotension (BP {bp}) and lethargy. UA with >182 WBC, positive nitrite. "
            "Lactate {lact}. Received 30 mL/kg NS and piperacillin-tazobactam (Zosyn) 4.5 g IV.",
        ),
        (
            "# Sepsis due to complicated UTI: Foley exchanged on admission. Urine culture grew "
            "E. coli >100,000 CFU/mL, resistant to ciprofloxacin, sensitive to ceftriaxone. "
            "Narrowed to ceftriaxone on {sdate:proc}, then cefpodoxime to complete 10 days.",
            "# Hypotension: MAP >65 after 3 L IVF; did not require pressors. Home lisinopril "
            "held on discharge, to be restarted by PCP.",
        ),
        ("Sepsis secondary to catheter-associated UTI", "Acute kidney injury"),
        ("cefpodoxime 200 mg PO BID through {sdate:fu}",),
        ("Sepsis alert called at {time}. 2 L LR bolus, Zosyn 4.5 g IV, cultures x2.",),
    ),
    _Scenario(
        "nstemi",
        ("chest pain", "substernal chest pressure", "CP"),
        (
            "{intro} with HTN, HLD, DM2 (A1c {a1c}%) and a {pack} pack-year smoking history "
            "who developed substernal chest pressure radiating to the left arm at rest at "
            "approximately {time} on the day of admission, associated with diaphoresis. ECG "
            "showed 1 mm ST depressions in V4-V6. Initial troponin {trop}, peaked at 2.45. "
            "Given aspirin 325 mg, heparin drip and nitroglycerin SL x3 with relief.",
        ),
        (
            "# NSTEMI: cardiac catheterization on {ndate:proc} showed 90% mid-LAD stenosis, "
            "treated with a drug-eluting stent, and 60% RCA (medical management). Started "
            "ticagrelor 90 mg BID and high-intensity atorvastatin 80 mg. TTE EF {ef}%, "
            "hypokinesis of the anterior wall.",
            "# Type 2 diabetes: metformin held peri-catheterization, restarted 48 h later.",
            "# Cardiac rehab referral placed; to follow up with cardiology.",
        ),
        ("Non-ST elevation myocardial infarction", "Coronary artery disease s/p PCI to LAD"),
        ("ticagrelor 90 mg PO BID", "atorvastatin 80 mg PO qHS", "nitroglycerin 0.4 mg SL PRN"),
        ("ASA 325 mg chewed, heparin bolus and drip, SL NTG x3 with CP 6/10 -> 1/10.",),
    ),
    _Scenario(
        "gib",
        ("black stools", "melena, lightheadedness", "hematemesis"),
        (
            "{intro} on apixaban for AF and daily naproxen for knee OA who presents with "
            "{days} days of black tarry stools and lightheadedness. Hgb {hgb} (baseline 12). "
            "BUN {bun}. Orthostatic in the ED. Two 18-gauge IVs placed, transfused 2 units "
            "pRBC, started on pantoprazole 80 mg IV then infusion.",
        ),
        (
            "# Upper GI bleed: EGD on {ndate:proc} showed a 1.5 cm clean-based duodenal ulcer "
            "(Forrest III); no intervention. H. pylori biopsy pending. Hgb stable at 8.9 x 48 h "
            "after 3 units pRBC total. Discharged on pantoprazole 40 mg BID x 8 weeks.",
            "# Anticoagulation: apixaban held; restart discussed with GI and cardiology, to "
            "resume on {sdate:fu} if no further bleeding.",
        ),
        ("Upper GI bleed from duodenal ulcer", "Acute blood loss anemia"),
        ("pantoprazole 40 mg PO BID", "iron sulfate 325 mg PO daily"),
        ("2 units pRBC ordered, GI consulted, Glasgow-Blatchford score 12.",),
    ),
    _Scenario(
        "stroke",
        ("right-sided weakness", "slurred speech", "code stroke"),
        (
            "{intro} with AF (not anticoagulated due to falls), HTN and HLD who was last known "
            "well at {time} when {his} {relation} noticed slurred speech and right facial droop. "
            "NIHSS 9 on arrival. CT head negative for hemorrhage; CTA showed left M2 occlusion. "
            "Received tPA at {time} and was taken for thrombectomy (TICI 2b).",
        ),
        (
            "# Acute ischemic stroke, left MCA territory: MRI brain on {ndate:proc} showed "
            "restricted diffusion in the left frontal operculum. NIHSS improved to 3 at "
            "discharge (mild right pronator drift, mild dysarthria). Strength 4/5 right upper "
            "extremity, 5/5 elsewhere. Babinski upgoing on the right.",
            "# Secondary prevention: started apixaban on day 5 after repeat CT, atorvastatin "
            "80 mg. LDL 131. A1c {a1c}%.",
            "# Dysphagia: passed SLP evaluation on {sdate:proc}, mechanical soft diet.",
        ),
        ("Acute ischemic stroke (left MCA)", "Atrial fibrillation"),
        ("apixaban 5 mg PO BID", "atorvastatin 80 mg PO qHS"),
        ("Code stroke at {time}, CT/CTA at {time}, tPA bolus at {time}. Neurology at bedside.",),
    ),
    _Scenario(
        "hip",
        ("fall, left hip pain", "s/p fall", "unable to bear weight"),
        (
            "{intro} with osteoporosis, Parkinson's disease and macular degeneration who had a "
            "mechanical fall at home in {city} on the evening prior to admission, tripping on a "
            "rug. No head strike or LOC. Found by {rel} the next morning. Left leg shortened and "
            "externally rotated. XR showed a displaced left femoral neck fracture (Garden IV).",
        ),
        (
            "# Left femoral neck fracture: underwent left hip hemiarthroplasty with Dr. "
            "{drs:consult} (orthopaedics) on {ndate:proc}. WBAT. Enoxaparin 40 mg SC daily x 4 "
            "weeks for DVT prophylaxis. Pain controlled with acetaminophen and oxycodone 2.5 mg "
            "PRN.",
            "# Post-operative delirium: worse at night, managed with reorientation, melatonin "
            "and avoidance of benzodiazepines. Resolved by POD#3.",
            "# Parkinson's disease: Sinemet continued on strict schedule 25/100 at 0600, 1000, "
            "1400, 1800.",
        ),
        ("Left femoral neck fracture s/p hemiarthroplasty", "Post-operative delirium"),
        ("enoxaparin 40 mg SC daily until {sdate:fu}", "oxycodone 2.5 mg PO q6h PRN"),
        ("Hip XR: displaced femoral neck fx. Fascia iliaca block at {time}. Ortho paged.",),
    ),
    _Scenario(
        "dka",
        ("nausea, vomiting", "hyperglycemia", "abdominal pain"),
        (
            "{intro} with type 1 diabetes since age 12 who ran out of insulin {days} days ago "
            "and presents with polyuria, nausea, vomiting and abdominal pain. Glucose {glu}, "
            "anion gap 28, bicarbonate 8, beta-hydroxybutyrate 6.2. VBG {abg}.",
        ),
        (
            "# DKA: treated per protocol with insulin drip and IVF; gap closed within 14 hours; "
            "transitioned to glargine 22 units qHS and lispro with meals. Seen by diabetes "
            "educator; provided with insulin and supplies via patient assistance.",
            "# Hypokalemia: K nadir 3.0 on insulin infusion, repleted IV and PO.",
        ),
        ("Diabetic ketoacidosis", "Type 1 diabetes mellitus, uncontrolled"),
        ("insulin glargine 22 units SC qHS", "insulin lispro 6 units SC with meals"),
        ("Insulin drip 0.1 units/kg/h started at {time}, 2 L NS, K 3.4 repleted.",),
    ),
    _Scenario(
        "cellulitis",
        ("leg redness", "left leg swelling and redness", "fever, leg pain"),
        (
            "{intro} with obesity (BMI 41), venous stasis and DM2 presenting with {days} days of "
            "spreading erythema, warmth and pain of the left lower leg. Temp {temp}F. WBC {wbc}. "
            "LENIs negative for DVT. Area of erythema measured {size} and marked.",
        ),
        (
            "# Left lower extremity cellulitis: treated with cefazolin 2 g IV q8h, transitioned "
            "to cephalexin 500 mg QID on {sdate:proc}. Erythema receding within marked borders. "
            "MRSA nares swab negative.",
            "# Venous stasis: compression stockings once cellulitis resolves; wound care RN "
            "consulted.",
        ),
        ("Left lower extremity cellulitis",),
        ("cephalexin 500 mg PO QID x 7 days",),
        ("Borders marked at {time}. Cefazolin 2 g IV. LE duplex ordered.",),
    ),
    _Scenario(
        "afib",
        ("palpitations", "racing heart", "palpitations and dizziness"),
        (
            "{intro} with HTN and hyperthyroidism (Graves' disease) who presents with "
            "palpitations since {sdate:onset}. ECG: atrial fibrillation with RVR, rate 148. "
            "TSH {k}, free T4 elevated. Received diltiazem 10 mg IV x2 with rate control to 90s.",
        ),
        (
            "# New atrial fibrillation with RVR: rate controlled on metoprolol, converted to "
            "sinus rhythm spontaneously on {sdate:proc}. CHA2DS2-VASc 4; started apixaban.",
            "# Graves' disease: methimazole 10 mg daily started per endocrinology; TRAb pending.",
        ),
        ("Atrial fibrillation with rapid ventricular response", "Hyperthyroidism"),
        ("metoprolol tartrate 25 mg PO BID", "methimazole 10 mg PO daily"),
        ("Diltiazem 10 mg IV x2 at {time} with HR 148 -> 96. Cardioversion not required.",),
    ),
    _Scenario(
        "syncope",
        ("syncope", "passed out", "fall with LOC"),
        (
            "{intro} with aortic stenosis and a dual-chamber pacemaker who had a witnessed "
            "syncopal episode at church, with {rel} present, lasting about 30 seconds without "
            "tonic-clonic activity. Orthostatic vitals positive. Pacemaker interrogation "
            "(device serial {serial}) showed normal function, no arrhythmias.",
        ),
        (
            "# Syncope, likely orthostatic in the setting of poor PO intake and "
            "hydrochlorothiazide: HCTZ stopped, IVF given, orthostatics negative on "
            "{sdate:proc}. TTE: severe AS, AVA 0.8 cm2, mean gradient 44 mmHg.",
            "# Severe aortic stenosis: structural heart team consulted; TAVR evaluation as an "
            "outpatient.",
        ),
        ("Syncope, orthostatic", "Severe aortic stenosis"),
        ("HCTZ discontinued",),
        ("Telemetry without events. Pacemaker interrogated by rep at {time}.",),
    ),
)

_MVC = _Scenario(
    "mvc",
    ("MVC", "motor vehicle collision", "trauma - MVC"),
    (
        "{intro}, restrained driver in a 2-car MVC at approximately 35 mph, T-boned on the "
        "driver side at an intersection in {city2}. + airbag deployment, no LOC per EMS. "
        "Self-extricated. Complains of left chest wall pain and neck pain. GCS {gcs} at scene. "
        "Vehicle: gray sedan, [MA plate|RI plate|NJ tag|CA plates|NY registration|plate #|"
        "TX lic plate|Florida tag] {plate}; State Police on scene.",
    ),
    (),
    ("Motor vehicle collision", "Left rib fractures (5-7)", "Cervical strain"),
    ("ibuprofen 600 mg PO q6h PRN", "lidocaine 5% patch daily"),
    (
        "FAST negative. CT C-spine: no fracture, degenerative changes at C5-C6. CT chest: "
        "nondisplaced left 5th-7th rib fractures, no PTX. Trauma surgery ({drs:consult}) "
        "evaluated at {time}. Incentive spirometer teaching.",
    ),
)

_EXAMS: tuple[_Exam, ...] = (
    _Exam(
        "CT CHEST WITH IV CONTRAST",
        ("cough, weight loss, {pack} pack-year smoker", "follow-up pulmonary nodule"),
        (
            "Axial CT images of the chest were obtained after administration of 75 mL "
            "Omnipaque 350 IV. Coronal and sagittal reformats. CTDIvol 8.2 mGy, DLP 312 mGy-cm.",
        ),
        (
            "LUNGS: A spiculated {size} nodule in the right upper lobe (series 4, image 87), "
            "previously {mm} mm. Scattered centrilobular emphysema. No consolidation.",
            "PLEURA: Small left pleural effusion. No pneumothorax.",
            "MEDIASTINUM: Enlarged right paratracheal lymph node measuring {size}. Heart size "
            "normal. Coronary artery calcifications. No pericardial effusion.",
            "UPPER ABDOMEN: Hypodense {mm} mm lesion in the liver, too small to characterize.",
            "BONES: Degenerative changes of the thoracic spine. Old healed left 6th rib fracture.",
        ),
        (
            "Enlarging spiculated right upper lobe nodule, suspicious for primary lung "
            "malignancy (Lung-RADS 4B). Recommend PET/CT and tissue sampling.",
            "Right paratracheal lymphadenopathy.",
            "Emphysema.",
        ),
    ),
    _Exam(
        "CHEST, 2 VIEWS (PA AND LATERAL)",
        ("SOB, r/o pneumonia", "fever, cough", "CHF"),
        ("PA and lateral views of the chest.",),
        (
            "Lines/tubes: Right IJ central venous catheter terminates at the cavoatrial junction.",
            "The cardiomediastinal silhouette is enlarged. Pulmonary vascular congestion with "
            "Kerley B lines. Small bilateral pleural effusions. Retrocardiac opacity.",
            "Median sternotomy wires and mediastinal clips. No pneumothorax.",
            "Osseous structures are demineralized. Mild S-shaped scoliosis.",
        ),
        (
            "Moderate pulmonary edema and small bilateral effusions, worse than prior.",
            "Retrocardiac opacity may reflect atelectasis; infection not excluded.",
        ),
    ),
    _Exam(
        "CT HEAD WITHOUT CONTRAST",
        ("fall on anticoagulation", "altered mental status", "headache, r/o bleed"),
        ("Contiguous axial images from the skull base to the vertex without IV contrast.",),
        (
            "There is no acute intracranial hemorrhage, mass effect or midline shift.",
            "Periventricular white matter hypodensities consistent with chronic small vessel "
            "ischemic disease. Old lacunar infarct in the right basal ganglia.",
            "Ventricles and sulci are prominent, consistent with age-related volume loss.",
            "Left frontal scalp hematoma measuring {size}. No calvarial fracture.",
            "Mastoid air cells and paranasal sinuses are clear.",
        ),
        (
            "No acute intracranial abnormality.",
            "Left frontal scalp hematoma without underlying fracture.",
            "Chronic microvascular ischemic changes.",
        ),
    ),
    _Exam(
        "MRI LUMBAR SPINE WITHOUT CONTRAST",
        ("low back pain radiating to the left leg", "L5 radiculopathy"),
        ("Sagittal T1, T2 and STIR; axial T1 and T2 images through L1-S1.",),
        (
            "Alignment: grade 1 anterolisthesis of L4 on L5. Conus terminates at L1.",
            "L3-L4: disc bulge and facet hypertrophy, mild canal stenosis.",
            "L4-5: broad-based disc protrusion with a superimposed left paracentral extrusion "
            "contacting the descending left L5 nerve root; moderate canal stenosis.",
            "L5-S1: mild bilateral foraminal narrowing. Modic type 1 endplate changes.",
            "Marrow signal is normal. Paraspinal soft tissues unremarkable.",
        ),
        (
            "Left paracentral disc extrusion at L4-5 contacting the left L5 nerve root.",
            "Moderate spinal canal stenosis at L4-5.",
        ),
        True,
    ),
    _Exam(
        "MRI BRAIN WITH AND WITHOUT CONTRAST",
        ("new seizure", "stroke symptoms", "known meningioma, follow-up"),
        ("Sagittal T1, axial FLAIR, T2, DWI/ADC, SWI and post-gadolinium T1 (7 mL Gadavist).",),
        (
            "Restricted diffusion in the left frontal operculum and insular cortex, consistent "
            "with acute infarct, measuring {size}.",
            "Extra-axial dural-based enhancing mass along the right convexity measuring {size}, "
            "unchanged.",
            "Scattered T2/FLAIR hyperintensities in the periventricular white matter.",
            "No microhemorrhage on SWI. Flow voids are preserved.",
        ),
        (
            "Acute left MCA territory infarct.",
            "Stable right convexity meningioma.",
            "Moderate chronic small vessel ischemic disease.",
        ),
        True,
    ),
    _Exam(
        "US ABDOMEN COMPLETE",
        ("RUQ pain, elevated LFTs", "abnormal LFTs"),
        ("Grayscale and color Doppler sonography of the abdomen.",),
        (
            "LIVER: Normal echotexture, measures 15.2 cm. No focal lesion.",
            "GALLBLADDER: Multiple mobile shadowing gallstones, the largest {mm} mm. Gallbladder "
            "wall thickening to 5 mm with pericholecystic fluid. Positive sonographic Murphy's "
            "sign.",
            "BILE DUCTS: CBD measures 4 mm.",
            "KIDNEYS: Right 10.8 cm, left 11.2 cm. Simple cyst in the left kidney, {size}.",
            "SPLEEN: 9.8 cm. AORTA: normal caliber.",
        ),
        ("Findings consistent with acute calculous cholecystitis.", "Simple left renal cyst."),
    ),
    _Exam(
        "CT ABDOMEN AND PELVIS WITH IV CONTRAST",
        ("abdominal pain, fever", "LLQ pain", "r/o SBO"),
        ("Helical CT from the lung bases to the pubic symphysis after 100 mL Isovue-370 IV.",),
        (
            "Sigmoid colon wall thickening with pericolonic fat stranding and a {size} "
            "rim-enhancing fluid collection, consistent with diverticulitis and abscess.",
            "Dilated small bowel loops up to 3.4 cm with a transition point in the right lower "
            "quadrant.",
            "Liver, spleen, pancreas and adrenal glands unremarkable. Cholelithiasis.",
            "Bilateral renal hypodensities, too small to characterize. No hydronephrosis.",
            "Moderate atherosclerotic calcification of the abdominal aorta. Degenerative disc "
            "disease at L4-5 and L5-S1.",
        ),
        (
            "Acute sigmoid diverticulitis with a pericolonic abscess.",
            "Partial small bowel obstruction.",
        ),
    ),
    _Exam(
        "BILATERAL LOWER EXTREMITY VENOUS DUPLEX",
        ("leg swelling, r/o DVT", "calf pain"),
        ("Grayscale, color and spectral Doppler of the deep veins from the CFV to the calf.",),
        (
            "Occlusive thrombus in the left popliteal and posterior tibial veins. Non-"
            "compressible.",
            "Right lower extremity: normal compressibility, flow and augmentation.",
            "Incidental {size} Baker's cyst in the left popliteal fossa.",
        ),
        ("Acute deep venous thrombosis of the left popliteal and posterior tibial veins.",),
    ),
    _Exam(
        "SCREENING MAMMOGRAM, BILATERAL, WITH TOMOSYNTHESIS",
        ("screening", "family history of breast cancer (mother at {young})"),
        ("Standard CC and MLO views with digital breast tomosynthesis.",),
        (
            "The breasts are heterogeneously dense, which may obscure small masses.",
            "A {mm} mm group of fine pleomorphic calcifications in the right breast upper outer "
            "quadrant, 6 cm from the nipple.",
            "Stable post-lumpectomy changes in the left breast.",
        ),
        ("BI-RADS 4: Suspicious. Stereotactic biopsy recommended.", "BI-RADS 2: Benign."),
    ),
    _Exam(
        "XR LEFT HIP AND PELVIS, 2 VIEWS",
        ("fall, hip pain", "s/p hemiarthroplasty"),
        ("AP pelvis and frog-leg lateral view of the left hip.",),
        (
            "Displaced subcapital fracture of the left femoral neck with varus angulation.",
            "Left hip hemiarthroplasty in expected position without periprosthetic fracture.",
            "Diffuse osteopenia. Moderate degenerative changes of the right hip.",
        ),
        ("Displaced left femoral neck fracture.", "Expected postoperative appearance."),
    ),
    _Exam(
        "MRI CERVICAL SPINE WITHOUT CONTRAST",
        ("neck pain, bilateral hand numbness", "myelopathy"),
        ("Sagittal T1, T2, STIR; axial T2 and GRE.",),
        (
            "C4-5: disc osteophyte complex with mild canal stenosis.",
            "C5-C6: disc osteophyte complex and ligamentum flavum thickening with severe canal "
            "stenosis and T2 cord signal abnormality; canal AP diameter 6 mm.",
            "C6-7: moderate right foraminal stenosis.",
        ),
        ("Severe C5-C6 spinal canal stenosis with cord edema/myelomalacia.",),
        True,
    ),
    _Exam(
        "CT ANGIOGRAPHY CHEST (PE PROTOCOL)",
        ("tachycardia, hypoxia, r/o PE", "pleuritic chest pain"),
        ("CTA of the chest after 80 mL Omnipaque 350 IV, bolus tracking in the main PA.",),
        (
            "Filling defects in the right lower lobe segmental and subsegmental pulmonary "
            "arteries. RV/LV ratio 0.9. No reflux of contrast into the IVC.",
            "Wedge-shaped peripheral opacity in the right lower lobe, possibly infarct.",
            "No aortic dissection. Small hiatal hernia.",
        ),
        ("Acute right lower lobe pulmonary embolism without CT evidence of right heart strain.",),
    ),
)

_INCIDENTAL = {
    "body": (
        "Atherosclerotic calcifications of the aorta and its branches.",
        "Postsurgical changes from prior cholecystectomy.",
        "Visualized thyroid gland is unremarkable.",
        "A {mm} mm nonspecific pulmonary nodule is unchanged and requires no follow-up per "
        "Fleischner Society guidelines.",
        "No suspicious osseous lesion.",
        "Small fat-containing umbilical hernia.",
        "Degenerative changes of the spine, most marked at {level}.",
    ),
    "head": (
        "Limited evaluation due to patient motion artifact.",
        "Partially empty sella, likely incidental.",
        "Mild mucosal thickening of the left maxillary sinus.",
        "Bilateral lens replacements.",
    ),
    "spine": (
        "Limited evaluation due to patient motion artifact.",
        "Incidental T2-hyperintense lesion in the vertebral body, consistent with hemangioma.",
        "Multilevel degenerative disc disease, most marked at {level}.",
        "No suspicious osseous lesion.",
    ),
    "other": (
        "Limited evaluation due to body habitus.",
        "No suspicious abnormality otherwise.",
        "Soft tissues are unremarkable.",
    ),
}


def _exam_group(e: _Exam) -> str:
    t = e.title
    if "HEAD" in t or "BRAIN" in t:
        return "head"
    if "SPINE" in t:
        return "spine"
    if t.startswith("CT") or "CHEST" in t:
        return "body"
    return "other"


_SCEN_EXAMS = {
    "chf": ("CHEST, 2",),
    "copd": ("CHEST, 2", "CT CHEST"),
    "pna": ("CHEST, 2",),
    "uro": ("CT ABDOMEN",),
    "nstemi": ("CHEST, 2",),
    "gib": ("CT ABDOMEN",),
    "stroke": ("CT HEAD", "MRI BRAIN"),
    "hip": ("XR LEFT HIP",),
    "dka": ("CT ABDOMEN", "CHEST, 2"),
    "cellulitis": ("BILATERAL LOWER",),
    "afib": ("CHEST, 2", "CT ANGIOGRAPHY"),
    "syncope": ("CT HEAD",),
    "mvc": ("CT HEAD", "MRI CERVICAL"),
}


def _exam_for(scenario: str, rng: random.Random) -> _Exam:
    prefix = rng.choice(_SCEN_EXAMS.get(scenario, ("CHEST, 2",)))
    return next(e for e in _EXAMS if e.title.startswith(prefix))


# --------------------------------------------------------------------------- the five kinds


def _sections(
    w: _Writer,
    required: Sequence[Callable[[_Writer], None]],
    optional: Sequence[Callable[[_Writer], None]],
    lo: int,
    hi: int,
) -> None:
    """Run the required sections and a random subset of the optional ones, in order."""
    k = w.rng.randint(min(lo, len(optional)), min(hi, len(optional)))
    chosen = set(w.rng.sample(range(len(optional)), k))
    for fn in required:
        fn(w)
    for i, fn in enumerate(optional):
        if i in chosen:
            fn(w)


def _pmh_list(w: _Writer, k: int, bullet: str = "- ") -> None:
    for item in w.pmh(k):
        w.t(f"{bullet}{item}\n")


def _meds(w: _Writer, extra: Iterable[str], k: int, numbered: bool = True) -> None:
    meds = list(extra) + w.pick(_COMMON_MEDS, k)
    for i, m in enumerate(meds, 1):
        w.t(f"{i}. {m}\n" if numbered else f"- {m}\n")


def _ds_header(w: _Writer) -> None:
    style = w.rng.randrange(3)
    if style == 0:
        w.t("Name:  {pt:header}                  Unit No:   {mrn}\n\n")
        w.t("Admission Date:  {ndate:admit}              Discharge Date:   {ndate:disch}\n\n")
        w.t("Date of Birth:  {dob}             Sex:   {sex}\n\n")
        w.t(f"Service: {w.rng.choice(_SERVICES)}\n\n")
        w.t("Attending: {drn:attending}\n\n")
    elif style == 1:
        w.t("{hosp_upper}\nDISCHARGE SUMMARY\n\nPatient: {pt:header}\nMRN: {mrn}    ")
        w.t("[Acct #|FIN|Account No.|Encounter #]: {acct}\nDOB: {dob} ({age:hdr})\n")
        w.t("Admitted: {date:admit}    Discharged: {date:disch}\n")
        w.t("Attending physician: {drn:attending}\nPCP: {drn:pcp}, {hosp:clinic}\n\n")
    else:
        w.t("DISCHARGE SUMMARY - {hosp}\nRe: {pt:full} (MRN {mrn}, DOB {dob})\n")
        w.t("Dates of service: {ndate:admit} - {ndate:disch}\n")
        w.t("Insurance: [Medicare|BCBS|Tufts Health Plan|MassHealth] member ID {member}\n\n")


def _ds_cc(w: _Writer) -> None:
    w.t("Chief Complaint:\n" + w.rng.choice(w.scen.cc) + "\n\n")


def _ds_hpi(w: _Writer) -> None:
    w.t("History of Present Illness:\n" + w.rng.choice(w.scen.hpi) + "\n\n")


def _ds_pmh(w: _Writer) -> None:
    w.t("Past Medical History:\n")
    _pmh_list(w, w.rng.randint(3, 7))
    w.t("\n")


def _ds_social(w: _Writer) -> None:
    w.t(
        "Social History:\n[{age:sent}|]{He} lives [with {rel}|alone|with {rel} and {rel:1}] in [a "
        "second-floor apartment|a single-family home|senior housing] in {city}, {state}. "
        "[Retired machinist|Former schoolteacher|Retired nurse|Worked as a bus driver|Retired "
        "postal worker][, originally from {country}, moved to the US in {year}|, grew up in "
        "{state_name}|]. [Former smoker, {pack} pack-years, quit in {year}|Never smoker|Current "
        "smoker, 1 ppd]. [Occasional glass of wine|No alcohol|2-3 beers daily]. No illicit drugs. "
        "[Uses a walker at baseline|Independent in ADLs|Needs help with IADLs].\n\n"
    )


def _ds_family(w: _Writer) -> None:
    w.t(
        'Family History:\n[Mother|Father] died at {fam_age} of [stroke|MI|"old age"|dementia]. '
        "[Father with CAD, died at {young}|Sister with breast cancer|Brother with type 2 DM]. "
        "No family history of colon cancer.\n\n"
    )


def _ds_exam(w: _Writer) -> None:
    w.t(
        "Physical Exam on Admission:\nVS: {vitals}\nGeneral: [NAD|mild respiratory distress|"
        "frail elderly {man}, appears stated age]\nHEENT: PERRL, EOMI, MMM\nNeck: JVP [8|10|12] "
        "cm, no LAD\nCV: [RRR|irregularly irregular], [2/6|3/6] SEM at RUSB, no rubs\n"
        "Lungs: [bibasilar crackles|diffuse expiratory wheezes|CTAB]\nAbd: soft, NT/ND, +BS\n"
        "Ext: [1+|2+|3+] pitting edema to mid-shin bilaterally\nNeuro: A&Ox[3|2], CN II-XII "
        "intact, strength 5/5 throughout, [negative Babinski|Babinski downgoing bilaterally], "
        "GCS {gcs}\n\n"
    )


def _ds_results(w: _Writer) -> None:
    w.t("Pertinent Results:\n")
    w.t("{ndate:admit} [06:10AM|07:45AM|11:52PM] BLOOD {mlabs}\n")
    w.t("{ndate:admit} [06:10AM|07:45AM|11:52PM] BLOOD {chem}\n")
    if w.rng.random() < 0.6:
        w.t("{ndate:proc} [05:30AM|06:02AM] BLOOD {mlabs}\n")
    w.t("[ABG {abg} on {o2}|Lactate {lact}|Trop-T {trop}|UA: 3+ leuk est, >182 WBC]\n")
    w.t(
        "[{ndate:admit} {exam_title}: {exam_imp}|Imaging: {exam_imp}|{isodate:proc} "
        "{exam_title}: {exam_imp}]\n\n"
    )


def _ds_course(w: _Writer) -> None:
    w.t("Brief Hospital Course:\n")
    w.t("{intro} admitted on {date:admit} with " + _lc(w.scen.dx[0]) + ".\n\n")
    for para in w.pick(w.scen.course, w.rng.randint(1, len(w.scen.course))):
        w.t(para + "\n\n")
    if w.rng.random() < 0.5:
        w.t(
            "# Disposition: [{pt}|Pt] was evaluated by PT/OT, who recommended [home with "
            "services|short-term rehab|home with a rolling walker]. Discharged on {date:disch} "
            "in [stable|good] condition.\n\n"
        )
    if w.rng.random() < 0.5:
        w.t(
            "# Goals of care: family meeting held on {sdate:proc} with {rel}, palliative care "
            "({drs:palliative}) and the primary team. {He} was made DNR/DNI, "
            "[MOLST completed|OK to re-intubate for reversible causes was declined].\n\n"
        )
    if w.rng.random() < 0.4:
        w.t(
            "TRANSITIONAL ISSUES:\n- Repeat BMP and CBC on {sdate:fu} ([fax|send] results to "
            "{drs:pcp} at {fax:clinic})\n- [Follow up pending blood cultures|Consider "
            "restarting lisinopril|Outpatient colonoscopy]\n- Code status: [Full code|DNR/DNI]\n"
            "- Contact: {rel} [{phone:rel}|(HCP) {phone:rel}]\n\n"
        )


def _ds_meds(w: _Writer) -> None:
    w.t("Discharge Medications:\n")
    _meds(w, w.scen.meds, w.rng.randint(3, 8))
    w.t("\n")


def _ds_dispo(w: _Writer) -> None:
    if w.rng.random() < 0.5:
        w.t("Discharge Disposition:\nExtended Care\n\nFacility:\n{hosp:rehab} - {city:rehab}\n\n")
    else:
        w.t("Discharge Disposition:\nHome With Service\n\nFacility:\n{hosp:vna}\n\n")
    w.t("Discharge Diagnosis:\n")
    for d in w.scen.dx:
        w.t(d + "\n")
    w.t(
        "\nDischarge Condition:\nMental Status: Clear and coherent.\nLevel of Consciousness: "
        "Alert and interactive.\nActivity Status: [Ambulatory - requires assistance or aid "
        "(walker or cane)|Out of Bed with assistance to chair or wheelchair|Ambulatory - "
        "Independent].\n\n"
    )


def _ds_instructions(w: _Writer) -> None:
    w.t(
        "Discharge Instructions:\nDear {pt:formal},\n\nIt was a pleasure taking care of you at "
        "{hosp}. You were admitted for " + w.rng.choice(w.scen.cc) + ". [Please weigh yourself "
        "every morning and call your doctor if your weight goes up more than 3 lbs.|Please "
        "take all your medications as prescribed.|Do not drive while taking oxycodone.] If you "
        "have questions, call the [clinic|floor] at {phone} or send a message through "
        "{url:portal}.\n\n"
    )


def _ds_followup(w: _Writer) -> None:
    w.t("Followup Instructions:\n")
    if w.rng.random() < 0.5:
        w.t(
            "Department: [CARDIOLOGY|PRIMARY CARE|PULMONARY|NEUROLOGY]\nWhen: [MONDAY|TUESDAY|"
            "THURSDAY] {ndate:fu} at [10:40 AM|1:15 PM|8:30 AM]\nWith: {drn:consult} "
            "[{phone:clinic}|{phone:hosp}]\nBuilding: [East|West|Main] Building, {street:hosp}\n"
            "Campus: [EAST|WEST]     Best Parking: Garage\n\n"
        )
    else:
        w.t(
            "Please follow up with your PCP {dr:pcp} at {hosp:clinic} within 1-2 weeks "
            "([{phone:clinic}|tel. {phone:clinic}]). An appointment has been made with "
            "{dr:consult} on {date:fu} at {time}.\n\n"
        )
    w.t("{drn:attending} [MD|]  {ndate:disch} {time}\n" if w.rng.random() < 0.5 else "")
    w.t("Completed by: {drn:resident} on {date:disch}\n" if w.rng.random() < 0.3 else "")


def _discharge(w: _Writer) -> None:
    _sections(
        w,
        [_ds_header, _ds_cc, _ds_hpi],
        [
            _ds_pmh,
            _ds_social,
            _ds_family,
            _ds_exam,
            _ds_results,
            _ds_course,
            _ds_meds,
            _ds_dispo,
            _ds_instructions,
            _ds_followup,
        ],
        5,
        9,
    )


def _rad(w: _Writer) -> None:
    e, r = w.exam, w.rng
    style = r.randrange(3)
    if style == 0:
        w.t("{hosp_upper}\nDEPARTMENT OF RADIOLOGY\n\n")
        w.t("PATIENT: {pt:header}    MRN: {mrn}    DOB: {dob}    AGE/SEX: ")
        _age_phrase(w, w.age, "sex", w.age >= 90)
        w.t("\nACCESSION #: {acc}    EXAM DATE: {date:exam} {time}\n")
        w.t("ORDERING PHYSICIAN: {drn:ordering}\nLOCATION: [ED|7 North|MICU|Outpatient]\n\n")
    elif style == 1:
        w.t("Patient Name: {pt:dicom}\nMedical Record #: {mrn}\nAccession: {acc}\n")
        w.t("Study Date: {dicomdate:exam}\nReferring: {drn:ordering}\nFacility: {hosp}\n\n")
    else:
        w.t("[{date:exam}|{ndate:exam} {time}] {exam_title}  Acc# {acc}  Clip # {clip}\n")
        w.t("Reason: {exam_hist}\n\n")
    w.t("EXAMINATION: {exam_title}\n\n")
    w.t("CLINICAL HISTORY: ")
    w.t(r.choice(["{intro} with ", "{age:adj} {male} with ", "{age:adj} {sex} with ", ""]))
    w.t("{exam_hist}.\n\n")
    w.t("TECHNIQUE: " + r.choice(e.technique))
    if r.random() < 0.6 and e.title.startswith(("CT", "CHEST", "XR")):
        w.t(
            " [Dose reduction techniques were used, including automated exposure control and "
            "iterative reconstruction.|Images were reviewed on a PACS workstation in multiple "
            "planes.|Patient tolerated the exam well; no immediate complications.]"
        )
    elif r.random() < 0.6:
        w.t(
            " [Exam performed on a [1.5T|3T] scanner.|Images were reviewed on a PACS workstation "
            "in multiple planes.|Patient tolerated the exam well; no immediate complications.]"
        )
    w.t("\n\n")
    if r.random() < 0.5:
        w.t(
            "LIMITATIONS: [None.|Motion degrades some images.|Body habitus (weight {weight}) "
            "limits evaluation.|Patient unable to raise arms.]\n\n"
        )
    if e.device and r.random() < 0.5:
        w.t(
            "MR SAFETY: Patient has an MR-conditional [Medtronic Azure XT DR|Boston Scientific "
            "Accolade|Abbott Assurity] pacemaker (serial {serial}), programmed to MR-safe mode "
            "by the device representative prior to scanning and restored afterwards.\n\n"
        )
    w.t(
        "COMPARISON: "
        + r.choice(
            [
                "{ndate:prior}.",
                "[CT|Radiograph|MRI] dated {date:prior}.",
                "None.",
                "Outside study from {hosp:ohosp} dated {date:prior}.",
                "{mdate:past} and {ndate:prior}.",
                "Prior exam from {year}, report only.",
            ]
        )
        + "\n\n"
    )
    w.t("FINDINGS:\n")
    for f in w.pick(e.findings, r.randint(max(2, len(e.findings) - 2), len(e.findings))):
        w.t(f + "\n")
    for f in w.pick(_INCIDENTAL[_exam_group(e)], r.randint(1, 3)):
        w.t(f + "\n")
    w.t("\nIMPRESSION:\n")
    for i, imp in enumerate(w.pick(e.impression, r.randint(1, len(e.impression))), 1):
        w.t(f"{i}. {imp}\n")
    if r.random() < 0.5:
        w.t(
            "\n[Findings were discussed with|Critical result communicated to|These results were "
            "called to] {dr:ordering} [by telephone|via secure chat] at {time} on {date:exam}"
            "[, with read-back confirmation| by {drs:resident}|].\n"
        )
    if r.random() < 0.3:
        w.t("\nRecommend follow-up [CT|MRI|ultrasound] in [3|6|12] months ({mdate:later}).\n")
    w.t(
        "\n"
        + r.choice(
            [
                "Electronically signed by: {drn:radiologist} on {date:exam} {time}\n",
                "Dictated by: {drn:resident}\nAttending radiologist: {drn:radiologist}\n"
                "Signed: {ndate:exam} {time}\n",
                "I have personally reviewed the images and agree with the report.\n"
                "{drn:radiologist}  {ndate:exam}\n",
                "Read by {drn:radiologist}, {hosp_short}\n",
            ]
        )
    )
    if r.random() < 0.3:
        w.t(
            "\nADDENDUM ({date:next}): [Comparison made with|On review of] the outside "
            "[CT|images] from {hosp:ohosp} ({ndate:prior}) [which became available after the "
            "initial dictation|provided by the patient on CD]; the [nodule|finding] is "
            "[unchanged|new compared with {mdate:past}]. Discussed with {dr:ordering} at "
            "{time}. -- {drs:radiologist}\n"
        )
    if r.random() < 0.4:
        w.t("Workstation: [RADWS|PACS-RR|MRR]-{n}{n} ({ip})\n")
    if r.random() < 0.25:
        w.t("Images available at [{url}|{ip:url}]\n")
    if r.random() < 0.15:
        w.t("Viewer access: {isodate:exam} {ip:log}\n")


def _nursing(w: _Writer) -> None:
    r = w.rng
    hdr = r.randrange(4)
    if hdr == 0:
        w.t("nursing progress note [7a-7p|7p-7a|1900-0700|0700-1900]\n")
    elif hdr == 1:
        w.t("NPN {sdate:admit} [7p-7a|days]:\n")
    elif hdr == 2:
        w.t("Nsg note {ndate:admit} {time}. pt {pt} ({mrn}) in [rm|bed] [412|7|12B].\n")
    else:
        w.t(
            "{intro}, [HD#|hosp day] {n}, admitted {sdate:onset} with "
            + r.choice(w.scen.cc)
            + ".\n"
        )
    systems = [
        "neuro: a&ox[3|2|1], [perrla|pupils 3mm brisk], mae, follows commands. gcs {gcs}. "
        "[intermittently confused overnight, reoriented easily|no sedation|pain {pain}, "
        "medicated with tylenol 650 mg po x1 w/ relief].",
        "cv: [nsr|afib|sr with pvcs] [70s|80s-90s|100s], bp {bp}-{bp}. k {k} repleted w/ 40 meq "
        "kcl po. [+2 pedal edema|no edema]. pulses palp.",
        "resp: [ls clear|ls coarse, diminished at bases|exp wheezes] on {o2}, sats {spo2}%, rr "
        "[teens|20s]. [abg {abg}|cough weak, nonproductive|ncp suctioned for thick tan sputum].",
        "gi: [abd soft, +bs|npo after midnight|tolerating cardiac diet]. [no bm this shift|bm x1 "
        "soft brown|colace/senna given].[ fsbg {glu}, 4 units humalog ss given.|]",
        "gu: [foley draining clear yellow urine|voiding via urinal|foley d/c'd at 0600, dtv by "
        "1200], uop [30-60cc/hr|>100cc/hr|adequate]. lasix 40 iv x1 given.",
        "id: tmax {temp}, [on zosyn|vanco trough due at 2100|blood cx pending from {sdate:admit}]. "
        "wbc {wbc}.",
        "skin: [stage 2 pressure injury coccyx, mepilex applied|skin intact|left heel "
        "reddened, offloaded]. turned q2h.",
        "activity: [oob to chair w/ assist x1|bedrest|amb in hall w/ walker and pt], "
        "[fall precautions maintained|bed alarm on].",
        "endo: fsbg {glu}-{glu}, covered per riss. [lantus 18u sc given at hs|insulin gtt at "
        "[2|4.5] u/hr per protocol|a1c {a1c}].",
        "pain: c/o [back|incisional|chest wall|l hip] pain {pain}, [oxycodone 5mg po|dilaudid "
        "0.5mg iv|tylenol 1g po] given at {time} w/ relief to {pain}.",
        "access: [piv x2 20g l fa|picc rue placed {sdate:onset}|r ij tlc, cvp [8|12]|l radial "
        "a-line], [patent, flushed|site c/d/i, dsg changed].",
        "psych: [anxious at times, ativan 0.5 mg iv x1 w/ good effect|calm, cooperative|tearful "
        "re: dx, emotional support given|sundowning, 1:1 sitter in place].",
        "labs: {labs}.",
        "meds: [lasix|heparin gtt|vanco|cefepime|metoprolol] [given as ordered|held for sbp <100|"
        "rate changed per ptt {n}7].[ sinemet given on time at 1400.| coumadin held, inr {inr}.|]",
    ]
    if r.random() < 0.6:
        w.t(
            "events: [pt had 6 beat run of vt at {time}, asymptomatic, k/mg repleted|rapid "
            "response called at {time} for sbp 80s, 1l ns bolus given w/ improvement|uneventful "
            "night, slept in naps|pt pulled out piv at {time}, replaced x1 by iv team|"
            "transferred from {hosp:ohosp} ed at {time}, report rec'd from {dr:nurse}].\n"
        )
    for s in w.pick(systems, r.randint(7, len(systems))):
        w.t(s + "\n")
    social = [
        "social: {rel} [called|in to visit] [this am|tonight|at {time}], updated on plan of care. "
        "[{relname} is hcp|{relname} requests call if any changes at {phone:rel}]. ",
        "[paged|called] {drs:resident} re: [low uop|hypotension|bp {bp}|new afib] at {time}, "
        "[500cc ns bolus ordered|no new orders|will come see pt]. ",
        "[charge rn|resource rn] {dr:charge} aware. ",
        "per {drs:attending}'s note, [plan for diuresis|abx x 7 days|ok to advance diet]. ",
        "[spoke w/|update given to] {rel:1} by phone. ",
        '[pt|{pt}] [states|c/o] "[i want to go home|my back hurts|where is {relname}]". ',
        "cm {dr:cm} working on dispo to {hosp:rehab} [vs home w/ services|, bed offer pending]. ",
        "plan for [cath|egd|mri] [tomorrow|on {sdate:next}], npo after mn, consent signed. ",
        "pt's {relation} [brought in|took home] [glasses|hearing aids|dentures] ({time}). ",
        "security notified re: pt's car left in ed lot, [ma plate|ri plate|nh plate|nj tag|"
        "ny plates|lic plate #|reg] {plate}; {relname} to pick up. ",
        "pt's {relation} asking for [ssn|insurance info] for paperwork - "
        "[[ssn|social|ss#] {ssn} given to admitting|referred to admitting at {phone:hosp}]. ",
    ]
    w.t("\n" if r.random() < 0.5 else "")
    for s in w.pick(social, r.randint(3, 6)):
        w.t(s)
    w.t("\n")
    w.t(
        r.choice(
            [
                "plan: cont to monitor, [wean o2 as tol|diurese, goal -1L|pain control|"
                "f/u am labs], [support pt/family|oob to chair in am].\n",
                "a/p: [stable|hemodynamically stable], [cont current plan|will cont to "
                "monitor closely]. see careview for details.\n",
                "P: MONITOR, ENCOURAGE IS, OOB, F/U [CXR|LABS].\n",
            ]
        )
    )
    if r.random() < 0.5:
        w.t("-- {dr:nurse}\n" if r.random() < 0.5 else "{drn:nurse} {time}\n")


def _ed(w: _Writer) -> None:
    r = w.rng
    if r.random() < 0.25:
        w.scen = _MVC
        w.exam = _exam_for("mvc", r)
    w.t(
        r.choice(
            [
                "EMERGENCY DEPARTMENT NOTE\n{hosp}\n",
                "ED PROVIDER NOTE - {hosp_upper}\n",
                "[ED Physician Note|ED Triage and Physician Documentation]\n",
            ]
        )
    )
    w.t("Patient: {pt:header}   MRN: {mrn}   [FIN|Acct|Visit #]: {acct}\n")
    w.t("DOB: {dob}   [Age: {age:hdr}|{age}]   Sex: {sex}\n" if r.random() < 0.8 else "")
    w.t("Arrival: {ndate:admit} {time}   Mode: ")
    w.t(
        r.choice(
            [
                "EMS ({city2} [Fire|EMS|Fire Rescue])",
                "Ambulance from {hosp:rehab}",
                "Walk-in",
                "Private vehicle, driven by {rel}",
                "Transfer from {hosp:ohosp}",
            ]
        )
        + "\n"
    )
    w.t("Triage: ESI [2|3|1] at {time}. Vitals: {vitals}. Weight {weight}. Pain {pain}.\n")
    w.t("Chief complaint: " + r.choice(w.scen.cc) + "\n\n")
    w.t("HPI: " + r.choice(w.scen.hpi) + "\n\n")
    if r.random() < 0.7:
        w.t("PMH: ")
        w.t("; ".join(w.pmh(r.randint(2, 5))) + ".\n")
    if r.random() < 0.6:
        w.t("Meds: " + ", ".join(w.pick(_COMMON_MEDS, r.randint(3, 6))) + ".\n")
    w.t("Allergies: [NKDA|PCN (hives)|sulfa (rash)|codeine - nausea].\n")
    if r.random() < 0.6:
        w.t(
            "SH: lives [with {rel}|alone] in {city}; [former smoker|never smoker|vapes]"
            "[; recently returned from {country}|; winters in {state_name}|]; "
            "[occasional EtOH|denies EtOH]. PCP: {dr:pcp}.\n"
        )
    w.t("ROS: 10-point ROS negative except as per HPI.\n\n")
    w.t(
        "Exam: {vitals}. [Uncomfortable appearing|NAD|Ill-appearing]. Lungs "
        "[clear|crackles at bases|diminished on L]. Heart [RRR|irregular], no murmur. Abd "
        "[soft, NT|mildly tender LLQ]. Neuro: GCS {gcs}, A&Ox[3|2], strength 5/5 x4, "
        "[negative Kernig/Brudzinski|no pronator drift|Romberg negative].\n\n"
    )
    w.t("Labs: {labs}.\n")
    if r.random() < 0.6:
        w.t("ECG: [NSR at 88|AF with RVR 142|sinus tach 112, no STE], QTc [452|438|471].\n")
    w.t("\nED course:\n")
    for c in w.scen.ed:
        w.t(c + "\n")
    w.t("{time} [{pt}|pt] [reassessed, improved|pain improved|resting, family at bedside].\n")
    if r.random() < 0.5:
        w.t("{time} discussed with {dr:consult} ([cardiology|surgery|GI|admitting]), who ")
        w.t("[agrees with admission|will see in consult|recommends CT].\n")
    w.t(
        "\nMDM: {intro} with "
        + r.choice(w.scen.cc)
        + "; differential includes [ACS, PE, pneumonia|sepsis, UTI|fracture, "
        "intracranial injury]. [High risk given age and comorbidities.|Low risk.]\n\n"
    )
    w.t(
        "Disposition: "
        + r.choice(
            [
                "Admitted to [medicine|telemetry|MICU] under {drn:attending}.",
                "Transferred to {hosp:ohosp} for [neurosurgical|cath lab] availability; "
                "accepting {dr:consult}.",
                "Discharged home with {rel}; return precautions given. Follow up with PCP at "
                "{hosp:clinic} ({phone:clinic}) by {sdate:fu}.",
            ]
        )
        + "\n"
    )
    if r.random() < 0.5:
        w.t("Emergency contact: {rel} {phone:rel}\n" if r.random() < 0.6 else "")
        w.t("Patient phone: {phone:pt}\n" if r.random() < 0.5 else "")
    if r.random() < 0.3:
        w.t(
            "Insurance: [Medicare|Medicaid|Harvard Pilgrim] ID {member}. "
            "[SSN|SS#|Social|Soc Sec No.|Social security number:] {ssn}.\n"
        )
    w.t("Signed: {drn:er} {ndate:admit} {time}\n")


def _letter(w: _Writer) -> None:
    r = w.rng
    w.t("{hosp:clinic}\n{street:clinic}\n{city:clinic}, {state:clinic} {zip:clinic}\n")
    w.t(
        r.choice(
            [
                "Tel {phone:clinic} | Fax {fax:clinic}\n{url:clinic}\n",
                "Phone: {phone:clinic}   Fax: {fax:clinic}   {url:clinic}\n",
                "T: {phone:clinic}  F: {fax:clinic}  E: {email:referring}\n",
            ]
        )
        + "\n"
    )
    w.t("{ldate:letter}\n\n")
    w.t("{drn:consult}\n{hosp}\n{street:hosp}\n{city:hosp}, {state:hosp} {zip:hosp}\n\n")
    w.t(
        r.choice(
            [
                "RE: {pt:full}, DOB {dob}, MRN {mrn}\n",
                "Re: {pt:header}  (DOB: {dob})\n",
                "Patient: {pt:full}\nDate of birth: {dob}\nAddress: {street}, {city}, {state} "
                "{zip}\n",
            ]
        )
        + "\n"
    )
    w.t("Dear {drs:consult},\n\n")
    w.t(
        r.choice(
            [
                "Thank you for seeing {pt:formal}, a {age:adj} {man} whom I have followed in "
                "primary care since {year}, for evaluation of " + _lc(w.scen.dx[0]) + ".",
                "I am writing to refer my patient, {pt:full} ({age}), for further management "
                "of " + _lc(w.scen.dx[0]) + ".",
                "I would be grateful if you could see {pt:formal}, {age:aged}, who was recently "
                "admitted to {hosp:ohosp} from {date:admit} to {date:disch} with "
                + r.choice(w.scen.cc)
                + ".",
            ]
        )
        + "\n\n"
    )
    if r.random() < 0.2:
        w.t(
            "[This letter follows|I am writing after] a video visit on {ldate:letter} "
            "([patient connected from|session IP] {ip}, [Zoom|Doximity|the portal]). "
        )
    w.t(r.choice(w.scen.hpi))
    if r.random() < 0.5:
        w.t(" [{pt}|{He}] was last seen in our clinic on {date:prior}[ by {dr:np}|].")
    w.t("\n\n")
    w.t(
        "{His} past history includes "
        + "; ".join(w.pmh(r.randint(2, 4)))
        + ". Current medications are "
        + ", ".join(w.pick(_COMMON_MEDS, r.randint(3, 6)))
        + ".\n\n"
    )
    if r.random() < 0.6:
        w.t(
            "On examination today ({sdate:letter}) {his} vitals were {vitals}, weight "
            "{weight}. Recent labs from {mdate:prior}: {labs}.\n\n"
        )
    if r.random() < 0.5:
        w.t(
            "{He} lives [with {rel}|alone] at {street}, {city}, and [drives|no longer drives; "
            "{relname} brings {him} to appointments]. {His} preferred contact number is "
            "{phone:pt}[ and e-mail {email:pt}|].\n\n"
        )
    w.t(
        "[I would appreciate your opinion regarding|Specifically, I would value your advice on] "
        "[further work-up|the need for an advanced imaging study|medication adjustment], and "
        "[the timing of surgery|whether anticoagulation can be resumed|a plan for "
        "follow-up]. Prior records [are enclosed|can be requested from our office at "
        "{fax:clinic}].\n\n"
    )
    if r.random() < 0.25:
        w.t("Enclosures: ")
        out = w.out
        p = w.p.person
        out.phi(p.last.lower().replace(" ", ""), "patient_name")
        out.add("_")
        out.phi(p.first.lower().replace(" ", ""), "patient_name")
        out.add("_")
        w.mentioned.update(("first", "last"))
        w.t("{dicomdate:letter}_discharge.pdf, echo report\n\n")
    w.t(
        "Please do not hesitate to contact me at {phone:clinic} or by e-mail at "
        "{email:referring} [if you have any questions|should you need further information]."
        "\n\n[Sincerely|Kind regards|With best wishes],\n\n{drn:referring}\n"
    )
    if r.random() < 0.6:
        w.t("[Internal Medicine|Family Medicine|Geriatrics], {hosp:clinic}\n")
    if r.random() < 0.5:
        w.t("\ncc: {pt:full}, {street}, {city}, {state} {zip}\n")
    if r.random() < 0.3:
        w.t("cc: {drn:pcp}\n")


def _lc(s: str) -> str:
    """Lower-case the first letter unless the first word is an acronym."""
    return s if s[:2].isupper() else s[:1].lower() + s[1:]


def _exam_title(w: _Writer, _: str) -> None:
    w.out.add(w.exam.title)


def _exam_hist(w: _Writer, _: str) -> None:
    w.t(w.rng.choice(w.exam.history))


def _exam_imp(w: _Writer, _: str) -> None:
    w.t(w.rng.choice(w.exam.impression))


def _pmh_short(w: _Writer, _: str) -> None:
    w.t(", ".join(p.split(",")[0].split(" (")[0] for p in w.pmh(3)))


_SLOTS.update(
    {
        "exam_title": _exam_title,
        "exam_hist": _exam_hist,
        "exam_imp": _exam_imp,
        "pmh_short": _pmh_short,
        "clip": lambda w, _: w.out.phi(_digits(w.rng, 7), "accession"),
    }
)

_BUILDERS: dict[str, Callable[[_Writer], None]] = {
    "discharge_summary": _discharge,
    "radiology_report": _rad,
    "nursing_note": _nursing,
    "ed_note": _ed,
    "referral_letter": _letter,
}


# --------------------------------------------------------------------------- patients and context


def _new_patient(rng: random.Random, fake: Faker) -> _Patient:
    person = _person(rng, fake)
    state = rng.choice(_STATES)
    anchor = date(2008, 1, 1) + timedelta(days=rng.randint(0, 365 * 17))
    age = rng.choice([rng.randint(20, 54), rng.randint(55, 89), rng.randint(60, 89)])
    age = rng.randint(90, 104) if rng.random() < 0.27 else age
    dob = anchor - timedelta(days=round(365.25 * age) + rng.randint(0, 364))
    f, last = _slug(person.first), _slug(person.last)
    email = rng.choice(
        [
            f"{f}.{last}@{rng.choice(_EMAIL_DOMAINS)}",
            f"{f[0]}{last}{rng.randint(1, 99)}@{rng.choice(_EMAIL_DOMAINS)}",
            f"{last}{f[:2]}{dob.year % 100:02d}@{rng.choice(_EMAIL_DOMAINS)}",
        ]
    )
    return _Patient(
        person=person,
        dob=dob,
        street=_street(rng, fake),
        city=rng.choice(_CITIES),
        state=state,
        zip=_zip(rng, state),
        phone=_phone_parts(rng),
        email=email,
        mrn=_mrn(rng),
        ssn=f"{rng.randint(1, 899):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}",
        member=rng.choice(
            [
                f"{_letters(rng, 3)}{_digits(rng, 9)}",
                f"W{_digits(rng, 9)}",
                f"{rng.randint(1, 9)}{_letters(rng, 2)}{rng.randint(1, 9)}-{_letters(rng, 2)}"
                f"{rng.randint(1, 9)}-{_letters(rng, 2)}{_digits(rng, 2)}",
                f"{_digits(rng, 5)}-{_digits(rng, 3)}",
            ]
        ),
        anchor=anchor,
        style=rng.randrange(5),
        dob_style=rng.choice(["mdy", "mdy", "mdy_nz", "iso", "long", "dmy", "mdy_short"]),
    )


def _note_day(rng: random.Random, p: _Patient) -> date:
    hi = min(p.death or date(2024, 12, 31), date(2024, 12, 31))
    if p.anchor is not None:
        day = p.anchor + timedelta(days=rng.randint(-150, 150))
        return max(min(day, hi), p.dob + timedelta(days=365 * 18))
    lo = max(p.dob + timedelta(days=365 * 18 + 5), hi - timedelta(days=365 * 14))
    if lo > hi:  # died young
        lo = min(p.dob + timedelta(days=400), hi)
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _get(row: Mapping[str, object], *keys: str) -> str:
    lower = {str(k).lower(): v for k, v in row.items()}
    for k in keys:
        v = lower.get(k.lower())
        if v not in (None, ""):
            return str(v)
    return ""


def _given_patient(rng: random.Random, fake: Faker, row: Mapping[str, object]) -> _Patient:
    """A patient from a caller's row (Synthea columns or similar); missing fields are invented."""
    base = _new_patient(rng, fake)
    raw_first = _get(row, "FIRST", "first_name", "firstname", "given")
    raw_last = _get(row, "LAST", "last_name", "lastname", "family", "surname")
    name = _get(row, "patient_name", "name")
    if not (raw_first and raw_last) and name:
        if "," in name:
            raw_last, raw_first = (s.strip() for s in name.split(",", 1))
        elif " " in name:
            raw_first, raw_last = name.rsplit(" ", 1)
    first = re.sub(r"\d+$", "", raw_first).strip() or base.person.first
    last = re.sub(r"\d+$", "", raw_last).strip() or base.person.last
    sex = _get(row, "GENDER", "sex").upper()[:1]
    base.person = _Person(first, last, sex if sex in ("F", "M") else base.person.sex, "")
    age_s = _get(row, "AGE")
    age = int(age_s) if age_s.isdigit() else None
    dob = _parse_date(
        _get(row, "BIRTHDATE", "dob", "birth_date", "date_of_birth", "birthDate", "birth"), age
    )
    if dob:
        base.dob = dob
        base.anchor = None
    base.death = _parse_date(_get(row, "DEATHDATE", "death_date"))
    if base.death and base.death < base.dob:
        base.death = None
    address = _get(row, "ADDRESS")
    m = re.fullmatch(r"(.+?) ([A-Z]{2}) (\d{5}(?:-\d{4})?)(?: US)?", address)
    if m:
        toks = m[1].split()
        n = 3
        if len(toks) > 4 and toks[3] in ("Suite", "Apt.", "Apt", "Unit"):
            n = 5
        if len(toks) > n:
            base.street, base.city = " ".join(toks[:n]), " ".join(toks[n:])
        else:
            base.street = m[1]
        base.state, base.zip = m[2], m[3]
    elif address:
        base.street = address
    base.city = _get(row, "CITY") or base.city
    base.zip = _get(row, "ZIP") or base.zip
    base.state = _get(row, "STATE") or base.state
    base.ssn = _get(row, "SSN") or base.ssn
    ident = _get(row, "id", "patient_id")
    short_id = ident if re.fullmatch(r"[A-Za-z0-9-]{4,12}", ident) else ""  # not a UUID
    base.mrn = _get(row, "MRN", "medical_record_number") or short_id or base.mrn
    if raw_first != first or raw_last != last:
        base.raw_first, base.raw_last = raw_first, raw_last
    base.row = {str(k): v for k, v in row.items()}
    return base


def _context(w: _Writer) -> dict[str, object]:
    p, m = w.p, w.mentioned
    if p.row is not None:
        return dict(p.row)
    person = p.person
    has_name = {"first", "last"} <= m
    dob = _date_parts(w.rng, p.dob, p.dob_style)[1]
    phone = "({}) {}-{}".format(*p.phone)
    style = p.style
    ctx: dict[str, object] = {}
    if style == 0:  # Synthea-like, upper-case keys
        keys = {
            "first": "FIRST",
            "last": "LAST",
            "dob": "BIRTHDATE",
            "mrn": "MRN",
            "ssn": "SSN",
            "street": "ADDRESS",
            "city": "CITY",
            "zip": "ZIP",
            "phone": "PHONE",
            "email": "EMAIL",
            "member": "MEMBER_ID",
        }
    elif style == 1:
        keys = {
            "first": "first_name",
            "last": "last_name",
            "dob": "date_of_birth",
            "mrn": "mrn",
            "ssn": "ssn",
            "street": "address",
            "city": "city",
            "zip": "zip_code",
            "phone": "phone",
            "email": "email",
            "member": "insurance_id",
        }
    elif style == 2:
        keys = {
            "first": "given",
            "last": "family",
            "dob": "birthDate",
            "mrn": "identifier",
            "ssn": "ssn",
            "street": "line",
            "city": "city",
            "zip": "postalCode",
            "phone": "telecom",
            "email": "email",
            "member": "memberId",
        }
    else:
        keys = {
            "first": "first",
            "last": "last",
            "dob": "dob",
            "mrn": "id",
            "ssn": "SSN",
            "street": "street",
            "city": "town",
            "zip": "zip",
            "phone": "phone",
            "email": "email",
            "member": "member_id",
        }
    values = {
        "first": person.first,
        "last": person.last,
        "dob": dob,
        "mrn": p.mrn,
        "ssn": p.ssn,
        "street": p.street,
        "city": p.city,
        "zip": p.zip,
        "phone": phone,
        "email": p.email,
        "member": p.member,
    }
    if style == 3 and has_name:
        ctx["patient_name"] = f"{person.last}, {person.first}"
    elif style == 4 and has_name:
        ctx["Name"] = f"{person.first} {person.last}".upper()
    for k in (
        "first",
        "last",
        "dob",
        "mrn",
        "ssn",
        "street",
        "city",
        "zip",
        "phone",
        "email",
        "member",
    ):
        if k in m and not (k in ("first", "last") and style in (3, 4) and has_name):
            ctx[keys[k]] = values[k]
    if "state" in m:
        ctx["STATE" if style == 0 else "state"] = p.state
    return ctx


# --------------------------------------------------------------------------- public API


def generate_notes(
    n: int = 200, seed: int = 0, patients: Sequence[Mapping[str, str]] | None = None
) -> list[Note]:
    """``n`` labelled synthetic notes, the same for the same ``seed`` (and ``patients``).

    Kinds are dealt round-robin-ish (every kind appears once ``n >= 5``). Without ``patients``
    a pool of about ``2n/3`` invented patients is drawn, so some patients have several notes;
    with ``patients`` (e.g. Synthea ``patients.csv`` rows) those rows are the patients and each
    note's context is the row as given.
    """
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    if patients:
        rows = list(patients)
        pool = [_given_patient(rng, fake, row) for row in rng.sample(rows, min(n, len(rows)))]
    else:
        pool = [_new_patient(rng, fake) for _ in range(max(1, (2 * n + 2) // 3))]
    kinds = [KINDS[i % len(KINDS)] for i in range(n)]
    rng.shuffle(kinds)
    notes = []
    for i, kind in enumerate(kinds):
        patient = rng.choice(pool) if patients else pool[i % len(pool)]
        day = _note_day(rng, patient)
        if kind == "nursing_note":
            case = rng.choices(["", "lower", "upper"], [4, 5, 1])[0]
        elif kind == "radiology_report":
            case = "upper" if rng.random() < 0.08 else ""
        else:
            case = ""
        w = _Writer(rng, fake, kind, patient, day, case)
        _BUILDERS[kind](w)
        text = w.out.text
        context = _context(w) if patient.row is not None or rng.random() > 0.15 else {}
        notes.append(Note(f"synth-{seed}-{i:04d}", text, context, w.out.spans, kind))
    return notes


def write_jsonl(notes: Iterable[Note], path: str | Path) -> None:
    """One JSON object per line: ``{"id", "text", "context", "spans", "kind"}``."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for note in notes:
            fh.write(json.dumps(asdict(note), ensure_ascii=False) + "\n")


def read_jsonl(path: str | Path) -> list[Note]:
    """The notes written by :func:`write_jsonl`."""
    notes = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                notes.append(Note(d["id"], d["text"], d["context"], d["spans"], d["kind"]))
    return notes


__all__ = ["KINDS", "LABELS", "SPAN_KINDS", "Note", "generate_notes", "read_jsonl", "write_jsonl"]
