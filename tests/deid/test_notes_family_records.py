"""PHI in machine-made records pasted into notes and in other countries' family-health records,
found by the record's grammar or the number's shape (after the eighth blind style): delimited
exports whose header names the columns, X12 segments, FHIR / JSON keys, ISO instants, day-first
short dates and German month names, phone extensions, spoken digit runs, letter-spaced OCR
fields and OCR letter / digit confusions, UK / German / Brazilian / Irish / Singapore numbers,
addresses and names, logins, and ages over 89 in German, Spanish and kinship phrasing. Every
phrasing and value here is our own; the look-alikes beside them stay."""

from __future__ import annotations

import pytest

pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")

from medprivacy.deid.text.records import column_kind, ocr_view, x12_segments
from medprivacy.deid.text.scrubber import NotesScrubber

from .notes_spans import covered as _covered
from .notes_spans import untouched as _untouched

_EXPORT_COMMA = (
    "# weekly registry extract\n"
    "child_surname,child_given,birth_dt,guardian_maiden,home_zip,vacc_code,lot_no\n"
    "TREVANNE,ODALYS,20190822,KESTRELL,03867,110,XK44219\n"
    '"MORWENNA","JUSTO","20190907","ABERLYN","04011","20","PL7720B"\n'
)
_EXPORT_SEMI = "Nachname;Vorname;Geburtsdatum;PLZ\nHolzbrink;Ottilie;14.02.2020;37085\n"


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        (_EXPORT_COMMA, "TREVANNE"),
        (_EXPORT_COMMA, "ODALYS"),
        (_EXPORT_COMMA, "KESTRELL"),
        (_EXPORT_COMMA, "MORWENNA"),
        (_EXPORT_COMMA, "ABERLYN"),
        (_EXPORT_SEMI, "Holzbrink"),
        (_EXPORT_SEMI, "Ottilie"),
    ],
)
def test_csv_cells_under_a_name_header_are_names(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [(_EXPORT_COMMA, "03867"), (_EXPORT_COMMA, "04011"), (_EXPORT_SEMI, "37085")],
)
def test_csv_cells_under_a_zip_header_are_zips(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


def test_csv_datetime_cell_is_one_date(scrubber: NotesScrubber) -> None:
    text = "kit,drawn_dt,tsh\nQ-5521-0907,03/14/2020 06:52,4.1\n"
    assert _covered(scrubber, text, "03/14/2020 06:52")


def test_csv_look_alikes_stay(scrubber: NotesScrubber) -> None:
    assert _untouched(scrubber, _EXPORT_COMMA, ",110,")  # vaccine code


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("pt_last", "NAME"),
        ("mom_first", "NAME"),
        ("MaidenName", "NAME"),
        ("postal_code", "ZIP"),
        ("Eircode", "ZIP"),
        ("collect_dt", "DATE"),
        ("lot_expiry", None),
        ("facility_name", None),
        ("vaccine_name", None),
        ("first_dose", None),
    ],
)
def test_header_cells_name_their_column(header: str, kind: str | None) -> None:
    assert column_kind(header) == kind


_X12 = (
    "NM1*85*2*LAKEVIEW FAMILY CLINIC*****XX*1999999984~"
    "PER*IC*DUNMORE*TE*2075550182*EX*317~"
    "NM1*IL*1*PELLAGRO*TAMSIN*R***MI*ZQ88120455~"
    "N3*77 WINTERBERRY LN APT 4~N4*FARMINGDALE*ME*043441029~"
    "DMG*D8*20180316*F~"
)


@pytest.mark.parametrize(
    "phi",
    [
        "DUNMORE",
        "2075550182",
        "317",
        "PELLAGRO",
        "TAMSIN",
        "77 WINTERBERRY LN APT 4",
        "FARMINGDALE",
        "043441029",
        "20180316",
    ],
)
def test_x12_segments_by_their_grammar(scrubber: NotesScrubber, phi: str) -> None:
    assert _covered(scrubber, _X12, phi)


