"""A seventeenth held-out style, written blind (its author never read the recognizers, the
scrubber's tests or the README's account of them) and committed before its first run.

The theme, document types, layouts and countries are not described here on purpose, so
that whoever scores this style stays blind to them; read the generator functions for the
details.

Span conventions follow ``notes_heldout_occupational.py``: fine kinds as labels; titles,
honorifics and credentials outside name spans; weekday names, times, time zones, states,
provinces, counties, countries, nationalities, bare years, organisation and facility names,
schedule, seat and room codes, currency amounts, laboratory values, vital signs, doses, batch
numbers, codes (ICD-10 and the like), form versions, counts and ages of 89 or under never
labelled (the planted ones are recorded as look-alikes); every calendar date about a person is a
``date``, however it is written (a range is one span; in a relative phrase only the anchor is a
span; the date part of a timestamp is the span, its time is not); ages labelled only over 89
(digits or words, the number only). An address is split into street line, city / district spans
and a separate ``zip`` span. Kinds: ``name date age phone fax email address zip ssn natid mrn
account plan license plate serial ip url accession``. ``ssn`` is a US Social Security number
only; ``natid`` another country's national, tax or social number or a passport; ``mrn`` record
numbers held by a hospital, clinic or practice (staff ids included); ``account`` case,
admission, claim, order, ticket, invoice and file numbers; ``plan`` health-, social- and other
insurance member and policy numbers; ``license`` clinicians' registration numbers and drivers'
licences; ``plate`` vehicles' registration plates; ``serial`` device serials; ``accession``
specimen, sample and imaging numbers. About a quarter of the notes carry no patient context.
Every span is tagged with the phrasing it was written in, and every planted look-alike is
recorded.

    python benchmarks/notes_heldout_s17.py --check       # spans only, no scrubber
    python benchmarks/notes_heldout_s17.py --sample 6    # print notes, no scrubber
    python benchmarks/notes_heldout_s17.py               # 300 notes, seed 10200
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_heldout_dictation import LabelledNote  # noqa: E402
from notes_heldout_harness import check_labels, run_style  # noqa: E402
from notes_heldout_harness import score_and_report as harness_score  # noqa: E402

DEFAULT_SEED = 10200
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

    def col(self) -> int:
        """Characters since the last line break."""
        text = "".join(self.parts[-60:])
        i = text.rfind("\n")
        return len(text) - i - 1 if i >= 0 else self.n

    def pad(self, width: int) -> None:
        self.add(" " * max(1, width - self.col()))

    def text(self) -> str:
        return "".join(self.parts)


# A piece of text laid out later: (text, kind: "" plain, "~" look-alike, else a PHI kind, form)
_Seg = tuple[str, str, str]


def _emit(w: _W, segs: Sequence[_Seg]) -> None:
    for text, kind, form in segs:
        if not kind:
            w.add(text)
        elif kind == "~":
            w.keep(text, form)
        else:
            w.phi(text, kind, form)


# --------------------------------------------------------------------------- small helpers

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _card(n: int) -> str:
    """English cardinal words for 0..199."""
    if n >= 100:
        rest = n - 100
        return "one hundred" + (f" and {_card(rest)}" if rest else "")
    if n < 20:
        return _ONES[n]
    return _TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else "")


_ORD_SMALL = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()


def _ord_word(n: int) -> str:
    if n < 20:
        return _ORD_SMALL[n - 1]
    if n % 10 == 0:
        return _TENS[n // 10][:-1] + "ieth"
    return f"{_TENS[n // 10]}-{_ORD_SMALL[n % 10 - 1]}"


def _nth(n: int) -> str:
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def _year_words(y: int) -> str:
    if y >= 2000:
        return "two thousand" + (f" and {_card(y - 2000)}" if y > 2000 else "")
    return (
        f"{_card(y // 100)} {_card(y % 100)}"
        if y % 100 >= 10
        else f"{_card(y // 100)} oh {_card(y % 100)}"
    )


# ages over 89 in words, several languages (the reader below inverts them)
_DE_ONES = "_ ein zwei drei vier fünf sechs sieben acht neun".split()
_FR_TEENS = "dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf".split()
_ES_ONES = "_ uno dos tres cuatro cinco seis siete ocho nueve".split()
_PT_ONES = "_ um dois três quatro cinco seis sete oito nove".split()


def _age_words(n: int, lang: str = "en") -> str:
    if lang == "de":
        if n == 100:
            return "hundert"
        if n > 100:
            return "hundert" + _DE_ONES[n - 100].replace("ein", "eins")
        return ("" if n == 90 else _DE_ONES[n - 90] + "und") + "neunzig"
    if lang == "it":
        units = "_ uno due tre quattro cinque sei sette otto nove".split()
        base = "cento" if n >= 100 else "novanta"
        k = n - (100 if n >= 100 else 90)
        if k == 0:
            return base
        word = "tré" if k == 3 else units[k]
        return (base[:-1] if word[0] in "uo" and base == "novanta" else base) + word
    if lang == "fr":
        if n >= 100:
            return "cent" + (
                "" if n == 100 else f" {['', 'un', 'deux', 'trois', 'quatre', 'cinq'][n - 100]}"
            )
        return "quatre-vingt-" + _FR_TEENS[n - 90]
    if lang == "es":
        if n >= 100:
            return "cien" if n == 100 else f"ciento {_ES_ONES[n - 100]}"
        return "noventa" + ("" if n == 90 else f" y {_ES_ONES[n - 90]}")
    if lang == "pt":
        if n >= 100:
            return "cem" if n == 100 else f"cento e {_PT_ONES[n - 100]}"
        return "noventa" + ("" if n == 90 else f" e {_PT_ONES[n - 90]}")
    return _card(n)


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


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _fold(s: str) -> str:
    s = s.replace("ß", "ss").replace("ø", "o").replace("æ", "ae")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def _luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        total += v
    return str((10 - total % 10) % 10)


def _tm(r: random.Random, sec: bool = False) -> str:
    t = f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"
    return t + (f":{r.randint(0, 59):02d}" if sec else "")


def _ipv4(r: random.Random) -> str:
    first = r.choice(["10", "172.16", "192.168", "100.64", "198.51.100", "203.0.113", "81", "62"])
    need = 4 - first.count(".") - 1
    return first + "".join(f".{r.randint(1, 254)}" for _ in range(need))


def _ipv6(r: random.Random) -> str:
    groups = [_hex(r, 4).lstrip("0") or "0" for _ in range(5)]
    lead = r.choice(["2001:db8", "2a02:8108", "2804:14c", "2400:4051", "fe80"])
    if r.random() < 0.5:
        return f"{lead}:{groups[0]}:{groups[1]}::{groups[2]}"
    return f"{lead}:{':'.join(groups)}:{_hex(r, 3)}"


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else {"-": "－"}.get(c, c) for c in s)


def _arabic_digits(s: str) -> str:
    return "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in s)


# --------------------------------------------------------------------------- calendars

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "ms": "Januari Februari Mac April Mei Jun Julai Ogos September Oktober November Disember",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "th": "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.",
    "hi": "Muharram Safar Rabi'_al-Awwal Rabi'_al-Thani Jumada_al-Ula Jumada_al-Akhirah Rajab "
    "Sha'ban Ramadan Shawwal Dhu_al-Qi'dah Dhu_al-Hijjah",
    "hid": "Muharam Safar Rabiulawal Rabiulakhir Jumadilawal Jumadilakhir Rajab Syakban Ramadan "
    "Syawal Zulkaidah Zulhijah",
}


def _mname(lang: str, m: int) -> str:
    return _MONTHS[lang].split()[m - 1].replace("_", " ")


def _hijri(d: date) -> tuple[int, int, int]:
    """(year, month, day) in the tabular Islamic calendar."""
    jd = d.toordinal() + 1721425
    ell = jd - 1948440 + 10632
    n = (ell - 1) // 10631
    ell = ell - 10631 * n + 354
    j = ((10985 - ell) // 5316) * ((50 * ell) // 17719) + (ell // 5670) * ((43 * ell) // 15238)
    ell = ell - ((30 - j) // 15) * ((17719 * j) // 50) - (j // 16) * ((15238 * j) // 43) + 29
    m = (24 * ell) // 709
    day = ell - (709 * m) // 24
    return 30 * n + j - 30, m, day


_ERAS = (
    (date(2019, 5, 1), "令和", "R", 2018),
    (date(1989, 1, 8), "平成", "H", 1988),
    (date(1926, 12, 25), "昭和", "S", 1925),
    (date(1912, 7, 30), "大正", "T", 1911),
)


def _era(d: date) -> tuple[str, str, int]:
    for start, kanji, letter, off in _ERAS:
        if d >= start:
            return kanji, letter, d.year - off
    raise ValueError(d)


def _fmt(d: date, style: str) -> str:
    en = _mname("en", d.month)
    y2 = f"{d.year % 100:02d}"
    simple = {
        "iso": d.isoformat(),
        "us": f"{d.month}/{d.day}/{d.year}",
        "us0": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "us2": f"{d.month}/{d.day}/{y2}",
        "dmy": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy1": f"{d.day}/{d.month}/{d.year}",
        "dmy2": f"{d.day:02d}/{d.month:02d}/{y2}",
        "dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dot1": f"{d.day}.{d.month}.{d.year}",
        "dot2": f"{d.day:02d}.{d.month:02d}.{y2}",
        "dash": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "ymd_slash": f"{d.year}/{d.month:02d}/{d.day:02d}",
        "compact": f"{d:%Y%m%d}",
        "yymmdd": f"{y2}{d.month:02d}{d.day:02d}",
        "air": f"{d.day:02d}{en[:3].upper()}{y2}",
        "air_dm": f"{d.day:02d}{en[:3].upper()}",
        "air_full": f"{d.day:02d}{en[:3].upper()}{d.year}",
        "dMonY": f"{d.day} {en[:3]} {d.year}",
        "DD_MON_YYYY": f"{d.day:02d} {en[:3].upper()} {d.year}",
        "d-Mon-Y": f"{d.day:02d}-{en[:3]}-{d.year}",
        "Mon_d_Y": f"{en[:3]} {d.day}, {d.year}",
        "long_us": f"{en} {d.day}, {d.year}",
        "long_uk": f"{d.day} {en} {d.year}",
        "ord_uk": f"{_nth(d.day)} {en} {d.year}",
        "ord_us": f"{en} {_nth(d.day)}, {d.year}",
        "the_ord": f"the {_nth(d.day)} of {en}",
        "words": f"the {_ord_word(d.day)} of {en}, {_year_words(d.year)}",
        "mon_year": f"{en} {d.year}",
        "dm": f"{d.day:02d}/{d.month:02d}",
        "md": f"{d.month}/{d.day}",
        "dm_dot": f"{d.day}.{d.month}.",
        "ord_short": f"{en[:3]} {_nth(d.day)}",
        "de": f"{d.day}. {_mname('de', d.month)} {d.year}",
        "de_abbr": f"{d.day}. {_mname('de', d.month)[:3]}. {d.year}",
        "it": f"{d.day} {_mname('it', d.month)} {d.year}",
        "pt": f"{d.day} de {_mname('pt', d.month)} de {d.year}",
        "pt_abbr": f"{d.day:02d}/{_mname('pt', d.month)[:3]}/{d.year}",
        "fr": f"{'1er' if d.day == 1 else d.day} {_mname('fr', d.month)} {d.year}",
        "id": f"{d.day} {_mname('id', d.month)} {d.year}",
        "ms": f"{d.day} {_mname('ms', d.month)} {d.year}",
        "ru": f"{d.day} {_mname('ru', d.month)} {d.year}",
        "ru_q": f"«{d.day:02d}» {_mname('ru', d.month)} {d.year}",
        "jp": f"{d.year}年{d.month}月{d.day}日",
        "jp_md": f"{d.month}月{d.day}日",
        "be": f"{d.day:02d}/{d.month:02d}/{d.year + 543}",
        "be_th": f"{d.day} {_mname('th', d.month)} {d.year + 543}",
        "arabic": _arabic_digits(f"{d.day:02d}/{d.month:02d}/{d.year}"),
    }
    if style in simple:
        return simple[style]
    if style in ("jp_era", "jp_era_abbr", "jp_era_fw"):
        kanji, letter, ey = _era(d)
        if style == "jp_era_abbr":
            return f"{letter}{ey}.{d.month}.{d.day}"
        yt = "元" if ey == 1 else str(ey)
        text = f"{kanji}{yt}年{d.month}月{d.day}日"
        return _fullwidth(text) if style == "jp_era_fw" else text
    if style in ("hijri", "hijri_id", "hijri_num"):
        hy, hm, hd = _hijri(d)
        if style == "hijri_num":
            return f"{hd:02d}/{hm:02d}/{hy}"
        return f"{hd} {_mname('hi' if style == 'hijri' else 'hid', hm)} {hy}"
    raise ValueError(style)


def _date(w: _W, d: date, styles: str | Sequence[str], form: str = "") -> None:
    style = styles if isinstance(styles, str) else w.r.choice(list(styles))
    w.phi(_fmt(d, style), "date", f"date:{style}" + (f":{form}" if form else ""))


def _range(w: _W, a: date, b: date, style: str) -> None:
    """A stay from ``a`` to ``b`` written as one span."""
    if style == "dot":
        text = f"{a.day:02d}.{a.month:02d}.–{b.day:02d}.{b.month:02d}.{b.year}"
    elif style == "dot_same":
        text = (
            f"{a.day}.–{b.day}.{b.month}.{b.year}"
            if a.month == b.month
            else (f"{a.day}.{a.month}.–{b.day}.{b.month}.{b.year}")
        )
    elif style == "en":
        text = (
            f"{a.day}–{b.day} {_mname('en', b.month)} {b.year}"
            if a.month == b.month
            else (
                f"{a.day} {_mname('en', a.month)[:3]} – "
                f"{b.day} {_mname('en', b.month)[:3]} {b.year}"
            )
        )
    elif style == "iso":
        text = f"{a.isoformat()}/{b.isoformat()}"
    elif style == "us":
        text = f"{a.month}/{a.day}-{b.month}/{b.day}/{b.year % 100:02d}"
    else:
        raise ValueError(style)
    w.phi(text, "date", f"date:range_{style}")


# --------------------------------------------------------------------------- people

# region -> (women, men, families); entries are plain names unless noted below
_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "us": (
        ("Dolores", "Mildred", "Earlene", "Wilhelmina", "Margaret", "Ethel Mae", "Lupe"),
        ("Thaddeus", "Lloyd", "Harold", "Robert", "Jerome", "Willard", "Delmar"),
        ("Szymanski", "O'Donnell", "Castellanos", "Whitehorse", "Lindqvist-Moore", "McCandless"),
    ),
    "ca": (
        ("Thérèse", "Réjeanne", "Gisèle", "Yvette", "Marguerite", "Doreen"),
        ("Réal", "Gaétan", "Normand", "Lucien", "Angus", "Murdoch"),
        ("Tremblay", "Gagnon", "Bouchard-Lévesque", "MacIsaac", "Thibodeau", "Ouellet"),
    ),
    "uk": (
        ("Winifred", "Maud", "Hilda", "Enid", "Gwyneth", "Philippa"),
        ("Cyril", "Alistair", "Hamish", "Nigel", "Rhodri", "Bartholomew"),
        ("Fotheringham", "Ramsbottom", "Okonkwo-Blake", "Pryce-Jones", "Cholmondeley", "Entwistle"),
    ),
    "ie": (
        ("Bríd", "Siobhán", "Nuala", "Máire", "Kathleen", "Úna"),
        ("Pádraig", "Seán", "Colm", "Donal", "Tadhg", "Cathal"),
        ("Ó Ceallaigh", "O'Sullivan", "Breathnach", "Fitzgerald", "Mac Cárthaigh", "Kavanagh"),
    ),
    "de": (
        ("Hildegard", "Waltraud", "Gudrun", "Liselotte", "Irmgard", "Erika"),
        ("Wolfgang", "Dieter", "Klaus-Peter", "Gerhard", "Horst", "Jürgen"),
        ("Müller-Lüdenscheidt", "Schwarzkopf", "von Trotha", "Überall", "Kaltenbrunner", "Wendt"),
    ),
    "ch": (
        ("Verena", "Margrit", "Elsbeth", "Rosmarie", "Theres", "Annemarie"),
        ("Urs", "Beat", "Reto", "Fritz", "Hansruedi", "Ueli"),
        ("Zürcher", "Gygax", "Rüegg", "Tschanz", "Hürlimann", "Blaser"),
    ),
    "it": (
        ("Assunta", "Carmela", "Giuseppina", "Nunzia", "Immacolata", "Concetta"),
        ("Gennaro", "Salvatore", "Pasquale", "Vittorio", "Carmine", "Ciro"),
        ("Esposito", "De Luca", "Lo Presti", "D'Alessandro", "Capuozzo", "Scognamiglio"),
    ),
    "br": (
        ("Maria das Graças", "Aparecida", "Benedita", "Conceição", "Terezinha", "Iracema"),
        ("Sebastião", "Raimundo", "José Carlos", "Antônio", "Valdomiro", "Josué"),
        ("da Silva Santos", "Nascimento", "Ferreira de Souza", "Albuquerque", "Cavalcanti"),
    ),
    "in": (
        ("Lakshmi", "Kamala", "Saraswathi", "Parvati", "Meenakshi", "Gurcharan"),
        ("Venkatesh", "Subramanian", "Gurpreet", "Ramesh Chandra", "Harish", "Thirumalai"),
        ("Iyer", "Krishnamurthy", "Chatterjee", "Sandhu", "Deshpande", "Nair"),
    ),
}
# (script, latin) pairs
_JP = (
    (
        ("花子", "Hanako"),
        ("幸子", "Sachiko"),
        ("和子", "Kazuko"),
        ("節子", "Setsuko"),
        ("千代", "Chiyo"),
    ),
    (("正雄", "Masao"), ("一郎", "Ichiro"), ("茂", "Shigeru"), ("清", "Kiyoshi"), ("勇", "Isamu")),
    (
        ("佐藤", "Sato"),
        ("鈴木", "Suzuki"),
        ("高橋", "Takahashi"),
        ("渡辺", "Watanabe"),
        ("伊藤", "Ito"),
        ("小林", "Kobayashi"),
    ),
)
_RU = (
    (
        ("Валентина", "Valentina"),
        ("Зинаида", "Zinaida"),
        ("Антонина", "Antonina"),
        ("Галина", "Galina"),
        ("Людмила", "Lyudmila"),
    ),
    (
        ("Виктор", "Viktor"),
        ("Геннадий", "Gennadiy"),
        ("Анатолий", "Anatoliy"),
        ("Борис", "Boris"),
        ("Аркадий", "Arkadiy"),
    ),
    (
        ("Кузнецов", "Kuznetsov"),
        ("Белоусов", "Belousov"),
        ("Волков", "Volkov"),
        ("Соловьёв", "Solovyov"),
        ("Шевченко", "Shevchenko"),
    ),
)
# father's name -> (daughter's patronymic, son's), script and latin
_RU_PATR = (
    (("Петровна", "Petrovna"), ("Петрович", "Petrovich")),
    (("Ивановна", "Ivanovna"), ("Иванович", "Ivanovich")),
    (("Сергеевна", "Sergeyevna"), ("Сергеевич", "Sergeyevich")),
    (("Николаевна", "Nikolayevna"), ("Николаевич", "Nikolayevich")),
)
# (given, family) with family "" for a single name
_ID = (
    (
        ("Suharti", ""),
        ("Siti", "Aminah"),
        ("Ni Wayan", "Sukerti"),
        ("Endang Sri", "Rahayu"),
        ("Sumiyati", ""),
        ("Tukinah", ""),
        ("Sri", "Mulyani"),
        ("Hj. Rukmini", "Sastro"),
        ("Nur", "Hasanah"),
        ("Painem", ""),
        ("Dewi", "Lestari"),
        ("Sitti", "Rabiah Daeng Ngai"),
    ),
    (
        ("Sutrisno", ""),
        ("I Made", "Wirawan"),
        ("Bambang", "Hartono"),
        ("Slamet", ""),
        ("Muhammad", "Yusuf"),
        ("Ahmad", "Dahlan Siregar"),
        ("Karto", "Wiyono"),
        ("Sukarman", ""),
        ("H. Abdul", "Rahman Lubis"),
        ("Paiman", ""),
        ("Andi", "Mappatoba"),
        ("Darmaji", ""),
    ),
)
# (given, family, layout)
_MY = (
    (
        ("Siti Hajar", "Ahmad", "{g} binti {f}"),
        ("Nor Azizah", "Ismail", "{g} binti {f}"),
        ("Ah Moi", "Tan", "{f} {g}"),
        ("Mei Ling", "Wong", "{f} {g}"),
        ("Letchumy", "Muthusamy", "{g} a/p {f}"),
        ("Wan Norhayati", "Wan Ismail", "{g} binti {f}"),
        ("Rohani", "Abdullah", "{g} binti {f}"),
        ("Che Puteh", "Mat Saman", "{g} binti {f}"),
        ("Zaleha", "Osman", "{g} binti {f}"),
    ),
    (
        ("Mohd Razali", "Hassan", "{g} bin {f}"),
        ("Abdul Rahman", "Yusof", "{g} bin {f}"),
        ("Ah Kow", "Lim", "{f} {g}"),
        ("Kok Leong", "Chong", "{f} {g}"),
        ("Rajendran", "Subramaniam", "{g} a/l {f}"),
        ("Wan Ahmad Kamil", "Wan Daud", "{g} bin {f}"),
        ("Ismail", "Hamzah", "{g} bin {f}"),
        ("Mat Isa", "Yaakob", "{g} bin {f}"),
        ("Nik Abdul Aziz", "Nik Mat", "{g} bin {f}"),
    ),
)
_NICK = {
    "Wilhelmina": "Billie",
    "Margaret": "Peggy",
    "Robert": "Bobby",
    "Thaddeus": "Tad",
    "Dolores": "Lola",
    "Philippa": "Pippa",
    "Bartholomew": "Barty",
    "Giuseppina": "Pina",
    "Concetta": "Tina",
    "Salvatore": "Totò",
    "Gennaro": "Rino",
    "Immacolata": "Titina",
    "Valentina": "Valya",
    "Zinaida": "Zina",
    "Antonina": "Tonya",
    "Lyudmila": "Lyuda",
    "Anatoliy": "Tolya",
    "Gennadiy": "Gena",
    "Hildegard": "Hilde",
    "Liselotte": "Lilo",
    "Wolfgang": "Wolfi",
    "Sebastião": "Tião",
    "Antônio": "Toninho",
    "Conceição": "Ceiça",
    "Pádraig": "Páidí",
    "Kathleen": "Kitty",
    "Hansruedi": "Hansi",
    "Venkatesh": "Venky",
    "Subramanian": "Mani",
    "Gurcharan": "Guri",
}
# staff of hospitals, companies and clinics (never a subject's relatives)
_STAFF = (
    ("Thanawat", "Srisuk"),
    ("Nattaya", "Phromma"),
    ("Kai", "Lindemann"),
    ("Ayaka", "Morishita"),
    ("Leandro", "Paiva"),
    ("Farida", "Al-Harbi"),
    ("Olumide", "Adeyemi"),
    ("Sigrún", "Hallsdóttir"),
    ("Tomasz", "Wiśniewski"),
    ("Chloé", "Marchetti"),
    ("Rafael", "Quintanilla"),
    ("Ingrid", "Vaage"),
    ("Priyanka", "Raghunathan"),
    ("Yannick", "Dufresne"),
    ("Aigerim", "Sadykova"),
    ("Mehmet Ali", "Karataş"),
)
_RU_STAFF = (("Соколова", "Е. А."), ("Морозов", "И. В."), ("Лебедева", "Н. С."), ("Орлов", "Д. Ю."))


@dataclass
class _P:
    given: str
    family: str
    female: bool = False
    layout: str = "{g} {f}"
    native: str = ""  # the name in its own script (family first), when it has one
    middle: str = ""  # a patronymic in latin letters
    nick: str = ""
    region: str = ""

    def full(self) -> str:
        if not self.family:
            return self.given
        return self.layout.format(g=self.given, f=self.family)

    def ref(self) -> str:
        """How the person is referred to alone (family name where there is one)."""
        if not self.family or self.layout.startswith("{g} b") or self.layout.startswith("{g} a/"):
            return self.given
        return self.family


def _person(r: random.Random, region: str, female: bool | None = None) -> _P:
    if female is None:
        female = r.random() < 0.55
    if region == "jp":
        g = r.choice(_JP[0 if female else 1])
        f = r.choice(_JP[2])
        return _P(g[1], f[1], female, "{g} {f}", f"{f[0]} {g[0]}", region=region)
    if region == "ru":
        g = r.choice(_RU[0 if female else 1])
        f = r.choice(_RU[2])
        pa = r.choice(_RU_PATR)[0 if female else 1]
        fam_c, fam_l = f
        if female and not fam_c.endswith("о"):
            fam_c, fam_l = fam_c + "а", fam_l + "a"
        native = f"{fam_c} {g[0]} {pa[0]}"
        return _P(
            g[1],
            fam_l,
            female,
            native=native,
            middle=pa[1],
            nick=_NICK.get(g[1], ""),
            region=region,
        )
    if region == "id":
        g, f = r.choice(_ID[0 if female else 1])
        return _P(g, f, female, region=region)
    if region == "my":
        g, f, lay = r.choice(_MY[0 if female else 1])
        return _P(g, f, female, lay, region=region)
    women, men, fams = _NAMES[region]
    g = r.choice(women if female else men)
    return _P(g, r.choice(fams), female, nick=_NICK.get(g, ""), region=region)


_STAFF_WOMEN = {"Nattaya", "Ayaka", "Farida", "Sigrún", "Chloé", "Ingrid", "Priyanka", "Aigerim"}


def _staff(r: random.Random) -> _P:
    g, f = r.choice(_STAFF)
    return _P(g, f, g in _STAFF_WOMEN)


def _airline(p: _P) -> str:
    def clean(s: str) -> str:
        return re.sub(r"[^A-Z]", "", _fold(s).upper())

    if not p.family:
        return f"{clean(p.given)}/{clean(p.given)}"
    return f"{clean(p.family)}/{clean(p.given)}"


def _name_text(p: _P, style: str) -> str:
    fam = p.family or p.given
    if p.layout.startswith("{g} ") and p.layout != "{g} {f}":
        # a father's name after bin / binti / a/l: the name is never turned round or initialled
        if style in ("last_first", "family_upper_given"):
            style = "upper"
        elif style in ("last_first_mixed", "initial", "initial_after", "indian"):
            style = "full"
    if style == "full":
        return p.full()
    if style == "upper":
        return p.full().upper()
    if style == "lower":
        return _fold(p.full()).lower()
    if style == "last_first":
        return f"{fam.upper()}, {p.given}" if p.family else p.given.upper()
    if style == "last_first_mixed":
        return f"{fam}, {p.given}" if p.family else p.given
    if style == "family_upper_given":
        return f"{fam.upper()} {p.given}" if p.family else p.given.upper()
    if style == "airline":
        return _airline(p)
    if style == "initial":
        return f"{p.given[0]}. {fam}" if p.family else p.given
    if style == "initial_after":
        return f"{fam} {p.given[0]}." if p.family else p.given
    if style == "indian":
        return f"{fam[0]}. {p.given}"
    if style == "given":
        return p.given
    if style == "ref":
        return p.ref()
    if style == "nick":
        return p.nick or p.given
    if style == "native":
        return p.native or p.full()
    if style == "native_tight":
        return (p.native or p.full()).replace(" ", "")
    if style == "with_middle":
        return f"{p.given} {p.middle} {fam}" if p.middle else p.full()
    if style == "mrz":
        g = re.sub(r"[^A-Z<]", "", re.sub(r"[ -]", "<", _fold(p.given).upper()))
        f = re.sub(r"[^A-Z<]", "", re.sub(r"[ -]", "<", _fold(fam).upper()))
        return f"{f}<<{g}"
    raise ValueError(style)


def _name(w: _W, p: _P, style: str | Sequence[str], form: str) -> None:
    style = style if isinstance(style, str) else w.r.choice(list(style))
    w.phi(_name_text(p, style), "name", f"name:{form}:{style}")


def _email(r: random.Random, p: _P, domains: Sequence[str]) -> str:
    g = re.sub(r"[^a-z]", "", _fold(p.given).lower().split()[0])
    f = re.sub(r"[^a-z]", "", _fold(p.family or p.given).lower())
    user = r.choice(
        [
            f"{g}.{f}",
            f"{g[0]}{f}{r.randint(1, 99)}",
            f"{f}_{g[:3]}",
            f"{g}{f[:4]}{r.randint(30, 99)}",
        ]
    )
    return f"{user}@{r.choice(list(domains))}"


_DOMAINS = {
    "us": ("inbox.example.com", "mail.example.net"),
    "ca": ("videotron.example.ca", "sympatico.example.ca"),
    "uk": ("btinternet.example.co.uk", "mail.example.co.uk"),
    "ie": ("eircom.example.ie", "mail.example.ie"),
    "de": ("t-online.example.de", "web.example.de"),
    "ch": ("bluewin.example.ch", "gmx.example.ch"),
    "it": ("libero.example.it", "tiscali.example.it"),
    "br": ("uol.example.com.br", "terra.example.com.br"),
    "in": ("rediffmail.example.in", "mail.example.co.in"),
    "jp": ("docomo.example.ne.jp", "mail.example.jp"),
    "ru": ("yandex.example.ru", "mail.example.ru"),
    "id": ("telkom.example.net.id", "mail.example.co.id"),
    "my": ("streamyx.example.com.my", "mail.example.my"),
}


# --------------------------------------------------------------------------- identifiers


def _ssn(r: random.Random) -> tuple[str, str]:
    a = r.choice([n for n in range(1, 900) if n != 666])
    g, s = f"{r.randint(1, 99):02d}", f"{r.randint(1, 9999):04d}"
    k = r.randrange(5)
    return [
        f"{a:03d}-{g}-{s}",
        f"{a:03d} {g} {s}",
        f"{a:03d}{g}{s}",
        f"{a:03d}.{g}.{s}",
        f"{a:03d} - {g} - {s}",
    ][k], f"ssn_{k}"


def _sin(r: random.Random) -> str:
    body = str(r.randint(1, 7)) + _d(r, 7)
    s = body + _luhn_digit(body)
    return r.choice([f"{s[:3]} {s[3:6]} {s[6:]}", f"{s[:3]}-{s[3:6]}-{s[6:]}", s])


def _nino(r: random.Random) -> str:
    a = r.choice("ABCEGHJKLMNPRSTWXYZ") + r.choice("ABCEGHJKLMNPRSTWXYZ")
    n = _d(r, 6)
    sfx = r.choice("ABCD")
    return r.choice([f"{a} {n[:2]} {n[2:4]} {n[4:]} {sfx}", f"{a}{n}{sfx}"])


def _ppsn(r: random.Random) -> str:
    digits = _d(r, 7)
    second = r.choice(["", "", "A", "W"])
    total = sum(int(c) * w for c, w in zip(digits, range(8, 1, -1), strict=True))
    if second:
        total += 9 * (0 if second == "W" else ord(second) - 64)
    check = "W" if total % 23 == 0 else chr(64 + total % 23)
    return digits + check + second


def _ahv(r: random.Random) -> str:
    body = "756" + _d(r, 9)
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    s = body + str((10 - total % 10) % 10)
    return f"{s[:3]}.{s[3:7]}.{s[7:11]}.{s[11:]}"


_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            2,
            4,
            18,
            20,
            11,
            3,
            6,
            8,
            12,
            14,
            16,
            10,
            22,
            25,
            24,
            23,
        ],
        strict=True,
    )
)


def _cf_part(s: str, given: bool) -> str:
    s = re.sub(r"[^A-Z]", "", _fold(s).upper())
    cons = [c for c in s if c not in "AEIOU"]
    vows = [c for c in s if c in "AEIOU"]
    if given and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return "".join(cons + vows + ["X", "X", "X"])[:3]


def _codice_fiscale(p: _P, dob: date) -> str:
    day = dob.day + (40 if p.female else 0)
    town = {"Esposito": "F839", "Capuozzo": "F839", "Scognamiglio": "F839"}.get(p.family, "L219")
    body = (
        _cf_part(p.family, False)
        + _cf_part(p.given, True)
        + f"{dob.year % 100:02d}"
        + "ABCDEHLMPRST"[dob.month - 1]
        + f"{day:02d}"
        + town
    )
    total = sum(
        _CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65)
        for i, c in enumerate(body)
    )
    return body + chr(65 + total % 26)


def _cpf(r: random.Random) -> str:
    ds = [int(c) for c in _d(r, 9)]
    for n in (10, 11):
        t = sum(d * (n - i) for i, d in enumerate(ds)) % 11
        ds.append(0 if t < 2 else 11 - t)
    s = "".join(map(str, ds))
    return r.choice([f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}", s])


_VD = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VP = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_VINV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def _verhoeff_digit(body: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def _verhoeff_ok(s: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(s)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


def _aadhaar(r: random.Random) -> str:
    body = str(r.randint(2, 9)) + _d(r, 10)
    s = body + _verhoeff_digit(body)
    return r.choice([f"{s[:4]} {s[4:8]} {s[8:]}", f"{s[:4]}-{s[4:8]}-{s[8:]}", s])


def _my_number(r: random.Random) -> str:
    body = _d(r, 11)
    total = sum(
        int(c) * (n + 1 if n <= 6 else n - 5) for n, c in enumerate(reversed(body), start=1)
    )
    rem = total % 11
    s = body + str(0 if rem <= 1 else 11 - rem)
    return r.choice([f"{s[:4]} {s[4:8]} {s[8:]}", s])


def _snils(r: random.Random) -> str:
    body = _d(r, 9)
    total = sum(int(c) * (9 - i) for i, c in enumerate(body))
    check = total if total < 100 else (0 if total in (100, 101) else total % 101)
    check = 0 if check == 100 else check
    return f"{body[:3]}-{body[3:6]}-{body[6:]} {check:02d}"


def _nik(r: random.Random, dob: date, female: bool) -> str:
    area = r.choice(["3404", "3273", "5171", "3403", "3578"]) + f"{r.randint(1, 20):02d}"
    return (
        f"{area}{dob.day + (40 if female else 0):02d}{dob.month:02d}{dob.year % 100:02d}{_d(r, 4)}"
    )


def _mykad(r: random.Random, dob: date, female: bool) -> str:
    last = r.choice("02468" if female else "13579")
    pb = r.choice(["01", "10", "13", "14", "07", "08"])
    return f"{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}-{pb}-{_d(r, 3)}{last}"


def _mod11_nhs(r: random.Random, first: str = "") -> str:
    while True:
        body = first + _d(r, 9 - len(first))
        t = 11 - sum(int(c) * (10 - i) for i, c in enumerate(body)) % 11
        t = 0 if t == 11 else t
        if t != 10:
            return body + str(t)


def _kvnr(r: random.Random) -> str:
    letter = r.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ")
    digits = _d(r, 8)
    seq = f"{ord(letter) - 64:02d}" + digits
    total = 0
    for i, c in enumerate(seq):
        v = int(c) * (1 if i % 2 == 0 else 2)
        total += v // 10 + v % 10
    return letter + digits + str(total % 10)


def _mrz_digit(s: str) -> str:
    vals = {c: i for i, c in enumerate("0123456789")}
    vals.update({chr(65 + i): 10 + i for i in range(26)})
    vals["<"] = 0
    return str(sum(vals[c] * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def _ramq(p: _P, dob: date, r: random.Random) -> str:
    fam = re.sub(r"[^A-Z]", "", _fold(p.family).upper())
    head = (fam + "XXX")[:3] + _fold(p.given)[0].upper()
    mm = dob.month + (50 if p.female else 0)
    return f"{head} {dob.year % 100:02d}{mm:02d} {dob.day:02d}{_d(r, 2)}"


def _passport(r: random.Random, region: str) -> str:
    return {
        "us": lambda: r.choice(["5", "6", "A"]) + _d(r, 8),
        "ca": lambda: _up(r, 2) + _d(r, 6),
        "uk": lambda: _d(r, 9),
        "ie": lambda: r.choice(["PA", "PB", "LH"]) + _d(r, 7),
        "de": lambda: (
            r.choice("CFGHJK") + "".join(r.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8))
        ),
        "ch": lambda: r.choice("SX") + _d(r, 7),
        "it": lambda: r.choice(["YA", "YB", "AA"]) + _d(r, 7),
        "br": lambda: r.choice(["FZ", "GA", "YB"]) + _d(r, 6),
        "in": lambda: r.choice("JKLMNPRSTUVZ") + _d(r, 7),
        "jp": lambda: r.choice(["TK", "TR", "MZ"]) + _d(r, 7),
        "ru": lambda: f"{r.randint(70, 76)} {_d(r, 7)}",
        "id": lambda: r.choice("ABCX") + _d(r, 7),
        "my": lambda: r.choice("AH") + _d(r, 8),
    }[region]()


def _npi(r: random.Random) -> str:
    body = "1" + _d(r, 8)
    return body + _luhn_digit("80840" + body)


def _gln(r: random.Random) -> str:
    body = "7601" + _d(r, 8)
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _doc_licence(r: random.Random, region: str) -> tuple[str, str, str]:
    """(label before, number, form) of a clinician's registration."""
    return {
        "us": lambda: ("NPI ", _npi(r), "npi"),
        "ca": lambda: (r.choice(["CPSO #", "CMQ "]), f"{r.randint(1, 2)}-{_d(r, 5)}", "ca_college"),
        "uk": lambda: ("GMC No. ", _d(r, 7), "gmc"),
        "ie": lambda: ("IMC Reg. No. ", _d(r, 6), "imc"),
        "de": lambda: ("LANR ", _d(r, 9), "lanr"),
        "ch": lambda: ("GLN ", _gln(r), "gln"),
        "at": lambda: ("ÖÄK-Nr. ", f"{_d(r, 5)}-{_d(r, 2)}", "oeak"),
        "it": lambda: (
            f"Iscr. Ordine Medici {r.choice(['NA', 'TO', 'PA'])} n. ",
            _d(r, 5),
            "omceo",
        ),
        "br": lambda: (f"CRM-{r.choice(['SP', 'PE', 'MG'])} ", _d(r, 6), "crm"),
        "in": lambda: (r.choice(["KMC Reg. No. ", "TNMC Reg. ", "NMC "]), _d(r, 5), "in_council"),
        "jp": lambda: ("医籍登録番号 ", _d(r, 6), "ishi"),
        "ru": lambda: ("лиц. № ", f"ЛО-77-01-{_d(r, 6)}", "ru"),
        "id": lambda: ("STR ", _d(r, 16), "str"),
        "my": lambda: ("MMC ", _d(r, 5), "mmc"),
        "th": lambda: ("ว.", _d(r, 5), "th_wor"),
        "sa": lambda: ("SCFHS ", f"{_d(r, 2)}-R{r.choice('MP')}-{_d(r, 7)}", "scfhs"),
    }[region]()


