"""PHI found by its class rather than by one style's phrasing (issue 13 item 3, after the sixth
blind style): opaque codes after any identifier label or standing alone, day-first dates,
national phone numbers, UK and Canadian postcodes, address lines after a label or led by a flat
number with their localities, names in sign-offs, usernames, display names, ``Surname, I.``,
role labels and titles with a bare initial, ages in sex/age shorthand, and text that an e-mail
reply quoted or an editor wrapped. Every phrasing and value here is our own; the clinical
quantities beside them (doses, vitals, scores, ICD-10 codes) stay."""

from __future__ import annotations

import pytest

pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")

from medprivacy.deid.text.generic import flatten
from medprivacy.deid.text.scrubber import NotesScrubber

from .notes_spans import covered as _covered
from .notes_spans import untouched as _untouched


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Case ref: KX/2020/00417 opened by the tribunal.", "KX/2020/00417"),
        ("Regn No. 4471-AB-2291 (state register)", "4471-AB-2291"),
        ("Folio 88-20431 was sent to records.", "88-20431"),
        ("Badge # T44921 issued to the sitter.", "T44921"),
        ("OP No : OPD/22/10443   Bed : 7", "OPD/22/10443"),
        ("Passport: ZK 4471902, valid.", "ZK 4471902"),
        ("firearms permit FID-B 0093311 surrendered", "FID-B 0093311"),
        ("CHI 120345 6789 on the referral", "120345 6789"),
        ("Her walker (asset tag AXR-20931-K) stays on the ward.", "AXR-20931-K"),
        ("Loop recorder QZN448120T checked remotely.", "QZN448120T"),
        ("IMEI 35-209900-176148-1 on the tracker", "35-209900-176148-1"),
    ],
)
def test_opaque_codes_after_any_identifier_label_or_alone_are_ids(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Clinic letter typed 28/02/2022 by the secretary.", "28/02/2022"),
        ("Last seen 17-11-21 in the memory clinic.", "17-11-21"),
        ("Ring her landline 020 7946 0321 after six.", "020 7946 0321"),
        ("Daughter: 0161-496-0745 (work)", "0161-496-0745"),
        ("Son's mobile 98765 43210 (Chennai)", "98765 43210"),
        ("Surgery phone (01632) 960123.", "(01632) 960123"),
        ("She moved to Leeds LS6 2QB last year.", "LS6 2QB"),
        ("Flat in London SW1A 1AA, top floor.", "SW1A 1AA"),
        ("Brother lives in Toronto, ON M5V 2T6.", "M5V 2T6"),
        ("PIN code: 600020", "600020"),
    ],
)
def test_day_first_dates_national_phones_and_postcodes_are_phi(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        (
            "Address - House No. 14, Gandhi Nagar, 2nd Main, Jayanagar, Mysuru\nPhone: none",
            "House No. 14, Gandhi Nagar, 2nd Main, Jayanagar, Mysuru",
        ),
        ("Residence: 5 Orchard Mews, Bath\nGP: on file", "5 Orchard Mews, Bath"),
        (
            "Discharged home to Flat 7B, Lakeview Towers, Ring Road, Pune with family.",
            "Flat 7B, Lakeview Towers, Ring Road, Pune",
        ),
        ("Lives at Unit 3, 41 Harbour Quay, Cork.", "Unit 3, 41 Harbour Quay, Cork"),
        ("Stays with her niece at 19 Beechwood Crescent, Didsbury, Manchester.", "Didsbury"),
    ],
)
def test_address_lines_after_a_label_or_a_flat_number_and_their_localities_are_places(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Will bring the forms Friday.\n-- Bea", "Bea"),
        ("see you at 3\n~JR", "JR"),
        ("audit: user: kwame.mensah7 logged in", "kwame.mensah7"),
        ("event=view login=tkowalczyk src=kiosk", "tkowalczyk"),
        ("Handover: bay 4, Kowalczyk, T., 96, confused overnight.", "Kowalczyk, T."),
        ("Reviewed by Dr K Mensah on the ward.", "K Mensah"),
        ("Seen with Sister Agnieszka Nowicka at the bedside.", "Agnieszka Nowicka"),
        ("Informant: D/o Late Ramesh Pillai, retired clerk", "Ramesh Pillai"),
        ("Guardian: Tomasz Kowalczyk (appointed 2019)", "Tomasz Kowalczyk"),
        ("Conservator - Abena Mensah-Osei", "Abena Mensah-Osei"),
        ('Okonjo, A. ("Bibi") refuses meds.', "Bibi"),
        ("Kwabena Owusu <kowusu@mail.example> wrote:", "Kwabena Owusu"),
        ("CLIENT: OKONKWO-BELL, Adaeze   Ward 3", "Adaeze"),
        ("I will call again tomorrow. many thanks,\nZsófia", "Zsófia"),
        ("Caller (POA) Anne-Sophie Lindqvist asked for an update.", "Anne-Sophie Lindqvist"),
    ],
)
def test_names_in_sign_offs_usernames_labels_and_initial_forms_are_names(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Hub MAC 00:1A:2B:3C:4D:5E paired with the bed alarm.", "00:1A:2B:3C:4D:5E"),
        ("Form shows SSN xxx-xx-4417 only.", "xxx-xx-4417"),
        ("She wrote her address as jdoe at gmail dot com on the form.", "jdoe at gmail dot com"),
        ("Reply to a.b [at] mail [dot] org", "a.b [at] mail [dot] org"),
        ("Follow-up booked Mar-09-2021 at 10:00.", "Mar-09-2021"),
        ("Grew up on Larkspur Lane and still walks there.", "Larkspur Lane"),
        ("A lively nonagenarian, independent in ADLs.", "nonagenarian"),
        ("Photos on myblog.co.uk/gran", "myblog.co.uk/gran"),
        ("Office 0113-4960000 for the duty team.", "0113-4960000"),
    ],
)
def test_macs_masked_ssns_spelled_emails_bare_streets_and_age_words_are_phi(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


def test_initials_column_of_a_staff_table_is_names(scrubber: NotesScrubber) -> None:
    text = "hour | obs | sig\n0200 | asleep | LR\n0230 | wandering | KT\n"
    assert _covered(scrubber, text, "LR") and _covered(scrubber, text, "KT")


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Bay 2: M 97, post-fall, for CT head.", "97"),
        ("Lives with her wife (94) in sheltered housing.", "94"),
        ("He is 96 yrs 2 mos old.", "96"),
        ("Age/Sex : 92Y/M", "92Y"),
        ("on her 91st birthday", "91st"),
    ],
)
def test_ages_over_89_in_shorthand_are_covered_to_the_token_edge(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        (
            "> > my father has a new number since we moved house, please use 07700\n"
            "> > 900461 for anything urgent from now on.\n",
            "07700\n> > 900461",
        ),
        (
            "She plans to stay with her son, Piotr, at his house, which is at 46\n"
            "Larch Avenue, Hamden, over the summer months.",
            "46\nLarch Avenue",
        ),
        (
            "> I spoke to the ward this morning and my mother's hospital number is\n"
            "> A4471 209 if you need it for the records.\n",
            "A4471 209",
        ),
    ],
)
def test_phi_that_a_reply_quoted_or_an_editor_wrapped_is_found_whole(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


def test_flatten_maps_every_view_character_back_to_the_note() -> None:
    text = "> a line long enough to be wrapped by the editor, then 07700\n> 900461 ok\n\nnext"
    view, where = flatten(text)
    assert "07700 900461" in view
    assert len(view) == len(where)
    assert all(view[i] == text[where[i]] or view[i] == " " for i in range(len(view)))


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ('vanity plate "ME" LOBSTA on the dash', "LOBSTA"),
        ("reg: (QC) K12 ABC, towed", "K12 ABC"),
        ("lic. plate# ZX 4417", "ZX 4417"),
    ],
)
def test_plates_with_quoted_or_bracketed_states_are_ids(
    scrubber: NotesScrubber, text: str, plate: str
) -> None:
    assert _covered(scrubber, text, plate)


