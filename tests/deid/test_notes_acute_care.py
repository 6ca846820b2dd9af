"""PHI in acute-care paperwork (the fifth held-out style's miss causes, issue 13 item 3), written
here in phrasings of our own with invented values: house numbers with letters, dashes or words,
streets in capitals, street corners and rear units; names after ranks, roles, signatures and a
maiden-name cue, two-letter surnames, particles, "Last F" and "LAST/FIRST"; accession numbers and
the repeats of any identifier; year-prefixed and check-digit account numbers; "area/exchange-line"
phones; plates in a plate column, after LP# or "registered", with a province code; SSNs with
non-breaking or spaced dashes and 3-3-3 groups; ages in brackets after a birth date or after a
relative and a comma; military day-month dates. Clinical words next to them stay."""

from __future__ import annotations

import pytest

pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")

from medprivacy.deid.text.scrubber import NotesScrubber

from .notes_spans import covered as _covered
from .notes_spans import untouched as _untouched


def _all_covered(scrubber: NotesScrubber, text: str, phi: str) -> bool:
    """Every occurrence of ``phi`` in ``text`` is covered."""
    spans = scrubber.find(text)
    at = text.find(phi)
    while at >= 0:
        for i in range(at, at + len(phi)):
            if not text[i].isspace() and not any(s.start <= i < s.end for s in spans):
                return False
        at = text.find(phi, at + 1)
    return True


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Lives at 4417C Wexford Ave with her son.", "4417C Wexford Ave"),
        ("Mailing address 81-07 Juniper Valley Rd, Flushing NY 11379.", "81-07 Juniper Valley Rd"),
        ("Mailing address 81-07 Juniper Valley Rd, Flushing NY 11379.", "Flushing"),
        ("Home: Three Harbor Point Blvd, Quincy, MA 02169", "Three Harbor Point Blvd"),
        ("ADDRESS: 5520 OSGOOD LANE, DRACUT MA 01826", "5520 OSGOOD LANE"),
        ("ADDRESS: 5520 OSGOOD LANE, DRACUT MA 01826", "DRACUT"),
        ("Found at the corner of Birchwood Ter and 3rd Ave, pt supine.", "Birchwood Ter"),
        ("Found at the corner of Birchwood Ter and 3rd Ave, pt supine.", "3rd Ave"),
        ("Crash site: intersection of Maple/Garfield, Revere.", "Maple"),
        ("Crash site: intersection of Maple/Garfield, Revere.", "Garfield"),
        ("Lives upstairs at 12 Tamarack Rd Rear, Lowell MA 01852.", "Rear"),
    ],
)
def test_house_numbers_caps_streets_corners_and_rear_units_are_places(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("EKG: 1 MM ST ELEVATION IN V2, NEW.", "ELEVATION"),
        ("CT HEAD: 2 VIEWS OBTAINED. NO BLEED.", "VIEWS"),
        ("One dose of ceftriaxone given in the ED.", "dose"),
        ("Fall from standing at home, no LOC.", "standing"),
    ],
)
def test_clinical_words_near_the_street_rules_stay(
    scrubber: NotesScrubber, text: str, word: str
) -> None:
    assert _untouched(scrubber, text, word)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Responding: Ofc. TARJEI LUND (badge 311) took the report.", "TARJEI LUND"),
        ("Escalated to Sgt. Oyelaran on the overnight shift.", "Oyelaran"),
        ("Visitor: Marisol Quiñones, sister, escorted to 4B.", "Marisol Quiñones"),
        ("Scrub: Birgitta (CST)   Circulator: Okafor T, RN", "Birgitta"),
        ("Scrub: Birgitta (CST)   Circulator: Okafor T, RN", "Okafor T"),
        ("Signed /s/ Teodora Vainikolo, NRP", "Teodora Vainikolo"),
        ("Informant gave mother's maiden name Lindqvist.", "Lindqvist"),
        ("Supervisor Sgt. Wu reviewed the footage.", "Wu"),
        ("Pt daughter Ilse van den Broek at bedside.", "Ilse van den Broek"),
        ("Meds reconciled with R. dela Pena's list.", "R. dela Pena"),
        ("Trackboard: Kowalczyk J   Bed 7", "Kowalczyk J"),
        (
            "Patient: OYELOWO/ABIMBOLA   Sex: F\nArrived by ambulance from home, alert.",
            "OYELOWO/ABIMBOLA",
        ),
        ("Patient: DE LOS SANTOS, MIRTA   Sex: F", "DE LOS SANTOS, MIRTA"),
        ("Pt had words with RN Caoimhe Brannigan at 0300.", "Caoimhe Brannigan"),
        ("Found by her husband J. Xu on the stairs.", "J. Xu"),
        ("Films released per O'Dowd's request.", "O'Dowd"),
        ("Asked to pronounce Ulrike Haataja at 0412.", "Ulrike Haataja"),
        ("Reviewed: Director of Security Kofi Mensah-Boateng", "Kofi Mensah-Boateng"),
    ],
)
def test_names_after_ranks_roles_signatures_and_in_board_forms(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Scrub: chlorhexidine, dried 3 min.", "chlorhexidine"),
        ("Reporting officer on duty notified.", "duty"),
        ("NG tube placed, position confirmed.", "tube"),
        ("Patient: N/V resolved after ondansetron.", "resolved"),
        ("PT REMAINS INTUB/VENTED, NO CHANGES MADE. HR 98-100.", "VENTED"),
        ("PT REMAINS INTUB/VENTED, NO CHANGES MADE. HR 98-100.", "98-100"),
        ("PT MOVES L ARM AND HAND ONLY.", "MOVES"),
        ("See admit note for HPI/PMHx and plan.", "PMHx"),
    ],
)
def test_words_after_the_new_name_cues_stay(scrubber: NotesScrubber, text: str, word: str) -> None:
    assert _untouched(scrubber, text, word)


