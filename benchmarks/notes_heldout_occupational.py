"""A tenth held-out style, written blind (its author never read the recognizers, the scrubber's
tests or the README's account of them) and committed before its first run: the paperwork of
occupational health, workers' compensation and offshore / maritime medicine, in seven countries.
US workers' compensation first reports of injury as fixed-width mainframe records (column ruler,
``LAST``/``FIRST`` fields padded with blanks, ``YYYYMMDD`` and Julian ``YYDDD`` dates, fields run
together); return-to-work e-mails with full MIME headers (``Received: from [IP]``,
``Message-ID``, RFC 2822 dates, quoted-printable soft breaks, a base64 attachment name);
independent medical examinations as PDF-to-text extractions (two columns interleaved, words
hyphenated across lines, page headers and footers repeating the examinee's name, date of birth
and claim number, form feeds); Swedish / Norwegian hearing-conservation audiometry rosters
pasted from a spreadsheet with semicolons and decimal commas (several workers, no patient
context); Finnish occupational-health SMS threads (``9.3.`` dates, ``HETU``, spoken numbers);
drug and alcohol testing chain-of-custody logs in logfmt and JSON lines (specimen ids, collector
terminals, MRO portal URLs, breath-alcohol device serials); handwritten ship's medical logs
transcribed with ``[illegible]`` and struck-out text (Norwegian vessels, seafarer's book
numbers, positions, radio medical advice); US commercial-driver medical examinations as
check-box forms (``[X]``, ``☑``, ``☐``); Turkish occupational-disease referrals (TC Kimlik No,
SGK numbers, ``9 Mart 2021``); Czech work-injury records (rodné číslo, ``9. března 2021``,
``120 00 Praha 2``); Chilean accident reports under Ley 16.744 (RUT with check digit, ``9 de
marzo de 2021``, mutual adherent numbers, Chilean plates); Korean romanised referrals (resident
registration numbers in full and masked, ``2021nyeon 3wol 9il``, ``010-1234-5678``); US
utilisation reviews with relative dates anchored to a date of injury and two-digit years; ILO
B-reader chest-film classifications for silica and coal workers (PACS URLs, film accessions,
NIOSH B-reader numbers); and North Sea helicopter manifests with offshore health certificates
(several travellers, passports, no patient context).

Span conventions follow ``notes_heldout_kidney.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, states, counties, countries, bare years,
employer, carrier, vessel and facility names, NAICS / ICD-10 / CPT codes, audiogram thresholds,
standard threshold shifts, spirometry, dosimetry, breath-alcohol results and cut-offs,
respirator fit factors, device models and lot numbers, IMO numbers, call signs, positions,
drug panel codes, ILO profusion grades, body weights and ages of 89 or under never labelled (the
planted ones are recorded as look-alikes); every calendar date about a person is a ``date`` (a
range is one span; in a relative phrase such as ``3 days after 9 Mar`` only the anchor is a
span; an ISO week date and a Julian date are dates too); ages labelled only over 89 (digits or
words, the number only). An address is split into street line, city / district spans and a
separate ``zip`` span. Kinds: ``name date age phone fax email address zip ssn natid mrn account
plan license plate serial ip url accession``. ``ssn`` is a US Social Security number only;
``natid`` another country's national number or a passport (fødselsnummer, personnummer,
henkilötunnus, rodné číslo, TC Kimlik, RUT, RRN); ``mrn`` record numbers held by a clinic,
hospital or employer health service (employee and worker ids, donor ids); ``account`` claim,
case and authorisation numbers; ``plan`` health-plan, social-insurance and mutual numbers
(member ids, SGK, číslo pojištěnce, Kela, Korean NHIS); ``license`` clinicians' numbers (NPI,
FMCSA National Registry, HPR, NIOSH B-reader), drivers' licences and seafarers' certificates;
``serial`` device serials; ``accession`` specimen, film and laboratory accessions. About a
quarter of the notes carry no patient context. Every span is tagged with the phrasing it was
written in, and every planted look-alike is recorded.

    python benchmarks/notes_heldout_occupational.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_occupational.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_occupational.py               # 300 notes, seed 9970
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

DEFAULT_SEED = 9970
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

    def col(self) -> int:
        """Characters since the last line break."""
        text = "".join(self.parts[-40:])
        i = text.rfind("\n")
        return len(text) - i - 1 if i >= 0 else self.n

    def pad(self, width: int) -> None:
        self.add(" " * max(1, width - self.col()))

    def text(self) -> str:
        return "".join(self.parts)


# A segment of text to be laid out later: (text, kind or "" for plain or "~" for a look-alike,
# form)
_Seg = tuple[str, str, str]


def _emit(w: _W, segs: Sequence[_Seg]) -> None:
    for text, kind, form in segs:
        if not kind:
            w.add(text)
        elif kind == "~":
            w.keep(text, form)
        else:
            w.phi(text, kind, form)


def _seglen(segs: Sequence[_Seg]) -> int:
    return sum(len(t) for t, _, _ in segs)


# --------------------------------------------------------------------------- people

# (female given, male given, family, order): "w" given-family, "e" family-given (Korean)
_TRAD: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "us": (
        ("Tammy", "Crystal", "Brenda", "LaKeisha", "Consuelo", "Wanda", "Rhonda", "Darla"),
        ("Randall", "Curtis", "Jimmy", "Travis", "Leroy", "Delbert", "Wendell", "Arturo"),
        ("Pruitt", "Stallings", "Yazzie", "Boudreaux", "Tsosie", "Honeycutt", "Villanueva"),
        "w",
    ),
    "no": (
        ("Solveig", "Ingeborg", "Ragnhild", "Åse", "Sigrid", "Torunn"),
        ("Øystein", "Torbjørn", "Håkon", "Arild", "Kjetil", "Geir"),
        ("Haugland", "Bjørnstad", "Sæther", "Kvalheim", "Løvås", "Fjeldstad", "Østby"),
        "w",
    ),
    "se": (
        ("Birgitta", "Margareta", "Agneta", "Linnéa", "Ulla", "Annika"),
        ("Göran", "Lennart", "Björn", "Torsten", "Anders", "Pär"),
        ("Sjöberg", "Bergström", "Åkesson", "Holmgren", "Nyström", "Engström"),
        "w",
    ),
    "fi": (
        ("Tuulikki", "Päivi", "Riitta", "Marjatta", "Aino", "Sirpa"),
        ("Jukka", "Pekka", "Veikko", "Ilmari", "Tapani", "Esko"),
        ("Mäkinen", "Kärkkäinen", "Heikkilä", "Väisänen", "Laaksonen", "Hyvönen"),
        "w",
    ),
    "cz": (
        ("Jiřina", "Květoslava", "Zdeňka", "Ludmila", "Dagmar", "Božena"),
        ("Jaroslav", "Miroslav", "Vratislav", "Bohumil", "Radek", "Zdeněk"),
        ("Novák", "Svoboda", "Černý", "Procházka", "Kučera", "Veselý", "Dvořák"),
        "w",
    ),
    "tr": (
        ("Ayşe", "Emine", "Fatma", "Gülsüm", "Hatice", "Zeynep"),
        ("Mehmet", "Mustafa", "Hüseyin", "Osman", "Recep", "İbrahim"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın"),
        "w",
    ),
    "cl": (
        ("María José", "Ximena", "Valentina", "Javiera", "Carolina", "Fresia"),
        ("Juan Pablo", "Cristóbal", "Matías", "Patricio", "Rodrigo", "Héctor"),
        ("González Muñoz", "Rojas Contreras", "Soto Fuentes", "Araya Vergara", "Sepúlveda Tapia"),
        "w",
    ),
    "kr": (
        ("Seo-yeon", "Ji-young", "Mi-kyung", "Eun-ji", "Hye-jin", "Soon-ja"),
        ("Min-jun", "Sung-ho", "Dong-hyun", "Jae-won", "Young-soo", "Byung-chul"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon", "Hwang"),
        "e",
    ),
}
_CLIN = (
    ("Astrid", "Ilkka", "Nilüfer", "Ondřej", "Gabriela", "Desmond", "Soo-ah", "Margit"),
    ("Rasmussen", "Hämäläinen", "Karaca", "Horáček", "Valenzuela", "Whitfield", "Oyelowo"),
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

    def last_first(self) -> str:
        return f"{self.family.upper()}, {self.given}"

    def initial_last(self) -> str:
        return f"{self.given[0]}. {self.family}"


def _cz_female(family: str) -> str:
    if family.endswith("ý"):
        return family[:-1] + "á"
    if family.endswith("a"):
        return family[:-1] + "ová"
    return family + "ová"


def _person(r: random.Random, trad: str, female: bool | None = None) -> _P:
    women, men, family, order = _TRAD[trad]
    if female is None:
        female = r.random() < 0.5
    fam = r.choice(family)
    if trad == "cz" and female:
        fam = _cz_female(fam)
    return _P(r.choice(women if female else men), fam, order)


def _clin(r: random.Random) -> _P:
    return _P(r.choice(_CLIN[0]), r.choice(_CLIN[1]))


def _name(w: _W, p: _P, style: str, form: str) -> None:
    text = {
        "full": p.full(),
        "last_first": p.last_first(),
        "initial_last": p.initial_last(),
        "given": p.given,
        "family": p.family,
        "lower": p.full().lower(),
        "upper": p.full().upper(),
        "slash": f"{p.family.upper()}/{p.given.upper()}",
    }[style]
    w.phi(text, "name", f"name:{form}_{style}")


# --------------------------------------------------------------------------- dates and numbers

_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_LANG_MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "no": "januar februar mars april mai juni juli august september oktober november desember",
    "fi": (
        "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta "
        "syyskuuta lokakuuta marraskuuta joulukuuta"
    ),
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince",
    "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
    "es": (
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
    ),
}
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_ONES = "zero one two three four five six seven eight nine".split()
_ORD = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()


def _ord_word(n: int) -> str:
    if n <= 20:
        return _ORD[n - 1]
    if n == 30:
        return "thirtieth"
    return ("twenty-" if n < 30 else "thirty-") + _ORD[n % 10 - 1]


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _lm(lang: str, d: date) -> str:
    return _LANG_MONTHS[lang].split()[d.month - 1]


def _fmt(d: date, style: str) -> str:
    m, mon = _MONTHS[d.month - 1], _MON[d.month - 1]
    iy, iw, iwd = d.isocalendar()
    return {
        "mdY": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdy": f"{d.month}/{d.day}/{d.year % 100:02d}",
        "mdy0": f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}",
        "m-d-y": f"{d.month}-{d.day}-{d.year % 100:02d}",
        "dmY": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dot_short": f"{d.day}.{d.month}.{d.year}",
        "dot_yy": f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}",
        "dot_dm": f"{d.day}.{d.month}.",
        "iso": d.isoformat(),
        "d8": f"{d:%Y%m%d}",
        "ymd_dot": f"{d.year}.{d.month:02d}.{d.day:02d}.",
        "y2md": f"{d.year % 100:02d}{d.month:02d}{d.day:02d}",
        "julian": f"{d.year % 100:02d}{d.timetuple().tm_yday:03d}",
        "isoweek": f"{iy}-W{iw:02d}-{iwd}",
        "long": f"{m} {d.day}, {d.year}",
        "ordinal": f"{m} {_nth(d.day)}",
        "ordinal_Y": f"{_nth(d.day)} {m} {d.year}",
        "word_ord": f"the {_ord_word(d.day)} of {m}",
        "MON_DD_YYYY": f"{mon.upper()} {d.day:02d} {d.year}",
        "dMonY": f"{d.day} {mon} {d.year}",
        "dd-Mon-yy": f"{d.day:02d}-{mon}-{d.year % 100:02d}",
        "rfc": f"{d.day} {mon} {d.year}",
        "month_year": f"{m} {d.year}",
        "md": f"{d.month}/{d.day}",
        "sv": f"{d.day} {_lm('sv', d)} {d.year}",
        "no": f"{d.day}. {_lm('no', d)} {d.year}",
        "fi": f"{d.day}. {_lm('fi', d)} {d.year}",
        "cs": f"{d.day}. {_lm('cs', d)} {d.year}",
        "tr": f"{d.day} {_lm('tr', d)} {d.year}",
        "es": f"{d.day} de {_lm('es', d)} de {d.year}",
        "es_short": f"{d.day}-{_lm('es', d)[:3]}-{d.year}",
        "kr": f"{d.year}nyeon {d.month}wol {d.day}il",
        "kr_dot": f"{d.year}. {d.month}. {d.day}.",
    }[style]


_US = ("mdY", "mdy", "mdy0", "long", "dMonY", "ordinal_Y", "iso", "m-d-y")
_EU = ("dot", "dot_short", "dot_yy", "dmY", "iso", "dMonY", "ordinal_Y")


def _date(w: _W, d: date, style: str | None = None, styles: Sequence[str] = _US) -> None:
    s = style or w.r.choice(styles)
    w.phi(_fmt(d, s), "date", f"date:{s}")


def _range(w: _W, a: date, days: int, lang: str = "en") -> None:
    b = a + timedelta(days=days)
    r = w.r
    if lang == "en":
        k = r.randrange(3)
        text = [
            f"{_fmt(a, 'mdy')}-{_fmt(b, 'mdy')}",
            f"{_fmt(a, 'md')} thru {_fmt(b, 'mdY')}",
            f"{_MON[a.month - 1]} {a.day}\u2013{_MON[b.month - 1]} {b.day}, {b.year}",
        ][k]
        form = f"date:range_en{k}"
    elif lang in ("no", "fi", "cs"):
        text = f"{a.day}.{a.month}.\u2013{b.day}.{b.month}.{b.year}"
        form = "date:range_dot"
    elif lang == "es":
        text = f"del {a.day} al {b.day} de {_lm('es', b)} de {b.year}"[4:]
        form = "date:range_es"
    else:
        text = f"{a.day}/{a.month}\u2013{b.day}/{b.month} {b.year}"
        form = f"date:range_{lang}"
    w.phi(text, "date", form)


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
    return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


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


def _ssn(r: random.Random) -> str:
    area = r.choice([n for n in range(1, 900) if n != 666])
    a, g, s = f"{area:03d}", f"{r.randint(1, 99):02d}", f"{r.randint(1, 9999):04d}"
    return r.choice([f"{a}-{g}-{s}", f"{a}{g}{s}", f"{a} {g} {s}", f"{a}.{g}.{s}"])


def _fnr(r: random.Random, dob: date, female: bool) -> str:
    """Norwegian fødselsnummer with both mod-11 check digits."""
    w1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    w2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        ind = r.randint(0, 249) * 2 + (0 if female else 1)
        body = f"{dob.day:02d}{dob.month:02d}{dob.year % 100:02d}{ind:03d}"
        k1 = 11 - sum(int(c) * x for c, x in zip(body, w1, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        body += str(k1)
        k2 = 11 - sum(int(c) * x for c, x in zip(body, w2, strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 != 10:
            return body + str(k2)


def _pnr(r: random.Random, dob: date, female: bool, age: int) -> str:
    """Swedish personnummer (Luhn), ``+`` once a hundred, sometimes with the century."""
    n = r.randint(10, 99) * 10 + r.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9])
    body = f"{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}{n:03d}"
    check = _luhn_digit(body)
    if r.random() < 0.3 and age < 100:
        return f"{dob.year // 100}{body[:6]}-{body[6:]}{check}"
    return f"{body[:6]}{'+' if age >= 100 else '-'}{body[6:]}{check}"


def _hetu(r: random.Random, dob: date, female: bool) -> str:
    n = r.randint(1, 449) * 2 + (0 if female else 1)
    body = f"{dob.day:02d}{dob.month:02d}{dob.year % 100:02d}"
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(body + f"{n:03d}") % 31]
    return f"{body}-{n:03d}{check}"


def _rc(r: random.Random, dob: date, female: bool) -> str:
    """Czech rodné číslo: divisible by 11, women's month plus 50."""
    while True:
        mm = dob.month + (50 if female else 0)
        body = f"{dob.year % 100:02d}{mm:02d}{dob.day:02d}{_d(r, 3)}"
        check = int(body) % 11
        if check != 10:
            return f"{body[:6]}/{body[6:]}{check}"