def _driving(r: random.Random, p: _P, region: str, dob: date) -> tuple[str, str]:
    if region == "uk":
        fam = (re.sub(r"[^A-Z]", "", _fold(p.family).upper()) + "99999")[:5]
        mm = dob.month + (50 if p.female else 0)
        ini = _fold(p.given)[0].upper() + "9"
        s = f"{fam}{str(dob.year)[2]}{mm:02d}{dob.day:02d}{str(dob.year)[3]}{ini}9{_up(r, 2)}"
        return s, "dvla"
    if region == "us":
        return r.choice(
            [
                (f"{_up(r, 1)}{_d(r, 3)}-{_d(r, 3)}-{_d(r, 2)}-{_d(r, 3)}-{_d(r, 1)}", "us_fl"),
                (f"{_up(r, 1)}{_d(r, 7)}", "us_ca"),
                (f"{_d(r, 3)} {_d(r, 3)} {_d(r, 3)}", "us_ny"),
            ]
        )
    if region == "de":
        return f"{_up(r, 1)}{_d(r, 3)}{_up(r, 3)}{_d(r, 1)}{_up(r, 1)}{_d(r, 2)}", "de"
    if region == "ca":
        return f"{_up(r, 1)}{_d(r, 4)}-{_d(r, 6)}-{_d(r, 2)}", "ca"
    if region == "it":
        return f"{_up(r, 2)}{_d(r, 7)}{_up(r, 1)}", "it"
    if region == "br":
        return _d(r, 11), "br_cnh"
    if region == "in":
        return f"{r.choice(['KA', 'TN', 'MH'])}{_d(r, 2)} {_d(r, 11)}", "in"
    if region == "jp":
        return _d(r, 12), "jp"
    return f"{_up(r, 2)}{_d(r, 7)}", region


def _serial(r: random.Random) -> tuple[str, str]:
    return r.choice(
        [
            (f"{_up(r, 3)}{_d(r, 6)}{_up(r, 1)}", "pacemaker"),
            (f"NG{_d(r, 7)}{_up(r, 1)}", "pump"),
            (f"{_d(r, 11)}", "cpap"),
            (f"SN {_d(r, 4)}-{_d(r, 5)}", "hearing_aid"),
            (f"{_up(r, 2)}{_d(r, 2)}-{_hex(r, 6).upper()}", "monitor"),
        ]
    )


# --------------------------------------------------------------------------- addresses


@dataclass
class _Addr:
    region: str
    street: str
    city: str
    zip: str
    state: str = ""
    district: str = ""
    # the same address in another script (street, city, district), when it has one
    alt: tuple[str, str, str] = ("", "", "")


_US_PLACES = (
    ("Sarasota", "FL", "342"),
    ("Sun City", "AZ", "853"),
    ("Dubuque", "IA", "520"),
    ("Bangor", "ME", "044"),
    ("Tulsa", "OK", "741"),
    ("Paducah", "KY", "420"),
)
_CA_PLACES = (
    ("Montréal", "QC", "H"),
    ("Trois-Rivières", "QC", "G"),
    ("Toronto", "ON", "M"),
    ("Kingston", "ON", "K"),
    ("Antigonish", "NS", "B"),
    ("Victoria", "BC", "V"),
)
_UK_PLACES = (
    ("Edinburgh", "EH", ""),
    ("Leeds", "LS", ""),
    ("Fakenham", "NR", "Little Snoring"),
    ("Manchester", "M", ""),
    ("Aberystwyth", "SY", "Llanbadarn Fawr"),
)
_IE_PLACES = (
    ("Galway", "H91", "Salthill", "Co. Galway"),
    ("Kilkenny", "R95", "", "Co. Kilkenny"),
    ("Athlone", "N37", "Ballynahown", "Co. Westmeath"),
    ("Cork", "P31", "Ballincollig", "Co. Cork"),
)
_DE_PLACES = (
    ("München", 80331, 81929),
    ("Köln", 50667, 51149),
    ("Bad Tölz", 83646, 83646),
    ("Hamburg", 20095, 22769),
    ("Leipzig", 4103, 4357),
)
_CH_PLACES = (
    ("Zürich", "8001"),
    ("Pully", "1009"),
    ("Frutigen", "3714"),
    ("Lugano", "6900"),
    ("Bern", "3011"),
)
_IT_PLACES = (
    ("Napoli", "801", "NA"),
    ("Torino", "101", "TO"),
    ("Palermo", "901", "PA"),
    ("San Gimignano", "53037", "SI"),
)
_BR_PLACES = (
    ("São Paulo", "SP", "Cerqueira César", "01414"),
    ("Recife", "PE", "Boa Viagem", "51020"),
    ("Garanhuns", "PE", "Zona Rural", "55290"),
    ("Belo Horizonte", "MG", "Savassi", "30140"),
)
_IN_PLACES = (
    ("Bengaluru", "Karnataka", "Malleshwaram", "5600"),
    ("Hyderabad", "Telangana", "Jubilee Hills", "5000"),
    ("Chennai", "Tamil Nadu", "Mylapore", "6000"),
    ("Ludhiana", "Punjab", "Khanna Kalan", "1411"),
)
# (prefecture, city/ward, block; romaji block, ward, city; postcode head)
_JP_PLACES = (
    ("東京都", "新宿区", "西新宿2-8-1", "2-8-1 Nishi-Shinjuku", "Shinjuku-ku", "Tokyo", "160"),
    ("大阪府", "大阪市北区", "梅田3丁目4-5", "3-4-5 Umeda", "Kita-ku", "Osaka", "530"),
    (
        "北海道",
        "札幌市中央区",
        "北1条西2丁目1",
        "Kita 1-jo Nishi 2-chome 1",
        "Chuo-ku",
        "Sapporo",
        "060",
    ),
    (
        "京都府",
        "京都市左京区",
        "下鴨松原町12",
        "12 Shimogamo Matsubara-cho",
        "Sakyo-ku",
        "Kyoto",
        "606",
    ),
)
_JP_BLDG = (("パークハイツ", "Park Heights"), ("コーポ松原", "Corpo Matsubara"), ("", ""))
# (city, street with house; latin street, latin city; index head)
_RU_PLACES = (
    ("Москва", "ул. Тверская, д. 7, кв. 12", "ul. Tverskaya 7-12", "Moscow", "125"),
    ("Санкт-Петербург", "Невский пр-т, д. 88, кв. 4", "Nevsky pr. 88-4", "St Petersburg", "191"),
    (
        "Екатеринбург",
        "ул. Малышева, д. 21, корп. 2, кв. 57",
        "ul. Malysheva 21-2-57",
        "Yekaterinburg",
        "620",
    ),
    ("Сочи", "ул. Навагинская, д. 9, кв. 31", "ul. Navaginskaya 9-31", "Sochi", "354"),
)
_ID_PLACES = (
    (
        "Jl. Kaliurang Km. 5 No. 12, RT 003/RW 007",
        "Caturtunggal",
        "Sleman",
        "DI Yogyakarta",
        "55281",
    ),
    ("Perum Griya Asri Blok C-14, RT 02/RW 11", "Sukajadi", "Bandung", "Jawa Barat", "40162"),
    ("Gg. Melati No. 8", "Dauh Puri", "Denpasar", "Bali", "80113"),
    ("Dusun Krajan, RT 01/RW 03", "Desa Sumberrejo", "Gunungkidul", "DI Yogyakarta", "55851"),
)
_MY_PLACES = (
    ("No. 23, Jalan Mawar 3/2", "Taman Melati", "Kuala Lumpur", "W.P. Kuala Lumpur", "53100"),
    ("Lot 1127, Kampung Parit Haji Ali", "", "Batu Pahat", "Johor", "83000"),
    (
        "B-12-3, Pangsapuri Seri Kenanga, Jalan PJU 1/41",
        "Dataran Prima",
        "Petaling Jaya",
        "Selangor",
        "47301",
    ),
    ("Peti Surat 88", "", "Kuching", "Sarawak", "93700"),
)


def _ca_postal(r: random.Random, first: str) -> str:
    letters = "ABCEGHJKLMNPRSTVWXYZ"
    a, b = r.choice(letters), r.choice(letters)
    return f"{first}{r.randint(0, 9)}{a} {r.randint(0, 9)}{b}{r.randint(0, 9)}"


