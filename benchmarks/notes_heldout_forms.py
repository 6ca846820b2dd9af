"""A second held-out style, written after the first one had been looked at and before it was ever
run: templated forms (fax cover sheets, lab requisitions with dotted leaders, prior-authorisation
tables with pipes, remote-monitoring uplink reports). Nothing was tuned on it.

Same span conventions and report as ``notes_heldout.py`` (fine kinds as labels).

    python benchmarks/notes_heldout_forms.py                 # 150 forms, seed 4711
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from notes_heldout import (  # noqa: E402
    _FIRST,
    _LAST,
    _MONTHS,
    KINDS,
    HeldOutNote,
    _Builder,
    _num,
    _up,
    evaluate,
)

DEFAULT_SEED = 4711
_DOTS = 20


def _field(b: _Builder, label: str) -> None:
    b.add(label + "." * max(2, _DOTS - len(label)) + ": ")


def _form_date(b: _Builder, d: date) -> None:
    mon = _MONTHS[d.month - 1]
    b.phi(
        b.r.choice(
            [
                f"{d.day:02d}-{mon[:3].upper()}-{d.year}",
                f"{d.day:02d}{mon[:3].upper()}{d.year}",
                f"{d.day} {mon[:3]} {d.year % 100:02d}",
                f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}",
                f"{mon[:3]}. {d.day}, {d.year}",
                f"{d.year}/{d.month:02d}/{d.day:02d}",
            ]
        ),
        "date",
    )


def _form_age(b: _Builder, n: int) -> None:
    r = b.r
    lead, tail = r.choice(
        [
            ("AGE ", " YRS"),
            ("Age (yrs): ", ""),
            ("Pt Age: ", "y"),
            ("age ", " y.o."),
            ("Age at visit: ", ""),
            ("", " Y/O"),
        ]
    )
    b.add(lead)
    b.phi(str(n), "age")
    b.add(tail)


def _form_ssn(b: _Builder) -> None:
    r = b.r
    a, g, s = f"{r.randint(100, 899)}", f"{r.randint(10, 99)}", _num(r, 4)
    lead, value = r.choice(
        [
            ("Social Security No. ", f"{a}-{g}-{s}"),
            ("SS: ", f"{a} {g} {s}"),
            ("Soc. Sec. #: ", f"{a}{g}{s}"),
            ("SSN/TIN: ", f"{a}.{g}.{s}"),
        ]
    )
    b.add(lead)
    b.phi(value, "ssn")


def _form_plate(b: _Builder) -> None:
    r = b.r
    lead, value, tail = r.choice(
        [
            ("Vehicle Plate: NY ", f"{_up(r, 3)}-{_num(r, 4)}", ""),
            ("Plate/State: ", f"{r.randint(1, 9)}{_up(r, 3)}{_num(r, 3)}", "/CA"),
            ("tag no ", f"{r.randint(1, 9)}{_up(r, 3)} {_num(r, 3)}", " (MA)"),
            ("Lic. Plate #: ", f"{_up(r, 2)}{_num(r, 5)}", " IL"),
        ]
    )
    b.add(lead)
    b.phi(value, "plate")
    b.add(tail)


def _name(r: random.Random) -> tuple[str, str]:
    return r.choice(_FIRST), r.choice(_LAST)


def _fax(b: _Builder, first: str, last: str, age: int, day: date) -> None:
    r = b.r
    doc = r.choice(_LAST)
    b.add("FAX COVER SHEET\nTo: Dr. ")
    b.phi(doc, "name")
    b.add(" | Fax: ")
    b.phi(f"({r.choice(['508', '617', '413'])}) {r.randint(201, 989)}-{_num(r, 4)}", "phone")
    b.add("\nDate: ")
    _form_date(b, day)
    b.add(f" | Pages: {r.randint(2, 9)} | RE: ")
    b.phi(f"{last.upper()}, {first}", "name")
    b.add(" DOB ")
    _form_date(b, day - timedelta(days=365 * age + r.randint(0, 300)))
    b.add("\n")
    _form_age(b, age)
    b.add(". Please see attached labs: Na 138, K 4.4, Cr 1.3, HbA1c 6.8 %, LDL 92 mg/dL.\n")
    b.add("CONFIDENTIAL: if received in error call ")
    b.phi(f"{r.choice(['508', '774'])}-{r.randint(201, 989)}-{_num(r, 4)}", "phone")
    b.add(".\n")


def _requisition(b: _Builder, first: str, last: str, age: int, day: date) -> None:
    r = b.r
    _field(b, "PATIENT NAME")
    b.phi(f"{last.upper()}, {first.upper()}", "name")
    b.add("\n")
    _field(b, "MRN")
    b.phi(f"{_num(r, 2)}{_up(r, 1)}{_num(r, 5)}", "mrn")
    b.add("\n")
    _field(b, "AGE/SEX")
    b.phi(str(age), "age")
    b.add(f"/{r.choice('MF')}\n")
    _field(b, "SSN")
    b.phi(f"{r.randint(100, 899)}{r.randint(10, 99)}{_num(r, 4)}", "ssn")
    b.add("\n")
    _field(b, "COLLECTED")
    _form_date(b, day)
    b.add(f" {r.randint(0, 23):02d}{r.randint(0, 59):02d}\n")
    _field(b, "ORDERING MD")
    d1, d2 = _name(r)
    b.phi(f"{d1} {d2}", "name")
    b.add(", MD\n")
    _field(b, "ADDRESS")
    b.phi(f"{r.randint(2, 999)} {r.choice(['Elm', 'Cedar', 'Orchard'])} St", "address")
    b.add(" Apt 2, ")
    b.phi(r.choice(["Worcester", "Lynn", "Quincy"]), "address")
    b.add(" MA\nTESTS: CBC w/ diff, BMP, TSH 2.1, PT/INR 1.1, vit D 25-OH.\n")


def _prior_auth(b: _Builder, first: str, last: str, age: int, day: date) -> None:
    r = b.r
    b.add("| Field | Value |\n|---|---|\n| Member | ")
    b.phi(f"{first} {last}", "name")
    b.add(" |\n| Member ID | ")
    b.phi(f"{_up(r, 3)}{_num(r, 9)}", "mrn")
    b.add(" |\n| ")
    _form_age(b, age)
    b.add(" |\n| Service dates | ")
    end = day + timedelta(days=r.randint(1, 5))
    b.phi(f"{_MONTHS[day.month - 1]} {day.day}", "date")
    b.add(" to ")
    b.phi(f"{_MONTHS[end.month - 1]} {end.day}, {end.year}", "date")
    b.add(" |\n| Transport | ambulance; ")
    _form_plate(b)
    b.add(" |\n| ")
    _form_ssn(b)
    b.add(" |\n| Requested | 12 PT visits, 2x/week x 6 weeks |\n")


def _uplink(b: _Builder, first: str, last: str, age: int, day: date) -> None:
    r = b.r
    b.add("REMOTE MONITORING REPORT\nPatient: ")
    b.phi(f"{first} {last}", "name")
    b.add(" (")
    _form_age(b, age)
    b.add(")\n")
    for _ in range(r.randint(2, 3)):
        d = day - timedelta(days=r.randint(0, 6))
        b.add("Uplink ")
        b.phi(f"{d.year}-{d.month:02d}-{d.day:02d}", "date")
        b.add(f" {r.randint(0, 23):02d}:{r.randint(0, 59):02d} from ")
        ip = (
            f"{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
            if r.random() < 0.5
            else f"2601:{r.randint(0, 0xFFF):x}:{r.randint(0, 0xFFFF):x}::{r.randint(1, 0xFF):x}"
        )
        b.phi(ip, "ip")
        b.add(f" (home hub) weight {r.randint(50, 90)}.{r.randint(0, 9)} kg, ")
        b.add(f"BP {r.randint(100, 170)}/{r.randint(55, 95)}, HR {r.randint(55, 110)}\n")
    b.add("Contact: ")
    b.phi(f"{first.lower()}.{last.lower()}@example.net", "email")
    b.add("\n")


def generate_forms(n: int, seed: int = DEFAULT_SEED) -> list[HeldOutNote]:
    r = random.Random(seed)
    out = []
    for i in range(n):
        b = _Builder(r)
        first, last = _name(r)
        age = r.randint(90, 103)
        day = date(2019, 1, 1) + timedelta(days=r.randint(0, 1400))
        (_fax, _requisition, _prior_auth, _uplink)[i % 4](b, first, last, age, day)
        out.append(b.note())
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)

    from medprivacy.deid.text.scrubber import NotesScrubber

    scrubber = NotesScrubber()
    scrubber.find("warm up: Dr. Smith saw the patient on 3/4/2021.")
    total, spent = evaluate(generate_forms(args.n, args.seed), scrubber.find)
    print(f"held-out forms: {args.n} notes, seed {args.seed}, {args.n / spent:.1f} notes/s")
    print(f"recall {total.recall:.3f}  precision {total.precision:.3f}  ", end="")
    print(f"PHI characters left {100 * total.chars_left_fraction:.2f}%")
    for kind in KINDS:
        rec = total.label_recall(kind)
        if rec is not None:
            print(f"  {kind:8s} recall {rec:.3f}  ({total.label_gold[kind]} tokens)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
