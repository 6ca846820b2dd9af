"""The Python API: inputs untouched, transformations re-applied, errors and reports clean."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pandas as pd
import pytest

import medprivacy
from medprivacy.anonymize import Transformation, anonymize, apply
from medprivacy.errors import ConfigError, InputError, MedPrivacyError

from . import independent as ind
from .conftest import QIS, config, make_patients

Q = list(QIS)
K5 = [{"kind": "k_anonymity", "k": 5}]


def test_input_frame_is_not_modified(patients: pd.DataFrame) -> None:
    before = patients.copy()
    anonymize(patients, config(K5, 0.05))
    pd.testing.assert_frame_equal(patients, before)


def test_other_columns_and_row_order_are_kept(patients: pd.DataFrame) -> None:
    out, report = anonymize(patients, config(K5, 0.05))
    assert list(out.columns) == list(patients.columns)
    assert out["id"].is_monotonic_increasing
    kept = patients.set_index("id").loc[out["id"]]
    assert (kept["diagnosis"].to_numpy() == out["diagnosis"].to_numpy()).all()
    assert len(out) == report.released


def test_medprivacy_anonymize_is_callable(patients: pd.DataFrame) -> None:
    out, report = medprivacy.anonymize(patients, config(K5))
    assert ind.k_of(out, Q) >= 5 and report.satisfied


def test_saved_transformation_reapplies_to_new_data_and_rechecks(patients: pd.DataFrame) -> None:
    _, report = anonymize(patients, config(K5, 0.05))
    saved = json.loads(report.transformation.model_dump_json())
    fresh = make_patients(800, seed=99)  # another draw from the same population
    out, again = apply(fresh, saved)
    assert again.transformation.levels == report.transformation.levels
    assert again.satisfied and ind.k_of(out, Q) >= 5
    assert len(fresh) - len(out) == again.suppressed <= 0.05 * len(fresh)


def test_apply_refuses_data_on_which_the_levels_no_longer_hold(patients: pd.DataFrame) -> None:
    _, report = anonymize(patients, config(K5, 0.05))
    tiny = make_patients(30, seed=3)  # too few records for these levels to give classes of 5
    with pytest.raises(MedPrivacyError, match="does not satisfy the privacy models"):
        apply(tiny, report.transformation)
    _out, again = apply(tiny, report.transformation, strict=False)
    assert not again.satisfied
    assert again.suppressed > 0.05 * len(tiny)


def test_apply_rejects_levels_outside_the_hierarchy(patients: pd.DataFrame) -> None:
    _, report = anonymize(patients, config(K5, 0.05))
    levels = {**report.transformation.levels, "sex": 7}
    bad = Transformation(config=report.transformation.config, levels=levels)
    with pytest.raises(ConfigError, match="level 7 of 'sex'"):
        apply(patients, bad)


def test_mask_keeps_suppressed_rows_with_every_quasi_identifier_starred(
    patients: pd.DataFrame,
) -> None:
    out, report = anonymize(patients, config(K5, 0.05, suppressed_rows="mask"))
    assert len(out) == len(patients)
    starred = (out[Q] == "*").all(axis=1)
    assert int(starred.sum()) >= report.suppressed > 0
    assert ind.k_of(out, Q) >= 5  # the masked records are a class of the release too


MQ = ["zip", "sex"]
MASK_QIS: dict[str, Any] = {
    "zip": {"kind": "prefix", "keep": [3]},
    "sex": {"kind": "groups", "groups": []},
}
MASK_MODELS = [
    {"kind": "k_anonymity", "k": 5},
    {"kind": "l_diversity", "attribute": "dx", "l": 3},
]


def _mask_table(outliers: list[tuple[str, str, str]]) -> pd.DataFrame:
    rows = [("02139", "F", d) for d in "abc" * 4] + [("02140", "M", d) for d in "abc" * 4]
    return pd.DataFrame(rows + outliers, columns=["zip", "sex", "dx"])


def _recount_written(out: pd.DataFrame, report: Any) -> None:
    """Every figure of the report equals a groupby recount of the table as written."""
    sizes = ind.sizes(out, MQ)
    assert report.classes == len(sizes)
    assert report.released == len(out)
    assert report.risk["smallest_class"] == sizes.min()
    assert report.risk["highest_prosecutor"] == pytest.approx(1 / sizes.min())
    assert report.risk["average_prosecutor"] == pytest.approx(len(sizes) / len(out))
    assert report.diversity["dx"]["distinct_l"] == ind.distinct_l(out, MQ, "dx")
    assert report.diversity["dx"]["t_equal"] == pytest.approx(ind.t_equal(out, MQ, "dx", out["dx"]))


def test_masked_records_never_form_a_class_that_breaks_the_models() -> None:
    canary = "HIV-CANARY-4471"
    df = _mask_table([("99950", "F", canary)])
    cfg = {
        "quasi_identifiers": MASK_QIS,
        "models": MASK_MODELS,
        "suppression_limit": 0.1,
        "suppressed_rows": "mask",
    }
    out, report = anonymize(df, cfg)
    assert len(out) == len(df)
    assert ind.k_of(out, MQ) >= 5 and ind.distinct_l(out, MQ, "dx") >= 3
    canary_class = out[out["dx"] == canary][MQ].iloc[0]
    mates = out[(out[MQ] == canary_class).all(axis=1)]
    assert len(mates) >= 5 and mates["dx"].nunique() >= 3
    assert report.satisfied
    _recount_written(out, report)


def test_masked_class_counts_in_every_released_figure() -> None:
    df = _mask_table([(f"9995{i}", "FM"[i % 2], d) for i, d in enumerate("vwxyz")])
    cfg = {
        "quasi_identifiers": MASK_QIS,
        "models": MASK_MODELS,
        "suppression_limit": 0.2,
        "suppressed_rows": "mask",
    }
    out, report = anonymize(df, cfg)
    starred = (out[MQ] == "*").all(axis=1)
    assert int(starred.sum()) == report.suppressed == 5  # one masked class of 5, l = 5
    assert report.satisfied and ind.k_of(out, MQ) == 5
    _recount_written(out, report)


def test_report_names_no_data_value(patients: pd.DataFrame) -> None:
    df = patients.copy()
    df.loc[0, "zip"] = "77777"  # a unique ZIP: a canary that must be generalized away
    out, report = anonymize(df, config(K5, 0.05))
    text = report.model_dump_json()
    assert "77777" not in text and "7777" not in text
    assert "77777" not in set(out["zip"])


@pytest.mark.parametrize(
    ("cfg", "message"),
    [
        ({"quasi_identifiers": QIS, "models": []}, "models"),
        ({"quasi_identifiers": QIS, "models": [{"kind": "k_anonymity"}]}, "k"),
        ({"quasi_identifiers": QIS, "models": [{"kind": "x_anonymity", "k": 2}]}, "models"),
        ({"quasi_identifiers": {"age": {"kind": "intervals"}}, "models": K5}, "widths or bins"),
        (
            {
                "quasi_identifiers": QIS,
                "models": [
                    {
                        "kind": "t_closeness",
                        "attribute": "diagnosis",
                        "t": 0.2,
                        "distance": "hierarchical",
                    }
                ],
            },
            "needs sensitive",
        ),
        ({"quasi_identifiers": QIS, "models": K5, "method": "greedy"}, "method"),
    ],
)
def test_bad_config_is_a_one_line_config_error(
    patients: pd.DataFrame, cfg: dict, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as err:
        anonymize(patients, cfg)
    assert "\n" not in str(err.value)


def test_unknown_quasi_identifier_column_is_a_config_error(patients: pd.DataFrame) -> None:
    cfg = config(K5)
    cfg["quasi_identifiers"] = {**QIS, "postcode": {"kind": "prefix"}}
    with pytest.raises(ConfigError, match="'postcode' is not a column"):
        anonymize(patients, cfg)


def test_method_flash_is_accepted_as_the_optimal_search(patients: pd.DataFrame) -> None:
    _, a = anonymize(patients, config(K5, method="flash"))
    _, b = anonymize(patients, config(K5))
    assert a.method == b.method == "optimal" and a.loss == b.loss


def test_frontier_trades_loss_for_risk(patients: pd.DataFrame) -> None:
    _, report = anonymize(patients, config(K5, 0.05))
    front = report.frontier
    assert front and front[0]["loss"] == pytest.approx(report.loss)
    for a, b in itertools.pairwise(front):
        assert a["loss"] <= b["loss"] and a["highest_risk"] > b["highest_risk"]


def test_empty_table_is_an_input_error_not_an_internal_one() -> None:
    empty = pd.DataFrame({"zip": pd.Series([], dtype=str), "sex": pd.Series([], dtype=str)})
    cfg = {"quasi_identifiers": MASK_QIS, "models": K5}
    with pytest.raises(InputError, match=r"^the table has no rows \(it is empty\)$"):
        anonymize(empty, cfg)


def test_value_outside_the_hierarchy_in_the_population_table_says_so_and_names_its_row(
    tmp_path: Any,
) -> None:
    canary = "77777"
    df = _mask_table([])
    population = pd.concat([df] * 3, ignore_index=True)
    population.loc[30, "zip"] = canary
    population.to_csv(tmp_path / "pop.csv", index=False)
    rows = [["02139", "021**", "*"], ["02140", "021**", "*"]]
    cfg = {
        "quasi_identifiers": {"zip": {"kind": "rows", "rows": rows}, "sex": MASK_QIS["sex"]},
        "models": [{"kind": "journalist_risk", "highest": 0.2, "population_path": "pop.csv"}],
    }
    with pytest.raises(InputError) as err:
        anonymize(df, cfg, base_dir=tmp_path)
    message = str(err.value)
    assert message == "population table: column 'zip', row 31: value not in its hierarchy"
