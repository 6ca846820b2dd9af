"""DP statistics: honest noise, the patient as privacy unit, refusals, and paying first.

Statistical checks use bounds a correct implementation misses with probability ≤ 1e-6: for
Laplace noise of scale b, P(|noise| > b·ln(1e6)) = 1e-6.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

import medprivacy
from medprivacy.attacks.claim import adjacency_from_text
from medprivacy.budget import BudgetExceeded, Ledger
from medprivacy.dp import dp_release, load_stats_spec, parse_stats_spec, release_stats
from medprivacy.errors import ConfigError, InputError, KeyConfigError
from medprivacy.keys import Key

TAIL = math.log(1e6)  # Laplace tail factor for a 1e-6 false-failure rate
ROW = {"id": None}  # each row is one person (stated, never assumed)


def _visits(n_patients: int = 400, heavy_rows: int = 0, seed: int = 0) -> pd.DataFrame:
    """One row per visit: each patient has 1-3 visits; patient p0 may have many more."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(n_patients):
        for _ in range(int(rng.integers(1, 4)) + (heavy_rows if p == 0 else 0)):
            rows.append(
                {
                    "patient_id": f"p{p}",
                    "los": int(rng.integers(0, 40)),
                    "dx": str(rng.choice(["I10", "E11", "J45"])),
                    "age": float(rng.uniform(0, 100)),
                }
            )
    return pd.DataFrame(rows)


def _scale(stat: medprivacy.dp.Statistic, part: str) -> float:
    return next(v for k, v in stat.scale.items() if k.startswith(part))


def test_issue_example_spec_works_as_a_plain_dict() -> None:
    df = _visits()
    spec = {
        "privacy_unit": {"id": "patient_id", "max_rows": 5},
        "queries": [
            {"name": "n", "kind": "count"},
            {"name": "los", "kind": "sum", "column": "los", "bounds": [0, 30]},
            {"name": "dx", "kind": "histogram", "column": "dx", "categories": ["I10", "E11"]},
        ],
    }
    out = medprivacy.dp_release(df, spec, epsilon=1.0)
    assert isinstance(out["n"], int) and isinstance(out["los"], float)
    assert list(out["dx"]["dx"]) == ["I10", "E11"]  # declared cells, declared order
    assert {"count", "lower", "upper"} <= set(out["dx"].columns)


def test_count_error_stays_within_the_stated_scale() -> None:
    df = _visits()
    spec = parse_stats_spec(
        {
            "privacy_unit": {"id": "patient_id", "max_rows": 3},
            "queries": [{"name": "n", "kind": "count"}],
        }
    )
    rel = release_stats(df, spec, parse_stats_spec({**spec.model_dump(), "budget": {
        "epsilon": 1.0}}).budget)  # fmt: skip
    stat = rel.statistics["n"]
    b = _scale(stat, "n")
    assert b == pytest.approx(3.0, rel=1e-6)  # sensitivity 3 rows per patient, ε = 1
    assert abs(stat.value - len(df)) <= b * TAIL
    lo, hi = stat.interval or (0, 0)
    assert lo < stat.value < hi


def test_rows_beyond_the_per_patient_bound_are_dropped() -> None:
    # p0 has 5,000 extra visits; with max_rows = 1 every patient counts once
    df = _visits(heavy_rows=5000)
    spec = {"privacy_unit": {"id": "patient_id", "max_rows": 1}, "queries": [
        {"name": "n", "kind": "count"}]}  # fmt: skip
    n = dp_release(df, spec, epsilon=1.0)["n"]
    assert abs(n - 400) <= 1.0 * TAIL  # scale 1 at ε = 1


def test_first_rows_in_order_by_are_kept() -> None:
    df = pd.DataFrame(
        {"pid": ["a"] * 3 + ["b"] * 3, "day": [3, 1, 2, 2, 3, 1], "x": [0, 100, 0, 0, 0, 100]}
    )
    spec = {
        "privacy_unit": {"id": "pid", "max_rows": 1, "order_by": "day"},
        "queries": [{"name": "s", "kind": "sum", "column": "x", "bounds": [0, 100]}],
    }
    # each patient's first day holds x = 100: the kept rows sum to 200 (noise scale 100 at ε = 1)
    assert abs(dp_release(df, spec, epsilon=1.0)["s"] - 200) <= 100 * TAIL


