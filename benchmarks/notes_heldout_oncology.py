"""A seventh held-out style, written blind (its author never read the recognizers, the scrubber's
tests or the README's account of them) and committed before its first run: the paperwork of a
cancer network that spans four health systems. Lung/upper-GI multidisciplinary meeting minutes
from a New Zealand hospital (attendance list, a patient-list table, outcomes per patient);
clinical-trial serious adverse event narratives with the EDC audit trail that follows them;
US cancer-registry abstracts (NAACCR-like dotted fields, upper case, ``MMDDYYYY`` and
``YYYYMMDD`` dates, zero-padded ``AGE AT DIAGNOSIS: 091``, counties); Ontario radiotherapy
record-and-verify printouts (fraction tables, console log lines, an implanted cardiac device);
Australian hospital-in-the-home infusion visit logs (UR numbers, IHIs, Medicare and DVA cards,
regos, ``Tues 2/3``); bilingual Québec palliative home-care notes (RAMQ, NAS, ``le 4 mars``,
``âgée de 94 ans``, ``Téléc.``); South African oncology referral letters (13-digit ID numbers,
medical aid member numbers, folder numbers, HPCSA and practice numbers, Afrikaans dates such as
``4 Maart 2021``); and US hospice election statements with face-to-face attestations (SSNs,
HICN and MBI, Medicaid, driver's licence, plates).

Span conventions follow ``notes_heldout_telephone.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, states/provinces, countries, bare years,
facility names, trial protocol and subject numbers, study days and drug lot numbers never
labelled; ages labelled only over 89 (a relative's too); an address split into street line,
suburb/city (and US county) spans and a separate ``zip`` span (postcodes of every country).
Kinds: ``name date age phone fax email address zip ssn natid mrn account plan license plate
serial ip url accession``. ``ssn`` is a US Social Security number only; ``natid`` is another
country's national number (Canadian SIN/NAS, South African ID); ``mrn`` includes UR, folder and
dossier numbers, New Zealand NHIs and Australian IHIs; ``plan`` covers Medicare, DVA, OHIP,
RAMQ, medical aid, Medicaid and HICN numbers; ``license`` covers driver's licences and
clinicians' registration numbers (AHPRA, CPSO, CMQ, HPCSA, NPI). Prose is line-wrapped (a
span may contain a line break), with typos and abbreviations. About a quarter of the notes carry
no patient context. Every span is tagged with the phrasing it was written in, and the report
groups leaks by kind and phrasing without printing a value.

    python benchmarks/notes_heldout_oncology.py --check              # spans only, no scrubber
    python benchmarks/notes_heldout_oncology.py --seed 9800 --top 25  # 320 notes
    python benchmarks/notes_heldout_oncology.py --seed 9801 --show-misses
    python benchmarks/notes_heldout_oncology.py --sample 8           # print notes, no scrubber
"""

from __future__ import annotations

import argparse
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
from notes_scoring import aggregate, as_span, score_note, tokenize  # noqa: E402

DEFAULT_SEED = 9800
DEFAULT_N = 320
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

_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MOIS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
_MOIS_L = _MOIS.split()
_MAANDE = (
    "Januarie Februarie Maart April Mei Junie Julie Augustus September Oktober November Desember"
).split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_DAYS_AU = "Mon Tues Wed Thurs Fri Sat Sun".split()
_JOURS = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
_ORD_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first"
).split()
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy"}
_TENS.update({8: "eighty", 9: "ninety"})


def _words(n: int) -> str:
    if n >= 100:
        return "one hundred" + ("" if n == 100 else " and " + _words(n - 100))
    if n < 20:
        return _ONES[n]
    t, o = divmod(n, 10)
    return _TENS[t] + ("" if o == 0 else "-" + _ONES[o])


