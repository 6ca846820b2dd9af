"""An eleventh held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run: the
paperwork of dentistry, oral and maxillofacial surgery and forensic odontology, in eleven countries.

The document types, their layouts and the countries are not described here on purpose, so that
whoever scores this style stays blind to them; read the generator functions for the details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles and
credentials outside name spans; weekday names, times, states, provinces, counties, countries,
bare years, clinic, laboratory and payer names, tooth numbers (FDI, Universal, Palmer), probing
depths, shades, CDT / ICD-10 codes, anaesthetic doses, implant models, lot numbers and expiry
dates of materials, radiograph counts, vital signs, lab values and ages of 89 or under never
labelled (the planted ones are recorded as look-alikes); every calendar date about a person is a
``date`` (a range is one span); ages labelled only over 89 (digits or words, the number only).
An address is split into street line, city / district spans and a separate ``zip`` span.
Kinds: ``name date age phone fax email address zip ssn natid mrn account plan license plate
serial ip url accession``. ``ssn`` is a US Social Security number only; ``natid`` another
country's national number or a passport; ``mrn`` chart and record numbers; ``account`` claim,
ticket-linked case, invoice and pre-determination numbers; ``plan`` insurance / social-security
member numbers; ``license`` clinicians' registration numbers and drivers' licences; ``serial``
device serials; ``accession`` laboratory case and specimen numbers. About a quarter of the notes
carry no patient context. Every span is tagged with the phrasing it was written in, and every
planted look-alike is recorded.

    python benchmarks/notes_heldout_dental.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_dental.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_dental.py               # 300 notes, seed 9990
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_heldout_harness import run_style  # noqa: E402
from notes_heldout_occupational import (  # noqa: E402
    _W,
    KINDS,
    TaggedNote,
    _d,
    _hex,
    _ipv4,
    _ipv6,
    _luhn_digit,
    _npi,
    _nth,
    _ord_word,
    _ssn,
    _up,
    _words,
    check,
    score_and_report,
)

DEFAULT_SEED = 9990
DEFAULT_N = 300

# --------------------------------------------------------------------------- people

_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "us": (
        ("Darlene", "Bobbie Jo", "Marisol", "Geraldine", "Shonda", "Loretta", "Imelda"),
        ("Duane", "Cletus", "Marvin", "Rusty", "Alvin", "Jerome", "Dewayne"),
        ("Kowalczyk", "Thibodeaux", "McAllister", "Begay", "Hollingsworth", "Truong", "Pettaway"),
    ),
    "mx": (
        ("Guadalupe", "María de los Ángeles", "Xóchitl", "Itzel", "Rocío", "Yesenia"),
        ("José Luis", "Cuauhtémoc", "Jesús", "Eleazar", "Rigoberto", "Juan Carlos"),
        ("Hernández Ortiz", "Pérez Nava", "Ramírez Tlapa", "Cruz Bautista", "Domínguez Cano"),
    ),
    "ph": (
        ("Ma. Corazon", "Lourdes", "Rowena", "Jocelyn", "Marites", "Divina"),
        ("Rodrigo", "Jun-Jun", "Ernesto", "Reynaldo", "Bienvenido", "Nestor"),
        ("dela Cruz", "Macaraeg", "Bautista", "Dimaculangan", "Villareal", "Pangilinan"),
    ),
    "gr": (
        ("Eleni", "Panagiota", "Vasiliki", "Dimitra", "Chrysoula", "Kalliopi"),
        ("Georgios", "Konstantinos", "Theodoros", "Spyridon", "Evangelos", "Christos"),
        ("Papadopoulou", "Georgiou", "Karamanlis", "Vlachou", "Nikolaidis", "Tsakiris"),
    ),
    "il": (
        ("Tamar", "Yael", "Shoshana", "Rivka", "Noa", "Miriam"),
        ("Avraham", "Yitzhak", "Moshe", "Eitan", "Shlomo", "Yosef"),
        ("Ben-David", "Mizrahi", "Peretz", "Friedman", "Biton", "Azoulay", "Katz"),
    ),
    "ng": (
        ("Ngozi", "Folasade", "Chiamaka", "Hauwa", "Oluwaseun", "Ifeoma"),
        ("Chukwuemeka", "Babatunde", "Ibrahim", "Oluwafemi", "Tochukwu", "Musa"),
        ("Okonkwo", "Adeyemi", "Abubakar", "Nwachukwu", "Ogunleye", "Eze", "Balogun"),
    ),
    "ro": (
        ("Ioana", "Mihaela", "Florentina", "Elisabeta", "Viorica", "Anca"),
        ("Gheorghe", "Ionuț", "Vasile", "Constantin", "Mircea", "Dragoș"),
        ("Popescu", "Ionescu", "Munteanu", "Dumitrescu", "Stoica", "Constantinescu"),
    ),
    "ar": (
        ("Graciela", "Mirta", "Nélida", "Florencia", "Agustina", "Norma Beatriz"),
        ("Horacio", "Néstor", "Facundo", "Osvaldo", "Gustavo Adolfo", "Ezequiel"),
        ("Fernández", "Giménez", "Bianchi", "Sosa", "Etcheverry", "Romero Aguirre"),
    ),
    "vn": (
        ("Thị Lan", "Thị Hoa", "Ngọc Ánh", "Thị Thu", "Minh Thư", "Thị Hằng"),
        ("Văn Hùng", "Quốc Bảo", "Văn Thắng", "Minh Tuấn", "Đức Anh", "Hữu Phước"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"),
    ),
    "ke": (
        ("Wanjiru", "Akinyi", "Nyambura", "Chebet", "Atieno", "Mumbua"),
        ("Kamau", "Otieno", "Kipchoge", "Mwangi", "Ochieng", "Mutua"),
        ("Njoroge", "Odhiambo", "Kiprotich", "Wafula", "Mutiso", "Onyango", "Chege"),
    ),
    "ua": (
        ("Oksana", "Halyna", "Nataliia", "Liudmyla", "Svitlana", "Tetiana"),
        ("Mykola", "Oleksandr", "Volodymyr", "Serhii", "Vasyl", "Taras"),
        ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachuk", "Kravchenko", "Melnyk"),
    ),
}
_CLIN = (
    ("Priya", "Ezinne", "Dalia", "Horia", "Lucía", "Kwabena", "Maeve", "Thanh"),
    ("Okafor", "Iordache", "Valdés", "Haddad", "Santiago", "Marcu", "Lindqvist", "Quispe"),
)


@dataclass
class _P:
    given: str
    family: str

    def full(self) -> str:
        if self.family in _NAMES["vn"][2]:
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"


def _person(r: random.Random, region: str, female: bool) -> _P:
    f, m, fam = _NAMES[region]
    return _P(r.choice(f if female else m), r.choice(fam))


def _clin(r: random.Random) -> _P:
    return _P(r.choice(_CLIN[0]), r.choice(_CLIN[1]))


def _name(w: _W, p: _P, style: str, form: str) -> None:
    text = {
        "full": p.full(),
        "last_first": f"{p.family.upper()}, {p.given}",
        "family": p.family,
        "given": p.given,
        "initial": f"{p.given[0]}. {p.family}",
        "upper": p.full().upper(),
        "lower": p.full().lower(),
        "caret": f"{p.family.upper()}^{p.given.upper()}",
    }[style]
    w.phi(text, "name", f"name:{form}_{style}")


# --------------------------------------------------------------------------- dates

_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_LANG = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "ro": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie "
    "noiembrie decembrie",
    "el": "Ianouariou Fevrouariou Martiou Apriliou Maiou Iouniou Iouliou Avgoustou Septemvriou "
    "Oktovriou Noemvriou Dekemvriou",
    "sw": "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba Desemba",
    "uk": "sichnia liutoho bereznia kvitnia travnia chervnia lypnia serpnia veresnia zhovtnia "
    "lystopada hrudnia",
    "tl": "Enero Pebrero Marso Abril Mayo Hunyo Hulyo Agosto Setyembre Oktubre Nobyembre Disyembre",
    "he": "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.",
}
_MX_MON = "ENE FEB MAR ABR MAY JUN JUL AGO SEP OCT NOV DIC".split()


def _lm(lang: str, d: date) -> str:
    return _LANG[lang].split()[d.month - 1]


def _fmt(d: date, style: str) -> str:
    m, mon = _MONTHS[d.month - 1], _MON[d.month - 1]
    return {
        "mdY": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdy": f"{d.month}/{d.day}/{d.year % 100:02d}",
        "dmY": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy": f"{d.day}/{d.month}/{d.year % 100:02d}",
        "dash_dmY": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dot_yy": f"{d.day}.{d.month}.{d.year % 100:02d}",
        "iso": d.isoformat(),
        "ymd_slash": f"{d.year}/{d.month:02d}/{d.day:02d}",
        "d8": f"{d:%Y%m%d}",
        "long": f"{m} {d.day}, {d.year}",
        "ordinal": f"{m} {_nth(d.day)}, {d.year}",
        "dMonY": f"{d.day} {mon} {d.year}",
        "DDMONYYYY": f"{d.day:02d}{mon.upper()}{d.year}",
        "word_ord": f"the {_ord_word(d.day)} of {m}, {d.year}",
        "mx": f"{d.day:02d}/{_MX_MON[d.month - 1]}/{d.year}",
        "es": f"{d.day} de {_lm('es', d)} de {d.year}",
        "ro": f"{d.day} {_lm('ro', d)} {d.year}",
        "el": f"{d.day} {_lm('el', d)} {d.year}",
        "uk": f"{d.day} {_lm('uk', d)} {d.year} r.",
        "sw": f"tarehe {d.day} {_lm('sw', d)} {d.year}",
        "dmy_dash_yy": f"{d.day}-{d.month}-{d.year % 100:02d}",
        "tl": f"ika-{d.day} ng {_lm('tl', d)} {d.year}",
        "vn": f"ngày {d.day} tháng {d.month} năm {d.year}",
        "vn_short": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "he": f"{d.day} {_lm('he', d)} {d.year}",
        "ical": f"{d:%Y%m%d}",
        "month_year": f"{m} {d.year}",
    }[style]


def _date(w: _W, d: date, styles: Sequence[str]) -> None:
    s = w.r.choice(styles)
    w.phi(_fmt(d, s), "date", f"date:{s}")


def _age(w: _W, age: int, text: str, form: str) -> None:
    if age > 89:
        w.phi(text, "age", f"age:{form}")
    else:
        w.keep(text, f"age<=89:{form}")


def _age_phrase(w: _W, age: int, lang: str = "en") -> None:
    """An age in one of several phrasings; the number alone is the span."""
    r = w.r
    k = r.randrange(6) if lang == "en" else 0
    if lang == "es":
        w.add("de ")
        _age(w, age, str(age), "es_anos")
        w.add(" años")
    elif lang == "ro":
        w.add("în vârstă de ")
        _age(w, age, str(age), "ro_ani")
        w.add(" de ani")
    elif lang == "uk":
        w.add("vik ")
        _age(w, age, str(age), "uk_rokiv")
        w.add(" rokiv")
    elif lang == "vn":
        _age(w, age, str(age), "vn_tuoi")
        w.add(" tuổi")
    elif k == 0:
        _age(w, age, str(age), "yo")
        w.add("yo")
    elif k == 1:
        w.add("a ")
        _age(w, age, _words(age) if age >= 40 else str(age), "words")
        w.add("-year-old")
    elif k == 2:
        w.add("aged ")
        _age(w, age, str(age), "aged")
    elif k == 3:
        w.add("age ")
        _age(w, age, str(age), "age_colon")
        w.add(r.choice([" y", "y/o", " yrs"]))
    elif k == 4:
        _age(w, age, str(age), "year_old")
        w.add(" year old")
    else:
        w.add("who is ")
        _age(w, age, _words(age) if age >= 40 else str(age), "is_words")
        w.add(" years of age")


# --------------------------------------------------------------------------- identifiers


def _curp(r: random.Random, p: _P, dob: date, female: bool) -> str:
    fam = p.family.upper().replace("Á", "A").replace("É", "E").replace("Í", "I")
    fam = fam.replace("Ó", "O").replace("Ú", "U")
    given = p.given.upper().replace("Í", "I").replace("Á", "A").replace("É", "E")
    second = fam.split()[-1]
    vowel = next((c for c in fam[1:] if c in "AEIOU"), "X")
    head = f"{fam[0]}{vowel}{second[0]}{given[0]}"
    state = r.choice(["DF", "MC", "JC", "NL", "PL", "OC", "GT"])
    return f"{head}{dob:%y%m%d}{'M' if female else 'H'}{state}{_up(r, 3)}{r.choice('0A')}{_d(r, 1)}"


def _amka(r: random.Random, dob: date) -> str:
    body = f"{dob:%d%m%y}{_d(r, 4)}"
    return body + _luhn_digit(body)


def _tz(r: random.Random) -> str:
    body = _d(r, 8)
    total = 0
    for i, c in enumerate(body):
        v = int(c) * (1 + i % 2)
        total += v - 9 if v > 9 else v
    return body + str((10 - total % 10) % 10)


def _cnp(r: random.Random, dob: date, female: bool) -> str:
    s = (2 if female else 1) if dob.year < 2000 else (6 if female else 5)
    body = f"{s}{dob:%y%m%d}{r.randint(1, 46):02d}{_d(r, 3)}"
    k = sum(int(c) * int(x) for c, x in zip(body, "279146358279", strict=True)) % 11
    return body + ("1" if k == 10 else str(k))


def _dni(r: random.Random, dots: bool) -> str:
    n = r.randint(3_000_000, 19_999_999)
    return f"{n:,}".replace(",", ".") if dots else str(n)


def _ipv4_priv(r: random.Random) -> str:
    return r.choice([f"10.{r.randint(0, 254)}.{r.randint(0, 254)}.{r.randint(2, 254)}", _ipv4(r)])


# --------------------------------------------------------------------------- addresses, phones


@dataclass
class _Addr:
    street: str
    city: str
    zip: str


_STREETS = {
    "us": ("{n} Magnolia Bend Rd", "{n} W Pershing Ave Apt {u}", "{n} County Road {c}"),
    "mx": ("Calle Fresno {n} Int. {u}", "Av. Insurgentes Sur {n}", "Privada Tulipanes {n}"),
    "ph": ("Blk {c} Lot {u} Sampaguita St.", "{n} Mabini St., Brgy. San Roque", "Purok {c}"),
    "gr": ("Odos Ermou {n}", "Leoforos Kifisias {n}", "Odos Agiou Nikolaou {c}"),
    "il": ("Rehov Herzl {n}", "Sderot Ben Gurion {n} Apt {u}", "Rehov HaRav Kook {c}"),
    "ng": ("{n} Adeola Odeku Street", "Plot {n}, Aminu Kano Crescent", "{c} Ogui Road"),
    "ro": ("Str. Lalelelor nr. {c}, bl. {u}, ap. {c}", "Bd. Unirii nr. {n}", "Calea Moșilor {n}"),
    "ar": ("Av. Rivadavia {n} {c}° B", "Calle Güemes {n}", "Pasaje Los Aromos {c}"),
    "vn": ("Số {n} ngõ {c} phố Huế", "{c}/{u} Lê Văn Sỹ", "Số {n} đường Trần Phú"),
    "ke": ("Moi Avenue, House {c}", "Ngong Road, Apt {u}", "Plot {n}, Kenyatta Road"),
    "ua": ("vul. Khreshchatyk {c}, kv. {u}", "prov. Lypovyi {c}", "vul. Shevchenka {n}"),
}
_CITIES = {
    "us": (("Tupelo, MS", "38801"), ("Gallup, NM", "87301"), ("Hibbing, MN", "55746")),
    "mx": (
        ("Col. Del Valle, CDMX", "03100"),
        ("Zapopan, Jal.", "45110"),
        ("Puebla, Pue.", "72000"),
    ),
    "ph": (("Quezon City", "1100"), ("Cebu City", "6000"), ("Davao City", "8000")),
    "gr": (("Athina", "105 63"), ("Thessaloniki", "546 22"), ("Patra", "262 21")),
    "il": (("Haifa", "3303417"), ("Be'er Sheva", "8410501"), ("Petah Tikva", "4951212")),
    "ng": (("Victoria Island, Lagos", "101241"), ("Kano", "700241"), ("Enugu", "400102")),
    "ro": (("Cluj-Napoca, jud. Cluj", "400124"), ("București, Sector 2", "021418")),
    "ar": (("Caballito, CABA", "C1405DKA"), ("Rosario, Santa Fe", "S2000"), ("Mendoza", "M5500")),
    "vn": (("Quận 3, TP. Hồ Chí Minh", "700000"), ("Hai Bà Trưng, Hà Nội", "100000")),
    "ke": (("Nairobi", "00100"), ("Kisumu", "40100"), ("Eldoret", "30100")),
    "ua": (("Kyiv", "01001"), ("Lviv", "79008"), ("Kharkiv", "61002")),
}


def _address(r: random.Random, region: str) -> _Addr:
    st = r.choice(_STREETS[region]).format(
        n=r.randint(12, 4999), u=r.randint(2, 40), c=r.randint(2, 99)
    )
    city, z = r.choice(_CITIES[region])
    if region in ("us", "ng", "ro", "ua") and r.random() < 0.5:
        z = z[:-2] + _d(r, 2)
    return _Addr(st, city, z)


def _addr(w: _W, a: _Addr, region: str, sep: str = "\n") -> None:
    w.phi(a.street, "address", f"address:{region}_street")
    w.add(sep)
    if region in ("gr", "ua", "ro", "ar", "il"):
        w.phi(a.zip, "zip", f"zip:{region}")
        w.add(" ")
        w.phi(a.city, "address", f"address:{region}_city")
    else:
        w.phi(a.city, "address", f"address:{region}_city")
        w.add(" ")
        w.phi(a.zip, "zip", f"zip:{region}")


def _phone(r: random.Random, region: str) -> str:
    k = r.randrange(3)
    if region == "us":
        a, b, c = r.randint(201, 989), r.randint(200, 999), _d(r, 4)
        return [f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}"][k]
    if region == "mx":
        a, b = _d(r, 4), _d(r, 4)
        return [f"+52 55 {a} {b}", f"55-{a}-{b}", f"(33) {a} {b}"][k]
    if region == "ph":
        a, b = _d(r, 3), _d(r, 4)
        n = r.choice(["917", "918", "927", "998"])
        return [f"+63 {n} {a} {b}", f"0{n}-{a}-{b}", f"(02) 8{a}-{b}"][k]
    if region == "gr":
        return [f"+30 69{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}", f"210 {_d(r, 7)}", f"69{_d(r, 8)}"][k]
    if region == "il":
        return [f"05{r.randint(0, 8)}-{_d(r, 7)}", f"+972 5{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}",
                f"04-{_d(r, 3)}-{_d(r, 4)}"][k]  # fmt: skip
    if region == "ng":
        n = r.choice(["803", "806", "813", "905", "708"])
        return [f"+234 {n} {_d(r, 3)} {_d(r, 4)}", f"0{n} {_d(r, 3)} {_d(r, 4)}",
                f"0{n}{_d(r, 7)}"][k]  # fmt: skip
    if region == "ro":
        return [f"07{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}", f"+40 7{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}",
                f"0264-{_d(r, 6)}"][k]  # fmt: skip
    if region == "ar":
        return [f"+54 9 11 {_d(r, 4)}-{_d(r, 4)}", f"(011) 4{_d(r, 3)}-{_d(r, 4)}",
                f"15-{_d(r, 4)}-{_d(r, 4)}"][k]  # fmt: skip
    if region == "vn":
        return [f"+84 9{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}", f"09{_d(r, 2)}.{_d(r, 3)}.{_d(r, 3)}",
                f"028 {_d(r, 4)} {_d(r, 4)}"][k]  # fmt: skip
    if region == "ke":
        return [f"+254 7{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}", f"07{_d(r, 2)}{_d(r, 6)}",
                f"0722-{_d(r, 3)}-{_d(r, 3)}"][k]  # fmt: skip
    return [f"+380 67 {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", f"067-{_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}",
            f"(044) {_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}"][k]  # fmt: skip


def _fold(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def _email(r: random.Random, p: _P) -> str:
    g = _fold(p.given.split()[0].lower())
    f = _fold(p.family.split()[-1].lower()).replace("'", "")
    dom = r.choice(["gmail.com", "yahoo.com.ph", "hotmail.com.ar", "mail.ru", "outlook.co.il"])
    return r.choice([f"{g}.{f}{r.randint(1, 99)}@{dom}", f"{g[0]}{f}@{dom}", f"{f}_{g}@{dom}"])


def _plate(r: random.Random, region: str) -> str:
    return {
        "us": lambda: r.choice([f"{_d(r, 1)}{_up(r, 3)}{_d(r, 3)}", f"{_up(r, 3)}-{_d(r, 4)}"]),
        "mx": lambda: f"{_up(r, 3)}-{_d(r, 3)}-{_up(r, 1)}",
        "ph": lambda: f"{_up(r, 3)} {_d(r, 4)}",
        "gr": lambda: f"{r.choice(['IK', 'ZK', 'YH', 'NI'])}{_up(r, 1)}-{_d(r, 4)}",
        "il": lambda: f"{_d(r, 3)}-{_d(r, 2)}-{_d(r, 3)}",
        "ng": lambda: f"{r.choice(['LSR', 'KJA', 'ABC', 'EKY'])}-{_d(r, 3)}{_up(r, 2)}",
        "ro": lambda: r.choice([f"B {_d(r, 3)} {_up(r, 3)}", f"CJ {_d(r, 2)} {_up(r, 3)}"]),
        "ar": lambda: r.choice([f"{_up(r, 2)} {_d(r, 3)} {_up(r, 2)}", f"{_up(r, 3)} {_d(r, 3)}"]),
        "vn": lambda: f"{r.randint(29, 79)}A-{_d(r, 3)}.{_d(r, 2)}",
        "ke": lambda: f"K{_up(r, 2)} {_d(r, 3)}{_up(r, 1)}",
        "ua": lambda: f"{r.choice(['AA', 'BC', 'KA', 'AX'])} {_d(r, 4)} {_up(r, 2)}",
    }[region]()


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
    phone: str
    email: str
    kin: _P
    kin_phone: str
    natid: str
    plan: str
    visit: date
    doc: _P
    asst: _P
    claim: str
    accession: str
    plate: str


_PLANS = {
    "us": lambda r: r.choice([f"DDP{_d(r, 9)}", f"W{_d(r, 8)}-01", f"{_up(r, 3)}{_d(r, 9)}"]),
    "mx": lambda r: f"{_d(r, 2)} {_d(r, 2)} {_d(r, 2)} {_d(r, 4)} {_d(r, 1)}",
    "ph": lambda r: f"{_d(r, 2)}-{_d(r, 9)}-{_d(r, 1)}",
    "gr": lambda r: f"EOPYY-{_d(r, 9)}",
    "il": lambda r: f"{_d(r, 7)}",
    "ng": lambda r: f"NHIS/{_d(r, 3)}/{_d(r, 6)}",
    "ro": lambda r: f"CASS{_d(r, 10)}",
    "ar": lambda r: f"{_d(r, 4)}-{_d(r, 6)}-0{_d(r, 1)}",
    "vn": lambda r: f"{r.choice(['DN', 'HT', 'GD'])}{_d(r, 1)}{_d(r, 2)}{_d(r, 10)}",
    "ke": lambda r: f"{_d(r, 8)}",
    "ua": lambda r: f"NSZU-{_d(r, 4)}-{_d(r, 4)}",
}


def _natid(r: random.Random, region: str, p: _P, dob: date, female: bool) -> str:
    return {
        "us": lambda: _ssn(r),
        "mx": lambda: _curp(r, p, dob, female),
        "ph": lambda: f"{_d(r, 4)}-{_d(r, 4)}-{_d(r, 4)}-{_d(r, 4)}",
        "gr": lambda: _amka(r, dob),
        "il": lambda: _tz(r),
        "ng": lambda: _d(r, 11),
        "ro": lambda: _cnp(r, dob, female),
        "ar": lambda: _dni(r, r.random() < 0.7),
        "vn": lambda: f"0{_d(r, 2)}{r.choice('0123')}{dob.year % 100:02d}{_d(r, 6)}",
        "ke": lambda: str(r.randint(1_000_000, 39_999_999)),
        "ua": lambda: _d(r, 10),
    }[region]()


def _case(r: random.Random, region: str) -> _Case:
    female = r.random() < 0.55
    p = _person(r, region, female)
    visit = date(2021, 2, 1) + timedelta(days=r.randint(0, 800))
    age = r.randint(90, 104) if r.random() < 0.3 else r.randint(6, 89)
    dob = date(visit.year - age - 1, r.randint(1, 12), r.randint(1, 28))
    if (dob.replace(year=visit.year) - visit).days <= 0:
        dob = dob.replace(year=dob.year + 1)
    age = visit.year - dob.year - ((visit.month, visit.day) < (dob.month, dob.day))
    kin = _person(r, region, not female)
    if r.random() < 0.5:
        kin.family = p.family
    return _Case(
        region=region,
        p=p,
        female=female,
        dob=dob,
        age=age,
        mrn=r.choice(
            [_d(r, 6), f"DX-{_d(r, 5)}", f"{_up(r, 1)}{_d(r, 7)}", f"{_d(r, 3)}.{_d(r, 3)}"]
        ),
        addr=_address(r, region),
        phone=_phone(r, region),
        email=_email(r, p),
        kin=kin,
        kin_phone=_phone(r, region),
        natid=_natid(r, region, p, dob, female),
        plan=_PLANS[region](r),
        visit=visit,
        doc=_clin(r),
        asst=_clin(r),
        claim=r.choice([f"PD{_d(r, 8)}", f"{_d(r, 4)}-{_up(r, 2)}-{_d(r, 4)}", f"CLM{_d(r, 10)}"]),
        accession=r.choice([f"DL{_d(r, 2)}-{_d(r, 5)}", f"OP-{_d(r, 2)}-{_d(r, 4)}"]),
        plate=_plate(r, region),
    )


# --------------------------------------------------------------------------- look-alikes

_TEETH_FDI = ("11", "16", "21", "26", "36", "37", "38", "46", "47", "48", "18", "28")
_CDT = ("D0150", "D0210", "D2740", "D2950", "D3330", "D4341", "D6010", "D7140", "D7240", "D9239")
_ICD = ("K02.52", "K04.7", "K05.31", "K08.121", "M27.2", "S02.5XXA", "K12.2")
_SHADES = ("A1", "A2", "A3.5", "B2", "C1", "BL3")
_IMPLANTS = ("BLT 4.1x10 RC", "NobelActive 4.3x11.5", "Astra EV 4.2x9", "MIS C1 3.75x13")


def _tm(r: random.Random) -> str:
    return f"{r.randint(7, 19):02d}:{r.choice(['00', '15', '30', '45'])}"


def _lot(r: random.Random) -> str:
    return r.choice([f"LOT {_d(r, 7)}", f"Lot# {_up(r, 2)}{_d(r, 5)}", f"L{_d(r, 8)}"])


def _keep_misc(w: _W) -> None:
    """A line or two of clinical findings that carry no PHI, recorded as look-alikes."""
    r = w.r
    w.add("Tooth ")
    w.keep(r.choice(_TEETH_FDI), "tooth_fdi")
    w.add(": PD ")
    w.keep(f"{r.randint(2, 7)}-{r.randint(2, 5)}-{r.randint(2, 7)}", "probing")
    w.add(", BOP+, mobility ")
    w.keep(r.choice(["I", "II", "0"]), "mobility")
    w.add(". Shade ")
    w.keep(r.choice(_SHADES), "shade")
    w.add(". BP ")
    w.keep(f"{r.randint(110, 170)}/{r.randint(60, 99)}", "bp")
    w.add(", INR ")
    w.keep(f"{r.randint(10, 34) / 10:.1f}", "inr")
    w.add(". Lido 2% 1:100,000 x ")
    w.keep(f"{r.choice([1, 2, 3])}", "carpules")
    w.add(" carp (")
    w.keep(f"{r.choice(['1.8', '3.6', '5.4'])} mL", "volume")
    w.add("). CDT ")
    w.keep(r.choice(_CDT), "cdt")
    w.add(", ICD ")
    w.keep(r.choice(_ICD), "icd10")
    w.add(".\n")


# --------------------------------------------------------------------------- documents


def _ical(w: _W, c: _Case) -> None:
    """Calendar invitation for an oral-surgery consult (Mexico)."""
    r = w.r
    w.add("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Agenda Maxilofacial//ES\r\nBEGIN:VEVENT\r\n")
    w.add("UID:")
    w.keep(f"{_hex(r, 8)}-{_hex(r, 4)}", "uid")
    w.add("@agenda.example.mx\r\nSEQUENCE:")
    w.keep(str(r.randint(0, 4)), "ical_sequence")
    w.add("\r\nDTSTART;TZID=America/Mexico_City:")
    w.phi(_fmt(c.visit, "ical"), "date", "date:ical")
    w.add(f"T{_tm(r).replace(':', '')}00\r\nSUMMARY:Valoración terceros molares - ")
    _name(w, c.p, r.choice(["full", "upper"]), "ical_summary")
    w.add("\r\nORGANIZER;CN=Dra. ")
    _name(w, c.doc, "full", "ical_organizer")
    w.add(":mailto:")
    w.keep("citas@cirugiamaxilofacial.example", "clinic_mailbox")
    w.add("\r\nATTENDEE;CN=")
    _name(w, c.p, "full", "ical_attendee")
    w.add(";RSVP=TRUE:mailto:")
    w.phi(c.email, "email", "email:ical")
    w.add("\r\nLOCATION:Consultorio 4\\, ")
    _addr(w, c.addr, "mx", "\\, ")
    w.add("\r\nDESCRIPTION:Paciente ")
    _age_phrase(w, c.age, "es")
    w.add("\\nCURP: ")
    w.phi(c.natid, "natid", "natid:curp")
    w.add("\\nNSS IMSS: ")
    w.phi(c.plan, "plan", "plan:imss_nss")
    w.add("\\nExpediente ")
    w.phi(c.mrn, "mrn", "mrn:expediente")
    w.add("\\nNac. ")
    _date(w, c.dob, ("mx", "dmY", "es"))
    w.add("\\nTel. ")
    w.phi(c.phone, "phone", "phone:ical")
    w.add("\\nOrtopantomografía ")
    w.keep(str(c.visit.year - 1), "bare_year")
    w.add(": ")
    w.keep(r.choice(["38", "48"]), "tooth_fdi")
    w.add(" y ")
    w.keep(r.choice(["18", "28"]), "tooth_fdi")
    w.add(" impactados\\nURL:")
    w.phi(f"https://agenda.example.mx/cita?exp={c.mrn}", "url", "url:ical_query")
    w.add("\r\nBEGIN:VALARM\r\nTRIGGER:-PT24H\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _spoken(s: str) -> str:
    ones = "zero one two three four five six seven eight nine".split()
    return " ".join(ones[int(ch)] if ch.isdigit() else ch for ch in s if ch not in " -()+.")


def _dictation(w: _W, c: _Case) -> None:
    """Raw speech-recognition dictation with spoken punctuation (Philippines)."""
    r = w.r
    w.add("[ASR raw transcript - not reviewed]\n")
    w.add("this is doctor ")
    _name(w, c.doc, "lower", "dict_author")
    w.add(" dictating an operative note for patient ")
    _name(w, c.p, "lower", "dict_patient")
    w.add(" comma chart number ")
    w.phi(_spoken(c.mrn) if c.mrn.isdigit() else c.mrn, "mrn", "mrn:dict_spoken")
    w.add(" period date of birth ")
    w.phi(f"{_MONTHS[c.dob.month - 1].lower()} {_ord_word(c.dob.day)} {_words_year(c.dob.year)}",
          "date", "date:spoken_words")  # fmt: skip
    w.add(" period new paragraph the patient is ")
    _age_phrase(w, c.age)
    w.add(" filipino ")
    w.add("female" if c.female else "male")
    w.add(" seen on ")
    _date(w, c.visit, ("tl", "long", "ordinal"))
    w.add(" for extraction of tooth number ")
    w.keep(r.choice(["thirty", "nineteen", "three", "fourteen"]), "tooth_spoken")
    w.add(" period philhealth pin ")
    w.phi(c.plan, "plan", "plan:philhealth")
    w.add(" period her " if c.female else " period his ")
    w.add("contact number is ")
    w.phi(c.phone, "phone", "phone:dict")
    w.add(" comma alternate ")
    ph = "zero nine one seven " + _spoken(_d(r, 3)) + " " + _spoken(_d(r, 4))
    w.phi(ph, "phone", "phone:spoken_digits")
    w.add(" period blood pressure ")
    w.keep(f"{r.randint(110, 160)} over {r.randint(60, 95)}", "bp_spoken")
    w.add(" comma two carpules of lidocaine comma elevator and forceps period\n")
    w.add("new paragraph escort is ")
    _name(w, c.kin, "lower", "dict_kin")
    w.add(" who drove plate number ")
    w.phi(c.plate, "plate", "plate:ph")
    w.add(" period address ")
    _addr(w, c.addr, "ph", " comma ")
    w.add(" period end of dictation\n")
    w.add("PRC Lic. No. ")
    w.phi(f"0{_d(r, 6)}", "license", "license:prc")
    w.add("  job ")
    w.keep(f"J{_d(r, 6)}", "job_number")
    w.add("\n")


def _words_year(y: int) -> str:
    a, b = divmod(y, 100)
    head = {19: "nineteen", 20: "two thousand", 18: "eighteen"}[a]
    if a == 20:
        return f"{head} and {_words(b)}" if b >= 40 else f"{head} {b}"
    if b < 10:
        return f"{head} oh {_words(b) if b else 'hundred'}" if b >= 40 else f"{head} {b:02d}"
    return f"{head} {_words(b)}" if b >= 40 else f"{head} {b}"


def _lab_label(w: _W, c: _Case) -> None:
    """Dental-laboratory work ticket and bar-code label printout (Greece)."""
    r = w.r
    w.add("*" * 44 + "\n")
    w.add("*  ODONTOTECHNIKO ERGASTIRIO  KERAMIKA    *\n")
    w.add("*" * 44 + "\n")
    w.add("|||| ||| | |||| || ||| |||| | ||\n")
    w.add("  ")
    w.phi(c.accession, "accession", "accession:lab_barcode")
    w.add("\nIATROS: ")
    _name(w, c.doc, "upper", "lab_dentist")
    w.add("  ADEIA ")
    w.phi(f"{_d(r, 5)}/{_d(r, 2)}", "license", "license:gr_dentist")
    w.add("\nASTHENIS: ")
    _name(w, c.p, r.choice(["upper", "last_first"]), "lab_patient")
    w.add("  AMKA ")
    w.phi(c.natid, "natid", "natid:amka")
    w.add("\nParalavi: ")
    _date(w, c.visit, ("el", "dot", "dmy"))
    w.add("  Paradosi: ")
    _date(w, c.visit + timedelta(days=r.randint(5, 14)), ("dot", "el"))
    w.add("\nErgasia: zirconia bridge ")
    w.keep(f"{r.choice(['14', '24', '34'])}-{r.choice(['16', '26', '36'])}", "tooth_range")
    w.add(", shade ")
    w.keep(r.choice(_SHADES), "shade")
    w.add(", block ")
    w.keep(f"{_lot(r)}", "material_lot")
    w.add(" exp ")
    w.keep(f"{r.randint(2023, 2027)}-{r.randint(1, 12):02d}", "material_expiry")
    w.add("\nScanner SN ")
    w.phi(f"{_up(r, 2)}{_d(r, 7)}", "serial", "serial:scanner")
    w.add("  file: ")
    w.phi(f"https://lab.example.gr/cases/{c.accession}.stl", "url", "url:stl")
    w.add("\nEpikoinonia: ")
    w.phi(c.phone, "phone", "phone:gr")
    w.add("  Dieuthynsi: ")
    _addr(w, c.addr, "gr", ", ")
    w.add("\n")
    if r.random() < 0.5:
        w.add("Sxolia: asthenis ")
        _age(w, c.age, str(c.age), "gr_etwn")
        w.add(" eton, ")
        w.add("genethlia ")
        _date(w, c.dob, ("dot", "el"))
        w.add("\n")
    w.add("*" * 44 + "\n")


def _wiki(w: _W, c: _Case) -> None:
    """Forensic odontology identification page in wiki markup (Israel)."""
    r = w.r
    w.add("== Dental identification report ==\n")
    w.add("{{Infobox case\n| case_no = ")
    w.phi(c.accession, "accession", "accession:forensic_case")
    w.add("\n| examiner = [[User:")
    w.phi(f"{c.doc.given[0]}{c.doc.family}".replace(" ", ""), "name", "name:wiki_username")
    w.add("|Dr. ")
    _name(w, c.doc, "full", "wiki_examiner")
    w.add("]]\n| received = ")
    _date(w, c.visit, ("he", "dMonY", "dmY"))
    w.add("\n}}\n")
    w.add("=== Putative identity ===\n")
    w.add("* '''Name''': ")
    _name(w, c.p, "full", "wiki_putative")
    w.add("\n* '''Teudat Zehut''': <code>")
    w.phi(c.natid, "natid", "natid:teudat_zehut")
    w.add("</code>\n* '''Kupat holim member''': ")
    w.phi(c.plan, "plan", "plan:kupah")
    w.add("\n* '''Born''': ")
    _date(w, c.dob, ("he", "dmY", "dot"))
    w.add(" (reported age ")
    _age(w, c.age, str(c.age), "wiki_reported")
    w.add(")\n* '''Last known address''': ")
    _addr(w, c.addr, "il", ", ")
    w.add("\n* '''Next of kin''': ")
    _name(w, c.kin, "full", "wiki_kin")
    w.add(" ({{tel|")
    w.phi(c.kin_phone, "phone", "phone:wiki_tel")
    w.add("}})\n=== Comparison ===\n")
    w.add('{| class="wikitable"\n! Tooth !! Ante-mortem !! Post-mortem\n')
    for _ in range(r.randint(3, 5)):
        w.add("|-\n| ")
        w.keep(r.choice(_TEETH_FDI), "tooth_fdi")
        w.add(" || ")
        w.add(r.choice(["MOD amalgam", "PFM crown", "missing", "RCT + post", "sound"]))
        w.add(" || consistent\n")
    w.add("|}\n")
    w.add("Ante-mortem records from the treating dentist, chart ")
    w.phi(c.mrn, "mrn", "mrn:wiki_chart")
    w.add(", bitewings dated ")
    _date(w, c.visit - timedelta(days=r.randint(200, 900)), ("dmY", "he"))
    w.add(". Vehicle ")
    w.phi(c.plate, "plate", "plate:il")
    w.add(" recovered at scene.\n")
    w.add("Conclusion: '''positive identification''' (ABFO category 1). ")
    w.add("Body found aged approx. ")
    w.keep(f"{r.randint(40, 85)}", "estimated_age")
    w.add(" by radiographic estimate.\n[[Category:")
    w.keep(str(c.visit.year), "bare_year")
    w.add(" cases]]\n")


def _ticket(w: _W, c: _Case) -> None:
    """Help-desk ticket thread on a dental pre-determination (US)."""
    r = w.r
    tid = f"#{_d(r, 6)}"
    w.add("Ticket ")
    w.keep(tid, "ticket_id")
    w.add(" | Queue: Dental Benefits > Pre-D | Priority: P3\n")
    w.add("Opened by: ")
    _name(w, c.asst, "full", "ticket_opener")
    w.add(" (front desk)  Status: Pending payer\n")
    w.add("-" * 60 + "\n")
    w.add("[")
    w.phi(_fmt(c.visit, "iso"), "date", "date:ticket_stamp")
    w.add(f" {_tm(r)}] NOTE: re pt ")
    _name(w, c.p, "last_first", "ticket_pt")
    w.add(" DOB ")
    _date(w, c.dob, ("mdY", "mdy"))
    w.add(" - payer denied pre-D ")
    w.phi(c.claim, "account", "account:predetermination")
    w.add(" for ")
    w.keep("D2740", "cdt")
    w.add(" on #")
    w.keep(str(r.randint(2, 31)), "tooth_universal")
    w.add(". Member ID ")
    w.phi(c.plan, "plan", "plan:dental_member")
    w.add(", subscriber SSN ")
    w.phi(c.natid, "ssn", "ssn:ticket")
    w.add(".\n")
    w.add("-" * 60 + "\n")
    w.add("Reply from ")
    w.phi(c.email, "email", "email:ticket_reply")
    w.add(":\n> please call me back at ")
    w.phi(c.phone, "phone", "phone:ticket")
    w.add(" i am ")
    _age(w, c.age, str(c.age), "ticket_self")
    w.add(" and cant chew on that side\n")
    w.add("-" * 60 + "\n")
    w.add("Internal: provider NPI ")
    w.phi(_npi(r), "license", "license:npi")
    w.add(" (Dr. ")
    _name(w, c.doc, "family", "ticket_doc")
    w.add("). Resubmitted with narrative + ")
    w.keep(f"{r.choice([2, 4])}BWX", "radiograph_count")
    w.add(", PA. Clinic IP in portal log ")
    w.phi(_ipv4_priv(r), "ip", "ip:ticket_portal")
    w.add(". Fax appeal to ")
    w.phi(_phone(r, "us"), "fax", "fax:payer_appeal")
    w.add(".\n")
    if r.random() < 0.5:
        w.add("Mailing address on file: ")
        _addr(w, c.addr, "us", ", ")
        w.add("\n")
    w.add("SLA: respond within ")
    w.keep("72", "sla_hours")
    w.add(" h.\n")


def _csv_roster(w: _W, c: _Case) -> None:
    """Dental-school outreach screening export, CSV with quoted multi-line notes (Nigeria)."""
    r = w.r
    w.add("student_id,patient_name,nin,phone,dob,age,dmft,notes\n")
    for i in range(r.randint(3, 5)):
        p = c.p if i == 0 else _person(r, "ng", r.random() < 0.5)
        dob = c.dob if i == 0 else date(r.randint(1925, 2015), r.randint(1, 12), r.randint(1, 28))
        age = c.visit.year - dob.year - ((c.visit.month, c.visit.day) < (dob.month, dob.day))
        w.keep(f"DS{_d(r, 5)}", "student_id")
        w.add(',"')
        _name(w, p, r.choice(["full", "last_first"]), "csv_patient")
        w.add('",')
        w.phi(c.natid if i == 0 else _d(r, 11), "natid", "natid:nin")
        w.add(",")
        w.phi(c.phone if i == 0 else _phone(r, "ng"), "phone", "phone:ng_csv")
        w.add(",")
        _date(w, dob, ("dmY", "iso", "dash_dmY"))
        w.add(",")
        _age(w, age, str(age), "csv_age")
        w.add(",")
        w.keep(str(r.randint(0, 14)), "dmft")
        w.add(',"')
        w.add(r.choice(["Caries ", "Fluorosis; ", "Gingivitis "]))
        w.keep(r.choice(_TEETH_FDI), "tooth_fdi")
        w.add("\nrefer OMFS clinic")
        if r.random() < 0.4:
            w.add("; mother ")
            _name(w, _person(r, "ng", True), "full", "csv_mother")
            w.add(" to escort")
        w.add('"\n')


def _rtf(w: _W, c: _Case) -> None:
    """Referral letter as an RTF fragment (Romania)."""
    r = w.r
    w.add("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs20\n")
    w.add("{\\b CABINET STOMATOLOGIC}\\par\n")
    w.add("Către: Clinica de Chirurgie Oro-Maxilo-Facială\\par\n")
    w.add("Data: ")
    _date(w, c.visit, ("ro", "dot", "dmY"))
    w.add("\\par\\par\n")
    w.add("Vă trimitem pacient")
    w.add("a " if c.female else "ul ")
    w.add("{\\b ")
    _name(w, c.p, "upper" if r.random() < 0.5 else "full", "rtf_patient")
    w.add("}, ")
    _age_phrase(w, c.age, "ro")
    w.add(", CNP ")
    w.phi(c.natid, "natid", "natid:cnp")
    w.add(", nr. fișă ")
    w.phi(c.mrn, "mrn", "mrn:fisa")
    w.add(", asigurat CASS ")
    w.phi(c.plan, "plan", "plan:cass")
    w.add(",\\line domiciliat")
    w.add("ă" if c.female else "")
    w.add(" în ")
    _addr(w, c.addr, "ro", ", ")
    w.add(", tel. ")
    w.phi(c.phone, "phone", "phone:ro")
    w.add(".\\par\n")
    w.add("Diagnostic: chist radicular ")
    w.keep(r.choice(_TEETH_FDI), "tooth_fdi")
    w.add(" ({\\i ")
    w.keep("K04.8", "icd10")
    w.add("}), leziune ")
    w.keep(f"{r.randint(8, 25)} x {r.randint(6, 20)} mm", "lesion_size")
    w.add(" pe CBCT din ")
    _date(w, c.visit - timedelta(days=r.randint(3, 40)), ("dot", "ro"))
    w.add(".\\par\n")
    w.add("Tratament anticoagulant, INR ")
    w.keep(f"{r.randint(18, 32) / 10:.1f}", "inr")
    w.add(" la ")
    w.keep(_tm(r), "time")
    w.add(".\\par\n")
    w.add("Dr. ")
    _name(w, c.doc, "full", "rtf_sign")
    w.add(", cod parafă ")
    w.phi(_d(r, 6), "license", "license:ro_parafa")
    w.add("\\par\ne-mail pacient: ")
    w.phi(c.email, "email", "email:rtf")
    w.add("\\par\n}")


def _pager(w: _W, c: _Case) -> None:
    """On-call OMFS pager messages (US)."""
    r = w.r
    for i in range(r.randint(3, 5)):
        t = c.visit
        w.add(f"[{_tm(r)}] ")
        w.add(r.choice(["PAGE", "TXT", "PG"]))
        w.add(f" {_d(r, 3)} ")
        if i == 0:
            w.add("ED CONSULT facial swelling ")
            _name(w, c.p, r.choice(["upper", "last_first", "full"]), "pager_pt")
            w.add(" ")
            _age(w, c.age, str(c.age), "pager_age")
            w.add(r.choice(["F", "M", "yo"]))
            w.add(" MRN ")
            w.phi(c.mrn, "mrn", "mrn:pager")
            w.add(" ludwigs? temp ")
            w.keep(f"{r.randint(380, 399) / 10:.1f}", "temp")
            w.add(" WBC ")
            w.keep(f"{r.randint(110, 240) / 10:.1f}", "wbc")
            w.add(" call back x")
            w.keep(_d(r, 4), "extension")
        elif i == 1:
            w.add("CT face done ")
            w.phi(_fmt(t, "mdy"), "date", "date:pager_mdy")
            w.add(" acc ")
            w.phi(c.accession, "accession", "accession:ct")
            w.add(" see PACS ")
            w.phi(f"http://pacs.example.org/viewer?acc={c.accession}", "url", "url:pacs")
        elif i == 2:
            w.add("family ")
            _name(w, c.kin, "full", "pager_kin")
            w.add(" @ ")
            w.phi(c.kin_phone, "phone", "phone:pager_kin")
            w.add(" wants update")
        elif i == 3:
            w.add("pt's car ")
            w.phi(c.plate, "plate", "plate:us_pager")
            w.add(" in ED bay to be moved")
        else:
            w.add("OR booked ")
            w.keep(f"{r.randint(1, 12)}", "or_room")
            w.add(" @ ")
            w.keep(_tm(r), "time")
            w.add(" Dr ")
            _name(w, c.doc, "family", "pager_surgeon")
        w.add("\n")


def _ocr_boxes(w: _W, c: _Case) -> None:
    """Scanned insurer form read by OCR, letters in field boxes (Argentina)."""
    r = w.r
    w.add("FORMULARIO DE AUTORIZACIÓN ODONTOLÓGICA  (pág. 1/2)\n")
    w.add("Apellido y nombre: |")
    boxed = "|".join(c.p.family.upper().split()[0]) + "|"
    w.phi(boxed.rstrip("|"), "name", "name:ocr_boxed")
    w.add("|  ")
    _name(w, c.p, "given", "ocr_given")
    w.add("\nD.N.I. N° [ ")
    w.phi(c.natid, "natid", "natid:dni")
    w.add(" ]   Afiliado N° [ ")
    w.phi(c.plan, "plan", "plan:obra_social")
    w.add(" ]\nFecha nac.: ")
    _date(w, c.dob, ("dmY", "es", "dmy"))
    w.add("   Edad: [")
    _age(w, c.age, str(c.age), "ocr_edad")
    w.add("]\nDomicilio: ")
    _addr(w, c.addr, "ar", "  CP ")
    w.add("\nTel.: ")
    w.phi(c.phone, "phone", "phone:ar")
    w.add("   Patente vehículo (estacionamiento): ")
    w.phi(c.plate, "plate", "plate:ar")
    w.add("\nPrestación: ")
    w.keep(f"{r.choice(['01.01', '02.08', '10.03'])}", "nomenclador")
    w.add(" pieza ")
    w.keep(r.choice(_TEETH_FDI), "tooth_fdi")
    w.add("   Período: ")
    a = c.visit
    b = a + timedelta(days=r.randint(10, 60))
    w.phi(f"{a.day}/{a.month} al {b.day}/{b.month}/{b.year}", "date", "date:range_ar")
    w.add("\nOdontólogo/a: ")
    _name(w, c.doc, "full", "ocr_dentist")
    w.add("  M.N. ")
    w.phi(_d(r, 5), "license", "license:ar_matricula")
    w.add("\n[sello ilegible]  ")
    w.add(r.choice(["Firma: ___", "Firma: /" + "/"]))
    w.add("\n")


def _deposition(w: _W, c: _Case) -> None:
    """Deposition transcript excerpt in a dental malpractice case (US)."""
    r = w.r

    def q(text: str) -> Callable[[], None]:
        return lambda: w.add(text)

    def l_name() -> None:
        w.add("A.  My name is ")
        _name(w, c.p, "full", "depo_witness")
        w.add(".")

    def l_dob() -> None:
        w.add("A.  I was born ")
        _date(w, c.dob, ("long", "word_ord", "ordinal"))
        w.add(". I'm ")
        _age(w, c.age, _words(c.age) if c.age >= 40 else str(c.age), "depo_words")
        w.add(".")

    def l_addr() -> None:
        w.add("A.  ")
        _addr(w, c.addr, "us", ", ")
        w.add(".")

    def l_visit() -> None:
        w.add("A.  That was ")
        _date(w, c.visit, ("long", "word_ord", "mdY"))
        w.add(", around ")
        w.keep(_tm(r), "time")
        w.add(".")

    def l_plate() -> None:
        w.add("A.  My truck, license plate ")
        w.phi(c.plate, "plate", "plate:us_depo")
        w.add(".")

    lines = [
        q("Q.  Please state your full name for the record."),
        l_name,
        q("Q.  And your date of birth?"),
        l_dob,
        q("Q.  Where do you reside?"),
        l_addr,
        q("Q.  When did Dr. "),
        q("    extract tooth number 17?"),
        l_visit,
        q("Q.  How did you get to the office?"),
        l_plate,
        q("Q.  I'm showing you Exhibit 4, the chart. Is that your Social?"),
    ]
    w.add("UNITED STATES DISTRICT COURT\nCase No. ")
    w.keep(f"{r.randint(1, 4)}:{r.randint(19, 23)}-cv-{_d(r, 5)}", "docket")
    w.add("\nDEPOSITION OF ")
    _name(w, c.p, "upper", "depo_caption")
    w.add("\n")
    w.add("Taken ")
    _date(w, c.visit + timedelta(days=r.randint(200, 500)), ("long", "ordinal"))
    w.add("\n")
    ln = 1
    for i, fn in enumerate(lines):
        w.add(f"{ln:>2}  ")
        if i == 6:
            w.add("Q.  When did Dr. ")
            _name(w, c.doc, "family", "depo_defendant")
        else:
            fn()
        w.add("\n")
        ln += 1
    w.add(f"{ln:>2}  A.  Yes, ")
    w.phi(c.natid, "ssn", "ssn:depo")
    w.add(". And the chart number ")
    w.phi(c.mrn, "mrn", "mrn:depo")
    w.add(".\n")
    w.add(f"{ln + 1:>2}  MR. ")
    _name(w, c.kin, "family", "depo_counsel")
    w.add(":  Objection, form.\n")
    w.add("Reported by: ")
    _name(w, c.asst, "full", "depo_reporter")
    w.add(", CSR No. ")
    w.phi(_d(r, 5), "license", "license:csr")
    w.add("\n")


def _device_json(w: _W, c: _Case) -> None:
    """Intraoral scanner / CBCT export metadata as JSON (Vietnam)."""
    r = w.r
    w.add("{\n")
    w.add('  "device": {"model": "')
    w.keep(r.choice(["CS 9600", "Planmeca ProMax 3D", "i700", "Trios 5"]), "device_model")
    w.add('", "serial": "')
    w.phi(f"{_up(r, 3)}{_d(r, 6)}", "serial", "serial:cbct")
    w.add('", "fw": "')
    w.keep(f"{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 99)}", "firmware")
    w.add('", "ip": "')
    w.phi(r.choice([_ipv4_priv(r), _ipv6(r)]), "ip", "ip:device_json")
    w.add('"},\n  "patient": {"name": "')
    _name(w, c.p, r.choice(["full", "caret", "upper"]), "json_patient")
    w.add('", "id": "')
    w.phi(c.mrn, "mrn", "mrn:json")
    w.add('", "cccd": "')
    w.phi(c.natid, "natid", "natid:cccd")
    w.add('", "bhyt": "')
    w.phi(c.plan, "plan", "plan:bhyt")
    w.add('", "dob": "')
    _date(w, c.dob, ("iso", "d8", "vn_short"))
    w.add('", "age": ')
    _age(w, c.age, str(c.age), "json_age")
    w.add(', "phone": "')
    w.phi(c.phone, "phone", "phone:vn_json")
    w.add('"},\n  "study": {"date": "')
    _date(w, c.visit, ("iso", "d8"))
    w.add('", "kVp": ')
    w.keep(str(r.choice([90, 85, 70])), "kvp")
    w.add(', "mA": ')
    w.keep(str(r.choice([8, 10, 12])), "ma")
    w.add(', "fov": "')
    w.keep(f"{r.choice([5, 8, 10])}x{r.choice([5, 8])}", "fov")
    w.add('", "uid": "')
    w.keep(f"1.2.840.{_d(r, 5)}.{_d(r, 3)}", "dicom_uid_root")
    w.add('",\n    "note": "Bệnh nhân ')
    _name(w, c.p, "full", "json_note")
    w.add(", ")
    _age(w, c.age, str(c.age), "vn_tuoi")
    w.add(" tuổi, khám ")
    _date(w, c.visit, ("vn",))
    w.add(", răng ")
    w.keep(r.choice(_TEETH_FDI), "tooth_fdi")
    w.add('"},\n  "upload": "')
    w.phi(f"https://cloud.example.vn/studies/{c.mrn}/{_hex(r, 12)}", "url", "url:upload")
    w.add('"\n}\n')


def _ua_referral(w: _W, c: _Case) -> None:
    """Romanised Ukrainian referral for a maxillofacial fracture (Ukraine)."""
    r = w.r
    w.add("NAPRAVLENNIA No ")
    w.phi(f"{_d(r, 4)}-{_d(r, 4)}-{_d(r, 4)}-{_d(r, 4)}", "account", "account:ehealth_referral")
    w.add("\nPatsiient: ")
    _name(w, c.p, r.choice(["full", "upper"]), "ua_patient")
    w.add(", ")
    _age_phrase(w, c.age, "uk")
    w.add("\nData narodzhennia: ")
    _date(w, c.dob, ("dot", "uk"))
    w.add("\nRNOKPP: ")
    w.phi(c.natid, "natid", "natid:rnokpp")
    w.add("   Deklaratsiia: ")
    w.phi(c.plan, "plan", "plan:nszu")
    w.add("\nAdresa: ")
    _addr(w, c.addr, "ua", ", ")
    w.add("\nTel.: ")
    w.phi(c.phone, "phone", "phone:ua")
    w.add("\nDiahnoz: perelom nyzhnoi shchelepy (")
    w.keep("S02.6", "icd10")
    w.add("), DTP ")
    _date(w, c.visit - timedelta(days=r.randint(1, 5)), ("uk", "dot"))
    w.add(", avto ")
    w.phi(c.plate, "plate", "plate:ua")
    w.add("\nVodiiske posvidchennia: ")
    w.phi(f"{_up(r, 3)} {_d(r, 6)}", "license", "license:ua_driver")
    w.add("\nLikar: ")
    _name(w, c.doc, "full", "ua_doc")
    w.add(", ")
    w.phi(c.email.split("@")[0] + "@clinic.example.ua", "email", "email:ua_doc")
    w.add("\nHemohlobin ")
    w.keep(f"{r.randint(100, 150)}", "hb")
    w.add(" h/l, hlukoza ")
    w.keep(f"{r.randint(40, 90) / 10:.1f}", "glucose")
    w.add(" mmol/l\n")


def _us_soap(w: _W, c: _Case) -> None:
    """Hospital dentistry SOAP note in a long-term-care facility (US)."""
    r = w.r
    w.add("S: ")
    _age_phrase(w, c.age)
    w.add(" resident of the memory-care unit, c/o loose lower denture. ")
    w.add("Dtr ")
    _name(w, c.kin, "given", "soap_kin")
    w.add(" (POA) reached at ")
    w.phi(c.kin_phone, "phone", "phone:soap_kin")
    w.add(".\nO: ")
    _keep_misc(w)
    w.add("A/P: reline, f/u ")
    _date(w, c.visit + timedelta(days=r.randint(7, 30)), ("mdy", "long", "mdY"))
    w.add(". Pt ")
    _name(w, c.p, "initial", "soap_initial")
    w.add(", chart ")
    w.phi(c.mrn, "mrn", "mrn:soap")
    w.add(", Medicaid ")
    w.phi(f"{_up(r, 2)}{_d(r, 5)}{_up(r, 1)}", "plan", "plan:medicaid")
    w.add(".\n-- ")
    _name(w, c.doc, "full", "soap_sign")
    w.add(", DDS ")
    w.keep(_tm(r), "time")
    w.add("\n")


def _implant_card(w: _W, c: _Case) -> None:
    """Implant passport card with sticker lines (Israel or Greece, no patient context)."""
    r = w.r
    w.add("IMPLANT PASSPORT / sticker sheet\n")
    for _ in range(r.randint(2, 3)):
        w.add("Pos ")
        w.keep(r.choice(_TEETH_FDI), "tooth_fdi")
        w.add("  ")
        w.keep(r.choice(_IMPLANTS), "implant_model")
        w.add("  ")
        w.keep(_lot(r), "implant_lot")
        w.add("  EXP ")
        w.keep(f"{r.randint(2024, 2029)}-{r.randint(1, 12):02d}", "implant_expiry")
        w.add("  REF ")
        w.keep(f"0{_d(r, 2)}.{_d(r, 3)}", "catalogue_ref")
        w.add("\n")
    w.add("Insertion torque ")
    w.keep(f"{r.randint(25, 45)} Ncm", "torque")
    w.add(", ISQ ")
    w.keep(str(r.randint(55, 80)), "isq")
    w.add(". Surgery ")
    _date(w, c.visit, ("dmY", "dot", "dMonY"))
    w.add(" by Dr. ")
    _name(w, c.doc, "full", "card_surgeon")
    w.add(". Hotline ")
    w.keep("1-800-555-0100", "public_hotline")
    w.add(".\n")


def _sms_ke(w: _W, c: _Case) -> None:
    """Mobile dental-outreach SMS thread, English and Swahili mixed (Kenya)."""
    r = w.r
    clinic = "DENTAL-OUTREACH"
    w.add(f"{clinic} > ")
    w.phi(c.phone, "phone", "phone:ke_sms_to")
    w.add("\n")
    w.add("Habari ")
    _name(w, c.p, r.choice(["given", "full"]), "sms_greeting")
    w.add(", miadi yako ya meno ni ")
    _date(w, c.visit, ("sw", "dmy_dash_yy", "dmY"))
    w.add(" saa ")
    w.keep(f"{r.randint(2, 5)}", "swahili_hour")
    w.add(" asubuhi. Lete kadi ya NHIF ")
    w.phi(c.plan, "plan", "plan:nhif")
    w.add(" na ID ")
    w.phi(c.natid, "natid", "natid:ke_id")
    w.add(".\n")
    w.phi(c.kin_phone, "phone", "phone:ke_sms_from")
    w.add(" > ")
    w.add(f"{clinic}\n")
    w.add("ni mtoto wake ")
    _name(w, c.kin, "lower", "sms_kin")
    w.add(". mama" if c.female else ". baba")
    w.add(" ana umri wa miaka ")
    _age(w, c.age, str(c.age), "sw_miaka")
    w.add(", hawezi kutembea. nipigie ")
    w.phi("sifuri saba " + _spoken(_d(r, 8)), "phone", "phone:spoken_sw_en")
    w.add(" au email ")
    w.phi(c.email, "email", "email:sms")
    w.add("\n")
    w.add(f"{clinic} > ")
    w.phi(c.kin_phone, "phone", "phone:ke_sms_to_kin")
    w.add("\nSawa. Team will do a home visit at ")
    _addr(w, c.addr, "ke", ", ")
    w.add(". Van ")
    w.phi(c.plate, "plate", "plate:ke")
    w.add(". Clinic chart ")
    w.phi(c.mrn, "mrn", "mrn:ke_chart")
    w.add(". Reply STOP to ")
    w.keep("22384", "shortcode")
    w.add(".\n")


_DOCS: tuple[tuple[str, str, Callable[[_W, _Case], None]], ...] = (
    ("ical_invite", "mx", _ical),
    ("asr_dictation", "ph", _dictation),
    ("lab_label", "gr", _lab_label),
    ("wiki_forensic", "il", _wiki),
    ("ticket_thread", "us", _ticket),
    ("csv_roster", "ng", _csv_roster),
    ("rtf_referral", "ro", _rtf),
    ("pager_log", "us", _pager),
    ("ocr_boxes", "ar", _ocr_boxes),
    ("deposition", "us", _deposition),
    ("device_json", "vn", _device_json),
    ("ua_referral", "ua", _ua_referral),
    ("ltc_soap", "us", _us_soap),
    ("implant_card", "gr", _implant_card),
    ("sms_outreach", "ke", _sms_ke),
)
_NO_SUBJECT = {"csv_roster", "implant_card", "pager_log"}


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc in _NO_SUBJECT or r.random() < 0.06:
        return {}
    ctx: dict[str, object] = {
        "first_name": c.p.given,
        "last_name": c.p.family,
        "mrn": c.mrn,
        "birth_date": c.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": c.phone, "city": c.addr.city, "zip": c.addr.zip})
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


def _self_check() -> list[str]:
    problems = []
    d = date(2021, 3, 9)
    if _fmt(d, "ro") != "9 martie 2021" or _fmt(d, "uk") != "9 bereznia 2021 r.":
        problems.append("date formatting is off")
    if _fmt(d, "mx") != "09/MAR/2021" or _fmt(d, "vn") != "ngày 9 tháng 3 năm 2021":
        problems.append("date formatting is off")
    cnp = _cnp(random.Random(0), date(1931, 4, 12), True)
    if len(cnp) != 13 or cnp[1:7] != "310412":
        problems.append("CNP is off")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    return run_style(
        argv,
        title="held-out style 11 (dentistry, oral surgery)",
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
