"""PHI written in the many ways notes write it (issue 13): ages over 89 in every phrasing, social
security numbers with any separator or after a cue, licence plates of many states, IPv4 and IPv6
addresses in logs and URLs, dates with weekday names, ordinal words and ranges; clinical numbers
next to them stay."""

from __future__ import annotations

import pytest

pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")

from medprivacy.deid.text.scrubber import NotesScrubber


def _found(scrubber: NotesScrubber, text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in scrubber.find(text)]


def _covered(scrubber: NotesScrubber, text: str, phi: str) -> bool:
    """Every character of ``phi`` (found in ``text``) lies inside a span."""
    at = text.index(phi)
    spans = scrubber.find(text)
    return all(any(s.start <= i < s.end for s in spans) for i in range(at, at + len(phi)))


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("The patient, age 93.", "93"),  # the examples
        ("Age 95. Lives alone.", "95"),
        ("Pt is 93.", "93"),
        ("AGE: 95Y", "95"),
        ("93yo female with CHF.", "93"),
        ("a 93 y/o man with dementia", "93"),
        ("This 93-year-old woman presents.", "93"),
        ("93 yo M s/p fall", "93"),
        ("She turned 94 last month.", "94"),
        ("She celebrated her 95th birthday here.", "95"),
        ("Age/Sex: 91/F", "91"),
        ("She was 92 and widowed.", "92"),
        ("She is ninety-four years old.", "ninety-four"),
        ("aged ninety-one, she lives alone", "ninety-one"),
        ("DOB 1/2/1925 (age 96)", "96"),
        ("pt age 101, full code", "101"),
    ],
)
def test_ages_over_89_are_found_in_every_phrasing(
    scrubber: NotesScrubber, text: str, age: str
) -> None:
    # the span covers the whole token the age stands in ("95Y", "95th")
    assert any(label == "AGE" and found.startswith(age) for found, label in _found(scrubber, text))


@pytest.mark.parametrize(
    "text",
    [
        "Pt is 93% on RA.",
        "HR 96, BP 95/60, Temp 99.1, RR 18.",
        "gave 90 mg IV; weight: Pt is 95 kg.",
        "Pt is 89. Lives with son.",
        "she is 92 percent on 2L",
    ],
)
def test_clinical_numbers_and_ages_under_90_are_not_ages(
    scrubber: NotesScrubber, text: str
) -> None:
    assert not [f for f in _found(scrubber, text) if f[1] == "AGE"]


@pytest.mark.parametrize(
    ("text", "ssn"),
    [
        ("SSN 123-45-6789 on file.", "123-45-6789"),
        ("SSN 123 45 6789 on file.", "123 45 6789"),
        ("SS# 123.45.6789", "123.45.6789"),
        ("social: 123456789", "123456789"),
        ("her social security # is 223456789 per son", "223456789"),
        ("soc sec no. 512-44-0917", "512-44-0917"),
        ("my moms social is 512 44 0917 if you need it", "512 44 0917"),
        ("last 4 of her social 6789.", "6789"),
    ],
)
def test_social_security_numbers_with_any_separator_or_after_a_cue(
    scrubber: NotesScrubber, text: str, ssn: str
) -> None:
    assert _covered(scrubber, text, ssn)


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("NJ tag X45-DKP in lot.", "X45-DKP"),
        ("car w/ CA plates 7ABC123 towed", "7ABC123"),
        ("plate reads 'GRNDMA1'", "GRNDMA1"),
        ("vehicle reg PA JKL-4421", "JKL-4421"),
        ("lic plate# ABC 1234 (NY)", "ABC 1234"),
        ("Ohio plates GHT 2234 noted.", "GHT 2234"),
        ("security notified re: car in lot, nh plate 5hv 469; son to pick up", "5hv 469"),
        ("FL tag ABC D12 noted", "ABC D12"),
        ("IL license plate no. AB 12345", "AB 12345"),
        ("left in lot, 8XYZ123 (CA)", "8XYZ123"),
    ],
)
def test_licence_plates_of_many_states_and_formats(
    scrubber: NotesScrubber, text: str, plate: str
) -> None:
    assert _covered(scrubber, text, plate)