def test_noise_is_fresh_every_release() -> None:
    df = _visits()
    spec = {
        "privacy_unit": ROW,
        "queries": [{"name": "m", "kind": "mean", "column": "age", "bounds": [0, 100]}],
    }
    values = {dp_release(df, spec, epsilon=1.0)["m"] for _ in range(3)}
    assert len(values) == 3


def test_mean_interval_contains_the_release_and_stays_in_bounds() -> None:
    df = _visits(2000)
    spec = parse_stats_spec(
        {
            "privacy_unit": ROW,
            "queries": [{"name": "m", "kind": "mean", "column": "age", "bounds": [0, 100]}],
            "budget": {"epsilon": 1.0},
        }
    )
    stat = release_stats(df, spec).statistics["m"]
    lo, hi = stat.interval or (math.nan, math.nan)
    assert 0 <= lo <= stat.value <= hi <= 100
    assert abs(stat.value - df["age"].mean()) < 10


def test_numeric_bins_and_contingency_cells_follow_the_declaration() -> None:
    df = _visits()
    spec = {
        "privacy_unit": ROW,
        "queries": [
            {"name": "ages", "kind": "histogram", "column": "age", "bins": [0, 50, 100]},
            {
                "name": "dx_age",
                "kind": "contingency",
                "axes": [
                    {"column": "dx", "categories": ["E11", "I10"]},
                    {"column": "age", "bins": [0, 50, 100]},
                ],
            },
        ],
    }
    out = dp_release(df, spec, epsilon=2.0)
    assert list(out["ages"]["age"]) == ["[0, 50)", "[50, 100)"]
    cells = list(zip(out["dx_age"]["dx"], out["dx_age"]["age"], strict=True))
    assert cells == [("E11", "[0, 50)"), ("E11", "[50, 100)"), ("I10", "[0, 50)"),
                     ("I10", "[50, 100)")]  # fmt: skip
    assert (out["ages"]["count"] >= 0).all()


def test_group_by_without_keys_needs_delta_and_thresholds() -> None:
    df = _visits(2000)
    spec = {"privacy_unit": ROW, "queries": [{"name": "g", "kind": "group_by", "by": ["dx"]}]}
    with pytest.raises(ConfigError, match="needs a budget delta"):
        dp_release(df, spec, epsilon=1.0)
    out = dp_release(df, spec, epsilon=1.0, delta=1e-7)["g"]
    assert set(out["dx"]) <= {"I10", "E11", "J45"}


def test_integer_coded_categories_work() -> None:
    df = pd.DataFrame({"code": np.arange(3000) % 3})
    spec = {"privacy_unit": ROW, "queries": [{"name": "c", "kind": "histogram", "column": "code",
                         "categories": [0, 1, 2]}]}  # fmt: skip
    out = dp_release(df, spec, epsilon=1.0)["c"]
    assert list(out["code"]) == [0, 1, 2]
    assert all(abs(c - 1000) <= TAIL + math.log(3) for c in out["count"])  # 3 cells


def test_zero_noise_configuration_is_refused() -> None:
    # OpenDP with a public row count releases the count with (near-)zero noise: refused
    df = _visits()
    spec: dict[str, Any] = {"privacy_unit": ROW, "public_row_count": True}
    spec["queries"] = [{"name": "n", "kind": "count"}]
    with pytest.raises(ConfigError, match=r"'n': refused: .*zero Integer Laplace noise"):
        dp_release(df, spec, epsilon=1.0)


def test_public_row_count_states_replacement_and_noises_a_whole_patient_for_it() -> None:
    # a public row count made OpenDP protect a symmetric distance of max_rows among tables of
    # one length: half a patient. A sum with 3 rows per patient got scale 100 (one row's width)
    # while the statement said "add or remove one patient" (true scale 300): ε 3 stated as 1
    df = pd.DataFrame({"pid": [f"p{i // 3}" for i in range(3000)], "x": np.arange(3000) % 10.0})
    unit = {"id": "pid", "max_rows": 3}
    s = {"name": "s", "kind": "sum", "column": "x", "bounds": [0, 100], "missing": 0}
    spec = {"privacy_unit": unit, "public_row_count": True, "max_rows": 4000, "queries": [s]}
    rel = release_stats(df, parse_stats_spec({**spec, "budget": {"epsilon": 1.0}}))
    assert rel.statistics["s"].scale["s:Sum"] == pytest.approx(300.0, rel=1e-6)  # 3 rows x 100
    assert rel.adjacency.startswith("replace one patient's (kept) rows with another's")
    assert adjacency_from_text(rel.adjacency) == "substitution"  # the audit reads it so