def _address(r: random.Random, region: str) -> _Addr:
    n = r.randint(2, 980)
    if region == "us":
        city, st, z3 = r.choice(_US_PLACES)
        street = r.choice(
            [
                f"{n} {r.choice(['Sandpiper Way', 'N Ocean Blvd', 'Old Mill Pike'])}",
                f"{n} {r.choice(['Gulf Shore Dr', 'Magnolia Ter'])} Apt {r.randint(1, 12)}"
                + r.choice("ABC"),
                f"{r.randint(1000, 9999)} County Rd {r.randint(100, 1500)} E",
                f"RR {r.randint(1, 6)} Box {n}",
                f"PO Box {r.randint(100, 9999)}",
                f"HC {r.randint(60, 80)} Box {n}",
            ]
        )
        z = z3 + _d(r, 2) + (f"-{_d(r, 4)}" if r.random() < 0.35 else "")
        return _Addr(region, street, city, z, st)
    if region == "ca":
        city, prov, first = r.choice(_CA_PLACES)
        if prov == "QC":
            street = r.choice(
                [
                    f"{n}, rue Saint-Denis, app. {r.randint(1, 12)}",
                    f"{n}, boul. des Forges",
                    f"{r.randint(100, 999)}-{n} avenue du Parc",
                ]
            )
        elif prov == "NS":
            street = f"RR {r.randint(1, 5)}, Site {r.randint(1, 30)}, Comp {r.randint(1, 60)}"
        else:
            street = r.choice(
                [
                    f"Unit {r.randint(101, 2405)} - {n} Harbour Sq",
                    f"{n} Oak Bay Ave",
                    f"{n} Princess St",
                ]
            )
        return _Addr(region, street, city, _ca_postal(r, first), prov)
    if region == "uk":
        city, out, village = r.choice(_UK_PLACES)
        street = (
            r.choice(["Rose Cottage, Long Lane", "The Old Forge, Church Road", "2 Glebe Cottages"])
            if village
            else r.choice(
                [
                    f"Flat {r.randint(1, 9)}, {n} Marchmont Crescent",
                    f"{n} Acacia Avenue",
                    f"Apartment {r.randint(1, 40)}, Wharf House, {r.randint(1, 30)} Canal Street",
                ]
            )
        )
        pc = f"{out}{r.randint(1, 20)} {r.randint(0, 9)}{_up(r, 2)}"
        return _Addr(region, street, city, pc, "", village)
    if region == "ie":
        city, route, district, county = r.choice(_IE_PLACES)
        street = r.choice(
            [
                f"{n} Bóthar na Trá",
                f"Apt {r.randint(1, 30)}, The Maltings, Bridge St",
                f"{r.randint(1, 90)} Ashgrove Park",
                "Cois Abhann",
            ]
        )
        code = f"{route} {''.join(r.choice('ACDEFHKNPRTVWXY0123456789') for _ in range(4))}"
        return _Addr(region, street, city, code, county, district)
    if region == "de":
        city, lo, hi = r.choice(_DE_PLACES)
        street = r.choice(
            [
                f"Lindenstraße {r.randint(1, 80)}{r.choice(['', 'a', 'b'])}",
                f"Am Kirchberg {r.randint(1, 20)}",
                f"Hauptstr. {n}, {r.randint(1, 5)}. OG links",
                f"Postfach {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
            ]
        )
        return _Addr(region, street, city, f"{r.randint(lo, hi):05d}")
    if region == "ch":
        city, z = r.choice(_CH_PLACES)
        street = r.choice(
            [
                f"Bahnhofstrasse {r.randint(1, 90)}",
                f"Chemin des Vignes {r.randint(1, 30)}",
                f"Dorfstrasse {r.randint(1, 60)}",
                f"Via Cantonale {r.randint(1, 40)}",
                f"Postfach {r.randint(100, 999)}",
            ]
        )
        return _Addr(region, street, city, z)
    if region == "it":
        city, cap, prov = r.choice(_IT_PLACES)
        cap = cap if len(cap) == 5 else cap + _d(r, 2)
        street = r.choice(
            [
                f"Via Toledo {n}, int. {r.randint(1, 20)}",
                f"Vico Lungo Gelso {r.randint(1, 90)}",
                f"Corso Vittorio Emanuele II {r.randint(1, 200)}",
                f"Località Poggio, {r.randint(1, 40)}",
                f"Piazza Garibaldi {r.randint(1, 30)}, scala {r.choice('ABC')}",
            ]
        )
        return _Addr(region, street, city, cap, prov)
    if region == "br":
        city, uf, bairro, cep5 = r.choice(_BR_PLACES)
        street = (
            r.choice(["Sítio Boa Esperança", "Caixa Postal 118"])
            if bairro == "Zona Rural"
            else r.choice(
                [
                    f"Rua Haddock Lobo, {n}, apto {r.randint(11, 182)}",
                    f"Av. Boa Viagem, {r.randint(100, 5000)}, bloco {r.choice('AB')}, "
                    f"apto {r.randint(101, 1804)}",
                    f"Rua Pernambuco, {n}",
                ]
            )
        )
        return _Addr(region, street, city, f"{cep5}-{_d(r, 3)}", uf, bairro)
    if region == "in":
        city, state, loc, pin4 = r.choice(_IN_PLACES)
        street = r.choice(
            [
                f"Flat {r.randint(101, 904)}, Sai Krupa Apartments, {_nth(r.randint(1, 18))} Cross",
                f"H.No. {r.randint(1, 9)}-{r.randint(1, 9)}-{r.randint(100, 400)}/"
                f"{r.randint(1, 90)}, Road No. {r.randint(1, 14)}",
                f"No. {r.randint(1, 90)}, Thiruvalluvar Salai",
                "VPO Khanna Kalan, Tehsil Samrala",
            ]
        )
        return _Addr(region, street, city, pin4 + _d(r, 2), state, loc)
    if region == "jp":
        pref, ward, block, rblock, rward, rcity, z3 = r.choice(_JP_PLACES)
        b, rb = r.choice(_JP_BLDG)
        room = r.randint(101, 1205)
        street = block + (f" {b}{room}号室" if b else "")
        rstreet = (f"{rb} {room}, " if rb else "") + rblock
        return _Addr(region, street, ward, f"{z3}-{_d(r, 4)}", pref, "", (rstreet, rcity, rward))
    if region == "ru":
        city, street, lstreet, lcity, z3 = r.choice(_RU_PLACES)
        return _Addr(region, street, city, z3 + _d(r, 3), "", "", (lstreet, lcity, ""))
    if region == "id":
        street, kel, city, prov, z = r.choice(_ID_PLACES)
        return _Addr(region, street, city, z, prov, kel)
    street, taman, city, state, z = r.choice(_MY_PLACES)
    return _Addr(region, street, city, z, state, taman)


def _addr_lines(w: _W, a: _Addr, sep: str = "\n", form: str = "block", alt: bool = False) -> None:
    """Street line, district / city and postcode spans in the region's own order."""
    reg = a.region
    f = f"{reg}:{form}"
    if reg == "jp" and not alt:
        w.add("〒")
        w.phi(a.zip, "zip", f"zip:{f}")
        w.add(sep if sep != ", " else " ")
        w.add(a.state)
        w.phi(a.city, "address", f"address:city:{f}")
        w.phi(a.street, "address", f"address:street:{f}")
        return
    if reg == "jp":
        w.phi(a.alt[0], "address", f"address:street_romaji:{f}")
        w.add(sep)
        w.phi(a.alt[2], "address", f"address:ward_romaji:{f}")
        w.add(", ")
        w.phi(a.alt[1], "address", f"address:city_romaji:{f}")
        w.add(" ")
        w.phi(a.zip, "zip", f"zip:{f}")
        return
    if reg == "ru" and not alt:
        w.phi(a.zip, "zip", f"zip:{f}")
        w.add(", г. ")
        w.phi(a.city, "address", f"address:city:{f}")
        w.add(", ")
        w.phi(a.street, "address", f"address:street:{f}")
        return
    if reg == "ru":
        w.phi(a.alt[0], "address", f"address:street_latin:{f}")
        w.add(sep)
        w.phi(a.alt[1], "address", f"address:city_latin:{f}")
        w.add(" ")
        w.phi(a.zip, "zip", f"zip:{f}")
        return
    w.phi(a.street, "address", f"address:street:{f}")
    w.add(sep)
    if reg == "us":
        w.phi(a.city, "address", f"address:city:{f}")
        w.add(f", {a.state} ")
        w.phi(a.zip, "zip", f"zip:{f}")
    elif reg == "ca":
        w.phi(a.city, "address", f"address:city:{f}")
        w.add(" (Québec)  " if a.state == "QC" and w.r.random() < 0.5 else f" {a.state}  ")
        w.phi(a.zip, "zip", f"zip:{f}")
    elif reg in ("uk", "ie"):
        if a.district:
            w.phi(a.district, "address", f"address:district:{f}")
            w.add(sep)
        w.phi(a.city, "address", f"address:city:{f}")
        if reg == "ie" and w.r.random() < 0.5:
            w.add(f", {a.state}")
        w.add(sep)
        w.phi(a.zip, "zip", f"zip:{f}")
    elif reg in ("de", "ch"):
        if w.r.random() < 0.3:
            w.add("D-" if reg == "de" else "CH-")
        w.phi(a.zip, "zip", f"zip:{f}")
        w.add(" ")
        w.phi(a.city, "address", f"address:city:{f}")
    elif reg == "it":
        w.phi(a.zip, "zip", f"zip:{f}")
        w.add(" ")
        w.phi(a.city, "address", f"address:city:{f}")
        w.add(f" ({a.state})")
    elif reg == "br":
        w.phi(a.district, "address", f"address:bairro:{f}")
        w.add(sep)
        w.phi(a.city, "address", f"address:city:{f}")
        w.add(f" - {a.state}{sep}CEP ")
        w.phi(a.zip, "zip", f"zip:{f}")
    elif reg == "in":
        w.phi(a.district, "address", f"address:locality:{f}")
        w.add(sep)
        w.phi(a.city, "address", f"address:city:{f}")
        w.add(" - ")
        w.phi(a.zip, "zip", f"zip:{f}")
        w.add(f"{sep}{a.state}")
    elif reg == "id":
        w.add("Kel. " if not a.district.startswith("Desa") else "")
        w.phi(a.district, "address", f"address:kelurahan:{f}")
        w.add(sep + ("Kab. " if a.city in ("Sleman", "Gunungkidul") else "Kota "))
        w.phi(a.city, "address", f"address:city:{f}")
        w.add(f"{sep}{a.state} ")
        w.phi(a.zip, "zip", f"zip:{f}")
    else:  # my
        if a.district:
            w.phi(a.district, "address", f"address:taman:{f}")
            w.add(sep)
        w.phi(a.zip, "zip", f"zip:{f}")
        w.add(" ")
        w.phi(a.city, "address", f"address:city:{f}")
        w.add(f"{sep}{a.state}")


# --------------------------------------------------------------------------- phones, plates


def _phone(r: random.Random, region: str) -> tuple[str, str]:
    """(text, form) of a synthetic phone number of ``region`` (patients' or facilities')."""
    x = r.choice
    if region in ("us", "ca"):
        a = str(r.randint(201, 989)) if region == "us" else x(["514", "613", "416", "902", "250"])
        line = f"555-01{_d(r, 2)}"
        return x(
            [
                (f"({a}) {line}", "nanp_paren"),
                (f"{a}-{line}", "nanp_dash"),
                (f"{a}.{line.replace('-', '.')}", "nanp_dot"),
                (f"+1 {a} {line.replace('-', ' ')}", "nanp_intl"),
                (f"1-{a}-{line}", "nanp_1dash"),
                (f"+1 ({a}) {line}", "nanp_intl_paren"),
            ]
        )
    if region == "uk":
        return x(
            [
                (f"07700 900{_d(r, 3)}", "uk_mobile"),
                (f"+44 7700 900{_d(r, 3)}", "uk_intl_mobile"),
                (f"+44 (0)131 496 0{_d(r, 3)}", "uk_intl_0"),
                (f"0113 496 0{_d(r, 3)}", "uk_landline"),
                (f"(020) 7946 0{_d(r, 3)}", "uk_paren"),
            ]
        )
    if region == "ie":
        return x(
            [
                (f"+353 87 {_d(r, 3)} {_d(r, 4)}", "ie_intl"),
                (f"087-{_d(r, 7)}", "ie_mobile"),
                (f"(021) {_d(r, 3)} {_d(r, 4)}", "ie_paren"),
                (f"00353 91 {_d(r, 6)}", "ie_00"),
            ]
        )
    if region == "de":
        return x(
            [
                (f"+49 171 {_d(r, 7)}", "de_intl_mobile"),
                (f"0171/{_d(r, 7)}", "de_slash"),
                (f"089 / {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", "de_spaced"),
                (f"+49 (0)89 {_d(r, 5)}-{_d(r, 3)}", "de_intl_0_ext"),
                (f"0049 40 {_d(r, 7)}", "de_00"),
            ]
        )
    if region == "ch":
        return x(
            [
                (f"+41 79 {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", "ch_intl"),
                (f"079 {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", "ch_mobile"),
                (f"044 {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", "ch_landline"),
                (f"0041 31 {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", "ch_00"),
            ]
        )
    if region == "it":
        return x(
            [
                (f"+39 347 {_d(r, 3)} {_d(r, 4)}", "it_intl"),
                (f"347.{_d(r, 3)}.{_d(r, 4)}", "it_dots"),
                (f"081 {_d(r, 3)} {_d(r, 4)}", "it_landline"),
                (f"0039 06 {_d(r, 4)} {_d(r, 4)}", "it_00"),
                (f"338{_d(r, 7)}", "it_run"),
            ]
        )
    if region == "br":
        return x(
            [
                (f"+55 (11) 9{_d(r, 4)}-{_d(r, 4)}", "br_intl"),
                (f"(81) 9{_d(r, 4)}-{_d(r, 4)}", "br_paren"),
                (f"+55 31 3{_d(r, 3)} {_d(r, 4)}", "br_landline"),
                (f"11 9 {_d(r, 4)} {_d(r, 4)}", "br_spaced"),
            ]
        )
    if region == "in":
        return x(
            [
                (f"+91 98{_d(r, 3)} {_d(r, 5)}", "in_intl"),
                (f"098{_d(r, 3)} {_d(r, 5)}", "in_0"),
                (f"080-{_d(r, 4)} {_d(r, 4)}", "in_landline"),
                (f"+91-44-{_d(r, 4)}-{_d(r, 4)}", "in_intl_dash"),
            ]
        )
    if region == "jp":
        mob = f"090-{_d(r, 4)}-{_d(r, 4)}"
        return x(
            [
                (mob, "jp_mobile"),
                (f"+81 90 {_d(r, 4)} {_d(r, 4)}", "jp_intl"),
                (f"03-{_d(r, 4)}-{_d(r, 4)}", "jp_landline"),
                (f"+81-6-{_d(r, 4)}-{_d(r, 4)}", "jp_intl_dash"),
                (_fullwidth(mob), "jp_fullwidth"),
            ]
        )
    if region == "ru":
        return x(
            [
                (f"+7 (916) {_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}", "ru_intl_paren"),
                (f"8 (495) {_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}", "ru_8_paren"),
                (f"+7 916 {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", "ru_intl"),
                (f"8-912-{_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}", "ru_8_dash"),
            ]
        )
    if region == "id":
        return x(
            [
                (f"+62 812-{_d(r, 4)}-{_d(r, 4)}", "id_intl"),
                (f"0812 {_d(r, 4)} {_d(r, 4)}", "id_mobile"),
                (f"(0274) {_d(r, 6)}", "id_paren"),
                (f"+62 361 {_d(r, 3)} {_d(r, 3)}", "id_landline"),
            ]
        )
    if region == "my":
        return x(
            [
                (f"+60 12-{_d(r, 3)} {_d(r, 4)}", "my_intl"),
                (f"012-{_d(r, 3)} {_d(r, 4)}", "my_mobile"),
                (f"03-{_d(r, 4)} {_d(r, 4)}", "my_landline"),
                (f"+6019 {_d(r, 3)} {_d(r, 4)}", "my_intl_run"),
            ]
        )
    if region == "th":
        return x(
            [
                (f"+66 2 {_d(r, 3)} {_d(r, 4)}", "th_intl_bkk"),
                (f"+66 76 {_d(r, 3)} {_d(r, 3)}", "th_intl"),
                (f"02-{_d(r, 3)}-{_d(r, 4)}", "th_bkk"),
                (f"076-{_d(r, 3)}-{_d(r, 3)}", "th_local"),
                (f"08{_d(r, 1)}-{_d(r, 3)}-{_d(r, 4)}", "th_mobile"),
            ]
        )
    if region == "es":
        return x(
            [
                (f"+34 971 {_d(r, 2)} {_d(r, 2)} {_d(r, 2)}", "es_intl"),
                (f"971 {_d(r, 3)} {_d(r, 3)}", "es_local"),
                (f"(+34) 928 {_d(r, 3)} {_d(r, 3)}", "es_paren"),
            ]
        )
    if region == "gr":
        return x(
            [(f"+30 2810 {_d(r, 6)}", "gr_intl"), (f"+30 697 {_d(r, 3)} {_d(r, 4)}", "gr_mobile")]
        )
    if region == "ae":
        return x(
            [
                (f"+971 4 {_d(r, 3)} {_d(r, 4)}", "ae_intl"),
                (f"050 {_d(r, 3)} {_d(r, 4)}", "ae_mobile"),
            ]
        )
    if region == "mx":
        return x(
            [
                (f"+52 998 {_d(r, 3)} {_d(r, 4)}", "mx_intl"),
                (f"(998) {_d(r, 3)} {_d(r, 4)}", "mx_paren"),
            ]
        )
    if region == "at":
        return x(
            [
                (f"+43 5446 {_d(r, 5)}", "at_intl"),
                (f"05446/{_d(r, 4)}-{_d(r, 3)}", "at_slash_ext"),
                (f"+43 (0)5356 {_d(r, 3)} {_d(r, 2)}", "at_intl_0"),
            ]
        )
    if region == "sa":
        return x(
            [
                (f"+966 12 {_d(r, 3)} {_d(r, 4)}", "sa_intl"),
                (f"055 {_d(r, 3)} {_d(r, 4)}", "sa_mobile"),
            ]
        )
    raise ValueError(region)


def _ph(w: _W, ph: tuple[str, str], kind: str = "phone", form: str = "") -> None:
    w.phi(ph[0], kind, f"{kind}:{ph[1]}" + (f":{form}" if form else ""))


_CYR_PLATE = "АВЕКМНОРСТУХ"
_THAI_CONS = "กขคงจฉชซญฎฐณดตถทธนบปผพฟภมยรลวศษสหฬอฮ"


def _plate(r: random.Random, region: str) -> tuple[str, str]:
    if region == "us":
        return r.choice(
            [
                (f"{r.randint(1, 9)}{_up(r, 3)}{_d(r, 3)}", "us_ca"),
                (f"{_up(r, 3)}-{_d(r, 4)}", "us_ny"),
                (f"{_up(r, 3)} {_up(r, 1)}{_d(r, 2)}", "us_fl"),
            ]
        )
    if region == "ca":
        return r.choice(
            [(f"{_up(r, 4)} {_d(r, 3)}", "ca_on"), (f"{_d(r, 3)} {_up(r, 3)}", "ca_qc")]
        )
    if region == "uk":
        return r.choice(
            [
                (f"{_up(r, 2)}{_d(r, 2)} {_up(r, 3)}", "uk_current"),
                (f"{_up(r, 1)}{_d(r, 3)} {_up(r, 3)}", "uk_prefix"),
            ]
        )
    if region == "ie":
        return (
            f"{r.choice(['231', '191', '08', '12'])}-{r.choice(['D', 'G', 'C', 'WH', 'KK'])}-"
            f"{r.randint(1, 29999)}",
            "ie",
        )
    if region == "de":
        return r.choice(
            [
                (f"M-{_up(r, 2)} {r.randint(1, 9999)}", "de_m"),
                (f"TÖL-{_up(r, 1)} {r.randint(1, 999)}", "de_umlaut"),
                (f"B-{_up(r, 2)} {r.randint(1, 999)}E", "de_electric"),
            ]
        )
    if region == "ch":
        return f"{r.choice(['ZH', 'BE', 'VD', 'TI'])} {r.randint(1000, 999999)}", "ch"
    if region == "it":
        return f"{_up(r, 2)} {_d(r, 3)} {_up(r, 2)}", "it"
    if region == "br":
        return r.choice(
            [
                (f"{_up(r, 3)}{_d(r, 1)}{_up(r, 1)}{_d(r, 2)}", "br_mercosul"),
                (f"{_up(r, 3)}-{_d(r, 4)}", "br_old"),
            ]
        )
    if region == "in":
        return r.choice(
            [
                (f"KA 0{r.randint(1, 9)} {_up(r, 2)} {_d(r, 4)}", "in_spaced"),
                (f"MH-12-{_up(r, 2)}-{_d(r, 4)}", "in_dashed"),
                (f"22 BH {_d(r, 4)} {_up(r, 2)}", "in_bh"),
            ]
        )
    if region == "jp":
        kana = r.choice("さすせそたちつてとなにぬねの")
        return (
            f"{r.choice(['品川', '練馬', 'なにわ', '札幌'])} {r.randint(300, 599)} {kana} "
            f"{_d(r, 2)}-{_d(r, 2)}",
            "jp_kana",
        )
    if region == "ru":
        c = lambda: r.choice(_CYR_PLATE)  # noqa: E731
        return r.choice(
            [
                (f"{c()}{_d(r, 3)}{c()}{c()} {r.choice(['77', '199', '78', '66'])}", "ru_cyrillic"),
                (f"{c()} {_d(r, 3)} {c()}{c()} {r.choice(['97', '750'])}", "ru_spaced"),
            ]
        )
    if region == "id":
        return (
            f"{r.choice(['AB', 'B', 'DK', 'D'])} {r.randint(1, 9999)} {_up(r, r.randint(1, 3))}",
            "id",
        )
    if region == "my":
        return f"{r.choice(['W', 'J', 'Q', 'B'])}{_up(r, 2)} {r.randint(1, 9999)}", "my"
    if region == "th":
        return (
            f"{r.randint(1, 9)}{r.choice(_THAI_CONS)}{r.choice(_THAI_CONS)} {r.randint(1, 9999)}",
            "th_script",
        )
    if region == "at":
        return f"{r.choice(['I', 'KB', 'L', 'S'])}-{r.randint(1, 999)}{_up(r, 2)}", "at"
    if region == "es":
        return f"{_d(r, 4)} {''.join(r.choice('BCDFGHJKLMNPRSTVWXYZ') for _ in range(3))}", "es"
    if region == "gr":
        return f"{''.join(r.choice('ΑΒΕΗΙΚΜΝΟΡΤΥΧΖ') for _ in range(3))}-{_d(r, 4)}", "gr_greek"
    if region == "mx":
        return f"{_up(r, 3)}-{_d(r, 3)}-{_up(r, 1)}", "mx"
    raise ValueError(region)


# --------------------------------------------------------------------------- the case