def test_x12_organisation_is_not_read_as_a_person() -> None:
    found = {_X12[s:e] for label, s, e in x12_segments(_X12) if label == "NAME"}
    assert "LAKEVIEW FAMILY CLINIC" not in found and "PELLAGRO" in found


_FHIR = (
    '{"resourceType": "Patient", "meta": {"lastUpdated": "2020-06-02T09:41:07-04:00"},\n'
    ' "name": [{"use": "official", "family": "Quennell", "given": ["Isaura", "May"]}],\n'
    ' "address": [{"line": ["9 Larchmere Rd"], "city": "Orrington", "district": "Waldo",\n'
    '   "postalCode": "04474"}],\n'
    ' "contact": [{"name": {"text": "Brisa Quennell"}}],\n'
    ' "agent": [{"who": {"display": "bquen22 (portal proxy)"}}]}'
)


@pytest.mark.parametrize(
    "phi",
    [
        "2020-06-02T09:41:07-04:00",
        "Quennell",
        "Isaura",
        "Orrington",
        "Waldo",
        "04474",
        "Brisa Quennell",
        "bquen22",
    ],
)
def test_fhir_json_keys_are_cues(scrubber: NotesScrubber, phi: str) -> None:
    assert _covered(scrubber, _FHIR, phi)


