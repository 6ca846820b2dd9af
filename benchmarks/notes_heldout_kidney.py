"""A ninth held-out style, written blind (its author never read the recognizers, the scrubber's
tests or the README's account of them) and committed before its first run: the paperwork of
kidney care, dialysis and transplantation, in the US and abroad. In-centre haemodialysis run
sheets pasted from a spreadsheet (tab-separated intradialytic rows, machine and dialyzer
lines); ESRD medical-evidence forms dumped as ``key: value`` lines; transplant coordinators'
secure-chat logs with ``[2021-03-09 14:22]`` stamps and lower-case names; transplant waitlist
registrations as YAML (HLA typing, cPRA, emergency contacts, referral links); a monthly
dialysis-unit quality review as a markdown table (several patients, no patient context);
holiday-dialysis requests between units of different countries (French, Italian, Dutch and
Polish letters with English glosses: NIR, codice fiscale, BSN, PESEL with their check digits,
EHIC cards, ``9 mars 2021``, ``9 marzo 2021``, ``9 maart 2021``, ``9 marca 2021``); ALL-CAPS
organ-procurement teletypes (``09MAR21``, ``DOB 12APR31``); home peritoneal-dialysis cycler
uplink dumps in INI syntax (MAC addresses, IPv4/IPv6, URLs with patient ids in the query
string); dialysis transport trip sheets (drivers' licences, van plates, pick-up addresses,
Medicaid numbers); Japanese travel-dialysis referrals in romanised Japanese (era dates such as
``R3.3.9`` and ``Reiwa 3-nen 3-gatsu 9-nichi``, My Number, hokensho numbers, ``〒160-0023``,
Japanese plates); Gulf transplant follow-up notes with Arabic names (Emirates ID, Saudi
national ID, PO boxes, ``Dubai L 23456``); coordination-of-benefits letters from an employer
plan (30-month ESRD coordination period, claim numbers, masked SSNs, MBIs); CDA-style XML
referral headers (``<birthTime value="19310412"/>``, ``tel:`` and ``mailto:`` telecoms); and
nephrology clinic SOAP notes with heavy abbreviations (``91yo M w/ ESRD 2/2 DM2 on HD MWF``).

Span conventions follow ``notes_heldout_family.py``: fine kinds as labels; titles and
credentials outside name spans (a chat handle built from a clinician's name, ``dr.nakamu``,
is a ``name`` without the ``dr.``); weekday names, times, states, prefectures, countries, bare
years, facility and payer names, lab values (K, Kt/V, URR, Hb, PTH), dialysis prescriptions (Qb, Qd,
UF goal, bath), chair / station / room numbers, HLA typing, cPRA, blood groups, dialyzer models
and lot numbers, ICD-10 / CPT codes, UNOS-style match sequence numbers and donor ages never
labelled (the planted ones are recorded as look-alikes); every calendar date about a person is
a ``date`` (a range such as ``9–12 Mar 2021`` is one span; Japanese era dates too); ages labelled
only over 89 (digits, words or ``93rd``; the number only). An address is split into street line,
city / ward / district spans and a separate ``zip`` span (postcodes of every country; a PO box is
an ``address``). Kinds: ``name date age phone fax email address zip ssn natid mrn account plan
license plate serial ip url accession``. ``ssn`` is a US Social Security number only; ``natid``
another country's national number (NIR, codice fiscale, BSN, PESEL, My Number, Emirates ID,
Saudi ID); ``mrn`` record and registry numbers (hospital MRNs, waitlist / recipient and donor
ids, CDA patient ids); ``account`` billing, claim, trip and encounter numbers; ``plan``
Medicare MBIs, Medicaid, member ids, EHIC cards, hokensho numbers; ``license`` NPIs, nursing
and drivers' licences, RPPS / BIG numbers; ``serial`` machine and cycler serials and MAC
addresses; ``accession`` laboratory and crossmatch accessions. About a quarter of the notes
carry no patient context. Every span is tagged with the phrasing it was written in, and every
planted look-alike is recorded.

    python benchmarks/notes_heldout_kidney.py --check              # spans only, no scrubber
    python benchmarks/notes_heldout_kidney.py --sample 6           # print notes, no scrubber
    python benchmarks/notes_heldout_kidney.py                      # 300 notes, seed 9950
    python benchmarks/notes_heldout_kidney.py --seed 9951 --show-misses
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

DEFAULT_SEED = 9950
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
        self.upper = False

    def _c(self, s: str) -> str:
        return s.upper() if self.upper else s

    def add(self, s: str) -> None:
        s = self._c(s)
        self.parts.append(s)
        self.n += len(s)

    def phi(self, s: str, kind: str, form: str) -> None:
        s = self._c(s)
        self.spans.append((self.n, self.n + len(s), kind))
        self.forms.append(form)
        self.values.append(s)
        self.parts.append(s)
        self.n += len(s)

    def keep(self, s: str, form: str) -> None:
        s = self._c(s)
        self.keeps.append((self.n, self.n + len(s), form))
        self.parts.append(s)
        self.n += len(s)

    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- people

# (female given, male given, family, order): "w" given-family, "e" family-given (Japanese)
_TRAD: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "us": (
        ("Latonya", "Darlene", "Marisol", "Kimberly", "Rosalind", "Trinh", "Imelda", "Shirley"),
        ("Dwayne", "Reginald", "Ezequiel", "Clarence", "Raymond", "Tuan", "Rogelio", "Marvin"),
        ("Washington", "Okonkwo", "Nguyen", "Villarreal", "Kowalski", "Pemberton", "Begay"),
        "w",
    ),
    "ph": (
        ("Maricel", "Rowena", "Jocelyn", "Analyn"),
        ("Rodelio", "Jomar", "Arnel", "Ferdinand"),
        ("Dimaculangan", "Macapagal", "Bautista", "Manalastas", "Sison"),
        "w",
    ),
    "fr": (
        ("Ghislaine", "Maëlle", "Françoise", "Séverine", "Nadia", "Bérénice"),
        ("Jean-Luc", "Théo", "Mathieu", "Yannick", "Karim", "Gérard"),
        ("Lefèvre", "Dubois-Martin", "Chevalier", "Benali", "Rousseau", "Le Goff", "Faure"),
        "w",
    ),
    "it": (
        ("Giuseppina", "Chiara", "Ornella", "Federica", "Loredana", "Assunta"),
        ("Gianluca", "Salvatore", "Massimo", "Vincenzo", "Ottavio", "Pierpaolo"),
        ("Esposito", "Bianchi", "Lo Russo", "D'Amico", "Ferraro", "Colombo", "Ricciardi"),
        "w",
    ),
    "nl": (
        ("Marijke", "Anouk", "Femke", "Ingrid", "Sanne", "Wilhelmina"),
        ("Joost", "Pieter", "Sjoerd", "Maarten", "Bram", "Hendrik"),
        ("van der Berg", "de Vries", "Jansen", "Bakker", "van Dijk", "Visser", "Smits"),
        "w",
    ),
    "pl": (
        ("Bożena", "Halina", "Jadwiga", "Ewelina", "Grażyna", "Dorota"),
        ("Zbigniew", "Mirosław", "Przemysław", "Tadeusz", "Sławomir", "Dariusz"),
        ("Szymańska", "Lewandowski", "Kaczmarek", "Wróblewski", "Pawlak", "Michalak"),
        "w",
    ),
    "jp": (
        ("Hanako", "Yumiko", "Keiko", "Sachiko", "Michiyo", "Fumie"),
        ("Hiroshi", "Takeshi", "Kenji", "Shigeru", "Masaaki", "Yoshiro"),
        ("Takahashi", "Watanabe", "Yamaguchi", "Matsumoto", "Inoue", "Kobayashi", "Fujiwara"),
        "e",
    ),
    "gulf": (
        ("Fatimah", "Mariam", "Noura", "Hessa", "Latifa", "Shamma"),
        ("Abdulrahman", "Khalid", "Saeed", "Faisal", "Hamdan", "Sultan"),
        ("Al-Qahtani", "Al Mansoori", "Al-Otaibi", "Al Shamsi", "Al-Dossary", "Al Ketbi"),
        "a",
    ),
}
_CLIN = (
    ("Priyanka", "Olufemi", "Stanisław", "Annelies", "Tatsuya", "Rosalba", "Hélène", "Marcus"),
    ("Venkataraman", "Adeyemi", "Grabowski", "Oosterhuis", "Nakamura", "Pellegrini", "Thibault"),
)
_ARAB_FATHERS = ("Mohammed", "Abdullah", "Rashid", "Ahmed", "Obaid", "Saleh")


@dataclass
class _P:
    given: str
    family: str
    order: str = "w"
    father: str = ""

    def full(self) -> str:
        if self.order == "e":
            return f"{self.family} {self.given}"
        if self.order == "a" and self.father:
            return f"{self.given} {self.father} {self.family}"
        return f"{self.given} {self.family}"

    def last_first(self) -> str:
        return f"{self.family.upper()}, {self.given}"

    def initial_last(self) -> str:
        return f"{self.given[0]}. {self.family}"


def _person(r: random.Random, trad: str, female: bool | None = None) -> _P:
    women, men, family, order = _TRAD[trad]
    if female is None:
        female = r.random() < 0.5
    p = _P(r.choice(women if female else men), r.choice(family), order)
    if order == "a" and r.random() < 0.6:
        p.father = ("bint " if female else "bin ") + r.choice(_ARAB_FATHERS)
    return p


def _clin(r: random.Random) -> _P:
    return _P(r.choice(_CLIN[0]), r.choice(_CLIN[1]))


# --------------------------------------------------------------------------- dates and numbers

_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
_IT = (
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"
)
_NL = "januari februari maart april mei juni juli augustus september oktober november december"
_PL = "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia"  # noqa: E501
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _era(d: date) -> tuple[str, str, int]:
    """(letter, romanised era name, era year) of a Japanese calendar date."""
    if d >= date(2019, 5, 1):
        return "R", "Reiwa", d.year - 2018
    if d >= date(1989, 1, 8):
        return "H", "Heisei", d.year - 1988
    return "S", "Showa", d.year - 1925


def _fmt(d: date, style: str) -> str:
    m, mon = _MONTHS[d.month - 1], _MON[d.month - 1]
    e, era, ey = _era(d)
    return {
        "mdY": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdy": f"{d.month}/{d.day}/{d.year % 100:02d}",
        "dmY": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy": f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}",
        "dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dash_dmY": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "iso": d.isoformat(),
        "d8": f"{d:%Y%m%d}",
        "ymd_slash": f"{d.year}/{d.month:02d}/{d.day:02d}",
        "long": f"{m} {d.day}, {d.year}",
        "dMonY": f"{d.day} {mon} {d.year}",
        "dMonthY": f"{d.day} {m} {d.year}",
        "the_nth_of": f"the {_nth(d.day)} of {m}",
        "the_nth_of_Y": f"the {_nth(d.day)} of {m} {d.year}",
        "DDMONYY": f"{d.day:02d}{mon.upper()}{d.year % 100:02d}",
        "Mon_d_apos": f"{mon} {d.day} '{d.year % 100:02d}",
        "fr": f"{d.day} {_FR.split()[d.month - 1]} {d.year}",
        "fr_1er": ("1er" if d.day == 1 else str(d.day)) + f" {_FR.split()[d.month - 1]}",
        "it": f"{d.day} {_IT.split()[d.month - 1]} {d.year}",
        "nl": f"{d.day} {_NL.split()[d.month - 1]} {d.year}",
        "pl": f"{d.day} {_PL.split()[d.month - 1]} {d.year} r.",
        "era_short": f"{e}{ey}.{d.month}.{d.day}",
        "era_long": f"{era} {ey}-nen {d.month}-gatsu {d.day}-nichi",
        "jp_kanji_free": f"{d.year}-nen {d.month}-gatsu {d.day}-nichi",
        "month_year": f"{m} {d.year}",
        "md": f"{d.month}/{d.day}",
        "cda": f"{d:%Y%m%d}",
    }[style]


_US_STYLES = ("mdY", "mdy", "long", "dMonY", "the_nth_of_Y", "Mon_d_apos", "iso")
_EU_STYLES = ("dmY", "dmy", "dot", "dMonY", "dMonthY", "iso", "the_nth_of_Y")


def _date(w: _W, d: date, style: str | None = None, styles: Sequence[str] = _US_STYLES) -> None:
    s = style or w.r.choice(styles)
    w.phi(_fmt(d, s), "date", f"date:{s}")


def _range(w: _W, a: date, days: int, lang: str = "en") -> None:
    b = a + timedelta(days=days)
    if a.month == b.month:
        months = {"en": _MON, "fr": _FR.split(), "it": _IT.split(), "nl": _NL.split()}.get(
            lang, _PL.split()
        )
        text = f"{a.day}\u2013{b.day} {months[a.month - 1]} {a.year}"
        form = f"date:range_{lang}"
    else:
        style = "mdY" if lang == "en" else "dmY"
        text = f"{_fmt(a, style)} \u2013 {_fmt(b, style)}"
        form = f"date:range_{style}"
    w.phi(text, "date", form)


_ONES = "zero one two three four five six seven eight nine".split()


def _words(n: int) -> str:
    if n == 100:
        return "one hundred"
    if n > 100:
        return "one hundred and " + _ONES[n - 100]
    tens = {9: "ninety", 8: "eighty", 7: "seventy", 6: "sixty", 5: "fifty", 4: "forty"}[n // 10]
    tens = tens if n >= 40 else str(n)
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
    return "".join(r.choice("ABCDEFGHJKLMNPRTUVWXYZ") for _ in range(n))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        total += v
    return str((10 - total % 10) % 10)


def _npi(r: random.Random) -> str:
    body = "1" + _d(r, 8)
    return body + _luhn_digit("80840" + body)


def _ssn(r: random.Random) -> tuple[str, str, str]:
    area = r.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}", f"{r.randint(1, 99):02d}", f"{r.randint(1, 9999):04d}"


def _mbi(r: random.Random) -> str:
    letters = "ACDEFGHJKMNPQRTUVWXY"
    an = letters + "0123456789"
    c = [
        str(r.randint(1, 9)),
        r.choice(letters),
        r.choice(an),
        str(r.randint(0, 9)),
        r.choice(letters),
        r.choice(an),
        str(r.randint(0, 9)),
        r.choice(letters),
        r.choice(letters),
        str(r.randint(0, 9)),
        str(r.randint(0, 9)),
    ]
    s = "".join(c)
    return f"{s[:4]}-{s[4:7]}-{s[7:]}" if r.random() < 0.5 else s


def _nir(r: random.Random, female: bool, dob: date) -> str:
    body = f"{2 if female else 1}{dob.year % 100:02d}{dob.month:02d}{r.randint(1, 95):02d}"
    body += f"{r.randint(1, 990):03d}{r.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


_CF_DIGITS = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21)
_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [*_CF_DIGITS, *_CF_DIGITS, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23],
        strict=True,
    )
)


def _cf(r: random.Random, p: _P, female: bool, dob: date) -> str:
    """An Italian codice fiscale with its check letter (surname/name letters simplified)."""

    def cons(s: str) -> str:
        s = "".join(c for c in s.upper() if c.isalpha() and c.isascii())
        out = [c for c in s if c not in "AEIOU"] + [c for c in s if c in "AEIOU"] + ["X"] * 3
        return "".join(out[:3])

    day = dob.day + (40 if female else 0)
    body = cons(p.family) + cons(p.given) + f"{dob.year % 100:02d}" + "ABCDEHLMPRST"[dob.month - 1]
    body += f"{day:02d}" + r.choice("ABCDEFGHLM") + _d(r, 3)
    total = 0
    for i, c in enumerate(body):
        total += _CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65)
    return body + chr(65 + total % 26)


def _bsn(r: random.Random) -> str:
    while True:
        digits = [r.randint(0, 9) for _ in range(8)]
        if digits[0] == 0:
            continue
        s = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = s % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


def _pesel(r: random.Random, dob: date, female: bool) -> str:
    month = dob.month + (20 if dob.year >= 2000 else 0)
    body = f"{dob.year % 100:02d}{month:02d}{dob.day:02d}{_d(r, 3)}"
    body += str(r.choice([0, 2, 4, 6, 8]) if female else r.choice([1, 3, 5, 7, 9]))
    s = sum(int(c) * w for c, w in zip(body, [1, 3, 7, 9] * 3, strict=False))
    return body + str((10 - s % 10) % 10)


def _my_number(r: random.Random) -> str:
    body = _d(r, 11)
    digits = [int(c) for c in reversed(body)]
    s = sum(d * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(digits, start=1))
    rem = s % 11
    check = 0 if rem <= 1 else 11 - rem
    out = body + str(check)
    return f"{out[:4]} {out[4:8]} {out[8:]}"


def _emirates_id(r: random.Random, dob: date) -> str:
    body = f"784{dob.year}{_d(r, 7)}"
    return f"784-{dob.year}-{body[7:]}-{_luhn_digit(body)}"


def _saudi_id(r: random.Random) -> str:
    body = "1" + _d(r, 8)
    return body + _luhn_digit(body)


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _mac(r: random.Random) -> str:
    sep = r.choice([":", "-"])
    octs = [_hex(r, 2) for _ in range(6)]
    s = sep.join(octs)
    return s.upper() if r.random() < 0.5 else s


def _ipv4(r: random.Random) -> str:
    first = r.choice([10, 172, 192, 100, 52, 81, 203])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def _ipv6(r: random.Random) -> str:
    groups = ["2001", "db8"] + [_hex(r, r.randint(1, 4)).lstrip("0") or "0" for _ in range(3)]
    if r.random() < 0.5:
        return ":".join(groups) + "::" + _hex(r, 3).lstrip("0")
    return ":".join(groups + [_hex(r, 4) for _ in range(3)])


# --------------------------------------------------------------------------- places and phones


@dataclass
class _Addr:
    street: str
    city: str
    zip: str
    state: str = ""
    extra: str = ""


_US_PLACES = (
    ("Gary", "IN", "463"),
    ("Jackson", "MS", "392"),
    ("Albuquerque", "NM", "871"),
    ("Toledo", "OH", "436"),
    ("Fresno", "CA", "937"),
    ("Shreveport", "LA", "711"),
    ("Camden", "NJ", "081"),
    ("El Paso", "TX", "799"),
)
_US_STREETS = ("Larchmont Ave", "Dunbar Rd", "Quail Hollow Ct", "Tecumseh St", "Sagebrush Ln")


def _address(r: random.Random, region: str) -> _Addr:
    if region in ("us", "ph"):
        city, st, z3 = r.choice(_US_PLACES)
        unit = r.choice(["", "", " Apt 2B", " #114", " Unit 7", " Trlr 19"])
        z = z3 + _d(r, 2) + (f"-{_d(r, 4)}" if r.random() < 0.3 else "")
        return _Addr(f"{r.randint(12, 9899)} {r.choice(_US_STREETS)}{unit}", city, z, st)
    if region == "fr":
        street = r.choice(["rue des Tanneurs", "avenue Jean-Jaurès", "impasse du Moulin"])
        city, dep = r.choice([("Lyon", "69"), ("Roubaix", "59"), ("Montpellier", "34")])
        bis = r.choice(["", " bis", " ter"])
        return _Addr(f"{r.randint(2, 140)}{bis} {street}", city, f"{dep}{_d(r, 3)}")
    if region == "it":
        street = r.choice(["Via dei Mille", "Corso Vittorio Emanuele II", "Viale Monza"])
        city, prov = r.choice([("Milano", "MI"), ("Napoli", "NA"), ("Bari", "BA")])
        return _Addr(f"{street} {r.randint(2, 240)}", city, f"{r.randint(10, 89)}1{_d(r, 2)}", prov)
    if region == "nl":
        street = r.choice(["Kerkstraat", "Prinsengracht", "Lindenlaan", "Molenweg"])
        city = r.choice(["Utrecht", "Zwolle", "Eindhoven", "Haarlem"])
        z = f"{r.randint(1011, 9999)} {_up(r, 2)}"
        return _Addr(f"{street} {r.randint(1, 300)}{r.choice(['', '-2', 'A', ' hs'])}", city, z)
    if region == "pl":
        street = r.choice(["ul. Długa", "ul. Piotrkowska", "al. Jana Pawła II", "ul. Wiejska"])
        city = r.choice(["Warszawa", "Łódź", "Gdańsk", "Poznań"])
        return _Addr(
            f"{street} {r.randint(1, 120)}/{r.randint(1, 40)}", city, f"{_d(r, 2)}-{_d(r, 3)}"
        )
    if region == "jp":
        ward, pref = r.choice(
            [
                ("Shinjuku-ku", "Tokyo"),
                ("Naka-ku", "Yokohama"),
                ("Kita-ku", "Osaka"),
                ("Aoba-ku", "Sendai"),
            ]
        )
        town = r.choice(["Nishi-Shinjuku", "Honmachi", "Sakuragaoka", "Minami-Aoyama"])
        street = f"{r.randint(1, 9)}-{r.randint(1, 30)}-{r.randint(1, 20)} {town}"
        return _Addr(street, ward, f"{r.randint(100, 989)}-{_d(r, 4)}", pref)
    # gulf
    city = r.choice(["Dubai", "Abu Dhabi", "Riyadh", "Dammam"])
    if city in ("Dubai", "Abu Dhabi"):
        street = f"Villa {r.randint(2, 90)}, Street {r.randint(1, 40)}, " + r.choice(
            ["Al Barsha 2", "Mirdif", "Khalifa City A"]
        )
        return _Addr(street, city, "", "", f"P.O. Box {r.randint(1000, 99999)}")
    street = f"Building {r.randint(1000, 9999)}, " + r.choice(
        ["King Fahd Rd, Al Olaya", "Prince Sultan St, Al Rawdah", "Al Khobar Corniche"]
    )
    return _Addr(street, city, f"{r.randint(11, 34)}{_d(r, 3)}", "", f"{r.randint(2000, 9999)}")


def _phone(r: random.Random, region: str) -> tuple[str, str]:
    """(text, form) of a synthetic phone number of ``region``."""
    if region in ("us", "ph") and (region == "us" or r.random() < 0.6):
        area = str(r.randint(201, 989))
        line = f"555-01{_d(r, 2)}"
        k = r.randrange(5)
        text = [
            f"({area}) {line}",
            f"{area}-{line}",
            f"{area}.{line.replace('-', '.')}",
            f"+1 {area} {line.replace('-', ' ')}",
            f"1-{area}-{line}",
        ][k]
        return text, f"us_{k}"
    if region == "ph":
        return f"+63 917 {_d(r, 3)} {_d(r, 4)}", "ph_mobile"
    if region == "fr":
        pairs = " ".join(_d(r, 2) for _ in range(4))
        return r.choice([(f"06 {pairs}", "fr_national"), (f"+33 6 {pairs}", "fr_intl")])
    if region == "it":
        return r.choice(
            [
                (f"+39 33{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}", "it_mobile"),
                (f"02 {_d(r, 8)}", "it_fixed"),
            ]
        )
    if region == "nl":
        return r.choice(
            [(f"06-{_d(r, 8)}", "nl_mobile"), (f"+31 (0)30 {_d(r, 3)} {_d(r, 4)}", "nl_fixed_0")]
        )
    if region == "pl":
        return r.choice(
            [
                (f"+48 {_d(r, 3)} {_d(r, 3)} {_d(r, 3)}", "pl_intl"),
                (f"{_d(r, 3)}-{_d(r, 3)}-{_d(r, 3)}", "pl_dash"),
            ]
        )
    if region == "jp":
        return r.choice(
            [
                (f"090-{_d(r, 4)}-{_d(r, 4)}", "jp_mobile"),
                (f"+81 3-{_d(r, 4)}-{_d(r, 4)}", "jp_intl"),
            ]
        )
    return r.choice(
        [
            (f"+971 50 {_d(r, 3)} {_d(r, 4)}", "ae_mobile"),
            (f"+966 5{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}", "sa_mobile"),
            (f"00971-4-{_d(r, 7)}", "ae_00"),
        ]
    )


def _email(r: random.Random, p: _P) -> str:
    def fold(s: str) -> str:
        table = str.maketrans("äàâéèêëïîôöüùçłńśźżąęóćãõñ", "aaaeeeeiioouuclnszzaeocaon")
        return re.sub(r"[^a-z]", "", s.lower().translate(table))

    g, f = fold(p.given), fold(p.family)
    dom = r.choice(["mailbox.example", "post.example.net", "correo.example", "kpnmail.example"])
    user = r.choice(
        [f"{g}.{f}", f"{g[0]}{f}{r.randint(1, 99)}", f"{f}_{g[:3]}", f"{g}{r.randint(40, 99)}"]
    )
    return f"{user}@{dom}"


_PLATE_STATES = ("IN", "MS", "NM", "OH", "CA", "LA", "NJ", "TX")


def _plate(r: random.Random, region: str) -> tuple[str, str]:
    if region in ("us", "ph"):
        k = r.randrange(4)
        return [
            (f"{_up(r, 3)}-{_d(r, 4)}", "us_3l4d"),
            (f"{_d(r, 1)}{_up(r, 3)}{_d(r, 3)}", "us_1l3d3"),
            (f"{_up(r, 3)} {_d(r, 3)}", "us_3l3d"),
            (f"{_d(r, 3)} {_up(r, 1)}{_d(r, 2)}", "us_3d1l2d"),
        ][k]
    if region == "fr":
        return f"{_up(r, 2)}-{_d(r, 3)}-{_up(r, 2)}", "fr_siv"
    if region == "it":
        return f"{_up(r, 2)} {_d(r, 3)}{_up(r, 2)}", "it"
    if region == "nl":
        return r.choice(
            [
                (f"{_d(r, 2)}-{_up(r, 3)}-{_d(r, 1)}", "nl_s9"),
                (f"{_up(r, 1)}-{_d(r, 3)}-{_up(r, 2)}", "nl_s10"),
            ]
        )
    if region == "pl":
        return f"{r.choice(['WA', 'EL', 'GD', 'PO'])} {_d(r, 4)}{_up(r, 1)}", "pl"
    if region == "jp":
        kana = r.choice(["a", "ka", "sa", "ta", "na", "ha", "ma", "ya", "ra", "wa"])
        loc = r.choice(["Shinagawa", "Yokohama", "Naniwa", "Miyagi"])
        return f"{loc} {r.randint(300, 599)} {kana} {_d(r, 2)}-{_d(r, 2)}", "jp_romanised"
    return r.choice(
        [
            (f"Dubai {_up(r, 1)} {r.randint(10000, 99999)}", "ae_dubai"),
            (f"{r.randint(1000, 9999)} {_up(r, 3)}", "sa"),
        ]
    )


# --------------------------------------------------------------------------- the case


@dataclass
class _Case:
    region: str
    p: _P
    female: bool
    dob: date
    age: int
    mrn: str
    addr: _Addr
    phone: tuple[str, str]
    email: str
    kin: _P
    kin_rel: str
    kin_phone: tuple[str, str]
    ssn: tuple[str, str, str]
    mbi: str
    natid: tuple[str, str]
    hd_start: date
    visit: date
    neph: _P
    nurse: _P
    machine_sn: str
    accession: str


_NATID = {"fr": "NIR", "it": "codice fiscale", "nl": "BSN", "pl": "PESEL", "jp": "My Number"}


def _case(r: random.Random, region: str) -> _Case:
    female = r.random() < 0.5
    trad = region if region in _TRAD else "us"
    p = _person(r, trad, female)
    visit = date(2021, 1, 4) + timedelta(days=r.randint(0, 700))
    age = r.randint(90, 101) if r.random() < 0.3 else r.randint(24, 89)
    dob = date(visit.year - age - 1, r.randint(1, 12), r.randint(1, 28))
    if (dob.replace(year=visit.year) - visit).days <= 0:
        dob = dob.replace(year=dob.year + 1)
    age = visit.year - dob.year - ((visit.month, visit.day) < (dob.month, dob.day))
    mrn = r.choice([_d(r, 7), f"{_up(r, 1)}{_d(r, 8)}", f"{_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}"])
    if region == "fr":
        nat = (_nir(r, female, dob), "nir")
    elif region == "it":
        nat = (_cf(r, p, female, dob), "codice_fiscale")
    elif region == "nl":
        nat = (_bsn(r), "bsn")
    elif region == "pl":
        nat = (_pesel(r, dob, female), "pesel")
    elif region == "jp":
        nat = (_my_number(r), "my_number")
    elif region == "gulf":
        nat = r.choice([(_emirates_id(r, dob), "emirates_id"), (_saudi_id(r), "saudi_id")])
    else:
        nat = ("", "")
    kin = _person(r, trad, not female)
    kin.family = p.family if r.random() < 0.6 else kin.family
    return _Case(
        region=region,
        p=p,
        female=female,
        dob=dob,
        age=age,
        mrn=mrn,
        addr=_address(r, region),
        phone=_phone(r, region),
        email=_email(r, p),
        kin=kin,
        kin_rel=r.choice(
            ["son", "husband", "grandson", "nephew"]
            if female
            else ["daughter", "wife", "niece", "granddaughter"]
        ),
        kin_phone=_phone(r, region),
        ssn=_ssn(r),
        mbi=_mbi(r),
        natid=nat,
        hd_start=visit - timedelta(days=r.randint(60, 3000)),
        visit=visit,
        neph=_clin(r),
        nurse=_clin(r),
        machine_sn=r.choice(
            [f"{_d(r, 1)}{_up(r, 3)}{_d(r, 5)}", f"SN{_d(r, 8)}", f"4T-{_d(r, 6)}"]
        ),
        accession=r.choice([f"L{_d(r, 2)}-{_d(r, 3)}-{_d(r, 5)}", f"{_up(r, 2)}{_d(r, 9)}"]),
    )


# --------------------------------------------------------------------------- shared pieces


def _name(w: _W, p: _P, style: str, form: str) -> None:
    text = {
        "full": p.full(),
        "last_first": p.last_first(),
        "initial_last": p.initial_last(),
        "given": p.given,
        "family": p.family,
        "lower": p.full().lower(),
        "upper": p.full().upper(),
    }[style]
    w.phi(text, "name", f"name:{form}_{style}")


def _addr_lines(w: _W, a: _Addr, region: str, sep: str = "\n", form: str = "block") -> None:
    w.phi(a.street, "address", f"address:street_{region}_{form}")
    w.add(sep)
    if region in ("us", "ph"):
        w.phi(a.city, "address", f"address:city_{form}")
        w.add(f", {a.state} ")
        w.phi(a.zip, "zip", f"zip:us_{form}")
    elif region == "jp":
        w.add("\u3012")
        w.phi(a.zip, "zip", f"zip:jp_{form}")
        w.add(" ")
        w.phi(a.city, "address", f"address:ward_{form}")
        w.add(f", {a.state}")
    elif region == "gulf":
        if a.zip:
            w.phi(a.city, "address", f"address:city_{form}")
            w.add(" ")
            w.phi(a.zip, "zip", f"zip:sa_{form}")
            w.add(", Additional No. ")
            w.phi(a.extra, "address", f"address:sa_additional_{form}")
            w.add(", Saudi Arabia")
        else:
            w.phi(a.extra, "address", f"address:po_box_{form}")
            w.add(", ")
            w.phi(a.city, "address", f"address:city_{form}")
            w.add(", UAE")
    else:
        w.phi(a.zip, "zip", f"zip:{region}_{form}")
        w.add(" ")
        w.phi(a.city, "address", f"address:city_{form}")
        if region == "it":
            w.add(f" ({a.state})")


def _ph(w: _W, ph: tuple[str, str], kind: str = "phone") -> None:
    w.phi(ph[0], kind, f"{kind}:{ph[1]}")


def _labs(w: _W, sep: str = ", ") -> None:
    r = w.r
    items = [
        ("K ", f"{r.randint(35, 67) / 10:.1f}", ""),
        ("Kt/V ", f"{r.randint(105, 185) / 100:.2f}", ""),
        ("URR ", str(r.randint(62, 80)), "%"),
        ("Hb ", f"{r.randint(82, 128) / 10:.1f}", " g/dL"),
        ("PTH ", str(r.randint(120, 980)), " pg/mL"),
        ("phos ", f"{r.randint(28, 89) / 10:.1f}", ""),
        ("alb ", f"{r.randint(28, 44) / 10:.1f}", ""),
    ]
    r.shuffle(items)
    for i, (label, value, unit) in enumerate(items[: r.randint(3, 6)]):
        if i:
            w.add(sep)
        w.add(label)
        w.keep(value, "lab_value")
        w.add(unit)


def _tm(r: random.Random) -> str:
    return f"{r.randint(5, 20):02d}:{r.choice(['00', '15', '30', '45', '05', '50'])}"


def _sig_nurse(w: _W, c: _Case, lic_form: str = "rn_license") -> None:
    r = w.r
    w.add("RN: ")
    _name(w, c.nurse, r.choice(["full", "initial_last"]), "nurse")
    w.add(", RN  lic# ")
    w.phi(f"RN{_d(r, 6)}" if r.random() < 0.5 else f"{_d(r, 7)}", "license", f"license:{lic_form}")


# --------------------------------------------------------------------------- documents


def _run_sheet(w: _W, c: _Case) -> None:
    """In-centre HD run sheet pasted from a spreadsheet (tab-separated)."""
    r = w.r
    w.add("HEMODIALYSIS TREATMENT RECORD\t\t\tUnit: Lakeshore Kidney Center\n")
    w.add("Patient\t")
    _name(w, c.p, r.choice(["last_first", "full"]), "runsheet")
    w.add("\tMRN\t")
    w.phi(c.mrn, "mrn", "mrn:tsv_cell")
    w.add("\tDOB\t")
    _date(w, c.dob, r.choice(["mdY", "mdy", "iso"]))
    w.add("\nTx date\t")
    _date(w, c.visit, r.choice(["mdY", "mdy"]))
    w.add(f"\t{_DAYS[c.visit.weekday()]}\tChair\t")
    w.keep(str(r.randint(1, 24)), "chair_number")
    w.add("\tShift\t")
    w.keep(str(r.randint(1, 3)), "shift_number")
    w.add("\nMachine\tFresenius 2008T\tS/N\t")
    w.phi(c.machine_sn, "serial", "serial:machine_tsv")
    w.add("\tDialyzer\tOptiflux F180NR lot ")
    w.keep(f"{_d(r, 2)}{_up(r, 1)}{_d(r, 4)}", "dialyzer_lot")
    w.add("\nRx\tQb ")
    w.keep(str(r.choice([350, 400, 450, 500])), "blood_flow")
    w.add("\tQd ")
    w.keep(str(r.choice([500, 600, 800])), "dialysate_flow")
    w.add("\tBath ")
    w.keep(f"{r.choice([1, 2, 3])}K/{r.choice(['2.0', '2.5', '3.0'])}Ca", "bath")
    w.add("\tEDW ")
    w.keep(f"{r.randint(480, 1120) / 10:.1f}", "dry_weight")
    w.add(" kg\tUF goal ")
    w.keep(f"{r.randint(5, 45) / 10:.1f}", "uf_goal")
    w.add(" L\n\nTime\tBP\tHR\tQb\tVP\tAP\tUF vol\tInitials\n")
    t = r.randint(5, 8) * 60 + r.choice([0, 15, 30])
    for _ in range(r.randint(3, 6)):
        w.keep(f"{t // 60:02d}:{t % 60:02d}", "time")
        w.add("\t")
        w.keep(f"{r.randint(92, 188)}/{r.randint(48, 96)}", "bp")
        w.add("\t")
        w.keep(str(r.randint(58, 110)), "heart_rate")
        w.add(f"\t{r.choice([350, 400, 450])}\t")
        w.keep(str(r.randint(90, 260)), "venous_pressure")
        w.add(f"\t-{r.randint(120, 260)}\t")
        w.keep(f"{r.randint(0, 4000)}", "uf_volume")
        w.add(f"\t{c.nurse.given[0]}{c.nurse.family[0]}\n")
        t += 30
    w.add("\nAccess: ")
    w.add(r.choice(["L BC AVF, 15G x2, good thrill/bruit", "R IJ TDC, dressing CDI", "L FA AVG"]))
    w.add("\nPre-labs drawn, accession ")
    w.phi(c.accession, "accession", "accession:runsheet")
    w.add(": ")
    _labs(w, "; ")
    w.add("\nAge ")
    _age(w, c.age, str(c.age), "runsheet_age")
    w.add(f"\tCode status: {r.choice(['Full', 'DNR/DNI', 'DNR'])}\tAllergies: NKDA\n")
    _sig_nurse(w, c)
    w.add("\n")


def _cms2728(w: _W, c: _Case) -> None:
    """ESRD medical evidence report, dumped as key: value lines."""
    r = w.r
    w.add("# form: ESRD_MEDICAL_EVIDENCE (2728)\n# export: unit-batch\n")
    w.add("patient.last_name: ")
    w.phi(c.p.family, "name", "name:kv_family")
    w.add("\npatient.first_name: ")
    w.phi(c.p.given, "name", "name:kv_given")
    w.add("\npatient.ssn: ")
    a, g, s = c.ssn
    style = r.randrange(3)
    w.phi([f"{a}-{g}-{s}", f"{a}{g}{s}", f"{a} {g} {s}"][style], "ssn", f"ssn:kv_{style}")
    w.add("\npatient.medicare_id: ")
    w.phi(c.mbi, "plan", "plan:mbi_kv")
    w.add("\npatient.dob: ")
    _date(w, c.dob, r.choice(["mdY", "iso", "d8"]))
    w.add("\npatient.age_at_onset: ")
    onset_age = c.age - (c.visit.year - c.hd_start.year)
    _age(w, onset_age, str(onset_age), "kv_onset")
    w.add("\npatient.address.line1: ")
    w.phi(c.addr.street, "address", "address:street_kv")
    w.add("\npatient.address.city: ")
    w.phi(c.addr.city, "address", "address:city_kv")
    w.add(f"\npatient.address.state: {c.addr.state or 'NA'}\npatient.address.zip: ")
    w.phi(c.addr.zip or _d(r, 5), "zip", "zip:kv")
    w.add("\npatient.phone: ")
    _ph(w, c.phone)
    w.add(f"\nprimary_cause.icd10: {r.choice(['E11.22', 'I12.0', 'N03.9', 'Q61.3', 'N18.6'])}\n")
    w.add("first_regular_dialysis: ")
    _date(w, c.hd_start, r.choice(["mdY", "iso"]))
    w.add("\nmodality: ")
    w.add(r.choice(["HD in-center", "CAPD", "CCPD", "home HD"]))
    w.add("\nemployer_group_plan.member_id: ")
    w.phi(f"{_up(r, 3)}{_d(r, 9)}", "plan", "plan:egh_member_kv")
    w.add("\nlabs.hgb: ")
    w.keep(f"{r.randint(70, 110) / 10:.1f}", "lab_value")
    w.add("\nlabs.egfr: ")
    w.keep(str(r.randint(4, 14)), "lab_value")
    w.add("\nlabs.date: ")
    _date(w, c.hd_start - timedelta(days=r.randint(1, 20)), "mdY")
    w.add("\nphysician.name: ")
    _name(w, c.neph, "full", "kv_physician")
    w.add(", MD\nphysician.npi: ")
    w.phi(_npi(r), "license", "license:npi_kv")
    w.add("\nsigned: ")
    _date(w, c.visit, "iso")
    w.add(f"T{_tm(r)}:00\n")


def _chat(w: _W, c: _Case) -> None:
    """Transplant coordinator secure chat / SMS log."""
    r = w.r
    day = c.visit
    coord = c.nurse
    t = r.randint(6, 21) * 60

    def handle(p: _P, doctor: bool) -> None:
        fam = p.family.lower().replace(" ", "")
        text = f"dr.{fam[:6]}" if doctor else f"{p.given.lower()}.{fam[:4]}"
        if doctor:
            w.add("dr.")
            text = text[3:]
        w.phi(text, "name", "name:chat_handle")
        w.add(": ")

    def stamp() -> None:
        nonlocal t
        t += r.randint(1, 40)
        w.add("[")
        w.phi(day.isoformat(), "date", "date:chat_stamp")
        w.add(f" {t // 60 % 24:02d}:{t % 60:02d}] ")

    w.add("-- exported conversation: Kidney Tx on-call --\n")
    stamp()
    handle(coord, False)
    w.add("offer came in for ")
    _name(w, c.p, r.choice(["lower", "family", "initial_last"]), "chat")
    w.add(" (recip id ")
    w.phi(f"{_up(r, 3)}{_d(r, 4)}", "mrn", "mrn:recipient_id_chat")
    w.add("), seq ")
    w.keep(str(r.randint(1, 40)), "match_sequence")
    w.add(", donor ")
    w.keep(f"{r.randint(18, 65)}", "donor_age")
    w.add(f"{r.choice(['M', 'F'])} DCD, cPRA ")
    w.keep(f"{r.randint(0, 99)}%", "cpra")
    w.add("\n")
    stamp()
    handle(c.neph, True)
    w.add("ok. call pt at ")
    _ph(w, c.phone)
    w.add(", if no answer try ")
    w.add(c.kin_rel + " ")
    _name(w, c.kin, r.choice(["given", "lower"]), "chat_kin")
    w.add(" ")
    _ph(w, c.kin_phone)
    w.add("\n")
    stamp()
    handle(coord, False)
    w.add("reached her, NPO since " if c.female else "reached him, NPO since ")
    w.keep(_tm(r), "time")
    w.add(", last HD ")
    _date(w, day - timedelta(days=r.randint(1, 2)), r.choice(["md", "the_nth_of", "Mon_d_apos"]))
    w.add(", K ")
    w.keep(f"{r.randint(38, 62) / 10:.1f}", "lab_value")
    w.add(". xm tube sent, acc ")
    w.phi(f"XM-{day.year % 100}-{_d(r, 4)}", "accession", "accession:crossmatch_chat")
    w.add("\n")
    stamp()
    handle(c.neph, True)
    w.add(r.choice(["👍 admit to 7W", "ok admit 7 west, room ", "admit to tx unit rm "]))
    w.keep(str(r.randint(701, 760)), "room_number")
    w.add("\n")
    stamp()
    w.add("system: message from ")
    w.phi(c.email, "email", "email:chat_system")
    w.add(" (portal) \u2014 'will be there by ")
    w.keep(_tm(r), "time")
    w.add(" my ride is ")
    w.add(c.kin_rel)
    w.add(" in the grey van plate ")
    pl = _plate(r, c.region)
    w.phi(pl[0], "plate", f"plate:{pl[1]}_chat")
    w.add("'\n")


def _waitlist_yaml(w: _W, c: _Case) -> None:
    r = w.r
    w.add("waitlist_registration:\n  center: ILMC-TX1\n  organ: KI\n  candidate:\n    id: ")
    w.phi(f"{_up(r, 2)}{_d(r, 6)}", "mrn", "mrn:waitlist_yaml")
    w.add("\n    name: {family: ")
    _name(w, c.p, "family", "yaml")
    w.add(", given: ")
    _name(w, c.p, "given", "yaml")
    w.add("}\n    birth_date: ")
    _date(w, c.dob, "iso")
    w.add("\n    age: ")
    _age(w, c.age, str(c.age), "yaml")
    w.add(f"\n    sex: {'F' if c.female else 'M'}\n    abo: {r.choice(['O', 'A', 'B', 'AB'])}\n")
    w.add("    hla: [")
    w.keep(f"A{r.choice([1, 2, 3, 11, 24])}", "hla")
    w.add(", ")
    w.keep(f"B{r.choice([7, 8, 44, 51, 57])}", "hla")
    w.add(", ")
    w.keep(f"DR{r.choice([4, 7, 11, 15])}", "hla")
    w.add("]\n    cpra: ")
    w.keep(str(r.randint(0, 99)), "cpra")
    w.add("\n    dialysis_start: ")
    _date(w, c.hd_start, "iso")
    w.add("\n    listing_date: ")
    _date(w, c.hd_start + timedelta(days=r.randint(30, 400)), "iso")
    w.add("\n    waiting_time_since: ")
    w.keep(str(c.hd_start.year), "bare_year")
    w.add('\n    contact:\n      phone: "')
    _ph(w, c.phone)
    w.add('"\n      email: ')
    w.phi(c.email, "email", "email:yaml")
    w.add('\n      address:\n        line: "')
    w.phi(c.addr.street, "address", "address:street_yaml")
    w.add('"\n        city: ')
    w.phi(c.addr.city, "address", "address:city_yaml")
    w.add('\n        postal: "')
    w.phi(c.addr.zip or _d(r, 5), "zip", "zip:yaml")
    w.add('"\n    emergency_contacts:\n      - name: ')
    _name(w, c.kin, "full", "yaml_kin")
    w.add(f"\n        relation: {c.kin_rel}\n        phone: ")
    _ph(w, c.kin_phone)
    w.add("\n  referral_url: ")
    rid = _d(r, 8)
    w.phi(f"https://txreferral.example.org/cases/view?candidateId={rid}&tab=hla", "url", "url:yaml")
    w.add("\n  insurance:\n    primary: Medicare\n    mbi: ")
    w.phi(c.mbi, "plan", "plan:mbi_yaml")
    w.add("\n  coordinator: ")
    _name(w, c.nurse, "full", "yaml_coord")
    w.add("\n")


def _qa_table(w: _W, c: _Case) -> None:
    """Monthly unit QA review as a markdown table; several patients."""
    r = w.r
    month = c.visit
    w.add(f"## Monthly QAPI \u2014 adequacy & anemia ({_MONTHS[month.month - 1]} ")
    w.keep(str(month.year), "bare_year")
    w.add(")\n\n| Pt | MRN | Sched | Kt/V | URR % | Hb | Access | Flag |\n")
    w.add("|---|---|---|---|---|---|---|---|\n")
    for _ in range(r.randint(4, 7)):
        p = _person(r, r.choice(list(_TRAD)))
        w.add("| ")
        _name(w, p, r.choice(["last_first", "initial_last"]), "qa_row")
        w.add(" | ")
        w.phi(_d(r, 7), "mrn", "mrn:qa_row")
        w.add(f" | {r.choice(['MWF', 'TTS'])} {r.choice(['1st', '2nd', '3rd'])} | ")
        w.keep(f"{r.randint(95, 190) / 100:.2f}", "ktv")
        w.add(" | ")
        w.keep(str(r.randint(60, 82)), "urr")
        w.add(" | ")
        w.keep(f"{r.randint(80, 125) / 10:.1f}", "lab_value")
        w.add(f" | {r.choice(['AVF', 'AVG', 'CVC'])} | ")
        flag = r.randrange(4)
        if flag == 0:
            w.add("age ")
            a = r.randint(90, 99)
            _age(w, a, str(a), "qa_flag")
            w.add(", goals of care")
        elif flag == 1:
            w.add("CVC >90 d")
        elif flag == 2:
            w.add("missed Tx ")
            _date(w, month - timedelta(days=r.randint(1, 25)), "md")
        w.add(" |\n")
    w.add("\nReviewed by ")
    _name(w, c.neph, "full", "qa_director")
    w.add(", MD (medical director) and ")
    _name(w, c.nurse, "full", "qa_nurse")
    w.add(", RN. Next meeting ")
    _date(w, month + timedelta(days=28), "long")
    w.add(".\n")


_LETTER = {
    "fr": (
        "Objet : demande de dialyse vacances pour ",
        "né(e) le ",
        "N° de sécurité sociale (NIR) : ",
        "Carte européenne (CEAM) n° ",
        "séjour prévu du ",
        "Tél. : ",
        "Cordialement,",
    ),
    "it": (
        "Oggetto: richiesta di dialisi in vacanza per ",
        "nato/a il ",
        "Codice fiscale: ",
        "Tessera TEAM n. ",
        "soggiorno previsto ",
        "Tel.: ",
        "Distinti saluti,",
    ),
    "nl": (
        "Betreft: vakantiedialyse voor ",
        "geboren ",
        "BSN: ",
        "EHIC-kaartnummer ",
        "verblijf ",
        "Tel.: ",
        "Met vriendelijke groet,",
    ),
    "pl": (
        "Dotyczy: dializy wakacyjnej dla ",
        "ur. ",
        "PESEL: ",
        "Karta EKUZ nr ",
        "pobyt w terminie ",
        "Tel.: ",
        "Z poważaniem,",
    ),
}


def _holiday_letter(w: _W, c: _Case) -> None:
    r = w.r
    lang = c.region
    subj, born, idl, ehic, stay, tel, bye = _LETTER[lang]
    date_style = {"fr": "fr", "it": "it", "nl": "nl", "pl": "pl"}[lang]
    w.add("Dialysis Unit \u2014 Holiday Dialysis Request / ")
    w.add({"fr": "Demande", "it": "Richiesta", "nl": "Aanvraag", "pl": "Wniosek"}[lang])
    w.add("\n")
    _date(w, c.visit, date_style)
    w.add("\n\n" + subj)
    _name(w, c.p, r.choice(["full", "upper", "last_first"]), f"letter_{lang}")
    w.add(", " + born)
    _date(w, c.dob, r.choice(["dmY", "dot", date_style]))
    w.add(" (")
    _age(w, c.age, str(c.age), f"letter_{lang}_paren")
    w.add(
        " ans)\n"
        if lang == "fr"
        else " anni)\n"
        if lang == "it"
        else " jr)\n"
        if lang == "nl"
        else " l.)\n"
    )
    w.add(idl)
    w.phi(c.natid[0], "natid", f"natid:{c.natid[1]}")
    w.add("\n" + ehic)
    w.phi(f"80{r.choice(['250', '380', '528', '616'])}{_d(r, 15)}", "plan", f"plan:ehic_{lang}")
    w.add(
        {"fr": "\nAdresse :\n", "it": "\nIndirizzo:\n", "nl": "\nAdres:\n", "pl": "\nAdres:\n"}[
            lang
        ]
    )
    _addr_lines(w, c.addr, lang)
    w.add("\n" + tel)
    _ph(w, c.phone)
    w.add("  e-mail: ")
    w.phi(c.email, "email", f"email:letter_{lang}")
    w.add("\n\nDear colleagues, we kindly ask you to accept our patient for ")
    w.keep(str(r.randint(3, 9)), "session_count")
    w.add(" sessions, " + stay)
    _range(w, c.visit + timedelta(days=r.randint(20, 90)), r.randint(6, 20), lang)
    w.add(". Dialysis since ")
    w.keep(str(c.hd_start.year), "bare_year")
    w.add(", 3x4h, Qb ")
    w.keep(str(r.choice([300, 350, 400])), "blood_flow")
    w.add(", dry weight ")
    w.keep(f"{r.randint(48, 110)}", "dry_weight")
    w.add(" kg. Serology (HBsAg, anti-HCV, HIV) negative on ")
    _date(
        w, c.visit - timedelta(days=r.randint(5, 40)), r.choice(["dmY", "the_nth_of", date_style])
    )
    w.add(", lab ref. ")
    w.phi(c.accession, "accession", f"accession:serology_{lang}")
    w.add(". Recent: ")
    _labs(w)
    w.add(".\nNext of kin: ")
    _name(w, c.kin, "full", f"letter_{lang}_kin")
    w.add(", ")
    _ph(w, c.kin_phone)
    w.add(".\n\n" + bye + "\n")
    _name(w, c.neph, "full", "letter_signer")
    reg = {"fr": "RPPS ", "it": "Iscr. Albo n. ", "nl": "BIG-nr. ", "pl": "NPWZ "}[lang]
    num = {"fr": _d(r, 11), "it": _d(r, 5), "nl": _d(r, 11), "pl": _d(r, 7)}[lang]
    w.add(f", {'Dr' if lang != 'pl' else 'lek.'} \u2014 {reg}")
    w.phi(num, "license", f"license:{lang}_registration")
    w.add("\nFax: ")
    fx = _phone(r, lang)
    w.phi(fx[0], "fax", f"fax:{fx[1]}")
    w.add("\n")


def _teletype(w: _W, c: _Case) -> None:
    """ALL-CAPS organ procurement organisation teletype to the transplant centre."""
    r = w.r
    w.upper = True
    w.add("ZCZC OPO-MIDWEST 0")
    w.keep(str(r.randint(100, 999)), "message_number")
    w.add(" ")
    _date(w, c.visit, "DDMONYY")
    w.add(" ")
    w.keep(f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}", "time")
    w.add("Z\nTO: KIDNEY TX COORD ON CALL  FM: ORGAN CENTER\nRE: PRIMARY OFFER RECIPIENT ")
    _name(w, c.p, "last_first", "teletype")
    w.add("\nRECIP ID ")
    w.phi(f"{_up(r, 3)}{_d(r, 4)}", "mrn", "mrn:recipient_id_teletype")
    w.add(" DOB ")
    _date(w, c.dob, "DDMONYY")
    w.add(" ABO ")
    w.add(r.choice(["O", "A", "B", "AB"]))
    w.add(" CPRA ")
    w.keep(str(r.randint(0, 99)), "cpra")
    w.add("\nDONOR ID ")
    w.phi(f"{_up(r, 3)}{_d(r, 3)}", "mrn", "mrn:donor_id_teletype")
    w.add(" AGE ")
    w.keep(str(r.randint(16, 68)), "donor_age")
    w.add(" KDPI ")
    w.keep(f"{r.randint(5, 95)}", "kdpi")
    w.add("% TERMINAL CREAT ")
    w.keep(f"{r.randint(6, 35) / 10:.1f}", "lab_value")
    w.add(" CIT EST ")
    w.keep(str(r.randint(6, 30)), "cold_ischemia_hours")
    w.add(" HRS\nMATCH RUN SEQ ")
    w.keep(str(r.randint(1, 60)), "match_sequence")
    w.add(" RESPOND BY ")
    w.keep(f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}", "time")
    w.add(" LOCAL\nCONTACT PT AT ")
    _ph(w, c.phone)
    w.add(" ALT ")
    _ph(w, c.kin_phone)
    w.add(" (")
    w.add(c.kin_rel + " ")
    _name(w, c.kin, "full", "teletype_kin")
    w.add(")\nPT HOME ")
    _addr_lines(w, c.addr, c.region, " ", "teletype")
    w.add("\nCALLBACK ORGAN CENTER VIA DESK LINE\nNNNN\n")
    w.upper = False


def _pd_ini(w: _W, c: _Case) -> None:
    """Home PD cycler uplink dump, INI syntax."""
    r = w.r
    w.add("; cycler uplink snapshot \u2014 generated by the home therapies gateway\n[device]\n")
    w.add("model = HomeChoice Claria\nserial = ")
    w.phi(f"{_up(r, 2)}{_d(r, 7)}", "serial", "serial:cycler_ini")
    w.add("\nmac = ")
    w.phi(_mac(r), "serial", "serial:mac_ini")
    w.add("\nfirmware = ")
    w.keep(f"{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 99)}", "firmware_version")
    w.add("\nwan_ip = ")
    w.phi(_ipv4(r), "ip", "ip:v4_ini")
    if r.random() < 0.6:
        w.add("\nwan_ip6 = ")
        w.phi(_ipv6(r), "ip", "ip:v6_ini")
    w.add("\n\n[patient]\nid = ")
    w.phi(c.mrn, "mrn", "mrn:ini")
    if c.region in ("us", "ph") or r.random() < 0.5:
        w.add("\ndisplay = ")
        _name(w, c.p, r.choice(["upper", "last_first", "initial_last"]), "ini")
    w.add("\nbirth = ")
    _date(w, c.dob, r.choice(["d8", "iso"]))
    w.add("\nphone = ")
    _ph(w, c.phone)
    w.add("\n\n[last_therapy]\nstart = ")
    _date(w, c.visit, "iso")
    w.add(f"T{_tm(r)}:00\nfill_volume_ml = ")
    w.keep(str(r.choice([1500, 2000, 2200, 2500])), "fill_volume")
    w.add("\ncycles = ")
    w.keep(str(r.randint(3, 6)), "cycles")
    w.add("\nuf_total_ml = ")
    w.keep(str(r.randint(-200, 1400)), "uf_volume")
    w.add("\ndwell_min = ")
    w.keep(str(r.choice([60, 90, 120])), "dwell_minutes")
    w.add("\n\n[links]\nreport = ")
    w.phi(
        f"https://sharesource.example.com/rpt?pid={c.mrn.replace('-', '')}&d={c.visit:%Y%m%d}",
        "url",
        "url:ini_report",
    )
    w.add("\nsupport = https://www.example.com/home-therapies/support\n")
    w.keep("2", "bare_number")
    w.add(" alarms cleared; nurse ")
    _name(w, c.nurse, "full", "ini_nurse")
    w.add(" notified\n")


def _trip_sheet(w: _W, c: _Case) -> None:
    """Non-emergency medical transport trip sheet for dialysis rides."""
    r = w.r
    w.add("NEMT TRIP SHEET \u2014 ")
    w.add(r.choice(["RideWell Medical Transport", "Sun County Paratransit"]))
    w.add("\nTrip #: ")
    w.phi(f"T{_d(r, 9)}", "account", "account:trip_number")
    w.add("   Auth #: ")
    w.phi(f"PA-{_d(r, 7)}", "account", "account:prior_auth_trip")
    w.add("\nDate of service: ")
    _date(w, c.visit, r.choice(["mdY", "mdy"]))
    w.add(f" ({_DAYS[c.visit.weekday()][:3]})   Standing order: MWF\n")
    w.add("Member: ")
    _name(w, c.p, r.choice(["last_first", "full"]), "trip")
    w.add("   Medicaid #: ")
    w.phi(
        f"{_up(r, 1)}{_d(r, 8)}{_up(r, 1)}" if r.random() < 0.5 else _d(r, 12),
        "plan",
        "plan:medicaid_trip",
    )
    w.add("\nMobility: ")
    w.add(r.choice(["wheelchair", "ambulatory w/ walker", "stretcher"]))
    w.add("   Escort: ")
    if r.random() < 0.5:
        _name(w, c.kin, "full", "trip_escort")
        w.add(f" ({c.kin_rel})")
    else:
        w.add("none")
    w.add("\nPICK-UP  ")
    w.keep(_tm(r), "time")
    w.add("  ")
    _addr_lines(w, c.addr, "us", ", ", "trip")
    w.add("  call ")
    _ph(w, c.phone)
    w.add(" on arrival\nDROP-OFF ")
    w.keep(_tm(r), "time")
    w.add("  Lakeshore Kidney Center, door B, chair ")
    w.keep(str(r.randint(1, 30)), "chair_number")
    w.add("\nReturn: will-call\n\nDriver: ")
    drv = _person(r, "us")
    _name(w, drv, "full", "trip_driver")
    w.add("   DL ")
    st = r.choice(_PLATE_STATES)
    w.add(st + " ")
    w.phi(
        f"{_up(r, 1)}{_d(r, 7)}" if r.random() < 0.5 else _d(r, 9), "license", "license:driver_trip"
    )
    w.add("\nVehicle: 2019 Ford Transit #")
    w.keep(str(r.randint(10, 99)), "fleet_number")
    w.add("  plate ")
    pl = _plate(r, "us")
    w.phi(pl[0], "plate", f"plate:{pl[1]}_trip")
    w.add(f" ({st})  odometer ")
    w.keep(str(r.randint(10000, 180000)), "odometer")
    w.add("\nMember signature on file.  Patient is ")
    _age(w, c.age, str(c.age), "trip_is_n")
    w.add(", needs assist on stairs.\n")


def _jp_referral(w: _W, c: _Case) -> None:
    """Japanese travel-dialysis referral, romanised Japanese with English glosses."""
    r = w.r
    w.add("Ryokou touseki irai-sho (travel dialysis referral)\nSakusei-bi: ")
    _date(w, c.visit, r.choice(["era_short", "era_long", "ymd_slash"]))
    w.add("\n\nKanja-mei (patient): ")
    _name(w, c.p, r.choice(["full", "upper"]), "jp")
    w.add(" sama\nSeinengappi (DOB): ")
    _date(w, c.dob, r.choice(["era_short", "era_long", "ymd_slash", "jp_kanji_free"]))
    w.add(" (")
    _age(w, c.age, str(c.age), "jp_sai")
    w.add("-sai)\nJusho: ")
    _addr_lines(w, c.addr, "jp", ", ", "jp")
    w.add("\nDenwa: ")
    _ph(w, c.phone)
    w.add("\nHokensho bango (insurance no.): ")
    w.phi(f"{_d(r, 8)}", "plan", "plan:hokensho")
    w.add("  kigo ")
    w.phi(f"{_d(r, 3)}\u30fb{_d(r, 4)}", "plan", "plan:hokensho_kigo")
    w.add("\nMy Number (kojin bango): ")
    w.phi(c.natid[0], "natid", "natid:my_number")
    w.add("\nKarte No.: ")
    w.phi(c.mrn, "mrn", "mrn:jp_karte")
    w.add("\n\nGenshikkan (primary disease): diabetic nephropathy. Touseki kaishi (HD start): ")
    _date(w, c.hd_start, r.choice(["era_short", "ymd_slash"]))
    w.add(".\nTouseki jouken: 4h x 3/wk, Qb ")
    w.keep(str(r.choice([200, 220, 250])), "blood_flow")
    w.add(" mL/min, dialyzer APS-15E, DW ")
    w.keep(f"{r.randint(380, 780) / 10:.1f}", "dry_weight")
    w.add(" kg.\nKensa: ")
    _labs(w)
    w.add("\nTaizai kikan (stay): ")
    _range(w, c.visit + timedelta(days=r.randint(10, 60)), r.randint(3, 12))
    w.add(" at hotel; will travel by car ")
    pl = _plate(r, "jp")
    w.phi(pl[0], "plate", f"plate:{pl[1]}")
    w.add(".\nKinkyu renrakusaki (emergency): ")
    _name(w, c.kin, "full", "jp_kin")
    w.add(f" ({c.kin_rel}) ")
    _ph(w, c.kin_phone)
    w.add("\n\nIrai-i (referring physician): ")
    _name(w, c.neph, "full", "jp_doctor")
    w.add(" sensei, FAX ")
    w.phi(f"03-{_d(r, 4)}-{_d(r, 4)}", "fax", "fax:jp")
    w.add("\n")


def _gulf_note(w: _W, c: _Case) -> None:
    """Transplant follow-up of a Gulf patient transplanted abroad."""
    r = w.r
    w.add("POST-TRANSPLANT FOLLOW-UP \u2014 RENAL CLINIC\nDate: ")
    _date(w, c.visit, r.choice(["dash_dmY", "dmY", "dMonY"]))
    w.add("\nName: ")
    _name(w, c.p, r.choice(["full", "upper"]), "gulf")
    w.add("   File no: ")
    w.phi(c.mrn, "mrn", "mrn:gulf_file")
    w.add("\nNational ID: ")
    w.phi(c.natid[0], "natid", f"natid:{c.natid[1]}")
    w.add("   DOB: ")
    _date(w, c.dob, r.choice(["dash_dmY", "dmy", "iso"]))
    w.add("   Mobile: ")
    _ph(w, c.phone)
    w.add("\nAddress: ")
    _addr_lines(w, c.addr, "gulf", ", ", "gulf")
    w.add("\n\nS: ")
    age_text = r.randrange(3)
    if age_text == 0:
        _age(w, c.age, str(c.age), "gulf_n_year_old")
        w.add("-year-old ")
    elif age_text == 1:
        w.add("Pt aged ")
        _age(w, c.age, str(c.age), "gulf_aged")
        w.add(", ")
    else:
        w.add("Elderly pt (")
        _age(w, c.age, f"{c.age}y", "gulf_ny")
        w.add("), ")
    w.add("s/p LRKT abroad on ")
    _date(
        w, c.hd_start + timedelta(days=r.randint(100, 500)), r.choice(["dMonthY", "the_nth_of_Y"])
    )
    w.add(" (donor: ")
    w.add(r.choice(["brother", "cousin", "unrelated"]))
    w.add("), on tac/MMF/pred. Accompanied by ")
    _name(w, c.kin, "full", "gulf_kin")
    w.add(f" ({c.kin_rel}), ")
    _ph(w, c.kin_phone)
    w.add(".\nO: BP ")
    w.keep(f"{r.randint(110, 170)}/{r.randint(60, 100)}", "bp")
    w.add(", creat ")
    w.keep(str(r.randint(70, 220)), "lab_value")
    w.add(" umol/L, tac trough ")
    w.keep(f"{r.randint(30, 140) / 10:.1f}", "lab_value")
    w.add(", BK PCR neg (acc ")
    w.phi(c.accession, "accession", "accession:gulf_bk")
    w.add(").\nA/P: stable graft. Next visit in ")
    w.keep(str(r.randint(2, 12)), "weeks")
    w.add(" weeks. Driver waiting, car ")
    pl = _plate(r, "gulf")
    w.phi(pl[0], "plate", f"plate:{pl[1]}")
    w.add(".\nSeen by ")
    _name(w, c.neph, "full", "gulf_doctor")
    w.add(", Consultant Nephrology. Email ")
    w.phi(c.email, "email", "email:gulf")
    w.add("\n")


def _cob_letter(w: _W, c: _Case) -> None:
    """Coordination-of-benefits letter from an employer group health plan."""
    r = w.r
    w.add(
        "Northgate Employee Benefit Trust\n"
        "Benefits Administration, Coordination of Benefits Unit\n\n"
    )
    _date(w, c.visit, r.choice(["long", "mdY"]))
    w.add("\n\n")
    _name(w, c.p, r.choice(["upper", "full"]), "cob_block")
    w.add("\n")
    _addr_lines(w, c.addr, "us", "\n", "cob_block")
    w.add("\n\nRE: Member ID ")
    w.phi(f"{_up(r, 3)}{_d(r, 9)}", "plan", "plan:member_cob")
    w.add("  Group ")
    w.keep(_d(r, 6), "group_number")
    w.add("  SSN on file XXX-XX-")
    w.phi(c.ssn[2], "ssn", "ssn:masked_last4")
    w.add("\n    Claim no. ")
    w.phi(f"{c.visit:%y}{_d(r, 3)}{_up(r, 1)}{_d(r, 5)}", "account", "account:claim_cob")
    w.add(", dates of service ")
    _range(w, c.visit - timedelta(days=r.randint(40, 70)), r.randint(8, 27))
    w.add("\n\nDear ")
    w.add("Ms. " if c.female else "Mr. ")
    _name(w, c.p, "family", "cob_salutation")
    w.add(",\n\nOur records show that you began regular dialysis on ")
    _date(w, c.hd_start, r.choice(["long", "the_nth_of_Y"]))
    w.add(". Under the Medicare Secondary Payer rules this plan pays primary for a 30-month ")
    w.add("coordination period, which for you ends on ")
    _date(w, c.hd_start + timedelta(days=913), "long")
    w.add(". After that date Medicare (MBI ")
    w.phi(c.mbi, "plan", "plan:mbi_cob")
    w.add(") becomes primary. Please send your Medicare card and the Part B premium notice to ")
    w.add("the address above, or call ")
    w.keep("1-800-555-0100", "payer_phone")
    w.add(" (TTY 711). Claims for outpatient dialysis billed with CPT ")
    w.keep(r.choice(["90935", "90937", "90999", "90945"]), "cpt")
    w.add(" and revenue code ")
    w.keep(r.choice(["0821", "0841", "0851"]), "revenue_code")
    w.add(" will be reprocessed.\n\nSincerely,\n")
    _name(w, _clin(r), "full", "cob_signer")
    w.add(", COB Specialist\ncc: ")
    _name(w, c.neph, "full", "cob_cc")
    w.add(", MD; dialysis facility billing (acct ")
    w.phi(_d(r, 10), "account", "account:facility_cob")
    w.add(")\n")


def _cda(w: _W, c: _Case) -> None:
    """CDA-style XML header of a transplant referral."""
    r = w.r
    reg = c.region if c.region in ("us", "ph", "fr", "it", "nl", "pl") else "us"
    w.add(
        '<ClinicalDocument xmlns="urn:hl7-org:v3">\n  <title>Kidney Transplant Referral</title>\n'
    )
    w.add('  <effectiveTime value="')
    w.phi(f"{c.visit:%Y%m%d}", "date", "date:cda_effective")
    w.add(f'{r.randint(6, 19):02d}{r.randint(0, 59):02d}-0500"/>\n  <recordTarget><patientRole>\n')
    w.add('    <id root="2.16.840.1.113883.19.5" extension="')
    w.phi(c.mrn, "mrn", "mrn:cda_id")
    w.add('"/>\n')
    if reg in ("us", "ph"):
        w.add('    <id root="2.16.840.1.113883.4.1" extension="')
        w.phi("-".join(c.ssn), "ssn", "ssn:cda_extension")
        w.add('"/>\n')
    w.add('    <addr use="HP"><streetAddressLine>')
    w.phi(c.addr.street, "address", "address:street_cda")
    w.add("</streetAddressLine><city>")
    w.phi(c.addr.city, "address", "address:city_cda")
    w.add("</city><postalCode>")
    w.phi(c.addr.zip or _d(r, 5), "zip", "zip:cda")
    w.add('</postalCode></addr>\n    <telecom use="HP" value="tel:')
    w.phi(c.phone[0].replace(" ", "-").replace("(", "").replace(")", ""), "phone", "phone:cda_tel")
    w.add('"/>\n    <telecom value="mailto:')
    w.phi(c.email, "email", "email:cda_mailto")
    w.add('"/>\n    <patient><name><given>')
    _name(w, c.p, "given", "cda")
    w.add("</given><family>")
    _name(w, c.p, "family", "cda")
    w.add('</family></name>\n      <administrativeGenderCode code="')
    w.add("F" if c.female else "M")
    w.add('"/><birthTime value="')
    w.phi(f"{c.dob:%Y%m%d}", "date", "date:cda_birthtime")
    w.add('"/>\n    </patient></patientRole></recordTarget>\n  <author><assignedAuthor>')
    w.add('<id root="2.16.840.1.113883.4.6" extension="')
    w.phi(_npi(r), "license", "license:npi_cda")
    w.add('"/><assignedPerson><name>')
    _name(w, c.neph, "full", "cda_author")
    w.add(", MD</name></assignedPerson></assignedAuthor></author>\n")
    w.add('  <component><section><code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/>')
    w.add("<text>ESRD (N18.6) on HD since ")
    w.keep(str(c.hd_start.year), "bare_year")
    w.add("; patient age ")
    _age(w, c.age, str(c.age), "cda_text")
    w.add("; eGFR ")
    w.keep(str(r.randint(4, 14)), "lab_value")
    w.add('. Referral packet: <linkHtml href="')
    w.phi(f"https://hie.example.net/docs/{_hex(r, 8)}?mrn={c.mrn}", "url", "url:cda_link")
    w.add('">packet</linkHtml></text></section></component>\n</ClinicalDocument>\n')


def _soap(w: _W, c: _Case) -> None:
    """Nephrology clinic SOAP note, heavy abbreviations."""
    r = w.r
    sex = "F" if c.female else "M"
    w.add("NEPH CLINIC F/U  ")
    _date(w, c.visit, r.choice(["mdy", "md", "mdY"]))
    w.add("  pt ")
    _name(w, c.p, r.choice(["initial_last", "last_first", "family"]), "soap")
    w.add("\nS: ")
    k = r.randrange(4)
    if k == 0:
        _age(w, c.age, f"{c.age}", "soap_yo")
        w.add(f"yo {sex} w/ ")
    elif k == 1:
        _age(w, c.age, f"{c.age}", "soap_slash")
        w.add(f"/{sex} w/ ")
    elif k == 2:
        w.add(f"{sex}, age ")
        _age(w, c.age, _words(c.age) if c.age >= 40 else str(c.age), "soap_words")
        w.add(", w/ ")
    else:
        w.add("pt just had ")
        w.add("her " if c.female else "his ")
        _age(w, c.age, _nth(c.age), "soap_birthday")
        w.add(" bday, hx ")
    w.add("ESRD 2/2 DM2/HTN on HD MWF via L BC AVF since ")
    w.keep(str(c.hd_start.year), "bare_year")
    w.add(", c/o cramping last 1h of tx, ")
    w.add(r.choice(["no CP/SOB", "+pruritus", "poor appetite", "missed 1 tx"]))
    w.add(". Lives w/ ")
    w.add(c.kin_rel + " ")
    _name(w, c.kin, r.choice(["given", "full"]), "soap_kin")
    kin_age = r.randint(55, 99)
    w.add(" (")
    _age(w, kin_age, str(kin_age), "soap_kin_paren")
    w.add(").\nO: BP ")
    w.keep(f"{r.randint(100, 180)}/{r.randint(50, 100)}", "bp")
    w.add(" HR ")
    w.keep(str(r.randint(55, 105)), "heart_rate")
    w.add(" wt ")
    w.keep(f"{r.randint(45, 120)}.{r.randint(0, 9)}", "weight")
    w.add(" kg, IDWG ")
    w.keep(f"{r.randint(5, 45) / 10:.1f}", "idwg")
    w.add(" kg. ")
    _labs(w)
    w.add(" (")
    w.phi(c.accession, "accession", "accession:soap")
    w.add(")\nA: ESRD, adequacy ok, SHPT, anemia of CKD.\nP: \u2191 EDW by 0.5, cinacalcet ")
    w.keep(str(r.choice([30, 60, 90])), "dose")
    w.add(" mg qd, ESA per protocol, RTC ")
    w.keep(str(r.randint(1, 3)), "months")
    w.add(" mo. Tx eval appt ")
    _date(
        w, c.visit + timedelta(days=r.randint(14, 60)), r.choice(["md", "the_nth_of", "Mon_d_apos"])
    )
    w.add(". Pt cell ")
    _ph(w, c.phone)
    w.add(".\n-- ")
    _name(w, c.neph, r.choice(["initial_last", "full"]), "soap_signer")
    w.add(", MD  NPI ")
    w.phi(_npi(r), "license", "license:npi_soap")
    w.add("\n")


_DOCS: tuple[tuple[str, str, Callable[[_W, _Case], None]], ...] = (
    ("hd_run_sheet", "us", _run_sheet),
    ("esrd_2728_kv", "us", _cms2728),
    ("tx_chat", "us", _chat),
    ("waitlist_yaml", "us", _waitlist_yaml),
    ("qa_markdown", "us", _qa_table),
    ("holiday_letter_fr", "fr", _holiday_letter),
    ("opo_teletype", "us", _teletype),
    ("pd_cycler_ini", "us", _pd_ini),
    ("nemt_trip_sheet", "us", _trip_sheet),
    ("holiday_letter_it", "it", _holiday_letter),
    ("jp_referral", "jp", _jp_referral),
    ("gulf_followup", "gulf", _gulf_note),
    ("cob_letter", "us", _cob_letter),
    ("holiday_letter_nl", "nl", _holiday_letter),
    ("cda_referral", "us", _cda),
    ("soap_clinic", "us", _soap),
    ("holiday_letter_pl", "pl", _holiday_letter),
    ("tx_chat_ph", "ph", _chat),
    ("pd_cycler_ini_nl", "nl", _pd_ini),
    ("soap_clinic_ph", "ph", _soap),
)


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc == "qa_markdown" or r.random() < 0.2:
        return {}
    ctx: dict[str, object] = {
        "first_name": c.p.given,
        "last_name": c.p.family,
        "mrn": c.mrn,
        "birth_date": c.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": c.phone[0], "city": c.addr.city, "zip": c.addr.zip})
        if c.region in ("us", "ph"):
            ctx["ssn"] = "-".join(c.ssn)
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
    if _fmt(d, "era_short") != "R3.3.9" or _fmt(date(1931, 4, 12), "era_short") != "S6.4.12":
        problems.append("era dates are off")
    if _fmt(d, "pl") != "9 marca 2021 r." or _fmt(d, "DDMONYY") != "09MAR21":
        problems.append("date formatting is off")
    if _words(93) != "ninety-three" or _nth(22) != "22nd" or _nth(13) != "13th":
        problems.append("number words are off")
    if _luhn_digit("7992739871") != "3":
        problems.append("Luhn check digit is off")
    r = random.Random(0)
    bsn = _bsn(r)
    if sum(int(c) * w for c, w in zip(bsn, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True)) % 11:
        problems.append("BSN fails the 11-test")
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
        title="held-out style 9 (dialysis, kidney transplant and travel dialysis)",
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