_ISO2 = {"uk": "GB"}
_ISO3 = {
    "us": "USA",
    "ca": "CAN",
    "uk": "GBR",
    "ie": "IRL",
    "de": "D",
    "ch": "CHE",
    "it": "ITA",
    "br": "BRA",
    "in": "IND",
    "jp": "JPN",
    "ru": "RUS",
    "id": "IDN",
    "my": "MYS",
}
_HOSPITALS = {
    "th": ("Andaman Coast International Hospital", "Chao Phraya Premier Hospital"),
    "es": ("Clínica Mare Nostrum", "Hospital Costa Canaria"),
    "gr": ("Aegean Medical Centre", "Kriti General Clinic"),
    "ae": ("Gulf Crescent Hospital", "Palm Creek Medical Centre"),
    "mx": ("Hospital Caribe Azul", "Clínica Riviera Maya Sur"),
    "at": ("Unfallklinik Arlberg", "Sanatorium Alpenrose"),
}
_CUR = {"th": "THB", "es": "EUR", "gr": "EUR", "ae": "AED", "mx": "MXN", "at": "EUR"}
# (what happened, diagnosis, ICD-10)
_EVENTS = (
    ("fell by the hotel pool", "fractured neck of femur, right", "S72.01"),
    ("collapsed on a boat excursion", "NSTEMI", "I21.4"),
    ("became feverish and confused", "urosepsis with delirium", "N39.0"),
    ("developed chest pain and breathlessness after the flight", "pulmonary embolism", "I26.9"),
    ("fell on the stairs of the resort", "subdural haematoma", "S06.5"),
    ("had crushing abdominal pain", "perforated diverticulitis", "K57.2"),
    ("was found weak on one side", "ischaemic stroke, left MCA", "I63.5"),
    ("had profuse diarrhoea and vomiting", "dehydration with acute kidney injury", "N17.9"),
)
_KIN_REL = {
    "en": {
        "daughter": "daughter",
        "son": "son",
        "wife": "wife",
        "husband": "husband",
        "niece": "niece",
        "grandson": "grandson",
        "sister": "sister",
        "brother": "brother",
    },
    "it": {
        "daughter": "figlia",
        "son": "figlio",
        "wife": "moglie",
        "husband": "marito",
        "niece": "nipote",
        "grandson": "nipote",
        "sister": "sorella",
        "brother": "fratello",
    },
    "de": {
        "daughter": "Tochter",
        "son": "Sohn",
        "wife": "Ehefrau",
        "husband": "Ehemann",
        "niece": "Nichte",
        "grandson": "Enkel",
        "sister": "Schwester",
        "brother": "Bruder",
    },
    "pt": {
        "daughter": "filha",
        "son": "filho",
        "wife": "esposa",
        "husband": "marido",
        "niece": "sobrinha",
        "grandson": "neto",
        "sister": "irmã",
        "brother": "irmão",
    },
    "ru": {
        "daughter": "дочь",
        "son": "сын",
        "wife": "жена",
        "husband": "муж",
        "niece": "племянница",
        "grandson": "внук",
        "sister": "сестра",
        "brother": "брат",
    },
    "ja": {
        "daughter": "長女",
        "son": "長男",
        "wife": "妻",
        "husband": "夫",
        "niece": "姪",
        "grandson": "孫",
        "sister": "妹",
        "brother": "弟",
    },
    "id": {
        "daughter": "anak perempuan",
        "son": "anak laki-laki",
        "wife": "istri",
        "husband": "suami",
        "niece": "keponakan",
        "grandson": "cucu",
        "sister": "adik perempuan",
        "brother": "kakak laki-laki",
    },
    "fr": {
        "daughter": "fille",
        "son": "fils",
        "wife": "épouse",
        "husband": "époux",
        "niece": "nièce",
        "grandson": "petit-fils",
        "sister": "sœur",
        "brother": "frère",
    },
}


@dataclass
class _Case:
    region: str
    host: str
    p: _P
    dob: date
    age: int
    onset: date
    adm: date
    dis: date
    addr: _Addr
    phone: tuple[str, str]
    email: str
    natid: tuple[str, str, str]  # value, kind, form
    passport: str
    plan: tuple[str, str]  # value, form
    policy: str
    case_ref: str
    gop: str
    mrn: str
    adm_no: str
    kin: _P
    kin_rel: str
    kin_phone: tuple[str, str]
    kin_email: str
    clin: _P
    agent: _P
    coord: _P
    plate: tuple[str, str]
    serial: tuple[str, str]
    accession: str
    event: tuple[str, str, str]
    hospital: str


def _natid(r: random.Random, region: str, p: _P, dob: date) -> tuple[str, str, str]:
    if region == "us":
        v, f = _ssn(r)
        return v, "ssn", f
    v, f = {
        "ca": lambda: (_sin(r), "sin"),
        "uk": lambda: (_nino(r), "nino"),
        "ie": lambda: (_ppsn(r), "ppsn"),
        "de": lambda: (_passport(r, "de"), "personalausweis"),
        "ch": lambda: (_ahv(r), "ahv"),
        "it": lambda: (_codice_fiscale(p, dob), "codice_fiscale"),
        "br": lambda: (_cpf(r), "cpf"),
        "in": lambda: (_aadhaar(r), "aadhaar"),
        "jp": lambda: (_my_number(r), "my_number"),
        "ru": lambda: (f"{_d(r, 2)} {_d(r, 2)} {_d(r, 6)}", "ru_internal_passport"),
        "id": lambda: (_nik(r, dob, p.female), "nik"),
        "my": lambda: (_mykad(r, dob, p.female), "mykad"),
    }[region]()
    return v, "natid", f


def _plan(r: random.Random, region: str, p: _P, dob: date, addr: _Addr) -> tuple[str, str]:
    if region == "us":
        al = "ACDEFGHJKMNPQRTUVWXY"
        s = (
            f"{r.randint(1, 9)}{r.choice(al)}{r.choice(al + '0123456789')}{_d(r, 1)}"
            f"{r.choice(al)}{r.choice(al + '0123456789')}{_d(r, 1)}{r.choice(al)}{r.choice(al)}"
            f"{_d(r, 2)}"
        )
        return r.choice([s, f"{s[:4]}-{s[4:7]}-{s[7:]}"]), "mbi"
    if region == "ca":
        if addr.state == "QC":
            return _ramq(p, dob, r), "ramq"
        if addr.state == "ON":
            return f"{_d(r, 4)}-{_d(r, 3)}-{_d(r, 3)}-{_up(r, 2)}", "ohip"
        if addr.state == "BC":
            s = _mod11_nhs(r, "9")
            return f"{s[:4]} {s[4:7]} {s[7:]}", "bc_phn"
        return f"{_d(r, 4)} {_d(r, 3)} {_d(r, 3)}", "ns_msi"
    if region == "uk":
        if addr.city == "Edinburgh":
            while True:
                s = _mod11_nhs(r, f"{dob.day:02d}{dob.month:02d}{dob.year % 100:02d}")
                if int(s[8]) % 2 == (0 if p.female else 1):
                    return s, "chi"
        s = _mod11_nhs(r, str(r.randint(4, 6)))
        return r.choice([f"{s[:3]} {s[3:6]} {s[6:]}", s]), "nhs"
    if region == "ie":
        return r.choice([(f"{_d(r, 7)}{_up(r, 1)}", "ie_medical_card"), (_d(r, 8), "ie_vhi")])
    if region == "de":
        return _kvnr(r), "kvnr"
    if region == "ch":
        return f"80756{_d(r, 15)}", "ch_card"
    if region == "it":
        return f"80380{_d(r, 15)}", "it_team"
    if region == "br":
        return f"{r.choice('78')}{_d(r, 2)} {_d(r, 4)} {_d(r, 4)} {_d(r, 4)}", "cns"
    if region == "in":
        return f"{_d(r, 2)}-{_d(r, 4)}-{_d(r, 4)}-{_d(r, 4)}", "abha"
    if region == "jp":
        return _d(r, 8), "jp_koki"
    if region == "ru":
        return _d(r, 16), "oms"
    if region == "id":
        return "000" + _d(r, 10), "bpjs"
    return f"TKF-{_d(r, 2)}-{_d(r, 8)}", "takaful"


_RU_FATHER = {
    "Viktor": (("Викторовна", "Viktorovna"), ("Викторович", "Viktorovich")),
    "Gennadiy": (("Геннадьевна", "Gennadyevna"), ("Геннадьевич", "Gennadyevich")),
    "Anatoliy": (("Анатольевна", "Anatolyevna"), ("Анатольевич", "Anatolyevich")),
    "Boris": (("Борисовна", "Borisovna"), ("Борисович", "Borisovich")),
    "Arkadiy": (("Аркадьевна", "Arkadyevna"), ("Аркадьевич", "Arkadyevich")),
}


def _ru_relative(p: _P, kin: _P, rel: str) -> None:
    """A child or sibling shares the surname (in its own gender); a father's children and
    siblings share the patronymic that goes with him."""
    fam_c = p.native.split(" ")[0]
    base_c, base_l = fam_c, p.family
    if p.female and not fam_c.endswith("о"):
        base_c, base_l = fam_c[:-1], p.family[:-1]
    kin.family = base_l + ("a" if kin.female and not base_l.endswith("o") else "")
    fam_c = base_c + ("а" if kin.female and not base_c.endswith("о") else "")
    given_c, patr_c = kin.native.split(" ")[1], kin.native.split(" ")[2]
    pair: tuple[tuple[str, str], tuple[str, str]] | None = None
    if rel in ("son", "daughter") and not p.female:
        pair = _RU_FATHER.get(p.given)
    elif rel in ("sister", "brother"):
        pair = next((x for x in _RU_PATR if p.middle in (x[0][1], x[1][1])), None)
    if pair:
        patr_c, kin.middle = pair[0 if kin.female else 1]
    kin.native = f"{fam_c} {given_c} {patr_c}"


def _case(r: random.Random, region: str, host: str, anchor: date | None = None) -> _Case:
    female = r.random() < 0.55
    p = _person(r, region, female)
    onset = date(2021, 2, 1) + timedelta(days=r.randint(0, 1320))
    if anchor is not None:  # someone on the same list as others seen on ``anchor``
        onset = anchor - timedelta(days=r.randint(0, 6))
    age = r.randint(90, 104) if r.random() < 0.35 else r.randint(23, 89)
    dob = date(onset.year - age, r.randint(1, 12), r.randint(1, 28))
    if (dob.month, dob.day) > (onset.month, onset.day):
        dob = dob.replace(year=dob.year - 1)
    age = onset.year - dob.year - ((onset.month, onset.day) < (dob.month, dob.day))
    adm = onset + timedelta(days=r.choice([0, 0, 1]))
    dis = adm + timedelta(days=r.randint(3, 12))
    addr = _address(r, region)
    spouse = "husband" if female else "wife"
    if age > 60:
        rel = r.choice(["daughter", "son", "niece", "grandson"])
    elif age >= 45:
        rel = r.choice([spouse, "son", "daughter"])
    else:
        rel = r.choice([spouse, "sister", "brother"])
    kin_female = rel in ("daughter", "wife", "niece", "sister")
    kin = _person(r, region, kin_female)
    if region not in ("ru", "id", "my", "jp") and r.random() < 0.6 and rel != "niece":
        kin.family = p.family
    if region == "jp" and rel != "niece":
        g_native = kin.native.split(" ")[1]
        kin.family = p.family
        kin.native = f"{p.native.split(' ')[0]} {g_native}"
    if region == "ru" and rel in ("son", "daughter", "sister", "brother"):
        _ru_relative(p, kin, rel)
    plate_region = region if r.random() < 0.5 else host if host != "ae" else region
    staff = [_P(g, f, g in _STAFF_WOMEN) for g, f in r.sample(_STAFF, 3)]
    return _Case(
        region=region,
        host=host,
        p=p,
        dob=dob,
        age=age,
        onset=onset,
        adm=adm,
        dis=dis,
        addr=addr,
        phone=_phone(r, region),
        email=_email(r, p, _DOMAINS[region]),
        natid=_natid(r, region, p, dob),
        passport=_passport(r, region),
        plan=_plan(r, region, p, dob, addr),
        policy=r.choice(
            [
                f"TRV-{_d(r, 4)}-{_d(r, 5)}-{_d(r, 2)}",
                f"{_up(r, 3)}/{_d(r, 7)}/{onset.year % 100}",
                f"POL{_d(r, 10)}",
                f"{_d(r, 3)} {_d(r, 4)} {_d(r, 4)}",
            ]
        ),
        case_ref=r.choice(
            [
                f"CAS-{onset.year % 100}-{_d(r, 6)}",
                f"A{onset.year % 100}{onset.month:02d}-{_d(r, 4)}",
                f"{_up(r, 2)}{_d(r, 7)}",
            ]
        ),
        gop=f"GOP/{onset.year % 100}/{_d(r, 5)}",
        mrn=r.choice(
            [
                f"{(onset.year + 543) % 100}-{_d(r, 6)}",
                f"{_d(r, 10)}",
                f"HC{_d(r, 7)}",
                f"{_d(r, 3)}-{_d(r, 3)}-{_d(r, 2)}",
            ]
        ),
        adm_no=r.choice(
            [f"AN {_d(r, 2)}-{_d(r, 6)}", f"{onset.year % 100}-{_d(r, 6)}", f"FN{_d(r, 8)}"]
        ),
        kin=kin,
        kin_rel=rel,
        kin_phone=_phone(r, region),
        kin_email=_email(r, kin, _DOMAINS[region]),
        clin=staff[0],
        agent=staff[1],
        coord=staff[2],
        plate=_plate(r, plate_region),
        serial=_serial(r),
        accession=r.choice(
            [
                f"{_up(r, 1)}{onset.year % 100}-{_d(r, 6)}",
                f"LAB{_d(r, 10)}",
                f"RAD-{_d(r, 7)}",
                f"{_up(r, 2)}{_d(r, 8)}",
            ]
        ),
        event=r.choice(_EVENTS),
        hospital=r.choice(_HOSPITALS[host]),
    )


def _num(v: float, nd: int, comma: bool) -> str:
    s = f"{v:.{nd}f}"
    return s.replace(".", ",") if comma else s


def _lab(w: _W, which: str, comma: bool = False) -> None:
    """One laboratory value or vital sign (never PHI), its label written too."""
    r = w.r
    if which == "hb":
        w.add("Hb ")
        w.keep(f"{_num(r.uniform(7.2, 14.5), 1, comma)} g/dL", "hb")
    elif which == "crp":
        w.add("CRP ")
        w.keep(f"{r.randint(3, 310)} mg/L", "crp")
    elif which == "na":
        w.add("Na ")
        w.keep(f"{r.randint(121, 146)} mmol/L", "sodium")
    elif which == "creat":
        w.add("creat ")
        w.keep(f"{r.randint(62, 390)} µmol/L", "creatinine")
    elif which == "inr":
        w.add("INR ")
        w.keep(_num(r.uniform(0.9, 4.2), 1, comma), "inr")
    elif which == "bp":
        w.add("BP ")
        w.keep(f"{r.randint(88, 182)}/{r.randint(48, 104)}", "blood_pressure")
    elif which == "hr":
        w.add("HR ")
        w.keep(str(r.randint(48, 138)), "heart_rate")
    elif which == "spo2":
        w.add("SpO2 ")
        w.keep(f"{r.randint(84, 99)}%", "spo2")
    elif which == "temp":
        w.add("T ")
        w.keep(f"{_num(r.uniform(35.8, 40.1), 1, comma)} °C", "temperature")
    elif which == "trop":
        w.add("hs-TnT ")
        w.keep(f"{r.randint(8, 2400)} ng/L", "troponin")
    elif which == "gluc":
        w.add("glucose ")
        w.keep(f"{_num(r.uniform(3.9, 22.0), 1, comma)} mmol/L", "glucose")
    elif which == "gcs":
        w.add("GCS ")
        w.keep(str(r.randint(9, 15)), "gcs")
    else:
        raise ValueError(which)


def _labs(w: _W, n: int, comma: bool = False, sep: str = ", ") -> None:
    kinds = w.r.sample(["hb", "crp", "na", "creat", "inr", "bp", "hr", "spo2", "temp", "trop"], n)
    for i, k in enumerate(kinds):
        if i:
            w.add(sep)
        _lab(w, k, comma)


_RATE = {"EUR": 1, "USD": 1, "THB": 35, "MXN": 18, "AED": 4}


def _money(w: _W, cur: str, lo: int, hi: int, form: str = "amount") -> None:
    """An amount of about ``lo``..``hi`` hundred euros, in ``cur``."""
    v = w.r.randint(lo, hi) * 100 * _RATE[cur]
    if cur == "EUR":
        text = f"EUR {v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    else:
        text = f"{cur} {v:,.2f}"
    w.keep(text, form)


def _iso2(region: str) -> str:
    return _ISO2.get(region, region.upper())


# --------------------------------------------------------------------------- documents


def _initials(p: _P) -> str:
    return (p.given[0] + (p.family or p.given)[0]).upper()


def _ops_log(w: _W, c: _Case) -> None:
    """An assistance desk's running case log, one stamped line per action."""
    r = w.r
    style = r.choice(["iso", "air_dm", "dot2", "dm"])
    ag = (_initials(c.agent), _initials(_staff(r)), "MED")
    t = c.adm

    clock: dict[str, object] = {"day": None, "min": 0}

    def stamp(d: date, who: str) -> None:
        if clock["day"] != d:
            clock["day"], clock["min"] = d, r.randint(5 * 60, 11 * 60)
        else:
            clock["min"] = min(int(clock["min"]) + r.randint(4, 200), 23 * 60 + 59)  # type: ignore[call-overload]
        hh, mm = divmod(int(clock["min"]), 60)  # type: ignore[call-overload]
        hm = f"{hh:02d}:{mm:02d}"
        if style == "iso":
            _date(w, d, "iso", "log_stamp")
            w.add(f" {hm}Z  [{who}] ")
        elif style == "air_dm":
            _date(w, d, "air_dm", "log_stamp")
            w.add(f"/{hm.replace(':', '')}Z {who}: ")
        else:
            _date(w, d, style, "log_stamp")
            w.add(f" {hm} | {who} | ")

    w.add("CASE ")
    w.phi(c.case_ref, "account", "account:case:ops_header")
    w.add(" | POLICY ")
    w.phi(c.policy, "plan", "plan:travel_policy:ops_header")
    w.add(" | OPENED ")
    _date(w, t, ["iso", "DD_MON_YYYY", "dot"], "ops_opened")
    w.add("\nInsured: ")
    _name(w, c.p, ["last_first", "upper", "full", "airline"], "ops_insured")
    w.add("   DOB ")
    _date(w, c.dob, ["dmy", "iso", "d-Mon-Y", "us0", "air_full"], "ops_dob")
    w.add(f"   Nat {_iso2(c.region)}   PPT ")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}:ops")
    if r.random() < 0.5:
        w.add("   " + ("SSN " if c.natid[1] == "ssn" else "Nat. ID "))
        w.phi(c.natid[0], c.natid[1], f"{c.natid[1]}:{c.natid[2]}:ops")
    w.add("\nHome: ")
    _addr_lines(w, c.addr, ", ", "ops", alt=c.region in ("jp", "ru"))
    w.add("\nMob: ")
    _ph(w, c.phone, form="ops_insured")
    w.add(f"\nLocation: {c.hospital}, MRN ")
    w.phi(c.mrn, "mrn", "mrn:host:ops")
    w.add("\n" + "-" * 64 + "\n")
    stamp(t, ag[0])
    w.add(f"Inbound call from {_KIN_REL['en'][c.kin_rel]} ")
    _name(w, c.kin, ["full", "last_first", "given", "upper"], "ops_caller")
    w.add(" on ")
    _ph(w, c.kin_phone, form="ops_caller")
    w.add(f". Insured {c.event[0]} on ")
    _date(w, c.onset, ["air_dm", "dm", "the_ord", "ord_short"], "ops_event")
    w.add(", taken to ER by ambulance. Caller speaks limited English.\n")
    stamp(t, ag[0])
    w.add("Cover confirmed, medical limit ")
    _money(w, "EUR", 300, 5000, "cover_limit")
    w.add(", excess ")
    _money(w, "EUR", 1, 3, "excess")
    w.add(". Trip ")
    _range(
        w,
        c.onset - timedelta(days=r.randint(2, 20)),
        c.onset + timedelta(days=r.randint(3, 20)),
        r.choice(["en", "dot", "iso"]),
    )
    w.add(".\n")
    stamp(t + timedelta(days=r.choice([0, 1])), ag[1])
    w.add("Called hospital intl desk ")
    _ph(w, _phone(r, c.host), form="host_desk")
    w.add(", spoke with coordinator ")
    _name(w, c.coord, "given", "ops_coordinator")
    w.add(f". Dx: {c.event[1]} (")
    w.keep(c.event[2], "icd10")
    w.add("). ")
    _labs(w, 2)
    w.add(".\n")
    stamp(t + timedelta(days=1), ag[1])
    w.add("GOP faxed to ")
    _ph(w, _phone(r, c.host), "fax", "host_billing")
    w.add(" for ")
    _money(w, _CUR[c.host], 30, 400, "gop_amount")
    w.add(", our ref ")
    w.phi(c.gop, "account", "account:gop:ops")
    w.add(". Hospital adm no. ")
    w.phi(c.adm_no, "account", "account:admission:ops")
    w.add(".\n")
    stamp(t + timedelta(days=1), ag[2])
    w.add("Reviewed with treating Dr ")
    _name(w, c.clin, "ref", "ops_treating")
    w.add(". ")
    if c.age > 89 and r.random() < 0.5:
        _age(w, c.age, _age_words(c.age).capitalize(), "ops_words")
        w.add("-year-old, ")
    else:
        _age(w, c.age, str(c.age), "ops_yo")
        w.add(r.choice(["yo ", " y/o ", "y "]) + ("F, " if c.p.female else "M, "))
    if c.age >= 60:
        w.add(r.choice(["lives alone", "independent at home", "uses a walker", "mild dementia"]))
        w.add(", on ")
        w.keep(
            r.choice(["apixaban 2.5 mg bid", "bisoprolol 2.5 mg od", "metformin 500 mg bid"]),
            "home_med",
        )
    else:
        w.add(
            r.choice(["no known illnesses", "asthma, on an inhaler", "type 1 diabetes, on a pump"])
        )
    w.add(". Not fit to fly for at least ")
    w.keep(str(r.randint(5, 14)), "days")
    w.add(" days.\n")
    if r.random() < 0.4:
        stamp(t + timedelta(days=2), ag[1])
        w.add("Hire car collected from hospital car park by rental agent, plate ")
        w.phi(c.plate[0], "plate", f"plate:{c.plate[1]}:ops")
        w.add("; insured's driving licence no. ")
        dl = _driving(r, c.p, c.region, c.dob)
        w.phi(dl[0], "license", f"license:driving_{dl[1]}:ops")
        w.add(" noted on the rental contract.\n")
    stamp(c.dis - timedelta(days=1), ag[0])
    w.add("Repat booked ")
    w.keep(f"{_up(r, 2)} {r.randint(100, 999)}", "flight_number")
    w.add(" ")
    _date(w, c.dis, ["air_dm", "air"], "ops_flight")
    w.add(", seat ")
    w.keep(f"{r.randint(1, 40)}{r.choice('ACDFHK')}", "seat")
    w.add(" + escort, PNR ")
    w.phi(_up(r, 6), "account", "account:pnr:ops")
    w.add(", WCHC. Ambulance at home airport to ")
    _addr_lines(w, c.addr, ", ", "ops_ambulance", alt=c.region in ("jp", "ru"))
    w.add(".\n")
    if r.random() < 0.6:
        stamp(c.dis, ag[0])
        w.add(f"{_KIN_REL['en'][c.kin_rel].capitalize()} asks for updates by e-mail only: ")
        w.phi(c.kin_email, "email", "email:kin:ops")
        w.add(". Closed pending invoice.\n")


def _ocr(r: random.Random, s: str, rate: float = 0.08) -> str:
    """Scanner noise for plain words (never used on PHI unless a form says so)."""
    swaps = {"O": "0", "o": "0", "l": "1", "I": "l", "m": "rn", "e": "c", "S": "5"}
    out = []
    for ch in s:
        if ch in swaps and r.random() < rate:
            out.append(swaps[ch])
        else:
            out.append(ch)
    return "".join(out)


