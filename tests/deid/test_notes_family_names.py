"""Names found after a cue in family-health notes (after the eighth blind style): role and
relationship labels in English, Portuguese, German, Spanish and Irish usage, greetings, maiden-name
markers, self-introductions in lower-case speech transcripts, names split by a hyphen across an
OCR line break, and county / town form fields. Every phrasing and value here is our own; the
look-alikes beside them stay."""

from __future__ import annotations

import pytest

pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")

from medprivacy.deid.text.scrubber import NotesScrubber

from .notes_spans import covered as _covered
from .notes_spans import untouched as _untouched


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Hi Zorvenka,\nThe scale reading was fine today.", "Zorvenka"),
        ("Hello quillamae, sorry to write again about the rash.", "quillamae"),
        ("Olá Tavinha,\nsegue o resultado do teste.", "Tavinha"),
        ("Hola Brisenda,\nle escribo por la cita.", "Brisenda"),
        ("Liebe Odwina,\ndie Werte sind gut.", "Odwina"),
    ],
)
def test_greeting_takes_the_name_after_it(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


def test_recipient_from_the_to_line_is_found_again_in_the_body(scrubber: NotesScrubber) -> None:
    text = "To: Velisande Orrakin\nSubject: RE: feeds\n\nvelisande sorry, one more question."
    assert _covered(scrubber, text, "velisande")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Hi team,\nThe clinic moves to Tuesday.", "team"),
        ("Hello all,\nPlease see the rota.", "all"),
        ("Dear Sir/Madam,\nPlease find the form.", "Madam"),
        ("Hi there,\nJust checking in.", "there"),
        ("Hello again, the pump is back.", "again"),
        ("Hola equipo,\nla reunión es el martes.", "equipo"),
    ],
)
def test_common_words_after_a_greeting_stay(scrubber: NotesScrubber, text: str, word: str) -> None:
    assert _untouched(scrubber, text, word)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("ATTENDANT: Quorilda Pemberhaze, CNM   NPI 1000000004", "Quorilda Pemberhaze"),
        ("Parent/guardian 2: Tavish Morrowgate  work 555-0142", "Tavish Morrowgate"),
        ("DME rep Ysolde Frankhurst (555) 010-4477", "Ysolde Frankhurst"),
        ("   SW Brannoc following: transport, food bank.", "Brannoc"),
        ("FOB Daelric parks in the garage.", "Daelric"),
        ("PHN Corriane Vantablo, NMBI PIN 000111", "Corriane Vantablo"),
        ("RN: Ulvira Stenhammar, BSN   License RN 000", "Ulvira Stenhammar"),
        ("Child's name (first, middle, last): Pellam Oriel Vasterling", "Pellam Oriel Vasterling"),
        ("Child: Merriweth Quandry   NHS No: 000 000 0000", "Merriweth Quandry"),
        ("Proband: Seo-ryeon Tavaki (II-1), DOB 1 Jan 1990", "Seo-ryeon Tavaki"),
        ("Name prior to first marriage: Lusette Harrowby   9. Birthplace", "Lusette Harrowby"),
    ],
)
def test_english_role_labels_are_name_cues(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("RN de Jucilene Marambaia   Prontuário: 00-000", "Jucilene Marambaia"),
        ("Médico(a): Tavarino Quelhas -- CRM-XX 000000", "Tavarino Quelhas"),
        ("Hebamme: Wiltrud Ebersmann, IK 000000000", "Wiltrud Ebersmann"),
        ("Name der Versicherten: Kornblum, Hedwiga   geb. 01.01.1990", "Kornblum, Hedwiga"),
        ("U2 durch Dr. med. Vasquell (LANR 000000000)", "Vasquell"),
        ("Mother: Orlaith Ó Connachtáin (née Mac Dardis)", "Ó Connachtáin"),
        ("Mother: Siofra Kelleway (née Ó Braonáin)   Card", "Ó Braonáin"),
        ("al trabajo de mi esposo Teodulo 555-0100", "Teodulo"),
    ],
)
def test_role_labels_in_other_languages(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Family: Fiachna (partner) back at work.", "Fiachna"),
        ("Counseling log: spoke with Quennith (mom) at pickup.", "Quennith"),
        ("placed with foster parents Orvel Danecroft and Jae-min on 1/2/20.", "Jae-min"),
        ("Dandrea Whitlock, SCPHN (HV), NMC PIN 00X0000X", "Dandrea Whitlock"),
    ],
)
def test_relationship_words_around_a_name(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("hi um this is perpetua valdrenne calling about my son", "perpetua valdrenne"),
        ("hola buenas tardes habla idalina corvasque la mamá de Tiago", "idalina corvasque"),
        ("hello my name is ha-rin seodal calling back", "ha-rin seodal"),
    ],
)
def test_lower_case_names_after_a_self_introduction(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("hi um this is about the refill for the inhaler", "about"),
        ("this is the pharmacy calling about a refill", "pharmacy"),
    ],
)
def test_common_words_after_an_introduction_stay(
    scrubber: NotesScrubber, text: str, word: str
) -> None:
    assert _untouched(scrubber, text, word)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Patient Name: Worth-\nington, Delphy\nD O B : 01/01/2021", "Worth-\nington"),
        ("Prcscriber: Kessel-\nbrook, MD   NPI: 0000000000", "Kessel-\nbrook"),
    ],
)
def test_name_split_by_a_hyphen_across_a_line(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("10b. County: Quarrowby   10c. City or town: Fenmouth\n", "Quarrowby"),
        ("10b. County: Quarrowby   10c. City or town: Fenmouth\n", "Fenmouth"),
        ("birth father whereabouts unknown (last known Ostervale).", "Ostervale"),
    ],
)
def test_county_and_town_fields(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


def test_turnpike_abbreviation_is_a_street(scrubber: NotesScrubber) -> None:
    text = "kit mailed to 412 Grey Heron Tpke, Fenmouth, ME 04000."
    assert _covered(scrubber, text, "412 Grey Heron Tpke")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Kind of tired today, slept poorly.", "tired"),
        ("RN to call family tomorrow.", "call"),
        ("Mother: declined the leaflet, father present.", "leaflet"),
        ("Child: Baby Boy, 3.2 kg at birth.", "kg"),
        ("County: Unknown   City or town: Unknown", "Unknown"),
        ("Prescriber: see attached order.", "attached"),
        ("COUNTY AT DX........: WOOD\nTELEPHONE", "AT DX"),
    ],
)
def test_cue_look_alikes_stay(scrubber: NotesScrubber, text: str, word: str) -> None:
    assert _untouched(scrubber, text, word)