def test_rho_budget_uses_gaussian_noise_and_records_epsilon(tmp_path: Path, key: Key) -> None:
    book = Ledger(tmp_path / "l.sqlite", key=key)
    book.init_dataset("d", 5.0, 1e-5)
    spec = parse_stats_spec(
        {
            "privacy_unit": ROW,
            "queries": [{"name": "n", "kind": "count"}],
            "budget": {"rho": 0.1, "delta": 1e-6},
        }
    )
    rel = release_stats(_visits(), spec, ledger=book, dataset="d")
    assert "Gaussian" in rel.statistics["n"].mechanism
    spent = book.history("d")[-1]
    assert spent.epsilon == pytest.approx(0.1 + 2 * math.sqrt(0.1 * math.log(1e6)))


def test_release_is_paid_before_values_and_refused_when_broke(
    tmp_path: Path, key: Key, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = Ledger(tmp_path / "l.sqlite", key=key)
    book.init_dataset("d", 1.5)
    spec = {"privacy_unit": ROW, "queries": [{"name": "n", "kind": "count"}]}
    monkeypatch.delenv("MEDPRIVACY_KEY", raising=False)
    with pytest.raises(KeyConfigError, match="no key"):  # a bare path: the key comes from env
        dp_release(_visits(), spec, epsilon=1.0, ledger=book.path, dataset="d")
    monkeypatch.setenv("MEDPRIVACY_KEY", "0123456789abcdef-test-key")
    dp_release(_visits(), spec, epsilon=1.0, ledger=book.path, dataset="d")
    entry = book.history("d")[-1]
    assert entry.kind == "spend" and entry.epsilon == 1.0
    assert entry.detail["noise_scales"]["n"]  # the plan was recorded with the payment
    with pytest.raises(BudgetExceeded):
        dp_release(_visits(), spec, epsilon=1.0, ledger=book.path, dataset="d")
    assert len(book.history("d")) == 2


def test_missing_bounds_are_a_validation_error_not_read_from_data() -> None:
    with pytest.raises(ConfigError, match="bounds"):
        dp_release(
            _visits(),
            {"privacy_unit": ROW, "queries": [{"name": "s", "kind": "sum", "column": "los"}]},
            1.0,
        )


def test_missing_column_is_named_and_cells_of_the_wrong_type_are_empty() -> None:
    df = _visits()
    with pytest.raises(InputError, match="'nope'"):
        dp_release(df, {"privacy_unit": ROW, "queries": [{"name": "s", "kind": "sum",
                   "column": "nope", "bounds": [0, 1]}]}, 1.0)  # fmt: skip
    # text in a numeric column: every cell is empty by the row-wise rule and dropped, no refusal
    out = dp_release(df, {"privacy_unit": ROW, "queries": [{"name": "s", "kind": "sum",
                     "column": "dx", "bounds": [0, 1]}]}, 1.0)  # fmt: skip
    assert abs(out["s"]) <= 1.0 * TAIL


def test_polars_input_and_nulls_dropped_by_default() -> None:
    df = pl.DataFrame({"x": [1.0, None, 3.0] * 1000})
    spec = {
        "privacy_unit": ROW,
        "queries": [{"name": "m", "kind": "mean", "column": "x", "bounds": [0, 4]}],
    }
    assert abs(dp_release(df, spec, epsilon=1.0)["m"] - 2.0) < 0.1


def test_yaml_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "privacy_unit: {id: null}\nqueries:\n  - name: s\n    kind: sum\n    column: x\n"
        "    bounds: [5, 1]\n"
    )
    with pytest.raises(ConfigError, match=r"s\.yaml:6: queries\.0\.sum\.bounds"):
        load_stats_spec(path)
