"""PHI as an outside audit's held-out style writes it (issue 13, item 3): transcribed dictation,
second-person discharge instructions, HL7 v2 segments, JSON device exports and flow-sheet rows,
about patients with Spanish, Vietnamese, Nigerian, Arabic and particle names, reached on
international phone numbers, living at a unit or a PO box. Each case failed before the fix; the
clinical text next to it stays."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")

from medprivacy.deid.text.scrubber import NotesScrubber

from .notes_spans import covered as _covered
from .notes_spans import untouched as _untouched

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from notes_heldout_dictation import KINDS, evaluate, generate


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("She can be reached at +44 20 7946 0958.", "+44 20 7946 0958"),
        ("If you cannot come, call +971 4 555 0296.", "+971 4 555 0296"),
        ("son at bs, ph 011 52 55 6862 8018. vitals stable", "011 52 55 6862 8018"),
        ("PCP: Ngozi Eze, ph +234 803 300 3035.", "+234 803 300 3035"),
        ("daughter (+84 28 3823 7104) will call", "+84 28 3823 7104"),
        ("Reached on +49 30 1234567 at 10:00.", "+49 30 1234567"),
    ],
)
def test_international_phone_numbers_are_found_whole(
    scrubber: NotesScrubber, text: str, phone: str
) -> None:
    assert _covered(scrubber, text, phone)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("I/O +3042 since midnight, +10 40 this shift.", "+3042"),
        ("I/O +3042 since midnight, +10 40 this shift.", "+10 40"),
        ("2+ pitting edema, +1 pulses bilaterally.", "+1"),
    ],
)
def test_fluid_balances_and_grades_are_not_phones(
    scrubber: NotesScrubber, text: str, word: str
) -> None:
    assert _untouched(scrubber, text, word)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Bills will be mailed to PO Box 5449, Methuen, MA 01844.", "PO Box 5449"),
        ("She now lives at Apt 3B, 610 Broadway, Chelsea, MA 02150.", "Apt 3B, 610 Broadway"),
        ("He lives at 4417 Calle del Sol, Fl 2, Lynn.", "4417 Calle del Sol, Fl 2"),
        ("Mail to 1281 Eastern Ave, Fl 2, Methuen.", "1281 Eastern Ave, Fl 2"),
        ("addr Unit 5, 8410 Eastern Ave, Chicopee", "Unit 5, 8410 Eastern Ave"),
    ],
)
def test_units_po_boxes_and_streets_without_a_suffix(
    scrubber: NotesScrubber, text: str, address: str
) -> None:
    assert _covered(scrubber, text, address)


_HL7 = (
    "MSH|^~\\&|EPIC|NSMC|||20220508211800||ADT^A01|MSG462224|P|2.5\n"
    "PID|1||8864-1003-W^^^NSMC^MR||DE LA CRUZ^XIOMARA||19190327|F|||"
    "9108 Eastern Ave^Unit 5^Chelsea^MA^01691||+234 803 319 1503^PRN^PH||||||231743959\n"
    "NK1|1|HUỲNH^THI HOA|DAU\n"
    "PV1|1|I|4W^412^B||||72218^NGUYỄN^NGOC LAN^^^DR|||MED||||7|||\n"
)


@pytest.mark.parametrize(
    "phi",
    [
        "8864-1003-W",
        "DE LA CRUZ^XIOMARA",
        "19190327",
        "9108 Eastern Ave",
        "Unit 5",
        "Chelsea",
        "01691",
        "+234 803 319 1503",
        "231743959",
        "HUỲNH^THI HOA",
        "NGUYỄN^NGOC LAN",
    ],
)
def test_hl7_identifiers_names_and_addresses(scrubber: NotesScrubber, phi: str) -> None:
    assert _covered(scrubber, _HL7, phi)


_JSON = (
    '{"device": {"serial": "ZES772787W"},\n'
    ' "patient": {"name": "Ortiz Vega, Rocío", "mrn": "2580-1030-R", "dob": "1928-12-13", '
    '"age_years": 92},\n'
    ' "clinic_contact": "Layla El-Sayed <alqahtani_y@hotmail.co.uk>"}\n'
)


@pytest.mark.parametrize(
    "phi", ["Ortiz Vega, Rocío", "2580-1030-R", "1928-12-13", "92", "Layla El-Sayed"]
)
def test_json_export_keys_are_cues(scrubber: NotesScrubber, phi: str) -> None:
    assert _covered(scrubber, _JSON, phi)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("PCP: Yousef bin Saleh, ph 617-555-0134.", "Yousef bin Saleh"),
        ("This is Doctor Huỳnh dictating a clinic note.", "Huỳnh"),
        ("DICTATED BY: Huỳnh Thi Hoa, MD", "Huỳnh Thi Hoa"),
        (
            "dictating a clinic note on Ingrid Du Plessis, medical record number",
            "Ingrid Du Plessis",
        ),
        ("Your doctor in the hospital was Dr. Yousef El-Sayed.", "Yousef El-Sayed"),
        ("Your doctor was Dr. Abdul-Rahman bin Saleh.", "Abdul-Rahman bin Saleh"),
        ("Seen by Dr. Will Ogunleye today.", "Will Ogunleye"),
        ("f/u Dr de la Cruz 9/29/21.", "de la Cruz"),
        ("He is accompanied by niece Dang Quang Huy, who can be reached", "Dang Quang Huy"),
        ("turned L side, skin intact | Pieter v., RN", "Pieter v."),
    ],
)
def test_multilingual_and_particle_names(scrubber: NotesScrubber, text: str, name: str) -> None:
    assert _covered(scrubber, text, name)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("This is Doctor Huỳnh dictating a clinic note.", "clinic"),
        ("Your doctor in the hospital was Dr. Yousef El-Sayed.", "hospital"),
        ("RENAL INSUFFICIENCY, REPEAT LABS SENT.", "NAL"),  # "RE" is no cue inside a word
        ("PT TOL SETTINGS FAIRLY, VT 200'S", "FAIRLY"),
        ("Ill-appearing, L. Ill-appearing elderly man", "appearing"),
    ],
)
def test_words_around_names_and_places_stay(scrubber: NotesScrubber, text: str, word: str) -> None:
    assert _untouched(scrubber, text, word)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("At 97, you are at higher risk of falling.", "97"),
        ("Because you are 94, please use your walker.", "94"),
        ("This a hundred and two-year-old man is seen today.", "a hundred and two"),
        ('"age_years": 102}', "102"),
        ("Last seen Feb '22 by Dr. Haddad.", "Feb '22"),
        ("MRN 3583-1828-M\n1/6 1430 | pain 4/10, tylenol 650 mg PO", "1/6"),
        ("security called re car in ambulance bay, lic# MU-653 RI.", "MU-653"),
        ("car in ambulance bay, license plate ON KNSE 969.", "KNSE 969"),
    ],
)
def test_ages_dates_and_plates_in_outside_phrasings(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("At 95, sats were 91% on RA.", "95"),  # no person after the comma
        ("motor strength 4/5 1830 checks", "4/5"),
    ],
)
def test_numbers_near_the_new_cues_stay(scrubber: NotesScrubber, text: str, word: str) -> None:
    assert _untouched(scrubber, text, word)


def test_third_held_out_style_keeps_every_kind_at_recall_095_and_leaks_under_1_percent(
    scrubber: NotesScrubber,
) -> None:
    """A sample of the audit's style on a seed of its own (tuned on: this is a regression test,
    not a held-out measurement), without the patient's row."""
    total, _ = evaluate(generate(24, seed=4242), scrubber.find, use_context=False)
    recalls = {k: total.label_recall(k) for k in KINDS if total.label_gold[k]}
    assert {"ssn", "plate", "age", "ip", "date", "name", "phone", "address"} <= set(recalls)
    low = {k: round(r, 3) for k, r in recalls.items() if r is not None and r < 0.95}
    assert not low, low
    assert total.chars_left_fraction <= 0.01