def _tckn(r: random.Random) -> str:
    d = [r.randint(1, 9)] + [r.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def _rut(r: random.Random, dots: bool = True) -> str:
    body = r.randint(3_000_000, 24_999_999)
    total = sum(int(c) * (2 + i % 6) for i, c in enumerate(reversed(str(body))))
    dv = {11: "0", 10: "K"}.get(11 - total % 11, str(11 - total % 11))
    return f"{body:,}".replace(",", ".") + f"-{dv}" if dots else f"{body}-{dv}"


def _rrn(r: random.Random, dob: date, female: bool) -> str:
    g = (2 if female else 1) + (2 if dob.year >= 2000 else 0)
    body = f"{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}{g}{_d(r, 5)}"
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    check = (11 - sum(int(c) * x for c, x in zip(body, weights, strict=True)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{check}"


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _ipv4(r: random.Random) -> str:
    first = r.choice(["10", "172.20", "192.168", "100.72", "203.0.113"])
    need = 4 - first.count(".") - 1
    return first + "".join(f".{r.randint(1, 254)}" for _ in range(need))


def _ipv6(r: random.Random) -> str:
    groups = [_hex(r, 4).lstrip("0") or "0" for _ in range(4)]
    return "2001:db8:" + ":".join(groups[:2]) + "::" + groups[3]


# --------------------------------------------------------------------------- places


@dataclass
class _Addr:
    street: str
    city: str
    zip: str
    state: str = ""
    district: str = ""


_US_PLACES = (
    ("Beckley", "WV", "258"),
    ("Odessa", "TX", "797"),
    ("Gillette", "WY", "827"),
    ("Pikeville", "KY", "415"),
    ("Bakersfield", "CA", "933"),
    ("Houma", "LA", "703"),
    ("Elko", "NV", "898"),
)


def _address(r: random.Random, region: str) -> _Addr:
    if region == "us":
        city, st, z3 = r.choice(_US_PLACES)
        street = r.choice(["Coal Hollow Rd", "Pumpjack Ln", "Refinery Ave", "Tipple St"])
        unit = r.choice(["", "", " Lot 14", " Apt 3", " # 2B"])
        z = z3 + _d(r, 2) + (f"-{_d(r, 4)}" if r.random() < 0.3 else "")
        return _Addr(f"{r.randint(12, 9899)} {street}{unit}", city, z, st)
    if region == "no":
        street = r.choice(["Storgata", "Kirkeveien", "Strandgaten", "Fjellveien"])
        city = r.choice(["Stavanger", "Bergen", "Haugesund", "Kristiansund", "Hammerfest"])
        return _Addr(f"{street} {r.randint(1, 140)}{r.choice(['', 'B', ' H0201'])}", city, _d(r, 4))
    if region == "se":
        street = r.choice(["Drottninggatan", "Storgatan", "Hamngatan", "Skolvägen"])
        city = r.choice(["Luleå", "Kiruna", "Göteborg", "Sundsvall"])
        z = f"{r.randint(111, 984)} {_d(r, 2)}"
        return _Addr(f"{street} {r.randint(1, 90)}{r.choice(['', ' lgh 1102', ' A'])}", city, z)
    if region == "fi":
        street = r.choice(["Mannerheimintie", "Satamakatu", "Koulutie", "Tehtaankatu"])
        city = r.choice(["Oulu", "Tampere", "Kotka", "Rauma"])
        return _Addr(f"{street} {r.randint(1, 80)} {_up(r, 1)} {r.randint(1, 40)}", city, _d(r, 5))
    if region == "cz":
        street = r.choice(["Vinohradská", "Husova", "Nádražní", "Palackého"])
        city, district = r.choice(
            [("Praha", "Praha 2"), ("Ostrava", "Vítkovice"), ("Kladno", ""), ("Brno", "Židenice")]
        )
        z = f"{r.randint(100, 799)} {_d(r, 2)}"
        return _Addr(f"{street} {r.randint(100, 3999)}/{r.randint(1, 99)}", city, z, "", district)
    if region == "tr":
        street = f"{r.choice(['Atatürk Cad.', 'Cumhuriyet Mah. Gül Sok.', 'İnönü Blv.'])} No: "
        street += f"{r.randint(1, 180)} D: {r.randint(1, 24)}"
        city, district = r.choice(
            [
                ("İstanbul", "Tuzla"),
                ("Kocaeli", "Gebze"),
                ("Zonguldak", "Kozlu"),
                ("Bursa", "Nilüfer"),
            ]
        )
        return _Addr(street, city, f"{r.randint(10, 81)}{_d(r, 3)}", "", district)
    if region == "cl":
        street = r.choice(["Av. Grecia", "Pasaje Los Aromos", "Calle Baquedano", "Av. Argentina"])
        city, comuna = r.choice(
            [
                ("Antofagasta", "Antofagasta"),
                ("Santiago", "Ñuñoa"),
                ("Calama", "Calama"),
                ("Rancagua", "Machalí"),
            ]
        )
        dep = r.choice(["", f", depto {r.randint(11, 904)}", f", block {r.randint(1, 9)}"])
        return _Addr(f"{street} {r.randint(100, 4999)}{dep}", city, _d(r, 7), "", comuna)
    # kr
    road = r.choice(["Teheran-ro", "Jungang-daero", "Haeun-daero", "Gongdan-ro"])
    city, gu = r.choice(
        [("Seoul", "Gangnam-gu"), ("Busan", "Haeundae-gu"), ("Ulsan", "Nam-gu"), ("Changwon", "")]
    )
    street = f"{r.randint(1, 400)} {road}" + (
        f", {r.randint(101, 120)}-dong {r.randint(101, 1504)}-ho" if r.random() < 0.5 else ""
    )
    return _Addr(street, city, _d(r, 5), "", gu)


def _addr_lines(w: _W, a: _Addr, region: str, sep: str = "\n", form: str = "block") -> None:
    w.phi(a.street, "address", f"address:street_{region}_{form}")
    w.add(sep)
    if region == "us":
        w.phi(a.city, "address", f"address:city_{form}")
        w.add(f", {a.state} ")
        w.phi(a.zip, "zip", f"zip:us_{form}")
    elif region == "kr":
        if a.district:
            w.phi(a.district, "address", f"address:gu_{form}")
            w.add(", ")
        w.phi(a.city, "address", f"address:city_{form}")
        w.add(" ")
        w.phi(a.zip, "zip", f"zip:kr_{form}")
    elif region in ("tr", "cl"):
        w.phi(a.district, "address", f"address:district_{region}_{form}")
        w.add(" / " if region == "tr" else ", ")
        if region == "tr":
            w.phi(a.zip, "zip", f"zip:tr_{form}")
            w.add(" ")
            w.phi(a.city, "address", f"address:city_{form}")
        else:
            w.phi(a.city, "address", f"address:city_{form}")
            w.add(", CP ")
            w.phi(a.zip, "zip", f"zip:cl_{form}")
    else:
        prefix = {"se": "", "fi": "FI-", "no": "N-", "cz": ""}[region] if form == "intl" else ""
        w.add(prefix)
        w.phi(a.zip, "zip", f"zip:{region}_{form}")
        w.add(" ")
        city = a.district if region == "cz" and a.district.startswith("Praha") else a.city
        w.phi(city, "address", f"address:city_{form}")
        if region == "cz" and a.district and not a.district.startswith("Praha"):
            w.add(" - ")
            w.phi(a.district, "address", f"address:district_cz_{form}")


_SPOKEN = {"0": "oh", **{str(i): _ONES[i] for i in range(1, 10)}}


def _phone(r: random.Random, region: str) -> tuple[str, str]:
    """(text, form) of a synthetic phone number of ``region``."""
    if region == "us":
        area = str(r.randint(201, 989))
        line = f"555-01{_d(r, 2)}"
        k = r.randrange(6)
        if k == 5:
            digits = area + line.replace("-", "")
            parts = [digits[:3], digits[3:6], digits[6:]]
            return ", ".join(" ".join(_SPOKEN[c] for c in p) for p in parts), "us_spoken"
        return [
            f"({area}) {line}",
            f"{area}-{line}",
            f"{area}.{line.replace('-', '.')}",
            f"+1 {area} {line.replace('-', ' ')}",
            f"{area}{line.replace('-', '')}",
        ][k], f"us_{k}"
    if region == "no":
        return r.choice(
            [
                (f"+47 9{_d(r, 2)} {_d(r, 2)} {_d(r, 3)}", "no_intl"),
                (f"4{_d(r, 2)} {_d(r, 2)} {_d(r, 3)}", "no_mobile"),
                (f"0047 5{_d(r, 7)}", "no_0047"),
            ]
        )
    if region == "se":
        return r.choice(
            [
                (f"070-{_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", "se_mobile"),
                (f"+46 (0)920-{_d(r, 2)} {_d(r, 2)} {_d(r, 2)}", "se_intl_0"),
            ]
        )
    if region == "fi":
        return r.choice(
            [
                (f"040 {_d(r, 3)} {_d(r, 4)}", "fi_mobile"),
                (f"+358 50 {_d(r, 7)}", "fi_intl"),
                (f"(08) {_d(r, 3)} {_d(r, 4)}", "fi_area"),
            ]
        )
    if region == "cz":
        return r.choice(
            [
                (f"+420 6{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}", "cz_intl"),
                (f"7{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}", "cz_mobile"),
            ]
        )
    if region == "tr":
        return r.choice(
            [
                (f"0 (53{_d(r, 1)}) {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", "tr_paren"),
                (f"+90 532 {_d(r, 3)} {_d(r, 4)}", "tr_intl"),
                (f"05{_d(r, 9)}", "tr_run"),
            ]
        )
    if region == "cl":
        return r.choice(
            [(f"+56 9 {_d(r, 4)} {_d(r, 4)}", "cl_mobile"), (f"(55) 2{_d(r, 6)}", "cl_fixed")]
        )
    return r.choice(
        [
            (f"010-{_d(r, 4)}-{_d(r, 4)}", "kr_mobile"),
            (f"+82 10 {_d(r, 4)} {_d(r, 4)}", "kr_intl"),
            (f"052-{_d(r, 3)}-{_d(r, 4)}", "kr_ulsan"),
        ]
    )


def _ph(w: _W, ph: tuple[str, str], kind: str = "phone") -> None:
    w.phi(ph[0], kind, f"{kind}:{ph[1]}")


def _fold(s: str) -> str:
    table = str.maketrans("äåöøæéèüçğışłńčřšžýáíěůúñóò", "aaooaeeucgislncrszyaieuunoo")
    return re.sub(r"[^a-z]", "", s.lower().translate(table))


def _email(r: random.Random, p: _P) -> str:
    g, f = _fold(p.given), _fold(p.family)
    dom = r.choice(["postkasse.example", "mejl.example.se", "posti.example", "correo.example"])
    user = r.choice([f"{g}.{f}", f"{g[0]}{f}{r.randint(1, 99)}", f"{f}_{g[:3]}", f"{g}{f[:2]}"])
    return f"{user}@{dom}"


def _plate(r: random.Random, region: str) -> tuple[str, str]:
    if region == "us":
        return r.choice(
            [
                (f"{_up(r, 3)}-{_d(r, 4)}", "us_3l4d"),
                (f"{_d(r, 1)}{_up(r, 2)}{_d(r, 4)}", "us_1d2l4d"),
                (f"{_d(r, 2)}{_up(r, 1)} {_d(r, 3)}", "us_2d1l3d"),
            ]
        )
    if region == "no":
        return f"{r.choice(['EL', 'SV', 'ZT', 'BR'])} {_d(r, 5)}", "no"
    if region == "se":
        return r.choice(
            [
                (f"{_up(r, 3)} {_d(r, 3)}", "se_old"),
                (f"{_up(r, 3)} {_d(r, 2)}{_up(r, 1)}", "se_new"),
            ]
        )
    if region == "fi":
        return f"{_up(r, 3)}-{r.randint(1, 999)}", "fi"
    if region == "cz":
        return f"{r.randint(1, 9)}{r.choice(['A', 'S', 'T', 'B'])}{_up(r, 1)} {_d(r, 4)}", "cz"
    if region == "tr":
        return f"{r.choice(['34', '41', '67', '16'])} {_up(r, 2)} {_d(r, 3)}", "tr"
    if region == "cl":
        return r.choice(
            [
                (f"{_up(r, 4)}{_d(r, 2)}", "cl_new"),
                (f"{_up(r, 2)}\u00b7{_d(r, 2)}\u00b7{_d(r, 2)}", "cl_old"),
            ]
        )
    hangul = r.choice(["ga", "na", "da", "ra", "ma", "geo", "neo", "ho"])
    return f"{_d(r, 2)}{hangul} {_d(r, 4)}", "kr_romanised"


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
    natid: str
    injury: date
    visit: date
    doc: _P
    nurse: _P
    claim: str
    accession: str
    employer: str


_EMPLOYERS = {
    "us": ("Tri-County Coal LLC", "Permian Roustabout Services", "Gulf Marine Fabricators"),
    "no": ("Nordsjø Boreservice AS", "Havbris Rederi AS", "Fjordlaks Oppdrett AS"),
    "se": ("Norrbottens Gruv AB", "Västkust Varv AB", "Skogsmaskin Nord AB"),
    "fi": ("Perämeren Satama Oy", "Metsäkone Pohjola Oy", "Kaivos Itä Oy"),
    "cz": ("Slévárna Kladno a.s.", "Důl Karviná s.r.o.", "Stavby Morava a.s."),
    "tr": ("Marmara Tersane A.Ş.", "Kozlu Maden İşletmesi", "Gebze Kimya San. A.Ş."),
    "cl": ("Minera Altiplano SpA", "Constructora Andes Ltda.", "Salmones del Sur S.A."),
    "kr": ("Hanbit Shipbuilding Co.", "Daewon Petrochemical", "Seohae Steel"),
}


def _case(r: random.Random, region: str) -> _Case:
    female = r.random() < 0.4
    p = _person(r, region, female)
    visit = date(2021, 1, 4) + timedelta(days=r.randint(0, 700))
    age = r.randint(90, 101) if r.random() < 0.25 else r.randint(19, 89)
    dob = date(visit.year - age - 1, r.randint(1, 12), r.randint(1, 28))
    if (dob.replace(year=visit.year) - visit).days <= 0:
        dob = dob.replace(year=dob.year + 1)
    age = visit.year - dob.year - ((visit.month, visit.day) < (dob.month, dob.day))
    mrn = r.choice([_d(r, 7), f"{_up(r, 2)}{_d(r, 6)}", f"{_d(r, 2)}-{_d(r, 5)}"])
    nat = {
        "us": lambda: _ssn(r),
        "no": lambda: _fnr(r, dob, female),
        "se": lambda: _pnr(r, dob, female, age),
        "fi": lambda: _hetu(r, dob, female),
        "cz": lambda: _rc(r, dob, female),
        "tr": lambda: _tckn(r),
        "cl": lambda: _rut(r, r.random() < 0.7),
        "kr": lambda: _rrn(r, dob, female),
    }[region]()
    kin = _person(r, region, not female)
    if region != "cz" and r.random() < 0.6:
        kin.family = p.family
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
        kin_rel=r.choice(["wife", "daughter", "niece"] if not female else ["husband", "son"]),
        kin_phone=_phone(r, region),
        natid=nat,
        injury=visit - timedelta(days=r.randint(1, 120)),
        visit=visit,
        doc=_clin(r),
        nurse=_clin(r),
        claim=r.choice(
            [f"WC-{_d(r, 2)}-{_d(r, 6)}", f"{_d(r, 3)}{_up(r, 2)}{_d(r, 5)}", f"C{_d(r, 9)}"]
        ),
        accession=r.choice([f"A{_d(r, 2)}-{_d(r, 6)}", f"{_up(r, 2)}{_d(r, 8)}"]),
        employer=r.choice(_EMPLOYERS[region]),
    )


def _tm(r: random.Random) -> str:
    return f"{r.randint(5, 22):02d}:{r.choice(['00', '10', '25', '40', '55'])}"


def _code(w: _W, codes: Sequence[str], form: str = "icd10") -> None:
    w.keep(w.r.choice(codes), form)


_ICD_INJ = ("S61.412A", "S39.012A", "T67.5XXA", "H83.3X3", "J62.8", "S83.241A", "M54.50")
_ICD_OCC = ("H83.3X3", "J62.8", "J60", "L24.9", "T56.0X1A", "G56.01")


# --------------------------------------------------------------------------- documents


def _fw(w: _W, value: str, width: int, kind: str = "", form: str = "") -> None:
    """A fixed-width field: the value, then blanks up to ``width`` (none when it is full)."""
    value = value[:width]
    _emit(w, [(value, kind, form)])
    w.add(" " * (width - len(value)))


def _froi_fixed(w: _W, c: _Case) -> None:
    """Workers' comp first report of injury, a fixed-width mainframe record (upper case)."""
    r = w.r
    w.add("FROI-148 EXTRACT  REC LEN 200  BATCH ")
    w.keep(_d(r, 6), "batch_number")
    w.add("\n....+....1....+....2....+....3....+....4....+....5....+....6....+....7\n")
    w.upper = True
    _fw(w, c.claim.replace("-", ""), 14, "account", "account:fixed_claim")
    _fw(w, c.p.family, 18, "name", "name:fixed_family")
    _fw(w, c.p.given, 12, "name", "name:fixed_given")
    w.phi(_fmt(c.dob, "d8"), "date", "date:fixed_d8")
    w.add("F" if c.female else "M")
    w.add(" ")
    w.phi(c.natid.replace("-", "").replace(" ", "").replace(".", ""), "ssn", "ssn:fixed_run")
    w.add(" ")
    w.phi(_fmt(c.injury, "julian"), "date", "date:fixed_julian")
    w.keep(f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}", "time_hhmm")
    w.add("\n")
    _fw(w, c.addr.street, 30, "address", "address:fixed_street")
    _fw(w, c.addr.city, 16, "address", "address:fixed_city")
    w.add(c.addr.state)
    w.phi(c.addr.zip.replace("-", ""), "zip", "zip:fixed_run")
    w.add(" ")
    w.phi(
        c.phone[0] if c.phone[1] == "us_4" else _d(r, 3) + "55501" + _d(r, 2),
        "phone",
        "phone:fixed_run",
    )
    w.add("\n")
    _fw(w, c.employer, 30)
    w.add("NAICS")
    w.keep(r.choice(["212111", "213112", "336611", "211120"]), "naics")
    w.add(" CLASS ")
    w.keep(r.choice(["1164", "6206", "6854", "8810"]), "ncci_class")
    w.add(" AWW ")
    w.keep(f"{r.randint(600, 2400):06d}00", "average_weekly_wage")
    w.add(" NATURE ")
    w.keep(r.choice(["40", "52", "10", "49"]), "nature_code")
    w.add(" PART ")
    w.keep(r.choice(["35", "42", "13", "55"]), "body_part_code")
    w.add("\nDX ")
    _code(w, _ICD_INJ)
    w.add("  TREATING ")
    _fw(w, c.doc.family, 16, "name", "name:fixed_doctor")
    w.add("NPI")
    w.phi(_npi(r), "license", "license:npi_fixed")
    w.add(" RTW ")
    w.phi(_fmt(c.visit, "d8"), "date", "date:fixed_rtw")
    w.add(" AGE ")
    _age(w, c.age, f"{c.age:03d}", "fixed_zero_padded")
    w.upper = False
    w.add("\n** END OF RECORD **\n")


def _mime_rtw(w: _W, c: _Case) -> None:
    """Adjuster's return-to-work e-mail with full MIME headers and quoted-printable."""
    r = w.r
    adj = _P(r.choice(["Kendra", "Marcus", "Shawna", "Dale"]), r.choice(["Ivey", "Prater", "Lusk"]))
    w.add("Return-Path: <")
    adj_mail = f"{adj.given.lower()}.{adj.family.lower()}@claims.example.com"
    w.phi(adj_mail, "email", "email:mime_return_path")
    w.add(">\nReceived: from mail-out.claims.example.com ([")
    w.phi(_ipv4(r), "ip", "ip:mime_received")
    w.add("]) by mx.occmed.example.org with ESMTPS id ")
    w.keep(_hex(r, 12).upper(), "smtp_queue_id")
    w.add(f";\n        {_DAYS[c.visit.weekday()][:3]}, ")
    w.phi(_fmt(c.visit, "rfc"), "date", "date:mime_received")
    w.add(f' {_tm(r)}:{r.randint(10, 59)} -0500\nFrom: "')
    _name(w, adj, "full", "mime_from")
    w.add('" <')
    w.phi(adj_mail, "email", "email:mime_from")
    w.add(">\nTo: occmed-intake@occmed.example.org\nCc: ")
    w.phi(c.email, "email", "email:mime_cc_worker")
    w.add(f"\nDate: {_DAYS[c.visit.weekday()][:3]}, ")
    w.phi(_fmt(c.visit, "rfc"), "date", "date:mime_date")
    w.add(f" {_tm(r)}:0{r.randint(0, 9)} -0500\nSubject: RTW status - claim ")
    w.phi(c.claim, "account", "account:mime_subject")
    w.add(" - ")
    _name(w, c.p, r.choice(["last_first", "full", "upper"]), "mime_subject")
    w.add("\nMessage-ID: <")
    w.keep(f"{_hex(r, 16)}.{_hex(r, 8)}", "message_id")
    w.add("@claims.example.com>\nMIME-Version: 1.0\n")
    boundary = f"----=_Part_{r.randint(1000, 9999)}_{_d(r, 9)}"
    w.add(f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n--{boundary}\n')
    w.add(
        "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
    )
    w.add("Dr. ")
    _name(w, c.doc, "family", "mime_body_doctor")
    w.add(",\n\nFollowing up on your note from ")
    _date(w, c.visit - timedelta(days=r.randint(2, 9)), r.choice(["mdy", "md", "long"]))
    w.add(". The employer (")
    w.add(c.employer)
    w.add(") can offer modified duty =\nstarting ")
    _date(w, c.visit + timedelta(days=r.randint(3, 14)), r.choice(["ordinal", "mdY", "word_ord"]))
    w.add(": no lifting over ")
    w.keep(str(r.choice([10, 15, 20, 25])), "lift_limit_lbs")
    w.add(" lbs, no climbing, ")
    w.keep(str(r.choice([4, 6, 8])), "hours_per_day")
    w.add(" hrs/day. Date of injury ")
    _date(w, c.injury, r.choice(["mdy0", "mdY", "m-d-y"]))
    w.add(". Employee's cell is ")
    _ph(w, c.phone)
    w.add(" and the SSN on file ends in ")
    w.phi(c.natid[-4:], "ssn", "ssn:mime_last4")
    w.add(".\nPlease fax the updated work status to ")
    _ph(w, _phone(r, "us"), "fax")
    w.add(" =3D attn claims unit.\n\nThanks,\n")
    _name(w, adj, "given", "mime_signature")
    w.add("\nSenior Claims Adjuster | direct ")
    _ph(w, _phone(r, "us"))
    w.add(f'\n\n--{boundary}\nContent-Type: application/pdf; name="')
    fam = _fold(c.p.family).upper()
    w.phi(fam, "name", "name:mime_attachment")
    w.add("_work_status_")
    w.phi(_fmt(c.visit, "d8"), "date", "date:mime_attachment")
    w.add(
        '.pdf"\nContent-Transfer-Encoding: base64\n\n'
        "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAw\n"
    )
    w.add(f"--{boundary}--\n")


def _ime_pdf(w: _W, c: _Case) -> None:
    """Independent medical examination, PDF-to-text: interleaved columns, page furniture."""
    r = w.r
    header: list[_Seg] = [
        ("INDEPENDENT MEDICAL EXAMINATION  ", "", ""),
        (c.p.last_first(), "name", "name:pdf_header_last_first"),
        ("  DOB ", "", ""),
        (_fmt(c.dob, "mdY"), "date", "date:pdf_header_dob"),
    ]
    footer_claim = c.claim

    def page_break(page: int, pages: int) -> None:
        w.add("\n\nClaim # ")
        w.phi(footer_claim, "account", "account:pdf_footer")
        w.add(f"{' ' * 20}Page {page} of {pages}\n\f")
        _emit(w, header)
        w.add("\n\n")

    _emit(w, header)
    w.add("\n\n")
    left: list[list[_Seg]] = [
        [("Examinee: ", "", ""), (c.p.full(), "name", "name:pdf_col_full")],
        [("Claim no.: ", "", ""), (c.claim, "account", "account:pdf_col")],
        [("D/Injury: ", "", ""), (_fmt(c.injury, "mdy0"), "date", "date:pdf_col_doi")],
        [("Employer: ", "", ""), (c.employer, "", "")],
        [("SSN: xxx-xx-", "", ""), (c.natid[-4:], "ssn", "ssn:pdf_col_last4")],
    ]
    ime_doc = c.doc
    right: list[list[_Seg]] = [
        [
            ("Examiner: ", "", ""),
            (ime_doc.full(), "name", "name:pdf_col_examiner"),
            (", MD", "", ""),
        ],
        [("Exam date: ", "", ""), (_fmt(c.visit, "long"), "date", "date:pdf_col_exam")],
        [("Referred by: ", "", ""), ("Keystone Mutual", "", "")],
        [("Interpreter: ", "", ""), (r.choice(["none", "Spanish", "Navajo"]), "", "")],
        [("Records pp.: ", "", ""), (str(r.randint(80, 900)), "~", "page_count")],
    ]
    for a, b in zip(left, right, strict=True):
        _emit(w, a)
        w.add(" " * max(2, 44 - _seglen(a)))
        _emit(w, b)
        w.add("\n")
    w.add("\nHISTORY\n")
    fam = c.p.family
    cut = max(2, len(fam) // 2)
    w.add("Ms. " if c.female else "Mr. ")
    if len(fam) > 5 and r.random() < 0.6:
        w.phi(f"{fam[:cut]}-\n{fam[cut:]}", "name", "name:pdf_hyphenated")
    else:
        w.phi(fam, "name", "name:pdf_family")
    w.add(" is a ")
    _age(w, c.age, str(c.age), "pdf_year_old")
    w.add("-year-old former ")
    w.add(r.choice(["roof bolter", "derrick hand", "pipefitter", "welder"]))
    w.add(" who reports that on ")
    _date(w, c.injury, r.choice(["long", "mdY"]))
    w.add(" he/she was struck by a\nfalling load. Seen in the ED the same day; MRI ")
    _date(w, c.injury + timedelta(days=r.randint(5, 30)), "mdy")
    w.add(" showed a full-thickness tear. Prior claim in ")
    w.keep(str(c.injury.year - r.randint(3, 15)), "bare_year")
    w.add(" (closed).")
    page_break(1, 2)
    w.add("EXAMINATION\nHeight ")
    w.keep(f"{r.randint(60, 76)}", "height_in")
    w.add(" in, weight ")
    w.keep(f"{r.randint(120, 290)}", "weight_lb")
    w.add(" lb. Grip (Jamar, kg) R ")
    w.keep(str(r.randint(12, 55)), "grip_kg")
    w.add(" / L ")
    w.keep(str(r.randint(12, 55)), "grip_kg")
    w.add(". Shoulder flexion ")
    w.keep(str(r.randint(60, 180)), "rom_degrees")
    w.add(" deg.\n\nIMPAIRMENT: ")
    w.keep(str(r.randint(2, 24)), "wpi_percent")
    w.add("% whole person (AMA Guides 6th ed., Table ")
    w.keep(f"15-{r.randint(2, 36)}", "table_ref")
    w.add("). MMI reached as of ")
    _date(w, c.visit, r.choice(["mdY", "long"]))
    w.add(".\n\n")
    _name(w, ime_doc, "full", "pdf_signature")
    w.add(", MD, MPH   Lic. ")
    w.phi(f"{r.choice(['MD', 'C', 'G'])}{_d(r, 5)}", "license", "license:pdf_state_md")
    page_break(2, 2)
    w.add("[end of document]\n")


def _audiometry_sheet(w: _W, c: _Case) -> None:
    """Hearing-conservation roster pasted from a spreadsheet; semicolons, decimal commas."""
    r = w.r
    region = c.region
    sv = region == "se"
    w.add("Hörselkontroll" if sv else "Hørselskontroll")
    w.add(f" – {c.employer} – ")
    w.keep(str(c.visit.year), "bare_year")
    w.add("\n")
    cols = (
        "Anst.nr;Namn;Personnummer;Född;Ålder;Datum;H 4k;V 4k;STS;Dosimeter;Anm"
        if sv
        else ("Ansattnr;Navn;Fødselsnummer;Født;Alder;Dato;H 4k;V 4k;STS;Dosimeter;Merknad")
    )
    w.add(cols + "\n")
    for _ in range(r.randint(3, 6)):
        x = _case(r, region)
        w.phi(f"{r.randint(10000, 99999)}", "mrn", "mrn:sheet_employee_no")
        w.add(";")
        _name(w, x.p, r.choice(["last_first", "full"]), "sheet")
        w.add(";")
        w.phi(x.natid, "natid", f"natid:sheet_{region}")
        w.add(";")
        _date(w, x.dob, r.choice(["iso", "dot"]))
        w.add(";")
        _age(w, x.age, str(x.age), "sheet_cell")
        w.add(";")
        _date(w, c.visit + timedelta(days=r.randint(0, 4)), r.choice(["iso", "dot_yy", "dot"]))
        w.add(";")
        w.keep(str(r.choice([10, 15, 20, 25, 35, 45, 55])), "threshold_db")
        w.add(";")
        w.keep(str(r.choice([10, 15, 20, 30, 40, 60])), "threshold_db")
        w.add(";")
        w.keep(f"{r.randint(0, 25)},{r.randint(0, 9)}", "sts_db")
        w.add(";")
        w.keep(f"{r.randint(78, 98)},{r.randint(0, 9)} dB(A)", "lex_8h")
        w.add(";")
        w.add(
            r.choice(
                [
                    "",
                    "Nej",
                    "Ja – remiss ÖNH" if sv else "Henvist ØNH",
                    "hörselskydd" if sv else "propper",
                ]
            )
        )
        w.add("\n")
    w.add(";;;;;;;;;;\n")
    w.add("Audiometer: Interacoustics AD629 s/n ")
    w.phi(f"{_d(r, 7)}", "serial", "serial:sheet_audiometer")
    w.add("; kalibrerad " if sv else "; kalibrert ")
    w.keep(str(c.visit.year - 1), "bare_year")
    w.add("\n")


def _sms_fi(w: _W, c: _Case) -> None:
    """Finnish occupational-health nurse and worker SMS thread."""
    r = w.r
    t = r.randint(7, 15) * 60

    def stamp(who: str) -> None:
        nonlocal t
        t += r.randint(2, 90)
        w.phi(_fmt(c.visit, r.choice(["dot_dm", "dot_short"])), "date", "date:sms_stamp")
        w.add(f" klo {t // 60 % 24}.{t % 60:02d} {who}: ")

    w.add("Tekstiviestit / SMS export – Työterveys ")
    w.add(r.choice(["Pohjola", "Satakunta", "Kainuu"]))
    w.add("\nPuh. ")
    _ph(w, c.phone)
    w.add(" (")
    _name(w, c.p, "full", "sms_header")
    w.add(")\n")
    stamp("TTH")
    w.add("Hei ")
    _name(w, c.p, "given", "sms_greeting")
    w.add("! Muistutus: työterveystarkastus ")
    _date(w, c.visit + timedelta(days=r.randint(1, 10)), r.choice(["dot_dm", "fi", "dot_short"]))
    w.add(f" klo {_tm(r)}. Ota mukaan Kela-kortti.\n")
    stamp("asiakas")
    w.add("ok. mun hetu on ")
    w.phi(c.natid, "natid", "natid:sms_hetu")
    w.add(" jos tarviitte. numero vaihtunut, uusi ")
    k = r.random()
    if k < 0.5:
        digits = "040" + _d(r, 7)
        w.phi(
            " ".join(_SPOKEN[x].replace("oh", "nolla") for x in digits[:3]) + " " + digits[3:],
            "phone",
            "phone:sms_half_spoken",
        )
    else:
        _ph(w, _phone(r, "fi"))
    w.add("\n")
    stamp("TTH")
    w.add("Kiitos. Audiogrammi ")
    _date(w, c.injury, r.choice(["dot_short", "dot"]))
    w.add(": 4 kHz ")
    w.keep(str(r.choice([30, 35, 40, 50])), "threshold_db")
    w.add(" dB. Lääkäri ")
    _name(w, c.doc, r.choice(["initial_last", "full"]), "sms_doctor")
    w.add(" soittaa. Sairausloma ")
    _range(w, c.visit, r.randint(3, 12), "fi")
    w.add(".\n")
    stamp("asiakas")
    w.add("voiko ")
    w.add("vaimo" if not c.female else "mies")
    w.add(" ")
    _name(w, c.kin, "given", "sms_kin")
    w.add(" tuoda todistuksen? osoite ")
    _addr_lines(w, c.addr, "fi", ", ", "sms")
    w.add("\n")


def _coc_log(w: _W, c: _Case) -> None:
    """Drug & alcohol testing chain-of-custody log: logfmt and JSON lines."""
    r = w.r
    ts = c.visit
    spec = f"{r.choice(['F', 'K', 'Q'])}{_d(r, 7)}"
    donor = f"E{_d(r, 6)}"
    ip = _ipv4(r)
    t = r.randint(6, 18) * 3600

    def stamp() -> None:
        nonlocal t
        t += r.randint(20, 900)
        w.add("ts=")
        w.phi(ts.isoformat(), "date", "date:logfmt_ts")
        w.add(f"T{t // 3600 % 24:02d}:{t // 60 % 60:02d}:{t % 60:02d}Z ")

    stamp()
    w.add("level=info event=donor_checkin donor_id=")
    w.phi(donor, "mrn", "mrn:logfmt_donor")
    w.add(' donor_name="')
    _name(w, c.p, r.choice(["last_first", "full"]), "logfmt")
    w.add('" reason=')
    w.add(r.choice(["post_accident", "random", "pre_employment", "reasonable_suspicion"]))
    w.add(" terminal_ip=")
    w.phi(ip, "ip", "ip:logfmt")
    w.add("\n")
    stamp()
    w.add("level=info event=id_verified id_type=CDL id_state=")
    w.add(r.choice(["TX", "WV", "WY"]))
    w.add(" id_number=")
    w.phi(
        f"{_d(r, 8)}" if r.random() < 0.5 else f"{_up(r, 1)}{_d(r, 7)}",
        "license",
        "license:logfmt_cdl",
    )
    w.add("\n")
    stamp()
    w.add("level=info event=specimen_sealed ccf=")
    w.phi(spec, "accession", "accession:logfmt_ccf")
    w.add(" temp_f=")
    w.keep(f"{r.randint(90, 99)}.{r.randint(0, 9)}", "specimen_temp")
    w.add(" split=true collector=")
    _name(w, c.nurse, "lower", "logfmt_collector")
    w.add("\n")
    w.add('{"ts":"')
    w.phi(ts.isoformat(), "date", "date:jsonl_ts")
    w.add(f'T{_tm(r)}:00Z","event":"breath_alcohol","device":"Intoxilyzer 9000","device_sn":"')
    w.phi(f"90-{_d(r, 6)}", "serial", "serial:jsonl_ebt")
    w.add('","screen_brac":')
    w.keep(f"0.0{r.randint(0, 4)}0", "brac")
    w.add(',"cutoff":0.020,"donor":"')
    w.phi(donor, "mrn", "mrn:jsonl_donor")
    w.add('","dob":"')
    _date(w, c.dob, "iso")
    w.add('","age":')
    _age(w, c.age, str(c.age), "jsonl_age")
    w.add("}\n")
    w.add('{"ts":"')
    w.phi(ts.isoformat(), "date", "date:jsonl_ts")
    w.add(f'T{_tm(r)}:30Z","event":"lab_result","ccf":"')
    w.phi(spec, "accession", "accession:jsonl_ccf")
    w.add('","panel":"DOT5","thc_ngml":')
    w.keep(str(r.choice([0, 0, 12, 48])), "thc_ngml")
    w.add(',"cutoff_ngml":50,"mro_url":"')
    w.phi(f"https://mro.example.net/review?ccf={spec}&donor={donor}", "url", "url:jsonl_mro")
    w.add('","mro_phone":"')
    _ph(w, _phone(r, "us"))
    w.add('"}\n')


def _ship_log(w: _W, c: _Case) -> None:
    """Ship's medical log, handwritten and transcribed (Norwegian vessel, mixed language)."""
    r = w.r
    vessel = r.choice(["M/S Havbris", "Nordsjø Viking", "F/T Fjordstjerne"])
    w.add(f"[transcribed from handwritten log, {vessel}, call sign ")
    w.keep(f"L{_up(r, 1)}{_d(r, 2)}{_up(r, 1)}", "call_sign")
    w.add(", IMO ")
    w.keep(f"9{_d(r, 6)}", "imo_number")
    w.add("]\n\n")
    w.add("Dato: ")
    _date(w, c.visit, r.choice(["dot_short", "no", "dot_yy"]))
    w.add(f"   kl. {_tm(r)} (UTC+1)   pos ")
    w.keep(
        f"{r.randint(56, 71)}°{r.randint(0, 59)}'N {r.randint(1, 25):03d}°{r.randint(0, 59)}'E",
        "position",
    )
    w.add("\nPasient: ")
    _name(w, c.p, r.choice(["full", "slash", "upper"]), "shiplog")
    w.add(" , ")
    w.add(r.choice(["matros", "maskinist", "kokk", "AB"]))
    w.add(", f. ")
    _date(w, c.dob, r.choice(["dot_yy", "dot_short", "y2md"]))
    w.add(" fnr ")
    w.phi(
        c.natid if r.random() < 0.5 else f"{c.natid[:6]} {c.natid[6:]}",
        "natid",
        "natid:shiplog_fnr",
    )
    w.add("\nSjøfartsbok nr ")
    w.phi(f"{_d(r, 2)}{_up(r, 2)}{_d(r, 5)}", "license", "license:seafarer_book")
    w.add("\n\nPt kom til hosp. m/ ")
    w.add(
        r.choice(
            ["kuttskade v. hånd", "knust finger (vinsj)", "brannskade underarm", "fall i trapp"]
        )
    )
    w.add(". ~~venstre~~ HØYRE. BT ")
    w.keep(f"{r.randint(100, 170)}/{r.randint(60, 100)}", "bp")
    w.add(" P ")
    w.keep(str(r.randint(55, 120)), "pulse")
    w.add(" T ")
    w.keep(f"{r.randint(360, 392) / 10:.1f}", "temperature")
    w.add(". Gitt paracet ")
    w.keep(str(r.choice([500, 1000])), "dose_mg")
    w.add(" mg po, [illegible] sutur x")
    w.keep(str(r.randint(2, 8)), "suture_count")
    w.add(".\nRadio Medico / Telemedisinsk ")
    w.add(r.choice(["Haukeland", "TMAS"]))
    w.add(" kontaktet kl ")
    w.keep(_tm(r), "time")
    w.add(", lege ")
    _name(w, c.doc, r.choice(["full", "initial_last"]), "shiplog_radio_doctor")
    w.add(" (HPR ")
    w.phi(_d(r, 7), "license", "license:hpr")
    w.add(") råder ilandsetting i ")
    w.add(r.choice(["Florø", "Tromsø", "Ålesund"]))
    w.add(".\nPårørende: ")
    w.add(
        {"wife": "kone", "daughter": "datter", "niece": "niese", "husband": "mann", "son": "sønn"}[
            c.kin_rel
        ]
    )
    w.add(" ")
    _name(w, c.kin, r.choice(["full", "given"]), "shiplog_kin")
    w.add(" tlf ")
    _ph(w, c.kin_phone)
    w.add(", adr. ")
    _addr_lines(w, c.addr, "no", ", ", "shiplog")
    w.add("\nAlder ")
    _age(w, c.age, str(c.age), "shiplog_alder")
    w.add(" år (?? står " + r.choice(["utydelig", "overskrevet"]) + ")\nsign. ")
    _name(w, c.nurse, "initial_last", "shiplog_officer")
    w.add(" , 1. styrm.\n")


def _box(w: _W, on: bool, fancy: bool) -> None:
    w.add(("\u2611 " if on else "\u2610 ") if fancy else ("[X] " if on else "[ ] "))


def _dot_exam(w: _W, c: _Case) -> None:
    """Commercial driver medical examination, a check-box form."""
    r = w.r
    fancy = r.random() < 0.5
    w.add("MEDICAL EXAMINATION REPORT FORM (for Commercial Driver Medical Certification)\n")
    w.add("SECTION 1. DRIVER INFORMATION\nLast Name: ")
    w.phi(c.p.family, "name", "name:form_family")
    w.add("   First Name: ")
    w.phi(c.p.given, "name", "name:form_given")
    w.add("   DOB: ")
    _date(w, c.dob, r.choice(["mdY", "mdy0"]))
    w.add("   Age: ")
    _age(w, c.age, str(c.age), "form_age")
    w.add("\nStreet: ")
    _addr_lines(w, c.addr, "us", "   City/State/Zip: ", "form")
    w.add("\nDriver's License No.: ")
    w.phi(
        r.choice([f"{_up(r, 1)}{_d(r, 7)}", _d(r, 9), f"{_d(r, 3)}-{_d(r, 3)}-{_d(r, 3)}"]),
        "license",
        "license:form_cdl",
    )
    w.add(f"   Issuing State: {c.addr.state}   Class: ")
    _box(w, True, fancy)
    w.add("A ")
    _box(w, False, fancy)
    w.add("B ")
    _box(w, False, fancy)
    w.add("C\nCell: ")
    _ph(w, c.phone)
    w.add("   E-mail: ")
    w.phi(c.email, "email", "email:form")
    w.add("\nCDLIS verification: ")
    _box(w, True, fancy)
    w.add("Yes  Truck unit plate: ")
    pl = _plate(r, "us")
    w.phi(pl[0], "plate", f"plate:form_{pl[1]}")
    w.add("\n\nSECTION 2. HEALTH HISTORY  (Yes / No)\n")
    for q in (
        "Sleep disorders, pauses in breathing",
        "Diabetes or elevated blood sugar",
        "Loss of hearing",
        "Heart attack or other heart problems",
    ):
        yes = r.random() < 0.3
        _box(w, yes, fancy)
        _box(w, not yes, fancy)
        w.add(q + "\n")
    w.add("\nSECTION 3. EXAMINATION\nBP ")
    w.keep(f"{r.randint(110, 170)}/{r.randint(65, 100)}", "bp")
    w.add("  Pulse ")
    w.keep(str(r.randint(55, 105)), "pulse")
    w.add("  Height ")
    w.keep(f"{r.randint(5, 6)}'{r.randint(0, 11)}\"", "height")
    w.add("  Weight ")
    w.keep(str(r.randint(140, 330)), "weight_lb")
    w.add(" lb  Urine SG ")
    w.keep(f"1.0{r.randint(5, 30):02d}", "urine_sg")
    w.add("\nVision 20/")
    w.keep(str(r.choice([20, 25, 30, 40])), "visual_acuity")
    w.add(" OU, forced whisper ")
    w.keep(str(r.choice([5, 5, 4])), "whisper_ft")
    w.add(" ft.\n\nDetermination: ")
    _box(w, True, fancy)
    w.add("Meets standards, qualifies for ")
    w.keep(str(r.choice([1, 2])), "cert_years")
    w.add("-year certificate, expires ")
    _date(w, c.visit + timedelta(days=r.choice([365, 730])), r.choice(["mdY", "mdy"]))
    w.add("\nMedical Examiner: ")
    _name(w, c.doc, "full", "form_examiner")
    w.add("   National Registry No.: ")
    w.phi(_d(r, 10), "license", "license:fmcsa_registry")
    w.add("   Exam date: ")
    _date(w, c.visit, "mdY")
    w.add("\n")


def _tr_referral(w: _W, c: _Case) -> None:
    """Turkish occupational-disease referral (romanised, with an English gloss)."""
    r = w.r
    w.add("T.C. SAĞLIK BAKANLIĞI\nMeslek Hastalıkları Polikliniği – Sevk Formu\n\nAdı Soyadı: ")
    _name(w, c.p, r.choice(["full", "upper"]), "tr_form")
    w.add("\nT.C. Kimlik No: ")
    w.phi(c.natid, "natid", "natid:tckn")
    w.add("\nSGK Sicil No: ")
    w.phi(f"{_d(r, 4)}-{_d(r, 7)}" if r.random() < 0.5 else _d(r, 11), "plan", "plan:sgk")
    w.add("\nDoğum Tarihi: ")
    _date(w, c.dob, r.choice(["tr", "dot"]))
    w.add(" (")
    _age(w, c.age, str(c.age), "tr_yas")
    w.add(" yaş)\nAdres: ")
    _addr_lines(w, c.addr, "tr", ", ", "tr_form")
    w.add("\nTel: ")
    _ph(w, c.phone)
    w.add("\nİşyeri: ")
    w.add(c.employer)
    w.add(", SGK işyeri sicil kodu ")
    w.keep(f"2{_d(r, 4)}.01.01", "workplace_code")
    w.add("\n\nÖykü: ")
    w.keep(str(r.randint(5, 30)), "years_exposure")
    w.add(" yıl kumlama işçisi (sandblaster). İlk yakınma ")
    _date(w, c.injury, r.choice(["tr", "month_year"]))
    w.add(". PA akciğer grafisi ")
    _date(w, c.visit - timedelta(days=r.randint(3, 20)), "dot")
    w.add(", ILO ")
    w.keep(r.choice(["2/2 q/r", "1/1 p/q", "3/3 r/r"]), "ilo_profusion")
    w.add(". FEV1 %")
    w.keep(str(r.randint(35, 95)), "fev1_pct")
    w.add(", FVC %")
    w.keep(str(r.randint(40, 98)), "fvc_pct")
    w.add(". Tanı ön: ")
    _code(w, _ICD_OCC)
    w.add("\n(EN: referred for suspected silicosis; see spirometry attached.)\n\nSevk eden: Dr. ")
    _name(w, c.doc, "full", "tr_doctor")
    w.add(", diploma tescil no ")
    w.phi(_d(r, 6), "license", "license:tr_diploma")
    w.add("  Tarih: ")
    _date(w, c.visit, r.choice(["dot", "tr"]))
    w.add("\n")


def _cz_injury(w: _W, c: _Case) -> None:
    """Czech work-injury record (záznam o úrazu), labelled fields."""
    r = w.r
    w.add("ZÁZNAM O ÚRAZU – evidenční číslo záznamu: ")
    w.phi(f"{_d(r, 3)}/{c.visit.year}", "account", "account:cz_zaznam")
    w.add("\n\n1. Jméno a příjmení: ")
    _name(w, c.p, r.choice(["full", "upper"]), "cz_form")
    w.add("\n2. Rodné číslo: ")
    rc = c.natid if r.random() < 0.7 else c.natid.replace("/", "")
    w.phi(rc, "natid", "natid:rodne_cislo")
    w.add("\n3. Datum narození: ")
    _date(w, c.dob, r.choice(["cs", "dot_short"]))
    w.add("   věk: ")
    _age(w, c.age, str(c.age), "cz_vek")
    w.add("\n4. Bydliště: ")
    _addr_lines(w, c.addr, "cz", ", ", "cz_form")
    w.add("\n5. Zdravotní pojišťovna: ")
    w.keep(r.choice(["111", "205", "207", "211"]), "insurer_code")
    w.add(", číslo pojištěnce ")
    w.phi(c.natid.replace("/", ""), "plan", "plan:cz_pojistenec")
    w.add("\n6. Datum a hodina úrazu: ")
    _date(w, c.injury, r.choice(["cs", "dot_short", "dot"]))
    w.add(f", {r.randint(5, 22)}:{r.randint(0, 59):02d} hod.\n7. Zaměstnavatel: {c.employer}, IČO ")
    w.keep(_d(r, 8), "company_ico")
    w.add("\n8. Popis: pád z lešení z výšky ")
    w.keep(f"{r.randint(1, 6)},{r.randint(0, 9)}", "height_m")
    w.add(" m, zlomenina ")
    _code(w, ("S82.201A", "S52.501A", "S32.009A"))
    w.add(". Pracovní neschopnost ")
    _range(w, c.injury, r.randint(10, 60), "cs")
    w.add(".\n9. Svědek: ")
    _name(w, _person(r, "cz"), "full", "cz_witness")
    w.add(", tel. ")
    _ph(w, _phone(r, "cz"))
    w.add("\n10. Služební vozidlo RZ ")
    pl = _plate(r, "cz")
    w.phi(pl[0], "plate", f"plate:cz_{pl[1]}")
    w.add("\nOšetřující lékař: MUDr. ")
    _name(w, c.doc, "full", "cz_mudr")
    w.add(", e-mail ")
    w.phi(f"{_fold(c.doc.family)}@nemocnice.example.cz", "email", "email:cz_doctor")
    w.add("\n")


def _cl_diat(w: _W, c: _Case) -> None:
    """Chilean work-accident report (DIAT, Ley 16.744) and mutual admission."""
    r = w.r
    w.add("DENUNCIA INDIVIDUAL DE ACCIDENTE DEL TRABAJO (DIAT)  Folio N° ")
    w.phi(_d(r, 9), "account", "account:diat_folio")
    w.add("\nOrganismo administrador: Mutual de Seguridad   N° adherente ")
    w.phi(f"{_d(r, 5)}-{_d(r, 1)}", "plan", "plan:cl_adherente")
    w.add("\n\nNombre: ")
    _name(w, c.p, r.choice(["full", "upper"]), "cl_form")
    w.add("\nRUT: ")
    w.phi(c.natid, "natid", "natid:rut")
    w.add("   Fecha nac.: ")
    _date(w, c.dob, r.choice(["dmY", "es", "es_short"]))
    w.add("   Edad: ")
    _age(w, c.age, str(c.age), "cl_edad")
    w.add(" años\nDomicilio: ")
    _addr_lines(w, c.addr, "cl", ", ", "cl_form")
    w.add("\nFono: ")
    _ph(w, c.phone)
    w.add("   Previsión: ")
    w.add(r.choice(["FONASA tramo B", "ISAPRE Colmena", "FONASA tramo C"]))
    w.add("\n\nEl ")
    _date(w, c.injury, r.choice(["es", "dmY"]))
    w.add(f" a las {_tm(r)} hrs, en faena a ")
    w.keep(str(r.randint(2800, 4600)), "altitude_m")
    w.add(" m.s.n.m., el trabajador conducía la camioneta patente ")
    pl = _plate(r, "cl")
    w.phi(pl[0], "plate", f"plate:{pl[1]}")
    w.add(" y volcó. Licencia médica ")
    _range(w, c.injury, r.randint(5, 30), "es")
    w.add(". SatO2 ")
    w.keep(f"{r.randint(82, 97)}%", "spo2")
    w.add(", Glasgow ")
    w.keep(str(r.randint(13, 15)), "gcs")
    w.add(".\nContacto: ")
    w.add(
        {
            "wife": "esposa",
            "daughter": "hija",
            "niece": "sobrina",
            "husband": "esposo",
            "son": "hijo",
        }[c.kin_rel]
    )
    w.add(" ")
    _name(w, c.kin, r.choice(["full", "given"]), "cl_kin")
    w.add(" ")
    _ph(w, c.kin_phone)
    w.add("\nMédico: Dr(a). ")
    _name(w, c.doc, "full", "cl_doctor")
    w.add(" RUT ")
    w.phi(_rut(r), "natid", "natid:rut_doctor")
    w.add("\n")


def _kr_referral(w: _W, c: _Case) -> None:
    """Korean occupational-medicine referral, romanised."""
    r = w.r
    w.add("Jindanseo / Referral – Ulsan Industrial Health Center\nSeongmyeong (name): ")
    _name(w, c.p, r.choice(["full", "upper"]), "kr_form")
    w.add("\nJumin deungnok beonho (RRN): ")
    rrn = c.natid if r.random() < 0.6 else c.natid[:8] + "******"
    w.phi(rrn, "natid", "natid:rrn" if "*" not in rrn else "natid:rrn_masked")
    w.add("\nSaengnyeonworil (DOB): ")
    _date(w, c.dob, r.choice(["kr", "kr_dot", "ymd_dot"]))
    w.add("  Nai (age): man ")
    _age(w, c.age, str(c.age), "kr_man_nai")
    w.add("-se\nGeongang boheom jeung beonho: ")
    w.phi(_d(r, 11), "plan", "plan:kr_nhis")
    w.add("\nJuso: ")
    _addr_lines(w, c.addr, "kr", ", ", "kr_form")
    w.add("\nHyudaepon: ")
    _ph(w, c.phone)
    w.add("\nSaeopjang: ")
    w.add(c.employer)
    w.add(", sabeon (employee no.) ")
    w.phi(f"{_up(r, 1)}{_d(r, 6)}", "mrn", "mrn:kr_sabeon")
    w.add("\n\nJeungsang: benzene exposure ")
    w.keep(str(r.randint(3, 28)), "years_exposure")
    w.add(" yrs, urinary t,t-MA ")
    w.keep(f"{r.randint(1, 30) / 10:.1f}", "lab_value")
    w.add(" mg/g Cr, WBC ")
    w.keep(f"{r.randint(25, 110) / 10:.1f}", "lab_value")
    w.add(". Teukgeom (special health exam) ")
    _date(w, c.injury, r.choice(["kr", "ymd_dot", "iso"]))
    w.add(", iljeon ")
    _date(w, c.injury - timedelta(days=365), r.choice(["ymd_dot", "kr_dot"]))
    w.add("\nGajok: ")
    _name(w, c.kin, "full", "kr_kin")
    w.add(" (")
    w.add(
        {
            "wife": "anae",
            "daughter": "ttal",
            "niece": "joka",
            "husband": "nampyeon",
            "son": "adeul",
        }[c.kin_rel]
    )
    w.add(") ")
    _ph(w, c.kin_phone)
    w.add("\nUisa: ")
    _name(w, c.doc, "full", "kr_doctor")
    w.add(", myeonheo beonho ")
    w.phi(_d(r, 5), "license", "license:kr_myeonheo")
    w.add("  ")
    _date(w, c.visit, r.choice(["kr", "iso"]))
    w.add("\n")


def _ur_review(w: _W, c: _Case) -> None:
    """Utilisation review determination with relative dates anchored to the injury."""
    r = w.r
    w.add("UTILIZATION REVIEW DETERMINATION\nUR Ref#: ")
    w.phi(f"UR{_d(r, 8)}", "account", "account:ur_ref")
    w.add("   Claim: ")
    w.phi(c.claim, "account", "account:ur_claim")
    w.add("\nInjured worker: ")
    _name(w, c.p, r.choice(["last_first", "full"]), "ur")
    w.add("   DOB ")
    _date(w, c.dob, r.choice(["mdy", "mdy0", "dd-Mon-yy"]))
    w.add("   Group health member ID ")
    w.phi(f"{_up(r, 3)}{_d(r, 9)}", "plan", "plan:ur_member")
    w.add("\nDOI: ")
    _date(w, c.injury, r.choice(["mdy", "mdy0", "MON_DD_YYYY"]))
    w.add(r.choice([" (approx.)", "", " per FROI"]))
    w.add("\nRequest rec'd ")
    _date(w, c.visit - timedelta(days=r.randint(2, 6)), r.choice(["md", "mdy"]))
    w.add(f" {_tm(r)}; decision due within ")
    w.keep(str(r.choice([5, 14])), "business_days")
    w.add(" business days.\n\nRequested: ")
    w.add(
        r.choice(
            [
                "PT 2x/wk x 6 wks (CPT ",
                "lumbar MRI w/o contrast (CPT ",
                "R shoulder arthroscopy (CPT ",
            ]
        )
    )
    w.keep(r.choice(["97110", "72148", "29827"]), "cpt")
    w.add(").\nClinical summary: ")
    w.keep(str(r.randint(2, 12)), "weeks")
    w.add(" weeks after the injury of ")
    _date(w, c.injury, r.choice(["md", "ordinal", "word_ord"]))
    w.add(" pt still reports pain ")
    w.keep(f"{r.randint(4, 9)}/10", "pain_score")
    w.add("; seen ")
    w.keep(str(r.randint(2, 10)), "days")
    w.add(" days post-op on ")
    _date(w, c.visit - timedelta(days=r.randint(10, 30)), r.choice(["m-d-y", "mdy"]))
    w.add(". Completed ")
    w.keep(str(r.randint(6, 24)), "visits")
    w.add(" PT visits ")
    _range(w, c.injury + timedelta(days=7), r.randint(20, 50))
    w.add(". Week of ")
    _date(w, c.visit, "isoweek")
    w.add(" off work.\nGuideline: ODG / MTUS; ")
    w.keep(r.choice(["ODG-TWC 2021", "MTUS 2017"]), "guideline")
    w.add(".\nDetermination: ")
    w.add(r.choice(["CERTIFIED", "MODIFIED (6 visits)", "NON-CERTIFIED"]))
    w.add(".\nPeer reviewer: ")
    _name(w, c.doc, r.choice(["full", "initial_last"]), "ur_reviewer")
    w.add(", DO, board certified PM&R, NPI ")
    w.phi(_npi(r), "license", "license:npi_ur")
    w.add("\nPeer-to-peer attempted with treating provider ")
    _name(w, _clin(r), "full", "ur_treating")
    w.add(" at ")
    _ph(w, _phone(r, "us"))
    w.add(" on ")
    _date(w, c.visit - timedelta(days=1), r.choice(["md", "mdy"]))
    w.add(f" at {_tm(r)}, voicemail left.\nAppeal: https://ur.example.org/appeal  fax ")
    _ph(w, _phone(r, "us"), "fax")
    w.add("\n")


def _b_read(w: _W, c: _Case) -> None:
    """ILO classification of a chest radiograph by a NIOSH B reader."""
    r = w.r
    w.add("ILO INTERNATIONAL CLASSIFICATION OF RADIOGRAPHS OF PNEUMOCONIOSES\n")
    w.add("Coal Workers' Health Surveillance Program  Miner ID: ")
    w.phi(
        f"{_d(r, 3)}-{_d(r, 2)}-{_d(r, 4)}" if r.random() < 0.3 else c.natid,
        "ssn",
        "ssn:miner_id_ssn",
    )
    w.add("\nMiner: ")
    _name(w, c.p, r.choice(["last_first", "slash", "full"]), "bread")
    w.add("   DOB ")
    _date(w, c.dob, r.choice(["mdY", "mdy"]))
    w.add("   Facility: ")
    w.add(r.choice(["Appalachian Mobile Unit 3", "Stone Mountain Clinic"]))
    w.add("\nFilm / image ID: ")
    w.phi(c.accession, "accession", "accession:bread_film")
    w.add("   Date of radiograph: ")
    _date(w, c.visit - timedelta(days=r.randint(2, 30)), r.choice(["mdY", "mdy0"]))
    w.add("\nPACS: ")
    w.phi(
        f"http://{_ipv4(r)}:8080/viewer?studyUID=1.2.840.{_d(r, 6)}.{_d(r, 8)}&acc={c.accession}",
        "url",
        "url:pacs",
    )
    w.add("\n\n1A Image quality: ")
    w.keep(str(r.randint(1, 3)), "film_quality")
    w.add("   2B Small opacities: primary ")
    w.keep(r.choice(["p", "q", "r", "s", "t"]), "opacity_shape")
    w.add(" secondary ")
    w.keep(r.choice(["p", "q", "r"]), "opacity_shape")
    w.add(" zones R U/M/L, profusion ")
    w.keep(r.choice(["0/1", "1/0", "1/1", "2/1", "2/2", "3/2"]), "ilo_profusion")
    w.add("\n2C Large opacities: ")
    w.keep(r.choice(["0", "A", "B"]), "large_opacity")
    w.add("   3 Pleural: no\n4 Symbols: ")
    w.add(r.choice(["ax, em", "hi", "tb?", "none"]))
    w.add("\n\nB Reader: ")
    _name(w, c.doc, "full", "bread_reader")
    w.add(", MD   NIOSH B Reader cert #")
    w.phi(_d(r, 5), "license", "license:niosh_breader")
    w.add("   Date of reading: ")
    _date(w, c.visit, "mdY")
    w.add("\nReturn to: ")
    _addr_lines(w, c.addr, "us", ", ", "bread")
    w.add("\n")


def _manifest(w: _W, c: _Case) -> None:
    """North Sea helicopter manifest with offshore health certificates (several travellers)."""
    r = w.r
    w.add("PASSENGER MANIFEST  Flight ")
    w.keep(f"{_up(r, 2)}{r.randint(100, 999)}", "flight_number")
    w.add(" ")
    _date(w, c.visit, r.choice(["dot", "iso", "dMonY"]))
    w.add(f"  Sola -> {r.choice(['Johan Sverdrup', 'Troll A', 'Gullfaks C'])}  ETD {_tm(r)}\n")
    w.add(
        f"{'#':<3}{'Name':<28}{'Nat':<5}{'Passport / ID':<16}{'Body kg':<9}{'Bag kg':<8}"
        "Health cert exp\n"
    )
    for i in range(r.randint(3, 6)):
        region = r.choice(["no", "se", "fi", "tr", "cz"])
        x = _case(r, region)
        w.add(f"{i + 1:<3}")
        _fw(w, f"{x.p.family.upper()}/{x.p.given}", 28, "name", "name:manifest_slash")
        w.add(f"{region.upper():<5}")
        if r.random() < 0.5:
            _fw(w, f"{_up(r, 2)}{_d(r, 7)}", 16, "natid", "natid:passport")
        else:
            _fw(w, x.natid, 16, "natid", f"natid:manifest_{region}")
        _fw(w, str(r.randint(55, 130)), 9, "~", "body_weight")
        _fw(w, str(r.randint(3, 15)), 8, "~", "bag_weight")
        _date(
            w, x.visit + timedelta(days=r.randint(30, 700)), r.choice(["dot", "iso", "dd-Mon-yy"])
        )
        w.add("\n")
    w.add("\nNOK contact for flight: HLO ")
    _name(w, _clin(r), "full", "manifest_hlo")
    w.add(" ")
    _ph(w, _phone(r, "no"))
    w.add("\nHUET/BOSIET verified; survival suits sizes per roster. Weather min ")
    w.keep(f"{r.randint(200, 900)} ft", "cloud_base")
    w.add(".\n")


# the order cycles through the list; the region is the subject's
_DOCS: tuple[tuple[str, str, Callable[[_W, _Case], None]], ...] = (
    ("froi_fixed", "us", _froi_fixed),
    ("mime_rtw", "us", _mime_rtw),
    ("ime_pdf", "us", _ime_pdf),
    ("audiometry_sheet_se", "se", _audiometry_sheet),
    ("sms_fi", "fi", _sms_fi),
    ("coc_log", "us", _coc_log),
    ("ship_log_no", "no", _ship_log),
    ("dot_exam", "us", _dot_exam),
    ("tr_referral", "tr", _tr_referral),
    ("cz_injury", "cz", _cz_injury),
    ("cl_diat", "cl", _cl_diat),
    ("kr_referral", "kr", _kr_referral),
    ("ur_review", "us", _ur_review),
    ("b_read", "us", _b_read),
    ("offshore_manifest", "no", _manifest),
    ("audiometry_sheet_no", "no", _audiometry_sheet),
)
_NO_SUBJECT = {"audiometry_sheet_se", "audiometry_sheet_no", "offshore_manifest"}


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc in _NO_SUBJECT or r.random() < 0.12:
        return {}
    ctx: dict[str, object] = {
        "first_name": c.p.given,
        "last_name": c.p.family,
        "mrn": c.mrn,
        "birth_date": c.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": c.phone[0], "city": c.addr.city, "zip": c.addr.zip})
        if c.region == "us":
            ctx["ssn"] = c.natid
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
    if _fmt(d, "julian") != "21068" or _fmt(d, "isoweek") != "2021-W10-2":
        problems.append("julian / ISO week dates are off")
    if _fmt(d, "cs") != "9. března 2021" or _fmt(d, "es") != "9 de marzo de 2021":
        problems.append("date formatting is off")
    if _words(93) != "ninety-three" or _nth(22) != "22nd" or _ord_word(23) != "twenty-third":
        problems.append("number words are off")
    if _luhn_digit("7992739871") != "3":
        problems.append("Luhn check digit is off")
    r = random.Random(0)
    rc = _rc(r, date(1931, 4, 12), True).replace("/", "")
    if int(rc) % 11 or rc[2:4] != "54":
        problems.append("rodné číslo is off")
    t = _tckn(r)
    if sum(map(int, t[:10])) % 10 != int(t[10]):
        problems.append("TC Kimlik check digit is off")
    if _cz_female("Procházka") != "Procházková" or _cz_female("Černý") != "Černá":
        problems.append("Czech surnames are off")
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
        title="held-out style 10 (occupational health, workers' compensation, maritime)",
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
