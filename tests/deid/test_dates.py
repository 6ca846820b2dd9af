"""Keyed per-patient date shifting: exact intervals, stable per key, different per patient."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from medprivacy.deid.dates import (
    date_offset,
    shift_date,
    shift_datetime,
    shift_time,
    time_offset,
)
from medprivacy.keys import Key


def test_offset_is_stable_for_a_key_and_in_range() -> None:
    k = Key("k")
    offsets = {date_offset(Key("k"), "MRN-1") for _ in range(3)}
    assert len(offsets) == 1
    assert -365 <= date_offset(k, "MRN-1") <= -1
    assert 10 <= date_offset(k, "MRN-1", (10, 20)) <= 20


def test_offset_normalises_the_patient_id() -> None:
    k = Key("k")
    assert date_offset(k, " mrn-1 ") == date_offset(k, "MRN-1")


def test_offsets_differ_across_patients_and_keys() -> None:
    k = Key("k")
    per_patient = {date_offset(k, f"MRN-{i}") for i in range(50)}
    assert len(per_patient) > 30  # 50 draws from 365 values
    assert [date_offset(k, f"MRN-{i}") for i in range(20)] != [
        date_offset(Key("other"), f"MRN-{i}") for i in range(20)
    ]
    assert 0 <= time_offset(k, "MRN-1") < 86_400


def test_dates_shift_keeps_intervals() -> None:
    visits = ["20200131", "20200301", "20210228", "20240229"]
    shifted = [shift_date(v, -200) for v in visits]

    def days(x: str, y: str) -> int:
        return (
            date(int(y[:4]), int(y[4:6]), int(y[6:])) - date(int(x[:4]), int(x[4:6]), int(x[6:]))
        ).days

    for (a, b), (sa, sb) in zip(pairwise(visits), pairwise(shifted), strict=True):
        assert sa is not None and sb is not None
        assert days(a, b) == days(sa, sb)
    assert shift_date("20200301", -1) == "20200229"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20200101-20200110", "20191222-20191231"),
        ("-20200110", "-20191231"),
        ("2020.01.10", "20191231"),
        ("2020", None),
        ("20201340", None),
        ("not a date", None),
    ],
)
def test_shift_date_handles_ranges_and_rejects_what_is_not_a_date(
    value: str, expected: str | None
) -> None:
    assert shift_date(value, -10) == expected


def test_shift_time_wraps_at_midnight_and_keeps_fraction() -> None:
    assert shift_time("235959.123", 2) == "000001.123"
    assert shift_time("1200", 60) == "120100"
    assert shift_time("25", 0) is None


def test_shift_datetime_moves_date_and_time_together() -> None:
    assert shift_datetime("20200101233000.5+0100", -1, 3600) == "20200101003000.5+0100"
    assert shift_datetime("20200101", -1, 3600) == "20191231"
    assert shift_datetime("2020", -1, 0) is None


def test_shifts_before_year_1_give_none_not_an_overflow() -> None:
    assert shift_date("00010105", -30) is None
    assert shift_date("00010105-00010301", -30) is None
    assert shift_datetime("00010105101500", -30, 0) is None
    assert shift_date("00010301", -30) == "00010130"
