"""Date shift across three foreign-key hops (issue 13, item 11: "any depth").

labs -> admissions -> visits -> patients: a lab row reaches its patient only through two other
tables. Every date of one patient, in every table, moves by that patient's one offset, so the
intervals a study measures (visit to admission, admission to lab, one lab to the next) are kept
exactly, while two patients move by different offsets.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from medprivacy.deid.dates import date_offset
from medprivacy.deid.table.engine import release_tables
from medprivacy.deid.table.spec import parse_release_spec
from medprivacy.keys import Key

KEY = Key("three-hops-test-key")
PSEUDO = "{role: key, rule: pseudonym}"
DAY = "{role: date, rule: date_shift, identifier: date}"

# p1 has two visits; each has admissions; labs hang off admissions of both visits
PATIENTS = "ID,SEEN\np1,2020-01-01\np2,2020-01-01\n"
VISITS = "VID,PID,VDAY\nv1,p1,2020-01-05\nv2,p2,2020-01-05\nv3,p1,2021-06-30\n"
ADMISSIONS = (
    "AID,VID,ADAY\na1,v1,2020-01-06\na2,v2,2020-01-06\na3,v3,2021-07-02\na4,v1,2020-02-29\n"
)
LABS = (
    "LID,AID,TAKEN\nl1,a1,2020-01-07\nl2,a2,2020-01-07\nl3,a3,2021-07-03\nl4,a4,2020-03-01\n"
    "l5,a1,2020-01-09\n"
)
# each lab's patient, by hand: l1 a1 v1 p1; l2 a2 v2 p2; l3 a3 v3 p1; l4 a4 v1 p1; l5 a1 v1 p1
LAB_PATIENT = {"l1": "p1", "l2": "p2", "l3": "p1", "l4": "p1", "l5": "p1"}


def _spec(tmp: Path) -> Path:
    for name, text in (
        ("patients", PATIENTS),
        ("visits", VISITS),
        ("admissions", ADMISSIONS),
        ("labs", LABS),
    ):
        (tmp / f"{name}.csv").write_text(text)
    spec = tmp / "spec.yaml"
    spec.write_text(
        "release: pseudonymised\nreviewed: true\nreference_date: 2023-12-31\n"
        "patient_key: patients.ID\ntables:\n"
        "  patients:\n    path: patients.csv\n    primary_key: ID\n    columns:\n"
        f"      ID: {PSEUDO}\n      SEEN: {DAY}\n"
        "  visits:\n    path: visits.csv\n    primary_key: VID\n"
        "    foreign_keys: {PID: patients.ID}\n    columns:\n"
        f"      VID: {PSEUDO}\n      PID: {PSEUDO}\n      VDAY: {DAY}\n"
        "  admissions:\n    path: admissions.csv\n    primary_key: AID\n"
        "    foreign_keys: {VID: visits.VID}\n    columns:\n"
        f"      AID: {PSEUDO}\n      VID: {PSEUDO}\n      ADAY: {DAY}\n"
        "  labs:\n    path: labs.csv\n    primary_key: LID\n"
        "    foreign_keys: {AID: admissions.AID}\n    columns:\n"
        f"      LID: {PSEUDO}\n      AID: {PSEUDO}\n      TAKEN: {DAY}\n"
    )
    return spec


def _day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def test_three_hops_to_the_patient_shift_every_date_by_that_patients_offset(
    tmp_path: Path,
) -> None:
    spec_path = _spec(tmp_path)
    spec = parse_release_spec(spec_path.read_text(), str(spec_path), spec_path)
    result = release_tables(spec, KEY, tmp_path / "out", tmp_path / "private")
    offsets = {p: date_offset(KEY, p) for p in ("p1", "p2")}
    assert offsets["p1"] != offsets["p2"]  # else a wrong patient could go unnoticed

    def released(table: str, column: str) -> list[int]:
        frame = pl.read_csv(result.files[table], infer_schema=False)
        return [_day(v) for v in frame[column].to_list()]

    def source(text: str, column: str) -> list[int]:
        frame = pl.read_csv(text.encode(), infer_schema=False)
        return [_day(v) for v in frame[column].to_list()]

    labs_patients = [LAB_PATIENT[lid] for lid in pl.read_csv(LABS.encode())["LID"]]
    cases = [
        ("labs", "TAKEN", LABS, labs_patients),
        ("admissions", "ADAY", ADMISSIONS, ["p1", "p2", "p1", "p1"]),
        ("visits", "VDAY", VISITS, ["p1", "p2", "p1"]),
        ("patients", "SEEN", PATIENTS, ["p1", "p2"]),
    ]
    shifted: dict[str, list[int]] = {"p1": [], "p2": []}
    original: dict[str, list[int]] = {"p1": [], "p2": []}
    for table, column, text, patients in cases:
        got, before = released(table, column), source(text, column)
        assert len(got) == len(before) == len(patients)
        for g, b, p in zip(got, before, patients, strict=True):
            assert g - b == offsets[p], (table, column)
            shifted[p].append(g)
            original[p].append(b)
    for p in ("p1", "p2"):  # every interval between two dates of one patient is kept
        base, first = shifted[p][0], original[p][0]
        assert [d - base for d in shifted[p]] == [d - first for d in original[p]]