def _nth(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _num(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _up(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _fold(s: str) -> str:
    """ASCII-fold as an old printout system would (Côté -> Cote)."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _slug(s: str) -> str:
    return "".join(c for c in _fold(s).lower() if c.isalnum())


# --------------------------------------------------------------------------- labelled notes


@dataclass
class TaggedNote(LabelledNote):
    """A labelled note whose spans also carry the phrasing they were written in."""

    forms: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    doc: str = ""
    planted: list[str] = field(default_factory=list)
    """the patient's identifiers, for checking that none is written unlabelled"""


class _W:
    """Appends text and records each PHI span with its kind and phrasing."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[tuple[int, int, str]] = []
        self.forms: list[str] = []
        self.values: list[str] = []

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def phi(self, s: str, kind: str, form: str) -> None:
        assert s and s == s.strip() and kind in KINDS, (kind, form)
        self.spans.append((self.n, self.n + len(s), kind))
        self.forms.append(form)
        self.values.append(s)
        self.add(s)

    def maybe(self, s: str, kind: str, form: str, label: bool) -> None:
        if label:
            self.phi(s, kind, form)
        else:
            self.add(s)

    def text(self) -> str:
        return "".join(self.parts)


def _wrap(text: str, width: int) -> str:
    """Wrap long prose lines by turning spaces into line breaks (offsets do not move).

    Lines holding a table (``|``) or a dotted leader are left alone.
    """
    out = []
    for line in text.split("\n"):
        if "|" in line or "...." in line:
            out.append(line)
            continue
        chars = list(line)
        start = 0
        while len(chars) - start > width:
            cut = line.rfind(" ", start, start + width)
            if cut <= start:
                break
            chars[cut] = "\n"
            start = cut + 1
        out.append("".join(chars))
    return "\n".join(out)


# --------------------------------------------------------------------------- people


_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "nz": (
        ("Wiremu", "Aroha", "Mereana", "Tāmati", "Hēmi", "Ngaire", "Sione", "Losaline", "Graeme"),
        ("Te Whata", "Ngata", "Pōmare", "Kereama", "Parata", "Fa'asavalu", "Taufa", "McAllister"),
    ),
    "us": (
        ("Dolores", "Earl", "Wanda", "Vernon", "LaToya", "Hyun-woo", "Consuelo", "Faith", "Grant"),
        ("Kowalski", "Washington", "Yoon", "Delacroix", "Featherstone", "Oyelaran", "Bishop"),
    ),
    "ca": (
        ("Marie-Ève", "Jean-François", "Gisèle", "Réjean", "Hélène", "Harjit", "Gurpreet"),
        ("Tremblay", "Côté", "Bélanger", "Gagnon-Lévesque", "Sandhu", "Grewal", "Ouellette"),
    ),
    "au": (
        ("Bronwyn", "Darren", "Sheree", "Giuseppina", "Dimitrios", "Kylie", "Mehmet", "Thanh"),
        ("Papadopoulos", "Nguyễn", "Costa", "Walsh", "Kowalczyk", "Yılmaz", "O'Shaughnessy"),
    ),
    "za": (
        ("Thandiwe", "Sipho", "Nomvula", "Johannes", "Anneline", "Lindiwe", "Mpho", "Fatima"),
        ("Dlamini", "Nkosi", "van Wyk", "Botha", "Mokoena", "Naidoo", "Khumalo", "le Roux"),
    ),
}


@dataclass
class _Person:
    given: str
    family: str

    def full(self) -> str:
        return f"{self.given} {self.family}"

    def caps(self) -> str:
        return f"{self.family.upper()}, {self.given}"

    def init(self) -> str:
        return f"{self.given[0]}. {self.family}"


def _person(r: random.Random, region: str) -> _Person:
    given, family = _NAMES[region]
    return _Person(r.choice(given), r.choice(family))


@dataclass
class _Pt:
    region: str
    who: _Person
    sex: str
    age: int
    day: date
    dob: date
    mrn: tuple[str, str]
    natid: tuple[str, str]
    plan: tuple[str, str]
    street: str
    suburb: str
    city: str
    zip: str
    phone: tuple[str, str]
    mobile: tuple[str, str]
    fax: tuple[str, str]
    email: str
    rel: _Person
    rel_word: str
    rel_age: int
    elder_age: int
    """a spouse's or sibling's age"""
    doc: _Person
    doc2: _Person
    nurse: _Person
    reg: tuple[str, str]
    plate: tuple[str, str]
    licence: tuple[str, str]
    ip: tuple[str, str]
    serial: tuple[str, str]
    account: tuple[str, str]
    accession: str

    @property
    def she(self) -> str:
        return "she" if self.sex == "F" else "he"

    @property
    def her(self) -> str:
        return "her" if self.sex == "F" else "his"


def _ip(r: random.Random) -> tuple[str, str]:
    x = r.random()
    if x < 0.45:
        first = r.choice([10, 172, 192, 100])
        return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "ipv4"
    if x < 0.65:
        return (
            f"{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
            ("ipv4_public"),
        )
    if x < 0.8:
        h = [f"{r.randint(0, 0xFFFF):x}" for _ in range(3)]
        return f"2001:db8:{h[0]}::{h[1]}:{h[2]}", "ipv6_compressed"
    if x < 0.9:
        h = [f"{r.randint(0, 0xFFFF):04X}" for _ in range(6)]
        return "FD00:" + ":".join(h) + ":0001", "ipv6_full_upper"
    return f"::ffff:10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "ipv6_mapped"


def _region_ids(r: random.Random, region: str, who: _Person, sex: str, dob: date) -> dict:
    """Identifiers written the way each health system writes them: (value, phrasing) pairs."""
    yy, mm, dd = f"{dob.year % 100:02d}", f"{dob.month:02d}", f"{dob.day:02d}"
    if region == "nz":
        mrn = r.choice(
            [
                (f"{_up(r, 3)}{_num(r, 4)}", "nhi_old"),
                (f"{_up(r, 3)}{_num(r, 2)}{_up(r, 2)}", "nhi_new"),
            ]
        )
        return {
            "mrn": mrn,
            "natid": ("", ""),
            "plan": (f"{_num(r, 11)}", "acc_claim"),
            "street": f"Flat {r.randint(1, 9)}, {r.randint(2, 240)} "
            + r.choice(
                ["Kōwhai Road", "Great South Rd", "Te Atatū Rd", "Puriri St", "Jellicoe Ave"]
            ),
            "suburb": r.choice(["Remuera", "Ōtāhuhu", "Māngere East", "Glen Innes", "Onehunga"]),
            "city": "Auckland",
            "zip": f"{r.randint(600, 2699):04d}",
            "phone": (f"(09) {r.randint(200, 999)} {_num(r, 4)}", "nz_landline"),
            "mobile": (
                r.choice([f"021 {_num(r, 3)} {_num(r, 4)}", f"+64 27 {_num(r, 3)} {_num(r, 4)}"]),
                "nz_mobile",
            ),
            "fax": (f"(09) 630 {_num(r, 4)}", "nz_fax"),
            "plate": (
                r.choice([f"{_up(r, 3)}{_num(r, 3)}", f"{_up(r, 2)}{_num(r, 4)}"]),
                "nz_plate",
            ),
            "licence": (f"{_up(r, 2)}{_num(r, 6)}", "nz_dl"),
        }
    if region == "au":
        ur = r.choice([(f"{_num(r, 7)}", "ur_7"), (f"0{_num(r, 6)}", "ur_lead0")])
        return {
            "mrn": ur,
            "natid": (f"8003 60{_num(r, 2)} {_num(r, 4)} {_num(r, 4)}", "ihi_spaced"),
            "plan": (
                f"{r.randint(2, 6)}{_num(r, 3)} {_num(r, 5)} {r.randint(1, 9)}",
                "medicare_au",
            ),
            "street": r.choice(
                [
                    f"Unit {r.randint(1, 12)}/{r.randint(2, 180)} Brunswick St",
                    f"{r.randint(2, 99)} Wattle Grove",
                    f"{r.randint(1, 9)}/{r.randint(10, 300)} Sydney Rd",
                    f"Lot {r.randint(2, 60)} Bottlebrush Cres",
                ]
            ),
            "suburb": r.choice(["Fitzroy", "Coburg", "Reservoir", "Box Hill North", "Thornbury"]),
            "city": "",
            "zip": f"3{r.randint(0, 199):03d}",
            "phone": (f"(03) 9{_num(r, 3)} {_num(r, 4)}", "au_landline"),
            "mobile": (
                r.choice(
                    [
                        f"04{_num(r, 2)} {_num(r, 3)} {_num(r, 3)}",
                        f"+61 4{_num(r, 2)} {_num(r, 3)} {_num(r, 3)}",
                    ]
                ),
                "au_mobile",
            ),
            "fax": (f"(03) 9{_num(r, 3)} {_num(r, 4)}", "au_fax"),
            "plate": (
                r.choice(
                    [
                        f"1{_up(r, 2)} {_num(r, 1)}{_up(r, 2)}",
                        f"{_up(r, 3)}-{_num(r, 3)}",
                        f"{_num(r, 3)} {_up(r, 3)}",
                    ]
                ),
                "au_rego",
            ),
            "licence": (f"0{_num(r, 8)}", "vic_licence"),
        }
    if region == "ca":
        mm_ramq = f"{dob.month + (50 if sex == 'F' else 0):02d}"
        ramq = (
            f"{_fold(who.family)[:3].upper()}{_fold(who.given)[0]} {yy}{mm_ramq} {dd}{_num(r, 2)}"
        )
        sin = _num(r, 9)
        return {
            "mrn": r.choice([(f"{_num(r, 6)}", "dossier"), (f"00{_num(r, 5)}", "rv_id")]),
            "natid": r.choice(
                [
                    (f"{sin[:3]} {sin[3:6]} {sin[6:]}", "nas_spaced"),
                    (f"{sin[:3]}-{sin[3:6]}-{sin[6:]}", "sin_dashed"),
                ]
            ),
            "plan": r.choice(
                [(ramq, "ramq"), (f"{_num(r, 4)}-{_num(r, 3)}-{_num(r, 3)}-{_up(r, 2)}", "ohip_vc")]
            ),
            "street": r.choice(
                [
                    f"{r.randint(100, 9999)}, rue Sainte-Catherine Est, app. {r.randint(1, 30)}",
                    f"{r.randint(10, 999)} boul. Saint-Laurent",
                    f"{r.randint(10, 99)}-{r.randint(100, 999)} Rideau St",
                    f"{r.randint(1, 300)} ch. de la Côte-des-Neiges",
                ]
            ),
            "suburb": "",
            "city": r.choice(["Montréal", "Laval", "Longueuil", "Gatineau", "Ottawa"]),
            "zip": f"{r.choice('HJK')}{r.randint(1, 9)}{_up(r, 1)} "
            f"{r.randint(1, 9)}{_up(r, 1)}{r.randint(1, 9)}",
            "phone": (f"514 555-{_num(r, 4)}", "qc_space_dash"),
            "mobile": (f"438-555-{_num(r, 4)}", "ca_dashed"),
            "fax": (f"(450) 555-{_num(r, 4)}", "ca_paren"),
            "plate": r.choice(
                [
                    (f"{_up(r, 4)} {_num(r, 3)}", "on_plate"),
                    (f"{_up(r, 1)}{_num(r, 2)} {_up(r, 3)}", "qc_plate"),
                ]
            ),
            "licence": (
                f"{_fold(who.family)[0].upper()}{_num(r, 4)}-{_num(r, 5)}-{_num(r, 5)}",
                "on_dl",
            ),
        }
    if region == "za":
        seq = r.randint(0, 4999) if sex == "F" else r.randint(5000, 9999)  # the ID encodes sex
        idn = f"{yy}{mm}{dd}{seq:04d}08{r.randint(0, 9)}"
        return {
            "mrn": r.choice(
                [(f"{_num(r, 8)}", "folder_no"), (f"{_up(r, 1)}{_num(r, 7)}", "hosp_no")]
            ),
            "natid": r.choice(
                [(idn, "rsa_id_13"), (f"{idn[:6]} {idn[6:10]} {idn[10:]}", "rsa_id_spaced")]
            ),
            "plan": (f"{_num(r, 9)}", "medical_aid"),
            "street": r.choice(
                [
                    f"{r.randint(2, 99)} Protea Close",
                    f"{r.randint(1, 400)} Voortrekker Road",
                    f"Plot {r.randint(2, 90)}, Rietfontein",
                    f"{r.randint(1, 40)} Ntlazane St",
                ]
            ),
            "suburb": r.choice(
                ["Durbanville", "Bellville", "Khayelitsha", "Mitchells Plain", "Parow"]
            ),
            "city": "Cape Town",
            "zip": f"7{r.randint(100, 799)}",
            "phone": (f"021 {r.randint(400, 999)} {_num(r, 4)}", "za_landline"),
            "mobile": (
                r.choice(
                    [f"082 {_num(r, 3)} {_num(r, 4)}", f"+27 (0)83 {_num(r, 3)} {_num(r, 4)}"]
                ),
                "za_cell",
            ),
            "fax": (f"086 {_num(r, 3)} {_num(r, 4)}", "za_fax2email"),
            "plate": r.choice(
                [
                    (f"CA {_num(r, 3)}-{_num(r, 3)}", "wc_plate"),
                    (f"{_up(r, 2)} {_num(r, 2)} {_up(r, 2)} GP", "gp_plate"),
                    (f"CY {_num(r, 5)}", "wc_plate_short"),
                ]
            ),
            "licence": (f"{_num(r, 4)}{_num(r, 4)}{_up(r, 2)}{_num(r, 2)}", "za_dl"),
        }
    ssn = f"{r.randint(100, 665)}{r.randint(10, 99)}{_num(r, 4)}"
    return {
        "mrn": r.choice([(f"{_num(r, 8)}", "mrn_8"), (f"M{_num(r, 7)}", "mrn_letter")]),
        "natid": (ssn, "ssn"),
        "plan": r.choice(
            [
                (
                    f"{r.randint(1, 9)}{_up(r, 2)}{r.randint(1, 9)}-"
                    f"{_up(r, 2)}{r.randint(1, 9)}-{_up(r, 2)}{_num(r, 2)}",
                    "mbi_dashed",
                ),
                (
                    f"{r.randint(1, 9)}{_up(r, 2)}{r.randint(1, 9)}"
                    f"{_up(r, 2)}{r.randint(1, 9)}{_up(r, 2)}{_num(r, 2)}",
                    "mbi_plain",
                ),
            ]
        ),
        "street": r.choice(
            [
                f"{r.randint(100, 9999)} N. Elm St Apt {r.randint(1, 9)}",
                f"{r.randint(10, 999)} Monroe Street",
                f"RR {r.randint(1, 5)} Box {r.randint(10, 300)}",
                f"{r.randint(10, 99)}{r.choice('NSEW')}{r.randint(100, 999)} "
                f"County Road {r.randint(2, 40)}",
            ]
        ),
        "suburb": r.choice(["Lucas", "Wood", "Fulton", "Ottawa"]),
        "city": r.choice(["Toledo", "Maumee", "Sylvania", "Perrysburg", "Bowling Green"]),
        "zip": r.choice([f"436{_num(r, 2)}", f"435{_num(r, 2)}-{_num(r, 4)}"]),
        "phone": r.choice(
            [(f"419{_num(r, 7)}", "us_10digit"), (f"419.555.{_num(r, 4)}", "us_dots")]
        ),
        "mobile": (f"(567) 555-{_num(r, 4)}", "us_paren"),
        "fax": (f"1-419-555-{_num(r, 4)}", "us_1dash"),
        "plate": r.choice(
            [
                (f"{_up(r, 3)} {_num(r, 4)}", "oh_plate"),
                (f"{_up(r, 3)}-{_num(r, 4)}", "mi_plate"),
                (f"{_num(r, 3)}-{_up(r, 3)}", "in_plate"),
            ]
        ),
        "licence": (f"{_up(r, 2)}{_num(r, 6)}", "oh_dl"),
    }


_FEMALE = {
    "Aroha", "Mereana", "Ngaire", "Losaline", "Dolores", "Wanda", "LaToya", "Consuelo", "Faith",
    "Marie-Ève", "Gisèle", "Hélène", "Gurpreet", "Bronwyn", "Sheree", "Giuseppina", "Kylie",
    "Thanh", "Thandiwe", "Nomvula", "Anneline", "Lindiwe", "Mpho", "Fatima",
}  # fmt: skip


def _patient(r: random.Random, region: str, day: date | None = None) -> _Pt:
    who = _person(r, region)
    sex = "F" if who.given in _FEMALE else "M"
    age = r.choice([r.randint(90, 98), r.randint(90, 98), r.randint(95, 106), r.randint(64, 89)])
    day = date(2020, 1, 6) + timedelta(days=r.randint(0, 950)) if day is None else day
    dob = date(day.year - age, r.randint(1, 12), r.randint(1, 28))
    if (dob.month, dob.day) > (day.month, day.day):
        dob = dob.replace(year=dob.year - 1)
    ids = _region_ids(r, region, who, sex, dob)
    given = _slug(who.given.split()[0])
    email = r.choice(
        {
            "nz": [
                f"{given}.{_slug(who.family)}@xtra.co.nz",
                f"{given}{r.randint(1, 99)}@gmail.com",
            ],
            "au": [
                f"{given}.{_slug(who.family)}@bigpond.com",
                f"{_slug(who.family)}{r.randint(40, 99)}@optusnet.com.au",
            ],
            "ca": [
                f"{given[:2]}.{_slug(who.family)}@videotron.ca",
                f"{given}_{_slug(who.family)}@sympatico.ca",
            ],
            "za": [
                f"{given}.{_slug(who.family)}@webmail.co.za",
                f"{_slug(who.family)}{given[0]}@telkomsa.net",
            ],
            "us": [
                f"{given}{_slug(who.family)}{r.randint(1, 60)}@aol.com",
                f"{given}.{_slug(who.family)}@bex.net",
            ],
        }[region]
    )
    rel = _person(r, region)
    if rel.given in _FEMALE:
        rel_word = r.choice(["daughter", "granddaughter", "wife", "niece"])
    else:
        rel_word = r.choice(["son", "grandson", "husband", "nephew"])
    rel_age = r.randint(88, 99) if rel_word in ("wife", "husband") else r.randint(45, 75)
    reg = {
        "nz": (f"MCNZ {_num(r, 5)}", "mcnz"),
        "au": (f"MED000{_num(r, 7)}", "ahpra"),
        "ca": (r.choice([f"CPSO #{_num(r, 5)}", f"CMQ {_num(r, 5)}"]), "cpso_cmq"),
        "za": (f"MP {_num(r, 7)}", "hpcsa"),
        "us": (f"{r.choice('12')}{_num(r, 9)}", "npi"),
    }[region]
    serial = r.choice(
        [
            (f"RNB{_num(r, 6)}S", "cied_sn"),
            (f"{r.randint(10, 23)}{_up(r, 1)}-{_num(r, 6)}", "pump_sn_dash"),
            (f"{_num(r, 7)}", "pump_sn_digits"),
            (f"SN{_up(r, 2)}{_num(r, 8)}", "sn_prefixed"),
        ]
    )
    account = r.choice(
        [
            (f"{day.year}-{_num(r, 5)}", "registry_accn"),
            (f"{_num(r, 10)}", "encounter_10"),
            (f"V{_num(r, 8)}", "visit_no"),
        ]
    )
    return _Pt(
        region=region,
        who=who,
        sex=sex,
        age=age,
        day=day,
        dob=dob,
        rel=rel,
        rel_word=rel_word,
        rel_age=rel_age,
        elder_age=r.randint(84, 101),
        doc=_person(r, region),
        doc2=_person(r, region),
        nurse=_person(r, region),
        reg=reg,
        email=email,
        ip=_ip(r),
        serial=serial,
        account=account,
        accession=f"{r.choice(['S', 'SP', 'H'])}{day.year % 100}-{_num(r, 5)}",
        **ids,
    )


# --------------------------------------------------------------------------- PHI writers


def _fr_day(day: int) -> str:
    return "1er" if day == 1 else str(day)


def _date(w: _W, d: date, form: str) -> None:
    """One date in a named phrasing; a lead in front of ``|`` (weekday, "the") stays unlabelled."""
    yy = f"{d.year % 100:02d}"
    mon, month = _MON[d.month - 1], _MONTHS[d.month - 1]
    forms = {
        "dmy_slash": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy_short": f"{d.day}/{d.month}/{yy}",
        "dmy_dot": f"{d.day:02d}.{d.month:02d}.{yy}",
        "dm_short": f"{d.day}/{d.month}",
        "dm_padded": f"{d.day:02d}/{d.month:02d}",
        "wd_dm_au": f"{_DAYS_AU[d.weekday()]} |{d.day}/{d.month}",
        "d_mon_yy": f"{d.day}-{mon}-{yy}",
        "dd_MON_yyyy": f"{d.day:02d}-{mon.upper()}-{d.year}",
        "ddMONyyyy": f"{d.day:02d}{mon.upper()}{d.year}",
        "ddMONyy": f"{d.day:02d}{mon.upper()}{yy}",
        "iso": d.isoformat(),
        "ymd_slash": f"{d.year}/{d.month:02d}/{d.day:02d}",
        "compact": f"{d.year}{d.month:02d}{d.day:02d}",
        "us_mmddyyyy": f"{d.month:02d}{d.day:02d}{d.year}",
        "us_mdy": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "us_mdyy": f"{d.month}/{d.day}/{yy}",
        "ord_month_year": f"{d.day}{_nth(d.day)} {month} {d.year}",
        "wd_ord_month_year": f"{_DAYS[d.weekday()]} |{d.day}{_nth(d.day)} {month} {d.year}",
        "d_month_year": f"{d.day} {month} {d.year}",
        "month_d_year": f"{month} {d.day}, {d.year}",
        "mon_ord": f"{mon} {d.day}{_nth(d.day)}",
        "the_ord": f"the |{d.day}{_nth(d.day)}",
        "ord_word_of": f"the |{_ORD_WORDS[d.day - 1]} of {month}",
        "month_year": f"{month} {d.year}",
        "fr_long": f"{d.day} {_MOIS_L[d.month - 1]} {d.year}",
        "fr_le": f"le |{d.day} {_MOIS_L[d.month - 1]}",
        "fr_wd_le": f"le {_JOURS[d.weekday()]} |{_fr_day(d.day)} {_MOIS_L[d.month - 1]}",
        "af_long": f"{d.day} {_MAANDE[d.month - 1]} {d.year}",
        "wc_dm": f"w/c |{d.day:02d}/{d.month:02d}",
    }
    lead, _, value = forms[form].rpartition("|")
    w.add(lead)
    w.phi(value, "date", form)


def _date_range(w: _W, a: date, b: date, form: str) -> None:
    """A date range; both ends are labelled (a bare day number too)."""
    if form == "range_en_dash":
        w.phi(str(a.day), "date", form)
        w.add("–")
        w.phi(f"{b.day} {_MON[b.month - 1]} {b.year}", "date", form)
    elif form == "range_MON_compact":
        w.phi(f"{a.day:02d}-{b.day:02d}{_MON[b.month - 1].upper()}{b.year}", "date", form)
    elif form == "range_from_to_dm":
        w.add("from ")
        w.phi(f"{a.day:02d}/{a.month:02d}", "date", form)
        w.add(" to ")
        w.phi(f"{b.day:02d}/{b.month:02d}/{b.year}", "date", form)
    elif form == "range_fr":
        w.add("du ")
        w.phi(f"{a.day}", "date", form)
        w.add(" au ")
        w.phi(f"{b.day} {_MOIS_L[b.month - 1]}", "date", form)
    else:  # range_us_thru
        w.phi(f"{a.month}/{a.day}", "date", form)
        w.add(" thru ")
        w.phi(f"{b.month}/{b.day}/{b.year % 100:02d}", "date", form)


_AGE_FORMS: dict[str, tuple[str, str, str]] = {
    # form: (lead, value pattern, tail); {n} number, {w} words, {p} zero-padded, {o} ordinal year
    "yo_suffix": ("", "{n}", "yo "),
    "aged_n": ("aged ", "{n}", " "),
    "aged_words": ("aged ", "{w}", ", "),
    "n_sex": ("", "{n}", "{S} "),
    "paren_y": ("(", "{n}", "y) "),
    "age_sex_slash": ("Age/Sex: ", "{n}", " / {S}\n"),
    "age_at_onset": ("Age at onset: ", "{n}", " years\n"),
    "n_year_old_race": ("This ", "{n}", "-year-old white {mf} "),
    "yr_old_abbrev": ("a ", "{n}", "-yr-old {mf} "),
    "registry_padded": ("AGE AT DIAGNOSIS............: ", "{p}", "\n"),
    "registry_text_yo": ("", "{n}", " YO "),
    "rt_years_months": ("Age: ", "{n}", "Y {m}M  "),
    "fr_agee_de": ("âgé{e} de ", "{n}", " ans, "),
    "fr_age_field": ("Âge : ", "{n}", " ans\n"),
    "nth_year": ("now in {her} ", "{o}", " year, "),
    "n_year_old_lady": ("this pleasant ", "{n}", " year old {lady} "),
    "age_yrs_field": ("Age: ", "{n}", " yrs\n"),
    "pt_is_n_end": ("Pt is ", "{n}", ". "),
    "age_end_sentence": ("The patient, age ", "{n}", ". "),
    "comma_n_comma": ("{title} {Pt}, ", "{n}", ", "),
    "words_years_of_age": ("", "{W}", " years of age. "),
    "hospice_age_field": ("Age: ", "{n}", "\n"),
}


def _age(w: _W, p: _Pt, form: str, age: int | None = None) -> None:
    """An age in a named phrasing, labelled only when over 89."""
    n = p.age if age is None else age
    lead, pattern, tail = _AGE_FORMS[form]
    fill = {
        "S": p.sex,
        "mf": "female" if p.sex == "F" else "male",
        "e": "e" if p.sex == "F" else "",
        "her": p.her,
        "lady": "lady" if p.sex == "F" else "gentleman",
        "title": "Mrs" if p.sex == "F" else "Mr",
        "m": str(w.r.randint(0, 11)),
    }
    value = pattern.format(
        n=n, w=_words(n), W=_words(n).capitalize(), p=f"{n:03d}", o=f"{n + 1}{_nth(n + 1)}"
    )
    before, pt, after = lead.partition("{Pt}")
    w.add(before.format(**fill))
    if pt:  # the patient's name inside the phrasing is a span of its own
        _name(w, p.who, "family")
    w.add(after.format(**fill))
    w.maybe(value, "age", form, n > 89)
    w.add(tail.format(**fill))


def _name(w: _W, person: _Person, form: str) -> None:
    """A name in a named phrasing (titles are written by the caller, outside the span)."""
    value = {
        "full": person.full(),
        "caps_comma": person.caps(),
        "initial": person.init(),
        "family": person.family,
        "given": person.given,
        "upper_full": f"{person.given} {person.family}".upper(),
        "folded_caps": _fold(person.caps()).upper(),
        "caret": f"{_fold(person.family).upper()}^{_fold(person.given).upper()}",
        "lower_login": f"{person.given[0].lower()}{_slug(person.family)}",
        "family_first_caps": f"{person.family.upper()} {person.given}",
    }[form]
    w.phi(value, "name", form)


def _address(w: _W, p: _Pt, form: str, sep: str = ", ") -> None:
    """Street line, suburb/city and postcode as separate spans, in each country's order."""
    w.phi(p.street, "address", form)
    if p.region == "au":
        w.add(sep)
        w.phi(p.suburb, "address", form)
        w.add(" VIC ")
        w.phi(p.zip, "zip", form)
    elif p.region == "nz":
        w.add(sep)
        w.phi(p.suburb, "address", form)
        w.add(sep)
        w.phi(p.city, "address", form)
        w.add(" ")
        w.phi(p.zip, "zip", form)
    elif p.region == "ca":
        w.add(sep)
        w.phi(p.city, "address", form)
        w.add(" (QC) " if p.city != "Ottawa" else " ON  ")
        w.phi(p.zip, "zip", form)
    elif p.region == "za":
        w.add(sep)
        w.phi(p.suburb, "address", form)
        w.add(sep)
        w.phi(p.city, "address", form)
        w.add(sep)
        w.phi(p.zip, "zip", form)
    else:
        w.add(sep)
        w.phi(p.city, "address", form)
        w.add(" OH ")
        w.phi(p.zip, "zip", form)


def _ssn(w: _W, p: _Pt, form: str) -> None:
    s = p.natid[0]
    lead, value = {
        "ssn_plain_field": ("SSN.........................: ", s),
        "ss_hash_spaced": ("S.S.#: ", f"{s[:3]} {s[3:5]} {s[5:]}"),
        "social_is_prose": (f"{p.her} social security number is ", f"{s[:3]}-{s[3:5]}-{s[5:]}"),
        "ssn_hash_dashed": ("SSN# ", f"{s[:3]}-{s[3:5]}-{s[5:]}"),
        "lower_ss_plain": ("ss# ", s),
        "ssn_slashes": ("Soc Sec ", f"{s[:3]}/{s[3:5]}/{s[5:]}"),
        "registry_remark": ("SSN ON FILE ", f"{s[:3]}-{s[3:5]}-{s[5:]}"),
        "social_colon": ("Social: ", f"{s[:3]} {s[3:5]}-{s[5:]}"),
        "w9_paren": ("SSN (W-9) ", f"{s[:3]}-{s[3:5]}-{s[5:]}"),
        "soc_sec_no_spaced": ("soc. sec. no. ", f"{s[:3]} {s[3:5]} {s[5:]}"),
        "ssn_equals": ("ssn=", s),
    }[form]
    w.add(lead)
    w.phi(value, "ssn", form)


# --------------------------------------------------------------------------- documents


_TYPOS = {
    "dyspnoea": ("dyspnoea", "dyspnea", "dysnoea", "SOB"),
    "history": ("Hx", "PMHx", "Histroy", "Background"),
    "weight": ("wt", "weight", "wieght"),
}


def _typo(r: random.Random, word: str) -> str:
    """The word as a hurried writer types it (abbreviated or misspelt)."""
    return r.choice(_TYPOS[word])


def _mdt(w: _W, p: _Pt) -> None:
    """New Zealand lung/upper-GI MDM minutes with a patient list of several patients."""
    r = w.r
    others = [_patient(r, "nz", p.day) for _ in range(r.randint(2, 3))]
    pts = [p, *others]
    w.add("TE WHATU ORA — AUCKLAND CITY HOSPITAL\nTHORACIC / UPPER GI CANCER MULTIDISCIPLINARY ")
    w.add("MEETING — MINUTES\nMeeting date: ")
    _date(w, p.day, r.choice(["wd_ord_month_year", "d_month_year", "dmy_slash"]))
    w.add(", 0730hrs, Level 8 seminar rm + Teams\nChair: Dr ")
    _name(w, p.doc, "full")
    w.add(" (Med Onc)\nPresent: A/Prof ")
    _name(w, p.doc2, "full")
    w.add(" (Rad Onc), Mr ")
    _name(w, others[0].doc, "initial")
    w.add(" (Thoracic Surg), Dr ")
    _name(w, others[0].doc2, "family")
    w.add(" (Radiology), ")
    w.phi(f"{p.nurse.given} {p.nurse.family[0]}", "name", "given_initial")
    w.add(" (Lung CNS, ")
    w.phi(p.reg[0], "license", p.reg[1])
    w.add(")\nApologies: Dr ")
    _name(w, others[1].doc, "full")
    w.add("\n\nPATIENT LIST\n")
    w.add(" # | Name                     | NHI     | DOB        | Age | Consultant | Q\n")
    w.add("---+--------------------------+---------+------------+-----+------------+------\n")
    for k, q in enumerate(pts, 1):
        name = q.who.caps()
        w.add(f" {k} | ")
        _name(w, q.who, "caps_comma")
        w.add(" " * max(1, 25 - len(name)) + "| ")
        w.phi(q.mrn[0], "mrn", q.mrn[1])
        w.add(" " * max(1, 8 - len(q.mrn[0])) + "| ")
        _date(w, q.dob, "dmy_slash")
        w.add(" | ")
        w.maybe(str(q.age), "age", "table_cell", q.age > 89)
        w.add(" " * (4 - len(str(q.age))) + "| ")
        _name(w, q.doc, "family")
        w.add(" " * max(1, 11 - len(q.doc.family)) + "| ")
        w.add(r.choice(["Rx?", "SABR?", "Bx?", "PET?", "BSC?"]) + "\n")
    w.add("\nDISCUSSION / OUTCOMES\n")
    for k, q in enumerate(pts, 1):
        w.add(f"{k}. ")
        _name(w, q.who, r.choice(["caps_comma", "family_first_caps", "full"]))
        w.add(" (NHI ")
        w.phi(q.mrn[0], "mrn", q.mrn[1])
        w.add(") ")
        _age(w, q, r.choice(["n_sex", "paren_y", "aged_n", "yo_suffix"]))
        w.add("— CT chest ")
        _date(
            w,
            q.day - timedelta(days=r.randint(2, 20)),
            r.choice(["dm_short", "dm_padded", "dmy_short"]),
        )
        w.add(" shows 3.4cm RUL mass w/ ipsilateral hilar nodes. EBUS ")
        _date(
            w, q.day - timedelta(days=r.randint(1, 9)), r.choice(["dm_short", "the_ord", "mon_ord"])
        )
        w.add(
            f" - adenoca, PD-L1 {r.randint(1, 90)}%. ECOG {r.randint(1, 3)}. Lives w/ {q.rel_word} "
        )
        _name(w, q.rel, r.choice(["given", "full"]))
        w.add(" in ")
        w.phi(q.suburb, "address", "mdt_suburb")
        w.add(f", ph {r.choice(['', 'mob '])}")
        w.phi(q.mobile[0], "phone", q.mobile[1])
        w.add(". Outcome: ")
        w.add(
            r.choice(
                [
                    "SABR 54Gy/3#",
                    "for palliative RT",
                    "refer for best supportive care",
                    "for PET-CT then re-discuss",
                ]
            )
        )
        w.add(". Clinic ")
        _date(
            w, q.day + timedelta(days=r.randint(5, 21)), r.choice(["wc_dm", "dm_short", "mon_ord"])
        )
        w.add(" with Dr ")
        _name(w, q.doc, "family")
        w.add(". ")
        if r.random() < 0.3:
            w.add("Mobility parking permit requested for car ")
            w.phi(q.plate[0], "plate", q.plate[1])
            w.add(". ")
        if r.random() < 0.4:
            w.add("ACC claim ")
            w.phi(q.plan[0], "account", q.plan[1])
            w.add(" (fall at home) noted. ")
        w.add("\n")
    w.add("Minutes taken by ")
    _name(w, p.nurse, "full")
    w.add(", MDM coordinator (")
    w.phi(
        f"{_slug(p.nurse.given)}.{_slug(p.nurse.family)}@adhb.example.govt.nz",
        "email",
        "staff_email",
    )
    w.add(", fax ")
    w.phi(p.fax[0], "fax", p.fax[1])
    w.add(").\n")


def _sae(w: _W, p: _Pt) -> None:
    """A CIOMS-like serious adverse event narrative with its EDC audit trail (US site)."""
    r = w.r
    site, subj = r.randint(101, 140), f"{r.randint(101, 140)}-{_num(r, 4)}"
    onset = p.day
    w.add("SERIOUS ADVERSE EVENT REPORT — FOLLOW-UP #")
    w.add(
        f"{r.randint(1, 3)}\nProtocol: ONC-4471-301 (phase III, NSCLC)   Site: {site}"
        f"   Subject: {subj}\n"
    )
    w.add("Reporter: Dr. ")
    _name(w, p.doc, "full")
    w.add(", Principal Investigator, Mercy Cancer Center\nTel ")
    w.phi(p.mobile[0], "phone", p.mobile[1])
    w.add("   Fax ")
    w.phi(p.fax[0], "fax", p.fax[1])
    w.add("   e-mail ")
    w.phi(
        f"{_slug(p.doc.given)}.{_slug(p.doc.family)}@mercy-onc.example.org", "email", "investigator"
    )
    w.add("\n\nPATIENT\n")
    _age(w, p, "age_at_onset")
    w.add(f"Sex: {p.sex}   Weight: {r.randint(40, 80)} kg\nDate of birth: ")
    _date(w, p.dob, r.choice(["dd_MON_yyyy", "ddMONyyyy"]))
    w.add("\nEvent: Febrile neutropenia (CTCAE grade 4)   Onset: ")
    _date(w, onset, r.choice(["ddMONyyyy", "dd_MON_yyyy"]))
    w.add("   Outcome: recovered\n\nNARRATIVE\n")
    _age(w, p, r.choice(["n_year_old_race", "yr_old_abbrev"]))
    w.add("with stage IIIB adenocarcinoma of the lung was randomised on ")
    _date(w, onset - timedelta(days=r.randint(20, 60)), r.choice(["ddMONyyyy", "dd_MON_yyyy"]))
    w.add(" and recieved cycle 2 of study drug (lot not PHI) on Study Day 22 (")
    _date(w, onset - timedelta(days=r.randint(5, 10)), "ddMONyy")
    w.add(f"). On Study Day {r.randint(25, 40)} (")
    _date(w, onset, "ddMONyyyy")
    w.add(f") {p.she} presented with fever 39.1C and ANC 0.1. The {p.rel_word}, ")
    _name(w, p.rel, "full")
    w.add(", drove the patient to the ED")
    if r.random() < 0.5:
        w.add(f" ({r.choice(['white', 'silver', 'maroon'])} sedan, plate ")
        w.phi(p.plate[0], "plate", p.plate[1])
        w.add(")")
    w.add(". The patient was hospitalised ")
    _date_range(
        w,
        onset,
        onset + timedelta(days=r.randint(3, 8)),
        r.choice(["range_MON_compact", "range_us_thru", "range_en_dash"]),
    )
    w.add(" and treated with cefepime and filgrastim. Medical history: COPD, HTN, hypothyroidism; ")
    w.add(f"{p.her} {p.rel_word} is ")
    w.maybe(str(p.rel_age), "age", "relative_age_prose", p.rel_age > 89)
    w.add(" and lives with the patient. Note: the hospital MRN ")
    w.phi(p.mrn[0], "mrn", p.mrn[1])
    w.add(" appears unredacted on source page 3 and was masked by the CRA on ")
    _date(w, onset + timedelta(days=r.randint(10, 20)), r.choice(["month_d_year", "us_mdy"]))
    w.add(". Investigator causality: related. Sponsor causality: related.\nStipend card set up")
    w.add(" by the coordinator; ")
    _ssn(w, p, r.choice(["w9_paren", "soc_sec_no_spaced", "ssn_equals"]))
    w.add(" filed in the regulatory binder, not in EDC.\n\nEDC AUDIT TRAIL (")
    w.add("extract)\n")
    w.add("timestamp (UTC)      | user         | source address  | field    | change\n")
    for _ in range(r.randint(2, 4)):
        ts = onset + timedelta(days=r.randint(1, 6))
        _date(w, ts, "iso")
        w.add(f" {r.randint(7, 19):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} | ")
        user = r.choice([p.doc, p.nurse])
        _name(w, user, "lower_login")
        w.add(" | ")
        w.phi(p.ip[0], "ip", p.ip[1] + "_audit")
        fld, old = r.choice(
            [("AESTDTC", True), ("AEOUT", False), ("BRTHDTC", True), ("AESER", False)]
        )
        w.add(f" | AE.{fld} | ")
        if old:
            w.add("'")
            _date(w, (p.dob if fld == "BRTHDTC" else onset) - timedelta(days=1), "ddMONyyyy")
            w.add("' -> '")
            _date(w, p.dob if fld == "BRTHDTC" else onset, "ddMONyyyy")
            w.add("' (transcription error)\n")
        else:
            w.add("'N' -> 'Y' (query closed)\n")
    w.add("Source document link: ")
    w.phi(
        f"https://ehr.mercy.example.org/chart/{p.mrn[0]}/notes?enc={_num(r, 9)}",
        "url",
        "ehr_link_mrn",
    )
    w.add("\nNotification sent to ")
    w.phi(
        f"{_slug(p.nurse.given)}.{_slug(p.nurse.family)}@mercy-onc.example.org",
        "email",
        "coordinator",
    )
    w.add(" from host ")
    w.phi(p.ip[0], "ip", p.ip[1] + "_prose")
    w.add(".\n")


def _registry(w: _W, p: _Pt) -> None:
    """A US cancer-registry abstract: dotted upper-case fields and a remarks block."""
    r = w.r
    w.add("CANCER REGISTRY ABSTRACT                 ST. VINCENT MERCY MEDICAL CENTER\n")
    w.add("ACCESSION NO................: ")
    w.phi(p.account[0], "account", p.account[1])
    w.add("   SEQ: 00\nNAME (LAST, FIRST)..........: ")
    _name(w, p.who, "folded_caps")
    w.add("\nMAIDEN NAME.................: ")
    w.phi(r.choice(_NAMES["us"][1]).upper(), "name", "maiden_caps")
    w.add("\n")
    _ssn(w, p, "ssn_plain_field")
    w.add("\nMEDICAL RECORD NO...........: ")
    w.phi(p.mrn[0], "mrn", p.mrn[1])
    w.add("\nDATE OF BIRTH...............: ")
    _date(w, p.dob, "us_mmddyyyy")
    w.add("\n")
    _age(w, p, "registry_padded")
    w.add("ADDR AT DX - STREET.........: ")
    w.phi(p.street.upper(), "address", "registry_street")
    w.add("\nADDR AT DX - CITY/ST/ZIP....: ")
    w.phi(p.city.upper(), "address", "registry_city")
    w.add(" OH ")
    w.phi(p.zip, "zip", "registry_zip")
    w.add("\nCOUNTY AT DX................: ")
    w.phi(p.suburb.upper(), "address", "registry_county")
    w.add("\nTELEPHONE...................: ")
    w.phi(p.phone[0], "phone", p.phone[1])
    w.add("\nPRIMARY PAYER AT DX.........: 61 MEDICARE  MBI ")
    w.phi(p.plan[0], "plan", p.plan[1])
    w.add("\nDATE OF 1ST CONTACT.........: ")
    _date(w, p.day, "compact")
    w.add("\nDATE OF DIAGNOSIS...........: ")
    _date(w, p.day - timedelta(days=r.randint(3, 20)), "compact")
    w.add("\nPRIMARY SITE................: C34.1 UPPER LOBE, LUNG\nMANAGING PHYSICIAN..........: ")
    _name(w, p.doc, "folded_caps")
    w.add("  NPI ")
    w.phi(p.reg[0], "license", p.reg[1])
    w.add("\nFOLLOWING PHYSICIAN.........: ")
    _name(w, p.doc2, "folded_caps")
    w.add("\nDATE OF LAST CONTACT........: ")
    _date(w, p.day + timedelta(days=r.randint(60, 200)), "compact")
    w.add("\nTEXT--DX PROC--PE...........: ")
    _age(w, p, "registry_text_yo")
    w.add(f"{'W' if r.random() < 0.6 else 'B'}{p.sex} W/ 3 MO HX COUGH, 20 LB WT LOSS. ")
    w.add(f"FAM HX: {r.choice(['SISTER', 'BROTHER'])} (")
    w.maybe(str(p.elder_age), "age", "registry_relative_paren", p.elder_age > 89)
    w.add(") W/ BREAST CA.\nTEXT--REMARKS...............: PT SEEN AT OUTSIDE FACILITY ")
    _date(w, p.day - timedelta(days=r.randint(20, 40)), "us_mdyy")
    w.add(", PATH REVIEW ")
    w.phi(p.accession, "accession", "path_accession")
    w.add(". ")
    _ssn(w, p, "registry_remark")
    w.add(" DOES NOT MATCH MPI - HIM NOTIFIED. F/U CONTACT: ")
    w.add(f"{p.rel_word.upper()} ")
    _name(w, p.rel, "upper_full")
    w.add(" ")
    w.phi(p.mobile[0], "phone", p.mobile[1])
    w.add(".\n")


def _rt(w: _W, p: _Pt) -> None:
    """An Ontario radiotherapy record-and-verify printout with console log lines."""
    r = w.r
    w.add("=" * 20 + " TREATMENT RECORD / RECORD & VERIFY " + "=" * 20 + "\n")
    w.add("Patient: ")
    _name(w, p.who, "folded_caps")
    w.add("    ID: ")
    w.phi(p.mrn[0], "mrn", "rv_id")
    w.add("    DOB: ")
    _date(w, p.dob, "iso")
    w.add("   ")
    _age(w, p, "rt_years_months")
    w.add(f"Sex: {p.sex}\nHealth card: ")
    w.phi(p.plan[0], "plan", p.plan[1])
    w.add("   Rad Onc: Dr. ")
    _name(w, p.doc, "initial")
    w.add(" (")
    w.phi(p.reg[0], "license", p.reg[1])
    w.add(")\nCourse: C1 R LUNG PALL   Rx: 20 Gy / 5 fx   Machine: TrueBeam-2\n")
    w.add("CIED: pacemaker, Medtronic Azure XT DR MRI, SN ")
    w.phi(p.serial[0], "serial", p.serial[1])
    w.add(" - interrogated pre/post each fx\n\n")
    w.add("Fx | Date       | Field        | MU  | RTT\n")
    start = p.day
    for k in range(1, r.randint(3, 5) + 1):
        w.add(f"{k:2d} | ")
        _date(w, start + timedelta(days=k - 1), "iso")
        w.add(f" | AP/PA 6X    | {r.randint(150, 320)} | ")
        _name(w, r.choice([p.nurse, p.doc2]), "initial")
        w.add("\n")
    w.add("\nCONSOLE LOG\n")
    for _ in range(r.randint(2, 3)):
        _date(w, start, "iso")
        w.add(f" {r.randint(8, 16):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} TB2 [")
        w.phi(p.ip[0], "ip", p.ip[1] + "_console")
        w.add("] PATIENT LOAD ")
        w.phi(p.mrn[0], "mrn", "rv_id_log")
        w.add(" ")
        _name(w, p.who, "caret")
        w.add(" OK\n")
    w.add("\nNotes: Wheel-Trans not available; ")
    w.add(f"{p.rel_word} ")
    _name(w, p.rel, "full")
    w.add(" drives (Ontario plate ")
    w.phi(p.plate[0], "plate", p.plate[1])
    w.add("), cell ")
    w.phi(p.mobile[0], "phone", p.mobile[1])
    w.add(". Home: ")
    _address(w, p, "rt_home")
    w.add(". Review clinic ")
    _date(
        w,
        p.day + timedelta(days=r.randint(20, 40)),
        r.choice(["month_d_year", "mon_ord", "d_mon_yy"]),
    )
    w.add(".\n")


def _hith(w: _W, p: _Pt) -> None:
    """An Australian hospital-in-the-home infusion visit log."""
    r = w.r
    w.add("HOSPITAL IN THE HOME — VISIT LOG          Eastern Health HITH\n")
    w.add("Pt: ")
    _name(w, p.who, r.choice(["family_first_caps", "full"]))
    w.add("   UR ")
    w.phi(p.mrn[0], "mrn", p.mrn[1])
    w.add("   DOB ")
    _date(w, p.dob, r.choice(["dmy_slash", "dmy_short"]))
    w.add(" (")
    w.maybe(f"{p.age}", "age", "paren_yo_au", p.age > 89)
    w.add("yo)\nIHI ")
    w.phi(p.natid[0], "mrn", p.natid[1])
    w.add("   Medicare ")
    w.phi(p.plan[0], "plan", p.plan[1])
    w.add(f" / {r.randint(1, 5)}")
    if r.random() < 0.5:
        w.add("   DVA Gold ")
        w.phi(f"{r.choice(['Q', 'N', 'V'])}X{_num(r, 6)}", "plan", "dva_file_no")
    w.add("\nAddr: ")
    _address(w, p, "hith_addr")
    w.add("   Ph ")
    w.phi(p.phone[0], "phone", p.phone[1])
    w.add("\nNOK: ")
    w.add(
        {"daughter": "dtr", "son": "son", "wife": "wife", "husband": "hsb"}.get(
            p.rel_word, p.rel_word
        )
    )
    w.add(" ")
    _name(w, p.rel, "given")
    w.add(" ")
    w.phi(p.mobile[0], "phone", p.mobile[1])
    w.add("   GP: Dr ")
    _name(w, p.doc2, "full")
    w.add(", Brunswick Medical, fax ")
    w.phi(p.fax[0], "fax", p.fax[1])
    w.add("\nPump: CADD-Solis SN ")
    w.phi(p.serial[0], "serial", p.serial[1])
    w.add(" issued ")
    _date(w, p.day - timedelta(days=1), "dm_short")
    w.add("\n\n")
    for k in range(r.randint(3, 5)):
        d = p.day + timedelta(days=k)
        _date(w, d, r.choice(["wd_dm_au", "dm_short", "dmy_short"]))
        w.add(f" {r.randint(7, 19):02d}{r.choice(['00', '15', '30', '45'])}  ")
        who = r.choice([p.nurse, p.doc])
        w.add(r.choice(["Sr ", "", "RN "]))
        _name(w, who, r.choice(["full", "initial"]))
        w.add(": ")
        w.add(
            r.choice(
                [
                    "IV ceftriaxone 2g via PICC, site clean, obs stable. ",
                    "pump alarm 'occlusion' - line kinked, resolved. ",
                    f"febrile 38.{r.randint(0, 9)}, bld cx taken, d/w reg. ",
                    f"{_typo(r, 'dyspnoea')} on exertion, SpO2 94% RA. ",
                ]
            )
        )
        x = r.random()
        if x < 0.25:
            _age(w, p, r.choice(["pt_is_n_end", "comma_n_comma"]))
            w.add("lives alone w/ cat." if w.parts[-1].endswith(", ") else "Lives alone w/ cat.")
        elif x < 0.45:
            w.add("NOK's car (rego ")
            w.phi(p.plate[0], "plate", p.plate[1])
            w.add(") blocking driveway, parked on street.")
        elif x < 0.6:
            w.add("Pump gateway ")
            w.phi(p.ip[0], "ip", p.ip[1] + "_gateway")
            w.add(" last sync ok.")
        elif x < 0.75:
            w.add("Pt no longer driving, VIC licence ")
            w.phi(p.licence[0], "license", p.licence[1])
            w.add(" surrendered.")
        else:
            w.add("Plan d/c HITH ")
            _date(
                w,
                d + timedelta(days=r.randint(2, 5)),
                r.choice(["wd_dm_au", "dm_padded", "mon_ord"]),
            )
            w.add(".")
        w.add("\n")
    w.add("Summary emailed to GP practice ")
    w.phi(f"reception@{_slug(p.doc2.family)}medical.example.com.au", "email", "gp_practice")
    w.add(" and pt's ")
    w.add(r.choice(["dtr", "family"]))
    w.add(" ")
    w.phi(p.email, "email", "patient_email")
    w.add(" ")
    _date(w, p.day + timedelta(days=4), r.choice(["dmy_dot", "dmy_short"]))
    w.add(". ")
    _age(w, p, r.choice(["age_end_sentence", "pt_is_n_end", "aged_n"]))
    w.add("\n")


_FR_KIN = {
    "daughter": "fille",
    "son": "fils",
    "wife": "épouse",
    "husband": "époux",
    "granddaughter": "petite-fille",
    "grandson": "petit-fils",
    "niece": "nièce",
    "nephew": "neveu",
}


def _clsc(w: _W, p: _Pt) -> None:
    """A bilingual Québec palliative home-care (CLSC) note."""
    r = w.r
    w.add("CLSC DU PLATEAU — SOINS PALLIATIFS À DOMICILE / PALLIATIVE HOME CARE\n")
    w.add("Usager / Client : ")
    _name(w, p.who, r.choice(["caps_comma", "full"]))
    w.add("     No dossier : ")
    w.phi(p.mrn[0], "mrn", "dossier")
    w.add("\nRAMQ : " if p.plan[1] == "ramq" else "\nOHIP : ")
    w.phi(p.plan[0], "plan", p.plan[1])
    w.add(" exp. ")
    _date(w, p.day + timedelta(days=r.randint(200, 700)), "iso")
    w.add("\nNé(e) le : ")
    _date(w, p.dob, r.choice(["fr_long", "iso"]))
    w.add("     ")
    _age(w, p, "fr_age_field")
    w.add("Adresse : ")
    _address(w, p, "clsc_addr")
    w.add("\nTél. : ")
    w.phi(p.phone[0], "phone", p.phone[1])
    w.add("   Cell. : ")
    w.phi(p.mobile[0], "phone", p.mobile[1])
    w.add("\nProche aidant(e) : ")
    w.add(_FR_KIN[p.rel_word])
    w.add(", ")
    _name(w, p.rel, "full")
    w.add(", ")
    w.phi(f"450 555-{_num(r, 4)} poste {r.randint(10, 999)}", "phone", "poste_ext")
    w.add(", courriel ")
    w.phi(p.email, "email", "patient_email")
    w.add("\n\nNOTE D'ÉVOLUTION — visite à domicile ")
    _date(w, p.day, r.choice(["fr_wd_le", "fr_le", "fr_long"]))
    w.add(".\n")
    w.add("Mme " if p.sex == "F" else "M. ")
    _name(w, p.who, "family")
    w.add(", ")
    _age(w, p, "fr_agee_de")
    w.add(f"connu{'e' if p.sex == 'F' else ''} pour néo pulmonaire métastatique, PPS 40%. ")
    w.add("Douleur 3/10 sous hydromorphone ")
    w.add("SC. Son ")
    w.add("époux" if p.sex == "F" else "épouse")
    w.add(" (")
    w.maybe(str(p.elder_age), "age", "fr_relative_paren_ans", p.elder_age > 89)
    w.add(" ans) épuisé(e), répit demandé ")
    _date_range(w, p.day + timedelta(days=3), p.day + timedelta(days=r.randint(6, 10)), "range_fr")
    w.add(". Seen jointly w/ Dr ")
    _name(w, p.doc, "full")
    w.add(" (")
    w.phi(p.reg[0], "license", p.reg[1])
    w.add("); pt prefers English for meds teaching. ")
    if p.natid[0]:
        w.add("NAS " if r.random() < 0.5 else "SIN ")
        w.phi(p.natid[0], "natid", p.natid[1])
        w.add(" requis pour formulaire de crédit d'impôt (TP-752.0.14). ")
    w.add("Vignette de stationnement pour personne handicapée demandée — véhicule du fils, plaque ")
    w.phi(p.plate[0], "plate", p.plate[1])
    w.add(". Prochaine visite ")
    _date(w, p.day + timedelta(days=7), r.choice(["fr_le", "fr_wd_le", "iso"]))
    w.add(".\nInf. ")
    _name(w, p.nurse, "full")
    w.add(", OIIQ, téléc. ")
    w.phi(p.fax[0], "fax", p.fax[1])
    w.add("\n")


def _za_letter(w: _W, p: _Pt) -> None:
    """A South African oncology referral letter with an Afrikaans cover line."""
    r = w.r
    w.add("Dr ")
    _name(w, p.doc, "full")
    w.add("  MBChB MMed (Rad Onc)\nPractice No. ")
    w.phi(f"0{_num(r, 6)}", "license", "practice_no")
    w.add("   HPCSA ")
    w.phi(p.reg[0], "license", p.reg[1])
    w.add("\nTel ")
    w.phi(p.phone[0], "phone", p.phone[1])
    w.add("   Fax2email ")
    w.phi(p.fax[0], "fax", p.fax[1])
    w.add("\n\nDatum / Date: ")
    _date(w, p.day, r.choice(["af_long", "ymd_slash", "d_month_year"]))
    w.add("\n\nDr ")
    _name(w, p.doc2, "initial")
    w.add("\nGroote Schuur Hospital, Radiation Oncology\n\nRE: ")
    w.add("Mrs " if p.sex == "F" else "Mr ")
    _name(w, p.who, r.choice(["family_first_caps", "upper_full", "full"]))
    w.add("\nID No: ")
    w.phi(p.natid[0], "natid", p.natid[1])
    w.add("   DOB: ")
    _date(w, p.dob, "ymd_slash")
    w.add("   ")
    _age(w, p, "age_yrs_field")
    w.add("Folder No: ")
    w.phi(p.mrn[0], "mrn", p.mrn[1])
    w.add("   Medical aid: Discovery Health Classic, member no. ")
    w.phi(p.plan[0], "plan", p.plan[1])
    w.add(f", dep. code 0{r.randint(0, 3)}\nAddress: ")
    _address(w, p, "za_addr")
    w.add("   Cell: ")
    w.phi(p.mobile[0], "phone", p.mobile[1])
    w.add("\n\nGeagte kollega / Dear colleague,\n\nThank you for seeing ")
    _age(w, p, "n_year_old_lady")
    w.add(f"with a {r.randint(3, 9)}cm left breast mass, biopsied at our rooms on ")
    _date(
        w,
        p.day - timedelta(days=r.randint(7, 21)),
        r.choice(["the_ord", "ord_word_of", "d_month_year"]),
    )
    w.add(" (Lancet ref ")
    w.phi(p.accession, "accession", "lab_ref")
    w.add(f"): invasive ductal carcinoma, ER+ PR+ HER2-. {p.she.capitalize()} is ")
    _age(w, p, "nth_year")
    w.add("frail but independent, and declined surgery. ")
    w.add(f"{p.her.capitalize()} {p.rel_word} ")
    _name(w, p.rel, "given")
    w.add(" (")
    w.phi(f"+27 82 {_num(r, 3)} {_num(r, 4)}", "phone", "za_intl_cell")
    w.add(f") brings {'her' if p.sex == 'F' else 'him'} by car, reg ")
    w.phi(p.plate[0], "plate", p.plate[1])
    w.add(f", and can be reached on WhatsApp. {p.her.capitalize()} ID book and driver's licence (")
    w.phi(p.licence[0], "license", p.licence[1])
    w.add(") were copied for the medical aid. ")
    w.add(f"{_typo(r, 'history')}: hypertension, type 2 DM. Last seen at Karl Bremer on ")
    _date(
        w,
        p.day - timedelta(days=r.randint(40, 90)),
        r.choice(["ymd_slash", "month_year", "d_month_year"]),
    )
    w.add(".\n\nKind regards / Vriendelike groete\n\nDr ")
    _name(w, p.doc, "initial")
    w.add("\n")
    w.phi(f"{_slug(p.doc.family)}rooms@iafrica.example.co.za", "email", "rooms_email")
    w.add("\n")


def _hospice(w: _W, p: _Pt) -> None:
    """A US hospice election statement with a face-to-face encounter attestation."""
    r = w.r
    w.add("MEDICARE HOSPICE BENEFIT — ELECTION STATEMENT\nBeneficiary: ")
    _name(w, p.who, r.choice(["full", "caps_comma"]))
    w.add("\n")
    _age(w, p, "hospice_age_field")
    w.add("Date of birth: ")
    _date(w, p.dob, r.choice(["us_mdy", "month_d_year"]))
    w.add("\n")
    form = r.choice(
        ["ss_hash_spaced", "ssn_hash_dashed", "lower_ss_plain", "ssn_slashes", "social_colon"]
    )
    _ssn(w, p, form)
    w.add("   MBI: ")
    w.phi(p.plan[0], "plan", p.plan[1])
    if r.random() < 0.5:
        w.add("   (old HICN ")
        s = p.natid[0]
        w.phi(f"{s[:3]}-{s[3:5]}-{s[5:]}{r.choice('ABD')}", "plan", "hicn_ssn_suffix")
        w.add(")")
    w.add("\nMedicaid ID: ")
    w.phi(f"{_num(r, 12)}", "plan", "medicaid_12")
    w.add("   Acct ")
    w.phi(p.account[0], "account", p.account[1])
    w.add("\nResidence: ")
    _address(w, p, "hospice_addr")
    w.add(", ")
    w.phi(p.suburb, "address", "county_prose")
    w.add(" County\nPhone: ")
    w.phi(p.phone[0], "phone", p.phone[1])
    w.add("   Alt: ")
    w.phi(p.mobile[0], "phone", p.mobile[1])
    w.add("\nRepresentative: ")
    _name(w, p.rel, "full")
    w.add(f" ({p.rel_word}, POA), Ohio DL ")
    w.phi(p.licence[0], "license", p.licence[1])
    w.add("\n\nI, the undersigned, elect the hospice benefit effective ")
    _date(w, p.day, r.choice(["month_d_year", "us_mdy", "ord_word_of"]))
    w.add(" and choose Dr. ")
    _name(w, p.doc, "full")
    w.add(" (NPI ")
    w.phi(p.reg[0], "license", p.reg[1])
    w.add(") as my attending physician.\n\nFACE-TO-FACE ENCOUNTER ATTESTATION\n")
    w.add("I confirm that I had a face-to-face encounter with this patient on ")
    _date(w, p.day - timedelta(days=r.randint(1, 20)), r.choice(["us_mdyy", "mon_ord", "the_ord"]))
    w.add(". ")
    _age(w, p, r.choice(["words_years_of_age", "age_end_sentence", "pt_is_n_end"]))
    w.add("Metastatic NSCLC, progression on 2nd line ")
    _date_range(w, p.day - timedelta(days=90), p.day - timedelta(days=30), "range_us_thru")
    w.add(f", PPS 30%, {_typo(r, 'weight')} loss 12% in 3 mo, recurrent aspiration. For SSA: ")
    _ssn(w, p, "social_is_prose")
    w.add(" (verify w/ SSA). Family car for visits: ")
    w.phi(p.plate[0], "plate", p.plate[1])
    w.add(" (OH). Telehealth recert link: ")
    w.phi(
        f"https://telehealth.example-hospice.org/visit/{_slug(p.who.family)}-{p.dob.month:02d}{p.dob.day:02d}",
        "url",
        "telehealth_name_dob",
    )
    w.add(" (joined from ")
    w.phi(p.ip[0], "ip", p.ip[1] + "_telehealth")
    w.add(").\n/s/ ")
    _name(w, p.doc, "full")
    w.add(", MD   ")
    _date(w, p.day, "us_mdyy")
    w.add("\n")


# --------------------------------------------------------------------------- corpus

_DOCS: tuple[tuple[str, str, Callable[[_W, _Pt], None], bool], ...] = (
    ("mdt_minutes", "nz", _mdt, True),
    ("sae_narrative", "us", _sae, True),
    ("registry_abstract", "us", _registry, False),
    ("rt_record", "ca", _rt, False),
    ("hith_log", "au", _hith, True),
    ("clsc_note", "ca", _clsc, True),
    ("za_referral", "za", _za_letter, True),
    ("hospice_election", "us", _hospice, True),
)


def _context(r: random.Random, p: _Pt) -> dict[str, object]:
    """The patient's row as the notes step would get it (a quarter have none)."""
    if r.random() < 0.25:
        return {}
    ctx: dict[str, object] = {
        "first_name": p.who.given,
        "last_name": p.who.family,
        "mrn": p.mrn[0],
        "birth_date": p.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": p.phone[0], "city": p.city or p.suburb, "zip": p.zip})
        if p.region == "us":
            s = p.natid[0]
            ctx["ssn"] = f"{s[:3]}-{s[3:5]}-{s[5:]}"
    return ctx


def _identifiers(p: _Pt) -> list[str]:
    people = (p.who, p.rel, p.doc, p.doc2, p.nurse)
    values = [x for q in people for x in (q.given, q.family, q.full())]
    values += [p.street, p.zip, p.email, p.accession]
    pairs = (p.mrn, p.natid, p.plan, p.phone, p.mobile, p.fax, p.reg, p.plate, p.licence, p.ip)
    values += [v for v, _ in (*pairs, p.serial, p.account)]
    return [v for v in values if len(v) >= 4]


def generate(n: int, seed: int = DEFAULT_SEED) -> list[TaggedNote]:
    """``n`` labelled notes in this style, each with its patient context."""
    r = random.Random(seed)
    notes = []
    for i in range(n):
        doc, region, write, wrap = _DOCS[i % len(_DOCS)]
        p = _patient(r, region)
        w = _W(r)
        write(w, p)
        text = _wrap(w.text(), r.randint(68, 84)) if wrap else w.text()
        note = TaggedNote(text, _context(r, p), w.spans, forms=w.forms, values=w.values, doc=doc)
        note.planted = _identifiers(p)
        notes.append(note)
    return notes


# --------------------------------------------------------------------------- checks


_CHECKED_KINDS = {"name", "mrn", "ssn", "natid", "plan", "phone", "fax", "email", "license"}
_CHECKED_KINDS |= {"plate", "serial", "ip", "url", "accession", "account"}


def check(notes: Sequence[TaggedNote]) -> list[str]:
    """Problems with the labels (empty when every span is exact); never runs the scrubber."""
    problems: list[str] = []
    for i, note in enumerate(notes):
        text = note.text
        if not (len(note.spans) == len(note.forms) == len(note.values)):
            problems.append(f"note {i}: spans, forms and values differ in length")
            continue
        last_end = -1
        for (s, e, kind), form, value in zip(note.spans, note.forms, note.values, strict=True):
            where = f"note {i} ({note.doc}) span {s}-{e} {kind}/{form}"
            if not (0 <= s < e <= len(text)):
                problems.append(f"{where}: out of range")
                continue
            if text[s:e].replace("\n", " ") != value:
                problems.append(f"{where}: text does not match the planted value")
            if text[s:e] != text[s:e].strip():
                problems.append(f"{where}: span starts or ends with whitespace")
            if s < last_end:
                problems.append(f"{where}: overlaps the previous span")
            last_end = max(last_end, e)
            if kind not in KINDS or not form:
                problems.append(f"{where}: unknown kind or missing phrasing")
            if kind == "age":
                digits = re.sub(r"\D", "", value)
                if digits and int(digits) <= 89:
                    problems.append(f"{where}: an age of 89 or less is labelled")
        # every other occurrence of a planted identifier must be labelled too
        covered = [False] * len(text)
        for s, e, _ in note.spans:
            for k in range(s, e):
                covered[k] = True
        flat = text.replace("\n", " ")
        labelled = [
            v for (_, _, k), v in zip(note.spans, note.values, strict=True) if k in _CHECKED_KINDS
        ]
        for value in {v for v in labelled + note.planted if len(v) >= 4}:
            for m in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", flat):
                if not all(covered[m.start() : m.end()]):
                    problems.append(
                        f"note {i} ({note.doc}): a planted value also appears unlabelled"
                    )
    return problems


def _self_check() -> list[str]:
    """Structural checks: exact spans, determinism, every kind and document type present."""
    problems = []
    for seed in (DEFAULT_SEED, DEFAULT_SEED + 1, 1):
        notes = generate(DEFAULT_N, seed)
        problems += [f"seed {seed}: {p}" for p in check(notes)]
        again = generate(DEFAULT_N, seed)
        if [(n.text, n.spans) for n in notes] != [(n.text, n.spans) for n in again]:
            problems.append(f"seed {seed}: generation is not deterministic")
        kinds = {k for n in notes for _, _, k in n.spans}
        problems += [f"seed {seed}: kind {k} never planted" for k in KINDS if k not in kinds]
        docs = {n.doc for n in notes}
        problems += [f"seed {seed}: doc {d} never written" for d, *_ in _DOCS if d not in docs]
    # the leak grouping agrees with the shared scoring: a perfect and an empty prediction
    notes = generate(2 * len(_DOCS), DEFAULT_SEED)
    for found, leaked in ((None, False), ([], True)):
        groups: dict[tuple[str, str], _Group] = {}
        for note in notes:
            pred = list(note.spans) if found is None else found
            _leaks_by_phrasing(note, pred, groups, Counter())
            score = score_note(note.text, note.spans, pred)
            if (score.chars_left > 0) != leaked or (score.recall < 1) != leaked:
                problems.append("scoring disagrees with the planted spans")
        missed = sum(g.tokens_missed for g in groups.values())
        total = sum(g.tokens for g in groups.values())
        if missed != (total if leaked else 0) or not total:
            problems.append("leak grouping disagrees with the planted spans")
    return problems


# --------------------------------------------------------------------------- report


@dataclass
class _Group:
    spans: int = 0
    spans_missed: int = 0
    tokens: int = 0
    tokens_missed: int = 0
    chars: int = 0
    chars_left: int = 0


def _leaks_by_phrasing(
    note: TaggedNote, found: list, groups: dict[tuple[str, str], _Group], docs: Counter[str]
) -> None:
    """Add each gold span's outcome to its (kind, phrasing) group; no value is kept."""
    pred = [as_span(s) for s in found]
    mask = [False] * len(note.text)
    for s, e, _ in pred:
        for k in range(max(s, 0), min(e, len(note.text))):
            mask[k] = True
    tokens = tokenize(note.text)
    for (s, e, kind), form in zip(note.spans, note.forms, strict=True):
        g = groups.setdefault((kind, form), _Group())
        toks = [(a, b) for a, b in tokens if a < e and s < b]
        missed = [t for t in toks if not any(mask[t[0] : t[1]])]
        left = sum(1 for k in range(s, e) if not mask[k] and not note.text[k].isspace())
        g.spans += 1
        g.tokens += len(toks)
        g.tokens_missed += len(missed)
        g.chars += sum(1 for k in range(s, e) if not note.text[k].isspace())
        g.chars_left += left
        if missed:
            g.spans_missed += 1
            docs[note.doc] += 1


def _print_groups(groups: dict[tuple[str, str], _Group], docs: Counter[str], top: int) -> None:
    leaky = sorted(
        ((k, g) for k, g in groups.items() if g.tokens_missed),
        key=lambda kg: (-kg[1].tokens_missed, kg[0]),
    )
    print(
        f"  leaks by kind/phrasing (top {top} of {len(leaky)} with misses, {len(groups)} in all):"
    )
    for (kind, form), g in leaky[:top]:
        print(
            f"    {kind + '/' + form:38s} spans missed {g.spans_missed:4d}/{g.spans:<5d}"
            f" tokens missed {g.tokens_missed:4d}/{g.tokens:<5d}"
            f" chars left {100 * g.chars_left / max(g.chars, 1):5.1f}%"
        )
    if docs:
        print("  spans missed by document:", dict(docs.most_common()))


def score_and_report(
    notes: Sequence[TaggedNote],
    find: Callable[[str, dict[str, object] | None], list],
    *,
    top: int,
    show_misses: bool,
) -> None:
    """Score with and without the patient's row, then list leaks by kind and phrasing."""
    for use in (True, False):
        scores = []
        groups: dict[tuple[str, str], _Group] = {}
        docs: Counter[str] = Counter()
        spent = 0.0
        for note in notes:
            t0 = time.perf_counter()
            found = list(find(note.text, note.context if use else None))
            spent += time.perf_counter() - t0
            scores.append(score_note(note.text, note.spans, found, keep_strings=True))
            _leaks_by_phrasing(note, found, groups, docs)
        title = "with context" if use else "no context"
        rate = len(notes) / spent if spent else float("inf")
        report(f"{title} ({rate:.1f} notes/s)", aggregate(scores), KINDS, show_misses)
        _print_groups(groups, docs, top)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=DEFAULT_N)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--show-misses", action="store_true", help="print missed tokens (synthetic)")
    ap.add_argument("--top", type=int, default=20, help="kind/phrasing groups to list")
    ap.add_argument("--check", action="store_true", help="validate the labels; no scrubbing")
    ap.add_argument("--sample", type=int, default=0, help="print this many notes and exit")
    args = ap.parse_args(argv)

    if args.check:
        problems = _self_check() + check(generate(args.n, args.seed))
        for p in problems[:50]:
            print(p)
        notes = generate(args.n, args.seed)
        spans = sum(len(n.spans) for n in notes)
        forms = len({(k, f) for n in notes for (_, _, k), f in zip(n.spans, n.forms, strict=True)})
        print(f"{len(notes)} notes, {spans} spans in {forms} kind/phrasing groups: ", end="")
        print("ok" if not problems else f"{len(problems)} problems")
        return 1 if problems else 0
    notes = generate(args.n, args.seed)
    if args.sample:
        for note in notes[: args.sample]:
            print(f"----- {note.doc} context={note.context}\n{note.text}")
        return 0

    from medprivacy.deid.text.scrubber import NotesScrubber

    scrubber = NotesScrubber()
    scrubber.find("warm up: Dr. Smith saw the patient on 3/4/2021.")
    print(f"held-out style 7 (oncology network): {args.n} notes, seed {args.seed}")
    score_and_report(notes, scrubber.find, top=args.top, show_misses=args.show_misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
