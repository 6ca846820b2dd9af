"""Issue 12 rules for DP statistics: types from the spec, each query at its own share, add/remove
sensitivity, the row-count bound, row-wise rules for bad cells, and a stated privacy unit."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from medprivacy.budget import Ledger
from medprivacy.dp import StatsRelease, dp_release, parse_stats_spec, release_stats
from medprivacy.dp.release import read_table
from medprivacy.errors import ConfigError, InputError
from medprivacy.keys import Key

TAIL = math.log(1e6)
ROW = {"id": None}


def _release(df: Any, spec: Mapping[str, Any], epsilon: float = 1.0) -> StatsRelease:
    return release_stats(df, parse_stats_spec({**spec, "budget": {"epsilon": epsilon}}))


def test_neighbours_differing_in_one_cell_7_vs_7_5_get_the_same_mechanism(tmp_path: Path) -> None:
    ints = pd.DataFrame({"x": [7] * 500})
    one_float = ints.astype({"x": float})
    one_float.loc[0, "x"] = 7.5
    spec = {"privacy_unit": ROW, "queries": [{"name": "s", "kind": "sum", "column": "x",
                                              "bounds": [0, 10]}]}  # fmt: skip
    for declared, mechanism in ((None, "Float Laplace"), ("int", "Integer Laplace")):
        full = spec if declared is None else {**spec, "columns": {"x": declared}}
        seen = set()
        for i, df in enumerate((ints, one_float)):
            path = tmp_path / f"t{i}.csv"
            df.to_csv(path, index=False)
            for table in (df, read_table(path)):  # a DataFrame and a CSV read alike
                seen.add(_release(table, full).statistics["s"].mechanism)
        assert seen == {mechanism}


def test_text_categories_survive_one_cell_that_makes_the_dataframe_float() -> None:
    # pandas stores [7, 8, ...] as int64 but a neighbour with one 7.5 as float64: every other
    # row's "7" must stay "7" (it read "7.0" and fell out of the declared categories)
    ints = pd.DataFrame({"code": [7] * 500 + [8] * 500})
    one_float = ints.astype({"code": float})
    one_float.loc[0, "code"] = 7.5
    spec = {"privacy_unit": ROW, "queries": [{"name": "h", "kind": "histogram", "column": "code",
                                              "categories": ["7", "8"]}]}  # fmt: skip
    for df in (ints, one_float):
        cells = _release(df, spec, epsilon=20.0).statistics["h"].value
        assert list(cells["code"]) == ["7", "8"]
        assert abs(cells["count"].iloc[1] - 500) <= 2  # the 8s are all counted in both


def test_one_mixed_cell_in_a_dataframe_column_is_empty_not_a_refusal() -> None:
    # an object column with one "oops" (or a number in a text column the spec never reads) made
    # polars refuse the whole DataFrame: the neighbour got no release at all
    base = pd.DataFrame({"code": [7] * 500 + [8] * 500, "note": ["x"] * 1000})
    oops = base.astype({"code": object, "note": object})
    oops.loc[0, "code"], oops.loc[1, "note"] = "oops", 3
    spec = {"privacy_unit": ROW, "queries": [{"name": "h", "kind": "histogram", "column": "code",
                                              "categories": ["7", "8"]}]}  # fmt: skip
    for df, sevens in ((base, 500), (oops, 499)):
        cells = _release(df, spec, epsilon=20.0).statistics["h"].value
        assert abs(cells["count"].iloc[0] - sevens) <= 2


def test_an_infinite_weight_is_a_one_line_config_error() -> None:
    count = {"kind": "count", "weight": float("inf")}
    with pytest.raises(ConfigError, match="weight"):
        parse_stats_spec({"privacy_unit": ROW, "queries": [{"name": "n", **count}]})


def test_a_cell_that_does_not_fit_the_declared_type_is_empty() -> None:
    df = pd.DataFrame({"x": ["7"] * 1000 + ["7.5"] * 1000})
    spec = {"privacy_unit": ROW, "columns": {"x": "int"}, "queries": [
        {"name": "s", "kind": "sum", "column": "x", "bounds": [0, 10]}]}  # fmt: skip
    assert abs(_release(df, spec).statistics["s"].value - 7000) <= 10 * TAIL


def test_nan_and_inf_are_empty_cells_and_follow_the_missing_rule() -> None:
    x = np.concatenate([np.full(1000, 50.0), np.full(500, np.inf), np.full(500, np.nan)])
    df = pd.DataFrame({"x": x})
    m = {"kind": "mean", "column": "x", "bounds": [0, 100]}
    spec = {"privacy_unit": ROW, "queries": [{"name": "m", **m}, {"name": "z", "missing": 0, **m}]}
    stats = _release(df, spec, epsilon=4.0).statistics
    assert abs(stats["m"].value - 50) < 5  # inf clipped to 100 would give about 66.7
    assert abs(stats["z"].value - 25) < 5


def test_undeclared_types_default_from_the_spec_only() -> None:
    spec = parse_stats_spec({"privacy_unit": {"id": "pid", "order_by": "day"}, "queries": [
        {"name": "s", "kind": "sum", "column": "los", "bounds": [0, 30]},
        {"name": "h", "kind": "histogram", "column": "code", "categories": [1, 2]},
        {"name": "d", "kind": "histogram", "column": "dx", "categories": ["I10"]}]})  # fmt: skip
    assert spec.column_types() == {"los": "float", "code": "int", "dx": "str", "pid": "str",
                                   "day": "str"}  # fmt: skip
    with pytest.raises(ConfigError, match="'nope', which no query uses"):
        parse_stats_spec({"privacy_unit": ROW, "columns": {"nope": "int"},
                          "queries": [{"name": "n", "kind": "count"}]})  # fmt: skip


@pytest.mark.parametrize(("weights", "scales"), [([1, 3], [4.0, 4 / 3]), ([3, 1], [4 / 3, 4.0])])
def test_each_query_is_calibrated_to_its_own_weight(
    weights: list[float], scales: list[float]
) -> None:
    df = pd.DataFrame({"x": np.arange(1000)})
    spec = {
        "privacy_unit": ROW,
        "queries": [{"name": f"n{i}", "kind": "count", "weight": w} for i, w in enumerate(weights)],
    }
    rel = _release(df, spec)
    got = [next(iter(rel.statistics[f"n{i}"].scale.values())) for i in range(2)]
    assert got == pytest.approx(scales, rel=1e-6)


def test_sum_with_bounds_minus_10_to_100_is_not_refused() -> None:
    df = pd.DataFrame({"x": np.full(1000, 50.0)})
    spec = {"privacy_unit": ROW, "queries": [
        {"name": "s", "kind": "sum", "column": "x", "bounds": [-10, 100]}]}  # fmt: skip
    stat = _release(df, spec).statistics["s"]
    assert abs(stat.value - 50_000) <= next(iter(stat.scale.values())) * TAIL


def test_more_rows_than_the_public_max_rows_is_refused_before_planning() -> None:
    df = pd.DataFrame({"x": np.arange(200)})
    spec = {"privacy_unit": ROW, "max_rows": 100, "queries": [{"name": "n", "kind": "count"}]}
    with pytest.raises(InputError, match=r"more rows than the spec's public bound max_rows \(100"):
        _release(df, spec)
    _release(df.head(100), spec)


def test_empty_and_undeclared_categories_count_in_the_declared_other_cell() -> None:
    df = pd.DataFrame({"dx": ["I10"] * 2000 + ["SECRET"] * 1000 + [None] * 1000})
    h = {"kind": "histogram", "column": "dx", "categories": ["I10", "E11"], "other": "other"}
    spec = {"privacy_unit": ROW, "queries": [{"name": "h", **h}]}
    out = _release(df, spec, epsilon=2.0).statistics["h"].value
    assert list(out["dx"]) == ["I10", "E11", "other"]
    assert all(abs(c - t) <= TAIL for c, t in zip(out["count"], [2000, 0, 2000], strict=True))


def test_rows_without_a_unit_id_are_dropped_not_refused() -> None:
    df = pd.DataFrame({"pid": ["a", "b", None, None] * 500})
    spec = {"privacy_unit": {"id": "pid", "max_rows": 1000},
            "queries": [{"name": "n", "kind": "count"}]}  # fmt: skip
    assert abs(_release(df, spec, epsilon=10.0).statistics["n"].value - 1000) <= 100 * TAIL


def test_blank_unit_ids_are_no_patient_and_are_dropped() -> None:
    # kept, blank ids formed one "patient" of many people: a newcomer's rows put first would
    # displace its first max_rows rows, changing twice the rows OpenDP was told of
    df = pd.DataFrame({"pid": ["a", "b", "", "  "] * 500})
    spec = {"privacy_unit": {"id": "pid", "max_rows": 1},
            "queries": [{"name": "n", "kind": "count"}]}  # fmt: skip
    assert abs(_release(df, spec, epsilon=20.0).statistics["n"].value - 2) <= 1  # a and b only


def test_the_privacy_unit_is_stated_in_the_spec_release_and_ledger(
    tmp_path: Path, key: Key
) -> None:
    df = pd.DataFrame({"pid": [f"p{i % 300}" for i in range(900)]})
    count = [{"name": "n", "kind": "count"}]
    with pytest.raises(ConfigError, match="declare privacy_unit"):
        parse_stats_spec({"queries": count})
    with pytest.raises(ConfigError, match="max_rows is 1"):
        parse_stats_spec({"privacy_unit": {"id": None, "max_rows": 3}, "queries": count})
    book = Ledger(tmp_path / "l.sqlite", key=key)
    book.init_dataset("d", 3.0)
    spec = parse_stats_spec({"privacy_unit": ROW, "queries": count, "budget": {"epsilon": 1}})
    rel = release_stats(df, spec, ledger=book, dataset="d")
    assert rel.to_dict()["unit"] == {"id": None, "max_rows": 1}
    assert "one row" in rel.to_dict()["privacy_unit"]
    assert book.history("d")[-1].unit == {"id": None, "max_rows": 1, "entity": "row"}
    per_patient = parse_stats_spec({**spec.model_dump(by_alias=True),
                                    "privacy_unit": {"id": "pid", "max_rows": 3}})  # fmt: skip
    with pytest.raises(ConfigError, match="budgets of different units do not add up"):
        release_stats(df, per_patient, ledger=book, dataset="d")
    assert book.balance("d").releases == 1


def test_the_statement_names_the_declared_entity_not_always_patient() -> None:
    df = pd.DataFrame({"hh": [f"h{i % 300}" for i in range(900)]})
    unit = {"id": "hh", "max_rows": 3, "entity": "household"}
    doc = _release(
        df, {"privacy_unit": unit, "queries": [{"name": "n", "kind": "count"}]}
    ).to_dict()
    assert doc["privacy_unit"].startswith("one household (")
    assert doc["adjacency"] == "add or remove one household with all of their (kept) rows"
    assert "patient" not in doc["privacy_unit"] + doc["adjacency"]


def test_dp_release_without_a_ledger_warns_that_nothing_records_the_spend(
    caplog: pytest.LogCaptureFixture,
) -> None:
    df = pd.DataFrame({"x": np.arange(100)})
    with caplog.at_level(logging.WARNING, logger="medprivacy.dp.release"):
        dp_release(df, {"privacy_unit": ROW, "queries": [{"name": "n", "kind": "count"}]}, 1.0)
    assert "nothing records this spend" in caplog.text


def test_a_count_alone_counts_every_row() -> None:
    # it reads no column; it used to count a table of zero columns, hence zero rows
    df = pd.DataFrame({"x": np.arange(1000)})
    spec = {"privacy_unit": ROW, "queries": [{"name": "n", "kind": "count"}]}
    assert abs(_release(df, spec).statistics["n"].value - 1000) <= TAIL