def test_a_driver_column_is_read_even_when_a_row_holds_a_state_named_md(
    scrubber: NotesScrubber,
) -> None:
    note = (
        "Vehicles: | # | Car | Plate | State | Driver |\n|---|---|---|---|---|\n"
        "| 1 | Civic | 8JNQ 204 | MD | Ferreira, Ilídio |\n| 2 | Kia | 3PLM 881 | DE | pt |\n"
    )
    assert _covered(scrubber, note, "Ferreira, Ilídio")
    assert _covered(scrubber, note, "8JNQ 204")
    assert _covered(scrubber, note, "3PLM 881")
    assert _untouched(scrubber, note, "Civic")


def test_accessions_and_every_repeat_of_an_identifier_are_phi(scrubber: NotesScrubber) -> None:
    note = (
        "Case: BX24-00871 received fresh.\nCassettes: BX24-00871-1, BX24-00871 2A.\n"
        "Compare with prior HP-19-3310 (benign). Intraop consult FZ24-0117 called back.\n"
        "Ref lab copy of BX24-00871 sent."
    )
    for phi in ("BX24-00871", "HP-19-3310", "FZ24-0117"):
        assert _all_covered(scrubber, note, phi), phi


def test_a_cued_identifier_is_removed_where_it_is_repeated_without_its_cue(
    scrubber: NotesScrubber,
) -> None:
    note = "Claim # QX7716203 opened.\nLater: QX7716203 denied, resubmitted."
    assert _all_covered(scrubber, note, "QX7716203")


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Incident no. 2024-0091733 logged by dispatch.", "2024-0091733"),
        ("OPO referral # 558120-04 called at 0410.", "558120-04"),
        ("See PCR 33019284 for vitals.", "33019284"),
        ("Security report IR-24-55102 filed.", "IR-24-55102"),
        ("Home phone 978/555-0187, no answer.", "978/555-0187"),
    ],
)
def test_account_numbers_after_incident_referral_and_report_cues_and_slash_phones(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        (
            "Towed: | Make | Plate | State |\n|---|---|---|\n| Kia Soul | 4KX-721 | RI |\n",
            "4KX-721",
        ),
        ("Car in lot B, LP# 7TRW 88 (PE), keys at desk.", "7TRW 88"),
        ("Vehicle registered MB KJH 442 per owner.", "KJH 442"),
        ("SSN 031‑62‑4417 on the face sheet.", "031‑62‑4417"),
        ("soc sec 031 - 62 - 4417 (verbal)", "031 - 62 - 4417"),
        ("Guarantor SS#: 031 624 417", "031 624 417"),
        ("S.S.N. 031-62-4417", "031-62-4417"),
    ],
)
def test_plates_in_columns_and_after_lp_or_registered_and_odd_ssns(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Born/Age: DOB 02/11/1929 (95)", "95"),
        ("Date of birth 1930-05-06 (age 94) per ID.", "94"),
        ("Lives with her brother, 96, in the same building.", "96"),
        ("Next week is his 101st birthday.", "101"),
        ("Seen in clinic from 14FEB to 02MAR24 for cellulitis.", "14FEB"),
        ("Last echo done October the 3rd.", "October the 3rd"),
    ],
)
def test_ages_after_a_birth_date_or_a_relative_and_day_month_dates(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Lives with her brother, 62, in the same building.", "62"),
        ("DOB 02/11/1961 (63)", "63"),
        ("Gave 4MG IV, BP 132/80.", "4MG"),
    ],
)
def test_ages_under_90_and_doses_stay(scrubber: NotesScrubber, text: str, word: str) -> None:
    assert _untouched(scrubber, text, word)
