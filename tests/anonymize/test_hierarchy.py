"""Hierarchies: ARX CSV and every built-in kind, levels that only merge, errors without values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from medprivacy.anonymize import hierarchy as H
from medprivacy.anonymize.lattice import leaf_codes
from medprivacy.errors import ConfigError, InputError

ADULT = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "anon" / "adult"


def level(h: H.Hierarchy, value: str, lv: int) -> str:
    return h.labels[lv][h.leaves.index(value)]


@pytest.mark.skipif(not ADULT.exists(), reason="needs ../shared/data/anon/adult")
def test_csv_hierarchy_reads_arx_levels() -> None:
    h = H.from_csv("age", ADULT / "adult_hierarchy_age.csv")
    assert h.height == 5
    assert [level(h, "39", lv) for lv in range(5)] == ["39", "35-39", "30-39", "20-39", "*"]


def test_csv_without_top_level_gets_one(tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_text("a;x\nb;x\nc;y\n")
    h = H.from_csv("col", tmp_path / "h.csv")
    assert h.height == 3 and set(h.labels[2]) == {"*"}


def test_intervals_group_by_widths_from_zero() -> None:
    h = H.intervals("age", [3, 17, 18, 44], widths=[10, 20])
    assert [level(h, "17", lv) for lv in range(4)] == ["17", "10-20", "0-20", "*"]
    assert level(h, "44", 2) == "40-60"


def test_intervals_with_explicit_bins() -> None:
    h = H.intervals("age", [3, 17, 18, 70], bins=[[18, 65], [18]])
    assert [level(h, "3", lv) for lv in (1, 2)] == ["-18", "-18"]
    assert [level(h, "70", lv) for lv in (1, 2)] == ["65-", "18-"]
    assert level(h, "18", 1) == "18-65"


def test_intervals_whose_levels_split_a_group_are_refused() -> None:
    with pytest.raises(ConfigError, match="splits a group"):
        H.intervals("age", [4, 7], widths=[4, 6])


def test_dates_generalize_day_month_year_5_and_10_years() -> None:
    h = H.dates("admitted", ["2013-07-04", "1999-12-31"])
    assert [level(h, "2013-07-04", lv) for lv in range(6)] == [
        "2013-07-04", "2013-07", "2013", "2010-2014", "2010-2019", "*",
    ]  # fmt: skip
    assert level(h, "1999-12-31", 3) == "1995-1999"


def test_prefix_masks_trailing_characters() -> None:
    h = H.prefix("zip", ["02139", "02141", "10001"], keep=[3, 1])
    assert [level(h, "02139", lv) for lv in range(4)] == ["02139", "021**", "0****", "*"]
    default = H.prefix("zip", ["02139"])
    assert default.height == 6 and level(default, "02139", 1) == "0213*"


def test_groups_map_categories_level_by_level() -> None:
    h = H.groups("race", ["White", "Black", "Asian"], [{"Black": "Other", "Asian": "Other"}])
    assert level(h, "White", 1) == "White" and level(h, "Asian", 1) == "Other"
    assert h.height == 3


def test_hierarchy_that_splits_a_group_is_refused() -> None:
    with pytest.raises(ConfigError, match="level 2 splits"):
        H.from_rows("x", [["a", "g", "p", "*"], ["b", "g", "q", "*"]])


def test_value_missing_from_hierarchy_names_the_data_row_not_the_value() -> None:
    h = H.from_rows("zip", [["02139", "*"], ["02140", "*"], ["02141", "*"]])
    canary = "99999-CANARY"
    values = ["02139", "02140", "02139", "02141", "02140", "02139", canary]
    with pytest.raises(InputError) as err:
        leaf_codes(pd.Series(values), h, "zip")
    # row 7 of the data (1-based), not the canary's place among the distinct values (4th)
    assert "column 'zip', row 7: value not in its hierarchy" in str(err.value)
    assert canary not in str(err.value)


def test_missing_quasi_identifier_value_is_refused_by_its_1_based_row() -> None:
    h = H.from_rows("zip", [["02139", "*"]])
    with pytest.raises(InputError, match="row 2: missing value"):
        leaf_codes(pd.Series(["02139", None]), h, "zip")


def test_csv_hierarchy_saved_by_excel_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes("Été;E\r\nHiver;H\r\n\r\n".encode("utf-8-sig"))
    h = H.from_csv("saison", path)
    assert h.leaves == ("Été", "Hiver")
    assert list(leaf_codes(pd.Series(["Été", "Hiver"]), h, "saison")) == [0, 1]


def test_latin1_hierarchy_csv_is_a_one_line_config_error(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes("Été;E\nHiver;H\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"h\.csv is not UTF-8") as err:
        H.from_csv("saison", path)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("bad", ["inf", "-inf", "NaN"])
def test_infinite_or_nan_under_intervals_is_an_input_error(bad: str) -> None:
    with pytest.raises(InputError, match="column 'age': a value is infinite or NaN") as err:
        H.intervals("age", ["30", bad, "41"], widths=[10])
    assert "\n" not in str(err.value)
