"""The synthetic clinical-notes corpus: exact spans, coverage of kinds and labels, determinism."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from medprivacy.testing import notes_corpus
from medprivacy.testing.notes_corpus import (
    KINDS,
    LABELS,
    SPAN_KINDS,
    Note,
    generate_notes,
    read_jsonl,
    write_jsonl,
)


@pytest.fixture(scope="module")
def notes() -> list[Note]:
    return generate_notes(200, seed=0)


def _covered(note: Note) -> list[bool]:
    cov = [False] * len(note.text)
    for s in note.spans:
        for i in range(s["start"], s["end"]):
            cov[i] = True
    return cov


def test_every_span_is_the_exact_value_it_was_built_from(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[str, str]] = []
    original = notes_corpus._Text.phi

    def recording(self: notes_corpus._Text, s: str, kind: str) -> None:
        built.append((s, kind))
        original(self, s, kind)

    monkeypatch.setattr(notes_corpus._Text, "phi", recording)
    made = generate_notes(60, seed=7)
    spans = [(n.text[s["start"] : s["end"]], s["kind"]) for n in made for s in n.spans]
    assert len(spans) == len(built) > 500
    for (value, kind), (got, got_kind) in zip(built, spans, strict=True):
        assert got_kind == kind
        assert got.lower() == value.lower()  # only a note-wide upper/lower casing may differ


def test_spans_are_sorted_non_overlapping_trimmed_and_labelled(notes: list[Note]) -> None:
    for note in notes:
        end = 0
        for s in note.spans:
            assert set(s) == {"start", "end", "label", "kind"}
            value = note.text[s["start"] : s["end"]]
            assert value and value == value.strip(), (note.id, s)
            assert s["start"] >= end, (note.id, s)
            assert s["label"] == SPAN_KINDS[s["kind"]] and s["label"] in LABELS
            end = s["end"]


def test_all_five_kinds_and_nine_labels_appear_in_200_notes(notes: list[Note]) -> None:
    assert {n.kind for n in notes} == set(KINDS)
    labels = Counter(s["label"] for n in notes for s in n.spans)
    assert set(labels) == set(LABELS)
    kinds = {s["kind"] for n in notes for s in n.spans}
    assert kinds == set(SPAN_KINDS)
    assert labels["NAME"] > 500 and labels["DATE"] > 500 and labels["AGE"] > 50


def test_same_seed_gives_the_same_notes_and_another_seed_differs() -> None:
    a, b, c = generate_notes(25, seed=3), generate_notes(25, seed=3), generate_notes(25, seed=4)
    assert a == b
    assert [n.text for n in a] != [n.text for n in c]


def test_notes_vary_in_length_and_shape(notes: list[Note]) -> None:
    words = [len(n.text.split()) for n in notes]
    assert min(words) >= 80 and max(words) <= 800
    assert 200 <= sum(words) / len(words) <= 400
    assert len({n.text.split("\n", 1)[0] for n in notes}) > 60  # many different openings


_BARE_YEAR = re.compile(
    r"\b(?:since|in|quit(?: in)?|from|\()\s?((?:19|20)\d\d)(?![-/\d])(?!,? ?\d)", re.I
)
_AGE = re.compile(
    r"(?<![\d/.-])(\d{1,3})(?:[- ]?(?:yo|y/o|year[- ]old|years old|yr-old|-yo)\b|[MF]\b)|"
    r"\b(?:aged|age:|Age) (\d{1,3})\b"
)


def test_bare_years_and_ages_under_90_are_in_the_text_but_never_in_a_span(
    notes: list[Note],
) -> None:
    years = young = old = 0
    for note in notes:
        cov = _covered(note)
        for m in _BARE_YEAR.finditer(note.text):
            years += 1
            assert not any(cov[m.start(1) : m.end(1)]), (note.id, m[0])
        for m in _AGE.finditer(note.text):
            g = 1 if m[1] else 2
            age = int(m[g])
            inside = any(cov[m.start(g) : m.end(g)])
            if age < 90:
                young += 1
                assert not inside, (note.id, m[0])
            else:
                old += 1
                assert inside, (note.id, m[0])
    assert years > 50 and young > 100 and old > 50


def test_ages_over_89_are_labelled_by_their_number_or_words(notes: list[Note]) -> None:
    ages = [
        n.text[s["start"] : s["end"]] for n in notes for s in n.spans if s["kind"] == "age_over_89"
    ]
    numbers = [int(a) for a in ages if a.isdigit()]
    assert numbers and min(numbers) >= 90
    assert all(a.isdigit() or a.lower().startswith(("ninety", "one hundred")) for a in ages)


def test_partial_dates_are_labelled_but_times_and_clinical_ratios_are_not(
    notes: list[Note],
) -> None:
    dates = {n.text[s["start"] : s["end"]] for n in notes for s in n.spans if s["label"] == "DATE"}
    assert any(re.fullmatch(r"[A-Z][a-z]+ \d{4}", d) for d in dates)  # "March 2019"
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}", d) for d in dates)  # "3/14"
    assert any(re.fullmatch(r"\d{1,2}(st|nd|rd|th) of [A-Z][a-z]+", d) for d in dates)
    look_alikes = re.compile(
        r"\bBP \d+/\d+|\bpain \d{1,2}/10|relief to \d{1,2}/10|\b[2-5]/[5-6] (?:SEM|strength)|"
        r"\b(?:L4-5|C5-C6|L5-S1)\b|"
        r"\b25/100\b|\b800/160\b|\b5/325\b|\bx3\b|\b\d\.\d\d/\d+/\d+|\b\d{2}:\d{2}\b|"
        r"(?<!dr\. )(?<!dr )(?<!dr\.)(?:Parkinson's|Foley catheter|Babinski|Glasgow|Cushing's|"
        r"Murphy's)",
        re.I,
    )
    seen = 0
    for note in notes:
        cov = _covered(note)
        for m in look_alikes.finditer(note.text):
            seen += 1
            assert not any(cov[m.start() : m.end()]), (note.id, m[0])
    assert seen > 500


def _tokens(value: object) -> list[str]:
    return [t for t in re.findall(r"\w+", str(value).lower()) if len(t) >= 2]


def test_context_values_of_the_patient_appear_in_the_note_text(notes: list[Note]) -> None:
    with_context = [n for n in notes if n.context]
    assert 100 < len(with_context) < len(notes)  # some notes come without a context
    key_styles = {frozenset(n.context) & {"FIRST", "first_name", "given", "first"} for n in notes}
    assert len(key_styles) >= 4
    for note in with_context:
        text = note.text.lower()
        for key, value in note.context.items():
            tokens = _tokens(value)
            if re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", str(value)):  # a phone may lack its area code
                tokens = [re.sub(r"\D", "", str(value))[-4:]]
            for token in tokens:
                assert token in text, (note.id, key, value)


def test_patient_names_appear_in_several_forms(notes: list[Note]) -> None:
    names = [n.text[s["start"] : s["end"]] for n in notes for s in n.spans if s["label"] == "NAME"]
    assert any(re.fullmatch(r"[A-Z][\w'-]+, [A-Z][\w'-]+.*", x) for x in names)  # Last, First
    assert any(re.fullmatch(r"[A-Z]\. [A-Z][\w' -]+", x) for x in names)  # J. Smith
    assert any(re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)?[A-Z]\.", x, re.I) for x in names)  # initials
    assert any(x.islower() for x in names)  # nursing shorthand
    assert any("'" in x for x in names) and any("-" in x for x in names)


def test_supplied_patients_are_used_and_their_rows_are_the_context() -> None:
    rows = [
        {
            "ID": "71949668-1c2e",
            "BIRTHDATE": "5/28/21",
            "DEATHDATE": "",
            "SSN": "999-60-7250",
            "FIRST": "Elly802",
            "LAST": "Koss811",
            "GENDER": "F",
            "ADDRESS": "609 Lizeth Streets Bolton MA 01740 US",
            "AGE": "96",
        },
        {
            "ID": "c2caaace-9119",
            "BIRTHDATE": "9/22/36",
            "DEATHDATE": "11/6/87",
            "SSN": "999-25-1103",
            "FIRST": "Kim254",
            "LAST": "Barrows624",
            "GENDER": "M",
            "ADDRESS": "646 McCullough Points Suite 161 Attleboro MA 02703 US",
            "AGE": "81",
        },
    ]
    made = generate_notes(40, seed=2, patients=rows)
    assert all(n.context in rows for n in made)
    names = {n.text[s["start"] : s["end"]].lower() for n in made for s in n.spans}
    assert {"koss", "barrows"} & {w for x in names for w in re.findall(r"[a-z]+", x)}
    streets = {
        n.text[s["start"] : s["end"]] for n in made for s in n.spans if s["kind"] == "street"
    }
    cities = {n.text[s["start"] : s["end"]] for n in made for s in n.spans if s["kind"] == "city"}
    assert "609 Lizeth Streets" in streets or "646 McCullough Points Suite 161" in streets
    assert {"Bolton", "Attleboro"} & cities
    raw = [n for n in made if "Koss811" in n.text or "Barrows624" in n.text]
    assert all(
        any(n.text[s["start"] : s["end"]].endswith(("Koss811", "Barrows624")) for s in n.spans)
        for n in raw
    )


def test_write_jsonl_round_trips(notes: list[Note], tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    write_jsonl(notes[:30], path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 30 and lines[0].startswith("{")
    assert read_jsonl(path) == notes[:30]