def _gop_fax(w: _W, c: _Case) -> None:
    """A guarantee-of-payment fax as it comes out of the receiving end's OCR."""
    r = w.r
    cur = _CUR[c.host]
    noisy = r.random() < 0.6

    def t(s: str) -> None:
        w.add(_ocr(r, s) if noisy else s)

    _date(w, c.adm + timedelta(days=1), ["dmy", "us0", "Mon_d_Y", "iso"], "fax_header")
    w.add(f" {_tm(r)}  FROM ")
    _ph(w, _phone(r, r.choice(["de", "uk", "ch", "it"])), "fax", "fax_header_from")
    w.add("   TO ")
    _ph(w, _phone(r, c.host), "fax", "fax_header_to")
    w.add(f"   P.00{1}/00{r.randint(2, 3)}\n")
    t("|" + "=" * 60 + "\n")
    t("|  GUARANTEE OF PAYMENT  /  GARANTIE DE PRISE EN CHARGE\n")
    t("|" + "=" * 60 + "\n")
    t(f"To: {c.hospital} - International Patient Dept / Billing\nAttn: ")
    _name(w, c.coord, ["full", "given"], "fax_attn")
    t("\nOur reference: ")
    w.phi(c.gop, "account", "account:gop:fax")
    t("    Case: ")
    w.phi(c.case_ref, "account", "account:case:fax")
    t("\n\nPatient   : ")
    w.add(r.choice(["MR. ", ""]) if not c.p.female else r.choice(["MRS. ", "MS. ", ""]))
    if noisy and r.random() < 0.3:
        w.phi(_ocr(r, _name_text(c.p, "upper"), 0.3), "name", "name:fax_patient:ocr_noise")
    else:
        _name(w, c.p, ["upper", "last_first", "airline"], "fax_patient")
    t("\nBorn      : ")
    if noisy and r.random() < 0.3:
        w.phi(_fmt(c.dob, "d-Mon-Y").replace("0", "O"), "date", "date:d-Mon-Y:ocr_o_for_0")
    else:
        _date(w, c.dob, ["d-Mon-Y", "dmy", "DD_MON_YYYY"], "fax_dob")
    t("\nPassport  : ")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}:fax")
    t(f" ({_iso2(c.region)})\nHosp. no. : ")
    w.phi(c.mrn, "mrn", "mrn:host:fax")
    t("\nPolicy    : ")
    w.phi(c.policy, "plan", "plan:travel_policy:fax")
    t("\nAdmitted  : ")
    _date(w, c.adm, ["d-Mon-Y", "dmy", "DD_MON_YYYY"], "fax_admitted")
    t(f"\nDiagnosis : {c.event[1]} (ICD ")
    w.keep(c.event[2], "icd10")
    t(")\n\nWe hereby guarantee payment of medically necessary treatment up to ")
    _money(w, cur, 30, 500, "gop_amount")
    t(" for the period of hospitalisation from ")
    _date(w, c.adm, ["dmy", "d-Mon-Y"], "fax_period")
    t(
        ". Costs above this amount, personal items, telephone and\nextended stay after the "
        "patient is declared fit to fly are NOT covered. Deductible "
    )
    _money(w, cur, 1, 4, "deductible")
    t(
        " payable by the patient.\n\nPlease send the itemised invoice and a medical report "
        "(in English) to "
    )
    w.add(r.choice(["claims@assist-example.eu", "medical@assist-example.eu"]))
    t(", quoting our reference.\nThe insured's next of kin: ")
    _name(w, c.kin, ["full", "upper"], "fax_kin")
    t(" (")
    w.add(_KIN_REL["en"][c.kin_rel])
    t("), mobile ")
    _ph(w, c.kin_phone, form="fax_kin")
    t(".\n\nFor and on behalf of the insurer,\n")
    _name(w, c.agent, ["full", "initial"], "fax_signature")
    t("\nMedical Assistance Coordinator   direct line ")
    _ph(w, _phone(r, r.choice(["de", "uk", "ch"])), form="fax_signature")
    t("\n~~ confidential: if received in error, notify the sender and destroy ~~\n")


def _say(w: _W, tpl: str, slots: dict[str, Callable[[], None]]) -> None:
    """Write a template, each ``{SLOT}`` by its writer."""
    for part in re.split(r"(\{[A-Z_0-9]+\})", tpl):
        if part.startswith("{") and part.endswith("}"):
            slots[part[1:-1]]()
        elif part:
            w.add(part)


def _ru_years(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "год"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "года"
    return "лет"


_CHAT = {
    "it": (
        ("k", "Buongiorno, sono {KIN}, {REL} di {P}. Il numero di pratica è {CASE}"),
        (
            "a",
            "Good morning, thank you for writing. Could you confirm date of birth and passport "
            "number of the insured?",
        ),
        ("k", "{MUM} è {NATO} il {DOB}, passaporto {PPT}. Ha {AGE} anni 🙏"),
        ("k", "{MEDIA}"),
        ("a", "Received, grazie. We spoke with the hospital, the doctor in charge is Dr {CLIN}."),
        ("k", "Ok. Il numero della cartella clinica è {MRN}. Quando potrà tornare a casa?"),
        (
            "a",
            "If all goes well, fit to fly around {FLY}. For the claim we also need the codice "
            "fiscale.",
        ),
        ("k", "{NATID}"),
        ("k", "Per i documenti la mia mail è {KEMAIL}, il cellulare {KPHONE}"),
    ),
    "de": (
        ("k", "Guten Tag, hier ist {KIN}, {REL} von {P}. Vorgangsnummer {CASE}"),
        ("a", "Hello, thank you. Could you please confirm the date of birth and passport number?"),
        ("k", "Geb. {DOB}, Pass-Nr. {PPT}. {MUM} ist {AGE} Jahre alt."),
        ("k", "Versichertennummer der Krankenkasse: {PLAN}"),
        (
            "a",
            "Thank you. The hospital gave us admission no. {ADMNO}; treating physician Dr {CLIN}.",
        ),
        ("k", "{MEDIA}"),
        ("k", "Bitte rufen Sie mich an unter {KPHONE}, auch abends. Danke!"),
        ("a", "Will do. Flight home is planned for {FLY} if the doctors agree."),
    ),
    "pt": (
        ("k", "Bom dia, aqui é {KIN}, {REL} de {P}. Número do processo {CASE}"),
        ("a", "Good morning! Please send the passport and date of birth of the insured."),
        ("k", "Nascimento {DOB}, passaporte {PPT}, CPF {NATID}"),
        ("k", "{MUM} tem {AGE} anos, tá com muito medo 😢"),
        ("k", "{MEDIA}"),
        ("a", "Thank you. Dr {CLIN} says the patient is stable. Hospital record {MRN}."),
        ("k", "Graças a Deus. Meu email é {KEMAIL}"),
        ("a", "Noted. Provisional return date {FLY}."),
    ),
    "ru": (
        ("k", "Здравствуйте! Пишу по поводу: {P}. Номер дела {CASE}"),
        ("a", "Hello, thank you. Please confirm date of birth and passport number."),
        ("k", "Дата рождения {DOB}, загранпаспорт {PPT}. {MUM} {AGE} {YEARS}."),
        ("k", "Полис ОМС {PLAN}"),
        ("k", "{MEDIA}"),
        (
            "a",
            "Thank you. The treating doctor is Dr {CLIN}, we will call you at {KPHONE} after the "
            "ward round.",
        ),
        ("k", "Спасибо! Я {KIN}, {REL}."),
        ("a", "Planned repatriation: {FLY}."),
    ),
    "id": (
        ("k", "Selamat pagi, saya {KIN}, {REL} dari {P}. No. kasus {CASE}"),
        ("a", "Good morning. Please send passport number and date of birth."),
        ("k", "Tgl lahir {DOB}, umur {AGE} tahun, paspor {PPT}"),
        ("k", "NIK {NATID}"),
        ("k", "{MEDIA}"),
        ("a", "Terima kasih. Dr {CLIN} reports the patient is stable, record no. {MRN}."),
        ("k", "Alhamdulillah. Nomor WA saya {KPHONE}"),
        ("a", "Noted. Tentative flight home {FLY}."),
    ),
    "en": (
        ("k", "Hello ji, I am {KIN}, {REL} of {P}. Case number {CASE}"),
        ("a", "Hello, thank you. Please share DOB and passport number of the patient."),
        ("k", "{MUM} DOB is {DOB}, passport {PPT}. Age {AGE} years"),
        ("k", "Aadhaar is {NATID} if needed"),
        ("k", "{MEDIA}"),
        ("a", "Thanks. Dr {CLIN} has examined, hospital file {MRN}."),
        ("k", "Please call me on {KPHONE} any time, also mail on {KEMAIL}"),
        ("a", "Sure. Fit to fly expected {FLY}."),
    ),
}
_CHAT_LANG = {"it": "it", "de": "de", "ch": "de", "br": "pt", "ru": "ru", "id": "id", "in": "en"}
_CHAT_DOB = {
    "it": ("dmy", "it"),
    "de": ("dot", "de", "dot1"),
    "pt": ("dmy", "pt", "pt_abbr"),
    "ru": ("dot", "ru"),
    "id": ("dmy", "id", "dash"),
    "en": ("dmy", "dash", "long_uk"),
}
# what the writer calls the patient: (relation of the writer, patient is a woman) -> word
_WHO_KEY = {
    ("daughter", True): 0,
    ("daughter", False): 1,
    ("son", True): 0,
    ("son", False): 1,
    ("wife", False): 2,
    ("husband", True): 3,
    ("niece", True): 4,
    ("niece", False): 5,
    ("grandson", True): 6,
    ("grandson", False): 7,
    ("sister", True): 8,
    ("sister", False): 9,
    ("brother", True): 8,
    ("brother", False): 9,
}
_WHO = {
    "it": (
        "La mamma",
        "Il papà",
        "Mio marito",
        "Mia moglie",
        "La zia",
        "Lo zio",
        "La nonna",
        "Il nonno",
        "Mia sorella",
        "Mio fratello",
    ),
    "de": (
        "Meine Mutter",
        "Mein Vater",
        "Mein Mann",
        "Meine Frau",
        "Meine Tante",
        "Mein Onkel",
        "Meine Oma",
        "Mein Opa",
        "Meine Schwester",
        "Mein Bruder",
    ),
    "pt": (
        "Minha mãe",
        "Meu pai",
        "Meu marido",
        "Minha esposa",
        "Minha tia",
        "Meu tio",
        "Minha avó",
        "Meu avô",
        "Minha irmã",
        "Meu irmão",
    ),
    "ru": ("Маме", "Папе", "Мужу", "Жене", "Тёте", "Дяде", "Бабушке", "Дедушке", "Сестре", "Брату"),
    "id": (
        "Ibu",
        "Bapak",
        "Suami saya",
        "Istri saya",
        "Bibi",
        "Paman",
        "Nenek",
        "Kakek",
        "Kakak saya",
        "Kakak saya",
    ),
    "en": (
        "Mummy",
        "Papa",
        "My husband",
        "My wife",
        "Aunty",
        "Uncle",
        "Nani",
        "Nana",
        "My sister",
        "My brother",
    ),
    "ja": ("母", "父", "夫", "妻", "叔母", "叔父", "祖母", "祖父", "姉", "兄"),
}


def _who(lang: str, c: _Case) -> str:
    return _WHO[lang][_WHO_KEY.get((c.kin_rel, c.p.female), 0 if c.p.female else 1)]


_LINE_WD = "月火水木金土日"


def _chat(w: _W, c: _Case) -> None:
    """A messenger export between a relative and an assistance desk."""
    r = w.r
    if c.region == "jp":
        _line_chat(w, c)
        return
    lang = _CHAT_LANG[c.region]
    fmt = r.choice(["android", "ios", "us"])
    kin_disp = r.choice(["full", "given", "nick", "lower", "phone"])
    day = c.adm
    clock = r.randint(7 * 60, 12 * 60)
    rel = _KIN_REL[lang if lang in _KIN_REL else "en"][c.kin_rel]
    mum = _who(lang, c)
    slots: dict[str, Callable[[], None]] = {
        "KIN": lambda: _name(
            w, c.kin, "native" if lang == "ru" else ["full", "given"], "chat_kin_intro"
        ),
        "REL": lambda: w.add(rel),
        "P": lambda: _name(w, c.p, "native" if lang == "ru" else ["full", "upper"], "chat_patient"),
        "CASE": lambda: w.phi(c.case_ref, "account", "account:case:chat"),
        "DOB": lambda: _date(w, c.dob, _CHAT_DOB[lang], "chat_dob"),
        "PPT": lambda: w.phi(c.passport, "natid", f"natid:passport_{c.region}:chat"),
        "AGE": lambda: _age(w, c.age, str(c.age), f"chat_{lang}"),
        "YEARS": lambda: w.add(_ru_years(c.age)),
        "MUM": lambda: w.add(mum),
        "NATO": lambda: w.add("nata" if c.p.female else "nato"),
        "CLIN": lambda: _name(w, c.clin, "ref", "chat_doctor"),
        "MRN": lambda: w.phi(c.mrn, "mrn", "mrn:host:chat"),
        "FLY": lambda: _date(
            w, c.dis, ["md", "ord_short"] if fmt == "us" else ["dm", "dm_dot", "air_dm"], "chat_fly"
        ),
        "NATID": lambda: w.phi(c.natid[0], c.natid[1], f"{c.natid[1]}:{c.natid[2]}:chat"),
        "PLAN": lambda: w.phi(c.plan[0], "plan", f"plan:{c.plan[1]}:chat"),
        "ADMNO": lambda: w.phi(c.adm_no, "account", "account:admission:chat"),
        "KEMAIL": lambda: w.phi(c.kin_email, "email", "email:kin:chat"),
        "KPHONE": lambda: _ph(w, c.kin_phone, form="chat_body"),
        "MEDIA": lambda: media(),
    }

    def media() -> None:
        if fmt == "android" or r.random() < 0.5:
            w.add("IMG-")
            w.phi(_fmt(day, "compact"), "date", "date:compact:chat_media_filename")
            w.add(f"-WA{r.randint(1, 60):04d}.jpg (file attached)")
        else:
            w.add("<attached: 0000012-PHOTO-")
            w.phi(day.isoformat(), "date", "date:iso:chat_media_filename")
            w.add(f"-{_tm(r).replace(':', '-')}-{r.randint(10, 59)}.jpg>")

    def sender(who: str) -> None:
        if who == "a":
            w.add("EuroAssist ")
            _name(w, c.agent, "given", "chat_agent_display")
            return
        if kin_disp == "phone":
            _ph(w, c.kin_phone, form="chat_display")
        else:
            _name(w, c.kin, kin_disp, "chat_display")

    for i, (who, tpl) in enumerate(_CHAT[lang]):
        if i == 4:
            day += timedelta(days=1)
            clock = r.randint(6 * 60, 10 * 60)
        clock = min(clock + r.randint(1, 90), 23 * 60 + 59)
        hh, mm = divmod(clock, 60)
        if fmt == "android":
            _date(w, day, "dmy", "chat_stamp")
            w.add(f", {hh:02d}:{mm:02d} - ")
        elif fmt == "ios":
            w.add("[")
            _date(w, day, "dot2", "chat_stamp")
            w.add(f", {hh:02d}:{mm:02d}:{r.randint(0, 59):02d}] ")
        else:
            _date(w, day, "us2", "chat_stamp")
            w.add(f", {(hh - 1) % 12 + 1}:{mm:02d} {'AM' if hh < 12 else 'PM'} - ")
        sender(who)
        w.add(": ")
        _say(w, tpl, slots)
        w.add("\n")


def _line_chat(w: _W, c: _Case) -> None:
    """A messenger history export, Japanese interface, with a day header per day."""
    r = w.r
    day = c.adm
    slots: dict[str, Callable[[], None]] = {
        "P": lambda: _name(w, c.p, ["native", "native_tight"], "line_patient"),
        "KIN": lambda: _name(w, c.kin, ["native", "native_tight"], "line_kin"),
        "REL": lambda: w.add(_KIN_REL["ja"][c.kin_rel]),
        "DOB": lambda: _date(w, c.dob, ["jp_era", "jp", "jp_era_abbr"], "line_dob"),
        "AGE": lambda: _age(w, c.age, r.choice([str(c.age), _fullwidth(str(c.age))]), "line_sai"),
        "PPT": lambda: w.phi(c.passport, "natid", "natid:passport_jp:line"),
        "POL": lambda: w.phi(c.policy, "plan", "plan:travel_policy:line"),
        "CASE": lambda: w.phi(c.case_ref, "account", "account:case:line"),
        "CLIN": lambda: _name(w, c.clin, "ref", "line_doctor"),
        "KREF": lambda: _name(w, c.kin, "ref", "line_kin_ref"),
        "KPHONE": lambda: _ph(w, c.kin_phone, form="line_body"),
        "FLY": lambda: _date(w, c.dis, ["jp_md", "dm"], "line_fly"),
        "MRN": lambda: w.phi(c.mrn, "mrn", "mrn:host:line"),
    }
    msgs = (
        ("k", "お世話になっております。{P}の{REL}、{KIN}です。"),
        ("k", _who("ja", c) + "は{DOB}生まれの{AGE}歳です。パスポート番号は{PPT}です。"),
        ("a", "Thank you, {KREF} sama. Your case number is {CASE}."),
        ("k", "保険証券番号は {POL} です。よろしくお願いいたします。"),
        ("a", "The attending physician, Dr {CLIN}, will call you at {KPHONE} tonight."),
        ("k", "病院のカルテ番号 {MRN}"),
        ("a", "帰国便は{FLY}の予定です。"),
    )
    w.add("[LINE] EuroAssist Japan Deskとのトーク履歴\n保存日時：")
    _date(w, c.dis, ["ymd_slash"], "line_saved")
    w.add(f" {_tm(r)}\n\n")
    clock = 0
    for i, (who, tpl) in enumerate(msgs):
        if i in (0, 4):
            if i == 4:
                day += timedelta(days=1)
            _date(w, day, "ymd_slash", "line_day_header")
            w.add(f"({_LINE_WD[day.weekday()]})\n")
            clock = r.randint(7 * 60, 11 * 60)
        clock = min(clock + r.randint(3, 120), 23 * 60 + 59)
        w.add(f"{clock // 60:02d}:{clock % 60:02d}\t")
        if who == "a":
            w.add("EuroAssist ")
            _name(w, c.agent, "given", "line_agent")
        else:
            _name(w, c.kin, ["native_tight", "native"], "line_display")
        w.add("\t")
        _say(w, tpl, slots)
        w.add("\n")


def _mrz(w: _W, c: _Case, form: str) -> None:
    """The two machine-readable lines of the insured's passport."""
    r = w.r
    iso3 = _ISO3[c.region]
    name = _name_text(c.p, "mrz")
    line1_head = f"P<{iso3}" + "<" * (3 - len(iso3))
    w.add(line1_head)
    w.phi(name, "name", f"name:{form}:mrz")
    w.add("<" * max(0, 44 - len(line1_head) - len(name)) + "\n")
    num = c.passport.replace(" ", "")
    numf = (num + "<" * 9)[:9]
    dob = _fmt(c.dob, "yymmdd")
    issued = c.onset - timedelta(days=r.randint(200, 3000))
    expiry = issued.replace(year=issued.year + 10, day=min(issued.day, 28))
    exp = _fmt(expiry, "yymmdd")
    personal = "<" * 14
    parts = [numf + _mrz_digit(numf), dob + _mrz_digit(dob), exp + _mrz_digit(exp), personal + "<"]
    composite = _mrz_digit(parts[0] + parts[1] + parts[2] + parts[3])
    w.phi(num, "natid", f"natid:passport_{c.region}:{form}_mrz")
    w.add(numf[len(num) :] + parts[0][-1] + iso3 + "<" * (3 - len(iso3)))
    w.phi(dob, "date", f"date:yymmdd:{form}_mrz_dob")
    w.add(parts[1][-1] + ("F" if c.p.female else "M"))
    w.phi(exp, "date", f"date:yymmdd:{form}_mrz_expiry")
    w.add(parts[2][-1] + parts[3] + composite + "\n")


def _box(w: _W, on: bool, glyphs: tuple[str, str]) -> None:
    w.add(glyphs[0] if on else glyphs[1])


def _medif(w: _W, c: _Case) -> None:
    """An airline medical clearance form, filled in by agent and doctor, checkboxes and MRZ."""
    r = w.r
    gl = r.choice([("☒", "☐"), ("[X]", "[ ]"), ("(x)", "( )"), ("✔", "□")])
    title = ("MRS" if c.p.female else "MR") if c.age > 12 else "MSTR"
    stretcher = r.random() < 0.4
    w.add(
        "MEDIF - MEDICAL INFORMATION SHEET FOR AIR TRAVEL          "
        f"form rev. {r.randint(3, 9)}.{r.randint(0, 4)}\n"
    )
    w.add(r.choice(["Special Assistance Desk", "MEDA Office", "Passenger Medical Clearance Unit"]))
    w.add("  email ")
    w.add(r.choice(["meda@airline-example.com", "medif@carrier-example.net"]))
    w.add("\n\nPART 1 - to be completed by the passenger or booking agent\n")
    w.add("A  Passenger name (as on ticket) : ")
    w.phi(_airline(c.p), "name", "name:medif:airline")
    w.add(f" {title}     Sex: ")
    _box(w, c.p.female, gl)
    w.add(" F  ")
    _box(w, not c.p.female, gl)
    w.add(" M\nB  Record locator / PNR          : ")
    w.phi(_up(r, 6), "account", "account:pnr:medif")
    w.add("     e-ticket no.: ")
    w.phi(
        f"{r.choice(['055', '217', '176', '157'])}-{_d(r, 10)}", "account", "account:ticket:medif"
    )
    w.add("\nC  Itinerary                     : ")
    w.keep(f"{_up(r, 2)} {r.randint(100, 999)}", "flight_number")
    w.add(f"  {_up(r, 3)}-{_up(r, 3)}  ")
    _date(w, c.dis + timedelta(days=1), ["air_dm", "air"], "medif_flight")
    w.add("  class Y  seat ")
    w.keep(f"{r.randint(10, 60)}{r.choice('ABCDEFGHK')}", "seat")
    w.add(f"\nD  Nature of incapacity         : {c.event[1]}\n")
    w.add("E  Wheelchair  ")
    _box(w, False, gl)
    w.add(" WCHR  ")
    _box(w, False, gl)
    w.add(" WCHS  ")
    _box(w, not stretcher, gl)
    w.add(" WCHC      Stretcher ")
    _box(w, stretcher, gl)
    w.add("\nF  Escort  ")
    _box(w, True, gl)
    w.add(" yes   name: ")
    _name(w, c.kin, ["airline", "full", "upper"], "medif_escort")
    w.add(f" ({_KIN_REL['en'][c.kin_rel]})   mobile ")
    _ph(w, c.kin_phone, form="medif_escort")
    w.add("\nG  Ambulance at arrival ")
    _box(w, True, gl)
    w.add("  arranged by assistance company, case ")
    w.phi(c.case_ref, "account", "account:case:medif")
    w.add("\nH  Passport copy (machine-read):\n")
    _mrz(w, c, "medif")
    w.add("\nPART 2 - to be completed by the attending physician\n")
    w.add("MEDA01  Attending physician: Dr ")
    _name(w, c.clin, ["full", "initial"], "medif_physician")
    lab, num, form = _doc_licence(r, "th" if c.host == "th" else "de")
    w.add(f"   {lab}")
    w.phi(num, "license", f"license:{form}:medif")
    w.add("\n        Tel ")
    _ph(w, _phone(r, c.host), form="medif_physician")
    w.add("   Fax ")
    _ph(w, _phone(r, c.host), "fax", "medif_physician")
    w.add(f"\nMEDA02  Diagnosis in detail: {c.event[1]}, ICD-10 ")
    w.keep(c.event[2], "icd10")
    w.add("\n        Day / date of first symptoms: ")
    _date(w, c.onset, ["air", "air_dm", "dmy2"], "medif_onset")
    w.add("   Date of operation / procedure: ")
    _date(w, c.adm + timedelta(days=1), ["air", "air_dm", "dmy2"], "medif_procedure")
    w.add("\nMEDA03  Prognosis for the flight: ")
    w.add(r.choice(["good", "fair", "good, stable"]))
    w.add("\nMEDA04  Contagious / communicable disease?  ")
    _box(w, False, gl)
    w.add(" yes  ")
    _box(w, True, gl)
    w.add(" no\nMEDA05  Latest results: ")
    _labs(w, 3)
    w.add("\nMEDA07  Can use normal seat with seatback upright when required?  ")
    _box(w, not stretcher, gl)
    w.add(" yes  ")
    _box(w, stretcher, gl)
    w.add(" no\nMEDA10  Supplementary oxygen: ")
    w.keep(f"{r.choice([1, 2, 3, 4])} L/min", "oxygen_flow")
    w.add(" continuous\nMEDA13  Other remarks: ")
    if c.age > 89:
        w.add(r.choice(["patient aged ", "frail, age ", "very elderly ("]))
        _age(w, c.age, str(c.age), "medif_remarks")
        w.add(")" if w.parts[-2].endswith("(") else "")
        w.add("; ")
    else:
        w.add("age ")
        _age(w, c.age, str(c.age), "medif_remarks")
        w.add(", ")
    w.add("needs assistance to the lavatory.\n\nDate: ")
    _date(w, c.dis, ["air", "dmy", "DD_MON_YYYY"], "medif_signed")
    w.add("        Signature / stamp: ____________________\n")


def _cell(w: _W, segs: Sequence[_Seg], width: int, last: bool = False) -> None:
    _emit(w, segs)
    used = sum(len(t) for t, _, _ in segs)
    w.add(" " * max(1, width - used) + ("|\n" if last else "| "))


_COMPLAINTS = (
    "dizziness, fall in cabin",
    "productive cough, fever",
    "diarrhoea x4 (GI log)",
    "chest tightness",
    "laceration L shin",
    "seasick, vomiting",
    "confusion overnight",
    "painful swollen knee",
)


def _distinct(
    r: random.Random, regions: Sequence[str], host: str, n: int, anchor: date
) -> list[_Case]:
    """``n`` cases seen about ``anchor`` whose people all have different names."""
    out: list[_Case] = []
    seen: set[str] = set()
    while len(out) < n:
        x = _case(r, r.choice(list(regions)), host, anchor)
        if x.p.full() not in seen:
            seen.add(x.p.full())
            out.append(x)
    return out


def _infirmary(w: _W, c: _Case) -> None:
    """A ship's medical centre sick-call sheet: several guests and crew, no one subject."""
    r = w.r
    ship = r.choice(["MS Aurora Borealis", "MV Coral Meridian", "MS Nordlys Star"])
    w.add(f"{ship} - MEDICAL CENTRE - DAILY SICK CALL    Voyage ")
    w.keep(f"{_up(r, 1)}{r.randint(100, 999)}", "voyage_code")
    w.add("  Day ")
    w.keep(str(r.randint(2, 14)), "voyage_day")
    w.add("\nDate: ")
    _date(w, c.adm, ["dot", "dMonY", "iso", "long_uk"], "sickcall_date")
    w.add("   Sea day\n\n")
    use_dob = r.random() < 0.4
    heads = (
        "#",
        "Time",
        "Cabin",
        "Guest / crew",
        "Nat",
        "DOB" if use_dob else "Age",
        "Complaint",
        "T °C",
        "Disposition",
        "Folio / ID",
    )
    widths = (3, 6, 7, 34, 4, 12 if use_dob else 4, 28, 6, 13, 0)
    w.add("| ")
    for i, h in enumerate(heads):
        _cell(w, [(h, "", "")], widths[i] if widths[i] else len(h) + 1, last=i == len(heads) - 1)
    w.add("|" + "|".join("-" * ((x or 12) + 1) for x in widths) + "|\n")
    rows = _distinct(
        r, ["us", "uk", "de", "ch", "it", "ca", "jp", "br", "ie"], "es", r.randint(4, 7), c.adm
    )
    times = sorted(r.randint(6 * 60, 21 * 60) for _ in rows)
    for i, x in enumerate(rows):
        region = x.region
        crew = r.random() < 0.25
        if crew:
            x.age = r.randint(21, 58)
            x.dob = date(c.adm.year - x.age - 1, r.randint(1, 12), r.randint(1, 28))
        w.add("| ")
        _cell(w, [(str(i + 1), "", "")], 3)
        _cell(w, [(f"{times[i] // 60:02d}:{times[i] % 60:02d}", "", "")], 6)
        _cell(
            w,
            [
                (
                    "crew" if crew else f"{r.randint(2, 12)}{r.randint(100, 199):03d}",
                    "" if crew else "~",
                    "cabin",
                )
            ],
            7,
        )
        style = r.choice(["last_first", "last_first_mixed", "upper", "full"])
        _cell(w, [(_name_text(x.p, style), "name", f"name:sickcall:{style}")], 34)
        _cell(w, [(_iso2(region), "", "")], 4)
        if use_dob:
            _cell(
                w,
                [
                    (
                        _fmt(x.dob, "dot" if region in ("de", "ch", "it") else "dmy"),
                        "date",
                        "date:sickcall_dob",
                    )
                ],
                12,
            )
        else:
            ag = str(x.age)
            _cell(
                w,
                [
                    (
                        ag,
                        "age" if x.age > 89 else "~",
                        "age:sickcall_column" if x.age > 89 else "age<=89:sickcall_column",
                    )
                ],
                4,
            )
        _cell(w, [(r.choice(_COMPLAINTS), "", "")], 28)
        _cell(w, [(_num(r.uniform(36.0, 39.6), 1, False), "~", "temperature")], 6)
        _cell(
            w,
            [
                (
                    r.choice(
                        ["obs 4h", "Rx, review am", "isolate cabin", "sutured", "to hospital"]
                    ),
                    "",
                    "",
                )
            ],
            13,
        )
        if crew:
            _cell(w, [(f"C{_d(r, 6)}", "mrn", "mrn:crew_id:sickcall")], 0, last=True)
        else:
            _cell(w, [(f"F-{_d(r, 6)}", "account", "account:folio:sickcall")], 0, last=True)
    w.add("\nGI log: ")
    w.keep(str(r.randint(0, 9)), "case_count")
    w.add(" new cases, attack rate ")
    w.keep(f"{_num(r.uniform(0.1, 2.5), 2, False)}%", "attack_rate")
    w.add(". Disembarked to shore hospital: see separate sheet.\nShip's physician: Dr ")
    _name(w, _staff(r), ["full", "initial"], "sickcall_physician")
    lab, num, form = _doc_licence(r, r.choice(["uk", "de", "it"]))
    w.add(f" ({lab}")
    w.phi(num, "license", f"license:{form}:sickcall")
    w.add(")   Nurse: ")
    _name(w, _staff(r), "given", "sickcall_nurse")
    w.add("\n")


def _ski_letter(w: _W, c: _Case) -> None:
    """A mountain trauma clinic's discharge letter, German, to the home doctor."""
    r = w.r
    anrede = "Frau" if c.p.female else "Herrn"
    w.add(f"{c.hospital} · Abteilung für Unfallchirurgie und Sporttraumatologie\nTel. ")
    _ph(w, _phone(r, "at"), form="clinic")
    w.add(" · Fax ")
    _ph(w, _phone(r, "at"), "fax", "clinic")
    w.add("\n\nAn: Dr. med. ")
    gp = _staff(r)
    _name(w, gp, ["full", "initial"], "ski_gp")
    w.add(" (Hausarzt/Hausärztin)\n\n")
    w.add(r.choice(["ENTLASSUNGSBRIEF", "AUSTRITTSBERICHT", "Vorläufiger Arztbrief"]))
    w.add("                                   Datum: ")
    _date(w, c.dis, ["dot", "de", "dot2"], "ski_letter_date")
    w.add(f"\n\nPat.: {anrede.replace('Herrn', 'Herr')} ")
    _name(w, c.p, ["full", "last_first_mixed"], "ski_patient")
    w.add(", geb. ")
    _date(w, c.dob, ["dot", "dot1", "de"], "ski_dob")
    w.add(" (")
    _age(w, c.age, str(c.age), "ski_J")
    w.add(" J.)\nWohnhaft: ")
    _addr_lines(w, c.addr, ", ", "ski", alt=c.region in ("jp", "ru"))
    w.add("\nPat.-Nr. ")
    w.phi(c.mrn, "mrn", "mrn:host:ski")
    w.add(" · Fall-Nr. ")
    w.phi(c.adm_no, "account", "account:admission:ski")
    w.add("\n")
    if c.region == "de":
        w.add("KVNR ")
        w.phi(c.plan[0], "plan", "plan:kvnr:ski")
        w.add(" · EHIC ")
        w.phi(f"80276 {_d(r, 5)} {_d(r, 5)} {_d(r, 5)}", "plan", "plan:ehic:ski")
    elif c.region == "ch":
        w.add("AHV-Nr. ")
        w.phi(c.natid[0], "natid", "natid:ahv:ski")
        w.add(" · Versichertenkarte ")
        w.phi(c.plan[0], "plan", "plan:ch_card:ski")
    elif c.region == "it":
        w.add("Cod. fiscale ")
        w.phi(c.natid[0], "natid", "natid:codice_fiscale:ski")
        w.add(" · EHIC/TEAM ")
        w.phi(c.plan[0], "plan", "plan:it_team:ski")
    else:
        w.add("Reisepass ")
        w.phi(c.passport, "natid", f"natid:passport_{c.region}:ski")
        w.add(" · Reiseversicherung ")
        w.phi(c.policy, "plan", "plan:travel_policy:ski")
    w.add("\n\nSehr geehrte Frau Kollegin, sehr geehrter Herr Kollege,\n\nwir berichten über ")
    if c.age > 89 and r.random() < 0.5:
        w.add("unsere " if c.p.female else "unseren ")
        _age(w, c.age, _age_words(c.age, "de"), "ski_words")
        w.add("jährige Patientin" if c.p.female else "jährigen Patienten")
    else:
        w.add("o. g. " + ("Patientin" if c.p.female else "Patienten"))
    w.add(", " + ("die" if c.p.female else "der") + " sich vom ")
    _range(w, c.adm, c.dis, r.choice(["dot", "dot_same"]))
    w.add(" in unserer stationären Behandlung befand.\n\nDiagnosen:\n- ")
    dx = r.choice(
        [
            (
                "Distale Radiusfraktur links",
                "S52.51",
                "offene Reposition und palmare Plattenosteosynthese",
            ),
            ("Tibiakopffraktur rechts", "S82.18", "offene Reposition und Plattenosteosynthese"),
            ("Proximale Humerusfraktur rechts", "S42.21", "winkelstabile Plattenosteosynthese"),
            ("Commotio cerebri", "S06.0", "Überwachung auf der IMC-Station, CCT ohne Blutung"),
        ]
    )
    w.add(dx[0] + " (")
    w.keep(dx[1], "icd10")
    w.add(")\n- Vorhofflimmern, orale Antikoagulation\n\nAnamnese: Am ")
    _date(w, c.onset, ["dot", "de", "dot1"], "ski_accident")
    w.add(
        f" gegen {r.randint(9, 16)}:{r.randint(0, 59):02d} Uhr Sturz auf der Piste, Bergung durch "
    )
    w.keep(r.choice(["Christophorus 5", "Martin 2", "RK-2"]), "helicopter_callsign")
    w.add(".\nTherapie: Am ")
    _date(w, c.adm + timedelta(days=1), "dm_dot", "ski_op")
    w.add(f" {dx[2]}. ")
    w.add("Labor bei Entlassung: ")
    _labs(w, 2, comma=True)
    w.add(".\nProcedere: Fadenzug am ")
    w.keep(str(r.choice([10, 12, 14])), "postop_day")
    w.add(". postop. Tag (ca. ")
    _date(w, c.adm + timedelta(days=12), ["dot", "dm_dot"], "ski_followup")
    w.add(") beim Hausarzt. Röntgenkontrolle nach ")
    w.keep(str(r.choice([4, 6])), "weeks")
    w.add(" Wochen.\n")
    if r.random() < 0.6:
        w.add(
            "Das Fahrzeug "
            + ("der Patientin" if c.p.female else "des Patienten")
            + " (amtl. Kennzeichen "
        )
        w.phi(c.plate[0], "plate", f"plate:{c.plate[1]}:ski")
        if r.random() < 0.5:
            w.add(", Führerschein-Nr. ")
            dl = _driving(r, c.p, c.region, c.dob)
            w.phi(dl[0], "license", f"license:driving_{dl[1]}:ski")
        w.add(") steht am Parkplatz der Talstation; Abholung organisiert ")
        w.add(
            ("die " if _KIN_REL["de"][c.kin_rel] in ("Tochter", "Ehefrau", "Nichte") else "der ")
            + _KIN_REL["de"][c.kin_rel]
            + ".\n"
        )
    w.add("Angehörige: ")
    _name(w, c.kin, ["full", "given"], "ski_kin")
    w.add(f" ({_KIN_REL['de'][c.kin_rel]}), Tel. ")
    _ph(w, c.kin_phone, form="ski_kin")
    w.add("\n\nMit freundlichen Grüßen\n\nOA Dr. ")
    _name(w, c.clin, "full", "ski_signature")
    lab, num, form = _doc_licence(r, "at")
    w.add(f"\nFacharzt für Orthopädie und Traumatologie, {lab}")
    w.phi(num, "license", f"license:{form}:ski")
    w.add("\n")


def _th_summary(w: _W, c: _Case) -> None:
    """A private hospital's discharge summary for a foreign patient, Buddhist-era dates."""
    r = w.r
    c.mrn = f"{(c.adm.year + 543) % 100}-{_d(r, 6)}"
    be = r.random() < 0.7
    dstyles = ["be"] if be else ["dmy", "d-Mon-Y"]
    w.add(f"{c.hospital.upper()}\nInternational Patient Centre · ศูนย์ผู้ป่วยต่างชาติ\n")
    w.add("DISCHARGE SUMMARY / ใบสรุปการรักษา\n\nHN: ")
    w.phi(c.mrn, "mrn", "mrn:hn:th")
    w.add("        AN: ")
    w.phi(f"{(c.adm.year + 543) % 100}-{_d(r, 6)}", "account", "account:an:th")
    w.add("        Ward/Room: ")
    w.keep(f"{r.randint(3, 12)}{r.choice('WE')}/{r.randint(301, 1220)}", "room")
    w.add("\nName / ชื่อ-สกุล: ")
    w.add(("Mrs. " if c.p.female else "Mr. ") if r.random() < 0.7 else "")
    _name(w, c.p, ["full", "upper", "last_first"], "th_patient")
    w.add("\nSex: " + ("F" if c.p.female else "M") + "    Age: ")
    k = r.randrange(3)
    _age(w, c.age, str(c.age), ["th_Y_M", "th_pi", "th_yrs"][k])
    w.add([f" Y {r.randint(0, 11)} M", " ปี", " yrs"][k])
    w.add("    DOB: ")
    _date(w, c.dob, dstyles, "th_dob")
    w.add(" (B.E.)" if be else "")
    w.add(f"\nNationality: {_iso2(c.region)}    Passport no.: ")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}:th")
    w.add("\nAdmission: ")
    _date(w, c.adm, dstyles, "th_admission")
    w.add(f" {_tm(r)}    Discharge: ")
    _date(w, c.dis, dstyles, "th_discharge")
    w.add(f" {_tm(r)}\nAttending physician: Dr. ")
    _name(w, c.clin, "full", "th_attending")
    lab, num, form = _doc_licence(r, "th")
    w.add(f" ({lab}")
    w.phi(num, "license", f"license:{form}:th")
    w.add(")\nInterpreter: ")
    _name(w, c.coord, "given", "th_interpreter")
    w.add(f"\n\nCHIEF COMPLAINT: {c.event[0].capitalize()}.\nPRESENT ILLNESS: The patient ")
    w.add(f"{c.event[0]} on ")
    _date(w, c.onset, ["be_th", "be", "dMonY"], "th_onset")
    w.add(" and was brought to our ER by the hotel staff. ")
    _labs(w, 2)
    w.add(".\nINVESTIGATIONS:\n  ")
    w.add(r.choice(["CT brain", "CT pulmonary angiogram", "X-ray pelvis", "CT abdomen"]))
    w.add(" (acc. ")
    w.phi(c.accession, "accession", "accession:imaging:th")
    w.add(") ")
    _date(w, c.adm, dstyles, "th_imaging")
    w.add(": consistent with clinical diagnosis.\n  Lab: ")
    _labs(w, 3)
    w.add(f"\nFINAL DIAGNOSIS: {c.event[1]} (")
    w.keep(c.event[2], "icd10")
    w.add(")\nDISCHARGE MEDICATIONS: ")
    w.keep(
        r.choice(
            [
                "Paracetamol 500 mg 1 tab q6h prn",
                "Enoxaparin 40 mg SC od x 14 d",
                "Amoxicillin/clavulanate 1 g bid x 5 d",
            ]
        ),
        "discharge_med",
    )
    w.add("\nCONDITION AT DISCHARGE: improved, fit to fly with escort from ")
    _date(w, c.dis + timedelta(days=1), ["dmy", "d-Mon-Y"], "th_fit_to_fly")
    w.add(" (C.E.)\nEMERGENCY CONTACT: ")
    w.add(_KIN_REL["en"][c.kin_rel] + " ")
    _name(w, c.kin, ["full", "upper"], "th_kin")
    w.add(", ")
    _ph(w, c.kin_phone, form="th_kin")
    w.add("\nPAYER: travel insurance, GOP ")
    w.phi(c.gop, "account", "account:gop:th")
    w.add(", policy ")
    w.phi(c.policy, "plan", "plan:travel_policy:th")
    w.add("\nTOTAL CHARGES: ")
    _money(w, "THB", 20, 400, "total_charges")
    w.add("\n")


