"""PHI of notes written in other countries' conventions, found by its class (issue 13 item 3,
after the seventh blind style): months in French, Spanish, German, Dutch and Afrikaans and
ranges that name the month once, a day and month with no year, national numbers in spaced
groups, provincial health cards, letter-digit-letter record numbers, a licensing board's number,
phones of any country after a phone word, French and Spanish street lines, rural routes,
counties, name fields of forms, ages in ``ans``/``jaar`` and in an age column, and logins in an
audit table. Every phrasing and value here is our own; the clinical text beside them stays."""

from __future__ import annotations

import pytest

pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")

from medprivacy.deid.text.scrubber import NotesScrubber

from .notes_spans import covered as _covered
from .notes_spans import untouched as _untouched


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Revue prévue le 12 octobre, avec la fille.", "12 octobre"),
        ("Naissance : 1er août 1931 à Rimouski.", "1er août 1931"),
        ("Hospitalisé du 4 au 9 décembre pour sepsis.", "4 au 9 décembre"),
        ("Opgeneem op 17 Desember 2020 vir pyn.", "17 Desember 2020"),
        ("Ingreso el 3 de marzo de 2022 por disnea.", "3 de marzo de 2022"),
        ("Nachkontrolle am 28 Oktober empfohlen.", "28 Oktober"),
        ("Seen in review clinic 19/8 with daughter.", "19/8"),
        ("Port flushed 30/04, next flush due.", "30/04"),
        ("Bloods drawn 14.09.22 at the practice.", "14.09.22"),
        ("Follow-up appt 2/5 with the surgeon.", "2/5"),
    ],
)
def test_dates_in_other_languages_and_without_a_year(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Health identifier 7301 2284 5519 0067 on the referral.", "7301 2284 5519 0067"),
        ("Numéro NAS 712 904 338 au dossier.", "712 904 338"),
        ("Carte santé : LAVR 4107 2253 exp. 2026-01-31", "LAVR 4107 2253"),
        ("Patient (NHI QRT72WK) discussed at the meeting.", "QRT72WK"),
        ("Dr Okafor (CPSO #50931) will take over.", "50931"),
        ("Seen by Dr Lund (Medical Council, MCNZ 40718)", "40718"),
        ("Registration HPCSA MP 0712239", "0712239"),
    ],
)
def test_national_numbers_and_licences(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Copy to the practice, fax (07) 846 1139 please.", "(07) 846 1139"),
        ("Tél. : 819 555-0412 poste 233, demander Luc", "819 555-0412"),
        ("Tél. : 819 555-0412 poste 233, demander Luc", "poste 233"),
        ("Contact sister Cell: +44 (0)7700 900 461 today", "+44 (0)7700 900 461"),
        ("Téléc. 418 555 0199 pour les ordonnances", "418 555 0199"),
    ],
)
def test_phones_of_any_country_after_a_phone_word(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Domicile : 4120, rue des Érables Ouest, app. 7, Sherbrooke", "rue des Érables"),
        ("Domicile : 4120, rue des Érables Ouest, app. 7, Sherbrooke", "Sherbrooke"),
        ("Vit au 88 boul. Gouin, Laval, avec son fils.", "88 boul. Gouin"),
        ("Mailing: RR 3 BOX 221, rural delivery", "RR 3 BOX 221"),
        ("COUNTY OF RESIDENCE......: MARATHON\n", "MARATHON"),
        ("Lives in Dane County since retiring.", "Dane"),
        ("CITY/STATE/ZIP: GREEN BAY WI 54301-1204", "GREEN BAY"),
    ],
)
def test_street_lines_in_other_languages_routes_and_counties(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Mme Arsenault, âgée de 97 ans, vit seule.", "97"),
        ("Sa mère (101 ans) vit en CHSLD.", "101"),
        ("Oupa is 94 jaar oud en woon alleen.", "94"),
        ("AGE AT ADMISSION..........: 096\n", "096"),
        ("He is now in his 93rd year and still gardens.", "93rd"),
        ("FAMILY HX: MOTHER (98) WITH DEMENTIA", "98"),
        ("her partner is 95 and drives her in.", "95"),
        ("Mr Halloran, 99, uses a frame.", "99"),
    ],
)
def test_ages_over_89_in_more_phrasings(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


def test_cells_of_a_table_ruled_under_its_header(scrubber: NotesScrubber) -> None:
    table = (
        " # | Patient             | MRN      | Age | Plan\n"
        "---+---------------------+----------+-----+------\n"
        " 1 | DUNMORE, Priya      | KTR55LQ  | 97  | RT\n"
        " 2 | OYELOWO, Bart       | 0815526  | 64  | chemo\n"
    )
    for phi in ("DUNMORE, Priya", "KTR55LQ", "97", "OYELOWO, Bart", "0815526"):
        assert _covered(scrubber, table, phi), phi
    assert _untouched(scrubber, table, "64")


def test_logins_in_an_audit_table_and_name_fields(scrubber: NotesScrubber) -> None:
    audit = (
        "when                | user        | field\n"
        "2021-02-03 10:11:12 | mkowalczyk  | AE.AESEV\n"
        "2021-02-03 10:15:40 | system      | AE.AESER\n"
    )
    assert _covered(scrubber, audit, "mkowalczyk")
    assert _untouched(scrubber, audit, "system")
    form = "PATIENT NAME (LAST, FIRST)....: PRENDERGAST, OSWIN\nMAIDEN NAME......: ABERNETHY\n"
    assert _covered(scrubber, form, "PRENDERGAST, OSWIN")
    assert _covered(scrubber, form, "ABERNETHY")


@pytest.mark.parametrize(
    ("text", "clinical"),
    [
        ("Douleur 4/10 sous morphine, EVA 6/10 la nuit.", "4/10"),
        ("Needs 24/7 supervision at home.", "24/7"),
        ("GCS 14/15 on arrival.", "14/15"),
        ("Stage T2N0M0 adenocarcinoma, EGFR negative.", "T2N0M0"),
        ("Given 2g via PICC over 30 min.", "2g via PICC"),
        ("WBC 12500, PLT 250000 this morning.", "12500"),
        ("Dose 4000 cGy in 20 fractions, 200 cGy per fraction.", "4000"),
        ("Name of drug: Metformin 500 mg BID.", "Metformin"),
        ("CYP2D6 poor metaboliser; HER2 3+.", "CYP2D6"),
        ("Ran in 1999 2000 2001 cohorts.", "1999 2000 2001"),
        ("Pain score 3/10 at rest.", "3/10"),
        ("Son époux (85 ans) est épuisé.", "époux"),
        ("Grade 2 AV block on ECG, 1 AV Block earlier.", "AV Block"),
    ],
)
def test_clinical_text_stays(scrubber: NotesScrubber, text: str, clinical: str) -> None:
    assert _untouched(scrubber, text, clinical)


def test_a_name_with_a_dotless_i_repeated_in_capitals_does_not_crash(
    scrubber: NotesScrubber,
) -> None:
    text = "NAME: YILMAZ, AYSE\nSeen with Dr. Yılmaz today; Yılmaz agrees."
    assert _covered(scrubber, text, "YILMAZ, AYSE")
    assert _covered(scrubber, text, "Yılmaz agrees"[:6])


@pytest.mark.parametrize(
    ("text", "clinical"),
    [
        ("Obs: HR 88, RR 18, SpO2 97%.", "RR 18"),
        ("GCS 14 (E3V5M6) after the fall.", "E3V5M6"),
    ],
)
def test_vitals_that_look_like_routes_or_postcodes_stay(
    scrubber: NotesScrubber, text: str, clinical: str
) -> None:
    assert _untouched(scrubber, text, clinical)