CLINICAL = (
    "Started quetiapine 25 mg nocte, metformin 1000 mg bd. NS 1000ML over 8h. HR110-120, "
    "BP 152/80, SpO2 95% RA, T 36.9. MMSE 19/30, ACE-III 61/100, PHQ-9 score 14. Dx F02.81 "
    "and T2DM, CKD3, B12 400. Na 138 K 4.1 Cl 102. Plan Q15 obs, 1:1 if agitated, "
    "review in 2/52."
)


@pytest.mark.parametrize(
    "word",
    [
        "25 mg",
        "1000 mg",
        "1000ML",
        "HR110-120",
        "152/80",
        "95%",
        "19/30",
        "61/100",
        "PHQ-9",
        "F02.81",
        "T2DM",
        "CKD3",
        "B12",
        "Cl 102",
        "Q15",
    ],
)
def test_clinical_quantities_and_codes_stay(scrubber: NotesScrubber, word: str) -> None:
    assert _untouched(scrubber, CLINICAL, word)


@pytest.mark.parametrize(
    "text",
    [
        "K/c/o T2DM, HTN on regular medication.",  # c/o: known case of, no address
        "Address concerns with the family at the meeting.",
        "Thanks, will review tomorrow.",
        "CT CHEST W/O CONTRAST",  # W/O: without, not "wife of"
        "MRI BRAIN W/O AND W CONTRAST",
    ],
)
def test_clinical_phrases_that_share_a_cue_word_are_not_phi(
    scrubber: NotesScrubber, text: str
) -> None:
    spans = scrubber.find(text)
    assert not [s for s in spans if s.label in ("LOCATION", "NAME")]
