"""The Python API: inputs untouched, transformations re-applied, errors and reports clean."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest

import medprivacy
from medprivacy.anonymize import Transformation, anonymize, apply
from medprivacy.errors import ConfigError, MedPrivacyError

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
    assert ind.k_of(out[~starred], Q) >= 5


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