_JP_DX = (
    ("右大腿骨頸部骨折", "S72.0", "人工骨頭置換術"),
    ("急性心筋梗塞", "I21.4", "経皮的冠動脈形成術"),
    ("尿路感染症・せん妄", "N39.0", "抗菌薬点滴"),
    ("慢性硬膜下血腫", "S06.5", "穿頭血腫除去術"),
)


def _jp_letter(w: _W, c: _Case) -> None:
    """A referral letter home from a hospital abroad's Japanese desk, Japanese and English."""
    r = w.r
    dx, icd, proc = r.choice(_JP_DX)
    w.add("診療情報提供書 (Medical Referral)\n")
    w.add(" " * 40)
    _date(w, c.dis, ["jp_era", "jp", "jp_era_fw"], "jp_letter_date")
    w.add("\n")
    w.add(r.choice(["東京医療センター 総合内科", "大阪中央病院 整形外科", "札幌北病院 循環器内科"]))
    w.add("\n担当医 御侍史\n\n")
    w.add(f"{' ' * 24}{c.hospital}\n{' ' * 24}Japanese Medical Desk  Tel: ")
    _ph(w, _phone(r, c.host), form="jp_desk")
    w.add(f"\n{' ' * 24}医師 ")
    _name(w, c.clin, "full", "jp_sender")
    w.add("\n\n患者氏名：")
    _name(w, c.p, ["native", "native_tight"], "jp_patient")
    w.add(" 様（")
    _name(w, c.p, ["family_upper_given", "airline", "upper"], "jp_patient_romaji")
    w.add("）　" + ("女性" if c.p.female else "男性") + "\n生年月日：")
    _date(w, c.dob, ["jp_era", "jp_era_abbr", "jp"], "jp_dob")
    w.add("（")
    _age(w, c.age, r.choice([str(c.age), _fullwidth(str(c.age))]), "jp_sai")
    w.add("歳）\n住所：")
    _addr_lines(w, c.addr, " ", "jp_letter")
    w.add("\n電話：")
    _ph(w, c.phone, form="jp_patient")
    w.add("\n旅券番号：")
    w.phi(c.passport, "natid", "natid:passport_jp:letter")
    w.add("　被保険者番号：")
    w.phi(c.plan[0], "plan", "plan:jp_koki:letter")
    if r.random() < 0.5:
        w.add("\n個人番号：")
        w.phi(c.natid[0], "natid", "natid:my_number:letter")
    w.add(f"\n\n傷病名：{dx}（")
    w.keep(icd, "icd10")
    w.add("）\n\n経過：")
    _date(w, c.onset, ["jp_md", "jp"], "jp_onset")
    w.add("、滞在先のホテルで発症し当院へ救急搬送。")
    _date(w, c.adm + timedelta(days=1), ["jp_md", "jp_era_abbr"], "jp_procedure")
    w.add(f"に{proc}を施行。その後の経過は良好です。\n")
    _labs(w, 3)
    w.add("\n今後の方針：")
    _date(w, c.dis, ["jp_md", "jp"], "jp_return")
    w.add("の帰国便（")
    w.keep(f"{r.choice(['JL', 'NH'])} {r.randint(1, 999)}", "flight_number")
    w.add("）にて帰国予定。到着後の継続加療をお願い申し上げます。\n")
    w.add("ご家族：" + _KIN_REL["ja"][c.kin_rel] + " ")
    _name(w, c.kin, ["native", "native_tight"], "jp_kin")
    w.add(" 様（")
    _ph(w, c.kin_phone, form="jp_kin")
    w.add("）\n\n--- English summary ---\n")
    w.add("Mrs " if c.p.female else "Mr ")
    _name(w, c.p, ["family_upper_given", "full"], "jp_english")
    w.add(", ")
    _age(w, c.age, str(c.age), "jp_english")
    w.add("F" if c.p.female else "M")
    w.add(f", ICD-10 {icd} treated here from ")
    _date(w, c.adm, ["d-Mon-Y", "dMonY"], "jp_english_adm")
    w.add(". Hospital no. ")
    w.phi(c.mrn, "mrn", "mrn:host:jp")
    w.add(".\n")


_RU_DX = {
    "S72.01": "Закрытый перелом шейки правой бедренной кости",
    "I21.4": "Острый инфаркт миокарда без подъёма сегмента ST",
    "N39.0": "Инфекция мочевыводящих путей, делирий",
    "I26.9": "Тромбоэмболия лёгочной артерии",
    "S06.5": "Травматическая субдуральная гематома",
    "K57.2": "Дивертикулит ободочной кишки с перфорацией",
    "I63.5": "Ишемический инсульт в бассейне левой СМА",
    "N17.9": "Острое почечное повреждение, дегидратация",
}