def test_fhir_public_url_and_state_stay(scrubber: NotesScrubber) -> None:
    text = '{"url": "http://hl7.org/fhir/us/core", "state": "ME", "gender": "female"}'
    assert _untouched(scrubber, text, "female")


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Hausbesuch Di 7.4.20: Gewicht steigt.", "7.4.20"),
        ("U3 am 18. Februar 2020 in der Praxis.", "18. Februar 2020"),
        ('{"recorded": "2019-11-30T22:05:13+01:00"}', "2019-11-30T22:05:13+01:00"),
    ],
)
def test_day_first_short_dates_and_iso_instants(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


def test_versions_and_clock_times_stay(scrubber: NotesScrubber) -> None:
    text = "Screening at 06:40, firmware 3.12.7, dosing 2.5 mg."
    assert _untouched(scrubber, text, "3.12.7")
    assert _untouched(scrubber, text, "06:40")


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Reach the desk at 207-555-0143,,4412 after noon.", "4412"),
        ("Lactation line (207) 555-0177 #58 weekdays.", "58"),
        ("Her cell 2075550166 Ext:903 is best.", "903"),
        ("Office 207.555.0121 x2219 for refills.", "2219"),
    ],
)
def test_phone_extensions_belong_to_the_phone(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        (
            "please call me back at two zero seven five five five zero one nine two thanks",
            "two zero seven five five five zero one nine two",
        ),
        (
            "mi número es dos cero siete cinco cinco cinco cero uno tres tres gracias",
            "dos cero siete cinco cinco cinco cero uno tres tres",
        ),
        (
            "the chart number is six one four four zero two nine ok",
            "six one four four zero two nine",
        ),
        ("born on march 3rd twenty twenty and doing well", "twenty twenty"),
    ],
)
def test_spoken_digit_runs_and_spoken_years(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("C H A R T : 7 0 4 4 1 9 2 8\nNext line", "7 0 4 4 1 9 2 8"),
        ("B D : 1 1 / 0 3 / 2 0 1 9\n", "1 1 / 0 3 / 2 0 1 9"),
        ("Visit date 04/22/20l9 per fax.", "04/22/20l9"),
        ("Callback (207)55O-0148 re: auth.", "(207)55O-0148"),
    ],
)
def test_ocr_spaced_fields_and_letter_digit_confusions(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


def test_ocr_view_keeps_words_and_offsets() -> None:
    text = "Dose q3O days, 5O mg; start 1l/04/2020; Alisal St."
    view = ocr_view(text)
    assert len(view) == len(text)
    assert "1l/04/2020" not in view and "11/04/2020" in view
    assert "Alisal" in view and "q3O" in view


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Mother's NI no. TR 40 82 17 C on the claim form.", "TR 40 82 17 C"),
        ("National Insurance: ZX 11 22 33 A (unverified).", "ZX 11 22 33 A"),
        ("Steuer-Identifikationsnummer des Kindes: 64 190 283 775", "64 190 283 775"),
        ("Mãe: CPF 401.228.916-37, G1P1.", "401.228.916-37"),
        ("Empresa CNPJ 12.601.448/0001-03 (empregador).", "12.601.448/0001-03"),
        ("Father's Social Security number: 512. 40. 7781", "512. 40. 7781"),
    ],
)
def test_national_numbers_by_their_shape(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        (
            "Endereço: Rua das Acácias, 412, apto 7 -- Boa Vista, Recife -- PE, CEP 50050-210",
            "Rua das Acácias, 412, apto 7",
        ),
        (
            "Endereço: Rua das Acácias, 412, apto 7 -- Boa Vista, Recife -- PE, CEP 50050-210",
            "50050-210",
        ),
        (
            "Endereço: Rua das Acácias, 412, apto 7 -- Boa Vista, Recife -- PE, CEP 50050-210",
            "Recife",
        ),
        ("Anschrift: Lindenallee 8c, 37085 Göttingen  Tel. 0551/448 2290", "Lindenallee 8c"),
        ("Anschrift: Lindenallee 8c, 37085 Göttingen  Tel. 0551/448 2290", "37085 Göttingen"),
        ("Anschrift: Lindenallee 8c, 37085 Göttingen  Tel. 0551/448 2290", "0551/448 2290"),
        ("Wohnhaft Am Mühlbach 12, 79098 Freiburg.", "Am Mühlbach 12"),
        ("Eircode: H91 K2XW   Address: 4 Quay Lane", "H91 K2XW"),
        ("Telefone: (21) 98811-4420  e-mail", "(21) 98811-4420"),
        ("Contact: +65 9123 0087 (mother), 8841 2203 (father)", "8841 2203"),
        ("their hatchback LK21 VXO was in the bay", "LK21 VXO"),
    ],
)
def test_foreign_addresses_postcodes_phones_and_plates(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Name of Child: SITI RAHMAH BINTI YUSOF", "SITI RAHMAH BINTI YUSOF"),
        ("Mother's Name: Devika d/o Ramasamy    NRIC", "Devika d/o Ramasamy"),
        ("# upload ok from host user tbellweather rows=220", "tbellweather"),
    ],
)
def test_patronymic_names_and_logins(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Urgroßmutter Gerlinde (97 J.) lebt im Haushalt.", "97"),
        ("su abuela que tiene noventa y dos años vive con ellos", "noventa y dos"),
        ("paternal grandfather, Osric Vale: d. 94 (2011), stroke", "94"),
        ("maternal great-aunt, Perpetua Lisle, now 101. Visits weekly.", "101"),
        ("my nana says hi (Wren is 93 so she worries)", "93"),
        ("Great-grandmother Ilse Farrow is ninety-six and walks daily.", "ninety-six"),
    ],
)
def test_ages_over_89_in_more_phrasings(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "keep"),
    [
        ("Apgar 8 and 9; GA 39 weeks; SpO2 now 97 on room air.", "97"),
        ("Maternal grandmother, 67 anos, ajudará.", "67"),
        ("Firmware 25.4.21 on the screener.", "25.4.21"),
        ("HR now 92 after the bolus.", "92"),
    ],
)
def test_look_alikes_stay(scrubber: NotesScrubber, text: str, keep: str) -> None:
    assert _untouched(scrubber, text, keep)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("kit mailed to 412 Birchfold Ave S, Fl 3, Dover, DE 19901.", "412 Birchfold Ave S, Fl 3"),
        ("we live at 77 Quarry Rd Lot 12 if the nurse can come", "77 Quarry Rd Lot 12"),
        ("Mailing: 5 Pine St E Apt 2, Bangor", "5 Pine St E Apt 2"),
    ],
)
def test_street_lines_keep_their_compass_point_and_lot(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


def test_a_sentence_after_a_street_is_not_its_compass_point(scrubber: NotesScrubber) -> None:
    assert _untouched(scrubber, "Seen at 12 Main St. E. coli grew in the culture.", "coli")
