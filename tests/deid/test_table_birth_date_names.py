"""Which columns Safe Harbor treats as birth dates (issue 13, item 16).

A birth year implying an age over 89 must be aggregated, so Safe Harbor refuses ``date_year`` on a
birth date without ``age_cap: true``, and ``inspect`` drafts the cap. A birth date is recognised
by its column's name; EHR exports spell it in camelCase (``PatientDOB``, ``dobDate``) or with
"born" as often as BIRTHDATE or DOB, and a name missed here released uncapped birth years of
patients over 89 without a word.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from medprivacy.deid.table.inspect import propose_spec
from medprivacy.deid.table.spec import is_birth_date, parse_release_spec
from medprivacy.errors import ConfigError

BIRTH = [
    "BIRTHDATE",
    "date_of_birth",
    "DOB",
    "PAT_DOB",
    "BIRTH_DT_TM",
    "birth_datetime",
    "PatientBirthDate",
    "PatientDOB",
    "PatDob",
    "DOBDate",
    "dobDate",
    "born",
    "BORN_ON",
    "date_born",
]
NOT_BIRTH = ["ADMIT_DT", "DOD", "visit_date", "adobe_date", "ADOBE", "dobutamine_start"]


def _spec(column: str, cap: bool = False) -> str:
    extra = ", age_cap: true" if cap else ""
    return (
        "release: safe_harbor\nreviewed: true\npatient_key: p.ID\ntables:\n  p:\n"
        "    path: p.csv\n    columns:\n      ID: {role: key, rule: release_code}\n"
        f"      {column}: {{role: date, rule: date_year, identifier: date{extra}}}\n"
    )


@pytest.mark.parametrize("column", BIRTH)
def test_safe_harbor_refuses_an_uncapped_birth_year_however_the_column_is_spelled(
    column: str,
) -> None:
    with pytest.raises(ConfigError, match=f"p.{column}: a birth year needs age_cap: true"):
        parse_release_spec(_spec(column), "spec.yaml")
    parse_release_spec(_spec(column, cap=True), "spec.yaml")


@pytest.mark.parametrize("column", NOT_BIRTH)
def test_other_dates_and_look_alike_words_are_not_birth_dates(column: str) -> None:
    assert not is_birth_date(column)
    parse_release_spec(_spec(column), "spec.yaml")


def test_inspect_drafts_the_age_cap_on_every_spelling_of_a_birth_date(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    births = ("PatientDOB", "DOBDate", "date_born")
    path.write_text(
        f"PatientId,{','.join(births)},VisitDate\n"
        "p1,1931-04-02,1931-04-02,1931-04-02,2020-01-05\n"
        "p2,1980-07-19,1980-07-19,1980-07-19,2020-02-01\n"
    )
    draft = yaml.safe_load(propose_spec([path], use_presidio=False))
    columns = draft["tables"]["patients"]["columns"]
    for name in births:
        assert columns[name]["rule"] == "date_year", name
        assert columns[name].get("age_cap") is True, name
    assert not columns["VisitDate"].get("age_cap")