def _ru_extract(w: _W, c: _Case) -> None:
    """An inpatient record extract from the home hospital, Russian, with an English digest."""
    r = w.r
    w.add("ВЫПИСКА ИЗ МЕДИЦИНСКОЙ КАРТЫ СТАЦИОНАРНОГО БОЛЬНОГО № ")
    c.mrn = f"{_d(r, 4)}/{c.dis.year % 100}"
    w.phi(c.mrn, "mrn", "mrn:ru_card")
    w.add("\n" + r.choice(["ГБУЗ «ГКБ № 52 ДЗМ»", "СПб ГБУЗ «Городская больница № 26»"]))
    w.add("\n\nФИО: ")
    _name(w, c.p, "native", "ru_fio")
    w.add("\nДата рождения: ")
    _date(w, c.dob, ["dot", "ru"], "ru_dob")
    w.add(" г.   Возраст: ")
    _age(w, c.age, str(c.age), "ru_years")
    w.add(" " + _ru_years(c.age))
    w.add("\nПаспорт РФ: ")
    w.phi(c.natid[0], "natid", "natid:ru_internal_passport:extract")
    w.add(f", выдан {r.choice(['ОУФМС', 'ГУ МВД'])} ")
    _date(
        w,
        c.dob.replace(year=c.dob.year + 45 if c.dob.year + 45 < c.onset.year else c.onset.year - 2),
        ["dot"],
        "ru_passport_issued",
    )
    w.add("\nПолис ОМС: ")
    w.phi(c.plan[0], "plan", "plan:oms:extract")
    w.add("   СНИЛС: ")
    w.phi(_snils(r), "plan", "plan:snils:extract")
    w.add("\nАдрес: ")
    _addr_lines(w, c.addr, ", ", "ru_extract")
    w.add("\nТел.: ")
    _ph(w, c.phone, form="ru_patient")
    w.add("\n\nНаходилась на лечении с " if c.p.female else "\n\nНаходился на лечении с ")
    _date(w, c.adm + timedelta(days=4), ["dot", "ru"], "ru_from")
    w.add(" по ")
    _date(w, c.dis + timedelta(days=6), ["dot", "ru"], "ru_to")
    w.add(". Переведен(а) после лечения за рубежом (")
    w.add(c.hospital)
    w.add(", с ")
    _date(w, c.adm, ["dot", "dot2"], "ru_abroad")
    w.add(").\nДиагноз: ")
    w.add(_RU_DX[c.event[2]])
    w.add(" (")
    w.keep(c.event[2], "icd10")
    w.add(")\nАнализы: ")
    _labs(w, 3, comma=True)
    w.add("\nРекомендации: наблюдение терапевта по месту жительства.\n")
    w.add("Лечащий врач: ")
    fam, ini = r.choice(_RU_STAFF)
    w.phi(f"{fam} {ini}", "name", "name:ru_doctor:family_initials")
    w.add("   Зав. отделением: ")
    fam2, ini2 = r.choice([x for x in _RU_STAFF if x[0] != fam])
    w.phi(f"{ini2} {fam2}", "name", "name:ru_head:initials_family")
    w.add("\n\n--- Translation summary for the insurer ---\nPatient: ")
    _name(w, c.p, ["airline", "upper", "with_middle"], "ru_translation")
    w.add(", born ")
    _date(w, c.dob, ["dMonY", "dmy"], "ru_translation_dob")
    w.add(", international passport ")
    w.phi(c.passport, "natid", "natid:passport_ru:extract")
    w.add(". Relative: ")
    _name(w, c.kin, "native", "ru_kin")
    w.add(f" ({_KIN_REL['ru'][c.kin_rel]}), ")
    _ph(w, c.kin_phone, form="ru_kin")
    if c.age > 89 and r.random() < 0.5:
        w.add(". Patient is ")
        _age(w, c.age, _age_words(c.age), "ru_translation_words")
        w.add(" years old")
    w.add(".\n")


_PILGRIM_DOCS = (
    (
        ("Rahmat", "Hidayatullah"),
        ("Fitri", "Handayani"),
        ("Yudi", "Prasetyo"),
        ("Ratna", "Kusumawati"),
    ),
    (
        ("Nurul Huda", "Zakaria"),
        ("Faizal", "Rahim"),
        ("Suhaila", "Kamaruddin"),
        ("Jeyakumar", "Pillai"),
    ),
)


def _pilgrims(w: _W, c: _Case) -> None:
    """A pilgrims' health team daily roster, several travellers, no one subject."""
    r = w.r
    my = r.random() < 0.45
    day = c.adm
    if my:
        w.add("TABUNG HAJI - PASUKAN PERUBATAN, Maktab ")
        w.keep(str(r.randint(60, 99)), "maktab_number")
        w.add("\nLaporan Harian Kesihatan Jemaah\nTarikh: ")
        _date(w, day, "hijri_id", "pilgrim_header")
        w.add("H (")
        _date(w, day, ["ms", "dmy"], "pilgrim_header")
        w.add(")\n")
    else:
        w.add("TIM KESEHATAN HAJI INDONESIA - KLOTER ")
        w.keep(f"{r.choice(['SOC', 'JKG', 'SUB', 'UPG'])}-{r.randint(1, 99):02d}", "kloter_code")
        w.add(f"  Sektor {r.randint(1, 11)}\nLaporan Harian Kesehatan Jemaah\nTanggal: ")
        _date(w, day, ["hijri_id", "hijri_num"], "pilgrim_header")
        w.add(" H / ")
        _date(w, day, ["id", "dmy"], "pilgrim_header")
        w.add(" M\n")
    w.add("التاريخ: ")
    _date(w, day, "arabic", "pilgrim_header")
    w.add("\n\n")
    cols = (
        "No",
        "Nama Jemaah",
        "No. Paspor" if not my else "No. Pasport",
        "NIK" if not my else "No. K/P",
        "Umur",
        "Keluhan" if not my else "Aduan",
        "TD",
        "GDS",
        "Tindakan",
    )
    w.add(" | ".join(cols) + "\n")
    region = "my" if my else "id"
    for i, x in enumerate(_distinct(r, [region], "th", r.randint(4, 7), day)):
        if x.age < 55:
            x.age += 30
        w.add(f"{i + 1} | ")
        _name(w, x.p, ["upper", "full"], "pilgrim_row")
        w.add(" | ")
        w.phi(x.passport, "natid", f"natid:passport_{region}:pilgrim")
        w.add(" | ")
        w.phi(x.natid[0], "natid", f"natid:{x.natid[2]}:pilgrim")
        w.add(" | ")
        _age(w, x.age, str(x.age), "pilgrim_column")
        w.add(r.choice([" th", "", " thn"]) + " | ")
        w.add(
            r.choice(
                ["batuk, demam", "lemas, dehidrasi", "sesak napas", "lecet kaki", "pusing", "diare"]
            )
        )
        w.add(" | ")
        w.keep(f"{r.randint(95, 190)}/{r.randint(55, 105)}", "blood_pressure")
        w.add(" | ")
        w.keep(str(r.randint(72, 420)), "glucose_mgdl")
        w.add(" | ")
        w.add(r.choice(["obat oral", "infus RL", "rujuk KKHI", "observasi", "edukasi"]))
        w.add("\n")
    w.add("\nJemaah dirujuk: ")
    w.keep(str(r.randint(0, 3)), "referred_count")
    w.add(". Kontak tim: ")
    _ph(w, _phone(r, "sa"), form="pilgrim_team")
    w.add("\nDokter kloter: dr. " if not my else "\nPegawai perubatan: Dr. ")
    doc = r.choice(_PILGRIM_DOCS[1 if my else 0])
    _name(w, _P(doc[0], doc[1]), "full", "pilgrim_doctor")
    lab, num, form = _doc_licence(r, "my" if my else "id")
    w.add(f", {lab}")
    w.phi(num, "license", f"license:{form}:pilgrim")
    w.add("\n")


# air ambulance request tree: ("S", segs, quoted) | ("M", [(key, node)]) | ("L", [node])
_Node = tuple


def _s(*segs: _Seg, quoted: bool = True) -> _Node:
    return ("S", list(segs), quoted)


def _tree_yaml(w: _W, node: _Node, indent: int) -> None:
    kind = node[0]
    for key, val in node[1]:
        w.add(" " * indent + f"{key}:")
        if val[0] == "S":
            w.add(" ")
            q = val[2] and any(ch in "".join(t for t, _, _ in val[1]) for ch in ":#")
            w.add('"' if q else "")
            _emit(w, val[1])
            w.add('"\n' if q else "\n")
        elif val[0] == "M":
            w.add("\n")
            _tree_yaml(w, val, indent + 2)
        else:
            w.add("\n")
            for item in val[1]:
                first = True
                for k2, v2 in item[1]:
                    w.add(" " * (indent + 2) + ("- " if first else "  ") + f"{k2}: ")
                    _emit(w, v2[1])
                    w.add("\n")
                    first = False
    del kind


def _tree_json(w: _W, node: _Node, indent: int) -> None:
    if node[0] == "S":
        w.add('"' if node[2] else "")
        _emit(w, node[1])
        w.add('"' if node[2] else "")
        return
    opener, closer = ("{", "}") if node[0] == "M" else ("[", "]")
    w.add(opener + "\n")
    items = node[1]
    for i, item in enumerate(items):
        w.add(" " * (indent + 2))
        if node[0] == "M":
            w.add(f'"{item[0]}": ')
            _tree_json(w, item[1], indent + 2)
        else:
            _tree_json(w, item, indent + 2)
        w.add(",\n" if i < len(items) - 1 else "\n")
    w.add(" " * indent + closer)


def _air_ambulance(w: _W, c: _Case) -> None:
    """An air ambulance mission request as the booking system exports it."""
    r = w.r
    lab, num, form = _doc_licence(r, r.choice(["de", "ch", "uk"]))
    crew_doc, crew_nurse = _staff(r), _staff(r)
    dest_doc = _staff(r)
    t0 = c.dis - timedelta(days=2)
    tree: _Node = (
        "M",
        [
            (
                "mission",
                (
                    "M",
                    [
                        (
                            "ref",
                            _s(
                                (
                                    f"AA-{t0.year % 100}{t0.month:02d}-{r.randint(100, 999)}",
                                    "account",
                                    "account:mission_ref:air",
                                )
                            ),
                        ),
                        ("assistance_case", _s((c.case_ref, "account", "account:case:air"))),
                        ("type", _s((r.choice(["bed-to-bed", "airport-to-airport"]), "", ""))),
                        (
                            "aircraft",
                            _s(
                                (
                                    r.choice(["Learjet 45", "Challenger 604", "King Air 350"]),
                                    "",
                                    "",
                                ),
                                (" ", "", ""),
                                (
                                    r.choice(["D-CXAA", "HB-JRB", "OE-GMA", "G-MEDX"]),
                                    "~",
                                    "aircraft_registration",
                                ),
                            ),
                        ),
                        (
                            "window",
                            _s(
                                (
                                    f"{c.dis.isoformat()}/"
                                    f"{(c.dis + timedelta(days=1)).isoformat()}",
                                    "date",
                                    "date:range_iso:air_window",
                                )
                            ),
                        ),
                    ],
                ),
            ),
            (
                "patient",
                (
                    "M",
                    [
                        (
                            "name",
                            _s(
                                (
                                    _name_text(c.p, "last_first_mixed"),
                                    "name",
                                    "name:air_patient:last_first_mixed",
                                )
                            ),
                        ),
                        ("dob", _s((c.dob.isoformat(), "date", "date:iso:air_dob"))),
                        (
                            "age",
                            _s(
                                (
                                    str(c.age),
                                    "age" if c.age > 89 else "~",
                                    "age:air_field" if c.age > 89 else "age<=89:air_field",
                                ),
                                quoted=False,
                            ),
                        ),
                        (
                            "weight_kg",
                            _s((str(r.randint(41, 118)), "~", "body_weight"), quoted=False),
                        ),
                        ("passport", _s((c.passport, "natid", f"natid:passport_{c.region}:air"))),
                        ("nationality", _s((_iso2(c.region), "", ""))),
                        ("diagnosis", _s((c.event[2], "~", "icd10"), (f" {c.event[1]}", "", ""))),
                        ("oxygen", _s((f"{r.choice([0, 1, 2, 4])} l/min", "~", "oxygen_flow"))),
                        (
                            "mobility",
                            _s((r.choice(["stretcher", "seated with assistance"]), "", "")),
                        ),
                    ],
                ),
            ),
            (
                "origin",
                (
                    "M",
                    [
                        ("facility", _s((c.hospital, "", ""))),
                        ("patient_id", _s((c.mrn, "mrn", "mrn:host:air"))),
                        (
                            "contact",
                            _s(
                                (
                                    _name_text(c.coord, "given"),
                                    "name",
                                    "name:air_origin_contact:given",
                                ),
                                (" ", "", ""),
                                (_phone(r, c.host)[0], "phone", "phone:air_origin"),
                            ),
                        ),
                    ],
                ),
            ),
            (
                "destination",
                (
                    "M",
                    [
                        (
                            "accepting_physician",
                            _s(
                                ("Dr. ", "", ""),
                                (dest_doc.full(), "name", "name:air_accepting:full"),
                            ),
                        ),
                        ("phone", _s((_phone(r, c.region)[0], "phone", "phone:air_destination"))),
                        (
                            "home_address",
                            _s((c.addr.street, "address", f"address:street:{c.region}:air")),
                        ),
                    ],
                ),
            ),
            (
                "escort",
                (
                    "M",
                    [
                        ("name", _s((_name_text(c.kin, "full"), "name", "name:air_escort:full"))),
                        ("relation", _s((c.kin_rel, "", ""))),
                        (
                            "mobile",
                            _s((c.kin_phone[0], "phone", f"phone:{c.kin_phone[1]}:air_escort")),
                        ),
                        (
                            "passport",
                            _s(
                                (
                                    _passport(r, c.region),
                                    "natid",
                                    f"natid:passport_{c.region}:air_escort",
                                )
                            ),
                        ),
                    ],
                ),
            ),
            (
                "crew",
                (
                    "L",
                    [
                        (
                            "M",
                            [
                                ("role", _s(("flight physician", "", ""))),
                                ("name", _s((crew_doc.full(), "name", "name:air_crew:full"))),
                                (
                                    "registration",
                                    _s(
                                        (lab.strip(), "", ""),
                                        (" ", "", ""),
                                        (num, "license", f"license:{form}:air"),
                                    ),
                                ),
                            ],
                        ),
                        (
                            "M",
                            [
                                ("role", _s(("flight nurse", "", ""))),
                                ("name", _s((crew_nurse.full(), "name", "name:air_crew:full"))),
                            ],
                        ),
                    ],
                ),
            ),
            (
                "billing",
                (
                    "M",
                    [
                        ("policy", _s((c.policy, "plan", "plan:travel_policy:air"))),
                        ("guarantee", _s((c.gop, "account", "account:gop:air"))),
                        ("ops_email", _s(("ops@airamb-example.eu", "", ""))),
                    ],
                ),
            ),
        ],
    )
    if r.random() < 0.5:
        w.add("# mission request - exported ")
        _date(w, t0, "iso", "air_export")
        w.add(f"T{_tm(r, True)}Z\n")
        _tree_yaml(w, tree, 0)
    else:
        w.add('{"exported": "')
        _date(w, t0, "iso", "air_export")
        w.add(f'T{_tm(r, True)}Z", "request": ')
        _tree_json(w, tree, 0)
        w.add("}\n")


def _teleconsult(w: _W, c: _Case) -> None:
    """A video-visit platform's audit log for a patient calling from abroad (logfmt)."""
    r = w.r
    off = r.choice(["-05:00", "-04:00", "+00:00", "-08:00", "+01:00"])
    day = c.onset + timedelta(days=1)
    sid = _hex(r, 8)
    host = r.choice(["tele", "visit", "care"])
    room = f"https://{host}.example-health.com/r/{sid[:4]}-{sid[4:]}-{r.randint(10, 99)}"
    clin = _staff(r)

    secs = [r.randint(6 * 3600, 20 * 3600)]

    def ts() -> None:
        secs[0] += r.randint(2, 400)
        hh, rest = divmod(secs[0], 3600)
        w.add("ts=")
        _date(w, day, "iso", "audit_ts")
        w.add(f"T{hh:02d}:{rest // 60:02d}:{rest % 60:02d}{off} ")

    w.add("# tele-visit audit export  tenant=")
    w.add(r.choice(["northshore-primary", "lakeside-family-med", "harbour-gp"]))
    w.add("  patient_mrn=")
    w.phi(c.mrn, "mrn", "mrn:home_practice:audit")
    w.add("\n")
    ts()
    w.add(f"level=info event=session_created session=ts_{sid} room_url=")
    w.phi(room, "url", "url:video_room")
    w.add("\n")
    ts()
    w.add('level=info event=participant_join role=patient name="')
    _name(w, c.p, ["full", "last_first_mixed", "lower"], "audit_patient")
    w.add('" email=')
    w.phi(c.email, "email", "email:patient:audit")
    w.add(" ip=")
    w.phi(_ipv4(r) if r.random() < 0.6 else _ipv6(r), "ip", "ip:patient_client")
    w.add(
        ' client="'
        + r.choice(["iOS 16.3 app 4.12.0", "Android 13 app 4.11.2", "Chrome 121 / Windows"])
        + '"\n'
    )
    ts()
    w.add('level=info event=participant_join role=clinician name="Dr. ')
    _name(w, clin, "full", "audit_clinician")
    lab, num, form = _doc_licence(r, c.region)
    w.add(f'" {lab.strip().lower().replace(" ", "_").replace(".", "").replace("#", "")}=')
    w.phi(num, "license", f"license:{form}:audit")
    w.add(" ip=")
    w.phi(_ipv4(r), "ip", "ip:clinician_client")
    w.add("\n")
    ts()
    w.add("level=info event=identity_check dob=")
    _date(w, c.dob, ["iso", "us0", "dmy"], "audit_identity")
    w.add(" member_id=")
    w.phi(c.plan[0].replace(" ", ""), "plan", f"plan:{c.plan[1]}:audit")
    if c.natid[1] == "ssn":
        w.add(" ssn_last4=")
        last4 = re.sub(r"\D", "", c.natid[0])[-4:]
        w.phi(last4, "ssn", "ssn:last4:audit")
    w.add(" result=pass\n")
    ts()
    w.add('level=info event=note author=clinician text="')
    if c.age > 89 and r.random() < 0.4:
        _age(w, c.age, _age_words(c.age).capitalize(), "audit_words")
        w.add("-year-old ")
    else:
        _age(w, c.age, str(c.age), "audit_yo")
        w.add(" y/o ")
    w.add(("F" if c.p.female else "M") + f" travelling abroad, {c.event[0]} on ")
    _date(w, c.onset, ["md", "ord_short", "us2"], "audit_onset")
    w.add(f", history per {_KIN_REL['en'][c.kin_rel]} ")
    _name(w, c.kin, ["given", "nick", "full"], "audit_kin")
    w.add(" (")
    _ph(w, c.kin_phone, form="audit_kin")
    w.add(f"). {c.event[1].capitalize()} suspected. ")
    dev = c.serial
    w.add("Has implanted device, serial ")
    w.phi(dev[0], "serial", f"serial:{dev[1]}:audit_note")
    w.add(". Advised ER; script faxed to local pharmacy ")
    _ph(w, _phone(r, c.host), "fax", "audit_pharmacy")
    w.add('."\n')
    ts()
    w.add("level=info event=device_upload kind=remote_monitor serial=")
    w.phi(dev[0].replace(" ", ""), "serial", f"serial:{dev[1]}:audit_upload")
    w.add(" battery=")
    w.keep(f"{r.randint(40, 99)}%", "battery")
    w.add(" episodes=")
    w.keep(str(r.randint(0, 12)), "episodes")
    w.add("\n")
    ts()
    w.add(f"level=info event=session_end session=ts_{sid} duration_s=")
    w.keep(str(r.randint(300, 2400)), "duration_seconds")
    w.add("\n")


def _ooc_claim(w: _W, c: _Case) -> None:
    """A provincial out-of-country hospital claim form, bilingual, as scanned text."""
    r = w.r
    us_hosp = r.choice(
        [
            "Gulf Coast Regional Medical Center",
            "Desert Palms Medical Center",
            "Sun Valley Community Hospital",
        ]
    )
    w.add(
        "OUT-OF-COUNTRY INPATIENT CLAIM / DEMANDE DE REMBOURSEMENT - "
        "SERVICES HOSPITALIERS HORS DU PAYS\n"
    )
    w.add(f"Form {r.randint(1000, 4999)}-{r.choice(['52', '87'])}E/F\n\n")
    w.add("SECTION 1 - PATIENT\nHealth card no. / No d'assurance maladie : ")
    w.phi(c.plan[0], "plan", f"plan:{c.plan[1]}:ooc")
    w.add("\nSurname / Nom : ")
    w.phi((c.p.family or c.p.given).upper(), "name", "name:ooc_surname:family_upper")
    w.add("      Given name / Prénom : ")
    w.phi(c.p.given, "name", "name:ooc_given:given")
    w.add("\nDate of birth / Date de naissance (YYYY-MM-DD) : ")
    _date(w, c.dob, "iso", "ooc_dob")
    w.add("\nAddress / Adresse : ")
    _addr_lines(w, c.addr, ", ", "ooc")
    w.add("\nTelephone / Téléphone : ")
    _ph(w, c.phone, form="ooc")
    w.add("\nDate of departure from Canada / Date de départ du Canada : ")
    _date(w, c.onset - timedelta(days=r.randint(20, 110)), "iso", "ooc_departure")
    w.add("\nDate of return / Date de retour : ")
    _date(w, c.dis + timedelta(days=r.randint(1, 40)), "iso", "ooc_return")
    w.add("\n\nSECTION 2 - HOSPITAL (to be completed by the hospital)\nHospital : ")
    w.add(us_hosp)
    w.add("\nPatient account no. : ")
    w.phi(_d(r, 11), "account", "account:hospital_account:ooc")
    w.add("     MRN : ")
    w.phi(c.mrn, "mrn", "mrn:host:ooc")
    w.add("\nAdmission : ")
    us = r.choice(["us0", "us", "us2"])
    _date(w, c.adm, us, "ooc_admission")
    w.add("     Discharge : ")
    _date(w, c.dis, us, "ooc_discharge")
    w.add(f"\nDiagnosis : {c.event[1]}  ICD-10-CM ")
    w.keep(c.event[2], "icd10")
    w.add("\nAttending physician : ")
    _name(w, _staff(r), ["full", "last_first_mixed"], "ooc_attending")
    w.add(", MD  NPI ")
    w.phi(_npi(r), "license", "license:npi:ooc")
    w.add("\nTotal billed (USD) : ")
    _money(w, "USD", 80, 2600, "total_billed")
    w.add("\n\nSECTION 3 - OTHER COVERAGE / AUTRE ASSURANCE\nTravel insurer policy no. : ")
    w.phi(c.policy, "plan", "plan:travel_policy:ooc")
    w.add("   Claim no. : ")
    w.phi(f"OOC-{c.dis.year}-{_d(r, 6)}", "account", "account:claim:ooc")
    w.add("\nVehicle in the U.S. (motorhome) plate : ")
    plate = _plate(r, "ca")
    w.phi(plate[0], "plate", f"plate:{plate[1]}:ooc")
    w.add("   Driver's licence : ")
    dl = _driving(r, c.p, "ca", c.dob)
    w.phi(dl[0], "license", f"license:driving_{dl[1]}:ooc")
    w.add("\n\nSECTION 4 - DECLARATION\nSocial insurance no. (for direct deposit) : ")
    w.phi(c.natid[0], "natid", "natid:sin:ooc")
    w.add("\nSignature of patient or representative : ")
    _name(w, c.kin, ["full", "lower"], "ooc_signature")
    w.add(f" ({_KIN_REL['fr' if c.addr.state == 'QC' else 'en'][c.kin_rel]})   Date : ")
    _date(w, c.dis + timedelta(days=r.randint(10, 60)), ["iso", "dmy", "long_us"], "ooc_signed")
    w.add("\n")
    if c.age > 89:
        w.add("Note: patient is ")
        text, unit = r.choice(
            [
                (str(c.age), " yrs old"),
                (_age_words(c.age, "fr"), " ans"),
                (_age_words(c.age), " years of age"),
            ]
        )
        _age(w, c.age, text, "ooc_note")
        w.add(unit + "; signed by representative.\n")


_VACCINES = (
    ("Yellow fever", "Stamaril", True),
    ("Typhoid Vi", "Typhim Vi", False),
    ("Hepatitis A", "Havrix 1440", False),
    ("Rabies (PrEP 1/2)", "Verorab", False),
    ("Japanese encephalitis", "Ixiaro", False),
    ("Meningococcal ACWY", "Nimenrix", False),
)