def test_a_plate_stops_before_the_next_word(scrubber: NotesScrubber) -> None:
    for text in ("NJ tag X45-DKP in lot.", "NJ TAG X45-DKP IN LOT"):
        assert ("X45-DKP", "ID") in _found(scrubber, text)
    assert not _found(scrubber, "reg insulin 10 units sc")


@pytest.mark.parametrize(
    ("text", "ip"),
    [
        ("src=10.2.3.4 GET /chart", "10.2.3.4"),
        ("client 32.8.231.4:17749 GET /ehr", "32.8.231.4"),
        ("http://192.168.1.20/pacs/viewer", "192.168.1.20"),
        ("login from 2001:db8::8a2e:370:7334 ok", "2001:db8::8a2e:370:7334"),
        ("https://[fe80::1ff:fe23:4567:890a]:8443/chart", "fe80::1ff:fe23:4567:890a"),
        (
            "peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334 closed",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        ),
        ("mapped ::ffff:10.0.0.5 seen", "10.0.0.5"),
    ],
)
def test_ipv4_and_ipv6_addresses_in_logs_and_urls(
    scrubber: NotesScrubber, text: str, ip: str
) -> None:
    assert _covered(scrubber, text, ip)


def test_clock_times_are_not_ipv6(scrubber: NotesScrubber) -> None:
    assert not _found(scrubber, "at 10:30:45 the pt was turned; q2h 08:00:00")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Seen on Tuesday, March 3, 2021.", "March 3, 2021"),
        ("Seen Tue 3/9 in clinic.", "3/9"),
        ("Seen on the third of March.", "third of March"),
        ("Admitted March twenty-first, 2021.", "March twenty-first, 2021"),
        ("Stayed March 3-5, 2021 at the hospital.", "March 3-5, 2021"),
        ("Stayed 3-5 March 2021 at the hospital.", "3-5 March 2021"),
        ("Admitted Jul 30 - Aug 2, 2021.", "Jul 30 - Aug 2, 2021"),
        ("Stayed from 3/3 to 3/7 then 3/8-3/10.", "3/8-3/10"),
        ("Visited 30.8.2021 abroad.", "30.8.2021"),
        ("2021-11-14T18:11:55Z user=u18401", "2021-11-14"),
    ],
)
def test_dates_with_weekdays_ordinal_words_and_ranges(
    scrubber: NotesScrubber, text: str, date: str
) -> None:
    assert _covered(scrubber, text, date)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("chart # 202-04-46", "202-04-46"),
        ("Med Rec #: A1234567", "A1234567"),
        ('From: "Wilhelmina Haverford" <wh@example.com>', "Wilhelmina Haverford"),
        ("Reporter: Cyrus Ravensworth, privacy office", "Cyrus Ravensworth"),
        ("Hi, this is Ignatius, Rosalind Esposito's daughter.", "Ignatius"),
        ("Hi, this is Ignatius, Rosalind Esposito's daughter.", "Rosalind Esposito"),
        ("Review window 15.8.2020.", "15.8.2020"),
    ],
)
def test_identifiers_in_messages_and_forms(scrubber: NotesScrubber, text: str, phi: str) -> None:
    assert _covered(scrubber, text, phi)


@pytest.mark.parametrize(
    "text",
    ["This is Tylenol, not aspirin.", "To: Emergency Department", "The patient's daughter called."],
)
def test_message_phrasings_without_a_name_are_left_alone(
    scrubber: NotesScrubber, text: str
) -> None:
    assert not [f for f in _found(scrubber, text) if f[1] == "NAME"]


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("PATIENT NAME........: FEATHERSTONE, ESPERANZA", "FEATHERSTONE, ESPERANZA"),
        ("MRN.................: 40E21003", "40E21003"),
        ("| Member | Dolores Vanderhoof |", "Dolores Vanderhoof"),
        ("| Age at visit: 93 |", "93"),
        ("Age (yrs): 101. Please call.", "101"),
        ("COLLECTED...........: 01MAR2020 0921", "01MAR2020"),
        ("ambulance; Plate/State: 8FZF485/CA |", "8FZF485"),
    ],
)
def test_identifiers_in_forms_with_leaders_and_table_cells(
    scrubber: NotesScrubber, text: str, phi: str
) -> None:
    assert _covered(scrubber, text, phi)