def _travel_clinic(w: _W, c: _Case) -> None:
    """A pre-travel consultation record followed by the vaccination certificate page."""
    r = w.r
    depart = c.onset + timedelta(days=r.randint(10, 40))
    ret = depart + timedelta(days=r.randint(8, 35))
    visit = c.onset
    clin = _staff(r)
    lab, num, form = _doc_licence(r, c.region)
    if c.region == "us":
        num_st, long_st = r.choice(["us0", "us"]), r.choice(["long_us", "Mon_d_Y"])
    elif c.region == "de":
        num_st, long_st = r.choice(["dot", "dot1"]), "de"
    else:
        num_st, long_st = (
            r.choice(["dmy", "dash", "dmy1"]),
            r.choice(["long_uk", "ord_uk", "dMonY"]),
        )
    w.add("TRAVEL HEALTH CLINIC - PRE-TRAVEL CONSULTATION\nSeen: ")
    _date(w, visit, [num_st, long_st], "tc_visit")
    w.add("   Clinician: ")
    _name(w, clin, ["full", "initial"], "tc_clinician")
    w.add("\n\nTraveller: ")
    _name(
        w,
        c.p,
        ["full", "last_first", "indian"] if c.region == "in" else ["full", "last_first"],
        "tc_traveller",
    )
    w.add("   DOB ")
    _date(w, c.dob, num_st, "tc_dob")
    w.add("   (")
    if c.age > 89 and r.random() < 0.5:
        _age(w, c.age, _age_words(c.age), "tc_words")
        w.add(" years")
    else:
        w.add("age ")
        _age(w, c.age, str(c.age), "tc_age")
    w.add(")\n")
    if c.region == "in" and r.random() < 0.6:
        w.add("ID seen: Aadhaar XXXX XXXX ")
        w.phi(re.sub(r"\D", "", c.natid[0])[-4:], "natid", "natid:aadhaar_last4:tc")
        w.add(", passport ")
    else:
        label = {"ssn": "SSN", "natid": "National ID"}[c.natid[1]]
        w.add(f"{label}: ")
        w.phi(c.natid[0], c.natid[1], f"{c.natid[1]}:{c.natid[2]}:tc")
        w.add("   passport ")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}:tc")
    w.add("\nContact: ")
    _ph(w, c.phone, form="tc_traveller")
    w.add(" / ")
    w.phi(c.email, "email", "email:traveller:tc")
    w.add("\nItinerary: ")
    w.add(
        r.choice(
            [
                "Kenya and Tanzania (safari, Zanzibar)",
                "Peru (Cusco, Amazon lodge)",
                "Ghana (family visit)",
                "Brazil (Pantanal)",
                "Uganda (gorilla trek)",
            ]
        )
    )
    w.add(", departing ")
    _date(w, depart, [num_st, long_st], "tc_depart")
    w.add(", back ")
    _date(w, ret, [num_st, long_st, "the_ord"], "tc_return")
    w.add(".\nRisk review: age over ")
    w.keep("60", "age<=89:yf_threshold")
    w.add(" - discussed YEL-AVD/AND risk; thymus disease no; ")
    _lab(w, "bp")
    w.add(". Meds: ")
    w.keep(r.choice(["amlodipine 5 mg", "levothyroxine 75 mcg", "atorvastatin 20 mg"]), "home_med")
    w.add(".\nMalaria: atovaquone-proguanil ")
    w.keep("250/100 mg", "dose")
    w.add(" 1 tab daily, start 1 day before, continue 7 days after.\n\nGiven today:\n")
    given = r.sample(_VACCINES, 3)
    if not any(v[2] for v in given):
        given[0] = _VACCINES[0]
    for name, brand, _yf in given:
        w.add(f"  - {name} ({brand}) lot ")
        w.keep(f"{_up(r, 1)}{_d(r, 4)}{_up(r, 2)}", "vaccine_lot")
        w.add(", ")
        w.keep(r.choice(["0.5 mL", "1 mL"]), "dose")
        w.add(r.choice([" IM L deltoid\n", " SC R arm\n", " IM R deltoid\n"]))
    w.add("\n---- INTERNATIONAL CERTIFICATE OF VACCINATION OR PROPHYLAXIS ----\n")
    w.add("---- CERTIFICAT INTERNATIONAL DE VACCINATION OU DE PROPHYLAXIE ----\n")
    w.add("This is to certify that [name] / Nous certifions que [nom] ")
    _name(w, c.p, ["family_upper_given", "upper"], "icvp")
    w.add("\ndate of birth / né(e) le ")
    _date(w, c.dob, ["DD_MON_YYYY", "dmy"], "icvp_dob")
    w.add("   sex / sexe " + ("F" if c.p.female else "M"))
    w.add(f"   nationality / nationalité {_iso2(c.region)}\n")
    w.add("national identification document, if applicable / document d'identification national ")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}:icvp")
    w.add(
        "\nhas on the date indicated been vaccinated against / a été vacciné(e) à la date indiquée "
        "contre: YELLOW FEVER / FIÈVRE JAUNE\n\n"
    )
    w.add(
        "Date | Signature and professional status of supervising clinician | Manufacturer and "
        "batch no. | Valid from ... until | Official stamp\n"
    )
    _date(w, visit, ["DD_MON_YYYY", "dmy", "d-Mon-Y"], "icvp_given")
    w.add(" | Dr ")
    _name(w, clin, ["initial", "full"], "icvp_signature")
    w.add(f", {lab}")
    w.phi(num, "license", f"license:{form}:icvp")
    w.add(" | Sanofi ")
    w.keep(f"{_up(r, 1)}{_d(r, 4)}{_up(r, 2)}", "vaccine_lot")
    w.add(" | ")
    _date(w, visit + timedelta(days=10), ["DD_MON_YYYY", "dmy", "d-Mon-Y"], "icvp_valid_from")
    w.add(" - life of person | YF centre no. ")
    w.keep(str(r.randint(100, 9999)), "yf_centre_number")
    w.add("\n")


def _repatriation(w: _W, c: _Case) -> None:
    """A consulate's letter about returning a deceased national's remains home."""
    r = w.r
    it = c.region == "it"
    death = c.dis
    flight = death + timedelta(days=r.randint(3, 9))
    consul = _staff(r)
    born = (
        c.addr.city
        if r.random() < 0.6
        else r.choice(
            ["Caserta", "Avellino", "Salerno"]
            if it
            else ["Caruaru", "Campina Grande", "Juiz de Fora"]
        )
    )
    f = c.p.female
    if it:
        w.add("CONSOLATO GENERALE D'ITALIA - Ufficio Assistenza Connazionali\nProt. n. ")
        w.phi(f"{r.randint(100, 9999)}/{death.year}", "account", "account:protocol:consulate")
        w.add("\n" + " " * 44)
        _date(w, flight - timedelta(days=2), ["it", "dmy"], "consulate_letter")
        w.add("\n\nOggetto: rimpatrio della salma " + ("della Sig.ra " if f else "del Sig. "))
        _name(w, c.p, "full", "consulate_subject")
        w.add("\n\nSi attesta che " + ("la Sig.ra " if f else "il Sig. "))
        _name(w, c.p, ["family_upper_given", "full", "upper"], "consulate_body")
        w.add(", nat" + ("a" if f else "o") + " a ")
        w.phi(born, "address", "address:birthplace:it")
        w.add(" il ")
        _date(w, c.dob, ["it", "dmy"], "consulate_dob")
        w.add(", codice fiscale ")
        w.phi(c.natid[0], "natid", "natid:codice_fiscale:consulate")
        w.add(", titolare del passaporto n. ")
        w.phi(c.passport, "natid", "natid:passport_it:consulate")
        w.add(", residente in ")
        _addr_lines(w, c.addr, ", ", "consulate")
        w.add(", è decedut" + ("a" if f else "o") + " il ")
        _date(w, death, ["it", "dmy"], "consulate_death")
        w.add(f" presso {c.hospital}, all'età di ")
        if c.age > 89 and r.random() < 0.4:
            _age(w, c.age, _age_words(c.age, "it"), "consulate_words_it")
        else:
            _age(w, c.age, str(c.age), "consulate_eta")
        w.add(" anni.\nLa salma, in cassa zincata (sigillo n. ")
        w.keep(_d(r, 6), "coffin_seal")
        w.add("), sarà trasportata con il volo ")
        w.keep(f"{_up(r, 2)} {r.randint(100, 999)}", "flight_number")
        w.add(" del ")
        _date(w, flight, ["it", "dmy"], "consulate_flight")
        w.add(".\nFamiliare di riferimento: " + _KIN_REL["it"][c.kin_rel] + " ")
        _name(w, c.kin, "full", "consulate_kin")
        w.add(", cell. ")
        _ph(w, c.kin_phone, form="consulate_kin")
        w.add(", e-mail ")
        w.phi(c.kin_email, "email", "email:kin:consulate")
        w.add("\n\nIl Console\n")
        _name(w, consul, "full", "consulate_consul")
        w.add("\n")
        return
    w.add("CONSULADO-GERAL DO BRASIL - Setor de Assistência a Brasileiros\nOfício nº ")
    w.phi(f"{r.randint(10, 999)}/{death.year}", "account", "account:oficio:consulate")
    w.add("\n" + " " * 44)
    _date(w, flight - timedelta(days=2), ["pt", "dmy"], "consulate_letter")
    w.add("\n\nAssunto: Traslado de restos mortais - " + ("Sra. " if f else "Sr. "))
    _name(w, c.p, "full", "consulate_subject")
    w.add("\n\nCertificamos que " + ("a Sra. " if f else "o Sr. "))
    _name(w, c.p, ["full", "upper"], "consulate_body")
    w.add(", nascid" + ("a" if f else "o") + " em ")
    w.phi(born, "address", "address:birthplace:br")
    w.add(" em ")
    _date(w, c.dob, ["pt", "dmy"], "consulate_dob")
    w.add(", portador" + ("a" if f else "") + " do passaporte nº ")
    w.phi(c.passport, "natid", "natid:passport_br:consulate")
    w.add(" e do CPF ")
    w.phi(c.natid[0], "natid", "natid:cpf:consulate")
    w.add(", residente em ")
    _addr_lines(w, c.addr, ", ", "consulate")
    w.add(", faleceu em ")
    _date(w, death, ["pt", "dmy"], "consulate_death")
    w.add(f" ({c.hospital}), aos ")
    if c.age > 89 and r.random() < 0.5:
        _age(w, c.age, _age_words(c.age, "pt"), "consulate_words_pt")
    else:
        _age(w, c.age, str(c.age), "consulate_anos")
    w.add(" anos de idade.\nO traslado será realizado no voo ")
    w.keep(f"{_up(r, 2)} {r.randint(100, 9999)}", "flight_number")
    w.add(" de ")
    _date(w, flight, ["dmy", "pt_abbr"], "consulate_flight")
    w.add(".\nFamiliar responsável: " + _KIN_REL["pt"][c.kin_rel] + " ")
    _name(w, c.kin, "full", "consulate_kin")
    w.add(", tel. ")
    _ph(w, c.kin_phone, form="consulate_kin")
    w.add(", e-mail ")
    w.phi(c.kin_email, "email", "email:kin:consulate")
    w.add("\n\n")
    _name(w, consul, "full", "consulate_consul")
    w.add("\nCônsul-Adjunto\n")


def _pcr_cert(w: _W, c: _Case) -> None:
    """A laboratory's travel test certificate, bilingual, with a verification link."""
    r = w.r
    es = c.host in ("es", "mx") or r.random() < 0.3
    taken = c.onset - timedelta(days=r.randint(1, 3))
    uid = f"{_hex(r, 8)}-{_hex(r, 4)}-4{_hex(r, 3)}-{r.choice('89ab')}{_hex(r, 3)}-{_hex(r, 12)}"

    def lbl(en: str, sp: str) -> None:
        w.add(f"{en} / {sp}: " if es else f"{en}: ")

    w.add("SARS-CoV-2 RT-PCR TEST CERTIFICATE" + (" / CERTIFICADO DE PRUEBA" if es else "") + "\n")
    w.add(r.choice(["Lab Diagnóstico Central", "Medilab Travel Testing", "Biolab Express"]))
    w.add("   CLIA ")
    w.keep(f"{_d(r, 2)}D{_d(r, 7)}", "clia_number")
    w.add("   ISO 15189 accredited\n\n")
    lbl("Name", "Nombre")
    _name(w, c.p, ["upper", "last_first", "full"], "pcr_name")
    w.add("\n")
    st = r.choice(["dmy", "iso", "us0", "d-Mon-Y", "dot"])
    lbl("Date of birth", "Fecha de nacimiento")
    _date(w, c.dob, st, "pcr_dob")
    w.add("    ")
    lbl("Sex", "Sexo")
    w.add(("F" if c.p.female else "M") + "\n")
    lbl("Passport", "Pasaporte")
    w.phi(c.passport, "natid", f"natid:passport_{c.region}:pcr")
    w.add("\n")
    lbl("Sample ID", "ID de muestra")
    w.phi(f"PCR-{taken:%y%m}-{_d(r, 6)}", "accession", "accession:sample:pcr")
    w.add("\n")
    lbl("Collected", "Toma de muestra")
    _date(w, taken, st, "pcr_collected")
    w.add(f" {_tm(r)} (UTC{r.choice(['+7', '+1', '-5', '+4', '+2'])})\n")
    lbl("Reported", "Informe")
    _date(w, taken + timedelta(days=1), st, "pcr_reported")
    w.add(f" {_tm(r)}\n")
    lbl("Specimen", "Muestra")
    w.add("nasopharyngeal swab\n")
    lbl("Result", "Resultado")
    w.add("NOT DETECTED" + (" / NO DETECTADO" if es else "") + "  (ORF1ab Ct ")
    w.keep(">40", "ct_value")
    w.add(", N gene Ct ")
    w.keep(">40", "ct_value")
    w.add(", RNase P Ct ")
    w.keep(_num(r.uniform(22, 31), 1, False), "ct_value")
    w.add(")\n")
    lbl("Verify", "Verificar")
    w.phi(
        f"https://verify.{r.choice(['labcert', 'travelpass'])}-example.org/c/{uid}",
        "url",
        "url:certificate_verify",
    )
    w.add("\n")
    lbl("Contact", "Contacto")
    _ph(w, c.phone, form="pcr_traveller")
    w.add("  ")
    w.phi(c.email, "email", "email:traveller:pcr")
    w.add("\nAuthorised by: ")
    _name(w, _staff(r), "full", "pcr_authoriser")
    lab, num, form = _doc_licence(r, r.choice(["us", "uk", "th"]))
    w.add(f", {lab}")
    w.phi(num, "license", f"license:{form}:pcr")
    w.add("\n")


def _handover(w: _W, c: _Case) -> None:
    """A night desk's handover e-mail listing several open files, no one subject."""
    r = w.r
    day = c.adm
    w.add("From: night.desk@assist-example.eu\nTo: day.desk@assist-example.eu\nDate: ")
    w.add(_LINE_WD and ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.weekday()] + ", ")
    _date(w, day, "dMonY", "handover_header")
    w.add(f" 0{r.randint(5, 7)}:{r.randint(0, 59):02d} +0100\nSubject: Night handover ")
    _date(w, day, ["dm", "dm_dot", "air_dm"], "handover_subject")
    n = r.randint(3, 5)
    w.add(f" - {n} open files\n\nMorning all, open files below.\n\n")
    for i in range(n):
        region = r.choice(["it", "de", "uk", "us", "in", "jp", "br", "ie", "ch", "my"])
        host = r.choice(["th", "es", "gr", "ae", "mx", "at"])
        x = _case(r, region, host, day)
        w.add(f"{i + 1}) ")
        w.phi(x.case_ref, "account", "account:case:handover")
        w.add(" - ")
        _name(w, x.p, ["family_upper_given", "last_first", "initial"], "handover")
        w.add(" (")
        _age(w, x.age, str(x.age), "handover_compact")
        w.add(("F" if x.p.female else "M") + f", {_iso2(region)}) - {x.event[1]}, {x.hospital}. ")
        k = r.randrange(4)
        if k == 0:
            w.add("GOP sent (")
            w.phi(x.gop, "account", "account:gop:handover")
            w.add("), awaiting invoice.")
        elif k == 1:
            w.add(f"{_KIN_REL['en'][x.kin_rel].capitalize()} ")
            _name(w, x.kin, ["given", "nick"], "handover_kin")
            w.add(" calls every 2 h: ")
            _ph(w, x.kin_phone, form="handover_kin")
            w.add(".")
        elif k == 2:
            w.add("Admitted ")
            _date(w, x.adm, ["dm", "air_dm", "dm_dot"], "handover_admitted")
            w.add(", hosp. no. ")
            w.phi(x.mrn, "mrn", "mrn:host:handover")
            w.add(", report requested.")
        else:
            w.add("Fit to fly ")
            _date(w, x.dis, ["dm", "air_dm", "ord_short"], "handover_fly")
            w.add(", policy ")
            w.phi(x.policy, "plan", "plan:travel_policy:handover")
            w.add(" limit check pending.")
        w.add("\n")
    w.add("\nNothing else overnight. Call me on ")
    _ph(w, _phone(r, r.choice(["de", "uk", "ch"])), form="handover_signoff")
    w.add(" if anything's unclear.\n")
    _name(w, c.agent, ["given", "initial"], "handover_signoff")
    w.add("\n")


# the order cycles through the list; the regions are the subject's, the hosts where care was
_ALL = ("us", "ca", "uk", "ie", "de", "ch", "it", "br", "in", "jp", "ru", "id", "my")
_ABROAD = ("th", "es", "gr", "ae", "mx", "at")
_DOCS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], Callable[[_W, _Case], None]], ...] = (
    ("ops_log", _ALL, _ABROAD, _ops_log),
    ("gop_fax", _ALL, _ABROAD, _gop_fax),
    ("chat", ("it", "de", "ch", "br", "ru", "id", "in", "jp"), _ABROAD, _chat),
    ("medif", _ALL, _ABROAD, _medif),
    ("sick_call", _ALL, ("es",), _infirmary),
    (
        "mountain_letter",
        ("de", "ch", "it", "uk", "us", "ca", "ie", "jp", "ru"),
        ("at",),
        _ski_letter,
    ),
    ("th_summary", ("ru", "in", "uk", "de", "my", "jp", "ie", "us", "ch"), ("th",), _th_summary),
    ("jp_referral", ("jp",), ("th", "es", "gr", "ae", "mx"), _jp_letter),
    ("ru_extract", ("ru",), ("th", "ae", "es", "gr"), _ru_extract),
    ("pilgrims", ("id", "my"), ("th",), _pilgrims),
    ("air_ambulance", _ALL, _ABROAD, _air_ambulance),
    ("tele_audit", ("us", "us", "ca", "uk", "ie"), ("mx", "es", "gr", "th"), _teleconsult),
    ("ooc_claim", ("ca",), ("mx",), _ooc_claim),
    ("travel_clinic", ("in", "br", "uk", "it", "de", "ie", "us", "us"), ("th",), _travel_clinic),
    ("repatriation", ("it", "br"), _ABROAD, _repatriation),
    ("test_certificate", _ALL, _ABROAD, _pcr_cert),
    ("night_handover", _ALL, _ABROAD, _handover),
)
_NO_SUBJECT = {"sick_call", "pilgrims", "night_handover"}


def _context(r: random.Random, c: _Case, doc: str) -> dict[str, object]:
    """The subject's row as the notes step would get it (about a quarter have none)."""
    if doc in _NO_SUBJECT or r.random() < 0.1:
        return {}
    ctx: dict[str, object] = {
        "first_name": c.p.given,
        "last_name": c.p.family or c.p.given,
        "mrn": c.mrn,
        "birth_date": c.dob.isoformat(),
    }
    if r.random() < 0.5:
        ctx.update({"phone": c.phone[0], "city": c.addr.city, "zip": c.addr.zip})
        if c.natid[1] == "ssn":
            ctx["ssn"] = c.natid[0]
    return ctx


def generate(n: int, seed: int = DEFAULT_SEED) -> list[TaggedNote]:
    """``n`` labelled notes in this style, each with its subject's context (or none)."""
    r = random.Random(seed)
    notes = []
    for i in range(n):
        doc, regions, hosts, write = _DOCS[i % len(_DOCS)]
        c = _case(r, r.choice(regions), r.choice(hosts))
        w = _W(r)
        write(w, c)
        note = TaggedNote(w.text(), _context(r, c, doc), w.spans)
        note.forms, note.values, note.keeps, note.doc = w.forms, w.values, w.keeps, doc
        notes.append(note)
    return notes


# --------------------------------------------------------------------------- checks

_PLANTED = {"name", "mrn", "ssn", "natid", "plan", "phone", "fax", "email", "license"}
_PLANTED |= {"plate", "serial", "ip", "url", "accession", "account"}
_AGE_WORDS = {
    re.sub(r"[\s-]+", " ", _age_words(a, lang)).lower(): a
    for a in range(40, 105)
    for lang in ("en", "de", "fr", "es", "pt", "it")
    if a >= 90 or lang == "en"
}


def _age_value(s: str) -> int | None:
    digits = re.match(r"\d+", s)
    if digits:
        return int(digits.group())
    return _AGE_WORDS.get(re.sub(r"[\s-]+", " ", s).lower())


def _self_check() -> list[str]:
    problems = []
    d = date(2023, 3, 14)
    if _fmt(d, "jp_era") != "令和5年3月14日" or _fmt(date(1931, 4, 12), "jp_era_abbr") != "S6.4.12":
        problems.append("Japanese era dates are off")
    if _fmt(date(2019, 5, 1), "jp_era") != "令和元年5月1日":
        problems.append("Japanese era first year is off")
    if _fmt(d, "be") != "14/03/2566" or _fmt(d, "be_th") != "14 มี.ค. 2566":
        problems.append("Buddhist-era dates are off")
    if _hijri(date(2023, 3, 23))[:2] != (1444, 9) or _hijri(date(2023, 4, 22))[:2] != (1444, 10):
        problems.append("Hijri conversion is off")
    if _fmt(d, "arabic") != "١٤/٠٣/٢٠٢٣" or int(_fmt(d, "arabic")[:2]) != 14:
        problems.append("Arabic-Indic digits are off")
    if _fmt(d, "words") != "the fourteenth of March, two thousand and twenty-three":
        problems.append("written-out dates are off")
    if _age_words(92, "de") != "zweiundneunzig" or _age_words(94, "fr") != "quatre-vingt-quatorze":
        problems.append("German / French age words are off")
    if _age_words(91, "it") != "novantuno" or _age_words(93, "pt") != "noventa e três":
        problems.append("Italian / Portuguese age words are off")
    if any(
        _age_value(_age_words(a, g)) != a
        for a in range(90, 105)
        for g in ("en", "de", "fr", "es", "pt", "it")
    ):
        problems.append("age words do not read back")
    if _luhn_digit("7992739871") != "3" or not _verhoeff_ok("2363"):
        problems.append("Luhn / Verhoeff check digits are off")
    r = random.Random(0)
    a = _aadhaar(r).replace(" ", "").replace("-", "")
    if not _verhoeff_ok(a):
        problems.append("Aadhaar check digit is off")
    cf = _codice_fiscale(_P("Mario", "Rossi", False), date(1980, 1, 1))
    if cf[:11] != "RSSMRA80A01":
        problems.append("codice fiscale is off")
    if _codice_fiscale(_P("Maria", "Rossi", True), date(1931, 4, 12))[6:11] != "31D52":
        problems.append("codice fiscale (women's day) is off")
    if _mrz_digit("L898902C3") != "6" or _mrz_digit("740812") != "2":
        problems.append("MRZ check digits are off")
    ahv = _ahv(r).replace(".", "")
    if sum(int(ch) * (1 if i % 2 == 0 else 3) for i, ch in enumerate(ahv)) % 10:
        problems.append("AHV check digit is off")
    cpf = re.sub(r"\D", "", _cpf(r))
    if (sum(int(ch) * (10 - i) for i, ch in enumerate(cpf[:9])) * 10) % 11 % 10 != int(cpf[9]):
        problems.append("CPF check digit is off")
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
        title="held-out style 17",
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
